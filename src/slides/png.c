/* SPDX-License-Identifier: MIT */
#include "slides/png.h"

#include <limits.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "slides/pngenc.h"
#include "util/fsutil.h"
#include "util/log.h"

/* `render` writes slides with pngenc.c and photo-like pictures with
 * libpng (`bench-core png`, docs/PERFORMANCE.md): libpng's default
 * (adaptive filters, zlib level 6) spent ~85 % of a 1080p `render`
 * compressing; its best choice for slides, the Up filter with run-length
 * deflate (png_fast_opts), costs two to three times what pngenc does, for
 * files a third smaller; on photos pngenc is no faster and half as big
 * again, so they keep libpng. */
const struct png_opts png_fast_opts = {PNG_FILTER_UP, Z_RLE, 1};

static bool write_file(const struct pixbuf *pb, FILE *f, uint8_t *row, const struct png_opts *o)
{
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    if (!info || setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        return false;
    }
    png_init_io(png, f);
    /* The board's pixels are opaque; write RGB so viewers show no alpha. */
    png_set_IHDR(png, info, (png_uint_32)pb->w, (png_uint_32)pb->h, 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, o->filter);
    png_set_compression_strategy(png, o->strategy);
    png_set_compression_level(png, o->level);
    /* Fewer, larger IDAT chunks and deflate calls than libpng's 8 KB. */
    png_set_compression_buffer_size(png, 256 * 1024);
    png_write_info(png, info);
    for (int y = 0; y < pb->h; y++) {
        const uint32_t *src = pb->px + (size_t)y * pb->stride;
        for (int x = 0; x < pb->w; x++) {
            row[x * 3] = (uint8_t)(src[x] >> 16);
            row[x * 3 + 1] = (uint8_t)(src[x] >> 8);
            row[x * 3 + 2] = (uint8_t)src[x];
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    return true;
}

/* Writes with libpng (o) or pngenc (o NULL) into a temporary file, then
 * renames it. */
static bool write_atomic(const struct pixbuf *pb, const char *path, const struct png_opts *o)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
        return false;
    uint8_t *row = o ? malloc((size_t)pb->w * 3) : NULL;
    FILE *f = !o || row ? fopen(tmp, "wb") : NULL;
    bool ok = f && (o ? write_file(pb, f, row, o) : pngenc_write(pb, f));
    if (f && fclose(f) != 0)
        ok = false;
    free(row);
    if (!ok) {
        log_error("cannot write %s: check the folder exists, is writable and has space", path);
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

/* Above this share of literals (a photo, a smooth gradient) fixed codes
 * make files half as big again as zlib's; slides sit below 1 %, a test
 * card with text and colour bars at 4 %, a Mandelbrot render at 16 %. */
#define PNGENC_MAX_LITERALS 0.05

bool png_write(const struct pixbuf *pb, const char *path)
{
    bool photo = pngenc_literal_share(pb) > PNGENC_MAX_LITERALS;
    return write_atomic(pb, path, photo ? &png_fast_opts : NULL);
}

bool png_write_opts(const struct pixbuf *pb, const char *path, const struct png_opts *o)
{
    return write_atomic(pb, path, o);
}
