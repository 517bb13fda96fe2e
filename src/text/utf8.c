/* SPDX-License-Identifier: MIT */
#include "text/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static bool keep_control(utf8proc_int32_t cp)
{
    return cp == '\n' || cp == '\t' || cp == '\r';
}

static bool is_control(utf8proc_int32_t cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp < 0xa0);
}

char *utf8_clean(const char *in, size_t len, struct utf8_report *report)
{
    struct utf8_report r = {0};
    if (len > UTF8_CLEAN_MAX_BYTES) {
        r.n_invalid = len - UTF8_CLEAN_MAX_BYTES;
        r.first_invalid = UTF8_CLEAN_MAX_BYTES;
        len = UTF8_CLEAN_MAX_BYTES;
    }
    /* Pass 1: keep whole valid sequences only. */
    char *valid = malloc(len + 1);
    if (!valid)
        return NULL;
    size_t n = 0;
    bool cut_invalid = r.n_invalid > 0;
    size_t cut = r.n_invalid;
    r.n_invalid = 0;
    for (size_t i = 0; i < len;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step =
            utf8proc_iterate((const utf8proc_uint8_t *)in + i, (utf8proc_ssize_t)(len - i), &cp);
        if (step <= 0 || cp == 0) {
            if (r.n_invalid == 0)
                r.first_invalid = i;
            r.n_invalid += step <= 0;
            i++;
            continue;
        }
        if (is_control(cp) && !keep_control(cp)) {
            r.n_controls++;
        } else {
            memcpy(valid + n, in + i, (size_t)step);
            n += (size_t)step;
        }
        i += (size_t)step;
    }
    if (cut_invalid) {
        if (r.n_invalid == 0)
            r.first_invalid = len;
        r.n_invalid += cut;
    }
    valid[n] = '\0';

    /* Pass 2: NFC, without the default-ignorable code points. */
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t got = utf8proc_map((const utf8proc_uint8_t *)valid, (utf8proc_ssize_t)n, &nfc,
                                        UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_IGNORE);
    free(valid);
    if (got < 0)
        return NULL; /* only out of memory: the input is valid by now */
    if (report)
        *report = r;
    return (char *)nfc;
}

bool utf8_is_clean_nfc(const char *s, size_t len)
{
    struct utf8_report r;
    char *c = utf8_clean(s, len, &r);
    bool same =
        c && r.n_invalid == 0 && r.n_controls == 0 && strlen(c) == len && memcmp(c, s, len) == 0;
    free(c);
    return same;
}
