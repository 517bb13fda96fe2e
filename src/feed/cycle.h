/* SPDX-License-Identifier: MIT */
#pragma once
/* Internal to src/feed: what the parts of one fetch cycle share (the
 * configuration, the time budget, where the reason goes). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "feed/feed.h"
#include "feed/http.h"

struct cycle {
    const struct feed_config *cfg;
    double deadline; /* CLOCK_MONOTONIC seconds */
    char *reason;
    size_t reason_n;
    uint64_t total_bytes; /* images downloaded this cycle, against FEED_TOTAL_MAX_BYTES */
    uint64_t clip_bytes;  /* clips downloaded this cycle, against FEED_CLIPS_TOTAL_MAX_BYTES */
};

double cycle_now(void);

/* Fills req's timeouts from what is left of the cycle; false (with the
 * reason) once the budget is spent. */
bool cycle_limits(struct cycle *c, struct http_request *req);

/* Lower-case hex of n bytes into out (2n + 1 bytes). */
void cycle_hex(const uint8_t *bin, size_t n, char *out);
