/* bangtin check PLAYLIST [--size WxH] [--today YYYY-MM-DD]
 *
 * Diagnostics go to stdout, one a line, compiler style, followed by a
 * one-line summary; usage and I/O errors go to stderr. Exit 0 with at most
 * warnings, 1 with any error, 2 on a usage error, 3 when the file cannot
 * be read. */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/clock.h"
#include "cli/cmd.h"
#include "media/mediacheck.h"
#include "playlist/playlist.h"
#include "slides/scene.h"
#include "slides/textcheck.h"
#include "text/font.h"
#include "util/diag.h"
#include "util/i18n.h"
#include "util/paths.h"

static void help(FILE *out)
{
    fprintf(out, "%s",
            _("Usage: bangtin check PLAYLIST [--size WxH] [--today YYYY-MM-DD]\n\n"
              "Checks a playlist without a display and prints one line per problem:\n"
              "  FILE:LINE:COL: error|warning: FIELD: MESSAGE [code]\n\n"
              "  --size WxH           board size in pixels (default 1920x1080)\n"
              "  --today YYYY-MM-DD   date for the schedule checks (default: today)\n\n"
              "Exit status: 0 no errors (warnings allowed), 1 errors, 2 usage error,\n"
              "3 the file cannot be read.\n"));
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

static bool parse_size(const char *s, int *w, int *h)
{
    char x, extra;
    if (sscanf(s, "%d%c%d%c", w, &x, h, &extra) != 3 || (x != 'x' && x != 'X'))
        return false;
    return *w >= 16 && *h >= 16 && *w <= 16384 && *h <= 16384;
}

static bool parse_day(const char *s, struct cal_date *d)
{
    char extra;
    if (sscanf(s, "%4d-%2d-%2d%c", &d->year, &d->month, &d->day, &extra) != 3)
        return false;
    return cal_date_valid(*d);
}

int cmd_check(int argc, char **argv)
{
    const char *file = NULL;
    int w = 1920, h = 1080;
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
        } else if (strcmp(a, "--size") == 0 || strcmp(a, "--today") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, _("bangtin check: %s needs a value; see bangtin check --help\n"),
                        a);
                return EXIT_USAGE;
            }
            const char *v = argv[++i];
            if (strcmp(a, "--size") == 0 && !parse_size(v, &w, &h)) {
                fprintf(stderr,
                        _("bangtin check: --size %s: write the board size as WIDTHxHEIGHT in "
                          "pixels, like 1920x1080 or 384x192\n"),
                        v);
                return EXIT_USAGE;
            }
            if (strcmp(a, "--today") == 0) {
                if (!parse_day(v, &opts.today)) {
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
    if (!file) {
        fprintf(stderr, "%s",
                _("bangtin check: which playlist? Usage: bangtin check PLAYLIST [--size WxH]\n"));
        return EXIT_USAGE;
    }

    struct diag_list *diags = diag_list_new();
    if (!diags) {
        fprintf(stderr, "bangtin check: out of memory\n");
        return EXIT_RUNTIME;
    }
    errno = 0;
    struct playlist *pl = playlist_load_ex(file, &opts, diags);
    const struct diag *io = diag_find(diags, "file");
    if (io) {
        fprintf(stderr, _("bangtin check: %s: %s\n"), file, io->message);
        diag_list_free(diags);
        return EXIT_RUNTIME;
    }
    if (pl && !check_text_fits(pl, w, h, diags)) {
        fprintf(stderr, "%s",
                _("bangtin check: cannot load the bundled fonts; reinstall bangtin's fonts/ "
                  "folder\n"));
        playlist_free(pl);
        diag_list_free(diags);
        return EXIT_RUNTIME;
    }
    /* Clips fill the slide area (the board less the ticker). */
    if (pl)
        mediacheck_playlist(pl, w, pl->has_ticker ? h - scene_ticker_band(h) : h, diags);
    diag_print_all(diags, stdout);
    size_t errors = diag_error_count(diags);
    size_t warnings = diag_count(diags) - errors;
    printf(_("%s: %zu items, %zu errors, %zu warnings\n"), file, pl ? pl->n_items : 0, errors,
           warnings);
    playlist_free(pl);
    diag_list_free(diags);
    return errors ? EXIT_CONTENT : EXIT_OK;
}
