/* test_layout.c - the board's boxes for real agendas (real zone database): the
 * embedded agenda, tests/inputs/multihall.json, multilingual.json and stress.json, in
 * every phase, for every hall view, on four screens, in en, zh, ar and he.
 *
 * Every layout is held to the invariants (inside the screen and the 5 % margins, no
 * overlapping text, WCAG AA contrast, the title cap-height rule, valid UTF-8 text of
 * bounded length, physical alignment); phases are checked for their key words, and a
 * right-to-left layout with English words for being the mirror image of the English
 * one. The text of the boxes is then fitted with the real font chain (textlay, SDL_ttf,
 * no display): titles are whole, boxes hold the lines their text takes and no more,
 * lists end at a whole name.
 */
#include "layoutfix.h"
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "feedsrc.h"
#include "fonts.h"
#include "i18n.h"
#include "layout.h"
#include "sched.h"
#include "textlay.h"
#include "tzdb.h"

typedef struct {
    agenda *seed, *multi, *stress, *lingual;
    layout_result *r, *r2; /* large: heap */
    fonts_chain *fc;
    textlay_result *lay;   /* large: heap */
} fixture;

static const struct {
    int w, h;
} screens[] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920}};
#define N_SCREENS (sizeof(screens) / sizeof(screens[0]))

/* "he" is right-to-left with the English words (i18n has no Hebrew): exactly the
 * English layout mirrored. Arabic words need taller lines, so "ar" is not. */
static const char *const langs[] = {"en", "zh", "ar", "he"};
#define N_LANGS (sizeof(langs) / sizeof(langs[0]))

/* The chains boxes are measured with: the board's own (set up by setup()), as the
 * board does, so that the checks with the real fonts hold. */
static const textlay_fonts *chain_regular, *chain_bold;

/* ---- Fixtures ------------------------------------------------------------- */

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->seed = layoutfix_seed();
    assert_non_null(f->seed);
    f->multi = support_load_input("multihall.json");
    f->stress = support_load_input("stress.json");
    f->lingual = support_load_input("multilingual.json");
    char err[512];
    f->fc = fonts_chain_create(HB_SOURCE_DIR "/fonts/chain.conf", err, sizeof(err));
    if (!f->fc)
        fprintf(stderr, "font chain: %s\n", err);
    assert_non_null(f->fc);
    chain_regular = fonts_chain_textlay(f->fc, FONTS_REGULAR);
    chain_bold = fonts_chain_textlay(f->fc, FONTS_BOLD);
    f->lay = malloc(sizeof(*f->lay));
    assert_non_null(f->lay);
    f->r = malloc(sizeof(*f->r));
    f->r2 = malloc(sizeof(*f->r2));
    assert_non_null(f->r);
    assert_non_null(f->r2);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    agenda_free(f->seed);
    agenda_free(f->multi);
    agenda_free(f->stress);
    agenda_free(f->lingual);
    fonts_chain_destroy(f->fc);
    free(f->lay);
    free(f->r);
    free(f->r2);
    free(f);
    return 0;
}

static layout_input input(int w, int h, const char *lang, int32_t hall)
{
    layout_input in = {.width = w, .height = h, .lang = lang, .lang2 = NULL,
                       .source_line = "embedded agenda · revision 2020-12-08",
                       .source_warning = false, .hall = hall, .card = 1,
                       .fonts = chain_regular, .fonts_bold = chain_bold};
    return in;
}

/* ---- Checks --------------------------------------------------------------- */

static bool full_screen_fill(const layout_box *b, int w, int h)
{
    return b->kind == LAYOUT_FILL && b->x == 0 && b->y == 0 && b->w == w && b->h == h;
}

static void fail_box(const char *why, const layout_result *r, size_t i, const layout_input *in)
{
    const layout_box *b = &r->boxes[i];
    fail_msg("%dx%d %s: box %zu (kind %d, %d,%d %dx%d, \"%.60s\"): %s", in->width, in->height,
             in->lang, i, (int)b->kind, b->x, b->y, b->w, b->h, b->text, why);
}

/* Every rule of layout.h and of the product brief that holds for any layout. */
static void check_invariants(const layout_result *r, const layout_input *in)
{
    int W = in->width, H = in->height;
    int title_min = (int)ceil(0.04 * H / 0.714);
    assert_true(r->n >= 1 && r->n <= LAYOUT_MAX_BOXES);
    assert_true(r->margin_x * 20 >= W && r->margin_y * 20 >= H);
    assert_true(r->margin_x <= W / 20 + 1 && r->margin_y <= H / 20 + 1);
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        if (b->w <= 0 || b->h <= 0)
            fail_box("empty box", r, i, in);
        if (b->x < 0 || b->y < 0 || b->x + b->w > W || b->y + b->h > H)
            fail_box("outside the screen", r, i, in);
        if (!full_screen_fill(b, W, H) &&
            (b->x < r->margin_x || b->y < r->margin_y || b->x + b->w > W - r->margin_x ||
             b->y + b->h > H - r->margin_y))
            fail_box("outside the overscan margins", r, i, in);
        if (b->kind == LAYOUT_PROGRESS && !(b->progress >= 0.0 && b->progress <= 1.0))
            fail_box("progress out of 0..1", r, i, in);
        if (b->kind != LAYOUT_TEXT)
            continue;
        size_t len = strnlen(b->text, LAYOUT_TEXT_MAX);
        if (len == 0 || len >= LAYOUT_TEXT_MAX)
            fail_box("text empty or not terminated", r, i, in);
        if (!support_utf8_valid(b->text))
            fail_box("text is not valid UTF-8", r, i, in);
        if (layout_contrast(b->color, b->bg) < 4.5)
            fail_box("contrast below 4.5:1", r, i, in);
        if (b->min_px < 1 || b->min_px > b->max_px || b->max_lines < 1 ||
            b->max_lines > TEXTLAY_MAX_LINES)
            fail_box("bad size range or line budget", r, i, in);
        if (b->h < (int)ceil(1.3 * b->min_px))
            fail_box("box lower than one line at min_px", r, i, in);
        if (b->is_title && b->min_px < title_min)
            fail_box("title below the cap-height rule", r, i, in);
        if (!b->lang)
            fail_box("no language", r, i, in);
        for (size_t j = 0; j < i; j++)
            if (r->boxes[j].kind == LAYOUT_TEXT && layoutfix_overlap(b, &r->boxes[j]))
                fail_box("overlaps an earlier text box", r, i, in);
    }
    assert_true(full_screen_fill(&r->boxes[0], W, H));
}

/* A title box showing the session's title (its start, when cut to the box). */
static const layout_box *find_title(const layout_result *r, const agenda *a,
                                    const agenda_session *se, const char *lang)
{
    const char *t = agenda_tr_get(a, &se->title, lang);
    size_t n = strlen(t);
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        if (b->kind != LAYOUT_TEXT || !b->is_title)
            continue;
        if (n < LAYOUT_TEXT_MAX ? strcmp(b->text, t) == 0 : strncmp(b->text, t, 512) == 0)
            return b;
    }
    return NULL;
}

/* The phase's own words must be on screen. */
static void check_phase_words(const layout_result *r, const agenda *a, const sched_state *s,
                              const layout_input *in)
{
    const char *lang = in->lang;
    char buf[I18N_BUF];
    const layout_box *b = NULL;
    switch (s->phase) {
    case SCHED_BEFORE:
        i18n_format_minutes(lang, I18N_SPAN_STARTS_IN, (s->next_start - s->at + 59) / 60, buf,
                            sizeof(buf));
        b = layoutfix_find_text(r, buf);
        break;
    case SCHED_DURING:
        b = find_title(r, a, s->now[0], lang);
        if (b && !layoutfix_find_text(r, i18n_word(lang, I18N_NOW)))
            b = NULL;
        break;
    case SCHED_BREAK:
        b = layoutfix_find_sub(r, i18n_word(lang, I18N_NEXT_AT));
        if (b && !strstr(b->text, i18n_word(lang, I18N_BREAK)))
            b = NULL;
        break;
    case SCHED_OVERNIGHT:
        b = layoutfix_find_text(r, i18n_word(lang, I18N_TOMORROW));
        if (!b)
            b = layoutfix_find_text(r, i18n_word(lang, I18N_TODAY));
        for (int d = 0; !b && d < 7; d++)
            b = layoutfix_find_sub(r, i18n_weekday(lang, d)); /* "Fri 8 Nov" further away */
        break;
    case SCHED_AFTER:
        b = layoutfix_find_text(r, i18n_word(lang, I18N_EVENT_OVER));
        break;
    }
    if (!b) {
        layoutfix_dump(r);
        fail_msg("%dx%d %s phase %s: key words missing", in->width, in->height, lang,
                 sched_phase_name(s->phase));
    }
    /* Whatever the phase, when something comes next, its first session's title shows
     * (the stress agenda's 300 current sessions leave the landscape NEXT column room). */
    if (s->n_next && s->phase != SCHED_DURING && !find_title(r, a, s->next[0], lang)) {
        layoutfix_dump(r);
        fail_msg("%dx%d %s phase %s: first next session missing", in->width, in->height, lang,
                 sched_phase_name(s->phase));
    }
}

static textlay_align mirrored_align(textlay_align a)
{
    return a == TEXTLAY_ALIGN_LEFT ? TEXTLAY_ALIGN_RIGHT
           : a == TEXTLAY_ALIGN_RIGHT ? TEXTLAY_ALIGN_LEFT
                                      : a;
}

/* A right-to-left layout with the English words ("he") is the English one mirrored:
 * same boxes, x -> W - x - w, left and right alignment swapped, progress filling
 * from the other side. */
static void check_mirror(const layout_result *en, const layout_result *rtl, int W)
{
    if (en->n != rtl->n) {
        layoutfix_dump(en);
        layoutfix_dump(rtl);
    }
    assert_int_equal(en->n, rtl->n);
    for (size_t i = 0; i < en->n; i++) {
        const layout_box *p = &en->boxes[i], *q = &rtl->boxes[i];
        assert_int_equal(p->kind, q->kind);
        assert_int_equal(q->x, W - p->x - p->w);
        assert_int_equal(p->y, q->y);
        assert_int_equal(p->w, q->w);
        assert_int_equal(p->h, q->h);
        assert_int_equal(mirrored_align(p->align), q->align);
        if (p->kind == LAYOUT_PROGRESS)
            assert_true(!p->fill_from_right && q->fill_from_right);
    }
}

/* Alignment is physical (no box is left to the direction of its own text, START or
 * END), and progress bars fill from the UI's reading side. */
static void check_alignment(const layout_result *r, const layout_input *in)
{
    bool rtl = i18n_rtl(in->lang);
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        if (b->kind == LAYOUT_PROGRESS && b->fill_from_right != rtl)
            fail_box("progress fills from the wrong side", r, i, in);
        if (b->kind == LAYOUT_TEXT &&
            (b->align == TEXTLAY_ALIGN_START || b->align == TEXTLAY_ALIGN_END))
            fail_box("alignment follows the text, not the UI", r, i, in);
    }
}

/* ---- The sweep ------------------------------------------------------------ */

typedef struct {
    const char *when;
    const char *hall; /* NULL = every hall */
    sched_phase phase;
} instant;

/* Lays out every instant for every screen and language and checks it all. */
static void sweep(fixture *f, const agenda *a, const instant *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int32_t hall = v[i].hall ? agenda_hall_find(a, v[i].hall) : -1;
        assert_true(!v[i].hall || hall >= 0);
        sched_state s;
        assert_int_equal(sched_query(a, layoutfix_at(v[i].when), hall, &s), 0);
        if (s.phase != v[i].phase)
            fail_msg("%s: phase %s, expected %s", v[i].when, sched_phase_name(s.phase),
                     sched_phase_name(v[i].phase));
        for (size_t k = 0; k < N_SCREENS; k++) {
            int W = screens[k].w, H = screens[k].h;
            for (size_t l = 0; l < N_LANGS; l++) {
                layout_input in = input(W, H, langs[l], hall);
                layout_result *r = l == 0 ? f->r : f->r2;
                layout_build(a, &s, &in, r);
                check_invariants(r, &in);
                check_phase_words(r, a, &s, &in);
                check_alignment(r, &in);
                if (!strcmp(langs[l], "he"))
                    check_mirror(f->r, r, W);
            }
        }
        sched_state_free(&s);
    }
}

static void layout_embedded_agenda_holds_in_every_phase(void **state)
{
    fixture *f = *state;
    static const instant v[] = {
        {"2020-12-07T09:00:00+03:00", NULL, SCHED_BEFORE}, /* starts in 2 d 3 h */
        {"2020-12-09T11:50:00+03:00", NULL, SCHED_BEFORE},
        {"2020-12-09T12:02:00+03:00", NULL, SCHED_DURING},
        {"2020-12-09T12:20:00+03:00", "main", SCHED_DURING},
        {"2020-12-09T14:00:00+03:00", NULL, SCHED_BREAK},
        {"2020-12-09T14:00:00+03:00", "main", SCHED_BREAK},
        {"2020-12-09T18:00:00+03:00", NULL, SCHED_OVERNIGHT},
        {"2020-12-10T23:30:00+03:00", "main", SCHED_OVERNIGHT},
        {"2020-12-11T17:27:00+03:00", NULL, SCHED_DURING},
        {"2020-12-12T10:00:00+03:00", NULL, SCHED_AFTER},
    };
    sweep(f, f->seed, v, sizeof(v) / sizeof(v[0]));
}

static void layout_multihall_agenda_holds_in_every_phase_and_hall_view(void **state)
{
    fixture *f = *state;
    static const instant v[] = {
        {"2024-03-30T08:00:00+01:00", NULL, SCHED_BEFORE},
        {"2024-03-30T08:00:00+01:00", "B", SCHED_BEFORE},
        {"2024-03-30T09:45:00+01:00", NULL, SCHED_DURING},
        {"2024-03-30T09:45:00+01:00", "A", SCHED_DURING},
        {"2024-03-30T09:45:00+01:00", "B", SCHED_DURING},
        {"2024-03-30T10:15:00+01:00", "A", SCHED_BREAK},
        {"2024-03-30T11:45:00+01:00", "A", SCHED_DURING}, /* with a cancelled session */
        {"2024-03-30T13:00:00+01:00", NULL, SCHED_OVERNIGHT},
        {"2024-03-30T13:00:00+01:00", "B", SCHED_OVERNIGHT},
        {"2024-04-01T00:10:00+02:00", NULL, SCHED_DURING},
        {"2024-04-01T01:00:00+02:00", NULL, SCHED_AFTER},
        {"2024-04-01T01:00:00+02:00", "A", SCHED_AFTER},
    };
    sweep(f, f->multi, v, sizeof(v) / sizeof(v[0]));
}

static void layout_stress_agenda_holds_in_every_phase_and_hall_view(void **state)
{
    fixture *f = *state;
    static const instant v[] = {
        {"2024-11-05T08:00:00+05:45", NULL, SCHED_BEFORE},
        {"2024-11-05T10:30:00+05:45", NULL, SCHED_DURING}, /* 300 in parallel */
        {"2024-11-05T10:30:00+05:45", "main", SCHED_DURING},
        {"2024-11-05T10:30:00+05:45", "b", SCHED_DURING},
        {"2024-11-05T10:30:00+05:45", "c", SCHED_DURING},
        {"2024-11-05T11:10:00+05:45", "main", SCHED_BREAK},
        {"2024-11-05T11:10:00+05:45", NULL, SCHED_DURING},
        {"2024-11-05T15:00:00+05:45", NULL, SCHED_OVERNIGHT}, /* tomorrow */
        {"2024-11-06T12:00:00+05:45", NULL, SCHED_OVERNIGHT}, /* Fri 8 Nov */
        {"2024-11-06T09:30:00+05:45", "c", SCHED_OVERNIGHT},
        {"2024-11-09T00:00:00+05:45", NULL, SCHED_AFTER},
        {"2024-11-09T00:00:00+05:45", "c", SCHED_AFTER},
    };
    sweep(f, f->stress, v, sizeof(v) / sizeof(v[0]));
}

/* ---- Single behaviours ---------------------------------------------------- */

static void layout_contrast_is_21_for_black_on_white_and_1_for_equal_colours(void **state)
{
    (void)state;
    assert_float_equal(layout_contrast(0x000000, 0xffffff), 21.0, 1e-9);
    assert_float_equal(layout_contrast(0xffffff, 0x000000), 21.0, 1e-9);
    assert_float_equal(layout_contrast(0x0d1b2a, 0x0d1b2a), 1.0, 1e-12);
    assert_float_equal(layout_contrast(0x777777, 0x777777), 1.0, 1e-12);
    /* #767676 on white is the classic AA threshold (4.54:1). */
    double c = layout_contrast(0x767676, 0xffffff);
    assert_true(c > 4.5 && c < 4.6);
}

/* Lays out agenda a at instant `when` (hall id or NULL) into f->r. */
static void build(fixture *f, const agenda *a, const char *when, const char *hall_id,
                  layout_input *in)
{
    in->hall = layoutfix_hall(a, hall_id);
    layoutfix_build(a, when, in, f->r);
    check_invariants(f->r, in);
}

static void layout_300_parallel_sessions_turn_pages_and_count_the_rest(void **state)
{
    fixture *f = *state;
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in = input(screens[k].w, screens[k].h, "en", -1);
        build(f, f->stress, "2024-11-05T10:30:00+05:45", "main", &in);
        bool portrait = in.height > in.width;
        /* They turn pages (at most 20; "+N more in progress" on the last): page 1 says
         * "page 1/20" and shows the first ones, each with its progress bar. */
        size_t shown = 0, pages = f->r->pages;
        for (size_t i = 0; i < f->r->n; i++)
            shown += f->r->boxes[i].kind == LAYOUT_PROGRESS;
        char mark[I18N_BUF];
        snprintf(mark, sizeof(mark), "page 1/%zu", pages);
        assert_true(pages > 1);
        assert_non_null(layoutfix_find_text(f->r, mark));
        /* Each keeps its hall, times, progress and (when it can) two lines of its
         * 4 KiB title, so portrait shows 1 to 3 of them. */
        if (shown < 1 || shown > (portrait ? 3u : 2u)) {
            layoutfix_dump(f->r);
            fail_msg("%dx%d: %zu sessions shown", in.width, in.height, shown);
        }
        /* The sessions shown are the first ones; the 4 KiB title is cut with an ellipsis
         * at a code point boundary. */
        const layout_box *b = layoutfix_find_sub(f->r, "A very long title: ");
        assert_non_null(b);
        assert_true(b->is_title);
        size_t len = strlen(b->text);
        assert_true(len < LAYOUT_TEXT_MAX && len > LAYOUT_TEXT_MAX - 8);
        assert_string_equal(b->text + len - 3, "\xe2\x80\xa6");
        if (shown >= 2)
            assert_non_null(layoutfix_find_text(f->r, "Parallel session 1"));
        /* Five cancelled sessions at the same time: the first one at least. */
        assert_non_null(layoutfix_find_text(f->r, "Cancelled · Cancelled talk 0"));
        /* The last page counts the sessions on no page. */
        in.page = pages - 1;
        build(f, f->stress, "2024-11-05T10:30:00+05:45", "main", &in);
        size_t counted = 0;
        char more[I18N_BUF];
        for (size_t n = 1; n < 300 && !counted; n++) {
            i18n_format_more("en", (int64_t)n, true, more, sizeof(more));
            counted = layoutfix_find_text(f->r, more) ? n : 0;
        }
        if (counted < 300 - pages * 3 || counted > 300 - pages)
            fail_msg("%dx%d: %zu counted on the last of %zu pages", in.width, in.height, counted,
                     pages);
    }
}

static void layout_every_zone_gets_a_clock(void **state)
{
    fixture *f = *state;
    static const char *const labels[] = {"Kathmandu", "St. John's", "Paris",
                                         "Beijing", "Los Angeles", "Auckland"};
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in = input(screens[k].w, screens[k].h, "en", -1);
        build(f, f->stress, "2024-11-05T10:30:00+05:45", NULL, &in);
        int prev_x = -1, prev_y = -1;
        for (size_t i = 0; i < 6; i++) {
            const layout_box *b = layoutfix_find_text(f->r, labels[i]);
            if (!b) {
                layoutfix_dump(f->r);
                fail_msg("%dx%d: no clock for %s", in.width, in.height, labels[i]);
            }
            /* Venue zone first: reading order left to right, then row by row. */
            assert_true(b->y > prev_y || (b->y == prev_y && b->x > prev_x));
            prev_x = b->x, prev_y = b->y;
        }
        /* 10:30 in Kathmandu (+05:45) is 01:15 in St John's (-03:30) and 05:45 in Paris. */
        assert_non_null(layoutfix_find_text(f->r, "10:30"));
        assert_non_null(layoutfix_find_text(f->r, "01:15"));
        assert_non_null(layoutfix_find_text(f->r, "05:45"));
        assert_non_null(layoutfix_find_text(f->r, "Tue 5 Nov"));
    }
}

static void layout_current_session_shows_times_in_every_zone_progress_and_time_left(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->seed, "2020-12-09T12:02:00+03:00", NULL, &in);
    assert_non_null(layoutfix_find_text(f->r, "Opening address and setting the scene"));
    assert_non_null(layoutfix_find_sub(f->r, "12:00–12:05 Moscow · 17:00–17:05 Beijing"));
    assert_non_null(layoutfix_find_text(f->r, "3 min left"));
    size_t progress = 0;
    for (size_t i = 0; i < f->r->n; i++) {
        const layout_box *b = &f->r->boxes[i];
        if (b->kind == LAYOUT_PROGRESS) {
            progress++;
            assert_true(b->progress > 0.39 && b->progress < 0.41); /* 2 of 5 minutes */
        }
    }
    assert_int_equal(progress, 1);
    /* NEXT: the next session and the ones after it, with their start in every zone. */
    assert_non_null(layoutfix_find_text(f->r, "Opening address"));
    assert_non_null(layoutfix_find_text(f->r, "12:05 Moscow · 17:05 Beijing"));
    assert_non_null(layoutfix_find_text(f->r, "in 3 min"));
    assert_non_null(layoutfix_find_text(f->r, "Keynote presentations"));
    assert_non_null(layoutfix_find_text(f->r, "in 8 min"));
}

static void layout_track_colour_is_a_band_beside_the_session_not_a_text_background(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->multi, "2024-03-30T09:45:00+01:00", "A", &in);
    const layout_box *title = layoutfix_find_text(f->r, "Opening");
    assert_non_null(title);
    const layout_box *band = NULL;
    for (size_t i = 0; i < f->r->n; i++)
        if (f->r->boxes[i].kind == LAYOUT_FILL && f->r->boxes[i].color == 0x1e88e5)
            band = &f->r->boxes[i];
    assert_non_null(band);
    assert_true(band->x + band->w <= title->x); /* beside it, on the start side */
    assert_true(band->y <= title->y && band->y + band->h >= title->y + title->h);
    for (size_t i = 0; i < f->r->n; i++)
        if (f->r->boxes[i].kind == LAYOUT_TEXT)
            assert_true(f->r->boxes[i].bg != 0x1e88e5);
}

static void layout_hall_view_lists_the_other_halls_now(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->multi, "2024-03-30T09:45:00+01:00", "A", &in);
    assert_non_null(layoutfix_find_text(f->r, "Elsewhere now"));
    assert_non_null(layoutfix_find_text(f->r, "Hall B · Workshop"));
    /* Every hall at once: nothing is elsewhere. */
    build(f, f->multi, "2024-03-30T09:45:00+01:00", NULL, &in);
    assert_null(layoutfix_find_text(f->r, "Elsewhere now"));
    /* Stress, hall B: the main hall's 300 sessions and hall C's two: 3 lines + "+N more". */
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in2 = input(screens[k].w, screens[k].h, "en", -1);
        build(f, f->stress, "2024-11-05T10:30:00+05:45", "b", &in2);
        assert_non_null(layoutfix_find_text(f->r, "Elsewhere now"));
        size_t lines = 0;
        for (size_t i = 0; i < f->r->n; i++)
            lines += strncmp(f->r->boxes[i].text, "Main hall · ", 12) == 0 ||
                     strncmp(f->r->boxes[i].text, "Hall C · ", 9) == 0;
        assert_true(lines >= 1 && lines <= 3);
        char more[I18N_BUF];
        i18n_format_more("en", 302 - (int64_t)lines, false, more, sizeof(more));
        if (!layoutfix_find_text(f->r, more)) {
            layoutfix_dump(f->r);
            fail_msg("%dx%d: no \"%s\"", in2.width, in2.height, more);
        }
    }
}

static void layout_break_names_the_next_start_in_every_zone(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->seed, "2020-12-09T14:00:00+03:00", NULL, &in);
    assert_non_null(layoutfix_find_text(f->r, "Break · next at 15:00 Moscow / 20:00 Beijing"));
    in.lang = "zh";
    build(f, f->seed, "2020-12-09T14:00:00+03:00", NULL, &in);
    assert_non_null(
        layoutfix_find_text(f->r, "休息 · 下一场 15:00 莫斯科 / 20:00 北京"));
}

static void layout_overnight_says_tomorrow_or_the_date_with_times_per_zone(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->seed, "2020-12-09T18:00:00+03:00", NULL, &in);
    assert_non_null(layoutfix_find_text(f->r, "Tomorrow"));
    assert_non_null(
        layoutfix_find_text(f->r, "Thu 10 Dec 12:00 Moscow · Thu 10 Dec 17:00 Beijing"));
    /* Two days away in the stress agenda: the date, in the venue zone. */
    build(f, f->stress, "2024-11-06T12:00:00+05:45", NULL, &in);
    assert_non_null(layoutfix_find_text(f->r, "Fri 8 Nov"));
    /* Kathmandu 09:00 on the 8th (03:15 UTC) is still the 7th in St John's (-03:30). */
    assert_non_null(
        layoutfix_find_sub(f->r, "Fri 8 Nov 09:00 Kathmandu · Thu 7 Nov 23:45 St. John's"));
}

static void layout_before_counts_down_and_lists_the_first_sessions(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->seed, "2020-12-07T09:00:00+03:00", NULL, &in);
    assert_non_null(layoutfix_find_text(f->r, "Starts in 2 d 3 h"));
    assert_non_null(layoutfix_find_text(f->r, "Opening address and setting the scene"));
    assert_non_null(layoutfix_find_text(f->r, "in 2 d 3 h"));
    in.lang = "ru";
    build(f, f->seed, "2020-12-07T09:00:00+03:00", NULL, &in);
    assert_non_null(layoutfix_find_text(f->r, "Начало через 2 дн. 3 ч"));
}

static void layout_after_the_event_says_so_and_shows_cards(void **state)
{
    fixture *f = *state;
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in = input(screens[k].w, screens[k].h, "en", -1);
        in.card = 5; /* 4 cards: the second one */
        build(f, f->seed, "2020-12-12T10:00:00+03:00", NULL, &in);
        assert_non_null(layoutfix_find_text(f->r, "The event is over"));
        assert_non_null(
            layoutfix_find_text(f->r, agenda_tr_get(f->seed, &f->seed->cards[1].title, "en")));
        size_t panels = 0;
        for (size_t i = 0; i < f->r->n; i++)
            panels += f->r->boxes[i].kind == LAYOUT_FILL && f->r->boxes[i].bg != f->r->boxes[i].color;
        assert_true(panels >= 2); /* the rule under the header and at least one card */
    }
}

static void layout_cancelled_sessions_are_marked(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->multi, "2024-03-30T11:45:00+01:00", "A", &in);
    assert_non_null(layoutfix_find_text(f->r, "Panel"));
    assert_non_null(layoutfix_find_text(f->r, "Cancelled · Cancelled talk"));
    /* In the NEXT list a cancelled session says so instead of "in N min". */
    build(f, f->multi, "2024-03-30T11:00:00+01:00", "A", &in);
    assert_non_null(layoutfix_find_text(f->r, "Cancelled"));
    assert_non_null(layoutfix_find_text(f->r, "Cancelled talk"));
    in.lang = "ar";
    build(f, f->multi, "2024-03-30T11:45:00+01:00", "A", &in);
    assert_non_null(layoutfix_find_text(f->r, "ملغاة · Cancelled talk"));
}

static void layout_footer_warns_in_a_readable_warning_colour(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->seed, "2020-12-09T12:02:00+03:00", NULL, &in);
    const layout_box *b = layoutfix_find_text(f->r, in.source_line);
    assert_non_null(b);
    uint32_t normal = b->color;
    int px = b->max_px;
    assert_true(px >= 20 && px <= 28); /* about 2.2 % of the height */
    in.source_warning = true;
    build(f, f->seed, "2020-12-09T12:02:00+03:00", NULL, &in);
    b = layoutfix_find_text(f->r, in.source_line);
    assert_non_null(b);
    assert_true(b->color != normal);
    assert_true(layout_contrast(b->color, b->bg) >= 4.5);
    assert_true(b->y + b->h == in.height - f->r->margin_y); /* at the bottom */
}

static void layout_second_language_title_sits_beneath(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    in.lang2 = "zh";
    build(f, f->seed, "2020-12-09T12:02:00+03:00", NULL, &in);
    const layout_box *t1 = layoutfix_find_text(f->r, "Global MOOC Conference 2020");
    const layout_box *t2 = layoutfix_find_text(f->r, "2020全球慕课大会");
    assert_non_null(t1);
    assert_non_null(t2);
    assert_true(t2->y >= t1->y + t1->h);
    assert_string_equal(t2->lang, "zh");
    assert_string_equal(t1->lang, "en");
}

static void layout_rtl_mirrors_and_keeps_start_alignment(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "ar", -1);
    build(f, f->seed, "2020-12-09T12:02:00+03:00", NULL, &in);
    /* The NOW heading is at the right edge of the content area. */
    const layout_box *now = layoutfix_find_text(f->r, i18n_word("ar", I18N_NOW));
    assert_non_null(now);
    assert_int_equal(now->x + now->w, in.width - f->r->margin_x);
    /* The venue clock (Moscow) is right of the Beijing one. */
    const layout_box *msk = layoutfix_find_text(f->r, "Moscow");
    const layout_box *pek = layoutfix_find_text(f->r, "Beijing");
    assert_non_null(msk);
    assert_non_null(pek);
    assert_true(msk->x > pek->x);
    assert_int_equal(now->align, TEXTLAY_ALIGN_RIGHT);
}

static void layout_survives_any_screen_size(void **state)
{
    fixture *f = *state;
    static const struct {
        int w, h;
    } odd[] = {{640, 360}, {641, 359}, {800, 600}, {1024, 768}, {2560, 1080}, {360, 640},
               {720, 1280}, {768, 1366}, {5000, 400}, {400, 5000}, {100, 100}, {1, 1}, {2, 3}};
    static const char *const when[] = {"2024-11-05T08:00:00+05:45", "2024-11-05T10:30:00+05:45",
                                       "2024-11-05T11:10:00+05:45", "2024-11-06T12:00:00+05:45",
                                       "2024-11-09T00:00:00+05:45"};
    for (size_t k = 0; k < sizeof(odd) / sizeof(odd[0]); k++)
        for (size_t t = 0; t < sizeof(when) / sizeof(when[0]); t++)
            for (int hv = 0; hv < 2; hv++) {
                layout_input in = input(odd[k].w, odd[k].h, t % 2 ? "ar" : "zh", -1);
                build(f, f->stress, when[t], hv ? "main" : NULL, &in);
            }
    /* Nothing to show on: no boxes, no crash. */
    layout_input in = input(0, 0, "en", -1);
    sched_state s;
    assert_int_equal(sched_query(f->seed, layoutfix_at("2020-12-09T12:02:00+03:00"), -1, &s), 0);
    layout_build(f->seed, &s, &in, f->r);
    assert_int_equal(f->r->n, 0);
    sched_state_free(&s);
}


/* ---- Text fitted with the real fonts ---------------------------------------- */

/* Lays out the text of box b with the font chain, as the board draws it. */
static const textlay_result *fit_box(fixture *f, const layout_box *b)
{
    textlay_box tb = {b->w, b->h, b->max_px, b->min_px, b->max_lines, b->align, b->lang};
    int weight = b->weight == LAYOUT_WEIGHT_BOLD ? FONTS_BOLD : FONTS_REGULAR;
    assert_int_equal(textlay_layout(b->text, &tb, fonts_chain_textlay(f->fc, weight), f->lay), 0);
    return f->lay;
}

/* The instants of docs/screenshots (before, during, break, overnight, after). */
static const char *const shot_times[] = {"2020-12-08T12:00:00+03:00", "2020-12-09T12:20:00+03:00",
                                         "2020-12-09T14:00:00+03:00", "2020-12-09T23:00:00+03:00",
                                         "2020-12-12T12:00:00+03:00"};
#define N_SHOTS (sizeof(shot_times) / sizeof(shot_times[0]))

/* Calls check(f, box, result, input) for every text box of the embedded agenda at the
 * screenshot instants, on every screen, in the languages given. */
typedef void (*box_check)(fixture *f, const layout_box *b, const textlay_result *r,
                          const layout_input *in, const char *when);

static void each_fitted_box(fixture *f, const char *const *ls, size_t nl, box_check check)
{
    for (size_t t = 0; t < N_SHOTS; t++)
        for (size_t k = 0; k < N_SCREENS; k++)
            for (size_t l = 0; l < nl; l++) {
                layout_input in = input(screens[k].w, screens[k].h, ls[l], -1);
                build(f, f->seed, shot_times[t], NULL, &in);
                for (size_t i = 0; i < f->r->n; i++) {
                    const layout_box *b = &f->r->boxes[i];
                    if (b->kind == LAYOUT_TEXT)
                        check(f, b, fit_box(f, b), &in, shot_times[t]);
                }
            }
}

static void title_not_cut(fixture *f, const layout_box *b, const textlay_result *r,
                          const layout_input *in, const char *when)
{
    if (b->is_title && r->truncated) {
        layoutfix_dump(f->r);
        fail_msg("%s %dx%d %s: title \"%s\" cut to \"%s\" (px %d..%d, %d lines)", when,
                 in->width, in->height, in->lang, b->text, r->text, b->min_px, b->max_px,
                 b->max_lines);
    }
}

/* A session title is made smaller (down to the cap-height minimum) or given another
 * line before it is cut: the titles of the embedded agenda are never cut, in any
 * phase, on any screen. ("Panel discussion by MOOC platforms and institutions" was
 * "...platforms and..." at 1920x1080, "Opening address and setting the..." at
 * 1080x1920.) */
static void layout_titles_shrink_or_wrap_rather_than_being_cut(void **state)
{
    static const char *const ls[] = {"en", "zh", "fr", "es", "ar"};
    each_fitted_box(*state, ls, sizeof(ls) / sizeof(ls[0]), title_not_cut);
}

static void no_empty_line(fixture *f, const layout_box *b, const textlay_result *r,
                          const layout_input *in, const char *when)
{
    if (r->n_lines == 0)
        return;
    int line = r->height / (int)r->n_lines;
    if (b->h - r->height >= line) {
        layoutfix_dump(f->r);
        fail_msg("%s %dx%d %s: \"%s\" takes %zu lines (%d px) in a box of %d px", when,
                 in->width, in->height, in->lang, b->text, r->n_lines, r->height, b->h);
    }
    /* A cut text had no room for another line at its smallest size. */
    if (r->truncated && r->px == b->min_px && b->h - r->height >= line &&
        (int)r->n_lines < b->max_lines)
        fail_msg("%s %dx%d %s: \"%s\" cut with room left", when, in->width, in->height,
                 in->lang, b->text);
}

/* A box is as tall as the lines its text takes: never a whole empty line under the
 * text ("Opening address" was one line in a box of two at 1080x1920). */
static void layout_boxes_hold_the_lines_their_text_takes(void **state)
{
    static const char *const ls[] = {"en", "zh", "ru", "ar"};
    each_fitted_box(*state, ls, sizeof(ls) / sizeof(ls[0]), no_empty_line);
}

/* The multilingual feed at 11:45 (two sessions on): the title mixing nine scripts is
 * whole on a landscape screen, and where it cannot be (portrait, 108 px letters) the
 * lines that show fill its box. */
static void layout_mixed_script_title_is_whole_or_fills_its_box(void **state)
{
    fixture *f = *state;
    static const char when[] = "2024-05-14T11:45:00+08:00";
    const agenda_session *mixed = NULL;
    for (size_t i = 0; i < f->lingual->n_sessions; i++)
        if (!strcmp(f->lingual->sessions[i].id, "mixed"))
            mixed = &f->lingual->sessions[i];
    assert_non_null(mixed);
    const char *title = agenda_tr_get(f->lingual, &mixed->title, "en");
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in = input(screens[k].w, screens[k].h, "en", -1);
        build(f, f->lingual, when, NULL, &in);
        const layout_box *b = layoutfix_find_text(f->r, title);
        assert_non_null(b);
        const textlay_result *r = fit_box(f, b);
        if (in.width > in.height && r->truncated) {
            layoutfix_dump(f->r);
            fail_msg("%dx%d: the mixed-script title is cut: \"%s\"", in.width, in.height, r->text);
        }
        if (b->h - r->height >= r->height / (int)r->n_lines) {
            layoutfix_dump(f->r);
            fail_msg("%dx%d: \"%s\" in %zu lines (%d px) in a box of %d px", in.width, in.height,
                     r->text, r->n_lines, r->height, b->h);
        }
    }
}

/* The names of a session's people, in order, as a NEXT line shows them. */
static bool is_people_line(const agenda *a, const agenda_session *se, const char *text)
{
    if (se->n_speakers < 2)
        return false;
    const char *first = agenda_tr_get(a, &se->speakers[0].name, "en");
    return strncmp(text, first, strlen(first)) == 0 && strstr(text, " · ");
}

/* A list of people that does not fit is cut after a whole name and says how many are
 * left out ("+3 more"), never inside a name ("James Birt ·..."). */
static void layout_speaker_lists_end_at_a_whole_name(void **state)
{
    fixture *f = *state;
    size_t cut_lists = 0;
    for (size_t t = 0; t < N_SHOTS; t++)
        for (size_t k = 0; k < N_SCREENS; k++) {
            layout_input in = input(screens[k].w, screens[k].h, "en", -1);
            build(f, f->seed, shot_times[t], NULL, &in);
            for (size_t i = 0; i < f->r->n; i++) {
                const layout_box *b = &f->r->boxes[i];
                if (b->kind != LAYOUT_TEXT || b->is_title)
                    continue;
                for (size_t s = 0; s < f->seed->n_sessions; s++) {
                    const agenda_session *se = &f->seed->sessions[s];
                    if (!is_people_line(f->seed, se, b->text))
                        continue;
                    const textlay_result *r = fit_box(f, b);
                    if (r->truncated) {
                        layoutfix_dump(f->r);
                        fail_msg("%s %dx%d: people cut inside the list: \"%s\"", shot_times[t],
                                 in.width, in.height, r->text);
                    }
                    /* Every name shown is whole; the ones left out are counted. */
                    size_t shown = 0;
                    for (size_t p = 0; p < se->n_speakers; p++)
                        shown += strstr(b->text, agenda_tr_get(f->seed, &se->speakers[p].name,
                                                               "en")) != NULL;
                    if (shown < se->n_speakers) {
                        char more[I18N_BUF];
                        i18n_format_more("en", (int64_t)(se->n_speakers - shown), false, more,
                                         sizeof(more));
                        size_t lt = strlen(b->text), lm = strlen(more);
                        assert_true(lt > lm && strcmp(b->text + lt - lm, more) == 0);
                        cut_lists++;
                    }
                    break;
                }
            }
        }
    assert_true(cut_lists > 0); /* the 8 speakers of the keynote addresses do not fit */
}

/* At 23:00 in Moscow it is already 04:00 on the next day in Beijing: the next session
 * (12:00 Moscow) is tomorrow in Moscow but today in Beijing. No zone-blind "Tomorrow":
 * the heading gives the date and each zone says what the day is there. */
static void layout_today_and_tomorrow_are_per_zone(void **state)
{
    fixture *f = *state;
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in = input(screens[k].w, screens[k].h, "en", -1);
        build(f, f->seed, "2020-12-09T23:00:00+03:00", NULL, &in);
        assert_null(layoutfix_find_text(f->r, "Tomorrow"));
        assert_null(layoutfix_find_text(f->r, "Today"));
        assert_non_null(layoutfix_find_text(f->r, "Thu 10 Dec"));
        assert_non_null(layoutfix_find_text(f->r, "Tomorrow 12:00 Moscow · Today 17:00 Beijing"));
    }
    /* In Russian too. */
    layout_input in = input(1920, 1080, "ru", -1);
    build(f, f->seed, "2020-12-09T23:00:00+03:00", NULL, &in);
    assert_null(layoutfix_find_text(f->r, i18n_word("ru", I18N_TOMORROW)));
    /* At 18:00 in Moscow (23:00 in Beijing) both zones say tomorrow. */
    in = input(1920, 1080, "en", -1);
    build(f, f->seed, "2020-12-09T18:00:00+03:00", NULL, &in);
    assert_non_null(layoutfix_find_text(f->r, "Tomorrow"));
}

/* The box with exactly this text, or fail. */
static const layout_box *must_find(const layout_result *r, const char *s)
{
    const layout_box *b = layoutfix_find_text(r, s);
    if (!b) {
        layoutfix_dump(r);
        fail_msg("no box \"%s\"", s);
    }
    return b;
}

/* Right to left: every column keeps to its right edge, Latin text included (the
 * event title, the NEXT panel's times, title and speakers, the footer); progress
 * fills from the right; the board's Arabic words are not shrunk below their size in
 * English (the dates under the clocks were). */
static void layout_rtl_columns_align_right_and_arabic_words_keep_their_size(void **state)
{
    fixture *f = *state;
    const char *when = "2020-12-09T12:20:00+03:00";
    layout_input in = input(1920, 1080, "ar", -1);
    build(f, f->seed, when, NULL, &in);
    const char *const right[] = {"Global MOOC Conference 2020", "12:40 Moscow · 17:40 Beijing",
                                 "Panel discussion by MOOC platforms and institutions",
                                 "Keynote presentations", in.source_line};
    for (size_t i = 0; i < sizeof(right) / sizeof(right[0]); i++) {
        const layout_box *b = must_find(f->r, right[i]);
        if (b->align != TEXTLAY_ALIGN_RIGHT)
            fail_msg("\"%s\" aligned %d, not right", right[i], (int)b->align);
        /* Drawn against the right edge of its box. */
        const textlay_result *r = fit_box(f, b);
        for (size_t l = 0; l < r->n_lines; l++)
            assert_true(b->w - r->lines[l].width - r->runs[r->lines[l].first_run].x <= 1);
    }
    const layout_box *title = must_find(f->r, "Global MOOC Conference 2020");
    assert_int_equal(title->x + title->w, in.width - f->r->margin_x);
    size_t bars = 0;
    for (size_t i = 0; i < f->r->n; i++)
        if (f->r->boxes[i].kind == LAYOUT_PROGRESS) {
            assert_true(f->r->boxes[i].fill_from_right);
            bars++;
        }
    assert_int_equal(bars, 1);
    /* The date under a clock: drawn at the box's full size, as large as in English. */
    char date[I18N_BUF];
    i18n_format_date("ar", 3, 12, 9, date, sizeof(date));
    const layout_box *d = must_find(f->r, date);
    const textlay_result *r = fit_box(f, d);
    assert_false(r->truncated);
    int ar_px = r->px;
    in.lang = "en";
    build(f, f->seed, when, NULL, &in);
    const layout_box *de = must_find(f->r, "Wed 9 Dec");
    assert_int_equal(ar_px, fit_box(f, de)->px);
    assert_int_equal(d->max_px, de->max_px);
}

/* The two panels after the event start at the same height; on a portrait screen the
 * cards fill the column (the footer is not 600 px below the last one); the portrait
 * header keeps one left edge for the title and the clocks. */
static void layout_columns_and_header_keep_common_edges(void **state)
{
    fixture *f = *state;
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->seed, "2020-12-12T12:00:00+03:00", NULL, &in);
    int tops[2], n = 0;
    for (size_t i = 0; i < f->r->n; i++)
        if (f->r->boxes[i].kind == LAYOUT_FILL && f->r->boxes[i].color == 0x1b2d45 && n < 2)
            tops[n++] = f->r->boxes[i].y;
    assert_int_equal(n, 2);
    assert_int_equal(tops[0], tops[1]);

    in = input(1080, 1920, "en", -1);
    build(f, f->seed, "2020-12-12T12:00:00+03:00", NULL, &in);
    const layout_box *foot = must_find(f->r, in.source_line);
    int low = 0;
    for (size_t i = 1; i < f->r->n; i++)
        if (&f->r->boxes[i] != foot && f->r->boxes[i].y + f->r->boxes[i].h > low)
            low = f->r->boxes[i].y + f->r->boxes[i].h;
    if (foot->y - low > in.height / 8) {
        layoutfix_dump(f->r);
        fail_msg("%d px empty above the footer", foot->y - low);
    }

    const layout_box *title = must_find(f->r, "Global MOOC Conference 2020");
    const layout_box *clock = must_find(f->r, "12:00");
    assert_int_equal(clock->x, title->x);
    assert_int_equal(clock->align, title->align);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(layout_contrast_is_21_for_black_on_white_and_1_for_equal_colours),
        cmocka_unit_test(layout_embedded_agenda_holds_in_every_phase),
        cmocka_unit_test(layout_multihall_agenda_holds_in_every_phase_and_hall_view),
        cmocka_unit_test(layout_stress_agenda_holds_in_every_phase_and_hall_view),
        cmocka_unit_test(layout_300_parallel_sessions_turn_pages_and_count_the_rest),
        cmocka_unit_test(layout_every_zone_gets_a_clock),
        cmocka_unit_test(layout_current_session_shows_times_in_every_zone_progress_and_time_left),
        cmocka_unit_test(layout_track_colour_is_a_band_beside_the_session_not_a_text_background),
        cmocka_unit_test(layout_hall_view_lists_the_other_halls_now),
        cmocka_unit_test(layout_break_names_the_next_start_in_every_zone),
        cmocka_unit_test(layout_overnight_says_tomorrow_or_the_date_with_times_per_zone),
        cmocka_unit_test(layout_before_counts_down_and_lists_the_first_sessions),
        cmocka_unit_test(layout_after_the_event_says_so_and_shows_cards),
        cmocka_unit_test(layout_cancelled_sessions_are_marked),
        cmocka_unit_test(layout_footer_warns_in_a_readable_warning_colour),
        cmocka_unit_test(layout_second_language_title_sits_beneath),
        cmocka_unit_test(layout_rtl_mirrors_and_keeps_start_alignment),
        cmocka_unit_test(layout_survives_any_screen_size),
        cmocka_unit_test(layout_titles_shrink_or_wrap_rather_than_being_cut),
        cmocka_unit_test(layout_boxes_hold_the_lines_their_text_takes),
        cmocka_unit_test(layout_mixed_script_title_is_whole_or_fills_its_box),
        cmocka_unit_test(layout_speaker_lists_end_at_a_whole_name),
        cmocka_unit_test(layout_today_and_tomorrow_are_per_zone),
        cmocka_unit_test(layout_rtl_columns_align_right_and_arabic_words_keep_their_size),
        cmocka_unit_test(layout_columns_and_header_keep_common_edges),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
