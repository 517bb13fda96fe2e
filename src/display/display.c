#include "display/display.h"

#include <SDL.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <string.h>

#include "util/log.h"

#define BANDS 2

struct band {
    bool on;
    SDL_Rect rect;     /* on the board */
    SDL_Texture *tex;  /* owned, streaming (renderer path) */
    struct pixbuf *pb; /* owned (surface path) */
    display_band_fn fn;
    void *data; /* borrowed */
};

/* Two ways to the screen. With a GPU: SDL_Renderer textures, the whole
 * board composed every frame (cheap there). Without one (software, not
 * rotated): the window surface is the only frame buffer; the slide is
 * copied into it once, and while only bands move a frame rewrites and
 * presents just their rows. A 1080p frame then costs a band's rows, not
 * the 8 MB of the whole picture (blitted, blended and presented). */
struct display {
    SDL_Window *win;   /* owned */
    SDL_Renderer *ren; /* owned; NULL on the surface path */
    SDL_Surface *surf; /* borrowed window surface (surface path); NULL until needed */
    bool software;
    struct pixbuf *slide_pb; /* owned (surface path): the slide, until drawn whole */
    bool full_dirty;         /* surface path: the slide must be redrawn whole */
    bool clear_needed;       /* surface path: the surface holds no picture (new, exposed) */
    bool shown;              /* surface path: the surface shows a slide (a fade may start) */
    bool surface_fading;     /* surface path: mixing what is shown towards slide_pb */
    unsigned fade_shown;     /* surface path: how far the fade got, 0..256 */
    bool blocking_wait;      /* the video driver can sleep until an event */
    struct display_opts opts;
    int out_w, out_h; /* renderer output */
    int board_w, board_h;
    SDL_Texture *slide;  /* owned */
    SDL_Texture *prev;   /* owned; fading out, NULL otherwise */
    SDL_Texture *target; /* owned; board-sized, only when rotating */
    uint64_t fade_start, fade_ms;
    bool fade_pending; /* the fade starts at the next frame's time */
    struct band bands[BANDS];
    /* The external layer (video). */
    bool ext_on, ext_has, ext_dirty;
    SDL_Rect ext_rect;     /* on the board */
    SDL_Texture *ext_tex;  /* owned (renderer path) */
    Uint32 ext_tex_fmt;    /* its SDL pixel format */
    int ext_tw, ext_th;    /* its size */
    struct pixbuf *ext_pb; /* owned (surface path): the last frame, ext_rect's size */
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
    if (d->ren)
        SDL_GetRendererOutputSize(d->ren, &d->out_w, &d->out_h);
    else
        SDL_GetWindowSizeInPixels(d->win, &d->out_w, &d->out_h);
    bool portrait = d->opts.rotate == 90 || d->opts.rotate == 270;
    int avail_w = portrait ? d->out_h : d->out_w, avail_h = portrait ? d->out_w : d->out_h;
    /* A viewport is a region of the output; a portrait board is composed
     * upright, so its picture has the region's sides swapped. */
    int vp_w = portrait ? d->opts.board_h : d->opts.board_w;
    int vp_h = portrait ? d->opts.board_w : d->opts.board_h;
    d->board_w = vp_w > 0 ? vp_w : avail_w;
    d->board_h = vp_h > 0 ? vp_h : avail_h;
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
        goto fail;
    }
    if (!opts->software)
        d->ren =
            SDL_CreateRenderer(d->win, -1, SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC);
    if (!d->ren) {
        d->software = true;
        /* An upright board draws straight into the window surface;
         * rotation (or a driver without one) needs the renderer. */
        if (opts->rotate == 0 && SDL_GetWindowSurface(d->win))
            d->full_dirty = d->clear_needed = true;
        else if (!(d->ren = SDL_CreateRenderer(d->win, -1, SDL_RENDERER_SOFTWARE))) {
            log_error("cannot create a renderer: %s", SDL_GetError());
            goto fail;
        }
    }
    SDL_ShowCursor(SDL_DISABLE);
    const char *drv = SDL_GetCurrentVideoDriver();
    d->blocking_wait = drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0);
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
    for (int i = 0; i < BANDS; i++) {
        destroy_tex(&d->bands[i].tex);
        pixbuf_free(d->bands[i].pb);
    }
    destroy_tex(&d->slide);
    destroy_tex(&d->prev);
    destroy_tex(&d->target);
    destroy_tex(&d->ext_tex);
    pixbuf_free(d->ext_pb);
    pixbuf_free(d->slide_pb);
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

/* Makes own (taken) or a copy of pb the slide. A fade mixes what the
 * screen shows towards the new slide, frame by frame, so the old
 * picture needs no buffer of its own. */
static bool surface_set_slide(struct display *d, const struct pixbuf *pb, struct pixbuf *own,
                              uint32_t fade_ms)
{
    d->surface_fading = fade_ms > 0 && d->shown && d->surf && !d->clear_needed;
    if (d->surface_fading) {
        d->fade_ms = fade_ms;
        d->fade_pending = true;
        d->fade_shown = 0;
    }
    if (own || (d->slide_pb && (d->slide_pb->w != pb->w || d->slide_pb->h != pb->h))) {
        pixbuf_free(d->slide_pb);
        d->slide_pb = own;
    }
    if (!d->slide_pb && !(d->slide_pb = pixbuf_new(pb->w, pb->h))) {
        log_error("cannot keep the slide: out of memory");
        return false;
    }
    if (!own)
        pixbuf_copy(d->slide_pb, 0, 0, pb);
    d->full_dirty = true;
    return true;
}

bool display_take_slide(struct display *d, struct pixbuf **pb, uint32_t fade_ms)
{
    if (d->ren)
        return display_set_slide(d, *pb, fade_ms);
    struct pixbuf *own = *pb;
    *pb = NULL;
    return surface_set_slide(d, own, own, fade_ms);
}

bool display_set_slide(struct display *d, const struct pixbuf *pb, uint32_t fade_ms)
{
    if (!d->ren)
        return surface_set_slide(d, pb, NULL, fade_ms);
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
    /* Blending is only needed while fading in; an opaque copy is far
     * cheaper for the software renderer. */
    SDL_SetTextureBlendMode(d->slide, d->prev ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
    apply_brightness(d, d->slide);
    return true;
}

bool display_set_band(struct display *d, int slot, int x, int y, int w, int h, display_band_fn fn,
                      void *data)
{
    struct band *b = &d->bands[slot];
    if (!d->ren) {
        if (b->pb && (b->pb->w != w || b->pb->h != h)) {
            pixbuf_free(b->pb);
            b->pb = NULL;
        }
        if (!b->pb && !(b->pb = pixbuf_new(w, h)))
            return false;
        d->full_dirty = true;
    } else if (b->tex && (b->rect.w != w || b->rect.h != h)) {
        destroy_tex(&b->tex);
    }
    if (d->ren && !b->tex)
        b->tex =
            SDL_CreateTexture(d->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
    if (d->ren && !b->tex)
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
    if (d->bands[slot].on)
        d->full_dirty = true; /* what the band covered shows the slide again */
    d->bands[slot].on = false;
}

void display_set_brightness(struct display *d, int level)
{
    d->brightness = level < 0 ? 0 : level > 100 ? 100 : level;
    d->full_dirty = true;
    apply_brightness(d, d->slide);
    apply_brightness(d, d->prev);
    for (int i = 0; i < BANDS; i++)
        apply_brightness(d, d->bands[i].tex);
    apply_brightness(d, d->ext_tex);
}

void display_set_blank(struct display *d, bool blank)
{
    if (d->blank != blank)
        d->full_dirty = d->clear_needed = true;
    d->blank = blank;
}

bool display_animating(const struct display *d, uint64_t t_ms)
{
    if (d->blank)
        return false;
    if (d->surface_fading)
        return true; /* until the frame that lands exactly on the slide */
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
            SDL_SetTextureBlendMode(d->slide, SDL_BLENDMODE_NONE);
        } else {
            SDL_SetTextureAlphaMod(d->prev, 255);
            SDL_RenderCopy(d->ren, d->prev, NULL, &board);
            SDL_SetTextureAlphaMod(d->slide, (Uint8)(el * 255 / d->fade_ms));
        }
    }
    if (!d->prev && d->slide)
        SDL_SetTextureAlphaMod(d->slide, 255);
    if (d->slide) {
        /* The slide keeps its own size (the area above the ticker): never
         * stretched over the ticker's rows. */
        int tw, th;
        SDL_QueryTexture(d->slide, NULL, NULL, &tw, &th);
        SDL_Rect r = {board.x, board.y, tw, th};
        SDL_RenderCopy(d->ren, d->slide, NULL, &r);
    }
    if (d->ext_on && d->ext_has && d->ext_tex) {
        SDL_Rect r = {ox + d->ext_rect.x, oy + d->ext_rect.y, d->ext_rect.w, d->ext_rect.h};
        SDL_RenderCopy(d->ren, d->ext_tex, NULL, &r);
    }
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

/* ---- Surface path (software, upright) ---- */

/* Board rect r clipped to the surface, in surface coordinates. */
static bool surface_clip(const struct display *d, int x, int y, int w, int h, SDL_Rect *out)
{
    SDL_Rect r = {d->opts.view_x + x, d->opts.view_y + y, w, h};
    SDL_Rect all = {0, 0, d->surf->w, d->surf->h};
    return SDL_IntersectRect(&r, &all, out);
}

static inline uint32_t scale_px(uint32_t p, unsigned v)
{
    /* Two channels per multiply: red and blue, then green. */
    uint32_t rb = ((p & 0xff00ffu) * v >> 8) & 0xff00ffu;
    uint32_t g = ((p & 0x00ff00u) * v >> 8) & 0x00ff00u;
    return 0xff000000u | rb | g;
}

static inline uint32_t mix_px(uint32_t a, uint32_t b, unsigned t)
{
    /* (a*(256-t) + b*t) / 256 rounded, t in 0..256: rounding, not
     * truncation, so small steps of a fade still move. */
    uint32_t rb =
        (((a & 0xff00ffu) * (256 - t) + (b & 0xff00ffu) * t + 0x800080u) >> 8) & 0xff00ffu;
    uint32_t g = (((a & 0x00ff00u) * (256 - t) + (b & 0x00ff00u) * t + 0x008000u) >> 8) & 0x00ff00u;
    return 0xff000000u | rb | g;
}

/* Writes src at board position (x, y), clipped, brightness applied, in
 * the surface's pixel format; t < 256 mixes it into what the surface
 * shows by t/256 instead (only in 32-bit formats). */
static void surface_put(struct display *d, int x, int y, const struct pixbuf *src, unsigned t)
{
    SDL_Rect r;
    if (!surface_clip(d, x, y, src->w, src->h, &r))
        return;
    int sx = r.x - (d->opts.view_x + x), sy = r.y - (d->opts.view_y + y);
    Uint32 fmt = d->surf->format->format;
    bool direct = fmt == SDL_PIXELFORMAT_ARGB8888 || fmt == SDL_PIXELFORMAT_RGB888;
    unsigned v = (unsigned)d->brightness * 256 / 100;
    uint32_t row[4096];
    for (int j = 0; j < r.h; j++) {
        const uint32_t *s = src->px + (size_t)(sy + j) * src->stride + sx;
        uint8_t *dst_row = (uint8_t *)d->surf->pixels + (size_t)(r.y + j) * d->surf->pitch;
        for (int i0 = 0; i0 < r.w; i0 += 4096) {
            int n = r.w - i0 < 4096 ? r.w - i0 : 4096;
            const uint32_t *sp = s + i0;
            if (!direct) {
                if (v < 256) {
                    for (int i = 0; i < n; i++)
                        row[i] = scale_px(sp[i], v);
                    sp = row;
                }
                SDL_ConvertPixels(n, 1, SDL_PIXELFORMAT_ARGB8888, sp, n * 4, fmt,
                                  dst_row + (size_t)(r.x + i0) * d->surf->format->BytesPerPixel,
                                  n * d->surf->format->BytesPerPixel);
                continue;
            }
            uint32_t *out = (uint32_t *)dst_row + r.x + i0;
            if (t < 256 && v < 256)
                for (int i = 0; i < n; i++)
                    out[i] = mix_px(out[i], scale_px(sp[i], v), t);
            else if (t < 256)
                for (int i = 0; i < n; i++)
                    out[i] = mix_px(out[i], sp[i], t);
            else if (v < 256)
                for (int i = 0; i < n; i++)
                    out[i] = scale_px(sp[i], v);
            else
                memcpy(out, sp, (size_t)n * sizeof(uint32_t));
        }
    }
}

bool display_needs_slide(const struct display *d)
{
    return !d->ren && !d->slide_pb && !d->blank && (d->full_dirty || d->clear_needed || !d->surf);
}

static bool surface_frame(struct display *d, uint64_t t_ms)
{
    if (!d->surf) {
        if (!(d->surf = SDL_GetWindowSurface(d->win))) {
            log_error("cannot draw into the window: %s", SDL_GetError());
            return false;
        }
        d->full_dirty = d->clear_needed = true;
    }
    if (display_needs_slide(d))
        return true; /* the caller hands the slide over first */
    unsigned t = 256;
    if (d->surface_fading) {
        uint64_t el = t_ms - d->fade_start;
        if (el >= d->fade_ms || d->clear_needed) {
            d->surface_fading = false; /* land exactly on the slide */
            d->full_dirty = true;
        } else {
            /* Shown so far: a mix at fade_shown; one step of t takes it
             * to a = el/fade_ms: t = (a - shown) / (1 - shown). */
            unsigned a = (unsigned)(el * 256 / d->fade_ms);
            t = a > d->fade_shown ? (a - d->fade_shown) * 256 / (256 - d->fade_shown) : 0;
            if (a > d->fade_shown)
                d->fade_shown = a;
        }
    }
    bool whole = d->full_dirty || d->clear_needed || t < 256;
    if (SDL_MUSTLOCK(d->surf) && SDL_LockSurface(d->surf) != 0)
        return false;
    if (d->clear_needed)
        SDL_FillRect(d->surf, NULL, SDL_MapRGB(d->surf->format, 0, 0, 0));
    SDL_Rect rects[BANDS + 1];
    int n_rects = 0;
    if (!d->blank) {
        if (whole && d->slide_pb && t > 0)
            surface_put(d, 0, 0, d->slide_pb, t);
        if (d->ext_on && d->ext_has && (whole || d->ext_dirty)) {
            surface_put(d, d->ext_rect.x, d->ext_rect.y, d->ext_pb, 256);
            if (!whole && surface_clip(d, d->ext_rect.x, d->ext_rect.y, d->ext_rect.w,
                                       d->ext_rect.h, &rects[n_rects]))
                n_rects++;
            d->ext_dirty = false;
        }
        for (int i = 0; i < BANDS; i++) {
            struct band *b = &d->bands[i];
            if (!b->on || !b->pb)
                continue;
            b->fn(b->data, b->pb, t_ms);
            surface_put(d, b->rect.x, b->rect.y, b->pb, 256);
            if (surface_clip(d, b->rect.x, b->rect.y, b->rect.w, b->rect.h, &rects[n_rects]))
                n_rects++;
        }
    }
    if (SDL_MUSTLOCK(d->surf))
        SDL_UnlockSurface(d->surf);
    if (whole)
        d->shown = !d->blank;
    if (whole && !d->blank && !d->surface_fading) {
        /* The surface holds the slide now: keeping a second board-sized
         * copy (8 MB at 1080p) only served redraws, which are rare
         * (brightness, exposure); for those the caller draws it again. */
        pixbuf_free(d->slide_pb);
        d->slide_pb = NULL;
    }
    d->full_dirty = d->clear_needed = false;
    int rc = whole         ? SDL_UpdateWindowSurface(d->win)
             : n_rects > 0 ? SDL_UpdateWindowSurfaceRects(d->win, rects, n_rects)
                           : 0;
    if (rc != 0) {
        /* The surface went away (resized underneath us): fetch it again. */
        d->surf = NULL;
    }
    return true;
}

bool display_frame(struct display *d, uint64_t t_ms)
{
    if (d->fade_pending) {
        d->fade_start = t_ms;
        d->fade_pending = false;
    }
    if (!d->ren)
        return surface_frame(d, t_ms);
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

bool display_handle_event(struct display *d, const void *ev_)
{
    const SDL_Event *ev = ev_;
    if (!d->ren) {
        if (ev->type != SDL_WINDOWEVENT)
            return false;
        if (ev->window.event == SDL_WINDOWEVENT_EXPOSED)
            d->full_dirty = d->clear_needed = true;
        if (ev->window.event != SDL_WINDOWEVENT_SIZE_CHANGED)
            return false;
        /* The window surface is stale after a resize. */
        d->surf = NULL;
        d->full_dirty = d->clear_needed = true;
        int ow = d->board_w, oh = d->board_h;
        resolve_board(d);
        return ow != d->board_w || oh != d->board_h;
    }
    switch (ev->type) {
    case SDL_RENDER_TARGETS_RESET:
        destroy_tex(&d->target);
        return false;
    case SDL_RENDER_DEVICE_RESET:
        /* Every texture is gone: the caller redraws the slide. */
        destroy_tex(&d->slide);
        destroy_tex(&d->prev);
        destroy_tex(&d->target);
        destroy_tex(&d->ext_tex);
        d->ext_has = false;
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

/* ---- The external layer ---- */

unsigned display_ext_formats(const struct display *d)
{
    return d->ren ? DISPLAY_EXT_ARGB8888 | DISPLAY_EXT_IYUV | DISPLAY_EXT_NV12
                  : DISPLAY_EXT_ARGB8888;
}

bool display_ext_open(struct display *d, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0)
        return false;
    d->ext_rect = (SDL_Rect){x, y, w, h};
    d->ext_on = true;
    d->ext_has = false;
    if (!d->ren && (!d->ext_pb || d->ext_pb->w != w || d->ext_pb->h != h)) {
        pixbuf_free(d->ext_pb);
        if (!(d->ext_pb = pixbuf_new(w, h)))
            return false;
    }
    return true;
}

bool display_ext_push(struct display *d, const struct display_ext_frame *f)
{
    if (!d->ext_on)
        return false;
    if (!d->ren) {
        if (f->format != DISPLAY_EXT_ARGB8888 || !d->ext_pb)
            return false;
        int w = f->w < d->ext_pb->w ? f->w : d->ext_pb->w;
        int h = f->h < d->ext_pb->h ? f->h : d->ext_pb->h;
        for (int j = 0; j < h; j++)
            memcpy(d->ext_pb->px + (size_t)j * d->ext_pb->stride,
                   f->planes[0] + (size_t)j * f->pitches[0], (size_t)w * 4);
        d->ext_has = d->ext_dirty = true;
        return true;
    }
    Uint32 fmt = f->format == DISPLAY_EXT_IYUV   ? SDL_PIXELFORMAT_IYUV
                 : f->format == DISPLAY_EXT_NV12 ? SDL_PIXELFORMAT_NV12
                                                 : SDL_PIXELFORMAT_ARGB8888;
    if (d->ext_tex && (d->ext_tex_fmt != fmt || d->ext_tw != f->w || d->ext_th != f->h))
        destroy_tex(&d->ext_tex);
    if (!d->ext_tex) {
        d->ext_tex = SDL_CreateTexture(d->ren, fmt, SDL_TEXTUREACCESS_STREAMING, f->w, f->h);
        if (!d->ext_tex) {
            log_error("cannot make a texture for the clip: %s", SDL_GetError());
            return false;
        }
        d->ext_tex_fmt = fmt;
        d->ext_tw = f->w;
        d->ext_th = f->h;
        apply_brightness(d, d->ext_tex);
    }
    int rc = f->format == DISPLAY_EXT_IYUV
                 ? SDL_UpdateYUVTexture(d->ext_tex, NULL, f->planes[0], f->pitches[0], f->planes[1],
                                        f->pitches[1], f->planes[2], f->pitches[2])
             : f->format == DISPLAY_EXT_NV12
                 ? SDL_UpdateNVTexture(d->ext_tex, NULL, f->planes[0], f->pitches[0], f->planes[1],
                                       f->pitches[1])
                 : SDL_UpdateTexture(d->ext_tex, NULL, f->planes[0], f->pitches[0]);
    if (rc != 0)
        return false;
    d->ext_has = true;
    return true;
}

void display_ext_close(struct display *d)
{
    if (d->ext_on)
        d->full_dirty = true; /* the slide shows again where the layer was */
    d->ext_on = d->ext_has = false;
}
