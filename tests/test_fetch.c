/* test_fetch.c - fetching feeds (fetch.h) from real servers on 127.0.0.1.
 *
 * The group setup starts tests/http_server.py three times (support_server_start):
 * plain HTTP, HTTPS with a certificate for 127.0.0.1, and HTTPS with a certificate for
 * another host name (both self-signed, made with the openssl tool: support_make_cert).
 * The servers exit when their standard input closes, so they never outlive this
 * process. Each test uses fresh cache directories; the server's /stats tell what the
 * client sent.
 */
#include "support.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "cache.h"
#include "clock.h"
#include "feedsrc.h"
#include "fetch.h"
#include "status.h"
#include "tzdb.h"

#define FEED_PATH HB_SOURCE_DIR "/tests/inputs/multihall.json"
#define FEED_REVISION "test-multihall-1"
#define LAST_MODIFIED "Wed, 09 Dec 2020 09:00:00 GMT"

static support_server plain, tls_good, tls_wrong;
static char *tmp;                 /* certificates and files of the whole group */
static char good_cert[512], good_key[512], wrong_cert[512], wrong_key[512];
static char *feed_bytes;          /* FEED_PATH */
static size_t feed_len;

/* ---- Servers (started and stopped with tests/support.c) ----------------------- */

static int group_setup(void **st)
{
    (void)st;
    tzdb_init();
    feed_init();
    curl_global_init(CURL_GLOBAL_DEFAULT);
    tmp = support_tempdir();
    feed_bytes = support_read_file(FEED_PATH, &feed_len);
    if (!tmp || !feed_bytes)
        return -1;
    snprintf(good_cert, sizeof(good_cert), "%s/good.pem", tmp);
    snprintf(good_key, sizeof(good_key), "%s/good.key", tmp);
    snprintf(wrong_cert, sizeof(wrong_cert), "%s/wrong.pem", tmp);
    snprintf(wrong_key, sizeof(wrong_key), "%s/wrong.key", tmp);
    if (support_make_cert(good_cert, good_key, "127.0.0.1", "IP:127.0.0.1") ||
        support_make_cert(wrong_cert, wrong_key, "wrong.example", "DNS:wrong.example"))
        return -1;
    if (support_server_start(&plain, FEED_PATH, NULL, NULL) ||
        support_server_start(&tls_good, FEED_PATH, good_cert, good_key) ||
        support_server_start(&tls_wrong, FEED_PATH, wrong_cert, wrong_key))
        return -1;
    return 0;
}

static int group_teardown(void **st)
{
    (void)st;
    support_server_stop(&plain);
    support_server_stop(&tls_good);
    support_server_stop(&tls_wrong);
    if (tmp)
        support_remove_tree(tmp);
    free(tmp);
    free(feed_bytes);
    return 0;
}

/* ---- Helpers ---------------------------------------------------------------- */

/* GETs a control route of the plain server; returns the parsed JSON. */
static cJSON *control(const char *path)
{
    cJSON *j = support_server_json(&plain, path);
    assert_non_null(j);
    return j;
}

static void reset_stats(void)
{
    assert_int_equal(support_http_reset_stats(&plain), 0);
}

/* A fresh cache directory path (not created: cache_store creates it). */
static char *new_cache_dir(void)
{
    static int n;
    char *d = malloc(600);
    snprintf(d, 600, "%s/cache-%d", tmp, n++);
    return d;
}

static fetch_outcome cycle(const char *url, const char *cache_dir, const char *ca_file,
                           fetch_result *res)
{
    fetch_config cfg = {url, cache_dir, ca_file, 0, 0, false};
    feed_options fo = feedsrc_options();
    return fetch_cycle(&cfg, &fo, res);
}

static void print_result(const char *what, const fetch_result *r)
{
    fprintf(stderr, "%s: outcome %d, HTTP %ld, %zu bytes, reason \"%s\"\n", what,
            (int)r->outcome, r->http_status, r->bytes, r->reason);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fprintf(stderr, "\"%s\" does not contain \"%s\"\n", hay, needle);
    assert_non_null(strstr(hay, needle));
}

/* ---- Conditional requests --------------------------------------------------- */

static void fetch_server_dates_past_2038_are_read(void **st)
{
    (void)st;
    /* The board's clock falls back on the server's Date header: it must hold dates a
     * 32-bit time_t cannot (armhf builds use a 64-bit one and parse dates themselves). */
    char *dir = new_cache_dir();
    fetch_result r;
    assert_int_equal(cycle(support_url(&plain, "/date-2040"), dir, NULL, &r), FETCH_STORED);
    assert_int_equal(r.server_date, INT64_C(2222164800)); /* 2040-06-01T12:00:00Z */
    fetch_result_clear(&r);
    support_remove_tree(dir);
    free(dir);
}

#define DATE_1990 "Mon, 01 Jan 1990 00:00:00 GMT"
#define DATE_9999 "Fri, 31 Dec 9999 23:59:59 GMT"
/* "?date=" + an HTTP date, URL-encoded. */
#define Q_1990 "?date=Mon,%2001%20Jan%201990%2000:00:00%20GMT"
#define Q_9999 "?date=Fri,%2031%20Dec%209999%2023:59:59%20GMT"

/* r is a good result whose Date was refused as `date`, and whose fetched_at is the
 * board's own clamped clock, not that date. */
static void assert_date_refused(const fetch_result *r, int64_t date)
{
    assert_int_equal(r->server_date, -1);
    assert_true(r->server_date_refused);
    assert_int_equal(r->refused_date, date);
    assert_true(r->fetched_at >= clock_build_time());
    assert_true(r->fetched_at <= clock_build_time() + STATUS_DATE_MAX_AHEAD);
}

static void fetch_server_dates_outside_the_bounds_are_refused(void **st)
{
    (void)st;
    fetch_result r;
    assert_int_equal(cycle(support_url(&plain, "/ok" Q_1990), NULL, NULL, &r), FETCH_STORED);
    assert_date_refused(&r, INT64_C(631152000)); /* 1990: before this build */
    fetch_result_clear(&r);
    assert_int_equal(cycle(support_url(&plain, "/ok" Q_9999), NULL, NULL, &r), FETCH_STORED);
    assert_date_refused(&r, INT64_C(253402300799)); /* 9999: 20 years after it at most */
    fetch_result_clear(&r);
    /* The server's own clock: adopted. */
    int64_t before = (int64_t)time(NULL);
    assert_int_equal(cycle(support_url(&plain, "/ok"), NULL, NULL, &r), FETCH_STORED);
    assert_false(r.server_date_refused);
    assert_true(r.server_date >= before - 5 && r.server_date <= (int64_t)time(NULL) + 5);
    fetch_result_clear(&r);
    /* A failure's Date is judged the same way (the board adopts only good ones). */
    assert_int_equal(cycle(support_url(&plain, "/404" Q_9999), NULL, NULL, &r), FETCH_FAILED);
    assert_true(r.server_date_refused);
    fetch_result_clear(&r);
}

static void fetch_a_304s_date_is_judged_like_a_200s(void **st)
{
    (void)st;
    /* Bad dates, 200 then 304: refused both times, the 304 moves nothing. */
    char *dir = new_cache_dir();
    const char *url = support_url(&plain, "/ok" Q_1990);
    fetch_result r;
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_STORED);
    fetch_result_clear(&r);
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_UNCHANGED);
    assert_int_equal(r.http_status, 304);
    assert_date_refused(&r, INT64_C(631152000));
    fetch_result_clear(&r);
    support_remove_tree(dir);
    free(dir);
    /* A sane date on a 304 is as good as a 200's. */
    dir = new_cache_dir();
    url = support_url(&plain, "/ok");
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_STORED);
    fetch_result_clear(&r);
    int64_t before = (int64_t)time(NULL);
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_UNCHANGED);
    assert_int_equal(r.http_status, 304);
    assert_false(r.server_date_refused);
    assert_true(r.server_date >= before - 5 && r.server_date <= (int64_t)time(NULL) + 5);
    fetch_result_clear(&r);
    support_remove_tree(dir);
    free(dir);
}

static void fetch_ok_is_stored_then_304_is_unchanged(void **st)
{
    (void)st;
    reset_stats();
    char *dir = new_cache_dir();
    const char *url = support_url(&plain, "/ok");
    fetch_result r;
    int64_t before = (int64_t)time(NULL);
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_STORED);
    assert_int_equal(r.http_status, 200);
    assert_string_equal(r.reason, "");
    assert_int_equal(r.bytes, feed_len);
    assert_int_equal(r.retry_after, -1);
    assert_true(r.server_date >= before - 5 && r.server_date <= (int64_t)time(NULL) + 5);
    assert_true(r.fetched_at >= before && r.fetched_at <= (int64_t)time(NULL));
    assert_non_null(r.agenda);
    assert_string_equal(r.agenda->revision, FEED_REVISION);
    assert_int_equal(r.agenda->n_sessions, 8);
    assert_string_equal(r.meta.url, url);
    assert_string_equal(r.meta.revision, FEED_REVISION);
    assert_true(r.meta.etag[0] == '"' && strlen(r.meta.etag) == 18);
    char etag[64];
    strcpy(etag, r.meta.etag);
    fetch_result_clear(&r);
    assert_null(r.agenda);

    support_snapshot s = support_cache_snapshot(dir);
    assert_true(s.ok);
    assert_int_equal(s.len, feed_len);
    assert_memory_equal(s.feed, feed_bytes, feed_len);
    assert_string_equal(s.meta.etag, etag);
    assert_string_equal(s.meta.url, url);

    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_UNCHANGED);
    assert_int_equal(r.http_status, 304);
    assert_int_equal(r.bytes, 0);
    assert_null(r.agenda);
    assert_string_equal(r.reason, "");
    assert_string_equal(r.meta.etag, etag);
    assert_string_equal(r.meta.revision, FEED_REVISION);
    fetch_result_clear(&r);
    support_snapshot s2 = support_cache_snapshot(dir);
    support_assert_same_cache(&s, &s2);

    cJSON *stats = control("/stats");
    assert_int_equal(support_stat_count(stats, "requests", "/ok"), 2);
    assert_int_equal(support_stat_count(stats, "not_modified", "/ok"), 1);
    assert_string_equal(support_stat_header(stats, "/ok", "If-None-Match"), etag);
    assert_null(support_stat_header(stats, "/ok", "If-Modified-Since"));
    const char *ua = support_stat_header(stats, "/ok", "User-Agent");
    assert_non_null(ua);
    assert_string_equal(ua, "Hallboard/" HB_VERSION);
    assert_contains(support_stat_header(stats, "/ok", "Accept-Encoding"), "gzip");
    cJSON_Delete(stats);
    support_snapshot_free(&s);
    support_snapshot_free(&s2);
    free(dir);
}

static void fetch_last_modified_gives_304(void **st)
{
    (void)st;
    reset_stats();
    char *dir = new_cache_dir();
    const char *url = support_url(&plain, "/lm");
    fetch_result r;
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_STORED);
    assert_string_equal(r.meta.last_modified, LAST_MODIFIED);
    assert_string_equal(r.meta.etag, "");
    fetch_result_clear(&r);
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_UNCHANGED);
    assert_int_equal(r.http_status, 304);
    assert_string_equal(r.meta.last_modified, LAST_MODIFIED);
    fetch_result_clear(&r);

    cJSON *stats = control("/stats");
    assert_int_equal(support_stat_count(stats, "requests", "/lm"), 2);
    assert_int_equal(support_stat_count(stats, "not_modified", "/lm"), 1);
    assert_string_equal(support_stat_header(stats, "/lm", "If-Modified-Since"), LAST_MODIFIED);
    assert_null(support_stat_header(stats, "/lm", "If-None-Match"));
    cJSON_Delete(stats);
    free(dir);
}

static void fetch_without_a_cache_is_never_conditional(void **st)
{
    (void)st;
    reset_stats();
    fetch_result r;
    for (int i = 0; i < 2; i++) {
        assert_int_equal(cycle(support_url(&plain, "/ok"), NULL, NULL, &r), FETCH_STORED);
        assert_non_null(r.agenda);
        assert_true(r.meta.etag[0] != '\0');
        fetch_result_clear(&r);
    }
    cJSON *stats = control("/stats");
    assert_int_equal(support_stat_count(stats, "requests", "/ok"), 2);
    assert_int_equal(support_stat_count(stats, "not_modified", "/ok"), 0);
    assert_null(support_stat_header(stats, "/ok", "If-None-Match"));
    cJSON_Delete(stats);
}

/* Another URL with the same bytes: followed through a redirect, not conditional (the
 * cached ETag belongs to /ok), and identical bytes write nothing. */
static void fetch_identical_bytes_after_a_redirect_are_unchanged(void **st)
{
    (void)st;
    reset_stats();
    char *dir = new_cache_dir();
    fetch_result r;
    assert_int_equal(cycle(support_url(&plain, "/ok"), dir, NULL, &r), FETCH_STORED);
    fetch_result_clear(&r);
    support_snapshot s = support_cache_snapshot(dir);
    assert_int_equal(cycle(support_url(&plain, "/redirect-ok"), dir, NULL, &r), FETCH_UNCHANGED);
    assert_int_equal(r.http_status, 200);
    assert_int_equal(r.bytes, feed_len);
    assert_null(r.agenda);
    assert_string_equal(r.meta.url, support_url(&plain, "/ok"));
    fetch_result_clear(&r);
    support_snapshot s2 = support_cache_snapshot(dir);
    support_assert_same_cache(&s, &s2);
    cJSON *stats = control("/stats");
    assert_int_equal(support_stat_count(stats, "requests", "/ok"), 2);
    assert_int_equal(support_stat_count(stats, "not_modified", "/ok"), 0);
    assert_null(support_stat_header(stats, "/ok", "If-None-Match"));
    cJSON_Delete(stats);
    support_snapshot_free(&s);
    support_snapshot_free(&s2);
    free(dir);
}

static void fetch_changing_feed_is_stored_each_time(void **st)
{
    (void)st;
    char *dir = new_cache_dir();
    char last[64] = "";
    for (int i = 0; i < 3; i++) {
        fetch_result r;
        assert_int_equal(cycle(support_url(&plain, "/changing"), dir, NULL, &r), FETCH_STORED);
        assert_non_null(r.agenda);
        assert_true(strncmp(r.agenda->revision, "changing-", 9) == 0);
        assert_string_not_equal(r.agenda->revision, last);
        assert_string_equal(r.meta.revision, r.agenda->revision);
        snprintf(last, sizeof(last), "%s", r.agenda->revision);
        fetch_result_clear(&r);
        support_snapshot s = support_cache_snapshot(dir);
        assert_string_equal(s.meta.revision, last);
        assert_non_null(strstr(s.feed, last));
        support_snapshot_free(&s);
    }
    free(dir);
}

static void fetch_gzip_is_decoded(void **st)
{
    (void)st;
    reset_stats();
    char *dir = new_cache_dir();
    fetch_result r;
    assert_int_equal(cycle(support_url(&plain, "/gzip"), dir, NULL, &r), FETCH_STORED);
    assert_int_equal(r.bytes, feed_len);
    assert_string_equal(r.agenda->revision, FEED_REVISION);
    fetch_result_clear(&r);
    support_snapshot s = support_cache_snapshot(dir);
    assert_int_equal(s.len, feed_len);
    assert_memory_equal(s.feed, feed_bytes, feed_len);
    support_snapshot_free(&s);
    cJSON *stats = control("/stats");
    assert_contains(support_stat_header(stats, "/gzip", "Accept-Encoding"), "gzip");
    cJSON_Delete(stats);
    free(dir);
}

/* ---- Failures and rejections keep the cache --------------------------------- */

typedef struct {
    const char *path;
    fetch_outcome outcome;
    long http_status;
    const char *needle; /* in the reason */
} bad_route;

static void fetch_failures_and_rejections_keep_the_cache(void **st)
{
    (void)st;
    static const bad_route routes[] = {
        {"/404", FETCH_FAILED, 404, "HTTP 404"},
        {"/500", FETCH_FAILED, 500, "HTTP 500"},
        {"/503", FETCH_FAILED, 503, "HTTP 503"},
        {"/nowhere", FETCH_FAILED, 404, "HTTP 404"},
        {"/truncated", FETCH_FAILED, 200, "partial"},
        {"/garbage", FETCH_REJECTED, 200, "feed rejected: (feed): "},
        {"/empty", FETCH_REJECTED, 200, "feed rejected: "},
        {"/huge", FETCH_FAILED, 200, "feed larger than 16 MiB"},
        {"/huge-length", FETCH_FAILED, 200, "feed larger than 16 MiB"},
        {"/loop", FETCH_FAILED, 302, "redirects"},
        {"/redirect-file", FETCH_FAILED, 302, "file"},
        {"/invalid-json", FETCH_REJECTED, 200, "feed rejected: (feed): line 1"},
        {"/invalid-feed", FETCH_REJECTED, 200, "feed rejected: sessions[0].end: before start"},
    };
    reset_stats();
    char *dir = new_cache_dir();
    fetch_result r;
    assert_int_equal(cycle(support_url(&plain, "/ok"), dir, NULL, &r), FETCH_STORED);
    fetch_result_clear(&r);
    support_snapshot good = support_cache_snapshot(dir);
    for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
        const bad_route *b = &routes[i];
        double t0 = support_now();
        fetch_outcome o = cycle(support_url(&plain, b->path), dir, NULL, &r);
        print_result(b->path, &r);
        assert_int_equal(o, b->outcome);
        assert_int_equal(r.outcome, b->outcome);
        assert_int_equal(r.http_status, b->http_status);
        assert_contains(r.reason, b->needle);
        assert_null(strchr(r.reason, '\n'));
        assert_null(r.agenda);
        assert_true(r.bytes <= FETCH_MAX_BODY);
        assert_true(support_now() - t0 < 10);
        fetch_result_clear(&r);
        support_snapshot now = support_cache_snapshot(dir);
        support_assert_same_cache(&good, &now);
        support_snapshot_free(&now);
    }
    /* The two that must not have read anything. */
    assert_int_equal(cycle(support_url(&plain, "/redirect-file"), dir, NULL, &r), FETCH_FAILED);
    assert_int_equal(r.bytes, 0);
    fetch_result_clear(&r);
    assert_int_equal(cycle(support_url(&plain, "/503"), dir, NULL, &r), FETCH_FAILED);
    assert_int_equal(r.retry_after, 120);
    fetch_result_clear(&r);

    cJSON *stats = control("/stats");
    assert_int_equal(support_stat_count(stats, "requests", "/loop"), FETCH_MAX_REDIRECTS + 1);
    cJSON_Delete(stats);
    support_snapshot_free(&good);
    free(dir);
}

static void fetch_retry_after_as_a_date_is_seconds_from_now(void **st)
{
    (void)st;
    fetch_result r;
    assert_int_equal(cycle(support_url(&plain, "/503-date"), NULL, NULL, &r), FETCH_FAILED);
    assert_int_equal(r.http_status, 503);
    assert_true(r.retry_after >= 290 && r.retry_after <= 301);
    fetch_result_clear(&r);
}

static void fetch_a_stalled_transfer_is_aborted(void **st)
{
    (void)st;
    char *dir = new_cache_dir();
    fetch_result r;
    assert_int_equal(cycle(support_url(&plain, "/ok"), dir, NULL, &r), FETCH_STORED);
    fetch_result_clear(&r);
    support_snapshot good = support_cache_snapshot(dir);
    fetch_config cfg = {support_url(&plain, "/drip"), dir, NULL, 0, 2, false};
    double t0 = support_now();
    assert_int_equal(fetch_cycle(&cfg, NULL, &r), FETCH_FAILED);
    double took = support_now() - t0;
    print_result("/drip", &r);
    assert_true(took >= 1.5 && took < 6);
    assert_int_equal(r.http_status, 200);
    assert_contains(r.reason, "too slow");
    assert_null(r.agenda);
    fetch_result_clear(&r);
    support_snapshot now = support_cache_snapshot(dir);
    support_assert_same_cache(&good, &now);
    support_snapshot_free(&now);
    support_snapshot_free(&good);
    free(dir);
}

/* ---- Files ------------------------------------------------------------------ */

static void fetch_file_urls_and_plain_paths(void **st)
{
    (void)st;
    char path[600], url[700], bad[600], badurl[700];
    snprintf(path, sizeof(path), "%s/my feed.json", tmp);
    assert_int_equal(support_write_file(path, feed_bytes, feed_len), 0);
    snprintf(url, sizeof(url), "file://%s/my%%20feed.json", tmp);
    snprintf(bad, sizeof(bad), "%s/bad.json", tmp);
    assert_int_equal(support_write_file(bad, "{\"hallboard\": 1}", 16), 0);
    snprintf(badurl, sizeof(badurl), "file://%s", bad);

    fetch_result r;
    char *dir = new_cache_dir();
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_STORED);
    assert_int_equal(r.http_status, 0);
    assert_int_equal(r.bytes, feed_len);
    assert_string_equal(r.agenda->revision, FEED_REVISION);
    assert_string_equal(r.meta.url, url);
    fetch_result_clear(&r);
    assert_int_equal(cycle(url, dir, NULL, &r), FETCH_UNCHANGED); /* same bytes */
    fetch_result_clear(&r);
    support_snapshot good = support_cache_snapshot(dir);

    /* The plain path, absolute and relative, reads the same file. */
    assert_int_equal(cycle(path, NULL, NULL, &r), FETCH_STORED);
    assert_int_equal(r.http_status, 0);
    assert_int_equal(r.bytes, feed_len);
    fetch_result_clear(&r);
    char cwd[1024];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    assert_int_equal(chdir(tmp), 0);
    fetch_outcome o = cycle("my feed.json", NULL, NULL, &r);
    assert_int_equal(chdir(cwd), 0);
    assert_int_equal(o, FETCH_STORED);
    fetch_result_clear(&r);

    /* Failures: the same kind of reasons either way, and the cache kept. */
    assert_int_equal(cycle(badurl, dir, NULL, &r), FETCH_REJECTED);
    assert_contains(r.reason, "feed rejected: ");
    fetch_result_clear(&r);
    assert_int_equal(cycle(bad, dir, NULL, &r), FETCH_REJECTED);
    assert_contains(r.reason, "feed rejected: ");
    fetch_result_clear(&r);
    assert_int_equal(cycle("/nonexistent/feed.json", dir, NULL, &r), FETCH_FAILED);
    print_result("missing file", &r);
    assert_int_equal(r.http_status, 0);
    assert_contains(r.reason, "/nonexistent/feed.json");
    fetch_result_clear(&r);
    assert_int_equal(cycle("file:///nonexistent/feed.json", dir, NULL, &r), FETCH_FAILED);
    assert_contains(r.reason, "/nonexistent/feed.json");
    fetch_result_clear(&r);
    support_snapshot now = support_cache_snapshot(dir);
    support_assert_same_cache(&good, &now);
    support_snapshot_free(&now);
    support_snapshot_free(&good);

    /* Other schemes are refused. */
    assert_int_equal(cycle("ftp://127.0.0.1/feed.json", NULL, NULL, &r), FETCH_FAILED);
    print_result("ftp", &r);
    assert_contains(r.reason, "ftp");
    fetch_result_clear(&r);
    free(dir);
}

/* ---- TLS -------------------------------------------------------------------- */

static void fetch_https_to_http_redirect_is_refused_unless_allowed(void **st)
{
    (void)st;
    char to[256], path[400];
    snprintf(to, sizeof(to), "%s", support_url(&plain, "/ok"));
    snprintf(path, sizeof(path), "/redirect-to?to=%s", to);
    char url[512];
    snprintf(url, sizeof(url), "%s", support_url(&tls_good, path));
    reset_stats();
    fetch_config cfg = {url, NULL, good_cert, 0, 0, false};
    feed_options fo = feedsrc_options();
    fetch_result r;
    assert_int_equal(fetch_cycle(&cfg, &fo, &r), FETCH_FAILED);
    assert_int_equal(r.curl_code, CURLE_UNSUPPORTED_PROTOCOL);
    assert_contains(r.reason, "redirect from https to http refused");
    assert_contains(r.reason, to);
    assert_null(r.agenda);
    fetch_result_clear(&r);
    cJSON *stats = control("/stats");
    assert_int_equal(support_stat_count(stats, "requests", "/ok"), 0); /* never asked */
    cJSON_Delete(stats);

    /* Allowed: followed and stored. */
    cfg.allow_insecure_redirect = true;
    assert_int_equal(fetch_cycle(&cfg, &fo, &r), FETCH_STORED);
    assert_int_equal(r.curl_code, 0);
    assert_string_equal(r.agenda->revision, FEED_REVISION);
    fetch_result_clear(&r);
    stats = control("/stats");
    assert_int_equal(support_stat_count(stats, "requests", "/ok"), 1);
    cJSON_Delete(stats);

    /* https to https, and http to http, are followed as ever. */
    cfg.allow_insecure_redirect = false;
    cfg.url = support_url(&tls_good, "/redirect-ok");
    assert_int_equal(fetch_cycle(&cfg, &fo, &r), FETCH_STORED);
    fetch_result_clear(&r);
    assert_int_equal(cycle(support_url(&plain, "/redirect-ok"), NULL, NULL, &r), FETCH_STORED);
    fetch_result_clear(&r);
}

static void fetch_oversized_response_headers_are_named(void **st)
{
    (void)st;
    const char *routes[] = {"/huge-header", "/many-headers"};
    for (size_t i = 0; i < 2; i++) {
        fetch_result r;
        if (cycle(support_url(&plain, routes[i]), NULL, NULL, &r) != FETCH_FAILED)
            print_result(routes[i], &r);
        assert_int_equal(r.outcome, FETCH_FAILED);
        assert_string_equal(r.reason, "response header too large (over 65536 bytes)");
        assert_int_not_equal(r.curl_code, 0);
        fetch_result_clear(&r);
    }
    assert_int_equal(FETCH_MAX_HEADER_BYTES, 65536);
}

static void fetch_outside_text_is_escaped_for_logs(void **st)
{
    (void)st;
    /* A valid feed whose revision would forge a log line and clear the terminal. */
    fetch_result r;
    assert_int_equal(cycle(support_url(&plain, "/odd-revision"), NULL, NULL, &r), FETCH_STORED);
    assert_string_equal(r.agenda->revision, "r1\n\x1b[2J\x07"); /* the data is kept */
    assert_string_equal(r.shown_revision, "r1\\n\\e[2J\\x07");  /* the log line is safe */
    fetch_result_clear(&r);
    /* A failure's reason is escaped too: a refused redirect to a Location holding a C1
     * control (CSI, U+009B) and a byte that is not UTF-8. */
    char url[512];
    snprintf(url, sizeof(url), "%s",
             support_url(&tls_good, "/redirect-to?to=http://127.0.0.1:1/%C2%9B2J%FF"));
    fetch_config cfg = {url, NULL, good_cert, 0, 0, false};
    feed_options fo = feedsrc_options();
    assert_int_equal(fetch_cycle(&cfg, &fo, &r), FETCH_FAILED);
    assert_contains(r.reason, "http://127.0.0.1:1/\\xc2\\x9b2J\\xff");
    fetch_result_clear(&r);
}

static void fetch_https_verifies_the_certificate(void **st)
{
    (void)st;
    fetch_result r;
    char *dir = new_cache_dir();
    assert_int_equal(cycle(support_url(&tls_good, "/ok"), dir, good_cert, &r), FETCH_STORED);
    assert_int_equal(r.http_status, 200);
    assert_string_equal(r.agenda->revision, FEED_REVISION);
    fetch_result_clear(&r);
    assert_int_equal(cycle(support_url(&tls_good, "/ok"), dir, good_cert, &r), FETCH_UNCHANGED);
    assert_int_equal(r.http_status, 304);
    fetch_result_clear(&r);

    /* Without the CA file: self-signed, not trusted. */
    assert_int_equal(cycle(support_url(&tls_good, "/ok"), NULL, NULL, &r), FETCH_FAILED);
    print_result("untrusted", &r);
    assert_int_equal(r.http_status, 0);
    assert_contains(r.reason, "certificate");
    assert_null(r.agenda);
    fetch_result_clear(&r);

    /* Trusted but for another name. */
    assert_int_equal(cycle(support_url(&tls_wrong, "/ok"), NULL, wrong_cert, &r), FETCH_FAILED);
    print_result("wrong name", &r);
    assert_int_equal(r.http_status, 0);
    assert_contains(r.reason, "127.0.0.1");
    fetch_result_clear(&r);

    /* A CA file that does not exist is an error, not a silent fallback. */
    assert_int_equal(cycle(support_url(&tls_good, "/ok"), NULL, "/nonexistent/ca.pem", &r),
                     FETCH_FAILED);
    print_result("missing CA file", &r);
    fetch_result_clear(&r);
    free(dir);
}

/* ---- The worker ------------------------------------------------------------- */

typedef struct {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int n;
    fetch_outcome outcome[16];
    double at[16];
    char zone[64], label[64]; /* of the first agenda delivered */
} inbox;

static void deliver(void *ctx, fetch_result *res)
{
    inbox *b = ctx;
    pthread_mutex_lock(&b->mu);
    if (b->n < 16) {
        b->outcome[b->n] = res->outcome;
        b->at[b->n] = support_now();
    }
    if (res->agenda && !b->zone[0] && res->agenda->n_zones > 0) {
        const agenda_zone *z = &res->agenda->zones[0];
        snprintf(b->zone, sizeof(b->zone), "%s", z->name);
        const char *l = agenda_text_get(&z->label, NULL, NULL);
        snprintf(b->label, sizeof(b->label), "%s", l ? l : "");
    }
    b->n++;
    pthread_cond_broadcast(&b->cv);
    pthread_mutex_unlock(&b->mu);
    agenda_free(res->agenda); /* ours now */
}

static void inbox_init(inbox *b)
{
    memset(b, 0, sizeof(*b));
    pthread_mutex_init(&b->mu, NULL);
    pthread_cond_init(&b->cv, NULL);
}

/* Waits until the inbox holds n results or `seconds` pass; returns how many it holds. */
static int inbox_wait(inbox *b, int n, double seconds)
{
    double until = support_now() + seconds;
    pthread_mutex_lock(&b->mu);
    while (b->n < n && support_now() < until) {
        pthread_mutex_unlock(&b->mu);
        support_sleep(0.01);
        pthread_mutex_lock(&b->mu);
    }
    int got = b->n;
    pthread_mutex_unlock(&b->mu);
    return got;
}

static void fetch_worker_delivers_every_poll(void **st)
{
    (void)st;
    reset_stats();
    char *dir = new_cache_dir();
    inbox b;
    inbox_init(&b);
    fetch_config cfg = {support_url(&plain, "/ok"), dir, NULL, 1, 0, false};
    double t0 = support_now();
    fetch_worker *w = fetch_worker_start(&cfg, NULL, deliver, &b);
    assert_non_null(w);
    assert_int_equal(inbox_wait(&b, 3, 6), 3);
    double took = support_now() - t0;
    fetch_worker_stop(w);
    assert_true(took < 4);
    assert_int_equal(b.outcome[0], FETCH_STORED);
    assert_int_equal(b.outcome[1], FETCH_UNCHANGED);
    assert_int_equal(b.outcome[2], FETCH_UNCHANGED);
    for (int i = 1; i < 3; i++) /* 1 s +-20 % apart */
        assert_true(b.at[i] - b.at[i - 1] >= 0.75 && b.at[i] - b.at[i - 1] < 1.6);
    cJSON *stats = control("/stats");
    assert_true(support_stat_count(stats, "not_modified", "/ok") >= 2);
    cJSON_Delete(stats);
    free(dir);
}

static void fetch_worker_poke_polls_now(void **st)
{
    (void)st;
    inbox b;
    inbox_init(&b);
    fetch_config cfg = {support_url(&plain, "/ok"), NULL, NULL, 3600, 0, false};
    /* The options, zone lists included, are copied: overwritten once the worker runs. */
    char zone[32] = "Asia/Tokyo", label[32] = "Tokyo";
    const char *zones[] = {zone, NULL}, *labels[] = {label};
    feed_options fo = feedsrc_options();
    fo.zones = zones;
    fo.zone_labels = labels;
    fetch_worker *w = fetch_worker_start(&cfg, &fo, deliver, &b);
    assert_non_null(w);
    strcpy(zone, "Europe/Nowhere");
    strcpy(label, "Nowhere");
    zones[0] = NULL;
    assert_int_equal(inbox_wait(&b, 1, 5), 1);
    assert_string_equal(b.zone, "Asia/Tokyo");
    assert_string_equal(b.label, "Tokyo");
    support_sleep(0.2);
    assert_int_equal(inbox_wait(&b, 2, 0), 1); /* no second poll by itself */
    double t0 = support_now();
    fetch_worker_poke(w);
    assert_int_equal(inbox_wait(&b, 2, 5), 2);
    assert_true(support_now() - t0 < 2);
    fetch_worker_poke(w);
    assert_int_equal(inbox_wait(&b, 3, 5), 3);
    fetch_worker_stop(w);
    assert_int_equal(b.outcome[1], FETCH_STORED); /* no cache: stored each time */
    fetch_worker_stop(NULL);
    fetch_worker_poke(NULL);
}

static void fetch_worker_stop_aborts_a_transfer(void **st)
{
    (void)st;
    reset_stats();
    inbox b;
    inbox_init(&b);
    fetch_config cfg = {support_url(&plain, "/drip"), NULL, NULL, 60, 0, false};
    fetch_worker *w = fetch_worker_start(&cfg, NULL, deliver, &b);
    assert_non_null(w);
    /* Wait until the request reached the server, and a little more. */
    double until = support_now() + 5;
    for (;;) {
        cJSON *stats = control("/stats");
        int n = support_stat_count(stats, "requests", "/drip");
        cJSON_Delete(stats);
        if (n > 0 || support_now() > until)
            break;
        support_sleep(0.02);
    }
    support_sleep(1.5);
    double t0 = support_now();
    fetch_worker_stop(w);
    double took = support_now() - t0;
    fprintf(stderr, "stop during a transfer took %.2f s\n", took);
    assert_true(took < 2.5);
    assert_int_equal(b.n, 0); /* the aborted result is not delivered */
}

static void fetch_worker_stops_promptly_while_waiting(void **st)
{
    (void)st;
    inbox b;
    inbox_init(&b);
    fetch_config cfg = {support_url(&plain, "/404"), NULL, NULL, 60, 0, false};
    fetch_worker *w = fetch_worker_start(&cfg, NULL, deliver, &b);
    assert_non_null(w);
    assert_int_equal(inbox_wait(&b, 1, 5), 1);
    assert_int_equal(b.outcome[0], FETCH_FAILED);
    double t0 = support_now();
    fetch_worker_stop(w);
    assert_true(support_now() - t0 < 0.5);
}

/* ---- fetch_next_delay -------------------------------------------------------- */

static void fetch_next_delay_backs_off_with_full_jitter(void **st)
{
    (void)st;
    for (int f = 1; f <= 12; f++) {
        double bound = 5.0 * (double)(1 << (f - 1));
        if (bound > FETCH_BACKOFF_MAX)
            bound = FETCH_BACKOFF_MAX;
        assert_true(fetch_next_delay(60, f, -1, 0.0) == 0.0);
        assert_true(fetch_next_delay(60, f, -1, 1.0) == bound);
        double lo = 1e9, hi = -1;
        for (int i = 0; i <= 1000; i++) {
            double d = fetch_next_delay(60, f, -1, i / 1000.0);
            assert_true(d >= 0 && d <= bound);
            lo = d < lo ? d : lo;
            hi = d > hi ? d : hi;
        }
        assert_true(lo == 0.0 && hi == bound); /* the whole range is reachable */
    }
    assert_true(fetch_next_delay(60, 1, -1, 0.5) == 2.5);
    assert_true(fetch_next_delay(60, 3, -1, 0.5) == 10.0);
    assert_true(fetch_next_delay(60, 1000000, -1, 1.0) == FETCH_BACKOFF_MAX);
    assert_true(fetch_next_delay(60, 2, -1, -3.0) == 0.0);  /* clamped */
    assert_true(fetch_next_delay(60, 2, -1, 7.0) == 10.0);
}

static void fetch_next_delay_respects_retry_after_with_a_cap(void **st)
{
    (void)st;
    assert_true(fetch_next_delay(60, 1, 120, 0.0) == 120.0);
    assert_true(fetch_next_delay(60, 1, 120, 1.0) == 120.0);
    assert_true(fetch_next_delay(60, 12, 120, 1.0) == FETCH_BACKOFF_MAX); /* draw above */
    assert_true(fetch_next_delay(60, 12, 120, 0.0) == 120.0);
    assert_true(fetch_next_delay(60, 1, 5000, 0.3) == FETCH_BACKOFF_MAX); /* capped */
    assert_true(fetch_next_delay(60, 1, 0, 0.0) == 0.0);
    for (int i = 0; i <= 100; i++)
        assert_true(fetch_next_delay(60, 4, 30, i / 100.0) >= 30.0);
}

static void fetch_next_delay_after_success_is_the_poll_with_jitter(void **st)
{
    (void)st;
    assert_true(fetch_next_delay(60, 0, -1, 0.0) == 48.0);
    assert_true(fetch_next_delay(60, 0, -1, 1.0) == 72.0);
    assert_true(fetch_next_delay(60, 0, -1, 0.5) == 60.0);
    for (int i = 0; i <= 1000; i++) {
        double d = fetch_next_delay(10, 0, -1, i / 1000.0);
        assert_true(d >= 8.0 && d <= 12.0);
    }
    assert_true(fetch_next_delay(0, 0, -1, 0.5) == FETCH_POLL_DEFAULT);
    assert_true(fetch_next_delay(1, 0, -1, 0.0) == 0.8);
    assert_true(fetch_next_delay(60, 0, 500, 0.5) == 60.0); /* Retry-After only after failures */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fetch_next_delay_backs_off_with_full_jitter),
        cmocka_unit_test(fetch_next_delay_respects_retry_after_with_a_cap),
        cmocka_unit_test(fetch_next_delay_after_success_is_the_poll_with_jitter),
        cmocka_unit_test(fetch_ok_is_stored_then_304_is_unchanged),
        cmocka_unit_test(fetch_server_dates_past_2038_are_read),
        cmocka_unit_test(fetch_server_dates_outside_the_bounds_are_refused),
        cmocka_unit_test(fetch_a_304s_date_is_judged_like_a_200s),
        cmocka_unit_test(fetch_last_modified_gives_304),
        cmocka_unit_test(fetch_without_a_cache_is_never_conditional),
        cmocka_unit_test(fetch_identical_bytes_after_a_redirect_are_unchanged),
        cmocka_unit_test(fetch_changing_feed_is_stored_each_time),
        cmocka_unit_test(fetch_gzip_is_decoded),
        cmocka_unit_test(fetch_failures_and_rejections_keep_the_cache),
        cmocka_unit_test(fetch_retry_after_as_a_date_is_seconds_from_now),
        cmocka_unit_test(fetch_a_stalled_transfer_is_aborted),
        cmocka_unit_test(fetch_file_urls_and_plain_paths),
        cmocka_unit_test(fetch_https_verifies_the_certificate),
        cmocka_unit_test(fetch_https_to_http_redirect_is_refused_unless_allowed),
        cmocka_unit_test(fetch_oversized_response_headers_are_named),
        cmocka_unit_test(fetch_outside_text_is_escaped_for_logs),
        cmocka_unit_test(fetch_worker_delivers_every_poll),
        cmocka_unit_test(fetch_worker_poke_polls_now),
        cmocka_unit_test(fetch_worker_stop_aborts_a_transfer),
        cmocka_unit_test(fetch_worker_stops_promptly_while_waiting),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
