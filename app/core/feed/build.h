/* build.h - the one builder every importer feeds (inside the feed module only).
 *
 * An importer reads its format and hands the builder halls, tracks, people and
 * sessions; the builder owns the rules that do not depend on the format: string
 * limits and UTF-8, ids (made when missing, unique), sessions that cannot be placed
 * in time, zero-length sessions, the session limit, zones (IANA, legacy and Windows
 * names, the venue zone of exports that carry none), sorting, overlap warnings and
 * the installation of everything into the agenda.
 *
 * Two modes. STRICT (the native format, whose author runs `check`): every flaw is an
 * error and the feed is refused. LENIENT (imported exports, which an operator cannot
 * fix): a flawed item is repaired or dropped with a warning naming its path; only
 * structural failures (limits, not the format) are errors.
 *
 * Memory: everything the builder returns lives in the agenda's arena (c->ar) unless
 * said otherwise; the builder's own scratch is freed by fb_free().
 */
#ifndef HB_FEED_BUILD_H
#define HB_FEED_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "internal.h"

/* Longest session accepted: a week. */
#define FB_MAX_SESSION_SECONDS (7 * 86400)
/* Days of an export whose span (day_start, day_end) is kept to find its day change. */
#define FB_MAX_DAY_SPANS 64

/* A string-keyed hash table (open addressing) of int32 values over borrowed keys:
 * the one table for ids and names in the feed module. */
typedef struct {
    const char **keys; /* cap slots, NULL when empty */
    int32_t *vals;
    size_t cap, n;
} fb_map;

/* Puts key -> val (the first value of a key wins); false on out of memory. The key
 * must outlive the map. */
bool fb_map_put(fb_map *m, const char *key, int32_t val);
/* Makes room for n keys in all, so that putting them does not grow the map; false on
 * out of memory (the map is unchanged). */
bool fb_map_reserve(fb_map *m, size_t n);
/* The value of key, or -1. */
int32_t fb_map_get(const fb_map *m, const char *key);
void fb_map_free(fb_map *m);

typedef struct {
    feed_ctx *c;
    bool lenient;
    agenda_hall *halls;
    size_t n_halls, cap_halls;
    fb_map hall_map; /* key (id, or name when the format has no id) -> index */
    agenda_track *tracks;
    size_t n_tracks, cap_tracks;
    fb_map track_map;
    agenda_session *sessions; /* in document order until fb_finish */
    const char **paths;       /* the document path of each session (arena) */
    size_t n_sessions, cap_sessions;
    size_t n_places;          /* sessions read (fb_session), dropped ones included: the
                               * next one is at document place 2 * n_places + 1 */
    bool finishing;           /* fb_finish is checking the sessions */
    bool over_limit;          /* the session limit was passed (reported once) */
    size_t dropped;           /* items dropped (lenient) */
    const tz_zone *venue;     /* set by fb_venue_zone / fb_set_event_zone / fb_use_event_zone */
    const char *venue_name;
    const tz_zone *opt_zone;  /* the options' first zone, once resolved (fb_venue_zone) */
    bool opt_zone_done;       /* opt_zone was looked up (it may be NULL: unknown) */
    bool zones_set;
    bool sessions_in_arena;   /* `sessions` was reserved in the arena (fb_reserve) */
    bool timed;               /* the importer checks times itself (fb_check_times) */
    size_t *doc;              /* the document place (feed_ctx.seq) of each session once
                               * fb_drop_session took one out or fb_finish checked them
                               * (cap_sessions of them); NULL while it is 2i + 1 */
    const char *bytes;        /* the whole feed, for a revision when it has none */
    size_t len;
    bool has_day_change;      /* the export named its day change (fb_day_change) */
    int32_t day_change;       /* seconds after midnight */
    int64_t day_spans[FB_MAX_DAY_SPANS][2]; /* its days' [start, end] (fb_day_span) */
    size_t n_day_spans;
} feed_builder;

/* Starts a builder on c (c->a and c->ar ready). bytes/len: the feed (borrowed, for
 * the default revision). Can't fail. */
void fb_init(feed_builder *b, feed_ctx *c, bool lenient, const char *bytes, size_t len);
/* Frees the builder's scratch (not the agenda). */
void fb_free(feed_builder *b);

/* ---- Problems --------------------------------------------------------------- */

/* A flaw in one item: a warning in lenient mode, an error in strict mode. */
void fb_flaw(feed_builder *b, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* An item that cannot be used: lenient "dropped: <why>" warning (counted in
 * b->dropped), strict error "<why>". */
void fb_drop(feed_builder *b, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Drops session i of those read so far, as fb_drop() reports it at the session's path
 * (lenient "dropped: <why>" warning), placed at that session in the report's document
 * order; the sessions after it move up a place in b->sessions and b->paths (order kept,
 * their document places too). For importers that can only tell once the whole document
 * is read; each call moves the sessions after i. Out of memory: reported, the session
 * still dropped. */
void fb_drop_session(feed_builder *b, size_t i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- Strings ---------------------------------------------------------------- */

/* A copy of the n bytes at s in the arena with surrounding white space trimmed
 * (NULL s: NULL). Not UTF-8: an error (structural), NULL. Over the string limit:
 * lenient cut at a character boundary with a warning, strict error and NULL. */
const char *fb_str(feed_builder *b, const char *s, size_t n, const char *path);
/* fb_str() of a NUL-terminated string. */
const char *fb_cstr(feed_builder *b, const char *s, const char *path);
/* A plain (language-neutral) TEXT of an arena string; absent for NULL or "". */
agenda_text fb_text(feed_builder *b, const char *arena_str);
/* A TEXT with n translations: tags[i] ("" for plain) and texts[i], arena strings or
 * literals; entries with a NULL or empty text are skipped. */
agenda_text fb_texts(feed_builder *b, const char *const *tags, const char *const *texts, size_t n);
/* HTML (or text with HTML entities) as plain text: tags dropped (<br>, <p>, <li> as
 * line breaks), entities decoded (named, &#NN;, &#xHH;), white space runs folded.
 * Returns an arena string (via fb_str). */
const char *fb_html_text(feed_builder *b, const char *s, size_t n, const char *path);

/* ---- Halls, tracks, people --------------------------------------------------- */

/* The hall with this key (the format's id, or its name when it has none), added when
 * new with id = key (cut to AGENDA_MAX_ID_BYTES) and name = name (or key). Returns its
 * index, or -1 for a NULL/empty key or over AGENDA_MAX_HALLS (an error, once). */
int32_t fb_hall(feed_builder *b, const char *key, agenda_text name, const char *path);
/* The same for tracks; color "#rrggbb" or "#rgb" (may be NULL; another form is
 * warned about and ignored). */
int32_t fb_track(feed_builder *b, const char *key, agenda_text name, const char *color,
                 const char *path);
/* Parses "#rrggbb" / "#rgb" into 0xRRGGBB. */
bool fb_parse_color(const char *s, uint32_t *out);
/* Room for n people (zeroed) in the arena; over AGENDA_MAX_PEOPLE: lenient keeps
 * the first ones with a warning (*n lowered), strict error and NULL. */
agenda_person *fb_people(feed_builder *b, size_t *n, const char *path);

/* ---- Sessions ------------------------------------------------------------------ */

/* A new session at document path `path`, zeroed with hall = track = -1, kind talk,
 * status scheduled; the importer fills it in before its next fb_session() call (the
 * pointer is valid until then). NULL past the session limit (one error) or out of
 * memory. Checked by fb_finish(): id (made from the path's hash when NULL, made
 * unique), title (lenient: the id when missing), start <= end, at most a week. */
agenda_session *fb_session(feed_builder *b, const char *path);

/* Room for n sessions, taken in the agenda's arena so that fb_finish() installs them
 * where they are (for importers that know their count: large feeds are read without
 * growing and copying). More sessions than reserved still work. False on out of
 * memory (reported). */
bool fb_reserve(feed_builder *b, size_t n);

/* Checks the start and end of the session fb_session() last returned now rather than
 * in fb_finish(), so that their problems come in document order among the importer's
 * own (an importer that calls this calls it for every session). `usable` false: the
 * importer could not read the times and has reported why. Returns false for such a
 * session and for one that ends before it starts or lasts more than a week (reported
 * as fb_drop() does): lenient, it leaves the list (silently when not usable); strict,
 * it stays without a time (the feed is refused anyway), so that its id is still
 * compared. The pointer stays writable until the next fb_session(). */
bool fb_check_times(feed_builder *b, bool usable);

/* ---- Zones -------------------------------------------------------------------------- */

/* Resolves a zone name as exports write it: an IANA name, a legacy name (US/Eastern,
 * Asia/Calcutta, W-SU: the tz database's backward links), or a Windows name (as
 * Outlook/Exchange write TZID: "W. Europe Standard Time"). NULL when unknown; reports
 * nothing. The agenda owns the zone. */
const tz_zone *fb_zone(feed_builder *b, const char *name);
/* A zone at a fixed offset (seconds east of UTC), named like "UTC+05:30". */
const tz_zone *fb_fixed_zone(feed_builder *b, int32_t offset);
/* The event's zone as the export names it: resolved with fb_zone(); unknown: an error
 * in strict mode; lenient: a warning, and `fallback` (a fixed zone the importer
 * chose from the export's offsets, or NULL for UTC) stands in. It becomes the venue
 * zone unless the options name one. Returns the zone used. */
const tz_zone *fb_set_event_zone(feed_builder *b, const char *name, const tz_zone *fallback,
                                 const char *path);
/* Makes z the event's zone, as fb_set_event_zone() does once it has resolved a name:
 * for a zone the importer worked out itself (from fixed offsets, a custom VTIMEZONE,
 * one it already loaded). It becomes the venue zone unless the options name one.
 * The agenda must own z already (fb_zone, fb_fixed_zone); NULL clears the event zone.
 * Can't fail. */
void fb_use_event_zone(feed_builder *b, const tz_zone *z);
/* The venue zone for times the export gives without a zone: the first zone of the
 * options (--zone, settings' zone) when given and known (resolved once per builder),
 * else the event zone set earlier, else UTC with one warning ("no time zone") and
 * agenda.zone_assumed set. The agenda owns the zone. */
const tz_zone *fb_venue_zone(feed_builder *b, const char *path);
/* Local wall time in zone z to UTC (see tz_from_local). */
bool fb_local(const tz_zone *z, int64_t y, int mo, int d, int h, int mi, int s, int64_t *out);

/* ---- Conference days (days.c) ---------------------------------------------------- */

/* The export's day change: conference days begin sod seconds after midnight in the
 * venue zone (agenda.day_change_s). At or past AGENDA_DAY_CHANGE_LIMIT: a flaw at
 * path ("ignored" lenient: calendar days). */
void fb_day_change(feed_builder *b, int32_t sod, const char *path);
/* One day of the export as it spans (frab day_start and day_end, instants). The first
 * FB_MAX_DAY_SPANS are kept; without fb_day_change() fb_finish() takes the day change
 * from them (see days.c). An end not after its start is ignored. Can't fail. */
void fb_day_span(feed_builder *b, int64_t start, int64_t end);
/* Sets c->a->day_change_s from the above once the zones are installed. Can't fail. */
void fb_install_day_change(feed_builder *b);

/* ---- Finishing -------------------------------------------------------------------- */

/* Checks every session, makes ids unique, sorts, warns about overlaps, installs
 * halls, tracks, sessions and (unless set) zones, languages (default "en") and the
 * revision (default: a hash of the bytes) into c->a. `list` names the session list
 * in messages ("events"). Returns false when an error was reported. */
bool fb_finish(feed_builder *b);

#endif
