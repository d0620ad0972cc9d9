/* fuzz_sessionize.c - libFuzzer target for the Sessionize importer (sessionize.c).
 *
 * Each input is parsed twice by feed_parse(): once with no zone in the options (times
 * without an offset are read as UTC, with a warning) and once with Europe/Vienna named
 * as the venue zone. Zones come from POSIX rules, so nothing is read from disk. A
 * returned agenda must hold the model's invariants (fuzz_check.h; moments: start <=
 * end) with a title for each session, and an agenda imported from Sessionize must say
 * whether its zone was assumed exactly as the options allow. Seed with Sessionize exports (All data, grid, sessions list).
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Europe/Vienna besides UTC; every other name is unknown. */
static const fuzz_zone zones[] = {
    {"Europe/Vienna", "CET-1CEST,M3.5.0,M10.5.0/3"},
    {NULL, NULL},
};

/* The agenda's invariants; venue: the zone the options named (NULL: none). */
static void check(const agenda *a, const feed_report *rep, const char *venue)
{
    fuzz_check_agenda(a, FUZZ_TITLED);
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
    static const char *const vienna[] = {"Europe/Vienna", NULL};
    for (int pass = 0; pass < 2; pass++) {
        feed_options o = feed_default_options(fuzz_load_zone, (void *)zones);
        o.zones = pass ? vienna : NULL;
        agenda *a = feed_parse((const char *)data, size, &o, &rep);
        if (fuzz_outcome(a, &rep))
            check(a, &rep, pass ? vienna[0] : NULL);
        agenda_free(a);
    }
    return 0;
}
