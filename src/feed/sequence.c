#include "feed/sequence.h"

#include <string.h>

#include "util/reason.h"

static bool digit(char c)
{
    return c >= '0' && c <= '9';
}

bool sequence_parse(const char *tok, size_t len, int64_t *out, char *reason, size_t reason_n)
{
    int shown = len > 40 ? 40 : (int)len;
    if (len == 0) {
        reason_set(reason, reason_n, "\"sequence\" is empty");
        return false;
    }
    if (tok[0] == '"') {
        reason_set(reason, reason_n,
                   "\"sequence\" must be a number, not text in quotes: write %.*s without quotes",
                   shown, tok);
        return false;
    }
    if (tok[0] != '-' && !digit(tok[0])) {
        reason_set(reason, reason_n, "\"sequence\" must be a whole number >= 1, got %.*s", shown,
                   tok);
        return false;
    }
    if (tok[0] == '-') {
        reason_set(reason, reason_n,
                   "\"sequence\" is negative (%.*s); it must be a whole number >= 1 that grows "
                   "with every version",
                   shown, tok);
        return false;
    }
    uint64_t v = 0;
    size_t i = 0;
    for (; i < len && digit(tok[i]); i++) {
        unsigned d = (unsigned)(tok[i] - '0');
        if (v > ((uint64_t)SEQUENCE_MAX - d) / 10) {
            reason_set(reason, reason_n,
                       "\"sequence\" %.*s is larger than %lld, the largest a board stores", shown,
                       tok, (long long)SEQUENCE_MAX);
            return false;
        }
        v = v * 10 + d;
    }
    if (i < len && (tok[i] == '.' || tok[i] == 'e' || tok[i] == 'E')) {
        reason_set(reason, reason_n,
                   "\"sequence\" %.*s is not a whole number; write plain digits (1, 2, 3 ...)",
                   shown, tok);
        return false;
    }
    if (i != len) {
        reason_set(reason, reason_n, "\"sequence\" must be a whole number >= 1, got %.*s", shown,
                   tok);
        return false;
    }
    *out = (int64_t)v;
    return true;
}

/* Whitespace as cJSON skips it (every byte up to space), so both readers
 * of a feed see the same members. */
static bool ws(char ch)
{
    return (unsigned char)ch <= 32;
}

static size_t skip_ws(const char *t, size_t len, size_t i)
{
    while (i < len && ws(t[i]))
        i++;
    return i;
}

static int hexval(char ch)
{
    return ch >= '0' && ch <= '9'   ? ch - '0'
           : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
           : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                    : -1;
}

/* Whether the JSON string body t[i..end) decodes to the ASCII key. */
static bool key_equals(const char *t, size_t i, size_t end, const char *key)
{
    size_t k = 0;
    while (i < end) {
        unsigned cp = (unsigned char)t[i++];
        if (cp == '\\' && i < end) {
            char e = t[i++];
            if (e == 'u') {
                if (end - i < 4)
                    return false;
                cp = 0;
                for (int d = 0; d < 4; d++) {
                    int v = hexval(t[i++]);
                    if (v < 0)
                        return false;
                    cp = cp * 16 + (unsigned)v;
                }
            } else {
                cp = e == 'n'   ? '\n'
                     : e == 't' ? '\t'
                     : e == 'r' ? '\r'
                     : e == 'b' ? '\b'
                     : e == 'f' ? '\f'
                                : (unsigned char)e;
            }
        }
        if (!key[k] || cp != (unsigned char)key[k])
            return false;
        k++;
    }
    return key[k] == '\0';
}

/* i at an opening quote; returns the index after the closing one, or len. */
static size_t skip_string(const char *t, size_t len, size_t i)
{
    for (i++; i < len; i++) {
        if (t[i] == '\\')
            i++;
        else if (t[i] == '"')
            return i + 1;
    }
    return len;
}

/* Skips one value starting at i (not whitespace); returns the index after. */
static size_t skip_value(const char *t, size_t len, size_t i)
{
    if (i >= len)
        return len;
    if (t[i] == '"')
        return skip_string(t, len, i);
    if (t[i] == '{' || t[i] == '[') {
        size_t depth = 0;
        while (i < len) {
            char ch = t[i];
            if (ch == '"') {
                i = skip_string(t, len, i);
                continue;
            }
            if (ch == '{' || ch == '[')
                depth++;
            else if ((ch == '}' || ch == ']') && --depth == 0)
                return i + 1;
            i++;
        }
        return len;
    }
    while (i < len && t[i] != ',' && t[i] != '}' && t[i] != ']' && !ws(t[i]))
        i++;
    return i;
}

bool sequence_member(const char *text, size_t len, const char *key, const char **val,
                     size_t *val_len)
{
    size_t i = skip_ws(text, len, 0);
    if (i >= len || text[i] != '{')
        return false;
    i++;
    for (;;) {
        i = skip_ws(text, len, i);
        if (i >= len || text[i] != '"')
            return false;
        size_t kstart = i + 1, kend = skip_string(text, len, i);
        if (kend >= len)
            return false;
        bool match = key_equals(text, kstart, kend - 1, key);
        i = skip_ws(text, len, kend);
        if (i >= len || text[i] != ':')
            return false;
        i = skip_ws(text, len, i + 1);
        size_t vend = skip_value(text, len, i);
        if (match) {
            *val = text + i;
            *val_len = vend - i;
            return vend > i;
        }
        i = skip_ws(text, len, vend);
        if (i >= len || text[i] != ',')
            return false;
        i++;
    }
}

bool sequence_from_json(const char *text, size_t len, int64_t *out, char *reason, size_t reason_n)
{
    const char *v;
    size_t n;
    if (!sequence_member(text, len, "sequence", &v, &n)) {
        reason_set(reason, reason_n,
                   "feed has no \"sequence\" (a whole number >= 1 that grows with every version)");
        return false;
    }
    if (!sequence_parse(v, n, out, reason, reason_n))
        return false;
    if (*out < 1) {
        reason_set(reason, reason_n,
                   "\"sequence\" is 0; it must be a whole number >= 1 that grows with every "
                   "version");
        return false;
    }
    return true;
}

enum sequence_verdict sequence_judge(int64_t feed, int64_t installed)
{
    return feed > installed ? SEQUENCE_NEWER : feed == installed ? SEQUENCE_SAME : SEQUENCE_REPLAY;
}
