/* tz.h - IANA time zones as immutable values: UTC instant -> local civil time.
 *
 * Pure and thread-safe: a zone is built from the bytes of a TZif file (RFC 8536,
 * versions 1-4) or from a POSIX TZ rule string, and never touches the process
 * environment, setenv("TZ"), tzset() or the file system. Reading the zone files
 * is the shell's job (tzdb.h). Instants past the last transition of a TZif file
 * follow the file's POSIX footer rule, so dates up to 2100 and beyond are exact.
 */
#ifndef HB_TZ_H
#define HB_TZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longest zone name accepted anywhere ("America/Argentina/ComodRivadavia" is 32). */
#define TZ_NAME_MAX 64
/* Largest TZif file accepted. */
#define TZ_TZIF_MAX (256 * 1024)

typedef struct tz_zone tz_zone;

/* Local civil time of an instant in a zone. */
typedef struct {
    int64_t year;
    int month;          /* 1..12 */
    int day;            /* 1..31 */
    int hour, minute, second;
    int weekday;        /* 0 = Sunday .. 6 = Saturday */
    int32_t utc_offset; /* seconds east of UTC, DST included */
    bool is_dst;
    char abbr[16];      /* "MSK", "CST", "+0545"...; may be empty */
} tz_local;

/* Builds a zone named `name` from TZif bytes. Returns NULL on malformed or truncated
 * data, or data over TZ_TZIF_MAX. The caller owns the result (tz_free). */
tz_zone *tz_parse_tzif(const char *name, const unsigned char *data, size_t len);

/* Builds a zone from a POSIX TZ rule such as "EST5EDT,M3.2.0,M11.1.0" or
 * "<+1030>-10:30<+11>-11,M10.1.0,M4.1.0". Returns NULL if the rule is invalid.
 * The caller owns the result (tz_free). */
tz_zone *tz_parse_posix(const char *name, const char *rule);

/* A zone fixed at UTC named "UTC". The caller owns the result (tz_free). */
tz_zone *tz_utc(void);

/* Frees a zone; tz_free(NULL) is a no-op. */
void tz_free(tz_zone *z);

/* The zone's name as given at creation; owned by the zone. */
const char *tz_name(const tz_zone *z);

/* Local time of instant t in zone z. Can't fail for a valid zone. */
void tz_to_local(const tz_zone *z, int64_t t, tz_local *out);

/* Offset from UTC (seconds east, DST included) in effect at instant t. */
int32_t tz_offset_at(const tz_zone *z, int64_t t);

/* Converts a local wall time in z to a UTC instant. For a wall time that occurs
 * twice (clocks turned back) the earlier instant is chosen; for one that does not
 * occur (clocks turned forward) the instant using the offset before the change.
 * Returns false only for out-of-range fields. */
bool tz_from_local(const tz_zone *z, int64_t year, int month, int day, int hour, int minute,
                   int second, int64_t *out);

/* The first instant > t at which z's offset or DST flag changes, or INT64_MAX if none
 * before year 2200. Lets a caller sleep until the next clock change. */
int64_t tz_next_transition(const tz_zone *z, int64_t t);

#endif
