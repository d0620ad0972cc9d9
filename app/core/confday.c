/* confday.c - conference days (see confday.h).
 *
 * A day is the span between two beginnings, and a beginning is the instant of
 * (date, day change) in the zone. The day holding t is guessed from t's wall time
 * shifted back by the day change and then checked against the two beginnings around
 * it, so that the days the clocks change on (23 or 25 hours) come out right.
 */
#include "confday.h"

#include "civil.h"

static int32_t clamp_change(int32_t day_change_s)
{
    return day_change_s >= 0 && day_change_s < AGENDA_DAY_CHANGE_LIMIT ? day_change_s : 0;
}

/* The zone's last change of offset at or before t, looking back two days; or t. */
static int64_t last_transition(const tz_zone *z, int64_t t)
{
    int64_t from = t - 2 * 86400, best = t, n;
    while ((n = tz_next_transition(z, from)) <= t) {
        best = n;
        from = n;
    }
    return best;
}

int64_t confday_start_in(const tz_zone *z, int32_t day_change_s, int64_t day)
{
    int32_t dc = clamp_change(day_change_s);
    if (!z)
        return day * 86400 + dc;
    int64_t y;
    int m, d;
    civil_ymd_from_days(day, &y, &m, &d);
    int h = dc / 3600, mi = dc / 60 % 60, s = dc % 60;
    int64_t r;
    if (!tz_from_local(z, y, m, d, h, mi, s, &r))
        return day * 86400 + dc - tz_offset_at(z, day * 86400);
    tz_local l;
    tz_to_local(z, r, &l);
    if (l.year == y && l.month == m && l.day == d && l.hour == h && l.minute == mi &&
        l.second == s)
        return r;
    /* The wall time does not occur that day: the day begins as the clocks change. */
    return last_transition(z, r);
}

int64_t confday_of_in(const tz_zone *z, int32_t day_change_s, int64_t t)
{
    int32_t dc = clamp_change(day_change_s);
    int32_t off = z ? tz_offset_at(z, t) : 0;
    int64_t d = civil_floor_div(t + off - dc, 86400);
    if (t < confday_start_in(z, dc, d))
        d--;
    else if (t >= confday_start_in(z, dc, d + 1))
        d++;
    return d;
}

static const tz_zone *zone_of(const agenda *a, size_t zone)
{
    if (!a->n_zones)
        return NULL;
    return a->zones[zone < a->n_zones ? zone : 0].tz;
}

int64_t confday_of(const agenda *a, int64_t t)
{
    return confday_of_in(zone_of(a, 0), a->day_change_s, t);
}

int64_t confday_start(const agenda *a, int64_t day)
{
    return confday_start_in(zone_of(a, 0), a->day_change_s, day);
}

int64_t confday_next_boundary(const agenda *a, int64_t t)
{
    return confday_start(a, confday_of(a, t) + 1);
}

confday_info confday_relative_in(const agenda *a, size_t zone, int64_t now, int64_t t)
{
    const tz_zone *z = zone_of(a, zone);
    confday_info r = {0};
    r.day = confday_of_in(z, a->day_change_s, t);
    r.days = r.day - confday_of_in(z, a->day_change_s, now);
    r.rel = r.days < 0    ? CONFDAY_EARLIER
            : r.days == 0 ? CONFDAY_TODAY
            : r.days == 1 ? CONFDAY_TOMORROW
                          : CONFDAY_LATER;
    civil_ymd_from_days(r.day, &r.year, &r.month, &r.mday);
    r.weekday = civil_weekday(r.day);
    r.begins = confday_start_in(z, a->day_change_s, r.day);
    return r;
}

confday_info confday_relative(const agenda *a, int64_t now, int64_t t)
{
    return confday_relative_in(a, 0, now, t);
}
