/* words.c - the texts of the blocks: a bounded UTF-8 builder, the board's language
 * of agenda texts, hall and zone names, people cut to whole names, times and dates
 * in every zone.
 */
#include "layout_int.h"

#include <string.h>

#include "civil.h"
#include "confday.h"

void ly_sb_init(ly_sbuf *b)
{
    b->buf[0] = '\0';
    b->len = 0;
    b->full = false;
}

void ly_sb_put(ly_sbuf *b, const char *s)
{
    if (b->full || !s)
        return;
    size_t n = strlen(s), room = sizeof(b->buf) - 1 - b->len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        b->full = true;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

/* The agenda text t in the board's language (NULL when absent). */
const char *ly_tr(const ly_ctx *c, const agenda_text *t)
{
    return agenda_tr_get(c->a, t, c->lang);
}

const char *ly_zone_label(const ly_ctx *c, size_t i)
{
    const char *s = ly_tr(c, &c->a->zones[i].label);
    return s ? s : c->a->zones[i].name;
}

const char *ly_hall_name(const ly_ctx *c, int32_t hall)
{
    if (hall < 0 || (size_t)hall >= c->a->n_halls)
        return NULL;
    const char *s = ly_tr(c, &c->a->halls[hall].name);
    return s ? s : c->a->halls[hall].id;
}

/* "Name (Role, Affiliation) · Name ..." for the first n people (details false: names
 * only), then " · +N more" when `more` people are left out. */
static void sb_people(const ly_ctx *c, ly_sbuf *b, const agenda_person *p, size_t n, bool details,
                      size_t more)
{
    for (size_t i = 0; i < n && !b->full; i++) {
        if (i)
            ly_sb_put(b, " · ");
        ly_sb_put(b, ly_tr(c, &p[i].name));
        if (!details)
            continue;
        const char *role = ly_tr(c, &p[i].role), *aff = ly_tr(c, &p[i].affiliation);
        if (role || aff) {
            ly_sb_put(b, " (");
            ly_sb_put(b, role);
            if (role && aff)
                ly_sb_put(b, ", ");
            ly_sb_put(b, aff);
            ly_sb_put(b, ")");
        }
    }
    if (more) {
        char m[I18N_BUF];
        i18n_format_more(c->lang, (int64_t)more, false, m, sizeof(m));
        if (n)
            ly_sb_put(b, " · ");
        ly_sb_put(b, m);
    }
}

/* The people of a session as they fit in `lines` lines of width w at the middle of
 * st's sizes (so that a list does not shrink far below its neighbours): with roles
 * and affiliations when all of that fits (and details is asked for), else names
 * only; when not even all the names fit, the first ones that do and "+N more" - a
 * list is cut at a whole name, never inside one. */
void ly_people_fit(const ly_ctx *c, ly_sbuf *b, const agenda_person *p, size_t n, bool details,
                       const ly_style *st, int w, int lines)
{
    bool bold = st->weight == LAYOUT_WEIGHT_BOLD;
    int px = (st->px + st->min_px + 1) / 2;
    ly_sb_init(b);
    if (details) {
        sb_people(c, b, p, n, true, 0);
        if (!b->full && ly_lines(c, b->buf, px, w, bold) <= lines)
            return;
    }
    ly_sb_init(b);
    sb_people(c, b, p, n, false, 0);
    if (n <= 1 || (!b->full && ly_lines(c, b->buf, px, w, bold) <= lines))
        return;
    size_t lo = 1, hi = n; /* the first lo names fit (or lo is 1), hi do not */
    while (hi - lo > 1) {
        size_t k = lo + (hi - lo) / 2;
        ly_sb_init(b);
        sb_people(c, b, p, k, false, n - k);
        if (!b->full && ly_lines(c, b->buf, px, w, bold) <= lines)
            lo = k;
        else
            hi = k;
    }
    ly_sb_init(b);
    sb_people(c, b, p, lo, false, n - lo);
}

/* "HH:MM" of instant t in the agenda's zone `zone`. */
void ly_sb_hm(const ly_ctx *c, ly_sbuf *b, size_t zone, int64_t t)
{
    tz_local lt;
    char hm[6];
    tz_to_local(c->a->zones[zone].tz, t, &lt);
    civil_format_hm(lt.hour, lt.minute, hm);
    ly_sb_put(b, hm);
}

/* The board's date of instant t in the agenda's zone `zone` ("Wed 9 Dec"). */
void ly_sb_date(const ly_ctx *c, ly_sbuf *b, size_t zone, int64_t t)
{
    tz_local lt;
    char d[I18N_BUF];
    tz_to_local(c->a->zones[zone].tz, t, &lt);
    i18n_format_date(c->lang, lt.weekday, lt.month, lt.day, d, sizeof(d));
    ly_sb_put(b, d);
}

/* The date as a heading ("Jue 10 dic": capitalised). */
void ly_sb_date_heading(const ly_ctx *c, ly_sbuf *b, size_t zone, int64_t t)
{
    ly_sbuf d;
    ly_sb_init(&d);
    ly_sb_date(c, &d, zone, t);
    i18n_capitalize(d.buf);
    ly_sb_put(b, d.buf);
}

/* "[Hall · ]12:00–12:05 Moscow · 17:00–17:05 Beijing" for a session. */
void ly_sb_session_times(const ly_ctx *c, ly_sbuf *b, const agenda_session *se)
{
    const char *hall = ly_hall_name(c, se->hall);
    if (hall) {
        ly_sb_put(b, hall);
        ly_sb_put(b, " · ");
    }
    for (size_t i = 0; i < c->a->n_zones; i++) {
        if (i)
            ly_sb_put(b, " · ");
        ly_sb_hm(c, b, i, se->start);
        ly_sb_put(b, "\xe2\x80\x93"); /* en dash */
        ly_sb_hm(c, b, i, se->end);
        ly_sb_put(b, " ");
        ly_sb_put(b, ly_zone_label(c, i));
    }
}

/* "[date ]12:30 Moscow<sep>[date ]17:30 Beijing": instant t in every zone. */
void ly_sb_instant(const ly_ctx *c, ly_sbuf *b, int64_t t, const char *sep, bool dated)
{
    for (size_t i = 0; i < c->a->n_zones; i++) {
        if (i)
            ly_sb_put(b, sep);
        if (dated) {
            ly_sb_date(c, b, i, t);
            ly_sb_put(b, " ");
        }
        ly_sb_hm(c, b, i, t);
        ly_sb_put(b, " ");
        ly_sb_put(b, ly_zone_label(c, i));
    }
}

/* Whole minutes from `from` to `to`, rounded up (a countdown never shows 0 early). */
int64_t ly_minutes_until(int64_t from, int64_t to)
{
    if (to <= from)
        return 0;
    int64_t d = to - from;
    return d / 60 + (d % 60 != 0);
}

/* The conference day of instant t in the agenda's zone `zone` (confday.h: days begin
 * at the agenda's day change, midnight when the feed gives none). */
int64_t ly_zone_day(const ly_ctx *c, size_t zone, int64_t t)
{
    return confday_of_in(c->a->zones[zone].tz, c->a->day_change_s, t);
}

/* "Tomorrow " (t is on the next conference day) or t's date and a space, for instant
 * t seen at `now` in zone `zone` when t is not on now's conference day there; nothing
 * when it is. */
static void sb_day_before(const ly_ctx *c, ly_sbuf *b, size_t zone, int64_t now, int64_t t)
{
    confday_info d = confday_relative_in(c->a, zone, now, t);
    if (d.rel == CONFDAY_TODAY)
        return;
    /* Further away: the date t has there, so that the date and time name the instant
     * even when t is in the small hours of the day before's conference day. */
    if (d.rel == CONFDAY_TOMORROW)
        ly_sb_put(b, i18n_word(c->lang, I18N_TOMORROW));
    else
        ly_sb_date(c, b, zone, t);
    ly_sb_put(b, " ");
}

/* "12:30 Moscow<sep>Tomorrow 05:30 Beijing": instant t in every zone, with "Tomorrow"
 * or t's date before the time in each zone where t is not on now's conference day. */
void ly_sb_instant_from(const ly_ctx *c, ly_sbuf *b, int64_t now, int64_t t, const char *sep)
{
    for (size_t i = 0; i < c->a->n_zones; i++) {
        if (i)
            ly_sb_put(b, sep);
        sb_day_before(c, b, i, now, t);
        ly_sb_hm(c, b, i, t);
        ly_sb_put(b, " ");
        ly_sb_put(b, ly_zone_label(c, i));
    }
}
