/* test_theme.c - a feed's colours (native event.theme): read by the importer, checked
 * pair by pair for contrast (layout_theme_ok: every text 4.5:1 on the background and
 * on a card's panel, every track colour 3:1 on the background), refused with a warning
 * at event.theme naming the pair and its ratio, and put in place of the board's
 * colours by the layout only when accepted.
 *
 * Feeds: tests/inputs/media/theme_ok.json (a light theme) and theme_low.json (an accent
 * of 2.69:1 on its background), and small feeds written here. The layout is measured
 * with the fake fonts (fakefonts.h).
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "fakefonts.h"
#include "layout.h"
#include "sched.h"
#include "tzdb.h"

#define BOARD_BG 0x0d1b2au     /* the board's own background (layout_int.h COL_BG) */
#define BOARD_TEXT 0xffffffu
#define BOARD_ACCENT 0xffd166u
#define DURING "2026-03-14T10:20:00+01:00"

static fakefonts ff;

static int setup(void **state)
{
    (void)state;
    tzdb_init();
    fakefonts_init(&ff, 0.55);
    return 0;
}

static agenda *load(const char *name)
{
    return support_load_input(name);
}

/* The layout of a at `when` on a W x H screen for hall id (NULL: every hall). */
static layout_result *build(const agenda *a, const char *when, int w, int h, const char *hall)
{
    int64_t t;
    assert_true(civil_parse_rfc3339(when, &t, NULL));
    int32_t hi = hall ? agenda_hall_find(a, hall) : -1;
    sched_state s;
    assert_int_equal(sched_query(a, t, hi, &s), 0);
    layout_input in = {.width = w, .height = h, .lang = "en", .source_line = "file · revision 1",
                       .hall = hi, .fonts = &ff.tl, .fonts_bold = &ff.tl};
    layout_result *r = malloc(sizeof(*r));
    assert_non_null(r);
    layout_build(a, &s, &in, r);
    sched_state_free(&s);
    return r;
}

static const layout_box *find_text(const layout_result *r, const char *s)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->boxes[i].kind == LAYOUT_TEXT && strcmp(r->boxes[i].text, s) == 0)
            return &r->boxes[i];
    fail_msg("no text box \"%s\"", s);
    return NULL;
}

/* ---- layout_theme_ok ---------------------------------------------------------- */

static void theme_board_colours_pass_their_own_check(void **state)
{
    (void)state;
    agenda_theme t = {true, BOARD_BG, BOARD_ACCENT, BOARD_TEXT};
    char why[200] = "x";
    assert_true(layout_theme_ok(&t, NULL, why, sizeof(why)));
    assert_string_equal(why, "");
}

static void theme_low_accent_is_refused_naming_the_pair_and_its_ratio(void **state)
{
    (void)state;
    agenda_theme t = {true, 0x1d3557, 0x457b9d, 0xf1faee};
    char why[200];
    assert_false(layout_theme_ok(&t, NULL, why, sizeof(why)));
    assert_string_equal(why, "accent #457b9d on background #1d3557: 2.69:1 (needs 4.5:1)");
    assert_false(layout_theme_ok(&t, NULL, NULL, 0)); /* no reason asked: same answer */
}

/* Text of 4.54:1 on white passes there, not on the card's panel (a little darker). */
static void theme_text_on_the_card_panel_is_checked_too(void **state)
{
    (void)state;
    assert_true(layout_contrast(0x767676, 0xffffff) >= 4.5);
    agenda_theme t = {true, 0xffffff, 0x1a1a1a, 0x767676};
    char why[200];
    assert_false(layout_theme_ok(&t, NULL, why, sizeof(why)));
    assert_non_null(strstr(why, "text #767676 on card panel #"));
    assert_non_null(strstr(why, "(needs 4.5:1)"));
}

/* Text that keeps 4.5:1 but whose secondary shade (mixed towards the background)
 * does not. */
static void theme_secondary_text_is_checked_too(void **state)
{
    (void)state;
    agenda_theme t = {true, 0x000000, 0xffd166, 0x8a8a8a};
    assert_true(layout_contrast(0x8a8a8a, 0x000000) >= 4.5);
    char why[200];
    assert_false(layout_theme_ok(&t, NULL, why, sizeof(why)));
    assert_int_equal(strncmp(why, "secondary text #", 16), 0);
}

static void theme_track_colour_needs_3_to_1_on_the_background(void **state)
{
    (void)state;
    agenda *a = load("media/theme_ok.json");
    assert_true(a->theme.has_theme);
    char why[200];
    assert_true(layout_theme_ok(&a->theme, a, why, sizeof(why)));
    agenda_track *tr = (agenda_track *)&a->tracks[0];
    tr->color = 0xe8d44d; /* yellow on cream: about 1.4:1 */
    assert_false(layout_theme_ok(&a->theme, a, why, sizeof(why)));
    assert_non_null(strstr(why, "track colour (tracks[0]) #e8d44d on background #f5f1e8: "));
    assert_non_null(strstr(why, "(needs 3.0:1)"));
    tr->has_color = false; /* a track without a colour is not checked */
    assert_true(layout_theme_ok(&a->theme, a, why, sizeof(why)));
    agenda_free(a);
}

/* ---- The importer ------------------------------------------------------------- */

static void theme_importer_reads_an_accepted_theme(void **state)
{
    (void)state;
    agenda *a = load("media/theme_ok.json");
    assert_true(a->theme.has_theme);
    assert_int_equal(a->theme.bg, 0xf5f1e8);
    assert_int_equal(a->theme.accent, 0x8c3a00);
    assert_int_equal(a->theme.text, 0x1b1b1b);
    assert_int_equal(a->n_warnings, 0);
    agenda_free(a);
}

static void theme_importer_warns_at_event_theme_and_keeps_the_board_colours(void **state)
{
    (void)state;
    size_t len;
    char *json = support_read_file(HB_SOURCE_DIR "/tests/inputs/media/theme_low.json", &len);
    assert_non_null(json);
    feed_report rep;
    agenda *a = support_parse(json, &rep);
    free(json);
    assert_non_null(a);
    assert_false(a->theme.has_theme);
    assert_int_equal(a->n_warnings, 1); /* the footer's mark, /status "warnings" */
    assert_int_equal(rep.n_errors, 0);
    assert_int_equal(rep.n_warnings, 1);
    assert_int_equal(rep.items[0].severity, FEED_WARNING);
    assert_string_equal(rep.items[0].path, "event.theme");
    assert_string_equal(rep.items[0].msg,
                        "not used, the board's colours are: accent #457b9d on background "
                        "#1d3557: 2.69:1 (needs 4.5:1)");
    agenda_free(a);
}

/* The theme's event with `theme` (JSON, ' for ") in a feed; returns the report. */
static void parse_theme(const char *theme, feed_report *rep, bool *has_theme)
{
    char doc[2048];
    snprintf(doc, sizeof(doc),
             "{'hallboard': 1, 'revision': 'r', 'event': {'title': 'T', 'languages': ['en'], "
             "'zones': [{'zone': 'UTC'}], 'theme': %s}, 'halls': [{'id': 'h', 'name': 'H'}], "
             "'sessions': []}",
             theme);
    char *dq = support_dq(doc);
    agenda *a = support_parse(dq, rep);
    free(dq);
    *has_theme = a && a->theme.has_theme;
    agenda_free(a);
}

static void theme_bad_colours_are_errors_at_their_paths(void **state)
{
    (void)state;
    feed_report rep;
    bool has;
    parse_theme("{'background': '#000000', 'accent': '#12345', 'text': '#ffffff'}", &rep, &has);
    assert_int_equal(rep.n_errors, 1);
    assert_string_equal(rep.items[0].path, "event.theme.accent");
    assert_string_equal(rep.items[0].msg, "expected a colour as \"#rrggbb\"");
    parse_theme("{'background': '#000000', 'accent': '#ffd166'}", &rep, &has);
    assert_int_equal(rep.n_errors, 1);
    assert_string_equal(rep.items[0].path, "event.theme.text");
    parse_theme("{'background': '#000000', 'accent': '#ffd166', 'text': '#ffffff', 'x': 1}",
                &rep, &has);
    assert_int_equal(rep.n_errors, 0); /* unknown members are ignored, as everywhere */
    assert_true(has);
    parse_theme("'dark'", &rep, &has);
    assert_int_equal(rep.n_errors, 1);
    assert_string_equal(rep.items[0].path, "event.theme");
    parse_theme("{'background': '#000000', 'accent': '#FFD166', 'text': '#ffffff'}", &rep, &has);
    assert_int_equal(rep.n_errors, 0);
    assert_int_equal(rep.n_warnings, 0);
    assert_true(has);
}

/* ---- The layout ----------------------------------------------------------------- */

/* Every text box keeps 4.5:1 on what it sits on, every box is in the theme's colours
 * (box 0 the background; the event's title the text colour; "Now" the accent). */
static void theme_accepted_is_what_the_layout_draws_with(void **state)
{
    (void)state;
    agenda *a = load("media/theme_ok.json");
    static const int sizes[][2] = {{1920, 1080}, {1080, 1920}, {1280, 720}};
    for (size_t k = 0; k < 3; k++) {
        layout_result *r = build(a, DURING, sizes[k][0], sizes[k][1], k == 1 ? "main" : NULL);
        assert_int_equal(r->boxes[0].color, 0xf5f1e8);
        assert_int_equal(find_text(r, "Open Hardware Summit")->color, 0x1b1b1b);
        assert_int_equal(find_text(r, "Now")->color, 0x8c3a00);
        for (size_t i = 0; i < r->n; i++) {
            const layout_box *b = &r->boxes[i];
            assert_int_not_equal(b->bg, BOARD_BG);
            if (b->kind == LAYOUT_TEXT && layout_contrast(b->color, b->bg) < 4.5)
                fail_msg("\"%s\" #%06x on #%06x", b->text, b->color, b->bg);
        }
        free(r);
    }
    agenda_free(a);
}

static void theme_refused_leaves_the_board_colours(void **state)
{
    (void)state;
    agenda *a = load("media/theme_low.json");
    layout_result *r = build(a, DURING, 1920, 1080, NULL);
    assert_int_equal(r->boxes[0].color, BOARD_BG);
    assert_int_equal(find_text(r, "Now")->color, BOARD_ACCENT);
    free(r);
    /* A theme set on an agenda made some other way is checked by the layout too. */
    a->theme = (agenda_theme){true, 0x1d3557, 0x457b9d, 0xf1faee};
    r = build(a, DURING, 1920, 1080, NULL);
    assert_int_equal(r->boxes[0].color, BOARD_BG);
    assert_int_equal(find_text(r, "Open Hardware Summit")->color, BOARD_TEXT);
    free(r);
    agenda_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(theme_board_colours_pass_their_own_check),
        cmocka_unit_test(theme_low_accent_is_refused_naming_the_pair_and_its_ratio),
        cmocka_unit_test(theme_text_on_the_card_panel_is_checked_too),
        cmocka_unit_test(theme_secondary_text_is_checked_too),
        cmocka_unit_test(theme_track_colour_needs_3_to_1_on_the_background),
        cmocka_unit_test(theme_importer_reads_an_accepted_theme),
        cmocka_unit_test(theme_importer_warns_at_event_theme_and_keeps_the_board_colours),
        cmocka_unit_test(theme_bad_colours_are_errors_at_their_paths),
        cmocka_unit_test(theme_accepted_is_what_the_layout_draws_with),
        cmocka_unit_test(theme_refused_leaves_the_board_colours),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
