/* arrange.c - where the blocks go: landscape (main section left, NEXT, elsewhere and
 * a card right), portrait (one column, room kept for NEXT), after the event (the
 * message, then the cards).
 */
#include "layout_int.h"

#include <string.h>

/* After the event: the message across the screen, then the cards side by side
 * (landscape, tops aligned) or one under the other (portrait, as many as fit). */
static void arrange_after(ly_ctx *c, int top, int bottom, int lw, int rw, int rx)
{
    int budget = bottom - top;
    int used = ly_sec_status(c, c->x0, top, c->cw, budget);
    int y = top + used + (used ? c->gsec : 0), room = bottom - y;
    if (room <= 0)
        return;
    if (c->portrait) {
        int h = 0;
        for (size_t i = 0; i < c->max_cards; i++) {
            int next = ly_add_card(c, c->x0, y, c->cw, h, room);
            if (next == h)
                break;
            h = next;
        }
        return;
    }
    /* Two panels side by side are as tall as the taller one. */
    bool saved = c->emit;
    c->emit = false;
    int h1 = ly_blk_card(c, c->x0, y, lw, room);
    c->cards_used++;
    int h2 = ly_blk_card(c, rx, y, rw, room);
    c->cards_used--;
    c->emit = saved;
    c->card_min_h = h1 && h2 ? imax(h1, h2) : 0;
    ly_add_card(c, c->x0, y, lw, 0, room);
    ly_add_card(c, rx, y, rw, 0, room);
    c->card_min_h = 0;
}

/* Landscape: main section on the left (58 %), NEXT / elsewhere / card on the right. */
void ly_arrange_landscape(ly_ctx *c, int top, int bottom)
{
    int gut = ly_upx(c, 3.0), lw = (c->cw - gut) * 58 / 100, rw = c->cw - gut - lw;
    int lx = c->x0, rx = c->x0 + lw + gut, budget = bottom - top;
    if (budget <= 0)
        return;
    if (c->s->phase == SCHED_AFTER) {
        arrange_after(c, top, bottom, lw, rw, rx);
        return;
    }
    ly_add_card(c, lx, top, lw, ly_sec_main(c, lx, top, lw, budget), budget);
    int right = ly_sec_side(c, rx, top, rw, budget, true);
    ly_add_card(c, rx, top, rw, right, budget); /* a second card after the event */
}

/* Portrait: one column, main section then NEXT / elsewhere / card. */
void ly_arrange_portrait(ly_ctx *c, int top, int bottom)
{
    int budget = bottom - top;
    if (budget <= 0)
        return;
    if (c->s->phase == SCHED_AFTER) {
        arrange_after(c, top, bottom, c->cw, 0, c->x0);
        return;
    }
    /* Keep room under the main section for the NEXT heading with its first session
     * and that one's whole title (or its smallest form when that would leave the main
     * section less than a third of the column), and for the smallest "Elsewhere now". */
    const agenda_session *nx[1];
    int reserve = 0;
    if (ly_next_list(c, nx, 1)) {
        ly_style st_label = ly_label_style(c, I18N_NEXT);
        int first = ly_measure_next(c, nx[0], c->cw, BUDGET_TITLE, false);
        if (first && budget - first < budget / 3)
            first = ly_measure_next(c, nx[0], c->cw, BUDGET_MIN, false);
        if (first)
            reserve = c->gsec + ly_sty_h(&st_label) + c->gs + first;
    }
    int els = ly_measure_elsewhere(c, c->cw, BUDGET_MIN);
    if (els)
        reserve += c->gsec + els;
    int main_budget = budget - reserve;
    int used = ly_sec_main(c, c->x0, top, c->cw, main_budget > 0 ? main_budget : budget);
    if (!used && main_budget < budget) /* what is on now comes before NEXT */
        used = ly_sec_main(c, c->x0, top, c->cw, budget);
    int gap = used ? c->gsec : 0;
    used += gap + ly_sec_side(c, c->x0, top + used + gap, c->cw, budget - used - gap, true);
}
