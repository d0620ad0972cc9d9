/* bench_import.c - import cost of every feed format the board reads, on ~5 MB exports.
 *
 * For each format (native hallboard JSON, frab schedule.json, frab schedule.xml,
 * iCalendar, Sessionize "All data", Indico event export, CSV) an export of about the
 * requested size is generated in memory: 50 halls over 3 days (2024-04-20..22, venue
 * zone Europe/Berlin), sessions that never overlap within a hall, titles in Latin with
 * diacritics, Chinese, Cyrillic and Arabic, two speakers and a ~300-byte description
 * each. Then, in a fresh child process per format: the first feed_parse() run (with the
 * peak RSS growth it caused), the best of 5 runs, the sessions imported, the format word
 * the parser reported and the warnings. A format whose import fails is printed as
 * FAILED with its first problem, and the next format is measured.
 *
 * Layout: text helpers (buffer, escapers, the generated content), one generator per
 * format, then the measuring child and main().
 * Usage: bench_import [MB]            (default 5)
 *        bench_import --dump DIR [MB] (also writes each export to DIR, for `hallboard check`)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "feed.h"
#include "feedsrc.h"
#include "tzdb.h"

#define HALLS 50
#define DAYS 3
#define TRACKS 5
#define RUNS 5
#define CHILD_TIMEOUT_S 120
#define ZONE "Europe/Berlin"
#define OFFSET "+02:00" /* Europe/Berlin in April 2024 */

/* ---- A growable text buffer ------------------------------------------------ */

typedef struct {
    char *p;
    size_t n, cap;
} text;

/* Makes room for `more` bytes plus a NUL; aborts when memory runs out (a bench). */
static void text_room(text *t, size_t more)
{
    if (t->n + more + 1 <= t->cap)
        return;
    size_t cap = t->cap ? t->cap : 1 << 16;
    while (cap < t->n + more + 1)
        cap *= 2;
    char *p = realloc(t->p, cap);
    if (!p)
        abort();
    t->p = p;
    t->cap = cap;
}

static void add(text *t, const char *s, size_t n)
{
    text_room(t, n);
    memcpy(t->p + t->n, s, n);
    t->n += n;
    t->p[t->n] = '\0';
}

static void adds(text *t, const char *s)
{
    add(t, s, strlen(s));
}

static void addf(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void addf(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (w < 0)
        abort();
    text_room(t, (size_t)w);
    va_start(ap, fmt);
    vsnprintf(t->p + t->n, (size_t)w + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)w;
}

/* ---- Escaping, one per syntax ---------------------------------------------- */

/* A JSON string literal, quotes included. */
static void add_json(text *t, const char *s)
{
    add(t, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\') {
            char e[2] = {'\\', *s};
            add(t, e, 2);
        } else if (*s == '\n') {
            add(t, "\\n", 2);
        } else {
            add(t, s, 1);
        }
    }
    add(t, "\"", 1);
}

/* XML character data or an attribute value (double-quoted). */
static void add_xml(text *t, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': adds(t, "&amp;"); break;
        case '<': adds(t, "&lt;"); break;
        case '>': adds(t, "&gt;"); break;
        case '"': adds(t, "&quot;"); break;
        default: add(t, s, 1);
        }
    }
}

/* An RFC 5545 TEXT value. */
static void add_ical_text(text *t, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\' || *s == ';' || *s == ',') {
            char e[2] = {'\\', *s};
            add(t, e, 2);
        } else if (*s == '\n') {
            adds(t, "\\n");
        } else {
            add(t, s, 1);
        }
    }
}

/* An RFC 4180 cell, always quoted. */
static void add_csv(text *t, const char *s)
{
    add(t, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            add(t, "\"", 1); /* a quote is doubled */
        add(t, s, 1);
    }
    add(t, "\"", 1);
}

/* Ends one iCalendar content line, folded so that no line exceeds 75 octets and no
 * UTF-8 sequence is split; `line` is the unfolded content line. */
static void add_ical_line(text *t, const char *line, size_t n)
{
    size_t room = 75;
    while (n > room) {
        size_t cut = room;
        while (cut > 0 && ((unsigned char)line[cut] & 0xC0) == 0x80)
            cut--;
        add(t, line, cut);
        adds(t, "\r\n ");
        line += cut;
        n -= cut;
        room = 74; /* the leading space counts */
    }
    add(t, line, n);
    adds(t, "\r\n");
}

/* ---- The generated content --------------------------------------------------- */

/* Where and when session i is: per hall, DAYS days of back-to-back slots. */
typedef struct {
    size_t n;        /* sessions */
    size_t per_day;  /* slots per hall and day */
    int first_min;   /* local minute of the day the first slot starts */
    int slot_min;    /* slot length; a session is slot_min - gap_min long */
    int gap_min;
} plan;

typedef struct {
    size_t hall, day; /* day 0 is 2024-04-20 */
    int start, end;   /* local minutes of that day, end < 24:00 */
} placing;

static plan make_plan(size_t n)
{
    plan p = {.n = n};
    size_t per_hall = (n + HALLS - 1) / HALLS;
    p.per_day = (per_hall + DAYS - 1) / DAYS;
    if (p.per_day == 0)
        p.per_day = 1;
    int window = 14 * 60; /* 08:00 to 22:00 while slots of 2 minutes fit, else all day */
    p.first_min = 8 * 60;
    if (p.per_day * 2 > (size_t)window) {
        window = 24 * 60 - 1;
        p.first_min = 0;
    }
    p.slot_min = window / (int)p.per_day;
    if (p.slot_min > 60)
        p.slot_min = 60;
    p.gap_min = p.slot_min >= 20 ? 5 : 1;
    return p;
}

static placing place(const plan *p, size_t i)
{
    placing w;
    size_t k = i / HALLS;
    w.hall = i % HALLS;
    w.day = k / p->per_day;
    w.start = p->first_min + (int)(k % p->per_day) * p->slot_min;
    w.end = w.start + p->slot_min - p->gap_min;
    return w;
}

/* The session of hall h, day d, slot k, or n when there is none. */
static size_t session_at(const plan *p, size_t d, size_t h, size_t k)
{
    size_t i = (d * p->per_day + k) * HALLS + h;
    return i < p->n ? i : p->n;
}

/* "2024-04-20T09:00:00" (local), or with sep 'c' "20240420T090000". */
static void local_time(char *out, size_t cap, size_t day, int min, char sep)
{
    unsigned d = 20u + (unsigned)(day % 10), m = (unsigned)min % 1440u;
    if (sep == 'c')
        snprintf(out, cap, "202404%02uT%02u%02u00", d, m / 60, m % 60);
    else
        snprintf(out, cap, "2024-04-%02uT%02u:%02u:00", d, m / 60, m % 60);
}

static void hall_name(char *out, size_t cap, size_t h)
{
    static const char *const f[4] = {"Salle Érable %zu", "第%zu会议厅", "Зал «Север» %zu",
                                     "القاعة %zu"};
    snprintf(out, cap, f[h % 4], h + 1);
}

static const char *track_name(size_t t)
{
    static const char *const names[TRACKS] = {"Éducation ouverte", "学习科学",
                                              "Цифровое образование", "التعليم الرقمي",
                                              "Research & Policy"};
    return names[t % TRACKS];
}

static const char *const title_fmt[4] = {
    "Sitzung %zu: Lernrevolution, Hochschulbildung und Öffnung – ein Überblick",
    "第%zu场：学习革命、高等教育变革与开放课程的未来",
    "Сессия %zu: революция в обучении, трансформация высшего образования",
    "الجلسة %zu: ثورة التعلم وتحول التعليم العالي والمقررات المفتوحة",
};

/* The title of session i in script s (0 Latin, 1 Chinese, 2 Cyrillic, 3 Arabic). */
static void title_in(char *out, size_t cap, size_t i, size_t s)
{
    snprintf(out, cap, title_fmt[s % 4], i + 1);
}

static void description(char *out, size_t cap, size_t i)
{
    snprintf(out, cap,
             "Résumé %zu: how open courseware, blended learning & micro-credentials reshape "
             "universities; notes on assessment and access. 摘要：开放课程与混合式"
             "学习如何重塑大学。Аннотация: открытые курсы и смешанное обучение. ملخص: التعلم "
             "المدمج والشهادات المصغرة.",
             i + 1);
}

/* Speakers: a pool of n people, each speaking twice. */
static size_t speaker_of(const plan *p, size_t i, int j)
{
    return (2 * i + (size_t)j) % (p->n > 1 ? p->n : 2);
}

static void person_name(char *out, size_t cap, size_t who)
{
    static const char *const f[4] = {"Zoë Ångström-Nørgaard %zu", "李明华 %zu",
                                     "Наталья Соколова %zu", "فاطمة الزهراء %zu"};
    snprintf(out, cap, f[who % 4], who + 1);
}

static void person_uuid(char *out, size_t cap, size_t who)
{
    snprintf(out, cap, "5e55a0b1-%04zx-4c0e-8a5f-%012zx", who % 0x10000, who);
}

static void session_uuid(char *out, size_t cap, size_t i)
{
    snprintf(out, cap, "9b1de7a2-%04zx-4e3b-9c41-%012zx", i % 0x10000, i);
}

/* Everything one session carries, as plain strings. */
typedef struct {
    placing w;
    size_t track;
    char title[256];    /* in one script, rotating with the session */
    char desc[512];
    char speaker[2][96];
    size_t who[2];      /* speaker indexes in the pool */
} session;

static void session_fill(const plan *p, size_t i, session *s)
{
    s->w = place(p, i);
    s->track = (i / 7) % TRACKS;
    title_in(s->title, sizeof(s->title), i, i % 4);
    description(s->desc, sizeof(s->desc), i);
    for (int j = 0; j < 2; j++) {
        s->who[j] = speaker_of(p, i, j);
        person_name(s->speaker[j], sizeof(s->speaker[j]), s->who[j]);
    }
}

/* "2024-04-20T09:00:00+02:00" */
static void add_instant(text *t, size_t day, int min)
{
    char b[32];
    local_time(b, sizeof(b), day, min, '-');
    addf(t, "%s" OFFSET, b);
}

/* ---- Generators, one per format ------------------------------------------------ */

/* Native: every TEXT object carries all four event languages. */
static void gen_native(text *t, const plan *p)
{
    addf(t, "{\"hallboard\":1,\"revision\":\"bench-import-%zu\",\"event\":{\"title\":{\"de\":"
            "\"Hallboard Lasttest 2024\",\"zh\":\"2024年负载测试\",\"ru\":\"Нагрузочный тест\","
            "\"ar\":\"اختبار الحمل\"},\"languages\":[\"de\",\"zh\",\"ru\",\"ar\"],\"zones\":"
            "[{\"zone\":\"" ZONE "\"}]},\"halls\":[",
         p->n);
    for (size_t h = 0; h < HALLS; h++)
        addf(t, "%s{\"id\":\"h%zu\",\"name\":{\"de\":\"Saal %zu\",\"zh\":\"%zu号厅\",\"ru\":"
                "\"Зал %zu\",\"ar\":\"القاعة %zu\"}}",
             h ? "," : "", h + 1, h + 1, h + 1, h + 1, h + 1);
    adds(t, "],\"tracks\":[");
    for (size_t k = 0; k < TRACKS; k++) {
        addf(t, "%s{\"id\":\"t%zu\",\"color\":\"#%06zx\",\"name\":", k ? "," : "", k + 1,
             0x1e88e5 + k * 0x101010);
        add_json(t, track_name(k));
        adds(t, "}");
    }
    adds(t, "],\"sessions\":[");
    for (size_t i = 0; i < p->n; i++) {
        session s;
        session_fill(p, i, &s);
        addf(t, "%s{\"id\":\"s%zu\",\"start\":\"", i ? "," : "", i + 1);
        add_instant(t, s.w.day, s.w.start);
        adds(t, "\",\"end\":\"");
        add_instant(t, s.w.day, s.w.end);
        addf(t, "\",\"hall\":\"h%zu\",\"track\":\"t%zu\",\"title\":{", s.w.hall + 1, s.track + 1);
        static const char *const lang[4] = {"de", "zh", "ru", "ar"};
        for (size_t l = 0; l < 4; l++) {
            char title[256];
            title_in(title, sizeof(title), i, l);
            addf(t, "%s\"%s\":", l ? "," : "", lang[l]);
            add_json(t, title);
        }
        adds(t, "},\"description\":");
        add_json(t, s.desc);
        adds(t, ",\"speakers\":[{\"name\":");
        add_json(t, s.speaker[0]);
        adds(t, "},{\"name\":");
        add_json(t, s.speaker[1]);
        adds(t, "}]}");
    }
    adds(t, "]}");
}

/* One frab event (schedule.json). */
static void frab_event(text *t, const plan *p, size_t i, const char *room)
{
    session s;
    char b[64];
    session_fill(p, i, &s);
    session_uuid(b, sizeof(b), i);
    addf(t, "{\"guid\":\"%s\",\"id\":%zu,\"date\":\"", b, i + 1);
    add_instant(t, s.w.day, s.w.start);
    int dur = s.w.end - s.w.start;
    addf(t, "\",\"start\":\"%02d:%02d\",\"duration\":\"%02d:%02d\",\"room\":", s.w.start / 60,
         s.w.start % 60, dur / 60, dur % 60);
    add_json(t, room);
    addf(t, ",\"slug\":\"bench-%zu\",\"url\":\"https://example.org/talk/%zu\",\"title\":", i + 1,
         i + 1);
    add_json(t, s.title);
    adds(t, ",\"subtitle\":\"\",\"track\":");
    add_json(t, track_name(s.track));
    adds(t, ",\"type\":\"lecture\",\"language\":\"de\",\"abstract\":");
    add_json(t, s.desc);
    adds(t, ",\"description\":\"\",\"recording_license\":\"\",\"do_not_record\":false,"
            "\"persons\":[");
    for (int j = 0; j < 2; j++) {
        addf(t, "%s{\"id\":%zu,\"public_name\":", j ? "," : "", s.who[j] + 1);
        add_json(t, s.speaker[j]);
        adds(t, "}");
    }
    adds(t, "],\"links\":[],\"attachments\":[]}");
}

/* frab / pretalx schedule.json, classic layout: days[].rooms{name: [events]}. */
static void gen_frab(text *t, const plan *p)
{
    char room[96];
    addf(t, "{\"$schema\":\"https://c3voc.de/schedule/schema.json\",\"generator\":{\"name\":"
            "\"bench_import\"},\"schedule\":{\"version\":\"bench-import-%zu\",\"base_url\":"
            "\"https://example.org/\",\"conference\":{\"acronym\":\"bench24\",\"title\":"
            "\"Hallboard Lasttest 2024 · 负载测试 · Нагрузка · اختبار\",\"start\":\"2024-04-20\","
            "\"end\":\"2024-04-22\",\"daysCount\":%d,\"timeslot_duration\":\"00:05\","
            "\"time_zone_name\":\"" ZONE "\",\"rooms\":[",
         p->n, DAYS);
    for (size_t h = 0; h < HALLS; h++) {
        hall_name(room, sizeof(room), h);
        addf(t, "%s{\"name\":", h ? "," : "");
        add_json(t, room);
        addf(t, ",\"guid\":\"0d1f2e3c-0000-4000-8000-%012zx\"}", h + 1);
    }
    adds(t, "],\"tracks\":[");
    for (size_t k = 0; k < TRACKS; k++) {
        addf(t, "%s{\"name\":", k ? "," : "");
        add_json(t, track_name(k));
        addf(t, ",\"color\":\"#%06zx\"}", 0x1e88e5 + k * 0x101010);
    }
    adds(t, "],\"days\":[");
    for (size_t d = 0; d < DAYS; d++) {
        addf(t, "%s{\"index\":%zu,\"date\":\"2024-04-%02zu\",\"day_start\":\"2024-04-%02zuT00:00:00"
                OFFSET "\",\"day_end\":\"2024-04-%02zuT23:59:00" OFFSET "\",\"rooms\":{",
             d ? "," : "", d + 1, 20 + d, 20 + d, 20 + d);
        for (size_t h = 0; h < HALLS; h++) {
            hall_name(room, sizeof(room), h);
            adds(t, h ? "," : "");
            add_json(t, room);
            adds(t, ":[");
            for (size_t k = 0, i; k < p->per_day && (i = session_at(p, d, h, k)) < p->n; k++) {
                adds(t, k ? "," : "");
                frab_event(t, p, i, room);
            }
            adds(t, "]");
        }
        adds(t, "}}");
    }
    adds(t, "]}}}");
}

/* One frab event (schedule.xml). */
static void frab_xml_event(text *t, const plan *p, size_t i, const char *room)
{
    session s;
    char b[64];
    session_fill(p, i, &s);
    session_uuid(b, sizeof(b), i);
    addf(t, "      <event guid=\"%s\" id=\"%zu\">\n        <date>", b, i + 1);
    add_instant(t, s.w.day, s.w.start);
    int dur = s.w.end - s.w.start;
    addf(t, "</date>\n        <start>%02d:%02d</start>\n        <duration>%02d:%02d</duration>\n"
            "        <room>",
         s.w.start / 60, s.w.start % 60, dur / 60, dur % 60);
    add_xml(t, room);
    addf(t, "</room>\n        <slug>bench-%zu</slug>\n        <title>", i + 1);
    add_xml(t, s.title);
    adds(t, "</title>\n        <subtitle/>\n        <track>");
    add_xml(t, track_name(s.track));
    adds(t, "</track>\n        <type>lecture</type>\n        <language>de</language>\n"
            "        <abstract>");
    add_xml(t, s.desc);
    adds(t, "</abstract>\n        <description/>\n        <persons>\n");
    for (int j = 0; j < 2; j++) {
        addf(t, "          <person id=\"%zu\">", s.who[j] + 1);
        add_xml(t, s.speaker[j]);
        adds(t, "</person>\n");
    }
    adds(t, "        </persons>\n        <links/>\n        <attachments/>\n      </event>\n");
}

/* frab / pentabarf schedule.xml. */
static void gen_frab_xml(text *t, const plan *p)
{
    char room[96];
    addf(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<schedule>\n  <generator name=\"bench_import\"/>\n"
            "  <version>bench-import-%zu</version>\n  <conference>\n    <acronym>bench24</acronym>\n"
            "    <title>Hallboard Lasttest 2024 · 负载测试 · Нагрузка · اختبار</title>\n"
            "    <start>2024-04-20</start>\n    <end>2024-04-22</end>\n    <days>%d</days>\n"
            "    <timeslot_duration>00:05</timeslot_duration>\n"
            "    <time_zone_name>" ZONE "</time_zone_name>\n  </conference>\n",
         p->n, DAYS);
    for (size_t d = 0; d < DAYS; d++) {
        addf(t, "  <day index=\"%zu\" date=\"2024-04-%02zu\" start=\"2024-04-%02zuT00:00:00" OFFSET
                "\" end=\"2024-04-%02zuT23:59:00" OFFSET "\">\n",
             d + 1, 20 + d, 20 + d, 20 + d);
        for (size_t h = 0; h < HALLS; h++) {
            hall_name(room, sizeof(room), h);
            adds(t, "    <room name=\"");
            add_xml(t, room);
            adds(t, "\">\n");
            for (size_t k = 0, i; k < p->per_day && (i = session_at(p, d, h, k)) < p->n; k++)
                frab_xml_event(t, p, i, room);
            adds(t, "    </room>\n");
        }
        adds(t, "  </day>\n");
    }
    adds(t, "</schedule>\n");
}

/* Writes "NAME;PARAMS:" + escaped value as one folded content line. */
static void ical_prop(text *t, text *line, const char *head, const char *value)
{
    line->n = 0;
    adds(line, head);
    add_ical_text(line, value);
    add_ical_line(t, line->p, line->n);
}

static void ical_event(text *t, text *line, const plan *p, size_t i)
{
    session s;
    char b[64], room[96];
    session_fill(p, i, &s);
    hall_name(room, sizeof(room), s.w.hall);
    session_uuid(b, sizeof(b), i);
    addf(t, "BEGIN:VEVENT\r\nUID:%s@bench.example.org\r\nDTSTAMP:20240401T120000Z\r\n", b);
    local_time(b, sizeof(b), s.w.day, s.w.start, 'c');
    addf(t, "DTSTART;TZID=" ZONE ":%s\r\n", b);
    local_time(b, sizeof(b), s.w.day, s.w.end, 'c');
    addf(t, "DTEND;TZID=" ZONE ":%s\r\n", b);
    ical_prop(t, line, "SUMMARY:", s.title);
    ical_prop(t, line, "LOCATION:", room);
    ical_prop(t, line, "DESCRIPTION:", s.desc);
    ical_prop(t, line, "CATEGORIES:", track_name(s.track));
    for (int j = 0; j < 2; j++) {
        line->n = 0;
        addf(line, "ATTENDEE;ROLE=REQ-PARTICIPANT;CN=\"%s\":mailto:speaker%zu@bench.example.org",
             s.speaker[j], s.who[j] + 1);
        add_ical_line(t, line->p, line->n);
    }
    adds(t, "END:VEVENT\r\n");
}

/* iCalendar with the venue zone as a VTIMEZONE, lines folded at 75 octets. */
static void gen_ical(text *t, const plan *p)
{
    text line = {0};
    adds(t, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Hallboard//bench_import//EN\r\n"
            "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
    ical_prop(t, &line, "X-WR-CALNAME:", "Hallboard Lasttest 2024 · 负载测试 · Нагрузка · اختبار");
    adds(t, "X-WR-TIMEZONE:" ZONE "\r\nBEGIN:VTIMEZONE\r\nTZID:" ZONE "\r\n"
            "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
            "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
            "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
            "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
            "END:VTIMEZONE\r\n");
    for (size_t i = 0; i < p->n; i++)
        ical_event(t, &line, p, i);
    adds(t, "END:VCALENDAR\r\n");
    free(line.p);
}

/* The "sessions" of pool speaker `who`: the sessions listing it (see speaker_of). */
static void sessionize_speaker_sessions(text *t, const plan *p, size_t who)
{
    size_t pool = p->n > 1 ? p->n : 2, got = 0;
    for (size_t j = 0; j < 2; j++)
        for (size_t v = who; v < 2 * p->n; v += pool)
            if (v >= j && (v - j) % 2 == 0 && (v - j) / 2 < p->n)
                addf(t, "%s%zu", got++ ? "," : "", 700000 + (v - j) / 2);
}

static void sessionize_session(text *t, const plan *p, size_t i)
{
    session s;
    char b[64];
    session_fill(p, i, &s);
    addf(t, "%s{\"id\":\"%zu\",\"title\":", i ? "," : "", 700000 + i);
    add_json(t, s.title);
    adds(t, ",\"description\":");
    add_json(t, s.desc);
    local_time(b, sizeof(b), s.w.day, s.w.start, '-');
    addf(t, ",\"startsAt\":\"%s\"", b);
    local_time(b, sizeof(b), s.w.day, s.w.end, '-');
    addf(t, ",\"endsAt\":\"%s\",\"isServiceSession\":false,\"isPlenumSession\":false,"
            "\"speakers\":[", b);
    for (int j = 0; j < 2; j++) {
        person_uuid(b, sizeof(b), s.who[j]);
        addf(t, "%s\"%s\"", j ? "," : "", b);
    }
    addf(t, "],\"categoryItems\":[%zu],\"questionAnswers\":[],\"roomId\":%zu,\"liveUrl\":null,"
            "\"recordingUrl\":null,\"status\":\"Accepted\",\"isInformed\":true,"
            "\"isConfirmed\":true}",
         88000 + s.track, 47000 + s.w.hall);
}

/* Sessionize "All data": local times without a zone (the venue zone comes from options). */
static void gen_sessionize(text *t, const plan *p)
{
    char b[96];
    adds(t, "{\"sessions\":[");
    for (size_t i = 0; i < p->n; i++)
        sessionize_session(t, p, i);
    adds(t, "],\"speakers\":[");
    for (size_t who = 0; who < p->n; who++) {
        person_uuid(b, sizeof(b), who);
        addf(t, "%s{\"id\":\"%s\",\"fullName\":", who ? "," : "", b);
        person_name(b, sizeof(b), who);
        add_json(t, b);
        adds(t, ",\"isTopSpeaker\":false,\"links\":[],\"sessions\":[");
        sessionize_speaker_sessions(t, p, who);
        adds(t, "],\"categoryItems\":[],\"questionAnswers\":[]}");
    }
    adds(t, "],\"questions\":[],\"categories\":[{\"id\":8800,\"title\":\"Track\",\"items\":[");
    for (size_t k = 0; k < TRACKS; k++) {
        addf(t, "%s{\"id\":%zu,\"name\":", k ? "," : "", 88000 + k);
        add_json(t, track_name(k));
        addf(t, ",\"sort\":%zu}", k);
    }
    adds(t, "],\"sort\":0,\"type\":\"session\"}],\"rooms\":[");
    for (size_t h = 0; h < HALLS; h++) {
        hall_name(b, sizeof(b), h);
        addf(t, "%s{\"id\":%zu,\"name\":", h ? "," : "", 47000 + h);
        add_json(t, b);
        addf(t, ",\"sort\":%zu}", h);
    }
    adds(t, "]}");
}

/* An Indico {"date", "time", "tz"} object. */
static void indico_date(text *t, size_t day, int min)
{
    addf(t, "{\"date\":\"2024-04-%02zu\",\"time\":\"%02d:%02d:00\",\"tz\":\"" ZONE "\"}", 20 + day,
         min / 60, min % 60);
}

static void indico_contribution(text *t, const plan *p, size_t i)
{
    session s;
    char room[96];
    session_fill(p, i, &s);
    hall_name(room, sizeof(room), s.w.hall);
    addf(t, "%s{\"_type\":\"Contribution\",\"_fossil\":\"contributionMetadata\",\"id\":\"%zu\","
            "\"db_id\":%zu,\"friendly_id\":%zu,\"title\":",
         i ? "," : "", 30000 + i, 30000 + i, i + 1);
    add_json(t, s.title);
    adds(t, ",\"startDate\":");
    indico_date(t, s.w.day, s.w.start);
    adds(t, ",\"endDate\":");
    indico_date(t, s.w.day, s.w.end);
    addf(t, ",\"duration\":%d,\"room\":", s.w.end - s.w.start);
    add_json(t, room);
    adds(t, ",\"roomFullname\":");
    add_json(t, room);
    adds(t, ",\"location\":\"Kongresszentrum Süd\",\"track\":");
    add_json(t, track_name(s.track));
    adds(t, ",\"type\":null,\"description\":");
    add_json(t, s.desc);
    adds(t, ",\"speakers\":[");
    for (int j = 0; j < 2; j++) {
        addf(t, "%s{\"_type\":\"ContributionParticipation\",\"db_id\":%zu,\"person_id\":%zu,"
                "\"fullName\":",
             j ? "," : "", 500000 + 2 * i + (size_t)j, s.who[j] + 1);
        add_json(t, s.speaker[j]);
        adds(t, ",\"affiliation\":\"Universität Ústí\"}");
    }
    adds(t, "],\"primaryauthors\":[],\"coauthors\":[],\"keywords\":[],\"session\":null}");
}

/* Indico's event export (/export/event/ID.json?detail=contributions). */
static void gen_indico(text *t, const plan *p)
{
    adds(t, "{\"count\":1,\"additionalInfo\":{},\"_type\":\"HTTPAPIResult\",\"complete\":true,"
            "\"url\":\"https://indico.example.org/export/event/4242.json?detail=contributions\","
            "\"ts\":1711972800,\"results\":[{\"_type\":\"Conference\",\"_fossil\":"
            "\"conferenceMetadata\",\"id\":\"4242\",\"title\":");
    add_json(t, "Hallboard Lasttest 2024 · 负载测试 · Нагрузка · اختبار");
    adds(t, ",\"description\":\"\",\"startDate\":");
    indico_date(t, 0, 0);
    adds(t, ",\"endDate\":");
    indico_date(t, DAYS - 1, 23 * 60 + 59);
    adds(t, ",\"timezone\":\"" ZONE "\",\"location\":\"Kongresszentrum Süd\",\"room\":\"\","
            "\"type\":\"conference\",\"contributions\":[");
    for (size_t i = 0; i < p->n; i++)
        indico_contribution(t, p, i);
    adds(t, "]}]}");
}

/* CSV: times with their offset, speakers joined by ";" in one quoted cell. */
static void gen_csv(text *t, const plan *p)
{
    char room[96], who[200];
    adds(t, "id,start,end,hall,title,speakers,track\r\n");
    for (size_t i = 0; i < p->n; i++) {
        session s;
        session_fill(p, i, &s);
        hall_name(room, sizeof(room), s.w.hall);
        addf(t, "s%zu,", i + 1);
        add_instant(t, s.w.day, s.w.start);
        adds(t, ",");
        add_instant(t, s.w.day, s.w.end);
        adds(t, ",");
        add_csv(t, room);
        adds(t, ",");
        add_csv(t, s.title);
        snprintf(who, sizeof(who), "%s;%s", s.speaker[0], s.speaker[1]);
        adds(t, ",");
        add_csv(t, who);
        adds(t, ",");
        add_csv(t, track_name(s.track));
        adds(t, "\r\n");
    }
}

/* ---- Sizing, measuring, reporting --------------------------------------------- */

typedef struct {
    const char *name; /* the format word the parser is expected to report */
    const char *file; /* its name under --dump DIR */
    void (*gen)(text *t, const plan *p);
} format_spec;

static const format_spec formats[] = {
    {"hallboard", "hallboard.json", gen_native},  {"frab", "frab-schedule.json", gen_frab},
    {"frab-xml", "schedule.xml", gen_frab_xml},    {"ical", "schedule.ics", gen_ical},
    {"sessionize", "sessionize.json", gen_sessionize}, {"indico", "indico.json", gen_indico},
    {"csv", "schedule.csv", gen_csv},
};

static size_t generated_bytes(const format_spec *f, size_t n)
{
    text t = {0};
    plan p = make_plan(n);
    f->gen(&t, &p);
    free(t.p);
    return t.n;
}

/* Generates an export of about `target` bytes into t; returns its session count. */
static size_t generate(const format_spec *f, size_t target, text *t)
{
    size_t a = generated_bytes(f, 500), b = generated_bytes(f, 1000);
    size_t per = b > a ? (b - a) / 500 : 1, fixed = a > 500 * per ? a - 500 * per : 0;
    size_t n = target > fixed ? (target - fixed) / per : 1;
    if (n < 1)
        n = 1;
    if (n > AGENDA_MAX_SESSIONS)
        n = AGENDA_MAX_SESSIONS;
    plan p = make_plan(n);
    t->n = 0;
    f->gen(t, &p);
    return n;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Lowers the peak RSS mark to the current RSS (Linux 4.0+), so that ru_maxrss after a
 * parse measures that parse rather than anything before it; best effort. */
static void reset_peak_rss(void)
{
    int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (write(fd, "5", 1) != 1)
            errno = 0;
        close(fd);
    }
}

/* The first problem of the given severity kept in the report, as "path: message". */
static void first_problem(const feed_report *r, feed_severity sev, char *out, size_t cap)
{
    snprintf(out, cap, "%zu errors, none kept", r->n_errors);
    for (size_t k = 0; k < r->n; k++)
        if (r->items[k].severity == sev) {
            snprintf(out, cap, "%s%s%s", r->items[k].path, r->items[k].path[0] ? ": " : "",
                     r->items[k].msg);
            return;
        }
}

static int parse_once(const text *x, const feed_options *o, feed_report *rep, double *ms,
                      agenda **out)
{
    double t0 = now_s();
    *out = feed_parse(x->p, x->n, o, rep);
    *ms = (now_s() - t0) * 1e3;
    return *out ? 0 : -1;
}

/* The child's work: RUNS parses of export x, one table row on stdout. */
static void measure(const format_spec *f, const text *x, size_t made)
{
    static const char *const venue[] = {ZONE, NULL};
    feed_options o = feedsrc_options();
    o.zones = venue; /* the venue zone, for formats that name none */
    feed_report *rep = malloc(sizeof(*rep));
    char problem[FEED_PATH_MAX + FEED_MSG_MAX + 8], word[32];
    agenda *a;
    double first, ms;
    if (!rep)
        abort();
    reset_peak_rss();
    long before = maxrss_kb();
    int rc = parse_once(x, &o, rep, &first, &a);
    long peak = maxrss_kb() - before;
    if (rc) {
        first_problem(rep, FEED_ERROR, problem, sizeof(problem));
        printf("%-10s %9zu  FAILED: %s\n", f->name, x->n, problem);
        free(rep);
        return;
    }
    size_t sessions = a->n_sessions, warnings = rep->n_warnings;
    snprintf(word, sizeof(word), "%s", a->format ? a->format : "?");
    if (warnings)
        first_problem(rep, FEED_WARNING, problem, sizeof(problem));
    agenda_free(a);
    double best = first;
    for (int r = 1; r < RUNS; r++) {
        if (parse_once(x, &o, rep, &ms, &a))
            abort(); /* the same bytes parsed a moment ago */
        agenda_free(a);
        if (ms < best)
            best = ms;
    }
    printf("%-10s %9zu %8zu %8.2f %8.2f %8.1f %8zu  %s", f->name, x->n, sessions, best, first,
           (double)peak / 1024.0, warnings, word);
    if (sessions != made)
        printf("  (%zu generated)", made);
    printf("\n");
    if (warnings)
        fprintf(stderr, "  %s: first warning: %s\n", f->name, problem);
    free(rep);
}

static void dump(const char *dir, const format_spec *f, const text *x)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, f->file);
    FILE *out = fopen(path, "wb");
    if (!out || fwrite(x->p, 1, x->n, out) != x->n || fclose(out) != 0)
        fprintf(stderr, "bench_import: cannot write %s\n", path);
}

/* Measures one format in a fresh child; a child that dies is reported as FAILED. */
static void run_format(const format_spec *f, size_t target, const char *dump_dir)
{
    text x = {0};
    size_t made = generate(f, target, &x);
    if (dump_dir)
        dump(dump_dir, f, &x);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid == 0) {
        alarm(CHILD_TIMEOUT_S);
        measure(f, &x, made);
        fflush(stdout);
        fflush(stderr);
        _exit(0);
    }
    int st = 0;
    if (pid < 0 || waitpid(pid, &st, 0) < 0)
        printf("%-10s %9zu  FAILED: cannot run a child: %s\n", f->name, x.n, strerror(errno));
    else if (WIFSIGNALED(st))
        printf("%-10s %9zu  FAILED: the parse died of signal %d (%s)\n", f->name, x.n,
               WTERMSIG(st), WTERMSIG(st) == SIGALRM ? "timeout" : strsignal(WTERMSIG(st)));
    else if (WEXITSTATUS(st) != 0)
        printf("%-10s %9zu  FAILED: the child exited with %d\n", f->name, x.n, WEXITSTATUS(st));
    free(x.p);
}

int main(int argc, char **argv)
{
    const char *dump_dir = NULL;
    double mb = 5.0;
    for (int i = 1; i < argc; i++) {
        char *end;
        if (strcmp(argv[i], "--dump") == 0 && i + 1 < argc) {
            dump_dir = argv[++i];
            if (mkdir(dump_dir, 0777) != 0 && errno != EEXIST) {
                fprintf(stderr, "bench_import: cannot create %s: %s\n", dump_dir, strerror(errno));
                return 2;
            }
        } else if ((mb = strtod(argv[i], &end)) > 0 && mb <= 16 && *end == '\0') {
            continue;
        } else {
            fprintf(stderr, "usage: bench_import [--dump DIR] [MB]   (MB: 0 < MB <= 16, default 5)\n");
            return 2;
        }
    }
    tzdb_init();
    feed_init();
    size_t target = (size_t)(mb * 1e6);
    printf("bench_import: one %.1f MB export per format, %d halls over %d days, 4 scripts; "
           "best of %d parses\n", mb, HALLS, DAYS, RUNS);
    printf("%-10s %9s %8s %8s %8s %8s %8s  %s\n", "format", "bytes", "sessions", "best_ms",
           "first_ms", "peak_MB", "warnings", "read_as");
    for (size_t k = 0; k < sizeof(formats) / sizeof(formats[0]); k++)
        run_format(&formats[k], target, dump_dir);
    printf("target: <= 50 ms per 5 MB export\n");
    return 0;
}
