/* SPDX-License-Identifier: MIT */
#pragma once
/* Numbers as Vietnamese readers write them: 7.412 (dot groups thousands),
 * 86,5 (comma before decimals). */

#include <stddef.h>

/* Formats v with at most `decimals` decimals (trailing zeros dropped).
 * Returns buf. */
char *numfmt_vi(double v, int decimals, char *buf, size_t n);
