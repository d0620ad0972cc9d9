/* indico.c - imports Indico's HTTP API exports into the agenda.
 *
 * Two shapes are read (docs/feed-formats/indico.md):
 *   event export     {results: [{_type: "Conference", title, timezone, chairs,
 *                    contributions: [...], sessions: [{_type: "Session", conveners,
 *                    contributions: [...]}]}]} (/export/event/ID.json?detail=...);
 *   timetable export {results: {"<event>": {"<YYYYMMDD>": {"<entry>": {entryType,
 *                    ..., entries: {...}}}}}} (/export/timetable/ID.json).
 * Times are {date, time, tz}: a wall time in the zone tz names (else the event's zone).
 *
 * What becomes a session: every contribution and break with a start; a session block
 * with nested contributions gives those (its conveners become their chair), a block
 * without any is itself one session. The event export lists the contributions of a
 * block twice (in the block and in the event's list): blocks are read first and a
 * contribution id met again is skipped. An event with neither contributions nor
 * blocks is itself one session.
 *
 * Everything is lenient: a flawed item is repaired or dropped with a warning at its
 * path. Layout: small readers; times and zones; people; one item; blocks; the two
 * shapes; the sniffer and the entry point.
 */
#include "importers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "build.h"
#include "civil.h"
#include "link.h"
#include "utf8.h"


typedef struct {
    feed_builder b;
    fb_map seen;             /* contribution ids read (event export) */
    const char *zone_name;   /* the last tz looked up, and its zone (NULL: unknown) */
    const tz_zone *zone;
    bool event_zone;         /* the event's zone is set */
} ind_import;

/* ---- Small readers ------------------------------------------------------------ */

/* path + "[\"key\"]", the key quoted as paths quote it. */
static void path_quoted(char out[FEED_PATH_MAX], const char *path, const char *key)
{
    char k[FEED_PATH_QUOTED_MAX];
    feed_path_quote(k, key);
    int w = snprintf(out, FEED_PATH_MAX, "%s[\"%s\"]", path, k);
    if (w >= FEED_PATH_MAX)
        out[utf8_cut(out, FEED_PATH_MAX - 1)] = '\0';
}

/* Member key of obj as a trimmed arena string; NULL when absent, empty or not a string. */
static const char *text_of(ind_import *x, const cJSON *obj, const char *key, const char *parent)
{
    const cJSON *v = feed_member(obj, key);
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return NULL;
    char p[FEED_PATH_MAX];
    feed_path_key(p, parent, key);
    const char *s = fb_cstr(&x->b, v->valuestring, p);
    return s && *s ? s : NULL;
}

/* The first of two members that is a non-empty string. */
static const char *text_of2(ind_import *x, const cJSON *obj, const char *k1, const char *k2,
                            const char *parent)
{
    const char *s = text_of(x, obj, k1, parent);
    return s ? s : text_of(x, obj, k2, parent);
}

/* An id (string or number) as an arena string; NULL when absent. */
static const char *id_text(ind_import *x, const cJSON *v, const char *path)
{
    char buf[40];
    if (cJSON_IsString(v) && v->valuestring[0])
        return fb_cstr(&x->b, v->valuestring, path);
    if (!cJSON_IsNumber(v))
        return NULL;
    if (v->valuedouble > -1e15 && v->valuedouble < 1e15 &&
        v->valuedouble == (double)(long long)v->valuedouble)
        snprintf(buf, sizeof(buf), "%lld", (long long)v->valuedouble);
    else
        snprintf(buf, sizeof(buf), "%.17g", v->valuedouble);
    return fb_cstr(&x->b, buf, path);
}

/* Kind from a contribution type ("Keynote", {"name": "Panel discussion"}...). */
static agenda_kind kind_of(const cJSON *type, agenda_kind dflt)
{
    if (cJSON_IsObject(type))
        type = feed_member(type, "name");
    if (!cJSON_IsString(type))
        return dflt;
    static const struct {
        const char *word;
        agenda_kind kind;
    } words[] = {{"keynote", AGENDA_KIND_KEYNOTE}, {"plenary", AGENDA_KIND_KEYNOTE},
                 {"panel", AGENDA_KIND_PANEL},     {"break", AGENDA_KIND_BREAK},
                 {"coffee", AGENDA_KIND_BREAK},    {"lunch", AGENDA_KIND_BREAK},
                 {"ceremony", AGENDA_KIND_CEREMONY}};
    for (const char *s = type->valuestring; *s; s++)
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            if (strncasecmp(s, words[i].word, strlen(words[i].word)) == 0)
                return words[i].kind;
    return dflt;
}

/* ---- Times and zones -------------------------------------------------------------- */

/* The zone a date's tz names (cached by name); unknown: a warning, the venue zone. The
 * first zone met is the event's zone unless the export named one. */
static const tz_zone *zone_of(ind_import *x, const char *name, const char *path)
{
    if (x->zone_name && strcmp(name, x->zone_name) == 0 && x->zone)
        return x->zone;
    const tz_zone *z = fb_zone(&x->b, name);
    if (!z) {
        fb_flaw(&x->b, path, "unknown time zone \"%.64s\": read in the venue zone", name);
        return fb_venue_zone(&x->b, path);
    }
    if (!x->event_zone) {
        fb_use_event_zone(&x->b, z);
        x->event_zone = true;
    }
    x->zone_name = name;
    x->zone = z;
    return z;
}

/* The event's zone from the export's `timezone` (at path): loaded once, and kept as
 * the zone of dates whose tz names it; unknown, the builder warns and reads in UTC. */
static void set_event_zone(ind_import *x, const char *name, const char *path)
{
    const tz_zone *z = fb_zone(&x->b, name);
    if (z) {
        fb_use_event_zone(&x->b, z);
        x->zone_name = name;
        x->zone = z;
    } else {
        fb_set_event_zone(&x->b, name, NULL, path);
    }
    x->event_zone = true;
}

/* Reads obj.key (path p): {date, time, tz}, or an RFC 3339 string. 1 read, 0 absent,
 * -1 unreadable. */
static int when_of(ind_import *x, const cJSON *obj, const char *key, const char *p, int64_t *out)
{
    const cJSON *v = feed_member(obj, key);
    if (!v)
        return 0;
    char buf[64];
    const tz_zone *z = NULL;
    if (cJSON_IsString(v)) {
        if (civil_parse_rfc3339(v->valuestring, out, NULL))
            return 1;
        snprintf(buf, sizeof(buf), "%.63s", v->valuestring);
    } else {
        const cJSON *date = feed_member(v, "date"), *time = feed_member(v, "time");
        const cJSON *tz = feed_member(v, "tz");
        if (!cJSON_IsString(date))
            return cJSON_IsObject(v) && !date ? 0 : -1;
        snprintf(buf, sizeof(buf), "%.16sT%.16s", date->valuestring,
                 cJSON_IsString(time) ? time->valuestring : "00:00:00");
        char q[FEED_PATH_MAX];
        feed_path_key(q, p, "tz");
        if (cJSON_IsString(tz) && tz->valuestring[0])
            z = zone_of(x, tz->valuestring, q);
    }
    int64_t y;
    int mo, d, h, mi, s;
    if (!civil_parse_local(buf, &y, &mo, &d, &h, &mi, &s))
        return -1;
    if (!z)
        z = fb_venue_zone(&x->b, p);
    return fb_local(z, y, mo, d, h, mi, s, out) ? 1 : -1;
}

/* ---- People ------------------------------------------------------------------------- */

/* A person's name: fullName (or name) as written, else [title] first last. */
static const char *person_name(ind_import *x, const cJSON *p, const char *path)
{
    if (cJSON_IsString(p))
        return p->valuestring[0] ? fb_cstr(&x->b, p->valuestring, path) : NULL;
    const char *full = text_of2(x, p, "fullName", "name", path);
    if (full)
        return full;
    const char *parts[3] = {text_of(x, p, "title", path),
                            text_of2(x, p, "first_name", "firstName", path),
                            text_of2(x, p, "last_name", "familyName", path)};
    if (!parts[1] && !parts[2])
        return NULL;
    char buf[3 * 256];
    size_t n = 0;
    for (size_t i = 0; i < 3; i++)
        if (parts[i])
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%.250s", n ? " " : "", parts[i]);
    return fb_cstr(&x->b, buf, path);
}

/* The people of array arr (at path); *n their count. NULL when none. */
static const agenda_person *people_of(ind_import *x, const cJSON *arr, const char *path,
                                      size_t *n)
{
    *n = 0;
    size_t cap = (size_t)cJSON_GetArraySize(arr), i = 0;
    if (!cJSON_IsArray(arr) || !cap)
        return NULL;
    agenda_person *v = fb_people(&x->b, &cap, path);
    const cJSON *e;
    cJSON_ArrayForEach(e, (v ? arr : NULL))
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, path, i++);
        const char *name = *n < cap ? person_name(x, e, p) : NULL;
        if (!name) {
            if (*n < cap)
                fb_flaw(&x->b, p, "a person without a name: left out");
            continue;
        }
        v[*n].name = fb_text(&x->b, name);
        v[*n].affiliation = fb_text(&x->b, text_of(x, e, "affiliation", p));
        (*n)++;
    }
    return *n ? v : NULL;
}

/* The people of the first of two members of obj that is a non-empty array. */
static const agenda_person *people_in(ind_import *x, const cJSON *obj, const char *k1,
                                      const char *k2, const char *parent, size_t *n)
{
    const cJSON *arr = feed_member(obj, k1);
    const char *key = k1;
    if (!cJSON_IsArray(arr) || !arr->child) {
        arr = feed_member(obj, k2);
        key = k2;
    }
    char p[FEED_PATH_MAX];
    feed_path_key(p, parent, key);
    return people_of(x, arr, p, n);
}

/* ---- One item ------------------------------------------------------------------------- */

/* What a block hands down to its nested items. */
typedef struct {
    const cJSON *of; /* the block */
    const agenda_person *chair;
    size_t n_chair;
} ind_block;

/* The end of item o that starts at start: endDate, else start + duration minutes. */
static bool end_of(ind_import *x, const cJSON *o, const char *path, int64_t start, int64_t *end)
{
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "endDate");
    int r = when_of(x, o, "endDate", p, end);
    if (r > 0)
        return true;
    const cJSON *d = feed_member(o, "duration");
    if (cJSON_IsNumber(d) && d->valuedouble >= 0 && d->valuedouble <= FB_MAX_SESSION_SECONDS / 60) {
        *end = start + (int64_t)(d->valuedouble * 60);
        return true;
    }
    fb_drop(&x->b, p, r ? "not a date" : "no end date or duration");
    return false;
}

/* One contribution, break or block at path as a session (kind dflt unless its type says
 * otherwise). key: its key in a timetable object (the id when it has none). */
static void add_item(ind_import *x, const cJSON *o, const char *path, const char *key,
                     agenda_kind dflt, const ind_block *blk)
{
    feed_builder *b = &x->b;
    if (!cJSON_IsObject(o)) {
        fb_drop(b, path, "expected an object, found %s", feed_type_name(o));
        return;
    }
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "id");
    const char *id = id_text(x, feed_member(o, "db_id"), p);
    if (!id)
        id = id_text(x, feed_member(o, "id"), p);
    if (!id && key)
        id = fb_cstr(b, key, p);
    if (!key && id && fb_map_get(&x->seen, id) >= 0)
        return; /* the event export's second listing of a block's contribution */
    int64_t start, end;
    feed_path_key(p, path, "startDate");
    int r = when_of(x, o, "startDate", p, &start);
    if (r <= 0) {
        fb_drop(b, p, r ? "not a date" : "not scheduled (no start date)");
        return;
    }
    if (!end_of(x, o, path, start, &end))
        return;
    if (!key && id && !fb_map_put(&x->seen, id, 0))
        feed_oom(b->c);
    const char *room = text_of2(x, o, "room", "roomFullname", path);
    const char *track = text_of(x, o, "track", path);
    feed_path_key(p, path, "room");
    int32_t hall = fb_hall(b, room, fb_text(b, room), p);
    feed_path_key(p, path, "track");
    int32_t trk = fb_track(b, track, fb_text(b, track), NULL, p);
    const char *title = text_of2(x, o, "title", "slotTitle", path);
    if (!title) {
        feed_path_key(p, path, "session");
        title = text_of(x, feed_member(o, "session"), "title", p);
    }
    const cJSON *desc = feed_member(o, "description");
    feed_path_key(p, path, "description");
    const char *text = cJSON_IsString(desc)
                           ? fb_html_text(b, desc->valuestring, strlen(desc->valuestring), p)
                           : NULL;
    size_t ns, nc = 0;
    const agenda_person *speakers = people_in(x, o, "speakers", "presenters", path, &ns);
    const agenda_person *chair =
        blk && blk->of == o ? NULL : people_in(x, o, "conveners", "chairs", path, &nc);
    const cJSON *url = feed_member(o, "url");
    feed_path_key(p, path, "url");
    const char *link = fb_link(b, cJSON_IsString(url) ? url->valuestring : NULL, false, p);
    agenda_session *s = fb_session(b, path);
    if (!s)
        return;
    *s = (agenda_session){.id = id, .url = link, .start = start, .end = end, .hall = hall, .track = trk,
                          .kind = kind_of(feed_member(o, "type"), dflt),
                          .status = AGENDA_STATUS_SCHEDULED, .title = fb_text(b, title),
                          .description = fb_text(b, text), .speakers = speakers,
                          .n_speakers = ns, .chair = nc || !blk ? chair : blk->chair,
                          .n_chair = nc || !blk ? nc : blk->n_chair};
}

/* ---- Blocks -------------------------------------------------------------------------- */

/* The chair a block hands to its items: its conveners, else its session's. */
static ind_block block_chair(ind_import *x, const cJSON *blk, const char *path)
{
    ind_block k = {blk, NULL, 0};
    char p[FEED_PATH_MAX];
    k.chair = people_in(x, blk, "conveners", "chairs", path, &k.n_chair);
    if (!k.n_chair) {
        feed_path_key(p, path, "session");
        k.chair = people_in(x, feed_member(blk, "session"), "conveners", "chairs", p, &k.n_chair);
    }
    return k;
}

/* A timetable object of entries ({"c1": {...}, "b2": {...}}) at path. */
static void add_entries(ind_import *x, const cJSON *entries, const char *path,
                        const ind_block *blk);

/* A timetable entry: a block (entryType "Session") or an item. */
static void add_entry(ind_import *x, const cJSON *e, const char *path, const ind_block *blk)
{
    const cJSON *type = feed_member(e, "entryType"), *nested = feed_member(e, "entries");
    bool session = cJSON_IsString(type) && strcmp(type->valuestring, "Session") == 0;
    bool brk = cJSON_IsString(type) && strcmp(type->valuestring, "Break") == 0;
    if (session && !blk) {
        ind_block k = block_chair(x, e, path);
        char p[FEED_PATH_MAX];
        feed_path_key(p, path, "entries");
        if (cJSON_IsObject(nested) && nested->child)
            add_entries(x, nested, p, &k);
        else
            add_item(x, e, path, e->string, AGENDA_KIND_TALK, &k);
        return;
    }
    add_item(x, e, path, e->string, brk ? AGENDA_KIND_BREAK : AGENDA_KIND_TALK, blk);
}

static void add_entries(ind_import *x, const cJSON *entries, const char *path,
                        const ind_block *blk)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, (cJSON_IsObject(entries) ? entries : NULL))
    {
        char p[FEED_PATH_MAX];
        path_quoted(p, path, e->string);
        add_entry(x, e, p, blk);
        if (x->b.over_limit || x->b.c->oom)
            return;
    }
}

/* Every contribution of array arr (member key of parent). */
static void add_contributions(ind_import *x, const cJSON *parent, const char *key,
                              const char *path, const ind_block *blk)
{
    char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
    feed_path_key(p, path, key);
    const cJSON *arr = feed_member(parent, key), *c;
    size_t i = 0;
    cJSON_ArrayForEach(c, (cJSON_IsArray(arr) ? arr : NULL))
    {
        feed_path_index(q, p, i++);
        add_item(x, c, q, NULL, AGENDA_KIND_TALK, blk);
        if (x->b.over_limit || x->b.c->oom)
            return;
    }
}

/* The session blocks of an event (event export). */
static void add_blocks(ind_import *x, const cJSON *ev, const char *path)
{
    char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
    feed_path_key(p, path, "sessions");
    const cJSON *arr = feed_member(ev, "sessions"), *blk;
    size_t i = 0;
    cJSON_ArrayForEach(blk, (cJSON_IsArray(arr) ? arr : NULL))
    {
        feed_path_index(q, p, i++);
        const cJSON *contribs = feed_member(blk, "contributions");
        ind_block k = block_chair(x, blk, q);
        if (cJSON_IsArray(contribs) && contribs->child)
            add_contributions(x, blk, "contributions", q, &k);
        else
            add_item(x, blk, q, NULL, AGENDA_KIND_TALK, &k);
    }
}

/* ---- The two shapes ------------------------------------------------------------------- */

static void import_events(ind_import *x, const cJSON *results)
{
    const cJSON *ev;
    size_t i = 0;
    cJSON_ArrayForEach(ev, results)
    {
        char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
        feed_path_index(p, "results", i++);
        if (i == 1) {
            x->b.c->a->title = fb_text(&x->b, text_of(x, ev, "title", p));
            const cJSON *tz = feed_member(ev, "timezone");
            feed_path_key(q, p, "timezone");
            if (cJSON_IsString(tz) && tz->valuestring[0])
                set_event_zone(x, tz->valuestring, q);
        }
        const cJSON *blocks = feed_member(ev, "sessions"), *contribs = feed_member(ev, "contributions");
        if ((cJSON_IsArray(blocks) && blocks->child) || (cJSON_IsArray(contribs) && contribs->child)) {
            add_blocks(x, ev, p);
            add_contributions(x, ev, "contributions", p, NULL);
        } else if (cJSON_IsObject(ev)) {
            add_item(x, ev, p, NULL, AGENDA_KIND_TALK, NULL);
        }
    }
}

static void import_timetable(ind_import *x, const cJSON *results)
{
    const cJSON *ev, *day;
    cJSON_ArrayForEach(ev, results)
    {
        char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
        path_quoted(p, "results", ev->string);
        cJSON_ArrayForEach(day, (cJSON_IsObject(ev) ? ev : NULL))
        {
            path_quoted(q, p, day->string);
            add_entries(x, day, q, NULL);
        }
    }
}

/* ---- Sniffer and entry point -------------------------------------------------------- */

/* True if the first entry of a timetable export has an entryType. */
static bool is_timetable(const cJSON *results)
{
    const cJSON *ev, *day;
    cJSON_ArrayForEach(ev, (cJSON_IsObject(results) ? results : NULL))
    {
        cJSON_ArrayForEach(day, (cJSON_IsObject(ev) ? ev : NULL))
        {
            const cJSON *e = cJSON_IsObject(day) ? day->child : NULL;
            if (e)
                return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "entryType"));
        }
    }
    return false;
}

bool feed_sniff_indico(const cJSON *root)
{
    const cJSON *r = cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "results") : NULL;
    if (!cJSON_IsArray(r))
        return is_timetable(r);
    const cJSON *ev = r->child, *type = cJSON_GetObjectItemCaseSensitive(ev, "_type");
    if (!cJSON_IsObject(ev))
        return false;
    return (cJSON_IsString(type) && strcmp(type->valuestring, "Conference") == 0) ||
           (cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(ev, "contributions")) &&
            cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(ev, "startDate")));
}

void feed_import_indico(feed_ctx *c, const cJSON *root)
{
    ind_import x;
    memset(&x, 0, sizeof(x));
    fb_init(&x.b, c, true, c->bytes, c->len);
    const cJSON *results = feed_member(root, "results");
    if (cJSON_IsArray(results))
        import_events(&x, results);
    else
        import_timetable(&x, results);
    if (!c->oom && !x.b.over_limit)
        fb_finish(&x.b);
    fb_map_free(&x.seen);
    fb_free(&x.b);
}
