/* SPDX-License-Identifier: MIT */
#include "util/reason.h"

#include <stdarg.h>
#include <stdio.h>

void reason_set(char *buf, size_t n, const char *fmt, ...)
{
    if (!buf || n == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, n, fmt, ap);
    va_end(ap);
}
