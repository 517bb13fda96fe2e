/* Wall clock with a test override, and the plausibility rule. */

#include "calendar/clock.h"

#include <string.h>

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

bool clock_is_plausible(time_t t)
{
    return t >= CLOCK_PLAUSIBLE_MIN && t < CLOCK_PLAUSIBLE_MAX;
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

static bool two_digits(const char *s, int max, int *out)
{
    if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
        return false;
    *out = (s[0] - '0') * 10 + (s[1] - '0');
    return *out <= max;
}

bool clock_parse_local(const char *s, time_t *out)
{
    char date[11];
    struct cal_date d;
    int hh, mm;
    if (!s || strlen(s) != 16 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
        return false;
    memcpy(date, s, 10);
    date[10] = '\0';
    if (!cal_parse_date(date, &d) || !two_digits(s + 11, 23, &hh) || !two_digits(s + 14, 59, &mm))
        return false;
    struct tm tm = {0};
    tm.tm_year = d.year - 1900;
    tm.tm_mon = d.month - 1;
    tm.tm_mday = d.day;
    tm.tm_hour = hh;
    tm.tm_min = mm;
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
