/* SPDX-License-Identifier: MIT */
#pragma once
/* A plain 32-bit ARGB pixel buffer: what slides are drawn into before SDL
 * ever sees them, so drawing is testable and deterministic. */

#include <stdbool.h>
#include <stdint.h>

struct pixbuf {
    int w, h;
    int stride;   /* in pixels */
    uint32_t *px; /* owned, 0xAARRGGBB */
};

struct pixbuf *pixbuf_new(int w, int h);
void pixbuf_free(struct pixbuf *pb);

static inline uint32_t pixbuf_rgb(uint8_t r, uint8_t g, uint8_t b)
{
    return 0xff000000u | (uint32_t)r << 16 | (uint32_t)g << 8 | b;
}

/* Grows pb to h rows (h >= pb->h), keeping its pixels; the new rows are
 * black. A board-sized block is mmap'd: it grows by remapping, without
 * a second copy of the picture. */
bool pixbuf_extend(struct pixbuf *pb, int h);

void pixbuf_fill(struct pixbuf *pb, int x, int y, int w, int h, uint32_t argb);

/* Blends colour through an 8-bit coverage mask (a glyph) at (x, y),
 * clipped to the buffer. */
void pixbuf_blend_mask(struct pixbuf *pb, int x, int y, const uint8_t *mask, int mw, int mh,
                       int mpitch, uint32_t argb);

/* Copies src into dst at (x, y), clipped; alpha ignored. */
void pixbuf_copy(struct pixbuf *dst, int x, int y, const struct pixbuf *src);
