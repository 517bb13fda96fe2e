/* countdown: the days left to one of the campaign's days, Tết, or a date
 * of the office's own; on the day itself, a greeting. */

#include <stdio.h>
#include <string.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "render/slide.h"
#include "text/numfmt.h"
#include "text/text.h"

static int put(const struct slide_env *env, struct pixbuf *pb, const char *s,
               enum font_weight weight, int x, int y, int w, int h, uint32_t argb)
{
    struct text_style st = {
        .weight = weight, .align = LAYOUT_CENTER, .min_px = 6, .max_px = h, .balance = true};
    struct text_block *tb = text_fit(env->fonts, s, &st, w, h);
    if (!tb)
        return 0;
    int th = text_block_height(tb);
    text_block_draw(tb, env->fonts, pb, x, y + (h - th) / 2, argb);
    text_block_free(tb);
    return th;
}

/* The event an item counts to, and the words that name it. */
static bool resolve(const struct pl_item *item, struct cal_event *ev, const char **name)
{
    if (item->event) {
        const struct cal_event *e = cal_event_find(item->event);
        if (!e)
            return false;
        *ev = *e;
        *name = item->label && *item->label ? item->label : e->name;
        return true;
    }
    if (!item->has_date)
        return false;
    *ev = (struct cal_event){
        .id = "",
        .name = "",
        .rule = item->date_every_year ? CAL_RULE_YEARLY : CAL_RULE_ONCE,
        .year = item->date.year,
        .month = item->date.month,
        .day = item->date.day,
    };
    *name = item->label ? item->label : "";
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

bool slide_countdown_draw(const struct pl_item *item, const struct slide_env *env,
                          struct slide_frame *out)
{
    struct cal_event ev;
    const char *name;
    if (!resolve(item, &ev, &name))
        return false;
    struct pixbuf *pb = out->pb;
    int m = slide_margin(env->w, env->h);
    int x = m, w = env->w - 2 * m, h = env->h - 2 * m;
    uint32_t fg = slide_argb(item->color);
    uint32_t white = 0xffffffffu;

    struct clock_local now;
    if (!env->clock_valid || !clock_local(env->now, &now)) {
        /* Without a trustworthy date, name the day but count nothing. */
        put(env, pb, name, FONT_BOLD, x, m, w, h, fg);
        out->redraw_at = env->now + 30;
        return true;
    }
    struct cal_date when;
    int days;
    if (!cal_days_until(&ev, now.date, &when, &days))
        return false;
    char date[32];
    snprintf(date, sizeof(date), "%02d/%02d/%d", when.day, when.month, when.year);
    out->redraw_at = next_midnight(env->now);

    if (days == 0) {
        char greet[256];
        if (item->event && strcmp(item->event, "tet") == 0) {
            struct lunar_date ld;
            snprintf(greet, sizeof(greet), "CHÚC MỪNG NĂM MỚI");
            put(env, pb, greet, FONT_EXTRABOLD, x, m, w, h * 45 / 100, fg);
            if (lunar_from_solar(when.year, when.month, when.day, &ld))
                snprintf(greet, sizeof(greet), "Xuân %s %d", lunar_year_name(ld.year), when.year);
            put(env, pb, greet, FONT_BOLD, x, m + h * 55 / 100, w, h * 45 / 100, white);
            return true;
        }
        snprintf(greet, sizeof(greet), "Chào mừng %s", name);
        put(env, pb, greet, FONT_EXTRABOLD, x, m, w, h * 70 / 100, fg);
        put(env, pb, date, FONT_BOLD, x, m + h * 75 / 100, w, h * 25 / 100, white);
        return true;
    }
    if (days < 0) {
        /* A one-off date already gone: say when it was, count nothing. */
        put(env, pb, name, FONT_BOLD, x, m, w, h * 60 / 100, fg);
        put(env, pb, date, FONT_SEMIBOLD, x, m + h * 70 / 100, w, h * 30 / 100, white);
        return true;
    }
    char num[32], line[64];
    numfmt_vi(days, 0, num, sizeof(num));
    put(env, pb, "CÒN", FONT_SEMIBOLD, x, m, w, h * 12 / 100, white);
    put(env, pb, num, FONT_EXTRABOLD, x, m + h * 14 / 100, w, h * 38 / 100, fg);
    put(env, pb, "NGÀY", FONT_BOLD, x, m + h * 54 / 100, w, h * 12 / 100, white);
    snprintf(line, sizeof(line), "đến %s", date);
    put(env, pb, name, FONT_BOLD, x, m + h * 70 / 100, w, h * 18 / 100, fg);
    put(env, pb, line, FONT_SEMIBOLD, x, m + h * 90 / 100, w, h * 10 / 100, white);
    return true;
}
