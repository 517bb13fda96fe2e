#include "feed/feed.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "feed/cache.h"
#include "feed/http.h"
#include "feed/minisign.h"
#include "playlist/playlist.h"
#include "util/fsutil.h"
#include "util/reason.h"

#define PATH_CAP 4096

static double now_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double feed_backoff_delay(int failures, double jitter01)
{
    if (failures < 1)
        failures = 1;
    double d = FEED_BACKOFF_BASE_S;
    for (int i = 1; i < failures && d < FEED_BACKOFF_MAX_S; i++)
        d *= 2;
    if (d > FEED_BACKOFF_MAX_S)
        d = FEED_BACKOFF_MAX_S;
    if (jitter01 < 0)
        jitter01 = 0;
    if (jitter01 > 1)
        jitter01 = 1;
    return d / 2 + d / 2 * jitter01;
}

static void hex(const uint8_t *bin, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bin[i] >> 4];
        out[2 * i + 1] = digits[bin[i] & 15];
    }
    out[2 * n] = '\0';
}

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

/* Asset src rules (docs/FEED.md): a relative path below the feed's
 * directory, no scheme, no host, no query, no "." or ".." segments. The
 * name is only ever used in a URL, never as a local path. */
static bool src_is_allowed(const char *src, const char **why)
{
    size_t n = strlen(src);
    if (n == 0 || n > FEED_MAX_SRC_BYTES) {
        *why = "is empty or too long";
        return false;
    }
    if (src[0] == '/') {
        *why = "is absolute; use a path relative to the feed";
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c < 0x20 || c == 0x7f || c == '\\' || c == '?' || c == '#' || c == ':' || c == '%') {
            *why = "holds a character not allowed in asset paths (: ? # % \\ or control)";
            return false;
        }
    }
    const char *seg = src;
    for (;;) {
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

/* Resolves src against the feed URL and checks the result stays on the
 * feed's scheme, host and port. *out is curl_free()d by the caller. */
static bool resolve_asset_url(const char *feed_url, const char *src, char **out, const char **why)
{
    bool ok = false;
    char enc[FEED_MAX_SRC_BYTES * 3 + 1];
    CURLU *base = curl_url(), *u = curl_url();
    *out = NULL;
    *why = "cannot be resolved against the feed URL";
    if (!base || !u || !encode_path(src, enc, sizeof(enc)))
        goto out;
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
    uint8_t head[8];
    size_t head_len;
};

static bool asset_write(void *ctx, const void *data, size_t len)
{
    struct asset_sink *s = ctx;
    const uint8_t *p = data;
    for (size_t i = 0; s->head_len < sizeof(s->head) && i < len; i++)
        s->head[s->head_len++] = p[i];
    crypto_hash_sha256_update(&s->sha, p, len);
    while (len > 0) {
        ssize_t w = write(s->fd, p, len);
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

static const char *sniff_ext(const uint8_t *h, size_t n)
{
    static const uint8_t png[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (n >= 8 && memcmp(h, png, 8) == 0)
        return "png";
    if (n >= 3 && h[0] == 0xff && h[1] == 0xd8 && h[2] == 0xff)
        return "jpg";
    return NULL;
}

/* Per-cycle context. */
struct cycle {
    const struct feed_config *cfg;
    double deadline;
    char *reason;
    size_t reason_n;
    uint64_t total_bytes;
    /* Validators of this cycle's playlist response. */
    bool got_200;
    char etag[HTTP_MAX_ETAG];
    char last_modified[HTTP_MAX_LASTMOD];
    /* Asset names the installed playlist uses (GC keeps them); owned. */
    char (*keep)[72];
    size_t n_keep;
};

static bool request_limits(struct cycle *c, struct http_request *req)
{
    double left = c->deadline - now_mono();
    if (left < 0.05) {
        reason_set(c->reason, c->reason_n,
                   "the %.0f s time limit ran out before the feed was complete", c->cfg->timeout_s);
        return false;
    }
    req->timeout_ms = (long)(left * 1000);
    req->connect_timeout_ms = req->timeout_ms < 10000 ? req->timeout_ms : 10000;
    double lst = c->cfg->low_speed_time_s;
    if (lst <= 0) {
        lst = c->cfg->timeout_s / 3;
        lst = lst < 2 ? 2 : lst > 30 ? 30 : lst;
    }
    req->low_speed_limit = 100;
    req->low_speed_time = (long)ceil(lst);
    req->cancel = c->cfg->cancel;
    return true;
}

struct asset {
    char sha[65];  /* lower-case hex */
    char name[72]; /* <sha>.<ext> once known */
    bool present;  /* already in DIR/assets */
};

static bool find_installed(const char *dir, struct asset *a)
{
    static const char *exts[] = {"png", "jpg"};
    char path[PATH_CAP];
    for (size_t i = 0; i < 2; i++) {
        snprintf(a->name, sizeof(a->name), "%s.%s", a->sha, exts[i]);
        if (snprintf(path, sizeof(path), "%s/assets/%s", dir, a->name) < (int)sizeof(path) &&
            fs_is_file(path))
            return true;
    }
    a->name[0] = '\0';
    return false;
}

static bool download_asset(struct cycle *c, const char *src, struct asset *a)
{
    const char *dir = c->cfg->cache_dir;
    bool ok = false;
    char *url = NULL;
    const char *why;
    char part[PATH_CAP], final[PATH_CAP];
    struct asset_sink sink = {.fd = -1};

    if (!resolve_asset_url(c->cfg->url, src, &url, &why)) {
        reason_set(c->reason, c->reason_n, "asset '%s' %s", src, why);
        return false;
    }
    snprintf(part, sizeof(part), "%s/tmp/assets/%s.part", dir, a->sha);
    sink.fd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (sink.fd < 0) {
        reason_set(c->reason, c->reason_n, "cannot write in %s/tmp: %s", dir, strerror(errno));
        goto out;
    }
    crypto_hash_sha256_init(&sink.sha);
    uint64_t left = FEED_TOTAL_MAX_BYTES - c->total_bytes;
    struct http_request req = {
        .url = url,
        .max_bytes = left < FEED_ASSET_MAX_BYTES ? left : FEED_ASSET_MAX_BYTES,
        .sink = {asset_write, &sink},
    };
    if (!request_limits(c, &req))
        goto out;
    struct http_response resp;
    char why_http[512];
    if (http_get(&req, &resp, why_http, sizeof(why_http)) != HTTP_OK) {
        reason_set(c->reason, c->reason_n, "asset '%s': %s", src, why_http);
        goto out;
    }
    c->total_bytes += resp.bytes;
    uint8_t digest[crypto_hash_sha256_BYTES];
    char got[65];
    crypto_hash_sha256_final(&sink.sha, digest);
    hex(digest, sizeof(digest), got);
    if (strcmp(got, a->sha) != 0) {
        reason_set(c->reason, c->reason_n, "asset '%s': sha256 is %s, the signed feed says %s", src,
                   got, a->sha);
        goto out;
    }
    const char *ext = sniff_ext(sink.head, sink.head_len);
    if (!ext) {
        reason_set(c->reason, c->reason_n, "asset '%s' is neither PNG nor JPEG", src);
        goto out;
    }
    if (fsync(sink.fd) != 0 || close(sink.fd) != 0) {
        sink.fd = -1;
        reason_set(c->reason, c->reason_n, "cannot store asset '%s': %s", src, strerror(errno));
        goto out;
    }
    sink.fd = -1;
    snprintf(a->name, sizeof(a->name), "%s.%s", a->sha, ext);
    snprintf(final, sizeof(final), "%s/tmp/assets/%s", dir, a->name);
    if (rename(part, final) != 0) {
        reason_set(c->reason, c->reason_n, "cannot store asset '%s': %s", src, strerror(errno));
        goto out;
    }
    ok = true;
out:
    if (sink.fd >= 0)
        close(sink.fd);
    if (!ok)
        unlink(part);
    curl_free(url);
    return ok;
}

static bool read_whole(const char *path, size_t max, char **data, size_t *len)
{
    return fs_read_file(path, max, data, len);
}

/* True when DIR/playlist.json has this sequence and every image it names
 * is on disk: an interrupted install of the same feed needs finishing. */
static bool installed_is_complete(const char *dir, int64_t seq)
{
    char path[PATH_CAP], *data = NULL;
    size_t len;
    if (cache_installed_sequence(dir) != seq)
        return false;
    snprintf(path, sizeof(path), "%s/playlist.json", dir);
    if (!read_whole(path, PLAYLIST_MAX_FILE_BYTES, &data, &len))
        return false;
    cJSON *root = cJSON_ParseWithLength(data, len);
    free(data);
    bool ok = root != NULL;
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "items"))
    {
        const cJSON *src = cJSON_GetObjectItemCaseSensitive(item, "src");
        if (!cJSON_IsString(src))
            continue;
        if (strncmp(src->valuestring, "assets/", 7) != 0 ||
            !cache_is_asset_name(src->valuestring + 7)) {
            ok = false;
            break;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, src->valuestring);
        if (!fs_is_file(path)) {
            ok = false;
            break;
        }
    }
    cJSON_Delete(root);
    return ok;
}

static bool url_is_acceptable(const char *url, bool *plain_http, char *reason, size_t n)
{
    if (strncasecmp(url, "https://", 8) == 0) {
        *plain_http = false;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        *plain_http = true;
    } else {
        reason_set(reason, n, "feed URL must start with http:// or https://");
        return false;
    }
    if (strlen(url) + 9 >= HTTP_MAX_URL) {
        reason_set(reason, n, "feed URL is too long");
        return false;
    }
    if (strpbrk(url, "?#")) {
        reason_set(reason, n,
                   "feed URL must not have a query or fragment (the signature is URL.minisig)");
        return false;
    }
    return true;
}

static bool get_small(struct cycle *c, const char *url, const struct cache_state *st, size_t max,
                      struct http_membuf *buf, struct http_response *resp, enum http_result *res)
{
    struct http_request req = {
        .url = url,
        .etag = st ? st->etag : NULL,
        .last_modified = st ? st->last_modified : NULL,
        .max_bytes = max,
        .sink = {http_membuf_write, buf},
    };
    if (!request_limits(c, &req))
        return false;
    *res = http_get(&req, resp, c->reason, c->reason_n);
    return *res != HTTP_FAILED;
}

/* Walks the image items of a feed: checks src and sha256, fills assets[]
 * (deduplicated by hash). */
static bool collect_assets(struct cycle *c, cJSON *root, struct asset *assets, size_t *n_assets)
{
    size_t idx = 0;
    const cJSON *item;
    *n_assets = 0;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "items"))
    {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(item, "type");
        const cJSON *src = cJSON_GetObjectItemCaseSensitive(item, "src");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(item, "sha256");
        idx++;
        if (!cJSON_IsString(type) || strcmp(type->valuestring, "image") != 0)
            continue;
        const char *why = "is missing";
        if (!cJSON_IsString(src) || !src_is_allowed(src->valuestring, &why)) {
            reason_set(c->reason, c->reason_n, "items[%zu].src %s", idx - 1,
                       cJSON_IsString(src) ? why : "is missing");
            return false;
        }
        if (!cJSON_IsString(sha) || !is_sha256_hex(sha->valuestring)) {
            reason_set(c->reason, c->reason_n,
                       "items[%zu] has no valid sha256; every image of a feed must carry one",
                       idx - 1);
            return false;
        }
        char lower[65];
        for (size_t i = 0; i < 65; i++)
            lower[i] = (char)(sha->valuestring[i] >= 'A' && sha->valuestring[i] <= 'F'
                                  ? sha->valuestring[i] + 32
                                  : sha->valuestring[i]);
        bool dup = false;
        for (size_t i = 0; i < *n_assets && !dup; i++)
            dup = strcmp(assets[i].sha, lower) == 0;
        if (dup)
            continue;
        if (*n_assets == FEED_MAX_ASSETS) {
            reason_set(c->reason, c->reason_n, "feed names more than %d distinct images",
                       FEED_MAX_ASSETS);
            return false;
        }
        memcpy(assets[*n_assets].sha, lower, 65);
        (*n_assets)++;
    }
    return true;
}

static const struct asset *asset_by_sha(const struct asset *assets, size_t n, const char *sha)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(assets[i].sha, sha) == 0)
            return &assets[i];
    return NULL;
}

/* Rewrites every image src to its local, content-addressed path. */
static char *rewrite_playlist(cJSON *root, const struct asset *assets, size_t n)
{
    cJSON *item;
    char local[96];
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "items"))
    {
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(item, "type");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(item, "sha256");
        if (!cJSON_IsString(type) || strcmp(type->valuestring, "image") != 0)
            continue;
        const struct asset *a = asset_by_sha(assets, n, sha->valuestring);
        if (!a)
            return NULL;
        snprintf(local, sizeof(local), "assets/%s", a->name);
        cJSON *s = cJSON_CreateString(local);
        if (!s || !cJSON_ReplaceItemInObjectCaseSensitive(item, "src", s)) {
            cJSON_Delete(s);
            return NULL;
        }
        cJSON *lower = cJSON_CreateString(a->sha);
        if (!lower || !cJSON_ReplaceItemInObjectCaseSensitive(item, "sha256", lower)) {
            cJSON_Delete(lower);
            return NULL;
        }
    }
    return cJSON_Print(root);
}

/* Parses text as a playlist (feed rules when feed is set); with
 * check_assets, every image must also be usable from dir. */
static bool validate_playlist(struct cycle *c, const char *text, size_t len, const char *file,
                              const char *dir, bool feed, bool check_assets)
{
    struct diag_list *diags = diag_list_new();
    struct playlist_opts opts = {.feed = feed};
    struct playlist *pl = diags ? playlist_parse_ex(text, len, file, dir, &opts, diags) : NULL;
    bool ok = pl != NULL && (!check_assets || playlist_check_assets(pl, diags));
    if (!ok) {
        char line[512] = "no details";
        for (size_t i = 0; diags && i < diag_count(diags); i++) {
            const struct diag *d = diag_get(diags, i);
            if (d->severity == DIAG_ERROR || (pl && check_assets)) {
                diag_format(d, line, sizeof(line));
                break;
            }
        }
        reason_set(c->reason, c->reason_n, "signed feed is not a valid playlist: %s", line);
    }
    playlist_free(pl);
    diag_list_free(diags);
    return ok;
}

static bool prepare_dirs(const char *dir, char *reason, size_t n)
{
    char path[PATH_CAP];
    if (!fs_mkdirs(dir)) {
        reason_set(reason, n, "cannot create cache directory %s: %s", dir, strerror(errno));
        return false;
    }
    snprintf(path, sizeof(path), "%s/assets", dir);
    if (!fs_mkdirs(path)) {
        reason_set(reason, n, "cannot create %s: %s", path, strerror(errno));
        return false;
    }
    cache_clear_tmp(dir); /* leftovers of a killed cycle */
    snprintf(path, sizeof(path), "%s/tmp/assets", dir);
    if (!fs_mkdirs(path)) {
        reason_set(reason, n, "cannot create %s: %s", path, strerror(errno));
        return false;
    }
    return true;
}

/* Moves staged assets into DIR/assets (content-addressed names never
 * clash with what the old playlist uses), then syncs the directory. */
static bool commit_assets(struct cycle *c, const struct asset *assets, size_t n)
{
    const char *dir = c->cfg->cache_dir;
    char from[PATH_CAP], to[PATH_CAP];
    bool moved = false;
    for (size_t i = 0; i < n; i++) {
        if (assets[i].present)
            continue;
        snprintf(from, sizeof(from), "%s/tmp/assets/%s", dir, assets[i].name);
        snprintf(to, sizeof(to), "%s/assets/%s", dir, assets[i].name);
        if (rename(from, to) != 0) {
            reason_set(c->reason, c->reason_n, "cannot install asset %s: %s", assets[i].name,
                       strerror(errno));
            return false;
        }
        moved = true;
    }
    if (moved && !fs_sync_dir_of(to)) {
        reason_set(c->reason, c->reason_n, "cannot sync %s/assets: %s", dir, strerror(errno));
        return false;
    }
    return true;
}

static enum feed_result run_cycle(struct cycle *c, struct cache_state *st)
{
    const struct feed_config *cfg = c->cfg;
    const char *dir = cfg->cache_dir;
    enum feed_result result = FEED_FAILED;
    struct http_membuf body = {0}, sigbuf = {0};
    struct http_response resp;
    enum http_result hres;
    char *pubtext = NULL, *installed_text = NULL;
    char path[PATH_CAP], sig_url[HTTP_MAX_URL + 16];
    cJSON *root = NULL;
    char *rewritten = NULL;
    struct asset *assets = NULL;
    size_t n_assets = 0;
    bool plain_http;

    if (!url_is_acceptable(cfg->url, &plain_http, c->reason, c->reason_n))
        goto out;
    if (plain_http && !cfg->pubkey_path) {
        reason_set(c->reason, c->reason_n,
                   "a plain http:// feed must be signed: give the office's public key (--pubkey)");
        goto out;
    }
    struct minisign_pubkey pk;
    if (cfg->pubkey_path) {
        size_t len;
        char why[256];
        if (!read_whole(cfg->pubkey_path, MINISIGN_MAX_FILE_BYTES, &pubtext, &len)) {
            reason_set(c->reason, c->reason_n, "cannot read public key %s: %s", cfg->pubkey_path,
                       strerror(errno));
            goto out;
        }
        if (!minisign_parse_pubkey(pubtext, len, &pk, why, sizeof(why))) {
            reason_set(c->reason, c->reason_n, "%s: %s", cfg->pubkey_path, why);
            goto out;
        }
    }

    /* A conditional GET only makes sense for the feed we hold, complete. */
    snprintf(path, sizeof(path), "%s/playlist.json", dir);
    bool have_installed = fs_is_file(path) && strcmp(st->url, cfg->url) == 0;
    struct cache_state cond = *st;
    if (!have_installed)
        cond.etag[0] = cond.last_modified[0] = '\0';
    if (!get_small(c, cfg->url, &cond, PLAYLIST_MAX_FILE_BYTES, &body, &resp, &hres))
        goto out;
    if (hres == HTTP_NOT_MODIFIED) {
        result = FEED_UNCHANGED;
        goto out;
    }
    c->got_200 = true;
    snprintf(c->etag, sizeof(c->etag), "%s", resp.etag);
    snprintf(c->last_modified, sizeof(c->last_modified), "%s", resp.last_modified);

    /* Trust first: nothing of the body is interpreted before this. */
    if (cfg->pubkey_path) {
        snprintf(sig_url, sizeof(sig_url), "%s.minisig", cfg->url);
        char why[512];
        if (!get_small(c, sig_url, NULL, MINISIGN_MAX_FILE_BYTES, &sigbuf, &resp, &hres)) {
            snprintf(why, sizeof(why), "%s", c->reason);
            reason_set(c->reason, c->reason_n, "signature missing or unreachable: %s", why);
            goto out;
        }
        if (!minisign_verify_text(&pk, sigbuf.data ? sigbuf.data : "", sigbuf.len,
                                  body.data ? body.data : "", body.len, why, sizeof(why))) {
            reason_set(c->reason, c->reason_n, "feed refused: %s", why);
            goto out;
        }
    }

    uint8_t digest[crypto_hash_sha256_BYTES];
    char feed_sha[65];
    crypto_hash_sha256(digest, (const uint8_t *)(body.data ? body.data : ""), body.len);
    hex(digest, sizeof(digest), feed_sha);

    root = cJSON_ParseWithLength(body.data ? body.data : "", body.len);
    if (!cJSON_IsObject(root)) {
        reason_set(c->reason, c->reason_n, "signed feed is not valid JSON");
        goto out;
    }
    const cJSON *seqj = cJSON_GetObjectItemCaseSensitive(root, "sequence");
    if (!cJSON_IsNumber(seqj) || seqj->valuedouble < 1 || seqj->valuedouble > 9007199254740991.0 ||
        seqj->valuedouble != floor(seqj->valuedouble)) {
        reason_set(c->reason, c->reason_n,
                   "feed has no \"sequence\" (a whole number >= 1 that grows with every version)");
        goto out;
    }
    int64_t seq = (int64_t)seqj->valuedouble;
    int64_t installed = cache_installed_sequence(dir);
    if (st->sequence > installed)
        installed = st->sequence;
    if (seq < installed) {
        reason_set(c->reason, c->reason_n,
                   "feed refused: sequence %lld is older than the installed %lld (replay)",
                   (long long)seq, (long long)installed);
        goto out;
    }
    if (seq == installed) {
        /* The same signed bytes are "unchanged"; different bytes under the
         * same number are refused: the signer must raise the sequence. */
        size_t ilen = 0;
        snprintf(path, sizeof(path), "%s/feed.json", dir);
        bool same = strcmp(st->feed_sha256, feed_sha) == 0 ||
                    (read_whole(path, PLAYLIST_MAX_FILE_BYTES, &installed_text, &ilen) &&
                     ilen == body.len && memcmp(installed_text, body.data, ilen) == 0);
        if (!same) {
            reason_set(c->reason, c->reason_n,
                       "feed refused: sequence %lld is already installed with different content; "
                       "raise \"sequence\" when publishing a new version",
                       (long long)seq);
            goto out;
        }
        if (installed_is_complete(dir, seq)) {
            result = FEED_UNCHANGED;
            goto out;
        }
        /* Otherwise a previous install was cut short: finish it. */
    }

    /* The whole playlist is checked before any asset is downloaded. */
    if (!validate_playlist(c, body.data, body.len, cfg->url, dir, true, false))
        goto out;

    assets = calloc(FEED_MAX_ASSETS, sizeof(*assets));
    if (!assets) {
        reason_set(c->reason, c->reason_n, "out of memory");
        goto out;
    }
    if (!collect_assets(c, root, assets, &n_assets))
        goto out;
    for (size_t i = 0; i < n_assets; i++) {
        assets[i].present = find_installed(dir, &assets[i]);
        if (assets[i].present) {
            /* Staged as a hard link so the new playlist is validated as a
             * whole in tmp/ before anything is installed. */
            char from[PATH_CAP], to[PATH_CAP];
            snprintf(from, sizeof(from), "%s/assets/%s", dir, assets[i].name);
            snprintf(to, sizeof(to), "%s/tmp/assets/%s", dir, assets[i].name);
            if (link(from, to) != 0) {
                reason_set(c->reason, c->reason_n, "cannot stage %s: %s", from, strerror(errno));
                goto out;
            }
            continue;
        }
        const cJSON *item;
        const char *src = NULL;
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(root, "items"))
        {
            const cJSON *sha = cJSON_GetObjectItemCaseSensitive(item, "sha256");
            const cJSON *s = cJSON_GetObjectItemCaseSensitive(item, "src");
            if (cJSON_IsString(sha) && cJSON_IsString(s) &&
                strcasecmp(sha->valuestring, assets[i].sha) == 0) {
                src = s->valuestring;
                break;
            }
        }
        if (!src || !download_asset(c, src, &assets[i]))
            goto out;
    }

    rewritten = rewrite_playlist(root, assets, n_assets);
    if (!rewritten) {
        reason_set(c->reason, c->reason_n, "out of memory while rewriting the playlist");
        goto out;
    }
    /* Validated where it will resolve the same way: tmp/ mirrors DIR. */
    snprintf(path, sizeof(path), "%s/tmp", dir);
    char file[PATH_CAP];
    snprintf(file, sizeof(file), "%s/playlist.json", dir);
    if (!validate_playlist(c, rewritten, strlen(rewritten), file, path, false, true))
        goto out;

    /* Install. Assets first (harmless to the old playlist), the audit copy
     * of the signed feed, then playlist.json: the one rename that commits. */
    if (!commit_assets(c, assets, n_assets))
        goto out;
    if (cfg->pubkey_path) {
        snprintf(path, sizeof(path), "%s/feed.json.minisig", dir);
        if (!fs_write_atomic(path, sigbuf.data, sigbuf.len)) {
            reason_set(c->reason, c->reason_n, "cannot write %s: %s", path, strerror(errno));
            goto out;
        }
    }
    snprintf(path, sizeof(path), "%s/feed.json", dir);
    if (!fs_write_atomic(path, body.data, body.len)) {
        reason_set(c->reason, c->reason_n, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    if (!fs_write_atomic(file, rewritten, strlen(rewritten))) {
        reason_set(c->reason, c->reason_n, "cannot write %s: %s", file, strerror(errno));
        goto out;
    }
    st->sequence = seq;
    snprintf(st->feed_sha256, sizeof(st->feed_sha256), "%s", feed_sha);
    result = FEED_INSTALLED;
    c->keep = calloc(n_assets ? n_assets : 1, sizeof(*c->keep));
    if (c->keep) {
        for (size_t i = 0; i < n_assets; i++)
            memcpy(c->keep[i], assets[i].name, sizeof(c->keep[i]));
        c->n_keep = n_assets;
    }
out:
    cJSON_Delete(root);
    free(rewritten);
    free(assets);
    free(body.data);
    free(sigbuf.data);
    free(pubtext);
    free(installed_text);
    return result;
}

static uint32_t jitter_seed(void)
{
    uint32_t r = 0;
    if (sodium_init() >= 0)
        r = randombytes_uniform(1000001);
    return r;
}

enum feed_result feed_fetch(const struct feed_config *cfg, struct feed_outcome *outcome,
                            char *reason, size_t reason_n)
{
    struct cycle c = {.cfg = cfg, .reason = reason, .reason_n = reason_n};
    struct feed_outcome o = {.result = FEED_FAILED};
    struct cache_state st;
    char path[PATH_CAP];
    int lock = -1;
    if (reason && reason_n)
        reason[0] = '\0';
    c.deadline = now_mono() + (cfg->timeout_s > 0 ? cfg->timeout_s : 60);
    double interval = cfg->interval_s > 0 ? cfg->interval_s : FEED_DEFAULT_INTERVAL;

    if (!cfg->url || !cfg->cache_dir) {
        reason_set(reason, reason_n, "no feed URL or cache directory given");
        goto done;
    }
    if (!fs_mkdirs(cfg->cache_dir)) {
        reason_set(reason, reason_n, "cannot create cache directory %s: %s", cfg->cache_dir,
                   strerror(errno));
        goto done;
    }
    /* One cycle at a time per cache (a `fetch --once` beside `run`). The
     * kernel drops the lock if the process is killed. */
    snprintf(path, sizeof(path), "%s/.lock", cfg->cache_dir);
    lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB) != 0) {
        reason_set(reason, reason_n, "another fetch is using %s; try again later", cfg->cache_dir);
        if (lock >= 0)
            close(lock);
        lock = -1;
        goto done;
    }
    if (!prepare_dirs(cfg->cache_dir, reason, reason_n))
        goto unlock;
    cache_state_load(cfg->cache_dir, &st);
    o.result = run_cycle(&c, &st);

    time_t now = time(NULL);
    if (o.result == FEED_FAILED) {
        st.failures = st.failures < 1000 ? st.failures + 1 : 1000;
        double j = (double)jitter_seed() / 1000000.0;
        st.next_attempt = (int64_t)now + (int64_t)feed_backoff_delay(st.failures, j);
    } else {
        st.failures = 0;
        st.last_success = (int64_t)now;
        st.next_attempt = (int64_t)now + (int64_t)interval;
        if (c.got_200) {
            snprintf(st.url, sizeof(st.url), "%s", cfg->url);
            snprintf(st.etag, sizeof(st.etag), "%s", c.etag);
            snprintf(st.last_modified, sizeof(st.last_modified), "%s", c.last_modified);
        }
    }
    if (!cache_state_save(cfg->cache_dir, &st) && o.result != FEED_FAILED) {
        /* The playlist is installed; a stale state only costs a refetch. */
        reason_set(reason, reason_n, "installed, but cannot write %s/state.json: %s",
                   cfg->cache_dir, strerror(errno));
    }
    if (o.result == FEED_INSTALLED && c.keep) {
        const char **keep = calloc(c.n_keep ? c.n_keep : 1, sizeof(*keep));
        if (keep) {
            for (size_t i = 0; i < c.n_keep; i++)
                keep[i] = c.keep[i];
            cache_gc_assets(cfg->cache_dir, keep, c.n_keep);
            free(keep);
        }
    }
    o.next_attempt = st.next_attempt;
    o.sequence = cache_installed_sequence(cfg->cache_dir);
    cache_clear_tmp(cfg->cache_dir);
unlock:
    close(lock);
done:
    free(c.keep);
    if (outcome)
        *outcome = o;
    return o.result;
}

enum feed_result feed_fetch_once(const char *url, const char *cache_dir, const char *pubkey_path,
                                 double timeout_s, char *reason, size_t reason_n)
{
    struct feed_config cfg = {
        .url = url,
        .cache_dir = cache_dir,
        .pubkey_path = pubkey_path,
        .timeout_s = timeout_s,
    };
    return feed_fetch(&cfg, NULL, reason, reason_n);
}

/* The worker: one thread, a mutex-guarded mailbox, a condition variable
 * so feed_worker_stop wakes it at once. */
struct feed_worker {
    struct feed_config cfg; /* strings below are owned copies */
    char *url, *cache_dir, *pubkey_path;
    atomic_int cancel;
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool stop;                /* guarded by lock */
    bool pending;             /* mailbox: a new playlist is installed */
    int64_t pending_sequence; /* guarded by lock */
    char last_error[512];     /* guarded by lock */
    int64_t next_attempt;     /* guarded by lock: unix seconds of the next cycle */
};

static void *worker_main(void *arg)
{
    struct feed_worker *w = arg;
    struct cache_state st;
    cache_state_load(w->cfg.cache_dir, &st);
    /* The next attempt survives restarts: a board rebooting in a loop does
     * not hammer the server during a backoff. */
    int64_t due = st.next_attempt;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        while (!w->stop) {
            int64_t now = (int64_t)time(NULL);
            if (now >= due)
                break;
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_sec += (time_t)(due - now < 60 ? due - now : 60);
            pthread_cond_timedwait(&w->wake, &w->lock, &until);
        }
        bool stop = w->stop;
        pthread_mutex_unlock(&w->lock);
        if (stop)
            break;

        char reason[512] = "";
        struct feed_outcome o;
        feed_fetch(&w->cfg, &o, reason, sizeof(reason));
        int64_t now = (int64_t)time(NULL);
        /* Never spin, even when the state file cannot be written. */
        due = o.next_attempt > now ? o.next_attempt : now + FEED_BACKOFF_BASE_S;

        pthread_mutex_lock(&w->lock);
        if (o.result == FEED_INSTALLED) {
            w->pending = true;
            w->pending_sequence = o.sequence;
        }
        snprintf(w->last_error, sizeof(w->last_error), "%s", o.result == FEED_FAILED ? reason : "");
        w->next_attempt = due;
        pthread_mutex_unlock(&w->lock);
    }
    return NULL;
}

struct feed_worker *feed_worker_start(const struct feed_config *cfg)
{
    struct feed_worker *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    w->cfg = *cfg;
    w->url = strdup(cfg->url ? cfg->url : "");
    w->cache_dir = strdup(cfg->cache_dir ? cfg->cache_dir : "");
    w->pubkey_path = cfg->pubkey_path ? strdup(cfg->pubkey_path) : NULL;
    if (!w->url || !w->cache_dir || (cfg->pubkey_path && !w->pubkey_path))
        goto fail;
    w->cfg.url = w->url;
    w->cfg.cache_dir = w->cache_dir;
    w->cfg.pubkey_path = w->pubkey_path;
    w->cfg.cancel = &w->cancel;
    atomic_init(&w->cancel, 0);
    pthread_mutex_init(&w->lock, NULL);
    pthread_cond_init(&w->wake, NULL);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        pthread_cond_destroy(&w->wake);
        pthread_mutex_destroy(&w->lock);
        goto fail;
    }
    return w;
fail:
    free(w->url);
    free(w->cache_dir);
    free(w->pubkey_path);
    free(w);
    return NULL;
}

bool feed_worker_poll(struct feed_worker *w, char *path, size_t path_n, int64_t *sequence)
{
    if (!w)
        return false;
    pthread_mutex_lock(&w->lock);
    bool got = w->pending;
    if (got) {
        w->pending = false;
        if (sequence)
            *sequence = w->pending_sequence;
        if (path && path_n)
            snprintf(path, path_n, "%s/playlist.json", w->cfg.cache_dir);
    }
    pthread_mutex_unlock(&w->lock);
    return got;
}

void feed_worker_last_error(struct feed_worker *w, char *buf, size_t n)
{
    if (!w || !buf || !n)
        return;
    pthread_mutex_lock(&w->lock);
    snprintf(buf, n, "%s", w->last_error);
    pthread_mutex_unlock(&w->lock);
}

void feed_worker_last_outcome(struct feed_worker *w, char *buf, size_t n, int64_t *next_attempt)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->lock);
    if (buf && n)
        snprintf(buf, n, "%s", w->last_error);
    if (next_attempt)
        *next_attempt = w->next_attempt;
    pthread_mutex_unlock(&w->lock);
}

void feed_worker_stop(struct feed_worker *w)
{
    if (!w)
        return;
    atomic_store(&w->cancel, 1);
    pthread_mutex_lock(&w->lock);
    w->stop = true;
    pthread_cond_signal(&w->wake);
    pthread_mutex_unlock(&w->lock);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->wake);
    pthread_mutex_destroy(&w->lock);
    free(w->url);
    free(w->cache_dir);
    free(w->pubkey_path);
    free(w);
}
