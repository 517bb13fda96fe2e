/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "util/diag.h"
#include "util/dynbuf.h"
#include "util/fsutil.h"
#include "util/paths.h"
#include "util/strparse.h"

static char tmpdir[] = "/tmp/bangtin-util-XXXXXX";

static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
    char cmd[256];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    strcpy(tmpdir, "/tmp/bangtin-util-XXXXXX");
}

START_TEST(atomic_write_replaces_whole_file)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/a.json", tmpdir);
    ck_assert(fs_write_atomic(path, "old", 3));
    ck_assert(fs_write_atomic(path, "new content", 11));
    char *buf;
    size_t len;
    ck_assert(fs_read_file(path, 100, &buf, &len));
    ck_assert_uint_eq(len, 11);
    ck_assert_str_eq(buf, "new content");
    free(buf);
    /* No temp file is left beside it. */
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "test $(ls %s | wc -l) -eq 1", tmpdir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

START_TEST(read_file_refuses_oversized)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/big", tmpdir);
    char data[5000];
    memset(data, 'x', sizeof(data));
    ck_assert(fs_write_atomic(path, data, sizeof(data)));
    char *buf = NULL;
    size_t len;
    ck_assert(!fs_read_file(path, 4096, &buf, &len));
    ck_assert_int_eq(errno, EFBIG);
    ck_assert(fs_read_file(path, 5000, &buf, &len));
    ck_assert_uint_eq(len, 5000);
    free(buf);
}
END_TEST

START_TEST(diag_prints_compiler_style)
{
    struct diag_list *l = diag_list_new();
    diag_add(l, DIAG_ERROR, "p.json", 7, 19, "items[3].duration", "schema",
             "must be a number of seconds greater than 0");
    diag_add(l, DIAG_WARNING, "p.json", 2, 3, NULL, "json", "odd");
    ck_assert_uint_eq(diag_count(l), 2);
    ck_assert_uint_eq(diag_error_count(l), 1);
    char line[512];
    diag_format(diag_get(l, 0), line, sizeof(line));
    ck_assert_str_eq(line,
                     "p.json:7:19: error: item 4 (items[3].duration): must be a number of seconds "
                     "greater than 0 [schema]");
    diag_format(diag_get(l, 1), line, sizeof(line));
    ck_assert_str_eq(line, "p.json:2:3: warning: odd [json]");
    ck_assert_ptr_eq(diag_find(l, "json"), diag_get(l, 1));
    diag_list_free(l);
}
END_TEST

START_TEST(data_dir_holds_fonts)
{
    char path[4096];
    ck_assert(paths_data_file(path, sizeof(path), "fonts/BeVietnamPro_700Bold.ttf"));
    ck_assert(fs_is_file(path));
}
END_TEST

/* ---- dynbuf: the cap given when made, every append can fail ---------- */

START_TEST(dynbuf_grows_to_its_cap_and_no_further)
{
    static const struct {
        size_t cap;
        size_t chunk;   /* bytes per append */
        size_t appends; /* how many are tried */
        size_t want;    /* bytes kept */
    } cases[] = {
        {10, 1, 20, 10}, /* byte by byte up to the cap */
        {10, 4, 5, 8},   /* a chunk that does not fit is refused whole */
        {0, 1, 3, 0},    /* a zero cap holds nothing */
        {100000, 1000, 200, 100000},
        {4096, 4096, 2, 4096}, /* exactly the cap */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct dynbuf b;
        dynbuf_init(&b, cases[i].cap);
        char chunk[4096];
        memset(chunk, 'a', sizeof(chunk));
        size_t refused = 0;
        for (size_t k = 0; k < cases[i].appends; k++) {
            errno = 0;
            if (!dynbuf_add(&b, chunk, cases[i].chunk)) {
                ck_assert_int_eq(errno, EFBIG);
                refused++;
            }
        }
        ck_assert_uint_eq(dynbuf_len(&b), cases[i].want);
        ck_assert_uint_eq(refused, cases[i].appends - cases[i].want / cases[i].chunk);
        /* Always NUL-terminated, never past the cap. */
        ck_assert_uint_eq(strlen(dynbuf_ptr(&b)), cases[i].want);
        ck_assert_uint_le(dynbuf_len(&b), dynbuf_cap(&b));
        dynbuf_free(&b);
    }
}
END_TEST

START_TEST(dynbuf_printf_reserve_take)
{
    struct dynbuf b;
    dynbuf_init(&b, 300);
    ck_assert(dynbuf_printf(&b, "%s=%d", "x", 42));
    ck_assert_str_eq(dynbuf_ptr(&b), "x=42");
    /* A long printf that fits, then one that does not: contents kept. */
    char big[200];
    memset(big, 'b', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    ck_assert(dynbuf_printf(&b, "%s", big));
    ck_assert_uint_eq(dynbuf_len(&b), 4 + 199);
    ck_assert(!dynbuf_printf(&b, "%s", big));
    ck_assert_uint_eq(dynbuf_len(&b), 4 + 199);
    /* reserve + grew, the read() pattern. */
    char *p = dynbuf_reserve(&b, 10);
    ck_assert_ptr_nonnull(p);
    memcpy(p, "0123456789", 10);
    dynbuf_grew(&b, 10);
    ck_assert_uint_eq(dynbuf_len(&b), 213);
    ck_assert_ptr_null(dynbuf_reserve(&b, 100));
    dynbuf_trim(&b, 3);
    ck_assert_uint_eq(dynbuf_len(&b), 210);
    size_t len;
    char *t = dynbuf_take(&b, &len);
    ck_assert_uint_eq(len, 210);
    ck_assert(strncmp(t, "x=42bbb", 7) == 0 && t[209] == '6' && t[210] == 0);
    free(t);
    ck_assert_uint_eq(dynbuf_len(&b), 0);
    t = dynbuf_take(&b, &len); /* empty gives "" */
    ck_assert_str_eq(t, "");
    free(t);
    /* An array of structs grows the same way. */
    struct pt {
        int x, y;
    } pts[3] = {{1, 2}, {3, 4}, {5, 6}};
    dynbuf_init(&b, 2 * sizeof(struct pt));
    ck_assert(dynbuf_add(&b, &pts[0], sizeof(pts[0])));
    ck_assert(dynbuf_add(&b, &pts[1], sizeof(pts[1])));
    ck_assert(!dynbuf_add(&b, &pts[2], sizeof(pts[2])));
    ck_assert_int_eq(((const struct pt *)(const void *)dynbuf_ptr(&b))[1].y, 4);
    dynbuf_free(&b);
}
END_TEST

/* ---- strparse: one grammar for times, dates, numbers, sizes ------------ */

static const struct {
    const char *s;
    bool allow_24;
    int want; /* minutes, -1: refused */
} hhmm_cases[] = {
    {"00:00", false, 0},     {"23:59", false, 1439}, {"07:30", false, 450},  {"7:30", false, 450},
    {"24:00", false, -1},    {"24:00", true, 1440},  {"24:01", true, -1},    {"25:00", false, -1},
    {"12:60", false, -1},    {"12:5", false, -1},    {"123:00", false, -1},  {"12:00 ", false, -1},
    {" 12:00", false, -1},   {"12h30", false, -1},   {"", false, -1},        {"-1:00", false, -1},
    {"12:00:00", false, -1}, {"+7:00", false, -1},   {"１２:00", false, -1},
};

START_TEST(one_time_of_day_grammar)
{
    int m = -1;
    bool ok = strp_parse_hhmm(hhmm_cases[_i].s, hhmm_cases[_i].allow_24, &m);
    ck_assert_msg(ok == (hhmm_cases[_i].want >= 0), "\"%s\"", hhmm_cases[_i].s);
    if (ok)
        ck_assert_int_eq(m, hhmm_cases[_i].want);
}
END_TEST

START_TEST(numbers_dates_sizes)
{
    static const struct {
        const char *s;
        int64_t lo, hi;
        bool ok;
        int64_t want;
    } ints[] = {
        {"0", 0, 10, true, 0},
        {"10", 0, 10, true, 10},
        {"11", 0, 10, false, 0},
        {"-5", -10, 10, true, -5},
        {"-5", 0, 10, false, 0}, /* no sign where none is allowed */
        {"9223372036854775807", 0, INT64_MAX, true, INT64_MAX},
        {"9223372036854775808", 0, INT64_MAX, false, 0},
        {"-9223372036854775808", INT64_MIN, 0, true, INT64_MIN},
        {"12a", 0, 100, false, 0},
        {"", 0, 100, false, 0},
        {"+3", 0, 100, false, 0},
        {" 3", 0, 100, false, 0},
    };
    for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
        int64_t v = 0;
        bool ok = strp_parse_int(ints[i].s, ints[i].lo, ints[i].hi, &v);
        ck_assert_msg(ok == ints[i].ok, "\"%s\"", ints[i].s);
        if (ok)
            ck_assert(v == ints[i].want);
    }
    static const struct {
        const char *s;
        bool ok;
        double want;
    } decs[] = {{"10", true, 10}, {"2.5", true, 2.5}, {"0.1", true, 0.1}, {"2.", false, 0},
                {".5", false, 0}, {"1e3", false, 0},  {"2,5", false, 0},  {"-1", false, 0}};
    for (size_t i = 0; i < sizeof(decs) / sizeof(decs[0]); i++) {
        double v = 0;
        bool ok = strp_parse_decimal(decs[i].s, &v);
        ck_assert_msg(ok == decs[i].ok, "\"%s\"", decs[i].s);
        if (ok)
            ck_assert_msg(v == decs[i].want, "\"%s\" read as %.17g", decs[i].s, v);
    }
    int w, h;
    ck_assert(strp_parse_size("1920x1080", 16, 16384, &w, &h) && w == 1920 && h == 1080);
    ck_assert(strp_parse_size("384X192", 16, 16384, &w, &h) && w == 384 && h == 192);
    ck_assert(!strp_parse_size("1920*1080", 16, 16384, &w, &h));
    ck_assert(!strp_parse_size("8x8", 16, 16384, &w, &h));
    ck_assert(!strp_parse_size("1920x1080x3", 16, 16384, &w, &h));
    struct strp sp;
    int y, mo, d;
    strp_init(&sp, "2026-10-10T07:00");
    ck_assert(strp_ymd(&sp, &y, &mo, &d) && y == 2026 && mo == 10 && d == 10);
    ck_assert(strp_char(&sp, 'T'));
    strp_init(&sp, "2026-1-10");
    ck_assert(!strp_ymd(&sp, &y, &mo, &d));
    ck_assert_uint_eq(strp_left(&sp), 9); /* a refusal leaves the cursor */
    strp_init(&sp, "10-10");
    ck_assert(strp_md(&sp, &mo, &d) && strp_done(&sp));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("util");
    TCase *tc = tcase_create("util");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, atomic_write_replaces_whole_file);
    tcase_add_test(tc, read_file_refuses_oversized);
    tcase_add_test(tc, diag_prints_compiler_style);
    tcase_add_test(tc, data_dir_holds_fonts);
    suite_add_tcase(s, tc);
    tc = tcase_create("dynbuf");
    tcase_add_test(tc, dynbuf_grows_to_its_cap_and_no_further);
    tcase_add_test(tc, dynbuf_printf_reserve_take);
    suite_add_tcase(s, tc);
    tc = tcase_create("strparse");
    tcase_add_loop_test(tc, one_time_of_day_grammar, 0, sizeof(hhmm_cases) / sizeof(hhmm_cases[0]));
    tcase_add_test(tc, numbers_dates_sizes);
    suite_add_tcase(s, tc);
    return fixture_run(s);
}
