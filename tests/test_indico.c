/* test_indico.c - the Indico importer on documents built after Indico's HTTP API
 * (an event export with contributions and session blocks; a timetable export with a
 * block of contributions, a break and conveners): instants in each date's zone, halls,
 * tracks, speakers and chairs, kinds, drops with their paths, the zone shown, the
 * sniffer, and `hallboard check` on a file. */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "feedsrc.h"
#include "tzdb.h"

/* ---- Helpers -------------------------------------------------------------- */

/* json_sq with every ' turned into " (keeps the JSON below readable); caller frees. */
static char *to_json(const char *json_sq)
{
    char *d = strdup(json_sq);
    for (char *p = d; *p; p++)
        *p = *p == '\'' ? '"' : *p;
    return d;
}

/* Parses json_sq with `zone` as the venue zone of the options (NULL: none). */
static agenda *parse(const char *json_sq, const char *zone, feed_report *rep)
{
    char *json = to_json(json_sq);
    feed_options o = feedsrc_options();
    const char *zones[] = {zone, NULL};
    o.zones = zone ? zones : NULL;
    tzdb_init();
    agenda *a = feed_parse(json, strlen(json), &o, rep);
    free(json);
    return a;
}

static void expect_ok(const agenda *a, const feed_report *rep)
{
    if (!a || rep->n_errors)
        support_print_report(rep);
    assert_non_null(a);
    assert_int_equal(rep->n_errors, 0);
    assert_string_equal(a->format, "indico");
}

static void expect_warning(const feed_report *rep, const char *path, const char *needle)
{
    bool found = support_has_problem(rep, FEED_WARNING, path, needle);
    if (!found) {
        fprintf(stderr, "no warning at %s with \"%s\" in:\n", path, needle);
        support_print_report(rep);
    }
    assert_true(found);
}

static const agenda_session *session(const agenda *a, const char *id)
{
    size_t i = 0;
    while (i < a->n_sessions && strcmp(a->sessions[i].id, id) != 0)
        i++;
    if (i == a->n_sessions)
        fail_msg("session \"%s\" is missing", id);
    return &a->sessions[i];
}

static int64_t at(const char *rfc3339)
{
    int64_t t = 0;
    assert_true(civil_parse_rfc3339(rfc3339, &t, NULL));
    return t;
}

static const char *en(const agenda *a, const agenda_text *t)
{
    const char *s = agenda_tr_get(a, t, "en");
    return s ? s : "";
}

/* ---- The event export ----------------------------------------------------- */

#define ZRH(d, t) "{'date':'" d "','time':'" t "','tz':'Europe/Zurich'}"

/* The contribution that is listed in its block and again in the event's list. */
#define TRACKERS_TALK                                                                      \
    "{'_type':'Contribution','id':11,'db_id':5011,'friendly_id':2,'title':'Silicon trackers'," \
    "'description':'','startDate':" ZRH("2024-03-11", "10:00:00") ",'endDate':null,"          \
    "'duration':30,'room':'','roomFullname':'Council Chamber','location':'CERN',"            \
    "'track':'Detectors','session':'Trackers','type':null,"                                  \
    "'speakers':[{'_type':'ContributionParticipation','first_name':'Kenji','last_name':'Sato'," \
    "'affiliation':'KEK'}],'primaryauthors':[],'coauthors':[]}"

static const char event_export[] =
    "{'count':1,'_type':'HTTPAPIResult','complete':true,'url':'https://indico.example/export',"
    "'ts':1710000000,'additionalInfo':{},'results':[{'_type':'Conference','id':'1234',"
    "'title':'Workshop on Detectors','timezone':'Europe/Zurich','type':'conference',"
    "'startDate':" ZRH("2024-03-11", "09:00:00") ",'endDate':" ZRH("2024-03-11", "18:00:00") ","
    "'room':'Main Auditorium','location':'CERN','roomFullname':'500-1-001 - Main Auditorium',"
    "'chairs':[{'_type':'ConferenceChair','fullName':'Dr. Ana Silva','affiliation':'CERN'}],"
    "'contributions':["
    "{'_type':'Contribution','id':10,'db_id':5010,'title':'Opening keynote',"
    "'description':'<p>Welcome &amp; goals</p>','startDate':" ZRH("2024-03-11", "09:00:00") ","
    "'endDate':" ZRH("2024-03-11", "09:45:00") ",'duration':45,'room':'Main Auditorium',"
    "'roomFullname':'500-1-001 - Main Auditorium','type':'Keynote','track':'Detectors',"
    "'session':null,'speakers':[{'_type':'ContributionParticipation','fullName':'Dr. Jane Roe',"
    "'first_name':'Jane','last_name':'Roe','affiliation':'MIT'}]},"
    TRACKERS_TALK ","
    "{'_type':'Contribution','id':12,'db_id':5012,'title':'Poster X','startDate':null,"
    "'endDate':null,'duration':20,'room':null,'speakers':[]},"
    "{'_type':'Contribution','id':'13','title':'Remote talk',"
    "'startDate':{'date':'2024-03-11','time':'08:00:00','tz':'America/New_York'},"
    "'endDate':{'date':'2024-03-11','time':'08:20:00','tz':'America/New_York'},"
    "'room':'Main Auditorium','speakers':[{'fullName':'Li Na'},{'affiliation':'nobody'}]}],"
    "'sessions':[{'_type':'Session','id':'s7','title':'Trackers',"
    "'startDate':" ZRH("2024-03-11", "10:00:00") ",'endDate':" ZRH("2024-03-11", "11:00:00") ","
    "'room':'Council Chamber','conveners':[{'fullName':'Prof. Max Weber','affiliation':'DESY'}],"
    "'session':{'_type':'SessionMetadata','title':'Trackers'},'contributions':[" TRACKERS_TALK "]},"
    "{'_type':'Session','id':'s8','title':'Discussion round',"
    "'startDate':" ZRH("2024-03-11", "15:00:00") ",'endDate':" ZRH("2024-03-11", "16:00:00") ","
    "'room':'Main Auditorium','conveners':[],'session':{'_type':'SessionMetadata',"
    "'conveners':[{'first_name':'Eva','last_name':'Klein'}]},'contributions':[]}]}]}";

static void indico_event_export_maps_contributions_and_blocks(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse(event_export, NULL, &rep);
    expect_ok(a, &rep);
    assert_string_equal(en(a, &a->title), "Workshop on Detectors");
    assert_false(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "Europe/Zurich");
    assert_int_equal(a->n_sessions, 4);

    const agenda_session *s = session(a, "5010");
    assert_int_equal(s->start, at("2024-03-11T08:00:00Z")); /* 09:00 CET */
    assert_int_equal(s->end, at("2024-03-11T08:45:00Z"));
    assert_int_equal(s->kind, AGENDA_KIND_KEYNOTE);
    assert_string_equal(en(a, &s->title), "Opening keynote");
    assert_string_equal(en(a, &s->description), "Welcome & goals");
    assert_string_equal(a->halls[s->hall].id, "Main Auditorium");
    assert_string_equal(a->tracks[s->track].id, "Detectors");
    assert_int_equal(s->n_speakers, 1);
    assert_string_equal(en(a, &s->speakers[0].name), "Dr. Jane Roe");
    assert_string_equal(en(a, &s->speakers[0].affiliation), "MIT");
    assert_int_equal(s->n_chair, 0);

    s = session(a, "5011"); /* read once, from its block, with the block's chair */
    assert_int_equal(s->start, at("2024-03-11T09:00:00Z"));
    assert_int_equal(s->end, at("2024-03-11T09:30:00Z")); /* from the duration */
    assert_string_equal(a->halls[s->hall].id, "Council Chamber"); /* roomFullname */
    assert_string_equal(en(a, &s->speakers[0].name), "Kenji Sato");
    assert_int_equal(s->n_chair, 1);
    assert_string_equal(en(a, &s->chair[0].name), "Prof. Max Weber");

    expect_warning(&rep, "results[0].contributions[2].startDate", "dropped: not scheduled");
    s = session(a, "13"); /* its own zone: 08:00 EDT */
    assert_int_equal(s->start, at("2024-03-11T12:00:00Z"));
    assert_int_equal(s->n_speakers, 1);
    expect_warning(&rep, "results[0].contributions[3].speakers[1]", "without a name");

    s = session(a, "s8"); /* a block without contributions is a session itself */
    assert_string_equal(en(a, &s->title), "Discussion round");
    assert_int_equal(s->start, at("2024-03-11T14:00:00Z"));
    assert_int_equal(s->n_chair, 1);
    assert_string_equal(en(a, &s->chair[0].name), "Eva Klein");
    assert_int_equal(a->n_halls, 2);
    assert_int_equal(a->n_tracks, 1);
    agenda_free(a);
}

static void indico_options_zone_is_shown_and_instants_stay(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse(event_export, "Europe/Vienna", &rep);
    expect_ok(a, &rep);
    assert_string_equal(a->zones[0].name, "Europe/Vienna");
    assert_int_equal(session(a, "5010")->start, at("2024-03-11T08:00:00Z"));
    assert_int_equal(session(a, "13")->start, at("2024-03-11T12:00:00Z"));
    agenda_free(a);
}

static void indico_lecture_without_contributions_is_one_session(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse("{'results':[{'_type':'Conference','id':99,'title':'Colloquium',"
                      "'timezone':'Asia/Tokyo','startDate':{'date':'2024-06-01','time':'16:00:00',"
                      "'tz':'Asia/Tokyo'},'endDate':{'date':'2024-06-01','time':'17:00:00',"
                      "'tz':'Asia/Tokyo'},'room':'Hall 1','chairs':[{'first_name':'Yuki',"
                      "'last_name':'Tanaka'}]}]}",
                      NULL, &rep);
    expect_ok(a, &rep);
    assert_int_equal(a->n_sessions, 1);
    const agenda_session *s = session(a, "99");
    assert_int_equal(s->start, at("2024-06-01T07:00:00Z"));
    assert_string_equal(en(a, &s->chair[0].name), "Yuki Tanaka");
    assert_string_equal(a->zones[0].name, "Asia/Tokyo");
    agenda_free(a);
}

/* ---- The timetable export ------------------------------------------------- */

#define GVA(t) "{'date':'2013-11-01','time':'" t "','tz':'Europe/Zurich'}"

static const char timetable[] =
    "{'count':1,'_type':'HTTPAPIResult','complete':true,'results':{'271279':{'20131101':{"
    "'c0':{'entryType':'Contribution','id':'c0','contributionId':'0','title':'Welcome',"
    "'startDate':" GVA("09:00:00") ",'endDate':" GVA("09:20:00") ",'duration':20,"
    "'room':'Kjell Johnsen Auditorium','location':'CERN','description':'',"
    "'presenters':[{'name':'Rolf Heuer','firstName':'Rolf','familyName':'Heuer',"
    "'affiliation':'CERN'}],'conveners':[],'uniqueId':'a271279t0','conferenceId':'271279'},"
    "'b1':{'entryType':'Break','id':'b1','title':'Coffee','startDate':" GVA("10:30:00") ","
    "'endDate':" GVA("11:00:00") ",'room':'Foyer','duration':30,'color':'#90C0F0'},"
    "'s2':{'entryType':'Session','id':'s2','sessionId':2,'title':'Physics',"
    "'startDate':" GVA("11:00:00") ",'endDate':" GVA("12:30:00") ",'room':'Kjell Johnsen Auditorium',"
    "'conveners':[{'firstName':'Fabiola','familyName':'Gianotti','title':'Dr.'}],'entries':{"
    "'c3':{'entryType':'Contribution','id':'c3','title':'Higgs','startDate':" GVA("11:00:00") ","
    "'endDate':" GVA("11:30:00") ",'presenters':[{'firstName':'Peter','familyName':'Higgs'}],"
    "'room':'Kjell Johnsen Auditorium'},"
    "'c4':{'entryType':'Contribution','id':'c4','title':'Later','startDate':null,'duration':10}}},"
    "'s5':{'entryType':'Session','id':'s5','title':'Poster session','startDate':" GVA("14:00:00") ","
    "'endDate':" GVA("15:00:00") ",'room':'Foyer','conveners':[{'name':'Mia Wong'}],"
    "'entries':{}}}}}}";

static void indico_timetable_reads_blocks_breaks_and_conveners(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = parse(timetable, NULL, &rep);
    expect_ok(a, &rep);
    assert_false(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "Europe/Zurich");
    assert_int_equal(a->n_sessions, 4);
    assert_int_equal(a->n_halls, 2);

    const agenda_session *s = session(a, "c0");
    assert_int_equal(s->start, at("2013-11-01T08:00:00Z"));
    assert_int_equal(s->end, at("2013-11-01T08:20:00Z"));
    assert_string_equal(en(a, &s->speakers[0].name), "Rolf Heuer");
    assert_string_equal(a->halls[s->hall].id, "Kjell Johnsen Auditorium");

    s = session(a, "b1");
    assert_int_equal(s->kind, AGENDA_KIND_BREAK);
    assert_string_equal(a->halls[s->hall].id, "Foyer");

    s = session(a, "c3"); /* nested in the block: the block's conveners chair it */
    assert_int_equal(s->start, at("2013-11-01T10:00:00Z"));
    assert_string_equal(en(a, &s->speakers[0].name), "Peter Higgs");
    assert_int_equal(s->n_chair, 1);
    assert_string_equal(en(a, &s->chair[0].name), "Dr. Fabiola Gianotti");
    expect_warning(&rep, "results[\"271279\"][\"20131101\"][\"s2\"].entries[\"c4\"].startDate",
                   "dropped: not scheduled");

    s = session(a, "s5"); /* a block without entries is itself a session */
    assert_string_equal(en(a, &s->title), "Poster session");
    assert_string_equal(en(a, &s->chair[0].name), "Mia Wong");
    assert_int_equal(s->end, at("2013-11-01T14:00:00Z"));
    agenda_free(a);
}

static void indico_dates_without_zone_use_the_venue_zone(void **st)
{
    (void)st;
    static const char doc[] =
        "{'results':{'7':{'20240501':{'c1':{'entryType':'Contribution','title':'A',"
        "'startDate':{'date':'2024-05-01','time':'09:00:00'},"
        "'endDate':{'date':'2024-05-01','time':'09:30:00'}},"
        "'c2':{'entryType':'Contribution','title':'B',"
        "'startDate':{'date':'2024-05-01','time':'10:00:00','tz':'Mars/Olympus'},"
        "'endDate':{'date':'2024-05-01','time':'10:30:00','tz':'Mars/Olympus'}},"
        "'c3':{'entryType':'Contribution','title':'C','startDate':{'date':'1 May','time':'x'},"
        "'duration':5}}}}}";
    feed_report rep;
    agenda *a = parse(doc, NULL, &rep);
    expect_ok(a, &rep);
    assert_true(a->zone_assumed);
    expect_warning(&rep, "results[\"7\"][\"20240501\"][\"c1\"].startDate", "no time zone");
    assert_int_equal(session(a, "c1")->start, at("2024-05-01T09:00:00Z"));
    expect_warning(&rep, "results[\"7\"][\"20240501\"][\"c2\"].startDate.tz",
                   "unknown time zone \"Mars/Olympus\"");
    expect_warning(&rep, "results[\"7\"][\"20240501\"][\"c3\"].startDate", "dropped: not a date");
    agenda_free(a);

    a = parse(doc, "Europe/Vienna", &rep);
    expect_ok(a, &rep);
    assert_false(a->zone_assumed);
    assert_int_equal(session(a, "c1")->start, at("2024-05-01T07:00:00Z"));
    assert_int_equal(session(a, "c2")->start, at("2024-05-01T08:00:00Z"));
    agenda_free(a);
}

static void indico_sniffer_is_specific(void **st)
{
    (void)st;
    static const char *const not_indico[] = {
        "{'results':[]}",
        "{'results':[{'name':'x'}]}",
        "{'results':{'1':{'2':{'c':{'title':'no entryType'}}}}}",
        "{'count':3}",
    };
    for (size_t i = 0; i < sizeof(not_indico) / sizeof(not_indico[0]); i++) {
        feed_report rep;
        agenda *a = parse(not_indico[i], NULL, &rep);
        assert_null(a);
        assert_true(support_has_problem(&rep, FEED_ERROR, "", "not a feed"));
    }
}

static void indico_check_names_the_format(void **st)
{
    (void)st;
    char *dir = support_tempdir(), path[512], *json = to_json(timetable);
    snprintf(path, sizeof(path), "%s/timetable.json", dir);
    assert_int_equal(support_write_file(path, json, strlen(json)), 0);
    char *argv[] = {(char *)support_hallboard(), "check", path, NULL};
    support_run_result r = support_run(argv);
    char want[700];
    snprintf(want, sizeof(want), "%s: valid (indico format, 4 sessions, 2 halls, 1 warnings)\n",
             path);
    size_t n = strlen(r.err), w = strlen(want);
    bool last = n >= w && strcmp(r.err + n - w, want) == 0;
    if (!last)
        fprintf(stderr, "stderr:\n%s", r.err);
    assert_int_equal(r.status, 0);
    assert_true(last);
    support_run_free(&r);
    support_remove_tree(dir);
    free(dir);
    free(json);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(indico_event_export_maps_contributions_and_blocks),
        cmocka_unit_test(indico_options_zone_is_shown_and_instants_stay),
        cmocka_unit_test(indico_lecture_without_contributions_is_one_session),
        cmocka_unit_test(indico_timetable_reads_blocks_breaks_and_conveners),
        cmocka_unit_test(indico_dates_without_zone_use_the_venue_zone),
        cmocka_unit_test(indico_sniffer_is_specific),
        cmocka_unit_test(indico_check_names_the_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
