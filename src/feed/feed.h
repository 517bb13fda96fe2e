/* SPDX-License-Identifier: MIT */
#pragma once
/* One fetch cycle of a signed remote feed into an offline cache
 * (docs/FEED.md). The parts: fetch.c (fetch and verify), sequence.c,
 * stage.c (stage assets), install.c, cache.c (layout, lock, generations);
 * worker.h runs cycles in the background for the player.
 *
 * A cycle never changes what DIR/playlist.json plays unless the new
 * playlist was verified (minisign, sequence, every asset's sha256, cached
 * or not) and its generation is complete on disk; then one atomic rename
 * commits it. Every writer holds DIR/.lock. */

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FEED_ASSET_MAX_BYTES (32u * 1024u * 1024u)    /* one image */
#define FEED_TOTAL_MAX_BYTES (256ull * 1024u * 1024u) /* all new images of one cycle */
/* Clips: a 512 MiB clip is 35 min of 1080p at 2 Mbit/s; a feed's clips
 * together fit a 16 GB SD card's cache twice over (two generations). */
#define FEED_CLIP_MAX_BYTES        (512ull * 1024u * 1024u)  /* one clip */
#define FEED_CLIPS_TOTAL_MAX_BYTES (2048ull * 1024u * 1024u) /* all clips of one feed */
#define FEED_MAX_ASSETS            256 /* distinct images and clips per feed */
#define FEED_MAX_SRC_BYTES         512
#define FEED_BACKOFF_BASE_S        30   /* first retry after a failure, before jitter */
#define FEED_BACKOFF_MAX_S         1800 /* retries never wait longer than this */
#define FEED_DEFAULT_INTERVAL      300

enum feed_result {
    FEED_FAILED,    /* refused or failed; the installed playlist is untouched */
    FEED_UNCHANGED, /* nothing new (304, or the same signed feed) */
    FEED_INSTALLED, /* a new verified playlist is DIR/playlist.json */
};

struct feed_config {
    const char *url;          /* http:// or https://, no query or fragment */
    const char *cache_dir;    /* created if missing */
    const char *pubkey_path;  /* minisign .pub; NULL only allowed for https */
    double timeout_s;         /* the whole cycle, all requests together */
    double interval_s;        /* after a good cycle, next attempt in this many s */
    double low_speed_time_s;  /* abort below 100 B/s for this long; 0 = derived */
    const atomic_int *cancel; /* may be NULL */
};

struct feed_outcome {
    enum feed_result result;
    int64_t sequence;     /* installed sequence after the cycle */
    int64_t next_attempt; /* unix seconds the next cycle is due (backoff or interval) */
    int64_t at;           /* unix seconds the cycle ended */
};

/* Runs one cycle with cfg; reason gets one line on failure. */
enum feed_result feed_fetch(const struct feed_config *cfg, struct feed_outcome *out, char *reason,
                            size_t reason_n);

/* The same with default interval and derived low-speed limit. */
enum feed_result feed_fetch_once(const char *url, const char *cache_dir, const char *pubkey_path,
                                 double timeout_s, char *reason, size_t reason_n);

/* Delay before retry number failures (1 = first failure), jittered in
 * [d/2, d] with d = min(FEED_BACKOFF_MAX_S, FEED_BACKOFF_BASE_S * 2^(failures-1)).
 * jitter01 is a number in [0, 1]. */
double feed_backoff_delay(int failures, double jitter01);

/* Seconds from now to a stored next_attempt, clamped to [min_s, interval]:
 * a clock that jumped (a board that once believed it was 2038, or 1970)
 * never postpones a fetch beyond one interval. */
double feed_delay_until(int64_t next_attempt, int64_t now, double min_s, double interval_s);
