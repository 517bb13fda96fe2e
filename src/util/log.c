/* SPDX-License-Identifier: MIT */
#include "util/log.h"

#include <stdio.h>

static int quiet;

void log_set_quiet(int q)
{
    quiet = q;
}

static void vlog(const char *level, const char *fmt, va_list ap)
{
    /* Build the line first so concurrent threads never interleave halves. */
    char line[1024];
    int n = snprintf(line, sizeof(line), "bangtin: %s", level);
    if (n < 0 || (size_t)n >= sizeof(line))
        return;
    vsnprintf(line + n, sizeof(line) - (size_t)n, fmt, ap);
    fprintf(stderr, "%s\n", line);
}

void log_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("error: ", fmt, ap);
    va_end(ap);
}

void log_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog("warning: ", fmt, ap);
    va_end(ap);
}

void log_info(const char *fmt, ...)
{
    if (quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vlog("", fmt, ap);
    va_end(ap);
}
