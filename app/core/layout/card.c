/* card.c - an info card on its panel (title and body at the largest size that holds
 * them, and the card's image when there is room for it), and a card under what a
 * column already holds.
 *
 * The image: beside the text (at the start side, CARD_IMAGE_SHARE of the panel's
 * width, as tall as the text and at least CARD_IMAGE_MIN_U size units) in landscape;
 * above the text (the panel's width, CARD_IMAGE_TALL of it in height) in portrait. A
 * card whose text does not fit beside or under its image is laid out without it.
 *
 * The link: the QR code of the card's url at the end side, top-aligned with the text
 * (under the image in portrait), at the size qr.h states for the screen, when the text
 * keeps CARD_TEXT_MIN_SHARE of the inner width beside code and image. The text comes
 * first, then the code, then the image: a card tries image and code, then the code
 * alone, then the image alone, then the text alone.
 */
#include "layout_int.h"

#include <string.h>

#define CARD_IMAGE_SHARE 30  /* % of the inner width an image beside the text takes */
#define CARD_IMAGE_TALL 40   /* % of the inner width an image above the text is tall */
#define CARD_IMAGE_MIN_U 8.0 /* an image is at least this many size units tall */
#define CARD_TEXT_MIN_SHARE 40 /* % of the inner width the text keeps beside a QR code */

/* Where a card's image goes. */
typedef enum { IMG_NONE, IMG_SIDE, IMG_ABOVE } card_img;

/* One way to lay a card out: its image's place and its QR code's side (0: none). */
typedef struct {
    card_img img;
    int qr;
} card_try;

/* A card's texts and their fitted styles in a panel of width w. */
typedef struct {
    const char *title, *body;
    ly_style st_t, st_b;
    int pad, iw;      /* the panel's padding, the text's width */
    int img_w, img_h; /* the image's box (IMG_SIDE: img_h is the least height) */
    int qr;           /* the QR code's side, 0: none */
    int h;            /* the panel's height */
} card_form;

/* Fits card k in width w within budget with its image at `img` and a QR code of side
 * qr (0: none); false when it does not fit (after the event, a body may be cut after
 * three lines or more). */
static bool card_fit(const ly_ctx *c, const agenda_card *k, int w, int budget, card_img img,
                     int qr, card_form *f)
{
    f->pad = ly_upx(c, 1.4);
    int inner = w - 2 * f->pad;
    f->iw = inner, f->img_w = f->img_h = 0, f->qr = qr;
    if (img == IMG_SIDE) {
        f->img_w = inner * CARD_IMAGE_SHARE / 100, f->img_h = ly_upx(c, CARD_IMAGE_MIN_U);
        f->iw = inner - f->img_w - c->gb;
    } else if (img == IMG_ABOVE) {
        f->img_w = inner, f->img_h = imax(ly_upx(c, CARD_IMAGE_MIN_U), inner * CARD_IMAGE_TALL / 100);
        budget -= f->img_h + c->gs;
    }
    if (qr > 0) {
        f->iw -= qr + c->gb;
        if (f->iw * 100 < inner * CARD_TEXT_MIN_SHARE || qr > budget - 2 * f->pad)
            return false;
    }
    if (f->iw <= 0)
        return false;
    f->title = ly_tr(c, &k->title), f->body = ly_tr(c, &k->body);
    if (!f->title)
        f->title = k->id;
    bool has_body = f->body && *f->body;
    f->st_t = ly_for_text(c, ly_sty(c, 3.4, 2.6, 1, COL_TEXT, true), f->title);
    f->st_b = ly_for_text(c, ly_sty(c, 2.8, 2.2, 1, COL_TEXT2, false), f->body);
    int body_min = has_body ? c->gs + ly_line_px(f->st_b.min_px, f->st_b.lf) : 0;
    int room = budget - 2 * f->pad - body_min;
    if (room < ly_line_px(f->st_t.min_px, f->st_t.lf))
        return false;
    f->st_t = ly_fitted_style(f->st_t, ly_fit(c, &f->st_t, f->title, f->iw, 2, room, false));
    int h = ly_sty_h(&f->st_t);
    if (has_body) {
        /* All of the body; after the event, when the cards are what the board shows,
         * at least three lines of it (a card cut to a line or two says little). */
        int broom = budget - 2 * f->pad - h - c->gs;
        ly_fitted fb = ly_fit(c, &f->st_b, f->body, f->iw, TEXTLAY_MAX_LINES, broom, false);
        if (!fb.whole && (c->s->phase != SCHED_AFTER || fb.lines < 3))
            return false;
        f->st_b = ly_fitted_style(f->st_b, fb);
        h += c->gs + ly_sty_h(&f->st_b);
    }
    h = imax(h, qr);
    if (img == IMG_SIDE)
        h = imax(h, f->img_h);
    else if (img == IMG_ABOVE)
        h += f->img_h + c->gs;
    f->h = 2 * f->pad + h;
    return f->h <= budget + (img == IMG_ABOVE ? f->img_h + c->gs : 0);
}

/* The panel, the image and the texts of f at (x, y), w wide. */
static void card_place(ly_ctx *c, const agenda_card *k, const card_form *f, card_img img,
                       int x, int y, int w, int h)
{
    ly_fill(c, x, y, w, h, COL_PANEL, COL_BG);
    int tx = x + f->pad, ty = y + f->pad;
    layout_box *b = NULL;
    if (img == IMG_SIDE) {
        b = ly_media(c, LAYOUT_IMAGE, tx, ty, f->img_w, h - 2 * f->pad, k->image);
        tx += f->img_w + c->gb;
    } else if (img == IMG_ABOVE) {
        b = ly_media(c, LAYOUT_IMAGE, tx, ty, f->img_w, f->img_h, k->image);
        ty += f->img_h + c->gs;
    }
    if (b)
        b->bg = COL_PANEL;
    if (f->qr > 0 && (b = ly_media(c, LAYOUT_QR, x + w - f->pad - f->qr, ty, f->qr, f->qr, k->url)))
        b->bg = COL_PANEL;
    ly_text(c, tx, ty, f->iw, &f->st_t, COL_PANEL, f->title);
    if (f->body && *f->body)
        ly_text(c, tx, ty + ly_sty_h(&f->st_t) + c->gs, f->iw, &f->st_b, COL_PANEL, f->body);
}

/* The next info card not yet placed, on a panel: its image (when it leaves room for
 * the text), its title (up to two lines) and its body, at the largest size that holds
 * all of it; the panel ends under the text (or the image). Returns 0 when no card is
 * left or it does not fit (after the event, a body may be cut after three lines or
 * more). */
int ly_blk_card(ly_ctx *c, int x, int y, int w, int budget)
{
    if (c->cards_used >= c->n_shown || c->cards_used >= c->max_cards)
        return 0;
    const agenda_card *k = &c->a->cards[c->shown[(c->in->card + c->cards_used) % c->n_shown]];
    card_img want = !k->image || !*k->image || strlen(k->image) >= LAYOUT_TEXT_MAX ? IMG_NONE
                    : c->portrait                                              ? IMG_ABOVE
                                                                               : IMG_SIDE;
    /* The text first, then the code, then the image: image and code, the code alone,
     * the image alone, the text alone (the tries a card without one of them has). */
    int qr = ly_qr_side(c, k->url);
    card_try tries[4];
    size_t n = 0;
    if (qr > 0)
        tries[n++] = (card_try){want, qr};
    if (qr > 0 && want != IMG_NONE)
        tries[n++] = (card_try){IMG_NONE, qr};
    tries[n++] = (card_try){want, 0};
    if (want != IMG_NONE)
        tries[n++] = (card_try){IMG_NONE, 0};
    card_form f;
    card_img img = IMG_NONE;
    bool fits = false;
    for (size_t i = 0; i < n && !fits; i++) {
        img = tries[i].img;
        fits = card_fit(c, k, w, budget, img, tries[i].qr, &f);
    }
    if (!fits)
        return 0;
    int h = f.h;
    if (h < c->card_min_h && c->card_min_h <= budget)
        h = c->card_min_h;
    if (c->emit) {
        card_place(c, k, &f, img, x, y, w, h);
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
