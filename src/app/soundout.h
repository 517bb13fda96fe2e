/* SPDX-License-Identifier: MIT */
#pragma once
/* The board's sound output: plays one clip's sound at a time, in step
 * with its pictures. The SDL audio callback pulls the clip's samples for
 * the clip time they play at (the frame loop's clock, SDL_GetTicks64), so
 * sound and pictures follow one clock and a stall skips rather than
 * drifts. Opened on the first clip with sound; SDL converts the clip's
 * rate and channels to the output's. */

#include <stdbool.h>
#include <stdint.h>

struct media_clip;
struct soundout;

/* output: "default" (the system's) or a device name SDL lists; nothing
 * opens until a clip plays. */
struct soundout *soundout_new(const char *output);
void soundout_free(struct soundout *so);
const char *soundout_name(const struct soundout *so);

/* Plays clip's sound (borrowed until soundout_stop) with its picture 0 at
 * start_ms; false while the clip has no sound decoded yet (try again), or
 * when the output cannot open (logged once; the clip plays muted). */
bool soundout_play(struct soundout *so, struct media_clip *clip, uint64_t start_ms);
/* Silence; the callback no longer touches the clip when this returns. */
void soundout_stop(struct soundout *so);
