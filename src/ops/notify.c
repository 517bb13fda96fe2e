/* SPDX-License-Identifier: MIT */
#include "ops/notify.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "util/strparse.h"

bool notify_enabled(void)
{
    const char *s = getenv("NOTIFY_SOCKET");
    return s && *s;
}

bool notify_send(const char *message)
{
    const char *name = getenv("NOTIFY_SOCKET");
    if (!name || !*name)
        return true;
    struct sockaddr_un sa = {.sun_family = AF_UNIX};
    size_t n = strlen(name);
    if ((name[0] != '/' && name[0] != '@') || n >= sizeof(sa.sun_path)) {
        errno = EINVAL;
        return false;
    }
    memcpy(sa.sun_path, name, n);
    if (name[0] == '@')
        sa.sun_path[0] = '\0'; /* abstract namespace: the length counts, no terminator */
    socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + (name[0] == '/'));

    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    ssize_t w;
    do
        w = sendto(fd, message, strlen(message), MSG_DONTWAIT | MSG_NOSIGNAL,
                   (struct sockaddr *)&sa, salen);
    while (w < 0 && errno == EINTR);
    int saved = errno;
    close(fd);
    errno = saved;
    return w == (ssize_t)strlen(message);
}

bool notify_ready(void)
{
    return notify_send("READY=1");
}

bool notify_watchdog(void)
{
    return notify_send("WATCHDOG=1");
}

bool notify_stopping(void)
{
    return notify_send("STOPPING=1");
}

bool notify_status(const char *fmt, ...)
{
    char msg[256 + 8] = "STATUS=";
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg + 7, sizeof(msg) - 7, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return notify_send(msg);
}

uint64_t notify_watchdog_interval(void)
{
    const char *pid = getenv("WATCHDOG_PID");
    int64_t p;
    if (pid && *pid && (!strp_parse_int(pid, 1, INT64_MAX, &p) || p != (int64_t)getpid()))
        return 0;
    int64_t us;
    if (!strp_parse_int(getenv("WATCHDOG_USEC"), 1, INT64_MAX, &us))
        return 0;
    return (uint64_t)us / 2;
}

bool notify_watchdog_if_due(struct notify_pacer *pacer, uint64_t now_usec)
{
    uint64_t every = notify_watchdog_interval();
    if (every == 0 || !notify_enabled())
        return false;
    if (pacer->sent && now_usec - pacer->last < every)
        return false;
    /* Failure is not retried at once: the next frame after the interval tries again. */
    pacer->sent = true;
    pacer->last = now_usec;
    return notify_watchdog();
}
