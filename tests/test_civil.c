/* test_civil.c - calendar arithmetic and RFC 3339 parsing. */
#include "support.h"

#include <stdio.h>
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

static void civil_rfc3339_tells_out_of_range_from_malformed(void **state)
{
    (void)state;
    int64_t t = 42;
    int32_t off = 7;
    /* Well-formed, a real day, but a year outside 1900..2199. */
    const char *range[] = {"9999-12-31T23:59:59Z", "1899-12-31T23:59:59Z",
                           "2200-01-01T00:00:00+08:00", "0000-01-01 00:00:00.5-03:30",
                           "2400-02-29T00:00:00Z"};
    for (size_t i = 0; i < sizeof(range) / sizeof(range[0]); i++) {
        assert_int_equal(civil_rfc3339_check(range[i], &t, &off), CIVIL_E_RANGE);
        assert_false(civil_parse_rfc3339(range[i], &t, &off));
    }
    /* Malformed stays malformed, whatever the year. */
    const char *bad[] = {"", "9999-13-01T00:00:00Z", "9999-12-31T23:59:59", "2300-02-29T00:00:00Z",
                         "9999-12-31T24:00:00Z", "9999-12-31T23:59:59Zjunk",
                         "99999-12-31T00:00:00Z", "2020-13-01T00:00:00Z",
                         "9999-12-31T23:59:59+25:00"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_int_equal(civil_rfc3339_check(bad[i], &t, &off), CIVIL_E_SYNTAX);
    assert_int_equal(civil_rfc3339_check(NULL, &t, &off), CIVIL_E_SYNTAX);
    assert_true(t == 42 && off == 7);
    /* The edges of the range are in. */
    assert_int_equal(civil_rfc3339_check("2199-12-31T23:59:59Z", &t, NULL), 0);
    assert_int_equal(civil_rfc3339_check("1900-01-01T00:00:00Z", &t, &off), 0);
    assert_true(t == CIVIL_MIN_UNIX && off == 0);
    assert_int_equal(CIVIL_YEAR_MIN, 1900);
    assert_int_equal(CIVIL_YEAR_MAX, 2199);
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

static void civil_http_dates_in_all_three_forms(void **state)
{
    (void)state;
    /* RFC 9110's own example, in its three forms: one instant. */
    int64_t want = support_instant("1994-11-06T08:49:37Z"), t = 0;
    assert_true(civil_parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT", &t));
    assert_int_equal(t, want);
    t = 0;
    assert_true(civil_parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT", &t));
    assert_int_equal(t, want);
    t = 0;
    assert_true(civil_parse_http_date("Sun Nov  6 08:49:37 1994", &t));
    assert_int_equal(t, want);
    /* RFC 850 two-digit years: 1950..2049. */
    assert_true(civil_parse_http_date("Wednesday, 09-Dec-20 09:00:00 GMT", &t));
    assert_int_equal(t, support_instant("2020-12-09T09:00:00Z"));
    assert_true(civil_parse_http_date("Friday, 01-Jan-50 00:00:00 GMT", &t));
    assert_int_equal(t, support_instant("1950-01-01T00:00:00Z"));
    /* Past 2038 with no help from time_t (a 32-bit one ends 2038-01-19T03:14:07Z). */
    assert_true(civil_parse_http_date("Tue, 19 Jan 2038 03:14:08 GMT", &t));
    assert_int_equal(t, INT64_C(2147483648));
    assert_true(civil_parse_http_date("Sat, 29 Feb 2048 23:59:59 GMT", &t));
    assert_int_equal(t, INT64_C(2466633599));
    /* A leap second is the second before the next minute. */
    assert_true(civil_parse_http_date("Sat, 31 Dec 2016 23:59:60 GMT", &t));
    assert_int_equal(t, support_instant("2016-12-31T23:59:59Z"));
    /* Every day of 2020..2029 at noon, against the RFC 3339 parser. */
    for (int64_t day = civil_days_from_ymd(2020, 1, 1); day < civil_days_from_ymd(2030, 1, 1);
         day++) {
        int64_t y;
        int m, d;
        civil_ymd_from_days(day, &y, &m, &d);
        static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        static const char *const wd[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        char buf[64];
        snprintf(buf, sizeof(buf), "%s, %02d %s %04lld 12:00:00 GMT",
                 wd[(civil_weekday(day) + 6) % 7], d, mon[m - 1], (long long)y);
        assert_true(civil_parse_http_date(buf, &t));
        assert_int_equal(t, day * 86400 + 12 * 3600);
    }
}

static void civil_http_dates_reject_other_text(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",
        "Sun, 06 Nov 1994 08:49:37",         /* no zone */
        "Sun, 06 Nov 1994 08:49:37 UTC",     /* only GMT */
        "Sun, 06 Nov 1994 08:49:37 GMT ",    /* trailing text */
        "Sun, 6 Nov 1994 08:49:37 GMT",      /* day not two digits */
        "Sun, 31 Nov 1994 08:49:37 GMT",     /* 31 November */
        "Sun, 29 Feb 2021 08:49:37 GMT",     /* not a leap year */
        "Sun, 06 Nov 1994 24:00:00 GMT",     /* hour 24 */
        "Sun, 06 Nov 1994 08:60:00 GMT",     /* minute 60 */
        "Sun, 06 Nox 1994 08:49:37 GMT",     /* month name */
        "sun, 06 nov 1994 08:49:37 gmt",     /* case */
        "Sum, 06 Nov 1994 08:49:37 GMT",     /* weekday name */
        "Sun, 06 Nov 1899 08:49:37 GMT",     /* before 1900 */
        "Sunday, 06-Nov-1994 08:49:37 GMT",  /* RFC 850 with four digits */
        "Sun Nov 6 08:49:37 1994",           /* asctime, day not padded */
        "Sun Nov  6 08:49:37 1994 GMT",      /* asctime with a zone */
        "1994-11-06T08:49:37Z",              /* RFC 3339 is not an HTTP date */
        "784111777",                         /* nor are seconds */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        int64_t t = 42;
        if (civil_parse_http_date(bad[i], &t))
            fail_msg("accepted \"%s\"", bad[i]);
        assert_int_equal(t, 42);
    }
    assert_false(civil_parse_http_date(NULL, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(civil_day_numbers_round_trip_for_every_day_1900_to_2200),
        cmocka_unit_test(civil_rfc3339_offsets_fix_the_instant),
        cmocka_unit_test(civil_rfc3339_rejects_malformed_and_out_of_range),
        cmocka_unit_test(civil_rfc3339_tells_out_of_range_from_malformed),
        cmocka_unit_test(civil_formats_utc_and_offsets),
        cmocka_unit_test(civil_http_dates_in_all_three_forms),
        cmocka_unit_test(civil_http_dates_reject_other_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
