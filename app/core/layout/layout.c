/* layout.c - the entry (layout_build): the screen's margins and size unit, the
 * announcement, header, footer and arrangement; then a final pass enforcing the
 * screen, margin and no-overlap rules, mirroring for right-to-left languages and
 * turning start/end alignment into left/right.
 */
#include "layout_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "layout_alert.h"

static bool overlaps(const layout_box *p, const layout_box *q)
{
    return p->x < q->x + q->w && q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
}

/* Drops any box (but the background) outside the margins and any text box that
 * overlaps an earlier one; mirrors x for right-to-left UI languages, where progress
 * bars fill from the right; makes alignment physical: start is the UI's reading
 * side (right in RTL) whatever the direction of the text in the box, so that every
 * column keeps one edge. */
static void finish(ly_ctx *c, bool rtl)
{
    layout_result *r = c->out;
    size_t k = r->n ? 1 : 0;
    int x1 = c->W - r->margin_x, y1 = c->H - r->margin_y;
    for (size_t i = k; i < r->n; i++) {
        layout_box *b = &r->boxes[i];
        bool ok = b->w > 0 && b->h > 0 && b->x >= r->margin_x && b->y >= r->margin_y &&
                  b->x + b->w <= x1 && b->y + b->h <= y1;
        for (size_t j = 1; ok && b->kind == LAYOUT_TEXT && j < k; j++)
            ok = !(r->boxes[j].kind == LAYOUT_TEXT && overlaps(b, &r->boxes[j]));
        if (ok && k != i)
            r->boxes[k] = *b;
        k += ok;
    }
    r->n = k;
    for (size_t i = 0; i < r->n; i++) {
        layout_box *b = &r->boxes[i];
        if (rtl)
            b->x = c->W - b->x - b->w;
        b->fill_from_right = rtl && b->kind == LAYOUT_PROGRESS;
        if (b->align == TEXTLAY_ALIGN_START)
            b->align = rtl ? TEXTLAY_ALIGN_RIGHT : TEXTLAY_ALIGN_LEFT;
        else if (b->align == TEXTLAY_ALIGN_END)
            b->align = rtl ? TEXTLAY_ALIGN_LEFT : TEXTLAY_ALIGN_RIGHT;
    }
}

/* The context for in: margins, size unit, gaps, title sizes. */
static void ctx_init(ly_ctx *c, const agenda *a, const sched_state *s, const layout_input *in,
                     layout_result *out)
{
    memset(c, 0, sizeof(*c));
    c->a = a, c->s = s, c->in = in, c->out = out;
    c->lang = in->lang ? in->lang : "en";
    c->W = in->width, c->H = in->height;
    c->portrait = c->H > c->W;
    out->margin_x = (int)((5LL * c->W + 99) / 100);
    out->margin_y = (int)((5LL * c->H + 99) / 100);
    c->x0 = out->margin_x, c->y0 = out->margin_y;
    c->cw = c->W - 2 * out->margin_x, c->ch = c->H - 2 * out->margin_y;
    double lng = c->portrait ? c->H : c->W, shrt = c->portrait ? c->W : c->H;
    c->u = fmin(shrt, lng * 9.0 / 16.0) / 100.0;
    c->gs = imax(1, (int)lround(0.6 * c->u));
    c->gb = imax(2, (int)lround(1.6 * c->u));
    c->gsec = imax(3, (int)lround(2.2 * c->u));
    c->title_min = ly_title_min_px(c->H);
    c->title_max = imax(c->title_min, ly_upx(c, 7.0));
    c->emit = true;
}

/* The footer (the shell's line about the agenda's origin) at the bottom of the
 * content; returns the new bottom. */
static int footer(ly_ctx *c, int bottom)
{
    const layout_input *in = c->in;
    if (!in->source_line || !*in->source_line)
        return bottom;
    ly_style st = ly_sty(c, 2.2, 1.7, 1, in->source_warning ? COL_WARN : COL_TEXT2, false);
    st = ly_for_text(c, st, in->source_line);
    int h = ly_sty_h(&st);
    bottom -= h;
    int x = c->x0, w = c->cw;
    if (in->source_icon && *in->source_icon) { /* the icon first, a line high */
        int side = imin(h, st.px * 3 / 2), gap = side / 2;
        char ref[64];
        snprintf(ref, sizeof(ref), "%s%s", LAYOUT_ICON_PREFIX, in->source_icon);
        ly_media(c, LAYOUT_IMAGE, x, bottom + (h - side) / 2, side, side, ref);
        x += side + gap;
        w -= side + gap;
    }
    ly_text(c, x, bottom, w, &st, COL_BG, in->source_line);
    return bottom - c->gb;
}

/* Everything but the background and the final pass. */
static void board(ly_ctx *c)
{
    const agenda *a = c->a;
    const sched_state *s = c->s;
    agenda_alert_level alert = layout_alert_level(a, s->at, c->in->hall);
    if (alert == AGENDA_ALERT_URGENT) { /* a band over the board, which moves down */
        int bh = layout_alert_banner(a, c->in, c->x0, c->y0, c->cw, c->ch / 3, c->u, c->out);
        if (bh)
            c->y0 += bh + c->gsec, c->ch -= bh + c->gsec;
    }
    size_t total = sched_cards_at(a, s->at, c->shown, AGENDA_MAX_CARDS);
    c->n_shown = total < AGENDA_MAX_CARDS ? total : AGENDA_MAX_CARDS;
    c->max_cards = s->phase != SCHED_AFTER ? 1 : c->portrait ? AGENDA_MAX_CARDS : 2;

    bool lobby = c->in->view == LAYOUT_VIEW_LOBBY;
    int header = lobby ? ly_lobby_header(c) : ly_sec_header(c);
    int rule = imax(2, (int)lround(0.25 * c->u));
    int ry = c->y0 + header + c->gb;
    ly_fill(c, c->x0, ry, c->cw, rule, COL_RULE, COL_BG);

    int bottom = footer(c, c->y0 + c->ch);
    int top = ry + rule + c->gsec;
    bottom = layout_alert_lines(a, c->in, alert, c->x0, c->cw, top, bottom, c->u, c->out);
    if (lobby)
        ly_arrange_lobby(c, top, bottom);
    else if (c->portrait)
        ly_arrange_portrait(c, top, bottom);
    else
        ly_arrange_landscape(c, top, bottom);
}

void layout_build(const agenda *a, const sched_state *s, const layout_input *in,
                  layout_result *out)
{
    out->n = 0;
    out->margin_x = out->margin_y = 0;
    out->pages = 1;
    out->page = out->page_first = out->page_rows = 0;
    if (!in || in->width <= 0 || in->height <= 0)
        return;
    ly_ctx cx;
    ly_ctx *c = &cx;
    ctx_init(c, a, s, in, out);
    ly_fill(c, 0, 0, c->W, c->H, COL_BG, COL_BG);
    if (!a || !s || c->cw <= 0 || c->ch <= 0) {
        finish(c, false);
        return;
    }
    if (layout_alert_level(a, s->at, in->hall) == AGENDA_ALERT_EMERGENCY) {
        layout_alert_takeover(a, in, out); /* the whole screen, nothing else */
        return;
    }
    ly_meter_open(&c->m, in);
    board(c);
    ly_meter_close(&c->m);
    finish(c, i18n_rtl(c->lang));
    ly_look(c);
}
