/* frab_xml_time.c - the time fields of schedule.xml: dates, and placing every session
 * once the whole document has been read.
 *
 * Layout: dates; the zone choice; the local date of a day; placing the sessions.
 */
#include "frab_xml.h"

#include <string.h>

#include "civil.h"

/* ---- Dates --------------------------------------------------------------------- */

bool xf_parse_date(const char *s, int64_t *y, int *m, int *d)
{
    char buf[24];
    int h, mi, sec;
    if (strlen(s) != 10)
        return false;
    memcpy(buf, s, 10);
    memcpy(buf + 10, "T00:00", 7);
    return civil_parse_local(buf, y, m, d, &h, &mi, &sec);
}

/* ---- The zone ------------------------------------------------------------------- */

#define ZONE_PATH "schedule.conference.time_zone_name"

/* The zone of the event, set into the builder (shown unless the options name one):
 * time_zone_name when known; else (or for an unknown name) the fixed offset every
 * event `date` carries when they all agree. Returns the zone local times are read in
 * when the export decides it (a named zone), else NULL: fb_venue_zone() decides. The
 * zones made or loaded are owned by the agenda. */
static const tz_zone *choose_zone(feed_builder *b, const xf_sched *sc, size_t n)
{
    bool any = false, uniform = true;
    int32_t off = 0;
    for (size_t i = 0; i < n && uniform; i++) {
        if (sc->times[i].when != XF_INSTANT)
            continue;
        uniform = !any || sc->times[i].off == off;
        off = sc->times[i].off;
        any = true;
    }
    const tz_zone *fixed = any && uniform ? fb_fixed_zone(b, off) : NULL;
    if (sc->zone_name)
        return fb_set_event_zone(b, sc->zone_name, fixed, ZONE_PATH);
    if (fixed)
        fb_use_event_zone(b, fixed);
    else if (any)
        feed_report_add(b->c, FEED_WARNING, ZONE_PATH,
                        "missing, and the events' offsets differ: times are shown in UTC");
    return NULL;
}

/* ---- Days ----------------------------------------------------------------------- */

/* The local calendar day (days since 1970-01-01) of day d in zone z, and the second
 * of the day before which clock times belong to the next date: the conference's
 * day_change, else the local time of the day's `start`, else midnight. The day's
 * `start` instant decides the date when it has one (wafer writes `date` as the UTC
 * date of the day's start); else its `date`. */
static int64_t day_number(const xf_sched *sc, const xf_day *d, const tz_zone *z, int32_t *change)
{
    int64_t days;
    int32_t start_sod = 0;
    if (d->has_start) {
        tz_local l;
        tz_to_local(z, d->start, &l);
        days = civil_days_from_ymd(l.year, l.month, l.day);
        start_sod = l.hour * 3600 + l.minute * 60 + l.second;
    } else {
        days = civil_days_from_ymd(d->y, d->m, d->d);
    }
    *change = sc->day_change >= 0 ? sc->day_change : start_sod;
    return days;
}

/* ---- Placing the sessions ------------------------------------------------------- */

/* The start of session i (not XF_INSTANT) read in zone z. */
static bool local_start(const xf_sched *sc, const xf_time *t, const tz_zone *z, int64_t *out)
{
    int64_t days, sod;
    if (t->when == XF_LOCAL) {
        days = civil_floor_div(t->t, 86400);
        sod = t->t - days * 86400;
    } else {
        int32_t change;
        days = day_number(sc, &sc->days[t->day], z, &change);
        sod = t->sod;
        if (sod < change)
            days++; /* after midnight: still the day before on the programme */
    }
    int64_t y;
    int m, d;
    civil_ymd_from_days(days, &y, &m, &d);
    return fb_local(z, y, m, d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60), out);
}

void xf_resolve_times(feed_builder *b, xf_sched *sc)
{
    size_t n = b->n_sessions, k = 0;
    const tz_zone *local = choose_zone(b, sc, n);
    if (b->c->oom)
        return;
    for (size_t i = 0; i < n; i++) {
        agenda_session *s = &b->sessions[k]; /* session i, once those before it dropped left */
        const xf_time *t = &sc->times[i];
        if (t->when == XF_INSTANT) {
            s->start = t->t;
        } else {
            if (!local && !(local = fb_venue_zone(b, ZONE_PATH)))
                return;
            if (!local_start(sc, t, local, &s->start)) {
                fb_drop_session(b, k, "its start cannot be placed in time");
                continue;
            }
        }
        s->end = s->start + t->dur;
        sc->times[k++] = *t;
    }
}
