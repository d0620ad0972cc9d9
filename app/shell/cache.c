/* cache.c - the last good feed on disk: one file, metadata line + feed bytes, replaced
 * by an atomic rename (see cache.h for the file format and the guarantees). */
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

#include "hash.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

/* Bytes read or compared per system call when streaming a body. */
#define CHUNK (64u * 1024u)

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

/* The checksum of the feed bytes: FNV-1a 64. */
static uint64_t fnv1a64(const void *data, size_t len)
{
    return hash_bytes(HASH_INIT, data, len);
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

/* read() until cap bytes or end of file. Returns the count, or -1 with errno set. */
static ssize_t read_full(int fd, char *buf, size_t cap)
{
    size_t got = 0;
    while (got < cap) {
        ssize_t r = read(fd, buf + got, cap - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static int write_full(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, buf, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        buf += w;
        len -= (size_t)w;
    }
    return 0;
}

/* An open cache file whose metadata line has been read and checked. */
typedef struct {
    int fd;
    const char *path;
    char *head;          /* the first bytes of the file (malloc'd) */
    size_t head_got;     /* how many were read */
    size_t meta_len;     /* bytes of the metadata line, before its '\n' */
    uint64_t body_len;   /* the length the metadata states, = the file's body length */
    uint64_t sum;        /* the checksum it states */
    cJSON *meta;         /* the parsed metadata line */
} reader;

static void reader_close(reader *r)
{
    if (r->fd >= 0)
        close(r->fd);
    free(r->head);
    cJSON_Delete(r->meta);
    r->fd = -1;
    r->head = NULL;
    r->meta = NULL;
}

/* Parses 16 lower- or upper-case hex digits. */
static bool parse_hex64(const char *s, uint64_t *out)
{
    uint64_t v = 0;
    size_t i;
    for (i = 0; s[i]; i++) {
        char c = s[i];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0 || i >= 16)
            return false;
        v = v << 4 | (uint64_t)d;
    }
    *out = v;
    return i == 16;
}

/* Opens path and checks the metadata line against the file's size. Returns 0, or -1
 * with a reason (the reader is then closed). */
static int reader_open(reader *r, const char *path, char *err, size_t errcap)
{
    memset(r, 0, sizeof(*r));
    r->path = path;
    /* O_NONBLOCK: a FIFO planted there cannot hang us (no effect on regular files). */
    r->fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (r->fd < 0) {
        if (errno == ENOENT)
            fail(err, errcap, "no cache: %s does not exist", path);
        else
            fail(err, errcap, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(r->fd, &st) != 0) {
        fail(err, errcap, "cannot stat %s: %s", path, strerror(errno));
        goto bad;
    }
    if (!S_ISREG(st.st_mode)) {
        fail(err, errcap, "%s is not a regular file", path);
        goto bad;
    }
    uint64_t size = (uint64_t)st.st_size;
    if (size == 0) {
        fail(err, errcap, "%s is empty (damaged cache)", path);
        goto bad;
    }
    if (size > (uint64_t)CACHE_META_MAX + 1 + CACHE_MAX_FEED) {
        fail(err, errcap, "%s is %" PRIu64 " bytes, larger than any cache file (damaged)", path,
             size);
        goto bad;
    }
    size_t want = size < CACHE_META_MAX + 1 ? (size_t)size : CACHE_META_MAX + 1;
    r->head = malloc(want + 1);
    if (!r->head) {
        fail(err, errcap, "out of memory reading %s", path);
        goto bad;
    }
    ssize_t got = read_full(r->fd, r->head, want);
    if (got < 0) {
        fail(err, errcap, "cannot read %s: %s", path, strerror(errno));
        goto bad;
    }
    r->head_got = (size_t)got;
    r->head[r->head_got] = '\0';
    const char *nl = memchr(r->head, '\n', r->head_got);
    if (!nl) {
        if (r->head_got > CACHE_META_MAX)
            fail(err, errcap, "%s: metadata line longer than %u bytes (damaged cache)", path,
                 CACHE_META_MAX);
        else
            fail(err, errcap, "%s: metadata line is incomplete (truncated cache)", path);
        goto bad;
    }
    r->meta_len = (size_t)(nl - r->head);
    r->meta = cJSON_ParseWithLength(r->head, r->meta_len);
    if (!cJSON_IsObject(r->meta)) {
        fail(err, errcap, "%s: metadata line is not a JSON object (damaged cache)", path);
        goto bad;
    }
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(r->meta, "format");
    if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, CACHE_FORMAT) != 0) {
        fail(err, errcap, "%s: not a Hallboard feed cache (format marker missing or not \"%s\")",
             path, CACHE_FORMAT);
        goto bad;
    }
    const cJSON *len = cJSON_GetObjectItemCaseSensitive(r->meta, "length");
    if (!cJSON_IsNumber(len) || !(len->valuedouble >= 0) ||
        len->valuedouble > (double)CACHE_MAX_FEED ||
        len->valuedouble != (double)(uint64_t)len->valuedouble) {
        fail(err, errcap, "%s: metadata \"length\" is missing or not 0..%u (damaged cache)",
             path, CACHE_MAX_FEED);
        goto bad;
    }
    r->body_len = (uint64_t)len->valuedouble;
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(r->meta, "fnv1a64");
    if (!cJSON_IsString(sum) || !parse_hex64(sum->valuestring, &r->sum)) {
        fail(err, errcap, "%s: metadata \"fnv1a64\" is missing or not 16 hex digits "
             "(damaged cache)", path);
        goto bad;
    }
    uint64_t body = size - r->meta_len - 1;
    if (body < r->body_len) {
        fail(err, errcap, "%s: truncated: %" PRIu64 " of %" PRIu64 " feed bytes present", path,
             body, r->body_len);
        goto bad;
    }
    if (body > r->body_len) {
        fail(err, errcap, "%s: %" PRIu64 " feed bytes where the metadata says %" PRIu64
             " (damaged cache)", path, body, r->body_len);
        goto bad;
    }
    return 0;
bad:
    reader_close(r);
    return -1;
}

/* The body bytes already read with the head. */
static const char *reader_prefix(const reader *r, size_t *n)
{
    size_t start = r->meta_len + 1;
    *n = r->head_got > start ? r->head_got - start : 0;
    if (*n > r->body_len)
        *n = (size_t)r->body_len;
    return r->head + start;
}

/* Copies the metadata fields into meta. Returns 0 or -1 with a reason. */
static int reader_meta(const reader *r, cache_meta *meta, char *err, size_t errcap)
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
    return 0;
}

int cache_load(const char *dir, cache_meta *meta, char **feed, size_t *len, char *err,
               size_t errcap)
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
    reader r;
    if (reader_open(&r, path, err, errcap) != 0)
        return -1;
    cache_meta m;
    memset(&m, 0, sizeof(m));
    if (reader_meta(&r, &m, err, errcap) != 0) {
        reader_close(&r);
        return -1;
    }
    char *buf = malloc((size_t)r.body_len + 1);
    if (!buf) {
        fail(err, errcap, "out of memory reading %s", path);
        reader_close(&r);
        return -1;
    }
    size_t have;
    const char *prefix = reader_prefix(&r, &have);
    memcpy(buf, prefix, have);
    /* Read one byte more than expected: the file may have changed since fstat. */
    size_t rest = (size_t)r.body_len - have;
    char extra;
    ssize_t got = rest ? read_full(r.fd, buf + have, rest) : 0;
    ssize_t more = got >= 0 ? read_full(r.fd, &extra, 1) : 0;
    if (got < 0 || more < 0) {
        fail(err, errcap, "cannot read %s: %s", path, strerror(errno));
        goto bad;
    }
    if ((size_t)got != rest || more != 0) {
        fail(err, errcap, "%s changed while being read", path);
        goto bad;
    }
    if (fnv1a64(buf, (size_t)r.body_len) != r.sum) {
        fail(err, errcap, "%s: checksum mismatch: the feed bytes are damaged", path);
        goto bad;
    }
    buf[r.body_len] = '\0';
    *feed = buf;
    *len = (size_t)r.body_len;
    if (meta)
        *meta = m;
    reader_close(&r);
    return 0;
bad:
    free(buf);
    reader_close(&r);
    return -1;
}

/* True when path is a sound cache file whose body is exactly feed[0..len). */
static bool same_body(const char *path, const char *feed, size_t len, uint64_t sum)
{
    reader r;
    if (reader_open(&r, path, NULL, 0) != 0)
        return false;
    bool same = false;
    char *buf = NULL;
    if (r.body_len != len || r.sum != sum)
        goto out;
    size_t have;
    const char *prefix = reader_prefix(&r, &have);
    if (memcmp(prefix, feed, have) != 0)
        goto out;
    buf = malloc(CHUNK);
    if (!buf)
        goto out;
    size_t pos = have;
    for (;;) {
        ssize_t got = read_full(r.fd, buf, CHUNK);
        if (got < 0 || (size_t)got > len - pos)
            goto out;
        if (got == 0)
            break;
        if (memcmp(buf, feed + pos, (size_t)got) != 0)
            goto out;
        pos += (size_t)got;
    }
    same = pos == len;
out:
    free(buf);
    reader_close(&r);
    return same;
}

/* fsync of a directory (so that a rename or mkdir in it is durable). */
static int sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
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
    char parent[PATH_MAX];
    snprintf(parent, sizeof(parent), "%s", dir);
    size_t n = strlen(parent);
    while (n > 1 && parent[n - 1] == '/')
        parent[--n] = '\0';
    char *slash = strrchr(parent, '/');
    if (!slash)
        snprintf(parent, sizeof(parent), ".");
    else if (slash == parent)
        parent[1] = '\0';
    else
        *slash = '\0';
    if (sync_dir(parent) != 0) {
        fail(err, errcap, "cannot sync %s after creating %s: %s", parent, dir, strerror(errno));
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

/* The metadata line (malloc'd, without '\n'), or NULL with a reason. */
static char *meta_line(const cache_meta *meta, size_t len, uint64_t sum, char *err,
                       size_t errcap)
{
    char hex[17];
    snprintf(hex, sizeof(hex), "%016" PRIx64, sum);
    cJSON *o = cJSON_CreateObject();
    bool ok = o && cJSON_AddStringToObject(o, "format", CACHE_FORMAT) &&
              cJSON_AddNumberToObject(o, "length", (double)len) &&
              cJSON_AddStringToObject(o, "fnv1a64", hex);
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
    if (strchr(line, '\n') || strlen(line) > CACHE_META_MAX) {
        fail(err, errcap, "cache metadata does not fit one line of %u bytes", CACHE_META_MAX);
        free(line);
        return NULL;
    }
    return line;
}

int cache_store(const char *dir, const cache_meta *meta, const char *feed, size_t len,
                bool *written, char *err, size_t errcap)
{
    if (written)
        *written = false;
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
    if (!feed)
        feed = "";
    if (meta) {
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
    }
    char path[PATH_MAX], tmp[PATH_MAX];
    if (!join(path, dir, CACHE_FILE, err, errcap) ||
        !join(tmp, dir, CACHE_TEMP_PREFIX "XXXXXX", err, errcap))
        return -1;
    if (ensure_dir(dir, err, errcap) != 0)
        return -1;

    uint64_t sum = fnv1a64(feed, len);
    if (same_body(path, feed, len, sum))
        return 0;
    sweep_stale_temps(dir);

    char *line = meta_line(meta, len, sum, err, errcap);
    if (!line)
        return -1;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fail(err, errcap, "cannot create a temporary file in %s: %s", dir, strerror(errno));
        free(line);
        return -1;
    }
    const char *step = "set up";
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || fchmod(fd, 0644) != 0)
        goto fail_fd;
    step = "write";
    size_t ll = strlen(line);
    line[ll] = '\n'; /* replaces the NUL: the buffer is written by length */
    if (write_full(fd, line, ll + 1) != 0 || write_full(fd, feed, len) != 0)
        goto fail_fd;
    step = "sync";
    if (fsync(fd) != 0)
        goto fail_fd;
    step = "close";
    int rc = close(fd);
    fd = -1;
    if (rc != 0)
        goto fail_fd;
    step = "rename";
    if (rename(tmp, path) != 0)
        goto fail_fd;
    free(line);
    if (written)
        *written = true;
    if (sync_dir(dir) != 0) {
        fail(err, errcap, "stored %s, but syncing %s failed (%s): the new cache may not "
             "survive a power cut", path, dir, strerror(errno));
        return -1;
    }
    return 0;

fail_fd:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(line);
    fail(err, errcap, "cannot %s %s: %s (the old cache is intact)", step, tmp, strerror(e));
    return -1;
}
