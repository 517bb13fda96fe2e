/* image: an infographic or photo, contained (letterboxed in the
 * background colour) or covering the slide (cropped, centred).
 *
 * A file is decoded and scaled once per (file, size, fit, background):
 * the finished picture is kept in a small cache bounded in bytes, so a
 * playlist cycling through its images costs one memcpy a showing. */

#include <SDL.h>
#include <SDL_image.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/slide.h"
#include "util/log.h"

#define CACHE_SLOTS 6
/* Six 1080p slides; a 384x192 board's pictures are 300 KB each. */
#define CACHE_BYTES (48u * 1024 * 1024)

struct cached {
    char *path; /* owned; NULL = free slot */
    time_t mtime;
    off_t size;
    int w, h;
    enum pl_fit fit;
    uint32_t bg;
    struct pixbuf *pb; /* owned, the finished slide */
    unsigned long used;
};

static struct cached cache[CACHE_SLOTS];
static unsigned long cache_clock;

static void slot_clear(struct cached *c)
{
    free(c->path);
    pixbuf_free(c->pb);
    *c = (struct cached){0};
}

void slide_image_cache_clear(void)
{
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        slot_clear(&cache[i]);
}

static SDL_Surface *load_argb(const char *path)
{
    SDL_Surface *raw = IMG_Load(path);
    if (!raw) {
        log_warn("cannot decode image %s: %s", path, IMG_GetError());
        return NULL;
    }
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    return s;
}

/* Averages k x k blocks of the rectangle `from` of src (alpha-weighted,
 * so transparent pixels lend no colour). Bilinear scaling alone skips
 * most source pixels when shrinking a lot: fine print and hatching in an
 * infographic turn to noise. The box filter first brings the picture to
 * within 2x of its final size. */
static SDL_Surface *box_shrink(SDL_Surface *src, const SDL_Rect *from, int k)
{
    int ow = from->w / k, oh = from->h / k;
    if (ow < 1 || oh < 1)
        return NULL;
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormat(0, ow, oh, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!dst)
        return NULL;
    const uint8_t *sp = src->pixels;
    uint8_t *dp = dst->pixels;
    for (int oy = 0; oy < oh; oy++) {
        uint32_t *drow = (uint32_t *)(dp + (size_t)oy * (size_t)dst->pitch);
        for (int ox = 0; ox < ow; ox++) {
            uint64_t sa = 0, sr = 0, sg = 0, sb = 0;
            for (int dy = 0; dy < k; dy++) {
                const uint32_t *srow =
                    (const uint32_t *)(sp + (size_t)(from->y + oy * k + dy) * (size_t)src->pitch);
                for (int dx = 0; dx < k; dx++) {
                    uint32_t p = srow[from->x + ox * k + dx];
                    uint32_t a = p >> 24;
                    sa += a;
                    sr += ((p >> 16) & 0xff) * a;
                    sg += ((p >> 8) & 0xff) * a;
                    sb += (p & 0xff) * a;
                }
            }
            uint32_t n = (uint32_t)(k * k);
            uint32_t px = 0;
            if (sa)
                px = (uint32_t)((sa + n / 2) / n) << 24 | (uint32_t)((sr + sa / 2) / sa) << 16 |
                     (uint32_t)((sg + sa / 2) / sa) << 8 | (uint32_t)((sb + sa / 2) / sa);
            drow[ox] = px;
        }
    }
    return dst;
}

/* Draws img into dst (already the background colour) as the item asks. */
static bool place(SDL_Surface *img, SDL_Surface *dst, enum pl_fit fit)
{
    /* contain: the whole image, aspect kept; cover: fill, crop centred. */
    double sx = (double)dst->w / img->w, sy = (double)dst->h / img->h;
    double scale = fit == PL_FIT_COVER ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
    int dw = (int)(img->w * scale + 0.5), dh = (int)(img->h * scale + 0.5);
    SDL_Rect to = {(dst->w - dw) / 2, (dst->h - dh) / 2, dw, dh};
    SDL_Rect from = {0, 0, img->w, img->h};
    if (fit == PL_FIT_COVER) {
        /* Crop the source so the scaled copy is exactly the slide. */
        from.w = (int)(dst->w / scale + 0.5);
        from.h = (int)(dst->h / scale + 0.5);
        if (from.w > img->w)
            from.w = img->w;
        if (from.h > img->h)
            from.h = img->h;
        from.x = (img->w - from.w) / 2;
        from.y = (img->h - from.h) / 2;
        to = (SDL_Rect){0, 0, dst->w, dst->h};
    }
    SDL_SetSurfaceBlendMode(img, SDL_BLENDMODE_BLEND);
    if (to.w % from.w == 0 && to.h % from.h == 0 && to.w / from.w == to.h / from.h)
        /* Made for the board's pixels (or an exact multiple of them):
         * every source pixel becomes a sharp square, no filtering. */
        return (from.w == to.w ? SDL_BlitSurface(img, &from, dst, &to)
                               : SDL_BlitScaled(img, &from, dst, &to)) == 0;

    SDL_Surface *src = img, *shrunk = NULL;
    int k = (int)(1.0 / scale / 1.5);
    if (k >= 2 && (shrunk = box_shrink(img, &from, k))) {
        src = shrunk;
        from = (SDL_Rect){0, 0, shrunk->w, shrunk->h};
    }
    /* Photos and infographics: bilinear scaling of an opaque copy, then
     * blended over the background for transparent PNGs. */
    bool ok = false;
    SDL_Surface *scaled =
        SDL_CreateRGBSurfaceWithFormat(0, to.w, to.h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (scaled) {
        SDL_SetSurfaceBlendMode(src, SDL_BLENDMODE_NONE);
        SDL_Rect all = {0, 0, to.w, to.h};
        ok = SDL_SoftStretchLinear(src, &from, scaled, &all) == 0;
        SDL_SetSurfaceBlendMode(scaled, SDL_BLENDMODE_BLEND);
        ok = ok && SDL_BlitSurface(scaled, NULL, dst, &to) == 0;
        SDL_FreeSurface(scaled);
    }
    SDL_FreeSurface(shrunk);
    return ok;
}

static struct pixbuf *render(const char *path, int w, int h, enum pl_fit fit, uint32_t bg)
{
    SDL_Surface *img = load_argb(path);
    if (!img)
        return NULL;
    struct pixbuf *pb = pixbuf_new(w, h);
    SDL_Surface *dst = pb ? SDL_CreateRGBSurfaceWithFormatFrom(
                                pb->px, pb->w, pb->h, 32, pb->stride * 4, SDL_PIXELFORMAT_ARGB8888)
                          : NULL;
    bool ok = false;
    if (dst) {
        pixbuf_fill(pb, 0, 0, w, h, bg);
        ok = place(img, dst, fit);
        if (!ok)
            log_warn("cannot scale image %s: %s", path, SDL_GetError());
    }
    SDL_FreeSurface(dst);
    SDL_FreeSurface(img);
    if (!ok) {
        pixbuf_free(pb);
        return NULL;
    }
    return pb;
}

/* The finished picture; *owned says the caller must free it (not cached). */
static struct pixbuf *lookup(const char *path, int w, int h, enum pl_fit fit, uint32_t bg,
                             bool *owned)
{
    *owned = false;
    struct stat st;
    if (stat(path, &st) != 0) {
        log_warn("cannot open image %s", path);
        return NULL;
    }
    cache_clock++;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        struct cached *c = &cache[i];
        if (c->path && strcmp(c->path, path) == 0 && c->mtime == st.st_mtime &&
            c->size == st.st_size && c->w == w && c->h == h && c->fit == fit && c->bg == bg) {
            c->used = cache_clock;
            return c->pb;
        }
    }
    struct pixbuf *pb = render(path, w, h, fit, bg);
    if (!pb)
        return NULL;
    /* Evict the least recently shown until the new picture fits the cap. */
    size_t bytes = (size_t)w * (size_t)h * 4;
    for (;;) {
        size_t total = 0, free_slot = CACHE_SLOTS, oldest = CACHE_SLOTS;
        for (size_t i = 0; i < CACHE_SLOTS; i++) {
            if (!cache[i].path) {
                free_slot = free_slot == CACHE_SLOTS ? i : free_slot;
                continue;
            }
            total += (size_t)cache[i].w * (size_t)cache[i].h * 4;
            if (oldest == CACHE_SLOTS || cache[i].used < cache[oldest].used)
                oldest = i;
        }
        if (free_slot < CACHE_SLOTS && total + bytes <= CACHE_BYTES) {
            char *p = strdup(path);
            if (!p)
                break; /* draw it uncached */
            cache[free_slot] =
                (struct cached){p, st.st_mtime, st.st_size, w, h, fit, bg, pb, cache_clock};
            return pb;
        }
        if (oldest == CACHE_SLOTS)
            break; /* larger than the whole cache: draw it uncached */
        slot_clear(&cache[oldest]);
    }
    *owned = true;
    return pb;
}

bool slide_image_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out)
{
    if (!item->path)
        return false;
    bool owned;
    struct pixbuf *pb =
        lookup(item->path, env->w, env->h, item->fit, slide_argb(item->background), &owned);
    if (!pb)
        return false;
    pixbuf_copy(out->pb, 0, 0, pb);
    if (owned)
        pixbuf_free(pb);
    return true;
}
