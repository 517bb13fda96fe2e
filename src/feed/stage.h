#pragma once
/* Stage assets: every image a new generation will use, in its staging
 * directory, each one hashed there against the signed sha256 — a copy
 * found in an older generation is reused only after it is rehashed, a
 * damaged or missing one is downloaded again. */

#include <stdbool.h>
#include <stddef.h>

#include "feed/cache.h"
#include "feed/cycle.h"

struct json_node;

struct stage_asset {
    char sha[65];    /* lower-case hex, from the signed feed */
    char name[72];   /* <sha>.<png|jpg> once staged */
    const char *src; /* borrowed from the feed's json_doc: where to download it */
};

/* Walks the image items of a parsed feed: checks src and sha256, fills
 * assets (FEED_MAX_ASSETS, deduplicated by hash). */
bool stage_collect(struct cycle *c, const struct json_node *root, struct stage_asset *assets,
                   size_t *n);

/* True when dirfd holds <sha>.png or .jpg, a regular file (never through
 * a link) whose bytes hash to sha; name gets which. */
bool stage_verify(int dirfd, const char *sha, char *name, size_t name_n);

/* Every asset present and verified in the generation dirfd. */
bool stage_complete(int dirfd, const struct stage_asset *assets, size_t n);

/* Puts every asset into stagefd: a rehashed link from the cache, or a
 * download. False with the cycle's reason on the first failure. */
bool stage_assets(struct cycle *c, struct cache *cache, int stagefd, struct stage_asset *assets,
                  size_t n);
