/* logsafe.c - escaping outside text for logs and terminals (logsafe.h).
 *
 * One pass over the input: each character becomes one piece (itself, or its escape),
 * and pieces are never split. While writing, the end of the last piece after which
 * "..." still fits is remembered: when a piece does not fit, the copy is cut there.
 */
#include "logsafe.h"

#include <string.h>

#include "utf8.h"

/* The piece for the character at s (n >= 1 bytes left) into out (room for 8 bytes);
 * its length into *plen. Returns how many input bytes it stands for. */
static size_t piece(const unsigned char *s, size_t n, char *out, size_t *plen)
{
    static const char hex[] = "0123456789abcdef";
    unsigned char c = s[0];
    const char *named = c == '\n' ? "\\n" : c == '\r' ? "\\r" : c == '\t' ? "\\t"
                        : c == 0x1b ? "\\e" : c == '\\' ? "\\\\" : NULL;
    if (named) {
        memcpy(out, named, 2);
        *plen = 2;
        return 1;
    }
    size_t k = c < 0x20 || c == 0x7f ? 0 : utf8_seq(s, n);
    bool c1 = k == 2 && c == 0xc2 && s[1] < 0xa0; /* U+0080..U+009F */
    if (k && !c1) {
        memcpy(out, s, k);
        *plen = k;
        return k;
    }
    size_t m = c1 ? 2 : 1; /* a C1 control: both its bytes; else the one bad byte */
    for (size_t i = 0; i < m; i++) {
        out[4 * i] = '\\';
        out[4 * i + 1] = 'x';
        out[4 * i + 2] = hex[s[i] >> 4];
        out[4 * i + 3] = hex[s[i] & 15];
    }
    *plen = 4 * m;
    return m;
}

size_t logsafe_mem(const char *s, size_t n, char *buf, size_t cap)
{
    if (cap == 0)
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t used = 0, mark = 0, i = 0;
    const size_t room = cap - 1; /* bytes of text the buffer holds */
    while (i < n) {
        char p[8];
        size_t plen;
        size_t took = piece(u + i, n - i, p, &plen);
        if (used + plen > room) { /* cut after the last piece that leaves room for "..." */
            const size_t dots = room - mark < 3 ? room - mark : 3;
            memcpy(buf + mark, "...", dots);
            buf[mark + dots] = '\0';
            return mark + dots;
        }
        memcpy(buf + used, p, plen);
        used += plen;
        i += took;
        if (used + 3 <= room)
            mark = used;
    }
    buf[used] = '\0';
    return used;
}

const char *logsafe(const char *s, char *buf, size_t cap)
{
    logsafe_mem(s, s ? strlen(s) : 0, buf, cap);
    return buf;
}
