/* SPDX-License-Identifier: MIT */
/* The application layer's pure parts and its config watcher: when the
 * slide on screen gives way, where the rotation continues across playlists
 * and notices, and a config with errors that never stops the board. */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/cfgwatch.h"
#include "app/feedlog.h"
#include "app/rotation.h"
#include "fixture.h"
#include "ops/config.h"
#include "playlist/playlist.h"
#include "sched/sched.h"
#include "util/log.h"

static struct playlist *load(const char *json)
{
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(json, strlen(json), "r.json", ".", d);
    if (!pl)
        diag_print_all(d, stderr);
    ck_assert_ptr_nonnull(pl);
    diag_list_free(d);
    return pl;
}

/* A routine rotation a, b, c, d; "sang" until 11:00; a storm notice from
 * 11:00 at priority 10. */
#define ROUTINE                                                                                    \
    "{\"id\": \"a\", \"type\": \"text\", \"text\": \"A\"},"                                        \
    "{\"id\": \"b\", \"type\": \"text\", \"text\": \"B\"},"                                        \
    "{\"id\": \"c\", \"type\": \"text\", \"text\": \"C\"},"                                        \
    "{\"id\": \"d\", \"type\": \"text\", \"text\": \"D\"}"
static const char *routine = "{\"version\": 1, \"items\": [" ROUTINE "]}";
static const char *timed = "{\"version\": 1, \"items\": [" ROUTINE
                           ", {\"id\": \"sang\", \"type\": \"text\", \"text\": \"S\", "
                           "\"hours\": \"08:00-11:00\"},"
                           "{\"id\": \"bao\", \"type\": \"text\", \"text\": \"BÃO\", "
                           "\"priority\": 10, \"hours\": \"11:00-12:00\"}]}";
static const char *with_notice =
    "{\"version\": 1, \"items\": [" ROUTINE
    ", {\"id\": \"bao\", \"type\": \"text\", \"text\": \"BÃO\", \"priority\": 10}]}";
static const char *without_c = "{\"version\": 1, \"items\": ["
                               "{\"id\": \"a\", \"type\": \"text\", \"text\": \"A\"},"
                               "{\"id\": \"b\", \"type\": \"text\", \"text\": \"B\"},"
                               "{\"id\": \"d\", \"type\": \"text\", \"text\": \"D\"}]}";
static const char *other_ids = "{\"version\": 1, \"items\": ["
                               "{\"id\": \"x\", \"type\": \"text\", \"text\": \"X\"},"
                               "{\"id\": \"y\", \"type\": \"text\", \"text\": \"Y\"}]}";
static const char *filler = "{\"version\": 1, \"items\": ["
                            "{\"id\": \"x\", \"type\": \"text\", \"text\": \"X\", "
                            "\"priority\": -1}]}";

static const char *id_of(const struct playlist *pl, size_t i)
{
    return i == SCHED_NONE ? "neutral" : pl->items[i].id;
}

/* ---- by time -------------------------------------------------------------- */

struct time_case {
    const char *on; /* id on screen, or "neutral" */
    int hh, mm;
    bool leave;
};

static const struct time_case time_cases[] = {
    {"a", 10, 59, false},     /* routine: waits for its end */
    {"sang", 10, 59, false},  /* its window is still open */
    {"sang", 11, 0, true},    /* its window closed mid-slide */
    {"a", 11, 0, true},       /* the notice is scheduled now */
    {"bao", 11, 30, false},   /* the notice itself stays */
    {"bao", 12, 0, true},     /* its window closed */
    {"neutral", 10, 0, true}, /* something plays: the neutral slide gives way */
    {"neutral", 23, 0, true},
};

START_TEST(leave_by_time)
{
    const struct time_case *tc = &time_cases[_i];
    struct playlist *pl = load(timed);
    size_t cur = SCHED_NONE;
    if (strcmp(tc->on, "neutral") != 0)
        cur = rotation_find(pl, tc->on);
    struct sched_time t = sched_time_make(2026, 3, 10, tc->hh, tc->mm, 0);
    ck_assert_msg(rotation_leave_by_time(pl, &t, cur) == tc->leave, "%s at %02d:%02d: leave %d",
                  tc->on, tc->hh, tc->mm, tc->leave);
    playlist_free(pl);
}
END_TEST

/* An item whose last day (until) ends while it is on screen leaves at
 * midnight, and sched_seconds_to_change() wakes the loop for it. */
START_TEST(until_closes_at_midnight)
{
    struct playlist *pl = load("{\"version\": 1, \"items\": [" ROUTINE
                               ", {\"id\": \"tet\", \"type\": \"text\", \"text\": \"T\", "
                               "\"until\": \"2026-03-10\"}]}");
    size_t tet = rotation_find(pl, "tet");
    struct sched_time before = sched_time_make(2026, 3, 10, 23, 59, 50);
    struct sched_time after = sched_time_make(2026, 3, 11, 0, 0, 0);
    ck_assert(!rotation_leave_by_time(pl, &before, tet));
    ck_assert_int_eq(sched_seconds_to_change(pl, &before), 10);
    ck_assert(rotation_leave_by_time(pl, &after, tet));
    playlist_free(pl);
}
END_TEST

/* ---- by a new playlist ---------------------------------------------------- */

struct swap_case {
    const char *old, *on, *next;
    bool leave;
    const char *then; /* the item after the swap (sched_next from the place) */
};

static const struct swap_case swap_cases[] = {
    {"routine", "b", "with_notice", true, "bao"}, /* a notice arrives: at once */
    {"with_notice", "bao", "routine", true, "a"}, /* the notice withdrawn: at once; after it */
    {"routine", "b", "routine", false, "c"},      /* an edit: at the end, place kept */
    {"routine", "c", "without_c", false, "d"},    /* c removed: what came after it */
    {"routine", "d", "without_c", false, "a"},    /* wraps round */
    {"routine", "b", "other_ids", false, "x"},    /* nothing in common: item 1 */
    {"routine", "b", "filler", false, "x"},       /* routine gives way to filler at its end */
    {"with_notice", "bao", "filler", true, "x"},  /* a withdrawn notice does not linger */
    {"routine", "neutral", "routine", true, "a"}, /* content after the neutral slide */
};

static const char *named(const char *name)
{
    if (strcmp(name, "routine") == 0)
        return routine;
    if (strcmp(name, "with_notice") == 0)
        return with_notice;
    if (strcmp(name, "without_c") == 0)
        return without_c;
    if (strcmp(name, "other_ids") == 0)
        return other_ids;
    return filler;
}

START_TEST(leave_by_playlist)
{
    const struct swap_case *tc = &swap_cases[_i];
    struct playlist *old = load(named(tc->old));
    struct playlist *next = load(named(tc->next));
    size_t cur = strcmp(tc->on, "neutral") == 0 ? SCHED_NONE : rotation_find(old, tc->on);
    struct sched_time t = sched_time_make(2026, 3, 10, 9, 0, 0);
    ck_assert_msg(rotation_leave_by_playlist(old, cur, next, &t) == tc->leave,
                  "%s on screen, %s -> %s: leave %d", tc->on, tc->old, tc->next, tc->leave);
    struct rotation *r = rotation_new();
    size_t place = rotation_place(old, cur, next);
    size_t then = rotation_next(r, next, &t, place, false);
    ck_assert_str_eq(id_of(next, then), tc->then);
    rotation_free(r);
    playlist_free(old);
    playlist_free(next);
}
END_TEST

/* ---- the rotation across a notice ------------------------------------------ */

/* Steps through a day: each step is (time, cut) and the id expected. */
START_TEST(rotation_resumes_after_a_notice)
{
    struct playlist *pl = load(timed);
    struct rotation *r = rotation_new();
    struct {
        int hh, mm;
        bool cut;
        const char *expect;
    } steps[] = {
        {10, 50, false, "a"},   {10, 51, false, "b"},
        {10, 52, false, "c"},   {11, 0, true, "bao"}, /* c cut short by the notice */
        {11, 30, false, "bao"},                       /* the only notice: again */
        {12, 0, true, "c"},                           /* over: c again, from its start */
        {12, 1, false, "d"},    {12, 2, false, "a"},
    };
    size_t cur = SCHED_NONE;
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        struct sched_time t = sched_time_make(2026, 3, 10, steps[i].hh, steps[i].mm, 0);
        cur = rotation_next(r, pl, &t, cur, steps[i].cut);
        ck_assert_msg(strcmp(id_of(pl, cur), steps[i].expect) == 0, "step %zu: %s, want %s", i,
                      id_of(pl, cur), steps[i].expect);
    }
    /* A notice that came at a slide's end: the rotation goes on after it. */
    rotation_free(r);
    r = rotation_new();
    cur = SCHED_NONE;
    struct sched_time t = sched_time_make(2026, 3, 10, 10, 50, 0);
    cur = rotation_next(r, pl, &t, cur, false); /* a */
    t = sched_time_make(2026, 3, 10, 11, 0, 0);
    cur = rotation_next(r, pl, &t, cur, false); /* a ended, then the notice */
    ck_assert_str_eq(id_of(pl, cur), "bao");
    t = sched_time_make(2026, 3, 10, 12, 0, 0);
    cur = rotation_next(r, pl, &t, cur, true);
    ck_assert_str_eq(id_of(pl, cur), "b");
    rotation_free(r);
    playlist_free(pl);
}
END_TEST

/* ---- the config watcher ---------------------------------------------------- */

static const char *dir; /* the fixture's temporary directory */

static void put(const char *name, const char *text)
{
    char p[512], tmp[520];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    snprintf(tmp, sizeof(tmp), "%s.tmp", p);
    FILE *f = fopen(tmp, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
    ck_assert_int_eq(rename(tmp, p), 0);
}

static void setup(void)
{
    dir = fixture_tmpdir_make("app");
    log_set_quiet(1);
}

static void teardown(void)
{
    fixture_tmpdir_remove();
}

static const char *good = "{ \"playlist\": \"p.json\", \"display\": { \"size\": \"320x160\" } }";
static const char *typos[] = {
    "{ \"playlist\": \"p.json\", }",                              /* trailing comma */
    "{ \"display\": { \"on\": \"06:00\", \"off\": \"22h30\" } }", /* a bad time */
    "{ \"display\": { \"size\": \"320x160\" }",                   /* unclosed */
    "",                                                           /* empty file */
};

START_TEST(typo_without_a_good_copy_gives_defaults)
{
    char cfg[512], state[512];
    snprintf(cfg, sizeof(cfg), "%s/config.json", dir);
    snprintf(state, sizeof(state), "%s/state", dir);
    put("config.json", typos[_i]);
    struct cfgwatch *w = cfgwatch_new(cfg, state);
    ck_assert_ptr_null(cfgwatch_load(w));
    ck_assert_int_eq(cfgwatch_source(w), CFGWATCH_DEFAULTS);
    /* Nothing changed on disk: no reload, no log flood. */
    const struct config *c = NULL;
    ck_assert(!cfgwatch_poll(w, &c));
    /* Fixed: picked up by the next look. */
    put("config.json", good);
    ck_assert(cfgwatch_poll(w, &c));
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->width, 320);
    ck_assert_int_eq(cfgwatch_source(w), CFGWATCH_FILE);
    config_free(c);
    cfgwatch_free(w);
}
END_TEST

START_TEST(typo_after_a_good_config_uses_the_last_good_copy)
{
    char cfg[512], state[512], saved[600];
    snprintf(cfg, sizeof(cfg), "%s/config.json", dir);
    snprintf(state, sizeof(state), "%s/state", dir);
    snprintf(saved, sizeof(saved), "%s/config.last-good", state);
    put("config.json", good);
    struct cfgwatch *w = cfgwatch_new(cfg, state);
    const struct config *c = cfgwatch_load(w);
    ck_assert_ptr_nonnull(c);
    config_free(c);
    ck_assert_str_eq(cfgwatch_saved_path(w), saved);
    struct stat st;
    ck_assert_int_eq(stat(saved, &st), 0);
    cfgwatch_free(w);

    /* The next start, with a typo: the last good copy, paths resolved
     * beside the real file, not beside the copy. */
    put("config.json", typos[_i]);
    w = cfgwatch_new(cfg, state);
    c = cfgwatch_load(w);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(cfgwatch_source(w), CFGWATCH_LAST_GOOD);
    char want[600];
    snprintf(want, sizeof(want), "%s/p.json", dir);
    ck_assert_str_eq(c->playlist, want);
    config_free(c);
    /* A broken edit while running changes nothing. */
    put("config.json", "{ \"playlist\": 5 }");
    ck_assert(!cfgwatch_poll(w, &c));
    cfgwatch_free(w);

    /* Another config file never gets this one's copy. */
    char other[512];
    snprintf(other, sizeof(other), "%s/other.json", dir);
    put("other.json", typos[_i]);
    w = cfgwatch_new(other, state);
    ck_assert_ptr_null(cfgwatch_load(w));
    ck_assert_int_eq(cfgwatch_source(w), CFGWATCH_DEFAULTS);
    cfgwatch_free(w);
}
END_TEST

START_TEST(missing_config_gives_defaults_until_it_appears)
{
    char cfg[512], state[512];
    snprintf(cfg, sizeof(cfg), "%s/config.json", dir);
    snprintf(state, sizeof(state), "%s/state", dir);
    struct cfgwatch *w = cfgwatch_new(cfg, state);
    ck_assert_ptr_null(cfgwatch_load(w));
    const struct config *c = NULL;
    ck_assert(!cfgwatch_poll(w, &c));
    put("config.json", good);
    ck_assert(cfgwatch_poll(w, &c));
    ck_assert_ptr_nonnull(c);
    config_free(c);
    cfgwatch_free(w);
}
END_TEST

START_TEST(state_dir_from_the_environment)
{
    char buf[256];
    setenv("STATE_DIRECTORY", "/var/lib/bangtin:/var/lib/other", 1);
    ck_assert(cfgwatch_state_dir(buf, sizeof(buf)));
    ck_assert_str_eq(buf, "/var/lib/bangtin");
    unsetenv("STATE_DIRECTORY");
    setenv("XDG_STATE_HOME", "/home/op/.state", 1);
    ck_assert(cfgwatch_state_dir(buf, sizeof(buf)));
    ck_assert_str_eq(buf, "/home/op/.state/bangtin");
    unsetenv("XDG_STATE_HOME");
    setenv("HOME", "/home/op", 1);
    ck_assert(cfgwatch_state_dir(buf, sizeof(buf)));
    ck_assert_str_eq(buf, "/home/op/.local/state/bangtin");
}
END_TEST

/* ---- what the journal says about the feed --------------------------------- */

START_TEST(feed_failures_logged_once_per_reason)
{
    setenv("TZ", "ICT-7", 1); /* the board's zone, UTC+7 */
    tzset();
    struct feedlog *fl = feedlog_new();
    char line[1024];
    time_t next = 1773115512; /* 2026-03-10 11:05:12 +07:00 */
    const struct {
        const char *reason; /* one cycle's outcome, "" = good */
        bool news;
    } cycles[] = {
        {"", false},
        {"feed refused: bad signature", true},
        {"feed refused: bad signature", false}, /* the same at the next retry */
        {"feed refused: bad signature", false},
        {"cannot connect to 127.0.0.1", true}, /* another reason */
        {"feed refused: bad signature", true}, /* changed again */
        {"", false},                           /* a good cycle */
        {"feed refused: bad signature", true}, /* after it, news again */
    };
    for (size_t i = 0; i < sizeof(cycles) / sizeof(cycles[0]); i++) {
        line[0] = '\0';
        bool news = feedlog_news(fl, cycles[i].reason, next, line, sizeof(line));
        ck_assert_msg(news == cycles[i].news, "cycle %zu (%s): news %d", i, cycles[i].reason, news);
        if (news) {
            ck_assert_ptr_nonnull(strstr(line, cycles[i].reason));
            ck_assert_msg(strstr(line, "next try at 2026-03-10 11:05:12"), "%s", line);
        }
    }
    feedlog_reset(fl);
    ck_assert(feedlog_news(fl, "feed refused: bad signature", 0, line, sizeof(line)));
    ck_assert_ptr_nonnull(strstr(line, "next try at ?"));
    feedlog_free(fl);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("app");
    TCase *tc = tcase_create("rotation");
    tcase_add_loop_test(tc, leave_by_time, 0, (int)(sizeof(time_cases) / sizeof(time_cases[0])));
    tcase_add_loop_test(tc, leave_by_playlist, 0,
                        (int)(sizeof(swap_cases) / sizeof(swap_cases[0])));
    tcase_add_test(tc, until_closes_at_midnight);
    tcase_add_test(tc, rotation_resumes_after_a_notice);
    suite_add_tcase(s, tc);
    TCase *tw = tcase_create("cfgwatch");
    tcase_add_checked_fixture(tw, setup, teardown);
    tcase_add_loop_test(tw, typo_without_a_good_copy_gives_defaults, 0,
                        (int)(sizeof(typos) / sizeof(typos[0])));
    tcase_add_loop_test(tw, typo_after_a_good_config_uses_the_last_good_copy, 0,
                        (int)(sizeof(typos) / sizeof(typos[0])));
    tcase_add_test(tw, missing_config_gives_defaults_until_it_appears);
    tcase_add_test(tw, state_dir_from_the_environment);
    suite_add_tcase(s, tw);
    TCase *tf = tcase_create("feedlog");
    tcase_add_test(tf, feed_failures_logged_once_per_reason);
    suite_add_tcase(s, tf);
    return fixture_run(s);
}
