#include "ops/report.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINE_CAP    4096
#define MAX_SECONDS 86400.0 /* one line is one slide; a day is already absurd */

struct row {
    char *id, *type; /* owned */
    uint64_t plays;
    double seconds;
};

struct report {
    char from[11], to[11]; /* "" when unbounded */
    struct row *rows;      /* owned */
    size_t n_rows, cap_rows;
    size_t *table; /* open addressing: index + 1 into rows, 0 empty; owned */
    size_t table_cap;
    size_t corrupt;
    char first_corrupt[PATH_MAX + 24];
    char first_day[11], last_day[11];
};

bool report_valid_date(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return false;
    int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

struct report *report_new(const char *from, const char *to)
{
    struct report *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    if (from)
        snprintf(r->from, sizeof(r->from), "%s", from);
    if (to)
        snprintf(r->to, sizeof(r->to), "%s", to);
    return r;
}

void report_free(struct report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_rows; i++) {
        free(r->rows[i].id);
        free(r->rows[i].type);
    }
    free(r->rows);
    free(r->table);
    free(r);
}

static uint64_t hash(const char *id, const char *type)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (const char *p = id; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    h = (h ^ 0xff) * 1099511628211ull;
    for (const char *p = type; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ull;
    return h;
}

static bool grow_table(struct report *r)
{
    size_t cap = r->table_cap ? r->table_cap * 2 : 256;
    size_t *t = calloc(cap, sizeof(*t));
    if (!t)
        return false;
    for (size_t i = 0; i < r->n_rows; i++) {
        size_t k = hash(r->rows[i].id, r->rows[i].type) & (cap - 1);
        while (t[k])
            k = (k + 1) & (cap - 1);
        t[k] = i + 1;
    }
    free(r->table);
    r->table = t;
    r->table_cap = cap;
    return true;
}

static struct row *find_row(struct report *r, const char *id, const char *type)
{
    if ((r->n_rows + 1) * 2 > r->table_cap && !grow_table(r))
        return NULL;
    size_t k = hash(id, type) & (r->table_cap - 1);
    while (r->table[k]) {
        struct row *row = &r->rows[r->table[k] - 1];
        if (strcmp(row->id, id) == 0 && strcmp(row->type, type) == 0)
            return row;
        k = (k + 1) & (r->table_cap - 1);
    }
    if (r->n_rows >= REPORT_MAX_ITEMS)
        return NULL;
    if (r->n_rows == r->cap_rows) {
        size_t cap = r->cap_rows ? r->cap_rows * 2 : 64;
        struct row *n = realloc(r->rows, cap * sizeof(*n));
        if (!n)
            return NULL;
        r->rows = n;
        r->cap_rows = cap;
    }
    struct row *row = &r->rows[r->n_rows];
    *row = (struct row){.id = strdup(id), .type = strdup(type)};
    if (!row->id || !row->type) {
        free(row->id);
        free(row->type);
        return NULL;
    }
    r->table[k] = ++r->n_rows;
    return row;
}

static void mark_corrupt(struct report *r, const char *path, size_t line)
{
    if (r->corrupt++ == 0)
        snprintf(r->first_corrupt, sizeof(r->first_corrupt), "%s:%zu", path, line);
}

/* One record, or false when the line is not a whole, well-formed one. */
static bool add_line(struct report *r, const char *line, size_t len)
{
    cJSON *o = cJSON_ParseWithLength(line, len);
    bool ok = false;
    const cJSON *ts = cJSON_GetObjectItemCaseSensitive(o, "ts");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "id");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
    const cJSON *sec = cJSON_GetObjectItemCaseSensitive(o, "seconds");
    if (!cJSON_IsObject(o) || !cJSON_IsString(ts) || !cJSON_IsString(id) || !cJSON_IsString(type) ||
        !cJSON_IsNumber(sec) || !*id->valuestring || !*type->valuestring ||
        !isfinite(sec->valuedouble) || sec->valuedouble < 0 || sec->valuedouble > MAX_SECONDS ||
        strlen(ts->valuestring) < 19 || ts->valuestring[10] != 'T')
        goto out;
    char day[11];
    memcpy(day, ts->valuestring, 10);
    day[10] = '\0';
    if (!report_valid_date(day))
        goto out;
    ok = true;
    if ((r->from[0] && strcmp(day, r->from) < 0) || (r->to[0] && strcmp(day, r->to) > 0))
        goto out;
    struct row *row = find_row(r, id->valuestring, type->valuestring);
    if (!row)
        goto out;
    row->plays++;
    row->seconds += sec->valuedouble;
    if (!r->first_day[0] || strcmp(day, r->first_day) < 0)
        memcpy(r->first_day, day, sizeof(day));
    if (strcmp(day, r->last_day) > 0)
        memcpy(r->last_day, day, sizeof(day));
out:
    cJSON_Delete(o);
    return ok;
}

bool report_add_file(struct report *r, const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    char buf[LINE_CAP];
    size_t lineno = 0;
    bool too_long = false;
    while (fgets(buf, sizeof(buf), f)) {
        size_t len = strlen(buf);
        bool whole = len > 0 && buf[len - 1] == '\n';
        if (too_long) { /* the tail of an over-long line */
            too_long = !whole;
            continue;
        }
        lineno++;
        if (!whole && !feof(f)) {
            too_long = true;
            mark_corrupt(r, path, lineno);
            continue;
        }
        while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue; /* the newline prooflog adds after a half line */
        if (!add_line(r, buf, len))
            mark_corrupt(r, path, lineno);
    }
    bool ok = !ferror(f);
    int saved = errno;
    fclose(f);
    errno = saved;
    return ok;
}

bool report_add_log(struct report *r, const char *log)
{
    char path[PATH_MAX];
    struct stat st;
    bool any = false;
    /* Oldest first, so the first/last days come out in order. */
    int last = 0;
    for (int i = 1; i <= REPORT_MAX_ROTATIONS; i++) {
        snprintf(path, sizeof(path), "%s.%d", log, i);
        if (stat(path, &st) != 0)
            break;
        last = i;
    }
    for (int i = last; i >= 1; i--) {
        snprintf(path, sizeof(path), "%s.%d", log, i);
        if (!report_add_file(r, path))
            return false;
        any = true;
    }
    if (stat(log, &st) == 0) {
        if (!report_add_file(r, log))
            return false;
        any = true;
    }
    if (!any)
        errno = ENOENT;
    return any;
}

size_t report_corrupt_lines(const struct report *r)
{
    return r->corrupt;
}

const char *report_first_corrupt(const struct report *r)
{
    return r->first_corrupt;
}

static int cmp_row(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : strcmp(x->type, y->type);
}

static struct row *sorted(const struct report *r)
{
    struct row *rows = malloc((r->n_rows ? r->n_rows : 1) * sizeof(*rows));
    if (rows && r->n_rows) {
        memcpy(rows, r->rows, r->n_rows * sizeof(*rows));
        qsort(rows, r->n_rows, sizeof(*rows), cmp_row);
    }
    return rows;
}

static void csv_field(FILE *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}

void report_write_csv(const struct report *r, FILE *out)
{
    struct row *rows = sorted(r);
    fputs("id,type,plays,seconds\n", out);
    for (size_t i = 0; rows && i < r->n_rows; i++) {
        csv_field(out, rows[i].id);
        fputc(',', out);
        csv_field(out, rows[i].type);
        fprintf(out, ",%llu,%.1f\n", (unsigned long long)rows[i].plays, rows[i].seconds);
    }
    free(rows);
}

static void md_cell(FILE *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '|' || *p == '\\')
            fputc('\\', out);
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
    }
}

static void hms(double seconds, char *buf, size_t n)
{
    unsigned long long s = (unsigned long long)llround(seconds);
    snprintf(buf, n, "%llu:%02llu:%02llu", s / 3600, s / 60 % 60, s % 60);
}

void report_write_md(const struct report *r, FILE *out)
{
    struct row *rows = sorted(r);
    const char *from = r->from[0] ? r->from : r->first_day;
    const char *to = r->to[0] ? r->to : r->last_day;
    fputs("# Proof of play\n\n", out);
    if (*from || *to)
        fprintf(out, "Period: %s to %s\n\n", *from ? from : "…", *to ? to : "…");
    fputs("| id | type | plays | seconds | time on screen |\n", out);
    fputs("|---|---|---:|---:|---:|\n", out);
    uint64_t plays = 0;
    double seconds = 0;
    char t[32];
    for (size_t i = 0; rows && i < r->n_rows; i++) {
        fputs("| ", out);
        md_cell(out, rows[i].id);
        fputs(" | ", out);
        md_cell(out, rows[i].type);
        hms(rows[i].seconds, t, sizeof(t));
        fprintf(out, " | %llu | %.1f | %s |\n", (unsigned long long)rows[i].plays, rows[i].seconds,
                t);
        plays += rows[i].plays;
        seconds += rows[i].seconds;
    }
    hms(seconds, t, sizeof(t));
    fprintf(out, "| **total** | | %llu | %.1f | %s |\n", (unsigned long long)plays, seconds, t);
    free(rows);
}
