/* theme.c - the board's look: the size scale (a unit of 1 % of the shorter side of
 * a 16:9 design area), text styles, line heights, track colours, and the WCAG
 * contrast (layout_contrast); the feed's theme, checked pair by pair
 * (layout_theme_ok) and put in place of the board's colours, and the background image
 * (ly_look). The palette itself is in layout_int.h.
 */
#include "layout_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "qr.h"

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

int ly_page_mark(ly_ctx *c, int right, int y, int room, const ly_style *st, size_t page,
                 size_t pages)
{
    if (pages <= 1)
        return 0;
    char k[24], n[24], lab[I18N_BUF];
    snprintf(k, sizeof(k), "%zu", page + 1);
    snprintf(n, sizeof(n), "%zu", pages);
    i18n_fill(c->lang, I18N_LOBBY_PAGE, k, n, NULL, lab, sizeof(lab));
    if (!lab[0])
        return 0;
    ly_style pst = *st;
    pst.color = COL_TEXT2;
    pst.align = TEXTLAY_ALIGN_END;
    int pw = room * 45 / 100;
    ly_text(c, right - pw, y, pw, &pst, COL_BG, lab);
    return pw;
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

/* An image (LAYOUT_IMAGE: ref is an image's reference) or a QR code (LAYOUT_QR: ref is
 * the text encoded) in the box; NULL while measuring, when the reference is absent or
 * too long for a box (it is never cut: a cut reference is another image). */
layout_box *ly_media(ly_ctx *c, layout_kind kind, int x, int y, int w, int h, const char *ref)
{
    if (!ref || !*ref || strlen(ref) >= LAYOUT_TEXT_MAX)
        return NULL;
    layout_box *b = ly_push(c, kind, x, y, w, h);
    if (b) {
        memcpy(b->text, ref, strlen(ref) + 1);
        b->bg = COL_BG;
    }
    return b;
}

int ly_qr_side(const ly_ctx *c, const char *url)
{
    if (!url || !*url || strlen(url) >= LAYOUT_TEXT_MAX)
        return 0;
    qr_code *q = malloc(sizeof(*q));
    int side = 0;
    if (q && qr_encode(url, q) == 0)
        side = qr_box_px(q->size, c->W, c->H);
    free(q);
    return side;
}

/* ---- The feed's theme ---------------------------------------------------------- */

/* The board's colours and what a feed's theme puts in their place: the three colours
 * it gives, and the rest derived from them (mixes of the background and the text, a
 * warning red that stands out on the background). */
enum { P_BG, P_PANEL, P_TEXT, P_TEXT2, P_ACCENT, P_WARN, P_RULE, P_BAND, P_BAR, P_N };

static const uint32_t board_palette[P_N] = {COL_BG,   COL_PANEL, COL_TEXT, COL_TEXT2, COL_ACCENT,
                                            COL_WARN, COL_RULE,  COL_BAND, COL_BAR};

#define WARN_ON_DARK 0xff8a80u  /* the board's warning red (on a dark background) */
#define WARN_ON_LIGHT 0xb3261eu /* its counterpart on a light background */

/* a and b mixed: k/100 of b. */
static uint32_t mix(uint32_t a, uint32_t b, int k)
{
    uint32_t out = 0;
    for (int sh = 0; sh <= 16; sh += 8) {
        int ca = (int)(a >> sh & 0xFF), cb = (int)(b >> sh & 0xFF);
        out |= (uint32_t)((ca * (100 - k) + cb * k + 50) / 100) << sh;
    }
    return out;
}

static void theme_palette(const agenda_theme *t, uint32_t p[P_N])
{
    p[P_BG] = t->bg;
    p[P_TEXT] = t->text;
    p[P_ACCENT] = t->accent;
    p[P_TEXT2] = mix(t->text, t->bg, 22);
    p[P_PANEL] = mix(t->bg, t->text, 8);
    p[P_RULE] = mix(t->bg, t->text, 18); /* also the progress groove */
    p[P_BAND] = mix(t->bg, t->text, 28);
    p[P_BAR] = t->accent;
    p[P_WARN] = layout_contrast(WARN_ON_DARK, t->bg) >= layout_contrast(WARN_ON_LIGHT, t->bg)
                    ? WARN_ON_DARK
                    : WARN_ON_LIGHT;
}

/* Checks fg on bg against need; writes the failure into why. */
static bool pair_ok(const char *fg_name, uint32_t fg, const char *bg_name, uint32_t bg,
                    double need, char *why, size_t cap)
{
    double r = layout_contrast(fg, bg);
    if (r >= need)
        return true;
    if (why && cap) /* rounded down: a ratio shown as 4.5 is never below it */
        snprintf(why, cap, "%s #%06x on %s #%06x: %.2f:1 (needs %.1f:1)", fg_name,
                 (unsigned)fg, bg_name, (unsigned)bg, floor(r * 100.0) / 100.0, need);
    return false;
}

/* The pairs the layout draws: every text colour on the surfaces it sits on (the
 * background, an info card's panel), then every track colour (a band beside a title, a
 * progress bar) on the background. The urgent banner and the emergency screen keep
 * their own colours (layout_alert.h). */
bool layout_theme_ok(const agenda_theme *t, const agenda *a, char *why, size_t cap)
{
    if (why && cap)
        why[0] = '\0';
    uint32_t p[P_N];
    theme_palette(t, p);
    static const struct {
        int fg;
        const char *name;
    } texts[] = {{P_TEXT, "text"}, {P_TEXT2, "secondary text"}, {P_ACCENT, "accent"},
                 {P_WARN, "warning text"}};
    static const struct {
        int bg;
        const char *name;
    } surfaces[] = {{P_BG, "background"}, {P_PANEL, "card panel"}};
    for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
        for (size_t j = 0; j < sizeof(surfaces) / sizeof(surfaces[0]); j++)
            if (!pair_ok(texts[i].name, p[texts[i].fg], surfaces[j].name, p[surfaces[j].bg],
                         LAYOUT_TEXT_CONTRAST, why, cap))
                return false;
    for (size_t i = 0; a && i < a->n_tracks; i++) {
        char name[48];
        snprintf(name, sizeof(name), "track colour (tracks[%zu])", i);
        if (a->tracks[i].has_color && !pair_ok(name, a->tracks[i].color, "background", p[P_BG],
                                                LAYOUT_BAND_CONTRAST, why, cap))
            return false;
    }
    return true;
}

/* Index of colour v in the board's palette, or -1. */
static int palette_index(uint32_t v)
{
    for (int i = 0; i < P_N; i++)
        if (board_palette[i] == v)
            return i;
    return -1;
}

/* Every box drawn in the board's colours gets the theme's counterparts; a box on a
 * surface of its own (the urgent banner) keeps its colours. A track colour that is
 * exactly one of the board's own colours is taken for it. */
static void apply_theme(layout_result *r, const uint32_t p[P_N])
{
    for (size_t i = 0; i < r->n; i++) {
        layout_box *b = &r->boxes[i];
        int bi = palette_index(b->bg), ci = palette_index(b->color);
        if (bi < 0)
            continue;
        b->bg = p[bi];
        if (ci >= 0 && b->kind != LAYOUT_IMAGE && b->kind != LAYOUT_QR)
            b->color = p[ci];
    }
}

/* The feed's background: the image covering the whole screen (cut, not letterboxed,
 * when its shape is not the screen's) as box 1 (over box 0, the
 * background colour), then the content area in the background colour over it. */
static void put_background(ly_ctx *c)
{
    layout_result *r = c->out;
    const char *ref = c->a->background;
    if (!ref || !*ref || r->n < 1 || r->n + 2 > LAYOUT_MAX_BOXES ||
        strlen(ref) >= sizeof(r->boxes[0].text))
        return;
    memmove(&r->boxes[3], &r->boxes[1], (r->n - 1) * sizeof(r->boxes[0]));
    r->n += 2;
    layout_box *img = &r->boxes[1], *panel = &r->boxes[2];
    uint32_t bg = r->boxes[0].color;
    memset(img, 0, sizeof(*img));
    *img = (layout_box){
        .kind = LAYOUT_IMAGE, .x = 0, .y = 0, .w = c->W, .h = c->H, .bg = bg, .cover = true};
    memcpy(img->text, ref, strlen(ref) + 1);
    *panel = (layout_box){.kind = LAYOUT_FILL, .x = r->margin_x, .y = r->margin_y,
                          .w = c->W - 2 * r->margin_x, .h = c->H - 2 * r->margin_y,
                          .color = bg, .bg = bg};
}

void ly_look(ly_ctx *c)
{
    const agenda *a = c->a;
    if (!a)
        return;
    if (a->theme.has_theme && layout_theme_ok(&a->theme, a, NULL, 0)) {
        uint32_t p[P_N];
        theme_palette(&a->theme, p);
        apply_theme(c->out, p);
    }
    put_background(c);
}
