/* clock: the time, the date line and the lunar date. */

#include <stdio.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "slides/slide.h"
#include "text/text.h"

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
    /* Small boards get the short forms: they stay legible. */
    if (slide_compact(env)) {
        const char *wd = cal_weekday_name(now.weekday);
        snprintf(date, sizeof(date), "%s, %02d/%02d/%d", wd ? wd : "", now.date.day, now.date.month,
                 now.date.year);
    } else {
        cal_date_line(now.date, date, sizeof(date));
    }
    if (env->w < 640)
        cal_lunar_line_short(now.date, lunar, sizeof(lunar));
    else
        cal_lunar_line(now.date, lunar, sizeof(lunar));
    slide_put(env, pb, hhmm, FONT_EXTRABOLD, LAYOUT_CENTER, x, m, w, h * 50 / 100,
              slide_argb(item->color));
    slide_put(env, pb, date, FONT_BOLD, LAYOUT_CENTER, x, m + h * 54 / 100, w, h * 24 / 100,
              0xffffffffu);
    slide_put(env, pb, lunar, FONT_SEMIBOLD, LAYOUT_CENTER, x, m + h * 80 / 100, w, h * 20 / 100,
              0xffffffffu);
    out->redraw_at = env->now - now.second + 60;
    return true;
}
