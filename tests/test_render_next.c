/* test_render_next.c - the NEXT list, conference days and the footer as pixels:
 * `hallboard render` run as operators run it (the real binary, no display), against
 * the goldens of tests/golden/ named below (and in tests/golden/README.md):
 *
 * - next-more-landscape: tests/inputs/next_more.json on the board for every hall,
 *   eight sessions starting at 11:00: the first ones with their halls, "+6 more";
 * - tonight-2350-landscape: tests/inputs/frab/frab_2350.json (frab days 10:00 to 06:00) at
 *   23:50 on hall Saal 1's board: the talk at 00:00 is "in 10 min", no "Tomorrow";
 * - three-on-portrait, three-on-portrait-p2: tests/inputs/three_on.json at 10:40, three
 *   sessions on, 1080x1920: they turn pages, the first two on page 1 ("page 1/2"), the
 *   third on page 2 (--page 2, "page 2/2"); the rest of the frame the same;
 * - footer-LANG: the bottom band (the last 96 rows) of the built-in agenda's frame at
 *   1920x1080 under --lang en, zh, ru, fr, es, ar: the footer's words in each language.
 *
 * Tolerance as in test_render.c: two pixels differ when a channel differs by more than
 * 48 (of 255); two images match when at most 0.5 % of their pixels differ.
 * HB_UPDATE_GOLDEN=1 rewrites these goldens from the current build instead of
 * comparing. A failed comparison keeps the image drawn and a diff image (differing
 * pixels red) in a /tmp/hallboard-test-* folder named in the output.
 */
#include "golden.h"
#include "support.h"

#include <string.h>

#include <SDL.h>

#define BAND_ROWS 96 /* the footer band: the last rows of a 1920x1080 frame */

#define SEED_DURING "2020-12-09T12:20:00+03:00"
#define FOOTER(LANG) {.name = "footer-" LANG, .at = SEED_DURING, .size = "1920x1080", .lang = LANG}

static const golden_frame frames[] = {
    {.name = "next-more-landscape", .feed = GOLDEN_INPUT("next_more.json"),
     .at = "2025-12-28T10:20:00+01:00", .size = "1920x1080"},
    {.name = "tonight-2350-landscape", .feed = GOLDEN_INPUT("frab/frab_2350.json"),
     .at = "2025-12-28T23:50:00+01:00", .size = "1920x1080", .hall = "Saal 1"},
    {.name = "three-on-portrait", .feed = GOLDEN_INPUT("three_on.json"),
     .at = "2025-12-28T10:40:00+01:00", .size = "1080x1920"},
    {.name = "three-on-portrait-p2", .feed = GOLDEN_INPUT("three_on.json"),
     .at = "2025-12-28T10:40:00+01:00", .size = "1080x1920", .page = "2"},
    FOOTER("en"), FOOTER("zh"), FOOTER("ru"), FOOTER("fr"), FOOTER("es"), FOOTER("ar"),
};
enum { NEXT_MORE, TONIGHT, THREE_ON, THREE_ON_P2, FOOTER_EN };
#define N_FOOTERS 6

/* Renders frame i and checks it against its golden (golden.h). Returns the frame drawn
 * (caller frees). */
static SDL_Surface *golden(size_t i)
{
    return golden_render_check(&frames[i]);
}

/* Renders footer frame i and checks its bottom band against its golden. Returns the
 * band (caller frees). */
static SDL_Surface *golden_band(size_t i)
{
    SDL_Surface *s = golden_render(&frames[i]);
    SDL_Surface *b = SDL_CreateRGBSurfaceWithFormat(0, s->w, BAND_ROWS, 32, SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(b);
    SDL_Rect from = {0, s->h - BAND_ROWS, s->w, BAND_ROWS};
    assert_int_equal(SDL_BlitSurface(s, &from, b, NULL), 0);
    SDL_FreeSurface(s);
    golden_check(b, frames[i].name, golden_dir());
    return b;
}

/* ---- Tests ------------------------------------------------------------------ */

/* The accent colour of "in 40 min" and the section headings shows. */
static void render_next_list_with_more_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(NEXT_MORE);
    assert_true(golden_count_colour(s, 0xffd166, false) > 200);
    SDL_FreeSurface(s);
}

static void render_2350_midnight_talk_tonight_matches_its_golden(void **st)
{
    (void)st;
    SDL_Surface *s = golden(TONIGHT);
    assert_true(golden_count_colour(s, 0xffd166, false) > 200);
    SDL_FreeSurface(s);
}

/* Two pages: each its golden; they differ in the NOW section only (its heading's line
 * and what is under it, above NEXT), the header, NEXT and the footer being the same. */
static void render_portrait_three_sessions_on_turn_pages_matching_their_goldens(void **st)
{
    (void)st;
    SDL_Surface *p1 = golden(THREE_ON), *p2 = golden(THREE_ON_P2);
    assert_int_equal(p1->w, 1080);
    assert_int_equal(p1->h, 1920);
    assert_int_equal(p2->w, 1080);
    assert_int_equal(p2->h, 1920);
    int top = p1->h, bottom = -1;
    assert_int_equal(SDL_LockSurface(p1), 0);
    assert_int_equal(SDL_LockSurface(p2), 0);
    for (int y = 0; y < p1->h; y++) {
        const uint32_t *r1 = (const uint32_t *)((const uint8_t *)p1->pixels + y * p1->pitch);
        const uint32_t *r2 = (const uint32_t *)((const uint8_t *)p2->pixels + y * p2->pitch);
        if (memcmp(r1, r2, (size_t)p1->w * 4) != 0) {
            top = y < top ? y : top;
            bottom = y;
        }
    }
    SDL_UnlockSurface(p1);
    SDL_UnlockSurface(p2);
    /* The header ends above 23 % of the height (1080x1920: row 441; its rule is at
     * about 426), NEXT starts below 75 % of it (row 1440; NEXT's heading is at about
     * 1475) on both pages. */
    if (bottom < 0 || top < p1->h * 23 / 100 || bottom > p1->h * 75 / 100)
        fail_msg("the pages differ in rows %d..%d, not in the NOW section only", top, bottom);
    SDL_FreeSurface(p1);
    SDL_FreeSurface(p2);
}

/* Six bands, each its golden, and no two alike: the footer speaks each language. */
static void render_footer_in_six_languages_matches_its_goldens(void **st)
{
    (void)st;
    SDL_Surface *band[N_FOOTERS];
    for (size_t i = 0; i < N_FOOTERS; i++) {
        band[i] = golden_band(FOOTER_EN + i);
        assert_true(golden_count_colour(band[i], 0xc5ced9, false) > 100); /* the footer's text */
    }
    for (size_t i = 0; i < N_FOOTERS; i++)
        for (size_t j = 0; j < i; j++)
            if (golden_count_diff(band[i], band[j], NULL) < 200)
                fail_msg("%s and %s draw the same footer", frames[FOOTER_EN + i].name,
                         frames[FOOTER_EN + j].name);
    for (size_t i = 0; i < N_FOOTERS; i++)
        SDL_FreeSurface(band[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render_next_list_with_more_matches_its_golden),
        cmocka_unit_test(render_2350_midnight_talk_tonight_matches_its_golden),
        cmocka_unit_test(render_portrait_three_sessions_on_turn_pages_matching_their_goldens),
        cmocka_unit_test(render_footer_in_six_languages_matches_its_goldens),
    };
    return GOLDEN_RUN(tests);
}
