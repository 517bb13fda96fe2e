#pragma once
/* Proof of play: one JSON line per item shown, for the office's report of
 * what the board showed.
 *
 *   {"ts":"2026-01-12T08:30:00+07:00","id":"nq57","type":"text","seconds":12.0}
 *
 * ts is when the item came on screen, in local time with its UTC offset
 * (ISO 8601): what the office reads is its own clock, and the offset keeps
 * it unambiguous. seconds is the time it was actually on screen (0.1 s).
 *
 * Each line is one write(2) to a file opened O_APPEND, then fsync: a power
 * cut loses at most the line being written and can leave half a line,
 * which the next open terminates with a newline and `bangtin report`
 * skips. When a line would take the file past max_bytes, the file is
 * rotated: LOG.(keep-1) -> LOG.keep, ..., LOG -> LOG.1 (LOG.keep dropped). */

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define PROOFLOG_MAX_LINE 1024

struct prooflog;

/* Opens (creating it and its directory if needed) the log at path. NULL
 * with errno set when it cannot be created. max_bytes >= 1024, keep >= 1. */
struct prooflog *prooflog_open(const char *path, size_t max_bytes, int keep);

/* Appends one line and fsyncs it; call at the end of each slide (and for
 * the slide on screen at a clean exit). shown is when the item came on
 * screen; id and type are the playlist's. False with errno on I/O failure
 * (the player goes on; the caller logs it once). */
bool prooflog_append(struct prooflog *log, time_t shown, const char *id, const char *type,
                     double seconds);

void prooflog_close(struct prooflog *log);

/* Formats t as local ISO 8601 with offset, "2026-01-12T08:30:00+07:00". */
bool prooflog_format_ts(time_t t, char *buf, size_t n);
