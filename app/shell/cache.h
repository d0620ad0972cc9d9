/* cache.h - the last good feed on disk, safe against power cuts (shell side).
 *
 * One file, CACHE_FILE in the cache directory, holds the metadata (one JSON line) and
 * the feed bytes after it, so both change together in one atomic rename: the file is
 * written to a temporary file in the same directory, fsync'd, renamed over the old
 * one, and the directory fsync'd. A reader therefore sees the old or the new complete
 * file, never a mix, whatever moment the power goes. It is written only when the feed
 * bytes changed (SD cards wear): a 304 or an identical body writes nothing.
 */
#ifndef HB_CACHE_H
#define HB_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CACHE_FILE "feed.cache"
/* Longest URL, ETag, Last-Modified and revision kept (longer ones are not cached). */
#define CACHE_FIELD_MAX 2048
/* Largest feed stored (the fetch cap). */
#define CACHE_MAX_FEED (16u * 1024u * 1024u)

typedef struct {
    char url[CACHE_FIELD_MAX];           /* where the feed came from ("" if unknown) */
    char etag[CACHE_FIELD_MAX];          /* ETag of that response, "" if none */
    char last_modified[CACHE_FIELD_MAX]; /* Last-Modified of that response, "" if none */
    char revision[CACHE_FIELD_MAX];      /* the feed's revision */
    int64_t fetched_at;                  /* unix seconds the body arrived, 0 if unknown */
} cache_meta;

/* Loads the cached feed of dir. On success returns 0 with a malloc'd buffer (caller
 * frees; NUL-terminated) and its length, and fills meta. Returns -1 with a one-line
 * reason in err when there is no cache or it is unreadable or damaged. */
int cache_load(const char *dir, cache_meta *meta, char **feed, size_t *len, char *err,
               size_t errcap);

/* Stores feed bytes with meta, atomically, creating dir if needed. When the cached
 * bytes are already identical nothing is written and *written is false (written may
 * be NULL). Returns 0, or -1 with the reason in err (the old cache is then intact). */
int cache_store(const char *dir, const cache_meta *meta, const char *feed, size_t len,
                bool *written, char *err, size_t errcap);

#endif
