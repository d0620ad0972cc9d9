/* feedsrc.h - where a feed's bytes come from: the embedded seed agenda or a file.
 *
 * Shell side: the only place (with the cache and fetch modules) that reads feeds
 * from the file system. Loading = reading bytes + feed_parse() with the system's
 * zone database.
 */
#ifndef HB_FEEDSRC_H
#define HB_FEEDSRC_H

#include <stddef.h>

#include "agenda.h"
#include "feed.h"

/* The seed agenda compiled into the binary (not NUL-terminated; owned by the binary). */
const char *feedsrc_embedded(size_t *len);

/* Options for feed_parse() using the system zone database and default limits. */
feed_options feedsrc_options(void);

/* Parses the embedded agenda (with opt). Returns NULL only if the build embedded a
 * broken feed, which the test suite rules out. Caller owns the agenda. */
agenda *feedsrc_load_embedded(const feed_options *opt, feed_report *rep);

/* Reads and parses the feed file at path. Returns NULL with the reason in rep (a
 * read failure is reported as a problem with an empty path). Caller owns the agenda. */
agenda *feedsrc_load_file(const char *path, const feed_options *opt, feed_report *rep);

#endif
