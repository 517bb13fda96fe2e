/* SPDX-License-Identifier: MIT */
#pragma once
/* Health of the board, for the IT officer: a status file (JSON, rewritten
 * atomically) and, optionally, a heartbeat POST of the same JSON to a
 * monitoring URL. The board opens no listening port; it only reports out.
 *
 * A background thread does all the I/O (fsync, HTTP), so the setters below
 * only take a mutex and copy a few bytes: the frame loop may call them.
 * The file is rewritten every write_interval seconds, and soon (within a
 * second) after a fetch result or a playlist change. */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct status;

struct status_options {
    const char *path;          /* status file, or NULL: no file */
    const char *heartbeat_url; /* http(s) URL, or NULL: no heartbeat */
    int heartbeat_interval;    /* seconds; <= 0 means 300 */
    int write_interval;        /* seconds between file rewrites; <= 0 means 30 */
};

/* Starts the reporting thread. NULL when nothing is to be reported (no
 * path and no URL) or on failure; every function below accepts NULL. */
struct status *status_start(const struct status_options *opt);
/* Writes the file one last time, stops the thread, frees. */
void status_stop(struct status *st);

void status_frame(struct status *st); /* once per frame presented; lock-free */
/* The item now on screen (ids and types are copied). */
void status_set_item(struct status *st, const char *id, const char *type);
/* The playlist in use: source "file", "feed", "demo" or "builtin". */
void status_set_playlist(struct status *st, const char *source, const char *name, int64_t sequence);
/* The outcome of a fetch (call from the feed thread); message is a short
 * reason ("not modified", "bad signature"), may be NULL. */
void status_set_fetch(struct status *st, bool ok, const char *message, int64_t sequence);
/* The same for a fetch that ended at wall time at, CLOCK_MONOTONIC
 * mono_at seconds: the file says when it really happened and how long
 * ago by the monotonic clock, whatever the wall clock did since. */
void status_set_fetch_at(struct status *st, bool ok, const char *message, int64_t sequence,
                         time_t at, double mono_at);
/* Whether the schedule has the board on, and its brightness in percent. */
void status_set_display(struct status *st, bool on, int brightness);

/* The status JSON as it would be written now (malloc'd; caller frees). */
char *status_json(struct status *st);
/* Writes the file now, from the caller's thread (tests, clean exit). */
bool status_write_now(struct status *st);
