/* now.c - what is on now: the NOW section (heading, the current sessions sharing the
 * room, "+N more in progress", cancelled sessions) and one current session's block
 * (band, title, marks, note, subtitle, speakers, chair, hall and times, progress).
 */
#include "layout_int.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "layout_alert.h"

void ly_live_lines(const ly_ctx *c, const agenda_session *se, ly_live *l)
{
    bool warn = layout_alert_marks(c->a, se, c->lang, l->mk, sizeof(l->mk));
    l->note = ly_tr(c, &se->note);
    l->st_mk = ly_for_text(c, ly_sty(c, 2.6, 2.0, 1, warn ? COL_WARN : COL_ACCENT, true), l->mk);
    l->st_note = ly_for_text(c, ly_sty(c, 2.6, 2.0, 1, COL_TEXT, false), l->note);
}

/* A current session: band, title, subtitle, speakers, chair, hall and times, progress.
 * When room runs out: its hall and times, its progress and NOW_TITLE_LINES lines of
 * title are never dropped (budget BUDGET_MIN: that smallest form); the title shrinks
 * to its smallest size, then takes more lines, then the note and speakers go, then
 * the subtitle; a title longer than what is left is cut with an ellipsis. */
static int blk_now(ly_ctx *c, const agenda_session *se, int x, int y, int w, int budget)
{
    enum { TITLE, TITLE_X, MARK, NOTE, SUB, SUB_X, SPK, SPK_X, CHAIR, TIMES, PROG, N };
    int band = ly_band_w(c), tx = x + band + c->gs * 2, tw = w - band - c->gs * 2;
    if (tw <= 0)
        return 0;
    const char *title = ly_tr(c, &se->title), *sub = ly_tr(c, &se->subtitle);
    if (!title)
        title = se->id;
    ly_title_fit tf = ly_fit_title(c, title, c->title_max, tw, c->portrait ? 4 : 3,
                                   c->now_lines ? c->now_lines : NOW_TITLE_LINES);
    ly_style st_sub = ly_for_text(c, ly_sty(c, 3.2, 2.4, 1, COL_TEXT2, false), sub);
    if (sub && *sub) /* up to two lines, the second one only when there is room */
        st_sub = ly_fitted_style(st_sub, ly_fit(c, &st_sub, sub, tw, 2, INT_MAX, false));
    ly_style st_spk = ly_sty(c, 3.0, 2.2, 1, COL_TEXT2, false);
    ly_style st_chair = ly_sty(c, 2.8, 2.1, 1, COL_TEXT2, false);
    ly_style st_times = ly_sty(c, 2.8, 2.0, 1, COL_TEXT2, false);
    char left[I18N_BUF];
    i18n_format_minutes(c->lang, I18N_SPAN_LEFT, ly_minutes_until(c->s->at, se->end), left,
                        sizeof(left));
    ly_style st_left = ly_for_text(c, ly_sty(c, 2.8, 2.2, 1, COL_TEXT, true), left);
    st_left.align = TEXTLAY_ALIGN_END;

    /* Speakers with their roles on up to 2 (portrait 3) lines, or fewer. */
    ly_sbuf spk, chair, times;
    int spk_cap = c->portrait ? 3 : 2, sl = 0;
    if (se->n_speakers) {
        ly_people_fit(c, &spk, se->speakers, se->n_speakers, true, &st_spk, tw, spk_cap);
        st_spk = ly_for_text(c, st_spk, spk.buf);
        sl = imin(spk_cap, ly_lines(c, spk.buf, st_spk.min_px, tw, false));
    } else {
        ly_sb_init(&spk);
    }
    ly_sb_init(&chair);
    if (se->n_chair) {
        ly_sbuf who;
        ly_people_fit(c, &who, se->chair, se->n_chair, true, &st_chair, tw, 1);
        ly_sb_put(&chair, i18n_word(c->lang, I18N_CHAIR));
        ly_sb_put(&chair, i18n_word(c->lang, I18N_COLON));
        ly_sb_put(&chair, who.buf);
        st_chair = ly_for_text(c, st_chair, chair.buf);
    }
    ly_sb_init(&times);
    ly_sb_session_times(c, &times, se);
    st_times = ly_for_text(c, st_times, times.buf);
    st_times = ly_fitted_style(st_times, ly_fit(c, &st_times, times.buf, tw, c->a->n_zones > 2 ? 2 : 1,
                                          INT_MAX, false));

    int prog_row = ly_sty_line(&st_left);
    ly_live lv;
    ly_live_lines(c, se, &lv);
    ly_item it[N] = {
        [TITLE] = {tf.first, 0, false, false},
        [TITLE_X] = {tf.rest, 1, true, false},
        [MARK] = {lv.mk[0] ? ly_sty_h(&lv.st_mk) : 0, 0, false, false},
        [NOTE] = {lv.note && *lv.note ? ly_sty_h(&lv.st_note) : 0, 4, false, false},
        [SUB] = {sub && *sub ? ly_sty_line(&st_sub) : 0, 5, false, false},
        [SUB_X] = {sub && *sub ? ly_sty_h(&st_sub) - ly_sty_line(&st_sub) : 0, 8, true, false},
        [SPK] = {spk.len ? ly_sty_line(&st_spk) : 0, 4, false, false},
        [SPK_X] = {sl > 1 ? (sl - 1) * ly_sty_line(&st_spk) : 0, 6, true, false},
        [CHAIR] = {chair.len ? ly_sty_h(&st_chair) : 0, 7, false, false},
        [TIMES] = {ly_sty_h(&st_times), 0, false, false},
        [PROG] = {prog_row, 0, false, false},
    };
    bool smallest = budget == BUDGET_MIN;
    if (smallest)
        budget = ly_items_min(it, N, c->gs);
    int h = ly_choose_items(it, N, budget, c->gs);
    if (!it[TITLE].on || !it[TIMES].on || !it[PROG].on)
        return 0;
    ly_style st_t = ly_title_given(c, &tf, title, tw, it[TITLE_X].on, budget - h);
    h += ly_sty_h(&st_t) - (tf.first + (it[TITLE_X].on ? tf.rest : 0));
    if (!c->emit) /* the smallest form: what a budget must give for it to be chosen */
        return smallest ? imax(h, budget) : h;

    ly_fill(c, x, y, band, h, ly_track_color(c, se, COL_BAND), COL_BG);
    bool any = false;
    int yy = y;
    yy = ly_item_y(it, TITLE, yy, &any, c->gs);
    ly_text(c, tx, yy, tw, &st_t, COL_BG, title);
    yy += ly_sty_h(&st_t);
    yy = ly_opt_line(c, it, MARK, yy, &any, tx, tw, &lv.st_mk, lv.mk);
    yy = ly_opt_line(c, it, NOTE, yy, &any, tx, tw, &lv.st_note, lv.note);
    if (it[SUB].on) {
        yy = ly_item_y(it, SUB, yy, &any, c->gs);
        st_sub.lines = it[SUB_X].on ? st_sub.lines : 1;
        ly_text(c, tx, yy, tw, &st_sub, COL_BG, sub);
        yy += ly_sty_h(&st_sub);
    }
    if (it[SPK].on) {
        yy = ly_item_y(it, SPK, yy, &any, c->gs);
        st_spk.lines = it[SPK_X].on ? sl : 1;
        if (!it[SPK_X].on && sl > 1) /* one line: the names that fit it */
            ly_people_fit(c, &spk, se->speakers, se->n_speakers, true, &st_spk, tw, 1);
        ly_text(c, tx, yy, tw, &st_spk, COL_BG, spk.buf);
        yy += ly_sty_h(&st_spk);
    }
    if (it[CHAIR].on) {
        yy = ly_item_y(it, CHAIR, yy, &any, c->gs);
        ly_text(c, tx, yy, tw, &st_chair, COL_BG, chair.buf);
        yy += ly_sty_h(&st_chair);
    }
    if (it[TIMES].on) {
        yy = ly_item_y(it, TIMES, yy, &any, c->gs);
        ly_text(c, tx, yy, tw, &st_times, COL_BG, times.buf);
        yy += ly_sty_h(&st_times);
    }
    if (it[PROG].on) {
        yy = ly_item_y(it, PROG, yy, &any, c->gs);
        int lw = tw * 3 / 10, bw = tw - lw - c->gb;
        int bh = imax(4, ly_upx(c, 1.2));
        layout_box *b = ly_push(c, LAYOUT_PROGRESS, tx, yy + (prog_row - bh) / 2, bw, bh);
        if (b) {
            b->color = ly_track_color(c, se, COL_BAR);
            b->bg = COL_GROOVE;
            b->progress = sched_progress(se, c->s->at);
        }
        ly_text(c, tx + tw - lw, yy, lw, &st_left, COL_BG, left);
    }
    return h;
}

/* Height of a current session's smallest form (0: not even that fits w). */
static int measure_now(ly_ctx *c, const agenda_session *se, int w)
{
    bool saved = c->emit;
    c->emit = false;
    int h = blk_now(c, se, 0, 0, w, BUDGET_MIN);
    c->emit = saved;
    return h;
}

/* One line in a warning colour: "Cancelled · Title" (or text as given). Returns its
 * height; emits it when c->emit. */
static int line_cancelled(ly_ctx *c, const agenda_session *se, const char *given, int x, int y,
                          int w)
{
    ly_sbuf b;
    ly_sb_init(&b);
    if (given) {
        ly_sb_put(&b, given);
    } else {
        ly_sb_put(&b, i18n_word(c->lang, I18N_CANCELLED));
        ly_sb_put(&b, " · ");
        const char *t = ly_tr(c, &se->title);
        ly_sb_put(&b, t ? t : se->id);
    }
    ly_style st = ly_for_text(c, ly_sty(c, 2.8, 2.0, 1, COL_WARN, false), b.buf);
    ly_text(c, x, y, w, &st, COL_BG, b.buf);
    return ly_sty_h(&st);
}

/* Cancelled sessions of now: one or two lines ("+N more" when there are more). */
int ly_blk_cancelled(ly_ctx *c, int x, int y, int w, int budget)
{
    size_t n = c->s->n_cancelled_now;
    if (!n)
        return 0;
    int h = 0;
    for (size_t i = 0; i < n && i < 2; i++) {
        bool more = i == 1 && n > 2;
        char m[I18N_BUF];
        if (more)
            i18n_format_more(c->lang, (int64_t)(n - 1), false, m, sizeof(m));
        const agenda_session *se = more ? NULL : c->s->cancelled_now[i];
        bool saved = c->emit;
        c->emit = false;
        int line = line_cancelled(c, se, more ? m : NULL, 0, 0, w);
        c->emit = saved;
        int need = h + (h ? c->gs : 0) + line;
        if (need > budget)
            break;
        line_cancelled(c, se, more ? m : NULL, x, y + h + (h ? c->gs : 0), w);
        h = need;
    }
    return h;
}

/* Places NOW's heading, k sessions with heights per[], "+N more in progress" and the
 * cancelled sessions; returns the height. */
static int now_place(ly_ctx *c, int x, int y, int w, int budget, size_t k, const int *per,
                     const ly_style *st_label, const ly_style *st_more)
{
    const sched_state *s = c->s;
    size_t n = s->n_now;
    int yy = y, more_h = ly_sty_h(st_more);
    ly_text(c, x, yy, w, st_label, COL_BG, i18n_word(c->lang, I18N_NOW));
    yy += ly_sty_h(st_label) + c->gs;
    size_t shown = 0;
    for (; shown < k; shown++) {
        /* A later title in a taller script may not fit the share: stop there. */
        int h = blk_now(c, s->now[shown], x, yy + (shown ? c->gb : 0), w, per[shown]);
        if (!h)
            break;
        yy += (shown ? c->gb : 0) + h;
    }
    if (n > shown && budget - (yy - y) >= c->gs + more_h) {
        char more[I18N_BUF];
        i18n_format_more(c->lang, (int64_t)(n - shown), true, more, sizeof(more));
        yy += c->gs;
        ly_text(c, x, yy, w, st_more, COL_BG, more);
        yy += more_h;
    }
    int room = budget - (yy - y) - c->gb;
    int ch = room > 0 ? ly_blk_cancelled(c, x, yy + c->gb, w, room) : 0;
    if (ch)
        yy += c->gb + ch;
    return yy - y;
}

/* The smallest form (first[]) and the form with the whole title (need[]) of the first
 * k current sessions in width w, with c->now_lines lines of title at least. */
static void now_forms(ly_ctx *c, size_t k, int w, int *first, int *need)
{
    int band = ly_band_w(c), tw = w - band - c->gs * 2;
    for (size_t i = 0; i < k; i++) {
        const agenda_session *se = c->s->now[i];
        const char *t = ly_tr(c, &se->title);
        ly_title_fit tf = ly_fit_title(c, t ? t : se->id, c->title_max, tw, c->portrait ? 4 : 3,
                                       c->now_lines);
        first[i] = measure_now(c, se, w);
        need[i] = first[i] + (tf.whole ? tf.rest : 0);
    }
}

/* How many of the first k current sessions get their smallest form in budget (then
 * *room is what is left for them), 0 when not even one does. */
static size_t now_fit(const ly_ctx *c, size_t k, const int *first, int budget, int fixed,
                      int more_h, int *room)
{
    size_t n = c->s->n_now;
    for (; k > 0; k--) {
        *room = budget - fixed - (n > k ? c->gs + more_h : 0) - (int)(k - 1) * c->gb;
        int sum = 0;
        for (size_t i = 0; i < k; i++)
            sum += first[i] > 0 ? first[i] : *room + 1;
        if (sum <= *room)
            return k;
    }
    return 0;
}

/* NOW: heading, the first current sessions, "+N more in progress", cancelled ones.
 * As many sessions as get their smallest form each (NOW_TITLE_LINES lines of title,
 * hall and times, progress; one line of title when not even one session gets two);
 * then, in order, each gets its whole title (when it can be whole at all) while room
 * lasts, and what is left is shared evenly (subtitles, speakers...). */
int ly_sec_now(ly_ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    size_t n = s->n_now, kmax = c->portrait ? 3 : 2;
    size_t k = n < kmax ? n : kmax;
    if (!n)
        return 0;
    char more[I18N_BUF];
    i18n_format_more(c->lang, (int64_t)(n - k), true, more, sizeof(more));
    ly_style st_label = ly_label_style(c, I18N_NOW);
    ly_style st_more = ly_for_text(c, ly_sty(c, 2.8, 2.0, 1, COL_TEXT2, false), more);
    int label_h = ly_sty_h(&st_label), more_h = ly_sty_h(&st_more);
    /* One "Cancelled" line is worth more than the optional lines of the sessions. */
    int fixed = label_h + c->gs + (s->n_cancelled_now ? c->gb + more_h : 0);
    int first[3] = {0, 0, 0}, need[3] = {0, 0, 0}, room = 0;
    c->now_lines = NOW_TITLE_LINES;
    now_forms(c, k, w, first, need);
    size_t fit = now_fit(c, k, first, budget, fixed, more_h, &room);
    if (fit == 0) {
        c->now_lines = 1;
        now_forms(c, k, w, first, need);
        fit = now_fit(c, k, first, budget, fixed, more_h, &room);
    }
    if ((k = fit) == 0)
        return 0;
    int per[3] = {0, 0, 0};
    for (size_t i = 0; i < k; i++) {
        per[i] = first[i];
        room -= first[i];
    }
    for (size_t i = 0; i < k; i++)
        if (need[i] > per[i] && need[i] - per[i] <= room) {
            room -= need[i] - per[i];
            per[i] = need[i];
        }
    for (size_t i = 0; i < k; i++)
        per[i] += room / (int)k;
    return now_place(c, x, y, w, budget, k, per, &st_label, &st_more);
}
