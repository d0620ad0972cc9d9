/* utf8.h - the one UTF-8 decoder of the project (pure, header-only).
 *
 * Validation follows RFC 3629: overlong forms, surrogates and code points past
 * U+10FFFF are invalid.
 */
#ifndef HB_UTF8_H
#define HB_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Length of the valid UTF-8 sequence at s (of at most n bytes, n >= 1), or 0 if
 * invalid. ASCII is 1. The ranges of the second byte are those of RFC 3629, 4. */
static inline size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return n >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (n < 3)
            return 0;
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (n < 4)
            return 0;
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 ? 4
                                                                                           : 0;
    }
    return 0;
}

/* Decodes the code point at s (n bytes left, n >= 1) into *cp; returns its length, or
 * 0 when the bytes there are not valid UTF-8 (then *cp = U+FFFD). */
static inline size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t k = utf8_seq(u, n);
    switch (k) {
    case 1: *cp = u[0]; break;
    case 2: *cp = (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F); break;
    case 3: *cp = (uint32_t)(u[0] & 0x0F) << 12 | (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F); break;
    case 4:
        *cp = (uint32_t)(u[0] & 0x07) << 18 | (uint32_t)(u[1] & 0x3F) << 12 |
              (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
        break;
    default: *cp = 0xFFFD; break;
    }
    return k;
}

/* Decodes the code point at s (n bytes left, n >= 1) as utf8_decode does, but never
 * fails: bytes that are not valid UTF-8 give one U+FFFD per maximal subpart (a lead
 * byte with the continuation bytes that could still have completed it, or one stray
 * byte: Unicode's "substitution of maximal subparts"). Returns the bytes used, >= 1.
 * A NUL byte never continues a sequence, so a NUL-terminated s is not read past its
 * end. */
static inline size_t utf8_decode_lossy(const char *s, size_t n, uint32_t *cp)
{
    size_t k = utf8_decode(s, n, cp);
    if (k)
        return k;
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = u[0];
    size_t need = c < 0xC2 || c > 0xF4 ? 1 : c <= 0xDF ? 2 : c <= 0xEF ? 3 : 4;
    unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    size_t i = 1;
    while (i < need && i < n && u[i] >= lo && u[i] <= hi) {
        i++;
        lo = 0x80;
        hi = 0xBF;
    }
    return i;
}

/* Writes code point cp (<= U+10FFFF, not a surrogate) as UTF-8 into out (room for 4
 * bytes); returns the length, 0 for an invalid code point. */
static inline size_t utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | cp >> 6);
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return 0;
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | cp >> 12);
        o[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    if (cp > 0x10FFFF)
        return 0;
    o[0] = (unsigned char)(0xF0 | cp >> 18);
    o[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* True when the n bytes at s are valid UTF-8; else *bad (may be NULL) is the offset of
 * the first invalid byte. */
static inline bool utf8_valid(const char *s, size_t n, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_seq(u + i, n - i);
        if (!k) {
            if (bad)
                *bad = i;
            return false;
        }
        i += k;
    }
    return true;
}

/* The largest length <= n at which s (valid UTF-8) can be cut without splitting a
 * character. */
static inline size_t utf8_cut(const char *s, size_t n)
{
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

#endif
