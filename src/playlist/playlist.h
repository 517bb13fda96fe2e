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

#include "util/diag.h"

/* Limits that keep a bad file from hurting the player. */
#define PLAYLIST_MAX_FILE_BYTES (4u * 1024u * 1024u)
#define PLAYLIST_MAX_ITEMS 1000
#define PLAYLIST_MAX_TEXT_BYTES 8192
#define PLAYLIST_MAX_DEPTH 32
#define PLAYLIST_MAX_DURATION 3600.0 /* seconds; a typo'd "forever" is capped */
#define PLAYLIST_MAX_STAT_ROWS 12

enum pl_item_type { PL_TEXT, PL_IMAGE, PL_COUNTDOWN, PL_STATS, PL_CLOCK };
enum pl_transition { PL_TRANSITION_NONE, PL_TRANSITION_FADE };
enum pl_fit { PL_FIT_CONTAIN, PL_FIT_COVER };

struct pl_color {
    uint8_t r, g, b;
};

struct pl_date {
    int year, month, day; /* year 0 with date_every_year: MM-DD */
};

struct pl_stat_row {
    char *label;  /* owned, NFC UTF-8 */
    double value;
    double max;   /* 0 when absent */
    bool has_max;
    char *unit;   /* owned, may be NULL */
};

struct pl_item {
    char *id; /* owned, [a-z0-9_-]+ */
    enum pl_item_type type;
    double duration; /* seconds, > 0, <= PLAYLIST_MAX_DURATION */

    /* Schedule. */
    bool has_from, has_until;
    struct pl_date from, until; /* inclusive */
    bool has_hours;
    int hours_start, hours_end; /* minutes since midnight; end < start crosses midnight */
    uint8_t weekdays;           /* bit (d - 1) for d = 1 (Monday) .. 7 (Sunday) */
    int priority;               /* default 0; higher preempts */

    struct pl_color background, color; /* item's or the defaults' */
    enum pl_transition transition;

    /* text */
    char *text;  /* owned, NFC UTF-8, may contain '\n' */
    char *title; /* owned, may be NULL; also used by stats */

    /* image */
    char *src;        /* owned, as written in the playlist */
    char *path;       /* owned, resolved file path on disk */
    bool has_sha256;
    char sha256[65];  /* lower-case hex */
    enum pl_fit fit;

    /* countdown */
    char *event;          /* owned event id, or NULL when date is used */
    bool has_date;
    struct pl_date date;
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

    struct pl_color background, color; /* defaults */
    double duration;
    enum pl_transition transition;

    bool has_ticker;
    char *ticker_text; /* owned */
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
