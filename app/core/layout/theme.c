/* theme.c - the board's look: the size scale (a unit of 1 % of the shorter side of
 * a 16:9 design area), text styles, line heights, track colours, and the WCAG
 * contrast (layout_contrast). The palette itself is in layout_int.h.
 */
#include "layout_int.h"

#include <math.h>
#include <string.h>

/* Pixels of k size units. */
int ly_upx(const ly_ctx *c, double k)
{
    long v = lround(k * c->u);
    return v < MIN_PX ? MIN_PX : (int)v;
}

/* Height of one line of text at px with line factor lf. */
int ly_line_px(int px, double lf)
{
    return (int)ceil(px * (lf > LINE_FACTOR ? lf : LINE_FACTOR));
}

ly_style ly_sty(const ly_ctx *c, double size, double min_size, int lines, uint32_t color, bool bold)
{
    ly_style s = {.px = ly_upx(c, size), .min_px = ly_upx(c, min_size), .lines = lines, .lf = LINE_FACTOR,
               .color = color, .weight = bold ? LAYOUT_WEIGHT_BOLD : LAYOUT_WEIGHT_REGULAR,
               .align = TEXTLAY_ALIGN_START};
    if (s.min_px > s.px)
        s.min_px = s.px;
    return s;
}

/* Height of one line of style s. */
int ly_sty_line(const ly_style *s)
{
    return ly_line_px(s->px, s->lf);
}

int ly_sty_h(const ly_style *s)
{
    return s->lines * ly_sty_line(s);
}

/* s with the line factor its text needs at s's size (never lower than what s has):
 * taller when a font the text falls back to is taller (Arabic, Myanmar...). */
ly_style ly_for_text(const ly_ctx *c, ly_style s, const char *text)
{
    double f = ly_text_factor(c, text, s.px, s.weight == LAYOUT_WEIGHT_BOLD);
    if (f > s.lf)
        s.lf = f;
    return s;
}

/* Smallest size whose cap height is 4 % of the screen height: ceil(0.04 H / 0.714),
 * computed exactly in integers and checked against the floating-point form. */
int ly_title_min_px(int height)
{
    int exact = (int)((40LL * height + 713) / 714);
    int fp = (int)ceil(0.04 * height / CAP_HEIGHT);
    return imax(imax(exact, fp), MIN_PX);
}

/* A session title (held to the cap-height rule, so its min_px cannot drop: a title
 * in a tall script gets taller lines instead). */
ly_style ly_title_style(const ly_ctx *c, int px, int lines, const char *text)
{
    ly_style s = {.px = imax(px, c->title_min), .min_px = c->title_min, .lines = lines,
               .lf = ly_text_factor(c, text, imax(px, c->title_min), true), .color = COL_TEXT, .weight = LAYOUT_WEIGHT_BOLD,
               .align = TEXTLAY_ALIGN_START, .is_title = true};
    return s;
}

int ly_band_w(const ly_ctx *c)
{
    return imax(3, ly_upx(c, 0.8));
}

uint32_t ly_track_color(const ly_ctx *c, const agenda_session *se, uint32_t dflt)
{
    if (se->track >= 0 && (size_t)se->track < c->a->n_tracks && c->a->tracks[se->track].has_color)
        return c->a->tracks[se->track].color;
    return dflt;
}

/* A section heading (NOW, NEXT, "Elsewhere now") with its word. */
ly_style ly_label_style(const ly_ctx *c, i18n_word_id id)
{
    return ly_for_text(c, ly_sty(c, 2.8, 2.0, 1, COL_ACCENT, true), i18n_word(c->lang, id));
}

/* sRGB channel (0..255) to linear light. */
static double linear(uint32_t v)
{
    double x = (double)v / 255.0;
    return x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4);
}

/* WCAG 2 relative luminance of 0xRRGGBB. */
static double luminance(uint32_t rgb)
{
    return 0.2126 * linear(rgb >> 16 & 0xFF) + 0.7152 * linear(rgb >> 8 & 0xFF) +
           0.0722 * linear(rgb & 0xFF);
}

double layout_contrast(uint32_t fg, uint32_t bg)
{
    double a = luminance(fg), b = luminance(bg);
    return a > b ? (a + 0.05) / (b + 0.05) : (b + 0.05) / (a + 0.05);
}
