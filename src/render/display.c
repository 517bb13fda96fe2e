#include "render/display.h"

#include <SDL.h>
#include <stdlib.h>

#include "util/log.h"

#define BANDS 2

struct band {
    bool on;
    SDL_Rect rect;    /* on the board */
    SDL_Texture *tex; /* owned, streaming */
    display_band_fn fn;
    void *data; /* borrowed */
};

struct display {
    SDL_Window *win;   /* owned */
    SDL_Renderer *ren; /* owned */
    bool software;
    struct display_opts opts;
    int out_w, out_h; /* renderer output */
    int board_w, board_h;
    SDL_Texture *slide;  /* owned */
    SDL_Texture *prev;   /* owned; fading out, NULL otherwise */
    SDL_Texture *target; /* owned; board-sized, only when rotating */
    uint64_t fade_start, fade_ms;
    bool fade_pending; /* the fade starts at the next frame's time */
    struct band bands[BANDS];
    int brightness;
    bool blank;
};

static void destroy_tex(SDL_Texture **t)
{
    if (*t)
        SDL_DestroyTexture(*t);
    *t = NULL;
}

static void resolve_board(struct display *d)
{
    SDL_GetRendererOutputSize(d->ren, &d->out_w, &d->out_h);
    bool portrait = d->opts.rotate == 90 || d->opts.rotate == 270;
    int avail_w = portrait ? d->out_h : d->out_w, avail_h = portrait ? d->out_w : d->out_h;
    d->board_w = d->opts.board_w > 0 ? d->opts.board_w : avail_w;
    d->board_h = d->opts.board_h > 0 ? d->opts.board_h : avail_h;
}

struct display *display_open(const struct display_opts *opts)
{
    struct display *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->opts = *opts;
    d->brightness = 100;
    if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0) {
        log_error("cannot open the display: %s (is this the Pi's console or a desktop "
                  "session? SDL_VIDEODRIVER=kmsdrm selects the console)",
                  SDL_GetError());
        free(d);
        return NULL;
    }
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "nearest"); /* pixel-exact boards */
    int w = opts->w > 0 ? opts->w : (opts->board_w > 0 ? opts->view_x + opts->board_w : 1280);
    int h = opts->h > 0 ? opts->h : (opts->board_h > 0 ? opts->view_y + opts->board_h : 720);
    Uint32 flags = SDL_WINDOW_SHOWN |
                   (opts->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : SDL_WINDOW_RESIZABLE);
    d->win =
        SDL_CreateWindow("bangtin", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!d->win) {
        log_error("cannot create a window: %s", SDL_GetError());
        goto fail;
    }
    if (!opts->software)
        d->ren =
            SDL_CreateRenderer(d->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!d->ren) {
        d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE);
        d->software = true;
    }
    if (!d->ren) {
        log_error("cannot create a renderer: %s", SDL_GetError());
        goto fail;
    }
    SDL_ShowCursor(SDL_DISABLE);
    resolve_board(d);
    return d;
fail:
    display_close(d);
    return NULL;
}

void display_close(struct display *d)
{
    if (!d)
        return;
    for (int i = 0; i < BANDS; i++)
        destroy_tex(&d->bands[i].tex);
    destroy_tex(&d->slide);
    destroy_tex(&d->prev);
    destroy_tex(&d->target);
    if (d->ren)
        SDL_DestroyRenderer(d->ren);
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

bool display_is_software(const struct display *d)
{
    return d->software;
}

static void apply_brightness(struct display *d, SDL_Texture *t)
{
    if (t) {
        Uint8 v = (Uint8)(d->brightness * 255 / 100);
        SDL_SetTextureColorMod(t, v, v, v);
    }
}

bool display_set_slide(struct display *d, const struct pixbuf *pb, uint32_t fade_ms)
{
    destroy_tex(&d->prev);
    if (fade_ms > 0 && d->slide) {
        d->prev = d->slide;
        d->slide = NULL;
        d->fade_ms = fade_ms;
        d->fade_pending = true;
    }
    if (!d->slide)
        d->slide = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                                     pb->w, pb->h);
    if (!d->slide || SDL_UpdateTexture(d->slide, NULL, pb->px, pb->stride * 4) != 0) {
        log_error("cannot upload the slide: %s", SDL_GetError());
        return false;
    }
    SDL_SetTextureBlendMode(d->slide, SDL_BLENDMODE_BLEND);
    apply_brightness(d, d->slide);
    return true;
}

bool display_set_band(struct display *d, int slot, int x, int y, int w, int h, display_band_fn fn,
                      void *data)
{
    struct band *b = &d->bands[slot];
    if (b->tex && (b->rect.w != w || b->rect.h != h))
        destroy_tex(&b->tex);
    if (!b->tex)
        b->tex =
            SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (!b->tex)
        return false;
    apply_brightness(d, b->tex);
    b->rect = (SDL_Rect){x, y, w, h};
    b->fn = fn;
    b->data = data;
    b->on = true;
    return true;
}

void display_clear_band(struct display *d, int slot)
{
    d->bands[slot].on = false;
}

void display_set_brightness(struct display *d, int level)
{
    d->brightness = level < 0 ? 0 : level > 100 ? 100 : level;
    apply_brightness(d, d->slide);
    apply_brightness(d, d->prev);
    for (int i = 0; i < BANDS; i++)
        apply_brightness(d, d->bands[i].tex);
}

void display_set_blank(struct display *d, bool blank)
{
    d->blank = blank;
}

bool display_animating(const struct display *d, uint64_t t_ms)
{
    if (d->blank)
        return false;
    if (d->prev && (d->fade_pending || t_ms < d->fade_start + d->fade_ms))
        return true;
    for (int i = 0; i < BANDS; i++)
        if (d->bands[i].on)
            return true;
    return false;
}

static void draw_board(struct display *d, uint64_t t_ms, int ox, int oy)
{
    SDL_Rect board = {ox, oy, d->board_w, d->board_h};
    if (d->prev) {
        uint64_t el = t_ms - d->fade_start;
        if (el >= d->fade_ms) {
            destroy_tex(&d->prev);
        } else {
            SDL_SetTextureAlphaMod(d->prev, 255);
            SDL_RenderCopy(d->ren, d->prev, NULL, &board);
            SDL_SetTextureAlphaMod(d->slide, (Uint8)(el * 255 / d->fade_ms));
        }
    }
    if (!d->prev && d->slide)
        SDL_SetTextureAlphaMod(d->slide, 255);
    if (d->slide)
        SDL_RenderCopy(d->ren, d->slide, NULL, &board);
    for (int i = 0; i < BANDS; i++) {
        struct band *b = &d->bands[i];
        if (!b->on)
            continue;
        void *px;
        int pitch;
        if (SDL_LockTexture(b->tex, NULL, &px, &pitch) != 0)
            continue;
        struct pixbuf view = {.w = b->rect.w, .h = b->rect.h, .stride = pitch / 4, .px = px};
        b->fn(b->data, &view, t_ms);
        SDL_UnlockTexture(b->tex);
        SDL_Rect r = {ox + b->rect.x, oy + b->rect.y, b->rect.w, b->rect.h};
        SDL_RenderCopy(d->ren, b->tex, NULL, &r);
    }
}

bool display_frame(struct display *d, uint64_t t_ms)
{
    if (d->fade_pending) {
        d->fade_start = t_ms;
        d->fade_pending = false;
    }
    SDL_SetRenderTarget(d->ren, NULL);
    SDL_SetRenderDrawColor(d->ren, 0, 0, 0, 255);
    SDL_RenderClear(d->ren);
    if (!d->blank) {
        if (d->opts.rotate == 0) {
            draw_board(d, t_ms, d->opts.view_x, d->opts.view_y);
        } else {
            /* Portrait panos: compose upright, then turn the whole board. */
            if (!d->target)
                d->target = SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888,
                                              SDL_TEXTUREACCESS_TARGET, d->board_w, d->board_h);
            if (!d->target || SDL_SetRenderTarget(d->ren, d->target) != 0)
                return false;
            SDL_RenderClear(d->ren);
            draw_board(d, t_ms, 0, 0);
            SDL_SetRenderTarget(d->ren, NULL);
            bool portrait = d->opts.rotate == 90 || d->opts.rotate == 270;
            int vw = portrait ? d->board_h : d->board_w, vh = portrait ? d->board_w : d->board_h;
            /* RenderCopyEx turns around the rect's centre: centre the
             * unrotated rect where the rotated board must land. */
            SDL_Rect dst = {d->opts.view_x + (vw - d->board_w) / 2,
                            d->opts.view_y + (vh - d->board_h) / 2, d->board_w, d->board_h};
            SDL_RenderCopyEx(d->ren, d->target, NULL, &dst, d->opts.rotate, NULL, SDL_FLIP_NONE);
        }
    }
    SDL_RenderPresent(d->ren);
    return true;
}

bool display_handle_event(struct display *d, const void *ev_)
{
    const SDL_Event *ev = ev_;
    switch (ev->type) {
    case SDL_RENDER_TARGETS_RESET:
        destroy_tex(&d->target);
        return false;
    case SDL_RENDER_DEVICE_RESET:
        /* Every texture is gone: the caller redraws the slide. */
        destroy_tex(&d->slide);
        destroy_tex(&d->prev);
        destroy_tex(&d->target);
        for (int i = 0; i < BANDS; i++)
            destroy_tex(&d->bands[i].tex);
        return true;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            int ow = d->board_w, oh = d->board_h;
            resolve_board(d);
            if (ow != d->board_w || oh != d->board_h) {
                destroy_tex(&d->slide);
                destroy_tex(&d->prev);
                destroy_tex(&d->target);
                return true;
            }
        }
        return false;
    default:
        return false;
    }
}
