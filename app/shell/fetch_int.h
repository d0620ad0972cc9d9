/* fetch_int.h - shared by fetch.c (one fetch cycle) and fetch_worker.c (the polling
 * thread) only. */
#ifndef HB_FETCH_INT_H
#define HB_FETCH_INT_H

#include <stdatomic.h>
#include <stdbool.h>

#include "fetch.h"

/* fetch_cycle() that gives up as soon as *stop turns true (stop may be NULL). */
fetch_outcome fetch_cycle_until(const fetch_config *cfg, const feed_options *fo,
                                fetch_result *res, const atomic_bool *stop);

/* libcurl initialised once for the process; false when it cannot be. */
bool fetch_curl_ready(void);

#endif
