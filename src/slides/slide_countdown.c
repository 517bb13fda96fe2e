/* countdown: the days left to one of the campaign's days, Tết, or a date
 * of the office's own; on the day itself, a greeting; after it, the next
 * year's count (the calendar module does the arithmetic). */

#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "slides/slide.h"
#include "text/text.h"
#include "vn/numfmt.h"

#define WHITE 0xffffffffu

/* Names short enough for a 192x64 board, as the campaign's own banners
 * abbreviate them. */
static const struct {
    const char *id, *short_name;
} short_names[] = {
    {"science-day", "Ngày KH&CN"},
    {"innovation-day", "Ngày hội ĐMST"},
    {"digital-transformation-day", "Ngày Chuyển đổi số"},
    {"tet", "Tết"},
};

struct target {
    struct cal_event ev;
    const char *name;       /* the day's full name (or the item's label) */
    const char *short_name; /* for small boards */
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
        t->short_name = t->name;
        for (size_t i = 0; !labelled && i < sizeof(short_names) / sizeof(short_names[0]); i++)
            if (strcmp(short_names[i].id, e->id) == 0)
                t->short_name = short_names[i].short_name;
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
    t->name = t->short_name = labelled ? item->label : "";
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

static struct text_block *fit(const struct slide_env *env, const char *s, enum font_weight wt,
                              enum layout_align align, int w, int h)
{
    struct text_style st = {
        .weight = wt, .align = align, .min_px = 7, .max_px = h, .balance = true};
    return text_fit(env->fonts, s, &st, w, h);
}

/* Small boards: the number on the left as tall as the board, "NGÀY ĐẾN"
 * and the short name beside it, the pair centred. */
static bool draw_compact_count(const struct slide_env *env, struct pixbuf *pb, const char *num,
                               const char *name, uint32_t fg, int x, int y, int w, int h)
{
    struct text_block *nb = NULL, *top = NULL, *bot = NULL;
    int nw = 0, gap = h / 6 > 2 ? h / 6 : 2;
    /* The number gives up width until the name fits beside it. */
    static const int shares[] = {48, 40, 33, 27};
    for (size_t i = 0; i < sizeof(shares) / sizeof(shares[0]); i++) {
        text_block_free(nb);
        text_block_free(top);
        text_block_free(bot);
        nb = fit(env, num, FONT_EXTRABOLD, LAYOUT_LEFT, w * shares[i] / 100, h);
        if (!nb)
            return false;
        nw = text_block_width(nb);
        int rw = w - nw - gap;
        top = fit(env, "NGÀY ĐẾN", FONT_BOLD, LAYOUT_LEFT, rw, h * 34 / 100);
        bot = fit(env, name, FONT_BOLD, LAYOUT_LEFT, rw, h * 52 / 100);
        if (!top || !bot || (text_block_fits(top) && text_block_fits(bot)))
            break;
    }
    bool ok = nb && top && bot;
    if (ok) {
        int tw = text_block_width(top), bw = text_block_width(bot);
        int right = tw > bw ? tw : bw;
        int x0 = x + (w - (nw + gap + right)) / 2;
        int th = text_block_height(top), bh = text_block_height(bot), vgap = h / 10;
        int ry = y + (h - (th + vgap + bh)) / 2;
        text_block_draw(nb, env->fonts, pb, x0, y + (h - text_block_height(nb)) / 2, fg);
        text_block_draw(top, env->fonts, pb, x0 + nw + gap, ry, WHITE);
        text_block_draw(bot, env->fonts, pb, x0 + nw + gap, ry + th + vgap, fg);
    }
    text_block_free(nb);
    text_block_free(top);
    text_block_free(bot);
    return ok;
}

bool slide_countdown_draw(const struct pl_item *item, const struct slide_env *env,
                          struct slide_frame *out)
{
    struct target t;
    if (!resolve(item, &t))
        return false;
    struct pixbuf *pb = out->pb;
    bool compact = slide_compact(env);
    int m = slide_margin(env->w, env->h);
    int x = m, y = m, w = env->w - 2 * m, h = env->h - 2 * m;
    uint32_t fg = slide_argb(item->color);
    const char *name = compact ? t.short_name : t.name;

    struct clock_local now;
    if (!env->clock_valid || !clock_local(env->now, &now)) {
        /* Without a trustworthy date, name the day but count nothing. */
        slide_put(env, pb, name, FONT_BOLD, LAYOUT_CENTER, x, y, w, h, fg);
        out->redraw_at = env->now + 30;
        return true;
    }
    struct cal_date when;
    int days;
    if (!cal_days_until(&t.ev, now.date, &when, &days))
        return false;
    char date[64];
    const char *wd = cal_weekday_name(cal_weekday(when));
    snprintf(date, sizeof(date), "%s, %02d/%02d/%d", wd ? wd : "", when.day, when.month, when.year);
    out->redraw_at = next_midnight(env->now);

    if (days == 0) {
        char line[256];
        if (t.tet) {
            struct lunar_date ld;
            slide_put(env, pb, compact ? "CHÚC MỪNG\nNĂM MỚI" : "CHÚC MỪNG NĂM MỚI", FONT_EXTRABOLD,
                      LAYOUT_CENTER, x, y, w, compact ? h * 62 / 100 : h * 45 / 100, fg);
            line[0] = '\0';
            if (lunar_from_solar(when.year, when.month, when.day, &ld))
                snprintf(line, sizeof(line), "Xuân %s %d", lunar_year_name(ld.year), when.year);
            if (compact)
                slide_put(env, pb, line, FONT_BOLD, LAYOUT_CENTER, x, y + h * 66 / 100, w,
                          h * 34 / 100, WHITE);
            else
                slide_put(env, pb, line, FONT_BOLD, LAYOUT_CENTER, x, y + h * 55 / 100, w,
                          h * 45 / 100, WHITE);
            return true;
        }
        if (compact) {
            slide_put(env, pb, "CHÀO MỪNG", FONT_BOLD, LAYOUT_CENTER, x, y, w, h * 40 / 100, WHITE);
            slide_put(env, pb, name, FONT_EXTRABOLD, LAYOUT_CENTER, x, y + h * 45 / 100, w,
                      h * 55 / 100, fg);
            return true;
        }
        slide_put(env, pb, "CHÀO MỪNG", FONT_BOLD, LAYOUT_CENTER, x, y, w, h * 16 / 100, WHITE);
        slide_put(env, pb, name, FONT_EXTRABOLD, LAYOUT_CENTER, x, y + h * 20 / 100, w,
                  h * 56 / 100, fg);
        slide_put(env, pb, date, FONT_SEMIBOLD, LAYOUT_CENTER, x, y + h * 82 / 100, w, h * 14 / 100,
                  WHITE);
        return true;
    }
    if (days < 0) {
        /* A one-off date already gone: say when it was, count nothing. */
        slide_put(env, pb, name, FONT_BOLD, LAYOUT_CENTER, x, y, w, h * 60 / 100, fg);
        slide_put(env, pb, date, FONT_SEMIBOLD, LAYOUT_CENTER, x, y + h * 70 / 100, w, h * 30 / 100,
                  WHITE);
        return true;
    }
    char num[32];
    numfmt_vi(days, 0, num, sizeof(num));
    if (compact)
        return draw_compact_count(env, pb, num, name, fg, x, y, w, h);
    slide_put(env, pb, "CÒN", FONT_SEMIBOLD, LAYOUT_CENTER, x, y, w, h * 11 / 100, WHITE);
    slide_put(env, pb, num, FONT_EXTRABOLD, LAYOUT_CENTER, x, y + h * 14 / 100, w, h * 38 / 100,
              fg);
    slide_put(env, pb, "NGÀY ĐẾN", FONT_BOLD, LAYOUT_CENTER, x, y + h * 55 / 100, w, h * 11 / 100,
              WHITE);
    slide_put(env, pb, name, FONT_EXTRABOLD, LAYOUT_CENTER, x, y + h * 69 / 100, w, h * 18 / 100,
              fg);
    slide_put(env, pb, date, FONT_SEMIBOLD, LAYOUT_CENTER, x, y + h * 90 / 100, w, h * 10 / 100,
              WHITE);
    return true;
}
