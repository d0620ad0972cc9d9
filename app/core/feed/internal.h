/* internal.h - shared by the feed module's files (app/core/feed/) only.
 *
 * The JSON tree and these helpers stay inside the feed module. Every helper that
 * reads a value reports its own problems with a precise path and returns false when
 * the value is unusable; parsing goes on so that one run reports every problem.
 *
 * Where things live: report.c (problems and paths), json.c (byte checks, the JSON
 * tree's memory), values.c (readers of JSON values), zones.c (zone loading), order.c
 * (sorting sessions and the overlap sweep), build.c and text.c (the builder, build.h),
 * native.c and one file per imported format (importers.h), feed.c (the format table
 * and feed_parse).
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
    size_t seq;        /* the document place of what is being read (feed_problem.seq) */
} feed_ctx;

/* ---- Problems and paths (report.c) ------------------------------------------ */

/* Adds a problem; printf-style message. Counts it even when the report is full. */
void feed_report_add(feed_ctx *c, feed_severity sev, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Puts the problems in document order (by seq; found order among equals). */
void feed_report_sort(feed_report *r);
/* Reports "out of memory" once per parse and marks the context. */
void feed_oom(feed_ctx *c);

/* out = parent + "." + key (or key alone when parent is ""). */
void feed_path_key(char out[FEED_PATH_MAX], const char *parent, const char *key);
/* out = parent + "[i]". */
void feed_path_index(char out[FEED_PATH_MAX], const char *parent, size_t i);

/* Bytes of a member key (a room name, an id) shown in a path; longer keys are cut at
 * a character and end in "...". */
#define FEED_PATH_KEY_MAX 48
#define FEED_PATH_QUOTED_MAX (2 * FEED_PATH_KEY_MAX + 4)
/* KEY as it is quoted in a path ("rooms[\"Saal 1\"]"): '"' and '\' escaped, cut when
 * long. Can't fail. */
void feed_path_quote(char out[FEED_PATH_QUOTED_MAX], const char *key);

/* A path written out only when a problem is reported there: a member key or an array
 * index below a parent. Readers pass these down instead of formatting a path for
 * every value they read. Lives on the caller's stack; borrows its strings. */
typedef struct feed_lpath {
    const struct feed_lpath *up; /* NULL: `key` is the whole path (a formatted parent) */
    const char *key;             /* member name; NULL for the array index below */
    size_t index;
} feed_lpath;

/* feed_report_add() at an lpath. */
void feed_report_at(feed_ctx *c, feed_severity sev, const feed_lpath *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Writes the lpath into out, exactly as feed_path_key()/feed_path_index() would have
 * built it step by step. */
void feed_lpath_format(char out[FEED_PATH_MAX], const feed_lpath *p);

/* ---- Bytes and the JSON tree (json.c) --------------------------------------- */

/* Line and column of byte offset off in s. */
void feed_line_col(const char *s, size_t off, size_t *line, size_t *col);
/* Checks the bytes (UTF-8, NUL, nesting depth) and parses them. Returns the tree, to be
 * freed with feed_json_free(), or NULL after reporting why. */
cJSON *feed_json_parse(feed_ctx *c, const char *bytes, size_t len);
/* Frees a tree from feed_json_parse() (NULL: only resets this thread's JSON memory). */
void feed_json_free(cJSON *root);

/* ---- JSON values (values.c) ------------------------------------------------ */

/* "a string", "a number", ... for messages. Returns a static string. */
const char *feed_type_name(const cJSON *v);
/* Member `key` of obj (borrowed), treating JSON null and a non-object obj as missing. */
const cJSON *feed_member(const cJSON *obj, const char *key);

/* cJSON_IsString(v) and the like, without a call into the library per value. */
static inline bool feed_json_is(const cJSON *v, int type)
{
    return v && (v->type & 0xFF) == type;
}

/* strcmp(a, b) == 0 for the short strings compared most (keys, tags, ids), inline. */
static inline bool feed_str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* True for a language tag as the feeds write them ("en", "zh-Hans"). */
bool feed_tag_ok(const char *t);

/* Copies a JSON string into the arena after checking its length against the
 * string limit. Reports at `path` and returns NULL on failure. */
const char *feed_copy_string(feed_ctx *c, const cJSON *v, const char *path);

/* Checks that v is an object without duplicate keys and reads the members named
 * keys[0..nk) (nk <= 32) in one pass: m[k] = the first member named keys[k], NULL when
 * absent or null. Reports at `at` and returns false otherwise. */
bool feed_scan_object(feed_ctx *c, const cJSON *v, const feed_lpath *at,
                      const char *const *keys, size_t nk, const cJSON **m);
/* Reports a duplicate key of object v at `at`; false if there is one. */
bool feed_no_duplicate_key(feed_ctx *c, const cJSON *v, const feed_lpath *at);
/* Reads string v (NULL: missing) at `at` into the arena. Missing: an error if required
 * (returns false), else *out = NULL and true. Wrong type or too long: an error, false. */
bool feed_read_string(feed_ctx *c, const cJSON *v, const feed_lpath *at, bool required,
                      const char **out);
/* feed_read_string() of an optional string only looked up, never kept: *out borrows
 * the JSON tree's bytes. */
bool feed_read_ref(feed_ctx *c, const cJSON *v, const feed_lpath *at, const char **out);
/* Reads TEXT v (a string or {tag: string}) at `at`; warns for each event language the
 * object lacks. Missing: an error if required. */
bool feed_read_text(feed_ctx *c, const cJSON *v, const feed_lpath *at, bool required,
                    agenda_text *out);
/* Reads an RFC 3339 time v at `at`. Missing: error if required; *present (may be NULL)
 * tells whether v was there. */
bool feed_read_time(feed_ctx *c, const cJSON *v, const feed_lpath *at, bool required,
                    int64_t *out, bool *present);
/* Reads array v (NULL: missing) at `at` with at most `max` entries (*count of them).
 * Reports a wrong type or size and clears *ok; NULL then and when missing. */
const cJSON *feed_read_array(feed_ctx *c, const cJSON *v, const feed_lpath *at,
                             bool required, size_t max, bool *ok, size_t *count);

/* feed_read_string() of member `key` of obj, the path given as parent + key. */
bool feed_get_string(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                     bool required, const char **out);
/* feed_read_text() of member `key` of obj. */
bool feed_get_text(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, agenda_text *out);
/* feed_read_time() of member `key` of obj. */
bool feed_get_time(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, int64_t *out, bool *present);

/* A plain (language-neutral) TEXT of an arena string; absent for NULL. */
agenda_text feed_plain_text(feed_ctx *c, const char *s);

/* ---- Zones (zones.c) -------------------------------------------------------- */

/* Resolves a zone name as feeds and exports write it (IANA, the tz database's backward
 * links, Windows names) through the options' loader; the agenda owns the zone. NULL
 * when unknown; reports nothing. */
const tz_zone *feed_resolve_zone(feed_ctx *c, const char *name);

/* Fills a->zones: the override from the options if any, else the `n` zones given
 * (names[i], labels[i] may be absent). Returns false after reporting a problem. */
bool feed_set_zones(feed_ctx *c, const char *const *names, const agenda_text *labels, size_t n,
                    const char *path);

/* Default label of a zone: the part after the last '/', '_' shown as space. */
agenda_text feed_zone_default_label(feed_ctx *c, const char *name);

/* ---- Sessions into the agenda (order.c) --------------------------------------- */

/* The path of the session at document index i, written into out. */
typedef void (*feed_path_fn)(void *ctx, size_t i, char out[FEED_PATH_MAX]);

/* Sorts `sessions` (in document order; moved in place) into the agenda (agenda_index)
 * and warns about scheduled sessions that overlap in one hall, naming both by
 * path_of. Returns false on out of memory. */
bool feed_finish_sessions_at(feed_ctx *c, agenda_session *sessions, size_t n,
                             feed_path_fn path_of, void *ctx);

#endif
