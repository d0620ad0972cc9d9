/* frab_xml.c - imports the schedule.xml of frab, pentabarf (FOSDEM), pretalx and wafer
 * (DebConf) into the agenda, streaming the document through expat.
 *
 * What is read: <schedule> holds <version>, <conference> (title, acronym,
 * time_zone_name, day_change, timeslot_duration) and <day date start end> elements, each
 * listing <room name> elements, each listing <event id guid> elements with date, start,
 * duration, room, slug, title, subtitle, track, type, status, abstract, description and
 * persons/person. Every other element (links, attachments, recording...) is skipped.
 * Halls are keyed by room name (every <room name> and every event's <room>), tracks by
 * track name; ids come from guid, else id, else slug (else the builder makes one).
 *
 * Times: an event's `date` (ISO 8601 with its own offset; wafer writes UTC there and a
 * local `start`) is its start instant. Without `date` (FOSDEM), the start is its day's
 * date plus the `start` clock time in the conference zone, on the next date when that
 * time is before day_change (after-midnight talks). frab_xml_time.c chooses the zones
 * and places the sessions once the document has been read. Conference days (confday.h)
 * begin at day_change, else as the days' start and end imply (build.h, fb_day_span).
 *
 * Paths in messages: schedule.day[D].room["NAME"].event[E].FIELD, where D counts the
 * <day> elements and E the <event> elements of that room from 0 (room[R], by position,
 * for a room without a name); schedule.conference.FIELD; schedule.version.
 *
 * Safety: no DTD and no external entity is ever loaded, and a DOCTYPE that declares an
 * entity is refused at the declaration, before any expansion (billion laughs). Nesting,
 * element count, the text kept per element, days and sessions are capped. Structural
 * failures (not well-formed, limits, the wrong root element) are errors; a flawed event
 * is dropped with a warning at its path while the others load (lenient builder).
 *
 * Layout: state; text buffers and paths; the sniffer; events and persons (the session
 * itself: frab_xml_event.c); days and rooms; the element handlers; the conference; the
 * entry point. The limits are named at the top of frab_xml.h.
 */
#include "importers.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "civil.h"
#include "frab.h"
#include "frab_xml.h"
#include "utf8.h"

/* Expat 2.9 (Debian 13) deprecates the position getters for 64-bit twins it adds;
 * older expat (Debian 12: 2.5) has only the first ones. */
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 9)
#define XF_LINE(p) XML_GetCurrentLineNumber64(p)
#define XF_COLUMN(p) XML_GetCurrentColumnNumber64(p)
#define XF_BYTE_INDEX(p) XML_GetCurrentByteIndex64(p)
#else
#define XF_LINE(p) XML_GetCurrentLineNumber(p)
#define XF_COLUMN(p) XML_GetCurrentColumnNumber(p)
#define XF_BYTE_INDEX(p) XML_GetCurrentByteIndex(p)
#endif

/* ---- State ---------------------------------------------------------------------- */

/* What an open element is to the reader. */
typedef enum {
    K_OTHER, K_SCHEDULE, K_CONF, K_FIELD, K_DAY, K_ROOM, K_EVENT, K_PERSONS, K_PERSON
} xkind;

const char *const xf_ev_names[EF_ELEMENTS] = {
    "date", "start", "duration", "room", "slug", "title", "subtitle", "track",
    "type", "status", "abstract", "description", "url",
};

/* The conference's texts (elements of <conference>), then schedule/version. */
enum { CF_TITLE, CF_ACRONYM, CF_ZONE, CF_DAY_CHANGE, CF_TIMESLOT, CF_ELEMENTS,
       CF_VERSION = CF_ELEMENTS };
_Static_assert(CF_VERSION + 1 == XF_CONF_FIELDS, "xf.conf holds every conference field");
static const char *const conf_names[CF_ELEMENTS] = {
    "title", "acronym", "time_zone_name", "day_change", "timeslot_duration",
};

/* The parser's position in the feed (the white space skipped before the document
 * counted back in). */
static void where(const xf *x, unsigned long *line, unsigned long *col)
{
    *line = (unsigned long)XF_LINE(x->p);
    *col = (unsigned long)XF_COLUMN(x->p) + 1;
    if (*line == 1)
        *col += x->lead_col;
    *line += x->lead_lines;
}

/* Reports a structural error at the parser's position and stops it. */
static void stop_error(xf *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void stop_error(xf *x, const char *fmt, ...)
{
    char msg[FEED_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    unsigned long line, col;
    where(x, &line, &col);
    feed_report_add(x->c, FEED_ERROR, "", "line %lu, column %lu: %s", line, col, msg);
    x->stopped = true;
    XML_StopParser(x->p, XML_FALSE);
}

void xf_stop(xf *x)
{
    x->stopped = true;
    XML_StopParser(x->p, XML_FALSE);
}

/* ---- Texts and paths --------------------------------------------------------------- */

bool xf_grow(xf *x, void **v, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t nc = *cap ? *cap : 16;
    while (nc < need)
        nc *= 2;
    void *p = realloc(*v, nc * size);
    if (!p) {
        feed_oom(x->c);
        xf_stop(x);
        return false;
    }
    *v = p;
    *cap = nc;
    return true;
}

void xf_add(xf *x, xbuf *t, const char *s, size_t n, size_t cap)
{
    if (n > cap - t->n) {
        n = utf8_cut(s, cap - t->n);
        t->cut = true;
    }
    if (!xf_grow(x, (void **)&t->p, &t->cap, t->n + n + 1, 1))
        return;
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

static void xbuf_begin(xf *x, xbuf *t)
{
    t->n = 0;
    t->cut = false;
    x->cur = t;
}

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

const char *xf_text(xbuf *t)
{
    if (!t->n)
        return "";
    size_t a = 0, e = t->n;
    while (a < e && is_space(t->p[a]))
        a++;
    while (e > a && is_space(t->p[e - 1]))
        e--;
    t->p[e] = '\0';
    return t->p + a;
}

/* The value of attribute `name`, or NULL. */
static const char *attr(const XML_Char **atts, const char *name)
{
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(atts[i], name) == 0)
            return atts[i + 1];
    return NULL;
}

static void day_path(const xf *x, char out[FEED_PATH_MAX])
{
    feed_path_index(out, "schedule.day", x->sc.n_days - 1);
}

/* The room's path: by name when it has one (a path cut at FEED_PATH_MAX never ends
 * inside a UTF-8 sequence), else by position. */
static void room_path(const xf *x, char out[FEED_PATH_MAX])
{
    char d[FEED_PATH_MAX], r[FEED_PATH_MAX];
    day_path(x, d);
    feed_path_key(r, d, "room");
    if (!x->room_q[0]) {
        feed_path_index(out, r, x->room_i - 1);
    } else if (snprintf(out, FEED_PATH_MAX, "%s[\"%s\"]", r, x->room_q) >= FEED_PATH_MAX) {
        out[utf8_cut(out, FEED_PATH_MAX - 1)] = '\0';
    }
}

void xf_event_path(const xf *x, char out[FEED_PATH_MAX])
{
    char r[FEED_PATH_MAX], e[FEED_PATH_MAX];
    room_path(x, r);
    feed_path_key(e, r, "event");
    feed_path_index(out, e, x->event_i - 1);
}

/* ---- The sniffer ----------------------------------------------------------------- */

/* The offset just past the first `end` at or after i, or len. */
static size_t skip_past(const char *s, size_t i, size_t len, const char *end)
{
    size_t n = strlen(end);
    for (; i + n <= len; i++)
        if (memcmp(s + i, end, n) == 0)
            return i + n;
    return len;
}

/* The offset just past a DOCTYPE declaration starting at i (its internal subset in
 * brackets, quoted strings skipped), or len. */
static size_t skip_doctype(const char *s, size_t i, size_t len)
{
    int depth = 0;
    char quote = 0;
    for (; i < len; i++) {
        char ch = s[i];
        if (quote)
            quote = ch == quote ? 0 : quote;
        else if (ch == '"' || ch == '\'')
            quote = ch;
        else if (ch == '[')
            depth++;
        else if (ch == ']')
            depth--;
        else if (ch == '>' && depth <= 0)
            return i + 1;
    }
    return len;
}

bool feed_sniff_frab_xml(const char *bytes, size_t len)
{
    size_t i = 0;
    for (;;) {
        while (i < len && is_space(bytes[i]))
            i++;
        if (len - i >= 2 && memcmp(bytes + i, "<?", 2) == 0)
            i = skip_past(bytes, i + 2, len, "?>");
        else if (len - i >= 4 && memcmp(bytes + i, "<!--", 4) == 0)
            i = skip_past(bytes, i + 4, len, "-->");
        else if (len - i >= 9 && memcmp(bytes + i, "<!DOCTYPE", 9) == 0)
            i = skip_doctype(bytes, i + 9, len);
        else
            break;
    }
    if (len - i < 9 || memcmp(bytes + i, "<schedule", 9) != 0)
        return false;
    return i + 9 == len || is_space(bytes[i + 9]) || bytes[i + 9] == '>' || bytes[i + 9] == '/';
}

/* ---- Events and persons --------------------------------------------------------- */

/* <event id guid>: the event's texts emptied (their buffers, the reader's, are kept for
 * the next event) and its attributes kept. */
static void event_begin(xf *x, const XML_Char **atts)
{
    for (size_t i = 0; i < EF_N; i++) {
        x->ev[i].n = 0;
        x->ev[i].cut = false;
    }
    x->n_persons = 0;
    x->event_i++;
    const char *guid = attr(atts, "guid"), *id = attr(atts, "id");
    if (guid)
        xf_add(x, &x->ev[EF_GUID], guid, strlen(guid), x->max_text);
    if (id)
        xf_add(x, &x->ev[EF_ID], id, strlen(id), x->max_text);
}

/* </person>: its name kept (in the reader's EF_NAMES buffer) when it has one. */
static void person_end(xf *x)
{
    const char *name = xf_text(&x->ev[EF_PERSON]);
    if (!*name)
        return;
    if (x->n_persons++ < AGENDA_MAX_PEOPLE)
        xf_add(x, &x->ev[EF_NAMES], name, strlen(name) + 1, SIZE_MAX);
}

/* ---- Days and rooms ------------------------------------------------------------- */

/* <day date start end>: one more entry of sc.days (the reader's array, freed by the entry
 * point). */
static void day_begin(xf *x, const XML_Char **atts)
{
    xf_sched *sc = &x->sc;
    if (sc->n_days == XF_MAX_DAYS) {
        stop_error(x, "more than %u <day> elements", XF_MAX_DAYS);
        return;
    }
    if (!xf_grow(x, (void **)&sc->days, &x->cap_days, sc->n_days + 1, sizeof(*sc->days)))
        return;
    xf_day *d = &sc->days[sc->n_days++];
    memset(d, 0, sizeof(*d));
    x->room_i = 0;
    const char *date = attr(atts, "date"), *start = attr(atts, "start");
    char p[FEED_PATH_MAX], dp[FEED_PATH_MAX];
    day_path(x, dp);
    if (date && !(d->has_date = xf_parse_date(date, &d->y, &d->m, &d->d))) {
        feed_path_key(p, dp, "date");
        fb_flaw(x->b, p, "\"%.20s\" is not a date YYYY-MM-DD: ignored", date);
    }
    if (start)
        d->has_start = civil_parse_rfc3339(start, &d->start, NULL);
    const char *end = attr(atts, "end");
    int64_t e;
    if (d->has_start && end && civil_parse_rfc3339(end, &e, NULL))
        fb_day_span(x->b, d->start, e);
}

/* <room name>: a hall for every named room, in document order (its key in the arena). */
static void room_begin(xf *x, const XML_Char **atts)
{
    x->room_i++;
    x->event_i = 0;
    x->room_key = NULL;
    x->room_q[0] = '\0';
    const char *name = attr(atts, "name");
    if (!name || !*name)
        return;
    feed_path_quote(x->room_q, name);
    char p[FEED_PATH_MAX];
    room_path(x, p);
    const char *key = fb_cstr(x->b, name, p);
    if (key && *key) {
        x->room_key = key;
        fb_hall(x->b, key, fb_text(x->b, key), p);
    }
}

/* ---- The element handlers ------------------------------------------------------- */

/* The index of name in names[n], or -1. */
static int lookup(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return i;
    return -1;
}

/* What a new element under an element of kind `parent` is; begins what it starts. */
static xkind classify(xf *x, xkind parent, const char *name, const XML_Char **atts)
{
    int f;
    switch (parent) {
    case K_SCHEDULE:
        if (strcmp(name, "conference") == 0)
            return K_CONF;
        if (strcmp(name, "version") == 0) {
            xbuf_begin(x, &x->conf[CF_VERSION]);
            return K_FIELD;
        }
        if (strcmp(name, "day") == 0) {
            day_begin(x, atts);
            return K_DAY;
        }
        break;
    case K_CONF:
        if ((f = lookup(conf_names, CF_ELEMENTS, name)) >= 0) {
            xbuf_begin(x, &x->conf[f]);
            return K_FIELD;
        }
        break;
    case K_DAY:
        if (strcmp(name, "room") == 0) {
            room_begin(x, atts);
            return K_ROOM;
        }
        break;
    case K_ROOM:
        if (strcmp(name, "event") == 0) {
            event_begin(x, atts);
            return K_EVENT;
        }
        break;
    case K_EVENT:
        if (strcmp(name, "persons") == 0)
            return K_PERSONS;
        if ((f = lookup(xf_ev_names, EF_ELEMENTS, name)) >= 0) {
            xbuf_begin(x, &x->ev[f]);
            return K_FIELD;
        }
        break;
    case K_PERSONS:
        if (strcmp(name, "person") == 0) {
            xbuf_begin(x, &x->ev[EF_PERSON]);
            return K_PERSON;
        }
        break;
    default:
        break;
    }
    return K_OTHER;
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    xf *x = ud;
    if (x->stopped)
        return;
    if (++x->elements > XF_MAX_ELEMENTS) {
        stop_error(x, "more than %u elements", XF_MAX_ELEMENTS);
        return;
    }
    if (x->depth == XF_MAX_DEPTH) {
        stop_error(x, "elements nested more than %d deep", XF_MAX_DEPTH);
        return;
    }
    xkind k;
    if (x->depth == 0) {
        if (strcmp(name, "schedule") != 0) {
            stop_error(x, "the root element is <%.40s>, not <schedule>", name);
            return;
        }
        k = K_SCHEDULE;
    } else {
        k = classify(x, (xkind)x->kind[x->depth - 1], name, atts);
    }
    x->kind[x->depth++] = (uint8_t)k;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
    xf *x = ud;
    (void)name;
    if (x->stopped || x->depth == 0)
        return;
    switch ((xkind)x->kind[--x->depth]) {
    case K_FIELD:
        x->cur = NULL;
        break;
    case K_PERSON:
        x->cur = NULL;
        person_end(x);
        break;
    case K_EVENT:
        xf_event_end(x);
        break;
    default:
        break;
    }
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    xf *x = ud;
    if (!x->stopped && x->cur && len > 0)
        xf_add(x, x->cur, s, (size_t)len, x->max_text);
}

/* Any entity declaration: refused before it can be expanded. */
static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
                              int value_len, const XML_Char *base, const XML_Char *system_id,
                              const XML_Char *public_id, const XML_Char *notation)
{
    (void)value, (void)value_len, (void)base, (void)system_id, (void)public_id, (void)notation;
    stop_error(ud, "the DOCTYPE declares %sentity \"%.40s\": documents that declare entities "
               "are refused", is_param ? "the parameter " : "the ", name);
}

/* ---- The conference ------------------------------------------------------------- */

/* Title, revision, zone name and day change (strings in the arena);
 * timeslot_duration is only checked. */
static void read_conference(xf *x)
{
    feed_builder *b = x->b;
    agenda *a = x->c->a;
    char p[FEED_PATH_MAX];
    int f = *xf_text(&x->conf[CF_TITLE]) ? CF_TITLE : CF_ACRONYM;
    feed_path_key(p, "schedule.conference", conf_names[f]);
    a->title = fb_text(b, fb_cstr(b, xf_text(&x->conf[f]), p));
    const char *v = xf_text(&x->conf[CF_VERSION]);
    if (*v)
        a->revision = fb_cstr(b, v, "schedule.version");
    feed_path_key(p, "schedule.conference", conf_names[CF_ZONE]);
    if (*(v = xf_text(&x->conf[CF_ZONE])))
        x->sc.zone_name = fb_cstr(b, v, p);
    feed_path_key(p, "schedule.conference", conf_names[CF_DAY_CHANGE]);
    if (*(v = xf_text(&x->conf[CF_DAY_CHANGE])) && !frab_parse_clock(v, &x->sc.day_change))
        fb_flaw(b, p, "\"%.20s\" is not a time HH:MM[:SS]: ignored", v);
    else if (x->sc.day_change >= 0)
        fb_day_change(b, x->sc.day_change, p);
    int64_t slot;
    feed_path_key(p, "schedule.conference", conf_names[CF_TIMESLOT]);
    if (*(v = xf_text(&x->conf[CF_TIMESLOT])) && !frab_parse_duration(v, &slot))
        fb_flaw(b, p, "\"%.20s\" is not a duration HH:MM[:SS]: ignored", v);
}

/* ---- The entry point ------------------------------------------------------------ */

/* Feeds the whole document to expat. False after an error (reported). */
static bool parse_all(xf *x, const char *bytes, size_t len)
{
    size_t off = 0;
    do {
        size_t n = len - off > XF_CHUNK ? XF_CHUNK : len - off;
        bool last = off + n == len;
        if (XML_Parse(x->p, bytes + off, (int)n, last) != XML_STATUS_OK) {
            if (x->stopped)
                return false;
            bool early = (size_t)XF_BYTE_INDEX(x->p) >= len;
            unsigned long line, col;
            where(x, &line, &col);
            feed_report_add(x->c, FEED_ERROR, "", "line %lu, column %lu: not well-formed XML%s (%s)",
                            line, col, early ? ": the document ends too soon" : "",
                            XML_ErrorString(XML_GetErrorCode(x->p)));
            return false;
        }
        off += n;
    } while (off < len);
    return !x->stopped;
}

/* The parser, the texts, days and times are this function's and freed before it
 * returns; everything kept lives in the agenda's arena. */
void feed_import_frab_xml(feed_ctx *c, const char *bytes, size_t len)
{
    feed_builder b;
    fb_init(&b, c, true, bytes, len);
    xf x;
    memset(&x, 0, sizeof(x));
    x.b = &b;
    x.c = c;
    x.max_text = XF_TEXT_FACTOR * c->opt->limits.max_string_bytes;
    x.sc.day_change = -1;
    size_t errors = c->rep->n_errors;
    /* UTF-8 whatever the declaration says: the bytes were checked to be UTF-8. */
    x.p = XML_ParserCreate("UTF-8");
    if (!x.p) {
        feed_oom(c);
        goto out;
    }
    XML_SetUserData(x.p, &x);
    XML_SetElementHandler(x.p, on_start, on_end);
    XML_SetCharacterDataHandler(x.p, on_text);
    XML_SetEntityDeclHandler(x.p, on_entity);
    XML_SetParamEntityParsing(x.p, XML_PARAM_ENTITY_PARSING_NEVER);
    /* White space before the XML declaration (a common slip of exporters) is skipped. */
    size_t lead = 0;
    for (; lead < len && is_space(bytes[lead]); lead++, x.lead_col++)
        if (bytes[lead] == '\n') {
            x.lead_lines++;
            x.lead_col = 0;
        }
    if (parse_all(&x, bytes + lead, len - lead) && c->rep->n_errors == errors && !c->oom) {
        read_conference(&x);
        xf_resolve_times(&b, &x.sc);
        fb_finish(&b);
    }
out:
    XML_ParserFree(x.p);
    for (size_t i = 0; i < EF_N; i++)
        free(x.ev[i].p);
    for (size_t i = 0; i < XF_CONF_FIELDS; i++)
        free(x.conf[i].p);
    free(x.sc.days);
    free(x.sc.times);
    fb_free(&b);
}
