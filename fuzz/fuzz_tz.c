/* fuzz_tz.c - libFuzzer target for the time zone parsers (tz.c).
 *
 * The input is fed whole to tz_parse_tzif() and, as a NUL-terminated copy, to
 * tz_parse_posix(). Any zone that parses is queried at instants chosen from the
 * input's last bytes and at fixed extremes, so the conversion code runs on every
 * shape of zone the parsers let through. Sanitizers do the checking.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs every query on z. */
static void exercise(const tz_zone *z, const uint8_t *data, size_t size)
{
    int64_t ts[12] = {INT64_MIN, INT64_MIN + 1, -2208988800LL, -1, 0, 1700000000,
                      4102444800LL, 7258118399LL, INT64_MAX - 1, INT64_MAX, 0, 0};
    /* Two instants taken from the input, so the fuzzer can aim at transitions. */
    for (size_t k = 0; k < 2 && size >= 8 * (k + 1); k++) {
        uint64_t u = 0;
        for (size_t i = 0; i < 8; i++)
            u = u << 8 | data[size - 8 * (k + 1) + i];
        ts[10 + k] = (int64_t)(u >> 1) - (int64_t)(UINT64_C(1) << 62);
    }
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        tz_local l;
        tz_to_local(z, ts[i], &l);
        if (memchr(l.abbr, '\0', sizeof l.abbr) == NULL)
            abort(); /* abbreviation must always be terminated */
        (void)tz_offset_at(z, ts[i]);
        int64_t next = tz_next_transition(z, ts[i]);
        if (next != INT64_MAX && next <= ts[i])
            abort(); /* must move forward */
        int64_t back;
        if (l.year >= -100000 && l.year <= 100000 &&
            !tz_from_local(z, l.year, l.month, l.day, l.hour, l.minute, l.second, &back))
            abort(); /* fields from tz_to_local are always in range */
    }
    (void)tz_name(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tz_zone *z = tz_parse_tzif("fuzz", data, size);
    if (z) {
        exercise(z, data, size);
        tz_free(z);
    }
    /* POSIX rules are short; longer inputs would only slow the fuzzer down. */
    if (size <= 256) {
        char rule[257];
        memcpy(rule, data, size);
        rule[size] = '\0';
        z = tz_parse_posix("fuzz", rule);
        if (z) {
            exercise(z, data, size);
            tz_free(z);
        }
    }
    return 0;
}
