/* clock: the time, the date line and the lunar date. */

#include <stdio.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "render/slide.h"
#include "text/text.h"

static void put(const struct slide_env *env, struct pixbuf *pb, const char *s,
                enum font_weight weight, int x, int y, int w, int h, uint32_t argb)
{
    struct text_style st = {
        .weight = weight, .align = LAYOUT_CENTER, .min_px = 6, .max_px = h, .balance = true};
    struct text_block *tb = text_fit(env->fonts, s, &st, w, h);
    if (!tb)
        return;
    text_block_draw(tb, env->fonts, pb, x, y + (h - text_block_height(tb)) / 2, argb);
    text_block_free(tb);
}

bool slide_clock_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out)
{
    struct clock_local now;
    if (!env->clock_valid || !clock_local(env->now, &now))
        return false; /* the neutral slide shows no time either */
    struct pixbuf *pb = out->pb;
    int m = slide_margin(env->w, env->h);
    int x = m, w = env->w - 2 * m, h = env->h - 2 * m;
    char hhmm[16], date[CAL_LINE_MAX], lunar[CAL_LINE_MAX];
    snprintf(hhmm, sizeof(hhmm), "%02d:%02d", now.hour, now.minute);
    cal_date_line(now.date, date, sizeof(date));
    /* Small boards get the short lunar form: it stays legible. */
    if (env->w < 640)
        cal_lunar_line_short(now.date, lunar, sizeof(lunar));
    else
        cal_lunar_line(now.date, lunar, sizeof(lunar));
    put(env, pb, hhmm, FONT_EXTRABOLD, x, m, w, h * 52 / 100, slide_argb(item->color));
    put(env, pb, date, FONT_SEMIBOLD, x, m + h * 58 / 100, w, h * 20 / 100, 0xffffffffu);
    put(env, pb, lunar, FONT_REGULAR, x, m + h * 82 / 100, w, h * 18 / 100, 0xffffffffu);
    out->redraw_at = env->now - now.second + 60;
    return true;
}
