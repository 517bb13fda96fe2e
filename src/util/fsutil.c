/* SPDX-License-Identifier: MIT */
#include "util/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/dynbuf.h"
#include "util/i18n.h"

bool fs_fd_is_regular(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return false;
    if (!S_ISREG(st.st_mode)) {
        errno = S_ISDIR(st.st_mode) ? EISDIR : FS_E_NOT_REGULAR;
        return false;
    }
    return true;
}

const char *fs_strerror(int err)
{
    if (err == FS_E_NOT_REGULAR)
        return _("not a regular file (a FIFO, device, socket or link)");
    if (err == EFBIG)
        return _("file too large");
    return strerror(err);
}

/* Reads fd (a regular file, non-blocking) to the end; closes it. */
static bool read_fd(int fd, size_t max, char **out, size_t *len)
{
    bool ok = false;
    struct dynbuf b;
    /* One byte past max is how an oversize file shows. */
    dynbuf_init(&b, max < SIZE_MAX ? max + 1 : max);
    if (!fs_fd_is_regular(fd))
        goto out;
    for (;;) {
        size_t room = dynbuf_cap(&b) - dynbuf_len(&b);
        if (room == 0) {
            errno = EFBIG;
            goto out;
        }
        /* Doubling reads: few calls for a big file, little memory for a small one. */
        size_t want = dynbuf_len(&b) < 4096 ? 4096 : dynbuf_len(&b);
        if (want > room)
            want = room;
        char *p = dynbuf_reserve(&b, want);
        if (!p)
            goto out;
        ssize_t r = read(fd, p, want);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            goto out;
        }
        if (r == 0)
            break;
        dynbuf_grew(&b, (size_t)r);
    }
    if (dynbuf_len(&b) > max) {
        errno = EFBIG;
        goto out;
    }
    if (!(*out = dynbuf_take(&b, len))) {
        errno = ENOMEM;
        goto out;
    }
    ok = true;
out:
    dynbuf_free(&b);
    int saved = errno;
    close(fd);
    errno = saved;
    return ok;
}

bool fs_read_file(const char *path, size_t max, char **out, size_t *len)
{
    /* Non-blocking, so a FIFO or a device at the path is refused at
     * once instead of waiting for a writer that never comes. */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0)
        return false;
    return read_fd(fd, max, out, len);
}

bool fs_read_at(int dirfd, const char *name, size_t max, char **out, size_t *len)
{
    int fd = openat(dirfd, name, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY | O_NOFOLLOW);
    if (fd < 0) {
        if (errno == ELOOP)
            errno = FS_E_NOT_REGULAR;
        return false;
    }
    return read_fd(fd, max, out, len);
}

int fs_open_dir_at(int dirfd, const char *name, bool create)
{
    if (create && mkdirat(dirfd, name, 0755) != 0 && errno != EEXIST)
        return -1;
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && (errno == ELOOP || errno == ENOTDIR)) {
        struct stat st;
        errno = fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)
                    ? ELOOP
                    : ENOTDIR;
    }
    return fd;
}

bool fs_write_all(int fd, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        len -= (size_t)w;
    }
    return true;
}

bool fs_write_atomic_at(int dirfd, const char *name, const void *data, size_t len)
{
    char tmp[NAME_MAX + 1];
    int fd = -1;
    for (int attempt = 0; fd < 0 && attempt < 16; attempt++) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        if (snprintf(tmp, sizeof(tmp), ".%.180s.tmp.%ld.%lx", name, (long)getpid(),
                     (unsigned long)ts.tv_nsec ^ (unsigned long)attempt) >= (int)sizeof(tmp)) {
            errno = ENAMETOOLONG;
            return false;
        }
        fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
        if (fd < 0 && errno != EEXIST)
            return false;
    }
    if (fd < 0)
        return false;
    if (!fs_write_all(fd, data, len))
        goto fail;
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    /* rename replaces a symlink at name itself, never what it points to. */
    if (renameat(dirfd, tmp, dirfd, name) != 0)
        goto fail;
    return fsync(dirfd) == 0;
fail : {
    int saved = errno;
    if (fd >= 0)
        close(fd);
    unlinkat(dirfd, tmp, 0);
    errno = saved;
    return false;
}
}

static bool remove_in(int dirfd, int depth, char *report, size_t n, bool *all)
{
    DIR *d = fdopendir(dirfd);
    if (!d) {
        close(dirfd);
        return false;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode)) {
            if (unlinkat(dirfd, e->d_name, 0) != 0)
                *all = false;
        } else if (S_ISDIR(st.st_mode) && depth > 0) {
            int sub = fs_open_dir_at(dirfd, e->d_name, false);
            if (sub < 0 || !remove_in(sub, depth - 1, report, n, all) ||
                unlinkat(dirfd, e->d_name, AT_REMOVEDIR) != 0)
                *all = false;
        } else {
            /* A link, FIFO, device or socket someone planted: its name is
             * removed (unlinkat never follows), and reported. */
            if (unlinkat(dirfd, e->d_name, 0) != 0)
                *all = false;
            if (report && n && !report[0])
                snprintf(report, n, "removed %.200s, %s (never followed)", e->d_name,
                         S_ISLNK(st.st_mode)   ? "a symbolic link"
                         : S_ISDIR(st.st_mode) ? "a directory nested too deep"
                                               : "not a regular file");
        }
    }
    closedir(d);
    return *all;
}

bool fs_remove_tree_at(int dirfd, const char *name, int depth, char *report, size_t n)
{
    if (report && n)
        report[0] = '\0';
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT;
    if (S_ISREG(st.st_mode))
        return unlinkat(dirfd, name, 0) == 0;
    if (!S_ISDIR(st.st_mode)) {
        if (report && n)
            snprintf(report, n, "%.200s is %s", name,
                     S_ISLNK(st.st_mode) ? "a symbolic link" : "not a regular file");
        errno = S_ISLNK(st.st_mode) ? ELOOP : FS_E_NOT_REGULAR;
        return false;
    }
    int fd = fs_open_dir_at(dirfd, name, false);
    if (fd < 0)
        return false;
    bool all = true;
    char sub[256] = "";
    remove_in(fd, depth, sub, sizeof(sub), &all);
    if (sub[0] && report && n)
        snprintf(report, n, "%.200s: %.250s", name, sub);
    if (!all) {
        if (report && n && !sub[0])
            snprintf(report, n, "%.200s could not be emptied", name);
        errno = ENOTEMPTY;
        return false;
    }
    return unlinkat(dirfd, name, AT_REMOVEDIR) == 0;
}

bool fs_sync_dir_of(const char *path)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return false;
    }
    int fd = open(dirname(tmp), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool ok = fsync(fd) == 0;
    close(fd);
    return ok;
}

bool fs_write_atomic(const char *path, const void *data, size_t len)
{
    return fs_write_atomic_mtime(path, data, len, 0);
}

bool fs_write_atomic_mtime(const char *path, const void *data, size_t len, time_t mtime)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", path) >= (int)sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return false;
    }
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0)
        return false;
    if (!fs_write_all(fd, data, len))
        goto fail;
    if (fchmod(fd, 0644) != 0)
        goto fail;
    if (mtime > 0) {
        struct timespec times[2] = {{.tv_nsec = UTIME_OMIT}, {.tv_sec = mtime}};
        if (futimens(fd, times) != 0)
            goto fail;
    }
    if (fsync(fd) != 0)
        goto fail;
    if (close(fd) != 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto fail;
    return fs_sync_dir_of(path);
fail : {
    int saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    errno = saved;
    return false;
}
}

bool fs_mkdirs(const char *path)
{
    char tmp[PATH_MAX];
    if (snprintf(tmp, sizeof(tmp), "%s", path) >= (int)sizeof(tmp)) {
        errno = ENAMETOOLONG;
        return false;
    }
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
            return false;
        *p = '/';
    }
    if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
        return false;
    return fs_is_dir(tmp);
}

bool fs_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}
