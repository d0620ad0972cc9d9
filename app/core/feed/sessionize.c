/* sessionize.c - imports Sessionize's JSON exports into the agenda.
 *
 * Three layouts of the same sessions are read (docs/feed-formats/sessionize.md):
 *   "All data"  {sessions: [...], speakers: [...], rooms: [...], categories: [...]}:
 *               sessions name their speakers, room and category items by id;
 *   grid        [{date, rooms: [{id, name, sessions: [...]}], timeSlots: [...]}]: one
 *               entry a day; sessions carry their speakers as {id, name};
 *   list        [{groupId, groupName, sessions: [...]}]: sessions grouped.
 * The grid lists each session twice (by room and by time slot): rooms[] is read when
 * present, else timeSlots[]. In the grid and the list a session id met again is a
 * repeated listing (a plenum session in every room, a session in several groups) and
 * is skipped; in "All data" a repeated id goes to the builder, which makes it unique.
 *
 * Sessionize writes local times without an offset ("2024-04-20T09:00:00") and never
 * names a zone: they are read in the venue zone (fb_venue_zone: the options' zone, else
 * UTC with a warning). A time with an offset or Z is taken as written.
 *
 * Tracks: the category whose title says "track" (the first such), else the only
 * category when there is exactly one; a session's track is its first item of that
 * category. Service sessions (breaks, lunch) are breaks.
 *
 * Everything is lenient: a flawed item is repaired or dropped with a warning at its
 * path. Layout: small readers; rooms, speakers, categories; one session; the layouts;
 * the sniffer and the entry point.
 */
#include "importers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "build.h"
#include "civil.h"

typedef struct {
    feed_builder b;
    fb_map speaker_ids;       /* speaker id -> index into names (All data) */
    agenda_text *names;       /* speaker names, arena */
    size_t n_names;
    fb_map items;             /* category item id -> track index (All data) */
    fb_map seen;              /* session ids read (grid and list: repeats skipped) */
    bool skip_repeats;
    const tz_zone *venue;     /* asked for at the first local time */
} sz_import;

/* ---- Small readers ------------------------------------------------------------ */

/* An id (a string, or a number as JSON writes it) as an arena string; NULL when absent,
 * empty or another type. */
static const char *id_of(sz_import *z, const cJSON *v, const char *path)
{
    char buf[40];
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (d > -1e15 && d < 1e15 && d == (double)(long long)d)
            snprintf(buf, sizeof(buf), "%lld", (long long)d);
        else
            snprintf(buf, sizeof(buf), "%.17g", d);
        return fb_cstr(&z->b, buf, path);
    }
    if (cJSON_IsString(v) && v->valuestring[0])
        return fb_cstr(&z->b, v->valuestring, path);
    return NULL;
}

/* Member key of obj as a trimmed arena string; NULL when absent or empty. Another
 * type is warned about and ignored. */
static const char *str_of(sz_import *z, const cJSON *obj, const char *key, const char *parent)
{
    const cJSON *v = feed_member(obj, key);
    char p[FEED_PATH_MAX];
    feed_path_key(p, parent, key);
    if (v && !cJSON_IsString(v)) {
        fb_flaw(&z->b, p, "expected a string, found %s: ignored", feed_type_name(v));
        return NULL;
    }
    const char *s = v ? fb_cstr(&z->b, v->valuestring, p) : NULL;
    return s && *s ? s : NULL;
}

/* Member key of obj when it is an array, else NULL (another type warned about). */
static const cJSON *array_of(sz_import *z, const cJSON *obj, const char *key, const char *parent)
{
    const cJSON *v = feed_member(obj, key);
    if (v && !cJSON_IsArray(v)) {
        char p[FEED_PATH_MAX];
        feed_path_key(p, parent, key);
        fb_flaw(&z->b, p, "expected an array, found %s: ignored", feed_type_name(v));
        return NULL;
    }
    return v;
}

/* Reads obj.key (path p) as a time: 1 read, 0 absent, -1 not a date-time. */
static int time_of(sz_import *z, const cJSON *obj, const char *key, const char *p, int64_t *out)
{
    const cJSON *v = feed_member(obj, key);
    if (!v)
        return 0;
    if (!cJSON_IsString(v))
        return -1;
    if (civil_parse_rfc3339(v->valuestring, out, NULL))
        return 1;
    int64_t y;
    int mo, d, h, mi, s;
    if (!civil_parse_local(v->valuestring, &y, &mo, &d, &h, &mi, &s))
        return -1;
    if (!z->venue)
        z->venue = fb_venue_zone(&z->b, p);
    return fb_local(z->venue, y, mo, d, h, mi, s, out) ? 1 : -1;
}

/* "first last" (either may be NULL) as an arena string; NULL when both are absent. */
static const char *join_name(sz_import *z, const char *first, const char *last, const char *path)
{
    if (!first || !last)
        return first ? first : last;
    size_t n = strlen(first) + strlen(last) + 2;
    char *buf = malloc(n);
    if (!buf) {
        feed_oom(z->b.c);
        return NULL;
    }
    snprintf(buf, n, "%s %s", first, last);
    const char *r = fb_cstr(&z->b, buf, path);
    free(buf);
    return r;
}

/* True if s holds the word "track" in any case ("Track", "Tracks", "Conference track"). */
static bool says_track(const char *s)
{
    for (; s && *s; s++)
        if (strncasecmp(s, "track", 5) == 0)
            return true;
    return false;
}

/* ---- Rooms, speakers, categories ------------------------------------------------ */

/* Declares the halls of a rooms array in its order: key = id (else name). */
static void declare_rooms(sz_import *z, const cJSON *rooms, const char *path)
{
    size_t i = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, rooms)
    {
        char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
        feed_path_index(p, path, i++);
        feed_path_key(q, p, "id");
        const char *name = str_of(z, r, "name", p), *key = id_of(z, feed_member(r, "id"), q);
        if (!key)
            key = name;
        if (!key)
            fb_drop(&z->b, p, "a room without id or name");
        else
            fb_hall(&z->b, key, fb_text(&z->b, name), p);
    }
}

/* Reads the speakers of "All data": id -> fullName, else firstName lastName. */
static void read_speakers(sz_import *z, const cJSON *speakers)
{
    size_t n = (size_t)cJSON_GetArraySize(speakers), i = 0;
    z->names = agenda_arena_alloc(z->b.c->ar, (n ? n : 1) * sizeof(*z->names));
    if (!z->names) {
        feed_oom(z->b.c);
        return;
    }
    const cJSON *sp;
    cJSON_ArrayForEach(sp, speakers)
    {
        char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
        feed_path_index(p, "speakers", i++);
        feed_path_key(q, p, "id");
        const char *id = id_of(z, feed_member(sp, "id"), q);
        const char *name = str_of(z, sp, "fullName", p);
        if (!name)
            name = join_name(z, str_of(z, sp, "firstName", p), str_of(z, sp, "lastName", p), p);
        if (!id || !name) {
            fb_flaw(&z->b, p, "a speaker without %s: ignored", id ? "a name" : "an id");
            continue;
        }
        if (fb_map_get(&z->speaker_ids, id) >= 0)
            continue;
        z->names[z->n_names] = fb_text(&z->b, name);
        if (!fb_map_put(&z->speaker_ids, id, (int32_t)z->n_names++))
            feed_oom(z->b.c);
    }
}

/* The category that gives the track: the first titled like "Track", else the only one;
 * *at: its index. Speaker categories (type other than "session") do not count. */
static const cJSON *track_category(const cJSON *cats, size_t *at)
{
    const cJSON *cat, *only = NULL;
    size_t n = 0, i = 0, only_at = 0;
    cJSON_ArrayForEach(cat, cats)
    {
        const cJSON *type = feed_member(cat, "type"), *t = feed_member(cat, "title");
        i++;
        if (!cJSON_IsObject(cat) || (cJSON_IsString(type) && strcasecmp(type->valuestring, "session")))
            continue;
        if (!cJSON_IsString(t))
            t = feed_member(cat, "name");
        *at = i - 1;
        if (cJSON_IsString(t) && says_track(t->valuestring))
            return cat;
        only = cat;
        only_at = i - 1;
        n++;
    }
    *at = only_at;
    return n == 1 ? only : NULL;
}

/* The items of a category: "items" ("All data") or "categoryItems" (grid, list). */
static const cJSON *category_items(const cJSON *cat)
{
    const cJSON *items = feed_member(cat, "items");
    return cJSON_IsArray(items) ? items : feed_member(cat, "categoryItems");
}

/* The track of one category item {id, name}; -1 when it has neither. */
static int32_t item_track(sz_import *z, const cJSON *item, const char *path)
{
    char q[FEED_PATH_MAX];
    feed_path_key(q, path, "id");
    const char *name = str_of(z, item, "name", path), *key = id_of(z, feed_member(item, "id"), q);
    return fb_track(&z->b, key ? key : name, fb_text(&z->b, name), NULL, path);
}

/* Declares the tracks of "All data" (the items of the track category, in order). */
static void read_categories(sz_import *z, const cJSON *cats)
{
    size_t at = 0, i = 0;
    const cJSON *cat = track_category(cats, &at), *items = category_items(cat), *it;
    char c[FEED_PATH_MAX], q[FEED_PATH_MAX];
    feed_path_index(c, "categories", at);
    feed_path_key(q, c, cJSON_IsArray(feed_member(cat, "items")) ? "items" : "categoryItems");
    cJSON_ArrayForEach(it, (cJSON_IsArray(items) ? items : NULL))
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, q, i++);
        int32_t t = item_track(z, it, p);
        const char *key = t >= 0 ? z->b.tracks[t].id : NULL;
        if (key && !fb_map_put(&z->items, key, t))
            feed_oom(z->b.c);
    }
}

/* ---- One session ------------------------------------------------------------------ */

/* The hall of session s: roomId (declared or new), else the room name; else `hint`. */
static int32_t session_hall(sz_import *z, const cJSON *s, const char *path, int32_t hint)
{
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "roomId");
    const char *name = str_of(z, s, "room", path), *key = id_of(z, feed_member(s, "roomId"), p);
    if (!key)
        key = name;
    if (!key)
        return hint;
    if (!name && fb_map_get(&z->b.hall_map, key) < 0)
        fb_flaw(&z->b, p, "room %.40s is not among the rooms: named by its id", key);
    return fb_hall(&z->b, key, fb_text(&z->b, name), p);
}

/* The track of session s: its first item of the track category. */
static int32_t session_track(sz_import *z, const cJSON *s, const char *path)
{
    char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
    const cJSON *v;
    feed_path_key(q, path, "categoryItems");
    cJSON_ArrayForEach(v, (z->items.n ? array_of(z, s, "categoryItems", path) : NULL))
    {
        const char *key = id_of(z, v, q);
        int32_t t = key ? fb_map_get(&z->items, key) : -1;
        if (t >= 0)
            return t;
    }
    size_t at = 0;
    const cJSON *cats = array_of(z, s, "categories", path), *cat = track_category(cats, &at);
    const cJSON *items = category_items(cat);
    if (!cat || !cJSON_IsArray(items) || !items->child)
        return -1;
    feed_path_key(p, path, "categories");
    feed_path_index(q, p, at);
    feed_path_key(p, q, "categoryItems[0]");
    return item_track(z, items->child, p);
}

/* The name of one entry of a session's speakers: an id ("All data") or {id, name}. */
static const agenda_text *speaker_of(sz_import *z, const cJSON *e, const char *path,
                                     agenda_text *tmp)
{
    if (cJSON_IsObject(e)) {
        const char *name = str_of(z, e, "name", path);
        if (name) {
            *tmp = fb_text(&z->b, name);
            return tmp;
        }
        e = feed_member(e, "id");
    }
    const char *id = id_of(z, e, path);
    int32_t k = id ? fb_map_get(&z->speaker_ids, id) : -1;
    if (k >= 0)
        return &z->names[k];
    fb_flaw(&z->b, path, "unknown speaker \"%.40s\": left out", id ? id : "");
    return NULL;
}

static void session_speakers(sz_import *z, const cJSON *s, const char *path, agenda_session *o)
{
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "speakers");
    const cJSON *arr = array_of(z, s, "speakers", path), *e;
    size_t n = (size_t)cJSON_GetArraySize(arr), k = 0, i = 0;
    if (!n)
        return;
    agenda_person *people = fb_people(&z->b, &n, p);
    if (!people)
        return;
    cJSON_ArrayForEach(e, arr)
    {
        char q[FEED_PATH_MAX];
        agenda_text tmp;
        feed_path_index(q, p, i++);
        const agenda_text *name = k < n ? speaker_of(z, e, q, &tmp) : NULL;
        if (name && name->n)
            people[k++].name = *name;
    }
    o->speakers = people;
    o->n_speakers = k;
}

/* One session object at path; hint: the hall of the grid column it is listed in. */
static void read_session(sz_import *z, const cJSON *s, const char *path, int32_t hint)
{
    feed_builder *b = &z->b;
    if (!cJSON_IsObject(s)) {
        fb_drop(b, path, "expected a session object, found %s", feed_type_name(s));
        return;
    }
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "id");
    const char *id = id_of(z, feed_member(s, "id"), p);
    if (z->skip_repeats && id && fb_map_get(&z->seen, id) >= 0)
        return;
    int64_t start, end;
    feed_path_key(p, path, "startsAt");
    int r = time_of(z, s, "startsAt", p, &start);
    if (r <= 0) {
        fb_drop(b, p, r ? "not a date-time" : "not scheduled (no start time)");
        return;
    }
    feed_path_key(p, path, "endsAt");
    if ((r = time_of(z, s, "endsAt", p, &end)) <= 0) {
        fb_drop(b, p, r ? "not a date-time" : "missing");
        return;
    }
    if (z->skip_repeats && id && !fb_map_put(&z->seen, id, 0))
        feed_oom(b->c);
    int32_t hall = session_hall(z, s, path, hint), track = session_track(z, s, path);
    const char *title = str_of(z, s, "title", path), *desc = str_of(z, s, "description", path);
    const char *status = str_of(z, s, "status", path);
    agenda_session *o = fb_session(b, path);
    if (!o)
        return;
    o->id = id;
    o->start = start;
    o->end = end;
    o->hall = hall;
    o->track = track;
    o->title = fb_text(b, title);
    o->description = fb_text(b, desc);
    if (cJSON_IsTrue(feed_member(s, "isServiceSession")))
        o->kind = AGENDA_KIND_BREAK;
    if (status && strncasecmp(status, "cancel", 6) == 0)
        o->status = AGENDA_STATUS_CANCELLED;
    session_speakers(z, s, path, o);
}

/* Every session of an array at path. */
static void read_sessions(sz_import *z, const cJSON *arr, const char *path, int32_t hint)
{
    size_t i = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, arr)
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, path, i++);
        read_session(z, s, p, hint);
        if (z->b.over_limit || z->b.c->oom)
            return;
    }
}

/* ---- The layouts ------------------------------------------------------------------ */

static void import_all_data(sz_import *z, const cJSON *root)
{
    declare_rooms(z, array_of(z, root, "rooms", ""), "rooms");
    read_speakers(z, feed_member(root, "speakers"));
    read_categories(z, array_of(z, root, "categories", ""));
    read_sessions(z, feed_member(root, "sessions"), "sessions", -1);
}

/* One grid day: its rooms' sessions, else its time slots' sessions. */
static void import_grid_day(sz_import *z, const cJSON *day, const char *path)
{
    char p[FEED_PATH_MAX], q[FEED_PATH_MAX], r[FEED_PATH_MAX];
    const cJSON *rooms = array_of(z, day, "rooms", path), *room;
    feed_path_key(p, path, "rooms");
    declare_rooms(z, rooms, p);
    size_t i = 0;
    cJSON_ArrayForEach(room, rooms)
    {
        feed_path_index(q, p, i++);
        feed_path_key(r, q, "id");
        const char *key = id_of(z, feed_member(room, "id"), r);
        int32_t hint = key ? fb_map_get(&z->b.hall_map, key) : -1;
        const cJSON *list = array_of(z, room, "sessions", q);
        feed_path_key(r, q, "sessions");
        read_sessions(z, list, r, hint);
    }
    if (rooms && rooms->child)
        return;
    const cJSON *slots = array_of(z, day, "timeSlots", path), *slot;
    feed_path_key(p, path, "timeSlots");
    i = 0;
    cJSON_ArrayForEach(slot, slots)
    {
        feed_path_index(q, p, i++);
        const cJSON *cols = array_of(z, slot, "rooms", q), *col;
        feed_path_key(r, q, "rooms");
        size_t k = 0;
        cJSON_ArrayForEach(col, cols)
        {
            char c[FEED_PATH_MAX], s[FEED_PATH_MAX];
            feed_path_index(c, r, k++);
            feed_path_key(s, c, "session");
            const cJSON *one = feed_member(col, "session");
            if (one)
                read_session(z, one, s, -1);
        }
    }
}

/* The grid (days) or the list (groups): an array of objects. */
static void import_array(sz_import *z, const cJSON *root, bool grid)
{
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, root)
    {
        char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
        feed_path_index(p, "", i++);
        if (!cJSON_IsObject(e)) {
            fb_flaw(&z->b, p, "expected an object, found %s: ignored", feed_type_name(e));
            continue;
        }
        if (grid) {
            import_grid_day(z, e, p);
        } else {
            feed_path_key(q, p, "sessions");
            read_sessions(z, array_of(z, e, "sessions", p), q, -1);
        }
        if (z->b.over_limit || z->b.c->oom)
            return;
    }
}

/* ---- Sniffer and entry point ------------------------------------------------------- */

static bool has_array(const cJSON *obj, const char *key)
{
    return cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(obj, key));
}

/* True for a grid day: {timeSlots: [...]} or {date, rooms: [...]}. */
static bool is_grid_day(const cJSON *e)
{
    return cJSON_IsObject(e) && (has_array(e, "timeSlots") ||
                                 (has_array(e, "rooms") && cJSON_GetObjectItemCaseSensitive(e, "date")));
}

bool feed_sniff_sessionize(const cJSON *root)
{
    if (cJSON_IsObject(root)) {
        const cJSON *rooms = cJSON_GetObjectItemCaseSensitive(root, "rooms");
        return has_array(root, "sessions") && has_array(root, "speakers") &&
               (!rooms || cJSON_IsArray(rooms));
    }
    const cJSON *first = cJSON_IsArray(root) ? root->child : NULL;
    return is_grid_day(first) || (cJSON_IsObject(first) && has_array(first, "sessions") &&
                                  cJSON_GetObjectItemCaseSensitive(first, "groupId"));
}

void feed_import_sessionize(feed_ctx *c, const cJSON *root)
{
    sz_import z;
    memset(&z, 0, sizeof(z));
    fb_init(&z.b, c, true, c->bytes, c->len);
    if (cJSON_IsObject(root)) {
        import_all_data(&z, root);
    } else {
        z.skip_repeats = true;
        import_array(&z, root, is_grid_day(root->child));
    }
    if (!c->oom && !z.b.over_limit)
        fb_finish(&z.b);
    fb_map_free(&z.speaker_ids);
    fb_map_free(&z.items);
    fb_map_free(&z.seen);
    fb_free(&z.b);
}
