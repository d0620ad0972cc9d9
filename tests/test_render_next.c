/* test_render_next.c - the NEXT list, conference days and the footer as pixels:
 * `hallboard render` run as operators run it (the real binary, no display), against
 * the goldens of tests/golden/ named below (and in tests/golden/README.md):
 *
 * - next-more-landscape: tests/inputs/next_more.json on the board for every hall,
 *   eight sessions starting at 11:00: the first ones with their halls, "+6 more";
 * - tonight-2350-landscape: tests/inputs/frab/frab_2350.json (frab days 10:00 to 06:00) at
 *   23:50 on hall Saal 1's board: the talk at 00:00 is "in 10 min", no "Tomorrow";
 * - three-on-portrait: tests/inputs/three_on.json at 10:40, three sessions on, 1080x1920;
 * - footer-LANG: the bottom band (the last 96 rows) of the built-in agenda's frame at
 *   1920x1080 under --lang en, zh, ru, fr, es, ar: the footer's words in each language.
 *
 * Tolerance as in test_render.c: two pixels differ when a channel differs by more than
 * 48 (of 255); two images match when at most 0.5 % of their pixels differ.
 * HB_UPDATE_GOLDEN=1 rewrites these goldens from the current build instead of
 * comparing. A failed comparison keeps the image drawn and a diff image (differing
 * pixels red) in a /tmp/hallboard-test-* folder named in the output.
 */
#include "support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#define CHANNEL_TOLERANCE 48
#define MAX_DIFF_FRACTION 0.005
#define BAND_ROWS 96 /* the footer band: the last rows of a 1920x1080 frame */

typedef struct {
    const char *name;  /* golden tests/golden/NAME.png */
    const char *feed;  /* a file under tests/inputs/, or NULL: the built-in agenda */
    const char *at, *size;
    const char *hall;  /* --hall, or NULL */
    const char *lang;  /* --lang, or NULL */
    bool band;         /* the golden is the bottom BAND_ROWS rows only */
} frame;

#define SEED_DURING "2020-12-09T12:20:00+03:00"

static const frame frames[] = {
    {"next-more-landscape", "next_more.json", "2025-12-28T10:20:00+01:00", "1920x1080", NULL, NULL, false},
    {"tonight-2350-landscape", "frab/frab_2350.json", "2025-12-28T23:50:00+01:00", "1920x1080", "Saal 1", NULL, false},
    {"three-on-portrait", "three_on.json", "2025-12-28T10:40:00+01:00", "1080x1920", NULL, NULL, false},
    {"footer-en", NULL, SEED_DURING, "1920x1080", NULL, "en", true},
    {"footer-zh", NULL, SEED_DURING, "1920x1080", NULL, "zh", true},
    {"footer-ru", NULL, SEED_DURING, "1920x1080", NULL, "ru", true},
    {"footer-fr", NULL, SEED_DURING, "1920x1080", NULL, "fr", true},
    {"footer-es", NULL, SEED_DURING, "1920x1080", NULL, "es", true},
    {"footer-ar", NULL, SEED_DURING, "1920x1080", NULL, "ar", true},
};
enum { NEXT_MORE, TONIGHT, THREE_ON, FOOTER_EN };
#define N_FOOTERS 6

static char *tmpdir;

static const char *tmp_path(const char *name)
{
    static char ring[4][512];
    static int k;
    char *p = ring[k++ % 4];
    snprintf(p, sizeof(ring[0]), "%s/%s", tmpdir, name);
    return p;
}

static bool updating(void)
{
    const char *u = getenv("HB_UPDATE_GOLDEN");
    return u && strcmp(u, "1") == 0;
}

static SDL_Surface *load_png(const char *path)
{
    SDL_Surface *raw = IMG_Load(path);
    if (!raw)
        fprintf(stderr, "cannot load %s: %s\n", path, IMG_GetError());
    assert_non_null(raw);
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    assert_non_null(s);
    return s;
}

/* Renders frame f and returns it (only its bottom band for a band frame); fails the
 * test when hallboard does not exit 0. */
static SDL_Surface *render(const frame *f)
{
    char feed[512];
    const char *out = tmp_path("frame.png");
    char *argv[20];
    int n = 0;
    argv[n++] = (char *)support_hallboard();
    argv[n++] = "render";
    argv[n++] = "--at";
    argv[n++] = (char *)f->at;
    argv[n++] = "--size";
    argv[n++] = (char *)f->size;
    if (f->feed) {
        snprintf(feed, sizeof(feed), "%s/tests/inputs/%s", HB_SOURCE_DIR, f->feed);
        argv[n++] = "--feed";
        argv[n++] = feed;
    }
    if (f->hall) {
        argv[n++] = "--hall";
        argv[n++] = (char *)f->hall;
    }
    if (f->lang) {
        argv[n++] = "--lang";
        argv[n++] = (char *)f->lang;
    }
    argv[n++] = "-o";
    argv[n++] = (char *)out;
    argv[n] = NULL;
    support_run_result r = support_run(argv);
    if (r.status != 0)
        fprintf(stderr, "%s: exit %d\n--- stderr\n%s", f->name, r.status, r.err);
    assert_int_equal(r.status, 0);
    support_run_free(&r);
    SDL_Surface *s = load_png(out);
    remove(out);
    if (!f->band)
        return s;
    SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, s->w, BAND_ROWS, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(b);
    SDL_Rect from = {0, s->h - BAND_ROWS, s->w, BAND_ROWS};
    assert_int_equal(SDL_BlitSurface(s, &from, b, NULL), 0);
    SDL_FreeSurface(s);
    return b;
}

static Uint32 px(const SDL_Surface *s, int x, int y)
{
    return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

static bool px_differ(Uint32 p, Uint32 q)
{
    for (int sh = 0; sh <= 16; sh += 8)
        if (abs((int)((p >> sh) & 0xff) - (int)((q >> sh) & 0xff)) > CHANNEL_TOLERANCE)
            return true;
    return false;
}

/* Differing pixels of a and b (same size); with diff_path, an image of them. */
static size_t count_diff(const SDL_Surface *a, const SDL_Surface *b, const char *diff_path)
{
    SDL_Surface *d = NULL;
    if (diff_path)
        d = SDL_CreateRGBSurfaceWithFormat(0, a->w, a->h, 32, SDL_PIXELFORMAT_ARGB8888);
    size_t n = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            Uint32 p = px(a, x, y);
            bool differ = px_differ(p, px(b, x, y));
            n += differ;
            if (d)
                ((Uint32 *)((Uint8 *)d->pixels + (size_t)y * (size_t)d->pitch))[x] =
                    differ ? 0xffff0000u : 0xff000000u | ((p >> 2) & 0x3f3f3fu);
        }
    if (d) {
        IMG_SavePNG(d, diff_path);
        SDL_FreeSurface(d);
    }
    return n;
}

/* Pixels of s within the tolerance of colour rgb. */
static size_t count_colour(const SDL_Surface *s, Uint32 rgb)
{
    size_t n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            n += !px_differ(px(s, x, y), rgb);
    return n;
}

/* Renders frame i and compares it with its golden (or rewrites the golden when
 * updating). Returns the image drawn (caller frees). */
static SDL_Surface *golden(size_t i)
{
    const frame *f = &frames[i];
    char golden_path[512], file[96];
    snprintf(golden_path, sizeof(golden_path), "%s/tests/golden/%s.png", HB_SOURCE_DIR, f->name);
    SDL_Surface *got = render(f);
    if (updating()) {
        assert_int_equal(IMG_SavePNG(got, golden_path), 0);
        print_message("HB_UPDATE_GOLDEN=1: rewrote %s; not compared\n", golden_path);
        return got;
    }
    SDL_Surface *want = load_png(golden_path);
    bool same = got->w == want->w && got->h == want->h;
    size_t n = same ? count_diff(got, want, NULL) : 0, total = (size_t)got->w * (size_t)got->h;
    if (!same || (double)n / (double)total > MAX_DIFF_FRACTION) {
        snprintf(file, sizeof(file), "%s.got.png", f->name);
        IMG_SavePNG(got, tmp_path(file));
        snprintf(file, sizeof(file), "%s.diff.png", f->name);
        if (same)
            count_diff(got, want, tmp_path(file));
        fprintf(stderr, "%s: %zu of %zu pixels differ (at most %.1f %% allowed), or the size; "
                        "the image drawn is in %s\n", f->name, n, total, 100 * MAX_DIFF_FRACTION,
                tmpdir);
        same = false;
    }
    SDL_FreeSurface(want);
    assert_true(same);
    return got;
}

/* ---- Tests ------------------------------------------------------------------ */

/* The accent colour of "in 40 min" and the section headings shows. */
static void render_next_list_with_more_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(NEXT_MORE);
    assert_true(count_colour(s, 0xffd166) > 200);
    SDL_FreeSurface(s);
}

static void render_2350_midnight_talk_tonight_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(TONIGHT);
    assert_true(count_colour(s, 0xffd166) > 200);
    SDL_FreeSurface(s);
}

static void render_portrait_three_sessions_on_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(THREE_ON);
    assert_int_equal(s->w, 1080);
    assert_int_equal(s->h, 1920);
    SDL_FreeSurface(s);
}

/* Six bands, each its golden, and no two alike: the footer speaks each language. */
static void render_footer_in_six_languages_matches_its_goldens(void **st)
{
    (void)st;
    SDL_Surface *band[N_FOOTERS];
    for (size_t i = 0; i < N_FOOTERS; i++) {
        band[i] = golden(FOOTER_EN + i);
        assert_true(count_colour(band[i], 0xc5ced9) > 100); /* the footer's text */
    }
    for (size_t i = 0; i < N_FOOTERS; i++)
        for (size_t j = 0; j < i; j++)
            if (count_diff(band[i], band[j], NULL) < 200)
                fail_msg("%s and %s draw the same footer", frames[FOOTER_EN + i].name,
                         frames[FOOTER_EN + j].name);
    for (size_t i = 0; i < N_FOOTERS; i++)
        SDL_FreeSurface(band[i]);
}

static int setup(void **st)
{
    (void)st;
    tmpdir = support_tempdir();
    return tmpdir ? 0 : -1;
}

static int teardown(void **st)
{
    (void)st;
    if (rmdir(tmpdir) != 0 && errno == ENOTEMPTY)
        fprintf(stderr, "images of failed comparisons kept in %s\n", tmpdir);
    free(tmpdir);
    IMG_Quit();
    SDL_Quit();
    return 0;
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render_next_list_with_more_matches_its_golden),
        cmocka_unit_test(render_2350_midnight_talk_tonight_matches_its_golden),
        cmocka_unit_test(render_portrait_three_sessions_on_matches_its_golden),
        cmocka_unit_test(render_footer_in_six_languages_matches_its_goldens),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
