/* opcmd_doc.c - the operator commands' read-modify-write of an override document
 * (opcmd_int.h; the format is override.h's): take the current one (unwrapping an
 * envelope), drop what has expired, apply one command, check the result as a board
 * will. Also the commands' TIME (RFC 3339, or HH:MM today in the local zone).
 */
#include "opcmd_int.h"

#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "cli.h"
#include "envelope.h"
#include "override.h"
#include "rfile.h"
#include "tz.h"
#include "tzdb.h"

#define OPDOC_LOCALTIME "/etc/localtime" /* the local zone when TZ names none */
#define OPDOC_ZONE_MAX (1u << 20)        /* bytes of a zone file */

cJSON *opdoc_load(const char *bytes, size_t len, uint64_t *prev_seq, FILE *err)
{
    *prev_seq = 0;
    if (!bytes || len == 0)
        return cJSON_Parse("{\"hallboard_overrides\":1}");
    envelope e;
    memset(&e, 0, sizeof(e));
    if (envelope_sniff(bytes, len)) {
        char why[300];
        if (envelope_parse(bytes, len, &e, why, sizeof(why)) != 0) {
            fprintf(err, "hallboard: the current override document is a broken envelope: %s\n",
                    why);
            return NULL;
        }
        *prev_seq = e.seq;
        bytes = (const char *)e.payload;
        len = e.payload_len;
    }
    cJSON *doc = cJSON_ParseWithLength(bytes, len);
    envelope_clear(&e);
    if (!cJSON_IsObject(doc) ||
        !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(doc, "hallboard_overrides"))) {
        fprintf(err, "hallboard: the current document is not an override document; "
                     "nothing changed (clear it with `hallboard clear --all`)\n");
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

/* The until of an entry: INT64_MAX when it has none (or one that is not a time). */
static int64_t entry_until(const cJSON *entry)
{
    const cJSON *u = cJSON_GetObjectItemCaseSensitive(entry, "until");
    int64_t t;
    if (cJSON_IsString(u) && civil_rfc3339_check(u->valuestring, &t, NULL) == 0)
        return t;
    return INT64_MAX;
}

void opdoc_prune(cJSON *doc, int64_t now)
{
    static const char *const maps[] = {"sessions", "halls"};
    for (size_t m = 0; m < 2; m++) {
        cJSON *map = cJSON_GetObjectItemCaseSensitive(doc, maps[m]);
        for (cJSON *e = map ? map->child : NULL, *next; e; e = next) {
            next = e->next;
            if (entry_until(e) <= now)
                cJSON_Delete(cJSON_DetachItemViaPointer(map, e));
        }
        if (map && !map->child)
            cJSON_DeleteItemFromObjectCaseSensitive(doc, maps[m]);
    }
    cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, "announcement");
    if (a && entry_until(a) <= now)
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "announcement");
}

int64_t opdoc_last_until(const cJSON *doc)
{
    int64_t last = INT64_MIN;
    static const char *const maps[] = {"sessions", "halls"};
    for (size_t m = 0; m < 2; m++) {
        const cJSON *map = cJSON_GetObjectItemCaseSensitive(doc, maps[m]);
        for (const cJSON *e = map ? map->child : NULL; e; e = e->next)
            if (entry_until(e) > last)
                last = entry_until(e);
    }
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, "announcement");
    if (a && entry_until(a) > last)
        last = entry_until(a);
    return last;
}

/* Replaces (or adds) member key of obj. */
static void put(cJSON *obj, const char *key, cJSON *v)
{
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, v);
    else
        cJSON_AddItemToObject(obj, key, v);
}

/* obj[key], made an empty object when absent. */
static cJSON *object_at(cJSON *obj, const char *key)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsObject(o)) {
        o = cJSON_CreateObject();
        put(obj, key, o);
    }
    return o;
}

static int too_long(const char *what, size_t max, FILE *err)
{
    fprintf(err, "hallboard: %s is longer than %zu bytes\n", what, max);
    return CLI_EXIT_USAGE;
}

static int edit_announce(cJSON *doc, const opcmd_opts *o, int64_t until, FILE *err)
{
    if (strcmp(o->level, "info") != 0 && strcmp(o->level, "urgent") != 0 &&
        strcmp(o->level, "emergency") != 0) {
        fprintf(err, "hallboard: announce: --level \"%s\" is not info, urgent or emergency\n",
                o->level);
        return CLI_EXIT_USAGE;
    }
    if (strlen(o->arg) > OVERRIDE_TEXT_MAX)
        return too_long("the announcement", OVERRIDE_TEXT_MAX, err);
    char when[CIVIL_UTC_LEN];
    civil_format_utc(until, when);
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "text", o->arg);
    cJSON_AddStringToObject(a, "level", o->level);
    if (o->hall)
        cJSON_AddStringToObject(a, "hall", o->hall);
    cJSON_AddStringToObject(a, "until", when);
    put(doc, "announcement", a);
    return 0;
}

static int edit_session(cJSON *doc, const opcmd_opts *o, int64_t until, FILE *err)
{
    if (o->note && strlen(o->note) > OVERRIDE_NOTE_MAX)
        return too_long("--note", OVERRIDE_NOTE_MAX, err);
    cJSON *s = object_at(object_at(doc, "sessions"), o->session);
    if (o->delay >= 0)
        put(s, "delay_min", cJSON_CreateNumber((double)o->delay));
    if (o->cancel)
        put(s, "status", cJSON_CreateString("cancelled"));
    if (o->hall)
        put(s, "hall", cJSON_CreateString(o->hall));
    if (o->full)
        put(s, "hall_full", cJSON_CreateTrue());
    if (o->note)
        put(s, "note", cJSON_CreateString(o->note));
    if (until != INT64_MIN) {
        char when[CIVIL_UTC_LEN];
        civil_format_utc(until, when);
        put(s, "until", cJSON_CreateString(when));
    }
    return 0;
}

static void edit_clear(cJSON *doc, const opcmd_opts *o, FILE *err)
{
    if (o->all) {
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "sessions");
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "halls");
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "announcement");
    } else if (o->announcement) {
        if (!cJSON_GetObjectItemCaseSensitive(doc, "announcement"))
            fprintf(err, "hallboard: clear: there was no announcement\n");
        cJSON_DeleteItemFromObjectCaseSensitive(doc, "announcement");
    } else {
        cJSON *map = cJSON_GetObjectItemCaseSensitive(doc, "sessions");
        if (!cJSON_GetObjectItemCaseSensitive(map, o->session))
            fprintf(err, "hallboard: clear: session %s had no override\n", o->session);
        cJSON_DeleteItemFromObjectCaseSensitive(map, o->session);
        if (map && !map->child)
            cJSON_DeleteItemFromObjectCaseSensitive(doc, "sessions");
    }
}

int opdoc_edit(cJSON *doc, const opcmd_opts *o, int64_t until, FILE *err)
{
    if (strcmp(o->cmd, "announce") == 0)
        return edit_announce(doc, o, until, err);
    if (strcmp(o->cmd, "override") == 0)
        return edit_session(doc, o, until, err);
    edit_clear(doc, o, err);
    return 0;
}

int opdoc_validate(const char *text, size_t len, FILE *err)
{
    char *why = malloc(OVERRIDE_ERR_MAX);
    override_doc *d = NULL;
    if (!why)
        return CLI_EXIT_INVALID;
    int rc = override_parse(text, len, &d, why, OVERRIDE_ERR_MAX);
    override_free(d);
    if (rc != 0)
        fprintf(err, "hallboard: the override document would be refused; nothing sent:\n%s%s",
                why, why[0] && why[strlen(why) - 1] == '\n' ? "" : "\n");
    free(why);
    return rc == 0 ? 0 : CLI_EXIT_INVALID;
}

/* The local zone: $TZ when it names a zone, else /etc/localtime, else UTC. Caller
 * frees. */
static tz_zone *local_zone(void)
{
    tzdb_init();
    const char *env = getenv("TZ");
    if (env && *env == ':')
        env++;
    tz_zone *z = env && *env && tzdb_name_ok(env) ? tzdb_load(NULL, env) : NULL;
    if (z)
        return z;
    char *bytes, why[200];
    size_t len;
    if (rfile_read(OPDOC_LOCALTIME, OPDOC_ZONE_MAX, &bytes, &len, why, sizeof(why)) == 0) {
        z = tz_parse_tzif("localtime", (const unsigned char *)bytes, len);
        free(bytes);
    }
    return z ? z : tz_utc();
}

int opdoc_parse_time(const char *s, int64_t now, int64_t *t, FILE *err)
{
    int h, m;
    char tail;
    if (strlen(s) == 5 && sscanf(s, "%2d:%2d%c", &h, &m, &tail) == 2 && h >= 0 && h < 24 &&
        m >= 0 && m < 60) {
        tz_zone *z = local_zone();
        tz_local l;
        bool ok = z != NULL;
        if (ok) {
            tz_to_local(z, now, &l);
            ok = tz_from_local(z, l.year, l.month, l.day, h, m, 0, t);
        }
        tz_free(z);
        if (ok)
            return 0;
    } else if (civil_rfc3339_check(s, t, NULL) == 0) {
        return 0;
    }
    fprintf(err, "hallboard: --until: \"%s\" is not HH:MM (today, local time) or an RFC 3339 "
                 "time such as 2026-12-04T17:30:00+01:00\n", s);
    return CLI_EXIT_USAGE;
}
