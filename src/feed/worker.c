/* SPDX-License-Identifier: MIT */
#include "feed/worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feed/cache.h"
#include "util/log.h"

#define MAX_PINS 4 /* on screen, pending, and a little slack */

/* One thread, a mutex-guarded report, a condition variable on the
 * monotonic clock (so a wall-clock jump never stretches a wait). */
struct feed_worker {
    struct feed_config cfg; /* strings below are owned copies */
    char *url, *cache_dir, *pubkey_path;
    atomic_int cancel;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;                 /* guarded by lock */
    bool gc_due;               /* guarded by lock: a generation was unpinned */
    struct feed_report report; /* guarded by lock */

    /* The player's side (poll, showing), guarded by lock too. */
    struct cache_pin *pins[MAX_PINS]; /* owned; the newest last */
    size_t n_pins;
    bool seen; /* seen_key is valid */
    uint64_t seen_key[3];
    char showing[4096];
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double interval_of(const struct feed_worker *w)
{
    return w->cfg.interval_s > 0 ? w->cfg.interval_s : FEED_DEFAULT_INTERVAL;
}

/* Collects generations the player no longer needs, if no one else is
 * writing (never waits for the lock). */
static void collect(struct feed_worker *w)
{
    struct cache *c;
    char why[256], report[600];
    if (!cache_open(w->cfg.cache_dir, &c, why, sizeof(why)))
        return;
    if (cache_lock(c, 0, NULL, why, sizeof(why))) {
        cache_gc(c, report, sizeof(report));
        if (report[0])
            log_warn("cache: %s", report);
    }
    cache_close(c);
}

static void *worker_main(void *arg)
{
    struct feed_worker *w = arg;
    double interval = interval_of(w);
    /* The next attempt survives restarts (a board rebooting in a loop does
     * not hammer the server during a backoff), but never lies further
     * ahead than one interval, whatever the clock did meanwhile. */
    double due = mono();
    struct cache *c;
    char why[256];
    if (cache_open(w->cfg.cache_dir, &c, why, sizeof(why))) {
        struct cache_state st;
        cache_state_load(c, &st);
        cache_close(c);
        due += feed_delay_until(st.next_attempt, (int64_t)time(NULL), 0, interval);
    }
    for (;;) {
        pthread_mutex_lock(&w->lock);
        while (!w->stop && !w->gc_due && mono() < due) {
            double left = due - mono();
            if (left > 60)
                left = 60;
            struct timespec until;
            clock_gettime(CLOCK_MONOTONIC, &until);
            until.tv_sec += (time_t)left;
            until.tv_nsec += (long)((left - (double)(time_t)left) * 1e9);
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&w->wake, &w->lock, &until);
        }
        bool stop = w->stop, gc = w->gc_due;
        w->gc_due = false;
        pthread_mutex_unlock(&w->lock);
        if (stop)
            break;
        if (gc && mono() < due) {
            collect(w);
            continue;
        }

        char reason[512] = "";
        struct feed_outcome o;
        feed_fetch(&w->cfg, &o, reason, sizeof(reason));
        /* Never spin, even when the state file cannot be written. */
        double delay = feed_delay_until(o.next_attempt, (int64_t)time(NULL), 1, interval);
        due = mono() + delay;

        pthread_mutex_lock(&w->lock);
        struct feed_report *r = &w->report;
        r->done = true;
        r->result = o.result;
        snprintf(r->message, sizeof(r->message), "%s", o.result == FEED_FAILED ? reason : "");
        r->sequence = o.sequence;
        r->at = o.at;
        r->mono_at = mono();
        if (o.result != FEED_FAILED)
            r->last_ok = o.at;
        r->next_attempt = (int64_t)time(NULL) + (int64_t)delay;
        pthread_mutex_unlock(&w->lock);
    }
    return NULL;
}

struct feed_worker *feed_worker_start(const struct feed_config *cfg)
{
    struct feed_worker *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    w->cfg = *cfg;
    w->url = strdup(cfg->url ? cfg->url : "");
    w->cache_dir = strdup(cfg->cache_dir ? cfg->cache_dir : "");
    w->pubkey_path = cfg->pubkey_path ? strdup(cfg->pubkey_path) : NULL;
    if (!w->url || !w->cache_dir || (cfg->pubkey_path && !w->pubkey_path))
        goto fail;
    w->cfg.url = w->url;
    w->cfg.cache_dir = w->cache_dir;
    w->cfg.pubkey_path = w->pubkey_path;
    w->cfg.cancel = &w->cancel;
    atomic_init(&w->cancel, 0);
    pthread_mutex_init(&w->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        goto fail;
    }
    return w;
fail:
    free(w->url);
    free(w->cache_dir);
    free(w->pubkey_path);
    free(w);
    return NULL;
}

/* Drops pins that are neither on screen nor the newest; lock held. */
static bool unpin_unused(struct feed_worker *w)
{
    bool dropped = false;
    size_t keep = 0;
    for (size_t i = 0; i < w->n_pins; i++) {
        bool newest = i + 1 == w->n_pins;
        if (newest || strcmp(cache_pin_path(w->pins[i]), w->showing) == 0) {
            w->pins[keep++] = w->pins[i];
        } else {
            cache_pin_release(w->pins[i]);
            dropped = true;
        }
    }
    w->n_pins = keep;
    return dropped;
}

bool feed_worker_poll(struct feed_worker *w, char *path, size_t path_n, int64_t *sequence)
{
    if (!w)
        return false;
    bool got = false;
    uint64_t key[3];
    pthread_mutex_lock(&w->lock);
    if (!cache_playlist_key(w->cfg.cache_dir, key) ||
        (w->seen && memcmp(key, w->seen_key, sizeof(key)) == 0))
        goto out;
    char p[4096];
    int64_t seq = 0;
    struct cache_pin *pin = cache_pin_current(w->cfg.cache_dir, p, sizeof(p), &seq);
    if (!pin)
        goto out; /* being replaced right now: the next poll sees it */
    cache_pin_key(pin, w->seen_key);
    w->seen = true;
    if (w->n_pins && strcmp(cache_pin_path(w->pins[w->n_pins - 1]), p) == 0) {
        cache_pin_release(pin); /* the same generation, already handed over */
        goto out;
    }
    if (w->n_pins == MAX_PINS) {
        unpin_unused(w);
        if (w->n_pins == MAX_PINS) {
            cache_pin_release(w->pins[0]);
            memmove(w->pins, w->pins + 1, (MAX_PINS - 1) * sizeof(w->pins[0]));
            w->n_pins--;
        }
    }
    w->pins[w->n_pins++] = pin;
    if (path && path_n)
        snprintf(path, path_n, "%s", p);
    if (sequence)
        *sequence = seq;
    got = true;
out:
    pthread_mutex_unlock(&w->lock);
    return got;
}

void feed_worker_showing(struct feed_worker *w, const char *path)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    snprintf(w->showing, sizeof(w->showing), "%s", path ? path : "");
    if (unpin_unused(w)) {
        w->gc_due = true;
        pthread_cond_signal(&w->wake);
    }
    pthread_mutex_unlock(&w->lock);
}

void feed_worker_last_error(struct feed_worker *w, char *buf, size_t n)
{
    if (!w || !buf || !n)
        return;
    pthread_mutex_lock(&w->lock);
    snprintf(buf, n, "%s", w->report.message);
    pthread_mutex_unlock(&w->lock);
}

void feed_worker_last_outcome(struct feed_worker *w, char *buf, size_t n, int64_t *next_attempt)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    if (buf && n)
        snprintf(buf, n, "%s", w->report.message);
    if (next_attempt)
        *next_attempt = w->report.next_attempt;
    pthread_mutex_unlock(&w->lock);
}

void feed_worker_report(struct feed_worker *w, struct feed_report *r)
{
    if (!w) {
        memset(r, 0, sizeof(*r));
        return;
    }
    pthread_mutex_lock(&w->lock);
    *r = w->report;
    pthread_mutex_unlock(&w->lock);
}

void feed_worker_stop(struct feed_worker *w)
{
    if (!w)
        return;
    atomic_store(&w->cancel, 1);
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    for (size_t i = 0; i < w->n_pins; i++)
        cache_pin_release(w->pins[i]);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w->url);
    free(w->cache_dir);
    free(w->pubkey_path);
    free(w);
}
