/* fuzz_csv.c - libFuzzer target for the CSV importer (app/core/feed/csv.c).
 *
 * The first input byte chooses how the rest is read: bit 0 set puts a fixed header row
 * (every known column, two languages) before it, so that the fuzzer spends its time
 * in the rows; bit 1 names a venue zone with summer time ("Test/Paris") in the
 * options, else times without an offset fall back to UTC. Parsing goes through
 * feed_parse() with a pure zone loader (no files), so every run is deterministic.
 * An agenda that comes back is checked against the model's invariants: sessions
 * sorted, start <= end (equal: a moment) and at most a week, indices in range, ids,
 * titles and languages present and UTF-8, people within the limit, a zone.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "feed.h"
#include "tz.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char header[] =
    "id,date,start,end,duration,room,track,kind,status,title,title.zh,Subtitle.ru,"
    "description,speakers,chair\n";

/* Knows "UTC" and "Test/Paris" (Central European rules) only. */
static tz_zone *load_zone(void *ctx, const char *name)
{
    (void)ctx;
    if (strcmp(name, "UTC") == 0)
        return tz_utc();
    if (strcmp(name, "Test/Paris") == 0)
        return tz_parse_posix(name, "CET-1CEST,M3.5.0,M10.5.0/3");
    return NULL;
}

static void check_text(const agenda_text *t, bool required)
{
    if (required && !t->n)
        abort();
    for (size_t i = 0; i < t->n; i++)
        if (!t->v[i].tag || !t->v[i].text || !t->v[i].text[0] ||
            !utf8_valid(t->v[i].text, strlen(t->v[i].text), NULL))
            abort();
}

static void check_people(const agenda_person *p, size_t n)
{
    if (n > AGENDA_MAX_PEOPLE || (n && !p))
        abort();
    for (size_t i = 0; i < n; i++)
        check_text(&p[i].name, true);
}

static void check_agenda(const agenda *a)
{
    if (a->n_zones == 0 || !a->zones[0].tz || !a->revision)
        abort();
    if (a->n_languages == 0 || a->n_languages > AGENDA_MAX_LANGUAGES)
        abort();
    for (size_t i = 0; i < a->n_languages; i++)
        if (!a->languages[i] || !a->languages[i][0])
            abort();
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        if (!s->id || !s->id[0] || s->start > s->end || s->end - s->start > 7 * 86400 ||
            s->end - s->start > a->max_duration)
            abort();
        if (s->hall < -1 || s->hall >= (int32_t)a->n_halls || s->track < -1 ||
            s->track >= (int32_t)a->n_tracks)
            abort();
        if (i > 0 && agenda_session_cmp(&a->sessions[i - 1], s) > 0)
            abort();
        check_text(&s->title, true);
        check_text(&s->subtitle, false);
        check_text(&s->description, false);
        check_people(s->speakers, s->n_speakers);
        check_people(s->chair, s->n_chair);
    }
    for (size_t i = 0; i < a->n_halls; i++)
        if (!a->halls[i].id || !a->halls[i].id[0] || strlen(a->halls[i].id) > AGENDA_MAX_ID_BYTES)
            abort();
    for (size_t i = 0; i < a->n_tracks; i++)
        if (!a->tracks[i].id || !a->tracks[i].id[0])
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
    static char text[16384];
    if (size == 0)
        return 0;
    uint8_t mode = data[0];
    data++;
    size--;
    size_t hn = mode & 1 ? sizeof(header) - 1 : 0;
    char *doc = malloc(hn + size + 1);
    if (!doc)
        return 0;
    memcpy(doc, header, hn);
    memcpy(doc + hn, data, size);
    feed_options o = feed_default_options(load_zone, NULL);
    const char *const paris[] = {"Test/Paris", NULL};
    if (mode & 2)
        o.zones = paris;
    o.limits.max_sessions = 500; /* the row limit within reach */
    agenda *a = feed_parse(doc, hn + size, &o, &rep);
    feed_report_format(&rep, text, sizeof(text));
    if (a) {
        if (rep.n_errors)
            abort(); /* an agenda only without errors */
        if (strcmp(a->format, "csv") == 0) /* other formats have their own targets */
            check_agenda(a);
        else if (mode & 1)
            abort(); /* the header makes it a CSV */
    } else if (rep.n_errors == 0) {
        abort(); /* no agenda without a reason */
    }
    agenda_free(a);
    free(doc);
    return 0;
}
