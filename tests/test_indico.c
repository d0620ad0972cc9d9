/* test_indico.c - the Indico importer on documents built after Indico's HTTP API
 * (an event export with contributions and session blocks; a timetable export with a
 * block of contributions, a break and conveners): instants in each date's zone, halls,
 * tracks, speakers and chairs, kinds, drops with their paths, the zone shown, the
 * sniffer, and `hallboard check` on a file. */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


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
    agenda *a = support_parse_sq(event_export, NULL, &rep);
    support_expect_ok(a, &rep, "indico");
    assert_string_equal(support_tr(a, &a->title, "en"), "Workshop on Detectors");
    assert_false(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "Europe/Zurich");
    assert_int_equal(a->n_sessions, 4);

    const agenda_session *s = support_session(a, "5010");
    support_expect_times(s, "2024-03-11T08:00:00Z", "2024-03-11T08:45:00Z"); /* 09:00 CET */
    assert_int_equal(s->kind, AGENDA_KIND_KEYNOTE);
    assert_string_equal(support_tr(a, &s->title, "en"), "Opening keynote");
    assert_string_equal(support_tr(a, &s->description, "en"), "Welcome & goals");
    assert_string_equal(a->halls[s->hall].id, "Main Auditorium");
    assert_string_equal(a->tracks[s->track].id, "Detectors");
    assert_int_equal(s->n_speakers, 1);
    assert_string_equal(support_tr(a, &s->speakers[0].name, "en"), "Dr. Jane Roe");
    assert_string_equal(support_tr(a, &s->speakers[0].affiliation, "en"), "MIT");
    assert_int_equal(s->n_chair, 0);

    s = support_session(a, "5011"); /* read once, from its block, with the block's chair */
    support_expect_times(s, "2024-03-11T09:00:00Z", "2024-03-11T09:30:00Z"); /* end: duration */
    assert_string_equal(a->halls[s->hall].id, "Council Chamber"); /* roomFullname */
    assert_string_equal(support_tr(a, &s->speakers[0].name, "en"), "Kenji Sato");
    assert_int_equal(s->n_chair, 1);
    assert_string_equal(support_tr(a, &s->chair[0].name, "en"), "Prof. Max Weber");

    support_expect_problem(&rep, FEED_WARNING, "results[0].contributions[2].startDate",
                           "dropped: not scheduled");
    s = support_session(a, "13"); /* its own zone: 08:00 EDT */
    assert_int_equal(s->start, support_instant("2024-03-11T12:00:00Z"));
    assert_int_equal(s->n_speakers, 1);
    support_expect_problem(&rep, FEED_WARNING, "results[0].contributions[3].speakers[1]",
                           "without a name");

    s = support_session(a, "s8"); /* a block without contributions is a session itself */
    assert_string_equal(support_tr(a, &s->title, "en"), "Discussion round");
    assert_int_equal(s->start, support_instant("2024-03-11T14:00:00Z"));
    assert_int_equal(s->n_chair, 1);
    assert_string_equal(support_tr(a, &s->chair[0].name, "en"), "Eva Klein");
    assert_int_equal(a->n_halls, 2);
    assert_int_equal(a->n_tracks, 1);
    agenda_free(a);
}

static void indico_options_zone_is_shown_and_instants_stay(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse_sq(event_export, "Europe/Vienna", &rep);
    support_expect_ok(a, &rep, "indico");
    assert_string_equal(a->zones[0].name, "Europe/Vienna");
    assert_int_equal(support_session(a, "5010")->start, support_instant("2024-03-11T08:00:00Z"));
    assert_int_equal(support_session(a, "13")->start, support_instant("2024-03-11T12:00:00Z"));
    agenda_free(a);
}

static void indico_lecture_without_contributions_is_one_session(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse_sq("{'results':[{'_type':'Conference','id':99,'title':'Colloquium',"
                      "'timezone':'Asia/Tokyo','startDate':{'date':'2024-06-01','time':'16:00:00',"
                      "'tz':'Asia/Tokyo'},'endDate':{'date':'2024-06-01','time':'17:00:00',"
                      "'tz':'Asia/Tokyo'},'room':'Hall 1','chairs':[{'first_name':'Yuki',"
                      "'last_name':'Tanaka'}]}]}",
                      NULL, &rep);
    support_expect_ok(a, &rep, "indico");
    assert_int_equal(a->n_sessions, 1);
    const agenda_session *s = support_session(a, "99");
    assert_int_equal(s->start, support_instant("2024-06-01T07:00:00Z"));
    assert_string_equal(support_tr(a, &s->chair[0].name, "en"), "Yuki Tanaka");
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
    agenda *a = support_parse_sq(timetable, NULL, &rep);
    support_expect_ok(a, &rep, "indico");
    assert_false(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "Europe/Zurich");
    assert_int_equal(a->n_sessions, 4);
    assert_int_equal(a->n_halls, 2);

    const agenda_session *s = support_session(a, "c0");
    support_expect_times(s, "2013-11-01T08:00:00Z", "2013-11-01T08:20:00Z");
    assert_string_equal(support_tr(a, &s->speakers[0].name, "en"), "Rolf Heuer");
    assert_string_equal(a->halls[s->hall].id, "Kjell Johnsen Auditorium");

    s = support_session(a, "b1");
    assert_int_equal(s->kind, AGENDA_KIND_BREAK);
    assert_string_equal(a->halls[s->hall].id, "Foyer");

    s = support_session(a, "c3"); /* nested in the block: the block's conveners chair it */
    assert_int_equal(s->start, support_instant("2013-11-01T10:00:00Z"));
    assert_string_equal(support_tr(a, &s->speakers[0].name, "en"), "Peter Higgs");
    assert_int_equal(s->n_chair, 1);
    assert_string_equal(support_tr(a, &s->chair[0].name, "en"), "Dr. Fabiola Gianotti");
    support_expect_problem(&rep, FEED_WARNING,
                           "results[\"271279\"][\"20131101\"][\"s2\"].entries[\"c4\"].startDate",
                           "dropped: not scheduled");

    s = support_session(a, "s5"); /* a block without entries is itself a session */
    assert_string_equal(support_tr(a, &s->title, "en"), "Poster session");
    assert_string_equal(support_tr(a, &s->chair[0].name, "en"), "Mia Wong");
    assert_int_equal(s->end, support_instant("2013-11-01T14:00:00Z"));
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
    agenda *a = support_parse_sq(doc, NULL, &rep);
    support_expect_ok(a, &rep, "indico");
    assert_true(a->zone_assumed);
    support_expect_problem(&rep, FEED_WARNING, "results[\"7\"][\"20240501\"][\"c1\"].startDate",
                           "no time zone");
    assert_int_equal(support_session(a, "c1")->start, support_instant("2024-05-01T09:00:00Z"));
    support_expect_problem(&rep, FEED_WARNING, "results[\"7\"][\"20240501\"][\"c2\"].startDate.tz",
                   "unknown time zone \"Mars/Olympus\"");
    support_expect_problem(&rep, FEED_WARNING, "results[\"7\"][\"20240501\"][\"c3\"].startDate",
                           "dropped: not a date");
    agenda_free(a);

    a = support_parse_sq(doc, "Europe/Vienna", &rep);
    support_expect_ok(a, &rep, "indico");
    assert_false(a->zone_assumed);
    assert_int_equal(support_session(a, "c1")->start, support_instant("2024-05-01T07:00:00Z"));
    assert_int_equal(support_session(a, "c2")->start, support_instant("2024-05-01T08:00:00Z"));
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
        agenda *a = support_parse_sq(not_indico[i], NULL, &rep);
        assert_null(a);
        support_expect_problem(&rep, FEED_ERROR, "", "not a feed");
    }
}

static void indico_check_names_the_format(void **st)
{
    (void)st;
    char *dir = support_tempdir(), path[512], *json = support_dq(timetable);
    snprintf(path, sizeof(path), "%s/timetable.json", dir);
    assert_int_equal(support_write_file(path, json, strlen(json)), 0);
    support_expect_check(path, "valid (indico format, 4 sessions, 2 halls, 1 warnings)");
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
