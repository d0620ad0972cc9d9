/* fuzz_feed.c - libFuzzer target for the feed parsers (feed.c, feed_frab.c).
 *
 * The input is parsed whole by feed_parse() with a pure zone loader (UTC only, no
 * files), so every run is deterministic and reads nothing. The report is formatted,
 * and an agenda that comes back is checked against the model's invariants (sorted
 * sessions, start < end, indices in range, a zone), then freed. cJSON keeps plain
 * malloc (no feed_init()) so that the sanitizers see every node on its own.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "feed.h"
#include "tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Knows "UTC" only: other names are unknown zones. */
static tz_zone *load_utc_only(void *ctx, const char *name)
{
    (void)ctx;
    return strcmp(name, "UTC") == 0 ? tz_utc() : NULL;
}

static void check_agenda(const agenda *a)
{
    if (a->n_zones == 0 || !a->zones[0].tz || !a->revision || !a->format)
        abort();
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        if (!s->id || s->start > s->end || s->end - s->start > a->max_duration)
            abort();
        if (s->hall < -1 || s->hall >= (int32_t)a->n_halls || s->track < -1 ||
            s->track >= (int32_t)a->n_tracks)
            abort();
        if (s->n_speakers > AGENDA_MAX_PEOPLE || s->n_chair > AGENDA_MAX_PEOPLE)
            abort();
        if (i > 0 && agenda_session_cmp(&a->sessions[i - 1], s) > 0)
            abort();
        (void)agenda_tr_get(a, &s->title, "en");
    }
    for (size_t i = 0; i < a->n_halls; i++)
        if (!a->halls[i].id || !a->halls[i].id[0] || strlen(a->halls[i].id) > AGENDA_MAX_ID_BYTES)
            abort();
    for (size_t i = 0; i < a->n_tracks; i++)
        if (!a->tracks[i].id || a->tracks[i].color > 0xFFFFFF)
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
    static char text[16384];
    feed_options o = feed_default_options(load_utc_only, NULL);
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
