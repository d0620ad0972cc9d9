/* test_lobby.c - the lobby view (--view lobby): its rows (what is on now and next in
 * every hall, in the feed's or a configured order, idle halls last or left out), its
 * pages, and its boxes for generated agendas of 1, 12, 108 and 120 halls on four
 * screens (measured with tests/fakefonts.h): every box inside the screen, no two text
 * boxes overlapping, every hall of a page with its name and, when something is on, its
 * time left and progress; pages covering every hall once, in order, labelled "page
 * k/n"; a long name or title cut with an ellipsis inside its column; Arabic mirroring
 * the columns; and the `hallboard state` document of a lobby.
 */
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fakefonts.h"
#include "i18n.h"
#include "layout.h"
#include "sched.h"
#include "statejson.h"
#include "textlay.h"

#define AT "2030-06-03T10:00:00Z"
#define AT_UNIX 1906711200 /* AT */
#define LONG_NAME "Janson - the main auditorium of the Universite libre de Bruxelles campus"
#define LONG_TITLE "A very long title that no lobby column can hold on one line at any size " \
                   "the board would use, with more words after it"

static const struct {
    int w, h;
} screens[] = {{1920, 1080}, {3840, 2160}, {1080, 1920}, {1280, 720}};
#define N_SCREENS (sizeof(screens) / sizeof(screens[0]))

/* What hall i of a generated agenda has at AT (10:00): */
static bool gen_idle_tomorrow(size_t i) { return i % 5 == 4; } /* only tomorrow */
static bool gen_idle_done(size_t i) { return i % 7 == 6 && !gen_idle_tomorrow(i); } /* ended */
static bool gen_break(size_t i) { return i % 3 == 2 && !gen_idle_tomorrow(i) && !gen_idle_done(i); }
static bool gen_idle(size_t i) { return gen_idle_tomorrow(i) || gen_idle_done(i); }
static bool gen_on(size_t i) { return !gen_idle(i) && !gen_break(i); }

static void put(char **p, size_t *left, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void put(char **p, size_t *left, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(*p, *left, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < *left);
    *p += n, *left -= (size_t)n;
}

/* An agenda of n halls h0.. ("Hall 0".., hall 1 LONG_NAME): a session on now (09:30 -
 * 10:30, hall 0 with LONG_TITLE) and next (10:45), a break (next 10:15), done for the
 * day (08:00 - 09:00), or only tomorrow, as gen_*() say. */
static agenda *gen(size_t n)
{
    size_t cap = 4096 + n * 1200;
    char *buf = malloc(cap), *p = buf;
    size_t left = cap;
    assert_non_null(buf);
    put(&p, &left, "{\"hallboard\":1,\"revision\":\"lobby-%zu\",\"event\":{\"title\":\"Lobby "
                   "%zu\",\"languages\":[\"en\"],\"zones\":[{\"zone\":\"UTC\"}]},\"halls\":[",
        n, n);
    for (size_t i = 0; i < n; i++)
        put(&p, &left, "%s{\"id\":\"h%zu\",\"name\":\"%s%zu\"}", i ? "," : "", i,
            i == 1 ? LONG_NAME " " : "Hall ", i);
    put(&p, &left, "],\"sessions\":[");
    for (size_t i = 0; i < n; i++) {
        const char *sep = i ? "," : "";
        if (gen_idle_tomorrow(i)) {
            put(&p, &left, "%s{\"id\":\"t%zu\",\"start\":\"2030-06-04T10:00:00Z\",\"end\":"
                "\"2030-06-04T11:00:00Z\",\"hall\":\"h%zu\",\"title\":\"Tomorrow %zu\"}", sep, i, i, i);
        } else if (gen_idle_done(i)) {
            put(&p, &left, "%s{\"id\":\"d%zu\",\"start\":\"2030-06-03T08:00:00Z\",\"end\":"
                "\"2030-06-03T09:00:00Z\",\"hall\":\"h%zu\",\"title\":\"Done %zu\"}", sep, i, i, i);
        } else {
            bool on = gen_on(i);
            if (on)
                put(&p, &left, "%s{\"id\":\"n%zu\",\"start\":\"2030-06-03T09:30:00Z\",\"end\":"
                    "\"2030-06-03T10:30:00Z\",\"hall\":\"h%zu\",\"title\":\"%s %zu\"}", sep, i, i,
                    i == 0 ? LONG_TITLE : "Now in hall", i);
            put(&p, &left, "%s{\"id\":\"x%zu\",\"start\":\"2030-06-03T10:%s:00Z\",\"end\":"
                "\"2030-06-03T11:30:00Z\",\"hall\":\"h%zu\",\"title\":\"Next in hall %zu\"}",
                on ? "," : sep, i, on ? "45" : "15", i, i);
        }
    }
    put(&p, &left, "]}");
    feed_report rep;
    agenda *a = support_parse(buf, &rep);
    support_expect_ok(a, &rep, NULL);
    free(buf);
    return a;
}

typedef struct {
    fakefonts ff;
    const textlay_fonts *tf;
    layout_result *r;
    sched_state s;
} lobby;

/* Lays out page `page` of a at AT for w x h in lang into l->r. */
static void build(lobby *l, const agenda *a, int w, int h, const char *lang, size_t page,
                  bool hide)
{
    sched_state_free(&l->s);
    assert_int_equal(sched_query(a, AT_UNIX, -1, &l->s), 0);
    layout_input in = {w, h, lang, NULL, "footer line", false, -1, 0, l->tf, l->tf,
                       LAYOUT_VIEW_LOBBY, page, NULL, hide, NULL};
    layout_build(a, &l->s, &in, l->r);
}

static int setup(void **state)
{
    lobby *l = calloc(1, sizeof(*l));
    assert_non_null(l);
    l->tf = fakefonts_init(&l->ff, 0.55);
    l->r = malloc(sizeof(*l->r));
    assert_non_null(l->r);
    *state = l;
    return 0;
}

static int teardown(void **state)
{
    lobby *l = *state;
    sched_state_free(&l->s);
    free(l->r);
    free(l);
    return 0;
}

/* The text box whose text is s (NULL when none). */
static const layout_box *box_with(const layout_result *r, const char *s)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->boxes[i].kind == LAYOUT_TEXT && strcmp(r->boxes[i].text, s) == 0)
            return &r->boxes[i];
    return NULL;
}

static size_t count_kind(const layout_result *r, layout_kind k)
{
    size_t n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->boxes[i].kind == k;
    return n;
}

static bool overlap(const layout_box *p, const layout_box *q)
{
    return p->x < q->x + q->w && q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
}

static void expect_inside_and_apart(const layout_result *r, int w, int h)
{
    for (size_t i = 0; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        assert_true(b->x >= 0 && b->y >= 0 && b->x + b->w <= w && b->y + b->h <= h);
        for (size_t j = 0; b->kind == LAYOUT_TEXT && j < i; j++)
            assert_false(r->boxes[j].kind == LAYOUT_TEXT && overlap(b, &r->boxes[j]));
    }
}

/* The rows: halls with something today in the feed's order, then the idle ones (or
 * none of them); each with its current and next sessions. */
static void lobby_rows_in_order_idle_last_or_hidden(void **st)
{
    (void)st;
    agenda *a = gen(30);
    layout_lobby_hall rows[40];
    layout_input in = {0};
    size_t n = layout_lobby_halls(a, AT_UNIX, &in, rows, 40), k = 0;
    assert_int_equal(n, 30);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < 30; i++)
            if (gen_idle(i) == (pass == 1)) {
                char id[16];
                snprintf(id, sizeof(id), "h%zu", i);
                assert_string_equal(a->halls[rows[k].hall].id, id);
                assert_int_equal(rows[k].idle, gen_idle(i));
                assert_int_equal(rows[k].n_now, gen_on(i) ? 1 : 0);
                assert_int_equal(rows[k].n_next, gen_idle_done(i) ? 0 : 1);
                if (gen_on(i))
                    assert_string_equal(rows[k].now[0]->id + 1, id + 1);
                k++;
            }
    in.lobby_hide_idle = true;
    size_t shown = layout_lobby_halls(a, AT_UNIX, &in, rows, 40), idle = 0;
    for (size_t i = 0; i < 30; i++)
        idle += gen_idle(i);
    assert_int_equal(shown, 30 - idle);
    for (size_t i = 0; i < shown; i++)
        assert_false(rows[i].idle);
    /* A configured list: its order, unknown ids and repeats skipped, idle still last. */
    in.lobby_hide_idle = false;
    in.lobby_halls = " h4, h3 ,nope,h0,h3,h9";
    n = layout_lobby_halls(a, AT_UNIX, &in, rows, 40);
    assert_int_equal(n, 4);
    const char *want[] = {"h3", "h0", "h4", "h9"}; /* h4 and h9: only tomorrow */
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(a->halls[rows[i].hall].id, want[i]);
    assert_int_equal(layout_lobby_halls(a, AT_UNIX, &in, rows, 2), 4); /* all counted */
    agenda_free(a);
}

/* 1, 12, 108 and 120 halls on every screen, every page: the pages cover every hall
 * once in order; every hall of a page has its name, and its time left and progress
 * when something is on; the label says "page k/n"; nothing outside or overlapping. */
static void lobby_pages_cover_every_hall_on_every_screen(void **st)
{
    lobby *l = *st;
    const size_t counts[] = {1, 12, 108, 120};
    for (size_t ci = 0; ci < 4; ci++) {
        agenda *a = gen(counts[ci]);
        layout_lobby_hall *rows = malloc(counts[ci] * sizeof(*rows));
        layout_input in = {0};
        size_t n = layout_lobby_halls(a, AT_UNIX, &in, rows, counts[ci]);
        assert_int_equal(n, counts[ci]);
        for (size_t si = 0; si < N_SCREENS; si++) {
            int w = screens[si].w, h = screens[si].h;
            build(l, a, w, h, "en", 0, false);
            size_t pages = l->r->pages, next_first = 0;
            assert_true(pages >= 1);
            if (counts[ci] <= 12 && w > h && pages != 1)
                fprintf(stderr, "%zu halls at %dx%d: %zu pages\n", counts[ci], w, h, pages);
            if (counts[ci] <= 12 && w > h)
                assert_int_equal(pages, 1); /* 12 halls: one page in landscape */
            if (counts[ci] >= 108)
                assert_true(pages >= 2 && pages <= 20);
            for (size_t p = 0; p < pages; p++) {
                build(l, a, w, h, "en", p + pages, false); /* modulo the count */
                const layout_result *r = l->r;
                assert_int_equal(r->pages, pages);
                assert_int_equal(r->page, p);
                assert_int_equal(r->page_first, next_first);
                assert_true(r->page_rows >= 1 && r->page_rows <= LAYOUT_LOBBY_MAX_ROWS);
                next_first += r->page_rows;
                expect_inside_and_apart(r, w, h);
                size_t on = 0;
                for (size_t i = r->page_first; i < r->page_first + r->page_rows; i++) {
                    const char *name = agenda_tr_get(a, &a->halls[rows[i].hall].name, "en");
                    assert_non_null(box_with(r, name));
                    on += rows[i].n_now > 0;
                }
                assert_int_equal(count_kind(r, LAYOUT_PROGRESS), on);
                size_t left = 0;
                for (size_t i = 0; i < r->n; i++) {
                    const char *t = r->boxes[i].text;
                    size_t len = strlen(t);
                    left += r->boxes[i].kind == LAYOUT_TEXT && len > 5 &&
                            strcmp(t + len - 5, " left") == 0;
                }
                assert_int_equal(left, on);
                char label[64];
                snprintf(label, sizeof(label), "page %zu/%zu", p + 1, pages);
                if (pages > 1)
                    assert_non_null(box_with(r, label));
                else
                    assert_null(box_with(r, "page 1/1"));
            }
            assert_int_equal(next_first, n);
        }
        free(rows);
        agenda_free(a);
    }
}

/* Idle halls: last with "Nothing more today", or not on any page. */
static void lobby_idle_halls_last_or_hidden_on_the_screen(void **st)
{
    lobby *l = *st;
    agenda *a = gen(12);
    build(l, a, 1920, 1080, "en", 0, false);
    const layout_box *idle = box_with(l->r, i18n_word("en", I18N_LOBBY_IDLE));
    assert_non_null(idle);
    const layout_box *h4 = box_with(l->r, "Hall 4"), *h3 = box_with(l->r, "Hall 3");
    assert_non_null(h4);
    assert_non_null(h3);
    assert_true(h4->y > h3->y); /* h4 is idle: after h3, though before it in the feed */
    build(l, a, 1920, 1080, "en", 0, true);
    assert_null(box_with(l->r, "Hall 4"));
    assert_null(box_with(l->r, "Hall 6"));
    assert_non_null(box_with(l->r, "Hall 3"));
    assert_null(box_with(l->r, i18n_word("en", I18N_LOBBY_IDLE)));
    agenda_free(a);
}

/* A long hall name and a long title keep to their columns: one line, cut with an
 * ellipsis when drawn (textlay with the same fonts), apart from their neighbours. */
static void lobby_long_name_and_title_are_cut_with_an_ellipsis(void **st)
{
    lobby *l = *st;
    agenda *a = gen(12);
    textlay_result *t = malloc(sizeof(*t));
    assert_non_null(t);
    for (size_t si = 0; si < N_SCREENS; si++) {
        build(l, a, screens[si].w, screens[si].h, "en", 0, false);
        const layout_box *hall = box_with(l->r, LONG_NAME " 1");
        const layout_box *title = box_with(l->r, LONG_TITLE " 0");
        assert_non_null(hall);
        assert_non_null(title);
        const layout_box *bx[2] = {hall, title};
        for (int k = 0; k < 2; k++) {
            const layout_box *b = bx[k];
            assert_int_equal(b->max_lines, 1);
            textlay_box tb = {b->w, b->h, b->max_px, b->min_px, b->max_lines, b->align, "en"};
            assert_int_equal(textlay_layout(b->text, &tb, l->tf, t), 0);
            assert_true(t->truncated);
            assert_int_equal(t->n_lines, 1);
            assert_true(t->lines[0].width <= b->w);
            size_t len = strlen(t->text);
            assert_true(len > 3 && strcmp(t->text + len - 3, "\xe2\x80\xa6") == 0);
        }
        expect_inside_and_apart(l->r, screens[si].w, screens[si].h);
    }
    free(t);
    agenda_free(a);
}

/* Arabic: the same rows with the columns mirrored (hall name at the right), the page
 * label in Arabic. */
static void lobby_right_to_left_mirrors_the_columns(void **st)
{
    lobby *l = *st;
    agenda *a = gen(108);
    layout_result *en = malloc(sizeof(*en));
    assert_non_null(en);
    build(l, a, 1920, 1080, "en", 1, false);
    *en = *l->r;
    build(l, a, 1920, 1080, "ar", 1, false);
    assert_int_equal(l->r->pages, en->pages);
    size_t matched = 0;
    for (size_t i = 0; i < en->n; i++) {
        const layout_box *e = &en->boxes[i];
        if (e->kind != LAYOUT_TEXT || strncmp(e->text, "Hall ", 5) != 0)
            continue;
        const layout_box *r = box_with(l->r, e->text);
        assert_non_null(r);
        assert_int_equal(r->x, 1920 - e->x - e->w);
        assert_int_equal(r->w, e->w);
        assert_int_equal(r->align, TEXTLAY_ALIGN_RIGHT);
        assert_int_equal(e->align, TEXTLAY_ALIGN_LEFT);
        matched++;
    }
    assert_true(matched >= 5);
    char label[64];
    char want[64];
    snprintf(want, sizeof(want), "%zu", en->pages);
    i18n_fill("ar", I18N_LOBBY_PAGE, "2", want, NULL, label, sizeof(label));
    assert_non_null(box_with(l->r, label));
    free(en);
    agenda_free(a);
}

/* The view names, and `hallboard state` of a lobby: "view" and "halls" in row order
 * with the ids of what is on now and next; one page's halls with --page. */
static void lobby_state_json_lists_the_halls(void **st)
{
    (void)st;
    layout_view v;
    assert_true(layout_view_parse("lobby", &v));
    assert_int_equal(v, LAYOUT_VIEW_LOBBY);
    assert_false(layout_view_parse("Lobby", &v));
    assert_string_equal(layout_view_name(LAYOUT_VIEW_EVENT), "event");
    agenda *a = gen(108);
    status_input si;
    memset(&si, 0, sizeof(si));
    statejson_view sv = {LAYOUT_VIEW_LOBBY, NULL, false, false, 0, 1920, 1080};
    char *json = statejson_at_view(a, AT_UNIX, -1, "en", &si, &sv);
    cJSON *root = cJSON_Parse(json);
    assert_non_null(root);
    assert_string_equal(cJSON_GetObjectItem(root, "view")->valuestring, "lobby");
    assert_non_null(cJSON_GetObjectItem(root, "now")); /* the existing fields stay */
    const cJSON *halls = cJSON_GetObjectItem(root, "halls");
    assert_int_equal(cJSON_GetArraySize(halls), 108);
    const cJSON *h0 = cJSON_GetArrayItem(halls, 0);
    assert_string_equal(cJSON_GetObjectItem(h0, "hall")->valuestring, "h0");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(h0, "now"), 0)->valuestring, "n0");
    assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(h0, "next"), 0)->valuestring, "x0");
    const cJSON *last = cJSON_GetArrayItem(halls, 107);
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(last, "now")), 0);
    cJSON_Delete(root);
    free(json);
    sv.one_page = true;
    sv.page = 1;
    json = statejson_at_view(a, AT_UNIX, -1, "en", &si, &sv);
    root = cJSON_Parse(json);
    assert_int_equal((int)cJSON_GetObjectItem(root, "page")->valuedouble, 2);
    int pages = (int)cJSON_GetObjectItem(root, "pages")->valuedouble;
    assert_true(pages >= 2);
    halls = cJSON_GetObjectItem(root, "halls");
    int per = cJSON_GetArraySize(halls);
    assert_true(per >= 1 && per < 108);
    layout_lobby_hall *rows = malloc(108 * sizeof(*rows));
    layout_input in = {0};
    assert_int_equal(layout_lobby_halls(a, AT_UNIX, &in, rows, 108), 108);
    for (int i = 0; i < per; i++) /* page 2 starts after page 1's rows */
        assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(halls, i), "hall")->valuestring,
                            a->halls[rows[per + i].hall].id);
    free(rows);
    cJSON_Delete(root);
    free(json);
    json = statejson_at_view(a, AT_UNIX, -1, "en", &si, NULL);
    root = cJSON_Parse(json);
    assert_string_equal(cJSON_GetObjectItem(root, "view")->valuestring, "event");
    assert_null(cJSON_GetObjectItem(root, "halls"));
    cJSON_Delete(root);
    free(json);
    agenda_free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(lobby_rows_in_order_idle_last_or_hidden),
        cmocka_unit_test_setup_teardown(lobby_pages_cover_every_hall_on_every_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(lobby_idle_halls_last_or_hidden_on_the_screen, setup, teardown),
        cmocka_unit_test_setup_teardown(lobby_long_name_and_title_are_cut_with_an_ellipsis, setup, teardown),
        cmocka_unit_test_setup_teardown(lobby_right_to_left_mirrors_the_columns, setup, teardown),
        cmocka_unit_test(lobby_state_json_lists_the_halls),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
