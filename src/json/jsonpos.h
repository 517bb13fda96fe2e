#pragma once
/* A strict JSON scanner that runs before cJSON.
 *
 * cJSON gives no positions and accepts things a careful reader should not
 * (invalid UTF-8, "\u0000", any nesting up to 1000). jsonpos walks the text
 * once, refuses what is wrong with the line and column of the mistake and
 * a plain-words message, and records where every value and every member
 * key starts, by JSON path ("items[3].duration"), so the validator can
 * point at the field it complains about.
 *
 * Lines and columns are 1-based; a column counts characters (code points),
 * not bytes, so it matches what an editor shows for Vietnamese text. */

#include <stdbool.h>
#include <stddef.h>

#define JSONPOS_MAX_PATH 256 /* longer paths are not recorded: lookups fall back to a parent */

struct jsonpos;

struct jsonpos_error {
    size_t offset;    /* byte offset of the mistake */
    int line, col;    /* where to look */
    const char *code; /* "json" (syntax) or "encoding" (bytes that are not UTF-8) */
    char message[320];
};

/* Scans text (len bytes, no BOM). max_depth bounds nesting of objects and
 * arrays; deeper input is refused before any recursion goes further.
 * Returns NULL and fills *err on the first mistake (or when out of
 * memory: err->code "json", message says so). */
struct jsonpos *jsonpos_scan(const char *text, size_t len, int max_depth,
                             struct jsonpos_error *err);
void jsonpos_free(struct jsonpos *jp);

/* Where the value at path starts. When path was not recorded, falls back
 * to its nearest recorded parent; false only when nothing matched. */
bool jsonpos_value(const struct jsonpos *jp, const char *path, int *line, int *col);
/* Where the key of the member at path starts (e.g. "items[2].colour");
 * falls back to the value's position. */
bool jsonpos_key(const struct jsonpos *jp, const char *path, int *line, int *col);

/* Members whose key appeared before in the same object. */
size_t jsonpos_dup_count(const struct jsonpos *jp);
bool jsonpos_dup(const struct jsonpos *jp, size_t i, const char **path, int *line, int *col);

/* Line and column of a byte offset in text (for errors cJSON reports). */
void jsonpos_linecol(const char *text, size_t len, size_t offset, int *line, int *col);
