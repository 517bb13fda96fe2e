/* SPDX-License-Identifier: MIT */
#pragma once
/* Helpers every slide type shares: geometry (margins, safe area, the
 * compact layouts of small boards), the theme every colour derives from,
 * and putting one fitted text element on a slide while recording it. */

#include <stdbool.h>
#include <stdint.h>

#include "playlist/playlist.h"
#include "slides/type.h"
#include "text/font.h"
#include "text/layout.h"
#include "text/text.h"

/* WCAG 2's minimum for body text, kept by every text a slide draws. */
#define SLIDE_MIN_CONTRAST 4.5

/* The colours of one slide, all derived from the item's background,
 * color and optional accent. */
struct slide_theme {
    uint32_t bg;        /* the background */
    uint32_t fg;        /* headline text: the staff's colour */
    uint32_t accent;    /* figures and bar fills: accent when it reads on bg, else fg */
    uint32_t secondary; /* labels and date lines: fg moved towards bg, still >= 4.5:1 */
    uint32_t track;     /* the unfilled part of a bar (not text) */
};

struct slide_theme slide_theme_make(struct pl_color bg, struct pl_color fg,
                                    const struct pl_color *accent);
struct slide_theme slide_theme_of(const struct pl_item *item);
/* WCAG 2 contrast ratio of two colours, 1 to 21. */
double slide_contrast(uint32_t a, uint32_t b);
/* The ticker band's colour under text fg on a board of background bg:
 * bg moved away from fg, so the band reads at least as well as bg. */
uint32_t slide_band_color(uint32_t bg, uint32_t fg);
/* Colour a, moved pct percent of the way towards b. */
uint32_t slide_mix(uint32_t a, uint32_t b, int pct);

static inline uint32_t slide_argb(struct pl_color c)
{
    return pixbuf_rgb(c.r, c.g, c.b);
}

/* The margin kept clear of ink on each side: 4 % of the short side (at
 * least 2 px), or the safe area (env->safe_x, safe_y) when larger. */
int slide_margin_x(const struct slide_env *env);
int slide_margin_y(const struct slide_env *env);
/* The smallest em size a text slide's body is set at before it scrolls. */
int slide_text_min_px(const struct slide_env *env);

/* Small LED boards (a slide area under 120 px high, e.g. 192x64 or
 * 192x96 with a ticker) get simpler layouts: fewer, bigger words. */
#define SLIDE_COMPACT_H 120
bool slide_compact(const struct slide_env *env);
/* Boards whose slide area is under this many pixels high set every text
 * in the bitmap strikes (scaled by whole pixels for big words), the rest
 * in outlines: one typeface a slide, and tone marks that stay apart. */
#define SLIDE_BITMAP_H 160
bool slide_bitmap(const struct slide_env *env);

/* The smallest size a secondary element (a label, a date) is drawn at. */
int slide_small_px(const struct slide_env *env);

/* The text style a slide's elements use: the slide's one typeface. */
struct text_style slide_style(const struct slide_env *env, enum font_weight weight,
                              enum layout_align align, int min_px, int max_px);

/* Fits s into the box at the largest size in [min_px, box h] (the slide's
 * typeface), centres it vertically, aligns it horizontally, draws it in
 * fg over bg and records it in out->elems as field (out may have a NULL
 * pb: only measured). Returns the ink height drawn, 0 when nothing was;
 * *fits (may be NULL) is cleared when s does not fit the box at min_px. */
struct slide_put {
    const char *field;
    const char *text;
    enum font_weight weight;
    enum layout_align align;
    int min_px; /* 0: slide_small_px() */
    int max_px; /* 0: the box's height */
    uint32_t fg, bg;
};
int slide_put(const struct slide_env *env, struct slide_frame *out, const struct slide_put *p,
              int x, int y, int w, int h, bool *fits);

/* Draws an already fitted block with its ink box's top-left at (x, y)
 * within a layout width w, and records it. */
void slide_put_block(const struct slide_env *env, struct slide_frame *out, const char *field,
                     const char *text, const struct text_block *tb, int x, int y, uint32_t fg,
                     uint32_t bg);

/* Records a drawn element (text NULL for a bar). */
void slide_record(struct slide_frame *out, const char *field, const char *text, int x, int y, int w,
                  int h, uint32_t fg, uint32_t bg, int px, bool bitmap);

/* A column of centred lines (a clock, a countdown, the neutral slide):
 * each row gets at least the height of its smallest legible size and a
 * share of what is left. A row offers alternatives, longest first ("Thứ
 * ba, ngày 01 tháng 12 năm 2026", "Thứ ba, 01/12/2026"): the first that
 * fits the width at the smallest size is used. Rows that cannot fit are
 * dropped, optional ones first from the bottom, and reported to c as
 * [dropped]; nothing is drawn over another row. */
#define SLIDE_ROW_ALTS 4
struct slide_row {
    const char *field;                /* what check names: "date line" */
    const char *text[SLIDE_ROW_ALTS]; /* alternatives, NULL-terminated */
    enum font_weight weight;
    uint32_t fg;
    int share;     /* share of the spare height */
    int min_px;    /* 0: slide_small_px() */
    bool optional; /* dropped first when the board is short */
};
/* Returns false when nothing could be laid out (memory); *all (may be
 * NULL) is cleared when a row was dropped. */
bool slide_stack(const struct slide_env *env, struct slide_frame *out, const struct slide_check *c,
                 const struct slide_row *rows, int n, int x, int y, int w, int h, uint32_t bg,
                 bool *all);
