/* test_draw_media.c - the layout's QR code and image boxes drawn by draw_frame with
 * SDL's software renderer: the code's modules are pure black and white at an integer
 * size with a white quiet zone, centred, and read back by zbarimg; an image is
 * letterboxed in its box, or covers it (the background: its centre, cut to the box's
 * shape); nothing is drawn for an image not ready. Also the splash
 * (its art and its line) and the status icons. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#include "draw.h"
#include "images.h"
#include "qr.h"
#include "splash.h"

#define W 640
#define H 480
#define BG 0x808080u
#define URL "https://pretalx.example.org/hallcon-2026/talk/QX8RLM/"

typedef struct {
    SDL_Surface *surf;
    SDL_Renderer *r;
    draw_ctx *d;
    layout_result *lr;
    char *dir;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    f->r = f->surf ? SDL_CreateSoftwareRenderer(f->surf) : NULL;
    f->d = f->r ? draw_create(f->r, NULL) : NULL; /* no text boxes: no fonts needed */
    f->lr = calloc(1, sizeof(*f->lr));
    f->dir = support_tempdir();
    *state = f;
    return f->d && f->lr ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    draw_destroy(f->d);
    SDL_DestroyRenderer(f->r);
    SDL_FreeSurface(f->surf);
    support_remove_tree(f->dir);
    free(f->dir);
    free(f->lr);
    free(f);
    return 0;
}

static uint32_t px(const SDL_Surface *s, int x, int y)
{
    return ((const uint32_t *)s->pixels)[y * s->pitch / 4 + x] & 0xffffff;
}

/* One background fill and *b on top, drawn and presented. */
static void draw_box(fixture *f, const layout_box *b)
{
    memset(f->lr, 0, sizeof(*f->lr));
    f->lr->boxes[0] = (layout_box){.kind = LAYOUT_FILL, .w = W, .h = H, .color = BG};
    f->lr->boxes[1] = *b;
    f->lr->n = 2;
    assert_int_equal(draw_frame(f->d, f->lr), 0);
    SDL_RenderPresent(f->r);
}

/* One background fill and a box of kind with text on top, drawn and presented. */
static void draw_one(fixture *f, layout_kind kind, int x, int y, int w, int h, const char *text)
{
    layout_box b = {.kind = kind, .x = x, .y = y, .w = w, .h = h, .bg = BG};
    snprintf(b.text, sizeof(b.text), "%s", text);
    draw_box(f, &b);
}

static void draw_qr_box_is_black_on_white_with_a_quiet_zone(void **state)
{
    fixture *f = *state;
    int bx = 100, by = 40, bw = 400, bh = 420;
    draw_one(f, LAYOUT_QR, bx, by, bw, bh, URL);
    static qr_code q;
    assert_int_equal(qr_encode(URL, &q), 0);
    int m = qr_module_px(bw, bh, q.size), side = (q.size + 2 * QR_QUIET) * m;
    assert_int_equal(m, 400 / (q.size + 8));
    int x0 = bx + (bw - side) / 2, y0 = by + (bh - side) / 2;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            uint32_t c = px(f->surf, x, y);
            bool in = x >= x0 && x < x0 + side && y >= y0 && y < y0 + side;
            if (!in) {
                if (c != BG)
                    fail_msg("(%d, %d) outside the code is %06x", x, y, c);
                continue;
            }
            int mx = (x - x0) / m - QR_QUIET, my = (y - y0) / m - QR_QUIET;
            uint32_t want = qr_dark(&q, mx, my) ? 0x000000 : 0xffffff;
            if (c != want)
                fail_msg("(%d, %d), module (%d, %d), is %06x", x, y, mx, my, c);
        }
    /* The quiet zone: a band of 4 modules of white on every side. */
    for (int i = 0; i < side; i++)
        for (int k = 0; k < QR_QUIET * m; k++) {
            assert_int_equal(px(f->surf, x0 + i, y0 + k), 0xffffff);
            assert_int_equal(px(f->surf, x0 + k, y0 + i), 0xffffff);
            assert_int_equal(px(f->surf, x0 + i, y0 + side - 1 - k), 0xffffff);
            assert_int_equal(px(f->surf, x0 + side - 1 - k, y0 + i), 0xffffff);
        }
    if (access("/usr/bin/zbarimg", X_OK) == 0) {
        char path[600];
        snprintf(path, sizeof(path), "%s/qr.png", f->dir);
        assert_int_equal(IMG_SavePNG(f->surf, path), 0);
        char *argv[] = {"/usr/bin/zbarimg", "--raw", "-q", path, NULL};
        support_run_result r = support_run(argv);
        assert_string_equal(r.out, URL "\n");
        support_run_free(&r);
    }
}

static void draw_qr_box_too_small_draws_nothing(void **state)
{
    fixture *f = *state;
    draw_one(f, LAYOUT_QR, 10, 10, 30, 30, URL);
    for (int y = 0; y < 60; y++)
        for (int x = 0; x < 60; x++)
            assert_int_equal(px(f->surf, x, y), BG);
}

/* A 40 x 30 PNG NAME in the test's folder (its path in path[600]), red, or red on its
 * left half and blue on its right; an image loader for it set on the drawing context
 * (the caller destroys it after draw_set_images(NULL)). */
static images *red_image(fixture *f, const char *name, bool blue_right, char *path)
{
    snprintf(path, 600, "%s/%s", f->dir, name);
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, 40, 30, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    SDL_FillRect(s, NULL, 0xFFFF0000u);
    if (blue_right)
        SDL_FillRect(s, &(SDL_Rect){20, 0, 20, 30}, 0xFF0000FFu);
    assert_int_equal(IMG_SavePNG(s, path), 0);
    SDL_FreeSurface(s);
    images_config cfg = {0};
    images *im = images_create(&cfg);
    assert_non_null(im);
    draw_set_images(f->d, im);
    return im;
}

static void draw_image_box_is_letterboxed(void **state)
{
    fixture *f = *state;
    char png[600];
    images *im = red_image(f, "red.png", false, png);
    /* Not ready yet (never requested): nothing drawn. */
    draw_one(f, LAYOUT_IMAGE, 20, 100, 600, 200, png);
    assert_int_equal(px(f->surf, 320, 200), BG);
    assert_int_equal(images_request(im, png), 0);
    assert_int_equal(images_wait(im, png, 20.0), IMAGES_READY);
    draw_one(f, LAYOUT_IMAGE, 20, 100, 600, 200, png);
    /* 40 x 30 in 600 x 200: 266 x 200, centred at x = 20 + 167. */
    assert_int_equal(px(f->surf, 320, 200), 0xff0000);
    assert_int_equal(px(f->surf, 20 + 167 + 2, 102), 0xff0000);
    assert_int_equal(px(f->surf, 20 + 167 + 263, 297), 0xff0000);
    assert_int_equal(px(f->surf, 20 + 160, 200), BG);
    assert_int_equal(px(f->surf, 20 + 167 + 272, 200), BG);
    assert_int_equal(px(f->surf, 320, 98), BG);
    assert_int_equal(px(f->surf, 320, 302), BG);
    draw_set_images(f->d, NULL);
    images_destroy(im);
}

/* A covering image (the background) fills its whole box with the centre of the image:
 * a 40 x 30 image, red on its left half and blue on its right, in a 100 x 200 box shows
 * the middle 15 x 30 of it, red then blue, and nothing around the box. */
static void draw_image_box_covering_fills_it_with_the_centre(void **state)
{
    fixture *f = *state;
    char png[600];
    images *im = red_image(f, "halves.png", true, png);
    assert_int_equal(images_request(im, png), 0);
    assert_int_equal(images_wait(im, png, 20.0), IMAGES_READY);
    layout_box b = {.kind = LAYOUT_IMAGE, .x = 200, .y = 100, .w = 100, .h = 200, .bg = BG,
                    .cover = true};
    snprintf(b.text, sizeof(b.text), "%s", png);
    draw_box(f, &b);
    size_t red = 0, blue = 0;
    for (int y = 100; y < 300; y++)
        for (int x = 200; x < 300; x++) {
            uint32_t c = px(f->surf, x, y);
            if (c != 0xff0000 && c != 0x0000ff)
                fail_msg("(%d, %d) inside the covered box is %06x", x, y, c);
            red += c == 0xff0000, blue += c == 0x0000ff;
        }
    /* Source columns 12..26 of 40: 8 red, 7 blue (scaled by 100 / 15). */
    assert_true(red > blue && blue > 100 * 200 * 4 / 10);
    assert_int_equal(px(f->surf, 210, 150), 0xff0000);
    assert_int_equal(px(f->surf, 290, 150), 0x0000ff);
    for (int y = 100; y < 300; y++) {
        assert_int_equal(px(f->surf, 199, y), BG);
        assert_int_equal(px(f->surf, 300, y), BG);
    }
    assert_int_equal(px(f->surf, 250, 99), BG);
    assert_int_equal(px(f->surf, 250, 300), BG);
    /* The same box letterboxed: bands of the background above and below. */
    b.cover = false;
    draw_box(f, &b);
    assert_int_equal(px(f->surf, 250, 105), BG);
    assert_int_equal(px(f->surf, 210, 200), 0xff0000);
    draw_set_images(f->d, NULL);
    images_destroy(im);
}

/* The splash: its art's colours (panel, accent, bar) in the upper part, the line's
 * colour below it, and nothing of the line when there is none. */
static void splash_shows_the_art_and_what_it_waits_for(void **state)
{
    fixture *f = *state;
    size_t count[4] = {0};
    const uint32_t colours[] = {0x1b2d45, 0xffd166, 0x4fc3f7, SPLASH_TEXT};
    for (int pass = 0; pass < 2; pass++) {
        assert_int_equal(splash_draw(f->r, W, H, pass ? "Waiting for fonts, feed (1/2)" : NULL), 0);
        SDL_RenderPresent(f->r);
        memset(count, 0, sizeof(count));
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++)
                for (int k = 0; k < 4; k++)
                    count[k] += px(f->surf, x, y) == colours[k] && (k < 3 ? y < H * 13 / 20
                                                                        : y >= H * 3 / 4);
        for (int k = 0; k < 3; k++)
            assert_true(count[k] > 100);
        if (pass == 0)
            assert_int_equal(count[3], 0);
        else
            assert_true(count[3] > 200);
    }
    IMG_SavePNG(f->surf, HB_BINARY_DIR "/splash.png"); /* to look at */
    SDL_Rect icon = {10, 10, 64, 64};
    for (int k = SPLASH_ICON_OFFLINE; k <= SPLASH_ICON_LIVE; k++) {
        SDL_SetRenderDrawColor(f->r, 0, 0, 0, 255);
        SDL_RenderClear(f->r);
        assert_int_equal(splash_draw_icon(f->r, (splash_icon)k, &icon), 0);
        SDL_RenderPresent(f->r);
        size_t lit = 0;
        for (int y = 0; y < 90; y++)
            for (int x = 0; x < 90; x++)
                if (px(f->surf, x, y) != 0) {
                    assert_true(x >= 10 && x < 74 && y >= 10 && y < 74);
                    lit++;
                }
        assert_true(lit > 300);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(draw_qr_box_is_black_on_white_with_a_quiet_zone),
        cmocka_unit_test(draw_qr_box_too_small_draws_nothing),
        cmocka_unit_test(draw_image_box_is_letterboxed),
        cmocka_unit_test(draw_image_box_covering_fills_it_with_the_centre),
        cmocka_unit_test(splash_shows_the_art_and_what_it_waits_for),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
