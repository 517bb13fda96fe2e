/* SPDX-License-Identifier: MIT */
#pragma once
/* A feed's sequence: read exactly from the JSON text through the json
 * front end (never through a double, which loses integers above 2^53),
 * and compared with the installed one to refuse replays.
 *
 * The accepted range is 1 .. 2^63-1; the playlist layer checks the same. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SEQUENCE_MAX INT64_MAX

struct json_node;

/* Plain digits (len bytes) as a whole number in 0 .. SEQUENCE_MAX: the
 * sequence part of a generation's name. */
bool sequence_parse(const char *digits, size_t len, int64_t *out);

/* The "sequence" member of a parsed feed's root object, 1 .. SEQUENCE_MAX.
 * The reason says what is wrong: missing, text in quotes, negative, zero,
 * fractional, too large. */
bool sequence_read(const struct json_node *root, int64_t *out, char *reason, size_t reason_n);

/* Parses a JSON text (a cached playlist or feed) and reads its sequence. */
bool sequence_from_text(const char *text, size_t len, int64_t *out);

enum sequence_verdict {
    SEQUENCE_NEWER,  /* install it */
    SEQUENCE_SAME,   /* the installed number: same bytes are "unchanged" */
    SEQUENCE_REPLAY, /* older than installed: refused */
};

enum sequence_verdict sequence_judge(int64_t feed, int64_t installed);
