/* test_layout_measure.c - the layout measures text with the font chain it is given
 * (layout_input.fonts), and keeps what matters of the current sessions when room runs
 * out.
 *
 * Chains: fake ones (tests/fakefonts.h: every glyph, known advances) of different
 * widths, and the board's real chain (SDL_ttf, no display) for the portrait board
 * with three sessions on (tests/inputs/three_on.json, real zone database).
 */
#include "layoutfix.h"
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "fakefonts.h"
#include "feedsrc.h"
#include "fonts.h"
#include "layout.h"
#include "sched.h"
#include "textlay.h"
#include "tzdb.h"

typedef struct {
    agenda *seed, *three;
    fonts_chain *fc;
    layout_result *r, *r2; /* large: heap */
    textlay_result *lay;   /* large: heap */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->seed = layoutfix_seed();
    f->three = support_load_input("three_on.json");
    char err[512];
    f->fc = fonts_chain_create(HB_SOURCE_DIR "/fonts/chain.conf", err, sizeof(err));
    assert_non_null(f->fc);
    f->r = malloc(sizeof(*f->r));
    f->r2 = malloc(sizeof(*f->r2));
    f->lay = malloc(sizeof(*f->lay));
    assert_true(f->r && f->r2 && f->lay);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    agenda_free(f->seed);
    agenda_free(f->three);
    fonts_chain_destroy(f->fc);
    free(f->r);
    free(f->r2);
    free(f->lay);
    free(f);
    return 0;
}

/* Lays out the text of box b with chain tf as the board draws it. */
static const textlay_result *draw_box(fixture *f, const layout_box *b, const textlay_fonts *tf)
{
    textlay_box tb = {b->w, b->h, b->max_px, b->min_px, b->max_lines, b->align, b->lang};
    assert_int_equal(textlay_layout(b->text, &tb, tf, f->lay), 0);
    return f->lay;
}

/* The same board measured with a narrow and a wide chain: the wide chain's title
 * takes more lines and a taller box; each is set at the size the layout made its
 * box for, the narrow one whole in the lines it counted (the measure is the
 * drawing). */
static void layout_follows_the_font_chain_it_measures_with(void **state)
{
    fixture *f = *state;
    static const char title[] = "Panel discussion by MOOC platforms and institutions";
    fakefonts narrow, wide;
    layout_input in = {.width = 1920, .height = 1080, .lang = "en", .hall = -1,
                       .source_line = "built-in agenda"};
    in.fonts = fakefonts_init(&narrow, 0.40);
    layoutfix_build(f->seed, "2020-12-09T12:20:00+03:00", &in, f->r);
    in.fonts = fakefonts_init(&wide, 0.80);
    layoutfix_build(f->seed, "2020-12-09T12:20:00+03:00", &in, f->r2);

    const layout_box *bn = layoutfix_find_text(f->r, title);
    const layout_box *bw = layoutfix_find_text(f->r2, title);
    assert_non_null(bn);
    assert_non_null(bw);
    const textlay_result *ln = draw_box(f, bn, &narrow.tl);
    size_t lines_narrow = ln->n_lines;
    assert_false(ln->truncated);
    assert_int_equal(ln->px, bn->max_px); /* no shrinking: the box was made for it */
    /* ...and holds exactly its lines (1.5 px of line per px of size: 1.2 + leading) */
    assert_int_equal((int)ln->n_lines, bn->h / (int)ceil(bn->max_px * 1.5));
    const textlay_result *lw = draw_box(f, bw, &wide.tl); /* may be cut: it is NEXT */
    assert_int_equal(lw->px, bw->max_px);
    assert_true(lw->n_lines > lines_narrow);
    assert_true(bw->h > bn->h);

    /* The card's body too: more lines, a taller panel. */
    const layout_box *cn = layoutfix_find_sub(f->r, "Global Massive Open Online Challenge");
    const layout_box *cw = layoutfix_find_sub(f->r2, "Global Massive Open Online Challenge");
    assert_non_null(cn);
    if (cw) /* the wide chain may leave the card out for want of room */
        assert_true(cw->h > cn->h || cw->max_px < cn->max_px);
}

/* Whole-event portrait board, three sessions on with long titles: each current
 * session shown keeps its hall and times, its progress and two lines of title; the
 * others are on the next page ("page 1/2"). */
static void check_three_on(fixture *f, const textlay_fonts *reg, const textlay_fonts *bold,
                           const char *name)
{
    static const struct {
        const char *id, *hall_times;
    } on[] = {{"s1", "Saal One · 10:00–11:00"},
              {"s2", "Saal GLITCH · 10:00–11:00"},
              {"s3", "Saal ZIGZAG · 10:30–11:30"}};
    layout_input in = {.width = 1080, .height = 1920, .lang = "en", .hall = -1,
                       .source_line = "file three_on.json", .fonts = reg, .fonts_bold = bold};
    layoutfix_build(f->three, "2025-12-28T10:40:00+01:00", &in, f->r);
    size_t shown = 0, bars = 0;
    for (size_t i = 0; i < f->r->n; i++)
        bars += f->r->boxes[i].kind == LAYOUT_PROGRESS;
    for (size_t k = 0; k < 3; k++) {
        const agenda_session *se = support_session(f->three, on[k].id);
        const layout_box *t = layoutfix_find_text(f->r, agenda_tr_get(f->three, &se->title, "en"));
        if (!t)
            continue;
        shown++;
        const layout_box *ht = layoutfix_find_sub(f->r, on[k].hall_times);
        if (!ht)
            fail_msg("%s: %s shows without its hall and times", name, on[k].id);
        assert_true(ht->y > t->y);
        const textlay_result *lr = draw_box(f, t, bold ? bold : reg);
        if (lr->n_lines < 2)
            fail_msg("%s: %s's title has %zu line(s)", name, on[k].id, lr->n_lines);
    }
    if (shown < 2 || bars != shown)
        fail_msg("%s: %zu sessions shown, %zu progress bars", name, shown, bars);
    if (shown < 3) { /* the others on the next page */
        char mark[32];
        snprintf(mark, sizeof(mark), "page 1/%zu", f->r->pages);
        if (f->r->pages < 2 || !layoutfix_find_text(f->r, mark))
            fail_msg("%s: \"%s\" missing", name, mark);
    }
}

static void layout_portrait_sessions_on_keep_hall_times_progress_and_two_title_lines(void **state)
{
    fixture *f = *state;
    fakefonts ff;
    check_three_on(f, fonts_chain_textlay(f->fc, FONTS_REGULAR),
                   fonts_chain_textlay(f->fc, FONTS_BOLD), "real chain");
    check_three_on(f, fakefonts_init(&ff, 0.55), NULL, "fake chain");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout_follows_the_font_chain_it_measures_with),
        cmocka_unit_test(layout_portrait_sessions_on_keep_hall_times_progress_and_two_title_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
