/* display.h - the board's display: opened patiently at start, switched on and off by
 * the display schedule. Used by the window loop (loop.c).
 */
#ifndef HB_DISPLAY_H
#define HB_DISPLAY_H

#include <stdbool.h>
#include <stdio.h>

#include <SDL.h>

#include "board.h"

/* Opens video, window and renderer into *win and *r (the caller destroys both, then
 * calls SDL_Quit). With no display (no HDMI at boot, X not up yet) it keeps trying with
 * a growing pause (1 s doubling to BOARD_DISPLAY_RETRY_MAX s), says so once on err,
 * and keeps the watchdog fed, instead of exiting into a restart storm.
 * Returns 0, or -1 when told to stop (SIGTERM, SIGINT) or after o->run_seconds. */
int display_open(const board_options *o, SDL_Window **win, SDL_Renderer **r, FILE *err);

/* The display schedule switches the screen on or off: off after the black frame is
 * presented, on before the next frame is (dpms.h: powered down where the driver
 * allows it). Says so on err. Can't fail (a failure is logged). */
void display_switch(SDL_Window *win, bool on, FILE *err);

#endif
