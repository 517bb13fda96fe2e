/* SPDX-License-Identifier: MIT */
/* ops: config, systemd notify, proof of play, report, status. */

#include <arpa/inet.h>
#include <check.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "fixture.h"
#include "ops/config.h"
#include "ops/notify.h"
#include "ops/prooflog.h"
#include "ops/report.h"
#include "ops/status.h"
#include "playlist/playlist.h"
#include "util/diag.h"
#include "util/fsutil.h"

static const char *tmpdir; /* the fixture's, per test */

static void setup(void)
{
    tmpdir = fixture_tmpdir_make("ops");
}

static void teardown(void)
{
    fixture_tmpdir_remove();
}

static char *tmp_path(const char *name)
{
    return (char *)fixture_path(name);
}

static const struct config *parse(const char *json, struct diag_list *d)
{
    return config_parse(json, strlen(json), "/etc/bangtin/config.json", "/etc/bangtin", d);
}

/* ---- config ------------------------------------------------------------- */

START_TEST(config_full_example)
{
    const char *json = "{\n"
                       "  \"playlist\": \"playlist.json\",\n"
                       "  \"feed\": {\"url\": \"https://ubnd.example.vn/bangtin/feed.json\",\n"
                       "           \"pubkey\": \"keys/feed.pub\", \"interval\": 600},\n"
                       "  \"cache\": \"/var/lib/bangtin/cache\",\n"
                       "  \"proof_log\": \"/var/lib/bangtin/proof.log\",\n"
                       "  \"status_file\": \"/var/lib/bangtin/status.json\",\n"
                       "  \"heartbeat\": {\"url\": \"http://10.0.0.5/hb\", \"interval\": 60},\n"
                       "  \"display\": {\"size\": \"1920x1080\", \"viewport\": [0, 0, 384, 192],\n"
                       "    \"rotate\": 180, \"on\": \"05:30\", \"off\": \"22:00\",\n"
                       "    \"brightness\": [{\"from\": \"18:00\", \"level\": 70},\n"
                       "                   {\"from\": \"06:00\", \"level\": 100}]}\n"
                       "}\n";
    struct diag_list *d = diag_list_new();
    const struct config *c = parse(json, d);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(diag_count(d), 0);
    ck_assert_str_eq(c->playlist, "/etc/bangtin/playlist.json");
    ck_assert(c->has_feed);
    ck_assert_str_eq(c->feed_url, "https://ubnd.example.vn/bangtin/feed.json");
    ck_assert_str_eq(c->feed_pubkey, "/etc/bangtin/keys/feed.pub");
    ck_assert_int_eq(c->feed_interval, 600);
    ck_assert_str_eq(c->cache, "/var/lib/bangtin/cache");
    ck_assert_str_eq(c->proof_log, "/var/lib/bangtin/proof.log");
    ck_assert_uint_eq(c->proof_max_bytes, CONFIG_DEFAULT_PROOF_BYTES);
    ck_assert_str_eq(c->status_file, "/var/lib/bangtin/status.json");
    ck_assert(c->has_heartbeat);
    ck_assert_int_eq(c->heartbeat_interval, 60);
    ck_assert(c->has_size && c->width == 1920 && c->height == 1080);
    ck_assert(c->has_viewport);
    ck_assert_int_eq(c->vp_w, 384);
    ck_assert_int_eq(c->vp_h, 192);
    ck_assert_int_eq(c->rotate, 180);
    ck_assert(c->has_schedule);
    ck_assert_int_eq(c->on, 5 * 60 + 30);
    ck_assert_int_eq(c->off, 22 * 60);
    /* Sorted by time, whatever order staff wrote them in. */
    ck_assert_uint_eq(c->n_brightness, 2);
    ck_assert_int_eq(c->brightness[0].from, 6 * 60);
    ck_assert_int_eq(c->brightness[1].level, 70);
    config_free(c);
    diag_list_free(d);
}
END_TEST

START_TEST(config_empty_is_all_defaults)
{
    struct diag_list *d = diag_list_new();
    const struct config *c = parse("{}", d);
    ck_assert_ptr_nonnull(c);
    ck_assert_ptr_null(c->playlist);
    ck_assert(!c->has_feed && !c->has_heartbeat && !c->has_schedule && !c->has_viewport);
    ck_assert_ptr_null(c->proof_log);
    ck_assert_int_eq(config_brightness_at(c, 12 * 60), 100);
    ck_assert(config_display_on_at(c, 3 * 60));
    config_free(c);
    diag_list_free(d);
}
END_TEST

struct bad_case {
    const char *json;
    const char *want; /* the whole first diagnostic line */
};

static const struct bad_case bad_cases[] = {
    {"{\n  \"display\": {\n    \"size\": \"384x192\",\n    \"viewport\": [0, 0, 400, 192]\n  }\n}",
     "/etc/bangtin/config.json:4:17: error: display.viewport: [0, 0, 400, 192] goes outside the "
     "384x192 picture; make it fit display.size [config]"},
    {"{\"display\": {\"rotate\": 45}}",
     "/etc/bangtin/config.json:1:24: error: display.rotate: 45 is not a quarter turn; use 0, 90, "
     "180 or 270 [config]"},
    {"{\"display\": {\n\"on\": \"25:00\", \"off\": \"06:00\"}}",
     "/etc/bangtin/config.json:2:7: error: display.on: \"25:00\" is not a time; write HH:MM, "
     "00:00 to 23:59 [config]"},
    {"{\"display\": {\"on\": \"06:00\"}}",
     "/etc/bangtin/config.json:1:20: error: display.on: needs both display.on and display.off "
     "(HH:MM); remove it to stay on all day [config]"},
    {"{\"display\": {\"size\": \"1920*1080\"}}",
     "/etc/bangtin/config.json:1:22: error: display.size: \"1920*1080\" is not a size; write WxH, "
     "e.g. \"1920x1080\" [config]"},
    {"{\"feed\": {\"url\": \"http://x.vn/feed.json\"}, \"cache\": \"c\"}",
     "/etc/bangtin/config.json:1:18: error: feed.url: a plain http:// feed must be signed; add "
     "feed.pubkey (the minisign public key file) [config]"},
    {"{\"feed\": {\"url\": \"https://x.vn/f.json\", \"pubkey\": \"k.pub\"}}",
     "/etc/bangtin/config.json:1:10: error: feed: needs a cache directory for the fetched "
     "playlist; add \"cache\", e.g. \"/var/lib/bangtin/cache\" [config]"},
    {"{\"feed\": {\"url\": \"ftp://x.vn/f\", \"pubkey\": \"k\"}, \"cache\": \"c\"}",
     "/etc/bangtin/config.json:1:18: error: feed.url: must be an http:// or https:// address "
     "[config]"},
    {"{\"feed\": {\"url\": \"https://x.vn/f\", \"pubkey\": \"k\", \"interval\": 5}, \"cache\": "
     "\"c\"}",
     "/etc/bangtin/config.json:1:63: error: feed.interval: 5 is out of range; use 30 to 86400 "
     "[config]"},
    {"{\"display\": {\"brightness\": [\n  {\"from\": \"06:00\", \"level\": 100},\n  {\"from\": "
     "\"18:00\", \"level\": 150}\n]}}",
     "/etc/bangtin/config.json:3:30: error: display.brightness[1].level: 150 is out of range; "
     "use 0 to 100 [config]"},
    {"{\"display\": {\"brightness\": [{\"from\": \"6h\", \"level\": 50}]}}",
     "/etc/bangtin/config.json:1:38: error: display.brightness[0].from: \"6h\" is not a time; "
     "write HH:MM, 00:00 to 23:59 [config]"},
    {"{\"playlist\": 42}",
     "/etc/bangtin/config.json:1:14: error: playlist: must be a string [config]"},
    {"{\n  \"playlist\": \"a.json\"\n  \"cache\": \"c\"\n}",
     "/etc/bangtin/config.json:2:23: error: missing comma ',' after this value (the next field "
     "starts at line 3, column 3) [json]"},
    {"[1, 2]", "/etc/bangtin/config.json:1:1: error: the config must be a JSON object { ... } "
               "[config]"},
};

START_TEST(config_bad_reports_position)
{
    const struct bad_case *bc = &bad_cases[_i];
    struct diag_list *d = diag_list_new();
    const struct config *c = parse(bc->json, d);
    ck_assert_msg(c == NULL, "accepted: %s", bc->json);
    ck_assert_uint_ge(diag_error_count(d), 1);
    char line[1600];
    diag_format(diag_get(d, 0), line, sizeof(line));
    ck_assert_str_eq(line, bc->want);
    diag_list_free(d);
}
END_TEST

START_TEST(config_warnings_do_not_refuse)
{
    struct diag_list *d = diag_list_new();
    const struct config *c = parse("{\"playlist\": \"p.json\",\n \"feed\": {\"url\": "
                                   "\"https://x.vn/f.json\"}, \"cache\": \"cache\"}",
                                   d);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(diag_error_count(d), 0);
    ck_assert_uint_eq(diag_count(d), 1);
    char line[1600];
    diag_format(diag_get(d, 0), line, sizeof(line));
    ck_assert_ptr_nonnull(strstr(line, "feed.url: the feed is not signed"));
    ck_assert_str_eq(c->cache, "/etc/bangtin/cache");
    config_free(c);
    diag_list_free(d);
}
END_TEST

/* A typo in a config changes what the board does: every kind is an error
 * at the key (or value) as written, with the nearest known key. */
static const struct bad_case typo_cases[] = {
    {"{\"display\": {\"view_port\": [0, 0, 384, 192]}}",
     "/etc/bangtin/config.json:1:14: error: display.view_port: unknown field \"view_port\" in "
     "\"display\": did you mean \"viewport\"? [config]"},
    {"{\"playlist\": \"p.json\",\n \"dispaly\": {}}",
     "/etc/bangtin/config.json:2:2: error: dispaly: unknown field \"dispaly\" in the config: did "
     "you mean \"display\"? [config]"},
    {"{\"feed\": {\"url\": \"https://x.vn/f\",\n          \"pubkeys\": \"k.pub\"}, \"cache\": "
     "\"c\"}",
     "/etc/bangtin/config.json:2:11: error: feed.pubkeys: unknown field \"pubkeys\" in \"feed\": "
     "did you mean \"pubkey\"? [config]"},
    {"{\"display\": {\"brightness\": [\n  {\"from\": \"06:00\", \"levle\": 50}]}}",
     "/etc/bangtin/config.json:2:21: error: display.brightness[0].levle: unknown field "
     "\"levle\" in a brightness entry: did you mean \"level\"? [config]"},
    /* A key with a space: the path says so and the column is the key's. */
    {"{\"display\": {\"size\": \"384x192\", \"on \": \"06:00\", \"off\": \"22:00\"}}",
     "/etc/bangtin/config.json:1:33: error: display[\"on \"]: unknown field \"on \" in "
     "\"display\": did you mean \"on\"? [config]"},
    {"{\"display\": {\"colour_depth\": 8}}",
     "/etc/bangtin/config.json:1:14: error: display.colour_depth: unknown field \"colour_depth\" "
     "in \"display\": check its spelling (known fields: \"size\", \"viewport\", \"rotate\", "
     "\"on\", \"off\", \"brightness\", \"mono\", \"safe_area\", \"renderer\") [config]"},
    {"{\"display\": {\"on\": \"06:00\",\n  \"off\": \"22h30\"}}",
     "/etc/bangtin/config.json:2:10: error: display.off: \"22h30\" is not a time; write HH:MM, "
     "00:00 to 23:59 [config]"},
    {"{\"display\": {\"rotate\": 90,}}",
     "/etc/bangtin/config.json:1:26: error: remove this comma: nothing follows it before '}' "
     "[json]"},
    {"{\"display\": {\"rotate\": 90}, \"display\": {}}",
     "/etc/bangtin/config.json:1:29: error: display: this field appears twice in the same "
     "object: keep only one [json]"},
    {"{\"display\": {\"safe_area\": 12}}",
     "/etc/bangtin/config.json:1:27: error: display.safe_area: 12 is out of range; use 0 to 10 "
     "[config]"},
    {"{\"display\": {\"renderer\": \"opengl\"}}",
     "/etc/bangtin/config.json:1:26: error: display.renderer: \"opengl\" is not a renderer; use "
     "\"auto\", \"gpu\" or \"surface\" [config]"},
};

START_TEST(config_typos_are_errors_with_did_you_mean)
{
    const struct bad_case *bc = &typo_cases[_i];
    struct diag_list *d = diag_list_new();
    const struct config *c = parse(bc->json, d);
    ck_assert_msg(c == NULL, "accepted: %s", bc->json);
    char line[1600];
    diag_format(diag_get(d, 0), line, sizeof(line));
    ck_assert_str_eq(line, bc->want);
    diag_list_free(d);
}
END_TEST

START_TEST(config_safe_area_and_renderer)
{
    struct diag_list *d = diag_list_new();
    const struct config *c =
        parse("{\"display\": {\"safe_area\": 5, \"renderer\": \"surface\"}}", d);
    ck_assert_ptr_nonnull(c);
    ck_assert_int_eq(c->safe_area, 5);
    ck_assert_int_eq(c->renderer, DISPLAY_RENDERER_SURFACE);
    config_free(c);
    c = parse("{}", d);
    ck_assert_int_eq(c->safe_area, 0);
    ck_assert_int_eq(c->renderer, DISPLAY_RENDERER_AUTO);
    config_free(c);
    ck_assert_uint_eq(diag_count(d), 0);
    diag_list_free(d);
}
END_TEST

START_TEST(config_load_resolves_relative_to_file)
{
    char sub[512];
    snprintf(sub, sizeof(sub), "%s/etc", tmpdir);
    ck_assert(fs_mkdirs(sub));
    const char *json = "{\"playlist\": \"pl/today.json\", \"proof_log\": {\"path\": "
                       "\"../var/proof.log\", \"max_kb\": 64, \"keep\": 3}}";
    char *file = tmp_path("etc/config.json");
    ck_assert(fs_write_atomic(file, json, strlen(json)));
    struct diag_list *d = diag_list_new();
    const struct config *c = config_load(file, d);
    ck_assert_ptr_nonnull(c);
    char want[600];
    snprintf(want, sizeof(want), "%s/etc/pl/today.json", tmpdir);
    ck_assert_str_eq(c->playlist, want);
    snprintf(want, sizeof(want), "%s/etc/../var/proof.log", tmpdir);
    ck_assert_str_eq(c->proof_log, want);
    ck_assert_uint_eq(c->proof_max_bytes, 64 * 1024);
    ck_assert_int_eq(c->proof_keep, 3);
    config_free(c);

    /* A missing file is one error naming it. */
    ck_assert_ptr_null(config_load(tmp_path("nope.json"), d));
    ck_assert_uint_eq(diag_error_count(d), 1);
    ck_assert_ptr_nonnull(strstr(diag_get(d, 0)->message, "No such file"));
    diag_list_free(d);
}
END_TEST

struct at_case {
    int minute;
    int want;
};

/* feed.pubkey is checked when the config loads, with Debian's minisign. */
START_TEST(config_load_checks_pubkey)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd),
             "cd %s && minisign -G -W -p k.pub -s k.sec >/dev/null 2>&1 && "
             "printf 'hello\\n' > garbage.pub && head -c 40 k.pub > cut.pub",
             tmpdir);
    ck_assert_int_eq(system(cmd), 0);
    static const struct {
        const char *key;  /* feed.pubkey as written */
        const char *want; /* in the one error, or NULL: loads */
    } cases[] = {
        {"k.pub", NULL},
        {"nope.pub", "does not exist"},
        {"garbage.pub", "is not a minisign public key"},
        {"cut.pub", "is not a minisign public key"},
        {"k.sec", "SECRET key"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char json[600];
        snprintf(json, sizeof(json),
                 "{\"feed\": {\"url\": \"https://x.vn/f.json\",\n  \"pubkey\": \"%s\"}, "
                 "\"cache\": \"cache\"}",
                 cases[i].key);
        char *file = tmp_path("config.json");
        ck_assert(fs_write_atomic(file, json, strlen(json)));
        struct diag_list *d = diag_list_new();
        const struct config *c = config_load(file, d);
        if (!cases[i].want) {
            ck_assert_msg(c != NULL, "refused %s", cases[i].key);
            ck_assert_uint_eq(diag_count(d), 0);
        } else {
            ck_assert_msg(c == NULL, "accepted %s", cases[i].key);
            ck_assert_uint_eq(diag_error_count(d), 1);
            const struct diag *g = diag_get(d, 0);
            ck_assert_msg(strstr(g->message, cases[i].want), "%s: %s", cases[i].key, g->message);
            /* At the value of feed.pubkey: line 2, column 13. */
            ck_assert_int_eq(g->line, 2);
            ck_assert_int_eq(g->col, 13);
            ck_assert_str_eq(g->path, "feed.pubkey");
        }
        config_free(c);
        diag_list_free(d);
    }
}
END_TEST

START_TEST(config_brightness_schedule_wraps_midnight)
{
    const struct config *c =
        parse("{\"display\": {\"brightness\": [{\"from\": \"06:00\", \"level\": 100}, {\"from\": "
              "\"18:00\", \"level\": 70}, {\"from\": \"22:00\", \"level\": 30}]}}",
              NULL);
    ck_assert_ptr_nonnull(c);
    static const struct at_case cases[] = {
        {0, 30},       {5 * 60 + 59, 30},  {6 * 60, 100}, {12 * 60, 100},     {17 * 60 + 59, 100},
        {18 * 60, 70}, {21 * 60 + 59, 70}, {22 * 60, 30}, {23 * 60 + 59, 30}, {1440 + 6 * 60, 100},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        ck_assert_msg(config_brightness_at(c, cases[i].minute) == cases[i].want,
                      "minute %d: got %d, want %d", cases[i].minute,
                      config_brightness_at(c, cases[i].minute), cases[i].want);
    config_free(c);

    c = parse("{\"display\": {\"brightness\": 40}}", NULL);
    ck_assert_int_eq(config_brightness_at(c, 0), 40);
    ck_assert_int_eq(config_brightness_at(c, 1439), 40);
    config_free(c);
}
END_TEST

START_TEST(config_on_off_schedule)
{
    /* A day window: on 05:30, black from 22:00. */
    const struct config *day =
        parse("{\"display\": {\"on\": \"05:30\", \"off\": \"22:00\"}}", NULL);
    /* A night window crossing midnight: a board that shows only at night. */
    const struct config *night =
        parse("{\"display\": {\"on\": \"18:00\", \"off\": \"06:00\"}}", NULL);
    ck_assert_ptr_nonnull(day);
    ck_assert_ptr_nonnull(night);
    static const struct {
        int minute;
        bool day, night;
    } cases[] = {
        {0, false, true},          {5 * 60 + 29, false, true},
        {5 * 60 + 30, true, true}, {6 * 60, true, false},
        {12 * 60, true, false},    {17 * 60 + 59, true, false},
        {18 * 60, true, true},     {21 * 60 + 59, true, true},
        {22 * 60, false, true},    {23 * 60 + 59, false, true},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        ck_assert_msg(config_display_on_at(day, cases[i].minute) == cases[i].day, "day %d",
                      cases[i].minute);
        ck_assert_msg(config_display_on_at(night, cases[i].minute) == cases[i].night, "night %d",
                      cases[i].minute);
    }
    config_free(day);
    config_free(night);
}
END_TEST

/* ---- proof of play and report ------------------------------------------- */

static char *read_all(const char *path)
{
    char *buf = NULL;
    size_t len;
    ck_assert_msg(fs_read_file(path, 1 << 24, &buf, &len), "read %s", path);
    return buf;
}

static char *report_csv(const char *log, const char *from, const char *to, size_t *corrupt)
{
    struct report *r = report_new(from, to);
    ck_assert(report_add_log(r, log));
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    report_write_csv(r, f);
    fclose(f);
    if (corrupt)
        *corrupt = report_corrupt_lines(r);
    report_free(r);
    return out;
}

START_TEST(prooflog_lines_are_json_with_local_offset)
{
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    char *log = tmp_path("var/proof.log"); /* the directory is created */
    struct prooflog *p = prooflog_open(log, 1 << 20, 3);
    ck_assert_ptr_nonnull(p);
    /* 2026-01-12 01:30:00 UTC is 08:30 in Hà Nội. */
    ck_assert(prooflog_append(p, 1768181400, "nq57", "text", 12.04));
    ck_assert(prooflog_append(p, 1768181412, "a\"b", "image", 9.96));
    prooflog_close(p);
    char *s = read_all(log);
    ck_assert_str_eq(s, "{\"ts\":\"2026-01-12T08:30:00+07:00\",\"id\":\"nq57\",\"type\":\"text\","
                        "\"seconds\":12.0}\n"
                        "{\"ts\":\"2026-01-12T08:30:12+07:00\",\"id\":\"a\\\"b\",\"type\":"
                        "\"image\",\"seconds\":10.0}\n");
    free(s);
    unsetenv("TZ");
    tzset();
}
END_TEST

/* Sequences above 2^53 reach the report as written (issue 21). */
START_TEST(prooflog_sequence_is_exact_through_the_report)
{
    char *log = tmp_path("seq.log");
    struct prooflog *p = prooflog_open(log, 1 << 20, 3);
    ck_assert_ptr_nonnull(p);
    struct prooflog_entry e = {
        .shown = 1768181400, .id = "a", .type = "text", .seconds = 10, .sequence = INT64_MAX};
    ck_assert(prooflog_write(p, &e));
    e.id = "b";
    e.sequence = 9007199254740993LL; /* 2^53 + 1 */
    ck_assert(prooflog_write(p, &e));
    prooflog_close(p);
    char *s = read_all(log);
    ck_assert_ptr_nonnull(strstr(s, "\"seq\":9223372036854775807}"));
    ck_assert_ptr_nonnull(strstr(s, "\"seq\":9007199254740993}"));
    free(s);
    char *csv = report_csv(log, NULL, NULL, NULL);
    ck_assert_ptr_nonnull(strstr(csv, ",9223372036854775807\n"));
    ck_assert_ptr_nonnull(strstr(csv, ",9007199254740993\n"));
    free(csv);
}
END_TEST

START_TEST(prooflog_rotates_and_report_reads_rotations)
{
    char *log = tmp_path("proof.log");
    struct prooflog *p = prooflog_open(log, 1024, 3);
    ck_assert_ptr_nonnull(p);
    time_t t = 1768181400;
    /* ~75 bytes a line: 40 lines make about 3000 bytes, three files' worth. */
    for (int i = 0; i < 40; i++)
        ck_assert(
            prooflog_append(p, t + i * 10, i % 2 ? "clock" : "nq57", i % 2 ? "clock" : "text", 10));
    prooflog_close(p);
    struct stat st;
    ck_assert_int_eq(stat(log, &st), 0);
    ck_assert_int_le(st.st_size, 1024);
    ck_assert_int_eq(stat(tmp_path("proof.log.1"), &st), 0);
    ck_assert_int_le(st.st_size, 1024);
    ck_assert_int_eq(stat(tmp_path("proof.log.2"), &st), 0);
    ck_assert_int_ne(stat(tmp_path("proof.log.4"), &st), 0);
    /* Nothing lost while under keep: every line is in some file. */
    char *csv = report_csv(log, NULL, NULL, NULL);
    ck_assert_str_eq(csv, "id,type,plays,seconds,words,first_day,last_day,priority,version\n"
                          "clock,clock,20,200.0,,2026-01-12,2026-01-12,0,\n"
                          "nq57,text,20,200.0,,2026-01-12,2026-01-12,0,\n");
    free(csv);

    /* Far past keep: the oldest files are dropped, never more than keep. */
    p = prooflog_open(log, 1024, 3);
    for (int i = 0; i < 200; i++)
        ck_assert(prooflog_append(p, t, "x", "text", 1));
    prooflog_close(p);
    ck_assert_int_eq(stat(tmp_path("proof.log.3"), &st), 0);
    ck_assert_int_ne(stat(tmp_path("proof.log.4"), &st), 0);
}
END_TEST

START_TEST(report_skips_half_line_after_power_cut)
{
    char *log = tmp_path("proof.log");
    struct prooflog *p = prooflog_open(log, 1 << 20, 3);
    ck_assert(prooflog_append(p, 1768181400, "nq57", "text", 12));
    prooflog_close(p);
    /* The power goes off in the middle of the next line. */
    FILE *f = fopen(log, "a");
    fputs("{\"ts\":\"2026-01-12T08:30:12+07:00\",\"id\":\"nq", f);
    fclose(f);
    /* The board comes back and goes on logging. */
    p = prooflog_open(log, 1 << 20, 3);
    ck_assert(prooflog_append(p, 1768181500, "nq57", "text", 8));
    ck_assert(prooflog_append(p, 1768181508, "gio", "clock", 10));
    prooflog_close(p);
    size_t corrupt = 0;
    char *csv = report_csv(log, NULL, NULL, &corrupt);
    ck_assert_str_eq(csv, "id,type,plays,seconds,words,first_day,last_day,priority,version\n"
                          "gio,clock,1,10.0,,2026-01-12,2026-01-12,0,\n"
                          "nq57,text,2,20.0,,2026-01-12,2026-01-12,0,\n");
    ck_assert_uint_eq(corrupt, 1);
    free(csv);
}
END_TEST

START_TEST(report_filters_dates_and_formats_md)
{
    const char *lines =
        "{\"ts\":\"2025-12-31T23:59:50+07:00\",\"id\":\"tet\",\"type\":\"countdown\",\"seconds\":"
        "10.0}\n"
        "{\"ts\":\"2026-01-01T00:00:00+07:00\",\"id\":\"tet\",\"type\":\"countdown\",\"seconds\":"
        "10.5}\n"
        "{\"ts\":\"2026-06-30T22:00:00+07:00\",\"id\":\"nq57\",\"type\":\"text\",\"seconds\":3600}"
        "\n"
        "{\"ts\":\"2026-07-01T00:00:00+07:00\",\"id\":\"nq57\",\"type\":\"text\",\"seconds\":5}\n"
        "not json at all\n"
        "{\"ts\":\"2026-02-30T00:00:00+07:00\",\"id\":\"bad\",\"type\":\"text\",\"seconds\":1}\n"
        "{\"ts\":\"2026-03-01T00:00:00+07:00\",\"id\":\"neg\",\"type\":\"text\",\"seconds\":-1}\n";
    char *log = tmp_path("p.log");
    ck_assert(fs_write_atomic(log, lines, strlen(lines)));
    size_t corrupt;
    char *csv = report_csv(log, "2026-01-01", "2026-06-30", &corrupt);
    ck_assert_str_eq(csv, "id,type,plays,seconds,words,first_day,last_day,priority,version\n"
                          "nq57,text,1,3600.0,,2026-06-30,2026-06-30,0,\n"
                          "tet,countdown,1,10.5,,2026-01-01,2026-01-01,0,\n");
    ck_assert_uint_eq(corrupt, 3);
    free(csv);

    struct report *r = report_new("2026-01-01", NULL);
    ck_assert(report_add_log(r, log));
    char *md = NULL;
    size_t len;
    FILE *f = open_memstream(&md, &len);
    report_write_md(r, f);
    fclose(f);
    /* An old log (no words): rows named by id, in English by default. */
    ck_assert_ptr_nonnull(strstr(md, "From 2026-01-01 to 2026-07-01\n"));
    ck_assert_ptr_nonnull(
        strstr(md, "| 1 | nq57 | Text | 2 | 1 h 00 min | 2026-06-30 | 2026-07-01 |\n"));
    ck_assert_ptr_nonnull(
        strstr(md, "| 2 | tet | Countdown | 1 | 0 h 00 min | 2026-01-01 | 2026-01-01 |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| | **Total** | | **3** | **1 h 00 min** | | |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| 2026-06 | 1 | 1 | 1 h 00 min |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| 2026-02 | 0 | 0 | 0 h 00 min |\n"));
    free(md);
    report_free(r);

    /* A log that does not exist is an error, not an empty report. */
    r = report_new(NULL, NULL);
    ck_assert(!report_add_log(r, tmp_path("none.log")));
    report_free(r);
}
END_TEST

/* ---- notify ------------------------------------------------------------- */

static int listen_dgram(const char *name, bool abstract)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    size_t n = strlen(name);
    memcpy(sa.sun_path + (abstract ? 1 : 0), name, n);
    socklen_t len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, len), 0);
    return fd;
}

static void expect_msg(int fd, const char *want)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    ck_assert_int_eq(poll(&pfd, 1, 2000), 1);
    char buf[512];
    ssize_t n = recv(fd, buf, sizeof(buf) - 1, 0);
    ck_assert_int_gt(n, 0);
    buf[n] = '\0';
    ck_assert_str_eq(buf, want);
}

static bool nothing_pending(int fd)
{
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    return poll(&pfd, 1, 0) == 0;
}

START_TEST(notify_speaks_to_path_socket)
{
    char *sock = tmp_path("notify.sock");
    int fd = listen_dgram(sock, false);
    setenv("NOTIFY_SOCKET", sock, 1);
    ck_assert(notify_enabled());
    ck_assert(notify_ready());
    expect_msg(fd, "READY=1");
    ck_assert(notify_status("playing %s\n(item %d)", "nq57", 3));
    expect_msg(fd, "STATUS=playing nq57 (item 3)");
    ck_assert(notify_watchdog());
    expect_msg(fd, "WATCHDOG=1");
    ck_assert(notify_stopping());
    expect_msg(fd, "STOPPING=1");
    close(fd);
    /* The listener is gone: the send fails, it does not block or crash. */
    unlink(sock);
    ck_assert(!notify_ready());
    unsetenv("NOTIFY_SOCKET");
}
END_TEST

START_TEST(notify_speaks_to_abstract_socket)
{
    char name[64];
    snprintf(name, sizeof(name), "bangtin-test-%d", (int)getpid());
    int fd = listen_dgram(name, true);
    char env[80];
    snprintf(env, sizeof(env), "@%s", name);
    setenv("NOTIFY_SOCKET", env, 1);
    ck_assert(notify_ready());
    expect_msg(fd, "READY=1");
    close(fd);
    unsetenv("NOTIFY_SOCKET");
}
END_TEST

START_TEST(notify_is_a_noop_outside_systemd)
{
    unsetenv("NOTIFY_SOCKET");
    setenv("WATCHDOG_USEC", "30000000", 1);
    ck_assert(!notify_enabled());
    ck_assert(notify_ready());
    ck_assert(notify_watchdog());
    struct notify_pacer idle = {0};
    ck_assert(!notify_watchdog_if_due(&idle, 0)); /* nothing to ping */
    unsetenv("WATCHDOG_USEC");
}
END_TEST

START_TEST(notify_watchdog_interval_is_half)
{
    char pid[32];
    snprintf(pid, sizeof(pid), "%d", (int)getpid());
    static const struct {
        const char *usec, *pid;
        uint64_t want;
    } cases[] = {
        {"30000000", NULL, 15000000}, /* WatchdogSec=30 */
        {"30000000", "self", 15000000},
        {"30000000", "1", 0}, /* meant for another process */
        {"0", NULL, 0},
        {"-5", NULL, 0},
        {"30s", NULL, 0},
        {NULL, NULL, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (cases[i].usec)
            setenv("WATCHDOG_USEC", cases[i].usec, 1);
        else
            unsetenv("WATCHDOG_USEC");
        if (cases[i].pid)
            setenv("WATCHDOG_PID", strcmp(cases[i].pid, "self") ? cases[i].pid : pid, 1);
        else
            unsetenv("WATCHDOG_PID");
        ck_assert_msg(notify_watchdog_interval() == cases[i].want, "case %zu: %llu", i,
                      (unsigned long long)notify_watchdog_interval());
    }
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
}
END_TEST

START_TEST(notify_watchdog_pings_at_half_interval)
{
    char *sock = tmp_path("wd.sock");
    int fd = listen_dgram(sock, false);
    setenv("NOTIFY_SOCKET", sock, 1);
    setenv("WATCHDOG_USEC", "2000000", 1); /* WatchdogSec=2: ping every second */
    /* Frames every 16.7 ms for 5.5 simulated seconds: six pings, at 0,1,..,5 s. */
    uint64_t t0 = 1000000000;
    struct notify_pacer pacer = {0};
    int pings = 0;
    for (uint64_t t = t0; t < t0 + 5500000; t += 16667) {
        if (notify_watchdog_if_due(&pacer, t)) {
            pings++;
            expect_msg(fd, "WATCHDOG=1");
        }
    }
    ck_assert_int_eq(pings, 6);
    ck_assert(nothing_pending(fd));
    /* Frames stop (the renderer hangs): no call, no ping, systemd restarts us. */
    close(fd);
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
}
END_TEST

/* ---- status ------------------------------------------------------------- */

START_TEST(status_file_has_what_the_officer_needs)
{
    char *path = tmp_path("status.json");
    struct status_options opt = {.path = path, .write_interval = 1};
    struct status *st = status_start(&opt);
    ck_assert_ptr_nonnull(st);
    status_set_playlist(st, "feed", "UBND phường Minh Xuân", 42);
    status_set_fetch(st, false, "bad signature", 43);
    status_set_item(st, "nq57", "text");
    status_set_display(st, true, 70);
    for (int i = 0; i < 120; i++)
        status_frame(st);
    status_stop(st); /* writes the file one last time */
    char *s = read_all(path);
    cJSON *o = cJSON_Parse(s);
    ck_assert_ptr_nonnull(o);
    ck_assert_int_eq(cJSON_GetObjectItem(o, "frames")->valueint, 120);
    cJSON *pl = cJSON_GetObjectItem(o, "playlist");
    ck_assert_str_eq(cJSON_GetObjectItem(pl, "source")->valuestring, "feed");
    ck_assert_str_eq(cJSON_GetObjectItem(pl, "name")->valuestring, "UBND phường Minh Xuân");
    ck_assert_int_eq(cJSON_GetObjectItem(pl, "sequence")->valueint, 42);
    cJSON *f = cJSON_GetObjectItem(o, "fetch");
    ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(f, "ok")));
    ck_assert_str_eq(cJSON_GetObjectItem(f, "message")->valuestring, "bad signature");
    ck_assert(cJSON_IsNull(cJSON_GetObjectItem(f, "last_ok")));
    ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "item"), "id")->valuestring,
                     "nq57");
    ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "display"), "brightness")->valueint,
                     70);
    ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(o, "uptime_seconds")));
    ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(o, "system_uptime_seconds")));
    cJSON_Delete(o);
    free(s);
}
END_TEST

START_TEST(status_rewrites_soon_after_a_fetch)
{
    char *path = tmp_path("status.json");
    struct status_options opt = {.path = path, .write_interval = 3600};
    struct status *st = status_start(&opt);
    ck_assert_ptr_nonnull(st);
    /* The first write happens at start; a fetch makes the next one prompt
     * although the interval is an hour. */
    status_set_fetch(st, true, "new playlist", 7);
    bool seen = false;
    for (int i = 0; i < 50 && !seen; i++) {
        usleep(100000);
        char *buf = NULL;
        size_t len;
        if (fs_read_file(path, 1 << 20, &buf, &len))
            seen = strstr(buf, "\"new playlist\"") != NULL;
        free(buf);
    }
    ck_assert(seen);
    status_stop(st);
}
END_TEST

static int listen_tcp(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(listen(fd, 4), 0);
    socklen_t len = sizeof(sa);
    getsockname(fd, (struct sockaddr *)&sa, &len);
    *port = ntohs(sa.sin_port);
    return fd;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

START_TEST(status_heartbeat_posts_json_without_blocking)
{
    int port;
    int lfd = listen_tcp(&port);
    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/hb/board-7", port);
    struct status_options opt = {.heartbeat_url = url, .heartbeat_interval = 60};
    struct status *st = status_start(&opt);
    ck_assert_ptr_nonnull(st);
    status_set_playlist(st, "file", "demo", 5);

    struct pollfd pfd = {.fd = lfd, .events = POLLIN};
    ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
    int c = accept(lfd, NULL, NULL);
    ck_assert_int_ge(c, 0);
    /* The server stalls: the frame loop's calls must not wait for it. */
    double t0 = now_s();
    for (int i = 0; i < 1000; i++) {
        status_frame(st);
        status_set_item(st, "gio", "clock");
    }
    status_set_fetch(st, true, NULL, 5);
    ck_assert_double_lt(now_s() - t0, 0.5);

    char req[8192] = "";
    size_t got = 0;
    while (got < sizeof(req) - 1 && !strstr(req, "\n}")) {
        pfd = (struct pollfd){.fd = c, .events = POLLIN};
        ck_assert_int_eq(poll(&pfd, 1, 5000), 1);
        ssize_t n = recv(c, req + got, sizeof(req) - 1 - got, 0);
        ck_assert_int_gt(n, 0);
        got += (size_t)n;
        req[got] = '\0';
    }
    ck_assert_msg(strncmp(req, "POST /hb/board-7 HTTP/1.1\r\n", 27) == 0, "%s", req);
    ck_assert_ptr_nonnull(strstr(req, "Content-Type: application/json"));
    /* The body is the status JSON (the first beat goes out at start, maybe
     * before the playlist is set, so only its shape is fixed). */
    const char *body = strstr(req, "\r\n\r\n");
    ck_assert_ptr_nonnull(body);
    cJSON *hb = cJSON_Parse(body + 4);
    ck_assert_ptr_nonnull(hb);
    ck_assert(cJSON_IsObject(cJSON_GetObjectItem(hb, "playlist")));
    ck_assert(cJSON_IsNumber(cJSON_GetObjectItem(hb, "frames")));
    cJSON_Delete(hb);
    const char *resp = "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n";
    ck_assert_int_eq(send(c, resp, strlen(resp), MSG_NOSIGNAL), (ssize_t)strlen(resp));
    close(c);

    bool ok = false;
    for (int i = 0; i < 50 && !ok; i++) {
        usleep(100000);
        char *json = status_json(st);
        cJSON *o = cJSON_Parse(json);
        ok = cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(o, "heartbeat"), "ok"));
        cJSON_Delete(o);
        free(json);
    }
    ck_assert(ok);
    status_stop(st);
    close(lfd);
}
END_TEST

/* The lines of a log as parsed JSON objects, NULL-terminated. */
static cJSON **log_lines(const char *path, size_t *n)
{
    char *s = read_all(path);
    cJSON **v = calloc(64, sizeof(*v));
    *n = 0;
    for (char *line = strtok(s, "\n"); line && *n < 63; line = strtok(NULL, "\n"))
        v[(*n)++] = cJSON_Parse(line);
    free(s);
    return v;
}

static const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

START_TEST(prooflog_records_what_was_shown)
{
    /* A feed's playlist: the sequence names the version. */
    const char *json =
        "{\"version\":1,\"name\":\"UBND phường Minh Xuân\",\"sequence\":42,\"items\":["
        "{\"id\":\"nq57\",\"type\":\"text\",\"text\":\"ĐẨY MẠNH CHUYỂN ĐỔI SỐ\\nVÌ NHÂN DÂN "
        "PHỤC VỤ\"},"
        "{\"id\":\"dai\",\"type\":\"text\",\"title\":\"Nghị quyết 57-NQ/TW\",\"text\":\"Khoa "
        "học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu, là "
        "động lực chính để phát triển nhanh lực lượng sản xuất hiện đại\"},"
        "{\"id\":\"cds\",\"type\":\"countdown\",\"event\":\"digital-transformation-day\"},"
        "{\"id\":\"bao\",\"type\":\"text\",\"text\":\"BÃO SỐ 3\",\"priority\":5},"
        "{\"id\":\"gio\",\"type\":\"clock\"}]}";
    struct playlist *pl = playlist_parse(json, strlen(json), "feed.json", tmpdir, NULL);
    ck_assert_ptr_nonnull(pl);
    char *log = tmp_path("proof.log");
    struct prooflog *p = prooflog_open(log, 1 << 20, 3);
    for (size_t i = 0; i < pl->n_items; i++)
        ck_assert(prooflog_append_item(p, 1768181400 + (time_t)i * 10, pl, &pl->items[i], 10));
    playlist_free(pl);

    /* A local playlist without a sequence: a digest of the file names it,
     * and it changes when the file does. */
    char *file = tmp_path("local.json");
    const char *local =
        "{\"version\":1,\"items\":[{\"id\":\"a\",\"type\":\"text\",\"text\":\"Một\"}]}";
    ck_assert(fs_write_atomic(file, local, strlen(local)));
    pl = playlist_load(file, NULL);
    ck_assert_ptr_nonnull(pl);
    ck_assert(prooflog_append_item(p, 1768181500, pl, &pl->items[0], 10));
    playlist_free(pl);
    const char *local2 =
        "{\"version\":1,\"items\":[{\"id\":\"a\",\"type\":\"text\",\"text\":\"Hai\"}]}";
    ck_assert(fs_write_atomic(file, local2, strlen(local2)));
    pl = playlist_load(file, NULL);
    ck_assert(prooflog_append_item(p, 1768181510, pl, &pl->items[0], 10));
    playlist_free(pl);
    prooflog_close(p);

    size_t n;
    cJSON **v = log_lines(log, &n);
    ck_assert_uint_eq(n, 7);
    ck_assert_str_eq(jstr(v[0], "words"), "ĐẨY MẠNH CHUYỂN ĐỔI SỐ VÌ NHÂN DÂN PHỤC VỤ");
    ck_assert_int_eq(cJSON_GetObjectItem(v[0], "seq")->valueint, 42);
    ck_assert_str_eq(jstr(v[0], "office"), "UBND phường Minh Xuân");
    ck_assert_ptr_null(cJSON_GetObjectItem(v[0], "priority"));
    /* Title first; cut at a word, marked with an ellipsis, within the cap. */
    const char *w = jstr(v[1], "words");
    ck_assert_msg(strncmp(w, "Nghị quyết 57-NQ/TW: Khoa học, công nghệ", 42) == 0, "%s", w);
    ck_assert_uint_le(strlen(w), PROOFLOG_MAX_WORDS);
    ck_assert_str_eq(w + strlen(w) - 3, "…");
    ck_assert_int_ne(w[strlen(w) - 4], ' ');
    ck_assert_str_eq(jstr(v[2], "words"), "Ngày Chuyển đổi số quốc gia");
    ck_assert_int_eq(cJSON_GetObjectItem(v[3], "priority")->valueint, 5);
    ck_assert_ptr_null(jstr(v[4], "words")); /* a clock has no words */
    ck_assert_str_eq(jstr(v[4], "type"), "clock");
    /* The digest is the file's SHA-256, its first 16 hex digits. */
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)local, strlen(local));
    char hex[17];
    for (int i = 0; i < 8; i++)
        snprintf(hex + 2 * i, 3, "%02x", d[i]);
    ck_assert_str_eq(jstr(v[5], "digest"), hex);
    ck_assert_ptr_null(cJSON_GetObjectItem(v[5], "seq"));
    ck_assert_str_ne(jstr(v[6], "digest"), hex);
    ck_assert_str_eq(jstr(v[6], "words"), "Hai");
    for (size_t i = 0; i < n; i++)
        cJSON_Delete(v[i]);
    free(v);
}
END_TEST

static const struct {
    const char *in, *out;
} words_cases[] = {
    {"  ĐẨY MẠNH\n\n CHUYỂN\tĐỔI SỐ ", "ĐẨY MẠNH CHUYỂN ĐỔI SỐ"},
    {"", ""},
    /* One word longer than the cap: cut between characters, never inside one. */
    {"ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ",
     "ĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐĐ…"},
};

START_TEST(prooflog_words_cut_whole)
{
    char buf[PROOFLOG_MAX_WORDS + 1];
    ck_assert_str_eq(prooflog_words(words_cases[_i].in, buf, sizeof(buf)), words_cases[_i].out);
}
END_TEST

static char *report_doc(struct report *r, void (*write)(const struct report *, FILE *))
{
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    write(r, f);
    fclose(f);
    return out;
}

START_TEST(report_names_contents_by_words_and_lists_emergencies)
{
    char *log = tmp_path("p.log");
    FILE *f = fopen(log, "w");
    /* An old line (no words) and new ones: khauhieu-2's words changed in
     * feed version 42, so it is two contents. */
    fputs("{\"ts\":\"2026-01-05T07:00:00+07:00\",\"id\":\"gio\",\"type\":\"clock\","
          "\"seconds\":10.0}\n",
          f);
    for (int i = 0; i < 7411; i++)
        fprintf(f,
                "{\"ts\":\"2026-%02d-%02dT08:00:00+07:00\",\"id\":\"khauhieu-2\",\"type\":\"text\","
                "\"seconds\":30.0,\"words\":\"%s\",\"seq\":%d,\"office\":\"UBND xã Tân Hòa\"}\n",
                1 + i % 6, 1 + i % 28, i % 6 < 3 ? "KHOA HỌC LÀ ĐỘT PHÁ" : "ĐỔI MỚI SÁNG TẠO",
                i % 6 < 3 ? 41 : 42);
    /* An emergency: plays 5 min apart are one notice; 2 h later, another. */
    const char *bao = "\"id\":\"bao\",\"type\":\"text\",\"words\":\"BÃO SỐ 3\",\"priority\":5";
    fprintf(f, "{\"ts\":\"2026-03-15T07:30:00+07:00\",%s,\"seconds\":3000.0}\n", bao);
    fprintf(f, "{\"ts\":\"2026-03-15T08:25:00+07:00\",%s,\"seconds\":15.0}\n", bao);
    fprintf(f, "{\"ts\":\"2026-03-15T10:30:00+07:00\",%s,\"seconds\":15.0}\n", bao);
    fclose(f);

    char from[11], to[11];
    int year, half;
    ck_assert(report_half_period("2026-1", &year, &half, from, to));
    ck_assert_str_eq(from, "2026-01-01");
    ck_assert_str_eq(to, "2026-06-30");
    ck_assert(report_half_period("2026-2", &year, &half, from, to));
    ck_assert_str_eq(from, "2026-07-01");
    ck_assert_str_eq(to, "2026-12-31");
    ck_assert(!report_half_period("2026-3", &year, &half, from, to));
    ck_assert(!report_half_period("26-1", &year, &half, from, to));

    struct report *r = report_new("2026-01-01", "2026-06-30");
    report_set_half(r, 2026, 1);
    report_set_lang(r, REPORT_VI);
    ck_assert(report_add_log(r, log));
    char *csv = report_doc(r, report_write_csv);
    ck_assert_ptr_nonnull(strstr(csv, "\nbao,text,3,3030.0,BÃO SỐ 3,2026-03-15,2026-03-15,5,\n"));
    ck_assert_ptr_nonnull(strstr(
        csv, "\nkhauhieu-2,text,3706,111180.0,KHOA HỌC LÀ ĐỘT PHÁ,2026-01-01,2026-03-27,0,41\n"));
    ck_assert_ptr_nonnull(strstr(
        csv, "\nkhauhieu-2,text,3705,111150.0,ĐỔI MỚI SÁNG TẠO,2026-04-02,2026-06-28,0,42\n"));
    ck_assert_ptr_nonnull(strstr(csv, "\ngio,clock,1,10.0,,2026-01-05,2026-01-05,0,\n"));
    free(csv);

    /* 7.415 slides; 3030 + 10 + 7411 × 30 s = 225.370 s = 62,6 h. */
    char *md = report_doc(r, report_write_md);
    ck_assert_ptr_nonnull(strstr(md, "6 tháng đầu năm 2026\n"));
    ck_assert_ptr_nonnull(strstr(md, "| Đơn vị | UBND xã Tân Hòa |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| Số lượt trình chiếu | 7.415 |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| Số giờ phát | 62,6 giờ |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| Số ngày phát | 84 ngày |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| Số thông báo khẩn | 2 |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| KHOA HỌC LÀ ĐỘT PHÁ | Chữ | 3.706 | 30 giờ 53 phút | "
                                     "01/01/2026 | 27/03/2026 |\n"));
    ck_assert_ptr_nonnull(strstr(md, "| Tháng 3/2026 | 14 | 1.238 | 11 giờ 08 phút |\n"));
    ck_assert_ptr_nonnull(
        strstr(md, "| 1 | BÃO SỐ 3 | 15/03/2026 07:30 | 15/03/2026 08:25 | 2 | 0 giờ 50 phút |\n"));
    ck_assert_ptr_nonnull(
        strstr(md, "| 2 | BÃO SỐ 3 | 15/03/2026 10:30 | 15/03/2026 10:30 | 1 | 0 giờ 00 phút |\n"));
    free(md);

    /* HTML: real tables, the language declared, text escaped. */
    char *html = report_doc(r, report_write_html);
    ck_assert_ptr_nonnull(strstr(html, "<html lang=\"vi\">"));
    ck_assert_ptr_nonnull(strstr(html, "@page { size: A4"));
    ck_assert_ptr_nonnull(strstr(html, "<th style="));
    ck_assert_ptr_nonnull(strstr(html, ">KHOA HỌC LÀ ĐỘT PHÁ</td>"));
    ck_assert_ptr_nonnull(strstr(html, ">7.415</b>"));
    free(html);
    report_free(r);
}
END_TEST

static Suite *ops_suite(void)
{
    Suite *s = suite_create("ops");
    TCase *tc = tcase_create("config");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, config_full_example);
    tcase_add_test(tc, config_empty_is_all_defaults);
    tcase_add_loop_test(tc, config_bad_reports_position, 0,
                        (int)(sizeof(bad_cases) / sizeof(bad_cases[0])));
    tcase_add_test(tc, config_warnings_do_not_refuse);
    tcase_add_loop_test(tc, config_typos_are_errors_with_did_you_mean, 0,
                        sizeof(typo_cases) / sizeof(typo_cases[0]));
    tcase_add_test(tc, config_safe_area_and_renderer);
    tcase_add_test(tc, config_load_checks_pubkey);
    tcase_add_test(tc, config_load_resolves_relative_to_file);
    tcase_add_test(tc, config_brightness_schedule_wraps_midnight);
    tcase_add_test(tc, config_on_off_schedule);
    suite_add_tcase(s, tc);

    tc = tcase_create("prooflog");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, prooflog_lines_are_json_with_local_offset);
    tcase_add_test(tc, prooflog_rotates_and_report_reads_rotations);
    tcase_add_test(tc, prooflog_sequence_is_exact_through_the_report);
    tcase_add_test(tc, report_skips_half_line_after_power_cut);
    tcase_add_test(tc, report_filters_dates_and_formats_md);
    tcase_add_test(tc, prooflog_records_what_was_shown);
    tcase_add_loop_test(tc, prooflog_words_cut_whole, 0,
                        (int)(sizeof(words_cases) / sizeof(words_cases[0])));
    tcase_add_test(tc, report_names_contents_by_words_and_lists_emergencies);
    suite_add_tcase(s, tc);

    tc = tcase_create("notify");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, notify_speaks_to_path_socket);
    tcase_add_test(tc, notify_speaks_to_abstract_socket);
    tcase_add_test(tc, notify_is_a_noop_outside_systemd);
    tcase_add_test(tc, notify_watchdog_interval_is_half);
    tcase_add_test(tc, notify_watchdog_pings_at_half_interval);
    suite_add_tcase(s, tc);

    tc = tcase_create("status");
    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, status_file_has_what_the_officer_needs);
    tcase_add_test(tc, status_rewrites_soon_after_a_fetch);
    tcase_add_test(tc, status_heartbeat_posts_json_without_blocking);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fixture_run(ops_suite());
}
