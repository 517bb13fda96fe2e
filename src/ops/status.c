/* SPDX-License-Identifier: MIT */
#include "ops/status.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "feed/http.h"
#include "ops/prooflog.h"
#include "util/fsutil.h"
#include "util/log.h"
#include "json/json.h"

#define STR_CAP 128

struct status {
    char *path;          /* owned, may be NULL */
    char *heartbeat_url; /* owned, may be NULL */
    int heartbeat_interval, write_interval;

    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop, dirty; /* under lock */

    atomic_uint_fast64_t frames;
    time_t started;
    struct timespec started_mono;

    /* Under lock. */
    char item_id[STR_CAP], item_type[32];
    time_t item_since;
    char pl_source[16], pl_name[STR_CAP];
    int64_t pl_sequence;
    bool has_fetch, fetch_ok;
    char fetch_message[STR_CAP];
    int64_t fetch_sequence;
    time_t fetch_at, fetch_last_ok;
    double fetch_mono; /* CLOCK_MONOTONIC seconds of fetch_at */
    bool display_on;
    int brightness;
    bool has_heartbeat, heartbeat_ok;
    time_t heartbeat_at;
    char heartbeat_error[STR_CAP];

    /* Only the thread touches these. */
    uint64_t fps_frames;
    double fps_at, fps;
};

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void copy(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

/* The status file: a few hundred bytes; names and messages are capped. */
#define STATUS_JSON_MAX (16 * 1024)

static void add_ts(struct json_out *o, const char *key, time_t t)
{
    char buf[40];
    if (t > 0 && prooflog_format_ts(t, buf, sizeof(buf)))
        json_out_string(o, key, buf);
    else
        json_out_null(o, key);
}

char *status_json(struct status *st)
{
    if (!st)
        return NULL;
    struct json_out *o = json_out_new(STATUS_JSON_MAX, true);
    if (!o)
        return NULL;
    time_t now = time(NULL);
    struct timespec boot;
    clock_gettime(CLOCK_BOOTTIME, &boot);
    uint64_t frames = atomic_load(&st->frames);

    /* Failures are sticky in the writer: json_out_finish says once. */
    pthread_mutex_lock(&st->lock);
    json_out_begin_object(o, NULL);
    json_out_string(o, "version", BANGTIN_VERSION);
    json_out_int(o, "pid", (int64_t)getpid());
    add_ts(o, "updated", now);
    add_ts(o, "started", st->started);
    json_out_int(o, "uptime_seconds",
                 (int64_t)(mono_seconds() -
                           ((double)st->started_mono.tv_sec + st->started_mono.tv_nsec / 1e9)));
    json_out_int(o, "system_uptime_seconds", (int64_t)boot.tv_sec);
    json_out_int(o, "frames", (int64_t)frames);
    json_out_number(o, "fps", (double)(long long)(st->fps * 10) / 10.0);

    json_out_begin_object(o, "display");
    json_out_bool(o, "on", st->display_on);
    json_out_int(o, "brightness", st->brightness);
    json_out_end_object(o);

    json_out_begin_object(o, "playlist");
    json_out_string(o, "source", st->pl_source);
    json_out_string(o, "name", st->pl_name);
    json_out_int(o, "sequence", (int64_t)st->pl_sequence);
    json_out_end_object(o);

    json_out_begin_object(o, "item");
    json_out_string(o, "id", st->item_id);
    json_out_string(o, "type", st->item_type);
    add_ts(o, "since", st->item_since);
    json_out_end_object(o);

    if (st->has_fetch) {
        json_out_begin_object(o, "fetch");
        json_out_bool(o, "ok", st->fetch_ok);
        add_ts(o, "at", st->fetch_at);
        json_out_int(o, "seconds_ago", (int64_t)(mono_seconds() - st->fetch_mono));
        json_out_string(o, "message", st->fetch_message);
        json_out_int(o, "sequence", (int64_t)st->fetch_sequence);
        add_ts(o, "last_ok", st->fetch_last_ok);
        json_out_end_object(o);
    } else {
        json_out_null(o, "fetch");
    }
    if (st->has_heartbeat) {
        json_out_begin_object(o, "heartbeat");
        json_out_bool(o, "ok", st->heartbeat_ok);
        add_ts(o, "at", st->heartbeat_at);
        if (!st->heartbeat_ok)
            json_out_string(o, "error", st->heartbeat_error);
        json_out_end_object(o);
    }
    json_out_end_object(o);
    pthread_mutex_unlock(&st->lock);
    return json_out_finish(o, NULL);
}

bool status_write_now(struct status *st)
{
    if (!st || !st->path)
        return true;
    char *json = status_json(st);
    if (!json)
        return false;
    size_t len = strlen(json);
    json[len] = '\n'; /* replaces the terminator; length is known */
    bool ok = fs_write_atomic(st->path, json, len + 1);
    free(json);
    return ok;
}

static void heartbeat(struct status *st)
{
    bool ok = false;
    char err[STR_CAP] = "out of memory";
    char *json = status_json(st);
    if (json) {
        /* The feed's client and limits: no redirects, http(s) only, TLS
         * verified, 20 s in all, a small cap on whatever comes back. */
        struct http_request req = {
            .url = st->heartbeat_url,
            .post_body = json,
            .post_len = strlen(json),
            .content_type = "application/json",
            .max_bytes = 64 * 1024,
        };
        http_limits(&req, 20, 0);
        struct http_response resp;
        char why[512];
        ok = http_post(&req, &resp, why, sizeof(why)) == HTTP_OK;
        if (!ok)
            snprintf(err, sizeof(err), "%.120s", why);
    }
    free(json);
    pthread_mutex_lock(&st->lock);
    bool was = !st->has_heartbeat || st->heartbeat_ok;
    st->has_heartbeat = true;
    st->heartbeat_ok = ok;
    st->heartbeat_at = time(NULL);
    copy(st->heartbeat_error, sizeof(st->heartbeat_error), ok ? "" : err);
    pthread_mutex_unlock(&st->lock);
    if (was && !ok) /* say it once, not every interval */
        log_warn("heartbeat failed: %s", err);
}

static void *run(void *arg)
{
    struct status *st = arg;
    double next_write = 0, next_beat = 0;
    bool write_failed = false;
    pthread_mutex_lock(&st->lock);
    while (!st->stop) {
        double now = mono_seconds();
        bool write = st->path && (st->dirty || now >= next_write);
        bool beat = st->heartbeat_url && now >= next_beat;
        st->dirty = false;
        pthread_mutex_unlock(&st->lock);

        uint64_t frames = atomic_load(&st->frames);
        if (st->fps_at > 0 && now > st->fps_at)
            st->fps = (double)(frames - st->fps_frames) / (now - st->fps_at);
        st->fps_frames = frames;
        st->fps_at = now;

        if (write) {
            bool ok = status_write_now(st);
            if (!ok && !write_failed)
                log_warn("cannot write the status file %s: %s", st->path, strerror(errno));
            write_failed = !ok;
            next_write = now + st->write_interval;
        }
        if (beat) {
            heartbeat(st);
            next_beat = now + st->heartbeat_interval;
        }

        pthread_mutex_lock(&st->lock);
        if (st->stop || st->dirty)
            continue;
        /* Wake once a second at most to notice dirty flags coalesced. */
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        double wait = 1e9;
        if (st->path)
            wait = next_write - mono_seconds();
        if (st->heartbeat_url && next_beat - mono_seconds() < wait)
            wait = next_beat - mono_seconds();
        if (wait < 0.05)
            wait = 0.05;
        until.tv_sec += (time_t)wait;
        until.tv_nsec += (long)((wait - (double)(time_t)wait) * 1e9);
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&st->wake, &st->lock, &until);
    }
    pthread_mutex_unlock(&st->lock);
    return NULL;
}

struct status *status_start(const struct status_options *opt)
{
    if (!opt || (!opt->path && !opt->heartbeat_url))
        return NULL;
    struct status *st = calloc(1, sizeof(*st));
    if (!st)
        return NULL;
    st->path = opt->path ? strdup(opt->path) : NULL;
    st->heartbeat_url = opt->heartbeat_url ? strdup(opt->heartbeat_url) : NULL;
    st->heartbeat_interval = opt->heartbeat_interval > 0 ? opt->heartbeat_interval : 300;
    st->write_interval = opt->write_interval > 0 ? opt->write_interval : 30;
    st->started = time(NULL);
    clock_gettime(CLOCK_MONOTONIC, &st->started_mono);
    st->display_on = true;
    st->brightness = 100;
    atomic_init(&st->frames, 0);
    copy(st->pl_source, sizeof(st->pl_source), "builtin");
    pthread_mutex_init(&st->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&st->wake, &ca);
    pthread_condattr_destroy(&ca);
    if ((opt->path && !st->path) || (opt->heartbeat_url && !st->heartbeat_url) ||
        pthread_create(&st->thread, NULL, run, st) != 0) {
        pthread_cond_destroy(&st->wake);
        pthread_mutex_destroy(&st->lock);
        free(st->path);
        free(st->heartbeat_url);
        free(st);
        return NULL;
    }
    return st;
}

void status_stop(struct status *st)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->lock);
    st->stop = true;
    pthread_cond_signal(&st->wake);
    pthread_mutex_unlock(&st->lock);
    pthread_join(st->thread, NULL);
    status_write_now(st);
    pthread_cond_destroy(&st->wake);
    pthread_mutex_destroy(&st->lock);
    free(st->path);
    free(st->heartbeat_url);
    free(st);
}

void status_frame(struct status *st)
{
    if (st)
        atomic_fetch_add_explicit(&st->frames, 1, memory_order_relaxed);
}

void status_set_item(struct status *st, const char *id, const char *type)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->lock);
    copy(st->item_id, sizeof(st->item_id), id);
    copy(st->item_type, sizeof(st->item_type), type);
    st->item_since = time(NULL);
    pthread_mutex_unlock(&st->lock);
}

void status_set_playlist(struct status *st, const char *source, const char *name, int64_t sequence)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->lock);
    copy(st->pl_source, sizeof(st->pl_source), source);
    copy(st->pl_name, sizeof(st->pl_name), name);
    st->pl_sequence = sequence;
    st->dirty = true;
    pthread_cond_signal(&st->wake);
    pthread_mutex_unlock(&st->lock);
}

void status_set_fetch_at(struct status *st, bool ok, const char *message, int64_t sequence,
                         time_t at, double mono_at)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->lock);
    /* Called every poll: only a new result makes the file dirty. */
    bool changed = !st->has_fetch || st->fetch_ok != ok || st->fetch_at != at ||
                   st->fetch_mono != mono_at || st->fetch_sequence != sequence;
    st->has_fetch = true;
    st->fetch_ok = ok;
    copy(st->fetch_message, sizeof(st->fetch_message), message);
    st->fetch_sequence = sequence;
    st->fetch_at = at;
    st->fetch_mono = mono_at;
    if (ok)
        st->fetch_last_ok = at;
    if (changed) {
        st->dirty = true;
        pthread_cond_signal(&st->wake);
    }
    pthread_mutex_unlock(&st->lock);
}

void status_set_fetch(struct status *st, bool ok, const char *message, int64_t sequence)
{
    status_set_fetch_at(st, ok, message, sequence, time(NULL), mono_seconds());
}

void status_set_display(struct status *st, bool on, int brightness)
{
    if (!st)
        return;
    pthread_mutex_lock(&st->lock);
    if (st->display_on != on)
        st->dirty = true;
    st->display_on = on;
    st->brightness = brightness;
    pthread_mutex_unlock(&st->lock);
}
