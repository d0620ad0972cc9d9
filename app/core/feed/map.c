/* map.c - the builder's string-keyed hash table (build.h, fb_map): open addressing
 * with linear probing over borrowed keys, at most half full.
 */
#include "build.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"

/* Grows m to at least `want` slots (a power of two, at least twice the keys). */
static bool map_resize(fb_map *m, size_t want)
{
    size_t cap = m->cap ? m->cap : 16;
    while (cap < want)
        cap *= 2;
    const char **keys = calloc(cap, sizeof(*keys));
    int32_t *vals = malloc(cap * sizeof(*vals));
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t h = (size_t)hash_str(m->keys[i]) & (cap - 1);
        while (keys[h])
            h = (h + 1) & (cap - 1);
        keys[h] = m->keys[i];
        vals[h] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return true;
}

bool fb_map_put(fb_map *m, const char *key, int32_t val)
{
    if (2 * (m->n + 1) > m->cap && !map_resize(m, 2 * m->cap))
        return false;
    size_t h = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[h]) {
        if (strcmp(m->keys[h], key) == 0)
            return true;
        h = (h + 1) & (m->cap - 1);
    }
    m->keys[h] = key;
    m->vals[h] = val;
    m->n++;
    return true;
}

int32_t fb_map_get(const fb_map *m, const char *key)
{
    if (!m->cap)
        return -1;
    for (size_t h = (size_t)hash_str(key) & (m->cap - 1); m->keys[h]; h = (h + 1) & (m->cap - 1))
        if (strcmp(m->keys[h], key) == 0)
            return m->vals[h];
    return -1;
}

void fb_map_free(fb_map *m)
{
    free(m->keys);
    free(m->vals);
    *m = (fb_map){0};
}

bool fb_map_reserve(fb_map *m, size_t n)
{
    return 2 * n <= m->cap || map_resize(m, 2 * n);
}
