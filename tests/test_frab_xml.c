/* test_frab_xml.c - the schedule.xml importer (frab, pentabarf, pretalx, wafer): small
 * inline documents for times, zones, durations, HTML, dropped events and hostile XML;
 * the real samples of HB_SHARED_DIR/fixtures/real/frab-xml/ (skipped when absent), with
 * expectations computed here from the files by plain string scanning; and `hallboard
 * check` on them. */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedsrc.h"

/* ---- Helpers -------------------------------------------------------------- */

/* A schedule with `conf` spliced into <conference> and `days` after it. */
static char *doc(const char *conf, const char *days)
{
    static const char fmt[] = "<?xml version='1.0' encoding='UTF-8'?>\n"
                              "<schedule>\n<version>v3</version>\n"
                              "<conference><title>Camp</title><acronym>cc</acronym>%s"
                              "</conference>\n%s</schedule>\n";
    size_t n = sizeof(fmt) + strlen(conf) + strlen(days);
    char *s = malloc(n);
    snprintf(s, n, fmt, conf, days);
    return s;
}

/* doc(conf, days) parsed with the options o. */
static agenda *parse_doc_opts(const char *conf, const char *days, const feed_options *o,
                              feed_report *rep)
{
    char *x = doc(conf, days);
    agenda *a = support_parse_opts(x, strlen(x), o, rep);
    free(x);
    return a;
}

static agenda *parse_doc(const char *conf, const char *days, feed_report *rep)
{
    feed_options o = feedsrc_options();
    return parse_doc_opts(conf, days, &o, rep);
}

#define BERLIN "<time_zone_name>Europe/Berlin</time_zone_name>"
#define DAY(attrs, rooms) "<day index='1' " attrs ">" rooms "</day>\n"
#define ROOM(name, events) "<room name='" name "'>" events "</room>"
#define EVENT(attrs, body) "<event " attrs ">" body "</event>"
#define TIMES(date, start, dur) \
    "<date>" date "</date><start>" start "</start><duration>" dur "</duration>"

static const char *txt(const agenda_text *t)
{
    const char *s = agenda_text_get(t, NULL, NULL);
    return s ? s : "";
}

/* ---- Inline documents ------------------------------------------------------- */

static void frab_xml_minimal_schedule_maps_halls_tracks_speakers_and_instants(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse_doc(
        BERLIN,
        DAY("date='2019-12-27'",
            ROOM("Saal 1",
                 EVENT("id='11' guid='g-11'",
                       TIMES("2019-12-27T11:00:00+01:00", "11:00", "00:40")
                       "<room>Saal 1</room><slug>s11</slug><title>Opening</title>"
                       "<subtitle>Hello</subtitle><track>CCC</track><type>keynote</type>"
                       "<persons><person id='1'>Ada</person><person id='2'>Grace</person>"
                       "</persons><links><link href='x'>Video</link></links>")
                 EVENT("id='12'",
                       TIMES("2019-12-27T12:00:00+01:00", "12:00", "01:00")
                       "<room>Saal 2</room><title>Workshop</title><track>Hardware</track>"
                       "<type>Workshop</type><status>Canceled</status>"))),
        &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_string_equal(a->format, "frab-xml");
    assert_string_equal(a->revision, "v3");
    assert_string_equal(txt(&a->title), "Camp");
    assert_string_equal(a->zones[0].name, "Europe/Berlin");
    assert_int_equal(a->n_sessions, 2);
    assert_int_equal(a->n_halls, 2);
    assert_string_equal(a->halls[0].id, "Saal 1");
    assert_string_equal(a->halls[1].id, "Saal 2");
    assert_int_equal(a->n_tracks, 2);
    const agenda_session *s = support_session(a, "g-11");
    support_expect_times(s, "2019-12-27T10:00:00Z", "2019-12-27T10:40:00Z");
    assert_string_equal(txt(&s->title), "Opening");
    assert_string_equal(txt(&s->subtitle), "Hello");
    assert_string_equal(a->halls[s->hall].id, "Saal 1");
    assert_string_equal(a->tracks[s->track].id, "CCC");
    assert_int_equal(s->kind, AGENDA_KIND_KEYNOTE);
    assert_int_equal(s->n_speakers, 2);
    assert_string_equal(txt(&s->speakers[0].name), "Ada");
    assert_string_equal(txt(&s->speakers[1].name), "Grace");
    s = support_session(a, "12"); /* no guid: the id attribute */
    support_expect_times(s, "2019-12-27T11:00:00Z", "2019-12-27T12:00:00Z");
    assert_string_equal(a->halls[s->hall].id, "Saal 2");
    assert_int_equal(s->kind, AGENDA_KIND_OTHER);
    assert_int_equal(s->status, AGENDA_STATUS_CANCELLED);
    assert_int_equal(support_session(a, "g-11")->status, AGENDA_STATUS_SCHEDULED);
    assert_int_equal(s->n_speakers, 0);
    assert_int_equal(rep.n_warnings, 0);
    agenda_free(a);
}

static void frab_xml_wafer_utc_date_wins_over_local_start(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse_doc(
        "<time_zone_name>Asia/Kolkata</time_zone_name>",
        DAY("date='2023-09-09' start='2023-09-09T21:30:00+00:00'",
            ROOM("Anamudi",
                 EVENT("id='35' guid='455d'",
                       TIMES("2023-09-10T05:00:00+00:00", "10:30", "00:20")
                       "<title>Opening Ceremony</title><type>Long talk (45 minutes)</type>")
                 EVENT("id='36'", "<start>11:00</start><duration>00:20</duration>"
                                  "<title>No date</title>"))),
        &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_string_equal(a->zones[0].name, "Asia/Kolkata");
    support_expect_times(support_session(a, "455d"), "2023-09-10T05:00:00Z",
                         "2023-09-10T05:20:00Z");
    /* Without a date, the day's start (03:00 in Kolkata on the 10th) gives the date. */
    support_expect_times(support_session(a, "36"), "2023-09-10T11:00:00+05:30",
                         "2023-09-10T11:20:00+05:30");
    agenda_free(a);
}

static const char fosdem_days[] =
    DAY("date='2021-02-06'",
        ROOM("K.fosdem",
             EVENT("id='11795'", "<start>09:00</start><duration>00:25</duration>"
                                 "<slug>welcome</slug><title>Welcome</title>"
                                 "<type>maintrack</type>")
             EVENT("", "<start>01:30</start><duration>00:30</duration>"
                       "<slug>late</slug><title>After midnight</title>")))
    "<day index='2' date='2021-02-07'>"
    ROOM("H.2215", EVENT("id='2'", "<start>10:00</start><duration>01:00</duration>"
                                   "<title>Sunday</title>")) "</day>";

static void frab_xml_events_without_date_use_day_start_and_zone(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse_doc("<time_zone_name>Europe/Brussels</time_zone_name>"
                          "<day_change>04:00:00</day_change>"
                          "<timeslot_duration>00:05:00</timeslot_duration>",
                          fosdem_days, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_string_equal(a->zones[0].name, "Europe/Brussels");
    support_expect_times(support_session(a, "11795"), "2021-02-06T09:00:00+01:00",
                         "2021-02-06T09:25:00+01:00");
    /* 01:30 is before day_change: the night after the 6th. No guid nor id: the slug. */
    support_expect_times(support_session(a, "late"), "2021-02-07T01:30:00+01:00",
                         "2021-02-07T02:00:00+01:00");
    support_expect_times(support_session(a, "2"), "2021-02-07T10:00:00+01:00",
                         "2021-02-07T11:00:00+01:00");
    assert_int_equal(rep.n_warnings, 0);
    agenda_free(a);
}

static void frab_xml_no_zone_at_all_reads_the_venue_zone(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse_doc("<day_change>04:00</day_change>", fosdem_days, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_true(a->zone_assumed);
    support_expect_problem(&rep, FEED_WARNING, "schedule.conference.time_zone_name",
                           "no time zone");
    support_expect_times(support_session(a, "11795"), "2021-02-06T09:00:00Z",
                         "2021-02-06T09:25:00Z");
    agenda_free(a);

    static const char *const zones[] = {"Europe/Brussels", NULL};
    feed_options o = feedsrc_options();
    o.zones = zones;
    a = parse_doc_opts("<day_change>04:00</day_change>", fosdem_days, &o, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_false(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "Europe/Brussels");
    support_expect_times(support_session(a, "late"), "2021-02-07T01:30:00+01:00",
                         "2021-02-07T02:00:00+01:00");
    agenda_free(a);
}

/* One event per duration, each on its own hour of 2024-05-01 (UTC). */
/* <day_change> sets the conference days; without it, the days' start and end do
 * (04:00 to 03:59 the next morning, as pretalx writes them: days from 04:00). */
static void frab_xml_day_change_and_day_spans_set_the_conference_days(void **st)
{
    (void)st;
    static const char days[] =
        DAY("date='2020-12-27' start='2020-12-27T04:00:00+01:00' end='2020-12-28T03:59:00+01:00'",
            ROOM("A", EVENT("guid='e1'", TIMES("2020-12-27T11:00:00+01:00", "11:00", "00:30")
                                             "<title>T</title>")));
    feed_report rep;
    agenda *a = parse_doc(BERLIN, days, &rep);
    assert_non_null(a);
    assert_int_equal(a->day_change_s, 4 * 3600);
    agenda_free(a);
    a = parse_doc(BERLIN "<day_change>06:00</day_change>", days, &rep);
    assert_non_null(a);
    assert_int_equal(a->day_change_s, 6 * 3600);
    agenda_free(a);
    a = parse_doc(BERLIN "<day_change>00:00:00</day_change>", days, &rep);
    assert_non_null(a);
    assert_int_equal(a->day_change_s, 0);
    agenda_free(a);
}

static void frab_xml_every_duration_form_is_read(void **st)
{
    (void)st;
    static const struct {
        const char *dur;
        int64_t seconds;
    } cases[] = {
        {"00:45", 2700},        {"1:30", 5400},           {"01:30:00", 5400},
        {"00:45:30", 2730},     {"1:01:30", 91800},       {"1:01:30:15", 91815},
        {"0:02:30", 9000},      {"00:00", 0},
    };
    size_t n = sizeof(cases) / sizeof(cases[0]);
    char events[4096] = "";
    /* Each in its own room: long ones would overlap (a warning of its own). */
    for (size_t i = 0; i < n; i++) {
        char e[256];
        snprintf(e, sizeof(e),
                 "<room name='R%zu'><event guid='d%zu'><date>2024-05-01T%02zu:00:00Z</date>"
                 "<duration>%s</duration><title>D</title></event></room>",
                 i, i, i, cases[i].dur);
        strcat(events, e);
    }
    char days[4400];
    snprintf(days, sizeof(days), "<day date='2024-05-01'>%s</day>", events);
    feed_report rep;
    agenda *a = parse_doc("", days, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_int_equal(a->n_sessions, n);
    for (size_t i = 0; i < n; i++) {
        char id[8];
        snprintf(id, sizeof(id), "d%zu", i);
        const agenda_session *s = support_session(a, id);
        assert_int_equal(s->start, support_instant("2024-05-01T00:00:00Z") + 3600 * (int64_t)i);
        if (s->end - s->start != cases[i].seconds)
            fail_msg("%s: %lld s", cases[i].dur, (long long)(s->end - s->start));
    }
    /* 00:00: kept as a moment, with a warning. */
    support_expect_problem(&rep, FEED_WARNING, "schedule.day[0].room[\"R7\"].event[0].end",
                           "zero length");
    assert_int_equal(rep.n_warnings, 1);
    agenda_free(a);
}

static void frab_xml_html_in_abstracts_is_decoded(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse_doc(
        "",
        DAY("date='2024-05-01'",
            ROOM("R",
                 EVENT("guid='a'", TIMES("2024-05-01T10:00:00Z", "10:00", "00:30")
                       "<title>Fish &amp; Chips</title>"
                       "<abstract>&lt;p&gt;Caf&amp;eacute; &amp;amp; more&lt;/p&gt;"
                       "&lt;p&gt;Second&lt;/p&gt;</abstract>"
                       "<description>&lt;b&gt;unused&lt;/b&gt;</description>")
                 EVENT("guid='b'", TIMES("2024-05-01T11:00:00Z", "11:00", "00:30")
                       "<title>T</title><abstract/>"
                       "<description>&amp;lt;b&amp;gt; is markup</description>")))
        , &rep);
    support_expect_ok(a, &rep, "frab-xml");
    const agenda_session *s = support_session(a, "a");
    assert_string_equal(txt(&s->title), "Fish & Chips");
    assert_string_equal(txt(&s->description), "Caf\xC3\xA9 & more\nSecond");
    /* An empty abstract: the description; written as text, the tag stays text. */
    assert_string_equal(txt(&support_session(a, "b")->description), "<b> is markup");
    agenda_free(a);
}

static void frab_xml_flawed_events_are_dropped_at_their_path(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse_doc(
        BERLIN,
        DAY("date='2019-12-27'",
            ROOM("Saal 1",
                 EVENT("guid='ok1'", TIMES("2019-12-27T11:00:00+01:00", "11:00", "00:40")
                       "<title>Fine</title>")
                 EVENT("guid='bad-dur'", TIMES("2019-12-27T12:00:00+01:00", "12:00", "soon")
                       "<title>Bad duration</title>")
                 EVENT("guid='no-start'", "<duration>00:30</duration><title>No start</title>")
                 EVENT("guid='bad-date'", TIMES("2019-13-27T12:00:00+01:00", "12:00", "00:30")
                       "<title>Bad date</title>")
                 EVENT("guid='no-dur'", "<date>2019-12-27T15:00:00+01:00</date>"
                       "<title>No duration</title>")
                 EVENT("guid='long'", TIMES("2019-12-27T12:00:00+01:00", "12:00", "9:00:00:00")
                       "<title>Long</title>"))
            ROOM("Saal 2", EVENT("guid='ok2'", TIMES("2019-12-27T11:00:00+01:00", "11:00",
                                                      "00:40") "<title>Fine too</title>"))),
        &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_int_equal(a->n_sessions, 2);
    support_session(a, "ok1");
    support_session(a, "ok2");
    const char *base = "schedule.day[0].room[\"Saal 1\"].event[";
    char p[128];
    static const char *const where[][2] = {
        {"1].duration", "\"soon\" is not a duration"},
        {"2].start", "missing"},
        {"3].date", "\"2019-13-27T12:00:00+01:00\" is not a date-time"},
        {"4].duration", "missing"},
        {"5].duration", "longer than 7 days"},
    };
    for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
        snprintf(p, sizeof(p), "%s%s", base, where[i][0]);
        support_expect_problem(&rep, FEED_WARNING, p, "dropped: ");
        support_expect_problem(&rep, FEED_WARNING, p, where[i][1]);
    }
    assert_int_equal(rep.n_warnings, 5);
    agenda_free(a);
}

static void frab_xml_long_room_names_are_cut_in_paths_at_a_character(void **st)
{
    (void)st;
    char name[128] = "", cut[64] = "", days[512], path[160];
    for (int i = 0; i < 40; i++)
        strcat(name, "\xC3\x9C"); /* 80 bytes */
    for (int i = 0; i < 24; i++)
        strcat(cut, "\xC3\x9C"); /* the first 48 */
    snprintf(days, sizeof(days),
             "<day date='2024-05-01'><room name='%s'><event guid='a'>"
             "<date>2024-05-01T10:00:00Z</date><duration>later</duration></event>"
             "</room></day>", name);
    feed_report rep;
    agenda *a = parse_doc("", days, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    snprintf(path, sizeof(path), "schedule.day[0].room[\"%s...\"].event[0].duration", cut);
    support_expect_problem(&rep, FEED_WARNING, path, "dropped: ");
    assert_int_equal(a->n_halls, 1);
    assert_string_equal(a->halls[0].id, name);
    agenda_free(a);
}

static void frab_xml_not_well_formed_is_rejected_with_line_and_column(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse("<?xml version='1.0'?>\n<schedule>\n  <conference></conferense>\n"
                              "</schedule>\n", &rep);
    assert_null(a);
    assert_int_equal(rep.n_errors, 1);
    assert_string_equal(rep.items[0].path, "");
    assert_non_null(strstr(rep.items[0].msg, "line 3, column 17: not well-formed XML"));
    assert_non_null(strstr(rep.items[0].msg, "mismatched tag"));

    /* White space before the document is skipped, and counted in positions. */
    a = support_parse("\n\n  <schedule>\n</schedul>", &rep);
    assert_null(a);
    assert_non_null(strstr(rep.items[0].msg, "line 4, column 3: not well-formed XML"));

    a = support_parse("  <schedule><conference></x></schedule>", &rep);
    assert_null(a);
    assert_non_null(strstr(rep.items[0].msg, "line 1, column 27: not well-formed XML"));

    a = support_parse("<schedule>\n<conference><title>Cut here", &rep);
    assert_null(a);
    assert_non_null(strstr(rep.items[0].msg, "line 2, column"));
    assert_non_null(strstr(rep.items[0].msg, "ends too soon"));

    a = support_parse("<schedule><title>\xC3\x28</title></schedule>", &rep);
    assert_null(a); /* not UTF-8 */
    assert_true(rep.n_errors > 0);
}

static void frab_xml_doctype_declaring_entities_is_refused(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse("<?xml version='1.0'?>\n<!DOCTYPE schedule [\n"
                              "  <!ENTITY who \"Mallory\">\n]>\n"
                              "<schedule><conference><title>&who;</title></conference>"
                              "</schedule>", &rep);
    assert_null(a);
    assert_int_equal(rep.n_errors, 1);
    assert_non_null(strstr(rep.items[0].msg, "line 3, column"));
    assert_non_null(strstr(rep.items[0].msg, "declares the entity \"who\""));

    a = support_parse("<!DOCTYPE schedule [<!ENTITY % p SYSTEM 'file:///etc/passwd'> %p;]>"
                      "<schedule/>", &rep);
    assert_null(a);
    assert_non_null(strstr(rep.items[0].msg, "parameter entity \"p\""));

    a = support_parse("<!DOCTYPE schedule [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
                      "<schedule><conference><title>&x;</title></conference></schedule>",
                      &rep);
    assert_null(a);
    assert_non_null(strstr(rep.items[0].msg, "entity \"x\""));

    /* A DOCTYPE that declares nothing is fine; its DTD is never fetched. */
    a = support_parse("<!-- export -->\n<!DOCTYPE schedule SYSTEM 'http://127.0.0.1:9/s.dtd'>\n"
                      "<schedule><conference><title>Ok</title></conference></schedule>", &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_string_equal(txt(&a->title), "Ok");
    agenda_free(a);
}

static void frab_xml_billion_laughs_is_refused_quickly(void **st)
{
    (void)st;
    char x[4096];
    size_t o = (size_t)snprintf(x, sizeof(x), "<?xml version='1.0'?>\n<!DOCTYPE schedule [\n"
                                              " <!ENTITY lol0 \"lol\">\n");
    for (int i = 1; i <= 9; i++) {
        o += (size_t)snprintf(x + o, sizeof(x) - o, " <!ENTITY lol%d \"", i);
        for (int k = 0; k < 10; k++)
            o += (size_t)snprintf(x + o, sizeof(x) - o, "&lol%d;", i - 1);
        o += (size_t)snprintf(x + o, sizeof(x) - o, "\">\n");
    }
    snprintf(x + o, sizeof(x) - o, "]>\n<schedule><conference><title>&lol9;</title>"
                                   "</conference></schedule>\n");
    feed_report rep;
    double t0 = support_now();
    agenda *a = support_parse(x, &rep);
    double dt = support_now() - t0;
    assert_null(a);
    assert_int_equal(rep.n_errors, 1);
    assert_non_null(strstr(rep.items[0].msg, "declares the entity \"lol0\""));
    assert_true(dt < 0.5);
}

static void frab_xml_unknown_zone_falls_back_to_the_offsets(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse_doc(
        "<time_zone_name>Mars/Olympus</time_zone_name>",
        DAY("date='2024-05-01'",
            ROOM("R", EVENT("guid='a'", TIMES("2024-05-01T10:00:00+02:00", "10:00", "00:30")
                            "<title>A</title>")
                      EVENT("guid='b'", "<start>11:00</start><duration>00:30</duration>"
                                        "<title>B</title>"))),
        &rep);
    support_expect_ok(a, &rep, "frab-xml");
    support_expect_problem(&rep, FEED_WARNING, "schedule.conference.time_zone_name",
                           "unknown time zone \"Mars/Olympus\": times read in UTC+02:00");
    assert_string_equal(a->zones[0].name, "UTC+02:00");
    support_expect_times(support_session(a, "a"), "2024-05-01T08:00:00Z", "2024-05-01T08:30:00Z");
    support_expect_times(support_session(a, "b"), "2024-05-01T11:00:00+02:00",
                         "2024-05-01T11:30:00+02:00");
    agenda_free(a);

    /* Offsets that disagree: UTC. */
    a = parse_doc("<time_zone_name>Mars/Olympus</time_zone_name>",
                  DAY("date='2024-05-01'",
                      ROOM("R", EVENT("guid='a'", TIMES("2024-05-01T10:00:00+02:00", "10:00",
                                                        "00:30") "<title>A</title>")
                                EVENT("guid='b'", TIMES("2024-05-01T10:00:00+03:00", "10:00",
                                                        "00:30") "<title>B</title>"))),
                  &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_string_equal(a->zones[0].name, "UTC");
    agenda_free(a);

    /* No name, one offset: that fixed zone is shown, without a warning. */
    a = parse_doc("",
                  DAY("date='2024-05-01'",
                      ROOM("R", EVENT("guid='a'", TIMES("2024-05-01T10:00:00-03:00", "10:00",
                                                        "00:30") "<title>A</title>"))),
                  &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_string_equal(a->zones[0].name, "UTC-03:00");
    assert_int_equal(rep.n_warnings, 0);
    agenda_free(a);
}

static void frab_xml_limits_are_structural_errors(void **st)
{
    (void)st;
    feed_report rep;
    char deep[2048] = "<schedule>";
    for (int i = 0; i < 70; i++)
        strcat(deep, "<x>");
    agenda *a = support_parse(deep, &rep);
    assert_null(a);
    assert_non_null(strstr(rep.items[0].msg, "nested more than 64 deep"));

    feed_options o = feedsrc_options();
    o.limits.max_sessions = 1;
    a = parse_doc_opts("", fosdem_days, &o, &rep);
    assert_null(a);
    support_expect_problem(&rep, FEED_ERROR, "schedule.day[0].room[\"K.fosdem\"].event[1]",
                           "more than the limit of 1 sessions");

    /* A long abstract is cut with a warning, not refused. */
    size_t big = 3 * AGENDA_MAX_STRING_BYTES;
    char *ab = malloc(big + 1);
    memset(ab, 'a', big);
    ab[big] = '\0';
    size_t n = big + 512;
    char *days = malloc(n);
    snprintf(days, n, "<day date='2024-05-01'><room name='R'><event guid='a'>"
                      "<date>2024-05-01T10:00:00Z</date><duration>00:30</duration>"
                      "<title>A</title><abstract>%s</abstract></event></room></day>", ab);
    a = parse_doc("", days, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_int_equal(strlen(txt(&a->sessions[0].description)), AGENDA_MAX_STRING_BYTES);
    support_expect_problem(&rep, FEED_WARNING,
                           "schedule.day[0].room[\"R\"].event[0].abstract", "cut");
    agenda_free(a);
    free(days);
    free(ab);
}

static void frab_xml_is_recognised_by_content(void **st)
{
    (void)st;
    feed_report rep;
    /* Declaration, comments, a processing instruction and a DOCTYPE before the root. */
    agenda *a = support_parse("\n<?xml version='1.0' encoding='ISO-8859-1'?>\n<!-- a -->"
                              "<?xml-stylesheet href='s.xsl'?>\n<!DOCTYPE schedule>\n"
                              "<schedule ><conference><title>Caf\xC3\xA9</title></conference>"
                              "</schedule>", &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_string_equal(a->format, "frab-xml");
    assert_string_equal(txt(&a->title), "Caf\xC3\xA9"); /* the bytes are UTF-8 */
    assert_int_equal(a->n_sessions, 0);
    agenda_free(a);
    a = support_parse("<schedules/>", &rep);
    assert_null(a);
    assert_non_null(strstr(rep.items[0].msg, "not a feed"));
}

/* ---- The real samples --------------------------------------------------------- */

/* The text of the first <tag> after p and before `end` into out (cap), or false. */
static bool element_text(const char *p, const char *end, const char *tag, char *out, size_t cap)
{
    char open[64];
    snprintf(open, sizeof(open), "<%s>", tag);
    const char *s = strstr(p, open);
    if (!s || s > end)
        return false;
    s += strlen(open);
    const char *e = strchr(s, '<');
    size_t n = (size_t)(e - s) < cap - 1 ? (size_t)(e - s) : cap - 1;
    memcpy(out, s, n);
    out[n] = '\0';
    return true;
}

/* The quoted value of attribute `name` in the tag at p, or false. */
static bool tag_attr(const char *p, const char *name, char *out, size_t cap)
{
    const char *gt = strchr(p, '>');
    char key[64];
    snprintf(key, sizeof(key), " %s=\"", name);
    const char *s = strstr(p, key);
    if (!s || s > gt)
        return false;
    s += strlen(key);
    size_t n = (size_t)(strchr(s, '"') - s);
    snprintf(out, cap, "%.*s", (int)(n < cap ? n : cap - 1), s);
    return true;
}

static int64_t minutes_hm(const char *hm)
{
    int h, m;
    assert_int_equal(sscanf(hm, "%d:%d", &h, &m), 2);
    return h * 60 + m;
}

static bool any_dropped(const feed_report *rep)
{
    for (size_t i = 0; i < rep->n; i++)
        if (strstr(rep->items[i].msg, "dropped"))
            return true;
    return false;
}

static void frab_xml_fosdem_2021_imports_every_event(void **st)
{
    (void)st;
    size_t len;
    char *x = support_read_sample("frab-xml/giggity-fosdem_2021.xml", &len);
    int events = support_count(x, "<event ");
    assert_int_equal(events, 773);
    feed_report rep;
    agenda *a = support_parse(x, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_false(any_dropped(&rep));
    assert_int_equal(a->n_sessions, (size_t)events);
    assert_int_equal(a->n_halls, 108);
    assert_true(a->zone_assumed); /* no zone in the file: UTC with a warning */
    /* Each event: its day's date + start (read as UTC here), + duration. */
    const char *day = NULL, *p = x;
    int checked = 0;
    while ((p = strstr(p, "<event id=\"")) != NULL) {
        const char *d;
        while ((d = strstr(day ? day + 1 : x, "<day ")) && d < p)
            day = d;
        const char *end = strstr(p, "</event>");
        char id[32], date[16], start[16], dur[16], when[40];
        assert_true(tag_attr(p, "id", id, sizeof(id)));
        assert_true(tag_attr(day, "date", date, sizeof(date)));
        assert_true(element_text(p, end, "start", start, sizeof(start)));
        assert_true(element_text(p, end, "duration", dur, sizeof(dur)));
        snprintf(when, sizeof(when), "%sT%s:00Z", date, start);
        const agenda_session *s = support_session(a, id);
        assert_int_equal(s->start, support_instant(when));
        assert_int_equal(s->end - s->start, 60 * minutes_hm(dur));
        checked++;
        p = end;
    }
    assert_int_equal(checked, events);
    agenda_free(a);
    free(x);
}

static void frab_xml_debconf23_uses_utc_dates_in_kolkata(void **st)
{
    (void)st;
    size_t len;
    char *x = support_read_sample("frab-xml/giggity-debconf23.xml", &len);
    feed_report rep;
    agenda *a = support_parse(x, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_false(any_dropped(&rep));
    assert_string_equal(a->zones[0].name, "Asia/Kolkata");
    assert_string_equal(txt(&a->title), "DebConf 23");
    assert_int_equal(a->n_sessions, (size_t)support_count(x, "<event "));
    const agenda_session *s = support_session(a, "455d075f-48c0-2ec2-24b3-f5add30c383a");
    support_expect_times(s, "2023-09-10T05:00:00Z", "2023-09-10T05:20:00Z");
    assert_string_equal(txt(&s->title), "Opening Ceremony");
    assert_string_equal(txt(&s->speakers[0].name), "Sruthi Chandran");
    int checked = 0;
    for (const char *p = x; (p = strstr(p, "<event id=\"")) != NULL; checked++) {
        const char *end = strstr(p, "</event>");
        char guid[64], date[40], dur[16];
        assert_true(tag_attr(p, "guid", guid, sizeof(guid)));
        assert_true(element_text(p, end, "date", date, sizeof(date)));
        assert_true(element_text(p, end, "duration", dur, sizeof(dur)));
        s = support_session(a, guid);
        assert_int_equal(s->start, support_instant(date));
        assert_int_equal(s->end - s->start, 60 * minutes_hm(dur));
        p = end;
    }
    assert_int_equal((size_t)checked, a->n_sessions);
    agenda_free(a);
    free(x);
}

static void frab_xml_damaged_samples_fail_cleanly(void **st)
{
    (void)st;
    size_t len;
    char *x = support_read_sample("frab-xml/giggity-debconf23.xml", &len);
    feed_report rep;
    feed_options o = feedsrc_options();
    for (size_t k = 1; k <= 32; k++) {
        size_t cut = len * k / 33;
        while (cut > 0 && ((unsigned char)x[cut] & 0xC0) == 0x80)
            cut--;
        agenda *a = support_parse_opts(x, cut, &o, &rep);
        assert_null(a);
        assert_true(rep.n_errors > 0);
    }
    free(x);
}

static void frab_xml_check_prints_a_summary(void **st)
{
    (void)st;
    static const struct {
        const char *name;
        const char *counts;
    } files[] = {
        {"frab-xml/giggity-fosdem_2021.xml", "773 sessions, 108 halls"},
        {"frab-xml/giggity-debconf23.xml", "117 sessions, 5 halls"},
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char path[4096], want[4200];
        support_sample_path(files[i].name, path, sizeof(path));
        support_run_result r = support_check(path);
        assert_int_equal(r.status, 0);
        const char *last = support_last_line(r.err);
        snprintf(want, sizeof(want), "%s: valid (frab-xml format, %s, ", path, files[i].counts);
        if (strncmp(last, want, strlen(want)) != 0 || !strstr(last, " warnings)"))
            fail_msg("last line: %s", last);
        support_run_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frab_xml_minimal_schedule_maps_halls_tracks_speakers_and_instants),
        cmocka_unit_test(frab_xml_wafer_utc_date_wins_over_local_start),
        cmocka_unit_test(frab_xml_events_without_date_use_day_start_and_zone),
        cmocka_unit_test(frab_xml_no_zone_at_all_reads_the_venue_zone),
        cmocka_unit_test(frab_xml_day_change_and_day_spans_set_the_conference_days),
        cmocka_unit_test(frab_xml_every_duration_form_is_read),
        cmocka_unit_test(frab_xml_html_in_abstracts_is_decoded),
        cmocka_unit_test(frab_xml_flawed_events_are_dropped_at_their_path),
        cmocka_unit_test(frab_xml_long_room_names_are_cut_in_paths_at_a_character),
        cmocka_unit_test(frab_xml_not_well_formed_is_rejected_with_line_and_column),
        cmocka_unit_test(frab_xml_doctype_declaring_entities_is_refused),
        cmocka_unit_test(frab_xml_billion_laughs_is_refused_quickly),
        cmocka_unit_test(frab_xml_unknown_zone_falls_back_to_the_offsets),
        cmocka_unit_test(frab_xml_limits_are_structural_errors),
        cmocka_unit_test(frab_xml_is_recognised_by_content),
        cmocka_unit_test(frab_xml_fosdem_2021_imports_every_event),
        cmocka_unit_test(frab_xml_debconf23_uses_utc_dates_in_kolkata),
        cmocka_unit_test(frab_xml_damaged_samples_fail_cleanly),
        cmocka_unit_test(frab_xml_check_prints_a_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
