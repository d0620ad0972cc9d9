/* fetch_int.h - shared by fetch.c (one fetch cycle), fetch_xfer.c (one transfer) and
 * fetch_worker.c (the polling thread) only. */
#ifndef HB_FETCH_INT_H
#define HB_FETCH_INT_H

#include <stdatomic.h>
#include <stdbool.h>

#include <curl/curl.h>

#include "cache.h"
#include "fetch.h"
#include "growbuf.h"

/* One transfer's state: what arrived and what its headers said (the caller owns it;
 * body is freed with growbuf_free). */
typedef struct {
    growbuf body;            /* what arrived (growbuf.h: NUL-terminated) */
    bool too_big, oom;
    const atomic_bool *stop; /* set: abort the transfer (NULL: never) */
    /* From the headers of the last response (a redirect's headers are forgotten). */
    char etag[CACHE_FIELD_MAX];
    char last_modified[CACHE_FIELD_MAX];
    int64_t retry_after;
    bool has_date;           /* a Date header was read: */
    int64_t server_date;     /* this one (any year a Date can name) */
    char location[512];      /* the Location header, "" none (or too long) */
    size_t header_bytes;     /* of this response so far */
    bool in_headers;         /* its status line came, its blank line not yet */
    bool header_too_big;     /* over FETCH_MAX_HEADER_BYTES: the transfer was stopped */
    size_t wire;             /* request + response headers + body bytes on the wire */
} xfer;

/* Forgets the headers of a response (a redirect's), keeping the body. Can't fail. */
void fetch_xfer_reset_headers(xfer *x);

/* The URL curl takes for a configured feed reference (malloc'd, the caller frees; NULL
 * when out of memory or a relative path and no working directory): a URL as it is, a
 * path as a file:// URL. *file: whether it names a file. */
char *fetch_url_of(const char *ref, bool *file);

/* Runs the transfer of url into *x (reset by the caller). file: url is a file URL (the
 * only protocol then). cond: the cached metadata to make the request conditional, or
 * NULL. Returns the curl code; *status gets the last HTTP status (0 without one) and
 * errbuf curl's detail. */
CURLcode fetch_transfer(const fetch_config *cfg, const char *url, bool file,
                        const cache_meta *cond, xfer *x, long *status,
                        char errbuf[CURL_ERROR_SIZE]);

/* fetch_cycle() that gives up as soon as *stop turns true (stop may be NULL). */
fetch_outcome fetch_cycle_until(const fetch_config *cfg, const feed_options *fo,
                                fetch_result *res, const atomic_bool *stop);

/* libcurl initialised once for the process; false when it cannot be. */
bool fetch_curl_ready(void);

#endif
