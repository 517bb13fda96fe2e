/* SPDX-License-Identifier: MIT */
#pragma once
/* Slides: one playlist item drawn at one moment into a pixbuf.
 *
 * The entry point. Each slide type is one entry of the registry in
 * slide.c (slides/type.h says what an entry provides) and one file,
 * slide_NAME.c. A slide is static between its redraw times; what moves
 * (a marquee) is returned separately so the display moves a prepared
 * strip instead of redrawing the slide. */

#include <stdbool.h>

#include "playlist/playlist.h"
#include "slides/type.h"

/* Draws item (or the built-in neutral slide when item is NULL). Never
 * fails to produce a picture: on any internal error the neutral slide is
 * drawn instead, so the board is never black. */
bool slide_draw(const struct pl_item *item, const struct slide_env *env, struct slide_frame *out);
void slide_frame_finish(struct slide_frame *f);

/* The registry entry for a type, or NULL. */
const struct slide_type *slide_type_find(enum pl_item_type type);

/* What `check --size` says about item (c->pl->items[c->index]) in the
 * slide area of env: [dropped], [too-small], [too-long] warnings. True
 * when everything shows. */
bool slide_fits(const struct pl_item *item, const struct slide_env *env,
                const struct slide_check *c);

/* The playlist's size scale for env (slide_env.text_max_px): a third
 * above the smallest size its slogans take alone; 0 when it has none. */
int slide_scale_px(const struct playlist *pl, const struct slide_env *env);

/* Small boards' images are decoded and scaled once and kept here (owned
 * by the scene that draws a playlist; slide_image.c). */
struct slide_images *slide_images_new(void);
void slide_images_clear(struct slide_images *im);
void slide_images_free(struct slide_images *im);
