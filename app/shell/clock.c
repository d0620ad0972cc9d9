/* clock.c - the board's "now" (clock.h). */
#define _GNU_SOURCE /* adjtimex */
#include "clock.h"

#include <sys/timex.h>
#include <time.h>

#include "status.h"

#ifndef HB_BUILD_TIME
#define HB_BUILD_TIME 0
#endif

int64_t clock_build_time(void)
{
    return (int64_t)HB_BUILD_TIME;
}

void clock_init(hb_clock *c)
{
    c->build_time = clock_build_time();
    c->have_server = false;
    c->server_date = 0;
    c->server_mono = 0;
}

double clock_mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

bool clock_server_date(hb_clock *c, int64_t date)
{
    if (!status_server_date_ok(date, c->build_time))
        return false;
    c->have_server = true;
    c->server_date = date;
    c->server_mono = clock_mono();
    return true;
}

bool clock_kernel_synced(void)
{
    struct timex tx = {0};
    int state = adjtimex(&tx);
    return state != TIME_ERROR && state >= 0 && !(tx.status & STA_UNSYNC);
}

double clock_now(const hb_clock *c, bool *from_server)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    double sys = (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    bool use_server = c->have_server &&
                      !status_clock_trusted((int64_t)ts.tv_sec, clock_kernel_synced(),
                                            c->build_time);
    if (from_server)
        *from_server = use_server;
    double now = sys;
    if (use_server) {
        double mono = clock_mono();
        now = (double)status_server_now(c->server_date, c->server_mono, mono) +
              (mono - c->server_mono - (double)(int64_t)(mono - c->server_mono));
    }
    int64_t whole = (int64_t)now;
    int64_t kept = status_clamp_now(whole, c->build_time);
    return kept == whole ? now : (double)kept;
}
