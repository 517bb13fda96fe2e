/* SPDX-License-Identifier: MIT */
#include "feed/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "feed/sequence.h"
#include "playlist/playlist.h"
#include "util/fsutil.h"
#include "util/log.h"
#include "util/reason.h"
#include "json/json.h"

struct cache {
    char *dir;   /* owned */
    int fd;      /* DIR */
    int lock_fd; /* DIR/.lock while locked, else -1 */
};

struct cache_pin {
    int fd;          /* the generation directory, flock(LOCK_SH) */
    uint64_t key[3]; /* DIR/playlist.json when pinned */
    char path[4096]; /* playlist to load */
};

static const char *kind_of(mode_t m)
{
    return S_ISLNK(m)    ? "a symbolic link"
           : S_ISDIR(m)  ? "a directory"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISSOCK(m) ? "a socket"
           : S_ISREG(m)  ? "a file"
                         : "a device";
}

bool cache_open(const char *dir, struct cache **out, char *reason, size_t reason_n)
{
    *out = NULL;
    if (!fs_mkdirs(dir)) {
        reason_set(reason, reason_n, "cannot create the cache directory %s: %s", dir,
                   errno == EROFS ? "the file system is read-only" : strerror(errno));
        return false;
    }
    struct cache *c = calloc(1, sizeof(*c));
    if (!c || !(c->dir = strdup(dir))) {
        free(c);
        reason_set(reason, reason_n, "out of memory");
        return false;
    }
    c->lock_fd = -1;
    c->fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (c->fd < 0) {
        reason_set(reason, reason_n, "cannot open the cache directory %s: %s", dir,
                   strerror(errno));
        free(c->dir);
        free(c);
        return false;
    }
    *out = c;
    return true;
}

void cache_close(struct cache *c)
{
    if (!c)
        return;
    if (c->lock_fd >= 0)
        close(c->lock_fd); /* releases the flock */
    close(c->fd);
    free(c->dir);
    free(c);
}

int cache_fd(const struct cache *c)
{
    return c->fd;
}

const char *cache_dir(const struct cache *c)
{
    return c->dir;
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool cache_lock(struct cache *c, double wait_s, const atomic_int *cancel, char *reason,
                size_t reason_n)
{
    int fd = openat(c->fd, ".lock", O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644);
    if (fd < 0) {
        int e = errno;
        struct stat st;
        if (e == EROFS)
            reason_set(reason, reason_n,
                       "the cache %s is on a read-only file system; give a writable \"cache\" "
                       "directory",
                       c->dir);
        else if (e == EACCES || e == EPERM)
            reason_set(reason, reason_n, "no permission to write in the cache %s (%s)", c->dir,
                       strerror(e));
        else if (fstatat(c->fd, ".lock", &st, AT_SYMLINK_NOFOLLOW) == 0)
            reason_set(reason, reason_n,
                       "%s/.lock is %s, not the lock file bangtin keeps there; remove it", c->dir,
                       kind_of(st.st_mode));
        else
            reason_set(reason, reason_n, "cannot create %s/.lock: %s", c->dir, strerror(e));
        return false;
    }
    struct stat st = {0};
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        reason_set(reason, reason_n,
                   "%s/.lock is %s, not the lock file bangtin keeps there; remove it", c->dir,
                   kind_of(st.st_mode));
        close(fd);
        return false;
    }
    double until = mono() + (wait_s > 0 ? wait_s : 0);
    bool said = false;
    for (;;) {
        if (flock(fd, LOCK_EX | LOCK_NB) == 0)
            break;
        if (!said && wait_s > 0) {
            log_info("another fetch is writing the cache %s; waiting for it (up to %.0f s)", c->dir,
                     wait_s);
            said = true;
        }
        if (errno != EWOULDBLOCK && errno != EINTR) {
            reason_set(reason, reason_n, "cannot lock %s/.lock: %s", c->dir, strerror(errno));
            close(fd);
            return false;
        }
        if (mono() >= until || (cancel && atomic_load(cancel))) {
            reason_set(reason, reason_n,
                       "another fetch is writing the cache %s (the board's own, or one by hand); "
                       "try again later",
                       c->dir);
            close(fd);
            return false;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    c->lock_fd = fd;
    return true;
}

int cache_subdir(struct cache *c, const char *name, char *reason, size_t reason_n)
{
    int fd = fs_open_dir_at(c->fd, name, true);
    if (fd < 0) {
        int e = errno;
        struct stat st;
        if (e == ELOOP || e == ENOTDIR)
            reason_set(reason, reason_n,
                       "%s/%s is %s, not a directory; bangtin never follows links in its cache: "
                       "remove it",
                       c->dir, name,
                       fstatat(c->fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? kind_of(st.st_mode)
                                                                           : "in the way");
        else
            reason_set(reason, reason_n, "cannot create %s/%s: %s", c->dir, name,
                       e == EROFS ? "the file system is read-only" : strerror(e));
    }
    return fd;
}

static void copy_str(char *dst, size_t cap, const struct json_node *v)
{
    const char *str = json_string(v);
    dst[0] = '\0';
    if (str && strlen(str) < cap)
        strcpy(dst, str);
}

static int64_t int_of(const struct json_node *v)
{
    int64_t out;
    return json_int(v, &out) == JSON_INT_OK && out >= 0 ? out : 0;
}

void cache_state_load(struct cache *c, struct cache_state *st)
{
    memset(st, 0, sizeof(*st));
    char *data = NULL;
    size_t len;
    if (!fs_read_at(c->fd, "state.json", CACHE_STATE_MAX_BYTES, &data, &len))
        return;
    struct json_doc *doc = json_parse(data, len, NULL, NULL);
    const struct json_node *root = json_root(doc);
    if (json_is(root, JSON_OBJECT)) {
        copy_str(st->url, sizeof(st->url), json_get(root, "url"));
        copy_str(st->etag, sizeof(st->etag), json_get(root, "etag"));
        copy_str(st->last_modified, sizeof(st->last_modified), json_get(root, "last_modified"));
        copy_str(st->feed_sha256, sizeof(st->feed_sha256), json_get(root, "feed_sha256"));
        /* Exact integers: a double would round big sequences. */
        st->sequence = int_of(json_get(root, "sequence"));
        st->next_attempt = int_of(json_get(root, "next_attempt"));
        st->last_success = int_of(json_get(root, "last_success"));
        st->last_attempt = int_of(json_get(root, "last_attempt"));
        int64_t f = int_of(json_get(root, "failures"));
        st->failures = f > 1000 ? 1000 : (int)f;
    }
    json_free(doc);
    free(data);
}

bool cache_state_save(struct cache *c, const struct cache_state *st)
{
    struct json_out *o = json_out_new(CACHE_STATE_MAX_BYTES, true);
    if (!o)
        return false;
    json_out_begin_object(o, NULL);
    json_out_string(o, "url", st->url);
    json_out_string(o, "etag", st->etag);
    json_out_string(o, "last_modified", st->last_modified);
    json_out_int(o, "sequence", st->sequence);
    json_out_string(o, "feed_sha256", st->feed_sha256);
    json_out_int(o, "next_attempt", st->next_attempt);
    json_out_int(o, "failures", st->failures);
    json_out_int(o, "last_success", st->last_success);
    json_out_int(o, "last_attempt", st->last_attempt);
    json_out_end_object(o);
    size_t len;
    char *text = json_out_finish(o, &len);
    bool ok = text && fs_write_atomic_at(c->fd, "state.json", text, len);
    free(text);
    return ok;
}

static bool is_gen_name(const char *s)
{
    size_t i = 0;
    while (s[i] >= '0' && s[i] <= '9')
        i++;
    if (i == 0 || i > 19 || s[i] != '-')
        return false;
    const char *h = s + i + 1;
    if (strlen(h) != 16)
        return false;
    for (size_t k = 0; k < 16; k++)
        if (!((h[k] >= '0' && h[k] <= '9') || (h[k] >= 'a' && h[k] <= 'f')))
            return false;
    return true;
}

int64_t cache_gen_sequence(const char *name)
{
    int64_t seq;
    if (!is_gen_name(name))
        return 0;
    size_t n = (size_t)(strchr(name, '-') - name);
    return sequence_parse(name, n, &seq) ? seq : 0;
}

/* The generation of genfd whose root.json is the file (dev, ino). */
static bool find_gen_of(int genfd, dev_t dev, ino_t ino, char *name, size_t n)
{
    int dup = fcntl(genfd, F_DUPFD_CLOEXEC, 0);
    DIR *d = dup >= 0 ? fdopendir(dup) : NULL;
    if (!d) {
        if (dup >= 0)
            close(dup);
        return false;
    }
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d))) {
        if (!is_gen_name(e->d_name))
            continue;
        int g = fs_open_dir_at(genfd, e->d_name, false);
        if (g < 0)
            continue;
        struct stat st;
        if (fstatat(g, "root.json", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode) &&
            st.st_dev == dev && st.st_ino == ino) {
            snprintf(name, n, "%s", e->d_name);
            found = true;
        }
        close(g);
    }
    closedir(d);
    return found;
}

bool cache_current_gen(int dirfd, char *name, size_t n)
{
    struct stat st;
    if (fstatat(dirfd, "playlist.json", &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
        return false;
    int genfd = fs_open_dir_at(dirfd, "gen", false);
    if (genfd < 0)
        return false;
    bool ok = find_gen_of(genfd, st.st_dev, st.st_ino, name, n);
    close(genfd);
    return ok;
}

const char *const cache_image_exts[] = {"png", "jpg", "gif", "webp", NULL};
const char *const cache_clip_exts[] = {"mp4", "mov", "webm", "mkv", "avi", "ogv", "ts", NULL};

static bool ext_in(const char *ext, const char *const *list)
{
    for (size_t i = 0; list[i]; i++)
        if (strcmp(ext, list[i]) == 0)
            return true;
    return false;
}

bool cache_is_asset_name(const char *name)
{
    size_t n = strlen(name);
    if (n < 64 + 2 || name[64] != '.' ||
        (!ext_in(name + 65, cache_image_exts) && !ext_in(name + 65, cache_clip_exts)))
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!((name[i] >= '0' && name[i] <= '9') || (name[i] >= 'a' && name[i] <= 'f')))
            return false;
    return true;
}

bool cache_clear_tmp(struct cache *c, char *reason, size_t reason_n)
{
    char report[512];
    if (fs_remove_tree_at(c->fd, "tmp", 3, report, sizeof(report))) {
        if (report[0])
            log_warn("cache %s: %s", c->dir, report);
        return true;
    }
    if (errno == ELOOP || errno == FS_E_NOT_REGULAR || errno == ENOTEMPTY)
        reason_set(reason, reason_n,
                   "%s/%s: bangtin never follows or deletes through links in its cache; remove "
                   "it by hand",
                   c->dir, report);
    else
        reason_set(reason, reason_n, "cannot empty %s/tmp: %s", c->dir, strerror(errno));
    return false;
}

/* Removes genfd/name if no reader holds it: exclusive flock, then moved
 * to tmp/ (so no reader can find it) and deleted there. */
static bool collect(struct cache *c, int parent, const char *name, const char *label, int tmpfd,
                    char *report, size_t report_n)
{
    int g = fs_open_dir_at(parent, name, false);
    if (g < 0) {
        struct stat st;
        if (fstatat(parent, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && report && !report[0])
            snprintf(report, report_n, "%s/%s is %s; left alone", c->dir, label,
                     kind_of(st.st_mode));
        return false;
    }
    bool removed = false;
    if (flock(g, LOCK_EX | LOCK_NB) == 0) {
        char dead[CACHE_GEN_NAME_MAX + 16];
        snprintf(dead, sizeof(dead), "dead-%.40s", name);
        char why[400];
        if (renameat(parent, name, tmpfd, dead) == 0) {
            removed = fs_remove_tree_at(tmpfd, dead, 1, why, sizeof(why));
            if (why[0] && report && !report[0])
                snprintf(report, report_n, "%s/%s: %s", c->dir, label, why);
        }
    }
    close(g); /* releases the exclusive lock */
    return removed;
}

int cache_gc(struct cache *c, char *report, size_t report_n)
{
    if (report && report_n)
        report[0] = '\0';
    char cur[CACHE_GEN_NAME_MAX] = "";
    if (!cache_current_gen(c->fd, cur, sizeof(cur)))
        return 0; /* nothing of ours is current: keep everything */
    int tmpfd = fs_open_dir_at(c->fd, "tmp", true);
    int genfd = fs_open_dir_at(c->fd, "gen", false);
    int removed = 0;
    if (tmpfd < 0 || genfd < 0)
        goto out;
    char names[CACHE_MAX_GENERATIONS][CACHE_GEN_NAME_MAX];
    size_t n = 0;
    int dup = fcntl(genfd, F_DUPFD_CLOEXEC, 0);
    DIR *d = dup >= 0 ? fdopendir(dup) : NULL;
    if (!d) {
        if (dup >= 0)
            close(dup);
        goto out;
    }
    struct dirent *e;
    while ((e = readdir(d)) && n < CACHE_MAX_GENERATIONS) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, cur) == 0)
            continue;
        if (!is_gen_name(e->d_name)) {
            if (report && !report[0])
                snprintf(report, report_n, "%s/gen/%.200s is not a generation; left alone", c->dir,
                         e->d_name);
            continue;
        }
        snprintf(names[n++], CACHE_GEN_NAME_MAX, "%.40s", e->d_name);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        char label[CACHE_GEN_NAME_MAX + 8];
        snprintf(label, sizeof(label), "gen/%.40s", names[i]);
        if (collect(c, genfd, names[i], label, tmpfd, report, report_n))
            removed++;
    }
    fsync(genfd);
    /* The layout before generations, once a generation is current. */
    struct stat st;
    if (fstatat(c->fd, "assets", &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (collect(c, c->fd, "assets", "assets", tmpfd, report, report_n))
            removed++;
    }
    static const char *const old[] = {"feed.json", "feed.json.minisig"};
    for (size_t i = 0; i < 2; i++) {
        if (fstatat(c->fd, old[i], &st, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        if (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))
            unlinkat(c->fd, old[i], 0); /* a link itself, never its target */
    }
    fsync(c->fd);
out:
    if (tmpfd >= 0)
        close(tmpfd);
    if (genfd >= 0)
        close(genfd);
    return removed;
}

bool cache_playlist_key(const char *dir, uint64_t key[3])
{
    char path[4096];
    struct stat st;
    if (snprintf(path, sizeof(path), "%s/playlist.json", dir) >= (int)sizeof(path) ||
        lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    key[0] = (uint64_t)st.st_dev;
    key[1] = (uint64_t)st.st_ino;
    key[2] = (uint64_t)st.st_ctim.tv_sec * 1000000000ull + (uint64_t)st.st_ctim.tv_nsec;
    return true;
}

struct cache_pin *cache_pin_current(const char *dir, char *path, size_t path_n, int64_t *sequence)
{
    struct cache_pin *p = NULL;
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    int genfd = -1, g = -1;
    if (dfd < 0)
        return NULL;
    struct stat pst;
    if (fstatat(dfd, "playlist.json", &pst, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(pst.st_mode))
        goto out;
    if (!(p = calloc(1, sizeof(*p))))
        goto out;
    p->fd = -1;
    p->key[0] = (uint64_t)pst.st_dev;
    p->key[1] = (uint64_t)pst.st_ino;
    p->key[2] = (uint64_t)pst.st_ctim.tv_sec * 1000000000ull + (uint64_t)pst.st_ctim.tv_nsec;
    char name[CACHE_GEN_NAME_MAX];
    genfd = fs_open_dir_at(dfd, "gen", false);
    if (genfd >= 0 && find_gen_of(genfd, pst.st_dev, pst.st_ino, name, sizeof(name))) {
        g = fs_open_dir_at(genfd, name, false);
        struct stat a, b;
        /* Shared lock, then make sure it was not moved away for deletion
         * between the open and the lock. */
        if (g < 0 || flock(g, LOCK_SH | LOCK_NB) != 0 || fstat(g, &a) != 0 ||
            fstatat(genfd, name, &b, AT_SYMLINK_NOFOLLOW) != 0 || a.st_ino != b.st_ino ||
            a.st_dev != b.st_dev)
            goto fail;
        snprintf(p->path, sizeof(p->path), "%s/gen/%s/playlist.json", dir, name);
        *sequence = cache_gen_sequence(name);
    } else {
        /* An older cache: DIR/playlist.json with DIR/assets. */
        g = fs_open_dir_at(dfd, "assets", false);
        if (g >= 0 && flock(g, LOCK_SH | LOCK_NB) != 0)
            goto fail;
        snprintf(p->path, sizeof(p->path), "%s/playlist.json", dir);
        char *data = NULL;
        size_t len;
        *sequence = 0;
        if (fs_read_at(dfd, "playlist.json", PLAYLIST_MAX_FILE_BYTES, &data, &len)) {
            if (!sequence_from_text(data, len, sequence))
                *sequence = 0;
            free(data);
        }
    }
    p->fd = g;
    g = -1;
    snprintf(path, path_n, "%s", p->path);
    goto out;
fail:
    free(p);
    p = NULL;
out:
    if (g >= 0)
        close(g);
    if (genfd >= 0)
        close(genfd);
    close(dfd);
    return p;
}

void cache_pin_key(const struct cache_pin *p, uint64_t key[3])
{
    memcpy(key, p->key, sizeof(p->key));
}

const char *cache_pin_path(const struct cache_pin *p)
{
    return p->path;
}

void cache_pin_release(struct cache_pin *p)
{
    if (!p)
        return;
    if (p->fd >= 0)
        close(p->fd);
    free(p);
}
