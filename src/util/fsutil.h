/* SPDX-License-Identifier: MIT */
#pragma once
/* File helpers with size caps and crash-safe writes. */

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <errno.h>

/* errno when a file that must be regular is a FIFO, device, socket or
 * (for the *_at functions) a symbolic link. */
#define FS_E_NOT_REGULAR EINVAL

/* Reads a whole regular file into a NUL-terminated heap buffer (*out,
 * owned by the caller). Opened non-blocking: a FIFO, device or socket is
 * refused at once (errno FS_E_NOT_REGULAR), a directory with EISDIR.
 * Fails with errno = EFBIG when the file exceeds max bytes. */
bool fs_read_file(const char *path, size_t max, char **out, size_t *len);

/* strerror, with plain words for FS_E_NOT_REGULAR and EFBIG. */
const char *fs_strerror(int err);

/* True when fd is a regular file; otherwise errno says what it is. */
bool fs_fd_is_regular(int fd);

/* Directory-fd versions for trees the board owns (the feed cache): names
 * are one component, never followed when they are symbolic links. */
/* fs_read_file of dirfd/name; a symlink is refused (FS_E_NOT_REGULAR). */
bool fs_read_at(int dirfd, const char *name, size_t max, char **out, size_t *len);
/* Opens dirfd/name as a directory (created first when create), or -1:
 * errno ELOOP for a symbolic link, ENOTDIR for anything else. */
int fs_open_dir_at(int dirfd, const char *name, bool create);
/* Writes all of data to fd, retrying short writes and EINTR. */
bool fs_write_all(int fd, const void *data, size_t len);
/* fs_write_atomic inside dirfd: temp, fsync, renameat, fsync dirfd. */
bool fs_write_atomic_at(int dirfd, const char *name, const void *data, size_t len);
/* Removes dirfd/name: a regular file, or a directory and what it holds
 * down to depth levels. Nothing is followed: a symbolic link, FIFO,
 * device or socket inside is removed by name only (never its target) and
 * report (may be NULL) names the first one, even on success. When name
 * itself is a link or odd file it is left alone and false returned. */
bool fs_remove_tree_at(int dirfd, const char *name, int depth, char *report, size_t n);

/* Writes data to path atomically: a temp file in the same directory,
 * fsync, rename over path, fsync the directory. A power cut at any
 * instant leaves either the old or the new file, never a mix. */
bool fs_write_atomic(const char *path, const void *data, size_t len);

/* The same, with the file's modification time set to mtime (seconds; 0
 * leaves it "now"). Web servers derive Last-Modified and often the ETag
 * from it at one-second resolution: a file replaced twice in one second
 * would otherwise look unchanged to a conditional GET. */
bool fs_write_atomic_mtime(const char *path, const void *data, size_t len, time_t mtime);

/* fsync the directory holding path (after a rename or unlink). */
bool fs_sync_dir_of(const char *path);

/* mkdir -p with mode 0755; true if the directory exists afterwards. */
bool fs_mkdirs(const char *path);

bool fs_is_dir(const char *path);
bool fs_is_file(const char *path);
