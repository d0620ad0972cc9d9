/* control_int.h - what the parts of the control endpoint share (not for the rest of
 * the board): the server, one request, and the answers.
 *
 *   control_http.c   listening, connections and their limits, framing, the thread
 *   control.c        GET /, /status, /screen.png and the routes
 *   control_push.c   the token, PUT /feed, PUT and GET of override documents
 */
#ifndef HB_CONTROL_INT_H
#define HB_CONTROL_INT_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "control.h"
#include "growbuf.h"

#define CONTROL_MAX_DAEMONS 2 /* loopback: one for 127.0.0.1, one for ::1 */

typedef struct control_conn control_conn;

struct control_server {
    struct MHD_Daemon *d[CONTROL_MAX_DAEMONS];
    size_t n_d;
    pthread_t thread;        /* runs every daemon and the request limit */
    bool thread_up;
    int wake[2];             /* a byte here stops the thread */
    int epfd;                /* the thread's own epoll: the daemons' and wake[0] */
    control_conn *conns;     /* open connections (the thread's alone) */
    double request_limit;    /* s */
    control_config cfg;
    char token[CONTROL_TOKEN_MAX];
    char *feed_url, *cache_dir;
    int port;
    pthread_mutex_t lock;
    pthread_cond_t shot_cond;
    char *status;            /* the last /status document */
    /* GET /screen.png: one request at a time (the endpoint has one thread). */
    unsigned shot_seq;       /* the request being answered */
    unsigned shot_done;      /* the last request answered */
    unsigned char *shot;     /* its pixels (ARGB8888, w * 4 per row), NULL = black */
    int shot_w, shot_h;
    unsigned char *png;      /* the last screen sent, and when (monotonic s) */
    size_t png_len;
    double png_at;
};

/* One request, across the calls libmicrohttpd makes for it. */
typedef struct {
    growbuf body;      /* a push's bytes */
    size_t max;        /* the body's limit */
    bool too_big;
    bool large;        /* a screen or a feed passed through: give the memory back after */
    int route;         /* CONTROL_ROUTE_*: what the body is for */
    char scope[ENVELOPE_SCOPE_MAX + 1]; /* overrides: "" or the hall */
} control_request;

enum { CONTROL_ROUTE_NONE, CONTROL_ROUTE_FEED, CONTROL_ROUTE_OVERRIDES };

/* Answers (control_http.c). Each queues one response; data is freed per mode. */
enum MHD_Result control_answer(struct MHD_Connection *c, unsigned code, const char *type,
                               void *data, size_t len, enum MHD_ResponseMemoryMode mode);
/* Answers with the JSON object o (consumed). */
enum MHD_Result control_answer_json(struct MHD_Connection *c, unsigned code, cJSON *o);
/* {"error": why}. */
enum MHD_Result control_answer_error(struct MHD_Connection *c, unsigned code,
                                     const char *why);
/* {"error": why} and the connection closed after it (framing it cannot trust). */
enum MHD_Result control_answer_close(struct MHD_Connection *c, unsigned code,
                                     const char *why);
/* 405, with the methods the path takes. */
enum MHD_Result control_answer_method(struct MHD_Connection *c, const char *allow);

/* The routes' state, made and freed with the server (control.c). */
void control_init_state(control_server *s);
void control_free_state(control_server *s);

/* The access handler's work once framing is checked (control.c): rq is the request's
 * state, made on the first call. */
enum MHD_Result control_route(control_server *s, struct MHD_Connection *c, const char *url,
                              const char *method, const char *upload, size_t *upload_len,
                              control_request *rq, bool first);

/* Pushes (control_push.c). */
/* Sets s->token from token_file (when given) or token; a file that cannot be used is
 * said to err and leaves no token. */
void control_token_load(control_server *s, const char *token, const char *token_file,
                        FILE *err);
/* The status code refusing a push before its body is read (with *why), or 0. */
unsigned control_push_refusal(control_server *s, struct MHD_Connection *c, int route,
                              const char **why);
/* The limit of a push body for route (a signed envelope of the largest document). */
size_t control_push_max(const control_server *s, int route);
/* Answers a push whose body is in rq. */
enum MHD_Result control_push_feed(control_server *s, struct MHD_Connection *c,
                                  control_request *rq);
enum MHD_Result control_push_overrides(control_server *s, struct MHD_Connection *c,
                                       control_request *rq);
/* GET of the override document for scope. */
enum MHD_Result control_get_overrides(control_server *s, struct MHD_Connection *c,
                                      const char *scope);

#endif
