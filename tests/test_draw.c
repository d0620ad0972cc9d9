/* test_draw.c - boxes to pixels with the real font chain and SDL's software renderer:
 * text becomes a texture once and is reused, fills and progress bars land where the
 * layout put them, text stays inside its box, a board frame of the seed agenda draws
 * without a missing glyph.
 */
#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "support.h"

#include "board.h"
#include "civil.h"
#include "draw.h"
#include "feedsrc.h"
#include "fonts.h"
#include "layout.h"
#include "tzdb.h"

#define W 640
#define H 360

typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *r;
    fonts_chain *fc;
    draw_ctx *d;
    layout_result *lr;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    f->r = SDL_CreateSoftwareRenderer(f->surf);
    char err[256];
    f->fc = fonts_chain_create(NULL, err, sizeof(err));
    f->d = draw_create(f->r, f->fc);
    f->lr = calloc(1, sizeof(*f->lr));
    if (!f->surf || !f->r || !f->fc || !f->d || !f->lr)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    draw_destroy(f->d);
    fonts_chain_destroy(f->fc);
    SDL_DestroyRenderer(f->r);
    SDL_FreeSurface(f->surf);
    free(f->lr);
    free(f);
    return 0;
}

static layout_box *add(layout_result *lr, layout_kind k, int x, int y, int w, int h,
                       uint32_t color, uint32_t bg)
{
    layout_box *b = &lr->boxes[lr->n++];
    memset(b, 0, sizeof(*b));
    b->kind = k;
    b->x = x, b->y = y, b->w = w, b->h = h;
    b->color = color;
    b->bg = bg;
    b->max_px = 40, b->min_px = 12, b->max_lines = 2;
    b->lang = "en";
    return b;
}

static uint32_t pixel(SDL_Surface *s, int x, int y)
{
    const Uint32 *row = (const Uint32 *)((const Uint8 *)s->pixels + y * s->pitch);
    return row[x] & 0xFFFFFFu;
}

/* Pixels inside the rectangle that differ from colour c. */
static int count_not(SDL_Surface *s, int x0, int y0, int w, int h, uint32_t c)
{
    int n = 0;
    for (int y = y0; y < y0 + h; y++)
        for (int x = x0; x < x0 + w; x++)
            n += pixel(s, x, y) != c;
    return n;
}

/* A screen of three text boxes, a fill and a progress bar. */
static void sample(layout_result *lr, const char *title)
{
    lr->n = 0;
    add(lr, LAYOUT_FILL, 0, 0, W, H, 0x0d1b2a, 0x0d1b2a);
    layout_box *t = add(lr, LAYOUT_TEXT, 20, 20, 600, 100, 0xffffff, 0x0d1b2a);
    snprintf(t->text, sizeof(t->text), "%s", title);
    t = add(lr, LAYOUT_TEXT, 20, 140, 600, 60, 0xc5ced9, 0x0d1b2a);
    snprintf(t->text, sizeof(t->text), "全球慕课大会 · Глобальная конференция");
    t = add(lr, LAYOUT_TEXT, 20, 210, 300, 50, 0xffd166, 0x0d1b2a);
    snprintf(t->text, sizeof(t->text), "in 12 min");
    layout_box *p = add(lr, LAYOUT_PROGRESS, 20, 300, 400, 10, 0x4fc3f7, 0x2a4160);
    p->progress = 0.25;
}

static void draw_text_is_rendered_once_and_reused(void **state)
{
    fixture *f = *state;
    sample(f->lr, "Keynote presentations");
    assert_int_equal(draw_frame(f->d, f->lr), 0);
    draw_stats s = draw_last_stats(f->d);
    assert_int_equal(s.texts, 3);
    assert_int_equal(s.renders, 3);
    assert_int_equal(s.missing, 0);
    /* The same boxes again: nothing is rendered anew. */
    assert_int_equal(draw_frame(f->d, f->lr), 0);
    s = draw_last_stats(f->d);
    assert_int_equal(s.renders, 0);
    assert_int_equal(s.cached, 3);
    /* One text changes: only that box is rendered. */
    sample(f->lr, "Closing and wrap up");
    draw_frame(f->d, f->lr);
    s = draw_last_stats(f->d);
    assert_int_equal(s.renders, 1);
    assert_int_equal(s.cached, 4); /* the old title is kept a few frames */
    /* A colour change is a different texture too. */
    f->lr->boxes[3].color = 0xff8a80;
    draw_frame(f->d, f->lr);
    assert_int_equal(draw_last_stats(f->d).renders, 1);
    /* Unused textures go after DRAW_KEEP_FRAMES frames. */
    for (int i = 0; i < DRAW_KEEP_FRAMES + 1; i++)
        draw_frame(f->d, f->lr);
    assert_int_equal(draw_last_stats(f->d).cached, 3);
}

static void draw_pixels_land_in_their_boxes(void **state)
{
    fixture *f = *state;
    sample(f->lr, "Keynote presentations");
    draw_frame(f->d, f->lr);
    SDL_RenderPresent(f->r);
    /* Progress: the first quarter in the bar colour, the rest in the groove. */
    assert_int_equal(pixel(f->surf, 20 + 50, 305), 0x4fc3f7);
    assert_int_equal(pixel(f->surf, 20 + 300, 305), 0x2a4160);
    /* Text drew something inside each text box, nothing between the boxes. */
    assert_true(count_not(f->surf, 20, 20, 600, 100, 0x0d1b2a) > 500);
    assert_true(count_not(f->surf, 20, 140, 600, 60, 0x0d1b2a) > 500);
    assert_true(count_not(f->surf, 20, 210, 300, 50, 0x0d1b2a) > 100);
    assert_int_equal(count_not(f->surf, 0, 120, W, 20, 0x0d1b2a), 0);
    assert_int_equal(count_not(f->surf, 320, 210, 300, 50, 0x0d1b2a), 0);
}

static void draw_long_text_stays_inside_its_box(void **state)
{
    fixture *f = *state;
    f->lr->n = 0;
    add(f->lr, LAYOUT_FILL, 0, 0, W, H, 0x000000, 0x000000);
    layout_box *t = add(f->lr, LAYOUT_TEXT, 100, 100, 200, 60, 0xffffff, 0x000000);
    size_t n = 0;
    while (n + 12 < sizeof(t->text) - 1) {
        memcpy(t->text + n, "overflowing ", 12);
        n += 12;
    }
    t->text[n] = '\0';
    draw_frame(f->d, f->lr);
    SDL_RenderPresent(f->r);
    draw_stats s = draw_last_stats(f->d);
    assert_int_equal(s.truncated, 1);
    /* The box is painted (text on its background colour) and nothing outside it. */
    int inside = count_not(f->surf, 100, 100, 200, 60, 0x000000);
    int all = count_not(f->surf, 0, 0, W, H, 0x000000);
    assert_true(inside > 200);
    assert_int_equal(all, inside);
}

/* A whole board frame of the seed agenda in Chinese: drawn twice, no tofu reported. */
static void draw_board_frame_of_the_seed_agenda(void **state)
{
    (void)state;
    tzdb_init();
    feed_init();
    feed_options fo = feedsrc_options();
    feed_report *rep = malloc(sizeof(*rep));
    agenda *a = feedsrc_load_embedded(&fo, rep);
    assert_non_null(a);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 1280, 720, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(s);
    board_options o;
    memset(&o, 0, sizeof(o));
    o.hall = -1;
    o.lang = "zh";
    o.width = 1280;
    o.height = 720;
    char *errbuf = NULL;
    size_t errlen = 0;
    FILE *err = open_memstream(&errbuf, &errlen);
    board_frame *bf = board_frame_create(a, &o, r, err);
    assert_non_null(bf);
    int64_t t;
    assert_true(civil_parse_rfc3339("2020-12-09T12:20:00+03:00", &t, NULL));
    assert_int_equal(board_frame_draw(bf, t, 1280, 720, err), 0);
    assert_int_equal(board_frame_draw(bf, t, 1280, 720, err), 0);
    fclose(err);
    assert_null(strstr(errbuf, "no glyph"));
    free(errbuf);
    board_frame_destroy(bf);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(s);
    agenda_free(a);
    free(rep);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(draw_text_is_rendered_once_and_reused, setup, teardown),
        cmocka_unit_test_setup_teardown(draw_pixels_land_in_their_boxes, setup, teardown),
        cmocka_unit_test_setup_teardown(draw_long_text_stays_inside_its_box, setup, teardown),
        cmocka_unit_test(draw_board_frame_of_the_seed_agenda),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
