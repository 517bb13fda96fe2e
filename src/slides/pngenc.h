/* SPDX-License-Identifier: MIT */
#pragma once
/* A PNG encoder made for slides (8-bit RGB, filter None, rows matched
 * against the row above and the pixel before, fixed-code deflate): what
 * `render` writes. See pngenc.c for why and docs/PERFORMANCE.md for the
 * figures against libpng and zlib. */

#include <stdbool.h>
#include <stdio.h>

#include "util/pixbuf.h"

/* The share (0..1) of pb's bytes pngenc would store as literals, from a
 * sample of rows: photos and gradients are mostly literals, which zlib's
 * entropy coding packs better than fixed codes (png.c asks libpng then). */
double pngenc_literal_share(const struct pixbuf *pb);

/* Writes pb (alpha ignored) as a whole PNG file to f. */
bool pngenc_write(const struct pixbuf *pb, FILE *f);
