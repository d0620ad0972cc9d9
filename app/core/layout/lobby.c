/* lobby.c - the lobby view: a row per hall with its name, what is on now (title, time
 * left, progress) and what comes next (time, title), for a screen in a venue's lobby.
 *
 * The rows (layout_lobby_halls) come from one pass over the agenda at an instant: the
 * sessions in progress, then the next start of every hall; halls in the feed's order
 * or the configured list, idle halls (nothing on now, nothing more this conference
 * day) last or left out. The arrangement (ly_arrange_lobby) gives every row the same
 * height: one line per column in landscape (hall | now | next), three lines in
 * portrait (hall and time left / now / next); the text size is the largest of
 * LOBBY_MIN_U..LOBBY_MAX_U units at which every row fits, else the smallest, and the
 * rows are then split into pages of equal size ("page 2/7" in the column headings).
 * Each text keeps to its box: a long name or title shrinks, then is cut with an
 * ellipsis (textlay), never spilling into the next column.
 */
#include "layout_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confday.h"

#define LOBBY_MIN_U 2.8   /* smallest row text (size units): 12 rows on a 16:9 page */
#define LOBBY_MAX_U 4.4   /* largest row text, for a lobby of few halls */
#define LOBBY_STEP_U 0.2  /* size steps tried between them */
#define LOBBY_SHRINK 0.85 /* a text may shrink to this part of its row size */
#define LOBBY_MAX_LF 1.75 /* the rows' line height at most, as a multiple of the size */

/* ---- The rows ----------------------------------------------------------------- */

static void add_session(const agenda_session **v, size_t *n, const agenda_session *se)
{
    if (*n < LAYOUT_LOBBY_MAX_PARALLEL)
        v[*n] = se;
    (*n)++;
}

/* What is on now and next in every hall of a at `at` (rows[i] is hall i). */
static void fill_halls(const agenda *a, int64_t at, layout_lobby_hall *rows)
{
    size_t n = a->n_halls;
    for (size_t i = 0; i < n; i++) {
        memset(&rows[i], 0, sizeof(rows[i]));
        rows[i].hall = (int32_t)i;
        rows[i].next_start = INT64_MAX;
    }
    int64_t from = at > INT64_MIN + a->max_duration ? at - a->max_duration : INT64_MIN;
    for (size_t i = agenda_first_starting_at_or_after(a, from); i < a->n_sessions; i++) {
        const agenda_session *se = &a->sessions[i];
        if (se->start > at)
            break;
        if (se->hall >= 0 && (size_t)se->hall < n && se->status == AGENDA_STATUS_SCHEDULED &&
            at < se->end)
            add_session(rows[se->hall].now, &rows[se->hall].n_now, se);
    }
    size_t found = 0;
    int64_t latest = INT64_MIN; /* the latest next start found */
    size_t first = at < INT64_MAX ? agenda_first_starting_at_or_after(a, at + 1) : a->n_sessions;
    for (size_t i = first; i < a->n_sessions; i++) {
        const agenda_session *se = &a->sessions[i];
        if (found == n && se->start > latest)
            break;
        if (se->hall < 0 || (size_t)se->hall >= n || se->status != AGENDA_STATUS_SCHEDULED)
            continue;
        layout_lobby_hall *r = &rows[se->hall];
        if (r->next_start == INT64_MAX) {
            r->next_start = se->start;
            found++;
            latest = se->start > latest ? se->start : latest;
        }
        if (se->start == r->next_start)
            add_session(r->next, &r->n_next, se);
    }
    int64_t today = confday_of(a, at);
    for (size_t i = 0; i < n; i++) {
        layout_lobby_hall *r = &rows[i];
        r->idle = r->n_now == 0 &&
                  (r->next_start == INT64_MAX || confday_of(a, r->next_start) != today);
        if (r->n_now > LAYOUT_LOBBY_MAX_PARALLEL)
            r->n_now = LAYOUT_LOBBY_MAX_PARALLEL;
        if (r->n_next > LAYOUT_LOBBY_MAX_PARALLEL)
            r->n_next = LAYOUT_LOBBY_MAX_PARALLEL;
    }
}

/* The halls in order: list's ids ("A, B,C": unknown ones and repeats skipped), or
 * every hall. Writes indices into order; returns how many. */
static size_t hall_order(const agenda *a, const char *list, int32_t *order, bool *seen)
{
    if (!list || !*list) {
        for (size_t i = 0; i < a->n_halls; i++)
            order[i] = (int32_t)i;
        return a->n_halls;
    }
    size_t k = 0;
    for (const char *p = list; *p;) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *s = p;
        p += len + (end ? 1 : 0);
        while (len && (*s == ' ' || *s == '\t'))
            s++, len--;
        while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        char id[AGENDA_MAX_ID_BYTES + 1];
        if (!len || len > AGENDA_MAX_ID_BYTES)
            continue;
        memcpy(id, s, len);
        id[len] = '\0';
        int32_t h = agenda_hall_find(a, id);
        if (h >= 0 && !seen[h]) {
            seen[h] = true;
            order[k++] = h;
        }
    }
    return k;
}

size_t layout_lobby_halls(const agenda *a, int64_t at, const layout_input *in,
                          layout_lobby_hall *out, size_t cap)
{
    if (!a || !a->n_halls)
        return 0;
    size_t n = a->n_halls, total = 0;
    layout_lobby_hall *rows = malloc(n * sizeof(*rows));
    int32_t *order = malloc(n * sizeof(*order));
    bool *seen = calloc(n, sizeof(*seen));
    if (!rows || !order || !seen)
        goto out_free; /* no memory: no rows */
    fill_halls(a, at, rows);
    size_t k = hall_order(a, in ? in->lobby_halls : NULL, order, seen);
    bool hide = in && in->lobby_hide_idle;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < k; i++) {
            const layout_lobby_hall *r = &rows[order[i]];
            if (r->idle != (pass == 1) || (r->idle && hide))
                continue;
            if (total < cap)
                out[total] = *r;
            total++;
        }
out_free:
    free(rows);
    free(order);
    free(seen);
    return total;
}

static const char *const VIEW_NAMES[] = {"auto", "hall", "event", "lobby"};

bool layout_view_parse(const char *s, layout_view *out)
{
    for (size_t i = 0; s && i < sizeof(VIEW_NAMES) / sizeof(VIEW_NAMES[0]); i++)
        if (strcmp(s, VIEW_NAMES[i]) == 0) {
            *out = (layout_view)i;
            return true;
        }
    return false;
}

const char *layout_view_name(layout_view v)
{
    return (unsigned)v < sizeof(VIEW_NAMES) / sizeof(VIEW_NAMES[0]) ? VIEW_NAMES[v] : "auto";
}

/* ---- The arrangement ---------------------------------------------------------- */

/* The geometry of the rows of one lobby. */
typedef struct {
    ly_style name, title, left, ntime, ntitle, idle; /* the row's texts */
    int line;          /* one line of text */
    int bar;           /* progress bar height */
    int row;           /* a row's height (without the gap under it) */
    int gap;           /* between rows */
    int hx, hw, nx, nw, xx, xw; /* landscape columns: hall, now, next */
    int lw;            /* width of "12 min left" (end of the now column) */
    int tw;            /* width of a next session's time */
} lobby_geo;

static ly_style row_style(const ly_ctx *c, int px, double lf, uint32_t color, bool bold)
{
    ly_style s = ly_sty(c, 1, 1, 1, color, bold);
    s.px = px;
    s.min_px = imax(MIN_PX, (int)(px * LOBBY_SHRINK));
    s.lf = lf;
    return s;
}

/* The rows' styles and heights at text size px. */
static lobby_geo geometry(const ly_ctx *c, int px, double lf)
{
    lobby_geo g;
    memset(&g, 0, sizeof(g));
    g.name = row_style(c, px, lf, COL_TEXT, true);
    g.title = row_style(c, px, lf, COL_TEXT, false);
    g.left = row_style(c, px, lf, COL_ACCENT, true);
    g.left.align = TEXTLAY_ALIGN_END;
    g.ntime = row_style(c, px, lf, COL_TEXT2, true);
    g.ntitle = row_style(c, px, lf, COL_TEXT2, false);
    g.idle = row_style(c, px, lf, COL_TEXT2, false);
    g.line = ly_sty_line(&g.title);
    g.bar = imax(3, px / 6);
    g.gap = imax(1, px / 10);
    g.row = c->portrait ? 3 * g.line + g.bar + c->gs : g.line + g.bar + c->gs;
    int gut = c->gb, cw = c->cw, inner = cw - 2 * gut;
    g.hw = c->portrait ? cw : inner * 20 / 100;
    g.nw = c->portrait ? cw : inner * 46 / 100;
    g.xw = c->portrait ? cw : inner - g.hw - g.nw;
    g.hx = c->x0;
    g.nx = c->portrait ? c->x0 : g.hx + g.hw + gut;
    g.xx = c->portrait ? c->x0 : g.nx + g.nw + gut;
    g.lw = c->portrait ? cw * 34 / 100 : g.nw * 30 / 100;
    g.tw = c->portrait ? cw * 22 / 100 : g.xw * 22 / 100;
    return g;
}

/* "12:30", or "Tue 12:30" when t is not on now's conference day. */
static void next_time(const ly_ctx *c, ly_sbuf *b, int64_t t)
{
    confday_info d = confday_relative(c->a, c->s->at, t);
    if (d.rel != CONFDAY_TODAY) {
        ly_sb_put(b, i18n_weekday(c->lang, d.weekday));
        ly_sb_put(b, " ");
    }
    ly_sb_hm(c, b, 0, t);
}

static const char *session_title(const ly_ctx *c, const agenda_session *se)
{
    const char *t = ly_tr(c, &se->title);
    return t ? t : se->id;
}

/* The now part of a row: the title at (x, y) in w, the time left at (lx, ly), the
 * progress bar under the title from bx in bw; or the idle word. */
static void row_now(ly_ctx *c, const lobby_geo *g, const layout_lobby_hall *r, int x, int y,
                    int w, int lx, int ly, int bx, int bw, uint32_t bg)
{
    if (!r->n_now) {
        if (r->idle)
            ly_text(c, bx, y, bw, &g->idle, bg, i18n_word(c->lang, I18N_LOBBY_IDLE));
        return;
    }
    const agenda_session *se = r->now[0];
    ly_text(c, x, y, w, &g->title, bg, session_title(c, se));
    char left[I18N_BUF];
    i18n_format_minutes(c->lang, I18N_SPAN_LEFT, ly_minutes_until(c->s->at, se->end), left,
                        sizeof(left));
    ly_text(c, lx, ly, g->lw, &g->left, bg, left);
    layout_box *b = ly_push(c, LAYOUT_PROGRESS, bx, y + g->line, bw, g->bar);
    if (b) {
        b->progress = sched_progress(se, c->s->at);
        b->color = ly_track_color(c, se, COL_BAR);
        b->bg = COL_GROOVE;
    }
}

/* The next part of a row: its time, then its title, from x in w. */
static void row_next(ly_ctx *c, const lobby_geo *g, const layout_lobby_hall *r, int x, int y,
                     int w, uint32_t bg)
{
    if (!r->n_next)
        return;
    ly_sbuf t;
    ly_sb_init(&t);
    next_time(c, &t, r->next_start);
    ly_text(c, x, y, g->tw, &g->ntime, bg, t.buf);
    int tx = x + g->tw + c->gs * 2;
    ly_text(c, tx, y, w - (tx - x), &g->ntitle, bg, session_title(c, r->next[0]));
}

/* One row at y; odd rows on a panel. */
static void blk_row(ly_ctx *c, const lobby_geo *g, const layout_lobby_hall *r, int y, bool odd)
{
    uint32_t bg = odd ? COL_PANEL : COL_BG;
    int pad = c->gs;
    if (odd)
        ly_fill(c, c->x0, y, c->cw, g->row, COL_PANEL, COL_BG);
    y += pad / 2;
    const char *name = ly_hall_name(c, r->hall);
    if (c->portrait) {
        int w = c->cw - g->lw - c->gb;
        ly_text(c, c->x0, y, w, &g->name, bg, name);
        row_now(c, g, r, c->x0, y + g->line, c->cw, c->x0 + w + c->gb, y, c->x0, c->cw, bg);
        row_next(c, g, r, c->x0, y + 2 * g->line + g->bar, c->cw, bg);
        return;
    }
    ly_text(c, g->hx, y, g->hw, &g->name, bg, name);
    int w = g->nw - g->lw - c->gb;
    row_now(c, g, r, g->nx, y, w, g->nx + w + c->gb, y, g->nx, g->nw, bg);
    row_next(c, g, r, g->xx, y, g->xw, bg);
}

/* The headings line: Hall | Now | Next (landscape) and "page k/n" at the end. */
static int headings(ly_ctx *c, const lobby_geo *g, int y, size_t page, size_t pages)
{
    ly_style st = ly_label_style(c, I18N_NOW);
    int pw = ly_page_mark(c, c->x0 + c->cw, y, c->portrait ? c->cw : g->xw, &st, page, pages);
    if (!c->portrait) {
        ly_text(c, g->hx, y, g->hw, &st, COL_BG, i18n_word(c->lang, I18N_HALL));
        ly_text(c, g->nx, y, g->nw, &st, COL_BG, i18n_word(c->lang, I18N_NOW));
        ly_text(c, g->xx, y, g->xw - pw - (pw ? c->gb : 0), &st, COL_BG,
                i18n_word(c->lang, I18N_NEXT));
    }
    return ly_sty_h(&st);
}

/* The line factor of the rows: what the UI language's words need, at most
 * LOBBY_MAX_LF (a taller script shrinks a little in its box rather than taking a
 * page of its own). */
static double lobby_lf(const ly_ctx *c, int px)
{
    double f = ly_text_factor(c, i18n_word(c->lang, I18N_LOBBY_IDLE), px, false);
    double g = ly_text_factor(c, i18n_word(c->lang, I18N_HALL), px, true);
    f = f > g ? f : g;
    return f < LOBBY_MAX_LF ? f : LOBBY_MAX_LF;
}

/* Rows of height row (and gap) that fit in h. */
static size_t rows_in(int h, const lobby_geo *g)
{
    return h + g->gap < g->row + g->gap ? 0 : (size_t)((h + g->gap) / (g->row + g->gap));
}

void ly_arrange_lobby(ly_ctx *c, int top, int bottom)
{
    layout_result *out = c->out;
    layout_input in = *c->in;
    size_t cap = c->a->n_halls ? c->a->n_halls : 1;
    layout_lobby_hall *rows = malloc(cap * sizeof(*rows));
    if (!rows)
        return;
    size_t n = layout_lobby_halls(c->a, c->s->at, &in, rows, cap);
    ly_style hs = ly_label_style(c, I18N_NOW);
    int head = ly_sty_h(&hs) + c->gs, room = bottom - top - head;
    /* The largest size at which every row fits, else the smallest. */
    lobby_geo g;
    double lf = lobby_lf(c, ly_upx(c, LOBBY_MIN_U));
    size_t per = 0;
    for (double u = LOBBY_MAX_U; u >= LOBBY_MIN_U - 1e-9; u -= LOBBY_STEP_U) {
        g = geometry(c, ly_upx(c, u), lf);
        per = rows_in(room, &g);
        if (per >= n)
            break;
    }
    per = per > LAYOUT_LOBBY_MAX_ROWS ? LAYOUT_LOBBY_MAX_ROWS : per;
    if (per == 0 || room <= 0) {
        free(rows);
        return;
    }
    size_t pages = n ? (n + per - 1) / per : 1;
    per = n ? (n + pages - 1) / pages : 0; /* pages of equal size */
    out->pages = pages;
    out->page = c->in->page % pages;
    out->page_first = out->page * per;
    out->page_rows = n > out->page_first ? imin((int)per, (int)(n - out->page_first)) : 0;
    int y = top + headings(c, &g, top, out->page, pages) + c->gs;
    if (!n)
        ly_text(c, c->x0, y, c->cw, &g.idle, COL_BG, i18n_word(c->lang, I18N_LOBBY_IDLE));
    for (size_t i = 0; i < out->page_rows; i++) {
        blk_row(c, &g, &rows[out->page_first + i], y, i % 2 == 1);
        y += g.row + g.gap;
    }
    free(rows);
}

/* The lobby's header: the event title at the start, the clocks at the end, on one
 * line. Returns its height. */
int ly_lobby_header(ly_ctx *c)
{
    ly_style st = ly_sty(c, 4.0, 2.8, 1, COL_TEXT, true);
    ly_sbuf clk;
    ly_sb_init(&clk);
    for (size_t i = 0; i < c->a->n_zones && i < 3; i++) {
        if (i)
            ly_sb_put(&clk, "  ");
        ly_sb_hm(c, &clk, i, c->s->at);
        if (c->a->n_zones > 1) {
            ly_sb_put(&clk, " ");
            ly_sb_put(&clk, ly_zone_label(c, i));
        }
    }
    const char *title = ly_tr(c, &c->a->title);
    st = ly_for_text(c, st, title);
    st = ly_for_text(c, st, clk.buf);
    int cw = clk.len ? c->cw * (c->a->n_zones > 1 ? 45 : 20) / 100 : 0;
    ly_text(c, c->x0, c->y0, c->cw - cw - (cw ? c->gb : 0), &st, COL_BG, title);
    ly_style cs = st;
    cs.align = TEXTLAY_ALIGN_END;
    cs.color = COL_ACCENT;
    if (cw)
        ly_text(c, c->x0 + c->cw - cw, c->y0, cw, &cs, COL_BG, clk.buf);
    return ly_sty_h(&st);
}
