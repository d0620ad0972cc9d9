/* fetch_xfer.c - one transfer with libcurl (fetch_int.h): the URL a configured feed
 * reference names, the curl options, and the body, header and progress callbacks.
 */
#include "fetch_int.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "civil.h"

/* Where the system's CA certificates live when libcurl reports no default directory:
 * used next to an extra ca_file so that the system's CAs stay trusted. */
#define FETCH_SYSTEM_CAPATH "/etc/ssl/certs"

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


void fetch_xfer_reset_headers(xfer *x)
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
        fetch_xfer_reset_headers(x);
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

CURLcode fetch_transfer(const fetch_config *cfg, const char *url, bool file, const cache_meta *cond,
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

char *fetch_url_of(const char *ref, bool *file)
{
    *file = !has_scheme(ref) || is_file_url(ref);
    return has_scheme(ref) ? strdup(ref) : path_to_file_url(ref);
}
