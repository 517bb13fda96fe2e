/* SPDX-License-Identifier: MIT */
/* countdown: the days left to one of the campaign's days, Tết, or a date
 * of the office's own; on the day itself, a greeting; after it, the next
 * year's count (the calendar module does the arithmetic). */

#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "slides/draw.h"
#include "util/i18n.h"
#include "vn/numfmt.h"

/* Seconds a page of a small board's countdown stays up. */
#define PAGE_SECONDS 4

/* Names short enough for a 192x64 board, as the campaign's own banners
 * abbreviate them. */
static const struct {
    const char *id, *short_name, *shortest;
} short_names[] = {
    {"science-day", "Ngày KH&CN", "KH&CN"},
    {"innovation-day", "Ngày hội ĐMST", "ĐMST"},
    {"digital-transformation-day", "Ngày Chuyển đổi số", "Ngày Chuyển đổi số"},
    {"tet", "Tết", "Tết"},
};

struct target {
    struct cal_event ev;
    const char *name;       /* the day's full name (or the item's label) */
    const char *short_name; /* for small boards */
    const char *shortest;   /* for the smallest */
    bool tet;
};

static bool resolve(const struct pl_item *item, struct target *t)
{
    *t = (struct target){0};
    bool labelled = item->label && *item->label;
    if (item->event) {
        const struct cal_event *e = cal_event_find(item->event);
        if (!e)
            return false;
        t->ev = *e;
        t->name = labelled ? item->label : e->name;
        t->short_name = t->shortest = t->name;
        for (size_t i = 0; !labelled && i < sizeof(short_names) / sizeof(short_names[0]); i++)
            if (strcmp(short_names[i].id, e->id) == 0) {
                t->short_name = short_names[i].short_name;
                t->shortest = short_names[i].shortest;
            }
        t->tet = strcmp(e->id, "tet") == 0;
        return true;
    }
    if (!item->has_date)
        return false;
    t->ev = (struct cal_event){
        .id = "",
        .name = "",
        .rule = item->date_every_year ? CAL_RULE_YEARLY : CAL_RULE_ONCE,
        .year = item->date.year,
        .month = item->date.month,
        .day = item->date.day,
    };
    t->name = t->short_name = t->shortest = labelled ? item->label : "";
    return true;
}

static time_t next_midnight(time_t now)
{
    struct tm tm;
    localtime_r(&now, &tm);
    tm.tm_mday++;
    tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
    tm.tm_isdst = -1;
    return mktime(&tm);
}

/* Small boards: the number on the left as tall as the board, "NGÀY ĐẾN"
 * and the name beside it, the pair centred. False when the pair does not
 * fit (the caller stacks or pages instead). */
static bool compact_count(const struct slide_env *env, struct slide_frame *out, const char *num,
                          const struct target *t, const struct slide_theme *th, int x, int y, int w,
                          int h)
{
    int gap = h / 6 > 3 ? h / 6 : 3;
    /* The number gives up width until the name fits beside it. */
    static const int shares[] = {48, 40, 33, 27};
    for (size_t i = 0; i < sizeof(shares) / sizeof(shares[0]); i++) {
        struct text_style st = slide_style(env, FONT_EXTRABOLD, LAYOUT_LEFT, 1, h);
        struct text_block *nb = text_fit(env->fonts, num, &st, w * shares[i] / 100, h);
        if (!nb)
            return false;
        if (!text_block_fits(nb)) {
            text_block_free(nb);
            continue;
        }
        int nw = text_block_width(nb), rw = w - nw - gap;
        struct slide_row rows[] = {
            {.field = N_("label"),
             .text = {"NGÀY ĐẾN"},
             .weight = FONT_BOLD,
             .fg = th->secondary,
             .share = 40},
            {.field = N_("name"),
             .text = {t->name, t->short_name, t->shortest},
             .weight = FONT_BOLD,
             .fg = th->fg,
             .share = 60},
        };
        bool all = true;
        struct slide_frame probe = {0};
        if (rw > 0 && slide_stack(env, &probe, NULL, rows, 2, 0, 0, rw, h, th->bg, &all) && all) {
            /* Centre number + column as a pair. */
            int right = 0;
            for (int k = 0; k < probe.n_elems; k++)
                right = probe.elems[k].w > right ? probe.elems[k].w : right;
            int x0 = x + (w - (nw + gap + right)) / 2;
            slide_put_block(env, out, "days", num, nb, x0, y + (h - text_block_height(nb)) / 2,
                            th->accent, th->bg);
            /* The column as measured (width rw), its centre where the
             * pair puts it: the same lines, wrapped the same way. */
            int cx = x0 + nw + gap + right / 2 - rw / 2;
            slide_stack(env, out, NULL, rows, 2, cx, y, rw, h, th->bg, NULL);
            text_block_free(nb);
            return true;
        }
        text_block_free(nb);
    }
    return false;
}

/* What the slide shows, drawn into out (out->pb may be NULL: measured)
 * and reported to c. */
static bool layout(const struct pl_item *item, const struct slide_env *env, struct slide_frame *out,
                   const struct slide_check *c, bool *all)
{
    struct target t;
    if (!resolve(item, &t))
        return false;
    bool compact = slide_compact(env);
    int mx = slide_margin_x(env), my = slide_margin_y(env);
    int x = mx, y = my, w = env->w - 2 * mx, h = env->h - 2 * my;
    struct slide_theme th = slide_theme_of(item);

    struct clock_local now;
    if (!env->clock_valid || !clock_local(env->now, &now)) {
        if (out && out->pb) {
            /* Without a trustworthy date, name the day but count nothing. */
            struct slide_row r = {.field = N_("name"),
                                  .text = {t.name, t.short_name, t.shortest},
                                  .weight = FONT_BOLD,
                                  .fg = th.fg,
                                  .share = 1};
            out->redraw_at = env->now + 30;
            return slide_stack(env, out, c, &r, 1, x, y, w, h, th.bg, all);
        }
        /* check: a count of three digits, the longest there is. */
        now = (struct clock_local){.date = {2026, 1, 1}, .weekday = 4};
    }
    struct cal_date when;
    int days;
    if (!cal_days_until(&t.ev, now.date, &when, &days))
        return false;
    if (!out || !out->pb)
        days = days > 0 ? 365 : days;
    char date[64], date_num[32], num[32], line[256] = "";
    const char *wd = cal_weekday_name(cal_weekday(when));
    snprintf(date, sizeof(date), "%s, %02d/%02d/%d", wd ? wd : "", when.day, when.month, when.year);
    snprintf(date_num, sizeof(date_num), "%02d/%02d/%d", when.day, when.month, when.year);
    if (out && out->pb)
        out->redraw_at = next_midnight(env->now);
    int page = (int)((env->now / PAGE_SECONDS) % 2);

    if (days == 0 && t.tet) {
        struct lunar_date ld;
        if (lunar_from_solar(when.year, when.month, when.day, &ld))
            snprintf(line, sizeof(line), "Xuân %s %d", lunar_year_name(ld.year), when.year);
        struct slide_row rows[] = {
            {.field = N_("greeting"),
             .text = {"CHÚC MỪNG NĂM MỚI", "CHÚC MỪNG\nNĂM MỚI"},
             .weight = FONT_EXTRABOLD,
             .fg = th.fg,
             .share = 50},
            {.field = N_("year"),
             .text = {line},
             .weight = FONT_BOLD,
             .fg = th.secondary,
             .share = 50},
        };
        return slide_stack(env, out, c, rows, 2, x, y, w, h, th.bg, all);
    }
    if (days == 0) {
        struct slide_row rows[] = {
            {.field = N_("greeting"),
             .text = {"CHÀO MỪNG"},
             .weight = FONT_BOLD,
             .fg = th.secondary,
             .share = 20},
            {.field = N_("name"),
             .text = {t.name, t.short_name, t.shortest},
             .weight = FONT_EXTRABOLD,
             .fg = th.fg,
             .share = 60},
            {.field = N_("date"),
             .text = {date, date_num},
             .weight = FONT_SEMIBOLD,
             .fg = th.secondary,
             .share = 20,
             .optional = true},
        };
        return slide_stack(env, out, c, rows, compact ? 2 : 3, x, y, w, h, th.bg, all);
    }
    if (days < 0) {
        /* A one-off date already gone: say when it was, count nothing. */
        struct slide_row rows[] = {
            {.field = N_("name"),
             .text = {t.name, t.short_name, t.shortest},
             .weight = FONT_BOLD,
             .fg = th.fg,
             .share = 60},
            {.field = N_("date"),
             .text = {date, date_num},
             .weight = FONT_SEMIBOLD,
             .fg = th.secondary,
             .share = 40},
        };
        return slide_stack(env, out, c, rows, 2, x, y, w, h, th.bg, all);
    }
    numfmt_vi(days, 0, num, sizeof(num));
    if (compact) {
        /* Two pages: the count, then the day's name and date. */
        if (out && out->pb)
            out->redraw_at = (env->now / PAGE_SECONDS + 1) * PAGE_SECONDS;
        struct slide_row when_rows[] = {
            {.field = N_("name"),
             .text = {t.name, t.short_name, t.shortest},
             .weight = FONT_BOLD,
             .fg = th.fg,
             .share = 60},
            {.field = N_("date"),
             .text = {date, date_num},
             .weight = FONT_SEMIBOLD,
             .fg = th.secondary,
             .share = 40},
        };
        if (page == 1 || !out || !out->pb) {
            struct slide_frame probe = {0};
            bool ok = slide_stack(env, out && out->pb ? out : &probe, c, when_rows, 2, x, y, w, h,
                                  th.bg, all);
            if (out && out->pb)
                return ok;
        }
        struct slide_frame probe = {0};
        if (compact_count(env, out && out->pb ? out : &probe, num, &t, &th, x, y, w, h))
            return true;
    }
    struct slide_row rows[] = {
        {.field = N_("label"),
         .text = {"CÒN"},
         .weight = FONT_SEMIBOLD,
         .fg = th.secondary,
         .share = 11,
         .optional = true},
        {.field = N_("days"),
         .text = {num},
         .weight = FONT_EXTRABOLD,
         .fg = th.accent,
         .share = 30},
        {.field = N_("label"),
         .text = {"NGÀY ĐẾN"},
         .weight = FONT_BOLD,
         .fg = th.secondary,
         .share = 11},
        {.field = N_("name"),
         .text = {t.name, t.short_name, t.shortest},
         .weight = FONT_EXTRABOLD,
         .fg = th.fg,
         .share = 18},
        {.field = N_("date"),
         .text = {date, date_num},
         .weight = FONT_SEMIBOLD,
         .fg = th.secondary,
         .share = 10,
         .optional = true},
    };
    if (compact) {
        /* The count on one line with its words, the day below. */
        char line2[160], one[320];
        snprintf(line2, sizeof(line2), "%s NGÀY ĐẾN", num);
        snprintf(one, sizeof(one), "%s NGÀY ĐẾN %s", num, t.short_name);
        struct slide_row small[] = {
            {.field = N_("days"),
             .text = {line2},
             .weight = FONT_EXTRABOLD,
             .fg = th.accent,
             .share = 50},
            {.field = N_("name"),
             .text = {t.name, t.short_name, t.shortest},
             .weight = FONT_BOLD,
             .fg = th.fg,
             .share = 50},
        };
        bool fit2 = true;
        struct slide_frame probe2 = {0};
        if (slide_stack(env, &probe2, NULL, small, 2, x, y, w, h, th.bg, &fit2) && fit2)
            return slide_stack(env, out, c, small, 2, x, y, w, h, th.bg, all);
        /* The count and the day as one sentence, wrapped. */
        struct slide_row sentence = {
            .field = N_("days+name"), .text = {one}, .weight = FONT_BOLD, .fg = th.fg, .share = 1};
        return slide_stack(env, out, c, &sentence, 1, x, y, w, h, th.bg, all);
    }
    return slide_stack(env, out, c, rows, 5, x, y, w, h, th.bg, all);
}

static bool countdown_draw(const struct pl_item *item, const struct slide_env *env,
                           struct slide_frame *out)
{
    return layout(item, env, out, NULL, NULL);
}

static bool countdown_fits(const struct pl_item *item, const struct slide_env *env,
                           const struct slide_check *c)
{
    bool all = true;
    struct slide_env e = *env;
    e.clock_valid = false;
    struct slide_frame probe = {0};
    return layout(item, &e, &probe, c, &all) && all;
}

const struct slide_type slide_type_countdown = {
    .type = PL_COUNTDOWN, .name = "countdown", .draw = countdown_draw, .fits = countdown_fits};
