/* fetch_worker.c - the fetch worker (fetch.h): the polling thread and its timing.
 *
 * Layout: the delay between polls (fetch_next_delay, pure policy); the worker's random
 * jitter; the thread that runs a fetch cycle on a schedule and hands each result to
 * the receiver, sleeping on a condition variable timed on CLOCK_MONOTONIC so that a
 * change of the wall clock never shortens or stretches a poll interval; starting,
 * poking and stopping it. One fetch cycle is fetch.c's.
 */
#include "fetch.h"
#include "fetch_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "feedsrc.h"

/* ---- Delays ---------------------------------------------------------------- */

double fetch_next_delay(long poll_s, int failures, int64_t retry_after, double rnd)
{
    if (!(rnd >= 0.0)) /* also NaN */
        rnd = 0.0;
    if (rnd > 1.0)
        rnd = 1.0;
    if (failures <= 0) {
        double poll = poll_s > 0 ? (double)poll_s : (double)FETCH_POLL_DEFAULT;
        return poll * (4.0 + 2.0 * rnd) / 5.0; /* 0.8..1.2, exact at both ends */
    }
    double bound = FETCH_BACKOFF_BASE;
    for (int i = 1; i < failures && bound < FETCH_BACKOFF_MAX; i++)
        bound *= 2;
    if (bound > FETCH_BACKOFF_MAX)
        bound = FETCH_BACKOFF_MAX;
    double d = rnd * bound;
    if (retry_after >= 0) {
        double ra = retry_after > FETCH_BACKOFF_MAX ? FETCH_BACKOFF_MAX : (double)retry_after;
        if (d < ra)
            d = ra;
    }
    return d;
}

/* ---- The worker ------------------------------------------------------------ */

struct fetch_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop, poke;        /* under mu */
    atomic_bool abort;      /* read by the transfer's progress callback */
    fetch_config cfg;       /* strings owned below */
    char *url, *cache_dir, *ca_file;
    feed_options fo;        /* zone lists owned below */
    char **zones, **zone_labels; /* n_zones entries each (labels may be NULL) */
    size_t n_zones;
    fetch_deliver_fn deliver;
    void *ctx;
    uint64_t rng;           /* splitmix64 state */
};

static uint64_t rng_seed(void)
{
    uint64_t s = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (read(fd, &s, sizeof(s)) != (ssize_t)sizeof(s))
            s = 0;
        close(fd);
    }
    if (s == 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s = ((uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec) ^
            ((uint64_t)getpid() << 32);
    }
    return s;
}

/* A uniform draw in [0, 1) (splitmix64). */
static double rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    z ^= z >> 31;
    return (double)(z >> 11) * (1.0 / 9007199254740992.0);
}

static void deadline_after(struct timespec *ts, double s)
{
    clock_gettime(CLOCK_MONOTONIC, ts);
    if (s < 0)
        s = 0;
    time_t whole = (time_t)s;
    long ns = (long)((s - (double)whole) * 1e9);
    ts->tv_sec += whole;
    ts->tv_nsec += ns;
    if (ts->tv_nsec >= 1000000000L) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000L;
    }
}

static void *worker_main(void *arg)
{
    fetch_worker *w = arg;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    int failures = 0;
    pthread_mutex_lock(&w->mu);
    while (!w->stop) {
        w->poke = false;
        pthread_mutex_unlock(&w->mu);

        fetch_result res;
        fetch_cycle_until(&w->cfg, &w->fo, &res, &w->abort);
        if (res.outcome == FETCH_STORED || res.outcome == FETCH_UNCHANGED)
            failures = 0;
        else if (failures < 1000)
            failures++;
        double delay = fetch_next_delay(w->cfg.poll_s, failures,
                                        failures ? res.retry_after : -1, rng_next(&w->rng));
        if (atomic_load(&w->abort))
            fetch_result_clear(&res);
        else
            w->deliver(w->ctx, &res); /* the callee owns res.agenda now */

        pthread_mutex_lock(&w->mu);
        struct timespec until;
        deadline_after(&until, delay);
        while (!w->stop && !w->poke)
            if (pthread_cond_timedwait(&w->cv, &w->mu, &until) == ETIMEDOUT)
                break;
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

static char *dup_or_null(const char *s, bool *ok)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *ok = false;
    return d;
}

static void worker_free(fetch_worker *w)
{
    free(w->url);
    free(w->cache_dir);
    free(w->ca_file);
    for (size_t i = 0; i < w->n_zones; i++) {
        free(w->zones[i]);
        free(w->zone_labels[i]);
    }
    free(w->zones);
    free(w->zone_labels);
    free(w);
}

/* Deep-copies the zone lists of fo into w (w->fo already holds the other fields). */
static bool copy_zones(fetch_worker *w, const feed_options *fo)
{
    w->fo.zones = NULL;
    w->fo.zone_labels = NULL;
    if (!fo->zones)
        return true;
    size_t n = 0;
    while (fo->zones[n])
        n++;
    w->zones = calloc(n + 1, sizeof(char *));
    w->zone_labels = calloc(n + 1, sizeof(char *));
    if (!w->zones || !w->zone_labels)
        return false;
    w->n_zones = n;
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        w->zones[i] = dup_or_null(fo->zones[i], &ok);
        if (fo->zone_labels)
            w->zone_labels[i] = dup_or_null(fo->zone_labels[i], &ok);
    }
    if (!ok)
        return false;
    w->fo.zones = (const char *const *)w->zones;
    w->fo.zone_labels = fo->zone_labels ? (const char *const *)w->zone_labels : NULL;
    return true;
}

fetch_worker *fetch_worker_start(const fetch_config *cfg, const feed_options *fo,
                                 fetch_deliver_fn deliver, void *ctx)
{
    if (!cfg || !deliver || !fetch_curl_ready())
        return NULL;
    fetch_worker *w = calloc(1, sizeof(*w));
    if (!w)
        return NULL;
    bool ok = true;
    w->url = dup_or_null(cfg->url, &ok);
    w->cache_dir = dup_or_null(cfg->cache_dir, &ok);
    w->ca_file = dup_or_null(cfg->ca_file, &ok);
    w->cfg = *cfg;
    w->cfg.url = w->url;
    w->cfg.cache_dir = w->cache_dir;
    w->cfg.ca_file = w->ca_file;
    w->fo = fo ? *fo : feedsrc_options();
    if (!ok || !copy_zones(w, fo ? fo : &w->fo))
        goto out_free;
    w->deliver = deliver;
    w->ctx = ctx;
    w->rng = rng_seed();
    atomic_init(&w->abort, false);

    pthread_condattr_t ca;
    if (pthread_condattr_init(&ca) != 0)
        goto out_free;
    int rc = pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    if (rc == 0)
        rc = pthread_cond_init(&w->cv, &ca);
    pthread_condattr_destroy(&ca);
    if (rc != 0)
        goto out_free;
    if (pthread_mutex_init(&w->mu, NULL) != 0)
        goto out_cond;
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0)
        goto out_mutex;
    return w;

out_mutex:
    pthread_mutex_destroy(&w->mu);
out_cond:
    pthread_cond_destroy(&w->cv);
out_free:
    worker_free(w);
    return NULL;
}

void fetch_worker_poke(fetch_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->poke = true;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
}

void fetch_worker_stop(fetch_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stop = true;
    atomic_store(&w->abort, true);
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->cv);
    worker_free(w);
}
