/* wcache.c - the widths of measured text runs, remembered (see wcache.h).
 *
 * Open addressing with linear probing over WCACHE_SLOTS slots; the run's bytes live
 * in one pool, appended in order. Nothing is ever removed alone: a full table or pool
 * is emptied whole, which also bounds the work of a probe (load <= 3/4).
 */
#include "wcache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    uint32_t hash;  /* 0: empty slot */
    uint32_t at;    /* the text's offset in the pool */
    uint16_t len;   /* its length */
    int width;
    wcache_key key;
} wcache_slot;

struct wcache {
    wcache_slot slot[WCACHE_SLOTS];
    int used;       /* slots taken */
    size_t pool_len;
    char pool[WCACHE_POOL];
};

wcache *wcache_create(void)
{
    wcache *c = malloc(sizeof(*c));
    if (c)
        wcache_clear(c);
    return c;
}

void wcache_destroy(wcache *c)
{
    free(c);
}

void wcache_clear(wcache *c)
{
    if (!c)
        return;
    memset(c->slot, 0, sizeof(c->slot));
    c->used = 0;
    c->pool_len = 0;
}

/* FNV-1a over the key's fields and the text; never 0 (that marks an empty slot). */
static uint32_t hash_of(const wcache_key *k, const char *text, size_t len)
{
    uint32_t h = 2166136261u;
    const uint32_t fields[4] = {(uint32_t)k->weight, (uint32_t)k->face, (uint32_t)k->px,
                                k->rtl ? 1u : 0u};
    for (int i = 0; i < 4; i++)
        h = (h ^ fields[i]) * 16777619u;
    for (int i = 0; i < 4; i++)
        h = (h ^ (unsigned char)k->script[i]) * 16777619u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)text[i]) * 16777619u;
    return h ? h : 1;
}

static bool key_equal(const wcache_key *a, const wcache_key *b)
{
    return a->weight == b->weight && a->face == b->face && a->px == b->px &&
           a->rtl == b->rtl && memcmp(a->script, b->script, 4) == 0;
}

/* The slot holding the run, or the empty slot where it would go. */
static const wcache_slot *find(const wcache *c, uint32_t h, const wcache_key *k,
                               const char *text, size_t len)
{
    for (uint32_t i = h & (WCACHE_SLOTS - 1);; i = (i + 1) & (WCACHE_SLOTS - 1)) {
        const wcache_slot *s = &c->slot[i];
        if (s->hash == 0)
            return s;
        if (s->hash == h && s->len == len && key_equal(&s->key, k) &&
            memcmp(c->pool + s->at, text, len) == 0)
            return s;
    }
}

bool wcache_get(const wcache *c, const wcache_key *k, const char *text, size_t len, int *w)
{
    if (!c || len > WCACHE_TEXT_MAX)
        return false;
    const wcache_slot *s = find(c, hash_of(k, text, len), k, text, len);
    if (s->hash == 0)
        return false;
    *w = s->width;
    return true;
}

void wcache_put(wcache *c, const wcache_key *k, const char *text, size_t len, int w)
{
    if (!c || len > WCACHE_TEXT_MAX)
        return;
    if (c->used + 1 > WCACHE_SLOTS * 3 / 4 || c->pool_len + len > WCACHE_POOL)
        wcache_clear(c);
    uint32_t h = hash_of(k, text, len);
    wcache_slot *s = (wcache_slot *)find(c, h, k, text, len);
    if (s->hash == 0) {
        s->hash = h;
        s->at = (uint32_t)c->pool_len;
        s->len = (uint16_t)len;
        s->key = *k;
        memcpy(c->pool + c->pool_len, text, len);
        c->pool_len += len;
        c->used++;
    }
    s->width = w;
}
