/* support.h - helpers shared by the test executables (real files, real processes). */
#ifndef HB_TEST_SUPPORT_H
#define HB_TEST_SUPPORT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <cjson/cJSON.h>

#include "agenda.h"
#include "cache.h"
#include "feed.h"

/* Reads a whole file; returns a malloc'd NUL-terminated buffer or NULL. */
char *support_read_file(const char *path, size_t *len);

/* Writes len bytes to path; returns 0 or -1. */
int support_write_file(const char *path, const char *data, size_t len);

/* Makes a fresh temporary directory; returns its malloc'd path. */
char *support_tempdir(void);

/* The shared fixtures folder (env HB_SHARED_DIR, else the compiled default), or NULL
 * when it does not exist. */
const char *support_shared_dir(void);

/* Result of running a command. */
typedef struct {
    int status;     /* exit code, or 128+signal */
    char *out;      /* stdout, malloc'd, NUL-terminated */
    char *err;      /* stderr, malloc'd, NUL-terminated */
} support_run_result;

/* Runs argv (argv[0] a path) with no stdin; captures output. */
support_run_result support_run(char *const argv[]);
void support_run_free(support_run_result *r);

/* Path of the built hallboard executable. */
const char *support_hallboard(void);

/* Removes a directory tree (rm -rf). */
void support_remove_tree(const char *dir);

/* Seconds on the monotonic clock. */
double support_now(void);

/* Sleeps s seconds (all of them, even when a signal comes). */
void support_sleep(double s);

/* ---- The feed cache as the test sees it ------------------------------------------ */

/* What cache_load finds in a directory: ok false when nothing loads. */
typedef struct {
    bool ok;
    char *feed;
    size_t len;
    cache_meta meta;
} support_snapshot;

support_snapshot support_cache_snapshot(const char *dir);

/* Both loaded, with the same bytes and every metadata field equal. */
void support_assert_same_cache(const support_snapshot *a, const support_snapshot *b);

void support_snapshot_free(support_snapshot *s);

/* ---- The board as a running process ------------------------------------------ */

/* The board under test: its pid, its stderr (read as it comes), its settings file. */
typedef struct {
    int pid;
    int err;
    char out[32768];
    char *dir;
    char conf[512];
} support_board;

/* Starts the hallboard binary with a settings file holding conf (--config) and the
 * arguments argv (NULL-ended, without the program name), its stderr piped to b.
 * env: "NAME=VALUE" to set, "-NAME" to unset, NULL-ended (may be NULL). */
void support_board_start(support_board *b, const char *conf, const char *const env[],
                         char *const argv[]);

/* Reads the board's stderr into b->out until needle appears (true) or the time is up. */
bool support_board_says(support_board *b, const char *needle, double seconds);

/* Stops the board (SIGTERM, then waits) and removes its settings; prints what it
 * said when show is set. */
void support_board_stop(support_board *b, bool show);

/* ---- A plain HTTP client ------------------------------------------------------- */

typedef struct {
    long status;        /* HTTP status, 0 when no answer */
    char *body;         /* malloc'd, NUL-terminated (also for binary bodies) */
    size_t len;
    char type[128];     /* Content-Type */
} support_reply;

/* Sends method to url (http://127.0.0.1:PORT/...) with an optional Authorization
 * value (auth, NULL = none) and body (len bytes, NULL = none); 10 s at most. */
support_reply support_http(const char *method, const char *url, const char *auth,
                           const char *body, size_t len);
void support_reply_free(support_reply *r);

/* GET /status of the board whose control endpoint is on 127.0.0.1:port, parsed (the
 * caller frees it with cJSON_Delete); NULL when it does not answer 200 with JSON. */
cJSON *support_board_status(int port);

/* ---- systemd's side of the notification protocol ------------------------------ */

/* A datagram socket in a fresh temporary directory, named by $NOTIFY_SOCKET. */
typedef struct {
    int fd;
    char path[100];
    char *dir;
} support_notify;

/* Binds it and sets NOTIFY_SOCKET for the processes started after. */
void support_notify_listen(support_notify *l);

/* Every datagram received so far, "|"-joined, into buf. Returns how many. */
int support_notify_drain(support_notify *l, char *buf, size_t cap);

/* Closes and removes it; unsets NOTIFY_SOCKET. */
void support_notify_close(support_notify *l);

/* How many times needle occurs in hay (not overlapping). */
int support_count(const char *hay, const char *needle);

/* ---- The scripted HTTP(S) server, tests/http_server.py ---------------------- */

typedef struct {
    int pid;    /* the server process, 0 when not running */
    int in_fd;  /* its standard input: closing it stops the server */
    int port;   /* on 127.0.0.1 */
    bool tls;
} support_server;

/* Starts tests/http_server.py on a free port of 127.0.0.1, serving the feed file
 * feed_path on its routes: plain HTTP, or HTTPS when cert and key (PEM files) are
 * given. Waits until it accepts connections. The server exits when its standard input
 * closes, so it never outlives the test process, even after a crash. Returns 0, or -1
 * after a message on stderr. */
int support_server_start(support_server *s, const char *feed_path, const char *cert,
                         const char *key);

/* Stops the server and waits for it. A server not running is a no-op. */
void support_server_stop(support_server *s);

/* Makes a self-signed certificate (cert) and its key (key), PEM, valid two days, for
 * common name cn and subjectAltName san (e.g. "IP:127.0.0.1", "DNS:example.org"),
 * with the openssl tool. Returns 0, or -1 after a message on stderr. */
int support_make_cert(const char *cert, const char *key, const char *cn, const char *san);

/* Writes "http[s]://127.0.0.1:PORT" + path into buf (cap bytes); returns buf. */
char *support_server_url(const support_server *s, const char *path, char *buf, size_t cap);

/* GETs path (a control route: /stats, /reset) from the server and parses the body as
 * JSON. Returns the document (cJSON_Delete it) or NULL after a message on stderr. The
 * server's certificate is not verified: this is the test's own control channel. */
cJSON *support_server_json(const support_server *s, const char *path);

/* The server's statistics (GET /stats; NULL on failure) and clearing them (GET /reset;
 * returns 0 or -1). */
cJSON *support_http_get_stats(const support_server *s);
int support_http_reset_stats(const support_server *s);

/* stats[what][path] of a /stats document (what: "requests" or "not_modified"), 0 when
 * absent. */
int support_stat_count(const cJSON *stats, const char *what, const char *path);

/* The request header `name` of the last request to path in a /stats document, or NULL
 * when the client did not send it. */
const char *support_stat_header(const cJSON *stats, const char *path, const char *name);

/* A TCP port of 127.0.0.1 on which nothing listens (bound, read, closed), or -1. */
int support_closed_port(void);

/* Parses a feed given as a string with the system zone database. Returns the agenda
 * (caller frees) or NULL; the report is filled either way. */
agenda *support_parse(const char *json, feed_report *rep);

/* support_parse() on len bytes of doc with the options o. */
agenda *support_parse_opts(const char *doc, size_t len, const feed_options *o,
                           feed_report *rep);

/* support_parse() with `zone` named as the venue zone in the options (NULL: none). */
agenda *support_parse_in(const char *doc, const char *zone, feed_report *rep);

/* A copy of s with every ' turned into " (inline JSON written readably in C);
 * caller frees. */
char *support_dq(const char *s);

/* support_parse_in() on JSON written with single quotes (see support_dq()). */
agenda *support_parse_sq(const char *json_sq, const char *zone, feed_report *rep);

/* Fails the test, printing the report, unless `a` came back with no error and, when
 * format is not NULL, in that format. */
void support_expect_ok(const agenda *a, const feed_report *rep, const char *format);

/* Fails the test, printing the report, unless it has a problem of severity sev at
 * exactly `path` whose message contains `needle`. */
void support_expect_problem(const feed_report *rep, feed_severity sev, const char *path,
                            const char *needle);

/* support_parse_in(doc, zone) gives no agenda, and an error at exactly `path` whose
 * message contains `needle`. */
void support_expect_refused(const char *doc, const char *zone, const char *path,
                            const char *needle);

/* The session whose id is `id`; fails the test when there is none. */
const agenda_session *support_session(const agenda *a, const char *id);

/* The session starts and ends at these instants (support_instant() forms). */
void support_expect_times(const agenda_session *s, const char *start, const char *end);

/* The translation of t for lang (agenda_tr_get()), or "" when t is absent. */
const char *support_tr(const agenda *a, const agenda_text *t, const char *lang);

/* The real sample fixtures/real/REL of the shared folder: its path into path (cap
 * bytes), which is returned. Skips the test when the sample is absent. */
const char *support_sample_path(const char *rel, char *path, size_t cap);

/* The bytes of the real sample REL (malloc'd, NUL-terminated; caller frees), their
 * count into *len. Skips the test when the sample is absent. */
char *support_read_sample(const char *rel, size_t *len);

/* Runs `hallboard check path` (support_run_free() the result). */
support_run_result support_check(const char *path);

/* The last line of text, without its line end; text is cut after it. */
const char *support_last_line(char *text);

/* `hallboard check path` exits 0 and the last line of its stderr is "PATH: summary";
 * its stderr is printed when not. */
void support_expect_check(const char *path, const char *summary);

/* True if the report has a problem at exactly `path` whose message contains `needle`. */
bool support_has_problem(const feed_report *rep, feed_severity sev, const char *path,
                         const char *needle);

/* Prints the report (for failing tests). */
void support_print_report(const feed_report *rep);

/* http(s)://127.0.0.1:PORT/path of server s, in one of 8 rotating static buffers (a
 * few URLs stay valid at once). */
const char *support_url(const support_server *s, const char *path);

/* The instant of "YYYY-MM-DDTHH:MM:SS+HH:MM" (or Z), computed with the C library (an
 * oracle independent of civil.c). Fails the test on anything else. */
int64_t support_instant(const char *rfc3339);

/* Parses tests/inputs/NAME; fails the test (printing the report) when it is not a
 * valid feed. Caller frees the agenda. */
agenda *support_load_input(const char *name);

/* Strict UTF-8 check (no overlongs, no surrogates, <= U+10FFFF). */
bool support_utf8_valid(const char *str);

/* ---- A real MQTT broker (/usr/sbin/mosquitto) ---------------------------------- */

#define SUPPORT_MOSQUITTO "/usr/sbin/mosquitto"

/* The broker under test: its process, its port on 127.0.0.1, its directory (the
 * config file mosquitto.conf and its log, broker.log). */
typedef struct {
    int pid;   /* 0 when not running */
    int port;
    char *dir;
} support_broker;

/* True when the mosquitto broker is installed (tests skip with 77 when not). */
bool support_have_broker(void);

/* Starts mosquitto -c DIR/mosquitto.conf listening on 127.0.0.1:port (0: a free port,
 * chosen here; b->port tells which), anonymous clients allowed unless extra_conf
 * (lines appended to the config, may be NULL) says otherwise; no persistence. Waits
 * until it accepts connections. b->dir is kept over a restart (pass the same b with
 * its port). Returns 0, or -1 after a message on stderr. */
int support_broker_start(support_broker *b, int port, const char *extra_conf);

/* Kills the broker at once (SIGKILL: retained messages are lost, no persistence). */
void support_broker_kill(support_broker *b);

/* Stops the broker (SIGTERM, waits) and removes its directory. */
void support_broker_stop(support_broker *b);

/* The retained message on topic (subscribing as a fresh client, waiting up to
 * seconds): malloc'd, NUL-terminated (caller frees), or NULL when none came. */
char *support_broker_retained(const support_broker *b, const char *topic, double seconds);

/* Publishes payload on topic (QoS 1, retained when retain), waiting for the broker's
 * acknowledgement. Returns 0 or -1. */
int support_broker_publish(const support_broker *b, const char *topic, const char *payload,
                           bool retain);

#endif
