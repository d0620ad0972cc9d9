/* test_layout_alert.c - live operations on the board's boxes (layout_alert.h through
 * layout_build): the emergency takeover, the urgent banner, the info line, a hall's
 * note and the marks of delayed, moved and full sessions, on four screens.
 *
 * Pure: the built-in agenda's file (app/seed) and tests/inputs/multihall.json are
 * parsed, then the fields an override would set are set by hand on copies of their
 * session and hall arrays (restored after each test).
 */
#include "layoutfix.h"
#include "support.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "fakefonts.h"
#include "i18n.h"
#include "layout.h"
#include "layout/layout_alert.h"
#include "override.h"
#include "sched.h"
#include "tzdb.h"

#define DURING_SEED "2020-12-09T12:20:00+03:00" /* t1-keynotes now, t1-panel next */
#define DURING_MULTI "2024-03-30T09:40:00+01:00" /* a1 (A), b1 (B) now; a2 next */

typedef struct {
    agenda *seed, *multi;
    agenda_session *seed_s, *multi_s; /* writable copies installed in the agendas */
    agenda_hall *multi_h;
    const agenda_session *seed_orig, *multi_orig;
    const agenda_hall *multi_horig;
    layout_result *r;
} fixture;

static const struct {
    int w, h;
} screens[] = {{1920, 1080}, {1080, 1920}, {1280, 720}, {3840, 2160}};
#define N_SCREENS (sizeof(screens) / sizeof(screens[0]))

/* Announcement texts. */
static const agenda_tr ann_tr[] = {
    {"fr", "Évacuez le bâtiment par les sorties de secours."},
    {"en", "Evacuate the building by the emergency exits."},
    {"ar", "يرجى إخلاء المبنى عبر مخارج الطوارئ."},
    {"zh", "请从紧急出口撤离大楼。"},
    {"ru", "Покиньте здание через аварийные выходы."},
};
static const agenda_tr urgent_tr[] = {
    {"en", "Keynote moved to the main stage at 13:00"},
    {"zh", "主旨演讲改至13:00在主舞台举行"},
};
static const agenda_tr info_tr[] = {{"en", "Lunch is served on the terrace"}};
static const agenda_tr note_tr[] = {{"en", "Bring your badge"}, {"zh", "请携带胸牌"}};
static const agenda_tr hall_note_tr[] = {{"en", "Enter by the side door"}};

static agenda *load_seed(void)
{
    size_t len;
    char *doc = support_read_file(HB_SOURCE_DIR "/app/seed/gmooc2020.json", &len);
    assert_non_null(doc);
    feed_report rep;
    agenda *a = support_parse(doc, &rep);
    free(doc);
    support_expect_ok(a, &rep, NULL);
    return a;
}

static agenda_session *copy_sessions(const agenda *a)
{
    agenda_session *s = malloc(a->n_sessions * sizeof(*s));
    assert_non_null(s);
    memcpy(s, a->sessions, a->n_sessions * sizeof(*s));
    return s;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    tzdb_init();
    f->seed = load_seed();
    f->multi = support_load_input("multihall.json");
    f->seed_orig = f->seed->sessions;
    f->multi_orig = f->multi->sessions;
    f->multi_horig = f->multi->halls;
    f->r = malloc(sizeof(*f->r));
    assert_non_null(f->r);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    agenda_free(f->seed);
    agenda_free(f->multi);
    free(f->r);
    free(f);
    return 0;
}

/* Before each test: fresh writable copies, no announcement. */
static int fresh(void **state)
{
    fixture *f = *state;
    f->seed_s = copy_sessions(f->seed);
    f->multi_s = copy_sessions(f->multi);
    f->seed->sessions = f->seed_s;
    f->multi->sessions = f->multi_s;
    f->multi_h = malloc(f->multi->n_halls * sizeof(*f->multi_h));
    assert_non_null(f->multi_h);
    memcpy(f->multi_h, f->multi_horig, f->multi->n_halls * sizeof(*f->multi_h));
    f->multi->halls = f->multi_h;
    memset(&f->seed->announcement, 0, sizeof(f->seed->announcement));
    memset(&f->multi->announcement, 0, sizeof(f->multi->announcement));
    return 0;
}

static int restore(void **state)
{
    fixture *f = *state;
    f->seed->sessions = f->seed_orig;
    f->multi->sessions = f->multi_orig;
    f->multi->halls = f->multi_horig;
    memset(&f->seed->announcement, 0, sizeof(f->seed->announcement));
    memset(&f->multi->announcement, 0, sizeof(f->multi->announcement));
    free(f->seed_s);
    free(f->multi_s);
    free(f->multi_h);
    return 0;
}

static void announce(agenda *a, agenda_alert_level level, const agenda_tr *v, size_t n,
                     int64_t until)
{
    a->announcement.level = level;
    a->announcement.text.v = v;
    a->announcement.text.n = n;
    a->announcement.hall = -1;
    a->announcement.until = until;
}

/* The writable session `id` of agenda a (one of the fixture's copies). */
static agenda_session *session(const agenda *a, const char *id)
{
    return (agenda_session *)support_session(a, id);
}

/* The chain texts are measured with: a fake one of Noto-like widths. */
static fakefonts fonts;

static layout_input input(int w, int h, const char *lang, int32_t hall)
{
    layout_input in = {.width = w, .height = h, .lang = lang, .source_line = "built-in agenda",
                       .hall = hall, .card = 0, .fonts = fakefonts_init(&fonts, 0.55)};
    return in;
}

/* ---- Checks --------------------------------------------------------------- */

/* Every box inside the screen and (but the background) its margins; text valid,
 * readable and not overlapping other text. */
static void check_invariants(const layout_result *r, const layout_input *in)
{
    int W = in->width, H = in->height;
    assert_true(r->n >= 1);
    const layout_box *bg = &r->boxes[0];
    assert_true(bg->kind == LAYOUT_FILL && bg->x == 0 && bg->y == 0 && bg->w == W && bg->h == H);
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        bool ok = b->w > 0 && b->h > 0 && b->x >= 0 && b->y >= 0 && b->x + b->w <= W &&
                  b->y + b->h <= H;
        if (i > 0)
            ok = ok && b->x >= r->margin_x && b->y >= r->margin_y &&
                 b->x + b->w <= W - r->margin_x && b->y + b->h <= H - r->margin_y;
        if (b->kind == LAYOUT_TEXT) {
            ok = ok && b->text[0] && support_utf8_valid(b->text) && b->lang &&
                 layout_contrast(b->color, b->bg) >= 4.5 && b->min_px >= 1 &&
                 b->min_px <= b->max_px && b->max_lines >= 1 && b->max_lines <= TEXTLAY_MAX_LINES;
            for (size_t j = 0; j < i && ok; j++)
                ok = !(r->boxes[j].kind == LAYOUT_TEXT && layoutfix_overlap(b, &r->boxes[j]));
        }
        if (!ok) {
            layoutfix_dump(r);
            fail_msg("%dx%d %s: box %zu breaks the layout's rules", W, H, in->lang, i);
        }
    }
}

static size_t count_text(const layout_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->boxes[i].kind == LAYOUT_TEXT;
    return n;
}

/* Lays out a at instant `when` for hall (or -1) into f->r, checked. */
static void build(fixture *f, const agenda *a, const char *when, layout_input *in)
{
    layoutfix_build(a, when, in, f->r);
    check_invariants(f->r, in);
}

/* ---- Emergency ------------------------------------------------------------ */

/* The takeover for board language lang on every screen: only the background, the
 * rules between languages and one text box per expected translation, in order. */
static void check_takeover(fixture *f, const char *lang, const char *const *want, size_t n_want)
{
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in = input(screens[k].w, screens[k].h, lang, -1);
        build(f, f->seed, DURING_SEED, &in);
        const layout_result *r = f->r;
        assert_int_equal(count_text(r), n_want);
        size_t t = 0;
        for (size_t i = 0; i < r->n; i++) {
            const layout_box *b = &r->boxes[i];
            assert_int_equal(b->bg, LAYOUT_ALERT_TAKEOVER_BG);
            if (b->kind != LAYOUT_TEXT) {
                assert_int_equal(b->kind, LAYOUT_FILL); /* no progress bar */
                continue;
            }
            assert_string_equal(b->text, want[t]);
            assert_true(layout_contrast(b->color, b->bg) >= 15.0);
            textlay_align al = i18n_rtl(b->lang) ? TEXTLAY_ALIGN_RIGHT : TEXTLAY_ALIGN_LEFT;
            assert_int_equal(b->align, al);
            if (t == 0) /* the board's own language first, and largest */
                assert_true(strncmp(b->lang, lang, 2) == 0);
            else
                assert_true(b->max_px <= r->boxes[1].max_px || r->boxes[1].kind != LAYOUT_TEXT);
            t++;
        }
        assert_null(layoutfix_find_sub(r, "Keynote"));       /* no session */
        assert_null(layoutfix_find_sub(r, "built-in agenda")); /* no footer */
        assert_null(layoutfix_find_sub(r, "12:20"));         /* no clock */
        assert_null(layoutfix_find_sub(r, "MOOC"));          /* no event title */
    }
}

static void alert_emergency_shows_only_the_text_in_every_language_of_the_event(void **state)
{
    fixture *f = *state;
    announce(f->seed, AGENDA_ALERT_EMERGENCY, ann_tr, 5, layoutfix_at("2020-12-09T13:00:00+03:00"));
    /* The seed's languages are en, zh, ru: fr and ar only as the board's language. */
    const char *const en[] = {ann_tr[1].text, ann_tr[3].text, ann_tr[4].text};
    check_takeover(f, "en", en, 3);
    const char *const ar[] = {ann_tr[2].text, ann_tr[1].text, ann_tr[3].text, ann_tr[4].text};
    check_takeover(f, "ar", ar, 4);
    const char *const zh[] = {ann_tr[3].text, ann_tr[1].text, ann_tr[4].text};
    check_takeover(f, "zh-Hans", zh, 3);
}

static void alert_emergency_does_not_rotate_cards_and_ends_at_its_until(void **state)
{
    fixture *f = *state;
    announce(f->seed, AGENDA_ALERT_EMERGENCY, ann_tr, 5, layoutfix_at("2020-12-09T12:30:00+03:00"));
    layout_input in = input(1920, 1080, "en", -1);
    build(f, f->seed, DURING_SEED, &in);
    layout_result *first = malloc(sizeof(*first));
    assert_non_null(first);
    memcpy(first, f->r, sizeof(*first));
    in.card = 3;
    build(f, f->seed, DURING_SEED, &in);
    assert_int_equal(first->n, f->r->n);
    assert_memory_equal(first->boxes, f->r->boxes, first->n * sizeof(layout_box));
    free(first);
    /* At its until the board is back. */
    build(f, f->seed, "2020-12-09T12:30:00+03:00", &in);
    assert_non_null(layoutfix_find_sub(f->r, "Keynote presentations"));
    assert_null(layoutfix_find_sub(f->r, ann_tr[1].text));
    /* One for another hall is not shown on this hall's board. */
    f->seed->announcement.hall = 5;
    in.hall = 0;
    build(f, f->seed, DURING_SEED, &in);
    assert_null(layoutfix_find_sub(f->r, ann_tr[1].text));
}

static void alert_texts_put_the_board_language_first_once_each(void **state)
{
    fixture *f = *state;
    const agenda_tr *v[LAYOUT_ALERT_MAX_TEXTS];
    announce(f->seed, AGENDA_ALERT_EMERGENCY, ann_tr, 5, INT64_MAX);
    assert_int_equal(layout_alert_texts(f->seed, "ru", v, LAYOUT_ALERT_MAX_TEXTS), 3);
    assert_ptr_equal(v[0], &ann_tr[4]); /* ru, then en, zh (ru not twice) */
    assert_ptr_equal(v[1], &ann_tr[1]);
    assert_ptr_equal(v[2], &ann_tr[3]);
    assert_int_equal(layout_alert_texts(f->seed, "ar", v, 2), 2);
    static const agenda_tr plain[] = {{"", "Fire alarm"}};
    announce(f->seed, AGENDA_ALERT_EMERGENCY, plain, 1, INT64_MAX);
    assert_int_equal(layout_alert_texts(f->seed, "zh", v, LAYOUT_ALERT_MAX_TEXTS), 1);
    assert_string_equal(v[0]->text, "Fire alarm");
    static const agenda_tr de[] = {{"de", "Feueralarm"}};
    announce(f->seed, AGENDA_ALERT_EMERGENCY, de, 1, INT64_MAX);
    assert_int_equal(layout_alert_texts(f->seed, "en", v, LAYOUT_ALERT_MAX_TEXTS), 1);
    assert_string_equal(v[0]->text, "Feueralarm");
    announce(f->seed, AGENDA_ALERT_EMERGENCY, de, 0, INT64_MAX);
    assert_int_equal(layout_alert_texts(f->seed, "en", v, LAYOUT_ALERT_MAX_TEXTS), 0);
    assert_int_equal(layout_alert_level(f->seed, 0, -1), AGENDA_ALERT_NONE);
}

/* ---- Urgent and info ---------------------------------------------------------- */

static void alert_urgent_banner_tops_the_board_and_nothing_overlaps_it(void **state)
{
    fixture *f = *state;
    announce(f->seed, AGENDA_ALERT_URGENT, urgent_tr, 2, layoutfix_at("2020-12-09T13:00:00+03:00"));
    const char *langs[] = {"en", "zh", "ar"};
    for (size_t l = 0; l < 3; l++) {
        for (size_t k = 0; k < N_SCREENS; k++) {
            layout_input in = input(screens[k].w, screens[k].h, langs[l], -1);
            build(f, f->seed, DURING_SEED, &in);
            const layout_result *r = f->r;
            const layout_box *band = &r->boxes[1], *t = &r->boxes[2];
            assert_int_equal(band->kind, LAYOUT_FILL);
            assert_int_equal(band->color, LAYOUT_ALERT_BANNER_BG);
            assert_int_equal(band->y, r->margin_y);
            assert_int_equal(band->w, screens[k].w - 2 * r->margin_x);
            assert_int_equal(t->kind, LAYOUT_TEXT);
            assert_string_equal(t->text, l == 1 ? urgent_tr[1].text : urgent_tr[0].text);
            assert_true(layout_contrast(t->color, t->bg) >= 7.0);
            assert_int_equal(t->bg, LAYOUT_ALERT_BANNER_BG);
            assert_true(t->y >= band->y && t->y + t->h <= band->y + band->h);
            for (size_t i = 3; i < r->n; i++)
                if (layoutfix_overlap(&r->boxes[i], band)) {
                    layoutfix_dump(r);
                    fail_msg("%dx%d %s: box %zu under the banner", in.width, in.height, in.lang, i);
                }
            /* The board is still there below it. */
            assert_non_null(layoutfix_find_sub(r, "built-in agenda"));
            if (l == 0)
                assert_non_null(layoutfix_find_sub(r, "Keynote presentations"));
        }
    }
}

static void alert_info_is_one_line_above_the_footer(void **state)
{
    fixture *f = *state;
    announce(f->seed, AGENDA_ALERT_INFO, info_tr, 1, layoutfix_at("2020-12-09T13:00:00+03:00"));
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in = input(screens[k].w, screens[k].h, "zh", -1);
        build(f, f->seed, DURING_SEED, &in);
        const layout_result *r = f->r;
        size_t n = 0;
        const layout_box *info = NULL, *foot = layoutfix_find_sub(r, "built-in agenda");
        for (size_t i = 0; i < r->n; i++) {
            const layout_box *b = &r->boxes[i];
            assert_int_not_equal(b->color, LAYOUT_ALERT_BANNER_BG);
            if (b->kind == LAYOUT_TEXT && strstr(b->text, info_tr[0].text))
                info = b, n++;
        }
        assert_int_equal(n, 1);
        assert_non_null(foot);
        assert_true(info->y + info->h <= foot->y);
        assert_int_equal(info->color, 0xffd166); /* the board's accent */
        assert_true(info->max_lines <= 3);
        assert_non_null(layoutfix_find_sub(r, "主旨演讲")); /* the session is still on */
    }
}

/* ---- Sessions and halls ---------------------------------------------------- */

static void alert_delayed_full_and_noted_sessions_say_so(void **state)
{
    fixture *f = *state;
    agenda_session *next = session(f->seed, "t1-panel"), *now = session(f->seed, "t1-keynotes");
    next->delay_min = 15;
    next->start += 900, next->end += 900;
    now->hall_full = true;
    now->note.v = note_tr, now->note.n = 2;
    static const struct {
        const char *lang, *delayed, *full, *note, *time;
    } want[] = {
        {"en", "Delayed 15 min", "Hall full", "Bring your badge", "12:55"},
        {"zh", "推迟15分钟", "会场已满", "请携带胸牌", "12:55"},
    };
    for (size_t l = 0; l < 2; l++) {
        for (size_t k = 0; k < N_SCREENS; k++) {
            layout_input in = input(screens[k].w, screens[k].h, want[l].lang, -1);
            build(f, f->seed, DURING_SEED, &in);
            if (screens[k].w == 1280)
                continue; /* the smallest screen: the invariants only */
            const layout_box *d = layoutfix_find_sub(f->r, want[l].delayed);
            const layout_box *full = layoutfix_find_sub(f->r, want[l].full);
            if (!d || !full || !layoutfix_find_sub(f->r, want[l].note) ||
                !layoutfix_find_sub(f->r, want[l].time)) {
                layoutfix_dump(f->r);
                fail_msg("%dx%d %s: a mark is missing", in.width, in.height, in.lang);
            }
            assert_int_equal(full->color, 0xff8a80); /* the board's warning colour */
            assert_int_equal(d->color, 0xffd166);
        }
    }
}

static void alert_moved_session_names_its_new_hall(void **state)
{
    fixture *f = *state;
    agenda_session *a2 = session(f->multi, "a2");
    a2->moved = true;
    a2->moved_from = a2->hall;
    a2->hall = agenda_hall_find(f->multi, "B");
    static const struct {
        const char *lang, *moved;
    } want[] = {{"en", "Moved to Hall B"}, {"zh", "改至 Hall B"}, {"fr", "Nouvelle salle\u00a0: Salle B"}};
    for (size_t l = 0; l < 3; l++) {
        for (size_t k = 0; k < N_SCREENS; k++) {
            layout_input in = input(screens[k].w, screens[k].h, want[l].lang, -1);
            build(f, f->multi, DURING_MULTI, &in);
            const layout_box *b = layoutfix_find_sub(f->r, want[l].moved);
            if (!b) {
                layoutfix_dump(f->r);
                fail_msg("%dx%d %s: no \"%s\"", in.width, in.height, in.lang, want[l].moved);
            }
            assert_int_equal(b->color, 0xff8a80);
        }
    }
}

static void alert_hall_note_shows_on_that_halls_board_only(void **state)
{
    fixture *f = *state;
    int32_t a = agenda_hall_find(f->multi, "A"), b = agenda_hall_find(f->multi, "B");
    f->multi_h[a].note.v = hall_note_tr;
    f->multi_h[a].note.n = 1;
    for (size_t k = 0; k < N_SCREENS; k++) {
        layout_input in = input(screens[k].w, screens[k].h, "en", a);
        build(f, f->multi, DURING_MULTI, &in);
        const layout_box *n = layoutfix_find_sub(f->r, "Hall A: Enter by the side door");
        const layout_box *foot = layoutfix_find_sub(f->r, "built-in agenda");
        assert_non_null(n);
        assert_true(n->y + n->h <= foot->y);
        in.hall = b;
        build(f, f->multi, DURING_MULTI, &in);
        assert_null(layoutfix_find_sub(f->r, "side door"));
        in.hall = -1;
        build(f, f->multi, DURING_MULTI, &in);
        assert_null(layoutfix_find_sub(f->r, "side door"));
    }
}

static void alert_marks_of_a_cancelled_session_are_empty(void **state)
{
    fixture *f = *state;
    agenda_session se = *support_session(f->seed, "t1-panel");
    char buf[256];
    se.delay_min = 90;
    assert_false(layout_alert_marks(f->seed, &se, "ru", buf, sizeof(buf)));
    assert_string_equal(buf, "Задержка 1 ч 30 мин");
    se.hall_full = true;
    assert_true(layout_alert_marks(f->seed, &se, "es", buf, sizeof(buf)));
    assert_string_equal(buf, "Retraso de 1 h 30 min · Sala llena");
    assert_true(layout_alert_marks(f->seed, &se, "ar", buf, 12)); /* cut, still UTF-8 */
    assert_true(strlen(buf) < 12 && support_utf8_valid(buf));
    se.status = AGENDA_STATUS_CANCELLED;
    assert_false(layout_alert_marks(f->seed, &se, "en", buf, sizeof(buf)));
    assert_string_equal(buf, "");
}

/* The seed with the override document tests/inputs/overrides/NAME applied at `when`. */
static agenda *with_overrides(const agenda *base, const char *name, const char *when)
{
    char path[512], err[OVERRIDE_ERR_MAX];
    snprintf(path, sizeof(path), "%s/tests/inputs/overrides/%s", HB_SOURCE_DIR, name);
    size_t len;
    char *doc = support_read_file(path, &len);
    assert_non_null(doc);
    override_doc *d = NULL;
    if (override_parse(doc, len, &d, err, sizeof(err)) != 0)
        fail_msg("%s: %s", name, err);
    free(doc);
    agenda *out = NULL;
    const override_doc *docs[] = {d};
    assert_int_equal(override_apply(base, docs, 1, layoutfix_at(when), -1, &out, NULL), 0);
    override_free(d);
    return out;
}

static void alert_override_documents_reach_the_screen(void **state)
{
    fixture *f = *state;
    f->seed->sessions = f->seed_orig; /* as parsed */
    agenda *a = with_overrides(f->seed, "emergency.json", DURING_SEED);
    layout_input in = input(1920, 1080, "ar", -1);
    build(f, a, DURING_SEED, &in);
    assert_int_equal(count_text(f->r), 4); /* ar, then the event's en, zh, ru */
    assert_int_equal(f->r->boxes[1].kind, LAYOUT_TEXT); /* the board's language first */
    assert_non_null(strstr(f->r->boxes[1].text, "إنذار حريق"));
    assert_int_equal(f->r->boxes[1].align, TEXTLAY_ALIGN_RIGHT);
    assert_null(layoutfix_find_sub(f->r, "Keynote"));
    agenda_free(a);
    a = with_overrides(f->seed, "delayed.json", DURING_SEED);
    in.lang = "en";
    build(f, a, DURING_SEED, &in);
    assert_non_null(layoutfix_find_sub(f->r, "Delayed 15 min"));
    assert_non_null(layoutfix_find_sub(f->r, "Questions from the floor at the end"));
    assert_non_null(layoutfix_find_sub(f->r, "12:55 Moscow"));
    agenda_free(a);
    f->seed->sessions = f->seed_s;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(alert_emergency_shows_only_the_text_in_every_language_of_the_event, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_emergency_does_not_rotate_cards_and_ends_at_its_until, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_texts_put_the_board_language_first_once_each, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_urgent_banner_tops_the_board_and_nothing_overlaps_it, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_info_is_one_line_above_the_footer, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_delayed_full_and_noted_sessions_say_so, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_moved_session_names_its_new_hall, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_hall_note_shows_on_that_halls_board_only, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_marks_of_a_cancelled_session_are_empty, fresh, restore),
        cmocka_unit_test_setup_teardown(alert_override_documents_reach_the_screen, fresh, restore),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
