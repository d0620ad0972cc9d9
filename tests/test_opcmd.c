/* test_opcmd.c - the operator commands (announce, override, clear, push, fleet) as the
 * hallboard binary runs them, against a real mosquitto on 127.0.0.1 (skipped when it
 * is absent) and a small board endpoint (libmicrohttpd) that keeps what is PUT. */
#include "support.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "civil.h"
#include "envelope.h"
#include "growbuf.h"
#include "sign.h"

#define PREFIX "hb/ops"
#define TOKEN "a-long-enough-test-token-0123456789"

static support_broker broker;
static char broker_url[64];
static char *dir;

/* ---- A board's endpoint that keeps documents ------------------------------------ */

#define SIM_DOCS 4

typedef struct {
    struct MHD_Daemon *d;
    int port;
    pthread_mutex_t lock;
    char path[SIM_DOCS][64];
    char *doc[SIM_DOCS];
    int puts, refused;
    char last_auth[128];
} board_sim;

static enum MHD_Result answer(struct MHD_Connection *c, unsigned code, const char *body)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result rc = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return rc;
}

/* The slot of path (made when make), or -1. Called with the lock held. */
static int sim_slot(board_sim *s, const char *path, bool make)
{
    for (int i = 0; i < SIM_DOCS; i++)
        if (s->doc[i] && strcmp(s->path[i], path) == 0)
            return i;
    for (int i = 0; make && i < SIM_DOCS; i++)
        if (!s->doc[i]) {
            snprintf(s->path[i], sizeof(s->path[i]), "%s", path);
            return i;
        }
    return -1;
}

static enum MHD_Result sim_handler(void *cls, struct MHD_Connection *c, const char *url,
                                   const char *method, const char *version,
                                   const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    board_sim *s = cls;
    growbuf *body = *con_cls;
    if (!body) {
        *con_cls = calloc(1, sizeof(growbuf));
        return MHD_YES;
    }
    if (*upload_size) {
        growbuf_append(body, upload, *upload_size, 1u << 20);
        *upload_size = 0;
        return MHD_YES;
    }
    enum MHD_Result rc;
    pthread_mutex_lock(&s->lock);
    if (strcmp(method, "GET") == 0) {
        int i = sim_slot(s, url, false);
        rc = i >= 0 ? answer(c, 200, s->doc[i]) : answer(c, 404, "{\"error\":\"none\"}");
    } else if (strcmp(method, "PUT") == 0) {
        const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
        snprintf(s->last_auth, sizeof(s->last_auth), "%s", auth ? auth : "");
        int i = sim_slot(s, url, true);
        if (!auth || strcmp(auth, "Bearer " TOKEN) != 0) {
            s->refused++;
            rc = answer(c, 401, "{\"error\":\"a valid token is needed\"}");
        } else if (i < 0 || !body->data) {
            rc = answer(c, 400, "{\"error\":\"empty\"}");
        } else {
            free(s->doc[i]);
            s->doc[i] = strdup(body->data);
            s->puts++;
            rc = answer(c, 200, "{\"ok\":true}");
        }
    } else {
        rc = answer(c, 405, "{\"error\":\"method\"}");
    }
    pthread_mutex_unlock(&s->lock);
    growbuf_free(body);
    free(body);
    *con_cls = NULL;
    return rc;
}

static void sim_start(board_sim *s)
{
    memset(s, 0, sizeof(*s));
    pthread_mutex_init(&s->lock, NULL);
    s->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, sim_handler, s,
                            MHD_OPTION_SOCK_ADDR, NULL, MHD_OPTION_END);
    assert_non_null(s->d);
    s->port = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT)->port;
}

static char *sim_doc(board_sim *s, const char *path)
{
    pthread_mutex_lock(&s->lock);
    int i = sim_slot(s, path, false);
    char *d = i >= 0 ? strdup(s->doc[i]) : NULL;
    pthread_mutex_unlock(&s->lock);
    return d;
}

static void sim_stop(board_sim *s)
{
    MHD_stop_daemon(s->d);
    for (int i = 0; i < SIM_DOCS; i++)
        free(s->doc[i]);
    pthread_mutex_destroy(&s->lock);
}

/* ---- Running the commands ------------------------------------------------------- */

/* Runs hallboard with args (NULL-ended) and then, unless board, the broker target. */
static support_run_result run(const char *const *args, bool to_broker)
{
    char *argv[32];
    size_t n = 0;
    argv[n++] = (char *)support_hallboard();
    for (; *args; args++)
        argv[n++] = (char *)*args;
    if (to_broker) {
        argv[n++] = "--broker";
        argv[n++] = broker_url;
        argv[n++] = "--topic";
        argv[n++] = PREFIX;
    }
    argv[n] = NULL;
    return support_run(argv);
}

/* Runs and expects exit code want; returns stdout's first line (static). */
static const char *expect_run(const char *const *args, bool to_broker, int want)
{
    static char line[1024];
    support_run_result r = run(args, to_broker);
    if (r.status != want)
        fprintf(stderr, "exit %d, wanted %d:\n%s%s", r.status, want, r.out, r.err);
    assert_int_equal(r.status, want);
    snprintf(line, sizeof(line), "%s", r.out);
    line[strcspn(line, "\n")] = '\0';
    support_run_free(&r);
    return line;
}

/* The retained document of PREFIX/what, parsed (cJSON_Delete it). */
static cJSON *retained_doc(const char *what)
{
    char topic[200];
    snprintf(topic, sizeof(topic), "%s/%s", PREFIX, what);
    char *got = support_broker_retained(&broker, topic, 2);
    assert_non_null(got);
    cJSON *j = cJSON_Parse(got);
    free(got);
    assert_non_null(j);
    return j;
}

static const cJSON *at(const cJSON *o, const char *path)
{
    char buf[200];
    snprintf(buf, sizeof(buf), "%s", path);
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
        o = cJSON_GetObjectItemCaseSensitive(o, k);
    return o;
}

static int setup(void **state)
{
    (void)state;
    if (!support_have_broker()) {
        fprintf(stderr, "no %s: skipped\n", SUPPORT_MOSQUITTO);
        exit(77);
    }
    if (support_broker_start(&broker, 0, NULL) != 0)
        return -1;
    snprintf(broker_url, sizeof(broker_url), "mqtt://127.0.0.1:%d", broker.port);
    dir = support_tempdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    support_broker_stop(&broker);
    support_remove_tree(dir);
    free(dir);
    return 0;
}

/* ---- The tests -------------------------------------------------------------------- */

static void opcmd_announce_override_clear_leave_the_expected_document(void **state)
{
    (void)state;
    int64_t before = (int64_t)time(NULL);
    const char *line = expect_run((const char *[]){"announce", "Lunch is in hall B", "--level",
                                                   "urgent", NULL}, true, 0);
    assert_non_null(strstr(line, "topic " PREFIX "/overrides"));
    expect_run((const char *[]){"override", "--session", "s1", "--delay", "15", NULL}, true, 0);
    expect_run((const char *[]){"override", "--session", "s2", "--cancel", "--note",
                                "Speaker ill", NULL}, true, 0);
    expect_run((const char *[]){"override", "--session", "s3", "--hall", "B", "--full", NULL},
               true, 0);
    expect_run((const char *[]){"clear", "--session", "s1", NULL}, true, 0);
    cJSON *d = retained_doc("overrides");
    assert_int_equal(at(d, "hallboard_overrides")->valueint, 1);
    assert_string_equal(at(d, "announcement.text")->valuestring, "Lunch is in hall B");
    assert_string_equal(at(d, "announcement.level")->valuestring, "urgent");
    int64_t until;
    assert_true(civil_parse_rfc3339(at(d, "announcement.until")->valuestring, &until, NULL));
    assert_true(until >= before + 2 * 3600 && until <= (int64_t)time(NULL) + 2 * 3600);
    assert_null(at(d, "sessions.s1"));
    assert_string_equal(at(d, "sessions.s2.status")->valuestring, "cancelled");
    assert_string_equal(at(d, "sessions.s2.note")->valuestring, "Speaker ill");
    assert_string_equal(at(d, "sessions.s3.hall")->valuestring, "B");
    assert_true(cJSON_IsTrue(at(d, "sessions.s3.hall_full")));
    assert_int_equal(cJSON_GetArraySize(at(d, "sessions")), 2);
    cJSON_Delete(d);
    expect_run((const char *[]){"clear", "--announcement", NULL}, true, 0);
    d = retained_doc("overrides");
    assert_null(at(d, "announcement"));
    assert_non_null(at(d, "sessions.s2"));
    cJSON_Delete(d);
    expect_run((const char *[]){"clear", "--all", NULL}, true, 0);
    d = retained_doc("overrides");
    assert_int_equal(cJSON_GetArraySize(d), 1); /* {"hallboard_overrides": 1} */
    cJSON_Delete(d);
}

static void opcmd_announce_for_a_hall_goes_to_the_hall_topic(void **state)
{
    (void)state;
    char until[CIVIL_UTC_LEN];
    civil_format_utc((int64_t)time(NULL) + 3600, until);
    expect_run((const char *[]){"announce", "Hall A is full", "--level", "info", "--hall", "A",
                                "--until", until, NULL}, true, 0);
    cJSON *d = retained_doc("halls/A/overrides");
    assert_string_equal(at(d, "announcement.hall")->valuestring, "A");
    assert_string_equal(at(d, "announcement.until")->valuestring, until);
    cJSON_Delete(d);
}

static void opcmd_drops_entries_already_past_their_until(void **state)
{
    (void)state;
    const char *old = "{\"hallboard_overrides\":1,\"sessions\":{"
                      "\"gone\":{\"delay_min\":5,\"until\":\"2020-01-01T00:00:00Z\"},"
                      "\"kept\":{\"delay_min\":5,\"until\":\"2100-01-01T00:00:00Z\"}}}";
    assert_int_equal(support_broker_publish(&broker, PREFIX "/overrides", old, true), 0);
    expect_run((const char *[]){"override", "--session", "new", "--delay", "10", NULL}, true, 0);
    cJSON *d = retained_doc("overrides");
    assert_null(at(d, "sessions.gone"));
    assert_non_null(at(d, "sessions.kept"));
    assert_int_equal(at(d, "sessions.new.delay_min")->valueint, 10);
    cJSON_Delete(d);
}

static void opcmd_signed_override_is_an_envelope_that_verifies(void **state)
{
    (void)state;
    char prefix[500], key[600], pub[600];
    snprintf(prefix, sizeof(prefix), "%s/organiser", dir);
    snprintf(key, sizeof(key), "%s.key", prefix);
    snprintf(pub, sizeof(pub), "%s.pub", prefix);
    assert_int_equal(sign_keygen(prefix, stderr), 0);
    expect_run((const char *[]){"clear", "--all", NULL}, true, 0);
    uint64_t seq[2];
    for (int round = 0; round < 2; round++) {
        const char *line = expect_run((const char *[]){"announce", "Fire drill", "--level",
                                                       "emergency", "--key", key, NULL}, true, 0);
        assert_non_null(strstr(line, "signed"));
        char *got = support_broker_retained(&broker, PREFIX "/overrides", 2);
        assert_non_null(got);
        assert_true(envelope_sniff(got, strlen(got)));
        envelope e;
        char why[300];
        assert_int_equal(envelope_parse(got, strlen(got), &e, why, sizeof(why)), 0);
        assert_int_equal(e.kind, ENVELOPE_OVERRIDES);
        assert_string_equal(e.scope, "");
        seq[round] = e.seq;
        cJSON *doc = cJSON_Parse((const char *)e.payload);
        int64_t until;
        assert_true(civil_parse_rfc3339(at(doc, "announcement.until")->valuestring, &until,
                                        NULL));
        assert_int_equal(e.expires, until); /* the document's latest until */
        cJSON_Delete(doc);
        sign_key *k = sign_load_public(pub, stderr);
        assert_non_null(k);
        size_t n;
        unsigned char *msg = envelope_signed_bytes(&e, &n);
        assert_true(sign_verify(k, msg, n, e.sig));
        free(msg);
        sign_key_free(k);
        envelope_clear(&e);
        free(got);
    }
    assert_true(seq[0] >= (uint64_t)time(NULL) * 1000u - 60000u);
    assert_true(seq[1] > seq[0]);
}

static void opcmd_push_sends_a_valid_feed_and_refuses_an_invalid_one(void **state)
{
    (void)state;
    char bad[600];
    snprintf(bad, sizeof(bad), "%s/bad.json", dir);
    const char *broken = "{\"hallboard\": 1, \"sessions\": [ {";
    assert_int_equal(support_write_file(bad, broken, strlen(broken)), 0);
    support_run_result r = run((const char *[]){"push", bad, NULL}, true);
    assert_int_equal(r.status, 1);
    assert_non_null(strstr(r.err, "not a valid feed; nothing sent"));
    support_run_free(&r);
    assert_null(support_broker_retained(&broker, PREFIX "/feed", 0.5));
    const char *good = HB_SOURCE_DIR "/tests/inputs/multihall.json";
    const char *line = expect_run((const char *[]){"push", good, NULL}, true, 0);
    assert_non_null(strstr(line, "8 sessions"));
    size_t len;
    char *want = support_read_file(good, &len);
    char *got = support_broker_retained(&broker, PREFIX "/feed", 2);
    assert_non_null(got);
    assert_string_equal(got, want); /* as it is */
    free(want);
    free(got);
}

static void opcmd_board_round_trip_through_its_endpoint(void **state)
{
    (void)state;
    board_sim sim;
    sim_start(&sim);
    char board[64], token[600], wrong[600];
    snprintf(board, sizeof(board), "127.0.0.1:%d", sim.port);
    snprintf(token, sizeof(token), "%s/token", dir);
    snprintf(wrong, sizeof(wrong), "%s/wrong", dir);
    assert_int_equal(support_write_file(token, TOKEN "\n", strlen(TOKEN) + 1), 0);
    assert_int_equal(support_write_file(wrong, "nope-nope-nope-nope\n", 20), 0);
    const char *line = expect_run((const char *[]){"override", "--session", "s7", "--delay",
                                                   "20", "--board", board, "--token-file",
                                                   token, NULL}, false, 0);
    assert_non_null(strstr(line, "/overrides"));
    expect_run((const char *[]){"announce", "Coffee now", "--level", "info", "--board", board,
                                "--token-file", token, NULL}, false, 0);
    char *doc = sim_doc(&sim, "/overrides");
    assert_non_null(doc);
    cJSON *d = cJSON_Parse(doc);
    assert_int_equal(at(d, "sessions.s7.delay_min")->valueint, 20); /* read, modified, kept */
    assert_string_equal(at(d, "announcement.text")->valuestring, "Coffee now");
    cJSON_Delete(d);
    free(doc);
    assert_string_equal(sim.last_auth, "Bearer " TOKEN);
    support_run_result r = run((const char *[]){"clear", "--all", "--board", board,
                                                "--token-file", wrong, NULL}, false);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, "a valid token is needed"));
    support_run_free(&r);
    assert_int_equal(sim.puts, 2);
    assert_int_equal(sim.refused, 1);
    sim_stop(&sim);
}

static void opcmd_unreachable_broker_is_a_network_failure(void **state)
{
    (void)state;
    char url[64];
    snprintf(url, sizeof(url), "mqtt://127.0.0.1:%d", support_closed_port());
    support_run_result r = run((const char *[]){"announce", "x", "--level", "info", "--broker",
                                                url, "--topic", PREFIX, NULL}, false);
    assert_int_equal(r.status, 2);
    assert_non_null(strstr(r.err, url));
    support_run_free(&r);
}

static void opcmd_bad_arguments_are_usage_errors(void **state)
{
    (void)state;
    static const struct {
        const char *args[8];
        const char *says;
    } cases[] = {
        {{"announce", "--level", "info", NULL}, "TEXT is missing"},
        {{"announce", "hi", NULL}, "--level info|urgent|emergency is required"},
        {{"announce", "hi", "--level", "loud", NULL}, "\"loud\" is not info, urgent or emergency"},
        {{"announce", "hi", "--level", "info", "--until", "25:99", NULL}, "is not HH:MM"},
        {{"announce", "hi", "--level", "info", "--until", "2020-01-01T00:00:00Z", NULL},
         "not in the future"},
        {{"override", "--delay", "5", NULL}, "--session ID is required"},
        {{"override", "--session", "s1", NULL}, "say what changes"},
        {{"override", "--session", "s1", "--delay", "-3", NULL}, "is not 0..1440"},
        {{"clear", NULL}, "say what to clear"},
        {{"clear", "--all", "--announcement", NULL}, "say what to clear"},
        {{"push", NULL}, "FEED is missing"},
        {{"override", "--session", "s1", "--full", "--bogus", NULL}, "unknown option --bogus"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
        support_run_result r = run(cases[i].args, true);
        if (r.status != 64 || !strstr(r.err, cases[i].says))
            fprintf(stderr, "case %zu: exit %d: %s", i, r.status, r.err);
        assert_int_equal(r.status, 64);
        assert_non_null(strstr(r.err, cases[i].says));
        assert_non_null(strstr(r.err, "usage: hallboard"));
        support_run_free(&r);
    }
    /* Where to is required, and only one of the two. */
    support_run_result r = run((const char *[]){"clear", "--all", NULL}, false);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "where to?"));
    support_run_free(&r);
    r = run((const char *[]){"clear", "--all", "--board", "h:1", NULL}, true);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "not both"));
    support_run_free(&r);
    r = run((const char *[]){"fleet", "--broker", "http://x", "--topic", "t", NULL}, false);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "is not mqtt://"));
    support_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(opcmd_announce_override_clear_leave_the_expected_document),
        cmocka_unit_test(opcmd_announce_for_a_hall_goes_to_the_hall_topic),
        cmocka_unit_test(opcmd_drops_entries_already_past_their_until),
        cmocka_unit_test(opcmd_signed_override_is_an_envelope_that_verifies),
        cmocka_unit_test(opcmd_push_sends_a_valid_feed_and_refuses_an_invalid_one),
        cmocka_unit_test(opcmd_board_round_trip_through_its_endpoint),
        cmocka_unit_test(opcmd_unreachable_broker_is_a_network_failure),
        cmocka_unit_test(opcmd_bad_arguments_are_usage_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
