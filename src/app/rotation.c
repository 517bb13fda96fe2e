/* SPDX-License-Identifier: MIT */
#include "app/rotation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ID_CAP 80 /* playlist ids are at most 64 bytes */

struct rotation {
    bool on;            /* an item is on screen */
    char on_id[ID_CAP]; /* its id and priority */
    int on_priority;
    bool resume;            /* a notice interrupted the rotation */
    char resume_id[ID_CAP]; /* the item it interrupted */
    bool resume_at;         /* resume with it (cut short), not after it */
};

struct rotation *rotation_new(void)
{
    return calloc(1, sizeof(struct rotation));
}

void rotation_free(struct rotation *r)
{
    free(r);
}

void rotation_reset(struct rotation *r)
{
    r->on = false;
}

bool rotation_top(const struct playlist *pl, const struct sched_time *now, int *top)
{
    bool any = false;
    for (size_t i = 0; pl && i < pl->n_items; i++) {
        const struct pl_item *it = &pl->items[i];
        if (!sched_item_eligible(it, now))
            continue;
        if (!any || it->priority > *top)
            *top = it->priority;
        any = true;
    }
    return any;
}

bool rotation_plays(const struct playlist *pl, const struct sched_time *now, size_t cur)
{
    if (!pl || cur == SCHED_NONE || cur >= pl->n_items)
        return false;
    int top = 0;
    return rotation_top(pl, now, &top) && pl->items[cur].priority == top &&
           sched_item_eligible(&pl->items[cur], now);
}

bool rotation_leave_by_time(const struct playlist *pl, const struct sched_time *now, size_t cur)
{
    int top = 0;
    if (cur == SCHED_NONE || !pl || cur >= pl->n_items)
        return rotation_top(pl, now, &top);
    return !rotation_plays(pl, now, cur);
}

size_t rotation_find(const struct playlist *pl, const char *id)
{
    for (size_t i = 0; pl && id && i < pl->n_items; i++)
        if (strcmp(pl->items[i].id, id) == 0)
            return i;
    return SCHED_NONE;
}

bool rotation_leave_by_playlist(const struct playlist *old, size_t cur, const struct playlist *next,
                                const struct sched_time *now)
{
    int top = 0;
    bool any = rotation_top(next, now, &top);
    if (!old || cur == SCHED_NONE || cur >= old->n_items)
        return any;
    const struct pl_item *it = &old->items[cur];
    if (rotation_plays(next, now, rotation_find(next, it->id)))
        return false; /* still on air in the new playlist: let it finish */
    if (any)
        return top > it->priority || (it->priority > 0 && top < it->priority);
    return it->priority > 0;
}

size_t rotation_place(const struct playlist *old, size_t cur, const struct playlist *next)
{
    if (!old || !next || cur == SCHED_NONE || cur >= old->n_items || next->n_items == 0)
        return SCHED_NONE;
    size_t j = rotation_find(next, old->items[cur].id);
    if (j != SCHED_NONE)
        return j;
    for (size_t k = 1; k < old->n_items; k++) {
        j = rotation_find(next, old->items[(cur + k) % old->n_items].id);
        if (j != SCHED_NONE)
            return j == 0 ? next->n_items - 1 : j - 1;
    }
    return SCHED_NONE;
}

size_t rotation_next(struct rotation *r, const struct playlist *pl, const struct sched_time *now,
                     size_t place, bool cut)
{
    int top = 0;
    size_t from = place;
    if (r->on && rotation_top(pl, now, &top)) {
        if (top > r->on_priority && !r->resume) {
            r->resume = true;
            snprintf(r->resume_id, sizeof(r->resume_id), "%s", r->on_id);
            r->resume_at = cut;
        } else if (top < r->on_priority && r->resume) {
            size_t i = rotation_find(pl, r->resume_id);
            if (i != SCHED_NONE)
                from = !r->resume_at ? i : i == 0 ? pl->n_items - 1 : i - 1;
            r->resume = false;
        }
    }
    size_t idx = pl ? sched_next(pl, now, from) : SCHED_NONE;
    r->on = idx != SCHED_NONE;
    if (r->on) {
        snprintf(r->on_id, sizeof(r->on_id), "%s", pl->items[idx].id);
        r->on_priority = pl->items[idx].priority;
    }
    return idx;
}
