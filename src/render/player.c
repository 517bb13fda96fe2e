#include "render/player.h"

#include <SDL.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "calendar/clock.h"
#include "cmd/cmd.h"
#include "render/marquee.h"
#include "render/scene.h"
#include "text/font.h"
#include "util/log.h"
#include "util/paths.h"

#define FADE_MS         500
#define NEUTRAL_SECONDS 10
#define RELOAD_CHECK_MS 1000
#define FRAME_MS        16 /* pacing when the renderer has no vsync */

struct watched_file {
    const char *path;
    struct stat st;
};

struct player {
    const struct player_opts *opts;
    struct display *display;  /* owned */
    struct font_set *fonts;   /* owned */
    struct playlist *pl;      /* owned, current; NULL shows the neutral slide */
    struct playlist *pending; /* owned, swapped in at the next slide boundary */
    struct scene *scene;      /* owned, for pl at the board size */
    int board_w, board_h;

    long cur;                        /* index into pl->items, -1 for the neutral slide */
    struct marquee *slide_marquee;   /* owned: the current slide's scrolling text */
    uint64_t slide_start, slide_end; /* ms, SDL ticks */
    time_t redraw_at;                /* wall clock: redraw the current slide */
    uint64_t ticker_epoch;           /* ms: ticker offset origin, kept across slides */

    struct watched_file watch;
    uint64_t next_watch;
    bool dirty; /* a frame must be presented */
    long frames;
};

static bool file_changed(struct watched_file *w)
{
    struct stat st;
    if (!w->path || stat(w->path, &st) != 0)
        return false;
    bool changed = st.st_mtim.tv_sec != w->st.st_mtim.tv_sec ||
                   st.st_mtim.tv_nsec != w->st.st_mtim.tv_nsec || st.st_size != w->st.st_size ||
                   st.st_ino != w->st.st_ino;
    w->st = st;
    return changed;
}

/* Loads the playlist file; on any error logs the diagnostics and returns
 * NULL, so the caller keeps what it was playing. */
static struct playlist *load(const char *path)
{
    struct diag_list *diags = diag_list_new();
    struct playlist *pl = playlist_load(path, diags);
    diag_print_all(diags, stderr);
    if (!pl)
        log_error("%s has errors; still playing the previous playlist", path);
    diag_list_free(diags);
    return pl;
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

/* The next item to show after the current one: round robin over all
 * items for now. */
static long pick_next(struct player *p)
{
    if (!p->pl || p->pl->n_items == 0)
        return -1;
    return (p->cur + 1) % (long)p->pl->n_items;
}

static bool show(struct player *p, long idx, uint32_t fade_ms, uint64_t now_ms)
{
    time_t now = clock_now();
    const struct pl_item *item = idx >= 0 ? &p->pl->items[idx] : NULL;
    struct slide_env env = scene_slide_env(p->scene, now, clock_is_plausible(now));
    struct slide_frame f;
    if (!slide_draw(item, &env, &f))
        return false;
    bool ok = display_take_slide(p->display, &f.pb, fade_ms);
    marquee_free(p->slide_marquee);
    p->slide_marquee = f.marquee;
    f.marquee = NULL;
    if (p->slide_marquee)
        display_set_band(p->display, 1, 0, f.marquee_y, p->board_w,
                         marquee_strip(p->slide_marquee)->h, slide_band, p);
    else
        display_clear_band(p->display, 1);
    p->redraw_at = f.redraw_at;
    slide_frame_finish(&f);
    if (idx != p->cur || now_ms >= p->slide_end) {
        p->slide_start = now_ms;
        double secs = item ? item->duration : NEUTRAL_SECONDS;
        p->slide_end = now_ms + (uint64_t)(secs * 1000.0);
    }
    p->cur = idx;
    p->dirty = true;
    return ok;
}

static bool next_slide(struct player *p, uint64_t now_ms)
{
    bool first = p->slide_end == 0;
    if (p->pending) {
        /* Between slides: the only moment a new playlist may take over. */
        playlist_free(p->pl);
        p->pl = p->pending;
        p->pending = NULL;
        p->cur = -1;
        if (!rebuild_scene(p))
            return false;
        log_info("playing %s (%zu items)", p->pl->file, p->pl->n_items);
    }
    long idx = pick_next(p);
    uint32_t fade = 0;
    if (!first && idx >= 0 && p->pl->items[idx].transition == PL_TRANSITION_FADE)
        fade = FADE_MS;
    p->slide_end = 0;
    return show(p, idx, fade, now_ms);
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
            if (!rebuild_scene(p) || !show(p, p->cur, 0, SDL_GetTicks64()))
                return false;
        }
        p->dirty = true;
    }
    return true;
}

int player_run(const struct player_opts *opts)
{
    struct player p = {.opts = opts, .cur = -1};
    int status = EXIT_RUNTIME;
    char font_dir[PATH_MAX];
    if (!paths_data_file(font_dir, sizeof(font_dir), "fonts") ||
        !(p.fonts = font_set_load(font_dir)))
        return EXIT_RUNTIME;
    if (opts->playlist_path) {
        p.watch.path = opts->playlist_path;
        file_changed(&p.watch);
        p.pending = load(opts->playlist_path);
    }
    if (!(p.display = display_open(&opts->display)) || !rebuild_scene(&p))
        goto out;

    uint64_t start = SDL_GetTicks64();
    uint64_t end = opts->duration > 0 ? start + (uint64_t)(opts->duration * 1000.0) : UINT64_MAX;
    p.ticker_epoch = start;
    p.next_watch = start + RELOAD_CHECK_MS;
    if (!next_slide(&p, start))
        goto out;
    bool quit = false;
    while (!quit) {
        uint64_t now = SDL_GetTicks64();
        if (now >= end || (opts->frames > 0 && p.frames >= opts->frames))
            break;
        if (!handle_events(&p, &quit))
            goto out;
        if (now >= p.next_watch) {
            p.next_watch = now + RELOAD_CHECK_MS;
            if (file_changed(&p.watch)) {
                struct playlist *pl = load(p.watch.path);
                if (pl) {
                    playlist_free(p.pending);
                    p.pending = pl;
                    log_info("%s changed; it plays from the next slide", p.watch.path);
                }
            }
        }
        if (now >= p.slide_end) {
            if (!next_slide(&p, now))
                goto out;
        } else if (p.redraw_at && clock_now() >= p.redraw_at) {
            if (!show(&p, p.cur, 0, now))
                goto out;
        }
        bool animating = display_animating(p.display, now);
        if (animating || p.dirty) {
            if (!display_frame(p.display, now))
                goto out;
            p.frames++;
            p.dirty = false;
        }
        /* Sleep until something is due: a static slide costs nothing. */
        uint64_t due = p.slide_end < end ? p.slide_end : end;
        if (due > p.next_watch)
            due = p.next_watch;
        if (p.redraw_at) {
            time_t wall = clock_now();
            uint64_t r = p.redraw_at > wall ? now + (uint64_t)(p.redraw_at - wall) * 1000 : now;
            if (r < due)
                due = r;
        }
        if (animating && (display_is_software(p.display) || now + FRAME_MS < due))
            due = now + FRAME_MS;
        uint64_t after = SDL_GetTicks64();
        if (due > after) {
            if (animating && !display_is_software(p.display))
                continue; /* vsync paces the next present */
            display_wait(p.display, (int)(due - after));
        }
    }
    status = EXIT_OK;
out:
    marquee_free(p.slide_marquee);
    scene_free(p.scene);
    display_close(p.display);
    playlist_free(p.pl);
    playlist_free(p.pending);
    font_set_free(p.fonts);
    return status;
}
