/* SPDX-License-Identifier: MIT */
/* bangtin check PLAYLIST [--size WxH] [--config FILE] [--feed] [--today YYYY-MM-DD]
 * bangtin check --config FILE
 *
 * Diagnostics go to stdout, one a line, compiler style, followed by a
 * one-line summary; usage and I/O errors go to stderr. Exit 0 with at most
 * warnings, 1 with any error, 2 on a usage error, 3 when a file cannot
 * be read. */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calendar/clock.h"
#include "cli/args.h"
#include "cli/cmd.h"
#include "media/mediacheck.h"
#include "ops/config.h"
#include "playlist/playlist.h"
#include "slides/scene.h"
#include "slides/textcheck.h"
#include "text/font.h"
#include "util/diag.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/paths.h"
#include "json/json.h"

#define DEFAULT_CONFIG "/etc/bangtin/config.json"

static void help(FILE *out)
{
    fprintf(out, "%s",
            _("Usage: bangtin check PLAYLIST [--size WxH] [--config FILE] [--feed] [--today "
              "YYYY-MM-DD]\n"
              "       bangtin check --config FILE\n\n"
              "Checks a playlist without a display, as the board will show it, and prints\n"
              "one line per problem:\n"
              "  FILE:LINE:COL: error|warning: item N (JSON PATH): MESSAGE [code]\n\n"
              "  --size WxH           board size in pixels (default: from the config, else\n"
              "                       1920x1080)\n"
              "  --config FILE        the board's config: its size, viewport and rotation are\n"
              "                       checked against, and the config itself is checked\n"
              "                       (default: /etc/bangtin/config.json when present, or\n"
              "                       $BANGTIN_CONFIG); alone, only the config is checked\n"
              "  --feed               also the rules a board applies to a fetched feed: every\n"
              "                       image with its sha256, no \"..\", web addresses only of\n"
              "                       the feed's own site\n"
              "  --today YYYY-MM-DD   date for the schedule checks (default: today)\n\n"
              "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error,\n"
              "3 a file cannot be read.\n"));
}

/* [too-long] and [missing-glyph] need the text engine: the bundled fonts,
 * shaping and fitting with the slides' own geometry at the board size. */
static bool check_text_fits(const struct playlist *pl, int w, int h, struct diag_list *diags)
{
    char font_dir[PATH_MAX];
    struct font_set *fs = NULL;
    if (!paths_data_file(font_dir, sizeof(font_dir), "fonts") || !(fs = font_set_load(font_dir)))
        return false;
    textcheck_playlist(fs, pl, w, h, diags);
    font_set_free(fs);
    return true;
}

/* Items in a playlist that did not load (the summary still counts them):
 * the length of its "items" list; -1 when the JSON itself does not read. */
static long count_items(const char *file)
{
    char *data = NULL;
    size_t len = 0;
    long n = -1;
    if (!fs_read_file(file, PLAYLIST_MAX_FILE_BYTES, &data, &len))
        return -1;
    struct json_doc *doc = json_parse(data, len, NULL, NULL);
    const struct json_node *root = json_root(doc);
    if (root)
        n = json_is(json_get(root, "items"), JSON_ARRAY) ? (long)json_count(json_get(root, "items"))
                                                         : 0;
    json_free(doc);
    free(data);
    return n;
}

/* The picture the slides are composed at, as the display computes it: the
 * viewport (an LED sending card's window) or the whole output, sides
 * swapped for a portrait board. False when the config does not say. */
static bool board_size(const struct config *cfg, int *w, int *h)
{
    bool portrait = cfg->rotate == 90 || cfg->rotate == 270;
    int bw, bh;
    if (cfg->has_viewport) {
        bw = cfg->vp_w;
        bh = cfg->vp_h;
    } else if (cfg->has_size) {
        bw = cfg->width;
        bh = cfg->height;
    } else {
        return false;
    }
    *w = portrait ? bh : bw;
    *h = portrait ? bw : bh;
    return *w > 0 && *h > 0;
}

/* Loads and checks the config into diags. NULL when it has errors (they
 * are in diags) or cannot be read (*unreadable set, message printed). */
static const struct config *load_config(const char *file, struct diag_list *diags, bool *unreadable)
{
    char *data = NULL;
    size_t len = 0;
    *unreadable = false;
    if (!fs_read_file(file, CONFIG_MAX_FILE_BYTES, &data, &len)) {
        if (errno == EFBIG)
            return config_load(file, diags); /* reported as a [config] error */
        fprintf(stderr, _("bangtin check: %s: cannot read the file: %s\n"), file, strerror(errno));
        *unreadable = true;
        return NULL;
    }
    free(data);
    return config_load(file, diags);
}

int cmd_check(int argc, char **argv)
{
    const char *file = NULL, *config_file = NULL;
    int w = 1920, h = 1080;
    bool have_size = false;
    struct playlist_opts opts = {.check_assets = true, .has_today = true};
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    opts.today = (struct cal_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    /* A board without a real-time clock boots in 1970: no "has passed" then. */
    if (!clock_is_plausible(now))
        opts.has_today = false;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            help(stdout);
            return EXIT_OK;
        } else if (strcmp(a, "--feed") == 0) {
            opts.feed = true;
        } else if (strcmp(a, "--size") == 0 || strcmp(a, "--today") == 0 ||
                   strcmp(a, "--config") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, _("bangtin check: %s needs a value; see bangtin check --help\n"),
                        a);
                return EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--size") == 0) {
                if (!args_size(v, &w, &h)) {
                    fprintf(stderr,
                            _("bangtin check: --size %s: write the board size as WIDTHxHEIGHT "
                              "in pixels, like 1920x1080 or 384x192\n"),
                            v);
                    return EXIT_USAGE;
                }
                have_size = true;
            } else if (strcmp(a, "--config") == 0) {
                config_file = v;
            } else {
                if (!cal_parse_date(v, &opts.today)) {
                    fprintf(stderr,
                            _("bangtin check: --today %s: write a real date as YYYY-MM-DD, like "
                              "2026-10-10\n"),
                            v);
                    return EXIT_USAGE;
                }
                opts.has_today = true;
            }
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, _("bangtin check: unknown option %s; see bangtin check --help\n"), a);
            return EXIT_USAGE;
        } else if (file) {
            fprintf(stderr, "%s",
                    _("bangtin check: give one playlist file; see bangtin check --help\n"));
            return EXIT_USAGE;
        } else {
            file = a;
        }
    }
    if (!file && !config_file) {
        fprintf(stderr, "%s",
                _("bangtin check: which playlist? Usage: bangtin check PLAYLIST [--size WxH] "
                  "[--config FILE] [--feed], or bangtin check --config FILE\n"));
        return EXIT_USAGE;
    }
    /* The board's own config, when this machine is the board. */
    if (file && !config_file) {
        const char *env = getenv("BANGTIN_CONFIG");
        const char *def = env && *env ? env : DEFAULT_CONFIG;
        if (access(def, F_OK) == 0)
            config_file = def;
    }

    struct diag_list *diags = diag_list_new();
    if (!diags) {
        fprintf(stderr, "%s", _("bangtin check: out of memory\n"));
        return EXIT_RUNTIME;
    }
    const struct config *cfg = NULL;
    if (config_file) {
        bool unreadable;
        cfg = load_config(config_file, diags, &unreadable);
        if (unreadable) {
            diag_list_free(diags);
            return EXIT_RUNTIME;
        }
        if (cfg && !have_size)
            have_size = board_size(cfg, &w, &h);
        if (cfg && cfg->has_feed)
            opts.feed_url = cfg->feed_url; /* --feed: images only from its site */
    }
    if (!file) {
        diag_print_all(diags, stdout);
        size_t errors = diag_error_count(diags);
        printf(_("%s: config, %zu errors, %zu warnings\n"), config_file, errors,
               diag_count(diags) - errors);
        config_free(cfg);
        diag_list_free(diags);
        return errors ? EXIT_CONTENT : EXIT_OK;
    }

    errno = 0;
    struct playlist *pl = playlist_load_ex(file, &opts, diags);
    const struct diag *io = diag_find(diags, "file");
    if (io) {
        fprintf(stderr, _("bangtin check: %s: %s\n"), file, io->message);
        config_free(cfg);
        diag_list_free(diags);
        return EXIT_RUNTIME;
    }
    long n_items = pl ? (long)pl->n_items : count_items(file);
    if (pl && !check_text_fits(pl, w, h, diags)) {
        fprintf(stderr, "%s",
                _("bangtin check: cannot load the bundled fonts; reinstall bangtin's fonts/ "
                  "folder\n"));
        playlist_free(pl);
        config_free(cfg);
        diag_list_free(diags);
        return EXIT_RUNTIME;
    }
    /* Clips fill the slide area (the board less the ticker). */
    if (pl)
        mediacheck_playlist(pl, w, pl->has_ticker ? h - scene_ticker_band(h) : h, diags);
    diag_print_all(diags, stdout);
    size_t errors = diag_error_count(diags);
    size_t warnings = diag_count(diags) - errors;
    char board[PATH_MAX + 64];
    if (cfg)
        snprintf(board, sizeof(board), _("checked at %dx%d, from %s"), w, h, config_file);
    else
        snprintf(board, sizeof(board), _("checked at %dx%d"), w, h);
    if (n_items >= 0)
        printf(_("%s: %ld items, %zu errors, %zu warnings (%s)\n"), file, n_items, errors, warnings,
               board);
    else
        printf(_("%s: items not counted until the JSON reads, %zu errors, %zu warnings (%s)\n"),
               file, errors, warnings, board);
    playlist_free(pl);
    config_free(cfg);
    diag_list_free(diags);
    return errors ? EXIT_CONTENT : EXIT_OK;
}
