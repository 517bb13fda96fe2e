/* SPDX-License-Identifier: MIT */
/* Civil dates, Vietnamese date lines, and countdowns to the board's days. */

#include "calendar/calendar.h"

#include <stdio.h>
#include <string.h>

#include "util/strparse.h"

/* The days the campaign counts down to. Add a row to add an event. */
static const struct cal_event events[] = {
    {"science-day", "Ngày Khoa học và Công nghệ Việt Nam", CAL_RULE_YEARLY, 0, 5, 18},
    {"innovation-day", "Ngày hội Đổi mới sáng tạo quốc gia", CAL_RULE_YEARLY, 0, 10, 1},
    {"digital-transformation-day", "Ngày Chuyển đổi số quốc gia", CAL_RULE_YEARLY, 0, 10, 10},
    {"tet", "Tết Nguyên Đán", CAL_RULE_LUNAR_YEARLY, 0, 1, 1},
};

#define N_EVENTS (sizeof(events) / sizeof(events[0]))

/* ---- Civil dates. ---- */

bool cal_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int cal_days_in_month(int year, int month)
{
    static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return mdays[month - 1] + (month == 2 && cal_is_leap_year(year));
}

bool cal_date_valid(struct cal_date d)
{
    return d.year >= 1 && d.year <= 9999 && d.day >= 1 &&
           d.day <= cal_days_in_month(d.year, d.month);
}

/* Counts in 400-year eras of 146097 days, with the year starting in March
 * so that the leap day falls last. */
long cal_days_from_civil(struct cal_date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                         /* 0..399 */
    long mp = (d.month + 9) % 12;                     /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d.day - 1;        /* 0..365 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */
    return era * 146097 + doe - 719468;               /* 1970-03-01 is day 59 */
}

struct cal_date cal_civil_from_days(long days)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    struct cal_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

int cal_weekday(struct cal_date d)
{
    long days = cal_days_from_civil(d); /* 1970-01-01 was a Thursday (4) */
    long r = (days + 3) % 7;
    if (r < 0)
        r += 7;
    return (int)r + 1;
}

const char *cal_weekday_name(int weekday)
{
    static const char *const names[7] = {"Thứ hai", "Thứ ba",  "Thứ tư",  "Thứ năm",
                                         "Thứ sáu", "Thứ bảy", "Chủ nhật"};
    return weekday >= 1 && weekday <= 7 ? names[weekday - 1] : NULL;
}

bool cal_parse_date(const char *s, struct cal_date *out)
{
    struct cal_date d;
    struct strp sp;
    strp_init(&sp, s);
    if (!strp_ymd(&sp, &d.year, &d.month, &d.day) || !strp_done(&sp) || !cal_date_valid(d))
        return false;
    *out = d;
    return true;
}

/* ---- Lines. ---- */

static bool finish(int len, char *buf, size_t n)
{
    if (len < 0 || (size_t)len >= n) {
        if (n)
            buf[0] = '\0';
        return false;
    }
    return true;
}

bool cal_date_line(struct cal_date d, char *buf, size_t n)
{
    if (!cal_date_valid(d))
        return finish(-1, buf, n);
    return finish(snprintf(buf, n, "%s, ngày %02d tháng %02d năm %04d",
                           cal_weekday_name(cal_weekday(d)), d.day, d.month, d.year),
                  buf, n);
}

static const char *lunar_month_name(int month)
{
    static const char *const names[12] = {"Giêng", "Hai", "Ba",   "Tư",   "Năm",      "Sáu",
                                          "Bảy",   "Tám", "Chín", "Mười", "Mười Một", "Chạp"};
    return names[month - 1];
}

bool cal_lunar_line(struct cal_date d, char *buf, size_t n)
{
    struct lunar_date ld;
    if (!lunar_from_solar(d.year, d.month, d.day, &ld))
        return finish(-1, buf, n);
    return finish(snprintf(buf, n, "Âm lịch: %s %d tháng %s%s năm %s",
                           ld.day <= 10 ? "mồng" : "ngày", ld.day, lunar_month_name(ld.month),
                           ld.leap ? " nhuận" : "", lunar_year_name(ld.year)),
                  buf, n);
}

bool cal_lunar_line_short(struct cal_date d, char *buf, size_t n)
{
    struct lunar_date ld;
    if (!lunar_from_solar(d.year, d.month, d.day, &ld))
        return finish(-1, buf, n);
    return finish(snprintf(buf, n, "ÂL %d/%d%s %s", ld.day, ld.month, ld.leap ? "n" : "",
                           lunar_year_name(ld.year)),
                  buf, n);
}

/* ---- Events. ---- */

size_t cal_event_count(void)
{
    return N_EVENTS;
}

const struct cal_event *cal_event_at(size_t i)
{
    return i < N_EVENTS ? &events[i] : NULL;
}

const struct cal_event *cal_event_find(const char *id)
{
    for (size_t i = 0; id && i < N_EVENTS; i++)
        if (strcmp(events[i].id, id) == 0)
            return &events[i];
    return NULL;
}

bool cal_event_from_date(const char *spec, struct cal_event *out)
{
    struct cal_date d;
    struct cal_event ev = {"", "", CAL_RULE_ONCE, 0, 0, 0};
    struct strp sp;
    strp_init(&sp, spec);
    if (strp_md(&sp, &d.month, &d.day) && strp_done(&sp)) {
        d.year = 2000; /* a leap year: 02-29 is a valid yearly date */
        if (!cal_date_valid(d))
            return false;
        ev.rule = CAL_RULE_YEARLY;
    } else if (!cal_parse_date(spec, &d)) {
        return false;
    }
    ev.year = ev.rule == CAL_RULE_ONCE ? d.year : 0;
    ev.month = d.month;
    ev.day = d.day;
    *out = ev;
    return true;
}

static bool in_range(struct cal_date d)
{
    return cal_date_valid(d) && d.year >= LUNAR_MIN_YEAR && d.year <= LUNAR_MAX_YEAR;
}

/* The event's occurrence in (solar or lunar) year y, if it has one. */
static bool occurrence_in(const struct cal_event *ev, int y, struct cal_date *out)
{
    if (ev->rule == CAL_RULE_YEARLY) {
        struct cal_date d = {y, ev->month, ev->day};
        *out = d;
        return cal_date_valid(d);
    }
    struct lunar_date ld = {ev->day, ev->month, y, false};
    return lunar_to_solar(&ld, &out->year, &out->month, &out->day);
}

bool cal_days_until(const struct cal_event *ev, struct cal_date today, struct cal_date *when,
                    int *days_left)
{
    if (!ev || !in_range(today))
        return false;
    long t = cal_days_from_civil(today);
    struct cal_date occ;
    bool found = false;
    if (ev->rule == CAL_RULE_ONCE) {
        occ = (struct cal_date){ev->year, ev->month, ev->day};
        found = cal_date_valid(occ);
    } else if (ev->rule == CAL_RULE_YEARLY || ev->rule == CAL_RULE_LUNAR_YEARLY) {
        /* A lunar date of year y can fall in solar year y + 1 (months 11,
         * 12), and 29 February waits up to 8 years: look from y - 1 on. */
        for (int y = today.year - 1; y <= today.year + 8 && !found; y++)
            if (occurrence_in(ev, y, &occ) && cal_days_from_civil(occ) >= t)
                found = true;
    }
    /* Tết 2101 is still a fine answer late in 2100. */
    if (!found || occ.year < LUNAR_MIN_YEAR || occ.year > LUNAR_MAX_YEAR + 1)
        return false;
    *when = occ;
    *days_left = (int)(cal_days_from_civil(occ) - t);
    return true;
}
