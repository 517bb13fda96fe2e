/* SPDX-License-Identifier: MIT */
/* The surface path (the CPU, an upright board): the window surface is
 * the only frame buffer. The slide is copied into it once, and while
 * only bands move a frame rewrites and presents just their rows. A
 * 1080p frame then costs a band's rows, not the 8 MB of the whole
 * picture (blitted, blended and presented). */

#include <SDL.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display/backend.h"
#include "util/log.h"

struct surface {
    SDL_Surface *surf;                   /* borrowed window surface; NULL until needed */
    struct pixbuf *slide;                /* owned: the slide, until drawn whole */
    struct pixbuf *bands[DISPLAY_BANDS]; /* owned */
    struct pixbuf *ext;                  /* owned: the external frame, converted */
    bool ext_dirty;                      /* ext must be put on the surface */
    bool full_dirty;                     /* the slide must be redrawn whole */
    bool clear_needed;                   /* the surface holds no picture (new, exposed) */
    bool shown;                          /* the surface shows a slide (a fade may start) */
    bool fading;                         /* mixing what is shown towards slide */
    unsigned fade_shown;                 /* how far the fade got, 0..256 */
};

static struct surface *surface_of(const struct display *d)
{
    return d->priv;
}

static bool surface_open(struct display *d, enum display_be_mode mode)
{
    (void)mode;
    /* Turning the picture needs a renderer (SDL's software one). */
    if (d->opts.rotate != 0)
        return false;
    struct surface *s = calloc(1, sizeof(*s));
    if (!s)
        return false;
    /* The window's own frame buffer (MIT-SHM on X11), not a texture that
     * SDL would draw through GL: with software GL that is the cost this
     * path exists to avoid. KMSDRM has none: there display.c has SDL
     * emulate one with GLES2. */
    if (!d->kms)
        SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
    if (!SDL_GetWindowSurface(d->win)) {
        free(s);
        return false;
    }
    s->full_dirty = s->clear_needed = true;
    d->priv = s;
    d->software = true;
    d->vsync = false;
    snprintf(d->describe, sizeof(d->describe), "surface (the CPU draws what moves)%s%s",
             d->refused[0] ? "; " : "", d->refused);
    return true;
}

static void surface_close(struct display *d)
{
    struct surface *s = surface_of(d);
    if (!s)
        return;
    for (int i = 0; i < DISPLAY_BANDS; i++)
        pixbuf_free(s->bands[i]);
    pixbuf_free(s->slide);
    pixbuf_free(s->ext);
    free(s);
    d->priv = NULL;
}

static void surface_output_size(struct display *d, int *w, int *h)
{
    SDL_GetWindowSizeInPixels(d->win, w, h);
}

/* Makes own (taken) or a copy of pb the slide. A fade mixes what the
 * screen shows towards the new slide, frame by frame, so the old
 * picture needs no buffer of its own. */
static bool surface_set_slide(struct display *d, const struct pixbuf *pb, struct pixbuf *own,
                              uint32_t fade_ms)
{
    struct surface *s = surface_of(d);
    s->fading = fade_ms > 0 && s->shown && s->surf && !s->clear_needed;
    if (s->fading) {
        d->fade_ms = fade_ms;
        d->fade_pending = true;
        s->fade_shown = 0;
    }
    if (own || (s->slide && (s->slide->w != pb->w || s->slide->h != pb->h))) {
        pixbuf_free(s->slide);
        s->slide = own;
    }
    if (!s->slide && !(s->slide = pixbuf_new(pb->w, pb->h))) {
        log_error("cannot keep the slide: out of memory");
        return false;
    }
    if (!own)
        pixbuf_copy(s->slide, 0, 0, pb);
    s->full_dirty = true;
    return true;
}

static bool surface_set_band(struct display *d, int slot)
{
    struct surface *s = surface_of(d);
    const SDL_Rect *r = &d->bands[slot].rect;
    if (s->bands[slot] && (s->bands[slot]->w != r->w || s->bands[slot]->h != r->h)) {
        pixbuf_free(s->bands[slot]);
        s->bands[slot] = NULL;
    }
    if (!s->bands[slot] && !(s->bands[slot] = pixbuf_new(r->w, r->h)))
        return false;
    s->full_dirty = true;
    return true;
}

static void surface_clear_band(struct display *d, int slot)
{
    (void)slot;
    surface_of(d)->full_dirty = true; /* what the band covered shows the slide again */
}

static void surface_brightness_changed(struct display *d)
{
    surface_of(d)->full_dirty = true;
}

static void surface_blank_changed(struct display *d)
{
    struct surface *s = surface_of(d);
    s->full_dirty = s->clear_needed = true;
}

static bool surface_fading(const struct display *d, uint64_t t_ms)
{
    (void)t_ms;
    return surface_of(d)->fading; /* until the frame that lands exactly on the slide */
}

/* Board rect r clipped to the surface, in surface coordinates. */
static bool surface_clip(const struct display *d, int x, int y, int w, int h, SDL_Rect *out)
{
    const SDL_Surface *surf = surface_of(d)->surf;
    SDL_Rect r = {d->opts.view_x + x, d->opts.view_y + y, w, h};
    SDL_Rect all = {0, 0, surf->w, surf->h};
    return SDL_IntersectRect(&r, &all, out);
}

static inline uint32_t surface_scale_px(uint32_t p, unsigned v)
{
    /* Two channels per multiply: red and blue, then green. */
    uint32_t rb = ((p & 0xff00ffu) * v >> 8) & 0xff00ffu;
    uint32_t g = ((p & 0x00ff00u) * v >> 8) & 0x00ff00u;
    return 0xff000000u | rb | g;
}

static inline uint32_t surface_mix_px(uint32_t a, uint32_t b, unsigned t)
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
    SDL_Surface *surf = surface_of(d)->surf;
    SDL_Rect r;
    if (!surface_clip(d, x, y, src->w, src->h, &r))
        return;
    int sx = r.x - (d->opts.view_x + x), sy = r.y - (d->opts.view_y + y);
    Uint32 fmt = surf->format->format;
    bool direct = fmt == SDL_PIXELFORMAT_ARGB8888 || fmt == SDL_PIXELFORMAT_RGB888;
    unsigned v = (unsigned)d->brightness * 256 / 100;
    uint32_t row[4096];
    for (int j = 0; j < r.h; j++) {
        const uint32_t *sp0 = src->px + (size_t)(sy + j) * src->stride + sx;
        uint8_t *dst_row = (uint8_t *)surf->pixels + (size_t)(r.y + j) * surf->pitch;
        for (int i0 = 0; i0 < r.w; i0 += 4096) {
            int n = r.w - i0 < 4096 ? r.w - i0 : 4096;
            const uint32_t *sp = sp0 + i0;
            if (!direct) {
                if (v < 256) {
                    for (int i = 0; i < n; i++)
                        row[i] = surface_scale_px(sp[i], v);
                    sp = row;
                }
                SDL_ConvertPixels(n, 1, SDL_PIXELFORMAT_ARGB8888, sp, n * 4, fmt,
                                  dst_row + (size_t)(r.x + i0) * surf->format->BytesPerPixel,
                                  n * surf->format->BytesPerPixel);
                continue;
            }
            uint32_t *out = (uint32_t *)dst_row + r.x + i0;
            if (t < 256 && v < 256)
                for (int i = 0; i < n; i++)
                    out[i] = surface_mix_px(out[i], surface_scale_px(sp[i], v), t);
            else if (t < 256)
                for (int i = 0; i < n; i++)
                    out[i] = surface_mix_px(out[i], sp[i], t);
            else if (v < 256)
                for (int i = 0; i < n; i++)
                    out[i] = surface_scale_px(sp[i], v);
            else
                memcpy(out, sp, (size_t)n * sizeof(uint32_t));
        }
    }
}

static bool surface_needs_slide(const struct display *d)
{
    const struct surface *s = surface_of(d);
    return !s->slide && !d->blank && (s->full_dirty || s->clear_needed || !s->surf);
}

static bool surface_frame(struct display *d, uint64_t t_ms)
{
    struct surface *s = surface_of(d);
    if (!s->surf) {
        if (!(s->surf = SDL_GetWindowSurface(d->win))) {
            log_error("cannot draw into the window: %s", SDL_GetError());
            return false;
        }
        s->full_dirty = s->clear_needed = true;
    }
    if (surface_needs_slide(d))
        return true; /* the caller hands the slide over first */
    unsigned t = 256;
    if (s->fading) {
        uint64_t el = t_ms - d->fade_start;
        if (el >= d->fade_ms || s->clear_needed) {
            s->fading = false; /* land exactly on the slide */
            s->full_dirty = true;
        } else {
            /* Shown so far: a mix at fade_shown; one step of t takes it
             * to a = el/fade_ms: t = (a - shown) / (1 - shown). */
            unsigned a = (unsigned)(el * 256 / d->fade_ms);
            t = a > s->fade_shown ? (a - s->fade_shown) * 256 / (256 - s->fade_shown) : 0;
            if (a > s->fade_shown)
                s->fade_shown = a;
        }
    }
    bool whole = s->full_dirty || s->clear_needed || t < 256;
    if (SDL_MUSTLOCK(s->surf) && SDL_LockSurface(s->surf) != 0)
        return false;
    if (s->clear_needed)
        SDL_FillRect(s->surf, NULL, SDL_MapRGB(s->surf->format, 0, 0, 0));
    SDL_Rect rects[DISPLAY_BANDS + 1];
    int n_rects = 0;
    if (!d->blank) {
        if (whole && s->slide && t > 0)
            surface_put(d, 0, 0, s->slide, t);
        if (d->ext.on && s->ext && (whole || s->ext_dirty)) {
            surface_put(d, d->ext.rect.x, d->ext.rect.y, s->ext, 256);
            if (surface_clip(d, d->ext.rect.x, d->ext.rect.y, s->ext->w, s->ext->h,
                             &rects[n_rects]))
                n_rects++;
            s->ext_dirty = false;
        }
        for (int i = 0; i < DISPLAY_BANDS; i++) {
            struct display_band *b = &d->bands[i];
            if (!b->on || !s->bands[i])
                continue;
            b->fn(b->data, s->bands[i], t_ms);
            surface_put(d, b->rect.x, b->rect.y, s->bands[i], 256);
            if (surface_clip(d, b->rect.x, b->rect.y, b->rect.w, b->rect.h, &rects[n_rects]))
                n_rects++;
        }
    }
    if (SDL_MUSTLOCK(s->surf))
        SDL_UnlockSurface(s->surf);
    if (whole)
        s->shown = !d->blank;
    if (whole && !d->blank && !s->fading) {
        /* The surface holds the slide now: keeping a second board-sized
         * copy (8 MB at 1080p) only served redraws, which are rare
         * (brightness, exposure); for those the caller draws it again. */
        pixbuf_free(s->slide);
        s->slide = NULL;
    }
    s->full_dirty = s->clear_needed = false;
    int rc = whole         ? SDL_UpdateWindowSurface(d->win)
             : n_rects > 0 ? SDL_UpdateWindowSurfaceRects(d->win, rects, n_rects)
                           : 0;
    if (rc != 0) {
        /* The surface went away (resized underneath us): fetch it again. */
        s->surf = NULL;
    }
    return true;
}

static bool surface_handle_event(struct display *d, const SDL_Event *ev)
{
    struct surface *s = surface_of(d);
    if (ev->type != SDL_WINDOWEVENT)
        return false;
    if (ev->window.event == SDL_WINDOWEVENT_EXPOSED)
        s->full_dirty = s->clear_needed = true;
    if (ev->window.event != SDL_WINDOWEVENT_SIZE_CHANGED)
        return false;
    /* The window surface is stale after a resize. */
    s->surf = NULL;
    s->full_dirty = s->clear_needed = true;
    int ow = d->board_w, oh = d->board_h;
    display_resolve_board(d);
    return ow != d->board_w || oh != d->board_h;
}

static bool surface_ext_open(struct display *d)
{
    struct surface *s = surface_of(d);
    const SDL_Rect *r = &d->ext.rect;
    if (s->ext && (s->ext->w != r->w || s->ext->h != r->h)) {
        pixbuf_free(s->ext);
        s->ext = NULL;
    }
    if (!s->ext && !(s->ext = pixbuf_new(r->w, r->h)))
        return false;
    pixbuf_fill(s->ext, 0, 0, r->w, r->h, 0xff000000u);
    s->ext_dirty = true;
    return true;
}

/* ARGB at the rectangle's size only: the CPU scales nothing per frame. */
static bool surface_ext_push(struct display *d, const struct display_ext_frame *f)
{
    struct surface *s = surface_of(d);
    if (!s->ext || f->format != DISPLAY_EXT_ARGB8888 || f->w != s->ext->w || f->h != s->ext->h)
        return false;
    for (int y = 0; y < f->h; y++)
        memcpy(s->ext->px + (size_t)y * s->ext->stride, f->planes[0] + (size_t)y * f->pitches[0],
               (size_t)f->w * 4);
    s->ext_dirty = true;
    return true;
}

static void surface_ext_close(struct display *d)
{
    struct surface *s = surface_of(d);
    pixbuf_free(s->ext);
    s->ext = NULL;
    s->full_dirty = true; /* the slide shows again where the frame was */
}

const struct display_backend surface_backend = {
    .name = "surface",
    .open = surface_open,
    .close = surface_close,
    .output_size = surface_output_size,
    .set_slide = surface_set_slide,
    .set_band = surface_set_band,
    .clear_band = surface_clear_band,
    .brightness_changed = surface_brightness_changed,
    .blank_changed = surface_blank_changed,
    .fading = surface_fading,
    .needs_slide = surface_needs_slide,
    .frame = surface_frame,
    .handle_event = surface_handle_event,
    .ext_formats = DISPLAY_EXT_ARGB8888,
    .ext_open = surface_ext_open,
    .ext_push = surface_ext_push,
    .ext_close = surface_ext_close,
};
