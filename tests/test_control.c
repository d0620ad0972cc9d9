/* test_control.c - the board's control endpoint, through the real binary on SDL's
 * dummy video driver and a real HTTP client (libcurl) on 127.0.0.1:
 *   - GET /status: the board's health and the state it shows;
 *   - GET /screen.png: the frame on the screen, the same as `hallboard render` of the
 *     same instant;
 *   - PUT /feed: refused without the token, with a broken feed (nothing lost), for a
 *     board that polls a URL; a valid feed shown at once and again after a restart;
 *     over the size limit; unknown paths and methods;
 *   - answering while the board waits for a display; a port already taken;
 *   - `hallboard status BOARD...`: a line per board, live or unreachable.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <cjson/cJSON.h>

#include "support.h"

#define TOKEN "s3cret-token-for-hall-A"

/* A running board and where its endpoint is. */
typedef struct {
    support_board b;
    int port;
    char base[64];
    char *cache;   /* its cache directory (the test's, kept across restarts) */
} fixture;

/* Starts a board with the endpoint on a free port, pushing allowed (TOKEN) and the
 * cache in f->cache (made when NULL); extra arguments after, NULL-ended (up to 8). */
static void start(fixture *f, const char *const extra[])
{
    if (!f->cache)
        f->cache = support_tempdir();
    f->port = support_closed_port();
    assert_true(f->port > 0);
    snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%d", f->port);
    char conf[1024], port[16];
    snprintf(conf, sizeof(conf), "cache_dir = %s\ncontrol_token = %s\n", f->cache, TOKEN);
    snprintf(port, sizeof(port), "%d", f->port);
    char *argv[16] = {"--windowed", "640x360", "--control-port", port};
    int n = 4;
    for (int i = 0; extra && extra[i] && n < 15; i++)
        argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    const char *env[] = {"SDL_VIDEODRIVER=dummy", "SDL_RENDER_DRIVER=software",
                         "HALLBOARD_RUN_SECONDS=60", NULL};
    support_board_start(&f->b, conf, env, argv);
    if (!support_board_says(&f->b, "control endpoint on port", 10))
        fail_msg("no control endpoint:\n%s", f->b.out);
}

static void stop(fixture *f, bool keep_cache)
{
    support_board_stop(&f->b, false);
    if (!keep_cache && f->cache) {
        support_remove_tree(f->cache);
        free(f->cache);
        f->cache = NULL;
    }
}

static support_reply call(const fixture *f, const char *method, const char *path,
                          const char *auth, const char *body, size_t len)
{
    char url[256];
    snprintf(url, sizeof(url), "%s%s", f->base, path);
    return support_http(method, url, auth, body, len);
}

/* GET /status as JSON (fails the test on anything else). */
static cJSON *status(const fixture *f)
{
    support_reply r = call(f, "GET", "/status", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.type, "application/json"));
    cJSON *j = cJSON_Parse(r.body);
    if (!j)
        fail_msg("not JSON: %s", r.body);
    support_reply_free(&r);
    return j;
}

static const char *str_at(const cJSON *j, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, a);
    if (b)
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

static double num_at(const cJSON *j, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(j, a);
    if (b)
        x = cJSON_GetObjectItemCaseSensitive(x, b);
    return cJSON_IsNumber(x) ? x->valuedouble : -1;
}

/* state.source.kind of a /status document. */
static const char *source_kind(const cJSON *j)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "state");
    return str_at(st, "source", "kind");
}

static const char *source_revision(const cJSON *j)
{
    const cJSON *st = cJSON_GetObjectItemCaseSensitive(j, "state");
    return str_at(st, "source", "revision");
}

static void control_status_tells_what_the_board_shows(void **st)
{
    (void)st;
    fixture f = {0};
    start(&f, NULL);
    assert_true(support_board_says(&f.b, "first frame presented", 10));
    cJSON *j = status(&f);
    assert_string_equal(str_at(j, "hallboard", NULL), HB_VERSION);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "profile")));
    assert_int_equal((int)num_at(j, "display", "width"), 640);
    assert_int_equal((int)num_at(j, "display", "height"), 360);
    assert_string_equal(str_at(j, "display", "video_driver"), "dummy");
    assert_string_equal(str_at(j, "display", "renderer"), "software");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "display"), "on")));
    assert_true(num_at(j, "frames", NULL) >= 1);
    /* Its own resident memory: more than a few MB, less than the budget of a Pi. */
    double kib = num_at(j, "memory_kib", NULL);
    assert_true(kib > 4000 && kib < 256 * 1024);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "feed"), "url")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "feed"), "push")));
    /* The state it shows: the built-in agenda, now. */
    const cJSON *state = cJSON_GetObjectItem(j, "state");
    assert_string_equal(str_at(state, "event", NULL), "Global MOOC Conference 2020");
    assert_string_equal(source_kind(j), "embedded");
    int64_t at = support_instant(str_at(j, "at", NULL));
    int64_t now = (int64_t)time(NULL);
    assert_true(at <= now && at > now - 90);
    assert_true(num_at(j, "uptime_s", NULL) >= 0 && num_at(j, "uptime_s", NULL) < 60);
    cJSON_Delete(j);
    stop(&f, false);
}

/* Pixels whose channels differ by more than 48 (the golden images' rule). */
static int differing(SDL_Surface *a, SDL_Surface *b)
{
    int n = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            Uint8 ar, ag, ab, br, bg, bb;
            Uint32 pa = ((Uint32 *)((Uint8 *)a->pixels + y * a->pitch))[x];
            Uint32 pb = ((Uint32 *)((Uint8 *)b->pixels + y * b->pitch))[x];
            SDL_GetRGB(pa, a->format, &ar, &ag, &ab);
            SDL_GetRGB(pb, b->format, &br, &bg, &bb);
            n += abs(ar - br) > 48 || abs(ag - bg) > 48 || abs(ab - bb) > 48;
        }
    return n;
}

static SDL_Surface *load_png(const void *data, size_t len)
{
    SDL_Surface *raw = IMG_Load_RW(SDL_RWFromConstMem(data, (int)len), 1);
    if (!raw)
        return NULL;
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    return s;
}

static void control_screen_is_the_frame_on_screen(void **st)
{
    (void)st;
    fixture f = {0};
    start(&f, NULL);
    assert_true(support_board_says(&f.b, "first frame presented", 10));
    int diff = -1;
    /* The screen and the instant it shows: taken again if a minute turned between. */
    for (int attempt = 0; attempt < 3 && diff != 0; attempt++) {
        cJSON *before = status(&f);
        support_reply r = call(&f, "GET", "/screen.png", NULL, NULL, 0);
        cJSON *after = status(&f);
        assert_int_equal(r.status, 200);
        assert_string_equal(r.type, "image/png");
        char at[40];
        snprintf(at, sizeof(at), "%s", str_at(after, "at", NULL));
        bool same_minute = strncmp(str_at(before, "at", NULL), at, 16) == 0;
        cJSON_Delete(before);
        cJSON_Delete(after);
        SDL_Surface *shot = load_png(r.body, r.len);
        support_reply_free(&r);
        assert_non_null(shot);
        assert_int_equal(shot->w, 640);
        assert_int_equal(shot->h, 360);
        if (!same_minute) {
            SDL_FreeSurface(shot);
            support_sleep(2.2); /* past the reuse of the last PNG */
            continue;
        }
        /* `hallboard render` of that instant, same size and settings. */
        char *dir = support_tempdir(), png[512];
        snprintf(png, sizeof(png), "%s/render.png", dir);
        char *argv[] = {(char *)support_hallboard(), "render", "--config", f.b.conf, "--at", at,
                        "--size", "640x360", "-o", png, NULL};
        support_run_result rr = support_run(argv);
        assert_int_equal(rr.status, 0);
        support_run_free(&rr);
        SDL_Surface *ref = IMG_Load(png);
        assert_non_null(ref);
        SDL_Surface *refc = SDL_ConvertSurfaceFormat(ref, SDL_PIXELFORMAT_ARGB8888, 0);
        diff = differing(shot, refc);
        /* Not a blank picture either: the frame has text on a background. */
        int bright = 0;
        for (int y = 0; y < 360; y += 2)
            for (int x = 0; x < 640; x += 2) {
                Uint8 r8, g8, b8;
                SDL_GetRGB(((Uint32 *)((Uint8 *)shot->pixels + y * shot->pitch))[x],
                           shot->format, &r8, &g8, &b8);
                bright += r8 > 200 && g8 > 200 && b8 > 200;
            }
        assert_true(bright > 200);
        SDL_FreeSurface(refc);
        SDL_FreeSurface(ref);
        SDL_FreeSurface(shot);
        unlink(png);
        rmdir(dir);
        free(dir);
        if (diff > 640 * 360 / 200)
            fail_msg("the screen differs from the render of %s in %d pixels", at, diff);
        diff = 0;
    }
    assert_int_equal(diff, 0);

    /* Asked in a loop, the board draws once: the same PNG for 2 s. */
    support_sleep(2.2);
    cJSON *j = status(&f);
    double frames0 = num_at(j, "frames", NULL);
    cJSON_Delete(j);
    char *first = NULL;
    size_t first_len = 0;
    for (int i = 0; i < 5; i++) {
        support_reply r = call(&f, "GET", "/screen.png", NULL, NULL, 0);
        assert_int_equal(r.status, 200);
        if (!first) {
            first = r.body;
            first_len = r.len;
        } else {
            assert_int_equal(r.len, first_len);
            assert_memory_equal(r.body, first, first_len);
            support_reply_free(&r);
        }
    }
    free(first);
    j = status(&f);
    double frames1 = num_at(j, "frames", NULL);
    cJSON_Delete(j);
    /* one for the screen, perhaps one for a new minute; 5 without the reuse */
    assert_true(frames1 - frames0 >= 1 && frames1 - frames0 <= 2);
    stop(&f, false);
}

static void control_push_checks_stores_and_shows_a_feed(void **st)
{
    (void)st;
    fixture f = {0};
    start(&f, NULL);
    assert_true(support_board_says(&f.b, "first frame presented", 10));
    size_t len;
    char *good = support_read_file(HB_SOURCE_DIR "/tests/inputs/multihall.json", &len);
    assert_non_null(good);

    /* No token, a wrong one: 401, nothing read. */
    support_reply r = call(&f, "PUT", "/feed", NULL, good, len);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.body, "\"error\""));
    support_reply_free(&r);
    r = call(&f, "PUT", "/feed", "Bearer s3cret-token-for-hall-B", good, len);
    assert_int_equal(r.status, 401);
    support_reply_free(&r);

    /* A broken feed: 422 with its problems; the board keeps what it shows. */
    const char *broken = "{\"hallboard\": 1, \"event\": {\"title\": \"x\"}, \"sessions\": [";
    r = call(&f, "PUT", "/feed", "Bearer " TOKEN, broken, strlen(broken));
    assert_int_equal(r.status, 422);
    cJSON *j = cJSON_Parse(r.body);
    assert_non_null(j);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "accepted")));
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItem(j, "problems")) >= 1);
    cJSON_Delete(j);
    support_reply_free(&r);
    j = status(&f);
    assert_string_equal(source_kind(j), "embedded");
    cJSON_Delete(j);

    /* A valid one: stored, shown. */
    r = call(&f, "PUT", "/feed", "Bearer " TOKEN, good, len);
    assert_int_equal(r.status, 200);
    j = cJSON_Parse(r.body);
    assert_non_null(j);
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "accepted")));
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "stored")));
    assert_string_equal(str_at(j, "revision", NULL), "test-multihall-1");
    assert_int_equal((int)num_at(j, "sessions", NULL), 8);
    cJSON_Delete(j);
    support_reply_free(&r);
    assert_true(support_board_says(&f.b, "pushed feed (endpoint): revision test-multihall-1", 5));
    bool shown = false;
    for (int i = 0; i < 50 && !shown; i++) {
        j = status(&f);
        shown = source_kind(j) && strcmp(source_kind(j), "pushed") == 0;
        if (shown)
            assert_string_equal(source_revision(j), "test-multihall-1");
        cJSON_Delete(j);
        if (!shown)
            support_sleep(0.1);
    }
    assert_true(shown);

    /* Over the limit: 413, and the pushed feed stays. */
    size_t big = 16u * 1024u * 1024u + 1;
    char *huge = malloc(big);
    assert_non_null(huge);
    memset(huge, ' ', big);
    r = call(&f, "PUT", "/feed", "Bearer " TOKEN, huge, big);
    free(huge);
    assert_int_equal(r.status, 413);
    support_reply_free(&r);

    /* Wrong paths and methods. */
    r = call(&f, "GET", "/feed", NULL, NULL, 0);
    assert_int_equal(r.status, 405);
    assert_non_null(strstr(r.body, "this path takes PUT"));
    support_reply_free(&r);
    r = call(&f, "POST", "/status", NULL, "x", 1);
    assert_int_equal(r.status, 405);
    support_reply_free(&r);
    r = call(&f, "GET", "/admin", NULL, NULL, 0);
    assert_int_equal(r.status, 404);
    support_reply_free(&r);
    /* The page for a browser shows the screen. */
    r = call(&f, "GET", "/", NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.type, "text/html; charset=utf-8");
    assert_non_null(strstr(r.body, "<img src=\"/screen.png\""));
    assert_non_null(strstr(r.body, "href=\"/status\""));
    support_reply_free(&r);

    /* After a restart (a power cut, an update): the pushed feed from the start. */
    stop(&f, true);
    start(&f, NULL);
    assert_true(support_board_says(&f.b, "first frame presented", 10));
    j = status(&f);
    assert_string_equal(source_kind(j), "pushed");
    assert_string_equal(source_revision(j), "test-multihall-1");
    const char *footer = str_at(cJSON_GetObjectItem(j, "state"), "source", "footer");
    assert_non_null(footer);
    assert_non_null(strstr(footer, "pushed agenda from "));
    assert_non_null(strstr(footer, "revision test-multihall-1"));
    cJSON_Delete(j);

    /* The same board set to poll a URL: what was pushed is not taken for that URL's
     * cache (the URL is down here: the built-in agenda, offline). */
    stop(&f, true);
    char feed[96];
    snprintf(feed, sizeof(feed), "http://127.0.0.1:%d/feed.json", support_closed_port());
    const char *extra[] = {"--feed", feed, NULL};
    start(&f, extra);
    assert_true(support_board_says(&f.b, "first frame presented", 10));
    assert_non_null(strstr(f.b.out, "holds a pushed feed, not one of a feed URL"));
    j = status(&f);
    assert_string_equal(source_kind(j), "embedded");
    cJSON_Delete(j);
    stop(&f, false);
    free(good);
}

/* An export with flaws is pushed as it comes: repaired, shown, and its warnings counted
 * in /status and in the footer. */
static void control_pushed_export_counts_its_warnings(void **st)
{
    (void)st;
    fixture f = {0};
    start(&f, NULL);
    assert_true(support_board_says(&f.b, "first frame presented", 10));
    /* Floating times (no zone anywhere), a zero-length event, a repeated UID. */
    const char *ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
                      "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20201209T100000\r\n"
                      "DTEND:20201209T110000\r\nSUMMARY:Talk one\r\nLOCATION:Hall A\r\n"
                      "END:VEVENT\r\n"
                      "BEGIN:VEVENT\r\nUID:a\r\nDTSTART:20201209T110000\r\n"
                      "DTEND:20201209T120000\r\nSUMMARY:Talk two\r\nLOCATION:Hall A\r\n"
                      "END:VEVENT\r\n"
                      "BEGIN:VEVENT\r\nUID:doors\r\nDTSTART:20201209T093000\r\n"
                      "DTEND:20201209T093000\r\nSUMMARY:Doors open\r\nEND:VEVENT\r\n"
                      "END:VCALENDAR\r\n";
    support_reply r = call(&f, "PUT", "/feed", "Bearer " TOKEN, ics, strlen(ics));
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    assert_non_null(j);
    assert_int_equal((int)num_at(j, "sessions", NULL), 3);
    cJSON_Delete(j);
    support_reply_free(&r);
    bool shown = false;
    for (int i = 0; i < 50 && !shown; i++) {
        j = status(&f);
        const cJSON *src = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(j, "state"), "source");
        const char *fmt = str_at(src, "format", NULL);
        shown = fmt && strcmp(fmt, "ical") == 0;
        if (shown) {
            /* No zone, the moment, the repeated id: three warnings. */
            assert_int_equal((int)num_at(src, "warnings", NULL), 3);
            assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(src, "zone_assumed")));
            const char *footer = str_at(src, "footer", NULL);
            assert_non_null(footer);
            assert_non_null(strstr(footer, "3 feed warnings"));
            assert_non_null(strstr(footer, "times read as UTC"));
        }
        cJSON_Delete(j);
        if (!shown)
            support_sleep(0.1);
    }
    assert_true(shown);
    stop(&f, false);
}

static void control_push_is_refused_to_a_board_that_polls(void **st)
{
    (void)st;
    fixture f = {0};
    /* Nothing listens there: the board shows the built-in agenda, offline. */
    int port = support_closed_port();
    char feed[128], want[128];
    /* '@' in the password, the query and the fragment: none of it may show. */
    snprintf(feed, sizeof(feed), "http://user:p@ss@127.0.0.1:%d/feed.json?sig=ab@cd#x@y", port);
    snprintf(want, sizeof(want), "http://127.0.0.1:%d/feed.json", port);
    const char *extra[] = {"--feed", feed, NULL};
    start(&f, extra);
    assert_true(support_board_says(&f.b, "first frame presented", 10));
    cJSON *j = status(&f);
    assert_string_equal(str_at(j, "feed", "url"), want);
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "feed"), "push")));
    cJSON_Delete(j);
    const char *body = "{}";
    support_reply r = call(&f, "PUT", "/feed", "Bearer " TOKEN, body, 2);
    assert_int_equal(r.status, 409);
    assert_non_null(strstr(r.body, "publish the feed there"));
    support_reply_free(&r);
    stop(&f, false);
}

static void control_answers_while_waiting_for_a_display(void **st)
{
    (void)st;
    char *cache = support_tempdir();
    int port = support_closed_port();
    char conf[512], portarg[16], url[128];
    snprintf(conf, sizeof(conf), "cache_dir = %s\n", cache);
    snprintf(portarg, sizeof(portarg), "%d", port);
    char *argv[] = {"--control-port", portarg, NULL};
    const char *env[] = {"SDL_VIDEODRIVER=x11", "-DISPLAY", "-WAYLAND_DISPLAY",
                         "HALLBOARD_RUN_SECONDS=20", NULL};
    support_board b;
    support_board_start(&b, conf, env, argv);
    assert_true(support_board_says(&b, "no display yet", 10));
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/status", port);
    support_reply r = support_http("GET", url, NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    assert_non_null(j);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "display")));
    assert_int_equal((int)num_at(j, "frames", NULL), 0);
    assert_string_equal(source_kind(j), "embedded");
    /* No pushing without a token. */
    assert_true(cJSON_IsFalse(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "feed"), "push")));
    cJSON_Delete(j);
    support_reply_free(&r);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/screen.png", port);
    r = support_http("GET", url, NULL, NULL, 0);
    assert_int_equal(r.status, 503);
    support_reply_free(&r);
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/feed", port);
    r = support_http("PUT", url, "Bearer " TOKEN, "{}", 2);
    assert_int_equal(r.status, 403);
    support_reply_free(&r);
    support_board_stop(&b, false);
    support_remove_tree(cache);
    free(cache);
}

static void control_a_taken_port_does_not_stop_the_board(void **st)
{
    (void)st;
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_ANY);
    socklen_t alen = sizeof(a);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    assert_int_equal(listen(s, 1), 0);
    assert_int_equal(getsockname(s, (struct sockaddr *)&a, &alen), 0);
    char portarg[16], want[96];
    snprintf(portarg, sizeof(portarg), "%d", ntohs(a.sin_port));
    snprintf(want, sizeof(want), "cannot listen on port %s", portarg);
    char *argv[] = {"--windowed", "320x180", "--control-port", portarg, NULL};
    const char *env[] = {"SDL_VIDEODRIVER=dummy", "HALLBOARD_RUN_SECONDS=20", NULL};
    support_board b;
    support_board_start(&b, "", env, argv);
    bool said = support_board_says(&b, want, 10);
    bool runs = support_board_says(&b, "first frame presented", 10);
    support_board_stop(&b, !said || !runs);
    close(s);
    assert_true(said);
    assert_true(runs);
}

static void control_status_command_lists_every_board(void **st)
{
    (void)st;
    fixture f = {0};
    /* The demo clock: the opening session starts 3 s after the start, for 5 s. */
    const char *extra[] = {"--demo", NULL};
    start(&f, extra);
    assert_true(support_board_says(&f.b, "first frame presented", 10));
    char a[64], b[96], dead[64];
    snprintf(a, sizeof(a), "127.0.0.1:%d", f.port);
    snprintf(b, sizeof(b), "http://127.0.0.1:%d/", f.port);
    snprintf(dead, sizeof(dead), "127.0.0.1:%d", support_closed_port());
    char *argv[] = {(char *)support_hallboard(), "status", a, b, dead, NULL};
    bool live = false;
    for (int i = 0; i < 40 && !live; i++) {
        support_run_result r = support_run(argv);
        /* One line per board, in order; exit 2: one did not answer. */
        assert_int_equal(r.status, 2);
        char want[128];
        snprintf(want, sizeof(want), "%s\tok\t640x360 on\t", a);
        assert_int_equal(strncmp(r.out, want, strlen(want)), 0);
        const char *l2 = strchr(r.out, '\n');
        assert_non_null(l2);
        snprintf(want, sizeof(want), "\n%s\tok\t640x360 on\t", b);
        assert_int_equal(strncmp(l2, want, strlen(want)), 0);
        const char *l3 = strchr(l2 + 1, '\n');
        assert_non_null(l3);
        snprintf(want, sizeof(want), "\n%s\tunreachable: ", dead);
        assert_int_equal(strncmp(l3, want, strlen(want)), 0);
        assert_non_null(strstr(r.out, "demo: simulated clock"));
        live = strstr(r.out, "\tnow: Opening address and setting the scene\t") != NULL;
        if (!live)
            assert_non_null(strstr(r.out, "\tno session now\t"));
        support_run_free(&r);
        if (!live)
            support_sleep(0.25);
    }
    assert_true(live);
    stop(&f, false);
    char *bad[] = {(char *)support_hallboard(), "status", "not a host", NULL};
    support_run_result r = support_run(bad);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "is not HOST[:PORT] or an http(s) URL"));
    support_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(control_status_tells_what_the_board_shows),
        cmocka_unit_test(control_screen_is_the_frame_on_screen),
        cmocka_unit_test(control_push_checks_stores_and_shows_a_feed),
        cmocka_unit_test(control_pushed_export_counts_its_warnings),
        cmocka_unit_test(control_push_is_refused_to_a_board_that_polls),
        cmocka_unit_test(control_answers_while_waiting_for_a_display),
        cmocka_unit_test(control_a_taken_port_does_not_stop_the_board),
        cmocka_unit_test(control_status_command_lists_every_board),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
