/* fuzz_ical.c - libFuzzer target for the iCalendar importer (ical*.c) through
 * feed_parse().
 *
 * Inputs that do not open with BEGIN:VCALENDAR get it put in front, so that every run
 * reaches the importer. Zones come from a pure loader that knows UTC and two POSIX
 * rules (no files), so runs are deterministic. An agenda that comes back must hold
 * the model's invariants: sorted sessions, start <= end (a moment is start == end),
 * no longer than a week, hall and track indices in range, ids unique, a zone.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "feed.h"
#include "tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tz_zone *load_zone(void *ctx, const char *name)
{
    (void)ctx;
    if (strcmp(name, "UTC") == 0)
        return tz_utc();
    if (strcmp(name, "Europe/Paris") == 0)
        return tz_parse_posix(name, "CET-1CEST,M3.5.0,M10.5.0/3");
    if (strcmp(name, "Australia/Brisbane") == 0)
        return tz_parse_posix(name, "<+10>-10");
    return NULL;
}

static void check_agenda(const agenda *a)
{
    if (a->n_zones == 0 || !a->zones[0].tz || !a->revision || !a->format)
        abort();
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        if (!s->id || !*s->id || s->start > s->end || s->end - s->start > 7 * 86400)
            abort();
        if (s->hall < -1 || s->hall >= (int32_t)a->n_halls || s->track < -1 ||
            s->track >= (int32_t)a->n_tracks || s->n_speakers != 0)
            abort();
        if (i > 0 && agenda_session_cmp(&a->sessions[i - 1], s) > 0)
            abort();
        if (i > 0 && a->sessions[i - 1].start == s->start &&
            strcmp(a->sessions[i - 1].id, s->id) == 0)
            abort();
        if (!agenda_tr_get(a, &s->title, "en"))
            abort();
    }
    for (size_t i = 0; i < a->n_halls; i++)
        if (!a->halls[i].id || !a->halls[i].id[0] || strlen(a->halls[i].id) > AGENDA_MAX_ID_BYTES)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char head[] = "BEGIN:VCALENDAR\r\n";
    static feed_report rep;
    static char text[16384];
    if (size > 1u << 20)
        return 0;
    char *doc = malloc(size + sizeof(head));
    if (!doc)
        return 0;
    size_t n = 0;
    if (size < 15 || memcmp(data, "BEGIN:VCALENDAR", 15) != 0) {
        memcpy(doc, head, sizeof(head) - 1);
        n = sizeof(head) - 1;
    }
    memcpy(doc + n, data, size);
    n += size;
    feed_options o = feed_default_options(load_zone, NULL);
    agenda *a = feed_parse(doc, n, &o, &rep);
    feed_report_format(&rep, text, sizeof(text));
    if (a) {
        if (rep.n_errors)
            abort();
        check_agenda(a);
    } else if (rep.n_errors == 0) {
        abort();
    }
    agenda_free(a);
    free(doc);
    return 0;
}
