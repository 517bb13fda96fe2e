/* SPDX-License-Identifier: MIT */
#pragma once
/* What the player says in the journal about fetch cycles that changed
 * nothing (refused signature, replay, the same sequence with other
 * content, a hash mismatch, a network error): each distinct reason once,
 * with when the next try is due, so `journalctl -u bangtin -f` tells why
 * the board did not change without a line at every retry. A good cycle
 * resets it: the next failure is news even if it is the same as before.
 * Pure: the caller passes the time and does the logging. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FEEDLOG_REASON_CAP 512

struct feedlog;

/* NULL when out of memory. */
struct feedlog *feedlog_new(void);
void feedlog_free(struct feedlog *fl);
/* Forgets what was said (a new feed URL: its failures are news). NULL is fine. */
void feedlog_reset(struct feedlog *fl);

/* The outcome of the last cycle: reason "" for a good one. True when it is
 * news: then buf holds the line to log (without the program's prefix),
 * naming next_attempt (unix seconds, 0 unknown) in local time. */
bool feedlog_news(struct feedlog *fl, const char *reason, int64_t next_attempt, char *buf,
                  size_t n);
