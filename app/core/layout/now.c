/* now.c - what is on now: the NOW section (heading, the current sessions sharing the
 * room, pages of them with "page k/n" when they do not all fit, cancelled sessions) and one current session's block
 * (band, title, marks, note, subtitle, speakers, chair, hall and times, progress).
 *
 * On a hall's board, the QR code of the first current session's url stands beside the
 * section, at its end side, top-aligned, at the size qr.h states for the screen; the
 * section's text takes the rest of the width. When that would leave the text less
 * than NOW_QR_TEXT_SHARE of the width, cut a word of the first title or not fit, the
 * code goes under the section (end side) if the budget holds both; else it is left
 * out (what is on now comes first).
 */
#include "layout_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout_alert.h"

#define NOW_QR_TEXT_SHARE 50 /* % of the section's width its text keeps beside a QR code */

/* One page of NOW: the current sessions [first, first + k) with `lines` lines of
 * title at least each. */
typedef struct {
    size_t first, k;
    int lines;
} now_group;

void ly_live_lines(const ly_ctx *c, const agenda_session *se, ly_live *l)
{
    bool warn = layout_alert_marks(c->a, se, c->lang, l->mk, sizeof(l->mk));
    l->note = ly_tr(c, &se->note);
    l->st_mk = ly_for_text(c, ly_sty(c, 2.6, 2.0, 1, warn ? COL_WARN : COL_ACCENT, true), l->mk);
    l->st_note = ly_for_text(c, ly_sty(c, 2.6, 2.0, 1, COL_TEXT, false), l->note);
}

/* The lines of a current session's block, as items (chosen by priority). */
enum { TITLE, TITLE_X, MARK, NOTE, SUB, SUB_X, SPK, SPK_X, CHAIR, TIMES, PROG, N_NOW };

/* A current session's block, prepared: its texts, styles and items. */
typedef struct {
    const char *title, *sub;
    ly_title_fit tf;
    ly_style st_sub, st_spk, st_chair, st_times, st_left;
    ly_sbuf spk, chair, times;
    char left[I18N_BUF];
    ly_live lv;
    int sl;       /* lines of speakers when all of them show */
    int tw;       /* width of the text column */
    ly_item it[N_NOW];
} now_parts;

/* Speakers (with their roles, up to 2 lines, portrait 3) and chair of se. */
static void now_people(ly_ctx *c, const agenda_session *se, now_parts *p)
{
    int spk_cap = c->portrait ? 3 : 2;
    p->st_spk = ly_sty(c, 3.0, 2.2, 1, COL_TEXT2, false);
    p->st_chair = ly_sty(c, 2.8, 2.1, 1, COL_TEXT2, false);
    p->sl = 0;
    ly_sb_init(&p->spk);
    if (se->n_speakers) {
        ly_people_fit(c, &p->spk, se->speakers, se->n_speakers, true, &p->st_spk, p->tw, spk_cap);
        p->st_spk = ly_for_text(c, p->st_spk, p->spk.buf);
        p->sl = imin(spk_cap, ly_lines(c, p->spk.buf, p->st_spk.min_px, p->tw, false));
    }
    ly_sb_init(&p->chair);
    if (se->n_chair) {
        ly_sbuf who;
        ly_people_fit(c, &who, se->chair, se->n_chair, true, &p->st_chair, p->tw, 1);
        ly_sb_put(&p->chair, i18n_word(c->lang, I18N_CHAIR));
        ly_sb_put(&p->chair, i18n_word(c->lang, I18N_COLON));
        ly_sb_put(&p->chair, who.buf);
        p->st_chair = ly_for_text(c, p->st_chair, p->chair.buf);
    }
}

/* Prepares se's block in text width p->tw: texts, styles, items and their priorities
 * (0: never dropped). */
static void now_prepare(ly_ctx *c, const agenda_session *se, now_parts *p)
{
    int tw = p->tw;
    p->title = ly_tr(c, &se->title), p->sub = ly_tr(c, &se->subtitle);
    if (!p->title)
        p->title = se->id;
    bool has_sub = p->sub && *p->sub;
    p->tf = ly_fit_title(c, p->title, c->title_max, tw, c->portrait ? 4 : 3,
                         c->now_lines ? c->now_lines : NOW_TITLE_LINES);
    p->st_sub = ly_for_text(c, ly_sty(c, 3.2, 2.4, 1, COL_TEXT2, false), p->sub);
    if (has_sub) /* up to two lines, the second one only when there is room */
        p->st_sub = ly_fitted_style(p->st_sub, ly_fit(c, &p->st_sub, p->sub, tw, 2, INT_MAX, false));
    i18n_format_minutes(c->lang, I18N_SPAN_LEFT, ly_minutes_until(c->s->at, se->end), p->left,
                        sizeof(p->left));
    p->st_left = ly_for_text(c, ly_sty(c, 2.8, 2.2, 1, COL_TEXT, true), p->left);
    p->st_left.align = TEXTLAY_ALIGN_END;
    now_people(c, se, p);
    ly_sb_init(&p->times);
    ly_sb_session_times(c, &p->times, se);
    p->st_times = ly_for_text(c, ly_sty(c, 2.8, 2.0, 1, COL_TEXT2, false), p->times.buf);
    p->st_times = ly_fitted_style(p->st_times, ly_fit(c, &p->st_times, p->times.buf, tw,
                                                      c->a->n_zones > 2 ? 2 : 1, INT_MAX, false));
    ly_live_lines(c, se, &p->lv);
    const ly_live *lv = &p->lv;
    ly_item it[N_NOW] = {
        [TITLE] = {p->tf.first, 0, false, false},
        [TITLE_X] = {p->tf.rest, 1, true, false},
        [MARK] = {lv->mk[0] ? ly_sty_h(&lv->st_mk) : 0, 0, false, false},
        [NOTE] = {lv->note && *lv->note ? ly_sty_h(&lv->st_note) : 0, 4, false, false},
        [SUB] = {has_sub ? ly_sty_line(&p->st_sub) : 0, 5, false, false},
        [SUB_X] = {has_sub ? ly_sty_h(&p->st_sub) - ly_sty_line(&p->st_sub) : 0, 8, true, false},
        [SPK] = {p->spk.len ? ly_sty_line(&p->st_spk) : 0, 4, false, false},
        [SPK_X] = {p->sl > 1 ? (p->sl - 1) * ly_sty_line(&p->st_spk) : 0, 6, true, false},
        [CHAIR] = {p->chair.len ? ly_sty_h(&p->st_chair) : 0, 7, false, false},
        [TIMES] = {ly_sty_h(&p->st_times), 0, false, false},
        [PROG] = {ly_sty_line(&p->st_left), 0, false, false},
    };
    memcpy(p->it, it, sizeof(it));
}

/* The progress bar and "N min left" of se in a row at y. */
static void now_progress(ly_ctx *c, const agenda_session *se, const now_parts *p, int tx, int y)
{
    int tw = p->tw, lw = tw * 3 / 10, bw = tw - lw - c->gb;
    int row = ly_sty_line(&p->st_left), bh = imax(4, ly_upx(c, 1.2));
    layout_box *b = ly_push(c, LAYOUT_PROGRESS, tx, y + (row - bh) / 2, bw, bh);
    if (b) {
        b->color = ly_track_color(c, se, COL_BAR);
        b->bg = COL_GROOVE;
        b->progress = sched_progress(se, c->s->at);
    }
    ly_text(c, tx + tw - lw, y, lw, &p->st_left, COL_BG, p->left);
}

/* Emits the chosen lines of se's block from y at text column tx, the title in st_t. */
static void now_place_lines(ly_ctx *c, const agenda_session *se, now_parts *p, int tx, int y,
                            const ly_style *st_t)
{
    const ly_item *it = p->it;
    int tw = p->tw;
    bool any = false;
    int yy = ly_item_y(it, TITLE, y, &any, c->gs);
    ly_text(c, tx, yy, tw, st_t, COL_BG, p->title);
    yy += ly_sty_h(st_t);
    yy = ly_opt_line(c, it, MARK, yy, &any, tx, tw, &p->lv.st_mk, p->lv.mk);
    yy = ly_opt_line(c, it, NOTE, yy, &any, tx, tw, &p->lv.st_note, p->lv.note);
    if (it[SUB].on) {
        yy = ly_item_y(it, SUB, yy, &any, c->gs);
        p->st_sub.lines = it[SUB_X].on ? p->st_sub.lines : 1;
        ly_text(c, tx, yy, tw, &p->st_sub, COL_BG, p->sub);
        yy += ly_sty_h(&p->st_sub);
    }
    if (it[SPK].on) {
        yy = ly_item_y(it, SPK, yy, &any, c->gs);
        p->st_spk.lines = it[SPK_X].on ? p->sl : 1;
        if (!it[SPK_X].on && p->sl > 1) /* one line: the names that fit it */
            ly_people_fit(c, &p->spk, se->speakers, se->n_speakers, true, &p->st_spk, tw, 1);
        ly_text(c, tx, yy, tw, &p->st_spk, COL_BG, p->spk.buf);
        yy += ly_sty_h(&p->st_spk);
    }
    yy = ly_opt_line(c, it, CHAIR, yy, &any, tx, tw, &p->st_chair, p->chair.buf);
    yy = ly_opt_line(c, it, TIMES, yy, &any, tx, tw, &p->st_times, p->times.buf);
    if (it[PROG].on)
        now_progress(c, se, p, tx, ly_item_y(it, PROG, yy, &any, c->gs));
}

/* A current session: band, title, subtitle, speakers, chair, hall and times, progress.
 * When room runs out: its hall and times, its progress and NOW_TITLE_LINES lines of
 * title are never dropped (budget BUDGET_MIN: that smallest form); the title shrinks
 * to its smallest size, then takes more lines, then the note and speakers go, then
 * the subtitle; a title longer than what is left is cut with an ellipsis. */
static int blk_now(ly_ctx *c, const agenda_session *se, int x, int y, int w, int budget)
{
    int band = ly_band_w(c);
    now_parts parts, *p = &parts;
    p->tw = w - band - c->gs * 2;
    if (p->tw <= 0)
        return 0;
    now_prepare(c, se, p);
    bool smallest = budget == BUDGET_MIN;
    if (smallest)
        budget = ly_items_min(p->it, N_NOW, c->gs);
    int h = ly_choose_items(p->it, N_NOW, budget, c->gs);
    if (!p->it[TITLE].on || !p->it[TIMES].on || !p->it[PROG].on)
        return 0;
    bool rest = p->it[TITLE_X].on;
    ly_style st_t = ly_title_given(c, &p->tf, p->title, p->tw, rest, budget - h);
    h += ly_sty_h(&st_t) - (p->tf.first + (rest ? p->tf.rest : 0));
    if (!c->emit) /* the smallest form: what a budget must give for it to be chosen */
        return smallest ? imax(h, budget) : h;
    ly_fill(c, x, y, band, h, ly_track_color(c, se, COL_BAND), COL_BG);
    now_place_lines(c, se, p, x + band + c->gs * 2, y, &st_t);
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

/* NOW's heading, with "page k/n" at its end side when the sessions turn pages;
 * returns the height of the line. */
static int now_heading(ly_ctx *c, int x, int y, int w, const ly_style *st_label, size_t page,
                       size_t pages)
{
    int pw = ly_page_mark(c, x + w, y, w, st_label, page, pages);
    ly_text(c, x, y, w - pw - (pw ? c->gb : 0), st_label, COL_BG, i18n_word(c->lang, I18N_NOW));
    return ly_sty_h(st_label);
}

/* Places NOW's heading (with the page mark), the page's sessions g with heights per[],
 * "+N more in progress" for those on no page, and the cancelled sessions; returns the
 * height. */
static int now_place(ly_ctx *c, int x, int y, int w, int budget, const now_group *g,
                     size_t page, size_t pages, const int *per, const ly_style *st_label,
                     const ly_style *st_more)
{
    const sched_state *s = c->s;
    int yy = y, more_h = ly_sty_h(st_more);
    yy += now_heading(c, x, yy, w, st_label, page, pages) + c->gs;
    size_t shown = 0;
    for (; shown < g->k; shown++) {
        /* A later title in a taller script may not fit the share: stop there. */
        const agenda_session *se = s->now[g->first + shown];
        int h = blk_now(c, se, x, yy + (shown ? c->gb : 0), w, per[shown]);
        if (!h)
            break;
        yy += (shown ? c->gb : 0) + h;
    }
    size_t left = g->k - shown + (page + 1 == pages ? s->n_now - g->first - g->k : 0);
    if (left && budget - (yy - y) >= c->gs + more_h) {
        char more[I18N_BUF];
        i18n_format_more(c->lang, (int64_t)left, true, more, sizeof(more));
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

/* The smallest form (first[]) and the form with the whole title (need[]) of the k
 * current sessions from `from` in width w, with c->now_lines lines of title at least. */
static void now_forms(ly_ctx *c, size_t from, size_t k, int w, int *first, int *need)
{
    int band = ly_band_w(c), tw = w - band - c->gs * 2;
    for (size_t i = 0; i < k; i++) {
        const agenda_session *se = c->s->now[from + i];
        const char *t = ly_tr(c, &se->title);
        ly_title_fit tf = ly_fit_title(c, t ? t : se->id, c->title_max, tw, c->portrait ? 4 : 3,
                                       c->now_lines);
        first[i] = measure_now(c, se, w);
        need[i] = first[i] + (tf.whole ? tf.rest : 0);
    }
}

/* How many of the k current sessions from `from` get their smallest form in budget
 * (then *room is what is left for them), 0 when not even one does. On the last page
 * (last), a "+N more in progress" line for the sessions after them needs room too. */
static size_t now_fit(const ly_ctx *c, size_t from, size_t k, const int *first, int budget,
                      int fixed, int more_h, bool last, int *room)
{
    size_t n = c->s->n_now;
    for (; k > 0; k--) {
        bool more = last && n > from + k;
        *room = budget - fixed - (more ? c->gs + more_h : 0) - (int)(k - 1) * c->gb;
        int sum = 0;
        for (size_t i = 0; i < k; i++)
            sum += first[i] > 0 ? first[i] : *room + 1;
        if (sum <= *room)
            return k;
    }
    return 0;
}

/* The sessions of one page from `from`: as many as get their smallest form with
 * NOW_TITLE_LINES lines of title (one line when not even one gets two; c->now_lines
 * says which), at most NOW_PER_PAGE (landscape: one less); their forms in first[]
 * and need[], what is left in *room. 0 when not even one fits. */
static size_t now_page_fit(ly_ctx *c, size_t from, int w, int budget, int fixed, int more_h,
                           bool last, int *first, int *need, int *room)
{
    size_t n = c->s->n_now, kmax = c->portrait ? NOW_PER_PAGE : NOW_PER_PAGE - 1;
    size_t k = n - from < kmax ? n - from : kmax;
    c->now_lines = NOW_TITLE_LINES;
    now_forms(c, from, k, w, first, need);
    size_t fit = now_fit(c, from, k, first, budget, fixed, more_h, last, room);
    if (fit == 0) {
        c->now_lines = 1;
        now_forms(c, from, k, w, first, need);
        fit = now_fit(c, from, k, first, budget, fixed, more_h, last, room);
    }
    return fit;
}

/* The pages of the current sessions in order, each with as many as fit it (first page
 * first); at most NOW_MAX_PAGES (the sessions after the last page are counted there).
 * Returns the page count, 0 when not even the first session fits. */
static size_t now_groups(ly_ctx *c, int w, int budget, int fixed, int more_h, now_group *g)
{
    size_t n = c->s->n_now, pages = 0, from = 0;
    int first[NOW_PER_PAGE], need[NOW_PER_PAGE], room;
    while (from < n && pages < NOW_MAX_PAGES) {
        bool last = pages + 1 == NOW_MAX_PAGES;
        size_t k = now_page_fit(c, from, w, budget, fixed, more_h, last, first, need, &room);
        if (k == 0 && pages == 0)
            return 0;
        if (k == 0) /* a later session that fits nowhere: a page of its own (cut) */
            k = 1;
        g[pages++] = (now_group){from, k, c->now_lines};
        from += k;
    }
    return pages;
}

/* NOW: heading, the current sessions, cancelled ones. As many sessions as get their
 * smallest form each (NOW_TITLE_LINES lines of title, hall and times, progress; one
 * line of title when not even one session gets two); when they do not all fit, the
 * section turns pages (c->in->page, modulo their count: layout_result.pages), each
 * with the next ones that fit and "page k/n" by the heading. On a page, in order,
 * each gets its whole title (when it can be whole at all) while room lasts, and what
 * is left is shared evenly (subtitles, speakers...). Sets c->now_pages (0: nothing
 * fits) and, when emitting, out's pages and page. When it turns pages, the section
 * takes the whole budget on every page. */
static int now_section(ly_ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    size_t n = s->n_now;
    c->now_pages = 0;
    if (!n)
        return 0;
    char more[I18N_BUF];
    i18n_format_more(c->lang, (int64_t)n, true, more, sizeof(more));
    ly_style st_label = ly_label_style(c, I18N_NOW);
    ly_style st_more = ly_for_text(c, ly_sty(c, 2.8, 2.0, 1, COL_TEXT2, false), more);
    int label_h = ly_sty_h(&st_label), more_h = ly_sty_h(&st_more);
    /* One "Cancelled" line is worth more than the optional lines of the sessions. */
    int fixed = label_h + c->gs + (s->n_cancelled_now ? c->gb + more_h : 0);
    now_group g[NOW_MAX_PAGES];
    size_t pages = now_groups(c, w, budget, fixed, more_h, g);
    if (!pages)
        return 0;
    size_t page = c->in->page % pages;
    const now_group *pg = &g[page];
    int first[NOW_PER_PAGE], need[NOW_PER_PAGE], room = 0;
    c->now_lines = pg->lines;
    now_forms(c, pg->first, pg->k, w, first, need);
    if (!now_fit(c, pg->first, pg->k, first, budget, fixed, more_h, page + 1 == NOW_MAX_PAGES,
                 &room))
        room = 0; /* a session that fits nowhere: cut */
    c->now_pages = pages;
    if (c->emit) {
        c->out->pages = pages;
        c->out->page = page;
    }
    int per[NOW_PER_PAGE] = {0};
    for (size_t i = 0; i < pg->k; i++) {
        per[i] = first[i];
        room -= first[i];
    }
    room = imax(room, 0);
    for (size_t i = 0; i < pg->k; i++)
        if (need[i] > per[i] && need[i] - per[i] <= room) {
            room -= need[i] - per[i];
            per[i] = need[i];
        }
    for (size_t i = 0; i < pg->k; i++)
        per[i] += room / (int)pg->k;
    int h = now_place(c, x, y, w, budget, pg, page, pages, per, &st_label, &st_more);
    /* Pages take the whole budget, so that what comes after NOW stays put as they turn. */
    return pages > 1 ? imax(h, budget) : h;
}

/* Whether the title of se keeps all of its words in text width w (a column narrowed
 * for a QR code must not cut it). */
static bool title_whole(ly_ctx *c, const agenda_session *se, int w)
{
    const char *t = ly_tr(c, &se->title);
    int tw = w - ly_band_w(c) - c->gs * 2;
    return tw > 0 && ly_fit_title(c, t ? t : se->id, c->title_max, tw, c->portrait ? 4 : 3,
                                  NOW_TITLE_LINES).whole;
}

/* Height of now_section in w within budget, emitting nothing (0: it does not fit). */
static int measure_section(ly_ctx *c, int x, int y, int w, int budget)
{
    bool saved = c->emit;
    c->emit = false;
    int h = now_section(c, x, y, w, budget);
    c->emit = saved;
    return h;
}

/* NOW (now_section), with the QR code of the first current session's url on a hall's
 * board when the sessions on fit one page (a code never makes them turn pages):
 * beside the section (end side, top-aligned) when the text keeps NOW_QR_TEXT_SHARE of
 * the width and the first title keeps all its words there, else under it (end side)
 * when there is room; returns the height, code included. */
int ly_sec_now(ly_ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    const char *url = s->n_now ? s->now[0]->url : NULL;
    int q = 0;
    if (c->in->hall >= 0)
        q = ly_qr_side(c, url);
    if (q <= 0 || q > w || q > budget || !measure_section(c, x, y, w, budget) ||
        c->now_pages != 1)
        return now_section(c, x, y, w, budget);
    int tw = w - q - c->gb;
    if (tw * 100 >= w * NOW_QR_TEXT_SHARE && title_whole(c, s->now[0], tw) &&
        measure_section(c, x, y, tw, budget) && c->now_pages == 1) {
        int h = now_section(c, x, y, tw, budget);
        ly_media(c, LAYOUT_QR, x + w - q, y, q, q, url);
        return imax(h, q);
    }
    int below = budget - q - c->gb;
    int h = below > 0 ? measure_section(c, x, y, w, below) : 0;
    if (!h || c->now_pages != 1)
        return now_section(c, x, y, w, budget);
    h = now_section(c, x, y, w, below);
    ly_media(c, LAYOUT_QR, x + w - q, y + h + c->gb, q, q, url);
    return h + c->gb + q;
}
