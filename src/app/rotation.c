#include "app/rotation.h"

#include <string.h>

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
