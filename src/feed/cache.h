#pragma once
/* The feed cache directory and its small state file.
 *
 *   DIR/playlist.json         installed playlist, src rewritten to assets/…
 *   DIR/assets/<sha256>.png   content-addressed, verified assets (or .jpg)
 *   DIR/feed.json(.minisig)   the signed original and its signature (audit)
 *   DIR/state.json            ETag, Last-Modified, sequence, backoff
 *   DIR/tmp/                  staging of a fetch in progress (never shown)
 *
 * Every file the board depends on is written with fs_write_atomic. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "feed/http.h"

#define CACHE_STATE_MAX_BYTES 16384

struct cache_state {
    char url[HTTP_MAX_URL]; /* feed the ETag belongs to */
    char etag[HTTP_MAX_ETAG];
    char last_modified[HTTP_MAX_LASTMOD];
    int64_t sequence;     /* installed sequence, 0 before the first */
    char feed_sha256[65]; /* of the installed signed feed, hex */
    int64_t next_attempt; /* unix seconds; 0 = now */
    int failures;         /* consecutive failed cycles */
    int64_t last_success; /* unix seconds of the last good cycle */
};

/* Loads DIR/state.json. A missing or unreadable file gives a zeroed state
 * (the installed playlist's own sequence still guards against replays). */
void cache_state_load(const char *dir, struct cache_state *st);
bool cache_state_save(const char *dir, const struct cache_state *st);

/* Joins dir and name into buf; false when it does not fit. */
bool cache_path(char *buf, size_t n, const char *dir, const char *name);

/* The sequence recorded in DIR/playlist.json, 0 if none or unreadable. */
int64_t cache_installed_sequence(const char *dir);

/* True for "<64 lower-case hex>.png" or ".jpg": the only names assets/ holds. */
bool cache_is_asset_name(const char *name);

/* Removes every file of DIR/assets whose name is not in keep (n names). */
void cache_gc_assets(const char *dir, const char *const *keep, size_t n);

/* Removes DIR/tmp and everything in it (one level: tmp/ and tmp/assets/). */
void cache_clear_tmp(const char *dir);
