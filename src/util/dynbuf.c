/* SPDX-License-Identifier: MIT */
#include "util/dynbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dynbuf_init(struct dynbuf *b, size_t cap)
{
    *b = (struct dynbuf){.cap = cap};
}

void dynbuf_free(struct dynbuf *b)
{
    free(b->mem);
    b->mem = NULL;
    b->len = b->size = 0;
}

void dynbuf_reset(struct dynbuf *b)
{
    b->len = 0;
    if (b->mem)
        b->mem[0] = 0;
}

/* Makes room for n more bytes and the NUL. */
static bool ensure(struct dynbuf *b, size_t n)
{
    if (n > b->cap || b->len > b->cap - n) {
        errno = EFBIG;
        return false;
    }
    size_t need = b->len + n + 1;
    if (need <= b->size)
        return true;
    /* Doubling keeps appends amortised O(1); never allocate past cap + 1. */
    size_t limit = b->cap < SIZE_MAX ? b->cap + 1 : SIZE_MAX;
    size_t nsize = b->size ? b->size : (limit < 64 ? limit : 64);
    while (nsize < need)
        nsize = nsize > limit / 2 ? limit : nsize * 2;
    char *m = realloc(b->mem, nsize);
    if (!m) {
        errno = ENOMEM;
        return false;
    }
    b->mem = m;
    b->size = nsize;
    return true;
}

bool dynbuf_add(struct dynbuf *b, const void *mem, size_t n)
{
    if (!ensure(b, n))
        return false;
    if (n)
        memcpy(b->mem + b->len, mem, n);
    b->len += n;
    b->mem[b->len] = 0;
    return true;
}

bool dynbuf_addstr(struct dynbuf *b, const char *s)
{
    return dynbuf_add(b, s, strlen(s));
}

bool dynbuf_addc(struct dynbuf *b, char c)
{
    return dynbuf_add(b, &c, 1);
}

bool dynbuf_printf(struct dynbuf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0) {
        errno = EINVAL;
        return false;
    }
    if ((size_t)n < sizeof(small))
        return dynbuf_add(b, small, (size_t)n);
    if (!ensure(b, (size_t)n))
        return false;
    va_start(ap, fmt);
    vsnprintf(b->mem + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return true;
}

char *dynbuf_reserve(struct dynbuf *b, size_t n)
{
    if (!ensure(b, n))
        return NULL;
    return b->mem + b->len;
}

void dynbuf_grew(struct dynbuf *b, size_t n)
{
    /* Only what dynbuf_reserve() made room for. */
    if (b->mem && b->len + n < b->size) {
        b->len += n;
        b->mem[b->len] = 0;
    }
}

void dynbuf_trim(struct dynbuf *b, size_t n)
{
    b->len = n > b->len ? 0 : b->len - n;
    if (b->mem)
        b->mem[b->len] = 0;
}

const char *dynbuf_ptr(const struct dynbuf *b)
{
    return b->mem ? b->mem : "";
}

char *dynbuf_mem(struct dynbuf *b)
{
    return b->mem;
}

size_t dynbuf_len(const struct dynbuf *b)
{
    return b->len;
}

size_t dynbuf_cap(const struct dynbuf *b)
{
    return b->cap;
}

char *dynbuf_take(struct dynbuf *b, size_t *len)
{
    char *m = b->mem ? b->mem : calloc(1, 1);
    if (len)
        *len = b->mem ? b->len : 0;
    b->mem = NULL;
    b->len = b->size = 0;
    return m;
}
