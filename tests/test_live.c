/* test_live.c - the real `hallboard` binary against the real scripted server
 * (tests/http_server.py on 127.0.0.1), end to end, one test per network scenario.
 *
 * For each scenario: (a) `hallboard fetch --feed URL --cache DIR`: its exit code (0
 * stored or unchanged, 1 rejected, 2 network failure) and the fields of its JSON line;
 * (b) what the cache holds afterwards (cache_load): the good feed stored first is
 * never lost; (c) `hallboard state --feed URL --cache DIR --at AT`: "source" "kind"
 * (network on 200/304, cache when the network fails, exit 2 with no cache, exit 1 on a
 * rejected feed); (d) the footer line the board would show, from the same state output
 * ("source" "footer" and "fetched_at"). (e) The board itself, on SDL's dummy video
 * driver: a feed that changes reaches it, and a rejected feed is logged once however
 * many polls reject it, the cache untouched.
 *
 * In the failure scenarios the good cache is back-dated to 47 minutes before AT, so
 * the offline footer reads as on a board that lost its network: "offline - agenda
 * from 09:33 (47 min ago)" (the feed's venue zone is Europe/Berlin, UTC+1 then). The
 * slow-drip route is left to test_fetch (through the CLI it takes FETCH_LOW_TIME).
 */
#include "support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "board.h"
#include "cache.h"
#include "civil.h"

#define FEED_PATH HB_SOURCE_DIR "/tests/inputs/multihall.json"
#define FEED_REVISION "test-multihall-1"
#define AT "2020-12-09T12:20:00+03:00"   /* 10:20 in Berlin */
#define DOT " \xc2\xb7 "
#define OFFLINE_FOOTER "offline - agenda from 09:33 (47 min ago)" DOT "revision " FEED_REVISION
#define MiB (1024u * 1024u)

static support_server srv;
static char *tmp;            /* cache directories and the empty settings file */
static char settings[600];   /* an empty settings file: the board ignores /etc */
static char *feed_bytes;
static size_t feed_len;

static int group_setup(void **st)
{
    (void)st;
    tmp = support_tempdir();
    feed_bytes = support_read_file(FEED_PATH, &feed_len);
    if (!tmp || !feed_bytes)
        return -1;
    snprintf(settings, sizeof(settings), "%s/empty.conf", tmp);
    if (support_write_file(settings, "", 0) != 0)
        return -1;
    return support_server_start(&srv, FEED_PATH, NULL, NULL);
}

static int group_teardown(void **st)
{
    (void)st;
    support_server_stop(&srv);
    if (tmp)
        support_remove_tree(tmp);
    free(tmp);
    free(feed_bytes);
    return 0;
}

/* ---- Helpers ---------------------------------------------------------------- */

/* A URL on a port where nothing listens. */
static const char *refused_url(void)
{
    static char u[64];
    int port = support_closed_port();
    assert_true(port > 0);
    snprintf(u, sizeof(u), "http://127.0.0.1:%d/ok", port);
    return u;
}

/* A fresh cache directory path (not created). */
static const char *new_cache_dir(void)
{
    static char dirs[8][600];
    static int n;
    char *d = dirs[n % 8];
    snprintf(d, sizeof(dirs[0]), "%s/cache-%d", tmp, n);
    n++;
    return d;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!hay || !strstr(hay, needle))
        fprintf(stderr, "\"%s\" does not contain \"%s\"\n", hay ? hay : "(null)", needle);
    assert_true(hay && strstr(hay, needle));
}

/* Runs hallboard with args (NULL-terminated, at most 12). */
static support_run_result hb(const char *a0, ...)
{
    char *argv[16] = {(char *)support_hallboard()};
    int n = 1;
    va_list ap;
    va_start(ap, a0);
    for (const char *a = a0; a && n < 15; a = va_arg(ap, const char *))
        argv[n++] = (char *)a;
    va_end(ap);
    argv[n] = NULL;
    return support_run(argv);
}

/* Parses the single JSON line of r's stdout. */
static cJSON *json_line(const support_run_result *r)
{
    cJSON *j = cJSON_Parse(r->out);
    if (!j)
        fprintf(stderr, "not JSON: \"%s\" (stderr: %s)\n", r->out, r->err);
    assert_non_null(j);
    return j;
}

static const cJSON *field(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!v)
        fprintf(stderr, "no \"%s\" field\n", key);
    assert_non_null(v);
    return v;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = field(o, key);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = field(o, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static void assert_null_field(const cJSON *o, const char *key)
{
    assert_true(cJSON_IsNull(field(o, key)));
}

/* `hallboard fetch --feed url --cache dir`: asserts the exit code, returns the line. */
static cJSON *fetch(const char *url, const char *dir, int rc)
{
    support_run_result r = hb("fetch", "--feed", url, "--cache", dir, NULL);
    if (r.status != rc)
        fprintf(stderr, "fetch %s: exit %d, not %d: %s%s\n", url, r.status, rc, r.out, r.err);
    assert_int_equal(r.status, rc);
    cJSON *j = json_line(&r);
    assert_string_equal(str(j, "url"), url);
    assert_string_equal(str(j, "cache"), dir);
    support_run_free(&r);
    return j;
}

/* `hallboard state --feed url --cache dir --at AT`. */
static support_run_result state(const char *url, const char *dir)
{
    return hb("state", "--feed", url, "--cache", dir, "--at", AT, NULL);
}

/* The "source" object of a successful state run (r freed); *doc to cJSON_Delete. */
static const cJSON *state_source(support_run_result *r, cJSON **doc)
{
    if (r->status != 0)
        fprintf(stderr, "state: exit %d: %s\n", r->status, r->err);
    assert_int_equal(r->status, 0);
    *doc = json_line(r);
    support_run_free(r);
    assert_string_equal(str(*doc, "at"), "2020-12-09T09:20:00Z");
    const cJSON *src = field(*doc, "source");
    assert_true(cJSON_IsObject(src));
    return src;
}

/* The cache of dir is exactly s (bytes and every metadata field). */
static void assert_cache_is(const char *dir, const support_snapshot *s)
{
    support_snapshot now = support_cache_snapshot(dir);
    support_assert_same_cache(s, &now);
    support_snapshot_free(&now);
}

static int64_t at_utc(void)
{
    int64_t t;
    assert_true(civil_parse_rfc3339(AT, &t, NULL));
    return t;
}

static int64_t parse_utc(const char *s)
{
    int64_t t;
    assert_true(civil_parse_rfc3339(s, &t, NULL));
    return t;
}

/* Stores the good feed in a fresh cache with `hallboard fetch URL/ok`, then dates it
 * 47 minutes before AT (a board that fetched it then). Returns the directory. */
static const char *good_cache(void)
{
    const char *dir = new_cache_dir();
    cJSON_Delete(fetch(support_url(&srv, "/ok"), dir, 0));
    support_snapshot s = support_cache_snapshot(dir);
    assert_true(s.ok);
    assert_string_equal(s.meta.revision, FEED_REVISION);
    char path[700], err[256];
    snprintf(path, sizeof(path), "%s/" CACHE_FILE, dir);
    assert_int_equal(unlink(path), 0); /* identical bytes would not be written again */
    s.meta.fetched_at = at_utc() - 47 * 60;
    bool written = false;
    assert_int_equal(cache_store(dir, &s.meta, s.feed, s.len, &written, err, sizeof(err)), 0);
    assert_true(written);
    support_snapshot_free(&s);
    return dir;
}

/* ---- 200 and 304 ------------------------------------------------------------ */

static void live_200_stores_the_feed_and_the_board_is_live(void **st)
{
    (void)st;
    const char *dir = new_cache_dir();
    int64_t t0 = (int64_t)time(NULL);
    /* (a) */
    cJSON *j = fetch(support_url(&srv, "/ok"), dir, 0);
    int64_t t1 = (int64_t)time(NULL);
    assert_string_equal(str(j, "outcome"), "stored");
    assert_int_equal((long)num(j, "http_status"), 200);
    assert_null_field(j, "reason");
    assert_string_equal(str(j, "revision"), FEED_REVISION);
    assert_int_equal((long)num(j, "sessions"), 8);
    assert_int_equal((size_t)num(j, "bytes"), feed_len);
    double wire = num(j, "wire_bytes"); /* the body and the headers both ways */
    assert_true(wire > (double)feed_len + 100 && wire < (double)feed_len + 1500);
    assert_null(cJSON_GetObjectItem(j, "retry_after_s"));
    int64_t fetched = parse_utc(str(j, "fetched_at"));
    assert_true(fetched >= t0 && fetched <= t1);
    cJSON_Delete(j);
    /* (b) */
    support_snapshot s = support_cache_snapshot(dir);
    assert_true(s.ok);
    assert_int_equal(s.len, feed_len);
    assert_memory_equal(s.feed, feed_bytes, feed_len);
    assert_string_equal(s.meta.revision, FEED_REVISION);
    assert_string_equal(s.meta.url, support_url(&srv, "/ok"));
    assert_true(s.meta.etag[0] == '"');
    assert_int_equal(s.meta.fetched_at, fetched);
    support_snapshot_free(&s);
    /* ... and `state --cache DIR` alone reads it. */
    support_run_result r = hb("state", "--cache", dir, "--at", AT, NULL);
    cJSON *doc;
    const cJSON *src = state_source(&r, &doc);
    assert_string_equal(str(src, "kind"), "cache");
    assert_string_equal(str(src, "revision"), FEED_REVISION);
    assert_int_equal(parse_utc(str(src, "fetched_at")), fetched);
    cJSON_Delete(doc);
    /* (c), (d): state on a fresh cache gets a 200 too, stores it and is live. */
    const char *dir2 = new_cache_dir();
    t0 = (int64_t)time(NULL);
    r = state(support_url(&srv, "/ok"), dir2);
    t1 = (int64_t)time(NULL);
    src = state_source(&r, &doc);
    assert_string_equal(str(src, "kind"), "network");
    assert_string_equal(str(src, "revision"), FEED_REVISION);
    assert_string_equal(str(src, "footer"), "live" DOT "revision " FEED_REVISION);
    int64_t when = parse_utc(str(src, "fetched_at"));
    assert_true(when >= t0 && when <= t1);
    cJSON_Delete(doc);
    s = support_cache_snapshot(dir2);
    assert_true(s.ok && s.meta.fetched_at == when);
    support_snapshot_free(&s);
}

static void live_304_keeps_the_cache_and_the_board_is_live(void **st)
{
    (void)st;
    const char *dir = good_cache();
    support_snapshot good = support_cache_snapshot(dir);
    assert_int_equal(support_http_reset_stats(&srv), 0);
    /* (a) */
    cJSON *j = fetch(support_url(&srv, "/ok"), dir, 0);
    assert_string_equal(str(j, "outcome"), "unchanged");
    assert_int_equal((long)num(j, "http_status"), 304);
    assert_null_field(j, "reason");
    assert_string_equal(str(j, "revision"), FEED_REVISION);
    assert_int_equal((long)num(j, "bytes"), 0);
    double wire = num(j, "wire_bytes"); /* headers only */
    assert_true(wire > 100 && wire < 1000);
    assert_null(cJSON_GetObjectItem(j, "retry_after_s"));
    cJSON_Delete(j);
    /* (b) nothing written, not even the time */
    assert_cache_is(dir, &good);
    /* (c), (d) a 304 is the origin saying "current": network and live, with the time
     * the feed first arrived. */
    support_run_result r = state(support_url(&srv, "/ok"), dir);
    cJSON *doc;
    const cJSON *src = state_source(&r, &doc);
    assert_string_equal(str(src, "kind"), "network");
    assert_string_equal(str(src, "revision"), FEED_REVISION);
    assert_string_equal(str(src, "footer"), "live" DOT "revision " FEED_REVISION);
    assert_string_equal(str(src, "fetched_at"), "2020-12-09T08:33:00Z");
    cJSON_Delete(doc);
    assert_cache_is(dir, &good);
    cJSON *stats = support_http_get_stats(&srv);
    assert_non_null(stats);
    assert_int_equal(support_stat_count(stats, "requests", "/ok"), 2);
    assert_int_equal(support_stat_count(stats, "not_modified", "/ok"), 2);
    assert_string_equal(support_stat_header(stats, "/ok", "If-None-Match"), good.meta.etag);
    cJSON_Delete(stats);
    support_snapshot_free(&good);
}

/* ---- Failures and rejections ------------------------------------------------ */

typedef struct {
    const char *path;    /* the route; NULL: a closed port (connection refused) */
    int rc;              /* of fetch: 2 network failure, 1 rejected */
    long http_status;    /* 0: null */
    const char *reason;  /* contained in "reason" */
    long retry_after;    /* "retry_after_s", or -1: absent */
    double wire_min, wire_max;
} scenario;

static void run_failure(const scenario *sc)
{
    const char *dir = good_cache();
    support_snapshot good = support_cache_snapshot(dir);
    const char *url = sc->path ? support_url(&srv, sc->path) : refused_url();
    fprintf(stderr, "-- %s\n", url);
    bool rejected = sc->rc == 1;

    /* (a) */
    cJSON *j = fetch(url, dir, sc->rc);
    assert_string_equal(str(j, "outcome"), rejected ? "rejected" : "failed");
    if (sc->http_status)
        assert_int_equal((long)num(j, "http_status"), sc->http_status);
    else
        assert_null_field(j, "http_status");
    assert_contains(str(j, "reason"), sc->reason);
    assert_null_field(j, "revision");
    assert_null(cJSON_GetObjectItem(j, "sessions"));
    double wire = num(j, "wire_bytes");
    if (wire < sc->wire_min || wire > sc->wire_max)
        fprintf(stderr, "wire_bytes %.0f not in %.0f..%.0f\n", wire, sc->wire_min, sc->wire_max);
    assert_true(wire >= sc->wire_min && wire <= sc->wire_max);
    assert_true(num(j, "bytes") <= 16.0 * MiB);
    const cJSON *ra = cJSON_GetObjectItem(j, "retry_after_s");
    if (sc->retry_after >= 0)
        assert_true(cJSON_IsNumber(ra) && (long)ra->valuedouble == sc->retry_after);
    else
        assert_null(ra);
    cJSON_Delete(j);

    /* (b) */
    assert_cache_is(dir, &good);

    /* (c), (d) with the cache */
    support_run_result r = state(url, dir);
    assert_contains(r.err, sc->reason);
    if (rejected) {
        /* A feed that arrived but is not valid is an error, never shown. */
        assert_int_equal(r.status, 1);
        assert_string_equal(r.out, "");
        support_run_free(&r);
    } else {
        assert_contains(r.err, "using the cached feed");
        cJSON *doc;
        const cJSON *src = state_source(&r, &doc);
        assert_string_equal(str(src, "kind"), "cache");
        assert_string_equal(str(src, "revision"), FEED_REVISION);
        assert_string_equal(str(src, "footer"), OFFLINE_FOOTER);
        assert_string_equal(str(src, "fetched_at"), "2020-12-09T08:33:00Z");
        cJSON_Delete(doc);
    }
    assert_cache_is(dir, &good);

    /* (c) with no cache */
    const char *none = new_cache_dir();
    r = state(url, none);
    if (r.status != sc->rc)
        fprintf(stderr, "state: exit %d, not %d: %s\n", r.status, sc->rc, r.err);
    assert_int_equal(r.status, sc->rc);
    assert_string_equal(r.out, "");
    assert_contains(r.err, sc->reason);
    support_run_free(&r);
    support_snapshot nothing = support_cache_snapshot(none);
    assert_false(nothing.ok);
    support_snapshot_free(&good);
}

static void live_404_is_a_network_failure(void **st)
{
    (void)st;
    static const scenario sc = {"/404", 2, 404, "HTTP 404", -1, 100, 1000};
    run_failure(&sc);
}

static void live_500_is_a_network_failure(void **st)
{
    (void)st;
    static const scenario sc = {"/500", 2, 500, "HTTP 500", -1, 100, 1000};
    run_failure(&sc);
}

static void live_503_reports_retry_after(void **st)
{
    (void)st;
    static const scenario sc = {"/503", 2, 503, "HTTP 503", 120, 100, 1000};
    run_failure(&sc);
}

static void live_connection_refused_is_a_network_failure(void **st)
{
    (void)st;
    /* The cause, CURLE_COULDNT_CONNECT, in the wording of the libcurl the board links
     * (7.88 "Couldn't connect", 8.14 "Could not connect"). */
    scenario sc = {NULL, 2, 0, NULL, -1, 0, 0};
    sc.reason = curl_easy_strerror(CURLE_COULDNT_CONNECT);
    run_failure(&sc);
}

static void live_truncated_body_is_a_network_failure(void **st)
{
    (void)st;
    /* Half the feed arrives, then the connection closes. */
    static const scenario sc = {"/truncated", 2, 200, "partial", -1, 1000, 2600};
    run_failure(&sc);
}

static void live_garbage_is_rejected(void **st)
{
    (void)st;
    static const scenario sc = {"/garbage", 1, 200,
                                "feed rejected: (feed): line 1, column 2: invalid UTF-8", -1,
                                4096, 5000};
    run_failure(&sc);
}

static void live_100_mb_stream_is_cut_at_16_mib(void **st)
{
    (void)st;
    /* The transfer stops near the cap: about 16 MiB read of the 100 MB sent. */
    static const scenario sc = {"/huge", 2, 200, "feed larger than 16 MiB", -1, 15.0 * MiB,
                                17.0 * MiB};
    run_failure(&sc);
}

static void live_redirect_loop_is_a_network_failure(void **st)
{
    (void)st;
    /* The first request and 5 redirects: six requests and six 302 responses. */
    static const scenario sc = {"/loop", 2, 302, "redirects", -1, 6 * 150, 6 * 600};
    run_failure(&sc);
}

static void live_invalid_json_is_rejected(void **st)
{
    (void)st;
    static const scenario sc = {"/invalid-json", 1, 200, "feed rejected: (feed): line 1", -1,
                                33, 1000};
    run_failure(&sc);
}

static void live_valid_json_invalid_feed_is_rejected(void **st)
{
    (void)st;
    static const scenario sc = {"/invalid-feed", 1, 200,
                                "feed rejected: sessions[0].end: before start", -1, 2000, 3500};
    run_failure(&sc);
}

/* ---- A feed that changes on every request ----------------------------------- */

/* n of "changing-n", or -1. */
static int changing_number(const char *rev)
{
    int n = -1;
    return rev && sscanf(rev, "changing-%d", &n) == 1 ? n : -1;
}

static void live_changing_feed_is_stored_every_time(void **st)
{
    (void)st;
    const char *dir = good_cache();
    const char *url = support_url(&srv, "/changing");
    int last = -1;
    for (int i = 0; i < 3; i++) {
        cJSON *j = fetch(url, dir, 0);
        assert_string_equal(str(j, "outcome"), "stored");
        assert_int_equal((long)num(j, "http_status"), 200);
        assert_null_field(j, "reason");
        int n = changing_number(str(j, "revision"));
        assert_true(n > last);
        last = n;
        assert_true(num(j, "wire_bytes") > num(j, "bytes"));
        cJSON_Delete(j);
        support_snapshot s = support_cache_snapshot(dir);
        assert_true(s.ok);
        assert_int_equal(changing_number(s.meta.revision), n);
        assert_string_equal(s.meta.url, url);
        assert_contains(s.feed, s.meta.revision);
        support_snapshot_free(&s);
    }
    support_run_result r = state(url, dir);
    cJSON *doc;
    const cJSON *src = state_source(&r, &doc);
    assert_string_equal(str(src, "kind"), "network");
    int n = changing_number(str(src, "revision"));
    assert_true(n > last);
    char footer[128];
    snprintf(footer, sizeof(footer), "live" DOT "revision changing-%d", n);
    assert_string_equal(str(src, "footer"), footer);
    cJSON_Delete(doc);
    support_snapshot s = support_cache_snapshot(dir);
    assert_int_equal(changing_number(s.meta.revision), n);
    support_snapshot_free(&s);
}

/* ---- The board -------------------------------------------------------------- */

typedef struct {
    const char *seconds, *url, *cache;
    support_run_result r;
    double took;
} bg_board;

static void *run_board(void *arg)
{
    bg_board *b = arg;
    char secs[64];
    snprintf(secs, sizeof(secs), "HALLBOARD_RUN_SECONDS=%s", b->seconds);
    char *argv[] = {"/usr/bin/env", "SDL_VIDEODRIVER=dummy", secs,
                    (char *)support_hallboard(), "--config", settings, "--windowed", "640x360",
                    "--feed", (char *)b->url, "--cache", (char *)b->cache,
                    "--poll-interval", "10", NULL};
    double t0 = support_now();
    b->r = support_run(argv);
    b->took = support_now() - t0;
    return NULL;
}

static void live_board_takes_new_feeds_and_logs_a_rejection_once(void **st)
{
    (void)st;
    /* Its own server: /changing starts at 1, and /stats count only the boards. */
    support_server own;
    assert_int_equal(support_server_start(&own, FEED_PATH, NULL, NULL), 0);
    const char *changing_dir = new_cache_dir();
    const char *rejected_dir = new_cache_dir();
    char url[256];
    cJSON_Delete(fetch(support_server_url(&own, "/ok", url, sizeof(url)), rejected_dir, 0));
    support_snapshot good = support_cache_snapshot(rejected_dir);
    assert_true(good.ok);

    char u1[256], u2[256];
    bg_board b1 = {"12", support_server_url(&own, "/changing", u1, sizeof(u1)), changing_dir,
                    {0, NULL, NULL}, 0};
    bg_board b2 = {"23", support_server_url(&own, "/invalid-feed", u2, sizeof(u2)),
                    rejected_dir, {0, NULL, NULL}, 0};
    pthread_t t1, t2;
    assert_int_equal(pthread_create(&t1, NULL, run_board, &b1), 0);
    assert_int_equal(pthread_create(&t2, NULL, run_board, &b2), 0);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    fprintf(stderr, "-- board on /changing (%.1f s):\n%s", b1.took, b1.r.err);
    fprintf(stderr, "-- board on /invalid-feed (%.1f s):\n%s", b2.took, b2.r.err);

    /* The changing feed: the feed from the first poll (the board, which has nothing
     * but the built-in agenda, shows its splash until the first fetch ends, at most
     * BOARD_SPLASH_FETCH_MAX s), the first frame, and perhaps one more feed from the
     * poll at 8..12 s. */
    assert_int_equal(b1.r.status, 0);
    assert_true(b1.took >= 11.5 && b1.took < 30);
    const char *first = strstr(b1.r.err, "hallboard: first frame presented (640x360");
    const char *feed1 = strstr(b1.r.err, "hallboard: new feed: revision changing-1\n");
    assert_non_null(first);
    assert_non_null(feed1);
    int feeds = support_count(b1.r.err, "hallboard: new feed: revision changing-");
    assert_true(feeds >= 1 && feeds <= 2);
    if (feeds == 2)
        assert_non_null(strstr(b1.r.err, "hallboard: new feed: revision changing-2\n"));
    assert_int_equal(support_count(b1.r.err, "feed rejected"), 0);
    assert_int_equal(support_count(b1.r.err, "fetch failed"), 0);
    /* The cache holds what it showed last (or the one a poll cut short by the end of
     * the run stored without showing). */
    support_snapshot s = support_cache_snapshot(changing_dir);
    assert_true(s.ok);
    int n = changing_number(s.meta.revision);
    assert_true(n == feeds || n == feeds + 1);
    support_snapshot_free(&s);

    /* The rejected feed: polled again and again (backing off), logged once. */
    assert_int_equal(b2.r.status, 0);
    assert_true(b2.took >= 22.5 && b2.took < 40);
    first = strstr(b2.r.err, "hallboard: first frame presented (640x360");
    const char *rej = strstr(b2.r.err,
                             "hallboard: feed rejected: sessions[0].end: before start\n");
    assert_non_null(first);
    assert_non_null(rej);
    assert_true(first < rej);
    assert_int_equal(support_count(b2.r.err, "feed rejected"), 1);
    assert_int_equal(support_count(b2.r.err, "new feed"), 0);
    assert_int_equal(support_count(b2.r.err, "fetch failed"), 0);
    cJSON *stats = support_http_get_stats(&own);
    assert_non_null(stats);
    int polls = support_stat_count(stats, "requests", "/invalid-feed");
    fprintf(stderr, "-- /invalid-feed was polled %d times, logged once\n", polls);
    assert_true(polls >= 2);
    cJSON_Delete(stats);
    assert_cache_is(rejected_dir, &good);

    support_snapshot_free(&good);
    support_run_free(&b1.r);
    support_run_free(&b2.r);
    support_server_stop(&own);
}

/* A board with nothing but the built-in agenda whose feed server never answers shows
 * its splash (no frame of the board yet) for at most BOARD_SPLASH_FETCH_MAX s, then
 * the built-in agenda. */
static void live_splash_while_the_first_fetch_runs(void **st)
{
    (void)st;
    int silent = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof(sa);
    assert_int_equal(bind(silent, (struct sockaddr *)&sa, sizeof(sa)), 0);
    assert_int_equal(listen(silent, 8), 0); /* connections wait, never answered */
    assert_int_equal(getsockname(silent, (struct sockaddr *)&sa, &sl), 0);
    char feed[96], port[16], *cache = support_tempdir();
    snprintf(feed, sizeof(feed), "http://127.0.0.1:%d/agenda.json", ntohs(sa.sin_port));
    int cport = support_closed_port();
    snprintf(port, sizeof(port), "%d", cport);
    char *argv[] = {"--windowed", "640x360", "--feed", feed, "--cache", cache,
                    "--control-port", port, NULL};
    const char *env[] = {"SDL_VIDEODRIVER=dummy", "SDL_RENDER_DRIVER=software",
                         "HALLBOARD_RUN_SECONDS=30", NULL};
    support_board b;
    double t0 = support_now();
    support_board_start(&b, "", env, argv);
    assert_true(support_board_says(&b, "control endpoint on port", 10));
    support_sleep(1.5);
    cJSON *j = support_board_status(cport);
    assert_non_null(j);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(j, "frames")->valueint, 0);
    cJSON_Delete(j);
    assert_true(support_board_says(&b, "first frame presented", 10));
    double took = support_now() - t0;
    assert_true(took >= BOARD_SPLASH_FETCH_MAX - 0.5);
    j = support_board_status(cport);
    assert_non_null(j);
    assert_true(cJSON_GetObjectItemCaseSensitive(j, "frames")->valueint >= 1);
    cJSON_Delete(j);
    support_board_stop(&b, false);
    close(silent);
    support_remove_tree(cache);
    free(cache);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(live_200_stores_the_feed_and_the_board_is_live),
        cmocka_unit_test(live_304_keeps_the_cache_and_the_board_is_live),
        cmocka_unit_test(live_404_is_a_network_failure),
        cmocka_unit_test(live_500_is_a_network_failure),
        cmocka_unit_test(live_503_reports_retry_after),
        cmocka_unit_test(live_connection_refused_is_a_network_failure),
        cmocka_unit_test(live_truncated_body_is_a_network_failure),
        cmocka_unit_test(live_garbage_is_rejected),
        cmocka_unit_test(live_100_mb_stream_is_cut_at_16_mib),
        cmocka_unit_test(live_redirect_loop_is_a_network_failure),
        cmocka_unit_test(live_invalid_json_is_rejected),
        cmocka_unit_test(live_valid_json_invalid_feed_is_rejected),
        cmocka_unit_test(live_changing_feed_is_stored_every_time),
        cmocka_unit_test(live_board_takes_new_feeds_and_logs_a_rejection_once),
        cmocka_unit_test(live_splash_while_the_first_fetch_runs),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
