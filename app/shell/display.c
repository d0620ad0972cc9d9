/* display.c - opening the board's display and switching it by schedule (display.h).
 *
 * Layout of this file: the stop signal while no SDL event loop runs; the screen
 * switched on and off; the window and the renderer; the retrying opener.
 */
#include "display.h"

#include <signal.h>
#include <string.h>
#include <time.h>

#include "dpms.h"
#include "notify.h"

/* Set by SIGTERM / SIGINT while no SDL event loop is there to see them. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

void display_switch(SDL_Window *win, bool on, FILE *err)
{
    char why[200] = "";
    dpms_result d = dpms_set(win, on, why, sizeof(why));
    fprintf(err, "hallboard: display schedule: screen %s (%s%s%s)\n", on ? "on" : "off",
            dpms_describe(d, on), d == DPMS_FAILED ? ": " : "", d == DPMS_FAILED ? why : "");
    fflush(err);
}

static SDL_Window *open_window(const board_options *o, FILE *err)
{
    Uint32 flags = SDL_WINDOW_SHOWN;
    int w = o->width, h = o->height;
    SDL_DisplayMode want = {0, o->res_width, o->res_height, 0, NULL}, mode;
    bool set_mode = false;
    if (w <= 0 || h <= 0) {
        /* Fullscreen: the profile's mode when the display has it (or its closest),
         * else the desktop's. */
        set_mode = o->res_width > 0 && SDL_GetClosestDisplayMode(0, &want, &mode) != NULL;
        flags |= set_mode ? SDL_WINDOW_FULLSCREEN : SDL_WINDOW_FULLSCREEN_DESKTOP;
        w = set_mode ? mode.w : 0;
        h = set_mode ? mode.h : 0;
    }
    SDL_Window *win = SDL_CreateWindow("Hallboard", SDL_WINDOWPOS_CENTERED,
                                       SDL_WINDOWPOS_CENTERED, w ? w : 1280, h ? h : 720, flags);
    if (win && set_mode)
        SDL_SetWindowDisplayMode(win, &mode);
    if (!win && err)
        fprintf(err, "hallboard: no display: %s\n", SDL_GetError());
    return win;
}

static SDL_Renderer *open_renderer(SDL_Window *win, FILE *err)
{
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED |
                                                      SDL_RENDERER_TARGETTEXTURE);
    if (!r)
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!r && err)
        fprintf(err, "hallboard: no renderer: %s\n", SDL_GetError());
    return r;
}

int display_open(const board_options *o, SDL_Window **win, SDL_Renderer **r, FILE *err)
{
    double pause = 1, waited = 0;
    bool said = false;
    struct sigaction ours, dfl;
    memset(&ours, 0, sizeof(ours));
    memset(&dfl, 0, sizeof(dfl));
    ours.sa_handler = on_stop;
    dfl.sa_handler = SIG_DFL;
    for (;;) {
        /* SDL turns SIGTERM / SIGINT into SDL_QUIT only where they are left default. */
        sigaction(SIGTERM, &dfl, NULL);
        sigaction(SIGINT, &dfl, NULL);
        if (stop_requested)
            return -1;
        if (SDL_Init(SDL_INIT_VIDEO) == 0) {
            *win = open_window(o, said ? NULL : err);
            *r = *win ? open_renderer(*win, said ? NULL : err) : NULL;
            if (*r) {
                if (said)
                    fprintf(err, "hallboard: display found after %.0f s\n", waited);
                return 0;
            }
            if (*win)
                SDL_DestroyWindow(*win);
            *win = NULL;
            SDL_Quit();
        } else if (!said) {
            fprintf(err, "hallboard: cannot start video: %s\n", SDL_GetError());
        }
        if (!said) {
            fprintf(err, "hallboard: no display yet: trying again, pausing up to %d s "
                         "between tries\n", BOARD_DISPLAY_RETRY_MAX);
            fflush(err);
            notify_send("STATUS=waiting for a display");
            said = true;
        }
        if (o->run_seconds > 0 && waited >= o->run_seconds)
            return -1;
        /* Sleep in short steps: feed the watchdog, notice SIGTERM. */
        sigaction(SIGTERM, &ours, NULL);
        sigaction(SIGINT, &ours, NULL);
        for (double slept = 0; slept < pause; slept += 0.5) {
            if (stop_requested)
                return -1;
            /* Still starting, and alive: systemd extends the start timeout. */
            notify_send("WATCHDOG=1\nEXTEND_TIMEOUT_USEC=60000000");
            struct timespec ts = {0, 500000000L};
            nanosleep(&ts, NULL);
        }
        waited += pause;
        pause = pause * 2 > BOARD_DISPLAY_RETRY_MAX ? BOARD_DISPLAY_RETRY_MAX : pause * 2;
    }
}
