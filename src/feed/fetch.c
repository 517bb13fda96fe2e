/* SPDX-License-Identifier: MIT */
#include "feed/fetch.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "playlist/playlist.h"
#include "util/fsutil.h"
#include "util/reason.h"

double cycle_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool cycle_limits(struct cycle *c, struct http_request *req)
{
    double left = c->deadline - cycle_now();
    if (left < 0.05) {
        reason_set(c->reason, c->reason_n,
                   "the %.0f s time limit ran out before the feed was complete", c->cfg->timeout_s);
        return false;
    }
    double lst = c->cfg->low_speed_time_s;
    if (lst <= 0) {
        /* Derived from the whole cycle, not what is left of it. */
        lst = c->cfg->timeout_s / 3;
        lst = lst < 2 ? 2 : lst > 30 ? 30 : lst;
    }
    http_limits(req, left, lst);
    req->cancel = c->cfg->cancel;
    return true;
}

void cycle_hex(const uint8_t *bin, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bin[i] >> 4];
        out[2 * i + 1] = digits[bin[i] & 15];
    }
    out[2 * n] = '\0';
}

bool fetch_url_is_acceptable(const char *url, bool *plain_http, char *reason, size_t reason_n)
{
    if (strncasecmp(url, "https://", 8) == 0) {
        *plain_http = false;
    } else if (strncasecmp(url, "http://", 7) == 0) {
        *plain_http = true;
    } else {
        reason_set(reason, reason_n, "feed URL must start with http:// or https://");
        return false;
    }
    if (strlen(url) + 9 >= HTTP_MAX_URL) {
        reason_set(reason, reason_n, "feed URL is too long");
        return false;
    }
    if (strpbrk(url, "?#")) {
        reason_set(reason, reason_n,
                   "feed URL must not have a query or fragment (the signature is URL.minisig)");
        return false;
    }
    return true;
}

bool fetch_load_pubkey(const char *path, struct minisign_pubkey *pk, char *reason, size_t reason_n)
{
    char *text = NULL, why[256];
    size_t len;
    if (!fs_read_file(path, MINISIGN_MAX_FILE_BYTES, &text, &len)) {
        reason_set(reason, reason_n, "cannot read public key %s: %s", path, fs_strerror(errno));
        return false;
    }
    bool ok = minisign_parse_pubkey(text, len, pk, why, sizeof(why));
    if (!ok)
        reason_set(reason, reason_n, "%s: %s", path, why);
    free(text);
    return ok;
}

static bool get_small(struct cycle *c, const char *url, const char *etag, const char *lastmod,
                      size_t max, struct dynbuf *buf, struct http_response *resp,
                      enum http_result *res)
{
    struct http_request req = {
        .url = url,
        .etag = etag,
        .last_modified = lastmod,
        .max_bytes = max,
        .sink = {http_sink_dynbuf, buf},
    };
    if (!cycle_limits(c, &req))
        return false;
    *res = http_get(&req, resp, c->reason, c->reason_n);
    return *res != HTTP_FAILED;
}

bool fetch_feed(struct cycle *c, const struct minisign_pubkey *pk, const char *etag,
                const char *last_modified, struct fetched *out)
{
    const char *url = c->cfg->url;
    struct http_response resp;
    enum http_result res;
    memset(out, 0, sizeof(*out));
    dynbuf_init(&out->body, PLAYLIST_MAX_FILE_BYTES);
    dynbuf_init(&out->sig, MINISIGN_MAX_FILE_BYTES);
    if (!get_small(c, url, etag, last_modified, PLAYLIST_MAX_FILE_BYTES, &out->body, &resp, &res))
        return false;
    if (res == HTTP_NOT_MODIFIED) {
        out->not_modified = true;
        return true;
    }
    snprintf(out->etag, sizeof(out->etag), "%s", resp.etag);
    snprintf(out->last_modified, sizeof(out->last_modified), "%s", resp.last_modified);

    /* Trust first: nothing of the body is interpreted before this. */
    if (pk) {
        char sig_url[HTTP_MAX_URL + 16], why[512];
        snprintf(sig_url, sizeof(sig_url), "%s.minisig", url);
        if (!get_small(c, sig_url, NULL, NULL, MINISIGN_MAX_FILE_BYTES, &out->sig, &resp, &res)) {
            snprintf(why, sizeof(why), "%s", c->reason);
            reason_set(c->reason, c->reason_n, "signature missing or unreachable: %s", why);
            return false;
        }
        if (!minisign_verify_text(pk, dynbuf_ptr(&out->sig), dynbuf_len(&out->sig),
                                  dynbuf_ptr(&out->body), dynbuf_len(&out->body), why,
                                  sizeof(why))) {
            reason_set(c->reason, c->reason_n, "feed refused: %s", why);
            return false;
        }
    }
    uint8_t digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const uint8_t *)(dynbuf_ptr(&out->body)), dynbuf_len(&out->body));
    cycle_hex(digest, sizeof(digest), out->sha256);
    return true;
}

void fetched_free(struct fetched *f)
{
    dynbuf_free(&f->body);
    dynbuf_free(&f->sig);
    memset(f, 0, sizeof(*f));
}
