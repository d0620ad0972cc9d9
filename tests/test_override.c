/* test_override.c - override documents: parsing (every problem with its path and exact
 * message), applying them to a real parsed feed at chosen instants (delays, cancels,
 * moves, full halls, notes, announcements, expiry, precedence), the next change, the
 * state JSON of the result, and `hallboard state --overrides` run as a process. */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "override.h"
#include "statejson.h"

/* Three sessions in halls A and B, times in UTC. */
static const char feed_sq[] =
    "{'hallboard':1,'revision':'r1','event':{'title':'E','languages':['en','fr'],"
    "'zones':[{'zone':'Europe/Berlin'}]},"
    "'halls':[{'id':'A','name':'Hall A'},{'id':'B','name':'Hall B'}],"
    "'sessions':["
    "{'id':'s1','start':'2024-05-01T09:00:00Z','end':'2024-05-01T10:00:00Z','hall':'A','title':'One'},"
    "{'id':'s2','start':'2024-05-01T09:30:00Z','end':'2024-05-01T10:30:00Z','hall':'B','title':'Two'},"
    "{'id':'s3','start':'2024-05-01T10:00:00Z','end':'2024-05-01T11:00:00Z','hall':'A','title':'Three'}]}";

static int64_t at(const char *s)
{
    return support_instant(s);
}

static int setup(void **state)
{
    feed_report rep;
    agenda *a = support_parse_sq(feed_sq, NULL, &rep);
    support_expect_ok(a, &rep, NULL);
    *state = a;
    return 0;
}

static int teardown(void **state)
{
    agenda_free(*state);
    return 0;
}

/* Parses a document written with single quotes; fails unless it is valid. */
static override_doc *doc(const char *sq)
{
    char *json = support_dq(sq);
    char err[OVERRIDE_ERR_MAX];
    override_doc *d = (override_doc *)1;
    int rc = override_parse(json, strlen(json), &d, err, sizeof(err));
    if (rc != 0)
        fprintf(stderr, "refused: %s", err);
    assert_int_equal(rc, 0);
    assert_non_null(d);
    free(json);
    return d;
}

/* The n bytes at json are refused, and `line` is exactly one of the lines of the error. */
static void refused_bytes(const char *json, size_t n, const char *line)
{
    char err[OVERRIDE_ERR_MAX];
    override_doc *d = (override_doc *)1;
    assert_int_equal(override_parse(json, n, &d, err, sizeof(err)), -1);
    assert_null(d);
    char want[600];
    snprintf(want, sizeof(want), "%s\n", line);
    bool found = strncmp(err, want, strlen(want)) == 0;
    for (const char *p = strchr(err, '\n'); !found && p; p = strchr(p + 1, '\n'))
        found = strncmp(p + 1, want, strlen(want)) == 0;
    if (!found)
        fprintf(stderr, "wanted the line: %sgot:\n%s", want, err);
    assert_true(found);
}

static void refused(const char *sq, const char *line)
{
    char *json = support_dq(sq);
    refused_bytes(json, strlen(json), line);
    free(json);
}

/* ---- Parsing ------------------------------------------------------------------- */

static void override_unknown_member_is_an_error_at_its_path(void **st)
{
    (void)st;
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':5,'colour':'red'}}}",
            "sessions.s1.colour: unknown member");
    refused("{'hallboard_overrides':1,'extra':true}", "extra: unknown member");
    refused("{'hallboard_overrides':1,'announcement':{'text':'x','level':'info',"
            "'until':'2024-05-01T10:00:00Z','colour':1}}",
            "announcement.colour: unknown member");
    refused("{'hallboard_overrides':1,'halls':{'A':{'note':'x','until':'2024-05-01T10:00:00Z',"
            "'x':1}}}",
            "halls.A.x: unknown member");
}

static void override_version_must_be_1(void **st)
{
    (void)st;
    refused("{'sessions':{}}", "hallboard_overrides: missing");
    refused("{'hallboard_overrides':2}", "hallboard_overrides: must be 1 (the version of this format)");
    refused("[1]", "(document): expected an object, found an array");
}

static void override_until_must_be_rfc3339_with_an_offset(void **st)
{
    (void)st;
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':5,'until':'tomorrow'}}}",
            "sessions.s1.until: \"tomorrow\" is not an RFC 3339 time with an offset "
            "(e.g. 2020-12-09T17:00:00+08:00)");
    refused("{'hallboard_overrides':1,'halls':{'A':{'note':'x','until':'2024-05-01T10:00:00'}}}",
            "halls.A.until: \"2024-05-01T10:00:00\" is not an RFC 3339 time with an offset "
            "(e.g. 2020-12-09T17:00:00+08:00)");
    refused("{'hallboard_overrides':1,'halls':{'A':{'note':'x'}}}", "halls.A.until: missing");
    refused("{'hallboard_overrides':1,'announcement':{'text':'x','level':'info'}}",
            "announcement.until: missing");
    refused("{'hallboard_overrides':1,'halls':{'A':{'note':'x','until':5}}}",
            "halls.A.until: expected an RFC 3339 time string, found a number");
}

static void override_delay_must_be_whole_minutes_in_range(void **st)
{
    (void)st;
    const char *msg = "sessions.s1.delay_min: must be 0..1440";
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':1441}}}", msg);
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':-1}}}", msg);
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':2.5}}}", msg);
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':'5'}}}",
            "sessions.s1.delay_min: expected a number, found a string");
    override_free(doc("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':1440},"
                      "'s2':{'delay_min':0}}}"));
}

static void override_status_level_and_flags_are_checked(void **st)
{
    (void)st;
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'status':'postponed'}}}",
            "sessions.s1.status: must be \"cancelled\" or \"scheduled\"");
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'hall_full':'yes'}}}",
            "sessions.s1.hall_full: expected true or false, found a string");
    refused("{'hallboard_overrides':1,'announcement':{'text':'x','level':'critical',"
            "'until':'2024-05-01T10:00:00Z'}}",
            "announcement.level: must be \"info\", \"urgent\" or \"emergency\"");
    refused("{'hallboard_overrides':1,'announcement':{'level':'info',"
            "'until':'2024-05-01T10:00:00Z'}}",
            "announcement.text: missing");
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'until':'2024-05-01T10:00:00Z'}}}",
            "sessions.s1: changes nothing (give delay_min, status, hall, hall_full or note)");
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'hall':''}}}", "sessions.s1.hall: empty");
    refused("{'hallboard_overrides':1,'sessions':[]}",
            "sessions: expected an object of entries by id, found an array");
}

static void override_every_problem_is_one_line(void **st)
{
    (void)st;
    char *json = support_dq("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':9999},"
                            "'s2':{'status':'x'}},'halls':{'A':{'note':'n'}}}");
    char err[OVERRIDE_ERR_MAX];
    override_doc *d;
    assert_int_equal(override_parse(json, strlen(json), &d, err, sizeof(err)), -1);
    assert_string_equal(err, "sessions.s1.delay_min: must be 0..1440\n"
                             "sessions.s2.status: must be \"cancelled\" or \"scheduled\"\n"
                             "halls.A.until: missing\n");
    free(json);
}

static void override_too_deep_is_refused(void **st)
{
    (void)st;
    /* root, sessions, s1, note: 4 levels; the array adds 5 more. */
    const char *json = "{\"hallboard_overrides\":1,\"sessions\":{\"s1\":{\"note\":{\"en\":"
                       "[[[[[1]]]]]}}}}";
    refused_bytes(json, strlen(json), "(document): line 1, column 61: nesting deeper than 8");
}

static void override_too_big_is_refused(void **st)
{
    (void)st;
    size_t n = OVERRIDE_MAX_BYTES + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, ' ', n);
    memcpy(big, "{\"hallboard_overrides\":1}", 25);
    refused_bytes(big, n, "(document): 262145 bytes, more than the limit of 262144");
    /* The same at the limit is read. */
    char err[OVERRIDE_ERR_MAX];
    override_doc *d;
    assert_int_equal(override_parse(big, n - 1, &d, err, sizeof(err)), 0);
    assert_true(override_is_empty(d));
    override_free(d);
    free(big);
}

static void override_too_many_sessions_is_refused(void **st)
{
    (void)st;
    size_t cap = 64 * (OVERRIDE_MAX_SESSIONS + 2), len = 0;
    char *json = malloc(cap);
    assert_non_null(json);
    len += (size_t)snprintf(json, cap, "{\"hallboard_overrides\":1,\"sessions\":{");
    for (unsigned i = 0; i <= OVERRIDE_MAX_SESSIONS; i++)
        len += (size_t)snprintf(json + len, cap - len, "%s\"s%u\":{\"delay_min\":1}",
                                i ? "," : "", i);
    len += (size_t)snprintf(json + len, cap - len, "}}");
    refused_bytes(json, len, "sessions: 2001 entries, more than the limit of 2000");
    free(json);
}

static void override_invalid_utf8_is_refused(void **st)
{
    (void)st;
    const char *json = "{\"hallboard_overrides\":1,\"halls\":{\"A\":{\"note\":\"caf\xc3\x28\","
                       "\"until\":\"2024-05-01T10:00:00Z\"}}}";
    refused_bytes(json, strlen(json), "(document): line 1, column 51: invalid UTF-8");
    refused_bytes("{\"hallboard_overrides\":1}\0", 26, "(document): line 1, column 26: NUL byte");
}

static void override_note_too_long_is_refused(void **st)
{
    (void)st;
    char note[OVERRIDE_NOTE_MAX + 2], json[1200];
    memset(note, 'n', OVERRIDE_NOTE_MAX + 1);
    note[OVERRIDE_NOTE_MAX + 1] = '\0';
    snprintf(json, sizeof(json), "{'hallboard_overrides':1,'sessions':{'s1':{'note':'%s'}}}", note);
    refused(json, "sessions.s1.note: string of 281 bytes is longer than 280");
    snprintf(json, sizeof(json),
             "{'hallboard_overrides':1,'sessions':{'s1':{'note':{'en':'ok','fr':'%s'}}}}", note);
    refused(json, "sessions.s1.note.fr: string of 281 bytes is longer than 280");
    note[OVERRIDE_NOTE_MAX] = '\0';
    snprintf(json, sizeof(json), "{'hallboard_overrides':1,'sessions':{'s1':{'note':'%s'}}}", note);
    override_free(doc(json));
    refused("{'hallboard_overrides':1,'sessions':{'s1':{'note':{'en gb':'x'}}}}",
            "sessions.s1.note.en gb: not a language tag");
}

static void override_queries_of_a_document(void **st)
{
    (void)st;
    override_doc *d = doc("{'hallboard_overrides':1}");
    assert_true(override_is_empty(d));
    assert_true(override_last_until(d) == INT64_MIN);
    override_free(d);
    d = doc("{'hallboard_overrides':1,'halls':{'A':{'note':'n','until':'2024-05-01T12:00:00Z'}},"
            "'announcement':{'text':'t','level':'info','until':'2024-05-01T13:00:00+02:00'}}");
    assert_false(override_is_empty(d));
    assert_true(override_last_until(d) == at("2024-05-01T12:00:00Z"));
    override_free(d);
    d = doc("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':5}}}");
    assert_true(override_last_until(d) == INT64_MAX);
    override_free(d);
    override_free(NULL);
    agenda_alert_level l;
    assert_true(override_level_parse("urgent", &l) && l == AGENDA_ALERT_URGENT);
    assert_false(override_level_parse("URGENT", &l));
    assert_string_equal(override_level_name(AGENDA_ALERT_EMERGENCY), "emergency");
    assert_null(override_level_name(AGENDA_ALERT_NONE));
}

/* Golden files: tests/inputs/overrides/valid/NAME.json parse; invalid/NAME.json are
 * refused with exactly the lines of NAME.expected. The schema is checked against the
 * same files (tests/overrides_schema_check.py). Returns how many files were read. */
static int golden_dir(const char *sub, bool valid)
{
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/tests/inputs/overrides/%s", HB_SOURCE_DIR, sub);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d));) {
        size_t len = strlen(e->d_name);
        if (len < 6 || strcmp(e->d_name + len - 5, ".json") != 0)
            continue;
        char path[1024], exp[1024], err[OVERRIDE_ERR_MAX];
        snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        snprintf(exp, sizeof(exp), "%s/%.*s.expected", dir, (int)(len - 5), e->d_name);
        size_t blen;
        char *bytes = support_read_file(path, &blen);
        assert_non_null(bytes);
        override_doc *doc_ = NULL;
        int rc = override_parse(bytes, blen, &doc_, err, sizeof(err));
        if (valid) {
            if (rc != 0)
                fprintf(stderr, "%s: %s", path, err);
            assert_int_equal(rc, 0);
            assert_false(strcmp(e->d_name, "clear.json") != 0 && override_is_empty(doc_));
        } else {
            char *want = support_read_file(exp, NULL);
            assert_non_null(want);
            assert_int_equal(rc, -1);
            if (strcmp(err, want) != 0)
                fprintf(stderr, "%s: wanted\n%sgot\n%s", path, want, err);
            assert_string_equal(err, want);
            free(want);
        }
        override_free(doc_);
        free(bytes);
        n++;
    }
    closedir(d);
    return n;
}

static void override_example_documents_match_their_golden_outputs(void **st)
{
    (void)st;
    assert_true(golden_dir("valid", true) >= 7);
    assert_true(golden_dir("invalid", false) >= 12);
}

/* ---- Applying ------------------------------------------------------------------ */

/* base with one document d (freed here) at instant t for board hall h. */
static agenda *apply1(const agenda *base, override_doc *d, const char *t, int32_t h,
                      override_report *rep)
{
    agenda *out = NULL;
    const override_doc *docs[] = {d};
    assert_int_equal(override_apply(base, docs, 1, at(t), h, &out, rep), 0);
    assert_non_null(out);
    assert_true(out->borrowed);
    override_free(d); /* the result keeps copies of the texts it needs */
    return out;
}

static const agenda_session *session(const agenda *a, const char *id)
{
    return support_session(a, id);
}

static void override_delay_shifts_start_and_end_and_sorts_again(void **st)
{
    const agenda *base = *st;
    override_report rep;
    agenda *a = apply1(base, doc("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':60}}}"),
                       "2024-05-01T08:00:00Z", -1, &rep);
    assert_int_equal(rep.applied, 1);
    const agenda_session *s = session(a, "s1");
    support_expect_times(s, "2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z");
    assert_int_equal(s->delay_min, 60);
    /* s2 (09:30) first, then s1 and s3 (both 10:00-11:00, by id). */
    assert_string_equal(a->sessions[0].id, "s2");
    assert_string_equal(a->sessions[1].id, "s1");
    assert_string_equal(a->sessions[2].id, "s3");
    /* The base is untouched. */
    assert_string_equal(base->sessions[0].id, "s1");
    assert_true(base->sessions[0].start == at("2024-05-01T09:00:00Z"));
    assert_int_equal(base->sessions[0].delay_min, 0);
    assert_true(a->sessions != base->sessions);
    agenda_free(a);
    assert_string_equal(base->sessions[0].id, "s1");
}

static void override_cancel_move_full_and_notes(void **st)
{
    const agenda *base = *st;
    override_report rep;
    agenda *a = apply1(base,
                       doc("{'hallboard_overrides':1,'sessions':{"
                           "'s1':{'status':'cancelled'},"
                           "'s2':{'hall':'A','note':{'en':'Moved to A','fr':'En salle A'}},"
                           "'s3':{'hall_full':true,'hall':'A'}},"
                           "'halls':{'B':{'note':'Closed','until':'2024-05-01T18:00:00Z'}}}"),
                       "2024-05-01T08:00:00Z", -1, &rep);
    assert_int_equal(rep.applied, 4);
    assert_int_equal(rep.dropped, 0);
    int32_t ha = agenda_hall_find(a, "A"), hb = agenda_hall_find(a, "B");
    assert_int_equal(session(a, "s1")->status, AGENDA_STATUS_CANCELLED);
    assert_int_equal(session(base, "s1")->status, AGENDA_STATUS_SCHEDULED);
    const agenda_session *s2 = session(a, "s2");
    assert_true(s2->moved);
    assert_int_equal(s2->hall, ha);
    assert_int_equal(s2->moved_from, hb);
    assert_string_equal(support_tr(a, &s2->note, "fr"), "En salle A");
    assert_string_equal(support_tr(a, &s2->note, "en"), "Moved to A");
    const agenda_session *s3 = session(a, "s3");
    assert_true(s3->hall_full);
    assert_false(s3->moved); /* already in A */
    assert_int_equal(s3->hall, ha);
    assert_string_equal(support_tr(a, &a->halls[hb].note, "en"), "Closed");
    assert_int_equal(a->halls[ha].note.n, 0);
    assert_int_equal(base->halls[hb].note.n, 0);
    assert_string_equal(a->halls[hb].id, "B");
    agenda_free(a);
}

static void override_later_document_wins_for_a_session(void **st)
{
    const agenda *base = *st;
    override_doc *d1 = doc("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':10,'hall_full':true}}}");
    override_doc *d2 = doc("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':20}}}");
    const override_doc *docs[] = {d1, NULL, d2};
    agenda *a;
    assert_int_equal(override_apply(base, docs, 3, at("2024-05-01T08:00:00Z"), -1, &a, NULL), 0);
    const agenda_session *s = session(a, "s1");
    assert_int_equal(s->delay_min, 20);
    assert_false(s->hall_full); /* the later entry wins whole */
    support_expect_times(s, "2024-05-01T09:20:00Z", "2024-05-01T10:20:00Z");
    agenda_free(a);
    override_free(d1);
    override_free(d2);
}

static agenda *apply_announcements(const agenda *base, const char *a1, const char *a2,
                                   int32_t hall)
{
    char j1[400], j2[400];
    snprintf(j1, sizeof(j1), "{'hallboard_overrides':1,'announcement':%s}", a1);
    snprintf(j2, sizeof(j2), "{'hallboard_overrides':1,'announcement':%s}", a2);
    override_doc *d1 = doc(j1), *d2 = doc(j2);
    const override_doc *docs[] = {d1, d2};
    agenda *a;
    assert_int_equal(override_apply(base, docs, 2, at("2024-05-01T08:00:00Z"), hall, &a, NULL), 0);
    override_free(d1);
    override_free(d2);
    return a;
}

#define ANN(text, level, extra) \
    "{'text':'" text "','level':'" level "','until':'2024-05-01T12:00:00Z'" extra "}"

static void override_announcement_of_the_highest_level_wins(void **st)
{
    const agenda *base = *st;
    agenda *a = apply_announcements(base, ANN("fire", "urgent", ""), ANN("coffee", "info", ""), -1);
    assert_int_equal(a->announcement.level, AGENDA_ALERT_URGENT);
    assert_string_equal(support_tr(a, &a->announcement.text, "en"), "fire");
    assert_true(a->announcement.until == at("2024-05-01T12:00:00Z"));
    assert_int_equal(a->announcement.hall, -1);
    agenda_free(a);
    /* A tie: the later document. */
    a = apply_announcements(base, ANN("first", "emergency", ""), ANN("second", "emergency", ""), -1);
    assert_string_equal(support_tr(a, &a->announcement.text, "en"), "second");
    agenda_free(a);
    a = apply_announcements(base, ANN("low", "info", ""), ANN("high", "emergency", ""), -1);
    assert_int_equal(a->announcement.level, AGENDA_ALERT_EMERGENCY);
    agenda_free(a);
    assert_int_equal(base->announcement.level, AGENDA_ALERT_NONE);
}

static void override_announcement_for_a_hall_shows_on_that_board_only(void **st)
{
    const agenda *base = *st;
    int32_t ha = agenda_hall_find(base, "A"), hb = agenda_hall_find(base, "B");
    agenda *a = apply_announcements(base, ANN("in A", "urgent", ",'hall':'A'"),
                                    ANN("all", "info", ""), ha);
    assert_string_equal(support_tr(a, &a->announcement.text, "en"), "in A");
    assert_int_equal(a->announcement.hall, ha);
    agenda_free(a);
    a = apply_announcements(base, ANN("in A", "urgent", ",'hall':'A'"), ANN("all", "info", ""), hb);
    assert_string_equal(support_tr(a, &a->announcement.text, "en"), "all");
    agenda_free(a);
    /* An event-wide board leaves hall announcements out. */
    a = apply_announcements(base, ANN("in A", "urgent", ",'hall':'A'"),
                            ANN("in B", "urgent", ",'hall':'B'"), -1);
    assert_int_equal(a->announcement.level, AGENDA_ALERT_NONE);
    agenda_free(a);
}

static void override_entry_is_in_force_until_its_until(void **st)
{
    const agenda *base = *st;
    const char *j = "{'hallboard_overrides':1,"
                    "'sessions':{'s3':{'status':'cancelled','until':'2024-05-01T09:45:00Z'}},"
                    "'halls':{'A':{'note':'n','until':'2024-05-01T09:45:00Z'}},"
                    "'announcement':{'text':'t','level':'info','until':'2024-05-01T09:45:00Z'}}";
    override_report rep;
    agenda *a = apply1(base, doc(j), "2024-05-01T09:44:59Z", -1, &rep);
    assert_int_equal(rep.applied, 3);
    assert_int_equal(rep.expired, 0);
    assert_int_equal(session(a, "s3")->status, AGENDA_STATUS_CANCELLED);
    assert_int_equal(a->halls[0].note.n, 1);
    assert_int_equal(a->announcement.level, AGENDA_ALERT_INFO);
    agenda_free(a);
    a = apply1(base, doc(j), "2024-05-01T09:45:00Z", -1, &rep);
    assert_int_equal(rep.applied, 0);
    assert_int_equal(rep.expired, 3);
    assert_int_equal(session(a, "s3")->status, AGENDA_STATUS_SCHEDULED);
    assert_int_equal(a->halls[0].note.n, 0);
    assert_int_equal(a->announcement.level, AGENDA_ALERT_NONE);
    agenda_free(a);
}

static void override_session_entry_lasts_until_its_shifted_end(void **st)
{
    const agenda *base = *st;
    const char *j = "{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':15}}}";
    override_report rep;
    agenda *a = apply1(base, doc(j), "2024-05-01T10:14:59Z", -1, &rep);
    support_expect_times(session(a, "s1"), "2024-05-01T09:15:00Z", "2024-05-01T10:15:00Z");
    agenda_free(a);
    a = apply1(base, doc(j), "2024-05-01T10:15:00Z", -1, &rep);
    assert_int_equal(rep.expired, 1);
    support_expect_times(session(a, "s1"), "2024-05-01T09:00:00Z", "2024-05-01T10:00:00Z");
    assert_int_equal(session(a, "s1")->delay_min, 0);
    agenda_free(a);
}

static void override_unknown_session_or_hall_is_dropped_with_a_warning(void **st)
{
    const agenda *base = *st;
    override_report rep;
    agenda *a = apply1(base,
                       doc("{'hallboard_overrides':1,'sessions':{'nope':{'delay_min':5},"
                           "'s1':{'hall':'Z'},'s2':{'delay_min':5}},"
                           "'halls':{'Q':{'note':'n','until':'2024-05-01T18:00:00Z'}},"
                           "'announcement':{'text':'t','level':'info','hall':'Q',"
                           "'until':'2024-05-01T18:00:00Z'}}"),
                       "2024-05-01T08:00:00Z", -1, &rep);
    assert_int_equal(rep.applied, 1);
    assert_int_equal(rep.dropped, 4);
    assert_int_equal(rep.n_warnings, 4);
    assert_string_equal(rep.warnings[0], "sessions.nope: no such session in the current feed: dropped");
    assert_string_equal(rep.warnings[1],
                        "sessions.s1: no such hall \"Z\" in the current feed: dropped");
    assert_string_equal(rep.warnings[2], "halls.Q: no such hall in the current feed: dropped");
    assert_string_equal(rep.warnings[3],
                        "announcement: no such hall \"Q\" in the current feed: dropped");
    assert_false(session(a, "s1")->moved);
    assert_int_equal(session(a, "s2")->delay_min, 5);
    assert_int_equal(a->announcement.level, AGENDA_ALERT_NONE);
    agenda_free(a);
}

static void override_next_change_is_the_nearest_expiry(void **st)
{
    const agenda *base = *st;
    override_doc *d = doc("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':15},"
                          "'nope':{'delay_min':1}},"
                          "'halls':{'A':{'note':'n','until':'2024-05-01T09:40:00Z'}},"
                          "'announcement':{'text':'t','level':'info','until':'2024-05-01T12:00:00Z'}}");
    const override_doc *docs[] = {d};
    assert_true(override_next_change(base, docs, 1, at("2024-05-01T09:00:00Z")) ==
                at("2024-05-01T09:40:00Z"));
    assert_true(override_next_change(base, docs, 1, at("2024-05-01T09:40:00Z")) ==
                at("2024-05-01T10:15:00Z"));
    assert_true(override_next_change(base, docs, 1, at("2024-05-01T10:15:00Z")) ==
                at("2024-05-01T12:00:00Z"));
    assert_true(override_next_change(base, docs, 1, at("2024-05-01T12:00:00Z")) == INT64_MAX);
    assert_true(override_next_change(base, docs, 0, at("2024-05-01T09:00:00Z")) == INT64_MAX);
    override_free(d);
}

static void override_no_documents_give_an_equal_agenda(void **st)
{
    const agenda *base = *st;
    agenda *a;
    override_report rep;
    assert_int_equal(override_apply(base, NULL, 0, at("2024-05-01T09:00:00Z"), -1, &a, &rep), 0);
    assert_int_equal(rep.applied + rep.expired + rep.dropped, 0);
    assert_int_equal(a->n_sessions, base->n_sessions);
    assert_memory_equal(a->sessions, base->sessions, base->n_sessions * sizeof(agenda_session));
    assert_int_equal(a->n_halls, base->n_halls);
    assert_memory_equal(a->halls, base->halls, base->n_halls * sizeof(agenda_hall));
    assert_int_equal(a->announcement.level, AGENDA_ALERT_NONE);
    assert_ptr_equal(a->zones, base->zones);
    assert_ptr_equal(a->revision, base->revision);
    assert_true(a->max_duration == base->max_duration);
    assert_true(a->arena != base->arena);
    agenda_free(a);
    /* An empty document is the same. */
    a = apply1(base, doc("{'hallboard_overrides':1,'sessions':{}}"), "2024-05-01T09:00:00Z", -1,
               NULL);
    assert_memory_equal(a->sessions, base->sessions, base->n_sessions * sizeof(agenda_session));
    agenda_free(a);
}

static void override_state_json_shows_what_changed(void **st)
{
    const agenda *base = *st;
    agenda *a = apply1(base,
                       doc("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':15,"
                           "'note':{'en':'Late','fr':'En retard'}},'s2':{'hall':'A','hall_full':true}},"
                           "'announcement':{'text':{'en':'Lunch','fr':'D\\u00e9jeuner'},"
                           "'level':'urgent','until':'2024-05-01T14:00:00+02:00'}}"),
                       "2024-05-01T09:40:00Z", -1, NULL);
    status_input si = {0};
    char *json = statejson_at(a, at("2024-05-01T09:40:00Z"), -1, "fr", &si);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"announcement\":{\"text\":\"D\xc3\xa9jeuner\",\"level\":"
                                 "\"urgent\",\"until\":\"2024-05-01T12:00:00Z\",\"hall\":null}"));
    assert_non_null(strstr(json, "\"id\":\"s1\""));
    assert_non_null(strstr(json, "\"status\":\"scheduled\",\"delay_min\":15,\"hall_full\":false,"
                                 "\"note\":\"En retard\",\"moved_from\":null"));
    assert_non_null(strstr(json, "\"hall\":\"A\",\"track\":null,\"kind\":\"talk\",\"status\":"
                                 "\"scheduled\",\"delay_min\":0,\"hall_full\":true,\"note\":null,"
                                 "\"moved_from\":\"B\""));
    assert_non_null(strstr(json, "\"start\":\"2024-05-01T09:15:00Z\",\"end\":\"2024-05-01T10:15:00Z\""));
    free(json);
    agenda_free(a);
    json = statejson_at(base, at("2024-05-01T09:40:00Z"), -1, "fr", &si);
    assert_non_null(strstr(json, "\"announcement\":null"));
    assert_non_null(strstr(json, "\"delay_min\":0,\"hall_full\":false,\"note\":null,"
                                 "\"moved_from\":null"));
    free(json);
}

/* ---- The command line ---------------------------------------------------------- */

static support_run_result run_state(const char *feed, const char *over, const char *t)
{
    char *argv[] = {(char *)support_hallboard(), "state", "--feed", (char *)feed,
                    "--overrides", (char *)over, "--at", (char *)t, NULL};
    return support_run(argv);
}

static void override_cli_state_and_render_take_the_overrides(void **st)
{
    (void)st;
    char *dir = support_tempdir(), feed[512], over[512], bad[512];
    snprintf(feed, sizeof(feed), "%s/feed.json", dir);
    snprintf(over, sizeof(over), "%s/over.json", dir);
    snprintf(bad, sizeof(bad), "%s/bad.json", dir);
    char *f = support_dq(feed_sq);
    char *o = support_dq("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':15}},"
                         "'announcement':{'text':'Lunch','level':'info',"
                         "'until':'2024-05-01T12:00:00Z'}}");
    char *b = support_dq("{'hallboard_overrides':1,'sessions':{'s1':{'delay_min':2000}}}");
    assert_int_equal(support_write_file(feed, f, strlen(f)), 0);
    assert_int_equal(support_write_file(over, o, strlen(o)), 0);
    assert_int_equal(support_write_file(bad, b, strlen(b)), 0);
    support_run_result r = run_state(feed, over, "2024-05-01T09:10:00Z");
    if (r.status)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    cJSON *j = cJSON_Parse(r.out);
    assert_non_null(j);
    const cJSON *now = cJSON_GetObjectItem(j, "now");
    assert_int_equal(cJSON_GetArraySize(now), 0); /* s1 starts at 09:15 now */
    const cJSON *next = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "next"), 0);
    assert_string_equal(cJSON_GetObjectItem(next, "id")->valuestring, "s1");
    assert_int_equal(cJSON_GetObjectItem(next, "delay_min")->valueint, 15);
    assert_string_equal(cJSON_GetObjectItem(next, "start")->valuestring, "2024-05-01T09:15:00Z");
    const cJSON *ann = cJSON_GetObjectItem(j, "announcement");
    assert_string_equal(cJSON_GetObjectItem(ann, "level")->valuestring, "info");
    cJSON_Delete(j);
    support_run_free(&r);
    /* A broken file: nothing on stdout, the file and its problem on stderr, exit 1. */
    r = run_state(feed, bad, "2024-05-01T09:10:00Z");
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, bad));
    assert_non_null(strstr(r.err, "sessions.s1.delay_min: must be 0..1440"));
    support_run_free(&r);
    char missing[600];
    snprintf(missing, sizeof(missing), "%s/none.json", dir);
    r = run_state(feed, missing, "2024-05-01T09:10:00Z");
    assert_int_equal(r.status, 1);
    assert_string_equal(r.out, "");
    assert_non_null(strstr(r.err, missing));
    support_run_free(&r);
    /* render takes the same option: a broken file draws nothing. */
    char png[600];
    snprintf(png, sizeof(png), "%s/out.png", dir);
    char *rargv[] = {(char *)support_hallboard(), "render", "--feed", feed, "--overrides", bad,
                     "--at", "2024-05-01T09:10:00Z", "--size", "640x360", "-o", png, NULL};
    r = support_run(rargv);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "sessions.s1.delay_min: must be 0..1440"));
    assert_null(fopen(png, "rb"));
    support_run_free(&r);
    rargv[5] = over;
    r = support_run(rargv);
    if (r.status)
        fprintf(stderr, "%s", r.err);
    assert_int_equal(r.status, 0);
    size_t plen = 0;
    char *pbytes = support_read_file(png, &plen);
    assert_non_null(pbytes);
    assert_memory_equal(pbytes, "\x89PNG", 4);
    free(pbytes);
    support_run_free(&r);
    free(f);
    free(o);
    free(b);
    support_remove_tree(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(override_unknown_member_is_an_error_at_its_path),
        cmocka_unit_test(override_version_must_be_1),
        cmocka_unit_test(override_until_must_be_rfc3339_with_an_offset),
        cmocka_unit_test(override_delay_must_be_whole_minutes_in_range),
        cmocka_unit_test(override_status_level_and_flags_are_checked),
        cmocka_unit_test(override_every_problem_is_one_line),
        cmocka_unit_test(override_too_deep_is_refused),
        cmocka_unit_test(override_too_big_is_refused),
        cmocka_unit_test(override_too_many_sessions_is_refused),
        cmocka_unit_test(override_invalid_utf8_is_refused),
        cmocka_unit_test(override_note_too_long_is_refused),
        cmocka_unit_test(override_queries_of_a_document),
        cmocka_unit_test(override_example_documents_match_their_golden_outputs),
        cmocka_unit_test_setup_teardown(override_delay_shifts_start_and_end_and_sorts_again, setup, teardown),
        cmocka_unit_test_setup_teardown(override_cancel_move_full_and_notes, setup, teardown),
        cmocka_unit_test_setup_teardown(override_later_document_wins_for_a_session, setup, teardown),
        cmocka_unit_test_setup_teardown(override_announcement_of_the_highest_level_wins, setup, teardown),
        cmocka_unit_test_setup_teardown(override_announcement_for_a_hall_shows_on_that_board_only, setup, teardown),
        cmocka_unit_test_setup_teardown(override_entry_is_in_force_until_its_until, setup, teardown),
        cmocka_unit_test_setup_teardown(override_session_entry_lasts_until_its_shifted_end, setup, teardown),
        cmocka_unit_test_setup_teardown(override_unknown_session_or_hall_is_dropped_with_a_warning, setup, teardown),
        cmocka_unit_test_setup_teardown(override_next_change_is_the_nearest_expiry, setup, teardown),
        cmocka_unit_test_setup_teardown(override_no_documents_give_an_equal_agenda, setup, teardown),
        cmocka_unit_test_setup_teardown(override_state_json_shows_what_changed, setup, teardown),
        cmocka_unit_test(override_cli_state_and_render_take_the_overrides),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
