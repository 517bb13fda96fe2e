/* image: an infographic or photo, contained (letterboxed in the
 * background colour) or covering the slide (cropped, centred). */

#include <SDL.h>
#include <SDL_image.h>

#include "render/slide.h"
#include "util/log.h"

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

bool slide_image_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out)
{
    if (!item->path)
        return false;
    SDL_Surface *img = load_argb(item->path);
    if (!img)
        return false;
    bool ok = false;
    SDL_Surface *dst = SDL_CreateRGBSurfaceWithFormatFrom(
        out->pb->px, out->pb->w, out->pb->h, 32, out->pb->stride * 4, SDL_PIXELFORMAT_ARGB8888);
    if (!dst)
        goto out;

    /* contain: the whole image, aspect kept; cover: fill, crop centred. */
    double sx = (double)env->w / img->w, sy = (double)env->h / img->h;
    double scale = item->fit == PL_FIT_COVER ? (sx > sy ? sx : sy) : (sx < sy ? sx : sy);
    int dw = (int)(img->w * scale + 0.5), dh = (int)(img->h * scale + 0.5);
    SDL_Rect to = {(env->w - dw) / 2, (env->h - dh) / 2, dw, dh};
    SDL_Rect from = {0, 0, img->w, img->h};
    if (item->fit == PL_FIT_COVER) {
        /* Crop the source so the scaled copy is exactly the slide. */
        from.w = (int)(env->w / scale + 0.5);
        from.h = (int)(env->h / scale + 0.5);
        if (from.w > img->w)
            from.w = img->w;
        if (from.h > img->h)
            from.h = img->h;
        from.x = (img->w - from.w) / 2;
        from.y = (img->h - from.h) / 2;
        to = (SDL_Rect){0, 0, env->w, env->h};
    }
    SDL_SetSurfaceBlendMode(img, SDL_BLENDMODE_BLEND);
    if (from.w == to.w && from.h == to.h) {
        /* Already the board's pixel size: copy exactly, no filtering. */
        ok = SDL_BlitSurface(img, &from, dst, &to) == 0;
    } else {
        /* Photos and infographics: bilinear scaling of an opaque copy,
         * then blended over the background for transparent PNGs. */
        SDL_Surface *scaled =
            SDL_CreateRGBSurfaceWithFormat(0, to.w, to.h, 32, SDL_PIXELFORMAT_ARGB8888);
        if (scaled) {
            SDL_SetSurfaceBlendMode(img, SDL_BLENDMODE_NONE);
            SDL_Rect all = {0, 0, to.w, to.h};
            ok = SDL_SoftStretchLinear(img, &from, scaled, &all) == 0;
            SDL_SetSurfaceBlendMode(scaled, SDL_BLENDMODE_BLEND);
            ok = ok && SDL_BlitSurface(scaled, NULL, dst, &to) == 0;
            SDL_FreeSurface(scaled);
        }
    }
    if (!ok)
        log_warn("cannot scale image %s: %s", item->path, SDL_GetError());
out:
    SDL_FreeSurface(dst);
    SDL_FreeSurface(img);
    return ok;
}
