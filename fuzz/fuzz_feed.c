/* fuzz_feed.c - libFuzzer target for the feed parsers (feed.c, feed_frab.c).
 *
 * The input is parsed whole by feed_parse() with a pure zone loader (UTC only, no
 * files), so every run is deterministic and reads nothing. The report is formatted,
 * and an agenda that comes back is checked against the model's invariants
 * (fuzz_check.h), then freed. cJSON keeps plain malloc (no feed_init()) so that the
 * sanitizers see every node on its own.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static feed_report rep; /* large: kept off the stack */
    feed_options o = feed_default_options(fuzz_load_zone, NULL);
    agenda *a = feed_parse((const char *)data, size, &o, &rep);
    if (fuzz_outcome(a, &rep))
        fuzz_check_agenda(a, 0);
    agenda_free(a);
    return 0;
}
