/* test_status.c - the footer line and the clock rules. */
#include <string.h>

#include "support.h"

#include "agenda.h"
#include "civil.h"
#include "status.h"
#include "tzdb.h"
#include "utf8.h"

static int64_t at(const char *s)
{
    int64_t t = 0;
    assert_true(civil_parse_rfc3339(s, &t, NULL));
    return t;
}

static const tz_zone *moscow(void)
{
    tzdb_init();
    static tz_zone *z;
    if (!z)
        z = tzdb_load(NULL, "Europe/Moscow");
    assert_non_null(z);
    return z;
}

static void footer(const status_input *in, int64_t now, char *buf, bool *warn)
{
    status_footer(in, "en", now, moscow(), buf, STATUS_LINE_MAX, warn);
}

static void status_footer_says_where_the_agenda_came_from(void **st)
{
    (void)st;
    char b[STATUS_LINE_MAX];
    bool w = true;
    status_input in = {.source = STATUS_EMBEDDED, .revision = "r1"};
    footer(&in, at("2020-12-09T12:00:00+03:00"), b, &w);
    assert_string_equal(b, "built-in agenda \xc2\xb7 revision r1");
    assert_false(w);
    in.source = STATUS_FILE;
    in.name = "hall.json";
    footer(&in, at("2020-12-09T12:00:00+03:00"), b, &w);
    assert_string_equal(b, "file hall.json \xc2\xb7 revision r1");
    in.source = STATUS_CACHE;
    in.fetched_at = at("2020-12-09T11:02:00+03:00");
    footer(&in, at("2020-12-09T14:05:00+03:00"), b, &w);
    assert_string_equal(b, "cached agenda from 11:02 (3 h ago) \xc2\xb7 revision r1");
    assert_false(w);
}

static void status_footer_counts_feed_warnings_and_an_assumed_zone(void **st)
{
    (void)st;
    char b[STATUS_LINE_MAX];
    bool w = false;
    status_input in = {.source = STATUS_FILE, .name = "x.ics", .revision = "r1"};
    in.feed_warnings = 1;
    footer(&in, at("2020-12-09T12:00:00+03:00"), b, &w);
    assert_string_equal(b, "file x.ics \xc2\xb7 revision r1 \xc2\xb7 1 feed warning");
    assert_true(w);
    in.feed_warnings = 3;
    in.zone_assumed = true;
    footer(&in, at("2020-12-09T12:00:00+03:00"), b, &w);
    assert_string_equal(b, "file x.ics \xc2\xb7 revision r1 \xc2\xb7 times read as UTC: the "
                           "feed names no time zone \xc2\xb7 3 feed warnings");
    assert_true(w);
    /* From an agenda. */
    agenda a = {.revision = "r9", .n_warnings = 2, .zone_assumed = false};
    status_set_agenda(&in, &a);
    assert_string_equal(in.revision, "r9");
    assert_int_equal(in.feed_warnings, 2);
    assert_false(in.zone_assumed);
    status_set_agenda(&in, NULL);
    assert_null(in.revision);
    assert_int_equal(in.feed_warnings, 0);
}

static void status_footer_online_offline_rejected(void **st)
{
    (void)st;
    char b[STATUS_LINE_MAX];
    bool w;
    int64_t now = at("2020-12-09T17:02:00+03:00");
    status_input in = {.source = STATUS_NETWORK, .revision = "r7", .has_url = true,
                       .fetch = STATUS_FETCH_OK, .fetched_at = at("2020-12-09T14:02:00+03:00")};
    footer(&in, now, b, &w);
    assert_string_equal(b, "live \xc2\xb7 revision r7");
    assert_false(w);

    in.fetch = STATUS_FETCH_FAIL;
    in.reason = "Could not connect to server";
    footer(&in, now, b, &w);
    assert_string_equal(b, "offline - agenda from 14:02 (3 h ago) \xc2\xb7 revision r7");
    assert_true(w);

    in.fetch = STATUS_FETCH_REJECTED;
    in.reason = "sessions[3].end: before start";
    footer(&in, now, b, &w);
    assert_string_equal(b, "feed rejected: sessions[3].end: before start \xc2\xb7 showing the agenda "
                           "from 14:02 (3 h ago) \xc2\xb7 revision r7");
    assert_true(w);

    /* Never fetched, offline: the built-in agenda is what is shown. */
    status_input e = {.source = STATUS_EMBEDDED, .has_url = true, .fetch = STATUS_FETCH_FAIL};
    footer(&e, now, b, &w);
    assert_string_equal(b, "offline - built-in agenda");
    e.fetch = STATUS_NO_FETCH;
    footer(&e, now, b, &w);
    assert_string_equal(b, "connecting \xc2\xb7 built-in agenda");
    assert_false(w);
}

static void status_footer_marks_old_agendas_and_server_clock(void **st)
{
    (void)st;
    char b[STATUS_LINE_MAX];
    bool w;
    status_input in = {.source = STATUS_CACHE, .has_url = true, .fetch = STATUS_FETCH_FAIL,
                       .fetched_at = at("2020-12-08T09:30:00+03:00"), .stale_after = 3600};
    footer(&in, at("2020-12-09T12:00:00+03:00"), b, &w);
    /* Another day: the date is given; past stale_after: the mark. */
    assert_string_equal(b, "offline - agenda from 8 Dec 09:30 (26 h ago) \xc2\xb7 may be outdated");
    assert_true(w);
    /* Within the age: no mark. */
    in.stale_after = 0; /* default 6 h */
    footer(&in, at("2020-12-08T12:00:00+03:00"), b, &w);
    assert_string_equal(b, "offline - agenda from 09:30 (2 h ago)");
    in.clock_from_server = true;
    footer(&in, at("2020-12-08T12:00:00+03:00"), b, &w);
    assert_string_equal(b, "offline - agenda from 09:30 (2 h ago) \xc2\xb7 clock from server");
    assert_true(w);
    /* While live the age does not matter: the origin has nothing newer. */
    in.clock_from_server = false;
    in.fetch = STATUS_FETCH_OK;
    footer(&in, at("2020-12-10T12:00:00+03:00"), b, &w);
    assert_string_equal(b, "live");
    assert_false(w);
}

static void status_footer_cuts_long_reasons_on_graphemes_with_an_ellipsis(void **st)
{
    (void)st;
    char reason[600];
    for (size_t i = 0; i + 2 < sizeof(reason); i += 2)
        memcpy(reason + i, "\xd0\xaf", 2); /* Я */
    reason[sizeof(reason) - 2] = '\0';
    status_input in = {.source = STATUS_EMBEDDED, .has_url = true,
                       .fetch = STATUS_FETCH_REJECTED, .reason = reason};
    char b[64];
    bool w;
    size_t n = status_footer(&in, NULL, 0, NULL, b, sizeof(b), &w);
    assert_true(n < sizeof(b));
    assert_int_equal(strlen(b), n);
    /* Whole characters, then the ellipsis: "feed rejected: ЯЯ…Я…". */
    assert_int_equal(strncmp(b, "feed rejected: ", 15), 0);
    assert_string_equal(b + n - 3, "\xe2\x80\xa6");
    assert_int_equal((n - 3 - strlen("feed rejected: ")) % 2, 0);
    assert_true(n >= sizeof(b) - 1 - 4); /* nothing more was given away than a character */
    /* Longer than the line the footer assembles (STATUS_TEXT_MAX): cut too. */
    static char huge[STATUS_TEXT_MAX * 2];
    for (size_t i = 0; i + 3 < sizeof(huge); i += 3)
        memcpy(huge + i, "\xe4\xbc\x9a", 3); /* 会: the line's end splits one */
    in.reason = huge;
    static char big[STATUS_TEXT_MAX * 2];
    n = status_footer(&in, NULL, 0, NULL, big, sizeof(big), &w);
    assert_true(n < STATUS_TEXT_MAX);
    assert_true(utf8_valid(big, n, NULL));
    assert_string_equal(big + n - 3, "\xe2\x80\xa6");
    assert_int_equal((n - 3 - strlen("feed rejected: ")) % 3, 0);
}

static void status_age_words(void **st)
{
    (void)st;
    char b[32];
    status_age("en", -5, b, sizeof(b));
    assert_string_equal(b, "just now");
    status_age("en", 59, b, sizeof(b));
    assert_string_equal(b, "just now");
    status_age("en", 60, b, sizeof(b));
    assert_string_equal(b, "1 min ago");
    status_age("en", 3599, b, sizeof(b));
    assert_string_equal(b, "59 min ago");
    status_age("en", 3600 * 47, b, sizeof(b));
    assert_string_equal(b, "47 h ago");
    status_age("en", 86400 * 3, b, sizeof(b));
    assert_string_equal(b, "3 d ago");
}

static void status_clock_rules(void **st)
{
    (void)st;
    int64_t build = at("2026-11-01T00:00:00Z");
    assert_true(status_clock_trusted(build + 10, true, build));
    assert_false(status_clock_trusted(build + 10, false, build)); /* kernel: unsynchronised */
    assert_false(status_clock_trusted(86400, true, build));      /* booted in 1970 */
    assert_int_equal(status_server_now(1000, 50.0, 170.9), 1120);
    assert_int_equal(status_server_now(1000, 50.0, 40.0), 1000); /* never backwards */
}

static void status_server_dates_outside_the_bounds_are_refused(void **st)
{
    (void)st;
    int64_t build = at("2026-11-01T00:00:00Z");
    assert_int_equal(STATUS_DATE_MAX_AHEAD, INT64_C(631139040)); /* 20 mean years */
    const char *refused[] = {"1970-01-01T00:00:00Z", "1990-01-01T00:00:00Z",
                             "2100-01-01T00:00:00Z", "2026-10-31T23:59:59Z"};
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
        assert_false(status_server_date_ok(at(refused[i]), build));
    /* 9999-12-31T23:59:59Z: past civil_parse_rfc3339's years. */
    int64_t y9999 = INT64_C(253402300799);
    assert_false(status_server_date_ok(y9999, build));
    assert_int_equal(status_server_date_check(y9999, build), STATUS_DATE_TOO_LATE);
    assert_int_equal(status_server_date_check(at("1990-01-01T00:00:00Z"), build),
                     STATUS_DATE_BEFORE_BUILD);
    assert_int_equal(status_server_date_check(INT64_MIN, build), STATUS_DATE_BEFORE_BUILD);
    assert_int_equal(status_server_date_check(INT64_MAX, build), STATUS_DATE_TOO_LATE);
    /* The bounds themselves are in. */
    assert_true(status_server_date_ok(build, build));
    assert_true(status_server_date_ok(build + 86400, build));
    assert_true(status_server_date_ok(build + STATUS_DATE_MAX_AHEAD, build));
    assert_false(status_server_date_ok(build + STATUS_DATE_MAX_AHEAD + 1, build));
}

static void status_now_is_clamped_into_the_bounds(void **st)
{
    (void)st;
    int64_t build = at("2026-11-01T00:00:00Z");
    assert_int_equal(status_clamp_now(86400, build), build); /* booted in 1970 */
    assert_int_equal(status_clamp_now(build + 3600, build), build + 3600);
    assert_int_equal(status_clamp_now(INT64_C(253402300799), build),
                     build + STATUS_DATE_MAX_AHEAD);
}

static void status_date_news_is_told_once_per_cause(void **st)
{
    (void)st;
    int64_t build = at("2026-11-01T00:00:00Z");
    status_date_log log = {0};
    char line[256];
    int64_t good = build + 86400, old = at("1990-01-01T00:00:00Z");
    assert_true(status_date_news(&log, STATUS_DATE_BEFORE_BUILD, old, build, line,
                                 sizeof(line)));
    assert_string_equal(line, "clock: server Date 1990-01-01T00:00:00Z refused: earlier than "
                              "this build (2026-11-01T00:00:00Z)");
    strcpy(line, "untouched");
    assert_false(status_date_news(&log, STATUS_DATE_BEFORE_BUILD, old + 60, build, line,
                                  sizeof(line)));
    assert_string_equal(line, "untouched");
    assert_true(status_date_news(&log, STATUS_DATE_TOO_LATE, INT64_C(253402300799), build,
                                 line, sizeof(line)));
    assert_string_equal(line, "clock: server Date 9999-12-31T23:59:59Z refused: more than 20 "
                              "years after this build (2026-11-01T00:00:00Z)");
    assert_true(status_date_news(&log, STATUS_DATE_OK, good, build, line, sizeof(line)));
    assert_non_null(strstr(line, "2026-11-02T00:00:00Z accepted"));
    assert_false(status_date_news(&log, STATUS_DATE_OK, good + 60, build, line, sizeof(line)));
}

static void status_display_schedule(void **st)
{
    (void)st;
    assert_true(status_display_on(-1, -1, 0));
    assert_true(status_display_on(480, 480, 100)); /* on == off: always */
    /* 08:00 .. 22:00 */
    assert_false(status_display_on(480, 1320, 479));
    assert_true(status_display_on(480, 1320, 480));
    assert_true(status_display_on(480, 1320, 1319));
    assert_false(status_display_on(480, 1320, 1320));
    /* 22:00 .. 06:00 spans midnight */
    assert_true(status_display_on(1320, 360, 1439));
    assert_true(status_display_on(1320, 360, 0));
    assert_true(status_display_on(1320, 360, 359));
    assert_false(status_display_on(1320, 360, 360));
    assert_false(status_display_on(1320, 360, 1319));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(status_footer_says_where_the_agenda_came_from),
        cmocka_unit_test(status_footer_online_offline_rejected),
        cmocka_unit_test(status_footer_marks_old_agendas_and_server_clock),
        cmocka_unit_test(status_footer_cuts_long_reasons_on_graphemes_with_an_ellipsis),
        cmocka_unit_test(status_age_words),
        cmocka_unit_test(status_footer_counts_feed_warnings_and_an_assumed_zone),
        cmocka_unit_test(status_clock_rules),
        cmocka_unit_test(status_server_dates_outside_the_bounds_are_refused),
        cmocka_unit_test(status_now_is_clamped_into_the_bounds),
        cmocka_unit_test(status_date_news_is_told_once_per_cause),
        cmocka_unit_test(status_display_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
