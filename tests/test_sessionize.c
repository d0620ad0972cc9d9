/* test_sessionize.c - the Sessionize importer: "All data", the schedule grid and the
 * sessions list on small inline documents (instants, halls, speakers, tracks, kinds,
 * drops with their paths, the venue zone), the real sample in the shared fixtures, and
 * `hallboard check` on it. */

#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedsrc.h"

/* ---- Helpers -------------------------------------------------------------- */

static const char *hall_of(const agenda *a, const agenda_session *s)
{
    return s->hall >= 0 ? a->halls[s->hall].id : "";
}

static const char *track_of(const agenda *a, const agenda_session *s)
{
    return s->track >= 0 ? support_tr(a, &a->tracks[s->track].name, "en") : "";
}

/* ---- "All data" ----------------------------------------------------------- */

static const char all_data[] =
    "{'sessions':["
    "{'id':'101','title':'Embeddings','description':'About vectors.',"
    "'startsAt':'2024-04-20T09:00:00','endsAt':'2024-04-20T09:45:00','roomId':2,"
    "'speakers':['sp-a','sp-b'],'categoryItems':[201,101],'isServiceSession':false,"
    "'isPlenumSession':false,'status':'Accepted'},"
    "{'id':102,'title':'Lunch','startsAt':'2024-04-20T12:00:00','endsAt':'2024-04-20T13:00:00',"
    "'roomId':1,'speakers':[],'categoryItems':[],'isServiceSession':true},"
    "{'id':'103','title':'Backlog','startsAt':'2024-04-20T14:00:00+01:00',"
    "'endsAt':'2024-04-20T14:30:00+01:00','roomId':1,'speakers':['sp-zz'],'categoryItems':[100]},"
    "{'id':'104','title':'Someday','startsAt':null,'endsAt':null,'roomId':1,'speakers':[]},"
    "{'id':'101','title':'Again','startsAt':'2024-04-20T16:00:00Z','endsAt':'2024-04-20T16:20:00Z',"
    "'roomId':7,'speakers':['sp-b']},"
    "{'id':'105','title':'Gone','startsAt':'2024-04-20T17:00:00','endsAt':'2024-04-20T17:30:00',"
    "'roomId':1,'status':'Cancelled'}],"
    "'speakers':[{'id':'sp-a','firstName':'Ada','lastName':'Lovelace','fullName':'Ada King Lovelace',"
    "'sessions':[101]},{'id':'sp-b','firstName':'Jörg','lastName':'Müller','sessions':[101]}],"
    "'rooms':[{'id':1,'name':'Aula','sort':0},{'id':2,'name':'Breakout 1','sort':1}],"
    "'categories':[{'id':9,'title':'Level','items':[{'id':201,'name':'Beginner'}],'type':'session'},"
    "{'id':10,'title':'Track','items':[{'id':100,'name':'Cloud'},{'id':101,'name':'AI'}],"
    "'type':'session'}],"
    "'questions':[]}";

static void sessionize_all_data_maps_rooms_speakers_tracks_and_kinds(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse_sq(all_data, "Europe/Vienna", &rep);
    support_expect_ok(a, &rep, "sessionize");
    assert_false(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "Europe/Vienna");
    /* The rooms array first and in its order, then a room only a session names. */
    assert_int_equal(a->n_halls, 3);
    assert_string_equal(a->halls[0].id, "1");
    assert_string_equal(support_tr(a, &a->halls[0].name, "en"), "Aula");
    assert_string_equal(a->halls[1].id, "2");
    assert_string_equal(support_tr(a, &a->halls[1].name, "en"), "Breakout 1");
    assert_string_equal(a->halls[2].id, "7");
    support_expect_problem(&rep, FEED_WARNING, "sessions[4].roomId", "not among the rooms");
    /* The "Track" category gives the tracks, not "Level". */
    assert_int_equal(a->n_tracks, 2);
    assert_string_equal(a->tracks[0].id, "100");
    assert_string_equal(support_tr(a, &a->tracks[1].name, "en"), "AI");

    const agenda_session *s = support_session(a, "101");
    assert_string_equal(support_tr(a, &s->title, "en"), "Embeddings");
    assert_string_equal(support_tr(a, &s->description, "en"), "About vectors.");
    /* 09:00 in Vienna (CEST) */
    support_expect_times(s, "2024-04-20T07:00:00Z", "2024-04-20T07:45:00Z");
    assert_string_equal(hall_of(a, s), "2");
    assert_string_equal(track_of(a, s), "AI");
    assert_int_equal(s->kind, AGENDA_KIND_TALK);
    assert_int_equal(s->n_speakers, 2);
    assert_string_equal(support_tr(a, &s->speakers[0].name, "en"), "Ada King Lovelace");
    assert_string_equal(support_tr(a, &s->speakers[1].name, "en"), "Jörg Müller");

    s = support_session(a, "102"); /* a numeric id, a service session */
    assert_int_equal(s->kind, AGENDA_KIND_BREAK);
    assert_string_equal(hall_of(a, s), "1");
    assert_int_equal(s->start, support_instant("2024-04-20T10:00:00Z"));

    s = support_session(a, "103"); /* an offset is taken as written */
    assert_int_equal(s->start, support_instant("2024-04-20T13:00:00Z"));
    assert_string_equal(track_of(a, s), "Cloud");
    assert_int_equal(s->n_speakers, 0);
    support_expect_problem(&rep, FEED_WARNING, "sessions[2].speakers[0]",
                           "unknown speaker \"sp-zz\"");

    support_expect_problem(&rep, FEED_WARNING, "sessions[3].startsAt", "dropped: not scheduled");
    s = support_session(a, "101~2"); /* a repeated id made unique by the builder */
    assert_string_equal(support_tr(a, &s->title, "en"), "Again");
    assert_int_equal(s->start, support_instant("2024-04-20T16:00:00Z"));
    support_expect_problem(&rep, FEED_WARNING, "sessions[4].id", "repeated id \"101\"");
    assert_int_equal(support_session(a, "105")->status, AGENDA_STATUS_CANCELLED);
    assert_int_equal(a->n_sessions, 5);
    agenda_free(a);
}

static void sessionize_without_a_zone_reads_utc_and_says_so(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse_sq(all_data, NULL, &rep);
    support_expect_ok(a, &rep, "sessionize");
    assert_true(a->zone_assumed);
    assert_string_equal(a->zones[0].name, "UTC");
    support_expect_problem(&rep, FEED_WARNING, "sessions[0].startsAt", "no time zone");
    assert_int_equal(support_session(a, "101")->start, support_instant("2024-04-20T09:00:00Z"));
    assert_int_equal(support_session(a, "103")->start, support_instant("2024-04-20T13:00:00Z"));
    agenda_free(a);
}

static void sessionize_only_category_gives_the_track_and_names_fall_back(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse_sq(
        "{'sessions':[{'id':'1','title':'Talk','startsAt':'2024-01-10T10:00:00Z',"
        "'endsAt':'2024-01-10T11:00:00Z','room':'Hall A','speakers':['x','y'],"
        "'categoryItems':[7]},"
        "{'id':'2','title':'Odd','startsAt':'tomorrow','endsAt':'2024-01-10T11:00:00Z'},"
        "{'id':'3','title':'Open end','startsAt':'2024-01-10T12:00:00Z'}],"
        "'speakers':[{'id':'x','firstName':'Li','lastName':'Wei'},{'id':'y','lastName':'Solo'},"
        "{'id':'z'}],"
        "'categories':[{'id':3,'title':'Topic','items':[{'id':7,'name':'Security'}]}]}",
        NULL, &rep);
    support_expect_ok(a, &rep, "sessionize");
    assert_false(a->zone_assumed); /* every time had its offset */
    assert_int_equal(a->n_sessions, 1);
    const agenda_session *s = support_session(a, "1");
    assert_string_equal(track_of(a, s), "Security");
    assert_string_equal(hall_of(a, s), "Hall A"); /* no roomId: the room name is the key */
    assert_int_equal(s->n_speakers, 2);
    assert_string_equal(support_tr(a, &s->speakers[0].name, "en"), "Li Wei");
    assert_string_equal(support_tr(a, &s->speakers[1].name, "en"), "Solo");
    support_expect_problem(&rep, FEED_WARNING, "speakers[2]", "without a name");
    support_expect_problem(&rep, FEED_WARNING, "sessions[1].startsAt", "dropped: not a date-time");
    support_expect_problem(&rep, FEED_WARNING, "sessions[2].endsAt", "dropped: missing");
    agenda_free(a);
}

/* ---- The grid and the list ------------------------------------------------- */

#define GRID_SESSION(id, start, end, room, extra)                                            \
    "{'id':'" id "','title':'T" id "','startsAt':'" start "','endsAt':'" end "','roomId':" room \
    ",'speakers':[{'id':'s1','name':'Anna Berg'}]" extra "}"

static void sessionize_grid_reads_each_session_once(void **st)
{
    (void)st;
    feed_report rep;
    const char *doc =
        "[{'date':'2024-04-20T00:00:00','rooms':[{'id':5,'name':'Saal','sessions':["
        GRID_SESSION("1", "2024-04-20T09:00:00", "2024-04-20T10:00:00", "5",
                     ",'categories':[{'id':1,'name':'Track','categoryItems':[{'id':11,'name':'Web'}]}]")
        "," GRID_SESSION("2", "2024-04-20T10:00:00", "2024-04-20T10:30:00", "5",
                         ",'isServiceSession':true,'isPlenumSession':true")
        "]},{'id':6,'name':'Keller','sessions':["
        GRID_SESSION("2", "2024-04-20T10:00:00", "2024-04-20T10:30:00", "6",
                     ",'isServiceSession':true,'isPlenumSession':true") "]}],"
        "'timeSlots':[{'slotStart':'09:00:00','rooms':[{'id':5,'name':'Saal','session':"
        GRID_SESSION("1", "2024-04-20T09:00:00", "2024-04-20T10:00:00", "5", "") "}]}]},"
        "{'date':'2024-04-21T00:00:00','rooms':[],'timeSlots':[{'slotStart':'09:00:00','rooms':"
        "[{'id':6,'name':'Keller','session':"
        GRID_SESSION("3", "2024-04-21T09:00:00", "2024-04-21T09:30:00", "6", "") "}]}]}]";
    agenda *a = support_parse_sq(doc, "Europe/Vienna", &rep);
    support_expect_ok(a, &rep, "sessionize");
    assert_int_equal(a->n_sessions, 3);
    assert_int_equal(a->n_halls, 2);
    assert_string_equal(support_tr(a, &a->halls[1].name, "en"), "Keller");
    const agenda_session *s = support_session(a, "1");
    assert_int_equal(s->start, support_instant("2024-04-20T07:00:00Z"));
    assert_string_equal(track_of(a, s), "Web");
    assert_int_equal(s->n_speakers, 1);
    assert_string_equal(support_tr(a, &s->speakers[0].name, "en"), "Anna Berg");
    s = support_session(a, "2");
    assert_int_equal(s->kind, AGENDA_KIND_BREAK);
    assert_string_equal(hall_of(a, s), "5"); /* the first listing of a plenum session */
    s = support_session(a, "3"); /* from the time slots of a day without room columns */
    assert_string_equal(hall_of(a, s), "6");
    assert_int_equal(s->start, support_instant("2024-04-21T07:00:00Z"));
    assert_int_equal(rep.n_warnings, 0);
    agenda_free(a);
}

static void sessionize_sessions_list_skips_repeats_across_groups(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse_sq("[{'groupId':1,'groupName':'Cloud','sessions':["
                      "{'id':'7','title':'Seven','startsAt':'2024-05-01T09:00:00',"
                      "'endsAt':'2024-05-01T09:30:00','room':'Blue','speakers':[]}]},"
                      "{'groupId':2,'groupName':'AI','sessions':["
                      "{'id':'7','title':'Seven','startsAt':'2024-05-01T09:00:00',"
                      "'endsAt':'2024-05-01T09:30:00','room':'Blue','speakers':[]},"
                      "{'id':'8','title':'Eight','startsAt':null,'endsAt':null}]}]",
                      "America/New_York", &rep);
    support_expect_ok(a, &rep, "sessionize");
    assert_int_equal(a->n_sessions, 1);
    assert_int_equal(support_session(a, "7")->start, support_instant("2024-05-01T13:00:00Z"));
    support_expect_problem(&rep, FEED_WARNING, "[1].sessions[1].startsAt", "dropped");
    agenda_free(a);
}

static void sessionize_sniffer_is_specific(void **st)
{
    (void)st;
    feed_report rep;
    agenda *a = support_parse_sq("{'sessions':[],'rooms':[]}", NULL, &rep);
    assert_null(a);
    support_expect_problem(&rep, FEED_ERROR, "", "not a feed");
    a = support_parse_sq("[{'date':'2024-01-01'}]", NULL, &rep);
    assert_null(a);
    a = support_parse_sq("{'sessions':[],'speakers':[],'rooms':[]}", NULL, &rep);
    support_expect_ok(a, &rep, "sessionize");
    assert_int_equal(a->n_sessions, 0);
    agenda_free(a);
}

/* ---- The real sample ------------------------------------------------------- */

#define SAMPLE "sessionize/global-azure-austria-2024-sessionize-all.json"

static void sessionize_global_azure_austria_2024(void **st)
{
    (void)st;
    size_t len;
    char *bytes = support_read_sample(SAMPLE, &len);
    feed_report rep;
    feed_options o = feedsrc_options();
    o.zones = (const char *const[]){"Europe/Vienna", NULL};
    agenda *a = support_parse_opts(bytes, len, &o, &rep);
    support_expect_ok(a, &rep, "sessionize");
    assert_int_equal(a->n_sessions, 15);
    assert_int_equal(a->n_halls, 4);
    assert_string_equal(support_tr(a, &a->halls[0].name, "en"), "Aula");
    assert_int_equal(rep.n_warnings, 0);
    size_t people = 0;
    for (size_t i = 0; i < a->n_sessions; i++)
        people += a->sessions[i].n_speakers;
    assert_int_equal(people, 16);
    const agenda_session *s = support_session(a, "658419");
    support_expect_times(s, "2024-04-20T07:00:00Z", "2024-04-20T07:45:00Z");
    assert_int_equal(s->n_speakers, 2);
    s = support_session(a, "649740");
    assert_string_equal(support_tr(a, &s->speakers[0].name, "en"), "Alex Kornfellner");
    assert_non_null(strstr(support_tr(a, &s->title, "en"),
                           "Vom Wort zum Vektor - Embeddings als Grundlage für"));
    agenda_free(a);

    o.zones = NULL;
    a = support_parse_opts(bytes, len, &o, &rep);
    support_expect_ok(a, &rep, "sessionize");
    assert_true(a->zone_assumed);
    support_expect_problem(&rep, FEED_WARNING, "sessions[0].startsAt", "no time zone");
    assert_int_equal(support_session(a, "658419")->start, support_instant("2024-04-20T09:00:00Z"));
    agenda_free(a);
    free(bytes);
}

static void sessionize_check_names_the_format(void **st)
{
    (void)st;
    char path[4096];
    support_expect_check(support_sample_path(SAMPLE, path, sizeof(path)),
                         "valid (sessionize format, 15 sessions, 4 halls, 1 warnings)");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sessionize_all_data_maps_rooms_speakers_tracks_and_kinds),
        cmocka_unit_test(sessionize_without_a_zone_reads_utc_and_says_so),
        cmocka_unit_test(sessionize_only_category_gives_the_track_and_names_fall_back),
        cmocka_unit_test(sessionize_grid_reads_each_session_once),
        cmocka_unit_test(sessionize_sessions_list_skips_repeats_across_groups),
        cmocka_unit_test(sessionize_sniffer_is_specific),
        cmocka_unit_test(sessionize_global_azure_austria_2024),
        cmocka_unit_test(sessionize_check_names_the_format),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
