/* SPDX-License-Identifier: MIT */
#pragma once
/* A whole picture of the board: the current slide above, the playlist's
 * ticker along the bottom. Used by `render` (one still per item) and by
 * the player (which moves the ticker between slides' redraws). */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "playlist/playlist.h"
#include "slides/marquee.h"
#include "slides/slide.h"
#include "text/font.h"

struct scene;

/* pl may be NULL (nothing valid loaded: the neutral slide, no ticker). */
struct scene *scene_new(struct font_set *fs, const struct playlist *pl, int w, int h);
void scene_free(struct scene *sc);

/* Height of the ticker band on a board h pixels high, when the playlist
 * has a ticker. Pure; scene_new and `check` share it. */
int scene_ticker_band(int h);
/* The ticker's text colour and its band's: derived from the playlist's
 * defaults so that the text reads at least as well as on a slide. */
uint32_t scene_ticker_fg(const struct playlist *pl);
uint32_t scene_ticker_bg(const struct playlist *pl);
/* display.safe_area: percent of each side kept clear of text for TVs
 * that overscan (slides' margins, and the ticker band raised by it). */
void scene_set_safe_area(struct scene *sc, int pct);
/* The top row of the ticker band. */
int scene_ticker_y(const struct scene *sc);
/* Height of the ticker band (0 without a ticker). */
int scene_ticker_height(const struct scene *sc);
const struct marquee *scene_ticker(const struct scene *sc);
/* The environment for drawing slides in the area above the ticker. */
struct slide_env scene_slide_env(const struct scene *sc, time_t now, bool clock_valid);

/* Whether the ticker runs under item (NULL: the neutral slide): the
 * playlist has one and the item does not hide it (pl_item.ticker). */
bool scene_shows_ticker(const struct scene *sc, const struct pl_item *item);
/* The environment for drawing item: above the ticker when it shows, the
 * whole board when the item hides it (an emergency notice). */
struct slide_env scene_item_env(const struct scene *sc, const struct pl_item *item, time_t now,
                                bool clock_valid);
/* A clip's picture for the slides drawn from now on (slide_env.frame):
 * borrowed until set again; NULL clears it. */
void scene_set_frame(struct scene *sc, const struct pixbuf *frame, int x, int y);

/* Composes a still: slide (item, or neutral when NULL) with the ticker at
 * ticker_offset. The pixbuf is owned by the caller. */
struct pixbuf *scene_still(struct scene *sc, const struct pl_item *item, time_t now,
                           bool clock_valid, int ticker_offset);
