#pragma once
/* File helpers with size caps and crash-safe writes. */

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* Reads a whole file into a NUL-terminated heap buffer (*out, owned by the
 * caller). Fails with errno = EFBIG when the file exceeds max bytes. */
bool fs_read_file(const char *path, size_t max, char **out, size_t *len);

/* Writes data to path atomically: a temp file in the same directory,
 * fsync, rename over path, fsync the directory. A power cut at any
 * instant leaves either the old or the new file, never a mix. */
bool fs_write_atomic(const char *path, const void *data, size_t len);

/* The same, with the file's modification time set to mtime (seconds; 0
 * leaves it "now"). Web servers derive Last-Modified and often the ETag
 * from it at one-second resolution: a file replaced twice in one second
 * would otherwise look unchanged to a conditional GET. */
bool fs_write_atomic_at(const char *path, const void *data, size_t len, time_t mtime);

/* fsync the directory holding path (after a rename or unlink). */
bool fs_sync_dir_of(const char *path);

/* mkdir -p with mode 0755; true if the directory exists afterwards. */
bool fs_mkdirs(const char *path);

bool fs_is_dir(const char *path);
bool fs_is_file(const char *path);
