/* SPDX-License-Identifier: MIT */
/* The calendar module: lunar dates, Tết, date lines, events, countdowns,
 * the clock. Expected values are published dates, typed in by hand. */

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "calendar/lunar.h"
#include "fixture.h"

struct ymd {
    int y, m, d;
};

/* Tết Nguyên Đán in Vietnam, 1960-2060, from the published tables (the
 * lunar new year list of the Hong Kong Observatory / Wikipedia, with
 * Vietnam's own dates where its UTC+7 calendar differs: 1968, 1969, 1985,
 * 2007, 2030, 2053; before the 8 August 1967 decree Vietnam kept the UTC+8
 * calendar, so 1960-1967 equal China's). */
static const struct ymd tet_published[] = {
    {1960, 1, 28}, {1961, 2, 15}, {1962, 2, 5},  {1963, 1, 25}, {1964, 2, 13}, {1965, 2, 2},
    {1966, 1, 21}, {1967, 2, 9},  {1968, 1, 29}, {1969, 2, 16}, {1970, 2, 6},  {1971, 1, 27},
    {1972, 2, 15}, {1973, 2, 3},  {1974, 1, 23}, {1975, 2, 11}, {1976, 1, 31}, {1977, 2, 18},
    {1978, 2, 7},  {1979, 1, 28}, {1980, 2, 16}, {1981, 2, 5},  {1982, 1, 25}, {1983, 2, 13},
    {1984, 2, 2},  {1985, 1, 21}, {1986, 2, 9},  {1987, 1, 29}, {1988, 2, 17}, {1989, 2, 6},
    {1990, 1, 27}, {1991, 2, 15}, {1992, 2, 4},  {1993, 1, 23}, {1994, 2, 10}, {1995, 1, 31},
    {1996, 2, 19}, {1997, 2, 7},  {1998, 1, 28}, {1999, 2, 16}, {2000, 2, 5},  {2001, 1, 24},
    {2002, 2, 12}, {2003, 2, 1},  {2004, 1, 22}, {2005, 2, 9},  {2006, 1, 29}, {2007, 2, 17},
    {2008, 2, 7},  {2009, 1, 26}, {2010, 2, 14}, {2011, 2, 3},  {2012, 1, 23}, {2013, 2, 10},
    {2014, 1, 31}, {2015, 2, 19}, {2016, 2, 8},  {2017, 1, 28}, {2018, 2, 16}, {2019, 2, 5},
    {2020, 1, 25}, {2021, 2, 12}, {2022, 2, 1},  {2023, 1, 22}, {2024, 2, 10}, {2025, 1, 29},
    {2026, 2, 17}, {2027, 2, 6},  {2028, 1, 26}, {2029, 2, 13}, {2030, 2, 2},  {2031, 1, 23},
    {2032, 2, 11}, {2033, 1, 31}, {2034, 2, 19}, {2035, 2, 8},  {2036, 1, 28}, {2037, 2, 15},
    {2038, 2, 4},  {2039, 1, 24}, {2040, 2, 12}, {2041, 2, 1},  {2042, 1, 22}, {2043, 2, 10},
    {2044, 1, 30}, {2045, 2, 17}, {2046, 2, 6},  {2047, 1, 26}, {2048, 2, 14}, {2049, 2, 2},
    {2050, 1, 23}, {2051, 2, 11}, {2052, 2, 1},  {2053, 2, 18}, {2054, 2, 8},  {2055, 1, 28},
    {2056, 2, 15}, {2057, 2, 4},  {2058, 1, 24}, {2059, 2, 12}, {2060, 2, 2},
};

START_TEST(tet_matches_published_table)
{
    const struct ymd *t = &tet_published[_i];
    int m = 0, d = 0;
    ck_assert_msg(lunar_tet(t->y, &m, &d), "no Tết for %d", t->y);
    ck_assert_msg(m == t->m && d == t->d, "Tết %d: got %02d-%02d, published %02d-%02d", t->y, m, d,
                  t->m, t->d);
    /* And 1/1 of that lunar year reads back from the solar date. */
    struct lunar_date ld;
    ck_assert(lunar_from_solar(t->y, t->m, t->d, &ld));
    ck_assert_int_eq(ld.day, 1);
    ck_assert_int_eq(ld.month, 1);
    ck_assert(!ld.leap);
    ck_assert_int_eq(ld.year, t->y);
}
END_TEST

/* Years where Vietnam (UTC+7) and China (UTC+8) keep Tết on different days.
 * China's dates are the published Chinese New Year dates; the same code at
 * UTC+8 must give them, and at UTC+7 Vietnam's. */
static const struct {
    int year;
    struct ymd vn, cn;
} vn_cn[] = {
    {1968, {1968, 1, 29}, {1968, 1, 30}}, /* the Tết Mậu Thân of the 1967 decree */
    {1969, {1969, 2, 16}, {1969, 2, 17}},
    {1985, {1985, 1, 21}, {1985, 2, 20}}, /* month 11 placed a month apart */
    {2007, {2007, 2, 17}, {2007, 2, 18}},
    {2030, {2030, 2, 2}, {2030, 2, 3}},
    {2053, {2053, 2, 18}, {2053, 2, 19}},
};

START_TEST(vietnam_and_china_differ)
{
    int m, d;
    ck_assert(lunar_tet(vn_cn[_i].year, &m, &d));
    ck_assert_int_eq(m, vn_cn[_i].vn.m);
    ck_assert_int_eq(d, vn_cn[_i].vn.d);
    ck_assert(lunar_tet_at(vn_cn[_i].year, 7.0, &m, &d));
    ck_assert_int_eq(m, vn_cn[_i].vn.m);
    ck_assert_int_eq(d, vn_cn[_i].vn.d);
    ck_assert(lunar_tet_at(vn_cn[_i].year, 8.0, &m, &d));
    ck_assert_int_eq(m, vn_cn[_i].cn.m);
    ck_assert_int_eq(d, vn_cn[_i].cn.d);
}
END_TEST

START_TEST(china_matches_vietnam_in_other_years)
{
    /* Outside the years above (and 1965, see below) UTC+8 agrees with the
     * published Vietnamese table: the only cause of difference is the
     * offset. */
    for (size_t i = 0; i < sizeof(tet_published) / sizeof(tet_published[0]); i++) {
        int y = tet_published[i].y, m, d;
        bool differs = false;
        for (size_t j = 0; j < sizeof(vn_cn) / sizeof(vn_cn[0]); j++)
            differs |= vn_cn[j].year == y;
        if (differs)
            continue;
        ck_assert(lunar_tet_at(y, 8.0, &m, &d));
        ck_assert_msg(m == tet_published[i].m && d == tet_published[i].d, "%d", y);
    }
}
END_TEST

START_TEST(before_1967_vietnam_used_utc8)
{
    /* Tết Ất Tỵ 1965 was kept on 2 February (Beijing time); the UTC+7 rule
     * applied to 1965 would have given 1 February. */
    int m, d;
    ck_assert(lunar_tet(1965, &m, &d));
    ck_assert_int_eq(m, 2);
    ck_assert_int_eq(d, 2);
    ck_assert(lunar_tet_at(1965, 7.0, &m, &d));
    ck_assert_int_eq(d, 1);
    /* The switch falls between months: 1967-07-07 is still 30/5 (UTC+8). */
    struct lunar_date ld;
    ck_assert(lunar_from_solar(1967, 7, 7, &ld));
    ck_assert_int_eq(ld.day, 30);
    ck_assert_int_eq(ld.month, 5);
    ck_assert(lunar_from_solar(1967, 12, 1, &ld)); /* UTC+7: month 11 starts */
    ck_assert_int_eq(ld.day, 1);
    ck_assert_int_eq(ld.month, 11);
}
END_TEST

/* Leap months (tháng nhuận) published for these lunar years. */
static const struct {
    int year, leap;
} leaps[] = {
    {2001, 4}, {2004, 2}, {2006, 7}, {2009, 5}, {2012, 4}, {2014, 9},  {2017, 6},
    {2020, 4}, {2023, 2}, {2025, 6}, {2028, 5}, {2031, 3}, {2033, 11}, {2036, 6},
    {2024, 0}, {2026, 0}, {2027, 0}, {1984, 0}, /* 1984: China had a leap 10th month */
};

START_TEST(leap_months)
{
    ck_assert_int_eq(lunar_leap_month(leaps[_i].year), leaps[_i].leap);
}
END_TEST

START_TEST(leap_month_2025_dates)
{
    /* Tháng 6 nhuận Ất Tỵ ran from 2025-07-25 to 2025-08-22. */
    struct lunar_date ld;
    ck_assert(lunar_from_solar(2025, 7, 24, &ld));
    ck_assert(!ld.leap);
    ck_assert_int_eq(ld.month, 6);
    ck_assert_int_eq(ld.day, 30);
    ck_assert(lunar_from_solar(2025, 7, 25, &ld));
    ck_assert(ld.leap);
    ck_assert_int_eq(ld.month, 6);
    ck_assert_int_eq(ld.day, 1);
    ck_assert_int_eq(ld.year, 2025);
    ck_assert(lunar_from_solar(2025, 8, 23, &ld));
    ck_assert(!ld.leap);
    ck_assert_int_eq(ld.month, 7);
    ck_assert_int_eq(ld.day, 1);
    struct lunar_date want = {1, 6, 2025, true};
    int y, m, d;
    ck_assert(lunar_to_solar(&want, &y, &m, &d));
    ck_assert_int_eq(y * 10000 + m * 100 + d, 20250725);
    /* There is no leap 5th month in 2025. */
    struct lunar_date none = {1, 5, 2025, true};
    ck_assert(!lunar_to_solar(&none, &y, &m, &d));
    ck_assert_int_eq(lunar_month_length(2025, 6, true), 29);
    ck_assert_int_eq(lunar_month_length(2025, 5, true), 0);
}
END_TEST

/* Well-known lunar feast days and their published solar dates. */
static const struct {
    struct lunar_date lunar;
    struct ymd solar;
} feasts[] = {
    {{15, 8, 2024, false}, {2024, 9, 17}},  /* Tết Trung Thu 2024 */
    {{15, 8, 2025, false}, {2025, 10, 6}},  /* Tết Trung Thu 2025 */
    {{10, 3, 2024, false}, {2024, 4, 18}},  /* Giỗ Tổ Hùng Vương 2024 */
    {{10, 3, 2025, false}, {2025, 4, 7}},   /* Giỗ Tổ Hùng Vương 2025 */
    {{15, 7, 2024, false}, {2024, 8, 18}},  /* Vu Lan 2024 */
    {{23, 12, 2025, false}, {2026, 2, 10}}, /* ông Công ông Táo, Ất Tỵ */
    {{1, 6, 2006, false}, {2006, 6, 25}},   /* new moon 23:05 in Hanoi */
    {{1, 7, 2006, true}, {2006, 8, 24}},    /* tháng 7 nhuận Bính Tuất */
};

START_TEST(feast_days)
{
    int y, m, d;
    ck_assert(lunar_to_solar(&feasts[_i].lunar, &y, &m, &d));
    ck_assert_int_eq(y, feasts[_i].solar.y);
    ck_assert_int_eq(m, feasts[_i].solar.m);
    ck_assert_int_eq(d, feasts[_i].solar.d);
    struct lunar_date ld;
    ck_assert(lunar_from_solar(y, m, d, &ld));
    ck_assert_int_eq(ld.day, feasts[_i].lunar.day);
    ck_assert_int_eq(ld.month, feasts[_i].lunar.month);
    ck_assert_int_eq(ld.year, feasts[_i].lunar.year);
}
END_TEST

START_TEST(new_moon_before_midnight_in_hanoi)
{
    /* The new moon of 25 June 2006 at 23:05 Hanoi time (00:05 in Beijing):
     * a new month starts that day in Vietnam, a day later in China. */
    struct lunar_date vn, cn;
    ck_assert(lunar_from_solar(2006, 6, 25, &vn));
    ck_assert(lunar_from_solar_at(2006, 6, 25, 8.0, &cn));
    ck_assert_int_eq(vn.day, 1);
    ck_assert_int_ne(cn.day, 1);
}
END_TEST

static long day_of(int y, int m, int d)
{
    return cal_days_from_civil((struct cal_date){y, m, d});
}

START_TEST(every_day_1900_2100_round_trips)
{
    /* Solar -> lunar -> solar for every day; along the way the lunar day
     * steps by one or starts a new month of 29 or 30 days, and months
     * follow in order. */
    struct lunar_date prev = {0};
    int run = 0, checked_months = 0;
    for (long t = day_of(1900, 1, 1); t <= day_of(2100, 12, 31); t++) {
        struct cal_date s = cal_civil_from_days(t);
        struct lunar_date ld;
        int y, m, d;
        ck_assert_msg(lunar_from_solar(s.year, s.month, s.day, &ld), "%d-%d-%d", s.year, s.month,
                      s.day);
        ck_assert_msg(lunar_to_solar(&ld, &y, &m, &d), "%d-%d-%d", s.year, s.month, s.day);
        ck_assert_msg(y == s.year && m == s.month && d == s.day,
                      "%d-%d-%d -> %d/%d/%d%s -> %d-%d-%d", s.year, s.month, s.day, ld.day,
                      ld.month, ld.year, ld.leap ? "L" : "", y, m, d);
        if (prev.day) {
            if (ld.day == 1) {
                ck_assert_msg(prev.day == 29 || prev.day == 30, "month of %d days before %d-%d-%d",
                              prev.day, s.year, s.month, s.day);
                ck_assert_int_eq(lunar_month_length(prev.year, prev.month, prev.leap), prev.day);
                int want_month = ld.leap ? prev.month : prev.month % 12 + 1;
                ck_assert_int_eq(ld.month, want_month);
                ck_assert_int_eq(ld.year, prev.year + (ld.month == 1 && !ld.leap));
                checked_months++;
            } else {
                ck_assert_int_eq(ld.day, prev.day + 1);
                ck_assert_int_eq(ld.month, prev.month);
                ck_assert(ld.leap == prev.leap);
            }
        }
        prev = ld;
        run++;
    }
    ck_assert_int_eq(run, 73414);
    ck_assert_int_gt(checked_months, 2480);
}
END_TEST

START_TEST(years_have_12_or_13_months)
{
    for (int y = 1900; y <= 2100; y++) {
        int m1, d1, m2, d2;
        ck_assert(lunar_tet(y, &m1, &d1));
        ck_assert(lunar_tet(y + 1, &m2, &d2));
        long len = day_of(y + 1, m2, d2) - day_of(y, m1, d1);
        int leap = lunar_leap_month(y);
        long sum = 0;
        int months = 0;
        for (int m = 1; m <= 12; m++) {
            sum += lunar_month_length(y, m, false);
            months++;
            if (m == leap) {
                sum += lunar_month_length(y, m, true);
                months++;
            }
        }
        ck_assert_int_eq(sum, len);
        if (leap)
            ck_assert_msg(len >= 383 && len <= 385 && months == 13, "%d: %ld days", y, len);
        else
            ck_assert_msg(len >= 353 && len <= 355 && months == 12, "%d: %ld days", y, len);
    }
}
END_TEST

static const struct {
    int year;
    const char *name;
} year_names[] = {
    {2024, "Giáp Thìn"}, {2025, "Ất Tỵ"},    {2026, "Bính Ngọ"},  {2023, "Quý Mão"},
    {1984, "Giáp Tý"},   {1968, "Mậu Thân"}, {2000, "Canh Thìn"}, {1945, "Ất Dậu"},
    {2043, "Quý Hợi"},   {1900, "Canh Tý"},  {2100, "Canh Thân"},
};

START_TEST(sexagenary_names)
{
    ck_assert_str_eq(lunar_year_name(year_names[_i].year), year_names[_i].name);
}
END_TEST

START_TEST(lunar_rejects_out_of_range)
{
    struct lunar_date ld;
    int y, m, d;
    ck_assert(!lunar_from_solar(1899, 12, 31, &ld));
    ck_assert(!lunar_from_solar(2101, 1, 1, &ld));
    ck_assert(!lunar_from_solar(2025, 2, 29, &ld));
    struct lunar_date bad_day = {31, 1, 2025, false};
    ck_assert(!lunar_to_solar(&bad_day, &y, &m, &d));
    struct lunar_date bad_month = {1, 13, 2025, false};
    ck_assert(!lunar_to_solar(&bad_month, &y, &m, &d));
    /* Month 12 of Ất Tỵ has 29 days: there is no 30 Tết in 2026. */
    ck_assert_int_eq(lunar_month_length(2025, 12, false), 29);
    struct lunar_date day30 = {30, 12, 2025, false};
    ck_assert(!lunar_to_solar(&day30, &y, &m, &d));
}
END_TEST

/* ---- Civil dates and lines. ---- */

START_TEST(civil_days_and_weekdays)
{
    ck_assert_int_eq(cal_days_from_civil((struct cal_date){1970, 1, 1}), 0);
    ck_assert_int_eq(cal_days_from_civil((struct cal_date){2000, 3, 1}), 11017);
    ck_assert_int_eq(cal_days_from_civil((struct cal_date){1969, 12, 31}), -1);
    struct cal_date d = cal_civil_from_days(cal_days_from_civil((struct cal_date){2024, 2, 29}));
    ck_assert_int_eq(d.year * 10000 + d.month * 100 + d.day, 20240229);
    ck_assert_int_eq(cal_weekday((struct cal_date){2026, 1, 12}), 1); /* Monday */
    ck_assert_int_eq(cal_weekday((struct cal_date){1970, 1, 1}), 4);  /* Thursday */
    ck_assert_int_eq(cal_weekday((struct cal_date){2025, 9, 2}), 2);  /* Tuesday, Quốc khánh */
    ck_assert_int_eq(cal_weekday((struct cal_date){1945, 9, 2}), 7);  /* Sunday */
    ck_assert_int_eq(cal_weekday((struct cal_date){1900, 1, 1}), 1);
    ck_assert_int_eq(cal_weekday((struct cal_date){2100, 12, 31}), 5);
    ck_assert(cal_date_valid((struct cal_date){2024, 2, 29}));
    ck_assert(!cal_date_valid((struct cal_date){2025, 2, 29}));
    ck_assert(!cal_date_valid((struct cal_date){1900, 2, 29}));
    ck_assert(cal_date_valid((struct cal_date){2000, 2, 29}));
    ck_assert(!cal_date_valid((struct cal_date){2026, 4, 31}));
    ck_assert(!cal_date_valid((struct cal_date){2026, 13, 1}));
    ck_assert(!cal_date_valid((struct cal_date){2026, 0, 1}));
}
END_TEST

static const char *const weekday_names[] = {"Thứ hai", "Thứ ba",  "Thứ tư",  "Thứ năm",
                                            "Thứ sáu", "Thứ bảy", "Chủ nhật"};

START_TEST(weekday_names_in_vietnamese)
{
    /* 2026-01-12 is a Monday: the week that follows names every day. */
    char line[CAL_LINE_MAX];
    struct cal_date d = {2026, 1, 12 + _i};
    ck_assert_str_eq(cal_weekday_name(_i + 1), weekday_names[_i]);
    ck_assert(cal_date_line(d, line, sizeof(line)));
    ck_assert_msg(strncmp(line, weekday_names[_i], strlen(weekday_names[_i])) == 0, "%s", line);
    ck_assert_ptr_null(cal_weekday_name(0));
    ck_assert_ptr_null(cal_weekday_name(8));
}
END_TEST

START_TEST(date_line_format)
{
    char line[CAL_LINE_MAX];
    ck_assert(cal_date_line((struct cal_date){2026, 1, 12}, line, sizeof(line)));
    ck_assert_str_eq(line, "Thứ hai, ngày 12 tháng 01 năm 2026");
    ck_assert(cal_date_line((struct cal_date){2025, 10, 5}, line, sizeof(line)));
    ck_assert_str_eq(line, "Chủ nhật, ngày 05 tháng 10 năm 2025");
    ck_assert(!cal_date_line((struct cal_date){2025, 2, 29}, line, sizeof(line)));
    ck_assert_str_eq(line, "");
    char small[10];
    ck_assert(!cal_date_line((struct cal_date){2026, 1, 12}, small, sizeof(small)));
    ck_assert_str_eq(small, "");
}
END_TEST

START_TEST(lunar_line_format)
{
    char line[CAL_LINE_MAX];
    ck_assert(cal_lunar_line((struct cal_date){2026, 1, 12}, line, sizeof(line)));
    ck_assert_str_eq(line, "Âm lịch: ngày 24 tháng Mười Một năm Ất Tỵ");
    ck_assert(cal_lunar_line((struct cal_date){2026, 2, 17}, line, sizeof(line)));
    ck_assert_str_eq(line, "Âm lịch: mồng 1 tháng Giêng năm Bính Ngọ");
    ck_assert(cal_lunar_line((struct cal_date){2026, 2, 10}, line, sizeof(line)));
    ck_assert_str_eq(line, "Âm lịch: ngày 23 tháng Chạp năm Ất Tỵ");
    ck_assert(cal_lunar_line((struct cal_date){2025, 8, 8}, line, sizeof(line)));
    ck_assert_str_eq(line, "Âm lịch: ngày 15 tháng Sáu nhuận năm Ất Tỵ");
    ck_assert(cal_lunar_line_short((struct cal_date){2025, 8, 8}, line, sizeof(line)));
    ck_assert_str_eq(line, "ÂL 15/6n Ất Tỵ");
    ck_assert(cal_lunar_line_short((struct cal_date){2026, 1, 12}, line, sizeof(line)));
    ck_assert_str_eq(line, "ÂL 24/11 Ất Tỵ");
    ck_assert(!cal_lunar_line((struct cal_date){1800, 1, 1}, line, sizeof(line)));
}
END_TEST

START_TEST(parse_dates)
{
    struct cal_date d;
    ck_assert(cal_parse_date("2026-01-12", &d));
    ck_assert_int_eq(d.year * 10000 + d.month * 100 + d.day, 20260112);
    const char *bad[] = {"2026-1-12",   "2026-02-30", "26-01-12",   "2026/01/12",
                         "2026-01-12x", "",           "abcd-ef-gh", "2026-00-10"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!cal_parse_date(bad[i], &d), "%s", bad[i]);
}
END_TEST

/* ---- Events and countdowns. ---- */

START_TEST(events_table)
{
    static const struct {
        const char *id, *name;
    } want[] = {
        {"science-day", "Ngày Khoa học và Công nghệ Việt Nam"},
        {"innovation-day", "Ngày hội Đổi mới sáng tạo quốc gia"},
        {"digital-transformation-day", "Ngày Chuyển đổi số quốc gia"},
        {"tet", "Tết Nguyên Đán"},
    };
    ck_assert_uint_eq(cal_event_count(), 4);
    for (size_t i = 0; i < 4; i++) {
        const struct cal_event *ev = cal_event_find(want[i].id);
        ck_assert_ptr_nonnull(ev);
        ck_assert_ptr_eq(ev, cal_event_at(i));
        ck_assert_str_eq(ev->name, want[i].name);
    }
    ck_assert_ptr_null(cal_event_find("christmas"));
    ck_assert_ptr_null(cal_event_find(NULL));
    ck_assert_ptr_null(cal_event_at(4));
}
END_TEST

static const struct {
    const char *event; /* id, or a custom date spec */
    struct ymd today;
    struct ymd when;
    int days_left;
} countdowns[] = {
    {"science-day", {2026, 1, 12}, {2026, 5, 18}, 126},
    {"science-day", {2026, 5, 17}, {2026, 5, 18}, 1},
    {"science-day", {2026, 5, 18}, {2026, 5, 18}, 0}, /* on the day */
    {"science-day", {2026, 5, 19}, {2027, 5, 18}, 364},
    {"innovation-day", {2025, 12, 31}, {2026, 10, 1}, 274},
    {"innovation-day", {2026, 10, 1}, {2026, 10, 1}, 0},
    {"digital-transformation-day", {2026, 10, 11}, {2027, 10, 10}, 364},
    {"digital-transformation-day", {2027, 10, 11}, {2028, 10, 10}, 365}, /* over 29/2/2028 */
    {"digital-transformation-day", {2026, 10, 10}, {2026, 10, 10}, 0},
    {"tet", {2025, 12, 31}, {2026, 2, 17}, 48}, /* across the year end */
    {"tet", {2026, 2, 16}, {2026, 2, 17}, 1},
    {"tet", {2026, 2, 17}, {2026, 2, 17}, 0},
    {"tet", {2026, 2, 18}, {2027, 2, 6}, 353},
    {"tet", {2025, 1, 28}, {2025, 1, 29}, 1},
    {"12-31", {2025, 12, 31}, {2025, 12, 31}, 0},
    {"01-01", {2025, 12, 31}, {2026, 1, 1}, 1},
    {"02-29", {2025, 3, 1}, {2028, 2, 29}, 1095},
    {"2026-09-02", {2026, 1, 1}, {2026, 9, 2}, 244},
    {"2026-09-02", {2026, 9, 3}, {2026, 9, 2}, -1}, /* once, already gone */
};

START_TEST(countdowns_table)
{
    struct cal_event custom;
    const struct cal_event *ev = cal_event_find(countdowns[_i].event);
    if (!ev) {
        ck_assert(cal_event_from_date(countdowns[_i].event, &custom));
        ev = &custom;
    }
    struct cal_date today = {countdowns[_i].today.y, countdowns[_i].today.m,
                             countdowns[_i].today.d};
    struct cal_date when;
    int left;
    ck_assert(cal_days_until(ev, today, &when, &left));
    ck_assert_int_eq(when.year, countdowns[_i].when.y);
    ck_assert_int_eq(when.month, countdowns[_i].when.m);
    ck_assert_int_eq(when.day, countdowns[_i].when.d);
    ck_assert_int_eq(left, countdowns[_i].days_left);
}
END_TEST

START_TEST(custom_date_specs)
{
    struct cal_event ev;
    ck_assert(cal_event_from_date("05-18", &ev));
    ck_assert_int_eq(ev.rule, CAL_RULE_YEARLY);
    ck_assert(cal_event_from_date("2026-05-18", &ev));
    ck_assert_int_eq(ev.rule, CAL_RULE_ONCE);
    ck_assert_int_eq(ev.year, 2026);
    const char *bad[] = {"5-18", "13-01", "02-30", "2026-02-29", "tomorrow", "", "05-18-"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(!cal_event_from_date(bad[i], &ev), "%s", bad[i]);
    ck_assert(!cal_event_from_date(NULL, &ev));
    struct cal_date when;
    int left;
    ck_assert(!cal_days_until(cal_event_find("tet"), (struct cal_date){1850, 1, 1}, &when, &left));
    ck_assert(!cal_days_until(NULL, (struct cal_date){2026, 1, 1}, &when, &left));
    /* The last day of the range still counts down, to Tết 2101. */
    ck_assert(cal_days_until(cal_event_find("tet"), (struct cal_date){2100, 12, 31}, &when, &left));
    ck_assert_int_eq(when.year, 2101);
    ck_assert(left >= 21 && left <= 51);
}
END_TEST

START_TEST(tet_countdown_every_day_of_a_year)
{
    /* Through 2025 and 2026, Tết's countdown falls by one a day and is 0
     * exactly on the two Tết days. */
    const struct cal_event *tet = cal_event_find("tet");
    int prev = -1, zeros = 0;
    for (long t = day_of(2025, 1, 1); t <= day_of(2026, 12, 31); t++) {
        struct cal_date when;
        int left;
        ck_assert(cal_days_until(tet, cal_civil_from_days(t), &when, &left));
        if (left == 0)
            zeros++;
        if (prev > 0)
            ck_assert_int_eq(left, prev - 1);
        ck_assert_int_eq(day_of(when.year, when.month, when.day) - t, left);
        prev = left;
    }
    ck_assert_int_eq(zeros, 2);
}
END_TEST

/* ---- Clock. ---- */

START_TEST(implausible_clock)
{
    ck_assert(!clock_is_plausible(0));          /* a Pi without RTC, 1970 */
    ck_assert(!clock_is_plausible(1500000000)); /* 2017: a stale fake-hwclock */
    ck_assert(!clock_is_plausible(1704067199)); /* 2023-12-31T23:59:59Z */
    ck_assert(clock_is_plausible(1704067200));  /* 2024-01-01 */
    ck_assert(clock_is_plausible(1768176000));  /* 2026-01-12 */
    ck_assert(!clock_is_plausible(4102444800)); /* 2100-01-01 */
    ck_assert(!clock_is_plausible((time_t)-1));
}
END_TEST

START_TEST(fixed_clock_and_local_time)
{
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    clock_set_fixed(1768176000); /* 2026-01-12T00:00:00Z = 07:00 in Hanoi */
    ck_assert(clock_is_fixed());
    ck_assert_int_eq(clock_now(), 1768176000);
    struct clock_local l;
    ck_assert(clock_local(clock_now(), &l));
    ck_assert_int_eq(l.date.year * 10000 + l.date.month * 100 + l.date.day, 20260112);
    ck_assert_int_eq(l.hour, 7);
    ck_assert_int_eq(l.minute, 0);
    ck_assert_int_eq(l.weekday, 1);
    /* 17:00Z is already the next day in Vietnam. */
    ck_assert(clock_local(1768176000 + 17 * 3600, &l));
    ck_assert_int_eq(l.date.day, 13);
    ck_assert_int_eq(l.hour, 0);
    time_t t;
    ck_assert(clock_parse_local("2026-01-12T07:00", &t));
    ck_assert_int_eq(t, 1768176000);
    ck_assert(clock_parse_local("2026-01-12 07:00", &t));
    ck_assert(!clock_parse_local("2026-01-12T24:00", &t));
    ck_assert(!clock_parse_local("2026-02-30T07:00", &t));
    ck_assert(!clock_parse_local("2026-01-12", &t));
    clock_use_system();
    ck_assert(!clock_is_fixed());
    time_t now = time(NULL);
    ck_assert(clock_now() >= now && clock_now() - now < 5);
}
END_TEST

static Suite *calendar_suite(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("lunar");
    tcase_add_loop_test(tc, tet_matches_published_table, 0,
                        sizeof(tet_published) / sizeof(tet_published[0]));
    tcase_add_loop_test(tc, vietnam_and_china_differ, 0, sizeof(vn_cn) / sizeof(vn_cn[0]));
    tcase_add_test(tc, china_matches_vietnam_in_other_years);
    tcase_add_test(tc, before_1967_vietnam_used_utc8);
    tcase_add_loop_test(tc, leap_months, 0, sizeof(leaps) / sizeof(leaps[0]));
    tcase_add_test(tc, leap_month_2025_dates);
    tcase_add_loop_test(tc, feast_days, 0, sizeof(feasts) / sizeof(feasts[0]));
    tcase_add_test(tc, new_moon_before_midnight_in_hanoi);
    tcase_add_test(tc, every_day_1900_2100_round_trips);
    tcase_add_test(tc, years_have_12_or_13_months);
    tcase_add_loop_test(tc, sexagenary_names, 0, sizeof(year_names) / sizeof(year_names[0]));
    tcase_add_test(tc, lunar_rejects_out_of_range);
    suite_add_tcase(s, tc);

    tc = tcase_create("civil");
    tcase_add_test(tc, civil_days_and_weekdays);
    tcase_add_loop_test(tc, weekday_names_in_vietnamese, 0, 7);
    tcase_add_test(tc, date_line_format);
    tcase_add_test(tc, lunar_line_format);
    tcase_add_test(tc, parse_dates);
    suite_add_tcase(s, tc);

    tc = tcase_create("events");
    tcase_add_test(tc, events_table);
    tcase_add_loop_test(tc, countdowns_table, 0, sizeof(countdowns) / sizeof(countdowns[0]));
    tcase_add_test(tc, custom_date_specs);
    tcase_add_test(tc, tet_countdown_every_day_of_a_year);
    suite_add_tcase(s, tc);

    tc = tcase_create("clock");
    tcase_add_test(tc, implausible_clock);
    tcase_add_test(tc, fixed_clock_and_local_time);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fixture_run(calendar_suite());
}
