/* test_build.c - the builder every importer feeds (app/core/feed/build.h), on its own:
 * the rules that do not depend on a format, in strict and lenient mode. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/build.h"
#include "feedsrc.h"
#include "tzdb.h"

/* A builder on a fresh agenda, as feed_parse() sets one up. */
typedef struct {
    feed_options o;
    feed_report rep;
    feed_ctx c;
    feed_builder b;
} bench;

static void start(bench *t, bool lenient, const char *venue)
{
    tzdb_init();
    memset(t, 0, sizeof(*t));
    t->o = feedsrc_options();
    static const char *zones[2];
    zones[0] = venue;
    if (venue)
        t->o.zones = zones;
    t->c.opt = &t->o;
    t->c.rep = &t->rep;
    t->c.ar = agenda_arena_new();
    assert_non_null(t->c.ar);
    t->c.a = agenda_arena_alloc(t->c.ar, sizeof(agenda));
    t->c.a->arena = t->c.ar;
    t->c.a->format = "test";
    fb_init(&t->b, &t->c, lenient, "bytes", 5);
}

/* Finishes and hands back the agenda (NULL when an error was reported). */
static agenda *finish(bench *t)
{
    bool ok = fb_finish(&t->b);
    fb_free(&t->b);
    feed_report_sort(&t->rep);
    if (!ok || t->rep.n_errors) {
        agenda_free(t->c.a);
        return NULL;
    }
    return t->c.a;
}

/* Adds a session "id" at path, [start, end) seconds, in hall h. */
static agenda_session *add(bench *t, const char *path, const char *id, int64_t start,
                           int64_t end, int32_t h)
{
    agenda_session *s = fb_session(&t->b, path);
    assert_non_null(s);
    s->id = id ? fb_cstr(&t->b, id, path) : NULL;
    s->start = start;
    s->end = end;
    s->hall = h;
    s->title = fb_text(&t->b, fb_cstr(&t->b, id ? id : "untitled", path));
    return s;
}

static void build_lenient_repairs_and_drops_each_at_its_place(void **st)
{
    (void)st;
    bench t;
    start(&t, true, "Europe/Berlin");
    int32_t h = fb_hall(&t.b, "A", fb_text(&t.b, "Hall A"), "rooms[0]");
    assert_int_equal(fb_hall(&t.b, "A", (agenda_text){0}, "rooms[1]"), h); /* the same key */
    add(&t, "ev[0]", "x", 1000, 2000, h);
    add(&t, "ev[1]", "x", 2000, 3000, h);      /* repeated id */
    add(&t, "ev[2]", "late", 5000, 4000, h);   /* ends before it starts */
    add(&t, "ev[3]", "doors", 6000, 6000, h);  /* a moment */
    add(&t, "ev[4]", NULL, 7000, 8000, h);     /* no id */
    add(&t, "ev[5]", "gone", 9000, 9500, h);   /* dropped once the whole export is read */
    add(&t, "ev[6]", "last", 9600, 9700, h);
    fb_drop_session(&t.b, 5, "its start cannot be placed");
    agenda *a = finish(&t);
    support_print_report(&t.rep);
    assert_non_null(a);
    assert_int_equal(a->n_sessions, 5);
    assert_int_equal(a->n_halls, 1);
    assert_string_equal(agenda_tr_get(a, &a->halls[0].name, NULL), "Hall A");
    /* Ids: the repeated one made unique, the missing one made from where and when. */
    assert_string_equal(a->sessions[0].id, "x");
    assert_string_equal(a->sessions[1].id, "x~2");
    assert_true(a->sessions[3].id[0] == 's' && strlen(a->sessions[3].id) == 13);
    assert_true(a->sessions[2].start == a->sessions[2].end); /* the moment kept */
    assert_string_equal(a->sessions[4].id, "last");
    /* One problem per flaw, in document order. */
    assert_int_equal(t.rep.n_errors, 0);
    assert_int_equal(t.rep.n, 4);
    assert_string_equal(t.rep.items[0].path, "ev[1].id");
    assert_non_null(strstr(t.rep.items[0].msg, "made \"x~2\""));
    assert_string_equal(t.rep.items[1].path, "ev[2].end");
    assert_non_null(strstr(t.rep.items[1].msg, "dropped: ends before it starts"));
    assert_string_equal(t.rep.items[2].path, "ev[3].end");
    assert_non_null(strstr(t.rep.items[2].msg, "moment"));
    assert_string_equal(t.rep.items[3].path, "ev[5]");
    assert_non_null(strstr(t.rep.items[3].msg, "dropped: its start cannot be placed"));
    /* The venue zone came from the options; the agenda shows it. */
    assert_string_equal(a->zones[0].name, "Europe/Berlin");
    assert_false(a->zone_assumed);
    agenda_free(a);
}

/* A session the importer takes back as it reads (fb_check_times) keeps its place: what
 * is found later about the sessions after it comes after its drop. */
static void build_taken_back_session_keeps_its_place(void **st)
{
    (void)st;
    bench t;
    start(&t, true, "UTC");
    add(&t, "ev[0]", "a", 1000, 2000, -1);
    assert_true(fb_check_times(&t.b, true));
    add(&t, "ev[1]", "b", 5000, 4000, -1);
    assert_false(fb_check_times(&t.b, true)); /* ends before it starts: taken back */
    fb_drop(&t.b, "ev[2].start", "not a date-time"); /* an item with no session */
    add(&t, "ev[3]", "a", 3000, 3500, -1);        /* repeated id, found at the end */
    assert_true(fb_check_times(&t.b, true));
    agenda *a = finish(&t);
    assert_non_null(a);
    assert_int_equal(a->n_sessions, 2);
    assert_int_equal(t.rep.n, 3);
    assert_string_equal(t.rep.items[0].path, "ev[1].end");
    assert_string_equal(t.rep.items[1].path, "ev[2].start");
    assert_string_equal(t.rep.items[2].path, "ev[3].id");
    agenda_free(a);
}

static void build_strict_reports_what_lenient_repairs(void **st)
{
    (void)st;
    bench t;
    start(&t, false, NULL);
    fb_set_event_zone(&t.b, "Europe/Moscow", NULL, "event.zones[0]");
    add(&t, "sessions[0]", "x", 1000, 2000, -1);
    add(&t, "sessions[1]", "x", 2000, 3000, -1);
    add(&t, "sessions[2]", "y", 5000, 4000, -1);
    add(&t, "sessions[3]", "z", 6000, 6000, -1);
    agenda *a = finish(&t);
    assert_null(a);
    assert_int_equal(t.rep.n_errors, 3);
    assert_true(support_has_problem(&t.rep, FEED_ERROR, "sessions[1].id",
                                    "duplicate id \"x\" (first at sessions[0])"));
    assert_true(support_has_problem(&t.rep, FEED_ERROR, "sessions[2].end", "before start"));
    assert_true(support_has_problem(&t.rep, FEED_ERROR, "sessions[3].end", "equal to start"));
    agenda_free(a);
}

static void build_zones_as_exports_write_them(void **st)
{
    (void)st;
    bench t;
    start(&t, true, NULL);
    const tz_zone *z = fb_zone(&t.b, "US/Eastern");
    assert_non_null(z);
    assert_int_equal(tz_offset_at(z, 1593561600), -4 * 3600); /* July 2020 */
    z = fb_zone(&t.b, "W. Europe Standard Time");
    assert_non_null(z);
    assert_string_equal(tz_name(z), "Europe/Berlin");
    assert_null(fb_zone(&t.b, "Mars/Olympus"));
    z = fb_fixed_zone(&t.b, 5 * 3600 + 1800);
    assert_string_equal(tz_name(z), "UTC+05:30");
    assert_int_equal(tz_offset_at(z, 0), 5 * 3600 + 1800);
    z = fb_fixed_zone(&t.b, -3 * 3600);
    assert_string_equal(tz_name(z), "UTC-03:00");
    assert_int_equal(tz_offset_at(z, 0), -3 * 3600);
    /* No zone anywhere: UTC, said once, and the agenda says its zone was assumed. */
    z = fb_venue_zone(&t.b, "sessions[0].startsAt");
    assert_non_null(z);
    assert_int_equal(tz_offset_at(z, 0), 0);
    fb_venue_zone(&t.b, "sessions[1].startsAt");
    assert_int_equal(t.rep.n_warnings, 1);
    assert_true(support_has_problem(&t.rep, FEED_WARNING, "sessions[0].startsAt", "no time zone"));
    add(&t, "s[0]", "a", 0, 60, -1);
    agenda *a = finish(&t);
    assert_non_null(a);
    assert_true(a->zone_assumed);
    agenda_free(a);
    /* An unknown event zone: the fallback the importer found stands in, loudly. */
    start(&t, true, NULL);
    const tz_zone *fixed = fb_fixed_zone(&t.b, 3600);
    z = fb_set_event_zone(&t.b, "Europe/Atlantis", fixed, "conference.time_zone_name");
    assert_ptr_equal(z, fixed);
    assert_true(support_has_problem(&t.rep, FEED_WARNING, "conference.time_zone_name",
                                    "unknown time zone"));
    add(&t, "s[0]", "a", 0, 60, -1);
    a = finish(&t);
    assert_non_null(a);
    assert_string_equal(a->zones[0].name, "UTC+01:00");
    agenda_free(a);
}

static void build_strings_text_and_colours(void **st)
{
    (void)st;
    bench t;
    start(&t, true, NULL);
    assert_string_equal(fb_cstr(&t.b, "  padded \n", "p"), "padded");
    const char *html = "<p>Caf&eacute; &amp; talks&nbsp;&#8212; &#x4E2D;&#25991;</p><p>Two<br/>lines</p>";
    assert_string_equal(fb_html_text(&t.b, html, strlen(html), "d"),
                        "Caf\xc3\xa9 & talks \xe2\x80\x94 \xe4\xb8\xad\xe6\x96\x87\nTwo\nlines");
    assert_null(fb_cstr(&t.b, "bad \xff byte", "q")); /* not UTF-8: structural */
    assert_true(support_has_problem(&t.rep, FEED_ERROR, "q", "not UTF-8"));
    uint32_t c;
    assert_true(fb_parse_color("#4fc3f7", &c));
    assert_int_equal(c, 0x4fc3f7);
    assert_true(fb_parse_color("#fa0", &c));
    assert_int_equal(c, 0xffaa00);
    assert_false(fb_parse_color("red", &c));
    int32_t tr = fb_track(&t.b, "T", fb_text(&t.b, "Track"), "teal", "tracks[0]");
    assert_true(tr >= 0);
    assert_true(support_has_problem(&t.rep, FEED_WARNING, "tracks[0]", "is not #rrggbb"));
    /* A long string is cut at a character boundary in lenient mode. */
    size_t n = t.o.limits.max_string_bytes + 10;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i + 3 <= n; i += 3)
        memcpy(big + i, "\xe4\xb8\xad", 3);
    n -= n % 3;
    big[n] = '\0';
    const char *cut = fb_cstr(&t.b, big, "long");
    assert_non_null(cut);
    assert_true(strlen(cut) <= t.o.limits.max_string_bytes);
    assert_true(support_utf8_valid(cut));
    free(big);
    fb_free(&t.b);
    agenda_free(t.c.a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(build_lenient_repairs_and_drops_each_at_its_place),
        cmocka_unit_test(build_taken_back_session_keeps_its_place),
        cmocka_unit_test(build_strict_reports_what_lenient_repairs),
        cmocka_unit_test(build_zones_as_exports_write_them),
        cmocka_unit_test(build_strings_text_and_colours),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
