/* SPDX-License-Identifier: MIT */
#include "feed/publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar/clock.h"
#include "feed/cache.h"
#include "feed/feed.h"
#include "feed/minisign.h"
#include "feed/stage.h"
#include "media/media.h"
#include "playlist/imghdr.h"
#include "playlist/playlist.h"
#include "util/fsutil.h"
#include "util/i18n.h"
#include "util/reason.h"
#include "json/json.h"

#define PATH_CAP 4096
#define NO_ASSET ((size_t)-1)
#define SIG_CAP  4096               /* a .minisig we write: comments are short */
#define MAX_SEQ  9007199254740991LL /* 2^53 - 1: exact in a JSON number */

struct pub_asset {
    char sha[65];       /* lower-case hex */
    char name[72];      /* <sha>.<ext>, ext from the bytes as a board names it */
    const char *source; /* borrowed from the playlist: the file staff wrote */
    size_t bytes;
    bool clip;    /* from a video item: copied streaming, never whole in memory */
    bool created; /* written into DIR/assets by this run: undone on failure */
};

/* One publication. Everything owned is freed by pub_free(). */
struct pub {
    const struct publish_opts *o;
    struct diag_list *diags;
    char *reason;
    size_t reason_n;
    struct publish_outcome *out;

    struct playlist *pl; /* owned: the source, parsed and checked */
    char *src_text;      /* owned: its bytes */
    size_t src_len;
    struct pub_asset *assets; /* owned, n_assets of them */
    size_t n_assets;
    size_t *item_asset; /* owned: per item, index into assets or NO_ASSET */

    char *old_text; /* owned: DIR/playlist.json as found, or NULL */
    size_t old_len;
    char *old_sig; /* owned: DIR/playlist.json.minisig as found, or NULL */
    size_t old_sig_len;
    int64_t old_seq;

    char *out_text; /* owned: the new playlist.json */
    size_t out_len;
    char sig[SIG_CAP];
    struct minisign_pubkey pk;

    char dir[PATH_CAP];
    char assets_dir[PATH_CAP];
    int dir_fd; /* DIR, flock()ed while writing */
    bool made_dir, made_assets;
};

static void hex(const uint8_t *bin, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bin[i] >> 4];
        out[2 * i + 1] = digits[bin[i] & 15];
    }
    out[2 * n] = '\0';
}

static bool join(char *buf, size_t n, const char *dir, const char *name)
{
    size_t a = strlen(dir), b = strlen(name);
    if (a + 1 + b + 1 > n)
        return false;
    memcpy(buf, dir, a);
    buf[a] = '/';
    memcpy(buf + a + 1, name, b + 1);
    return true;
}

bool publish_default_pubkey(const char *seckey, char *buf, size_t n)
{
    size_t len = strlen(seckey);
    const char *slash = strrchr(seckey, '/');
    size_t dlen = slash ? (size_t)(slash - seckey) + 1 : 0;
    char first[PATH_CAP] = "";
    if (len > 4 &&
        (strcmp(seckey + len - 4, ".key") == 0 || strcmp(seckey + len - 4, ".sec") == 0) &&
        len - 4 > dlen) {
        snprintf(first, sizeof(first), "%.*s.pub", (int)(len - 4), seckey);
        if (fs_is_file(first)) {
            snprintf(buf, n, "%s", first);
            return true;
        }
    }
    char fallback[PATH_CAP];
    snprintf(fallback, sizeof(fallback), "%.*sminisign.pub", (int)dlen, seckey);
    snprintf(buf, n, "%s", first[0] ? first : fallback);
    if (fs_is_file(fallback)) {
        snprintf(buf, n, "%s", fallback);
        return true;
    }
    return false;
}

/* ---- 1. the source playlist and its images ------------------------------ */

static bool hash_file(const char *path, size_t max, char sha[65], size_t *bytes, char **data_out)
{
    char *data = NULL;
    size_t len = 0;
    if (!fs_read_file(path, max, &data, &len))
        return false;
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const uint8_t *)data, len);
    hex(digest, sizeof(digest), sha);
    *bytes = len;
    if (data_out)
        *data_out = data;
    else
        free(data);
    return true;
}

/* Hashes path in 64 KiB reads (a clip is never whole in memory); head
 * gets its first STAGE_SNIFF_BYTES. A file over max fails with EFBIG,
 * before any of it is read. */
static bool hash_stream(const char *path, uint64_t max, char sha[65], uint64_t *bytes,
                        uint8_t *head, size_t *head_len)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    bool ok = false;
    int err = 0;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        err = errno ? errno : EINVAL;
        goto out;
    }
    if ((uint64_t)st.st_size > max) {
        *bytes = (uint64_t)st.st_size;
        err = EFBIG;
        goto out;
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    uint8_t buf[65536];
    uint64_t n = 0;
    *head_len = 0;
    for (;;) {
        ssize_t r = read(fd, buf, sizeof(buf));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            err = errno;
            goto out;
        }
        if (r == 0)
            break;
        for (ssize_t i = 0; *head_len < STAGE_SNIFF_BYTES && i < r; i++)
            head[(*head_len)++] = buf[i];
        n += (uint64_t)r;
        if (n > max) { /* grew while being read */
            err = EFBIG;
            goto out;
        }
        crypto_hash_sha256_update(&h, buf, (size_t)r);
    }
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, digest);
    hex(digest, sizeof(digest), sha);
    *bytes = n;
    ok = true;
out:
    close(fd);
    if (err)
        errno = err;
    return ok;
}

/* A video item's clip: within the board's cap, hashed streaming, named by
 * its bytes as a board names it, and probed as `check` probes it. */
static bool load_clip(struct pub *p, const struct pl_item *it, const char *path, char sha[65],
                      size_t *bytes, const char **ext)
{
    uint8_t head[STAGE_SNIFF_BYTES];
    size_t head_len = 0;
    uint64_t n = 0;
    bool hashed = hash_stream(it->path, FEED_CLIP_MAX_BYTES, sha, &n, head, &head_len);
    *bytes = (size_t)n; /* within the cap, which fits a 32-bit size_t */
    if (!hashed) {
        if (errno == EFBIG)
            diag_add(p->diags, DIAG_ERROR, p->pl->file, it->src_line, it->src_col, path, "limit",
                     _("the clip \"%s\" is %llu MB; a board takes clips of at most %llu MB from "
                       "a feed: re-encode it at the board's size or cut it"),
                     it->src, (unsigned long long)(n >> 20),
                     (unsigned long long)(FEED_CLIP_MAX_BYTES >> 20));
        else
            diag_add(p->diags, DIAG_ERROR, p->pl->file, it->src_line, it->src_col, path, "asset",
                     _("cannot read the clip \"%s\": %s"), it->src, strerror(errno));
        return false;
    }
    if (!(*ext = stage_sniff(head, head_len, true))) {
        diag_add(p->diags, DIAG_ERROR, p->pl->file, it->src_line, it->src_col, path, "asset",
                 _("\"%s\" is not a clip a board plays (MP4, MOV, WebM, MKV, AVI, Ogg or "
                   "MPEG-TS)"),
                 it->src);
        return false;
    }
#ifdef BANGTIN_HAVE_VIDEO
    struct media_info in;
    char why[300];
    if (!media_probe(it->path, &in, why, sizeof(why))) {
        diag_add(p->diags, DIAG_ERROR, p->pl->file, it->src_line, it->src_col, path, "asset",
                 "%s: %s", it->src, why);
        return false;
    }
#else
    diag_add(p->diags, DIAG_WARNING, p->pl->file, it->src_line, it->src_col, path, "asset",
             _("%s was not probed: this bangtin was built without video; check it with a "
               "bangtin that plays clips"),
             it->src);
#endif
    return true;
}

/* An image item's file: read whole (images are capped at 32 MiB), probed
 * and checked complete as the board decodes it, named by its bytes. */
static bool load_image(struct pub *p, const struct pl_item *it, const char *path, char sha[65],
                       size_t *bytes, const char **ext)
{
    char *data = NULL;
    if (!hash_file(it->path, IMGHDR_MAX_FILE_BYTES, sha, bytes, &data)) {
        diag_add(p->diags, DIAG_ERROR, p->pl->file, it->src_line, it->src_col, path, "asset",
                 _("cannot read the image \"%s\": %s"), it->src, strerror(errno));
        return false;
    }
    struct imghdr h;
    char why[300];
    const unsigned char *bin = (const unsigned char *)data;
    bool probed = imghdr_probe_mem(bin, *bytes, &h, why, sizeof(why)) &&
                  imghdr_check_complete(bin, *bytes, &h, why, sizeof(why));
    *ext = probed ? stage_sniff(bin, *bytes, false) : NULL;
    free(data);
    if (!probed) {
        diag_add(p->diags, DIAG_ERROR, p->pl->file, it->src_line, it->src_col, path, "asset",
                 "%s: %s", it->src, why);
        return false;
    }
    if (!*ext) { /* imghdr and the board's sniffing disagree: never ship it */
        diag_add(p->diags, DIAG_ERROR, p->pl->file, it->src_line, it->src_col, path, "asset",
                 _("%s: a board takes PNG, JPEG, GIF or WebP images"), it->src);
        return false;
    }
    return true;
}

static enum publish_result load_source(struct pub *p)
{
    const char *file = p->o->playlist;
    if (!fs_read_file(file, PLAYLIST_MAX_FILE_BYTES, &p->src_text, &p->src_len)) {
        if (errno == EFBIG)
            diag_add(p->diags, DIAG_ERROR, file, 1, 1, NULL, "limit",
                     _("the playlist is larger than %u bytes: is this the right file?"),
                     PLAYLIST_MAX_FILE_BYTES);
        else
            reason_set(p->reason, p->reason_n, _("cannot read %s: %s"), file, strerror(errno));
        return errno == EFBIG ? PUBLISH_CONTENT : PUBLISH_FAILED;
    }
    struct playlist_opts opts = {0};
    time_t now = time(NULL);
    if (clock_is_plausible(now)) {
        struct tm tm;
        localtime_r(&now, &tm);
        opts.has_today = true;
        opts.today = (struct cal_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    }
    /* Parsed and its images checked the way `check` and the board do (an
     * image problem is an error here: a board would refuse the feed). */
    opts.check_assets = true;
    p->pl = playlist_load_ex(file, &opts, p->diags);
    if (!p->pl)
        return diag_find(p->diags, "file") ? PUBLISH_FAILED : PUBLISH_CONTENT;
    char *again = NULL;
    size_t again_len = 0;
    bool same = fs_read_file(file, PLAYLIST_MAX_FILE_BYTES, &again, &again_len) &&
                again_len == p->src_len && memcmp(again, p->src_text, again_len) == 0;
    free(again);
    if (!same) {
        reason_set(p->reason, p->reason_n,
                   _("%s changed while it was being published: run bangtin publish again"), file);
        return PUBLISH_FAILED;
    }

    p->item_asset = malloc((p->pl->n_items ? p->pl->n_items : 1) * sizeof(*p->item_asset));
    p->assets = calloc(FEED_MAX_ASSETS, sizeof(*p->assets));
    if (!p->item_asset || !p->assets) {
        reason_set(p->reason, p->reason_n, "%s", _("out of memory"));
        return PUBLISH_FAILED;
    }
    uint64_t total = 0, clip_total = 0;
    bool too_many = false;
    for (size_t i = 0; i < p->pl->n_items; i++) {
        struct pl_item *it = &p->pl->items[i];
        char path[64];
        snprintf(path, sizeof(path), "items[%zu].src", i);
        p->item_asset[i] = NO_ASSET;
        if (it->is_url) {
            diag_add(p->diags, DIAG_ERROR, p->pl->file, it->src_line, it->src_col, path, "asset",
                     _("publish copies every image into the feed folder, so it cannot use a web "
                       "address: download \"%s\" beside the playlist and write its file name, "
                       "like \"assets/infographic.png\""),
                     it->src);
            continue;
        }
        if (!it->path || it->asset_unusable)
            continue;
        char sha[65];
        size_t bytes = 0;
        const char *ext = NULL;
        bool clip = it->type == PL_VIDEO;
        if (!(clip ? load_clip(p, it, path, sha, &bytes, &ext)
                   : load_image(p, it, path, sha, &bytes, &ext)))
            continue;
        if (it->has_sha256 && strcmp(it->sha256, sha) != 0) {
            char shapath[64];
            snprintf(shapath, sizeof(shapath), "items[%zu].sha256", i);
            diag_add(p->diags, DIAG_WARNING, p->pl->file, it->src_line, it->src_col, shapath,
                     "asset",
                     _("the \"sha256\" written here is not that of \"%s\" (the image was changed "
                       "since): the published playlist carries the file's own, %s"),
                     it->src, sha);
        }
        size_t a = 0;
        while (a < p->n_assets && strcmp(p->assets[a].sha, sha) != 0)
            a++;
        if (a == p->n_assets) {
            if (p->n_assets == FEED_MAX_ASSETS) {
                too_many = true;
                continue;
            }
            struct pub_asset *pa = &p->assets[p->n_assets++];
            memcpy(pa->sha, sha, sizeof(pa->sha));
            snprintf(pa->name, sizeof(pa->name), "%s.%s", sha, ext);
            pa->source = it->path;
            pa->bytes = bytes;
            pa->clip = clip;
            if (clip)
                clip_total += bytes;
            else
                total += bytes;
        }
        p->item_asset[i] = a;
    }
    if (too_many)
        diag_add(p->diags, DIAG_ERROR, p->pl->file, 0, 0, "items", "limit",
                 _("the playlist uses more than %d different images; a board takes at most %d "
                   "from one feed: split it"),
                 FEED_MAX_ASSETS, FEED_MAX_ASSETS);
    if (total > FEED_TOTAL_MAX_BYTES)
        diag_add(p->diags, DIAG_ERROR, p->pl->file, 0, 0, "items", "limit",
                 _("the images add up to %llu MB; a board downloads at most %llu MB in one "
                   "update: make them smaller or publish fewer at a time"),
                 (unsigned long long)(total >> 20),
                 (unsigned long long)(FEED_TOTAL_MAX_BYTES >> 20));
    if (clip_total > FEED_CLIPS_TOTAL_MAX_BYTES)
        diag_add(p->diags, DIAG_ERROR, p->pl->file, 0, 0, "items", "limit",
                 _("the clips add up to %llu MB; a board takes at most %llu MB of clips from one "
                   "feed: make them smaller or publish fewer at a time"),
                 (unsigned long long)(clip_total >> 20),
                 (unsigned long long)(FEED_CLIPS_TOTAL_MAX_BYTES >> 20));
    return diag_error_count(p->diags) ? PUBLISH_CONTENT : PUBLISH_OK;
}

/* ---- 2. what DIR holds now ---------------------------------------------- */

static bool same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* The sequence a published playlist carries; false when it is no playlist. */
static bool sequence_of(const char *text, size_t len, int64_t *seq)
{
    struct json_doc *doc = json_parse(text, len, NULL, NULL);
    const struct json_node *root = json_root(doc), *s = json_get(root, "sequence");
    bool ok = json_is(root, JSON_OBJECT);
    *seq = 0;
    if (ok && s)
        ok = json_int(s, seq) == JSON_INT_OK && *seq >= 0 && *seq <= MAX_SEQ;
    json_free(doc);
    return ok;
}

static enum publish_result read_published(struct pub *p)
{
    char path[PATH_CAP];
    if (fs_is_file(p->dir) || (access(p->dir, F_OK) == 0 && !fs_is_dir(p->dir))) {
        reason_set(p->reason, p->reason_n, _("%s is not a folder: give the feed folder as --out"),
                   p->dir);
        return PUBLISH_FAILED;
    }
    if (!fs_is_dir(p->dir))
        return PUBLISH_OK;
    if (!join(path, sizeof(path), p->dir, PUBLISH_PLAYLIST)) {
        reason_set(p->reason, p->reason_n, _("the folder name %s is too long"), p->dir);
        return PUBLISH_FAILED;
    }
    if (same_file(path, p->o->playlist)) {
        reason_set(p->reason, p->reason_n,
                   _("%s would overwrite the playlist being published: keep the one you edit "
                     "elsewhere and publish into a folder of its own"),
                   path);
        return PUBLISH_FAILED;
    }
    if (access(path, F_OK) != 0)
        return PUBLISH_OK;
    if (!fs_read_file(path, PLAYLIST_MAX_FILE_BYTES, &p->old_text, &p->old_len)) {
        reason_set(p->reason, p->reason_n, _("cannot read %s: %s"), path, strerror(errno));
        return PUBLISH_FAILED;
    }
    if (!sequence_of(p->old_text, p->old_len, &p->old_seq)) {
        reason_set(p->reason, p->reason_n,
                   _("%s is not a published playlist, so its sequence is unknown: move it away "
                     "or publish into another folder"),
                   path);
        return PUBLISH_FAILED;
    }
    if (join(path, sizeof(path), p->dir, PUBLISH_SIGNATURE) && access(path, F_OK) == 0 &&
        !fs_read_file(path, MINISIGN_MAX_FILE_BYTES, &p->old_sig, &p->old_sig_len)) {
        reason_set(p->reason, p->reason_n, _("cannot read %s: %s"), path, strerror(errno));
        return PUBLISH_FAILED;
    }
    return PUBLISH_OK;
}

/* ---- 3. the new playlist.json ------------------------------------------- */

/* One item, its "src" and "sha256" those of the copy in DIR. */
static void write_item(struct json_out *w, const struct json_node *item, const struct pub_asset *a)
{
    const struct json_node *m;
    char src[96];
    snprintf(src, sizeof(src), "assets/%s", a->name);
    json_out_begin_object(w, NULL);
    json_foreach(m, item)
    {
        const char *key = json_key(m);
        if (strcmp(key, "sha256") == 0)
            continue;
        if (strcmp(key, "src") == 0) {
            json_out_string(w, "src", src);
            json_out_string(w, "sha256", a->sha);
        } else {
            json_out_node(w, key, m);
        }
    }
    json_out_end_object(w);
}

/* The source as written (field order, numbers, comments in "_" fields),
 * with the copies' names and hashes and the new "sequence", which goes
 * where a reader looks for it: after "version" and "name". */
static enum publish_result build_output(struct pub *p)
{
    int64_t seq = p->pl->sequence > p->old_seq ? p->pl->sequence : p->old_seq;
    if (seq >= MAX_SEQ) {
        reason_set(p->reason, p->reason_n, "%s", _("the sequence cannot grow any further"));
        return PUBLISH_FAILED;
    }
    seq++;
    p->out->sequence = seq;
    p->out->previous = p->old_seq;

    struct json_doc *doc = json_parse(p->src_text, p->src_len, NULL, NULL);
    const struct json_node *root = json_root(doc), *items = json_get(root, "items"), *m;
    if (!json_is(root, JSON_OBJECT) || !json_is(items, JSON_ARRAY) ||
        json_count(items) != p->pl->n_items) {
        json_free(doc);
        reason_set(p->reason, p->reason_n, "%s", _("out of memory while writing the playlist"));
        return PUBLISH_FAILED;
    }
    size_t pos = 0;
    json_foreach(m, root)
    {
        const char *key = json_key(m);
        if (strcmp(key, "version") == 0 || strcmp(key, "name") == 0 || strcmp(key, "$schema") == 0)
            pos = json_index(m) + 1;
    }
    struct json_out *w = json_out_new(PLAYLIST_MAX_FILE_BYTES, true);
    json_out_begin_object(w, NULL);
    bool seq_done = false;
    json_foreach(m, root)
    {
        const char *key = json_key(m);
        if (!seq_done && json_index(m) == pos && !json_get(root, "sequence")) {
            json_out_int(w, "sequence", seq);
            seq_done = true;
        }
        if (strcmp(key, "sequence") == 0) {
            json_out_int(w, "sequence", seq);
            seq_done = true;
        } else if (strcmp(key, "items") == 0) {
            const struct json_node *item;
            json_out_begin_array(w, "items");
            json_foreach(item, items)
            {
                size_t a = p->item_asset[json_index(item)];
                if (a == NO_ASSET)
                    json_out_node(w, NULL, item);
                else
                    write_item(w, item, &p->assets[a]);
            }
            json_out_end_array(w);
        } else {
            json_out_node(w, key, m);
        }
    }
    if (!seq_done)
        json_out_int(w, "sequence", seq);
    json_out_end_object(w);
    json_free(doc);
    p->out_text = json_out_finish(w, &p->out_len);
    if (!p->out_text) {
        reason_set(p->reason, p->reason_n,
                   _("the published playlist would be larger than %u bytes"),
                   PLAYLIST_MAX_FILE_BYTES);
        return PUBLISH_FAILED;
    }
    return PUBLISH_OK;
}

/* The new playlist as a board reads it: feed rules, and with with_assets
 * every image present and sane in DIR. */
static bool board_accepts(struct pub *p, bool with_assets)
{
    char file[PATH_CAP];
    join(file, sizeof(file), p->dir, PUBLISH_PLAYLIST);
    struct diag_list *d = diag_list_new();
    struct playlist_opts opts = {.feed = true};
    struct playlist *pl =
        d ? playlist_parse_ex(p->out_text, p->out_len, file, p->dir, &opts, d) : NULL;
    bool ok = pl && (!with_assets || playlist_check_assets(pl, d));
    if (!ok) {
        char line[700] = "out of memory";
        for (size_t i = 0; d && i < diag_count(d); i++) {
            const struct diag *x = diag_get(d, i);
            if (x->severity == DIAG_ERROR || (pl && with_assets)) {
                diag_format(x, line, sizeof(line));
                break;
            }
        }
        reason_set(p->reason, p->reason_n, _("the published playlist would be refused: %s"), line);
    }
    playlist_free(pl);
    diag_list_free(d);
    return ok;
}

/* ---- 4. the key, the signature ------------------------------------------ */

static uint64_t le64(const uint8_t *b)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | b[i];
    return v;
}

static enum publish_result sign(struct pub *p)
{
    const struct publish_opts *o = p->o;
    enum publish_result res = PUBLISH_FAILED;
    char *keytext = NULL, *pubtext = NULL;
    size_t keylen = 0, publen = 0;
    struct minisign_seckey_file f;
    struct minisign_seckey sk;
    char why[512];
    char *pw = NULL;
    memset(&sk, 0, sizeof(sk));
    memset(&f, 0, sizeof(f));

    if (!fs_read_file(o->seckey, MINISIGN_MAX_FILE_BYTES, &keytext, &keylen)) {
        reason_set(p->reason, p->reason_n, _("cannot read the secret key %s: %s"), o->seckey,
                   errno == EFBIG ? _("it is far larger than a key: is it the right file?")
                                  : strerror(errno));
        goto out;
    }
    if (!minisign_parse_seckey(keytext, keylen, &f, why, sizeof(why))) {
        reason_set(p->reason, p->reason_n, _("the secret key %s is damaged: %s"), o->seckey, why);
        goto out;
    }
    char *pubpath = p->out->pubkey;
    size_t pubcap = sizeof(p->out->pubkey);
    if (o->pubkey) {
        snprintf(pubpath, pubcap, "%s", o->pubkey);
    } else if (!publish_default_pubkey(o->seckey, pubpath, pubcap)) {
        reason_set(p->reason, p->reason_n,
                   _("no public key beside the secret key (looked for %s): give it with "
                     "--pubkey FILE"),
                   pubpath);
        goto out;
    }
    if (!fs_read_file(pubpath, MINISIGN_MAX_FILE_BYTES, &pubtext, &publen)) {
        reason_set(p->reason, p->reason_n, _("cannot read the public key %s: %s"), pubpath,
                   strerror(errno));
        goto out;
    }
    if (!minisign_parse_pubkey(pubtext, publen, &p->pk, why, sizeof(why))) {
        reason_set(p->reason, p->reason_n, _("the public key %s is damaged: %s"), pubpath, why);
        goto out;
    }
    size_t pwlen = 0;
    if (f.encrypted) {
        pw = sodium_malloc(MINISIGN_MAX_PASSWORD_BYTES);
        if (!pw) {
            reason_set(p->reason, p->reason_n, "%s", _("out of memory"));
            goto out;
        }
        if (!o->password ||
            !o->password(o->password_ctx, pw, MINISIGN_MAX_PASSWORD_BYTES, &pwlen)) {
            reason_set(p->reason, p->reason_n,
                       _("the secret key %s is protected by a password, and none was given"),
                       o->seckey);
            goto out;
        }
    }
    switch (minisign_unlock_seckey(&f, pw, pwlen, &sk, why, sizeof(why))) {
    case MINISIGN_UNLOCKED:
        break;
    case MINISIGN_WRONG_PASSWORD:
        reason_set(p->reason, p->reason_n,
                   _("wrong password for the secret key %s: nothing was published; try again"),
                   o->seckey);
        goto out;
    case MINISIGN_DAMAGED:
    default:
        reason_set(p->reason, p->reason_n, _("the secret key %s is damaged: %s"), o->seckey, why);
        goto out;
    }
    snprintf(p->out->key_id, sizeof(p->out->key_id), "%016llX",
             (unsigned long long)le64(sk.key_id));
    if (!minisign_seckey_matches(&sk, &p->pk)) {
        reason_set(p->reason, p->reason_n,
                   _("the secret key %s (key id %s) does not belong to the public key %s (key id "
                     "%016llX): boards that trust %s would refuse this feed; give the matching "
                     "pair"),
                   o->seckey, p->out->key_id, pubpath, (unsigned long long)le64(p->pk.key_id),
                   pubpath);
        goto out;
    }
    char trusted[256];
    long long now = o->now ? (long long)o->now : (long long)time(NULL);
    snprintf(trusted, sizeof(trusted), "timestamp:%lld\tfile:%s\thashed\tsequence:%lld", now,
             PUBLISH_PLAYLIST, (long long)p->out->sequence);
    if (!minisign_sign(&sk, p->out_text, p->out_len, "signature from minisign secret key", trusted,
                       p->sig, sizeof(p->sig), why, sizeof(why))) {
        reason_set(p->reason, p->reason_n, _("cannot sign: %s"), why);
        goto out;
    }
    if (!minisign_verify_text(&p->pk, p->sig, strlen(p->sig), p->out_text, p->out_len, why,
                              sizeof(why))) {
        reason_set(p->reason, p->reason_n, _("the signature just made does not verify: %s"), why);
        goto out;
    }
    res = PUBLISH_OK;
out:
    minisign_seckey_wipe(&sk);
    sodium_memzero(&f, sizeof(f));
    if (keytext) {
        sodium_memzero(keytext, keylen);
        free(keytext);
    }
    sodium_free(pw);
    free(pubtext);
    return res;
}

/* ---- 5. DIR ------------------------------------------------------------- */

static void rollback(struct pub *p)
{
    char path[PATH_CAP];
    for (size_t i = 0; i < p->n_assets; i++)
        if (p->assets[i].created && join(path, sizeof(path), p->assets_dir, p->assets[i].name))
            unlink(path);
    if (p->made_assets)
        rmdir(p->assets_dir);
    if (p->made_dir)
        rmdir(p->dir);
}

/* source to target through target.tmp.XXXXXX, hashed on the way (a clip
 * is never whole in memory), fsync'd and renamed only when its bytes
 * still hash to sha. */
static bool copy_stream(struct pub *p, const char *source, const char *target, const char *sha)
{
    char tmp[PATH_CAP + 16], got[65];
    int in = -1, out = -1;
    bool ok = false;
    if (snprintf(tmp, sizeof(tmp), "%s.tmp.XXXXXX", target) >= (int)sizeof(tmp)) {
        reason_set(p->reason, p->reason_n, _("the folder name %s is too long"), p->dir);
        return false;
    }
    if ((in = open(source, O_RDONLY | O_CLOEXEC)) < 0) {
        reason_set(p->reason, p->reason_n, _("cannot read %s: %s"), source, strerror(errno));
        return false;
    }
    if ((out = mkostemp(tmp, O_CLOEXEC)) < 0) {
        reason_set(p->reason, p->reason_n, _("cannot write %s: %s"), target, strerror(errno));
        close(in);
        return false;
    }
    crypto_hash_sha256_state h;
    crypto_hash_sha256_init(&h);
    uint8_t buf[65536];
    uint64_t n = 0;
    for (;;) {
        ssize_t r = read(in, buf, sizeof(buf));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            reason_set(p->reason, p->reason_n, _("cannot read %s: %s"), source, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        n += (uint64_t)r;
        if (n > FEED_CLIP_MAX_BYTES)
            break; /* grew meanwhile: the hash below says it changed */
        crypto_hash_sha256_update(&h, buf, (size_t)r);
        for (ssize_t w = 0; w < r;) {
            ssize_t k = write(out, buf + w, (size_t)(r - w));
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                reason_set(p->reason, p->reason_n, _("cannot write %s: %s"), target,
                           strerror(errno));
                goto out;
            }
            w += k;
        }
    }
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&h, digest);
    hex(digest, sizeof(digest), got);
    if (strcmp(got, sha) != 0) {
        reason_set(p->reason, p->reason_n,
                   _("%s changed while it was being published: run bangtin publish again"), source);
        goto out;
    }
    if (fchmod(out, 0644) != 0 || fsync(out) != 0 || close(out) != 0) {
        out = -1;
        reason_set(p->reason, p->reason_n, _("cannot write %s: %s"), target, strerror(errno));
        goto out;
    }
    out = -1;
    if (rename(tmp, target) != 0 || !fs_sync_dir_of(target)) {
        reason_set(p->reason, p->reason_n, _("cannot write %s: %s"), target, strerror(errno));
        goto out;
    }
    ok = true;
out:
    if (out >= 0)
        close(out);
    close(in);
    if (!ok)
        unlink(tmp);
    return ok;
}

static bool copy_asset(struct pub *p, struct pub_asset *a)
{
    char target[PATH_CAP], sha[65];
    size_t bytes;
    char *data = NULL;
    if (!join(target, sizeof(target), p->assets_dir, a->name)) {
        reason_set(p->reason, p->reason_n, _("the folder name %s is too long"), p->dir);
        return false;
    }
    /* Present with the right bytes: content names never change meaning. */
    if (a->clip) {
        uint8_t head[STAGE_SNIFF_BYTES];
        size_t head_len;
        uint64_t n;
        if (fs_is_file(target) &&
            hash_stream(target, FEED_CLIP_MAX_BYTES, sha, &n, head, &head_len) &&
            strcmp(sha, a->sha) == 0)
            return true;
        if (!copy_stream(p, a->source, target, a->sha))
            return false;
        a->created = true;
        p->out->n_copied++;
        return true;
    }
    if (fs_is_file(target) && hash_file(target, IMGHDR_MAX_FILE_BYTES, sha, &bytes, NULL) &&
        strcmp(sha, a->sha) == 0)
        return true;
    if (!hash_file(a->source, IMGHDR_MAX_FILE_BYTES, sha, &bytes, &data)) {
        reason_set(p->reason, p->reason_n, _("cannot read %s: %s"), a->source, strerror(errno));
        return false;
    }
    bool ok = false;
    if (strcmp(sha, a->sha) != 0) {
        reason_set(p->reason, p->reason_n,
                   _("%s changed while it was being published: run bangtin publish again"),
                   a->source);
    } else if (!fs_write_atomic(target, data, bytes)) {
        reason_set(p->reason, p->reason_n, _("cannot write %s: %s"), target, strerror(errno));
    } else {
        a->created = true;
        p->out->n_copied++;
        ok = true;
    }
    free(data);
    return ok;
}

static bool name_in(const char *name, char (*names)[72], size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return true;
    return false;
}

/* Removes the images neither the new set nor the one it replaces uses: a
 * board that read the previous playlist a moment ago still finds its
 * images. Only content-named files (and their leftover temporaries) go. */
static void collect_garbage(struct pub *p)
{
    size_t cap = p->n_assets + FEED_MAX_ASSETS, n = 0;
    char(*keep)[72] = calloc(cap, sizeof(*keep));
    if (!keep)
        return;
    for (size_t i = 0; i < p->n_assets; i++)
        snprintf(keep[n++], sizeof(keep[0]), "%s", p->assets[i].name);
    struct json_doc *old = p->old_text ? json_parse(p->old_text, p->old_len, NULL, NULL) : NULL;
    const struct json_node *item;
    json_foreach(item, json_get(json_root(old), "items"))
    {
        const char *src = json_string(json_get(item, "src"));
        if (src && strncmp(src, "assets/", 7) == 0 && cache_is_asset_name(src + 7) && n < cap)
            snprintf(keep[n++], sizeof(keep[0]), "%s", src + 7);
    }
    json_free(old);

    DIR *d = opendir(p->assets_dir);
    struct dirent *e;
    char path[PATH_CAP];
    bool removed = false;
    while (d && (e = readdir(d))) {
        char base[72];
        const char *tmp = strstr(e->d_name, ".tmp.");
        bool leftover = false;
        if (tmp && (size_t)(tmp - e->d_name) < sizeof(base)) {
            snprintf(base, sizeof(base), "%.*s", (int)(tmp - e->d_name), e->d_name);
            leftover = cache_is_asset_name(base);
        }
        if (!leftover && (!cache_is_asset_name(e->d_name) || name_in(e->d_name, keep, n)))
            continue;
        if (join(path, sizeof(path), p->assets_dir, e->d_name) && unlink(path) == 0) {
            removed = true;
            if (!leftover)
                p->out->n_removed++;
        }
    }
    if (d)
        closedir(d);
    if (removed)
        fs_sync_dir_of(path);
    free(keep);
}

/* Reads back what a board will fetch and checks it as the board does. */
static bool verify_written(struct pub *p)
{
    char path[PATH_CAP], why[512];
    char *text = NULL, *sig = NULL;
    size_t tlen = 0, slen = 0;
    bool ok = false;
    join(path, sizeof(path), p->dir, PUBLISH_PLAYLIST);
    if (!fs_read_file(path, PLAYLIST_MAX_FILE_BYTES, &text, &tlen) || tlen != p->out_len ||
        memcmp(text, p->out_text, tlen) != 0) {
        reason_set(p->reason, p->reason_n, _("%s does not read back as written"), path);
        goto out;
    }
    join(path, sizeof(path), p->dir, PUBLISH_SIGNATURE);
    if (!fs_read_file(path, MINISIGN_MAX_FILE_BYTES, &sig, &slen)) {
        reason_set(p->reason, p->reason_n, _("cannot read back %s: %s"), path, strerror(errno));
        goto out;
    }
    if (!minisign_verify_text(&p->pk, sig, slen, text, tlen, why, sizeof(why))) {
        reason_set(p->reason, p->reason_n, _("the published signature does not verify: %s"), why);
        goto out;
    }
    ok = true;
out:
    free(text);
    free(sig);
    return ok;
}

static enum publish_result write_dir(struct pub *p)
{
    char path[PATH_CAP], sigpath[PATH_CAP];
    bool existed = fs_is_dir(p->dir);
    if (!existed) {
        if (!fs_mkdirs(p->dir)) {
            reason_set(p->reason, p->reason_n, _("cannot create %s: %s"), p->dir, strerror(errno));
            return PUBLISH_FAILED;
        }
        p->made_dir = true;
    }
    /* The lock is on the folder itself, so a failed run leaves no file. */
    p->dir_fd = open(p->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (p->dir_fd < 0 || flock(p->dir_fd, LOCK_EX | LOCK_NB) != 0) {
        reason_set(p->reason, p->reason_n,
                   _("another bangtin publish is writing %s: wait for it and try again"), p->dir);
        goto fail;
    }
    /* Read again under the lock: a publication that finished meanwhile
     * raised the sequence this one must exceed. */
    char *now_text = NULL;
    size_t now_len = 0;
    join(path, sizeof(path), p->dir, PUBLISH_PLAYLIST);
    bool have_now = fs_read_file(path, PLAYLIST_MAX_FILE_BYTES, &now_text, &now_len);
    bool changed = have_now != (p->old_text != NULL) ||
                   (have_now && (now_len != p->old_len || memcmp(now_text, p->old_text, now_len)));
    free(now_text);
    if (changed) {
        reason_set(p->reason, p->reason_n,
                   _("%s changed while publishing (another publication?): run bangtin publish "
                     "again"),
                   path);
        goto fail;
    }
    if (!fs_is_dir(p->assets_dir)) {
        if (mkdir(p->assets_dir, 0755) != 0) {
            reason_set(p->reason, p->reason_n, _("cannot create %s: %s"), p->assets_dir,
                       strerror(errno));
            goto fail;
        }
        p->made_assets = true;
    }
    for (size_t i = 0; i < p->n_assets; i++)
        if (!copy_asset(p, &p->assets[i]))
            goto fail;
    if (!board_accepts(p, true))
        goto fail;

    /* A board reads playlist.json, then its .minisig. Replacing them in
     * that order, a fetch sees a mismatched pair only if it falls wholly
     * between the two renames; the pair then fails verification and the
     * board keeps what it shows. */
    /* A second later than the pair it replaces, at least: a web server's
     * Last-Modified (and nginx's ETag) has one-second resolution, and a
     * board asking "changed since?" must hear yes. */
    time_t mtime = time(NULL);
    struct stat st;
    if (stat(path, &st) == 0 && st.st_mtime >= mtime)
        mtime = st.st_mtime + 1;
    join(sigpath, sizeof(sigpath), p->dir, PUBLISH_SIGNATURE);
    if (stat(sigpath, &st) == 0 && st.st_mtime >= mtime)
        mtime = st.st_mtime + 1;
    if (!fs_write_atomic_mtime(path, p->out_text, p->out_len, mtime)) {
        reason_set(p->reason, p->reason_n, _("cannot write %s: %s"), path, strerror(errno));
        goto fail;
    }
    if (!fs_write_atomic_mtime(sigpath, p->sig, strlen(p->sig), mtime)) {
        reason_set(p->reason, p->reason_n, _("cannot write %s: %s"), sigpath, strerror(errno));
        /* Put the previous pair back as it was. */
        if (p->old_text)
            fs_write_atomic(path, p->old_text, p->old_len);
        else
            unlink(path);
        goto fail;
    }
    if (!verify_written(p))
        return PUBLISH_FAILED;
    collect_garbage(p);
    return PUBLISH_OK;
fail:
    rollback(p);
    return PUBLISH_FAILED;
}

/* ---- entry -------------------------------------------------------------- */

static void pub_free(struct pub *p)
{
    if (p->dir_fd >= 0)
        close(p->dir_fd); /* drops the lock */
    playlist_free(p->pl);
    free(p->src_text);
    free(p->assets);
    free(p->item_asset);
    free(p->old_text);
    free(p->old_sig);
    free(p->out_text);
    sodium_memzero(p->sig, sizeof(p->sig));
}

enum publish_result publish_run(const struct publish_opts *o, struct diag_list *diags,
                                struct publish_outcome *out, char *reason, size_t reason_n)
{
    struct publish_outcome scratch;
    struct pub p = {.o = o, .diags = diags, .reason = reason, .reason_n = reason_n, .dir_fd = -1};
    p.out = out ? out : &scratch;
    memset(p.out, 0, sizeof(*p.out));
    if (reason && reason_n)
        reason[0] = '\0';
    enum publish_result res = PUBLISH_FAILED;
    /* The checks count errors in the list: without the caller's, our own. */
    struct diag_list *own = diags ? NULL : diag_list_new();
    if (!diags && !own) {
        reason_set(reason, reason_n, "%s", _("out of memory"));
        return PUBLISH_FAILED;
    }
    p.diags = diags ? diags : own;
    if (sodium_init() < 0) {
        reason_set(reason, reason_n, "libsodium failed to initialise");
        diag_list_free(own);
        return PUBLISH_FAILED;
    }
    size_t dl = strlen(o->out_dir);
    while (dl > 1 && o->out_dir[dl - 1] == '/')
        dl--;
    if (dl + 16 >= sizeof(p.dir)) {
        reason_set(reason, reason_n, _("the folder name %s is too long"), o->out_dir);
        diag_list_free(own);
        return PUBLISH_FAILED;
    }
    snprintf(p.dir, sizeof(p.dir), "%.*s", (int)dl, o->out_dir);
    join(p.assets_dir, sizeof(p.assets_dir), p.dir, "assets");

    if ((res = load_source(&p)) != PUBLISH_OK)
        goto out;
    p.out->n_assets = p.n_assets;
    if ((res = read_published(&p)) != PUBLISH_OK || (res = build_output(&p)) != PUBLISH_OK)
        goto out;
    res = PUBLISH_FAILED;
    if (!board_accepts(&p, false))
        goto out;
    if ((res = sign(&p)) != PUBLISH_OK)
        goto out;
    res = write_dir(&p);
out:
    pub_free(&p);
    diag_list_free(own);
    return res;
}
