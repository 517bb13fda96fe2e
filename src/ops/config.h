/* SPDX-License-Identifier: MIT */
#pragma once
/* The device configuration (`bangtin run --config FILE`, DESIGN.md).
 *
 * Parsed once into an immutable struct config: every default applied, every
 * relative path resolved against the config file's directory, times turned
 * into minutes since midnight. Problems are diagnostics with code [config]
 * (or [json] for a syntax error) and the JSON path, exactly like playlist
 * errors. A config with any error is refused as a whole. */

#include <stdbool.h>
#include <stddef.h>

#include "display/display.h"
#include "util/diag.h"

#define CONFIG_MAX_FILE_BYTES             (256u * 1024u)
#define CONFIG_MAX_BRIGHTNESS             48
#define CONFIG_DEFAULT_FEED_INTERVAL      300 /* seconds */
#define CONFIG_MIN_FEED_INTERVAL          30
#define CONFIG_MAX_INTERVAL               86400
#define CONFIG_DEFAULT_HEARTBEAT_INTERVAL 300
#define CONFIG_MIN_HEARTBEAT_INTERVAL     10
#define CONFIG_DEFAULT_PROOF_BYTES        (4u * 1024u * 1024u) /* rotate a log file at this size */
#define CONFIG_DEFAULT_PROOF_KEEP         64                   /* rotated files kept (.1 .. .64) */
#define CONFIG_MAX_SAFE_AREA              10                   /* percent of each side */

/* From `from` (minutes since midnight) until the next entry, the picture is
 * drawn at `level` percent of full brightness. */
struct config_brightness {
    int from;  /* 0 .. 1439 */
    int level; /* 0 .. 100 */
};

struct config {
    char *file; /* owned, the path it was loaded from */
    char *dir;  /* owned, directory that relative paths resolve in */

    char *playlist; /* owned, resolved path of a local playlist, or NULL */

    bool has_feed;
    char *feed_url;              /* owned, http:// or https:// */
    char *feed_pubkey;           /* owned, resolved minisign public key file, or NULL */
    int pubkey_line, pubkey_col; /* where feed.pubkey is written (config_load checks the file) */
    int feed_interval;           /* seconds between fetches */

    char *cache; /* owned, resolved directory; NULL when there is no feed */

    char *proof_log;        /* owned, resolved path, or NULL: no proof of play */
    size_t proof_max_bytes; /* rotate when a file would grow past this */
    int proof_keep;         /* rotated files kept */

    char *status_file; /* owned, resolved path, or NULL */

    /* The sound output clips with "audio": true play on: "default" (the
     * system's) or an output's name as SDL lists it; NULL: every clip is
     * muted. */
    char *audio_output; /* owned */

    bool has_heartbeat;
    char *heartbeat_url; /* owned */
    int heartbeat_interval;

    /* display */
    bool has_size;
    int width, height; /* the HDMI picture; 0 when absent (the screen's mode) */
    bool has_viewport;
    int vp_x, vp_y, vp_w, vp_h;     /* the window an LED sending card crops */
    int rotate;                     /* 0, 90, 180 or 270 degrees clockwise */
    bool mono;                      /* one-colour LED board: 1-bit text, no antialiasing */
    int safe_area;                  /* percent of each side kept clear (TV overscan), 0 .. 10 */
    enum display_renderer renderer; /* auto (default), gpu or surface */
    bool has_schedule;
    int on, off;                          /* minutes since midnight; off < on crosses midnight */
    struct config_brightness *brightness; /* owned, sorted by from; may be empty */
    size_t n_brightness;
};

/* Parses and validates; NULL when there is any error. file names the source
 * in diagnostics; dir is where relative paths resolve. diags may be NULL. */
const struct config *config_parse(const char *data, size_t len, const char *file, const char *dir,
                                  struct diag_list *diags);

/* Reads file (capped at CONFIG_MAX_FILE_BYTES) and parses it; relative
 * paths resolve in the file's directory. A missing or unreadable file is
 * one error diagnostic ([config]) naming the file. feed.pubkey is checked
 * here (config_parse does no I/O): the file exists and is a minisign public
 * key, not the secret key. */
const struct config *config_load(const char *file, struct diag_list *diags);

/* The checks of config_load() that read other files: feed.pubkey exists and
 * is a minisign public key, not the secret key. For callers that read the
 * config themselves and then config_parse() it (the player's watcher).
 * False with an error diagnostic at feed.pubkey. */
bool config_check_files(const struct config *cfg, struct diag_list *diags);

void config_free(const struct config *cfg);

/* Brightness in percent (0..100) at a minute of the day (0..1439): the last
 * entry whose `from` is at or before it, wrapping round to the day's last
 * entry before the first `from`. 100 without a schedule. Pure. */
int config_brightness_at(const struct config *cfg, int minute_of_day);

/* Whether the board shows content at a minute of the day. Always true
 * without an on/off schedule; on < off is a daytime window, off < on one
 * that crosses midnight (on 18:00, off 06:00). Outside it the board is
 * black. Pure. */
bool config_display_on_at(const struct config *cfg, int minute_of_day);

/* Parses a time of day (util/strparse.h: H:MM or HH:MM, 00:00 .. 23:59)
 * into minutes since midnight. */
bool config_parse_hhmm(const char *s, int *minutes);
