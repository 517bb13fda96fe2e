/* SPDX-License-Identifier: MIT */
#include "util/pixbuf.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* 16384 x 16384 is larger than any board; refuse more. */
#define PIXBUF_MAX_SIDE 16384

struct pixbuf *pixbuf_new(int w, int h)
{
    if (w <= 0 || h <= 0 || w > PIXBUF_MAX_SIDE || h > PIXBUF_MAX_SIDE)
        return NULL;
    struct pixbuf *pb = malloc(sizeof(*pb));
    if (!pb)
        return NULL;
    pb->px = calloc((size_t)w * (size_t)h, sizeof(uint32_t));
    if (!pb->px) {
        free(pb);
        return NULL;
    }
    pb->w = w;
    pb->h = h;
    pb->stride = w;
    return pb;
}

bool pixbuf_extend(struct pixbuf *pb, int h)
{
    if (h < pb->h || h > PIXBUF_MAX_SIDE || pb->stride != pb->w)
        return false;
    uint32_t *px = realloc(pb->px, (size_t)pb->w * (size_t)h * sizeof(uint32_t));
    if (!px)
        return false;
    memset(px + (size_t)pb->w * (size_t)pb->h, 0, (size_t)pb->w * (size_t)(h - pb->h) * 4);
    pb->px = px;
    pb->h = h;
    return true;
}

void pixbuf_free(struct pixbuf *pb)
{
    if (!pb)
        return;
    free(pb->px);
    free(pb);
}

static bool clip(const struct pixbuf *pb, int *x, int *y, int *w, int *h, int *sx, int *sy)
{
    *sx = *sy = 0;
    if (*x < 0) {
        *sx = -*x;
        *w += *x;
        *x = 0;
    }
    if (*y < 0) {
        *sy = -*y;
        *h += *y;
        *y = 0;
    }
    if (*x + *w > pb->w)
        *w = pb->w - *x;
    if (*y + *h > pb->h)
        *h = pb->h - *y;
    return *w > 0 && *h > 0;
}

void pixbuf_fill(struct pixbuf *pb, int x, int y, int w, int h, uint32_t argb)
{
    int sx, sy;
    if (!clip(pb, &x, &y, &w, &h, &sx, &sy))
        return;
    for (int j = 0; j < h; j++) {
        uint32_t *row = pb->px + (size_t)(y + j) * pb->stride + x;
        for (int i = 0; i < w; i++)
            row[i] = argb;
    }
}

static inline uint32_t blend(uint32_t dst, uint32_t src, unsigned a)
{
    /* Exact integer src-over on opaque pixels: deterministic everywhere. */
    unsigned ia = 255 - a;
    unsigned r = (((src >> 16) & 0xff) * a + ((dst >> 16) & 0xff) * ia + 127) / 255;
    unsigned g = (((src >> 8) & 0xff) * a + ((dst >> 8) & 0xff) * ia + 127) / 255;
    unsigned b = ((src & 0xff) * a + (dst & 0xff) * ia + 127) / 255;
    return 0xff000000u | r << 16 | g << 8 | b;
}

void pixbuf_blend_mask(struct pixbuf *pb, int x, int y, const uint8_t *mask, int mw, int mh,
                       int mpitch, uint32_t argb)
{
    int sx, sy, w = mw, h = mh;
    if (!clip(pb, &x, &y, &w, &h, &sx, &sy))
        return;
    unsigned alpha = argb >> 24;
    for (int j = 0; j < h; j++) {
        const uint8_t *m = mask + (size_t)(sy + j) * mpitch + sx;
        uint32_t *row = pb->px + (size_t)(y + j) * pb->stride + x;
        for (int i = 0; i < w; i++) {
            unsigned a = m[i] * alpha / 255;
            if (a == 255)
                row[i] = argb | 0xff000000u;
            else if (a)
                row[i] = blend(row[i], argb, a);
        }
    }
}

void pixbuf_copy(struct pixbuf *dst, int x, int y, const struct pixbuf *src)
{
    int sx, sy, w = src->w, h = src->h;
    if (!clip(dst, &x, &y, &w, &h, &sx, &sy))
        return;
    for (int j = 0; j < h; j++)
        memcpy(dst->px + (size_t)(y + j) * dst->stride + x,
               src->px + (size_t)(sy + j) * src->stride + sx, (size_t)w * sizeof(uint32_t));
}
