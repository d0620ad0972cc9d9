/* csv_value.c - the values a CSV cell writes: dates, times of day, offsets, durations.
 *
 * Spreadsheets write dates as ISO (2020-12-09) or European (09.12.2020), times with or
 * without seconds, and durations as minutes or H:MM. These readers only say whether a
 * string is such a value and what it is; placing it in time and reporting a bad one is
 * the row's business (csv_row.c). docs/feed-formats/csv.md lists every accepted form.
 *
 * Layout: digits; dates; times of day and offsets; date-times; durations.
 */
#include "csv.h"

#include "civil.h"

/* Reads 1 to max decimal digits at *s into *v; advances *s. */
static bool num(const char **s, int max, int *v)
{
    int k = 0;
    *v = 0;
    while (k < max && **s >= '0' && **s <= '9') {
        *v = *v * 10 + (*(*s)++ - '0');
        k++;
    }
    return k > 0;
}

bool csv_parse_date(const char **s, int64_t *y, int *mo, int *d)
{
    const char *p = *s, *a0 = p, *c0;
    int a, b, cc;
    if (!num(&p, 4, &a) || (*p != '-' && *p != '.'))
        return false;
    size_t na = (size_t)(p - a0);
    char sep = *p++;
    if (!num(&p, 2, &b) || *p++ != sep)
        return false;
    c0 = p;
    if (!num(&p, 4, &cc))
        return false;
    size_t nc = (size_t)(p - c0);
    if (sep == '-' ? na != 4 || nc > 2 : na > 2 || nc != 4)
        return false;
    *y = sep == '-' ? a : cc;
    *mo = b;
    *d = sep == '-' ? cc : a;
    if (*y < 1900 || *y > 2199 || *mo < 1 || *mo > 12 || *d < 1 ||
        *d > civil_days_in_month(*y, *mo))
        return false;
    *s = p;
    return true;
}

/* A time of day at *s: H:MM or HH:MM, optional :SS and a fraction (dropped). */
static bool parse_tod(const char **s, int *h, int *mi, int *sec)
{
    const char *p = *s, *m;
    if (!num(&p, 2, h) || *p++ != ':')
        return false;
    m = p;
    if (!num(&p, 2, mi) || p - m != 2 || *h > 23 || *mi > 59)
        return false;
    *sec = 0;
    if (*p == ':') {
        m = ++p;
        if (!num(&p, 2, sec) || p - m != 2 || *sec > 60)
            return false;
        if (*p == '.' && p[1] >= '0' && p[1] <= '9')
            for (p++; *p >= '0' && *p <= '9'; p++)
                ;
        *sec -= *sec == 60;
    }
    *s = p;
    return true;
}

/* An optional "Z" or +HH:MM / -HH:MM at *s; then the end of the string. */
static bool parse_offset(const char *s, bool *has, int32_t *off)
{
    int h, m;
    *has = *s != '\0';
    if (*s == 'Z' || *s == 'z')
        *off = 0, s++;
    else if (*s == '+' || *s == '-') {
        const char *p = s + 1;
        if (!num(&p, 2, &h) || p - s != 3 || *p++ != ':' || !num(&p, 2, &m) || p - s != 6 ||
            h > 23 || m > 59)
            return false;
        *off = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
        s = p;
    }
    return *s == '\0';
}

bool csv_parse_when(const char *s, csv_when *w)
{
    w->has_date = csv_parse_date(&s, &w->y, &w->mo, &w->d);
    if (w->has_date) {
        if (*s != 'T' && *s != 't' && *s != ' ')
            return false;
        while (*++s == ' ')
            ;
    }
    return parse_tod(&s, &w->h, &w->mi, &w->sec) && parse_offset(s, &w->has_off, &w->off);
}

bool csv_parse_duration(const char *s, int64_t *secs)
{
    int a, b, c = 0;
    const char *m;
    if (!num(&s, 6, &a))
        return false;
    if (*s == '\0') {
        *secs = (int64_t)a * 60;
        return true;
    }
    if (*s++ != ':' || a > 999 || (m = s, !num(&s, 2, &b)) || s - m != 2 || b > 59)
        return false;
    if (*s == ':' && (m = ++s, !num(&s, 2, &c) || s - m != 2 || c > 59))
        return false;
    *secs = (int64_t)a * 3600 + b * 60 + c;
    return *s == '\0';
}
