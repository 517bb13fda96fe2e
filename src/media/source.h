/* SPDX-License-Identifier: MIT */
#pragma once
/* Inside media/: one picture after another from a clip or an animated
 * image, with its time, whatever decodes it (FFmpeg, or libwebpdemux for
 * animated WebP). Not for other folders: it exposes FFmpeg's types. */

#include <libavutil/frame.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "media/media.h"

struct media_src;
struct SwsContext;

/* Opens path and checks it against media.h's limits. hwdec (may be
 * NULL) is tried first and dropped for software when it cannot decode the
 * first picture. quit (may be NULL) interrupts a blocked read. */
struct media_src *media_src_open(const char *path, const char *hwdec, atomic_bool *quit, char *why,
                                 size_t why_len);
void media_src_close(struct media_src *s);
const struct media_info *media_src_info(const struct media_src *s);
const char *media_src_decoder(const struct media_src *s);

/* 1: the next picture is in out (unref it when done), with its start and
 * length in ms from the clip's start; 0: the end; -1: broken (why). */
int media_src_next(struct media_src *s, AVFrame *out, int64_t *pts_ms, int64_t *dur_ms, char *why,
                   size_t why_len);
/* Sound decoded beside the pictures: frames of interleaved float samples
 * (channels of them each) starting at pts_ms of the clip, handed to fn on
 * the thread that calls media_src_next. */
typedef void media_sound_fn(void *ctx, const float *pcm, int frames, int channels, int rate,
                            int64_t pts_ms);
/* Decodes the clip's sound from now on; false when it has none the board
 * decodes (the pictures play all the same). */
bool media_src_sound(struct media_src *s, media_sound_fn *fn, void *ctx);
/* Far behind the clock: skip pictures no other picture depends on. */
void media_src_hurry(struct media_src *s, bool hurry);
/* Probe only: the file's end is where its header says (not cut off).
 * Reads the last seconds' packets without decoding them. */
bool media_src_check_end(struct media_src *s, char *why, size_t why_len);

/* Converts the part src of f to ARGB into out (its whole size); what is
 * transparent (GIF, APNG, WebP) shows bg, an opaque 0xffRRGGBB. *sws is a
 * cache the caller frees with sws_freeContext. */
bool media_convert(const AVFrame *f, const struct media_rect *src, struct pixbuf *out, uint32_t bg,
                   struct SwsContext **sws);
