/* tz_int.h - shared by tz.c (zones and queries), tz_rule.c (POSIX TZ rules) and
 * tz_tzif.c (TZif bytes) only: the zone's layout and the rule's model. Pure.
 */
#ifndef HB_TZ_INT_H
#define HB_TZ_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tz.h"

#define SECS_PER_DAY 86400
/* The Gregorian calendar (weekdays included) repeats every 400 years. */
#define CYCLE_SECS (146097LL * SECS_PER_DAY)
/* Beyond +-LIM seconds (about 31 million years) rule arithmetic is done on an
 * equivalent instant shifted by whole 400-year cycles, so nothing can overflow. */
#define RULE_LIM 1000000000000000LL
/* Rule switch times (POSIX time after '/') may range over -167..167 hours (the
 * RFC 8536 version 3 extension). */
#define RULE_HOURS_MAX 167
/* Offsets in a POSIX rule are at most 24:59:59 either way. */
#define OFFSET_HOURS_MAX 24
/* Abbreviations longer than this are rejected in POSIX rules (tz_local.abbr size). */
#define ABBR_LEN 15
/* Longest POSIX footer accepted in a TZif file; real ones are under 60 bytes. */
#define FOOTER_MAX 255
/* tz_from_local() accepts years within +-this, far beyond any real use, so that
 * day * 86400 arithmetic can never overflow. */
#define LOCAL_YEAR_MAX 1000000000LL
/* Size of a TZif header: magic, version, 15 reserved bytes, six 32-bit counts. */
#define TZIF_HEADER 44

/* One local time type: what the wall clock shows while it is in effect. */
typedef struct {
    int32_t off; /* seconds east of UTC */
    bool isdst;
    char abbr[ABBR_LEN + 1];
} tz_type;

/* The day and time a POSIX rule switches, in the local time in effect before. */
typedef struct {
    char kind;    /* 'J': a = 1..365 ignoring Feb 29; 'N': a = 0..365 counting it;
                     'M': month a, week b (5 = last), weekday c (0 = Sunday) */
    int a, b, c;
    int32_t secs; /* time of day of the switch, -167h..+167h */
} rule_date;

/* A POSIX TZ rule: standard time, and optionally DST between start and end. */
typedef struct {
    tz_type std, dst;
    bool has_dst;
    rule_date start; /* std -> dst, expressed in standard local time */
    rule_date end;   /* dst -> std, expressed in daylight local time */
} posix_rule;

struct tz_zone {
    const char *name;
    const int64_t *times; /* timecnt instants, strictly ascending */
    const uint8_t *idx;   /* type index for each transition (< typecnt) */
    const tz_type *types; /* typecnt local time types */
    size_t timecnt, typecnt;
    const tz_type *before; /* in effect before the first transition */
    bool has_rule;         /* rule applies from the last transition on */
    posix_rule rule;
    int64_t max_abs_off; /* largest |offset| of any type: bounds local -> UTC search */
};

/* Allocates a zone with room for timecnt transitions and typecnt types, all in one
 * block (header, int64 times, types, uint8 indices, name: alignment decreasing, and
 * sizeof(struct tz_zone) is a multiple of 8). Pointers to the writable arrays are
 * returned through the out parameters; the caller owns the zone (tz_free). Returns
 * NULL on a bad name or no memory. */
tz_zone *tz_zone_alloc(const char *name, size_t timecnt, size_t typecnt, int64_t **times,
                       tz_type **types, uint8_t **idx);

/* Parses a POSIX TZ rule (e.g. "CET-1CEST,M3.5.0,M10.5.0/3") into *r. Returns false
 * when it is not one (or uses a form refused here). */
bool tz_rule_parse(const char *s, posix_rule *r);

/* The local time type r puts in effect at instant t (points into r). */
const tz_type *tz_rule_state(const posix_rule *r, int64_t t);

/* The first instant > t at which r switches, or INT64_MAX when it never does. */
int64_t tz_rule_next_event(const posix_rule *r, int64_t t);

/* A zone holding only rule r (no transitions), named name; the caller owns it. NULL
 * on a bad name or no memory. */
tz_zone *tz_zone_from_rule(const char *name, const posix_rule *r);

#endif
