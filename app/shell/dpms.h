/* dpms.h - powering the screen down and up (shell side).
 *
 * Outside the display schedule the board goes black and, where the display driver
 * allows it, powers the screen down:
 *   - on the bare KMS/DRM console, by the DPMS property of the connectors that show
 *     the board (through the DRM device SDL opened);
 *   - under X11, by DPMS when the server has it, else by activating the X screen
 *     saver (libXext / libXss, loaded only when the board runs under X11);
 *   - elsewhere (Wayland), by letting the compositor's idle policy take over.
 * SDL's own SDL_EnableScreenSaver is not enough under X11: with no D-Bus session (a
 * board started by systemd) it leaves the X screen saver suspended.
 */
#ifndef HB_DPMS_H
#define HB_DPMS_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

typedef enum {
    DPMS_DONE,      /* powered down / up (KMS or X11 DPMS) */
    DPMS_BLANKED,   /* X11 without DPMS: the X screen saver activated / deactivated */
    DPMS_ELSEWHERE, /* the display system's own idle policy decides */
    DPMS_FAILED     /* the driver refused, or had nothing to switch */
} dpms_result;

/* Switches the screens showing win on or off, and lets the display system's screen
 * saver run while off (SDL_EnableScreenSaver) and holds it off while on. win is
 * borrowed. On DPMS_FAILED a reason is written to why (cap bytes). Never probes the
 * connectors (no EDID read). */
dpms_result dpms_set(SDL_Window *win, bool on, char *why, size_t cap);

/* Words for the log: "powered down", "screen saver on", ... */
const char *dpms_describe(dpms_result r, bool on);

#endif
