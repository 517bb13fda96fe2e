/* SPDX-License-Identifier: MIT */
#pragma once
/* Stage assets: every image and clip a new generation will use, in its staging
 * directory, each one hashed there against the signed sha256 — a copy
 * found in an older generation is reused only after it is rehashed, a
 * damaged or missing one is downloaded again. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "feed/cache.h"
#include "feed/cycle.h"

struct json_node;

struct stage_asset {
    char sha[65];    /* lower-case hex, from the signed feed */
    char name[72];   /* <sha>.<ext> once staged (cache_image_exts, cache_clip_exts) */
    const char *src; /* borrowed from the feed's json_doc: where to download it */
    bool clip;       /* from a video item: clip caps, clip types */
};

/* Bytes of a file's start stage_sniff() looks at. */
#define STAGE_SNIFF_BYTES 192

/* The extension a file starting with head (n bytes: STAGE_SNIFF_BYTES, or
 * the whole file when shorter) is stored under: an image's (png, jpg, gif,
 * webp) or, with clip, a clip's (mp4, mov, webm, mkv, avi, ogv, ts). NULL
 * when it is not of that kind. Publish names its assets the same way. */
const char *stage_sniff(const uint8_t *head, size_t n, bool clip);

/* The cap on one asset: FEED_ASSET_MAX_BYTES or FEED_CLIP_MAX_BYTES. */
uint64_t stage_max_bytes(bool clip);

/* Walks the image and video items of a parsed feed: checks src and
 * sha256, fills assets (FEED_MAX_ASSETS, deduplicated by hash). */
bool stage_collect(struct cycle *c, const struct json_node *root, struct stage_asset *assets,
                   size_t *n);

/* True when dirfd holds <sha>.<ext> (an image's or, with clip, a clip's
 * extension), a regular file (never through a link) within the cap whose
 * bytes hash to sha; name gets which. Streamed: never the whole file in
 * memory. */
bool stage_verify(int dirfd, const char *sha, bool clip, char *name, size_t name_n);

/* Every asset present and verified in the generation dirfd. */
bool stage_complete(int dirfd, const struct stage_asset *assets, size_t n);

/* Puts every asset into stagefd: a rehashed link from the cache, or a
 * download. False with the cycle's reason on the first failure. */
bool stage_assets(struct cycle *c, struct cache *cache, int stagefd, struct stage_asset *assets,
                  size_t n);
