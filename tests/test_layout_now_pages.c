/* test_layout_now_pages.c - when the sessions in progress do not all fit with their
 * hall and times, progress and two lines of title, the hall and event views turn
 * pages (layout_result.pages, layout_input.page) with "page k/n" by the NOW heading.
 *
 * Generated feeds (tests/genfeed.h: one hall, 1, 3, 5 or 10 sessions on, titles
 * "Now 0.P ...") at 1080x1920 and 1280x720, in the event view and the hall's view,
 * with a fake font chain (tests/fakefonts.h) and the board's real chain (SDL_ttf, no
 * display). Over all the pages: every session in progress shows exactly once, in
 * order; each with its hall and times and its progress bar under its title, and a
 * title of two lines at least (or all of it on one line); each page shows the same
 * NEXT. When all of them fit: one page and no page mark.
 */
#include "layoutfix.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fakefonts.h"
#include "fonts.h"
#include "genfeed.h"
#include "i18n.h"
#include "layout.h"
#include "sched.h"
#include "textlay.h"
#include "tzdb.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_ON 10 /* most sessions on in the feeds below */

static const int sizes[][2] = {{1080, 1920}, {1280, 720}};

typedef struct {
    fakefonts ff, ffb;
    fonts_chain *fc;       /* NULL when the real chain cannot load */
    layout_result *r;      /* large: heap */
    textlay_result *lay;   /* large: heap */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    tzdb_init();
    char err[512];
    f->fc = fonts_chain_create(HB_SOURCE_DIR "/fonts/chain.conf", err, sizeof(err));
    f->r = malloc(sizeof(*f->r));
    f->lay = malloc(sizeof(*f->lay));
    assert_true(f->r && f->lay);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    fonts_chain_destroy(f->fc);
    free(f->r);
    free(f->lay);
    free(f);
    return 0;
}

/* One layout to check: the agenda, its state, the input and the chains. */
typedef struct {
    const agenda *a;
    const sched_state *s;
    layout_input in;
    const textlay_fonts *reg, *bold;
    char what[160];
} page_case;

static const layout_box *find_title(const layout_result *r, const char *text)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->boxes[i].kind == LAYOUT_TEXT && r->boxes[i].is_title &&
            strcmp(r->boxes[i].text, text) == 0)
            return &r->boxes[i];
    return NULL;
}

/* Top of the first title of the NOW column under t (or the screen's bottom). */
static int next_title_y(const layout_result *r, const layout_box *t, int bottom)
{
    int y = bottom;
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        if (b != t && b->kind == LAYOUT_TEXT && b->is_title && b->x == t->x && b->y > t->y &&
            b->y < y)
            y = b->y;
    }
    return y;
}

/* Checks the session shown by title box t: hall and times, progress, title lines. */
static void check_session(fixture *f, const page_case *k, const layout_box *t)
{
    const layout_result *r = f->r;
    int below = next_title_y(r, t, k->in.height);
    const layout_box *times = layoutfix_find_under(r, t, below, LAYOUT_TEXT, "Hall 0 \xc2\xb7 ");
    if (!times)
        fail_msg("%s: \"%s\" without its hall and times", k->what, t->text);
    if (!layoutfix_find_under(r, times, below, LAYOUT_PROGRESS, NULL))
        fail_msg("%s: \"%s\" without its progress", k->what, t->text);
    textlay_box tb = {t->w, t->h, t->max_px, t->min_px, t->max_lines, t->align, t->lang};
    const textlay_fonts *tf = t->weight == LAYOUT_WEIGHT_BOLD && k->bold ? k->bold : k->reg;
    assert_int_equal(textlay_layout(t->text, &tb, tf, f->lay), 0);
    if (f->lay->n_lines < 2 && f->lay->truncated)
        fail_msg("%s: \"%s\" has one line of title, cut", k->what, t->text);
}

/* The page mark of page p of n ("page 2/3"). */
static void page_mark(const page_case *k, size_t p, size_t n, char *buf, size_t cap)
{
    char a[24], b[24];
    snprintf(a, sizeof(a), "%zu", p + 1);
    snprintf(b, sizeof(b), "%zu", n);
    i18n_fill(k->in.lang, I18N_LOBBY_PAGE, a, b, NULL, buf, cap);
}

/* Lays out every page of case k and checks them; returns the page count. */
static size_t check_pages(fixture *f, page_case *k)
{
    size_t n = k->s->n_now, seen = 0, pages = 0;
    char next_first[LAYOUT_TEXT_MAX] = "";
    for (size_t p = 0; p == 0 || p < pages; p++) {
        k->in.page = p;
        layout_build(k->a, k->s, &k->in, f->r);
        const layout_result *r = f->r;
        if (p == 0)
            pages = r->pages;
        assert_int_equal(r->pages, pages);
        assert_int_equal(r->page, p);
        char mark[I18N_BUF];
        page_mark(k, p, pages, mark, sizeof(mark));
        if (pages > 1 && !layoutfix_find_text(r, mark))
            fail_msg("%s: page %zu without \"%s\"", k->what, p + 1, mark);
        for (size_t i = 0; i < r->n; i++)
            if (r->boxes[i].kind == LAYOUT_TEXT && strstr(r->boxes[i].text, "more in progress"))
                fail_msg("%s: \"%s\" on page %zu", k->what, r->boxes[i].text, p + 1);
        /* The sessions of this page: the next ones in order, and no other. */
        size_t on_page = 0;
        for (size_t i = 0; i < n; i++) {
            const char *title = agenda_tr_get(k->a, &k->s->now[i]->title, "en");
            const layout_box *t = find_title(r, title);
            if (!t)
                continue;
            if (i != seen)
                fail_msg("%s: page %zu shows session %zu, expected %zu", k->what, p + 1, i, seen);
            check_session(f, k, t);
            seen++, on_page++;
        }
        if (on_page == 0)
            fail_msg("%s: page %zu shows no session in progress", k->what, p + 1);
        /* NEXT is the same on every page. */
        const layout_box *nx = NULL;
        for (size_t i = 0; i < r->n && !nx; i++)
            if (r->boxes[i].kind == LAYOUT_TEXT && r->boxes[i].is_title &&
                strncmp(r->boxes[i].text, "Next ", 5) == 0)
                nx = &r->boxes[i];
        assert_non_null(nx);
        if (p == 0)
            snprintf(next_first, sizeof(next_first), "%s", nx->text);
        assert_string_equal(nx->text, next_first);
    }
    if (seen != n)
        fail_msg("%s: %zu pages show %zu of %zu sessions in progress", k->what, pages, seen, n);
    return pages;
}

/* Every size and view for `parallel` sessions on, with chains reg and bold; returns
 * the most pages of any case. */
static size_t check_parallel(fixture *f, int parallel, const textlay_fonts *reg,
                             const textlay_fonts *bold, const char *chain)
{
    agenda *a = layoutfix_parse_gen(1, parallel, 1);
    size_t most = 0;
    for (size_t z = 0; z < N_OF(sizes); z++)
        for (int32_t hall = -1; hall <= 0; hall++) {
            sched_state s;
            assert_int_equal(sched_query(a, support_instant(GENFEED_AT), hall, &s), 0);
            assert_int_equal(s.n_now, (size_t)parallel);
            page_case k = {a, &s, {.width = sizes[z][0], .height = sizes[z][1], .lang = "en",
                                   .source_line = "file generated.json", .hall = hall,
                                   .fonts = reg, .fonts_bold = bold}, reg, bold, ""};
            snprintf(k.what, sizeof(k.what), "%s chain, %d on, %dx%d, %s view", chain, parallel,
                     sizes[z][0], sizes[z][1], hall < 0 ? "event" : "hall");
            size_t pages = check_pages(f, &k);
            print_message("%s: %zu page(s)\n", k.what, pages);
            most = pages > most ? pages : most;
            sched_state_free(&s);
        }
    agenda_free(a);
    return most;
}

static void layout_sessions_on_turn_pages_fake_chain(void **state)
{
    fixture *f = *state;
    const textlay_fonts *reg = fakefonts_init(&f->ff, 0.55), *bold = fakefonts_init(&f->ffb, 0.6);
    assert_true(check_parallel(f, 3, reg, bold, "fake") >= 2);
    assert_true(check_parallel(f, 5, reg, bold, "fake") >= 2);
    assert_true(check_parallel(f, 10, reg, bold, "fake") >= 4);
}

static void layout_sessions_on_turn_pages_real_chain(void **state)
{
    fixture *f = *state;
    if (!f->fc)
        skip();
    const textlay_fonts *reg = fonts_chain_textlay(f->fc, FONTS_REGULAR);
    const textlay_fonts *bold = fonts_chain_textlay(f->fc, FONTS_BOLD);
    assert_true(check_parallel(f, 3, reg, bold, "real") >= 2);
    assert_true(check_parallel(f, 5, reg, bold, "real") >= 2);
    assert_true(check_parallel(f, 10, reg, bold, "real") >= 4);
}

/* One session on: everything fits, one page, no page mark. */
static void layout_one_session_on_is_one_page_without_mark(void **state)
{
    fixture *f = *state;
    const textlay_fonts *reg = fakefonts_init(&f->ff, 0.55), *bold = fakefonts_init(&f->ffb, 0.6);
    const textlay_fonts *chains[2][2] = {{reg, bold}, {NULL, NULL}};
    if (f->fc) {
        chains[1][0] = fonts_chain_textlay(f->fc, FONTS_REGULAR);
        chains[1][1] = fonts_chain_textlay(f->fc, FONTS_BOLD);
    }
    for (size_t c = 0; c < 2 && chains[c][0]; c++)
        assert_int_equal(check_parallel(f, 1, chains[c][0], chains[c][1], c ? "real" : "fake"), 1);
    /* No box says "page" on a page that does not turn. */
    agenda *a = layoutfix_parse_gen(1, 1, 1);
    sched_state s;
    assert_int_equal(sched_query(a, support_instant(GENFEED_AT), -1, &s), 0);
    layout_input in = {.width = 1080, .height = 1920, .lang = "en", .hall = -1, .fonts = reg,
                       .fonts_bold = bold, .page = 3};
    layout_build(a, &s, &in, f->r);
    assert_int_equal(f->r->pages, 1);
    assert_int_equal(f->r->page, 0);
    for (size_t i = 0; i < f->r->n; i++)
        if (f->r->boxes[i].kind == LAYOUT_TEXT && strstr(f->r->boxes[i].text, "page"))
            fail_msg("a page mark on a page that does not turn: \"%s\"", f->r->boxes[i].text);
    sched_state_free(&s);
    agenda_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout_sessions_on_turn_pages_fake_chain),
        cmocka_unit_test(layout_sessions_on_turn_pages_real_chain),
        cmocka_unit_test(layout_one_session_on_is_one_page_without_mark),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
