/* SPDX-License-Identifier: MIT */
#pragma once
/* Errors as values: a function that fails writes one line saying why into
 * its caller's buffer, which the caller logs or passes up. */

#include <stddef.h>

/* printf into buf (capacity n); a NULL buf or n == 0 is allowed. */
void reason_set(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
