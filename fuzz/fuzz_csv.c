/* fuzz_csv.c - libFuzzer target for the CSV importer (app/core/feed/csv*.c).
 *
 * The first input byte chooses how the rest is read: bit 0 set puts a fixed header row
 * (every known column, two languages) before it, so that the fuzzer spends its time
 * in the rows; bit 1 names a venue zone with summer time ("Test/Paris") in the
 * options, else times without an offset fall back to UTC. Parsing goes through
 * feed_parse() with a pure zone loader (no files), so every run is deterministic.
 * An agenda that comes back is checked against the model's invariants (fuzz_check.h):
 * sessions sorted, start <= end (equal: a moment) and at most a week, indices in
 * range, ids, titles, names and languages present, texts not empty and UTF-8, people
 * within the limit, a zone.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char header[] =
    "id,date,start,end,duration,room,track,kind,status,title,title.zh,Subtitle.ru,"
    "description,speakers,chair\n";

/* "Test/Paris" (Central European rules) besides UTC. */
static const fuzz_zone zones[] = {
    {"Test/Paris", "CET-1CEST,M3.5.0,M10.5.0/3"},
    {NULL, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
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
    feed_options o = feed_default_options(fuzz_load_zone, (void *)zones);
    const char *const paris[] = {"Test/Paris", NULL};
    if (mode & 2)
        o.zones = paris;
    o.limits.max_sessions = 500; /* the row limit within reach */
    agenda *a = feed_parse(doc, hn + size, &o, &rep);
    if (fuzz_outcome(a, &rep)) {
        if (strcmp(a->format, "csv") == 0) /* other formats have their own targets */
            fuzz_check_agenda(a, FUZZ_WEEK | FUZZ_TITLED | FUZZ_NAMED | FUZZ_FILLED |
                                     FUZZ_LANGUAGES);
        else if (mode & 1)
            abort(); /* the header makes it a CSV */
    }
    agenda_free(a);
    free(doc);
    return 0;
}
