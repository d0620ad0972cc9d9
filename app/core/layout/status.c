/* status.c - the main section when nothing is on: the phase's message (countdown,
 * break, today/tomorrow, the end) with the first session's time in every zone.
 */
#include "layout_int.h"

#include <stdio.h>
#include <string.h>

#include "confday.h"

/* Overnight: "Today" or "Tomorrow" when every zone agrees (23:00 in Moscow is
 * already 04:00 the next day in Beijing), else the date of the next session's
 * conference day; then its time in every zone (per zone whether that is today or
 * tomorrow when they disagree). */
static void status_overnight(const ly_ctx *c, ly_sbuf *head, ly_sbuf *detail)
{
    const sched_state *s = c->s;
    int64_t days = ly_zone_day(c, 0, s->next_start) - ly_zone_day(c, 0, s->at);
    bool agree = true, near = true;
    for (size_t i = 0; i < c->a->n_zones; i++) {
        int64_t d = ly_zone_day(c, i, s->next_start) - ly_zone_day(c, i, s->at);
        agree = agree && d == days;
        near = near && (d == 0 || d == 1);
    }
    if (agree && near) {
        ly_sb_put(head, i18n_word(c->lang, days ? I18N_TOMORROW : I18N_TODAY));
        ly_sb_instant(c, detail, s->next_start, " · ", true);
        return;
    }
    /* The date of the conference day, not of the instant: with days running to
     * 06:00, 02:00 on Tue 30 Dec belongs to Mon 29 Dec. */
    ly_sb_date_heading(c, head, 0, confday_relative_in(c->a, 0, s->at, s->next_start).begins);
    if (!near) {
        ly_sb_instant(c, detail, s->next_start, " · ", true);
        return;
    }
    for (size_t i = 0; i < c->a->n_zones; i++) {
        int64_t d = ly_zone_day(c, i, s->next_start) - ly_zone_day(c, i, s->at);
        if (i)
            ly_sb_put(detail, " · ");
        ly_sb_put(detail, i18n_word(c->lang, d ? I18N_TOMORROW : I18N_TODAY));
        ly_sb_put(detail, " ");
        ly_sb_hm(c, detail, i, s->next_start);
        ly_sb_put(detail, " ");
        ly_sb_put(detail, ly_zone_label(c, i));
    }
}

/* The phase's words: a heading and a detail line. */
static void status_words(const ly_ctx *c, ly_sbuf *head, ly_sbuf *detail)
{
    const sched_state *s = c->s;
    bool has_next = s->next_start != INT64_MAX && c->a->n_zones > 0;
    char tmp[I18N_BUF];
    switch (s->phase) {
    case SCHED_BEFORE:
        if (s->next_start != INT64_MAX) {
            i18n_format_minutes(c->lang, I18N_SPAN_STARTS_IN, ly_minutes_until(s->at, s->next_start),
                                tmp, sizeof(tmp));
            ly_sb_put(head, tmp);
        }
        if (has_next)
            ly_sb_instant(c, detail, s->next_start, " · ", true);
        break;
    case SCHED_BREAK:
        ly_sb_put(head, i18n_word(c->lang, I18N_BREAK));
        if (has_next) {
            ly_sb_put(head, " · ");
            ly_sb_put(head, i18n_word(c->lang, I18N_NEXT_AT));
            ly_sb_put(head, " ");
            ly_sb_instant_from(c, head, s->at, s->next_start, " / ");
        }
        break;
    case SCHED_OVERNIGHT:
        if (has_next)
            status_overnight(c, head, detail);
        break;
    case SCHED_AFTER:
        ly_sb_put(head, i18n_word(c->lang, I18N_EVENT_OVER));
        break;
    case SCHED_DURING:
    default:
        break;
    }
}

/* The phase's message when nothing is on: countdown, break, next day, the end;
 * then the first session's time in every zone, and cancelled sessions of now. */
int ly_sec_status(ly_ctx *c, int x, int y, int w, int budget)
{
    ly_sbuf head, detail;
    ly_sb_init(&head), ly_sb_init(&detail);
    status_words(c, &head, &detail);
    ly_style st_h = ly_for_text(c, ly_sty(c, 6.0, 3.6, 1, COL_TEXT, true), head.buf);
    ly_style st_d = ly_for_text(c, ly_sty(c, 3.2, 2.4, 1, COL_TEXT2, false), detail.buf);
    int used = 0;
    if (head.len) {
        ly_fitted f = ly_fit(c, &st_h, head.buf, w, 2, budget, false);
        st_h = ly_fitted_style(st_h, f);
        if (ly_sty_h(&st_h) <= budget) {
            ly_text(c, x, y, w, &st_h, COL_BG, head.buf);
            used = ly_sty_h(&st_h);
        }
    }
    if (detail.len) {
        int room = budget - used - c->gs;
        st_d = ly_fitted_style(st_d, ly_fit(c, &st_d, detail.buf, w, c->a->n_zones > 2 ? 3 : 2, room, false));
        if (used + c->gs + ly_sty_h(&st_d) <= budget) {
            ly_text(c, x, y + used + c->gs, w, &st_d, COL_BG, detail.buf);
            used += c->gs + ly_sty_h(&st_d);
        }
    }
    int room = budget - used - (used ? c->gb : 0);
    if (room > 0) {
        int h = ly_blk_cancelled(c, x, y + used + (used ? c->gb : 0), w, room);
        if (h)
            used += (used ? c->gb : 0) + h;
    }
    return used;
}

/* The main (now or status) section. */
int ly_sec_main(ly_ctx *c, int x, int y, int w, int budget)
{
    return c->s->phase == SCHED_DURING ? ly_sec_now(c, x, y, w, budget)
                                       : ly_sec_status(c, x, y, w, budget);
}
