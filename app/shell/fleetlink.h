/* fleetlink.h - the board's link to the fleet broker (shell side: libmosquitto, MQTT
 * 3.1.1, on the client's own network thread).
 *
 * Topics under the prefix P (settings `fleet_topic`), every one retained:
 *   P/feed                    a feed (bare, or a signed envelope of kind feed)
 *   P/overrides               the override document for every hall
 *   P/halls/HALL/overrides    the override document of one hall
 *   P/boards/NAME/status      what each board publishes: its /status document with
 *                             "online": true and "published_at" added, at once on
 *                             (re)connect, when it changes, and every
 *                             FLEETLINK_STATUS_EVERY s; the broker publishes the last
 *                             will {"board": NAME, "online": false} there when the board
 *                             vanishes, and the board itself when it stops.
 * The board subscribes (QoS 1) to P/feed, P/overrides and P/halls/HALL/overrides of its
 * hall (P/halls/+/overrides when it shows every hall): the broker hands it the
 * retained messages at once on every connect, so a board that starts late, or comes
 * back after the network or the broker went away, catches up by itself.
 *
 * Wiring it into the board (the render loop owns the link):
 *   1. At start-up, when settings `fleet_broker` is set: fill a fleetlink_config from
 *      the settings (fleet_broker, fleet_topic, board_name, the hall id of `hall` or
 *      NULL, fleet_user, the password read from fleet_password_file with rfile_read,
 *      its trailing newline cut, ca_file) and call fleetlink_start. NULL back: log and
 *      run without the fleet (the reason is on err); the board never stops over it.
 *   2. on_message runs on the link's thread: copy (kind, scope, payload) into a queue
 *      the loop drains (and wake the loop, e.g. SDL_PushEvent), never touch the agenda
 *      there. In the loop: trust_accept(t, kind == FLEETLINK_FEED ? ENVELOPE_FEED :
 *      ENVELOPE_OVERRIDES, scope, payload, len, now, ...) then feed_parse or
 *      override_parse on what it lets through, exactly as for PUT /feed and
 *      PUT /overrides; a refusal is logged (logsafe) and changes nothing. A payload of
 *      length 0 means the retained document was removed: no overrides for that scope
 *      (or, for the feed, keep what is shown).
 *   3. Whenever the /status document is published to the control endpoint, hand the
 *      same JSON to fleetlink_publish_status (it copies; an unchanged document is not
 *      sent again before the periodic one). Put fleetlink_state into /status "fleet".
 *   4. At exit: fleetlink_stop (publishes the board offline, disconnects, frees).
 */
#ifndef HB_FLEETLINK_H
#define HB_FLEETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "envelope.h"
#include "override.h"

#define FLEETLINK_STATUS_EVERY 60     /* s between status publications when unchanged */
#define FLEETLINK_KEEPALIVE 30        /* s: MQTT keepalive */
#define FLEETLINK_RECONNECT_MIN 1     /* s: first reconnect delay, doubled up to ... */
#define FLEETLINK_RECONNECT_MAX 60    /* s: ... this */
#define FLEETLINK_DEFAULT_PORT 1883   /* mqtt:// without a port */
#define FLEETLINK_DEFAULT_TLS_PORT 8883 /* mqtts:// without a port */
#define FLEETLINK_MAX_FEED ENVELOPE_MAX_BYTES /* bytes of a P/feed message */
#define FLEETLINK_MAX_OVERRIDES (OVERRIDE_MAX_BYTES / 3u * 4u + 8192u) /* an override
                                         * document, signed (base64 and the envelope) */
#define FLEETLINK_MAX_STATUS (256u * 1024u) /* bytes of a status document */
#define FLEETLINK_NAME_MAX 64         /* bytes of a board name or hall id in a topic */
#define FLEETLINK_PREFIX_MAX 200      /* bytes of the topic prefix */
#define FLEETLINK_HOST_MAX 255        /* bytes of the broker's host name */
#define FLEETLINK_TOPIC_MAX (FLEETLINK_PREFIX_MAX + FLEETLINK_NAME_MAX + 32)
#define FLEETLINK_ERR_MAX 200         /* bytes of fleetlink_state's last_error */

typedef enum { FLEETLINK_FEED, FLEETLINK_OVERRIDES } fleetlink_kind;

typedef struct fleetlink fleetlink;

/* What fleetlink_start needs. Strings are copied. */
typedef struct {
    const char *broker;    /* mqtt://HOST[:PORT] or mqtts://HOST[:PORT] */
    const char *prefix;    /* topic prefix, e.g. "hallboard/venue1" */
    const char *name;      /* the board's name; NULL or "": the host name */
    const char *hall;      /* the hall the board shows, NULL or "": every hall */
    const char *user;      /* broker user name, NULL: none */
    const char *password;  /* broker password, NULL: none */
    const char *ca_file;   /* mqtts: trust this CA (PEM); NULL: the system's CA store */
    /* A message on a subscribed topic: kind, scope ("" or the hall id of
     * P/halls/HALL/overrides), the payload (len bytes, NUL-terminated, valid only
     * during the call). Runs on the link's network thread. */
    void (*on_message)(void *ctx, fleetlink_kind kind, const char *scope,
                       const char *payload, size_t len);
    /* The link came up (true) or went down (false), on its network thread; may be NULL.
     * The board publishes /status again, so that "fleet" tells the truth. */
    void (*on_state)(void *ctx, bool connected);
    void *ctx;
    int status_every_s;    /* 0: FLEETLINK_STATUS_EVERY (tests and benchmarks shorten it) */
    int keepalive_s;       /* 0: FLEETLINK_KEEPALIVE */
} fleetlink_config;

/* The link's state for /status. */
typedef struct {
    bool connected;
    unsigned reconnects;              /* connections made after the first one */
    unsigned dropped;                 /* messages dropped (too large, unknown topic) */
    char last_error[FLEETLINK_ERR_MAX]; /* "" when none yet */
} fleetlink_status;

/* A broker URL taken apart. */
typedef struct {
    char host[FLEETLINK_HOST_MAX + 1];
    int port;
    bool tls;
} fleetlink_url;

/* Parses mqtt://HOST[:PORT] or mqtts://HOST[:PORT] (HOST may be [v6]). Returns 0, or
 * -1 with one line in err (errcap bytes). Can't fail otherwise. */
int fleetlink_parse_url(const char *url, fleetlink_url *out, char *err, size_t errcap);

/* True when s can be one level of a topic (a board name, a hall id): 1..
 * FLEETLINK_NAME_MAX bytes, no '/', '+', '#' or control characters. */
bool fleetlink_name_ok(const char *s);

/* True when s can be a topic prefix: 1..FLEETLINK_PREFIX_MAX bytes, no '+', '#',
 * control characters, leading or trailing '/'. */
bool fleetlink_prefix_ok(const char *s);

/* Starts the link: checks cfg, then connects in the background (a broker that is not
 * there yet is retried with backoff; that is no error). Returns the link (the caller
 * stops it with fleetlink_stop), or NULL after one line on err (bad URL, prefix or
 * name; no memory; TLS set-up failed). */
fleetlink *fleetlink_start(const fleetlink_config *cfg, FILE *err);

/* Sets the board's status document (a JSON object; copied). Published retained at once
 * when connected and it differs from the last one sent, and kept to be published on
 * every reconnect and every status_every_s. Returns 0, or -1 when json is not a JSON
 * object of at most FLEETLINK_MAX_STATUS bytes (nothing changes). Any thread. */
int fleetlink_publish_status(fleetlink *f, const char *json);

/* The state now (copied into *out). Any thread. */
void fleetlink_state(fleetlink *f, fleetlink_status *out);

/* The board's name in the fleet (owned by f). */
const char *fleetlink_name(const fleetlink *f);

/* Publishes the board offline (when connected, waiting at most 1 s for the broker),
 * disconnects, stops the thread and frees. NULL is a no-op. */
void fleetlink_stop(fleetlink *f);

#endif
