/* SPDX-License-Identifier: MIT */
/* The decoder thread and its queue.
 *
 * The queue is a ring of MEDIA_QUEUE slots. The thread fills the slot
 * after the last one and waits while all are full; the frame loop reads
 * the head (the picture on screen) and frees it only when the next one is
 * due, so the head is never written while the display reads it. With
 * YUV output a slot holds a reference to the decoder's own picture (no
 * copy); with ARGB it holds a fitted pixbuf the thread converts into and
 * reuses, so memory stays at MEDIA_QUEUE pictures however long it plays. */

#include "media/clip.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/i18n.h"
#include "util/log.h"

#ifndef BANGTIN_HAVE_VIDEO

struct media_clip {
    char why[200];
};

struct media_clip *media_clip_open(const char *path, const struct media_clip_opts *opts)
{
    struct media_clip *c = calloc(1, sizeof(*c));
    if (c)
        snprintf(c->why, sizeof(c->why), "%s", _("this bangtin was built without video"));
    return c;
}

void media_clip_close(struct media_clip *c)
{
    free(c);
}

const struct media_frame *media_clip_frame(struct media_clip *c, int64_t t_ms)
{
    return NULL;
}

int64_t media_clip_next_due(struct media_clip *c)
{
    return INT64_MAX;
}

enum media_state media_clip_state(struct media_clip *c, int64_t t_ms)
{
    return MEDIA_FAILED;
}

void media_clip_error(struct media_clip *c, char *buf, size_t len)
{
    snprintf(buf, len, "%s", c->why);
}

double media_clip_duration(struct media_clip *c)
{
    return 0;
}

const struct pixbuf *media_clip_poster(struct media_clip *c, struct media_rect *dst)
{
    return NULL;
}

struct pixbuf *media_clip_snapshot(struct media_clip *c, struct media_rect *dst)
{
    return NULL;
}

void media_clip_drop_poster(struct media_clip *c)
{
}

void media_clip_decoder(struct media_clip *c, char *buf, size_t len)
{
    snprintf(buf, len, "%s", "");
}

bool media_clip_sound_format(struct media_clip *c, int *rate, int *channels)
{
    return false;
}

void media_clip_sound_read(struct media_clip *c, float *out, int frames, int64_t t_ms)
{
    memset(out, 0, sizeof(float) * (size_t)frames);
}

#else

#include <libavutil/frame.h>
#include <libswscale/swscale.h>

#include "media/av_dl.h"

#include "media/source.h"

#define CLOSE_WAIT_MS 300 /* a thread stuck in a read is left behind after this */
#define HURRY_MS      500 /* this far behind the clock: skip what can be skipped */
#define SOUND_AHEAD_S 2   /* sound decoded ahead, at most (the pictures' lead is less) */
#define SOUND_SLACK   25  /* ms: a gap or overlap smaller than this is left alone */
#define SOUND_DRIFT   60  /* ms: a reader further off than this jumps to the clock */

struct slot {
    AVFrame *av;       /* owned: YUV output, a reference to the decoder's picture */
    struct pixbuf *pb; /* owned: ARGB output, reused */
    struct media_frame f;
};

struct media_clip {
    char *path; /* owned */
    struct media_clip_opts opts;
    char hwdec[32];
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    atomic_bool quit;
    atomic_llong clock_ms; /* the frame loop's latest clip time */

    /* Guarded by mu. */
    struct slot q[MEDIA_QUEUE];
    int head, count;
    int limit; /* MEDIA_QUEUE, or MEDIA_QUEUE_ARGB for fitted ARGB pictures */
    bool eof, failed, done;
    int refs; /* the caller and the thread; the last one frees */
    char why[256];
    char decoder[32];
    double duration;
    int64_t end_ms;
    struct pixbuf *poster; /* owned */
    struct media_rect poster_dst;
    uint64_t seq;
    bool head_shown;

    /* The frame loop's own. */
    int64_t progress_t; /* clip time when a new picture last came on */

    /* Sound: a ring of interleaved samples, guarded by smu (the audio
     * callback reads it). The first sample of the ring plays at clip
     * sample s_first (samples since the clip's start, at s_rate). */
    pthread_mutex_t smu;
    float *s_ring; /* owned: s_cap frames of s_channels */
    size_t s_cap, s_head, s_len;
    int64_t s_first;
    int s_rate, s_channels;
    int64_t s_offset; /* the decoder thread's own: a loop's start, ms */
};

static void clip_free(struct media_clip *c)
{
    for (int i = 0; i < MEDIA_QUEUE; i++) {
        av_frame_free(&c->q[i].av);
        pixbuf_free(c->q[i].pb);
    }
    pixbuf_free(c->poster);
    pthread_mutex_destroy(&c->mu);
    pthread_mutex_destroy(&c->smu);
    pthread_cond_destroy(&c->cv);
    free(c->s_ring);
    free(c->path);
    free(c);
}

/* The decoder's sound into the ring, placed by its time: a gap becomes
 * silence, an overlap is cut, what does not fit is dropped (the reader is
 * far behind). The first sound fixes the format; a clip that changes it
 * mid-way keeps the first (its later sound is dropped). */
static void sound_in(void *ctx, const float *pcm, int frames, int channels, int rate,
                     int64_t pts_ms)
{
    struct media_clip *c = ctx;
    pthread_mutex_lock(&c->smu);
    if (!c->s_ring) {
        size_t cap = (size_t)rate * SOUND_AHEAD_S;
        if (!(c->s_ring = malloc(sizeof(float) * cap * (size_t)channels)))
            goto out;
        c->s_cap = cap;
        c->s_rate = rate;
        c->s_channels = channels;
        c->s_first = (c->s_offset + pts_ms) * rate / 1000;
    }
    if (rate != c->s_rate || channels != c->s_channels)
        goto out;
    int64_t at = (c->s_offset + pts_ms) * rate / 1000, end = c->s_first + (int64_t)c->s_len;
    int64_t slack = (int64_t)rate * SOUND_SLACK / 1000;
    int skip = 0;
    if (at < end - slack)
        skip = end - at >= frames ? frames : (int)(end - at);
    int64_t gap = at > end + slack ? at - end : 0;
    if (c->s_len == 0 && gap) { /* nothing waiting: start the ring there */
        c->s_first = at;
        gap = 0;
    }
    for (int64_t i = 0; i < gap && c->s_len < c->s_cap; i++) {
        float *d = c->s_ring + ((c->s_head + c->s_len++) % c->s_cap) * (size_t)channels;
        memset(d, 0, sizeof(float) * (size_t)channels);
    }
    for (int i = skip; i < frames && c->s_len < c->s_cap; i++) {
        float *d = c->s_ring + ((c->s_head + c->s_len++) % c->s_cap) * (size_t)channels;
        memcpy(d, pcm + (size_t)i * (size_t)channels, sizeof(float) * (size_t)channels);
    }
out:
    pthread_mutex_unlock(&c->smu);
}

bool media_clip_sound_format(struct media_clip *c, int *rate, int *channels)
{
    pthread_mutex_lock(&c->smu);
    bool ok = c->s_ring != NULL;
    *rate = c->s_rate;
    *channels = c->s_channels;
    pthread_mutex_unlock(&c->smu);
    return ok;
}

void media_clip_sound_read(struct media_clip *c, float *out, int frames, int64_t t_ms)
{
    pthread_mutex_lock(&c->smu);
    int ch = c->s_channels > 0 ? c->s_channels : 1;
    memset(out, 0, sizeof(float) * (size_t)frames * (size_t)ch);
    if (!c->s_ring)
        goto out;
    int64_t want = t_ms * c->s_rate / 1000, drift = (int64_t)c->s_rate * SOUND_DRIFT / 1000;
    int lead = 0; /* silence first: the sound starts later */
    if (want < c->s_first - drift) {
        if (c->s_first - want >= frames)
            goto out;
        lead = (int)(c->s_first - want);
    } else if (want > c->s_first + drift) {
        /* Behind the clock (a stall, a late start): skip to it. */
        int64_t drop =
            want - c->s_first < (int64_t)c->s_len ? want - c->s_first : (int64_t)c->s_len;
        c->s_head = (c->s_head + (size_t)drop) % c->s_cap;
        c->s_len -= (size_t)drop;
        c->s_first = want;
    }
    size_t avail = (size_t)(frames - lead);
    size_t n = avail < c->s_len ? avail : c->s_len;
    for (size_t i = 0; i < n; i++)
        memcpy(out + ((size_t)lead + i) * (size_t)ch,
               c->s_ring + ((c->s_head + i) % c->s_cap) * (size_t)ch, sizeof(float) * (size_t)ch);
    c->s_head = (c->s_head + n) % c->s_cap;
    c->s_len -= n;
    /* Run dry, the reader still moves on: what comes late is cut. */
    c->s_first += c->s_len == 0 ? (int64_t)avail : (int64_t)n;
out:
    pthread_mutex_unlock(&c->smu);
}

static void fail(struct media_clip *c, const char *why)
{
    pthread_mutex_lock(&c->mu);
    if (!c->failed && !atomic_load(&c->quit)) {
        c->failed = true;
        snprintf(c->why, sizeof(c->why), "%s", why);
    }
    pthread_mutex_unlock(&c->mu);
}

/* Fills slot s with picture f (consumed) at due; false when out of memory. */
static bool fill(struct media_clip *c, struct slot *s, AVFrame *f, int64_t due,
                 struct SwsContext **sws)
{
    struct media_rect src, dst;
    media_fit(f->width, f->height, c->opts.area_w, c->opts.area_h, c->opts.cover, &src, &dst);
    enum AVPixelFormat fmt = f->format;
    bool i420 = fmt == AV_PIX_FMT_YUV420P || fmt == AV_PIX_FMT_YUVJ420P;
    bool nv12 = fmt == AV_PIX_FMT_NV12;
    if (c->opts.yuv && (i420 || nv12)) {
        av_frame_unref(s->av);
        av_frame_move_ref(s->av, f);
        s->f = (struct media_frame){
            .fmt = i420 ? MEDIA_I420 : MEDIA_NV12,
            .w = s->av->width,
            .h = s->av->height,
            .src = src,
            .dst = dst,
        };
        for (int i = 0; i < 3; i++) {
            s->f.plane[i] = s->av->data[i];
            s->f.pitch[i] = s->av->linesize[i];
        }
    } else {
        if (s->pb && (s->pb->w != dst.w || s->pb->h != dst.h)) {
            pixbuf_free(s->pb);
            s->pb = NULL;
        }
        if (!s->pb && !(s->pb = pixbuf_new(dst.w, dst.h)))
            return false;
        if (!media_convert(f, &src, s->pb, c->opts.background, sws))
            return false;
        av_frame_unref(f);
        s->f = (struct media_frame){
            .fmt = MEDIA_ARGB,
            .w = dst.w,
            .h = dst.h,
            .plane = {(const uint8_t *)s->pb->px},
            .pitch = {s->pb->stride * 4},
            .src = {0, 0, dst.w, dst.h},
            .dst = dst,
        };
    }
    s->f.due_ms = due;
    return true;
}

static void make_poster(struct media_clip *c, const AVFrame *f, struct SwsContext **sws)
{
    struct media_rect src, dst;
    media_fit(f->width, f->height, c->opts.area_w, c->opts.area_h, c->opts.cover, &src, &dst);
    struct pixbuf *pb = pixbuf_new(dst.w, dst.h);
    if (pb && !media_convert(f, &src, pb, c->opts.background, sws)) {
        pixbuf_free(pb);
        pb = NULL;
    }
    pthread_mutex_lock(&c->mu);
    c->poster = pb;
    c->poster_dst = dst;
    pthread_mutex_unlock(&c->mu);
}

static void *run(void *arg)
{
    struct media_clip *c = arg;
    char why[256] = "";
    const char *hw = c->hwdec[0] ? c->hwdec : NULL;
    struct media_src *s = media_src_open(c->path, hw, &c->quit, why, sizeof(why));
    AVFrame *f = av_frame_alloc();
    struct SwsContext *sws = NULL, *poster_sws = NULL;
    int64_t offset = 0, period = 0; /* a loop's start; the length of one pass */
    bool any = false, hurry = false;
    if (!s || !f) {
        fail(c, s ? _("out of memory") : why);
        goto out;
    }
    if (c->opts.sound)
        media_src_sound(s, sound_in, c);
    pthread_mutex_lock(&c->mu);
    c->duration = media_src_info(s)->duration;
    snprintf(c->decoder, sizeof(c->decoder), "%s", media_src_decoder(s));
    pthread_mutex_unlock(&c->mu);
    for (;;) {
        pthread_mutex_lock(&c->mu);
        while (!atomic_load(&c->quit) && c->count >= c->limit)
            pthread_cond_wait(&c->cv, &c->mu);
        pthread_mutex_unlock(&c->mu);
        if (atomic_load(&c->quit))
            break;
        int64_t pts, dur;
        int rc = media_src_next(s, f, &pts, &dur, why, sizeof(why));
        if (rc < 0) {
            fail(c, why);
            break;
        }
        if (rc == 0) {
            if (!any) {
                fail(c, _("no picture decodes from this clip"));
                break;
            }
            if (!c->opts.loop || period <= 0) {
                pthread_mutex_lock(&c->mu);
                c->eof = true;
                c->end_ms = offset + period;
                pthread_mutex_unlock(&c->mu);
                break;
            }
            /* Again from the start: reopening is the one way back that
             * every demuxer (GIF's too) supports. */
            offset += period;
            period = 0;
            media_src_close(s);
            if (!(s = media_src_open(c->path, hw, &c->quit, why, sizeof(why)))) {
                fail(c, why);
                break;
            }
            pthread_mutex_lock(&c->smu);
            c->s_offset = offset;
            pthread_mutex_unlock(&c->smu);
            if (c->opts.sound)
                media_src_sound(s, sound_in, c);
            continue;
        }
        if (!any)
            make_poster(c, f, &poster_sws);
        any = true;
        if (pts + dur > period)
            period = pts + dur;
        int64_t due = offset + pts, now = atomic_load(&c->clock_ms);
        bool late = now > due + HURRY_MS;
        if (late != hurry)
            media_src_hurry(s, hurry = late);
        pthread_mutex_lock(&c->mu);
        /* Behind the clock with pictures still queued: drop this one
         * rather than show it late (the queue has something to show). */
        bool drop = c->count > 0 && now > due + dur;
        struct slot *sl = &c->q[(c->head + c->count) % MEDIA_QUEUE];
        pthread_mutex_unlock(&c->mu);
        if (drop) {
            av_frame_unref(f);
            continue;
        }
        /* The slot is free (count < MEDIA_QUEUE): only this thread writes it. */
        if (!sl->av && !(sl->av = av_frame_alloc())) {
            fail(c, _("out of memory"));
            break;
        }
        if (!fill(c, sl, f, due, &sws)) {
            fail(c, _("out of memory"));
            break;
        }
        pthread_mutex_lock(&c->mu);
        c->count++;
        pthread_mutex_unlock(&c->mu);
    }
out:
    av_frame_free(&f);
    sws_freeContext(sws);
    sws_freeContext(poster_sws);
    media_src_close(s);
    pthread_mutex_lock(&c->mu);
    c->done = true;
    bool last = --c->refs == 0;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    if (last)
        clip_free(c);
    return NULL;
}

struct media_clip *media_clip_open(const char *path, const struct media_clip_opts *opts)
{
    struct media_clip *c = calloc(1, sizeof(*c));
    if (!c || !(c->path = strdup(path))) {
        free(c);
        return NULL;
    }
    c->opts = *opts;
    c->limit = opts->yuv ? MEDIA_QUEUE : MEDIA_QUEUE_ARGB;
    if (opts->hwdec)
        snprintf(c->hwdec, sizeof(c->hwdec), "%s", opts->hwdec);
    c->refs = 2;
    pthread_mutex_init(&c->mu, NULL);
    pthread_mutex_init(&c->smu, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&c->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (pthread_create(&c->thread, NULL, run, c) != 0) {
        clip_free(c);
        return NULL;
    }
    return c;
}

void media_clip_close(struct media_clip *c)
{
    if (!c)
        return;
    atomic_store(&c->quit, true);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_nsec += CLOSE_WAIT_MS * 1000000L;
    until.tv_sec += until.tv_nsec / 1000000000L;
    until.tv_nsec %= 1000000000L;
    pthread_mutex_lock(&c->mu);
    pthread_cond_broadcast(&c->cv);
    while (!c->done && pthread_cond_timedwait(&c->cv, &c->mu, &until) == 0)
        ;
    bool done = c->done;
    bool last = --c->refs == 0;
    pthread_mutex_unlock(&c->mu);
    if (done) {
        pthread_join(c->thread, NULL);
    } else {
        /* Stuck in a read (a file on a dead network share): the board
         * goes on, and the thread frees the clip when the read returns. */
        log_warn(_("the decoder of %s does not stop; leaving it behind"), c->path);
        pthread_detach(c->thread);
    }
    if (last)
        clip_free(c);
}

static void release(struct slot *s)
{
    if (s->av)
        av_frame_unref(s->av);
}

const struct media_frame *media_clip_frame(struct media_clip *c, int64_t t_ms)
{
    atomic_store(&c->clock_ms, t_ms);
    pthread_mutex_lock(&c->mu);
    bool popped = false;
    while (c->count >= 2 && c->q[(c->head + 1) % MEDIA_QUEUE].f.due_ms <= t_ms) {
        release(&c->q[c->head]);
        c->head = (c->head + 1) % MEDIA_QUEUE;
        c->count--;
        c->head_shown = false;
        popped = true;
    }
    if (popped)
        pthread_cond_signal(&c->cv);
    const struct media_frame *f = NULL;
    if (c->count >= 1 && c->q[c->head].f.due_ms <= t_ms) {
        struct slot *s = &c->q[c->head];
        if (!c->head_shown) {
            s->f.seq = ++c->seq;
            c->head_shown = true;
            c->progress_t = t_ms;
        }
        f = &s->f;
    }
    pthread_mutex_unlock(&c->mu);
    return f;
}

int64_t media_clip_next_due(struct media_clip *c)
{
    pthread_mutex_lock(&c->mu);
    int64_t due = INT64_MAX;
    if (c->count >= 2)
        due = c->q[(c->head + 1) % MEDIA_QUEUE].f.due_ms;
    else if (c->count == 1 && !c->head_shown)
        due = c->q[c->head].f.due_ms;
    else if (c->eof)
        due = c->end_ms;
    pthread_mutex_unlock(&c->mu);
    return due;
}

enum media_state media_clip_state(struct media_clip *c, int64_t t_ms)
{
    pthread_mutex_lock(&c->mu);
    enum media_state st = c->seq == 0 ? MEDIA_STARTING : MEDIA_PLAYING;
    bool nothing_new = c->count == 0 || (c->count == 1 && c->head_shown);
    if (c->failed && nothing_new)
        st = MEDIA_FAILED;
    else if (c->eof && nothing_new && t_ms >= c->end_ms)
        st = MEDIA_ENDED;
    else if (!c->eof && !c->failed && nothing_new && t_ms - c->progress_t > MEDIA_STALL_MS) {
        c->failed = true;
        if (c->seq == 0)
            snprintf(c->why, sizeof(c->why), _("no picture after %d s: the decoder is stuck"),
                     MEDIA_STALL_MS / 1000);
        else
            snprintf(c->why, sizeof(c->why),
                     _("no new picture for %d s after %.1f s: the clip stalls"),
                     MEDIA_STALL_MS / 1000, (double)c->progress_t / 1000.0);
        st = MEDIA_FAILED;
    }
    pthread_mutex_unlock(&c->mu);
    return st;
}

void media_clip_error(struct media_clip *c, char *buf, size_t len)
{
    pthread_mutex_lock(&c->mu);
    snprintf(buf, len, "%s", c->why);
    pthread_mutex_unlock(&c->mu);
}

double media_clip_duration(struct media_clip *c)
{
    pthread_mutex_lock(&c->mu);
    double d = c->duration;
    pthread_mutex_unlock(&c->mu);
    return d;
}

const struct pixbuf *media_clip_poster(struct media_clip *c, struct media_rect *dst)
{
    pthread_mutex_lock(&c->mu);
    const struct pixbuf *pb = c->poster;
    if (dst)
        *dst = c->poster_dst;
    pthread_mutex_unlock(&c->mu);
    return pb;
}

struct pixbuf *media_clip_snapshot(struct media_clip *c, struct media_rect *dst)
{
    struct pixbuf *pb = NULL;
    pthread_mutex_lock(&c->mu);
    if (c->count >= 1 && c->head_shown) {
        /* The head is the consumer's: the thread never writes it. */
        const struct slot *s = &c->q[c->head];
        *dst = s->f.dst;
        if ((pb = pixbuf_new(s->f.dst.w, s->f.dst.h))) {
            struct SwsContext *sws = NULL;
            bool ok = true;
            if (s->f.fmt == MEDIA_ARGB)
                pixbuf_copy(pb, 0, 0, s->pb);
            else
                ok = media_convert(s->av, &s->f.src, pb, c->opts.background, &sws);
            sws_freeContext(sws);
            if (!ok) {
                pixbuf_free(pb);
                pb = NULL;
            }
        }
    }
    pthread_mutex_unlock(&c->mu);
    return pb;
}

void media_clip_drop_poster(struct media_clip *c)
{
    pthread_mutex_lock(&c->mu);
    pixbuf_free(c->poster);
    c->poster = NULL;
    pthread_mutex_unlock(&c->mu);
}

void media_clip_decoder(struct media_clip *c, char *buf, size_t len)
{
    pthread_mutex_lock(&c->mu);
    snprintf(buf, len, "%s", c->decoder);
    pthread_mutex_unlock(&c->mu);
}

#endif
