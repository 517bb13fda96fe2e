/* SPDX-License-Identifier: MIT */
/* The JSON front end: cJSON parses; the strict scanner then walks the text
 * in step with cJSON's tree (both in document order), refusing what cJSON
 * lets through and filling one node per value with its place in the text.
 * When cJSON refuses the text, the scanner runs alone to say why. */

#include "json/json.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/dynbuf.h"
#include "util/i18n.h"

#define DEFAULT_DEPTH 32
#define MAX_DUPS      100u
#define MAX_KEY       128   /* bytes of a decoded key kept for messages */
#define MAX_PATH      4096u /* bytes of a JSON path built for a diagnostic */

struct json_node {
    enum json_type type;
    struct json_node *parent, *child, *last, *next; /* within doc->nodes */
    const char *key;      /* member name, borrowed from the cJSON tree; NULL otherwise */
    const char *str;      /* string value: the cJSON tree's or edited */
    char *edited;         /* owned replacement string (json_set_string), or NULL */
    double num;           /* cJSON's reading of a number */
    bool bval;            /* true / false */
    size_t index;         /* place among the parent's children */
    size_t count;         /* children */
    const char *num_text; /* a number as written, num_len bytes inside doc->text */
    size_t num_len;
    int line, col;   /* where the value starts */
    int kline, kcol; /* where the key starts (the value's place for non-members) */
};

struct json_doc {
    cJSON *tree;             /* owned; strings and keys point into it */
    struct json_node *nodes; /* owned, pre-order; nodes[0] is the root */
    size_t n_nodes;
    char *text; /* owned copy of the text: numbers are read from it */
    size_t len;
    char *file;              /* owned */
    char *code;              /* owned */
    struct diag_list *diags; /* borrowed; may be NULL */
    size_t errors;
};

struct scan {
    const char *s;
    size_t len, i;
    int line, col;
    int end_line, end_col; /* just after the last token: where a missing ',' goes */
    int depth, max_depth;
    struct json_error *err;
    bool failed;
    bool neutral;         /* messages without "playlist" (json_opts.what set) */
    struct json_doc *doc; /* NULL when only looking for the first mistake */
    size_t used;          /* nodes filled */
};

static bool fail(struct scan *sc, int line, int col, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bool fail(struct scan *sc, int line, int col, const char *code, const char *fmt, ...)
{
    if (sc->failed)
        return false;
    sc->failed = true;
    sc->err->line = line;
    sc->err->col = col;
    sc->err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sc->err->message, sizeof(sc->err->message), fmt, ap);
    va_end(ap);
    return false;
}

static bool fail_here(struct scan *sc, const char *code, const char *msg)
{
    return fail(sc, sc->line, sc->col, code, "%s", msg);
}

static void adv(struct scan *sc)
{
    unsigned char c = (unsigned char)sc->s[sc->i++];
    if (c == '\n') {
        sc->line++;
        sc->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        sc->col++;
    }
}

static void mark_end(struct scan *sc)
{
    sc->end_line = sc->line;
    sc->end_col = sc->col;
}

static void skip_ws(struct scan *sc)
{
    while (sc->i < sc->len) {
        char c = sc->s[sc->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        adv(sc);
    }
}

static bool at_end(const struct scan *sc)
{
    return sc->i >= sc->len;
}

/* Describes the character at the cursor for a message: 'x' or U+201C. */
static void describe_char(const struct scan *sc, char *buf, size_t n)
{
    const unsigned char *p = (const unsigned char *)sc->s + sc->i;
    size_t left = sc->len - sc->i;
    if (p[0] >= 0x21 && p[0] < 0x7f) {
        snprintf(buf, n, "'%c'", p[0]);
        return;
    }
    uint32_t cp = p[0];
    if (p[0] >= 0xC2 && p[0] < 0xE0 && left >= 2)
        cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    else if (p[0] >= 0xE0 && p[0] < 0xF0 && left >= 3)
        cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    snprintf(buf, n, "U+%04X", (unsigned)cp);
}

static bool is_curly_quote(const struct scan *sc)
{
    /* “ ” ‘ ’: word processors and some editors type these. */
    const unsigned char *p = (const unsigned char *)sc->s + sc->i;
    return sc->len - sc->i >= 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0x98 && p[2] <= 0x9D;
}

static bool unexpected(struct scan *sc, const char *expected)
{
    char c = sc->s[sc->i];
    if (c == '/')
        return fail_here(sc, "json", _("JSON does not allow comments (// or /* */): remove it"));
    if (c == '\'')
        return fail_here(sc, "json",
                         _("use straight double quotes \" around text, not single quotes '"));
    if (is_curly_quote(sc))
        return fail_here(sc, "json",
                         _("curly quotes “ ” are not JSON quotes: type straight double quotes \""));
    char what[32];
    describe_char(sc, what, sizeof(what));
    return fail(sc, sc->line, sc->col, "json", _("unexpected %s here: %s"), what, expected);
}

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static unsigned hexval(char c)
{
    if (c >= '0' && c <= '9')
        return (unsigned)(c - '0');
    if (c >= 'a' && c <= 'f')
        return (unsigned)(c - 'a' + 10);
    return (unsigned)(c - 'A' + 10);
}

/* Reads \uXXXX at the cursor (after the backslash and 'u'). */
static bool read_u4(struct scan *sc, int line, int col, unsigned *out)
{
    if (sc->len - sc->i < 4 || !is_hex(sc->s[sc->i]) || !is_hex(sc->s[sc->i + 1]) ||
        !is_hex(sc->s[sc->i + 2]) || !is_hex(sc->s[sc->i + 3]))
        return fail(sc, line, col, "json",
                    _("\\u must be followed by four hexadecimal digits, like \\u00e9"));
    *out = 0;
    for (int k = 0; k < 4; k++) {
        *out = (*out << 4) | hexval(sc->s[sc->i]);
        adv(sc);
    }
    return true;
}

static void key_put(char *key, size_t *klen, bool *ktrunc, const char *bytes, size_t n)
{
    if (!key)
        return;
    if (*klen + n >= MAX_KEY) {
        *ktrunc = true;
        return;
    }
    memcpy(key + *klen, bytes, n);
    *klen += n;
}

static void key_put_cp(char *key, size_t *klen, bool *ktrunc, unsigned cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    key_put(key, klen, ktrunc, b, n);
}

/* Length of the valid UTF-8 sequence at p (left bytes), 0 when invalid. */
static size_t utf8_seq(const unsigned char *p, size_t left)
{
    unsigned char c = p[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; /* overlong */
        if (c == 0xED)
            hi = 0x9F; /* UTF-16 surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; /* overlong */
        if (c == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
    } else
        return 0;
    if (left < n || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t k = 2; k < n; k++)
        if ((p[k] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* Scans a string at the cursor ('"'). When key is not NULL, decodes it
 * into key (MAX_KEY bytes, NUL-terminated; *ktrunc when cut). */
static bool scan_string(struct scan *sc, char *key, bool *ktrunc)
{
    int sline = sc->line, scol = sc->col;
    size_t klen = 0;
    bool trunc = false;
    adv(sc); /* opening quote */
    for (;;) {
        if (at_end(sc))
            return fail(sc, sline, scol, "json",
                        _("this text is never closed: add the closing double quote \""));
        unsigned char c = (unsigned char)sc->s[sc->i];
        if (c == '"') {
            adv(sc);
            break;
        }
        if (c == '\n' || c == '\r')
            return fail(sc, sline, scol, "json",
                        _("this text is not closed before the end of the line: add the closing "
                          "\" (to break a line inside text, write \\n)"));
        if (c < 0x20) {
            if (c == '\t')
                return fail_here(sc, "json",
                                 _("a tab inside text must be written \\t (or use spaces)"));
            return fail(sc, sc->line, sc->col, "json",
                        _("control character U+%04X inside text: remove it"), c);
        }
        if (c == '\\') {
            int eline = sc->line, ecol = sc->col;
            adv(sc);
            if (at_end(sc))
                return fail(sc, sline, scol, "json",
                            _("this text is never closed: add the closing double quote \""));
            char e = sc->s[sc->i];
            const char *simple = strchr("\"\\/bfnrt", e);
            if (e && simple) {
                static const char map[] = "\"\\/\b\f\n\r\t";
                key_put(key, &klen, &trunc, &map[simple - "\"\\/bfnrt"], 1);
                adv(sc);
                continue;
            }
            if (e != 'u') {
                char what[8] = "?";
                if (e > 0x20 && e < 0x7f)
                    what[0] = e;
                return fail(sc, eline, ecol, "json",
                            _("unknown escape \\%s in text: write \\\\ for a backslash (in file "
                              "paths use / instead)"),
                            what);
            }
            adv(sc);
            unsigned cp;
            if (!read_u4(sc, eline, ecol, &cp))
                return false;
            if (cp == 0)
                return fail(sc, eline, ecol, "json",
                            _("\\u0000 (a NUL character) is not allowed in text: remove it"));
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail(sc, eline, ecol, "json",
                            _("\\u%04x is half of a character (a lone low surrogate): write the "
                              "character itself"),
                            cp);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned lo = 0;
                if (sc->len - sc->i < 2 || sc->s[sc->i] != '\\' || sc->s[sc->i + 1] != 'u')
                    return fail(sc, eline, ecol, "json",
                                _("\\u%04x is half of a character (a lone high surrogate): write "
                                  "the character itself"),
                                cp);
                adv(sc);
                adv(sc);
                if (!read_u4(sc, eline, ecol, &lo))
                    return false;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return fail(sc, eline, ecol, "json",
                                _("\\u%04x is half of a character (a lone high surrogate): "
                                  "write the character itself"),
                                cp);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            key_put_cp(key, &klen, &trunc, cp);
            continue;
        }
        if (c < 0x80) {
            key_put(key, &klen, &trunc, (const char *)&sc->s[sc->i], 1);
            adv(sc);
            continue;
        }
        size_t n = utf8_seq((const unsigned char *)sc->s + sc->i, sc->len - sc->i);
        if (!n)
            return fail(sc, sc->line, sc->col, "encoding",
                        _("this text is not valid UTF-8 (byte 0x%02X): the file was saved in "
                          "another encoding; save it again as UTF-8"),
                        c);
        key_put(key, &klen, &trunc, sc->s + sc->i, n);
        for (size_t k = 0; k < n; k++)
            adv(sc);
    }
    if (key)
        key[klen] = 0;
    if (ktrunc)
        *ktrunc = trunc;
    mark_end(sc);
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static bool scan_number(struct scan *sc)
{
    int line = sc->line, col = sc->col;
    if (sc->s[sc->i] == '-')
        adv(sc);
    if (at_end(sc) || !is_digit(sc->s[sc->i]))
        return fail(sc, line, col, "json", _("a '-' must be followed by digits, like -5"));
    if (sc->s[sc->i] == '0' && sc->i + 1 < sc->len && is_digit(sc->s[sc->i + 1]))
        return fail(sc, line, col, "json",
                    _("numbers cannot start with 0: write 12, not 012 (or put it in quotes if "
                      "it is text)"));
    while (!at_end(sc) && is_digit(sc->s[sc->i]))
        adv(sc);
    if (!at_end(sc) && sc->s[sc->i] == '.') {
        adv(sc);
        if (at_end(sc) || !is_digit(sc->s[sc->i]))
            return fail(sc, line, col, "json",
                        _("a decimal point must be followed by digits, like 2.5"));
        while (!at_end(sc) && is_digit(sc->s[sc->i]))
            adv(sc);
    }
    if (!at_end(sc) && (sc->s[sc->i] == 'e' || sc->s[sc->i] == 'E')) {
        adv(sc);
        if (!at_end(sc) && (sc->s[sc->i] == '+' || sc->s[sc->i] == '-'))
            adv(sc);
        if (at_end(sc) || !is_digit(sc->s[sc->i]))
            return fail(sc, line, col, "json", _("an exponent must have digits, like 1e3"));
        while (!at_end(sc) && is_digit(sc->s[sc->i]))
            adv(sc);
    }
    if (!at_end(sc) && is_alpha(sc->s[sc->i]))
        return fail(sc, line, col, "json",
                    _("numbers are written without units or letters: write 10, not 10s (or "
                      "put text in double quotes)"));
    mark_end(sc);
    return true;
}

static bool scan_word(struct scan *sc)
{
    int line = sc->line, col = sc->col;
    char w[16];
    size_t n = 0;
    size_t j = sc->i;
    while (j < sc->len && (is_alpha(sc->s[j]) || is_digit(sc->s[j]))) {
        if (n < sizeof(w) - 1)
            w[n++] = sc->s[j];
        j++;
    }
    w[n] = 0;
    size_t wlen = j - sc->i;
    static const char *const lits[] = {"true", "false", "null"};
    for (size_t k = 0; k < 3; k++) {
        if (wlen == strlen(lits[k]) && strcmp(w, lits[k]) == 0) {
            while (sc->i < j)
                adv(sc);
            mark_end(sc);
            return true;
        }
        if (wlen == strlen(lits[k]) && strcasecmp(w, lits[k]) == 0)
            return fail(sc, line, col, "json", _("write %s in lower case"), lits[k]);
    }
    return fail(sc, line, col, "json",
                _("text must be in double quotes, like \"%s\"; only numbers, true, false and "
                  "null go without quotes"),
                w);
}

static bool scan_value(struct scan *sc, const cJSON *cj, struct json_node *parent, const char *key,
                       int kline, int kcol);

static bool eof_in(struct scan *sc, char open, int line, int col)
{
    return fail(sc, sc->end_line, sc->end_col, "json",
                _("the file ends before the '%c' opened at line %d, column %d is closed with "
                  "'%c'"),
                open, line, col, open == '{' ? '}' : ']');
}

/* The tree and the text disagree: cJSON read something the scanner did
 * not. Never seen; refuse rather than point at the wrong place. */
static bool mismatch(struct scan *sc)
{
    return fail(sc, sc->line, sc->col, "json", "%s", _("the JSON cannot be read here"));
}

static bool scan_object(struct scan *sc, const cJSON *cj, struct json_node *node)
{
    int oline = sc->line, ocol = sc->col;
    const cJSON *child = cj ? cj->child : NULL;
    adv(sc);
    mark_end(sc);
    skip_ws(sc);
    if (!at_end(sc) && sc->s[sc->i] == '}') {
        adv(sc);
        mark_end(sc);
        return !sc->doc || !child || mismatch(sc);
    }
    for (;;) {
        if (at_end(sc))
            return eof_in(sc, '{', oline, ocol);
        char c = sc->s[sc->i];
        if (c != '"') {
            if (is_alpha(c))
                return fail_here(sc, "json",
                                 _("field names need double quotes, like \"duration\": 10"));
            if (c == '}')
                return unexpected(sc, _("a field name in double quotes"));
            return unexpected(sc, _("expected a field name in double quotes"));
        }
        int kline = sc->line, kcol = sc->col;
        char key[MAX_KEY];
        bool trunc = false;
        if (!scan_string(sc, key, &trunc))
            return false;
        skip_ws(sc);
        if (at_end(sc))
            return eof_in(sc, '{', oline, ocol);
        if (sc->s[sc->i] != ':') {
            if (sc->s[sc->i] == '=')
                return fail_here(sc, "json", _("use ':' between a field name and its value"));
            return fail(sc, sc->end_line, sc->end_col, "json",
                        _("missing ':' after the field name \"%s\""), key);
        }
        adv(sc);
        mark_end(sc);
        skip_ws(sc);
        if (sc->doc && !child)
            return mismatch(sc);
        if (!scan_value(sc, child, node, child ? child->string : NULL, kline, kcol))
            return false;
        child = child ? child->next : NULL;
        bool was_number = sc->s[sc->i - 1] >= '0' && sc->s[sc->i - 1] <= '9';
        int prev_line = sc->end_line, prev_col = sc->end_col;
        skip_ws(sc);
        if (at_end(sc))
            return eof_in(sc, '{', oline, ocol);
        c = sc->s[sc->i];
        if (c == '}') {
            adv(sc);
            mark_end(sc);
            return !sc->doc || !child || mismatch(sc);
        }
        if (c == ',') {
            int cline = sc->line, ccol = sc->col;
            if (was_number && sc->i + 1 < sc->len && is_digit(sc->s[sc->i + 1]))
                return fail(sc, cline, ccol, "json",
                            _("decimals are written with a point in JSON: 86.5, not 86,5"));
            adv(sc);
            skip_ws(sc);
            if (!at_end(sc) && sc->s[sc->i] == '}')
                return fail(sc, cline, ccol, "json",
                            _("remove this comma: nothing follows it before '}'"));
            continue;
        }
        if (c == '"' || c == '{' || c == '[' || is_alpha(c) || is_digit(c) || c == '-')
            return fail(sc, prev_line, prev_col, "json",
                        _("missing comma ',' after this value (the next field starts at line "
                          "%d, column %d)"),
                        sc->line, sc->col);
        return unexpected(sc, _("expected ',' or '}'"));
    }
}

static bool scan_array(struct scan *sc, const cJSON *cj, struct json_node *node)
{
    int oline = sc->line, ocol = sc->col;
    const cJSON *child = cj ? cj->child : NULL;
    adv(sc);
    mark_end(sc);
    skip_ws(sc);
    if (!at_end(sc) && sc->s[sc->i] == ']') {
        adv(sc);
        mark_end(sc);
        return !sc->doc || !child || mismatch(sc);
    }
    for (;;) {
        if (at_end(sc))
            return eof_in(sc, '[', oline, ocol);
        if (sc->doc && !child)
            return mismatch(sc);
        if (!scan_value(sc, child, node, NULL, sc->line, sc->col))
            return false;
        child = child ? child->next : NULL;
        int prev_line = sc->end_line, prev_col = sc->end_col;
        skip_ws(sc);
        if (at_end(sc))
            return eof_in(sc, '[', oline, ocol);
        char c = sc->s[sc->i];
        if (c == ']') {
            adv(sc);
            mark_end(sc);
            return !sc->doc || !child || mismatch(sc);
        }
        if (c == ',') {
            int cline = sc->line, ccol = sc->col;
            adv(sc);
            skip_ws(sc);
            if (!at_end(sc) && sc->s[sc->i] == ']')
                return fail(sc, cline, ccol, "json",
                            _("remove this comma: nothing follows it before ']'"));
            continue;
        }
        if (c == '"' || c == '{' || c == '[' || is_alpha(c) || is_digit(c) || c == '-')
            return fail(sc, prev_line, prev_col, "json",
                        _("missing comma ',' after this value (the next one starts at line %d, "
                          "column %d)"),
                        sc->line, sc->col);
        if (c == '}')
            return fail_here(sc, "json",
                             _("this '}' closes a list: a list that starts with '[' ends with "
                               "']'"));
        return unexpected(sc, _("expected ',' or ']'"));
    }
}

/* Takes the next node of the pre-order array and links it under parent. */
static struct json_node *new_node(struct scan *sc, struct json_node *parent, const char *key,
                                  int kline, int kcol)
{
    struct json_doc *doc = sc->doc;
    if (sc->used >= doc->n_nodes)
        return NULL;
    struct json_node *n = &doc->nodes[sc->used++];
    *n = (struct json_node){.parent = parent,
                            .key = key,
                            .line = sc->line,
                            .col = sc->col,
                            .kline = kline,
                            .kcol = kcol};
    if (parent) {
        n->index = parent->count++;
        if (parent->last)
            parent->last->next = n;
        else
            parent->child = n;
        parent->last = n;
    }
    return n;
}

static bool scan_value(struct scan *sc, const cJSON *cj, struct json_node *parent, const char *key,
                       int kline, int kcol)
{
    if (at_end(sc))
        return fail(sc, sc->end_line, sc->end_col, "json",
                    _("the file ends where a value was expected"));
    char c = sc->s[sc->i];
    struct json_node *n = NULL;
    if (sc->doc && !(n = new_node(sc, parent, key, kline, kcol)))
        return mismatch(sc);
    if (c == '{' || c == '[') {
        if (sc->depth >= sc->max_depth)
            return fail(sc, sc->line, sc->col, "limit",
                        sc->neutral ? _("nested more than %d levels deep: no file here needs this "
                                        "many '{' or '['")
                                    : _("nested more than %d levels deep: a playlist never needs "
                                        "this many '{' or '['"),
                        sc->max_depth);
        if (n && !(c == '{' ? cJSON_IsObject(cj) : cJSON_IsArray(cj)))
            return mismatch(sc);
        if (n)
            n->type = c == '{' ? JSON_OBJECT : JSON_ARRAY;
        sc->depth++;
        bool ok = c == '{' ? scan_object(sc, cj, n) : scan_array(sc, cj, n);
        sc->depth--;
        return ok;
    }
    if (c == '"') {
        if (n && !cJSON_IsString(cj))
            return mismatch(sc);
        if (n) {
            n->type = JSON_STRING;
            n->str = cj->valuestring;
        }
        return scan_string(sc, NULL, NULL);
    }
    if (c == '-' || is_digit(c)) {
        size_t start = sc->i;
        if (!scan_number(sc))
            return false;
        if (n && !cJSON_IsNumber(cj))
            return mismatch(sc);
        if (n) {
            n->type = JSON_NUMBER;
            n->num = cj->valuedouble;
            n->num_text = sc->s + start;
            n->num_len = sc->i - start;
        }
        return true;
    }
    if (c == '.' && sc->i + 1 < sc->len && is_digit(sc->s[sc->i + 1]))
        return fail_here(sc, "json", _("write a 0 before the decimal point: 0.5, not .5"));
    if (is_alpha(c)) {
        if (!scan_word(sc))
            return false;
        if (n) {
            if (c == 'n' && cJSON_IsNull(cj))
                n->type = JSON_NULL;
            else if (c != 'n' && cJSON_IsBool(cj))
                n->type = JSON_BOOL, n->bval = c == 't';
            else
                return mismatch(sc);
        }
        return true;
    }
    if (c == ',')
        return fail_here(sc, "json", _("a value is missing before this comma"));
    return unexpected(sc, _("expected a value: a number, text in double quotes, true, false, "
                            "null, { or ["));
}

/* One pass over the text; with sc->doc, builds the nodes beside cJSON's tree. */
static bool scan_text(struct scan *sc, const cJSON *tree)
{
    skip_ws(sc);
    if (at_end(sc))
        return fail(sc, 1, 1, "json", "%s",
                    sc->neutral ? _("the file is empty: write { ... }")
                                : _("the file is empty: a playlist starts with { and lists its "
                                    "\"items\""));
    if (!scan_value(sc, tree, NULL, NULL, sc->line, sc->col))
        return false;
    skip_ws(sc);
    if (!at_end(sc)) {
        if (sc->s[sc->i] == ',' || sc->s[sc->i] == '{')
            return fail_here(sc, "json",
                             sc->neutral ? _("text after the end: the final '}' closes it too "
                                             "early, or this is extra")
                                         : _("text after the end of the playlist: the final '}' "
                                             "closes it too early, or this is extra"));
        return unexpected(sc, sc->neutral ? _("the file already ended; remove what follows")
                                          : _("the playlist already ended; remove what follows"));
    }
    return true;
}

static uint64_t member_hash(const struct json_node *m)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)(uintptr_t)m->parent;
    for (const char *k = m->key; *k; k++)
        h = (h ^ (unsigned char)*k) * 1099511628211u;
    return h ^ (h >> 29);
}

/* A key written twice in one object is an error at the second: one hash
 * set of (object, key) over the whole document, in document order, so a
 * 200,000-member object costs no more than a small one. */
static bool report_dups(struct json_doc *doc)
{
    size_t cap = 16;
    while (cap < doc->n_nodes * 2)
        cap *= 2;
    uint32_t *set = calloc(cap, sizeof(*set)); /* node index + 1; 0 empty */
    if (!set)
        return false;
    size_t reported = 0;
    for (size_t i = 0; i < doc->n_nodes && reported < MAX_DUPS; i++) {
        const struct json_node *m = &doc->nodes[i];
        if (!m->key)
            continue;
        size_t k = member_hash(m) & (cap - 1);
        bool dup = false;
        while (set[k]) {
            const struct json_node *o = &doc->nodes[set[k] - 1];
            if (o->parent == m->parent && strcmp(o->key, m->key) == 0) {
                dup = true;
                break;
            }
            k = (k + 1) & (cap - 1);
        }
        if (!dup) {
            set[k] = (uint32_t)(i + 1);
            continue;
        }
        json_report_key(doc, m, DIAG_ERROR, "json", "%s",
                        _("this field appears twice in the same object: keep only one"));
        reported++;
    }
    free(set);
    return true;
}

static size_t count_tree(const cJSON *v, size_t limit)
{
    size_t n = 1;
    for (const cJSON *c = v->child; c && n <= limit; c = c->next)
        n += count_tree(c, limit - n + 1);
    return n;
}

/* Line and column of a byte offset in text (for errors cJSON reports). */
static void linecol(const char *text, size_t len, size_t offset, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < len && i < offset; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if ((b & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static void set_error(struct json_error *err, int line, int col, const char *code, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));
static void set_error(struct json_error *err, int line, int col, const char *code, const char *fmt,
                      ...)
{
    err->line = line;
    err->col = col;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof(err->message), fmt, ap);
    va_end(ap);
}

struct json_doc *json_parse(const char *text, size_t len, const struct json_opts *opts,
                            struct json_error *err)
{
    static const struct json_opts no_opts;
    struct json_error local;
    if (!opts)
        opts = &no_opts;
    if (!err)
        err = &local;
    memset(err, 0, sizeof(*err));
    const char *file = opts->file ? opts->file : "-";
    struct json_doc *doc = NULL;
    cJSON *tree = NULL;

    if (len >= 2 && (((unsigned char)text[0] == 0xFF && (unsigned char)text[1] == 0xFE) ||
                     ((unsigned char)text[0] == 0xFE && (unsigned char)text[1] == 0xFF))) {
        set_error(err, 1, 1, "encoding", "%s",
                  _("the file is saved as UTF-16 (\"Unicode\"): save it as UTF-8"));
        goto fail;
    }
    /* Notepad writes a byte order mark: harmless, skipped. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    doc = calloc(1, sizeof(*doc));
    if (doc) {
        doc->text = malloc(len + 1);
        doc->file = strdup(file);
        doc->code = strdup(opts->code ? opts->code : "schema");
    }
    if (!doc || !doc->text || !doc->file || !doc->code) {
        set_error(err, 1, 1, "json", "%s", _("out of memory"));
        goto fail;
    }
    memcpy(doc->text, text, len);
    doc->text[len] = 0;
    doc->len = len;
    doc->diags = opts->diags;

    struct scan sc = {
        .s = doc->text,
        .len = len,
        .line = 1,
        .col = 1,
        .end_line = 1,
        .end_col = 1,
        .max_depth = opts->max_depth > 0 ? opts->max_depth : DEFAULT_DEPTH,
        .err = err,
        .neutral = opts->what != NULL,
    };
    const char *end = NULL;
    tree = cJSON_ParseWithLengthOpts(doc->text, len, &end, false);
    if (!tree) {
        /* The scanner says what is wrong, in plain words and at the right place. */
        if (!scan_text(&sc, NULL) || sc.failed)
            goto fail;
        int line, col;
        size_t off = end && end >= doc->text ? (size_t)(end - doc->text) : 0;
        linecol(doc->text, len, off, &line, &col);
        set_error(err, line, col, "json", "%s", _("the JSON cannot be read here"));
        goto fail;
    }
    size_t max_values = opts->max_values ? opts->max_values : JSON_MAX_VALUES;
    size_t n_nodes = count_tree(tree, max_values);
    if (n_nodes > max_values) {
        set_error(err, 1, 1, "limit", _("more than %zu values: is this the right file?"),
                  max_values);
        goto fail;
    }
    doc->nodes = calloc(n_nodes, sizeof(*doc->nodes));
    if (!doc->nodes) {
        set_error(err, 1, 1, "json", "%s", _("out of memory"));
        goto fail;
    }
    doc->n_nodes = n_nodes;
    doc->tree = tree;
    tree = NULL;
    sc.doc = doc;
    if (!scan_text(&sc, doc->tree) || sc.failed)
        goto fail;
    if (sc.used != doc->n_nodes) {
        set_error(err, 1, 1, "json", "%s", _("the JSON cannot be read here"));
        goto fail;
    }
    if (!report_dups(doc)) {
        set_error(err, 1, 1, "json", "%s", _("out of memory"));
        goto fail;
    }
    return doc;
fail:
    diag_add(opts->diags, DIAG_ERROR, file, err->line, err->col, NULL,
             err->code ? err->code : "json", "%s", err->message);
    cJSON_Delete(tree);
    json_free(doc);
    return NULL;
}

void json_free(struct json_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->n_nodes; i++)
        free(doc->nodes[i].edited);
    free(doc->nodes);
    cJSON_Delete(doc->tree);
    free(doc->text);
    free(doc->file);
    free(doc->code);
    free(doc);
}

size_t json_errors(const struct json_doc *doc)
{
    return doc ? doc->errors : 0;
}

const char *json_file(const struct json_doc *doc)
{
    return doc ? doc->file : "-";
}

/* ---- the tree ------------------------------------------------------------ */

const struct json_node *json_root(const struct json_doc *doc)
{
    return doc && doc->n_nodes ? &doc->nodes[0] : NULL;
}

enum json_type json_type(const struct json_node *v)
{
    return v ? v->type : JSON_NULL;
}

bool json_is(const struct json_node *v, enum json_type t)
{
    return v && v->type == t;
}

const struct json_node *json_parent(const struct json_node *v)
{
    return v ? v->parent : NULL;
}

const struct json_node *json_get(const struct json_node *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT || !key)
        return NULL;
    for (const struct json_node *m = obj->child; m; m = m->next)
        if (strcmp(m->key, key) == 0)
            return m;
    return NULL;
}

size_t json_count(const struct json_node *v)
{
    return v ? v->count : 0;
}

const struct json_node *json_first(const struct json_node *v)
{
    return v ? v->child : NULL;
}

const struct json_node *json_next(const struct json_node *child)
{
    return child ? child->next : NULL;
}

const struct json_node *json_at(const struct json_node *arr, size_t i)
{
    const struct json_node *c = json_first(arr);
    while (c && i--)
        c = c->next;
    return c;
}

const char *json_key(const struct json_node *v)
{
    return v ? v->key : NULL;
}

size_t json_index(const struct json_node *v)
{
    return v ? v->index : 0;
}

int json_line(const struct json_node *v)
{
    return v ? v->line : 0;
}

int json_col(const struct json_node *v)
{
    return v ? v->col : 0;
}

int json_key_line(const struct json_node *v)
{
    return v ? v->kline : 0;
}

int json_key_col(const struct json_node *v)
{
    return v ? v->kcol : 0;
}

static bool plain_key(const char *k)
{
    if (!*k)
        return false;
    for (; *k; k++)
        if (!(is_alpha(*k) || is_digit(*k) || *k == '-' || *k == '$'))
            return false;
    return true;
}

static void path_build(const struct json_node *v, struct dynbuf *b)
{
    if (!v || !v->parent)
        return;
    path_build(v->parent, b);
    if (!v->key) {
        dynbuf_printf(b, "[%zu]", v->index);
    } else if (plain_key(v->key)) {
        if (dynbuf_len(b))
            dynbuf_addc(b, '.');
        dynbuf_addstr(b, v->key);
    } else {
        /* ["odd key"], with " and \ escaped so paths never collide. */
        dynbuf_addstr(b, "[\"");
        for (const char *k = v->key; *k; k++) {
            if (*k == '"' || *k == '\\')
                dynbuf_addc(b, '\\');
            dynbuf_addc(b, (unsigned char)*k < 0x20 ? '?' : *k);
        }
        dynbuf_addstr(b, "\"]");
    }
}

size_t json_path(const struct json_node *v, char *buf, size_t n)
{
    struct dynbuf b;
    dynbuf_init(&b, MAX_PATH);
    path_build(v, &b);
    size_t len = dynbuf_len(&b);
    if (n) {
        size_t cut = len < n ? len : n - 1;
        const char *p = dynbuf_ptr(&b);
        while (cut < len && cut > 0 && ((unsigned char)p[cut] & 0xC0) == 0x80)
            cut--; /* do not cut a character in half */
        memcpy(buf, p, cut);
        buf[cut] = 0;
    }
    dynbuf_free(&b);
    return len;
}

const char *json_string(const struct json_node *v)
{
    return v && v->type == JSON_STRING ? v->str : NULL;
}

bool json_true(const struct json_node *v)
{
    return v && v->type == JSON_BOOL && v->bval;
}

double json_number(const struct json_node *v)
{
    return v && v->type == JSON_NUMBER ? v->num : 0;
}

const char *json_number_text(const struct json_node *v, size_t *len)
{
    bool num = v && v->type == JSON_NUMBER;
    if (len)
        *len = num ? v->num_len : 0;
    return num ? v->num_text : NULL;
}

enum json_int_status json_int(const struct json_node *v, int64_t *out)
{
    if (!v || v->type != JSON_NUMBER)
        return JSON_INT_NOT_NUMBER;
    const char *s = v->num_text;
    size_t n = v->num_len;
    bool neg = n && s[0] == '-';
    size_t i = neg ? 1 : 0;
    bool plain = i < n;
    for (size_t k = i; k < n; k++)
        plain = plain && is_digit(s[k]);
    if (plain) {
        /* Digits, accumulated as a negative number so INT64_MIN fits too. */
        int64_t acc = 0;
        for (; i < n; i++) {
            int d = s[i] - '0';
            if (acc < (INT64_MIN + d) / 10)
                return JSON_INT_TOO_LARGE;
            acc = acc * 10 - d;
        }
        if (!neg && acc == INT64_MIN)
            return JSON_INT_TOO_LARGE;
        *out = neg ? acc : -acc;
        return JSON_INT_OK;
    }
    /* 10.0 or 1e3: whole, and exact only within a double's 53 bits. */
    double d = v->num;
    if (!isfinite(d))
        return JSON_INT_TOO_LARGE;
    if (d != floor(d))
        return JSON_INT_FRACTION;
    if (fabs(d) > 9007199254740992.0)
        return JSON_INT_INEXACT;
    *out = (int64_t)d;
    return JSON_INT_OK;
}

void json_describe(const struct json_node *v, char *buf, size_t n)
{
    switch (json_type(v)) {
    case JSON_STRING: {
        char shown[64];
        size_t len = strlen(v->str);
        if (len < sizeof(shown)) {
            memcpy(shown, v->str, len + 1);
        } else {
            size_t cut = sizeof(shown) - 4;
            while (cut > 0 && ((unsigned char)v->str[cut] & 0xC0) == 0x80)
                cut--; /* do not cut a character in half */
            memcpy(shown, v->str, cut);
            memcpy(shown + cut, "...", 4);
        }
        snprintf(buf, n, _("the text \"%s\""), shown);
        break;
    }
    case JSON_NUMBER: {
        /* As written: 9007199254740993 is not 9.0072e+15. */
        char num[40];
        size_t len = v->num_len < sizeof(num) ? v->num_len : sizeof(num) - 1;
        memcpy(num, v->num_text, len);
        num[len] = 0;
        snprintf(buf, n, _("the number %s"), num);
        break;
    }
    case JSON_BOOL:
        snprintf(buf, n, "%s", v->bval ? "true" : "false");
        break;
    case JSON_NULL:
        snprintf(buf, n, "null");
        break;
    case JSON_ARRAY:
        snprintf(buf, n, "%s", _("a list [ ... ]"));
        break;
    case JSON_OBJECT:
        snprintf(buf, n, "%s", _("an object { ... }"));
        break;
    }
}

/* ---- diagnostics ---------------------------------------------------------- */

static void vreport(struct json_doc *doc, const struct json_node *v, bool at_key,
                    enum diag_severity sev, const char *code, const char *fmt, va_list ap)
{
    if (!doc)
        return;
    if (!v)
        v = json_root(doc);
    char path[512];
    json_path(v, path, sizeof(path));
    char msg[1000];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    if (sev == DIAG_ERROR)
        doc->errors++;
    diag_add(doc->diags, sev, doc->file, at_key ? json_key_line(v) : json_line(v),
             at_key ? json_key_col(v) : json_col(v), path[0] ? path : NULL, code ? code : doc->code,
             "%s", msg);
}

void json_report(struct json_doc *doc, const struct json_node *v, enum diag_severity sev,
                 const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(doc, v, false, sev, code, fmt, ap);
    va_end(ap);
}

void json_report_key(struct json_doc *doc, const struct json_node *v, enum diag_severity sev,
                     const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(doc, v, true, sev, code, fmt, ap);
    va_end(ap);
}

static bool wrong_type(struct json_doc *doc, const struct json_node *v, const char *expected)
{
    char got[128];
    json_describe(v, got, sizeof(got));
    json_report(doc, v, DIAG_ERROR, NULL, _("expected %s, got %s"), expected, got);
    return false;
}

bool json_as_string(struct json_doc *doc, const struct json_node *v, const char *expected,
                    const char **out)
{
    if (!v)
        return false;
    if (v->type != JSON_STRING)
        return wrong_type(doc, v, expected);
    *out = v->str;
    return true;
}

bool json_as_bool(struct json_doc *doc, const struct json_node *v, const char *expected, bool *out)
{
    if (!v)
        return false;
    if (v->type != JSON_BOOL)
        return wrong_type(doc, v, expected);
    *out = v->bval;
    return true;
}

bool json_as_number(struct json_doc *doc, const struct json_node *v, const char *expected,
                    double *out)
{
    if (!v)
        return false;
    if (v->type != JSON_NUMBER)
        return wrong_type(doc, v, expected);
    if (!isfinite(v->num)) {
        json_report(doc, v, DIAG_ERROR, NULL, _("this number is too large: expected %s"), expected);
        return false;
    }
    *out = v->num;
    return true;
}

bool json_as_int(struct json_doc *doc, const struct json_node *v, const char *expected, int64_t lo,
                 int64_t hi, int64_t *out)
{
    if (!v)
        return false;
    char num[40] = "";
    if (v->type == JSON_NUMBER) {
        size_t len = v->num_len < sizeof(num) ? v->num_len : sizeof(num) - 1;
        memcpy(num, v->num_text, len);
        num[len] = 0;
    }
    int64_t x = 0;
    switch (json_int(v, &x)) {
    case JSON_INT_NOT_NUMBER:
        return wrong_type(doc, v, expected);
    case JSON_INT_FRACTION:
        json_report(doc, v, DIAG_ERROR, NULL, _("expected %s, got %s: use a whole number"),
                    expected, num);
        return false;
    case JSON_INT_INEXACT:
        json_report(doc, v, DIAG_ERROR, NULL,
                    _("expected %s, got %s: write a number this large with its digits, without "
                      "a decimal point or exponent"),
                    expected, num);
        return false;
    case JSON_INT_TOO_LARGE:
        json_report(doc, v, DIAG_ERROR, NULL, _("expected %s between %lld and %lld, got %s"),
                    expected, (long long)lo, (long long)hi, num);
        return false;
    case JSON_INT_OK:
        break;
    }
    if (x < lo || x > hi) {
        json_report(doc, v, DIAG_ERROR, NULL, _("expected %s between %lld and %lld, got %s"),
                    expected, (long long)lo, (long long)hi, num);
        return false;
    }
    *out = x;
    return true;
}

bool json_as_enum(struct json_doc *doc, const struct json_node *v, const char *expected,
                  const char *const *names, int *out)
{
    if (!v)
        return false;
    for (int i = 0; v->type == JSON_STRING && names[i]; i++)
        if (strcmp(v->str, names[i]) == 0) {
            *out = i;
            return true;
        }
    return wrong_type(doc, v, expected);
}

bool json_as_object(struct json_doc *doc, const struct json_node *v, const char *expected)
{
    if (!v)
        return false;
    return v->type == JSON_OBJECT || wrong_type(doc, v, expected);
}

bool json_as_array(struct json_doc *doc, const struct json_node *v, const char *expected)
{
    if (!v)
        return false;
    return v->type == JSON_ARRAY || wrong_type(doc, v, expected);
}

const struct json_node *json_require(struct json_doc *doc, const struct json_node *obj,
                                     const char *key, const char *hint)
{
    const struct json_node *v = json_get(obj, key);
    if (!v)
        json_report(doc, obj, DIAG_ERROR, NULL, _("missing \"%s\": %s"), key, hint);
    return v;
}

/* Edit distance with adjacent transpositions ("dispaly"), on bytes. */
static size_t distance(const char *a, const char *b)
{
    enum { N = 48 };
    size_t la = strlen(a), lb = strlen(b);
    if (la >= N || lb >= N)
        return SIZE_MAX;
    size_t d[N + 1][N + 1];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (d[i - 1][j - 1] + cost < best)
                best = d[i - 1][j - 1] + cost;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

const char *json_suggest(const char *key, const char *const *known)
{
    if (!key || !*key)
        return NULL;
    size_t len = strlen(key);
    size_t limit = len >= 6 ? 2 : 1;
    const char *best = NULL;
    size_t best_d = SIZE_MAX;
    for (size_t i = 0; known[i]; i++) {
        size_t d = strcasecmp(key, known[i]) == 0 ? 0 : distance(key, known[i]);
        if (d < best_d) {
            best_d = d;
            best = known[i];
        }
    }
    return best_d <= limit ? best : NULL;
}

static bool listed(const char *key, const char *const *known)
{
    for (size_t i = 0; known[i]; i++)
        if (strcmp(key, known[i]) == 0)
            return true;
    return false;
}

size_t json_unknown_members(struct json_doc *doc, const struct json_node *obj,
                            const char *const *known, enum diag_severity sev, const char *what)
{
    size_t n = 0;
    if (json_type(obj) != JSON_OBJECT)
        return 0;
    for (const struct json_node *m = obj->child; m; m = m->next) {
        if (m->key[0] == '_' || listed(m->key, known))
            continue;
        n++;
        const char *near = json_suggest(m->key, known);
        if (sev == DIAG_WARNING && near)
            json_report_key(doc, m, sev, NULL,
                            _("unknown field \"%.60s\" in %s: it is ignored; did you mean \"%s\"?"),
                            m->key, what, near);
        else if (sev == DIAG_WARNING)
            json_report_key(doc, m, sev, NULL,
                            _("unknown field \"%.60s\" in %s: it is ignored (check its spelling)"),
                            m->key, what);
        else if (near)
            json_report_key(doc, m, sev, NULL,
                            _("unknown field \"%.60s\" in %s: did you mean \"%s\"?"), m->key, what,
                            near);
        else {
            char list[400] = "";
            size_t used = 0;
            for (size_t i = 0; known[i] && used < sizeof(list); i++) {
                int w =
                    snprintf(list + used, sizeof(list) - used, "%s\"%s\"", i ? ", " : "", known[i]);
                used += w > 0 ? (size_t)w : 0;
            }
            json_report_key(doc, m, sev, NULL,
                            _("unknown field \"%.60s\" in %s: check its spelling (known fields: "
                              "%s)"),
                            m->key, what, list);
        }
    }
    return n;
}

/* ---- edits ----------------------------------------------------------------- */

bool json_set_string(struct json_doc *doc, const struct json_node *obj, const char *key,
                     const char *value)
{
    const struct json_node *m = json_get(obj, key);
    if (!doc || !m || !value)
        return false;
    /* Nodes are the doc's own: the const is for readers. */
    struct json_node *w = &doc->nodes[m - doc->nodes];
    char *copy = strdup(value);
    if (!copy)
        return false;
    free(w->edited);
    w->edited = copy;
    w->str = copy;
    w->type = JSON_STRING;
    w->child = w->last = NULL;
    w->count = 0;
    return true;
}
