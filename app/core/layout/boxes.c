/* boxes.c - emitting boxes (ly_push: nothing while a block is only measured), text
 * boxes as tall as their lines, and choosing the lines of a block by priority within
 * a height budget (items; a title's first line and the rest of it).
 */
#include "layout_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* A new box, or NULL while measuring, when empty or when the list is full. */
layout_box *ly_push(ly_ctx *c, layout_kind kind, int x, int y, int w, int h)
{
    if (!c->emit || w <= 0 || h <= 0 || c->out->n >= LAYOUT_MAX_BOXES)
        return NULL;
    layout_box *b = &c->out->boxes[c->out->n++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->x = x, b->y = y, b->w = w, b->h = h;
    b->lang = c->lang;
    return b;
}

void ly_fill(ly_ctx *c, int x, int y, int w, int h, uint32_t color, uint32_t bg)
{
    layout_box *b = ly_push(c, LAYOUT_FILL, x, y, w, h);
    if (b)
        b->color = color, b->bg = bg;
}

/* Copies src into a box's text, cutting at a UTF-8 boundary with an ellipsis when it
 * does not fit in LAYOUT_TEXT_MAX bytes. */
static void set_text(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n < LAYOUT_TEXT_MAX) {
        memcpy(dst, src, n + 1);
        return;
    }
    static const char ell[] = "\xe2\x80\xa6"; /* U+2026 */
    n = LAYOUT_TEXT_MAX - sizeof(ell);
    while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
        n--;
    memcpy(dst, src, n);
    memcpy(dst + n, ell, sizeof(ell));
}

/* A text box of st's height; returns it (NULL when not emitted). Its line budget is
 * st's lines, or more when the box holds more lines at min_px (shrunk text then
 * wraps rather than being cut). */
layout_box *ly_text(ly_ctx *c, int x, int y, int w, const ly_style *st, uint32_t bg, const char *s)
{
    if (!s || !*s)
        return NULL;
    layout_box *b = ly_push(c, LAYOUT_TEXT, x, y, w, ly_sty_h(st));
    if (!b)
        return NULL;
    b->color = st->color;
    b->bg = bg;
    set_text(b->text, s);
    b->max_px = st->px;
    b->min_px = imin(st->min_px, st->px);
    /* Text in a taller font may shrink further, so that a line fits the box; the
     * box takes as many lines as its height holds at the smallest size. */
    bool bold = st->weight == LAYOUT_WEIGHT_BOLD;
    double f = st->is_title ? 0 : ly_text_factor(c, b->text, st->px, bold);
    if (f > LINE_FACTOR)
        b->min_px = imax(1, imin(b->min_px, (int)floor(ly_sty_line(st) / f)));
    int one = ly_measure(&c->m, b->text, b->min_px, w, bold, c->lang, 0).line_h;
    int more = b->h / imax(1, one);
    b->max_lines = imax(1, imin(TEXTLAY_MAX_LINES, imax(st->lines, more)));
    b->align = st->align;
    b->weight = st->weight;
    b->is_title = st->is_title;
    return b;
}

static int items_height(const ly_item *it, size_t n, int gap)
{
    int h = 0;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        if (!it[i].on)
            continue;
        h += it[i].h + (any && !it[i].glue ? gap : 0);
        any = true;
    }
    return h;
}

/* Switches items on by priority (then order) while they fit in budget; returns the
 * height of those on. */
int ly_choose_items(ly_item *it, size_t n, int budget, int gap)
{
    for (int p = 0; p <= MAX_PRIO; p++) {
        for (size_t i = 0; i < n; i++) {
            if (it[i].prio != p || it[i].h <= 0 || it[i].on)
                continue;
            if (it[i].glue && (i == 0 || !it[i - 1].on))
                continue;
            it[i].on = true;
            if (items_height(it, n, gap) > budget)
                it[i].on = false;
        }
    }
    return items_height(it, n, gap);
}

int ly_items_min(const ly_item *it, size_t n, int gap)
{
    ly_item tmp[LY_MAX_ITEMS];
    n = n < LY_MAX_ITEMS ? n : LY_MAX_ITEMS;
    for (size_t i = 0; i < n; i++) {
        tmp[i] = it[i];
        tmp[i].on = it[i].prio == 0 && it[i].h > 0 && (!it[i].glue || (i > 0 && tmp[i - 1].on));
    }
    return items_height(tmp, n, gap);
}

/* Advances y past item i when it is on (gap first unless it is the first or glued). */
int ly_item_y(const ly_item *it, size_t i, int y, bool *any, int gap)
{
    if (*any && !it[i].glue)
        y += gap;
    *any = true;
    return y;
}

ly_title_fit ly_fit_title(const ly_ctx *c, const char *title, int max_px, int w, int max_lines,
                          int min_lines)
{
    ly_title_fit t;
    ly_style st = ly_title_style(c, max_px, 1, title);
    ly_fitted f = ly_fit(c, &st, title, w, max_lines, INT_MAX, true);
    t.whole = f.whole;
    t.st = ly_fitted_style(st, f);
    t.one = ly_fitted_style(st, ly_fit(c, &st, title, w, imax(1, min_lines), INT_MAX, true));
    t.first = ly_sty_h(&t.one);
    t.rest = t.st.lines > t.one.lines ? ly_sty_h(&t.st) - t.first : 0;
    return t;
}

/* The title style for what the block gave it: the whole title when `rest` is on,
 * else as many lines at the smallest size as `extra` more pixels allow (the title is
 * then cut with an ellipsis, by textlay). The lines of a cut title are as tall as
 * the part of it that shows needs (a tall script further on does not count). */
ly_style ly_title_given(const ly_ctx *c, const ly_title_fit *t, const char *title, int w, bool rest_on, int extra)
{
    if (rest_on || t->st.lines <= t->one.lines)
        return t->st;
    ly_style s = t->one;
    s.px = s.min_px;
    int room = t->first + imax(0, extra);
    for (int pass = 0; pass < 2; pass++) {
        s.lines = imax(1, imin(t->st.lines, room / ly_sty_line(&s)));
        char part[LAYOUT_TEXT_MAX];
        size_t end = ly_measure(&c->m, title, s.px, w, true, c->lang, s.lines).end;
        snprintf(part, sizeof(part), "%.*s", (int)imin((int)end, LAYOUT_TEXT_MAX - 1), title);
        s.lf = ly_text_factor(c, part, s.px, true);
    }
    s.lines = imax(1, imin(t->st.lines, room / ly_sty_line(&s)));
    return s;
}

/* Item i's line of style st (a live line) under y when it is on; returns the new y. */
int ly_opt_line(ly_ctx *c, const ly_item *it, size_t i, int y, bool *any, int x, int w,
                    const ly_style *st, const char *s)
{
    if (!it[i].on)
        return y;
    y = ly_item_y(it, i, y, any, c->gs);
    ly_text(c, x, y, w, st, COL_BG, s);
    return y + ly_sty_h(st);
}
