/* SPDX-License-Identifier: MIT */
/* clock: the time, the date line and the lunar date. Each line takes
 * the longest of its forms that fits the board; a narrow board gets the
 * short forms, a short one drops the lunar line first (and says so). */

#include <stdio.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "slides/draw.h"
#include "util/i18n.h"

/* Seconds a page of a short board's clock stays up. */
#define PAGE_SECONDS 5

struct lines {
    char hhmm[16], date[CAL_LINE_MAX], date_short[CAL_LINE_MAX], date_num[32];
    char lunar[CAL_LINE_MAX], lunar_short[CAL_LINE_MAX];
};

static void make_lines(const struct clock_local *now, struct lines *l)
{
    snprintf(l->hhmm, sizeof(l->hhmm), "%02d:%02d", now->hour, now->minute);
    cal_date_line(now->date, l->date, sizeof(l->date));
    const char *wd = cal_weekday_name(now->weekday);
    snprintf(l->date_short, sizeof(l->date_short), "%s, %02d/%02d/%d", wd ? wd : "", now->date.day,
             now->date.month, now->date.year);
    snprintf(l->date_num, sizeof(l->date_num), "%02d/%02d/%d", now->date.day, now->date.month,
             now->date.year);
    cal_lunar_line(now->date, l->lunar, sizeof(l->lunar));
    cal_lunar_line_short(now->date, l->lunar_short, sizeof(l->lunar_short));
}

static bool layout(const struct pl_item *item, const struct slide_env *env, struct slide_frame *out,
                   const struct slide_check *c, bool *all)
{
    struct clock_local now;
    /* check has no moment: a long date line stands for every day. */
    if (!env->clock_valid || !clock_local(env->now, &now)) {
        if (out)
            return false; /* the neutral slide shows no time either */
        now = (struct clock_local){.date = {2026, 9, 30}, .weekday = 3, .hour = 23, .minute = 58};
    }
    struct lines l;
    make_lines(&now, &l);
    struct slide_theme th = slide_theme_of(item);
    int mx = slide_margin_x(env), my = slide_margin_y(env);
    struct slide_row rows[] = {
        {.field = N_("time"),
         .text = {l.hhmm},
         .weight = FONT_EXTRABOLD,
         .fg = th.accent,
         .share = 60},
        {.field = N_("date line"),
         .text = {l.date, l.date_short, l.date_num},
         .weight = FONT_BOLD,
         .fg = th.secondary,
         .share = 22},
        {.field = N_("lunar date"),
         .text = {l.lunar, l.lunar_short},
         .weight = FONT_SEMIBOLD,
         .fg = th.secondary,
         .share = 18,
         .optional = true},
    };
    int x = mx, y = my, w = env->w - 2 * mx, h = env->h - 2 * my;
    /* The time stands out: a third larger than the smallest lines. */
    rows[0].min_px = slide_small_px(env) * 4 / 3;
    bool fit_all = true;
    struct slide_frame probe = {0};
    if (!slide_stack(env, &probe, NULL, rows, 3, x, y, w, h, th.bg, &fit_all))
        return false;
    if (fit_all) {
        if (out)
            out->redraw_at = env->now - now.second + 60;
        return slide_stack(env, out, c, rows, 3, x, y, w, h, th.bg, all);
    }
    /* A short board: the time with the date, then the time with the
     * lunar date, taking turns. */
    struct slide_row pages[2][2] = {{rows[0], rows[1]}, {rows[0], rows[2]}};
    pages[1][1].optional = false;
    int page = (int)((env->now / PAGE_SECONDS) % 2);
    if (!out) {
        bool ok = slide_stack(env, &probe, c, pages[0], 2, x, y, w, h, th.bg, all);
        return ok && slide_stack(env, &probe, c, pages[1], 2, x, y, w, h, th.bg, all);
    }
    time_t minute = env->now - now.second + 60, turn = (env->now / PAGE_SECONDS + 1) * PAGE_SECONDS;
    out->redraw_at = turn < minute ? turn : minute;
    return slide_stack(env, out, c, pages[page], 2, x, y, w, h, th.bg, all);
}

static bool clock_draw(const struct pl_item *item, const struct slide_env *env,
                       struct slide_frame *out)
{
    return layout(item, env, out, NULL, NULL);
}

static bool clock_fits(const struct pl_item *item, const struct slide_env *env,
                       const struct slide_check *c)
{
    bool all = true;
    struct slide_env e = *env;
    e.clock_valid = false;
    return layout(item, &e, NULL, c, &all) && all;
}

const struct slide_type slide_type_clock = {
    .type = PL_CLOCK, .name = "clock", .draw = clock_draw, .fits = clock_fits};
