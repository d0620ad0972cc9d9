/* internal.h - shared by the feed module's files (app/core/feed/) only.
 *
 * The JSON tree and these helpers stay inside the feed module. Every helper that
 * reads a value reports its own problems with a precise path and returns false when
 * the value is unusable; parsing goes on so that one run reports every problem.
 */
#ifndef HB_FEED_INTERNAL_H
#define HB_FEED_INTERNAL_H

#include <cjson/cJSON.h>

#include "feed.h"

typedef struct {
    const feed_options *opt;
    feed_report *rep;
    agenda_arena *ar;
    agenda *a;
    bool oom;
    const char *bytes; /* the whole feed (borrowed) */
    size_t len;
} feed_ctx;

/* Adds a problem; printf-style message. Counts it even when the report is full. */
/* Reports "out of memory" once per parse and marks the context. */
void feed_oom(feed_ctx *c);
/* "a string", "a number", ... for messages. Returns a static string. */
const char *feed_type_name(const cJSON *v);
/* Member `key` of obj (borrowed), treating JSON null and a non-object obj as missing. */
const cJSON *feed_member(const cJSON *obj, const char *key);

void feed_report_add(feed_ctx *c, feed_severity sev, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* out = parent + "." + key (or key alone when parent is ""). */
void feed_path_key(char out[FEED_PATH_MAX], const char *parent, const char *key);
/* out = parent + "[i]". */
void feed_path_index(char out[FEED_PATH_MAX], const char *parent, size_t i);

/* Copies a JSON string into the arena after checking its length against the
 * string limit. Reports at `path` and returns NULL on failure. */
const char *feed_copy_string(feed_ctx *c, const cJSON *v, const char *path);

/* Reads member `key` of obj as a string. Missing: an error if required (returns false),
 * else *out = NULL and true. Wrong type or too long: an error, false. */
bool feed_get_string(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                     bool required, const char **out);

/* Reads member `key` as TEXT (string or {tag: string}). Missing: error if required.
 * Warns for each event language the object lacks when the event languages are known. */
bool feed_get_text(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, agenda_text *out);

/* Makes a plain (language-neutral) TEXT of an arena string. */
agenda_text feed_plain_text(feed_ctx *c, const char *s);

/* Reads member `key` as an RFC 3339 time. Missing: error if required (*present=false). */
bool feed_get_time(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, int64_t *out, bool *present);

/* Loads zone `name` through the options' loader; the agenda owns it. Reports an
 * unknown zone at `path`. Returns NULL on failure. */
const tz_zone *feed_load_zone(feed_ctx *c, const char *name, const char *path);

/* Fills a->zones: the override from the options if any, else the `n` zones given
 * (names[i], labels[i] may be absent). Returns false after reporting a problem. */
bool feed_set_zones(feed_ctx *c, const char *const *names, const agenda_text *labels, size_t n,
                    const char *path);

/* Default label of a zone: the part after the last '/', '_' shown as space. */
agenda_text feed_zone_default_label(feed_ctx *c, const char *name);

/* Checks ids of `n` items (ids[i], item path prefix `list`) for duplicates; reports
 * each duplicate. Returns false if any. */
bool feed_check_unique_ids(feed_ctx *c, const char *const *ids, size_t n, const char *list);

/* Id -> index map for resolving references: a hash table (open addressing) over
 * borrowed ids. Of equal ids the first one wins. */
typedef struct {
    const char **ids; /* mask + 1 slots, NULL when empty; no table when NULL */
    int32_t *idx;     /* index of the id in each slot */
    size_t mask;
} feed_idmap;
bool feed_idmap_build(feed_ctx *c, feed_idmap *m, const char *const *ids, size_t n);
int32_t feed_idmap_find(const feed_idmap *m, const char *id);
void feed_idmap_free(feed_idmap *m);

/* The path of the session at document index i, written into out. */
typedef void (*feed_path_fn)(void *ctx, size_t i, char out[FEED_PATH_MAX]);

/* Warns about scheduled sessions that overlap in one hall. `order[i]` is the document
 * index of sorted session i; `list` the path prefix ("sessions", "events"). */
void feed_warn_overlaps(feed_ctx *c, const agenda_session *s, const size_t *order, size_t n,
                        size_t n_halls, feed_path_fn path_of, void *ctx);

/* Sorts `sessions` into the agenda (agenda_index) and warns about overlaps.
 * Returns false on out of memory. */
bool feed_finish_sessions(feed_ctx *c, agenda_session *sessions, size_t n, const char *list);

/* feed_finish_sessions() with each session's path given by path_of. */
bool feed_finish_sessions_at(feed_ctx *c, agenda_session *sessions, size_t n,
                             feed_path_fn path_of, void *ctx);


#endif
