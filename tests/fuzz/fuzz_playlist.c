/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the playlist scanner, parser and validator, then the
 * scheduler over the result. No input may crash, hang or leak. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "playlist/playlist.h"
#include "sched/sched.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag_list *d = diag_list_new();
    /* The last byte picks feed mode, so both paths are explored. */
    struct playlist_opts opts = {
        .feed = size && (data[size - 1] & 1),
        .has_today = true,
        .today = {2026, 10, 10},
    };
    struct playlist *pl =
        playlist_parse_ex((const char *)data, size, "fuzz.json", "/srv/board", &opts, d);
    char line[1600];
    for (size_t i = 0; i < diag_count(d); i++) {
        const struct diag *g = diag_get(d, i);
        diag_format(g, line, sizeof(line));
        /* Every diagnostic names a place (or the file when unreadable). */
        if (g->line < 0 || g->col < 0)
            abort();
    }
    if (pl) {
        if (diag_error_count(d))
            abort(); /* a playlist with an error is never returned */
        struct sched_time times[] = {
            sched_time_make(2026, 10, 10, 23, 59, 59),
            sched_time_make(2026, 1, 1, 0, 0, 0),
            sched_time_from_unix(0, 7 * 3600),
        };
        for (size_t t = 0; t < sizeof(times) / sizeof(times[0]); t++) {
            size_t cur = SCHED_NONE;
            for (size_t k = 0; k < pl->n_items + 1; k++) {
                cur = sched_next(pl, &times[t], cur);
                if (cur != SCHED_NONE && cur >= pl->n_items)
                    abort();
            }
            int64_t s = sched_seconds_to_change(pl, &times[t]);
            if (s < 1 || s > 86400)
                abort();
        }
        playlist_free(pl);
    } else if (!diag_error_count(d)) {
        abort(); /* a refusal always says why */
    }
    diag_list_free(d);
    return 0;
}
