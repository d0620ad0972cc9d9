/* test_liveops.c - live operations on the running board (the real binary on SDL's dummy
 * video driver, its control endpoint and files on disk):
 *   - an override document pushed to the endpoint changes /status at once (a delay
 *     shifts the session, an announcement appears) and is shown again after a restart
 *     (kept in the cache), with no new message;
 *   - an entry vanishes at its `until` by itself;
 *   - a document naming a session the feed does not have: the entry dropped, with a
 *     warning in /status;
 *   - an overrides URL (file:// and http://) is polled and applied, and a change to it
 *     follows; a broken document there is refused and listed, the last good one kept;
 *   - with a trusted key, unsigned documents are refused (endpoint and URL) and listed
 *     in /status "refused", a signed one is applied, its replay refused;
 *   - an emergency takes the cards away (the state's cards list is empty).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "civil.h"
#include "envelope.h"
#include "sign.h"
#include "support.h"

#define TOKEN "s3cret-token-for-hall-A"

typedef struct {
    support_board b;
    int port;
    char base[64];
    char *dir;     /* the test's folder: feed, settings' files, cache */
    char cache[512];
    char feed[512];
} fixture;

/* A feed whose sessions are around the real now: s1 in progress in hall A, s2 next in
 * hall A, s3 later in hall B; a card shown all the time. */
static void write_feed(fixture *f)
{
    int64_t now = (int64_t)time(NULL);
    char t[4][CIVIL_UTC_LEN];
    civil_format_utc(now - 600, t[0]);
    civil_format_utc(now + 3000, t[1]);
    civil_format_utc(now + 6600, t[2]);
    civil_format_utc(now + 10200, t[3]);
    char doc[4096];
    snprintf(doc, sizeof(doc),
             "{\"hallboard\": 1, \"revision\": \"live-1\",\n"
             " \"event\": {\"title\": \"Live Test\", \"languages\": [\"en\", \"zh\"],\n"
             "   \"zones\": [{\"zone\": \"Europe/Moscow\"}, {\"zone\": \"Asia/Shanghai\"}]},\n"
             " \"halls\": [{\"id\": \"A\", \"name\": \"Hall A\"}, {\"id\": \"B\", \"name\": \"Hall B\"}],\n"
             " \"sessions\": [\n"
             "  {\"id\": \"s1\", \"start\": \"%s\", \"end\": \"%s\", \"hall\": \"A\", \"title\": \"Opening\"},\n"
             "  {\"id\": \"s2\", \"start\": \"%s\", \"end\": \"%s\", \"hall\": \"A\", \"title\": \"Second\"},\n"
             "  {\"id\": \"s3\", \"start\": \"%s\", \"end\": \"%s\", \"hall\": \"B\", \"title\": \"Third\"}],\n"
             " \"cards\": [{\"id\": \"c1\", \"title\": \"Wi-Fi\", \"body\": \"venue / guest\"},\n"
             "            {\"id\": \"c2\", \"title\": \"Lunch\", \"body\": \"atrium\"}]}\n",
             t[0], t[1], t[1], t[2], t[2], t[3]);
    snprintf(f->feed, sizeof(f->feed), "%s/feed.json", f->dir);
    assert_int_equal(support_write_file(f->feed, doc, strlen(doc)), 0);
}

static void setup_dir(fixture *f)
{
    memset(f, 0, sizeof(*f));
    f->dir = support_tempdir();
    snprintf(f->cache, sizeof(f->cache), "%s/cache", f->dir);
    assert_int_equal(mkdir(f->cache, 0755), 0);
    write_feed(f);
}

/* Starts the board on f->feed with the endpoint and extra settings lines. */
static void start(fixture *f, const char *extra_conf)
{
    f->port = support_closed_port();
    assert_true(f->port > 0);
    snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%d", f->port);
    char conf[2048], port[16];
    snprintf(conf, sizeof(conf), "cache_dir = %s\ncontrol_token = %s\n%s", f->cache, TOKEN,
             extra_conf ? extra_conf : "");
    snprintf(port, sizeof(port), "%d", f->port);
    char *argv[] = {"--windowed", "640x360", "--control-port", port, "--feed", f->feed,
                    "--cache", f->cache, NULL};
    const char *env[] = {"SDL_VIDEODRIVER=dummy", "SDL_RENDER_DRIVER=software",
                         "HALLBOARD_RUN_SECONDS=60", NULL};
    support_board_start(&f->b, conf, env, argv);
    if (!support_board_says(&f->b, "first frame presented", 15))
        fail_msg("no first frame:\n%s", f->b.out);
}

static void stop(fixture *f)
{
    support_board_stop(&f->b, false);
}

static void finish(fixture *f)
{
    support_remove_tree(f->dir);
    free(f->dir);
}

static support_reply call(const fixture *f, const char *method, const char *path,
                          const char *auth, const char *body)
{
    char url[256];
    snprintf(url, sizeof(url), "%s%s", f->base, path);
    return support_http(method, url, auth, body, body ? strlen(body) : 0);
}

static cJSON *status(const fixture *f)
{
    support_reply r = call(f, "GET", "/status", NULL, NULL);
    assert_int_equal(r.status, 200);
    cJSON *j = cJSON_Parse(r.body);
    if (!j)
        fail_msg("not JSON: %s", r.body);
    support_reply_free(&r);
    return j;
}

static const cJSON *state_of(const cJSON *st)
{
    return cJSON_GetObjectItemCaseSensitive(st, "state");
}

/* The session with id in the state's now or next lists, or NULL. */
static const cJSON *session(const cJSON *st, const char *id)
{
    const char *lists[] = {"now", "next", "others_now", "cancelled_now"};
    for (size_t k = 0; k < 4; k++) {
        const cJSON *s;
        cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(state_of(st), lists[k]))
        {
            const cJSON *i = cJSON_GetObjectItemCaseSensitive(s, "id");
            if (cJSON_IsString(i) && strcmp(i->valuestring, id) == 0)
                return s;
        }
    }
    return NULL;
}

static const char *announcement_text(const cJSON *st)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(state_of(st), "announcement");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(a, "text");
    return cJSON_IsString(t) ? t->valuestring : NULL;
}

/* Polls /status until check(doc, arg) holds (true) or seconds pass (false). */
static bool wait_status(const fixture *f, bool (*check)(const cJSON *, const void *),
                        const void *arg, double seconds)
{
    double end = support_now() + seconds;
    do {
        cJSON *j = status(f);
        bool ok = check(j, arg);
        cJSON_Delete(j);
        if (ok)
            return true;
        support_sleep(0.1);
    } while (support_now() < end);
    return false;
}

static bool has_announcement(const cJSON *j, const void *text)
{
    const char *t = announcement_text(j);
    return text ? t && strcmp(t, text) == 0 : t == NULL;
}

static bool refused_says(const cJSON *j, const void *needle)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(j, "refused"))
    {
        const cJSON *why = cJSON_GetObjectItemCaseSensitive(r, "why");
        if (cJSON_IsString(why) && strstr(why->valuestring, needle))
            return true;
    }
    return false;
}

static void until_text(int64_t t, char *buf)
{
    civil_format_utc(t, buf);
}

/* ---- the endpoint ------------------------------------------------------------------ */

static void liveops_push_applies_at_once_and_survives_restart(void **state)
{
    (void)state;
    fixture f;
    setup_dir(&f);
    start(&f, NULL);
    char until[CIVIL_UTC_LEN], doc[1024];
    until_text((int64_t)time(NULL) + 3600, until);
    snprintf(doc, sizeof(doc),
             "{\"hallboard_overrides\": 1, \"sessions\": {\"s2\": {\"delay_min\": 15, "
             "\"note\": \"Room change at the door\"}},\n"
             " \"announcement\": {\"text\": {\"en\": \"Lunch is served\", \"zh\": \"午餐已备好\"},"
             " \"level\": \"urgent\", \"until\": \"%s\"}}",
             until);
    support_reply r = call(&f, "PUT", "/overrides", "Bearer " TOKEN, doc);
    assert_int_equal(r.status, 200);
    support_reply_free(&r);
    assert_true(wait_status(&f, has_announcement, "Lunch is served", 5));
    cJSON *j = status(&f);
    const cJSON *s2 = session(j, "s2");
    assert_non_null(s2);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(s2, "delay_min")->valueint, 15);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(s2, "note")->valuestring,
                        "Room change at the door");
    const cJSON *s1 = session(j, "s1");
    assert_non_null(s1);
    /* s2 starts 15 min after s1 ends now. */
    int64_t s1_end, s2_start;
    int32_t off;
    assert_true(civil_parse_rfc3339(cJSON_GetObjectItemCaseSensitive(s1, "end")->valuestring,
                                    &s1_end, &off));
    assert_true(civil_parse_rfc3339(cJSON_GetObjectItemCaseSensitive(s2, "start")->valuestring,
                                    &s2_start, &off));
    assert_int_equal(s2_start - s1_end, 15 * 60);
    const cJSON *ov = cJSON_GetObjectItemCaseSensitive(j, "overrides");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(ov, "applied")->valueint, 2);
    cJSON_Delete(j);
    /* GET /overrides gives the document back as sent. */
    r = call(&f, "GET", "/overrides", NULL, NULL);
    assert_int_equal(r.status, 200);
    assert_string_equal(r.body, doc);
    support_reply_free(&r);
    stop(&f);

    /* A restart with no message: the kept document is in force again. */
    start(&f, NULL);
    assert_true(support_board_says(&f.b, "overrides from the cache", 5));
    assert_true(wait_status(&f, has_announcement, "Lunch is served", 5));
    j = status(&f);
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(session(j, "s2"), "delay_min")->valueint,
                     15);
    cJSON_Delete(j);
    /* Cleared by an empty document, which is kept as well. */
    r = call(&f, "PUT", "/overrides", "Bearer " TOKEN, "{\"hallboard_overrides\": 1}");
    assert_int_equal(r.status, 200);
    support_reply_free(&r);
    assert_true(wait_status(&f, has_announcement, NULL, 5));
    stop(&f);
    start(&f, NULL);
    j = status(&f);
    assert_null(announcement_text(j));
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(session(j, "s2"), "delay_min")->valueint,
                     0);
    cJSON_Delete(j);
    stop(&f);
    finish(&f);
}

static void liveops_entry_vanishes_at_its_until(void **state)
{
    (void)state;
    fixture f;
    setup_dir(&f);
    start(&f, NULL);
    char until[CIVIL_UTC_LEN], doc[512];
    int64_t at = (int64_t)time(NULL) + 3;
    until_text(at, until);
    snprintf(doc, sizeof(doc),
             "{\"hallboard_overrides\": 1, \"announcement\": {\"text\": \"Doors close soon\","
             " \"level\": \"info\", \"until\": \"%s\"}}",
             until);
    support_reply r = call(&f, "PUT", "/overrides", "Bearer " TOKEN, doc);
    assert_int_equal(r.status, 200);
    support_reply_free(&r);
    assert_true(wait_status(&f, has_announcement, "Doors close soon", 2));
    /* Gone at its instant (the board wakes for it: within a second of it). */
    assert_true(wait_status(&f, has_announcement, NULL, 6));
    assert_true((int64_t)time(NULL) >= at);
    cJSON *j = status(&f);
    const cJSON *ov = cJSON_GetObjectItemCaseSensitive(j, "overrides");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(ov, "expired")->valueint, 1);
    cJSON_Delete(j);
    stop(&f);
    finish(&f);
}

static bool dropped_one(const cJSON *j, const void *arg)
{
    (void)arg;
    const cJSON *ov = cJSON_GetObjectItemCaseSensitive(j, "overrides");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(ov, "dropped");
    return cJSON_IsNumber(d) && d->valueint == 1;
}

static void liveops_unknown_session_dropped_with_a_warning(void **state)
{
    (void)state;
    fixture f;
    setup_dir(&f);
    start(&f, NULL);
    support_reply r = call(&f, "PUT", "/overrides", "Bearer " TOKEN,
                           "{\"hallboard_overrides\": 1, \"sessions\": {\"gone\": "
                           "{\"status\": \"cancelled\"}, \"s3\": {\"hall_full\": true}}}");
    assert_int_equal(r.status, 200);
    support_reply_free(&r);
    assert_true(support_board_says(&f.b, "sessions.gone", 5));
    assert_true(wait_status(&f, dropped_one, NULL, 5));
    cJSON *j = status(&f);
    const cJSON *ov = cJSON_GetObjectItemCaseSensitive(j, "overrides");
    assert_int_equal(cJSON_GetObjectItemCaseSensitive(ov, "dropped")->valueint, 1);
    const cJSON *w = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(ov, "warnings"), 0);
    assert_non_null(w);
    assert_non_null(strstr(w->valuestring, "gone"));
    cJSON_Delete(j);
    stop(&f);
    finish(&f);
}

static void liveops_emergency_takes_the_cards_away(void **state)
{
    (void)state;
    fixture f;
    setup_dir(&f);
    start(&f, NULL);
    cJSON *j = status(&f);
    assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(state_of(j), "cards")) >= 1);
    cJSON_Delete(j);
    char until[CIVIL_UTC_LEN], doc[512];
    until_text((int64_t)time(NULL) + 3600, until);
    snprintf(doc, sizeof(doc),
             "{\"hallboard_overrides\": 1, \"announcement\": {\"text\": {\"en\": \"Evacuate "
             "the building\", \"zh\": \"请立即撤离大楼\"}, \"level\": \"emergency\", \"until\": \"%s\"}}",
             until);
    support_reply r = call(&f, "PUT", "/overrides", "Bearer " TOKEN, doc);
    assert_int_equal(r.status, 200);
    support_reply_free(&r);
    assert_true(wait_status(&f, has_announcement, "Evacuate the building", 5));
    j = status(&f);
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(state_of(j), "announcement");
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(a, "level")->valuestring, "emergency");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(state_of(j), "cards")),
                     0);
    cJSON_Delete(j);
    stop(&f);
    finish(&f);
}

/* ---- the overrides URL ------------------------------------------------------------- */

static bool session_delay(const cJSON *j, const void *arg)
{
    const cJSON *s = session(j, "s2");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(s, "delay_min");
    return cJSON_IsNumber(d) && d->valueint == *(const int *)arg;
}

static void liveops_overrides_url_polled_and_followed(void **state)
{
    (void)state;
    fixture f;
    setup_dir(&f);
    char path[600], conf[800];
    snprintf(path, sizeof(path), "%s/ov.json", f.dir);
    const char *d1 = "{\"hallboard_overrides\": 1, \"sessions\": {\"s2\": {\"delay_min\": 5}}}";
    assert_int_equal(support_write_file(path, d1, strlen(d1)), 0);
    snprintf(conf, sizeof(conf), "overrides_url = file://%s\noverrides_interval = 2\n", path);
    start(&f, conf);
    int five = 5, ten = 10;
    assert_true(wait_status(&f, session_delay, &five, 5));
    const char *d2 = "{\"hallboard_overrides\": 1, \"sessions\": {\"s2\": {\"delay_min\": 10}}}";
    assert_int_equal(support_write_file(path, d2, strlen(d2)), 0);
    assert_true(wait_status(&f, session_delay, &ten, 6));
    /* A broken document: refused and listed, the last good one kept. */
    const char *d3 = "{\"hallboard_overrides\": 1, \"sessions\": {\"s2\": {\"delay_min\": -4}}}";
    assert_int_equal(support_write_file(path, d3, strlen(d3)), 0);
    assert_true(wait_status(&f, refused_says, "delay_min", 6));
    cJSON *j = status(&f);
    assert_true(session_delay(j, &ten));
    cJSON_Delete(j);
    stop(&f);
    finish(&f);
}

static void liveops_overrides_url_over_http(void **state)
{
    (void)state;
    fixture f;
    setup_dir(&f);
    char path[600], conf[800], url[256];
    snprintf(path, sizeof(path), "%s/ov.json", f.dir);
    const char *d1 = "{\"hallboard_overrides\": 1, \"sessions\": {\"s2\": {\"delay_min\": 20}}}";
    assert_int_equal(support_write_file(path, d1, strlen(d1)), 0);
    support_server srv;
    assert_int_equal(support_server_start(&srv, path, NULL, NULL), 0);
    snprintf(conf, sizeof(conf), "overrides_url = %s\noverrides_interval = 2\n",
             support_server_url(&srv, "/ok", url, sizeof(url)));
    start(&f, conf);
    int twenty = 20;
    assert_true(wait_status(&f, session_delay, &twenty, 6));
    stop(&f);
    support_server_stop(&srv);
    finish(&f);
}

/* ---- signed only ------------------------------------------------------------------- */

/* A signed envelope of doc for scope "" with seq, issued now. */
static char *signed_doc(const sign_key *k, const char *doc, uint64_t seq)
{
    envelope e;
    memset(&e, 0, sizeof(e));
    e.kind = ENVELOPE_OVERRIDES;
    e.seq = seq;
    e.issued = (int64_t)time(NULL);
    e.expires = INT64_MAX;
    e.payload = (unsigned char *)strdup(doc);
    e.payload_len = strlen(doc);
    char *out = sign_envelope(k, &e);
    envelope_clear(&e);
    return out;
}

static void liveops_trusted_key_refuses_unsigned_and_replays(void **state)
{
    (void)state;
    fixture f;
    setup_dir(&f);
    char prefix[600], key[640], pub[640], conf[1024];
    snprintf(prefix, sizeof(prefix), "%s/org", f.dir);
    snprintf(key, sizeof(key), "%s.key", prefix);
    snprintf(pub, sizeof(pub), "%s.pub", prefix);
    assert_int_equal(sign_keygen(prefix, stderr), 0);
    sign_key *k = sign_load_private(key, stderr);
    assert_non_null(k);
    snprintf(conf, sizeof(conf), "trusted_key = %s\n", pub);
    start(&f, conf);
    /* Unsigned, even with the token: refused, nothing changes, listed with its reason. */
    const char *doc = "{\"hallboard_overrides\": 1, \"sessions\": {\"s2\": {\"delay_min\": 7}}}";
    support_reply r = call(&f, "PUT", "/overrides", "Bearer " TOKEN, doc);
    assert_int_equal(r.status, 403);
    support_reply_free(&r);
    assert_true(support_board_says(&f.b, "refused endpoint overrides: unsigned", 5));
    assert_true(wait_status(&f, refused_says, "unsigned", 5));
    /* Signed, no token needed. */
    char *env = signed_doc(k, doc, 100);
    assert_non_null(env);
    r = call(&f, "PUT", "/overrides", NULL, env);
    assert_int_equal(r.status, 200);
    support_reply_free(&r);
    int seven = 7;
    assert_true(wait_status(&f, session_delay, &seven, 5));
    /* The same message again: a replay. */
    r = call(&f, "PUT", "/overrides", NULL, env);
    assert_int_equal(r.status, 403);
    assert_non_null(strstr(r.body, "replay"));
    support_reply_free(&r);
    free(env);
    stop(&f);
    /* After a restart the replay is still refused (the sequence was kept). */
    start(&f, conf);
    env = signed_doc(k, "{\"hallboard_overrides\": 1}", 99);
    r = call(&f, "PUT", "/overrides", NULL, env);
    assert_int_equal(r.status, 403);
    support_reply_free(&r);
    free(env);
    cJSON *j = status(&f);
    assert_true(session_delay(j, &seven));
    cJSON_Delete(j);
    stop(&f);
    sign_key_free(k);
    finish(&f);
}

static void liveops_trusted_key_refuses_an_unsigned_url(void **state)
{
    (void)state;
    fixture f;
    setup_dir(&f);
    char prefix[600], pub[640], path[600], conf[1400];
    snprintf(prefix, sizeof(prefix), "%s/org", f.dir);
    snprintf(pub, sizeof(pub), "%s.pub", prefix);
    assert_int_equal(sign_keygen(prefix, stderr), 0);
    snprintf(path, sizeof(path), "%s/ov.json", f.dir);
    const char *d1 = "{\"hallboard_overrides\": 1, \"sessions\": {\"s2\": {\"delay_min\": 5}}}";
    assert_int_equal(support_write_file(path, d1, strlen(d1)), 0);
    snprintf(conf, sizeof(conf), "trusted_key = %s\noverrides_url = file://%s\n", pub, path);
    start(&f, conf);
    assert_true(wait_status(&f, refused_says, "unsigned", 6));
    cJSON *j = status(&f);
    int zero = 0;
    assert_true(session_delay(j, &zero));
    const cJSON *r0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "refused"), 0);
    assert_string_equal(cJSON_GetObjectItemCaseSensitive(r0, "channel")->valuestring, "url");
    cJSON_Delete(j);
    stop(&f);
    finish(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(liveops_push_applies_at_once_and_survives_restart),
        cmocka_unit_test(liveops_entry_vanishes_at_its_until),
        cmocka_unit_test(liveops_unknown_session_dropped_with_a_warning),
        cmocka_unit_test(liveops_emergency_takes_the_cards_away),
        cmocka_unit_test(liveops_overrides_url_polled_and_followed),
        cmocka_unit_test(liveops_overrides_url_over_http),
        cmocka_unit_test(liveops_trusted_key_refuses_unsigned_and_replays),
        cmocka_unit_test(liveops_trusted_key_refuses_an_unsigned_url),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
