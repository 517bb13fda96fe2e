/* SPDX-License-Identifier: MIT */
/* The Vietnamese lunar calendar from new moons and the sun's longitude.
 * See lunar.h for the rules; formulas are cited by Meeus chapter. */

#include "calendar/lunar.h"

#include <math.h>
#include <stddef.h>

#define VN_UTC_OFFSET 7.0
#define SYNODIC_MONTH 29.530588861
#define DEG           (M_PI / 180.0)

/* Solar years whose winter solstice we may need: lunar years 1899..2101. */
#define CYCLE_MIN (LUNAR_MIN_YEAR - 1)
#define CYCLE_MAX (LUNAR_MAX_YEAR + 2)

/* ---- Julian day numbers (Meeus ch. 7, integer form for civil days). ---- */

static long jdn_from_civil(int y, int m, int d)
{
    long a = (14 - m) / 12;
    long yy = y + 4800L - a;
    long mm = m + 12 * a - 3;
    return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

static void civil_from_jdn(long j, int *y, int *m, int *d)
{
    long a = j + 32044;
    long b = (4 * a + 3) / 146097;
    long c = a - 146097 * b / 4;
    long dd = (4 * c + 3) / 1461;
    long e = c - 1461 * dd / 4;
    long mm = (5 * e + 2) / 153;
    *d = (int)(e - (153 * mm + 2) / 5 + 1);
    *m = (int)(mm + 3 - 12 * (mm / 10));
    *y = (int)(100 * b + dd - 4800 + mm / 10);
}

static bool civil_valid(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1)
        return false;
    int n = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        n = 29;
    return d <= n;
}

/* ---- Time scales. ---- */

/* ΔT = TT − UT in seconds, Espenak & Meeus (NASA, 2006) polynomials for
 * 1860..2150; a few seconds of error moves a new moon by as much. */
static double delta_t_seconds(double year)
{
    double t;
    if (year < 1900) {
        t = year - 1860;
        return 7.62 + 0.5737 * t - 0.251754 * t * t + 0.01680668 * t * t * t -
               0.0004473624 * pow(t, 4) + pow(t, 5) / 233174;
    }
    if (year < 1920) {
        t = year - 1900;
        return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
               0.000197 * pow(t, 4);
    }
    if (year < 1941) {
        t = year - 1920;
        return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
    }
    if (year < 1961) {
        t = year - 1950;
        return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
    }
    if (year < 1986) {
        t = year - 1975;
        return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
    }
    if (year < 2005) {
        t = year - 2000;
        return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
               0.000651814 * pow(t, 4) + 0.00002373599 * pow(t, 5);
    }
    if (year < 2050) {
        t = year - 2000;
        return 62.92 + 0.32217 * t + 0.005589 * t * t;
    }
    double u = (year - 1820) / 100;
    return -20 + 32 * u * u - 0.5628 * (2150 - year);
}

static double delta_t_days(double jd)
{
    double year = 2000.0 + (jd - 2451545.0) / 365.25;
    return delta_t_seconds(year) / 86400.0;
}

/* ---- New moons (Meeus ch. 49). ---- */

/* Instant (JD, UT) of new moon number k; k = 0 is the one of 2000-01-06. */
static double new_moon_jd(int k)
{
    double kk = k;
    double T = kk / 1236.85;
    double T2 = T * T, T3 = T2 * T, T4 = T3 * T;
    double jde = 2451550.09766 + SYNODIC_MONTH * kk + 0.00015437 * T2 - 0.000000150 * T3 +
                 0.00000000073 * T4;
    double E = 1 - 0.002516 * T - 0.0000074 * T2;
    double M = (2.5534 + 29.10535670 * kk - 0.0000014 * T2 - 0.00000011 * T3) * DEG;
    double Mp =
        (201.5643 + 385.81693528 * kk + 0.0107582 * T2 + 0.00001238 * T3 - 0.000000058 * T4) * DEG;
    double F =
        (160.7108 + 390.67050284 * kk - 0.0016118 * T2 - 0.00000227 * T3 + 0.000000011 * T4) * DEG;
    double Om = (124.7746 - 1.56375588 * kk + 0.0020672 * T2 + 0.00000215 * T3) * DEG;

    double c = -0.40720 * sin(Mp) + 0.17241 * E * sin(M) + 0.01608 * sin(2 * Mp) +
               0.01039 * sin(2 * F) + 0.00739 * E * sin(Mp - M) - 0.00514 * E * sin(Mp + M) +
               0.00208 * E * E * sin(2 * M) - 0.00111 * sin(Mp - 2 * F) -
               0.00057 * sin(Mp + 2 * F) + 0.00056 * E * sin(2 * Mp + M) - 0.00042 * sin(3 * Mp) +
               0.00042 * E * sin(M + 2 * F) + 0.00038 * E * sin(M - 2 * F) -
               0.00024 * E * sin(2 * Mp - M) - 0.00017 * sin(Om) - 0.00007 * sin(Mp + 2 * M) +
               0.00004 * sin(2 * Mp - 2 * F) + 0.00004 * sin(3 * M) +
               0.00003 * sin(Mp + M - 2 * F) + 0.00003 * sin(2 * Mp + 2 * F) -
               0.00003 * sin(Mp + M + 2 * F) + 0.00003 * sin(Mp - M + 2 * F) -
               0.00002 * sin(Mp - M - 2 * F) - 0.00002 * sin(3 * Mp + M) + 0.00002 * sin(4 * Mp);

    /* Planetary arguments A1..A14 and their coefficients. */
    static const double a0[14] = {299.77, 251.88, 251.83, 349.42, 84.66,  141.74, 207.14,
                                  154.84, 34.52,  207.19, 291.34, 161.72, 239.56, 331.55};
    static const double a1[14] = {0.107408,  0.016321,  26.651886, 36.412478, 18.206239,
                                  53.303771, 2.453732,  7.306860,  27.261239, 0.121824,
                                  1.844379,  24.198154, 25.513099, 3.592518};
    static const double coef[14] = {0.000325, 0.000165, 0.000164, 0.000126, 0.000110,
                                    0.000062, 0.000060, 0.000056, 0.000047, 0.000042,
                                    0.000040, 0.000037, 0.000035, 0.000023};
    double w = 0;
    for (int i = 0; i < 14; i++) {
        double A = a0[i] + a1[i] * kk;
        if (i == 0)
            A -= 0.009173 * T2;
        w += coef[i] * sin(A * DEG);
    }
    jde += c + w;
    return jde - delta_t_days(jde);
}

/* Local day number (JDN of the civil day at utc_offset) of a JD instant. */
static long local_day(double jd_ut, double utc_offset)
{
    return (long)floor(jd_ut + 0.5 + utc_offset / 24.0);
}

static long new_moon_day(int k, double tz)
{
    return local_day(new_moon_jd(k), tz);
}

/* k of the new moon that starts the month holding local day `day`. */
static int month_k(long day, double tz)
{
    int k = (int)floor((day - 2451550.1) / SYNODIC_MONTH);
    while (new_moon_day(k, tz) > day)
        k--;
    while (new_moon_day(k + 1, tz) <= day)
        k++;
    return k;
}

/* ---- The sun (Meeus ch. 25, low accuracy). ---- */

/* Apparent geocentric longitude of the sun in degrees [0, 360) at JD (UT). */
static double sun_longitude(double jd_ut)
{
    double T = (jd_ut + delta_t_days(jd_ut) - 2451545.0) / 36525.0;
    double L0 = 280.46646 + 36000.76983 * T + 0.0003032 * T * T;
    double M = (357.52911 + 35999.05029 * T - 0.0001537 * T * T) * DEG;
    double C = (1.914602 - 0.004817 * T - 0.000014 * T * T) * sin(M) +
               (0.019993 - 0.000101 * T) * sin(2 * M) + 0.000289 * sin(3 * M);
    double omega = (125.04 - 1934.136 * T) * DEG;
    double lambda = L0 + C - 0.00569 - 0.00478 * sin(omega);
    lambda = fmod(lambda, 360.0);
    return lambda < 0 ? lambda + 360.0 : lambda;
}

/* Instant (JD, UT) when the sun's longitude reaches `target` degrees, near
 * the guess. Newton steps with the mean motion; converges in a few. */
static double sun_reaches(double target, double guess)
{
    double jd = guess;
    for (int i = 0; i < 8; i++) {
        double diff = fmod(target - sun_longitude(jd) + 540.0, 360.0) - 180.0;
        jd += diff * 365.2422 / 360.0;
        if (fabs(diff) < 1e-7)
            break;
    }
    return jd;
}

/* Which 30° sector the sun is in at the start (local midnight) of `day`;
 * a month holds a major term iff the sector changes across it. */
static int sun_sector_at_day_start(long day, double tz)
{
    return (int)floor(sun_longitude(day - 0.5 - tz / 24.0) / 30.0);
}

/* ---- Months between two winter solstices. ---- */

struct cycle {
    int k0;       /* new moon that starts month 11 of solar year y - 1 */
    int n;        /* 12 or 13 months until month 11 of year y */
    int leap;     /* index (1..12) of the leap month, 0 when none */
    int cycle_of; /* y: months 11, 12 belong to lunar year y-1, the rest to y */
};

/* k of the new moon starting month 11 of solar year y (the month holding
 * the December solstice). */
static int month11_k(int y, double tz)
{
    double guess = (double)jdn_from_civil(y, 12, 21);
    long solstice_day = local_day(sun_reaches(270.0, guess), tz);
    return month_k(solstice_day, tz);
}

static bool cycle_compute(int y, double tz, struct cycle *c)
{
    if (y < CYCLE_MIN || y > CYCLE_MAX)
        return false;
    c->cycle_of = y;
    c->k0 = month11_k(y - 1, tz);
    c->n = month11_k(y, tz) - c->k0;
    c->leap = 0;
    if (c->n == 13) {
        int prev = sun_sector_at_day_start(new_moon_day(c->k0 + 1, tz), tz);
        for (int i = 1; i <= 12; i++) {
            int next = sun_sector_at_day_start(new_moon_day(c->k0 + i + 1, tz), tz);
            if (next == prev) {
                c->leap = i;
                break;
            }
            prev = next;
        }
    }
    return c->n == 12 || (c->n == 13 && c->leap > 0);
}

/* Number, leap flag and lunar year of month index i (0 = month 11). */
static void cycle_month(const struct cycle *c, int i, int *month, bool *leap, int *year)
{
    int j = (c->leap && i >= c->leap) ? i - 1 : i;
    *month = (j + 10) % 12 + 1;
    *leap = c->leap && i == c->leap;
    *year = *month >= 11 ? c->cycle_of - 1 : c->cycle_of;
}

/* Index in the cycle of (month, leap), or -1. */
static int cycle_index(const struct cycle *c, int month, bool leap)
{
    for (int i = 0; i < c->n; i++) {
        int mm, yy;
        bool ll;
        cycle_month(c, i, &mm, &ll, &yy);
        if (mm == month && ll == leap)
            return i;
    }
    return -1;
}

/* ---- Public API. ---- */

/* Vietnam counted days in UTC+8 (Beijing's calendar) until the decree of
 * 8 August 1967 moved it to UTC+7; the two agree from 1967-08-06 to
 * 1967-11-30, so the switch falls cleanly between months. */
#define VN_SWITCH_Y       1967
#define VN_SWITCH_M       8
#define VN_SWITCH_D       8
#define VN_OLD_UTC_OFFSET 8.0

static long vn_switch_day(void)
{
    return jdn_from_civil(VN_SWITCH_Y, VN_SWITCH_M, VN_SWITCH_D);
}

static bool from_solar(int y, int m, int d, double tz, struct lunar_date *out)
{
    if (y < LUNAR_MIN_YEAR || y > LUNAR_MAX_YEAR || !civil_valid(y, m, d))
        return false;
    long day = jdn_from_civil(y, m, d);
    if (tz <= -100)
        tz = day < vn_switch_day() ? VN_OLD_UTC_OFFSET : VN_UTC_OFFSET;
    struct cycle c;
    if (!cycle_compute(y, tz, &c))
        return false;
    if (day >= new_moon_day(c.k0 + c.n, tz) && !cycle_compute(y + 1, tz, &c))
        return false;
    int i = month_k(day, tz) - c.k0;
    if (i < 0 || i >= c.n)
        return false;
    cycle_month(&c, i, &out->month, &out->leap, &out->year);
    out->day = (int)(day - new_moon_day(c.k0 + i, tz)) + 1;
    return true;
}

bool lunar_from_solar_at(int y, int m, int d, double tz, struct lunar_date *out)
{
    return tz > -24 && tz < 24 && from_solar(y, m, d, tz, out);
}

bool lunar_from_solar(int y, int m, int d, struct lunar_date *out)
{
    return from_solar(y, m, d, -1000, out);
}

static bool lunar_in_range(int year)
{
    return year >= LUNAR_MIN_YEAR - 1 && year <= LUNAR_MAX_YEAR + 1;
}

/* First day and length of a lunar month, as local day numbers. */
static bool month_span(int year, int month, bool leap, double tz, long *start, int *len)
{
    if (!lunar_in_range(year) || month < 1 || month > 12)
        return false;
    struct cycle c;
    if (!cycle_compute(month >= 11 ? year + 1 : year, tz, &c))
        return false;
    int i = cycle_index(&c, month, leap);
    if (i < 0)
        return false;
    *start = new_moon_day(c.k0 + i, tz);
    *len = (int)(new_moon_day(c.k0 + i + 1, tz) - *start);
    return true;
}

/* month_span with Vietnam's offset of the time: +7 for months that start on
 * or after the switch, +8 for those before. */
static bool vn_month_span(int year, int month, bool leap, long *start, int *len)
{
    if (month_span(year, month, leap, VN_UTC_OFFSET, start, len) && *start >= vn_switch_day())
        return true;
    if (year > VN_SWITCH_Y)
        return false;
    return month_span(year, month, leap, VN_OLD_UTC_OFFSET, start, len) && *start < vn_switch_day();
}

bool lunar_to_solar(const struct lunar_date *ld, int *y, int *m, int *d)
{
    long start;
    int len;
    if (!vn_month_span(ld->year, ld->month, ld->leap, &start, &len))
        return false;
    if (ld->day < 1 || ld->day > len)
        return false;
    civil_from_jdn(start + ld->day - 1, y, m, d);
    return true;
}

bool lunar_tet_at(int year, double tz, int *m, int *d)
{
    long start;
    int len, y;
    if (!(tz > -24 && tz < 24) || !month_span(year, 1, false, tz, &start, &len))
        return false;
    civil_from_jdn(start, &y, m, d);
    return y == year;
}

bool lunar_tet(int year, int *m, int *d)
{
    long start;
    int len, y;
    if (!vn_month_span(year, 1, false, &start, &len))
        return false;
    civil_from_jdn(start, &y, m, d);
    return y == year;
}

int lunar_month_length(int year, int month, bool leap)
{
    long start;
    int len;
    return vn_month_span(year, month, leap, &start, &len) ? len : 0;
}

int lunar_leap_month(int year)
{
    long start;
    int len;
    for (int m = 1; m <= 12; m++)
        if (vn_month_span(year, m, true, &start, &len))
            return m;
    return 0;
}

const char *lunar_year_name(int year)
{
    /* Index 0 is Giáp Tý (1984, 1924, ...): can = (y+6) mod 10, chi = (y+8) mod 12. */
    static const char *const names[60] = {
        "Giáp Tý",   "Ất Sửu",    "Bính Dần",  "Đinh Mão",  "Mậu Thìn",  "Kỷ Tỵ",     "Canh Ngọ",
        "Tân Mùi",   "Nhâm Thân", "Quý Dậu",   "Giáp Tuất", "Ất Hợi",    "Bính Tý",   "Đinh Sửu",
        "Mậu Dần",   "Kỷ Mão",    "Canh Thìn", "Tân Tỵ",    "Nhâm Ngọ",  "Quý Mùi",   "Giáp Thân",
        "Ất Dậu",    "Bính Tuất", "Đinh Hợi",  "Mậu Tý",    "Kỷ Sửu",    "Canh Dần",  "Tân Mão",
        "Nhâm Thìn", "Quý Tỵ",    "Giáp Ngọ",  "Ất Mùi",    "Bính Thân", "Đinh Dậu",  "Mậu Tuất",
        "Kỷ Hợi",    "Canh Tý",   "Tân Sửu",   "Nhâm Dần",  "Quý Mão",   "Giáp Thìn", "Ất Tỵ",
        "Bính Ngọ",  "Đinh Mùi",  "Mậu Thân",  "Kỷ Dậu",    "Canh Tuất", "Tân Hợi",   "Nhâm Tý",
        "Quý Sửu",   "Giáp Dần",  "Ất Mão",    "Bính Thìn", "Đinh Tỵ",   "Mậu Ngọ",   "Kỷ Mùi",
        "Canh Thân", "Tân Dậu",   "Nhâm Tuất", "Quý Hợi",
    };
    int i = ((year - 4) % 60 + 60) % 60;
    return names[i];
}
