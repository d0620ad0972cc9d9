/* layout_int.h - what layout.c shares with the parts of the layout kept in their own
 * files (layout_alert.c): the board's colours and the text estimates that size boxes.
 * Not for use outside the layout.
 */
#ifndef HB_LAYOUT_INT_H
#define HB_LAYOUT_INT_H

#include <stdbool.h>

/* ---- Colours (all text colours >= 4.5:1 on the surfaces they sit on) -------- */

#define COL_BG      0x0d1b2au /* the screen */
#define COL_PANEL   0x1b2d45u /* info card surface */
#define COL_TEXT    0xffffffu /* primary text */
#define COL_TEXT2   0xc5ced9u /* secondary text: speakers, times, labels */
#define COL_ACCENT  0xffd166u /* section headings, "in 12 min", delays */
#define COL_WARN    0xff8a80u /* cancelled, hall full, moved, source warning */
#define COL_RULE    0x2a4160u /* header divider */
#define COL_GROOVE  0x2a4160u /* unfilled part of a progress bar */
#define COL_BAR     0x4fc3f7u /* progress when the track has no colour */
#define COL_BAND    0x3a5070u /* session band when the track has no colour */

/* Line height as a multiple of the font size (see layout.c), and textlay's pitch. */
#define LAYOUT_LINE_FACTOR 1.5
#define LAYOUT_FONT_LINE 1.36
#define LAYOUT_MIN_PX 6       /* no text smaller than this, whatever the screen */

/* Lines that s probably takes at px in width w (layout.c's estimate, 1..64). Pure. */
int layout_est_lines(const char *s, int px, int w, bool bold);

/* Line height factor that s needs (>= LAYOUT_LINE_FACTOR; taller for Arabic...). */
double layout_line_factor(const char *s);

#endif
