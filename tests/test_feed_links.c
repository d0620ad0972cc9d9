/* test_feed_links.c - the links feeds give: a session's url (native, frab JSON and XML,
 * Indico) and the event's logo and background and a card's image and url (native); the native
 * format refuses a bad one at its path, the importers leave it out with a warning. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feedsrc.h"

/* A native feed with `event` spliced into the event object, `card` into the card and
 * `session` into the session (single quotes for double). */
static char *native(const char *event, const char *card, const char *session)
{
    static const char fmt[] =
        "{'hallboard':1,'revision':'r1','event':{'title':'Con','languages':['en'],"
        "'zones':[{'zone':'Europe/Berlin'}]%s},'halls':[{'id':'A','name':'Hall A'}],"
        "'cards':[{'id':'c1','title':'Wifi','body':'hallcon / secret'%s}],"
        "'sessions':[{'id':'s1','start':'2026-05-04T10:00:00+02:00',"
        "'end':'2026-05-04T11:00:00+02:00','hall':'A','title':'Talk'%s}]}";
    size_t n = sizeof(fmt) + strlen(event) + strlen(card) + strlen(session);
    char *s = malloc(n);
    snprintf(s, n, fmt, event, card, session);
    char *d = support_dq(s);
    free(s);
    return d;
}

static void native_links_are_read(void **st)
{
    (void)st;
    char *doc = native(",'logo':'https://con.example/logo.svg','background':'/srv/bg.jpg'",
                       ",'image':'file:///srv/wifi.png','url':'https://con.example/wifi'",
                       ",'url':'https://pretalx.example/con/talk/ABC/'");
    feed_report rep;
    agenda *a = support_parse_in(doc, NULL, &rep);
    support_expect_ok(a, &rep, "hallboard");
    assert_string_equal(a->logo, "https://con.example/logo.svg");
    assert_string_equal(a->background, "/srv/bg.jpg");
    assert_string_equal(a->cards[0].image, "file:///srv/wifi.png");
    assert_string_equal(a->cards[0].url, "https://con.example/wifi");
    assert_string_equal(a->sessions[0].url, "https://pretalx.example/con/talk/ABC/");
    agenda_free(a);
    free(doc);

    doc = native("", "", "");
    a = support_parse_in(doc, NULL, &rep);
    support_expect_ok(a, &rep, "hallboard");
    assert_null(a->logo);
    assert_null(a->background);
    assert_null(a->cards[0].image);
    assert_null(a->cards[0].url);
    assert_null(a->sessions[0].url);
    agenda_free(a);
    free(doc);
}

static void native_bad_links_are_refused_at_their_path(void **st)
{
    (void)st;
    char long_url[AGENDA_MAX_URL_BYTES + 40];
    memset(long_url, 'a', sizeof(long_url));
    memcpy(long_url, ",'url':'https://", 16);
    strcpy(long_url + sizeof(long_url) - 3, "'");
    static const struct {
        const char *event, *card, *session, *path, *needle;
    } cases[] = {
        {"", "", ",'url':'ftp://x.example/t'", "sessions[0].url", "expected an http or https URL"},
        {"", "", ",'url':'/srv/talk.html'", "sessions[0].url", "expected an http or https URL"},
        {"", "", ",'url':'https://x.example/a b'", "sessions[0].url", "a control character or a space"},
        {"", "", ",'url':'https://x.example/\\n'", "sessions[0].url", "a control character"},
        {"", "", ",'url':42", "sessions[0].url", ""},
        {",'logo':'logo.png'", "", "", "event.logo", "an absolute path"},
        {",'background':'data:image/png;base64,AAAA'", "", "", "event.background", "file URL"},
        {"", ",'image':'../wifi.png'", "", "cards[0].image", "an absolute path"},
        {"", ",'url':'/srv/wifi.html'", "", "cards[0].url", "expected an http or https URL"},
        {"", ",'url':'https://x.example/a b'", "", "cards[0].url", "a control character or a space"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *doc = native(cases[i].event, cases[i].card, cases[i].session);
        support_expect_refused(doc, NULL, cases[i].path, cases[i].needle);
        free(doc);
    }
    char *doc = native("", "", long_url);
    support_expect_refused(doc, NULL, "sessions[0].url", "longer than the limit (1000 bytes)");
    free(doc);
    /* A path may hold a space; exactly the limit passes. */
    doc = native(",'logo':'/srv/our logo.png'", "", "");
    feed_report rep;
    agenda *a = support_parse_in(doc, NULL, &rep);
    support_expect_ok(a, &rep, NULL);
    assert_string_equal(a->logo, "/srv/our logo.png");
    agenda_free(a);
    free(doc);
    strcpy(long_url + 8 + AGENDA_MAX_URL_BYTES, "'");
    doc = native("", "", long_url);
    a = support_parse_in(doc, NULL, &rep);
    support_expect_ok(a, &rep, NULL);
    assert_int_equal(strlen(a->sessions[0].url), AGENDA_MAX_URL_BYTES);
    agenda_free(a);
    free(doc);
}

/* A classic frab schedule.json with two events, their `url` members given. */
static void frab_json_event_url_becomes_the_session_url(void **st)
{
    (void)st;
    const char *sq =
        "{'schedule':{'version':'v1','conference':{'acronym':'cc','title':'Camp',"
        "'time_zone_name':'Europe/Berlin','days':[{'index':1,'date':'2026-08-21',"
        "'rooms':{'Main':[{'guid':'g1','date':'2026-08-21T10:00:00+02:00','duration':'00:30',"
        "'title':'One','url':'https://frab.example/cc/talk/g1'},"
        "{'guid':'g2','date':'2026-08-21T11:00:00+02:00','duration':'00:30','title':'Two',"
        "'url':'javascript:alert(1)'}]}}]}}}";
    feed_report rep;
    agenda *a = support_parse_sq(sq, NULL, &rep);
    support_expect_ok(a, &rep, "frab");
    assert_string_equal(support_session(a, "g1")->url, "https://frab.example/cc/talk/g1");
    assert_null(support_session(a, "g2")->url);
    support_expect_problem(&rep, FEED_WARNING, "schedule.conference.days[0].rooms[\"Main\"][1].url",
                           "expected an http or https URL: left out");
    agenda_free(a);
}

static void frab_xml_event_url_becomes_the_session_url(void **st)
{
    (void)st;
    const char *x =
        "<?xml version='1.0' encoding='UTF-8'?>\n<schedule><version>v1</version>"
        "<conference><title>Camp</title><acronym>cc</acronym>"
        "<time_zone_name>Europe/Berlin</time_zone_name></conference>"
        "<day index='1' date='2026-08-21'><room name='Main'>"
        "<event guid='g1'><date>2026-08-21T10:00:00+02:00</date><start>10:00</start>"
        "<duration>00:30</duration><title>One</title>"
        "<url>https://frab.example/cc/talk/g1</url></event>"
        "</room></day></schedule>\n";
    feed_report rep;
    agenda *a = support_parse_in(x, NULL, &rep);
    support_expect_ok(a, &rep, "frab-xml");
    assert_string_equal(support_session(a, "g1")->url, "https://frab.example/cc/talk/g1");
    agenda_free(a);
}

static void indico_contribution_url_becomes_the_session_url(void **st)
{
    (void)st;
    const char *sq =
        "{'count':1,'_type':'HTTPAPIResult','complete':true,'results':[{'_type':'Conference',"
        "'id':'1','title':'Workshop','timezone':'Europe/Zurich','contributions':["
        "{'_type':'Contribution','id':10,'title':'Opening','url':'https://indico.example/event/1/"
        "contributions/10/','startDate':{'date':'2026-03-11','time':'09:00:00','tz':"
        "'Europe/Zurich'},'endDate':{'date':'2026-03-11','time':'09:45:00','tz':'Europe/Zurich'},"
        "'room':'Main','speakers':[]}]}]}";
    feed_report rep;
    agenda *a = support_parse_sq(sq, NULL, &rep);
    support_expect_ok(a, &rep, "indico");
    assert_int_equal(a->n_sessions, 1);
    assert_string_equal(a->sessions[0].url, "https://indico.example/event/1/contributions/10/");
    agenda_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(native_links_are_read),
        cmocka_unit_test(native_bad_links_are_refused_at_their_path),
        cmocka_unit_test(frab_json_event_url_becomes_the_session_url),
        cmocka_unit_test(frab_xml_event_url_becomes_the_session_url),
        cmocka_unit_test(indico_contribution_url_becomes_the_session_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
