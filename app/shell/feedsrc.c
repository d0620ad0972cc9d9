/* feedsrc.c - reading feed bytes from the binary or a file (through rfile_read), then
 * parsing them. */
#include "feedsrc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rfile.h"
#include "tzdb.h"

/* Generated at build time from app/seed/gmooc2020.json (cmake/embed.cmake). */
extern const unsigned char hb_seed_feed[];
extern const size_t hb_seed_feed_len;

const char *feedsrc_embedded(size_t *len)
{
    *len = hb_seed_feed_len;
    return (const char *)hb_seed_feed;
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
    if (rfile_read(path, opt->limits.max_feed_bytes, &buf, &len, err, sizeof(err)) != 0) {
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
