/* fuzz_frab_xml.c - libFuzzer target for the schedule.xml importer (feed/frab_xml*.c).
 *
 * Inputs that do not open with '<' (after white space) are passed over: they cannot
 * reach the importer. The rest go through feed_parse() with a pure zone loader that
 * knows three zones from POSIX rules (UTC, Europe/Berlin with its summer time,
 * Asia/Kolkata at +05:30) and no files, so every run is deterministic and reads
 * nothing. The report is formatted; an agenda that comes back is checked against the
 * model's invariants (an agenda only without errors; sorted sessions; start <= end,
 * equal for moments; at most a week; unique ids; indices in range; UTF-8 texts), then
 * freed.
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

/* UTC, Europe/Berlin and Asia/Kolkata; other names are unknown zones. */
static tz_zone *load_three(void *ctx, const char *name)
{
    (void)ctx;
    if (strcmp(name, "UTC") == 0)
        return tz_utc();
    if (strcmp(name, "Europe/Berlin") == 0)
        return tz_parse_posix(name, "CET-1CEST,M3.5.0,M10.5.0/3");
    if (strcmp(name, "Asia/Kolkata") == 0)
        return tz_parse_posix(name, "IST-5:30");
    return NULL;
}

static void check_text(const agenda_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (!t->v[i].tag || !t->v[i].text || !utf8_valid(t->v[i].text, strlen(t->v[i].text), NULL))
            abort();
}

static int id_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every session id is 1 to AGENDA_MAX_ID_BYTES bytes and unique. */
static void check_ids(const agenda *a)
{
    const char **ids = malloc((a->n_sessions + 1) * sizeof(*ids));
    if (!ids)
        return;
    for (size_t i = 0; i < a->n_sessions; i++) {
        size_t n = a->sessions[i].id ? strlen(a->sessions[i].id) : 0;
        if (n == 0 || n > AGENDA_MAX_ID_BYTES)
            abort();
        ids[i] = a->sessions[i].id;
    }
    qsort(ids, a->n_sessions, sizeof(*ids), id_cmp);
    for (size_t i = 1; i < a->n_sessions; i++)
        if (strcmp(ids[i - 1], ids[i]) == 0)
            abort();
    free(ids);
}

static void check_agenda(const agenda *a)
{
    if (a->n_zones == 0 || !a->zones[0].tz || !a->revision || !a->format)
        abort();
    check_text(&a->title);
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        if (s->start > s->end || s->end - s->start > 7 * 86400 ||
            s->end - s->start > a->max_duration)
            abort();
        if (s->hall < -1 || s->hall >= (int32_t)a->n_halls || s->track < -1 ||
            s->track >= (int32_t)a->n_tracks)
            abort();
        if (s->n_speakers > AGENDA_MAX_PEOPLE || s->n_chair > AGENDA_MAX_PEOPLE || !s->title.n)
            abort();
        if (i > 0 && agenda_session_cmp(&a->sessions[i - 1], s) > 0)
            abort();
        check_text(&s->title);
        check_text(&s->subtitle);
        check_text(&s->description);
        for (size_t k = 0; k < s->n_speakers; k++)
            check_text(&s->speakers[k].name);
    }
    check_ids(a);
    for (size_t i = 0; i < a->n_halls; i++) {
        if (!a->halls[i].id || !a->halls[i].id[0] || strlen(a->halls[i].id) > AGENDA_MAX_ID_BYTES)
            abort();
        check_text(&a->halls[i].name);
    }
    for (size_t i = 0; i < a->n_tracks; i++)
        if (!a->tracks[i].id || a->tracks[i].color > 0xFFFFFF)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
    static char text[16384];
    size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    if (i == size || data[i] != '<')
        return -1; /* not XML: not kept in the corpus */
    feed_options o = feed_default_options(load_three, NULL);
    agenda *a = feed_parse((const char *)data, size, &o, &rep);
    feed_report_format(&rep, text, sizeof(text));
    if (a) {
        if (rep.n_errors)
            abort(); /* an agenda only without errors */
        check_agenda(a);
    } else if (rep.n_errors == 0) {
        abort(); /* no agenda without a reason */
    }
    agenda_free(a);
    return 0;
}
