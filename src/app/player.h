#pragma once
/* The player: shows the scheduled slides on the display until told to
 * stop. Rendering never waits on the network or the disk for longer than
 * a stat(); new playlists (an edited file, a fetched feed) are swapped in
 * between slides, and a playlist with errors never replaces a good one. */

#include <stdbool.h>

#include "display/display.h"

struct config;

struct player_opts {
    const char *playlist_path; /* local playlist file, or NULL */
    const struct config *cfg;  /* borrowed, may be NULL: feed, proof log, display */
    struct display_opts display;
    double duration; /* seconds; 0 = until quit */
    long frames;     /* frames to present; 0 = unbounded */
};

/* Returns an exit code of cmd.h: EXIT_OK after a clean quit (Esc, q,
 * SIGTERM, --duration/--frames), EXIT_RUNTIME if the display failed. */
int player_run(const struct player_opts *opts);
