/* agenda.h - the agenda model: event, zones, halls, tracks, sessions, info cards.
 *
 * Plain data built by the feed parsers (feed.h) and read by everything after them.
 * An agenda owns all its memory in one arena; agenda_free() releases it at once.
 * Sessions are sorted by (start, end, id) and indexed for now/next queries.
 * An agenda is immutable once built, so any number of threads may read it.
 */
#ifndef HB_AGENDA_H
#define HB_AGENDA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tz.h"

/* Limits on what a feed may hold. Each has a default; a caller may lower or raise them. */
#define AGENDA_MAX_FEED_BYTES   (16u * 1024u * 1024u) /* whole feed */
#define AGENDA_MAX_SESSIONS     50000u
#define AGENDA_MAX_STRING_BYTES 4096u  /* one string, after JSON unescaping */
#define AGENDA_MAX_DEPTH        64u    /* JSON nesting */
#define AGENDA_MAX_ZONES        8u
#define AGENDA_MAX_LANGUAGES    16u
#define AGENDA_MAX_HALLS        1000u
#define AGENDA_MAX_TRACKS       1000u
#define AGENDA_MAX_PEOPLE       100u   /* speakers (or chairs) of one session */
#define AGENDA_MAX_CARDS        200u
#define AGENDA_MAX_ID_BYTES     128u
#define AGENDA_DAY_CHANGE_LIMIT (12 * 3600) /* day_change is before 12:00 (seconds) */
#define AGENDA_MAX_URL_BYTES    1000u  /* a session's url, an image's URL or path (fits a
                                        * layout box's text, LAYOUT_TEXT_MAX) */

typedef struct {
    size_t max_feed_bytes, max_sessions, max_string_bytes, max_depth;
} agenda_limits;

/* The defaults above. */
agenda_limits agenda_default_limits(void);

/* One translation of a TEXT value. */
typedef struct {
    const char *tag;  /* BCP 47 tag, or "" for a plain string (language-neutral) */
    const char *text; /* UTF-8, validated */
} agenda_tr;

/* A TEXT value: a plain string (one entry with tag "") or a set of translations.
 * n == 0 means absent. */
typedef struct {
    const agenda_tr *v;
    size_t n;
} agenda_text;

typedef struct {
    agenda_text name, role, affiliation;
} agenda_person;

typedef enum {
    AGENDA_KIND_TALK,
    AGENDA_KIND_KEYNOTE,
    AGENDA_KIND_PANEL,
    AGENDA_KIND_BREAK,
    AGENDA_KIND_CEREMONY,
    AGENDA_KIND_OTHER,
} agenda_kind;

typedef enum {
    AGENDA_STATUS_SCHEDULED,
    AGENDA_STATUS_CANCELLED,
} agenda_status;

typedef struct {
    const char *id;
    int64_t start, end;  /* unix seconds, start <= end (equal: a moment, never "now");
                          * with an override's delay already added */
    int32_t hall;        /* index into agenda.halls, or -1 (none or unknown) */
    int32_t track;       /* index into agenda.tracks, or -1 */
    agenda_kind kind;
    agenda_status status;
    agenda_text title, subtitle, description;
    const agenda_person *speakers;
    size_t n_speakers;
    const agenda_person *chair;
    size_t n_chair;
    /* Set by live overrides (override.h) only; a feed leaves them zero. */
    int32_t delay_min;   /* minutes start and end were moved later (0: on time) */
    bool hall_full;      /* the hall is full: no more entry */
    bool moved;          /* an override moved it to `hall` from `moved_from` */
    int32_t moved_from;  /* moved: the feed's hall (index, or -1) */
    agenda_text note;    /* a short operator note (TEXT), n == 0 when none */
    const char *url;     /* the session's page (http or https URL, shown as a QR code),
                          * or NULL */
} agenda_session;

typedef struct {
    const char *id;
    agenda_text name;
    agenda_text note;    /* a live override's note for the hall (override.h), n == 0 none */
} agenda_hall;

/* A live announcement (override.h). level NONE: there is none. */
typedef enum {
    AGENDA_ALERT_NONE,
    AGENDA_ALERT_INFO,      /* a line on the board */
    AGENDA_ALERT_URGENT,    /* a banner over the board */
    AGENDA_ALERT_EMERGENCY, /* the whole screen, every language of the event, nothing else */
} agenda_alert_level;

typedef struct {
    agenda_alert_level level;
    agenda_text text;
    int32_t hall;        /* the hall it is for (index), or -1: every board */
    int64_t until;       /* it vanishes at this instant (unix s) */
} agenda_announcement;

typedef struct {
    const char *id;
    agenda_text name;
    agenda_text organizer;  /* who runs the track (may be absent) */
    uint32_t color;         /* 0xRRGGBB */
    bool has_color;
} agenda_track;

typedef struct {
    const char *id;
    agenda_text title, body;
    int64_t from, until;    /* shown in [from, until); INT64_MIN / INT64_MAX when open */
    const char *image;      /* an image (URL or absolute path) for the card, or NULL */
    const char *url;        /* a link (http/https URL) shown as a QR code, or NULL */
} agenda_card;

typedef struct {
    const char *name;       /* IANA name */
    agenda_text label;      /* "Moscow"; defaults to the last part of the name */
    const tz_zone *tz;      /* owned by the agenda */
} agenda_zone;

/* The feed's colours (native event.theme): used only when they keep every text readable
 * (layout_theme_ok), else has_theme is false and the board keeps its own theme. */
typedef struct {
    bool has_theme;
    uint32_t bg, accent, text;   /* 0xRRGGBB: the screen, headings and countdowns, text */
} agenda_theme;

typedef struct agenda {
    int version;                 /* feed format version (1) */
    const char *revision;        /* changes whenever the feed changes */
    const char *format;          /* "hallboard", "frab"... where it was imported from */
    agenda_text title;
    const char *logo;            /* the event's logo (URL or absolute path), or NULL */
    const char *background;      /* an image behind the board (URL or path), or NULL */
    agenda_theme theme;          /* the feed's colours (has_theme false: the board's) */
    const char *const *languages;
    size_t n_languages;
    const agenda_zone *zones;    /* first = venue zone */
    size_t n_zones;
    const agenda_hall *halls;
    size_t n_halls;
    const agenda_track *tracks;
    size_t n_tracks;
    const agenda_session *sessions; /* sorted by start, end, id */
    size_t n_sessions;
    const agenda_card *cards;
    size_t n_cards;
    int64_t max_duration;        /* longest session, for range queries */
    int32_t day_change_s;        /* conference days begin this many seconds after midnight,
                                  * wall time of the venue zone (0 .. AGENDA_DAY_CHANGE_LIMIT - 1);
                                  * 0: calendar days. See confday.h */
    bool zone_assumed;           /* the export named no zone and none was configured: its
                                  * times were read as UTC (the footer says so) */
    size_t n_warnings;           /* warnings found reading the feed (items repaired or
                                  * dropped), for the footer's mark and /status */
    agenda_announcement announcement; /* from live overrides; level NONE when none */
    bool borrowed;               /* made by override_apply: zones and strings belong to
                                  * the agenda it was made from, which must outlive it */
    struct agenda_arena *arena;  /* owns every pointer above */
} agenda;

/* Loads a zone by IANA name; returns NULL if unknown. The caller of the loader owns
 * the result. The feed parsers call it once per zone named in a feed. */
typedef tz_zone *(*agenda_zone_loader)(void *ctx, const char *name);

/* Frees an agenda and everything it owns (zones included). agenda_free(NULL) is a no-op. */
void agenda_free(agenda *a);

/* The best translation of t for language `lang` (may be NULL): an exact tag match,
 * then the same primary subtag ("zh" for "zh-Hans"), then the plain string, then
 * `fallback` (the event's first language, may be NULL), then the first entry.
 * Returns NULL only when t is absent. The result is owned by the agenda. */
const char *agenda_text_get(const agenda_text *t, const char *lang, const char *fallback);

/* agenda_text_get() with the event's first language as the fallback. */
const char *agenda_tr_get(const agenda *a, const agenda_text *t, const char *lang);

/* Index of the hall with this id, or -1. */
int32_t agenda_hall_find(const agenda *a, const char *id);

/* Index of the first session whose start is >= t (n_sessions if none). O(log n). */
size_t agenda_first_starting_at_or_after(const agenda *a, int64_t t);

/* Names of the session kinds and statuses as they appear in feeds ("talk", ...). */
const char *agenda_kind_name(agenda_kind k);
const char *agenda_status_name(agenda_status s);
/* Parses a kind / status name; returns false if unknown. */
bool agenda_kind_parse(const char *s, agenda_kind *out);
bool agenda_status_parse(const char *s, agenda_status *out);

/* ---- Building (used by the feed parsers) ---------------------------------- */

/* A growable arena. Every allocation lives until agenda_arena_free(). */
typedef struct agenda_arena agenda_arena;

/* Creates an empty arena; NULL on out of memory. */
agenda_arena *agenda_arena_new(void);
/* Frees the arena and all its blocks; NULL is a no-op. */
void agenda_arena_free(agenda_arena *ar);
/* Zeroed memory of n bytes aligned for any type; NULL on out of memory. */
void *agenda_arena_alloc(agenda_arena *ar, size_t n);
/* A copy of the n bytes at s plus a NUL; NULL on out of memory. */
char *agenda_arena_strndup(agenda_arena *ar, const char *s, size_t n);
/* Total bytes the arena holds from the system (for benchmarks). */
size_t agenda_arena_bytes(const agenda_arena *ar);

/* Takes ownership of zone z so that agenda_free() frees it; returns 0 or -1 (then
 * z has been freed). */
int agenda_arena_own_zone(agenda_arena *ar, tz_zone *z);

/* Order of sessions in an agenda: by start, then end, then id. */
int agenda_session_cmp(const agenda_session *a, const agenda_session *b);

/* Installs n sessions, already sorted by agenda_session_cmp, as a->sessions and
 * computes the index fields. Called by the parsers as the last step. Can't fail. */
void agenda_index(agenda *a, const agenda_session *sessions, size_t n);

#endif
