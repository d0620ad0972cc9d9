/* hash.h - FNV-1a, 64 bits: the one hash of the project (hash tables of ids and
 * strings, the text texture cache's keys, the feed cache's checksum). Pure. */
#ifndef HB_HASH_H
#define HB_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define HASH_INIT UINT64_C(14695981039346656037)

/* h extended with the n bytes at p (start from HASH_INIT). */
static inline uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

/* The hash of a NUL-terminated string. */
static inline uint64_t hash_str(const char *s)
{
    return hash_bytes(HASH_INIT, s, strlen(s));
}

#endif
