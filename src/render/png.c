#include "render/png.h"

#include <SDL.h>
#include <SDL_image.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "util/fsutil.h"
#include "util/log.h"

bool png_write(const struct pixbuf *pb, const char *path)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
        return false;
    /* The board's pixels are opaque; write RGB so viewers show no alpha. */
    SDL_Surface *argb = SDL_CreateRGBSurfaceWithFormatFrom(pb->px, pb->w, pb->h, 32, pb->stride * 4,
                                                           SDL_PIXELFORMAT_ARGB8888);
    SDL_Surface *rgb = argb ? SDL_ConvertSurfaceFormat(argb, SDL_PIXELFORMAT_RGB24, 0) : NULL;
    bool ok = rgb && IMG_SavePNG(rgb, tmp) == 0;
    SDL_FreeSurface(rgb);
    SDL_FreeSurface(argb);
    if (!ok) {
        log_error("cannot write %s: %s", path, SDL_GetError());
        unlink(tmp);
        return false;
    }
    if (rename(tmp, path) != 0 || !fs_sync_dir_of(path)) {
        log_error("cannot write %s", path);
        unlink(tmp);
        return false;
    }
    return true;
}
