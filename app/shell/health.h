/* health.h - what the board says of itself: its problems now and the /status document.
 *
 * One list of problems feeds both the footer's note (health_join_note) and /status
 * "problems"; the /status document (health_document) wraps the shown state (statejson)
 * in how the board is doing: uptime, frames, display, memory, where the feed comes from.
 * Pure but for the process's memory figure and SDL's video driver name.
 */
#ifndef HB_HEALTH_H
#define HB_HEALTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"
#include "board.h"
#include "boot.h"
#include "status.h"

/* The board's problems now, one line each. The lines are borrowed from whoever was
 * passed to health_list_problems: the list is good only while they are. */
typedef struct {
    const char *line[BOOT_MAX_PROBLEMS + 2];
    size_t n;
} health_problem_list;

/* What /status says of the board besides the state it shows. Plain data, filled in by
 * the window loop; the pointers are borrowed. */
typedef struct {
    int64_t started_at;      /* clock time at the start (unix s) */
    double started_mono;     /* monotonic seconds at the start */
    unsigned long frames;    /* presented */
    int w, h;                /* output size of the last frame, 0 before the first */
    const char *renderer;    /* its name, NULL before the first frame */
    bool dark;               /* off by the display schedule */
    const board_live *live;  /* the feed URL, the profile (may be NULL) */
    health_problem_list problems; /* the board's problems now ("problems") */
    struct liveops *ops;     /* the overrides in force, what was refused, or NULL */
    struct fleetlink *fleet; /* the fleet link ("fleet"), or NULL */
    struct images *images;   /* the feed's images ("images"), or NULL */
    size_t page, pages;      /* the lobby page on the screen (0-based) of how many, as the
                              * last layout counted them ("page", "pages"; pages 0: none) */
} health_state;

/* Fills pl with the board's problems now: the start-up ones in bp still true (those
 * about the agenda started on are moot once another replaced it), the fonts' (fonts),
 * and why the agenda shown is not cached (unsaved). bp, fonts and unsaved may be NULL
 * or empty; the lines stay theirs (borrowed). Can't fail. */
void health_list_problems(const boot_problems *bp, bool replaced, const char *fonts,
                          const char *unsaved, health_problem_list *pl);

/* Joins the problems, each in language lang (i18n_note: the board's own words
 * translated, what came from elsewhere as it is), into note ("; "-separated; cut on a
 * grapheme boundary with "…" when longer than cap - 1 bytes) and points st->note at
 * it, or at NULL when there are none. /status "problems" keeps the lines as they are.
 * The caller owns note and keeps it while st is used. Can't fail. */
void health_join_note(status_input *st, const health_problem_list *pl, const char *lang,
                      char *note, size_t cap);

/* The /status document at shown instant t for agenda a shown with options o and
 * status st, h saying how the board is doing and mono_now the monotonic seconds now.
 * Returns malloc'd JSON the caller frees, or NULL when out of memory. */
char *health_document(const agenda *a, const board_options *o, const status_input *st,
                      const health_state *h, int64_t t, double mono_now);

#endif
