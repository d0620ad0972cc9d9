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
 * conference.day_change ("HH:MM"), else the days' day_start/day_end -> conference days;
 * conference.rooms[] and every room events are listed in -> halls (id = name, or the
 * guid when two rooms share a name); conference.tracks[] and every event's track ->
 * tracks (id = name); events -> sessions: id from guid, else id, slug or code; title;
 * subtitle; description from abstract (else description); kind from type; persons or
 * participants -> speakers and chair; url (an http or https URL) -> url.
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
 * This file reads the structure and is the entry point; rooms and tracks are in
 * frab_json_items.c, one event -> one session in frab_json_event.c (frab_json.h).
 * Layout: small utilities (paths, optional members); the conference; collecting the
 * events; the zone; the revision; the entry point.
 */
#include "frab_json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "frab.h"
#include "hash.h"
#include "utf8.h"

/* ---- Utilities ------------------------------------------------------------ */

/* printf into a path buffer (frab_json.h): cut at a character boundary. */
void fj_path_fmt(char out[FEED_PATH_MAX], const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(out, FEED_PATH_MAX, fmt, ap);
    va_end(ap);
    if (w >= FEED_PATH_MAX) {
        out[utf8_cut(out, FEED_PATH_MAX - 1)] = '\0';
    }
}

/* The path of an event: schedule.events[K], or its day's room list and index. */
void fj_ref_path(char out[FEED_PATH_MAX], const ev_ref *r)
{
    if (!r->room) {
        fj_path_fmt(out, "schedule.events[%zu]", r->k);
        return;
    }
    char q[FEED_PATH_QUOTED_MAX];
    feed_path_quote(q, r->room);
    fj_path_fmt(out, "schedule.conference.days[%zu].rooms[\"%s\"][%zu]", r->day, q, r->k);
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
bool fj_get_opt_string(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                       const char **out)
{
    if (!feed_get_string(c, obj, key, parent, false, out))
        return false;
    if (*out && !**out)
        *out = NULL;
    return true;
}

/* Reads an optional TEXT member; an empty plain string counts as missing. */
bool fj_get_opt_text(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                     agenda_text *out)
{
    if (!feed_get_text(c, obj, key, parent, false, out))
        return false;
    if (out->n == 1 && !out->v[0].tag[0] && !out->v[0].text[0])
        *out = (agenda_text){NULL, 0};
    return true;
}

/* ---- The conference ------------------------------------------------------- */

/* An ASCII letter or digit. */
static bool ascii_alnum(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
}

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
            tag = ascii_alnum(*t) || (*t == '-' && t > e->valuestring && t[1]);
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
    if (fj_get_opt_text(c, conf, key, "schedule.conference", &c->a->title) && !c->a->title.n)
        fb_flaw(f->b, "schedule.conference.title", "missing: \"Agenda\" is shown");
    fj_parse_rooms(&f->halls, sch, conf);
    fj_parse_tracks(&f->tracks, conf);
    return conf;
}

/* ---- Collecting the events ------------------------------------------------ */

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

/* Lists the events of one room of days[di]: the member `list` of the day's rooms
 * (at path rp), whose key is the room's name. False when listing must stop (the
 * session limit, the hall limit, out of memory); other problems are reported and the
 * room skipped. */
static bool collect_room(feed_ctx *c, frab *f, const cJSON *list, const char *rp, size_t di)
{
    char lp[FEED_PATH_MAX], q[FEED_PATH_QUOTED_MAX];
    feed_path_quote(q, list->string);
    fj_path_fmt(lp, "%s[\"%s\"]", rp, q);
    if (cJSON_IsNull(list))
        return true;
    if (!cJSON_IsArray(list)) {
        feed_report_add(c, FEED_ERROR, lp, "expected an array of events, found %s",
                        feed_type_name(list));
        return true;
    }
    int32_t hall = fb_map_get(&f->halls.by_name, list->string);
    if (hall < 0) {
        const char *name = copy_key(c, list->string, lp);
        if (!name)
            return true;
        hall = itemset_add(&f->halls, name, NULL, NULL, lp);
        if (hall < 0)
            return false;
    }
    size_t k = 0, max = c->opt->limits.max_sessions;
    const cJSON *ev;
    cJSON_ArrayForEach(ev, list)
    {
        ev_ref r = {ev, list->string, di, k++, hall};
        if (f->n_refs >= max) {
            char ep[FEED_PATH_MAX];
            fj_ref_path(ep, &r);
            feed_report_add(c, FEED_ERROR, ep, "more than the limit of %zu events", max);
            return false;
        }
        if (!push_ref(c, f, &r))
            return false;
    }
    return true;
}

/* Lists the events of days[di] (at path dp). False when listing must stop. */
static bool collect_day(feed_ctx *c, frab *f, const cJSON *day, const char *dp, size_t di)
{
    if (!cJSON_IsObject(day)) {
        feed_report_add(c, FEED_ERROR, dp, "expected an object, found %s", feed_type_name(day));
        return true;
    }
    char rp[FEED_PATH_MAX];
    feed_path_key(rp, dp, "rooms");
    const cJSON *rooms = feed_member(day, "rooms");
    if (rooms && !cJSON_IsObject(rooms)) {
        feed_report_add(c, FEED_ERROR, rp, "expected an object keyed by room name, found %s",
                        feed_type_name(rooms));
        return true;
    }
    const cJSON *list;
    cJSON_ArrayForEach(list, rooms)
    {
        if (!collect_room(c, f, list, rp, di))
            return false;
    }
    return true;
}

/* A day's day_start and day_end (RFC 3339) as its span for the builder's conference
 * days; a day without both says nothing. Conference days are advisory: nothing is
 * reported about them. */
static void day_span(feed_builder *b, const cJSON *day)
{
    const cJSON *s = feed_member(day, "day_start"), *e = feed_member(day, "day_end");
    int64_t ts, te;
    if (cJSON_IsString(s) && cJSON_IsString(e) && civil_parse_rfc3339(s->valuestring, &ts, NULL) &&
        civil_parse_rfc3339(e->valuestring, &te, NULL))
        fb_day_span(b, ts, te);
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
    size_t di = 0;
    const cJSON *day;
    cJSON_ArrayForEach(day, days)
    {
        char dp[FEED_PATH_MAX];
        feed_path_index(dp, base, di);
        day_span(f->b, day);
        if (!collect_day(c, f, day, dp, di++))
            return false;
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

/* conference.day_change ("HH:MM" in the conference zone), when there is one. */
static void read_day_change(feed_builder *b, const cJSON *conf)
{
    const char *path = "schedule.conference.day_change";
    const cJSON *v = feed_member(conf, "day_change");
    int32_t sod;
    if (!v)
        return;
    if (cJSON_IsString(v) && frab_parse_clock(v->valuestring, &sod))
        fb_day_change(b, sod, path);
    else
        fb_flaw(b, path, "not a time HH:MM[:SS]: ignored");
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
    if (conf && !fj_get_opt_string(b->c, conf, "time_zone_name", "schedule.conference", &tzn))
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
    fb_use_event_zone(b, f->zone);
    read_day_change(b, conf);
    return true;
}

/* ---- The revision --------------------------------------------------------- */

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

/* ---- Entry point ---------------------------------------------------------- */

bool feed_sniff_frab_json(const cJSON *root)
{
    return cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "schedule"));
}

/* Reads every event into the builder and finishes it. */
static void import_events(frab *f, const cJSON *sch, const cJSON *conf)
{
    feed_ctx *c = f->b->c;
    if (!fb_reserve(f->b, f->n_refs))
        return;
    for (size_t i = 0; i < f->n_refs && !c->oom && !f->halls.full && !f->tracks.full; i++)
        fj_parse_event(f, &f->refs[i]);
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

/* The import (importers.h): the agenda c->a keeps what the builder installed; the
 * builder's and this importer's scratch (event list, day facts, item maps) are freed
 * here. */
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
