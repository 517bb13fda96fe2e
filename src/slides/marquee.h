/* SPDX-License-Identifier: MIT */
#pragma once
/* A line of text rasterised once into a strip and scrolled by whole
 * pixels: the ticker, and slides whose text cannot fit. */

#include <stdint.h>

#include "text/font.h"
#include "text/text.h"
#include "util/pixbuf.h"

/* The strip's bytes (one a pixel) are capped; a text longer than fits
 * under the cap at height h is set smaller, never cut or left undrawn. */
#define MARQUEE_MAX_BYTES (48u * 1024u * 1024u)

struct marquee;

/* Rasterises utf8 on one line ('\n' becomes a gap) at the largest size
 * whose ink fits height h (style's weight and typeface; its sizes are
 * bounded by h), on background bg. Any length: the strip is drawn in
 * tiles, so no pixel-buffer side limit applies. speed in px per second. */
struct marquee *marquee_new(struct font_set *fs, const char *utf8, const struct text_style *style,
                            int h, uint32_t fg, uint32_t bg, double speed);
void marquee_free(struct marquee *m);

/* The strip's size: its width is one pass of the text and its gap. */
void marquee_size(const struct marquee *m, int *w, int *h);
/* The em size the text was set at. */
int marquee_px(const struct marquee *m);
/* The strip's left edge (<= 0) at t_ms after start; copies of the strip
 * follow each other, so the band wraps seamlessly (the strip ends in a gap). */
int marquee_offset(const struct marquee *m, uint64_t t_ms);
/* Draws the view of width pb->w at offset into pb at row y. */
void marquee_draw(const struct marquee *m, struct pixbuf *pb, int y, int offset);
