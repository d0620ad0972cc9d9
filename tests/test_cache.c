/* test_cache.c - the feed cache on real files in temporary directories: round trip,
 * no write for identical bytes, every kind of damage refused with a reason (metadata
 * included: the checksum covers it; a fetched_at from the future), a cache of the
 * previous format replaced, failures that leave the old cache intact (or say there was
 * none) and no temporary file, and the power-cut test: a
 * writer (tests/cache_writer.c) killed with SIGKILL 1,000 times at random moments of
 * its store cycle never leaves anything but feed A or feed B complete. */
#include "support.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"

#ifndef HB_CACHE_WRITER
#error "HB_CACHE_WRITER (path of the cache_writer executable) must be defined"
#endif

/* ---- helpers ---------------------------------------------------------------- */

static char *path_in(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    assert_non_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Deterministic feed-like bytes: JSON-looking lines seeded by tag. */
static char *make_feed(char tag, size_t n)
{
    char *b = malloc(n + 1);
    assert_non_null(b);
    uint64_t x = 0x9e3779b97f4a7c15u ^ (uint64_t)(unsigned char)tag;
    size_t i = 0;
    while (i < n) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        char line[96];
        int k = snprintf(line, sizeof(line), "{\"feed\":\"%c\",\"at\":%zu,\"r\":%" PRIu64 "}\n",
                         tag, i, x % 1000000007u);
        for (int j = 0; j < k && i < n; j++)
            b[i++] = line[j];
    }
    b[n] = '\0';
    return b;
}

static uint64_t fnv_more(uint64_t h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3u;
    }
    return h;
}

static uint64_t fnv(const char *p, size_t n)
{
    return fnv_more(0xcbf29ce484222325u, p, n);
}

/* How a metadata line begins; the 16 digits of the checksum follow. */
#define HEAD "{\"format\":\"" CACHE_FORMAT "\",\"fnv1a64\":\""
#define SUM_AT (sizeof(HEAD) - 1)

/* The checksum a cache file of size bytes should state: every byte but its digits. */
static uint64_t file_fnv(const char *file, size_t size)
{
    return fnv_more(fnv(file, SUM_AT), file + SUM_AT + 16, size - SUM_AT - 16);
}

/* Writes into line (which begins with HEAD and 16 placeholder digits) the checksum of
 * the file it makes with body[0..len). */
static void seal(char *line, const char *body, size_t len)
{
    assert_int_equal(strncmp(line, HEAD, SUM_AT), 0);
    size_t ll = strlen(line);
    uint64_t h = fnv_more(fnv(line, SUM_AT), line + SUM_AT + 16, ll - SUM_AT - 16);
    h = fnv_more(fnv_more(h, "\n", 1), body, len);
    char hex[17];
    snprintf(hex, sizeof(hex), "%016" PRIx64, h);
    memcpy(line + SUM_AT, hex, 16);
}

/* Number of ".feed.cache.*" temporary files in dir. */
static int count_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strncmp(e->d_name, CACHE_TEMP_PREFIX, strlen(CACHE_TEMP_PREFIX)) == 0)
            n++;
    closedir(d);
    return n;
}

/* Removes every file of a flat directory, then the directory. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            unlinkat(dirfd(d), e->d_name, 0);
    closedir(d);
    rmdir(dir);
}

static cache_meta *meta_new(const char *url, const char *etag, const char *lm, const char *rev,
                            int64_t at)
{
    cache_meta *m = calloc(1, sizeof(*m));
    assert_non_null(m);
    snprintf(m->url, sizeof(m->url), "%s", url);
    snprintf(m->etag, sizeof(m->etag), "%s", etag);
    snprintf(m->last_modified, sizeof(m->last_modified), "%s", lm);
    snprintf(m->revision, sizeof(m->revision), "%s", rev);
    m->fetched_at = at;
    return m;
}

static void store_ok(const char *dir, const cache_meta *m, const char *feed, size_t len,
                     bool want_written)
{
    char err[512] = "";
    bool written = !want_written;
    int rc = cache_store(dir, m, feed, len, &written, err, sizeof(err));
    if (rc != 0)
        fprintf(stderr, "cache_store: %s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(written, want_written);
}

/* Loads dir's cache and checks it holds exactly feed[0..len). */
static void load_equals(const char *dir, const char *feed, size_t len)
{
    char err[512] = "", *got = NULL;
    size_t n = 0;
    cache_meta *m = malloc(sizeof(*m));
    int rc = cache_load(dir, m, &got, &n, err, sizeof(err));
    if (rc != 0)
        fprintf(stderr, "cache_load: %s\n", err);
    assert_int_equal(rc, 0);
    assert_int_equal(n, len);
    assert_memory_equal(got, feed, len);
    assert_int_equal(got[n], '\0');
    free(got);
    free(m);
}

/* cache_load must fail with a reason containing needle, and give no buffer. */
static void load_fails(const char *dir, const char *needle)
{
    char err[512] = "", *got = (char *)"sentinel";
    size_t n = 99;
    cache_meta *m = malloc(sizeof(*m));
    int rc = cache_load(dir, m, &got, &n, err, sizeof(err));
    if (rc != -1 || !strstr(err, needle))
        fprintf(stderr, "expected a failure with \"%s\", got %d \"%s\"\n", needle, rc, err);
    assert_int_equal(rc, -1);
    assert_null(got);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err, needle));
    assert_null(strchr(err, '\n'));
    free(m);
}

/* Writes DIR/feed.cache as a metadata line + '\n' + body. */
static void write_raw(const char *dir, const char *line, const char *body, size_t len)
{
    size_t ll = strlen(line);
    char *buf = malloc(ll + 1 + len);
    memcpy(buf, line, ll);
    buf[ll] = '\n';
    memcpy(buf + ll + 1, body, len);
    char *p = path_in(dir, CACHE_FILE);
    assert_int_equal(support_write_file(p, buf, ll + 1 + len), 0);
    free(p);
    free(buf);
}

/* A well-formed metadata line for body, with the given length and extra fields, its
 * checksum sealed in. */
static char *good_line(const char *body, size_t len, long long stated_len, const char *url)
{
    size_t cap = strlen(url) + 512;
    char *l = malloc(cap);
    snprintf(l, cap,
             HEAD "0000000000000000\",\"length\":%lld,\"url\":\"%s\","
             "\"etag\":\"\",\"last_modified\":\"\",\"revision\":\"r1\",\"fetched_at\":5}",
             stated_len, url);
    seal(l, body, len);
    return l;
}

static void stat_path(const char *dir, struct stat *st)
{
    char *p = path_in(dir, CACHE_FILE);
    assert_int_equal(stat(p, st), 0);
    free(p);
}

/* ---- round trip, identical bytes, replacement -------------------------------- */

static void cache_store_then_load_round_trips_bytes_and_meta(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    /* Bytes that could confuse a line reader: NULs, newlines, a fake metadata line. */
    static const char body[] = "{\"format\":\"hallboard-feed-cache/1\"}\n\0\n\r\n\xff\xfe tail";
    size_t blen = sizeof(body) - 1;
    /* Fields at the longest length allowed, with quotes, backslashes, controls, UTF-8. */
    cache_meta *m = meta_new("https://example.org/a b?c=\"d\"\\e\n\t", "W/\"\xe4\xb8\xad\"",
                             "Wed, 09 Dec 2020 09:00:00 GMT", "rev \xe4\xb8\xad", -12345);
    memset(m->revision, 'r', CACHE_FIELD_MAX - 1);
    m->revision[CACHE_FIELD_MAX - 1] = '\0';
    m->revision[0] = '\x01';
    store_ok(dir, m, body, blen, true);

    char err[256], *got;
    size_t n;
    cache_meta *back = malloc(sizeof(*back));
    assert_int_equal(cache_load(dir, back, &got, &n, err, sizeof(err)), 0);
    assert_int_equal(n, blen);
    assert_memory_equal(got, body, blen);
    assert_string_equal(back->url, m->url);
    assert_string_equal(back->etag, m->etag);
    assert_string_equal(back->last_modified, m->last_modified);
    assert_string_equal(back->revision, m->revision);
    assert_int_equal(back->fetched_at, -12345);
    free(got);

    /* The file is the documented format: one JSON line, then the bytes. */
    char *p = path_in(dir, CACHE_FILE);
    size_t flen;
    char *file = support_read_file(p, &flen);
    char *nl = memchr(file, '\n', flen);
    assert_non_null(nl);
    assert_int_equal(flen - (size_t)(nl + 1 - file), blen);
    assert_memory_equal(nl + 1, body, blen);
    /* It begins with the marker and the checksum of every byte of the file but the
     * checksum's own digits: metadata line, '\n' and feed bytes. */
    char want[64];
    snprintf(want, sizeof(want), HEAD "%016" PRIx64 "\"", file_fnv(file, flen));
    assert_int_equal(strncmp(file, want, strlen(want)), 0);
    free(file);

    /* An empty feed and NULL metadata round-trip too (meta comes back empty). */
    store_ok(dir, NULL, NULL, 0, true);
    memset(back, 'x', sizeof(*back));
    assert_int_equal(cache_load(dir, back, &got, &n, err, sizeof(err)), 0);
    assert_int_equal(n, 0);
    assert_string_equal(got, "");
    assert_string_equal(back->url, "");
    assert_string_equal(back->revision, "");
    assert_int_equal(back->fetched_at, 0);
    free(got);
    /* meta may be NULL on load. */
    assert_int_equal(cache_load(dir, NULL, &got, &n, err, sizeof(err)), 0);
    free(got);

    assert_int_equal(count_temps(dir), 0);
    free(p);
    free(back);
    free(m);
    remove_dir(dir);
    free(dir);
}

static void cache_store_of_identical_bytes_writes_nothing(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    size_t len = 200000;
    char *a = make_feed('A', len);
    cache_meta *m = meta_new("https://example.org/f", "\"1\"", "", "r1", 100);
    store_ok(dir, m, a, len, true);

    /* Put the mtime in the past: any rewrite, even within the same clock tick, shows. */
    char *p = path_in(dir, CACHE_FILE);
    struct timespec past[2] = {{1000000000, 0}, {1000000000, 0}};
    assert_int_equal(utimensat(AT_FDCWD, p, past, 0), 0);
    struct stat before, after;
    stat_path(dir, &before);

    /* Same bytes, other metadata: still nothing written. */
    cache_meta *m2 = meta_new("https://example.org/g", "\"2\"", "x", "r2", 200);
    store_ok(dir, m2, a, len, false);
    store_ok(dir, m, a, len, false);
    stat_path(dir, &after);
    assert_int_equal(after.st_ino, before.st_ino);
    assert_int_equal(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
    assert_int_equal(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
    assert_int_equal(after.st_size, before.st_size);
    assert_int_equal(count_temps(dir), 0);

    /* written may be NULL. */
    char err[128];
    assert_int_equal(cache_store(dir, m, a, len, NULL, err, sizeof(err)), 0);

    /* The metadata kept is the first one. */
    cache_meta *back = malloc(sizeof(*back));
    char *got;
    size_t n;
    assert_int_equal(cache_load(dir, back, &got, &n, err, sizeof(err)), 0);
    assert_string_equal(back->etag, "\"1\"");
    free(got);

    /* One byte different at the very end is not identical. */
    a[len - 1] ^= 1;
    store_ok(dir, m, a, len, true);
    load_equals(dir, a, len);

    free(back);
    free(m2);
    free(m);
    free(p);
    free(a);
    remove_dir(dir);
    free(dir);
}

static void cache_store_of_different_bytes_replaces(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char *a = make_feed('A', 5000), *b = make_feed('B', 7000);
    cache_meta *m = meta_new("u", "", "", "ra", 1);
    store_ok(dir, m, a, 5000, true);
    struct stat s1, s2;
    stat_path(dir, &s1);
    snprintf(m->revision, sizeof(m->revision), "rb");
    store_ok(dir, m, b, 7000, true);
    stat_path(dir, &s2);
    assert_true(s1.st_ino != s2.st_ino); /* a new file renamed over the old one */
    assert_int_equal(s2.st_mode & 0777, 0644);
    load_equals(dir, b, 7000);
    store_ok(dir, m, a, 3000, true); /* a prefix of the old bytes */
    load_equals(dir, a, 3000);
    store_ok(dir, m, a, 5000, true);
    load_equals(dir, a, 5000);
    assert_int_equal(count_temps(dir), 0);
    free(m);
    free(a);
    free(b);
    remove_dir(dir);
    free(dir);
}

/* ---- damage -------------------------------------------------------------------- */

static void cache_load_refuses_damaged_files_with_a_reason(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    size_t len = 3000;
    char *a = make_feed('A', len);
    cache_meta *m = meta_new("https://example.org/f", "\"e\"", "", "r", 7);
    char *p = path_in(dir, CACHE_FILE);

    /* No cache at all; a missing directory; an empty dir name. */
    load_fails(dir, "no cache");
    char *missing = path_in(dir, "nope");
    load_fails(missing, "does not exist");
    load_fails("", "no cache directory");

    store_ok(dir, m, a, len, true);
    size_t flen;
    char *good = support_read_file(p, &flen);
    size_t head = (size_t)((char *)memchr(good, '\n', flen) - good);

    /* Truncated in the body, right after the metadata line, inside it. */
    assert_int_equal(truncate(p, (off_t)flen - 1), 0);
    load_fails(dir, "truncated");
    assert_int_equal(truncate(p, (off_t)head + 1), 0);
    load_fails(dir, "truncated: 0 of 3000");
    assert_int_equal(truncate(p, (off_t)head / 2), 0);
    load_fails(dir, "incomplete");
    /* Empty. */
    assert_int_equal(truncate(p, 0), 0);
    load_fails(dir, "empty");

    /* One flipped body byte (first, middle, last). */
    size_t flips[] = {head + 1, head + 1 + len / 2, flen - 1};
    for (size_t i = 0; i < 3; i++) {
        good[flips[i]] ^= 0x20;
        assert_int_equal(support_write_file(p, good, flen), 0);
        load_fails(dir, "checksum mismatch");
        good[flips[i]] ^= 0x20;
    }
    /* Extra bytes at the end. */
    char *longer = malloc(flen + 1);
    memcpy(longer, good, flen);
    longer[flen] = 'x';
    assert_int_equal(support_write_file(p, longer, flen + 1), 0);
    load_fails(dir, "3001 feed bytes where the metadata says 3000");
    free(longer);

    /* A wrong length stated (with the right checksum), too large, negative, fractional. */
    char *l = good_line(a, len, (long long)len + 1, "u");
    write_raw(dir, l, a, len);
    load_fails(dir, "truncated: 3000 of 3001");
    free(l);
    l = good_line(a, len, (long long)len - 1, "u");
    write_raw(dir, l, a, len);
    load_fails(dir, "3000 feed bytes where the metadata says 2999");
    free(l);
    l = good_line(a, len, 99999999999LL, "u");
    write_raw(dir, l, a, len);
    load_fails(dir, "\"length\"");
    free(l);
    l = good_line(a, len, -1, "u");
    write_raw(dir, l, a, len);
    load_fails(dir, "\"length\"");
    free(l);
    /* The well-formed line itself loads. */
    l = good_line(a, len, (long long)len, "u");
    write_raw(dir, l, a, len);
    load_equals(dir, a, len);
    free(l);

    /* Garbage metadata of every kind. */
    struct {
        const char *line, *needle;
    } bad[] = {
        {"garbage", "not a JSON object"},
        {"[1,2,3]", "not a JSON object"},
        {"{\"format\":\"" CACHE_FORMAT "\"", "not a JSON object"},
        {"{}", "format marker"},
        {"{\"format\":\"other/1\",\"length\":3000}", "format marker"},
        {"{\"format\":7}", "format marker"},
        {"{\"format\":\"" CACHE_FORMAT "\",\"length\":\"3000\"}", "\"length\""},
        {"{\"format\":\"" CACHE_FORMAT "\",\"length\":2999.5}", "\"length\""},
        {"{\"format\":\"" CACHE_FORMAT "\",\"length\":3000}", "\"fnv1a64\""},
        {"{\"format\":\"" CACHE_FORMAT "\",\"length\":3000,\"fnv1a64\":\"12\"}",
         "\"fnv1a64\""},
        {"{\"format\":\"" CACHE_FORMAT "\",\"length\":3000,"
         "\"fnv1a64\":\"zzzzzzzzzzzzzzzz\"}", "\"fnv1a64\""},
        {"{\"format\":\"" CACHE_FORMAT "\",\"length\":3000,"
         "\"fnv1a64\":\"0123456789ABCDEF\"}", "\"fnv1a64\""},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        write_raw(dir, bad[i].line, a, len);
        load_fails(dir, bad[i].needle);
    }
    /* The checksum anywhere but right after the marker: not as written. */
    char line[512];
    snprintf(line, sizeof(line),
             "{\"format\":\"%s\",\"length\":3000,\"fnv1a64\":\"%016" PRIx64 "\"}", CACHE_FORMAT,
             fnv(a, len));
    write_raw(dir, line, a, len);
    load_fails(dir, "not laid out as written");
    /* A right checksum but missing or mistyped fields. */
    snprintf(line, sizeof(line), HEAD "0000000000000000\",\"length\":3000}");
    seal(line, a, len);
    write_raw(dir, line, a, len);
    load_fails(dir, "\"url\" is missing");
    snprintf(line, sizeof(line),
             HEAD "0000000000000000\",\"length\":3000,\"url\":\"\","
             "\"etag\":1,\"last_modified\":\"\",\"revision\":\"\",\"fetched_at\":1}");
    seal(line, a, len);
    write_raw(dir, line, a, len);
    load_fails(dir, "\"etag\"");
    snprintf(line, sizeof(line),
             HEAD "0000000000000000\",\"length\":3000,\"url\":\"\","
             "\"etag\":\"\",\"last_modified\":\"\",\"revision\":\"\",\"fetched_at\":1.5}");
    seal(line, a, len);
    write_raw(dir, line, a, len);
    load_fails(dir, "\"fetched_at\"");
    /* A field longer than CACHE_FIELD_MAX - 1 in the file: refused, not truncated. */
    char *url = malloc(CACHE_FIELD_MAX + 1);
    memset(url, 'u', CACHE_FIELD_MAX);
    url[CACHE_FIELD_MAX] = '\0';
    l = good_line(a, len, (long long)len, url);
    write_raw(dir, l, a, len);
    load_fails(dir, "\"url\" is 2048 bytes, longer than 2047");
    free(l);
    free(url);
    /* No newline at all, in a file longer than any metadata line. */
    char *nonl = malloc(CACHE_META_MAX + 10);
    memset(nonl, '{', CACHE_META_MAX + 10);
    assert_int_equal(support_write_file(p, nonl, CACHE_META_MAX + 10), 0);
    load_fails(dir, "metadata line longer than");
    free(nonl);
    /* A directory where the file should be. */
    unlink(p);
    assert_int_equal(mkdir(p, 0755), 0);
    load_fails(dir, "not a regular file");
    rmdir(p);
    /* A FIFO: refused at once, not waited on. */
    assert_int_equal(mkfifo(p, 0600), 0);
    load_fails(dir, "not a regular file");
    unlink(p);

    /* Every truncation and every single-byte flip of the metadata line never crashes
     * and always fails: the checksum covers the metadata too. */
    for (size_t cut = 0; cut < flen; cut += cut < head + 64 ? 1 : 97) {
        assert_int_equal(support_write_file(p, good, cut), 0);
        char err[512], *got = NULL;
        size_t n;
        assert_int_equal(cache_load(dir, NULL, &got, &n, err, sizeof(err)), -1);
        assert_null(got);
    }
    for (size_t i = 0; i <= head; i++) {
        for (int bit = 0; bit < 8; bit += 3) {
            good[i] ^= (char)(1 << bit);
            assert_int_equal(support_write_file(p, good, flen), 0);
            char err[512], *got = NULL;
            size_t n;
            if (cache_load(dir, NULL, &got, &n, err, sizeof(err)) == 0)
                fail_msg("byte %zu of the metadata line flipped (bit %d), yet it loaded", i, bit);
            assert_null(got);
            good[i] ^= (char)(1 << bit);
        }
    }

    /* A damaged cache is replaced by a store, even of the very same bytes. */
    good[flen - 1] ^= 1;
    assert_int_equal(support_write_file(p, good, flen), 0);
    store_ok(dir, m, a, len, true);
    load_equals(dir, a, len);

    free(good);
    free(missing);
    free(p);
    free(m);
    free(a);
    remove_dir(dir);
    free(dir);
}

/* A changed revision or fetched_at, with the feed bytes intact, is damage: refused, not
 * shown with the wrong revision or age. */
static void cache_checksum_covers_the_metadata_line(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char *a = make_feed('A', 3000);
    cache_meta *m = meta_new("https://example.org/f", "\"e\"", "", "rev-41", 1607500000);
    store_ok(dir, m, a, 3000, true);
    char *p = path_in(dir, CACHE_FILE);
    size_t flen;
    char *good = support_read_file(p, &flen);
    struct {
        const char *find, *to; /* the first occurrence of find becomes to */
    } edits[] = {{"rev-41", "rev-42"},
                 {"1607500000", "2607500000"},
                 {"example.org", "exbmple.org"}};
    for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
        char *at = strstr(good, edits[i].find);
        assert_non_null(at);
        size_t k = strlen(edits[i].find);
        char *saved = malloc(k);
        memcpy(saved, at, k);
        memcpy(at, edits[i].to, k);
        assert_int_equal(support_write_file(p, good, flen), 0);
        load_fails(dir, "checksum mismatch");
        memcpy(at, saved, k);
        free(saved);
    }
    assert_int_equal(support_write_file(p, good, flen), 0);
    load_equals(dir, a, 3000);
    free(good);
    free(p);
    free(m);
    free(a);
    remove_dir(dir);
    free(dir);
}

/* A fetched_at more than a day ahead of the loader's now is damage, not "just now";
 * a little ahead (clocks differ) is fine; an unknown now checks nothing. A store of the
 * same bytes replaces such a cache. */
static void cache_fetched_in_the_future_is_refused_as_damaged(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char *a = make_feed('A', 2000);
    const int64_t now = 1607500000;
    cache_meta *m = meta_new("u", "", "", "r", now + CACHE_FUTURE_MAX_S + 1);
    store_ok(dir, m, a, 2000, true);
    char err[512] = "", *got = (char *)"sentinel";
    size_t n = 9;
    assert_int_equal(cache_load_at(dir, now, NULL, &got, &n, err, sizeof(err)), -1);
    assert_null(got);
    assert_int_equal(n, 0);
    assert_non_null(strstr(err, "\"fetched_at\""));
    assert_non_null(strstr(err, "ahead of now"));
    assert_non_null(strstr(err, "damaged"));
    /* Now unknown (a clock not set yet): no check. */
    assert_int_equal(cache_load_at(dir, 0, NULL, &got, &n, err, sizeof(err)), 0);
    free(got);
    /* At most a day ahead: loaded. */
    m->fetched_at = now + CACHE_FUTURE_MAX_S;
    store_ok(dir, m, a, 1999, true);
    cache_meta *back = malloc(sizeof(*back));
    assert_int_equal(cache_load_at(dir, now, back, &got, &n, err, sizeof(err)), 0);
    assert_int_equal(back->fetched_at, now + CACHE_FUTURE_MAX_S);
    free(got);

    /* cache_load takes now from the system clock. */
    int64_t wall = (int64_t)time(NULL);
    m->fetched_at = wall + 2 * CACHE_FUTURE_MAX_S;
    store_ok(dir, m, a, 2000, true);
    load_fails(dir, "ahead of now");
    /* The same bytes stored again, fetched now: written, since what was there did not
     * load. */
    m->fetched_at = wall;
    store_ok(dir, m, a, 2000, true);
    assert_int_equal(cache_load(dir, back, &got, &n, err, sizeof(err)), 0);
    assert_int_equal(back->fetched_at, wall);
    free(got);
    free(back);
    free(m);
    free(a);
    remove_dir(dir);
    free(dir);
}

/* A cache written by the previous version (format hallboard-feed-cache/1, whose
 * checksum covered the feed bytes only) is not used; the next store, even of the same
 * bytes, replaces it. */
static void cache_of_the_previous_format_is_not_used_and_replaced(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char *a = make_feed('A', 1500);
    char line[512];
    snprintf(line, sizeof(line),
             "{\"format\":\"hallboard-feed-cache/1\",\"length\":1500,\"fnv1a64\":\"%016" PRIx64
             "\",\"url\":\"u\",\"etag\":\"\",\"last_modified\":\"\",\"revision\":\"r\","
             "\"fetched_at\":5}",
             fnv(a, 1500));
    write_raw(dir, line, a, 1500);
    load_fails(dir, "older version");
    store_ok(dir, NULL, a, 1500, true);
    load_equals(dir, a, 1500);
    free(a);
    remove_dir(dir);
    free(dir);
}

/* ---- failures of store --------------------------------------------------------- */

static void cache_store_refuses_what_exceeds_the_limits(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char *a = make_feed('A', 1000);
    cache_meta *m = meta_new("u", "", "", "r", 1);
    store_ok(dir, m, a, 1000, true);
    char err[512];
    bool written = true;

    char *huge = malloc(CACHE_MAX_FEED + 1u);
    assert_non_null(huge);
    memset(huge, 'x', CACHE_MAX_FEED + 1u);
    assert_int_equal(
        cache_store(dir, m, huge, CACHE_MAX_FEED + 1u, &written, err, sizeof(err)), -1);
    assert_false(written);
    assert_non_null(strstr(err, "larger than the cache limit"));
    /* Exactly the limit is fine. */
    store_ok(dir, m, huge, CACHE_MAX_FEED, true);
    load_equals(dir, huge, CACHE_MAX_FEED);
    store_ok(dir, m, a, 1000, true);
    free(huge);

    /* A field filling its array with no NUL: an error, never truncation. */
    const size_t offs[] = {offsetof(cache_meta, url), offsetof(cache_meta, etag),
                           offsetof(cache_meta, last_modified), offsetof(cache_meta, revision)};
    const char *names[] = {"\"url\"", "\"etag\"", "\"last_modified\"", "\"revision\""};
    for (size_t i = 0; i < 4; i++) {
        cache_meta *big = meta_new("u", "", "", "r", 1);
        memset((char *)big + offs[i], 'z', CACHE_FIELD_MAX);
        written = true;
        assert_int_equal(cache_store(dir, big, "other", 5, &written, err, sizeof(err)), -1);
        assert_false(written);
        assert_non_null(strstr(err, names[i]));
        assert_non_null(strstr(err, "longer than 2047"));
        free(big);
    }
    assert_int_equal(cache_store(dir, m, NULL, 5, NULL, err, sizeof(err)), -1);
    assert_int_equal(cache_store("", m, a, 5, NULL, err, sizeof(err)), -1);
    load_equals(dir, a, 1000);
    assert_int_equal(count_temps(dir), 0);
    free(m);
    free(a);
    remove_dir(dir);
    free(dir);
}

static void cache_store_creates_one_missing_directory_level(void **st)
{
    (void)st;
    char *root = support_tempdir();
    mode_t old = umask(022);
    char *sub = path_in(root, "cache");
    char *a = make_feed('A', 4000);
    store_ok(sub, NULL, a, 4000, true);
    struct stat s;
    assert_int_equal(stat(sub, &s), 0);
    assert_true(S_ISDIR(s.st_mode));
    assert_int_equal(s.st_mode & 0777, 0755);
    load_equals(sub, a, 4000);
    /* A trailing slash is fine. */
    char *slash = path_in(root, "cache2/");
    store_ok(slash, NULL, a, 4000, true);
    load_equals(slash, a, 4000);

    /* Two missing levels: refused, nothing created. */
    char *deep = path_in(root, "x/y");
    char err[512];
    assert_int_equal(cache_store(deep, NULL, a, 4000, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "cannot create cache directory"));
    char *x = path_in(root, "x");
    assert_int_not_equal(stat(x, &s), 0);

    /* The directory is a regular file. */
    char *file = path_in(root, "file");
    assert_int_equal(support_write_file(file, "x", 1), 0);
    assert_int_equal(cache_store(file, NULL, a, 4000, NULL, err, sizeof(err)), -1);
    assert_non_null(strstr(err, "is not a directory"));
    umask(old);
    remove_dir(sub);
    remove_dir(slash);
    unlink(file);
    rmdir(root);
    free(file);
    free(x);
    free(deep);
    free(slash);
    free(sub);
    free(a);
    free(root);
}

static void cache_store_under_a_regular_file_fails_even_for_root(void **st)
{
    (void)st;
    char *root = support_tempdir();
    char *file = path_in(root, "file");
    assert_int_equal(support_write_file(file, "x", 1), 0);
    char *sub = path_in(file, "sub");
    char err[512];
    bool written = true;
    assert_int_equal(cache_store(sub, NULL, "abc", 3, &written, err, sizeof(err)), -1);
    assert_false(written);
    assert_non_null(strstr(err, sub));
    assert_non_null(strstr(err, "Not a directory"));
    /* Loading from there is a failure too, not a crash. */
    load_fails(sub, "Not a directory");
    size_t n;
    char *back = support_read_file(file, &n);
    assert_int_equal(n, 1);
    free(back);
    unlink(file);
    rmdir(root);
    free(sub);
    free(file);
    free(root);
}

/* cache_store under a file size limit of 100,000 bytes (EFBIG stops root too): what a
 * larger store then returns. */
static int store_capped(const char *dir, const cache_meta *m, const char *feed, size_t len,
                        bool *written, char *err, size_t errcap)
{
    struct rlimit saved, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    small = saved;
    small.rlim_cur = 100000;
    void (*old)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    int rc = cache_store(dir, m, feed, len, written, err, errcap);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
    signal(SIGXFSZ, old);
    return rc;
}

/* A write failure (file size limit: EFBIG, which stops root too) and, when not root,
 * a read-only directory: -1, the old cache intact, no temporary file. */
static void cache_store_failure_leaves_the_old_cache_intact(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char *a = make_feed('A', 10000), *b = make_feed('B', 400000);
    cache_meta *m = meta_new("u", "", "", "ra", 1);
    store_ok(dir, m, a, 10000, true);
    struct stat before, after;
    stat_path(dir, &before);

    char err[512] = "";
    bool written = true;
    int rc = store_capped(dir, m, b, 400000, &written, err, sizeof(err));
    assert_int_equal(rc, -1);
    assert_false(written);
    assert_non_null(strstr(err, "cannot write"));
    assert_non_null(strstr(err, "(the old cache is intact)"));
    assert_null(strstr(err, "no cache yet"));
    assert_int_equal(count_temps(dir), 0);
    load_equals(dir, a, 10000);
    stat_path(dir, &after);
    assert_int_equal(after.st_ino, before.st_ino);

    /* A read-only directory (mode 0500) stops everyone but root. */
    assert_int_equal(chmod(dir, 0500), 0);
    if (geteuid() == 0) {
        print_message("      (running as root: chmod 0500 does not stop root's writes, "
                      "the read-only directory assertion is skipped; the size-limit and "
                      "regular-file cases cover failures for root)\n");
    } else {
        rc = cache_store(dir, m, b, 400000, &written, err, sizeof(err));
        assert_int_equal(rc, -1);
        assert_false(written);
        assert_non_null(strstr(err, "cannot create a temporary file"));
        assert_int_equal(count_temps(dir), 0);
        load_equals(dir, a, 10000);
    }
    assert_int_equal(chmod(dir, 0700), 0);
    free(m);
    free(a);
    free(b);
    remove_dir(dir);
    free(dir);
}

/* A failed store into a directory with no cache yet says so; it does not speak of an old
 * cache being intact. */
static void cache_store_failure_with_no_cache_yet_says_there_was_none(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char *b = make_feed('B', 400000);
    char err[512] = "";
    bool written = true;
    int rc = store_capped(dir, NULL, b, 400000, &written, err, sizeof(err));
    assert_int_equal(rc, -1);
    assert_false(written);
    assert_non_null(strstr(err, "cannot write"));
    assert_non_null(strstr(err, "(there was no cache yet)"));
    assert_null(strstr(err, "intact"));
    assert_int_equal(count_temps(dir), 0);
    load_fails(dir, "does not exist");
    free(b);
    remove_dir(dir);
    free(dir);
}

/* Leftover temporary files from killed writers: ignored, and swept once a minute old. */
static void cache_store_ignores_and_sweeps_leftover_temp_files(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char *a = make_feed('A', 6000), *b = make_feed('B', 6000);
    store_ok(dir, NULL, a, 6000, true);
    char *stale = path_in(dir, CACHE_TEMP_PREFIX "OLD123");
    char *fresh = path_in(dir, CACHE_TEMP_PREFIX "NEW456");
    char *other = path_in(dir, CACHE_TEMP_PREFIX "keep-me-not-a-temp");
    assert_int_equal(support_write_file(stale, b, 3000), 0);
    assert_int_equal(support_write_file(fresh, "{\"format\":", 10), 0);
    assert_int_equal(support_write_file(other, "x", 1), 0);
    struct timespec past[2] = {{0, UTIME_OMIT}, {0, 0}};
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    past[1].tv_sec = now.tv_sec - 2 * CACHE_STALE_TEMP_S;
    assert_int_equal(utimensat(AT_FDCWD, stale, past, 0), 0);
    assert_int_equal(utimensat(AT_FDCWD, other, past, 0), 0);

    /* Identical bytes: nothing written, nothing swept (no write, no wear). */
    store_ok(dir, NULL, a, 6000, false);
    assert_int_equal(count_temps(dir), 3);
    /* A real store: the stale one goes, the young one and the odd name stay. */
    store_ok(dir, NULL, b, 6000, true);
    load_equals(dir, b, 6000);
    struct stat s;
    assert_int_not_equal(stat(stale, &s), 0);
    assert_int_equal(stat(fresh, &s), 0);
    assert_int_equal(stat(other, &s), 0);
    unlink(fresh);
    unlink(other);
    free(stale);
    free(fresh);
    free(other);
    free(a);
    free(b);
    remove_dir(dir);
    free(dir);
}

/* ---- the power-cut test ----------------------------------------------------------
 *
 * KILLS times: start tests/cache_writer (stores A, B, A... or B, A, B...), wait for
 * it to be ready, sleep a random 0 .. 2.5 store durations (measured here first, so
 * the kills land before the temporary file, mid-write, between fsync and rename and
 * after the rename), SIGKILL it, then load the cache: exactly A or exactly B, or no
 * cache at all while no store has completed in that directory yet. Leftover
 * temporary files stay in the directory for the next writers. */

#define KILLS 1000
#define KILLS_PER_DIR 10 /* a fresh cache directory every 10 kills: first stores too */
#define FEED_A_LEN 300000
#define FEED_B_LEN 300000

static uint64_t rng_state;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static double mono(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ns(long ns)
{
    struct timespec t = {ns / 1000000000L, ns % 1000000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}

typedef struct {
    int a, b, none;
    int temp_empty, temp_partial, temp_complete; /* kills that left a temporary file */
    int renamed_unreported; /* the cache already held the store the writer was in */
    int no_trace;           /* no temporary file, no unreported rename: killed before
                               creating the temporary file (or between two stores) */
    long stores;           /* stores the killed writers reported complete */
} cut_stats;

/* Temporary files already counted in the current cache directory: they stay there
 * (later writers must not be confused by them) until the directory is replaced. */
typedef struct {
    char names[KILLS_PER_DIR + 1][256];
    int n;
} seen_temps;

/* Classifies the temporary files the last killed writer left (size 0, partly written,
 * complete). A directory that does not exist yet holds none. */
static void classify_temps(const char *dir, size_t full_a, size_t full_b, seen_temps *seen,
                           cut_stats *s)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, CACHE_TEMP_PREFIX, strlen(CACHE_TEMP_PREFIX)) != 0)
            continue;
        bool old = false;
        for (int i = 0; i < seen->n; i++)
            old = old || strcmp(seen->names[i], e->d_name) == 0;
        if (old)
            continue;
        /* A writer leaves at most one temporary file. */
        assert_true(seen->n < KILLS_PER_DIR);
        snprintf(seen->names[seen->n++], sizeof(seen->names[0]), "%s", e->d_name);
        struct stat st;
        assert_int_equal(fstatat(dirfd(d), e->d_name, &st, 0), 0);
        if (st.st_size == 0)
            s->temp_empty++;
        else if ((size_t)st.st_size == full_a || (size_t)st.st_size == full_b)
            s->temp_complete++;
        else
            s->temp_partial++;
    }
    closedir(d);
}

static void cache_survives_power_cuts(void **st)
{
    (void)st;
    double t0 = mono();
    const char *seed_env = getenv("HB_CACHE_SEED");
    rng_state = seed_env && *seed_env ? strtoull(seed_env, NULL, 0) : (uint64_t)time(NULL);
    if (rng_state == 0)
        rng_state = 1;
    uint64_t seed = rng_state;

    char *root = support_tempdir();
    char *A = make_feed('A', FEED_A_LEN), *B = make_feed('B', FEED_B_LEN);
    assert_memory_not_equal(A, B, FEED_A_LEN < FEED_B_LEN ? FEED_A_LEN : FEED_B_LEN);
    char *fa = path_in(root, "A"), *fb = path_in(root, "B");
    assert_int_equal(support_write_file(fa, A, FEED_A_LEN), 0);
    assert_int_equal(support_write_file(fb, B, FEED_B_LEN), 0);

    /* One store's duration here, to spread the kills over the whole cycle. */
    char *calib = path_in(root, "calibrate");
    double c0 = mono();
    for (int i = 0; i < 10; i++)
        store_ok(calib, NULL, i % 2 ? B : A, i % 2 ? FEED_B_LEN : FEED_A_LEN, true);
    double per_store = (mono() - c0) / 10;
    remove_dir(calib);
    free(calib);
    /* Kill after 0 .. 2.5 stores (capped so the test stays well under a minute). */
    long max_ns = (long)(per_store * 2.5e9);
    if (max_ns > 30000000L)
        max_ns = 30000000L;
    if (max_ns < 200000L)
        max_ns = 200000L;

    /* The metadata lines the writer makes, for the complete-temp-file size. */
    size_t full_a = 0, full_b = 0;
    {
        char *probe = path_in(root, "probe");
        cache_meta wm;
        memset(&wm, 0, sizeof(wm));
        for (int i = 0; i < 2; i++) {
            snprintf(wm.url, sizeof(wm.url), "https://example.org/feed-%c.json", 'A' + i);
            snprintf(wm.etag, sizeof(wm.etag), "\"etag-%c\"", 'A' + i);
            snprintf(wm.revision, sizeof(wm.revision), "rev-%c", 'A' + i);
            wm.fetched_at = 1607500000 + i;
            store_ok(probe, &wm, i ? B : A, i ? FEED_B_LEN : FEED_A_LEN, true);
            struct stat s;
            stat_path(probe, &s);
            *(i ? &full_b : &full_a) = (size_t)s.st_size;
        }
        remove_dir(probe);
        free(probe);
    }

    cut_stats s = {0};
    seen_temps seen = {.n = 0};
    char *dir = NULL;
    long stores_in_dir = 0;
    int prev = 0; /* what the cache held after the previous kill: 0 none, 1 A, 2 B */
    double t_start = 0, t_reap = 0; /* seconds spent starting writers, reaping them */
    for (int k = 0; k < KILLS; k++) {
        if (k % KILLS_PER_DIR == 0) {
            if (dir) {
                remove_dir(dir);
                free(dir);
            }
            char name[32];
            snprintf(name, sizeof(name), "cache%d", k / KILLS_PER_DIR);
            dir = path_in(root, name); /* not created: the writer makes it */
            stores_in_dir = 0;
            prev = 0;
            seen.n = 0;
        }
        /* Which feed the writer stores first, at random: both get stored even when
         * kills come before a second store could complete. */
        int first = (int)(rng() % 2);
        int p[2];
        assert_int_equal(pipe(p), 0);
        double ts = mono();
        pid_t pid = fork();
        assert_true(pid >= 0);
        if (pid == 0) {
            dup2(p[1], STDOUT_FILENO);
            close(p[0]);
            close(p[1]);
            execl(HB_CACHE_WRITER, "cache_writer", dir, fa, fb, first ? "B" : "A", (char *)NULL);
            _exit(127);
        }
        close(p[1]);
        struct pollfd pf = {p[0], POLLIN, 0};
        char c = 0;
        if (poll(&pf, 1, 10000) != 1 || read(p[0], &c, 1) != 1 || c != 'R') {
            kill(pid, SIGKILL);
            waitpid(pid, NULL, 0);
            fail_msg("cache_writer did not start (%s)", HB_CACHE_WRITER);
        }
        double tr = mono();
        t_start += tr - ts;
        /* Where the writer runs slower than the calibration (an emulator translating
         * it anew in every process), widen the window until kills reach its stores. */
        if (k > 0 && k % 50 == 0 && s.a + s.b < k / 10 && max_ns < 500000000L)
            max_ns *= 2;
        long delay = (long)(rng() % (uint64_t)(max_ns + 1));
        sleep_ns(delay);
        double tk = mono();
        kill(pid, SIGKILL);
        int status;
        assert_int_equal(waitpid(pid, &status, 0), pid);
        t_reap += mono() - tk; /* a writer inside fsync dies only when it returns */
        if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
            fail_msg("cache_writer ended by itself (status 0x%x) at kill %d", status, k);
        long done = 0;
        char buf[256];
        ssize_t r;
        while ((r = read(p[0], buf, sizeof(buf))) > 0)
            done += r;
        close(p[0]);
        s.stores += done;
        stores_in_dir += done;

        char err[512] = "", *got = NULL;
        size_t n = 0;
        cache_meta *meta = malloc(sizeof(*meta));
        int rc = cache_load(dir, meta, &got, &n, err, sizeof(err));
        int now = 0;
        if (rc != 0) {
            if (stores_in_dir > 0)
                fail_msg("kill %d (after %ld ns): a store had completed, yet: %s", k, delay, err);
            if (!strstr(err, "does not exist"))
                fail_msg("kill %d: before any store the cache must be absent, not: %s", k, err);
            now = 0;
            s.none++;
        } else if (n == FEED_A_LEN && memcmp(got, A, n) == 0) {
            assert_string_equal(meta->revision, "rev-A");
            now = 1;
            s.a++;
        } else if (n == FEED_B_LEN && memcmp(got, B, n) == 0) {
            assert_string_equal(meta->revision, "rev-B");
            now = 2;
            s.b++;
        } else {
            fail_msg("kill %d: the cache loaded but is neither A nor B (%zu bytes)", k, n);
        }
        free(got);
        free(meta);
        /* Store j of a writer is feed (first + j) % 2 (1 = A, 2 = B): after `done`
         * reported stores the cache holds store done-1; holding store `done` means the
         * kill fell after its rename but before the writer reported it. */
        int reported = done == 0 ? prev : 1 + (int)((first + done - 1) % 2);
        int in_flight = 1 + (int)((first + done) % 2);
        if (now != reported) {
            if (now != in_flight)
                fail_msg("kill %d: the cache holds %d, expected %d or %d", k, now, reported,
                         in_flight);
            s.renamed_unreported++;
        }
        prev = now;
        int temps_before = seen.n;
        classify_temps(dir, full_a, full_b, &seen, &s);
        if (seen.n == temps_before && now == reported)
            s.no_trace++;
    }
    remove_dir(dir);
    free(dir);

    double took = mono() - t0;
    print_message("      power cuts: %d kills (delay 0..%.2f ms, one store %.2f ms, seed %" PRIu64
                  "): A %d, B %d, none %d; %ld stores completed\n",
                  KILLS, (double)max_ns / 1e6, per_store * 1e3, seed, s.a, s.b, s.none, s.stores);
    print_message("      kill phases seen: no temp file yet (or between stores) %d, temp file "
                  "empty %d, partly written %d, complete (fsync/rename) %d, after the rename "
                  "(unreported) %d; %.1f s\n",
                  s.no_trace, s.temp_empty, s.temp_partial, s.temp_complete,
                  s.renamed_unreported, took);
    print_message("      time: writers starting %.1f s, dying after SIGKILL %.1f s\n", t_start,
                  t_reap);
    assert_int_equal(s.a + s.b + s.none, KILLS);
    assert_true(s.a > 0);
    assert_true(s.b > 0);

    unlink(fa);
    unlink(fb);
    rmdir(root);
    free(fa);
    free(fb);
    free(A);
    free(B);
    free(root);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cache_store_then_load_round_trips_bytes_and_meta),
        cmocka_unit_test(cache_store_of_identical_bytes_writes_nothing),
        cmocka_unit_test(cache_store_of_different_bytes_replaces),
        cmocka_unit_test(cache_load_refuses_damaged_files_with_a_reason),
        cmocka_unit_test(cache_checksum_covers_the_metadata_line),
        cmocka_unit_test(cache_fetched_in_the_future_is_refused_as_damaged),
        cmocka_unit_test(cache_of_the_previous_format_is_not_used_and_replaced),
        cmocka_unit_test(cache_store_refuses_what_exceeds_the_limits),
        cmocka_unit_test(cache_store_creates_one_missing_directory_level),
        cmocka_unit_test(cache_store_under_a_regular_file_fails_even_for_root),
        cmocka_unit_test(cache_store_failure_leaves_the_old_cache_intact),
        cmocka_unit_test(cache_store_failure_with_no_cache_yet_says_there_was_none),
        cmocka_unit_test(cache_store_ignores_and_sweeps_leftover_temp_files),
        cmocka_unit_test(cache_survives_power_cuts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
