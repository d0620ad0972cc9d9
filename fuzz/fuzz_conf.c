/* fuzz_conf.c - libFuzzer target for the settings file parser (conf.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static conf_values c;
    char err[2048];
    memset(err, 'x', sizeof(err));
    int n = conf_parse((const char *)data, size, "fuzz.conf", &c, err, sizeof(err));
    if (n < 0 || memchr(err, '\0', sizeof(err)) == NULL)
        abort();
    if (n > 0 && err[0] == '\0' && strlen("fuzz.conf:1: x\n") < sizeof(err))
        abort(); /* at least the first error fits: it must be written */
    if (n == 0) {
        /* A file without errors yields values inside the documented ranges. */
        if (c.poll_interval < CONF_POLL_MIN || c.poll_interval > CONF_POLL_MAX ||
            c.stale_after < CONF_STALE_MIN || c.stale_after > CONF_STALE_MAX ||
            c.n_zones > CONF_MAX_ZONES || (c.rotate % 90) != 0 || c.rotate < 0 ||
            c.rotate > 270 || c.width < 0 || c.width > CONF_MAX_SIDE ||
            (c.display_on < 0) != (c.display_off < 0) || c.display_on >= 24 * 60 ||
            c.display_off >= 24 * 60 || c.cache_dir[0] != '/' || err[0] != '\0')
            abort();
    }
    return 0;
}
