/* SPDX-License-Identifier: MIT */
#include "vn/numfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

char *numfmt_vi(double v, int decimals, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    if (!isfinite(v) || fabs(v) >= 1e15) {
        snprintf(buf, n, "–");
        return buf;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 6)
        decimals = 6;
    char raw[64];
    snprintf(raw, sizeof(raw), "%.*f", decimals, fabs(v));
    char *dot = strchr(raw, '.');
    size_t int_len = dot ? (size_t)(dot - raw) : strlen(raw);
    if (dot) {
        /* Drop trailing zeros: 86.50 -> 86,5; 86.00 -> 86. */
        char *end = raw + strlen(raw);
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    char out[96];
    size_t o = 0;
    bool neg = v < 0 && strspn(raw, "0.") != strlen(raw);
    if (neg)
        out[o++] = '-';
    for (size_t i = 0; i < int_len; i++) {
        if (i > 0 && (int_len - i) % 3 == 0)
            out[o++] = '.';
        out[o++] = raw[i];
    }
    if (dot && *dot == '.') {
        out[o++] = ',';
        for (const char *p = dot + 1; *p; p++)
            out[o++] = *p;
    }
    out[o] = '\0';
    snprintf(buf, n, "%s", out);
    return buf;
}
