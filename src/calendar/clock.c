/* SPDX-License-Identifier: MIT */
/* Wall clock with a test override, and the plausibility rule. */

#include "calendar/clock.h"

#include <stdint.h>
#include <string.h>

#include "util/strparse.h"

static bool fixed;
static time_t fixed_at;

time_t clock_now(void)
{
    return fixed ? fixed_at : time(NULL);
}

void clock_set_fixed(time_t t)
{
    fixed_at = t;
    fixed = true;
}

void clock_use_system(void)
{
    fixed = false;
}

bool clock_is_fixed(void)
{
    return fixed;
}

bool clock_year_plausible(int year)
{
    return year >= CLOCK_PLAUSIBLE_FIRST_YEAR && year <= CLOCK_PLAUSIBLE_LAST_YEAR;
}

bool clock_is_plausible(time_t t)
{
    int64_t s = (int64_t)t;
    int64_t days = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    return clock_year_plausible(cal_civil_from_days(days).year);
}

bool clock_local(time_t t, struct clock_local *out)
{
    struct tm tm;
    if (!localtime_r(&t, &tm))
        return false;
    out->date = (struct cal_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    out->hour = tm.tm_hour;
    out->minute = tm.tm_min;
    out->second = tm.tm_sec;
    out->weekday = tm.tm_wday == 0 ? 7 : tm.tm_wday;
    out->utc_offset = (int)tm.tm_gmtoff;
    return true;
}

bool clock_parse_local(const char *s, time_t *out)
{
    struct cal_date d;
    int minutes;
    struct strp sp;
    strp_init(&sp, s);
    if (!strp_ymd(&sp, &d.year, &d.month, &d.day) ||
        !(strp_char(&sp, 'T') || strp_char(&sp, ' ')) || !strp_hhmm(&sp, false, &minutes) ||
        !strp_done(&sp) || !cal_date_valid(d))
        return false;
    struct tm tm = {0};
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    tm.tm_hour = minutes / 60;
    tm.tm_min = minutes % 60;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (t == (time_t)-1)
        return false;
    *out = t;
    return true;
}

int clock_utc_offset(time_t t)
{
    struct clock_local lt;
    return clock_local(t, &lt) ? lt.utc_offset : 0;
}
