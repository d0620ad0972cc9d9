/* fleet.h - `hallboard status BOARD...`: every board's control endpoint asked for its
 * /status, one line per board (shell side: libcurl).
 *
 * BOARD is HOST, HOST:PORT (port FLEET_DEFAULT_PORT when absent) or an http(s):// URL
 * of the endpoint. A line: the board, then "ok" with its screen (WxH, on / off by the
 * schedule / waiting for a display), what it shows now (the first session, or "no
 * session now"), its footer line and its uptime; or "unreachable: why".
 */
#ifndef HB_FLEET_H
#define HB_FLEET_H

#include <stddef.h>
#include <stdio.h>

#define FLEET_DEFAULT_PORT 8080
#define FLEET_MAX_BOARDS 64
#define FLEET_CONNECT_TIMEOUT 3  /* s */
#define FLEET_TIMEOUT 5          /* s per board */
#define FLEET_MAX_BODY (1u << 20) /* bytes of one /status */

/* Asks each of the n boards (borrowed strings) in turn and writes a line for each to
 * out. Returns 0 when every board answered, 2 when one did not, 64 on bad arguments
 * (written to err). */
int fleet_status(const char *const boards[], size_t n, FILE *out, FILE *err);

#endif
