/* SPDX-License-Identifier: MIT */
#pragma once
/* One-line messages to stderr, prefixed with the program name. */

#include <stdarg.h>

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Quiet turns log_info off (tests, render). */
void log_set_quiet(int quiet);
