/* test_sched.c - now/next selection and phases at chosen instants. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "feed.h"
#include "feedsrc.h"
#include "sched.h"
#include "statejson.h"

static int64_t at(const char *s)
{
    int64_t t;
    assert_true(civil_parse_rfc3339(s, &t, NULL));
    return t;
}

static int setup(void **state)
{
    *state = support_load_input("multihall.json");
    return 0;
}

static int teardown(void **state)
{
    agenda_free(*state);
    return 0;
}

static int32_t hall(const agenda *a, const char *id)
{
    int32_t h = agenda_hall_find(a, id);
    assert_true(h >= 0);
    return h;
}

static void sched_before_the_first_session_counts_down_to_it(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-03-30T08:00:00+01:00"), -1, &s), 0);
    assert_int_equal(s.phase, SCHED_BEFORE);
    assert_int_equal(s.n_now, 0);
    assert_int_equal(s.n_next, 1);
    assert_string_equal(s.next[0]->id, "a1");
    assert_int_equal(s.next_start - s.at, 3600);
    sched_state_free(&s);
}

static void sched_sessions_in_progress_in_every_hall_are_current(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-03-30T09:45:00+01:00"), -1, &s), 0);
    assert_int_equal(s.phase, SCHED_DURING);
    assert_int_equal(s.n_now, 2);
    assert_string_equal(s.now[0]->id, "a1");
    assert_string_equal(s.now[1]->id, "b1");
    assert_int_equal(s.n_others, 0);
    assert_string_equal(s.next[0]->id, "a2");
    sched_state_free(&s);
}

static void sched_hall_view_lists_other_halls_apart(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-03-30T09:45:00+01:00"), hall(a, "A"), &s), 0);
    assert_int_equal(s.n_now, 1);
    assert_string_equal(s.now[0]->id, "a1");
    assert_int_equal(s.n_others, 1);
    assert_string_equal(s.others_now[0]->id, "b1");
    sched_state_free(&s);
}

static void sched_gap_within_a_day_is_a_break(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-03-30T10:15:00+01:00"), hall(a, "A"), &s), 0);
    assert_int_equal(s.phase, SCHED_BREAK);
    assert_int_equal(s.n_now, 0);
    assert_string_equal(s.previous->id, "a1");
    assert_string_equal(s.next[0]->id, "a2");
    assert_int_equal(s.next_start - s.at, 15 * 60);
    /* The same instant for every hall: hall B is still busy. */
    sched_state_free(&s);
    assert_int_equal(sched_query(a, at("2024-03-30T10:15:00+01:00"), -1, &s), 0);
    assert_int_equal(s.phase, SCHED_DURING);
    sched_state_free(&s);
}

static void sched_cancelled_session_is_never_current(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-03-30T11:45:00+01:00"), hall(a, "A"), &s), 0);
    assert_int_equal(s.n_now, 1);
    assert_string_equal(s.now[0]->id, "a4");
    assert_int_equal(s.n_cancelled_now, 1);
    assert_string_equal(s.cancelled_now[0]->id, "a3");
    sched_state_free(&s);
}

static void sched_next_lists_every_session_starting_at_the_earliest_next_start(void **state)
{
    const agenda *a = *state;
    sched_state s;
    /* At 11:00 in hall A, a3 (cancelled) and a4 both start at 11:30. */
    assert_int_equal(sched_query(a, at("2024-03-30T11:00:00+01:00"), hall(a, "A"), &s), 0);
    assert_int_equal(s.n_next, 2);
    assert_string_equal(s.next[0]->id, "a3");
    assert_int_equal(s.next[0]->status, AGENDA_STATUS_CANCELLED);
    assert_string_equal(s.next[1]->id, "a4");
    sched_state_free(&s);
}

static void sched_end_of_day_is_overnight_with_both_halls_next(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-03-30T13:00:00+01:00"), -1, &s), 0);
    assert_int_equal(s.phase, SCHED_OVERNIGHT);
    assert_int_equal(s.n_next, 2);
    assert_string_equal(s.next[0]->id, "a5");
    assert_string_equal(s.next[1]->id, "b2");
    /* 13:00 CET to 09:00 CEST the next day, over the spring-forward change: 19 h. */
    assert_int_equal(s.next_start - s.at, 19 * 3600);
    sched_state_free(&s);
}

static void sched_start_is_inclusive_and_end_exclusive(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-03-30T09:00:00+01:00"), hall(a, "A"), &s), 0);
    assert_int_equal(s.n_now, 1);
    assert_string_equal(s.now[0]->id, "a1");
    assert_true(s.now[0]->start == s.at);
    sched_state_free(&s);
    assert_int_equal(sched_query(a, at("2024-03-30T10:00:00+01:00"), hall(a, "A"), &s), 0);
    assert_int_equal(s.n_now, 0);
    assert_string_equal(s.previous->id, "a1");
    sched_state_free(&s);
}

static void sched_next_session_after_midnight_is_current_across_the_date_change(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-04-01T00:10:00+02:00"), -1, &s), 0);
    assert_int_equal(s.phase, SCHED_DURING);
    assert_string_equal(s.now[0]->id, "a6");
    assert_true(s.now[0]->start < s.at);
    /* Progress: 40 of 60 minutes. */
    assert_true(sched_progress(s.now[0], s.at) > 0.66 && sched_progress(s.now[0], s.at) < 0.67);
    sched_state_free(&s);
}

static void sched_after_the_last_session_is_after(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-04-01T01:00:00+02:00"), -1, &s), 0);
    assert_int_equal(s.phase, SCHED_AFTER);
    assert_int_equal(s.n_next, 0);
    assert_true(s.next_start == INT64_MAX);
    sched_state_free(&s);
}

static void sched_next_change_is_the_nearest_start_or_end(void **state)
{
    const agenda *a = *state;
    assert_true(sched_next_change(a, at("2024-03-30T09:45:00+01:00"), -1) ==
                at("2024-03-30T10:00:00+01:00"));
    assert_true(sched_next_change(a, at("2024-03-30T13:00:00+01:00"), -1) ==
                at("2024-03-31T00:00:00+02:00")); /* the day-two card appears */
    assert_true(sched_next_change(a, at("2024-04-01T01:00:00+02:00"), -1) == INT64_MAX);
}

/* The board wakes when a conference day begins while sessions are to come ("Tomorrow"
 * becomes "Today"), not after the last one. */
static void sched_next_change_wakes_the_board_when_a_day_begins(void **state)
{
    const agenda *a = *state;
    assert_true(sched_next_change(a, at("2024-03-30T23:30:00+01:00"), -1) ==
                at("2024-03-31T00:00:00+01:00"));
    assert_true(sched_next_change(a, at("2024-04-01T00:40:00+02:00"), -1) == INT64_MAX);
}

/* With days from 06:00 a session at 00:30 is on the same day as one that ended at
 * 23:00: a break, not overnight; with calendar days it is overnight. */
static void sched_day_change_keeps_a_night_session_in_its_day(void **state)
{
    (void)state;
    static const char fmt[] =
        "{'hallboard':1,'revision':'r','event':{'title':'E','languages':['en'],"
        "'zones':[{'zone':'Europe/Berlin'}]%s},'halls':[{'id':'h','name':'H'}],'sessions':["
        "{'id':'a','start':'2025-12-28T22:00:00+01:00','end':'2025-12-28T23:00:00+01:00',"
        "'hall':'h','title':'Late'},"
        "{'id':'b','start':'2025-12-29T00:30:00+01:00','end':'2025-12-29T01:30:00+01:00',"
        "'hall':'h','title':'Night'}]}";
    static const char *const dc[] = {",'day_change':'06:00'", ""};
    static const sched_phase want[] = {SCHED_BREAK, SCHED_OVERNIGHT};
    for (int k = 0; k < 2; k++) {
        char doc[1024];
        snprintf(doc, sizeof(doc), fmt, dc[k]);
        char *json = support_dq(doc);
        feed_report rep;
        agenda *a = support_parse(json, &rep);
        free(json);
        assert_non_null(a);
        sched_state s;
        int32_t h = hall(a, "h");
        assert_int_equal(sched_query(a, at("2025-12-28T23:50:00+01:00"), h, &s), 0);
        assert_int_equal(s.phase, want[k]);
        assert_string_equal(s.next[0]->id, "b");
        sched_state_free(&s);
        agenda_free(a);
    }
}

static void sched_cards_follow_their_window(void **state)
{
    const agenda *a = *state;
    size_t idx[4];
    assert_int_equal(sched_cards_at(a, at("2024-03-30T12:00:00+01:00"), idx, 4), 1);
    assert_string_equal(a->cards[idx[0]].id, "always");
    assert_int_equal(sched_cards_at(a, at("2024-03-31T12:00:00+02:00"), idx, 4), 2);
    assert_string_equal(a->cards[idx[1]].id, "day2");
}

static void sched_matches_a_brute_force_scan_at_every_minute(void **state)
{
    const agenda *a = *state;
    int64_t from = at("2024-03-30T07:00:00+01:00"), to = at("2024-04-01T02:00:00+02:00");
    for (int32_t h = -1; h < (int32_t)a->n_halls; h++) {
        for (int64_t t = from; t <= to; t += 60) {
            sched_state s;
            assert_int_equal(sched_query(a, t, h, &s), 0);
            size_t n_now = 0, n_others = 0;
            int64_t next = INT64_MAX;
            for (size_t i = 0; i < a->n_sessions; i++) {
                const agenda_session *x = &a->sessions[i];
                bool mine = h < 0 || x->hall == h;
                bool cur = x->start <= t && t < x->end && x->status == AGENDA_STATUS_SCHEDULED;
                n_now += mine && cur;
                n_others += !mine && cur;
                if (mine && x->start > t && x->status == AGENDA_STATUS_SCHEDULED && x->start < next)
                    next = x->start;
            }
            assert_int_equal(s.n_now, n_now);
            assert_int_equal(s.n_others, n_others);
            assert_true(s.next_start == next);
            sched_state_free(&s);
        }
    }
}

/* A zero-length item of an export ("Doors open 09:30") is next until it begins and is
 * never in progress; the board wakes at its instant. */
static void sched_moment_is_next_until_it_begins_and_never_now(void **state)
{
    (void)state;
    const char *csv = "id,start,duration,hall,title\n"
                      "doors,2024-03-30T09:30:00+01:00,0,Foyer,Doors open\n"
                      "talk,2024-03-30T10:00:00+01:00,45,Hall A,First talk\n";
    feed_options o = feedsrc_options();
    feed_report rep;
    agenda *a = feed_parse(csv, strlen(csv), &o, &rep);
    assert_non_null(a);
    assert_int_equal(a->n_sessions, 2);
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-03-30T09:00:00+01:00"), -1, &s), 0);
    assert_int_equal(s.n_now, 0);
    assert_int_equal(s.n_next, 1);
    assert_string_equal(s.next[0]->id, "doors");
    assert_true(s.next_start == at("2024-03-30T09:30:00+01:00"));
    sched_state_free(&s);
    assert_true(sched_next_change(a, at("2024-03-30T09:00:00+01:00"), -1) ==
                at("2024-03-30T09:30:00+01:00"));
    /* At its instant and after: not now, and the talk is next. */
    for (int k = 0; k < 2; k++) {
        int64_t t = at("2024-03-30T09:30:00+01:00") + k * 60;
        assert_int_equal(sched_query(a, t, -1, &s), 0);
        assert_int_equal(s.n_now, 0);
        assert_int_equal(s.n_next, 1);
        assert_string_equal(s.next[0]->id, "talk");
        assert_int_not_equal(s.phase, SCHED_DURING);
        sched_state_free(&s);
    }
    /* No division by its zero length. */
    assert_true(sched_progress(&a->sessions[0], at("2024-03-30T09:30:00+01:00")) == 0.0);
    assert_true(sched_progress(&a->sessions[0], at("2024-03-30T09:31:00+01:00")) == 1.0);
    agenda_free(a);
}

static void statejson_gives_local_dates_per_zone(void **state)
{
    const agenda *a = *state;
    sched_state s;
    assert_int_equal(sched_query(a, at("2024-04-01T00:10:00+02:00"), -1, &s), 0);
    statejson_options o = {"fr", "file", NULL, NULL, 0};
    char *json = statejson_render(a, &s, &o);
    assert_non_null(json);
    /* Berlin: 31 March 23:30 to 1 April 00:30; New York: 31 March 17:30-18:30. */
    assert_non_null(strstr(json, "\"zone\":\"Europe/Berlin\",\"date\":\"2024-03-31\",\"start\":"
                                 "\"23:30\",\"end\":\"00:30\",\"end_date\":\"2024-04-01\""));
    assert_non_null(strstr(json, "\"zone\":\"America/New_York\",\"date\":\"2024-03-31\","
                                 "\"start\":\"17:30\",\"end\":\"18:30\""));
    assert_non_null(strstr(json, "\"title\":\"Séance de minuit\""));
    assert_non_null(strstr(json, "\"phase\":\"during\""));
    assert_non_null(strstr(json, "\"source\":{\"kind\":\"file\",\"revision\":\"test-multihall-1\""));
    assert_non_null(strstr(json, "\"utc_offset\":\"+02:00\""));
    assert_non_null(strstr(json, "\"utc_offset\":\"-04:00\""));
    assert_non_null(strstr(json, "\"format\":\"hallboard\",\"warnings\":0,\"zone_assumed\":false,"
                                 "\"footer\":null,\"fetched_at\":null}"));
    free(json);
    /* The footer and the arrival time, when given, close the source object. */
    statejson_options o2 = {"fr", "network", "rev-2", "live \xc2\xb7 revision rev-2",
                            at("2024-03-31T21:05:09Z")};
    json = statejson_render(a, &s, &o2);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"source\":{\"kind\":\"network\",\"revision\":\"rev-2\","
                                 "\"format\":\"hallboard\",\"warnings\":0,\"zone_assumed\":false,"
                                 "\"footer\":\"live \xc2\xb7 revision "
                                 "rev-2\",\"fetched_at\":\"2024-03-31T21:05:09Z\"}"));
    free(json);
    sched_state_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sched_moment_is_next_until_it_begins_and_never_now),
        cmocka_unit_test(sched_before_the_first_session_counts_down_to_it),
        cmocka_unit_test(sched_sessions_in_progress_in_every_hall_are_current),
        cmocka_unit_test(sched_hall_view_lists_other_halls_apart),
        cmocka_unit_test(sched_gap_within_a_day_is_a_break),
        cmocka_unit_test(sched_cancelled_session_is_never_current),
        cmocka_unit_test(sched_next_lists_every_session_starting_at_the_earliest_next_start),
        cmocka_unit_test(sched_end_of_day_is_overnight_with_both_halls_next),
        cmocka_unit_test(sched_start_is_inclusive_and_end_exclusive),
        cmocka_unit_test(sched_next_session_after_midnight_is_current_across_the_date_change),
        cmocka_unit_test(sched_after_the_last_session_is_after),
        cmocka_unit_test(sched_next_change_is_the_nearest_start_or_end),
        cmocka_unit_test(sched_next_change_wakes_the_board_when_a_day_begins),
        cmocka_unit_test(sched_day_change_keeps_a_night_session_in_its_day),
        cmocka_unit_test(sched_cards_follow_their_window),
        cmocka_unit_test(sched_matches_a_brute_force_scan_at_every_minute),
        cmocka_unit_test(statejson_gives_local_dates_per_zone),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
