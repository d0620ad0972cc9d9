/* test_images.c - images.h on real files, a real HTTP server and SDL's software
 * renderer: PNG, JPEG and SVG load on the module's own thread; broken images (cut
 * short, too many pixels, too many bytes, not an image, missing, 404) are remembered
 * with their reason and break nothing; a fetched image survives a restart in the
 * cache; an agenda's images are requested and the others forgotten. */
#include "support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>
#include <SDL_image.h>

#include "images.h"
#include "images_int.h"

#define WAIT 20.0 /* s */

typedef struct {
    char *dir;
    char png[512], jpg[512], svg[512];
} fixture;

/* A w x h surface of one colour. */
static SDL_Surface *solid(int w, int h, uint32_t rgb)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(s);
    SDL_FillRect(s, NULL, 0xFF000000u | rgb);
    return s;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof(*f));
    f->dir = support_tempdir();
    snprintf(f->png, sizeof(f->png), "%s/red.png", f->dir);
    snprintf(f->jpg, sizeof(f->jpg), "%s/green.jpg", f->dir);
    snprintf(f->svg, sizeof(f->svg), "%s/blue.svg", f->dir);
    SDL_Surface *s = solid(40, 30, 0xff0000);
    int rc = IMG_SavePNG(s, f->png);
    SDL_FreeSurface(s);
    s = solid(64, 48, 0x00ff00);
    rc |= IMG_SaveJPG(s, f->jpg, 90);
    SDL_FreeSurface(s);
    const char *svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"100\">"
                      "<rect width=\"200\" height=\"100\" fill=\"#0000ff\"/></svg>";
    rc |= support_write_file(f->svg, svg, strlen(svg));
    *state = f;
    return rc == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *f = *state;
    support_remove_tree(f->dir);
    free(f->dir);
    free(f);
    return 0;
}

static images *start(const char *cache_dir)
{
    images_config cfg = {.cache_dir = cache_dir};
    images *im = images_create(&cfg);
    assert_non_null(im);
    return im;
}

/* The colour at the centre of ref's texture, drawn by a software renderer. */
static uint32_t centre_colour(images *im, const char *ref)
{
    SDL_Surface *dst = solid(100, 100, 0x000000);
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(dst);
    assert_non_null(r);
    int w = 0, h = 0;
    SDL_Texture *t = images_texture(im, r, ref, &w, &h);
    assert_non_null(t);
    assert_int_equal(SDL_RenderCopy(r, t, NULL, NULL), 0);
    SDL_RenderPresent(r);
    uint32_t px = ((uint32_t *)dst->pixels)[50 * dst->pitch / 4 + 50] & 0xffffff;
    images_drop_textures(im); /* before its renderer goes */
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(dst);
    return px;
}

/* Each channel of a within tol of b's. */
static bool near(uint32_t a, uint32_t b, int tol)
{
    for (int sh = 0; sh < 24; sh += 8)
        if (abs((int)((a >> sh) & 0xff) - (int)((b >> sh) & 0xff)) > tol)
            return false;
    return true;
}

static void images_png_jpeg_and_svg_load_on_the_modules_thread(void **state)
{
    fixture *f = *state;
    images *im = start(NULL);
    char jpg_url[600];
    snprintf(jpg_url, sizeof(jpg_url), "file://%s", f->jpg);
    const char *refs[] = {f->png, jpg_url, f->svg};
    const int w[] = {40, 64, IMAGES_SVG_SIDE}, h[] = {30, 48, IMAGES_SVG_SIDE / 2};
    const uint32_t colour[] = {0xff0000, 0x00ff00, 0x0000ff};
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(images_request(im, refs[i]), 0);
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(images_wait(im, refs[i], WAIT), IMAGES_READY);
        images_info in = images_info_of(im, refs[i]);
        assert_int_equal(in.w, w[i]);
        assert_int_equal(in.h, h[i]);
        assert_string_equal(in.reason, "");
        assert_false(in.from_cache);
        assert_true(in.decoded_by != 0);
        assert_true(in.decoded_by != SDL_ThreadID());
        assert_true(near(centre_colour(im, refs[i]), colour[i], 8));
        /* Dropped textures come back from the file. */
        assert_int_equal(images_wait(im, refs[i], WAIT), IMAGES_READY);
    }
    /* A second request of a known image is not a second entry. */
    assert_int_equal(images_request(im, f->png), 0);
    images_info list[8];
    assert_int_equal(images_list(im, list, 8), 3);
    images_destroy(im);
}

/* The first n bytes of path's content written to dir/name; returns the new path. */
static void write_cut(const char *from, size_t n, const char *to)
{
    size_t len;
    char *b = support_read_file(from, &len);
    assert_non_null(b);
    assert_true(n <= len);
    assert_int_equal(support_write_file(to, b, n), 0);
    free(b);
}

/* A PNG signature and an IHDR chunk saying w x h (nothing after it). */
static void write_png_header(const char *path, uint32_t w, uint32_t h)
{
    unsigned char b[33] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                           'I', 'H', 'D', 'R'};
    for (int i = 0; i < 4; i++) {
        b[16 + i] = (unsigned char)(w >> (24 - 8 * i));
        b[20 + i] = (unsigned char)(h >> (24 - 8 * i));
    }
    b[24] = 8; /* bit depth; colour type 0 (grey) */
    assert_int_equal(support_write_file(path, (const char *)b, sizeof(b)), 0);
}

static void expect_failed(images *im, const char *ref, const char *needle)
{
    assert_int_equal(images_wait(im, ref, WAIT), IMAGES_FAILED);
    images_info in = images_info_of(im, ref);
    if (!strstr(in.reason, needle))
        fail_msg("%s: reason \"%s\" lacks \"%s\"", ref, in.reason, needle);
}

static void images_broken_ones_are_remembered_with_their_reason(void **state)
{
    fixture *f = *state;
    char cut[600], huge[600], big[600], gif[600], missing[600];
    snprintf(cut, sizeof(cut), "%s/cut.png", f->dir);
    snprintf(huge, sizeof(huge), "%s/huge.png", f->dir);
    snprintf(big, sizeof(big), "%s/big.png", f->dir);
    snprintf(gif, sizeof(gif), "%s/a.gif", f->dir);
    snprintf(missing, sizeof(missing), "%s/none.png", f->dir);
    size_t len;
    char *png = support_read_file(f->png, &len);
    write_cut(f->png, len / 2, cut);
    write_png_header(huge, 20000, 20000);
    char *b = calloc(1, IMAGES_MAX_BYTES + 1);
    memcpy(b, png, len);
    assert_int_equal(support_write_file(big, b, IMAGES_MAX_BYTES + 1), 0);
    free(b);
    free(png);
    assert_int_equal(support_write_file(gif, "GIF89a\1\0\1\0\0\0\0;", 14), 0);
    support_server srv;
    if (support_server_start(&srv, f->png, NULL, NULL) != 0)
        fail();
    char url404[256];
    support_server_url(&srv, "/404", url404, sizeof(url404));

    images *im = start(NULL);
    const char *refs[] = {cut, huge, big, gif, missing, url404};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(images_request(im, refs[i]), 0);
    assert_int_equal(images_request(im, "images/logo.png"), -EINVAL);
    expect_failed(im, cut, "does not decode");
    expect_failed(im, huge, "20000x20000 pixels: larger than the limit");
    expect_failed(im, big, "larger than");
    expect_failed(im, gif, "not a PNG, JPEG or SVG image");
    expect_failed(im, missing, "none.png");
    expect_failed(im, url404, "404");
    expect_failed(im, "images/logo.png", "not an http, https or file URL");
    /* All listed, each with its reason; the module still loads a good image. */
    images_info list[IMAGES_MAX_ENTRIES];
    size_t n = images_list(im, list, IMAGES_MAX_ENTRIES);
    assert_int_equal(n, 7);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(list[i].state, IMAGES_FAILED);
        assert_true(list[i].reason[0] != '\0');
    }
    assert_int_equal(images_request(im, f->png), 0);
    assert_int_equal(images_wait(im, f->png, WAIT), IMAGES_READY);
    images_destroy(im);
    support_server_stop(&srv);
}

static void images_size_is_refused_from_the_header_before_decoding(void **state)
{
    (void)state;
    /* A JPEG whose frame header says 30000 x 20000 and nothing else: refused for its
     * size, not for failing to decode. */
    const unsigned char jpeg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00,
                                  0xFF, 0xC0, 0x00, 0x11, 0x08, 0x4E, 0x20, 0x75, 0x30, 0x03};
    char why[IMAGES_REASON_MAX] = "";
    assert_null(images_decode(jpeg, sizeof(jpeg), why, sizeof(why)));
    assert_non_null(strstr(why, "30000x20000 pixels"));
    /* Within the side limit but past the pixel count. */
    const unsigned char jpeg2[] = {0xFF, 0xD8, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x1F, 0x40,
                                   0x1F, 0x40, 0x03};
    assert_null(images_decode(jpeg2, sizeof(jpeg2), why, sizeof(why)));
    assert_non_null(strstr(why, "8000x8000 pixels"));
    assert_null(images_decode((const unsigned char *)"\x89PNG\r\n\x1a\n", 8, why, sizeof(why)));
    assert_non_null(strstr(why, "a PNG without a readable size"));
}

static void images_cache_keeps_a_fetched_image_across_a_restart(void **state)
{
    fixture *f = *state;
    char cache[600], url[256];
    snprintf(cache, sizeof(cache), "%s/cache", f->dir);
    assert_int_equal(mkdir(cache, 0755), 0);
    support_server srv;
    if (support_server_start(&srv, f->png, NULL, NULL) != 0)
        fail();
    support_server_url(&srv, "/ok", url, sizeof(url));
    images *im = start(cache);
    assert_int_equal(images_request(im, url), 0);
    assert_int_equal(images_wait(im, url, WAIT), IMAGES_READY);
    images_info in = images_info_of(im, url);
    assert_false(in.from_cache);
    assert_int_equal(in.w, 40);
    images_destroy(im);
    support_server_stop(&srv);

    /* The server is gone: the restarted module shows the cached copy and says why. */
    im = start(cache);
    assert_int_equal(images_request(im, url), 0);
    assert_int_equal(images_wait(im, url, WAIT), IMAGES_READY);
    in = images_info_of(im, url);
    assert_true(in.from_cache);
    assert_int_equal(in.w, 40);
    assert_true(in.reason[0] != '\0');
    assert_true(near(centre_colour(im, url), 0xff0000, 8));
    images_destroy(im);

    /* Without the cache the same URL fails. */
    im = start(NULL);
    assert_int_equal(images_request(im, url), 0);
    assert_int_equal(images_wait(im, url, WAIT), IMAGES_FAILED);
    images_destroy(im);
}

static void images_agenda_images_are_requested_and_others_forgotten(void **state)
{
    fixture *f = *state;
    images *im = start(NULL);
    assert_int_equal(images_request(im, f->jpg), 0);
    assert_int_equal(images_wait(im, f->jpg, WAIT), IMAGES_READY);
    agenda_card card = {.id = "c", .image = f->svg};
    agenda a = {.logo = f->png, .cards = &card, .n_cards = 1};
    images_want_agenda(im, &a);
    assert_int_equal(images_info_of(im, f->jpg).state, IMAGES_UNKNOWN);
    assert_int_equal(images_wait(im, f->png, WAIT), IMAGES_READY);
    assert_int_equal(images_wait(im, f->svg, WAIT), IMAGES_READY);
    images_want_agenda(im, NULL);
    images_info list[4];
    assert_int_equal(images_list(im, list, 4), 0);
    images_destroy(im);
    images_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(images_png_jpeg_and_svg_load_on_the_modules_thread),
        cmocka_unit_test(images_broken_ones_are_remembered_with_their_reason),
        cmocka_unit_test(images_size_is_refused_from_the_header_before_decoding),
        cmocka_unit_test(images_cache_keeps_a_fetched_image_across_a_restart),
        cmocka_unit_test(images_agenda_images_are_requested_and_others_forgotten),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
