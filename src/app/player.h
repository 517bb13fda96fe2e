/* SPDX-License-Identifier: MIT */
#pragma once
/* The player: shows the scheduled slides on the display until told to
 * stop. Rendering never waits on the network or the disk for longer than
 * a stat(); new playlists (an edited file, a fetched feed) are swapped in
 * between slides, and a playlist with errors never replaces a good one.
 *
 * Routine changes wait for the slide's end. The loop wakes early for what
 * cannot wait (src/app/rotation.h): an item of higher priority scheduled
 * by time or by a new playlist, and the end of the window of the item on
 * screen, take the board within a second. A config with errors never
 * stops it (src/app/cfgwatch.h). */

#include <stdbool.h>

#include "display/display.h"

struct player_opts {
    const char *playlist_path;   /* local playlist file, or NULL; overrides the config's */
    const char *config_path;     /* --config FILE, or NULL */
    const char *state_dir;       /* the last good config's directory; NULL: cfgwatch_state_dir() */
    struct display_opts display; /* from the command line; the config fills what it leaves 0 */
    double duration;             /* seconds; 0 = until quit */
    long frames;                 /* frames to present; 0 = unbounded */
};

/* Returns an exit code of app/exit.h: EXIT_OK after a clean quit (Esc, q,
 * SIGTERM, --duration/--frames), EXIT_RUNTIME if the display failed. Never
 * EXIT_CONTENT: a bad playlist or config is logged and outlived. */
int player_run(const struct player_opts *opts);
