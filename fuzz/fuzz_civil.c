/* fuzz_civil.c - libFuzzer target for the RFC 3339, local date-time and HTTP date parsers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 256)
        return 0;
    char s[257];
    memcpy(s, data, size);
    s[size] = '\0';
    int64_t t, y;
    int32_t off;
    int mo, d, h, mi, sec;
    if (civil_parse_rfc3339(s, &t, &off)) {
        char buf[CIVIL_UTC_LEN];
        civil_format_utc(t, buf);
        int64_t back;
        /* What we print must parse back to the same instant. */
        if (!civil_parse_rfc3339(buf, &back, NULL) || back != t)
            abort();
    }
    (void)civil_parse_local(s, &y, &mo, &d, &h, &mi, &sec);
    if (civil_parse_http_date(s, &t) && (t < INT64_C(-2208988800) || t > INT64_C(253402300799)))
        abort(); /* outside 1900..9999 */
    return 0;
}
