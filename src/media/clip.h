/* SPDX-License-Identifier: MIT */
#pragma once
/* A clip playing: a decoder on its own thread fills a small bounded
 * queue of pictures, and the frame loop takes the one due at its clock.
 * Nothing here waits on the decoder: a picture that is not ready yet is
 * simply not shown yet, and a decoder that stalls or breaks ends the
 * clip (media_clip_state) instead of freezing the board.
 *
 * Pacing: every picture carries its time from the clip's own timestamps,
 * in ms from the clip's start (a loop adds whole periods), and the caller
 * asks with its display clock; so nothing accumulates, however long the
 * clip plays. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "media/media.h"

#define MEDIA_QUEUE      4    /* pictures decoded ahead: 4 x 3 MB at 1080p (YUV references) */
#define MEDIA_QUEUE_ARGB 3    /* fitted ARGB pictures: 3 x 8 MB on a 1080p board */
#define MEDIA_STALL_MS   5000 /* no picture for this long while one is due: stalled */

enum media_pixfmt {
    MEDIA_ARGB, /* plane[0]: 0xAARRGGBB words, already fitted: w x h = dst */
    MEDIA_I420, /* Y, U, V planes at the clip's own size */
    MEDIA_NV12, /* Y, interleaved UV (the Pi's hardware decoder) */
};

struct media_frame {
    enum media_pixfmt fmt;
    int64_t due_ms; /* from the clip's start */
    uint64_t seq;   /* grows by one with every picture handed out */
    int w, h;       /* of the planes */
    const uint8_t *plane[3];
    int pitch[3];          /* bytes */
    struct media_rect src; /* the part of the planes shown (cover crops) */
    struct media_rect dst; /* where it goes in the slide area */
};

struct media_clip_opts {
    int area_w, area_h; /* the slide area the clip is fitted into */
    bool cover;
    bool loop; /* start again at the end, for an item longer than its clip */
    /* Hand YUV planes at the clip's size where the clip has them (a
     * renderer scales and converts them); otherwise every picture is
     * converted to fitted ARGB on the decoder thread (surface path). */
    bool yuv;
    /* A decoder to try before FFmpeg's own for the clip's codec, e.g.
     * "h264_v4l2m2m" on a Pi 4; NULL: software only. */
    const char *hwdec;
    uint32_t background; /* 0xffRRGGBB: what transparent pixels show */
    /* Decode the clip's sound too, for media_clip_sound_read. */
    bool sound;
};

enum media_state {
    MEDIA_STARTING, /* opening, no picture yet */
    MEDIA_PLAYING,
    MEDIA_ENDED,  /* the last picture has had its time */
    MEDIA_FAILED, /* cannot open, broken mid-way or stalled: see media_clip_error */
};

struct media_clip;

/* Starts decoding path on a thread; returns at once (NULL only when out
 * of memory or no thread can start). Opening errors show as MEDIA_FAILED. */
struct media_clip *media_clip_open(const char *path, const struct media_clip_opts *opts);
/* Stops the thread and frees every picture (any frame pointer dies). */
void media_clip_close(struct media_clip *c);

/* The picture due at t_ms of the clip's clock (the latest whose due_ms <=
 * t_ms; pictures passed over are dropped), or NULL when none is due yet.
 * Valid until the next call or media_clip_close. */
const struct media_frame *media_clip_frame(struct media_clip *c, int64_t t_ms);
/* When the next picture after the current one is due (INT64_MAX: none
 * queued yet, or the end); for the loop's sleep. */
int64_t media_clip_next_due(struct media_clip *c);
enum media_state media_clip_state(struct media_clip *c, int64_t t_ms);
/* The reason for MEDIA_FAILED, in plain words. */
void media_clip_error(struct media_clip *c, char *buf, size_t len);
/* The clip's sound: its rate and channels once the first of it has
 * decoded; false before, without sound, or when not asked for. */
bool media_clip_sound_format(struct media_clip *c, int *rate, int *channels);
/* frames of interleaved float sound that play at t_ms of the clip's
 * clock (silence where there is none yet, or it has ended). Any thread
 * (an audio callback); the clip must stay open meanwhile. */
void media_clip_sound_read(struct media_clip *c, float *out, int frames, int64_t t_ms);
/* The clip's own length in seconds once known (0 before, or unknown). */
double media_clip_duration(struct media_clip *c);
/* The first picture as fitted ARGB (the still a fade shows), NULL until
 * decoded. Owned by the clip. */
const struct pixbuf *media_clip_poster(struct media_clip *c, struct media_rect *dst);
/* A copy of the picture on screen (the last media_clip_frame) as fitted
 * ARGB, caller-owned, for a fade out of the clip; NULL when none. */
struct pixbuf *media_clip_snapshot(struct media_clip *c, struct media_rect *dst);
/* The poster is no longer needed (the clip's pictures are on screen):
 * frees it; media_clip_poster returns NULL from now on. */
void media_clip_drop_poster(struct media_clip *c);
/* Which decoder plays it ("h264", "h264_v4l2m2m", "webp", ...), "" before. */
void media_clip_decoder(struct media_clip *c, char *buf, size_t len);
