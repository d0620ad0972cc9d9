/* cache.h - the last good feed on disk, safe against power cuts (shell side).
 *
 * One file, CACHE_FILE in the cache directory, holds the metadata (one JSON line) and
 * the feed bytes after it, so both change together in one atomic rename: the file is
 * written to a temporary file in the same directory, fsync'd, renamed over the old
 * one, and the directory fsync'd. A reader therefore sees the old or the new complete
 * file, never a mix, whatever moment the power goes. It is written only when the feed
 * bytes changed (SD cards wear): a 304 or an identical body writes nothing.
 *
 * File format: one line of JSON metadata, '\n', then the feed bytes exactly:
 *
 *   {"format":"hallboard-feed-cache/2","fnv1a64":"16 lower-case hex digits","length":N,
 *    "url":"...","etag":"...","last_modified":"...","revision":"...","fetched_at":N}
 *
 * (on one line, the first two members in that order, as cJSON prints them unformatted).
 * "length" is the number of feed bytes; "fnv1a64" is the FNV-1a 64-bit hash of every
 * byte of the file except its own 16 digits: the metadata line, its '\n' and the feed
 * bytes. A truncated or damaged file, metadata included, is detected and refused,
 * never half used. A cache of format hallboard-feed-cache/1 (whose checksum covered
 * the feed bytes only) is refused as not usable; the next fetch replaces it. Temporary
 * files are named CACHE_TEMP_PREFIX + 6 characters (mkstemp); a store
 * removes those a killed writer left behind once they are older than
 * CACHE_STALE_TEMP_S, and is never confused by them.
 *
 * One writer per cache directory at a time (the fetch worker); readers may run at
 * any time. No global state: stores into different directories may run in parallel.
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
/* Longest metadata line (the four fields JSON-escaped at worst fit). */
#define CACHE_META_MAX (64u * 1024u)
/* The format marker of the metadata line. */
#define CACHE_FORMAT "hallboard-feed-cache/2"
/* A "fetched_at" more than this many seconds ahead of the loader's now is refused as
 * damaged (the clocks of a board and of the one that wrote may differ a little). */
#define CACHE_FUTURE_MAX_S (24 * 60 * 60)
/* Name prefix of the temporary files in the cache directory. */
#define CACHE_TEMP_PREFIX ".feed.cache."
/* Age (seconds) after which a leftover temporary file is removed by cache_store. */
#define CACHE_STALE_TEMP_S 60

typedef struct {
    char url[CACHE_FIELD_MAX];           /* where the feed came from ("" if unknown) */
    char etag[CACHE_FIELD_MAX];          /* ETag of that response, "" if none */
    char last_modified[CACHE_FIELD_MAX]; /* Last-Modified of that response, "" if none */
    char revision[CACHE_FIELD_MAX];      /* the feed's revision */
    int64_t fetched_at;                  /* unix seconds the body arrived, 0 if unknown */
} cache_meta;

/* Loads the cached feed of dir, as it stood at now (unix seconds; <= 0 when unknown).
 * On success returns 0 with a malloc'd buffer (caller frees; NUL-terminated) and its
 * length, and fills meta (meta may be NULL). Returns -1 with a one-line reason in err
 * when there is no cache or it is unreadable (not a regular file: never waited on),
 * damaged (wrong marker, length or checksum, truncated, a field longer than
 * CACHE_FIELD_MAX - 1 bytes, a "fetched_at" more than CACHE_FUTURE_MAX_S ahead of now
 * when now is known) or of an older format; *feed is then NULL and *len 0. err may be
 * NULL (no reason written). */
int cache_load_at(const char *dir, int64_t now, cache_meta *meta, char **feed, size_t *len,
                  char *err, size_t errcap);

/* cache_load_at with now read from the system clock, taken as unknown while it reads
 * earlier than the build of the binary (a board without a real-time clock before its
 * first time sync: its caches are not refused for being "from the future"). */
int cache_load(const char *dir, cache_meta *meta, char **feed, size_t *len, char *err,
               size_t errcap);

/* Stores feed bytes with meta (meta may be NULL: empty fields), atomically, creating
 * dir if needed (mode 0755, one level: its parent must exist). The bytes are borrowed
 * (feed may be NULL when len is 0). When the cached bytes are already identical
 * nothing is written, not even newer metadata, and *written is false (written may be
 * NULL); a cache that does not load (damaged, older format, from the future by the
 * system clock) is replaced even by the same bytes. Refused (-1): len > CACHE_MAX_FEED,
 * a field with no NUL within CACHE_FIELD_MAX bytes (never truncated). Returns 0, or -1
 * with the reason in err, which ends with "(the old cache is intact)" when there was a
 * cache, "(there was no cache yet)" when there was none; whatever was there is then
 * untouched and the temporary file removed, except in one case: the new file was
 * renamed into place (*written true) but the directory's fsync failed, so the new cache
 * may not survive a power cut. */
int cache_store(const char *dir, const cache_meta *meta, const char *feed, size_t len,
                bool *written, char *err, size_t errcap);

#endif
