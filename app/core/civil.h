/* civil.h - proleptic Gregorian calendar arithmetic and RFC 3339 instants.
 *
 * Pure: no clock, no locale, no time zone database. Instants are seconds since
 * 1970-01-01T00:00:00Z as int64_t ("unix seconds"); days are days since the
 * same epoch. Every function is thread-safe and allocates nothing.
 */
#ifndef HB_CIVIL_H
#define HB_CIVIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Earliest and latest instants the project deals with (1900-01-01 .. 2200-01-01). */
#define CIVIL_MIN_UNIX (-2208988800LL)
#define CIVIL_MAX_UNIX (7258118400LL)

/* Buffer size for civil_format_utc(): "2020-12-09T09:00:00Z" plus NUL. */
#define CIVIL_UTC_LEN 21

/* Days since 1970-01-01 of year-month-day (month 1..12, day 1..31). Can't fail. */
int64_t civil_days_from_ymd(int64_t y, int m, int d);

/* Inverse of civil_days_from_ymd(). Can't fail. */
void civil_ymd_from_days(int64_t days, int64_t *y, int *m, int *d);

/* Day of the week of a day number: 0 = Sunday .. 6 = Saturday. */
int civil_weekday(int64_t days);

/* True for Gregorian leap years. */
bool civil_is_leap(int64_t y);

/* Number of days in month m (1..12) of year y. */
int civil_days_in_month(int64_t y, int m);

/* Floor division of seconds into days and seconds-of-day (0..86399). */
int64_t civil_floor_div(int64_t a, int64_t b);

/* The years civil_parse_rfc3339() accepts. */
#define CIVIL_YEAR_MIN 1900
#define CIVIL_YEAR_MAX 2199

/* Why civil_rfc3339_check() refused a text. */
#define CIVIL_E_SYNTAX (-1) /* not an RFC 3339 date-time with an offset (or no such day) */
#define CIVIL_E_RANGE (-2)  /* a well-formed date-time, year outside CIVIL_YEAR_MIN..MAX */

/* civil_parse_rfc3339() telling why it fails: returns 0 (outputs stored as there),
 * CIVIL_E_RANGE for a date-time that is well-formed, a real day of its year included,
 * but whose year is outside CIVIL_YEAR_MIN..CIVIL_YEAR_MAX ("9999-12-31T23:59:59Z"),
 * or CIVIL_E_SYNTAX for anything else. Outputs are untouched on failure. */
int civil_rfc3339_check(const char *s, int64_t *utc, int32_t *offset);

/* Parses an RFC 3339 date-time with a mandatory offset ("Z", "+08:00", "-03:30"),
 * optional fractional seconds (truncated) and 'T' or ' ' as separator.
 * On success stores the UTC instant in *utc and the offset in seconds east of UTC
 * in *offset (either pointer may be NULL) and returns true. Returns false on any
 * syntax or range error (month 13, 31 April, hour 24...), leaving outputs untouched.
 * Accepts years 1900..2199 only. */
bool civil_parse_rfc3339(const char *s, int64_t *utc, int32_t *offset);

/* Parses an HTTP date (RFC 9110 section 5.6.7): the preferred IMF-fixdate
 * "Sun, 06 Nov 1994 08:49:37 GMT" and the two obsolete forms a recipient must take,
 * RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT" (a two-digit year is the one within 50
 * years of 2000... read as 1950..2049) and asctime "Sun Nov  6 08:49:37 1994".
 * The weekday is checked for its form but not against the date. Stores the UTC
 * instant in *utc and returns true; false on any other text, leaving *utc untouched.
 * Years 1900..9999: 64-bit throughout, whatever the width of time_t. */
bool civil_parse_http_date(const char *s, int64_t *utc);

/* Parses a local date-time without offset ("2024-04-20T09:00:00", seconds optional,
 * fraction truncated) into its fields. Returns true on success. */
bool civil_parse_local(const char *s, int64_t *y, int *mo, int *d, int *h, int *mi, int *sec);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least CIVIL_UTC_LEN bytes). */
void civil_format_utc(int64_t t, char *buf);

/* Writes "YYYY-MM-DD" (11 bytes with the NUL); years outside 0..9999 are clamped. */
void civil_format_date(int64_t y, int m, int d, char *buf);

/* Writes "HH:MM" (6 bytes with the NUL). */
void civil_format_hm(int h, int m, char *buf);

/* Writes an offset as "+HH:MM" / "-HH:MM" into buf (at least 7 bytes). */
void civil_format_offset(int32_t offset, char *buf);

#endif
