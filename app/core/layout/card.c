/* card.c - an info card on its panel (title and body at the largest size that holds
 * them), and a card under what a column already holds.
 */
#include "layout_int.h"

#include <string.h>

/* The next info card not yet placed, on a panel: its title (up to two lines) and its
 * body, at the largest size that holds all of it; the panel ends under the text.
 * Returns 0 when no card is left or it does not fit (after the event, a body may be
 * cut after three lines or more). */
int ly_blk_card(ly_ctx *c, int x, int y, int w, int budget)
{
    if (c->cards_used >= c->n_shown || c->cards_used >= c->max_cards)
        return 0;
    const agenda_card *card =
        &c->a->cards[c->shown[(c->in->card + c->cards_used) % c->n_shown]];
    int pad = ly_upx(c, 1.4), iw = w - 2 * pad;
    if (iw <= 0)
        return 0;
    const char *title = ly_tr(c, &card->title), *body = ly_tr(c, &card->body);
    if (!title)
        title = card->id;
    bool has_body = body && *body;
    ly_style st_t = ly_for_text(c, ly_sty(c, 3.4, 2.6, 1, COL_TEXT, true), title);
    ly_style st_b = ly_for_text(c, ly_sty(c, 2.8, 2.2, 1, COL_TEXT2, false), body);
    int body_min = has_body ? c->gs + ly_line_px(st_b.min_px, st_b.lf) : 0;
    int room = budget - 2 * pad - body_min;
    if (room < ly_line_px(st_t.min_px, st_t.lf))
        return 0;
    st_t = ly_fitted_style(st_t, ly_fit(c, &st_t, title, iw, 2, room, false));
    int h = 2 * pad + ly_sty_h(&st_t);
    if (has_body) {
        /* All of the body; after the event, when the cards are what the board shows,
         * at least three lines of it (a card cut to a line or two says little). */
        int broom = budget - h - c->gs;
        ly_fitted f = ly_fit(c, &st_b, body, iw, TEXTLAY_MAX_LINES, broom, false);
        if (!f.whole && (c->s->phase != SCHED_AFTER || f.lines < 3))
            return 0;
        st_b = ly_fitted_style(st_b, f);
        h += c->gs + ly_sty_h(&st_b);
    }
    if (h < c->card_min_h && c->card_min_h <= budget)
        h = c->card_min_h;
    if (c->emit) {
        ly_fill(c, x, y, w, h, COL_PANEL, COL_BG);
        ly_text(c, x + pad, y + pad, iw, &st_t, COL_PANEL, title);
        if (has_body)
            ly_text(c, x + pad, y + pad + ly_sty_h(&st_t) + c->gs, iw, &st_b, COL_PANEL, body);
        c->cards_used++;
    }
    return h;
}

/* A card under what a column already holds, if it fits. */
int ly_add_card(ly_ctx *c, int x, int y, int w, int used, int budget)
{
    int gap = used ? c->gsec : 0, room = budget - used - gap;
    if (room <= 0)
        return used;
    int h = ly_blk_card(c, x, y + used + gap, w, room);
    return h ? used + gap + h : used;
}
