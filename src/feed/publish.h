/* SPDX-License-Identifier: MIT */
#pragma once
/* `bangtin publish`: turns a playlist being edited into a signed feed
 * folder, ready to upload (docs/SIGNING.md).
 *
 *   DIR/playlist.json           the playlist, every src "assets/<sha256>.<ext>",
 *                               every sha256 filled, sequence raised
 *   DIR/playlist.json.minisig   prehashed minisign signature of it
 *   DIR/assets/<sha256>.<ext>   the images, named by content
 *
 * Everything is checked, hashed, signed and verified in memory first; on
 * any error nothing in DIR changes. Then the new assets go in under their
 * content names (harmless to the set being served), playlist.json is
 * replaced, then its signature; assets only the set before the previous
 * one used are removed last. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/diag.h"

#define PUBLISH_PLAYLIST  "playlist.json"
#define PUBLISH_SIGNATURE "playlist.json.minisig"

struct publish_opts {
    const char *playlist; /* the playlist staff edit */
    const char *seckey;   /* minisign secret key (protected or made with -W) */
    const char *pubkey;   /* NULL: the .pub beside the secret key */
    const char *out_dir;  /* created if missing */
    /* Called only for a password-protected key: writes the password (not
     * NUL-terminated) into buf, its length into *len; false when none can
     * be read. ctx is passed through. */
    bool (*password)(void *ctx, char *buf, size_t n, size_t *len);
    void *password_ctx;
    int64_t now; /* unix seconds for the trusted comment; 0: the clock */
};

enum publish_result {
    PUBLISH_OK,
    PUBLISH_CONTENT, /* the playlist or an image is wrong: see the diagnostics */
    PUBLISH_FAILED,  /* key, password, I/O: see the reason */
};

struct publish_outcome {
    int64_t sequence;  /* the published one */
    int64_t previous;  /* the one DIR held before, 0 if none */
    size_t n_assets;   /* distinct images in the playlist */
    size_t n_copied;   /* of them, new in DIR */
    size_t n_removed;  /* old images removed from DIR/assets */
    char pubkey[4096]; /* the public key the output was verified with */
    char key_id[17];   /* upper-case hex, as minisign prints it */
};

/* Runs the whole publication. Content problems go to diags (warnings do not
 * stop it); anything else is one line in reason. */
enum publish_result publish_run(const struct publish_opts *o, struct diag_list *diags,
                                struct publish_outcome *out, char *reason, size_t reason_n);

/* The public key file publish uses by default for a secret key: for
 * "DIR/NAME.key" (or .sec) "DIR/NAME.pub" when it exists, else
 * "DIR/minisign.pub". False when neither exists (buf holds the first). */
bool publish_default_pubkey(const char *seckey, char *buf, size_t n);
