/* SPDX-License-Identifier: MIT */
#pragma once
/* Fetch and verify: the feed URL (conditionally), its URL.minisig, and
 * the signature checked before one byte of the playlist is interpreted. */

#include <stdbool.h>

#include "feed/cycle.h"
#include "feed/http.h"
#include "feed/minisign.h"
#include "util/dynbuf.h"

struct fetched {
    bool not_modified;  /* 304: nothing else below is set */
    struct dynbuf body; /* owned: the signed playlist bytes */
    struct dynbuf sig;  /* owned: its .minisig (empty without a key) */
    char sha256[65];    /* of body */
    char etag[HTTP_MAX_ETAG];
    char last_modified[HTTP_MAX_LASTMOD];
};

/* http(s) only, no query or fragment, not too long; *plain_http says
 * whether a signature is mandatory. */
bool fetch_url_is_acceptable(const char *url, bool *plain_http, char *reason, size_t reason_n);

/* Reads and parses the office's public key file. */
bool fetch_load_pubkey(const char *path, struct minisign_pubkey *pk, char *reason, size_t reason_n);

/* GET cfg->url (If-None-Match/If-Modified-Since when given), then, with
 * pk, GET URL.minisig and verify. True for a verified body or a 304. */
bool fetch_feed(struct cycle *c, const struct minisign_pubkey *pk, const char *etag,
                const char *last_modified, struct fetched *out);

void fetched_free(struct fetched *f);
