/* SPDX-License-Identifier: MIT */
#pragma once
/* Playlist version 1 (DESIGN.md): parsed, validated, immutable.
 *
 * A struct playlist is built once by playlist_load()/playlist_parse(), with
 * every default applied and every field checked; afterwards nobody writes
 * to it, so the player, scheduler and renderer may share it freely. No
 * cJSON type leaks out of the parser. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar/calendar.h"
#include "util/diag.h"

/* Limits that keep a bad file from hurting the player. */
#define PLAYLIST_MAX_FILE_BYTES (4u * 1024u * 1024u)
#define PLAYLIST_MAX_ITEMS      1000
#define PLAYLIST_MAX_TEXT_BYTES 8192
#define PLAYLIST_MAX_DEPTH      32
#define PLAYLIST_MAX_DURATION   3600.0 /* seconds; a typo'd "forever" is capped */
#define PLAYLIST_MAX_STAT_ROWS  12

enum pl_item_type { PL_TEXT, PL_IMAGE, PL_COUNTDOWN, PL_STATS, PL_CLOCK, PL_VIDEO };
enum pl_transition { PL_TRANSITION_NONE, PL_TRANSITION_FADE };
enum pl_fit { PL_FIT_CONTAIN, PL_FIT_COVER };

struct pl_color {
    uint8_t r, g, b;
};

struct pl_stat_row {
    char *label; /* owned, NFC UTF-8 */
    double value;
    double max; /* 0 when absent */
    bool has_max;
    char *unit; /* owned, may be NULL */
};

struct pl_item {
    char *id; /* owned, [a-z0-9_-]+ */
    enum pl_item_type type;
    double duration;   /* seconds, > 0, <= PLAYLIST_MAX_DURATION */
    bool has_duration; /* written on the item (a video without it lasts its clip) */

    /* Schedule. */
    bool has_from, has_until;
    struct cal_date from, until; /* inclusive */
    bool has_hours;
    int hours_start, hours_end; /* minutes since midnight; end < start crosses midnight */
    uint8_t weekdays;           /* bit (d - 1) for d = 1 (Monday) .. 7 (Sunday) */
    int priority;               /* default 0; higher preempts */
    bool ticker; /* the playlist's ticker runs under this slide: "ticker", default priority <= 0 */

    struct pl_color background, color; /* item's or the defaults' */
    bool has_accent;                   /* figures and bars; else they take color */
    struct pl_color accent;
    enum pl_transition transition;

    /* text */
    char *text;  /* owned, NFC UTF-8, may contain '\n' */
    char *title; /* owned, may be NULL; also used by stats */

    /* image, video */
    char *src;  /* owned, as written in the playlist */
    char *path; /* owned, resolved file path on disk */
    bool has_sha256;
    char sha256[65]; /* lower-case hex */
    enum pl_fit fit;
    bool is_url;         /* src is an http(s) URL (feeds); path is NULL then */
    bool asset_unusable; /* set by the asset checks: file missing, outside the
                          * folder, corrupt or too large; the player skips it */
    bool src_backslash;  /* src was written with '\\' between folders; path has '/'
                          * (playlist_load_ex() with check_assets reports it
                          * naming the file that exists) */
    int src_line, src_col;
    bool loop;  /* video: start the clip again to fill the item's duration */
    bool audio; /* video: play its sound (only where the config names an output) */

    /* countdown */
    char *event; /* owned event id, or NULL when date is used */
    bool has_date;
    struct cal_date date;
    bool date_every_year; /* written as MM-DD */
    char *label;          /* owned, may be NULL */

    /* stats */
    struct pl_stat_row *rows; /* owned array */
    size_t n_rows;

    int line, col; /* where the item starts in the file, for diagnostics */
};

struct playlist {
    int version;
    char *name;       /* owned, NFC; "" when absent */
    int64_t sequence; /* 0 when absent */
    char *file;       /* owned, the path it was loaded from (diagnostics) */
    char *dir;        /* owned, directory that relative src paths resolve in */
    bool feed;        /* parsed with feed rules (playlist_opts.feed) */

    struct pl_color background, color; /* defaults */
    bool has_accent;
    struct pl_color accent;
    double duration;
    enum pl_transition transition;

    bool has_ticker;
    char *ticker_text;   /* owned */
    double ticker_speed; /* px per second */

    struct pl_item *items; /* owned array */
    size_t n_items;
};

/* Parses and validates. Every problem becomes a diagnostic in diags (which
 * may be NULL). Returns NULL when there is any error: a playlist with an
 * error is never half-played. file names the source in diagnostics; dir is
 * where relative src paths resolve. */
struct playlist *playlist_parse(const char *data, size_t len, const char *file, const char *dir,
                                struct diag_list *diags);

/* Reads file (capped at PLAYLIST_MAX_FILE_BYTES) and parses it. */
struct playlist *playlist_load(const char *file, struct diag_list *diags);

void playlist_free(struct playlist *pl);

const char *pl_item_type_name(enum pl_item_type type);

/* Options beyond playlist_parse()'s defaults (a zeroed struct = those). */
struct playlist_opts {
    /* A fetched feed: every image must carry sha256 and src may be an
     * http(s) URL. In a local playlist a URL src is reported and skipped. */
    bool feed;
    /* When set, [schedule] warns about items whose last day is before
     * today and countdowns to a date that has passed. */
    bool has_today;
    struct cal_date today;
    /* playlist_load_ex(): probe image files (present, inside the folder,
     * PNG/JPEG, whole, sane size), also when other fields have errors, so
     * one run reports them all. playlist_load() always does. */
    bool check_assets;
    /* With feed: the feed's own address (http(s)://host[:port]/...), when
     * known. An image given as a web address must be on its site. */
    const char *feed_url;
};

struct playlist *playlist_parse_ex(const char *data, size_t len, const char *file, const char *dir,
                                   const struct playlist_opts *opts, struct diag_list *diags);
struct playlist *playlist_load_ex(const char *file, const struct playlist_opts *opts,
                                  struct diag_list *diags);

/* Checks each image item's file: it exists (a name that differs only in
 * capitals names the file that does), stays inside pl->dir (also through
 * symlinks), is a whole PNG or JPEG whose size is sane. Problems are errors
 * ([missing-asset], [asset]) and mark the item asset_unusable: `check`
 * exits 1, a feed is refused, and a playing board skips the item (the
 * playlist is still returned). Call before sharing pl. Returns false when
 * any image is unusable. Does I/O (playlist_parse does none). */
bool playlist_check_assets(struct playlist *pl, struct diag_list *diags);
