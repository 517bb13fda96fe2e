/* SPDX-License-Identifier: MIT */
#include "feed/stage.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/fsutil.h"
#include "util/reason.h"
#include "json/json.h"

static bool is_sha256_hex(const char *s)
{
    if (strlen(s) != 64)
        return false;
    for (size_t i = 0; i < 64; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
              (s[i] >= 'A' && s[i] <= 'F')))
            return false;
    return true;
}

/* "http://" or "https://": the length of the scheme and its "//", else 0. */
static size_t url_scheme_len(const char *src)
{
    if (strncasecmp(src, "http://", 7) == 0)
        return 7;
    if (strncasecmp(src, "https://", 8) == 0)
        return 8;
    return 0;
}

/* Asset src rules (docs/FEED.md): a relative path below the feed's
 * directory, or an address on the feed's own site (checked once resolved);
 * either way no query, no fragment, no '%' and no "." or ".." segments.
 * The name is only ever used in a URL, never as a local path. */
static bool src_is_allowed(const char *src, const char **why)
{
    size_t n = strlen(src);
    if (n == 0 || n > FEED_MAX_SRC_BYTES) {
        *why = "is empty or too long";
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)src[i];
        if (ch < 0x20 || ch == 0x7f || ch == '\\' || ch == '?' || ch == '#' || ch == '%') {
            *why = "holds a character not allowed in asset paths (? # % \\ or control)";
            return false;
        }
    }
    const char *path = src;
    size_t scheme = url_scheme_len(src);
    if (scheme) {
        /* The host is compared with the feed's once resolved; the path
         * below it follows the rules of a relative one. */
        path = strchr(src + scheme, '/');
        if (!path || path == src + scheme) {
            *why = "is an address without a host or a path";
            return false;
        }
        path++;
    } else if (src[0] == '/') {
        *why = "is absolute; use a path relative to the feed";
        return false;
    } else {
        /* A colon in the first segment would read as a scheme. */
        const char *colon = strchr(src, ':'), *slash = strchr(src, '/');
        if (colon && (!slash || colon < slash)) {
            *why = "has a ':' before its first '/' (a scheme other than http or https)";
            return false;
        }
    }
    for (const char *seg = path;;) {
        const char *slash = strchr(seg, '/');
        size_t len = slash ? (size_t)(slash - seg) : strlen(seg);
        if (len == 0 || (len == 1 && seg[0] == '.') ||
            (len == 2 && seg[0] == '.' && seg[1] == '.')) {
            *why = "has an empty, '.' or '..' path segment";
            return false;
        }
        if (!slash)
            break;
        seg = slash + 1;
    }
    return true;
}

bool stage_collect(struct cycle *c, const struct json_node *root, struct stage_asset *assets,
                   size_t *n)
{
    const struct json_node *item;
    *n = 0;
    json_foreach(item, json_get(root, "items"))
    {
        const char *type = json_string(json_get(item, "type"));
        const char *src = json_string(json_get(item, "src"));
        const char *sha = json_string(json_get(item, "sha256"));
        size_t idx = json_index(item);
        bool clip = type && strcmp(type, "video") == 0;
        if (!type || (strcmp(type, "image") != 0 && !clip))
            continue;
        const char *why = "is missing";
        if (!src || !src_is_allowed(src, &why)) {
            reason_set(c->reason, c->reason_n, "items[%zu].src %s", idx, why);
            return false;
        }
        if (!sha || !is_sha256_hex(sha)) {
            reason_set(c->reason, c->reason_n,
                       "items[%zu] has no valid sha256; every %s of a feed must carry one", idx,
                       clip ? "clip" : "image");
            return false;
        }
        char lower[65];
        for (size_t i = 0; i < 65; i++)
            lower[i] = (char)(sha[i] >= 'A' && sha[i] <= 'F' ? sha[i] + 32 : sha[i]);
        bool dup = false;
        for (size_t i = 0; i < *n && !dup; i++)
            dup = strcmp(assets[i].sha, lower) == 0;
        if (dup)
            continue;
        if (*n == FEED_MAX_ASSETS) {
            reason_set(c->reason, c->reason_n, "feed names more than %d distinct images and clips",
                       FEED_MAX_ASSETS);
            return false;
        }
        memcpy(assets[*n].sha, lower, 65);
        assets[*n].name[0] = '\0';
        assets[*n].src = src;
        assets[*n].clip = clip;
        (*n)++;
    }
    return true;
}

uint64_t stage_max_bytes(bool clip)
{
    return clip ? FEED_CLIP_MAX_BYTES : FEED_ASSET_MAX_BYTES;
}

/* Hashes dirfd/name (regular file, not through a link, at most max
 * bytes) in 64 KiB reads; true if sha. */
static bool hash_is(int dirfd, const char *name, const char *sha, uint64_t max)
{
    int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = false;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (uint64_t)st.st_size > max)
        goto out;
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    uint8_t buf[65536];
    for (;;) {
        ssize_t r = read(fd, buf, sizeof(buf));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            goto out;
        if (r == 0)
            break;
        crypto_hash_sha256_update(&h, buf, (size_t)r);
    }
    uint8_t digest[crypto_hash_sha256_BYTES];
    char got[65];
    crypto_hash_sha256_final(&h, digest);
    cycle_hex(digest, sizeof(digest), got);
    ok = strcmp(got, sha) == 0;
out:
    close(fd);
    return ok;
}

bool stage_verify(int dirfd, const char *sha, bool clip, char *name, size_t name_n)
{
    const char *const *exts = clip ? cache_clip_exts : cache_image_exts;
    char n[72];
    for (size_t i = 0; exts[i]; i++) {
        snprintf(n, sizeof(n), "%s.%s", sha, exts[i]);
        if (hash_is(dirfd, n, sha, stage_max_bytes(clip))) {
            snprintf(name, name_n, "%s", n);
            return true;
        }
    }
    return false;
}

bool stage_complete(int dirfd, const struct stage_asset *assets, size_t n)
{
    char name[72];
    for (size_t i = 0; i < n; i++)
        if (!stage_verify(dirfd, assets[i].sha, assets[i].clip, name, sizeof(name)))
            return false;
    return true;
}

static bool same_part(CURLU *a, CURLU *b, CURLUPart part)
{
    char *x = NULL, *y = NULL;
    CURLUcode ra = curl_url_get(a, part, &x, CURLU_DEFAULT_PORT);
    CURLUcode rb = curl_url_get(b, part, &y, CURLU_DEFAULT_PORT);
    bool same = ra == CURLUE_OK && rb == CURLUE_OK && strcasecmp(x, y) == 0;
    curl_free(x);
    curl_free(y);
    return same;
}

/* Percent-encodes everything but unreserved characters and '/'. */
static bool encode_path(const char *src, char *out, size_t cap)
{
    static const char digits[] = "0123456789ABCDEF";
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)src; *p; p++) {
        bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                     (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~' ||
                     *p == '/';
        if (o + 4 >= cap)
            return false;
        if (plain) {
            out[o++] = (char)*p;
        } else {
            out[o++] = '%';
            out[o++] = digits[*p >> 4];
            out[o++] = digits[*p & 15];
        }
    }
    out[o] = '\0';
    return true;
}

/* Resolves src against the feed URL (an address stands for itself) and
 * checks the result stays on the feed's scheme, host and port. *out is
 * curl_free()d by the caller. */
static bool resolve_asset_url(const char *feed_url, const char *src, char **out, const char **why)
{
    bool ok = false;
    char enc[FEED_MAX_SRC_BYTES * 3 + 1];
    CURLU *base = curl_url(), *u = curl_url();
    *out = NULL;
    *why = "cannot be resolved against the feed URL";
    /* An address keeps its scheme and host as written; only the path is
     * encoded (src_is_allowed has seen it has one). */
    size_t scheme = url_scheme_len(src);
    size_t origin = scheme ? (size_t)(strchr(src + scheme, '/') - src) : 0;
    if (!base || !u || origin >= sizeof(enc) ||
        !encode_path(src + origin, enc + origin, sizeof(enc) - origin))
        goto out;
    memcpy(enc, src, origin);
    if (curl_url_set(base, CURLUPART_URL, feed_url, 0) != CURLUE_OK ||
        curl_url_set(u, CURLUPART_URL, feed_url, 0) != CURLUE_OK ||
        curl_url_set(u, CURLUPART_URL, enc, 0) != CURLUE_OK)
        goto out;
    if (!same_part(base, u, CURLUPART_SCHEME) || !same_part(base, u, CURLUPART_HOST) ||
        !same_part(base, u, CURLUPART_PORT)) {
        *why = "points to another host than the feed";
        goto out;
    }
    if (curl_url_get(u, CURLUPART_URL, out, 0) != CURLUE_OK)
        goto out;
    ok = true;
out:
    curl_url_cleanup(base);
    curl_url_cleanup(u);
    return ok;
}

/* Streams an asset to a file while hashing it and sniffing its type. */
struct asset_sink {
    int fd;
    crypto_hash_sha256_state sha;
    uint8_t head[STAGE_SNIFF_BYTES];
    size_t head_len;
};

static bool asset_write(void *ctx, const void *data, size_t len)
{
    struct asset_sink *s = ctx;
    const uint8_t *p = data;
    for (size_t i = 0; s->head_len < sizeof(s->head) && i < len; i++)
        s->head[s->head_len++] = p[i];
    crypto_hash_sha256_update(&s->sha, p, len);
    return fs_write_all(s->fd, p, len);
}

static bool has(const uint8_t *h, size_t n, size_t at, const char *magic)
{
    size_t len = strlen(magic);
    return n >= at + len && memcmp(h + at, magic, len) == 0;
}

/* Magic bytes only: the types the board decodes (images through
 * playlist/imghdr, clips through FFmpeg), named so a cached file says
 * what it is. Animated GIF, WebP and APNG are images. */
const char *stage_sniff(const uint8_t *h, size_t n, bool clip)
{
    if (!clip) {
        if (has(h, n, 0, "\x89PNG\r\n\x1a\n"))
            return "png";
        if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff)
            return "jpg";
        if (has(h, n, 0, "GIF87a") || has(h, n, 0, "GIF89a"))
            return "gif";
        if (has(h, n, 0, "RIFF") && has(h, n, 8, "WEBP"))
            return "webp";
        return NULL;
    }
    if (has(h, n, 4, "ftyp"))
        return has(h, n, 8, "qt  ") ? "mov" : "mp4";
    if (n >= 4 && h[0] == 0x1a && h[1] == 0x45 && h[2] == 0xdf && h[3] == 0xa3) {
        /* EBML: the DocType element near the start tells WebM from MKV. */
        for (size_t i = 4; i + 4 <= n; i++)
            if (memcmp(h + i, "webm", 4) == 0)
                return "webm";
        return "mkv";
    }
    if (has(h, n, 0, "RIFF") && has(h, n, 8, "AVI "))
        return "avi";
    if (has(h, n, 0, "OggS"))
        return "ogv";
    if (n > 188 && h[0] == 0x47 && h[188] == 0x47)
        return "ts";
    return NULL;
}

static bool download(struct cycle *c, int stagefd, struct stage_asset *a)
{
    bool ok = false;
    char *url = NULL;
    const char *why;
    char part[80];
    struct asset_sink sink = {.fd = -1};

    if (!resolve_asset_url(c->cfg->url, a->src, &url, &why)) {
        reason_set(c->reason, c->reason_n, "asset '%s' %s", a->src, why);
        return false;
    }
    snprintf(part, sizeof(part), "%s.part", a->sha);
    unlinkat(stagefd, part, 0);
    sink.fd = openat(stagefd, part, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (sink.fd < 0) {
        reason_set(c->reason, c->reason_n, "cannot write in %s/tmp: %s", c->cfg->cache_dir,
                   strerror(errno));
        goto out;
    }
    crypto_hash_sha256_init(&sink.sha);
    /* Images and clips have caps of their own: clips cannot crowd out
     * images, nor the other way round. */
    uint64_t *spent = a->clip ? &c->clip_bytes : &c->total_bytes;
    uint64_t left = (a->clip ? FEED_CLIPS_TOTAL_MAX_BYTES : FEED_TOTAL_MAX_BYTES) - *spent;
    uint64_t cap = stage_max_bytes(a->clip);
    struct http_request req = {
        .url = url,
        .max_bytes = left < cap ? left : cap,
        .sink = {asset_write, &sink},
    };
    if (!cycle_limits(c, &req))
        goto out;
    struct http_response resp;
    char why_http[512];
    if (http_get(&req, &resp, why_http, sizeof(why_http)) != HTTP_OK) {
        reason_set(c->reason, c->reason_n, "asset '%s': %s", a->src, why_http);
        goto out;
    }
    *spent += resp.bytes;
    uint8_t digest[crypto_hash_sha256_BYTES];
    char got[65];
    crypto_hash_sha256_final(&sink.sha, digest);
    cycle_hex(digest, sizeof(digest), got);
    if (strcmp(got, a->sha) != 0) {
        reason_set(c->reason, c->reason_n, "asset '%s': sha256 is %s, the signed feed says %s",
                   a->src, got, a->sha);
        goto out;
    }
    const char *ext = stage_sniff(sink.head, sink.head_len, a->clip);
    if (!ext) {
        reason_set(c->reason, c->reason_n,
                   a->clip ? "asset '%s' is not a clip the board plays (MP4, MOV, WebM, MKV, AVI, "
                             "Ogg or MPEG-TS)"
                           : "asset '%s' is not an image the board shows (PNG, JPEG, GIF or WebP)",
                   a->src);
        goto out;
    }
    if (fsync(sink.fd) != 0 || close(sink.fd) != 0) {
        sink.fd = -1;
        reason_set(c->reason, c->reason_n, "cannot store asset '%s': %s", a->src, strerror(errno));
        goto out;
    }
    sink.fd = -1;
    snprintf(a->name, sizeof(a->name), "%s.%s", a->sha, ext);
    if (renameat(stagefd, part, stagefd, a->name) != 0) {
        reason_set(c->reason, c->reason_n, "cannot store asset '%s': %s", a->src, strerror(errno));
        goto out;
    }
    ok = true;
out:
    if (sink.fd >= 0)
        close(sink.fd);
    if (!ok)
        unlinkat(stagefd, part, 0);
    curl_free(url);
    return ok;
}

/* Directories an earlier copy may be in: every generation, and the
 * layout before generations. At most CACHE_MAX_GENERATIONS + 1 fds. */
static size_t open_sources(struct cache *cache, int *fds, size_t cap)
{
    size_t n = 0;
    char cur[CACHE_GEN_NAME_MAX];
    int genfd = fs_open_dir_at(cache_fd(cache), "gen", false);
    if (genfd >= 0) {
        /* The current generation first: the likeliest to hold them. */
        if (cache_current_gen(cache_fd(cache), cur, sizeof(cur)) && n < cap) {
            int g = fs_open_dir_at(genfd, cur, false);
            if (g >= 0)
                fds[n++] = g;
        }
        int dup = fcntl(genfd, F_DUPFD_CLOEXEC, 0);
        DIR *d = dup >= 0 ? fdopendir(dup) : NULL;
        struct dirent *e;
        while (d && (e = readdir(d)) && n < cap) {
            if (e->d_name[0] == '.' || cache_gen_sequence(e->d_name) == 0 ||
                strcmp(e->d_name, cur) == 0)
                continue;
            int g = fs_open_dir_at(genfd, e->d_name, false);
            if (g >= 0)
                fds[n++] = g;
        }
        if (d)
            closedir(d);
        else if (dup >= 0)
            close(dup);
        close(genfd);
    }
    int legacy = fs_open_dir_at(cache_fd(cache), "assets", false);
    if (legacy >= 0 && n < cap)
        fds[n++] = legacy;
    else if (legacy >= 0)
        close(legacy);
    return n;
}

bool stage_assets(struct cycle *c, struct cache *cache, int stagefd, struct stage_asset *assets,
                  size_t n)
{
    int fds[CACHE_MAX_GENERATIONS + 1];
    size_t nfd = open_sources(cache, fds, sizeof(fds) / sizeof(fds[0]));
    bool ok = false;
    for (size_t i = 0; i < n; i++) {
        struct stage_asset *a = &assets[i];
        bool staged = false;
        const char *const *exts = a->clip ? cache_clip_exts : cache_image_exts;
        for (size_t s = 0; s < nfd && !staged; s++) {
            for (size_t e = 0; exts[e] && !staged; e++) {
                snprintf(a->name, sizeof(a->name), "%s.%s", a->sha, exts[e]);
                /* A link costs no space; its bytes are hashed where they
                 * will be used, so a damaged copy is never reused. */
                if (linkat(fds[s], a->name, stagefd, a->name, 0) != 0)
                    continue;
                staged = hash_is(stagefd, a->name, a->sha, stage_max_bytes(a->clip));
                if (!staged)
                    unlinkat(stagefd, a->name, 0);
            }
        }
        if (!staged && !download(c, stagefd, a))
            goto out;
    }
    ok = true;
out:
    for (size_t s = 0; s < nfd; s++)
        close(fds[s]);
    return ok;
}
