/* tz.c - time zones from TZif bytes (RFC 8536 / RFC 9636) or POSIX TZ rules.
 *
 * A zone is a single malloc'd block: the tz_zone header followed by the transition
 * instants, the local time types, the per-transition type indices and the name.
 * Nothing is written after construction, so a zone may be shared by any number of
 * threads without locking. Nothing here reads files, the clock or the environment.
 *
 * Model: a zone is a piecewise-constant function from UTC instants to a local time
 * type (offset, DST flag, abbreviation). Its pieces come from the TZif transition
 * list, and past the last transition from the POSIX rule in the file's footer.
 * Every query (instant -> type, next change, local -> instant) is built on two
 * primitives: type_at() and next_boundary().
 *
 * Files: tz.c (a zone's block, rule-only zones, the queries), tz_rule.c (POSIX TZ
 * rules: parsing, the type in effect, the next switch), tz_tzif.c (TZif bytes).
 */
#include "tz.h"
#include "tz_int.h"

#include "civil.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- allocation */

/* Checks a zone name: NULL means "", longer than TZ_NAME_MAX is refused.
 * Stores the length in *n. */
static bool name_len(const char *name, size_t *n)
{
    if (!name) {
        *n = 0;
        return true;
    }
    const char *nul = memchr(name, '\0', TZ_NAME_MAX + 1);
    if (!nul)
        return false;
    *n = (size_t)(nul - name);
    return true;
}

/* Allocates a zone with room for timecnt transitions and typecnt types, all in one
 * block (header, int64 times, types, uint8 indices, name: alignment decreasing, and
 * sizeof(struct tz_zone) is a multiple of 8). Pointers to the writable arrays are
 * returned through the out parameters. Returns NULL on a bad name or no memory. */
tz_zone *tz_zone_alloc(const char *name, size_t timecnt, size_t typecnt, int64_t **times,
                           tz_type **types, uint8_t **idx)
{
    size_t nlen;
    if (!name_len(name, &nlen))
        return NULL;
    /* Counts come from files capped at TZ_TZIF_MAX bytes: no overflow possible. */
    size_t size = sizeof(tz_zone) + timecnt * sizeof(int64_t) + typecnt * sizeof(tz_type) +
                  timecnt + nlen + 1;
    unsigned char *mem = malloc(size);
    if (!mem)
        return NULL;
    tz_zone *z = (tz_zone *)mem;
    memset(z, 0, sizeof *z);
    unsigned char *p = mem + sizeof(tz_zone);
    *times = (int64_t *)(void *)p;
    p += timecnt * sizeof(int64_t);
    *types = (tz_type *)(void *)p;
    p += typecnt * sizeof(tz_type);
    *idx = p;
    p += timecnt;
    if (nlen)
        memcpy(p, name, nlen);
    p[nlen] = '\0';
    z->name = (const char *)p;
    z->times = *times;
    z->types = *types;
    z->idx = *idx;
    z->timecnt = timecnt;
    z->typecnt = typecnt;
    return z;
}

void tz_free(tz_zone *z)
{
    free(z);
}

const char *tz_name(const tz_zone *z)
{
    return z->name;
}

/* Builds a zone holding only a rule (no transitions). */
tz_zone *tz_zone_from_rule(const char *name, const posix_rule *r)
{
    int64_t *times;
    tz_type *types;
    uint8_t *idx;
    tz_zone *z = tz_zone_alloc(name, 0, 0, &times, &types, &idx);
    if (!z)
        return NULL;
    z->has_rule = true;
    z->rule = *r;
    z->before = &z->rule.std;
    int64_t a = llabs((long long)r->std.off), b = llabs((long long)r->dst.off);
    z->max_abs_off = a > b ? a : b;
    return z;
}

tz_zone *tz_parse_posix(const char *name, const char *rule)
{
    posix_rule r;
    if (!rule || !tz_rule_parse(rule, &r))
        return NULL;
    return tz_zone_from_rule(name, &r);
}

tz_zone *tz_utc(void)
{
    return tz_parse_posix("UTC", "UTC0");
}

/* ---------------------------------------------------------------- queries */

/* The local time type in effect at instant t. At and after the last transition the
 * footer rule governs if there is one (as in glibc); with no transitions at all the
 * rule governs everything. */
static const tz_type *type_at(const tz_zone *z, int64_t t)
{
    size_t n = z->timecnt;
    if (n == 0)
        return z->has_rule ? tz_rule_state(&z->rule, t) : z->before;
    if (t < z->times[0])
        return z->before;
    if (t >= z->times[n - 1])
        return z->has_rule ? tz_rule_state(&z->rule, t) : &z->types[z->idx[n - 1]];
    /* times[lo] <= t < times[hi] */
    size_t lo = 0, hi = n - 1;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->times[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return &z->types[z->idx[lo]];
}

/* The first instant > t at which type_at() may return something else (a transition or
 * a rule switch, changing anything or not), or INT64_MAX if there is none. */
static int64_t next_boundary(const tz_zone *z, int64_t t)
{
    size_t n = z->timecnt;
    if (n > 0 && t < z->times[n - 1]) {
        /* First times[i] > t: times[lo] <= t < times[hi], or t < times[0]. */
        if (t < z->times[0])
            return z->times[0];
        size_t lo = 0, hi = n - 1;
        while (hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            if (z->times[mid] <= t)
                lo = mid;
            else
                hi = mid;
        }
        return z->times[hi];
    }
    return z->has_rule ? tz_rule_next_event(&z->rule, t) : INT64_MAX;
}

void tz_to_local(const tz_zone *z, int64_t t, tz_local *out)
{
    const tz_type *ty = type_at(z, t);
    /* Split first so that t + offset cannot overflow for extreme t (and compute the
     * remainder directly: days * 86400 itself may not be representable). */
    int64_t days = t / SECS_PER_DAY, sod = t % SECS_PER_DAY;
    if (sod < 0) {
        sod += SECS_PER_DAY;
        days--;
    }
    sod += ty->off;
    int64_t carry = civil_floor_div(sod, SECS_PER_DAY);
    days += carry;
    sod -= carry * SECS_PER_DAY;
    civil_ymd_from_days(days, &out->year, &out->month, &out->day);
    out->hour = (int)(sod / 3600);
    out->minute = (int)(sod / 60 % 60);
    out->second = (int)(sod % 60);
    out->weekday = civil_weekday(days);
    out->utc_offset = ty->off;
    out->is_dst = ty->isdst;
    memcpy(out->abbr, ty->abbr, sizeof ty->abbr);
}

int32_t tz_offset_at(const tz_zone *z, int64_t t)
{
    return type_at(z, t)->off;
}

bool tz_from_local(const tz_zone *z, int64_t year, int month, int day, int hour, int minute,
                   int second, int64_t *out)
{
    if (year < -LOCAL_YEAR_MAX || year > LOCAL_YEAR_MAX || month < 1 || month > 12 ||
        day < 1 || day > civil_days_in_month(year, month) || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59 || second < 0 || second > 59)
        return false;
    int64_t local = civil_days_from_ymd(year, month, day) * SECS_PER_DAY + hour * 3600 +
                    minute * 60 + second;
    /* Any solution t satisfies t + offset(t) == local, so lies within max_abs_off of
     * local. Walk the constant pieces of the zone over that window in time order:
     * the first piece containing its own candidate local - off is the earliest
     * solution. If none does, local falls in a gap: use the offset before it. */
    int64_t lo = local - z->max_abs_off - 1, hi = local + z->max_abs_off + 1;
    int64_t a = lo;
    const tz_type *cur = type_at(z, a);
    bool gap = false;
    int64_t gap_t = 0;
    for (;;) {
        int64_t b = next_boundary(z, a);
        int64_t cand = local - cur->off;
        if (cand >= a && cand < b) {
            *out = cand;
            return true;
        }
        if (b > hi)
            break;
        const tz_type *nxt = type_at(z, b);
        if (!gap && b + cur->off <= local && local < b + nxt->off) {
            gap = true;
            gap_t = local - cur->off;
        }
        cur = nxt;
        a = b;
    }
    *out = gap ? gap_t : local - type_at(z, local)->off; /* the latter is unreachable */
    return true;
}

int64_t tz_next_transition(const tz_zone *z, int64_t t)
{
    if (t >= CIVIL_MAX_UNIX)
        return INT64_MAX;
    const tz_type *cur = type_at(z, t);
    /* A rule that never changes anything (DST all year) repeats every 400 years:
     * stop scanning once a whole cycle past the transitions has shown no change. */
    int64_t rule_from = z->timecnt > 0 && z->times[z->timecnt - 1] > t
                            ? z->times[z->timecnt - 1] : t;
    int64_t c = t;
    for (;;) {
        c = next_boundary(z, c);
        /* Unsigned subtraction: the true difference always fits in 64 bits. */
        if (c >= CIVIL_MAX_UNIX ||
            (c > rule_from &&
             (uint64_t)c - (uint64_t)rule_from > (uint64_t)(CYCLE_SECS + 2 * 366 * SECS_PER_DAY)))
            return INT64_MAX;
        const tz_type *ty = type_at(z, c);
        if (ty->off != cur->off || ty->isdst != cur->isdst)
            return c;
    }
}
