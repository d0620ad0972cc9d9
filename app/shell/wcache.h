/* wcache.h - the widths of measured text runs, remembered (shell side).
 *
 * Layout measures the same short runs (a space, a " · ", a name) hundreds of times
 * per frame while it tries sizes and line breaks, and every measure shapes the run
 * again with HarfBuzz. This table answers a repeated question without shaping. A key
 * is everything a width depends on: weight, face, pixel size, direction, script and
 * the bytes of the run. Bounded: at most WCACHE_SLOTS * 3 / 4 runs and WCACHE_POOL
 * bytes of text; when either is full the table empties and fills again. Runs longer
 * than WCACHE_TEXT_MAX bytes are not kept. Not thread-safe (like the font chain).
 */
#ifndef HB_WCACHE_H
#define HB_WCACHE_H

#include <stdbool.h>
#include <stddef.h>

#define WCACHE_SLOTS 1024          /* hash slots, a power of two */
#define WCACHE_POOL (32u * 1024u)  /* bytes of run text kept */
#define WCACHE_TEXT_MAX 256        /* longest run kept */

typedef struct wcache wcache;

/* What a width depends on besides the text. script: a 4-letter ISO 15924 code (the
 * caller normalises it). */
typedef struct {
    int weight, face, px;
    bool rtl;
    char script[4];
} wcache_key;

/* An empty table, or NULL when out of memory. The caller owns it: wcache_destroy. */
wcache *wcache_create(void);

/* Frees the table. NULL is a no-op. */
void wcache_destroy(wcache *c);

/* Forgets every width (the faces changed). NULL is a no-op. */
void wcache_clear(wcache *c);

/* True, with the width in *w, when text[0..len) under k was put before. c may be NULL
 * (never found). */
bool wcache_get(const wcache *c, const wcache_key *k, const char *text, size_t len, int *w);

/* Remembers width w of text[0..len) under k (ignored when c is NULL or the run is too
 * long; empties the table first when it is full). Can't fail. */
void wcache_put(wcache *c, const wcache_key *k, const char *text, size_t len, int w);

#endif
