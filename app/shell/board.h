/* board.h - the running board (SDL window, render loop) and headless frames.
 *
 * Data flows one way: the loop reads the clock once per iteration, asks the core for
 * the state at that instant (sched), lays it out (layout) and draws the boxes (draw).
 * It redraws only at a deadline (the next minute for the clocks, the next session
 * boundary, the next info card) or on a window event, and sleeps in between.
 */
#ifndef HB_BOARD_H
#define HB_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "agenda.h"
#include "boot.h"
#include "feed.h"
#include "fetch.h"
#include "status.h"

/* Seconds an info card stays before the next one (real time, also in demo mode). */
#define BOARD_CARD_SECONDS 20
/* Longest the splash waits for a board's first fetch before showing the built-in
 * agenda (s); a fetch that ends sooner ends it. */
#define BOARD_SPLASH_FETCH_MAX 5
/* Longest pause between attempts to open a display that is not there (s). */
#define BOARD_DISPLAY_RETRY_MAX 30
/* Largest drawing surface accepted (either side, pixels). */
#define BOARD_MAX_SIDE 8192
/* board_run's answers besides 0: stopped before a display was found (SIGTERM,
 * run_seconds) or out of memory; no font at all opens (nothing to draw with). */
#define BOARD_STOPPED 1
#define BOARD_NO_FONT 3

typedef struct {
    const char *fonts_conf;  /* font chain file, or NULL for the built-in chain */
    const char *lang;        /* UI and text language, or NULL for the feed's first */
    const char *lang2;       /* second language under the event title, or NULL */
    int32_t hall;            /* the board's hall, or -1 for every hall */
    int width, height;       /* windowed size; 0 x 0 = fullscreen desktop */
    int rotate;              /* 0, 90, 180 or 270 (clockwise) */
    bool demo;               /* replay the agenda on a simulated clock */
    double speed;            /* demo: simulated seconds per real second */
    double run_seconds;      /* stop after this many real seconds; 0 = until quit */
    status_input status;     /* where the agenda came from (strings borrowed) */
    const char *video_driver;  /* SDL video driver wanted ("kmsdrm"), or NULL */
    const char *render_driver; /* SDL render driver wanted ("opengles2"), or NULL */
    int res_width, res_height; /* fullscreen mode wanted, 0 = the desktop's */
    int max_texture;         /* the GPU's largest texture side, 0 = ask the renderer */
    const boot_problems *problems; /* what went wrong at start-up (settings, zones, feed
                                * file...): the footer's note after the source state,
                                * and /status "problems"; NULL: none (borrowed) */
    int display_on, display_off; /* minutes after the venue's midnight the screen is on /
                                    goes black; both -1 = always on (status.h) */
    int view;                /* layout_view: what the board shows (AUTO by default) */
    size_t page;             /* the lobby page of the first frame (render: the one drawn) */
    int lobby_page_seconds;  /* s a lobby page stays before the next (0: the default,
                              * LAYOUT_LOBBY_PAGE_SECONDS) */
    const char *lobby_halls; /* the lobby's halls "A,B,C" (borrowed), or NULL: all */
    bool lobby_hide_idle;    /* leave idle halls out of the lobby (else last) */
} board_options;

/* A live feed for the board: polled by a worker thread when url is set; the control
 * endpoint (control.h) when control_port is set. */
typedef struct {
    fetch_config fetch;      /* fetch.url NULL: no polling */
    feed_options feed_opts;  /* for parsing what arrives (polled or pushed) */
    int control_port;        /* > 0: answer GET /status, GET /screen.png, PUT /feed */
    const char *control_token; /* PUT /feed needs it; NULL: pushing is off */
    const char *push_cache;  /* no feed URL: where a pushed feed is kept, or NULL */
    const char *profile;     /* the board profile's name for /status, or NULL */
    const char *control_bind;  /* the endpoint's address (control.h), NULL: loopback */
    const char *control_token_file; /* the token in a file of its own, or NULL */
    /* Live operations (liveops.h): overrides from the endpoint, the fleet, a URL. */
    const char *state_dir;     /* overrides and accepted sequences kept here, or NULL */
    const char *trusted_key;   /* Ed25519 public key: only signed pushes, or NULL */
    const char *hall_id;       /* the board's hall id (its fleet topic), or NULL */
    const char *overrides_url; /* polled every overrides_interval s, or NULL */
    int overrides_interval;
    const char *fleet_broker;  /* mqtt:// or mqtts://, or NULL: no fleet */
    const char *fleet_topic;   /* topic prefix */
    const char *board_name;    /* name in the fleet, NULL: the host name */
    const char *fleet_user;    /* broker user, or NULL */
    const char *fleet_password_file; /* broker password file, or NULL */
} board_live;

/* Runs the board on agenda a until the window is closed, Esc/q is pressed in a
 * window, SIGINT/SIGTERM arrive or run_seconds pass. The board takes ownership of a
 * (it replaces it when a new feed arrives and frees it at the end). live may be NULL
 * (no polling, no control endpoint). Writes problems (each distinct one once) and the line
 * "hallboard: first frame presented" to err. Nothing in the agenda, the feeds or the
 * settings ends it: problems go to the footer, /status and the log (once each).
 * Returns 0, BOARD_STOPPED when stopped before a display was found, or BOARD_NO_FONT
 * when no font opens. */
int board_run(agenda *a, const board_options *o, const board_live *live, FILE *err);

/* Renders the frame of instant `at` at the display size o->width x o->height (turned
 * by o->rotate) into a PNG file at path, without a display. Writes problems to err.
 * Returns 0, or 1 on failure (nothing is written then). */
int board_render_png(const agenda *a, const board_options *o, int64_t at, const char *path,
                     FILE *err);

/* One board drawing kept across frames (fonts, text texture cache, layout scratch),
 * for a renderer the caller owns (it must outlive the frame). */
typedef struct board_frame board_frame;
struct SDL_Renderer;

/* Opens the fonts and caches for drawing agenda a (borrowed) with options o
 * (borrowed) on renderer r. Returns NULL after writing why to err. Caller frees with
 * board_frame_destroy. */
board_frame *board_frame_create(const agenda *a, const board_options *o, struct SDL_Renderer *r,
                                FILE *err);

/* Draws the frame of instant t for an output of ow x oh (turned by o->rotate) into
 * the renderer (the caller presents). Returns 0, or -1 when something could not be
 * drawn (written to err). */
int board_frame_draw(board_frame *f, int64_t t, int ow, int oh, FILE *err);

/* Frees the fonts, textures and the frame. NULL is a no-op. */
void board_frame_destroy(board_frame *f);

/* The drawing-space size for a display of w x h turned by rotate degrees. */
void board_drawing_size(int w, int h, int rotate, int *dw, int *dh);

/* Demo start: a few minutes before the first session (or `fallback` when empty). */
int64_t board_demo_start(const agenda *a, int64_t fallback);

#endif
