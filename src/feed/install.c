/* SPDX-License-Identifier: MIT */
#include "feed/install.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "media/mediacheck.h"
#include "playlist/playlist.h"
#include "util/diag.h"
#include "util/fsutil.h"
#include "util/reason.h"
#include "json/json.h"

bool install_validate(struct cycle *c, const char *text, size_t len, const char *file,
                      const char *dir, bool feed, bool check_assets)
{
    struct diag_list *diags = diag_list_new();
    /* A feed's file is its address: images by address must be on its site,
     * whether or not the cache already holds them (as `check --feed`). */
    struct playlist_opts opts = {.feed = feed, .feed_url = feed ? file : NULL};
    struct playlist *pl = diags ? playlist_parse_ex(text, len, file, dir, &opts, diags) : NULL;
    bool ok = pl != NULL && (!check_assets || playlist_check_assets(pl, diags));
#ifdef BANGTIN_HAVE_VIDEO
    /* Clips probed as `check` does: one the board could not play never
     * replaces what it shows. (A board built without video skips clips.) */
    if (ok && check_assets) {
        size_t errors = diag_error_count(diags);
        mediacheck_playlist(pl, 0, 0, diags);
        ok = diag_error_count(diags) == errors;
    }
#endif
    if (!ok) {
        char line[512] = "no details";
        bool found = false;
        /* The first error; else (an image that fails to decode says so
         * in a warning) the first diagnostic. */
        for (int pass = 0; pass < 2 && !found; pass++) {
            for (size_t i = 0; diags && i < diag_count(diags) && !found; i++) {
                const struct diag *d = diag_get(diags, i);
                if (d->severity == DIAG_ERROR || (pass == 1 && pl && check_assets)) {
                    diag_format(d, line, sizeof(line));
                    found = true;
                }
            }
        }
        reason_set(c->reason, c->reason_n, "signed feed is not a valid playlist: %s", line);
    }
    playlist_free(pl);
    diag_list_free(diags);
    return ok;
}

static const struct stage_asset *asset_by_sha(const struct stage_asset *a, size_t n,
                                              const char *sha)
{
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(a[i].sha, sha) == 0)
            return &a[i];
    return NULL;
}

/* Every image and clip src to prefix + its staged name, each sha256 in lower
 * case; everything else as it was signed (numbers keep their text). */
static char *rewrite(struct json_doc *doc, const struct stage_asset *assets, size_t n,
                     const char *prefix)
{
    char local[160];
    const struct json_node *item;
    json_foreach(item, json_get(json_root(doc), "items"))
    {
        const char *type = json_string(json_get(item, "type"));
        const char *sha = json_string(json_get(item, "sha256"));
        if (!type || (strcmp(type, "image") != 0 && strcmp(type, "video") != 0))
            continue;
        const struct stage_asset *a = sha ? asset_by_sha(assets, n, sha) : NULL;
        if (!a)
            return NULL;
        snprintf(local, sizeof(local), "%s%s", prefix, a->name);
        if (!json_set_string(doc, item, "src", local) ||
            !json_set_string(doc, item, "sha256", a->sha))
            return NULL;
    }
    struct json_out *o = json_out_new(PLAYLIST_MAX_FILE_BYTES, true);
    if (!o)
        return NULL;
    json_out_node(o, NULL, json_root(doc));
    size_t len;
    return json_out_finish(o, &len);
}

static bool write_in(struct cycle *c, int dirfd, const char *name, const char *data, size_t len)
{
    if (fs_write_atomic_at(dirfd, name, data, len))
        return true;
    reason_set(c->reason, c->reason_n, "cannot write %s in %s/tmp: %s", name, c->cfg->cache_dir,
               errno == ENOSPC ? "the disk is full" : strerror(errno));
    return false;
}

bool install_generation(struct cycle *c, struct cache *cache, struct json_doc *doc,
                        struct stage_asset *assets, size_t n, const struct fetched *f, int64_t seq,
                        char *gen, size_t gen_n)
{
    const char *dir = cache_dir(cache);
    int dfd = cache_fd(cache);
    int tmpfd = -1, stagefd = -1, genfd = -1;
    char *local = NULL, *rooted = NULL;
    bool ok = false, staged = false;
    uint8_t nonce[8];
    char hexn[17], prefix[CACHE_GEN_NAME_MAX + 8], path[4096 + 64], sdir[4096];
    randombytes_buf(nonce, sizeof(nonce));
    cycle_hex(nonce, sizeof(nonce), hexn);
    snprintf(gen, gen_n, "%" PRId64 "-%s", seq, hexn);

    if ((tmpfd = cache_subdir(cache, "tmp", c->reason, c->reason_n)) < 0 ||
        (genfd = cache_subdir(cache, "gen", c->reason, c->reason_n)) < 0)
        goto out;
    if ((stagefd = fs_open_dir_at(tmpfd, gen, true)) < 0) {
        reason_set(c->reason, c->reason_n, "cannot create %s/tmp/%s: %s", dir, gen,
                   strerror(errno));
        goto out;
    }
    staged = true;
    if (!stage_assets(c, cache, stagefd, assets, n))
        goto out;

    snprintf(prefix, sizeof(prefix), "gen/%s/", gen);
    if (!(local = rewrite(doc, assets, n, "")) || !(rooted = rewrite(doc, assets, n, prefix))) {
        reason_set(c->reason, c->reason_n, "out of memory while rewriting the playlist");
        goto out;
    }
    if (!write_in(c, stagefd, "feed.json", dynbuf_ptr(&f->body), dynbuf_len(&f->body)) ||
        (dynbuf_len(&f->sig) &&
         !write_in(c, stagefd, "feed.json.minisig", dynbuf_ptr(&f->sig), dynbuf_len(&f->sig))) ||
        !write_in(c, stagefd, "playlist.json", local, strlen(local)) ||
        !write_in(c, stagefd, "root.json", rooted, strlen(rooted)))
        goto out;
    /* Validated where it will resolve the same way, images decoded. */
    snprintf(sdir, sizeof(sdir), "%s/tmp/%s", dir, gen);
    snprintf(path, sizeof(path), "%s/playlist.json", sdir);
    if (!install_validate(c, local, strlen(local), path, sdir, false, true))
        goto out;
    if (fsync(stagefd) != 0 || renameat(tmpfd, gen, genfd, gen) != 0 || fsync(genfd) != 0) {
        reason_set(c->reason, c->reason_n, "cannot move the new generation to %s/gen: %s", dir,
                   strerror(errno));
        goto out;
    }
    staged = false;
    fsync(tmpfd);

    /* The commit: one rename puts the complete generation in place. */
    int g = fs_open_dir_at(genfd, gen, false);
    unlinkat(dfd, ".playlist.json.new", 0);
    bool linked = g >= 0 && linkat(g, "root.json", dfd, ".playlist.json.new", 0) == 0;
    if (g >= 0)
        close(g);
    if (!linked || renameat(dfd, ".playlist.json.new", dfd, "playlist.json") != 0) {
        reason_set(c->reason, c->reason_n, "cannot install %s/playlist.json: %s", dir,
                   strerror(errno));
        unlinkat(dfd, ".playlist.json.new", 0);
        goto out;
    }
    if (fsync(dfd) != 0) {
        reason_set(c->reason, c->reason_n, "cannot sync %s: %s", dir, strerror(errno));
        goto out;
    }
    ok = true;
out:
    if (staged && tmpfd >= 0)
        fs_remove_tree_at(tmpfd, gen, 1, NULL, 0);
    if (stagefd >= 0)
        close(stagefd);
    if (tmpfd >= 0)
        close(tmpfd);
    if (genfd >= 0)
        close(genfd);
    free(local);
    free(rooted);
    return ok;
}
