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
#include "golden.h"
#include "support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>


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

/* Renders frame f to out; fails the test when hallboard does not exit 0. */
static void render_to(const frame *f, const char *out)
{
    char ov[512], feed[512];
    snprintf(ov, sizeof(ov), "%s%s", OVERRIDES, f->overrides);
    if (f->feed)
        snprintf(feed, sizeof(feed), "%s/tests/inputs/%s", HB_SOURCE_DIR, f->feed);
    golden_frame g = {.name = f->name, .at = f->at, .size = f->size, .lang = f->lang,
                      .feed = f->feed ? feed : NULL, .overrides = ov};
    golden_render_to(&g, out);
}

/* Renders frame i and checks it against its golden (golden.h). Returns the frame drawn
 * (caller frees). */
static SDL_Surface *golden(size_t i)
{
    const frame *f = &frames[i];
    char file[96];
    snprintf(file, sizeof(file), "%s.drawn.png", f->name);
    const char *path = tmp_path(file);
    render_to(f, path);
    SDL_Surface *got = golden_load(path);
    remove(path);
    golden_check(got, f->name, tmpdir);
    return got;
}

/* ---- Tests ------------------------------------------------------------------ */

static void render_alert_urgent_banner_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(URGENT);
    /* The dark red band under the top margin, across the content width. */
    assert_false(golden_px_differ(golden_px(s, 96 + 4, 54 + 4), 0x8b0000));
    assert_false(golden_px_differ(golden_px(s, 1920 - 96 - 4, 54 + 4), 0x8b0000));
    assert_true(golden_count_colour(s, 0x0d1b2a, true) > (size_t)s->w * s->h / 2); /* the board below */
    SDL_FreeSurface(s);
}

/* A takeover: black and white only, none of the board's navy. */
static void expect_takeover(size_t i)
{
    SDL_Surface *s = golden(i);
    assert_int_equal(golden_count_colour(s, 0x0d1b2a, true), 0);
    assert_true(golden_count_colour(s, 0x000000, true) > (size_t)s->w * s->h / 2);
    assert_true(golden_count_colour(s, 0xffffff, true) > (size_t)s->w * s->h / 50);
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
    assert_true(golden_count_colour(s, mark, false) > 200);
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
