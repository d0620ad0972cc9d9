/* control.c - the board's HTTP control endpoint (control.h).
 *
 * Text from outside in an answer meant for people (a pushed feed's problems) is
 * escaped with logsafe(): a client printing it cannot be made to clear its terminal.
 * The one "now" taken here (when a pushed feed arrived) follows the board's clock
 * rules (clock.h), clamped like the screen's.
 */
#include "control.h"

#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>
#include <SDL_image.h>
#include <cjson/cJSON.h>
#include <microhttpd.h>

#include "cache.h"
#include "clock.h"
#include "growbuf.h"
#include "logsafe.h"

struct control_server {
    struct MHD_Daemon *d;
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
    growbuf body;  /* a push's bytes */
    bool too_big;
    bool large;  /* a screen or a feed passed through: give the memory back after */
} request;

/* ---- answers ---------------------------------------------------------------------- */

static enum MHD_Result answer_allow(struct MHD_Connection *c, unsigned code, const char *type,
                                    void *data, size_t len, enum MHD_ResponseMemoryMode mode,
                                    const char *allow)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(len, data, mode);
    if (!r) {
        if (mode == MHD_RESPMEM_MUST_FREE)
            free(data);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    if (allow) /* 405: what the path takes */
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, allow);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result rc = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return rc;
}

static enum MHD_Result answer(struct MHD_Connection *c, unsigned code, const char *type,
                              void *data, size_t len, enum MHD_ResponseMemoryMode mode)
{
    return answer_allow(c, code, type, data, len, mode, NULL);
}

/* Answers with the JSON object o (consumed). */
static enum MHD_Result answer_json(struct MHD_Connection *c, unsigned code, cJSON *o)
{
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return MHD_NO;
    size_t n = strlen(text);
    text[n] = '\n'; /* the NUL becomes the final newline */
    return answer(c, code, "application/json", text, n + 1, MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result answer_error(struct MHD_Connection *c, unsigned code, const char *why)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", why);
    return answer_json(c, code, o);
}

/* 405, with the methods the path takes. */
static enum MHD_Result answer_method(struct MHD_Connection *c, const char *allow)
{
    char why[64];
    snprintf(why, sizeof(why), "this path takes %s", allow);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", why);
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!text)
        return MHD_NO;
    return answer_allow(c, 405, "application/json", text, strlen(text), MHD_RESPMEM_MUST_FREE,
                        allow);
}

/* ---- GET /status ------------------------------------------------------------------ */

static enum MHD_Result get_status(control_server *s, struct MHD_Connection *c)
{
    pthread_mutex_lock(&s->lock);
    char *copy = s->status ? strdup(s->status) : NULL;
    pthread_mutex_unlock(&s->lock);
    if (!copy)
        return answer_error(c, 503, "the board has not published its status yet");
    size_t n = strlen(copy);
    copy[n] = '\n';
    return answer(c, 200, "application/json", copy, n + 1, MHD_RESPMEM_MUST_FREE);
}

/* ---- GET /screen.png -------------------------------------------------------------- */

/* An SDL_RWops writing into a growbuf. */
typedef struct {
    growbuf b;
    bool failed;
} membuf;

static size_t SDLCALL mem_write(SDL_RWops *rw, const void *p, size_t size, size_t n)
{
    membuf *m = rw->hidden.unknown.data1;
    if (m->failed || (size && SIZE_MAX / size < n) ||
        !growbuf_append(&m->b, p, size * n, SIZE_MAX - 1)) {
        m->failed = true;
        return 0;
    }
    return n;
}

static Sint64 SDLCALL mem_size(SDL_RWops *rw)
{
    return (Sint64)((membuf *)rw->hidden.unknown.data1)->b.len;
}

static Sint64 SDLCALL mem_seek(SDL_RWops *rw, Sint64 off, int whence)
{
    membuf *m = rw->hidden.unknown.data1;
    /* The PNG writer only asks where it is. */
    return off == 0 && whence != RW_SEEK_SET ? (Sint64)m->b.len : -1;
}

static int SDLCALL mem_close(SDL_RWops *rw)
{
    SDL_FreeRW(rw);
    return 0;
}

/* Encodes w x h ARGB8888 pixels (NULL: black) as PNG into m. Returns 0 or -1. */
static int encode_png(const unsigned char *pixels, int w, int h, membuf *m)
{
    SDL_Surface *surf = pixels ? SDL_CreateRGBSurfaceWithFormatFrom((void *)pixels, w, h, 32,
                                                                     w * 4,
                                                                     SDL_PIXELFORMAT_ARGB8888)
                               : SDL_CreateRGBSurfaceWithFormat(0, w, h, 32,
                                                                SDL_PIXELFORMAT_ARGB8888);
    SDL_RWops *rw = surf ? SDL_AllocRW() : NULL;
    int rc = -1;
    if (rw) {
        if (!pixels)
            SDL_FillRect(surf, NULL, SDL_MapRGB(surf->format, 0, 0, 0));
        rw->type = SDL_RWOPS_UNKNOWN;
        rw->size = mem_size;
        rw->seek = mem_seek;
        rw->read = NULL;
        rw->write = mem_write;
        rw->close = mem_close;
        rw->hidden.unknown.data1 = m;
        rc = IMG_SavePNG_RW(surf, rw, 1) == 0 && !m->failed ? 0 : -1;
    }
    SDL_FreeSurface(surf);
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
        return answer(c, 200, "image/png", reused, reused_len, MHD_RESPMEM_MUST_FREE);
    pthread_mutex_lock(&s->lock);
    unsigned seq = ++s->shot_seq;
    pthread_mutex_unlock(&s->lock);
    if (!s->cfg.want_screen(s->cfg.ctx, seq))
        return answer_error(c, 503, "no display yet");
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
        return answer_error(c, 503, "the render loop did not answer in time");
    }
    membuf m = {{NULL, 0, 0}, false};
    int rc = encode_png(pixels, w, h, &m);
    free(pixels);
    if (rc != 0) {
        growbuf_free(&m.b);
        return answer_error(c, 500, "cannot encode the screen as PNG");
    }
    keep_png(s, (unsigned char *)m.b.data, m.b.len);
    return answer(c, 200, "image/png", m.b.data, m.b.len, MHD_RESPMEM_MUST_FREE);
}

/* ---- PUT /feed -------------------------------------------------------------------- */

/* Compares in a time that does not depend on where the strings differ. */
static bool same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb;
    for (size_t i = 0; i < lb; i++)
        diff |= (unsigned char)(a[i % (la ? la : 1)] ^ b[i]);
    return diff == 0;
}

/* The status code refusing a push before its body is read, or 0 to take it. */
static unsigned push_refusal(control_server *s, struct MHD_Connection *c, const char **why)
{
    if (s->feed_url) {
        *why = "this board polls its feed URL: publish the feed there";
        return 409;
    }
    if (!s->token[0]) {
        *why = "pushing is off: set control_token in the board's settings";
        return 403;
    }
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_AUTHORIZATION);
    if (!auth || strncmp(auth, "Bearer ", 7) != 0 || !same_secret(auth + 7, s->token)) {
        *why = "wrong or missing token (Authorization: Bearer TOKEN)";
        return 401;
    }
    return 0;
}

/* Adds "PATH: message" lines of rep of one severity as an array called key. */
static void add_problems(cJSON *o, const char *key, const feed_report *rep, feed_severity sev)
{
    cJSON *arr = cJSON_AddArrayToObject(o, key);
    for (size_t i = 0; i < rep->n; i++) {
        const feed_problem *p = &rep->items[i];
        if (p->severity != sev)
            continue;
        char line[FEED_PATH_MAX + FEED_MSG_MAX + 8], shown[4 * sizeof(line)];
        snprintf(line, sizeof(line), "%s: %s", p->path[0] ? p->path : "(feed)", p->msg);
        cJSON_AddItemToArray(arr, cJSON_CreateString(logsafe(line, shown, sizeof(shown))));
    }
}

static enum MHD_Result put_feed(control_server *s, struct MHD_Connection *c, request *rq)
{
    if (rq->too_big) {
        char why[96];
        snprintf(why, sizeof(why), "the feed is larger than %zu bytes",
                 s->cfg.feed_opts.limits.max_feed_bytes);
        return answer_error(c, 413, why);
    }
    feed_report *rep = malloc(sizeof(*rep));
    if (!rep)
        return answer_error(c, 500, "out of memory");
    const char *bytes = rq->body.data ? rq->body.data : "";
    agenda *a = feed_parse(bytes, rq->body.len, &s->cfg.feed_opts, rep);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "accepted", a != NULL);
    unsigned code = 200;
    if (!a) {
        cJSON_AddStringToObject(o, "error", "the feed is not valid: the board keeps what it shows");
        add_problems(o, "problems", rep, FEED_ERROR);
        code = 422;
    } else {
        cJSON_AddStringToObject(o, "format", a->format);
        if (a->revision)
            cJSON_AddStringToObject(o, "revision", a->revision);
        else
            cJSON_AddNullToObject(o, "revision");
        cJSON_AddNumberToObject(o, "sessions", (double)a->n_sessions);
        cJSON_AddNumberToObject(o, "halls", (double)a->n_halls);
        char revision[CACHE_FIELD_MAX];
        snprintf(revision, sizeof(revision), "%.*s", CACHE_FIELD_MAX - 1,
                 a->revision ? a->revision : "");
        /* Shown first (the board owns it from here), then kept for the next start. */
        if (!s->cfg.take_agenda(s->cfg.ctx, a)) {
            agenda_free(a);
            cJSON_ReplaceItemInObject(o, "accepted", cJSON_CreateBool(false));
            cJSON_AddStringToObject(o, "error", "the board is not running yet: try again");
            code = 503;
        } else {
            char err[256] = "";
            bool stored = false;
            if (s->cache_dir) {
                cache_meta meta;
                memset(&meta, 0, sizeof(meta));
                snprintf(meta.url, sizeof(meta.url), "%s", CONTROL_PUSH_URL);
                snprintf(meta.revision, sizeof(meta.revision), "%s", revision);
                hb_clock clk; /* no server Date here: the system clock, clamped */
                clock_init(&clk);
                meta.fetched_at = (int64_t)clock_now(&clk, NULL);
                bool written = false;
                stored = cache_store(s->cache_dir, &meta, bytes, rq->body.len,
                                     &written, err, sizeof(err)) == 0;
            } else {
                snprintf(err, sizeof(err), "no cache directory: shown until the board restarts");
            }
            cJSON_AddBoolToObject(o, "stored", stored);
            if (!stored)
                cJSON_AddStringToObject(o, "not_stored", err);
        }
    }
    add_problems(o, "warnings", rep, FEED_WARNING);
    free(rep);
    return answer_json(c, code, o);
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

/* Every request but PUT /feed, answered as soon as its headers are in. */
static enum MHD_Result dispatch(control_server *s, struct MHD_Connection *c, const char *url,
                                const char *method, request *rq)
{
    bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
    if (strcmp(url, "/status") == 0)
        return get ? get_status(s, c) : answer_method(c, "GET, HEAD");
    if (strcmp(url, "/screen.png") == 0) {
        rq->large = true;
        return get ? get_screen(s, c) : answer_method(c, "GET, HEAD");
    }
    if (strcmp(url, "/feed") == 0)
        return answer_method(c, "PUT");
    if (strcmp(url, "/") == 0)
        return get ? answer(c, 200, "text/html; charset=utf-8", (void *)index_page,
                            sizeof(index_page) - 1, MHD_RESPMEM_PERSISTENT)
                   : answer_method(c, "GET, HEAD");
    return answer_error(c, 404, "no such path: GET /, GET /status, GET /screen.png, PUT /feed");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_len, void **req_cls)
{
    (void)version;
    control_server *s = cls;
    bool is_put_feed = strcmp(url, "/feed") == 0 && strcmp(method, "PUT") == 0;
    request *rq = *req_cls;
    if (!rq) { /* the headers */
        rq = calloc(1, sizeof(*rq));
        if (!rq)
            return MHD_NO;
        *req_cls = rq;
        if (!is_put_feed) /* answered now: a body sent along is not read */
            return dispatch(s, c, url, method, rq);
        /* A push is refused before its body is read when it cannot be taken. */
        const char *why = NULL;
        unsigned code = push_refusal(s, c, &why);
        if (code)
            return answer_error(c, code, why);
        const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                     MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->cfg.feed_opts.limits.max_feed_bytes) {
            rq->too_big = true;
            return put_feed(s, c, rq);
        }
        return MHD_YES;
    }
    if (*upload_len) {
        size_t max = s->cfg.feed_opts.limits.max_feed_bytes;
        if (rq->too_big || *upload_len > max || rq->body.len > max - *upload_len) {
            rq->too_big = true; /* over the limit: kept no longer */
            growbuf_free(&rq->body);
        } else if (!growbuf_append(&rq->body, upload, *upload_len, max)) {
            return MHD_NO; /* out of memory */
        } else {
            rq->large = true;
        }
        *upload_len = 0;
        return MHD_YES;
    }
    return put_feed(s, c, rq);
}

static void on_done(void *cls, struct MHD_Connection *c, void **req_cls,
                    enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    request *rq = *req_cls;
    if (rq) {
        bool large = rq->large;
        growbuf_free(&rq->body);
        free(rq);
        *req_cls = NULL;
        /* A screen is megabytes, a feed up to 16 MiB, freed by now on two threads:
         * returned to the system rather than kept in the allocator's arenas. */
        if (large)
            malloc_trim(0);
    }
}

/* ---- life ------------------------------------------------------------------------- */

control_server *control_start(const control_config *cfg, FILE *err)
{
    control_server *s = calloc(1, sizeof(*s));
    if (!s) {
        fprintf(err, "hallboard: control endpoint: out of memory\n");
        return NULL;
    }
    s->cfg = *cfg;
    if (cfg->token && strlen(cfg->token) >= sizeof(s->token)) {
        fprintf(err, "hallboard: control endpoint: the token is longer than %d bytes\n",
                CONTROL_TOKEN_MAX - 1);
        free(s);
        return NULL;
    }
    snprintf(s->token, sizeof(s->token), "%s", cfg->token ? cfg->token : "");
    s->feed_url = cfg->feed_url ? strdup(cfg->feed_url) : NULL;
    s->cache_dir = cfg->cache_dir ? strdup(cfg->cache_dir) : NULL;
    s->cfg.token = s->token;
    s->cfg.feed_url = s->feed_url;
    s->cfg.cache_dir = s->cache_dir;
    pthread_mutex_init(&s->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&s->shot_cond, &ca);
    pthread_condattr_destroy(&ca);
    s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_DUAL_STACK,
                            (uint16_t)cfg->port, NULL, NULL, on_request, s,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)CONTROL_MAX_CONNECTIONS,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONTROL_TIMEOUT,
                            MHD_OPTION_NOTIFY_COMPLETED, on_done, s, MHD_OPTION_END);
    if (!s->d) /* no IPv6 on this host: IPv4 alone */
        s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)cfg->port, NULL, NULL,
                                on_request, s, MHD_OPTION_CONNECTION_LIMIT,
                                (unsigned)CONTROL_MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
                                (unsigned)CONTROL_TIMEOUT, MHD_OPTION_NOTIFY_COMPLETED, on_done,
                                s, MHD_OPTION_END);
    if (!s->d) {
        fprintf(err, "hallboard: control endpoint: cannot listen on port %d (taken?)\n",
                cfg->port);
        control_stop(s);
        return NULL;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : cfg->port;
    fprintf(err, "hallboard: control endpoint on port %d (GET /status, GET /screen.png%s)\n",
            s->port, s->token[0] && !s->feed_url ? ", PUT /feed" : "");
    return s;
}

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

int control_port(const control_server *s)
{
    return s ? s->port : 0;
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

void control_stop(control_server *s)
{
    if (!s)
        return;
    if (s->d)
        MHD_stop_daemon(s->d);
    pthread_cond_destroy(&s->shot_cond);
    pthread_mutex_destroy(&s->lock);
    free(s->status);
    free(s->shot);
    free(s->png);
    free(s->feed_url);
    free(s->cache_dir);
    free(s);
}
