/* ovpoll.h - polls an overrides URL (settings `overrides_url`) on a thread of its own
 * (shell side: libcurl through fetch_get).
 *
 * Every interval seconds it GETs the URL; a body that differs from the last one handed
 * over is handed to deliver (on the poller's thread), which checks and parses it (a
 * signed document is refused as a replay when sent twice, so the same bytes are not
 * sent again). A failure is handed to fail once per distinct reason.
 */
#ifndef HB_OVPOLL_H
#define HB_OVPOLL_H

#include <stddef.h>

#include "fetch.h"

typedef struct ovpoll ovpoll;

/* Starts polling cfg->url (cfg copied, its strings too) every interval_s seconds.
 * deliver gets the body (borrowed, NUL-terminated); fail gets one line. Returns NULL
 * on out of memory or when the thread cannot start. */
ovpoll *ovpoll_start(const fetch_config *cfg, int interval_s,
                     void (*deliver)(void *ctx, const char *body, size_t len),
                     void (*fail)(void *ctx, const char *why), void *ctx);

/* Stops the thread (an ongoing transfer ends within its time limits) and frees. NULL
 * is a no-op. */
void ovpoll_stop(ovpoll *p);

#endif
