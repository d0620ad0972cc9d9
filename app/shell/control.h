/* control.h - the board's HTTP control endpoint (shell side: libmicrohttpd, which
 * answers on a thread of its own).
 *
 *   GET /            a page for a browser: the screen and a link to the status,
 *                    reloaded every 30 s
 *   GET /status      the board's health and what it shows, one JSON object
 *                    (docs/operators.md): published by the render loop at every
 *                    deadline; 503 until the first one
 *   GET /screen.png  the frame on the screen now: drawn again by the render loop,
 *                    read back and encoded here (the same PNG again for requests
 *                    within CONTROL_SCREEN_REUSE s); 503 while there is no display
 *   PUT /feed        a new feed, for a board that polls no feed URL and has a
 *                    control token or a trusted key (below): checked like
 *                    `hallboard check`; a valid one is stored in the cache and shown
 *                    (200), a broken one refused with its problems (422) while the
 *                    board keeps what it shows
 *
 *   PUT /overrides   an override document for the whole board (docs/overrides.md), and
 *   PUT /halls/HALL/overrides  one for hall HALL: checked with override_parse; a valid
 *                    one is handed to the board (200), a broken one refused with its
 *                    problems (422)
 *   GET /overrides, GET /halls/HALL/overrides  the document in force, as it was sent,
 *                    or {"hallboard_overrides":1} when there is none
 *
 * Pushes: every body passes trust_accept (trust.h) first (refused: 403 with the reason),
 * then is parsed. With a trusted key the signature is the authorization and the token
 * is not asked for; without one "Authorization: Bearer TOKEN" is (401), the token from
 * control_token or the owner-only file control_token_file, compared in constant time.
 *
 * Every answer is JSON but the page and the PNG, with "error" on failure. Connections
 * are kept alive. Malformed framing (two Content-Length headers, Content-Length with
 * Transfer-Encoding, a Content-Length that is not a number) gets 400 and the connection
 * is closed. Limits, so that slow or many clients cannot keep others out:
 *   - at most CONTROL_MAX_CONNECTIONS connections in all (the descriptor limit is
 *     raised to allow them), CONTROL_PER_ADDRESS from one address (the next ones are
 *     closed at once);
 *   - a connection idle for CONTROL_TIMEOUT s is closed;
 *   - a request must be answered within CONTROL_REQUEST_LIMIT s of its start (after the
 *     connection opened or the previous answer was sent), however it trickles: then
 *     the connection is closed;
 *   - a body above the document's limit gets 413 without being kept; anything else
 *     404/405.
 * By default the endpoint listens on loopback only (127.0.0.1 and ::1): control_bind
 * opens it to the network.
 */
#ifndef HB_CONTROL_H
#define HB_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "agenda.h"
#include "feed.h"
#include "override.h"
#include "trust.h"

#define CONTROL_MAX_CONNECTIONS 1000 /* connections at once, per listening address */
#define CONTROL_PER_ADDRESS 16    /* connections at once from one client address */
#define CONTROL_TIMEOUT 10        /* s a connection may stay idle */
#define CONTROL_REQUEST_LIMIT 15  /* s from a request's start to its answer */
#define CONTROL_FD_SPARE 64       /* descriptors kept for the rest of the board */
#define CONTROL_SCREEN_WAIT 5     /* s GET /screen.png waits for the render loop */
#define CONTROL_SCREEN_REUSE 2    /* s the last screen is sent again instead of redrawn */
#define CONTROL_TOKEN_MAX 256     /* bytes of the token */
#define CONTROL_PUSH_URL "push:"  /* the cache's "url" for a pushed feed */

typedef struct control_server control_server;

/* What the endpoint needs from the board. Callbacks run on the endpoint's thread. */
typedef struct {
    int port;                /* TCP port */
    const char *token;       /* pushes need it (without a trusted key); NULL or "": none */
    const char *feed_url;    /* the board polls this: PUT /feed is refused (409) */
    const char *cache_dir;   /* where a pushed feed is stored, or NULL (not kept) */
    feed_options feed_opts;  /* for checking a pushed feed */
    /* Asks the render loop for the screen: it answers with control_screen, giving
     * seq back. Returns false when it cannot be asked (no display yet). */
    bool (*want_screen)(void *ctx, unsigned seq);
    /* Hands a checked, pushed agenda to the render loop (which then owns it).
     * Returns false when it cannot take it (the caller frees it). */
    bool (*take_agenda)(void *ctx, agenda *a);
    void *ctx;
    /* Listening address: NULL or "" = loopback (127.0.0.1, and ::1 when the host has
     * it), "*" = every address, else an IPv4 or IPv6 literal. */
    const char *bind;
    /* The token in a file of its own (absolute path, a regular file with no group or
     * other permission bits; one trailing newline ignored), or NULL. Wins over token. */
    const char *token_file;
    trust_ctx *trust;        /* checks every push (borrowed, may be NULL: no key) */
    /* Hands a checked override document for scope ("" = the whole board, else a hall
     * id) to the board with its raw bytes (malloc'd, len bytes, NUL-terminated). On true
     * the board owns doc and raw; on false the caller frees them (503). NULL: PUT
     * /overrides is not offered. */
    bool (*take_overrides)(void *ctx, const char *scope, override_doc *doc, char *raw,
                           size_t len);
    /* The raw document in force for scope as a malloc'd copy (the caller frees it) and
     * *len, or NULL when there is none. NULL: GET answers as if none. */
    char *(*get_overrides)(void *ctx, const char *scope, size_t *len);
    int request_limit_s;     /* s; 0 = CONTROL_REQUEST_LIMIT (tests shorten it) */
    /* Told of every push refused by trust_accept (what: "feed" or "overrides", why: the
     * reason, as the 403 says it), for the board's log and /status. May be NULL. */
    void (*refused)(void *ctx, const char *what, const char *why);
} control_config;

/* Starts answering on cfg->port at cfg->bind. cfg and its strings are copied (trust is
 * borrowed: it must outlive the server). Returns NULL after writing why to err (port
 * taken, a bind that is not an address, no memory). A token file that cannot be used
 * is said to err and the endpoint starts without a token. */
control_server *control_start(const control_config *cfg, FILE *err);

/* Publishes the /status document (a JSON object). Takes ownership of json (malloc'd);
 * NULL is ignored. Any thread. */
void control_publish(control_server *s, char *json);

/* The render loop's answer to want_screen(seq): w x h pixels, ARGB8888, rows of pitch
 * bytes (copied), or pixels NULL for a black screen of w x h (outside the display
 * schedule) or w == 0 when it could not be read. An answer that comes after the
 * request gave up (CONTROL_SCREEN_WAIT) is dropped. */
void control_screen(control_server *s, unsigned seq, const void *pixels, int w, int h,
                    int pitch);

/* Lets a request waiting for the screen give up at once (503): before the render loop
 * stops answering. NULL is a no-op. */
void control_release(control_server *s);

/* Stops answering (waits for a request in progress) and frees. NULL is a no-op. */
void control_stop(control_server *s);

/* The port actually listened on (cfg->port, or the one picked for 0). */
int control_port(const control_server *s);

#endif
