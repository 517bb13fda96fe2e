/* SPDX-License-Identifier: MIT */
#include "util/diag.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/dynbuf.h"
#include "util/i18n.h"
#include "util/strparse.h"

/* A runaway file must not produce a runaway report. */
#define DIAG_MAX 1000

struct diag_list {
    struct dynbuf items; /* owned: struct diag, count of them, capped at DIAG_MAX */
    size_t count;
    size_t errors;
    size_t dropped;
};

struct diag_list *diag_list_new(void)
{
    struct diag_list *list = calloc(1, sizeof(struct diag_list));
    if (list)
        dynbuf_init(&list->items, DIAG_MAX * sizeof(struct diag));
    return list;
}

static struct diag *items(const struct diag_list *list)
{
    return (struct diag *)(void *)dynbuf_ptr(&list->items);
}

void diag_list_free(struct diag_list *list)
{
    if (!list)
        return;
    struct diag *d = items(list);
    for (size_t i = 0; i < list->count; i++) {
        free(d[i].file);
        free(d[i].path);
        free(d[i].code);
        free(d[i].message);
    }
    dynbuf_free(&list->items);
    free(list);
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

void diag_add(struct diag_list *list, enum diag_severity severity, const char *file, int line,
              int col, const char *path, const char *code, const char *fmt, ...)
{
    if (!list)
        return;
    if (severity == DIAG_ERROR)
        list->errors++;
    if (list->count >= DIAG_MAX) {
        list->dropped++;
        return;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    struct diag d = {
        .severity = severity,
        .file = dup_or_null(file),
        .line = line,
        .col = col,
        .path = dup_or_null(path),
        .code = dup_or_null(code),
        .message = strdup(msg),
    };
    if (!dynbuf_add(&list->items, &d, sizeof(d))) {
        /* Past DIAG_MAX (or out of memory): counted, not kept. */
        free(d.file);
        free(d.path);
        free(d.code);
        free(d.message);
        list->dropped++;
        return;
    }
    list->count++;
}

size_t diag_count(const struct diag_list *list)
{
    return list ? list->count : 0;
}

size_t diag_error_count(const struct diag_list *list)
{
    return list ? list->errors : 0;
}

const struct diag *diag_get(const struct diag_list *list, size_t i)
{
    return list && i < list->count ? &items(list)[i] : NULL;
}

const struct diag *diag_find(const struct diag_list *list, const char *code)
{
    for (size_t i = 0; list && i < list->count; i++)
        if (items(list)[i].code && strcmp(items(list)[i].code, code) == 0)
            return &items(list)[i];
    return NULL;
}

/* "items[6].src" reads "item 7 (items[6].src)": people count from one,
 * the JSON path after it still finds the field. */
static void where(const char *path, char *buf, size_t n)
{
    int64_t i = 0;
    bool item = strncmp(path, "items[", 6) == 0;
    if (item) {
        struct strp sp;
        strp_init(&sp, path + 6);
        item = strp_int(&sp, 0, 999999, &i) && strp_char(&sp, ']');
    }
    if (item)
        snprintf(buf, n, _("item %lu (%s)"), (unsigned long)i + 1, path);
    else
        snprintf(buf, n, "%s", path);
}

void diag_format(const struct diag *d, char *buf, size_t n)
{
    const char *sev = d->severity == DIAG_ERROR ? "error" : "warning";
    char at[320] = "";
    if (d->path)
        where(d->path, at, sizeof(at));
    snprintf(buf, n, "%s:%d:%d: %s: %s%s%s [%s]", d->file ? d->file : "-", d->line, d->col, sev, at,
             d->path ? ": " : "", d->message ? d->message : "", d->code ? d->code : "error");
}

void diag_print_all(const struct diag_list *list, FILE *out)
{
    char line[1600];
    for (size_t i = 0; i < diag_count(list); i++) {
        diag_format(&items(list)[i], line, sizeof(line));
        fprintf(out, "%s\n", line);
    }
    if (list && list->dropped)
        fprintf(out, "bangtin: %zu more diagnostics not shown\n", list->dropped);
}
