/* layout_alert.c - the announcement, hall notes and session marks (layout_alert.h).
 *
 * Layout of this file: a text box maker (the same sizing rules as layout.c's boxes:
 * a box is as tall as its lines, its line budget grows when textlay shrinks the
 * text); which announcement shows and in which languages; the takeover (a size
 * search over the stack of translations); the banner; the info and hall note lines;
 * the marks of a session.
 */
#include "layout_alert.h"

#include <limits.h>
#include <math.h>
#include <string.h>

#include "i18n.h"
#include "layout_int.h"

#define TAKEOVER_SECOND 0.72 /* other languages' size, relative to the board's own */
#define TAKEOVER_MAX_U 12.0  /* the board's language at most this many units */


/* Pixels of k size units (never below LAYOUT_MIN_PX). */
static int upx(double u, double k)
{
    long v = lround(k * u);
    return v < LAYOUT_MIN_PX ? LAYOUT_MIN_PX : (int)v;
}

/* Height of one line of s at px as measured with m's fonts (at least LINE_FACTOR). */
static int line_h(const ly_meter *m, const char *s, int px, bool bold, const char *lang)
{
    int lh = ly_measure(m, s, px, INT_MAX / 4, bold, lang, 0).line_h;
    return imax(lh, (int)ceil(px * LAYOUT_LINE_FACTOR));
}

/* Lines s takes at px in width w with m's fonts. */
static int lines_of(const ly_meter *m, const char *s, int px, int w, bool bold, const char *lang)
{
    return ly_measure(m, s, px, w, bold, lang, 0).lines;
}

/* Copies src into dst (LAYOUT_TEXT_MAX), cut at a UTF-8 boundary when too long. */
static void copy_text(char *dst, const char *src)
{
    size_t n = strlen(src);
    if (n >= LAYOUT_TEXT_MAX) {
        n = LAYOUT_TEXT_MAX - 1;
        while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(dst, src, n);
    dst[n] = '\0';
}

/* Appends s to buf (cap bytes, *len used), cut at a UTF-8 boundary when it does not
 * fit; buf stays NUL-terminated. */
static void append(char *buf, size_t cap, size_t *len, const char *s)
{
    if (!s || *len + 1 >= cap)
        return;
    size_t n = strlen(s), room = cap - 1 - *len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(buf + *len, s, n);
    *len += n;
    buf[*len] = '\0';
}

static layout_box *push(layout_result *out, layout_kind kind, int x, int y, int w, int h)
{
    if (w <= 0 || h <= 0 || out->n >= LAYOUT_MAX_BOXES)
        return NULL;
    layout_box *b = &out->boxes[out->n++];
    memset(b, 0, sizeof(*b));
    b->kind = kind;
    b->x = x, b->y = y, b->w = w, b->h = h;
    return b;
}

static void push_fill(layout_result *out, int x, int y, int w, int h, uint32_t color,
                      uint32_t bg)
{
    layout_box *b = push(out, LAYOUT_FILL, x, y, w, h);
    if (b)
        b->color = color, b->bg = bg;
}

/* A text box of `lines` lines at px (textlay may shrink to min_px, and then set more
 * lines in the same height). */
static layout_box *push_text(const ly_meter *m, layout_result *out, int x, int y, int w, int lines, int px,
                             int min_px, const char *s, bool bold, uint32_t color, uint32_t bg,
                             const char *lang)
{
    int lh = line_h(m, s, px, bold, lang);
    layout_box *b = push(out, LAYOUT_TEXT, x, y, w, lines * lh);
    if (!b)
        return NULL;
    copy_text(b->text, s);
    b->color = color, b->bg = bg;
    b->max_px = px;
    b->min_px = imax(1, imin(min_px, px));
    double f = (double)lh / px;
    if (f > LAYOUT_LINE_FACTOR) /* a taller font may shrink further to fit a line */
        b->min_px = imax(1, imin(b->min_px, (int)floor(lh / f)));
    int one = imax(1, ly_measure(m, s, b->min_px, w, bold, lang, 0).line_h);
    b->max_lines = imax(1, imin(TEXTLAY_MAX_LINES, imax(lines, b->h / one)));
    b->weight = bold ? LAYOUT_WEIGHT_BOLD : LAYOUT_WEIGHT_REGULAR;
    b->align = TEXTLAY_ALIGN_START;
    b->lang = lang;
    return b;
}

/* ---- Which announcement, in which languages ---------------------------------- */

agenda_alert_level layout_alert_level(const agenda *a, int64_t at, int32_t hall)
{
    if (!a)
        return AGENDA_ALERT_NONE;
    const agenda_announcement *an = &a->announcement;
    if (an->level == AGENDA_ALERT_NONE || an->text.n == 0 || at >= an->until)
        return AGENDA_ALERT_NONE;
    if (an->hall >= 0 && hall >= 0 && an->hall != hall)
        return AGENDA_ALERT_NONE;
    return an->level;
}

/* True when tags x and y have the same primary subtag (ASCII, case-insensitive). */
static bool same_primary(const char *x, const char *y)
{
    for (;; x++, y++) {
        bool ex = !*x || *x == '-' || *x == '_', ey = !*y || *y == '-' || *y == '_';
        if (ex || ey)
            return ex && ey;
        char cx = *x >= 'A' && *x <= 'Z' ? (char)(*x + 32) : *x;
        char cy = *y >= 'A' && *y <= 'Z' ? (char)(*y + 32) : *y;
        if (cx != cy)
            return false;
    }
}

/* The translation of t for lang (primary subtag), or NULL. */
static const agenda_tr *find_tr(const agenda_text *t, const char *lang)
{
    if (!lang || !*lang)
        return NULL;
    for (size_t i = 0; i < t->n; i++)
        if (*t->v[i].tag && same_primary(t->v[i].tag, lang))
            return &t->v[i];
    return NULL;
}

size_t layout_alert_texts(const agenda *a, const char *lang, const agenda_tr **out, size_t cap)
{
    const agenda_text *t = &a->announcement.text;
    size_t n = 0;
    if (t->n == 0 || cap == 0)
        return 0;
    for (size_t i = 0; i <= a->n_languages && n < cap; i++) {
        const agenda_tr *tr = find_tr(t, i ? a->languages[i - 1] : lang);
        bool seen = !tr;
        for (size_t j = 0; j < n && !seen; j++)
            seen = out[j] == tr;
        if (!seen)
            out[n++] = tr;
    }
    if (n)
        return n;
    const char *s = agenda_tr_get(a, t, lang);
    for (size_t i = 0; i < t->n && n == 0; i++)
        if (t->v[i].text == s)
            out[n++] = &t->v[i];
    return n;
}

/* ---- The takeover ---------------------------------------------------------- */

/* Size of the i-th text of a takeover whose board language is at s px. */
static int stack_px(int s, size_t i)
{
    return i == 0 ? s : imax(LAYOUT_MIN_PX, (int)lround(s * TAKEOVER_SECOND));
}

/* Height of tr[0..n) stacked at size s in width w with gaps g; the lines of each into
 * lines[]. */
static int stack_h(const ly_meter *m, const char *lang, const agenda_tr *const *tr, size_t n, int s, int w, int g, int *lines)
{
    int h = 0;
    for (size_t i = 0; i < n; i++) {
        int px = stack_px(s, i);
        const char *tl = *tr[i]->tag ? tr[i]->tag : lang;
        lines[i] = lines_of(m, tr[i]->text, px, w, true, tl);
        h += lines[i] * line_h(m, tr[i]->text, px, true, tl) + (i ? g : 0);
    }
    return h;
}

void layout_alert_takeover(const agenda *a, const layout_input *in, layout_result *out)
{
    int W = in->width, H = in->height, mx = out->margin_x, my = out->margin_y;
    int cw = W - 2 * mx, ch = H - 2 * my;
    const char *lang = in->lang ? in->lang : "en";
    out->n = 0;
    push_fill(out, 0, 0, W, H, LAYOUT_ALERT_TAKEOVER_BG, LAYOUT_ALERT_TAKEOVER_BG);
    const agenda_tr *tr[LAYOUT_ALERT_MAX_TEXTS];
    size_t n = layout_alert_texts(a, lang, tr, LAYOUT_ALERT_MAX_TEXTS);
    if (cw <= 0 || ch <= 0 || n == 0)
        return;
    ly_meter m;
    ly_meter_open(&m, in);
    double lng = H > W ? H : W, shrt = H > W ? W : H;
    double u = fmin(shrt, lng * 9.0 / 16.0) / 100.0;
    int g = upx(u, 3.0), rule = imax(2, (int)lround(0.3 * u));
    int lines[LAYOUT_ALERT_MAX_TEXTS];
    int lo = LAYOUT_MIN_PX, hi = imax(lo, upx(u, TAKEOVER_MAX_U));
    while (n > 1 && stack_h(&m, lang, tr, n, lo, cw, g, lines) > ch)
        n--; /* the last languages, when even the smallest size cannot hold them all */
    if (stack_h(&m, lang, tr, n, hi, cw, g, lines) <= ch)
        lo = hi;
    while (hi - lo > 1) { /* lo fits (or is the smallest size), hi does not */
        int mid = lo + (hi - lo) / 2;
        if (stack_h(&m, lang, tr, n, mid, cw, g, lines) <= ch)
            lo = mid;
        else
            hi = mid;
    }
    int h = stack_h(&m, lang, tr, n, lo, cw, g, lines);
    if (h > ch) { /* one text too long for the screen: all of it that fits, cut */
        const char *tl = *tr[0]->tag ? tr[0]->tag : lang;
        lines[0] = imax(1, ch / line_h(&m, tr[0]->text, lo, true, tl));
        h = lines[0] * line_h(&m, tr[0]->text, lo, true, tl);
    }
    int y = my + (ch - h) / 2;
    for (size_t i = 0; i < n; i++) {
        const char *tl = *tr[i]->tag ? tr[i]->tag : lang;
        int px = stack_px(lo, i);
        if (i)
            push_fill(out, mx, y - (g + rule) / 2, cw, rule, 0x5a5a5au, LAYOUT_ALERT_TAKEOVER_BG);
        layout_box *b = push_text(&m, out, mx, y, cw, lines[i], px, imax(LAYOUT_MIN_PX, px * 6 / 10),
                                  tr[i]->text, true, LAYOUT_ALERT_TAKEOVER_FG,
                                  LAYOUT_ALERT_TAKEOVER_BG, tl);
        if (!b)
            break;
        b->align = i18n_rtl(tl) ? TEXTLAY_ALIGN_RIGHT : TEXTLAY_ALIGN_LEFT;
        y += b->h + g;
    }
    ly_meter_close(&m);
}

/* ---- The banner and the lines ---------------------------------------------- */

int layout_alert_banner(const agenda *a, const layout_input *in, int x, int y, int w,
                        int max_h, double u, layout_result *out)
{
    const char *lang = in && in->lang ? in->lang : "en";
    const char *s = a ? agenda_tr_get(a, &a->announcement.text, lang) : NULL;
    int pad = upx(u, 1.2), iw = w - 2 * pad;
    if (!s || !*s || iw <= 0 || out->n + 2 > LAYOUT_MAX_BOXES)
        return 0;
    int px = upx(u, 4.0), min_px = upx(u, 2.8), lines;
    ly_meter m;
    ly_meter_open(&m, in);
    for (;; px--) { /* the largest size that holds the text in the banner's lines */
        lines = lines_of(&m, s, px, iw, true, lang);
        if (lines <= LAYOUT_ALERT_BANNER_LINES || px <= min_px)
            break;
    }
    lines = imin(lines, LAYOUT_ALERT_BANNER_LINES);
    int lh = line_h(&m, s, px, true, lang);
    while (lines > 1 && 2 * pad + lines * lh > max_h)
        lines--;
    int h = 2 * pad + lines * lh;
    if (h <= max_h) {
        push_fill(out, x, y, w, h, LAYOUT_ALERT_BANNER_BG, COL_BG);
        push_text(&m, out, x + pad, y + pad, iw, lines, px, min_px, s, true,
                  LAYOUT_ALERT_BANNER_FG, LAYOUT_ALERT_BANNER_BG, lang);
    }
    ly_meter_close(&m);
    return h <= max_h ? h : 0;
}

/* Text s as a line ending at bottom (not above floor_y); returns the new bottom. */
static int place_line(const ly_meter *m, layout_result *out, const char *s, uint32_t color, bool bold, int x,
                      int w, int floor_y, int bottom, double u, const char *lang)
{
    if (!s || !*s)
        return bottom;
    int px = upx(u, 2.6), min_px = upx(u, 2.0);
    int lines = imin(LAYOUT_ALERT_LINE_LINES, lines_of(m, s, px, w, bold, lang));
    int h = lines * line_h(m, s, px, bold, lang);
    if (bottom - h < floor_y)
        return bottom;
    if (!push_text(m, out, x, bottom - h, w, lines, px, min_px, s, bold, color, COL_BG, lang))
        return bottom;
    return bottom - h - imax(2, (int)lround(1.6 * u));
}

/* The note of the board's hall as a line ending at bottom; returns the new bottom. */
static int hall_note(const ly_meter *m, const agenda *a, const layout_input *in, int x, int w,
                     int floor_y, int bottom, double u, layout_result *out)
{
    const char *lang = in->lang ? in->lang : "en";
    if (in->hall < 0 || (size_t)in->hall >= a->n_halls)
        return bottom;
    const agenda_hall *hl = &a->halls[in->hall];
    const char *note = agenda_tr_get(a, &hl->note, lang), *name = agenda_tr_get(a, &hl->name, lang);
    if (!note || !*note)
        return bottom;
    char line[LAYOUT_TEXT_MAX] = "";
    size_t n = 0;
    append(line, sizeof(line), &n, name ? name : hl->id);
    append(line, sizeof(line), &n, i18n_word(lang, I18N_COLON));
    append(line, sizeof(line), &n, note);
    return place_line(m, out, line, COL_TEXT, false, x, w, floor_y, bottom, u, lang);
}

int layout_alert_lines(const agenda *a, const layout_input *in, agenda_alert_level level,
                       int x, int w, int top, int bottom, double u, layout_result *out)
{
    const char *lang = in->lang ? in->lang : "en";
    int floor_y = top + (bottom - top) / 2;
    if (!a)
        return bottom;
    ly_meter m;
    ly_meter_open(&m, in);
    if (level == AGENDA_ALERT_INFO)
        bottom = place_line(&m, out, agenda_tr_get(a, &a->announcement.text, lang), COL_ACCENT,
                            true, x, w, floor_y, bottom, u, lang);
    bottom = hall_note(&m, a, in, x, w, floor_y, bottom, u, out);
    ly_meter_close(&m);
    return bottom;
}

/* ---- Marks of a session ------------------------------------------------------ */

bool layout_alert_marks(const agenda *a, const agenda_session *se, const char *lang, char *buf,
                        size_t cap)
{
    size_t n = 0;
    if (cap)
        buf[0] = '\0';
    if (!a || !se || cap == 0 || se->status == AGENDA_STATUS_CANCELLED)
        return false;
    if (se->delay_min > 0) {
        char d[I18N_BUF];
        i18n_format_minutes(lang, I18N_SPAN_DELAYED, se->delay_min, d, sizeof(d));
        append(buf, cap, &n, d);
    }
    bool moved = se->moved && se->hall >= 0 && (size_t)se->hall < a->n_halls;
    if (moved) {
        const agenda_hall *h = &a->halls[se->hall];
        const char *name = agenda_tr_get(a, &h->name, lang);
        append(buf, cap, &n, n ? " · " : "");
        append(buf, cap, &n, i18n_word(lang, I18N_MOVED_TO));
        append(buf, cap, &n, " ");
        append(buf, cap, &n, name ? name : h->id);
    }
    if (se->hall_full) {
        append(buf, cap, &n, n ? " · " : "");
        append(buf, cap, &n, i18n_word(lang, I18N_HALL_FULL));
    }
    return moved || se->hall_full;
}
