/* SPDX-License-Identifier: MIT */
#pragma once
/* The board's one HTTP client: a GET (feeds) or a POST (the status
 * heartbeat) on libcurl with the limits a board on a flaky 4G link
 * needs: only 200 and 304 are success, redirects are failures, only http
 * and https, TLS verified, connect/low-speed/overall timeouts, a byte cap
 * enforced as the body arrives, no compressed encodings. Proxies come from
 * the environment (http_proxy, https_proxy, no_proxy) as curl does. */

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HTTP_MAX_ETAG    256
#define HTTP_MAX_LASTMOD 128
#define HTTP_MAX_URL     2048
#define HTTP_MAX_HEADERS (64 * 1024) /* all response header lines together */

enum http_result {
    HTTP_FAILED,       /* reason says why */
    HTTP_OK,           /* 200, body delivered to the sink */
    HTTP_NOT_MODIFIED, /* 304 to a conditional request */
};

/* Where the body goes. write returns false to abort (the reason is then
 * the sink's). */
struct http_sink {
    bool (*write)(void *ctx, const void *data, size_t len);
    void *ctx;
};

struct http_request {
    const char *url;
    const char *etag;          /* If-None-Match, may be NULL or "" */
    const char *last_modified; /* If-Modified-Since, may be NULL or "" */
    uint64_t max_bytes;        /* body cap, enforced while receiving */
    long timeout_ms;           /* whole transfer */
    long connect_timeout_ms;
    long low_speed_limit;     /* bytes per second ... */
    long low_speed_time;      /* ... below which for this many seconds aborts */
    struct http_sink sink;    /* may be empty for http_post: the body is dropped */
    const char *post_body;    /* http_post only: the request body ... */
    size_t post_len;          /* ... of this many bytes */
    const char *content_type; /* http_post only, e.g. "application/json" */
    const atomic_int *cancel; /* may be NULL; non-zero aborts the transfer soon */
};

struct http_response {
    long status;
    uint64_t bytes;                       /* body bytes received */
    char etag[HTTP_MAX_ETAG];             /* "" when absent or too long */
    char last_modified[HTTP_MAX_LASTMOD]; /* "" when absent or too long */
};

/* A sink for small bodies (playlist, signature): ctx is a struct dynbuf
 * (util/dynbuf.h) whose cap bounds the body. */
bool http_sink_dynbuf(void *ctx, const void *data, size_t len);

/* Performs the GET. Thread-safe (one curl easy handle per call). */
enum http_result http_get(const struct http_request *req, struct http_response *resp, char *reason,
                          size_t reason_n);

/* POSTs req->post_body with the same limits; any 2xx is HTTP_OK, the
 * response body goes to req->sink (or nowhere) within max_bytes. */
enum http_result http_post(const struct http_request *req, struct http_response *resp, char *reason,
                           size_t reason_n);

/* Fills the timeouts of req for a budget of seconds (connect at most 10 s,
 * below 100 B/s for a third of it, 2 to 30 s, aborts). */
void http_limits(struct http_request *req, double seconds, double low_speed_time_s);
