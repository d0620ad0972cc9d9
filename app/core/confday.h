/* confday.h - conference days: what "today" and "tomorrow" mean on a board.
 *
 * A conference day begins at agenda.day_change_s (wall time of the venue zone, the
 * agenda's first zone) and runs to the same wall time on the next date: 24 hours, or
 * 23 and 25 on the days clocks change. With day_change_s 0 (no day boundaries in the
 * feed) conference days are calendar days of the venue zone. A day is named by the
 * date it begins on: with a day change at 06:00, 02:00 on Tue 30 Dec belongs to the
 * day of Mon 29 Dec. Feeds give the day change as the native `day_change`, frab's
 * <day_change> or the days' day_start/day_end (docs/feed-format.md).
 *
 * When a day's change time does not occur (clocks turned forward over it) the day
 * begins when the clocks change; when it occurs twice, at the first of them.
 *
 * Pure: instants are arguments (unix seconds), nothing reads a clock. Can't fail.
 *
 * How the layout uses it: wherever it compares calendar dates to say "Today",
 * "Tomorrow" or a date for an instant t seen at `now` (the next session's start), it
 * asks confday_relative_in(a, zone, now, t) for each zone shown: TODAY -> "Today" (or
 * nothing), TOMORROW -> "Tomorrow", LATER (or EARLIER) -> the day's weekday and date,
 * from (year, month, mday, weekday) or by formatting `begins` in that zone; then the
 * time of t in that zone. For the venue zone alone, confday_relative(a, now, t) is the
 * same call with zone 0. A day number of t alone: confday_of_in(zone's tz,
 * a->day_change_s, t).
 */
#ifndef HB_CONFDAY_H
#define HB_CONFDAY_H

#include <stddef.h>
#include <stdint.h>

#include "agenda.h"

typedef enum {
    CONFDAY_EARLIER,  /* a day before now's */
    CONFDAY_TODAY,    /* now's conference day */
    CONFDAY_TOMORROW, /* the day after now's */
    CONFDAY_LATER,    /* two or more days after now's */
} confday_rel;

typedef struct {
    confday_rel rel;
    int64_t days;      /* t's day minus now's day: 0 today, 1 tomorrow, 2..., -1... */
    int64_t day;       /* t's day: days since 1970-01-01 of the date it begins on */
    int64_t year;      /* the date t's day begins on (what "Mon 29 Dec" names) */
    int month, mday;   /* 1..12, 1..31 */
    int weekday;       /* 0 = Sunday .. 6 = Saturday */
    int64_t begins;    /* the instant t's day begins: its local date in the zone asked
                        * about is the day's date (to print with a date formatter that
                        * takes an instant) */
} confday_info;

/* The conference day holding instant t (days since 1970-01-01 of the date it begins
 * on) in zone z (NULL: UTC) with days beginning day_change_s seconds after midnight
 * (0 .. AGENDA_DAY_CHANGE_LIMIT - 1; other values are taken as 0). */
int64_t confday_of_in(const tz_zone *z, int32_t day_change_s, int64_t t);

/* The instant day `day` begins in zone z (NULL: UTC) with day_change_s as above. */
int64_t confday_start_in(const tz_zone *z, int32_t day_change_s, int64_t day);

/* The agenda's conference day of t: its venue zone (UTC when it has none) and its
 * day_change_s. */
int64_t confday_of(const agenda *a, int64_t t);

/* The instant the agenda's conference day `day` begins. */
int64_t confday_start(const agenda *a, int64_t day);

/* The first instant after t at which a conference day of the agenda begins. */
int64_t confday_next_boundary(const agenda *a, int64_t t);

/* Where t falls relative to now, in conference days of the venue zone, with the date
 * of t's day. */
confday_info confday_relative(const agenda *a, int64_t now, int64_t t);

/* The same for the agenda's zone `zone` (index into agenda.zones; out of range: the
 * venue zone): days of that zone's wall clock that begin at the same day_change_s,
 * so that a viewer in Beijing is told "Tomorrow" by Beijing's date. */
confday_info confday_relative_in(const agenda *a, size_t zone, int64_t now, int64_t t);

#endif
