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
/* libical's complaint about a VEVENT's DTSTART (it removed the property), or NULL. */
const char *ical_dtstart_error(icalcomponent *c);
/* ev->end from DTEND or DURATION (neither: a moment, end = start); path: the event's. */
void ical_place_end(ical_doc *d, ical_event *ev, const char *path);
/* "YYYYMMDDTHHMMSSZ" of instant t into buf (at least 17 bytes). */
void ical_format_utc(int64_t t, char *buf);

/* ---- ical_recur.c ----------------------------------------------------------------- */

typedef struct {
    int64_t start, end;
} ical_occ;

/* The occurrences of recurring event ev (DTSTART, RRULE and RDATE, minus EXDATE and
 * the ones a RECURRENCE-ID event replaces), sorted, bounded by the limits and, for a
 * rule with neither COUNT nor UNTIL, by the document span. *n is their count. Returns
 * a malloc'd array (caller frees), or NULL when there is none or out of memory. */
ical_occ *ical_occurrences(ical_doc *d, const ical_event *ev, size_t *n);

#endif
