/* genfeed.h - generated native feeds for layout tests: `halls` halls ("Hall 0"...),
 * each with `parallel` sessions in progress from 10:00 to 11:00 on Sun 28 Dec 2025
 * (Europe/Berlin) and `parallel` starting together at 11:00, then one more in hall 0
 * at 10:00 the next day. Titles ("Now 3.1 ...", "Next 3.1 ...") are unique and of
 * varied lengths (one with a word too long for any line), speakers 0..3 per session,
 * every other session on a coloured track; `zones` time zones (1..3: Berlin, New
 * York, Tokyo).
 *
 * Usage: char *json = genfeed_json(halls, parallel, zones); (caller frees; NULL when
 * out of memory). GENFEED_AT is an instant while the first sessions are on.
 */
#ifndef HB_GENFEED_H
#define HB_GENFEED_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GENFEED_AT "2025-12-28T10:20:00+01:00"
#define GENFEED_NEXT_AT "2025-12-28T11:00:00+01:00"

typedef struct {
    char *buf;
    size_t len, cap;
} genfeed_buf;

static inline void genfeed_put(genfeed_buf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int n = b->buf ? vsnprintf(b->buf + b->len, b->cap - b->len, fmt, ap) : -1;
        va_end(ap);
        if (b->buf && n >= 0 && (size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        size_t cap = b->cap ? b->cap * 2 : 65536;
        char *p = realloc(b->buf, cap);
        if (!p) {
            free(b->buf);
            b->buf = NULL, b->cap = 0;
            return;
        }
        b->buf = p, b->cap = cap;
    }
}

static inline void genfeed_session(genfeed_buf *b, const char *kind, int h, int p, const char *start,
                                   const char *end)
{
    static const char *const tails[] = {
        "",
        " on the scale of things",
        " and what we learned from running forty thousand builds a day in public",
        " Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen",
    };
    static const char *const people[] = {"Ada Lovelace", "Grace Hopper", "Радия Перлман",
                                         "李开复"};
    int k = h * 7 + p;
    genfeed_put(b, ",{\"id\":\"%s%d_%d\",\"start\":\"%s\",\"end\":\"%s\",\"hall\":\"h%d\"%s,"
                   "\"title\":\"%s %d.%d%s\",\"speakers\":[",
                kind[0] == 'N' && kind[1] == 'o' ? "n" : "x", h, p, start, end, h,
                k % 2 ? ",\"track\":\"t\"" : "", kind, h, p, tails[k % 4]);
    for (int i = 0; i < k % 4; i++)
        genfeed_put(b, "%s{\"name\":\"%s\"}", i ? "," : "", people[i]);
    genfeed_put(b, "]}");
}

static inline char *genfeed_json(int halls, int parallel, int zones)
{
    static const char *const zone[] = {"{\"zone\":\"Europe/Berlin\",\"label\":\"Berlin\"}",
                                       "{\"zone\":\"America/New_York\",\"label\":\"New York\"}",
                                       "{\"zone\":\"Asia/Tokyo\",\"label\":\"Tokyo\"}"};
    genfeed_buf b = {0};
    genfeed_put(&b, "{\"hallboard\":1,\"revision\":\"gen-%d-%d-%d\",\"event\":{\"title\":"
                    "\"Generated Congress\",\"languages\":[\"en\"],\"zones\":[",
                halls, parallel, zones);
    for (int z = 0; z < zones && z < 3; z++)
        genfeed_put(&b, "%s%s", z ? "," : "", zone[z]);
    genfeed_put(&b, "]},\"tracks\":[{\"id\":\"t\",\"name\":\"T\",\"color\":\"#1e88e5\"}],"
                    "\"halls\":[");
    for (int h = 0; h < halls; h++)
        genfeed_put(&b, "%s{\"id\":\"h%d\",\"name\":\"Hall %d\"}", h ? "," : "", h, h);
    genfeed_put(&b, "],\"sessions\":[{\"id\":\"late\",\"start\":\"2025-12-29T10:00:00+01:00\","
                    "\"end\":\"2025-12-29T11:00:00+01:00\",\"hall\":\"h0\",\"title\":\"Day two\"}");
    for (int h = 0; h < halls; h++)
        for (int p = 0; p < parallel; p++) {
            genfeed_session(&b, "Now", h, p, "2025-12-28T10:00:00+01:00",
                            "2025-12-28T11:00:00+01:00");
            genfeed_session(&b, "Next", h, p, "2025-12-28T11:00:00+01:00",
                            "2025-12-28T12:00:00+01:00");
        }
    genfeed_put(&b, "]}");
    return b.buf;
}

#endif
