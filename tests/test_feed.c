#include <check.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "feed/feed.h"
#include "feed/worker.h"
#include "feed/minisign.h"
#include "util/fsutil.h"

static char tmpdir[] = "/tmp/bangtin-feedck-XXXXXX";
static char *pub, *sig, *legacy, *other_pub;
static size_t pub_len, sig_len, legacy_len, other_len;
static const char msg[] = "{\"version\": 1, \"sequence\": 7, \"items\": []}\n";

static char *slurp(const char *name, size_t *len)
{
    char path[512], *data;
    snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
    ck_assert_msg(fs_read_file(path, 1 << 20, &data, len), "cannot read %s", path);
    return data;
}

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

/* Real keys and signatures from Debian's minisign. */
static void setup(void)
{
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    char path[512];
    snprintf(path, sizeof(path), "%s/msg", tmpdir);
    ck_assert(fs_write_atomic(path, msg, strlen(msg)));
    sh("cd %s && minisign -G -p k.pub -s k.sec -W >/dev/null 2>&1 && "
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
    sh("rm -rf %s", tmpdir);
    strcpy(tmpdir, "/tmp/bangtin-feedck-XXXXXX");
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
    sh("mkdir -p %s && cp %s/msg %s/feed.json && cd %s && "
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
        ck_assert((t1.tv_sec - t0.tv_sec) * 1000000000L + (t1.tv_nsec - t0.tv_nsec) < 5000000L);
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
    suite_add_tcase(s, tb);
    TCase *tw = tcase_create("worker");
    tcase_add_checked_fixture(tw, setup, teardown);
    tcase_add_test(tw, worker_hands_over_a_verified_playlist);
    suite_add_tcase(s, tw);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(feed_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
