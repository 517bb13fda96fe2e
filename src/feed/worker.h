/* SPDX-License-Identifier: MIT */
#pragma once
/* Background fetching for `run`: one thread runs feed cycles on the
 * configured interval (and backoff); the player polls, never waiting on
 * the network, for the generation now installed — by this worker or by
 * another process (`bangtin fetch --once` by hand) — and holds it pinned
 * while it may be on screen, so no writer deletes its images. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "feed/feed.h"

struct feed_worker;

/* What the last cycle did, for the status file. */
struct feed_report {
    bool done;               /* a cycle has ended since start */
    enum feed_result result; /* of the last cycle */
    char message[256];       /* its reason ("" when good) */
    int64_t sequence;        /* installed after it */
    int64_t at;              /* unix seconds it ended (as the clock said then) */
    double mono_at;          /* CLOCK_MONOTONIC seconds it ended: ages survive clock jumps */
    int64_t last_ok;         /* unix seconds of the last good cycle, 0 if none */
    int64_t next_attempt;    /* unix seconds the next cycle is due (clamped to the interval) */
};

/* Copies cfg (strings included). NULL when the thread cannot start. */
struct feed_worker *feed_worker_start(const struct feed_config *cfg);

/* Cheap (a stat while nothing changed). True once per newly installed
 * generation, whoever installed it: path gets the playlist to load (inside
 * the generation), *sequence its sequence. It stays pinned until
 * feed_worker_showing says another playlist is on screen. */
bool feed_worker_poll(struct feed_worker *w, char *path, size_t path_n, int64_t *sequence);

/* The player swapped in the playlist loaded from path (any source; NULL
 * for none). Older generations are unpinned and collected soon. */
void feed_worker_showing(struct feed_worker *w, const char *path);

/* The last failure's reason ("" if the last cycle was good). */
void feed_worker_last_error(struct feed_worker *w, char *buf, size_t n);
void feed_worker_report(struct feed_worker *w, struct feed_report *r);
/* The last failure's reason and when the next cycle is due (unix seconds;
 * 0 before the first cycle ends): what the player logs about a refusal. */
void feed_worker_last_outcome(struct feed_worker *w, char *buf, size_t n, int64_t *next_attempt);

/* Cancels any transfer, joins the thread, unpins, frees. NULL is fine. */
void feed_worker_stop(struct feed_worker *w);
