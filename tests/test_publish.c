/* SPDX-License-Identifier: MIT */
/* minisign secret keys and signing, and publish_run(), against keys made
 * by the real minisign (Debian's package): protected (scrypt) and -W. */

#include <check.h>
#include <dirent.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feed/minisign.h"
#include "feed/publish.h"
#include "fixture.h"
#include "slides/png.h"
#include "util/fsutil.h"
#include "util/pixbuf.h"

#define PASSWORD "mật khẩu 2026"

static char tmpdir[] = "/tmp/bangtin-publishck-XXXXXX";

static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

static char *path_of(const char *name)
{
    static char buf[8][1024]; /* a few paths live at once in one call */
    static int n;
    char *p = buf[n++ % 8];
    snprintf(p, sizeof(buf[0]), "%s/%s", tmpdir, name);
    return p;
}

static char *slurp(const char *name, size_t *len)
{
    return fixture_slurp(path_of(name), len);
}

static void put(const char *name, const char *text)
{
    ck_assert(fs_write_atomic(path_of(name), text, strlen(text)));
}

/* Made once for the whole run: scrypt at minisign's cost takes seconds. */
static void make_keys(void)
{
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    sh("printf '%%s\\n%%s\\n' '" PASSWORD "' '" PASSWORD "' | minisign -G -p %s/enc.pub -s "
       "%s/enc.key >/dev/null 2>&1",
       tmpdir, tmpdir);
    sh("minisign -G -W -p %s/raw.pub -s %s/raw.key >/dev/null 2>&1", tmpdir, tmpdir);
    sh("minisign -G -W -p %s/other.pub -s %s/other.key >/dev/null 2>&1", tmpdir, tmpdir);
    sh("mkdir -p %s/src/assets", tmpdir);
    struct pixbuf *pb = pixbuf_new(40, 30);
    for (int i = 0; i < 3; i++) {
        pixbuf_fill(pb, 0, 0, 40, 30, pixbuf_rgb((uint8_t)(80 * i), 20, 200));
        char name[64];
        snprintf(name, sizeof(name), "src/assets/%c.png", 'a' + i);
        ck_assert(png_write(pb, path_of(name)));
    }
    pixbuf_free(pb);
}

static void remove_keys(void)
{
    char cmd[1200];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

static bool load_seckey(const char *name, struct minisign_seckey_file *f, char *why, size_t n)
{
    size_t len;
    char *text = slurp(name, &len);
    bool ok = minisign_parse_seckey(text, len, f, why, n);
    free(text);
    return ok;
}

static void load_pubkey(const char *name, struct minisign_pubkey *pk)
{
    size_t len;
    char *text = slurp(name, &len), why[256];
    ck_assert_msg(minisign_parse_pubkey(text, len, pk, why, sizeof(why)), "%s", why);
    free(text);
}

/* ---- signing ------------------------------------------------------------ */

START_TEST(unprotected_key_signs_what_minisign_verifies)
{
    struct minisign_seckey_file f;
    struct minisign_seckey sk;
    struct minisign_pubkey pk, derived;
    char why[512];
    ck_assert_msg(load_seckey("raw.key", &f, why, sizeof(why)), "%s", why);
    ck_assert(!f.encrypted);
    ck_assert_int_eq(minisign_unlock_seckey(&f, NULL, 0, &sk, why, sizeof(why)), MINISIGN_UNLOCKED);
    load_pubkey("raw.pub", &pk);
    ck_assert(minisign_seckey_matches(&sk, &pk));
    minisign_seckey_public(&sk, &derived);
    ck_assert_mem_eq(derived.key, pk.key, sizeof(pk.key));

    const char msg[] = "{\"version\": 1, \"sequence\": 9, \"items\": []}\n";
    char sig[4096];
    ck_assert_msg(minisign_sign(&sk, msg, strlen(msg), "signature from minisign secret key",
                                "timestamp:1\tfile:m.json\thashed", sig, sizeof(sig), why,
                                sizeof(why)),
                  "%s", why);
    ck_assert_msg(minisign_verify_text(&pk, sig, strlen(sig), msg, strlen(msg), why, sizeof(why)),
                  "%s", why);
    put("m.json", msg);
    put("m.json.minisig", sig);
    sh("minisign -V -q -p %s -m %s", path_of("raw.pub"), path_of("m.json"));
    /* minisign -H insists on the prehashed form. */
    sh("minisign -V -H -q -p %s -m %s", path_of("raw.pub"), path_of("m.json"));
    /* One byte changed: both verifiers refuse. */
    put("m.json", "{\"version\": 1, \"sequence\": 8, \"items\": []}\n");
    char cmd[2048];
    snprintf(cmd, sizeof(cmd), "minisign -V -q -p %s -m %s 2>/dev/null", path_of("raw.pub"),
             path_of("m.json"));
    ck_assert_int_ne(system(cmd), 0);
    ck_assert(!minisign_verify_text(&pk, sig, strlen(sig), "x", 1, why, sizeof(why)));

    struct minisign_pubkey other;
    load_pubkey("other.pub", &other);
    ck_assert(!minisign_seckey_matches(&sk, &other));
    minisign_seckey_wipe(&sk);
}
END_TEST

START_TEST(protected_key_needs_its_password)
{
    struct minisign_seckey_file f;
    struct minisign_seckey sk;
    struct minisign_pubkey pk;
    char why[512];
    ck_assert_msg(load_seckey("enc.key", &f, why, sizeof(why)), "%s", why);
    ck_assert(f.encrypted);
    ck_assert_int_eq(minisign_unlock_seckey(&f, "mat khau 2026", 13, &sk, why, sizeof(why)),
                     MINISIGN_WRONG_PASSWORD);
    ck_assert_int_eq(minisign_unlock_seckey(&f, PASSWORD, strlen(PASSWORD), &sk, why, sizeof(why)),
                     MINISIGN_UNLOCKED);
    load_pubkey("enc.pub", &pk);
    ck_assert(minisign_seckey_matches(&sk, &pk));
    minisign_seckey_wipe(&sk);
}
END_TEST

/* A damaged key file: the decoded blob altered at one offset. */
struct damage_case {
    const char *name;
    const char *key;
    int offset;       /* byte of the decoded key; -1: the text below instead */
    uint8_t xor_with; /* applied at offset */
    const char *text; /* whole file, when offset is -1 */
    bool parses;      /* parse succeeds, unlock says MINISIGN_DAMAGED */
};

static const struct damage_case damage_cases[] = {
    {"empty file", "raw.key", -1, 0, "", false},
    {"comment only", "raw.key", -1, 0, "untrusted comment: minisign encrypted secret key\n", false},
    {"not base64", "raw.key", -1, 0, "untrusted comment: x\nthis is not a key!\n", false},
    {"a public key instead", "raw.pub", 0, 0, NULL, false},
    {"signature algorithm", "raw.key", 1, 0x01, NULL, false},
    {"password scheme", "raw.key", 2, 0x20, NULL, false},
    {"checksum algorithm", "raw.key", 4, 0x01, NULL, false},
    {"scrypt memory limit absurd", "enc.key", 53, 0x40, NULL, false},
    {"secret key seed", "raw.key", 54 + 8 + 3, 0x10, NULL, true},
    {"public half", "raw.key", 54 + 8 + 40, 0x10, NULL, true},
};

static void write_damaged(const struct damage_case *dc)
{
    if (dc->offset < 0) {
        put("damaged.key", dc->text);
        return;
    }
    size_t len;
    char *text = slurp(dc->key, &len);
    char *nl = strchr(text, '\n');
    ck_assert_ptr_nonnull(nl);
    char *b64 = nl + 1;
    size_t blen = strcspn(b64, "\r\n");
    uint8_t bin[256];
    size_t got = 0;
    ck_assert_int_eq(sodium_base642bin(bin, sizeof(bin), b64, blen, NULL, &got, NULL,
                                       sodium_base64_VARIANT_ORIGINAL),
                     0);
    ck_assert_uint_gt(got, (size_t)dc->offset);
    bin[dc->offset] ^= dc->xor_with;
    char out[512], file[700];
    sodium_bin2base64(out, sizeof(out), bin, got, sodium_base64_VARIANT_ORIGINAL);
    snprintf(file, sizeof(file), "untrusted comment: minisign encrypted secret key\n%s\n", out);
    put("damaged.key", file);
    free(text);
}

START_TEST(damaged_key_files)
{
    const struct damage_case *dc = &damage_cases[_i];
    write_damaged(dc);
    struct minisign_seckey_file f;
    struct minisign_seckey sk;
    char why[512] = "";
    bool parsed = load_seckey("damaged.key", &f, why, sizeof(why));
    ck_assert_msg(parsed == dc->parses, "%s: parse %d (%s)", dc->name, parsed, why);
    if (parsed)
        ck_assert_int_eq(minisign_unlock_seckey(&f, NULL, 0, &sk, why, sizeof(why)),
                         MINISIGN_DAMAGED);
    ck_assert_msg(why[0], "%s: no reason given", dc->name);
}
END_TEST

/* ---- publish_run -------------------------------------------------------- */

static bool give_password(void *ctx, char *buf, size_t n, size_t *len)
{
    const char *pw = ctx;
    if (!pw)
        return false;
    *len = strlen(pw);
    ck_assert_uint_lt(*len, n);
    memcpy(buf, pw, *len);
    return true;
}

static enum publish_result publish(const char *playlist, const char *key, const char *password,
                                   const char *out_dir, struct publish_outcome *o,
                                   struct diag_list *d, char *why, size_t why_n)
{
    char pl[1024], k[1024], dir[1024];
    snprintf(pl, sizeof(pl), "%s", path_of(playlist));
    snprintf(k, sizeof(k), "%s", path_of(key));
    snprintf(dir, sizeof(dir), "%s", path_of(out_dir));
    struct publish_opts po = {
        .playlist = pl,
        .seckey = k,
        .out_dir = dir,
        .password = give_password,
        .password_ctx = (void *)password,
        .now = 1796140800,
    };
    return publish_run(&po, d, o, why, why_n);
}

/* Every file under dir with its bytes, sorted: equal strings, equal trees. */
static void tree(const char *dir, char *out, size_t n)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "cd %s 2>/dev/null && (find . | LC_ALL=C sort; find . -type f | LC_ALL=C sort | "
             "xargs -r sha256sum)",
             dir);
    FILE *p = popen(cmd, "r");
    ck_assert_ptr_nonnull(p);
    size_t got = fread(out, 1, n - 1, p);
    out[got] = '\0';
    pclose(p);
}

static long long sequence_in(const char *name)
{
    size_t len;
    char *text = slurp(name, &len);
    const char *s = strstr(text, "\"sequence\":");
    ck_assert_ptr_nonnull(s);
    long long v = strtoll(s + 11, NULL, 10);
    free(text);
    return v;
}

struct seq_case {
    const char *name;
    const char *source_seq; /* "" for none */
    int dir_seq;            /* 0: DIR is new */
    long long want;
};

static const struct seq_case seq_cases[] = {
    {"new folder, no sequence", "", 0, 1},
    {"new folder, playlist's 41", "\"sequence\": 41,", 0, 42},
    {"folder's 10 above the playlist's 3", "\"sequence\": 3,", 10, 11},
    {"playlist's 41 above the folder's 7", "\"sequence\": 41,", 7, 42},
};

START_TEST(sequence_rises_above_both)
{
    const struct seq_case *sc = &seq_cases[_i];
    char text[1024], dir[64], why[1024];
    snprintf(dir, sizeof(dir), "seq%d", _i);
    snprintf(text, sizeof(text),
             "{\"version\": 1, \"name\": \"UBND\", %s \"items\": [{\"id\": \"a\", \"type\": "
             "\"image\", \"src\": \"assets/a.png\"}]}",
             sc->source_seq);
    put("src/seq.json", text);
    if (sc->dir_seq) {
        sh("mkdir -p %s", path_of(dir));
        snprintf(text, sizeof(text), "{\"version\": 1, \"sequence\": %d, \"items\": []}",
                 sc->dir_seq);
        char f[128];
        snprintf(f, sizeof(f), "%s/playlist.json", dir);
        put(f, text);
    }
    struct diag_list *d = diag_list_new();
    struct publish_outcome o;
    ck_assert_int_eq(publish("src/seq.json", "raw.key", NULL, dir, &o, d, why, sizeof(why)),
                     PUBLISH_OK);
    ck_assert_int_eq(o.sequence, sc->want);
    ck_assert_int_eq(o.previous, sc->dir_seq);
    char f[128];
    snprintf(f, sizeof(f), "%s/playlist.json", dir);
    ck_assert_int_eq(sequence_in(f), sc->want);
    /* "sequence" sits after "name", where a reader looks. */
    size_t len;
    char *out = slurp(f, &len);
    const char *name = strstr(out, "\"name\""), *seq = strstr(out, "\"sequence\""),
               *items = strstr(out, "\"items\"");
    ck_assert(name && seq && items && name < seq && seq < items);
    free(out);
    diag_list_free(d);
}
END_TEST

struct refusal_case {
    const char *name;
    const char *playlist; /* written as src/refuse.json; NULL: src/good.json */
    const char *key;
    const char *password;
    enum publish_result want;
    const char *code; /* diagnostic code when PUBLISH_CONTENT */
    const char *word; /* in the reason when PUBLISH_FAILED */
};

static const struct refusal_case refusal_cases[] = {
    {"JSON syntax", "{\"version\": 1, \"items\": [", "raw.key", NULL, PUBLISH_CONTENT, "json",
     NULL},
    {"missing image",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": "
     "\"assets/none.png\"}]}",
     "raw.key", NULL, PUBLISH_CONTENT, "missing-asset", NULL},
    {"fake image",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": "
     "\"assets/fake.png\"}]}",
     "raw.key", NULL, PUBLISH_CONTENT, "asset", NULL},
    {"truncated image",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": "
     "\"assets/cut.png\"}]}",
     "raw.key", NULL, PUBLISH_CONTENT, "asset", NULL},
    {"image from a web address",
     "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": "
     "\"https://x.vn/a.png\", \"sha256\": "
     "\"0000000000000000000000000000000000000000000000000000000000000000\"}]}",
     "raw.key", NULL, PUBLISH_CONTENT, "asset", NULL},
    {"wrong password", NULL, "enc.key", "wrong", PUBLISH_FAILED, NULL, "wrong password"},
    {"no password", NULL, "enc.key", NULL, PUBLISH_FAILED, NULL, "password"},
    {"damaged key", NULL, "cut.key", NULL, PUBLISH_FAILED, NULL, "damaged"},
    {"key of another pair", NULL, "mixed.key", NULL, PUBLISH_FAILED, NULL, "does not belong"},
};

START_TEST(refusals_leave_dir_as_it_was)
{
    const struct refusal_case *rc = &refusal_cases[_i];
    put("src/good.json", "{\"version\": 1, \"name\": \"UBND\", \"items\": [{\"id\": \"a\", "
                         "\"type\": \"image\", \"src\": \"assets/a.png\"}]}");
    put("src/assets/fake.png", "<html>not found</html>");
    sh("head -c 50 %s > %s", path_of("src/assets/b.png"), path_of("src/assets/cut.png"));
    sh("head -c 60 %s > %s", path_of("raw.key"), path_of("cut.key"));
    sh("cp %s %s && cp %s %s", path_of("raw.key"), path_of("mixed.key"), path_of("other.pub"),
       path_of("mixed.pub"));
    /* An earlier publication is being served. */
    char why[1024], before[16384], after[16384];
    struct diag_list *d = diag_list_new();
    struct publish_outcome o;
    if (!fs_is_dir(path_of("served")))
        ck_assert_int_eq(
            publish("src/good.json", "raw.key", NULL, "served", &o, d, why, sizeof(why)),
            PUBLISH_OK);
    diag_list_free(d);
    tree(path_of("served"), before, sizeof(before));

    if (rc->playlist)
        put("src/refuse.json", rc->playlist);
    d = diag_list_new();
    enum publish_result r = publish(rc->playlist ? "src/refuse.json" : "src/good.json", rc->key,
                                    rc->password, "served", &o, d, why, sizeof(why));
    ck_assert_msg(r == rc->want, "%s: result %d, reason '%s'", rc->name, r, why);
    if (rc->code)
        ck_assert_msg(diag_find(d, rc->code) && diag_error_count(d) > 0, "%s: no [%s] error",
                      rc->name, rc->code);
    if (rc->word)
        ck_assert_msg(strstr(why, rc->word), "%s: reason '%s' lacks '%s'", rc->name, why, rc->word);
    tree(path_of("served"), after, sizeof(after));
    ck_assert_str_eq(before, after);

    /* A fresh folder is not even created. */
    r = publish(rc->playlist ? "src/refuse.json" : "src/good.json", rc->key, rc->password, "never",
                &o, NULL, why, sizeof(why));
    ck_assert_int_eq(r, rc->want);
    ck_assert(access(path_of("never"), F_OK) != 0);
    diag_list_free(d);
}
END_TEST

static size_t count_assets(const char *dir)
{
    DIR *d = opendir(path_of(dir));
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

START_TEST(old_images_stay_one_round)
{
    const char *fmt = "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", "
                      "\"src\": \"assets/%s\"}]}";
    char text[256], why[1024];
    struct publish_outcome o;
    const char *images[] = {"a.png", "b.png", "c.png"};
    size_t want_files[] = {1, 2, 2};
    time_t last = 0;
    for (int i = 0; i < 3; i++) {
        snprintf(text, sizeof(text), fmt, images[i]);
        put("src/gc.json", text);
        ck_assert_int_eq(publish("src/gc.json", "raw.key", NULL, "gc", &o, NULL, why, sizeof(why)),
                         PUBLISH_OK);
        ck_assert_int_eq(o.sequence, i + 1);
        ck_assert_uint_eq(count_assets("gc/assets"), want_files[i]);
        /* Three publications within a second still look modified to a
         * web server's one-second Last-Modified. */
        struct stat st;
        ck_assert_int_eq(stat(path_of("gc/playlist.json"), &st), 0);
        ck_assert_int_gt(st.st_mtime, last);
        last = st.st_mtime;
    }
    ck_assert_uint_eq(o.n_removed, 1);
}
END_TEST

START_TEST(stale_sha256_is_replaced_with_a_warning)
{
    put("src/stale.json",
        "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"image\", \"src\": "
        "\"assets/a.png\", \"sha256\": "
        "\"1111111111111111111111111111111111111111111111111111111111111111\"}]}");
    struct diag_list *d = diag_list_new();
    struct publish_outcome o;
    char why[1024];
    ck_assert_int_eq(publish("src/stale.json", "raw.key", NULL, "stale", &o, d, why, sizeof(why)),
                     PUBLISH_OK);
    ck_assert_uint_eq(diag_error_count(d), 0);
    const struct diag *w = diag_find(d, "asset");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->path, "items[0].sha256");
    size_t len;
    char *out = slurp("stale/playlist.json", &len);
    ck_assert_ptr_null(strstr(out, "1111111111"));
    free(out);
    diag_list_free(d);
}
END_TEST

START_TEST(default_pubkey_is_beside_the_secret_key)
{
    char buf[1024];
    ck_assert(publish_default_pubkey(path_of("raw.key"), buf, sizeof(buf)));
    ck_assert_str_eq(buf, path_of("raw.pub"));
    sh("mkdir -p %s && cp %s %s && cp %s %s", path_of("ms"), path_of("raw.key"),
       path_of("ms/office.sec"), path_of("raw.pub"), path_of("ms/minisign.pub"));
    ck_assert(publish_default_pubkey(path_of("ms/office.sec"), buf, sizeof(buf)));
    ck_assert_str_eq(buf, path_of("ms/minisign.pub"));
    ck_assert(!publish_default_pubkey(path_of("src/a.key"), buf, sizeof(buf)));
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("publish");
    TCase *t = tcase_create("minisign");
    tcase_add_unchecked_fixture(t, make_keys, remove_keys);
    tcase_set_timeout(t, 600);
    tcase_add_test(t, unprotected_key_signs_what_minisign_verifies);
    tcase_add_test(t, protected_key_needs_its_password);
    tcase_add_loop_test(t, damaged_key_files, 0, sizeof(damage_cases) / sizeof(damage_cases[0]));
    tcase_add_loop_test(t, sequence_rises_above_both, 0, sizeof(seq_cases) / sizeof(seq_cases[0]));
    tcase_add_loop_test(t, refusals_leave_dir_as_it_was, 0,
                        sizeof(refusal_cases) / sizeof(refusal_cases[0]));
    tcase_add_test(t, old_images_stay_one_round);
    tcase_add_test(t, stale_sha256_is_replaced_with_a_warning);
    tcase_add_test(t, default_pubkey_is_beside_the_secret_key);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    if (system("minisign -v >/dev/null 2>&1") != 0) {
        fprintf(stderr, "SKIP: minisign is not installed\n");
        return 77;
    }
    SRunner *r = srunner_create(suite());
    srunner_set_fork_status(r, CK_NOFORK);
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
