/* SPDX-License-Identifier: MIT */
#pragma once
/* The board's config file as the running player sees it: loaded at start,
 * reloaded when it changes, and never a reason to stop.
 *
 * Each config that loads from the file is saved (atomically, only when it
 * differs) as STATE/config.last-good: its source path on the first line,
 * then its bytes. When the file has errors, each is logged with its line
 * and column, and the player goes on with the last good copy of that same
 * file, or, with none, with no config at all (defaults: the whole screen,
 * no feed, the neutral slide). The fixed file is picked up when it
 * changes on disk. */

#include <stdbool.h>
#include <stddef.h>

struct config;
struct cfgwatch;

enum cfgwatch_source {
    CFGWATCH_FILE,      /* the file itself */
    CFGWATCH_LAST_GOOD, /* the file has errors: its last good copy */
    CFGWATCH_DEFAULTS,  /* the file has errors and no good copy exists */
};

/* The directory for the last good copy: $STATE_DIRECTORY (systemd's
 * StateDirectory=, first entry), else $XDG_STATE_HOME/bangtin, else
 * $HOME/.local/state/bangtin. False when none can be named. */
bool cfgwatch_state_dir(char *buf, size_t n);

/* Watches path; state_dir NULL means cfgwatch_state_dir(). NULL only when
 * out of memory. Nothing is read yet. */
struct cfgwatch *cfgwatch_new(const char *path, const char *state_dir);
void cfgwatch_free(struct cfgwatch *w);

/* Loads the config now (the file, else its last good copy, else none) and
 * returns it, owned by the caller; NULL means defaults. Problems are
 * logged to stderr. */
const struct config *cfgwatch_load(struct cfgwatch *w);

/* Once the file changed on disk since the last look: true, with *cfg the
 * config to use from now on (owned by the caller; NULL: defaults). A
 * change that still has errors is logged and reported as no change
 * (false): the board keeps what it has. Cheap: a stat(). */
bool cfgwatch_poll(struct cfgwatch *w, const struct config **cfg);

/* Where the config in use came from. */
enum cfgwatch_source cfgwatch_source(const struct cfgwatch *w);

/* The last good copy's path ("" without a state directory). */
const char *cfgwatch_saved_path(const struct cfgwatch *w);
