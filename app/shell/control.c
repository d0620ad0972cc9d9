/* control.c - the board's HTTP control endpoint (control.h): the routes, GET /,
 * GET /status and GET /screen.png, and what the board publishes for them. Connections
 * and their limits are in control_http.c, pushes in control_push.c (control_int.h).
 */
#include "control_int.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "growbuf.h"
#include "pngout.h"

/* ---- GET /status ------------------------------------------------------------------ */

static enum MHD_Result get_status(control_server *s, struct MHD_Connection *c)
{
    pthread_mutex_lock(&s->lock);
    char *copy = s->status ? strdup(s->status) : NULL;
    pthread_mutex_unlock(&s->lock);
    if (!copy)
        return control_answer_error(c, 503, "the board has not published its status yet");
    size_t n = strlen(copy);
    copy[n] = '\n';
    return control_answer(c, 200, "application/json", copy, n + 1, MHD_RESPMEM_MUST_FREE);
}

/* ---- GET /screen.png -------------------------------------------------------------- */

/* Encodes w x h ARGB8888 pixels (NULL: black) as PNG; *png is malloc'd. Returns 0 or
 * -1. Runs on the endpoint's thread, from pixels the render loop copied for it. */
static int encode_png(const unsigned char *pixels, int w, int h, unsigned char **png,
                      size_t *len)
{
    unsigned char *black = pixels ? NULL : calloc((size_t)w * (size_t)h, 4);
    if (!pixels && !black)
        return -1;
    int rc = pngout_write_mem(pixels ? pixels : black, w, h, w * 4, png, len);
    free(black);
    return rc;
}

static double mono_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The last PNG again when it is younger than CONTROL_SCREEN_REUSE s: a client asking
 * in a loop does not keep the render loop drawing. Returns a malloc'd copy, or NULL. */
static unsigned char *recent_png(control_server *s, size_t *len)
{
    unsigned char *copy = NULL;
    pthread_mutex_lock(&s->lock);
    if (s->png && mono_seconds() - s->png_at < CONTROL_SCREEN_REUSE &&
        (copy = malloc(s->png_len)) != NULL) {
        memcpy(copy, s->png, s->png_len);
        *len = s->png_len;
    }
    pthread_mutex_unlock(&s->lock);
    return copy;
}

static void keep_png(control_server *s, const unsigned char *png, size_t len)
{
    unsigned char *copy = malloc(len);
    if (copy)
        memcpy(copy, png, len);
    pthread_mutex_lock(&s->lock);
    free(s->png);
    s->png = copy;
    s->png_len = copy ? len : 0;
    s->png_at = mono_seconds();
    pthread_mutex_unlock(&s->lock);
}

static enum MHD_Result get_screen(control_server *s, struct MHD_Connection *c)
{
    size_t reused_len = 0;
    unsigned char *reused = recent_png(s, &reused_len);
    if (reused)
        return control_answer(c, 200, "image/png", reused, reused_len, MHD_RESPMEM_MUST_FREE);
    pthread_mutex_lock(&s->lock);
    unsigned seq = ++s->shot_seq;
    pthread_mutex_unlock(&s->lock);
    if (!s->cfg.want_screen(s->cfg.ctx, seq))
        return control_answer_error(c, 503, "no display yet");
    struct timespec until; /* monotonic: a clock set at boot does not cut the wait */
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += CONTROL_SCREEN_WAIT;
    pthread_mutex_lock(&s->lock);
    while (s->shot_done != seq)
        if (pthread_cond_timedwait(&s->shot_cond, &s->lock, &until) != 0)
            break;
    bool got = s->shot_done == seq && s->shot_w > 0;
    unsigned char *pixels = got ? s->shot : NULL;
    int w = s->shot_w, h = s->shot_h;
    if (got)
        s->shot = NULL;
    s->shot_seq++; /* an answer to this request that comes later is dropped */
    pthread_mutex_unlock(&s->lock);
    if (!got) {
        free(pixels);
        return control_answer_error(c, 503, "the render loop did not answer in time");
    }
    unsigned char *png = NULL;
    size_t png_len = 0;
    int rc = encode_png(pixels, w, h, &png, &png_len);
    free(pixels);
    if (rc != 0)
        return control_answer_error(c, 500, "cannot encode the screen as PNG");
    keep_png(s, png, png_len);
    return control_answer(c, 200, "image/png", png, png_len, MHD_RESPMEM_MUST_FREE);
}

/* ---- dispatch --------------------------------------------------------------------- */

/* GET /: a page for a browser: the screen and the status, again every 30 s. */
static const char index_page[] =
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"refresh\" content=\"30\">\n<title>Hallboard</title>\n"
    "<style>body{background:#0f1a2a;color:#e8eef6;font-family:sans-serif;margin:2em}"
    "img{max-width:100%;border:1px solid #3a4a60}pre{white-space:pre-wrap;font-size:.85em}"
    "</style></head><body>\n<h1>Hallboard</h1>\n"
    "<p><img src=\"/screen.png\" alt=\"the screen now\"></p>\n"
    "<p>Status as JSON: <a href=\"/status\">/status</a>. This page reloads every 30 s.</p>\n"
    "</body></html>\n";

/* The hall of /halls/HALL/overrides into scope. Returns false for another path. */
static bool hall_path(const char *url, char scope[ENVELOPE_SCOPE_MAX + 1])
{
    static const char pre[] = "/halls/", suf[] = "/overrides";
    size_t n = strlen(url), lp = sizeof(pre) - 1, ls = sizeof(suf) - 1;
    if (n <= lp + ls || strncmp(url, pre, lp) != 0 || strcmp(url + n - ls, suf) != 0)
        return false;
    size_t h = n - lp - ls;
    if (h > ENVELOPE_SCOPE_MAX || memchr(url + lp, '/', h))
        return false;
    memcpy(scope, url + lp, h);
    scope[h] = '\0';
    return true;
}

/* The push route of (url, method) with its scope, or CONTROL_ROUTE_NONE. */
static int push_route(const char *url, bool put, char scope[ENVELOPE_SCOPE_MAX + 1])
{
    scope[0] = '\0';
    if (strcmp(url, "/feed") == 0)
        return put ? CONTROL_ROUTE_FEED : CONTROL_ROUTE_NONE;
    if (strcmp(url, "/overrides") == 0 || hall_path(url, scope))
        return put ? CONTROL_ROUTE_OVERRIDES : CONTROL_ROUTE_NONE;
    return CONTROL_ROUTE_NONE;
}

/* Every request but a push, answered as soon as its headers are in. */
static enum MHD_Result dispatch(control_server *s, struct MHD_Connection *c, const char *url,
                                const char *method, control_request *rq)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    char scope[ENVELOPE_SCOPE_MAX + 1] = "";
    if (strcmp(url, "/status") == 0)
        return get ? get_status(s, c) : control_answer_method(c, "GET, HEAD");
    if (strcmp(url, "/screen.png") == 0) {
        rq->large = true;
        return get ? get_screen(s, c) : control_answer_method(c, "GET, HEAD");
    }
    if (strcmp(url, "/feed") == 0)
        return control_answer_method(c, "PUT");
    if (strcmp(url, "/overrides") == 0 || hall_path(url, scope))
        return get ? control_get_overrides(s, c, scope) : control_answer_method(c, "GET, HEAD, PUT");
    if (strcmp(url, "/") == 0)
        return get ? control_answer(c, 200, "text/html; charset=utf-8", (void *)index_page,
                                    sizeof(index_page) - 1, MHD_RESPMEM_PERSISTENT)
                   : control_answer_method(c, "GET, HEAD");
    return control_answer_error(c, 404, "no such path: GET /, GET /status, GET /screen.png, "
                                "PUT /feed, GET and PUT /overrides, /halls/HALL/overrides");
}

/* The headers of a push: refused at once, or its body awaited. */
static enum MHD_Result push_headers(control_server *s, struct MHD_Connection *c,
                                    control_request *rq)
{
    const char *why = NULL;
    unsigned code = control_push_refusal(s, c, rq->route, &why);
    if (code)
        return control_answer_error(c, code, why);
    rq->max = control_push_max(s, rq->route);
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > rq->max) {
        rq->too_big = true;
        return rq->route == CONTROL_ROUTE_FEED ? control_push_feed(s, c, rq)
                                               : control_push_overrides(s, c, rq);
    }
    return MHD_YES;
}

/* True when the request announces a body. */
static bool has_body(struct MHD_Connection *c)
{
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_CONTENT_LENGTH);
    return (cl && strtoull(cl, NULL, 10) > 0) ||
           MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING);
}

enum MHD_Result control_route(control_server *s, struct MHD_Connection *c, const char *url,
                              const char *method, const char *upload, size_t *upload_len,
                              control_request *rq, bool first)
{
    if (first) {
        rq->route = push_route(url, strcmp(method, "PUT") == 0, rq->scope);
        if (rq->route != CONTROL_ROUTE_NONE)
            return push_headers(s, c, rq);
        /* Anything but a push is answered at the next call, which keeps the connection
         * (libmicrohttpd closes one answered at its first); one that came with a body is
         * answered now, its body not read, and the connection closed. */
        return has_body(c) ? dispatch(s, c, url, method, rq) : MHD_YES;
    }
    if (rq->route == CONTROL_ROUTE_NONE) {
        *upload_len = 0;
        return dispatch(s, c, url, method, rq);
    }
    if (*upload_len) {
        if (rq->too_big || *upload_len > rq->max || rq->body.len > rq->max - *upload_len) {
            rq->too_big = true; /* over the limit: kept no longer */
            growbuf_free(&rq->body);
        } else if (!growbuf_append(&rq->body, upload, *upload_len, rq->max)) {
            return MHD_NO; /* out of memory */
        } else {
            rq->large = true;
        }
        *upload_len = 0;
        return MHD_YES;
    }
    return rq->route == CONTROL_ROUTE_FEED ? control_push_feed(s, c, rq)
                                           : control_push_overrides(s, c, rq);
}

/* ---- what the board publishes ---------------------------------------------------- */

void control_publish(control_server *s, char *json)
{
    if (!s || !json) {
        free(json);
        return;
    }
    pthread_mutex_lock(&s->lock);
    free(s->status);
    s->status = json;
    pthread_mutex_unlock(&s->lock);
}

void control_screen(control_server *s, unsigned seq, const void *pixels, int w, int h,
                    int pitch)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    bool wanted = seq == s->shot_seq && s->shot_done != seq;
    pthread_mutex_unlock(&s->lock);
    if (!wanted) /* too late: the request gave up */
        return;
    unsigned char *copy = NULL;
    if (pixels && w > 0 && h > 0) {
        copy = malloc((size_t)w * (size_t)h * 4);
        if (copy)
            for (int y = 0; y < h; y++)
                memcpy(copy + (size_t)y * (size_t)w * 4,
                       (const unsigned char *)pixels + (size_t)y * (size_t)pitch,
                       (size_t)w * 4);
        else
            w = 0;
    }
    pthread_mutex_lock(&s->lock);
    if (seq == s->shot_seq && s->shot_done != seq) {
        free(s->shot);
        s->shot = copy;
        s->shot_w = w;
        s->shot_h = h;
        s->shot_done = seq;
        copy = NULL;
        pthread_cond_broadcast(&s->shot_cond);
    }
    pthread_mutex_unlock(&s->lock);
    free(copy);
}

void control_release(control_server *s)
{
    if (!s)
        return;
    pthread_mutex_lock(&s->lock);
    s->shot_w = 0;
    s->shot_done = s->shot_seq;
    pthread_cond_broadcast(&s->shot_cond);
    pthread_mutex_unlock(&s->lock);
}

void control_init_state(control_server *s)
{
    pthread_mutex_init(&s->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->shot_cond, &ca);
    pthread_condattr_destroy(&ca);
}

void control_free_state(control_server *s)
{
    pthread_cond_destroy(&s->shot_cond);
    pthread_mutex_destroy(&s->lock);
    free(s->status);
    free(s->shot);
    free(s->png);
}
