/* test_layout_next.c - the NEXT list and conference days on screen: every session
 * starting at the next instant appears (with its hall on a board for every hall) or
 * is counted in "+N more"; a next session on a later conference day says "Tomorrow"
 * or its date before its time in every zone; with a frab feed whose days run until
 * 06:00, a talk at midnight is tonight (the 23:50 case); the overnight heading names
 * the conference day.
 *
 * Feeds: generated ones (tests/genfeed.h), the built-in agenda, frab and native
 * feeds written here; parsed with the system zone database. Text is measured with a
 * fake chain (tests/fakefonts.h) and, for the "+N more" list, the board's real one.
 */
#include "layoutfix.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "fakefonts.h"
#include "feedsrc.h"
#include "fonts.h"
#include "genfeed.h"
#include "i18n.h"
#include "layout.h"
#include "sched.h"
#include "tzdb.h"

typedef struct {
    agenda *seed;
    fakefonts ff, ffb;
    layout_result *r; /* large: heap */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->seed = layoutfix_seed();
    f->r = malloc(sizeof(*f->r));
    assert_non_null(f->r);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    agenda_free(f->seed);
    free(f->r);
    free(f);
    return 0;
}

static layout_input input(fixture *f, int w, int h, const char *lang)
{
    layout_input in = {.width = w, .height = h, .lang = lang, .source_line = "file x.json",
                       .hall = -1, .fonts = fakefonts_init(&f->ff, 0.55),
                       .fonts_bold = fakefonts_init(&f->ffb, 0.6)};
    return in;
}

/* Lays a out at `when` for hall hall_id (NULL: every hall) into f->r. */
static void build(fixture *f, const agenda *a, const char *when, const char *hall_id,
                  layout_input *in)
{
    in->hall = layoutfix_hall(a, hall_id);
    layoutfix_build(a, when, in, f->r);
}

static const layout_box *must_find(const layout_result *r, const char *s)
{
    const layout_box *b = layoutfix_find_text(r, s);
    if (!b) {
        layoutfix_dump(r);
        fail_msg("no box \"%s\"", s);
    }
    return b;
}

static void must_not_find_sub(const layout_result *r, const char *s)
{
    const layout_box *b = layoutfix_find_sub(r, s);
    if (b) {
        layoutfix_dump(r);
        fail_msg("a box holds \"%s\": \"%s\"", s, b->text);
    }
}

/* The next sessions shown (title boxes "Next H.P..."): each has its hall's line
 * ("Hall H") right above it in its column, or none when `halls` is false. Returns
 * how many show. */
static size_t check_next_titles(const layout_result *r, bool halls)
{
    size_t shown = 0;
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *t = &r->boxes[i];
        int h, p;
        if (t->kind != LAYOUT_TEXT || sscanf(t->text, "Next %d.%d", &h, &p) != 2)
            continue;
        assert_true(t->is_title);
        shown++;
        char name[32];
        snprintf(name, sizeof(name), "Hall %d", h);
        const layout_box *hb = layoutfix_find_text(r, name);
        if (!halls) {
            assert_null(hb);
            continue;
        }
        if (!hb || hb->x != t->x || hb->y >= t->y || t->y - (hb->y + hb->h) > t->h) {
            layoutfix_dump(r);
            fail_msg("\"%s\": no \"%s\" line above it", t->text, name);
        }
    }
    return shown;
}

/* ---- Every session starting together ---------------------------------------- */

/* n halls, each with one session starting at 11:00: the shown ones with their
 * halls, and "+N more" naming exactly the others. */
static size_t expect_all_or_counted(fixture *f, const agenda *a, layout_input *in, size_t n)
{
    build(f, a, GENFEED_AT, NULL, in);
    size_t shown = check_next_titles(f->r, true);
    assert_true(shown >= 1);
    char more[I18N_BUF];
    if (shown < n) {
        i18n_format_more(in->lang, (int64_t)(n - shown), false, more, sizeof(more));
        must_find(f->r, more);
    }
    for (size_t k = 1; k <= n; k++) { /* no other count of the NEXT list */
        i18n_format_more(in->lang, (int64_t)k, false, more, sizeof(more));
        if (k != n - shown)
            assert_null(layoutfix_find_text(f->r, more));
    }
    return shown;
}

static void next_every_session_starting_together_shows_with_its_hall_or_is_counted(void **state)
{
    fixture *f = *state;
    agenda *five = layoutfix_parse_gen(5, 1, 1), *forty = layoutfix_parse_gen(40, 1, 2);
    layout_input in = input(f, 1920, 1080, "en");
    size_t shown = expect_all_or_counted(f, five, &in, 5);
    assert_true(shown >= 2); /* the board showed 1 of 5 */
    shown = expect_all_or_counted(f, forty, &in, 40);
    assert_true(shown >= 2 && shown < 40);
    in = input(f, 1080, 1920, "en"); /* what is on now comes first */
    expect_all_or_counted(f, forty, &in, 40);
    if (getenv("HB_DUMP"))
        layoutfix_dump(f->r);
    /* "+N more" in the board's language. */
    in = input(f, 1920, 1080, "ru");
    expect_all_or_counted(f, forty, &in, 40);
    in = input(f, 1920, 1080, "zh");
    expect_all_or_counted(f, forty, &in, 40);
    agenda_free(five);
    agenda_free(forty);
}

/* The same with the board's fonts (SDL_ttf, no display). */
static void next_with_the_real_fonts_counts_what_does_not_fit(void **state)
{
    fixture *f = *state;
    char err[512];
    fonts_chain *fc = fonts_chain_create(HB_SOURCE_DIR "/fonts/chain.conf", err, sizeof(err));
    if (!fc)
        skip();
    agenda *a = layoutfix_parse_gen(12, 1, 2);
    layout_input in = input(f, 1920, 1080, "en");
    in.fonts = fonts_chain_textlay(fc, FONTS_REGULAR);
    in.fonts_bold = fonts_chain_textlay(fc, FONTS_BOLD);
    size_t shown = expect_all_or_counted(f, a, &in, 12);
    assert_true(shown >= 2 && shown < 12);
    agenda_free(a);
    fonts_chain_destroy(fc);
}

/* A hall's board names no hall in its NEXT list; it lists the hall's following
 * sessions after the one starting next. */
static void next_on_a_hall_board_names_no_hall(void **state)
{
    fixture *f = *state;
    agenda *a = layoutfix_parse_gen(5, 1, 1);
    layout_input in = input(f, 1920, 1080, "en");
    build(f, a, GENFEED_AT, "h3", &in);
    assert_int_equal(check_next_titles(f->r, false), 1);
    must_find(f->r, "Next 3.0 on the scale of things"); /* 3 * 7 % 4 == 1 */
    agenda_free(a);
}

/* ---- Conference days ----------------------------------------------------------- */

/* The case: at 23:50 a hall board said "Tomorrow · Mon 29 Dec 00:00 · in 10
 * min" for a talk at midnight, but the congress's days run until 06:00. */
static void next_at_2350_midnight_is_tonight_when_days_run_to_six(void **state)
{
    fixture *f = *state;
    agenda *a = layoutfix_frab_2350(true);
    static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1280, 720}};
    for (size_t k = 0; k < 3; k++) {
        layout_input in = input(f, sizes[k][0], sizes[k][1], "en");
        build(f, a, "2025-12-28T23:50:00+01:00", a->halls[0].id, &in);
        must_find(f->r, "in 10 min");
        must_find(f->r, "Night");
        must_not_find_sub(f->r, "Tomorrow");
        must_not_find_sub(f->r, "29 Dec");
        assert_non_null(layoutfix_find_sub(f->r, "next at 00:00"));
    }
    agenda_free(a);
    /* Calendar days (no day_start/day_end): the same talk is tomorrow. */
    a = layoutfix_frab_2350(false);
    layout_input in = input(f, 1920, 1080, "en");
    build(f, a, "2025-12-28T23:50:00+01:00", a->halls[0].id, &in);
    must_find(f->r, "Tomorrow");
    assert_non_null(layoutfix_find_sub(f->r, "Tomorrow 00:00 "));
    agenda_free(a);
}

/* A next session two conference days on: its date before its time, in the NEXT list
 * and as the overnight heading. */
static void next_on_a_later_day_shows_its_date(void **state)
{
    fixture *f = *state;
    agenda *a = layoutfix_frab_2350(true);
    layout_input in = input(f, 1920, 1080, "en");
    build(f, a, "2025-12-29T01:30:00+01:00", a->halls[0].id, &in);
    must_find(f->r, "Tue 30 Dec");
    assert_non_null(layoutfix_find_sub(f->r, "Tue 30 Dec 14:00 "));
    must_find(f->r, "Day");
    /* In French, the date the board writes in that language. */
    in = input(f, 1920, 1080, "fr");
    build(f, a, "2025-12-29T01:30:00+01:00", a->halls[0].id, &in);
    assert_non_null(layoutfix_find_sub(f->r, "mar. 30 déc. 14:00 "));
    agenda_free(a);
}

/* Per zone: at 23:00 in Moscow (04:00 the next day in Beijing) the next session
 * (12:00 Moscow) is tomorrow in Moscow and today in Beijing; a day earlier it is
 * tomorrow in both; two days earlier, its date in both. */
static void next_says_tomorrow_or_the_date_per_zone(void **state)
{
    fixture *f = *state;
    layout_input in = input(f, 1920, 1080, "en");
    build(f, f->seed, "2020-12-09T23:00:00+03:00", NULL, &in);
    must_find(f->r, "Tomorrow 12:00 Moscow · 17:00 Beijing");
    build(f, f->seed, "2020-12-08T12:00:00+03:00", NULL, &in);
    must_find(f->r, "Tomorrow 12:00 Moscow · Tomorrow 17:00 Beijing");
    build(f, f->seed, "2020-12-07T09:00:00+03:00", NULL, &in);
    must_find(f->r, "Wed 9 Dec 12:00 Moscow · Wed 9 Dec 17:00 Beijing");
    /* The same day: the time alone. */
    build(f, f->seed, "2020-12-09T12:20:00+03:00", NULL, &in);
    must_find(f->r, "12:40 Moscow · 17:40 Beijing");
    in.lang = "zh";
    build(f, f->seed, "2020-12-08T12:00:00+03:00", NULL, &in);
    char want[256];
    snprintf(want, sizeof(want), "%s 12:00 %s", i18n_word("zh", I18N_TOMORROW), "莫斯科");
    assert_non_null(layoutfix_find_sub(f->r, want));
}

/* Overnight with days beginning at 06:00: a talk at 02:00 on Wed 31 Dec belongs to
 * the day of Tue 30 Dec; the heading names that day, the time line the instant. */
static void overnight_heading_names_the_conference_day(void **state)
{
    fixture *f = *state;
    agenda *a = layoutfix_parse_sq("{'hallboard':1,'revision':'r','event':{'title':'E','languages':['en'],"
                         "'zones':[{'zone':'Europe/Berlin','label':'Berlin'}],"
                         "'day_change':'06:00'},'halls':[{'id':'h','name':'H'}],'sessions':["
                         "{'id':'a','start':'2025-12-28T10:00:00+01:00',"
                         "'end':'2025-12-28T11:00:00+01:00','hall':'h','title':'Sunday'},"
                         "{'id':'b','start':'2025-12-31T02:00:00+01:00',"
                         "'end':'2025-12-31T03:00:00+01:00','hall':'h','title':'Small hours'}]}");
    layout_input in = input(f, 1920, 1080, "en");
    build(f, a, "2025-12-28T12:00:00+01:00", NULL, &in);
    must_find(f->r, "Tue 30 Dec");
    must_find(f->r, "Wed 31 Dec 02:00 Berlin");
    assert_null(layoutfix_find_text(f->r, "Wed 31 Dec"));
    agenda_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(next_every_session_starting_together_shows_with_its_hall_or_is_counted),
        cmocka_unit_test(next_with_the_real_fonts_counts_what_does_not_fit),
        cmocka_unit_test(next_on_a_hall_board_names_no_hall),
        cmocka_unit_test(next_at_2350_midnight_is_tonight_when_days_run_to_six),
        cmocka_unit_test(next_on_a_later_day_shows_its_date),
        cmocka_unit_test(next_says_tomorrow_or_the_date_per_zone),
        cmocka_unit_test(overnight_heading_names_the_conference_day),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
