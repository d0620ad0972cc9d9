/* sched.c - now/next selection over an agenda sorted by start.
 *
 * Sessions in progress at t all start in (t - max_duration, t], so every query is
 * two binary searches and a scan of that window: O(log n + k).
 */
#include "sched.h"

#include <stdlib.h>

#include "confday.h"

static bool in_hall(const agenda_session *s, int32_t hall)
{
    return hall < 0 || s->hall == hall;
}

/* Index range [*lo, *hi) of sessions that may be in progress at t. */
static void window(const agenda *a, int64_t t, size_t *lo, size_t *hi)
{
    int64_t from = a->max_duration > 0 ? t - a->max_duration + 1 : t;
    *lo = agenda_first_starting_at_or_after(a, from);
    *hi = agenda_first_starting_at_or_after(a, t == INT64_MAX ? t : t + 1);
}

/* A list of session pointers that grows as needed. */
typedef struct {
    const agenda_session **v;
    size_t n, cap;
} plist;

static int plist_push(plist *l, const agenda_session *s)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        const agenda_session **v = realloc(l->v, cap * sizeof(*v));
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = s;
    return 0;
}

int sched_query(const agenda *a, int64_t t, int32_t hall, sched_state *out)
{
    plist now = {0}, cancelled = {0}, next = {0}, others = {0};
    *out = (sched_state){.at = t, .hall = hall, .next_start = INT64_MAX};

    size_t lo, hi;
    window(a, t, &lo, &hi);
    for (size_t i = lo; i < hi; i++) {
        const agenda_session *s = &a->sessions[i];
        if (s->end <= t)
            continue;
        int r = 0;
        if (!in_hall(s, hall))
            r = s->status == AGENDA_STATUS_SCHEDULED ? plist_push(&others, s) : 0;
        else if (s->status == AGENDA_STATUS_CANCELLED)
            r = plist_push(&cancelled, s);
        else
            r = plist_push(&now, s);
        if (r)
            goto out_oom;
    }

    /* Next: the earliest scheduled start after t, and every session starting then. */
    for (size_t i = hi; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        if (in_hall(s, hall) && s->status == AGENDA_STATUS_SCHEDULED) {
            out->next_start = s->start;
            break;
        }
    }
    if (out->next_start != INT64_MAX) {
        for (size_t i = agenda_first_starting_at_or_after(a, out->next_start);
             i < a->n_sessions && a->sessions[i].start == out->next_start; i++)
            if (in_hall(&a->sessions[i], hall) && plist_push(&next, &a->sessions[i]))
                goto out_oom;
    }

    /* Previous: the scheduled session of this hall that ended last, by t. No session
     * starting before (best end - max_duration) can end later than the best. */
    int64_t best_end = INT64_MIN;
    for (size_t i = hi; i-- > 0;) {
        const agenda_session *s = &a->sessions[i];
        if (best_end != INT64_MIN && s->start < best_end - a->max_duration)
            break;
        if (in_hall(s, hall) && s->status == AGENDA_STATUS_SCHEDULED && s->end <= t &&
            s->end > best_end) {
            best_end = s->end;
            out->previous = s;
        }
    }

    if (now.n)
        out->phase = SCHED_DURING;
    else if (!out->previous)
        out->phase = out->next_start == INT64_MAX && a->n_sessions ? SCHED_AFTER : SCHED_BEFORE;
    else if (out->next_start == INT64_MAX)
        out->phase = SCHED_AFTER;
    else if (confday_of(a, out->previous->end - 1) != confday_of(a, out->next_start))
        out->phase = SCHED_OVERNIGHT;
    else
        out->phase = SCHED_BREAK;

    out->now = now.v;
    out->n_now = now.n;
    out->cancelled_now = cancelled.v;
    out->n_cancelled_now = cancelled.n;
    out->next = next.v;
    out->n_next = next.n;
    out->others_now = others.v;
    out->n_others = others.n;
    return 0;

out_oom:
    free(now.v);
    free(cancelled.v);
    free(next.v);
    free(others.v);
    *out = (sched_state){.at = t, .hall = hall, .next_start = INT64_MAX};
    return -1;
}

void sched_state_free(sched_state *s)
{
    if (!s)
        return;
    free(s->now);
    free(s->cancelled_now);
    free(s->next);
    free(s->others_now);
    s->now = s->cancelled_now = s->next = s->others_now = NULL;
    s->n_now = s->n_cancelled_now = s->n_next = s->n_others = 0;
}

double sched_progress(const agenda_session *s, int64_t t)
{
    if (t <= s->start)
        return 0.0;
    if (t >= s->end)
        return 1.0;
    return (double)(t - s->start) / (double)(s->end - s->start);
}

const char *sched_phase_name(sched_phase p)
{
    static const char *const names[] = {"before", "during", "break", "overnight", "after"};
    return (unsigned)p < 5 ? names[p] : "before";
}

int64_t sched_next_change(const agenda *a, int64_t t, int32_t hall)
{
    (void)hall; /* every start and end counts: others_now changes too */
    int64_t best = INT64_MAX;
    size_t lo, hi;
    window(a, t, &lo, &hi);
    if (hi < a->n_sessions) {
        /* A session is to come: at the next day boundary, what is "today" changes. */
        int64_t day = confday_next_boundary(a, t);
        best = a->sessions[hi].start < day ? a->sessions[hi].start : day;
    }
    for (size_t i = lo; i < hi; i++)
        if (a->sessions[i].end > t && a->sessions[i].end < best)
            best = a->sessions[i].end;
    for (size_t i = 0; i < a->n_cards; i++) {
        if (a->cards[i].from > t && a->cards[i].from < best)
            best = a->cards[i].from;
        if (a->cards[i].until > t && a->cards[i].until < best)
            best = a->cards[i].until;
    }
    return best;
}

size_t sched_cards_at(const agenda *a, int64_t t, size_t *idx, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < a->n_cards; i++) {
        if (a->cards[i].from <= t && t < a->cards[i].until) {
            if (n < cap)
                idx[n] = i;
            n++;
        }
    }
    return n;
}
