/* header.c - the header: the event's logo, its title (and the title's second language)
 * and a clock per zone, beside the title in landscape when they fit, else in rows under
 * it. The logo is at the title's start (left; right on right-to-left boards, by the
 * final mirroring), as tall as the title block, in a box LOGO_ASPECT times as wide
 * (the image is letterboxed in it).
 */
#include "layout_int.h"

#include <limits.h>
#include <string.h>

#define LOGO_ASPECT 2      /* the logo's box: this many times as wide as it is tall */
#define LOGO_MAX_SHARE 4   /* ... and at most 1/LOGO_MAX_SHARE of the title's width */

/* The styles of a clock (time, zone label, date); the rows are as tall as the
 * tallest zone's text needs, so that all clocks line up. */
static void clock_styles(const ly_ctx *c, int w, ly_style *st_time, ly_style *st_lab, ly_style *st_date)
{
    /* Portrait stacks the clocks under the title: a little smaller there. */
    *st_time = ly_sty(c, c->portrait ? 4.8 : 5.6, 3.6, 1, COL_TEXT, true);
    st_time->px = imax(MIN_PX, imin(st_time->px, w / 3));
    st_time->min_px = imin(st_time->min_px, imax(MIN_PX, st_time->px * 7 / 10));
    *st_lab = ly_sty(c, c->portrait ? 2.0 : 2.2, 1.7, 1, COL_TEXT2, false);
    *st_date = ly_sty(c, c->portrait ? 2.0 : 2.2, 1.7, 1, COL_TEXT2, false);
    for (size_t i = 0; i < c->a->n_zones; i++) {
        ly_sbuf b;
        ly_sb_init(&b);
        ly_sb_date(c, &b, i, c->s->at);
        *st_lab = ly_for_text(c, *st_lab, ly_zone_label(c, i));
        *st_date = ly_for_text(c, *st_date, b.buf);
    }
    /* Portrait: the clocks start where the title does; landscape: centred. */
    textlay_align al = c->portrait ? TEXTLAY_ALIGN_START : TEXTLAY_ALIGN_CENTER;
    st_time->align = st_lab->align = st_date->align = al;
}

/* One clock: HH:MM, zone label, date, in [x, x+w). */
static int blk_clock(ly_ctx *c, size_t zone, int x, int y, int w, bool emit)
{
    ly_style st_time, st_lab, st_date;
    clock_styles(c, w, &st_time, &st_lab, &st_date);
    int h = ly_sty_h(&st_time) + ly_sty_h(&st_lab) + ly_sty_h(&st_date);
    if (!emit)
        return h;
    ly_sbuf b;
    ly_sb_init(&b);
    ly_sb_hm(c, &b, zone, c->s->at);
    ly_text(c, x, y, w, &st_time, COL_BG, b.buf);
    int yy = y + ly_sty_h(&st_time);
    ly_text(c, x, yy, w, &st_lab, COL_BG, ly_zone_label(c, zone));
    yy += ly_sty_h(&st_lab);
    ly_sb_init(&b);
    ly_sb_date(c, &b, zone, c->s->at);
    ly_text(c, x, yy, w, &st_date, COL_BG, b.buf);
    return h;
}

/* Clocks in rows of per_row, each row centred in [x, x+w) (portrait: from x);
 * returns the height. */
static int clock_rows(ly_ctx *c, int x, int y, int w, size_t per_row, size_t rows, int cwid)
{
    size_t n = c->a->n_zones;
    int ch = blk_clock(c, 0, 0, 0, cwid, false), yy = y;
    for (size_t r = 0; r < rows; r++) {
        size_t first = r * per_row, cnt = n - first < per_row ? n - first : per_row;
        int roww = (int)cnt * cwid + (int)(cnt - 1) * c->gb;
        int xx = c->portrait ? x : x + (w - roww) / 2;
        for (size_t i = 0; i < cnt; i++)
            blk_clock(c, first + i, xx + (int)i * (cwid + c->gb), yy, cwid, c->emit);
        yy += ch + (r + 1 < rows ? c->gs : 0);
    }
    return yy - y;
}

/* The logo (when the feed has one and it leaves the title LOGO_MAX_SHARE - 1 parts of
 * tw), the title and its second language in [x0, x0+tw); returns their height. */
static int header_title(ly_ctx *c, const char *title, const char *l2, ly_style *st_t,
                        const ly_style *st_2, int tw)
{
    const char *logo = c->a->logo;
    int lw = 0, x = c->x0;
    if (title && logo && *logo && strlen(logo) < LAYOUT_TEXT_MAX) {
        lw = LOGO_ASPECT * (ly_sty_line(st_t) + (l2 ? ly_sty_h(st_2) : 0));
        if (lw > tw / LOGO_MAX_SHARE)
            lw = tw / LOGO_MAX_SHARE;
        if (lw < ly_upx(c, 4))
            lw = 0;
    }
    int gap = lw ? c->gb : 0;
    tw -= lw + gap;
    x += lw + gap;
    if (title)
        *st_t = ly_fitted_style(*st_t, ly_fit(c, st_t, title, tw, l2 ? 1 : 2, INT_MAX, false));
    int th = title ? ly_sty_h(st_t) : 0;
    ly_text(c, x, c->y0, tw, st_t, COL_BG, title);
    if (l2) {
        layout_box *b = ly_text(c, x, c->y0 + th, tw, st_2, COL_BG, l2);
        if (b)
            b->lang = c->in->lang2;
        th += ly_sty_h(st_2);
    }
    if (lw)
        ly_media(c, LAYOUT_IMAGE, c->x0, c->y0, imin(lw, LOGO_ASPECT * th), th, logo);
    return th;
}

/* Header: event logo, title (and the second language), clocks. Returns its height. */
int ly_sec_header(ly_ctx *c)
{
    const agenda *a = c->a;
    size_t n = a->n_zones;
    const char *title = ly_tr(c, &a->title);
    const char *l2 = NULL;
    if (c->in->lang2 && *c->in->lang2) {
        l2 = agenda_tr_get(a, &a->title, c->in->lang2);
        if (l2 && title && strcmp(l2, title) == 0)
            l2 = NULL;
    }
    ly_style st_t = ly_for_text(c, ly_sty(c, c->portrait ? 5.0 : 4.6, 3.0, 1, COL_TEXT, true), title);
    ly_style st_2 = ly_for_text(c, ly_sty(c, 2.8, 2.0, 1, COL_TEXT2, false), l2);

    int g = c->gb, cwp = ly_upx(c, 22), cwm = ly_upx(c, 14);
    bool side = false;
    int cwid = cwp;
    size_t per_row = n, rows = n ? 1 : 0;
    if (!c->portrait && n) {
        int limit = c->cw * 55 / 100;
        if ((int)n * cwp + (int)(n - 1) * g <= limit) {
            side = true;
        } else if ((int)n * cwm + (int)(n - 1) * g <= c->cw * 6 / 10) {
            side = true;
            cwid = (c->cw * 6 / 10 - (int)(n - 1) * g) / (int)n;
        }
    }
    if (!side && n) {
        per_row = n <= 4 ? n : (n + 1) / 2;
        size_t max_per = (size_t)imax(1, (c->cw + g) / (cwm + g));
        if (per_row > max_per)
            per_row = max_per;
        rows = (n + per_row - 1) / per_row;
        if (rows > 2) /* only on absurdly narrow screens: the venue zones come first */
            rows = 2;
        cwid = imin(ly_upx(c, 26), (c->cw - (int)(per_row - 1) * g) / (int)per_row);
    }
    int clocks_w = side ? (int)n * cwid + (int)(n - 1) * g : 0;
    int tw = side ? c->cw - clocks_w - 2 * g : c->cw;
    int th = header_title(c, title, l2, &st_t, &st_2, tw);
    if (!n)
        return th;
    if (side) {
        int ch = clock_rows(c, c->x0 + c->cw - clocks_w, c->y0, clocks_w, n, 1, cwid);
        return imax(th, ch);
    }
    return th + c->gs + clock_rows(c, c->x0, c->y0 + th + c->gs, c->cw, per_row, rows, cwid);
}
