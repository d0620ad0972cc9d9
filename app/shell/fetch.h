/* fetch.h - getting the feed over HTTP(S) or from a file URL with libcurl (shell side).
 *
 * fetch_once() is one conditional request: ETag / Last-Modified from the cache's
 * metadata, compressed transfer accepted, connect timeout 10 s, total 60 s, abort when
 * fewer than FETCH_LOW_SPEED bytes/s arrive for FETCH_LOW_TIME s, body capped at
 * FETCH_MAX_BODY while receiving (a chunked body too), response headers capped at
 * FETCH_MAX_HEADER_BYTES, at most 5 redirects (to http or https only; from an https
 * URL to https only unless allow_insecure_redirect), TLS verification always on (an
 * extra CA file may be given), User-Agent "Hallboard/VER".
 *
 * Text from outside (the server's messages, URLs, a feed's problems) reaches the
 * result's reason escaped with logsafe(): one line, no terminal controls.
 *
 * The response's Date header is offered for the board's clock only within sane bounds
 * (status_server_date_ok: not before this build, at most 20 years after it), from a
 * 304 as from a 200; a Date outside them is reported (server_date_refused) and never
 * used, not even for fetched_at.
 *
 * fetch_cycle() is what a board does each poll: fetch_once, then parse and check the
 * body with the core; only a valid feed is stored in the cache (cache.h) and handed
 * over; a 304 keeps everything as it is.
 *
 * The worker (fetch_worker_*) runs fetch_cycle on its own thread every poll interval
 * (+-20 % jitter), backs off after failures (exponential, full jitter, up to
 * FETCH_BACKOFF_MAX, or what Retry-After asks), and hands each result to a callback;
 * the render loop never waits for it.
 */
#ifndef HB_FETCH_H
#define HB_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"
#include "cache.h"
#include "feed.h"

#define FETCH_MAX_BODY (16u * 1024u * 1024u)
#define FETCH_CONNECT_TIMEOUT 10  /* s */
#define FETCH_TOTAL_TIMEOUT 60    /* s */
#define FETCH_LOW_SPEED 64        /* bytes/s ... */
#define FETCH_LOW_TIME 20         /* ... for this long aborts a stalled transfer */
#define FETCH_MAX_REDIRECTS 5
#define FETCH_BACKOFF_BASE 5      /* s: first retry delay bound after a failure */
#define FETCH_BACKOFF_MAX 600     /* s */
#define FETCH_POLL_DEFAULT 60     /* s */
#define FETCH_REASON_MAX 256
#define FETCH_MAX_HEADER_BYTES 65536 /* response headers of one response (below libcurl's
                                      * own limit, so that any header failure is over it) */

typedef enum {
    FETCH_STORED,    /* a new valid feed (stored in the cache when a cache dir is set) */
    FETCH_UNCHANGED, /* 304, or the same bytes as the cache */
    FETCH_REJECTED,  /* the body arrived but is not a valid feed: nothing replaced */
    FETCH_FAILED,    /* network or HTTP failure: nothing replaced */
} fetch_outcome;

typedef struct {
    fetch_outcome outcome;
    long http_status;            /* 0 when no HTTP response (file URL, connect failure) */
    char reason[FETCH_REASON_MAX]; /* one line: why it failed or was rejected, else ""
                                  * (FETCH_STORED: a warning when the cache could not
                                  * be written; the agenda is handed over anyway) */
    size_t bytes;                /* body bytes received (after decompression) */
    size_t wire_bytes;           /* HTTP: request + response headers + body as sent on
                                    the wire (compressed), every redirect included */
    int64_t retry_after;         /* seconds the server asked to wait (503/429), or -1 */
    int64_t server_date;         /* the response's Date header (unix s) when within the
                                  * bounds (status_server_date_ok), else -1: what the
                                  * board's clock may take (clock_server_date) */
    bool server_date_refused;    /* the response had a Date outside the bounds: */
    int64_t refused_date;        /* this one (unix s), for the log (status_date_news) */
    int64_t fetched_at;          /* when the response arrived (unix s): the board's clock
                                  * as clock_now() gives it with this response's Date,
                                  * clamped like every "now" */
    int curl_code;               /* libcurl's CURLcode of the transfer, 0 when it went
                                  * through: the cause of a network failure */
    char shown_revision[FETCH_REASON_MAX]; /* FETCH_STORED / FETCH_UNCHANGED: the feed's
                                  * revision escaped for a log line (logsafe), else "" */
    agenda *agenda;              /* FETCH_STORED: the new agenda (receiver owns), else NULL */
    cache_meta meta;             /* FETCH_STORED / FETCH_UNCHANGED: the cache metadata */
} fetch_result;

typedef struct {
    const char *url;       /* http://, https://, file:// or a plain path (read as file://) */
    const char *cache_dir; /* NULL: no cache (nothing stored, no conditional request) */
    const char *ca_file;   /* extra CA file (PEM), trusted on top of the system's CAs
                            * (CURLOPT_CAINFO = ca_file, CURLOPT_CAPATH = the system's
                            * certificate directory), or NULL: the system's CAs only */
    long poll_s;           /* worker: poll interval in s (>= 1), <= 0: FETCH_POLL_DEFAULT */
    long low_speed_time;   /* s below FETCH_LOW_SPEED that abort, <= 0: FETCH_LOW_TIME
                            * (tests lower it) */
    bool allow_insecure_redirect; /* an https URL may redirect to http (the setting of
                            * that name); false: such a redirect fails the fetch with
                            * "redirect from https to http refused" */
} fetch_config;

/* One fetch-check-store cycle. Fills *res (res->agenda owned by the caller). The
 * feed options (zones, limits) are used for parsing; fo NULL means feedsrc_options().
 * Conditional headers are sent only when the cache holds a feed from the same url.
 * Logs nothing: everything worth telling is in *res. Thread-safe with other cycles
 * on other cache dirs (call feed_init()/tzdb_init() before any thread starts).
 * Returns res->outcome. */
fetch_outcome fetch_cycle(const fetch_config *cfg, const feed_options *fo, fetch_result *res);

/* A plain GET of cfg->url (same transport rules as a fetch cycle: TLS, redirects, time
 * limits, CA file; no cache, no conditional request, nothing parsed). On success returns
 * 0 with a malloc'd NUL-terminated body (caller frees) of *len <= max bytes; else -1
 * with one line in why (HTTP status, transport error, "larger than the limit"). */
int fetch_get(const fetch_config *cfg, size_t max, char **body, size_t *len, char *why,
              size_t cap);

/* Frees what a result owns (its agenda) and resets it. */
void fetch_result_clear(fetch_result *res);

/* The worker thread. deliver is called on the worker thread with each result (the
 * callee takes ownership of res->agenda and must not block for long: typically it
 * queues the result and wakes the render loop). Failures and rejections both count
 * for the back-off; a result that completes after fetch_worker_stop() was called is
 * dropped, not delivered. The worker blocks SIGPIPE on its own thread. */
typedef struct fetch_worker fetch_worker;
typedef void (*fetch_deliver_fn)(void *ctx, fetch_result *res);

/* Starts polling now. cfg and fo (with its zone lists; NULL: feedsrc_options()) are
 * copied. Returns NULL when the thread cannot start. The caller frees the worker with
 * fetch_worker_stop(). */
fetch_worker *fetch_worker_start(const fetch_config *cfg, const feed_options *fo,
                                 fetch_deliver_fn deliver, void *ctx);

/* Asks for a poll now (e.g. an operator's request); a poke during a transfer asks for
 * one more right after it. NULL is a no-op. */
void fetch_worker_poke(fetch_worker *w);

/* Stops the thread (aborting a transfer in progress within about a second) and frees
 * it. NULL is a no-op. */
void fetch_worker_stop(fetch_worker *w);

/* The delay before the next attempt after `failures` consecutive failures (>= 1):
 * a uniform draw in [0, min(FETCH_BACKOFF_MAX, FETCH_BACKOFF_BASE * 2^(failures-1))]
 * from rnd (0..1), but never less than retry_after when that is >= 0 (capped at
 * FETCH_BACKOFF_MAX). After a success (failures == 0): poll_s scaled by 0.8..1.2
 * (rnd 0 -> 0.8, 1 -> 1.2; poll_s <= 0 means FETCH_POLL_DEFAULT; retry_after is not
 * used). rnd outside 0..1 is clamped. Pure: no clock, no randomness of its own. */
double fetch_next_delay(long poll_s, int failures, int64_t retry_after, double rnd);

#endif
