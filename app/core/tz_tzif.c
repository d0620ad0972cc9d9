/* tz_tzif.c - a zone from TZif bytes (RFC 8536 / RFC 9636): the header, the data
 * blocks of version 1 and 2+, the POSIX footer (tz_int.h). Pure.
 */
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "tz_int.h"

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
    tz_zone *z = tz_zone_alloc(name, h->timecnt, h->typecnt, &times, &types, &idx);
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
        if (!tz_rule_parse(buf, &rule))
            return NULL;
    }
    return zone_from_block(name, &h2, block, 8, flen > 0 ? &rule : NULL);
}
