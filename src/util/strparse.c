/* SPDX-License-Identifier: MIT */
#include "util/strparse.h"

#include <string.h>

void strp_init(struct strp *s, const char *str)
{
    strp_initn(s, str ? str : "", str ? strlen(str) : 0);
}

void strp_initn(struct strp *s, const char *str, size_t n)
{
    s->p = str;
    s->end = str + n;
}

bool strp_done(const struct strp *s)
{
    return s->p >= s->end;
}

size_t strp_left(const struct strp *s)
{
    return (size_t)(s->end - s->p);
}

bool strp_char(struct strp *s, char c)
{
    if (s->p >= s->end || *s->p != c)
        return false;
    s->p++;
    return true;
}

bool strp_blanks(struct strp *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t'))
        s->p++;
    return true;
}

static bool digit(const struct strp *s, const char *p)
{
    return p < s->end && *p >= '0' && *p <= '9';
}

bool strp_digits(struct strp *s, int min, int max, int64_t *out)
{
    const char *p = s->p;
    int64_t v = 0;
    int n = 0;
    /* 18 digits always fit in int64_t. */
    if (max > 18)
        max = 18;
    while (n < max && digit(s, p)) {
        v = v * 10 + (*p++ - '0');
        n++;
    }
    if (n < min || n == 0)
        return false;
    s->p = p;
    *out = v;
    return true;
}

bool strp_int(struct strp *s, int64_t lo, int64_t hi, int64_t *out)
{
    const char *p = s->p;
    bool neg = lo < 0 && p < s->end && *p == '-';
    if (neg)
        p++;
    if (!digit(s, p))
        return false;
    /* Accumulated negative, so INT64_MIN fits; refuse on overflow. */
    int64_t acc = 0;
    for (; digit(s, p); p++) {
        int d = *p - '0';
        if (acc < (INT64_MIN + d) / 10)
            return false;
        acc = acc * 10 - d;
    }
    if (!neg && acc == INT64_MIN)
        return false;
    int64_t v = neg ? acc : -acc;
    if (v < lo || v > hi)
        return false;
    s->p = p;
    *out = v;
    return true;
}

bool strp_decimal(struct strp *s, double *out)
{
    const char *p = s->p;
    if (!digit(s, p))
        return false;
    double v = 0;
    for (; digit(s, p); p++)
        v = v * 10 + (*p - '0');
    if (p < s->end && *p == '.') {
        if (!digit(s, p + 1))
            return false;
        /* The fraction as one integer over a power of ten: one rounding. */
        double frac = 0, scale = 1;
        for (p++; digit(s, p); p++) {
            if (scale < 1e17) {
                frac = frac * 10 + (*p - '0');
                scale *= 10;
            }
        }
        v += frac / scale;
    }
    s->p = p;
    *out = v;
    return true;
}

bool strp_hhmm(struct strp *s, bool allow_24, int *minutes)
{
    struct strp t = *s;
    int64_t h, m;
    if (!strp_digits(&t, 1, 2, &h) || !strp_char(&t, ':') || !strp_digits(&t, 2, 2, &m))
        return false;
    if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24)))
        return false;
    *s = t;
    *minutes = (int)(h * 60 + m);
    return true;
}

bool strp_ymd(struct strp *s, int *year, int *month, int *day)
{
    struct strp t = *s;
    int64_t y, m, d;
    if (!strp_digits(&t, 4, 4, &y) || !strp_char(&t, '-') || !strp_digits(&t, 2, 2, &m) ||
        !strp_char(&t, '-') || !strp_digits(&t, 2, 2, &d))
        return false;
    *s = t;
    *year = (int)y;
    *month = (int)m;
    *day = (int)d;
    return true;
}

bool strp_md(struct strp *s, int *month, int *day)
{
    struct strp t = *s;
    int64_t m, d;
    if (!strp_digits(&t, 2, 2, &m) || !strp_char(&t, '-') || !strp_digits(&t, 2, 2, &d))
        return false;
    *s = t;
    *month = (int)m;
    *day = (int)d;
    return true;
}

bool strp_size(struct strp *s, int lo, int hi, int *w, int *h)
{
    struct strp t = *s;
    int64_t a, b;
    if (!strp_int(&t, lo, hi, &a) || !(strp_char(&t, 'x') || strp_char(&t, 'X')) ||
        !strp_int(&t, lo, hi, &b))
        return false;
    *s = t;
    *w = (int)a;
    *h = (int)b;
    return true;
}

bool strp_parse_hhmm(const char *str, bool allow_24, int *minutes)
{
    struct strp s;
    strp_init(&s, str);
    return strp_hhmm(&s, allow_24, minutes) && strp_done(&s);
}

bool strp_parse_int(const char *str, int64_t lo, int64_t hi, int64_t *out)
{
    struct strp s;
    strp_init(&s, str);
    int64_t v;
    if (!strp_int(&s, lo, hi, &v) || !strp_done(&s))
        return false;
    *out = v;
    return true;
}

bool strp_parse_decimal(const char *str, double *out)
{
    struct strp s;
    strp_init(&s, str);
    double v;
    if (!strp_decimal(&s, &v) || !strp_done(&s))
        return false;
    *out = v;
    return true;
}

bool strp_parse_size(const char *str, int lo, int hi, int *w, int *h)
{
    struct strp s;
    strp_init(&s, str);
    int a, b;
    if (!strp_size(&s, lo, hi, &a, &b) || !strp_done(&s))
        return false;
    *w = a;
    *h = b;
    return true;
}
