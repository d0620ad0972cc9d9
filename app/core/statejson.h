/* statejson.h - the board state as the JSON document printed by `hallboard state`.
 *
 * Pure: turns (agenda, sched_state, options) into text. The field names are a
 * contract with operators' tools (README "hallboard state").
 */
#ifndef HB_STATEJSON_H
#define HB_STATEJSON_H

#include <stdint.h>

#include "agenda.h"
#include "layout.h"
#include "sched.h"
#include "status.h"

typedef struct {
    const char *lang;        /* preferred language for TEXT values; NULL = event's first */
    const char *source_kind; /* "embedded", "file", "cache", "network" */
    const char *revision;    /* revision to report; NULL = the agenda's */
    const char *footer;      /* the board's footer line at that instant (status.h), or
                              * NULL: "footer" is null */
    int64_t fetched_at;      /* when the agenda arrived (unix s; cache or network), or
                              * <= 0 when not fetched or unknown: "fetched_at" is null */
} statejson_options;

/* The view a document describes (`hallboard state --view`, a board's settings). */
typedef struct {
    layout_view view;        /* AUTO: "hall" when the state has a hall, else "event" */
    const char *lobby_halls; /* the lobby's halls (layout_input), or NULL */
    bool lobby_hide_idle;
    bool one_page;           /* lobby: list only the halls of `page` as a board of
                              * width x height lays it out (without its fonts: one line
                              * per text), with "page" and "pages" */
    size_t page;             /* 0-based, modulo the page count */
    int width, height;
} statejson_view;

/* Returns the state as a NUL-terminated JSON object (one line), or NULL on out of
 * memory. The caller frees it with free(). Its "view" is the automatic one. */
char *statejson_render(const agenda *a, const sched_state *s, const statejson_options *opt);

/* statejson_render for view v (NULL: the automatic view): "view" names it, and a lobby
 * adds "halls": one object per hall in row order, {"hall": id, "now": [session ids],
 * "next": [session ids]}. */
char *statejson_render_view(const agenda *a, const sched_state *s, const statejson_options *opt,
                            const statejson_view *v);

/* The document for instant t as `hallboard state` and the board's /status print it:
 * the state at t for hall (-1 = every hall), source.kind from st->source, and the
 * footer the board shows at t (status_footer, times in the venue's zone: the first
 * of the agenda). lang as in statejson_options. Returns a malloc'd string, or NULL on
 * out of memory. */
char *statejson_at(const agenda *a, int64_t t, int32_t hall, const char *lang,
                   const status_input *st);

/* statejson_at for view v (NULL: the automatic view). */
char *statejson_at_view(const agenda *a, int64_t t, int32_t hall, const char *lang,
                        const status_input *st, const statejson_view *v);

#endif
