/* ical_int.h - shared by the iCalendar importer's files (ical.c, ical_time.c,
 * ical_recur.c) only.
 *
 * ical.c turns the bytes into unfolded lines and reads the calendar; ical_time.c
 * places times (TZID, VTIMEZONE, UTC, floating) on the UTC axis with our own zones;
 * ical_recur.c expands RRULE/RDATE/EXDATE. libical is only ever called with the
 * importer's lock held (see ical.c for why).
 */
#ifndef HB_FEED_ICAL_INT_H
#define HB_FEED_ICAL_INT_H

#include <libical/ical.h>

#include "build.h"

/* ---- Limits --------------------------------------------------------------------- */

#define ICAL_MAX_EVENTS      50000u  /* VEVENT components in one document */
#define ICAL_MAX_COMPONENTS  100000u /* components of any kind (VEVENT, VALARM...) */
#define ICAL_MAX_DEPTH       8u      /* nesting of BEGIN/END */
#define ICAL_MAX_LINE        (64u * 1024u) /* bytes of one content line after unfolding */
#define ICAL_MAX_ZONES       64u     /* distinct TZIDs and VTIMEZONEs */
#define ICAL_MAX_OCCURRENCES 1000u   /* occurrences kept per recurring event */
#define ICAL_MAX_STEPS       20000u  /* iterator steps per recurring event */
#define ICAL_OPEN_WINDOW_DAYS 31     /* open RRULE with no other event to bound it */

/* The parameter the line pass puts on a property whose date-times ended in "Z" (the
 * "Z" itself is removed so that libical never looks up its UTC zone, see ical.c). */
#define ICAL_UTC_PARAM "X-HB-UTC"

/* A TEXT property of a top-level VEVENT that the line pass read itself (ical.c):
 * SUMMARY, DESCRIPTION, LOCATION, CATEGORIES or UID, unescaped as libical would. */
typedef struct {
    icalproperty_kind kind;
    size_t tag;            /* offset in ical_texts.chars of its LANGUAGE, or SIZE_MAX */
    size_t text;           /* offset in ical_texts.chars of its value */
} ical_text;

/* The texts of one top-level VEVENT, in document order. */
typedef struct {
    size_t first, n;       /* its entries in ical_texts.v */
    bool whole;            /* libical was given all its lines: read them from the tree */
} ical_ev_texts;

/* What the line pass read itself, per top-level VEVENT in document order. */
typedef struct {
    char *chars;           /* NUL-terminated strings */
    size_t n_chars, cap_chars;
    ical_text *v;
    size_t n, cap;
    ical_ev_texts *ev;
    size_t n_ev, cap_ev;
} ical_texts;

/* A TZID as the document names it, and the zone it stands for. */
typedef struct {
    const char *tzid;     /* arena */
    const tz_zone *z;     /* NULL: unknown (warned about once) */
    icalcomponent *vtz;   /* its VTIMEZONE, or NULL */
} ical_zone;

/* One VEVENT after the first pass. */
typedef struct {
    icalcomponent *c;
    size_t index;              /* among the VEVENTs, for paths */
    bool ok;                   /* placed in time */
    bool recurring;            /* has RRULE or RDATE */
    bool is_override;          /* has RECURRENCE-ID */
    const char *uid;           /* arena, or NULL */
    int64_t start, end;        /* the first (or only) occurrence */
    int64_t rid;               /* RECURRENCE-ID instant when is_override */
    const tz_zone *zone;       /* the zone of DTSTART's wall time */
    struct icaltimetype wall;  /* DTSTART as written (floating) */
} ical_event;

typedef struct {
    feed_builder *b;
    icalcomponent *cal;
    ical_zone zones[ICAL_MAX_ZONES];
    size_t n_zones;
    bool zones_full;           /* the zone table overflowed (reported once) */
    const tz_zone *utc;
    const tz_zone *venue;      /* cached fb_venue_zone() */
    int64_t span_lo, span_hi;  /* of the non-recurring events */
    bool has_span;
    fb_map overrides;          /* "UID@YYYYMMDDTHHMMSSZ" -> event index */
    const ical_texts *tx;      /* the VEVENTs' texts the line pass read */
    ical_event *ev;
    size_t n_ev;
} ical_doc;

/* ---- ical_time.c ------------------------------------------------------------------ */

/* Registers the VTIMEZONE components of the calendar. Can't fail (a broken one is
 * warned about when used). */
void ical_zones_init(ical_doc *d);
/* The zone a date-time property is read in: UTC for a "Z" time, its TZID (IANA,
 * legacy, Windows, or the document's VTIMEZONE), else the venue zone. Never NULL
 * unless out of memory. */
const tz_zone *ical_prop_zone(ical_doc *d, icalproperty *p, const char *path);
/* The zone tzid names (a zone name, or a VTIMEZONE of the document), or NULL;
 * reports nothing. */
const tz_zone *ical_known_zone(ical_doc *d, const char *tzid);
/* The venue zone (options, X-WR-TIMEZONE, else UTC with a warning), cached. */
const tz_zone *ical_venue(ical_doc *d, const char *path);
/* The instant of wall time t in zone z (date-only: midnight). */
bool ical_instant(const tz_zone *z, struct icaltimetype t, int64_t *out);
/* X-WR-CALNAME (else X-WR-CALDESC) as the event title; X-WR-TIMEZONE as its zone. */
void ical_calendar_props(ical_doc *d);
/* Pass 1: places ev in time (false: dropped, said why) and notes its UID and
 * RECURRENCE-ID. */
bool ical_place(ical_doc *d, ical_event *ev);
/* "YYYYMMDDTHHMMSSZ" of instant t into buf (at least 17 bytes). */
void ical_format_utc(int64_t t, char *buf);

/* ---- ical_recur.c ----------------------------------------------------------------- */

/* The text of p when its value is TEXT (libical unescaped it) or an X- value
 * (unescaped into *scratch, malloc'd: the caller frees it); else NULL. */
const char *ical_text_of(icalproperty *p, char **scratch);
/* The first value of kind k of ev (from the line pass or the tree) as a trimmed arena
 * string, or NULL. */
const char *ical_first_text(ical_doc *d, const ical_event *ev, icalproperty_kind k,
                            const char *path);
/* UID + "@" + instant t in UTC (an arena string), or NULL without a UID. */
const char *ical_occurrence_id(ical_doc *d, const char *uid, int64_t t);
/* Pass 2: the sessions of one placed VEVENT: its occurrences (DTSTART, RRULE and
 * RDATE, minus EXDATE and the ones a RECURRENCE-ID event replaces, bounded by the
 * limits and, for a rule with neither COUNT nor UNTIL, by the document span). */
void ical_make_sessions(ical_doc *d, const ical_event *ev);

#endif
