/* test_confday.c - conference days: "today", "tomorrow" and the day's date follow the
 * event's day boundaries (frab day_start/day_end, <day_change>, the native day_change)
 * when the feed has them, else calendar days of the venue zone; the phase and the
 * board's wake-ups follow the same days. Feeds are parsed with the system zone
 * database; the real exports' boundaries are read from HB_SHARED_DIR when present. */

#include "layoutfix.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "confday.h"
#include "feedsrc.h"
#include "sched.h"

/* A native feed with event.day_change `dc` (NULL: none) in `zone`, sessions [start,
 * end) given as pairs. */
static agenda *native(const char *dc, const char *zone, const char *const *times, size_t n)
{
    char doc[4096], sess[3000] = "", dcf[64] = "";
    for (size_t i = 0; i < n; i++) {
        char one[256];
        snprintf(one, sizeof(one), "%s{'id':'s%zu','start':'%s','end':'%s','hall':'h','title':'T'}",
                 i ? "," : "", i, times[2 * i], times[2 * i + 1]);
        strcat(sess, one);
    }
    if (dc)
        snprintf(dcf, sizeof(dcf), ",'day_change':'%s'", dc);
    snprintf(doc, sizeof(doc),
             "{'hallboard':1,'revision':'r','event':{'title':'E','languages':['en'],"
             "'zones':[{'zone':'%s'}]%s},'halls':[{'id':'h','name':'H'}],'sessions':[%s]}",
             zone, dcf, sess);
    return layoutfix_parse_sq(doc);
}

/* ---- The 23:50 case --------------------------------------------------------- */

static void confday_frab_day_end_0600_makes_midnight_tonight_not_tomorrow(void **st)
{
    (void)st;
    agenda *a = layoutfix_frab_2350(true);
    assert_int_equal(a->day_change_s, 6 * 3600);
    int64_t now = layoutfix_at("2025-12-28T23:50:00+01:00");
    sched_state s;
    assert_int_equal(sched_query(a, now, -1, &s), 0);
    assert_int_equal(s.phase, SCHED_BREAK);
    assert_true(s.next_start == layoutfix_at("2025-12-29T00:00:00+01:00"));
    confday_info d = confday_relative(a, now, s.next_start);
    assert_int_equal(d.rel, CONFDAY_TODAY);
    assert_int_equal(d.days, 0);
    assert_int_equal(d.year, 2025);
    assert_int_equal(d.month, 12);
    assert_int_equal(d.mday, 28);
    assert_int_equal(d.weekday, 0); /* Sunday */
    sched_state_free(&s);
    /* After the night's last talk the day is over: overnight, Tue's talk is LATER. */
    now = layoutfix_at("2025-12-29T01:30:00+01:00");
    assert_int_equal(sched_query(a, now, -1, &s), 0);
    assert_int_equal(s.phase, SCHED_OVERNIGHT);
    d = confday_relative(a, now, s.next_start);
    assert_int_equal(d.rel, CONFDAY_LATER);
    assert_int_equal(d.days, 2);
    assert_int_equal(d.mday, 30);
    assert_int_equal(d.weekday, 2); /* Tuesday */
    sched_state_free(&s);
    /* At 06:00 Monday's conference day begins: the board wakes then, and Tuesday's
     * talk is tomorrow. */
    assert_true(sched_next_change(a, now, -1) == layoutfix_at("2025-12-29T06:00:00+01:00"));
    d = confday_relative(a, layoutfix_at("2025-12-29T06:00:00+01:00"), s.next_start);
    assert_int_equal(d.rel, CONFDAY_TOMORROW);
    agenda_free(a);
}

static void confday_without_boundaries_calendar_days_make_midnight_tomorrow(void **st)
{
    (void)st;
    agenda *a = layoutfix_frab_2350(false);
    assert_int_equal(a->day_change_s, 0);
    int64_t now = layoutfix_at("2025-12-28T23:50:00+01:00");
    sched_state s;
    assert_int_equal(sched_query(a, now, -1, &s), 0);
    assert_int_equal(s.phase, SCHED_OVERNIGHT);
    confday_info d = confday_relative(a, now, s.next_start);
    assert_int_equal(d.rel, CONFDAY_TOMORROW);
    assert_int_equal(d.days, 1);
    assert_int_equal(d.mday, 29);
    assert_int_equal(d.weekday, 1); /* Monday */
    assert_true(sched_next_change(a, now, -1) == layoutfix_at("2025-12-29T00:00:00+01:00"));
    sched_state_free(&s);
    /* Earlier instants are EARLIER. */
    assert_int_equal(confday_relative(a, now, layoutfix_at("2025-12-27T12:00:00+01:00")).rel,
                     CONFDAY_EARLIER);
    agenda_free(a);
}

/* ---- The native day_change ---------------------------------------------------- */

static void confday_native_day_change_0600_is_read_and_followed(void **st)
{
    (void)st;
    static const char *const t[] = {
        "2025-12-28T22:00:00+01:00", "2025-12-28T23:00:00+01:00",
        "2025-12-29T00:00:00+01:00", "2025-12-29T01:00:00+01:00",
        "2025-12-31T02:00:00+01:00", "2025-12-31T03:00:00+01:00", /* day of Tue 30 */
    };
    agenda *a = native("06:00", "Europe/Berlin", t, 3);
    assert_int_equal(a->day_change_s, 6 * 3600);
    int64_t now = layoutfix_at("2025-12-28T23:50:00+01:00");
    sched_state s;
    assert_int_equal(sched_query(a, now, -1, &s), 0);
    assert_int_equal(s.phase, SCHED_BREAK);
    assert_int_equal(confday_relative(a, now, s.next_start).rel, CONFDAY_TODAY);
    sched_state_free(&s);
    /* 02:00 on Wed 31 Dec belongs to the day of Tue 30 Dec: two days later. */
    confday_info d = confday_relative(a, now, layoutfix_at("2025-12-31T02:00:00+01:00"));
    assert_int_equal(d.rel, CONFDAY_LATER);
    assert_int_equal(d.days, 2);
    assert_int_equal(d.mday, 30);
    assert_int_equal(d.weekday, 2);
    assert_true(d.begins == layoutfix_at("2025-12-30T06:00:00+01:00"));
    agenda_free(a);

    a = native(NULL, "Europe/Berlin", t, 3);
    assert_int_equal(a->day_change_s, 0);
    assert_int_equal(confday_relative(a, now, layoutfix_at("2025-12-29T00:00:00+01:00")).rel,
                     CONFDAY_TOMORROW);
    agenda_free(a);
}

static void confday_native_day_change_must_be_hh_mm_before_noon(void **st)
{
    (void)st;
    static const char *const bad[] = {"12:00", "6:00", "06:60", "06-00", "24:00", ""};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char doc[512];
        snprintf(doc, sizeof(doc),
                 "{'hallboard':1,'revision':'r','event':{'title':'E','languages':['en'],"
                 "'zones':[{'zone':'UTC'}],'day_change':'%s'},'halls':[{'id':'h','name':'H'}],"
                 "'sessions':[]}",
                 bad[i]);
        char *json = support_dq(doc);
        feed_report rep;
        agenda *a = support_parse(json, &rep);
        free(json);
        if (a)
            fail_msg("day_change \"%s\" accepted", bad[i]);
        bool named = false;
        for (size_t k = 0; k < rep.n; k++)
            named = named || strcmp(rep.items[k].path, "event.day_change") == 0;
        if (!named)
            fail_msg("day_change \"%s\": no error at event.day_change", bad[i]);
    }
    static const char *const t[] = {"2025-01-01T10:00:00Z", "2025-01-01T11:00:00Z"};
    agenda *a = native("11:59", "UTC", t, 1);
    assert_int_equal(a->day_change_s, 11 * 3600 + 59 * 60);
    agenda_free(a);
}

/* ---- Days the clocks change ----------------------------------------------------- */

static void confday_berlin_days_of_23_and_25_hours(void **st)
{
    (void)st;
    static const char *const t[] = {"2024-03-30T10:00:00+01:00", "2024-03-30T11:00:00+01:00"};
    static const char *const dcs[] = {NULL, "06:00", "02:30"};
    for (size_t k = 0; k < 3; k++) {
        agenda *a = native(dcs[k], "Europe/Berlin", t, 1);
        int64_t spring = civil_days_from_ymd(2024, 3, 31), autumn = civil_days_from_ymd(2024, 10, 27);
        if (k < 2) {
            /* One day of 23 hours, one of 25: the day the clocks change in, which with
             * days from 06:00 is the day of the date before. */
            int64_t sd = k == 0 ? spring : spring - 1, ad = k == 0 ? autumn : autumn - 1;
            assert_true(confday_start(a, sd + 1) - confday_start(a, sd) == 23 * 3600);
            assert_true(confday_start(a, sd + 2) - confday_start(a, sd + 1) == 24 * 3600);
            assert_true(confday_start(a, sd) - confday_start(a, sd - 1) == 24 * 3600);
            assert_true(confday_start(a, ad + 1) - confday_start(a, ad) == 25 * 3600);
            assert_true(confday_start(a, ad + 2) - confday_start(a, ad + 1) == 24 * 3600);
        } else { /* 02:30, in the hour skipped: the hour lost is split over two days */
            assert_true(confday_start(a, spring) - confday_start(a, spring - 1) == 23 * 3600 + 1800);
            assert_true(confday_start(a, spring + 1) - confday_start(a, spring) == 23 * 3600 + 1800);
            assert_true(confday_start(a, autumn + 1) - confday_start(a, autumn) == 25 * 3600);
        }
        /* Every instant lies in the day whose span holds it. */
        for (int64_t x = confday_start(a, spring - 1); x < confday_start(a, spring + 2); x += 600) {
            int64_t d = confday_of(a, x);
            assert_true(confday_start(a, d) <= x && x < confday_start(a, d + 1));
        }
        for (int64_t x = confday_start(a, autumn - 1); x < confday_start(a, autumn + 2); x += 600) {
            int64_t d = confday_of(a, x);
            assert_true(confday_start(a, d) <= x && x < confday_start(a, d + 1));
        }
        agenda_free(a);
    }
    /* 02:30 on 31 March 2024 does not exist: the day begins as clocks go to 03:00. */
    agenda *a = native("02:30", "Europe/Berlin", t, 1);
    assert_true(confday_start(a, civil_days_from_ymd(2024, 3, 31)) ==
                layoutfix_at("2024-03-31T03:00:00+02:00"));
    assert_true(confday_start(a, civil_days_from_ymd(2024, 10, 27)) ==
                layoutfix_at("2024-10-27T02:30:00+02:00")); /* the first 02:30 */
    agenda_free(a);
}

/* ---- Other zones ------------------------------------------------------------------ */

static void confday_shanghai_and_new_york_days_are_their_own(void **st)
{
    (void)st;
    static const char *const t[] = {"2024-11-05T09:00:00+08:00", "2024-11-05T10:00:00+08:00"};
    agenda *a = native("05:00", "Asia/Shanghai", t, 1);
    int64_t now = layoutfix_at("2024-11-05T23:30:00+08:00");
    assert_int_equal(confday_relative(a, now, layoutfix_at("2024-11-06T04:30:00+08:00")).rel,
                     CONFDAY_TODAY);
    assert_int_equal(confday_relative(a, now, layoutfix_at("2024-11-06T05:00:00+08:00")).rel,
                     CONFDAY_TOMORROW);
    assert_true(confday_next_boundary(a, now) == layoutfix_at("2024-11-06T05:00:00+08:00"));
    agenda_free(a);

    /* New York with a Berlin clock beside it: days of each zone's own wall clock. */
    char doc[1024];
    snprintf(doc, sizeof(doc),
             "{'hallboard':1,'revision':'r','event':{'title':'E','languages':['en'],"
             "'zones':[{'zone':'America/New_York'},{'zone':'Europe/Berlin'}],'day_change':'04:00'},"
             "'halls':[{'id':'h','name':'H'}],'sessions':[{'id':'x','start':"
             "'2024-11-03T01:30:00-04:00','end':'2024-11-03T02:00:00-05:00','hall':'h','title':'T'}]}");
    a = layoutfix_parse_sq(doc);
    now = layoutfix_at("2024-11-02T20:00:00-04:00"); /* Berlin: 01:00 on the 3rd */
    int64_t t1 = layoutfix_at("2024-11-03T03:30:00-05:00"); /* Berlin: 09:30 on the 3rd */
    assert_int_equal(confday_relative(a, now, t1).rel, CONFDAY_TODAY);
    confday_info b = confday_relative_in(a, 1, now, t1);
    assert_int_equal(b.rel, CONFDAY_TOMORROW);
    assert_int_equal(b.mday, 3);
    assert_true(b.begins == layoutfix_at("2024-11-03T04:00:00+01:00")); /* Berlin's wall clock */
    /* Clocks go back at 02:00 on 3 Nov 2024 in New York: with days from 04:00, the day
     * of 2 Nov has 25 hours. */
    int64_t d = civil_days_from_ymd(2024, 11, 2);
    assert_true(confday_start(a, d + 1) - confday_start(a, d) == 25 * 3600);
    agenda_free(a);
}

/* An agenda without zones counts days in UTC. */
static void confday_without_zones_counts_utc_days(void **st)
{
    (void)st;
    agenda a = {0};
    a.day_change_s = 3600;
    assert_true(confday_of(&a, layoutfix_at("2025-01-02T00:59:59Z")) ==
                civil_days_from_ymd(2025, 1, 1));
    assert_true(confday_of(&a, layoutfix_at("2025-01-02T01:00:00Z")) ==
                civil_days_from_ymd(2025, 1, 2));
    a.day_change_s = 99999; /* out of range: calendar days */
    assert_true(confday_of(&a, layoutfix_at("2025-01-02T00:30:00Z")) ==
                civil_days_from_ymd(2025, 1, 2));
}

/* ---- Real exports ------------------------------------------------------------------ */

static agenda *real(const char *rel, bool *absent)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/fixtures/real/%s", support_shared_dir(), rel);
    size_t len;
    char *bytes = support_read_file(path, &len);
    *absent = bytes == NULL;
    if (!bytes)
        return NULL;
    feed_options o = feedsrc_options();
    feed_report rep;
    agenda *a = support_parse_opts(bytes, len, &o, &rep);
    free(bytes);
    assert_non_null(a);
    return a;
}

static void confday_real_exports_day_boundaries_are_read(void **st)
{
    (void)st;
    static const struct {
        const char *file;
        int32_t change;
    } v[] = {
        {"frab-json/voc-frab-camp2019.json", 4 * 3600},  /* day_end 04:00 */
        {"frab-json/voc-pretalx-rc3.json", 4 * 3600},    /* 04:00 to 03:59 */
        {"frab-json/voc-pretalx-democon.json", 3 * 3600}, /* 04:00+01:00, zone UTC */
        {"frab-xml/giggity-debconf23.xml", 3 * 3600},    /* 21:30Z is 03:00 in Kochi */
        {"frab-xml/giggity-fosdem_2021.xml", 0},         /* <day_change>00:00:00 */
    };
    size_t found = 0;
    for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        bool absent;
        agenda *a = real(v[i].file, &absent);
        if (absent)
            continue;
        found++;
        if (a->day_change_s != v[i].change)
            fail_msg("%s: day change %d, expected %d", v[i].file, a->day_change_s, v[i].change);
        agenda_free(a);
    }
    if (!found)
        skip();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(confday_frab_day_end_0600_makes_midnight_tonight_not_tomorrow),
        cmocka_unit_test(confday_without_boundaries_calendar_days_make_midnight_tomorrow),
        cmocka_unit_test(confday_native_day_change_0600_is_read_and_followed),
        cmocka_unit_test(confday_native_day_change_must_be_hh_mm_before_noon),
        cmocka_unit_test(confday_berlin_days_of_23_and_25_hours),
        cmocka_unit_test(confday_shanghai_and_new_york_days_are_their_own),
        cmocka_unit_test(confday_without_zones_counts_utc_days),
        cmocka_unit_test(confday_real_exports_day_boundaries_are_read),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
