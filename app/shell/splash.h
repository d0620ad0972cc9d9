/* splash.h - what the screen shows before the board can draw an agenda (shell side):
 * the board's own art (images/splash.svg, compiled in) and one line saying what the
 * board waits for (fonts, the first fetch); and the status icons (images/offline.svg,
 * warning.svg, live.svg, compiled in) for whoever draws a status.
 *
 * The splash shows before any font is loaded, so its line is drawn in a small pixel
 * font built in here: printable ASCII, letters as capitals; any other character shows
 * as '?'. Nothing is cached: each call rasterizes the art anew (a few milliseconds at
 * 1080p), so that no texture outlives its renderer.
 */
#ifndef HB_SPLASH_H
#define HB_SPLASH_H

#include <SDL.h>

#define SPLASH_BG 0x0d1b2au      /* the board's background colour */
#define SPLASH_TEXT 0xc5ced9u    /* the waiting line's colour */
#define SPLASH_LINE_MAX 120      /* characters of the waiting line shown (then "...") */

typedef enum { SPLASH_ICON_OFFLINE, SPLASH_ICON_WARNING, SPLASH_ICON_LIVE } splash_icon;

/* Fills the w x h drawing space of r's current target with the splash: the art
 * centred in its upper part, waiting_for (may be NULL: no line) centred below it,
 * shrunk to fit the width or cut with "...". The caller presents. Returns 0, or -1
 * when an SDL call failed (what could be drawn is). */
int splash_draw(SDL_Renderer *r, int w, int h, const char *waiting_for);

/* Draws icon k fitted into dst (aspect kept, centred), blended over what is there.
 * Returns 0, or -1 when an SDL call failed or k is unknown. */
int splash_draw_icon(SDL_Renderer *r, splash_icon k, const SDL_Rect *dst);

#endif
