/* tzdb.h - loads IANA zones from the system's zoneinfo directory (shell side).
 *
 * The only place that reads zone files. The directory is /usr/share/zoneinfo unless
 * the environment variable HALLBOARD_ZONEINFO names another (read once, before any
 * thread starts, by tzdb_init()). Zone names are checked before they touch the file
 * system: only [A-Za-z0-9/_+-.] characters, no "..", no leading '/', at most
 * TZ_NAME_MAX bytes.
 */
#ifndef HB_TZDB_H
#define HB_TZDB_H

#include <stdbool.h>

#include "tz.h"

/* Reads HALLBOARD_ZONEINFO once. Call from main() before threads start; calling it
 * again is harmless. */
void tzdb_init(void);

/* The zoneinfo directory in use (owned by the module). */
const char *tzdb_dir(void);

/* True if `name` is syntactically a zone name that tzdb_load() would try to open. */
bool tzdb_name_ok(const char *name);

/* Loads zone `name` ("Europe/Moscow", "UTC"...). Returns NULL if the name is invalid,
 * no such zone exists, or its file is malformed. The caller owns the result (tz_free).
 * Signature matches agenda_zone_loader so it can be passed to the feed parser
 * (ctx is ignored). */
tz_zone *tzdb_load(void *ctx, const char *name);

#endif
