/* ical_recur.c - the sessions of a VEVENT: its texts (from the line pass, or from the
 * tree for an event libical read whole) and its recurrence set: DTSTART, RRULE (libical's
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

typedef struct {
    int64_t start, end;
} ical_occ;

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

/* The occurrences of recurring event ev, sorted; *n is their count. Returns a malloc'd
 * array (caller frees), or NULL when there is none or out of memory. */
static ical_occ *occurrences(ical_doc *d, const ical_event *ev, size_t *n)
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

/* ---- Texts and sessions ----------------------------------------------------------------- */

const char *ical_text_of(icalproperty *p, char **scratch)
{
    icalvalue *v = p ? icalproperty_get_value(p) : NULL;
    if (!v)
        return NULL;
    if (icalvalue_isa(v) == ICAL_TEXT_VALUE)
        return icalvalue_get_text(v);
    if (icalvalue_isa(v) != ICAL_X_VALUE || !icalvalue_get_x(v))
        return NULL;
    const char *s = icalvalue_get_x(v);
    free(*scratch);
    char *w = *scratch = malloc(strlen(s) + 1);
    if (!w)
        return NULL;
    for (; *s; s++) {
        char ch = *s;
        if (ch == '\\' && s[1]) {
            ch = *++s;
            if (ch == 'n' || ch == 'N')
                ch = '\n';
        }
        *w++ = ch;
    }
    *w = '\0';
    return *scratch;
}

/* True when s looks like HTML (a tag or an entity) rather than plain text. */
static bool looks_html(const char *s)
{
    for (const char *p = s; (p = strpbrk(p, "<&")); p++) {
        if (*p == '<' && (p[1] == '/' || ((p[1] | 32) >= 'a' && (p[1] | 32) <= 'z')) && strchr(p, '>'))
            return true;
        if (*p == '&' && strchr(p, ';') && strchr(p, ';') - p < 10)
            return true;
    }
    return false;
}

/* One translation of a TEXT value into tags[n] and texts[n]. */
static void one_text(ical_doc *d, const char *tag, const char *s, bool html, const char *path,
                     const char **tag_out, const char **text_out)
{
    bool tag_ok = tag && *tag && strlen(tag) <= 35 && strspn(tag, "abcdefghijklmnopqrstuvwxyz"
                                                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                  "0123456789-") == strlen(tag);
    *tag_out = tag_ok ? fb_cstr(d->b, tag, path) : "";
    *text_out = html && looks_html(s) ? fb_html_text(d->b, s, strlen(s), path)
                                      : fb_cstr(d->b, s, path);
}

/* Every value of property kind k of ev as one TEXT, a translation per LANGUAGE. */
static agenda_text texts_of(ical_doc *d, const ical_event *ev, icalproperty_kind k, bool html,
                            const char *path)
{
    const char *tags[8], *texts[8];
    size_t n = 0;
    const ical_ev_texts *e = &d->tx->ev[ev->index];
    if (!e->whole) {
        const char *chars = d->tx->chars;
        for (size_t i = e->first; i < e->first + e->n && n < 8; i++) {
            const ical_text *t = &d->tx->v[i];
            if (t->kind == k) {
                one_text(d, t->tag == SIZE_MAX ? NULL : chars + t->tag, chars + t->text, html,
                         path, &tags[n], &texts[n]);
                n++;
            }
        }
        return fb_texts(d->b, tags, texts, n);
    }
    char *scratch = NULL;
    for (icalproperty *p = icalcomponent_get_first_property(ev->c, k); p && n < 8;
         p = icalcomponent_get_next_property(ev->c, k)) {
        const char *s = ical_text_of(p, &scratch);
        if (!s)
            continue;
        icalparameter *lang = icalproperty_get_first_parameter(p, ICAL_LANGUAGE_PARAMETER);
        one_text(d, lang ? icalparameter_get_language(lang) : NULL, s, html, path, &tags[n],
                 &texts[n]);
        n++;
    }
    free(scratch);
    return fb_texts(d->b, tags, texts, n);
}

const char *ical_first_text(ical_doc *d, const ical_event *ev, icalproperty_kind k,
                            const char *path)
{
    const ical_ev_texts *e = &d->tx->ev[ev->index];
    const char *s = NULL, *r;
    char *scratch = NULL;
    for (size_t i = e->first; i < e->first + e->n && !s && !e->whole; i++)
        if (d->tx->v[i].kind == k)
            s = d->tx->chars + d->tx->v[i].text;
    if (e->whole)
        s = ical_text_of(icalcomponent_get_first_property(ev->c, k), &scratch);
    r = s ? fb_cstr(d->b, s, path) : NULL;
    free(scratch);
    return r && *r ? r : NULL;
}

/* What every occurrence of one VEVENT shares. */
typedef struct {
    agenda_text title, description;
    int32_t hall, track;
    agenda_status status;
} content;

static void read_content(ical_doc *d, const ical_event *ev, content *ct, const char *path)
{
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "SUMMARY");
    ct->title = texts_of(d, ev, ICAL_SUMMARY_PROPERTY, false, p);
    feed_path_key(p, path, "DESCRIPTION");
    ct->description = texts_of(d, ev, ICAL_DESCRIPTION_PROPERTY, true, p);
    feed_path_key(p, path, "LOCATION");
    ct->hall = fb_hall(d->b, ical_first_text(d, ev, ICAL_LOCATION_PROPERTY, p), (agenda_text){0}, p);
    feed_path_key(p, path, "CATEGORIES");
    ct->track = fb_track(d->b, ical_first_text(d, ev, ICAL_CATEGORIES_PROPERTY, p), (agenda_text){0},
                         NULL, p);
    icalproperty *ps = icalcomponent_get_first_property(ev->c, ICAL_STATUS_PROPERTY);
    ct->status = ps && icalproperty_get_status(ps) == ICAL_STATUS_CANCELLED
                     ? AGENDA_STATUS_CANCELLED
                     : AGENDA_STATUS_SCHEDULED;
}

const char *ical_occurrence_id(ical_doc *d, const char *uid, int64_t t)
{
    if (!uid)
        return NULL;
    char at[17];
    ical_format_utc(t, at);
    size_t n = strlen(uid);
    char *id = agenda_arena_alloc(d->b->c->ar, n + 18);
    if (!id) {
        feed_oom(d->b->c);
        return NULL;
    }
    memcpy(id, uid, n);
    id[n] = '@';
    memcpy(id + n + 1, at, 17);
    return id;
}

static void emit(ical_doc *d, const content *ct, int64_t start, int64_t end, const char *id,
                 const char *path)
{
    agenda_session *s = fb_session(d->b, path);
    if (!s)
        return;
    s->id = id;
    s->start = start;
    s->end = end;
    s->hall = ct->hall;
    s->track = ct->track;
    s->status = ct->status;
    s->title = ct->title;
    s->description = ct->description;
}

void ical_make_sessions(ical_doc *d, const ical_event *ev)
{
    char path[FEED_PATH_MAX];
    feed_path_index(path, "VEVENT", ev->index);
    content ct;
    read_content(d, ev, &ct, path);
    if (ev->is_override) {
        emit(d, &ct, ev->start, ev->end, ical_occurrence_id(d, ev->uid, ev->rid), path);
        return;
    }
    if (!ev->recurring) {
        emit(d, &ct, ev->start, ev->end, ev->uid, path);
        return;
    }
    size_t n;
    ical_occ *o = occurrences(d, ev, &n);
    for (size_t i = 0; i < n && !d->b->over_limit && !d->b->c->oom; i++) {
        char p[FEED_PATH_MAX], at[17];
        ical_format_utc(o[i].start, at);
        snprintf(p, sizeof(p), "%.100s@%s", path, at);
        emit(d, &ct, o[i].start, o[i].end, ical_occurrence_id(d, ev->uid, o[i].start), p);
    }
    free(o);
}
