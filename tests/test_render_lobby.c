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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>

#define LOBBY_AT "2026-02-01T11:10:00+01:00"

typedef struct {
    const char *name;      /* golden tests/golden/NAME.png */
    const char *feed;      /* under tests/inputs/ */
    const char *size;
    const char *page;      /* --page */
    const char *lang;      /* --lang, or NULL */
} frame;

static const frame frames[] = {
    {"lobby-12-landscape", "lobby12.json", "1920x1080", "1", NULL},
    {"lobby-108-p1-landscape", "lobby108.json", "1920x1080", "1", NULL},
    {"lobby-108-p2-landscape", "lobby108.json", "1920x1080", "2", NULL},
    {"lobby-108-portrait", "lobby108.json", "1080x1920", "1", NULL},
    {"lobby-108-zh-landscape", "lobby108.json", "1920x1080", "1", "zh"},
    {"lobby-108-ar-landscape", "lobby108.json", "1920x1080", "1", "ar"},
};
#define N_FRAMES (sizeof(frames) / sizeof(frames[0]))

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
    char feed[512];
    snprintf(feed, sizeof(feed), "%s/tests/inputs/%s", HB_SOURCE_DIR, f->feed);
    golden_frame g = {.name = f->name, .at = LOBBY_AT, .size = f->size, .feed = feed,
                      .view = "lobby", .page = f->page, .lang = f->lang};
    golden_render_to(&g, out);
}

/* Renders frame i and compares it with its golden (golden.h; rewrites it when
 * updating). Returns the frame drawn (caller frees). */
static SDL_Surface *golden(size_t i)
{
    char file[96];
    snprintf(file, sizeof(file), "%s.png", frames[i].name);
    const char *path = tmp_path(file);
    render_to(&frames[i], path);
    SDL_Surface *got = golden_load(path);
    golden_check(got, frames[i].name, tmpdir);
    remove(path);
    return got;
}

/* ---- Tests ------------------------------------------------------------------ */

/* Every frame matches its golden; the striped rows (the panel colour) are there. */
static void render_lobby_frames_match_their_goldens(void **st)
{
    (void)st;
    for (size_t i = 0; i < N_FRAMES; i++) {
        SDL_Surface *s = golden(i);
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
    const char *a = tmp_path("p1.png"), *b = tmp_path("p2.png");
    render_to(&frames[1], a);
    render_to(&frames[2], b);
    SDL_Surface *p1 = golden_load(a), *p2 = golden_load(b);
    size_t n = golden_count_diff(p1, p2, NULL);
    assert_true(n > (size_t)p1->w * (size_t)p1->h / 100);
    SDL_FreeSurface(p1);
    SDL_FreeSurface(p2);
    remove(a);
    remove(b);
}

/* The flags as an operator types them: a wrong view or page is a usage error with its
 * message; `state --view lobby --page 2` lists page 2's halls, "page" 2 of "pages". */
static void render_lobby_flags_and_state(void **st)
{
    (void)st;
    char feed[512];
    snprintf(feed, sizeof(feed), "%s/tests/inputs/lobby108.json", HB_SOURCE_DIR);
    char *bad_view[] = {(char *)support_hallboard(), "render", "--view", "wall", "--at", LOBBY_AT,
                        "--size", "640x360", "--feed", feed, "-o", (char *)tmp_path("x.png"), NULL};
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
        cmocka_unit_test(render_lobby_frames_match_their_goldens),
        cmocka_unit_test(render_lobby_pages_differ),
        cmocka_unit_test(render_lobby_flags_and_state),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
