/* frab_json.h - what the parts of the schedule.json importer share: frab_json.c reads
 * the structure (the conference, its languages, the days or the v2 event list, the
 * zone, the revision) and is the entry point; frab_json_items.c keeps the rooms and
 * tracks and resolves references to them; frab_json_event.c turns one event into one
 * session (ids, times, durations, persons, kinds).
 *
 * The events are listed first (ev_ref: where each sits in the document), because the
 * zone that local times are read in depends on the offsets of every event's date;
 * then each is read into the builder in document order.
 */
#ifndef HB_FEED_FRAB_JSON_H
#define HB_FEED_FRAB_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "build.h"
#include "importers.h"

/* ---- Rooms and tracks (frab_json_items.c) ---------------------------------------- */

/* The rooms (or tracks) found so far, in order of first appearance: the builder holds
 * them (its map knows their ids); this set also finds them by name, guid or slug. */
typedef struct {
    feed_builder *b;
    bool tracks;               /* the builder's tracks, else its halls */
    const char *noun;          /* "room" or "track": generated ids */
    fb_map by_name, by_alt;    /* by_alt: guids and slugs */
    const char **name, **guid; /* of item i (arena strings; guid may be NULL) */
    size_t cap;
    bool full;                 /* the limit was reached (reported by the builder) */
} itemset;

/* Starts an empty set of b's halls (tracks false) or tracks. Can't fail. */
void itemset_init(itemset *s, feed_builder *b, bool tracks);
/* Frees the set's scratch (the items stay in the builder). */
void itemset_free(itemset *s);
/* Adds an item named `name` (guid and slug may be NULL; all arena strings, borrowed);
 * returns its index, or -1 after reporting at `path` (limit reached: s->full, out of
 * memory). */
int32_t itemset_add(itemset *s, const char *name, const char *guid, const char *slug,
                    const char *path);
/* Reads a reference to a room or track at obj.key: a string (name, guid or slug) or an
 * object {name, guid, slug}; an item not known yet is added. *out = -1 when absent.
 * Returns false after an error. */
bool fj_parse_ref(itemset *s, const cJSON *obj, const char *key, const char *parent,
                  int32_t *out);
/* Reads conference.rooms[] (or schedule.rooms[], where some exporters put it) into
 * halls; false after an error. */
bool fj_parse_rooms(itemset *halls, const cJSON *sch, const cJSON *conf);
/* Reads conference.tracks[] ({name, color | colors{dark, light}, slug, guid}) into
 * tracks; false after an error. */
bool fj_parse_tracks(itemset *tracks, const cJSON *conf);

/* ---- The import (frab_json.c) ------------------------------------------------------- */

/* Where one event sits in the document. */
typedef struct {
    const cJSON *ev;
    const char *room;     /* classic: its key in days[].rooms; NULL in the v2 layout */
    size_t day, k;        /* classic: day index and index in the room's list; v2: k only */
    int32_t hall;         /* classic: the hall of `room` */
} ev_ref;

/* Day facts needed when an event has no `date` of its own (read once, on demand). */
typedef struct {
    bool checked, has_date, has_start;
    int64_t y;
    int m, d;
    int32_t start_sod;    /* local second of the day at which day_start falls */
} day_info;

/* The importer's state. */
typedef struct {
    feed_builder *b;
    itemset halls, tracks;
    ev_ref *refs;         /* malloc'd */
    size_t n_refs, cap_refs;
    bool v2;
    const cJSON *days;    /* classic: schedule.conference.days */
    day_info *day;        /* classic: one per element of days (malloc'd) */
    size_t n_days;
    const tz_zone *zone;  /* the conference zone, for local times (the agenda owns it) */
    bool zone_named;      /* zone comes from time_zone_name (then offsets are compared) */
    size_t off_mismatch;  /* events whose date offset differs from the zone's */
    int32_t mismatch_off;
    char mismatch_path[FEED_PATH_MAX];
} frab;

/* printf into a path buffer; a truncated result never ends inside a UTF-8 sequence. */
void fj_path_fmt(char out[FEED_PATH_MAX], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* The document path of an event. */
void fj_ref_path(char out[FEED_PATH_MAX], const ev_ref *r);
/* Reads an optional string member (borrowed from the tree); an empty string counts as
 * missing. False after an error (reported). */
bool fj_get_opt_string(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                       const char **out);
/* Reads an optional TEXT member (arena); an empty plain string counts as missing.
 * False after an error (reported). */
bool fj_get_opt_text(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                     agenda_text *out);

/* ---- One event (frab_json_event.c) ------------------------------------------------- */

/* One event -> one session of the builder. An event that cannot be placed in time is
 * dropped (with a warning); false after an error. Reads local times in f->zone. */
bool fj_parse_event(frab *f, const ev_ref *r);

#endif
