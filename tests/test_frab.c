/* test_frab.c - the frab / pretalx schedule.json importer on small inline documents:
 * durations, nulls, days past midnight, offsets against time_zone_name, events without
 * a date, the v2 draft, wrong types and limits (with the exact paths reported), and the
 * lenient repairs of real exports (moments, repeated guids, undatable events, unknown
 * zones), each with its warning.
 * The real samples are read by test_frab_conformance.c. */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feedsrc.h"
#include "tzdb.h"

/* ---- Helpers -------------------------------------------------------------- */

/* A copy of s with every ' turned into " (keeps the JSON below readable). */
static char *dq(const char *s)
{
    char *d = strdup(s);
    for (char *p = d; *p; p++)
        if (*p == '\'')
            *p = '"';
    return d;
}

static agenda *parse_with(const char *json_sq, const feed_options *o, feed_report *rep)
{
    char *json = dq(json_sq);
    tzdb_init();
    agenda *a = feed_parse(json, strlen(json), o, rep);
    free(json);
    return a;
}

static agenda *parse(const char *json_sq, feed_report *rep)
{
    feed_options o = feedsrc_options();
    return parse_with(json_sq, &o, rep);
}

/* A classic schedule with one day (2019-08-21, 09:00 to 04:00 next day, +02:00) whose
 * rooms object is `rooms`; `conf` is spliced into the conference object. */
static char *classic(const char *conf, const char *rooms)
{
    static const char fmt[] =
        "{'schedule':{'version':'v7','conference':{'acronym':'cc','title':'Camp',"
        "%s'days':[{'index':1,'date':'2019-08-21','day_start':'2019-08-21T09:00:00+02:00',"
        "'day_end':'2019-08-22T04:00:00+02:00','rooms':{%s}}]}}}";
    size_t n = sizeof(fmt) + strlen(conf) + strlen(rooms);
    char *s = malloc(n);
    snprintf(s, n, fmt, conf, rooms);
    return s;
}

#define BERLIN "'time_zone_name':'Europe/Berlin',"

/* One classic event. */
#define EV(guid, date, duration, extra)                                                     \
    "{'guid':'" guid "','date':'" date "','duration':" duration ",'title':'T " guid "'" extra "}"

static agenda *parse_classic(const char *conf, const char *rooms, feed_report *rep)
{
    char *j = classic(conf, rooms);
    agenda *a = parse(j, rep);
    free(j);
    return a;
}

static const agenda_session *by_id(const agenda *a, const char *id)
{
    for (size_t i = 0; i < a->n_sessions; i++)
        if (strcmp(a->sessions[i].id, id) == 0)
            return &a->sessions[i];
    fail_msg("no session \"%s\"", id);
    return NULL;
}

static void expect_ok(const agenda *a, const feed_report *rep)
{
    if (!a || rep->n_errors)
        support_print_report(rep);
    assert_non_null(a);
    assert_int_equal(rep->n_errors, 0);
}

static void expect_problem(const feed_report *rep, feed_severity sev, const char *path,
                           const char *needle)
{
    if (!support_has_problem(rep, sev, path, needle)) {
        fprintf(stderr, "expected %s at %s containing \"%s\"; got:\n",
                sev == FEED_ERROR ? "an error" : "a warning", path, needle);
        support_print_report(rep);
    }
    assert_true(support_has_problem(rep, sev, path, needle));
}

static void expect_error_doc(const char *json_sq, const char *path, const char *needle)
{
    feed_report rep;
    agenda *a = parse(json_sq, &rep);
    expect_problem(&rep, FEED_ERROR, path, needle);
    assert_null(a);
}

static void expect_error_rooms(const char *rooms, const char *path, const char *needle)
{
    char *j = classic(BERLIN, rooms);
    expect_error_doc(j, path, needle);
    free(j);
}

/* The rooms parse (lenient: an agenda) with a warning at `path` containing needle. */
static agenda *expect_warning_rooms(const char *rooms, const char *path, const char *needle,
                                    feed_report *rep)
{
    char *j = classic(BERLIN, rooms);
    agenda *a = parse(j, rep);
    free(j);
    expect_ok(a, rep);
    expect_problem(rep, FEED_WARNING, path, needle);
    return a;
}

/* ---- The classic layout --------------------------------------------------- */

/* ---- Conference days -------------------------------------------------------- */

/* The days' day_start/day_end (09:00 to 04:00 the next morning) make days that begin at
 * 04:00; conference.day_change, when given, wins; one that does not parse is warned
 * about and calendar days hold. */
static void frab_day_end_and_day_change_set_the_conference_days(void **state)
{
    (void)state;
    feed_report rep;
    const char *rooms = "'Curie':[" EV("a", "2019-08-21T11:00:00+02:00", "'00:30'", "") "]";
    agenda *a = parse_classic(BERLIN, rooms, &rep);
    expect_ok(a, &rep);
    assert_int_equal(a->day_change_s, 4 * 3600);
    agenda_free(a);
    a = parse_classic(BERLIN "'day_change':'05:30',", rooms, &rep);
    expect_ok(a, &rep);
    assert_int_equal(a->day_change_s, 5 * 3600 + 30 * 60);
    agenda_free(a);
    a = parse_classic(BERLIN "'day_change':'13:00',", rooms, &rep);
    expect_ok(a, &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.conference.day_change", "before 12:00");
    assert_int_equal(a->day_change_s, 4 * 3600); /* the days' spans still count */
    agenda_free(a);
    a = parse_classic(BERLIN "'day_change':'late',", rooms, &rep);
    expect_ok(a, &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.conference.day_change", "HH:MM");
    agenda_free(a);
}

static void frab_classic_schedule_maps_conference_rooms_tracks_and_events(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_classic(
        BERLIN "'rooms':[{'name':'Curie','guid':'g-curie'},{'name':'Meitner'}],"
               "'tracks':[{'name':'CCC','color':'#00ff80'}],",
        "'Curie':[{'id':10386,'guid':'a0','date':'2019-08-21T11:00:00+02:00','start':'11:00',"
        "'duration':'00:30','room':'Curie','slug':'s-1','title':'Opening Ceremony',"
        "'subtitle':'Welcome','track':'CCC','type':'lecture','abstract':'Short.',"
        "'description':'Long.','persons':[{'id':1,'public_name':'jinxx'},{'name':'smtw'},'Ann']}],"
        "'Meitner':[" EV("b0", "2019-08-21T12:00:00+02:00", "'01:00'", ",'track':'Art','type':'Workshop'") "]",
        &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->format, "frab");
    assert_int_equal(a->version, 1);
    assert_string_equal(a->revision, "v7");
    assert_string_equal(agenda_tr_get(a, &a->title, "en"), "Camp");
    assert_int_equal(a->n_languages, 1);
    assert_string_equal(a->languages[0], "en");
    assert_int_equal(a->n_zones, 1);
    assert_string_equal(a->zones[0].name, "Europe/Berlin");
    assert_int_equal(a->n_halls, 2);
    assert_string_equal(a->halls[0].id, "Curie");
    assert_string_equal(a->halls[1].id, "Meitner");
    assert_int_equal(a->n_tracks, 2); /* CCC declared, Art found on an event */
    assert_string_equal(a->tracks[0].id, "CCC");
    assert_true(a->tracks[0].has_color);
    assert_int_equal(a->tracks[0].color, 0x00ff80);
    assert_string_equal(a->tracks[1].id, "Art");
    assert_false(a->tracks[1].has_color);
    assert_int_equal(a->n_sessions, 2);

    const agenda_session *s = by_id(a, "a0"); /* guid wins over id and slug */
    assert_true(s->start == support_instant("2019-08-21T09:00:00Z"));
    assert_true(s->end == support_instant("2019-08-21T09:30:00Z"));
    assert_int_equal(s->hall, 0);
    assert_int_equal(s->track, 0);
    assert_int_equal(s->kind, AGENDA_KIND_TALK);
    assert_int_equal(s->status, AGENDA_STATUS_SCHEDULED);
    assert_string_equal(agenda_tr_get(a, &s->title, "en"), "Opening Ceremony");
    assert_string_equal(agenda_tr_get(a, &s->subtitle, "en"), "Welcome");
    assert_string_equal(agenda_tr_get(a, &s->description, "en"), "Short.");
    assert_int_equal(s->n_speakers, 3);
    assert_string_equal(agenda_tr_get(a, &s->speakers[0].name, "en"), "jinxx");
    assert_string_equal(agenda_tr_get(a, &s->speakers[1].name, "en"), "smtw");
    assert_string_equal(agenda_tr_get(a, &s->speakers[2].name, "en"), "Ann");
    assert_int_equal(s->n_chair, 0);

    s = by_id(a, "b0");
    assert_int_equal(s->hall, 1);
    assert_int_equal(s->track, 1);
    assert_int_equal(s->kind, AGENDA_KIND_OTHER);
    assert_int_equal(s->subtitle.n, 0);
    agenda_free(a);
}

static void frab_every_duration_form_is_read(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int64_t seconds;
    } cases[] = {
        {"'0:45'", 45 * 60},          /* H:MM */
        {"'01:30'", 90 * 60},         /* HH:MM */
        {"'26:00'", 26 * 3600},       /* HH:MM past a day */
        {"'01:30:00'", 90 * 60},      /* HH:MM:SS (last part 0) */
        {"'00:45:30'", 45 * 60 + 30}, /* HH:MM:SS (middle part >= 24) */
        {"'0:01:30'", 90 * 60},       /* D:HH:MM (last part non-zero, middle < 24) */
        {"'1:02:30'", 86400 + 2 * 3600 + 30 * 60}, /* D:HH:MM */
        {"'1:00:00'", 3600},          /* HH:MM:SS: the rule prefers an hour to a day */
        {"90", 90 * 60},              /* a number: minutes */
        {"'90'", 90 * 60},            /* digits: minutes */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char rooms[512];
        snprintf(rooms, sizeof(rooms), "'R':[{'guid':'d','date':'2019-08-21T11:00:00+02:00',"
                                       "'duration':%s,'title':'T'}]",
                 cases[i].json);
        feed_report rep;
        agenda *a = parse_classic(BERLIN, rooms, &rep);
        expect_ok(a, &rep);
        if (a->sessions[0].end - a->sessions[0].start != cases[i].seconds)
            fail_msg("duration %s: %lld s, expected %lld s", cases[i].json,
                     (long long)(a->sessions[0].end - a->sessions[0].start),
                     (long long)cases[i].seconds);
        agenda_free(a);
    }
}

static void frab_bad_durations_drop_the_event_with_a_warning_at_their_path(void **state)
{
    (void)state;
    static const char *const bad[] = {"'1:60'", "'abc'", "'1:2:3:4'", "-5",     "1.5",
                                      "''",     "'0:75:00'", "'8:00:00:00'", "'200:00'",
                                      "true",   "[]",        "'1:1:30:00'"};
    static const char *const needle[] = {"not a duration", "not a duration", "not a duration",
                                         "not a whole number", "not a whole number",
                                         "not a duration", "not a duration",
                                         "longer than 7 days", "longer than 7 days",
                                         "expected a duration", "expected a duration",
                                         "not a duration"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char rooms[512];
        snprintf(rooms, sizeof(rooms),
                 "'Saal 1':[" EV("ok", "2019-08-21T10:00:00+02:00", "'00:30'", "") ","
                 "{'guid':'d','date':'2019-08-21T11:00:00+02:00','duration':%s,'title':'T'}]",
                 bad[i]);
        const char *path = "schedule.conference.days[0].rooms[\"Saal 1\"][1].duration";
        feed_report rep;
        agenda *a = expect_warning_rooms(rooms, path, needle[i], &rep);
        expect_problem(&rep, FEED_WARNING, path, "dropped: ");
        assert_int_equal(a->n_sessions, 1);
        assert_string_equal(a->sessions[0].id, "ok");
        agenda_free(a);
    }
}

/* pretalx writes a day or more as D:HH:MM (days unpadded), and some exports D:HH:MM:SS. */
static void frab_pretalx_durations_of_a_day_or_more_are_read(void **state)
{
    (void)state;
    static const struct {
        const char *json;
        int64_t seconds;
    } cases[] = {
        {"'1:01:30'", 25 * 3600 + 30 * 60},
        {"'2:00:15'", 2 * 86400 + 15 * 60},
        {"'1:01:30:00'", 25 * 3600 + 30 * 60},
        {"'0:00:45:30'", 45 * 60 + 30},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char rooms[512];
        snprintf(rooms, sizeof(rooms), "'R':[{'guid':'d','date':'2019-08-21T11:00:00+02:00',"
                                       "'duration':%s,'title':'T'}]",
                 cases[i].json);
        feed_report rep;
        agenda *a = parse_classic(BERLIN, rooms, &rep);
        expect_ok(a, &rep);
        assert_int_equal(rep.n_warnings, 0);
        if (a->sessions[0].end - a->sessions[0].start != cases[i].seconds)
            fail_msg("duration %s: %lld s, expected %lld s", cases[i].json,
                     (long long)(a->sessions[0].end - a->sessions[0].start),
                     (long long)cases[i].seconds);
        agenda_free(a);
    }
}

/* The 36C3 export has events with duration "00:00": each is kept as a moment (shown as
 * next, never as now), with a warning. */
static void frab_zero_duration_is_kept_as_a_moment_with_a_warning(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = expect_warning_rooms(
        "'Ada':[" EV("m", "2019-08-21T10:00:00+02:00", "'00:00'", "") ","
        EV("n", "2019-08-21T10:00:00+02:00", "'00:30'", "") "]",
        "schedule.conference.days[0].rooms[\"Ada\"][0].end", "zero length: kept as a moment",
        &rep);
    assert_int_equal(a->n_sessions, 2);
    const agenda_session *s = by_id(a, "m");
    assert_true(s->start == support_instant("2019-08-21T08:00:00Z"));
    assert_true(s->end == s->start);
    assert_int_equal(rep.n_warnings, 1); /* a moment overlaps nothing */
    agenda_free(a);
}

/* pretalx exports have held three submissions under one guid, in two slots: every one
 * is kept, the repeats under an id made unique, each with a warning naming the first. */
static void frab_repeated_guid_is_made_unique_and_every_event_kept(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = expect_warning_rooms(
        "'A':[" EV("same", "2019-08-21T10:00:00+02:00", "'00:30'", "") ","
        EV("same", "2019-08-21T11:00:00+02:00", "'00:30'", "") "],"
        "'B':[" EV("same", "2019-08-21T10:00:00+02:00", "'00:30'", "") "]",
        "schedule.conference.days[0].rooms[\"A\"][1].id",
        "repeated id \"same\" (first at schedule.conference.days[0].rooms[\"A\"][0]): made "
        "\"same~2\"",
        &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"B\"][0].id",
                   "made \"same~3\"");
    assert_int_equal(a->n_sessions, 3);
    assert_int_equal(by_id(a, "same")->hall, 0);
    assert_true(by_id(a, "same~2")->start == support_instant("2019-08-21T09:00:00Z"));
    assert_int_equal(by_id(a, "same~3")->hall, 1);
    agenda_free(a);
}

/* An event that cannot be placed in time is dropped, the others kept. */
static void frab_undatable_event_is_dropped_with_its_path(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = expect_warning_rooms(
        "'R':[" EV("ok", "2019-08-21T10:00:00+02:00", "'00:30'", "") ","
        "{'guid':'a','date':'2019-08-32T10:00:00+02:00','duration':'00:30','title':'T'},"
        "{'guid':'b','date':20190821,'duration':'00:30','title':'T'},"
        "{'guid':'c','duration':'00:30','title':'T'}]",
        "schedule.conference.days[0].rooms[\"R\"][1].date", "dropped: \"2019-08-32T10",
        &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"R\"][2].date",
                   "dropped: expected a date-time string, found a number");
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"R\"][3].date",
                   "dropped: missing");
    assert_int_equal(a->n_sessions, 1);
    assert_string_equal(a->sessions[0].id, "ok");
    agenda_free(a);
}

static void frab_null_fields_count_as_missing(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_classic(
        BERLIN "'rooms':null,'tracks':null,'languages':null,",
        "'R':[{'guid':null,'id':'42','slug':null,'date':'2019-08-21T11:00:00+02:00',"
        "'start':null,'duration':'00:30','room':null,'title':'T','subtitle':null,'track':null,"
        "'type':null,'abstract':null,'description':null,'persons':null,'logo':null,"
        "'status':null,'do_not_record':null}],'Empty':null",
        &rep);
    expect_ok(a, &rep);
    assert_int_equal(a->n_sessions, 1);
    const agenda_session *s = &a->sessions[0];
    assert_string_equal(s->id, "42");
    assert_int_equal(s->track, -1);
    assert_int_equal(s->hall, 0);
    assert_int_equal(s->subtitle.n, 0);
    assert_int_equal(s->description.n, 0);
    assert_int_equal(s->n_speakers, 0);
    assert_int_equal(s->kind, AGENDA_KIND_TALK);
    agenda_free(a);
}

static void frab_event_after_midnight_keeps_its_own_date(void **state)
{
    (void)state;
    feed_report rep;
    /* Listed under day 2019-08-21 but on the 22nd, crossing no midnight itself; and one
     * that starts before midnight and ends after it. */
    agenda *a = parse_classic(
        BERLIN,
        "'R':[" EV("late", "2019-08-22T01:30:00+02:00", "'01:00'", ",'start':'01:30'") ","
        EV("cross", "2019-08-21T23:30:00+02:00", "'01:00'", ",'start':'23:30'") "]",
        &rep);
    expect_ok(a, &rep);
    assert_true(by_id(a, "late")->start == support_instant("2019-08-21T23:30:00Z"));
    assert_true(by_id(a, "cross")->start == support_instant("2019-08-21T21:30:00Z"));
    assert_true(by_id(a, "cross")->end == support_instant("2019-08-21T22:30:00Z"));
    assert_string_equal(a->sessions[0].id, "cross"); /* sorted by instant */
    agenda_free(a);
}

static void frab_offsets_place_sessions_whatever_time_zone_name_says(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_classic("'time_zone_name':'UTC',",
                              "'R':[" EV("x", "2020-12-14T09:00:00+01:00", "'00:30'", "") "]",
                              &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->zones[0].name, "UTC");
    assert_true(a->sessions[0].start == support_instant("2020-12-14T08:00:00Z"));
    expect_problem(&rep, FEED_WARNING, "schedule.conference.time_zone_name", "disagrees");
    agenda_free(a);
}

static void frab_event_without_date_uses_its_day_and_start_in_the_conference_zone(void **state)
{
    (void)state;
    feed_report rep;
    /* Day 2019-08-21 starts 09:00: "11:00" is that day, "01:30" the next morning. */
    agenda *a = parse_classic(
        BERLIN,
        "'R':[{'guid':'a','start':'11:00','duration':'00:30','title':'A'},"
        "{'guid':'b','start':'01:30','duration':'00:30','title':'B'}]",
        &rep);
    expect_ok(a, &rep);
    assert_true(by_id(a, "a")->start == support_instant("2019-08-21T09:00:00Z"));
    assert_true(by_id(a, "b")->start == support_instant("2019-08-21T23:30:00Z"));
    agenda_free(a);

    /* The conference zone, not a --zone override, reads local times. */
    static const char *const zones[] = {"Asia/Tokyo", NULL};
    feed_options o = feedsrc_options();
    o.zones = zones;
    char *j = classic(BERLIN, "'R':[{'guid':'a','start':'11:00','duration':'00:30','title':'A'}]");
    a = parse_with(j, &o, &rep);
    free(j);
    expect_ok(a, &rep);
    assert_string_equal(a->zones[0].name, "Asia/Tokyo");
    assert_true(a->sessions[0].start == support_instant("2019-08-21T09:00:00Z"));
    agenda_free(a);

    /* A day without a valid date cannot place an event without one: it is dropped. */
    a = parse("{'schedule':{'conference':{'title':'C','days':[{'date':'21.8.2019',"
              "'rooms':{'R':[{'guid':'a','start':'11:00','duration':'00:30','title':'A'}]}}]}}}",
              &rep);
    expect_ok(a, &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"R\"][0].start",
                   "dropped: a start without \"date\" needs a valid "
                   "schedule.conference.days[0].date");
    assert_int_equal(a->n_sessions, 0);
    agenda_free(a);
}

static void frab_zone_is_derived_from_offsets_or_falls_back_to_utc(void **state)
{
    (void)state;
    feed_report rep;
    /* No time_zone_name, every date at +01:00: the fixed zone of +01:00. */
    agenda *a = parse_classic("", "'R':[" EV("a", "2020-12-27T11:30:00+01:00", "'00:40'", "") ","
                                  EV("b", "2020-12-27T12:30:00+01:00", "'00:40'", "") "]",
                              &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->zones[0].name, "UTC+01:00");
    assert_string_equal(agenda_tr_get(a, &a->zones[0].label, "en"), "UTC+01:00");
    assert_int_equal(rep.n_warnings, 0);
    agenda_free(a);

    /* Mixed offsets: UTC, with a warning. */
    a = parse_classic("", "'R':[" EV("a", "2020-12-27T11:30:00+01:00", "'00:40'", "") ","
                          EV("b", "2020-12-27T12:30:00+02:00", "'00:40'", "") "]",
                      &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->zones[0].name, "UTC");
    expect_problem(&rep, FEED_WARNING, "schedule.conference.time_zone_name", "offsets differ");
    agenda_free(a);

}

/* An unknown time_zone_name: the fixed offset all event dates agree on stands in, else
 * UTC; loudly either way; instants unchanged. Legacy and Windows names are known. */
static void frab_unknown_zone_name_falls_back_to_the_common_offset_else_utc(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_classic("'time_zone_name':'Mars/Olympus_Mons',",
                              "'R':[" EV("a", "2020-12-27T11:30:00+01:00", "'00:40'", "") ","
                              EV("b", "2020-12-27T13:30:00+01:00", "'00:40'", "") "]",
                              &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->zones[0].name, "UTC+01:00");
    assert_true(by_id(a, "a")->start == support_instant("2020-12-27T10:30:00Z"));
    expect_problem(&rep, FEED_WARNING, "schedule.conference.time_zone_name",
                   "unknown time zone \"Mars/Olympus_Mons\": times read in UTC+01:00");
    agenda_free(a);

    a = parse_classic("'time_zone_name':'Mars/Olympus_Mons',",
                      "'R':[" EV("a", "2020-12-27T11:30:00+01:00", "'00:40'", "") ","
                      EV("b", "2020-12-27T13:30:00+02:00", "'00:40'", "") "]",
                      &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->zones[0].name, "UTC");
    assert_true(by_id(a, "b")->start == support_instant("2020-12-27T11:30:00Z"));
    expect_problem(&rep, FEED_WARNING, "schedule.conference.time_zone_name",
                   "unknown time zone \"Mars/Olympus_Mons\": times read in UTC");
    agenda_free(a);

    a = parse_classic("'time_zone_name':'W. Europe Standard Time',",
                      "'R':[" EV("a", "2020-12-27T11:30:00+01:00", "'00:40'", "") "]", &rep);
    expect_ok(a, &rep);
    assert_int_equal(rep.n_warnings, 0);
    assert_string_equal(a->zones[0].name, "Europe/Berlin");
    agenda_free(a);
}

static void frab_kinds_status_and_revision(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_classic(
        BERLIN,
        "'R':[" EV("k", "2019-08-21T10:00:00+02:00", "'00:30'", ",'type':'Opening Keynote'") ","
        EV("p", "2019-08-21T11:00:00+02:00", "'00:30'", ",'type':'Panel discussion'") ","
        EV("b", "2019-08-21T12:00:00+02:00", "'00:30'", ",'type':'Lunch break'") ","
        EV("w", "2019-08-21T13:00:00+02:00", "'00:30'", ",'type':'Workshops 60 Min'") ","
        EV("l", "2019-08-21T14:00:00+02:00", "'00:30'", ",'type':'LightningTalk 15min'") ","
        EV("t", "2019-08-21T15:00:00+02:00", "'00:30'", ",'type':'Talk 30 min + 10min Q&A'") ","
        EV("c", "2019-08-21T16:00:00+02:00", "'00:30'", ",'type':'CLOSING_CEREMONY'") ","
        EV("x", "2019-08-21T17:00:00+02:00", "'00:30'", ",'type':'breakout session','status':'Canceled'") "]",
        &rep);
    expect_ok(a, &rep);
    assert_int_equal(by_id(a, "k")->kind, AGENDA_KIND_KEYNOTE);
    assert_int_equal(by_id(a, "p")->kind, AGENDA_KIND_PANEL);
    assert_int_equal(by_id(a, "b")->kind, AGENDA_KIND_BREAK);
    assert_int_equal(by_id(a, "w")->kind, AGENDA_KIND_OTHER);
    assert_int_equal(by_id(a, "l")->kind, AGENDA_KIND_TALK);
    assert_int_equal(by_id(a, "t")->kind, AGENDA_KIND_TALK);
    assert_int_equal(by_id(a, "c")->kind, AGENDA_KIND_CEREMONY);
    assert_int_equal(by_id(a, "x")->kind, AGENDA_KIND_TALK); /* "breakout" is not "break" */
    assert_int_equal(by_id(a, "x")->status, AGENDA_STATUS_CANCELLED);
    assert_int_equal(by_id(a, "t")->status, AGENDA_STATUS_SCHEDULED);
    agenda_free(a);

    /* Without a version: the acronym and a hash of the content, stable across parses
     * and changing with the schedule. */
    const char *doc = "{'schedule':{'conference':{'acronym':'ac','title':'C','days':[{"
                      "'rooms':{'R':[" EV("a", "2019-08-21T10:00:00+02:00", "'00:30'", "") "]}}]}}}";
    const char *doc2 = "{'schedule':{'conference':{'acronym':'ac','title':'C','days':[{"
                       "'rooms':{'R':[" EV("a", "2019-08-21T10:00:00+02:00", "'00:45'", "") "]}}]}}}";
    agenda *a1 = parse(doc, &rep), *a2 = parse(doc, &rep), *a3 = parse(doc2, &rep);
    assert_non_null(a1);
    assert_non_null(a2);
    assert_non_null(a3);
    assert_true(strncmp(a1->revision, "ac-", 3) == 0);
    assert_string_equal(a1->revision, a2->revision);
    assert_string_not_equal(a1->revision, a3->revision);
    agenda_free(a1);
    agenda_free(a2);
    agenda_free(a3);
}

static void frab_rooms_sharing_a_name_or_a_guid(void **state)
{
    (void)state;
    feed_report rep;
    /* Two rooms named alike with different guids are two halls (the second's id is its
     * guid); two rooms sharing one guid (as pretalx-democon does) stay two halls. */
    const char *doc =
        "{'schedule':{'version':'1','conference':{'title':'C','time_zone_name':'UTC',"
        "'rooms':[{'name':'Hall','guid':'g1'},{'name':'Hall','guid':'g2'},"
        "{'name':'Gray','guid':'same'},{'name':'Tan','guid':'same'},{'name':'Hall','guid':'g1'}]},"
        "'events':["
        "{'guid':'e1','start':'2024-12-27T10:00:00Z','end':'2024-12-27T11:00:00Z','title':'A',"
        "'room':{'name':'Hall','guid':'g2'}},"
        "{'guid':'e2','start':'2024-12-27T10:00:00Z','end':'2024-12-27T11:00:00Z','title':'B',"
        "'room':{'name':'Tan','guid':'same'}},"
        "{'guid':'e3','start':'2024-12-27T10:00:00Z','end':'2024-12-27T11:00:00Z','title':'C',"
        "'room':'g1'},"
        "{'guid':'e4','start':'2024-12-27T10:00:00Z','end':'2024-12-27T11:00:00Z','title':'D',"
        "'room':{'guid':'same'}}]}}";
    agenda *a = parse(doc, &rep);
    expect_ok(a, &rep);
    assert_int_equal(a->n_halls, 4);
    assert_string_equal(a->halls[0].id, "Hall");
    assert_string_equal(a->halls[1].id, "g2");
    assert_string_equal(agenda_tr_get(a, &a->halls[1].name, "en"), "Hall");
    assert_string_equal(a->halls[2].id, "Gray");
    assert_string_equal(a->halls[3].id, "Tan");
    assert_int_equal(by_id(a, "e1")->hall, 1);
    assert_int_equal(by_id(a, "e2")->hall, 3);
    assert_int_equal(by_id(a, "e3")->hall, 0);
    assert_int_equal(by_id(a, "e4")->hall, 2);
    agenda_free(a);
}

/* ---- The v2 draft --------------------------------------------------------- */

static void frab_v2_events_with_room_and_track_objects_and_roles(void **state)
{
    (void)state;
    feed_report rep;
    const char *doc =
        "{'schedule':{'version':'2024-12-26 20:23','conference':{'acronym':'38c3','title':'38C3',"
        "'time_zone_name':'Europe/Berlin','languages':['en','de'],"
        "'tracks':[{'guid':'t1','name':'Art & Beauty','slug':'art','colors':{'light':'#F9B000',"
        "'dark':'#102030'}},{'name':'CCC','slug':'ccc','colors':{'light':'#F2F006'}}],"
        "'rooms':[{'name':'Saal 1','guid':'r1','description':{'en':'Hall'}}],"
        "'days':[{'index':1,'date':'2024-12-27','start':'2024-12-27T09:30:00+00:00',"
        "'end':'2024-12-28T06:00:00+01:00'}]},"
        "'events':["
        "{'type':'OTHER','guid':'e1','code':'HQ','start':'2024-12-27T10:30:00+01:00',"
        "'end':'2024-12-27T11:00:00+01:00','room':{'name':'Saal 1','guid':'r1'},"
        "'title':'Opening','subtitle':null,'track':{'slug':'ccc'},'abstract':'Glad.',"
        "'participants':[{'name':'Gabriela','role':'SPEAKER'},{'name':'Aline','role':'speaker'},"
        "{'name':'Senficon','role':'CONTRIBUTOR'},{'name':'Mo','role':'MODERATOR'},{'name':'Nu'}]},"
        "{'type':'TALK','guid':'e2','start':'2024-12-28T00:15:00+01:00','duration':'00:40',"
        "'room':{'name':'Saal ZIGZAG','guid':'r9'},'title':'AI','track':{'slug':'art'}},"
        "{'type':'TALK','code':'C3','start':'2024-12-28T01:15:00+01:00','end':'2024-12-28T02:00:00+01:00',"
        "'room':'Saal 1','title':'Late','track':'Unlisted'}]}}";
    agenda *a = parse(doc, &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->revision, "2024-12-26 20:23");
    assert_int_equal(a->n_languages, 2);
    assert_string_equal(a->languages[1], "de");
    assert_int_equal(a->n_sessions, 3);
    assert_int_equal(a->n_halls, 2);
    assert_string_equal(a->halls[1].id, "Saal ZIGZAG");
    assert_int_equal(a->n_tracks, 3);
    assert_int_equal(a->tracks[0].color, 0x102030); /* colors.dark first */
    assert_int_equal(a->tracks[1].color, 0xF2F006);

    const agenda_session *s = by_id(a, "e1");
    assert_true(s->start == support_instant("2024-12-27T09:30:00Z"));
    assert_true(s->end == support_instant("2024-12-27T10:00:00Z"));
    assert_int_equal(s->kind, AGENDA_KIND_OTHER);
    assert_int_equal(s->hall, 0);
    assert_int_equal(s->track, 1);
    assert_int_equal(s->n_speakers, 3);
    assert_string_equal(agenda_tr_get(a, &s->speakers[2].name, "en"), "Nu");
    assert_int_equal(s->n_chair, 1);
    assert_string_equal(agenda_tr_get(a, &s->chair[0].name, "en"), "Mo");

    s = by_id(a, "e2");
    assert_true(s->end - s->start == 40 * 60);
    assert_int_equal(s->hall, 1);
    assert_int_equal(s->track, 0);
    s = by_id(a, "C3"); /* no guid or id: the code */
    assert_int_equal(s->hall, 0);
    assert_string_equal(a->tracks[s->track].id, "Unlisted");
    agenda_free(a);
}

static void frab_v2_problems_have_paths(void **state)
{
    (void)state;
    expect_error_doc("{'schedule':{'conference':{'title':'C'},'events':{}}}", "schedule.events",
                     "expected an array, found an object");
    feed_report rep;
    agenda *a = parse("{'schedule':{'conference':{'title':'C'},'events':[{'guid':'a','title':'A',"
                      "'end':'2024-12-27T11:00:00Z'},{'guid':'b','title':'B',"
                      "'start':'2024-12-27T11:00:00Z','end':'2024-12-27T10:00:00Z'}]}}",
                      &rep);
    expect_ok(a, &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.events[0].start", "dropped: missing");
    expect_problem(&rep, FEED_WARNING, "schedule.events[1].end", "dropped: ends before it starts");
    assert_int_equal(a->n_sessions, 0);
    agenda_free(a);
    expect_error_doc("{'schedule':{'conference':{'title':'C'},'events':[{'guid':'a','title':'A',"
                     "'start':'2024-12-27T11:00:00Z','duration':'0:30','room':7}]}}",
                     "schedule.events[0].room", "found a number");
    expect_error_doc("{'schedule':{'conference':{'title':'C'},'events':[{'guid':'a','title':'A',"
                     "'start':'2024-12-27T11:00:00Z','duration':'0:30','room':{'capacity':3}}]}}",
                     "schedule.events[0].room", "needs a");
    expect_error_doc("{'schedule':{'conference':{'title':'C'},'events':[{'guid':'a','title':'A',"
                     "'start':'2024-12-27T11:00:00Z','duration':'0:30','participants':["
                     "{'name':'X','role':5}]}]}}",
                     "schedule.events[0].participants[0].role", "expected a string");
}

/* ---- Wrong types, ids, limits --------------------------------------------- */

static void frab_wrong_types_are_errors_with_precise_paths(void **state)
{
    (void)state;
    expect_error_doc("{'schedule':{'conference':{'title':'C','days':{}}}}",
                     "schedule.conference.days", "expected an array, found an object");
    expect_error_doc("{'schedule':{}}", "schedule.conference", "missing");
    expect_error_doc("{'schedule':{'conference':[]}}", "schedule.conference",
                     "expected an object");
    expect_error_doc("{'schedule':{'conference':{'title':'C','days':[3]}}}",
                     "schedule.conference.days[0]", "expected an object");
    expect_error_doc("{'schedule':{'conference':{'title':'C','days':[{'rooms':[]}]}}}",
                     "schedule.conference.days[0].rooms", "keyed by room name");
    expect_error_doc("{'schedule':{'conference':{'title':'C','rooms':{},'days':[]}}}",
                     "schedule.conference.rooms", "expected an array");
    expect_error_doc("{'schedule':{'version':[],'conference':{'title':'C','days':[]}}}",
                     "schedule.version", "expected a string");
    expect_error_doc("{'schedule':{'conference':{'title':'C','time_zone_name':1,'days':[]}}}",
                     "schedule.conference.time_zone_name", "expected a string");
    expect_error_doc("{'schedule':{'conference':{'title':'C','tracks':[{'name':'A','colors':'red'}],"
                     "'days':[]}}}",
                     "schedule.conference.tracks[0].colors", "expected an object");
    expect_error_rooms("'Saal 1':{}", "schedule.conference.days[0].rooms[\"Saal 1\"]",
                       "expected an array of events");
    expect_error_rooms("'Saal 1':[" EV("a", "2019-08-21T10:00:00+02:00", "'00:30'", "") ",[]]",
                       "schedule.conference.days[0].rooms[\"Saal 1\"][1]", "expected an event object");
    expect_error_rooms("'Saal \\\"Q\\\"':[{'guid':'a','date':'2019-08-21T10:00:00+02:00',"
                       "'duration':'00:30','title':7}]",
                       "schedule.conference.days[0].rooms[\"Saal \\\"Q\\\"\"][0].title",
                       "expected a string");
    expect_error_rooms("'R':[{'guid':{},'date':'2019-08-21T10:00:00+02:00','duration':'00:30','title':'T'}]",
                       "schedule.conference.days[0].rooms[\"R\"][0].guid", "found an object");
    expect_error_rooms("'R':[" EV("a", "2019-08-21T10:00:00+02:00", "'00:30'", ",'persons':{}") "]",
                       "schedule.conference.days[0].rooms[\"R\"][0].persons", "expected an array");
    expect_error_rooms("'R':[" EV("a", "2019-08-21T10:00:00+02:00", "'00:30'", ",'persons':[1]") "]",
                       "schedule.conference.days[0].rooms[\"R\"][0].persons[0]", "expected an object");
    expect_error_rooms("'R':[" EV("a", "2019-08-21T10:00:00+02:00", "'00:30'", ",'track':[]") "]",
                       "schedule.conference.days[0].rooms[\"R\"][0].track", "found an array");
    expect_error_rooms("'R':[" EV("a", "2019-08-21T10:00:00+02:00", "'00:30'", ",'type':1") "]",
                       "schedule.conference.days[0].rooms[\"R\"][0].type", "expected a string");
    /* Numbers and strings are both fine as ids. */
    feed_report rep;
    agenda *a0 = parse("{'schedule':{'conference':{'days':[]}}}", &rep);
    expect_ok(a0, &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.conference.title", "missing");
    agenda_free(a0);
    agenda *a = parse_classic(BERLIN, "'R':[{'id':7,'date':'2019-08-21T10:00:00+02:00',"
                                      "'duration':'00:30','title':'T'},{'id':'x7',"
                                      "'date':'2019-08-21T11:00:00+02:00','duration':'00:30','title':'T'}]",
                              &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->sessions[0].id, "7");
    assert_string_equal(a->sessions[1].id, "x7");
    agenda_free(a);
}

/* An event without any usable id (guid '' here) gets one made, with a warning, and a
 * title missing is replaced by the id. */
static void frab_missing_id_and_title_are_made_with_warnings(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = expect_warning_rooms(
        "'R':[{'guid':'','date':'2019-08-21T10:00:00+02:00','duration':'00:30'}]",
        "schedule.conference.days[0].rooms[\"R\"][0].guid", "an id is made", &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"R\"][0].title",
                   "missing: the id stands in");
    assert_int_equal(a->n_sessions, 1);
    assert_true(strlen(a->sessions[0].id) > 0);
    assert_string_equal(agenda_tr_get(a, &a->sessions[0].title, "en"), a->sessions[0].id);
    agenda_free(a);
}

static void frab_overlaps_are_warnings_naming_both_events(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = parse_classic(BERLIN, "'A':[" EV("x", "2019-08-21T10:00:00+02:00", "'01:00'", "") ","
                                      EV("y", "2019-08-21T10:30:00+02:00", "'00:30'", "") "]",
                              &rep);
    expect_ok(a, &rep);
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"A\"][1]",
                   "overlaps schedule.conference.days[0].rooms[\"A\"][0]");
    agenda_free(a);
}

static void frab_too_many_sessions_is_an_error_at_the_first_one_over(void **state)
{
    (void)state;
    feed_options o = feedsrc_options();
    o.limits.max_sessions = 2;
    feed_report rep;
    char *j = classic(BERLIN, "'A':[" EV("a", "2019-08-21T10:00:00+02:00", "'00:30'", "") ","
                              EV("b", "2019-08-21T11:00:00+02:00", "'00:30'", "") "],"
                              "'B':[" EV("c", "2019-08-21T10:00:00+02:00", "'00:30'", "") "]");
    agenda *a = parse_with(j, &o, &rep);
    free(j);
    expect_problem(&rep, FEED_ERROR, "schedule.conference.days[0].rooms[\"B\"][0]",
                   "more than the limit of 2 events");
    assert_null(a);

    a = parse_with("{'schedule':{'conference':{'title':'C'},'events':[{},{},{}]}}", &o, &rep);
    expect_problem(&rep, FEED_ERROR, "schedule.events", "3 events, more than the limit of 2");
    assert_null(a);
}

static void frab_persons_past_the_limit_and_long_abstracts_are_cut_with_warnings(void **state)
{
    (void)state;
    size_t cap = 64 * 1024;
    char *persons = malloc(cap), *abstract = malloc(6000);
    size_t n = 0;
    for (int i = 0; i < 105; i++)
        n += (size_t)snprintf(persons + n, cap - n, "%s{'public_name':'P%d'}", i ? "," : "", i);
    persons[n] = '\0';
    /* 4090 ASCII bytes then a 3-byte character straddling the 4096-byte limit. */
    memset(abstract, 'a', 4094);
    memcpy(abstract + 4094, "\xe2\x82\xac", 3);
    memcpy(abstract + 4097, "tail", 5);
    size_t rn = strlen(persons) + strlen(abstract) + 256;
    char *rooms = malloc(rn);
    snprintf(rooms, rn, "'R':[{'guid':'a','date':'2019-08-21T10:00:00+02:00','duration':'00:30',"
                        "'title':'T','abstract':'%s','persons':[%s,{'id':3},{'public_name':''}]}]",
             abstract, persons);
    feed_report rep;
    agenda *a = parse_classic(BERLIN, rooms, &rep);
    expect_ok(a, &rep);
    const agenda_session *s = &a->sessions[0];
    assert_int_equal(s->n_speakers, AGENDA_MAX_PEOPLE);
    assert_string_equal(agenda_tr_get(a, &s->speakers[99].name, "en"), "P99");
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"R\"][0].persons",
                   "5 persons past the first 100 left out");
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"R\"][0].persons[105]",
                   "no name");
    expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"R\"][0].abstract",
                   "4101 bytes, cut to the limit of 4096");
    assert_int_equal(strlen(agenda_tr_get(a, &s->description, "en")), 4094);
    agenda_free(a);
    free(persons);
    free(abstract);
    free(rooms);
}

static void frab_long_room_names_are_cut_in_paths_at_a_character(void **state)
{
    (void)state;
    /* 30 two-byte characters: the quoted name is cut at 48 bytes, never mid-character. */
    char name[128] = "";
    for (int i = 0; i < 30; i++)
        strcat(name, "\xc3\xa4");
    char rooms[512], path[FEED_PATH_MAX];
    snprintf(rooms, sizeof(rooms), "'%s':[{'guid':'a','date':'x','duration':'00:30','title':'T'}]",
             name);
    snprintf(path, sizeof(path), "schedule.conference.days[0].rooms[\"%.48s...\"][0].date", name);
    feed_report rep;
    agenda_free(expect_warning_rooms(rooms, path, "not a date-time", &rep));
}

static void frab_too_many_rooms_is_an_error(void **state)
{
    (void)state;
    size_t cap = 64 * 1024, n = 0;
    char *rooms = malloc(cap);
    for (unsigned i = 0; i <= AGENDA_MAX_HALLS; i++)
        n += (size_t)snprintf(rooms + n, cap - n, "%s'R%u':[]", i ? "," : "", i);
    char path[FEED_PATH_MAX];
    snprintf(path, sizeof(path), "schedule.conference.days[0].rooms[\"R%u\"]", AGENDA_MAX_HALLS);
    expect_error_rooms(rooms, path, "more than 1000 halls");
    free(rooms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frab_classic_schedule_maps_conference_rooms_tracks_and_events),
        cmocka_unit_test(frab_every_duration_form_is_read),
        cmocka_unit_test(frab_bad_durations_drop_the_event_with_a_warning_at_their_path),
        cmocka_unit_test(frab_pretalx_durations_of_a_day_or_more_are_read),
        cmocka_unit_test(frab_zero_duration_is_kept_as_a_moment_with_a_warning),
        cmocka_unit_test(frab_repeated_guid_is_made_unique_and_every_event_kept),
        cmocka_unit_test(frab_undatable_event_is_dropped_with_its_path),
        cmocka_unit_test(frab_null_fields_count_as_missing),
        cmocka_unit_test(frab_event_after_midnight_keeps_its_own_date),
        cmocka_unit_test(frab_offsets_place_sessions_whatever_time_zone_name_says),
        cmocka_unit_test(frab_event_without_date_uses_its_day_and_start_in_the_conference_zone),
        cmocka_unit_test(frab_zone_is_derived_from_offsets_or_falls_back_to_utc),
        cmocka_unit_test(frab_unknown_zone_name_falls_back_to_the_common_offset_else_utc),
        cmocka_unit_test(frab_kinds_status_and_revision),
        cmocka_unit_test(frab_rooms_sharing_a_name_or_a_guid),
        cmocka_unit_test(frab_v2_events_with_room_and_track_objects_and_roles),
        cmocka_unit_test(frab_v2_problems_have_paths),
        cmocka_unit_test(frab_wrong_types_are_errors_with_precise_paths),
        cmocka_unit_test(frab_missing_id_and_title_are_made_with_warnings),
        cmocka_unit_test(frab_overlaps_are_warnings_naming_both_events),
        cmocka_unit_test(frab_too_many_sessions_is_an_error_at_the_first_one_over),
        cmocka_unit_test(frab_persons_past_the_limit_and_long_abstracts_are_cut_with_warnings),
        cmocka_unit_test(frab_long_room_names_are_cut_in_paths_at_a_character),
        cmocka_unit_test(frab_too_many_rooms_is_an_error),
        cmocka_unit_test(frab_day_end_and_day_change_set_the_conference_days),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
