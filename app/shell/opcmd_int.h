/* opcmd_int.h - shared by the operator commands' files only (opcmd.h): the options,
 * the document editing (opcmd_doc.c), the transports (opcmd_net.c) and the fleet
 * listing (opcmd_fleet.c). */
#ifndef HB_OPCMD_INT_H
#define HB_OPCMD_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#define OPCMD_WAIT_RETAINED 1.0  /* s a command waits for a retained document */
#define OPCMD_QUIET 0.3          /* s without a new message that ends the wait early */
#define OPCMD_CONNECT_TIMEOUT 5  /* s to reach a broker or board */
#define OPCMD_ACK_TIMEOUT 10     /* s to wait for the broker's PUBACK or the board's answer */
#define OPCMD_ANNOUNCE_HOURS 2   /* an announcement without --until lasts this long */
#define OPCMD_TOKEN_MAX 4096     /* bytes of a token file */
#define OPCMD_PASSWORD_MAX 4096  /* bytes of a password file */

/* The command line of one operator command. Strings borrow argv. */
typedef struct {
    const char *cmd;         /* announce, override, clear, push, fleet */
    const char *arg;         /* announce TEXT, push FEED */
    const char *level, *hall, *until, *session, *note;
    long delay;              /* -1: not given */
    bool cancel, full, announcement, all;
    const char *broker, *topic, *user, *password_file, *ca_file;
    const char *board, *token_file, *key;
} opcmd_opts;

/* ---- opcmd_net.c: where documents are read and sent ----------------------------- */

typedef struct opnet opnet;

/* Opens the transport o asks for (a broker connection, or a board's endpoint). Returns
 * NULL after a line on err (*rc: CLI_EXIT_USAGE or CLI_EXIT_NETWORK). */
opnet *opnet_open(const opcmd_opts *o, int *rc, FILE *err);

/* Reads the document at `what` ("overrides", "halls/HALL/overrides"): the retained
 * message of PREFIX/what, or GET /what. Returns 0 with *body (malloc'd, caller frees)
 * and *len, 0 with *body NULL when there is none, or CLI_EXIT_NETWORK after a line on
 * err. */
int opnet_get(opnet *n, const char *what, char **body, size_t *len, FILE *err);

/* Sends len bytes to `what` ("feed", "overrides", ...): retained QoS 1 to PREFIX/what
 * waiting for the PUBACK, or PUT /what. Returns 0, or a CLI_EXIT_* code after a line
 * on err. */
int opnet_put(opnet *n, const char *what, const char *body, size_t len, FILE *err);

/* Broker only: subscribes to PREFIX/filter and hands each message (topic, payload of
 * len bytes) to cb until OPCMD_QUIET s pass without one after the broker acknowledged
 * the subscription, or OPCMD_WAIT_RETAINED s: the retained messages. Returns 0 or
 * CLI_EXIT_NETWORK after a line on err. */
int opnet_collect(opnet *n, const char *filter,
                  void (*cb)(void *ctx, const char *topic, const char *payload, size_t len),
                  void *ctx, FILE *err);

/* "mqtt://host:1883 topic PREFIX/what" or "http://host:8080/what" into buf. */
const char *opnet_where(const opnet *n, const char *what, char *buf, size_t cap);

/* Disconnects and frees. NULL is a no-op. */
void opnet_close(opnet *n);

/* Reads a secret (token or password) file: its first line, without the line end.
 * Returns a malloc'd string or NULL after a line on err. */
char *opnet_read_secret(const char *path, size_t cap, FILE *err);

/* ---- opcmd_doc.c: the override document ---------------------------------------- */

/* Takes the current document (bytes NULL: none yet: an empty one); a signed envelope
 * is unwrapped (not verified) and its sequence put in *prev_seq (0 when unsigned).
 * Returns the document (cJSON_Delete it) or NULL after a line on err. */
cJSON *opdoc_load(const char *bytes, size_t len, uint64_t *prev_seq, FILE *err);

/* Drops the entries whose until is at or before now. */
void opdoc_prune(cJSON *doc, int64_t now);

/* Applies o (announce, override or clear) to doc. until is the instant of --until
 * (INT64_MIN: not given). Returns 0, or CLI_EXIT_USAGE after a line on err. */
int opdoc_edit(cJSON *doc, const opcmd_opts *o, int64_t until, FILE *err);

/* The latest until of doc's entries: INT64_MAX when a session entry has none,
 * INT64_MIN for an empty document. */
int64_t opdoc_last_until(const cJSON *doc);

/* Checks text as the board will (override_parse). Returns 0, or CLI_EXIT_INVALID after
 * the problems on err. */
int opdoc_validate(const char *text, size_t len, FILE *err);

/* Parses TIME (RFC 3339, or HH:MM today in the local zone) into *t. Returns 0, or
 * CLI_EXIT_USAGE after a line on err. */
int opdoc_parse_time(const char *s, int64_t now, int64_t *t, FILE *err);

/* ---- opcmd_fleet.c ----------------------------------------------------------- */

/* `hallboard fleet`: the boards' retained statuses, one line each. */
int opfleet_main(const opcmd_opts *o, FILE *out, FILE *err);

#endif
