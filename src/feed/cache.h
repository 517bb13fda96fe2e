/* SPDX-License-Identifier: MIT */
#pragma once
/* The feed cache: one directory, many writers (the player's worker and a
 * by-hand `bangtin fetch --once`), installed as generations.
 *
 *   DIR/.lock                 every writer holds it (flock) for a cycle
 *   DIR/playlist.json         the installed playlist: a hard link to the
 *                             current generation's root.json (the commit)
 *   DIR/gen/<G>/              one generation, complete and fsync'd before
 *                             it is committed: playlist.json (src relative
 *                             to the generation), root.json (src relative
 *                             to DIR), feed.json(.minisig) (the signed
 *                             original), <sha256>.png|jpg (its images)
 *   DIR/state.json            ETag, Last-Modified, sequence, backoff
 *   DIR/tmp/                  staging of a cycle in progress (never shown)
 *
 * G is "<sequence>-<16 hex>". A reader (the player) holds a shared flock
 * on the generation directory it shows; collection takes it exclusively,
 * so a generation in use by any process is never deleted. Everything
 * inside DIR is reached through directory fds and O_NOFOLLOW: a symbolic
 * link or an odd file type is refused and reported, never followed. */

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "feed/http.h"

#define CACHE_STATE_MAX_BYTES 16384
#define CACHE_GEN_NAME_MAX    48
#define CACHE_MAX_GENERATIONS 64 /* more are left for a later collection */

struct cache_state {
    char url[HTTP_MAX_URL]; /* feed the ETag belongs to */
    char etag[HTTP_MAX_ETAG];
    char last_modified[HTTP_MAX_LASTMOD];
    int64_t sequence;     /* installed sequence, 0 before the first */
    char feed_sha256[65]; /* of the installed signed feed, hex */
    int64_t next_attempt; /* unix seconds; 0 = now */
    int failures;         /* consecutive failed cycles */
    int64_t last_success; /* unix seconds of the last good cycle */
    int64_t last_attempt; /* unix seconds the last cycle ended */
};

/* An open cache directory (a directory fd on DIR). */
struct cache;

/* Creates DIR if missing and opens it. DIR itself may be a link the
 * operator made; nothing below it is followed. */
bool cache_open(const char *dir, struct cache **out, char *reason, size_t reason_n);
/* Releases the lock if held, closes. NULL is fine. */
void cache_close(struct cache *c);
int cache_fd(const struct cache *c);
const char *cache_dir(const struct cache *c);

/* Takes DIR/.lock exclusively, waiting up to wait_s seconds for another
 * writer (cancel, may be NULL, stops the wait). The reason says what is
 * wrong: another fetch, a read-only disk, a .lock that is not a file. */
bool cache_lock(struct cache *c, double wait_s, const atomic_int *cancel, char *reason,
                size_t reason_n);

/* DIR/name as a directory fd (created when missing), or -1 with a reason
 * (a link or a file in the way). */
int cache_subdir(struct cache *c, const char *name, char *reason, size_t reason_n);

/* Loads DIR/state.json (exact integers). Missing or unreadable: zeroed. */
void cache_state_load(struct cache *c, struct cache_state *st);
bool cache_state_save(struct cache *c, const struct cache_state *st);

/* The generation DIR/playlist.json is (same file as gen/G/root.json).
 * False when there is no playlist, or it is not one of ours (a cache of
 * an older bangtin, a hand-made file). */
bool cache_current_gen(int dirfd, char *name, size_t n);
/* The sequence a generation name carries; 0 when it is not one. */
int64_t cache_gen_sequence(const char *name);

/* The extensions a content-named asset may carry, images then clips;
 * NULL-terminated. An asset's extension comes from its bytes (stage.h). */
extern const char *const cache_image_exts[]; /* png jpg gif webp */
extern const char *const cache_clip_exts[];  /* mp4 mov webm mkv avi ogv ts */

/* True for "<64 lower-case hex>.<ext>", ext one of the above. */
bool cache_is_asset_name(const char *name);

/* Empties DIR/tmp (leftovers of a killed cycle). False with a reason if
 * it holds a link or an odd file, which stay where they are. */
bool cache_clear_tmp(struct cache *c, char *reason, size_t reason_n);

/* Under the lock: deletes every generation but the current one that no
 * process has pinned, and the pre-generation layout (DIR/assets,
 * DIR/feed.json) once a generation is current. What it refuses to touch
 * (links, odd files) is named in report (may be NULL). Returns the number
 * of generations removed. */
int cache_gc(struct cache *c, char *report, size_t report_n);

/* A reader's hold on the generation DIR/playlist.json is now. */
struct cache_pin;
/* Pins the current generation: path gets the playlist to load (inside the
 * generation, so it never changes under the reader), *sequence its
 * sequence. NULL when there is nothing installed or it is being replaced
 * this instant (try again at the next poll). A cache of an older layout
 * is pinned as DIR/playlist.json with its DIR/assets. */
struct cache_pin *cache_pin_current(const char *dir, char *path, size_t path_n, int64_t *sequence);
/* What identifies DIR/playlist.json now (inode, change time): cheap, a
 * stat. Equal keys mean nothing was installed in between. */
bool cache_playlist_key(const char *dir, uint64_t key[3]);
void cache_pin_key(const struct cache_pin *p, uint64_t key[3]);
const char *cache_pin_path(const struct cache_pin *p);
void cache_pin_release(struct cache_pin *p);
