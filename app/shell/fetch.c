/* fetch.c - one fetch cycle: the feed over HTTP(S) or file URLs with libcurl.
 *
 * Layout: the cycle (cache metadata in, one transfer, the core's check, the cache
 * out). The transfer itself (curl options, the body, header and progress callbacks)
 * is fetch_xfer.c's; the polling thread and the delay between polls fetch_worker.c's.
 *
 * A plain path is turned into a file:// URL so that files and URLs go through the
 * same code and give the same results (http_status 0, the same size limit and
 * reasons). A redirect may only lead to http or https, never to file://, and from
 * https only to https unless the configuration allows the downgrade.
 *
 * The server's Date is judged here (status.h's bounds) so that every receiver of a
 * result gets only a usable date, and fetched_at is computed by the board's own clock
 * rules (clock.h) so that it agrees with what the screen says.
 */
#include "fetch.h"
#include "fetch_int.h"

#include "civil.h"
#include "clock.h"
#include "growbuf.h"
#include "logsafe.h"
#include "status.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "feedsrc.h"

/* ---- curl_global_init, once ------------------------------------------------ */

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_FAILED_INIT;

static void curl_init_once(void)
{
    curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

bool fetch_curl_ready(void)
{
    pthread_once(&curl_once, curl_init_once);
    return curl_init_rc == CURLE_OK;
}

static void set_reason(fetch_result *res, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The reason, escaped whole (logsafe.h): its parts from outside (curl's detail of a
 * server's answer, URLs, a feed's problems) cannot break the line or drive a terminal. */
static void set_reason(fetch_result *res, const char *fmt, ...)
{
    char raw[4 * FETCH_REASON_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(raw, sizeof(raw), fmt, ap);
    va_end(ap);
    logsafe(raw, res->reason, sizeof(res->reason));
}

/* ---- The cycle ------------------------------------------------------------- */

static void result_reset(fetch_result *res)
{
    memset(res, 0, sizeof(*res));
    res->retry_after = -1;
    res->server_date = -1;
    res->refused_date = -1;
}

void fetch_result_clear(fetch_result *res)
{
    if (!res)
        return;
    agenda_free(res->agenda);
    result_reset(res);
}

/* Copies s into dst when it fits, else leaves dst empty (cache.h: not cached). */
static void copy_field(char *dst, const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n >= CACHE_FIELD_MAX)
        n = 0;
    memcpy(dst, s ? s : "", n);
    dst[n] = '\0';
}

/* Checks the body with the core and stores it. Fills res; takes nothing from x. */
static void check_and_store(const fetch_config *cfg, const feed_options *fo, const xfer *x,
                            const cache_meta *old, fetch_result *res)
{
    feed_report *rep = malloc(sizeof(*rep));
    cache_meta *m = calloc(1, sizeof(*m));
    if (!rep || !m) {
        res->outcome = FETCH_FAILED;
        set_reason(res, "out of memory");
        goto out_free;
    }
    agenda *a = feed_parse(x->body.data ? x->body.data : "", x->body.len, fo, rep);
    if (!a) {
        res->outcome = FETCH_REJECTED;
        const feed_problem *p = NULL;
        for (size_t i = 0; i < rep->n && !p; i++)
            if (rep->items[i].severity == FEED_ERROR)
                p = &rep->items[i];
        if (p)
            set_reason(res, "feed rejected: %s: %s", p->path[0] ? p->path : "(feed)", p->msg);
        else
            set_reason(res, "feed rejected");
        goto out_free;
    }
    copy_field(m->url, cfg->url);
    copy_field(m->etag, x->etag);
    copy_field(m->last_modified, x->last_modified);
    copy_field(m->revision, a->revision);
    m->fetched_at = res->fetched_at;
    res->meta = *m;
    if (!cfg->cache_dir) {
        res->outcome = FETCH_STORED;
        res->agenda = a;
        goto out_free;
    }
    bool written = false;
    char err[FETCH_REASON_MAX - 32];
    if (cache_store(cfg->cache_dir, m, x->body.data ? x->body.data : "", x->body.len, &written,
                    err,
                    sizeof(err)) != 0) {
        /* Degrade, don't die: a valid feed is shown even when the disk is full. */
        res->outcome = FETCH_STORED;
        res->agenda = a;
        set_reason(res, "not cached: %s", err);
    } else if (!written) {
        res->outcome = FETCH_UNCHANGED;
        if (old)
            res->meta = *old;
        agenda_free(a);
    } else {
        res->outcome = FETCH_STORED;
        res->agenda = a;
    }
out_free:
    free(m);
    free(rep);
}

/* The Date of the response, judged: usable, refused or absent; and fetched_at, by the
 * board's clock rules with that Date. */
static void take_date(fetch_result *res, const xfer *x)
{
    hb_clock clk;
    clock_init(&clk);
    if (x->has_date && !clock_server_date(&clk, x->server_date)) {
        res->server_date_refused = true;
        res->refused_date = x->server_date;
    } else if (x->has_date) {
        res->server_date = x->server_date;
    }
    res->fetched_at = (int64_t)clock_now(&clk, NULL);
}

/* The reason of a failed transfer (rc != CURLE_OK), by its cause. */
static void explain_failure(fetch_result *res, const fetch_config *cfg, CURLcode rc,
                            const xfer *x, const char *errbuf, const atomic_bool *stop)
{
    bool header_limit = rc == CURLE_OUT_OF_MEMORY; /* libcurl's own cap on a header line */
#if LIBCURL_VERSION_NUM >= 0x080600
    header_limit = header_limit || rc == CURLE_TOO_LARGE;
#endif
    if (stop && atomic_load(stop))
        set_reason(res, "stopped");
    else if (x->header_too_big || (header_limit && x->in_headers))
        set_reason(res, "response header too large (over %u bytes)",
                   (unsigned)FETCH_MAX_HEADER_BYTES);
    else if (rc == CURLE_UNSUPPORTED_PROTOCOL && !cfg->allow_insecure_redirect &&
             strncasecmp(cfg->url, "https://", 8) == 0 &&
             strncasecmp(x->location, "http://", 7) == 0)
        set_reason(res, "redirect from https to http refused (to %s; "
                   "allow_insecure_redirect = true follows it)", x->location);
    else if (x->too_big || rc == CURLE_FILESIZE_EXCEEDED)
        set_reason(res, "feed larger than %u MiB", FETCH_MAX_BODY >> 20);
    else if (x->oom)
        set_reason(res, "out of memory receiving the feed");
    else if (errbuf[0] && strcmp(errbuf, curl_easy_strerror(rc)) != 0)
        set_reason(res, "%s: %s", curl_easy_strerror(rc), errbuf);
    else
        set_reason(res, "%s", curl_easy_strerror(rc));
}

fetch_outcome fetch_cycle_until(const fetch_config *cfg, const feed_options *fo,
                                fetch_result *res, const atomic_bool *stop)
{
    result_reset(res);
    feed_options dflt;
    if (!fo) {
        dflt = feedsrc_options();
        fo = &dflt;
    }
    res->outcome = FETCH_FAILED;
    if (!cfg || !cfg->url || !cfg->url[0]) {
        set_reason(res, "no feed URL");
        return res->outcome;
    }
    if (!fetch_curl_ready()) {
        set_reason(res, "libcurl cannot start");
        return res->outcome;
    }
    bool file;
    char *url = fetch_url_of(cfg->url, &file);
    cache_meta *old = calloc(1, sizeof(*old));
    xfer *x = calloc(1, sizeof(*x));
    if (!url || !old || !x) {
        set_reason(res, "out of memory (or no working directory) for %s", cfg->url);
        goto out_free;
    }
    bool have_old = false;
    if (cfg->cache_dir) {
        char *feed = NULL, err[FETCH_REASON_MAX];
        size_t len = 0;
        have_old = cache_load(cfg->cache_dir, old, &feed, &len, err, sizeof(err)) == 0;
        free(feed);
    }
    /* An ETag or a date from another URL says nothing about this one. */
    const cache_meta *cond = have_old && !file && strcmp(old->url, cfg->url) == 0 ? old : NULL;

    x->stop = stop;
    fetch_xfer_reset_headers(x);
    long status = 0;
    char errbuf[CURL_ERROR_SIZE];
    CURLcode rc = fetch_transfer(cfg, url, file, cond, x, &status, errbuf);
    take_date(res, x);
    res->curl_code = (int)rc;
    res->http_status = file ? 0 : status;
    res->bytes = x->body.len;
    res->wire_bytes = x->wire;
    res->retry_after = x->retry_after;

    if (rc != CURLE_OK) {
        explain_failure(res, cfg, rc, x, errbuf, stop);
    } else if (!file && status == 304) {
        if (cond) {
            res->outcome = FETCH_UNCHANGED;
            res->meta = *old;
        } else {
            set_reason(res, "HTTP 304 to a request that was not conditional");
        }
    } else if (!file && status != 200) {
        set_reason(res, "HTTP %ld", status);
    } else {
        check_and_store(cfg, fo, x, have_old ? old : NULL, res);
    }
    if (res->outcome == FETCH_STORED || res->outcome == FETCH_UNCHANGED)
        logsafe(res->agenda ? res->agenda->revision : res->meta.revision, res->shown_revision,
                sizeof(res->shown_revision));
out_free:
    if (x)
        growbuf_free(&x->body);
    free(x);
    free(old);
    free(url);
    return res->outcome;
}

fetch_outcome fetch_cycle(const fetch_config *cfg, const feed_options *fo, fetch_result *res)
{
    return fetch_cycle_until(cfg, fo, res, NULL);
}

int fetch_get(const fetch_config *cfg, size_t max, char **body, size_t *len, char *why,
              size_t cap)
{
    *body = NULL;
    *len = 0;
    if (!cfg || !cfg->url || !fetch_curl_ready()) {
        snprintf(why, cap, "%s", cfg && cfg->url ? "libcurl cannot start" : "no URL");
        return -1;
    }
    bool file;
    char *url = fetch_url_of(cfg->url, &file);
    xfer *x = calloc(1, sizeof(*x));
    int rc = -1;
    if (!url || !x) {
        snprintf(why, cap, "out of memory");
    } else {
        fetch_xfer_reset_headers(x);
        long status = 0;
        char errbuf[CURL_ERROR_SIZE];
        CURLcode c = fetch_transfer(cfg, url, file, NULL, x, &status, errbuf);
        if (c != CURLE_OK || x->too_big || x->body.len > max)
            snprintf(why, cap, "%s", x->too_big || x->body.len > max ? "larger than the limit"
                                     : errbuf[0]                     ? errbuf
                                                                     : curl_easy_strerror(c));
        else if (!file && status != 200)
            snprintf(why, cap, "HTTP %ld", status);
        else if ((*body = malloc(x->body.len + 1)) == NULL)
            snprintf(why, cap, "out of memory");
        else {
            memcpy(*body, x->body.data ? x->body.data : "", x->body.len);
            (*body)[x->body.len] = '\0';
            *len = x->body.len;
            rc = 0;
        }
        growbuf_free(&x->body);
    }
    free(x);
    free(url);
    return rc;
}
