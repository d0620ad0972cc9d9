/* frab_xml_event.c - one <event> of schedule.xml becomes one session: its times
 * (checked here, placed later by frab_xml_time.c), id, hall, track, kind, status,
 * texts and speakers; a flawed event is dropped with a warning at its path.
 *
 * Layout: kinds from the free-form `type`; the event's fields; the session.
 */
#include "frab_xml.h"

#include <string.h>
#include <strings.h>

#include "civil.h"

/* ---- Kinds -------------------------------------------------------------------------- */

/* The next word (a run of ASCII letters) of s, lowercased into w (cut to cap - 1);
 * returns where it ends, or NULL when there is none. */
static const char *next_word(const char *s, char *w, size_t cap)
{
    while (*s && !((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
        s++;
    if (!*s)
        return NULL;
    size_t n = 0;
    for (; (*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'; s++)
        if (n + 1 < cap)
            w[n++] = (char)(*s | 0x20);
    w[n] = '\0';
    return s;
}

/* The session kind of a free-form `type` ("lecture", "Workshop (2h)", "Long talk (45
 * minutes)"): the first entry of the table that is a word of it (a plural counts),
 * else talk. The same table as the schedule.json importer's. */
static agenda_kind kind_from_type(const char *type)
{
    static const struct {
        const char *word;
        agenda_kind kind;
    } table[] = {
        {"keynote", AGENDA_KIND_KEYNOTE},   {"panel", AGENDA_KIND_PANEL},
        {"podium", AGENDA_KIND_PANEL},      {"ceremony", AGENDA_KIND_CEREMONY},
        {"opening", AGENDA_KIND_CEREMONY},  {"closing", AGENDA_KIND_CEREMONY},
        {"break", AGENDA_KIND_BREAK},       {"pause", AGENDA_KIND_BREAK},
        {"lunch", AGENDA_KIND_BREAK},       {"coffee", AGENDA_KIND_BREAK},
        {"dinner", AGENDA_KIND_BREAK},      {"breakfast", AGENDA_KIND_BREAK},
        {"workshop", AGENDA_KIND_OTHER},    {"other", AGENDA_KIND_OTHER},
        {"performance", AGENDA_KIND_OTHER}, {"concert", AGENDA_KIND_OTHER},
        {"meetup", AGENDA_KIND_OTHER},      {"meeting", AGENDA_KIND_OTHER},
        {"party", AGENDA_KIND_OTHER},       {"film", AGENDA_KIND_OTHER},
        {"movie", AGENDA_KIND_OTHER},       {"installation", AGENDA_KIND_OTHER},
        {"game", AGENDA_KIND_OTHER},
    };
    char w[24];
    for (size_t k = 0; k < sizeof(table) / sizeof(table[0]); k++) {
        size_t wl = strlen(table[k].word);
        for (const char *s = type; (s = next_word(s, w, sizeof(w))) != NULL;) {
            size_t n = strlen(w);
            if (strncmp(w, table[k].word, wl) == 0 && (n == wl || (n == wl + 1 && w[wl] == 's')))
                return table[k].kind;
        }
    }
    return AGENDA_KIND_TALK;
}

/* ---- One event -> one session --------------------------------------------------- */

/* Reads how the event's start and length are written into t. False after dropping
 * the event (reported at path.FIELD). */
static bool event_time(xf *x, const char *path, xf_time *t)
{
    feed_builder *b = x->b;
    const char *date = xf_text(&x->ev[EF_DATE]), *start = xf_text(&x->ev[EF_START]);
    const char *dur = xf_text(&x->ev[EF_DURATION]), *when = *date ? date : start;
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, *date ? "date" : "start");
    int64_t y;
    int mo, d, h, mi, sec;
    memset(t, 0, sizeof(*t));
    if (!*when) {
        fb_drop(b, p, "missing (and no date)");
        return false;
    } else if (civil_parse_rfc3339(when, &t->t, &t->off)) {
        t->when = XF_INSTANT;
    } else if (civil_parse_local(when, &y, &mo, &d, &h, &mi, &sec)) {
        t->when = XF_LOCAL;
        t->t = civil_days_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    } else if (!*date && xf_parse_clock(start, &t->sod)) {
        const xf_day *day = &x->sc.days[x->sc.n_days - 1];
        if (!day->has_date && !day->has_start) {
            fb_drop(b, p, "a start time needs a date: neither the event nor its day has one");
            return false;
        }
        t->when = XF_DAY_CLOCK;
        t->day = (int32_t)(x->sc.n_days - 1);
    } else {
        fb_drop(b, p, "\"%.40s\" is not a date-time such as 2019-08-21T11:00:00+02:00%s",
                when, *date ? "" : " or a time HH:MM");
        return false;
    }
    feed_path_key(p, path, "duration");
    if (!*dur) {
        fb_drop(b, p, "missing");
        return false;
    }
    if (!xf_parse_duration(dur, &t->dur)) {
        fb_drop(b, p, "\"%.20s\" is not a duration (HH:MM, HH:MM:SS, D:HH:MM, D:HH:MM:SS)", dur);
        return false;
    }
    if (t->dur > FB_MAX_SESSION_SECONDS) {
        fb_drop(b, p, "\"%.20s\" is longer than 7 days", dur);
        return false;
    }
    return true;
}

/* True when fb_html_text() would give trimmed text v back as it is: no tag, no "&"
 * followed closely by the ";" an entity needs, white space only as single spaces. Most
 * abstracts are such plain text, and fb_str() is far cheaper. */
static bool plain(const char *v)
{
    for (const char *p = v; (p = strpbrk(p, "<& \t\n\r\f\v")) != NULL; p++) {
        if (*p == '&' ? memchr(p + 1, ';', strnlen(p + 1, 32)) != NULL
                      : *p != ' ' || p[1] == ' ')
            return false;
    }
    return true;
}

/* The text of event field f: an arena string (fb_str), NULL when empty; a warning when
 * the element was longer than what is kept. html: markup and entities removed. */
static const char *field(xf *x, int f, const char *path, bool html)
{
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, xf_ev_names[f]);
    if (x->ev[f].cut)
        fb_flaw(x->b, p, "longer than %zu bytes: the rest is left out", x->max_text);
    const char *v = xf_text(&x->ev[f]);
    if (!*v)
        return NULL;
    return html && !plain(v) ? fb_html_text(x->b, v, strlen(v), p) : fb_cstr(x->b, v, p);
}

/* The session id (in the arena): the first of guid, id and slug of 1 to
 * AGENDA_MAX_ID_BYTES bytes, or NULL (the builder makes one). */
static const char *event_id(xf *x, const char *path)
{
    static const int from[] = {EF_GUID, EF_ID, EF_SLUG};
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "id");
    for (size_t i = 0; i < sizeof(from) / sizeof(from[0]); i++) {
        const char *v = xf_text(&x->ev[from[i]]);
        size_t n = strlen(v);
        if (n >= 1 && n <= AGENDA_MAX_ID_BYTES)
            return fb_str(x->b, v, n, p);
    }
    return NULL;
}

/* Speakers (in the arena) from the person names kept; persons past AGENDA_MAX_PEOPLE
 * are left out by fb_people with a warning. */
static void speakers(xf *x, agenda_session *s, const char *path)
{
    size_t n = x->n_persons;
    if (!n)
        return;
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "persons");
    agenda_person *v = fb_people(x->b, &n, p);
    if (!v)
        return;
    const char *name = x->ev[EF_NAMES].p;
    for (size_t i = 0; i < n; i++, name += strlen(name) + 1)
        v[i].name = fb_text(x->b, fb_cstr(x->b, name, p));
    s->speakers = v;
    s->n_speakers = n;
}

/* Everything but the times; strings, halls and tracks go to the arena and builder. */
static void fill_session(xf *x, agenda_session *s, const char *path)
{
    feed_builder *b = x->b;
    char p[FEED_PATH_MAX];
    s->id = event_id(x, path);
    const char *hall = field(x, EF_ROOM, path, false);
    if (!hall)
        hall = x->room_key;
    feed_path_key(p, path, "room");
    s->hall = fb_hall(b, hall, fb_text(b, hall), p);
    const char *track = field(x, EF_TRACK, path, false);
    feed_path_key(p, path, "track");
    s->track = fb_track(b, track, fb_text(b, track), NULL, p);
    s->kind = kind_from_type(xf_text(&x->ev[EF_TYPE]));
    if (strncasecmp(xf_text(&x->ev[EF_STATUS]), "cancel", 6) == 0)
        s->status = AGENDA_STATUS_CANCELLED;
    s->title = fb_text(b, field(x, EF_TITLE, path, false));
    s->subtitle = fb_text(b, field(x, EF_SUBTITLE, path, false));
    s->description = fb_text(b, field(x, EF_ABSTRACT, path, true));
    if (!s->description.n)
        s->description = fb_text(b, field(x, EF_DESCRIPTION, path, true));
    speakers(x, s, path);
}

/* sc.times grows by one (the reader's array) for each session made. */
void xf_event_end(xf *x)
{
    char path[FEED_PATH_MAX];
    xf_event_path(x, path);
    xf_time t;
    if (!event_time(x, path, &t))
        return;
    size_t i = x->b->n_sessions;
    if (!xf_grow(x, (void **)&x->sc.times, &x->cap_times, i + 1, sizeof(*x->sc.times)))
        return;
    agenda_session *s = fb_session(x->b, path);
    if (!s) {
        xf_stop(x);
        return;
    }
    x->sc.times[i] = t;
    fill_session(x, s, path);
}
