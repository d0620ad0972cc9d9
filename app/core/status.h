/* status.h - what the board says about its agenda and its clock (pure).
 *
 * The footer tells people in the hall, and operators passing by, whether what they
 * see is current: "live", "offline - agenda from 14:02 (3 h ago)", "feed rejected:
 * <reason>", a "may be outdated" mark past a configured age, "clock from server"
 * while the board's own clock is not trusted. The clock rules are here too: when the
 * system clock is not synchronised (or earlier than the build), the board takes the
 * Date header of the last good response, carried forward on the monotonic clock.
 * Every instant is an argument: nothing here reads a clock.
 */
#ifndef HB_STATUS_H
#define HB_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tz.h"

#define STATUS_LINE_MAX 512  /* bytes of a footer line as shown, with its NUL */
#define STATUS_TEXT_MAX 2048 /* bytes of a footer line before it is cut to the caller's cap */
#define STATUS_SEP " \xc2\xb7 " /* between the parts of the footer: " · " */
#define STATUS_STALE_DEFAULT (6 * 3600) /* s: "may be outdated" after this age */

/* Where the agenda on screen came from. */
typedef enum {
    STATUS_EMBEDDED, /* compiled into the binary */
    STATUS_FILE,     /* a local file given on the command line */
    STATUS_CACHE,    /* the cache of an earlier fetch */
    STATUS_NETWORK,  /* fetched by this process */
    STATUS_PUSHED,   /* pushed to the board's control endpoint (PUT /feed) */
} status_source;

/* "embedded", "file", "cache", "network" or "pushed": the source's name in the
 * state document ("source.kind"). */
const char *status_source_kind(status_source s);

/* The last fetch attempt's outcome, as far as the footer cares. */
typedef enum {
    STATUS_NO_FETCH,   /* no feed URL, or no attempt finished yet */
    STATUS_FETCH_OK,   /* the origin answered with the current feed (200 or 304) */
    STATUS_FETCH_FAIL, /* network or HTTP failure */
    STATUS_FETCH_REJECTED, /* the origin sent a feed that is not valid */
} status_fetch;

typedef struct {
    status_source source;
    const char *name;        /* file name for STATUS_FILE, else NULL */
    const char *revision;    /* revision of the agenda shown, or NULL */
    int64_t fetched_at;      /* cache / network: when that agenda arrived (unix s), 0 unknown */
    bool has_url;            /* a feed URL is configured (the board polls) */
    status_fetch fetch;      /* the last attempt */
    const char *reason;      /* FAIL / REJECTED: one line, or NULL */
    int64_t stale_after;     /* s; <= 0 means STATUS_STALE_DEFAULT */
    bool clock_from_server;  /* "now" comes from the server's Date header */
    bool demo;               /* a simulated clock */
    size_t feed_warnings;    /* warnings found reading the agenda shown (items repaired,
                              * dropped, overlaps...): "N feed warnings" */
    bool zone_assumed;       /* the agenda's export named no zone: times read as UTC */
    bool not_saved;          /* fetched, but the cache could not keep it: "not saved for
                              * offline" (network source only) */
    const char *note;        /* a problem of the board's own (settings, feed file, zones,
                              * fonts...), appended after the source state, or NULL */
} status_input;

struct agenda;
/* Takes from agenda a (NULL: nothing) what the footer tells of it: its revision, its
 * feed warnings and whether its zone was assumed. Can't fail. */
void status_set_agenda(status_input *in, const struct agenda *a);

/* Writes the footer line for instant now into buf in language lang (i18n.h: en, zh,
 * ru, fr, es, ar; NULL or unknown = en) with times in zone (the venue's; NULL = UTC).
 * The source state comes first, always; the note, when set, last (as it is: the
 * caller translates it, health_join_note). A line longer than cap - 1 bytes (or than
 * STATUS_TEXT_MAX) is cut on a grapheme boundary and ends with "…" (grapheme.h), so
 * that buf always holds valid UTF-8 when the inputs are. Sets *warning (may be NULL)
 * when the line reports a problem (offline, rejected, outdated, not saved, clock from
 * server, a note). Returns the length written. */
size_t status_footer(const status_input *in, const char *lang, int64_t now,
                     const tz_zone *zone, char *buf, size_t cap, bool *warning);

/* "just now", "12 min ago", "3 h ago", "2 d ago" for an age in seconds (negative
 * counts as 0), in lang. Returns the length written into buf. */
size_t status_age(const char *lang, int64_t age, char *buf, size_t cap);

/* Whether the system clock can be trusted: not when the kernel says it is not
 * synchronised, nor when it reads earlier than the build of this binary (a board with
 * no real-time clock boots in 1970 or at its last shutdown). */
bool status_clock_trusted(int64_t system_now, bool kernel_synced, int64_t build_time);

/* The bounds of a sane "now", whether read from a server's Date header or from the
 * system clock: not before the build of this binary (what the board proves wrong by
 * existing), not more than STATUS_DATE_YEARS_AHEAD years after it (no board lives that
 * long; a server saying 2100 or 9999 is broken or lying). */
#define STATUS_DATE_YEARS_AHEAD 20
#define STATUS_YEAR_SECONDS 31556952 /* the mean Gregorian year, 365.2425 days */
#define STATUS_DATE_MAX_AHEAD ((int64_t)STATUS_DATE_YEARS_AHEAD * STATUS_YEAR_SECONDS)

/* What the bounds say of a server's Date. */
typedef enum {
    STATUS_DATE_OK,           /* within the bounds: may stand in for the clock */
    STATUS_DATE_BEFORE_BUILD, /* earlier than build_time */
    STATUS_DATE_TOO_LATE,     /* later than build_time + STATUS_DATE_MAX_AHEAD */
} status_date_verdict;

/* Where date (unix s) falls against the bounds of build_time. Can't fail. */
status_date_verdict status_server_date_check(int64_t date, int64_t build_time);

/* True when date may be taken as the time: status_server_date_check() is OK. */
bool status_server_date_ok(int64_t date, int64_t build_time);

/* The one "now" of the board: the candidate (the system clock, or the server's time
 * carried forward) clamped into [build_time, build_time + STATUS_DATE_MAX_AHEAD], so
 * that the screen, /status and the times stored with a feed agree even when every
 * clock is wrong. Can't fail. */
int64_t status_clamp_now(int64_t candidate, int64_t build_time);

/* Logging what the server's Date did to the clock, once per cause: the first usable
 * Date, each refusal (too early, too late) and each return to a usable one, but not
 * the same news again on every poll. Zero-initialise. */
typedef struct {
    int last; /* the last verdict logged + 1; 0 = nothing logged yet */
} status_date_log;

/* The line to log (without "hallboard: ", no newline) into buf for a response whose
 * Date was date with verdict v against build_time: returns true when it is news,
 * false (buf untouched) when the same verdict was logged last. Dates are written in
 * UTC, any year from 1900 to 9999. */
bool status_date_news(status_date_log *log, status_date_verdict v, int64_t date,
                      int64_t build_time, char *buf, size_t cap);

/* The server's time now: its Date header (server_date, unix s) carried forward by the
 * monotonic time elapsed since the response arrived (mono_at, mono_now in seconds). */
int64_t status_server_now(int64_t server_date, double mono_at, double mono_now);

/* The display schedule: whether the screen is on at minute_of_day (0..1439, local
 * time of the venue) for a schedule from on to off (minutes after midnight; on > off
 * spans midnight, e.g. 22:00..06:00; on == off, or either < 0, means always on). */
bool status_display_on(int on, int off, int minute_of_day);

#endif
