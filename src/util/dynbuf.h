/* SPDX-License-Identifier: MIT */
#pragma once
/* A growable byte buffer with a size cap (the idea of curl's dynbuf).
 *
 * The cap is given when the buffer is made and every append can fail:
 * past the cap (errno EFBIG) or out of memory (ENOMEM). A failed append
 * leaves the contents as they were. The bytes are always followed by a
 * NUL that the length does not count, so text can be used as a C string.
 * An array of structs grows the same way (dynbuf_add of sizeof(item)
 * bytes); pointers into the buffer move when it grows.
 *
 * The struct lives where it is used (on the stack, in an object); read it
 * only through the functions. */

#include <stdbool.h>
#include <stddef.h>

struct dynbuf {
    char *mem;   /* owned; NULL until the first append */
    size_t len;  /* bytes used, not counting the NUL */
    size_t size; /* bytes allocated */
    size_t cap;  /* len never exceeds this */
};

void dynbuf_init(struct dynbuf *b, size_t cap);
/* Frees the memory; the buffer is empty and usable again (same cap). */
void dynbuf_free(struct dynbuf *b);
/* Empties the buffer, keeping its memory. */
void dynbuf_reset(struct dynbuf *b);

bool dynbuf_add(struct dynbuf *b, const void *mem, size_t n);
bool dynbuf_addstr(struct dynbuf *b, const char *s);
bool dynbuf_addc(struct dynbuf *b, char c);
bool dynbuf_printf(struct dynbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Room for n more bytes without growing again (e.g. before a read()).
 * Returns where they go, or NULL past the cap or out of memory; then call
 * dynbuf_grew() with how many were written. */
char *dynbuf_reserve(struct dynbuf *b, size_t n);
void dynbuf_grew(struct dynbuf *b, size_t n);
/* Drops the last n bytes (all when n > len). */
void dynbuf_trim(struct dynbuf *b, size_t n);

/* The bytes ("" when empty, never NULL) and their count. */
const char *dynbuf_ptr(const struct dynbuf *b);
char *dynbuf_mem(struct dynbuf *b); /* writable; NULL when empty */
size_t dynbuf_len(const struct dynbuf *b);
size_t dynbuf_cap(const struct dynbuf *b);

/* Hands the memory to the caller (NUL-terminated, free() it; an empty
 * buffer gives a fresh "") and leaves the buffer empty. NULL only when out
 * of memory. *len may be NULL. */
char *dynbuf_take(struct dynbuf *b, size_t *len);
