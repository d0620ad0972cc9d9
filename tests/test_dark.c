/* test_dark.c - never dark, never silent: the real board (SDL's dummy video driver,
 * the software renderer) keeps running over every problem in its settings, feeds and
 * zones, shows the best agenda it has, and says what is wrong in its log, in its
 * footer (state.source.footer of GET /status) and in /status "problems":
 *   - a settings file that cannot be read (in a missing directory, a directory in its
 *     place, over the 256 KiB limit);
 *   - feed = a missing file, or a file that is not a valid feed;
 *   - zone = an unknown zone;
 *   - a zone directory without the built-in agenda's zones (shown in UTC);
 *   - a fetched feed that cannot be cached (the footer: "not saved for offline");
 *   - a damaged pushed feed in the cache of a board in push mode;
 *   - a settings problem shown with the source state, not instead of it.
 * The commands (`state`, `check`, `render`) keep their own exit codes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <time.h>

#include "support.h"

#define FEED_PATH HB_SOURCE_DIR "/tests/inputs/multihall.json"
#define TOKEN "dark-test-token-for-hall-B"

/* A running board and its control endpoint. */
typedef struct {
    support_board b;
    char base[64];
} board;

/* Starts the board with settings conf, its endpoint on a free port, the environment
 * env (NULL-ended, may be NULL, up to 4) and extra arguments (NULL-ended, may be NULL,
 * up to 8), and waits for its first frame. */
static void board_up(board *bd, const char *conf, const char *const env[],
                     const char *const extra[])
{
    int port = support_closed_port();
    assert_true(port > 0);
    snprintf(bd->base, sizeof(bd->base), "http://127.0.0.1:%d", port);
    char p[16];
    snprintf(p, sizeof(p), "%d", port);
    char *argv[16] = {"--windowed", "320x200", "--control-port", p};
    int n = 4;
    for (int i = 0; extra && extra[i] && n < 15; i++)
        argv[n++] = (char *)extra[i];
    argv[n] = NULL;
    const char *e[12] = {"SDL_VIDEODRIVER=dummy", "SDL_RENDER_DRIVER=software",
                         "HALLBOARD_RUN_SECONDS=120"};
    int m = 3;
    for (int i = 0; env && env[i] && m < 11; i++)
        e[m++] = env[i];
    e[m] = NULL;
    support_board_start(&bd->b, conf, e, argv);
    if (!support_board_says(&bd->b, "first frame presented", 60)) {
        support_board_stop(&bd->b, false);
        fail_msg("the board did not show a frame:\n%s", bd->b.out);
    }
}

/* Still running (not exited, not crashed). */
static void expect_alive(board *bd)
{
    int st;
    assert_int_equal(waitpid(bd->b.pid, &st, WNOHANG), 0);
}

/* GET /status, parsed. */
static cJSON *status_of(const board *bd)
{
    char url[128];
    snprintf(url, sizeof(url), "%s/status", bd->base);
    support_reply r = support_http("GET", url, NULL, NULL, 0);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    if (!j)
        fail_msg("not JSON: %s", r.body);
    support_reply_free(&r);
    return j;
}

static const char *source_str(const cJSON *j, const char *key)
{
    const cJSON *s = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "state"), "source");
    const cJSON *v = cJSON_GetObjectItem(s, key);
    return cJSON_IsString(v) ? v->valuestring : "";
}

/* The problem of /status "problems" holding needle, or NULL. */
static const char *problem(const cJSON *j, const char *needle)
{
    const cJSON *p;
    cJSON_ArrayForEach(p, cJSON_GetObjectItem(j, "problems"))
        if (cJSON_IsString(p) && strstr(p->valuestring, needle))
            return p->valuestring;
    return NULL;
}

static size_t n_problems(const cJSON *j)
{
    return (size_t)cJSON_GetArraySize(cJSON_GetObjectItem(j, "problems"));
}

/* /status once its footer holds needle (polled for up to `seconds`); fails on time. */
static cJSON *status_when(const board *bd, const char *needle, double seconds)
{
    double end = support_now() + seconds;
    for (;;) {
        cJSON *j = status_of(bd);
        if (strstr(source_str(j, "footer"), needle))
            return j;
        if (support_now() > end)
            fail_msg("footer never said \"%s\": %s\nlog:\n%s", needle,
                     source_str(j, "footer"), bd->b.out);
        cJSON_Delete(j);
        support_sleep(0.2);
    }
}

/* How many lines of text hold needle. */
static int lines_with(const char *text, const char *needle)
{
    int n = 0;
    for (const char *l = text; *l;) {
        const char *end = strchr(l, '\n');
        size_t len = end ? (size_t)(end - l) : strlen(l);
        char line[2048];
        snprintf(line, sizeof(line), "%.*s", (int)(len < sizeof(line) ? len : sizeof(line) - 1), l);
        n += strstr(line, needle) != NULL;
        l += len + (end != NULL);
    }
    return n;
}

/* The board runs on with the problem (needle) in its log, its footer and /status:
 * the source kind is `kind`. Stops it. */
static void expect_running_with(board *bd, const char *needle, const char *kind)
{
    cJSON *j = status_when(bd, needle, 30);
    expect_alive(bd);
    if (!problem(j, needle))
        fail_msg("/status problems lack \"%s\"", needle);
    assert_string_equal(source_str(j, "kind"), kind);
    assert_non_null(strstr(bd->b.out, needle));
    cJSON_Delete(j);
    support_board_stop(&bd->b, false);
    assert_int_equal(lines_with(bd->b.out, needle), 1); /* logged once */
}

/* ---- Settings ------------------------------------------------------------------ */

static void dark_settings_that_cannot_be_read_leave_the_board_on_the_defaults(void **st)
{
    (void)st;
    char *dir = support_tempdir(), big[600];
    snprintf(big, sizeof(big), "%s/big.conf", dir);
    size_t n = 300 * 1024;
    char *text = malloc(n);
    assert_non_null(text);
    memset(text, '#', n);
    text[n - 1] = '\n';
    assert_int_equal(support_write_file(big, text, n), 0);
    free(text);
    struct {
        const char *path, *says;
    } cases[] = {
        {"/nonexistent-dir/hallboard.conf", "cannot open /nonexistent-dir/hallboard.conf"},
        {dir, "is not a regular file"},          /* a directory in its place */
        {big, "262144"},                         /* over 256 KiB */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        board bd;
        const char *extra[] = {"--config", cases[i].path, NULL}; /* wins over the test's */
        board_up(&bd, "", NULL, extra);
        expect_running_with(&bd, cases[i].says, "embedded");
    }
    support_remove_tree(dir);
    free(dir);
}

/* ---- Feeds and zones -------------------------------------------------------- */

static void dark_a_feed_file_missing_or_invalid_shows_the_built_in_agenda(void **st)
{
    (void)st;
    char *dir = support_tempdir(), conf[700], bad[600];
    snprintf(bad, sizeof(bad), "%s/broken.json", dir);
    assert_int_equal(support_write_file(bad, "{\"sessions\": [", 14), 0);
    const char *files[] = {"/nonexistent-dir/agenda.json", bad};
    for (size_t i = 0; i < 2; i++) {
        board bd;
        snprintf(conf, sizeof(conf), "feed = %s\n", files[i]);
        board_up(&bd, conf, NULL, NULL);
        expect_running_with(&bd, files[i], "embedded");
    }
    support_remove_tree(dir);
    free(dir);
}

/* The screen of /status j has one clock, in zone. */
static void expect_one_clock(const cJSON *j, const char *zone)
{
    const cJSON *clocks = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "state"), "clocks");
    assert_int_equal(cJSON_GetArraySize(clocks), 1);
    const cJSON *z = cJSON_GetObjectItem(cJSON_GetArrayItem(clocks, 0), "zone");
    assert_true(cJSON_IsString(z));
    assert_string_equal(z->valuestring, zone);
}

static void dark_an_unknown_zone_is_left_out(void **st)
{
    (void)st;
    board bd;
    board_up(&bd, "zone = Mars/Olympus_Mons\nzone = Asia/Shanghai=Beijing\n", NULL, NULL);
    cJSON *j = status_of(&bd);
    expect_one_clock(j, "Asia/Shanghai");
    cJSON_Delete(j);
    expect_running_with(&bd, "zone = Mars/Olympus_Mons: unknown time zone", "embedded");
}

static void dark_a_zone_directory_without_the_agenda_zones_shows_it_in_utc(void **st)
{
    (void)st;
    char *zones = support_tempdir(), env[600];
    snprintf(env, sizeof(env), "HALLBOARD_ZONEINFO=%s", zones);
    const char *e[] = {env, NULL};
    board bd;
    board_up(&bd, "", e, NULL);
    cJSON *j = status_of(&bd);
    expect_one_clock(j, "UTC");
    assert_non_null(problem(j, "Europe/Moscow"));
    cJSON_Delete(j);
    expect_running_with(&bd, "shown in UTC", "embedded");
    support_remove_tree(zones);
    free(zones);
}

static void dark_commands_keep_their_exit_codes(void **st)
{
    (void)st;
    char *state[] = {(char *)support_hallboard(), "state", "--feed", "/nonexistent/a.json", NULL};
    support_run_result r = support_run(state);
    assert_int_equal(r.status, 1);
    support_run_free(&r);
    char *check[] = {(char *)support_hallboard(), "check", "/nonexistent/a.json", NULL};
    r = support_run(check);
    assert_int_equal(r.status, 1);
    support_run_free(&r);
    char *render[] = {(char *)support_hallboard(), "render", "--at", "2020-12-09T12:20:00+03:00",
                      "--size", "64x64", "--feed", "/nonexistent/a.json", "-o", "/dev/null", NULL};
    r = support_run(render);
    assert_int_equal(r.status, 1);
    support_run_free(&r);
    char *zones = support_tempdir();
    setenv("HALLBOARD_ZONEINFO", zones, 1);
    char *builtin[] = {(char *)support_hallboard(), "state", NULL};
    r = support_run(builtin);
    unsetenv("HALLBOARD_ZONEINFO");
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "Europe/Moscow"));
    support_run_free(&r);
    support_remove_tree(zones);
    free(zones);
}

/* ---- Silent losses ---------------------------------------------------------- */

static void dark_a_feed_that_cannot_be_cached_is_shown_as_not_saved(void **st)
{
    (void)st;
    support_server srv;
    assert_int_equal(support_server_start(&srv, FEED_PATH, NULL, NULL), 0);
    char *dir = support_tempdir(), file[600], cache[2][700], conf[1600], url[256];
    snprintf(file, sizeof(file), "%s/a-file", dir);
    assert_int_equal(support_write_file(file, "x", 1), 0);
    snprintf(cache[0], sizeof(cache[0]), "%s/missing/cache", dir); /* no parent */
    snprintf(cache[1], sizeof(cache[1]), "%s/cache", file);        /* parent a file */
    for (size_t i = 0; i < 2; i++) {
        board bd;
        snprintf(conf, sizeof(conf), "feed = %s\ncache_dir = %s\n",
                 support_server_url(&srv, "/ok", url, sizeof(url)), cache[i]);
        board_up(&bd, conf, NULL, NULL);
        cJSON *j = status_when(&bd, "not saved for offline", 30);
        expect_alive(&bd);
        const char *footer = source_str(j, "footer");
        assert_int_equal(strncmp(footer, "live", 4), 0);
        assert_string_equal(source_str(j, "kind"), "network");
        assert_non_null(problem(j, "not cached"));
        cJSON_Delete(j);
        support_board_stop(&bd.b, false);
        assert_int_equal(lines_with(bd.b.out, "not cached"), 1);
    }
    support_server_stop(&srv);
    support_remove_tree(dir);
    free(dir);
}

/* A feed server whose Date says 9999: the board takes the feed, refuses the date for
 * its clock (it is far past this build), says so once over two polls, and /status
 * tells the time the screen shows, not 9999. */
static void dark_a_server_date_out_of_bounds_is_refused_and_told_once(void **st)
{
    (void)st;
    support_server srv;
    assert_int_equal(support_server_start(&srv, FEED_PATH, NULL, NULL), 0);
    char conf[600], url[256];
    snprintf(conf, sizeof(conf), "feed = %s\npoll_interval = 10\n",
             support_server_url(&srv, "/ok?date=Fri,%2031%20Dec%209999%2023:59:59%20GMT", url,
                                sizeof(url)));
    board bd;
    board_up(&bd, conf, NULL, NULL);
    assert_true(support_board_says(&bd.b, "refused", 30));
    cJSON *j = status_when(&bd, "live", 30);
    const cJSON *at = cJSON_GetObjectItem(cJSON_GetObjectItem(j, "state"), "at");
    assert_true(cJSON_IsString(at));
    char year[16];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    snprintf(year, sizeof(year), "%04d-", tm.tm_year + 1900);
    if (strncmp(at->valuestring, year, 5) != 0)
        fail_msg("/status at %s, not this year", at->valuestring);
    assert_null(strstr(source_str(j, "footer"), "clock from server"));
    cJSON_Delete(j);
    /* A second poll (10 s +- 20 %) brings the same Date: no second line. */
    support_sleep(13);
    expect_alive(&bd);
    support_board_stop(&bd.b, false);
    assert_int_equal(lines_with(bd.b.out, "9999"), 1);
    assert_non_null(strstr(bd.b.out, "refused: more than 20 years after this build"));
    support_server_stop(&srv);
}

/* PUT /feed of the feed file; asserts it is accepted. */
static void push(const board *bd)
{
    size_t len;
    char *feed = support_read_file(FEED_PATH, &len), url[128];
    assert_non_null(feed);
    snprintf(url, sizeof(url), "%s/feed", bd->base);
    support_reply r = support_http("PUT", url, "Bearer " TOKEN, feed, len);
    if (r.status != 200)
        fail_msg("push refused (%ld): %s", r.status, r.body);
    support_reply_free(&r);
    free(feed);
}

static void dark_a_damaged_pushed_feed_is_told(void **st)
{
    (void)st;
    char *cache = support_tempdir(), conf[800], path[700];
    snprintf(conf, sizeof(conf), "cache_dir = %s\ncontrol_token = %s\n", cache, TOKEN);
    board bd;
    board_up(&bd, conf, NULL, NULL);
    push(&bd);
    cJSON_Delete(status_when(&bd, "pushed agenda", 30));
    support_board_stop(&bd.b, false);

    /* A bit flipped in the middle of the stored feed. */
    snprintf(path, sizeof(path), "%s/feed.cache", cache);
    size_t len;
    char *bytes = support_read_file(path, &len);
    assert_non_null(bytes);
    bytes[len / 2] ^= 0x20;
    assert_int_equal(support_write_file(path, bytes, len), 0);
    free(bytes);

    board_up(&bd, conf, NULL, NULL);
    cJSON *j = status_when(&bd, "pushed feed not usable", 30);
    expect_alive(&bd);
    assert_string_equal(source_str(j, "kind"), "embedded");
    assert_non_null(problem(j, "pushed feed not usable"));
    assert_non_null(strstr(bd.b.out, "pushed feed not usable"));
    cJSON_Delete(j);
    /* A new push replaces it: the note about the agenda started on goes. */
    push(&bd);
    j = status_when(&bd, "pushed agenda", 30);
    assert_null(strstr(source_str(j, "footer"), "not usable"));
    assert_int_equal(n_problems(j), 0);
    cJSON_Delete(j);
    support_board_stop(&bd.b, false);
    support_remove_tree(cache);
    free(cache);
}

static void dark_a_settings_problem_shows_with_the_source_state(void **st)
{
    (void)st;
    int port = support_closed_port();
    assert_true(port > 0);
    char conf[400];
    snprintf(conf, sizeof(conf), "feed = http://127.0.0.1:%d/ok\npol_interval = 30\n", port);
    board bd;
    board_up(&bd, conf, NULL, NULL);
    cJSON *j = status_when(&bd, "offline", 30);
    const char *footer = source_str(j, "footer");
    const char *off = strstr(footer, "offline");
    const char *note = strstr(footer, "settings: hallboard.conf:2: unknown key \"pol_interval\"");
    if (!note)
        fail_msg("footer without the settings note: %s", footer);
    assert_ptr_equal(off, footer); /* the source state first */
    assert_non_null(problem(j, "settings: hallboard.conf:2: unknown key"));
    cJSON_Delete(j);
    expect_alive(&bd);
    support_board_stop(&bd.b, false);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dark_settings_that_cannot_be_read_leave_the_board_on_the_defaults),
        cmocka_unit_test(dark_a_feed_file_missing_or_invalid_shows_the_built_in_agenda),
        cmocka_unit_test(dark_an_unknown_zone_is_left_out),
        cmocka_unit_test(dark_a_zone_directory_without_the_agenda_zones_shows_it_in_utc),
        cmocka_unit_test(dark_commands_keep_their_exit_codes),
        cmocka_unit_test(dark_a_feed_that_cannot_be_cached_is_shown_as_not_saved),
        cmocka_unit_test(dark_a_damaged_pushed_feed_is_told),
        cmocka_unit_test(dark_a_settings_problem_shows_with_the_source_state),
        cmocka_unit_test(dark_a_server_date_out_of_bounds_is_refused_and_told_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
