#pragma once
/* A feed's sequence: read exactly from the JSON text (never through a
 * double, which loses integers above 2^53), compared with the installed
 * one to refuse replays.
 *
 * The accepted range is 1 .. 2^63-1; the playlist layer may hold feeds to
 * a smaller bound (it says so when it does). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEQUENCE_MAX INT64_MAX

/* Parses a JSON number token (len bytes) as a whole number in
 * 0 .. SEQUENCE_MAX. The reason says what is wrong: negative, fractional,
 * exponent, too large, not a number. */
bool sequence_parse(const char *tok, size_t len, int64_t *out, char *reason, size_t reason_n);

/* Finds the member key of the top-level object of a JSON text and gives
 * its value's text (*val, *val_len point into text). False when the text
 * is not an object or has no such member. A text cJSON accepts is walked
 * the same way: strings with escapes, nesting, the first duplicate. */
bool sequence_member(const char *text, size_t len, const char *key, const char **val,
                     size_t *val_len);

/* The top-level "sequence" of a feed, 1 .. SEQUENCE_MAX, exactly. */
bool sequence_from_json(const char *text, size_t len, int64_t *out, char *reason, size_t reason_n);

enum sequence_verdict {
    SEQUENCE_NEWER,  /* install it */
    SEQUENCE_SAME,   /* the installed number: same bytes are "unchanged" */
    SEQUENCE_REPLAY, /* older than installed: refused */
};

enum sequence_verdict sequence_judge(int64_t feed, int64_t installed);
