/* days.c - the builder's conference days: the day change an export names or implies
 * (build.h, agenda.day_change_s, confday.h).
 *
 * An export names its day change (frab's <day_change>, the native `day_change`) or
 * gives each day's span (frab day_start/day_end, <day start end>). From spans, in the
 * venue zone: a day's end, rounded up to the minute, or the next day's start when
 * that follows within a minute (pretalx ends a day at 03:59 and starts the next at
 * 04:00; its last day, 24 hours less a minute long, ends where it began). An end on
 * the date after its start's, before 12:00, is a day change (CCC: 04:00 or 06:00); an
 * end on the start's own date, or at midnight, is a calendar day. The latest of them
 * wins, so that no day's last hours fall into the next day. A span ending later still
 * (a day over 36 hours) says nothing.
 */
#include "build.h"

#include "civil.h"

void fb_day_change(feed_builder *b, int32_t sod, const char *path)
{
    if (sod < 0 || sod >= AGENDA_DAY_CHANGE_LIMIT) {
        fb_flaw(b, path, "a day change must be before 12:00%s", b->lenient ? ": ignored" : "");
        return;
    }
    b->has_day_change = true;
    b->day_change = sod;
}

void fb_day_span(feed_builder *b, int64_t start, int64_t end)
{
    if (end <= start || b->n_day_spans == FB_MAX_DAY_SPANS)
        return;
    b->day_spans[b->n_day_spans][0] = start;
    b->day_spans[b->n_day_spans][1] = end;
    b->n_day_spans++;
}

/* Local day number and second of the day of t in z (NULL: UTC). */
static int64_t local_day(const tz_zone *z, int64_t t, int32_t *sod)
{
    int32_t off = z ? tz_offset_at(z, t) : 0;
    int64_t d = civil_floor_div(t + off, 86400);
    *sod = (int32_t)(t + off - d * 86400);
    return d;
}

/* The day change span i implies in z, or -1 when it implies none. */
static int32_t span_change(const feed_builder *b, size_t i, const tz_zone *z)
{
    int64_t start = b->day_spans[i][0], end = b->day_spans[i][1];
    int64_t r = civil_floor_div(end + 59, 60) * 60;
    if (i + 1 < b->n_day_spans) {
        int64_t next = b->day_spans[i + 1][0];
        if (next >= end && next - end <= 60)
            r = next;
    }
    int32_t s_sod, e_sod;
    int64_t sd = local_day(z, start, &s_sod), ed = local_day(z, r, &e_sod);
    if (ed == sd + 1 && s_sod - e_sod > 0 && s_sod - e_sod <= 60)
        e_sod = s_sod; /* a day of 24 hours but a minute: it ends where it began */
    if (ed == sd || (ed == sd + 1 && e_sod == 0))
        return 0;
    if (ed == sd + 1 && e_sod < AGENDA_DAY_CHANGE_LIMIT)
        return e_sod;
    return -1;
}

void fb_install_day_change(feed_builder *b)
{
    agenda *a = b->c->a;
    if (b->has_day_change) {
        a->day_change_s = b->day_change;
        return;
    }
    if (!b->n_day_spans)
        return; /* as the importer left it (native: its own day_change) */
    const tz_zone *z = a->n_zones ? a->zones[0].tz : NULL;
    int32_t best = 0;
    for (size_t i = 0; i < b->n_day_spans; i++) {
        int32_t c = span_change(b, i, z);
        if (c > best)
            best = c;
    }
    a->day_change_s = best;
}
