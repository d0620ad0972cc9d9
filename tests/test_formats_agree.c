/* test_formats_agree.c - one event, exported as every format a conference tool writes,
 * gives the same board.
 *
 * From an imported agenda (the built-in seed; the CCCamp 2019 frab export of
 * HB_SHARED_DIR/fixtures/real/ when it is there) the test writes the same programme
 * as frab/pretalx JSON, frab XML (schedule.xml), iCalendar, CSV and Sessionize, the
 * way those tools lay them out, imports each back, and compares what the board would
 * show at 20 instants: phase, the ids and titles of the sessions now and next, and
 * when next starts. frab JSON and XML carry the conference's day change; iCalendar, CSV
 * and Sessionize cannot, and are compared with the same agenda in calendar days. The
 * writers here know nothing of the importers.
 */
#include "support.h"

#include <cjson/cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "feed.h"
#include "feedsrc.h"
#include "sched.h"
#include "tz.h"
#include "tzdb.h"

/* ---- A growing string ---------------------------------------------------------- */

typedef struct {
    char *p;
    size_t n, cap;
} sb;

static void put(sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(sb *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    assert_true(k >= 0);
    if (b->n + (size_t)k + 1 > b->cap) {
        b->cap = (b->n + (size_t)k + 1) * 2;
        b->p = realloc(b->p, b->cap);
        assert_non_null(b->p);
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)k;
}

/* s with the characters `special` escaped as XML, iCalendar or CSV wants. */
static void put_xml(sb *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '&')
            put(b, "&amp;");
        else if (*s == '<')
            put(b, "&lt;");
        else if (*s == '>')
            put(b, "&gt;");
        else
            put(b, "%c", *s);
    }
}

static void put_ics_text(sb *b, const char *s)
{
    for (; *s; s++) {
        if (*s == ',' || *s == ';' || *s == '\\')
            put(b, "\\%c", *s);
        else if (*s == '\n')
            put(b, "\\n");
        else
            put(b, "%c", *s);
    }
}

static void put_csv(sb *b, const char *s)
{
    put(b, "\"");
    for (; *s; s++)
        put(b, *s == '"' ? "\"\"" : "%c", *s);
    put(b, "\"");
}

/* ---- What the writers read of the agenda ---------------------------------------- */

static const char *title_of(const agenda *a, const agenda_session *s)
{
    return agenda_text_get(&s->title, "en", a->n_languages ? a->languages[0] : NULL);
}

static const char *hall_of(const agenda *a, const agenda_session *s)
{
    if (s->hall < 0)
        return "";
    return agenda_text_get(&a->halls[s->hall].name, "en", NULL);
}

/* Local wall time of t in z. */
static tz_local local(const tz_zone *z, int64_t t)
{
    tz_local l;
    tz_to_local(z, t, &l);
    return l;
}

/* "2020-12-09T12:00:00+03:00" */
static void put_iso(sb *b, const tz_zone *z, int64_t t)
{
    tz_local l = local(z, t);
    int32_t o = l.utc_offset < 0 ? -l.utc_offset : l.utc_offset;
    put(b, "%04lld-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", (long long)l.year, l.month, l.day,
        l.hour, l.minute, l.second, l.utc_offset < 0 ? '-' : '+', (int)(o / 3600),
        (int)(o / 60 % 60));
}

/* Duration as frab writes it: "HH:MM", "D:HH:MM" from a day on. */
static void put_duration(sb *b, int64_t d)
{
    int64_t m = d / 60;
    if (m >= 24 * 60)
        put(b, "%lld:%02lld:%02lld", (long long)(m / 1440), (long long)(m / 60 % 24),
            (long long)(m % 60));
    else
        put(b, "%02lld:%02lld", (long long)(m / 60), (long long)(m % 60));
}

/* ---- The writers ------------------------------------------------------------------- */

/* The venue-zone dates of a's sessions, in order (at most cap; returns how many), as
 * yyyymmdd numbers. */
static size_t days_of(const agenda *a, int64_t *days, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n_sessions; i++) {
        tz_local l = local(a->zones[0].tz, a->sessions[i].start);
        int64_t d = l.year * 10000 + l.month * 100 + l.day;
        if (n == 0 || days[n - 1] != d) {
            assert_true(n < cap);
            days[n++] = d;
        }
    }
    return n;
}

static bool on_day(const agenda *a, const agenda_session *s, int64_t day)
{
    tz_local l = local(a->zones[0].tz, s->start);
    return l.year * 10000 + l.month * 100 + l.day == day;
}

/* One frab event object of session i. */
static cJSON *frab_event(const agenda *a, size_t i)
{
    const agenda_session *s = &a->sessions[i];
    const tz_zone *z = a->zones[0].tz;
    tz_local l = local(z, s->start);
    cJSON *ev = cJSON_CreateObject();
    cJSON_AddStringToObject(ev, "guid", s->id);
    cJSON_AddNumberToObject(ev, "id", (double)(i + 1));
    sb d = {0};
    put_iso(&d, z, s->start);
    cJSON_AddStringToObject(ev, "date", d.p);
    free(d.p);
    char hm[8];
    snprintf(hm, sizeof(hm), "%02d:%02d", l.hour, l.minute);
    cJSON_AddStringToObject(ev, "start", hm);
    sb du = {0};
    put_duration(&du, s->end - s->start);
    cJSON_AddStringToObject(ev, "duration", du.p);
    free(du.p);
    cJSON_AddStringToObject(ev, "room", hall_of(a, s));
    cJSON_AddStringToObject(ev, "title", title_of(a, s));
    cJSON_AddStringToObject(ev, "type", "lecture");
    return ev;
}

/* frab/pretalx schedule.json: one day per venue-zone date, rooms keyed by name. */
static char *write_frab_json(const agenda *a)
{
    int64_t days[64];
    size_t n_days = days_of(a, days, 64);
    cJSON *root = cJSON_CreateObject(), *sch = cJSON_AddObjectToObject(root, "schedule");
    cJSON_AddStringToObject(sch, "version", "agree-1");
    cJSON *conf = cJSON_AddObjectToObject(sch, "conference");
    cJSON_AddStringToObject(conf, "title", "Agree");
    cJSON_AddStringToObject(conf, "time_zone_name", a->zones[0].name);
    char dc[16];
    snprintf(dc, sizeof(dc), "%02d:%02d", (int)(a->day_change_s / 3600),
             (int)(a->day_change_s / 60 % 60));
    cJSON_AddStringToObject(conf, "day_change", dc);
    cJSON *jdays = cJSON_AddArrayToObject(conf, "days");
    for (size_t d = 0; d < n_days; d++) {
        cJSON *day = cJSON_CreateObject();
        char date[48];
        snprintf(date, sizeof(date), "%04lld-%02lld-%02lld", (long long)(days[d] / 10000),
                 (long long)(days[d] / 100 % 100), (long long)(days[d] % 100));
        cJSON_AddNumberToObject(day, "index", (double)(d + 1));
        cJSON_AddStringToObject(day, "date", date);
        cJSON *rooms = cJSON_AddObjectToObject(day, "rooms");
        for (size_t i = 0; i < a->n_sessions; i++) {
            if (!on_day(a, &a->sessions[i], days[d]))
                continue;
            const char *room = hall_of(a, &a->sessions[i]);
            cJSON *list = cJSON_GetObjectItemCaseSensitive(rooms, room);
            if (!list)
                list = cJSON_AddArrayToObject(rooms, room);
            cJSON_AddItemToArray(list, frab_event(a, i));
        }
        cJSON_AddItemToArray(jdays, day);
    }
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

/* One <event> of session i. */
static void xml_event(sb *b, const agenda *a, size_t i)
{
    const agenda_session *s = &a->sessions[i];
    tz_local l = local(a->zones[0].tz, s->start);
    put(b, "<event guid=\"");
    put_xml(b, s->id);
    put(b, "\" id=\"%zu\"><date>", i + 1);
    put_iso(b, a->zones[0].tz, s->start);
    put(b, "</date><start>%02d:%02d</start><duration>", l.hour, l.minute);
    put_duration(b, s->end - s->start);
    put(b, "</duration><room>");
    put_xml(b, hall_of(a, s));
    put(b, "</room><title>");
    put_xml(b, title_of(a, s));
    put(b, "</title><type>lecture</type></event>\n");
}

/* schedule.xml: <day><room><event> with an ISO <date>, as frab and pretalx write it. */
static char *write_frab_xml(const agenda *a)
{
    int64_t days[64];
    size_t n_days = days_of(a, days, 64);
    sb b = {0};
    put(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n<version>agree-1</version>\n"
            "<conference><title>Agree</title><time_zone_name>%s</time_zone_name>"
            "<day_change>%02d:%02d</day_change></conference>\n",
        a->zones[0].name, (int)(a->day_change_s / 3600), (int)(a->day_change_s / 60 % 60));
    for (size_t d = 0; d < n_days; d++) {
        put(&b, "<day index=\"%zu\" date=\"%04lld-%02lld-%02lld\">\n", d + 1,
            (long long)(days[d] / 10000), (long long)(days[d] / 100 % 100),
            (long long)(days[d] % 100));
        for (int32_t h = -1; h < (int32_t)a->n_halls; h++) {
            bool open = false;
            for (size_t i = 0; i < a->n_sessions; i++) {
                const agenda_session *s = &a->sessions[i];
                if (s->hall != h || !on_day(a, s, days[d]))
                    continue;
                if (!open) {
                    put(&b, "<room name=\"");
                    put_xml(&b, hall_of(a, s));
                    put(&b, "\">\n");
                    open = true;
                }
                xml_event(&b, a, i);
            }
            if (open)
                put(&b, "</room>\n");
        }
        put(&b, "</day>\n");
    }
    put(&b, "</schedule>\n");
    return b.p;
}

/* Appends an iCalendar content line folded at 75 octets (CRLF + space). */
static void put_folded(sb *b, const char *line)
{
    size_t n = strlen(line), col = 0;
    for (size_t i = 0; i < n; i++, col++) {
        if (col == 75) {
            put(b, "\r\n ");
            col = 1;
        }
        put(b, "%c", line[i]);
    }
    put(b, "\r\n");
}

static void put_ics_time(sb *b, const char *prop, const tz_zone *z, const char *zname, int64_t t)
{
    tz_local l = local(z, t);
    put(b, "%s;TZID=%s:%04lld%02d%02dT%02d%02d%02d\r\n", prop, zname, (long long)l.year,
        l.month, l.day, l.hour, l.minute, l.second);
}

/* iCalendar with TZID times and X-WR-TIMEZONE, as Google Calendar and pretalx write. */
static char *write_ical(const agenda *a)
{
    const tz_zone *z = a->zones[0].tz;
    const char *zn = a->zones[0].name;
    sb b = {0};
    put(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//agree//EN\r\nX-WR-CALNAME:Agree\r\n"
            "X-WR-TIMEZONE:%s\r\n",
        zn);
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        sb line = {0};
        put(&b, "BEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20200101T000000Z\r\n", s->id);
        put_ics_time(&b, "DTSTART", z, zn, s->start);
        put_ics_time(&b, "DTEND", z, zn, s->end);
        put(&line, "SUMMARY:");
        put_ics_text(&line, title_of(a, s));
        put_folded(&b, line.p);
        line.n = 0;
        if (s->hall >= 0) {
            put(&line, "LOCATION:");
            put_ics_text(&line, hall_of(a, s));
            put_folded(&b, line.p);
        }
        if (s->status == AGENDA_STATUS_CANCELLED)
            put(&b, "STATUS:CANCELLED\r\n");
        put(&b, "END:VEVENT\r\n");
        free(line.p);
    }
    put(&b, "END:VCALENDAR\r\n");
    return b.p;
}

/* A spreadsheet saved as CSV: local times without offset (the venue zone). */
static char *write_csv(const agenda *a)
{
    const tz_zone *z = a->zones[0].tz;
    sb b = {0};
    put(&b, "id,start,end,hall,title,status\r\n");
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        tz_local l = local(z, s->start), e = local(z, s->end);
        put_csv(&b, s->id);
        put(&b, ",%04lld-%02d-%02d %02d:%02d,%04lld-%02d-%02d %02d:%02d,", (long long)l.year,
            l.month, l.day, l.hour, l.minute, (long long)e.year, e.month, e.day, e.hour,
            e.minute);
        put_csv(&b, hall_of(a, s));
        put(&b, ",");
        put_csv(&b, title_of(a, s));
        put(&b, ",%s\r\n", s->status == AGENDA_STATUS_CANCELLED ? "cancelled" : "scheduled");
    }
    return b.p;
}

/* Sessionize "All data": local times without offset, rooms by number. */
static char *write_sessionize(const agenda *a)
{
    const tz_zone *z = a->zones[0].tz;
    cJSON *root = cJSON_CreateObject(), *ss = cJSON_AddArrayToObject(root, "sessions");
    cJSON_AddArrayToObject(root, "speakers");
    cJSON_AddArrayToObject(root, "categories");
    cJSON *rooms = cJSON_AddArrayToObject(root, "rooms");
    for (size_t h = 0; h < a->n_halls; h++) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddNumberToObject(r, "id", (double)(1000 + h));
        cJSON_AddStringToObject(r, "name", agenda_text_get(&a->halls[h].name, "en", NULL));
        cJSON_AddItemToArray(rooms, r);
    }
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "id", s->id);
        cJSON_AddStringToObject(o, "title", title_of(a, s));
        char t[32];
        tz_local l = local(z, s->start), e = local(z, s->end);
        snprintf(t, sizeof(t), "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)l.year, l.month,
                 l.day, l.hour, l.minute, l.second);
        cJSON_AddStringToObject(o, "startsAt", t);
        snprintf(t, sizeof(t), "%04lld-%02d-%02dT%02d:%02d:%02d", (long long)e.year, e.month,
                 e.day, e.hour, e.minute, e.second);
        cJSON_AddStringToObject(o, "endsAt", t);
        if (s->hall >= 0)
            cJSON_AddNumberToObject(o, "roomId", (double)(1000 + s->hall));
        cJSON_AddArrayToObject(o, "speakers");
        cJSON_AddArrayToObject(o, "categoryItems");
        cJSON_AddItemToArray(ss, o);
    }
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

/* ---- Comparing boards ---------------------------------------------------------------- */

/* "phase|next_start|now ids+titles|next ids+titles" of a at t (malloc'd). */
static char *board_at(const agenda *a, int64_t t)
{
    sched_state s;
    assert_int_equal(sched_query(a, t, -1, &s), 0);
    sb b = {0};
    put(&b, "%s|%lld|now:", sched_phase_name(s.phase), (long long)s.next_start);
    for (size_t i = 0; i < s.n_now; i++)
        put(&b, "%s=%s;", s.now[i]->id, title_of(a, s.now[i]));
    put(&b, "|next:");
    for (size_t i = 0; i < s.n_next; i++)
        put(&b, "%s=%s;", s.next[i]->id, title_of(a, s.next[i]));
    sched_state_free(&s);
    return b.p;
}

/* 20 instants over the programme: ten evenly spread from an hour before the first
 * start to an hour after the last end, and ten at session edges (a start, a second
 * before an end, an end). */
static void instants(const agenda *a, int64_t out[20])
{
    int64_t first = a->sessions[0].start, last = first;
    for (size_t i = 0; i < a->n_sessions; i++)
        if (a->sessions[i].end > last)
            last = a->sessions[i].end;
    for (int k = 0; k < 10; k++)
        out[k] = first - 3600 + (last - first + 7200) * k / 9;
    for (int k = 0; k < 10; k++) {
        const agenda_session *s = &a->sessions[(a->n_sessions - 1) * (size_t)k / 9];
        out[10 + k] = k % 3 == 0 ? s->start : k % 3 == 1 ? s->end - 1 : s->end;
    }
}

typedef char *(*writer)(const agenda *);

static agenda *import(const char *doc, const char *venue, const char *format)
{
    feed_options o = feedsrc_options();
    const char *const zones[] = {venue, NULL};
    if (venue)
        o.zones = zones;
    feed_report rep;
    agenda *b = feed_parse(doc, strlen(doc), &o, &rep);
    if (!b)
        support_print_report(&rep);
    assert_non_null(b);
    assert_string_equal(b->format, format);
    return b;
}

/* Writes a as each format, imports it back, and compares the boards at 20 instants. */
static void agree(const agenda *a)
{
    static const struct {
        writer w;
        const char *format;
        bool needs_venue; /* the format carries no zone */
        bool days;        /* it carries the day change (the others: calendar days) */
    } formats[] = {
        {write_frab_json, "frab", false, true},   {write_frab_xml, "frab-xml", false, true},
        {write_ical, "ical", false, false},       {write_csv, "csv", true, false},
        {write_sessionize, "sessionize", true, false},
    };
    agenda calendar = *a; /* a's days as a format without a day change gives them */
    calendar.day_change_s = 0;
    int64_t at[20];
    instants(a, at);
    for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
        char *doc = formats[f].w(a);
        agenda *b = import(doc, formats[f].needs_venue ? a->zones[0].name : NULL,
                           formats[f].format);
        assert_int_equal(b->n_sessions, a->n_sessions);
        assert_string_equal(b->zones[0].name, a->zones[0].name);
        assert_int_equal(b->day_change_s, formats[f].days ? a->day_change_s : 0);
        for (int k = 0; k < 20; k++) {
            char *want = board_at(formats[f].days ? a : &calendar, at[k]);
            char *got = board_at(b, at[k]);
            if (strcmp(want, got) != 0)
                fail_msg("%s at %lld:\n  want %s\n  got  %s", formats[f].format,
                         (long long)at[k], want, got);
            free(want);
            free(got);
        }
        agenda_free(b);
        free(doc);
    }
}

static void formats_agree_on_the_built_in_agenda(void **st)
{
    (void)st;
    feed_options o = feedsrc_options();
    feed_report rep;
    agenda *a = feedsrc_load_embedded(&o, &rep);
    assert_non_null(a);
    agree(a);
    agenda_free(a);
}

static void formats_agree_on_a_real_frab_export(void **st)
{
    (void)st;
    char path[4400];
    snprintf(path, sizeof(path), "%s/fixtures/real/frab-json/voc-frab-camp2019.json",
             support_shared_dir());
    size_t len;
    char *bytes = support_read_file(path, &len);
    if (!bytes)
        skip();
    feed_options o = feedsrc_options();
    feed_report rep;
    agenda *a = feed_parse(bytes, len, &o, &rep);
    free(bytes);
    assert_non_null(a);
    assert_int_equal(a->n_sessions, 79);
    agree(a);
    agenda_free(a);
}

int main(void)
{
    tzdb_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(formats_agree_on_the_built_in_agenda),
        cmocka_unit_test(formats_agree_on_a_real_frab_export),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
