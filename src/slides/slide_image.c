/* SPDX-License-Identifier: MIT */
/* image: an infographic or photo, contained (letterboxed in the
 * background colour) or covering the slide (cropped, centred).
 *
 * A file is decoded and scaled once per showing. Small boards' finished
 * pictures are also kept, 3 bytes a pixel, in a cache bounded in bytes,
 * so a playlist cycling through its images costs a copy a showing there.
 * A TV's pictures are too big to keep: the player's whole budget is
 * 48 MB, and at 1080p the screen and the slide being drawn take 16 MB
 * already; one kept picture (6 MB) is held while every other slide is
 * drawn, and decoding one costs ~50 ms a showing. */

#include <SDL.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "slides/draw.h"
#include "slides/imgdecode.h"
#include "slides/slide.h"
#include "util/log.h"

#define CACHE_SLOTS 6
/* A 384x192 board's pictures are 216 KB each: all six slots; 640x360
 * keeps two; a 1280x720 or 1080p picture is not kept. */
#define CACHE_BYTES (1536u * 1024u)

struct cached {
    char *path; /* owned; NULL = free slot */
    time_t mtime;
    off_t size;
    int w, h;
    enum pl_fit fit;
    uint32_t bg;
    uint8_t *rgb; /* owned, the finished slide, w * h * 3 bytes: R, G, B */
    unsigned long used;
};

/* The pictures kept, owned by whoever draws a playlist's slides (the
 * scene): a new playlist starts with none. */
struct slide_images {
    struct cached slots[CACHE_SLOTS];
    unsigned long clock; /* showings so far: slots[].used orders them */
};

static void slot_clear(struct cached *c)
{
    free(c->path);
    free(c->rgb);
    *c = (struct cached){0};
}

struct slide_images *slide_images_new(void)
{
    return calloc(1, sizeof(struct slide_images));
}

void slide_images_clear(struct slide_images *im)
{
    if (!im)
        return;
    for (size_t i = 0; i < CACHE_SLOTS; i++)
        slot_clear(&im->slots[i]);
}

void slide_images_free(struct slide_images *im)
{
    slide_images_clear(im);
    free(im);
}

/* The decoded picture (imgdecode.h: already the slide's format, shrunk
 * while decoding when it is far larger than the slide) as a surface
 * that owns it, for SDL's scalers. */
static SDL_Surface *load_argb(const char *path, int w, int h, enum pl_fit fit)
{
    struct imgdecode_req req = {
        .dst_w = w, .dst_h = h, .cover = fit == PL_FIT_COVER, .budget_px = imgdecode_budget(w, h)};
    char why[256];
    struct pixbuf *pb = imgdecode_load(path, &req, why, sizeof(why));
    if (!pb) {
        log_warn("cannot show image %s: %s", path, why);
        return NULL;
    }
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(pb->px, pb->w, pb->h, 32, pb->stride * 4,
                                                        SDL_PIXELFORMAT_ARGB8888);
    if (!s) {
        pixbuf_free(pb);
        return NULL;
    }
    s->userdata = pb; /* freed with s */
    return s;
}

static void free_argb(SDL_Surface *s)
{
    if (!s)
        return;
    struct pixbuf *owner = s->userdata;
    SDL_FreeSurface(s);
    pixbuf_free(owner);
}

/* Blends the picture over bg in place (alpha becomes opaque), so it can
 * be scaled straight into the slide: no scaled copy to blend from. */
static void flatten(SDL_Surface *s, uint32_t bg)
{
    unsigned br = (bg >> 16) & 0xff, bgg = (bg >> 8) & 0xff, bb = bg & 0xff;
    for (int y = 0; y < s->h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < s->w; x++) {
            uint32_t p = row[x], a = p >> 24;
            if (a == 255)
                continue;
            uint32_t r = (((p >> 16) & 0xff) * a + br * (255 - a) + 127) / 255;
            uint32_t g = (((p >> 8) & 0xff) * a + bgg * (255 - a) + 127) / 255;
            uint32_t b = ((p & 0xff) * a + bb * (255 - a) + 127) / 255;
            row[x] = 0xff000000u | r << 16 | g << 8 | b;
        }
    }
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

/* Draws img into dst (already the background colour bg) as the item
 * asks. Takes img: it is freed as soon as a smaller copy replaces it. */
static bool place(SDL_Surface *img, SDL_Surface *dst, enum pl_fit fit, uint32_t bg)
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
    bool ok;
    SDL_SetSurfaceBlendMode(img, SDL_BLENDMODE_BLEND);
    if (to.w % from.w == 0 && to.h % from.h == 0 && to.w / from.w == to.h / from.h) {
        /* Made for the board's pixels (or an exact multiple of them):
         * every source pixel becomes a sharp square, no filtering. */
        ok = (from.w == to.w ? SDL_BlitSurface(img, &from, dst, &to)
                             : SDL_BlitScaled(img, &from, dst, &to)) == 0;
        free_argb(img);
        return ok;
    }

    int k = (int)(1.0 / scale / 1.5);
    SDL_Surface *shrunk = k >= 2 ? box_shrink(img, &from, k) : NULL;
    if (shrunk) {
        free_argb(img);
        img = shrunk;
        from = (SDL_Rect){0, 0, shrunk->w, shrunk->h};
    }
    /* Photos and infographics: flattened over the background (PNGs
     * with transparency), then scaled bilinearly straight into place. */
    flatten(img, bg);
    SDL_SetSurfaceBlendMode(img, SDL_BLENDMODE_NONE);
    ok = SDL_SoftStretchLinear(img, &from, dst, &to) == 0;
    if (shrunk)
        SDL_FreeSurface(shrunk);
    else
        free_argb(img);
    return ok;
}

/* Decodes the picture, then draws it into a new *pb of w x h on bg. The
 * slide's picture is made only once the file's pixels are in: the two
 * largest buffers of a showing are not both held while decoding. */
static bool render(const char *path, struct pixbuf **pb, int w, int h, enum pl_fit fit, uint32_t bg)
{
    pixbuf_free(*pb);
    SDL_Surface *img = load_argb(path, w, h, fit);
    *pb = pixbuf_new(w, h);
    if (!img || !*pb) {
        free_argb(img);
        return false;
    }
    pixbuf_fill(*pb, 0, 0, w, h, bg);
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormatFrom((*pb)->px, w, h, 32, (*pb)->stride * 4,
                                                          SDL_PIXELFORMAT_ARGB8888);
    if (!dst) {
        free_argb(img);
        return false;
    }
    bool ok = place(img, dst, fit, bg);
    if (!ok)
        log_warn("cannot scale image %s: %s", path, SDL_GetError());
    SDL_FreeSurface(dst);
    return ok;
}

static void to_rgb(const struct pixbuf *pb, uint8_t *rgb)
{
    for (int y = 0; y < pb->h; y++) {
        const uint32_t *row = pb->px + (size_t)y * (size_t)pb->stride;
        for (int x = 0; x < pb->w; x++, rgb += 3) {
            rgb[0] = (uint8_t)(row[x] >> 16);
            rgb[1] = (uint8_t)(row[x] >> 8);
            rgb[2] = (uint8_t)row[x];
        }
    }
}

static void from_rgb(const uint8_t *rgb, struct pixbuf *pb)
{
    for (int y = 0; y < pb->h; y++) {
        uint32_t *row = pb->px + (size_t)y * (size_t)pb->stride;
        for (int x = 0; x < pb->w; x++, rgb += 3)
            row[x] = 0xff000000u | (uint32_t)rgb[0] << 16 | (uint32_t)rgb[1] << 8 | rgb[2];
    }
}

/* Evicts the least recently shown pictures until bytes more fit the
 * cap; the index of a free slot, or CACHE_SLOTS if it cannot fit. */
static size_t make_room(struct slide_images *im, size_t bytes)
{
    struct cached *cache = im->slots;
    if (bytes > CACHE_BYTES)
        return CACHE_SLOTS;
    for (;;) {
        size_t total = 0, free_slot = CACHE_SLOTS, oldest = CACHE_SLOTS;
        for (size_t i = 0; i < CACHE_SLOTS; i++) {
            if (!cache[i].path) {
                free_slot = free_slot == CACHE_SLOTS ? i : free_slot;
                continue;
            }
            total += (size_t)cache[i].w * (size_t)cache[i].h * 3;
            if (oldest == CACHE_SLOTS || cache[i].used < cache[oldest].used)
                oldest = i;
        }
        if (free_slot < CACHE_SLOTS && total + bytes <= CACHE_BYTES)
            return free_slot;
        if (oldest == CACHE_SLOTS)
            return CACHE_SLOTS;
        slot_clear(&cache[oldest]);
    }
}

static bool slide_image_draw(const struct pl_item *item, const struct slide_env *env,
                             struct slide_frame *out)
{
    if (!item->path)
        return false;
    const char *path = item->path;
    int w = out->pb->w, h = out->pb->h;
    uint32_t bg = slide_argb(item->background);
    struct stat st;
    if (stat(path, &st) != 0) {
        log_warn("cannot open image %s", path);
        return false;
    }
    struct slide_images *im = env->images;
    if (im)
        im->clock++;
    for (size_t i = 0; im && i < CACHE_SLOTS; i++) {
        struct cached *c = &im->slots[i];
        if (c->path && strcmp(c->path, path) == 0 && c->mtime == st.st_mtime &&
            c->size == st.st_size && c->w == w && c->h == h && c->fit == item->fit && c->bg == bg) {
            c->used = im->clock;
            from_rgb(c->rgb, out->pb);
            return true;
        }
    }
    /* Room is made before decoding: the pictures it replaces are not
     * held while the new one is decoded. */
    size_t bytes = (size_t)w * (size_t)h * 3;
    size_t slot = im ? make_room(im, bytes) : CACHE_SLOTS;
    if (!render(path, &out->pb, w, h, item->fit, bg))
        return false;
    uint8_t *rgb = slot < CACHE_SLOTS ? malloc(bytes) : NULL;
    char *p = rgb ? strdup(path) : NULL;
    if (!p) {
        free(rgb);
        return true; /* shown uncached */
    }
    to_rgb(out->pb, rgb);
    im->slots[slot] =
        (struct cached){p, st.st_mtime, st.st_size, w, h, item->fit, bg, rgb, im->clock};
    return true;
}

const struct slide_type slide_type_image = {
    .type = PL_IMAGE, .name = "image", .draw = slide_image_draw, .fits = NULL};
