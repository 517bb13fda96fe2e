/* SPDX-License-Identifier: MIT */
#include "ops/report.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifdef BANGTIN_HAVE_XLSX
#include <xlsxwriter.h>
#endif

#include "calendar/calendar.h"
#include "ops/prooflog.h"
#include "util/dynbuf.h"
#include "util/fsutil.h"
#include "util/strparse.h"
#include "vn/numfmt.h"
#include "json/json.h"

#define LINE_CAP    4096
#define MAX_SECONDS 86400.0     /* one line is one slide; a day is already absurd */
#define DAY_SPAN    (366 * 230) /* days on air counted from 1970 to 2199 */

/* Plays of one content (or of everything) in one month. */
struct cell {
    int ym; /* year * 12 + month - 1 */
    uint64_t plays;
    double seconds;
};

struct row {
    char *id, *type, *words; /* owned; words "" in old logs */
    uint64_t plays;
    double seconds;
    char first_day[11], last_day[11];
    int priority;        /* highest seen */
    char version[24];    /* the last sequence or digest seen, "" */
    struct cell *months; /* sorted by ym: a view of months_buf, moves as it grows */
    size_t n_months;
    struct dynbuf months_buf; /* owned, at most REPORT_MAX_MONTHS cells */
};

/* One priority play: when it began and ended, local seconds since 1970. */
struct play {
    size_t row;
    int64_t start, end;
    double seconds;
};

struct report {
    char from[11], to[11]; /* "" when unbounded */
    enum report_lang lang;
    int half_year, half;                     /* 0: not a half-year report */
    char office[PROOFLOG_MAX_WORDS + 1];     /* the log's, last seen */
    char office_set[PROOFLOG_MAX_WORDS + 1]; /* report_set_office's, wins */
    struct row *rows;                        /* a view of rows_buf */
    size_t n_rows;
    struct dynbuf rows_buf; /* owned, at most REPORT_MAX_ITEMS rows */
    size_t *table;          /* open addressing: index + 1 into rows, 0 empty; owned */
    size_t table_cap;
    struct cell *months; /* sorted by ym, the whole board: a view of months_buf */
    size_t n_months;
    struct dynbuf months_buf;       /* owned */
    uint8_t days[DAY_SPAN / 8 + 1]; /* bit per day since 1970: anything shown */
    struct play *plays;             /* priority plays: a view of plays_buf */
    size_t n_plays;
    struct dynbuf plays_buf; /* owned, at most REPORT_MAX_EMERGENCY plays */
    size_t corrupt;
    char first_corrupt[PATH_MAX + 24];
    char first_day[11], last_day[11];
};

/* ---- dates -------------------------------------------------------------- */

/* calendar/ does the arithmetic; these keep the call sites short. */
static int64_t days_from_civil(int y, int m, int d)
{
    return cal_days_from_civil((struct cal_date){y, m, d});
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
    struct cal_date c = cal_civil_from_days((long)z);
    *y = c.year;
    *m = c.month;
    *d = c.day;
}

/* The date at the start of s (a day or a timestamp), by util/strparse. */
static bool day_of(const char *s, struct cal_date *out)
{
    struct strp sp;
    strp_init(&sp, s);
    return strp_ymd(&sp, &out->year, &out->month, &out->day);
}

/* year * 12 + month - 1 of a day already checked. */
static int month_of(const char *day)
{
    struct cal_date d = {0, 1, 1};
    day_of(day, &d);
    return d.year * 12 + d.month - 1;
}

bool report_valid_date(const char *s)
{
    struct cal_date d;
    return cal_parse_date(s, &d);
}

static int64_t day_number(const char *day)
{
    struct cal_date d = {1970, 1, 1};
    day_of(day, &d);
    return cal_days_from_civil(d);
}

bool report_half_period(const char *spec, int *year, int *half, char from[11], char to[11])
{
    struct strp sp;
    strp_init(&sp, spec);
    int64_t y, h;
    if (!strp_digits(&sp, 4, 4, &y) || !strp_char(&sp, '-') || !strp_digits(&sp, 1, 1, &h) ||
        !strp_done(&sp) || h < 1 || h > 2 || y < 1970 || y > 2199)
        return false;
    snprintf(from, 11, "%04d-%s", (int)y, h == 1 ? "01-01" : "07-01");
    snprintf(to, 11, "%04d-%s", (int)y, h == 1 ? "06-30" : "12-31");
    *year = (int)y;
    *half = (int)h;
    return true;
}

/* ---- building ----------------------------------------------------------- */

struct report *report_new(const char *from, const char *to)
{
    struct report *r = calloc(1, sizeof(*r));
    if (!r)
        return NULL;
    dynbuf_init(&r->rows_buf, REPORT_MAX_ITEMS * sizeof(struct row));
    dynbuf_init(&r->months_buf, REPORT_MAX_MONTHS * sizeof(struct cell));
    dynbuf_init(&r->plays_buf, REPORT_MAX_EMERGENCY * sizeof(struct play));
    if (from)
        snprintf(r->from, sizeof(r->from), "%s", from);
    if (to)
        snprintf(r->to, sizeof(r->to), "%s", to);
    return r;
}

void report_set_lang(struct report *r, enum report_lang lang)
{
    r->lang = lang;
}

void report_set_office(struct report *r, const char *office)
{
    prooflog_words(office, r->office_set, sizeof(r->office_set));
}

void report_set_half(struct report *r, int year, int half)
{
    r->half_year = year;
    r->half = half;
}

void report_free(struct report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_rows; i++) {
        free(r->rows[i].id);
        free(r->rows[i].type);
        free(r->rows[i].words);
        dynbuf_free(&r->rows[i].months_buf);
    }
    dynbuf_free(&r->rows_buf);
    free(r->table);
    dynbuf_free(&r->months_buf);
    dynbuf_free(&r->plays_buf);
    free(r);
}

static uint64_t hash(const char *id, const char *type, const char *words)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    const char *parts[] = {id, type, words};
    for (int i = 0; i < 3; i++) {
        for (const char *p = parts[i]; *p; p++)
            h = (h ^ (unsigned char)*p) * 1099511628211ull;
        h = (h ^ 0xff) * 1099511628211ull;
    }
    return h;
}

/* One zeroed item more at the end of an array kept in b (capped when b was
 * made); NULL when full or out of memory. Views of b move: reload them. */
static void *push(struct dynbuf *b, size_t size)
{
    char *p = dynbuf_reserve(b, size);
    if (!p)
        return NULL;
    memset(p, 0, size);
    dynbuf_grew(b, size);
    return p;
}

static bool grow_table(struct report *r)
{
    size_t cap = r->table_cap ? r->table_cap * 2 : 256;
    size_t *t = calloc(cap, sizeof(*t));
    if (!t)
        return false;
    for (size_t i = 0; i < r->n_rows; i++) {
        struct row *row = &r->rows[i];
        size_t k = hash(row->id, row->type, row->words) & (cap - 1);
        while (t[k])
            k = (k + 1) & (cap - 1);
        t[k] = i + 1;
    }
    free(r->table);
    r->table = t;
    r->table_cap = cap;
    return true;
}

static struct row *find_row(struct report *r, const char *id, const char *type, const char *words)
{
    if ((r->n_rows + 1) * 2 > r->table_cap && !grow_table(r))
        return NULL;
    size_t k = hash(id, type, words) & (r->table_cap - 1);
    while (r->table[k]) {
        struct row *row = &r->rows[r->table[k] - 1];
        if (strcmp(row->id, id) == 0 && strcmp(row->type, type) == 0 &&
            strcmp(row->words, words) == 0)
            return row;
        k = (k + 1) & (r->table_cap - 1);
    }
    if (r->n_rows >= REPORT_MAX_ITEMS)
        return NULL;
    struct row *row = push(&r->rows_buf, sizeof(*row));
    if (!row)
        return NULL;
    r->rows = (struct row *)(void *)dynbuf_mem(&r->rows_buf);
    *row = (struct row){.id = strdup(id), .type = strdup(type), .words = strdup(words)};
    dynbuf_init(&row->months_buf, REPORT_MAX_MONTHS * sizeof(struct cell));
    if (!row->id || !row->type || !row->words) {
        free(row->id);
        free(row->type);
        free(row->words);
        dynbuf_trim(&r->rows_buf, sizeof(*row));
        return NULL;
    }
    r->table[k] = ++r->n_rows;
    return row;
}

/* Adds to month ym of a sorted list; false when the list is full. */
static bool add_cell(struct dynbuf *b, struct cell **cells, size_t *n, int ym, double seconds)
{
    size_t i = *n;
    while (i > 0 && (*cells)[i - 1].ym > ym)
        i--;
    if (i > 0 && (*cells)[i - 1].ym == ym) {
        (*cells)[i - 1].plays++;
        (*cells)[i - 1].seconds += seconds;
        return true;
    }
    if (!push(b, sizeof(struct cell)))
        return false; /* REPORT_MAX_MONTHS, or out of memory */
    *cells = (struct cell *)(void *)dynbuf_mem(b);
    memmove(*cells + i + 1, *cells + i, (*n - i) * sizeof(**cells));
    (*cells)[i] = (struct cell){.ym = ym, .plays = 1, .seconds = seconds};
    (*n)++;
    return true;
}

static void mark_corrupt(struct report *r, const char *path, size_t line)
{
    if (r->corrupt++ == 0)
        snprintf(r->first_corrupt, sizeof(r->first_corrupt), "%s:%zu", path, line);
}

/* "YYYY-MM-DDTHH:MM:SS..." as the board's local seconds since 1970. */
static bool parse_local(const char *ts, int64_t *t)
{
    /* The log's own stamps: exactly two digits each (util/strparse). */
    struct strp sp;
    strp_initn(&sp, ts + 11, 8);
    int64_t h, m, s;
    if (!strp_digits(&sp, 2, 2, &h) || !strp_char(&sp, ':') || !strp_digits(&sp, 2, 2, &m) ||
        !strp_char(&sp, ':') || !strp_digits(&sp, 2, 2, &s) || h > 23 || m > 59 || s > 60)
        return false;
    *t = day_number(ts) * 86400 + h * 3600 + m * 60 + s;
    return true;
}

static const char *opt_string(const struct json_node *o, const char *key)
{
    return json_string(json_get(o, key));
}

/* One record, or false when the line is not a whole, well-formed one. */
static bool add_line(struct report *r, const char *line, size_t len)
{
    /* A line cut by a power loss is not JSON: skipped without a word. */
    struct json_opts jo = {.max_depth = 4, .max_values = 64};
    struct json_doc *doc = json_parse(line, len, &jo, NULL);
    const struct json_node *o = json_root(doc);
    bool ok = false;
    const char *ts = opt_string(o, "ts");
    const char *id = opt_string(o, "id");
    const char *type = opt_string(o, "type");
    const struct json_node *sec = json_get(o, "seconds");
    const struct json_node *seq = json_get(o, "seq");
    const struct json_node *prio = json_get(o, "priority");
    int64_t start;
    if (!json_is(o, JSON_OBJECT) || !ts || !id || !type || !json_is(sec, JSON_NUMBER) || !*id ||
        !*type || !isfinite(json_number(sec)) || json_number(sec) < 0 ||
        json_number(sec) > MAX_SECONDS || strlen(ts) < 19 || ts[10] != 'T' ||
        !parse_local(ts, &start))
        goto out;
    char day[11];
    memcpy(day, ts, 10);
    day[10] = '\0';
    if (!report_valid_date(day))
        goto out;
    ok = true;
    if ((r->from[0] && strcmp(day, r->from) < 0) || (r->to[0] && strcmp(day, r->to) > 0))
        goto out;
    char words[PROOFLOG_MAX_WORDS + 1];
    prooflog_words(opt_string(o, "words"), words, sizeof(words));
    struct row *row = find_row(r, id, type, words);
    if (!row)
        goto out;
    double secs = json_number(sec);
    row->plays++;
    row->seconds += secs;
    if (!row->first_day[0] || strcmp(day, row->first_day) < 0)
        memcpy(row->first_day, day, sizeof(day));
    if (strcmp(day, row->last_day) > 0)
        memcpy(row->last_day, day, sizeof(day));
    if (!r->first_day[0] || strcmp(day, r->first_day) < 0)
        memcpy(r->first_day, day, sizeof(day));
    if (strcmp(day, r->last_day) > 0)
        memcpy(r->last_day, day, sizeof(day));
    int64_t sq;
    if (json_int(seq, &sq) == JSON_INT_OK && sq >= 1) /* exact, to 2^63 - 1 */
        snprintf(row->version, sizeof(row->version), "%lld", (long long)sq);
    else if (opt_string(o, "digest"))
        snprintf(row->version, sizeof(row->version), "%.16s", opt_string(o, "digest"));
    const char *office = opt_string(o, "office");
    if (office && *office)
        prooflog_words(office, r->office, sizeof(r->office));
    int ym = month_of(day);
    add_cell(&row->months_buf, &row->months, &row->n_months, ym, secs);
    add_cell(&r->months_buf, &r->months, &r->n_months, ym, secs);
    int64_t dn = day_number(day);
    if (dn >= 0 && dn < DAY_SPAN)
        r->days[dn / 8] |= (uint8_t)(1u << (dn % 8));
    int64_t pr;
    int p = json_int(prio, &pr) == JSON_INT_OK && pr >= 1 && pr < 1000000 ? (int)pr : 0;
    if (p > row->priority)
        row->priority = p;
    struct play *play = p > 0 ? push(&r->plays_buf, sizeof(*play)) : NULL;
    if (play) {
        r->plays = (struct play *)(void *)dynbuf_mem(&r->plays_buf);
        r->n_plays++;
        *play = (struct play){.row = (size_t)(row - r->rows),
                              .start = start,
                              .end = start + (int64_t)llround(secs),
                              .seconds = secs};
    }
out:
    json_free(doc);
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

/* ---- what the documents share ------------------------------------------- */

static int cmp_row(const void *a, const void *b)
{
    const struct row *x = *(const struct row *const *)a, *y = *(const struct row *const *)b;
    int c = strcmp(x->id, y->id);
    if (!c)
        c = strcmp(x->type, y->type);
    if (!c)
        c = strcmp(x->first_day, y->first_day);
    return c ? c : strcmp(x->words, y->words);
}

/* The rows in report order; caller frees the array (not the rows). */
static const struct row **sorted(const struct report *r)
{
    const struct row **rows = malloc((r->n_rows ? r->n_rows : 1) * sizeof(*rows));
    if (!rows)
        return NULL;
    for (size_t i = 0; i < r->n_rows; i++)
        rows[i] = &r->rows[i];
    qsort(rows, r->n_rows, sizeof(*rows), cmp_row);
    return rows;
}

/* A priority notice: plays of one content with gaps under
 * REPORT_EPISODE_GAP, from its first start to its last end. */
struct episode {
    size_t row;
    int64_t start, end;
    uint64_t plays;
    double seconds;
};

static int cmp_play(const void *a, const void *b)
{
    const struct play *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

static int cmp_episode(const void *a, const void *b)
{
    const struct episode *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* The notices in time order; *n set. Caller frees. */
static struct episode *episodes(const struct report *r, size_t *n)
{
    *n = 0;
    struct play *plays = malloc((r->n_plays ? r->n_plays : 1) * sizeof(*plays));
    struct episode *eps = malloc((r->n_plays ? r->n_plays : 1) * sizeof(*eps));
    size_t *open = malloc((r->n_rows ? r->n_rows : 1) * sizeof(*open)); /* index + 1 */
    if (!plays || !eps || !open) {
        free(plays);
        free(eps);
        free(open);
        return NULL;
    }
    if (r->n_plays)
        memcpy(plays, r->plays, r->n_plays * sizeof(*plays));
    qsort(plays, r->n_plays, sizeof(*plays), cmp_play);
    memset(open, 0, (r->n_rows ? r->n_rows : 1) * sizeof(*open));
    for (size_t i = 0; i < r->n_plays; i++) {
        const struct play *p = &plays[i];
        struct episode *e = open[p->row] ? &eps[open[p->row] - 1] : NULL;
        if (e && p->start - e->end <= REPORT_EPISODE_GAP) {
            if (p->end > e->end)
                e->end = p->end;
            e->plays++;
            e->seconds += p->seconds;
            continue;
        }
        eps[*n] = (struct episode){p->row, p->start, p->end, 1, p->seconds};
        open[p->row] = ++*n;
    }
    qsort(eps, *n, sizeof(*eps), cmp_episode);
    free(plays);
    free(open);
    return eps;
}

static size_t days_on_air(const struct report *r, int64_t from, int64_t to)
{
    size_t n = 0;
    if (from < 0)
        from = 0;
    for (int64_t d = from; d <= to && d < DAY_SPAN; d++)
        n += (r->days[d / 8] >> (d % 8)) & 1;
    return n;
}

/* The months the tables list: the whole period, or what the log holds. */
static bool month_range(const struct report *r, int *first, int *last)
{
    const char *from = r->from[0] ? r->from : r->first_day;
    const char *to = r->to[0] ? r->to : r->last_day;
    if (!*from || !*to)
        return false;
    *first = month_of(from);
    *last = month_of(to);
    if (*last - *first >= REPORT_MAX_MONTHS)
        *first = *last - REPORT_MAX_MONTHS + 1;
    return *first <= *last;
}

static const struct cell *month_cell(const struct cell *cells, size_t n, int ym)
{
    for (size_t i = 0; i < n; i++)
        if (cells[i].ym == ym)
            return &cells[i];
    return NULL;
}

struct totals {
    uint64_t plays;
    double seconds;
    size_t days;
};

static struct totals totals(const struct report *r)
{
    struct totals t = {0};
    for (size_t i = 0; i < r->n_rows; i++) {
        t.plays += r->rows[i].plays;
        t.seconds += r->rows[i].seconds;
    }
    t.days = days_on_air(r, 0, DAY_SPAN - 1);
    return t;
}

/* The words of the document, in each language. */
struct words {
    const char *lang;
    const char *title, *half1, *half2, *period_fmt, *generated;
    const char *sec_summary, *sec_contents, *sec_months, *sec_emergencies, *sec_by_month;
    const char *period, *office, *hours_on_air, *days_on_air, *slides_shown, *contents,
        *emergencies;
    const char *no, *item, *type, *plays, *time, *first, *last, *month, *days, *start, *end, *total,
        *none, *hours, *days_unit, *h, *min, *month_fmt;
    const char *t_text, *t_image, *t_countdown, *t_stats, *t_clock, *t_video;
    const char *motto1, *motto2;
};

static const struct words vi_words = {
    .lang = "vi",
    .title = "BÁO CÁO KẾT QUẢ TUYÊN TRUYỀN TRÊN BẢNG TIN ĐIỆN TỬ",
    .half1 = "6 tháng đầu năm %d",
    .half2 = "6 tháng cuối năm %d",
    .period_fmt = "Từ ngày %s đến ngày %s",
    .generated = "Số liệu lấy từ nhật ký phát của bảng tin (bangtin report).",
    .sec_summary = "I. Tổng hợp",
    .sec_contents = "II. Nội dung đã phát",
    .sec_months = "III. Theo tháng",
    .sec_emergencies = "IV. Thông báo khẩn",
    .sec_by_month = "Số lượt phát từng nội dung theo tháng",
    .period = "Kỳ báo cáo",
    .office = "Đơn vị",
    .hours_on_air = "Số giờ phát",
    .days_on_air = "Số ngày phát",
    .slides_shown = "Số lượt trình chiếu",
    .contents = "Số nội dung",
    .emergencies = "Số thông báo khẩn",
    .no = "TT",
    .item = "Nội dung",
    .type = "Loại",
    .plays = "Số lượt",
    .time = "Thời lượng",
    .first = "Ngày đầu",
    .last = "Ngày cuối",
    .month = "Tháng",
    .days = "Số ngày phát",
    .start = "Bắt đầu",
    .end = "Kết thúc",
    .total = "Cộng",
    .none = "Không có",
    .hours = "giờ",
    .days_unit = "ngày",
    .h = "giờ",
    .min = "phút",
    .month_fmt = "Tháng %d/%d",
    .t_text = "Chữ",
    .t_image = "Hình ảnh",
    .t_countdown = "Đếm ngược",
    .t_stats = "Số liệu",
    .t_clock = "Đồng hồ",
    .t_video = "Video",
    .motto1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    .motto2 = "Độc lập - Tự do - Hạnh phúc",
};

static const struct words en_words = {
    .lang = "en",
    .title = "PROOF OF PLAY: WHAT THE NOTICE BOARD SHOWED",
    .half1 = "First half of %d",
    .half2 = "Second half of %d",
    .period_fmt = "From %s to %s",
    .generated = "Figures from the board's proof-of-play log (bangtin report).",
    .sec_summary = "I. Summary",
    .sec_contents = "II. Contents shown",
    .sec_months = "III. By month",
    .sec_emergencies = "IV. Emergency notices",
    .sec_by_month = "Times each content was shown, by month",
    .period = "Period",
    .office = "Office",
    .hours_on_air = "Hours on air",
    .days_on_air = "Days on air",
    .slides_shown = "Slides shown",
    .contents = "Contents",
    .emergencies = "Emergency notices",
    .no = "No.",
    .item = "Content",
    .type = "Type",
    .plays = "Times shown",
    .time = "Time on screen",
    .first = "First day",
    .last = "Last day",
    .month = "Month",
    .days = "Days on air",
    .start = "Start",
    .end = "End",
    .total = "Total",
    .none = "None",
    .hours = "hours",
    .days_unit = "days",
    .h = "h",
    .min = "min",
    .month_fmt = "%2$d-%1$02d",
    .t_text = "Text",
    .t_image = "Image",
    .t_countdown = "Countdown",
    .t_stats = "Figures",
    .t_clock = "Clock",
    .t_video = "Video",
    .motto1 = "",
    .motto2 = "",
};

static const struct words *W(const struct report *r)
{
    return r->lang == REPORT_VI ? &vi_words : &en_words;
}

static const char *type_name(const struct report *r, const char *type)
{
    const struct words *w = W(r);
    static const struct {
        const char *type;
        size_t off;
    } names[] = {
        {"text", offsetof(struct words, t_text)},
        {"image", offsetof(struct words, t_image)},
        {"countdown", offsetof(struct words, t_countdown)},
        {"stats", offsetof(struct words, t_stats)},
        {"clock", offsetof(struct words, t_clock)},
        {"video", offsetof(struct words, t_video)},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(type, names[i].type) == 0)
            return *(const char *const *)((const char *)w + names[i].off);
    return type;
}

/* What names a row for people: its words; a clock by its type ("Đồng
 * hồ (gio)"); in an old log, its id. buf holds at least 160 bytes. */
#define NAME_BUF 160
static const char *row_name(const struct report *r, const struct row *row, char *buf)
{
    if (*row->words)
        return row->words;
    if (strcmp(row->type, "clock") == 0) {
        snprintf(buf, NAME_BUF, "%s (%s)", type_name(r, row->type), row->id);
        return buf;
    }
    return row->id;
}

static char *fmt_num(const struct report *r, double v, int decimals, char *buf, size_t n)
{
    numfmt_vi(v, decimals, buf, n);
    if (r->lang == REPORT_EN) /* swap the separators: 7,412; 63.5 */
        for (char *p = buf; *p; p++)
            *p = *p == '.' ? ',' : *p == ',' ? '.' : *p;
    return buf;
}

static char *fmt_count(const struct report *r, uint64_t v, char *buf, size_t n)
{
    return fmt_num(r, (double)v, 0, buf, n);
}

/* "12 giờ 05 phút" / "12 h 05 min", rounded to the minute. */
static char *fmt_duration(const struct report *r, double seconds, char *buf, size_t n)
{
    unsigned long long m = (unsigned long long)llround(seconds / 60.0);
    char h[32];
    fmt_count(r, m / 60, h, sizeof(h));
    snprintf(buf, n, "%s %s %02llu %s", h, W(r)->h, m % 60, W(r)->min);
    return buf;
}

static char *fmt_day(const struct report *r, const char *day, char *buf, size_t n)
{
    if (!*day)
        snprintf(buf, n, "–");
    else if (r->lang == REPORT_VI)
        snprintf(buf, n, "%.2s/%.2s/%.4s", day + 8, day + 5, day);
    else
        snprintf(buf, n, "%s", day);
    return buf;
}

static char *fmt_month(const struct report *r, int ym, char *buf, size_t n)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(buf, n, W(r)->month_fmt, ym % 12 + 1, ym / 12);
#pragma GCC diagnostic pop
    return buf;
}

/* Local seconds since 1970 as "dd/mm/yyyy HH:MM" or "yyyy-mm-dd HH:MM". */
static char *fmt_time(const struct report *r, int64_t t, char *buf, size_t n)
{
    int y, m, d;
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t s = t - day * 86400;
    civil_from_days(day, &y, &m, &d);
    if (r->lang == REPORT_VI)
        snprintf(buf, n, "%02d/%02d/%04d %02d:%02d", d, m, y, (int)(s / 3600), (int)(s / 60 % 60));
    else
        snprintf(buf, n, "%04d-%02d-%02d %02d:%02d", y, m, d, (int)(s / 3600), (int)(s / 60 % 60));
    return buf;
}

static const char *office_name(const struct report *r)
{
    return *r->office_set ? r->office_set : r->office;
}

static char *fmt_period(const struct report *r, char *buf, size_t n)
{
    const char *from = r->from[0] ? r->from : r->first_day;
    const char *to = r->to[0] ? r->to : r->last_day;
    char a[16], b[16];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(buf, n, W(r)->period_fmt, fmt_day(r, from, a, sizeof(a)),
             fmt_day(r, to, b, sizeof(b)));
#pragma GCC diagnostic pop
    return buf;
}

static char *fmt_heading(const struct report *r, char *buf, size_t n)
{
    if (!r->half)
        return fmt_period(r, buf, n);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    snprintf(buf, n, r->half == 1 ? W(r)->half1 : W(r)->half2, r->half_year);
#pragma GCC diagnostic pop
    return buf;
}

/* The summary as label/value pairs, formatted for reading. */
#define SUMMARY_ROWS 7
static void summary(const struct report *r, size_t n_episodes, const char *label[SUMMARY_ROWS],
                    char value[SUMMARY_ROWS][160])
{
    const struct words *w = W(r);
    struct totals t = totals(r);
    char num[64];
    label[0] = w->period;
    fmt_period(r, value[0], sizeof(value[0]));
    label[1] = w->office;
    snprintf(value[1], sizeof(value[1]), "%s", *office_name(r) ? office_name(r) : "–");
    label[2] = w->hours_on_air;
    snprintf(value[2], sizeof(value[2]), "%s %s", fmt_num(r, t.seconds / 3600.0, 1, num, 64),
             w->hours);
    label[3] = w->days_on_air;
    snprintf(value[3], sizeof(value[3]), "%s %s", fmt_count(r, t.days, num, 64), w->days_unit);
    label[4] = w->slides_shown;
    fmt_count(r, t.plays, value[4], sizeof(value[4]));
    label[5] = w->contents;
    fmt_count(r, r->n_rows, value[5], sizeof(value[5]));
    label[6] = w->emergencies;
    fmt_count(r, n_episodes, value[6], sizeof(value[6]));
}

/* ---- CSV ---------------------------------------------------------------- */

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
    const struct row **rows = sorted(r);
    fputs("id,type,plays,seconds,words,first_day,last_day,priority,version\n", out);
    for (size_t i = 0; rows && i < r->n_rows; i++) {
        const struct row *row = rows[i];
        csv_field(out, row->id);
        fputc(',', out);
        csv_field(out, row->type);
        fprintf(out, ",%llu,%.1f,", (unsigned long long)row->plays, row->seconds);
        csv_field(out, row->words);
        fprintf(out, ",%s,%s,%d,", row->first_day, row->last_day, row->priority);
        csv_field(out, row->version);
        fputc('\n', out);
    }
    free(rows);
}

/* ---- Markdown ----------------------------------------------------------- */

static void md_cell(FILE *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        if (*p == '|' || *p == '\\' || *p == '*' || *p == '_' || *p == '`')
            fputc('\\', out);
        fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
    }
}

void report_write_md(const struct report *r, FILE *out)
{
    char name[NAME_BUF];
    const struct words *w = W(r);
    const struct row **rows = sorted(r);
    size_t n_eps = 0;
    struct episode *eps = episodes(r, &n_eps);
    char buf[256], a[64], b[64], c[64], d[64];
    fprintf(out, "# %s\n\n", w->title);
    if (*office_name(r)) {
        md_cell(out, office_name(r));
        fputs("\n\n", out);
    }
    fprintf(out, "%s\n\n## %s\n\n", fmt_heading(r, buf, sizeof(buf)), w->sec_summary);
    const char *label[SUMMARY_ROWS];
    char value[SUMMARY_ROWS][160];
    summary(r, n_eps, label, value);
    fprintf(out, "| | |\n|---|---:|\n");
    for (int i = 0; i < SUMMARY_ROWS; i++) {
        fprintf(out, "| %s | ", label[i]);
        md_cell(out, value[i]);
        fputs(" |\n", out);
    }
    fprintf(out, "\n## %s\n\n| %s | %s | %s | %s | %s | %s | %s |\n", w->sec_contents, w->no,
            w->item, w->type, w->plays, w->time, w->first, w->last);
    fputs("|---:|---|---|---:|---:|---|---|\n", out);
    struct totals t = totals(r);
    for (size_t i = 0; rows && i < r->n_rows; i++) {
        const struct row *row = rows[i];
        fprintf(out, "| %zu | ", i + 1);
        md_cell(out, row_name(r, row, name));
        fprintf(out, " | %s | %s | %s | %s | %s |\n", type_name(r, row->type),
                fmt_count(r, row->plays, a, sizeof(a)), fmt_duration(r, row->seconds, b, sizeof(b)),
                fmt_day(r, row->first_day, c, sizeof(c)), fmt_day(r, row->last_day, d, sizeof(d)));
    }
    fprintf(out, "| | **%s** | | **%s** | **%s** | | |\n", w->total,
            fmt_count(r, t.plays, a, sizeof(a)), fmt_duration(r, t.seconds, b, sizeof(b)));
    fprintf(out, "\n## %s\n\n| %s | %s | %s | %s |\n|---|---:|---:|---:|\n", w->sec_months,
            w->month, w->days, w->plays, w->time);
    int m0, m1;
    if (month_range(r, &m0, &m1))
        for (int ym = m0; ym <= m1; ym++) {
            const struct cell *cell = month_cell(r->months, r->n_months, ym);
            int y = ym / 12, m = ym % 12 + 1;
            size_t days = days_on_air(r, days_from_civil(y, m, 1),
                                      days_from_civil(m == 12 ? y + 1 : y, m % 12 + 1, 1) - 1);
            fprintf(out, "| %s | %s | %s | %s |\n", fmt_month(r, ym, buf, sizeof(buf)),
                    fmt_count(r, days, a, sizeof(a)),
                    fmt_count(r, cell ? cell->plays : 0, b, sizeof(b)),
                    fmt_duration(r, cell ? cell->seconds : 0, c, sizeof(c)));
        }
    fprintf(out, "\n## %s\n\n", w->sec_emergencies);
    if (!n_eps)
        fprintf(out, "%s.\n", w->none);
    else
        fprintf(out, "| %s | %s | %s | %s | %s | %s |\n|---:|---|---|---|---:|---:|\n", w->no,
                w->item, w->start, w->end, w->plays, w->time);
    for (size_t i = 0; eps && i < n_eps; i++) {
        fprintf(out, "| %zu | ", i + 1);
        md_cell(out, row_name(r, &r->rows[eps[i].row], name));
        fprintf(out, " | %s | %s | %s | %s |\n", fmt_time(r, eps[i].start, a, sizeof(a)),
                fmt_time(r, eps[i].end, b, sizeof(b)), fmt_count(r, eps[i].plays, c, sizeof(c)),
                fmt_duration(r, eps[i].seconds, d, sizeof(d)));
    }
    fprintf(out, "\n%s\n", w->generated);
    free(eps);
    free(rows);
}

/* ---- HTML --------------------------------------------------------------- */

static void html_text(FILE *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        switch (*p) {
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '&':
            fputs("&amp;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\n':
        case '\r':
            fputc(' ', out);
            break;
        default:
            fputc(*p, out);
        }
    }
}

/* Styles are on every cell: Word keeps inline styles when a table is
 * pasted, and drops most of a <style> sheet. */
#define HCELL "border:1px solid #000;padding:2pt 4pt;vertical-align:top;font-size:12pt"
#define TH    "<th style=\"" HCELL ";background:#e8e8e8;font-weight:bold;text-align:center\">"
#define TD    "<td style=\"" HCELL "\">"
#define TDN   "<td style=\"" HCELL ";text-align:right;white-space:nowrap\">"
#define TDC   "<td style=\"" HCELL ";text-align:center;white-space:nowrap\">"
#define TABLE "<table style=\"border-collapse:collapse;width:100%%;margin:6pt 0 12pt 0\">\n"

/* widths: each column's share in percent, 0 for what is left. */
static void html_heads(FILE *out, const char *const *heads, const int *widths, size_t n)
{
    fputs("<thead><tr>", out);
    for (size_t i = 0; i < n; i++) {
        if (widths[i])
            fprintf(out,
                    "<th style=\"" HCELL ";background:#e8e8e8;font-weight:bold;"
                    "text-align:center;width:%d%%\">%s</th>",
                    widths[i], heads[i]);
        else
            fprintf(out, TH "%s</th>", heads[i]);
    }
    fputs("</tr></thead>\n<tbody>\n", out);
}

void report_write_html(const struct report *r, FILE *out)
{
    char name[NAME_BUF];
    const struct words *w = W(r);
    const struct row **rows = sorted(r);
    size_t n_eps = 0;
    struct episode *eps = episodes(r, &n_eps);
    char buf[256], a[64], b[64], c[64], d[64];
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>%s</title>\n<style>\n"
            "@page { size: A4 portrait; margin: 20mm 15mm 20mm 25mm; }\n"
            "body { font-family: 'Times New Roman', 'Liberation Serif', 'DejaVu Serif', serif;"
            " font-size: 13pt; line-height: 1.35; color: #000; background: #fff;"
            " max-width: 170mm; margin: 0 auto; }\n"
            "h1 { font-size: 14pt; text-align: center; margin: 12pt 0 2pt 0; }\n"
            "h2 { font-size: 13pt; margin: 14pt 0 4pt 0; }\n"
            "p.sub { text-align: center; font-style: italic; margin: 0 0 10pt 0; }\n"
            "thead { display: table-header-group; }\n"
            "tr { page-break-inside: avoid; break-inside: avoid; }\n"
            "h2 { page-break-after: avoid; break-after: avoid; }\n"
            "@media print { body { max-width: none; } }\n"
            "</style>\n</head>\n<body>\n",
            w->lang, w->title);
    /* The heading of an administrative document: office left, the national
     * motto right (Vietnamese only), as a borderless table. */
    fputs("<table style=\"border-collapse:collapse;width:100%\"><tr>"
          "<td style=\"width:38%;text-align:center;vertical-align:top;font-weight:bold;"
          "font-size:12pt\">",
          out);
    html_text(out, office_name(r));
    fputs("</td><td style=\"text-align:center;vertical-align:top;font-size:12pt;"
          "white-space:nowrap\">",
          out);
    if (*w->motto1)
        fprintf(out, "<b>%s</b><br><b><u>%s</u></b>", w->motto1, w->motto2);
    fputs("</td></tr></table>\n", out);
    fprintf(out, "<h1>%s</h1>\n<p class=\"sub\">", w->title);
    html_text(out, fmt_heading(r, buf, sizeof(buf)));
    fputs("</p>\n", out);

    fprintf(out, "<h2>%s</h2>\n" TABLE "<tbody>\n", w->sec_summary);
    const char *label[SUMMARY_ROWS];
    char value[SUMMARY_ROWS][160];
    summary(r, n_eps, label, value);
    for (int i = 0; i < SUMMARY_ROWS; i++) {
        fprintf(out, "<tr><td style=\"" HCELL ";width:45%%\">%s</td>" TD "<b>", label[i]);
        html_text(out, value[i]);
        fputs("</b></td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);

    fprintf(out, "<h2>%s</h2>\n" TABLE, w->sec_contents);
    const char *h1[] = {w->no, w->item, w->type, w->plays, w->time, w->first, w->last};
    html_heads(out, h1, (const int[]){5, 0, 9, 9, 15, 12, 12}, 7);
    for (size_t i = 0; rows && i < r->n_rows; i++) {
        const struct row *row = rows[i];
        fprintf(out, "<tr>" TDC "%zu</td>" TD, i + 1);
        html_text(out, row_name(r, row, name));
        fprintf(out,
                "</td>" TD "%s</td>" TDN "%s</td>" TDN "%s</td>" TDC "%s</td>" TDC "%s</td></tr>\n",
                type_name(r, row->type), fmt_count(r, row->plays, a, sizeof(a)),
                fmt_duration(r, row->seconds, b, sizeof(b)),
                fmt_day(r, row->first_day, c, sizeof(c)), fmt_day(r, row->last_day, d, sizeof(d)));
    }
    struct totals t = totals(r);
    fprintf(out,
            "<tr>" TD "</td>" TD "<b>%s</b></td>" TD "</td>" TDN "<b>%s</b></td>" TDN
            "<b>%s</b></td>" TD "</td>" TD "</td></tr>\n</tbody></table>\n",
            w->total, fmt_count(r, t.plays, a, sizeof(a)),
            fmt_duration(r, t.seconds, b, sizeof(b)));

    fprintf(out, "<h2>%s</h2>\n" TABLE, w->sec_months);
    const char *h2[] = {w->month, w->days, w->plays, w->time};
    html_heads(out, h2, (const int[]){0, 20, 20, 30}, 4);
    int m0, m1;
    if (month_range(r, &m0, &m1))
        for (int ym = m0; ym <= m1; ym++) {
            const struct cell *cell = month_cell(r->months, r->n_months, ym);
            int y = ym / 12, m = ym % 12 + 1;
            size_t days = days_on_air(r, days_from_civil(y, m, 1),
                                      days_from_civil(m == 12 ? y + 1 : y, m % 12 + 1, 1) - 1);
            fprintf(out, "<tr>" TD "%s</td>" TDN "%s</td>" TDN "%s</td>" TDN "%s</td></tr>\n",
                    fmt_month(r, ym, buf, sizeof(buf)), fmt_count(r, days, a, sizeof(a)),
                    fmt_count(r, cell ? cell->plays : 0, b, sizeof(b)),
                    fmt_duration(r, cell ? cell->seconds : 0, c, sizeof(c)));
        }
    fprintf(out,
            "<tr>" TD "<b>%s</b></td>" TDN "<b>%s</b></td>" TDN "<b>%s</b></td>" TDN
            "<b>%s</b></td></tr>\n</tbody></table>\n",
            w->total, fmt_count(r, t.days, a, sizeof(a)), fmt_count(r, t.plays, b, sizeof(b)),
            fmt_duration(r, t.seconds, c, sizeof(c)));

    fprintf(out, "<h2>%s</h2>\n", w->sec_emergencies);
    if (!n_eps) {
        fprintf(out, "<p>%s.</p>\n", w->none);
    } else {
        fprintf(out, TABLE);
        const char *h3[] = {w->no, w->item, w->start, w->end, w->plays, w->time};
        html_heads(out, h3, (const int[]){5, 0, 15, 15, 8, 15}, 6);
    }
    for (size_t i = 0; eps && i < n_eps; i++) {
        fprintf(out, "<tr>" TDC "%zu</td>" TD, i + 1);
        html_text(out, row_name(r, &r->rows[eps[i].row], name));
        fprintf(out, "</td>" TDC "%s</td>" TDC "%s</td>" TDN "%s</td>" TDN "%s</td></tr>\n",
                fmt_time(r, eps[i].start, a, sizeof(a)), fmt_time(r, eps[i].end, b, sizeof(b)),
                fmt_count(r, eps[i].plays, c, sizeof(c)),
                fmt_duration(r, eps[i].seconds, d, sizeof(d)));
    }
    if (n_eps)
        fputs("</tbody></table>\n", out);
    fprintf(out, "<p style=\"font-size:11pt;font-style:italic\">%s</p>\n</body>\n</html>\n",
            w->generated);
    free(eps);
    free(rows);
}

/* ---- Excel -------------------------------------------------------------- */

#ifdef BANGTIN_HAVE_XLSX
bool report_have_xlsx(void)
{
    return true;
}

static lxw_datetime lxw_day(const char *day)
{
    struct cal_date d = {1970, 1, 1};
    day_of(day, &d);
    return (lxw_datetime){.year = d.year, .month = d.month, .day = d.day};
}

static lxw_datetime lxw_time(int64_t t)
{
    lxw_datetime dt = {0};
    int64_t day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
    int64_t s = t - day * 86400;
    civil_from_days(day, &dt.year, &dt.month, &dt.day);
    dt.hour = (int)(s / 3600);
    dt.min = (int)(s / 60 % 60);
    dt.sec = (double)(s % 60);
    return dt;
}

struct xfmt {
    lxw_format *title, *head, *text, *count, *dur, *day, *time, *bold, *bold_count, *bold_dur;
};

static void xlsx_heads(lxw_worksheet *ws, int row, const struct xfmt *f, const char *const *h,
                       size_t n)
{
    for (size_t i = 0; i < n; i++)
        worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)i, h[i], f->head);
}

static void xlsx_page(lxw_worksheet *ws, bool landscape)
{
    worksheet_set_paper(ws, 9); /* A4 */
    if (landscape)
        worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
}

static bool write_book(const struct report *r, const char *path)
{
    char name[NAME_BUF];
    const struct words *w = W(r);
    bool vi = r->lang == REPORT_VI;
    lxw_workbook *wb = workbook_new(path);
    if (!wb)
        return false;
    struct xfmt f;
    /* Numbers are real numbers (they sum), shown Vietnamese style whatever
     * the reader's locale: the dots are literal, conditional on size. */
    const char *count = vi ? "[>=1000000]#\".\"###\".\"###;[>=1000]#\".\"###;0" : "#,##0";
    const char *dur = vi ? "[h]\" giờ \"mm\" phút\"" : "[h]\" h \"mm\" min\"";
    const char *day = vi ? "dd\"/\"mm\"/\"yyyy" : "yyyy\"-\"mm\"-\"dd";
    const char *time = vi ? "dd\"/\"mm\"/\"yyyy hh:mm" : "yyyy\"-\"mm\"-\"dd hh:mm";
    lxw_format **all[] = {&f.title, &f.head, &f.text, &f.count,      &f.dur,
                          &f.day,   &f.time, &f.bold, &f.bold_count, &f.bold_dur};
    for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
        *all[i] = workbook_add_format(wb);
        format_set_font_name(*all[i], "Times New Roman");
        format_set_font_size(*all[i], 12);
        format_set_align(*all[i], LXW_ALIGN_VERTICAL_TOP);
        if (i != 0)
            format_set_border(*all[i], LXW_BORDER_THIN);
    }
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    format_set_bold(f.head);
    format_set_bg_color(f.head, 0xE8E8E8);
    format_set_text_wrap(f.head);
    format_set_align(f.head, LXW_ALIGN_CENTER);
    format_set_text_wrap(f.text);
    format_set_num_format(f.count, count);
    format_set_num_format(f.dur, dur);
    format_set_num_format(f.day, day);
    format_set_align(f.day, LXW_ALIGN_CENTER);
    format_set_num_format(f.time, time);
    format_set_bold(f.bold);
    format_set_bold(f.bold_count);
    format_set_num_format(f.bold_count, count);
    format_set_bold(f.bold_dur);
    format_set_num_format(f.bold_dur, dur);

    const struct row **rows = sorted(r);
    size_t n_eps = 0;
    struct episode *eps = episodes(r, &n_eps);
    struct totals t = totals(r);
    char buf[256];
    bool ok = rows && eps;

    /* Summary. */
    lxw_worksheet *ws = workbook_add_worksheet(wb, vi ? "Tổng hợp" : "Summary");
    xlsx_page(ws, false);
    worksheet_set_column(ws, 0, 0, 32, NULL);
    worksheet_set_column(ws, 1, 1, 50, NULL);
    worksheet_write_string(ws, 0, 0, office_name(r), f.title);
    worksheet_write_string(ws, 1, 0, w->title, f.title);
    worksheet_write_string(ws, 2, 0, fmt_heading(r, buf, sizeof(buf)), NULL);
    const char *label[SUMMARY_ROWS];
    char value[SUMMARY_ROWS][160];
    summary(r, n_eps, label, value);
    for (int i = 0; i < SUMMARY_ROWS; i++) {
        worksheet_write_string(ws, (lxw_row_t)(4 + i), 0, label[i], f.text);
        worksheet_write_string(ws, (lxw_row_t)(4 + i), 1, value[i], f.bold);
    }
    worksheet_write_string(ws, 4 + SUMMARY_ROWS + 1, 0, w->generated, NULL);

    /* One row per content. */
    ws = workbook_add_worksheet(wb, vi ? "Nội dung" : "Contents");
    xlsx_page(ws, true);
    worksheet_set_column(ws, 0, 0, 5, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_set_column(ws, 2, 2, 12, NULL);
    worksheet_set_column(ws, 3, 3, 10, NULL);
    worksheet_set_column(ws, 4, 4, 18, NULL);
    worksheet_set_column(ws, 5, 6, 12, NULL);
    worksheet_set_column(ws, 7, 7, 16, NULL);
    const char *h1[] = {w->no, w->item, w->type, w->plays, w->time, w->first, w->last, "id"};
    xlsx_heads(ws, 0, &f, h1, 8);
    worksheet_freeze_panes(ws, 1, 0);
    worksheet_repeat_rows(ws, 0, 0);
    size_t n = r->n_rows;
    for (size_t i = 0; rows && i < n; i++) {
        const struct row *row = rows[i];
        lxw_row_t y = (lxw_row_t)(i + 1);
        worksheet_write_number(ws, y, 0, (double)(i + 1), f.count);
        worksheet_write_string(ws, y, 1, row_name(r, row, name), f.text);
        worksheet_write_string(ws, y, 2, type_name(r, row->type), f.text);
        worksheet_write_number(ws, y, 3, (double)row->plays, f.count);
        worksheet_write_number(ws, y, 4, row->seconds / 86400.0, f.dur);
        lxw_datetime a = lxw_day(row->first_day), b = lxw_day(row->last_day);
        worksheet_write_datetime(ws, y, 5, &a, f.day);
        worksheet_write_datetime(ws, y, 6, &b, f.day);
        worksheet_write_string(ws, y, 7, row->id, f.text);
    }
    lxw_row_t y = (lxw_row_t)(n + 1);
    worksheet_write_string(ws, y, 1, w->total, f.bold);
    worksheet_write_number(ws, y, 3, (double)t.plays, f.bold_count);
    worksheet_write_number(ws, y, 4, t.seconds / 86400.0, f.bold_dur);

    /* By month: the board, then each content. */
    ws = workbook_add_worksheet(wb, vi ? "Theo tháng" : "By month");
    xlsx_page(ws, true);
    worksheet_set_column(ws, 0, 0, 50, NULL);
    worksheet_set_column(ws, 1, 40, 13, NULL);
    const char *h2[] = {w->month, w->days, w->plays, w->time};
    xlsx_heads(ws, 0, &f, h2, 4);
    int m0 = 0, m1 = -1;
    month_range(r, &m0, &m1);
    y = 1;
    for (int ym = m0; ym <= m1; ym++, y++) {
        const struct cell *cell = month_cell(r->months, r->n_months, ym);
        int yy = ym / 12, m = ym % 12 + 1;
        size_t days = days_on_air(r, days_from_civil(yy, m, 1),
                                  days_from_civil(m == 12 ? yy + 1 : yy, m % 12 + 1, 1) - 1);
        worksheet_write_string(ws, y, 0, fmt_month(r, ym, buf, sizeof(buf)), f.text);
        worksheet_write_number(ws, y, 1, (double)days, f.count);
        worksheet_write_number(ws, y, 2, cell ? (double)cell->plays : 0, f.count);
        worksheet_write_number(ws, y, 3, cell ? cell->seconds / 86400.0 : 0, f.dur);
    }
    worksheet_write_string(ws, y, 0, w->total, f.bold);
    worksheet_write_number(ws, y, 1, (double)t.days, f.bold_count);
    worksheet_write_number(ws, y, 2, (double)t.plays, f.bold_count);
    worksheet_write_number(ws, y, 3, t.seconds / 86400.0, f.bold_dur);
    y += 2;
    worksheet_write_string(ws, y++, 0, w->sec_by_month, f.title);
    lxw_row_t head = y;
    worksheet_write_string(ws, head, 0, w->item, f.head);
    for (int ym = m0; ym <= m1; ym++)
        worksheet_write_string(ws, head, (lxw_col_t)(ym - m0 + 1), fmt_month(r, ym, buf, 64),
                               f.head);
    worksheet_write_string(ws, head, (lxw_col_t)(m1 - m0 + 2), w->total, f.head);
    for (size_t i = 0; rows && i < n; i++) {
        const struct row *row = rows[i];
        y = (lxw_row_t)(head + 1 + i);
        worksheet_write_string(ws, y, 0, row_name(r, row, name), f.text);
        for (int ym = m0; ym <= m1; ym++) {
            const struct cell *cell = month_cell(row->months, row->n_months, ym);
            worksheet_write_number(ws, y, (lxw_col_t)(ym - m0 + 1), cell ? (double)cell->plays : 0,
                                   f.count);
        }
        worksheet_write_number(ws, y, (lxw_col_t)(m1 - m0 + 2), (double)row->plays, f.bold_count);
    }

    /* Emergencies. */
    ws = workbook_add_worksheet(wb, vi ? "Khẩn cấp" : "Emergencies");
    xlsx_page(ws, true);
    worksheet_set_column(ws, 0, 0, 5, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_set_column(ws, 2, 3, 18, NULL);
    worksheet_set_column(ws, 4, 5, 16, NULL);
    const char *h3[] = {w->no, w->item, w->start, w->end, w->plays, w->time};
    xlsx_heads(ws, 0, &f, h3, 6);
    if (!n_eps)
        worksheet_write_string(ws, 1, 1, w->none, f.text);
    for (size_t i = 0; eps && i < n_eps; i++) {
        y = (lxw_row_t)(i + 1);
        lxw_datetime a = lxw_time(eps[i].start), b = lxw_time(eps[i].end);
        worksheet_write_number(ws, y, 0, (double)(i + 1), f.count);
        worksheet_write_string(ws, y, 1, row_name(r, &r->rows[eps[i].row], name), f.text);
        worksheet_write_datetime(ws, y, 2, &a, f.time);
        worksheet_write_datetime(ws, y, 3, &b, f.time);
        worksheet_write_number(ws, y, 4, (double)eps[i].plays, f.count);
        worksheet_write_number(ws, y, 5, eps[i].seconds / 86400.0, f.dur);
    }
    free(rows);
    free(eps);
    lxw_error err = workbook_close(wb);
    if (err != LXW_NO_ERROR) {
        errno = EIO;
        return false;
    }
    if (!ok)
        errno = ENOMEM;
    return ok;
}

bool report_write_xlsx(const struct report *r, const char *path)
{
    /* Whole, then renamed into place: an interrupted run leaves no half
     * workbook under the name the office opens. */
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return false;
    }
    int fd = mkstemp(tmp);
    if (fd < 0)
        return false;
    close(fd);
    bool ok = write_book(r, tmp);
    int saved = errno;
    if (ok) {
        fd = open(tmp, O_RDONLY | O_CLOEXEC);
        ok = fd >= 0 && fsync(fd) == 0;
        saved = errno;
        if (fd >= 0)
            close(fd);
        /* mkstemp made it 0600; a report is for sharing like any document. */
        mode_t mask = umask(0);
        umask(mask);
        ok = ok && chmod(tmp, 0666 & ~mask) == 0 && rename(tmp, path) == 0;
        saved = errno;
    }
    if (ok)
        fs_sync_dir_of(path);
    else
        unlink(tmp);
    errno = saved;
    return ok;
}
#else
bool report_have_xlsx(void)
{
    return false;
}

bool report_write_xlsx(const struct report *r, const char *path)
{
    (void)r;
    (void)path;
    errno = ENOTSUP;
    return false;
}
#endif
