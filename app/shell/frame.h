/* frame.h - the board's drawing as the window loop sees it: shared by board.c, which
 * owns the frame (state -> boxes -> pixels), and loop.c, the window loop that feeds it
 * new agendas and fetch states and asks it for frames. Not for other modules: they use
 * board_frame_* (board.h).
 */
#ifndef HB_FRAME_H
#define HB_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <SDL.h>

#include "board.h"
#include "draw.h"
#include "fetch.h"
#include "fonts.h"
#include "health.h"
#include "layout.h"
#include "status.h"

/* Everything one drawing needs, kept across frames. The loop may replace a (it owns
 * the agenda) and the status fields; the rest belongs to the frame. */
struct board_frame {
    const agenda *a;
    const board_options *o;
    SDL_Renderer *r;
    fonts_chain *fc;
    draw_ctx *d;
    layout_result *lr;     /* large: heap */
    char font_problem[400];  /* the fonts' problem, "" when none */
    bool replaced;           /* a fetched or pushed agenda replaced the one started on */
    char unsaved[FETCH_REASON_MAX]; /* status.not_saved: why the cache could not keep it */
    char note[STATUS_LINE_MAX]; /* owned text behind status.note: the problems, joined */
    status_input status;     /* the agenda's origin and the fetch state */
    char reason[FETCH_REASON_MAX]; /* owned copy behind status.reason */
    SDL_Texture *target;   /* drawing space when rotated */
    int target_w, target_h;
    size_t card;           /* which shown card to feature: the loop's state, read here */
    size_t page;           /* which lobby page to show: the loop's state, read here */
    bool warned_missing;
};
typedef struct board_frame frame_ctx;

/* Opens the fonts and the drawing context into f for agenda a, options o and renderer
 * r (all borrowed); the footer notes what went wrong with the fonts, if anything.
 * Returns 0, BOARD_NO_FONT when no font opens, or -1 (out of memory), after writing
 * why to err. Either way the caller ends with frame_fini. */
int frame_init(frame_ctx *f, const agenda *a, const board_options *o, SDL_Renderer *r,
               FILE *err);

/* Frees what frame_init opened (also after it failed) and clears f. */
void frame_fini(frame_ctx *f);

/* Sets the footer's note from the frame's problems (the cache's has its own mark).
 * Call after changing f->replaced or the fonts' problem. Can't fail. */
void frame_note(frame_ctx *f);

/* The frame's problems now for /status (lines borrowed from f and its options). */
void frame_problems(const frame_ctx *f, health_problem_list *pl);

/* True if the display schedule has the screen on at t (venue time). */
bool frame_screen_on(const frame_ctx *f, int64_t t);

/* Draws the frame of instant t for a display of ow x oh turned by o->rotate into the
 * renderer (the caller presents). Returns 0, or -1 when it could not (written to err). */
int frame_present(frame_ctx *f, int64_t t, int ow, int oh, FILE *err);

#endif
