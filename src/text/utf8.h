/* SPDX-License-Identifier: MIT */
#pragma once
/* The text engine's front door: bytes from anywhere become clean NFC.
 *
 * Invalid UTF-8 is dropped and counted (never drawn as garbage or as
 * U+FFFD), control characters other than line breaks and tabs are
 * dropped, default-ignorable code points (zero-width space, variation
 * selectors) are removed, and the rest is composed to NFC so that NFD
 * input ("Ê" + U+0301) shapes exactly like NFC ("Ế"). Pure: no I/O. */

#include <stdbool.h>
#include <stddef.h>

/* Longest input accepted; the rest is cut (and counted in *n_invalid). */
#define UTF8_CLEAN_MAX_BYTES (64u * 1024u)

struct utf8_report {
    size_t n_invalid;     /* bytes that were not UTF-8 (or past the cap) */
    size_t first_invalid; /* byte offset of the first, when n_invalid > 0 */
    size_t n_controls;    /* control characters dropped */
};

/* Returns a malloc'd NFC string, or NULL when out of memory. report may be
 * NULL. */
char *utf8_clean(const char *in, size_t len, struct utf8_report *report);

/* True when s is valid UTF-8 and already NFC (nothing to clean). */
bool utf8_is_clean_nfc(const char *s, size_t len);
