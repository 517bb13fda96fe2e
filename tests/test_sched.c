/* SPDX-License-Identifier: MIT */
/* The scheduler, with an injected clock: what plays at a given local time. */

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "playlist/playlist.h"
#include "sched/sched.h"

static struct playlist *load(const char *json)
{
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(json, strlen(json), "s.json", ".", d);
    if (!pl)
        diag_print_all(d, stderr);
    ck_assert_ptr_nonnull(pl);
    diag_list_free(d);
    return pl;
}

/* Ids of the items playing at the time, comma-separated, in order. */
static void playing_ids(const struct playlist *pl, struct sched_time t, char *buf, size_t n)
{
    size_t idx[64];
    size_t k = sched_playing(pl, &t, idx, 64);
    buf[0] = 0;
    for (size_t i = 0; i < k && i < 64; i++) {
        strncat(buf, i ? "," : "", n - strlen(buf) - 1);
        strncat(buf, pl->items[idx[i]].id, n - strlen(buf) - 1);
    }
}

static const char *week_playlist =
    "{\"version\": 1, \"items\": ["
    "{\"id\": \"always\", \"type\": \"text\", \"text\": \"x\"},"
    "{\"id\": \"night\", \"type\": \"text\", \"text\": \"x\", \"hours\": \"22:00-06:00\"},"
    "{\"id\": \"office\", \"type\": \"text\", \"text\": \"x\", \"hours\": \"07:30-17:00\", "
    "\"weekdays\": [1, 2, 3, 4, 5]},"
    "{\"id\": \"weekend\", \"type\": \"text\", \"text\": \"x\", \"weekdays\": [6, 7]},"
    "{\"id\": \"october\", \"type\": \"text\", \"text\": \"x\", \"from\": \"2026-10-01\", "
    "\"until\": \"2026-10-10\"},"
    "{\"id\": \"sat-night\", \"type\": \"text\", \"text\": \"x\", \"hours\": \"23:00-01:00\", "
    "\"weekdays\": [6]}"
    "]}";

struct when_case {
    int y, m, d, hh, mm;
    const char *expect;
};

/* 2026-10-09 is a Friday, 2026-10-10 a Saturday, 2026-10-11 a Sunday. */
static const struct when_case week_cases[] = {
    {2026, 10, 9, 12, 0, "always,office,october"},
    {2026, 10, 9, 7, 29, "always,october"},
    {2026, 10, 9, 7, 30, "always,office,october"},
    {2026, 10, 9, 16, 59, "always,office,october"},
    {2026, 10, 9, 17, 0, "always,october"}, /* end is exclusive */
    {2026, 10, 9, 21, 59, "always,october"},
    {2026, 10, 9, 22, 0, "always,night,october"},
    {2026, 10, 10, 0, 30, "always,night,weekend,october"}, /* after midnight */
    {2026, 10, 10, 5, 59, "always,night,weekend,october"},
    {2026, 10, 10, 6, 0, "always,weekend,october"},
    {2026, 10, 10, 23, 30, "always,night,weekend,october,sat-night"},
    {2026, 10, 11, 0, 30, "always,night,weekend,sat-night"}, /* Saturday's window, past until */
    {2026, 10, 11, 1, 0, "always,night,weekend"},
    {2026, 10, 12, 0, 30, "always,night"}, /* Sunday night is no Saturday */
    {2026, 9, 30, 23, 59, "always,night"},
    {2026, 10, 1, 0, 0, "always,night,october"},                      /* from is inclusive */
    {2026, 10, 10, 23, 59, "always,night,weekend,october,sat-night"}, /* until inclusive */
    {2026, 10, 11, 12, 0, "always,weekend"},
};

START_TEST(what_plays_when)
{
    const struct when_case *tc = &week_cases[_i];
    struct playlist *pl = load(week_playlist);
    char got[256];
    playing_ids(pl, sched_time_make(tc->y, tc->m, tc->d, tc->hh, tc->mm, 0), got, sizeof(got));
    ck_assert_msg(strcmp(got, tc->expect) == 0, "%04d-%02d-%02d %02d:%02d: got %s, expected %s",
                  tc->y, tc->m, tc->d, tc->hh, tc->mm, got, tc->expect);
    playlist_free(pl);
}
END_TEST

START_TEST(emergency_preempts_then_rotation_resumes)
{
    struct playlist *pl =
        load("{\"version\": 1, \"items\": ["
             "{\"id\": \"a\", \"type\": \"text\", \"text\": \"x\"},"
             "{\"id\": \"storm\", \"type\": \"text\", \"text\": \"BÃO\", \"priority\": 10, "
             "\"from\": \"2026-09-20\", \"until\": \"2026-09-21\"},"
             "{\"id\": \"b\", \"type\": \"clock\"},"
             "{\"id\": \"flood\", \"type\": \"text\", \"text\": \"LŨ\", \"priority\": 10, "
             "\"from\": \"2026-09-21\", \"until\": \"2026-09-21\"}"
             "]}");
    struct sched_time normal = sched_time_make(2026, 9, 19, 9, 0, 0);
    struct sched_time storm = sched_time_make(2026, 9, 20, 9, 0, 0);
    struct sched_time both = sched_time_make(2026, 9, 21, 9, 0, 0);
    /* Normal day: a, b, a, b ... */
    ck_assert_uint_eq(sched_next(pl, &normal, SCHED_NONE), 0);
    ck_assert_uint_eq(sched_next(pl, &normal, 0), 2);
    ck_assert_uint_eq(sched_next(pl, &normal, 2), 0);
    /* Storm: only the storm notice, over and over. */
    ck_assert_uint_eq(sched_next(pl, &storm, 0), 1);
    ck_assert_uint_eq(sched_next(pl, &storm, 1), 1);
    /* Two notices of the same priority alternate. */
    ck_assert_uint_eq(sched_next(pl, &both, 1), 3);
    ck_assert_uint_eq(sched_next(pl, &both, 3), 1);
    /* Storm over: back to the rotation after the notice's place. */
    ck_assert_uint_eq(sched_next(pl, &normal, 1), 2);
    playlist_free(pl);
}
END_TEST

START_TEST(nothing_scheduled_gives_none)
{
    struct playlist *pl = load("{\"version\": 1, \"items\": ["
                               "{\"id\": \"a\", \"type\": \"text\", \"text\": \"x\", "
                               "\"until\": \"2026-01-01\"}]}");
    struct sched_time t = sched_time_make(2026, 3, 1, 9, 0, 0);
    ck_assert_uint_eq(sched_next(pl, &t, SCHED_NONE), SCHED_NONE);
    size_t idx[4];
    ck_assert_uint_eq(sched_playing(pl, &t, idx, 4), 0);
    playlist_free(pl);
    pl = load("{\"version\": 1, \"items\": []}");
    ck_assert_uint_eq(sched_next(pl, &t, SCHED_NONE), SCHED_NONE);
    playlist_free(pl);
}
END_TEST

START_TEST(implausible_clock_holds_dated_and_timed_items)
{
    struct playlist *pl =
        load("{\"version\": 1, \"items\": ["
             "{\"id\": \"dated\", \"type\": \"text\", \"text\": \"x\", \"from\": \"2026-01-01\"},"
             "{\"id\": \"plain\", \"type\": \"text\", \"text\": \"x\"},"
             "{\"id\": \"hours\", \"type\": \"text\", \"text\": \"x\", \"hours\": \"00:00-24:00\"},"
             "{\"id\": \"tet\", \"type\": \"countdown\", \"event\": \"tet\"},"
             "{\"id\": \"clock\", \"type\": \"clock\"},"
             "{\"id\": \"urgent\", \"type\": \"text\", \"text\": \"x\", \"priority\": 5, "
             "\"until\": \"2026-12-31\"}]}");
    struct sched_time boot = sched_time_from_unix(60, 7 * 3600); /* 1970-01-01 07:01 */
    ck_assert_int_eq(boot.year, 1970);
    ck_assert(!sched_clock_plausible(&boot));
    char got[256];
    playing_ids(pl, boot, got, sizeof(got));
    ck_assert_str_eq(got, "plain");
    struct sched_time real = sched_time_make(2026, 6, 1, 8, 0, 0);
    ck_assert(sched_clock_plausible(&real));
    playing_ids(pl, real, got, sizeof(got));
    ck_assert_str_eq(got, "urgent");
    playlist_free(pl);
}
END_TEST

START_TEST(unusable_images_never_play)
{
    struct playlist *pl = load("{\"version\": 1, \"items\": ["
                               "{\"id\": \"img\", \"type\": \"image\", \"src\": \"none.png\"},"
                               "{\"id\": \"t\", \"type\": \"text\", \"text\": \"x\"}]}");
    ck_assert(!playlist_check_assets(pl, NULL));
    struct sched_time t = sched_time_make(2026, 6, 1, 8, 0, 0);
    ck_assert_uint_eq(sched_next(pl, &t, SCHED_NONE), 1);
    ck_assert_uint_eq(sched_next(pl, &t, 1), 1);
    playlist_free(pl);
}
END_TEST

START_TEST(next_change_is_the_next_boundary)
{
    struct playlist *pl = load(week_playlist);
    struct sched_time t = sched_time_make(2026, 10, 9, 12, 0, 0);
    ck_assert_int_eq(sched_seconds_to_change(pl, &t), 5 * 3600); /* 17:00 */
    t = sched_time_make(2026, 10, 9, 17, 0, 0);
    ck_assert_int_eq(sched_seconds_to_change(pl, &t), 5 * 3600); /* 22:00 */
    t = sched_time_make(2026, 10, 9, 23, 59, 30);
    ck_assert_int_eq(sched_seconds_to_change(pl, &t), 30); /* midnight */
    t = sched_time_make(2026, 10, 10, 0, 59, 59);
    ck_assert_int_eq(sched_seconds_to_change(pl, &t), 1); /* 01:00 */
    playlist_free(pl);
    pl = load("{\"version\": 1, \"items\": []}");
    t = sched_time_make(2026, 10, 9, 0, 0, 0);
    ck_assert_int_eq(sched_seconds_to_change(pl, &t), 86400);
    playlist_free(pl);
}
END_TEST

START_TEST(local_time_from_unix_time)
{
    /* 2026-01-12 00:30 in Hà Nội (UTC+7) is 2026-01-11 17:30 UTC. */
    struct sched_time t = sched_time_from_unix(1768152600, 7 * 3600);
    ck_assert_int_eq(t.year, 2026);
    ck_assert_int_eq(t.month, 1);
    ck_assert_int_eq(t.day, 12);
    ck_assert_int_eq(t.hour, 0);
    ck_assert_int_eq(t.min, 30);
    ck_assert_int_eq(t.weekday, 1); /* Monday */
    t = sched_time_make(2028, 2, 29, 0, 0, 0);
    ck_assert_int_eq(t.weekday, 2);
    t = sched_time_from_unix(-1, 0);
    ck_assert_int_eq(t.year, 1969);
    ck_assert_int_eq(t.hour, 23);
    ck_assert_int_eq(t.sec, 59);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("sched");
    TCase *tc = tcase_create("sched");
    tcase_add_loop_test(tc, what_plays_when, 0, (int)(sizeof(week_cases) / sizeof(week_cases[0])));
    tcase_add_test(tc, emergency_preempts_then_rotation_resumes);
    tcase_add_test(tc, nothing_scheduled_gives_none);
    tcase_add_test(tc, implausible_clock_holds_dated_and_timed_items);
    tcase_add_test(tc, unusable_images_never_play);
    tcase_add_test(tc, next_change_is_the_next_boundary);
    tcase_add_test(tc, local_time_from_unix_time);
    suite_add_tcase(s, tc);
    return fixture_run(s);
}
