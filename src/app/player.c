/* SPDX-License-Identifier: MIT */
#include "app/player.h"

#include <SDL.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/cfgwatch.h"
#include "app/clipplay.h"
#include "app/exit.h"
#include "app/feedlog.h"
#include "app/rotation.h"
#include "calendar/clock.h"
#include "feed/worker.h"
#include "ops/config.h"
#include "ops/notify.h"
#include "ops/prooflog.h"
#include "ops/status.h"
#include "sched/sched.h"
#include "slides/marquee.h"
#include "slides/scene.h"
#include "text/font.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/paths.h"

#define FADE_MS         500
#define NEUTRAL_SECONDS 10
#define POLL_MS         500  /* playlist file, config file, feed mailbox: a stat() and a mutex */
#define FRAME_MS        16   /* pacing when the renderer has no vsync */
#define BOUNDARY_MS     20   /* wake just after a schedule boundary, not just before */
#define PREPARE_MS      2500 /* the next clip starts decoding this long before its slide */
#define FAILED_MIN_MS   1000 /* a clip that cannot play still holds its slide this long */
#define OVERRUN_MS      2000 /* a clip not ended this long after its length has stalled */
#define NEVER           UINT64_MAX

struct watched_file {
    char path[PATH_MAX];
    struct stat st;
};

struct player {
    const struct player_opts *opts;
    struct cfgwatch *cw;        /* owned, NULL without --config */
    const struct config *cfg;   /* owned, NULL: defaults */
    struct display_opts disp;   /* what the display was opened with */
    struct display *display;    /* owned */
    struct font_set *fonts;     /* owned */
    struct feed_worker *feed;   /* owned, NULL without a feed */
    struct prooflog *proof;     /* owned, NULL without a proof log */
    struct status *status;      /* owned, NULL without status/heartbeat */
    struct playlist *pl;        /* owned, current; NULL shows the neutral slide */
    struct playlist *pending;   /* owned, swapped in at the next slide boundary */
    const char *pending_source; /* static: "file", "feed", "demo" */
    struct scene *scene;        /* owned, for pl at the board size */
    struct clipplay *clips;     /* owned: the clip on the board, the next one prepared */
    bool prepared;              /* the next slide's clip was prepared */
    int board_w, board_h;

    size_t cur;                      /* index into pl->items, or SCHED_NONE: neutral slide */
    struct marquee *slide_marquee;   /* owned: the current slide's scrolling text */
    uint64_t slide_start, slide_end; /* ms, SDL ticks */
    time_t shown_at;                 /* wall clock when the current item came on */
    bool shown_neutral;              /* the item failed to draw: the neutral slide is up */
    time_t redraw_at;                /* wall clock: redraw the current slide */
    uint64_t ticker_epoch;           /* ms: ticker offset origin, kept across slides */
    bool leave_now;                  /* the slide on screen gives way at once */
    struct rotation *rot;            /* owned: the rotation's place across notices */

    struct watched_file watch; /* the local playlist, reloaded when it changes */
    uint64_t next_poll;
    uint64_t sched_due;                  /* ms: the playing set may change then */
    uint64_t display_due;                /* ms: on/off or brightness changes then */
    uint64_t watchdog_us, next_watchdog; /* systemd watchdog: interval, due (ms) */
    struct feedlog *feedlog;             /* owned: the feed failure last logged */
    bool blank;                          /* scheduled off */
    int brightness;
    bool dirty; /* a frame must be presented */
    bool ready_sent;
    long frames;
};

static bool file_changed(struct watched_file *w)
{
    struct stat st;
    if (!w->path[0] || stat(w->path, &st) != 0)
        return false;
    bool changed = st.st_mtim.tv_sec != w->st.st_mtim.tv_sec ||
                   st.st_mtim.tv_nsec != w->st.st_mtim.tv_nsec || st.st_size != w->st.st_size ||
                   st.st_ino != w->st.st_ino;
    w->st = st;
    return changed;
}

/* Loads a playlist; on any error logs the diagnostics and returns NULL,
 * so the caller keeps what it was playing. */
static struct playlist *load(const char *path)
{
    struct diag_list *diags = diag_list_new();
    struct playlist *pl = playlist_load(path, diags);
    diag_print_all(diags, stderr);
    if (!pl)
        log_error(_("%s has errors; the board keeps its previous playlist"), path);
    diag_list_free(diags);
    return pl;
}

static void offer(struct player *p, struct playlist *pl, const char *source)
{
    if (!pl)
        return;
    playlist_free(p->pending);
    p->pending = pl;
    p->pending_source = source;
}

static struct sched_time local_now(void)
{
    time_t now = clock_now();
    return sched_time_from_unix(now, clock_utc_offset(now));
}

/* Ticks (ms) at which wall-clock second now + secs begins: schedules
 * change on whole seconds of the wall clock, the loop counts in ticks. */
static uint64_t ticks_at(uint64_t now_ms, int64_t secs)
{
    long frac = 0;
    struct timespec ts;
    if (!clock_is_fixed() && clock_gettime(CLOCK_REALTIME, &ts) == 0)
        frac = ts.tv_nsec / 1000000;
    int64_t ms = secs * 1000 - frac + BOUNDARY_MS;
    return now_ms + (uint64_t)(ms > 0 ? ms : 0);
}

static void plan_sched(struct player *p, uint64_t now_ms)
{
    if (!p->pl) {
        p->sched_due = NEVER;
        return;
    }
    struct sched_time st = local_now();
    p->sched_due = ticks_at(now_ms, sched_seconds_to_change(p->pl, &st));
}

/* Seconds from sod (second of the day) to the next on, off or brightness
 * boundary of the config; 0 when it has none. */
static int64_t display_seconds_to_change(const struct config *cfg, int64_t sod)
{
    int64_t best = 0;
    int n = 0;
    int marks[CONFIG_MAX_BRIGHTNESS + 2];
    if (cfg && cfg->has_schedule) {
        marks[n++] = cfg->on;
        marks[n++] = cfg->off;
    }
    for (size_t i = 0; cfg && i < cfg->n_brightness && n < (int)(sizeof(marks) / sizeof(*marks));
         i++)
        marks[n++] = cfg->brightness[i].from;
    for (int i = 0; i < n; i++) {
        int64_t at = (int64_t)marks[i] * 60;
        int64_t d = at > sod ? at - sod : at + 86400 - sod;
        if (best == 0 || d < best)
            best = d;
    }
    return best;
}

static void ticker_band(void *data, struct pixbuf *view, uint64_t t_ms)
{
    struct player *p = data;
    const struct marquee *m = scene_ticker(p->scene);
    marquee_draw(m, view, 0, marquee_offset(m, t_ms - p->ticker_epoch));
}

static void slide_band(void *data, struct pixbuf *view, uint64_t t_ms)
{
    struct player *p = data;
    marquee_draw(p->slide_marquee, view, 0,
                 marquee_offset(p->slide_marquee, t_ms - p->slide_start));
}

static bool rebuild_scene(struct player *p)
{
    scene_free(p->scene);
    display_board_size(p->display, &p->board_w, &p->board_h);
    p->scene = scene_new(p->fonts, p->pl, p->board_w, p->board_h);
    if (p->scene && p->cfg)
        scene_set_safe_area(p->scene, p->cfg->safe_area);
    return p->scene != NULL;
}

/* A fade out of a clip starts from the picture on screen: the clip's
 * slide is drawn again with it before the next slide fades in. */
static void still_from_clip(struct player *p, time_t now)
{
    int x, y;
    struct pixbuf *snap = clipplay_snapshot(p->clips, &x, &y);
    struct slide_frame f;
    if (snap && p->cur != SCHED_NONE && p->pl) {
        const struct pl_item *item = &p->pl->items[p->cur];
        struct slide_env e = scene_item_env(p->scene, item, now, clock_is_plausible(now));
        e.frame = snap;
        e.frame_x = x;
        e.frame_y = y;
        if (slide_draw(item, &e, &f)) {
            display_take_slide(p->display, &f.pb, 0);
            slide_frame_finish(&f);
        }
    }
    pixbuf_free(snap);
}

/* Draws item idx (SCHED_NONE: the neutral slide) and hands it to the
 * display. A new slide starts its duration; a redraw keeps it. */
static bool show(struct player *p, size_t idx, uint32_t fade_ms, uint64_t now_ms, bool restart)
{
    time_t now = clock_now();
    const struct pl_item *item = idx != SCHED_NONE ? &p->pl->items[idx] : NULL;
    struct slide_env env = scene_item_env(p->scene, item, now, clock_is_plausible(now));
    int th = scene_shows_ticker(p->scene, item) ? scene_ticker_height(p->scene) : 0;
    bool clip = false;
    if (restart) {
        if (fade_ms && clipplay_active(p->clips))
            still_from_clip(p, now);
        /* The clip's pictures start when the fade into it is over. */
        clip = clipplay_begin(p->clips, item, env.w, env.h, now_ms, now_ms + fade_ms);
        p->prepared = false;
    } else {
        clip = clipplay_active(p->clips);
        clipplay_refresh(p->clips);
    }
    if (clip)
        env.frame = clipplay_poster(p->clips, &env.frame_x, &env.frame_y);
    struct slide_frame f;
    if (!slide_draw(item, &env, &f))
        return false;
    bool ok = display_take_slide(p->display, &f.pb, fade_ms);
    if (th > 0)
        display_set_band(p->display, 0, 0, scene_ticker_y(p->scene), p->board_w, th, ticker_band,
                         p);
    else
        display_clear_band(p->display, 0);
    marquee_free(p->slide_marquee);
    p->slide_marquee = f.marquee;
    f.marquee = NULL;
    int mw, mh;
    if (p->slide_marquee) {
        marquee_size(p->slide_marquee, &mw, &mh);
        display_set_band(p->display, 1, 0, f.marquee_y, p->board_w, mh, slide_band, p);
    } else {
        display_clear_band(p->display, 1);
    }
    p->redraw_at = f.redraw_at;
    p->shown_neutral = f.neutral || (!restart && p->shown_neutral);
    slide_frame_finish(&f);
    if (restart) {
        p->slide_start = now_ms;
        p->shown_at = now;
        double secs = item ? item->duration : NEUTRAL_SECONDS;
        /* A video without a duration lasts its clip: it ends when the
         * clip does (the loop sees it), at the latest after the cap. */
        if (clip && item->type == PL_VIDEO && !item->has_duration)
            secs = PLAYLIST_MAX_DURATION;
        p->slide_end = now_ms + fade_ms + (uint64_t)(secs * 1000.0);
        status_set_item(p->status, item ? item->id : "",
                        item ? pl_item_type_name(item->type) : "neutral");
    }
    p->cur = idx;
    p->dirty = true;
    return ok;
}

/* Proof of play: the item that was on screen, for as long as it was. */
static void log_shown(struct player *p, uint64_t now_ms)
{
    if (!p->proof || p->cur == SCHED_NONE || !p->pl || p->blank)
        return;
    const struct pl_item *item = &p->pl->items[p->cur];
    double secs = (double)(now_ms - p->slide_start) / 1000.0;
    /* What was really drawn: a failed item showed the neutral slide. */
    bool ok = p->shown_neutral ? prooflog_append(p->proof, p->shown_at, "neutral", "neutral", secs)
                               : prooflog_append_item(p->proof, p->shown_at, p->pl, item, secs);
    if (!ok)
        log_warn(_("cannot append to the proof-of-play log: %s"), strerror(errno));
}

/* Puts next (owned, may be NULL: nothing valid) in place of the playlist;
 * the rotation keeps its place by item id. */
static bool swap_in(struct player *p, struct playlist *next, const char *source)
{
    size_t place = rotation_place(p->pl, p->cur, next);
    clipplay_reset(p->clips); /* its clips point into the old playlist */
    playlist_free(p->pl);     /* its pictures go with its scene */
    p->pl = next;
    p->cur = place;
    feed_worker_showing(p->feed, next ? next->file : NULL); /* older generations may go */
    if (!rebuild_scene(p))
        return false;
    if (p->pl) {
        log_info(_("playing %s (%zu items)"), p->pl->file, p->pl->n_items);
        status_set_playlist(p->status, source, p->pl->name, p->pl->sequence);
    } else {
        status_set_playlist(p->status, "builtin", "", 0);
    }
    return true;
}

/* The next slide. cut: the one on screen leaves before its end. */
static bool next_slide(struct player *p, uint64_t now_ms, bool cut)
{
    bool first = p->slide_end == 0;
    log_shown(p, now_ms);
    if (p->pending) {
        /* Between slides: the only moment a new playlist may take over. */
        struct playlist *next = p->pending;
        p->pending = NULL;
        if (!swap_in(p, next, p->pending_source))
            return false;
    }
    struct sched_time st = local_now();
    size_t idx = rotation_next(p->rot, p->pl, &st, p->cur, cut);
    uint32_t fade = 0;
    if (!first && !cut && idx != SCHED_NONE && p->pl->items[idx].transition == PL_TRANSITION_FADE)
        fade = FADE_MS;
    p->leave_now = false;
    if (!show(p, idx, fade, now_ms, true))
        return false;
    plan_sched(p, now_ms);
    return true;
}

/* A clip's slide ends with the clip (a video without a duration), when
 * it breaks, or at its duration (holding the last picture, or looping). */
static void clip_timing(struct player *p, enum clipplay_state cs, uint64_t now)
{
    const struct pl_item *item = p->cur != SCHED_NONE && p->pl ? &p->pl->items[p->cur] : NULL;
    if (!item)
        return;
    uint64_t start = clipplay_start_ms(p->clips);
    if (cs == CLIPPLAY_FAILED) {
        uint64_t soonest = p->slide_start + FAILED_MIN_MS;
        p->slide_end = now > soonest ? now : soonest;
    } else if (item->type == PL_VIDEO && !item->has_duration) {
        if (cs == CLIPPLAY_ENDED) {
            p->slide_end = now;
        } else {
            /* Known length: the next clip is prepared in time. The clip's
             * own end (ENDED) comes first; this is the backstop. */
            double d = clipplay_duration(p->clips);
            uint64_t end = start + (uint64_t)(d * 1000.0) + OVERRUN_MS;
            if (d > 0 && end < p->slide_end)
                p->slide_end = end;
            if (d > 0 && now >= end)
                log_warn(_("item '%s': %s has not ended %d s after its length of %.1f s: it "
                           "stalls or says a wrong length; going on to the next slide"),
                         item->id, item->src, OVERRUN_MS / 1000, d);
        }
    }
}

/* Starts the next slide's clip decoding before this slide ends. */
static void prepare_next(struct player *p, uint64_t now)
{
    p->prepared = true;
    if (p->pending || !p->pl)
        return; /* a new playlist takes over: its clips are not known yet */
    time_t at = clock_now() + (time_t)((p->slide_end > now ? p->slide_end - now : 0) / 1000);
    struct sched_time st = sched_time_from_unix(at, clock_utc_offset(at));
    size_t idx = sched_next(p->pl, &st, p->cur);
    if (idx == SCHED_NONE)
        return;
    const struct pl_item *item = &p->pl->items[idx];
    struct slide_env env = scene_item_env(p->scene, item, at, true);
    clipplay_prepare(p->clips, item, env.w, env.h);
}

/* The last fetch outcome: to the status file, and to the log when it is
 * news (src/app/feedlog.h). */
static void log_feed(struct player *p)
{
    char err[FEEDLOG_REASON_CAP], line[FEEDLOG_REASON_CAP + 128];
    int64_t next = 0;
    feed_worker_last_outcome(p->feed, err, sizeof(err), &next);
    struct feed_report r;
    feed_worker_report(p->feed, &r);
    if (r.done) /* when the last fetch really happened, not when we asked */
        status_set_fetch_at(p->status, r.result != FEED_FAILED, r.message[0] ? r.message : NULL,
                            p->pl ? p->pl->sequence : 0, (time_t)r.at, r.mono_at);
    if (feedlog_news(p->feedlog, err, next, line, sizeof(line)))
        log_warn("%s", line);
}

static void display_schedule(struct player *p, uint64_t now_ms)
{
    p->display_due = NEVER;
    if (!p->cfg)
        return;
    time_t now = clock_now();
    struct clock_local lt;
    /* Without a trustworthy clock the board stays on at full level. */
    if (!clock_is_plausible(now) || !clock_local(now, &lt))
        return;
    int minute = lt.hour * 60 + lt.minute;
    bool blank = !config_display_on_at(p->cfg, minute);
    int level = config_brightness_at(p->cfg, minute);
    if (blank != p->blank || level != p->brightness) {
        p->blank = blank;
        p->brightness = level;
        display_set_blank(p->display, blank);
        display_set_brightness(p->display, level);
        status_set_display(p->status, !blank, level);
        p->dirty = true;
    }
    int64_t secs = display_seconds_to_change(p->cfg, minute * 60 + lt.second);
    if (secs > 0)
        p->display_due = ticks_at(now_ms, secs);
}

/* The config's display section; command-line flags win. */
static struct display_opts display_opts_for(const struct display_opts *base,
                                            const struct config *cfg)
{
    struct display_opts d = *base;
    if (!cfg)
        return d;
    if (cfg->has_size && d.w == 0) {
        d.w = cfg->width;
        d.h = cfg->height;
    }
    if (cfg->has_viewport) {
        d.view_x = cfg->vp_x;
        d.view_y = cfg->vp_y;
        d.board_w = cfg->vp_w;
        d.board_h = cfg->vp_h;
    }
    d.rotate = cfg->rotate;
    d.renderer = cfg->renderer;
    return d;
}

static bool same_display(const struct display_opts *a, const struct display_opts *b)
{
    return a->w == b->w && a->h == b->h && a->fullscreen == b->fullscreen &&
           a->board_w == b->board_w && a->board_h == b->board_h && a->view_x == b->view_x &&
           a->view_y == b->view_y && a->rotate == b->rotate && a->renderer == b->renderer;
}

static void services_stop(struct player *p)
{
    feed_worker_stop(p->feed);
    p->feed = NULL;
    status_stop(p->status);
    p->status = NULL;
    prooflog_close(p->proof);
    p->proof = NULL;
    p->watch.path[0] = '\0';
    feedlog_reset(p->feedlog); /* a new feed's failures are news */
}

/* Proof log, status, feed and the local playlist of the config in use;
 * what should play is offered as pending. */
static void services_start(struct player *p)
{
    const struct config *cfg = p->cfg;
    if (cfg && cfg->proof_log &&
        !(p->proof = prooflog_open(cfg->proof_log, cfg->proof_max_bytes, cfg->proof_keep)))
        log_warn(_("cannot open the proof-of-play log %s: %s; playing without it"), cfg->proof_log,
                 strerror(errno));
    if (cfg) {
        struct status_options so = {
            .path = cfg->status_file,
            .heartbeat_url = cfg->has_heartbeat ? cfg->heartbeat_url : NULL,
            .heartbeat_interval = cfg->heartbeat_interval,
        };
        p->status = status_start(&so);
    }
    if (cfg && cfg->has_feed) {
        struct feed_config fc = {
            .url = cfg->feed_url,
            .cache_dir = cfg->cache,
            .pubkey_path = cfg->feed_pubkey,
            .timeout_s = 120,
            .interval_s = cfg->feed_interval,
        };
        /* The last verified feed plays at once, offline or not, pinned
         * by the worker so no other writer deletes its images. */
        char cached[PATH_MAX];
        int64_t seq;
        if ((p->feed = feed_worker_start(&fc))) {
            if (feed_worker_poll(p->feed, cached, sizeof(cached), &seq))
                offer(p, load(cached), "feed");
        } else {
            log_warn(_("cannot start fetching %s; playing what is on disk"), cfg->feed_url);
            if (paths_join(cached, sizeof(cached), cfg->cache, "playlist.json") &&
                access(cached, R_OK) == 0)
                offer(p, load(cached), "feed");
        }
    }
    /* A local playlist is the fallback until a fetched feed exists. */
    const char *local = p->opts->playlist_path ? p->opts->playlist_path
                        : cfg                  ? cfg->playlist
                                               : NULL;
    if (local && !p->pending) {
        snprintf(p->watch.path, sizeof(p->watch.path), "%s", local);
        memset(&p->watch.st, 0, sizeof(p->watch.st));
        file_changed(&p->watch);
        offer(p, load(local), "file");
    }
}

/* A config that loaded after a change (owned; NULL: defaults) applies at
 * once: services restart, the display reopens if its settings changed,
 * and the slide on screen gives way to what the new config plays. */
static bool apply_config(struct player *p, const struct config *cfg, uint64_t now_ms)
{
    log_shown(p, now_ms);
    services_stop(p);
    config_free(p->cfg);
    p->cfg = cfg;
    font_set_mono_board(p->fonts, cfg ? cfg->mono : false);
    struct display_opts d = display_opts_for(&p->opts->display, cfg);
    if (!same_display(&d, &p->disp)) {
        scene_free(p->scene);
        p->scene = NULL;
        clipplay_free(p->clips); /* it draws on the display that closes */
        p->clips = NULL;
        display_close(p->display);
        if (!(p->display = display_open(&d))) {
            log_error(_("the display cannot open with the new settings; back to the previous "
                        "ones"));
            d = p->disp;
            if (!(p->display = display_open(&d)))
                return false;
        }
        p->disp = d;
        p->blank = false;
        p->brightness = 100;
        if (!(p->clips = clipplay_new(p->display)))
            return false;
    }
    clipplay_set_sound(p->clips, cfg ? cfg->audio_output : NULL);
    /* What the old config had waiting is not what the new one plays. */
    playlist_free(p->pending);
    p->pending = NULL;
    services_start(p);
    struct playlist *next = p->pending;
    p->pending = NULL;
    if (!swap_in(p, next, p->pending_source))
        return false;
    display_schedule(p, now_ms);
    status_set_display(p->status, !p->blank, p->brightness); /* a new status file */
    struct sched_time st = local_now();
    size_t idx = rotation_next(p->rot, p->pl, &st, p->cur, true);
    p->leave_now = false;
    if (!show(p, idx, 0, now_ms, true))
        return false;
    plan_sched(p, now_ms);
    return true;
}

/* What cannot wait for the slide's end: a higher priority scheduled now,
 * by the clock or by a new playlist, or the window on screen closing. */
static void check_preempt(struct player *p)
{
    if (p->leave_now)
        return;
    struct sched_time st = local_now();
    if (p->pending && rotation_leave_by_playlist(p->pl, p->cur, p->pending, &st)) {
        log_info(_("the new playlist outranks the slide on screen: it plays now"));
        p->leave_now = true;
    } else if (p->pl && rotation_leave_by_time(p->pl, &st, p->cur)) {
        p->leave_now = true;
    }
}

/* Twice a second: an edited playlist or config file, a newly fetched
 * feed. Cheap: a stat() and a mutex. */
static bool poll_sources(struct player *p, uint64_t now_ms)
{
    const struct config *cfg = NULL;
    if (p->cw && cfgwatch_poll(p->cw, &cfg))
        return apply_config(p, cfg, now_ms);
    if (file_changed(&p->watch)) {
        struct playlist *pl = load(p->watch.path);
        if (pl)
            log_info(_("%s changed; it plays from the next slide, or now if it outranks the "
                       "slide on screen"),
                     p->watch.path);
        offer(p, pl, "file");
    }
    char path[PATH_MAX];
    int64_t seq;
    if (p->feed && feed_worker_poll(p->feed, path, sizeof(path), &seq)) {
        log_info(_("feed installed sequence %lld; it plays from the next slide, or now if it "
                   "outranks the slide on screen"),
                 (long long)seq);
        offer(p, load(path), "feed");
    }
    if (p->feed)
        log_feed(p);
    check_preempt(p);
    return true;
}

static bool handle_events(struct player *p, bool *quit)
{
    SDL_Event ev;
    while (SDL_PollEvent(&ev)) {
        if (ev.type == SDL_QUIT)
            *quit = true;
        else if (ev.type == SDL_KEYDOWN &&
                 (ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q))
            *quit = true;
        if (display_handle_event(p->display, &ev)) {
            /* New size or lost textures: lay everything out again (a clip
             * starts again, fitted to the new size). */
            bool clip = clipplay_active(p->clips);
            if (!rebuild_scene(p) || !show(p, p->cur, 0, SDL_GetTicks64(), clip))
                return false;
        }
        p->dirty = true;
    }
    return true;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
    return a < b ? a : b;
}

int player_run(const struct player_opts *opts)
{
    struct player p = {.opts = opts, .cur = SCHED_NONE, .brightness = 100};
    int status = EXIT_RUNTIME;
    char font_dir[PATH_MAX];
    if (!(p.rot = rotation_new()) || !(p.feedlog = feedlog_new()) ||
        !paths_data_file(font_dir, sizeof(font_dir), "fonts") ||
        !(p.fonts = font_set_load(font_dir)))
        goto out;
    if (opts->config_path) {
        if (!(p.cw = cfgwatch_new(opts->config_path, opts->state_dir)))
            goto out;
        p.cfg = cfgwatch_load(p.cw);
    }
    font_set_mono_board(p.fonts, p.cfg ? p.cfg->mono : false);
    font_set_limit(p.fonts, 24); /* a slide's fit tries ~10 sizes; the rest is memory */
    services_start(&p);
    p.disp = display_opts_for(&opts->display, p.cfg);
    if (!(p.display = display_open(&p.disp)) || !rebuild_scene(&p) ||
        !(p.clips = clipplay_new(p.display)))
        goto out;
    clipplay_set_sound(p.clips, p.cfg ? p.cfg->audio_output : NULL);

    uint64_t start = SDL_GetTicks64();
    uint64_t end = opts->duration > 0 ? start + (uint64_t)(opts->duration * 1000.0) : NEVER;
    p.ticker_epoch = start;
    p.next_poll = start + POLL_MS;
    p.watchdog_us = notify_watchdog_interval();
    p.next_watchdog = start;
    display_schedule(&p, start);
    if (!next_slide(&p, start, false))
        goto out;
    bool quit = false;
    while (!quit) {
        uint64_t now = SDL_GetTicks64();
        if (now >= end || (opts->frames > 0 && p.frames >= opts->frames))
            break;
        if (!handle_events(&p, &quit))
            goto out;
        if (now >= p.next_poll) {
            p.next_poll = now + POLL_MS;
            if (!poll_sources(&p, now))
                goto out;
        }
        if (now >= p.sched_due) {
            check_preempt(&p);
            plan_sched(&p, now);
        }
        if (now >= p.display_due)
            display_schedule(&p, now);
        bool pushed;
        enum clipplay_state cs = clipplay_tick(p.clips, now, &pushed);
        p.dirty |= pushed;
        if (cs != CLIPPLAY_NONE)
            clip_timing(&p, cs, now);
        if (!p.prepared && p.pl && now + PREPARE_MS >= p.slide_end)
            prepare_next(&p, now);
        if (now >= p.slide_end || p.leave_now) {
            if (!next_slide(&p, now, now < p.slide_end))
                goto out;
        } else if (p.redraw_at && clock_now() >= p.redraw_at) {
            if (!show(&p, p.cur, 0, now, false))
                goto out;
        }
        if (display_needs_slide(p.display) && !show(&p, p.cur, 0, now, false))
            goto out;
        /* The watchdog is fed only by presented frames: a static slide
         * is re-presented at the ping rate so a hung renderer is noticed. */
        bool ping = p.watchdog_us && now >= p.next_watchdog;
        bool animating = display_animating(p.display, now);
        if (animating || p.dirty || ping) {
            if (!display_frame(p.display, now))
                goto out;
            p.frames++;
            p.dirty = false;
            status_frame(p.status);
            if (!p.ready_sent) {
                notify_ready();
                p.ready_sent = true;
            }
            if (ping) {
                notify_watchdog();
                p.next_watchdog = now + p.watchdog_us / 1000;
            }
        }
        /* Sleep until something is due: the slide's end, a schedule or
         * display boundary, the next look at files and feed, the
         * watchdog. A static slide costs nothing. */
        uint64_t due = min_u64(min_u64(p.slide_end, end), min_u64(p.next_poll, p.sched_due));
        due = min_u64(due, p.display_due);
        if (p.watchdog_us)
            due = min_u64(due, p.next_watchdog);
        if (p.redraw_at) {
            time_t wall = clock_now();
            uint64_t r = p.redraw_at > wall ? now + (uint64_t)(p.redraw_at - wall) * 1000 : now;
            due = min_u64(due, r);
        }
        if (animating && now + FRAME_MS < due)
            due = now + FRAME_MS;
        if (clipplay_active(p.clips)) {
            /* The next picture, or a look every frame while the decoder
             * has none queued yet. */
            uint64_t c = clipplay_next_due(p.clips);
            uint64_t s0 = clipplay_start_ms(p.clips);
            if (now < s0)
                c = s0;
            else if (c == UINT64_MAX || c <= now)
                c = now + FRAME_MS;
            due = min_u64(due, c);
        }
        if (!p.prepared && p.pl && p.slide_end > PREPARE_MS)
            due = min_u64(due, p.slide_end - PREPARE_MS);
        uint64_t after = SDL_GetTicks64();
        if (due > after) {
            if (animating && display_has_vsync(p.display))
                continue; /* vsync paces the next present */
            display_wait(p.display, (int)(due - after));
        }
    }
    log_shown(&p, SDL_GetTicks64());
    notify_stopping();
    status = EXIT_OK;
out:
    services_stop(&p);
    clipplay_free(p.clips);
    marquee_free(p.slide_marquee);
    scene_free(p.scene);
    display_close(p.display);
    playlist_free(p.pl);
    playlist_free(p.pending);
    rotation_free(p.rot);
    feedlog_free(p.feedlog);
    config_free(p.cfg);
    cfgwatch_free(p.cw);
    font_set_free(p.fonts);
    return status;
}
