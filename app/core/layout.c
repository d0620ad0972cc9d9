/* layout.c - the screen as boxes (layout.h): header with the event title and a clock
 * per zone, what is on now (or the phase's message), what comes next, the other
 * halls, an info card and the footer.
 *
 * Layout of this file: colours and the size scale; box emitters (every box goes
 * through push(), which does nothing while a block is only being measured); text
 * helpers (bounded UTF-8 writer, people, local times in every zone); an item chooser
 * that keeps the most important lines of a block within a height budget; the blocks
 * (header, current session, next session, status, elsewhere, card, footer), each of
 * which returns the height it takes and emits its boxes only when ctx.emit is set;
 * the landscape and portrait arrangements; a final pass enforcing the screen, margin
 * and no-overlap rules and mirroring for right-to-left languages; the WCAG contrast.
 *
 * Geometry never depends on the length of the board's own words, only on agenda text
 * (title lines are estimated from the title), so the same state gives the same boxes
 * in every UI language, mirrored for RTL.
 */
#include "layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "i18n.h"

/* ---- Colours (all text colours >= 4.5:1 on the surfaces they sit on) -------- */

#define COL_BG      0x0d1b2au /* the screen */
#define COL_PANEL   0x1b2d45u /* info card surface */
#define COL_TEXT    0xffffffu /* primary text */
#define COL_TEXT2   0xc5ced9u /* secondary text: speakers, times, labels */
#define COL_ACCENT  0xffd166u /* section headings, "in 12 min" */
#define COL_WARN    0xff8a80u /* cancelled, source warning */
#define COL_RULE    0x2a4160u /* header divider */
#define COL_GROOVE  0x2a4160u /* unfilled part of a progress bar */
#define COL_BAR     0x4fc3f7u /* progress when the track has no colour */
#define COL_BAND    0x3a5070u /* session band when the track has no colour */

/* Line height as a multiple of the font size: Noto Sans is 1.36 em, Noto Sans CJK
 * 1.45 em. Some scripts' fonts are much taller (tall_factor()). */
#define LINE_FACTOR 1.5
#define MIN_PX 6              /* no text smaller than this, whatever the screen */
#define CAP_HEIGHT 0.714      /* Noto Sans cap height, em */
#define MAX_NEXT 3            /* sessions in the NEXT list */
#define MAX_ELSEWHERE 3       /* lines of the "Elsewhere now" list */
#define NEXT_SCAN 4096        /* sessions looked at to complete the NEXT list */
#define BUDGET_MIN INT32_MIN  /* as a budget: measure a block's smallest form */

typedef struct {
    const agenda *a;
    const sched_state *s;
    const layout_input *in;
    layout_result *out;
    const char *lang;     /* UI language as given (boxes carry it) */
    int W, H;
    int x0, y0, cw, ch;   /* content area: the screen inside the margins */
    double u;             /* size unit: 1 % of the shorter side of a 16:9 design area */
    int gs, gb, gsec;     /* gaps: between lines, between blocks, between sections */
    int title_min, title_max;
    bool portrait;
    bool emit;            /* false while a block is only measured */
    size_t shown[AGENDA_MAX_CARDS];
    size_t n_shown;       /* cards shown now (capped at AGENDA_MAX_CARDS) */
    size_t cards_used;    /* cards placed so far (each card appears once) */
    size_t max_cards;     /* cards this phase may show */
} ctx;

typedef struct {
    int px, min_px, lines;
    double lf;           /* line height factor for titles of tall scripts; 0 = LINE_FACTOR */
    uint32_t color;
    layout_weight weight;
    textlay_align align;
    bool is_title;
} style;

/* ---- Sizes ---------------------------------------------------------------- */

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

/* Pixels of k size units. */
static int upx(const ctx *c, double k)
{
    long v = lround(k * c->u);
    return v < MIN_PX ? MIN_PX : (int)v;
}

/* Height of one line of text at px. */
static int lh(int px)
{
    return (int)ceil(px * LINE_FACTOR);
}

static style sty(const ctx *c, double size, double min_size, int lines, uint32_t color, bool bold)
{
    style s = {.px = upx(c, size), .min_px = upx(c, min_size), .lines = lines, .color = color,
               .weight = bold ? LAYOUT_WEIGHT_BOLD : LAYOUT_WEIGHT_REGULAR,
               .align = TEXTLAY_ALIGN_START};
    if (s.min_px > s.px)
        s.min_px = s.px;
    return s;
}

/* Height of one line of style s. */
static int sty_line(const style *s)
{
    return s->lf > LINE_FACTOR ? (int)ceil(s->px * s->lf) : lh(s->px);
}

static int sty_h(const style *s)
{
    return s->lines * sty_line(s);
}

/* Decodes one UTF-8 code point at *p (validated input; bad bytes count as one). */
static uint32_t next_cp(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t cp = s[0];
    int n = cp < 0x80 ? 0 : cp < 0xE0 ? 1 : cp < 0xF0 ? 2 : 3;
    cp &= n == 0 ? 0x7F : n == 1 ? 0x1F : n == 2 ? 0x0F : 0x07;
    s++;
    for (int i = 0; i < n && (*s & 0xC0) == 0x80; i++)
        cp = cp << 6 | (*s++ & 0x3F);
    *p = s;
    return cp;
}

/* Line height factor that text needs when it holds a script whose Noto font is
 * taller than LINE_FACTOR (Noto Sans Arabic 2.12 em, Myanmar 2.19, Lao 1.65, Thai
 * 1.52, Thaana 1.50); LINE_FACTOR otherwise. */
static double tall_factor(const char *text)
{
    double f = LINE_FACTOR;
    const unsigned char *p = (const unsigned char *)text;
    while (p && *p) {
        uint32_t cp = next_cp(&p);
        if (cp < 0x0600)
            continue;
        double g = (cp >= 0x0600 && cp <= 0x08FF) || (cp >= 0xFB50 && cp <= 0xFDFF) ||
                           (cp >= 0xFE70 && cp <= 0xFEFF)
                       ? 2.15 /* Arabic */
                   : (cp >= 0x1000 && cp <= 0x109F) || (cp >= 0xA9E0 && cp <= 0xA9FF) ||
                           (cp >= 0xAA60 && cp <= 0xAA7F)
                       ? 2.2 /* Myanmar */
                   : cp >= 0x0E00 && cp <= 0x0EFF ? 1.66 /* Thai, Lao */
                   : cp >= 0x0700 && cp <= 0x07BF ? 1.55 /* Syriac, Thaana */
                                                  : LINE_FACTOR;
        if (g > f)
            f = g;
    }
    return f;
}

/* Smallest size whose cap height is 4 % of the screen height: ceil(0.04 H / 0.714),
 * computed exactly in integers and checked against the floating-point form. */
static int title_min_px(int height)
{
    int exact = (int)((40LL * height + 713) / 714);
    int fp = (int)ceil(0.04 * height / CAP_HEIGHT);
    return imax(imax(exact, fp), MIN_PX);
}

/* A session title (held to the cap-height rule, so its min_px cannot drop: a title
 * in a tall script gets taller lines instead). */
static style title_style(const ctx *c, int px, int lines, const char *text)
{
    style s = {.px = imax(px, c->title_min), .min_px = c->title_min, .lines = lines,
               .lf = tall_factor(text), .color = COL_TEXT, .weight = LAYOUT_WEIGHT_BOLD,
               .align = TEXTLAY_ALIGN_START, .is_title = true};
    return s;
}

/* ---- Boxes ---------------------------------------------------------------- */

/* A new box, or NULL while measuring, when empty or when the list is full. */
static layout_box *push(ctx *c, layout_kind kind, int x, int y, int w, int h)
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

static void fill(ctx *c, int x, int y, int w, int h, uint32_t color, uint32_t bg)
{
    layout_box *b = push(c, LAYOUT_FILL, x, y, w, h);
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

/* A text box of st's height; returns it (NULL when not emitted). */
static layout_box *text(ctx *c, int x, int y, int w, const style *st, uint32_t bg, const char *s)
{
    if (!s || !*s)
        return NULL;
    layout_box *b = push(c, LAYOUT_TEXT, x, y, w, sty_h(st));
    if (!b)
        return NULL;
    b->color = st->color;
    b->bg = bg;
    set_text(b->text, s);
    b->max_px = st->px;
    b->min_px = st->min_px;
    /* Text in a tall script may shrink further, so that a line fits the box. */
    double f = st->is_title ? 0 : tall_factor(b->text);
    if (f > LINE_FACTOR)
        b->min_px = imax(1, imin(b->min_px, (int)floor(sty_line(st) / f)));
    b->max_lines = st->lines;
    b->align = st->align;
    b->weight = st->weight;
    b->is_title = st->is_title;
    return b;
}

/* ---- Text helpers --------------------------------------------------------- */

/* A bounded UTF-8 string builder; once something did not fit, it stays full (the
 * box then cuts the text with an ellipsis). */
typedef struct {
    char buf[LAYOUT_TEXT_MAX + 16];
    size_t len;
    bool full;
} sbuf;

static void sb_init(sbuf *b)
{
    b->buf[0] = '\0';
    b->len = 0;
    b->full = false;
}

static void sb_put(sbuf *b, const char *s)
{
    if (b->full || !s)
        return;
    size_t n = strlen(s), room = sizeof(b->buf) - 1 - b->len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
        b->full = true;
    }
    memcpy(b->buf + b->len, s, n);
    b->len += n;
    b->buf[b->len] = '\0';
}

/* The agenda text t in the board's language (NULL when absent). */
static const char *tr(const ctx *c, const agenda_text *t)
{
    return agenda_tr_get(c->a, t, c->lang);
}

static const char *zone_label(const ctx *c, size_t i)
{
    const char *s = tr(c, &c->a->zones[i].label);
    return s ? s : c->a->zones[i].name;
}

static const char *hall_name(const ctx *c, int32_t hall)
{
    if (hall < 0 || (size_t)hall >= c->a->n_halls)
        return NULL;
    const char *s = tr(c, &c->a->halls[hall].name);
    return s ? s : c->a->halls[hall].id;
}

/* "Name (Role, Affiliation) · Name ..." (details false: names only). */
static void sb_people(const ctx *c, sbuf *b, const agenda_person *p, size_t n, bool details)
{
    for (size_t i = 0; i < n && !b->full; i++) {
        if (i)
            sb_put(b, " · ");
        sb_put(b, tr(c, &p[i].name));
        if (!details)
            continue;
        const char *role = tr(c, &p[i].role), *aff = tr(c, &p[i].affiliation);
        if (role || aff) {
            sb_put(b, " (");
            sb_put(b, role);
            if (role && aff)
                sb_put(b, ", ");
            sb_put(b, aff);
            sb_put(b, ")");
        }
    }
}

/* "HH:MM" of instant t in the agenda's zone `zone`. */
static void sb_hm(const ctx *c, sbuf *b, size_t zone, int64_t t)
{
    tz_local lt;
    char hm[6];
    tz_to_local(c->a->zones[zone].tz, t, &lt);
    civil_format_hm(lt.hour, lt.minute, hm);
    sb_put(b, hm);
}

/* The board's date of instant t in the agenda's zone `zone` ("Wed 9 Dec"). */
static void sb_date(const ctx *c, sbuf *b, size_t zone, int64_t t)
{
    tz_local lt;
    char d[I18N_BUF];
    tz_to_local(c->a->zones[zone].tz, t, &lt);
    i18n_format_date(c->lang, lt.weekday, lt.month, lt.day, d, sizeof(d));
    sb_put(b, d);
}

/* "[Hall · ]12:00–12:05 Moscow · 17:00–17:05 Beijing" for a session. */
static void sb_session_times(const ctx *c, sbuf *b, const agenda_session *se)
{
    const char *hall = hall_name(c, se->hall);
    if (hall) {
        sb_put(b, hall);
        sb_put(b, " · ");
    }
    for (size_t i = 0; i < c->a->n_zones; i++) {
        if (i)
            sb_put(b, " · ");
        sb_hm(c, b, i, se->start);
        sb_put(b, "\xe2\x80\x93"); /* en dash */
        sb_hm(c, b, i, se->end);
        sb_put(b, " ");
        sb_put(b, zone_label(c, i));
    }
}

/* "[date ]12:30 Moscow<sep>[date ]17:30 Beijing": instant t in every zone. */
static void sb_instant(const ctx *c, sbuf *b, int64_t t, const char *sep, bool dated)
{
    for (size_t i = 0; i < c->a->n_zones; i++) {
        if (i)
            sb_put(b, sep);
        if (dated) {
            sb_date(c, b, i, t);
            sb_put(b, " ");
        }
        sb_hm(c, b, i, t);
        sb_put(b, " ");
        sb_put(b, zone_label(c, i));
    }
}

/* Whole minutes from `from` to `to`, rounded up (a countdown never shows 0 early). */
static int64_t minutes_until(int64_t from, int64_t to)
{
    if (to <= from)
        return 0;
    int64_t d = to - from;
    return d / 60 + (d % 60 != 0);
}

static bool wide_cp(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Lines that agenda text s probably needs at px (callers pass the smallest size) in
 * width w (1..max_lines). A rough advance estimate (CJK 1 em, ASCII 0.56 em, other
 * scripts 0.62 em) only decides how much room to offer; textlay fits the text exactly
 * later, shrinking it between max_px and min_px. */
static int est_lines(const char *s, int px, int w, int max_lines)
{
    if (!s || w <= 0)
        return 1;
    double em = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && em < 4096) {
        uint32_t cp = next_cp(&p);
        em += cp < 0x80 ? 0.56 : wide_cp(cp) ? 1.0 : 0.62;
    }
    int lines = (int)ceil(em * px * 1.05 / w);
    return lines < 1 ? 1 : lines > max_lines ? max_lines : lines;
}

/* ---- Choosing lines within a budget -------------------------------------- */

/* One line group of a block: included by priority, placed in array order. */
typedef struct {
    int h;     /* height; 0 = absent */
    int prio;  /* 0 = most important */
    bool glue; /* extends the item before it (no gap, needs it) */
    bool on;
} item;

#define MAX_PRIO 9

static int items_height(const item *it, size_t n, int gap)
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
static int choose_items(item *it, size_t n, int budget, int gap)
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

/* Advances y past item i when it is on (gap first unless it is the first or glued). */
static int item_y(const item *it, size_t i, int y, bool *any, int gap)
{
    if (*any && !it[i].glue)
        y += gap;
    *any = true;
    return y;
}

/* ---- Blocks --------------------------------------------------------------- */

static int band_w(const ctx *c)
{
    return imax(3, upx(c, 0.8));
}

static uint32_t track_color(const ctx *c, const agenda_session *se, uint32_t dflt)
{
    if (se->track >= 0 && (size_t)se->track < c->a->n_tracks && c->a->tracks[se->track].has_color)
        return c->a->tracks[se->track].color;
    return dflt;
}

static style label_style(const ctx *c)
{
    return sty(c, 2.8, 2.0, 1, COL_ACCENT, true);
}

/* A current session: band, title, subtitle, speakers, chair, hall and times, progress. */
static int blk_now(ctx *c, const agenda_session *se, int x, int y, int w, int budget)
{
    enum { TITLE, TITLE_X, SUB, SPK, SPK_X, CHAIR, TIMES, PROG, N };
    int band = band_w(c), tx = x + band + c->gs * 2, tw = w - band - c->gs * 2;
    if (tw <= 0)
        return 0;
    const char *title = tr(c, &se->title), *sub = tr(c, &se->subtitle);
    style st_t = title_style(c, c->title_max, 1, title);
    style st_sub = sty(c, 3.2, 2.4, 1, COL_TEXT2, false);
    style st_spk = sty(c, 3.0, 2.2, 1, COL_TEXT2, false);
    style st_chair = sty(c, 2.8, 2.1, 1, COL_TEXT2, false);
    style st_times = sty(c, 2.8, 2.0, c->a->n_zones > 2 ? 2 : 1, COL_TEXT2, false);
    style st_left = sty(c, 2.8, 2.2, 1, COL_TEXT, true);
    st_left.align = TEXTLAY_ALIGN_END;

    sbuf spk, chair, times;
    sb_init(&spk), sb_init(&chair), sb_init(&times);
    sb_people(c, &spk, se->speakers, se->n_speakers, true);
    if (se->n_chair) {
        sb_put(&chair, i18n_word(c->lang, I18N_CHAIR));
        sb_put(&chair, i18n_word(c->lang, I18N_COLON));
        sb_people(c, &chair, se->chair, se->n_chair, true);
    }
    sb_session_times(c, &times, se);

    int tl = est_lines(title, st_t.min_px, tw, c->portrait ? 3 : 2);
    int sl = spk.len ? est_lines(spk.buf, st_spk.min_px, tw, c->portrait ? 3 : 2) : 0;
    item it[N] = {
        [TITLE] = {sty_line(&st_t), 0, false, false},
        [TITLE_X] = {(tl - 1) * sty_line(&st_t), 4, true, false},
        [SUB] = {sub && *sub ? sty_h(&st_sub) : 0, 5, false, false},
        [SPK] = {spk.len ? lh(st_spk.px) : 0, 3, false, false},
        [SPK_X] = {sl > 1 ? (sl - 1) * lh(st_spk.px) : 0, 6, true, false},
        [CHAIR] = {chair.len ? sty_h(&st_chair) : 0, 7, false, false},
        [TIMES] = {sty_h(&st_times), 2, false, false},
        [PROG] = {lh(st_left.px), 1, false, false},
    };
    int h = choose_items(it, N, budget, c->gs);
    if (!it[TITLE].on)
        return 0;
    if (!c->emit)
        return h;

    fill(c, x, y, band, h, track_color(c, se, COL_BAND), COL_BG);
    bool any = false;
    int yy = y;
    if (it[TITLE].on) {
        yy = item_y(it, TITLE, yy, &any, c->gs);
        st_t.lines = it[TITLE_X].on ? tl : 1;
        text(c, tx, yy, tw, &st_t, COL_BG, title ? title : se->id);
        yy += sty_h(&st_t);
    }
    if (it[SUB].on) {
        yy = item_y(it, SUB, yy, &any, c->gs);
        text(c, tx, yy, tw, &st_sub, COL_BG, sub);
        yy += sty_h(&st_sub);
    }
    if (it[SPK].on) {
        yy = item_y(it, SPK, yy, &any, c->gs);
        st_spk.lines = it[SPK_X].on ? sl : 1;
        text(c, tx, yy, tw, &st_spk, COL_BG, spk.buf);
        yy += sty_h(&st_spk);
    }
    if (it[CHAIR].on) {
        yy = item_y(it, CHAIR, yy, &any, c->gs);
        text(c, tx, yy, tw, &st_chair, COL_BG, chair.buf);
        yy += sty_h(&st_chair);
    }
    if (it[TIMES].on) {
        yy = item_y(it, TIMES, yy, &any, c->gs);
        text(c, tx, yy, tw, &st_times, COL_BG, times.buf);
        yy += sty_h(&st_times);
    }
    if (it[PROG].on) {
        yy = item_y(it, PROG, yy, &any, c->gs);
        int row = lh(st_left.px), lw = tw * 3 / 10, bw = tw - lw - c->gb;
        int bh = imax(4, upx(c, 1.2));
        layout_box *b = push(c, LAYOUT_PROGRESS, tx, yy + (row - bh) / 2, bw, bh);
        if (b) {
            b->color = track_color(c, se, COL_BAR);
            b->bg = COL_GROOVE;
            b->progress = sched_progress(se, c->s->at);
        }
        char left[I18N_BUF];
        i18n_format_minutes(c->lang, I18N_SPAN_LEFT, minutes_until(c->s->at, se->end), left,
                            sizeof(left));
        text(c, tx + tw - lw, yy, lw, &st_left, COL_BG, left);
    }
    return h;
}

/* One line in a warning colour: "Cancelled · Title" (or text as given). */
static int line_cancelled(ctx *c, const agenda_session *se, const char *given, int x, int y,
                          int w)
{
    style st = sty(c, 2.8, 2.0, 1, COL_WARN, false);
    if (c->emit) {
        sbuf b;
        sb_init(&b);
        if (given) {
            sb_put(&b, given);
        } else {
            sb_put(&b, i18n_word(c->lang, I18N_CANCELLED));
            sb_put(&b, " · ");
            const char *t = tr(c, &se->title);
            sb_put(&b, t ? t : se->id);
        }
        text(c, x, y, w, &st, COL_BG, b.buf);
    }
    return sty_h(&st);
}

/* Cancelled sessions of now: one or two lines ("+N more" when there are more). */
static int blk_cancelled(ctx *c, int x, int y, int w, int budget)
{
    size_t n = c->s->n_cancelled_now;
    if (!n)
        return 0;
    int line = sty_h(&(style){.px = upx(c, 2.8), .lines = 1});
    int h = 0;
    for (size_t i = 0; i < n && i < 2; i++) {
        int need = h + (h ? c->gs : 0) + line;
        if (need > budget)
            break;
        int yy = y + h + (h ? c->gs : 0);
        if (i == 1 && n > 2) {
            char more[I18N_BUF];
            i18n_format_more(c->lang, (int64_t)(n - 1), false, more, sizeof(more));
            line_cancelled(c, NULL, more, x, yy, w);
        } else {
            line_cancelled(c, c->s->cancelled_now[i], NULL, x, yy, w);
        }
        h = need;
    }
    return h;
}

/* NOW: heading, the first current sessions, "+N more in progress", cancelled ones. */
static int sec_now(ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    style st_label = label_style(c), st_more = sty(c, 2.8, 2.0, 1, COL_TEXT2, false);
    int label_h = sty_h(&st_label), more_h = sty_h(&st_more);
    size_t n = s->n_now, kmax = c->portrait ? 3 : 2;
    size_t k = n < kmax ? n : kmax;
    if (!n)
        return 0;
    /* The least a session needs: one title line (the progress row and the rest come
     * when there is room). */
    style st_first = title_style(c, c->title_max, 1, tr(c, &s->now[0]->title));
    int min_blk = sty_line(&st_first);
    /* One "Cancelled" line is worth more than the optional lines of the sessions. */
    int cancelled_h = s->n_cancelled_now ? c->gb + more_h : 0;
    int per = 0;
    for (; k > 0; k--) {
        int fixed = label_h + c->gs + (n > k ? c->gs + more_h : 0) + cancelled_h;
        per = (budget - fixed - (int)(k - 1) * c->gb) / (int)k;
        if (per >= min_blk)
            break;
    }
    if (k == 0)
        return 0;

    int yy = y;
    text(c, x, yy, w, &st_label, COL_BG, i18n_word(c->lang, I18N_NOW));
    yy += label_h + c->gs;
    size_t shown = 0;
    for (; shown < k; shown++) {
        /* A later title in a taller script may not fit the share: stop there. */
        int h = blk_now(c, s->now[shown], x, yy + (shown ? c->gb : 0), w, per);
        if (!h)
            break;
        yy += (shown ? c->gb : 0) + h;
    }
    if (n > shown && budget - (yy - y) >= c->gs + more_h) {
        char more[I18N_BUF];
        i18n_format_more(c->lang, (int64_t)(n - shown), true, more, sizeof(more));
        yy += c->gs;
        text(c, x, yy, w, &st_more, COL_BG, more);
        yy += more_h;
    }
    int room = budget - (yy - y) - c->gb;
    int ch = room > 0 ? blk_cancelled(c, x, yy + c->gb, w, room) : 0;
    if (ch)
        yy += c->gb + ch;
    return yy - y;
}

/* A session of the NEXT list: "in 12 min", its start in every zone, title, speakers.
 * Up to two zones the times and "in 12 min" share a row; with more, "in 12 min"
 * comes first and the times take the full width under it (and may be left out
 * when room is short). */
static int blk_next(ctx *c, const agenda_session *se, int x, int y, int w, int budget)
{
    enum { IN, TIMES, TITLE, TITLE_X, SPK, N };
    int band = band_w(c), tx = x + band + c->gs * 2, tw = w - band - c->gs * 2;
    if (tw <= 0)
        return 0;
    bool cancelled = se->status == AGENDA_STATUS_CANCELLED;
    bool stacked = c->a->n_zones > 2;
    const char *title = tr(c, &se->title);
    style st_times = sty(c, 2.6, 1.9, stacked ? 2 : 1, COL_TEXT2, false);
    style st_in = sty(c, 2.8, 2.0, 1, cancelled ? COL_WARN : COL_ACCENT, true);
    st_in.align = stacked ? TEXTLAY_ALIGN_START : TEXTLAY_ALIGN_END;
    style st_t = title_style(c, upx(c, 6.0), 1, title);
    style st_spk = sty(c, 2.6, 2.0, 1, COL_TEXT2, false);
    int tl = est_lines(title, st_t.min_px, tw, 2);

    item it[N] = {
        [IN] = {stacked ? sty_h(&st_in) : imax(sty_h(&st_times), sty_h(&st_in)), 0, false, false},
        [TIMES] = {stacked ? sty_h(&st_times) : 0, 1, true, false},
        [TITLE] = {sty_line(&st_t), 0, false, false},
        [TITLE_X] = {(tl - 1) * sty_line(&st_t), 3, true, false},
        [SPK] = {se->n_speakers ? sty_h(&st_spk) : 0, 2, false, false},
    };
    if (budget == BUDGET_MIN)
        budget = it[IN].h + c->gs + it[TITLE].h;
    int h = choose_items(it, N, budget, c->gs);
    if (!it[IN].on || !it[TITLE].on)
        return 0;
    if (!c->emit)
        return h;

    fill(c, x, y, band, h, track_color(c, se, COL_BAND), COL_BG);
    sbuf b;
    sb_init(&b);
    sb_instant(c, &b, se->start, " · ", false);
    char in[I18N_BUF];
    if (cancelled)
        snprintf(in, sizeof(in), "%s", i18n_word(c->lang, I18N_CANCELLED));
    else
        i18n_format_minutes(c->lang, I18N_SPAN_IN, minutes_until(c->s->at, se->start), in,
                            sizeof(in));
    int yy = y;
    if (stacked) {
        text(c, tx, yy, tw, &st_in, COL_BG, in);
        yy += sty_h(&st_in);
        if (it[TIMES].on) {
            text(c, tx, yy, tw, &st_times, COL_BG, b.buf);
            yy += sty_h(&st_times);
        }
    } else {
        int iw = tw * 38 / 100;
        text(c, tx, yy, tw - iw - c->gb, &st_times, COL_BG, b.buf);
        text(c, tx + tw - iw, yy, iw, &st_in, COL_BG, in);
        yy += it[IN].h;
    }
    yy += c->gs;
    st_t.lines = it[TITLE_X].on ? tl : 1;
    text(c, tx, yy, tw, &st_t, COL_BG, title ? title : se->id);
    yy += sty_h(&st_t);
    if (it[SPK].on) {
        sb_init(&b);
        sb_people(c, &b, se->speakers, se->n_speakers, false);
        text(c, tx, yy + c->gs, tw, &st_spk, COL_BG, b.buf);
    }
    return h;
}

/* The NEXT list: sched's next sessions, then the following ones of the same hall
 * (cancelled ones only when they are among sched's next). */
static size_t next_list(const ctx *c, const agenda_session **v, size_t cap)
{
    const sched_state *s = c->s;
    size_t n = 0;
    for (size_t i = 0; i < s->n_next && n < cap; i++)
        v[n++] = s->next[i];
    if (n >= cap || s->next_start == INT64_MAX)
        return n;
    size_t first = agenda_first_starting_at_or_after(c->a, s->next_start + 1);
    for (size_t i = first; i < c->a->n_sessions && i - first < NEXT_SCAN && n < cap; i++) {
        const agenda_session *se = &c->a->sessions[i];
        if ((s->hall >= 0 && se->hall != s->hall) || se->status == AGENDA_STATUS_CANCELLED)
            continue;
        v[n++] = se;
    }
    return n;
}

/* "Elsewhere now": the current sessions of the other halls (hall views only). */
static int sec_elsewhere(ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    if (s->hall < 0 || c->a->n_halls < 2 || s->n_others == 0)
        return 0;
    style st_label = label_style(c), st_line = sty(c, 2.6, 2.0, 1, COL_TEXT, false);
    style st_more = sty(c, 2.6, 2.0, 1, COL_TEXT2, false);
    int lab = sty_h(&st_label), line = sty_h(&st_line);
    size_t k = s->n_others < MAX_ELSEWHERE ? s->n_others : MAX_ELSEWHERE;
    if (budget == BUDGET_MIN)
        k = 1, budget = INT32_MAX;
    int need = 0;
    for (; k > 0; k--) {
        bool more = s->n_others > k;
        need = lab + (int)k * (c->gs + line) + (more ? c->gs + line : 0);
        if (need <= budget)
            break;
    }
    if (k == 0)
        return 0;
    if (!c->emit)
        return need;
    int yy = y;
    text(c, x, yy, w, &st_label, COL_BG, i18n_word(c->lang, I18N_ELSEWHERE));
    yy += lab;
    sbuf b;
    for (size_t i = 0; i < k; i++) {
        const agenda_session *se = s->others_now[i];
        const char *hall = hall_name(c, se->hall), *t = tr(c, &se->title);
        sb_init(&b);
        if (hall) {
            sb_put(&b, hall);
            sb_put(&b, " · ");
        }
        sb_put(&b, t ? t : se->id);
        yy += c->gs;
        text(c, x, yy, w, &st_line, COL_BG, b.buf);
        yy += line;
    }
    if (s->n_others > k) {
        char more[I18N_BUF];
        i18n_format_more(c->lang, (int64_t)(s->n_others - k), false, more, sizeof(more));
        yy += c->gs;
        text(c, x, yy, w, &st_more, COL_BG, more);
    }
    return need;
}

/* The next info card not yet placed, on a panel; flexible body height. Returns 0
 * when no card is left or not even its title and one body line fit. */
static int blk_card(ctx *c, int x, int y, int w, int budget)
{
    if (c->cards_used >= c->n_shown || c->cards_used >= c->max_cards)
        return 0;
    const agenda_card *card =
        &c->a->cards[c->shown[(c->in->card + c->cards_used) % c->n_shown]];
    int pad = upx(c, 1.4), iw = w - 2 * pad;
    if (iw <= 0)
        return 0;
    const char *title = tr(c, &card->title), *body = tr(c, &card->body);
    style st_t = sty(c, 3.4, 2.6, 1, COL_TEXT, true);
    style st_b = sty(c, 2.8, 2.2, 1, COL_TEXT2, false);
    int tl = est_lines(title, st_t.min_px, iw, 2);
    int bl = body && *body ? est_lines(body, st_b.min_px, iw, 8) : 0;
    int min_h = 2 * pad + lh(st_t.px) + (bl ? c->gs + lh(st_b.px) : 0);
    if (budget < min_h)
        return 0;
    int room = budget - min_h;
    if (tl > 1 && room >= lh(st_t.px))
        room -= lh(st_t.px);
    else
        tl = 1;
    if (bl > 1) {
        int extra = imin(bl - 1, room / lh(st_b.px));
        bl = 1 + extra;
    }
    st_t.lines = tl;
    st_b.lines = bl;
    int h = 2 * pad + sty_h(&st_t) + (bl ? c->gs + sty_h(&st_b) : 0);
    if (c->emit) {
        fill(c, x, y, w, h, COL_PANEL, COL_BG);
        text(c, x + pad, y + pad, iw, &st_t, COL_PANEL, title ? title : card->id);
        if (bl)
            text(c, x + pad, y + pad + sty_h(&st_t) + c->gs, iw, &st_b, COL_PANEL, body);
        c->cards_used++;
    }
    return h;
}

/* Height a next-session block would take within budget, emitting nothing. */
static int measure_next(ctx *c, const agenda_session *se, int w, int budget)
{
    bool saved = c->emit;
    c->emit = false;
    int h = budget > 0 || budget == BUDGET_MIN ? blk_next(c, se, 0, 0, w, budget) : 0;
    c->emit = saved;
    return h;
}

/* Height "Elsewhere now" would take within budget, emitting nothing. */
static int measure_elsewhere(ctx *c, int w, int budget)
{
    bool saved = c->emit;
    c->emit = false;
    int h = budget > 0 || budget == BUDGET_MIN ? sec_elsewhere(c, 0, 0, w, budget) : 0;
    c->emit = saved;
    return h;
}

/* A side column: NEXT (label and up to three sessions), "Elsewhere now", then an
 * info card if with_card. Priority: first next session, elsewhere, the other next
 * sessions, the card. Returns the height used. */
static int sec_side(ctx *c, int x, int y, int w, int budget, bool with_card)
{
    const agenda_session *nx[MAX_NEXT];
    size_t n = next_list(c, nx, MAX_NEXT);
    style st_label = label_style(c);
    int lab = sty_h(&st_label), used = 0;

    int els = measure_elsewhere(c, w, budget), els_min = measure_elsewhere(c, w, BUDGET_MIN);
    /* The first next session comes before "Elsewhere now", but its optional lines
     * (speakers, a second title line) come after the smallest form of it. */
    int first_budget = budget - lab - c->gs - (els_min ? c->gsec + els_min : 0);
    int first = n ? measure_next(c, nx[0], w, first_budget) : 0;
    if (n && !first) {
        first_budget = budget - lab - c->gs;
        first = measure_next(c, nx[0], w, first_budget);
    }

    if (first > 0) {
        text(c, x, y, w, &st_label, COL_BG, i18n_word(c->lang, I18N_NEXT));
        used = lab + c->gs;
        used += blk_next(c, nx[0], x, y + used, w, first_budget);
        int reserve = els ? c->gsec + els : 0;
        for (size_t i = 1; i < n; i++) {
            int room = budget - used - c->gb - reserve;
            if (room <= 0 || measure_next(c, nx[i], w, room) <= 0)
                break;
            used += c->gb + blk_next(c, nx[i], x, y + used + c->gb, w, room);
        }
    }
    int room = budget - used - (used ? c->gsec : 0);
    if (room > 0) {
        int h = sec_elsewhere(c, x, y + used + (used ? c->gsec : 0), w, room);
        if (h)
            used += (used ? c->gsec : 0) + h;
    }
    room = budget - used - (used ? c->gsec : 0);
    if (with_card && room > 0) {
        int h = blk_card(c, x, y + used + (used ? c->gsec : 0), w, room);
        if (h)
            used += (used ? c->gsec : 0) + h;
    }
    return used;
}

/* Venue-zone day number of instant t. */
static int64_t venue_day(const ctx *c, int64_t t)
{
    tz_local lt;
    tz_to_local(c->a->zones[0].tz, t, &lt);
    return civil_days_from_ymd(lt.year, lt.month, lt.day);
}

/* The phase's message when nothing is on: countdown, break, next day, the end;
 * then the first session's time in every zone, and cancelled sessions of now. */
static int sec_status(ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    sbuf head, detail;
    sb_init(&head), sb_init(&detail);
    int lines = 1;
    bool has_next = s->next_start != INT64_MAX && c->a->n_zones > 0;
    char tmp[I18N_BUF];
    switch (s->phase) {
    case SCHED_BEFORE:
        if (s->next_start != INT64_MAX) {
            i18n_format_minutes(c->lang, I18N_SPAN_STARTS_IN, minutes_until(s->at, s->next_start),
                                tmp, sizeof(tmp));
            sb_put(&head, tmp);
        }
        if (has_next)
            sb_instant(c, &detail, s->next_start, " · ", true);
        break;
    case SCHED_BREAK:
        lines = 2;
        sb_put(&head, i18n_word(c->lang, I18N_BREAK));
        if (has_next) {
            sb_put(&head, " · ");
            sb_put(&head, i18n_word(c->lang, I18N_NEXT_AT));
            sb_put(&head, " ");
            sb_instant(c, &head, s->next_start, " / ", false);
        }
        break;
    case SCHED_OVERNIGHT:
        if (has_next) {
            int64_t days = venue_day(c, s->next_start) - venue_day(c, s->at);
            if (days == 0 || days == 1) {
                sb_put(&head, i18n_word(c->lang, days ? I18N_TOMORROW : I18N_TODAY));
            } else {
                sb_date(c, &head, 0, s->next_start);
            }
            sb_instant(c, &detail, s->next_start, " · ", true);
        }
        break;
    case SCHED_AFTER:
        lines = 2;
        sb_put(&head, i18n_word(c->lang, I18N_EVENT_OVER));
        break;
    case SCHED_DURING:
    default:
        break;
    }

    style st_h = sty(c, 6.0, 3.6, lines, COL_TEXT, true);
    style st_d = sty(c, 3.2, 2.4, c->a->n_zones > 2 ? 3 : 2, COL_TEXT2, false);
    int used = 0;
    if (head.len && sty_h(&st_h) <= budget) {
        text(c, x, y, w, &st_h, COL_BG, head.buf);
        used = sty_h(&st_h);
    }
    if (detail.len && used + c->gs + sty_h(&st_d) <= budget) {
        text(c, x, y + used + c->gs, w, &st_d, COL_BG, detail.buf);
        used += c->gs + sty_h(&st_d);
    }
    int room = budget - used - (used ? c->gb : 0);
    if (room > 0) {
        int h = blk_cancelled(c, x, y + used + (used ? c->gb : 0), w, room);
        if (h)
            used += (used ? c->gb : 0) + h;
    }
    return used;
}

/* The main (now or status) section. */
static int sec_main(ctx *c, int x, int y, int w, int budget)
{
    return c->s->phase == SCHED_DURING ? sec_now(c, x, y, w, budget)
                                       : sec_status(c, x, y, w, budget);
}

/* A card under what a column already holds, if it fits. */
static int add_card(ctx *c, int x, int y, int w, int used, int budget)
{
    int gap = used ? c->gsec : 0, room = budget - used - gap;
    if (room <= 0)
        return used;
    int h = blk_card(c, x, y + used + gap, w, room);
    return h ? used + gap + h : used;
}

/* One clock: HH:MM, zone label, date, centred in [x, x+w). */
static int blk_clock(ctx *c, size_t zone, int x, int y, int w, bool emit)
{
    /* Portrait stacks the clocks under the title: a little smaller there. */
    style st_time = sty(c, c->portrait ? 4.8 : 5.6, 3.6, 1, COL_TEXT, true);
    st_time.px = imax(MIN_PX, imin(st_time.px, w / 3));
    st_time.min_px = imin(st_time.min_px, imax(MIN_PX, st_time.px * 7 / 10));
    style st_lab = sty(c, c->portrait ? 2.0 : 2.2, 1.7, 1, COL_TEXT2, false);
    style st_date = sty(c, c->portrait ? 2.0 : 2.2, 1.7, 1, COL_TEXT2, false);
    st_time.align = st_lab.align = st_date.align = TEXTLAY_ALIGN_CENTER;
    int h = sty_h(&st_time) + sty_h(&st_lab) + sty_h(&st_date);
    if (!emit)
        return h;
    sbuf b;
    sb_init(&b);
    sb_hm(c, &b, zone, c->s->at);
    text(c, x, y, w, &st_time, COL_BG, b.buf);
    int yy = y + sty_h(&st_time);
    text(c, x, yy, w, &st_lab, COL_BG, zone_label(c, zone));
    yy += sty_h(&st_lab);
    sb_init(&b);
    sb_date(c, &b, zone, c->s->at);
    text(c, x, yy, w, &st_date, COL_BG, b.buf);
    return h;
}

/* Clocks in rows of per_row, each row centred in [x, x+w); returns the height. */
static int clock_rows(ctx *c, int x, int y, int w, size_t per_row, size_t rows, int cwid)
{
    size_t n = c->a->n_zones;
    int ch = blk_clock(c, 0, 0, 0, cwid, false), yy = y;
    for (size_t r = 0; r < rows; r++) {
        size_t first = r * per_row, cnt = n - first < per_row ? n - first : per_row;
        int roww = (int)cnt * cwid + (int)(cnt - 1) * c->gb;
        int xx = x + (w - roww) / 2;
        for (size_t i = 0; i < cnt; i++)
            blk_clock(c, first + i, xx + (int)i * (cwid + c->gb), yy, cwid, c->emit);
        yy += ch + (r + 1 < rows ? c->gs : 0);
    }
    return yy - y;
}

/* Header: event title (and the second language), clocks. Returns its height. */
static int sec_header(ctx *c)
{
    const agenda *a = c->a;
    size_t n = a->n_zones;
    const char *title = tr(c, &a->title);
    const char *l2 = NULL;
    if (c->in->lang2 && *c->in->lang2) {
        l2 = agenda_tr_get(a, &a->title, c->in->lang2);
        if (l2 && title && strcmp(l2, title) == 0)
            l2 = NULL;
    }
    style st_t = sty(c, c->portrait ? 5.0 : 4.6, 3.0, 1, COL_TEXT, true);
    style st_2 = sty(c, 2.8, 2.0, 1, COL_TEXT2, false);

    int g = c->gb, cwp = upx(c, 22), cwm = upx(c, 14);
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
        cwid = imin(upx(c, 26), (c->cw - (int)(per_row - 1) * g) / (int)per_row);
    }
    int clocks_w = side ? (int)n * cwid + (int)(n - 1) * g : 0;
    int tw = side ? c->cw - clocks_w - 2 * g : c->cw;
    st_t.lines = est_lines(title, st_t.min_px, tw, l2 ? 1 : 2);
    int th = sty_h(&st_t) + (l2 ? sty_h(&st_2) : 0);

    text(c, c->x0, c->y0, tw, &st_t, COL_BG, title);
    layout_box *b = l2 ? text(c, c->x0, c->y0 + sty_h(&st_t), tw, &st_2, COL_BG, l2) : NULL;
    if (b)
        b->lang = c->in->lang2;
    if (!n)
        return th;
    if (side) {
        int ch = clock_rows(c, c->x0 + c->cw - clocks_w, c->y0, clocks_w, n, 1, cwid);
        return imax(th, ch);
    }
    return th + c->gs + clock_rows(c, c->x0, c->y0 + th + c->gs, c->cw, per_row, rows, cwid);
}

/* ---- Arrangements --------------------------------------------------------- */

/* Landscape: main section on the left (58 %), NEXT / elsewhere / card on the right. */
static void arrange_landscape(ctx *c, int top, int bottom)
{
    int gut = upx(c, 3.0), lw = (c->cw - gut) * 58 / 100, rw = c->cw - gut - lw;
    int lx = c->x0, rx = c->x0 + lw + gut, budget = bottom - top;
    if (budget <= 0)
        return;
    add_card(c, lx, top, lw, sec_main(c, lx, top, lw, budget), budget);
    int right = sec_side(c, rx, top, rw, budget, true);
    add_card(c, rx, top, rw, right, budget); /* a second card after the event */
}

/* Portrait: one column, main section then NEXT / elsewhere / card. */
static void arrange_portrait(ctx *c, int top, int bottom)
{
    int budget = bottom - top;
    if (budget <= 0)
        return;
    /* Keep room under the main section for the NEXT heading with the smallest form of
     * its first session, and for the smallest "Elsewhere now". */
    const agenda_session *nx[1];
    int reserve = 0;
    if (next_list(c, nx, 1)) {
        int lab = sty_h(&(style){.px = upx(c, 2.8), .lines = 1});
        int first = measure_next(c, nx[0], c->cw, BUDGET_MIN);
        if (first)
            reserve = c->gsec + lab + c->gs + first;
    }
    int els = measure_elsewhere(c, c->cw, BUDGET_MIN);
    if (els)
        reserve += c->gsec + els;
    int main_budget = budget - reserve;
    int used = sec_main(c, c->x0, top, c->cw, main_budget > 0 ? main_budget : budget);
    int gap = used ? c->gsec : 0;
    used += gap + sec_side(c, c->x0, top + used + gap, c->cw, budget - used - gap, true);
    if (c->s->phase == SCHED_AFTER)
        add_card(c, c->x0, top, c->cw, used, budget);
}

/* ---- Final pass ----------------------------------------------------------- */

static bool overlaps(const layout_box *p, const layout_box *q)
{
    return p->x < q->x + q->w && q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
}

/* Drops any box (but the background) outside the margins and any text box that
 * overlaps an earlier one; mirrors x for right-to-left UI languages. */
static void finish(ctx *c, bool rtl)
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
    if (rtl)
        for (size_t i = 0; i < r->n; i++)
            r->boxes[i].x = c->W - r->boxes[i].x - r->boxes[i].w;
}

void layout_build(const agenda *a, const sched_state *s, const layout_input *in,
                  layout_result *out)
{
    out->n = 0;
    out->margin_x = out->margin_y = 0;
    if (!in || in->width <= 0 || in->height <= 0)
        return;
    ctx cx;
    ctx *c = &cx;
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
    c->title_min = title_min_px(c->H);
    c->title_max = imax(c->title_min, upx(c, 7.0));
    c->emit = true;

    fill(c, 0, 0, c->W, c->H, COL_BG, COL_BG);
    if (!a || !s || c->cw <= 0 || c->ch <= 0)
        return;
    size_t total = sched_cards_at(a, s->at, c->shown, AGENDA_MAX_CARDS);
    c->n_shown = total < AGENDA_MAX_CARDS ? total : AGENDA_MAX_CARDS;
    c->max_cards = s->phase == SCHED_AFTER ? 2 : 1;

    int header = sec_header(c);
    int rule = imax(2, (int)lround(0.25 * c->u));
    int ry = c->y0 + header + c->gb;
    fill(c, c->x0, ry, c->cw, rule, COL_RULE, COL_BG);

    style st_f = sty(c, 2.2, 1.7, 1, in->source_warning ? COL_WARN : COL_TEXT2, false);
    int bottom = c->y0 + c->ch;
    if (in->source_line && *in->source_line) {
        bottom -= sty_h(&st_f);
        text(c, c->x0, bottom, c->cw, &st_f, COL_BG, in->source_line);
        bottom -= c->gb;
    }
    int top = ry + rule + c->gsec;
    if (c->portrait)
        arrange_portrait(c, top, bottom);
    else
        arrange_landscape(c, top, bottom);
    finish(c, i18n_rtl(c->lang));
}

/* ---- Contrast ------------------------------------------------------------- */

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
