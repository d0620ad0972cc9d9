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
 *                    control token ("Authorization: Bearer TOKEN"): checked like
 *                    `hallboard check`; a valid one is stored in the cache and shown
 *                    (200), a broken one refused with its problems (422) while the
 *                    board keeps what it shows
 *
 * Every answer is JSON but the page and the PNG, with "error" on failure. Limits: at most
 * CONTROL_MAX_CONNECTIONS connections, each dropped after CONTROL_TIMEOUT s idle; a
 * body above the feed size limit gets 413 without being kept; anything else 404/405.
 */
#ifndef HB_CONTROL_H
#define HB_CONTROL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "agenda.h"
#include "feed.h"

#define CONTROL_MAX_CONNECTIONS 8
#define CONTROL_TIMEOUT 10        /* s a connection may stay idle */
#define CONTROL_SCREEN_WAIT 5     /* s GET /screen.png waits for the render loop */
#define CONTROL_SCREEN_REUSE 2    /* s the last screen is sent again instead of redrawn */
#define CONTROL_TOKEN_MAX 256     /* bytes of the token */
#define CONTROL_PUSH_URL "push:"  /* the cache's "url" for a pushed feed */

typedef struct control_server control_server;

/* What the endpoint needs from the board. Callbacks run on the endpoint's thread. */
typedef struct {
    int port;                /* TCP port, on every address */
    const char *token;       /* PUT /feed needs it; NULL or "": pushing is off */
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
} control_config;

/* Starts answering on cfg->port. cfg and its strings are copied. Returns NULL after
 * writing why to err (port taken, no memory). */
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
