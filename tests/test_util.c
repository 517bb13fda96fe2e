#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/diag.h"
#include "util/fsutil.h"
#include "util/paths.h"

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
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
