/* cache.c - the last good feed on disk: one file, metadata line + feed bytes, replaced
 * by an atomic rename (see cache.h for the file format and the guarantees).
 *
 * Layout: the checksum; the reader (the file read whole through rfile_read, then its
 * metadata line checked: marker, length, the checksum over all of the file but its own
 * digits, then the fields); loading; the writer (directory, stale temporary files, the
 * sealed metadata line, the atomic store).
 */
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "afile.h"
#include "hash.h"
#include "rfile.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

#ifndef HB_BUILD_TIME
#define HB_BUILD_TIME 0
#endif

/* The format this module read before the checksum covered the metadata line. */
#define CACHE_FORMAT_V1 "hallboard-feed-cache/1"
/* How every metadata line begins; the checksum's 16 digits follow at CHECKSUM_AT. */
#define CACHE_HEAD "{\"format\":\"" CACHE_FORMAT "\",\"fnv1a64\":\""
#define CHECKSUM_AT (sizeof(CACHE_HEAD) - 1)

/* The metadata fields, in file order, with their place in cache_meta. */
static const struct {
    const char *key;
    size_t off;
} FIELDS[] = {
    {"url", offsetof(cache_meta, url)},
    {"etag", offsetof(cache_meta, etag)},
    {"last_modified", offsetof(cache_meta, last_modified)},
    {"revision", offsetof(cache_meta, revision)},
};
#define N_FIELDS (sizeof(FIELDS) / sizeof(FIELDS[0]))

/* Largest fetched_at accepted: integers a JSON double holds exactly (2^53). */
#define FETCHED_AT_MAX 9007199254740992.0

static void fail(char *err, size_t errcap, const char *fmt, ...)
{
    if (!err || errcap == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errcap, fmt, ap);
    va_end(ap);
}

/* The checksum of a cache file: FNV-1a 64 of every byte of it but the 16 hex digits of
 * the checksum itself (at CHECKSUM_AT), so the metadata line is covered with the feed
 * bytes. file holds at least CHECKSUM_AT + 16 bytes. */
static uint64_t file_sum(const char *file, size_t size)
{
    uint64_t h = hash_bytes(HASH_INIT, file, CHECKSUM_AT);
    return hash_bytes(h, file + CHECKSUM_AT + 16, size - CHECKSUM_AT - 16);
}

static bool join(char *out, const char *dir, const char *name, char *err, size_t errcap)
{
    int n = snprintf(out, PATH_MAX, "%s/%s", dir, name);
    if (n < 0 || n >= PATH_MAX) {
        fail(err, errcap, "cache directory path is too long (%zu bytes)", strlen(dir));
        return false;
    }
    return true;
}

/* A cache file read whole (through rfile_read) whose metadata line has been checked
 * against the file's size and checksum. */
typedef struct {
    const char *path;
    char *file;          /* the whole file (malloc'd, NUL-terminated) */
    size_t size;         /* its length */
    size_t meta_len;     /* bytes of the metadata line, before its '\n' */
    size_t body_len;     /* the length the metadata states, = the file's body length */
    cJSON *meta;         /* the parsed metadata line */
} reader;

static void reader_close(reader *r)
{
    free(r->file);
    cJSON_Delete(r->meta);
    r->file = NULL;
    r->meta = NULL;
}

/* True when s is the 16 lower-case hex digits of a checksum, as written. */
static bool is_hex16(const char *s)
{
    size_t i;
    for (i = 0; s[i]; i++)
        if (i >= 16 || !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
            return false;
    return i == 16;
}

/* Reads path whole and finds its metadata line (r->file, r->size, r->meta_len).
 * Returns 0, or -1 with a reason. */
static int reader_read(reader *r, const char *path, char *err, size_t errcap)
{
    memset(r, 0, sizeof(*r));
    r->path = path;
    char why[PATH_MAX + 128];
    int rc = rfile_read(path, CACHE_META_MAX + 1 + CACHE_MAX_FEED, &r->file, &r->size, why,
                        sizeof(why));
    if (rc == -ENOENT)
        fail(err, errcap, "no cache: %s does not exist", path);
    else if (rc == -EFBIG)
        fail(err, errcap, "%s, larger than any cache file (damaged cache)", why);
    else if (rc != 0)
        fail(err, errcap, "%s", why);
    else if (r->size == 0)
        fail(err, errcap, "%s is empty (damaged cache)", path);
    if (rc != 0 || r->size == 0)
        return -1;
    size_t head = r->size < CACHE_META_MAX + 1 ? r->size : CACHE_META_MAX + 1;
    const char *nl = memchr(r->file, '\n', head);
    if (!nl) {
        if (r->size > CACHE_META_MAX)
            fail(err, errcap, "%s: metadata line longer than %u bytes (damaged cache)", path,
                 CACHE_META_MAX);
        else
            fail(err, errcap, "%s: metadata line is incomplete (truncated cache)", path);
        return -1;
    }
    r->meta_len = (size_t)(nl - r->file);
    return 0;
}

/* Checks the format marker and the stated length of the parsed metadata line. Returns
 * 0, or -1 with a reason. */
static int reader_marker(reader *r, char *err, size_t errcap)
{
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(r->meta, "format");
    if (cJSON_IsString(fmt) && strcmp(fmt->valuestring, CACHE_FORMAT_V1) == 0) {
        fail(err, errcap, "%s: a cache of an older version (format \"%s\", whose checksum "
             "does not cover the metadata): not used", r->path, CACHE_FORMAT_V1);
        return -1;
    }
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, CACHE_FORMAT) != 0) {
        fail(err, errcap, "%s: not a Hallboard feed cache (format marker missing or not \"%s\")",
             r->path, CACHE_FORMAT);
        return -1;
    }
    const cJSON *len = cJSON_GetObjectItemCaseSensitive(r->meta, "length");
    if (!cJSON_IsNumber(len) || !(len->valuedouble >= 0) ||
        len->valuedouble > (double)CACHE_MAX_FEED ||
        len->valuedouble != (double)(uint64_t)len->valuedouble) {
        fail(err, errcap, "%s: metadata \"length\" is missing or not 0..%u (damaged cache)",
             r->path, CACHE_MAX_FEED);
        return -1;
    }
    r->body_len = (size_t)len->valuedouble;
    return 0;
}

/* Reads path and checks its metadata line against the file's size and checksum.
 * Returns 0, or -1 with a reason (the reader is then closed). */
static int reader_open(reader *r, const char *path, char *err, size_t errcap)
{
    if (reader_read(r, path, err, errcap) != 0)
        goto bad;
    r->meta = cJSON_ParseWithLength(r->file, r->meta_len);
    if (!cJSON_IsObject(r->meta)) {
        fail(err, errcap, "%s: metadata line is not a JSON object (damaged cache)", path);
        goto bad;
    }
    if (reader_marker(r, err, errcap) != 0)
        goto bad;
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(r->meta, "fnv1a64");
    if (!cJSON_IsString(sum) || !is_hex16(sum->valuestring)) {
        fail(err, errcap, "%s: metadata \"fnv1a64\" is missing or not 16 lower-case hex "
             "digits (damaged cache)", path);
        goto bad;
    }
    /* The checksum has its place: right after the marker, as written. */
    if (r->meta_len < CHECKSUM_AT + 16 || memcmp(r->file, CACHE_HEAD, CHECKSUM_AT) != 0 ||
        memcmp(r->file + CHECKSUM_AT, sum->valuestring, 16) != 0) {
        fail(err, errcap, "%s: metadata line not laid out as written (damaged cache)", path);
        goto bad;
    }
    size_t body = r->size - r->meta_len - 1;
    if (body < r->body_len) {
        fail(err, errcap, "%s: truncated: %zu of %zu feed bytes present", path, body,
             r->body_len);
        goto bad;
    }
    if (body > r->body_len) {
        fail(err, errcap, "%s: %zu feed bytes where the metadata says %zu (damaged cache)",
             path, body, r->body_len);
        goto bad;
    }
    char hex[17];
    snprintf(hex, sizeof(hex), "%016" PRIx64, file_sum(r->file, r->size));
    if (strcmp(hex, sum->valuestring) != 0) {
        fail(err, errcap, "%s: checksum mismatch: the metadata or the feed bytes are damaged",
             path);
        goto bad;
    }
    return 0;
bad:
    reader_close(r);
    return -1;
}

/* The feed bytes of an open reader. */
static const char *reader_body(const reader *r)
{
    return r->file + r->meta_len + 1;
}

/* Copies the metadata fields into meta and checks fetched_at against now (unix
 * seconds; <= 0: no check). Returns 0 or -1 with a reason. */
static int reader_meta(const reader *r, int64_t now, cache_meta *meta, char *err,
                       size_t errcap)
{
    for (size_t i = 0; i < N_FIELDS; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(r->meta, FIELDS[i].key);
        if (!cJSON_IsString(v)) {
            fail(err, errcap, "%s: metadata \"%s\" is missing or not a string (damaged cache)",
                 r->path, FIELDS[i].key);
            return -1;
        }
        size_t n = strlen(v->valuestring);
        if (n >= CACHE_FIELD_MAX) {
            fail(err, errcap, "%s: metadata \"%s\" is %zu bytes, longer than %d (damaged cache)",
                 r->path, FIELDS[i].key, n, CACHE_FIELD_MAX - 1);
            return -1;
        }
        memcpy((char *)meta + FIELDS[i].off, v->valuestring, n + 1);
    }
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(r->meta, "fetched_at");
    if (!cJSON_IsNumber(at) || !(at->valuedouble >= -FETCHED_AT_MAX) ||
        !(at->valuedouble <= FETCHED_AT_MAX) ||
        at->valuedouble != (double)(int64_t)at->valuedouble) {
        fail(err, errcap, "%s: metadata \"fetched_at\" is missing or not an integer "
             "(damaged cache)", r->path);
        return -1;
    }
    meta->fetched_at = (int64_t)at->valuedouble;
    if (now > 0 && meta->fetched_at > now + CACHE_FUTURE_MAX_S) {
        fail(err, errcap, "%s: metadata \"fetched_at\" %" PRId64 " is %" PRId64 " s ahead of "
             "now (%" PRId64 "): not a time it was fetched (damaged cache)", r->path,
             meta->fetched_at, meta->fetched_at - now, now);
        return -1;
    }
    return 0;
}

/* Reads and checks the cache file at path, metadata included (meta filled). Returns 0
 * with the reader open, or -1 with a reason (the reader closed). */
static int reader_load(reader *r, const char *path, int64_t now, cache_meta *meta, char *err,
                       size_t errcap)
{
    if (reader_open(r, path, err, errcap) != 0)
        return -1;
    memset(meta, 0, sizeof(*meta));
    if (reader_meta(r, now, meta, err, errcap) != 0) {
        reader_close(r);
        return -1;
    }
    return 0;
}

/* The system clock, or 0 (unknown) while it reads earlier than the build of this
 * binary: a board without a real-time clock before its first time sync. */
static int64_t wall_now(void)
{
    int64_t now = (int64_t)time(NULL);
    return now >= (int64_t)HB_BUILD_TIME && now > 0 ? now : 0;
}

int cache_load_at(const char *dir, int64_t now, cache_meta *meta, char **feed, size_t *len,
                  char *err, size_t errcap)
{
    *feed = NULL;
    *len = 0;
    char path[PATH_MAX];
    if (!dir || !*dir) {
        fail(err, errcap, "no cache directory given");
        return -1;
    }
    if (!join(path, dir, CACHE_FILE, err, errcap))
        return -1;
    cache_meta *m = malloc(sizeof(*m));
    if (!m) {
        fail(err, errcap, "out of memory reading %s", path);
        return -1;
    }
    reader r;
    if (reader_load(&r, path, now, m, err, errcap) != 0) {
        free(m);
        return -1;
    }
    /* The feed bytes move to the front of the file's buffer, which becomes the
     * caller's (its NUL is already there, after the last byte). */
    memmove(r.file, reader_body(&r), r.body_len + 1);
    *feed = r.file;
    *len = r.body_len;
    r.file = NULL;
    if (meta)
        *meta = *m;
    free(m);
    reader_close(&r);
    return 0;
}

int cache_load(const char *dir, cache_meta *meta, char **feed, size_t *len, char *err,
               size_t errcap)
{
    return cache_load_at(dir, wall_now(), meta, feed, len, err, errcap);
}

/* What the cache file at path holds, compared with bytes about to be stored. */
typedef enum {
    OLD_NONE,    /* no file there */
    OLD_UNUSABLE, /* a file that does not load (damaged, older format...) */
    OLD_OTHER,   /* a sound cache of other bytes */
    OLD_SAME     /* a sound cache of exactly these bytes */
} old_cache;

static old_cache compare_old(const char *path, const char *feed, size_t len)
{
    reader r;
    cache_meta *m = malloc(sizeof(*m));
    if (!m)
        return OLD_UNUSABLE;
    int rc = reader_load(&r, path, wall_now(), m, NULL, 0);
    free(m);
    if (rc != 0) {
        struct stat st;
        return lstat(path, &st) != 0 && errno == ENOENT ? OLD_NONE : OLD_UNUSABLE;
    }
    bool same = r.body_len == len && memcmp(reader_body(&r), feed, len) == 0;
    reader_close(&r);
    return same ? OLD_SAME : OLD_OTHER;
}

/* Makes dir (one level) unless it exists. Returns 0 or -1 with a reason. */
static int ensure_dir(const char *dir, char *err, size_t errcap)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return 0;
        fail(err, errcap, "cache directory %s exists and is not a directory", dir);
        return -1;
    }
    if (errno != ENOENT) {
        fail(err, errcap, "cannot use cache directory %s: %s", dir, strerror(errno));
        return -1;
    }
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        fail(err, errcap, "cannot create cache directory %s: %s", dir, strerror(errno));
        return -1;
    }
    /* Make the new entry durable in the parent, or a power cut could lose the
     * directory with the cache in it. */
    if (afile_sync_parent(dir) != 0) {
        fail(err, errcap, "cannot sync the folder holding %s after creating it: %s", dir,
             strerror(errno));
        return -1;
    }
    return 0;
}

/* Removes temporary files that writers killed mid-store left behind, once they are
 * older than CACHE_STALE_TEMP_S (a younger one may belong to a store in progress).
 * Best effort: errors are ignored. */
static void sweep_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    time_t now = time(NULL);
    size_t plen = strlen(CACHE_TEMP_PREFIX);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, CACHE_TEMP_PREFIX, plen) != 0 || strlen(e->d_name) != plen + 6)
            continue;
        struct stat st;
        if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (now - st.st_mtime > CACHE_STALE_TEMP_S)
            unlinkat(dirfd(d), e->d_name, 0);
    }
    closedir(d);
}

/* The metadata line (malloc'd, without '\n') of feed[0..len) with meta, its checksum
 * sealed in, or NULL with a reason. */
static char *meta_line(const cache_meta *meta, const char *feed, size_t len, char *err,
                       size_t errcap)
{
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "format", CACHE_FORMAT) &&
              cJSON_AddStringToObject(o, "fnv1a64", "0000000000000000") &&
              cJSON_AddNumberToObject(o, "length", (double)len);
    for (size_t i = 0; ok && i < N_FIELDS; i++)
        ok = cJSON_AddStringToObject(o, FIELDS[i].key,
                                     meta ? (const char *)meta + FIELDS[i].off : "") != NULL;
    ok = ok && cJSON_AddNumberToObject(o, "fetched_at", meta ? (double)meta->fetched_at : 0);
    char *line = ok ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!line) {
        fail(err, errcap, "out of memory writing the cache metadata");
        return NULL;
    }
    /* cJSON escapes control characters, so the line holds no '\n'; check anyway. */
    size_t ll = strlen(line);
    if (strchr(line, '\n') || ll > CACHE_META_MAX || ll < CHECKSUM_AT + 16 ||
        memcmp(line, CACHE_HEAD, CHECKSUM_AT) != 0) {
        fail(err, errcap, "cache metadata does not fit one line of %u bytes", CACHE_META_MAX);
        free(line);
        return NULL;
    }
    /* The file's checksum: the line but its 16 digits, the '\n', the feed bytes. */
    uint64_t h = hash_bytes(HASH_INIT, line, CHECKSUM_AT);
    h = hash_bytes(h, line + CHECKSUM_AT + 16, ll - CHECKSUM_AT - 16);
    h = hash_bytes(h, "\n", 1);
    h = hash_bytes(h, feed, len);
    char hex[17];
    snprintf(hex, sizeof(hex), "%016" PRIx64, h);
    memcpy(line + CHECKSUM_AT, hex, 16);
    return line;
}

/* Checks what cache_store is given. Returns 0, or -1 with a reason. */
static int store_args_ok(const char *dir, const cache_meta *meta, const char *feed, size_t len,
                         char *err, size_t errcap)
{
    if (!dir || !*dir) {
        fail(err, errcap, "no cache directory given");
        return -1;
    }
    if (len > CACHE_MAX_FEED) {
        fail(err, errcap, "feed of %zu bytes is larger than the cache limit of %u", len,
             CACHE_MAX_FEED);
        return -1;
    }
    if (!feed && len > 0) {
        fail(err, errcap, "no feed bytes given");
        return -1;
    }
    if (!meta)
        return 0;
    for (size_t i = 0; i < N_FIELDS; i++) {
        if (strnlen((const char *)meta + FIELDS[i].off, CACHE_FIELD_MAX) >= CACHE_FIELD_MAX) {
            fail(err, errcap, "cache metadata \"%s\" is longer than %d bytes", FIELDS[i].key,
                 CACHE_FIELD_MAX - 1);
            return -1;
        }
    }
    if (meta->fetched_at < -(int64_t)FETCHED_AT_MAX ||
        meta->fetched_at > (int64_t)FETCHED_AT_MAX) {
        fail(err, errcap, "cache metadata \"fetched_at\" %" PRId64 " is out of range",
             meta->fetched_at);
        return -1;
    }
    return 0;
}

/* What a failed store left in place, for its message. */
static const char *old_note(old_cache old)
{
    return old == OLD_NONE       ? "there was no cache yet"
           : old == OLD_UNUSABLE ? "the old cache file, not usable, is untouched"
                                 : "the old cache is intact";
}

/* Writes line + '\n' + feed to a temporary file in dir (tmp: its mkstemp template) and
 * renames it to path. Returns 0, 1 when renamed but the directory's fsync failed, or
 * -1; with a reason. */
static int write_and_rename(const char *dir, const char *path, char *tmp, const char *line,
                            const char *feed, size_t len, old_cache old, char *err,
                            size_t errcap)
{
    afile_part parts[] = {{line, strlen(line)}, {"\n", 1}, {feed, len}};
    const char *step = NULL;
    int rc = afile_replace(path, tmp, 0644, 0, parts, 3, &step, NULL);
    if (rc < 0 && strcmp(step, "create") == 0)
        fail(err, errcap, "cannot create a temporary file in %s: %s (%s)", dir, strerror(errno),
             old_note(old));
    else if (rc < 0)
        fail(err, errcap, "cannot %s %s: %s (%s)", step, tmp, strerror(errno), old_note(old));
    else if (rc == 1)
        fail(err, errcap, "stored %s, but syncing %s failed (%s): the new cache may not "
             "survive a power cut", path, dir, strerror(errno));
    return rc;
}

int cache_store(const char *dir, const cache_meta *meta, const char *feed, size_t len,
                bool *written, char *err, size_t errcap)
{
    if (written)
        *written = false;
    if (store_args_ok(dir, meta, feed, len, err, errcap) != 0)
        return -1;
    if (!feed)
        feed = "";
    char path[PATH_MAX], tmp[PATH_MAX];
    if (!join(path, dir, CACHE_FILE, err, errcap) ||
        !join(tmp, dir, CACHE_TEMP_PREFIX "XXXXXX", err, errcap))
        return -1;
    if (ensure_dir(dir, err, errcap) != 0)
        return -1;

    old_cache old = compare_old(path, feed, len);
    if (old == OLD_SAME)
        return 0;
    sweep_stale_temps(dir);

    char *line = meta_line(meta, feed, len, err, errcap);
    if (!line)
        return -1;
    int rc = write_and_rename(dir, path, tmp, line, feed, len, old, err, errcap);
    free(line);
    if (rc >= 0 && written)
        *written = true;
    return rc == 0 ? 0 : -1;
}
