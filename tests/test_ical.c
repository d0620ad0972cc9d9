/* test_ical.c - the iCalendar importer on small inline documents (zones, durations,
 * recurrences, the bytes real exporters write, broken and truncated files) and on the
 * real samples of ../shared/fixtures/real/ical/ (session counts and each documented
 * quirk), and `hallboard check` on them. */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/importers.h"
#include "feedsrc.h"
#include "tzdb.h"

/* ---- Helpers -------------------------------------------------------------- */

#define HEAD "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
#define TAIL "END:VCALENDAR\n"

static agenda *parse(const char *doc, feed_report *rep)
{
    return support_parse(doc, rep);
}

static const char *title(const agenda *a, const agenda_session *s)
{
    return agenda_tr_get(a, &s->title, NULL);
}

/* One event with a UID, a SUMMARY and the given lines. */
#define EV(uid, lines) "BEGIN:VEVENT\nUID:" uid "\nSUMMARY:T " uid "\n" lines "END:VEVENT\n"

/* ---- Zones -------------------------------------------------------------------- */

static void ical_utc_times_are_read_as_utc(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("u1", "DTSTAMP:20200101T000000Z\nDTSTART:20200918T110000Z\n"
                                    "DTEND:20200918T120000Z\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(a->n_sessions, 1);
    support_expect_times(support_session(a, "u1"), "2020-09-18T11:00:00Z", "2020-09-18T12:00:00Z");
    assert_string_equal(title(a, support_session(a, "u1")), "T u1");
    agenda_free(a);
}

static void ical_tzid_iana_zone_across_a_dst_change(void **state)
{
    (void)state;
    feed_report rep;
    /* Berlin turns its clocks forward at 02:00 on 2020-03-29. */
    agenda *a = parse(HEAD EV("dst", "DTSTART;TZID=Europe/Berlin:20200329T013000\n"
                                     "DTEND;TZID=Europe/Berlin:20200329T033000\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    support_expect_times(support_session(a, "dst"), "2020-03-29T01:30:00+01:00",
                         "2020-03-29T03:30:00+02:00");
    assert_int_equal(support_session(a, "dst")->end - support_session(a, "dst")->start, 3600);
    agenda_free(a);
}

static void ical_tzid_legacy_and_windows_names(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("ny", "DTSTART;TZID=US/Eastern:20200701T100000\n"
                                    "DTEND;TZID=US/Eastern:20200701T110000\n")
                          EV("win", "DTSTART;TZID=\"W. Europe Standard Time\":20200115T100000\n"
                                    "DTEND;TZID=\"W. Europe Standard Time\":20200115T110000\n")
                              TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(rep.n_warnings, 0);
    support_expect_times(support_session(a, "ny"), "2020-07-01T10:00:00-04:00",
                         "2020-07-01T11:00:00-04:00");
    support_expect_times(support_session(a, "win"), "2020-01-15T10:00:00+01:00",
                         "2020-01-15T11:00:00+01:00");
    agenda_free(a);
}

#define CUSTOM_VTZ                                                                          \
    "BEGIN:VTIMEZONE\nTZID:Custom Zone\n"                                                   \
    "BEGIN:STANDARD\nDTSTART:19701025T030000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\n"    \
    "TZOFFSETFROM:+0300\nTZOFFSETTO:+0200\nTZNAME:CST\nEND:STANDARD\n"                      \
    "BEGIN:DAYLIGHT\nDTSTART:19700329T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\n"     \
    "TZOFFSETFROM:+0200\nTZOFFSETTO:+0300\nTZNAME:CDT\nEND:DAYLIGHT\nEND:VTIMEZONE\n"

static void ical_custom_vtimezone_rules_are_followed(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD CUSTOM_VTZ
                      EV("summer", "DTSTART;TZID=Custom Zone:20210710T100000\nDURATION:PT1H\n")
                          EV("winter", "DTSTART;TZID=Custom Zone:20210110T100000\nDURATION:PT1H\n")
                              EV("edge", "DTSTART;TZID=Custom Zone:20210328T013000\n"
                                         "DTEND;TZID=Custom Zone:20210328T033000\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(rep.n_warnings, 0);
    support_expect_times(support_session(a, "summer"), "2021-07-10T10:00:00+03:00",
                         "2021-07-10T11:00:00+03:00");
    support_expect_times(support_session(a, "winter"), "2021-01-10T10:00:00+02:00",
                         "2021-01-10T11:00:00+02:00");
    support_expect_times(support_session(a, "edge"), "2021-03-28T01:30:00+02:00",
                         "2021-03-28T03:30:00+03:00");
    agenda_free(a);
}

static void ical_unknown_tzid_without_vtimezone_falls_back_to_the_venue(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD "X-WR-TIMEZONE:Asia/Tokyo\n"
                      EV("x", "DTSTART;TZID=Mars/Olympus:20200701T100000\nDURATION:PT1H\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    support_expect_problem(&rep, FEED_WARNING, "VEVENT[0].DTSTART",
                           "unknown time zone \"Mars/Olympus\"");
    support_expect_times(support_session(a, "x"), "2020-07-01T10:00:00+09:00",
                         "2020-07-01T11:00:00+09:00");
    agenda_free(a);
}

static void ical_x_wr_timezone_is_the_zone_of_floating_times(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD "X-WR-CALNAME:Kochi Summit\nX-WR-TIMEZONE:Asia/Kolkata\n"
                      EV("f", "DTSTART:20200701T100000\nDTEND:20200701T110000\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(rep.n_warnings, 0);
    assert_false(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "Asia/Kolkata");
    assert_string_equal(agenda_tr_get(a, &a->title, NULL), "Kochi Summit");
    support_expect_times(support_session(a, "f"), "2020-07-01T10:00:00+05:30",
                         "2020-07-01T11:00:00+05:30");
    agenda_free(a);
}

static void ical_floating_times_without_any_zone_are_utc_with_a_warning(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("f", "DTSTART:20200701T100000\nDTEND:20200701T110000\n") TAIL, &rep);
    support_expect_ok(a, &rep, "ical");
    support_expect_problem(&rep, FEED_WARNING, "VEVENT[0].DTSTART", "no time zone");
    assert_true(a->zone_assumed);
    support_expect_times(support_session(a, "f"), "2020-07-01T10:00:00Z", "2020-07-01T11:00:00Z");
    agenda_free(a);
}

static void ical_floating_times_follow_the_configured_zone(void **state)
{
    (void)state;
    feed_report rep;
    static const char *const zones[] = {"Asia/Tokyo", NULL};
    feed_options o = feedsrc_options();
    o.zones = zones;
    const char *doc = HEAD "X-WR-TIMEZONE:Europe/Paris\n"
                      EV("f", "DTSTART:20200701T100000\nDTEND:20200701T110000\n")
                          EV("z", "DTSTART:20200701T100000Z\nDTEND:20200701T110000Z\n") TAIL;
    agenda *a = support_parse_opts(doc, strlen(doc), &o, &rep);
    support_expect_ok(a, &rep, "ical");
    assert_false(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "Asia/Tokyo");
    support_expect_times(support_session(a, "f"), "2020-07-01T10:00:00+09:00",
                         "2020-07-01T11:00:00+09:00");
    support_expect_times(support_session(a, "z"), "2020-07-01T10:00:00Z", "2020-07-01T11:00:00Z");
    agenda_free(a);
}

/* ---- Durations -------------------------------------------------------------------- */

static void ical_duration_stands_for_dtend_and_neither_makes_a_moment(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("d", "DTSTART:20200701T100000Z\nDURATION:PT1H30M\n")
                          EV("m", "DTSTART:20200701T120000Z\n")
                              EV("day", "DTSTART;VALUE=DATE:20200702\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    support_expect_times(support_session(a, "d"), "2020-07-01T10:00:00Z", "2020-07-01T11:30:00Z");
    support_expect_times(support_session(a, "m"), "2020-07-01T12:00:00Z", "2020-07-01T12:00:00Z");
    support_expect_problem(&rep, FEED_WARNING, "VEVENT[1].end", "moment");
    support_expect_problem(&rep, FEED_WARNING, "VEVENT[2].DTSTART", "dropped: all-day event");
    assert_int_equal(a->n_sessions, 2);
    agenda_free(a);
}

/* ---- Recurrences --------------------------------------------------------------------- */

static void ical_rrule_with_count_keeps_local_time_across_dst(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("w", "DTSTART;TZID=Europe/Berlin:20200318T100000\n"
                                   "DTEND;TZID=Europe/Berlin:20200318T110000\n"
                                   "RRULE:FREQ=WEEKLY;COUNT=3\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(a->n_sessions, 3);
    support_expect_times(support_session(a, "w@20200318T090000Z"), "2020-03-18T10:00:00+01:00",
                 "2020-03-18T11:00:00+01:00");
    support_expect_times(support_session(a, "w@20200325T090000Z"), "2020-03-25T10:00:00+01:00",
                 "2020-03-25T11:00:00+01:00");
    support_expect_times(support_session(a, "w@20200401T080000Z"), "2020-04-01T10:00:00+02:00",
                 "2020-04-01T11:00:00+02:00");
    agenda_free(a);
}

static void ical_open_rrule_is_expanded_over_the_span_of_the_other_events(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("open", "DTSTART:20200701T080000Z\nDURATION:PT30M\nRRULE:FREQ=DAILY\n")
                          EV("first", "DTSTART:20200701T090000Z\nDTEND:20200701T100000Z\n")
                              EV("last", "DTSTART:20200703T160000Z\nDTEND:20200703T170000Z\n")
                                  TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(a->n_sessions, 2 + 3); /* 1, 2 and 3 July */
    support_expect_times(support_session(a, "open@20200703T080000Z"), "2020-07-03T08:00:00Z",
                 "2020-07-03T08:30:00Z");
    agenda_free(a);

    /* With no other event: ICAL_OPEN_WINDOW_DAYS (31) from DTSTART. */
    a = parse(HEAD EV("alone", "DTSTART:20200701T080000Z\nDURATION:PT30M\nRRULE:FREQ=DAILY\n") TAIL,
              &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(a->n_sessions, 32);
    agenda_free(a);
}

static void ical_exdate_removes_and_rdate_adds_occurrences(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("r", "DTSTART:20200701T080000Z\nDTEND:20200701T090000Z\n"
                                   "RRULE:FREQ=DAILY;UNTIL=20200705T080000Z\n"
                                   "EXDATE:20200702T080000Z,20200704T080000Z\n"
                                   "RDATE:20200710T120000Z\n"
                                   "RDATE;VALUE=PERIOD:20200711T120000Z/PT2H\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(a->n_sessions, 5); /* 1, 3, 5 July; 10, 11 July */
    support_session(a, "r@20200701T080000Z");
    support_session(a, "r@20200703T080000Z");
    support_session(a, "r@20200705T080000Z");
    support_expect_times(support_session(a, "r@20200710T120000Z"), "2020-07-10T12:00:00Z",
                         "2020-07-10T13:00:00Z");
    support_expect_times(support_session(a, "r@20200711T120000Z"), "2020-07-11T12:00:00Z",
                         "2020-07-11T14:00:00Z");
    agenda_free(a);
}

static void ical_recurrence_id_overrides_its_occurrence(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("m", "DTSTART;TZID=Europe/Paris:20200701T100000\nDURATION:PT1H\n"
                                   "RRULE:FREQ=DAILY;COUNT=3\n")
                      "BEGIN:VEVENT\nUID:m\nSUMMARY:Moved\n"
                      "RECURRENCE-ID;TZID=Europe/Paris:20200702T100000\n"
                      "DTSTART;TZID=Europe/Paris:20200702T150000\nDURATION:PT1H\nEND:VEVENT\n" TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(a->n_sessions, 3);
    const agenda_session *s = support_session(a, "m@20200702T080000Z");
    assert_string_equal(title(a, s), "Moved");
    support_expect_times(s, "2020-07-02T15:00:00+02:00", "2020-07-02T16:00:00+02:00");
    assert_string_equal(title(a, support_session(a, "m@20200701T080000Z")), "T m");
    agenda_free(a);
}

static void ical_rrule_bomb_is_bounded(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("bomb", "DTSTART:20200701T080000Z\nRRULE:FREQ=SECONDLY\n")
                          EV("day", "DTSTART:20200701T080000Z\nDTEND:20200702T080000Z\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    support_expect_problem(&rep, FEED_WARNING, "VEVENT[0].RRULE", "the first ones kept");
    assert_int_equal(a->n_sessions, 1 + 1000);
    agenda_free(a);

    a = parse(HEAD EV("far", "DTSTART:20200701T080000Z\nRRULE:FREQ=MINUTELY;UNTIL=20990101T000000Z\n")
                  TAIL,
              &rep);
    support_expect_ok(a, &rep, "ical");
    support_expect_problem(&rep, FEED_WARNING, "VEVENT[0].RRULE", "the first ones kept");
    assert_int_equal(a->n_sessions, 1000);
    agenda_free(a);
}

/* ---- Content ------------------------------------------------------------------------- */

static void ical_status_location_categories_and_html(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD "X-WR-TIMEZONE:Europe/Paris\n"
                      EV("c", "DTSTART:20200701T100000\nDURATION:PT1H\nSTATUS:CANCELLED\n"
                              "LOCATION:Room A\nCATEGORIES:Security,Kernel\n"
                              "DESCRIPTION:<p>One &amp; <b>two</b></p><p>three</p>\n"
                              "ATTENDEE;CN=\"Jo Doe\":mailto:jo@example.org\n")
                          EV("n", "DTSTART:20200701T110000\nDURATION:PT1H\nLOCATION:Room A\n"
                                  "DESCRIPTION:Plain\\, with a\\nline break\n")
                              EV("none", "DTSTART:20200701T120000\nDURATION:PT1H\n") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    const agenda_session *c = support_session(a, "c"), *n = support_session(a, "n");
    const agenda_session *none = support_session(a, "none");
    assert_int_equal(c->status, AGENDA_STATUS_CANCELLED);
    assert_int_equal(n->status, AGENDA_STATUS_SCHEDULED);
    assert_int_equal(a->n_halls, 1);
    assert_string_equal(a->halls[0].id, "Room A");
    assert_int_equal(c->hall, 0);
    assert_int_equal(n->hall, 0);
    assert_int_equal(none->hall, -1);
    assert_int_equal(a->n_tracks, 1);
    assert_string_equal(a->tracks[0].id, "Security");
    assert_int_equal(c->track, 0);
    assert_int_equal(c->n_speakers, 0); /* attendees are not speakers */
    assert_string_equal(agenda_tr_get(a, &c->description, NULL), "One & two\nthree");
    assert_string_equal(agenda_tr_get(a, &n->description, NULL), "Plain, with a\nline break");
    agenda_free(a);
}

static void ical_uid_missing_or_repeated(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD "BEGIN:VEVENT\nSUMMARY:No uid\nDTSTART:20200701T100000Z\nEND:VEVENT\n"
                      EV("same", "DTSTART:20200701T110000Z\n") EV("same", "DTSTART:20200701T120000Z\n")
                          TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(a->n_sessions, 3);
    support_session(a, "same");
    support_session(a, "same~2");
    assert_non_null(a->sessions[0].id);
    agenda_free(a);
}

/* ---- Bytes --------------------------------------------------------------------------- */

#define SPLIT_DOC                                                                           \
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Europe/Berlin\r\n"                    \
    "BEGIN:VEVENT\r\nUID:g\r\nDTSTART:20200701T100000\r\nSUMMARY:Gr\xC3\r\n \xBC\xC3\x9F"  \
    "e aus M\xC3\xBC\r\n\tnchen\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"

static void ical_folds_that_split_a_character_are_unfolded_first(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(SPLIT_DOC, &rep);
    support_expect_ok(a, &rep, "ical");
    assert_string_equal(title(a, support_session(a, "g")),
                        "Gr\xC3\xBC\xC3\x9F" "e aus M\xC3\xBCnchen");
    agenda_free(a);
}


static void ical_line_ends_lf_crlf_and_stray_cr_read_alike(void **state)
{
    (void)state;
    static const char *const docs[] = {
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:e\nDTSTART:20200701T100000Z\nDESCRIPTION:a\n b\n"
        "SUMMARY:S\nEND:VEVENT\nEND:VCALENDAR\n",
        "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:e\r\nDTSTART:20200701T100000Z\r\nDESCRIPTION:a"
        "\r\n b\r\nSUMMARY:S\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        "BEGIN:VCALENDAR\r\r\nBEGIN:VEVENT\r\nUID:e\r\r\nDTSTART:20200701T100000Z\r\r\n"
        "DESCRIPTION:a\r\r\n b\r\r\nSUMMARY:S\r\nEND:VEVENT\r\r\nEND:VCALENDAR",
    };
    for (size_t i = 0; i < 3; i++) {
        feed_report rep;
        agenda *a = parse(docs[i], &rep);
        support_expect_ok(a, &rep, "ical");
        const agenda_session *s = support_session(a, "e");
        assert_string_equal(title(a, s), "S");
        assert_string_equal(agenda_tr_get(a, &s->description, NULL), "ab");
        assert_int_equal(s->start, support_instant("2020-07-01T10:00:00Z"));
        agenda_free(a);
    }
}

static void ical_vcard_style_parameters_and_dtstamp_with_tzid_are_harmless(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD "X-WR-CALNAME;CHARSET=UTF-8;ENCODING=8BIT:JRES\n"
                      "BEGIN:VEVENT\nUID:v\nDTSTAMP;TZID=Europe/Paris:20220516T012116\n"
                      "DTSTART;TZID=Europe/Paris:20220517T110000\n"
                      "DTEND;TZID=Europe/Paris:20220517T123000\n"
                      "LOCATION;CHARSET=UTF-8;ENCODING=8BIT:Amphith\xC3\xA9\xC3\xA2tre\n"
                      "SUMMARY;CHARSET=UTF-8;ENCODING=8BIT:Accueil\nEND:VEVENT\n" TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(rep.n_warnings, 0);
    assert_string_equal(agenda_tr_get(a, &a->title, NULL), "JRES");
    const agenda_session *s = support_session(a, "v");
    assert_string_equal(title(a, s), "Accueil");
    assert_string_equal(a->halls[s->hall].id, "Amphith\xC3\xA9\xC3\xA2tre");
    support_expect_times(s, "2022-05-17T11:00:00+02:00", "2022-05-17T12:30:00+02:00");
    agenda_free(a);
}

static void ical_truncated_or_unbalanced_files_are_rejected(void **state)
{
    (void)state;
    support_expect_refused(HEAD EV("t", "DTSTART:20200701T100000Z\n"), NULL, "",
                           "truncated: no END:VCALENDAR");
    support_expect_refused(HEAD "BEGIN:VEVENT\nUID:t\nDTSTART:20200701T100000Z\n", NULL, "",
                           "truncated: no END:VEVENT");
    support_expect_refused(HEAD "BEGIN:VEVENT\nUID:t\nEND:VTODO\n" TAIL, NULL, "",
                           "END:VTODO closes BEGIN:VEVENT");
}

static void ical_broken_dtstart_is_dropped_with_its_path(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse(HEAD EV("ok1", "DTSTART:20200701T100000Z\n") EV("bad", "DTSTART:2020013\n")
                          EV("ok2", "DTSTART:20200701T110000Z\n") EV("none", "") TAIL,
                      &rep);
    support_expect_ok(a, &rep, "ical");
    assert_int_equal(a->n_sessions, 2);
    support_expect_problem(&rep, FEED_WARNING, "VEVENT[1].DTSTART", "dropped: not a date-time");
    support_expect_problem(&rep, FEED_WARNING, "VEVENT[3].DTSTART", "dropped: missing");
    agenda_free(a);
}

static void ical_sniffer_wants_begin_vcalendar(void **state)
{
    (void)state;
    assert_true(feed_sniff_ical(" \r\n\tbegin:vcalendar\n", 21));
    assert_true(feed_sniff_ical("BEGIN:VCALENDAR", 15));
    assert_false(feed_sniff_ical("BEGIN:VCALENDA", 14));
    assert_false(feed_sniff_ical("X\nBEGIN:VCALENDAR", 17));
    assert_false(feed_sniff_ical("", 0));
}

/* ---- Real samples ---------------------------------------------------------------------- */

static agenda *load_fixture(const char *name, size_t events, feed_report *rep)
{
    char rel[256];
    snprintf(rel, sizeof(rel), "ical/%s", name);
    size_t len;
    char *doc = support_read_sample(rel, &len);
    assert_int_equal(support_count(doc, "BEGIN:VEVENT"), (int)events);
    feed_options o = feedsrc_options();
    agenda *a = support_parse_opts(doc, len, &o, rep);
    free(doc);
    support_expect_ok(a, rep, "ical");
    assert_int_equal(a->n_sessions, events);
    return a;
}

static size_t count_without_hall(const agenda *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n_sessions; i++)
        n += a->sessions[i].hall < 0;
    return n;
}

static void ical_conformance_jres_2022(void **state)
{
    (void)state;
    feed_report rep;
    /* Folds split characters: feed_parse() refuses the raw bytes until it lets the
     * importer unfold first, so the importer is run as feed_parse() runs it. */
    agenda *a = load_fixture("giggity-jres_2022.ics", 120, &rep);
    assert_string_equal(agenda_tr_get(a, &a->title, NULL), "JRES 2021/22");
    /* TZID=Europe/Paris with no VTIMEZONE: Paris time (CEST in May). */
    const agenda_session *s = support_session(a, "presentation_94@conf-ng.jres.org");
    support_expect_times(s, "2022-05-17T11:00:00+02:00", "2022-05-17T12:30:00+02:00");
    assert_string_equal(a->halls[s->hall].id, "Accueil Parc Chanot");
    /* Every title and description is valid UTF-8, and the split ones read as words. */
    bool found = false;
    for (size_t i = 0; i < a->n_sessions; i++) {
        const char *t = title(a, &a->sessions[i]);
        const char *d = agenda_tr_get(a, &a->sessions[i].description, NULL);
        assert_true(support_utf8_valid(t));
        assert_true(!d || support_utf8_valid(d));
        assert_null(d ? strchr(d, '\r') : NULL);
        found |= d && strstr(d, "l\xE2\x80\x99" "ensemble de son \xE2\x80\x9C" "territoire") != NULL;
    }
    assert_true(found);
    assert_int_equal(count_without_hall(a), 0);
    assert_int_equal(a->n_halls, 15);
    agenda_free(a);
}

static void ical_conformance_kielux_2020(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = load_fixture("giggity-kielux_2020.ics", 24, &rep);
    /* UTC times. */
    assert_int_equal(a->sessions[0].start, support_instant("2020-09-18T09:00:00Z"));
    for (size_t i = 0; i < a->n_sessions; i++)
        assert_int_equal(a->sessions[i].n_speakers, 0); /* ATTENDEE is not a speaker */
    assert_false(a->zone_assumed);
    agenda_free(a);
}

static void ical_conformance_linux_conf_au_2020(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = load_fixture("giggity-linux_conf_au_2020.ics", 262, &rep);
    assert_int_equal(rep.n_warnings, 0);
    /* TZID=Australia/Brisbane;VALUE=DATE-TIME and X-WR-TIMEZONE: Brisbane (+10:00). */
    assert_string_equal(a->zones[0].name, "Australia/Brisbane");
    assert_int_equal(a->sessions[0].start, support_instant("2020-01-12T15:00:00+10:00"));
    assert_int_equal(count_without_hall(a), 17);
    for (size_t i = 0; i < a->n_sessions; i++) {
        const char *d = agenda_tr_get(a, &a->sessions[i].description, NULL);
        assert_true(!d || (!strstr(d, "<p>") && !strstr(d, "<br")));
    }
    agenda_free(a);
}

/* `hallboard check` on the sample `name` ends with "PATH: summary". */
static void expect_check_line(const char *name, const char *summary)
{
    char rel[256], path[4096];
    snprintf(rel, sizeof(rel), "ical/%s", name);
    support_expect_check(support_sample_path(rel, path, sizeof(path)), summary);
}

static void ical_check_command_on_the_samples(void **state)
{
    (void)state;
    expect_check_line("giggity-kielux_2020.ics", "valid (ical format, 24 sessions, 4 halls, 0 warnings)");
    expect_check_line("giggity-linux_conf_au_2020.ics",
                      "valid (ical format, 262 sessions, 7 halls, 0 warnings)");
}

static void ical_check_command_on_split_folds(void **state)
{
    (void)state;
    char path[4096];
    support_sample_path("ical/giggity-jres_2022.ics", path, sizeof(path)); /* or skip */
    /* The warning: presentation_147 ends as it starts (a moment). */
    expect_check_line("giggity-jres_2022.ics", "valid (ical format, 120 sessions, 15 halls, 1 warnings)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ical_utc_times_are_read_as_utc),
        cmocka_unit_test(ical_tzid_iana_zone_across_a_dst_change),
        cmocka_unit_test(ical_tzid_legacy_and_windows_names),
        cmocka_unit_test(ical_custom_vtimezone_rules_are_followed),
        cmocka_unit_test(ical_unknown_tzid_without_vtimezone_falls_back_to_the_venue),
        cmocka_unit_test(ical_x_wr_timezone_is_the_zone_of_floating_times),
        cmocka_unit_test(ical_floating_times_without_any_zone_are_utc_with_a_warning),
        cmocka_unit_test(ical_floating_times_follow_the_configured_zone),
        cmocka_unit_test(ical_duration_stands_for_dtend_and_neither_makes_a_moment),
        cmocka_unit_test(ical_rrule_with_count_keeps_local_time_across_dst),
        cmocka_unit_test(ical_open_rrule_is_expanded_over_the_span_of_the_other_events),
        cmocka_unit_test(ical_exdate_removes_and_rdate_adds_occurrences),
        cmocka_unit_test(ical_recurrence_id_overrides_its_occurrence),
        cmocka_unit_test(ical_rrule_bomb_is_bounded),
        cmocka_unit_test(ical_status_location_categories_and_html),
        cmocka_unit_test(ical_uid_missing_or_repeated),
        cmocka_unit_test(ical_folds_that_split_a_character_are_unfolded_first),
        cmocka_unit_test(ical_line_ends_lf_crlf_and_stray_cr_read_alike),
        cmocka_unit_test(ical_vcard_style_parameters_and_dtstamp_with_tzid_are_harmless),
        cmocka_unit_test(ical_truncated_or_unbalanced_files_are_rejected),
        cmocka_unit_test(ical_broken_dtstart_is_dropped_with_its_path),
        cmocka_unit_test(ical_sniffer_wants_begin_vcalendar),
        cmocka_unit_test(ical_conformance_jres_2022),
        cmocka_unit_test(ical_conformance_kielux_2020),
        cmocka_unit_test(ical_conformance_linux_conf_au_2020),
        cmocka_unit_test(ical_check_command_on_the_samples),
        cmocka_unit_test(ical_check_command_on_split_folds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
