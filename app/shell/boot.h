/* boot.h - the agenda a board starts on, and the problems met on the way (shell side).
 *
 * A board never exits over its settings, its feed file, its zones or its cache: it
 * starts on the best agenda it can get and carries what went wrong to its footer and
 * to /status. The order: what was pushed last (a board in push mode), the cache of a
 * polled feed, the feed file, the built-in agenda. A feed file or the built-in agenda
 * that names zones the zone directory lacks is read again in UTC, and says so.
 */
#ifndef HB_BOOT_H
#define HB_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "agenda.h"
#include "feed.h"
#include "status.h"

#define BOOT_MAX_PROBLEMS 8
#define BOOT_PROBLEM_MAX 320

/* The problems a board met while starting, one line each, in the order met. */
typedef struct {
    char text[BOOT_MAX_PROBLEMS][BOOT_PROBLEM_MAX];
    bool of_agenda[BOOT_MAX_PROBLEMS]; /* about the agenda started on: moot once a
                                        * fetched or pushed one replaces it */
    size_t n;
} boot_problems;

/* Adds a problem (printf format; cut on a grapheme boundary with "…" to
 * BOOT_PROBLEM_MAX, a character split by a byte count mended to "…") and, when err
 * is not NULL, logs it there as "hallboard: TEXT". Past BOOT_MAX_PROBLEMS it is only
 * logged. p may be NULL (only logged). Can't fail. */
void boot_note(boot_problems *p, FILE *err, bool of_agenda, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Drops from zones / labels (n entries, updated) the zones the zone directory does
 * not have, each noted in p ("zone = NAME: unknown time zone, left out"). */
void boot_check_zones(const char **zones, const char **labels, size_t *n, boot_problems *p,
                      FILE *err);

/* What a cache directory gave (boot_load_cache). */
typedef enum {
    BOOT_LOADED, /* an agenda */
    BOOT_NONE,   /* nothing there for this board: no cache, or one of the other kind */
    BOOT_BROKEN, /* damaged, unreadable, or not a usable feed: why says which */
} boot_load;

/* Loads the feed kept in cache directory dir: the last pushed one (pushed) or a
 * polled one. BOOT_LOADED: *a is the agenda (caller frees), st->source and
 * st->fetched_at say where it came from. BOOT_NONE / BOOT_BROKEN: *a is NULL, why
 * holds one line (for BOOT_NONE too: "no cache: ...", "... holds a pushed feed").
 * rep (may be NULL) holds the parser's report when the bytes did not parse. */
boot_load boot_load_cache(const char *dir, bool pushed, const feed_options *fo, agenda **a,
                          status_input *st, feed_report *rep, char *why, size_t cap);

/* Where a board may find its agenda. */
typedef struct {
    const char *push_cache;  /* push mode: where the last pushed feed is kept, or NULL */
    const char *cache;       /* a polled feed's cache directory, or NULL */
    const char *file;        /* a feed file, or NULL */
    feed_options fo;         /* parsing options (zones as configured) */
    bool demo;               /* the board replays on a simulated clock */
} boot_request;

/* The agenda chosen and its origin. */
typedef struct {
    agenda *a;               /* owned by the caller (agenda_free) */
    status_input status;     /* source, name (points into name), fetched_at, agenda marks */
    char name[256];          /* a feed file's base name */
} boot_choice;

/* Picks the agenda a board starts on (see the file comment), noting each source that
 * failed in p (logged to err). Returns 0 with ch->a set, or -1 when not even the
 * built-in agenda loads in UTC (out of memory, or a broken build): nothing to draw. */
int boot_choose(const boot_request *rq, boot_choice *ch, boot_problems *p, FILE *err);

#endif
