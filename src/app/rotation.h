/* SPDX-License-Identifier: MIT */
#pragma once
/* The rotation across time and playlists: when the slide on screen must
 * give way before its end, and where the rotation continues in a playlist
 * that replaces the one playing. Pure: the caller passes the time.
 *
 * Routine changes wait for the slide's end. Two things cannot wait:
 * - by time: the item on screen no longer plays now (its hours, until or
 *   weekdays closed, or an item of higher priority became scheduled); the
 *   neutral slide gives way as soon as anything plays;
 * - by a new playlist: it schedules something of higher priority than the
 *   item on screen, or it withdraws the emergency on screen (an item of
 *   priority > 0 that no longer plays in it). */

#include <stdbool.h>
#include <stddef.h>

#include "playlist/playlist.h"
#include "sched/sched.h"

/* The highest priority among the items that play now; false when none
 * does (the neutral slide). */
bool rotation_top(const struct playlist *pl, const struct sched_time *now, int *top);

/* Whether item cur (SCHED_NONE: the neutral slide) of pl plays now. */
bool rotation_plays(const struct playlist *pl, const struct sched_time *now, size_t cur);

/* The slide on screen (item cur of pl, SCHED_NONE: neutral; pl may be
 * NULL) must leave now because of the time. */
bool rotation_leave_by_time(const struct playlist *pl, const struct sched_time *now, size_t cur);

/* The slide on screen (item cur of old, which may be NULL) must leave now
 * because next replaces old. */
bool rotation_leave_by_playlist(const struct playlist *old, size_t cur, const struct playlist *next,
                                const struct sched_time *now);

/* The rotation's memory across slides: what is on screen, and where the
 * routine resumes once a notice is over. */
struct rotation;

struct rotation *rotation_new(void);
void rotation_free(struct rotation *r);

/* The item to show next in pl (SCHED_NONE: the neutral slide), from
 * place: the index on screen, or rotation_place() after a swap. cut: the
 * slide on screen leaves before its end. Like sched_next(), except that
 * when a notice (a higher priority) interrupts the rotation, its place is
 * remembered, and when the notice is over the rotation resumes there:
 * with the interrupted item if it was cut short, else with the one after
 * it. Remembers what it returns as the item on screen. */
size_t rotation_next(struct rotation *r, const struct playlist *pl, const struct sched_time *now,
                     size_t place, bool cut);

/* Forgets the item on screen (nothing valid is shown any more). */
void rotation_reset(struct rotation *r);

/* Index of the item named id in pl, or SCHED_NONE. */
size_t rotation_find(const struct playlist *pl, const char *id);

/* Where the rotation stands in next when item cur of old was on screen,
 * as a `current` for sched_next(): the same item (matched by id); if it is
 * gone, just before the first item after it in old that next still has;
 * SCHED_NONE (start at item 1) when nothing matches. */
size_t rotation_place(const struct playlist *old, size_t cur, const struct playlist *next);
