/* SPDX-License-Identifier: MIT */
#include "feed/sequence.h"

#include "util/reason.h"
#include "json/json.h"

bool sequence_parse(const char *digits, size_t len, int64_t *out)
{
    uint64_t v = 0;
    if (len == 0 || len > 19)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (digits[i] < '0' || digits[i] > '9')
            return false;
        unsigned d = (unsigned)(digits[i] - '0');
        if (v > ((uint64_t)SEQUENCE_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = (int64_t)v;
    return true;
}

bool sequence_read(const struct json_node *root, int64_t *out, char *reason, size_t reason_n)
{
    const struct json_node *v = json_get(root, "sequence");
    char what[80];
    size_t tlen = 0;
    const char *text = json_number_text(v, &tlen);
    int shown = text ? (tlen > 40 ? 40 : (int)tlen) : 0;
    if (!v) {
        reason_set(reason, reason_n,
                   "feed has no \"sequence\" (a whole number >= 1 that grows with every version)");
        return false;
    }
    if (json_is(v, JSON_STRING)) {
        reason_set(reason, reason_n,
                   "\"sequence\" must be a number, not text in quotes: write %.40s without quotes",
                   json_string(v));
        return false;
    }
    int64_t n = 0;
    switch (json_int(v, &n)) {
    case JSON_INT_OK:
        break;
    case JSON_INT_NOT_NUMBER:
        json_describe(v, what, sizeof(what));
        reason_set(reason, reason_n, "\"sequence\" must be a whole number >= 1, got %s", what);
        return false;
    case JSON_INT_FRACTION:
        reason_set(reason, reason_n,
                   "\"sequence\" %.*s is not a whole number; write plain digits (1, 2, 3 ...)",
                   shown, text);
        return false;
    case JSON_INT_INEXACT:
        reason_set(reason, reason_n,
                   "\"sequence\" %.*s cannot be read exactly; write it as plain digits", shown,
                   text);
        return false;
    case JSON_INT_TOO_LARGE:
        reason_set(reason, reason_n,
                   "\"sequence\" %.*s is larger than %lld, the largest a board stores", shown, text,
                   (long long)SEQUENCE_MAX);
        return false;
    }
    if (n < 0) {
        reason_set(reason, reason_n,
                   "\"sequence\" is negative (%lld); it must be a whole number >= 1 that grows "
                   "with every version",
                   (long long)n);
        return false;
    }
    if (n == 0) {
        reason_set(reason, reason_n,
                   "\"sequence\" is 0; it must be a whole number >= 1 that grows with every "
                   "version");
        return false;
    }
    *out = n;
    return true;
}

bool sequence_from_text(const char *text, size_t len, int64_t *out)
{
    struct json_doc *doc = json_parse(text, len, NULL, NULL);
    bool ok = doc && sequence_read(json_root(doc), out, NULL, 0);
    json_free(doc);
    return ok;
}

enum sequence_verdict sequence_judge(int64_t feed, int64_t installed)
{
    return feed > installed ? SEQUENCE_NEWER : feed == installed ? SEQUENCE_SAME : SEQUENCE_REPLAY;
}
