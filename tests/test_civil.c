/* test_civil.c - calendar arithmetic and RFC 3339 parsing. */
#include "support.h"

#include <string.h>

#include "civil.h"

static void civil_day_numbers_round_trip_for_every_day_1900_to_2200(void **state)
{
    (void)state;
    int64_t expect = civil_days_from_ymd(1900, 1, 1);
    for (int64_t y = 1900; y < 2200; y++)
        for (int m = 1; m <= 12; m++)
            for (int d = 1; d <= civil_days_in_month(y, m); d++) {
                int64_t days = civil_days_from_ymd(y, m, d), yy;
                int mm, dd;
                assert_true(days == expect);
                civil_ymd_from_days(days, &yy, &mm, &dd);
                assert_true(yy == y && mm == m && dd == d);
                expect++;
            }
    assert_true(civil_days_from_ymd(1970, 1, 1) == 0);
    assert_int_equal(civil_weekday(civil_days_from_ymd(2020, 12, 9)), 3); /* Wednesday */
}

static void civil_rfc3339_offsets_fix_the_instant(void **state)
{
    (void)state;
    int64_t a, b, c;
    int32_t off;
    assert_true(civil_parse_rfc3339("2020-12-09T17:00:00+08:00", &a, &off));
    assert_int_equal(off, 8 * 3600);
    assert_true(civil_parse_rfc3339("2020-12-09T12:00:00+03:00", &b, NULL));
    assert_true(civil_parse_rfc3339("2020-12-09T09:00:00Z", &c, NULL));
    assert_true(a == b && b == c);
    assert_true(c == 1607504400);
    assert_true(civil_parse_rfc3339("2020-12-09T09:00:00.123456z", &c, NULL));
    assert_true(civil_parse_rfc3339("2020-12-09 04:15:00-04:45", &c, &off));
    assert_int_equal(off, -(4 * 3600 + 45 * 60));
    assert_true(c == 1607504400);
}

static void civil_rfc3339_rejects_malformed_and_out_of_range(void **state)
{
    (void)state;
    const char *bad[] = {"", "2020-12-09", "2020-12-09T09:00Z", "2020-12-09T09:00:00",
                         "2020-13-01T00:00:00Z", "2021-02-29T00:00:00Z", "2020-04-31T00:00:00Z",
                         "2020-12-09T24:00:00Z", "2020-12-09T09:60:00Z", "2020-12-09T09:00:00+8:00",
                         "2020-12-09T09:00:00Zjunk", "1899-12-31T23:59:59Z", "2020-12-09X09:00:00Z",
                         "2020-12-09T09:00:00.Z", "２020-12-09T09:00:00Z"};
    int64_t t = 42;
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_false(civil_parse_rfc3339(bad[i], &t, NULL));
        assert_true(t == 42);
    }
    assert_true(civil_parse_rfc3339("2020-02-29T00:00:00Z", &t, NULL));
}

static void civil_formats_utc_and_offsets(void **state)
{
    (void)state;
    char buf[CIVIL_UTC_LEN], off[7];
    civil_format_utc(1607504400, buf);
    assert_string_equal(buf, "2020-12-09T09:00:00Z");
    civil_format_utc(-1, buf);
    assert_string_equal(buf, "1969-12-31T23:59:59Z");
    civil_format_offset(20700, off);
    assert_string_equal(off, "+05:45");
    civil_format_offset(-12600, off);
    assert_string_equal(off, "-03:30");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(civil_day_numbers_round_trip_for_every_day_1900_to_2200),
        cmocka_unit_test(civil_rfc3339_offsets_fix_the_instant),
        cmocka_unit_test(civil_rfc3339_rejects_malformed_and_out_of_range),
        cmocka_unit_test(civil_formats_utc_and_offsets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
