/* SPDX-License-Identifier: MIT */
#include "feed/feed.h"

#include <errno.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "feed/cache.h"
#include "feed/cycle.h"
#include "feed/fetch.h"
#include "feed/install.h"
#include "feed/sequence.h"
#include "feed/stage.h"
#include "playlist/playlist.h"
#include "util/diag.h"
#include "util/fsutil.h"
#include "util/log.h"
#include "util/reason.h"
#include "json/json.h"

double feed_backoff_delay(int failures, double jitter01)
{
    if (failures < 1)
        failures = 1;
    double d = FEED_BACKOFF_BASE_S;
    for (int i = 1; i < failures && d < FEED_BACKOFF_MAX_S; i++)
        d *= 2;
    if (d > FEED_BACKOFF_MAX_S)
        d = FEED_BACKOFF_MAX_S;
    if (jitter01 < 0)
        jitter01 = 0;
    if (jitter01 > 1)
        jitter01 = 1;
    return d / 2 + d / 2 * jitter01;
}

double feed_delay_until(int64_t next_attempt, int64_t now, double min_s, double interval_s)
{
    double d = (double)next_attempt - (double)now;
    if (d > interval_s)
        d = interval_s;
    if (d < min_s)
        d = min_s;
    return d;
}

/* What is installed now: the current generation, its signed feed, its
 * assets. */
struct installed {
    char gen[CACHE_GEN_NAME_MAX]; /* "" when none of ours */
    int64_t sequence;
    char feed_sha256[65]; /* of gen/G/feed.json, "" when unreadable */
    char *feed;           /* owned: gen/G/feed.json */
    size_t feed_len;
};

static void installed_load(struct cache *cache, const struct cache_state *st, struct installed *in)
{
    memset(in, 0, sizeof(*in));
    int dfd = cache_fd(cache);
    if (cache_current_gen(dfd, in->gen, sizeof(in->gen))) {
        in->sequence = cache_gen_sequence(in->gen);
        int genfd = fs_open_dir_at(dfd, "gen", false);
        int g = genfd >= 0 ? fs_open_dir_at(genfd, in->gen, false) : -1;
        if (g >= 0 &&
            fs_read_at(g, "feed.json", PLAYLIST_MAX_FILE_BYTES, &in->feed, &in->feed_len)) {
            uint8_t d[crypto_hash_sha256_BYTES];
            crypto_hash_sha256(d, (const uint8_t *)in->feed, in->feed_len);
            cycle_hex(d, sizeof(d), in->feed_sha256);
        }
        if (g >= 0)
            close(g);
        if (genfd >= 0)
            close(genfd);
    } else {
        /* A cache of an older bangtin: its playlist's own number. */
        char *data = NULL;
        size_t len;
        if (fs_read_at(dfd, "playlist.json", PLAYLIST_MAX_FILE_BYTES, &data, &len) &&
            !sequence_from_text(data, len, &in->sequence))
            in->sequence = 0;
        free(data);
    }
    /* A crash between the commit and state.json loses nothing either way. */
    if (st->sequence > in->sequence)
        in->sequence = st->sequence;
}

/* Every image of the installed generation on disk and hashing right. */
static bool installed_complete(struct cycle *c, struct cache *cache, const struct installed *in)
{
    if (!in->gen[0] || !in->feed)
        return false;
    bool ok = false;
    struct json_doc *doc = json_parse(in->feed, in->feed_len, NULL, NULL);
    struct stage_asset *assets = calloc(FEED_MAX_ASSETS, sizeof(*assets));
    size_t n = 0;
    char scratch[256];
    struct cycle quiet = *c;
    quiet.reason = scratch;
    quiet.reason_n = sizeof(scratch);
    int genfd = fs_open_dir_at(cache_fd(cache), "gen", false);
    int g = genfd >= 0 ? fs_open_dir_at(genfd, in->gen, false) : -1;
    if (doc && assets && g >= 0 && stage_collect(&quiet, json_root(doc), assets, &n))
        ok = stage_complete(g, assets, n);
    if (g >= 0)
        close(g);
    if (genfd >= 0)
        close(genfd);
    free(assets);
    json_free(doc);
    return ok;
}

static enum feed_result run_cycle(struct cycle *c, struct cache *cache, struct cache_state *st,
                                  struct fetched *f)
{
    const struct feed_config *cfg = c->cfg;
    enum feed_result result = FEED_FAILED;
    struct installed in;
    struct json_doc *doc = NULL;
    struct diag_list *diags = NULL;
    struct stage_asset *assets = NULL;
    size_t n_assets = 0;
    bool plain_http;
    installed_load(cache, st, &in);

    if (!fetch_url_is_acceptable(cfg->url, &plain_http, c->reason, c->reason_n))
        goto out;
    if (plain_http && !cfg->pubkey_path) {
        reason_set(c->reason, c->reason_n,
                   "a plain http:// feed must be signed: give the office's public key (--pubkey)");
        goto out;
    }
    struct minisign_pubkey pk;
    if (cfg->pubkey_path && !fetch_load_pubkey(cfg->pubkey_path, &pk, c->reason, c->reason_n))
        goto out;
    const struct minisign_pubkey *key = cfg->pubkey_path ? &pk : NULL;

    /* A conditional GET only for the feed we hold, as the ETag saw it. */
    bool cond =
        in.gen[0] && strcmp(st->url, cfg->url) == 0 && strcmp(st->feed_sha256, in.feed_sha256) == 0;
    if (!fetch_feed(c, key, cond ? st->etag : NULL, cond ? st->last_modified : NULL, f))
        goto out;
    if (f->not_modified) {
        if (installed_complete(c, cache, &in)) {
            result = FEED_UNCHANGED;
            goto out;
        }
        /* A 304, but an image is damaged or gone: fetch it all again. */
        log_warn("%s: an image of the installed feed is damaged or missing; fetching it again",
                 cfg->cache_dir);
        fetched_free(f);
        if (!fetch_feed(c, key, NULL, NULL, f))
            goto out;
        if (f->not_modified) {
            reason_set(c->reason, c->reason_n, "%s answered 304 to an unconditional request",
                       cfg->url);
            goto out;
        }
    }

    /* Parsed once, by the one JSON front end: exact integers, positions. */
    struct json_opts jo = {.file = cfg->url, .diags = diags = diag_list_new(), .what = "the feed"};
    struct json_error jerr = {0};
    doc = json_parse(dynbuf_ptr(&f->body), dynbuf_len(&f->body), &jo, &jerr);
    if (!doc || json_errors(doc) || !json_is(json_root(doc), JSON_OBJECT)) {
        char line[400] = "";
        if (!doc)
            snprintf(line, sizeof(line), "line %d, column %d: %s", jerr.line, jerr.col,
                     jerr.message);
        else if (diags && diag_count(diags))
            diag_format(diag_get(diags, 0), line, sizeof(line));
        else
            snprintf(line, sizeof(line), "not an object");
        reason_set(c->reason, c->reason_n, "signed feed is not valid JSON: %s", line);
        goto out;
    }
    int64_t seq;
    char why[400];
    if (!sequence_read(json_root(doc), &seq, why, sizeof(why))) {
        reason_set(c->reason, c->reason_n, "feed refused: %s", why);
        goto out;
    }
    switch (sequence_judge(seq, in.sequence)) {
    case SEQUENCE_REPLAY:
        reason_set(c->reason, c->reason_n,
                   "feed refused: sequence %lld is older than the installed %lld (replay)",
                   (long long)seq, (long long)in.sequence);
        goto out;
    case SEQUENCE_SAME: {
        /* The same signed bytes are "unchanged"; different bytes under the
         * same number are refused: the signer must raise the sequence. */
        bool same = strcmp(f->sha256, in.feed_sha256) == 0 ||
                    (!in.gen[0] && strcmp(f->sha256, st->feed_sha256) == 0);
        if (!same) {
            reason_set(c->reason, c->reason_n,
                       "feed refused: sequence %lld is already installed with different "
                       "content; raise \"sequence\" when publishing a new version",
                       (long long)seq);
            goto out;
        }
        if (installed_complete(c, cache, &in)) {
            result = FEED_UNCHANGED;
            goto out;
        }
        break; /* damaged, missing, or an older layout: install it again */
    }
    case SEQUENCE_NEWER:
        break;
    }

    /* The whole playlist is checked before any asset is downloaded. */
    if (!install_validate(c, dynbuf_ptr(&f->body), dynbuf_len(&f->body), cfg->url, cfg->cache_dir,
                          true, false))
        goto out;
    if (!(assets = calloc(FEED_MAX_ASSETS, sizeof(*assets)))) {
        reason_set(c->reason, c->reason_n, "out of memory");
        goto out;
    }
    if (!stage_collect(c, json_root(doc), assets, &n_assets))
        goto out;
    char gen[CACHE_GEN_NAME_MAX];
    if (!install_generation(c, cache, doc, assets, n_assets, f, seq, gen, sizeof(gen)))
        goto out;
    st->sequence = seq;
    snprintf(st->feed_sha256, sizeof(st->feed_sha256), "%s", f->sha256);
    result = FEED_INSTALLED;
out:
    json_free(doc);
    diag_list_free(diags);
    free(assets);
    free(in.feed);
    return result;
}

static double jitter01(void)
{
    if (sodium_init() < 0)
        return 0.5;
    return (double)randombytes_uniform(1000001) / 1000000.0;
}

enum feed_result feed_fetch(const struct feed_config *cfg, struct feed_outcome *outcome,
                            char *reason, size_t reason_n)
{
    struct cycle c = {.cfg = cfg, .reason = reason, .reason_n = reason_n};
    struct feed_outcome o = {.result = FEED_FAILED};
    struct cache *cache = NULL;
    struct fetched f = {0};
    struct cache_state st;
    if (reason && reason_n)
        reason[0] = '\0';
    double timeout = cfg->timeout_s > 0 ? cfg->timeout_s : 60;
    c.deadline = cycle_now() + timeout;
    double interval = cfg->interval_s > 0 ? cfg->interval_s : FEED_DEFAULT_INTERVAL;

    if (!cfg->url || !cfg->cache_dir) {
        reason_set(reason, reason_n, "no feed URL or cache directory given");
        goto done;
    }
    if (sodium_init() < 0) {
        reason_set(reason, reason_n, "libsodium failed to initialise");
        goto done;
    }
    if (!cache_open(cfg->cache_dir, &cache, reason, reason_n))
        goto done;
    /* Every writer of the cache holds the lock for its whole cycle: the
     * board's worker and a by-hand `fetch --once` take turns. */
    if (!cache_lock(cache, timeout, cfg->cancel, reason, reason_n))
        goto done;
    int tfd;
    if (!cache_clear_tmp(cache, reason, reason_n) ||
        (tfd = cache_subdir(cache, "tmp", reason, reason_n)) < 0)
        goto done;
    close(tfd);
    int gfd = cache_subdir(cache, "gen", reason, reason_n);
    if (gfd < 0)
        goto done;
    close(gfd);
    cache_state_load(cache, &st);
    o.result = run_cycle(&c, cache, &st, &f);

    time_t now = time(NULL);
    if (o.result == FEED_FAILED) {
        st.failures = st.failures < 1000 ? st.failures + 1 : 1000;
        double d = feed_backoff_delay(st.failures, jitter01());
        st.next_attempt = (int64_t)now + (int64_t)(d < interval ? d : interval);
    } else {
        st.failures = 0;
        st.last_success = (int64_t)now;
        st.next_attempt = (int64_t)now + (int64_t)interval;
        if (!f.not_modified) {
            snprintf(st.url, sizeof(st.url), "%s", cfg->url);
            snprintf(st.etag, sizeof(st.etag), "%s", f.etag);
            snprintf(st.last_modified, sizeof(st.last_modified), "%s", f.last_modified);
            if (o.result == FEED_UNCHANGED)
                snprintf(st.feed_sha256, sizeof(st.feed_sha256), "%s", f.sha256);
        }
    }
    st.last_attempt = (int64_t)now;
    if (!cache_state_save(cache, &st) && o.result != FEED_FAILED) {
        /* The playlist is installed; a stale state only costs a refetch. */
        reason_set(reason, reason_n, "installed, but cannot write %s/state.json: %s",
                   cfg->cache_dir, strerror(errno));
    }
    char report[600];
    cache_gc(cache, report, sizeof(report));
    if (report[0])
        log_warn("cache: %s", report);
    char tmp_reason[8];
    cache_clear_tmp(cache, tmp_reason, sizeof(tmp_reason));
    o.next_attempt = st.next_attempt;
    o.at = (int64_t)now;
    char g[CACHE_GEN_NAME_MAX];
    o.sequence =
        cache_current_gen(cache_fd(cache), g, sizeof(g)) ? cache_gen_sequence(g) : st.sequence;
done:
    fetched_free(&f);
    cache_close(cache);
    if (!o.at)
        o.at = (int64_t)time(NULL);
    if (outcome)
        *outcome = o;
    return o.result;
}

enum feed_result feed_fetch_once(const char *url, const char *cache_dir, const char *pubkey_path,
                                 double timeout_s, char *reason, size_t reason_n)
{
    struct feed_config cfg = {
        .url = url,
        .cache_dir = cache_dir,
        .pubkey_path = pubkey_path,
        .timeout_s = timeout_s,
    };
    return feed_fetch(&cfg, NULL, reason, reason_n);
}
