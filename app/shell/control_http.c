/* control_http.c - the control endpoint's connections (control.h): where it listens,
 * the thread that runs libmicrohttpd, the limits that keep slow or many clients from
 * shutting others out, and the framing a request must have.
 *
 * libmicrohttpd runs in external epoll mode on a thread of ours: one epoll set holds
 * each daemon's epoll descriptor and a wake pipe. The same thread tracks when each
 * connection's current request started (libmicrohttpd's connection notifications;
 * reset when an answer has been sent) and shuts down the socket of a request older
 * than the request limit: libmicrohttpd then sees the connection end and closes it
 * itself, on this thread, so nothing is freed under its feet. The idle timeout and the
 * connection limits are libmicrohttpd's own.
 */
#include "control_int.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

/* One open connection: when its current request started. */
struct control_conn {
    control_conn *prev, *next;
    int fd;
    double start;  /* monotonic s */
    bool shut;     /* over the limit: shut down, libmicrohttpd closes it next */
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- answers ---------------------------------------------------------------------- */

static enum MHD_Result answer_full(struct MHD_Connection *c, unsigned code, const char *type,
                                   void *data, size_t len, enum MHD_ResponseMemoryMode mode,
                                   const char *allow, bool close)
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
    if (close) /* where the next request would start is not known */
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result rc = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return rc;
}

enum MHD_Result control_answer(struct MHD_Connection *c, unsigned code, const char *type,
                               void *data, size_t len, enum MHD_ResponseMemoryMode mode)
{
    return answer_full(c, code, type, data, len, mode, NULL, false);
}

static char *json_text(cJSON *o, size_t *len)
{
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    if (!text)
        return NULL;
    *len = strlen(text);
    text[*len] = '\n'; /* the NUL becomes the final newline */
    *len += 1;
    return text;
}

enum MHD_Result control_answer_json(struct MHD_Connection *c, unsigned code, cJSON *o)
{
    size_t n = 0;
    char *text = json_text(o, &n);
    return text ? control_answer(c, code, "application/json", text, n, MHD_RESPMEM_MUST_FREE)
                : MHD_NO;
}

static cJSON *error_object(const char *why)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", why);
    return o;
}

enum MHD_Result control_answer_error(struct MHD_Connection *c, unsigned code, const char *why)
{
    return control_answer_json(c, code, error_object(why));
}

enum MHD_Result control_answer_close(struct MHD_Connection *c, unsigned code, const char *why)
{
    size_t n = 0;
    char *text = json_text(error_object(why), &n);
    return text ? answer_full(c, code, "application/json", text, n, MHD_RESPMEM_MUST_FREE,
                              NULL, true)
                : MHD_NO;
}

enum MHD_Result control_answer_method(struct MHD_Connection *c, const char *allow)
{
    char why[64];
    snprintf(why, sizeof(why), "this path takes %s", allow);
    size_t n = 0;
    char *text = json_text(error_object(why), &n);
    return text ? answer_full(c, 405, "application/json", text, n, MHD_RESPMEM_MUST_FREE,
                              allow, false)
                : MHD_NO;
}

/* ---- framing ---------------------------------------------------------------------- */

typedef struct {
    int content_length, transfer_encoding;
    bool bad_length;
} framing;

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
    (void)kind;
    framing *f = cls;
    if (strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH) == 0) {
        f->content_length++;
        size_t n = value ? strlen(value) : 0;
        if (n == 0 || n > 19 || strspn(value, "0123456789") != n)
            f->bad_length = true;
    } else if (strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING) == 0) {
        f->transfer_encoding++;
    }
    return MHD_YES;
}

/* Why the request's framing cannot be trusted, or NULL. */
static const char *bad_framing(struct MHD_Connection *c)
{
    framing f = {0, 0, false};
    MHD_get_connection_values(c, MHD_HEADER_KIND, count_framing, &f);
    if (f.content_length > 1)
        return "malformed request: more than one Content-Length";
    if (f.content_length && f.transfer_encoding)
        return "malformed request: Content-Length together with Transfer-Encoding";
    if (f.bad_length)
        return "malformed request: Content-Length is not a number";
    if (f.transfer_encoding > 1)
        return "malformed request: more than one Transfer-Encoding";
    return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_len, void **req_cls)
{
    (void)version;
    control_server *s = cls;
    control_request *rq = *req_cls;
    if (rq)
        return control_route(s, c, url, method, upload, upload_len, rq, false);
    rq = calloc(1, sizeof(*rq));
    if (!rq)
        return MHD_NO;
    *req_cls = rq;
    const char *why = bad_framing(c);
    if (why)
        return control_answer_close(c, 400, why);
    return control_route(s, c, url, method, upload, upload_len, rq, true);
}

static void on_done(void *cls, struct MHD_Connection *c, void **req_cls,
                    enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)why;
    /* The answer is out: the connection's next request starts now. */
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    control_conn *cn = ci ? ci->socket_context : NULL;
    if (cn)
        cn->start = mono_now();
    control_request *rq = *req_cls;
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

/* ---- connections and the request limit -------------------------------------------- */

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode toe)
{
    control_server *s = cls;
    control_conn *cn = *socket_context;
    if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        cn = calloc(1, sizeof(*cn));
        if (!cn || !ci) { /* untracked: the idle timeout still holds */
            free(cn);
            return;
        }
        cn->fd = ci->connect_fd;
        cn->start = mono_now();
        cn->next = s->conns;
        if (s->conns)
            s->conns->prev = cn;
        s->conns = cn;
        *socket_context = cn;
    } else if (toe == MHD_CONNECTION_NOTIFY_CLOSED && cn) {
        if (cn->prev)
            cn->prev->next = cn->next;
        else
            s->conns = cn->next;
        if (cn->next)
            cn->next->prev = cn->prev;
        free(cn);
        *socket_context = NULL;
    }
}

/* Shuts down every connection whose request is over the limit. Returns the ms until
 * the next one would be (at most max_ms). */
static int enforce_limit(control_server *s, int max_ms)
{
    double now = mono_now(), next = max_ms / 1000.0;
    for (control_conn *cn = s->conns; cn; cn = cn->next) {
        if (cn->shut)
            continue;
        double left = cn->start + s->request_limit - now;
        if (left <= 0) {
            shutdown(cn->fd, SHUT_RDWR);
            cn->shut = true;
        } else if (left < next) {
            next = left;
        }
    }
    return (int)(next * 1000.0) + 1;
}

static void *serve(void *arg)
{
    control_server *s = arg;
    for (;;) {
        int wait_ms = 1000;
        for (size_t i = 0; i < s->n_d; i++) {
            MHD_UNSIGNED_LONG_LONG t;
            if (MHD_get_timeout(s->d[i], &t) == MHD_YES && t < (unsigned long long)wait_ms)
                wait_ms = (int)t;
        }
        wait_ms = enforce_limit(s, wait_ms);
        struct epoll_event ev[4];
        int n = epoll_wait(s->epfd, ev, 4, wait_ms);
        if (n < 0 && errno != EINTR)
            break;
        for (int i = 0; i < n; i++)
            if (ev[i].data.fd == s->wake[0])
                return NULL;
        for (size_t i = 0; i < s->n_d; i++)
            MHD_run(s->d[i]);
        enforce_limit(s, 0);
    }
    return NULL;
}

/* ---- where to listen -------------------------------------------------------------- */

typedef struct {
    struct sockaddr_storage ss;
    unsigned flags;  /* MHD_USE_IPv6 / MHD_USE_DUAL_STACK */
    bool optional;   /* ::1 of the loopback pair: skipped when the host has no IPv6 */
} listen_addr;

/* The addresses bind means (control.h). Returns how many, or 0 when it is not one. */
static size_t parse_bind(const char *bind, uint16_t port, listen_addr out[])
{
    memset(out, 0, sizeof(listen_addr) * CONTROL_MAX_DAEMONS);
    struct sockaddr_in *v4 = (struct sockaddr_in *)&out[0].ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&out[0].ss;
    if (!bind || !bind[0]) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        v4->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        struct sockaddr_in6 *l6 = (struct sockaddr_in6 *)&out[1].ss;
        l6->sin6_family = AF_INET6;
        l6->sin6_port = htons(port);
        l6->sin6_addr = in6addr_loopback;
        out[1].flags = MHD_USE_IPv6;
        out[1].optional = true;
        return 2;
    }
    if (strcmp(bind, "*") == 0) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        v6->sin6_addr = in6addr_any;
        out[0].flags = MHD_USE_DUAL_STACK;
        return 1;
    }
    if (inet_pton(AF_INET, bind, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(port);
        return 1;
    }
    if (inet_pton(AF_INET6, bind, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(port);
        out[0].flags = MHD_USE_IPv6;
        return 1;
    }
    return 0;
}

/* Raises the descriptor limit so that n daemons can each hold their connections.
 * Returns the connections each may hold. */
static unsigned fit_descriptors(size_t n, FILE *err)
{
    rlim_t want = (rlim_t)(n * CONTROL_MAX_CONNECTIONS + CONTROL_FD_SPARE);
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return CONTROL_MAX_CONNECTIONS;
    if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want && rl.rlim_cur < rl.rlim_max) {
        rl.rlim_cur = rl.rlim_max;
        setrlimit(RLIMIT_NOFILE, &rl);
        getrlimit(RLIMIT_NOFILE, &rl);
    }
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
        return CONTROL_MAX_CONNECTIONS;
    rlim_t room = rl.rlim_cur > 2 * CONTROL_FD_SPARE ? rl.rlim_cur - CONTROL_FD_SPARE
                                                      : CONTROL_FD_SPARE;
    unsigned each = (unsigned)(room / n);
    fprintf(err, "hallboard: control endpoint: %u connections at most (the descriptor "
            "limit is %llu)\n", each, (unsigned long long)rl.rlim_cur);
    return each;
}

static struct MHD_Daemon *start_daemon(control_server *s, const listen_addr *a,
                                       unsigned limit)
{
    return MHD_start_daemon(MHD_USE_EPOLL | a->flags, 0, NULL, NULL, on_request, s,
                            MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)&a->ss,
                            MHD_OPTION_CONNECTION_LIMIT, limit,
                            MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)CONTROL_PER_ADDRESS,
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONTROL_TIMEOUT,
                            MHD_OPTION_NOTIFY_COMPLETED, on_done, s,
                            MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_END);
}

static void set_port(listen_addr *a, uint16_t port)
{
    if (a->ss.ss_family == AF_INET)
        ((struct sockaddr_in *)&a->ss)->sin_port = htons(port);
    else
        ((struct sockaddr_in6 *)&a->ss)->sin6_port = htons(port);
}

/* Starts the daemons for cfg->bind. Returns 0, or -1 after saying why. */
static int listen_all(control_server *s, FILE *err)
{
    const char *bind = s->cfg.bind;
    listen_addr addrs[CONTROL_MAX_DAEMONS];
    size_t n = parse_bind(bind, (uint16_t)s->cfg.port, addrs);
    if (n == 0) {
        fprintf(err, "hallboard: control endpoint: control_bind \"%s\" is not an address "
                "(127.0.0.1, ::1, 192.168.1.20) or *\n", bind);
        return -1;
    }
    unsigned limit = fit_descriptors(n, err);
    for (size_t i = 0; i < n; i++) {
        if (i > 0) /* the same port as the first, also when it was picked */
            set_port(&addrs[i], (uint16_t)s->port);
        struct MHD_Daemon *d = start_daemon(s, &addrs[i], limit);
        if (!d && addrs[i].flags == MHD_USE_DUAL_STACK) { /* no IPv6 here: IPv4 alone */
            struct sockaddr_in *v4 = (struct sockaddr_in *)&addrs[i].ss;
            memset(&addrs[i], 0, sizeof(addrs[i]));
            v4->sin_family = AF_INET;
            v4->sin_port = htons((uint16_t)s->cfg.port);
            d = start_daemon(s, &addrs[i], limit);
        }
        if (!d && addrs[i].optional)
            continue;
        if (!d) {
            fprintf(err, "hallboard: control endpoint: cannot listen on port %d at %s "
                    "(taken? not an address of this host?)\n",
                    s->cfg.port, bind && bind[0] ? bind : "127.0.0.1");
            return -1;
        }
        s->d[s->n_d++] = d;
        if (i == 0) {
            const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
            s->port = info ? info->port : s->cfg.port;
        }
    }
    return 0;
}

/* The thread, its epoll set and wake pipe. Returns 0 or -1. */
static int start_thread(control_server *s)
{
    s->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (s->epfd < 0 || pipe(s->wake) != 0)
        return -1;
    for (int i = 0; i < 2; i++)
        if (fcntl(s->wake[i], F_SETFD, FD_CLOEXEC) != 0 ||
            fcntl(s->wake[i], F_SETFL, O_NONBLOCK) != 0)
            return -1;
    struct epoll_event ev = {.events = EPOLLIN};
    ev.data.fd = s->wake[0];
    if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, s->wake[0], &ev) != 0)
        return -1;
    for (size_t i = 0; i < s->n_d; i++) {
        const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d[i], MHD_DAEMON_INFO_EPOLL_FD);
        if (!info)
            return -1;
        ev.data.fd = info->epoll_fd;
        if (epoll_ctl(s->epfd, EPOLL_CTL_ADD, info->epoll_fd, &ev) != 0)
            return -1;
    }
    if (pthread_create(&s->thread, NULL, serve, s) != 0)
        return -1;
    s->thread_up = true;
    return 0;
}

control_server *control_start(const control_config *cfg, FILE *err)
{
    control_server *s = calloc(1, sizeof(*s));
    if (!s) {
        fprintf(err, "hallboard: control endpoint: out of memory\n");
        return NULL;
    }
    s->epfd = s->wake[0] = s->wake[1] = -1;
    s->cfg = *cfg;
    s->cfg.bind = NULL; /* borrowed only while starting */
    s->cfg.token_file = NULL;
    s->request_limit = cfg->request_limit_s > 0 ? cfg->request_limit_s : CONTROL_REQUEST_LIMIT;
    s->feed_url = cfg->feed_url ? strdup(cfg->feed_url) : NULL;
    s->cache_dir = cfg->cache_dir ? strdup(cfg->cache_dir) : NULL;
    s->cfg.feed_url = s->feed_url;
    s->cfg.cache_dir = s->cache_dir;
    control_init_state(s);
    control_token_load(s, cfg->token, cfg->token_file, err);
    s->cfg.token = s->token;
    s->cfg.bind = cfg->bind;
    int rc = listen_all(s, err);
    s->cfg.bind = NULL;
    if (rc != 0)
        goto out_stop;
    if (start_thread(s) != 0) {
        fprintf(err, "hallboard: control endpoint: cannot start its thread\n");
        goto out_stop;
    }
    bool push = !s->feed_url && (s->token[0] || trust_required(s->cfg.trust));
    fprintf(err, "hallboard: control endpoint on port %d%s%s (GET /status, GET /screen.png%s%s)\n",
            s->port, cfg->bind && cfg->bind[0] ? " at " : " on loopback",
            cfg->bind && cfg->bind[0] ? cfg->bind : "", push ? ", PUT /feed" : "",
            s->cfg.take_overrides && (s->token[0] || trust_required(s->cfg.trust))
                ? ", PUT /overrides" : "");
    return s;
out_stop:
    control_stop(s);
    return NULL;
}

void control_stop(control_server *s)
{
    if (!s)
        return;
    if (s->thread_up) {
        char b = 1;
        ssize_t w = write(s->wake[1], &b, 1);
        (void)w;
        pthread_join(s->thread, NULL);
    }
    for (size_t i = 0; i < s->n_d; i++)
        MHD_stop_daemon(s->d[i]);
    for (int i = 0; i < 2; i++)
        if (s->wake[i] >= 0)
            close(s->wake[i]);
    if (s->epfd >= 0)
        close(s->epfd);
    control_free_state(s);
    free(s->feed_url);
    free(s->cache_dir);
    free(s);
}

int control_port(const control_server *s)
{
    return s ? s->port : 0;
}
