/* SPDX-License-Identifier: MIT */
#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "feed/cache.h"
#include "feed/feed.h"
#include "feed/http.h"
#include "feed/minisign.h"
#include "feed/sequence.h"
#include "feed/stage.h"
#include "feed/worker.h"
#include "fixture.h"
#include "util/fsutil.h"
#include "json/json.h"

static const char *tmpdir; /* the fixture's, per test */
static char *pub, *sig, *legacy, *other_pub;
static size_t pub_len, sig_len, legacy_len, other_len;
static const char msg[] = "{\"version\": 1, \"sequence\": 7, \"items\": []}\n";

static char *slurp(const char *name, size_t *len)
{
    return fixture_slurp(fixture_path(name), len);
}

/* Real keys and signatures from Debian's minisign. */
static void setup(void)
{
    tmpdir = fixture_tmpdir_make("feedck");
    char path[512];
    snprintf(path, sizeof(path), "%s/msg", tmpdir);
    ck_assert(fs_write_atomic(path, msg, strlen(msg)));
    fixture_sh("cd %s && minisign -G -p k.pub -s k.sec -W >/dev/null 2>&1 && "
               "minisign -G -p o.pub -s o.sec -W >/dev/null 2>&1 && "
               "minisign -S -s k.sec -m msg -t 'bảng tin' >/dev/null 2>&1 && "
               "minisign -S -l -s k.sec -m msg -x legacy.minisig >/dev/null 2>&1",
               tmpdir);
    pub = slurp("k.pub", &pub_len);
    other_pub = slurp("o.pub", &other_len);
    sig = slurp("msg.minisig", &sig_len);
    legacy = slurp("legacy.minisig", &legacy_len);
}

static void teardown(void)
{
    free(pub);
    free(other_pub);
    free(sig);
    free(legacy);
    fixture_tmpdir_remove();
}

static bool verify(const char *pk_text, const char *sig_text, size_t slen, const char *m, char *why,
                   size_t n)
{
    struct minisign_pubkey pk;
    if (!minisign_parse_pubkey(pk_text, strlen(pk_text), &pk, why, n))
        return false;
    return minisign_verify_text(&pk, sig_text, slen, m, strlen(m), why, n);
}

START_TEST(good_signature_verifies)
{
    char why[256] = "";
    ck_assert_msg(verify(pub, sig, sig_len, msg, why, sizeof(why)), "%s", why);
    struct minisign_sig s;
    ck_assert(minisign_parse_sig(sig, sig_len, &s, why, sizeof(why)));
    ck_assert(s.prehashed);
    ck_assert_str_eq(s.trusted_comment, "bảng tin");
}
END_TEST

START_TEST(bare_key_line_and_crlf_are_accepted)
{
    char why[256] = "";
    const char *line = strchr(pub, '\n') + 1;
    ck_assert_msg(verify(line, sig, sig_len, msg, why, sizeof(why)), "%s", why);
    /* A .minisig that went through a Windows editor. */
    char crlf[4096];
    size_t o = 0;
    for (size_t i = 0; i < sig_len && o + 2 < sizeof(crlf); i++) {
        if (sig[i] == '\n')
            crlf[o++] = '\r';
        crlf[o++] = sig[i];
    }
    ck_assert_msg(verify(pub, crlf, o, msg, why, sizeof(why)), "%s", why);
}
END_TEST

START_TEST(legacy_signature_is_refused)
{
    char why[256] = "";
    ck_assert(!verify(pub, legacy, legacy_len, msg, why, sizeof(why)));
    ck_assert_ptr_nonnull(strstr(why, "legacy"));
}
END_TEST

START_TEST(other_key_is_refused)
{
    char why[256] = "";
    ck_assert(!verify(other_pub, sig, sig_len, msg, why, sizeof(why)));
    ck_assert_ptr_nonnull(strstr(why, "another key"));
}
END_TEST

START_TEST(tampered_message_is_refused)
{
    char why[256] = "";
    char m[sizeof(msg)];
    memcpy(m, msg, sizeof(msg));
    m[30] = '8'; /* sequence 7 -> 8 */
    ck_assert(!verify(pub, sig, sig_len, m, why, sizeof(why)));
    ck_assert_ptr_nonnull(strstr(why, "does not match"));
}
END_TEST

START_TEST(tampered_trusted_comment_is_refused)
{
    char why[256] = "";
    char *s = strdup(sig);
    char *t = strstr(s, "\ntrusted comment: ") + strlen("\ntrusted comment: ");
    t[0] = 'X';
    ck_assert(!verify(pub, s, sig_len, msg, why, sizeof(why)));
    ck_assert_ptr_nonnull(strstr(why, "trusted comment"));
    free(s);
}
END_TEST

/* Malformed signature files: each is refused by the parser, with a reason. */
static const struct {
    const char *name;
    const char *text;
} bad_sigs[] = {
    {"empty", ""},
    {"no untrusted comment", "RUQAAAA\ntrusted comment: x\nAAAA\n"},
    {"untrusted only", "untrusted comment: x\n"},
    {"not base64", "untrusted comment: x\n!!!!\ntrusted comment: x\nAAAA\n"},
    {"short blob", "untrusted comment: x\nRUQAAAAAAAAAAAAA\ntrusted comment: x\nAAAA\n"},
    {"NUL byte", "untrusted comment: x\0\n"},
};

START_TEST(malformed_signatures_are_refused)
{
    char why[256] = "";
    struct minisign_sig s;
    size_t len = strlen(bad_sigs[_i].text);
    if (strcmp(bad_sigs[_i].name, "NUL byte") == 0)
        len = 23;
    ck_assert_msg(!minisign_parse_sig(bad_sigs[_i].text, len, &s, why, sizeof(why)), "%s",
                  bad_sigs[_i].name);
    ck_assert(why[0] != '\0');
}
END_TEST

START_TEST(real_signature_variants_are_refused)
{
    char why[256];
    struct minisign_sig s;
    /* Extra line after the global signature. */
    char *extra = malloc(sig_len + 8);
    memcpy(extra, sig, sig_len);
    memcpy(extra + sig_len, "junk\n", 6);
    ck_assert(!minisign_parse_sig(extra, sig_len + 5, &s, why, sizeof(why)));
    /* Cut in the middle of the global signature. */
    ck_assert(!minisign_parse_sig(sig, sig_len - 10, &s, why, sizeof(why)));
    /* Over the size cap. */
    size_t big = MINISIGN_MAX_FILE_BYTES + 1;
    char *huge = calloc(1, big);
    ck_assert(!minisign_parse_sig(huge, big, &s, why, sizeof(why)));
    free(huge);
    free(extra);
    struct minisign_pubkey pk;
    ck_assert(!minisign_parse_pubkey("untrusted comment: x\nRWQ=\n", 26, &pk, why, sizeof(why)));
}
END_TEST

START_TEST(backoff_grows_and_is_capped)
{
    ck_assert(feed_backoff_delay(1, 0) >= FEED_BACKOFF_BASE_S / 2.0);
    ck_assert(feed_backoff_delay(1, 1) <= FEED_BACKOFF_BASE_S);
    double prev = 0;
    for (int f = 1; f < 40; f++) {
        double d = feed_backoff_delay(f, 1);
        ck_assert(d >= prev);
        ck_assert(d <= FEED_BACKOFF_MAX_S);
        prev = d;
    }
    ck_assert(feed_backoff_delay(40, 1) == FEED_BACKOFF_MAX_S);
    ck_assert(feed_backoff_delay(40, 0) == FEED_BACKOFF_MAX_S / 2.0);
}
END_TEST

/* Sequences are read from the text, exactly. */
static const struct {
    const char *text;
    bool ok;
    int64_t want;
    const char *says; /* in the reason when refused */
} seq_rows[] = {
    {"{\"sequence\": 1}", true, 1, NULL},
    {"{\"name\": \"a,\\\"sequence\\\": 9\", \"sequence\": 42}", true, 42, NULL},
    {"{\"items\": [{\"sequence\": 5}], \"sequence\": 6}", true, 6, NULL},
    {"{\"sequence\": 5000000000000009}", true, 5000000000000009LL, NULL},
    {"{\"sequence\": 9007199254740993}", true, 9007199254740993LL, NULL},
    {"{\"sequence\": 9223372036854775807}", true, INT64_MAX, NULL},
    {"{\"sequence\": 9223372036854775808}", false, 0, "larger than"},
    {"{\"sequence\": -3}", false, 0, "negative"},
    {"{\"sequence\": 2.5}", false, 0, "not a whole number"},
    {"{\"sequence\": 7e2}", true, 700, NULL},
    {"{\"sequence\": 1e19}", false, 0, "sequence"},
    {"{\"\\u0073equence\": 12}", true, 12, NULL},
    {"{\"sequence\": 0}", false, 0, "is 0"},
    {"{\"sequence\": \"8\"}", false, 0, "quotes"},
    {"{\"sequence\": null}", false, 0, "whole number"},
    {"{\"version\": 1}", false, 0, "has no"},
    {"[1, 2]", false, 0, "has no"},
    {"{\"sequence\": true}", false, 0, "whole number"},
};

START_TEST(sequences_are_exact)
{
    char why[256] = "";
    int64_t got = 0;
    const char *t = seq_rows[_i].text;
    struct json_doc *doc = json_parse(t, strlen(t), NULL, NULL);
    ck_assert_ptr_nonnull(doc);
    bool ok = sequence_read(json_root(doc), &got, why, sizeof(why));
    json_free(doc);
    ck_assert_msg(ok == seq_rows[_i].ok, "%s: %s", t, why);
    if (ok)
        ck_assert_msg(got == seq_rows[_i].want, "%s: got %lld", t, (long long)got);
    else
        ck_assert_msg(strstr(why, seq_rows[_i].says), "%s: %s", t, why);
}
END_TEST

START_TEST(delays_are_clamped_to_the_interval)
{
    /* A next attempt stored by a clock that believed it was 2038. */
    ck_assert(feed_delay_until(2145916800, 1764547200, 0, 300) == 300);
    /* One stored by a clock stuck in 1970: now. */
    ck_assert(feed_delay_until(300, 1764547200, 0, 300) == 0);
    ck_assert(feed_delay_until(1764547200 + 40, 1764547200, 1, 300) == 40);
    ck_assert(feed_delay_until(1764547200, 1764547200, 1, 300) == 1);
}
END_TEST

/* Starts fault_server.py on docroot; returns its pid and port. */
static pid_t start_server(const char *docroot, int *port)
{
    const char *tdir = getenv("BANGTIN_TEST_DIR");
    ck_assert_ptr_nonnull(tdir);
    char script[512], log[512];
    snprintf(script, sizeof(script), "%s/feed/fault_server.py", tdir);
    snprintf(log, sizeof(log), "%s/requests.log", tmpdir);
    int fds[2];
    ck_assert_int_eq(pipe(fds), 0);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        dup2(fds[1], 1);
        close(fds[0]);
        close(fds[1]);
        execlp("python3", "python3", script, docroot, log, (char *)NULL);
        _exit(127);
    }
    close(fds[1]);
    FILE *f = fdopen(fds[0], "r");
    ck_assert_int_eq(fscanf(f, "%d", port), 1);
    fclose(f);
    return pid;
}

START_TEST(worker_hands_over_a_verified_playlist)
{
    char www[512], url[256], key[512], cache[512], path[600];
    snprintf(www, sizeof(www), "%s/www", tmpdir);
    fixture_sh("mkdir -p %s && cp %s/msg %s/feed.json && cd %s && "
               "minisign -S -s ../k.sec -m feed.json >/dev/null 2>&1",
               www, tmpdir, www, www);
    int port;
    pid_t srv = start_server(www, &port);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/feed.json", port);
    snprintf(key, sizeof(key), "%s/k.pub", tmpdir);
    snprintf(cache, sizeof(cache), "%s/cache", tmpdir);
    struct feed_config cfg = {
        .url = url, .cache_dir = cache, .pubkey_path = key, .timeout_s = 10, .interval_s = 600};
    struct feed_worker *w = feed_worker_start(&cfg);
    ck_assert_ptr_nonnull(w);
    int64_t seq = 0;
    bool got = false;
    for (int i = 0; i < 200 && !got; i++) {
        /* The player's side: a poll never waits on the network. */
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        got = feed_worker_poll(w, path, sizeof(path), &seq);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ck_assert((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) <
                  5000000L * fixture_slowdown());
        if (!got)
            usleep(50000);
    }
    char err[512];
    feed_worker_last_error(w, err, sizeof(err));
    ck_assert_msg(got, "no playlist handed over: %s", err);
    ck_assert_int_eq(seq, 7);
    ck_assert(fs_is_file(path));
    ck_assert_ptr_nonnull(strstr(path, cache));
    /* Handed over once. */
    ck_assert(!feed_worker_poll(w, path, sizeof(path), &seq));
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    feed_worker_stop(w);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ck_assert_int_lt(t1.tv_sec - t0.tv_sec, 2);
    kill(srv, SIGTERM);
    waitpid(srv, NULL, 0);
}
END_TEST

/* Waits up to secs for the worker to hand over a playlist. */
static bool poll_for(struct feed_worker *w, double secs, char *path, size_t n, int64_t *seq)
{
    for (int i = 0; i < (int)(secs * 20); i++) {
        if (feed_worker_poll(w, path, n, seq))
            return true;
        usleep(50000);
    }
    return false;
}

/* Writes www/NAME.json with sequence seq and one image, signed. */
static void publish(const char *www, const char *name, int seq, int img_seed)
{
    fixture_sh(
        "cd %s && python3 -c 'import random,struct,zlib,hashlib,json,sys\n"
        "r=random.Random(%d); w=16\n"
        "raw=b\"\".join(b\"\\0\"+bytes(r.getrandbits(8) for _ in range(w*3)) for _ in range(w))\n"
        "c=lambda t,d: struct.pack(\">I\",len(d))+t+d+struct.pack(\">I\",zlib.crc32(t+d))\n"
        "p=b\"\\x89PNG\\r\\n\\x1a\\n\"+c(b\"IHDR\",struct.pack(\">IIBBBBB\",w,w,8,2,0,0,0))"
        "+c(b\"IDAT\",zlib.compress(raw))+c(b\"IEND\",b\"\")\n"
        "open(\"%s.png\",\"wb\").write(p)\n"
        "json.dump({\"version\":1,\"sequence\":%d,\"items\":[{\"id\":\"i\",\"type\":\"image\","
        "\"src\":\"%s.png\",\"sha256\":hashlib.sha256(p).hexdigest()}]},open(\"%s.json\",\"w\"))' "
        "&& minisign -S -s ../k.sec -m %s.json >/dev/null 2>&1",
        www, img_seed, name, seq, name, name, name);
}

static int count_gens(const char *cache)
{
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "ls %s/gen | wc -l", cache);
    FILE *f = popen(cmd, "r");
    int n = -1;
    ck_assert(fscanf(f, "%d", &n) == 1);
    pclose(f);
    return n;
}

START_TEST(worker_fetches_after_a_clock_jump)
{
    char www[512], url[256], key[512], cache[512], path[4200];
    snprintf(www, sizeof(www), "%s/www", tmpdir);
    fixture_sh("mkdir -p %s", www);
    publish(www, "f", 3, 1);
    int port;
    pid_t srv = start_server(www, &port);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/f.json", port);
    snprintf(key, sizeof(key), "%s/k.pub", tmpdir);
    snprintf(cache, sizeof(cache), "%s/cache", tmpdir);
    /* state.json written while the clock said 2038: next attempt then. */
    fixture_sh(
        "mkdir -p %s && printf '{\"url\":\"\",\"etag\":\"\",\"last_modified\":\"\",\"sequence\":0,"
        "\"feed_sha256\":\"\",\"next_attempt\":2145916800,\"failures\":3,"
        "\"last_success\":2145916000}' > %s/state.json",
        cache, cache);
    struct feed_config cfg = {
        .url = url, .cache_dir = cache, .pubkey_path = key, .timeout_s = 10, .interval_s = 1};
    struct feed_worker *w = feed_worker_start(&cfg);
    int64_t seq = 0;
    char err[512] = "";
    bool got = poll_for(w, 8, path, sizeof(path), &seq);
    feed_worker_last_error(w, err, sizeof(err));
    ck_assert_msg(got, "no fetch within one interval after a clock jump: %s", err);
    ck_assert_int_eq(seq, 3);
    feed_worker_stop(w);
    kill(srv, SIGTERM);
    waitpid(srv, NULL, 0);
}
END_TEST

START_TEST(worker_pins_what_is_shown_and_sees_other_writers)
{
    char www[512], url1[256], url2[256], key[512], cache[512], p1[4200], p2[4200];
    snprintf(www, sizeof(www), "%s/www", tmpdir);
    fixture_sh("mkdir -p %s", www);
    publish(www, "a", 1, 11);
    publish(www, "b", 2, 12);
    int port;
    pid_t srv = start_server(www, &port);
    snprintf(url1, sizeof(url1), "http://127.0.0.1:%d/a.json", port);
    snprintf(url2, sizeof(url2), "http://127.0.0.1:%d/b.json", port);
    snprintf(key, sizeof(key), "%s/k.pub", tmpdir);
    snprintf(cache, sizeof(cache), "%s/cache", tmpdir);
    struct feed_config cfg = {
        .url = url1, .cache_dir = cache, .pubkey_path = key, .timeout_s = 10, .interval_s = 600};
    struct feed_worker *w = feed_worker_start(&cfg);
    int64_t seq = 0;
    ck_assert(poll_for(w, 10, p1, sizeof(p1), &seq));
    ck_assert_int_eq(seq, 1);
    feed_worker_showing(w, p1);

    /* Another writer (a by-hand fetch) installs sequence 2. */
    char why[512] = "";
    struct feed_config hand = cfg;
    hand.url = url2;
    ck_assert_msg(feed_fetch(&hand, NULL, why, sizeof(why)) == FEED_INSTALLED, "%s", why);
    ck_assert_msg(fs_is_file(p1), "the generation on screen was deleted: %s", p1);
    ck_assert(poll_for(w, 3, p2, sizeof(p2), &seq));
    ck_assert_int_eq(seq, 2);
    ck_assert_str_ne(p1, p2);
    ck_assert(fs_is_file(p1)); /* still pending: the old one stays on screen */
    feed_worker_showing(w, p2);
    bool gone = false;
    for (int i = 0; i < 60 && !gone; i++) {
        gone = !fs_is_file(p1);
        usleep(50000);
    }
    ck_assert_msg(gone, "the previous generation was not collected after the switch");
    ck_assert_int_eq(count_gens(cache), 1);
    ck_assert(fs_is_file(p2));
    feed_worker_stop(w);
    kill(srv, SIGTERM);
    waitpid(srv, NULL, 0);
}
END_TEST

/* The heartbeat goes through the feed's client: the same limits. */
START_TEST(http_post_has_the_feed_limits)
{
    char www[512], url[256], why[512];
    snprintf(www, sizeof(www), "%s/www", tmpdir);
    fixture_sh("mkdir -p %s", www);
    int port;
    pid_t srv = start_server(www, &port);
    static const struct {
        const char *path;
        enum http_result want;
        const char *says;
    } rows[] = {
        {"/hb", HTTP_OK, NULL},
        {"/_redirect/hb", HTTP_FAILED, "redirect"},
        {"/_bighdr/hb", HTTP_FAILED, "headers larger"},
        {"/_500/hb", HTTP_FAILED, "500"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", port, rows[i].path);
        struct http_request req = {
            .url = url,
            .post_body = "{\"ok\": true}",
            .post_len = 12,
            .content_type = "application/json",
            .max_bytes = 65536,
        };
        http_limits(&req, 5, 0);
        struct http_response resp;
        why[0] = '\0';
        enum http_result r = http_post(&req, &resp, why, sizeof(why));
        ck_assert_msg(r == rows[i].want, "%s: %s", rows[i].path, why);
        if (rows[i].says)
            ck_assert_msg(strstr(why, rows[i].says), "%s: %s", rows[i].path, why);
    }
    kill(srv, SIGTERM);
    waitpid(srv, NULL, 0);
    char log[600];
    snprintf(log, sizeof(log),
             "grep -q '\"method\": \"POST\", \"bytes\": 12, \"ctype\": "
             "\"application/json\"' %s/requests.log",
             tmpdir);
    ck_assert_msg(system(log) == 0, "the POST body or its type did not arrive");
}
END_TEST

/* What a fetched file is stored as: by its bytes and its item's kind; a
 * file of the other kind has no name (the board refuses it). */
static const struct {
    const char *head;
    size_t len;
    bool clip;
    const char *ext; /* NULL: refused */
} sniff_rows[] = {
    {"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, false, "png"},
    {"\xff\xd8\xff\xe0\0\x10JFIF", 10, false, "jpg"},
    {"GIF89a\x20\0", 8, false, "gif"},
    {"RIFF\0\0\0\0WEBPVP8X", 16, false, "webp"},
    {"\0\0\0 ftypisom\0\0\x02\0", 16, true, "mp4"},
    {"\0\0\0\x14"
     "ftypqt  \0\0\0\0",
     16, true, "mov"},
    {"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", 16, true, "webm"},
    {"\x1a\x45\xdf\xa3\xa3\x42\x86\x81\x01\x42\x82\x88matroska", 20, true, "mkv"},
    {"RIFF\0\0\0\0AVI LIST", 16, true, "avi"},
    {"OggS\0\x02\0\0", 8, true, "ogv"},
    /* the wrong kind for the item */
    {"\0\0\0 ftypisom", 12, false, NULL},
    {"\x89PNG\r\n\x1a\n", 8, true, NULL},
    {"GIF89a", 6, true, NULL},
    /* neither */
    {"<html><body>404", 15, false, NULL},
    {"<html><body>404", 15, true, NULL},
    {"\xff\xd8", 2, false, NULL},
    {"", 0, true, NULL},
};

START_TEST(assets_are_named_by_their_bytes)
{
    const char *got =
        stage_sniff((const uint8_t *)sniff_rows[_i].head, sniff_rows[_i].len, sniff_rows[_i].clip);
    const char *want = sniff_rows[_i].ext;
    ck_assert_msg(want ? got && strcmp(got, want) == 0 : got == NULL, "row %d: got %s, want %s", _i,
                  got ? got : "NULL", want ? want : "NULL");
    if (want) {
        char name[80];
        snprintf(name, sizeof(name), "%064d.%s", 0, want);
        ck_assert_msg(cache_is_asset_name(name), "%s", name);
    }
}
END_TEST

/* An MPEG-TS has no magic word: a sync byte every 188 bytes. */
START_TEST(transport_streams_are_clips)
{
    uint8_t ts[STAGE_SNIFF_BYTES] = {0};
    ts[0] = ts[188] = 0x47;
    ck_assert_str_eq(stage_sniff(ts, sizeof(ts), true), "ts");
    ck_assert_ptr_null(stage_sniff(ts, 188, true));
    ts[188] = 0;
    ck_assert_ptr_null(stage_sniff(ts, sizeof(ts), true));
    ck_assert(!cache_is_asset_name("0000.mp4"));
    ck_assert(!cache_is_asset_name(
        "0000000000000000000000000000000000000000000000000000000000000000.exe"));
    ck_assert(!cache_is_asset_name(
        "000000000000000000000000000000000000000000000000000000000000000A.mp4"));
}
END_TEST

static Suite *feed_suite(void)
{
    Suite *s = suite_create("feed");
    TCase *tc = tcase_create("minisign");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, good_signature_verifies);
    tcase_add_test(tc, bare_key_line_and_crlf_are_accepted);
    tcase_add_test(tc, legacy_signature_is_refused);
    tcase_add_test(tc, other_key_is_refused);
    tcase_add_test(tc, tampered_message_is_refused);
    tcase_add_test(tc, tampered_trusted_comment_is_refused);
    tcase_add_loop_test(tc, malformed_signatures_are_refused, 0,
                        sizeof(bad_sigs) / sizeof(bad_sigs[0]));
    tcase_add_test(tc, real_signature_variants_are_refused);
    suite_add_tcase(s, tc);
    TCase *tb = tcase_create("backoff");
    tcase_add_test(tb, backoff_grows_and_is_capped);
    tcase_add_test(tb, delays_are_clamped_to_the_interval);
    tcase_add_loop_test(tb, sequences_are_exact, 0, sizeof(seq_rows) / sizeof(seq_rows[0]));
    tcase_add_loop_test(tb, assets_are_named_by_their_bytes, 0,
                        sizeof(sniff_rows) / sizeof(sniff_rows[0]));
    tcase_add_test(tb, transport_streams_are_clips);
    suite_add_tcase(s, tb);
    TCase *tw = tcase_create("worker");
    tcase_add_checked_fixture(tw, setup, teardown);
    tcase_add_test(tw, worker_hands_over_a_verified_playlist);
    tcase_add_test(tw, http_post_has_the_feed_limits);
    tcase_add_test(tw, worker_fetches_after_a_clock_jump);
    tcase_add_test(tw, worker_pins_what_is_shown_and_sees_other_writers);
    suite_add_tcase(s, tw);
    return s;
}

int main(void)
{
    return fixture_run(feed_suite());
}
