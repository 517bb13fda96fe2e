/* SPDX-License-Identifier: MIT */
#pragma once
/* Diagnostics for staff: FILE:LINE:COL: error|warning: PATH: MESSAGE [code]. */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum diag_severity { DIAG_WARNING, DIAG_ERROR };

struct diag {
    enum diag_severity severity;
    char *file;    /* owned; may be NULL */
    int line, col; /* 1-based; 0 when unknown */
    char *path;    /* owned; JSON path like items[3].text, may be NULL */
    char *code;    /* owned; e.g. "schema" (printed as [schema]) */
    char *message; /* owned; plain words */
};

struct diag_list;

struct diag_list *diag_list_new(void);
void diag_list_free(struct diag_list *list);

void diag_add(struct diag_list *list, enum diag_severity severity, const char *file, int line,
              int col, const char *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

size_t diag_count(const struct diag_list *list);
size_t diag_error_count(const struct diag_list *list);
const struct diag *diag_get(const struct diag_list *list, size_t i);
/* First diagnostic with this code, or NULL (tests, callers that branch). */
const struct diag *diag_find(const struct diag_list *list, const char *code);

/* Formats one diagnostic in compiler style, without a newline. */
void diag_format(const struct diag *d, char *buf, size_t n);
void diag_print_all(const struct diag_list *list, FILE *out);
