/* sched.h - what is on now and next at an instant: the board state of an agenda.
 *
 * Pure: the instant is an argument, nothing reads a clock. A state points into the
 * agenda it was computed from and must not outlive it.
 */
#ifndef HB_SCHED_H
#define HB_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "agenda.h"

/* The phase at t (for the hall asked about), in this order:
 *   DURING    a scheduled session is in progress;
 *   AFTER     the agenda has sessions and none is to come;
 *   BEFORE    none has ended by t (an empty agenda too);
 *   OVERNIGHT the latest one to end (by t) and the next one to start are on different
 *             conference days (confday.h): the day is over, more days to come;
 *   BREAK     they are on the same conference day.
 * "Today" and "tomorrow" for the next session: confday_relative(). */
typedef enum {
    SCHED_BEFORE,    /* nothing has started yet */
    SCHED_DURING,    /* a scheduled session is in progress */
    SCHED_BREAK,     /* between two sessions of one conference day */
    SCHED_OVERNIGHT, /* the day is over; more days to come */
    SCHED_AFTER,     /* every session has ended */
} sched_phase;

typedef struct {
    int64_t at;                        /* the instant asked about */
    int32_t hall;                      /* the hall asked about, or -1 for all */
    sched_phase phase;
    const agenda_session **now;        /* scheduled sessions in progress (this hall) */
    size_t n_now;
    const agenda_session **cancelled_now; /* cancelled sessions whose slot is now */
    size_t n_cancelled_now;
    const agenda_session **next;       /* all sessions starting at next_start (cancelled included) */
    size_t n_next;
    int64_t next_start;                /* INT64_MAX when nothing is to come */
    const agenda_session **others_now; /* in progress in other halls (hall >= 0 only) */
    size_t n_others;
    const agenda_session *previous;    /* the latest scheduled session ended by `at` */
} sched_state;

/* Computes the state of agenda a at instant t for hall (-1 = every hall). The lists
 * are sorted like the agenda. Returns 0, or -1 on out of memory (state zeroed).
 * The caller frees the lists with sched_state_free(). */
int sched_query(const agenda *a, int64_t t, int32_t hall, sched_state *out);

/* Frees the lists of a state; the state itself may be on the stack. NULL-safe. */
void sched_state_free(sched_state *s);

/* Progress of session s at t, 0..1. */
double sched_progress(const agenda_session *s, int64_t t);

/* Name of a phase as used in `hallboard state` ("before", "during"...). */
const char *sched_phase_name(sched_phase p);

/* The next instant after t at which the state of (a, hall) or what the board says of
 * it can change: a session start or end, a card's from or until, the beginning of the
 * next conference day while a session is to come ("Tomorrow" becomes "Today"), or
 * INT64_MAX. Lets the board sleep until then. */
int64_t sched_next_change(const agenda *a, int64_t t, int32_t hall);

/* Cards shown at t (from <= t < until), in feed order. Writes up to cap indices into
 * idx and returns how many cards are shown in all. */
size_t sched_cards_at(const agenda *a, int64_t t, size_t *idx, size_t cap);

#endif
