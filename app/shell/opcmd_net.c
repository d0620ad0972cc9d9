/* opcmd_net.c - where the operator commands read and send documents (opcmd_int.h):
 * a broker (libmosquitto, driven here one loop at a time with deadlines: the retained
 * message of a topic, a retained QoS 1 publication acknowledged by the broker) or one
 * board's control endpoint (libcurl: GET and PUT with a bearer token).
 */
#include "opcmd_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <mosquitto.h>

#include "cli.h"
#include "fleet.h"
#include "fleetlink.h"
#include "growbuf.h"
#include "override.h"
#include "rfile.h"

#define OPNET_MAX_ANSWER (OVERRIDE_MAX_BYTES * 2u) /* bytes of a board's answer */

struct opnet {
    bool broker;
    struct mosquitto *m;
    fleetlink_url url;
    const char *prefix;
    char base[FLEETLINK_HOST_MAX + 32]; /* the board: http://HOST:PORT */
    char *token;
    /* What the broker's callbacks saw. */
    int connack;                         /* the CONNACK's code */
    bool connacked, subacked, acked, lost;
    int pub_mid;
    double last_msg;
    void (*collect)(void *ctx, const char *topic, const char *payload, size_t len);
    void *collect_ctx;
};

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

char *opnet_read_secret(const char *path, size_t cap, FILE *err)
{
    char *s, why[300];
    size_t len;
    if (rfile_read(path, cap, &s, &len, why, sizeof(why)) != 0) {
        fprintf(err, "hallboard: %s\n", why);
        return NULL;
    }
    s[strcspn(s, "\r\n")] = '\0';
    if (!s[0]) {
        fprintf(err, "hallboard: %s is empty\n", path);
        free(s);
        return NULL;
    }
    return s;
}

static void on_connect(struct mosquitto *m, void *ud, int rc)
{
    (void)m;
    ((opnet *)ud)->connack = rc;
    ((opnet *)ud)->connacked = true;
}

static void on_disconnect(struct mosquitto *m, void *ud, int rc)
{
    (void)m;
    (void)rc;
    ((opnet *)ud)->lost = true;
}

static void on_subscribe(struct mosquitto *m, void *ud, int mid, int n, const int *qos)
{
    (void)m;
    (void)mid;
    (void)n;
    (void)qos;
    opnet *net = ud;
    net->subacked = true;
    net->last_msg = mono_now();
}

static void on_publish(struct mosquitto *m, void *ud, int mid)
{
    (void)m;
    opnet *net = ud;
    if (mid == net->pub_mid)
        net->acked = true;
}

static void on_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
    (void)m;
    opnet *net = ud;
    net->last_msg = mono_now();
    if (net->collect)
        net->collect(net->collect_ctx, msg->topic, msg->payloadlen > 0 ? msg->payload : "",
                     msg->payloadlen > 0 ? (size_t)msg->payloadlen : 0);
}

/* Runs the client's loop until *flag is set, the connection is lost or the deadline
 * passes. Returns true when the flag was set. */
static bool loop_until(opnet *n, const bool *flag, double deadline)
{
    while (!*flag && !n->lost && mono_now() < deadline)
        if (mosquitto_loop(n->m, 100, 1) != MOSQ_ERR_SUCCESS)
            return *flag;
    return *flag;
}

/* Connects to the broker of o. Returns 0 or a CLI_EXIT_* code after a line on err. */
static int broker_connect(opnet *n, const opcmd_opts *o, FILE *err)
{
    char why[200];
    if (fleetlink_parse_url(o->broker, &n->url, why, sizeof(why)) != 0) {
        fprintf(err, "hallboard: %s: --broker: %s\n", o->cmd, why);
        return CLI_EXIT_USAGE;
    }
    if (!fleetlink_prefix_ok(o->topic)) {
        fprintf(err, "hallboard: %s: --topic \"%s\" is not a topic prefix (no + # or leading, "
                     "trailing or double /)\n", o->cmd, o->topic);
        return CLI_EXIT_USAGE;
    }
    n->prefix = o->topic;
    mosquitto_lib_init();
    n->m = mosquitto_new(NULL, true, n);
    if (!n->m)
        return CLI_EXIT_NETWORK;
    mosquitto_connect_callback_set(n->m, on_connect);
    mosquitto_disconnect_callback_set(n->m, on_disconnect);
    mosquitto_subscribe_callback_set(n->m, on_subscribe);
    mosquitto_publish_callback_set(n->m, on_publish);
    mosquitto_message_callback_set(n->m, on_message);
    int rc = MOSQ_ERR_SUCCESS;
    if (o->user) {
        char *pw = o->password_file ? opnet_read_secret(o->password_file, OPCMD_PASSWORD_MAX, err)
                                    : NULL;
        if (o->password_file && !pw)
            return CLI_EXIT_USAGE;
        rc = mosquitto_username_pw_set(n->m, o->user, pw);
        free(pw);
    }
    if (rc == MOSQ_ERR_SUCCESS && n->url.tls)
        rc = o->ca_file ? mosquitto_tls_set(n->m, o->ca_file, NULL, NULL, NULL, NULL)
                        : mosquitto_int_option(n->m, MOSQ_OPT_TLS_USE_OS_CERTS, 1);
    if (rc == MOSQ_ERR_SUCCESS)
        rc = mosquitto_connect_async(n->m, n->url.host, n->url.port, FLEETLINK_KEEPALIVE);
    if (rc != MOSQ_ERR_SUCCESS) {
        fprintf(err, "hallboard: %s: %s: %s\n", o->cmd, o->broker,
                rc == MOSQ_ERR_ERRNO ? strerror(errno) : mosquitto_strerror(rc));
        return CLI_EXIT_NETWORK;
    }
    loop_until(n, &n->connacked, mono_now() + OPCMD_CONNECT_TIMEOUT);
    if (!n->connacked || n->connack != 0) {
        fprintf(err, "hallboard: %s: %s: %s\n", o->cmd, o->broker,
                n->connacked ? mosquitto_connack_string(n->connack)
                             : "no answer from the broker");
        return CLI_EXIT_NETWORK;
    }
    return 0;
}

opnet *opnet_open(const opcmd_opts *o, int *rc, FILE *err)
{
    opnet *n = calloc(1, sizeof(*n));
    *rc = CLI_EXIT_NETWORK;
    if (!n)
        return NULL;
    n->broker = o->broker != NULL;
    if (n->broker) {
        *rc = broker_connect(n, o, err);
    } else {
        const char *b = o->board;
        bool ok = b[0] && strlen(b) <= FLEETLINK_HOST_MAX && !strpbrk(b, " /\t\r\n@?#");
        if (ok && (b[0] == '[' ? strstr(b, "]:") != NULL : strchr(b, ':') != NULL))
            snprintf(n->base, sizeof(n->base), "http://%s", b);
        else if (ok)
            snprintf(n->base, sizeof(n->base), "http://%s:%d", b, FLEET_DEFAULT_PORT);
        *rc = ok ? 0 : CLI_EXIT_USAGE;
        if (!ok)
            fprintf(err, "hallboard: %s: --board \"%s\" is not HOST[:PORT]\n", o->cmd, b);
        if (ok && o->token_file) {
            n->token = opnet_read_secret(o->token_file, OPCMD_TOKEN_MAX, err);
            *rc = n->token ? 0 : CLI_EXIT_USAGE;
        }
    }
    if (*rc) {
        opnet_close(n);
        return NULL;
    }
    return n;
}

/* Subscribes to filter (under the prefix) and hands each message to cb until
 * OPCMD_QUIET s pass without one after the SUBACK, or OPCMD_WAIT_RETAINED s. */
int opnet_collect(opnet *n, const char *filter,
                  void (*cb)(void *ctx, const char *topic, const char *payload, size_t len),
                  void *ctx, FILE *err)
{
    char topic[FLEETLINK_TOPIC_MAX * 2];
    snprintf(topic, sizeof(topic), "%s/%s", n->prefix, filter);
    n->collect = cb;
    n->collect_ctx = ctx;
    n->subacked = false;
    int rc = mosquitto_subscribe(n->m, NULL, topic, 1);
    double end = mono_now() + OPCMD_WAIT_RETAINED;
    while (rc == MOSQ_ERR_SUCCESS && !n->lost && mono_now() < end &&
           !(n->subacked && mono_now() - n->last_msg >= OPCMD_QUIET))
        rc = mosquitto_loop(n->m, 50, 1);
    n->collect = NULL;
    if (rc != MOSQ_ERR_SUCCESS || n->lost || !n->subacked) {
        fprintf(err, "hallboard: %s:%d: cannot read %s: %s\n", n->url.host, n->url.port, topic,
                n->lost ? "the broker closed the connection"
                : rc    ? mosquitto_strerror(rc)
                        : "no answer to the subscription");
        return CLI_EXIT_NETWORK;
    }
    return 0;
}

typedef struct {
    growbuf b;
    bool got;
} one_doc;

static void take_one(void *ctx, const char *topic, const char *payload, size_t len)
{
    (void)topic;
    one_doc *d = ctx;
    growbuf_free(&d->b);
    d->got = len > 0 && growbuf_append(&d->b, payload, len, OPNET_MAX_ANSWER);
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
    return growbuf_append(ud, p, size * nmemb, OPNET_MAX_ANSWER) ? size * nmemb : 0;
}

/* One request to the board: method on /what with body (or none). Returns the HTTP
 * status (0: no answer, reason in why) and the answer in *ans. */
static long board_request(opnet *n, const char *method, const char *what, const char *body,
                          size_t len, growbuf *ans, char *why, size_t whycap)
{
    char url[FLEETLINK_HOST_MAX + 400], auth[OPCMD_TOKEN_MAX + 32];
    snprintf(url, sizeof(url), "%s/%s", n->base, what);
    CURL *h = curl_easy_init();
    if (!h) {
        snprintf(why, whycap, "cannot start libcurl");
        return 0;
    }
    struct curl_slist *hdr = NULL;
    if (n->token) {
        snprintf(auth, sizeof(auth), "Authorization: Bearer %s", n->token);
        hdr = curl_slist_append(hdr, auth);
    }
    if (body) {
        hdr = curl_slist_append(hdr, "Content-Type: application/json");
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, ans);
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, (long)OPCMD_CONNECT_TIMEOUT);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, (long)OPCMD_ACK_TIMEOUT);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http");
    CURLcode cc = curl_easy_perform(h);
    long code = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
    if (cc != CURLE_OK)
        snprintf(why, whycap, "%s", curl_easy_strerror(cc));
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    return cc == CURLE_OK ? code : 0;
}

/* The board's "error" from an answer, or the status. */
static void board_error(long code, const growbuf *ans, char *buf, size_t cap)
{
    cJSON *j = ans->data ? cJSON_Parse(ans->data) : NULL;
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
    if (cJSON_IsString(e))
        snprintf(buf, cap, "HTTP %ld: %.300s", code, e->valuestring);
    else
        snprintf(buf, cap, "HTTP %ld", code);
    cJSON_Delete(j);
}

int opnet_get(opnet *n, const char *what, char **body, size_t *len, FILE *err)
{
    *body = NULL;
    *len = 0;
    one_doc d = {{NULL, 0, 0}, false};
    if (n->broker) {
        int rc = opnet_collect(n, what, take_one, &d, err);
        if (rc || !d.got) {
            growbuf_free(&d.b);
            return rc;
        }
    } else {
        char why[300];
        long code = board_request(n, "GET", what, NULL, 0, &d.b, why, sizeof(why));
        if (code == 404) {
            growbuf_free(&d.b);
            return 0;
        }
        if (code != 200) {
            if (code)
                board_error(code, &d.b, why, sizeof(why));
            fprintf(err, "hallboard: %s/%s: %s\n", n->base, what, why);
            growbuf_free(&d.b);
            return CLI_EXIT_NETWORK;
        }
    }
    *body = d.b.data ? d.b.data : calloc(1, 1);
    *len = d.b.len;
    return *body ? 0 : CLI_EXIT_NETWORK;
}

int opnet_put(opnet *n, const char *what, const char *body, size_t len, FILE *err)
{
    if (!n->broker) {
        growbuf ans = {NULL, 0, 0};
        char why[400];
        long code = board_request(n, "PUT", what, body, len, &ans, why, sizeof(why));
        if (code && (code < 200 || code > 299))
            board_error(code, &ans, why, sizeof(why));
        growbuf_free(&ans);
        if (code >= 200 && code <= 299)
            return 0;
        fprintf(err, "hallboard: %s/%s: %s\n", n->base, what, why);
        return code == 422 || code == 400 || code == 413 ? CLI_EXIT_INVALID : CLI_EXIT_NETWORK;
    }
    char topic[FLEETLINK_TOPIC_MAX * 2];
    snprintf(topic, sizeof(topic), "%s/%s", n->prefix, what);
    n->acked = false;
    int rc = mosquitto_publish(n->m, &n->pub_mid, topic, (int)len, body, 1, true);
    if (rc == MOSQ_ERR_SUCCESS && loop_until(n, &n->acked, mono_now() + OPCMD_ACK_TIMEOUT))
        return 0;
    fprintf(err, "hallboard: %s:%d: %s was not acknowledged: %s\n", n->url.host, n->url.port,
            topic, rc ? mosquitto_strerror(rc) : n->lost ? "the broker closed the connection"
                                                         : "no answer");
    return CLI_EXIT_NETWORK;
}

const char *opnet_where(const opnet *n, const char *what, char *buf, size_t cap)
{
    if (n->broker)
        snprintf(buf, cap, "%s://%s:%d topic %s/%s (retained)", n->url.tls ? "mqtts" : "mqtt",
                 n->url.host, n->url.port, n->prefix, what);
    else
        snprintf(buf, cap, "%s/%s", n->base, what);
    return buf;
}

void opnet_close(opnet *n)
{
    if (!n)
        return;
    if (n->m) {
        if (n->connacked && n->connack == 0 && !n->lost) {
            mosquitto_disconnect(n->m);
            mosquitto_loop(n->m, 50, 1);
        }
        mosquitto_destroy(n->m);
    }
    free(n->token);
    free(n);
}
