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

#include <SDL.h>

#define SEED_DURING "2020-12-09T12:20:00+03:00"
#define MULTI_DURING "2024-03-30T09:40:00+01:00"
#define OVERRIDES GOLDEN_INPUT("overrides/")

static const golden_frame frames[] = {
    {.name = "urgent-landscape", .at = SEED_DURING, .size = "1920x1080",
     .overrides = OVERRIDES "urgent.json"},
    {.name = "emergency-landscape", .at = SEED_DURING, .size = "1920x1080",
     .overrides = OVERRIDES "emergency.json"},
    {.name = "emergency-portrait", .at = SEED_DURING, .size = "1080x1920",
     .overrides = OVERRIDES "emergency.json"},
    {.name = "emergency-ar-landscape", .at = SEED_DURING, .size = "1920x1080", .lang = "ar",
     .overrides = OVERRIDES "emergency.json"},
    {.name = "delayed-landscape", .at = SEED_DURING, .size = "1920x1080",
     .overrides = OVERRIDES "delayed.json"},
    {.name = "full-landscape", .at = SEED_DURING, .size = "1920x1080",
     .overrides = OVERRIDES "full.json"},
    {.name = "moved-landscape", .at = MULTI_DURING, .size = "1920x1080",
     .feed = GOLDEN_INPUT("multihall.json"), .overrides = OVERRIDES "moved.json"},
};
enum { URGENT, EMERGENCY, EMERGENCY_PORTRAIT, EMERGENCY_AR, DELAYED, FULL, MOVED };

/* ---- Tests ------------------------------------------------------------------ */

static void render_alert_urgent_banner_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden_render_check(&frames[URGENT]);
    /* The dark red band under the top margin, across the content width. */
    assert_false(golden_px_differ(golden_px(s, 96 + 4, 54 + 4), 0x8b0000));
    assert_false(golden_px_differ(golden_px(s, 1920 - 96 - 4, 54 + 4), 0x8b0000));
    assert_true(golden_count_colour(s, 0x0d1b2a, true) > (size_t)s->w * s->h / 2); /* the board below */
    SDL_FreeSurface(s);
}

/* A takeover: black and white only, none of the board's navy. */
static void expect_takeover(size_t i)
{
    SDL_Surface *s = golden_render_check(&frames[i]);
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
    SDL_Surface *s = golden_render_check(&frames[i]);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render_alert_urgent_banner_matches_its_golden),
        cmocka_unit_test(render_alert_emergency_landscape_matches_its_golden),
        cmocka_unit_test(render_alert_emergency_portrait_matches_its_golden),
        cmocka_unit_test(render_alert_emergency_arabic_matches_its_golden),
        cmocka_unit_test(render_alert_delayed_session_matches_its_golden),
        cmocka_unit_test(render_alert_full_hall_matches_its_golden),
        cmocka_unit_test(render_alert_moved_session_matches_its_golden),
    };
    return GOLDEN_RUN(tests);
}
