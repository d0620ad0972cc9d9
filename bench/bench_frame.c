/* bench_frame.c - the cost of the frames an idle board draws: once a minute the clocks
 * (and minutes left, progress) change while everything else stays. Renders the
 * embedded agenda at 1920x1080 with SDL's software renderer on a surface (no display
 * needed): one first frame (every text rendered), then STEADY frames a minute apart
 * inside one session, timed. Under callgrind, bench/board.sh collects only inside
 * bench_steady_frames() and divides by the frame count (`bench_frame --frames`).
 *
 * Usage: bench_frame [--frames]
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "board.h"
#include "civil.h"
#include "feed.h"
#include "feedsrc.h"
#include "tzdb.h"

#define STEADY 20

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Not inlined: callgrind toggles collection on entry and exit. */
__attribute__((noinline)) void bench_steady_frames(board_frame *f, SDL_Renderer *r, int64_t t0,
                                                   int n);
__attribute__((noinline)) void bench_steady_frames(board_frame *f, SDL_Renderer *r, int64_t t0,
                                                   int n)
{
    for (int i = 1; i <= n; i++) {
        board_frame_draw(f, t0 + 60 * i, 1920, 1080, stderr);
        SDL_RenderPresent(r);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--frames") == 0) {
        printf("%d\n", STEADY);
        return 0;
    }
    tzdb_init();
    feed_init();
    feed_options fo = feedsrc_options();
    static feed_report rep;
    agenda *a = feedsrc_load_embedded(&fo, &rep);
    if (!a)
        return 1;
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, 1920, 1080, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    if (!r) {
        fprintf(stderr, "bench_frame: %s\n", SDL_GetError());
        return 1;
    }
    board_options o;
    memset(&o, 0, sizeof(o));
    o.hall = -1;
    o.width = 1920;
    o.height = 1080;
    o.status.source = STATUS_EMBEDDED;
    board_frame *f = board_frame_create(a, &o, r, stderr);
    if (!f)
        return 1;
    /* 9 Dec 2020, 12:40 Moscow: the 40-minute panel, so 20 minute ticks stay in it. */
    int64_t t0;
    civil_parse_rfc3339("2020-12-09T12:40:30+03:00", &t0, NULL);
    double s0 = now_s();
    board_frame_draw(f, t0, 1920, 1080, stderr);
    SDL_RenderPresent(r);
    double first = now_s() - s0;
    s0 = now_s();
    bench_steady_frames(f, r, t0, STEADY);
    double steady = (now_s() - s0) / STEADY;
    printf("first frame (every text rendered, fonts opened): %.1f ms\n", first * 1e3);
    printf("steady frame (a minute tick: clocks and minutes left change): %.2f ms, "
           "%d frames at 1920x1080, software renderer\n",
           steady * 1e3, STEADY);
    board_frame_destroy(f);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    agenda_free(a);
    return 0;
}
