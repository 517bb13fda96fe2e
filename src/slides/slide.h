#pragma once
/* Slides: one playlist item drawn at one moment into a pixbuf.
 *
 * Every slide type is a file (slide_text.c, slide_image.c, ...) behind the
 * one entry point slide_draw(). A slide is static between its redraw
 * times; what moves (a marquee) is returned separately so the display
 * moves a prepared strip instead of redrawing the slide. */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "playlist/playlist.h"
#include "text/font.h"
#include "text/layout.h"
#include "util/pixbuf.h"

struct marquee;
struct slide_images;

struct slide_env {
    struct font_set *fonts;      /* borrowed */
    const struct playlist *pl;   /* borrowed; NULL for the neutral slide */
    time_t now;                  /* the moment drawn (countdowns, clocks) */
    bool clock_valid;            /* false: the system clock is not yet set */
    int w, h;                    /* the slide area (ticker excluded) */
    struct slide_images *images; /* borrowed, may be NULL: small boards' pictures kept */
};

struct slide_frame {
    struct pixbuf *pb;       /* owned, env->w x env->h */
    struct marquee *marquee; /* owned, may be NULL: text too long to fit scrolls */
    int marquee_y;           /* top of the marquee strip within pb */
    time_t redraw_at;        /* redraw the slide at this time (clock); 0 = never */
};

/* Draws item (or the built-in neutral slide when item is NULL). Never
 * fails to produce a picture: on any internal error the neutral slide is
 * drawn instead, so the board is never black. */
bool slide_draw(const struct pl_item *item, const struct slide_env *env, struct slide_frame *out);
void slide_frame_finish(struct slide_frame *f);

/* Per-type drawers (slide_*.c). They fill out->pb, already allocated and
 * cleared to the item's background. */
bool slide_text_draw(const struct pl_item *item, const struct slide_env *env,
                     struct slide_frame *out);
bool slide_image_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out);
bool slide_stats_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out);
bool slide_countdown_draw(const struct pl_item *item, const struct slide_env *env,
                          struct slide_frame *out);
bool slide_clock_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out);
bool slide_neutral_draw(const struct slide_env *env, struct slide_frame *out);

/* Small boards' images are decoded and scaled once and kept here (owned
 * by the scene that draws a playlist; slide_image.c). */
struct slide_images *slide_images_new(void);
void slide_images_clear(struct slide_images *im);
void slide_images_free(struct slide_images *im);

/* Shared geometry: the margin kept clear of ink at every board size. */
int slide_margin(int w, int h);
/* The smallest em size a slide's text is set at before it scrolls. */
int slide_text_min_px(int w, int h);
/* Whether a text slide's text (and title, may be NULL) fits a slide area
 * of w x h at a legible size, with exactly the geometry slide_text_draw
 * uses; false means it scrolls (`check` says [too-long]). */
bool slide_text_fits(struct font_set *fs, const char *text, const char *title, int w, int h);
/* Whether a stats slide's title, labels and figures all fit w x h. */
bool slide_stats_fits(struct font_set *fs, const struct pl_item *item, int w, int h);

/* Small LED boards (a slide area under 120 px high, e.g. 192x64 or
 * 192x96 with a ticker) get simpler layouts: fewer, bigger words. */
#define SLIDE_COMPACT_H 120
bool slide_compact(const struct slide_env *env);

/* Fits s into the box at the largest size (never below min_px), centres it
 * vertically, aligns it horizontally and draws it. Returns the ink height
 * drawn (0 when nothing was). */
int slide_put(const struct slide_env *env, struct pixbuf *pb, const char *s,
              enum font_weight weight, enum layout_align align, int x, int y, int w, int h,
              uint32_t argb);

/* Colour a, moved pct percent of the way towards b. */
uint32_t slide_mix(uint32_t a, uint32_t b, int pct);

static inline uint32_t slide_argb(struct pl_color c)
{
    return pixbuf_rgb(c.r, c.g, c.b);
}
