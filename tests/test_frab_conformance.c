/* test_frab_conformance.c - the frab importer on real schedule.json samples from
 * HB_SHARED_DIR/fixtures/real/frab-json/ (env HB_SHARED_DIR overrides the compiled
 * path). Every expectation is computed here from the JSON itself, with cJSON and the
 * C library: event counts (also checked against each file's known count), each event's
 * instant from its own `date` (or v2 `start` / `end`) string, its duration, room and
 * title; then the quirks SOURCES.md lists for each file, one by one. Exits 77
 * (skipped) when the samples are not there. */

#include "support.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "feedsrc.h"
#include "tzdb.h"

static char g_dir[4096];

static char *read_sample(const char *name, size_t *len)
{
    char path[4400];
    snprintf(path, sizeof(path), "%s/%s", g_dir, name);
    char *buf = support_read_file(path, len);
    if (!buf)
        fail_msg("cannot read %s", path);
    return buf;
}

static agenda *import(const char *bytes, size_t len, feed_report *rep)
{
    feed_options o = feedsrc_options();
    return feed_parse(bytes, len, &o, rep);
}

static const char *str(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const agenda_session *by_id(const agenda *a, const char *id)
{
    for (size_t i = 0; i < a->n_sessions; i++)
        if (strcmp(a->sessions[i].id, id) == 0)
            return &a->sessions[i];
    fail_msg("no session \"%s\"", id);
    return NULL;
}

/* Checks one event of the sample against the session imported for it. `room` is the
 * room the event is listed under (classic) or names (v2). */
static void check_event(const agenda *a, const cJSON *ev, const char *room)
{
    const char *guid = str(ev, "guid");
    assert_non_null(guid); /* every sample event has one */
    const agenda_session *s = by_id(a, guid);
    const char *date = str(ev, "date");
    int64_t start = support_instant(date ? date : str(ev, "start")), end;
    if (str(ev, "end")) {
        end = support_instant(str(ev, "end"));
    } else {
        int h, m;
        assert_int_equal(sscanf(str(ev, "duration"), "%d:%d", &h, &m), 2);
        end = start + h * 3600 + m * 60;
    }
    if (s->start != start || s->end != end)
        fail_msg("%s: [%lld, %lld), expected [%lld, %lld)", guid, (long long)s->start,
                 (long long)s->end, (long long)start, (long long)end);
    assert_true(s->hall >= 0);
    assert_string_equal(agenda_tr_get(a, &a->halls[s->hall].name, "en"), room);
    /* Titles are trimmed of surrounding white space (camp2019 has some). */
    const char *t = str(ev, "title");
    while (*t && strchr(" \t\n\r\f\v", *t))
        t++;
    size_t n = strlen(t);
    while (n && strchr(" \t\n\r\f\v", t[n - 1]))
        n--;
    assert_int_equal(strlen(agenda_tr_get(a, &s->title, "en")), n);
    assert_memory_equal(agenda_tr_get(a, &s->title, "en"), t, n);
}

/* Imports a sample, counts its events with cJSON and checks each of them; the count
 * must also be `want`, the number of events the file is known to hold. */
static agenda *check_sample(const char *name, size_t want, feed_report *rep)
{
    size_t len;
    char *bytes = read_sample(name, &len);
    agenda *a = import(bytes, len, rep);
    if (!a || rep->n_errors) {
        fprintf(stderr, "%s:\n", name);
        support_print_report(rep);
    }
    assert_non_null(a);
    cJSON *root = cJSON_ParseWithLength(bytes, len);
    assert_non_null(root);
    const cJSON *sch = cJSON_GetObjectItemCaseSensitive(root, "schedule");
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(sch, "events");
    size_t count = 0;
    const cJSON *e;
    if (cJSON_IsArray(events)) {
        cJSON_ArrayForEach(e, events)
        {
            const cJSON *room = cJSON_GetObjectItemCaseSensitive(e, "room");
            check_event(a, e, cJSON_IsString(room) ? room->valuestring : str(room, "name"));
            count++;
        }
    } else {
        const cJSON *conf = cJSON_GetObjectItemCaseSensitive(sch, "conference"), *day, *list;
        cJSON_ArrayForEach(day, cJSON_GetObjectItemCaseSensitive(conf, "days"))
        {
            cJSON_ArrayForEach(list, cJSON_GetObjectItemCaseSensitive(day, "rooms"))
            {
                cJSON_ArrayForEach(e, list)
                {
                    check_event(a, e, list->string);
                    count++;
                }
            }
        }
    }
    printf("%s: %zu events, %zu sessions, %zu halls, %zu warnings, zone %s\n", name, count,
           a->n_sessions, a->n_halls, rep->n_warnings, a->zones[0].name);
    assert_int_equal(count, want);
    assert_int_equal(a->n_sessions, count);
    cJSON_Delete(root);
    free(bytes);
    return a;
}

/* The local calendar day (at a fixed offset) of instant t. */
static int64_t local_day(int64_t t, int32_t off)
{
    int64_t l = t + off;
    return (l - ((l % 86400) + 86400) % 86400) / 86400;
}

static cJSON *parse_sample(const char *name)
{
    size_t len;
    char *bytes = read_sample(name, &len);
    cJSON *root = cJSON_ParseWithLength(bytes, len);
    free(bytes);
    assert_non_null(root);
    return root;
}

static const cJSON *conference_of(const cJSON *root)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "schedule"),
                                            "conference");
}

/* camp2019: Europe/Berlin at +02:00; every day runs 09:00 to 04:00 the next day, and
 * one event crosses midnight; persons in the old shape {id, public_name}. */
static void frab_camp2019_imports_every_event(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = check_sample("voc-frab-camp2019.json", 79, &rep);
    assert_int_equal(rep.n_warnings, 0);
    assert_string_equal(a->zones[0].name, "Europe/Berlin");
    assert_string_equal(a->revision, "Gacrux");
    assert_string_equal(agenda_tr_get(a, &a->title, "en"), "Chaos Communication Camp 2019");
    const agenda_session *s = by_id(a, "a0a0fcfe-b7fb-46e3-84b6-97a5406016b4");
    assert_int_equal(s->n_speakers, 2);
    assert_string_equal(agenda_tr_get(a, &s->speakers[0].name, "en"), "jinxx");

    /* Each day_end is on the next date, at 04:00. */
    cJSON *root = parse_sample("voc-frab-camp2019.json");
    const cJSON *day;
    size_t days = 0;
    cJSON_ArrayForEach(day, cJSON_GetObjectItemCaseSensitive(conference_of(root), "days"))
    {
        int64_t start = support_instant(str(day, "day_start")),
                end = support_instant(str(day, "day_end"));
        assert_int_equal(local_day(end, 7200), local_day(start, 7200) + 1);
        assert_int_equal(end - start, 19 * 3600);
        days++;
    }
    assert_int_equal(days, 5);
    cJSON_Delete(root);
    /* Exactly one event crosses midnight (Berlin time), imported whole. */
    size_t crossing = 0;
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *e = &a->sessions[i];
        if (local_day(e->start, 7200) != local_day(e->end - 1, 7200)) {
            crossing++;
            assert_true(e->end - e->start > 0);
        }
    }
    assert_int_equal(crossing, 1);
    agenda_free(a);
}

/* rc3: no time_zone_name, every date at +01:00: the fixed zone of that offset; room
 * names with non-ASCII characters, '/' and ':' become halls as they are. */
static void frab_pretalx_rc3_without_zone_name_shows_the_offsets_zone(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = check_sample("voc-pretalx-rc3.json", 48, &rep);
    cJSON *root = parse_sample("voc-pretalx-rc3.json");
    assert_null(cJSON_GetObjectItemCaseSensitive(conference_of(root), "time_zone_name"));
    cJSON_Delete(root);
    assert_string_equal(a->zones[0].name, "UTC+01:00");
    assert_string_equal(agenda_tr_get(a, &a->zones[0].label, "en"), "UTC+01:00");
    assert_int_equal(rep.n_warnings, 0);
    assert_int_equal(a->n_halls, 5);
    bool found = false;
    for (size_t i = 0; i < a->n_halls; i++)
        found |= strcmp(agenda_tr_get(a, &a->halls[i].name, "en"),
                        "ChaosTrawler Stubnitz/G\xc3\xa4ngeviertel Hamburg") == 0;
    assert_true(found);
    agenda_free(a);
}

/* democon: time_zone_name "UTC" while every date is at +01:00: the offsets place the
 * sessions (check_sample compares each instant), with a warning; UTC is shown. */
static void frab_pretalx_democon_trusts_offsets_over_utc_zone_name(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = check_sample("voc-pretalx-democon.json", 36, &rep);
    cJSON *root = parse_sample("voc-pretalx-democon.json");
    assert_string_equal(str(conference_of(root), "time_zone_name"), "UTC");
    cJSON_Delete(root);
    assert_string_equal(a->zones[0].name, "UTC");
    assert_true(support_has_problem(&rep, FEED_WARNING, "schedule.conference.time_zone_name",
                                    "disagrees with the offsets of 36 event dates"));
    assert_int_equal(rep.n_warnings, 1);
    /* Both rooms share one guid: still two halls. */
    assert_int_equal(a->n_halls, 2);
    agenda_free(a);
}

/* hub-schedule2: the v2 shape (schedule.events[], start/end, rooms and tracks as
 * objects, participants with roles). */
static void frab_hub_schedule2_reads_the_v2_draft(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = check_sample("voc-hub-schedule2.json", 2, &rep);
    cJSON *root = parse_sample("voc-hub-schedule2.json");
    assert_true(cJSON_IsArray(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(root, "schedule"),
                                         "events")));
    cJSON_Delete(root);
    assert_string_equal(a->zones[0].name, "Europe/Berlin");
    assert_int_equal(a->n_languages, 2);
    const agenda_session *s = by_id(a, "270fa44c-821a-577f-8ca3-33e8d4a8c2a7");
    assert_int_equal(s->n_speakers, 2); /* the CONTRIBUTOR is not shown */
    assert_int_equal(s->kind, AGENDA_KIND_OTHER);
    assert_true(s->track >= 0);
    assert_string_equal(a->tracks[s->track].id, "CCC"); /* referenced by slug only */
    assert_true(a->tracks[s->track].has_color);
    agenda_free(a);
}

/* invalid-example fails the c3voc schema (rooms under schedule, `id` a string) but every
 * fact the board needs is there: it is imported, leniently and without a warning. The
 * guid is the id; without the guid, the string id "2814" is. */
static void frab_invalid_example_is_imported_leniently(void **state)
{
    (void)state;
    feed_report rep;
    agenda *a = check_sample("voc-invalid-example.json", 1, &rep);
    assert_int_equal(rep.n_warnings, 0);
    assert_string_equal(a->zones[0].name, "Europe/Zurich");
    assert_int_equal(a->n_halls, 1);
    assert_string_equal(a->halls[0].id, "Winterchaos");
    assert_string_equal(a->sessions[0].id, "7a0fc001-e587-47e1-b378-b6ec7e666337");
    agenda_free(a);

    cJSON *root = parse_sample("voc-invalid-example.json");
    cJSON *day = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(conference_of(root), "days"), 0);
    cJSON *ev = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(day, "rooms")->child, 0);
    assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(ev, "id")));
    cJSON_DeleteItemFromObjectCaseSensitive(ev, "guid");
    char *json = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    a = import(json, strlen(json), &rep);
    free(json);
    assert_non_null(a);
    assert_int_equal(rep.n_warnings, 0);
    assert_string_equal(a->sessions[0].id, "2814");
    agenda_free(a);
}

/* Every sample cut short or under a tiny session limit: problems, never a crash. */
static void frab_damaged_samples_fail_cleanly(void **state)
{
    (void)state;
    static const char *const names[] = {"voc-frab-camp2019.json", "voc-pretalx-rc3.json",
                                        "voc-pretalx-democon.json", "voc-hub-schedule2.json",
                                        "voc-invalid-example.json"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        size_t len;
        char *bytes = read_sample(names[i], &len);
        feed_report rep;
        for (size_t k = 1; k <= 64; k++) {
            size_t cut = len * k / 65;
            while (cut > 0 && ((unsigned char)bytes[cut] & 0xC0) == 0x80)
                cut--;
            agenda *a = import(bytes, cut, &rep);
            assert_null(a);
            assert_true(rep.n_errors > 0);
        }
        feed_options o = feedsrc_options();
        o.limits.max_sessions = 1;
        agenda *a = feed_parse(bytes, len, &o, &rep);
        if (strcmp(names[i], "voc-invalid-example.json") == 0) {
            assert_non_null(a); /* one event: within the limit */
            agenda_free(a);
        } else {
            assert_null(a);
            assert_true(strstr(rep.items[0].msg, "more than the limit of 1") != NULL);
        }
        free(bytes);
    }
}

int main(void)
{
    const char *shared = support_shared_dir(), *env = getenv("HB_SHARED_DIR");
    struct stat st;
    if (shared)
        snprintf(g_dir, sizeof(g_dir), "%s/fixtures/real/frab-json", shared);
    if (!shared || stat(g_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("skipped: no frab-json samples (looked in %s/fixtures/real/frab-json; set "
               "HB_SHARED_DIR)\n",
               shared ? shared : env && *env ? env : HB_SHARED_DIR);
        return 77;
    }
    tzdb_init();
    feed_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(frab_camp2019_imports_every_event),
        cmocka_unit_test(frab_pretalx_rc3_without_zone_name_shows_the_offsets_zone),
        cmocka_unit_test(frab_pretalx_democon_trusts_offsets_over_utc_zone_name),
        cmocka_unit_test(frab_hub_schedule2_reads_the_v2_draft),
        cmocka_unit_test(frab_invalid_example_is_imported_leniently),
        cmocka_unit_test(frab_damaged_samples_fail_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
