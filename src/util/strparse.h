/* SPDX-License-Identifier: MIT */
#pragma once
/* One small parser for the short fields people type: numbers, dates,
 * times of day, sizes (the idea of curl's strparse).
 *
 * A struct strp is a cursor over text. Each function reads one thing at
 * the cursor and moves past it, or leaves the cursor where it was and
 * returns false. A whole field is "read the parts, then strp_done()".
 * No locale, no sign or space accepted where the grammar has none, no
 * overflow: the same rules for every file and option.
 *
 * Grammars:
 *   time of day  H:MM or HH:MM, 00:00 .. 23:59; 24:00 only where a range
 *                ends (allow_24), meaning the end of the day
 *   date         YYYY-MM-DD (digits only; calendar/ checks the day exists)
 *   size         WxH (x or X), whole pixels */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct strp {
    const char *p;   /* next byte */
    const char *end; /* one past the last byte */
};

void strp_init(struct strp *s, const char *str); /* NUL-terminated; NULL reads as "" */
void strp_initn(struct strp *s, const char *str, size_t n);
bool strp_done(const struct strp *s);
size_t strp_left(const struct strp *s);

/* The byte c. */
bool strp_char(struct strp *s, char c);
/* Spaces and tabs (any number, none included); always true. */
bool strp_blanks(struct strp *s);
/* Between min and max ASCII digits (as many as there are, up to max). */
bool strp_digits(struct strp *s, int min, int max, int64_t *out);
/* A decimal whole number, '-' allowed when lo < 0, in lo..hi. */
bool strp_int(struct strp *s, int64_t lo, int64_t hi, int64_t *out);
/* A decimal number: digits, optionally '.' and digits ("2.5", "10"); no
 * sign, no exponent. */
bool strp_decimal(struct strp *s, double *out);
/* A time of day, in minutes since midnight (0 .. 1439, 1440 for 24:00). */
bool strp_hhmm(struct strp *s, bool allow_24, int *minutes);
/* YYYY-MM-DD and MM-DD: the digits only, values unchecked beyond 1-12 and 1-31. */
bool strp_ymd(struct strp *s, int *year, int *month, int *day);
bool strp_md(struct strp *s, int *month, int *day);
/* WxH with each side in lo..hi. */
bool strp_size(struct strp *s, int lo, int hi, int *w, int *h);

/* Whole-string forms: the grammar and nothing else. */
bool strp_parse_hhmm(const char *str, bool allow_24, int *minutes);
bool strp_parse_int(const char *str, int64_t lo, int64_t hi, int64_t *out);
bool strp_parse_decimal(const char *str, double *out);
bool strp_parse_size(const char *str, int lo, int hi, int *w, int *h);
