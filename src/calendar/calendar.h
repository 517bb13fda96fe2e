/* SPDX-License-Identifier: MIT */
#pragma once
/* Civil dates, the Vietnamese date lines, and the days the board counts
 * down to. Pure: no I/O, no clock (callers pass "today"). */

#include <stdbool.h>
#include <stddef.h>

#include "calendar/lunar.h"

struct cal_date {
    int year, month, day;
};

/* Longest line any cal_*_line() writes, with its NUL. */
#define CAL_LINE_MAX 96

/* ---- Civil (Gregorian) dates. ---- */

bool cal_is_leap_year(int year);
int cal_days_in_month(int year, int month); /* 0 for a bad month */
bool cal_date_valid(struct cal_date d);
/* Days since 1970-01-01 (negative before); any valid proleptic date. */
long cal_days_from_civil(struct cal_date d);
struct cal_date cal_civil_from_days(long days);
/* 1 = Monday .. 7 = Sunday (as in the playlist's `weekdays`). */
int cal_weekday(struct cal_date d);
/* "Thứ hai" .. "Thứ bảy", "Chủ nhật"; NULL outside 1..7. */
const char *cal_weekday_name(int weekday);

/* Strict "YYYY-MM-DD" (util/strparse.h's date, and a real day). */
bool cal_parse_date(const char *s, struct cal_date *out);

/* ---- Lines for the screen. ---- */

/* "Thứ hai, ngày 12 tháng 01 năm 2026". False if the date is invalid or buf
 * is too small (then buf holds ""). */
bool cal_date_line(struct cal_date d, char *buf, size_t n);

/* The lunar date for the clock slide:
 *   "Âm lịch: ngày 24 tháng Mười Một năm Ất Tỵ" (days 11..30: "ngày N")
 *   "Âm lịch: mồng 1 tháng Giêng năm Bính Ngọ" (days 1..10: "mồng N")
 *   "Âm lịch: ngày 15 tháng Sáu nhuận năm Ất Tỵ" (leap month)
 * Months are named as people say them: Giêng, Hai, Ba, Tư, Năm, Sáu, Bảy,
 * Tám, Chín, Mười, Mười Một, Chạp. */
bool cal_lunar_line(struct cal_date d, char *buf, size_t n);

/* Short form for small LED boards: "ÂL 24/11 Ất Tỵ", "ÂL 15/6n Ất Tỵ" (n = nhuận). */
bool cal_lunar_line_short(struct cal_date d, char *buf, size_t n);

/* ---- Events and countdowns. ---- */

enum cal_rule {
    CAL_RULE_YEARLY,       /* every year on solar month/day */
    CAL_RULE_LUNAR_YEARLY, /* every year on lunar month/day (not a leap month) */
    CAL_RULE_ONCE,         /* one solar date: year/month/day */
};

struct cal_event {
    const char *id;   /* static; "" for a custom date */
    const char *name; /* static; full Vietnamese name, "" for a custom date */
    enum cal_rule rule;
    int year; /* CAL_RULE_ONCE only */
    int month, day;
};

/* The named events, in table order (science-day, innovation-day,
 * digital-transformation-day, tet). */
size_t cal_event_count(void);
const struct cal_event *cal_event_at(size_t i);
/* NULL when no event has that id. */
const struct cal_event *cal_event_find(const char *id);

/* A countdown item's own `date`: "YYYY-MM-DD" (once) or "MM-DD" (every year;
 * 02-29 counts to the next 29 February). False when it is neither. */
bool cal_event_from_date(const char *spec, struct cal_event *out);

/* The next occurrence of ev on or after today and the days left to it: 0 on
 * the day itself, then the following occurrence from the next day on.
 * A CAL_RULE_ONCE date already gone gives that date and a negative
 * days_left. False when today or the occurrence is outside 1900..2100 or the
 * event is malformed. */
bool cal_days_until(const struct cal_event *ev, struct cal_date today, struct cal_date *when,
                    int *days_left);
