/* SPDX-License-Identifier: MIT */
#pragma once
/* Text blocks: a paragraph shaped, broken between syllables, placed by
 * baseline and fitted to a box at the largest size that fits. Drawing goes
 * into a pixbuf; SDL never appears here. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/font.h"
#include "text/layout.h"
#include "util/pixbuf.h"

struct text_style {
    enum font_weight weight;
    enum layout_align align;
    int min_px, max_px; /* em size bounds for fitting */
    bool balance;       /* even line lengths (slogans) */
    /* FONT_RENDER_MONO: 1-bit glyphs (no antialiasing) on whole pixels, for
     * monochrome LED boards; a playlist/config "text_style": "mono" can set
     * it. Zero (FONT_RENDER_SMOOTH) is the default. */
    enum font_render render;
    /* Do not switch to a bitmap strike on small boards (tests, or a board
     * whose owner prefers outlines). */
    bool no_strikes;
    /* Only this strike (15, 18 or 20 px) is a candidate; 0: any. */
    int strike_px;
    /* Only the bitmap strikes, scaled by whole pixels (2x, 3x ...) for
     * sizes above them: one typeface for a small board's whole slide. */
    bool strikes_only;
    /* Written lines ('\n') are kept: a line wraps only when no size in
     * [min_px, max_px] fits it unwrapped. */
    bool keep_lines;
};

/* Small sizes: when the fitted outline's line height (ascender to
 * descender) is at most this, a bitmap strike that fits is used instead;
 * outlines lose tone marks below it (DESIGN.md "Small boards"). */
#define TEXT_STRIKE_MAX_LINE_PX 24

struct text_block;

/* Lays utf8 ('\n' forces a break) out at px, lines no wider than
 * max_width. Any input is accepted: it is cleaned to NFC first (utf8.h),
 * invalid bytes dropped and counted. NULL on allocation failure. */
struct text_block *text_block_new(struct font_set *fs, const char *utf8,
                                  const struct text_style *style, int px, int max_width);
/* True when text_block_new(fs, utf8, style, px, 1 << 20) (paragraphs on
 * one line each) would certainly be wider than w: its advances alone
 * are, and ink is never narrower than them. Shapes only, measures no
 * ink: a search for the size that fits a width skips sizes with it. */
bool text_line_wider_than(struct font_set *fs, const char *utf8, const struct text_style *style,
                          int px, int w);

/* The largest px in [style->min_px, style->max_px] at which the text's ink
 * fits box_w x box_h; at min_px if none does (then text_block_fits() is
 * false and the caller scrolls it or reports [too-long]). Bitmap strikes
 * are candidates too: when the fitted outline's line height is at most
 * TEXT_STRIKE_MAX_LINE_PX (or no outline size fits), the tallest strike
 * that fits wins. */
struct text_block *text_fit(struct font_set *fs, const char *utf8, const struct text_style *style,
                            int box_w, int box_h);

void text_block_free(struct text_block *tb);

/* The em size; for a bitmap strike, its pixel height. */
int text_block_px(const struct text_block *tb);
/* True when the block is set in a bitmap strike (misc-fixed). */
bool text_block_is_bitmap(const struct text_block *tb);
/* Bytes of invalid UTF-8 (and dropped control characters) in the input. */
size_t text_block_invalid(const struct text_block *tb);
int text_block_width(const struct text_block *tb); /* ink box */
/* The ink's columns [*x0, *x1) relative to the x the block is drawn at
 * (lines are aligned within the layout width). */
void text_block_ink_x(const struct text_block *tb, int *x0, int *x1);
/* The first line's baseline, in rows from the top of the ink box. */
int text_block_baseline(const struct text_block *tb);
/* Whole-pixel scale of a bitmap strike (1 for outlines). */
int text_block_scale(const struct text_block *tb);
int text_block_height(const struct text_block *tb); /* ink box */
size_t text_block_lines(const struct text_block *tb);
/* Line i's ink rows: [*top, *bottom) from the top of the ink box. */
bool text_block_line_ink(const struct text_block *tb, size_t i, int *top, int *bottom);
/* Whether the last fit found a size at which it fits its box. */
bool text_block_fits(const struct text_block *tb);
/* Code points no bundled font draws (skipped, never drawn as boxes). */
size_t text_block_missing(const struct text_block *tb, const uint32_t **cps);

/* Code points in utf8 that no bundled outline font draws, each once, in
 * order of first appearance: what `check` reports as [missing-glyph].
 * Writes up to max into out; returns how many there are in all. */
size_t text_missing_chars(struct font_set *fs, const char *utf8, uint32_t *out, size_t max);

/* Draws the block with its ink box's top-left at (x, y); the block's lines
 * are aligned within the max_width it was laid out for. */
void text_block_draw(const struct text_block *tb, struct font_set *fs, struct pixbuf *pb, int x,
                     int y, uint32_t argb);
