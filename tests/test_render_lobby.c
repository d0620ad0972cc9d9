/* test_render_lobby.c - the lobby view as pixels: `hallboard render --view lobby
 * --page N` run as operators run it (the real binary, no display), against the
 * goldens of tests/golden/ named below (and in tests/golden/README.md), at
 * 2026-02-01T11:10:00+01:00 with the generated feeds tests/inputs/lobby12.json (12
 * halls) and lobby108.json (108 halls, FOSDEM's count):
 *
 * - lobby-12-landscape: 12 halls on one page, 1920x1080;
 * - lobby-108-p1-landscape, lobby-108-p2-landscape: pages 1 and 2 of 108 halls;
 * - lobby-108-portrait: page 1 at 1080x1920;
 * - lobby-108-zh-landscape, lobby-108-ar-landscape: page 1 in Chinese and in Arabic
 *   (the columns mirrored).
 *
 * Compared as every render test compares (tests/golden.h: the tolerance, the diff image
 * kept in a /tmp/hallboard-test-* folder); HB_UPDATE_GOLDEN=1 rewrites these goldens
 * from the current build instead.
 */
#include "golden.h"
#include "support.h"

#include <string.h>

#include <SDL.h>

#define LOBBY_AT "2026-02-01T11:10:00+01:00"

/* A frame of the lobby view at LOBBY_AT: golden NAME, feed FEED under tests/inputs/. */
#define LOBBY(NAME, FEED, SIZE, PAGE, LANG)                                                   \
    {.name = NAME, .at = LOBBY_AT, .size = SIZE, .feed = GOLDEN_INPUT(FEED), .view = "lobby", \
     .page = PAGE, .lang = LANG}

static const golden_frame frames[] = {
    LOBBY("lobby-12-landscape", "lobby12.json", "1920x1080", "1", NULL),
    LOBBY("lobby-108-p1-landscape", "lobby108.json", "1920x1080", "1", NULL),
    LOBBY("lobby-108-p2-landscape", "lobby108.json", "1920x1080", "2", NULL),
    LOBBY("lobby-108-portrait", "lobby108.json", "1080x1920", "1", NULL),
    LOBBY("lobby-108-zh-landscape", "lobby108.json", "1920x1080", "1", "zh"),
    LOBBY("lobby-108-ar-landscape", "lobby108.json", "1920x1080", "1", "ar"),
};
#define N_FRAMES (sizeof(frames) / sizeof(frames[0]))

/* ---- Tests ------------------------------------------------------------------ */

/* Every frame matches its golden; the striped rows (the panel colour) are there. */
static void render_lobby_frames_match_their_goldens(void **st)
{
    (void)st;
    for (size_t i = 0; i < N_FRAMES; i++) {
        SDL_Surface *s = golden_render_check(&frames[i]);
        size_t panel = 0;
        for (int y = 0; y < s->h; y++)
            panel += (golden_px(s, s->w / 2, y) & 0xffffffu) == 0x1b2d45u;
        assert_true(panel > (size_t)s->h / 10);
        SDL_FreeSurface(s);
    }
}

/* Page 1 and page 2 of 108 halls differ (another set of rows), with the same header. */
static void render_lobby_pages_differ(void **st)
{
    (void)st;
    SDL_Surface *p1 = golden_render(&frames[1]), *p2 = golden_render(&frames[2]);
    size_t n = golden_count_diff(p1, p2, NULL);
    assert_true(n > (size_t)p1->w * (size_t)p1->h / 100);
    SDL_FreeSurface(p1);
    SDL_FreeSurface(p2);
}

/* The flags as an operator types them: a wrong view or page is a usage error with its
 * message; `state --view lobby --page 2` lists page 2's halls, "page" 2 of "pages". */
static void render_lobby_flags_and_state(void **st)
{
    (void)st;
    char *feed = GOLDEN_INPUT("lobby108.json");
    char *bad_view[] = {(char *)support_hallboard(), "render", "--view", "wall", "--at", LOBBY_AT,
                        "--size", "640x360", "--feed", feed, "-o",
                        (char *)golden_tmp_path("x.png"), NULL};
    support_run_result r = support_run(bad_view);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "--view: \"wall\" is not hall, event, lobby or auto"));
    support_run_free(&r);
    char *bad_page[] = {(char *)support_hallboard(), "state", "--view", "lobby", "--page", "0",
                        "--feed", feed, "--at", LOBBY_AT, NULL};
    r = support_run(bad_page);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "--page: \"0\" is not 1..1000"));
    support_run_free(&r);
    char *no_hall[] = {(char *)support_hallboard(), "state", "--view", "hall", "--feed", feed,
                       "--at", LOBBY_AT, NULL};
    r = support_run(no_hall);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "--view hall needs --hall ID"));
    support_run_free(&r);
    char *state[] = {(char *)support_hallboard(), "state", "--view", "lobby", "--page", "2",
                     "--feed", feed, "--at", LOBBY_AT, NULL};
    r = support_run(state);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "\"view\":\"lobby\""));
    assert_non_null(strstr(r.out, "\"page\":2,\"pages\":9"));
    assert_non_null(strstr(r.out, "{\"hall\":\"J.1105\",\"now\":[\"s"));
    assert_null(strstr(r.out, "\"hall\":\"H.1000\",\"now\"")); /* page 1's first */
    support_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render_lobby_frames_match_their_goldens),
        cmocka_unit_test(render_lobby_pages_differ),
        cmocka_unit_test(render_lobby_flags_and_state),
    };
    return GOLDEN_RUN(tests);
}
