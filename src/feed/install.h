/* SPDX-License-Identifier: MIT */
#pragma once
/* Install: a new generation is staged complete in DIR/tmp/<G> (images
 * rehashed, playlists rewritten to them, the signed original kept),
 * validated as it will play, fsync'd, moved to DIR/gen/<G>, and committed
 * by one rename: DIR/playlist.json becomes a link to its root.json. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "feed/cache.h"
#include "feed/cycle.h"
#include "feed/fetch.h"
#include "feed/stage.h"

struct json_doc;

/* Parses text as a playlist (feed rules when feed is set); with
 * check_assets, every image must also be usable from dir. */
bool install_validate(struct cycle *c, const char *text, size_t len, const char *file,
                      const char *dir, bool feed, bool check_assets);

/* Stages, validates and commits f (parsed as doc, its images assets) as
 * sequence seq. gen gets the new generation's name. The tree is modified
 * (src and sha256 rewritten); numbers, the sequence first, keep the exact
 * text they were signed with. */
bool install_generation(struct cycle *c, struct cache *cache, struct json_doc *doc,
                        struct stage_asset *assets, size_t n, const struct fetched *f, int64_t seq,
                        char *gen, size_t gen_n);
