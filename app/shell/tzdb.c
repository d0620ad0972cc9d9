/* tzdb.c - reads TZif files from the zoneinfo directory and hands them to tz.c.
 *
 * The directory is captured once by tzdb_init() (from HALLBOARD_ZONEINFO, else
 * /usr/share/zoneinfo) and only read afterwards, so tzdb_load() is thread-safe.
 * Names are validated before they reach the file system; files are read through
 * rfile_read (regular files only, never blocking on a FIFO planted in the directory)
 * and capped at TZ_TZIF_MAX bytes.
 */
#include "tzdb.h"

#include "rfile.h"
#include "tzalias.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TZDB_DEFAULT_DIR "/usr/share/zoneinfo"
/* Longest directory accepted from the environment; longer values are ignored. */
#define TZDB_DIR_MAX 1024

static char g_dir[TZDB_DIR_MAX + 1] = TZDB_DEFAULT_DIR;
static bool g_inited;

void tzdb_init(void)
{
    if (g_inited)
        return;
    g_inited = true;
    const char *env = getenv("HALLBOARD_ZONEINFO");
    if (env && env[0] != '\0' && strlen(env) <= TZDB_DIR_MAX)
        strcpy(g_dir, env);
}

const char *tzdb_dir(void)
{
    return g_dir;
}

bool tzdb_name_ok(const char *name)
{
    if (!name || name[0] == '\0' || name[0] == '/' || strstr(name, ".."))
        return false;
    size_t n = 0;
    for (const char *p = name; *p; p++, n++) {
        char c = *p;
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '/' || c == '_' || c == '+' || c == '-' || c == '.';
        if (!ok || n >= TZ_NAME_MAX)
            return false;
    }
    return true;
}

/* The zone of file `file` in the directory, named `name`, or NULL. */
static tz_zone *load_file(const char *file, const char *name)
{
    char path[TZDB_DIR_MAX + 1 + TZ_NAME_MAX + 1];
    int w = snprintf(path, sizeof path, "%s/%s", g_dir, file);
    tz_zone *z = NULL;
    if (w > 0 && (size_t)w < sizeof path) {
        size_t len = 0;
        char *data = NULL;
        /* A zone that does not read is a zone not found: no reason is kept. */
        if (rfile_read(path, TZ_TZIF_MAX, &data, &len, NULL, 0) == 0) {
            z = tz_parse_tzif(name, (const unsigned char *)data, len);
            free(data);
        }
    }
    return z;
}

tz_zone *tzdb_load(void *ctx, const char *name)
{
    (void)ctx;
    if (!tzdb_name_ok(name))
        return NULL;
    tz_zone *z = load_file(name, name);
    /* A legacy name that this system's tzdata no longer ships (Debian 13 moved them to
     * tzdata-legacy) is read as the zone it links to, under the name asked for. */
    const char *target = z ? NULL : tzalias_link(name);
    if (target)
        z = load_file(target, name);
    /* UTC needs no database: boards with a stripped zoneinfo still get it. */
    if (!z && strcmp(name, "UTC") == 0)
        z = tz_utc();
    return z;
}
