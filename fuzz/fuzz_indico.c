/* fuzz_indico.c - libFuzzer target for the Indico importer (indico.c).
 *
 * The input is parsed by feed_parse() with three zones known from POSIX rules (UTC,
 * Europe/Zurich, America/New_York), so dates in either zone, in an unknown zone and in
 * none are all reachable without reading a file. A returned agenda is walked whole:
 * sessions in order, start <= end (zero-length moments allowed), people with names,
 * chairs and speakers within the limit, halls and tracks in range. Seed with event and
 * timetable exports.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "feed.h"
#include "tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
    const char *name, *rule;
} zones[] = {
    {"UTC", "UTC0"},
    {"Europe/Zurich", "CET-1CEST,M3.5.0,M10.5.0/3"},
    {"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
};

static tz_zone *load_zone(void *ctx, const char *name)
{
    (void)ctx;
    for (size_t i = 0; i < sizeof(zones) / sizeof(zones[0]); i++)
        if (strcmp(zones[i].name, name) == 0)
            return tz_parse_posix(name, zones[i].rule);
    return NULL;
}

/* Every person named, within the limit. */
static void walk_people(const agenda_person *p, size_t n)
{
    if (n > AGENDA_MAX_PEOPLE || (n && !p))
        abort();
    for (size_t i = 0; i < n; i++)
        if (p[i].name.n == 0 || !agenda_text_get(&p[i].name, "en", NULL))
            abort();
}

static void walk(const agenda *a)
{
    if (!a->n_zones || !a->zones[0].tz || !a->revision || !a->title.n)
        abort();
    int64_t prev = INT64_MIN;
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        if (!s->id || s->start < prev || s->start > s->end || s->end - s->start > 7 * 86400)
            abort();
        prev = s->start;
        if ((s->hall >= 0 && (size_t)s->hall >= a->n_halls) || s->hall < -1)
            abort();
        if ((s->track >= 0 && (size_t)s->track >= a->n_tracks) || s->track < -1)
            abort();
        if (!agenda_tr_get(a, &s->title, "en"))
            abort();
        walk_people(s->speakers, s->n_speakers);
        walk_people(s->chair, s->n_chair);
    }
    for (size_t t = 0; t < a->n_tracks; t++)
        if (!a->tracks[t].id || !agenda_text_get(&a->tracks[t].name, NULL, NULL))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
    static char text[16384];
    feed_options o = feed_default_options(load_zone, NULL);
    agenda *a = feed_parse((const char *)data, size, &o, &rep);
    feed_report_format(&rep, text, sizeof(text));
    if (a && rep.n_errors)
        abort(); /* an agenda only without errors */
    if (!a && !rep.n_errors)
        abort(); /* no agenda without a reason */
    if (a)
        walk(a);
    agenda_free(a);
    return 0;
}
