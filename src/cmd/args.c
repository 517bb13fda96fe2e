#include "cmd/args.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool args_size(const char *s, int *w, int *h)
{
    char tail;
    if (sscanf(s, "%dx%d%c", w, h, &tail) != 2)
        return false;
    return *w >= 16 && *h >= 16 && *w <= 16384 && *h <= 16384;
}

bool args_local_time(const char *s, time_t *out)
{
    struct tm tm = {0};
    int y, mo, d, hh = 0, mm = 0;
    char tail;
    int n = sscanf(s, "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &hh, &mm, &tail);
    if (n != 5 && !(n == 3 && strlen(s) == 10))
        return false;
    if (y < 1900 || y > 2199 || mo < 1 || mo > 12 || d < 1 || d > 31 || hh > 23 || mm > 59 ||
        hh < 0 || mm < 0)
        return false;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = hh;
    tm.tm_min = mm;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    /* mktime normalises 2026-02-30 to March: refuse what it had to move. */
    if (t == (time_t)-1 || tm.tm_mday != d || tm.tm_mon != mo - 1)
        return false;
    *out = t;
    return true;
}

bool args_seconds(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v) || v <= 0 || v > 1e7)
        return false;
    *out = v;
    return true;
}
