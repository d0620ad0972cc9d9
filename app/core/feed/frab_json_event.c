/* frab_json_event.c - one event of schedule.json becomes one session of the builder
 * (frab_json.h): its id, start and end, room and track, kind and status, texts and
 * persons. An event that cannot be placed in time is dropped with a warning at its
 * path; what is not the format (a wrong JSON type) is an error there.
 *
 * Layout: small readers; times (the day of an event without its own date, start,
 * end and duration); persons and their roles; the session.
 */
#include "frab_json.h"

#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "frab.h"
#include "link.h"

/* ---- Readers ----------------------------------------------------------------------- */

/* True if s starts with the lowercase prefix, ignoring ASCII case. */
static bool ieq_prefix(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++) {
        char ch = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if (ch != *prefix)
            return false;
    }
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
    return fj_get_opt_text(b->c, obj, key, parent, out);
}

/* ---- Times ------------------------------------------------------------------------- */

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
        d->start_sod = (int32_t)(t + off - civil_floor_div(t + off, 86400) * 86400);
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
    int32_t sod;
    if (strcmp(key, "start") == 0 && r->room && frab_parse_clock(v->valuestring, &sod)) {
        const day_info *d = day_get(f, r->day);
        if (!d->has_date) {
            char dp[FEED_PATH_MAX];
            fj_path_fmt(dp, "schedule.conference.days[%zu].date", r->day);
            fb_drop(f->b, p, "a start without \"date\" needs a valid %s (YYYY-MM-DD)", dp);
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
    fb_drop(f->b, p, "\"%.40s\" is not a date-time such as 2019-08-21T11:00:00+02:00%s",
            v->valuestring, r->room && strcmp(key, "start") == 0 ? " or a time HH:MM" : "");
    return false;
}

/* True unless s has four colon-separated parts whose last three are not two
 * characters each. */
static bool four_parts_padded(const char *s)
{
    const char *first = strchr(s, ':');
    size_t colons = 0;
    for (const char *q = s; *q; q++)
        colons += *q == ':';
    return colons != 3 || (strlen(first + 1) == 8 && first[3] == ':' && first[6] == ':');
}

/* Reads a duration as schedule.json writes it: a JSON number of minutes, or a string
 * that frab_parse_duration() takes (digits are minutes), four parts only as
 * D:HH:MM:SS with hours, minutes and seconds in two digits (docs/feed-formats/frab.md;
 * schedule.xml takes them unpadded too). */
static bool parse_duration(const cJSON *v, int64_t *out)
{
    if (cJSON_IsNumber(v)) {
        double m = v->valuedouble;
        if (!(m >= 0 && m <= 1e7) || m != (double)(int64_t)m)
            return false;
        *out = (int64_t)m * 60;
        return true;
    }
    return cJSON_IsString(v) && four_parts_padded(v->valuestring) &&
           frab_parse_duration(v->valuestring, out);
}

/* The end of an event without `end`: start + `duration`. */
static bool event_duration_end(const frab *f, const cJSON *ev, const char *path,
                               int64_t start, int64_t *out)
{
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "duration");
    const cJSON *v = feed_member(ev, "duration");
    int64_t d;
    if (!v) {
        fb_drop(f->b, p, "missing (and no \"end\")");
        return false;
    }
    if (!cJSON_IsString(v) && !cJSON_IsNumber(v)) {
        fb_drop(f->b, p, "expected a duration such as \"01:30\", found %s", feed_type_name(v));
        return false;
    }
    if (!parse_duration(v, &d)) {
        if (cJSON_IsString(v))
            fb_drop(f->b, p,
                    "\"%.20s\" is not a duration (H:MM, HH:MM:SS, D:HH:MM, D:HH:MM:SS or minutes)",
                    v->valuestring);
        else
            fb_drop(f->b, p, "%g is not a whole number of minutes", v->valuedouble);
        return false;
    }
    if (d > FB_MAX_SESSION_SECONDS) {
        fb_drop(f->b, p, "longer than 7 days");
        return false;
    }
    *out = start + d;
    return true;
}

/* The end of an event: `end` (a date-time), else start + `duration`. */
static bool event_end(const frab *f, const cJSON *ev, const char *path,
                      int64_t start, int64_t *out)
{
    const cJSON *v = feed_member(ev, "end");
    if (!v)
        return event_duration_end(f, ev, path, start, out);
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "end");
    int64_t t;
    if (!cJSON_IsString(v)) {
        fb_drop(f->b, p, "expected a date-time string, found %s", feed_type_name(v));
        return false;
    }
    if (!civil_parse_rfc3339(v->valuestring, &t, NULL) &&
        !local_in_zone(f, v->valuestring, &t)) {
        fb_drop(f->b, p, "\"%.40s\" is not a date-time such as 2019-08-21T11:00:00+02:00",
                v->valuestring);
        return false;
    }
    *out = t;
    return true;
}

/* ---- Persons ------------------------------------------------------------------------ */

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

/* One entry of a person list at path ep: a plain string or an object with
 * public_name, name or full_name (and, when `roles`, a role). *name is absent when it
 * has none (an arena text otherwise). False after an error (reported). */
static bool read_person(feed_ctx *c, const cJSON *e, const char *ep, bool roles,
                        agenda_text *name, person_role *role)
{
    *name = (agenda_text){NULL, 0};
    *role = ROLE_SPEAKER;
    if (cJSON_IsString(e)) {
        if (!e->valuestring[0])
            return true;
        const char *str = feed_copy_string(c, e, ep);
        if (str)
            *name = feed_plain_text(c, str);
        return str != NULL;
    }
    if (!cJSON_IsObject(e)) {
        feed_report_add(c, FEED_ERROR, ep, "expected an object or a name, found %s",
                        feed_type_name(e));
        return false;
    }
    static const char *const keys[] = {"public_name", "name", "full_name"};
    bool ok = true;
    for (size_t k = 0; k < 3 && !name->n && ok; k++)
        ok = fj_get_opt_text(c, e, keys[k], ep, name);
    const char *r = NULL;
    if (roles)
        ok &= feed_get_string(c, e, "role", ep, false, &r);
    if (ok)
        *role = role_from(r);
    return ok;
}

/* People of one role being gathered: room for the first AGENDA_MAX_PEOPLE (arena). */
typedef struct {
    agenda_person *v;
    size_t n;
} person_list;

/* The event's person list: `participants` (v2, with roles: *roles true) or else
 * `persons` (classic); its path in ap. NULL when it has neither. */
static const cJSON *person_array(const cJSON *ev, const char *path, char ap[FEED_PATH_MAX],
                                 bool *roles)
{
    const char *key = "participants";
    const cJSON *arr = feed_member(ev, key);
    *roles = arr != NULL;
    if (!arr) {
        key = "persons";
        arr = feed_member(ev, key);
    }
    feed_path_key(ap, path, key);
    return arr;
}

/* Reads `participants` or else `persons` into speakers and chair. Persons without a
 * name are left out with a warning, and so are those past AGENDA_MAX_PEOPLE in one
 * list (a board cannot show more; rejecting the schedule for it would be worse). The
 * lists are in the arena. */
static bool parse_persons(feed_ctx *c, const cJSON *ev, const char *path, agenda_session *s)
{
    char ap[FEED_PATH_MAX];
    bool roles;
    const cJSON *arr = person_array(ev, path, ap, &roles);
    if (!arr)
        return true;
    if (!cJSON_IsArray(arr)) {
        feed_report_add(c, FEED_ERROR, ap, "expected an array, found %s", feed_type_name(arr));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(arr), cap = n < AGENDA_MAX_PEOPLE ? n : AGENDA_MAX_PEOPLE;
    if (cap == 0)
        return true;
    person_list sp = {agenda_arena_alloc(c->ar, cap * sizeof(*sp.v)), 0};
    person_list ch = {agenda_arena_alloc(c->ar, cap * sizeof(*ch.v)), 0};
    if (!sp.v || !ch.v) {
        feed_oom(c);
        return false;
    }
    bool ok = true;
    size_t i = 0, dropped = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char ep[FEED_PATH_MAX];
        feed_path_index(ep, ap, i++);
        agenda_text name;
        person_role role;
        if (!read_person(c, e, ep, roles, &name, &role)) {
            ok = false;
        } else if (role != ROLE_HIDDEN && !name.n) {
            feed_report_add(c, FEED_WARNING, ep, "no name: left out");
        } else if (role != ROLE_HIDDEN) {
            person_list *l = role == ROLE_CHAIR ? &ch : &sp;
            if (l->n < AGENDA_MAX_PEOPLE)
                l->v[l->n++].name = name;
            else
                dropped++;
        }
    }
    if (dropped)
        feed_report_add(c, FEED_WARNING, ap, "%zu persons past the first %u left out", dropped,
                        AGENDA_MAX_PEOPLE);
    s->speakers = sp.n ? sp.v : NULL;
    s->n_speakers = sp.n;
    s->chair = ch.n ? ch.v : NULL;
    s->n_chair = ch.n;
    return ok;
}

/* ---- The session ----------------------------------------------------------------- */

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
        s->kind = frab_kind_from_type(str);
    if (!feed_get_string(c, ev, "status", path, false, &str))
        ok = false;
    else if (str && ieq_prefix(str, "cancel"))
        s->status = AGENDA_STATUS_CANCELLED;
    return ok;
}

bool fj_parse_event(frab *f, const ev_ref *r)
{
    feed_ctx *c = f->b->c;
    char path[FEED_PATH_MAX];
    fj_ref_path(path, r);
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
        ok &= fj_parse_ref(&f->halls, r->ev, "room", path, &s->hall);
    ok &= fj_parse_ref(&f->tracks, r->ev, "track", path, &s->track);
    ok &= parse_kind_status(c, r->ev, path, s);
    ok &= get_text(f->b, r->ev, "title", path, &s->title);
    ok &= get_text(f->b, r->ev, "subtitle", path, &s->subtitle);
    bool dok = get_text(f->b, r->ev, "abstract", path, &s->description);
    if (dok && !s->description.n)
        dok = get_text(f->b, r->ev, "description", path, &s->description);
    const cJSON *url = feed_member(r->ev, "url");
    char up[FEED_PATH_MAX];
    feed_path_key(up, path, "url");
    s->url = fb_link(f->b, cJSON_IsString(url) ? url->valuestring : NULL, false, up);
    return parse_persons(c, r->ev, path, s) && dok && ok;
}
