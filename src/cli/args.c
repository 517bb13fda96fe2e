/* SPDX-License-Identifier: MIT */
#include "cli/args.h"

#include "util/strparse.h"

bool args_size(const char *s, int *w, int *h)
{
    return strp_parse_size(s, 16, 16384, w, h);
}

bool args_seconds(const char *s, double *out)
{
    double v;
    if (!strp_parse_decimal(s, &v) || v <= 0 || v > 1e7)
        return false;
    *out = v;
    return true;
}
