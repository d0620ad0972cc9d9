/* feed.h - turns feed bytes into an agenda, or into a list of precise problems.
 *
 * Accepts the native Hallboard v1 format (docs/feed-format.md) and frab/pretalx
 * schedule.json (versions 1 and the v2 draft), detected from the content. Bytes are
 * checked for size, UTF-8 and nesting depth before any JSON parsing; the JSON tree
 * never leaves this module. A feed with any error yields no agenda at all: never a
 * partial model.
 */
#ifndef HB_FEED_H
#define HB_FEED_H

#include <stdbool.h>
#include <stddef.h>

#include "agenda.h"

/* Most problems kept in one report; more are counted in feed_report.dropped. */
#define FEED_MAX_PROBLEMS 100
#define FEED_PATH_MAX 128
#define FEED_MSG_MAX 200

typedef enum { FEED_ERROR, FEED_WARNING } feed_severity;

typedef struct {
    feed_severity severity;
    char path[FEED_PATH_MAX]; /* "sessions[12].end", or "" for the whole document */
    char msg[FEED_MSG_MAX];
    size_t seq; /* where in the document (the session it is about, in document order):
                 * the report is sorted by it, so problems come in document order */
} feed_problem;

typedef struct {
    feed_problem items[FEED_MAX_PROBLEMS];
    size_t n;
    size_t n_errors, n_warnings; /* counted even past FEED_MAX_PROBLEMS */
    size_t dropped;              /* problems not kept for lack of room */
} feed_report;

typedef struct {
    agenda_limits limits;
    agenda_zone_loader load_zone; /* required: resolves IANA names */
    void *zone_ctx;
    const char *const *zones;     /* optional override of the zones shown, NULL-ended */
    const char *const *zone_labels; /* labels for `zones` (entries may be NULL) */
} feed_options;

/* Makes cJSON allocate from a per-parse arena (faster parsing, the tree dropped at
 * once). Optional; call once from main() before any thread starts. Can't fail. */
void feed_init(void);

/* Options with default limits and the given zone loader. */
feed_options feed_default_options(agenda_zone_loader load, void *ctx);

/* Parses and validates a feed. Returns the agenda (caller owns, agenda_free) when
 * there is no error; NULL otherwise. `report` (required) receives every error and
 * warning found, up to FEED_MAX_PROBLEMS, in document order. */
agenda *feed_parse(const char *bytes, size_t len, const feed_options *opt, feed_report *report);

/* Writes one line per problem, "PATH: message" or "PATH: warning: message", into
 * buf (NUL-terminated, truncated to cap), control characters escaped (logsafe.h).
 * Returns the length written. */
size_t feed_report_format(const feed_report *r, char *buf, size_t cap);

#endif
