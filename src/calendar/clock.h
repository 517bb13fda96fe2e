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

/* 2024-01-01T00:00:00Z: no board ran this software before it, so any
 * earlier reading is a clock that has not been set. */
#define CLOCK_PLAUSIBLE_MIN ((time_t)1704067200)
/* 2100-01-01T00:00:00Z: beyond it the calendar is not computed either. */
#define CLOCK_PLAUSIBLE_MAX ((time_t)4102444800)

/* Now: the fixed time if one is set, else the system clock. */
time_t clock_now(void);

/* Fixes clock_now() at t (tests, `render --at`); clock_use_system() undoes
 * it. Set it before starting threads: it is a plain process-wide value. */
void clock_set_fixed(time_t t);
void clock_use_system(void);
bool clock_is_fixed(void);

/* True when t can be the real time: CLOCK_PLAUSIBLE_MIN <= t < _MAX. */
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
 * `render --at`. False unless it is exactly that and a real time. */
bool clock_parse_local(const char *s, time_t *out);
