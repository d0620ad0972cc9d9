/* feedsrc.c - reading feed bytes from the binary or a file, then parsing them. */
#include "feedsrc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tzdb.h"

/* Generated at build time from app/seed/gmooc2020.json (cmake/embed.cmake). */
extern const unsigned char hb_seed_feed[];
extern const size_t hb_seed_feed_len;

const char *feedsrc_embedded(size_t *len)
{
    *len = hb_seed_feed_len;
    return (const char *)hb_seed_feed;
}

int feedsrc_read_file(const char *path, size_t max, char **out, size_t *len, char *err,
                      size_t errcap)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errcap, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(err, errcap, "%s is not a regular file", path);
        goto out_close;
    }
    if ((unsigned long long)st.st_size > max) {
        snprintf(err, errcap, "%s is %lld bytes, larger than the limit of %zu", path,
                 (long long)st.st_size, max);
        goto out_close;
    }
    /* Read up to max+1 bytes: the file may grow between fstat and read. */
    char *buf = malloc(max + 2);
    if (!buf) {
        snprintf(err, errcap, "out of memory reading %s", path);
        goto out_close;
    }
    size_t got = 0;
    for (;;) {
        ssize_t r = read(fd, buf + got, max + 1 - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            snprintf(err, errcap, "cannot read %s: %s", path, strerror(errno));
            goto out_free;
        }
        if (r == 0)
            break;
        got += (size_t)r;
        if (got > max) {
            snprintf(err, errcap, "%s is larger than the limit of %zu bytes", path, max);
            goto out_free;
        }
    }
    close(fd);
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;

out_free:
    free(buf);
out_close:
    close(fd);
    return -1;
}

feed_options feedsrc_options(void)
{
    return feed_default_options(tzdb_load, NULL);
}

agenda *feedsrc_load_embedded(const feed_options *opt, feed_report *rep)
{
    size_t len;
    const char *bytes = feedsrc_embedded(&len);
    return feed_parse(bytes, len, opt, rep);
}

agenda *feedsrc_load_file(const char *path, const feed_options *opt, feed_report *rep)
{
    char *buf, err[256];
    size_t len;
    if (feedsrc_read_file(path, opt->limits.max_feed_bytes, &buf, &len, err, sizeof(err)) != 0) {
        memset(rep, 0, sizeof(*rep));
        rep->n = 1;
        rep->n_errors = 1;
        rep->items[0].severity = FEED_ERROR;
        snprintf(rep->items[0].msg, sizeof(rep->items[0].msg), "%.*s", FEED_MSG_MAX - 1, err);
        return NULL;
    }
    agenda *a = feed_parse(buf, len, opt, rep);
    free(buf);
    return a;
}
