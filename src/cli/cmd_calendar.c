/* SPDX-License-Identifier: MIT */
/* bangtin calendar [YYYY-MM-DD] [--json]: the date line, the lunar date and
 * the days left to each event, as the board would show them. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar/calendar.h"
#include "calendar/clock.h"
#include "cli/cmd.h"
#include "util/i18n.h"
#include "json/json.h"

static void usage(FILE *out)
{
    fprintf(out,
            _("Usage: bangtin calendar [YYYY-MM-DD] [--json]\n\n"
              "Prints the Vietnamese date line, the lunar date (âm lịch, UTC+7) and the\n"
              "days left to each event the board counts down to. Without a date: today\n"
              "in local time. Dates from %d-01-01 to %d-12-31.\n\n"
              "  --json   one JSON object: line, lunar {day, month, year, leap, year_name},\n"
              "           events [{id, name, date, days_left}]\n"
              "  --help   this text\n"),
            LUNAR_MIN_YEAR, LUNAR_MAX_YEAR);
}

static void format_iso(struct cal_date d, char *buf, size_t n)
{
    snprintf(buf, n, "%04d-%02d-%02d", d.year, d.month, d.day);
}

static int print_json(struct cal_date day, const char *line, const struct lunar_date *ld)
{
    int rc = EXIT_RUNTIME;
    char *text = NULL;
    struct json_out *o = json_out_new(64 * 1024, true);
    bool ok = o && json_out_begin_object(o, NULL) && json_out_string(o, "line", line) &&
              json_out_begin_object(o, "lunar") && json_out_int(o, "day", ld->day) &&
              json_out_int(o, "month", ld->month) && json_out_int(o, "year", ld->year) &&
              json_out_bool(o, "leap", ld->leap) &&
              json_out_string(o, "year_name", lunar_year_name(ld->year)) &&
              json_out_end_object(o) && json_out_begin_array(o, "events");
    for (size_t i = 0; ok && i < cal_event_count(); i++) {
        const struct cal_event *ev = cal_event_at(i);
        struct cal_date when;
        int left;
        char iso[16];
        if (!cal_days_until(ev, day, &when, &left))
            continue;
        format_iso(when, iso, sizeof(iso));
        ok = json_out_begin_object(o, NULL) && json_out_string(o, "id", ev->id) &&
             json_out_string(o, "name", ev->name) && json_out_string(o, "date", iso) &&
             json_out_int(o, "days_left", left) && json_out_end_object(o);
    }
    ok = ok && json_out_end_array(o) && json_out_end_object(o);
    if (!ok)
        goto out;
    text = json_out_finish(o, NULL);
    o = NULL;
    if (!text)
        goto out;
    fputs(text, stdout);
    rc = EXIT_OK;
out:
    free(text);
    json_out_free(o);
    return rc;
}

static void print_plain(struct cal_date day, const char *line)
{
    char lunar_line[CAL_LINE_MAX];
    printf("%s\n", line);
    if (cal_lunar_line(day, lunar_line, sizeof(lunar_line)))
        printf("%s\n", lunar_line);
    for (size_t i = 0; i < cal_event_count(); i++) {
        const struct cal_event *ev = cal_event_at(i);
        struct cal_date when;
        int left;
        if (!cal_days_until(ev, day, &when, &left))
            continue;
        printf("%s (%02d/%02d/%04d): ", ev->name, when.day, when.month, when.year);
        if (left == 0)
            printf("hôm nay\n");
        else
            printf("còn %d ngày\n", left);
    }
}

int cmd_calendar(int argc, char **argv)
{
    bool json = false;
    const char *date_arg = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return EXIT_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = true;
        } else if (argv[i][0] == '-') {
            fprintf(stderr,
                    _("bangtin calendar: unknown option '%s'; see 'bangtin calendar --help'\n"),
                    argv[i]);
            return EXIT_USAGE;
        } else if (date_arg) {
            fprintf(stderr,
                    _("bangtin calendar: give one date only (YYYY-MM-DD), got '%s' and '%s'\n"),
                    date_arg, argv[i]);
            return EXIT_USAGE;
        } else {
            date_arg = argv[i];
        }
    }

    struct cal_date day;
    if (date_arg) {
        if (!cal_parse_date(date_arg, &day)) {
            fprintf(stderr,
                    _("bangtin calendar: '%s' is not a date; write it as YYYY-MM-DD, e.g. "
                      "2026-01-12\n"),
                    date_arg);
            return EXIT_USAGE;
        }
        if (day.year < LUNAR_MIN_YEAR || day.year > LUNAR_MAX_YEAR) {
            fprintf(stderr, "bangtin calendar: %s is outside %d..%d; give a date in those years\n",
                    date_arg, LUNAR_MIN_YEAR, LUNAR_MAX_YEAR);
            return EXIT_USAGE;
        }
    } else {
        time_t now = clock_now();
        struct clock_local local;
        if (!clock_is_plausible(now) || !clock_local(now, &local)) {
            fprintf(stderr, "bangtin calendar: the system clock is not set (it reads before "
                            "2024); set the time (NTP) or give a date YYYY-MM-DD\n");
            return EXIT_RUNTIME;
        }
        day = local.date;
    }

    char line[CAL_LINE_MAX];
    struct lunar_date ld;
    if (!cal_date_line(day, line, sizeof(line)) ||
        !lunar_from_solar(day.year, day.month, day.day, &ld)) {
        fprintf(stderr, "bangtin calendar: cannot compute the calendar for %04d-%02d-%02d\n",
                day.year, day.month, day.day);
        return EXIT_RUNTIME;
    }
    if (json)
        return print_json(day, line, &ld);
    print_plain(day, line);
    return EXIT_OK;
}
