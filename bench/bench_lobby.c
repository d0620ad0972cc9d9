/* bench_lobby.c - the cost of the lobby view (--view lobby): a page of 20 rows drawn
 * again a minute later (the clocks and minutes left change, the texts are cached),
 * and a page turn (every text of the new page rendered). Generates an agenda of
 * HALLS halls, each with a session on now and one next, and draws it with the board's
 * fonts and SDL's software renderer on a surface (no display needed), at a size
 * where a page holds 20 rows.
 *
 * Prints the wall time per frame always. Under callgrind it also prints the
 * instructions per frame of each phase, read back from the parts it dumps:
 *
 *   valgrind --tool=callgrind --collect-atstart=no build/bench_lobby
 *
 * (run it in a writable folder: callgrind writes callgrind.out.PID.1 and .2 there,
 * one per phase, which `callgrind_annotate` can read further).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#if defined(__has_include)
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HAVE_CALLGRIND 1
#endif
#endif
#ifndef HAVE_CALLGRIND /* a build without valgrind's headers (a cross sysroot): timed only */
#define CALLGRIND_ZERO_STATS
#define CALLGRIND_TOGGLE_COLLECT
#define CALLGRIND_DUMP_STATS_AT(s) (void)(s)
#define RUNNING_ON_VALGRIND 0
#endif

#include "board.h"
#include "civil.h"
#include "feed.h"
#include "feedsrc.h"
#include "layout.h"
#include "sched.h"
#include "tzdb.h"

#define HALLS 200       /* 10 pages of 20 rows */
#define ROWS 20         /* rows a page is made to hold */
#define STEADY 10       /* frames of one page, a minute apart */
#define TURNS 9         /* page turns (each to a page not drawn before) */
#define WIDTH 1920
#define T0 "2030-06-03T10:00:00Z"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* HALLS halls, each with a session from 09:30 to 10:50 and one from 11:00. */
static agenda *make_agenda(void)
{
    size_t cap = 1024 + HALLS * 600, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    len += (size_t)snprintf(buf + len, cap - len,
                            "{\"hallboard\":1,\"revision\":\"bench\",\"event\":{\"title\":"
                            "\"Lobby bench\",\"languages\":[\"en\"],\"zones\":[{\"zone\":"
                            "\"Europe/Brussels\"}]},\"halls\":[");
    for (int i = 0; i < HALLS; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s{\"id\":\"h%d\",\"name\":\"Room %c.%d\"}",
                                i ? "," : "", i, 'A' + i % 8, 100 + i);
    len += (size_t)snprintf(buf + len, cap - len, "],\"sessions\":[");
    for (int i = 0; i < HALLS; i++)
        len += (size_t)snprintf(
            buf + len, cap - len,
            "%s{\"id\":\"n%d\",\"start\":\"2030-06-03T09:30:00Z\",\"end\":\"2030-06-03T10:50:00Z\","
            "\"hall\":\"h%d\",\"title\":\"Talk number %d about building things\"},"
            "{\"id\":\"x%d\",\"start\":\"2030-06-03T11:00:00Z\",\"end\":\"2030-06-03T11:30:00Z\","
            "\"hall\":\"h%d\",\"title\":\"The next talk in room %d\"}",
            i ? "," : "", i, i, i, i, i, i);
    snprintf(buf + len, cap - len, "]}");
    feed_options fo = feedsrc_options();
    static feed_report rep;
    agenda *a = feed_parse(buf, strlen(buf), &fo, &rep);
    free(buf);
    return a;
}

/* The height of a WIDTH-wide screen whose lobby pages hold ROWS rows (as laid out
 * without fonts), and its page count. */
static int screen_height(const agenda *a, int64_t t, size_t *pages)
{
    layout_result *r = malloc(sizeof(*r));
    sched_state s;
    int h = WIDTH * 9 / 16;
    if (!r || sched_query(a, t, -1, &s) != 0) {
        free(r);
        return h;
    }
    for (; h < WIDTH; h += 8) {
        layout_input in = {0};
        in.width = WIDTH, in.height = h, in.lang = "en", in.hall = -1;
        in.view = LAYOUT_VIEW_LOBBY;
        layout_build(a, &s, &in, r);
        if (r->page_rows >= ROWS)
            break;
    }
    *pages = r->pages;
    sched_state_free(&s);
    free(r);
    return h;
}

/* Not inlined: callgrind collects inside these two only. */
__attribute__((noinline)) void bench_lobby_page(board_frame *f, SDL_Renderer *r, int64_t t0,
                                                int h);
__attribute__((noinline)) void bench_lobby_page(board_frame *f, SDL_Renderer *r, int64_t t0,
                                                int h)
{
    for (int i = 1; i <= STEADY; i++) {
        board_frame_draw(f, t0 + 60 * i, WIDTH, h, stderr);
        SDL_RenderPresent(r);
    }
}

__attribute__((noinline)) void bench_lobby_turn(board_frame *f, board_options *o,
                                                SDL_Renderer *r, int64_t t, int h);
__attribute__((noinline)) void bench_lobby_turn(board_frame *f, board_options *o,
                                                SDL_Renderer *r, int64_t t, int h)
{
    for (int i = 1; i <= TURNS; i++) {
        o->page = (size_t)i;
        board_frame_draw(f, t, WIDTH, h, stderr);
        SDL_RenderPresent(r);
    }
}

/* Instructions in callgrind's dump `part` of this process (0 when not found). */
static unsigned long long dumped_instructions(int part)
{
    char path[64], line[256];
    snprintf(path, sizeof(path), "callgrind.out.%d.%d", (int)getpid(), part);
    FILE *fp = fopen(path, "r");
    unsigned long long n = 0;
    while (fp && fgets(line, sizeof(line), fp))
        if (sscanf(line, "summary: %llu", &n) == 1 || sscanf(line, "totals: %llu", &n) == 1)
            break;
    if (fp)
        fclose(fp);
    return n;
}

/* Runs a phase (page: STEADY frames; else TURNS turns) timed, and counted under
 * callgrind (dump `part`). */
static void phase(bool page, int part, board_frame *f, board_options *o, SDL_Renderer *r,
                  int64_t t0, int h)
{
    int frames = page ? STEADY : TURNS;
    const char *what = page ? "a lobby page of 20 rows, a minute later"
                            : "a lobby page turn (20 new rows)";
    CALLGRIND_ZERO_STATS;
    CALLGRIND_TOGGLE_COLLECT;
    double t = now_s();
    if (page)
        bench_lobby_page(f, r, t0, h);
    else
        bench_lobby_turn(f, o, r, t0 + 60 * STEADY, h);
    t = now_s() - t;
    CALLGRIND_TOGGLE_COLLECT;
    CALLGRIND_DUMP_STATS_AT(page ? "lobby page" : "lobby turn");
    printf("%s: %.2f ms per frame (%dx%d, software renderer, %d frames)\n", what,
           1000 * t / frames, WIDTH, h, frames);
    if (RUNNING_ON_VALGRIND) {
        unsigned long long n = dumped_instructions(part);
        if (n)
            printf("%s: %llu instructions per frame (callgrind)\n", what, n / (unsigned)frames);
        else
            printf("%s: callgrind dump %d not found in the current folder\n", what, part);
    }
}

int main(void)
{
    tzdb_init();
    feed_init();
    agenda *a = make_agenda();
    int64_t t0;
    if (!a || civil_rfc3339_check(T0, &t0, NULL) != 0) {
        fprintf(stderr, "bench_lobby: no agenda\n");
        return 1;
    }
    size_t pages = 1;
    int h = screen_height(a, t0, &pages);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, WIDTH, h, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    if (!r) {
        fprintf(stderr, "bench_lobby: %s\n", SDL_GetError());
        return 1;
    }
    board_options o;
    memset(&o, 0, sizeof(o));
    o.hall = -1;
    o.lang = "en";
    o.display_on = o.display_off = -1;
    o.view = LAYOUT_VIEW_LOBBY;
    board_frame *f = board_frame_create(a, &o, r, stderr);
    if (!f)
        return 1;
    printf("%d halls, %zu pages of %d rows at %dx%d\n", HALLS, pages, ROWS, WIDTH, h);
    board_frame_draw(f, t0, WIDTH, h, stderr); /* the first frame: every text of page 1 */
    SDL_RenderPresent(r);
    phase(true, 1, f, &o, r, t0, h);
    phase(false, 2, f, &o, r, t0, h);
    board_frame_destroy(f);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    agenda_free(a);
    return 0;
}
