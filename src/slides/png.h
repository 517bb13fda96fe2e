/* SPDX-License-Identifier: MIT */
#pragma once
/* Writes a pixbuf as a PNG file, atomically. */

#include <stdbool.h>

#include "util/pixbuf.h"

bool png_write(const struct pixbuf *pb, const char *path);

/* libpng with these choices instead of pngenc.c (what png_write uses):
 * for the benchmark that compares them (tests/bench: `bench-core png`). */
struct png_opts {
    int filter;   /* a PNG_FILTER_* mask of libpng */
    int strategy; /* a zlib Z_* strategy */
    int level;    /* zlib level 1..9 */
};
extern const struct png_opts png_fast_opts; /* Up filter, RLE deflate */
bool png_write_opts(const struct pixbuf *pb, const char *path, const struct png_opts *o);
