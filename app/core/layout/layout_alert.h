/* layout_alert.h - live operations on the board's screen: the announcement (an info
 * line, an urgent banner, an emergency takeover of the whole screen), a hall's note,
 * and the marks of a session an operator changed (delayed, moved, hall full).
 *
 * Part of the layout (layout.h), pure like it: boxes only, texts measured through
 * layout_input's font callbacks; a box that would not fit is left out.
 * layout_build() calls these; they are public for its tests.
 *
 * Colours. The banner is white on dark red (#8b0000, 10.0:1, above WCAG AAA's 7:1):
 * red says "urgent" at a glance and white text keeps the board's own look. The
 * takeover is white on black (21:1, the most there is): it must be read from across
 * a hall by everyone, through glare and poor eyesight, and a black screen also sets
 * it apart from the board's navy at once.
 */
#ifndef HB_LAYOUT_ALERT_H
#define HB_LAYOUT_ALERT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"
#include "layout.h"

#define LAYOUT_ALERT_BANNER_BG 0x8b0000u   /* urgent banner surface */
#define LAYOUT_ALERT_BANNER_FG 0xffffffu   /* urgent banner text */
#define LAYOUT_ALERT_TAKEOVER_BG 0x000000u /* emergency screen */
#define LAYOUT_ALERT_TAKEOVER_FG 0xffffffu /* emergency text */
#define LAYOUT_ALERT_BANNER_LINES 3        /* lines of an urgent banner at most */
#define LAYOUT_ALERT_LINE_LINES 2          /* lines of an info line or a hall note */
#define LAYOUT_ALERT_MAX_TEXTS (AGENDA_MAX_LANGUAGES + 1) /* takeover: board's + event's */

/* The level of a's announcement as shown at instant `at` on a board of hall `hall`
 * (-1: every hall): NONE when there is none, when its text is absent, when `at` is at
 * or past its until, or when it is for another hall than the board's. */
agenda_alert_level layout_alert_level(const agenda *a, int64_t at, int32_t hall);

/* The translations a takeover shows: the board's language `lang` first, then each
 * language of the event in the feed's order, each translation once (matched on its
 * primary subtag); when none of those matches, the one agenda_tr_get() gives. Writes
 * up to cap pointers (owned by the agenda) and returns how many; 0 only when there is
 * no announcement text. */
size_t layout_alert_texts(const agenda *a, const char *lang, const agenda_tr **out, size_t cap);

/* The emergency takeover: replaces out's boxes with a black screen and one text box
 * per translation (layout_alert_texts), stacked, the board's language largest, each
 * aligned to its own reading side. out's margins must be set. Can't fail: languages
 * that do not fit at the smallest size are left out (the first one always shows). */
void layout_alert_takeover(const agenda *a, const layout_input *in, layout_result *out);

/* The urgent banner across [x, x+w) from y: a dark red band with the announcement in
 * in->lang (measured with in's fonts), up to LAYOUT_ALERT_BANNER_LINES lines, sized
 * from the layout's unit u.
 * Appends its boxes to out and returns its height, or 0 (nothing added) when there
 * is no text or it does not fit in max_h. */
int layout_alert_banner(const agenda *a, const layout_input *in, int x, int y, int w,
                        int max_h, double u, layout_result *out);

/* The info announcement (when level is INFO) and the note of the board's hall
 * (in->hall), each a line of up to LAYOUT_ALERT_LINE_LINES lines in [x, x+w) ending
 * at `bottom` (the info line lowest), placed only while the space above them keeps at
 * least half of [top, bottom). Appends to out; returns the new bottom. */
int layout_alert_lines(const agenda *a, const layout_input *in, agenda_alert_level level,
                       int x, int w, int top, int bottom, double u, layout_result *out);

/* The marks of session se in lang, " · "-separated into buf (cap bytes, always
 * NUL-terminated when cap > 0): "Delayed 15 min", "Moved to HALL", "Hall full"; ""
 * for a session without any, and for a cancelled one. Returns true when the marks
 * need the warning colour (moved or hall full), false for a delay alone. */
bool layout_alert_marks(const agenda *a, const agenda_session *se, const char *lang, char *buf,
                        size_t cap);

#endif
