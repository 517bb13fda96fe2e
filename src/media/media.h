/* SPDX-License-Identifier: MIT */
#pragma once
/* Clips and animated images: what they are (a probe that decodes one
 * picture, not the whole file) and where their pictures land on a slide.
 *
 * Video items (MP4/H.264, WebM/VP8/VP9, what Debian's FFmpeg decodes) and
 * animated GIF, WebP and APNG in image items go through here; the player
 * plays them with media/clip.h. Without the `video` build feature every
 * call fails with a reason saying so. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/pixbuf.h"

/* Limits a clip must keep. The Pi 4's decoder stops at 1080p; a bigger
 * picture would be decoded in software far slower than it plays. */
#define MEDIA_MAX_SIDE       1920
#define MEDIA_MAX_PIXELS     (1920 * 1088)
#define MEDIA_MAX_FILE_BYTES (1024ll * 1024 * 1024) /* a 1 h 1080p clip at 2 Mbit/s */
#define MEDIA_MAX_SECONDS    3600.0

struct media_rect {
    int x, y, w, h;
};

struct media_info {
    char container[32]; /* "mp4", "webm", "gif", "apng", "webp" */
    char codec[32];     /* "h264", "vp9", "gif", ... */
    int w, h;
    double duration; /* seconds; 0 when the file does not say */
    double fps;      /* 0 when unknown (variable-rate GIF) */
    int64_t bytes;   /* the file's size */
    bool has_audio;
    bool animated; /* more than one picture (images) */
};

/* Probes path: container, codec, size, duration; that it is not cut off
 * (the last packets are where the file says they are) and that its first
 * picture decodes. Reads the start and the end of the file, never all of
 * it. false with a plain-words reason in why (the file is not named). */
bool media_probe(const char *path, struct media_info *out, char *why, size_t why_len);

/* Whether an image file moves: a GIF with two pictures or more, a WebP
 * with the animation flag, a PNG with an animation chunk (APNG). Cheap:
 * reads the header (and a GIF's first two pictures). */
bool media_is_animated(const char *path);

/* Where a w x h picture lands in an area aw x ah: contain (whole picture,
 * bands at the sides) or cover (fills the area, centred, edges cut). src
 * is the part of the picture shown, dst where it goes in the area. */
void media_fit(int w, int h, int aw, int ah, bool cover, struct media_rect *src,
               struct media_rect *dst);

/* The first picture of path fitted into aw x ah (as media_fit places
 * it): a dst.w x dst.h ARGB pixbuf, owned by the caller, and its place in
 * the area. For `render` and for the still a slide fades in on. */
bool media_poster(const char *path, int aw, int ah, bool cover, uint32_t bg, struct pixbuf **out,
                  struct media_rect *dst, char *why, size_t why_len);
