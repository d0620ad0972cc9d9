/* test_render_media.c - images, QR codes and the feed's theme as pixels: `hallboard
 * render` run as operators run it (the real binary, no display; images loaded before
 * the frame is drawn), against the goldens of tests/golden/ named below (and in
 * tests/golden/README.md), with the feeds of tests/inputs/media/:
 *
 * - media-landscape: media.json.in (its image paths made absolute here) on the Main
 *   Hall's board during a talk with a url: the logo beside the title, the background
 *   in the margins, the QR code beside what is on now, the card's image beside its text;
 * - media-portrait-after: the same after the event, portrait: the card's image above
 *   its text, the QR code of the card's url at the end of its text;
 * - theme-ok-landscape: theme_ok.json, a light theme the board accepts;
 * - theme-low-landscape: theme_low.json, a theme refused for contrast (the board's
 *   colours; `check` says why).
 *
 * And a feed whose logo is missing and whose card image is not an image: the frame is
 * drawn all the same, without them.
 *
 * Tolerance as in test_render.c: two pixels differ when a channel differs by more than
 * 48 (of 255); two frames match when at most 0.5 % of their pixels differ.
 * HB_UPDATE_GOLDEN=1 rewrites these goldens from the current build instead of
 * comparing. A failed comparison keeps the frame drawn and a diff image (differing
 * pixels red) in a /tmp/hallboard-test-* folder named in the output.
 */
#include "golden.h"
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <SDL.h>


#define MEDIA HB_SOURCE_DIR "/tests/inputs/media"
#define DURING "2026-03-14T10:20:00+01:00"
#define AFTER "2026-03-16T12:00:00+01:00"
#define BOARD_BG 0x0d1b2au

typedef struct {
    const char *name; /* golden tests/golden/NAME.png */
    const char *at, *size;
    const char *feed; /* media.json (made here from media.json.in), or a file of MEDIA */
    const char *hall; /* --hall, or NULL */
} frame;

static const frame frames[] = {
    {"media-landscape", DURING, "1920x1080", "media.json", "main"},
    {"media-portrait-after", AFTER, "1080x1920", "media.json", NULL},
    {"theme-ok-landscape", DURING, "1920x1080", "theme_ok.json", NULL},
    {"theme-low-landscape", DURING, "1920x1080", "theme_low.json", NULL},
};
enum { MEDIA_LANDSCAPE, MEDIA_PORTRAIT, THEME_OK, THEME_LOW };

/* s with every `from` made `to` (caller frees). */
static char *replace_all(const char *s, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to), cap = strlen(s) + 1, n = 0;
    for (const char *p = s; (p = strstr(p, from)); p += nf)
        cap += nt;
    char *out = malloc(cap);
    assert_non_null(out);
    for (const char *p = s; *p;) {
        if (strncmp(p, from, nf) == 0) {
            memcpy(out + n, to, nt);
            n += nt, p += nf;
        } else {
            out[n++] = *p++;
        }
    }
    out[n] = '\0';
    return out;
}

/* media.json.in with @DIR@ made MEDIA, written as `name` in tmpdir; with `broken`, the
 * logo is a file that is not there and the card's image a file that is not an image. */
static const char *write_media(const char *name, bool broken)
{
    size_t len;
    char *in = support_read_file(MEDIA "/media.json.in", &len);
    assert_non_null(in);
    char *out = replace_all(in, "@DIR@", MEDIA);
    free(in);
    if (broken) {
        char *a = replace_all(out, "/logo.svg", "/nope.svg");
        free(out);
        out = replace_all(a, "/card.svg", "/media.json.in");
        free(a);
    }
    const char *path = golden_tmp_path(name);
    assert_int_equal(support_write_file(path, out, strlen(out)), 0);
    free(out);
    return path;
}

/* The path of feed `name`: made in tmpdir (media.json) or one of MEDIA. */
static const char *feed_path(const char *name)
{
    static char p[512];
    if (strcmp(name, "media.json") == 0)
        return write_media(name, false);
    snprintf(p, sizeof(p), "%s/%s", MEDIA, name);
    return p;
}

/* Renders frame i and checks it against its golden (golden.h). Returns the frame drawn
 * (caller frees). */
static SDL_Surface *golden(size_t i)
{
    const frame *f = &frames[i];
    golden_frame g = {.name = f->name, .at = f->at, .size = f->size,
                      .feed = feed_path(f->feed), .hall = f->hall};
    SDL_Surface *got = golden_render_check(&g);
    remove(golden_tmp_path("media.json"));
    return got;
}

/* ---- Tests ------------------------------------------------------------------ */

/* Pixels of s in the rectangle (x, y, w, h) within the tolerance of rgb. */
static size_t count_in(const SDL_Surface *s, int x0, int y0, int w, int h, Uint32 rgb)
{
    size_t n = 0;
    for (int y = y0; y < y0 + h; y++)
        for (int x = x0; x < x0 + w; x++)
            n += !golden_px_differ(golden_px(s, x, y), rgb);
    return n;
}

/* The logo (its red ring) at the title's start, the QR code (a white square of 410 px,
 * 10 px modules, with black modules) right of what is on now, the card's image (its
 * blue), the background's orange in the margins only. */
static void render_media_card_image_and_qr_match_their_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(MEDIA_LANDSCAPE);
    assert_true(count_in(s, 96, 54, 160, 80, 0xe4572e) > 1000);
    assert_true(golden_count_colour(s, 0xffffff, true) > 410 * 410 / 3);
    assert_true(count_in(s, 669, 260, 410, 410, 0x000000) > 410 * 410 / 3);
    assert_true(count_in(s, 669, 260, 410, 410, 0xffffff) > 410 * 410 / 3);
    assert_true(golden_count_colour(s, 0x3d5a80, true) > 10000);
    assert_true(golden_count_colour(s, 0xfca311, true) > 5000);
    assert_int_equal(count_in(s, 96, 240, 1920 - 192, 1080 - 240 - 54, 0xfca311), 0);
    SDL_FreeSurface(s);
}

static void render_media_portrait_card_image_above_and_qr_match_their_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(MEDIA_PORTRAIT);
    assert_true(golden_count_colour(s, 0x3d5a80, true) > 50000);
    SDL_FreeSurface(s);
}

static void render_media_theme_accepted_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(THEME_OK);
    assert_true(golden_count_colour(s, 0xf5f1e8, true) > (size_t)s->w * s->h / 2);
    assert_int_equal(golden_count_colour(s, BOARD_BG, true), 0);
    assert_true(golden_count_colour(s, 0x8c3a00, false) > 500); /* the accent: Now, Next */
    SDL_FreeSurface(s);
}

static void render_media_theme_refused_shows_the_board_colours_and_check_says_why(void **st)
{
    (void)st;
    SDL_Surface *s = golden(THEME_LOW);
    assert_true(golden_count_colour(s, BOARD_BG, true) > (size_t)s->w * s->h / 2);
    assert_int_equal(golden_count_colour(s, 0x1d3557, true), 0);
    SDL_FreeSurface(s);
    char *argv[] = {(char *)support_hallboard(), "check", MEDIA "/theme_low.json", NULL};
    support_run_result r = support_run(argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "event.theme: warning: not used, the board's colours are: "
                                  "accent #457b9d on background #1d3557: 2.69:1 (needs 4.5:1)\n"));
    assert_non_null(strstr(r.err, "valid (hallboard format, 3 sessions, 2 halls, 1 warnings)"));
    support_run_free(&r);
}

/* A logo that is not there and a card image that is not an image: the frame is drawn,
 * with neither (the title's start is the board's background). */
static void render_media_broken_images_never_break_the_frame(void **st)
{
    (void)st;
    const char *feed = write_media("broken.json", true);
    const char *out = golden_tmp_path("broken.png");
    char *argv[] = {(char *)support_hallboard(), "render", "--at", DURING, "--size", "1920x1080",
                    "--hall", "main", "--feed", (char *)feed, "-o", (char *)out, NULL};
    support_run_result r = support_run(argv);
    assert_int_equal(r.status, 0);
    support_run_free(&r);
    SDL_Surface *s = golden_load(out);
    assert_int_equal(count_in(s, 96, 54, 160, 80, 0xe4572e), 0);
    assert_int_equal(golden_count_colour(s, 0x3d5a80, true), 0);
    assert_true(count_in(s, 669, 260, 410, 410, 0x000000) > 410 * 410 / 3); /* the QR code */
    SDL_FreeSurface(s);
    remove(out);
    remove(feed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render_media_card_image_and_qr_match_their_golden),
        cmocka_unit_test(render_media_portrait_card_image_above_and_qr_match_their_golden),
        cmocka_unit_test(render_media_theme_accepted_matches_its_golden),
        cmocka_unit_test(render_media_theme_refused_shows_the_board_colours_and_check_says_why),
        cmocka_unit_test(render_media_broken_images_never_break_the_frame),
    };
    return GOLDEN_RUN(tests);
}
