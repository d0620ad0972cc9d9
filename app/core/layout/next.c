/* next.c - what comes next: the NEXT list (sched's next sessions, then the
 * following ones of the hall), one next session's block, "Elsewhere now", and the
 * side column that stacks them (with a card when there is room).
 *
 * Sessions starting together: the first with "in 12 min" and its start in every zone
 * ("Tomorrow" or the date before the time in a zone where it is not on today's
 * conference day), the others under it with their hall and title only, as many as fit,
 * then "+N more". On a board for every hall each entry names its hall.
 */
#include "layout_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The lines of a next session's block, as items (chosen by priority). */
enum { IN, TIMES, HALL, TITLE, TITLE_X, MARK, NOTE, SPK, N_NEXT };

/* A next session's block, prepared: its texts, styles and items. */
typedef struct {
    const char *title, *hall;
    char in[I18N_BUF];
    ly_sbuf times, spk;
    ly_style st_times, st_in, st_hall, st_spk;
    ly_title_fit tf;
    ly_live lv;
    bool stacked; /* "in 12 min" above the times, not beside them */
    int tw;       /* width of the text column */
    ly_item it[N_NEXT];
} next_parts;

/* The texts of se's block: "in 12 min" (or "Cancelled"), its start in every zone
 * (with "Tomorrow" or the day's date where that is not today), its hall on a board
 * for every hall of a feed with several, title, speakers. */
static void next_texts(ly_ctx *c, const agenda_session *se, next_parts *p)
{
    p->title = ly_tr(c, &se->title);
    if (!p->title)
        p->title = se->id;
    p->hall = c->s->hall < 0 && c->a->n_halls > 1 ? ly_hall_name(c, se->hall) : NULL;
    ly_sb_init(&p->times);
    ly_sb_instant_from(c, &p->times, c->s->at, se->start, " · ");
    if (se->status == AGENDA_STATUS_CANCELLED)
        snprintf(p->in, sizeof(p->in), "%s", i18n_word(c->lang, I18N_CANCELLED));
    else
        i18n_format_minutes(c->lang, I18N_SPAN_IN, ly_minutes_until(c->s->at, se->start), p->in,
                            sizeof(p->in));
    p->st_spk = ly_sty(c, 2.6, 2.0, 1, COL_TEXT2, false);
    ly_sb_init(&p->spk);
    if (se->n_speakers) {
        ly_people_fit(c, &p->spk, se->speakers, se->n_speakers, false, &p->st_spk, p->tw, 1);
        p->st_spk = ly_for_text(c, p->st_spk, p->spk.buf);
    }
    ly_live_lines(c, se, &p->lv);
}

/* Prepares se's block in text width p->tw. timed: with its "in 12 min" and times
 * (false: it starts with the entry above it). Up to two zones the times and "in 12
 * min" share a row when the times fit there; else "in 12 min" comes first and the
 * times take the full width under it (and may be left out when room is short). */
static void next_prepare(ly_ctx *c, const agenda_session *se, next_parts *p, bool timed)
{
    next_texts(c, se, p);
    int tw = p->tw, iw = tw * 38 / 100;
    bool cancelled = se->status == AGENDA_STATUS_CANCELLED;
    p->st_times = ly_for_text(c, ly_sty(c, 2.6, 1.9, 1, COL_TEXT2, false), p->times.buf);
    p->stacked = c->a->n_zones > 2 ||
                 ly_lines(c, p->times.buf, p->st_times.min_px, tw - iw - c->gb, false) > 1;
    p->st_in = ly_for_text(c, ly_sty(c, 2.8, 2.0, 1, cancelled ? COL_WARN : COL_ACCENT, true), p->in);
    p->st_in.align = p->stacked ? TEXTLAY_ALIGN_START : TEXTLAY_ALIGN_END;
    if (p->stacked) {
        p->st_times.lines = 2;
        p->st_times = ly_fitted_style(p->st_times, ly_fit(c, &p->st_times, p->times.buf, tw, 2, INT_MAX, false));
    }
    p->st_hall = ly_for_text(c, ly_sty(c, 2.6, 2.0, 1, COL_TEXT2, true), p->hall);
    p->tf = ly_fit_title(c, p->title, ly_upx(c, 6.0), tw, timed ? (c->portrait ? 4 : 3) : 2, 1);
    int row = p->stacked ? ly_sty_h(&p->st_in) : imax(ly_sty_h(&p->st_times), ly_sty_h(&p->st_in));
    ly_item it[N_NEXT] = {
        [IN] = {timed ? row : 0, 0, false, false},
        [TIMES] = {timed && p->stacked ? ly_sty_h(&p->st_times) : 0, 2, true, false},
        [HALL] = {p->hall ? ly_sty_h(&p->st_hall) : 0, 0, false, false},
        [TITLE] = {p->tf.first, 0, false, false},
        [TITLE_X] = {p->tf.rest, 1, true, false},
        [MARK] = {p->lv.mk[0] ? ly_sty_h(&p->lv.st_mk) : 0, 0, false, false},
        [NOTE] = {p->lv.note && *p->lv.note ? ly_sty_h(&p->lv.st_note) : 0, 3, false, false},
        [SPK] = {p->spk.len ? ly_sty_h(&p->st_spk) : 0, 3, false, false},
    };
    memcpy(p->it, it, sizeof(it));
}

/* Emits the lines of a prepared block at (x, y), h high, with the title style st_t. */
static void next_place(ly_ctx *c, const agenda_session *se, next_parts *p, const ly_style *st_t,
                       int x, int y, int h)
{
    int band = ly_band_w(c), tx = x + band + c->gs * 2, tw = p->tw;
    ly_fill(c, x, y, band, h, ly_track_color(c, se, COL_BAND), COL_BG);
    int yy = y;
    bool any = false;
    if (p->it[IN].on && p->stacked) {
        ly_text(c, tx, yy, tw, &p->st_in, COL_BG, p->in);
        yy += ly_sty_h(&p->st_in);
        if (p->it[TIMES].on) {
            ly_text(c, tx, yy, tw, &p->st_times, COL_BG, p->times.buf);
            yy += ly_sty_h(&p->st_times);
        }
        any = true;
    } else if (p->it[IN].on) {
        int iw = tw * 38 / 100;
        ly_text(c, tx, yy, tw - iw - c->gb, &p->st_times, COL_BG, p->times.buf);
        ly_text(c, tx + tw - iw, yy, iw, &p->st_in, COL_BG, p->in);
        yy += p->it[IN].h;
        any = true;
    }
    yy = ly_opt_line(c, p->it, HALL, yy, &any, tx, tw, &p->st_hall, p->hall);
    yy += any ? c->gs : 0;
    ly_text(c, tx, yy, tw, st_t, COL_BG, p->title);
    yy += ly_sty_h(st_t);
    any = true;
    yy = ly_opt_line(c, p->it, MARK, yy, &any, tx, tw, &p->lv.st_mk, p->lv.mk);
    yy = ly_opt_line(c, p->it, NOTE, yy, &any, tx, tw, &p->lv.st_note, p->lv.note);
    if (p->it[SPK].on)
        ly_text(c, tx, yy + c->gs, tw, &p->st_spk, COL_BG, p->spk.buf);
}

/* A session of the NEXT list within budget (BUDGET_MIN: its smallest form;
 * BUDGET_TITLE: that with its whole title). whole: show it only with its whole title
 * (better left out than cut). Returns the height used (0: left out). */
static int blk_next(ly_ctx *c, const agenda_session *se, int x, int y, int w, int budget,
                    bool whole, bool timed)
{
    next_parts p;
    p.tw = w - ly_band_w(c) - c->gs * 2;
    if (p.tw <= 0)
        return 0;
    next_prepare(c, se, &p, timed);
    int least = ly_items_min(p.it, N_NEXT, c->gs);
    if (budget == BUDGET_MIN)
        budget = least;
    else if (budget == BUDGET_TITLE)
        budget = least + (p.tf.whole ? p.it[TITLE_X].h : 0);
    int h = ly_choose_items(p.it, N_NEXT, budget, c->gs);
    if ((timed && !p.it[IN].on) || !p.it[TITLE].on || (whole && p.tf.rest && !p.it[TITLE_X].on))
        return 0;
    ly_style st_t = ly_title_given(c, &p.tf, p.title, p.tw, p.it[TITLE_X].on, budget - h);
    h += ly_sty_h(&st_t) - (p.tf.first + (p.it[TITLE_X].on ? p.tf.rest : 0));
    if (c->emit)
        next_place(c, se, &p, &st_t, x, y, h);
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

/* "+N more" under the NEXT list: its text and style. */
static ly_style next_more(const ly_ctx *c, size_t n, char *buf, size_t cap)
{
    i18n_format_more(c->lang, (int64_t)n, false, buf, cap);
    return ly_for_text(c, ly_sty(c, 2.6, 2.0, 1, COL_TEXT2, false), buf);
}

/* Height a next-session block would take within budget, emitting nothing. */
static int measure_next(ly_ctx *c, const agenda_session *se, int w, int budget, bool whole)
{
    bool saved = c->emit;
    c->emit = false;
    int h = budget > 0 || budget == BUDGET_MIN || budget == BUDGET_TITLE
                ? blk_next(c, se, 0, 0, w, budget, whole, true)
                : 0;
    c->emit = saved;
    return h;
}

/* Height a next-session block would take within budget, emitting nothing; the
 * smallest forms (BUDGET_MIN, BUDGET_TITLE) of the first of several sessions starting
 * together include "+N more" under it. */
int ly_measure_next(ly_ctx *c, const agenda_session *se, int w, int budget, bool whole)
{
    int h = measure_next(c, se, w, budget, whole);
    if (h && (budget == BUDGET_MIN || budget == BUDGET_TITLE) && c->s->n_next > 1 &&
        se == c->s->next[0]) {
        char more[I18N_BUF];
        ly_style st_more = next_more(c, c->s->n_next - 1, more, sizeof(more));
        h += c->gs + ly_sty_h(&st_more);
    }
    return h;
}

/* Height of a next session that starts with the entry above it (no time of its own),
 * emitting nothing. */
static int measure_untimed(ly_ctx *c, const agenda_session *se, int w, int budget)
{
    bool saved = c->emit;
    c->emit = false;
    int h = budget > 0 || budget == BUDGET_TITLE ? blk_next(c, se, 0, 0, w, budget, false, false) : 0;
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

/* The NEXT list from its first entry on, under y + used (the first entry is placed):
 * the other sessions starting with it (without their time: they share the first's;
 * with their hall, title and marks, the room left to the others), as many as fit
 * above `reserve` pixels, then "+N more" for those left out (above
 * `reserve_min`: the count comes before the longer forms of "Elsewhere now"); when all
 * of them show, the hall's following sessions (each with its time and its whole
 * title, or not at all) up to MAX_NEXT entries in all. Returns the new `used`. */
static int side_rest(ly_ctx *c, int x, int y, int w, int budget, int used, int reserve,
                     int reserve_min)
{
    const sched_state *s = c->s;
    char more[I18N_BUF];
    size_t k = 1;
    for (; k < s->n_next; k++) {
        ly_style st_more = next_more(c, s->n_next - k - 1, more, sizeof(more));
        int after = k + 1 < s->n_next ? c->gs + ly_sty_h(&st_more) : 0;
        int room = budget - used - c->gb - reserve - after;
        int titled = measure_untimed(c, s->next[k], w, BUDGET_TITLE);
        if (titled && titled < room) /* its hall and title: room for the others */
            room = titled;
        if (room <= 0 || measure_untimed(c, s->next[k], w, room) <= 0)
            break;
        used += c->gb + blk_next(c, s->next[k], x, y + used + c->gb, w, room, false, false);
    }
    if (k < s->n_next) {
        ly_style st_more = next_more(c, s->n_next - k, more, sizeof(more));
        if (used + c->gs + ly_sty_h(&st_more) <= budget - reserve_min) {
            ly_text(c, x, y + used + c->gs, w, &st_more, COL_BG, more);
            used += c->gs + ly_sty_h(&st_more);
        }
        return used;
    }
    const agenda_session *nx[MAX_NEXT];
    size_t n = ly_next_list(c, nx, MAX_NEXT);
    for (size_t i = s->n_next ? s->n_next : 1; i < n; i++) {
        int room = budget - used - c->gb - reserve;
        if (room <= 0 || measure_next(c, nx[i], w, room, true) <= 0)
            break;
        used += c->gb + blk_next(c, nx[i], x, y + used + c->gb, w, room, true, true);
    }
    return used;
}

/* NEXT: its label and first session, then the rest of the list (side_rest), within
 * budget less `els_min` (the smallest "Elsewhere now", which comes after the first
 * session's smallest form but before its optional lines) and `els` (the whole of it,
 * kept for after the list). Returns the height used. */
static int side_next(ly_ctx *c, int x, int y, int w, int budget, int els, int els_min)
{
    const agenda_session *nx[1];
    if (!ly_next_list(c, nx, 1))
        return 0;
    ly_style st_label = ly_label_style(c, I18N_NEXT);
    int lab = ly_sty_h(&st_label);
    int first_budget = budget - lab - c->gs - (els_min ? c->gsec + els_min : 0);
    int first = measure_next(c, nx[0], w, first_budget, false);
    if (!first) {
        first_budget = budget - lab - c->gs;
        first = measure_next(c, nx[0], w, first_budget, false);
    }
    if (!first)
        return 0;
    /* Sessions starting with the first one: it keeps its whole title but leaves its
     * optional lines to them. */
    if (c->s->n_next > 1) {
        char more[I18N_BUF];
        ly_style st_more = next_more(c, c->s->n_next - 1, more, sizeof(more));
        int mh = c->gs + ly_sty_h(&st_more); /* room kept for "+N more" */
        if (measure_next(c, nx[0], w, first_budget - mh, false) > 0)
            first_budget -= mh;
        int titled = measure_next(c, nx[0], w, BUDGET_TITLE, false);
        if (titled && titled <= first_budget)
            first_budget = titled;
    }
    ly_text(c, x, y, w, &st_label, COL_BG, i18n_word(c->lang, I18N_NEXT));
    int used = lab + c->gs;
    used += blk_next(c, nx[0], x, y + used, w, first_budget, false, true);
    return side_rest(c, x, y, w, budget, used, els ? c->gsec + els : 0,
                     els_min ? c->gsec + els_min : 0);
}

/* A side column: NEXT (side_next), "Elsewhere now", then an info card if with_card.
 * Priority: first next session, elsewhere, the other next sessions, the card.
 * Returns the height used. */
int ly_sec_side(ly_ctx *c, int x, int y, int w, int budget, bool with_card)
{
    int els = ly_measure_elsewhere(c, w, budget), els_min = ly_measure_elsewhere(c, w, BUDGET_MIN);
    int used = side_next(c, x, y, w, budget, els, els_min);
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
