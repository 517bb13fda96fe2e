/* SPDX-License-Identifier: MIT */
/* The built-in neutral slide: the office's name, the time and the date.
 * Shown whenever nothing valid is scheduled or loaded, so the street
 * never sees a black board or an error. In the playlist's own colours
 * when one is loaded, else dark blue with white and yellow. */

#include <stdio.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "slides/draw.h"
#include "util/i18n.h"

bool slide_neutral_draw(const struct slide_env *env, struct slide_frame *out);

#define PAGE_SECONDS 4

static const struct pl_color neutral_bg = {0x0b, 0x25, 0x45}, neutral_fg = {0xff, 0xff, 0xff},
                             neutral_accent = {0xff, 0xde, 0x00};

bool slide_neutral_draw(const struct slide_env *env, struct slide_frame *out)
{
    struct pixbuf *pb = out->pb;
    struct slide_theme th = env->pl
                                ? slide_theme_make(env->pl->background, env->pl->color,
                                                   env->pl->has_accent ? &env->pl->accent : NULL)
                                : slide_theme_make(neutral_bg, neutral_fg, &neutral_accent);
    pixbuf_fill(pb, 0, 0, pb->w, pb->h, th.bg);
    int mx = slide_margin_x(env), my = slide_margin_y(env);
    const char *name = env->pl && env->pl->name && *env->pl->name ? env->pl->name : "BẢNG TIN";
    char hhmm[16] = "", date[CAL_LINE_MAX] = "", date_num[32] = "";
    struct clock_local now;
    /* Before NTP has set the clock a date would be wrong: show none. */
    bool timed = env->clock_valid && clock_local(env->now, &now);
    if (timed) {
        snprintf(hhmm, sizeof(hhmm), "%02d:%02d", now.hour, now.minute);
        cal_date_line(now.date, date, sizeof(date));
        snprintf(date_num, sizeof(date_num), "%02d/%02d/%d", now.date.day, now.date.month,
                 now.date.year);
    }
    struct slide_row rows[] = {
        {.field = N_("name"), .text = {name}, .weight = FONT_BOLD, .fg = th.accent, .share = 30},
        {.field = N_("time"), .text = {hhmm}, .weight = FONT_EXTRABOLD, .fg = th.fg, .share = 45},
        {.field = N_("date line"),
         .text = {date, date_num},
         .weight = FONT_SEMIBOLD,
         .fg = th.secondary,
         .share = 20,
         .optional = true},
    };
    int x = mx, y = my, w = pb->w - 2 * mx, h = pb->h - 2 * my;
    bool all = true;
    struct slide_frame probe = {0};
    if (!slide_stack(env, &probe, NULL, rows, timed ? 3 : 1, x, y, w, h, th.bg, &all))
        return false;
    if (all || !timed) {
        out->redraw_at = timed ? env->now - now.second + 60 : env->now + 30;
        return slide_stack(env, out, NULL, rows, timed ? 3 : 1, x, y, w, h, th.bg, NULL);
    }
    /* A small board: the name with the time, then the time with the date. */
    int page = (int)((env->now / PAGE_SECONDS) % 2);
    out->redraw_at = (env->now / PAGE_SECONDS + 1) * PAGE_SECONDS;
    return slide_stack(env, out, NULL, rows + page, 2, x, y, w, h, th.bg, NULL);
}
