/* clock.h - the board's "now" (shell side): the system clock when it can be trusted,
 * else the Date header of the last good response carried forward on the monotonic
 * clock (status.h has the rules). Read once per loop iteration and passed down.
 *
 * A Date is taken only within the sane bounds of status_server_date_ok() (not before
 * this build, not 20 years after it), whether it came with a 200 or a 304: a 304 is an
 * answer of the same origin and its Date is as fresh as a 200's. Whatever the source,
 * the "now" returned is clamped into the same bounds (status_clamp_now), so the screen,
 * /status and the times stored with a feed agree.
 */
#ifndef HB_CLOCK_H
#define HB_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
    int64_t build_time;  /* the binary's build time: the system clock is wrong if earlier */
    bool have_server;    /* a server Date is known */
    int64_t server_date; /* that Date (unix s) ... */
    double server_mono;  /* ... and the monotonic time it arrived */
} hb_clock;

/* A clock for this binary (build time compiled in). */
void clock_init(hb_clock *c);

/* The build time of this binary (unix s): the lower bound of every "now". */
int64_t clock_build_time(void);

/* Records a response's Date header (unix s), arriving now, when it is within the
 * bounds (status_server_date_ok against c->build_time). Returns true when recorded;
 * false (the clock keeps what it had) for a date outside them. */
bool clock_server_date(hb_clock *c, int64_t date);

/* Seconds on the monotonic clock (arbitrary origin). */
double clock_mono(void);

/* True if the kernel reports the system clock as synchronised (NTP / timesyncd). */
bool clock_kernel_synced(void);

/* Now in unix seconds (with fraction). Sets *from_server when the system clock is not
 * trusted and a server Date stands in for it (from_server may be NULL). When neither
 * is trustworthy the system clock is used anyway: it is all there is. Either way the
 * result is clamped with status_clamp_now() (a board booted in 1970 with no server
 * Date yet says the build time, not 1970). */
double clock_now(const hb_clock *c, bool *from_server);

#endif
