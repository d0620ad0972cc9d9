/* frab_json.c - imports frab / pretalx / c3voc schedule.json into the agenda, in the
 * builder's LENIENT mode (build.h): real exports are taken as they come.
 *
 * Two layouts are read. The classic one: schedule.conference.days[].rooms is an object
 * keyed by room name whose values are arrays of events. The schedule v2 draft: a
 * top-level schedule.events[] with start/end date-times, rooms and tracks as objects
 * and participants with roles. When schedule.events is an array it is the list of
 * events and days[].rooms is not read (a file carrying both would list every event
 * twice).
 *
 * What becomes what: conference.title -> event title; schedule.version -> revision;
 * conference.languages -> languages (else "en"); time_zone_name -> the zone shown;
 * conference.rooms[] and every room events are listed in -> halls (id = name, or the
 * guid when two rooms share a name); conference.tracks[] and every event's track ->
 * tracks (id = name); events -> sessions: id from guid, else id, slug or code; title;
 * subtitle; description from abstract (else description); kind from type; persons or
 * participants -> speakers and chair.
 *
 * Policy on problems (docs/feed-formats/frab.md). Refused, with an error at the exact
 * path: what is not the format (a wrong JSON type, schedule.conference missing) and
 * what passes a limit. Repaired or dropped with a warning naming the path, as the
 * builder does: an event that cannot be placed in time (its date, start or duration
 * unreadable) is dropped; a zero-length event is kept as a moment; a repeated guid is
 * made unique; an unknown time_zone_name falls back to the offset all event dates
 * agree on, else UTC; a bad colour, a person without a name, persons past
 * AGENDA_MAX_PEOPLE and an abstract past the string limit are left out or cut.
 * JSON null anywhere counts as missing.
 *
 * Layout: small utilities (paths, texts); rooms and tracks; collecting the events; the
 * zone; durations, times, kinds and persons; one event -> one session; the entry point.
 */
#include "importers.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "civil.h"
#include "hash.h"
#include "utf8.h"

/* Bytes of a room name quoted in a path; longer names are cut (with "..."). */
#define FRAB_PATH_KEY_MAX 48

/* ---- Utilities ------------------------------------------------------------ */

/* printf into a path buffer; a truncated result never ends inside a UTF-8 sequence. */
static void path_fmt(char out[FEED_PATH_MAX], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void path_fmt(char out[FEED_PATH_MAX], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(out, FEED_PATH_MAX, fmt, ap);
    va_end(ap);
    if (w >= FEED_PATH_MAX) {
        out[utf8_cut(out, FEED_PATH_MAX - 1)] = '\0';
    }
}

/* A room name as it appears quoted in a path: '"' and '\' escaped, cut if long. */
static void path_quote(char *out, size_t cap, const char *key)
{
    size_t len = strlen(key), n = len > FRAB_PATH_KEY_MAX ? utf8_cut(key, FRAB_PATH_KEY_MAX) : len;
    size_t k = 0;
    for (size_t i = 0; i < n && k + 3 < cap; i++) {
        if (key[i] == '"' || key[i] == '\\')
            out[k++] = '\\';
        out[k++] = key[i];
    }
    if (n < len && k + 4 < cap) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}

static char ascii_lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static bool ascii_alpha(char ch)
{
    ch = ascii_lower(ch);
    return ch >= 'a' && ch <= 'z';
}

/* True if s contains the lowercase word w (case-insensitive) delimited by non-letters;
 * a plural "s" after it still counts ("Workshops"). */
static bool has_word(const char *s, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; s[i]; i++) {
        if (i > 0 && ascii_alpha(s[i - 1]))
            continue;
        size_t j = 0;
        while (j < wl && s[i + j] && ascii_lower(s[i + j]) == w[j])
            j++;
        if (j < wl)
            continue;
        const char *after = s + i + wl;
        if (ascii_lower(*after) == 's')
            after++;
        if (!ascii_alpha(*after))
            return true;
    }
    return false;
}

static bool ieq_prefix(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++)
        if (ascii_lower(*s) != *prefix)
            return false;
    return true;
}

/* An arena copy of key (a JSON object key) after checking it against the string limit. */
static const char *copy_key(feed_ctx *c, const char *key, const char *path)
{
    size_t len = strlen(key);
    if (len > c->opt->limits.max_string_bytes) {
        feed_report_add(c, FEED_ERROR, path, "name of %zu bytes is longer than %zu", len,
                        c->opt->limits.max_string_bytes);
        return NULL;
    }
    const char *s = agenda_arena_strndup(c->ar, key, len);
    if (!s)
        feed_oom(c);
    return s;
}

/* Reads an optional string member; an empty string counts as missing. */
static bool get_opt_string(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                           const char **out)
{
    if (!feed_get_string(c, obj, key, parent, false, out))
        return false;
    if (*out && !**out)
        *out = NULL;
    return true;
}

/* Reads an optional TEXT member; an empty plain string counts as missing. */
static bool get_opt_text(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                         agenda_text *out)
{
    if (!feed_get_text(c, obj, key, parent, false, out))
        return false;
    if (out->n == 1 && !out->v[0].tag[0] && !out->v[0].text[0])
        *out = (agenda_text){NULL, 0};
    return true;
}

/* Reads an optional TEXT member. A plain string goes through the builder (fb_str):
 * white space trimmed, and cut at the string limit with a warning (a long abstract
 * should not take the whole schedule off the board); an empty one counts as missing. */
static bool get_text(feed_builder *b, const cJSON *obj, const char *key, const char *parent,
                     agenda_text *out)
{
    const cJSON *v = feed_member(obj, key);
    if (cJSON_IsString(v)) {
        char p[FEED_PATH_MAX];
        feed_path_key(p, parent, key);
        const char *str = fb_cstr(b, v->valuestring, p);
        *out = fb_text(b, str);
        return str != NULL;
    }
    return get_opt_text(b->c, obj, key, parent, out);
}

/* ---- Rooms and tracks ----------------------------------------------------- */

/* The rooms (or tracks) found so far, in order of first appearance: the builder holds
 * them (its map knows their ids); this set also finds them by name, guid or slug. */
typedef struct {
    feed_builder *b;
    bool tracks;               /* the builder's tracks, else its halls */
    const char *noun;          /* "room" or "track": generated ids */
    fb_map by_name, by_alt;    /* by_alt: guids and slugs */
    const char **name, **guid; /* of item i (arena strings; guid may be NULL) */
    size_t cap;
    bool full;                 /* the limit was reached (reported by the builder) */
} itemset;

static void itemset_init(itemset *s, feed_builder *b, bool tracks)
{
    memset(s, 0, sizeof(*s));
    s->b = b;
    s->tracks = tracks;
    s->noun = tracks ? "track" : "room";
}

static void itemset_free(itemset *s)
{
    fb_map_free(&s->by_name);
    fb_map_free(&s->by_alt);
    free(s->name);
    free(s->guid);
}

static size_t itemset_n(const itemset *s)
{
    return s->tracks ? s->b->n_tracks : s->b->n_halls;
}

static const fb_map *itemset_ids(const itemset *s)
{
    return s->tracks ? &s->b->track_map : &s->b->hall_map;
}

/* An id for a new item: its name, else guid, else slug (the first of 1 to
 * AGENDA_MAX_ID_BYTES bytes not taken yet), else "room#N". NULL on out of memory. */
static const char *itemset_new_id(itemset *s, const char *name, const char *guid,
                                  const char *slug)
{
    const char *cand[3] = {name, guid, slug};
    for (size_t i = 0; i < 3; i++) {
        size_t n = cand[i] ? strlen(cand[i]) : 0;
        if (n >= 1 && n <= AGENDA_MAX_ID_BYTES && fb_map_get(itemset_ids(s), cand[i]) < 0)
            return cand[i];
    }
    char buf[40];
    for (size_t k = itemset_n(s) + 1;; k++) {
        snprintf(buf, sizeof(buf), "%s#%zu", s->noun, k);
        if (fb_map_get(itemset_ids(s), buf) < 0)
            break;
    }
    const char *id = agenda_arena_strndup(s->b->c->ar, buf, strlen(buf));
    if (!id)
        feed_oom(s->b->c);
    return id;
}

/* Adds an item (strings owned by the arena); returns its index, or -1 after reporting
 * at `path` (limit reached, out of memory). */
static int32_t itemset_add(itemset *s, const char *name, const char *guid, const char *slug,
                           const char *path)
{
    feed_builder *b = s->b;
    size_t n = itemset_n(s);
    if (n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 16;
        const char **nv = realloc(s->name, cap * sizeof(*nv));
        if (nv)
            s->name = nv;
        const char **gv = nv ? realloc(s->guid, cap * sizeof(*gv)) : NULL;
        if (!gv) {
            feed_oom(b->c);
            return -1;
        }
        s->guid = gv;
        s->cap = cap;
    }
    const char *id = itemset_new_id(s, name, guid, slug);
    if (!id)
        return -1;
    agenda_text t = fb_text(b, name);
    int32_t i = s->tracks ? fb_track(b, id, t, NULL, path) : fb_hall(b, id, t, path);
    if (i < 0) {
        s->full = true;
        return -1;
    }
    s->name[i] = name;
    s->guid[i] = guid;
    bool ok = fb_map_put(&s->by_name, name, i);
    if (guid)
        ok &= fb_map_put(&s->by_alt, guid, i);
    if (slug)
        ok &= fb_map_put(&s->by_alt, slug, i);
    if (!ok)
        feed_oom(b->c);
    return i;
}

/* The item a reference names, or -1. With a name, the name decides (a guid only picks
 * between items of the same name: real files reuse one guid for several rooms); without
 * one, the guid, then the slug. */
static int32_t itemset_find(const itemset *s, const char *name, const char *guid, const char *slug)
{
    int32_t i;
    if (name) {
        if (guid) {
            i = fb_map_get(&s->by_alt, guid);
            if (i >= 0 && strcmp(s->name[i], name) == 0)
                return i;
        }
        return fb_map_get(&s->by_name, name);
    }
    if (guid && (i = fb_map_get(&s->by_alt, guid)) >= 0)
        return i;
    return slug ? fb_map_get(&s->by_alt, slug) : -1;
}

/* The item referenced by a plain string: a name, else a guid or slug. */
static int32_t itemset_find_str(const itemset *s, const char *ref)
{
    int32_t i = fb_map_get(&s->by_name, ref);
    return i >= 0 ? i : fb_map_get(&s->by_alt, ref);
}

/* Finds the item or adds it. Returns its index or -1 (reported). */
static int32_t itemset_ref(itemset *s, const char *name, const char *guid, const char *slug,
                           const char *path)
{
    int32_t i = name && !guid && !slug ? itemset_find_str(s, name)
                                       : itemset_find(s, name, guid, slug);
    if (i >= 0)
        return i;
    return itemset_add(s, name ? name : slug ? slug : guid, guid, slug, path);
}

/* An item declared in the conference's list: merged into an item of the same name
 * unless both carry different guids (then two rooms share a name). */
static int32_t itemset_declare(itemset *s, const char *name, const char *guid, const char *slug,
                               const char *path)
{
    int32_t i = fb_map_get(&s->by_name, name);
    if (i < 0 || (guid && s->guid[i] && strcmp(guid, s->guid[i]) != 0))
        return itemset_add(s, name, guid, slug, path);
    bool ok = true;
    if (guid && !s->guid[i]) {
        s->guid[i] = guid;
        ok &= fb_map_put(&s->by_alt, guid, i);
    }
    if (slug)
        ok &= fb_map_put(&s->by_alt, slug, i);
    if (!ok)
        feed_oom(s->b->c);
    return i;
}

/* Reads a reference to a room or track at obj.key: a string (name, guid or slug) or an
 * object {name, guid, slug}. *out = -1 when absent. Returns false after an error. */
static bool parse_ref(itemset *s, const cJSON *obj, const char *key, const char *parent,
                      int32_t *out)
{
    feed_ctx *c = s->b->c;
    char p[FEED_PATH_MAX];
    feed_path_key(p, parent, key);
    const cJSON *v = feed_member(obj, key);
    *out = -1;
    if (!v)
        return true;
    if (cJSON_IsString(v)) {
        if (!v->valuestring[0])
            return true;
        int32_t i = itemset_find_str(s, v->valuestring);
        if (i < 0) {
            const char *name = feed_copy_string(c, v, p);
            if (!name)
                return false;
            i = itemset_add(s, name, NULL, NULL, p);
        }
        *out = i;
        return i >= 0;
    }
    if (!cJSON_IsObject(v)) {
        feed_report_add(c, FEED_ERROR, p, "expected a %s name or an object, found %s", s->noun,
                        feed_type_name(v));
        return false;
    }
    const char *name, *guid, *slug;
    bool ok = get_opt_string(c, v, "name", p, &name);
    ok &= get_opt_string(c, v, "guid", p, &guid);
    ok &= get_opt_string(c, v, "slug", p, &slug);
    if (!ok)
        return false;
    if (!name && !guid && !slug) {
        feed_report_add(c, FEED_ERROR, p, "a %s needs a \"name\", \"guid\" or \"slug\"", s->noun);
        return false;
    }
    *out = itemset_ref(s, name, guid, slug, p);
    return *out >= 0;
}

/* A track's colour: `colors.dark` (the board draws on a dark background), else `color`,
 * else `colors.light`. A value that is not "#rrggbb" is warned about and ignored. */
static bool parse_track_color(feed_ctx *c, const cJSON *e, const char *path, agenda_track *t)
{
    const char *dark = NULL, *light = NULL, *plain;
    bool ok = feed_get_string(c, e, "color", path, false, &plain);
    const cJSON *colors = feed_member(e, "colors");
    char cp[FEED_PATH_MAX];
    feed_path_key(cp, path, "colors");
    if (colors && !cJSON_IsObject(colors)) {
        feed_report_add(c, FEED_ERROR, cp, "expected an object, found %s", feed_type_name(colors));
        ok = false;
    } else if (colors) {
        ok &= feed_get_string(c, colors, "dark", cp, false, &dark);
        ok &= feed_get_string(c, colors, "light", cp, false, &light);
    }
    const char *pick[3] = {dark, plain, light};
    const char *where[3] = {"colors.dark", "color", "colors.light"};
    for (size_t i = 0; i < 3 && !t->has_color; i++) {
        if (!pick[i] || !pick[i][0])
            continue;
        if (fb_parse_color(pick[i], &t->color)) {
            t->has_color = true;
        } else {
            feed_path_key(cp, path, where[i]);
            feed_report_add(c, FEED_WARNING, cp,
                            "\"%.16s\" is not a colour as \"#rrggbb\": ignored", pick[i]);
        }
    }
    return ok;
}

/* Reads a list of named items at `base` ({name, guid?, slug?} and, for tracks, a
 * colour) into set. A missing list is fine. */
static bool parse_items(itemset *set, const cJSON *arr, const char *base)
{
    feed_ctx *c = set->b->c;
    if (!arr)
        return true;
    if (!cJSON_IsArray(arr)) {
        feed_report_add(c, FEED_ERROR, base, "expected an array, found %s", feed_type_name(arr));
        return false;
    }
    bool ok = true;
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, base, i++);
        if (!cJSON_IsObject(e)) {
            feed_report_add(c, FEED_ERROR, p, "expected an object, found %s", feed_type_name(e));
            ok = false;
            continue;
        }
        const char *name, *guid, *slug;
        bool eok = feed_get_string(c, e, "name", p, true, &name);
        eok &= get_opt_string(c, e, "guid", p, &guid);
        eok &= get_opt_string(c, e, "slug", p, &slug);
        int32_t t = eok ? itemset_declare(set, name, guid, slug, p) : -1;
        if (t >= 0 && set->tracks)
            eok &= parse_track_color(c, e, p, &set->b->tracks[t]);
        ok &= eok && t >= 0;
        if (set->full || c->oom)
            return false;
    }
    return ok;
}

/* Reads conference.rooms[] (or schedule.rooms[], where some exporters put it). */
static bool parse_rooms(itemset *halls, const cJSON *sch, const cJSON *conf)
{
    const cJSON *arr = feed_member(conf, "rooms");
    if (arr)
        return parse_items(halls, arr, "schedule.conference.rooms");
    return parse_items(halls, feed_member(sch, "rooms"), "schedule.rooms");
}

/* Reads conference.tracks[]: {name, color | colors{dark, light}, slug, guid}. */
static bool parse_tracks(itemset *tracks, const cJSON *conf)
{
    return parse_items(tracks, feed_member(conf, "tracks"), "schedule.conference.tracks");
}

/* ---- Collecting the events ------------------------------------------------ */

/* Where one event sits in the document. */
typedef struct {
    const cJSON *ev;
    const char *room;     /* classic: its key in days[].rooms; NULL in the v2 layout */
    size_t day, k;        /* classic: day index and index in the room's list; v2: k only */
    int32_t hall;         /* classic: the hall of `room` */
} ev_ref;

/* Day facts needed when an event has no `date` of its own. */
typedef struct {
    bool checked, has_date, has_start;
    int64_t y;
    int m, d;
    int start_sod;        /* local second of the day at which day_start falls */
} day_info;

typedef struct {
    feed_builder *b;
    itemset halls, tracks;
    ev_ref *refs;
    size_t n_refs, cap_refs;
    bool v2;
    const cJSON *days;    /* classic: schedule.conference.days */
    day_info *day;        /* classic: one per element of days */
    size_t n_days;
    const tz_zone *zone;  /* the conference zone, for local times (the agenda owns it) */
    bool zone_named;      /* zone comes from time_zone_name (then offsets are compared) */
    size_t off_mismatch;  /* events whose date offset differs from the zone's */
    int32_t mismatch_off;
    char mismatch_path[FEED_PATH_MAX];
} frab;

static void ref_path(char out[FEED_PATH_MAX], const ev_ref *r)
{
    if (!r->room) {
        path_fmt(out, "schedule.events[%zu]", r->k);
        return;
    }
    char q[2 * FRAB_PATH_KEY_MAX + 8];
    path_quote(q, sizeof(q), r->room);
    path_fmt(out, "schedule.conference.days[%zu].rooms[\"%s\"][%zu]", r->day, q, r->k);
}

static bool push_ref(feed_ctx *c, frab *f, const ev_ref *r)
{
    if (f->n_refs == f->cap_refs) {
        size_t cap = f->cap_refs ? 2 * f->cap_refs : 64;
        ev_ref *v = realloc(f->refs, cap * sizeof(*v));
        if (!v) {
            feed_oom(c);
            return false;
        }
        f->refs = v;
        f->cap_refs = cap;
    }
    f->refs[f->n_refs++] = *r;
    return true;
}

/* The classic layout. Returns false when the events cannot be listed (structure
 * errors are reported and skipped; the session limit stops everything). */
static bool collect_classic(feed_ctx *c, frab *f, const cJSON *conf)
{
    const char *base = "schedule.conference.days";
    const cJSON *days = feed_member(conf, "days");
    if (!days) {
        feed_report_add(c, FEED_ERROR, base, "missing (or give the v2 \"schedule.events\")");
        return false;
    }
    if (!cJSON_IsArray(days)) {
        feed_report_add(c, FEED_ERROR, base, "expected an array, found %s", feed_type_name(days));
        return false;
    }
    f->days = days;
    f->n_days = (size_t)cJSON_GetArraySize(days);
    f->day = calloc(f->n_days ? f->n_days : 1, sizeof(*f->day));
    if (!f->day) {
        feed_oom(c);
        return false;
    }
    size_t max = c->opt->limits.max_sessions, di = 0;
    const cJSON *day;
    cJSON_ArrayForEach(day, days)
    {
        char dp[FEED_PATH_MAX], rp[FEED_PATH_MAX];
        feed_path_index(dp, base, di);
        if (!cJSON_IsObject(day)) {
            feed_report_add(c, FEED_ERROR, dp, "expected an object, found %s", feed_type_name(day));
            di++;
            continue;
        }
        feed_path_key(rp, dp, "rooms");
        const cJSON *rooms = feed_member(day, "rooms");
        if (rooms && !cJSON_IsObject(rooms)) {
            feed_report_add(c, FEED_ERROR, rp, "expected an object keyed by room name, found %s",
                            feed_type_name(rooms));
            rooms = NULL;
        }
        const cJSON *list;
        cJSON_ArrayForEach(list, rooms)
        {
            char lp[FEED_PATH_MAX], q[2 * FRAB_PATH_KEY_MAX + 8];
            path_quote(q, sizeof(q), list->string);
            path_fmt(lp, "%s[\"%s\"]", rp, q);
            if (cJSON_IsNull(list))
                continue;
            if (!cJSON_IsArray(list)) {
                feed_report_add(c, FEED_ERROR, lp, "expected an array of events, found %s",
                                feed_type_name(list));
                continue;
            }
            int32_t hall = fb_map_get(&f->halls.by_name, list->string);
            if (hall < 0) {
                const char *name = copy_key(c, list->string, lp);
                if (!name)
                    continue;
                hall = itemset_add(&f->halls, name, NULL, NULL, lp);
                if (hall < 0)
                    return false;
            }
            size_t k = 0;
            const cJSON *ev;
            cJSON_ArrayForEach(ev, list)
            {
                ev_ref r = {ev, list->string, di, k++, hall};
                if (f->n_refs >= max) {
                    char ep[FEED_PATH_MAX];
                    ref_path(ep, &r);
                    feed_report_add(c, FEED_ERROR, ep, "more than the limit of %zu events", max);
                    return false;
                }
                if (!push_ref(c, f, &r))
                    return false;
            }
        }
        di++;
    }
    return true;
}

/* The v2 layout: schedule.events[]. */
static bool collect_v2(feed_ctx *c, frab *f, const cJSON *events)
{
    size_t n = (size_t)cJSON_GetArraySize(events), max = c->opt->limits.max_sessions, k = 0;
    if (n > max) {
        feed_report_add(c, FEED_ERROR, "schedule.events", "%zu events, more than the limit of %zu",
                        n, max);
        return false;
    }
    const cJSON *ev;
    cJSON_ArrayForEach(ev, events)
    {
        ev_ref r = {ev, NULL, 0, k++, -1};
        if (!push_ref(c, f, &r))
            return false;
    }
    return true;
}

/* ---- The zone ------------------------------------------------------------- */

/* The string holding an event's full date-time: `date`, else (v2) `start`. */
static const char *event_datetime(const cJSON *ev)
{
    const cJSON *v = feed_member(ev, "date");
    if (!v)
        v = feed_member(ev, "start");
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* The offset every dated event agrees on: 1 (and *off) when they all agree, 0 when
 * none carries one, -1 when they differ. */
static int common_offset(const frab *f, int32_t *off)
{
    bool any = false;
    for (size_t i = 0; i < f->n_refs; i++) {
        int32_t o;
        int64_t t;
        if (!civil_parse_rfc3339(event_datetime(f->refs[i].ev), &t, &o))
            continue;
        if (any && o != *off)
            return -1;
        *off = o;
        any = true;
    }
    return any;
}

/* Chooses the conference zone, which reads local times and is shown:
 * - time_zone_name, resolved by the builder (IANA, legacy and Windows names); an
 *   unknown name is warned about, and the fixed offset every event date agrees on
 *   stands in (else UTC);
 * - without time_zone_name, that fixed offset ("UTC+01:00"), so that the board shows
 *   the times printed in the schedule; UTC with a warning when the offsets differ; the
 *   builder's venue zone (--zone, else UTC with a warning) when no date has one.
 * Instants never depend on this choice when events carry offsets. */
static bool choose_zone(frab *f, const cJSON *conf)
{
    feed_builder *b = f->b;
    const char *path = "schedule.conference.time_zone_name";
    const char *tzn = NULL;
    if (conf && !get_opt_string(b->c, conf, "time_zone_name", "schedule.conference", &tzn))
        return false;
    int32_t off = 0;
    int common = common_offset(f, &off);
    const tz_zone *fixed = common == 1 ? fb_fixed_zone(b, off) : NULL;
    if (tzn) {
        f->zone = fb_zone(b, tzn);
        f->zone_named = f->zone != NULL;
        if (!f->zone)
            f->zone = fb_set_event_zone(b, tzn, fixed, path);
    } else if (common == 1) {
        f->zone = fixed;
    } else if (common < 0) {
        feed_report_add(b->c, FEED_WARNING, path,
                        "missing, and the events' offsets differ: times are shown in UTC");
        f->zone = fb_fixed_zone(b, 0);
    } else {
        f->zone = fb_venue_zone(b, path);
    }
    if (!f->zone)
        return false;
    b->venue = f->zone;
    b->venue_name = tz_name(f->zone);
    return true;
}

/* ---- Durations, times, kinds, persons ------------------------------------- */

/* Reads up to 6 decimal digits at *p (at least one). */
static bool read_num(const char **p, int64_t *out)
{
    int64_t v = 0;
    int n = 0;
    while (**p >= '0' && **p <= '9' && n < 7) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n >= 1 && n <= 6;
}

/* Seconds of a duration of n parts (part[], digits[] each) written with colons. */
static bool duration_parts(const int64_t *part, const int *digits, size_t n, int64_t *out)
{
    if (n == 1) {
        *out = part[0] * 60;
        return true;
    }
    if (part[n - 1] >= 60 || (n >= 3 && part[n - 2] >= 60))
        return false;
    if (n == 2) {
        *out = part[0] * 3600 + part[1] * 60;
        return true;
    }
    if (n == 4) { /* D:HH:MM:SS, all but the days padded */
        if (part[1] >= 24 || digits[1] != 2 || digits[2] != 2 || digits[3] != 2)
            return false;
        *out = part[0] * 86400 + part[1] * 3600 + part[2] * 60 + part[3];
    } else if (part[2] == 0 || part[1] >= 24) { /* HH:MM:SS */
        *out = part[0] * 3600 + part[1] * 60 + part[2];
    } else { /* D:HH:MM */
        *out = part[0] * 86400 + part[1] * 3600 + part[2] * 60;
    }
    return true;
}

/* Parses a frab duration into seconds. Accepted forms:
 *   a JSON number or a string of digits: minutes;
 *   "H:MM" / "HH:MM": hours (any number) and minutes;
 *   three parts "A:B:C": both "HH:MM:SS" and pretalx's "D:HH:MM" (a day or more:
 *   "1:01:30" is 25 h 30 min) are written this way. The rule: it is HH:MM:SS when C is
 *   0 or B is 24 or more, else D:HH:MM. Exporters that write HH:MM:SS (pentabarf, frab
 *   XML) write whole minutes, so C is 0; and B >= 24 cannot be an hour. So "01:30:00" is
 *   90 minutes, "00:45:30" 45.5 minutes, "0:01:30" 1 h 30 min;
 *   four parts "D:HH:MM:SS" (hours, minutes and seconds padded to two digits).
 * Each part is 1 to 6 digits; minutes and seconds must be below 60, a day's hour below
 * 24. Returns false for anything else. */
static bool parse_duration(const cJSON *v, int64_t *out)
{
    if (cJSON_IsNumber(v)) {
        double m = v->valuedouble;
        if (!(m >= 0 && m <= 1e7) || m != (double)(int64_t)m)
            return false;
        *out = (int64_t)m * 60;
        return true;
    }
    if (!cJSON_IsString(v))
        return false;
    const char *p = v->valuestring;
    int64_t part[4];
    int digits[4];
    size_t n = 0;
    for (;;) {
        const char *from = p;
        if (n == 4 || !read_num(&p, &part[n]))
            return false;
        digits[n++] = (int)(p - from);
        if (*p == '\0')
            break;
        if (*p++ != ':')
            return false;
    }
    return duration_parts(part, digits, n, out);
}

/* Parses "H:MM", "HH:MM" or "HH:MM:SS" (a wall-clock time) into seconds of the day. */
static bool parse_clock(const char *s, int *sod)
{
    int64_t h, m, sec = 0;
    if (!read_num(&s, &h) || *s++ != ':' || !read_num(&s, &m))
        return false;
    if (*s == ':') {
        s++;
        if (!read_num(&s, &sec))
            return false;
    }
    if (*s || h > 23 || m > 59 || sec > 59)
        return false;
    *sod = (int)(h * 3600 + m * 60 + sec);
    return true;
}

/* Reads (once) the day's `date` and `day_start`, for events without their own date. */
static const day_info *day_get(frab *f, size_t di)
{
    day_info *d = &f->day[di];
    if (d->checked)
        return d;
    d->checked = true;
    const cJSON *day = cJSON_GetArrayItem(f->days, (int)di);
    const cJSON *v = feed_member(day, "date");
    int h, mi, sec;
    char buf[32];
    if (cJSON_IsString(v) && strlen(v->valuestring) == 10) {
        snprintf(buf, sizeof(buf), "%sT00:00", v->valuestring);
        d->has_date = civil_parse_local(buf, &d->y, &d->m, &d->d, &h, &mi, &sec);
    }
    v = feed_member(day, "day_start");
    int64_t t;
    int32_t off;
    if (cJSON_IsString(v) && civil_parse_rfc3339(v->valuestring, &t, &off)) {
        d->has_start = true;
        d->start_sod = (int)(t + off - civil_floor_div(t + off, 86400) * 86400);
    }
    return d;
}

/* A local date-time string (no offset) read in the conference zone. */
static bool local_in_zone(const frab *f, const char *s, int64_t *out)
{
    int64_t y;
    int mo, d, h, mi, sec;
    return civil_parse_local(s, &y, &mo, &d, &h, &mi, &sec) &&
           tz_from_local(f->zone, y, mo, d, h, mi, sec, out);
}

/* The start of an event: its `date` (RFC 3339 with offset; without an offset, read in
 * the conference zone); else a date-time `start` (v2); else its day's `date` plus its
 * `start` clock time in the conference zone, on the next date when the clock time is
 * before the day's `day_start` (days run past midnight). */
static bool event_start(frab *f, const ev_ref *r, const char *path, int64_t *out)
{
    char p[FEED_PATH_MAX];
    const char *key = "date";
    const cJSON *v = feed_member(r->ev, key);
    if (!v && (v = feed_member(r->ev, "start")) != NULL)
        key = "start";
    if (!v) {
        feed_path_key(p, path, r->room ? "date" : "start");
        fb_drop(f->b, p, r->room ? "missing (and no \"start\")" : "missing");
        return false;
    }
    feed_path_key(p, path, key);
    if (!cJSON_IsString(v)) {
        fb_drop(f->b, p, "expected a date-time string, found %s", feed_type_name(v));
        return false;
    }
    int32_t off;
    if (civil_parse_rfc3339(v->valuestring, out, &off)) {
        if (f->zone_named && tz_offset_at(f->zone, *out) != off && f->off_mismatch++ == 0) {
            f->mismatch_off = off;
            snprintf(f->mismatch_path, sizeof(f->mismatch_path), "%s", p);
        }
        return true;
    }
    if (local_in_zone(f, v->valuestring, out))
        return true;
    int sod;
    if (strcmp(key, "start") == 0 && r->room && parse_clock(v->valuestring, &sod)) {
        const day_info *d = day_get(f, r->day);
        if (!d->has_date) {
            char dp[FEED_PATH_MAX];
            path_fmt(dp, "schedule.conference.days[%zu].date", r->day);
            fb_drop(f->b, p,
                            "a start without \"date\" needs a valid %s (YYYY-MM-DD)", dp);
            return false;
        }
        int64_t days = civil_days_from_ymd(d->y, d->m, d->d), y;
        int mo, dd;
        if (d->has_start && sod < d->start_sod)
            days++;
        civil_ymd_from_days(days, &y, &mo, &dd);
        if (tz_from_local(f->zone, y, mo, dd, sod / 3600, sod / 60 % 60, sod % 60, out))
            return true;
    }
    fb_drop(f->b, p,
                    "\"%.40s\" is not a date-time such as 2019-08-21T11:00:00+02:00%s",
                    v->valuestring, r->room && strcmp(key, "start") == 0 ? " or a time HH:MM" : "");
    return false;
}

/* The end of an event: `end` (a date-time), else start + `duration`. */
static bool event_end(const frab *f, const cJSON *ev, const char *path,
                      int64_t start, int64_t *out)
{
    char p[FEED_PATH_MAX];
    const cJSON *v = feed_member(ev, "end");
    if (v) {
        feed_path_key(p, path, "end");
        int64_t t;
        if (!cJSON_IsString(v)) {
            fb_drop(f->b, p, "expected a date-time string, found %s",
                            feed_type_name(v));
            return false;
        }
        if (!civil_parse_rfc3339(v->valuestring, &t, NULL) &&
            !local_in_zone(f, v->valuestring, &t)) {
            fb_drop(f->b, p,
                            "\"%.40s\" is not a date-time such as 2019-08-21T11:00:00+02:00",
                            v->valuestring);
            return false;
        }
        *out = t;
        return true;
    }
    feed_path_key(p, path, "duration");
    v = feed_member(ev, "duration");
    int64_t d;
    if (!v) {
        fb_drop(f->b, p, "missing (and no \"end\")");
        return false;
    }
    if (!cJSON_IsString(v) && !cJSON_IsNumber(v)) {
        fb_drop(f->b, p, "expected a duration such as \"01:30\", found %s",
                        feed_type_name(v));
        return false;
    }
    if (!parse_duration(v, &d)) {
        if (cJSON_IsString(v))
            fb_drop(f->b, p,
                            "\"%.20s\" is not a duration (H:MM, HH:MM:SS, D:HH:MM, D:HH:MM:SS or minutes)",
                            v->valuestring);
        else
            fb_drop(f->b, p, "%g is not a whole number of minutes",
                            v->valuedouble);
        return false;
    }
    if (d > FB_MAX_SESSION_SECONDS) {
        fb_drop(f->b, p, "longer than 7 days");
        return false;
    }
    *out = start + d;
    return true;
}

/* Session kind from frab's free-form `type` ("lecture", "Talk 30 min + 10min Q&A",
 * "Workshop 60 Min", v2 "TALK"/"OTHER"...): the first word of this table found in it,
 * else talk. */
static agenda_kind kind_from_type(const char *type)
{
    static const struct {
        const char *word;
        agenda_kind kind;
    } words[] = {
        {"keynote", AGENDA_KIND_KEYNOTE},    {"panel", AGENDA_KIND_PANEL},
        {"podium", AGENDA_KIND_PANEL},       {"ceremony", AGENDA_KIND_CEREMONY},
        {"opening", AGENDA_KIND_CEREMONY},   {"closing", AGENDA_KIND_CEREMONY},
        {"break", AGENDA_KIND_BREAK},        {"pause", AGENDA_KIND_BREAK},
        {"lunch", AGENDA_KIND_BREAK},        {"coffee", AGENDA_KIND_BREAK},
        {"dinner", AGENDA_KIND_BREAK},       {"breakfast", AGENDA_KIND_BREAK},
        {"workshop", AGENDA_KIND_OTHER},     {"other", AGENDA_KIND_OTHER},
        {"performance", AGENDA_KIND_OTHER},  {"concert", AGENDA_KIND_OTHER},
        {"meetup", AGENDA_KIND_OTHER},       {"meeting", AGENDA_KIND_OTHER},
        {"party", AGENDA_KIND_OTHER},        {"film", AGENDA_KIND_OTHER},
        {"movie", AGENDA_KIND_OTHER},        {"installation", AGENDA_KIND_OTHER},
        {"game", AGENDA_KIND_OTHER},         {"lecture", AGENDA_KIND_TALK},
        {"talk", AGENDA_KIND_TALK},
    };
    if (type)
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            if (has_word(type, words[i].word))
                return words[i].kind;
    return AGENDA_KIND_TALK;
}

/* Who a v2 participant is on the board: speakers (role "speaker" or none) and chair
 * ("moderator", "host", "chair", "facilitator"); other roles (contributor, organizer...)
 * are not shown. */
typedef enum { ROLE_SPEAKER, ROLE_CHAIR, ROLE_HIDDEN } person_role;

static person_role role_from(const char *role)
{
    if (!role || !role[0] || ieq_prefix(role, "speaker"))
        return ROLE_SPEAKER;
    static const char *const chair[] = {"moderator", "host", "chair", "facilitator"};
    for (size_t i = 0; i < sizeof(chair) / sizeof(chair[0]); i++)
        if (ieq_prefix(role, chair[i]))
            return ROLE_CHAIR;
    return ROLE_HIDDEN;
}

/* Reads `participants` (v2, with roles) or else `persons` (classic) into speakers and
 * chair. A person is an object with public_name, name or full_name, or a plain string.
 * Persons without a name are left out with a warning, and so are those past
 * AGENDA_MAX_PEOPLE in one list (a board cannot show more; rejecting the schedule for
 * it would be worse). */
static bool parse_persons(feed_ctx *c, const cJSON *ev, const char *path, agenda_session *s)
{
    const char *key = "participants";
    const cJSON *arr = feed_member(ev, key);
    bool roles = arr != NULL;
    if (!arr) {
        key = "persons";
        arr = feed_member(ev, key);
    }
    if (!arr)
        return true;
    char ap[FEED_PATH_MAX];
    feed_path_key(ap, path, key);
    if (!cJSON_IsArray(arr)) {
        feed_report_add(c, FEED_ERROR, ap, "expected an array, found %s", feed_type_name(arr));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr), cap = n < AGENDA_MAX_PEOPLE ? n : AGENDA_MAX_PEOPLE;
    if (cap == 0)
        return true;
    agenda_person *sp = agenda_arena_alloc(c->ar, cap * sizeof(*sp));
    agenda_person *ch = agenda_arena_alloc(c->ar, cap * sizeof(*ch));
    if (!sp || !ch) {
        feed_oom(c);
        return false;
    }
    bool ok = true;
    size_t i = 0, n_sp = 0, n_ch = 0, dropped = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char ep[FEED_PATH_MAX];
        feed_path_index(ep, ap, i++);
        agenda_text name = {NULL, 0};
        person_role role = ROLE_SPEAKER;
        if (cJSON_IsString(e)) {
            if (e->valuestring[0]) {
                const char *str = feed_copy_string(c, e, ep);
                if (!str) {
                    ok = false;
                    continue;
                }
                name = feed_plain_text(c, str);
            }
        } else if (cJSON_IsObject(e)) {
            static const char *const keys[] = {"public_name", "name", "full_name"};
            bool eok = true;
            for (size_t k = 0; k < 3 && !name.n && eok; k++)
                eok = get_opt_text(c, e, keys[k], ep, &name);
            const char *r = NULL;
            if (roles)
                eok &= feed_get_string(c, e, "role", ep, false, &r);
            if (!eok) {
                ok = false;
                continue;
            }
            role = role_from(r);
        } else {
            feed_report_add(c, FEED_ERROR, ep, "expected an object or a name, found %s",
                            feed_type_name(e));
            ok = false;
            continue;
        }
        if (role == ROLE_HIDDEN)
            continue;
        if (!name.n) {
            feed_report_add(c, FEED_WARNING, ep, "no name: left out");
            continue;
        }
        agenda_person *dst = role == ROLE_CHAIR ? ch : sp;
        size_t *nd = role == ROLE_CHAIR ? &n_ch : &n_sp;
        if (*nd >= AGENDA_MAX_PEOPLE) {
            dropped++;
            continue;
        }
        dst[*nd].name = name;
        (*nd)++;
    }
    if (dropped)
        feed_report_add(c, FEED_WARNING, ap, "%zu persons past the first %u left out", dropped,
                        AGENDA_MAX_PEOPLE);
    s->speakers = n_sp ? sp : NULL;
    s->n_speakers = n_sp;
    s->chair = n_ch ? ch : NULL;
    s->n_chair = n_ch;
    return ok;
}

/* ---- One event ------------------------------------------------------------ */

/* The session id: the first of guid, id, slug, code that is 1 to AGENDA_MAX_ID_BYTES
 * bytes long (numbers are written in decimal). */
static bool event_id(feed_builder *b, const ev_ref *r, const char *path, const char **out)
{
    feed_ctx *c = b->c;
    static const char *const keys[] = {"guid", "id", "slug", "code"};
    *out = NULL;
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        const cJSON *v = feed_member(r->ev, keys[i]);
        if (!v)
            continue;
        char p[FEED_PATH_MAX], num[40];
        feed_path_key(p, path, keys[i]);
        const char *s;
        if (cJSON_IsString(v)) {
            s = v->valuestring;
        } else if (cJSON_IsNumber(v)) {
            double d = v->valuedouble;
            if (d >= -9e15 && d <= 9e15 && d == (double)(int64_t)d)
                snprintf(num, sizeof(num), "%lld", (long long)d);
            else
                snprintf(num, sizeof(num), "%.17g", d);
            s = num;
        } else {
            feed_report_add(c, FEED_ERROR, p, "expected a string or a number, found %s",
                            feed_type_name(v));
            return false;
        }
        size_t n = strlen(s);
        if (n == 0 || n > AGENDA_MAX_ID_BYTES)
            continue;
        *out = agenda_arena_strndup(c->ar, s, n);
        if (!*out) {
            feed_oom(c);
            return false;
        }
        return true;
    }
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "guid");
    fb_flaw(b, p, "missing: no guid, id, slug or code of 1 to %u bytes, an id is made",
            AGENDA_MAX_ID_BYTES);
    return true;
}

/* Reads kind (from `type`) and status. */
static bool parse_kind_status(feed_ctx *c, const cJSON *ev, const char *path, agenda_session *s)
{
    const char *str;
    bool ok = true;
    if (!feed_get_string(c, ev, "type", path, false, &str))
        ok = false;
    else
        s->kind = kind_from_type(str);
    if (!feed_get_string(c, ev, "status", path, false, &str))
        ok = false;
    else if (str && ieq_prefix(str, "cancel"))
        s->status = AGENDA_STATUS_CANCELLED;
    return ok;
}

/* One event -> one session of the builder. An event that cannot be placed in time is
 * dropped (with a warning); false after an error. */
static bool parse_event(frab *f, const ev_ref *r)
{
    feed_ctx *c = f->b->c;
    char path[FEED_PATH_MAX];
    ref_path(path, r);
    if (!cJSON_IsObject(r->ev)) {
        feed_report_add(c, FEED_ERROR, path, "expected an event object, found %s",
                        feed_type_name(r->ev));
        return false;
    }
    agenda_session *s = fb_session(f->b, path);
    if (!s)
        return false;
    bool ok = event_id(f->b, r, path, &s->id);
    bool timed = event_start(f, r, path, &s->start) &&
                 event_end(f, r->ev, path, s->start, &s->end);
    fb_check_times(f->b, timed);
    s->hall = r->hall;
    if (!r->room)
        ok &= parse_ref(&f->halls, r->ev, "room", path, &s->hall);
    ok &= parse_ref(&f->tracks, r->ev, "track", path, &s->track);
    ok &= parse_kind_status(c, r->ev, path, s);
    ok &= get_text(f->b, r->ev, "title", path, &s->title);
    ok &= get_text(f->b, r->ev, "subtitle", path, &s->subtitle);
    bool dok = get_text(f->b, r->ev, "abstract", path, &s->description);
    if (dok && !s->description.n)
        dok = get_text(f->b, r->ev, "description", path, &s->description);
    return parse_persons(c, r->ev, path, s) && dok && ok;
}

/* ---- Entry point ---------------------------------------------------------- */

/* Languages: conference.languages (v2) when it holds language tags, else "en". Texts
 * in frab are plain strings, which need no translations. */
static bool parse_languages(feed_ctx *c, const cJSON *conf)
{
    static const char *const en[] = {"en"};
    agenda *a = c->a;
    a->languages = en;
    a->n_languages = 1;
    const char *base = "schedule.conference.languages";
    const cJSON *arr = feed_member(conf, "languages");
    if (!arr)
        return true;
    if (!cJSON_IsArray(arr)) {
        feed_report_add(c, FEED_ERROR, base, "expected an array, found %s", feed_type_name(arr));
        return false;
    }
    const char **l = agenda_arena_alloc(c->ar, AGENDA_MAX_LANGUAGES * sizeof(*l));
    if (!l) {
        feed_oom(c);
        return false;
    }
    size_t n = 0, i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, base, i++);
        bool tag = cJSON_IsString(e) && e->valuestring[0] && strlen(e->valuestring) <= 35;
        for (const char *t = tag ? e->valuestring : ""; *t && tag; t++)
            tag = ascii_alpha(*t) || (*t >= '0' && *t <= '9') ||
                  (*t == '-' && t > e->valuestring && t[1]);
        if (!tag) {
            feed_report_add(c, FEED_WARNING, p, "not a language tag: ignored");
        } else if (n == AGENDA_MAX_LANGUAGES) {
            feed_report_add(c, FEED_WARNING, p, "more than %u languages: ignored",
                            AGENDA_MAX_LANGUAGES);
        } else if (!(l[n++] = feed_copy_string(c, e, p))) {
            return false;
        }
    }
    if (n) {
        a->languages = l;
        a->n_languages = n;
    }
    return true;
}

/* schedule.version as the revision (`hashed` false, before the sessions are installed);
 * without one (`hashed` true, after), the acronym and a hash of what was imported,
 * which stays the same as long as the schedule does. */
static bool set_revision(feed_ctx *c, const cJSON *sch, const cJSON *conf, bool hashed)
{
    agenda *a = c->a;
    const cJSON *v = feed_member(sch, "version");
    char buf[160];
    if (hashed) {
        const cJSON *acr = feed_member(conf, "acronym");
        uint64_t h = HASH_INIT;
        for (size_t i = 0; i < a->n_sessions; i++) {
            const agenda_session *s = &a->sessions[i];
            const char *title = agenda_text_get(&s->title, NULL, NULL);
            int64_t t[2] = {s->start, s->end};
            int32_t k[4] = {s->hall, s->track, (int32_t)s->kind, (int32_t)s->status};
            h = hash_bytes(h, s->id, strlen(s->id) + 1);
            h = hash_bytes(h, t, sizeof(t));
            h = hash_bytes(h, k, sizeof(k));
            if (title)
                h = hash_bytes(h, title, strlen(title) + 1);
        }
        snprintf(buf, sizeof(buf), "%.64s-%016llx",
                 cJSON_IsString(acr) && acr->valuestring[0] ? acr->valuestring : "frab",
                 (unsigned long long)h);
    } else if (cJSON_IsNumber(v)) {
        snprintf(buf, sizeof(buf), "%g", v->valuedouble);
    } else if (v && !cJSON_IsString(v)) {
        feed_report_add(c, FEED_ERROR, "schedule.version", "expected a string, found %s",
                        feed_type_name(v));
        return false;
    } else if (v && v->valuestring[0]) {
        a->revision = feed_copy_string(c, v, "schedule.version");
        return a->revision != NULL;
    } else {
        return true;
    }
    a->revision = agenda_arena_strndup(c->ar, buf, strlen(buf));
    if (!a->revision)
        feed_oom(c);
    return a->revision != NULL;
}

bool feed_sniff_frab_json(const cJSON *root)
{
    return cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "schedule"));
}

/* The conference object and what hangs on it: languages, title, rooms, tracks. NULL
 * after an error. */
static const cJSON *parse_conference(frab *f, const cJSON *sch)
{
    feed_ctx *c = f->b->c;
    const cJSON *conf = feed_member(sch, "conference");
    if (!conf) {
        feed_report_add(c, FEED_ERROR, "schedule.conference", "missing");
        return NULL;
    }
    if (!cJSON_IsObject(conf)) {
        feed_report_add(c, FEED_ERROR, "schedule.conference", "expected an object, found %s",
                        feed_type_name(conf));
        return NULL;
    }
    parse_languages(c, conf);
    const char *key = feed_member(conf, "title") || !cJSON_IsString(feed_member(conf, "acronym"))
                          ? "title"
                          : "acronym";
    if (get_opt_text(c, conf, key, "schedule.conference", &c->a->title) && !c->a->title.n)
        fb_flaw(f->b, "schedule.conference.title", "missing: \"Agenda\" is shown");
    parse_rooms(&f->halls, sch, conf);
    parse_tracks(&f->tracks, conf);
    return conf;
}

/* Lists the events of either layout; false when they cannot be listed. */
static bool collect(frab *f, const cJSON *sch, const cJSON *conf)
{
    feed_ctx *c = f->b->c;
    const cJSON *events = feed_member(sch, "events");
    if (events && !cJSON_IsArray(events)) {
        feed_report_add(c, FEED_ERROR, "schedule.events", "expected an array, found %s",
                        feed_type_name(events));
        return false;
    }
    f->v2 = events != NULL;
    return f->v2 ? collect_v2(c, f, events) : collect_classic(c, f, conf);
}

/* Reads every event into the builder and finishes it. */
static void import_events(frab *f, const cJSON *sch, const cJSON *conf)
{
    feed_ctx *c = f->b->c;
    if (!fb_reserve(f->b, f->n_refs))
        return;
    for (size_t i = 0; i < f->n_refs && !c->oom && !f->halls.full && !f->tracks.full; i++)
        parse_event(f, &f->refs[i]);
    if (c->oom || f->halls.full || f->tracks.full)
        return;
    if (f->off_mismatch) {
        char o[8];
        civil_format_offset(f->mismatch_off, o);
        feed_report_add(c, FEED_WARNING, "schedule.conference.time_zone_name",
                        "\"%.64s\" disagrees with the offsets of %zu event dates (first: %s, "
                        "%s); the offsets place the sessions",
                        tz_name(f->zone), f->off_mismatch, f->mismatch_path, o);
    }
    const cJSON *version = feed_member(sch, "version");
    if (!set_revision(c, sch, conf, false) || !fb_finish(f->b))
        return;
    if (!version || (cJSON_IsString(version) && !version->valuestring[0]))
        set_revision(c, sch, conf, true);
}

void feed_import_frab_json(feed_ctx *c, const cJSON *root)
{
    const cJSON *sch = cJSON_GetObjectItemCaseSensitive(root, "schedule");
    c->a->version = 1;
    c->a->format = "frab";
    feed_builder b;
    fb_init(&b, c, true, c->bytes, c->len);
    frab f;
    memset(&f, 0, sizeof(f));
    f.b = &b;
    itemset_init(&f.halls, &b, false);
    itemset_init(&f.tracks, &b, true);
    const cJSON *conf = parse_conference(&f, sch);
    if (conf && !c->oom && !f.halls.full && !f.tracks.full && collect(&f, sch, conf) &&
        choose_zone(&f, conf))
        import_events(&f, sch, conf);
    free(f.refs);
    free(f.day);
    itemset_free(&f.halls);
    itemset_free(&f.tracks);
    fb_free(&b);
}
