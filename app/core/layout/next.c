/* next.c - what comes next: the NEXT list (sched's next sessions, then the
 * following ones of the hall), one next session's block, "Elsewhere now", and the
 * side column that stacks them (with a card when there is room).
 */
#include "layout_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* A session of the NEXT list: "in 12 min", its start in every zone, title, speakers.
 * Up to two zones the times and "in 12 min" share a row; with more, "in 12 min"
 * comes first and the times take the full width under it (and may be left out
 * when room is short). whole: show the session only with its whole title (later
 * entries of the list: better left out than cut). */
static int blk_next(ly_ctx *c, const agenda_session *se, int x, int y, int w, int budget,
                    bool whole)
{
    enum { IN, TIMES, TITLE, TITLE_X, MARK, NOTE, SPK, N };
    int band = ly_band_w(c), tx = x + band + c->gs * 2, tw = w - band - c->gs * 2;
    if (tw <= 0)
        return 0;
    bool cancelled = se->status == AGENDA_STATUS_CANCELLED;
    bool stacked = c->a->n_zones > 2;
    const char *title = ly_tr(c, &se->title);
    if (!title)
        title = se->id;
    ly_sbuf times;
    ly_sb_init(&times);
    ly_sb_instant(c, &times, se->start, " · ", false);
    char in[I18N_BUF];
    if (cancelled)
        snprintf(in, sizeof(in), "%s", i18n_word(c->lang, I18N_CANCELLED));
    else
        i18n_format_minutes(c->lang, I18N_SPAN_IN, ly_minutes_until(c->s->at, se->start), in,
                            sizeof(in));
    ly_style st_times = ly_for_text(c, ly_sty(c, 2.6, 1.9, stacked ? 2 : 1, COL_TEXT2, false), times.buf);
    ly_style st_in = ly_for_text(c, ly_sty(c, 2.8, 2.0, 1, cancelled ? COL_WARN : COL_ACCENT, true), in);
    st_in.align = stacked ? TEXTLAY_ALIGN_START : TEXTLAY_ALIGN_END;
    if (stacked)
        st_times = ly_fitted_style(st_times, ly_fit(c, &st_times, times.buf, tw, 2, INT_MAX, false));
    ly_title_fit tf = ly_fit_title(c, title, ly_upx(c, 6.0), tw, c->portrait ? 4 : 3, 1);
    ly_style st_spk = ly_sty(c, 2.6, 2.0, 1, COL_TEXT2, false);
    ly_sbuf spk;
    ly_sb_init(&spk);
    if (se->n_speakers) {
        ly_people_fit(c, &spk, se->speakers, se->n_speakers, false, &st_spk, tw, 1);
        st_spk = ly_for_text(c, st_spk, spk.buf);
    }

    ly_live lv;
    ly_live_lines(c, se, &lv);
    ly_item it[N] = {
        [IN] = {stacked ? ly_sty_h(&st_in) : imax(ly_sty_h(&st_times), ly_sty_h(&st_in)), 0, false, false},
        [TIMES] = {stacked ? ly_sty_h(&st_times) : 0, 2, true, false},
        [TITLE] = {tf.first, 0, false, false},
        [TITLE_X] = {tf.rest, 1, true, false},
        [MARK] = {lv.mk[0] ? ly_sty_h(&lv.st_mk) : 0, 0, false, false},
        [NOTE] = {lv.note && *lv.note ? ly_sty_h(&lv.st_note) : 0, 3, false, false},
        [SPK] = {spk.len ? ly_sty_h(&st_spk) : 0, 3, false, false},
    };
    if (budget == BUDGET_MIN)
        budget = it[IN].h + c->gs + it[TITLE].h;
    else if (budget == BUDGET_TITLE)
        budget = it[IN].h + c->gs + it[TITLE].h + (tf.whole ? it[TITLE_X].h : 0);
    int h = ly_choose_items(it, N, budget, c->gs);
    if (!it[IN].on || !it[TITLE].on || (whole && tf.rest && !it[TITLE_X].on))
        return 0;
    ly_style st_t = ly_title_given(c, &tf, title, tw, it[TITLE_X].on, budget - h);
    h += ly_sty_h(&st_t) - (tf.first + (it[TITLE_X].on ? tf.rest : 0));
    if (!c->emit)
        return h;

    ly_fill(c, x, y, band, h, ly_track_color(c, se, COL_BAND), COL_BG);
    int yy = y;
    if (stacked) {
        ly_text(c, tx, yy, tw, &st_in, COL_BG, in);
        yy += ly_sty_h(&st_in);
        if (it[TIMES].on) {
            ly_text(c, tx, yy, tw, &st_times, COL_BG, times.buf);
            yy += ly_sty_h(&st_times);
        }
    } else {
        int iw = tw * 38 / 100;
        ly_text(c, tx, yy, tw - iw - c->gb, &st_times, COL_BG, times.buf);
        ly_text(c, tx + tw - iw, yy, iw, &st_in, COL_BG, in);
        yy += it[IN].h;
    }
    yy += c->gs;
    ly_text(c, tx, yy, tw, &st_t, COL_BG, title);
    yy += ly_sty_h(&st_t);
    bool any = true;
    yy = ly_opt_line(c, it, MARK, yy, &any, tx, tw, &lv.st_mk, lv.mk);
    yy = ly_opt_line(c, it, NOTE, yy, &any, tx, tw, &lv.st_note, lv.note);
    if (it[SPK].on)
        ly_text(c, tx, yy + c->gs, tw, &st_spk, COL_BG, spk.buf);
    return h;
}

/* The NEXT list: sched's next sessions, then the following ones of the same hall
 * (cancelled ones only when they are among sched's next). */
size_t ly_next_list(const ly_ctx *c, const agenda_session **v, size_t cap)
{
    const sched_state *s = c->s;
    size_t n = 0;
    for (size_t i = 0; i < s->n_next && n < cap; i++)
        v[n++] = s->next[i];
    if (n >= cap || s->next_start == INT64_MAX)
        return n;
    size_t first = agenda_first_starting_at_or_after(c->a, s->next_start + 1);
    for (size_t i = first; i < c->a->n_sessions && i - first < NEXT_SCAN && n < cap; i++) {
        const agenda_session *se = &c->a->sessions[i];
        if ((s->hall >= 0 && se->hall != s->hall) || se->status == AGENDA_STATUS_CANCELLED)
            continue;
        v[n++] = se;
    }
    return n;
}

/* Height a next-session block would take within budget, emitting nothing. */
int ly_measure_next(ly_ctx *c, const agenda_session *se, int w, int budget, bool whole)
{
    bool saved = c->emit;
    c->emit = false;
    int h = budget > 0 || budget == BUDGET_MIN || budget == BUDGET_TITLE
                ? blk_next(c, se, 0, 0, w, budget, whole)
                : 0;
    c->emit = saved;
    return h;
}

/* "Elsewhere now": the current sessions of the other halls (hall views only). */
static int sec_elsewhere(ly_ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    if (s->hall < 0 || c->a->n_halls < 2 || s->n_others == 0)
        return 0;
    ly_sbuf lines[MAX_ELSEWHERE];
    ly_style st_label = ly_label_style(c, I18N_ELSEWHERE), st_line = ly_sty(c, 2.6, 2.0, 1, COL_TEXT, false);
    size_t k = s->n_others < MAX_ELSEWHERE ? s->n_others : MAX_ELSEWHERE;
    for (size_t i = 0; i < k; i++) {
        const agenda_session *se = s->others_now[i];
        const char *hall = ly_hall_name(c, se->hall), *t = ly_tr(c, &se->title);
        ly_sb_init(&lines[i]);
        if (hall) {
            ly_sb_put(&lines[i], hall);
            ly_sb_put(&lines[i], " · ");
        }
        ly_sb_put(&lines[i], t ? t : se->id);
        st_line = ly_for_text(c, st_line, lines[i].buf);
    }
    char more[I18N_BUF];
    i18n_format_more(c->lang, (int64_t)(s->n_others - 1), false, more, sizeof(more));
    ly_style st_more = ly_for_text(c, ly_sty(c, 2.6, 2.0, 1, COL_TEXT2, false), more);
    int lab = ly_sty_h(&st_label), line = ly_sty_h(&st_line), more_h = ly_sty_h(&st_more);
    if (budget == BUDGET_MIN)
        k = 1, budget = INT32_MAX;
    int need = 0;
    for (; k > 0; k--) {
        bool rest = s->n_others > k;
        need = lab + (int)k * (c->gs + line) + (rest ? c->gs + more_h : 0);
        if (need <= budget)
            break;
    }
    if (k == 0)
        return 0;
    if (!c->emit)
        return need;
    int yy = y;
    ly_text(c, x, yy, w, &st_label, COL_BG, i18n_word(c->lang, I18N_ELSEWHERE));
    yy += lab;
    for (size_t i = 0; i < k; i++) {
        yy += c->gs;
        ly_text(c, x, yy, w, &st_line, COL_BG, lines[i].buf);
        yy += line;
    }
    if (s->n_others > k) {
        i18n_format_more(c->lang, (int64_t)(s->n_others - k), false, more, sizeof(more));
        yy += c->gs;
        ly_text(c, x, yy, w, &st_more, COL_BG, more);
    }
    return need;
}

/* Height "Elsewhere now" would take within budget, emitting nothing. */
int ly_measure_elsewhere(ly_ctx *c, int w, int budget)
{
    bool saved = c->emit;
    c->emit = false;
    int h = budget > 0 || budget == BUDGET_MIN ? sec_elsewhere(c, 0, 0, w, budget) : 0;
    c->emit = saved;
    return h;
}

/* A side column: NEXT (label and up to three sessions), "Elsewhere now", then an
 * info card if with_card. Priority: first next session, elsewhere, the other next
 * sessions (each with its whole title, or not at all), the card. Returns the height
 * used. */
int ly_sec_side(ly_ctx *c, int x, int y, int w, int budget, bool with_card)
{
    const agenda_session *nx[MAX_NEXT];
    size_t n = ly_next_list(c, nx, MAX_NEXT);
    ly_style st_label = ly_label_style(c, I18N_NEXT);
    int lab = ly_sty_h(&st_label), used = 0;

    int els = ly_measure_elsewhere(c, w, budget), els_min = ly_measure_elsewhere(c, w, BUDGET_MIN);
    /* The first next session comes before "Elsewhere now", but its optional lines
     * (speakers, the rest of its title) come after the smallest form of it. */
    int first_budget = budget - lab - c->gs - (els_min ? c->gsec + els_min : 0);
    int first = n ? ly_measure_next(c, nx[0], w, first_budget, false) : 0;
    if (n && !first) {
        first_budget = budget - lab - c->gs;
        first = ly_measure_next(c, nx[0], w, first_budget, false);
    }

    if (first > 0) {
        ly_text(c, x, y, w, &st_label, COL_BG, i18n_word(c->lang, I18N_NEXT));
        used = lab + c->gs;
        used += blk_next(c, nx[0], x, y + used, w, first_budget, false);
        int reserve = els ? c->gsec + els : 0;
        for (size_t i = 1; i < n; i++) {
            int room = budget - used - c->gb - reserve;
            if (room <= 0 || ly_measure_next(c, nx[i], w, room, true) <= 0)
                break;
            used += c->gb + blk_next(c, nx[i], x, y + used + c->gb, w, room, true);
        }
    }
    int room = budget - used - (used ? c->gsec : 0);
    if (room > 0) {
        int h = sec_elsewhere(c, x, y + used + (used ? c->gsec : 0), w, room);
        if (h)
            used += (used ? c->gsec : 0) + h;
    }
    room = budget - used - (used ? c->gsec : 0);
    if (with_card && room > 0) {
        int h = ly_blk_card(c, x, y + used + (used ? c->gsec : 0), w, room);
        if (h)
            used += (used ? c->gsec : 0) + h;
    }
    return used;
}
