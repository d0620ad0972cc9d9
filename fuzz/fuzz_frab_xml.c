/* fuzz_frab_xml.c - libFuzzer target for the schedule.xml importer (feed/frab_xml*.c).
 *
 * Inputs that do not open with '<' (after white space) are passed over: they cannot
 * reach the importer. The rest go through feed_parse() with a pure zone loader that
 * knows three zones from POSIX rules (UTC, Europe/Berlin with its summer time,
 * Asia/Kolkata at +05:30) and no files, so every run is deterministic and reads
 * nothing. The report is formatted; an agenda that comes back is checked against the
 * model's invariants (fuzz_check.h: an agenda only without errors; sorted sessions;
 * start <= end, equal for moments; unique ids; indices in range; UTF-8 texts), with
 * at most a week per session and a title for each, then freed.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Europe/Berlin and Asia/Kolkata besides UTC; other names are unknown zones. */
static const fuzz_zone zones[] = {
    {"Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"},
    {"Asia/Kolkata", "IST-5:30"},
    {NULL, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
    size_t i = 0;
    while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    if (i == size || data[i] != '<')
        return -1; /* not XML: not kept in the corpus */
    feed_options o = feed_default_options(fuzz_load_zone, (void *)zones);
    agenda *a = feed_parse((const char *)data, size, &o, &rep);
    if (fuzz_outcome(a, &rep))
        fuzz_check_agenda(a, FUZZ_WEEK | FUZZ_TITLED);
    agenda_free(a);
    return 0;
}
