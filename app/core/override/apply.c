/* apply.c - override documents applied to an agenda at an instant, and the next instant
 * at which that gives another result.
 *
 * The result is a new agenda in an arena of its own that owns only what changed: the
 * sessions array (copied, changed, sorted again), the halls array (copied, for notes)
 * and copies of the documents' texts, so that the documents may be freed at once. The
 * event's strings and zones stay the base agenda's (agenda.borrowed): its arena holds
 * no zone, so agenda_free() of the result frees nothing of the base.
 *
 * Precedence: the entries in force for one session (or hall) are taken in document
 * order and the last one wins whole; among announcements the highest level wins, the
 * later document on a tie.
 *
 * Layout: the session index by id and the report; sessions; halls; the announcement;
 * override_apply and override_next_change.
 */
#include "override_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logsafe.h"

/* ---- Index by id and the report ------------------------------------------------ */

static int by_id_cmp(const void *a, const void *b)
{
    return strcmp((*(const agenda_session *const *)a)->id, (*(const agenda_session *const *)b)->id);
}

/* base's sessions sorted by id (malloc'd, caller frees); NULL on out of memory or
 * when there are none. */
static const agenda_session **index_by_id(const agenda *base)
{
    if (base->n_sessions == 0)
        return NULL;
    const agenda_session **v = malloc(base->n_sessions * sizeof(*v));
    if (!v)
        return NULL;
    for (size_t i = 0; i < base->n_sessions; i++)
        v[i] = &base->sessions[i];
    qsort(v, base->n_sessions, sizeof(*v), by_id_cmp);
    return v;
}

static const agenda_session *find_session(const agenda_session **by_id, size_t n,
                                          const char *id)
{
    agenda_session key = {.id = id};
    const agenda_session *kp = &key;
    const agenda_session **hit = by_id ? bsearch(&kp, by_id, n, sizeof(*by_id), by_id_cmp) : NULL;
    return hit ? *hit : NULL;
}

/* The instant a session entry stops being in force for session s of the base. */
static int64_t session_until(const ovr_session *e, const agenda_session *s)
{
    return e->has_until ? e->until : s->end + (int64_t)e->delay_min * 60;
}

/* Counts a dropped entry and keeps its line while there is room. */
__attribute__((format(printf, 2, 3))) static void drop(override_report *rep, const char *fmt, ...)
{
    rep->dropped++;
    if (rep->n_warnings >= OVERRIDE_MAX_WARNINGS)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rep->warnings[rep->n_warnings++], sizeof(rep->warnings[0]), fmt, ap);
    va_end(ap);
}

/* A copy of TEXT t in ar. Returns 0 or -1 on out of memory. */
static int text_copy(agenda_arena *ar, const agenda_text *t, agenda_text *out)
{
    *out = (agenda_text){NULL, 0};
    if (t->n == 0)
        return 0;
    agenda_tr *v = agenda_arena_alloc(ar, t->n * sizeof(*v));
    if (!v)
        return -1;
    for (size_t i = 0; i < t->n; i++) {
        v[i].tag = agenda_arena_strndup(ar, t->v[i].tag, strlen(t->v[i].tag));
        v[i].text = agenda_arena_strndup(ar, t->v[i].text, strlen(t->v[i].text));
        if (!v[i].tag || !v[i].text)
            return -1;
    }
    *out = (agenda_text){v, t->n};
    return 0;
}

/* ---- Sessions ----------------------------------------------------------------- */

/* The winning entry of each session of base (win[i] for base->sessions[i]). */
static void pick_sessions(const agenda *base, const agenda_session **by_id,
                          const override_doc *const *docs, size_t n, int64_t now,
                          const ovr_session **win, override_report *rep)
{
    char id[LOGSAFE_LINE], hall[LOGSAFE_LINE];
    for (size_t d = 0; d < n; d++) {
        for (size_t k = 0; docs[d] && k < docs[d]->n_sessions; k++) {
            const ovr_session *e = &docs[d]->sessions[k];
            const agenda_session *s = find_session(by_id, base->n_sessions, e->id);
            if ((e->has_until || s) && (s ? session_until(e, s) : e->until) <= now) {
                rep->expired++;
            } else if (!s) {
                drop(rep, "sessions.%s: no such session in the current feed: dropped",
                     logsafe(e->id, id, sizeof(id)));
            } else if (e->hall && agenda_hall_find(base, e->hall) < 0) {
                drop(rep, "sessions.%s: no such hall \"%s\" in the current feed: dropped",
                     logsafe(e->id, id, sizeof(id)), logsafe(e->hall, hall, sizeof(hall)));
            } else {
                rep->applied++;
                win[s - base->sessions] = e;
            }
        }
    }
}

/* Session s changed by entry e; texts copied into ar. Returns 0 or -1. */
static int change_session(const agenda *base, agenda_session *s, const ovr_session *e,
                          agenda_arena *ar)
{
    if (e->has_delay) {
        s->delay_min = e->delay_min;
        s->start += (int64_t)e->delay_min * 60;
        s->end += (int64_t)e->delay_min * 60;
    }
    if (e->has_status)
        s->status = e->status;
    if (e->hall) {
        int32_t h = agenda_hall_find(base, e->hall);
        if (h != s->hall) {
            s->moved = true;
            s->moved_from = s->hall;
            s->hall = h;
        }
    }
    if (e->has_full)
        s->hall_full = e->hall_full;
    return e->note.n ? text_copy(ar, &e->note, &s->note) : 0;
}

static int session_qcmp(const void *a, const void *b)
{
    return agenda_session_cmp(a, b);
}

/* out's sessions: base's, changed by the entries in force, sorted. Returns 0 or -1. */
static int apply_sessions(const agenda *base, const override_doc *const *docs, size_t n,
                          int64_t now, agenda *out, override_report *rep)
{
    size_t ns = base->n_sessions;
    if (ns == 0)
        return 0;
    agenda_session *v = agenda_arena_alloc(out->arena, ns * sizeof(*v));
    const ovr_session **win = calloc(ns, sizeof(*win));
    const agenda_session **by_id = index_by_id(base);
    int rc = v && win && by_id ? 0 : -1;
    if (rc == 0) {
        memcpy(v, base->sessions, ns * sizeof(*v));
        pick_sessions(base, by_id, docs, n, now, win, rep);
        for (size_t i = 0; i < ns && rc == 0; i++)
            if (win[i])
                rc = change_session(base, &v[i], win[i], out->arena);
        qsort(v, ns, sizeof(*v), session_qcmp);
        agenda_index(out, v, ns);
    }
    free(win);
    free(by_id);
    return rc;
}

/* ---- Halls and the announcement ---------------------------------------------- */

static int apply_halls(const agenda *base, const override_doc *const *docs, size_t n,
                       int64_t now, agenda *out, override_report *rep)
{
    size_t nh = base->n_halls;
    agenda_hall *v = nh ? agenda_arena_alloc(out->arena, nh * sizeof(*v)) : NULL;
    const ovr_hall **win = nh ? calloc(nh, sizeof(*win)) : NULL;
    if (nh && (!v || !win)) {
        free(win);
        return -1;
    }
    if (nh)
        memcpy(v, base->halls, nh * sizeof(*v));
    char id[LOGSAFE_LINE];
    for (size_t d = 0; d < n; d++) {
        for (size_t k = 0; docs[d] && k < docs[d]->n_halls; k++) {
            const ovr_hall *e = &docs[d]->halls[k];
            int32_t h = agenda_hall_find(base, e->id);
            if (e->until <= now) {
                rep->expired++;
            } else if (h < 0) {
                drop(rep, "halls.%s: no such hall in the current feed: dropped",
                     logsafe(e->id, id, sizeof(id)));
            } else {
                rep->applied++;
                win[h] = e;
            }
        }
    }
    int rc = 0;
    for (size_t i = 0; i < nh && rc == 0; i++)
        if (win[i])
            rc = text_copy(out->arena, &win[i]->note, &v[i].note);
    if (nh)
        out->halls = v;
    free(win);
    return rc;
}

static int apply_announcement(const agenda *base, const override_doc *const *docs, size_t n,
                              int64_t now, int32_t board_hall, agenda *out,
                              override_report *rep)
{
    const ovr_announcement *best = NULL;
    int32_t best_hall = -1;
    char hall[LOGSAFE_LINE];
    for (size_t d = 0; d < n; d++) {
        const ovr_announcement *e = docs[d] ? &docs[d]->ann : NULL;
        if (!e || e->level == AGENDA_ALERT_NONE)
            continue;
        int32_t h = e->hall ? agenda_hall_find(base, e->hall) : -1;
        if (e->until <= now) {
            rep->expired++;
        } else if (e->hall && h < 0) {
            drop(rep, "announcement: no such hall \"%s\" in the current feed: dropped",
                 logsafe(e->hall, hall, sizeof(hall)));
        } else if (!e->hall || h == board_hall) {
            rep->applied++;
            if (!best || e->level >= best->level) {
                best = e;
                best_hall = h;
            }
        }
    }
    if (!best)
        return 0;
    out->announcement.level = best->level;
    out->announcement.hall = best_hall;
    out->announcement.until = best->until;
    return text_copy(out->arena, &best->text, &out->announcement.text);
}

/* ---- The whole ------------------------------------------------------------------ */

int override_apply(const agenda *base, const override_doc *const *docs, size_t n,
                   int64_t now, int32_t board_hall, agenda **out, override_report *rep)
{
    override_report scratch;
    if (!rep)
        rep = &scratch;
    memset(rep, 0, sizeof(*rep));
    *out = NULL;
    agenda_arena *ar = agenda_arena_new();
    agenda *a = ar ? agenda_arena_alloc(ar, sizeof(*a)) : NULL;
    if (!a) {
        agenda_arena_free(ar);
        return -1;
    }
    *a = *base;
    a->arena = ar;
    a->borrowed = true;
    if (apply_sessions(base, docs, n, now, a, rep) != 0 ||
        apply_halls(base, docs, n, now, a, rep) != 0 ||
        apply_announcement(base, docs, n, now, board_hall, a, rep) != 0) {
        agenda_arena_free(ar);
        return -1;
    }
    *out = a;
    return 0;
}

int64_t override_next_change(const agenda *base, const override_doc *const *docs, size_t n,
                             int64_t now)
{
    const agenda_session **by_id = index_by_id(base);
    if (!by_id && base->n_sessions)
        return now + 1; /* out of memory: look again soon */
    int64_t next = INT64_MAX;
#define CANDIDATE(u)                                                                       \
    do {                                                                                   \
        int64_t u_ = (u);                                                                  \
        if (u_ > now && u_ < next)                                                         \
            next = u_;                                                                     \
    } while (0)
    for (size_t d = 0; d < n; d++) {
        const override_doc *doc = docs[d];
        if (!doc)
            continue;
        for (size_t k = 0; k < doc->n_sessions; k++) {
            const ovr_session *e = &doc->sessions[k];
            const agenda_session *s = find_session(by_id, base->n_sessions, e->id);
            if (e->has_until || s)
                CANDIDATE(s ? session_until(e, s) : e->until);
        }
        for (size_t k = 0; k < doc->n_halls; k++)
            CANDIDATE(doc->halls[k].until);
        if (doc->ann.level != AGENDA_ALERT_NONE)
            CANDIDATE(doc->ann.until);
    }
#undef CANDIDATE
    free(by_id);
    return next;
}
