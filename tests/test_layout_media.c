/* test_layout_media.c - where the layout puts the feed's images and the QR codes of
 * sessions' urls: the event's logo before its title (after it on a right-to-left
 * board) and as tall as it, the background under everything with no text on it, a
 * card's image beside its text (above it in portrait), the QR code of what is on now
 * beside it (or under it) on a hall's board at the size qr.h states for the screen, a
 * card's url as a QR code at the end of its text (the image left out first when the
 * text would keep less than 40 % of the card);
 * and, on every screen, nothing overlapping a text and nothing outside the margins
 * but the background. The layout is measured with the fake fonts (fakefonts.h); the
 * images are references only (the layout loads nothing).
 */
#include "layoutfix.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "fakefonts.h"
#include "layout.h"
#include "qr.h"
#include "sched.h"
#include "tzdb.h"

#define LOGO "/srv/hallboard/logo.svg"
#define BACKGROUND "/srv/hallboard/background.png"
#define CARD_IMAGE "https://ohs.example.org/img/coffee.jpg"
#define URL_MAIN "https://ohs.example.org/2026/talk/repairable-mainboard"
#define DURING "2026-03-14T10:20:00+01:00"  /* m1 (main, url) and l1 (lab, url) on */
#define LATER "2026-03-14T11:30:00+01:00"   /* m2 (main, no url) and l1 on */
#define AFTER "2026-03-16T12:00:00+01:00"   /* after the event: the card */

static const char feed[] =
    "{'hallboard': 1, 'revision': 'r1', 'event': {'title': {'en': 'Open Hardware Summit'}, "
    "'languages': ['en'], 'zones': [{'zone': 'Europe/Berlin', 'label': 'Berlin'}], "
    "'logo': '" LOGO "', 'background': '" BACKGROUND "'}, "
    "'halls': [{'id': 'main', 'name': 'Main Hall'}, {'id': 'lab', 'name': 'Workshop Lab'}], "
    "'tracks': [{'id': 'hw', 'name': 'Hardware', 'color': '#43aa8b'}], "
    "'cards': [{'id': 'coffee', 'title': 'Coffee on the first floor', "
    "'body': 'Free coffee and tea all day next to the registration desk.', "
    "'image': '" CARD_IMAGE "'}], "
    "'sessions': ["
    "{'id': 'm1', 'start': '2026-03-14T10:00:00+01:00', 'end': '2026-03-14T11:00:00+01:00', "
    "'hall': 'main', 'track': 'hw', 'title': 'A repairable laptop', "
    "'speakers': [{'name': 'Noor Haddad'}], 'url': '" URL_MAIN "'}, "
    "{'id': 'l1', 'start': '2026-03-14T10:00:00+01:00', 'end': '2026-03-14T12:00:00+01:00', "
    "'hall': 'lab', 'title': 'Soldering for beginners: through-hole parts, surface mount "
    "parts and the reflow oven', "
    "'url': 'https://ohs.example.org/2026/talk/soldering'}, "
    "{'id': 'm2', 'start': '2026-03-14T11:15:00+01:00', 'end': '2026-03-14T12:00:00+01:00', "
    "'hall': 'main', 'title': 'Open source oscilloscopes in 2026'}]}";

typedef struct {
    agenda *a;
    layout_result *r;
    layout_input in;
} fixture;

static fakefonts ff;

static int setup(void **state)
{
    tzdb_init();
    fakefonts_init(&ff, 0.55);
    fixture *f = calloc(1, sizeof(*f));
    assert_non_null(f);
    f->a = layoutfix_parse_sq(feed);
    f->r = malloc(sizeof(*f->r));
    assert_non_null(f->r);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    agenda_free(f->a);
    free(f->r);
    free(f);
    return 0;
}

/* Lays out f->a at `when` on a w x h screen in lang for hall id (NULL: every hall). */
static const layout_result *build(fixture *f, const char *when, int w, int h, const char *lang,
                                  const char *hall)
{
    f->in = (layout_input){.width = w, .height = h, .lang = lang, .source_line = "file · r1",
                           .hall = layoutfix_hall(f->a, hall), .fonts = &ff.tl,
                           .fonts_bold = &ff.tl};
    layoutfix_build(f->a, when, &f->in, f->r);
    return f->r;
}

static const layout_box *find(const layout_result *r, layout_kind kind, const char *text)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->boxes[i].kind == kind && strcmp(r->boxes[i].text, text) == 0)
            return &r->boxes[i];
    return NULL;
}

static bool inside(const layout_box *b, const layout_box *in)
{
    return b->x >= in->x && b->y >= in->y && b->x + b->w <= in->x + in->w &&
           b->y + b->h <= in->y + in->h;
}

/* The side a QR code of url takes on a w x h screen. */
static int qr_side(const char *url, int w, int h)
{
    qr_code *q = malloc(sizeof(*q));
    assert_non_null(q);
    assert_int_equal(qr_encode(url, q), 0);
    int side = qr_box_px(q->size, w, h);
    free(q);
    return side;
}

/* Every image and QR box (but the background, box 1) is inside the margins and
 * overlaps no text and no other image; the background covers the screen. */
static void check_media(const layout_result *r, int w, int h)
{
    for (size_t i = 1; i < r->n; i++) {
        const layout_box *b = &r->boxes[i];
        if (b->kind != LAYOUT_IMAGE && b->kind != LAYOUT_QR)
            continue;
        if (i == 1 && b->kind == LAYOUT_IMAGE && strcmp(b->text, BACKGROUND) == 0) {
            assert_true(b->x == 0 && b->y == 0 && b->w == w && b->h == h);
            continue;
        }
        if (b->x < r->margin_x || b->y < r->margin_y || b->x + b->w > w - r->margin_x ||
            b->y + b->h > h - r->margin_y)
            fail_msg("%dx%d: \"%s\" at %d,%d %dx%d is outside the margins", w, h, b->text, b->x,
                     b->y, b->w, b->h);
        for (size_t j = 3; j < r->n; j++) {
            const layout_box *o = &r->boxes[j];
            bool text = o->kind == LAYOUT_TEXT, media = o->kind == LAYOUT_IMAGE || o->kind == LAYOUT_QR;
            if (j != i && (text || media) && layoutfix_overlap(b, o))
                fail_msg("%dx%d: \"%s\" overlaps \"%.40s\"", w, h, b->text, o->text);
        }
    }
}

/* ---- Tests ---------------------------------------------------------------------- */

static void media_logo_stands_before_the_title_as_tall_as_it(void **state)
{
    fixture *f = *state;
    const layout_result *r = build(f, DURING, 1920, 1080, "en", NULL);
    const layout_box *logo = find(r, LAYOUT_IMAGE, LOGO);
    const layout_box *title = find(r, LAYOUT_TEXT, "Open Hardware Summit");
    assert_non_null(logo);
    assert_non_null(title);
    assert_int_equal(logo->x, r->margin_x);
    assert_true(logo->x + logo->w < title->x);
    assert_int_equal(logo->y, title->y);
    assert_int_equal(logo->h, title->h);
    assert_true(logo->w >= logo->h && logo->w <= 2 * logo->h);
    check_media(r, 1920, 1080);
}

static void media_logo_is_after_the_title_on_a_right_to_left_board(void **state)
{
    fixture *f = *state;
    const layout_result *r = build(f, DURING, 1920, 1080, "ar", NULL);
    const layout_box *logo = find(r, LAYOUT_IMAGE, LOGO);
    const layout_box *title = find(r, LAYOUT_TEXT, "Open Hardware Summit");
    assert_non_null(logo);
    assert_non_null(title);
    assert_int_equal(logo->x + logo->w, 1920 - r->margin_x);
    assert_true(title->x + title->w < logo->x);
    check_media(r, 1920, 1080);
}

/* Box 1 is the background over the whole screen; box 2 the content area in the
 * background colour over it, and every text lies on that. */
static void media_background_is_under_everything_and_no_text_sits_on_it(void **state)
{
    fixture *f = *state;
    const layout_result *r = build(f, DURING, 1920, 1080, "en", "main");
    assert_true(r->n > 3);
    const layout_box *bg = &r->boxes[1], *content = &r->boxes[2];
    assert_int_equal(bg->kind, LAYOUT_IMAGE);
    assert_string_equal(bg->text, BACKGROUND);
    assert_true(bg->x == 0 && bg->y == 0 && bg->w == 1920 && bg->h == 1080);
    assert_int_equal(content->kind, LAYOUT_FILL);
    assert_int_equal(content->color, r->boxes[0].color);
    assert_true(content->x == r->margin_x && content->y == r->margin_y);
    assert_true(content->w == 1920 - 2 * r->margin_x && content->h == 1080 - 2 * r->margin_y);
    size_t texts = 0;
    for (size_t i = 3; i < r->n; i++) {
        assert_int_not_equal(r->boxes[i].kind == LAYOUT_IMAGE &&
                                 strcmp(r->boxes[i].text, BACKGROUND) == 0,
                             true);
        if (r->boxes[i].kind == LAYOUT_TEXT) {
            assert_true(inside(&r->boxes[i], content));
            texts++;
        }
    }
    assert_true(texts > 5);
}

/* The card panel holding box b (the first fill past the background's boxes). */
static const layout_box *panel_of(const layout_result *r, const layout_box *b)
{
    for (size_t i = 3; i < r->n; i++)
        if (r->boxes[i].kind == LAYOUT_FILL && inside(b, &r->boxes[i]))
            return &r->boxes[i];
    return NULL;
}

static void media_card_image_is_beside_its_text_in_landscape(void **state)
{
    fixture *f = *state;
    const layout_result *r = build(f, DURING, 1920, 1080, "en", NULL);
    const layout_box *img = find(r, LAYOUT_IMAGE, CARD_IMAGE);
    const layout_box *title = find(r, LAYOUT_TEXT, "Coffee on the first floor");
    assert_non_null(img);
    assert_non_null(title);
    assert_true(img->x + img->w < title->x);
    assert_int_equal(img->y, title->y);
    const layout_box *panel = panel_of(r, title);
    assert_non_null(panel);
    assert_true(inside(img, panel));
    assert_int_equal(img->bg, panel->color);
    check_media(r, 1920, 1080);
}

static void media_card_image_is_above_its_text_in_portrait(void **state)
{
    fixture *f = *state;
    const layout_result *r = build(f, AFTER, 1080, 1920, "en", NULL);
    const layout_box *img = find(r, LAYOUT_IMAGE, CARD_IMAGE);
    const layout_box *title = find(r, LAYOUT_TEXT, "Coffee on the first floor");
    assert_non_null(img);
    assert_non_null(title);
    assert_int_equal(img->x, title->x);
    assert_int_equal(img->w, title->w);
    assert_true(img->y + img->h < title->y);
    check_media(r, 1080, 1920);
}

static void media_qr_of_what_is_on_now_stands_beside_it_on_a_hall_board(void **state)
{
    fixture *f = *state;
    const layout_result *r = build(f, DURING, 1920, 1080, "en", "main");
    const layout_box *qr = find(r, LAYOUT_QR, URL_MAIN);
    assert_non_null(qr);
    int side = qr_side(URL_MAIN, 1920, 1080);
    assert_int_equal(side, 41 * QR_MODULE_PX_1080); /* version 4 at 10 px a module */
    assert_int_equal(qr->w, side);
    assert_int_equal(qr->h, side);
    const layout_box *now = find(r, LAYOUT_TEXT, "Now");
    assert_non_null(now);
    assert_int_equal(qr->y, now->y);
    assert_true(qr->x >= now->x + now->w);
    /* Its hall and times and its time left are there, beside the code. */
    const layout_box *left = find(r, LAYOUT_TEXT, "40 min left");
    assert_non_null(left);
    assert_true(left->x + left->w <= qr->x);
    check_media(r, 1920, 1080);
    /* 4K: twice the modules' size. */
    r = build(f, DURING, 3840, 2160, "en", "main");
    qr = find(r, LAYOUT_QR, URL_MAIN);
    assert_non_null(qr);
    assert_int_equal(qr->w, 2 * side);
    check_media(r, 3840, 2160);
}

/* A title that would lose a word beside the code: the code goes under the section. */
static void media_qr_goes_under_a_title_it_would_cut(void **state)
{
    fixture *f = *state;
    const layout_result *r = build(f, DURING, 1920, 1080, "en", "lab");
    const layout_box *qr = find(r, LAYOUT_QR, "https://ohs.example.org/2026/talk/soldering");
    assert_non_null(qr);
    const layout_box *left = find(r, LAYOUT_TEXT, "1 h 40 min left");
    assert_non_null(left);
    assert_true(qr->y >= left->y + left->h);
    assert_int_equal(qr->x + qr->w, left->x + left->w); /* at the section's end */
    check_media(r, 1920, 1080);
}

static void media_no_qr_on_the_event_board_or_for_a_session_without_url(void **state)
{
    fixture *f = *state;
    const layout_result *r = build(f, DURING, 1920, 1080, "en", NULL);
    for (size_t i = 0; i < r->n; i++)
        assert_int_not_equal(r->boxes[i].kind, LAYOUT_QR);
    r = build(f, LATER, 1920, 1080, "en", "main");
    assert_non_null(find(r, LAYOUT_TEXT, "Open source oscilloscopes in 2026"));
    for (size_t i = 0; i < r->n; i++)
        assert_int_not_equal(r->boxes[i].kind, LAYOUT_QR);
}

/* A url of 500 bytes needs a code far bigger than the section: it is left out and
 * what is on now is laid out as without it. */
static void media_qr_too_big_for_the_room_is_left_out(void **state)
{
    fixture *f = *state;
    agenda_session *se = (agenda_session *)&f->a->sessions[0];
    assert_string_equal(se->id, "m1");
    char url[501];
    memcpy(url, "https://ohs.example.org/", 24);
    memset(url + 24, 'a', sizeof(url) - 25);
    url[500] = '\0';
    const char *saved = se->url;
    se->url = url;
    const layout_result *r = build(f, DURING, 1920, 1080, "en", "main");
    assert_null(find(r, LAYOUT_QR, url));
    assert_non_null(find(r, LAYOUT_TEXT, "40 min left"));
    assert_non_null(find(r, LAYOUT_TEXT, "Main Hall · 10:00–11:00 Berlin"));
    se->url = saved;
}

#define CARD_URL "https://ohs.example.org/2026/coffee"

/* Sets the card's url (NULL: none); returns the one it had. */
static const char *card_url(fixture *f, const char *url)
{
    agenda_card *k = (agenda_card *)&f->a->cards[0];
    const char *was = k->url;
    k->url = url;
    return was;
}


/* Portrait, after the event: the image above, the code at the end of the text, top-
 * aligned with the title, at the screen's QR size, on the card's panel. */
static void media_card_qr_stands_at_the_end_of_its_text(void **state)
{
    fixture *f = *state;
    const char *was = card_url(f, CARD_URL);
    const layout_result *r = build(f, AFTER, 1080, 1920, "en", NULL);
    const layout_box *qr = find(r, LAYOUT_QR, CARD_URL);
    const layout_box *img = find(r, LAYOUT_IMAGE, CARD_IMAGE);
    const layout_box *title = find(r, LAYOUT_TEXT, "Coffee on the first floor");
    assert_non_null(qr);
    assert_non_null(img);
    assert_non_null(title);
    int side = qr_side(CARD_URL, 1080, 1920);
    assert_int_equal(qr->w, side);
    assert_int_equal(qr->h, side);
    assert_int_equal(qr->y, title->y);
    assert_true(title->x + title->w <= qr->x);
    assert_true(img->y + img->h <= qr->y);
    assert_int_equal(qr->x + qr->w, img->x + img->w); /* the card's inner end */
    const layout_box *panel = panel_of(r, title);
    assert_non_null(panel);
    assert_true(inside(qr, panel));
    assert_int_equal(qr->bg, panel->color);
    check_media(r, 1080, 1920);
    /* Right to left: the code at the left of the text. */
    r = build(f, AFTER, 1080, 1920, "ar", NULL);
    qr = find(r, LAYOUT_QR, CARD_URL);
    assert_non_null(qr);
    for (size_t i = 0; i < r->n; i++)
        if (r->boxes[i].kind == LAYOUT_TEXT && layoutfix_overlap(&r->boxes[i], panel_of(r, qr)))
            assert_true(qr->x + qr->w <= r->boxes[i].x);
    check_media(r, 1080, 1920);
    card_url(f, was);
}

/* Landscape, after the event: image, code and text do not leave the text 40 % of the
 * card: the image goes, the code stays. */
static void media_card_qr_stays_and_the_image_goes_when_both_do_not_fit(void **state)
{
    fixture *f = *state;
    const char *was = card_url(f, CARD_URL);
    const layout_result *r = build(f, AFTER, 1920, 1080, "en", NULL);
    const layout_box *qr = find(r, LAYOUT_QR, CARD_URL);
    const layout_box *title = find(r, LAYOUT_TEXT, "Coffee on the first floor");
    assert_non_null(qr);
    assert_non_null(title);
    assert_null(find(r, LAYOUT_IMAGE, CARD_IMAGE));
    const layout_box *panel = panel_of(r, title);
    assert_non_null(panel);
    assert_true(title->w * 100 >= (panel->w - 2 * (title->x - panel->x)) * 40);
    check_media(r, 1920, 1080);
    /* Without the url the same card keeps its image. */
    card_url(f, NULL);
    r = build(f, AFTER, 1920, 1080, "en", NULL);
    assert_non_null(find(r, LAYOUT_IMAGE, CARD_IMAGE));
    card_url(f, was);
}

/* During the talks the card has the room under what is on now only: too little for a
 * code, so the card is shown with its image and without the code; a url too long to
 * encode is left out the same way; on every screen the rules hold. */
static void media_card_without_room_for_its_code_is_shown_without_it(void **state)
{
    fixture *f = *state;
    const char *was = card_url(f, CARD_URL);
    const layout_result *r = build(f, DURING, 1920, 1080, "en", NULL);
    assert_non_null(find(r, LAYOUT_TEXT, "Coffee on the first floor"));
    assert_non_null(find(r, LAYOUT_IMAGE, CARD_IMAGE));
    assert_null(find(r, LAYOUT_QR, CARD_URL));
    char url[QR_MAX_TEXT + 2];
    memcpy(url, "https://ohs.example.org/", 24);
    memset(url + 24, 'a', sizeof(url) - 25);
    url[sizeof(url) - 1] = '\0';
    card_url(f, url);
    r = build(f, AFTER, 1080, 1920, "en", NULL);
    assert_non_null(find(r, LAYOUT_IMAGE, CARD_IMAGE));
    for (size_t i = 0; i < r->n; i++)
        assert_int_not_equal(r->boxes[i].kind, LAYOUT_QR);
    card_url(f, CARD_URL);
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920}};
    static const char *const whens[] = {"2026-03-13T12:00:00+01:00", DURING, LATER, AFTER};
    size_t codes = 0;
    for (size_t s = 0; s < 4; s++)
        for (size_t t = 0; t < 4; t++) {
            r = build(f, whens[t], sizes[s][0], sizes[s][1], "en", NULL);
            check_media(r, sizes[s][0], sizes[s][1]);
            codes += find(r, LAYOUT_QR, CARD_URL) != NULL;
        }
    assert_true(codes >= 4); /* after the event on every screen at least */
    card_url(f, was);
}

/* Every screen, language, hall view and phase: the media hold the rules, and what is
 * on now keeps its hall, times and time left. */
static void media_nothing_overlaps_on_any_screen(void **state)
{
    fixture *f = *state;
    static const int sizes[][2] = {{1280, 720}, {1920, 1080}, {3840, 2160}, {1080, 1920}};
    static const char *const langs[] = {"en", "ar", "zh"};
    static const char *const halls[] = {NULL, "main", "lab"};
    static const char *const whens[] = {"2026-03-13T12:00:00+01:00", DURING, LATER, AFTER};
    size_t qrs = 0, cards = 0;
    for (size_t s = 0; s < 4; s++)
        for (size_t l = 0; l < 3; l++)
            for (size_t h = 0; h < 3; h++)
                for (size_t t = 0; t < 4; t++) {
                    int W = sizes[s][0], H = sizes[s][1];
                    const layout_result *r = build(f, whens[t], W, H, langs[l], halls[h]);
                    check_media(r, W, H);
                    assert_non_null(find(r, LAYOUT_IMAGE, BACKGROUND));
                    for (size_t i = 0; i < r->n; i++) {
                        qrs += r->boxes[i].kind == LAYOUT_QR;
                        cards += r->boxes[i].kind == LAYOUT_IMAGE &&
                                 strcmp(r->boxes[i].text, CARD_IMAGE) == 0;
                    }
                    if (t == 1 && halls[h] && strcmp(halls[h], "main") == 0 &&
                        strcmp(langs[l], "en") == 0) {
                        assert_non_null(find(r, LAYOUT_TEXT, "40 min left"));
                        assert_non_null(find(r, LAYOUT_TEXT, "Main Hall · 10:00–11:00 Berlin"));
                    }
                }
    assert_true(qrs >= 12); /* landscape hall boards during the talks at least */
    assert_true(cards >= 12);
}

/* The footer's status icon stands before the footer line, a line high, in the footer's
 * row; after it on a right-to-left board; none when the board has no icon to show. */
static void media_footer_icon_stands_before_the_footer_line(void **state)
{
    fixture *f = *state;
    const char *langs[] = {"en", "ar"};
    for (size_t k = 0; k < 2; k++) {
        int64_t t;
        assert_true(civil_parse_rfc3339(DURING, &t, NULL));
        sched_state s;
        assert_int_equal(sched_query(f->a, t, -1, &s), 0);
        f->in = (layout_input){.width = 1920, .height = 1080, .lang = langs[k],
                               .source_line = "offline · agenda from 14:02 (3 h ago)",
                               .source_warning = true, .hall = -1, .fonts = &ff.tl,
                               .fonts_bold = &ff.tl, .source_icon = "offline"};
        layout_build(f->a, &s, &f->in, f->r);
        sched_state_free(&s);
        const layout_box *icon = find(f->r, LAYOUT_IMAGE, LAYOUT_ICON_PREFIX "offline");
        const layout_box *line =
            find(f->r, LAYOUT_TEXT, "offline · agenda from 14:02 (3 h ago)");
        assert_non_null(icon);
        assert_non_null(line);
        assert_int_equal(icon->w, icon->h);
        assert_true(icon->h <= line->h && icon->h >= line->h / 2);
        assert_true(icon->y >= line->y && icon->y + icon->h <= line->y + line->h);
        assert_false(layoutfix_overlap(icon, line));
        if (k == 0)
            assert_true(icon->x + icon->w < line->x);
        else
            assert_true(line->x + line->w < icon->x);
        check_media(f->r, 1920, 1080);
    }
    const layout_result *r = build(f, DURING, 1920, 1080, "en", NULL); /* no icon */
    for (size_t i = 0; i < r->n; i++)
        assert_false(r->boxes[i].kind == LAYOUT_IMAGE &&
                     strncmp(r->boxes[i].text, LAYOUT_ICON_PREFIX, 5) == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(media_logo_stands_before_the_title_as_tall_as_it),
        cmocka_unit_test(media_card_qr_stands_at_the_end_of_its_text),
        cmocka_unit_test(media_card_qr_stays_and_the_image_goes_when_both_do_not_fit),
        cmocka_unit_test(media_card_without_room_for_its_code_is_shown_without_it),
        cmocka_unit_test(media_logo_is_after_the_title_on_a_right_to_left_board),
        cmocka_unit_test(media_background_is_under_everything_and_no_text_sits_on_it),
        cmocka_unit_test(media_card_image_is_beside_its_text_in_landscape),
        cmocka_unit_test(media_card_image_is_above_its_text_in_portrait),
        cmocka_unit_test(media_qr_of_what_is_on_now_stands_beside_it_on_a_hall_board),
        cmocka_unit_test(media_qr_goes_under_a_title_it_would_cut),
        cmocka_unit_test(media_no_qr_on_the_event_board_or_for_a_session_without_url),
        cmocka_unit_test(media_qr_too_big_for_the_room_is_left_out),
        cmocka_unit_test(media_nothing_overlaps_on_any_screen),
        cmocka_unit_test(media_footer_icon_stands_before_the_footer_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
