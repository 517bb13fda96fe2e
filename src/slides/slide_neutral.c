/* The built-in neutral slide: the office's name, the time and the date.
 * Shown whenever nothing valid is scheduled or loaded, so the street
 * never sees a black board or an error. */

#include <stdio.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"

#include "slides/slide.h"
#include "text/text.h"

#define NEUTRAL_BG     0x0b2545u
#define NEUTRAL_FG     0xffffffu
#define NEUTRAL_ACCENT 0xffde00u

bool slide_neutral_draw(const struct slide_env *env, struct slide_frame *out)
{
    struct pixbuf *pb = out->pb;
    pixbuf_fill(pb, 0, 0, pb->w, pb->h, 0xff000000u | NEUTRAL_BG);
    int m = slide_margin(pb->w, pb->h);
    int w = pb->w - 2 * m, h = pb->h - 2 * m;
    const char *name = env->pl && env->pl->name && *env->pl->name ? env->pl->name : "BẢNG TIN";

    slide_put(env, pb, name, FONT_BOLD, LAYOUT_CENTER, m, m, w, h * 30 / 100,
              0xff000000u | NEUTRAL_ACCENT);
    if (!env->clock_valid) {
        /* Before NTP has set the clock a date would be wrong: show none. */
        out->redraw_at = env->now + 30;
        return true;
    }
    struct clock_local now;
    if (!clock_local(env->now, &now))
        return true;
    char hhmm[16], date[CAL_LINE_MAX];
    snprintf(hhmm, sizeof(hhmm), "%02d:%02d", now.hour, now.minute);
    cal_date_line(now.date, date, sizeof(date));
    slide_put(env, pb, hhmm, FONT_EXTRABOLD, LAYOUT_CENTER, m, m + h * 34 / 100, w, h * 40 / 100,
              0xff000000u | NEUTRAL_FG);
    slide_put(env, pb, date, FONT_SEMIBOLD, LAYOUT_CENTER, m, m + h * 80 / 100, w, h * 20 / 100,
              0xff000000u | NEUTRAL_FG);
    out->redraw_at = env->now - now.second + 60;
    return true;
}
