/* fuzz_indico.c - libFuzzer target for the Indico importer (indico.c).
 *
 * The input is parsed by feed_parse() with three zones known from POSIX rules (UTC,
 * Europe/Zurich, America/New_York), so dates in either zone, in an unknown zone and in
 * none are all reachable without reading a file. A returned agenda is walked whole
 * (fuzz_check.h): sessions in order, start <= end (zero-length moments allowed) and at
 * most a week, titles, people with names, chairs and speakers within the limit, halls
 * and tracks in range; and here, an event title and named tracks. Seed with event and
 * timetable exports.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const fuzz_zone zones[] = {
    {"Europe/Zurich", "CET-1CEST,M3.5.0,M10.5.0/3"},
    {"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
    {NULL, NULL},
};

static void walk(const agenda *a)
{
    fuzz_check_agenda(a, FUZZ_WEEK | FUZZ_TITLED | FUZZ_NAMED);
    if (!a->title.n)
        abort();
    for (size_t t = 0; t < a->n_tracks; t++)
        if (!agenda_text_get(&a->tracks[t].name, NULL, NULL))
            abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
    feed_options o = feed_default_options(fuzz_load_zone, (void *)zones);
    agenda *a = feed_parse((const char *)data, size, &o, &rep);
    if (fuzz_outcome(a, &rep))
        walk(a);
    agenda_free(a);
    return 0;
}
