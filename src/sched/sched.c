/* SPDX-License-Identifier: MIT */
#include "sched/sched.h"

#include "calendar/clock.h"

struct sched_time sched_time_make(int year, int month, int day, int hour, int min, int sec)
{
    struct cal_date d = {year, month, day};
    return (struct sched_time){year, month, day, hour, min, sec, cal_weekday(d)};
}

struct sched_time sched_time_from_unix(int64_t t, int utc_offset_s)
{
    int64_t local = t + utc_offset_s;
    int64_t days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t secs = local - days * 86400;
    struct cal_date d = cal_civil_from_days(days);
    return sched_time_make(d.year, d.month, d.day, (int)(secs / 3600), (int)(secs / 60 % 60),
                           (int)(secs % 60));
}

bool sched_clock_plausible(const struct sched_time *now)
{
    return clock_year_plausible(now->year);
}

static bool has_schedule(const struct pl_item *it)
{
    return it->has_from || it->has_until || it->has_hours || it->weekdays != 0x7f;
}

static bool date_ok(const struct pl_item *it, struct cal_date d)
{
    int64_t day = cal_days_from_civil(d);
    if (it->has_from && day < cal_days_from_civil(it->from))
        return false;
    if (it->has_until && day > cal_days_from_civil(it->until))
        return false;
    return (it->weekdays >> (cal_weekday(d) - 1)) & 1u;
}

bool sched_item_eligible(const struct pl_item *it, const struct sched_time *now)
{
    if (it->asset_unusable)
        return false;
    if (!sched_clock_plausible(now) &&
        (has_schedule(it) || it->type == PL_COUNTDOWN || it->type == PL_CLOCK))
        return false;
    struct cal_date today = {now->year, now->month, now->day};
    if (!it->has_hours)
        return date_ok(it, today);
    int m = now->hour * 60 + now->min;
    int s = it->hours_start, e = it->hours_end;
    if (s == e)
        return false;
    if (s < e)
        return m >= s && m < e && date_ok(it, today);
    /* Crosses midnight: the evening part belongs to today, the early
     * morning part to the window that started yesterday. */
    if (m >= s)
        return date_ok(it, today);
    if (m < e)
        return date_ok(it, cal_civil_from_days(cal_days_from_civil(today) - 1));
    return false;
}

/* The highest priority among the items eligible now; false when none is. */
static bool top_priority(const struct playlist *pl, const struct sched_time *now, int *top)
{
    bool any = false;
    for (size_t i = 0; i < pl->n_items; i++) {
        if (!sched_item_eligible(&pl->items[i], now))
            continue;
        if (!any || pl->items[i].priority > *top)
            *top = pl->items[i].priority;
        any = true;
    }
    return any;
}

size_t sched_playing(const struct playlist *pl, const struct sched_time *now, size_t *out,
                     size_t cap)
{
    int top = 0;
    bool any = top_priority(pl, now, &top);
    size_t n = 0;
    for (size_t i = 0; any && i < pl->n_items; i++) {
        if (pl->items[i].priority != top || !sched_item_eligible(&pl->items[i], now))
            continue;
        if (n < cap)
            out[n] = i;
        n++;
    }
    return n;
}

size_t sched_next(const struct playlist *pl, const struct sched_time *now, size_t current)
{
    int top = 0;
    bool any = top_priority(pl, now, &top);
    if (!any || pl->n_items == 0)
        return SCHED_NONE;
    size_t start = current == SCHED_NONE || current >= pl->n_items ? pl->n_items - 1 : current;
    for (size_t k = 1; k <= pl->n_items; k++) {
        size_t i = (start + k) % pl->n_items;
        if (pl->items[i].priority == top && sched_item_eligible(&pl->items[i], now))
            return i;
    }
    return SCHED_NONE;
}

int64_t sched_seconds_to_change(const struct playlist *pl, const struct sched_time *now)
{
    int64_t sod = (int64_t)now->hour * 3600 + now->min * 60 + now->sec;
    int64_t best = 86400 - sod; /* midnight: dates and weekdays change */
    for (size_t i = 0; i < pl->n_items; i++) {
        const struct pl_item *it = &pl->items[i];
        if (!it->has_hours)
            continue;
        int bounds[2] = {it->hours_start, it->hours_end};
        for (int b = 0; b < 2; b++) {
            int64_t at = (int64_t)bounds[b] * 60;
            int64_t d = at > sod ? at - sod : at + 86400 - sod;
            if (d < best)
                best = d;
        }
    }
    if (best < 1)
        best = 1;
    return best > 86400 ? 86400 : best;
}
