/* SPDX-License-Identifier: MIT */
#include "media/mediacheck.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "media/media.h"
#include "util/i18n.h"

/* A clip with more than this many times the board's pixels mostly
 * carries pixels the board throws away. */
#define WASTE_FACTOR 2

static bool inside(const char *root, const char *real)
{
    size_t n = strlen(root);
    return strncmp(real, root, n) == 0 && (real[n] == '/' || (n == 1 && root[0] == '/'));
}

static void check_clip(const struct playlist *pl, size_t i, const char *root, int aw, int ah,
                       struct diag_list *diags)
{
    const struct pl_item *it = &pl->items[i];
    char path[64];
    snprintf(path, sizeof(path), "items[%zu].src", i);
    char *real = realpath(it->path, NULL);
    if (!real) {
        diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "asset",
                 _("the clip \"%s\" is not in the playlist's folder (looked for %s): copy it "
                   "there"),
                 it->src, it->path);
        return;
    }
    if (!root || !inside(root, real)) {
        diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "asset",
                 _("\"%s\" is a link to a file outside the playlist's folder: copy the clip "
                   "itself into the folder"),
                 it->src);
        free(real);
        return;
    }
    struct media_info in;
    char why[300];
    bool ok = media_probe(real, &in, why, sizeof(why));
    free(real);
    if (!ok) {
        diag_add(diags, DIAG_ERROR, pl->file, it->src_line, it->src_col, path, "asset", "%s: %s",
                 it->src, why);
        return;
    }
    long long px = (long long)in.w * in.h, board = (long long)aw * ah;
    if (board > 0 && px > WASTE_FACTOR * board) {
        long long waste = (long long)((double)in.bytes * (1.0 - (double)board / (double)px));
        diag_add(diags, DIAG_WARNING, pl->file, it->src_line, it->src_col, path, "asset",
                 _("%s is %dx%d for a %dx%d slide: about %lld of its %lld bytes are pixels the "
                   "board cannot show; re-encode it at the board's size"),
                 it->src, in.w, in.h, aw, ah, waste, (long long)in.bytes);
    }
    if (it->audio && !in.has_audio)
        diag_add(diags, DIAG_WARNING, pl->file, it->line, it->col, path, "audio",
                 _("%s has no sound track: \"audio\": true plays nothing"), it->src);
    if (it->has_duration && !it->loop && in.duration > 0 && it->duration > in.duration + 0.5) {
        char dpath[64];
        snprintf(dpath, sizeof(dpath), "items[%zu].duration", i);
        diag_add(diags, DIAG_WARNING, pl->file, it->line, it->col, dpath, "schema",
                 _("the clip lasts %.1f s and the item %.1f s: its last picture stays for the "
                   "rest (add \"loop\": true to play it again)"),
                 in.duration, it->duration);
    }
}

void mediacheck_playlist(const struct playlist *pl, int area_w, int area_h, struct diag_list *diags)
{
    char *root = realpath(pl->dir, NULL);
    for (size_t i = 0; i < pl->n_items; i++) {
        const struct pl_item *it = &pl->items[i];
        if (it->type == PL_VIDEO && it->path && !it->is_url)
            check_clip(pl, i, root, area_w, area_h, diags);
    }
    free(root);
}
