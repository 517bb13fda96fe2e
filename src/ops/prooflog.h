/* SPDX-License-Identifier: MIT */
#pragma once
/* Proof of play: one JSON line per item shown, for the office's report of
 * what the board showed.
 *
 *   {"ts":"2026-01-12T08:30:00+07:00","id":"nq57","type":"text","seconds":12.0,
 *    "words":"ĐẨY MẠNH CHUYỂN ĐỔI SỐ VÌ NHÂN DÂN PHỤC VỤ","seq":42,
 *    "office":"UBND phường Minh Xuân"}
 *
 * What was shown, not only its id: "words" is the item's title or first
 * words (an image's file name), so the report names a slide by what the
 * street read, and an id whose text changed between feed versions counts
 * as two contents; "seq" is the playlist's sequence, or, for a local
 * playlist without one, "digest" is the first 16 hex digits of its
 * SHA-256; "priority" is written when above 0 (emergency notices);
 * "office" is the playlist's name. All are optional: logs written before
 * they existed still read, as lines with ts, id, type and seconds only.
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
#include <stdint.h>
#include <time.h>

#define PROOFLOG_MAX_LINE  1024
#define PROOFLOG_MAX_WORDS 120 /* bytes of UTF-8, "…" included */

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

struct playlist;
struct pl_item;

/* The same for an item of pl, with its words, the playlist's version
 * (sequence, or a digest of pl->file, computed once per file change) and
 * office name. */
bool prooflog_append_item(struct prooflog *log, time_t shown, const struct playlist *pl,
                          const struct pl_item *item, double seconds);

/* What one line records; NULL strings and zero numbers are left out. */
struct prooflog_entry {
    time_t shown;
    const char *id, *type; /* required */
    double seconds;
    const char *words;  /* title or first words, cut to PROOFLOG_MAX_WORDS */
    int64_t sequence;   /* the playlist's sequence, 0: none */
    const char *digest; /* hex digest of a local playlist, or NULL */
    int priority;
    const char *office; /* the playlist's name, cut to PROOFLOG_MAX_WORDS */
};
bool prooflog_write(struct prooflog *log, const struct prooflog_entry *e);

/* The words that name text: whitespace runs become one space, cut at a
 * space to at most PROOFLOG_MAX_WORDS bytes with "…" when cut. Returns buf. */
char *prooflog_words(const char *text, char *buf, size_t n);

void prooflog_close(struct prooflog *log);

/* Formats t as local ISO 8601 with offset, "2026-01-12T08:30:00+07:00". */
bool prooflog_format_ts(time_t t, char *buf, size_t n);
