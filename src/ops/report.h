#pragma once
/* Proof-of-play report: sums a proof log (and its rotated files) per item.
 *
 * Lines are those of prooflog.h. A line that is not one whole, well-formed
 * record (a power cut's half line, a hand edit) is skipped and counted.
 * --from/--to compare the date of `ts` as written (the board's local date),
 * both inclusive. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define REPORT_MAX_ROTATIONS 9999
#define REPORT_MAX_ITEMS     100000

struct report;

/* from and to are "YYYY-MM-DD" or NULL (unbounded); copied. */
struct report *report_new(const char *from, const char *to);
void report_free(struct report *r);

/* Adds the lines of one file. False with errno when it cannot be read. */
bool report_add_file(struct report *r, const char *path);

/* Adds LOG and its rotated files LOG.1, LOG.2, ... (until the first one
 * missing). False when LOG and LOG.1 are both missing, or on a read error. */
bool report_add_log(struct report *r, const char *log);

size_t report_corrupt_lines(const struct report *r);
/* "FILE:LINE" of the first corrupt line, "" when none. */
const char *report_first_corrupt(const struct report *r);

/* CSV with header "id,type,plays,seconds", one row per (id, type), sorted
 * by id then type; seconds with one decimal. */
void report_write_csv(const struct report *r, FILE *out);
/* A Markdown table of the same, with the period and a total row. */
void report_write_md(const struct report *r, FILE *out);

/* Whether s is a valid calendar date written YYYY-MM-DD. */
bool report_valid_date(const char *s);
