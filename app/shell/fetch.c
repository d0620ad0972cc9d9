/* fetch.c - one fetch cycle: the feed over HTTP(S) or file URLs with libcurl.
 *
 * Layout: the transfer (curl options, the body, header and progress callbacks), the
 * cycle (cache metadata in, the core's check, the cache out). The polling thread and
 * the delay between polls are fetch_worker.c's.
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

/* Where the system's CA certificates live when libcurl reports no default directory:
 * used next to an extra ca_file so that the system's CAs stay trusted. */
#define FETCH_SYSTEM_CAPATH "/etc/ssl/certs"

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

/* ---- URLs ------------------------------------------------------------------ */

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* True if s starts with "scheme://" (RFC 3986 scheme characters). */
static bool has_scheme(const char *s)
{
    if (!is_alpha(s[0]))
        return false;
    size_t i = 1;
    while (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.')
        i++;
    return strncmp(s + i, "://", 3) == 0;
}

static bool is_file_url(const char *s)
{
    return strncasecmp(s, "file://", 7) == 0;
}

/* Appends s percent-encoded (all but unreserved characters and '/') at *p. */
static char *url_encode_path(char *p, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (is_alpha((char)c) || is_digit((char)c) || c == '/' || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            *p++ = (char)c;
        } else {
            *p++ = '%';
            *p++ = hex[c >> 4];
            *p++ = hex[c & 15];
        }
    }
    *p = '\0';
    return p;
}

/* The file:// URL of a plain path (relative paths against the working directory).
 * Returns a malloc'd string or NULL (out of memory, no working directory). */
static char *path_to_file_url(const char *path)
{
    char cwd[PATH_MAX] = "";
    if (path[0] != '/' && !getcwd(cwd, sizeof(cwd)))
        return NULL;
    size_t n = strlen("file://") + 3 * (strlen(cwd) + 1 + strlen(path)) + 1;
    char *url = malloc(n);
    if (!url)
        return NULL;
    strcpy(url, "file://");
    char *p = url + strlen(url);
    if (cwd[0]) {
        p = url_encode_path(p, cwd);
        if (p[-1] != '/')
            *p++ = '/';
    }
    url_encode_path(p, path);
    return url;
}

/* ---- One transfer ---------------------------------------------------------- */

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

static void xfer_reset_headers(xfer *x)
{
    x->etag[0] = x->last_modified[0] = x->location[0] = '\0';
    x->retry_after = x->server_date = -1;
    x->has_date = false;
    x->header_bytes = 0;
}

static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if (len > FETCH_MAX_BODY - x->body.len) {
        x->too_big = true;
        return 0;
    }
    if (!growbuf_append(&x->body, data, len, FETCH_MAX_BODY)) {
        x->oom = true;
        return 0;
    }
    return len;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Copies the header value v (vlen bytes) into dst when it fits and holds no control
 * characters; otherwise leaves dst empty (such values are not kept). */
static void keep_value(char *dst, size_t cap, const char *v, size_t vlen)
{
    dst[0] = '\0';
    if (vlen >= cap)
        return;
    for (size_t i = 0; i < vlen; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return;
    memcpy(dst, v, vlen);
    dst[vlen] = '\0';
}

/* Retry-After: delay-seconds or an HTTP date. Returns seconds from now, or -1. */
static int64_t parse_retry_after(const char *v)
{
    if (is_digit(v[0])) {
        int64_t s = 0;
        for (; is_digit(*v); v++)
            if (s < FETCH_BACKOFF_MAX * 1000)
                s = s * 10 + (*v - '0');
        return *v ? -1 : s;
    }
    int64_t t;
    if (!civil_parse_http_date(v, &t))
        return -1;
    int64_t d = t - (int64_t)time(NULL);
    return d < 0 ? 0 : d;
}

static size_t on_header(char *data, size_t size, size_t n, void *ud)
{
    xfer *x = ud;
    size_t len = size * n;
    if (len >= 5 && memcmp(data, "HTTP/", 5) == 0) { /* a new response starts */
        xfer_reset_headers(x);
        x->in_headers = true;
    }
    x->header_bytes += len;
    if (x->header_bytes > FETCH_MAX_HEADER_BYTES) {
        x->header_too_big = true;
        return 0; /* libcurl stops the transfer */
    }
    if (len <= 2 && (data[0] == '\r' || data[0] == '\n')) { /* the blank line: all in */
        x->in_headers = false;
        return len;
    }
    const char *colon = memchr(data, ':', len);
    if (!colon)
        return len;
    size_t nlen = (size_t)(colon - data);
    const char *v = colon + 1, *end = data + len;
    while (v < end && is_space(*v))
        v++;
    while (end > v && is_space(end[-1]))
        end--;
    size_t vlen = (size_t)(end - v);
    char small[128];
    if (nlen == 4 && strncasecmp(data, "etag", 4) == 0) {
        keep_value(x->etag, sizeof(x->etag), v, vlen);
    } else if (nlen == 13 && strncasecmp(data, "last-modified", 13) == 0) {
        keep_value(x->last_modified, sizeof(x->last_modified), v, vlen);
    } else if (nlen == 4 && strncasecmp(data, "date", 4) == 0) {
        keep_value(small, sizeof(small), v, vlen);
        int64_t t;
        x->has_date = civil_parse_http_date(small, &t);
        x->server_date = x->has_date ? t : -1;
    } else if (nlen == 8 && strncasecmp(data, "location", 8) == 0) {
        keep_value(x->location, sizeof(x->location), v, vlen);
    } else if (nlen == 11 && strncasecmp(data, "retry-after", 11) == 0) {
        keep_value(small, sizeof(small), v, vlen);
        x->retry_after = small[0] ? parse_retry_after(small) : -1;
    }
    return len;
}

static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                       curl_off_t ulnow)
{
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    const xfer *x = ud;
    return x->stop && atomic_load(x->stop) ? 1 : 0;
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

/* The conditional request's headers from cond (NULL: none) appended to *hdrs.
 * Returns CURLE_OK or CURLE_OUT_OF_MEMORY (*hdrs keeps what was appended). */
static CURLcode cond_headers(const cache_meta *cond, struct curl_slist **hdrs)
{
    if (!cond)
        return CURLE_OK;
    const struct {
        const char *name, *value;
    } h[] = {{"If-None-Match", cond->etag}, {"If-Modified-Since", cond->last_modified}};
    char line[CACHE_FIELD_MAX + 32];
    for (size_t i = 0; i < sizeof(h) / sizeof(h[0]); i++) {
        if (!h[i].value[0])
            continue;
        snprintf(line, sizeof(line), "%s: %s", h[i].name, h[i].value);
        struct curl_slist *t = curl_slist_append(*hdrs, line);
        if (!t)
            return CURLE_OUT_OF_MEMORY;
        *hdrs = t;
    }
    return CURLE_OK;
}

/* Every option of one transfer of url into *x on handle h. Returns the first failing
 * curl_easy_setopt's code, or CURLE_OK. */
static CURLcode set_options(CURL *h, const fetch_config *cfg, const char *url, bool file,
                            xfer *x, struct curl_slist *hdrs, char *errbuf)
{
    CURLcode rc = CURLE_OK;
    long low_time = cfg->low_speed_time > 0 ? cfg->low_speed_time : FETCH_LOW_TIME;
#define SET(opt, val) \
    do { \
        if (rc == CURLE_OK) \
            rc = curl_easy_setopt(h, opt, val); \
    } while (0)
    SET(CURLOPT_ERRORBUFFER, errbuf);
    SET(CURLOPT_URL, url);
    /* The configured URL decides the protocol; a redirect never leads to a file, nor
     * from https to http unless that is allowed. */
    bool https = strncasecmp(url, "https://", 8) == 0;
    SET(CURLOPT_PROTOCOLS_STR, file ? "file" : "http,https");
    SET(CURLOPT_REDIR_PROTOCOLS_STR,
        https && !cfg->allow_insecure_redirect ? "https" : "http,https");
    SET(CURLOPT_FOLLOWLOCATION, 1L);
    SET(CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRECTS);
    SET(CURLOPT_ACCEPT_ENCODING, ""); /* every encoding this libcurl decodes */
    SET(CURLOPT_CONNECTTIMEOUT, (long)FETCH_CONNECT_TIMEOUT);
    SET(CURLOPT_TIMEOUT, (long)FETCH_TOTAL_TIMEOUT);
    SET(CURLOPT_LOW_SPEED_LIMIT, (long)FETCH_LOW_SPEED);
    SET(CURLOPT_LOW_SPEED_TIME, low_time);
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)FETCH_MAX_BODY);
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    if (cfg->ca_file) {
        /* CAINFO replaces the default bundle: keep the system's CAs through CAPATH. */
        char *builtin = NULL;
        const char *capath = FETCH_SYSTEM_CAPATH;
        if (curl_easy_getinfo(h, CURLINFO_CAPATH, &builtin) == CURLE_OK && builtin)
            capath = builtin;
        SET(CURLOPT_CAPATH, capath);
        SET(CURLOPT_CAINFO, cfg->ca_file);
    }
    SET(CURLOPT_USERAGENT, "Hallboard/" HB_VERSION);
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_HTTPHEADER, hdrs);
    SET(CURLOPT_WRITEFUNCTION, on_body);
    SET(CURLOPT_WRITEDATA, x);
    SET(CURLOPT_HEADERFUNCTION, on_header);
    SET(CURLOPT_HEADERDATA, x);
    SET(CURLOPT_XFERINFOFUNCTION, on_progress);
    SET(CURLOPT_XFERINFODATA, x);
    SET(CURLOPT_NOPROGRESS, 0L);
#undef SET
    return rc;
}

/* Runs the transfer of url into *x. cond: the cached metadata to make the request
 * conditional, or NULL. Returns the curl code; *status gets the last HTTP status
 * (0 without one) and errbuf curl's detail. */
static CURLcode transfer(const fetch_config *cfg, const char *url, bool file, const cache_meta *cond,
                         xfer *x, long *status, char errbuf[CURL_ERROR_SIZE])
{
    *status = 0;
    errbuf[0] = '\0';
    CURL *h = curl_easy_init();
    if (!h)
        return CURLE_FAILED_INIT;
    struct curl_slist *hdrs = NULL;
    CURLcode rc = cond_headers(cond, &hdrs);
    if (rc == CURLE_OK)
        rc = set_options(h, cfg, url, file, x, hdrs, errbuf);
    if (rc == CURLE_OK)
        rc = curl_easy_perform(h);
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
    long req = 0, hdr = 0;
    curl_off_t body = 0;
    curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &req);
    curl_easy_getinfo(h, CURLINFO_HEADER_SIZE, &hdr);
    curl_easy_getinfo(h, CURLINFO_SIZE_DOWNLOAD_T, &body);
    x->wire = (size_t)(req > 0 ? req : 0) + (size_t)(hdr > 0 ? hdr : 0) +
              (size_t)(body > 0 ? body : 0);
    curl_easy_cleanup(h);
    curl_slist_free_all(hdrs);
    return rc;
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
    bool file = !has_scheme(cfg->url) || is_file_url(cfg->url);
    char *url = has_scheme(cfg->url) ? strdup(cfg->url) : path_to_file_url(cfg->url);
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
    xfer_reset_headers(x);
    long status = 0;
    char errbuf[CURL_ERROR_SIZE];
    CURLcode rc = transfer(cfg, url, file, cond, x, &status, errbuf);
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
    bool file = !has_scheme(cfg->url) || is_file_url(cfg->url);
    char *url = has_scheme(cfg->url) ? strdup(cfg->url) : path_to_file_url(cfg->url);
    xfer *x = calloc(1, sizeof(*x));
    int rc = -1;
    if (!url || !x) {
        snprintf(why, cap, "out of memory");
    } else {
        xfer_reset_headers(x);
        long status = 0;
        char errbuf[CURL_ERROR_SIZE];
        CURLcode c = transfer(cfg, url, file, NULL, x, &status, errbuf);
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
