#pragma once
/* The player: shows the scheduled slides on the display until told to
 * stop. Rendering never waits on the network or the disk for longer than
 * a stat(); new playlists (edited file, fetched feed) are swapped in
 * between slides. */

#include <stdbool.h>

#include "render/display.h"

struct player_opts {
    const char *playlist_path; /* local playlist file; NULL: nothing (neutral slide) */
    struct display_opts display;
    double duration; /* seconds; 0 = until quit */
    long frames;     /* frames to present; 0 = unbounded */
};

/* Returns an exit code of cmd.h: EXIT_OK after a clean quit (Esc, q,
 * SIGTERM, --duration/--frames), EXIT_RUNTIME if the display failed. */
int player_run(const struct player_opts *opts);
