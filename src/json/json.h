/* SPDX-License-Identifier: MIT */
#pragma once
/* The one JSON front end: playlists, configs, feeds and state files.
 *
 * json_parse() parses the text once with cJSON and walks it once with a
 * strict scanner that refuses what cJSON lets through (invalid UTF-8,
 * "\u0000", leading zeros, deep nesting, repeated keys) with a plain-words
 * message at the mistake's line and column. The result is a tree of
 * nodes; each node knows where its value (and, for a member, its key)
 * starts, its JSON path ("items[3].text", `items[0]["odd key"]`), and for a
 * number the exact text it was written as. No cJSON type leaks out: no
 * code outside src/json/ calls cJSON.
 *
 * Reading, with diagnostics (util/diag.h) that carry the node's own path,
 * line and column, so a message never points at the wrong place:
 *
 *     struct json_opts o = {.file = path, .diags = diags, .code = "schema"};
 *     struct json_doc *doc = json_parse(text, len, &o, NULL);
 *     const struct json_node *root = json_root(doc), *v;
 *     const char *url;
 *     int64_t seq;
 *     if (json_as_string(doc, json_get(root, "url"), "an address", &url)) ...
 *     if (json_as_int(doc, json_get(root, "sequence"), "a whole number", 0, INT64_MAX, &seq))
 *     json_foreach(v, json_get(root, "items")) ... json_key(v), json_index(v)
 *     json_unknown_members(doc, root, known, DIAG_ERROR, "the config");
 *     if (json_errors(doc)) ...   // errors reported through doc, parse included
 *     json_free(doc);
 *
 * Whole numbers are read from the text, never through a double: sequences
 * up to 2^63 - 1 survive. json_out writes JSON back (numbers it copies from
 * a parsed node keep their text; json_out_int() writes int64_t exactly).
 *
 * Lines and columns are 1-based; a column counts characters (code points),
 * not bytes, so it matches what an editor shows for Vietnamese text. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define JSON_MAX_VALUES 262144 /* default cap on values in one document */

struct json_doc;
struct json_node;

enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT };

struct json_opts {
    const char *file;        /* names the source in diagnostics ("-" when NULL) */
    struct diag_list *diags; /* where diagnostics go; may be NULL */
    const char *code;        /* code of the getters' type and range errors ("schema") */
    int max_depth;           /* nesting of { and [; 0 means 32 */
    size_t max_values;       /* 0 means JSON_MAX_VALUES */
    /* NULL: syntax messages speak of a playlist ("a playlist starts with
     * {"); anything else ("config"): neutral wording. */
    const char *what;
};

struct json_error {
    int line, col;    /* where to look; 1-based */
    const char *code; /* "json" (syntax), "encoding" (not UTF-8) or "limit" */
    char message[320];
};

/* Parses text (len bytes; a UTF-8 byte order mark is skipped). NULL on a
 * syntax, encoding or limit error, which is filled into *err (may be NULL)
 * and added to opts->diags; opts may be NULL. A repeated key does not fail
 * the parse: it is an error diagnostic ([json]) counted by json_errors(),
 * and json_get() finds the first. The text is copied: free it at will. */
struct json_doc *json_parse(const char *text, size_t len, const struct json_opts *opts,
                            struct json_error *err);
void json_free(struct json_doc *doc);

/* Errors reported through doc so far (parse and getters). */
size_t json_errors(const struct json_doc *doc);
const char *json_file(const struct json_doc *doc);

/* ---- the tree ------------------------------------------------------------
 * Nodes belong to their doc and live until json_free(). Every function
 * accepts NULL for a node and then answers "absent" (NULL, 0, false). */

const struct json_node *json_root(const struct json_doc *doc);
enum json_type json_type(const struct json_node *v);
bool json_is(const struct json_node *v, enum json_type t);
const struct json_node *json_parent(const struct json_node *v);

/* An object's member value by key (the first, when repeated); NULL when v
 * is not an object or has no such member. */
const struct json_node *json_get(const struct json_node *obj, const char *key);
/* Children of an array or object, in document order. */
size_t json_count(const struct json_node *v);
const struct json_node *json_first(const struct json_node *v);
const struct json_node *json_next(const struct json_node *child);
const struct json_node *json_at(const struct json_node *arr, size_t i);
#define json_foreach(child, parent)                                                                \
    for ((child) = json_first(parent); (child); (child) = json_next(child))

/* A member's key (decoded), or NULL for an array element or the root. */
const char *json_key(const struct json_node *v);
/* Place among its parent's children (0-based). */
size_t json_index(const struct json_node *v);

/* Where the value starts; for a member, where its key starts (the value's
 * place for array elements and the root). 0 for NULL. */
int json_line(const struct json_node *v);
int json_col(const struct json_node *v);
int json_key_line(const struct json_node *v);
int json_key_col(const struct json_node *v);

/* The JSON path: "" for the root, "items[3].text", `display["view port"]`.
 * Always NUL-terminated; cut (never mid-character) when n is too small.
 * Returns the full length, like snprintf. */
size_t json_path(const struct json_node *v, char *buf, size_t n);

/* Raw values, without diagnostics. */
const char *json_string(const struct json_node *v); /* NULL unless a string */
bool json_true(const struct json_node *v);          /* true only for true */
double json_number(const struct json_node *v);      /* 0 unless a number */
/* A number exactly as written ("86.5", "9223372036854775807"). */
const char *json_number_text(const struct json_node *v, size_t *len);

enum json_int_status {
    JSON_INT_OK,
    JSON_INT_NOT_NUMBER, /* absent, or not a number */
    JSON_INT_FRACTION,   /* a number with a fraction: 2.5 */
    JSON_INT_TOO_LARGE,  /* a whole number beyond int64_t */
    JSON_INT_INEXACT,    /* beyond 2^53 written with a point or exponent: 1e19, 2.0e17 */
};
/* A whole number read from its text: "-12", "9223372036854775807"; also
 * 10.0 and 1e3 (exact below 2^53). No diagnostic. */
enum json_int_status json_int(const struct json_node *v, int64_t *out);

/* "the number 12", "the text \"10s\"", "a list [ ... ]" for messages. */
void json_describe(const struct json_node *v, char *buf, size_t n);

/* ---- typed getters with diagnostics ---------------------------------------
 * Each returns true and fills *out when v has the wanted type (and range);
 * otherwise it reports one error at v, "expected EXPECTED, got WHAT", with
 * opts->code and v's path, line and column, and returns false. A NULL v
 * (an absent member) returns false without a word: check presence first
 * when a member is required (json_require). */

bool json_as_string(struct json_doc *doc, const struct json_node *v, const char *expected,
                    const char **out);
bool json_as_bool(struct json_doc *doc, const struct json_node *v, const char *expected, bool *out);
/* A finite number. */
bool json_as_number(struct json_doc *doc, const struct json_node *v, const char *expected,
                    double *out);
/* An exact whole number in lo..hi (json_int's rules). */
bool json_as_int(struct json_doc *doc, const struct json_node *v, const char *expected, int64_t lo,
                 int64_t hi, int64_t *out);
/* A string that is one of names (NULL-terminated); *out is its index. */
bool json_as_enum(struct json_doc *doc, const struct json_node *v, const char *expected,
                  const char *const *names, int *out);
/* An object or an array: reports otherwise. */
bool json_as_object(struct json_doc *doc, const struct json_node *v, const char *expected);
bool json_as_array(struct json_doc *doc, const struct json_node *v, const char *expected);

/* The member, or NULL after reporting at obj: missing "KEY": HINT. */
const struct json_node *json_require(struct json_doc *doc, const struct json_node *obj,
                                     const char *key, const char *hint);

/* Reports each member of obj whose key is not in known (NULL-terminated)
 * at its key, with sev: unknown field "KEY" in WHAT, plus "did you mean
 * "K"?" when a known key is close (json_suggest). Keys starting with '_'
 * are comments and pass. Returns how many were reported. */
size_t json_unknown_members(struct json_doc *doc, const struct json_node *obj,
                            const char *const *known, enum diag_severity sev, const char *what);
/* The known key closest to key (by edit distance, at most a third of the
 * key's length and at least 1, 2 for keys of 6 letters and more), or NULL. */
const char *json_suggest(const char *key, const char *const *known);

/* A diagnostic at v's value (or at its key) with v's path. v NULL: at the
 * start of the document, no path. Errors count in json_errors(). */
void json_report(struct json_doc *doc, const struct json_node *v, enum diag_severity sev,
                 const char *code, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void json_report_key(struct json_doc *doc, const struct json_node *v, enum diag_severity sev,
                     const char *code, const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* ---- edits ----------------------------------------------------------------
 * Replaces the value of obj's existing member key with the string value
 * (copied). False when obj has no such member or out of memory. The
 * node keeps its position. For feeds: rewrite "src" to the cached file. */
bool json_set_string(struct json_doc *doc, const struct json_node *obj, const char *key,
                     const char *value);

/* ---- writing --------------------------------------------------------------
 * A streaming writer into a capped buffer. Inside an object every value
 * takes a key; in an array or at the top, key is NULL. Failures (cap hit,
 * out of memory, a key where none belongs) are sticky: keep writing and
 * check json_out_finish() once. */

struct json_out;

/* cap bounds the text; pretty indents by two spaces and ends with '\n'. */
struct json_out *json_out_new(size_t cap, bool pretty);
void json_out_free(struct json_out *o);

bool json_out_begin_object(struct json_out *o, const char *key);
bool json_out_end_object(struct json_out *o);
bool json_out_begin_array(struct json_out *o, const char *key);
bool json_out_end_array(struct json_out *o);
bool json_out_string(struct json_out *o, const char *key, const char *s); /* NULL writes null */
bool json_out_int(struct json_out *o, const char *key, int64_t v);        /* exactly */
bool json_out_number(struct json_out *o, const char *key, double v);      /* null unless finite */
/* With exactly `decimals` digits after the point (0 .. 9): 12.0, 3.25. */
bool json_out_fixed(struct json_out *o, const char *key, double v, int decimals);
bool json_out_bool(struct json_out *o, const char *key, bool v);
bool json_out_null(struct json_out *o, const char *key);
/* A parsed value and everything under it, numbers as they were written
 * and strings as edited (json_set_string). */
bool json_out_node(struct json_out *o, const char *key, const struct json_node *v);

/* The text (owned by the caller, NUL-terminated), or NULL when anything
 * failed or an object or array is still open. Frees o either way. */
char *json_out_finish(struct json_out *o, size_t *len);
