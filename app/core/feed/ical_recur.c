/* ical_recur.c - the recurrence set of a VEVENT: DTSTART, RRULE (libical's
 * icalrecur_iterator over floating wall times), RDATE, minus EXDATE and minus the
 * occurrences that a VEVENT with the same UID and a RECURRENCE-ID replaces.
 *
 * The iterator works on the wall time of DTSTART with no zone attached, so that
 * occurrences keep their local time across DST and libical converts nothing; each
 * wall time is then placed with our zone. UNTIL is taken out of the rule and applied
 * here for the same reason. A rule with neither COUNT nor UNTIL is expanded only over
 * the span of the document's other events (or ICAL_OPEN_WINDOW_DAYS when there is
 * none); every rule stops at ICAL_MAX_OCCURRENCES occurrences or ICAL_MAX_STEPS
 * iterator steps, with a warning.
 */
#include "ical_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growing list of occurrences and of excluded ranges. */
typedef struct {
    ical_occ *v;
    size_t n, cap;
} occ_list;

static bool occ_add(occ_list *l, int64_t start, int64_t end)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        ical_occ *v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return false;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = (ical_occ){start, end};
    return true;
}

static bool excluded(const occ_list *ex, int64_t t)
{
    for (size_t i = 0; i < ex->n; i++)
        if (t >= ex->v[i].start && t < ex->v[i].end)
            return true;
    return false;
}

/* EXDATE values as ranges: [t, t+1) for a date-time, the whole local day for a date. */
static bool exdates(ical_doc *d, const ical_event *ev, occ_list *ex, const char *path)
{
    for (icalproperty *p = icalcomponent_get_first_property(ev->c, ICAL_EXDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev->c, ICAL_EXDATE_PROPERTY)) {
        /* The value itself: icalproperty_get_exdate() looks the TZID up in libical's
         * builtin zones. */
        icalvalue *v = icalproperty_get_value(p);
        icalvalue_kind k = v ? icalvalue_isa(v) : ICAL_NO_VALUE;
        struct icaltimetype t = k == ICAL_DATETIME_VALUE ? icalvalue_get_datetime(v)
                                : k == ICAL_DATE_VALUE   ? icalvalue_get_date(v)
                                                         : icaltime_null_time();
        if (icaltime_is_null_time(t))
            continue;
        int64_t a, b;
        if (t.is_date) {
            struct icaltimetype next = t;
            icaltime_adjust(&next, 1, 0, 0, 0);
            if (!ical_instant(ev->zone, t, &a) || !ical_instant(ev->zone, next, &b))
                continue;
        } else {
            const tz_zone *z = ical_prop_zone(d, p, path);
            if (!z || !ical_instant(z, t, &a))
                continue;
            b = a + 1;
        }
        if (!occ_add(ex, a, b))
            return false;
    }
    return true;
}

/* The instant UNTIL stands for (a date: its whole day in the event's zone). */
static int64_t until_instant(ical_doc *d, const ical_event *ev, icalproperty *p,
                             struct icaltimetype u, const char *path)
{
    int64_t t;
    if (u.is_date) {
        icaltime_adjust(&u, 1, 0, 0, 0);
        return ical_instant(ev->zone, u, &t) ? t - 1 : INT64_MAX;
    }
    const tz_zone *z = ical_prop_zone(d, p, path); /* UTC when it ended in "Z" */
    if (icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) || !z)
        z = ev->zone; /* a TZID on RRULE means nothing: the rule's times are DTSTART's */
    return ical_instant(z, u, &t) ? t : INT64_MAX;
}

typedef struct {
    ical_doc *d;
    const ical_event *ev;
    occ_list *out;
    const occ_list *ex;
    char path[FEED_PATH_MAX];
    bool cut;
} expansion;

/* Adds an occurrence at t unless excluded; false when the list is full or out of
 * memory (x->cut tells which). */
static bool take(expansion *x, int64_t t, int64_t end)
{
    if (excluded(x->ex, t))
        return true;
    if (x->out->n >= ICAL_MAX_OCCURRENCES) {
        x->cut = true;
        return false;
    }
    if (!occ_add(x->out, t, end)) {
        feed_oom(x->d->b->c);
        return false;
    }
    return true;
}

/* Runs one RRULE over DTSTART's wall time. */
static bool expand_rule(expansion *x, icalproperty *p)
{
    const ical_event *ev = x->ev;
    ical_doc *d = x->d;
    struct icalrecurrencetype r = icalproperty_get_rrule(p);
    if (r.freq == ICAL_NO_RECURRENCE)
        return true;
    int64_t dur = ev->end - ev->start, until = INT64_MAX, lo = INT64_MIN, hi = INT64_MAX;
    if (!icaltime_is_null_time(r.until)) {
        until = until_instant(d, ev, p, r.until, x->path);
        r.until = icaltime_null_time();
    } else if (r.count <= 0) {
        lo = d->has_span ? d->span_lo - dur : INT64_MIN;
        hi = d->has_span ? d->span_hi : ev->start + ICAL_OPEN_WINDOW_DAYS * 86400LL;
    }
    icalrecur_iterator *it = icalrecur_iterator_new(r, ev->wall);
    if (!it) {
        fb_flaw(d->b, x->path, "a rule this reader cannot follow: only DTSTART is kept");
        return true;
    }
    bool more = true;
    unsigned steps = 0;
    for (; more && steps < ICAL_MAX_STEPS; steps++) {
        struct icaltimetype o = icalrecur_iterator_next(it);
        int64_t t;
        if (icaltime_is_null_time(o) || !ical_instant(ev->zone, o, &t) || t > until || t > hi)
            break;
        if (t >= lo && t != ev->start)
            more = take(x, t, t + dur);
    }
    if (steps == ICAL_MAX_STEPS)
        x->cut = true;
    icalrecur_iterator_free(it);
    return more;
}

/* Adds every RDATE (a date-time, or a period with its own end). */
static bool rdates(expansion *x)
{
    const ical_event *ev = x->ev;
    int64_t dur = ev->end - ev->start;
    for (icalproperty *p = icalcomponent_get_first_property(ev->c, ICAL_RDATE_PROPERTY); p;
         p = icalcomponent_get_next_property(ev->c, ICAL_RDATE_PROPERTY)) {
        struct icaldatetimeperiodtype v = icalproperty_get_rdate(p);
        const tz_zone *z = ical_prop_zone(x->d, p, x->path);
        int64_t t, e;
        if (!icaltime_is_null_time(v.time)) {
            if (v.time.is_date || !z || !ical_instant(z, v.time, &t))
                continue;
            e = t + dur;
        } else {
            if (v.period.start.is_date || !z || !ical_instant(z, v.period.start, &t))
                continue;
            if (!icaltime_is_null_time(v.period.end)) {
                if (!ical_instant(z, v.period.end, &e))
                    continue;
            } else {
                e = t + icaldurationtype_as_int(v.period.duration);
            }
        }
        if (t != ev->start && !take(x, t, e))
            return false;
    }
    return true;
}

static int occ_cmp(const void *a, const void *b)
{
    const ical_occ *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

/* Drops repeated starts and the occurrences a RECURRENCE-ID event replaces. */
static void prune(ical_doc *d, const ical_event *ev, occ_list *l)
{
    qsort(l->v, l->n, sizeof(*l->v), occ_cmp);
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (k && l->v[k - 1].start == l->v[i].start)
            continue;
        if (ev->uid && d->overrides.n) {
            char key[AGENDA_MAX_STRING_BYTES + 20], at[17];
            ical_format_utc(l->v[i].start, at);
            snprintf(key, sizeof(key), "%s@%s", ev->uid, at);
            if (fb_map_get(&d->overrides, key) >= 0)
                continue;
        }
        l->v[k++] = l->v[i];
    }
    l->n = k;
}

ical_occ *ical_occurrences(ical_doc *d, const ical_event *ev, size_t *n)
{
    occ_list out = {0}, ex = {0};
    expansion x = {d, ev, &out, &ex, "", false};
    snprintf(x.path, sizeof(x.path), "VEVENT[%zu].RRULE", ev->index);
    *n = 0;
    if (!exdates(d, ev, &ex, x.path) || !take(&x, ev->start, ev->end)) {
        free(ex.v);
        free(out.v);
        return NULL;
    }
    bool more = true;
    for (icalproperty *p = icalcomponent_get_first_property(ev->c, ICAL_RRULE_PROPERTY);
         p && more; p = icalcomponent_get_next_property(ev->c, ICAL_RRULE_PROPERTY))
        more = expand_rule(&x, p);
    if (more)
        rdates(&x);
    if (x.cut)
        fb_flaw(d->b, x.path, "more occurrences than this reader expands (%u at most, %u steps): "
                "the first ones kept", ICAL_MAX_OCCURRENCES, ICAL_MAX_STEPS);
    free(ex.v);
    prune(d, ev, &out);
    *n = out.n;
    if (!out.n) {
        free(out.v);
        return NULL;
    }
    return out.v;
}
