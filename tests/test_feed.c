/* test_feed.c - the native feed format: what is accepted, what is rejected and how
 * precisely, and the limits. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "feedsrc.h"
#include "tzdb.h"

/* A valid feed whose sessions array is `sessions` (JSON text). */
static char *feed_with_sessions(const char *sessions)
{
    static const char fmt[] =
        "{\"hallboard\":1,\"revision\":\"r1\","
        "\"event\":{\"title\":{\"en\":\"E\",\"zh\":\"会\"},\"languages\":[\"en\",\"zh\"],"
        "\"zones\":[{\"zone\":\"Europe/Moscow\",\"label\":\"Moscow\"},{\"zone\":\"Asia/Shanghai\"}]},"
        "\"halls\":[{\"id\":\"main\",\"name\":\"Main\"},{\"id\":\"side\",\"name\":\"Side\"}],"
        "\"tracks\":[{\"id\":\"t1\",\"name\":\"T1\",\"color\":\"#00ff00\"}],"
        "\"sessions\":[%s]}";
    size_t n = strlen(fmt) + strlen(sessions) + 1;
    char *s = malloc(n);
    snprintf(s, n, fmt, sessions);
    return s;
}

#define S(id, start, end, extra)                                                           \
    "{\"id\":\"" id "\",\"start\":\"" start "\",\"end\":\"" end "\",\"hall\":\"main\","   \
    "\"title\":\"T\"" extra "}"

static agenda *parse_sessions(const char *sessions, feed_report *rep)
{
    char *json = feed_with_sessions(sessions);
    agenda *a = support_parse(json, rep);
    free(json);
    return a;
}

static void expect_error(const char *sessions, const char *path, const char *needle)
{
    feed_report rep;
    agenda *a = parse_sessions(sessions, &rep);
    if (a || !support_has_problem(&rep, FEED_ERROR, path, needle)) {
        fprintf(stderr, "expected error at %s containing \"%s\"; got:\n", path, needle);
        support_print_report(&rep);
    }
    assert_null(a);
    assert_true(support_has_problem(&rep, FEED_ERROR, path, needle));
}

static void feed_valid_minimal_feed_builds_a_sorted_agenda(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_sessions(S("b", "2020-12-09T18:00:00+08:00", "2020-12-09T19:00:00+08:00", "")
                               "," S("a", "2020-12-09T12:00:00+03:00", "2020-12-09T12:05:00+03:00",
                                     ",\"kind\":\"keynote\",\"track\":\"t1\""),
                               &rep);
    assert_non_null(a);
    assert_int_equal(rep.n_errors, 0);
    assert_int_equal(a->n_sessions, 2);
    assert_string_equal(a->sessions[0].id, "a"); /* 09:00Z before 10:00Z */
    int64_t t;
    assert_true(civil_parse_rfc3339("2020-12-09T09:00:00Z", &t, NULL));
    assert_true(a->sessions[0].start == t);
    assert_int_equal(a->sessions[0].kind, AGENDA_KIND_KEYNOTE);
    assert_int_equal(a->sessions[0].track, 0);
    assert_int_equal(a->tracks[0].color, 0x00ff00);
    assert_int_equal(a->n_zones, 2);
    assert_string_equal(agenda_text_get(&a->zones[1].label, "en", NULL), "Shanghai");
    assert_string_equal(agenda_tr_get(a, &a->title, "zh-Hans"), "会");
    assert_string_equal(agenda_tr_get(a, &a->title, "fr"), "E");
    agenda_free(a);
}

static void feed_end_before_start_is_an_error_with_its_path(void **state)
{
    (void)state;
    expect_error(S("ok", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z", "") "," S(
                     "bad", "2020-12-09T12:00:00Z", "2020-12-09T11:00:00Z", ""),
                 "sessions[1].end", "before start");
}

static void feed_duplicate_ids_are_errors(void **state)
{
    (void)state;
    expect_error(S("x", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z", "") "," S(
                     "x", "2020-12-09T14:00:00Z", "2020-12-09T15:00:00Z", ""),
                 "sessions[1].id", "duplicate id \"x\" (first at sessions[0])");
}

static void feed_bad_times_and_types_are_errors(void **state)
{
    (void)state;
    expect_error(S("x", "2020-12-09 12:00", "2020-12-09T13:00:00Z", ""), "sessions[0].start",
                 "not an RFC 3339 time");
    expect_error(S("x", "2020-12-09T12:00:00", "2020-12-09T13:00:00Z", ""), "sessions[0].start",
                 "with an offset");
    expect_error(S("x", "2020-02-30T12:00:00Z", "2020-12-09T13:00:00Z", ""), "sessions[0].start",
                 "not an RFC 3339");
    expect_error("{\"id\":5,\"start\":\"2020-12-09T12:00:00Z\",\"end\":\"2020-12-09T13:00:00Z\","
                 "\"title\":\"T\"}",
                 "sessions[0].id", "expected a string, found a number");
    expect_error("{\"id\":\"x\",\"start\":\"2020-12-09T12:00:00Z\",\"end\":\"2020-12-09T13:00:00Z\","
                 "\"title\":[1]}",
                 "sessions[0].title", "expected a string or an object of translations");
    expect_error(S("x", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z", ",\"title\":\"again\""),
                 "sessions[0]", "duplicate key \"title\"");
    expect_error(S("x", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z", ",\"kind\":\"party\""),
                 "sessions[0].kind", "unknown kind");
    expect_error(S("x", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z", ",\"status\":\"gone\""),
                 "sessions[0].status", "unknown status");
    expect_error(S("x", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z",
                   ",\"speakers\":[{\"name\":\"A\"},{\"role\":\"r\"}]"),
                 "sessions[0].speakers[1].name", "missing");
    expect_error("{\"start\":\"2020-12-09T12:00:00Z\",\"end\":\"2020-12-09T13:00:00Z\",\"title\":\"T\"}",
                 "sessions[0].id", "missing");
    expect_error(S("x", "2020-12-09T12:00:00Z", "2020-12-20T13:00:00Z", ""), "sessions[0].end",
                 "more than 7 days");
}

static void feed_unknown_hall_and_track_are_warnings(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_sessions(
        "{\"id\":\"x\",\"start\":\"2020-12-09T12:00:00Z\",\"end\":\"2020-12-09T13:00:00Z\","
        "\"hall\":\"attic\",\"track\":\"nope\",\"title\":\"T\"}",
        &rep);
    assert_non_null(a);
    assert_true(support_has_problem(&rep, FEED_WARNING, "sessions[0].hall", "unknown hall \"attic\""));
    assert_true(support_has_problem(&rep, FEED_WARNING, "sessions[0].track", "unknown track"));
    assert_int_equal(a->sessions[0].hall, -1);
    agenda_free(a);
}

static void feed_overlap_in_one_hall_is_a_warning(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_sessions(S("x", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z", "") "," S(
                                   "y", "2020-12-09T12:30:00Z", "2020-12-09T13:30:00Z", "") "," S(
                                   "z", "2020-12-09T12:30:00Z", "2020-12-09T13:30:00Z",
                                   ",\"status\":\"cancelled\""),
                               &rep);
    assert_non_null(a);
    assert_true(support_has_problem(&rep, FEED_WARNING, "sessions[1]", "overlaps sessions[0]"));
    assert_false(support_has_problem(&rep, FEED_WARNING, "sessions[2]", "overlaps"));
    agenda_free(a);
}

static void feed_missing_translation_is_a_warning(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_sessions(S("x", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z",
                                 ",\"subtitle\":{\"en\":\"only English\"}"),
                               &rep);
    assert_non_null(a);
    assert_true(support_has_problem(&rep, FEED_WARNING, "sessions[0].subtitle", "no \"zh\" translation"));
    assert_int_equal(rep.n_errors, 0);
    agenda_free(a);
}

static void feed_unknown_zone_is_an_error(void **state)
{
    (void)state;
    feed_report rep;
    const char *json = "{\"hallboard\":1,\"revision\":\"r\",\"event\":{\"title\":\"E\","
                       "\"languages\":[\"en\"],\"zones\":[{\"zone\":\"Mars/Olympus_Mons\"},"
                       "{\"zone\":\"../../etc/passwd\"}]},\"halls\":[{\"id\":\"h\",\"name\":\"H\"}],"
                       "\"sessions\":[]}";
    assert_null(support_parse(json, &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "event.zones[0]", "unknown time zone"));
    assert_true(support_has_problem(&rep, FEED_ERROR, "event.zones[1]", "unknown time zone"));
}

static void feed_version_other_than_1_is_rejected(void **state)
{
    (void)state;
    feed_report rep;
    assert_null(support_parse("{\"hallboard\":2}", &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "hallboard", "version 2 is not supported"));
    assert_null(support_parse("{\"title\":\"x\"}", &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "", "not a feed"));
}

static void feed_invalid_json_reports_line_and_column(void **state)
{
    (void)state;
    feed_report rep;
    assert_null(support_parse("{\n  \"hallboard\": 1,\n  \"revision\": oops\n}", &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "", "line 3, column"));
    assert_null(support_parse("{\"hallboard\": 1", &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "", "not JSON"));
    assert_null(support_parse("{} {}", &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "", "data after the JSON document"));
    assert_null(support_parse("[1,2]", &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "", "expected a JSON object"));
    assert_null(support_parse("", &rep));
    assert_int_equal(rep.n_errors, 1);
}

static void feed_invalid_utf8_is_rejected_with_its_position(void **state)
{
    (void)state;
    feed_report rep;
    /* A lone continuation byte, an overlong slash, an encoded surrogate. */
    const char *bad[] = {"{\"a\":\"x\x80\"}", "{\"a\":\"\xC0\xAF\"}", "{\n\"a\":\"\xED\xA0\x80\"}"};
    for (size_t i = 0; i < 3; i++) {
        assert_null(support_parse(bad[i], &rep));
        assert_true(support_has_problem(&rep, FEED_ERROR, "", "invalid UTF-8"));
    }
    assert_true(support_has_problem(&rep, FEED_ERROR, "", "line 2, column 6"));
}

static void feed_nesting_beyond_the_limit_is_rejected_before_parsing(void **state)
{
    (void)state;
    char buf[1024] = "{\"x\":";
    for (int i = 0; i < 100; i++)
        strcat(buf, "[");
    feed_report rep;
    assert_null(support_parse(buf, &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "", "nesting deeper than 64"));
}

/* Brackets inside strings never count as nesting, escaped quotes included: 100 titles
 * each holding an unbalanced "[" after an escaped quote are a valid feed. */
static void feed_escaped_quotes_do_not_confuse_the_nesting_check(void **state)
{
    (void)state;
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap);
    n += (size_t)snprintf(buf + n, cap - n,
                          "{\"hallboard\": 1, \"revision\": \"r\", \"event\": {\"title\": "
                          "\"E\", \"languages\": [\"en\"], \"zones\": [{\"zone\": \"UTC\"}]}, \"halls\": [{\"id\": "
                          "\"h\", \"name\": \"H\"}], \"sessions\": [");
    for (int i = 0; i < 100; i++)
        n += (size_t)snprintf(buf + n, cap - n,
                              "%s{\"id\": \"s%d\", \"start\": \"2020-12-%02dT%02d:00:00Z\", "
                              "\"end\": \"2020-12-%02dT%02d:30:00Z\", \"hall\": \"h\", "
                              "\"title\": \"Say \\\"[[{ and \\\\\"}",
                              i ? "," : "", i, 1 + i / 24, i % 24, 1 + i / 24, i % 24);
    n += (size_t)snprintf(buf + n, cap - n, "]}");
    feed_report rep;
    agenda *a = support_parse(buf, &rep);
    if (!a)
        support_print_report(&rep);
    assert_non_null(a);
    assert_int_equal(a->n_sessions, 100);
    agenda_free(a);
    free(buf);
}

static void feed_limits_on_size_count_and_length_are_enforced(void **state)
{
    (void)state;
    tzdb_init();
    feed_options o = feedsrc_options();
    feed_report rep;
    /* Size. */
    o.limits.max_feed_bytes = 100;
    char *json = feed_with_sessions("");
    assert_null(feed_parse(json, strlen(json), &o, &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "", "larger than the limit of 100 bytes"));
    /* Count. */
    o = feedsrc_options();
    o.limits.max_sessions = 1;
    free(json);
    json = feed_with_sessions(S("x", "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z", "") "," S(
        "y", "2020-12-09T14:00:00Z", "2020-12-09T15:00:00Z", ""));
    assert_null(feed_parse(json, strlen(json), &o, &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "sessions", "more than the limit of 1"));
    /* String length: a 5000-byte title against the default 4 KiB. */
    free(json);
    char *title = malloc(6000);
    strcpy(title, "{\"id\":\"x\",\"start\":\"2020-12-09T12:00:00Z\",\"end\":\"2020-12-09T13:00:00Z\","
                  "\"title\":\"");
    size_t n = strlen(title);
    memset(title + n, 'a', 5000);
    strcpy(title + n + 5000, "\"}");
    json = feed_with_sessions(title);
    o = feedsrc_options();
    assert_null(feed_parse(json, strlen(json), &o, &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "sessions[0].title", "longer than 4096"));
    free(title);
    free(json);
}

static void feed_errors_are_capped_at_100_and_counted(void **state)
{
    (void)state;
    size_t cap = 300 * 120;
    char *sessions = malloc(cap);
    sessions[0] = '\0';
    for (int i = 0; i < 300; i++)
        snprintf(sessions + strlen(sessions), cap - strlen(sessions), "%s{\"id\":\"s%d\"}",
                 i ? "," : "", i);
    feed_report rep;
    assert_null(parse_sessions(sessions, &rep));
    assert_int_equal(rep.n, FEED_MAX_PROBLEMS);
    assert_int_equal(rep.n_errors, 900); /* start, end, title for each */
    assert_int_equal(rep.dropped, 800);
    char out[65536];
    feed_report_format(&rep, out, sizeof(out));
    assert_non_null(strstr(out, "... and 800 more problems"));
    free(sessions);
}

static void feed_embedded_seed_agenda_is_valid_without_warnings(void **state)
{
    (void)state;
    tzdb_init();
    feed_options o = feedsrc_options();
    feed_report rep;
    agenda *a = feedsrc_load_embedded(&o, &rep);
    if (!a || rep.n)
        support_print_report(&rep);
    assert_non_null(a);
    assert_int_equal(rep.n, 0);
    assert_true(a->n_sessions >= 20);
    assert_int_equal(a->n_zones, 2);
    assert_string_equal(a->zones[0].name, "Europe/Moscow");
    assert_string_equal(a->zones[1].name, "Asia/Shanghai");
    assert_string_equal(agenda_text_get(&a->zones[1].label, "en", NULL), "Beijing");
    /* Every session lies within 9-11 December 2020 (Beijing time) and has a title. */
    int64_t lo, hi;
    assert_true(civil_parse_rfc3339("2020-12-09T00:00:00+08:00", &lo, NULL));
    assert_true(civil_parse_rfc3339("2020-12-12T00:00:00+08:00", &hi, NULL));
    int per_day[3] = {0, 0, 0};
    for (size_t i = 0; i < a->n_sessions; i++) {
        assert_true(a->sessions[i].start >= lo && a->sessions[i].end <= hi);
        assert_non_null(agenda_tr_get(a, &a->sessions[i].title, "en"));
        per_day[(a->sessions[i].start - lo) / 86400]++;
    }
    assert_true(per_day[0] > 0 && per_day[1] > 0 && per_day[2] > 0);
    agenda_free(a);
}

static void feed_zone_override_replaces_the_feed_zones(void **state)
{
    (void)state;
    tzdb_init();
    feed_options o = feedsrc_options();
    const char *zones[] = {"Asia/Kathmandu", NULL};
    const char *labels[] = {"KTM", NULL};
    o.zones = zones;
    o.zone_labels = labels;
    feed_report rep;
    char *json = feed_with_sessions("");
    agenda *a = feed_parse(json, strlen(json), &o, &rep);
    assert_non_null(a);
    assert_int_equal(a->n_zones, 1);
    assert_string_equal(a->zones[0].name, "Asia/Kathmandu");
    assert_string_equal(agenda_text_get(&a->zones[0].label, NULL, NULL), "KTM");
    agenda_free(a);
    const char *bad[] = {"Nowhere/City", NULL};
    o.zones = bad;
    o.zone_labels = NULL;
    assert_null(feed_parse(json, strlen(json), &o, &rep));
    assert_true(support_has_problem(&rep, FEED_ERROR, "--zone Nowhere/City", "unknown time zone"));
    free(json);
}

/* An import's problems come in document order, whether found while reading a row
 * (a bad time) or when the whole export is checked (a repeated id, an overlap). */
static void feed_import_problems_come_in_document_order(void **st)
{
    (void)st;
    const char *csv = "id,start,end,hall,title\n"
                      "a,2024-03-30T10:00:00Z,2024-03-30T11:00:00Z,H,One\n"
                      "a,2024-03-30T11:00:00Z,2024-03-30T12:00:00Z,H,Two\n"
                      "c,2024-03-30T11:30:00Z,2024-03-30T12:30:00Z,H,Three\n"
                      "d,someday,2024-03-30T13:00:00Z,H,Four\n"
                      "e,2024-03-30T14:00:00Z,2024-03-30T14:00:00Z,H,Five\n";
    feed_options o = feedsrc_options();
    feed_report rep;
    agenda *a = feed_parse(csv, strlen(csv), &o, &rep);
    assert_non_null(a);
    support_print_report(&rep);
    assert_int_equal(rep.n, 4);
    assert_true(strncmp(rep.items[0].path, "row 3", 5) == 0); /* the repeated id */
    assert_non_null(strstr(rep.items[0].msg, "repeated id"));
    assert_true(strncmp(rep.items[1].path, "row 4", 5) == 0); /* overlaps row 3 */
    assert_non_null(strstr(rep.items[1].msg, "overlaps"));
    assert_true(strncmp(rep.items[2].path, "row 5", 5) == 0); /* no time */
    assert_true(strncmp(rep.items[3].path, "row 6", 5) == 0); /* a moment */
    assert_non_null(strstr(rep.items[3].msg, "moment"));
    agenda_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(feed_valid_minimal_feed_builds_a_sorted_agenda),
        cmocka_unit_test(feed_end_before_start_is_an_error_with_its_path),
        cmocka_unit_test(feed_duplicate_ids_are_errors),
        cmocka_unit_test(feed_bad_times_and_types_are_errors),
        cmocka_unit_test(feed_unknown_hall_and_track_are_warnings),
        cmocka_unit_test(feed_overlap_in_one_hall_is_a_warning),
        cmocka_unit_test(feed_missing_translation_is_a_warning),
        cmocka_unit_test(feed_unknown_zone_is_an_error),
        cmocka_unit_test(feed_version_other_than_1_is_rejected),
        cmocka_unit_test(feed_invalid_json_reports_line_and_column),
        cmocka_unit_test(feed_invalid_utf8_is_rejected_with_its_position),
        cmocka_unit_test(feed_nesting_beyond_the_limit_is_rejected_before_parsing),
        cmocka_unit_test(feed_escaped_quotes_do_not_confuse_the_nesting_check),
        cmocka_unit_test(feed_limits_on_size_count_and_length_are_enforced),
        cmocka_unit_test(feed_errors_are_capped_at_100_and_counted),
        cmocka_unit_test(feed_embedded_seed_agenda_is_valid_without_warnings),
        cmocka_unit_test(feed_zone_override_replaces_the_feed_zones),
        cmocka_unit_test(feed_import_problems_come_in_document_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
