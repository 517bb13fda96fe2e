#include "json/jsonpos.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/i18n.h"

/* A 4 MB file of "[0,0,0..." has two million values; positions of the
 * first quarter million are plenty to point at a playlist's fields. */
#define MAX_ENTRIES 262144u
#define MAX_DUPS    100u
#define MAX_KEY     128 /* bytes of a decoded key kept for its path */

struct entry {
    char *path; /* owned; NULL marks a free slot */
    int vline, vcol, kline, kcol;
};

struct dup {
    char *path; /* owned */
    int line, col;
};

struct jsonpos {
    struct entry *tab; /* owned, open addressing, cap a power of two */
    size_t cap, count;
    struct dup *dups; /* owned */
    size_t ndups;
};

struct scan {
    const char *s;
    size_t len, i;
    int line, col;
    int end_line, end_col; /* just after the last token: where a missing ',' goes */
    int depth, max_depth;
    struct jsonpos *jp;
    struct jsonpos_error *err;
    bool failed;
    char path[JSONPOS_MAX_PATH];
    size_t plen;
    bool path_ok; /* false while inside a path too long to record */
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static struct entry *tab_slot(struct entry *tab, size_t cap, const char *path)
{
    size_t i = hash(path) & (cap - 1);
    while (tab[i].path && strcmp(tab[i].path, path) != 0)
        i = (i + 1) & (cap - 1);
    return &tab[i];
}

static bool tab_grow(struct jsonpos *jp)
{
    size_t ncap = jp->cap ? jp->cap * 2 : 256;
    struct entry *n = calloc(ncap, sizeof(*n));
    if (!n)
        return false;
    for (size_t i = 0; i < jp->cap; i++)
        if (jp->tab[i].path)
            *tab_slot(n, ncap, jp->tab[i].path) = jp->tab[i];
    free(jp->tab);
    jp->tab = n;
    jp->cap = ncap;
    return true;
}

static void record(struct scan *sc, int kline, int kcol, int vline, int vcol)
{
    struct jsonpos *jp = sc->jp;
    if (!sc->path_ok || jp->count >= MAX_ENTRIES)
        return;
    if (jp->count * 2 >= jp->cap && !tab_grow(jp))
        return;
    struct entry *e = tab_slot(jp->tab, jp->cap, sc->path);
    if (e->path) {
        /* The same path twice can only be a key repeated in one object. */
        if (jp->ndups < MAX_DUPS) {
            if (!jp->dups)
                jp->dups = calloc(MAX_DUPS, sizeof(*jp->dups));
            char *p = jp->dups ? strdup(sc->path) : NULL;
            if (p)
                jp->dups[jp->ndups++] = (struct dup){p, kline, kcol};
        }
        return;
    }
    char *p = strdup(sc->path);
    if (!p)
        return;
    *e = (struct entry){p, vline, vcol, kline, kcol};
    jp->count++;
}

static bool fail(struct scan *sc, int line, int col, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static bool fail(struct scan *sc, int line, int col, const char *code, const char *fmt, ...)
{
    if (sc->failed)
        return false;
    sc->failed = true;
    sc->err->offset = sc->i;
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

static size_t path_push_key(struct scan *sc, const char *key, bool trunc)
{
    size_t saved = sc->plen;
    if (!sc->path_ok)
        return saved;
    bool plain = !trunc && key[0];
    for (const char *k = key; *k && plain; k++)
        plain = is_alpha(*k) || is_digit(*k) || *k == '-' || *k == '$';
    char comp[MAX_KEY * 2 + 8];
    if (plain) {
        snprintf(comp, sizeof(comp), "%s%s", sc->plen ? "." : "", key);
    } else {
        /* ["odd key"], with " and \ escaped so paths never collide. */
        size_t n = 0;
        comp[n++] = '[';
        comp[n++] = '"';
        for (const char *k = key; *k && n < sizeof(comp) - 4; k++) {
            if (*k == '"' || *k == '\\')
                comp[n++] = '\\';
            comp[n++] = (unsigned char)*k < 0x20 ? '?' : *k;
        }
        if (trunc)
            comp[n++] = '~'; /* never equal to a real key's path */
        comp[n++] = '"';
        comp[n++] = ']';
        comp[n] = 0;
    }
    size_t cl = strlen(comp);
    if (sc->plen + cl >= sizeof(sc->path)) {
        sc->path_ok = false;
        return saved;
    }
    memcpy(sc->path + sc->plen, comp, cl + 1);
    sc->plen += cl;
    return saved;
}

static size_t path_push_index(struct scan *sc, size_t idx)
{
    size_t saved = sc->plen;
    if (!sc->path_ok)
        return saved;
    char comp[32];
    int cl = snprintf(comp, sizeof(comp), "[%zu]", idx);
    if (sc->plen + (size_t)cl >= sizeof(sc->path)) {
        sc->path_ok = false;
        return saved;
    }
    memcpy(sc->path + sc->plen, comp, (size_t)cl + 1);
    sc->plen += (size_t)cl;
    return saved;
}

static void path_pop(struct scan *sc, size_t saved, bool was_ok)
{
    sc->plen = saved;
    sc->path[saved] = 0;
    sc->path_ok = was_ok;
}

static bool scan_value(struct scan *sc);

static bool eof_in(struct scan *sc, char open, int line, int col)
{
    return fail(sc, sc->end_line, sc->end_col, "json",
                _("the file ends before the '%c' opened at line %d, column %d is closed with "
                  "'%c'"),
                open, line, col, open == '{' ? '}' : ']');
}

static bool scan_object(struct scan *sc)
{
    int oline = sc->line, ocol = sc->col;
    adv(sc);
    mark_end(sc);
    skip_ws(sc);
    if (!at_end(sc) && sc->s[sc->i] == '}') {
        adv(sc);
        mark_end(sc);
        return true;
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
        bool was_ok = sc->path_ok;
        size_t saved = path_push_key(sc, key, trunc);
        int vline = sc->line, vcol = sc->col;
        bool ok = scan_value(sc);
        if (ok)
            record(sc, kline, kcol, vline, vcol);
        path_pop(sc, saved, was_ok);
        if (!ok)
            return false;
        bool was_number = sc->s[sc->i - 1] >= '0' && sc->s[sc->i - 1] <= '9';
        int prev_line = sc->end_line, prev_col = sc->end_col;
        skip_ws(sc);
        if (at_end(sc))
            return eof_in(sc, '{', oline, ocol);
        c = sc->s[sc->i];
        if (c == '}') {
            adv(sc);
            mark_end(sc);
            return true;
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

static bool scan_array(struct scan *sc)
{
    int oline = sc->line, ocol = sc->col;
    adv(sc);
    mark_end(sc);
    skip_ws(sc);
    if (!at_end(sc) && sc->s[sc->i] == ']') {
        adv(sc);
        mark_end(sc);
        return true;
    }
    for (size_t idx = 0;; idx++) {
        if (at_end(sc))
            return eof_in(sc, '[', oline, ocol);
        bool was_ok = sc->path_ok;
        size_t saved = path_push_index(sc, idx);
        int vline = sc->line, vcol = sc->col;
        bool ok = scan_value(sc);
        if (ok)
            record(sc, vline, vcol, vline, vcol);
        path_pop(sc, saved, was_ok);
        if (!ok)
            return false;
        int prev_line = sc->end_line, prev_col = sc->end_col;
        skip_ws(sc);
        if (at_end(sc))
            return eof_in(sc, '[', oline, ocol);
        char c = sc->s[sc->i];
        if (c == ']') {
            adv(sc);
            mark_end(sc);
            return true;
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

static bool scan_value(struct scan *sc)
{
    if (at_end(sc))
        return fail(sc, sc->end_line, sc->end_col, "json",
                    _("the file ends where a value was expected"));
    char c = sc->s[sc->i];
    if (c == '{' || c == '[') {
        if (sc->depth >= sc->max_depth)
            return fail(sc, sc->line, sc->col, "limit",
                        _("nested more than %d levels deep: a playlist never needs this many "
                          "'{' or '['"),
                        sc->max_depth);
        sc->depth++;
        bool ok = c == '{' ? scan_object(sc) : scan_array(sc);
        sc->depth--;
        return ok;
    }
    if (c == '"')
        return scan_string(sc, NULL, NULL);
    if (c == '-' || is_digit(c))
        return scan_number(sc);
    if (c == '.' && sc->i + 1 < sc->len && is_digit(sc->s[sc->i + 1]))
        return fail_here(sc, "json", _("write a 0 before the decimal point: 0.5, not .5"));
    if (is_alpha(c))
        return scan_word(sc);
    if (c == ',')
        return fail_here(sc, "json", _("a value is missing before this comma"));
    return unexpected(sc, _("expected a value: a number, text in double quotes, true, false, "
                            "null, { or ["));
}

struct jsonpos *jsonpos_scan(const char *text, size_t len, int max_depth, struct jsonpos_error *err)
{
    memset(err, 0, sizeof(*err));
    struct jsonpos *jp = calloc(1, sizeof(*jp));
    if (!jp) {
        err->code = "json";
        snprintf(err->message, sizeof(err->message), "%s", _("out of memory"));
        return NULL;
    }
    struct scan sc = {
        .s = text,
        .len = len,
        .line = 1,
        .col = 1,
        .end_line = 1,
        .end_col = 1,
        .max_depth = max_depth,
        .jp = jp,
        .err = err,
        .path_ok = true,
    };
    skip_ws(&sc);
    if (at_end(&sc)) {
        fail(&sc, 1, 1, "json",
             _("the file is empty: a playlist starts with { and lists its \"items\""));
        goto fail;
    }
    int line = sc.line, col = sc.col;
    if (!scan_value(&sc))
        goto fail;
    record(&sc, line, col, line, col);
    skip_ws(&sc);
    if (!at_end(&sc)) {
        if (sc.s[sc.i] == ',' || sc.s[sc.i] == '{')
            fail_here(&sc, "json",
                      _("text after the end of the playlist: the final '}' closes it too early, "
                        "or this is extra"));
        else
            unexpected(&sc, _("the playlist already ended; remove what follows"));
        goto fail;
    }
    return jp;
fail:
    jsonpos_free(jp);
    return NULL;
}

void jsonpos_free(struct jsonpos *jp)
{
    if (!jp)
        return;
    for (size_t i = 0; i < jp->cap; i++)
        free(jp->tab[i].path);
    for (size_t i = 0; i < jp->ndups; i++)
        free(jp->dups[i].path);
    free(jp->tab);
    free(jp->dups);
    free(jp);
}

static const struct entry *lookup(const struct jsonpos *jp, const char *path)
{
    if (!jp || !jp->cap)
        return NULL;
    /* Try path, then each shorter prefix at a component boundary. */
    size_t n = strlen(path);
    if (n >= JSONPOS_MAX_PATH)
        n = JSONPOS_MAX_PATH - 1;
    size_t bounds[JSONPOS_MAX_PATH];
    size_t nb = 0;
    bool inq = false;
    for (size_t i = 0; i < n; i++) {
        char c = path[i];
        if (inq) {
            if (c == '\\')
                i++;
            else if (c == '"')
                inq = false;
            continue;
        }
        if (c == '"')
            inq = true;
        else if ((c == '.' || c == '[') && i > 0)
            bounds[nb++] = i;
    }
    char buf[JSONPOS_MAX_PATH];
    memcpy(buf, path, n);
    buf[n] = 0;
    for (;;) {
        const struct entry *e = tab_slot(jp->tab, jp->cap, buf);
        if (e->path)
            return e;
        if (!buf[0])
            return NULL;
        buf[nb ? bounds[--nb] : 0] = 0;
    }
}

bool jsonpos_value(const struct jsonpos *jp, const char *path, int *line, int *col)
{
    const struct entry *e = lookup(jp, path ? path : "");
    if (!e)
        return false;
    *line = e->vline;
    *col = e->vcol;
    return true;
}

bool jsonpos_key(const struct jsonpos *jp, const char *path, int *line, int *col)
{
    const struct entry *e = lookup(jp, path ? path : "");
    if (!e)
        return false;
    *line = e->kline;
    *col = e->kcol;
    return true;
}

size_t jsonpos_dup_count(const struct jsonpos *jp)
{
    return jp ? jp->ndups : 0;
}

bool jsonpos_dup(const struct jsonpos *jp, size_t i, const char **path, int *line, int *col)
{
    if (!jp || i >= jp->ndups)
        return false;
    *path = jp->dups[i].path;
    *line = jp->dups[i].line;
    *col = jp->dups[i].col;
    return true;
}

void jsonpos_linecol(const char *text, size_t len, size_t offset, int *line, int *col)
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
