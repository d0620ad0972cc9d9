/* tz_rule.c - POSIX TZ rules (tz_int.h): parsing, the type in effect at an instant,
 * the next switch. Pure.
 */
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "tz_int.h"

/* ---------------------------------------------------------------- POSIX rules */

/* Reads an unsigned decimal of 1..maxdigits digits. */
static bool parse_num(const char **p, int maxdigits, int *out)
{
    const char *s = *p;
    int v = 0, n = 0;
    while (n < maxdigits && *s >= '0' && *s <= '9') {
        v = v * 10 + (*s++ - '0');
        n++;
    }
    if (n == 0)
        return false;
    *p = s;
    *out = v;
    return true;
}

/* Reads a zone abbreviation: three or more letters, or <...> of letters, digits, '+'
 * and '-' (such as <+0545>), at most ABBR_LEN characters. */
static bool parse_abbr(const char **p, char out[ABBR_LEN + 1])
{
    const char *s = *p;
    size_t n = 0;
    if (*s == '<') {
        s++;
        while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
               (*s >= '0' && *s <= '9') || *s == '+' || *s == '-') {
            if (n == ABBR_LEN)
                return false;
            out[n++] = *s++;
        }
        if (*s++ != '>')
            return false;
    } else {
        while ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')) {
            if (n == ABBR_LEN)
                return false;
            out[n++] = *s++;
        }
    }
    if (n < 3)
        return false;
    out[n] = '\0';
    *p = s;
    return true;
}

/* Reads [+-]hh[:mm[:ss]] with hh <= maxh, as signed seconds. */
static bool parse_hms(const char **p, int maxh, int32_t *out)
{
    const char *s = *p;
    int sign = 1, h, m = 0, sec = 0;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    if (!parse_num(&s, 3, &h) || h > maxh)
        return false;
    if (*s == ':') {
        s++;
        if (!parse_num(&s, 2, &m) || m > 59)
            return false;
        if (*s == ':') {
            s++;
            if (!parse_num(&s, 2, &sec) || sec > 59)
                return false;
        }
    }
    *p = s;
    *out = sign * (h * 3600 + m * 60 + sec);
    return true;
}

/* Reads Jn, n or Mm.w.d, then an optional /time (default 02:00). */
static bool parse_date(const char **p, rule_date *d)
{
    const char *s = *p;
    memset(d, 0, sizeof *d);
    if (*s == 'J') {
        s++;
        d->kind = 'J';
        if (!parse_num(&s, 3, &d->a) || d->a < 1 || d->a > 365)
            return false;
    } else if (*s == 'M') {
        s++;
        d->kind = 'M';
        if (!parse_num(&s, 2, &d->a) || d->a < 1 || d->a > 12 || *s++ != '.' ||
            !parse_num(&s, 1, &d->b) || d->b < 1 || d->b > 5 || *s++ != '.' ||
            !parse_num(&s, 1, &d->c) || d->c > 6)
            return false;
    } else {
        d->kind = 'N';
        if (!parse_num(&s, 3, &d->a) || d->a > 365)
            return false;
    }
    d->secs = 2 * 3600;
    if (*s == '/') {
        s++;
        if (!parse_hms(&s, RULE_HOURS_MAX, &d->secs))
            return false;
    }
    *p = s;
    return true;
}

/* Parses a complete POSIX TZ rule ("std offset [dst [offset] [,start[/time],end[/time]]]")
 * into *r. A DST name without dates gets the US rules M3.2.0,M11.1.0, as glibc does;
 * a DST name without an offset means one hour ahead of standard time. */
bool tz_rule_parse(const char *s, posix_rule *r)
{
    int32_t secs;
    memset(r, 0, sizeof *r);
    if (!parse_abbr(&s, r->std.abbr) || !parse_hms(&s, OFFSET_HOURS_MAX, &secs))
        return false;
    r->std.off = -secs; /* POSIX offsets count hours west */
    if (*s == '\0')
        return true;
    if (!parse_abbr(&s, r->dst.abbr))
        return false;
    r->has_dst = true;
    r->dst.isdst = true;
    r->dst.off = r->std.off + 3600;
    if (*s != ',' && *s != '\0') {
        if (!parse_hms(&s, OFFSET_HOURS_MAX, &secs))
            return false;
        r->dst.off = -secs;
    }
    if (*s == '\0') {
        const char *us = "M3.2.0,M11.1.0";
        return parse_date(&us, &r->start) && *us++ == ',' && parse_date(&us, &r->end);
    }
    if (*s++ != ',' || !parse_date(&s, &r->start) || *s++ != ',' || !parse_date(&s, &r->end))
        return false;
    return *s == '\0';
}

/* Day number (days since 1970-01-01) on which date d falls in year y. */
static int64_t rule_day(const rule_date *d, int64_t y)
{
    if (d->kind == 'J')
        return civil_days_from_ymd(y, 1, 1) + d->a - 1 + (civil_is_leap(y) && d->a >= 60);
    if (d->kind == 'N')
        return civil_days_from_ymd(y, 1, 1) + d->a;
    int64_t first = civil_days_from_ymd(y, d->a, 1);
    int64_t day = first + (d->c - civil_weekday(first) + 7) % 7 + 7 * (d->b - 1);
    if (day >= first + civil_days_in_month(y, d->a)) /* week 5 means "last" */
        day -= 7;
    return day;
}

/* UTC instants at which DST starts and ends in year y. Each lies within nine days
 * of year y (time of day within +-167 h, offsets within +-25 h, 'N' day 365). */
static void rule_events(const posix_rule *r, int64_t y, int64_t *start, int64_t *end)
{
    *start = rule_day(&r->start, y) * SECS_PER_DAY + r->start.secs - r->std.off;
    *end = rule_day(&r->end, y) * SECS_PER_DAY + r->end.secs - r->dst.off;
}

/* Reduces far-away instants by whole 400-year cycles: returns the shift to subtract
 * (0 for ordinary instants), leaving t - shift within one cycle of 0. The rule's
 * pattern is identical on the shifted instant. Truncating division keeps |shift| <=
 * |t|, so the product cannot overflow. */
static int64_t rule_shift(int64_t t)
{
    if (t >= -RULE_LIM && t <= RULE_LIM)
        return 0;
    return t / CYCLE_SECS * CYCLE_SECS;
}

/* UTC calendar year of instant t (|t| <= RULE_LIM after rule_shift()). */
static int64_t year_of(int64_t t)
{
    int64_t y;
    int m, d;
    civil_ymd_from_days(civil_floor_div(t, SECS_PER_DAY), &y, &m, &d);
    return y;
}

/* The type a DST rule gives at instant t: that of the latest switch at or before t.
 * Switches of years y-2..y+1 (y = year of t) bracket t, given the nine-day bound.
 * Ties are won by the later year, then by the end of DST: so "0/0,J365/25" (DST
 * all year) stays DST and a zero-length DST period is no DST at all. */
const tz_type *tz_rule_state(const posix_rule *r, int64_t t)
{
    if (!r->has_dst)
        return &r->std;
    t -= rule_shift(t);
    int64_t y = year_of(t), best = INT64_MIN;
    const tz_type *ty = &r->std;
    for (int64_t yy = y - 2; yy <= y + 1; yy++) {
        int64_t s, e;
        rule_events(r, yy, &s, &e);
        if (s <= t && s >= best) {
            best = s;
            ty = &r->dst;
        }
        if (e <= t && e >= best) {
            best = e;
            ty = &r->std;
        }
    }
    return ty;
}

/* The first rule switch strictly after t, or INT64_MAX. Switches of years y-1..y+3
 * contain it: those of y+2 are all after t, and later years' all come after those. */
int64_t tz_rule_next_event(const posix_rule *r, int64_t t)
{
    if (!r->has_dst)
        return INT64_MAX;
    int64_t shift = rule_shift(t);
    t -= shift;
    int64_t y = year_of(t), best = INT64_MAX;
    for (int64_t yy = y - 1; yy <= y + 3; yy++) {
        int64_t s, e;
        rule_events(r, yy, &s, &e);
        if (s > t && s < best)
            best = s;
        if (e > t && e < best)
            best = e;
    }
    if (best == INT64_MAX || (shift > 0 && best > INT64_MAX - shift))
        return INT64_MAX;
    return best + shift;
}
