/* order.c - sessions into the agenda: sorted by start, end and id (agenda_index), and
 * the one overlap sweep, which warns about scheduled sessions sharing a hall.
 *
 * Speed (feeds of tens of thousands of sessions): only small sort keys move while
 * sorting, the sessions are placed once at the end; feeds mostly come sorted by time,
 * and runs already in order are not merged again.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Warns about scheduled sessions that overlap in one hall. `order[i]` is the document
 * index of sorted session i. */
static void warn_overlaps(feed_ctx *c, const agenda_session *s, const size_t *order, size_t n,
                          size_t n_halls, feed_path_fn path_of, void *ctx)
{
    if (n_halls == 0)
        return;
    /* Per hall: the sorted index of the scheduled session that ends last so far. */
    size_t *last = malloc(n_halls * sizeof(*last));
    if (!last) {
        feed_oom(c);
        return;
    }
    for (size_t h = 0; h < n_halls; h++)
        last[h] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (s[i].hall < 0 || s[i].status == AGENDA_STATUS_CANCELLED)
            continue;
        size_t *l = &last[s[i].hall];
        if (*l != SIZE_MAX && s[*l].end > s[i].start) {
            char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
            path_of(ctx, order[*l], q);
            path_of(ctx, order[i], p); /* last: the warning is about this session */
            feed_report_add(c, FEED_WARNING, p, "overlaps %s (\"%.40s\") in the same hall", q,
                            s[*l].id);
        }
        if (*l == SIZE_MAX || s[i].end > s[*l].end)
            *l = i;
    }
    free(last);
}

/* Sorting sessions while remembering where each came from in the document: only the
 * sort keys move, the sessions are placed once at the end. */
typedef struct {
    int64_t start, end;
    const char *id;
    size_t doc;
} session_key;

/* agenda_session_cmp() on the keys, then document order (which keeps equal sessions,
 * if any, where a stable sort would). */
static inline bool key_before(const session_key *a, const session_key *b)
{
    if (a->start != b->start)
        return a->start < b->start;
    if (a->end != b->end)
        return a->end < b->end;
    int r = strcmp(a->id, b->id);
    return r ? r < 0 : a->doc < b->doc;
}

/* Sorts k[0..n) with tmp[0..n) as scratch: bottom-up merge sort whose merges are
 * skipped for runs already in order (feeds are mostly sorted by time). */
static void sort_keys(session_key *k, session_key *tmp, size_t n)
{
    const size_t small = 8;
    for (size_t lo = 0; lo < n; lo += small) { /* insertion sort of short runs */
        size_t hi = lo + small < n ? lo + small : n;
        for (size_t i = lo + 1; i < hi; i++) {
            session_key x = k[i];
            size_t j = i;
            for (; j > lo && key_before(&x, &k[j - 1]); j--)
                k[j] = k[j - 1];
            k[j] = x;
        }
    }
    session_key *src = k, *dst = tmp;
    for (size_t w = small; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            if (mid == hi || !key_before(&src[mid], &src[mid - 1])) {
                memcpy(dst + lo, src + lo, (hi - lo) * sizeof(*src));
                continue;
            }
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                dst[o++] = key_before(&src[j], &src[i]) ? src[j++] : src[i++];
            memcpy(dst + o, src + i, (mid - i) * sizeof(*src));
            o += mid - i;
            memcpy(dst + o, src + j, (hi - j) * sizeof(*src));
        }
        session_key *t = src;
        src = dst;
        dst = t;
    }
    if (src != k)
        memcpy(k, src, n * sizeof(*k));
}

bool feed_finish_sessions_at(feed_ctx *c, agenda_session *sessions, size_t n,
                             feed_path_fn path_of, void *ctx)
{
    size_t m = n ? n : 1;
    session_key *k = malloc(2 * m * sizeof(*k));
    size_t *order = malloc(m * sizeof(*order));
    if (!k || !order) {
        free(k);
        free(order);
        feed_oom(c);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (session_key){sessions[i].start, sessions[i].end, sessions[i].id, i};
    sort_keys(k, k + m, n);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].doc;
    /* Moves each session to its sorted place in place, one cycle of the permutation at
     * a time; k[j].doc = SIZE_MAX marks place j done. */
    for (size_t i = 0; i < n; i++) {
        if (k[i].doc == SIZE_MAX)
            continue;
        agenda_session first = sessions[i];
        size_t j = i;
        while (k[j].doc != i) {
            size_t from = k[j].doc;
            sessions[j] = sessions[from];
            k[j].doc = SIZE_MAX;
            j = from;
        }
        sessions[j] = first;
        k[j].doc = SIZE_MAX;
    }
    free(k);
    agenda_index(c->a, sessions, n);
    warn_overlaps(c, sessions, order, n, c->a->n_halls, path_of, ctx);
    free(order);
    return true;
}
