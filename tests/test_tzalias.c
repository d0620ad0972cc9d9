/* test_tzalias.c - zone names as feeds and operators write them: the tz database's
 * legacy links carried in the build, Windows names, and the loader's fallback to the
 * link table on a system whose tzdata does not ship the legacy names (Debian 13). */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "tz.h"
#include "tzalias.h"
#include "tzdb.h"

static char g_dir[4096]; /* a zoneinfo directory holding only canonical zones */

static void tzalias_links_resolve_legacy_names(void **st)
{
    (void)st;
    assert_string_equal(tzalias_link("US/Eastern"), "America/New_York");
    assert_string_equal(tzalias_link("Asia/Calcutta"), "Asia/Kolkata");
    assert_string_equal(tzalias_link("Europe/Kiev"), "Europe/Kyiv");
    assert_string_equal(tzalias_link("W-SU"), "Europe/Moscow");
    assert_null(tzalias_link("Europe/Moscow")); /* a zone, not a link */
    assert_null(tzalias_link("Mars/Olympus"));
    assert_null(tzalias_link(""));
}

static void tzalias_windows_names_map_to_iana_zones(void **st)
{
    (void)st;
    assert_string_equal(tzalias_windows("W. Europe Standard Time"), "Europe/Berlin");
    assert_string_equal(tzalias_windows("w. europe standard time"), "Europe/Berlin");
    assert_string_equal(tzalias_windows("Russian Standard Time"), "Europe/Moscow");
    assert_string_equal(tzalias_windows("China Standard Time"), "Asia/Shanghai");
    /* CLDR names the old zone; the link table makes it the current one. */
    assert_string_equal(tzalias_windows("India Standard Time"), "Asia/Kolkata");
    assert_string_equal(tzalias_windows("Eastern Standard Time"), "America/New_York");
    assert_null(tzalias_windows("Nowhere Standard Time"));
}

/* Copies one zone file into g_dir. */
static void copy_zone(const char *name)
{
    char src[512], dst[4400];
    snprintf(src, sizeof(src), "/usr/share/zoneinfo/%s", name);
    size_t len;
    char *data = support_read_file(src, &len);
    assert_non_null(data);
    snprintf(dst, sizeof(dst), "%s/%s", g_dir, name);
    char *slash = strrchr(dst, '/');
    *slash = '\0';
    mkdir(dst, 0755);
    *slash = '/';
    assert_int_equal(support_write_file(dst, data, len), 0);
    free(data);
}

static void tzdb_reads_a_legacy_name_its_directory_lacks(void **st)
{
    (void)st;
    /* The directory has America/New_York and Europe/Moscow, no US/ and no W-SU. */
    tz_zone *z = tzdb_load(NULL, "US/Eastern");
    assert_non_null(z);
    assert_string_equal(tz_name(z), "US/Eastern");
    int64_t july = 1593561600; /* 2020-07-01T00:00:00Z */
    assert_int_equal(tz_offset_at(z, july), -4 * 3600);
    assert_int_equal(tz_offset_at(z, july + 180 * 86400), -5 * 3600);
    tz_free(z);
    z = tzdb_load(NULL, "W-SU");
    assert_non_null(z);
    assert_int_equal(tz_offset_at(z, july), 3 * 3600);
    tz_free(z);
    assert_null(tzdb_load(NULL, "US/Pacific")); /* its zone is not in the directory */
    assert_null(tzdb_load(NULL, "Mars/Olympus"));
}

/* Every legacy name that this machine's tzdata ships gives the same offsets as the
 * zone the table links it to: the table is the database's. */
static void tzalias_every_shipped_legacy_name_agrees_with_its_zone(void **st)
{
    (void)st;
    static const char *const names[] = {"US/Eastern", "US/Pacific", "Asia/Calcutta",
                                        "Europe/Kiev", "W-SU", "Asia/Saigon", "Japan",
                                        "America/Buenos_Aires", "GB", "Singapore"};
    size_t checked = 0;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[256];
        snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", names[i]);
        size_t la, lb;
        char *a = support_read_file(path, &la);
        const char *target = tzalias_link(names[i]);
        assert_non_null(target);
        if (!a)
            continue; /* not shipped here (tzdata-legacy missing) */
        snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", target);
        char *b = support_read_file(path, &lb);
        assert_non_null(b);
        tz_zone *za = tz_parse_tzif(names[i], (const unsigned char *)a, la);
        tz_zone *zb = tz_parse_tzif(target, (const unsigned char *)b, lb);
        assert_non_null(za);
        assert_non_null(zb);
        for (int64_t t = 946684800; t < 2524608000; t += 86400 * 37)
            assert_int_equal(tz_offset_at(za, t), tz_offset_at(zb, t));
        tz_free(za);
        tz_free(zb);
        free(a);
        free(b);
        checked++;
    }
    if (!checked)
        skip();
}

int main(void)
{
    char *dir = support_tempdir();
    snprintf(g_dir, sizeof(g_dir), "%s", dir);
    copy_zone("America/New_York");
    copy_zone("Europe/Moscow");
    setenv("HALLBOARD_ZONEINFO", g_dir, 1);
    tzdb_init();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(tzalias_links_resolve_legacy_names),
        cmocka_unit_test(tzalias_windows_names_map_to_iana_zones),
        cmocka_unit_test(tzdb_reads_a_legacy_name_its_directory_lacks),
        cmocka_unit_test(tzalias_every_shipped_legacy_name_agrees_with_its_zone),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    support_remove_tree(dir);
    free(dir);
    return rc;
}
