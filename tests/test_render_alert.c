/* test_render_alert.c - live operations as pixels: `hallboard render --overrides FILE`
 * run as operators run it (the real binary, no display), against the goldens of
 * tests/golden/ named below (and in tests/golden/README.md), with the override
 * documents of tests/inputs/overrides/:
 *
 * - urgent-landscape: the built-in agenda during its first day, an urgent banner;
 * - emergency-landscape, emergency-portrait, emergency-ar-landscape (--lang ar): the
 *   takeover, in English (or Arabic) first, then the event's other languages;
 * - delayed-landscape: the next session 15 minutes late, with a note;
 * - full-landscape: the current session's hall full;
 * - moved-landscape: tests/inputs/multihall.json, the next session moved to hall B.
 *
 * Tolerance as in test_render.c: two pixels differ when a channel differs by more than
 * 48 (of 255); two frames match when at most 0.5 % of their pixels differ.
 * HB_UPDATE_GOLDEN=1 rewrites these goldens from the current build instead of
 * comparing. A failed comparison keeps the frame drawn and a diff image (differing
 * pixels red) in a /tmp/hallboard-test-* folder named in the output.
 */
#include "support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#define CHANNEL_TOLERANCE 48
#define MAX_DIFF_FRACTION 0.005

#define SEED_DURING "2020-12-09T12:20:00+03:00"
#define MULTI_DURING "2024-03-30T09:40:00+01:00"
#define OVERRIDES HB_SOURCE_DIR "/tests/inputs/overrides/"

typedef struct {
    const char *name;      /* golden tests/golden/NAME.png */
    const char *at, *size;
    const char *overrides; /* file under tests/inputs/overrides/ */
    const char *lang;      /* --lang, or NULL */
    const char *feed;      /* a file under tests/inputs/, or NULL: the built-in agenda */
} frame;

static const frame frames[] = {
    {"urgent-landscape", SEED_DURING, "1920x1080", "urgent.json", NULL, NULL},
    {"emergency-landscape", SEED_DURING, "1920x1080", "emergency.json", NULL, NULL},
    {"emergency-portrait", SEED_DURING, "1080x1920", "emergency.json", NULL, NULL},
    {"emergency-ar-landscape", SEED_DURING, "1920x1080", "emergency.json", "ar", NULL},
    {"delayed-landscape", SEED_DURING, "1920x1080", "delayed.json", NULL, NULL},
    {"full-landscape", SEED_DURING, "1920x1080", "full.json", NULL, NULL},
    {"moved-landscape", MULTI_DURING, "1920x1080", "moved.json", NULL, "multihall.json"},
};
enum { URGENT, EMERGENCY, EMERGENCY_PORTRAIT, EMERGENCY_AR, DELAYED, FULL, MOVED };

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

/* Renders frame f to out; fails the test when hallboard does not exit 0. */
static void render_to(const frame *f, const char *out)
{
    char ov[512], feed[512];
    snprintf(ov, sizeof(ov), "%s%s", OVERRIDES, f->overrides);
    char *argv[20];
    int n = 0;
    argv[n++] = (char *)support_hallboard();
    argv[n++] = "render";
    argv[n++] = "--at";
    argv[n++] = (char *)f->at;
    argv[n++] = "--size";
    argv[n++] = (char *)f->size;
    argv[n++] = "--overrides";
    argv[n++] = ov;
    if (f->lang) {
        argv[n++] = "--lang";
        argv[n++] = (char *)f->lang;
    }
    if (f->feed) {
        snprintf(feed, sizeof(feed), "%s/tests/inputs/%s", HB_SOURCE_DIR, f->feed);
        argv[n++] = "--feed";
        argv[n++] = feed;
    }
    argv[n++] = "-o";
    argv[n++] = (char *)out;
    argv[n] = NULL;
    support_run_result r = support_run(argv);
    if (r.status != 0)
        fprintf(stderr, "%s: exit %d\n--- stderr\n%s", f->name, r.status, r.err);
    assert_int_equal(r.status, 0);
    support_run_free(&r);
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

/* Pixels of s within the tolerance of colour rgb (exact: of rgb itself; the board's
 * navy is within the tolerance of black). */
static size_t count_colour(const SDL_Surface *s, Uint32 rgb, bool exact)
{
    size_t n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            Uint32 p = px(s, x, y);
            n += exact ? (p & 0xffffffu) == rgb : !px_differ(p, rgb);
        }
    return n;
}

/* Renders frame i and compares it with its golden (or rewrites the golden when
 * updating). Returns the frame drawn (caller frees). */
static SDL_Surface *golden(size_t i)
{
    const frame *f = &frames[i];
    char golden_path[512], file[96];
    snprintf(golden_path, sizeof(golden_path), "%s/tests/golden/%s.png", HB_SOURCE_DIR, f->name);
    if (updating()) {
        render_to(f, golden_path);
        print_message("HB_UPDATE_GOLDEN=1: rewrote %s; not compared\n", golden_path);
        return load_png(golden_path);
    }
    snprintf(file, sizeof(file), "%s.got.png", f->name);
    const char *got_path = tmp_path(file);
    render_to(f, got_path);
    SDL_Surface *got = load_png(got_path), *want = load_png(golden_path);
    bool same = got->w == want->w && got->h == want->h;
    size_t n = same ? count_diff(got, want, NULL) : 0, total = (size_t)got->w * (size_t)got->h;
    if (same && (double)n / (double)total <= MAX_DIFF_FRACTION) {
        remove(got_path);
    } else {
        snprintf(file, sizeof(file), "%s.diff.png", f->name);
        if (same)
            count_diff(got, want, tmp_path(file));
        fprintf(stderr, "%s: %zu of %zu pixels differ (at most %.1f %% allowed), or the size; "
                        "the frame drawn is in %s\n", f->name, n, total, 100 * MAX_DIFF_FRACTION,
                tmpdir);
        same = false;
    }
    SDL_FreeSurface(want);
    assert_true(same);
    return got;
}

/* ---- Tests ------------------------------------------------------------------ */

static void render_alert_urgent_banner_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(URGENT);
    /* The dark red band under the top margin, across the content width. */
    assert_false(px_differ(px(s, 96 + 4, 54 + 4), 0x8b0000));
    assert_false(px_differ(px(s, 1920 - 96 - 4, 54 + 4), 0x8b0000));
    assert_true(count_colour(s, 0x0d1b2a, true) > (size_t)s->w * s->h / 2); /* the board below */
    SDL_FreeSurface(s);
}

/* A takeover: black and white only, none of the board's navy. */
static void expect_takeover(size_t i)
{
    SDL_Surface *s = golden(i);
    assert_int_equal(count_colour(s, 0x0d1b2a, true), 0);
    assert_true(count_colour(s, 0x000000, true) > (size_t)s->w * s->h / 2);
    assert_true(count_colour(s, 0xffffff, true) > (size_t)s->w * s->h / 50);
    SDL_FreeSurface(s);
}

static void render_alert_emergency_landscape_matches_its_golden(void **st)
{
    (void)st;
    expect_takeover(EMERGENCY);
}

static void render_alert_emergency_portrait_matches_its_golden(void **st)
{
    (void)st;
    expect_takeover(EMERGENCY_PORTRAIT);
}

static void render_alert_emergency_arabic_matches_its_golden(void **st)
{
    (void)st;
    expect_takeover(EMERGENCY_AR);
}

/* A frame of the board with marks in the accent (delay) or warning (full, moved)
 * colour. */
static void expect_marked(size_t i, Uint32 mark)
{
    SDL_Surface *s = golden(i);
    assert_true(count_colour(s, mark, false) > 200);
    SDL_FreeSurface(s);
}

static void render_alert_delayed_session_matches_its_golden(void **st)
{
    (void)st;
    expect_marked(DELAYED, 0xffd166);
}

static void render_alert_full_hall_matches_its_golden(void **st)
{
    (void)st;
    expect_marked(FULL, 0xff8a80);
}

static void render_alert_moved_session_matches_its_golden(void **st)
{
    (void)st;
    expect_marked(MOVED, 0xff8a80);
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
        fprintf(stderr, "frames of failed comparisons kept in %s\n", tmpdir);
    free(tmpdir);
    IMG_Quit();
    SDL_Quit();
    return 0;
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render_alert_urgent_banner_matches_its_golden),
        cmocka_unit_test(render_alert_emergency_landscape_matches_its_golden),
        cmocka_unit_test(render_alert_emergency_portrait_matches_its_golden),
        cmocka_unit_test(render_alert_emergency_arabic_matches_its_golden),
        cmocka_unit_test(render_alert_delayed_session_matches_its_golden),
        cmocka_unit_test(render_alert_full_hall_matches_its_golden),
        cmocka_unit_test(render_alert_moved_session_matches_its_golden),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
