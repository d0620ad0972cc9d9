/* frab_xml.h - what the parts of the schedule.xml importer share: frab_xml.c reads the
 * document (expat handlers, days, rooms, the conference), frab_xml_event.c turns each
 * <event> into a session, frab_xml_time.c turns the time fields into instants.
 *
 * Times cannot be settled while the document streams by: the zone that local times
 * are read in depends on every event's `date` offset (an unknown time_zone_name falls
 * back to the offset they agree on). So the reader records, per session, how its
 * start was written (xf_time), and xf_resolve_times() places all sessions at the end.
 */
#ifndef HB_FEED_FRAB_XML_H
#define HB_FEED_FRAB_XML_H

#include <expat.h>
#include <stdbool.h>
#include <stdint.h>

#include "build.h"

/* ---- Limits ------------------------------------------------------------------- */

/* Deepest element nesting accepted (a schedule needs 6). */
#define XF_MAX_DEPTH 64
/* Most elements in one document. */
#define XF_MAX_ELEMENTS 4000000u
/* Text kept per element: this many times the string limit (markup in abstracts is
 * removed afterwards); the rest is left out with a warning. The session limit is the
 * options' max_sessions (the builder's). */
#define XF_TEXT_FACTOR 4u
/* Most <day> elements. */
#define XF_MAX_DAYS 4000u
/* Bytes handed to expat at once. */
#define XF_CHUNK (1u << 20)

/* How an event's start was written. */
typedef enum {
    XF_INSTANT,   /* a date-time with offset: t is the instant, off its offset */
    XF_LOCAL,     /* a date-time without offset: t is the wall time as if it were UTC */
    XF_DAY_CLOCK, /* a clock time of its day: day and sod */
} xf_when;

/* The time fields of one session (parallel to the builder's sessions). */
typedef struct {
    int64_t t;
    int64_t dur;  /* seconds */
    int32_t off;  /* XF_INSTANT: seconds east of UTC */
    int32_t day;  /* XF_DAY_CLOCK: index into xf_sched.days */
    int32_t sod;  /* XF_DAY_CLOCK: second of the day */
    xf_when when;
} xf_time;

/* One <day>: its `date` and `start` attributes as far as they parse. */
typedef struct {
    bool has_date, has_start;
    int64_t y;
    int m, d;
    int64_t start; /* the instant of `start` */
} xf_day;

/* What the reader collected for placing the sessions. */
typedef struct {
    const char *zone_name; /* conference time_zone_name (arena), or NULL */
    int32_t day_change;    /* conference day_change in seconds of the day, or -1 */
    xf_day *days;
    size_t n_days;
    xf_time *times;        /* one per builder session */
} xf_sched;

/* ---- The reader's state ----------------------------------------------------------- */

/* An event's texts: child elements (the first EF_ELEMENTS, named by xf_ev_names),
 * attributes, the person being read and the names kept (NUL-separated). */
enum {
    EF_DATE, EF_START, EF_DURATION, EF_ROOM, EF_SLUG, EF_TITLE, EF_SUBTITLE, EF_TRACK,
    EF_TYPE, EF_STATUS, EF_ABSTRACT, EF_DESCRIPTION, EF_URL, EF_ELEMENTS,
    EF_GUID = EF_ELEMENTS, EF_ID, EF_PERSON, EF_NAMES, EF_N
};
extern const char *const xf_ev_names[EF_ELEMENTS];

/* The conference fields kept: its elements and schedule/version. */
#define XF_CONF_FIELDS 6

/* A growable text (malloc'd, the reader's); `cut` when text past the cap was left out. */
typedef struct {
    char *p;
    size_t n, cap;
    bool cut;
} xbuf;

typedef struct {
    XML_Parser p;
    feed_builder *b;
    feed_ctx *c;
    size_t max_text;                 /* bytes kept per element */
    uint8_t kind[XF_MAX_DEPTH];      /* what each open element is (frab_xml.c) */
    size_t depth, elements;
    bool stopped;                    /* the parser was stopped (after a report) */
    xbuf *cur;                       /* the text being read, or NULL */
    xbuf ev[EF_N], conf[XF_CONF_FIELDS];
    size_t n_persons;                /* persons of the event (names kept: the first
                                      * AGENDA_MAX_PEOPLE) */
    size_t room_i, event_i;          /* rooms of the day, events of the room, so far */
    char room_q[FEED_PATH_QUOTED_MAX]; /* the room's name quoted for paths, or "" */
    const char *room_key;            /* the room's name (arena), or NULL */
    xf_sched sc;
    size_t cap_days, cap_times;
    unsigned long lead_lines, lead_col; /* white space skipped before the document */
} xf;

/* Stops the parser after a problem already reported (limit, out of memory). */
void xf_stop(xf *x);
/* Makes room for `need` elements of `size` bytes in the malloc'd array *v of *cap
 * elements (the caller keeps owning it). False after reporting out of memory (the
 * parser is stopped). */
bool xf_grow(xf *x, void **v, size_t *cap, size_t need, size_t size);
/* Appends n bytes to t, keeping at most cap bytes in all (cut at a character boundary,
 * t->cut set). Out of memory: reported, the parser stopped. */
void xf_add(xf *x, xbuf *t, const char *s, size_t n, size_t cap);
/* The text of t without surrounding white space ("" when empty), NUL-terminated in
 * t's memory. */
const char *xf_text(xbuf *t);
/* The path of the current event: schedule.day[D].room["NAME"].event[E]. */
void xf_event_path(const xf *x, char out[FEED_PATH_MAX]);

/* </event> (frab_xml_event.c): the session, or the event dropped with a warning. */
void xf_event_end(xf *x);

/* ---- Times (frab_xml_time.c) ------------------------------------------------------ */

/* Parses a calendar date "YYYY-MM-DD" (years 1900..2199). */
bool xf_parse_date(const char *s, int64_t *y, int *m, int *d);

/* Chooses the zone local times are read in and the zone shown (see frab_xml.c's
 * header), then sets start and end of every session of b from sc->times. A session
 * that cannot be placed is dropped (fb_drop_session: reported at its place in the
 * document); sc->times is compacted in step with the builder's sessions. Reports out of
 * memory through the builder's context. */
void xf_resolve_times(feed_builder *b, xf_sched *sc);

#endif
