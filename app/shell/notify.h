/* notify.h - the systemd notification protocol, spoken directly (shell side).
 *
 * A unit with Type=notify waits for "READY=1"; with WatchdogSec= it restarts the
 * service unless "WATCHDOG=1" arrives at least every WATCHDOG_USEC microseconds. The
 * protocol is one datagram to the AF_UNIX socket named by $NOTIFY_SOCKET (a leading
 * '@' means the abstract namespace). Without $NOTIFY_SOCKET (not under systemd)
 * every call does nothing.
 */
#ifndef HB_NOTIFY_H
#define HB_NOTIFY_H

#include <stdbool.h>

/* Reads $NOTIFY_SOCKET and $WATCHDOG_USEC / $WATCHDOG_PID once (call before threads
 * start). */
void notify_init(void);

/* Sends one state string ("READY=1", "WATCHDOG=1", "STATUS=waiting for a display").
 * Returns true when it was sent, false when not under systemd or on failure. */
bool notify_send(const char *state);

/* Seconds between watchdog pings: half of the watchdog period, or 0 when no watchdog
 * is asked for (or it is meant for another process). */
double notify_watchdog_interval(void);

#endif
