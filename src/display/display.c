/* SPDX-License-Identifier: MIT */
#include "display/display.h"

#include <SDL.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "display/backend.h"
#include "util/log.h"

bool display_renderer_parse(const char *s, enum display_renderer *out)
{
    static const struct {
        const char *name;
        enum display_renderer r;
    } names[] = {
        {"auto", DISPLAY_RENDERER_AUTO},
        {"gpu", DISPLAY_RENDERER_GPU},
        {"surface", DISPLAY_RENDERER_SURFACE},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].r;
            return true;
        }
    return false;
}

void display_resolve_board(struct display *d)
{
    d->be->output_size(d, &d->out_w, &d->out_h);
    bool portrait = d->opts.rotate == 90 || d->opts.rotate == 270;
    int avail_w = portrait ? d->out_h : d->out_w, avail_h = portrait ? d->out_w : d->out_h;
    /* A viewport is a region of the output; a portrait board is composed
     * upright, so its picture has the region's sides swapped. */
    int vp_w = portrait ? d->opts.board_h : d->opts.board_w;
    int vp_h = portrait ? d->opts.board_w : d->opts.board_h;
    d->board_w = vp_w > 0 ? vp_w : avail_w;
    d->board_h = vp_h > 0 ? vp_h : avail_h;
}

static bool open_window(struct display *d)
{
    const struct display_opts *opts = &d->opts;
    int w = opts->w > 0 ? opts->w : (opts->board_w > 0 ? opts->view_x + opts->board_w : 1280);
    int h = opts->h > 0 ? opts->h : (opts->board_h > 0 ? opts->view_y + opts->board_h : 720);
    Uint32 flags = SDL_WINDOW_SHOWN |
                   (opts->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE);
    int pos = SDL_WINDOWPOS_CENTERED;
    SDL_DisplayMode mode;
    if (opts->fullscreen && SDL_GetDesktopDisplayMode(0, &mode) == 0) {
        /* A kiosk X server often runs no window manager to honour the
         * fullscreen request: make the window the screen itself. */
        w = mode.w;
        h = mode.h;
        pos = 0;
    }
    d->win = SDL_CreateWindow("bangtin", pos, pos, w, h, flags);
    if (!d->win) {
        log_error("cannot create a window: %s", SDL_GetError());
        return false;
    }
    return true;
}

/* The path, once. `auto`: a real GPU with vsync, else the surface, else
 * (rotated) SDL's software renderer, else whatever GL there is (KMSDRM
 * with software GL, as on the emulated board). A forced choice that cannot run
 * falls back to the other paths rather than leave the street black. */
static bool choose_backend(struct display *d)
{
    struct
    try {
        const struct display_backend *be;
        enum display_be_mode mode;
    };
    static const struct try auto_order[] = {{&gpu_backend, DISPLAY_BE_REAL_GPU},
                                            {&surface_backend, DISPLAY_BE_SOFTWARE},
                                            {&gpu_backend, DISPLAY_BE_SOFTWARE},
                                            {&gpu_backend, DISPLAY_BE_ANY_GPU},
                                            {NULL, 0}};
    static const struct try gpu_order[] = {{&gpu_backend, DISPLAY_BE_ANY_GPU},
                                           {&surface_backend, DISPLAY_BE_SOFTWARE},
                                           {&gpu_backend, DISPLAY_BE_SOFTWARE},
                                           {NULL, 0}};
    static const struct try surface_order[] = {{&surface_backend, DISPLAY_BE_SOFTWARE},
                                               {&gpu_backend, DISPLAY_BE_SOFTWARE},
                                               {&gpu_backend, DISPLAY_BE_ANY_GPU},
                                               {NULL, 0}};
    const struct try *order = d->opts.renderer == DISPLAY_RENDERER_GPU       ? gpu_order
                              : d->opts.renderer == DISPLAY_RENDERER_SURFACE ? surface_order
                                                                             : auto_order;
    for (int i = 0; order[i].be; i++) {
        d->be = order[i].be;
        if (order[i].be->open(d, order[i].mode))
            return true;
        d->priv = NULL;
    }
    d->be = NULL;
    log_error("cannot draw into the window: %s", SDL_GetError());
    return false;
}

struct display *display_open(const struct display_opts *opts)
{
    struct display *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->opts = *opts;
    d->brightness = 100;
#ifdef __GLIBC__
    /* Board-sized buffers come and go with every slide. glibc would raise
     * its mmap threshold after the first is freed and keep the next ones
     * in the heap, holding 8 MB at 1080p that is never returned; a fixed
     * threshold keeps them on mmap, so a freed picture leaves RSS. */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        log_error("cannot open the display: %s (is this the Pi's console or a desktop "
                  "session? SDL_VIDEODRIVER=kmsdrm selects the console)",
                  SDL_GetError());
        free(d);
        return NULL;
    }
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "nearest"); /* pixel-exact boards */
    const char *drv = SDL_GetCurrentVideoDriver();
    d->kms = drv && SDL_strcasecmp(drv, "kmsdrm") == 0; /* SDL says "KMSDRM" */
    /* KMSDRM has no frame buffer of its own: SDL emulates the window
     * surface with a renderer, GLES2 for the reason gpu.c gives. SDL
     * decides this once, at the first window surface, so it is set here. */
    if (d->kms)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "opengles2");
    if (!open_window(d) || !choose_backend(d))
        goto fail;
    SDL_ShowCursor(SDL_DISABLE);
    d->blocking_wait = drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0);
    display_resolve_board(d);
    log_info("display: %s (%s video driver; display.renderer in the config forces gpu or "
             "surface)",
             d->describe, drv ? drv : "no");
    return d;
fail:
    display_close(d);
    return NULL;
}

void display_close(struct display *d)
{
    if (!d)
        return;
    if (d->be)
        d->be->close(d);
    if (d->win)
        SDL_DestroyWindow(d->win);
    SDL_QuitSubSystem(SDL_INIT_VIDEO);
    free(d);
}

void display_board_size(const struct display *d, int *w, int *h)
{
    *w = d->board_w;
    *h = d->board_h;
}

const char *display_describe(const struct display *d)
{
    return d->describe;
}

bool display_is_software(const struct display *d)
{
    return d->software;
}

bool display_has_vsync(const struct display *d)
{
    return d->vsync;
}

bool display_take_slide(struct display *d, struct pixbuf **pb, uint32_t fade_ms)
{
    struct pixbuf *own = *pb;
    *pb = NULL;
    return d->be->set_slide(d, own, own, fade_ms);
}

bool display_set_slide(struct display *d, const struct pixbuf *pb, uint32_t fade_ms)
{
    return d->be->set_slide(d, pb, NULL, fade_ms);
}

bool display_needs_slide(const struct display *d)
{
    return d->be->needs_slide(d);
}

bool display_set_band(struct display *d, int slot, int x, int y, int w, int h, display_band_fn fn,
                      void *data)
{
    if (slot < 0 || slot >= DISPLAY_BANDS || w <= 0 || h <= 0)
        return false;
    struct display_band *b = &d->bands[slot];
    SDL_Rect old = b->rect;
    b->rect = (SDL_Rect){x, y, w, h};
    if (!d->be->set_band(d, slot)) {
        b->rect = old;
        return false;
    }
    b->fn = fn;
    b->data = data;
    b->on = true;
    return true;
}

void display_clear_band(struct display *d, int slot)
{
    if (slot < 0 || slot >= DISPLAY_BANDS)
        return;
    if (d->bands[slot].on)
        d->be->clear_band(d, slot);
    d->bands[slot].on = false;
}

unsigned display_ext_formats(const struct display *d)
{
    return d->be->ext_formats;
}

bool display_ext_open(struct display *d, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0)
        return false;
    d->ext.rect = (SDL_Rect){x, y, w, h};
    d->ext.on = d->be->ext_open(d);
    return d->ext.on;
}

bool display_ext_push(struct display *d, const struct display_ext_frame *f)
{
    if (!d->ext.on || !(f->format & d->be->ext_formats) || f->w <= 0 || f->h <= 0)
        return false;
    return d->be->ext_push(d, f);
}

void display_ext_close(struct display *d)
{
    if (d->ext.on)
        d->be->ext_close(d);
    d->ext.on = false;
}

void display_set_brightness(struct display *d, int level)
{
    d->brightness = level < 0 ? 0 : level > 100 ? 100 : level;
    d->be->brightness_changed(d);
}

void display_set_blank(struct display *d, bool blank)
{
    bool changed = d->blank != blank;
    d->blank = blank;
    if (changed)
        d->be->blank_changed(d);
}

bool display_animating(const struct display *d, uint64_t t_ms)
{
    if (d->blank)
        return false;
    if (d->be->fading(d, t_ms))
        return true;
    for (int i = 0; i < DISPLAY_BANDS; i++)
        if (d->bands[i].on)
            return true;
    return false;
}

bool display_frame(struct display *d, uint64_t t_ms)
{
    if (d->fade_pending) {
        d->fade_start = t_ms;
        d->fade_pending = false;
    }
    return d->be->frame(d, t_ms);
}

#define NAP_MS 50

void display_wait(struct display *d, int ms)
{
    if (d->blocking_wait) {
        SDL_WaitEventTimeout(NULL, ms);
        return;
    }
    uint64_t end = SDL_GetTicks64() + (uint64_t)(ms > 0 ? ms : 0);
    for (;;) {
        SDL_PumpEvents();
        if (SDL_HasEvents(SDL_FIRSTEVENT, SDL_LASTEVENT))
            return;
        uint64_t now = SDL_GetTicks64();
        if (now >= end)
            return;
        SDL_Delay((Uint32)(end - now < NAP_MS ? end - now : NAP_MS));
    }
}

bool display_handle_event(struct display *d, const void *ev)
{
    return d->be->handle_event(d, ev);
}
