/* override.h - live overrides: what operators change on the day on top of whatever
 * agenda is shown (a delay, a cancellation, a session moved to another hall, a full
 * hall, notes, announcements up to an emergency takeover).
 *
 * Pure: an override document (docs/overrides.md, docs/overrides.schema.json) is parsed
 * from bytes, and applied to an agenda at an instant, giving a new agenda that the
 * rest of the board (sched, layout, statejson) reads like any other. Every entry has
 * an expiry (its `until`; a session entry without one lasts until the session's end as
 * shifted) and is left out from that instant on: override_next_change tells the board
 * when to apply again. Nothing here reads a clock or a file.
 *
 * The document:
 *   {"hallboard_overrides": 1,
 *    "sessions": {"ID": {"delay_min": 15, "status": "cancelled", "hall": "HALL",
 *                        "hall_full": true, "note": TEXT, "until": RFC3339}},
 *    "halls": {"HALL": {"note": TEXT, "until": RFC3339}},
 *    "announcement": {"text": TEXT, "level": "info"|"urgent"|"emergency",
 *                     "hall": "HALL", "until": RFC3339}}
 * TEXT is a string or an object of translations ({"en": "...", "zh": "..."}), as in
 * feeds. Every member but "hallboard_overrides" is optional; unknown members are errors.
 */
#ifndef HB_OVERRIDE_H
#define HB_OVERRIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"

#define OVERRIDE_MAX_BYTES (256u * 1024u) /* one document */
#define OVERRIDE_MAX_SESSIONS 2000u       /* entries under "sessions" */
#define OVERRIDE_MAX_HALLS 1000u          /* entries under "halls" */
#define OVERRIDE_MAX_DEPTH 8u             /* JSON nesting */
#define OVERRIDE_NOTE_MAX 280u            /* bytes of a note, per translation */
#define OVERRIDE_TEXT_MAX 1000u           /* bytes of an announcement, per translation */
#define OVERRIDE_MAX_DELAY 1440           /* minutes (0..this) */
#define OVERRIDE_MAX_DOCS 64u             /* documents applied together (global + halls) */
#define OVERRIDE_ERR_MAX 2048u            /* bytes of a parse error message */

typedef struct override_doc override_doc;

/* Parses and validates an override document (UTF-8 JSON, at most OVERRIDE_MAX_BYTES).
 * On success returns 0 and *out (caller frees with override_free). On failure returns
 * -1, *out NULL, and err holds one line per problem ("sessions.s12.delay_min: must be
 * 0..1440"), the document's path first ("(document)" for the whole of it: size, JSON
 * syntax, UTF-8, nesting); nothing is kept. Unknown members, a session entry that
 * changes nothing and a time without an offset are problems too. */
int override_parse(const char *bytes, size_t len, override_doc **out, char *err,
                   size_t errcap);

/* Frees a document. NULL is a no-op. */
void override_free(override_doc *d);

/* True when the document holds no entry at all (a "clear everything" document). */
bool override_is_empty(const override_doc *d);

/* The latest instant any entry of d is in force: its `until`s (session entries without
 * one count as INT64_MAX). INT64_MIN for an empty document. */
int64_t override_last_until(const override_doc *d);

/* What applying found, for the log and /status "overrides". */
#define OVERRIDE_MAX_WARNINGS 16
typedef struct {
    size_t applied;     /* entries in force at the instant */
    size_t expired;     /* entries past their until */
    size_t dropped;     /* entries naming a session or hall the agenda does not have */
    char warnings[OVERRIDE_MAX_WARNINGS][160]; /* the first dropped ones, one line each:
                         * "sessions.s12: no such session in the current feed: dropped" */
    size_t n_warnings;
} override_report;

/* Applies docs[0..n) (in order: a later document's entry for the same session, hall or
 * the announcement wins; NULL entries are skipped) to base at instant now, for a board
 * of hall board_hall (-1: every hall; an announcement scoped to another hall is then
 * left out, one for no hall applies everywhere). Writes into *out a new agenda that
 * borrows base's strings and zones (base must outlive it; free it with agenda_free):
 * sessions shifted by their delay (and sorted again), cancelled, moved, marked full or
 * noted; hall notes; the announcement of the highest level. rep may be NULL.
 * Returns 0, or -1 on out of memory (*out NULL). */
int override_apply(const agenda *base, const override_doc *const *docs, size_t n,
                   int64_t now, int32_t board_hall, agenda **out, override_report *rep);

/* The first instant after now at which applying docs to base gives another result (an
 * entry's until, a session entry's shifted end), or INT64_MAX. */
int64_t override_next_change(const agenda *base, const override_doc *const *docs, size_t n,
                             int64_t now);

/* "info", "urgent", "emergency" (NULL for NONE); parse returns false when unknown. */
const char *override_level_name(agenda_alert_level l);
bool override_level_parse(const char *s, agenda_alert_level *out);

#endif
