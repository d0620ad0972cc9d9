/* liveops.h - the board's live operations, as the render loop keeps them: the override
 * documents in force (one per scope: "" for the whole event, a hall id for a hall's),
 * the agenda they make of the one shown, what was refused, kept across restarts.
 *
 * Documents arrive from three channels (the control endpoint, the fleet broker, an
 * overrides URL), each passing trust_accept (trust.h) and override_parse on its own
 * thread first; the loop hands the parsed document here (liveops_take), which keeps it
 * atomically in the cache directory (cache.h's format, one folder per scope) and marks
 * the shown agenda for applying again. Refusals are noted from any thread. Everything
 * else runs on the render loop's thread.
 */
#ifndef HB_LIVEOPS_H
#define HB_LIVEOPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "agenda.h"
#include "override.h"

#define LIVEOPS_MAX_REFUSED 8     /* refusals kept for /status (the latest) */
#define LIVEOPS_DIR_PREFIX "overrides" /* cache folders: overrides, overrides.hall.HEX */

typedef struct liveops liveops;

/* Which way a document or refusal came. */
typedef enum { LIVEOPS_ENDPOINT, LIVEOPS_FLEET, LIVEOPS_URL, LIVEOPS_CACHE } liveops_channel;
const char *liveops_channel_name(liveops_channel c);

/* A new, empty set for a board of hall board_hall (-1: every hall) keeping documents
 * under cache_dir (NULL: not kept). Loads the documents kept there by an earlier run
 * (a damaged one is skipped with a line on err). NULL on out of memory. */
liveops *liveops_create(const char *cache_dir, int32_t board_hall, FILE *err);

/* Frees everything, the applied agenda included. NULL is a no-op. */
void liveops_free(liveops *l);

/* Takes a parsed document for scope (ownership of doc and raw, malloc'd, passes here,
 * also on failure) arriving at now through channel: it replaces the scope's document
 * (an empty document clears the scope) and is kept in the cache. Writes one line about
 * it to err. Returns false only when more than OVERRIDE_MAX_DOCS scopes would be held
 * (refused, noted). */
bool liveops_take(liveops *l, const char *scope, override_doc *doc, char *raw, size_t len,
                  liveops_channel ch, int64_t now, FILE *err);

/* The raw document in force for scope (malloc'd copy, *len set), or NULL when none. Any
 * thread. */
char *liveops_raw(liveops *l, const char *scope, size_t *len);

/* Notes a refusal (any thread): logged to err once per distinct reason, kept for
 * /status. */
void liveops_refused(liveops *l, liveops_channel ch, const char *what, const char *why,
                     int64_t now, FILE *err);

/* The agenda to show at now: base with the documents applied (owned by l, valid until
 * the next call, liveops_forget or liveops_free), or base itself when no document is
 * held. Applies again only when the documents changed, an expiry passed or after
 * liveops_forget; *rebuilt (may be NULL) says whether it did. Logs dropped entries once
 * per document. Never NULL for a non-NULL base (out of memory: base). */
const agenda *liveops_agenda(liveops *l, const agenda *base, int64_t now, FILE *err,
                             bool *rebuilt);

/* The agenda the documents were applied to is about to be freed: drops what was made
 * of it (call before freeing it). NULL is a no-op. */
void liveops_forget(liveops *l);

/* The next instant after now when the applied agenda changes by itself (an expiry), or
 * INT64_MAX. */
int64_t liveops_next_change(liveops *l, const agenda *base, int64_t now);

/* Adds the /status members "overrides" (what is applied: documents by scope with their
 * channel and arrival, entries applied / expired / dropped, warnings) and "refused"
 * (the latest refusals: at, channel, what, why) to the JSON object doc. l NULL: empty
 * ones. Any thread. */
struct cJSON;
void liveops_status_add(liveops *l, struct cJSON *doc);

#endif
