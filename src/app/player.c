#include "app/player.h"

#include <SDL.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/exit.h"
#include "calendar/clock.h"
#include "feed/feed.h"
#include "ops/config.h"
#include "ops/notify.h"
#include "ops/prooflog.h"
#include "ops/status.h"
#include "sched/sched.h"
#include "slides/marquee.h"
#include "slides/scene.h"
#include "text/font.h"
#include "util/log.h"
#include "util/paths.h"

#define FADE_MS         500
#define NEUTRAL_SECONDS 10
#define POLL_MS         1000 /* playlist file, feed mailbox, brightness */
#define FRAME_MS        16   /* pacing when the renderer has no vsync */

struct watched_file {
    char path[PATH_MAX];
    struct stat st;
};

struct player {
    const struct player_opts *opts;
    const struct config *cfg;   /* borrowed, may be NULL */
    struct display *display;    /* owned */
    struct font_set *fonts;     /* owned */
    struct feed_worker *feed;   /* owned, NULL without a feed */
    struct prooflog *proof;     /* owned, NULL without a proof log */
    struct status *status;      /* owned, NULL without status/heartbeat */
    struct playlist *pl;        /* owned, current; NULL shows the neutral slide */
    struct playlist *pending;   /* owned, swapped in at the next slide boundary */
    const char *pending_source; /* static: "file", "feed", "demo" */
    struct scene *scene;        /* owned, for pl at the board size */
    int board_w, board_h;

    size_t cur;                      /* index into pl->items, or SCHED_NONE: neutral slide */
    struct marquee *slide_marquee;   /* owned: the current slide's scrolling text */
    uint64_t slide_start, slide_end; /* ms, SDL ticks */
    time_t shown_at;                 /* wall clock when the current item came on */
    time_t redraw_at;                /* wall clock: redraw the current slide */
    uint64_t ticker_epoch;           /* ms: ticker offset origin, kept across slides */

    struct watched_file watch; /* the local playlist, reloaded when it changes */
    uint64_t next_poll;
    uint64_t watchdog_us, next_watchdog; /* systemd watchdog: interval, due (ms) */
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
        log_error("%s has errors; the board keeps its previous playlist", path);
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
    if (!p->scene)
        return false;
    int th = scene_ticker_height(p->scene);
    if (th > 0)
        display_set_band(p->display, 0, 0, p->board_h - th, p->board_w, th, ticker_band, p);
    else
        display_clear_band(p->display, 0);
    return true;
}

/* Draws item idx (SCHED_NONE: the neutral slide) and hands it to the
 * display. A new slide starts its duration; a redraw keeps it. */
static bool show(struct player *p, size_t idx, uint32_t fade_ms, uint64_t now_ms, bool restart)
{
    time_t now = clock_now();
    const struct pl_item *item = idx != SCHED_NONE ? &p->pl->items[idx] : NULL;
    struct slide_env env = scene_slide_env(p->scene, now, clock_is_plausible(now));
    struct slide_frame f;
    if (!slide_draw(item, &env, &f))
        return false;
    bool ok = display_take_slide(p->display, &f.pb, fade_ms);
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
    slide_frame_finish(&f);
    if (restart) {
        p->slide_start = now_ms;
        p->shown_at = now;
        double secs = item ? item->duration : NEUTRAL_SECONDS;
        p->slide_end = now_ms + (uint64_t)(secs * 1000.0);
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
    if (!prooflog_append_item(p->proof, p->shown_at, p->pl, item, secs))
        log_warn("cannot append to the proof-of-play log: %s", strerror(errno));
}

static bool next_slide(struct player *p, uint64_t now_ms)
{
    bool first = p->slide_end == 0;
    log_shown(p, now_ms);
    if (p->pending) {
        /* Between slides: the only moment a new playlist may take over. */
        playlist_free(p->pl); /* its pictures go with its scene */
        p->pl = p->pending;
        p->pending = NULL;
        p->cur = SCHED_NONE;
        if (!rebuild_scene(p))
            return false;
        log_info("playing %s (%zu items)", p->pl->file, p->pl->n_items);
        status_set_playlist(p->status, p->pending_source, p->pl->name, p->pl->sequence);
    }
    size_t idx = SCHED_NONE;
    if (p->pl) {
        time_t now = clock_now();
        struct sched_time st = sched_time_from_unix(now, clock_utc_offset(now));
        idx = sched_next(p->pl, &st, p->cur);
    }
    uint32_t fade = 0;
    if (!first && idx != SCHED_NONE && p->pl->items[idx].transition == PL_TRANSITION_FADE)
        fade = FADE_MS;
    return show(p, idx, fade, now_ms, true);
}

/* Once a second: an edited playlist file, a newly fetched feed, the
 * display schedule. Cheap: a stat() and a mutex. */
static void poll_sources(struct player *p)
{
    if (file_changed(&p->watch)) {
        struct playlist *pl = load(p->watch.path);
        if (pl)
            log_info("%s changed; it plays from the next slide", p->watch.path);
        offer(p, pl, "file");
    }
    char path[PATH_MAX];
    int64_t seq;
    if (p->feed && feed_worker_poll(p->feed, path, sizeof(path), &seq)) {
        log_info("feed installed sequence %lld; it plays from the next slide", (long long)seq);
        offer(p, load(path), "feed");
    }
    if (p->feed) {
        char err[256];
        feed_worker_last_error(p->feed, err, sizeof(err));
        status_set_fetch(p->status, err[0] == '\0', err[0] ? err : NULL,
                         p->pl ? p->pl->sequence : 0);
    }
    if (p->cfg) {
        time_t now = clock_now();
        struct clock_local lt;
        /* Without a trustworthy clock the board stays on at full level. */
        if (clock_is_plausible(now) && clock_local(now, &lt)) {
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
        }
    }
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
            /* New size or lost textures: lay everything out again. */
            if (!rebuild_scene(p) || !show(p, p->cur, 0, SDL_GetTicks64(), false))
                return false;
        }
        p->dirty = true;
    }
    return true;
}

static bool start_services(struct player *p)
{
    const struct config *cfg = p->cfg;
    if (!cfg)
        return true;
    if (cfg->proof_log &&
        !(p->proof = prooflog_open(cfg->proof_log, cfg->proof_max_bytes, cfg->proof_keep)))
        log_warn("cannot open the proof-of-play log %s: %s; playing without it", cfg->proof_log,
                 strerror(errno));
    struct status_options so = {
        .path = cfg->status_file,
        .heartbeat_url = cfg->has_heartbeat ? cfg->heartbeat_url : NULL,
        .heartbeat_interval = cfg->heartbeat_interval,
    };
    p->status = status_start(&so);
    if (cfg->has_feed) {
        struct feed_config fc = {
            .url = cfg->feed_url,
            .cache_dir = cfg->cache,
            .pubkey_path = cfg->feed_pubkey,
            .timeout_s = 120,
            .interval_s = cfg->feed_interval,
        };
        /* The last verified feed plays at once, offline or not. */
        char cached[PATH_MAX];
        if (paths_join(cached, sizeof(cached), cfg->cache, "playlist.json") &&
            access(cached, R_OK) == 0)
            offer(p, load(cached), "feed");
        if (!(p->feed = feed_worker_start(&fc)))
            log_warn("cannot start fetching %s; playing what is on disk", cfg->feed_url);
    }
    return true;
}

int player_run(const struct player_opts *opts)
{
    struct player p = {.opts = opts, .cfg = opts->cfg, .cur = SCHED_NONE, .brightness = 100};
    int status = EXIT_RUNTIME;
    char font_dir[PATH_MAX];
    if (!paths_data_file(font_dir, sizeof(font_dir), "fonts") ||
        !(p.fonts = font_set_load(font_dir)))
        return EXIT_RUNTIME;
    if (p.cfg)
        font_set_mono_board(p.fonts, p.cfg->mono);
    font_set_limit(p.fonts, 24); /* a slide's fit tries ~10 sizes; the rest is memory */
    if (!start_services(&p))
        goto out;
    /* A local playlist is the fallback until a fetched feed exists. */
    if (opts->playlist_path && !p.pending) {
        snprintf(p.watch.path, sizeof(p.watch.path), "%s", opts->playlist_path);
        file_changed(&p.watch);
        offer(&p, load(opts->playlist_path), "file");
    }
    if (!(p.display = display_open(&opts->display)) || !rebuild_scene(&p))
        goto out;

    uint64_t start = SDL_GetTicks64();
    uint64_t end = opts->duration > 0 ? start + (uint64_t)(opts->duration * 1000.0) : UINT64_MAX;
    p.ticker_epoch = start;
    p.next_poll = start;
    p.watchdog_us = notify_watchdog_interval();
    p.next_watchdog = start;
    if (!next_slide(&p, start))
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
            poll_sources(&p);
        }
        if (now >= p.slide_end) {
            if (!next_slide(&p, now))
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
        /* Sleep until something is due: a static slide costs nothing. */
        uint64_t due = p.slide_end < end ? p.slide_end : end;
        if (due > p.next_poll)
            due = p.next_poll;
        if (p.watchdog_us && p.next_watchdog < due)
            due = p.next_watchdog;
        if (p.redraw_at) {
            time_t wall = clock_now();
            uint64_t r = p.redraw_at > wall ? now + (uint64_t)(p.redraw_at - wall) * 1000 : now;
            if (r < due)
                due = r;
        }
        if (animating && now + FRAME_MS < due)
            due = now + FRAME_MS;
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
    feed_worker_stop(p.feed);
    status_stop(p.status);
    prooflog_close(p.proof);
    marquee_free(p.slide_marquee);
    scene_free(p.scene);
    display_close(p.display);
    playlist_free(p.pl);
    playlist_free(p.pending);
    font_set_free(p.fonts);
    return status;
}
