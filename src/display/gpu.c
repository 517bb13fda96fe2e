/* SPDX-License-Identifier: MIT */
/* The GPU path: SDL_Renderer textures, the whole board composed every
 * frame (cheap on a GPU). Also SDL's software renderer, the only way
 * to turn a portrait pano without a GPU. */

#include <SDL.h>
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "display/backend.h"
#include "util/log.h"

struct gpu {
    SDL_Renderer *ren;                  /* owned */
    SDL_Texture *slide;                 /* owned */
    SDL_Texture *prev;                  /* owned; fading out, NULL otherwise */
    SDL_Texture *target;                /* owned; board-sized, only when rotating */
    SDL_Texture *bands[DISPLAY_BANDS];  /* owned, streaming */
    SDL_Texture *ext;                   /* owned, the external frame */
    int ext_w, ext_h;                   /* ext's size */
    enum display_ext_format ext_format; /* ext's format */
    bool ext_ready;                     /* ext holds a frame */
};

static struct gpu *gpu_of(const struct display *d)
{
    return d->priv;
}

static void gpu_destroy_tex(SDL_Texture **t)
{
    if (*t)
        SDL_DestroyTexture(*t);
    *t = NULL;
}

/* GL's own name for what draws: Mesa's CPU rasterisers are software
 * whatever SDL calls the renderer. Needs the renderer's context current
 * (SDL_CreateRenderer leaves it so). */
static bool gpu_gl_renderer(char *out, size_t len)
{
    typedef const unsigned char *(*get_string_fn)(unsigned int);
    enum { GL_RENDERER_ENUM = 0x1F01 };
    get_string_fn get = (get_string_fn)(uintptr_t)SDL_GL_GetProcAddress("glGetString");
    const unsigned char *s = get ? get(GL_RENDERER_ENUM) : NULL;
    if (!s)
        return false;
    snprintf(out, len, "%s", (const char *)s);
    return true;
}

static bool gpu_is_software_gl(const char *gl)
{
    static const char *const soft[] = {"llvmpipe", "softpipe", "swrast", "software"};
    char low[128];
    size_t n = 0;
    for (; gl[n] && n + 1 < sizeof(low); n++)
        low[n] = (char)tolower((unsigned char)gl[n]);
    low[n] = '\0';
    for (size_t i = 0; i < sizeof(soft) / sizeof(soft[0]); i++)
        if (strstr(low, soft[i]))
            return true;
    return false;
}

/* Whether the kernel offers a GPU at all. Without one, any GL is Mesa's
 * software rasteriser, and asking for it to read its name would load it
 * (~70 MB that stay mapped) for nothing. */
static bool gpu_device_present(void)
{
#ifdef __linux__
    DIR *dir = opendir("/dev/dri");
    if (!dir)
        return false;
    bool found = false;
    for (struct dirent *e; !found && (e = readdir(dir));)
        found = strncmp(e->d_name, "card", 4) == 0 || strncmp(e->d_name, "renderD", 7) == 0;
    closedir(dir);
    return found;
#else
    return true;
#endif
}

/* On KMSDRM, SDL's GLES2 renderer rather than its first choice, desktop
 * GL: on the emulated board (Mesa's software GL on virtio-gpu) the
 * desktop-GL renderer scanned out black frames while GLES2 drew them, and
 * GLES2 is what the Pi's V3D is made for. SDL_RENDER_DRIVER still wins. */
static int gpu_driver_index(const struct display *d, enum display_be_mode mode)
{
    if (!d->kms || mode == DISPLAY_BE_SOFTWARE || SDL_GetHint(SDL_HINT_RENDER_DRIVER))
        return -1;
    for (int i = 0, n = SDL_GetNumRenderDrivers(); i < n; i++) {
        SDL_RendererInfo info;
        if (SDL_GetRenderDriverInfo(i, &info) == 0 && strcmp(info.name, "opengles2") == 0)
            return i;
    }
    return -1;
}

static bool gpu_open(struct display *d, enum display_be_mode mode)
{
    if (mode == DISPLAY_BE_REAL_GPU && !gpu_device_present()) {
        snprintf(d->refused, sizeof(d->refused), "no GPU device in /dev/dri");
        return false;
    }
    struct gpu *g = calloc(1, sizeof(*g));
    if (!g)
        return false;
    Uint32 flags = mode == DISPLAY_BE_SOFTWARE
                       ? SDL_RENDERER_SOFTWARE
                       : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    if (!(g->ren = SDL_CreateRenderer(d->win, gpu_driver_index(d, mode), flags))) {
        if (mode != DISPLAY_BE_SOFTWARE && !d->refused[0])
            snprintf(d->refused, sizeof(d->refused), "no GPU renderer");
        free(g);
        return false;
    }
    SDL_RendererInfo info;
    if (SDL_GetRendererInfo(g->ren, &info) != 0)
        info = (SDL_RendererInfo){.name = "unknown"};
    char gl[96] = "";
    bool soft = mode == DISPLAY_BE_SOFTWARE || (info.flags & SDL_RENDERER_SOFTWARE) ||
                strcmp(info.name, "software") == 0;
    if (!soft && strncmp(info.name, "opengl", 6) == 0 && gpu_gl_renderer(gl, sizeof(gl)))
        soft = gpu_is_software_gl(gl);
    bool vsync = (info.flags & SDL_RENDERER_PRESENTVSYNC) != 0;
    if (mode == DISPLAY_BE_REAL_GPU && (soft || !vsync)) {
        snprintf(d->refused, sizeof(d->refused), "%s%s%s", soft ? "GL is " : "no vsync on ",
                 gl[0] ? gl : info.name, soft && !vsync ? ", no vsync" : "");
        SDL_DestroyRenderer(g->ren);
        free(g);
        return false;
    }
    d->priv = g;
    d->software = soft;
    /* Software GL may claim vsync it cannot keep: only a real GPU paces. */
    d->vsync = vsync && !soft;
    snprintf(d->describe, sizeof(d->describe), "%s renderer %s%s%s%s%s%s",
             mode == DISPLAY_BE_SOFTWARE ? "software" : "GPU", info.name, gl[0] ? " on " : "", gl,
             d->vsync ? ", vsync" : ", no vsync", d->refused[0] ? "; " : "", d->refused);
    return true;
}

static void gpu_close(struct display *d)
{
    struct gpu *g = gpu_of(d);
    if (!g)
        return;
    for (int i = 0; i < DISPLAY_BANDS; i++)
        gpu_destroy_tex(&g->bands[i]);
    gpu_destroy_tex(&g->slide);
    gpu_destroy_tex(&g->prev);
    gpu_destroy_tex(&g->target);
    gpu_destroy_tex(&g->ext);
    if (g->ren)
        SDL_DestroyRenderer(g->ren);
    free(g);
    d->priv = NULL;
}

static void gpu_output_size(struct display *d, int *w, int *h)
{
    SDL_GetRendererOutputSize(gpu_of(d)->ren, w, h);
}

static void gpu_apply_brightness(const struct display *d, SDL_Texture *t)
{
    if (t) {
        Uint8 v = (Uint8)(d->brightness * 255 / 100);
        SDL_SetTextureColorMod(t, v, v, v);
    }
}

static bool gpu_set_slide(struct display *d, const struct pixbuf *pb, struct pixbuf *own,
                          uint32_t fade_ms)
{
    struct gpu *g = gpu_of(d);
    gpu_destroy_tex(&g->prev);
    if (fade_ms > 0 && g->slide) {
        g->prev = g->slide;
        g->slide = NULL;
        d->fade_ms = fade_ms;
        d->fade_pending = true;
    }
    int tw = 0, th = 0;
    if (g->slide)
        SDL_QueryTexture(g->slide, NULL, NULL, &tw, &th);
    if (g->slide && (tw != pb->w || th != pb->h))
        gpu_destroy_tex(&g->slide);
    if (!g->slide)
        g->slide = SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC,
                                     pb->w, pb->h);
    bool ok = g->slide && SDL_UpdateTexture(g->slide, NULL, pb->px, pb->stride * 4) == 0;
    pixbuf_free(own); /* the texture holds the pixels now */
    if (!ok) {
        log_error("cannot upload the slide: %s", SDL_GetError());
        return false;
    }
    /* Blending is only needed while fading in; an opaque copy is far
     * cheaper for the software renderer. */
    SDL_SetTextureBlendMode(g->slide, g->prev ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
    gpu_apply_brightness(d, g->slide);
    return true;
}

static bool gpu_set_band(struct display *d, int slot)
{
    struct gpu *g = gpu_of(d);
    const SDL_Rect *r = &d->bands[slot].rect;
    int tw = 0, th = 0;
    if (g->bands[slot])
        SDL_QueryTexture(g->bands[slot], NULL, NULL, &tw, &th);
    if (g->bands[slot] && (tw != r->w || th != r->h))
        gpu_destroy_tex(&g->bands[slot]);
    if (!g->bands[slot])
        g->bands[slot] = SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_ARGB8888,
                                           SDL_TEXTUREACCESS_STREAMING, r->w, r->h);
    if (!g->bands[slot])
        return false;
    gpu_apply_brightness(d, g->bands[slot]);
    return true;
}

static void gpu_clear_band(struct display *d, int slot)
{
    (void)d;
    (void)slot; /* the texture is kept for the next band of its size */
}

static void gpu_brightness_changed(struct display *d)
{
    struct gpu *g = gpu_of(d);
    gpu_apply_brightness(d, g->slide);
    gpu_apply_brightness(d, g->prev);
    gpu_apply_brightness(d, g->ext);
    for (int i = 0; i < DISPLAY_BANDS; i++)
        gpu_apply_brightness(d, g->bands[i]);
}

static void gpu_blank_changed(struct display *d)
{
    (void)d; /* every frame is composed whole */
}

static bool gpu_fading(const struct display *d, uint64_t t_ms)
{
    return gpu_of(d)->prev && (d->fade_pending || t_ms < d->fade_start + d->fade_ms);
}

static bool gpu_needs_slide(const struct display *d)
{
    (void)d; /* the slide texture stays */
    return false;
}

static void gpu_draw_board(struct display *d, uint64_t t_ms, int ox, int oy)
{
    struct gpu *g = gpu_of(d);
    SDL_Rect board = {ox, oy, d->board_w, d->board_h};
    if (g->prev) {
        uint64_t el = t_ms - d->fade_start;
        if (el >= d->fade_ms) {
            gpu_destroy_tex(&g->prev);
            SDL_SetTextureBlendMode(g->slide, SDL_BLENDMODE_NONE);
        } else {
            SDL_SetTextureAlphaMod(g->prev, 255);
            SDL_RenderCopy(g->ren, g->prev, NULL, &board);
            SDL_SetTextureAlphaMod(g->slide, (Uint8)(el * 255 / d->fade_ms));
        }
    }
    if (!g->prev && g->slide)
        SDL_SetTextureAlphaMod(g->slide, 255);
    if (g->slide) {
        /* The slide keeps its own size (the area above the ticker): never
         * stretched over the ticker's rows. */
        int tw, th;
        SDL_QueryTexture(g->slide, NULL, NULL, &tw, &th);
        SDL_Rect r = {board.x, board.y, tw, th};
        SDL_RenderCopy(g->ren, g->slide, NULL, &r);
    }
    if (d->ext.on && g->ext && g->ext_ready) {
        SDL_Rect r = {ox + d->ext.rect.x, oy + d->ext.rect.y, d->ext.rect.w, d->ext.rect.h};
        SDL_RenderCopy(g->ren, g->ext, NULL, &r);
    }
    for (int i = 0; i < DISPLAY_BANDS; i++) {
        struct display_band *b = &d->bands[i];
        if (!b->on || !g->bands[i])
            continue;
        void *px;
        int pitch;
        if (SDL_LockTexture(g->bands[i], NULL, &px, &pitch) != 0)
            continue;
        struct pixbuf view = {.w = b->rect.w, .h = b->rect.h, .stride = pitch / 4, .px = px};
        b->fn(b->data, &view, t_ms);
        SDL_UnlockTexture(g->bands[i]);
        SDL_Rect r = {ox + b->rect.x, oy + b->rect.y, b->rect.w, b->rect.h};
        SDL_RenderCopy(g->ren, g->bands[i], NULL, &r);
    }
}

static bool gpu_frame(struct display *d, uint64_t t_ms)
{
    struct gpu *g = gpu_of(d);
    SDL_SetRenderTarget(g->ren, NULL);
    SDL_SetRenderDrawColor(g->ren, 0, 0, 0, 255);
    SDL_RenderClear(g->ren);
    if (!d->blank) {
        if (d->opts.rotate == 0) {
            gpu_draw_board(d, t_ms, d->opts.view_x, d->opts.view_y);
        } else {
            /* Portrait panos: compose upright, then turn the whole board. */
            if (!g->target)
                g->target = SDL_CreateTexture(g->ren, SDL_PIXELFORMAT_ARGB8888,
                                              SDL_TEXTUREACCESS_TARGET, d->board_w, d->board_h);
            if (!g->target || SDL_SetRenderTarget(g->ren, g->target) != 0)
                return false;
            SDL_RenderClear(g->ren);
            gpu_draw_board(d, t_ms, 0, 0);
            SDL_SetRenderTarget(g->ren, NULL);
            bool portrait = d->opts.rotate == 90 || d->opts.rotate == 270;
            int vw = portrait ? d->board_h : d->board_w, vh = portrait ? d->board_w : d->board_h;
            /* RenderCopyEx turns around the rect's centre: centre the
             * unrotated rect where the rotated board must land. */
            SDL_Rect dst = {d->opts.view_x + (vw - d->board_w) / 2,
                            d->opts.view_y + (vh - d->board_h) / 2, d->board_w, d->board_h};
            SDL_RenderCopyEx(g->ren, g->target, NULL, &dst, d->opts.rotate, NULL, SDL_FLIP_NONE);
        }
    }
    SDL_RenderPresent(g->ren);
    return true;
}

static bool gpu_handle_event(struct display *d, const SDL_Event *ev)
{
    struct gpu *g = gpu_of(d);
    switch (ev->type) {
    case SDL_RENDER_TARGETS_RESET:
        gpu_destroy_tex(&g->target);
        return false;
    case SDL_RENDER_DEVICE_RESET:
        /* Every texture is gone: the caller redraws the slide. */
        gpu_destroy_tex(&g->slide);
        gpu_destroy_tex(&g->prev);
        gpu_destroy_tex(&g->target);
        gpu_destroy_tex(&g->ext);
        g->ext_ready = false;
        for (int i = 0; i < DISPLAY_BANDS; i++) {
            gpu_destroy_tex(&g->bands[i]);
            if (d->bands[i].on)
                gpu_set_band(d, i);
        }
        return true;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED) {
            int ow = d->board_w, oh = d->board_h;
            display_resolve_board(d);
            if (ow != d->board_w || oh != d->board_h) {
                gpu_destroy_tex(&g->slide);
                gpu_destroy_tex(&g->prev);
                gpu_destroy_tex(&g->target);
                return true;
            }
        }
        return false;
    default:
        return false;
    }
}

static bool gpu_ext_open(struct display *d)
{
    (void)d; /* the texture is made by the first frame, in its format */
    return true;
}

static bool gpu_ext_push(struct display *d, const struct display_ext_frame *f)
{
    struct gpu *g = gpu_of(d);
    if (g->ext && (g->ext_w != f->w || g->ext_h != f->h || g->ext_format != f->format))
        gpu_destroy_tex(&g->ext);
    if (!g->ext) {
        Uint32 fmt = f->format == DISPLAY_EXT_IYUV   ? SDL_PIXELFORMAT_IYUV
                     : f->format == DISPLAY_EXT_NV12 ? SDL_PIXELFORMAT_NV12
                                                     : SDL_PIXELFORMAT_ARGB8888;
        if (!(g->ext = SDL_CreateTexture(g->ren, fmt, SDL_TEXTUREACCESS_STREAMING, f->w, f->h)))
            return false;
        /* Video is scaled to its rectangle: smooth, unlike the board's
         * pixel-exact slides. */
        SDL_SetTextureScaleMode(g->ext, SDL_ScaleModeLinear);
        gpu_apply_brightness(d, g->ext);
        g->ext_w = f->w;
        g->ext_h = f->h;
        g->ext_format = f->format;
    }
    int rc;
    if (f->format == DISPLAY_EXT_IYUV)
        rc = SDL_UpdateYUVTexture(g->ext, NULL, f->planes[0], f->pitches[0], f->planes[1],
                                  f->pitches[1], f->planes[2], f->pitches[2]);
    else if (f->format == DISPLAY_EXT_NV12)
        rc = SDL_UpdateNVTexture(g->ext, NULL, f->planes[0], f->pitches[0], f->planes[1],
                                 f->pitches[1]);
    else
        rc = SDL_UpdateTexture(g->ext, NULL, f->planes[0], f->pitches[0]);
    g->ext_ready = rc == 0;
    return g->ext_ready;
}

static void gpu_ext_close(struct display *d)
{
    struct gpu *g = gpu_of(d);
    gpu_destroy_tex(&g->ext);
    g->ext_ready = false;
}

const struct display_backend gpu_backend = {
    .name = "gpu",
    .open = gpu_open,
    .close = gpu_close,
    .output_size = gpu_output_size,
    .set_slide = gpu_set_slide,
    .set_band = gpu_set_band,
    .clear_band = gpu_clear_band,
    .brightness_changed = gpu_brightness_changed,
    .blank_changed = gpu_blank_changed,
    .fading = gpu_fading,
    .needs_slide = gpu_needs_slide,
    .frame = gpu_frame,
    .handle_event = gpu_handle_event,
    .ext_formats = DISPLAY_EXT_ARGB8888 | DISPLAY_EXT_IYUV | DISPLAY_EXT_NV12,
    .ext_open = gpu_ext_open,
    .ext_push = gpu_ext_push,
    .ext_close = gpu_ext_close,
};
