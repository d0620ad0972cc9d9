/* fleetlink.c - the board's link to the fleet broker (fleetlink.h).
 *
 * One thread per link runs libmosquitto's loop (mosquitto_loop, 1 s at a time) and
 * everything timed around it: connecting and reconnecting with a doubling delay
 * (FLEETLINK_RECONNECT_MIN..MAX s, cut short when the link stops), the periodic and
 * pending status publications, and the goodbye at stop. The loop is driven here rather
 * than by mosquitto_loop_start so that no error ends it (mosquitto_loop_forever gives
 * up after a DNS or TLS failure, which a board must outlive) and so that stopping
 * never waits out a reconnect delay. Other threads only store the status document
 * under the lock; libmosquitto is told it is used from several threads. The broker
 * URL and the names that go into topics are checked in fleetlink_names.c.
 */
#define _DEFAULT_SOURCE /* gethostname */
#include "fleetlink.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <mosquitto.h>

#include "civil.h"

#define FLEETLINK_STATUS_MIN_GAP 5 /* s between two publications of a changed status */

struct fleetlink {
    struct mosquitto *m;
    FILE *err;
    fleetlink_url url;
    char prefix[FLEETLINK_PREFIX_MAX + 1];
    char name[FLEETLINK_NAME_MAX + 1];
    char status_topic[FLEETLINK_TOPIC_MAX];
    char hall_topic[FLEETLINK_TOPIC_MAX]; /* P/halls/HALL/overrides or P/halls/+/overrides */
    char *user, *password, *ca_file;
    void (*on_message)(void *ctx, fleetlink_kind kind, const char *scope,
                       const char *payload, size_t len);
    void (*on_state)(void *ctx, bool connected);
    void *ctx;
    int every_s, keepalive_s;
    pthread_t thread;
    pthread_mutex_t lock;  /* everything below */
    pthread_cond_t wake;   /* stopping */
    bool stopping;
    bool ever_connected;
    bool outage_logged;
    int bye_mid, last_acked; /* the goodbye's message id, the last acknowledged one */    /* the error of this outage is in the log already */
    fleetlink_status st;
    char *status;          /* the latest document as given, or NULL */
    char *status_key;      /* it without the members that change all the time */
    bool status_pending;   /* changed since the last publication */
    double last_pub;       /* monotonic s of the last publication, 0: none */
};

static pthread_once_t lib_once = PTHREAD_ONCE_INIT;

static void lib_init(void)
{
    mosquitto_lib_init();
}

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Notes an error for /status, and on err once per outage (a broker away for an hour
 * is one line, not one per retry). Takes the lock. */
static void note_error(fleetlink *f, const char *what)
{
    pthread_mutex_lock(&f->lock);
    bool news = !f->outage_logged;
    f->outage_logged = true;
    snprintf(f->st.last_error, sizeof(f->st.last_error), "%s", what);
    pthread_mutex_unlock(&f->lock);
    if (news && f->err)
        fprintf(f->err, "hallboard: fleet: %s:%d: %s\n", f->url.host, f->url.port, what);
}

/* The status document to publish (malloc'd), or NULL when there is none. Called with
 * the lock held. */
static char *status_payload(fleetlink *f)
{
    cJSON *j = f->status ? cJSON_Parse(f->status) : NULL;
    if (!j)
        return NULL;
    char when[CIVIL_UTC_LEN];
    civil_format_utc((int64_t)time(NULL), when);
    cJSON_DeleteItemFromObjectCaseSensitive(j, "board");
    cJSON_DeleteItemFromObjectCaseSensitive(j, "online");
    cJSON_DeleteItemFromObjectCaseSensitive(j, "published_at");
    cJSON_AddStringToObject(j, "board", f->name);
    cJSON_AddBoolToObject(j, "online", true);
    cJSON_AddStringToObject(j, "published_at", when);
    char *s = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return s;
}

/* Publishes the status when it is due (force: at once). Any thread but not with the
 * lock held. */
static void status_tick(fleetlink *f, bool force)
{
    double now = mono_now();
    pthread_mutex_lock(&f->lock);
    bool due = f->st.connected && f->status &&
               (force || now - f->last_pub >= f->every_s ||
                (f->status_pending && now - f->last_pub >= FLEETLINK_STATUS_MIN_GAP));
    char *payload = due ? status_payload(f) : NULL;
    if (payload) {
        f->last_pub = now;
        f->status_pending = false;
    }
    pthread_mutex_unlock(&f->lock);
    if (!payload)
        return;
    int rc = mosquitto_publish(f->m, NULL, f->status_topic, (int)strlen(payload), payload, 1,
                               true);
    if (rc != MOSQ_ERR_SUCCESS)
        note_error(f, mosquitto_strerror(rc));
    free(payload);
}

static void on_connect(struct mosquitto *m, void *ud, int rc)
{
    fleetlink *f = ud;
    if (rc != 0) {
        note_error(f, mosquitto_connack_string(rc));
        return;
    }
    char topic[FLEETLINK_TOPIC_MAX];
    snprintf(topic, sizeof(topic), "%s/feed", f->prefix);
    mosquitto_subscribe(m, NULL, topic, 1);
    snprintf(topic, sizeof(topic), "%s/overrides", f->prefix);
    mosquitto_subscribe(m, NULL, topic, 1);
    mosquitto_subscribe(m, NULL, f->hall_topic, 1);
    pthread_mutex_lock(&f->lock);
    if (f->ever_connected)
        f->st.reconnects++;
    f->ever_connected = true;
    f->st.connected = true;
    if (f->outage_logged && f->err)
        fprintf(f->err, "hallboard: fleet: %s:%d: connected again\n", f->url.host, f->url.port);
    f->outage_logged = false;
    pthread_mutex_unlock(&f->lock);
    if (f->on_state)
        f->on_state(f->ctx, true);
    status_tick(f, true);
}

static void on_disconnect(struct mosquitto *m, void *ud, int rc)
{
    (void)m;
    fleetlink *f = ud;
    pthread_mutex_lock(&f->lock);
    bool was = f->st.connected, stopping = f->stopping;
    f->st.connected = false;
    pthread_mutex_unlock(&f->lock);
    if (was && !stopping && f->on_state)
        f->on_state(f->ctx, false);
    if (rc != 0 && !stopping)
        note_error(f, rc == MOSQ_ERR_KEEPALIVE ? "the broker stopped answering (keepalive)"
                      : was                    ? "connection lost"
                                               : "cannot connect (refused or unreachable)");
}

/* The kind and scope of a topic under the prefix. False for any other topic. */
static bool topic_kind(const fleetlink *f, const char *topic, fleetlink_kind *kind,
                       char *scope, size_t cap)
{
    size_t pn = strlen(f->prefix);
    if (strncmp(topic, f->prefix, pn) != 0 || topic[pn] != '/')
        return false;
    const char *rest = topic + pn + 1;
    scope[0] = '\0';
    if (strcmp(rest, "feed") == 0) {
        *kind = FLEETLINK_FEED;
        return true;
    }
    *kind = FLEETLINK_OVERRIDES;
    if (strcmp(rest, "overrides") == 0)
        return true;
    static const char halls[] = "halls/", tail[] = "/overrides";
    size_t rn = strlen(rest);
    if (strncmp(rest, halls, sizeof(halls) - 1) != 0 || rn < sizeof(halls) + sizeof(tail) - 1 ||
        strcmp(rest + rn - (sizeof(tail) - 1), tail) != 0)
        return false;
    size_t hn = rn - (sizeof(halls) - 1) - (sizeof(tail) - 1);
    if (hn == 0 || hn >= cap || memchr(rest + sizeof(halls) - 1, '/', hn))
        return false;
    memcpy(scope, rest + sizeof(halls) - 1, hn);
    scope[hn] = '\0';
    return true;
}

static void on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
    (void)m;
    fleetlink *f = ud;
    fleetlink_kind kind;
    char scope[FLEETLINK_NAME_MAX + 1];
    size_t len = msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0;
    const char *why = NULL;
    if (!topic_kind(f, msg->topic, &kind, scope, sizeof(scope)))
        why = "not a topic the board reads";
    else if (len > (kind == FLEETLINK_FEED ? FLEETLINK_MAX_FEED : FLEETLINK_MAX_OVERRIDES))
        why = "larger than the limit";
    if (why) {
        pthread_mutex_lock(&f->lock);
        f->st.dropped++;
        pthread_mutex_unlock(&f->lock);
        if (f->err)
            fprintf(f->err, "hallboard: fleet: a message of %zu bytes dropped: %s\n", len, why);
        return;
    }
    /* libmosquitto NUL-terminates every payload it receives. */
    if (f->on_message)
        f->on_message(f->ctx, kind, scope, len ? msg->payload : "", len);
}

/* Waits up to s seconds or until the link stops. Returns true when it stops. */
static bool wait_or_stop(fleetlink *f, double s)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += (time_t)s;
    until.tv_nsec += (long)((s - (double)(time_t)s) * 1e9);
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&f->lock);
    while (!f->stopping && pthread_cond_timedwait(&f->wake, &f->lock, &until) != ETIMEDOUT)
        ;
    bool stop = f->stopping;
    pthread_mutex_unlock(&f->lock);
    return stop;
}

/* *flag, read under the lock. */
static bool locked_read(fleetlink *f, const bool *flag)
{
    pthread_mutex_lock(&f->lock);
    bool v = *flag;
    pthread_mutex_unlock(&f->lock);
    return v;
}

/* At stop, when connected: the board says it is offline (retained, like its will),
 * from the stopping thread: queueing it wakes the link's loop at once. */
static void send_goodbye(fleetlink *f)
{
    char bye[FLEETLINK_NAME_MAX * 6 + 64];
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "board", f->name);
    cJSON_AddBoolToObject(j, "online", false);
    if (!j || !cJSON_PrintPreallocated(j, bye, (int)sizeof(bye), false))
        bye[0] = '\0';
    cJSON_Delete(j);
    int mid = 0;
    if (bye[0] && mosquitto_publish(f->m, &mid, f->status_topic, (int)strlen(bye), bye, 1,
                                    true) == MOSQ_ERR_SUCCESS) {
        pthread_mutex_lock(&f->lock);
        f->bye_mid = mid;
        pthread_mutex_unlock(&f->lock);
    }
}

static void on_publish(struct mosquitto *m, void *ud, int mid)
{
    (void)m;
    fleetlink *f = ud;
    pthread_mutex_lock(&f->lock);
    f->last_acked = mid;
    pthread_mutex_unlock(&f->lock);
}

/* The link's last steps: the goodbye acknowledged (1 s at most), then a clean
 * disconnect (no will). */
static void finish(fleetlink *f)
{
    for (double end = mono_now() + 1.0; mono_now() < end;) {
        pthread_mutex_lock(&f->lock);
        bool done = f->bye_mid == 0 || f->last_acked == f->bye_mid || !f->st.connected;
        pthread_mutex_unlock(&f->lock);
        if (done || mosquitto_loop(f->m, 50, 1) != MOSQ_ERR_SUCCESS)
            break;
    }
    mosquitto_disconnect(f->m);
    mosquitto_loop(f->m, 10, 1);
}

static void *link_thread(void *arg)
{
    fleetlink *f = arg;
    double delay = FLEETLINK_RECONNECT_MIN;
    bool first = true, need_connect = true;
    while (!locked_read(f, &f->stopping)) {
        int rc;
        if (need_connect)
            rc = first ? mosquitto_connect_async(f->m, f->url.host, f->url.port, f->keepalive_s)
                       : mosquitto_reconnect_async(f->m);
        else
            rc = mosquitto_loop(f->m, 1000, 1);
        first = false;
        need_connect = rc != MOSQ_ERR_SUCCESS;
        if (rc == MOSQ_ERR_SUCCESS) {
            if (locked_read(f, &f->st.connected))
                delay = FLEETLINK_RECONNECT_MIN;
            status_tick(f, false);
            continue;
        }
        if (rc != MOSQ_ERR_CONN_LOST && rc != MOSQ_ERR_NO_CONN)
            note_error(f, rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        pthread_mutex_lock(&f->lock);
        f->st.connected = false;
        pthread_mutex_unlock(&f->lock);
        if (wait_or_stop(f, delay))
            break;
        delay = delay * 2 > FLEETLINK_RECONNECT_MAX ? FLEETLINK_RECONNECT_MAX : delay * 2;
    }
    if (locked_read(f, &f->st.connected))
        finish(f);
    return NULL;
}

/* Frees f and what it holds (the thread not running). */
static void link_free(fleetlink *f)
{
    if (f->m)
        mosquitto_destroy(f->m);
    pthread_mutex_destroy(&f->lock);
    pthread_cond_destroy(&f->wake);
    free(f->user);
    free(f->password);
    free(f->ca_file);
    free(f->status);
    free(f->status_key);
    free(f);
}

/* Copies cfg's names and topics into f. Returns 0 or -1 with a line on err. */
static int link_names(fleetlink *f, const fleetlink_config *cfg, FILE *err)
{
    char why[160];
    if (!cfg->broker || fleetlink_parse_url(cfg->broker, &f->url, why, sizeof(why)) != 0) {
        fprintf(err, "hallboard: fleet_broker: %s\n", cfg->broker ? why : "not set");
        return -1;
    }
    if (!fleetlink_prefix_ok(cfg->prefix)) {
        fprintf(err, "hallboard: fleet_topic: \"%.80s\" is not a topic prefix (1..%d bytes, "
                     "no + # or leading, trailing or double /)\n",
                cfg->prefix ? cfg->prefix : "", FLEETLINK_PREFIX_MAX);
        return -1;
    }
    snprintf(f->prefix, sizeof(f->prefix), "%s", cfg->prefix);
    if (cfg->name && cfg->name[0])
        snprintf(f->name, sizeof(f->name), "%s", cfg->name);
    else if (gethostname(f->name, sizeof(f->name)) != 0)
        f->name[0] = '\0';
    f->name[sizeof(f->name) - 1] = '\0';
    if (!fleetlink_name_ok(f->name)) {
        fprintf(err, "hallboard: board_name: \"%.80s\" cannot be a topic level (1..%d bytes, "
                     "no / + #)\n", f->name, FLEETLINK_NAME_MAX);
        return -1;
    }
    bool hall = cfg->hall && cfg->hall[0];
    if (hall && !fleetlink_name_ok(cfg->hall)) {
        fprintf(err, "hallboard: fleet: the hall id \"%.80s\" cannot be a topic level\n",
                cfg->hall);
        return -1;
    }
    snprintf(f->status_topic, sizeof(f->status_topic), "%s/boards/%s/status", f->prefix,
             f->name);
    snprintf(f->hall_topic, sizeof(f->hall_topic), "%s/halls/%s/overrides", f->prefix,
             hall ? cfg->hall : "+");
    return 0;
}

/* Sets up the libmosquitto client of f: id, credentials, will, TLS. */
static int link_client(fleetlink *f, FILE *err)
{
    char id[FLEETLINK_NAME_MAX + 16];
    snprintf(id, sizeof(id), "hallboard-%s", f->name);
    f->m = mosquitto_new(id, true, f);
    if (!f->m) {
        fprintf(err, "hallboard: fleet: cannot make an MQTT client: %s\n", strerror(errno));
        return -1;
    }
    mosquitto_threaded_set(f->m, true);
    mosquitto_connect_callback_set(f->m, on_connect);
    mosquitto_disconnect_callback_set(f->m, on_disconnect);
    mosquitto_message_callback_set(f->m, on_message);
    mosquitto_publish_callback_set(f->m, on_publish);
    char will[FLEETLINK_NAME_MAX * 6 + 64];
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "board", f->name);
    cJSON_AddBoolToObject(j, "online", false);
    bool ok = j && cJSON_PrintPreallocated(j, will, (int)sizeof(will), false);
    cJSON_Delete(j);
    int rc = ok ? mosquitto_will_set(f->m, f->status_topic, (int)strlen(will), will, 1, true)
                : MOSQ_ERR_NOMEM;
    if (rc == MOSQ_ERR_SUCCESS && f->user)
        rc = mosquitto_username_pw_set(f->m, f->user, f->password);
    if (rc == MOSQ_ERR_SUCCESS && f->url.tls) {
        if (f->ca_file)
            rc = mosquitto_tls_set(f->m, f->ca_file, NULL, NULL, NULL, NULL);
        else
            rc = mosquitto_int_option(f->m, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
    }
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(err, "hallboard: fleet: %s\n", mosquitto_strerror(rc));
        return -1;
    }
    return 0;
}

static char *dup_or_null(const char *s, bool *ok)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        *ok = false;
    return d;
}

fleetlink *fleetlink_start(const fleetlink_config *cfg, FILE *err)
{
    pthread_once(&lib_once, lib_init);
    fleetlink *f = calloc(1, sizeof(*f));
    if (!f) {
        fprintf(err, "hallboard: fleet: out of memory\n");
        return NULL;
    }
    pthread_mutex_init(&f->lock, NULL);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&f->wake, &ca);
    pthread_condattr_destroy(&ca);
    f->err = err;
    f->on_message = cfg->on_message;
    f->on_state = cfg->on_state;
    f->ctx = cfg->ctx;
    f->every_s = cfg->status_every_s > 0 ? cfg->status_every_s : FLEETLINK_STATUS_EVERY;
    f->keepalive_s = cfg->keepalive_s > 0 ? cfg->keepalive_s : FLEETLINK_KEEPALIVE;
    bool ok = true;
    f->user = dup_or_null(cfg->user && cfg->user[0] ? cfg->user : NULL, &ok);
    f->password = dup_or_null(cfg->password, &ok);
    f->ca_file = dup_or_null(cfg->ca_file && cfg->ca_file[0] ? cfg->ca_file : NULL, &ok);
    if (!ok)
        fprintf(err, "hallboard: fleet: out of memory\n");
    if (!ok || link_names(f, cfg, err) != 0 || link_client(f, err) != 0)
        goto out_free;
    if (pthread_create(&f->thread, NULL, link_thread, f) != 0) {
        fprintf(err, "hallboard: fleet: cannot start a thread\n");
        goto out_free;
    }
    return f;
out_free:
    link_free(f);
    return NULL;
}

/* doc printed without the members that change at every publication. */
static char *status_key(const cJSON *doc)
{
    cJSON *c = cJSON_Duplicate(doc, true);
    static const char *const volatile_members[] = {"uptime_s", "frames", "memory_kib",
                                                   "published_at"};
    for (size_t i = 0; c && i < sizeof(volatile_members) / sizeof(*volatile_members); i++)
        cJSON_DeleteItemFromObjectCaseSensitive(c, volatile_members[i]);
    char *s = c ? cJSON_PrintUnformatted(c) : NULL;
    cJSON_Delete(c);
    return s;
}

int fleetlink_publish_status(fleetlink *f, const char *json)
{
    if (!f || !json || strlen(json) > FLEETLINK_MAX_STATUS)
        return -1;
    cJSON *doc = cJSON_Parse(json);
    char *key = cJSON_IsObject(doc) ? status_key(doc) : NULL;
    char *copy = key ? strdup(json) : NULL;
    cJSON_Delete(doc);
    if (!copy) {
        free(key);
        return -1;
    }
    pthread_mutex_lock(&f->lock);
    bool changed = !f->status_key || strcmp(f->status_key, key) != 0;
    free(f->status);
    f->status = copy;
    if (changed) {
        free(f->status_key);
        f->status_key = key;
        key = NULL;
        f->status_pending = true;
    }
    pthread_mutex_unlock(&f->lock);
    free(key);
    return 0;
}

void fleetlink_state(fleetlink *f, fleetlink_status *out)
{
    pthread_mutex_lock(&f->lock);
    *out = f->st;
    pthread_mutex_unlock(&f->lock);
}

const char *fleetlink_name(const fleetlink *f)
{
    return f->name;
}

void fleetlink_stop(fleetlink *f)
{
    if (!f)
        return;
    pthread_mutex_lock(&f->lock);
    f->stopping = true;
    bool was_connected = f->st.connected;
    pthread_cond_broadcast(&f->wake);
    pthread_mutex_unlock(&f->lock);
    if (was_connected)
        send_goodbye(f);
    pthread_join(f->thread, NULL);
    link_free(f);
}
