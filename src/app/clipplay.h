/* SPDX-License-Identifier: MIT */
#pragma once
/* The clip on the board: wires src/media's decoder to the display's
 * external layer for the player. A video item, or an image item whose
 * file moves (animated GIF, WebP, APNG), is a clip.
 *
 * The next clip is prepared (its decoder started) before the current
 * slide ends, so its first picture is ready when it comes on; a fade into
 * a clip shows that picture as the slide's still and the clip starts when
 * the fade is over; a fade out of a clip starts from the picture on
 * screen. Pictures are pushed at the clip's own timestamps against the
 * frame loop's clock. */

#include <stdbool.h>
#include <stdint.h>

#include "display/display.h"
#include "playlist/playlist.h"
#include "util/pixbuf.h"

struct clipplay;

struct clipplay *clipplay_new(struct display *d);
void clipplay_free(struct clipplay *cp);
/* Where clips with "audio": true play their sound (config "audio.output");
 * NULL: every clip muted. Clips opened from now on follow it. */
void clipplay_set_sound(struct clipplay *cp, const char *output);

/* Whether item plays as a clip (a video, or an animated image; the answer
 * for an image is kept per file). */
bool clipplay_is_clip(struct clipplay *cp, const struct pl_item *item);

/* Starts item's decoder ahead of its slide (nothing when it is no clip). */
void clipplay_prepare(struct clipplay *cp, const struct pl_item *item, int area_w, int area_h);

/* Item's slide comes on at now_ms; its pictures start at start_ms (after a
 * fade). Takes the prepared clip when it is item's, else starts one. A
 * clip still playing is stopped first. Returns whether item is a clip. */
bool clipplay_begin(struct clipplay *cp, const struct pl_item *item, int area_w, int area_h,
                    uint64_t now_ms, uint64_t start_ms);
/* Stops the clip on the board (the layer goes, the slide shows again). */
void clipplay_end(struct clipplay *cp);
bool clipplay_active(const struct clipplay *cp);
/* Ends the clip and drops the prepared one: a new playlist comes in. */
void clipplay_reset(struct clipplay *cp);
/* The display lost its layer's picture (a redraw): push it again. */
void clipplay_refresh(struct clipplay *cp);

/* The clip's first picture and where it goes, for the slide's still;
 * NULL while not decoded. Owned by the clip. */
const struct pixbuf *clipplay_poster(struct clipplay *cp, int *x, int *y);
/* The picture on screen as a caller-owned pixbuf (a fade out starts from
 * it); NULL when the layer shows none. */
struct pixbuf *clipplay_snapshot(struct clipplay *cp, int *x, int *y);

enum clipplay_state {
    CLIPPLAY_NONE,    /* no clip */
    CLIPPLAY_PLAYING, /* on, or waiting for its start */
    CLIPPLAY_ENDED,   /* its last picture has had its time */
    CLIPPLAY_FAILED,  /* broken or stalled: logged; the slide should end */
};

/* Once a loop turn: pushes the picture due at now_ms to the display.
 * *pushed tells whether a frame must be presented. */
enum clipplay_state clipplay_tick(struct clipplay *cp, uint64_t now_ms, bool *pushed);
/* When the next picture is due (ms, the loop's clock); UINT64_MAX: none. */
uint64_t clipplay_next_due(struct clipplay *cp);
/* The clip's own length once known, 0 before. */
double clipplay_duration(struct clipplay *cp);
/* When the clip's pictures start (ms), 0 without a clip. */
uint64_t clipplay_start_ms(const struct clipplay *cp);
