/* SPDX-License-Identifier: MIT */
/* bangtin render PLAYLIST --out DIR [--size WxH] [--at YYYY-MM-DDTHH:MM] */

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/clock.h"
#include "cli/args.h"
#include "cli/cmd.h"
#include "media/media.h"
#include "sched/sched.h"
#include "slides/draw.h"
#include "slides/png.h"
#include "slides/scene.h"
#include "text/font.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/paths.h"

static const char *const usage =
    N_("Usage: bangtin render PLAYLIST --out DIR [--size WxH] [--at YYYY-MM-DDTHH:MM]\n"
       "\n"
       "Draws the playlist's slides to PNG files without a display: DIR/NNN-ID.png,\n"
       "NNN the item's 1-based place in \"items\". Without --at every item is drawn\n"
       "(countdowns and clocks for now); with --at only the items scheduled at that\n"
       "local time, computed for that moment. Same input and --at, same pixels.\n"
       "\n"
       "  --out DIR      where to write the PNG files (created if missing)\n"
       "  --size WxH     the board's size in pixels (default 1920x1080)\n"
       "  --at TIME      the moment to draw, local time\n");

int cmd_render(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"size", required_argument, NULL, 's'},
        {"at", required_argument, NULL, 'a'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    const char *out_dir = NULL;
    int w = 1920, h = 1080;
    time_t at = 0;
    bool has_at = false;
    const char *at_str = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:s:a:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            out_dir = optarg;
            break;
        case 's':
            if (!args_size(optarg, &w, &h)) {
                log_error("--size '%s': give the board's size as WIDTHxHEIGHT, e.g. 384x192",
                          optarg);
                return EXIT_USAGE;
            }
            break;
        case 'a':
            if (!clock_parse_local(optarg, &at)) {
                log_error(_("--at '%s': give a local time as YYYY-MM-DDTHH:MM, e.g. "
                            "2026-05-18T07:30"),
                          optarg);
                return EXIT_USAGE;
            }
            has_at = true;
            at_str = optarg;
            break;
        case 'h':
            fputs(_(usage), stdout);
            return EXIT_OK;
        default:
            fputs(_(usage), stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1 || !out_dir) {
        log_error("%s", _("render needs one PLAYLIST and --out DIR; see 'bangtin render --help'"));
        return EXIT_USAGE;
    }
    const char *file = argv[optind];

    struct diag_list *diags = diag_list_new();
    struct playlist *pl = playlist_load(file, diags);
    diag_print_all(diags, stderr);
    diag_list_free(diags);
    if (!pl) {
        log_error("%s has errors; nothing rendered ('bangtin check %s' lists them)", file, file);
        return EXIT_CONTENT;
    }

    int status = EXIT_RUNTIME;
    char font_dir[PATH_MAX];
    struct font_set *fs = NULL;
    struct scene *sc = NULL;
    if (!fs_mkdirs(out_dir)) {
        log_error("cannot create the output folder %s", out_dir);
        goto out;
    }
    if (!paths_data_file(font_dir, sizeof(font_dir), "fonts") || !(fs = font_set_load(font_dir)))
        goto out;
    if (!(sc = scene_new(fs, pl, w, h)))
        goto out;
    time_t now = has_at ? at : clock_now();
    struct sched_time st = sched_time_from_unix(now, clock_utc_offset(now));
    size_t *playing = calloc(pl->n_items ? pl->n_items : 1, sizeof(*playing));
    if (!playing)
        goto out;
    size_t n_playing = sched_playing(pl, &st, playing, pl->n_items);
    size_t k = 0;
    for (size_t i = 0; i < pl->n_items; i++) {
        /* With --at, only what the board would show then. */
        if (has_at && (k >= n_playing || playing[k] != i))
            continue;
        k += has_at;
        const struct pl_item *item = &pl->items[i];
        /* A clip (or an animated image) is drawn with its first picture. */
        struct pixbuf *poster = NULL;
        struct media_rect dst = {0};
        if (item->path && !item->asset_unusable &&
            (item->type == PL_VIDEO || (item->type == PL_IMAGE && media_is_animated(item->path)))) {
            struct slide_env env = scene_item_env(sc, item, now, true);
            char why[256];
            if (!media_poster(item->path, env.w, env.h, item->fit == PL_FIT_COVER,
                              0xff000000u | (uint32_t)item->background.r << 16 |
                                  (uint32_t)item->background.g << 8 | item->background.b,
                              &poster, &dst, why, sizeof(why)))
                log_warn("item %zu (%s): %s: %s", i + 1, item->id, item->src, why);
        }
        scene_set_frame(sc, poster, dst.x, dst.y);
        struct pixbuf *pb = scene_still(sc, item, now, clock_is_plausible(now), 0);
        scene_set_frame(sc, NULL, 0, 0);
        pixbuf_free(poster);
        char path[PATH_MAX];
        bool ok = pb &&
                  snprintf(path, sizeof(path), "%s/%03zu-%s.png", out_dir, i + 1, item->id) <
                      (int)sizeof(path) &&
                  png_write(pb, path);
        pixbuf_free(pb);
        if (!ok) {
            free(playing);
            goto out;
        }
    }
    if (has_at && n_playing == 0)
        log_warn("nothing in %s is scheduled at %s; the board would show its neutral slide", file,
                 at_str);
    free(playing);
    status = EXIT_OK;
out:
    scene_free(sc);
    font_set_free(fs);
    playlist_free(pl);
    return status;
}
