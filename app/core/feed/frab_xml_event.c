/* frab_xml_event.c - one <event> of schedule.xml becomes one session: its times
 * (checked here, placed later by frab_xml_time.c), id, hall, track, kind, status,
 * texts and speakers; a flawed event is dropped with a warning at its path.
 *
 * Layout: the event's times; its fields; the session. Kinds, durations and clock
 * times are read as schedule.json's are (frab.h).
 */
#include "frab_xml.h"

#include <string.h>
#include <strings.h>

#include "civil.h"
#include "frab.h"
#include "link.h"

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
    } else if (!*date && frab_parse_clock(start, &t->sod)) {
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
    if (!frab_parse_duration(dur, &t->dur)) {
        fb_drop(b, p,
                "\"%.20s\" is not a duration (HH:MM, HH:MM:SS, D:HH:MM, D:HH:MM:SS or minutes)",
                dur);
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
    s->kind = frab_kind_from_type(xf_text(&x->ev[EF_TYPE]));
    if (strncasecmp(xf_text(&x->ev[EF_STATUS]), "cancel", 6) == 0)
        s->status = AGENDA_STATUS_CANCELLED;
    s->title = fb_text(b, field(x, EF_TITLE, path, false));
    s->subtitle = fb_text(b, field(x, EF_SUBTITLE, path, false));
    s->description = fb_text(b, field(x, EF_ABSTRACT, path, true));
    if (!s->description.n)
        s->description = fb_text(b, field(x, EF_DESCRIPTION, path, true));
    feed_path_key(p, path, "url");
    s->url = fb_link(b, xf_text(&x->ev[EF_URL]), false, p);
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
