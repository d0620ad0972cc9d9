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
 */
#include "tz.h"

#include "civil.h"

#include <stdlib.h>
#include <string.h>

#define SECS_PER_DAY 86400
/* The Gregorian calendar (weekdays included) repeats every 400 years. */
#define CYCLE_SECS (146097LL * SECS_PER_DAY)
/* Beyond +-LIM seconds (about 31 million years) rule arithmetic is done on an
 * equivalent instant shifted by whole 400-year cycles, so nothing can overflow. */
#define RULE_LIM 1000000000000000LL
/* Rule switch times (POSIX time after '/') may range over -167..167 hours (the
 * RFC 8536 version 3 extension). */
#define RULE_HOURS_MAX 167
/* Offsets in a POSIX rule are at most 24:59:59 either way. */
#define OFFSET_HOURS_MAX 24
/* Abbreviations longer than this are rejected in POSIX rules (tz_local.abbr size). */
#define ABBR_LEN 15
/* Longest POSIX footer accepted in a TZif file; real ones are under 60 bytes. */
#define FOOTER_MAX 255
/* tz_from_local() accepts years within +-this, far beyond any real use, so that
 * day * 86400 arithmetic can never overflow. */
#define LOCAL_YEAR_MAX 1000000000LL
/* Size of a TZif header: magic, version, 15 reserved bytes, six 32-bit counts. */
#define TZIF_HEADER 44

/* One local time type: what the wall clock shows while it is in effect. */
typedef struct {
    int32_t off; /* seconds east of UTC */
    bool isdst;
    char abbr[ABBR_LEN + 1];
} tz_type;

/* The day and time a POSIX rule switches, in the local time in effect before. */
typedef struct {
    char kind;    /* 'J': a = 1..365 ignoring Feb 29; 'N': a = 0..365 counting it;
                     'M': month a, week b (5 = last), weekday c (0 = Sunday) */
    int a, b, c;
    int32_t secs; /* time of day of the switch, -167h..+167h */
} rule_date;

/* A POSIX TZ rule: standard time, and optionally DST between start and end. */
typedef struct {
    tz_type std, dst;
    bool has_dst;
    rule_date start; /* std -> dst, expressed in standard local time */
    rule_date end;   /* dst -> std, expressed in daylight local time */
} posix_rule;

struct tz_zone {
    const char *name;
    const int64_t *times; /* timecnt instants, strictly ascending */
    const uint8_t *idx;   /* type index for each transition (< typecnt) */
    const tz_type *types; /* typecnt local time types */
    size_t timecnt, typecnt;
    const tz_type *before; /* in effect before the first transition */
    bool has_rule;         /* rule applies from the last transition on */
    posix_rule rule;
    int64_t max_abs_off; /* largest |offset| of any type: bounds local -> UTC search */
};

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
static tz_zone *zone_alloc(const char *name, size_t timecnt, size_t typecnt, int64_t **times,
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
static bool parse_rule(const char *s, posix_rule *r)
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
static const tz_type *rule_state(const posix_rule *r, int64_t t)
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
static int64_t rule_next_event(const posix_rule *r, int64_t t)
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

/* Builds a zone holding only a rule (no transitions). */
static tz_zone *zone_from_rule(const char *name, const posix_rule *r)
{
    int64_t *times;
    tz_type *types;
    uint8_t *idx;
    tz_zone *z = zone_alloc(name, 0, 0, &times, &types, &idx);
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
    if (!rule || !parse_rule(rule, &r))
        return NULL;
    return zone_from_rule(name, &r);
}

tz_zone *tz_utc(void)
{
    return tz_parse_posix("UTC", "UTC0");
}

/* ---------------------------------------------------------------- TZif */

/* TZif header counts, in file order. */
typedef struct {
    char version; /* 0, '2', '3' or '4' */
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
} tzif_header;

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Two's complement decoding without implementation-defined conversions. */
static int64_t be_signed(const unsigned char *p, int size)
{
    if (size == 4) {
        uint32_t u = be32(p);
        return u <= INT32_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
    }
    uint64_t u = (uint64_t)be32(p) << 32 | be32(p + 4);
    return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

/* Reads a header at p (at least TZIF_HEADER bytes available). */
static bool read_header(const unsigned char *p, tzif_header *h)
{
    if (memcmp(p, "TZif", 4) != 0)
        return false;
    h->version = (char)p[4];
    if (h->version != 0 && h->version != '2' && h->version != '3' && h->version != '4')
        return false;
    h->isutcnt = be32(p + 20);
    h->isstdcnt = be32(p + 24);
    h->leapcnt = be32(p + 28);
    h->timecnt = be32(p + 32);
    h->typecnt = be32(p + 36);
    h->charcnt = be32(p + 40);
    return true;
}

/* Size of the data block described by h with timesize-byte times, or false if a
 * count is so large the block cannot fit in a TZ_TZIF_MAX file (which also keeps
 * the arithmetic far from overflow). */
static bool block_size(const tzif_header *h, size_t timesize, size_t *out)
{
    if (h->isutcnt > TZ_TZIF_MAX || h->isstdcnt > TZ_TZIF_MAX || h->leapcnt > TZ_TZIF_MAX ||
        h->timecnt > TZ_TZIF_MAX || h->typecnt > TZ_TZIF_MAX || h->charcnt > TZ_TZIF_MAX)
        return false;
    *out = (size_t)h->timecnt * (timesize + 1) + (size_t)h->typecnt * 6 + h->charcnt +
           (size_t)h->leapcnt * (timesize + 4) + h->isstdcnt + h->isutcnt;
    return *out <= TZ_TZIF_MAX;
}

/* Validates the data block at p (block_size() bytes, already bounds-checked) and
 * builds the zone from it plus the footer rule (NULL if none). */
static tz_zone *zone_from_block(const char *name, const tzif_header *h, const unsigned char *p,
                                size_t timesize, const posix_rule *footer)
{
    /* RFC 8536 section 3.2 constraints. Types beyond 256 could never be referenced by
     * one-byte indices. Leap-second tables ("right/" zones) count time differently
     * from the POSIX clock this firmware runs on, so such files are refused rather
     * than shown 27 s off. */
    if (h->typecnt == 0 || h->typecnt > 256 || h->charcnt == 0 || h->leapcnt != 0 ||
        (h->isutcnt != 0 && h->isutcnt != h->typecnt) ||
        (h->isstdcnt != 0 && h->isstdcnt != h->typecnt))
        return NULL;
    const unsigned char *ptimes = p;
    const unsigned char *pidx = ptimes + (size_t)h->timecnt * timesize;
    const unsigned char *ptypes = pidx + h->timecnt;
    const unsigned char *pchars = ptypes + (size_t)h->typecnt * 6;
    const unsigned char *pstd = pchars + h->charcnt; /* leapcnt == 0 */
    const unsigned char *put = pstd + h->isstdcnt;

    for (uint32_t i = 0; i < h->typecnt; i++) {
        if (h->isstdcnt && pstd[i] > 1)
            return NULL;
        if (h->isutcnt && (put[i] > 1 || (put[i] == 1 && (!h->isstdcnt || pstd[i] != 1))))
            return NULL;
    }

    int64_t *times;
    tz_type *types;
    uint8_t *idx;
    tz_zone *z = zone_alloc(name, h->timecnt, h->typecnt, &times, &types, &idx);
    if (!z)
        return NULL;
    for (uint32_t i = 0; i < h->timecnt; i++) {
        times[i] = be_signed(ptimes + i * timesize, (int)timesize);
        if ((i > 0 && times[i] <= times[i - 1]) || pidx[i] >= h->typecnt)
            goto bad;
        idx[i] = pidx[i];
    }
    for (uint32_t i = 0; i < h->typecnt; i++) {
        const unsigned char *t = ptypes + (size_t)i * 6;
        int64_t off = be_signed(t, 4);
        uint32_t desig = t[5];
        if (off == INT32_MIN || t[4] > 1 || desig >= h->charcnt)
            goto bad;
        const unsigned char *s = pchars + desig;
        const unsigned char *nul = memchr(s, '\0', h->charcnt - desig);
        if (!nul)
            goto bad;
        size_t n = (size_t)(nul - s);
        if (n > ABBR_LEN)
            n = ABBR_LEN;
        types[i].off = (int32_t)off;
        types[i].isdst = t[4] == 1;
        memcpy(types[i].abbr, s, n);
        types[i].abbr[n] = '\0';
        if (llabs((long long)off) > z->max_abs_off)
            z->max_abs_off = llabs((long long)off);
    }
    /* Before the first transition: type 0 when it is standard time (what RFC 8536
     * prescribes and zic always writes), else the first standard type, as glibc does. */
    z->before = &types[0];
    for (uint32_t i = 0; i < h->typecnt; i++) {
        if (!types[i].isdst) {
            z->before = &types[i];
            break;
        }
    }
    if (footer) {
        z->has_rule = true;
        z->rule = *footer;
        int64_t a = llabs((long long)footer->std.off), b = llabs((long long)footer->dst.off);
        if (a > z->max_abs_off)
            z->max_abs_off = a;
        if (b > z->max_abs_off)
            z->max_abs_off = b;
    }
    return z;
bad:
    free(z);
    return NULL;
}

tz_zone *tz_parse_tzif(const char *name, const unsigned char *data, size_t len)
{
    tzif_header h1, h2;
    size_t size1, size2;
    if (!data || len < TZIF_HEADER || len > TZ_TZIF_MAX || !read_header(data, &h1) ||
        !block_size(&h1, 4, &size1) || size1 > len - TZIF_HEADER)
        return NULL;
    if (h1.version == 0) /* version 1: 32-bit data, no footer */
        return zone_from_block(name, &h1, data + TZIF_HEADER, 4, NULL);

    /* Version 2+: skip the 32-bit block, use the 64-bit one and the footer. */
    size_t pos = TZIF_HEADER + size1;
    if (len - pos < TZIF_HEADER || !read_header(data + pos, &h2) ||
        h2.version != h1.version || !block_size(&h2, 8, &size2) ||
        size2 > len - pos - TZIF_HEADER)
        return NULL;
    const unsigned char *block = data + pos + TZIF_HEADER;
    pos += TZIF_HEADER + size2;

    /* Footer: '\n' TZ-string '\n'. Bytes after it are ignored. */
    if (pos >= len || data[pos] != '\n')
        return NULL;
    pos++;
    const unsigned char *nl = memchr(data + pos, '\n', len - pos);
    if (!nl)
        return NULL;
    size_t flen = (size_t)(nl - (data + pos));
    if (flen > FOOTER_MAX || memchr(data + pos, '\0', flen))
        return NULL;
    posix_rule rule;
    if (flen > 0) {
        char buf[FOOTER_MAX + 1];
        memcpy(buf, data + pos, flen);
        buf[flen] = '\0';
        if (!parse_rule(buf, &rule))
            return NULL;
    }
    return zone_from_block(name, &h2, block, 8, flen > 0 ? &rule : NULL);
}

/* ---------------------------------------------------------------- queries */

/* The local time type in effect at instant t. At and after the last transition the
 * footer rule governs if there is one (as in glibc); with no transitions at all the
 * rule governs everything. */
static const tz_type *type_at(const tz_zone *z, int64_t t)
{
    size_t n = z->timecnt;
    if (n == 0)
        return z->has_rule ? rule_state(&z->rule, t) : z->before;
    if (t < z->times[0])
        return z->before;
    if (t >= z->times[n - 1])
        return z->has_rule ? rule_state(&z->rule, t) : &z->types[z->idx[n - 1]];
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
    return z->has_rule ? rule_next_event(&z->rule, t) : INT64_MAX;
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
