/* test_layout_sweep.c - the layout over a grid of generated states (tests/genfeed.h):
 * 1..120 halls with 1..10 sessions on at once in each, at 1280x720, 1920x1080,
 * 3840x2160 and 1080x1920, in the hall view, the whole event's view and the lobby,
 * before the event and while sessions are on. In every layout: every box lies inside
 * the screen, no two text boxes overlap, every current session shown has its hall and
 * times and its progress (lobby: every hall of the page its name, every hall with
 * something on its progress), at least one current session shows, and whatever of
 * now or next does not show is counted ("+N more in progress", "+N more") or, when
 * the sessions on turn pages, the page says so ("page k/n"; the last page too).
 *
 * The grid is sampled (halls 1, 2, 3, 5, 8, 12, 20, 40, 58, 92, 108, 120 x parallel
 * 1..10) with a fake font chain (tests/fakefonts.h); a smaller one (halls 1, 5, 12,
 * 58, 120 x parallel 1, 2, 5, 10) with the board's real chain (SDL_ttf, no display).
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
#include "tzdb.h"

static const int sweep_halls[] = {1, 2, 3, 5, 8, 12, 20, 40, 58, 92, 108, 120};
static const int sweep_parallel[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920}};
static const layout_view views[] = {LAYOUT_VIEW_HALL, LAYOUT_VIEW_EVENT, LAYOUT_VIEW_LOBBY};
static const char *const instants[] = {GENFEED_AT, "2025-12-28T09:00:00+01:00"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))
#define SWEEP_MAX_HALLS 128 /* more than the most halls swept */

typedef struct {
    fakefonts ff, ffb;
    layout_result *r; /* large: heap */
    layout_lobby_hall *rows;
    size_t layouts;   /* layouts checked */
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    tzdb_init();
    f->r = malloc(sizeof(*f->r));
    f->rows = calloc(SWEEP_MAX_HALLS, sizeof(*f->rows));
    assert_true(f->r && f->rows);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    free(f->r);
    free(f->rows);
    free(f);
    return 0;
}

/* ---- What one layout must hold ------------------------------------------------- */

typedef struct {
    const agenda *a;
    const sched_state *s;
    const layout_input *in;
    const layout_result *r;
    const char *what; /* the case, for messages */
} sweep_case;

static void fail_case(const sweep_case *k, const char *why, size_t i)
{
    layoutfix_dump(k->r);
    const layout_box *b = &k->r->boxes[i < k->r->n ? i : 0];
    fail_msg("%s: box %zu (%d,%d %dx%d \"%.60s\"): %s", k->what, i, b->x, b->y, b->w, b->h,
             b->kind == LAYOUT_TEXT ? b->text : "", why);
}

/* Every box inside the screen and not empty; no two text boxes overlap. */
static void check_boxes(const sweep_case *k)
{
    const layout_result *r = k->r;
    assert_true(r->n >= 1 && r->n <= LAYOUT_MAX_BOXES);
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        if (b->w <= 0 || b->h <= 0)
            fail_case(k, "empty box", i);
        if (b->x < 0 || b->y < 0 || b->x + b->w > k->in->width || b->y + b->h > k->in->height)
            fail_case(k, "outside the screen", i);
        if (b->kind != LAYOUT_TEXT)
            continue;
        if (!support_utf8_valid(b->text))
            fail_case(k, "text is not valid UTF-8", i);
        for (size_t j = 0; j < i; j++)
            if (r->boxes[j].kind == LAYOUT_TEXT && layoutfix_overlap(b, &r->boxes[j]))
                fail_case(k, "overlaps an earlier text box", i);
    }
}

/* Hall and board views: the current sessions shown ("Now H.P" titles) each with
 * "Hall H · 10:00–11:00 ..." and a progress bar under it (before the next one);
 * at least one when something is on; the others counted. */
static void check_now(const sweep_case *k)
{
    const layout_result *r = k->r;
    size_t shown = 0;
    if (k->s->phase != SCHED_DURING) /* "Now H.P" sessions are then among the next ones */
        return;
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *t = &r->boxes[i];
        int h, p;
        if (t->kind != LAYOUT_TEXT || !t->is_title || sscanf(t->text, "Now %d.%d", &h, &p) != 2)
            continue;
        shown++;
        int below = k->in->height;
        for (size_t j = i + 1; j < r->n; j++)
            if (r->boxes[j].kind == LAYOUT_TEXT && r->boxes[j].is_title && r->boxes[j].x == t->x &&
                r->boxes[j].y > t->y) {
                below = r->boxes[j].y;
                break;
            }
        char hall[48];
        snprintf(hall, sizeof(hall), "Hall %d \xc2\xb7 ", h);
        const layout_box *times = layoutfix_find_under(r, t, below, LAYOUT_TEXT, hall);
        if (!times)
            fail_case(k, "a current session without its hall and times", i);
        if (!layoutfix_find_under(r, times, below, LAYOUT_PROGRESS, NULL))
            fail_case(k, "a current session without its progress", i);
    }
    if (k->s->n_now == 0)
        return;
    if (shown == 0)
        fail_case(k, "nothing of what is on now shows", 0);
    if (r->pages > 1) { /* the others are on the other pages: "page k/n" says so */
        char a[24], b[24], mark[I18N_BUF];
        snprintf(a, sizeof(a), "%zu", r->page + 1);
        snprintf(b, sizeof(b), "%zu", r->pages);
        i18n_fill(k->in->lang, I18N_LOBBY_PAGE, a, b, NULL, mark, sizeof(mark));
        if (!layoutfix_find_text(r, mark))
            fail_case(k, "current sessions on pages without a page mark", 0);
        return;
    }
    if (shown < k->s->n_now) {
        char more[I18N_BUF];
        i18n_format_more(k->in->lang, (int64_t)(k->s->n_now - shown), true, more, sizeof(more));
        if (!layoutfix_find_text(r, more))
            fail_case(k, "current sessions left out are not counted", 0);
    }
}

/* NEXT: the sessions starting next that show ("Next H.P" titles) and "+N more" in
 * NEXT's column (under its heading, above "Elsewhere now") count all of them. */
static void check_next(const sweep_case *k)
{
    const layout_result *r = k->r;
    const layout_box *label = layoutfix_find_text(r, i18n_word(k->in->lang, I18N_NEXT));
    if (!label)
        return;
    const layout_box *els = layoutfix_find_text(r, i18n_word(k->in->lang, I18N_ELSEWHERE));
    size_t shown = 0;
    const char *word = k->s->phase == SCHED_DURING ? "Next" : "Now"; /* what starts next */
    for (size_t i = 0; i < r->n; i++) {
        int h, p;
        char w[8];
        shown += r->boxes[i].kind == LAYOUT_TEXT && r->boxes[i].is_title &&
                 sscanf(r->boxes[i].text, "%7s %d.%d", w, &h, &p) == 3 && strcmp(w, word) == 0;
    }
    if (shown == k->s->n_next)
        return;
    char more[I18N_BUF];
    i18n_format_more(k->in->lang, (int64_t)(k->s->n_next - shown), false, more, sizeof(more));
    const layout_box *m = layoutfix_find_text(r, more);
    if (!m || m->x != label->x || m->y < label->y || (els && els->x == m->x && m->y > els->y))
        fail_case(k, "sessions starting next are left out and not counted", 0);
}

/* Lobby: every hall of the page has its name, and as many progress bars show as
 * halls of the page have something on. */
static void check_lobby(fixture *f, const sweep_case *k)
{
    size_t cap = SWEEP_MAX_HALLS;
    size_t n = layout_lobby_halls(k->a, k->s->at, k->in, f->rows, cap);
    const layout_result *r = k->r;
    assert_true(r->pages >= 1 && r->page < r->pages);
    assert_true(r->page_first + r->page_rows <= n);
    size_t on = 0, bars = 0;
    for (size_t i = r->page_first; i < r->page_first + r->page_rows; i++) {
        const char *name = k->a->halls[f->rows[i].hall].name.v[0].text;
        if (!layoutfix_find_text(r, name))
            fail_case(k, "a hall of the page without its name", 0);
        on += f->rows[i].n_now > 0;
    }
    for (size_t i = 0; i < r->n; i++)
        bars += r->boxes[i].kind == LAYOUT_PROGRESS;
    if (bars != on)
        fail_case(k, "halls with something on and progress bars differ in number", 0);
    if (n && r->page_rows == 0)
        fail_case(k, "an empty lobby page", 0);
}

/* Lays out a at `when` in view v (hall view: hall 0) and checks it. */
static void sweep_one(fixture *f, const agenda *a, layout_input *in, layout_view v,
                      const char *when, size_t page)
{
    in->view = v;
    in->hall = v == LAYOUT_VIEW_HALL ? 0 : -1;
    in->page = page;
    sched_state s;
    assert_int_equal(sched_query(a, support_instant(when), in->hall, &s), 0);
    layout_build(a, &s, in, f->r);
    char what[160];
    snprintf(what, sizeof(what), "%zu halls, %zu sessions, %dx%d, view %s, page %zu, at %s",
             a->n_halls, a->n_sessions, in->width, in->height, layout_view_name(v), page, when);
    sweep_case k = {a, &s, in, f->r, what};
    check_boxes(&k);
    if (v == LAYOUT_VIEW_LOBBY) {
        check_lobby(f, &k);
    } else {
        check_now(&k);
        check_next(&k);
    }
    f->layouts++;
    sched_state_free(&s);
}

/* Every size, view and instant for the agenda of (halls, parallel). */
static void sweep_agenda(fixture *f, int halls, int parallel, const textlay_fonts *reg,
                         const textlay_fonts *bold)
{
    agenda *a = layoutfix_parse_gen(halls, parallel, 1 + (halls + parallel) % 3);
    for (size_t z = 0; z < N_OF(sizes); z++)
        for (size_t v = 0; v < N_OF(views); v++)
            for (size_t t = 0; t < N_OF(instants); t++) {
                layout_input in = {.width = sizes[z][0], .height = sizes[z][1], .lang = "en",
                                   .source_line = "file generated.json", .hall = -1,
                                   .fonts = reg, .fonts_bold = bold};
                sweep_one(f, a, &in, views[v], instants[t], 0);
                /* The last page too (lobby rows, or sessions on that turn pages). */
                if (f->r->pages > 1)
                    sweep_one(f, a, &in, views[v], instants[t], f->r->pages - 1);
            }
    agenda_free(a);
}

static void sweep_fake_fonts_every_box_inside_no_overlap_now_complete(void **state)
{
    fixture *f = *state;
    const textlay_fonts *reg = fakefonts_init(&f->ff, 0.55), *bold = fakefonts_init(&f->ffb, 0.6);
    f->layouts = 0;
    for (size_t h = 0; h < N_OF(sweep_halls); h++)
        for (size_t p = 0; p < N_OF(sweep_parallel); p++)
            sweep_agenda(f, sweep_halls[h], sweep_parallel[p], reg, bold);
    print_message("%zu layouts checked\n", f->layouts);
    assert_true(f->layouts >= N_OF(sweep_halls) * N_OF(sweep_parallel) * N_OF(sizes) *
                                   N_OF(views) * N_OF(instants));
}

static void sweep_real_fonts_every_box_inside_no_overlap_now_complete(void **state)
{
    fixture *f = *state;
    char err[512];
    fonts_chain *fc = fonts_chain_create(HB_SOURCE_DIR "/fonts/chain.conf", err, sizeof(err));
    if (!fc)
        skip();
    static const int halls[] = {1, 5, 12, 58, 120}, parallel[] = {1, 2, 5, 10};
    for (size_t h = 0; h < N_OF(halls); h++)
        for (size_t p = 0; p < N_OF(parallel); p++)
            sweep_agenda(f, halls[h], parallel[p], fonts_chain_textlay(fc, FONTS_REGULAR),
                         fonts_chain_textlay(fc, FONTS_BOLD));
    fonts_chain_destroy(fc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sweep_fake_fonts_every_box_inside_no_overlap_now_complete),
        cmocka_unit_test(sweep_real_fonts_every_box_inside_no_overlap_now_complete),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
