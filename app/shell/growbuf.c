/* growbuf.c - a byte buffer that grows by doubling (growbuf.h). */
#include "growbuf.h"

#include <stdlib.h>
#include <string.h>

bool growbuf_append(growbuf *b, const void *p, size_t n, size_t max)
{
    if (n > max || b->len > max - n)
        return false;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : GROWBUF_START;
        while (cap < b->len + n + 1)
            cap *= 2;
        if (cap > max + 1)
            cap = max + 1;
        char *d = realloc(b->data, cap);
        if (!d)
            return false;
        b->data = d;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return true;
}

void growbuf_free(growbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
