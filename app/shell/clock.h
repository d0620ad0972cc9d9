/* clock.h - the board's "now" (shell side): the system clock when it can be trusted,
 * else the Date header of the last good response carried forward on the monotonic
 * clock (status.h has the rules). Read once per loop iteration and passed down.
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

/* Records a response's Date header (unix s; < 0 ignored), arriving now. */
void clock_server_date(hb_clock *c, int64_t date);

/* Seconds on the monotonic clock (arbitrary origin). */
double clock_mono(void);

/* True if the kernel reports the system clock as synchronised (NTP / timesyncd). */
bool clock_kernel_synced(void);

/* Now in unix seconds (with fraction). Sets *from_server when the system clock is not
 * trusted and a server Date stands in for it (from_server may be NULL). When neither
 * is trustworthy the system clock is returned anyway: it is all there is. */
double clock_now(const hb_clock *c, bool *from_server);

#endif
