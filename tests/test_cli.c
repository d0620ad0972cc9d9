/* test_cli.c - the hallboard executable as operators run it: `state`, `check`,
 * help, version and exit codes. Runs the real binary in a child process. */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

static support_run_result run(const char *a1, const char *a2, const char *a3, const char *a4,
                              const char *a5, const char *a6, const char *a7)
{
    char *argv[] = {(char *)support_hallboard(), (char *)a1, (char *)a2, (char *)a3, (char *)a4,
                    (char *)a5, (char *)a6, (char *)a7, NULL};
    return support_run(argv);
}

/* Runs `hallboard state ARGS...` and parses its JSON output. */
static cJSON *state(const char *a2, const char *a3, const char *a4, const char *a5,
                    const char *a6, const char *a7)
{
    support_run_result r = run("state", a2, a3, a4, a5, a6, a7);
    if (r.status != 0)
        fprintf(stderr, "state failed (%d): %s\n", r.status, r.err);
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    support_run_free(&r);
    return j;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_true(cJSON_IsString(v));
    return v->valuestring;
}

static const cJSON *arr(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_true(cJSON_IsArray(v));
    return v;
}

static void cli_state_on_the_embedded_agenda_at_the_opening(void **st)
{
    (void)st;
    cJSON *j = state("--at", "2020-12-09T12:02:00+03:00", NULL, NULL, NULL, NULL);
    assert_string_equal(str(j, "at"), "2020-12-09T09:02:00Z");
    assert_string_equal(str(j, "phase"), "during");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "hall")));
    const cJSON *clocks = arr(j, "clocks");
    assert_int_equal(cJSON_GetArraySize(clocks), 2);
    const cJSON *msk = cJSON_GetArrayItem(clocks, 0), *bjs = cJSON_GetArrayItem(clocks, 1);
    assert_string_equal(str(msk, "zone"), "Europe/Moscow");
    assert_string_equal(str(msk, "label"), "Moscow");
    assert_string_equal(str(msk, "time"), "12:02");
    assert_string_equal(str(msk, "date"), "2020-12-09");
    assert_string_equal(str(msk, "weekday"), "Wednesday");
    assert_string_equal(str(msk, "utc_offset"), "+03:00");
    assert_string_equal(str(bjs, "label"), "Beijing");
    assert_string_equal(str(bjs, "time"), "17:02");
    assert_string_equal(str(bjs, "utc_offset"), "+08:00");
    const cJSON *now = arr(j, "now");
    assert_int_equal(cJSON_GetArraySize(now), 1);
    const cJSON *s = cJSON_GetArrayItem(now, 0);
    assert_string_equal(str(s, "start"), "2020-12-09T09:00:00Z");
    assert_string_equal(str(s, "end"), "2020-12-09T09:05:00Z");
    assert_string_equal(str(s, "status"), "scheduled");
    const cJSON *local = arr(s, "local");
    assert_string_equal(str(cJSON_GetArrayItem(local, 0), "start"), "12:00");
    assert_string_equal(str(cJSON_GetArrayItem(local, 1), "start"), "17:00");
    assert_string_equal(str(cJSON_GetArrayItem(local, 1), "end"), "17:05");
    const cJSON *prog = cJSON_GetObjectItem(s, "progress");
    assert_true(cJSON_IsNumber(prog) && prog->valuedouble > 0.39 && prog->valuedouble < 0.41);
    const cJSON *next = arr(j, "next");
    assert_true(cJSON_GetArraySize(next) >= 1);
    assert_string_equal(str(cJSON_GetArrayItem(next, 0), "start"), "2020-12-09T09:05:00Z");
    assert_int_equal(cJSON_GetObjectItem(j, "next_in_s")->valueint, 180);
    const cJSON *src = cJSON_GetObjectItem(j, "source");
    assert_string_equal(str(src, "kind"), "embedded");
    assert_true(strlen(str(src, "revision")) > 0);
    char footer[300];
    snprintf(footer, sizeof(footer), "built-in agenda \xc2\xb7 revision %s", str(src, "revision"));
    assert_string_equal(str(src, "footer"), footer);
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(src, "fetched_at")));
    cJSON_Delete(j);
}

static void cli_state_before_during_overnight_and_after_on_the_embedded_agenda(void **st)
{
    (void)st;
    struct {
        const char *at, *phase;
    } cases[] = {
        {"2020-12-08T12:00:00+03:00", "before"},
        {"2020-12-09T15:20:00+03:00", "during"},
        {"2020-12-09T23:00:00+03:00", "overnight"},
        {"2020-12-10T06:00:00+08:00", "overnight"},
        {"2020-12-11T22:29:00+08:00", "during"},
        {"2020-12-11T23:00:00+08:00", "after"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        cJSON *j = state("--at", cases[i].at, NULL, NULL, NULL, NULL);
        if (strcmp(str(j, "phase"), cases[i].phase) != 0)
            fprintf(stderr, "at %s: phase %s, expected %s\n", cases[i].at, str(j, "phase"),
                    cases[i].phase);
        assert_string_equal(str(j, "phase"), cases[i].phase);
        if (strcmp(cases[i].phase, "after") == 0)
            assert_true(cJSON_IsNull(cJSON_GetObjectItem(j, "next_in_s")));
        cJSON_Delete(j);
    }
}

static void cli_state_overnight_shows_tomorrow_in_each_zone(void **st)
{
    (void)st;
    /* 9 December, 23:00 Moscow = 10 December, 04:00 Beijing. */
    cJSON *j = state("--at", "2020-12-09T23:00:00+03:00", NULL, NULL, NULL, NULL);
    const cJSON *clocks = arr(j, "clocks");
    assert_string_equal(str(cJSON_GetArrayItem(clocks, 0), "date"), "2020-12-09");
    assert_string_equal(str(cJSON_GetArrayItem(clocks, 1), "date"), "2020-12-10");
    const cJSON *next = cJSON_GetArrayItem(arr(j, "next"), 0);
    assert_non_null(next);
    assert_string_equal(str(next, "start"), "2020-12-10T09:00:00Z");
    const cJSON *l0 = cJSON_GetArrayItem(arr(next, "local"), 0);
    assert_string_equal(str(l0, "date"), "2020-12-10");
    assert_string_equal(str(l0, "start"), "12:00");
    cJSON_Delete(j);
}

static void cli_state_language_and_zone_options_apply(void **st)
{
    (void)st;
    cJSON *j = state("--at", "2020-12-09T12:02:00+03:00", "--lang", "zh", "--zone",
                     "Asia/Kathmandu=KTM");
    const cJSON *clocks = arr(j, "clocks");
    assert_int_equal(cJSON_GetArraySize(clocks), 1);
    assert_string_equal(str(cJSON_GetArrayItem(clocks, 0), "label"), "KTM");
    assert_string_equal(str(cJSON_GetArrayItem(clocks, 0), "time"), "14:47");
    assert_string_equal(str(cJSON_GetArrayItem(clocks, 0), "utc_offset"), "+05:45");
    assert_string_equal(str(j, "event"), "2020全球慕课大会");
    cJSON_Delete(j);
}

static void cli_state_with_a_feed_file_and_a_hall(void **st)
{
    (void)st;
    cJSON *j = state("--feed", HB_SOURCE_DIR "/tests/inputs/multihall.json", "--at",
                     "2024-03-30T09:45:00+01:00", "--hall", "A");
    assert_string_equal(str(j, "hall"), "A");
    assert_int_equal(cJSON_GetArraySize(arr(j, "now")), 1);
    assert_int_equal(cJSON_GetArraySize(arr(j, "others_now")), 1);
    assert_string_equal(str(cJSON_GetArrayItem(arr(j, "others_now"), 0), "id"), "b1");
    assert_string_equal(str(cJSON_GetObjectItem(j, "source"), "kind"), "file");
    assert_string_equal(str(cJSON_GetObjectItem(j, "source"), "footer"),
                        "file multihall.json \xc2\xb7 revision test-multihall-1");
    assert_true(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "source"), "fetched_at")));
    const cJSON *sp = arr(cJSON_GetArrayItem(arr(j, "now"), 0), "speakers");
    assert_string_equal(cJSON_GetArrayItem(sp, 0)->valuestring, "Ana Núñez");
    cJSON_Delete(j);
}

static void cli_state_bad_arguments_are_usage_errors(void **st)
{
    (void)st;
    support_run_result r = run("state", "--at", "yesterday", NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "--at"));
    support_run_free(&r);
    r = run("state", "--hall", "nope", NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "no hall \"nope\""));
    support_run_free(&r);
    r = run("state", "--bogus", NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 64);
    support_run_free(&r);
    r = run("state", "--feed", "/nonexistent/feed.json", NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "cannot open /nonexistent/feed.json"));
    assert_string_equal(r.out, "");
    support_run_free(&r);
    r = run("frobnicate", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 64);
    support_run_free(&r);
    /* A well-formed time out of range is called that, not malformed. */
    r = run("state", "--at", "9999-12-31T23:59:59Z", NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "out of range"));
    assert_null(strstr(r.err, "not an RFC 3339"));
    support_run_free(&r);
    r = run("render", "--at", "9999-12-31T23:59:59Z", "--size", "64x64", "-o", "/dev/null");
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "out of range"));
    support_run_free(&r);
}

/* What a feed says reaches the terminal with its control characters escaped: a feed
 * cannot forge lines of check's report nor drive the terminal. */
static void cli_check_escapes_control_characters_from_the_feed(void **st)
{
    (void)st;
    char *dir = support_tempdir(), path[4200];
    snprintf(path, sizeof(path), "%s/evil.csv", dir);
    const char *csv = "id,start,duration,hall,title\n"
                      "a,2024-03-30T10:00:00Z,60,H,One\n"
                      "a,2024-03-30T12:00:00Z,60,H,Two\n"
                      "\"x\x1b[2J\x07\ny\",2024-03-30T13:00:00Z,60,H,Three\n"
                      "\"x\x1b[2J\x07\ny\",2024-03-30T14:00:00Z,60,H,Four\n";
    assert_int_equal(support_write_file(path, csv, strlen(csv)), 0);
    support_run_result r = run("check", path, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_null(strchr(r.out, '\x1b'));
    assert_null(strchr(r.out, '\x07'));
    assert_non_null(strstr(r.out, "x\\e[2J\\x07\\ny"));
    /* One line per problem: the id's line break did not start a line of its own. */
    assert_int_equal(support_count(r.out, "\n"), 2);
    support_run_free(&r);
    support_remove_tree(dir);
    free(dir);
}

static void cli_help_and_version(void **st)
{
    (void)st;
    support_run_result r = run("--help", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "hallboard state"));
    assert_non_null(strstr(r.out, "check [--zone IANA] FEED"));
    support_run_free(&r);
    r = run("--version", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "hallboard " HB_VERSION));
    support_run_free(&r);
}

/* Golden files: tests/inputs/check/NAME.json is checked and its output compared with
 * NAME.expected; the first line of NAME.expected is the exit code. */
static void cli_check_matches_golden_outputs(void **st)
{
    (void)st;
    const char *dir = HB_SOURCE_DIR "/tests/inputs/check";
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char feed[512], exp[512];
        snprintf(feed, sizeof(feed), "%s/%s", dir, e->d_name);
        snprintf(exp, sizeof(exp), "%s/%.*s.expected", dir, (int)(len - 5), e->d_name);
        char *want = support_read_file(exp, NULL);
        assert_non_null(want);
        int code = atoi(want);
        const char *body = strchr(want, '\n') + 1;
        support_run_result r = run("check", feed, NULL, NULL, NULL, NULL, NULL);
        if (r.status != code || strcmp(r.out, body) != 0)
            fprintf(stderr, "%s: exit %d (want %d)\n--- got\n%s--- want\n%s", e->d_name, r.status,
                    code, r.out, body);
        assert_int_equal(r.status, code);
        assert_string_equal(r.out, body);
        support_run_free(&r);
        free(want);
        n++;
    }
    closedir(d);
    assert_true(n >= 5);
}

static void cli_check_valid_feed_exits_0(void **st)
{
    (void)st;
    support_run_result r =
        run("check", HB_SOURCE_DIR "/tests/inputs/multihall.json", NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, "valid (hallboard format, 8 sessions, 2 halls"));
    support_run_free(&r);
    r = run("check", HB_SOURCE_DIR "/app/seed/gmooc2020.json", NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 0);
    support_run_free(&r);
    r = run("check", NULL, NULL, NULL, NULL, NULL, NULL);
    assert_int_equal(r.status, 64);
    support_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cli_state_on_the_embedded_agenda_at_the_opening),
        cmocka_unit_test(cli_state_before_during_overnight_and_after_on_the_embedded_agenda),
        cmocka_unit_test(cli_state_overnight_shows_tomorrow_in_each_zone),
        cmocka_unit_test(cli_state_language_and_zone_options_apply),
        cmocka_unit_test(cli_state_with_a_feed_file_and_a_hall),
        cmocka_unit_test(cli_state_bad_arguments_are_usage_errors),
        cmocka_unit_test(cli_help_and_version),
        cmocka_unit_test(cli_check_matches_golden_outputs),
        cmocka_unit_test(cli_check_valid_feed_exits_0),
        cmocka_unit_test(cli_check_escapes_control_characters_from_the_feed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
