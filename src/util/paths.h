/* SPDX-License-Identifier: MIT */
#pragma once
/* Where the bundled data (fonts/, playlists/, assets/) lives. */

#include <stdbool.h>
#include <stddef.h>

/* The data directory: $BANGTIN_DATA_DIR, else next to the executable
 * (source tree when run from build/, or ../share/bangtin when installed),
 * else the compiled-in locations. Never NULL; the string is static. */
const char *paths_data_dir(void);

/* Joins dir and rel into buf; false if it does not fit. */
bool paths_join(char *buf, size_t n, const char *dir, const char *rel);

/* paths_join(buf, n, paths_data_dir(), rel). */
bool paths_data_file(char *buf, size_t n, const char *rel);
