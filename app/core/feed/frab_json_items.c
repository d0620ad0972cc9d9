/* frab_json_items.c - the rooms and tracks of schedule.json (frab_json.h): the
 * conference's lists of them, and the references events make to them.
 *
 * A room or track is known by its name, and also by its guid or slug when it has
 * them. Its id is its name (the guid or slug when the name is taken or too long, else
 * "room#N"): two rooms may share a name when their guids differ, and real exports
 * reuse one guid for several rooms, so a name decides and a guid only picks between
 * items of one name. Halls and tracks live in the builder; this file keeps the maps
 * that find them.
 *
 * Layout: the item set (adding, finding); references; the conference's lists and
 * track colours.
 */
#include "frab_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- The item set ------------------------------------------------------------------ */

void itemset_init(itemset *s, feed_builder *b, bool tracks)
{
    memset(s, 0, sizeof(*s));
    s->b = b;
    s->tracks = tracks;
    s->noun = tracks ? "track" : "room";
}

void itemset_free(itemset *s)
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
int32_t itemset_add(itemset *s, const char *name, const char *guid, const char *slug,
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

/* ---- References ------------------------------------------------------------------- */

/* Reads a reference to a room or track at obj.key: a string (name, guid or slug) or an
 * object {name, guid, slug}. *out = -1 when absent. Returns false after an error. */
bool fj_parse_ref(itemset *s, const cJSON *obj, const char *key, const char *parent,
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
    bool ok = fj_get_opt_string(c, v, "name", p, &name);
    ok &= fj_get_opt_string(c, v, "guid", p, &guid);
    ok &= fj_get_opt_string(c, v, "slug", p, &slug);
    if (!ok)
        return false;
    if (!name && !guid && !slug) {
        feed_report_add(c, FEED_ERROR, p, "a %s needs a \"name\", \"guid\" or \"slug\"", s->noun);
        return false;
    }
    *out = itemset_ref(s, name, guid, slug, p);
    return *out >= 0;
}

/* ---- The conference's lists ---------------------------------------------------------- */

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
        eok &= fj_get_opt_string(c, e, "guid", p, &guid);
        eok &= fj_get_opt_string(c, e, "slug", p, &slug);
        int32_t t = eok ? itemset_declare(set, name, guid, slug, p) : -1;
        if (t >= 0 && set->tracks)
            eok &= parse_track_color(c, e, p, &set->b->tracks[t]);
        ok &= eok && t >= 0;
        if (set->full || c->oom)
            return false;
    }
    return ok;
}

bool fj_parse_rooms(itemset *halls, const cJSON *sch, const cJSON *conf)
{
    const cJSON *arr = feed_member(conf, "rooms");
    if (arr)
        return parse_items(halls, arr, "schedule.conference.rooms");
    return parse_items(halls, feed_member(sch, "rooms"), "schedule.rooms");
}

bool fj_parse_tracks(itemset *tracks, const cJSON *conf)
{
    return parse_items(tracks, feed_member(conf, "tracks"), "schedule.conference.tracks");
}
