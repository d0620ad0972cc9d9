/* conf_check.c - the syntax of settings values (numbers, times, sizes, names, URLs,
 * addresses, topics): predicates and small parsers with no messages, used by
 * conf_keys.c. Pure. */
#include "conf_int.h"

#include <string.h>

/* A whole number, optionally negative, in v (NUL-terminated). Values past 18 digits
 * saturate (so they read as out of range, not as garbage). */
bool conf_parse_int(const char *v, long long *out)
{
    bool neg = *v == '-';
    const char *p = v + neg;
    if (!*p)
        return false;
    long long x = 0;
    for (; *p; p++) {
        if (!conf_is_digit(*p))
            return false;
        if (x < 100000000000000000LL)
            x = x * 10 + (*p - '0');
    }
    *out = neg ? -x : x;
    return true;
}

/* "H:MM" or "HH:MM", 00:00..23:59 -> minutes after midnight, or -1. */
int conf_parse_hhmm(const char *v)
{
    size_t n = strlen(v);
    if (n != 4 && n != 5)
        return -1;
    const char *m = v + n - 3;
    if (m[0] != ':' || !conf_is_digit(m[1]) || !conf_is_digit(m[2]) || !conf_is_digit(v[0]) ||
        (n == 5 && !conf_is_digit(v[1])))
        return -1;
    int h = n == 5 ? (v[0] - '0') * 10 + (v[1] - '0') : v[0] - '0';
    int mi = (m[1] - '0') * 10 + (m[2] - '0');
    return h <= 23 && mi <= 59 ? h * 60 + mi : -1;
}

/* "WxH", each 1..CONF_MAX_SIDE. */
bool conf_parse_size(const char *v, int *w, int *h)
{
    const char *x = strchr(v, 'x');
    if (!x)
        x = strchr(v, 'X');
    if (!x || x == v || x[1] == '\0')
        return false;
    long long a = 0, b = 0;
    for (const char *p = v; p < x; p++) {
        if (!conf_is_digit(*p))
            return false;
        if (a <= CONF_MAX_SIDE)
            a = a * 10 + (*p - '0');
    }
    for (const char *p = x + 1; *p; p++) {
        if (!conf_is_digit(*p))
            return false;
        if (b <= CONF_MAX_SIDE)
            b = b * 10 + (*p - '0');
    }
    if (a < 1 || b < 1 || a > CONF_MAX_SIDE || b > CONF_MAX_SIDE)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* A BCP 47-like tag: 2-8 letters, then "-" or "_" and 1-8 letters or digits, repeated. */
bool conf_lang_ok(const char *v)
{
    size_t n = strlen(v), i = 0;
    if (n > CONF_LANG_MAX)
        return false;
    while (i < n && conf_is_alpha(v[i]))
        i++;
    if (i < 2 || i > 8)
        return false;
    while (i < n) {
        if (v[i] != '-' && v[i] != '_')
            return false;
        size_t j = ++i;
        while (i < n && (conf_is_alpha(v[i]) || conf_is_digit(v[i])))
            i++;
        if (i == j || i - j > 8)
            return false;
    }
    return true;
}

/* The zone names the shell's zone database accepts (tzdb_name_ok). */
bool conf_zone_name_ok(const char *v, size_t n)
{
    if (n == 0 || n > TZ_NAME_MAX || v[0] == '/')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (!(conf_is_alpha(c) || conf_is_digit(c) || c == '/' || c == '_' || c == '+' ||
              c == '-' || c == '.'))
            return false;
        if (c == '.' && i + 1 < n && v[i + 1] == '.')
            return false;
    }
    return true;
}

bool conf_name_ok(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > CONF_NAME_MAX || v[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(conf_is_alpha(v[i]) || conf_is_digit(v[i]) || v[i] == '-' || v[i] == '_' ||
              v[i] == '.'))
            return false;
    return true;
}

static bool prefix_ci(const char *s, const char *p)
{
    for (; *p; s++, p++) {
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if (c != *p)
            return false;
    }
    return true;
}

bool conf_url_ok(const char *v)
{
    static const char *const schemes[] = {"http://", "https://", "file://"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(schemes[i]);
        if (prefix_ci(v, schemes[i]))
            return v[n] != '\0';
    }
    return false;
}

/* mqtt://HOST:PORT or mqtts://HOST:PORT (the port may be left out). */
bool conf_broker_ok(const char *v)
{
    const char *h = prefix_ci(v, "mqtt://") ? v + 7 : prefix_ci(v, "mqtts://") ? v + 8 : NULL;
    if (!h || !*h)
        return false;
    for (; *h; h++)
        if (*h <= ' ' || *h == '/' || *h == '@' || *h == 0x7f)
            return false;
    return true;
}

/* A topic prefix: printable, no wildcards, no empty levels, no leading or trailing '/'. */
bool conf_topic_ok(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > CONF_TOPIC_MAX || v[0] == '/' || v[n - 1] == '/' || strstr(v, "//"))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] <= ' ' || v[i] == '+' || v[i] == '#' || v[i] == 0x7f)
            return false;
    return true;
}

/* An address to listen on: "*", or an IPv4 / IPv6 literal (checked by the shell). */
bool conf_bind_ok(const char *v)
{
    if (strcmp(v, "*") == 0)
        return true;
    size_t n = strlen(v);
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(conf_is_digit(v[i]) || v[i] == '.' || v[i] == ':' || (v[i] >= 'a' && v[i] <= 'f') ||
              (v[i] >= 'A' && v[i] <= 'F') || v[i] == '%' || conf_is_alpha(v[i])))
            return false;
    return true;
}
