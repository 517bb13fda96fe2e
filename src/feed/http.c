/* SPDX-License-Identifier: MIT */
#include "feed/http.h"
#include "util/dynbuf.h"
#include "util/reason.h"

#include <curl/curl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc = CURLE_FAILED_INIT;

static void global_init(void)
{
    global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

bool http_sink_dynbuf(void *ctx, const void *data, size_t len)
{
    return dynbuf_add(ctx, data, len);
}

struct transfer {
    const struct http_request *req;
    struct http_response *resp;
    bool over_cap;
    bool sink_failed;
    bool headers_over_cap;
    size_t header_bytes;
    long ok_lo, ok_hi; /* statuses whose body is delivered */
    CURL *curl;
};

static int on_progress(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    const struct transfer *t = clientp;
    return t->req->cancel && atomic_load(t->req->cancel) ? 1 : 0;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct transfer *t = userdata;
    size_t n = size * nmemb;
    /* Bodies of error and redirect responses are never delivered. */
    long status = 0;
    curl_easy_getinfo(t->curl, CURLINFO_RESPONSE_CODE, &status);
    if (status < t->ok_lo || status > t->ok_hi)
        return n;
    if (t->resp->bytes + n > t->req->max_bytes) {
        t->over_cap = true;
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    }
    if (t->req->sink.write && !t->req->sink.write(t->req->sink.ctx, ptr, n)) {
        t->sink_failed = true;
        return 0;
    }
    t->resp->bytes += n;
    return n;
}

/* Copies a header value, trimmed, if it fits; "" otherwise. */
static void keep_header(char *dst, size_t cap, const char *val, size_t len)
{
    while (len > 0 && (*val == ' ' || *val == '\t')) {
        val++;
        len--;
    }
    while (len > 0 && (val[len - 1] == '\r' || val[len - 1] == '\n' || val[len - 1] == ' ' ||
                       val[len - 1] == '\t'))
        len--;
    if (len == 0 || len >= cap) {
        dst[0] = '\0';
        return;
    }
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)val[i] < 0x20 || (unsigned char)val[i] == 0x7f) {
            dst[0] = '\0';
            return;
        }
    memcpy(dst, val, len);
    dst[len] = '\0';
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *userdata)
{
    struct transfer *t = userdata;
    size_t n = size * nitems;
    t->header_bytes += n;
    if (t->header_bytes > HTTP_MAX_HEADERS) {
        t->headers_over_cap = true;
        return 0; /* aborts: a board has no use for megabytes of headers */
    }
    /* A new status line starts a new header block (e.g. after 100 Continue). */
    if (n >= 5 && strncmp(buf, "HTTP/", 5) == 0) {
        t->resp->etag[0] = '\0';
        t->resp->last_modified[0] = '\0';
        return n;
    }
    static const char etag[] = "etag:", lm[] = "last-modified:";
    if (n > sizeof(etag) - 1 && strncasecmp(buf, etag, sizeof(etag) - 1) == 0)
        keep_header(t->resp->etag, sizeof(t->resp->etag), buf + sizeof(etag) - 1,
                    n - (sizeof(etag) - 1));
    else if (n > sizeof(lm) - 1 && strncasecmp(buf, lm, sizeof(lm) - 1) == 0)
        keep_header(t->resp->last_modified, sizeof(t->resp->last_modified), buf + sizeof(lm) - 1,
                    n - (sizeof(lm) - 1));
    return n;
}

static bool safe_header_value(const char *v)
{
    for (; *v; v++)
        if ((unsigned char)*v < 0x20 || (unsigned char)*v == 0x7f)
            return false;
    return true;
}

void http_limits(struct http_request *req, double seconds, double low_speed_time_s)
{
    req->timeout_ms = (long)(seconds * 1000);
    req->connect_timeout_ms = req->timeout_ms < 10000 ? req->timeout_ms : 10000;
    double lst = low_speed_time_s;
    if (lst <= 0) {
        lst = seconds / 3;
        lst = lst < 2 ? 2 : lst > 30 ? 30 : lst;
    }
    req->low_speed_limit = 100;
    req->low_speed_time = (long)ceil(lst);
}

static enum http_result perform(const struct http_request *req, bool post,
                                struct http_response *resp, char *reason, size_t reason_n)
{
    enum http_result result = HTTP_FAILED;
    struct curl_slist *headers = NULL;
    char errbuf[CURL_ERROR_SIZE] = "";
    char hdr[HTTP_MAX_ETAG + 64];
    memset(resp, 0, sizeof(*resp));

    pthread_once(&global_once, global_init);
    if (global_rc != CURLE_OK) {
        reason_set(reason, reason_n, "libcurl failed to initialise");
        return HTTP_FAILED;
    }
    if (strlen(req->url) >= HTTP_MAX_URL) {
        reason_set(reason, reason_n, "URL is longer than %d bytes", HTTP_MAX_URL);
        return HTTP_FAILED;
    }
    CURL *curl = curl_easy_init();
    if (!curl) {
        reason_set(reason, reason_n, "libcurl could not create a handle");
        return HTTP_FAILED;
    }
    struct transfer t = {
        .req = req, .resp = resp, .curl = curl, .ok_lo = 200, .ok_hi = post ? 299 : 200};

    if (req->etag && req->etag[0] && strlen(req->etag) < HTTP_MAX_ETAG &&
        safe_header_value(req->etag)) {
        snprintf(hdr, sizeof(hdr), "If-None-Match: %s", req->etag);
        struct curl_slist *h = curl_slist_append(headers, hdr);
        if (!h)
            goto out;
        headers = h;
    }
    if (req->last_modified && req->last_modified[0] &&
        strlen(req->last_modified) < HTTP_MAX_LASTMOD && safe_header_value(req->last_modified)) {
        snprintf(hdr, sizeof(hdr), "If-Modified-Since: %s", req->last_modified);
        struct curl_slist *h = curl_slist_append(headers, hdr);
        if (!h)
            goto out;
        headers = h;
    }
    /* Identity only: a small compressed body must not inflate past the cap. */
    struct curl_slist *h = curl_slist_append(headers, "Accept-Encoding: identity");
    if (!h)
        goto out;
    headers = h;
    if (post && req->content_type && safe_header_value(req->content_type)) {
        snprintf(hdr, sizeof(hdr), "Content-Type: %.200s", req->content_type);
        if (!(h = curl_slist_append(headers, hdr)))
            goto out;
        headers = h;
    }

    bool ok = true;
    if (post) {
        ok &= curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->post_len) ==
              CURLE_OK;
        ok &= curl_easy_setopt(curl, CURLOPT_POSTFIELDS, req->post_body ? req->post_body : "") ==
              CURLE_OK;
    }
    ok &= curl_easy_setopt(curl, CURLOPT_URL, req->url) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https") == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, "http,https") == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, req->timeout_ms) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, req->connect_timeout_ms) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_LOW_SPEED_LIMIT, req->low_speed_limit) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_LOW_SPEED_TIME, req->low_speed_time) == CURLE_OK;
    /* A declared length over the cap fails before the body; the write
     * callback catches bodies without Content-Length. */
    if (req->max_bytes < (uint64_t)INT64_MAX)
        ok &= curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)req->max_bytes) ==
              CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_WRITEDATA, &t) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HEADERDATA, &t) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &t) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_USERAGENT, "bangtin/" BANGTIN_VERSION) == CURLE_OK;
    if (!ok) {
        reason_set(reason, reason_n, "libcurl refused an option (too old a libcurl?)");
        goto out;
    }

    CURLcode rc = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &resp->status);
    if (t.over_cap || rc == CURLE_FILESIZE_EXCEEDED) {
        reason_set(reason, reason_n, "%s: response is larger than the %llu-byte limit", req->url,
                   (unsigned long long)req->max_bytes);
        goto out;
    }
    if (t.headers_over_cap || rc == CURLE_OUT_OF_MEMORY) {
        /* libcurl itself refuses one header line over 100 KB with "out of
         * memory"; on a board that is far likelier than a real one. */
        reason_set(reason, reason_n,
                   "%s: the server sent response headers larger than %d KB; refused", req->url,
                   HTTP_MAX_HEADERS / 1024);
        goto out;
    }
    if (rc == CURLE_ABORTED_BY_CALLBACK) {
        reason_set(reason, reason_n, "%s: cancelled", req->url);
        goto out;
    }
    if (t.sink_failed) {
        reason_set(reason, reason_n, "%s: could not store the response (disk full?)", req->url);
        goto out;
    }
    if (rc != CURLE_OK) {
        reason_set(reason, reason_n, "%s: %s", req->url,
                   errbuf[0] ? errbuf : curl_easy_strerror(rc));
        goto out;
    }
    if (resp->status >= t.ok_lo && resp->status <= t.ok_hi) {
        result = HTTP_OK;
    } else if (!post && resp->status == 304 &&
               ((req->etag && req->etag[0]) || (req->last_modified && req->last_modified[0]))) {
        result = HTTP_NOT_MODIFIED;
    } else if (resp->status >= 300 && resp->status < 400) {
        reason_set(reason, reason_n,
                   "%s: server answered %ld, a redirect; redirects are not followed, "
                   "configure the final URL",
                   req->url, resp->status);
    } else {
        reason_set(reason, reason_n, "%s: server answered %ld instead of %s", req->url,
                   resp->status, post ? "2xx" : "200");
    }
out:
    curl_easy_cleanup(curl);
    curl_slist_free_all(headers);
    return result;
}

enum http_result http_get(const struct http_request *req, struct http_response *resp, char *reason,
                          size_t reason_n)
{
    return perform(req, false, resp, reason, reason_n);
}

enum http_result http_post(const struct http_request *req, struct http_response *resp, char *reason,
                           size_t reason_n)
{
    return perform(req, true, resp, reason, reason_n);
}
