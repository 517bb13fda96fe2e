/* SPDX-License-Identifier: MIT */
#pragma once
/* Proof-of-play report: what the board showed, from its proof log (and the
 * log's rotated files), for the office's half-year report.
 *
 * Lines are those of prooflog.h. A line that is not one whole, well-formed
 * record (a power cut's half line, a hand edit) is skipped and counted.
 * --from/--to compare the date of `ts` as written (the board's local date),
 * both inclusive.
 *
 * One row per distinct content: (id, type, words). An id whose words
 * changed between feed versions is two rows; a log written before words
 * were recorded gives one row per (id, type), named by its id. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define REPORT_MAX_ROTATIONS 9999
#define REPORT_MAX_ITEMS     100000
#define REPORT_MAX_MONTHS    240     /* twenty years of months in one report */
#define REPORT_MAX_EMERGENCY 1000000 /* priority plays kept for the list */
#define REPORT_EPISODE_GAP   900     /* s: priority plays closer than this are one notice */

enum report_lang { REPORT_EN, REPORT_VI };

struct report;

/* from and to are "YYYY-MM-DD" or NULL (unbounded); copied. */
struct report *report_new(const char *from, const char *to);
void report_free(struct report *r);

/* The language of the document (headings, numbers, dates); English by
 * default. */
void report_set_lang(struct report *r, enum report_lang lang);
/* The office's name for the summary, over the one the log records. */
void report_set_office(struct report *r, const char *office);
/* Names the period "first/second half of YEAR" (half 1 or 2). */
void report_set_half(struct report *r, int year, int half);

/* "YYYY-N", N 1 or 2: the half's first and last day (1/1–30/6 or
 * 1/7–31/12) into from and to. False when spec is not one. */
bool report_half_period(const char *spec, int *year, int *half, char from[11], char to[11]);

/* Adds the lines of one file. False with errno when it cannot be read. */
bool report_add_file(struct report *r, const char *path);

/* Adds LOG and its rotated files LOG.1, LOG.2, ... (until the first one
 * missing). False when LOG and LOG.1 are both missing, or on a read error. */
bool report_add_log(struct report *r, const char *log);

size_t report_corrupt_lines(const struct report *r);
/* "FILE:LINE" of the first corrupt line, "" when none. */
const char *report_first_corrupt(const struct report *r);

/* CSV for machines, always in English: header
 * "id,type,plays,seconds,words,first_day,last_day,priority,version", one row
 * per content sorted by id, type, first day; seconds with one decimal;
 * version is the last playlist sequence or digest seen. */
void report_write_csv(const struct report *r, FILE *out);
/* The people's report as Markdown pipe tables: summary, contents, months,
 * emergencies. */
void report_write_md(const struct report *r, FILE *out);
/* The same as one HTML page that prints on A4 and pastes into Word as
 * tables (styles inline on every cell). */
void report_write_html(const struct report *r, FILE *out);
/* The same as an Excel workbook at path (written whole, then renamed into
 * place). False with errno, or when built without libxlsxwriter (ENOTSUP). */
bool report_write_xlsx(const struct report *r, const char *path);
bool report_have_xlsx(void);

/* Whether s is a valid calendar date written YYYY-MM-DD. */
bool report_valid_date(const char *s);
