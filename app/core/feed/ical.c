/* ical.c - the iCalendar (RFC 5545) importer, as real exporters write it.
 *
 * Two stages. The line pass (ours) reads the bytes: line ends LF, CRLF, CR and
 * stray "\r\r\n"; folds (a line end and one space or tab) removed before any UTF-8
 * check, since exporters split multibyte characters across folds; BEGIN/END nesting
 * checked (a missing END:VCALENDAR is a truncated file: an error); the limits
 * applied; and every "Z" of a date-time value replaced by the ICAL_UTC_PARAM
 * parameter. Then libical parses the lines and this file walks the tree: calendar
 * properties (X-WR-CALNAME, X-WR-TIMEZONE), then the VEVENTs in two passes (place each
 * in time and find the span of the one-off events; then make the sessions, expanding
 * recurrences, ical_recur.c). Times and zones: ical_time.c.
 *
 * libical 3.0.16 and threads (the feed may be parsed on several threads at once):
 * - icalerrno and the icalmemory ring of temporary buffers are per thread (pthread
 *   keys), and "errors are fatal" is off unless someone turns it on; we never do.
 * - icalparser_parse_string(), and the parsing of PERIOD and TRIGGER values, write the
 *   process-wide error-state table (icalerror_supress/icalerror_restore around the
 *   parse): a data race between two parses. The unknown-token setting is global too.
 * - The first use of its UTC zone (any "Z" value parsed, icaltime_compare of times in
 *   different zones, icaltime_is_utc, printing a value) fills the builtin zone array
 *   by reading zone.tab from the system's zone directory; VTIMEZONE expansion reads
 *   the clock (icaltime_today) into a global.
 * - icalrecur_iterator_new() opens an ICU calendar; ICU detects the host's zone once
 *   per process (tzset: /etc/localtime) and probes its own tz data directory. Our
 *   zones never depend on it.
 * So: every libical call of this importer runs under one process-wide lock, "Z" never
 * reaches libical, times are compared and converted by us, and VTIMEZONEs become our
 * own zones (ical_time.c). The one file access left is ICU's once-per-process host
 * zone detection on the first recurring event.
 */
#include "ical_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

static pthread_mutex_t ical_lock = PTHREAD_MUTEX_INITIALIZER;

bool feed_sniff_ical(const char *bytes, size_t len)
{
    static const char head[] = "BEGIN:VCALENDAR";
    size_t i = 0;
    while (i < len && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n'))
        i++;
    return len - i >= sizeof(head) - 1 && strncasecmp(bytes + i, head, sizeof(head) - 1) == 0;
}

/* ---- The line pass ---------------------------------------------------------------- */

typedef struct {
    char *v;
    size_t n, cap;
} buf;

static bool put(buf *o, const char *s, size_t n)
{
    if (o->n + n + 1 > o->cap) {
        size_t cap = o->cap ? o->cap : 4096;
        while (cap < o->n + n + 1)
            cap *= 2;
        char *v = realloc(o->v, cap);
        if (!v)
            return false;
        o->v = v;
        o->cap = cap;
    }
    memcpy(o->v + o->n, s, n);
    o->n += n;
    o->v[o->n] = '\0';
    return true;
}

typedef struct {
    feed_builder *b;
    buf out;                          /* the document for libical, "\n" line ends */
    char names[ICAL_MAX_DEPTH][32];   /* open components */
    size_t opened_at[ICAL_MAX_DEPTH]; /* their BEGIN lines */
    size_t depth, components, events;
    bool begun, done, trailing;
} line_pass;

/* Properties whose values libical reads as date-times (or holding one, as RRULE). */
static bool dated(const char *name, size_t n, const char *params, size_t pn)
{
    static const char *const names[] = {"DTSTART", "DTEND", "DUE", "DTSTAMP", "CREATED",
                                        "LAST-MODIFIED", "COMPLETED", "RECURRENCE-ID",
                                        "EXDATE", "RDATE", "RRULE", "EXRULE", "TRIGGER",
                                        "ACKNOWLEDGED", "TZUNTIL"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strlen(names[i]) == n && strncasecmp(names[i], name, n) == 0)
            return true;
    for (size_t i = 0; i + 6 <= pn; i++) /* any VALUE= other than TEXT: libical obeys it */
        if (strncasecmp(params + i, "VALUE=", 6) == 0)
            return !(pn - i >= 10 && strncasecmp(params + i + 6, "TEXT", 4) == 0);
    return false;
}

/* True at s[i] for "YYYYMMDDTHHMMSSZ" (n bytes in all). */
static bool utc_stamp(const char *s, size_t n, size_t i)
{
    if (n - i < 16)
        return false;
    for (size_t k = 0; k < 15; k++)
        if (k == 8 ? (s[i + k] != 'T' && s[i + k] != 't') : (s[i + k] < '0' || s[i + k] > '9'))
            return false;
    return s[i + 15] == 'Z' || s[i + 15] == 'z';
}

/* Writes one content line; for date-time values, without their "Z" and with the
 * ICAL_UTC_PARAM parameter instead. */
static bool put_line(line_pass *lp, const char *s, size_t n)
{
    size_t name = 0, colon;
    while (name < n && s[name] != ';' && s[name] != ':')
        name++;
    bool q = false;
    for (colon = name; colon < n && (q || s[colon] != ':'); colon++)
        if (s[colon] == '"')
            q = !q;
    if (colon >= n || !dated(s, name, s + name, colon - name))
        return put(&lp->out, s, n) && put(&lp->out, "\n", 1);
    bool utc = false;
    for (size_t i = colon; i < n && !utc; i++)
        utc = utc_stamp(s, n, i);
    if (!utc)
        return put(&lp->out, s, n) && put(&lp->out, "\n", 1);
    if (!put(&lp->out, s, colon) || !put(&lp->out, ";" ICAL_UTC_PARAM "=1", sizeof(ICAL_UTC_PARAM) + 2))
        return false;
    size_t from = colon;
    for (size_t i = colon; i < n; i++)
        if (utc_stamp(s, n, i)) {
            if (!put(&lp->out, s + from, i + 15 - from))
                return false;
            from = i + 16;
            i += 15;
        }
    return put(&lp->out, s + from, n - from) && put(&lp->out, "\n", 1);
}

/* BEGIN:NAME / END:NAME. Returns -1 after an error, else 0. */
static int nest(line_pass *lp, bool begin, const char *name, size_t n, size_t line)
{
    char up[32];
    size_t k = n < sizeof(up) - 1 ? n : sizeof(up) - 1;
    for (size_t i = 0; i < k; i++)
        up[i] = name[i] >= 'a' && name[i] <= 'z' ? (char)(name[i] - 32) : name[i];
    up[k] = '\0';
    if (begin) {
        if (lp->depth == ICAL_MAX_DEPTH) {
            feed_report_add(lp->b->c, FEED_ERROR, "", "line %zu: components nested deeper than %u",
                            line, ICAL_MAX_DEPTH);
            return -1;
        }
        if (++lp->components > ICAL_MAX_COMPONENTS ||
            (strcmp(up, "VEVENT") == 0 && ++lp->events > ICAL_MAX_EVENTS)) {
            feed_report_add(lp->b->c, FEED_ERROR, "", "line %zu: more than %u %s", line,
                            lp->events > ICAL_MAX_EVENTS ? ICAL_MAX_EVENTS : ICAL_MAX_COMPONENTS,
                            lp->events > ICAL_MAX_EVENTS ? "events" : "components");
            return -1;
        }
        memcpy(lp->names[lp->depth], up, k + 1);
        lp->opened_at[lp->depth++] = line;
    } else {
        if (!lp->depth || strcmp(lp->names[lp->depth - 1], up) != 0) {
            feed_report_add(lp->b->c, FEED_ERROR, "", "line %zu: END:%s closes %s%s", line, up,
                            lp->depth ? "BEGIN:" : "nothing",
                            lp->depth ? lp->names[lp->depth - 1] : "");
            return -1;
        }
        lp->done = --lp->depth == 0;
    }
    return put(&lp->out, begin ? "BEGIN:" : "END:", begin ? 6 : 4) && put(&lp->out, up, k) &&
                   put(&lp->out, "\n", 1)
               ? 0
               : (feed_oom(lp->b->c), -1);
}

/* One logical (unfolded) line. Returns -1 after an error, else 0. */
static int logical_line(line_pass *lp, const char *s, size_t n, size_t line)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (!n)
        return 0;
    if (lp->done) {
        if (!lp->trailing)
            feed_report_add(lp->b->c, FEED_WARNING, "", "line %zu: after END:VCALENDAR: ignored",
                            line);
        lp->trailing = true;
        return 0;
    }
    size_t bad;
    if (!utf8_valid(s, n, &bad)) {
        feed_report_add(lp->b->c, FEED_ERROR, "", "line %zu: invalid UTF-8 (byte %zu of the line)",
                        line, bad + 1);
        return -1;
    }
    if (n > ICAL_MAX_LINE || memchr(s, '\0', n)) {
        feed_report_add(lp->b->c, FEED_WARNING, "", "line %zu: %s: dropped", line,
                        n > ICAL_MAX_LINE ? "longer than the line limit" : "a NUL byte");
        return 0;
    }
    bool begin = n > 6 && strncasecmp(s, "BEGIN:", 6) == 0;
    bool end = n > 4 && strncasecmp(s, "END:", 4) == 0;
    if (!lp->begun) {
        if (!begin || strncasecmp(s + 6, "VCALENDAR", n - 6) != 0 || n - 6 != 9) {
            feed_report_add(lp->b->c, FEED_ERROR, "", "line %zu: expected BEGIN:VCALENDAR", line);
            return -1;
        }
        lp->begun = true;
    }
    if (begin || end)
        return nest(lp, begin, s + (begin ? 6 : 4), n - (begin ? 6 : 4), line);
    if (!put_line(lp, s, n)) {
        feed_oom(lp->b->c);
        return -1;
    }
    return 0;
}

/* Unfolds bytes into lp->out. Returns 0, or -1 after an error. */
static int unfold(line_pass *lp, const char *bytes, size_t len)
{
    buf line = {0};
    size_t ln = 1, start_ln = 1, i = 0;
    int rc = 0;
    while (i < len && rc == 0) {
        size_t j = i;
        while (j < len && bytes[j] != '\r' && bytes[j] != '\n')
            j++;
        if (!put(&line, bytes + i, j - i)) {
            feed_oom(lp->b->c);
            rc = -1;
            break;
        }
        while (j < len && bytes[j] == '\r')
            j++;
        if (j < len && bytes[j] == '\n')
            j++;
        ln++;
        if (j < len && (bytes[j] == ' ' || bytes[j] == '\t')) {
            i = j + 1; /* a fold */
            continue;
        }
        rc = logical_line(lp, line.v ? line.v : "", line.n, start_ln);
        line.n = 0;
        start_ln = ln;
        i = j;
    }
    free(line.v);
    if (rc == 0 && lp->depth) {
        feed_report_add(lp->b->c, FEED_ERROR, "",
                        "truncated: no END:%s for the BEGIN:%s of line %zu", lp->names[lp->depth - 1],
                        lp->names[lp->depth - 1], lp->opened_at[lp->depth - 1]);
        rc = -1;
    }
    if (rc == 0 && !lp->begun) {
        feed_report_add(lp->b->c, FEED_ERROR, "", "no BEGIN:VCALENDAR");
        rc = -1;
    }
    return rc;
}

/* ---- Reading the tree --------------------------------------------------------------- */

/* The text of p when its value is TEXT (libical unescaped it) or an X- value (we do). */
static const char *text_of(icalproperty *p, buf *scratch)
{
    icalvalue *v = p ? icalproperty_get_value(p) : NULL;
    if (!v)
        return NULL;
    if (icalvalue_isa(v) == ICAL_TEXT_VALUE)
        return icalvalue_get_text(v);
    if (icalvalue_isa(v) != ICAL_X_VALUE || !icalvalue_get_x(v))
        return NULL;
    const char *s = icalvalue_get_x(v);
    scratch->n = 0;
    for (; *s; s++) {
        char ch = *s;
        if (ch == '\\' && s[1]) {
            ch = *++s;
            if (ch == 'n' || ch == 'N')
                ch = '\n';
        }
        if (!put(scratch, &ch, 1))
            return NULL;
    }
    return scratch->v ? scratch->v : "";
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

/* Every value of property kind k of c as one TEXT, a translation per LANGUAGE. */
static agenda_text texts_of(ical_doc *d, icalcomponent *c, icalproperty_kind k, bool html,
                            const char *path)
{
    const char *tags[8], *texts[8];
    size_t n = 0;
    buf scratch = {0};
    for (icalproperty *p = icalcomponent_get_first_property(c, k); p && n < 8;
         p = icalcomponent_get_next_property(c, k)) {
        const char *s = text_of(p, &scratch);
        if (!s)
            continue;
        icalparameter *lang = icalproperty_get_first_parameter(p, ICAL_LANGUAGE_PARAMETER);
        const char *tag = lang ? icalparameter_get_language(lang) : NULL;
        bool tag_ok = tag && *tag && strlen(tag) <= 35 && strspn(tag, "abcdefghijklmnopqrstuvwxyz"
                                                                      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                                                      "0123456789-") == strlen(tag);
        tags[n] = tag_ok ? fb_cstr(d->b, tag, path) : "";
        texts[n] = html && looks_html(s) ? fb_html_text(d->b, s, strlen(s), path)
                                         : fb_cstr(d->b, s, path);
        n++;
    }
    free(scratch.v);
    return fb_texts(d->b, tags, texts, n);
}

/* The first value of kind k as a trimmed arena string, or NULL. */
static const char *first_text(ical_doc *d, icalcomponent *c, icalproperty_kind k, const char *path)
{
    buf scratch = {0};
    const char *s = text_of(icalcomponent_get_first_property(c, k), &scratch);
    const char *r = s ? fb_cstr(d->b, s, path) : NULL;
    free(scratch.v);
    return r && *r ? r : NULL;
}

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

/* X-WR-CALNAME (else X-WR-CALDESC) as the event title; X-WR-TIMEZONE as its zone. */
static void calendar_props(ical_doc *d)
{
    buf scratch = {0};
    icalproperty *p = x_prop(d->cal, "X-WR-CALNAME");
    if (!p)
        p = x_prop(d->cal, "X-WR-CALDESC");
    const char *s = text_of(p, &scratch);
    if (s)
        d->b->c->a->title = fb_text(d->b, fb_cstr(d->b, s, "X-WR-CALNAME"));
    s = text_of(x_prop(d->cal, "X-WR-TIMEZONE"), &scratch);
    const char *name = s ? fb_cstr(d->b, s, "X-WR-TIMEZONE") : NULL;
    if (name && *name) {
        const tz_zone *z = ical_known_zone(d, name);
        if (z) {
            d->b->venue = z; /* fb_set_event_zone() without its lookup: the name may be a
                              * VTIMEZONE of this document */
            d->b->venue_name = tz_name(z);
            bool listed = false;
            for (size_t i = 0; i < d->n_zones; i++)
                listed |= strcmp(d->zones[i].tzid, name) == 0;
            if (!listed && d->n_zones < ICAL_MAX_ZONES) /* TZIDs of that name: loaded once */
                d->zones[d->n_zones++] = (ical_zone){name, z, NULL};
        } else {
            fb_set_event_zone(d->b, name, NULL, "X-WR-TIMEZONE");
        }
    }
    free(scratch.v);
}

/* Pass 1: places ev in time (false: dropped) and notes its UID and RECURRENCE-ID. */
static bool place(ical_doc *d, ical_event *ev)
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
    ev->uid = first_text(d, ev->c, ICAL_UID_PROPERTY, path);
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
    ct->title = texts_of(d, ev->c, ICAL_SUMMARY_PROPERTY, false, p);
    feed_path_key(p, path, "DESCRIPTION");
    ct->description = texts_of(d, ev->c, ICAL_DESCRIPTION_PROPERTY, true, p);
    feed_path_key(p, path, "LOCATION");
    ct->hall = fb_hall(d->b, first_text(d, ev->c, ICAL_LOCATION_PROPERTY, p), (agenda_text){0}, p);
    feed_path_key(p, path, "CATEGORIES");
    ct->track = fb_track(d->b, first_text(d, ev->c, ICAL_CATEGORIES_PROPERTY, p), (agenda_text){0},
                         NULL, p);
    icalproperty *ps = icalcomponent_get_first_property(ev->c, ICAL_STATUS_PROPERTY);
    ct->status = ps && icalproperty_get_status(ps) == ICAL_STATUS_CANCELLED
                     ? AGENDA_STATUS_CANCELLED
                     : AGENDA_STATUS_SCHEDULED;
}

/* UID + "@" + the start in UTC (an arena string), or NULL without a UID. */
static const char *occurrence_id(ical_doc *d, const char *uid, int64_t t)
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

/* Pass 2: the sessions of one placed VEVENT. */
static void make_sessions(ical_doc *d, const ical_event *ev)
{
    char path[FEED_PATH_MAX];
    feed_path_index(path, "VEVENT", ev->index);
    content ct;
    read_content(d, ev, &ct, path);
    if (ev->is_override) {
        emit(d, &ct, ev->start, ev->end, occurrence_id(d, ev->uid, ev->rid), path);
        return;
    }
    if (!ev->recurring) {
        emit(d, &ct, ev->start, ev->end, ev->uid, path);
        return;
    }
    size_t n;
    ical_occ *o = ical_occurrences(d, ev, &n);
    for (size_t i = 0; i < n && !d->b->over_limit && !d->b->c->oom; i++) {
        char p[FEED_PATH_MAX], at[17];
        ical_format_utc(o[i].start, at);
        snprintf(p, sizeof(p), "%.100s@%s", path, at);
        emit(d, &ct, o[i].start, o[i].end, occurrence_id(d, ev->uid, o[i].start), p);
    }
    free(o);
}

/* Both passes over the VEVENTs. */
static void read_events(ical_doc *d)
{
    size_t n = 0;
    for (icalcomponent *c = icalcomponent_get_first_component(d->cal, ICAL_VEVENT_COMPONENT); c;
         c = icalcomponent_get_next_component(d->cal, ICAL_VEVENT_COMPONENT))
        n++;
    d->ev = calloc(n ? n : 1, sizeof(*d->ev));
    if (!d->ev) {
        feed_oom(d->b->c);
        return;
    }
    for (icalcomponent *c = icalcomponent_get_first_component(d->cal, ICAL_VEVENT_COMPONENT);
         c && d->n_ev < n; c = icalcomponent_get_next_component(d->cal, ICAL_VEVENT_COMPONENT)) {
        ical_event *ev = &d->ev[d->n_ev];
        *ev = (ical_event){.c = c, .index = d->n_ev++};
        ev->ok = place(d, ev);
        if (ev->ok && !ev->recurring) {
            d->span_lo = d->has_span && d->span_lo < ev->start ? d->span_lo : ev->start;
            d->span_hi = d->has_span && d->span_hi > ev->end ? d->span_hi : ev->end;
            d->has_span = true;
        }
        if (ev->ok && ev->is_override) {
            const char *key = occurrence_id(d, ev->uid, ev->rid);
            if (key && !fb_map_put(&d->overrides, key, (int32_t)ev->index))
                feed_oom(d->b->c);
        }
    }
    for (size_t i = 0; i < d->n_ev && !d->b->over_limit && !d->b->c->oom; i++)
        if (d->ev[i].ok)
            make_sessions(d, &d->ev[i]);
}

void feed_import_ical(feed_ctx *c, const char *bytes, size_t len)
{
    feed_builder b;
    fb_init(&b, c, true, bytes, len);
    line_pass lp = {.b = &b};
    if (unfold(&lp, bytes, len) != 0) {
        free(lp.out.v);
        fb_free(&b);
        return;
    }
    pthread_mutex_lock(&ical_lock);
    icalcomponent *cal = icalparser_parse_string(lp.out.v);
    free(lp.out.v);
    if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
        feed_report_add(c, FEED_ERROR, "", "not an iCalendar document");
    } else {
        ical_doc d = {.b = &b, .cal = cal};
        ical_zones_init(&d);
        calendar_props(&d);
        read_events(&d);
        free(d.ev);
        fb_map_free(&d.overrides);
        fb_finish(&b);
    }
    if (cal)
        icalcomponent_free(cal);
    pthread_mutex_unlock(&ical_lock);
    fb_free(&b);
}
