/* civil.c - calendar arithmetic (days <-> y/m/d) and RFC 3339 parsing/formatting.
 *
 * The day conversions use the era-based algorithm for the proleptic Gregorian
 * calendar (400-year eras of 146097 days), exact for any int64 year range used here.
 */
#include "civil.h"

#include <string.h>

int64_t civil_floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        q--;
    return q;
}

int64_t civil_days_from_ymd(int64_t y, int m, int d)
{
    y -= m <= 2;
    int64_t era = civil_floor_div(y, 400);
    int64_t yoe = y - era * 400;                                  /* [0, 399] */
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1; /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;          /* [0, 146096] */
    return era * 146097 + doe - 719468;
}

void civil_ymd_from_days(int64_t days, int64_t *y, int *m, int *d)
{
    days += 719468;
    int64_t era = civil_floor_div(days, 146097);
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int dd = (int)(doy - (153 * mp + 2) / 5 + 1);
    int mm = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (mm <= 2);
    *m = mm;
    *d = dd;
}

int civil_weekday(int64_t days)
{
    /* 1970-01-01 was a Thursday (4). */
    int64_t w = (days + 4) % 7;
    return (int)(w < 0 ? w + 7 : w);
}

bool civil_is_leap(int64_t y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int civil_days_in_month(int64_t y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return len[m - 1] + (m == 2 && civil_is_leap(y));
}

/* Reads exactly n decimal digits at *p; advances *p. */
static bool digits(const char **p, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return true;
}

/* Parses "YYYY-MM-DD[T ]HH:MM[:SS[.fff]]" and advances *p past it. Seconds are
 * optional only when allow_no_seconds is set. Returns 0, CIVIL_E_SYNTAX (*p not
 * advanced), or CIVIL_E_RANGE when all is well but the year (*p advanced). */
static int parse_fields(const char **p, bool allow_no_seconds, int *y, int *mo, int *d, int *h,
                        int *mi, int *sec)
{
    const char *s = *p;
    if (!digits(&s, 4, y) || *s++ != '-' || !digits(&s, 2, mo) || *s++ != '-' ||
        !digits(&s, 2, d))
        return CIVIL_E_SYNTAX;
    if (*s != 'T' && *s != 't' && *s != ' ')
        return CIVIL_E_SYNTAX;
    s++;
    if (!digits(&s, 2, h) || *s++ != ':' || !digits(&s, 2, mi))
        return CIVIL_E_SYNTAX;
    *sec = 0;
    if (*s == ':') {
        s++;
        if (!digits(&s, 2, sec))
            return CIVIL_E_SYNTAX;
        if (*s == '.') {
            s++;
            if (*s < '0' || *s > '9')
                return CIVIL_E_SYNTAX;
            while (*s >= '0' && *s <= '9')
                s++;
        }
    } else if (!allow_no_seconds) {
        return CIVIL_E_SYNTAX;
    }
    if (*mo < 1 || *mo > 12 || *d < 1 || *d > civil_days_in_month(*y, *mo) || *h > 23 ||
        *mi > 59 || *sec > 60)
        return CIVIL_E_SYNTAX;
    if (*sec == 60) /* leap second: the instant is the next second */
        *sec = 59;
    *p = s;
    return *y < CIVIL_YEAR_MIN || *y > CIVIL_YEAR_MAX ? CIVIL_E_RANGE : 0;
}

int civil_rfc3339_check(const char *s, int64_t *utc, int32_t *offset)
{
    if (!s)
        return CIVIL_E_SYNTAX;
    int y, mo, d, h, mi, sec;
    int fields = parse_fields(&s, false, &y, &mo, &d, &h, &mi, &sec);
    if (fields == CIVIL_E_SYNTAX)
        return CIVIL_E_SYNTAX;
    int32_t off;
    if (*s == 'Z' || *s == 'z') {
        off = 0;
        s++;
    } else if (*s == '+' || *s == '-') {
        int sign = *s++ == '-' ? -1 : 1, oh, om;
        if (!digits(&s, 2, &oh) || *s++ != ':' || !digits(&s, 2, &om) || oh > 23 || om > 59)
            return CIVIL_E_SYNTAX;
        off = sign * (oh * 3600 + om * 60);
    } else {
        return CIVIL_E_SYNTAX;
    }
    if (*s != '\0')
        return CIVIL_E_SYNTAX;
    if (fields == CIVIL_E_RANGE) /* well-formed to the end: only the year is wrong */
        return CIVIL_E_RANGE;
    int64_t t = civil_days_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
    if (utc)
        *utc = t;
    if (offset)
        *offset = off;
    return 0;
}

bool civil_parse_rfc3339(const char *s, int64_t *utc, int32_t *offset)
{
    return civil_rfc3339_check(s, utc, offset) == 0;
}

bool civil_parse_local(const char *s, int64_t *y, int *mo, int *d, int *h, int *mi, int *sec)
{
    if (!s)
        return false;
    int yy;
    if (parse_fields(&s, true, &yy, mo, d, h, mi, sec) != 0 || *s != '\0')
        return false;
    *y = yy;
    return true;
}

/* Writes v as exactly n decimal digits (v must fit). */
static void put_digits(char *p, int64_t v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        p[i] = (char)('0' + v % 10);
        v /= 10;
    }
}

void civil_format_utc(int64_t t, char *buf)
{
    if (t < CIVIL_MIN_UNIX)
        t = CIVIL_MIN_UNIX;
    if (t > CIVIL_MAX_UNIX)
        t = CIVIL_MAX_UNIX;
    int64_t days = civil_floor_div(t, 86400), y;
    int64_t sod = t - days * 86400;
    int m, d;
    civil_ymd_from_days(days, &y, &m, &d);
    memcpy(buf, "0000-00-00T00:00:00Z", CIVIL_UTC_LEN);
    put_digits(buf, y, 4);
    put_digits(buf + 5, m, 2);
    put_digits(buf + 8, d, 2);
    put_digits(buf + 11, sod / 3600, 2);
    put_digits(buf + 14, sod / 60 % 60, 2);
    put_digits(buf + 17, sod % 60, 2);
}

void civil_format_date(int64_t y, int m, int d, char *buf)
{
    y = y < 0 ? 0 : y > 9999 ? 9999 : y;
    memcpy(buf, "0000-00-00", 11);
    put_digits(buf, y, 4);
    put_digits(buf + 5, m % 100, 2);
    put_digits(buf + 8, d % 100, 2);
}

void civil_format_hm(int h, int m, char *buf)
{
    memcpy(buf, "00:00", 6);
    put_digits(buf, h % 100, 2);
    put_digits(buf + 3, m % 100, 2);
}

void civil_format_offset(int32_t offset, char *buf)
{
    int32_t a = offset < 0 ? -offset : offset;
    buf[0] = offset < 0 ? '-' : '+';
    put_digits(buf + 1, a / 3600 % 100, 2);
    buf[3] = ':';
    put_digits(buf + 4, a / 60 % 60, 2);
    buf[6] = '\0';
}

/* ---- HTTP dates --------------------------------------------------------------- */

static const char *const day_short[7] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
static const char *const day_long[7] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                        "Friday", "Saturday", "Sunday"};
static const char *const month_short[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* Matches one of the n words at *p exactly (case-sensitive, as RFC 9110 writes them);
 * advances *p. Returns its index, or -1. */
static int word(const char **p, const char *const *words, int n)
{
    for (int i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        if (strncmp(*p, words[i], len) == 0) {
            *p += len;
            return i;
        }
    }
    return -1;
}

/* "HH:MM:SS" at *p; advances *p. */
static bool clock_time(const char **p, int *h, int *mi, int *sec)
{
    const char *s = *p;
    if (!digits(&s, 2, h) || *s++ != ':' || !digits(&s, 2, mi) || *s++ != ':' ||
        !digits(&s, 2, sec))
        return false;
    *p = s;
    return true;
}

bool civil_parse_http_date(const char *s, int64_t *utc)
{
    if (!s)
        return false;
    int y = 0, mo, d, h, mi, sec;
    const char *p = s;
    if (word(&p, day_short, 7) >= 0 && *p == ',') {
        /* IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" */
        p++;
        if (*p++ != ' ' || !digits(&p, 2, &d) || *p++ != ' ' ||
            (mo = word(&p, month_short, 12) + 1) == 0 || *p++ != ' ' || !digits(&p, 4, &y) ||
            *p++ != ' ' || !clock_time(&p, &h, &mi, &sec) || strcmp(p, " GMT") != 0)
            return false;
    } else if ((p = s, word(&p, day_long, 7) >= 0) && *p == ',') {
        /* RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT" */
        p++;
        if (*p++ != ' ' || !digits(&p, 2, &d) || *p++ != '-' ||
            (mo = word(&p, month_short, 12) + 1) == 0 || *p++ != '-' || !digits(&p, 2, &y) ||
            *p++ != ' ' || !clock_time(&p, &h, &mi, &sec) || strcmp(p, " GMT") != 0)
            return false;
        y += y < 50 ? 2000 : 1900;
    } else if ((p = s, word(&p, day_short, 7) >= 0) && *p == ' ') {
        /* asctime: "Sun Nov  6 08:49:37 1994" (day space-padded) */
        p++;
        if ((mo = word(&p, month_short, 12) + 1) == 0 || *p++ != ' ')
            return false;
        if (*p == ' ') {
            p++;
            if (!digits(&p, 1, &d))
                return false;
        } else if (!digits(&p, 2, &d)) {
            return false;
        }
        if (*p++ != ' ' || !clock_time(&p, &h, &mi, &sec) || *p++ != ' ' ||
            !digits(&p, 4, &y) || *p)
            return false;
    } else {
        return false;
    }
    if (y < 1900 || d < 1 || d > civil_days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
        return false;
    if (sec == 60) /* leap second: the instant is the next second */
        sec = 59;
    *utc = civil_days_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
    return true;
}
