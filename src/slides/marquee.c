/* SPDX-License-Identifier: MIT */
#include "slides/marquee.h"

#include <stdlib.h>
#include <string.h>

#include "util/log.h"

/* Columns rendered at a time while the strip is built. */
#define TILE_W 4096

/* The strip is text in one colour on another, anti-aliased: at most a
 * few hundred distinct colours. It is kept as 8-bit indices into them,
 * a quarter of ARGB's bytes, built tile by tile, so its width has no
 * limit but the byte cap. */
struct marquee {
    int w, h, px;
    uint8_t *idx; /* owned, w * h indices into palette */
    uint32_t palette[256];
    int n_palette;
    double speed; /* px/s */
};

enum { SLOTS = 1024 }; /* open addressing, at most a quarter full */
struct palette_map {
    uint32_t keys[SLOTS];
    int16_t vals[SLOTS];
};

static int channel_dist(uint32_t a, uint32_t b)
{
    int d = 0;
    for (int s = 0; s <= 16; s += 8) {
        int x = (int)((a >> s) & 0xff) - (int)((b >> s) & 0xff);
        d += x * x;
    }
    return d;
}

static uint8_t index_of(struct marquee *m, struct palette_map *map, uint32_t c)
{
    size_t k = (c * 2654435761u) % SLOTS;
    while (map->vals[k] >= 0 && map->keys[k] != c)
        k = (k + 1) % SLOTS;
    if (map->vals[k] >= 0)
        return (uint8_t)map->vals[k];
    if (m->n_palette == 256) {
        /* More colours than one text on one background makes (a colour
         * glyph from a fallback font): the nearest one. */
        int best = 0;
        for (int i = 1; i < 256; i++)
            if (channel_dist(m->palette[i], c) < channel_dist(m->palette[best], c))
                best = i;
        return (uint8_t)best;
    }
    map->keys[k] = c;
    map->vals[k] = (int16_t)m->n_palette;
    m->palette[m->n_palette] = c;
    return (uint8_t)m->n_palette++;
}

struct marquee *marquee_new(struct font_set *fs, const char *utf8, const struct text_style *style,
                            int h, uint32_t fg, uint32_t bg, double speed)
{
    struct marquee *m = calloc(1, sizeof(*m));
    char *line = strdup(utf8);
    struct text_block *tb = NULL;
    struct pixbuf *tile = NULL;
    struct palette_map *map = malloc(sizeof(*map));
    if (!m || !line || !map || h <= 0)
        goto fail;
    for (char *p = line; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t')
            *p = ' ';
    /* One line: a width no text reaches, then the largest size whose ink
     * (stacked marks included) fits the strip's height, and whose strip
     * fits the byte cap. */
    struct text_style st = *style;
    st.align = LAYOUT_LEFT;
    st.keep_lines = false;
    st.balance = false;
    st.max_px = h;
    if (st.min_px <= 0 || st.min_px > h)
        st.min_px = h < 6 ? h : 6;
    int w = 0;
    for (;;) {
        tb = text_fit(fs, line, &st, 1 << 28, h);
        if (!tb)
            goto fail;
        w = text_block_width(tb) + h * 2; /* the gap before the next pass */
        if ((size_t)w * (size_t)h <= MARQUEE_MAX_BYTES || text_block_px(tb) <= st.min_px)
            break;
        log_warn("a scrolling text of %d px is set smaller to keep its strip under %u MB", w,
                 MARQUEE_MAX_BYTES >> 20);
        st.max_px = text_block_px(tb) * 3 / 4;
        text_block_free(tb);
        tb = NULL;
    }
    if ((size_t)w * (size_t)h > MARQUEE_MAX_BYTES)
        goto fail;
    m->w = w;
    m->h = h;
    m->px = text_block_px(tb);
    m->idx = malloc((size_t)w * (size_t)h);
    tile = pixbuf_new(w < TILE_W ? w : TILE_W, h);
    if (!m->idx || !tile)
        goto fail;
    memset(map->vals, -1, sizeof(map->vals));
    int top = (h - text_block_height(tb)) / 2;
    for (int x0 = 0; x0 < w; x0 += tile->w) {
        int tw = w - x0 < tile->w ? w - x0 : tile->w;
        pixbuf_fill(tile, 0, 0, tile->w, h, bg);
        text_block_draw(tb, fs, tile, -x0, top, fg);
        for (int y = 0; y < h; y++) {
            const uint32_t *row = tile->px + (size_t)y * (size_t)tile->stride;
            uint8_t *dst = m->idx + (size_t)y * (size_t)w + (size_t)x0;
            for (int x = 0; x < tw; x++)
                dst[x] = index_of(m, map, row[x] | 0xff000000u);
        }
    }
    m->speed = speed > 0 ? speed : 80;
    pixbuf_free(tile);
    text_block_free(tb);
    free(line);
    free(map);
    return m;
fail:
    pixbuf_free(tile);
    text_block_free(tb);
    free(line);
    free(map);
    marquee_free(m);
    return NULL;
}

void marquee_free(struct marquee *m)
{
    if (!m)
        return;
    free(m->idx);
    free(m);
}

void marquee_size(const struct marquee *m, int *w, int *h)
{
    *w = m->w;
    *h = m->h;
}

int marquee_px(const struct marquee *m)
{
    return m->px;
}

int marquee_offset(const struct marquee *m, uint64_t t_ms)
{
    /* Whole pixels only: sub-pixel scrolling smears on LED boards. */
    uint64_t travelled = (uint64_t)(m->speed * (double)t_ms / 1000.0);
    return -(int)(travelled % (uint64_t)m->w);
}

void marquee_draw(const struct marquee *m, struct pixbuf *pb, int y, int offset)
{
    /* Fill the view with consecutive copies so the wrap is seamless. */
    int w = m->w;
    int x = offset;
    while (x > 0)
        x -= w;
    for (; x < pb->w; x += w) {
        /* The copy's columns within the view, rows within pb. */
        int c0 = x < 0 ? -x : 0, c1 = x + w > pb->w ? pb->w - x : w;
        for (int r = 0; r < m->h; r++) {
            if (y + r < 0 || y + r >= pb->h)
                continue;
            const uint8_t *src = m->idx + (size_t)r * (size_t)w;
            uint32_t *dst = pb->px + (size_t)(y + r) * (size_t)pb->stride;
            for (int c = c0; c < c1; c++)
                dst[x + c] = m->palette[src[c]];
        }
    }
}
