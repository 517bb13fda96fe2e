/* SPDX-License-Identifier: MIT */
#pragma once
/* The scheduler: playlist + local time -> what plays now and when that
 * changes. Pure: no clock, no I/O; the caller passes the time.
 *
 * An item is eligible at a moment when the date is within from/until
 * (inclusive), the weekday is listed, the time of day is within hours
 * (start inclusive, end exclusive; end < start crosses midnight, so
 * "22:00-06:00" on Monday covers Monday 22:00 to Tuesday 06:00, where
 * Monday's weekday and date bounds decide the part after midnight too),
 * and its image (if any) is usable. Among the eligible items only those
 * with the highest priority play (an emergency notice preempts the rest),
 * round robin in playlist order.
 *
 * Clock not plausible (a Pi without a real-time clock boots in 1970; the
 * rule is calendar/clock.h's clock_year_plausible): items with a schedule (from, until, hours,
 * weekdays) and items that show the time (countdown, clock) are held; only
 * unscheduled text, image and stats items play until the time is set.
 *
 * Nothing eligible: sched_next() returns SCHED_NONE and the player shows
 * its built-in neutral slide (office name, date, time). */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "playlist/playlist.h"

#define SCHED_NONE ((size_t)-1)

struct sched_time {
    int year, month, day; /* local date */
    int hour, min, sec;   /* local time, 0..23, 0..59, 0..60 */
    int weekday;          /* 1 = Monday .. 7 = Sunday */
};

/* Local time from Unix time and the zone's offset east of UTC in seconds
 * (Vietnam: 7 * 3600). */
struct sched_time sched_time_from_unix(int64_t t, int utc_offset_s);
/* From fields; the weekday is computed. */
struct sched_time sched_time_make(int year, int month, int day, int hour, int min, int sec);

/* clock_year_plausible() of now's year: the one rule. */
bool sched_clock_plausible(const struct sched_time *now);

/* Whether the item may play now, before priorities are considered. */
bool sched_item_eligible(const struct pl_item *it, const struct sched_time *now);

/* Indexes of the items that play now (eligible, highest priority), in
 * playlist order, into out (at most cap). Returns how many there are
 * (which may exceed cap). */
size_t sched_playing(const struct playlist *pl, const struct sched_time *now, size_t *out,
                     size_t cap);

/* The item to show after current (an index, or SCHED_NONE at start): the
 * next playing item in playlist order, wrapping around. When current no
 * longer plays, the first playing item after its place. SCHED_NONE when
 * nothing plays: show the neutral slide. */
size_t sched_next(const struct playlist *pl, const struct sched_time *now, size_t current);

/* Seconds from now until the set of playing items may next change (a
 * midnight, an hours boundary); at least 1, at most 86400. The player
 * re-evaluates then (and after every slide anyway). */
int64_t sched_seconds_to_change(const struct playlist *pl, const struct sched_time *now);
