/* test_csv.c - the CSV importer on small inline spreadsheets: separators, quoting, line
 * ends, the header, every time form, zones, languages, people, statuses, the rows it
 * drops (with their paths), the files it refuses, a slice of the seed agenda as an
 * organiser would type it, and `hallboard check` on a CSV file. */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedsrc.h"
#include "tzdb.h"

/* ---- Helpers -------------------------------------------------------------- */

static const char *const moscow[] = {"Europe/Moscow", NULL};

/* Parsed with Moscow as the venue zone (the board's configured zone). */
static agenda *parse(const char *csv, feed_report *rep)
{
    return support_parse_in(csv, moscow[0], rep);
}

static const char *title(const agenda *a, const agenda_session *s, const char *lang)
{
    return agenda_tr_get(a, &s->title, lang);
}

/* ---- Reading the table ----------------------------------------------------- */

static void csv_comma_table_with_end_column_loads_every_field(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("id,start,end,hall,track,kind,title,subtitle,description,speakers,chair,status\n"
                      "k1,2020-12-09 12:00,2020-12-09 12:40,Main,Theme 1,keynote,Keynotes,"
                      "Why MOOCs,Three talks,Ann Lee,Bo Wu,scheduled\n"
                      "b1,2020-12-09 12:40,2020-12-09 13:00,Main,,break,Coffee,,,,,\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(rep.n_warnings, 0);
    assert_int_equal(a->n_sessions, 2);
    assert_int_equal(a->n_halls, 1);
    assert_string_equal(a->halls[0].id, "Main");
    assert_string_equal(agenda_tr_get(a, &a->halls[0].name, "en"), "Main");
    assert_int_equal(a->n_tracks, 1);
    assert_string_equal(a->tracks[0].id, "Theme 1");
    assert_string_equal(a->zones[0].name, "Europe/Moscow");
    assert_false(a->zone_assumed);
    assert_string_equal(agenda_tr_get(a, &a->title, "en"), "Agenda");
    const agenda_session *s = support_session(a, "k1");
    support_expect_times(s, "2020-12-09T09:00:00Z", "2020-12-09T09:40:00Z");
    assert_int_equal(s->hall, 0);
    assert_int_equal(s->track, 0);
    assert_int_equal(s->kind, AGENDA_KIND_KEYNOTE);
    assert_int_equal(s->status, AGENDA_STATUS_SCHEDULED);
    assert_string_equal(title(a, s, "en"), "Keynotes");
    assert_string_equal(agenda_tr_get(a, &s->subtitle, "en"), "Why MOOCs");
    assert_string_equal(agenda_tr_get(a, &s->description, "en"), "Three talks");
    assert_int_equal(s->n_speakers, 1);
    assert_string_equal(agenda_tr_get(a, &s->speakers[0].name, "en"), "Ann Lee");
    assert_int_equal(s->n_chair, 1);
    assert_string_equal(agenda_tr_get(a, &s->chair[0].name, "en"), "Bo Wu");
    s = support_session(a, "b1");
    assert_int_equal(s->kind, AGENDA_KIND_BREAK);
    assert_int_equal(s->track, -1);
    assert_int_equal(s->subtitle.n, 0);
    assert_int_equal(s->n_speakers, 0);
    agenda_free(a);
}

static void csv_semicolon_separator_is_taken_from_the_header(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("start;end;title;hall\n"
                      "2020-12-09 12:00;2020-12-09 13:00;\"Q&A; open floor\";A, B\n"
                      "2020-12-09 13:00;2020-12-09 14:00;Lunch, then talks;A, B\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, 2);
    assert_string_equal(title(a, &a->sessions[0], "en"), "Q&A; open floor");
    assert_string_equal(title(a, &a->sessions[1], "en"), "Lunch, then talks");
    assert_int_equal(a->n_halls, 1);
    assert_string_equal(a->halls[0].id, "A, B");
    agenda_free(a);
}

static void csv_quotes_hold_separators_line_breaks_and_doubled_quotes(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("id,start,end,title,description\n"
                      "q1,2020-12-09 12:00,2020-12-09 13:00,\"Say \"\"hello\"\", world\","
                      "\"Line one\nline two, with a comma\"\n"
                      "q2,2020-12-09 13:00,2020-12-09 14:00,\"\",\"\"\"\"\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, 2);
    const agenda_session *s = support_session(a, "q1");
    assert_string_equal(title(a, s, "en"), "Say \"hello\", world");
    assert_string_equal(agenda_tr_get(a, &s->description, "en"), "Line one\nline two, with a comma");
    s = support_session(a, "q2");
    assert_string_equal(title(a, s, "en"), "q2"); /* empty title: the id stands in */
    assert_string_equal(agenda_tr_get(a, &s->description, "en"), "\"");
    support_expect_problem(&rep, FEED_WARNING, "row 3.title", "missing"); /* row 2 spans two lines */
    agenda_free(a);
}

static void csv_crlf_blank_lines_and_trailing_empty_columns_are_read(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("\r\nstart,end,title,,\r\n\r\n"
                      "2020-12-09 12:00,2020-12-09 13:00,First,,\r\n"
                      ",,,,\r\n"
                      "2020-12-09 13:00,2020-12-09 14:00,\"Second\r\nhalf\",,\r\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(rep.n_warnings, 0);
    assert_int_equal(a->n_sessions, 2);
    assert_string_equal(title(a, &a->sessions[0], "en"), "First");
    assert_string_equal(title(a, &a->sessions[1], "en"), "Second\r\nhalf");
    agenda_free(a);
}

static void csv_byte_order_mark_is_skipped(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("\xEF\xBB\xBFstart;end;title\n2020-12-09 12:00;2020-12-09 13:00;T\n", &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, 1);
    agenda_free(a);
}

static void csv_header_names_ignore_case_spaces_and_quotes(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse(" START ,\"End\", Title , ROOM ,Speaker\n"
                      "2020-12-09 12:00,2020-12-09 13:00,T,Hall A,Ann\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(rep.n_warnings, 0);
    const agenda_session *s = &a->sessions[0];
    assert_string_equal(title(a, s, "en"), "T");
    assert_string_equal(a->halls[s->hall].id, "Hall A"); /* room = hall */
    assert_int_equal(s->n_speakers, 1);                  /* speaker = speakers */
    agenda_free(a);
}

static void csv_cells_right_of_the_header_are_ignored_with_one_warning(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("start,end,title\n"
                      "2020-12-09 12:00,2020-12-09 13:00,A,stray\n"
                      "2020-12-09 13:00,2020-12-09 14:00,B,stray\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, 2);
    assert_int_equal(rep.n_warnings, 1);
    support_expect_problem(&rep, FEED_WARNING, "row 2", "right of the header");
    agenda_free(a);
}

/* ---- Times --------------------------------------------------------------------- */

/* One session expected: its id and its UTC start and end. */
typedef struct {
    const char *id, *start, *end;
} want_session;

/* Parses csv (Moscow venue) and checks that it gives exactly the sessions of w. */
static void expect_sessions(const char *csv, const want_session *w, size_t n)
{
    feed_report rep;
    agenda *a = parse(csv, &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, n);
    for (size_t i = 0; i < n; i++)
        support_expect_times(support_session(a, w[i].id), w[i].start, w[i].end);
    agenda_free(a);
}

static void csv_duration_in_minutes_and_hours_and_minutes(void **st)
{
    (void)st;
    static const want_session w[] = {
        {"m", "2020-12-09T09:00:00Z", "2020-12-09T09:45:00Z"},
        {"h", "2020-12-09T10:00:00Z", "2020-12-09T11:30:00Z"},
        {"s", "2020-12-09T12:00:00Z", "2020-12-09T12:00:30Z"},
        {"e", "2020-12-09T13:00:00Z", "2020-12-09T14:00:00Z"}, /* end wins */
    };
    expect_sessions("id,start,duration,end,title\n"
                    "m,2020-12-09 12:00,45,,Minutes\n"
                    "h,2020-12-09 13:00,1:30,,H:MM\n"
                    "s,2020-12-09 15:00,0:00:30,,H:MM:SS\n"
                    "e,2020-12-09 16:00,5,2020-12-09 17:00,End wins\n",
                    w, 4);
}

static void csv_date_column_with_times_of_day(void **st)
{
    (void)st;
    static const want_session w[] = {
        {"a", "2020-12-09T09:00:00Z", "2020-12-09T09:40:00Z"},
        {"b", "2020-12-10T06:05:00Z", "2020-12-10T07:00:30Z"},
        {"c", "2020-12-11T05:00:00Z", "2020-12-11T06:00:00Z"}, /* full date-time wins */
        {"d", "2020-12-09T09:00:00Z", "2020-12-09T10:00:00Z"}, /* offset honoured */
    };
    expect_sessions("id,date,start,end,title\n"
                    "a,2020-12-09,12:00,12:40,ISO date\n"
                    "b,10.12.2020,9:05,10:00:30,Dotted date\n"
                    "c,2020-12-9,2020-12-11 08:00,2020-12-11 09:00,Full date-time wins\n"
                    "d,2020-12-09,17:00+08:00,18:00+08:00,Offset\n",
                    w, 4);
}

static void csv_every_date_time_form_is_read(void **st)
{
    (void)st;
    static const struct {
        const char *cell, *utc;
    } cases[] = {
        {"2020-12-09T17:00:00+08:00", "2020-12-09T09:00:00Z"},   /* RFC 3339 */
        {"2020-12-09T09:00:00.250Z", "2020-12-09T09:00:00Z"},    /* fraction dropped */
        {"2020-12-09 17:00+08:00", "2020-12-09T09:00:00Z"},      /* no seconds, offset */
        {"2020-12-09T05:30:00-03:30", "2020-12-09T09:00:00Z"},
        {"2020-12-09 12:00", "2020-12-09T09:00:00Z"},            /* venue zone */
        {"2020-12-09T12:00:00", "2020-12-09T09:00:00Z"},
        {"2020-12-09   12:00", "2020-12-09T09:00:00Z"},
        {"09.12.2020 12:00", "2020-12-09T09:00:00Z"},            /* day first */
        {"9.12.2020 9:00", "2020-12-09T06:00:00Z"},
        {"2020-12-09 12:00:59", "2020-12-09T09:00:59Z"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char csv[256];
        snprintf(csv, sizeof(csv), "start,duration,title\n%s,10,T\n", cases[i].cell);
        feed_report rep;
        agenda *a = parse(csv, &rep);
        support_expect_ok(a, &rep, "csv");
        assert_int_equal(a->n_sessions, 1);
        if (a->sessions[0].start != support_instant(cases[i].utc))
            fail_msg("\"%s\" read as %lld", cases[i].cell, (long long)a->sessions[0].start);
        agenda_free(a);
    }
}

static void csv_offsets_are_honoured_and_give_the_clock_without_a_zone(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse("start,end,title\n"
                              "2020-12-09T17:00:00+08:00,2020-12-09T18:00:00+08:00,Beijing\n"
                              "2020-12-09T12:00:00+03:00,2020-12-09T10:30:00Z,Moscow\n",
                              &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(rep.n_warnings, 0); /* every time has an offset: nothing assumed */
    assert_false(a->zone_assumed);
    assert_int_equal(a->n_sessions, 2);
    support_expect_times(&a->sessions[0], "2020-12-09T09:00:00Z", "2020-12-09T10:00:00Z");
    support_expect_times(&a->sessions[1], "2020-12-09T09:00:00Z", "2020-12-09T10:30:00Z");
    assert_int_equal(a->n_zones, 1);
    assert_int_equal(tz_offset_at(a->zones[0].tz, a->sessions[0].start), 8 * 3600);
    agenda_free(a);
}

static void csv_local_times_use_the_venue_zone_from_the_options(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse_in("start,end,title\n2020-12-09 17:00,2020-12-09 18:00,T\n",
                                 "Asia/Shanghai", &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(rep.n_warnings, 0);
    support_expect_times(&a->sessions[0], "2020-12-09T09:00:00Z", "2020-12-09T10:00:00Z");
    assert_string_equal(a->zones[0].name, "Asia/Shanghai");
    agenda_free(a);
}

static void csv_local_times_without_a_zone_are_utc_with_one_warning(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse("start,end,title\n"
                              "2020-12-09 12:00,2020-12-09 13:00,A\n"
                              "2020-12-09 13:00,2020-12-09 14:00,B\n",
                              &rep);
    support_expect_ok(a, &rep, "csv");
    assert_true(a->zone_assumed);
    assert_int_equal(rep.n_warnings, 1);
    support_expect_problem(&rep, FEED_WARNING, "row 2.start", "no time zone");
    support_expect_times(&a->sessions[0], "2020-12-09T12:00:00Z", "2020-12-09T13:00:00Z");
    assert_int_equal(a->n_warnings, 1);
    agenda_free(a);
}

static void csv_zero_duration_is_kept_as_a_moment(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("id,start,duration,title\nm,2020-12-09 12:00,0,Photo\n", &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, 1);
    assert_true(a->sessions[0].start == a->sessions[0].end);
    support_expect_problem(&rep, FEED_WARNING, "row 2.end", "moment");
    agenda_free(a);
}

/* ---- Languages, people, kinds, statuses ------------------------------------------ */

static void csv_language_columns_become_translations_and_languages(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("start,end,title,title.zh,Title.RU,subtitle.zh\n"
                      "2020-12-09 12:00,2020-12-09 13:00,Opening,开幕,Открытие,致辞\n"
                      "2020-12-09 13:00,2020-12-09 14:00,Lunch,,,\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_languages, 3);
    assert_string_equal(a->languages[0], "en"); /* the plain column */
    assert_string_equal(a->languages[1], "zh");
    assert_string_equal(a->languages[2], "RU");
    const agenda_session *s = &a->sessions[0];
    assert_int_equal(s->title.n, 3);
    assert_string_equal(title(a, s, "en"), "Opening");
    assert_string_equal(title(a, s, "zh"), "开幕");
    assert_string_equal(title(a, s, "zh-Hans"), "开幕");
    assert_string_equal(title(a, s, "ru"), "Открытие");
    assert_string_equal(agenda_tr_get(a, &s->subtitle, "zh"), "致辞");
    s = &a->sessions[1];
    assert_int_equal(s->title.n, 1);
    assert_string_equal(title(a, s, "zh"), "Lunch");
    agenda_free(a);

    a = parse("start,end,title.zh,title.en\n2020-12-09 12:00,2020-12-09 13:00,开幕,Opening\n", &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_languages, 2);
    assert_string_equal(a->languages[0], "zh");
    assert_string_equal(a->languages[1], "en");
    assert_string_equal(title(a, &a->sessions[0], "en"), "Opening");
    agenda_free(a);
}

static void csv_speakers_split_on_semicolons_else_on_commas(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("id,start,duration,title,speakers\n"
                      "c,2020-12-09 12:00,10,T,\"Ann Lee, Bo Wu ,Cy\"\n"
                      "s,2020-12-09 12:10,10,T,\"Lee, Ann; Wu, Bo;\"\n"
                      "n,2020-12-09 12:20,10,T,\"Ann Lee\nBo Wu\"\n"
                      "o,2020-12-09 12:30,10,T,\"Lee, Ann;\"\n"
                      "e,2020-12-09 12:40,10,T,\" ; ; \"\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    static const struct {
        const char *id, *names[3];
        size_t n;
    } cases[] = {
        {"c", {"Ann Lee", "Bo Wu", "Cy"}, 3},
        {"s", {"Lee, Ann", "Wu, Bo"}, 2},
        {"n", {"Ann Lee", "Bo Wu"}, 2},
        {"o", {"Lee, Ann"}, 1},
        {"e", {NULL}, 0},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        const agenda_session *s = support_session(a, cases[i].id);
        assert_int_equal(s->n_speakers, cases[i].n);
        for (size_t k = 0; k < cases[i].n; k++)
            assert_string_equal(agenda_tr_get(a, &s->speakers[k].name, "en"), cases[i].names[k]);
    }
    agenda_free(a);
}

static void csv_status_cancelled_canceled_and_unknown_words(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("id,start,duration,title,status,kind\n"
                      "a,2020-12-09 12:00,10,T,cancelled,Panel\n"
                      "b,2020-12-09 12:10,10,T,Canceled,OTHER\n"
                      "c,2020-12-09 12:20,10,T,postponed,lecture\n"
                      "d,2020-12-09 12:30,10,T,,\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    static const struct {
        const char *id;
        agenda_status status;
        agenda_kind kind;
    } want[] = {
        {"a", AGENDA_STATUS_CANCELLED, AGENDA_KIND_PANEL},
        {"b", AGENDA_STATUS_CANCELLED, AGENDA_KIND_OTHER},
        {"c", AGENDA_STATUS_SCHEDULED, AGENDA_KIND_TALK}, /* unknown words: the defaults */
        {"d", AGENDA_STATUS_SCHEDULED, AGENDA_KIND_TALK},
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        const agenda_session *s = support_session(a, want[i].id);
        assert_int_equal(s->status, want[i].status);
        assert_int_equal(s->kind, want[i].kind);
    }
    support_expect_problem(&rep, FEED_WARNING, "row 4.status", "unknown status \"postponed\"");
    support_expect_problem(&rep, FEED_WARNING, "row 4.kind", "unknown kind \"lecture\"");
    assert_int_equal(rep.n_warnings, 2);
    agenda_free(a);
}

/* ---- Problems -------------------------------------------------------------------- */

static void csv_unknown_columns_are_named_in_one_warning(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("start,end,title,Notes,title.??,hall.zh,Notes\n"
                      "2020-12-09 12:00,2020-12-09 13:00,T,x,y,z,w\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, 1);
    assert_int_equal(rep.n_warnings, 1);
    support_expect_problem(&rep, FEED_WARNING, "row 1",
                   "unknown columns ignored: \"notes\", \"title.??\", \"hall.zh\", \"notes\"");
    agenda_free(a);
}

static void csv_repeated_column_keeps_the_first(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("start,end,title,Room,hall\n2020-12-09 12:00,2020-12-09 13:00,T,A,B\n", &rep);
    support_expect_ok(a, &rep, "csv");
    support_expect_problem(&rep, FEED_WARNING, "row 1.hall", "repeated column (as room)");
    assert_string_equal(a->halls[a->sessions[0].hall].id, "A");
    agenda_free(a);
}

static void csv_bad_rows_are_dropped_with_their_path_while_others_load(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("id,date,start,end,duration,title\n"
                      "ok1,,2020-12-09 12:00,2020-12-09 13:00,,Good\n"
                      "slash,,09/12/2020 12:00,2020-12-09 13:00,,Ambiguous\n"
                      "bad,,tomorrow,2020-12-09 13:00,,Bad start\n"
                      "rev,,2020-12-09 14:00,2020-12-09 13:00,,Reversed\n"
                      "tod,,14:00,15:00,,No date\n"
                      "nodate,31.02.2020,14:00,15:00,,Bad date\n"
                      "dur,,2020-12-09 14:00,,an hour,Bad duration\n"
                      "none,,2020-12-09 14:00,,,No end\n"
                      "long,,2020-12-01 14:00,2020-12-09 15:00,,Too long\n"
                      "notitle,,2020-12-09 15:00,2020-12-09 16:00,,\n"
                      "hour,,2020-12-09 24:00,2020-12-09 16:00,,Hour 24\n"
                      "ok2,2020-12-09,16:00,17:00,,Good too\n",
                      &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, 3);
    support_session(a, "ok1");
    support_session(a, "ok2");
    assert_string_equal(title(a, support_session(a, "notitle"), "en"), "notitle");
    support_expect_problem(&rep, FEED_WARNING, "row 3.start", "day or month first?");
    support_expect_problem(&rep, FEED_WARNING, "row 4.start",
                           "dropped: not a date-time: \"tomorrow\"");
    support_expect_problem(&rep, FEED_WARNING, "row 5.end", "dropped: ends before it starts");
    support_expect_problem(&rep, FEED_WARNING, "row 6.date", "dropped: missing");
    support_expect_problem(&rep, FEED_WARNING, "row 7.date", "not a date: \"31.02.2020\"");
    support_expect_problem(&rep, FEED_WARNING, "row 8.duration", "not a duration: \"an hour\"");
    support_expect_problem(&rep, FEED_WARNING, "row 9.end", "dropped: missing");
    support_expect_problem(&rep, FEED_WARNING, "row 10.end", "more than 7 days");
    support_expect_problem(&rep, FEED_WARNING, "row 11.title", "missing");
    support_expect_problem(&rep, FEED_WARNING, "row 12.start", "not a date-time");
    assert_int_equal(a->n_warnings, rep.n_warnings);
    agenda_free(a);

    a = parse("start,end,title\n14:00,15:00,No date column\n2020-12-09 12:00,,No end\n", &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(a->n_sessions, 0);
    support_expect_problem(&rep, FEED_WARNING, "row 2.start",
                           "\"14:00\" is a time of day and there is no date column");
    support_expect_problem(&rep, FEED_WARNING, "row 3.end", "dropped: missing");
    agenda_free(a);
}

static void csv_missing_required_columns_refuse_the_feed(void **st)
{
    (void)st;
    support_expect_refused("start,title,hall\n2020-12-09 12:00,T,A\n", moscow[0], "row 1",
                           "missing columns: end-or-duration");
    feed_report rep;
    agenda *a = parse("start;title.zh;duration\n2020-12-09 12:00;T;5\n", &rep);
    support_expect_ok(a, &rep, "csv"); /* a title in one language is enough */
    agenda_free(a);
    /* ';' splits out more known names, ',' the start and the title: ',' it is. */
    support_expect_refused("start,title,a;end;duration;hall;track\n2020-12-09 12:00,T,x\n",
                           moscow[0], "row 1", "missing columns: end-or-duration");
}

static void csv_unterminated_quote_refuses_the_feed_naming_its_line(void **st)
{
    (void)st;
    support_expect_refused("start,end,title\n"
                           "2020-12-09 12:00,2020-12-09 13:00,Fine\n"
                           "2020-12-09 13:00,2020-12-09 14:00,\"Never\nclosed\n",
                           moscow[0], "", "line 3: a quoted cell is never closed");
    support_expect_refused("start,end,title\r\n\r\n\"2020-12-09 12:00,\r\n", moscow[0], "",
                           "line 3: a quoted cell is never closed");
}

static void csv_limits_on_rows_and_cells(void **st)
{
    (void)st;
    feed_report rep;
    feed_options o = feedsrc_options();
    o.zones = moscow;
    o.limits.max_sessions = 2;
    static const char three[] = "start,duration,title\n"
                                "2020-12-09 12:00,5,A\n2020-12-09 12:10,5,B\n\n2020-12-09 12:20,5,C\n";
    agenda *a = support_parse_opts(three, strlen(three), &o, &rep);
    assert_null(a);
    support_expect_problem(&rep, FEED_ERROR, "", "more than the limit of 2 rows");

    o.limits.max_sessions = AGENDA_MAX_SESSIONS;
    o.limits.max_string_bytes = 8;
    static const char long_title[] = "start,duration,title\n2020-12-09 12:00,5,Длинное название\n";
    a = support_parse_opts(long_title, strlen(long_title), &o, &rep);
    support_expect_ok(a, &rep, "csv");
    assert_string_equal(title(a, &a->sessions[0], "en"), "Длин");
    support_expect_problem(&rep, FEED_WARNING, "row 2.title", "cut to the limit of 8");
    agenda_free(a);

    char header[4096] = "start,duration,title";
    for (int i = 0; i < 260; i++)
        strcat(header, ",x");
    strcat(header, "\n2020-12-09 12:00,5,A\n");
    support_expect_refused(header, moscow[0], "row 1", "more than 256 columns");
}

static void csv_sniffer_needs_start_and_title_in_the_first_line(void **st)
{
    (void)st;
    support_expect_refused("begin,end,name\n2020-12-09 12:00,2020-12-09 13:00,T\n", moscow[0],
                           "", "not a feed");
    feed_report rep;
    agenda *a = parse("\n\n  title ; Start ; END\nT;2020-12-09 12:00;2020-12-09 13:00\n", &rep);
    support_expect_ok(a, &rep, "csv");
    agenda_free(a);
}

/* ---- The organiser's spreadsheet: a slice of the seed agenda --------------------------- */

/* Day 1 of the Global MOOC Conference 2020 as an organiser types it: theme 1 in Moscow
 * time with a date column, theme 2 in Beijing time with offsets, one duration. */
static const char seed_slice[] =
    "id,date,start,end,duration,hall,track,kind,title,title.zh,title.ru,speakers\n"
    "d1-opening,2020-12-09,12:00,12:05,,main,,ceremony,Opening address and setting the scene,,,Tao Zhan\n"
    "t1-opening,2020-12-09,12:05,12:10,,main,theme1,ceremony,Opening address,开幕致辞,Вступительное слово,YANG Bin\n"
    "t1-keynotes,2020-12-09,12:10,12:40,,main,theme1,keynote,Keynote presentations,主旨演讲,Пленарные доклады,"
    "\"SHI Jinghuan; George Siemens; Gideon Shimshon; François Taddei\"\n"
    "t1-panel,2020-12-09,12:40,,40,main,theme1,panel,Panel discussion by MOOC platforms and institutions,"
    "慕课平台与机构圆桌讨论,Панельная дискуссия платформ МООК и образовательных учреждений,"
    "\"David Granzow; HAN Jun; Jintavee Khlaisang; XU Yijie; WANG Shuaiguo\"\n"
    "t1-closing,2020-12-09,13:20,13:35,,main,theme1,ceremony,Closing and wrap up,闭幕与总结,"
    "Закрытие и подведение итогов,WANG Libing\n"
    "t2-opening,,2020-12-09T20:00:00+08:00,2020-12-09T20:15:00+08:00,,main,theme2,ceremony,"
    "Forum Opening & Opening addresses,论坛开幕及开幕致辞,Открытие форума и вступительные слова,"
    "\"LI Wenxin; WANG Xiqin\"\n"
    "t2-keynotes,,2020-12-09 20:15+08:00,2020-12-09 21:50+08:00,,main,theme2,keynote,Keynote addresses,"
    "主旨演讲,Пленарные доклады,\"Johanna Pirker; HUANG Ronghuai; Mina Johnson; James Birt; FAN Wenhui; "
    "Agostino G. Bruzzone; CAI Yiyu; QIN Jingyan\"\n"
    "t2-competitions,2020-12-09,21:50+08:00,22:20+08:00,,main,theme2,talk,Introduction for competition items,"
    "竞赛项目介绍,Представление конкурсных направлений,\"JIANG Yongheng; LIU Hu\"\n"
    "t2-closing,,2020-12-09T22:20:00+08:00,2020-12-09T22:25:00+08:00,,main,theme2,ceremony,Forum Closing,"
    "论坛闭幕,Закрытие форума,LI Wenxin\n";

static void csv_seed_slice_gives_the_same_sessions_as_the_json_feed(void **st)
{
    (void)st;
    feed_report rep;
    feed_options o = feedsrc_options();
    tzdb_init();
    agenda *json = feedsrc_load_embedded(&o, &rep);
    assert_non_null(json);
    agenda *a = parse(seed_slice, &rep);
    support_expect_ok(a, &rep, "csv");
    assert_int_equal(rep.n_warnings, 0);
    assert_int_equal(a->n_sessions, 9);
    assert_int_equal(a->n_languages, 3);
    for (size_t i = 0; i < 3; i++)
        assert_string_equal(a->languages[i], json->languages[i]);
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i], *j = support_session(json, s->id);
        assert_true(s->start == j->start);
        assert_true(s->end == j->end);
        assert_string_equal(a->halls[s->hall].id, json->halls[j->hall].id);
        if (j->track >= 0)
            assert_string_equal(a->tracks[s->track].id, json->tracks[j->track].id);
        else
            assert_int_equal(s->track, -1);
        assert_int_equal(s->kind, j->kind);
        static const char *const langs[] = {"en", "zh", "ru"};
        for (size_t l = 0; l < 3; l++)
            assert_string_equal(title(a, s, langs[l]), agenda_tr_get(json, &j->title, langs[l]));
        assert_int_equal(s->n_speakers, j->n_speakers);
        for (size_t k = 0; k < s->n_speakers; k++)
            assert_string_equal(agenda_tr_get(a, &s->speakers[k].name, "en"),
                                agenda_tr_get(json, &j->speakers[k].name, "en"));
    }
    /* The same order as the JSON's day 1. */
    assert_string_equal(a->sessions[0].id, json->sessions[0].id);
    assert_string_equal(a->sessions[8].id, json->sessions[8].id);
    agenda_free(a);
    agenda_free(json);
}

static void csv_check_command_reports_a_valid_csv_file(void **st)
{
    (void)st;
    char *dir = support_tempdir(), path[512];
    snprintf(path, sizeof(path), "%s/programme.csv", dir);
    static const char csv[] = "start;end;hall;title\r\n"
                              "2020-12-09T12:00:00+03:00;2020-12-09T13:00:00+03:00;A;One\r\n"
                              "2020-12-09T13:00:00+03:00;2020-12-09T14:00:00+03:00;B;Two\r\n"
                              "2020-12-09T13:00:00+03:00;yesterday;B;Three\r\n";
    assert_int_equal(support_write_file(path, csv, sizeof(csv) - 1), 0);
    support_run_result r = support_check(path);
    assert_non_null(strstr(r.out, "row 4.end: warning: dropped: not a date-time"));
    support_run_free(&r);
    support_expect_check(path, "valid (csv format, 2 sessions, 2 halls, 1 warnings)");
    support_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(csv_comma_table_with_end_column_loads_every_field),
        cmocka_unit_test(csv_semicolon_separator_is_taken_from_the_header),
        cmocka_unit_test(csv_quotes_hold_separators_line_breaks_and_doubled_quotes),
        cmocka_unit_test(csv_crlf_blank_lines_and_trailing_empty_columns_are_read),
        cmocka_unit_test(csv_byte_order_mark_is_skipped),
        cmocka_unit_test(csv_header_names_ignore_case_spaces_and_quotes),
        cmocka_unit_test(csv_cells_right_of_the_header_are_ignored_with_one_warning),
        cmocka_unit_test(csv_duration_in_minutes_and_hours_and_minutes),
        cmocka_unit_test(csv_date_column_with_times_of_day),
        cmocka_unit_test(csv_every_date_time_form_is_read),
        cmocka_unit_test(csv_offsets_are_honoured_and_give_the_clock_without_a_zone),
        cmocka_unit_test(csv_local_times_use_the_venue_zone_from_the_options),
        cmocka_unit_test(csv_local_times_without_a_zone_are_utc_with_one_warning),
        cmocka_unit_test(csv_zero_duration_is_kept_as_a_moment),
        cmocka_unit_test(csv_language_columns_become_translations_and_languages),
        cmocka_unit_test(csv_speakers_split_on_semicolons_else_on_commas),
        cmocka_unit_test(csv_status_cancelled_canceled_and_unknown_words),
        cmocka_unit_test(csv_unknown_columns_are_named_in_one_warning),
        cmocka_unit_test(csv_repeated_column_keeps_the_first),
        cmocka_unit_test(csv_bad_rows_are_dropped_with_their_path_while_others_load),
        cmocka_unit_test(csv_missing_required_columns_refuse_the_feed),
        cmocka_unit_test(csv_unterminated_quote_refuses_the_feed_naming_its_line),
        cmocka_unit_test(csv_limits_on_rows_and_cells),
        cmocka_unit_test(csv_sniffer_needs_start_and_title_in_the_first_line),
        cmocka_unit_test(csv_seed_slice_gives_the_same_sessions_as_the_json_feed),
        cmocka_unit_test(csv_check_command_reports_a_valid_csv_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
