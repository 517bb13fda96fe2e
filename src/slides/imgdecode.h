/* SPDX-License-Identifier: MIT */
#pragma once
/* Decoding a PNG or JPEG straight into the format slides draw
 * (0xAARRGGBB words, straight alpha), already shrunk by a whole factor
 * when the picture is much larger than where it goes or than the
 * board's pixel budget. JPEG shrinks in the decoder (DCT scaling, 1/2
 * to 1/8); PNG row by row through a box filter. Either way the file's
 * full-size pixels are never all held: a 64-megapixel photo for a
 * 1080p board costs a few rows and the shrunk picture. */

#include <stdbool.h>
#include <stddef.h>

#include "util/pixbuf.h"

struct imgdecode_req {
    int dst_w, dst_h; /* the area the picture is drawn into */
    bool cover;       /* scaled to cover it (cropped), else contained */
    size_t budget_px; /* the decoded picture never has more pixels */
};

/* The decoded-picture budget for a slide area of w x h: twice its
 * pixels, at least a megapixel. The same for `run` and `render`; `check`
 * refuses what no budget can take (imghdr.h's limits), and so does
 * imgdecode_load. */
size_t imgdecode_budget(int w, int h);

/* The shrink factor for a w x h source (pure; tests and the doc). */
int imgdecode_factor(unsigned w, unsigned h, const struct imgdecode_req *req);

/* Decodes path; NULL with a plain-words reason in why on failure (a
 * file over imghdr.h's limits is refused before any pixel is decoded). */
struct pixbuf *imgdecode_load(const char *path, const struct imgdecode_req *req, char *why,
                              size_t why_len);
