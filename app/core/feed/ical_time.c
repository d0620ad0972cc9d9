/* ical_time.c - where the iCalendar importer's times fall on the UTC axis.
 *
 * A date-time is a wall time plus one of: "Z" (UTC; the line pass turned it into the
 * ICAL_UTC_PARAM parameter), a TZID parameter, or nothing (floating: the venue zone).
 * A TZID is first read as a zone name (IANA, legacy, Windows, also behind a
 * "/vendor/version/" prefix as some exporters write); a name we do not know uses the
 * document's VTIMEZONE of that TZID, turned into a POSIX rule (the observances in
 * force last: a yearly DAYLIGHT and STANDARD pair, or one fixed offset) and read by
 * our tz module. libical's own time zone code is never called: it reads the system's
 * zone files and the clock. Last, the calendar's zone (X-WR-TIMEZONE) and an event's
 * place in time: its start, its end (DTEND, DURATION, or a moment), its RECURRENCE-ID.
 */
#include "ical_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "civil.h"

void ical_format_utc(int64_t t, char *buf)
{
    int64_t days = civil_floor_div(t, 86400), y;
    int64_t sod = t - days * 86400;
    int m, dd;
    civil_ymd_from_days(days, &y, &m, &dd);
    int f[6] = {(int)(y < 0 ? 0 : y > 9999 ? 9999 : y), m, dd, (int)(sod / 3600),
                (int)(sod / 60 % 60), (int)(sod % 60)};
    int w[6] = {4, 2, 2, 2, 2, 2};
    char *o = buf;
    for (int i = 0; i < 6; i++) {
        if (i == 3)
            *o++ = 'T';
        for (int k = w[i] - 1, v = f[i]; k >= 0; k--, v /= 10)
            o[k] = (char)('0' + v % 10);
        o += w[i];
    }
    *o++ = 'Z';
    *o = '\0';
}

bool ical_instant(const tz_zone *z, struct icaltimetype t, int64_t *out)
{
    if (t.is_date)
        return fb_local(z, t.year, t.month, t.day, 0, 0, 0, out);
    return fb_local(z, t.year, t.month, t.day, t.hour, t.minute, t.second, out);
}

const tz_zone *ical_venue(ical_doc *d, const char *path)
{
    if (!d->venue)
        d->venue = fb_venue_zone(d->b, path);
    return d->venue;
}

/* ---- VTIMEZONE as a POSIX rule ------------------------------------------------------ */

/* Order of two wall times (libical's icaltime_compare may convert through its UTC
 * zone, which loads the system's zone list). */
static int wall_cmp(struct icaltimetype a, struct icaltimetype b)
{
    int x[6] = {a.year, a.month, a.day, a.hour, a.minute, a.second};
    int y[6] = {b.year, b.month, b.day, b.hour, b.minute, b.second};
    for (int i = 0; i < 6; i++)
        if (x[i] != y[i])
            return x[i] < y[i] ? -1 : 1;
    return 0;
}

/* The observance of one kind (STANDARD or DAYLIGHT) in force last: the latest DTSTART,
 * preferring an open yearly rule. */
typedef struct {
    icalcomponent *c;
    struct icaltimetype start;
    int32_t to;
    bool has_rule;
    struct icalrecurrencetype rule;
} observance;

static bool latest_observance(icalcomponent *vtz, icalcomponent_kind kind, observance *o)
{
    memset(o, 0, sizeof(*o));
    for (icalcomponent *c = icalcomponent_get_first_component(vtz, kind); c;
         c = icalcomponent_get_next_component(vtz, kind)) {
        icalproperty *ps = icalcomponent_get_first_property(c, ICAL_DTSTART_PROPERTY);
        icalproperty *pt = icalcomponent_get_first_property(c, ICAL_TZOFFSETTO_PROPERTY);
        if (!ps || !pt)
            continue;
        struct icaltimetype st = icalproperty_get_dtstart(ps);
        icalproperty *pr = icalcomponent_get_first_property(c, ICAL_RRULE_PROPERTY);
        struct icalrecurrencetype r;
        bool open = false;
        if (pr) {
            r = icalproperty_get_rrule(pr);
            open = r.freq == ICAL_YEARLY_RECURRENCE && icaltime_is_null_time(r.until);
        }
        bool later = !o->c || (open && !o->has_rule) ||
                     (open == o->has_rule && wall_cmp(st, o->start) > 0);
        if (later) {
            *o = (observance){c, st, icalproperty_get_tzoffsetto(pt), open, {0}};
            if (open)
                o->rule = r;
        }
    }
    return o->c != NULL;
}

/* "Mm.w.d/h:mm:ss" of a yearly rule (BYMONTH with BYDAY nDD, or BYDAY DD with a
 * BYMONTHDAY week) starting at wall time st; false for anything POSIX cannot say. */
static bool posix_date(const struct icalrecurrencetype *r, struct icaltimetype st, char *buf,
                       size_t cap)
{
    int month = r->by_month[0], week;
    if (month < 1 || month > 12 || r->by_day[0] == ICAL_RECURRENCE_ARRAY_MAX ||
        r->by_day[1] != ICAL_RECURRENCE_ARRAY_MAX)
        return false;
    int dow = (int)icalrecurrencetype_day_day_of_week(r->by_day[0]) - 1; /* 0 = Sunday */
    int pos = icalrecurrencetype_day_position(r->by_day[0]);
    if (pos == 0 && r->by_month_day[0] != ICAL_RECURRENCE_ARRAY_MAX) {
        int lo = 31;
        for (int i = 0; i < ICAL_BY_MONTHDAY_SIZE && r->by_month_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
            if (r->by_month_day[i] > 0 && r->by_month_day[i] < lo)
                lo = r->by_month_day[i];
        pos = lo >= 25 ? -1 : (lo - 1) / 7 + 1;
    }
    if (pos == -1)
        week = 5;
    else if (pos >= 1 && pos <= 4)
        week = pos;
    else
        return false;
    if (dow < 0 || dow > 6)
        return false;
    snprintf(buf, cap, "M%d.%d.%d/%d:%02d:%02d", month, week, dow, st.hour, st.minute, st.second);
    return true;
}

/* A POSIX offset (west of UTC) of an offset east of UTC: "-1", "+3:30". */
static void posix_offset(int32_t east, char *buf, size_t cap)
{
    int32_t a = east < 0 ? -east : east;
    snprintf(buf, cap, "%c%d:%02d:%02d", east > 0 ? '-' : '+', (int)(a / 3600),
             (int)(a / 60 % 60), (int)(a % 60));
}

/* "<+0130>" style name of an offset. */
static void posix_name(int32_t east, char *buf, size_t cap)
{
    int32_t a = east < 0 ? -east : east;
    snprintf(buf, cap, "<%c%02d%02d>", east < 0 ? '-' : '+', (int)(a / 3600),
             (int)(a / 60 % 60));
}

/* Our zone for a VTIMEZONE named tzid; NULL when its rules cannot be read. */
static const tz_zone *zone_from_vtimezone(ical_doc *d, icalcomponent *vtz, const char *tzid)
{
    observance std, dst;
    bool has_std = latest_observance(vtz, ICAL_XSTANDARD_COMPONENT, &std);
    bool has_dst = latest_observance(vtz, ICAL_XDAYLIGHT_COMPONENT, &dst);
    if (!has_std && !has_dst)
        return NULL;
    const observance *base = has_std ? &std : &dst;
    char rule[160], n1[16], n2[16], o1[16], o2[16], r1[40], r2[40];
    if (base->to <= -24 * 3600 || base->to >= 24 * 3600)
        return NULL;
    posix_name(base->to, n1, sizeof(n1));
    posix_offset(base->to, o1, sizeof(o1));
    snprintf(rule, sizeof(rule), "%s%s", n1, o1);
    if (has_std && has_dst && std.has_rule && dst.has_rule && dst.to != std.to &&
        dst.to > -24 * 3600 && dst.to < 24 * 3600 && posix_date(&dst.rule, dst.start, r1, sizeof(r1)) &&
        posix_date(&std.rule, std.start, r2, sizeof(r2))) {
        posix_name(dst.to, n2, sizeof(n2));
        posix_offset(dst.to, o2, sizeof(o2));
        snprintf(rule, sizeof(rule), "%s%s%s%s,%s,%s", n1, o1, n2, o2, r1, r2);
    }
    tz_zone *z = tz_parse_posix(tzid, rule);
    if (!z)
        return NULL;
    if (agenda_arena_own_zone(d->b->c->ar, z) != 0) {
        feed_oom(d->b->c);
        return NULL;
    }
    return z;
}

void ical_zones_init(ical_doc *d)
{
    for (icalcomponent *c = icalcomponent_get_first_component(d->cal, ICAL_VTIMEZONE_COMPONENT);
         c; c = icalcomponent_get_next_component(d->cal, ICAL_VTIMEZONE_COMPONENT)) {
        icalproperty *p = icalcomponent_get_first_property(c, ICAL_TZID_PROPERTY);
        const char *tzid = p ? icalproperty_get_tzid(p) : NULL;
        if (!tzid || !*tzid)
            continue;
        if (d->n_zones == ICAL_MAX_ZONES) {
            fb_flaw(d->b, "VTIMEZONE", "more than %u time zones: the others are ignored",
                    ICAL_MAX_ZONES);
            d->zones_full = true;
            return;
        }
        const char *id = fb_cstr(d->b, tzid, "VTIMEZONE.TZID");
        if (id)
            d->zones[d->n_zones++] = (ical_zone){id, NULL, c};
    }
}

/* ---- TZID ----------------------------------------------------------------------------- */

/* A zone name as exporters write it, with or without a "/vendor/version/" prefix. */
static const tz_zone *named_zone(ical_doc *d, const char *tzid)
{
    const tz_zone *z = fb_zone(d->b, tzid);
    for (const char *s = tzid; !z && *s == '/' && (s = strchr(s + 1, '/'));)
        z = fb_zone(d->b, s + 1);
    return z;
}

const tz_zone *ical_known_zone(ical_doc *d, const char *tzid)
{
    const tz_zone *z = named_zone(d, tzid);
    for (size_t i = 0; i < d->n_zones && !z; i++)
        if (strcmp(d->zones[i].tzid, tzid) == 0 && d->zones[i].vtz)
            z = d->zones[i].z ? d->zones[i].z
                              : (d->zones[i].z = zone_from_vtimezone(d, d->zones[i].vtz, tzid));
    return z;
}

/* The entry of tzid, resolved on first use (warned about once when unknown). */
static const tz_zone *tzid_zone(ical_doc *d, const char *tzid, const char *path)
{
    ical_zone *e = NULL;
    for (size_t i = 0; i < d->n_zones && !e; i++)
        if (strcmp(d->zones[i].tzid, tzid) == 0)
            e = &d->zones[i];
    if (e && e->z)
        return e->z;
    if (!e) {
        const char *id = d->n_zones < ICAL_MAX_ZONES ? fb_cstr(d->b, tzid, path) : NULL;
        if (!id) {
            const tz_zone *z = named_zone(d, tzid);
            return z ? z : ical_venue(d, path);
        }
        e = &d->zones[d->n_zones++];
        *e = (ical_zone){id, NULL, NULL};
    }
    e->z = named_zone(d, tzid);
    if (!e->z && e->vtz) {
        e->z = zone_from_vtimezone(d, e->vtz, e->tzid);
        if (!e->z)
            fb_flaw(d->b, path, "VTIMEZONE \"%.64s\" has rules this reader cannot follow",
                    tzid);
    }
    if (!e->z) {
        const tz_zone *v = ical_venue(d, path);
        if (!e->vtz)
            fb_flaw(d->b, path, "unknown time zone \"%.64s\" and no VTIMEZONE: times read in %s",
                    tzid, v ? tz_name(v) : "UTC");
        e->z = v;
    }
    return e->z;
}

/* True if p carries the parameter the line pass adds for "Z" times. */
static bool is_utc(icalproperty *p)
{
    for (icalparameter *q = icalproperty_get_first_parameter(p, ICAL_X_PARAMETER); q;
         q = icalproperty_get_next_parameter(p, ICAL_X_PARAMETER)) {
        const char *n = icalparameter_get_xname(q);
        if (n && strcasecmp(n, ICAL_UTC_PARAM) == 0)
            return true;
    }
    return false;
}

const tz_zone *ical_prop_zone(ical_doc *d, icalproperty *p, const char *path)
{
    if (is_utc(p)) {
        if (!d->utc)
            d->utc = fb_fixed_zone(d->b, 0);
        return d->utc;
    }
    icalparameter *q = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
    const char *tzid = q ? icalparameter_get_tzid(q) : NULL;
    if (tzid && *tzid)
        return tzid_zone(d, tzid, path);
    return ical_venue(d, path);
}

/* ---- Events ----------------------------------------------------------------------------- */

/* libical's complaint about a VEVENT's DTSTART (it removed the property), or NULL. */
static const char *ical_dtstart_error(icalcomponent *c)
{
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        const char *s = icalproperty_get_xlicerror(p);
        if (s && strstr(s, "DTSTART"))
            return s;
    }
    return NULL;
}

/* ev->end from DTEND or DURATION (neither: a moment, end = start); path: the event's. */
static void ical_place_end(ical_doc *d, ical_event *ev, const char *path)
{
    char p[FEED_PATH_MAX];
    icalproperty *pe = icalcomponent_get_first_property(ev->c, ICAL_DTEND_PROPERTY);
    icalproperty *pd = icalcomponent_get_first_property(ev->c, ICAL_DURATION_PROPERTY);
    ev->end = ev->start;
    if (pe) {
        feed_path_key(p, path, "DTEND");
        struct icaltimetype t = icalproperty_get_dtend(pe);
        const tz_zone *z = t.is_date ? NULL : ical_prop_zone(d, pe, p);
        if (!z || !ical_instant(z, t, &ev->end)) {
            fb_flaw(d->b, p, "not a date-time: the event is kept as a moment");
            ev->end = ev->start;
        }
    } else if (pd) {
        struct icaldurationtype du = icalproperty_get_duration(pd);
        if (!icaldurationtype_is_bad_duration(du))
            ev->end = ev->start + icaldurationtype_as_int(du);
    }
}

/* ---- The calendar's zone, an event's place in time ------------------------------------ */

/* The first X- property of c named name, or NULL. */
static icalproperty *x_prop(icalcomponent *c, const char *name)
{
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_X_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_X_PROPERTY)) {
        const char *n = icalproperty_get_x_name(p);
        if (n && strcasecmp(n, name) == 0)
            return p;
    }
    return NULL;
}

void ical_calendar_props(ical_doc *d)
{
    char *scratch = NULL;
    icalproperty *p = x_prop(d->cal, "X-WR-CALNAME");
    if (!p)
        p = x_prop(d->cal, "X-WR-CALDESC");
    const char *s = ical_text_of(p, &scratch);
    if (s)
        d->b->c->a->title = fb_text(d->b, fb_cstr(d->b, s, "X-WR-CALNAME"));
    s = ical_text_of(x_prop(d->cal, "X-WR-TIMEZONE"), &scratch);
    const char *name = s ? fb_cstr(d->b, s, "X-WR-TIMEZONE") : NULL;
    if (name && *name) {
        const tz_zone *z = ical_known_zone(d, name);
        if (z) {
            /* fb_set_event_zone() without its lookup: the name may be a VTIMEZONE of
             * this document */
            fb_use_event_zone(d->b, z);
            bool listed = false;
            for (size_t i = 0; i < d->n_zones; i++)
                listed |= strcmp(d->zones[i].tzid, name) == 0;
            if (!listed && d->n_zones < ICAL_MAX_ZONES) /* TZIDs of that name: loaded once */
                d->zones[d->n_zones++] = (ical_zone){name, z, NULL};
        } else {
            fb_set_event_zone(d->b, name, NULL, "X-WR-TIMEZONE");
        }
    }
    free(scratch);
}

bool ical_place(ical_doc *d, ical_event *ev)
{
    char path[FEED_PATH_MAX], p[FEED_PATH_MAX];
    feed_path_index(path, "VEVENT", ev->index);
    feed_path_key(p, path, "DTSTART");
    icalproperty *ps = icalcomponent_get_first_property(ev->c, ICAL_DTSTART_PROPERTY);
    const char *err = ps ? NULL : ical_dtstart_error(ev->c);
    if (!ps) {
        fb_drop(d->b, p, err ? "not a date-time: %.80s" : "missing", err);
        return false;
    }
    struct icaltimetype t = icalproperty_get_dtstart(ps);
    if (t.is_date) {
        fb_drop(d->b, p, "all-day event (a date without a time): not shown on a hall board");
        return false;
    }
    ev->zone = ical_prop_zone(d, ps, p);
    ev->wall = t;
    ev->wall.zone = NULL;
    if (!ev->zone || !ical_instant(ev->zone, t, &ev->start)) {
        fb_drop(d->b, p, "not a date-time");
        return false;
    }
    ical_place_end(d, ev, path);
    ev->uid = ical_first_text(d, ev, ICAL_UID_PROPERTY, path);
    ev->recurring = icalcomponent_get_first_property(ev->c, ICAL_RRULE_PROPERTY) ||
                    icalcomponent_get_first_property(ev->c, ICAL_RDATE_PROPERTY);
    icalproperty *pr = icalcomponent_get_first_property(ev->c, ICAL_RECURRENCEID_PROPERTY);
    if (pr && ev->uid) {
        feed_path_key(p, path, "RECURRENCE-ID");
        struct icaltimetype r = icalproperty_get_recurrenceid(pr);
        const tz_zone *z = ical_prop_zone(d, pr, p);
        ev->is_override = z && ical_instant(z, r, &ev->rid);
        if (!ev->is_override)
            fb_flaw(d->b, p, "not a date-time: the event stands alone");
    }
    return true;
}
