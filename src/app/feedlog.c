/* SPDX-License-Identifier: MIT */
#include "app/feedlog.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar/clock.h"
#include "util/i18n.h"

struct feedlog {
    char said[FEEDLOG_REASON_CAP]; /* the failure last reported; "" after a success */
};

struct feedlog *feedlog_new(void)
{
    return calloc(1, sizeof(struct feedlog));
}

void feedlog_free(struct feedlog *fl)
{
    free(fl);
}

void feedlog_reset(struct feedlog *fl)
{
    if (fl)
        fl->said[0] = '\0';
}

bool feedlog_news(struct feedlog *fl, const char *reason, int64_t next_attempt, char *buf, size_t n)
{
    if (!reason || !*reason) {
        fl->said[0] = '\0';
        return false;
    }
    if (strncmp(reason, fl->said, sizeof(fl->said) - 1) == 0)
        return false;
    snprintf(fl->said, sizeof(fl->said), "%s", reason);
    char when[40] = "?";
    struct clock_local lt;
    if (next_attempt > 0 && clock_local((time_t)next_attempt, &lt))
        snprintf(when, sizeof(when), "%04d-%02d-%02d %02d:%02d:%02d", lt.date.year, lt.date.month,
                 lt.date.day, lt.hour, lt.minute, lt.second);
    snprintf(buf, n, _("feed: %s; the board keeps what it shows; next try at %s"), reason, when);
    return true;
}
