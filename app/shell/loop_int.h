/* loop_int.h - shared by loop.c (the window loop's steps) and loop_live.c (what comes
 * into the loop from other threads: the control endpoint, the fleet broker, the
 * overrides URL) only. */
#ifndef HB_LOOP_INT_H
#define HB_LOOP_INT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <SDL.h>

#include "board.h"
#include "clock.h"
#include "control.h"
#include "fetch.h"
#include "fleetlink.h"
#include "frame.h"
#include "health.h"
#include "images.h"
#include "liveops.h"
#include "ovpoll.h"
#include "trust.h"

typedef struct {
    bool demo;
    double speed;
    int64_t sim0;        /* demo: simulated instant at start */
    int64_t sim_end;     /* demo: where the replay starts over */
    Uint64 t0;           /* performance counter at start */
    hb_clock real;       /* the system clock, or the server's when it is not trusted */
} board_clock;

/* Logs a fetch problem once: again only when it changes or after a recovery. */
typedef struct {
    char last[FETCH_REASON_MAX + 32];
    char unsaved[FETCH_REASON_MAX]; /* the cache's problem last logged, "" none */
    status_date_log date;           /* the server Date's verdict last logged */
} log_once;

/* The window loop's state, kept across passes. */
typedef struct {
    const board_options *o;
    const board_live *live;   /* may be NULL */
    FILE *err;
    agenda *a;                /* owned: replaced by fetched and pushed agendas */
    liveops *ops;             /* the overrides in force (f.a is a with them applied) */
    trust_ctx *trust;         /* what pushes must pass (NULL: no key, no state kept) */
    fleetlink *fleet;         /* NULL: no fleet broker */
    ovpoll *ovp;              /* NULL: no overrides URL */
    images *images;           /* the feed's images (logo, background, cards), or NULL */
    double splash_until;      /* real seconds: the splash shows until then, waiting for
                               * the first fetch (0: no splash) */
    SDL_Window *win;
    SDL_Renderer *r;
    SDL_RendererInfo info;    /* the renderer's name, for the log and /status */
    frame_ctx f;
    board_clock clk;
    control_server *ctl;      /* NULL: no control endpoint */
    fetch_worker *worker;     /* NULL: no polling */
    health_state health;
    log_once lg;
    bool dirty;               /* something changed: draw at this pass */
    bool first;               /* no frame presented yet */
    bool running;
    bool dark;                /* off by the display schedule, black presented */
    double deadline;          /* shown-clock instant of the next redraw */
    size_t cards_shown;       /* info cards the state at this pass has (0 in an emergency) */
    double card_deadline;     /* real seconds (since start) of the next card */
    double page_deadline;     /* real seconds of the next lobby page (0: not started) */
    double stop_at;           /* real seconds of the end (run_seconds), or INFINITY */
    double dog_at;            /* real seconds of the next watchdog ping */
    int last_w, last_h;       /* output size of the last frame */
} loop_state;


/* Seconds on the monotonic clock. */
double loop_real_seconds(void);

/* Registers the loop's own SDL event types (once per process). */
void loop_register_events(void);
/* The type of a fetch result event (data1: fetch_result*, owned by the event). */
extern Uint32 loop_fetch_event;

/* Starts what brings things into the loop from other threads, before the display
 * opens: the trust state, the kept overrides, the control endpoint (with a first
 * /status), the fleet link and the overrides URL's poller. Problems are logged; the
 * board runs without what cannot start. */
void live_start(loop_state *s);

/* Lets the endpoint and the channels hand things to the loop (true) or not (false). */
void live_accepting(bool on);

/* The pass's update at shown instant t: the overrides applied to the agenda (f.a), the
 * cards the state has. Sets s->dirty when what is shown changed. */
void live_update(loop_state *s, int64_t t);

/* The next instant after t when the overrides change by themselves, or INT64_MAX. */
int64_t live_next_change(loop_state *s, int64_t t);

/* Handles ev when it is one of the channels' (a screen request, a pushed agenda, an
 * override document); returns false when it is not. */
bool live_event(loop_state *s, const SDL_Event *ev, int64_t t);

/* Publishes /status at shown instant t to the endpoint and the fleet. */
void live_publish(loop_state *s, int64_t t);

/* Stops the channels (after the loop stops taking events) and frees what they queued;
 * frees the overrides and the trust state. */
void live_stop(loop_state *s);

/* While the first fetch runs (splash_until): draws the splash with what the board waits
 * for, not presented; false when it is not due (or cannot be drawn). */
bool loop_splash(loop_state *s);

/* Starts the feed's images (after the frame: the render thread draws them) and hands
 * them the agenda shown; on failure the board runs without images. */
void live_images_start(loop_state *s);

/* The render loop's side of a pushed agenda (owned): it replaces the one shown. */
void loop_take_agenda(loop_state *s, agenda *pushed, const char *how);

#endif
