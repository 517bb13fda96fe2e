#pragma once
/* Writes a pixbuf as a PNG file, atomically. */

#include <stdbool.h>

#include "util/pixbuf.h"

bool png_write(const struct pixbuf *pb, const char *path);

/* The encoder's choices, for the benchmark that picked png_write's
 * (tests/bench: `bench-core png`). */
struct png_opts {
    int filter;   /* a PNG_FILTER_* mask of libpng */
    int strategy; /* a zlib Z_* strategy */
    int level;    /* zlib level 1..9 */
};
extern const struct png_opts png_default_opts;
bool png_write_opts(const struct pixbuf *pb, const char *path, const struct png_opts *o);
