/* test_fleetlink.c - the board's link to the fleet broker, against a real mosquitto on
 * 127.0.0.1 (skipped when /usr/sbin/mosquitto is absent). */
#include "support.h"

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "civil.h"
#include "fleetlink.h"

#define PREFIX "hb/test"
#define FLEET_PREFIX "hb/fleet" /* the killed board's, alone there */
#define MAX_GOT 16

/* What the link handed to on_message, in order. */
typedef struct {
    pthread_mutex_t lock;
    size_t n;
    fleetlink_kind kind[MAX_GOT];
    char scope[MAX_GOT][FLEETLINK_NAME_MAX + 1];
    char *payload[MAX_GOT];
} inbox;

static void on_msg(void *ctx, fleetlink_kind kind, const char *scope, const char *payload,
                   size_t len)
{
    inbox *in = ctx;
    pthread_mutex_lock(&in->lock);
    if (in->n < MAX_GOT) {
        in->kind[in->n] = kind;
        snprintf(in->scope[in->n], sizeof(in->scope[0]), "%s", scope);
        in->payload[in->n] = strndup(payload, len);
        in->n++;
    }
    pthread_mutex_unlock(&in->lock);
}

/* Waits up to s seconds for a message of kind/scope whose payload is want. */
static bool inbox_has(inbox *in, fleetlink_kind kind, const char *scope, const char *want,
                      double s)
{
    for (double end = support_now() + s; support_now() < end; support_sleep(0.02)) {
        pthread_mutex_lock(&in->lock);
        bool found = false;
        for (size_t i = 0; i < in->n && !found; i++)
            found = in->kind[i] == kind && strcmp(in->scope[i], scope) == 0 &&
                    strcmp(in->payload[i], want) == 0;
        pthread_mutex_unlock(&in->lock);
        if (found)
            return true;
    }
    return false;
}

static void inbox_free(inbox *in)
{
    for (size_t i = 0; i < in->n; i++)
        free(in->payload[i]);
    pthread_mutex_destroy(&in->lock);
}

static pid_t doomed_pid; /* the child board, killed in teardown if a test failed */

static fleetlink *link_to(const support_broker *b, const char *name, const char *hall,
                          inbox *in)
{
    char url[64];
    snprintf(url, sizeof(url), "mqtt://127.0.0.1:%d", b->port);
    fleetlink_config cfg = {.broker = url, .prefix = PREFIX, .name = name, .hall = hall,
                            .on_message = on_msg, .ctx = in};
    fleetlink *f = fleetlink_start(&cfg, stderr);
    assert_non_null(f);
    return f;
}

static bool wait_connected(fleetlink *f, bool want, double s)
{
    fleetlink_status st;
    for (double end = support_now() + s; support_now() < end; support_sleep(0.02)) {
        fleetlink_state(f, &st);
        if (st.connected == want)
            return true;
    }
    return false;
}

static int setup(void **state)
{
    if (!support_have_broker()) {
        fprintf(stderr, "no %s: skipped\n", SUPPORT_MOSQUITTO);
        exit(77);
    }
    support_broker *b = calloc(1, sizeof(*b));
    if (support_broker_start(b, 0, NULL) != 0)
        return -1;
    *state = b;
    return 0;
}

static int teardown(void **state)
{
    if (doomed_pid > 0) {
        kill(doomed_pid, SIGKILL);
        waitpid(doomed_pid, NULL, 0);
    }
    support_broker_stop(*state);
    free(*state);
    return 0;
}

static void fleetlink_late_board_gets_the_retained_overrides_at_once(void **state)
{
    support_broker *b = *state;
    const char *all = "{\"hallboard_overrides\":1,\"halls\":{}}";
    const char *hall = "{\"hallboard_overrides\":1,\"announcement\":{\"text\":\"A only\"}}";
    const char *other = "{\"hallboard_overrides\":1,\"announcement\":{\"text\":\"B\"}}";
    assert_int_equal(support_broker_publish(b, PREFIX "/overrides", all, true), 0);
    assert_int_equal(support_broker_publish(b, PREFIX "/halls/A/overrides", hall, true), 0);
    assert_int_equal(support_broker_publish(b, PREFIX "/halls/B/overrides", other, true), 0);
    inbox in = {.lock = PTHREAD_MUTEX_INITIALIZER};
    double t0 = support_now();
    fleetlink *f = link_to(b, "late", "A", &in);
    assert_true(inbox_has(&in, FLEETLINK_OVERRIDES, "", all, 5));
    assert_true(inbox_has(&in, FLEETLINK_OVERRIDES, "A", hall, 5));
    assert_true(support_now() - t0 < 3); /* at once, not at a poll */
    /* A board of hall A does not hear about hall B. */
    assert_false(inbox_has(&in, FLEETLINK_OVERRIDES, "B", other, 0.3));
    fleetlink_stop(f);
    inbox_free(&in);
}

static void fleetlink_board_of_every_hall_hears_every_hall(void **state)
{
    support_broker *b = *state;
    const char *doc = "{\"hallboard_overrides\":1}";
    assert_int_equal(support_broker_publish(b, PREFIX "/halls/C/overrides", doc, true), 0);
    inbox in = {.lock = PTHREAD_MUTEX_INITIALIZER};
    fleetlink *f = link_to(b, "every", NULL, &in);
    assert_true(inbox_has(&in, FLEETLINK_OVERRIDES, "C", doc, 5));
    fleetlink_stop(f);
    inbox_free(&in);
}

static void fleetlink_reconnects_after_the_broker_restarts(void **state)
{
    support_broker *b = *state;
    inbox in = {.lock = PTHREAD_MUTEX_INITIALIZER};
    fleetlink *f = link_to(b, "survivor", NULL, &in);
    assert_true(wait_connected(f, true, 5));
    support_broker_kill(b);
    assert_true(wait_connected(f, false, 5));
    assert_int_equal(support_broker_start(b, b->port, NULL), 0);
    assert_true(wait_connected(f, true, 15));
    fleetlink_status st;
    fleetlink_state(f, &st);
    assert_int_equal(st.reconnects, 1);
    const char *feed = "{\"newer\": true}";
    assert_int_equal(support_broker_publish(b, PREFIX "/feed", feed, true), 0);
    assert_true(inbox_has(&in, FLEETLINK_FEED, "", feed, 5));
    fleetlink_stop(f);
    inbox_free(&in);
}

static void fleetlink_status_is_retained_under_the_board_name(void **state)
{
    support_broker *b = *state;
    inbox in = {.lock = PTHREAD_MUTEX_INITIALIZER};
    fleetlink *f = link_to(b, "hall-a-1", NULL, &in);
    assert_int_equal(fleetlink_publish_status(f, "{\"hallboard\":\"0.1.0\",\"uptime_s\":5}"), 0);
    assert_int_equal(fleetlink_publish_status(f, "[1]"), -1);
    assert_int_equal(fleetlink_publish_status(f, "not json"), -1);
    char *got = NULL;
    for (double end = support_now() + 5; !got && support_now() < end; support_sleep(0.05))
        got = support_broker_retained(b, PREFIX "/boards/hall-a-1/status", 0.5);
    assert_non_null(got);
    cJSON *j = cJSON_Parse(got);
    assert_non_null(j);
    assert_string_equal(cJSON_GetObjectItem(j, "board")->valuestring, "hall-a-1");
    assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "online")));
    assert_string_equal(cJSON_GetObjectItem(j, "hallboard")->valuestring, "0.1.0");
    int64_t at;
    assert_true(civil_parse_rfc3339(cJSON_GetObjectItem(j, "published_at")->valuestring, &at,
                                    NULL));
    cJSON_Delete(j);
    free(got);
    /* Stopping says goodbye: the retained status turns offline. */
    fleetlink_stop(f);
    got = support_broker_retained(b, PREFIX "/boards/hall-a-1/status", 2);
    assert_non_null(got);
    assert_string_equal(got, "{\"board\":\"hall-a-1\",\"online\":false}");
    free(got);
    inbox_free(&in);
}

/* The child: a board that links up, publishes its status and waits to be killed. */
static void run_doomed_board(int port)
{
    char url[64];
    snprintf(url, sizeof(url), "mqtt://127.0.0.1:%d", port);
    fleetlink_config cfg = {.broker = url, .prefix = FLEET_PREFIX, .name = "doomed"};
    fleetlink *f = fleetlink_start(&cfg, stderr);
    if (!f)
        _exit(1);
    fleetlink_publish_status(f, "{\"hallboard\":\"0.1.0\"}");
    for (;;)
        pause();
}

static void fleetlink_killed_board_is_offline_in_the_fleet_listing(void **state)
{
    support_broker *b = *state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0)
        run_doomed_board(b->port);
    doomed_pid = pid;
    bool online = false;
    for (double end = support_now() + 5; !online && support_now() < end; support_sleep(0.05)) {
        char *got = support_broker_retained(b, FLEET_PREFIX "/boards/doomed/status", 0.3);
        online = got && strstr(got, "\"online\":true");
        free(got);
    }
    assert_true(online);
    char url[64];
    snprintf(url, sizeof(url), "mqtt://127.0.0.1:%d", b->port);
    char *argv[] = {(char *)support_hallboard(), "fleet", "--broker", url, "--topic",
                    FLEET_PREFIX, NULL};
    support_run_result r = support_run(argv);
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.out, "doomed\tonline"));
    support_run_free(&r);
    kill(pid, SIGKILL);
    int st;
    waitpid(pid, &st, 0);
    doomed_pid = 0;
    /* The broker publishes the will; the listing says offline and exits 2. */
    bool offline = false;
    for (double end = support_now() + 5; !offline && support_now() < end; support_sleep(0.1)) {
        r = support_run(argv);
        offline = r.status == 2 && strstr(r.out, "doomed\toffline");
        if (!offline && support_now() + 0.1 >= end)
            fprintf(stderr, "fleet said (%d):\n%s%s", r.status, r.out, r.err);
        support_run_free(&r);
    }
    assert_true(offline);
}

static void fleetlink_drops_a_message_over_the_limit(void **state)
{
    support_broker *b = *state;
    inbox in = {.lock = PTHREAD_MUTEX_INITIALIZER};
    fleetlink *f = link_to(b, "small", "D", &in);
    assert_true(wait_connected(f, true, 5));
    size_t n = FLEETLINK_MAX_OVERRIDES + 1;
    char *big = malloc(n + 1);
    memset(big, 'x', n);
    big[n] = '\0';
    assert_int_equal(support_broker_publish(b, PREFIX "/halls/D/overrides", big, false), 0);
    const char *after = "{\"hallboard_overrides\":1}";
    assert_int_equal(support_broker_publish(b, PREFIX "/halls/D/overrides", after, false), 0);
    assert_true(inbox_has(&in, FLEETLINK_OVERRIDES, "D", after, 5));
    fleetlink_status st;
    fleetlink_state(f, &st);
    assert_int_equal(st.dropped, 1);
    pthread_mutex_lock(&in.lock);
    for (size_t i = 0; i < in.n; i++)
        assert_true(strlen(in.payload[i]) < n);
    pthread_mutex_unlock(&in.lock);
    free(big);
    fleetlink_stop(f);
    inbox_free(&in);
}

static void fleetlink_refuses_bad_settings(void **state)
{
    (void)state;
    fleetlink_config cfg = {.broker = "http://127.0.0.1:1883", .prefix = PREFIX, .name = "x"};
    assert_null(fleetlink_start(&cfg, stderr));
    cfg.broker = "mqtt://127.0.0.1:1883";
    cfg.prefix = "hb/#";
    assert_null(fleetlink_start(&cfg, stderr));
    cfg.prefix = PREFIX;
    cfg.name = "a/b";
    assert_null(fleetlink_start(&cfg, stderr));
    fleetlink_url u;
    char why[160];
    assert_int_equal(fleetlink_parse_url("mqtts://broker.example:8884", &u, why, sizeof(why)), 0);
    assert_string_equal(u.host, "broker.example");
    assert_int_equal(u.port, 8884);
    assert_true(u.tls);
    assert_int_equal(fleetlink_parse_url("mqtt://[::1]", &u, why, sizeof(why)), 0);
    assert_string_equal(u.host, "::1");
    assert_int_equal(u.port, FLEETLINK_DEFAULT_PORT);
    assert_false(u.tls);
    assert_int_equal(fleetlink_parse_url("mqtt://h:99999", &u, why, sizeof(why)), -1);
    assert_non_null(strstr(why, "port"));
    assert_int_equal(fleetlink_parse_url("mqtt://:1883", &u, why, sizeof(why)), -1);
}

static void fleetlink_waits_for_a_broker_that_is_not_there_yet(void **state)
{
    (void)state;
    support_broker later = {0};
    int port = support_closed_port();
    char url[64];
    snprintf(url, sizeof(url), "mqtt://127.0.0.1:%d", port);
    inbox in = {.lock = PTHREAD_MUTEX_INITIALIZER};
    fleetlink_config cfg = {.broker = url, .prefix = PREFIX, .name = "early",
                            .on_message = on_msg, .ctx = &in};
    fleetlink *f = fleetlink_start(&cfg, stderr);
    assert_non_null(f);
    support_sleep(0.5);
    fleetlink_status st;
    fleetlink_state(f, &st);
    assert_false(st.connected);
    assert_true(st.last_error[0] != '\0');
    assert_int_equal(support_broker_start(&later, port, NULL), 0);
    assert_true(wait_connected(f, true, 10));
    double t0 = support_now();
    fleetlink_stop(f); /* quick even though it was in a reconnect delay before */
    assert_true(support_now() - t0 < 3);
    support_broker_stop(&later);
    inbox_free(&in);
}

static void fleetlink_mqtts_trusts_the_ca_file_and_refuses_an_unknown_certificate(void **state)
{
    (void)state;
    char *tls_dir = support_tempdir();
    char cert[600], key[600], conf[1400], url[64];
    snprintf(cert, sizeof(cert), "%s/broker.crt", tls_dir);
    snprintf(key, sizeof(key), "%s/broker.key", tls_dir);
    assert_int_equal(support_make_cert(cert, key, "127.0.0.1", "DNS:127.0.0.1,IP:127.0.0.1"), 0);
    /* mosquitto started as root reads them as the user it switches to. */
    chmod(tls_dir, 0755);
    chmod(key, 0644);
    snprintf(conf, sizeof(conf), "certfile %s\nkeyfile %s\n", cert, key);
    support_broker tls = {0};
    assert_int_equal(support_broker_start(&tls, 0, conf), 0);
    snprintf(url, sizeof(url), "mqtts://127.0.0.1:%d", tls.port);
    inbox in = {.lock = PTHREAD_MUTEX_INITIALIZER};
    fleetlink_config cfg = {.broker = url, .prefix = PREFIX, .name = "tls", .ca_file = cert,
                            .on_message = on_msg, .ctx = &in};
    fleetlink *f = fleetlink_start(&cfg, stderr);
    assert_non_null(f);
    assert_true(wait_connected(f, true, 10));
    fleetlink_stop(f);
    /* The system's CA store does not know this certificate. */
    cfg.ca_file = NULL;
    cfg.name = "untrusting";
    f = fleetlink_start(&cfg, stderr);
    assert_non_null(f);
    assert_false(wait_connected(f, true, 2));
    fleetlink_status st;
    fleetlink_state(f, &st);
    assert_true(st.last_error[0] != '\0');
    fleetlink_stop(f);
    support_broker_stop(&tls);
    support_remove_tree(tls_dir);
    free(tls_dir);
    inbox_free(&in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fleetlink_late_board_gets_the_retained_overrides_at_once),
        cmocka_unit_test(fleetlink_board_of_every_hall_hears_every_hall),
        cmocka_unit_test(fleetlink_status_is_retained_under_the_board_name),
        cmocka_unit_test(fleetlink_drops_a_message_over_the_limit),
        cmocka_unit_test(fleetlink_refuses_bad_settings),
        cmocka_unit_test(fleetlink_waits_for_a_broker_that_is_not_there_yet),
        cmocka_unit_test(fleetlink_killed_board_is_offline_in_the_fleet_listing),
        cmocka_unit_test(fleetlink_reconnects_after_the_broker_restarts),
        cmocka_unit_test(fleetlink_mqtts_trusts_the_ca_file_and_refuses_an_unknown_certificate),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
