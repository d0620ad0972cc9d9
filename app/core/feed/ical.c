/* ical.c - the iCalendar (RFC 5545) importer, as real exporters write it.
 *
 * Two stages. The line pass (ours) reads the bytes: line ends LF, CRLF, CR and
 * stray "\r\r\n"; folds (a line end and one space or tab) removed before any UTF-8
 * check, since exporters split multibyte characters across folds; BEGIN/END nesting
 * checked (a missing END:VCALENDAR is a truncated file: an error); the limits
 * applied; every "Z" of a date-time value replaced by the ICAL_UTC_PARAM parameter;
 * and, in the VEVENTs, the plain TEXT properties read here and the unread ones left
 * out (see "The lines of a top-level VEVENT"). Then libical parses the rest (the
 * calendar's structure, times, rules, zones) and this file walks the tree: calendar
 * properties (X-WR-CALNAME, X-WR-TIMEZONE), then the VEVENTs in two passes (place
 * each in time and find the span of the one-off events, ical_time.c; then make the
 * sessions, expanding recurrences, ical_recur.c).
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

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
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

/* Makes room for need elements of size sz in *v; false when out of memory. */
static bool grow(void *v, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *p = realloc(*(void **)v, c * sz);
    if (!p)
        return false;
    *(void **)v = p;
    *cap = c;
    return true;
}

static bool put(buf *o, const char *s, size_t n)
{
    if (!grow(&o->v, &o->cap, o->n + n + 1, 1))
        return false;
    memcpy(o->v + o->n, s, n);
    o->n += n;
    o->v[o->n] = '\0';
    return true;
}

typedef struct {
    size_t from, to;
} span;

typedef struct {
    feed_builder *b;
    buf out;                          /* the document for libical, "\n" line ends */
    char names[ICAL_MAX_DEPTH][32];   /* open components */
    size_t opened_at[ICAL_MAX_DEPTH]; /* their BEGIN lines */
    size_t depth, components, events;
    bool begun, done, trailing;
    ical_texts *tx;                   /* what the VEVENT lines below gave */
    bool in_event;                    /* a VEVENT directly in the VCALENDAR is open */
    bool whole;                       /* ...and libical will be given all its lines */
    size_t event_chars;               /* its first byte in tx->chars */
    span *cuts;                       /* its lines in out that libical will not see */
    size_t n_cuts, cap_cuts;
} line_pass;

/* True when s[0..n) is name, in any case. */
static bool name_is(const char *s, size_t n, const char *name)
{
    return n && (s[0] | 32) == (name[0] | 32) && strlen(name) == n && strncasecmp(s, name, n) == 0;
}

/* Properties whose values libical reads as date-times (or holding one, as RRULE). */
static bool dated(const char *name, size_t n, const char *params, size_t pn)
{
    static const char *const names[] = {"DTSTART", "DTEND", "DUE", "DTSTAMP", "CREATED",
                                        "LAST-MODIFIED", "COMPLETED", "RECURRENCE-ID",
                                        "EXDATE", "RDATE", "RRULE", "EXRULE", "TRIGGER",
                                        "ACKNOWLEDGED", "TZUNTIL"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (name_is(name, n, names[i]))
            return true;
    for (size_t i = 0; i + 6 <= pn; i++) /* any VALUE= other than TEXT: libical obeys it */
        if ((params[i] | 32) == 'v' && strncasecmp(params + i, "VALUE=", 6) == 0)
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

/* ---- The lines of a top-level VEVENT ------------------------------------------------ *
 * libical spends most of an import on the long TEXT lines of the events (every
 * property, parameter and value is its own allocation) and on lines the importer
 * never reads. So, in a VEVENT directly inside the VCALENDAR, the plain TEXT
 * properties read by ical.c are read here, unescaped exactly as libical does, and the
 * properties nobody reads are left out; libical still parses the calendar's
 * structure, its times, recurrences and zones. An event with a TEXT line that this
 * reader cannot vouch for goes to libical whole, as every line did before. */

typedef enum { USE_LIBICAL, USE_OWN, USE_UNREAD, USE_WHOLE } line_use;

typedef struct {
    icalproperty_kind kind;
    const char *tag, *val; /* LANGUAGE (or NULL) and the raw value */
    size_t tn, vn;
} own_line;

static bool has_dtstart(const char *s, size_t n)
{
    for (const char *p = s; (p = memchr(p, 'D', n - (size_t)(p - s))); p++)
        if (n - (size_t)(p - s) >= 7 && memcmp(p, "DTSTART", 7) == 0)
            return true;
    return false;
}

/* A property of a VEVENT that the importer never reads (X-LIC-* excepted: libical's
 * own, and X-LIC-ERROR is read). */
static bool unread(const char *s, size_t n)
{
    static const char *const names[] = {"DTSTAMP", "ATTENDEE", "ORGANIZER", "URL", "CREATED",
                                        "LAST-MODIFIED", "SEQUENCE", "CLASS", "TRANSP",
                                        "PRIORITY", "GEO", "CONTACT", "COMMENT", "ATTACH",
                                        "RESOURCES", "RELATED-TO"};
    if (n > 2 && strncasecmp(s, "X-", 2) == 0)
        return !(n > 6 && strncasecmp(s, "X-LIC-", 6) == 0);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (name_is(s, n, names[i]))
            return true;
    return false;
}

/* The value of an own TEXT line (after "NAME:" or "NAME;LANGUAGE=tag:"), or USE_WHOLE
 * where libical could read it otherwise: other parameters, white space or controls at
 * either end (libical strips them), a CATEGORIES list, a line near libical's length
 * limit. */
static line_use own_value(const char *s, size_t n, size_t k, own_line *o)
{
    size_t v = k + 1;
    o->tag = NULL;
    o->tn = 0;
    if (s[k] == ';') {
        if (n - v < 9 || strncasecmp(s + v, "LANGUAGE=", 9) != 0)
            return USE_WHOLE;
        size_t t = v + 9, e = t;
        while (e < n && (isalnum((unsigned char)s[e]) || s[e] == '-'))
            e++;
        if (e == t || e == n || s[e] != ':')
            return USE_WHOLE;
        o->tag = s + t;
        o->tn = e - t;
        v = e + 1;
    }
    if (v >= n || n >= 8000 || (unsigned char)s[v] <= ' ' || (unsigned char)s[n - 1] <= ' ')
        return USE_WHOLE;
    if (o->kind == ICAL_CATEGORIES_PROPERTY && memchr(s + v, ',', n - v))
        return USE_WHOLE;
    o->val = s + v;
    o->vn = n - v;
    return USE_OWN;
}

/* Who reads one content line of a top-level VEVENT. An unread line holding "DTSTART"
 * stays: a libical error about it could reach X-LIC-ERROR (ical_dtstart_error). */
static line_use classify(const char *s, size_t n, own_line *o)
{
    static const struct {
        const char *name;
        icalproperty_kind kind;
    } own[] = {{"SUMMARY", ICAL_SUMMARY_PROPERTY},       {"DESCRIPTION", ICAL_DESCRIPTION_PROPERTY},
               {"LOCATION", ICAL_LOCATION_PROPERTY},     {"CATEGORIES", ICAL_CATEGORIES_PROPERTY},
               {"UID", ICAL_UID_PROPERTY}};
    size_t k = 0;
    while (k < n && s[k] != ';' && s[k] != ':' && s[k] != '"' && s[k] != '\\' &&
           (unsigned char)s[k] > ' ')
        k++;
    if (k == 0 || k == n || (s[k] != ';' && s[k] != ':'))
        return USE_WHOLE;
    for (size_t i = 0; i < sizeof(own) / sizeof(own[0]); i++)
        if (name_is(s, k, own[i].name)) {
            o->kind = own[i].kind;
            return own_value(s, n, k, o);
        }
    return unread(s, k) && !has_dtstart(s, n) ? USE_UNREAD : USE_LIBICAL;
}

/* The byte a TEXT escape "\\c" stands for, as libical reads it: \\n \\N newline; \\t \\r
 * \\b \\f and their capitals those controls; \\; \\, \\" \\\\ the character itself; any
 * other byte a space. */
static char escaped(char c)
{
    switch (c) {
    case 'n': case 'N': return '\n';
    case 't': case 'T': return '\t';
    case 'r': case 'R': return '\r';
    case 'b': case 'B': return '\b';
    case 'f': case 'F': return '\f';
    case ';': case ',': case '"': case '\\': return c;
    default: return ' ';
    }
}

/* Appends s[0..n) and a NUL to tx->chars, with its TEXT escapes read when unescape
 * (a backslash at the very end ends the text, as in libical). Returns the offset, or
 * SIZE_MAX when out of memory. */
static size_t keep_chars(ical_texts *tx, const char *s, size_t n, bool unescape)
{
    if (!grow(&tx->chars, &tx->cap_chars, tx->n_chars + n + 1, 1))
        return SIZE_MAX;
    size_t at = tx->n_chars;
    char *w = tx->chars + at;
    for (size_t i = 0; i < n; i++) {
        const char *bs = unescape ? memchr(s + i, '\\', n - i) : NULL;
        size_t run = bs ? (size_t)(bs - s) - i : n - i;
        memcpy(w, s + i, run);
        w += run;
        i += run; /* at a backslash, or at n */
        if (i + 1 >= n)
            break;
        *w++ = escaped(s[++i]);
    }
    *w++ = '\0';
    tx->n_chars = (size_t)(w - tx->chars);
    return at;
}

static bool keep_text(ical_texts *tx, const own_line *o)
{
    if (!grow(&tx->v, &tx->cap, tx->n + 1, sizeof(*tx->v)))
        return false;
    size_t tag = SIZE_MAX, text;
    if (o->tag && (tag = keep_chars(tx, o->tag, o->tn, false)) == SIZE_MAX)
        return false;
    if ((text = keep_chars(tx, o->val, o->vn, true)) == SIZE_MAX)
        return false;
    tx->v[tx->n++] = (ical_text){o->kind, tag, text};
    return true;
}

static bool event_open(line_pass *lp)
{
    ical_texts *tx = lp->tx;
    if (!grow(&tx->ev, &tx->cap_ev, tx->n_ev + 1, sizeof(*tx->ev)))
        return false;
    tx->ev[tx->n_ev++] = (ical_ev_texts){tx->n, 0, false};
    lp->in_event = true;
    lp->whole = false;
    lp->event_chars = tx->n_chars;
    lp->n_cuts = 0;
    return true;
}

/* Ends the VEVENT: drops the lines cut from out, or its texts when libical reads it whole. */
static void event_close(line_pass *lp)
{
    ical_ev_texts *e = &lp->tx->ev[lp->tx->n_ev - 1];
    lp->in_event = false;
    if (lp->whole) {
        e->whole = true;
        lp->tx->n = e->first;
        lp->tx->n_chars = lp->event_chars;
        return;
    }
    e->n = lp->tx->n - e->first;
    if (!lp->n_cuts)
        return;
    char *v = lp->out.v;
    size_t w = lp->cuts[0].from;
    for (size_t i = 0; i < lp->n_cuts; i++) {
        size_t end = i + 1 < lp->n_cuts ? lp->cuts[i + 1].from : lp->out.n;
        memmove(v + w, v + lp->cuts[i].to, end - lp->cuts[i].to);
        w += end - lp->cuts[i].to;
    }
    lp->out.n = w;
    v[w] = '\0';
}

/* One content line of a top-level VEVENT into out, noted as cut when libical is not to
 * see it. Returns false when out of memory. */
static bool event_line(line_pass *lp, const char *s, size_t n)
{
    own_line o;
    line_use use = lp->whole ? USE_LIBICAL : classify(s, n, &o);
    size_t from = lp->out.n;
    if (use == USE_WHOLE)
        lp->whole = true;
    if (!put_line(lp, s, n))
        return false;
    if (use == USE_OWN && !keep_text(lp->tx, &o))
        return false;
    if (use != USE_OWN && use != USE_UNREAD)
        return true;
    if (!grow(&lp->cuts, &lp->cap_cuts, lp->n_cuts + 1, sizeof(*lp->cuts)))
        return false;
    lp->cuts[lp->n_cuts++] = (span){from, lp->out.n};
    return true;
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
        if (lp->depth == 2 && strcmp(up, "VEVENT") == 0 && !event_open(lp)) {
            feed_oom(lp->b->c);
            return -1;
        }
    } else {
        if (!lp->depth || strcmp(lp->names[lp->depth - 1], up) != 0) {
            feed_report_add(lp->b->c, FEED_ERROR, "", "line %zu: END:%s closes %s%s", line, up,
                            lp->depth ? "BEGIN:" : "nothing",
                            lp->depth ? lp->names[lp->depth - 1] : "");
            return -1;
        }
        if (lp->depth == 2 && lp->in_event)
            event_close(lp);
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
    if (!(lp->in_event && lp->depth == 2 ? event_line(lp, s, n) : put_line(lp, s, n))) {
        feed_oom(lp->b->c);
        return -1;
    }
    return 0;
}

/* Where the line starting at i ends: its first CR or LF, else len. */
static size_t line_end(const char *bytes, size_t i, size_t len)
{
    const char *lf = memchr(bytes + i, '\n', len - i);
    size_t j = lf ? (size_t)(lf - bytes) : len;
    const char *cr = memchr(bytes + i, '\r', j - i);
    return cr ? (size_t)(cr - bytes) : j;
}

/* Unfolds bytes into lp->out (a line with no fold is read where it is). Returns 0, or
 * -1 after an error. */
static int unfold(line_pass *lp, const char *bytes, size_t len)
{
    buf line = {0};
    size_t ln = 1, start_ln = 1, i = 0;
    int rc = 0;
    while (i < len && rc == 0) {
        size_t e = line_end(bytes, i, len), j = e;
        while (j < len && bytes[j] == '\r')
            j++;
        if (j < len && bytes[j] == '\n')
            j++;
        ln++;
        bool fold = j < len && (bytes[j] == ' ' || bytes[j] == '\t');
        if ((fold || line.n) && !put(&line, bytes + i, e - i)) {
            feed_oom(lp->b->c);
            rc = -1;
            break;
        }
        if (fold) {
            i = j + 1;
            continue;
        }
        rc = line.n ? logical_line(lp, line.v, line.n, start_ln)
                    : logical_line(lp, bytes + i, e - i, start_ln);
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

/* ---- Reading the tree ------------------------------------------------------------- */

/* Both passes over the VEVENTs. */
static void read_events(ical_doc *d)
{
    size_t n = 0;
    for (icalcomponent *c = icalcomponent_get_first_component(d->cal, ICAL_VEVENT_COMPONENT); c;
         c = icalcomponent_get_next_component(d->cal, ICAL_VEVENT_COMPONENT))
        n++;
    if (n != d->tx->n_ev) { /* the same BEGIN/END lines: never */
        feed_report_add(d->b->c, FEED_ERROR, "", "%zu VEVENTs read, libical found %zu",
                        d->tx->n_ev, n);
        return;
    }
    d->ev = calloc(n ? n : 1, sizeof(*d->ev));
    if (!d->ev) {
        feed_oom(d->b->c);
        return;
    }
    for (icalcomponent *c = icalcomponent_get_first_component(d->cal, ICAL_VEVENT_COMPONENT);
         c && d->n_ev < n; c = icalcomponent_get_next_component(d->cal, ICAL_VEVENT_COMPONENT)) {
        ical_event *ev = &d->ev[d->n_ev];
        *ev = (ical_event){.c = c, .index = d->n_ev++};
        ev->ok = ical_place(d, ev);
        if (ev->ok && !ev->recurring) {
            d->span_lo = d->has_span && d->span_lo < ev->start ? d->span_lo : ev->start;
            d->span_hi = d->has_span && d->span_hi > ev->end ? d->span_hi : ev->end;
            d->has_span = true;
        }
        if (ev->ok && ev->is_override) {
            const char *key = ical_occurrence_id(d, ev->uid, ev->rid);
            if (key && !fb_map_put(&d->overrides, key, (int32_t)ev->index))
                feed_oom(d->b->c);
        }
    }
    for (size_t i = 0; i < d->n_ev && !d->b->over_limit && !d->b->c->oom; i++)
        if (d->ev[i].ok)
            ical_make_sessions(d, &d->ev[i]);
}

static void texts_free(ical_texts *tx)
{
    free(tx->chars);
    free(tx->v);
    free(tx->ev);
}

void feed_import_ical(feed_ctx *c, const char *bytes, size_t len)
{
    feed_builder b;
    fb_init(&b, c, true, bytes, len);
    ical_texts tx = {0};
    line_pass lp = {.b = &b, .tx = &tx};
    int rc = unfold(&lp, bytes, len);
    free(lp.cuts);
    if (rc != 0) {
        free(lp.out.v);
        texts_free(&tx);
        fb_free(&b);
        return;
    }
    pthread_mutex_lock(&ical_lock);
    icalcomponent *cal = icalparser_parse_string(lp.out.v);
    free(lp.out.v);
    if (!cal || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
        feed_report_add(c, FEED_ERROR, "", "not an iCalendar document");
    } else {
        ical_doc d = {.b = &b, .cal = cal, .tx = &tx};
        ical_zones_init(&d);
        ical_calendar_props(&d);
        read_events(&d);
        free(d.ev);
        fb_map_free(&d.overrides);
        fb_finish(&b);
    }
    if (cal)
        icalcomponent_free(cal);
    pthread_mutex_unlock(&ical_lock);
    texts_free(&tx);
    fb_free(&b);
}
