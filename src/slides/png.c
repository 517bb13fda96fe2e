#include "slides/png.h"

#include <limits.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

#include "util/fsutil.h"
#include "util/log.h"

/* libpng directly rather than IMG_SavePNG: its default (adaptive filters,
 * zlib level 6) spent ~85 % of a 1080p `render` compressing. Slides are
 * flat colour and anti-aliased text: the Up filter with run-length deflate
 * takes a fraction of the time for files about a quarter larger (105 KB
 * against 83 KB for a 1080p slogan). Same pixels. `bench-core png`
 * measures every filter, strategy and level on a slogan and a photo
 * (docs/PERFORMANCE.md): Up + RLE stays among the fastest and gives the
 * smallest files of them; only Paeth or adaptive filters are smaller,
 * at two to four times the time. */
const struct png_opts png_default_opts = {PNG_FILTER_UP, Z_RLE, 1};

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

bool png_write(const struct pixbuf *pb, const char *path)
{
    return png_write_opts(pb, path, &png_default_opts);
}

bool png_write_opts(const struct pixbuf *pb, const char *path, const struct png_opts *o)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
        return false;
    uint8_t *row = malloc((size_t)pb->w * 3);
    FILE *f = row ? fopen(tmp, "wb") : NULL;
    bool ok = f && write_file(pb, f, row, o);
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
