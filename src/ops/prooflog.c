#include "ops/prooflog.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsutil.h"

struct prooflog {
    char *path; /* owned */
    size_t max_bytes;
    int keep;
    int fd;      /* -1 until the first append after a rotation */
    size_t size; /* bytes in the current file */
};

static bool open_current(struct prooflog *log)
{
    log->fd = open(log->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (log->fd < 0)
        return false;
    struct stat st;
    if (fstat(log->fd, &st) != 0)
        return false;
    log->size = (size_t)st.st_size;
    if (st.st_size > 0) {
        /* A power cut can leave half a line: end it so the next is whole. */
        char last;
        int rfd = open(log->path, O_RDONLY | O_CLOEXEC);
        bool whole = rfd >= 0 && pread(rfd, &last, 1, st.st_size - 1) == 1 && last == '\n';
        if (rfd >= 0)
            close(rfd);
        if (!whole && write(log->fd, "\n", 1) == 1)
            log->size++;
    }
    return true;
}

struct prooflog *prooflog_open(const char *path, size_t max_bytes, int keep)
{
    struct prooflog *log = calloc(1, sizeof(*log));
    if (!log)
        return NULL;
    log->fd = -1;
    log->path = strdup(path);
    log->max_bytes = max_bytes < 1024 ? 1024 : max_bytes;
    log->keep = keep < 1 ? 1 : keep;
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash && slash != dir) {
        *slash = '\0';
        if (!fs_mkdirs(dir))
            goto fail;
    }
    if (!log->path || !open_current(log))
        goto fail;
    return log;
fail : {
    int saved = errno;
    prooflog_close(log);
    errno = saved;
    return NULL;
}
}

static bool rotate(struct prooflog *log)
{
    char from[PATH_MAX], to[PATH_MAX];
    if (log->fd >= 0) {
        close(log->fd);
        log->fd = -1;
    }
    snprintf(to, sizeof(to), "%s.%d", log->path, log->keep);
    unlink(to);
    for (int i = log->keep - 1; i >= 1; i--) {
        snprintf(from, sizeof(from), "%s.%d", log->path, i);
        snprintf(to, sizeof(to), "%s.%d", log->path, i + 1);
        if (rename(from, to) != 0 && errno != ENOENT)
            return false;
    }
    snprintf(to, sizeof(to), "%s.1", log->path);
    if (rename(log->path, to) != 0 && errno != ENOENT)
        return false;
    fs_sync_dir_of(log->path);
    return open_current(log);
}

bool prooflog_format_ts(time_t t, char *buf, size_t n)
{
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return false;
    char off[8];
    if (strftime(buf, n, "%Y-%m-%dT%H:%M:%S", &tm) == 0 ||
        strftime(off, sizeof(off), "%z", &tm) != 5)
        return false;
    size_t len = strlen(buf);
    /* %z is +0700; ISO 8601 extended format wants +07:00. */
    return snprintf(buf + len, n - len, "%.3s:%s", off, off + 3) == 6;
}

bool prooflog_append(struct prooflog *log, time_t shown, const char *id, const char *type,
                     double seconds)
{
    char ts[40];
    if (!log || !id || !type || !prooflog_format_ts(shown, ts, sizeof(ts))) {
        errno = EINVAL;
        return false;
    }
    if (!isfinite(seconds) || seconds < 0)
        seconds = 0;
    /* cJSON escapes the id and type; the rest is fixed format. */
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return false;
    cJSON_AddStringToObject(o, "ts", ts);
    cJSON_AddStringToObject(o, "id", id);
    cJSON_AddStringToObject(o, "type", type);
    cJSON_AddRawToObject(o, "seconds", "0");
    char *json = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!json)
        return false;
    /* Replace the placeholder with one decimal, cJSON prints 17 digits. */
    char line[PROOFLOG_MAX_LINE];
    size_t jl = strlen(json);
    int n = snprintf(line, sizeof(line), "%.*s%.1f}\n", (int)(jl - 2), json, seconds);
    free(json);
    if (n < 0 || n >= (int)sizeof(line)) {
        errno = ENAMETOOLONG;
        return false;
    }
    if (log->fd < 0 && !open_current(log))
        return false;
    if (log->size > 0 && log->size + (size_t)n > log->max_bytes && !rotate(log))
        return false;
    ssize_t w;
    do
        w = write(log->fd, line, (size_t)n);
    while (w < 0 && errno == EINTR);
    if (w > 0)
        log->size += (size_t)w;
    if (w != n)
        return false;
    return fdatasync(log->fd) == 0;
}

void prooflog_close(struct prooflog *log)
{
    if (!log)
        return;
    if (log->fd >= 0)
        close(log->fd);
    free(log->path);
    free(log);
}
