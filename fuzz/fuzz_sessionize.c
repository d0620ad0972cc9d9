/* fuzz_sessionize.c - libFuzzer target for the Sessionize importer (sessionize.c).
 *
 * Each input is parsed twice by feed_parse(): once with no zone in the options (times
 * without an offset are read as UTC, with a warning) and once with Europe/Vienna named
 * as the venue zone. Zones come from POSIX rules, so nothing is read from disk. A
 * returned agenda must hold the model's invariants (moments: start <= end), and an
 * agenda imported from Sessionize must say whether its zone was assumed exactly as the
 * options allow. Seed with Sessionize exports (All data, grid, sessions list).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "feed.h"
#include "tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* UTC and Europe/Vienna (as its POSIX rule); every other name is unknown. */
static tz_zone *load_zone(void *ctx, const char *name)
{
    (void)ctx;
    if (strcmp(name, "Europe/Vienna") == 0)
        return tz_parse_posix(name, "CET-1CEST,M3.5.0,M10.5.0/3");
    return strcmp(name, "UTC") == 0 ? tz_utc() : NULL;
}

static bool text_ok(const agenda_text *t)
{
    for (size_t i = 0; i < t->n; i++)
        if (!t->v || !t->v[i].tag || !t->v[i].text)
            return false;
    return true;
}

static bool session_ok(const agenda *a, const agenda_session *s)
{
    bool ok = s->id && s->id[0] && strlen(s->id) <= AGENDA_MAX_ID_BYTES;
    ok = ok && s->start <= s->end && s->end - s->start <= a->max_duration;
    ok = ok && s->hall >= -1 && s->hall < (int32_t)a->n_halls;
    ok = ok && s->track >= -1 && s->track < (int32_t)a->n_tracks;
    ok = ok && s->title.n > 0 && text_ok(&s->title) && text_ok(&s->description);
    ok = ok && s->n_speakers <= AGENDA_MAX_PEOPLE && (s->n_speakers == 0 || s->speakers);
    for (size_t k = 0; ok && k < s->n_speakers; k++)
        ok = text_ok(&s->speakers[k].name);
    return ok;
}

/* The agenda's invariants; venue: the zone the options named (NULL: none). */
static void check(const agenda *a, const feed_report *rep, const char *venue)
{
    if (rep->n_errors || !a->n_zones || !a->zones[0].tz || !a->revision || !a->format)
        abort();
    for (size_t i = 0; i < a->n_sessions; i++) {
        if (!session_ok(a, &a->sessions[i]))
            abort();
        if (i && agenda_session_cmp(&a->sessions[i - 1], &a->sessions[i]) > 0)
            abort();
        if (i && strcmp(a->sessions[i - 1].id, a->sessions[i].id) == 0 &&
            a->sessions[i - 1].start == a->sessions[i].start)
            abort(); /* ids are unique: two equal neighbours never happen */
    }
    for (size_t h = 0; h < a->n_halls; h++)
        if (!a->halls[h].id || !a->halls[h].id[0] || !text_ok(&a->halls[h].name))
            abort();
    if (strcmp(a->format, "sessionize") != 0)
        return;
    if (venue && (a->zone_assumed || strcmp(a->zones[0].name, venue) != 0))
        abort();
    if (a->zone_assumed && rep->n_warnings == 0)
        abort(); /* an assumed zone is always said */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
    static char text[16384];
    static const char *const vienna[] = {"Europe/Vienna", NULL};
    for (int pass = 0; pass < 2; pass++) {
        feed_options o = feed_default_options(load_zone, NULL);
        o.zones = pass ? vienna : NULL;
        agenda *a = feed_parse((const char *)data, size, &o, &rep);
        feed_report_format(&rep, text, sizeof(text));
        if (a)
            check(a, &rep, pass ? vienna[0] : NULL);
        else if (rep.n_errors == 0)
            abort(); /* no agenda without a reason */
        agenda_free(a);
    }
    return 0;
}
