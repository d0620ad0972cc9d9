/* growbuf.h - a byte buffer that grows by doubling, always NUL-terminated (shell side:
 * HTTP bodies received and sent, encoded images).
 */
#ifndef HB_GROWBUF_H
#define HB_GROWBUF_H

#include <stdbool.h>
#include <stddef.h>

#define GROWBUF_START (64u * 1024u) /* first allocation; doubled as needed */

typedef struct {
    char *data;  /* malloc'd, NUL-terminated once anything was appended; NULL before */
    size_t len;  /* bytes held, without the NUL */
    size_t cap;  /* bytes allocated */
} growbuf;

/* Appends n bytes of p. Refused (false, b unchanged) when len + n would exceed max or
 * memory runs out: the caller tells the two apart by comparing against max. */
bool growbuf_append(growbuf *b, const void *p, size_t n, size_t max);

/* Frees the bytes and empties b. */
void growbuf_free(growbuf *b);

#endif
