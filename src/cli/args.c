#include "cli/args.h"

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

bool args_seconds(const char *s, double *out)
{
    char *end;
    double v = strtod(s, &end);
    if (end == s || *end || !isfinite(v) || v <= 0 || v > 1e7)
        return false;
    *out = v;
    return true;
}
