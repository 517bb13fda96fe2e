/* SPDX-License-Identifier: MIT */
#pragma once
/* What a slide type implements, and what it is given: the registry in
 * slide.c holds one struct slide_type per type (text, image, ...), each
 * defined in its own slide_NAME.c. A type's file includes this and
 * slides/draw.h, never slide.h: calls go one way, entry point → type →
 * shared helpers. */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "playlist/playlist.h"
#include "text/font.h"
#include "util/diag.h"
#include "util/pixbuf.h"

struct marquee;
struct slide_images;

struct slide_env {
    struct font_set *fonts;      /* borrowed */
    const struct playlist *pl;   /* borrowed; NULL for the neutral slide */
    time_t now;                  /* the moment drawn (countdowns, clocks, paging) */
    bool clock_valid;            /* false: the system clock is not yet set */
    int w, h;                    /* the slide area (ticker excluded) */
    int safe_x, safe_y;          /* px kept clear at each side (TV overscan); 0: none */
    struct slide_images *images; /* borrowed, may be NULL: small boards' pictures kept */
    int text_max_px;             /* the playlist's size scale: slogans no larger; 0: none */
    /* A clip's picture (video items, animated images), already fitted by
     * the media layer, and where it goes in the slide area; borrowed, may
     * be NULL (not decoded yet: the slide shows its background). */
    const struct pixbuf *frame;
    int frame_x, frame_y;
};

/* One element a slide drew (or meant to draw): what tests and `check`
 * reason about without guessing from pixels. */
#define SLIDE_FIELD_MAX 40
struct slide_elem {
    char field[SLIDE_FIELD_MAX]; /* the JSON field it shows: "title", "rows[1].label", ... */
    char text[128];              /* what it says (cut at 127 bytes); "" for a bar */
    int x, y, w, h;              /* ink box within the slide */
    uint32_t fg, bg;             /* ink colour; the colour under it */
    int px;                      /* em size, or the strike's height */
    int lines;                   /* lines it is set on (0 for a bar) */
    bool bitmap;                 /* set in a bitmap strike */
};

#define SLIDE_ELEMS_MAX 64

struct slide_frame {
    struct pixbuf *pb;       /* owned, env->w x env->h */
    struct marquee *marquee; /* owned, may be NULL: text too long to fit scrolls */
    int marquee_y;           /* top of the marquee strip within pb */
    time_t redraw_at;        /* redraw the slide at this time (clock, next page); 0 = never */
    struct slide_elem elems[SLIDE_ELEMS_MAX]; /* the text drawn, in drawing order */
    int n_elems;
    bool neutral; /* the item failed: the neutral slide was drawn instead */
};

/* Where `check` puts what a slide cannot show at a board's size. */
struct slide_check {
    struct diag_list *diags;   /* borrowed */
    const struct playlist *pl; /* borrowed */
    size_t index;              /* the item's place in pl->items */
    int board_w, board_h;      /* the whole board (for messages) */
};

/* code: "dropped", "too-small", "too-long"; field relative to the item
 * ("title", "rows[2].label"). A NULL check ignores it: drawing and
 * checking run the same layout code. */
void slide_check_warn(const struct slide_check *c, const char *field, const char *code,
                      const char *fmt, ...) __attribute__((format(printf, 4, 5)));

struct slide_type {
    enum pl_item_type type;
    const char *name;
    /* Fills out->pb (already allocated, cleared to the item's background). */
    bool (*draw)(const struct pl_item *item, const struct slide_env *env, struct slide_frame *out);
    /* Reports to c what the item cannot show legibly in env's area (NULL:
     * everything shows); true when nothing was reported. */
    bool (*fits)(const struct pl_item *item, const struct slide_env *env,
                 const struct slide_check *c);
    /* May be NULL. The size the item's main text takes alone in env,
     * 0 when it has none that counts: the scene caps every slide's at a
     * little above the playlist's smallest, so neighbours do not jump. */
    int (*natural_px)(const struct pl_item *item, const struct slide_env *env);
};
