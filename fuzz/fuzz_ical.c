/* fuzz_ical.c - libFuzzer target for the iCalendar importer (ical*.c) through
 * feed_parse().
 *
 * Inputs that do not open with BEGIN:VCALENDAR get it put in front, so that every run
 * reaches the importer. Zones come from a pure loader that knows UTC and two POSIX
 * rules (no files), so runs are deterministic. An agenda that comes back must hold
 * the model's invariants (fuzz_check.h: sorted sessions, start <= end (a moment is
 * start == end), hall and track indices in range, ids unique, a zone), with sessions
 * no longer than a week, each titled, and no speakers (iCalendar names none).
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const fuzz_zone zones[] = {
    {"Europe/Paris", "CET-1CEST,M3.5.0,M10.5.0/3"},
    {"Australia/Brisbane", "<+10>-10"},
    {NULL, NULL},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char head[] = "BEGIN:VCALENDAR\r\n";
    static feed_report rep;
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
    feed_options o = feed_default_options(fuzz_load_zone, (void *)zones);
    agenda *a = feed_parse(doc, n, &o, &rep);
    if (fuzz_outcome(a, &rep)) {
        fuzz_check_agenda(a, FUZZ_WEEK | FUZZ_TITLED);
        for (size_t i = 0; i < a->n_sessions; i++)
            if (a->sessions[i].n_speakers != 0)
                abort();
    }
    agenda_free(a);
    free(doc);
    return 0;
}
