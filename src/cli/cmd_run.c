/* SPDX-License-Identifier: MIT */
/* bangtin run [PLAYLIST] [--config FILE] [--window WxH] [--fullscreen]
 *             [--duration S] [--frames N] */

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/player.h"
#include "cli/args.h"
#include "cli/cmd.h"
#include "util/i18n.h"
#include "util/log.h"
#include "util/paths.h"
#include "util/strparse.h"

static const char *const usage =
    N_("Usage: bangtin run [PLAYLIST] [--config FILE] [--window WxH] [--fullscreen]\n"
       "                   [--duration S] [--frames N]\n"
       "\n"
       "Plays the playlist on the screen, each slide for its duration, until Esc, q\n"
       "or SIGTERM. Without a playlist or config it plays the bundled demo. Editing\n"
       "the playlist file takes effect from the next slide; an edit with errors is\n"
       "reported here and the previous playlist keeps playing. An item of higher\n"
       "priority (an emergency notice) takes the board at once.\n"
       "\n"
       "  --config FILE  the board's configuration (playlist, feed, cache, proof log,\n"
       "                 display size, viewport, rotation, on/off hours, brightness);\n"
       "                 reloaded when it changes. With errors it is reported and the\n"
       "                 board keeps the last config that loaded (or the defaults)\n"
       "  --window WxH   window size (default 1280x720)\n"
       "  --fullscreen   the whole screen (the Pi's console needs SDL_VIDEODRIVER=kmsdrm)\n"
       "  --duration S   stop after S seconds\n"
       "  --frames N     stop after N frames\n");

int cmd_run(int argc, char **argv)
{
    static const struct option opts[] = {
        {"config", required_argument, NULL, 'c'},
        {"window", required_argument, NULL, 'w'},
        {"fullscreen", no_argument, NULL, 'f'},
        {"duration", required_argument, NULL, 'd'},
        {"frames", required_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {0},
    };
    struct player_opts po = {0};
    char demo[PATH_MAX];
    int c;
    optind = 1;
    const char *config_file = NULL;
    while ((c = getopt_long(argc, argv, "c:w:fd:n:h", opts, NULL)) != -1) {
        switch (c) {
        case 'c':
            config_file = optarg;
            break;
        case 'w':
            if (!args_size(optarg, &po.display.w, &po.display.h)) {
                log_error("--window '%s': give a size as WIDTHxHEIGHT, e.g. 1280x720", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'f':
            po.display.fullscreen = true;
            break;
        case 'd':
            if (!args_seconds(optarg, &po.duration)) {
                log_error("--duration '%s': give a number of seconds, e.g. 10", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'n': {
            int64_t frames;
            if (!strp_parse_int(optarg, 1, LONG_MAX, &frames)) {
                log_error("--frames '%s': give a number of frames, e.g. 60", optarg);
                return EXIT_USAGE;
            }
            po.frames = (long)frames;
            break;
        }
        case 'h':
            fputs(_(usage), stdout);
            return EXIT_OK;
        default:
            fputs(_(usage), stderr);
            return EXIT_USAGE;
        }
    }
    if (argc - optind > 1) {
        log_error("run takes at most one PLAYLIST; see 'bangtin run --help'");
        return EXIT_USAGE;
    }
    /* A config with errors does not stop the board: the player logs it
     * and runs with its last good copy, or defaults (src/app/cfgwatch.h). */
    po.config_path = config_file;
    if (optind < argc) {
        po.playlist_path = argv[optind];
    } else if (!config_file) {
        if (!paths_data_file(demo, sizeof(demo), "playlists/demo.json"))
            return EXIT_RUNTIME;
        po.playlist_path = demo;
    }
    return player_run(&po);
}
