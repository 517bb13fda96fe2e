/* SPDX-License-Identifier: MIT */
#pragma once
/* The systemd service notification protocol (sd_notify(3)), spoken
 * directly: one datagram per message to the unix socket named by
 * $NOTIFY_SOCKET (a path, or "@name" for the abstract namespace). Without
 * that variable, i.e. not started by systemd with Type=notify, every call
 * is a no-op that succeeds. Sends never block (MSG_DONTWAIT), so the frame
 * loop may call them.
 *
 * The player sends notify_ready() once the first frame is on screen and
 * notify_watchdog() only while frames are really produced, at most every
 * notify_watchdog_interval() microseconds: a frozen renderer stops the
 * pings and systemd restarts the service (WatchdogSec= in the unit). */

#include <stdbool.h>
#include <stdint.h>

/* Whether $NOTIFY_SOCKET is set (we run under systemd's notify protocol). */
bool notify_enabled(void);

/* Sends one message such as "READY=1" or "STATUS=playing nq57". True when
 * sent or when not under systemd; false (errno set) when sending failed. */
bool notify_send(const char *message);

bool notify_ready(void);    /* READY=1 */
bool notify_watchdog(void); /* WATCHDOG=1 */
bool notify_stopping(void); /* STOPPING=1, before a clean exit */
/* STATUS=..., shown by systemctl status; printf-style, capped at 256 bytes,
 * newlines replaced by spaces. */
bool notify_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* How often to send WATCHDOG=1, in microseconds: half of $WATCHDOG_USEC
 * (as sd_watchdog_enabled(3) advises), or 0 when systemd set no watchdog for
 * this process ($WATCHDOG_PID names another process, or the variable is
 * absent or not a positive number). */
uint64_t notify_watchdog_interval(void);

/* For the frame loop: call after each frame presented, with a monotonic
 * clock in microseconds. Sends WATCHDOG=1 when notify_watchdog_interval()
 * has passed since the last one (or on the first call); does nothing
 * without a watchdog. Returns true when it sent a ping. The caller owns
 * the pacing state (zeroed at first). */
struct notify_pacer {
    bool sent;     /* a ping went out */
    uint64_t last; /* when, in microseconds */
};
bool notify_watchdog_if_due(struct notify_pacer *pacer, uint64_t now_usec);
