/* SPDX-License-Identifier: MIT */
#include "ops/prooflog.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "calendar/calendar.h"
#include "playlist/playlist.h"
#include "util/fsutil.h"
#include "json/json.h"

struct prooflog {
    char *path; /* owned */
    size_t max_bytes;
    int keep;
    int fd;      /* -1 until the first append after a rotation */
    size_t size; /* bytes in the current file */

    /* The digest of the last local playlist logged, redone when the file
     * (path, size, mtime) changes. */
    char digest_of[PATH_MAX];
    off_t digest_size;
    struct timespec digest_mtime;
    char digest[17]; /* "" when the file could not be read */
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

char *prooflog_words(const char *text, char *buf, size_t n)
{
    if (n == 0)
        return buf;
    size_t cap = n - 1 < PROOFLOG_MAX_WORDS ? n - 1 : PROOFLOG_MAX_WORDS;
    /* Whitespace runs to one space, into a copy a little past the cap. */
    char tmp[PROOFLOG_MAX_WORDS + 8];
    size_t o = 0;
    bool space = false, more = false;
    for (const char *p = text ? text : ""; *p; p++) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            space = o > 0;
            continue;
        }
        if (o + 2 >= sizeof(tmp)) {
            more = true;
            break;
        }
        if (space)
            tmp[o++] = ' ';
        space = false;
        tmp[o++] = *p;
    }
    if (!more && o <= cap) {
        memcpy(buf, tmp, o);
        buf[o] = '\0';
        return buf;
    }
    /* Cut at the last space that leaves room for "…" (3 bytes), or inside
     * a word at a character boundary when there is none. */
    size_t keep = cap >= 3 ? cap - 3 : 0;
    size_t cut = keep;
    while (cut > 0 && tmp[cut] != ' ')
        cut--;
    if (cut == 0) {
        cut = keep;
        while (cut > 0 && ((unsigned char)tmp[cut] & 0xc0) == 0x80)
            cut--;
    }
    memcpy(buf, tmp, cut);
    if (cut + 3 <= cap) {
        memcpy(buf + cut, "\xe2\x80\xa6", 3);
        cut += 3;
    }
    buf[cut] = '\0';
    return buf;
}

bool prooflog_write(struct prooflog *log, const struct prooflog_entry *e)
{
    char ts[40];
    if (!log || !e || !e->id || !e->type || !prooflog_format_ts(e->shown, ts, sizeof(ts))) {
        errno = EINVAL;
        return false;
    }
    double seconds = e->seconds;
    if (!isfinite(seconds) || seconds < 0)
        seconds = 0;
    if (seconds > 1e7)
        seconds = 1e7;
    char words[PROOFLOG_MAX_WORDS + 1], office[PROOFLOG_MAX_WORDS + 1];
    /* The writer escapes the strings; they are NFC UTF-8 from the playlist. */
    struct json_out *o = json_out_new(PROOFLOG_MAX_LINE, false);
    json_out_begin_object(o, NULL);
    json_out_string(o, "ts", ts);
    json_out_string(o, "id", e->id);
    json_out_string(o, "type", e->type);
    json_out_fixed(o, "seconds", seconds, 1);
    if (e->words && *prooflog_words(e->words, words, sizeof(words)))
        json_out_string(o, "words", words);
    if (e->sequence > 0)
        json_out_int(o, "seq", e->sequence); /* exact: sequences go to 2^63 - 1 */
    else if (e->digest && *e->digest)
        json_out_string(o, "digest", e->digest);
    if (e->priority > 0)
        json_out_int(o, "priority", e->priority);
    if (e->office && *prooflog_words(e->office, office, sizeof(office)))
        json_out_string(o, "office", office);
    json_out_end_object(o);
    char *json = json_out_finish(o, NULL);
    if (!json) {
        errno = ENAMETOOLONG; /* only a line past PROOFLOG_MAX_LINE gets here */
        return false;
    }
    char line[PROOFLOG_MAX_LINE];
    int n = snprintf(line, sizeof(line), "%s\n", json);
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

bool prooflog_append(struct prooflog *log, time_t shown, const char *id, const char *type,
                     double seconds)
{
    return prooflog_write(
        log, &(struct prooflog_entry){.shown = shown, .id = id, .type = type, .seconds = seconds});
}

/* The first 16 hex digits of the SHA-256 of path, cached while the file
 * stays the same; "" when it cannot be read. */
static const char *file_digest(struct prooflog *log, const char *path)
{
    struct stat st;
    if (!path || stat(path, &st) != 0) {
        log->digest[0] = '\0';
        return log->digest;
    }
    if (strcmp(log->digest_of, path) == 0 && st.st_size == log->digest_size &&
        st.st_mtim.tv_sec == log->digest_mtime.tv_sec &&
        st.st_mtim.tv_nsec == log->digest_mtime.tv_nsec)
        return log->digest;
    log->digest[0] = '\0';
    snprintf(log->digest_of, sizeof(log->digest_of), "%s", path);
    log->digest_size = st.st_size;
    log->digest_mtime = st.st_mtim;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return log->digest;
    crypto_hash_sha256_state sha;
    crypto_hash_sha256_init(&sha);
    unsigned char buf[16384];
    ssize_t got;
    size_t total = 0;
    while ((got = read(fd, buf, sizeof(buf))) > 0 && total < PLAYLIST_MAX_FILE_BYTES) {
        crypto_hash_sha256_update(&sha, buf, (size_t)got);
        total += (size_t)got;
    }
    close(fd);
    if (got < 0)
        return log->digest;
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&sha, d);
    for (int i = 0; i < 8; i++)
        snprintf(log->digest + 2 * i, 3, "%02x", d[i]);
    return log->digest;
}

/* What names an item for people: its title and words, an image's file,
 * a countdown's label or event. */
static const char *item_words(const struct pl_item *item, char *buf, size_t n)
{
    switch (item->type) {
    case PL_TEXT:
        if (item->title && *item->title) {
            snprintf(buf, n, "%s: %s", item->title, item->text ? item->text : "");
            return buf;
        }
        return item->text;
    case PL_STATS:
        return item->title;
    case PL_IMAGE:
        return item->src;
    case PL_COUNTDOWN: {
        if (item->label && *item->label)
            return item->label;
        const struct cal_event *ev = item->event ? cal_event_find(item->event) : NULL;
        return ev ? ev->name : item->event;
    }
    default:
        return NULL;
    }
}

bool prooflog_append_item(struct prooflog *log, time_t shown, const struct playlist *pl,
                          const struct pl_item *item, double seconds)
{
    if (!log || !pl || !item) {
        errno = EINVAL;
        return false;
    }
    char buf[PROOFLOG_MAX_WORDS * 2 + 8];
    struct prooflog_entry e = {
        .shown = shown,
        .id = item->id,
        .type = pl_item_type_name(item->type),
        .seconds = seconds,
        .words = item_words(item, buf, sizeof(buf)),
        .sequence = pl->sequence,
        .digest = pl->sequence > 0 ? NULL : file_digest(log, pl->file),
        .priority = item->priority,
        .office = pl->name,
    };
    return prooflog_write(log, &e);
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
