/* bench_fleet.c - the fleet link's figures, against a real mosquitto on 127.0.0.1:
 *
 *   bench_fleet [N]   (N boards, default 20)
 *
 * 1. Latency: N fleet links (fleetlink.h) connected to a local broker; one announcement
 *    published retained (QoS 1) to PREFIX/overrides; the time from the publication to
 *    each board's on_message: min, median, p99, max.
 * 2. Idle traffic: the bytes one board sends and receives when nothing changes (its
 *    status every FLEETLINK_STATUS_EVERY s, keepalive pings every FLEETLINK_KEEPALIVE
 *    s), counted by a TCP relay between the board and the broker. Both periods are
 *    shortened by BENCH_SCALE so that the window is short; the bytes per real hour are
 *    the window's bytes times 3600 / (window * BENCH_SCALE). The status is a real
 *    /status-sized document (the built-in agenda's state).
 */
#define _DEFAULT_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mosquitto.h>

#include "feedsrc.h"
#include "fleetlink.h"
#include "statejson.h"
#include "status.h"

#define MOSQUITTO "/usr/sbin/mosquitto"
#define PREFIX "bench/fleet"
#define MAX_BOARDS 1000
#define BENCH_SCALE 6    /* status every 60/6 = 10 s, keepalive 30/6 = 5 s */
#define BENCH_WINDOW 40  /* s of idle traffic counted */

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void nap(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    nanosleep(&ts, NULL);
}

/* A listening socket on 127.0.0.1 (port 0: any); its port into *port. */
static int listen_on(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof(a)) != 0 || listen(fd, 4) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0)
        return -1;
    *port = ntohs(a.sin_port);
    return fd;
}

static int connect_to(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0)
        return fd;
    if (fd >= 0)
        close(fd);
    return -1;
}

/* Starts mosquitto on a free port; returns its pid and the port, or -1. */
static pid_t broker_start(int *port, char *conf, size_t cap)
{
    int fd = listen_on(port);
    if (fd < 0)
        return -1;
    close(fd);
    snprintf(conf, cap, "/tmp/bench_fleet_%d.conf", (int)getpid());
    FILE *f = fopen(conf, "w");
    if (!f)
        return -1;
    fprintf(f, "listener %d 127.0.0.1\nallow_anonymous true\npersistence false\n"
               "max_queued_messages 10000\n", *port);
    fclose(f);
    pid_t pid = fork();
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr))
            _exit(126);
        execl(MOSQUITTO, "mosquitto", "-c", conf, (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 500; i++, nap(0.01)) {
        int c = connect_to(*port);
        if (c >= 0) {
            close(c);
            return pid;
        }
    }
    kill(pid, SIGKILL);
    return -1;
}

/* ---- Latency ---------------------------------------------------------------------- */

typedef struct {
    atomic_int got;
    double at;           /* monotonic s of the announcement's arrival */
} board_seen;

static const char *marker;

static void on_msg(void *ctx, fleetlink_kind kind, const char *scope, const char *payload,
                   size_t len)
{
    (void)scope;
    (void)len;
    board_seen *b = ctx;
    if (kind == FLEETLINK_OVERRIDES && marker && strstr(payload, marker) &&
        atomic_load(&b->got) == 0) {
        b->at = mono();
        atomic_store(&b->got, 1);
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Publishes doc retained QoS 1 to topic and returns the monotonic time it was handed
 * to libmosquitto (the connection already up). */
static double publish(int port, const char *topic, const char *doc)
{
    struct mosquitto *m = mosquitto_new(NULL, true, NULL);
    if (!m || mosquitto_connect(m, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS)
        return -1;
    for (int i = 0; i < 20; i++)
        mosquitto_loop(m, 10, 1);
    double t0 = mono();
    mosquitto_publish(m, NULL, topic, (int)strlen(doc), doc, 1, true);
    for (int i = 0; i < 50; i++)
        mosquitto_loop(m, 10, 1);
    mosquitto_disconnect(m);
    mosquitto_destroy(m);
    return t0;
}

static int bench_latency(int port, int n)
{
    char url[64];
    snprintf(url, sizeof(url), "mqtt://127.0.0.1:%d", port);
    board_seen *seen = calloc((size_t)n, sizeof(*seen));
    fleetlink **links = calloc((size_t)n, sizeof(*links));
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof(name), "bench-%d", i);
        fleetlink_config cfg = {.broker = url, .prefix = PREFIX, .name = name,
                                .on_message = on_msg, .ctx = &seen[i]};
        links[i] = fleetlink_start(&cfg, stderr);
        if (!links[i])
            return 1;
    }
    int up = 0;
    for (double end = mono() + 20; up < n && mono() < end; nap(0.02)) {
        up = 0;
        for (int i = 0; i < n; i++) {
            fleetlink_status st;
            fleetlink_state(links[i], &st);
            up += st.connected;
        }
    }
    nap(0.5); /* subscriptions acknowledged */
    marker = "bench-announcement-7f3a";
    double t0 = publish(port, PREFIX "/overrides",
                        "{\"hallboard_overrides\":1,\"announcement\":{\"text\":"
                        "\"bench-announcement-7f3a\",\"level\":\"info\","
                        "\"until\":\"2100-01-01T00:00:00Z\"}}");
    int got = 0;
    for (double end = mono() + 10; got < n && mono() < end; nap(0.01)) {
        got = 0;
        for (int i = 0; i < n; i++)
            got += atomic_load(&seen[i].got);
    }
    double *ms = calloc((size_t)n, sizeof(*ms));
    int k = 0;
    for (int i = 0; i < n; i++)
        if (atomic_load(&seen[i].got))
            ms[k++] = (seen[i].at - t0) * 1000;
    qsort(ms, (size_t)k, sizeof(*ms), cmp_double);
    printf("latency, publish -> on_message, %d boards (%d connected, %d received):\n", n, up, k);
    if (k)
        printf("  min %.2f ms  median %.2f ms  p99 %.2f ms  max %.2f ms\n", ms[0], ms[k / 2],
               ms[(k * 99 + 99) / 100 - 1], ms[k - 1]);
    for (int i = 0; i < n; i++)
        fleetlink_stop(links[i]);
    free(ms);
    free(links);
    free(seen);
    return k == n ? 0 : 1;
}

/* ---- Idle traffic through a counting relay ---------------------------------------- */

typedef struct {
    int listen_fd, broker_port;
    atomic_llong up, down;   /* board -> broker, broker -> board */
    atomic_int stop;
} relay;

static void *relay_run(void *arg)
{
    relay *r = arg;
    int a = accept(r->listen_fd, NULL, NULL);
    int b = a >= 0 ? connect_to(r->broker_port) : -1;
    char buf[65536];
    while (a >= 0 && b >= 0 && !atomic_load(&r->stop)) {
        struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        if (poll(p, 2, 100) <= 0)
            continue;
        for (int i = 0; i < 2; i++) {
            if (!(p[i].revents & (POLLIN | POLLHUP)))
                continue;
            ssize_t n = read(p[i].fd, buf, sizeof(buf));
            if (n <= 0 || write(i ? a : b, buf, (size_t)n) != n) {
                atomic_store(&r->stop, 1);
                break;
            }
            atomic_fetch_add(i ? &r->down : &r->up, (long long)n);
        }
    }
    if (a >= 0)
        close(a);
    if (b >= 0)
        close(b);
    return NULL;
}

/* A /status-sized document: the built-in agenda's state with the board's health. */
static char *status_doc(void)
{
    feed_options fo = feedsrc_options();
    feed_report *rep = malloc(sizeof(*rep));
    agenda *a = feedsrc_load_embedded(&fo, rep);
    status_input si;
    memset(&si, 0, sizeof(si));
    si.source = STATUS_EMBEDDED;
    char *state = a ? statejson_at(a, a->n_sessions ? a->sessions[0].start : 0, -1, NULL, &si)
                    : NULL;
    size_t cap = (state ? strlen(state) : 0) + 512;
    char *doc = malloc(cap);
    snprintf(doc, cap, "{\"hallboard\":\"0.1.0\",\"uptime_s\":3600,\"display\":{\"width\":1920,"
                       "\"height\":1080,\"rotate\":0,\"on\":true},\"frames\":12,"
                       "\"feed\":{\"push\":false},\"problems\":[],\"state\":%s}",
             state ? state : "{}");
    free(state);
    agenda_free(a);
    free(rep);
    return doc;
}

static int bench_traffic(int port)
{
    relay r = {.broker_port = port};
    int relay_port;
    r.listen_fd = listen_on(&relay_port);
    pthread_t t;
    pthread_create(&t, NULL, relay_run, &r);
    char url[64];
    snprintf(url, sizeof(url), "mqtt://127.0.0.1:%d", relay_port);
    fleetlink_config cfg = {.broker = url, .prefix = PREFIX, .name = "idle", .hall = "A",
                            .status_every_s = FLEETLINK_STATUS_EVERY / BENCH_SCALE,
                            .keepalive_s = FLEETLINK_KEEPALIVE / BENCH_SCALE};
    char *doc = status_doc();
    fleetlink *f = fleetlink_start(&cfg, stderr);
    fleetlink_publish_status(f, doc);
    nap(2); /* connected, subscribed, the retained documents and the first status sent */
    long long up0 = atomic_load(&r.up), down0 = atomic_load(&r.down);
    nap(BENCH_WINDOW);
    long long up = atomic_load(&r.up) - up0, down = atomic_load(&r.down) - down0;
    double per_hour = 3600.0 / ((double)BENCH_WINDOW * BENCH_SCALE);
    printf("idle traffic of one board (status %zu bytes, every %d s; keepalive %d s), "
           "measured over %d s at 1/%d scale:\n", strlen(doc), FLEETLINK_STATUS_EVERY,
           FLEETLINK_KEEPALIVE, BENCH_WINDOW, BENCH_SCALE);
    printf("  sent %.0f bytes/hour, received %.0f bytes/hour (%.1f KiB/hour in all)\n",
           (double)up * per_hour, (double)down * per_hour,
           (double)(up + down) * per_hour / 1024);
    fleetlink_stop(f);
    atomic_store(&r.stop, 1);
    pthread_join(t, NULL);
    close(r.listen_fd);
    free(doc);
    return up > 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 20;
    if (n < 1 || n > MAX_BOARDS) {
        fprintf(stderr, "usage: bench_fleet [N] (1..%d boards)\n", MAX_BOARDS);
        return 64;
    }
    if (access(MOSQUITTO, X_OK) != 0) {
        fprintf(stderr, "bench_fleet: %s is not installed\n", MOSQUITTO);
        return 77;
    }
    mosquitto_lib_init();
    int port;
    char conf[128];
    pid_t broker = broker_start(&port, conf, sizeof(conf));
    if (broker < 0) {
        fprintf(stderr, "bench_fleet: the broker did not start\n");
        return 1;
    }
    int rc = bench_latency(port, n);
    rc |= bench_traffic(port);
    kill(broker, SIGTERM);
    waitpid(broker, NULL, 0);
    unlink(conf);
    return rc;
}
