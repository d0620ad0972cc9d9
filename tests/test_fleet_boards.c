/* test_fleet_boards.c - a fleet of real boards (the hallboard binary on SDL's dummy video
 * driver) on a real Mosquitto broker on 127.0.0.1:
 *   - 20 boards receive one `hallboard announce --level emergency` and all show it (their
 *     /status), p99 of the delay under 1 s; `hallboard fleet` lists 20 online; a board
 *     killed shows offline by its last will (exit 2);
 *   - a board that starts after the announcement gets it at once (retained);
 *   - broker killed and restarted: the boards reconnect and take a newer document;
 *   - with a trusted key: unsigned, wrongly signed, replayed and expired messages are
 *     refused (listed in /status "refused") and change nothing; a signed one applies.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "civil.h"
#include "envelope.h"
#include "sign.h"
#include "support.h"

#define NBOARDS 20 /* natively; under an emulator (HB_TEST_EMULATED set) 5, untimed */
#define TOPIC "hallboard/test-venue"

typedef struct {
    support_board b;
    int port;
    char name[32];
} board;

static support_broker broker;
static char broker_url[64];
static char *dir;

static int setup(void **state)
{
    (void)state;
    if (!support_have_broker())
        return 0;
    memset(&broker, 0, sizeof(broker));
    if (support_broker_start(&broker, 0, NULL) != 0)
        return -1;
    snprintf(broker_url, sizeof(broker_url), "mqtt://127.0.0.1:%d", broker.port);
    dir = support_tempdir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    if (broker.pid)
        support_broker_stop(&broker);
    if (dir) {
        support_remove_tree(dir);
        free(dir);
    }
    return 0;
}

static void skip_without_broker(void)
{
    if (!support_have_broker())
        skip();
}

/* Starts board name with its own cache and endpoint; extra settings lines appended.
 * by_flags: the fleet is given by --fleet-broker, --fleet-topic and --board-name
 * instead of the settings. */
static void start_board_how(board *bd, const char *name, const char *extra, bool by_flags)
{
    memset(bd, 0, sizeof(*bd));
    snprintf(bd->name, sizeof(bd->name), "%s", name);
    bd->port = support_closed_port();
    assert_true(bd->port > 0);
    char conf[2048], port[16], cache[600];
    snprintf(cache, sizeof(cache), "%s/cache-%s", dir, name);
    if (by_flags)
        snprintf(conf, sizeof(conf), "cache_dir = %s\n%s", cache, extra ? extra : "");
    else
        snprintf(conf, sizeof(conf),
                 "cache_dir = %s\nfleet_broker = %s\nfleet_topic = %s\nboard_name = %s\n%s",
                 cache, broker_url, TOPIC, name, extra ? extra : "");
    snprintf(port, sizeof(port), "%d", bd->port);
    char *argv[16] = {"--windowed", "320x180", "--control-port", port, "--cache", cache};
    if (by_flags) {
        argv[6] = "--fleet-broker";
        argv[7] = broker_url;
        argv[8] = "--fleet-topic";
        argv[9] = TOPIC;
        argv[10] = "--board-name";
        argv[11] = (char *)name;
    }
    const char *env[] = {"SDL_VIDEODRIVER=dummy", "SDL_RENDER_DRIVER=software",
                         "HALLBOARD_RUN_SECONDS=120", NULL};
    char mk[700];
    snprintf(mk, sizeof(mk), "mkdir -p '%s'", cache);
    assert_int_equal(system(mk), 0);
    support_board_start(&bd->b, conf, env, argv);
}

static void start_board(board *bd, const char *name, const char *extra)
{
    start_board_how(bd, name, extra, false);
}

static void wait_started(board *bd)
{
    if (!support_board_says(&bd->b, "first frame presented", 30))
        fail_msg("board %s did not start:\n%s", bd->name, bd->b.out);
}

/* The announcement's text on a board now, "" when none, NULL when no answer. */
static char *announcement(const board *bd, char *buf, size_t cap)
{
    cJSON *j = support_board_status(bd->port);
    if (!j)
        return NULL;
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "state"), "announcement");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(a, "text");
    snprintf(buf, cap, "%s", cJSON_IsString(t) ? t->valuestring : "");
    cJSON_Delete(j);
    return buf;
}

static bool fleet_connected(const board *bd)
{
    cJSON *j = support_board_status(bd->port);
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "fleet"), "connected");
    bool ok = cJSON_IsTrue(c);
    cJSON_Delete(j);
    return ok;
}

static bool wait_announcement(const board *bd, const char *text, double seconds)
{
    char buf[512];
    double end = support_now() + seconds;
    do {
        const char *a = announcement(bd, buf, sizeof(buf));
        if (a && strcmp(a, text) == 0)
            return true;
        support_sleep(0.05);
    } while (support_now() < end);
    return false;
}

/* Runs `hallboard ARGS...` (NULL-ended, after the program) and returns its exit code. */
static int hallboard(const char *const args[], char **out)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)support_hallboard();
    for (int i = 0; args[i] && n < 31; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    support_run_result r = support_run(argv);
    int code = r.status;
    if (out)
        *out = strdup(r.out ? r.out : "");
    if (code != 0 && code != 2)
        fprintf(stderr, "hallboard %s: %d\n%s%s\n", args[0], code, r.out ? r.out : "",
                r.err ? r.err : "");
    support_run_free(&r);
    return code;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void fleet_20_boards_take_an_emergency_within_a_second(void **state)
{
    (void)state;
    skip_without_broker();
    static board bds[NBOARDS];
    bool emulated = getenv("HB_TEST_EMULATED") != NULL;
    const int n = emulated ? 5 : NBOARDS;
    for (int i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof(name), "board-%02d", i);
        start_board(&bds[i], name, NULL);
    }
    for (int i = 0; i < n; i++)
        wait_started(&bds[i]);
    for (int i = 0; i < n; i++) {
        double end = support_now() + 10;
        while (!fleet_connected(&bds[i]) && support_now() < end)
            support_sleep(0.1);
        assert_true(fleet_connected(&bds[i]));
    }
    const char *text = "Evacuate the building by the nearest exit";
    const char *args[] = {"announce", text, "--level", "emergency", "--broker", broker_url,
                          "--topic", TOPIC, NULL};
    double t0 = support_now();
    assert_int_equal(hallboard(args, NULL), 0);
    /* Each board's delay, polled round-robin every few ms. */
    double delay[NBOARDS];
    bool seen[NBOARDS] = {false};
    int left = n;
    char buf[512];
    while (left > 0 && support_now() - t0 < 10) {
        for (int i = 0; i < n; i++) {
            if (seen[i])
                continue;
            const char *a = announcement(&bds[i], buf, sizeof(buf));
            if (a && strcmp(a, text) == 0) {
                delay[i] = support_now() - t0;
                seen[i] = true;
                left--;
            }
        }
    }
    assert_int_equal(left, 0);
    qsort(delay, (size_t)n, sizeof(delay[0]), cmp_double);
    double p99 = delay[(size_t)(0.99 * (n - 1) + 0.5)];
    fprintf(stderr, "announce to %d boards: min %.3f s, median %.3f s, p99 %.3f s, max %.3f s\n",
            n, delay[0], delay[n / 2], p99, delay[n - 1]);
    if (!emulated) /* every process translated afresh by qemu says nothing of the board */
        assert_true(p99 < 1.0);

    /* `hallboard fleet`: 20 online. */
    const char *fargs[] = {"fleet", "--broker", broker_url, "--topic", TOPIC, NULL};
    char *out = NULL;
    double end = support_now() + 10;
    int code;
    do { /* each board publishes its status when it changes: wait for all 20 */
        free(out);
        code = hallboard(fargs, &out);
        if (code == 0 && support_count(out, "board-") == n)
            break;
        support_sleep(0.3);
    } while (support_now() < end);
    assert_int_equal(code, 0);
    assert_int_equal(support_count(out, "board-"), n);
    assert_int_equal(support_count(out, "offline"), 0);
    free(out);

    /* One killed: offline by its last will, and `fleet` exits 2. */
    kill(bds[3].b.pid, SIGKILL);
    end = support_now() + 10;
    do {
        out = NULL;
        code = hallboard(fargs, &out);
        bool offline = code == 2 && strstr(out, "board-03") &&
                       strstr(strstr(out, "board-03"), "offline");
        if (offline)
            break;
        free(out);
        out = NULL;
        support_sleep(0.3);
    } while (support_now() < end);
    assert_int_equal(code, 2);
    assert_non_null(out);
    const char *line = strstr(out, "board-03");
    assert_non_null(line);
    const char *nl = strchr(line, '\n');
    const char *off = strstr(line, "offline");
    assert_true(off && (!nl || off < nl));
    assert_int_equal(support_count(out, "offline"), 1);
    free(out);
    for (int i = 0; i < n; i++)
        support_board_stop(&bds[i].b, false);
}

static void fleet_late_board_gets_the_retained_state(void **state)
{
    (void)state;
    skip_without_broker();
    const char *text = "Lunch is served in the atrium";
    const char *args[] = {"announce", text, "--level", "urgent", "--broker", broker_url,
                          "--topic", TOPIC, NULL};
    assert_int_equal(hallboard(args, NULL), 0);
    board late; /* given its fleet on the command line */
    start_board_how(&late, "late-board", NULL, true);
    wait_started(&late);
    assert_true(wait_announcement(&late, text, 5));
    cJSON *j = support_board_status(late.port);
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "fleet"), "name");
    assert_true(cJSON_IsString(nm) && strcmp(nm->valuestring, "late-board") == 0);
    cJSON_Delete(j);
    support_board_stop(&late.b, false);
}

static void fleet_survives_the_broker_going_away(void **state)
{
    (void)state;
    skip_without_broker();
    board bd;
    start_board(&bd, "steady", NULL);
    wait_started(&bd);
    const char *a1[] = {"announce", "First", "--level", "info", "--broker", broker_url,
                        "--topic", TOPIC, NULL};
    assert_int_equal(hallboard(a1, NULL), 0);
    assert_true(wait_announcement(&bd, "First", 5));
    support_broker_kill(&broker);
    support_sleep(1.5);
    /* The board runs on what it has. */
    char buf[256];
    assert_string_equal(announcement(&bd, buf, sizeof(buf)), "First");
    assert_int_equal(support_broker_start(&broker, broker.port, NULL), 0);
    /* The restarted broker lost its retained messages: a newer one comes. */
    const char *a2[] = {"announce", "Second", "--level", "info", "--broker", broker_url,
                        "--topic", TOPIC, NULL};
    assert_int_equal(hallboard(a2, NULL), 0);
    assert_true(wait_announcement(&bd, "Second", 70)); /* reconnect backoff: at most 60 s */
    cJSON *j = support_board_status(bd.port);
    const cJSON *rc = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(j, "fleet"), "reconnects");
    assert_true(cJSON_IsNumber(rc) && rc->valueint >= 1);
    cJSON_Delete(j);
    support_board_stop(&bd.b, false);
}

/* An override envelope for scope "" signed with k (seq, issued, expires as given). */
static char *envelope_for(const sign_key *k, const char *doc, uint64_t seq, int64_t issued,
                          int64_t expires)
{
    envelope e;
    memset(&e, 0, sizeof(e));
    e.kind = ENVELOPE_OVERRIDES;
    e.seq = seq;
    e.issued = issued;
    e.expires = expires;
    e.payload = (unsigned char *)strdup(doc);
    e.payload_len = strlen(doc);
    char *out = sign_envelope(k, &e);
    envelope_clear(&e);
    return out;
}

static bool refused_count_at_least(const board *bd, int n)
{
    cJSON *j = support_board_status(bd->port);
    int c = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "refused"));
    cJSON_Delete(j);
    return c >= n;
}

static void fleet_signed_only_refuses_the_rest(void **state)
{
    (void)state;
    skip_without_broker();
    char prefix[600], key[640], pub[640], other[640], okey[680], conf[800];
    snprintf(prefix, sizeof(prefix), "%s/org", dir);
    snprintf(key, sizeof(key), "%s.key", prefix);
    snprintf(pub, sizeof(pub), "%s.pub", prefix);
    snprintf(other, sizeof(other), "%s/intruder", dir);
    snprintf(okey, sizeof(okey), "%s.key", other);
    assert_int_equal(sign_keygen(prefix, stderr), 0);
    assert_int_equal(sign_keygen(other, stderr), 0);
    sign_key *k = sign_load_private(key, stderr), *bad = sign_load_private(okey, stderr);
    assert_non_null(k);
    assert_non_null(bad);
    const char *topic = TOPIC "/overrides";
    /* Start from nothing retained. */
    assert_int_equal(support_broker_publish(&broker, topic, "", true), 0);
    snprintf(conf, sizeof(conf), "trusted_key = %s\n", pub);
    board bd;
    start_board(&bd, "guarded", conf);
    wait_started(&bd);
    int64_t now = (int64_t)time(NULL);
    const char *doc_fmt = "{\"hallboard_overrides\": 1, \"announcement\": {\"text\": \"%s\", "
                          "\"level\": \"info\", \"until\": \"%s\"}}";
    char until[CIVIL_UTC_LEN], doc[512];
    civil_format_utc(now + 3600, until);
    /* Unsigned. */
    snprintf(doc, sizeof(doc), doc_fmt, "unsigned", until);
    assert_int_equal(support_broker_publish(&broker, topic, doc, true), 0);
    /* Wrongly signed. */
    snprintf(doc, sizeof(doc), doc_fmt, "intruder", until);
    char *e = envelope_for(bad, doc, 10, now, INT64_MAX);
    assert_int_equal(support_broker_publish(&broker, topic, e, true), 0);
    free(e);
    /* Expired. */
    snprintf(doc, sizeof(doc), doc_fmt, "expired", until);
    e = envelope_for(k, doc, 11, now - 7200, now - 3600);
    assert_int_equal(support_broker_publish(&broker, topic, e, true), 0);
    free(e);
    double end = support_now() + 5;
    while (!refused_count_at_least(&bd, 3) && support_now() < end)
        support_sleep(0.1);
    assert_true(refused_count_at_least(&bd, 3));
    char buf[256];
    assert_string_equal(announcement(&bd, buf, sizeof(buf)), "");
    /* Signed: applied. */
    snprintf(doc, sizeof(doc), doc_fmt, "signed", until);
    char *good = envelope_for(k, doc, 20, now, INT64_MAX);
    assert_int_equal(support_broker_publish(&broker, topic, good, true), 0);
    assert_true(wait_announcement(&bd, "signed", 5));
    /* An older signed one after it, and the same one again: replays. */
    snprintf(doc, sizeof(doc), doc_fmt, "older", until);
    e = envelope_for(k, doc, 15, now, INT64_MAX);
    assert_int_equal(support_broker_publish(&broker, topic, e, true), 0);
    free(e);
    assert_int_equal(support_broker_publish(&broker, topic, good, true), 0);
    free(good);
    end = support_now() + 5;
    while (!refused_count_at_least(&bd, 5) && support_now() < end)
        support_sleep(0.1);
    assert_true(refused_count_at_least(&bd, 5));
    assert_string_equal(announcement(&bd, buf, sizeof(buf)), "signed");
    cJSON *j = support_board_status(bd.port);
    const cJSON *r;
    int unsigned_n = 0, bad_sig = 0, replay = 0, expired = 0;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(j, "refused"))
    {
        const char *why = cJSON_GetObjectItemCaseSensitive(r, "why")->valuestring;
        assert_string_equal(cJSON_GetObjectItemCaseSensitive(r, "channel")->valuestring,
                            "fleet");
        unsigned_n += strstr(why, "unsigned") != NULL;
        bad_sig += strstr(why, "signature") != NULL;
        replay += strstr(why, "replay") != NULL;
        expired += strstr(why, "expired") != NULL;
    }
    cJSON_Delete(j);
    assert_int_equal(unsigned_n, 1);
    assert_int_equal(bad_sig, 1);
    assert_int_equal(expired, 1);
    assert_int_equal(replay, 2);
    support_board_stop(&bd.b, false);
    sign_key_free(k);
    sign_key_free(bad);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fleet_20_boards_take_an_emergency_within_a_second),
        cmocka_unit_test(fleet_late_board_gets_the_retained_state),
        cmocka_unit_test(fleet_signed_only_refuses_the_rest),
        cmocka_unit_test(fleet_survives_the_broker_going_away),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
