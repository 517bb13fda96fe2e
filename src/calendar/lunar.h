/* SPDX-License-Identifier: MIT */
#pragma once
/* The Vietnamese lunisolar calendar (âm lịch), computed from the astronomy.
 *
 * Rules (the published description of the Vietnamese calendar; the same as
 * the Chinese one except that days are counted in UTC+7, the meridian
 * 105°E, by the decree of 8 August 1967; before that date Vietnam used
 * Beijing's UTC+8, and so do we, so that 1900..1967 show the dates people
 * actually kept):
 *  - a month starts on the local day of a new moon;
 *  - month 11 is the month that contains the winter solstice (the sun's
 *    apparent longitude reaches 270°);
 *  - between two months 11 there are 12 or 13 months; with 13, the first
 *    month after month 11 that contains no major solar term (zhongqi, the
 *    sun's longitude crossing a multiple of 30°) is a leap month and takes
 *    the number of the month before it;
 *  - the lunar year changes at month 1 (Tết) and is named in the
 *    sexagenary cycle (Giáp Thìn, Ất Tỵ, Bính Ngọ ...).
 *
 * New moons follow Meeus, "Astronomical Algorithms" (2nd ed.), chapter 49
 * (mean phase plus the periodic and planetary terms); the sun's apparent
 * longitude follows chapter 25's low-accuracy method (about 0.01°, i.e.
 * about a quarter of an hour); ΔT uses the Espenak–Meeus polynomials. The
 * result is checked against published tables for every Tết 1960–2060.
 *
 * Valid for solar dates 1900-01-01 .. 2100-12-31 (lunar years 1899..2101).
 * Pure functions: no I/O, no global state. */

#include <stdbool.h>

#define LUNAR_MIN_YEAR 1900
#define LUNAR_MAX_YEAR 2100

struct lunar_date {
    int day;   /* 1..30 */
    int month; /* 1..12 */
    int year;  /* the lunar year, named by lunar_year_name() */
    bool leap; /* a leap month (tháng nhuận), numbered like the month before it */
};

/* Solar (Gregorian) date to lunar date. False outside the valid range or
 * for a date that does not exist. */
bool lunar_from_solar(int y, int m, int d, struct lunar_date *out);

/* Lunar date to solar date. False when that lunar month is not a leap month
 * that year (leap set), the day is past the month's end, or out of range. */
bool lunar_to_solar(const struct lunar_date *ld, int *y, int *m, int *d);

/* Tết Nguyên Đán (lunar 1/1) of a lunar year, as a solar date. False out of
 * range. */
bool lunar_tet(int year, int *m, int *d);

/* Number of days (29 or 30) of a lunar month; 0 when it does not exist. */
int lunar_month_length(int year, int month, bool leap);

/* The leap month of lunar year `year` (1..12), or 0 when it has none. */
int lunar_leap_month(int year);

/* "Giáp Thìn", "Ất Tỵ", "Bính Ngọ": the year's can chi (static string). */
const char *lunar_year_name(int year);

/* The same calendar computed at one fixed UTC offset (hours) for every
 * year, so tests can show where Vietnam (UTC+7) and China (UTC+8) part.
 * lunar_* above use Vietnam's offset of the time (+8 before 1967-08-08). */
bool lunar_tet_at(int year, double utc_offset_hours, int *m, int *d);
bool lunar_from_solar_at(int y, int m, int d, double utc_offset_hours, struct lunar_date *out);
