/* SPDX-License-Identifier: MIT */
#pragma once
/* Wall-clock time for the player, with one switch tests and `render --at`
 * use to fix "now", and the rule for when the system clock can be trusted.
 *
 * A Raspberry Pi before the Pi 5 has no RTC: until NTP answers it believes
 * it is 1970 (or the last fake-hwclock save). A countdown or a dated
 * schedule computed from that would show nonsense to the street, so the
 * player asks clock_is_plausible() first and, until it holds, shows
 * neither countdowns nor items with from/until (see docs/CALENDAR.md). */

#include <stdbool.h>
#include <time.h>

#include "calendar/calendar.h"

/* The one plausibility rule, for every layer that asks: the year is
 * 2024 .. 2099. No board ran this software before 2024, so an earlier
 * reading is a clock that has not been set; from 2100 the calendar is not
 * computed either. */
#define CLOCK_PLAUSIBLE_FIRST_YEAR 2024
#define CLOCK_PLAUSIBLE_LAST_YEAR  2099

/* Now: the fixed time if one is set, else the system clock. */
time_t clock_now(void);

/* Fixes clock_now() at t (tests, `render --at`); clock_use_system() undoes
 * it. Set it before starting threads: it is a plain process-wide value. */
void clock_set_fixed(time_t t);
void clock_use_system(void);
bool clock_is_fixed(void);

/* True when a clock reading in that year can be the real time. */
bool clock_year_plausible(int year);
/* True when t can be the real time: its UTC year is plausible
 * (2024-01-01T00:00:00Z <= t < 2100-01-01T00:00:00Z). */
bool clock_is_plausible(time_t t);

struct clock_local {
    struct cal_date date;
    int hour, minute, second;
    int weekday;    /* 1 = Monday .. 7 = Sunday */
    int utc_offset; /* seconds east of UTC (Vietnam: 25200) */
};

/* t in the board's local time zone (TZ, normally Asia/Ho_Chi_Minh), via
 * localtime_r. False if the time cannot be represented. */
bool clock_local(time_t t, struct clock_local *out);

/* The local zone's offset east of UTC at t, in seconds (0 if unknown). */
int clock_utc_offset(time_t t);

/* "YYYY-MM-DDTHH:MM" (or "YYYY-MM-DD HH:MM") as local time, for
 * `render --at`: util/strparse.h's date and time of day (00:00 .. 23:59).
 * False unless it is exactly that and a real time. */
bool clock_parse_local(const char *s, time_t *out);
