/* layout.c - the screen as boxes (layout.h): header with the event title and a clock
 * per zone, what is on now (or the phase's message), what comes next, the other
 * halls, an info card and the footer.
 *
 * Layout of this file: colours and the size scale; the width estimate (advance
 * widths of the first face, greedy line filling like textlay's) and fitting a text
 * to a size and a number of lines; box emitters (every box goes through push(),
 * which does nothing while a block is only being measured); text helpers (bounded
 * UTF-8 writer, people cut to whole names, local times in every zone); an item
 * chooser that keeps the most important lines of a block within a height budget; the
 * blocks (header, current session, next session, status, elsewhere, card, footer;
 * a session's live marks and note, whose words and the announcement's boxes come
 * from layout_alert.c),
 * each of which returns the height it takes and emits its boxes only when ctx.emit is
 * set; the landscape and portrait arrangements; a final pass enforcing the screen,
 * margin and no-overlap rules, mirroring for right-to-left languages and turning
 * start/end alignment into left/right; the WCAG contrast.
 *
 * Box heights follow the text they hold: a text's lines are estimated from its
 * characters (the layout has no fonts), at the size it will probably be drawn, and a
 * title takes the fewest lines it can at its smallest allowed size before anything
 * is cut. A line is as tall as the tallest script of its text needs (Arabic lines
 * are taller), so the board's own words in Arabic get taller rows than in English;
 * otherwise geometry depends on agenda text only.
 */
#include "layout.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"
#include "i18n.h"
#include "layout_alert.h"
#include "layout_int.h"

/* Line height as a multiple of the font size: Noto Sans is 1.36 em, Noto Sans CJK
 * 1.45 em. Some scripts' fonts are much taller (tall_factor()). */
#define LINE_FACTOR LAYOUT_LINE_FACTOR
#define MIN_PX LAYOUT_MIN_PX  /* no text smaller than this, whatever the screen */
#define CAP_HEIGHT 0.714      /* Noto Sans cap height, em */
#define MAX_NEXT 3            /* sessions in the NEXT list */
#define MAX_ELSEWHERE 3       /* lines of the "Elsewhere now" list */
#define NEXT_SCAN 4096        /* sessions looked at to complete the NEXT list */
#define BUDGET_MIN INT32_MIN  /* as a budget: measure a block's smallest form */
#define BUDGET_TITLE (INT32_MIN + 1) /* a next session's form with its whole title */
#define EST_SLACK 2           /* px a line loses to hinting (rounded advances): at most
                               * 1.4 px over the advances' sum, whatever the length */
#define EST_MAX_LINES 64      /* line counts are not estimated beyond this */
#define FONT_LINE LAYOUT_FONT_LINE /* Noto Sans line height, em (textlay's pitch) */

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
    int card_min_h;       /* a card panel is at least this tall (cards side by side) */
} ctx;

/* How a text box is set: px is the size its height is made for (the box's max_px),
 * min_px the smallest textlay may shrink to, lines its line budget. */
typedef struct {
    int px, min_px, lines;
    double lf;           /* line height factor (>= LINE_FACTOR for tall scripts) */
    uint32_t color;
    layout_weight weight;
    textlay_align align; /* START, CENTER or END here; finish() makes them physical */
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

/* Height of one line of text at px with line factor lf. */
static int line_px(int px, double lf)
{
    return (int)ceil(px * (lf > LINE_FACTOR ? lf : LINE_FACTOR));
}

static style sty(const ctx *c, double size, double min_size, int lines, uint32_t color, bool bold)
{
    style s = {.px = upx(c, size), .min_px = upx(c, min_size), .lines = lines, .lf = LINE_FACTOR,
               .color = color, .weight = bold ? LAYOUT_WEIGHT_BOLD : LAYOUT_WEIGHT_REGULAR,
               .align = TEXTLAY_ALIGN_START};
    if (s.min_px > s.px)
        s.min_px = s.px;
    return s;
}

/* Height of one line of style s. */
static int sty_line(const style *s)
{
    return line_px(s->px, s->lf);
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

/* s with the line factor its text needs (never lower than what s has). */
static style for_text(style s, const char *text)
{
    double f = tall_factor(text);
    if (f > s.lf)
        s.lf = f;
    return s;
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

/* ---- Estimated widths and lines -------------------------------------------- */

/* Advance widths of U+0020..U+007E in the board's first faces, Noto Sans Regular and
 * Bold, in thousandths of an em (as SDL_ttf measures them at 1000 px). */
static const uint16_t adv_regular[95] = {
    260, 269, 408, 646, 572, 831, 732, 225, 300, 300, 551, 572, 268, 322, 268, 372,
    572, 572, 572, 572, 572, 572, 572, 572, 572, 572, 268, 268, 572, 572, 572, 434,
    899, 639, 650, 632, 730, 556, 519, 728, 741, 339, 351, 619, 524, 907, 760, 781,
    605, 781, 622, 549, 556, 731, 600, 930, 586, 566, 572, 329, 372, 329, 572, 448,
    281, 561, 615, 480, 615, 564, 387, 615, 618, 258, 313, 534, 258, 935, 618, 605,
    615, 615, 413, 479, 361, 618, 508, 786, 529, 510, 470, 380, 551, 380, 572};
static const uint16_t adv_bold[95] = {
    260, 286, 472, 646, 572, 901, 750, 266, 339, 339, 545, 572, 285, 322, 285, 413,
    572, 572, 572, 572, 572, 572, 572, 572, 572, 572, 285, 285, 572, 572, 572, 477,
    897, 690, 672, 637, 740, 560, 549, 724, 765, 389, 405, 664, 565, 943, 813, 796,
    628, 796, 660, 551, 579, 756, 650, 967, 667, 624, 579, 331, 413, 331, 572, 415,
    362, 604, 633, 514, 633, 591, 432, 633, 657, 305, 369, 620, 305, 982, 657, 619,
    633, 633, 454, 497, 434, 657, 569, 856, 578, 569, 488, 394, 551, 394, 572};

static bool wide_cp(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Code points that take no room of their own: combining marks, joiners, variation
 * selectors, tags, skin-tone modifiers. */
static bool zero_width(uint32_t cp)
{
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x0483 && cp <= 0x0489) ||
           (cp >= 0x0591 && cp <= 0x05C7 && cp != 0x05BE && cp != 0x05C0 && cp != 0x05C3 &&
            cp != 0x05C6) ||
           (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
           (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x200B && cp <= 0x200F) ||
           (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2064) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
           (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0xFEFF || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
           (cp >= 0xE0000 && cp <= 0xE0FFF);
}

/* U+00A0..U+00BF (no-break space, guillemets, the middle dot of " · "...). */
static const uint16_t l1_regular[32] = {
    260, 269, 572, 572, 572, 572, 551, 513, 580, 832, 357, 509, 572, 0, 832, 506,
    428, 572, 350, 350, 281, 623, 655, 268, 225, 350, 376, 509, 745, 771, 781, 434};
static const uint16_t l1_bold[32] = {
    260, 286, 572, 572, 572, 572, 551, 486, 607, 832, 383, 615, 572, 0, 832, 506,
    428, 572, 379, 379, 362, 660, 655, 285, 223, 379, 388, 615, 830, 874, 845, 477};

/* Cyrillic U+0410..U+044F in the same faces (Russian is one of the board's
 * languages). */
static const uint16_t cyr_regular[64] = {
    639, 615, 650, 524, 691, 556, 854, 588, 768, 768, 618, 708, 907, 741, 781, 731,
    605, 632, 556, 624, 804, 586, 741, 698, 1037, 1041, 692, 858, 642, 633, 1052, 639,
    561, 599, 576, 433, 581, 564, 750, 490, 643, 643, 529, 578, 746, 637, 605, 624,
    615, 480, 476, 510, 725, 529, 632, 613, 898, 906, 696, 778, 594, 494, 836, 559};
static const uint16_t cyr_bold[64] = {
    690, 638, 672, 561, 764, 560, 943, 648, 823, 823, 672, 745, 943, 765, 796, 745,
    628, 637, 579, 663, 860, 667, 781, 728, 1078, 1114, 727, 906, 638, 663, 1070, 670,
    604, 622, 629, 478, 664, 591, 873, 555, 720, 720, 619, 645, 844, 662, 619, 652,
    633, 514, 553, 569, 814, 578, 688, 656, 969, 985, 710, 850, 614, 512, 877, 593};

/* Arabic letters U+0621..U+064A in their medial form (between tatweels), Noto Sans
 * Arabic Regular; a word's last letter takes a wider final form (ARABIC_WORD_END). */
static const uint16_t arabic_medial[42] = {
    361, 239, 239, 422, 241, 293, 241, 293, 436, 323, 323, 587, 587, 587, 482, 482,
    346, 346, 800, 800, 899, 899, 660, 660, 471, 471, 500, 500, 500, 500, 500, 320,
    445, 445, 458, 250, 528, 293, 457, 422, 293, 323};
#define ARABIC_WORD_END 0.25

/* The ASCII letter an accented Latin letter is about as wide as: U+00C0..U+00FF,
 * U+0100..U+017F and U+1EA0..U+1EF9 (Vietnamese), or 0. */
static char latin_base(uint32_t cp)
{
    static const char lat1[] = "AAAAAAWCEEEEIIIIDNOOOOO+OUUUUYPhaaaaaamceeeeiiiionooooo+ouuuuypy";
    static const char latA[] = "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiNnJjKkkLlLlLlL"
                               "lLlNnNnNnnNnOoOoOoWWRrRrRrSsSsSsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
    static const char viet[] = "AaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOo"
                               "OoOoUuUuUuUuUuUuUuYyYyYyYy";
    if (cp >= 0xC0 && cp <= 0xFF)
        return lat1[cp - 0xC0];
    if (cp >= 0x100 && cp <= 0x17F)
        return latA[cp - 0x100];
    if (cp >= 0x1EA0 && cp <= 0x1EF9)
        return viet[cp - 0x1EA0];
    return 0;
}

/* Estimated advance of cp in em: exact for ASCII, Latin-1 punctuation and basic
 * Cyrillic, the base letter's for accented Latin, else an average of its script in
 * the Noto faces (rounded up; bold about 8 % wider). */
static double cp_em(uint32_t cp, bool bold)
{
    if (cp >= 0x20 && cp < 0x7F)
        return (bold ? adv_bold : adv_regular)[cp - 0x20] / 1000.0;
    if (cp >= 0xA0 && cp <= 0xBF)
        return (bold ? l1_bold : l1_regular)[cp - 0xA0] / 1000.0;
    if (cp >= 0x410 && cp <= 0x44F)
        return (bold ? cyr_bold : cyr_regular)[cp - 0x410] / 1000.0;
    if (zero_width(cp))
        return 0;
    if (wide_cp(cp))
        return 1.0;
    char base = latin_base(cp);
    bool horn = cp == 0x1A0 || cp == 0x1A1 || cp == 0x1AF || cp == 0x1B0 ||
                (cp >= 0x1EDA && cp <= 0x1EE3) || (cp >= 0x1EE8 && cp <= 0x1EF1);
    if (base && !horn)
        return cp_em((uint32_t)base, bold);
    double k = bold ? 1.08 : 1.0;
    bool upper = (cp >= 0x386 && cp <= 0x3AB) || (cp >= 0x400 && cp <= 0x40F);
    if (cp < 0x0250 || horn)
        return (horn ? 0.82 : 0.62) * k; /* other Latin */
    if (cp >= 0x0370 && cp <= 0x052F)
        return (upper ? 0.73 : 0.66) * k; /* Greek, other Cyrillic */
    if (cp >= 0x0590 && cp <= 0x05FF)
        return 0.55 * k; /* Hebrew */
    if (cp >= 0x0621 && cp <= 0x064A)
        return arabic_medial[cp - 0x621] / 1000.0 * (bold ? 1.12 : 1.0);
    if (cp >= 0x0600 && cp <= 0x08FF)
        return 0.5 * k; /* other Arabic */
    if (cp >= 0x0900 && cp <= 0x0EFF)
        return 0.48 * k; /* Indic, Thai, Lao */
    if (cp >= 0x2000 && cp <= 0x206F) /* punctuation: dashes, quotes, ellipsis */
        return cp == 0x2014 || cp == 0x2015 ? 1.0
             : cp == 0x2026                 ? 0.86
             : cp >= 0x2018 && cp <= 0x201F ? 0.42
             : cp == 0x2010 || cp == 0x2011 ? 0.33
                                            : 0.55;
    if (cp >= 0x1F000)
        return 1.05; /* emoji (Symbola) */
    return 0.7 * k;
}

/* CJK closing punctuation: no line starts with it (it stays with what precedes). */
static bool closes(uint32_t cp)
{
    return cp == 0x3001 || cp == 0x3002 || cp == 0x3009 || cp == 0x300B || cp == 0x300D ||
           cp == 0x300F || cp == 0x3011 || cp == 0x30FB || cp == 0x30FC || cp == 0xFF01 ||
           cp == 0xFF09 || cp == 0xFF0C || cp == 0xFF0E || cp == 0xFF1A || cp == 0xFF1B ||
           cp == 0xFF1F || cp == 0x2026;
}

/* CJK opening punctuation: no line ends with it. */
static bool opens(uint32_t cp)
{
    return cp == 0x3008 || cp == 0x300A || cp == 0x300C || cp == 0x300E || cp == 0x3010 ||
           cp == 0xFF08;
}

/* Greedy line filling over estimated widths (all in em). */
typedef struct {
    double width;      /* of a line */
    double line, pend; /* content of the current line; spaces after it */
    int lines;
} filler;

/* Puts an unbreakable piece of `word` em on the lines. */
static void fill_word(filler *f, double word)
{
    if (word <= 0)
        return;
    if (f->line > 0 && f->line + f->pend + word > f->width) {
        f->lines++;
        f->line = 0;
    }
    if (f->line == 0 && word > f->width) {
        /* Broken between graphemes, as textlay does; a line of it loses about half a
         * letter where the next one does not fit. */
        double per = f->width > 1.2 ? f->width - 0.6 : f->width;
        int k = (int)(word / per);
        f->lines += k;
        f->line = word - k * per;
        if (f->line <= 0) {
            f->lines--;
            f->line = per;
        }
    } else {
        f->line += (f->line > 0 ? f->pend : 0) + word;
    }
    f->pend = 0;
}

/* Greedy filling of s at px in width w, breaking where textlay's UAX #14 breaking
 * mostly does: after spaces, after hyphens and dashes, around ideographs (not before
 * CJK closing or after opening punctuation); a word longer than a line is broken
 * anywhere; newlines end lines. Returns the lines it takes (1..EST_MAX_LINES; 1 for
 * empty text). With stop > 0 and end non-NULL, also the byte length of what fits in
 * the first stop lines (strlen(s) when all of it does). */
static int est_fill(const char *s, int px, int w, bool bold, int stop, size_t *end)
{
    if (end)
        *end = s ? strlen(s) : 0;
    if (!s || !*s || w <= EST_SLACK || px <= 0)
        return 1;
    filler f = {.width = (w - EST_SLACK) / (double)px, .lines = 1};
    double word = 0, spaces = 0;
    size_t ws = 0; /* where the current word starts */
    bool brk_next = false, held = false, hyphen = false, in_arabic = false;
    const unsigned char *p = (const unsigned char *)s;
    while (*p && f.lines < EST_MAX_LINES) {
        size_t at = (size_t)(p - (const unsigned char *)s);
        uint32_t cp = next_cp(&p);
        bool nl = cp == '\n' || cp == 0x2028 || cp == 0x2029;
        bool sp = cp == ' ' || cp == '\t' || cp == 0x3000;
        bool wide = wide_cp(cp), digit = cp >= '0' && cp <= '9';
        bool glue = !nl && !sp && spaces > 0 && word > 0 &&
                    strchr(":;!?)]},.%", (int)(cp < 0x80 ? cp : 1)) != NULL;
        bool brk = nl || (!sp && spaces > 0 && !glue) ||
                   (!sp && (wide || brk_next) && !held && !closes(cp) && !(hyphen && digit));
        if (brk) { /* the word so far goes on the lines */
            fill_word(&f, word);
            if (stop > 0 && f.lines > stop) {
                if (end)
                    *end = ws;
                return f.lines;
            }
            word = 0;
            f.pend += nl ? 0 : spaces;
            spaces = 0;
            ws = at;
        }
        if (nl) {
            f.lines++;
            f.line = f.pend = 0;
            brk_next = held = hyphen = false;
            ws = (size_t)(p - (const unsigned char *)s);
            continue;
        }
        if (sp) {
            spaces += cp == 0x3000 ? 1.0 : cp_em(' ', bold);
            brk_next = held = in_arabic = false;
            continue;
        }
        if (glue) { /* "ouverte :": no break before the punctuation */
            word += spaces;
            spaces = 0;
        }
        bool arabic = cp >= 0x0621 && cp <= 0x064A;
        word += cp_em(cp, bold) + (arabic && !in_arabic ? ARABIC_WORD_END * (bold ? 1.12 : 1) : 0);
        in_arabic = arabic || (in_arabic && zero_width(cp));
        held = opens(cp);
        hyphen = cp == '-' || cp == 0x2010 || cp == 0x2013; /* no break before a digit */
        brk_next = wide || hyphen || cp == 0x2014;
    }
    fill_word(&f, word);
    if (stop > 0 && f.lines > stop && end)
        *end = ws;
    return imin(f.lines, EST_MAX_LINES);
}

/* Lines that s probably takes at px in width w (see est_fill). */
static int est_lines(const char *s, int px, int w, bool bold)
{
    return est_fill(s, px, w, bold, 0, NULL);
}

int layout_est_lines(const char *s, int px, int w, bool bold)
{
    return est_lines(s, px, w, bold);
}

double layout_line_factor(const char *s)
{
    return tall_factor(s);
}

/* A size and a line count for a text. */
typedef struct {
    int px, lines;
    bool whole; /* the whole text fits (as estimated) */
} fitted;

/* Fits text s in width w with style st (sizes st->min_px..st->px), in at most
 * max_lines lines and max_h pixels. fewest: the fewest lines the text takes at the
 * smallest size, at the largest size that keeps to them (titles: shrink a step rather
 * than take another line); else the largest size at which it fits. When even the
 * smallest size cannot hold it: that size and as many lines as fit (at least one),
 * and whole is false (textlay then cuts the text). */
static fitted fit(const style *st, const char *s, int w, int max_lines, int max_h, bool fewest)
{
    bool bold = st->weight == LAYOUT_WEIGHT_BOLD;
    int lo = st->min_px, hi = imax(st->px, st->min_px);
    int room = imax(1, imin(max_lines, max_h / line_px(lo, st->lf)));
    int need = est_lines(s, lo, w, bold);
    if (need > room)
        return (fitted){lo, room, false};
    int cap = fewest ? need : room;
    int n = est_lines(s, hi, w, bold);
    if (n <= cap && (long)n * line_px(hi, st->lf) <= max_h)
        return (fitted){hi, n, true};
    n = need;
    while (hi - lo > 1) { /* lo fits (with n lines), hi does not */
        int mid = lo + (hi - lo) / 2;
        int k = est_lines(s, mid, w, bold);
        if (k <= cap && (long)k * line_px(mid, st->lf) <= max_h)
            lo = mid, n = k;
        else
            hi = mid;
    }
    return (fitted){lo, n, true};
}

/* st set to a fitted size and line count. */
static style fitted_style(style st, fitted f)
{
    st.px = f.px;
    st.lines = f.lines;
    return st;
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

/* A text box of st's height; returns it (NULL when not emitted). Its line budget is
 * st's lines, or more when the box holds more lines at min_px (shrunk text then
 * wraps rather than being cut). */
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
    b->min_px = imin(st->min_px, st->px);
    /* Text in a tall script may shrink further, so that a line fits the box. */
    double f = st->is_title ? 0 : tall_factor(b->text);
    if (f > LINE_FACTOR)
        b->min_px = imax(1, imin(b->min_px, (int)floor(sty_line(st) / f)));
    int more = b->h / imax(1, (int)ceil(b->min_px * FONT_LINE * (f > LINE_FACTOR ? f / LINE_FACTOR : 1)));
    b->max_lines = imax(1, imin(TEXTLAY_MAX_LINES, imax(st->lines, more)));
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

/* "Name (Role, Affiliation) · Name ..." for the first n people (details false: names
 * only), then " · +N more" when `more` people are left out. */
static void sb_people(const ctx *c, sbuf *b, const agenda_person *p, size_t n, bool details,
                      size_t more)
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
    if (more) {
        char m[I18N_BUF];
        i18n_format_more(c->lang, (int64_t)more, false, m, sizeof(m));
        if (n)
            sb_put(b, " · ");
        sb_put(b, m);
    }
}

/* The people of a session as they fit in `lines` lines of width w at the middle of
 * st's sizes (so that a list does not shrink far below its neighbours): with roles
 * and affiliations when all of that fits (and details is asked for), else names
 * only; when not even all the names fit, the first ones that do and "+N more" - a
 * list is cut at a whole name, never inside one. */
static void people_fit(const ctx *c, sbuf *b, const agenda_person *p, size_t n, bool details,
                       const style *st, int w, int lines)
{
    bool bold = st->weight == LAYOUT_WEIGHT_BOLD;
    int px = (st->px + st->min_px + 1) / 2;
    sb_init(b);
    if (details) {
        sb_people(c, b, p, n, true, 0);
        if (!b->full && est_lines(b->buf, px, w, bold) <= lines)
            return;
    }
    sb_init(b);
    sb_people(c, b, p, n, false, 0);
    if (n <= 1 || (!b->full && est_lines(b->buf, px, w, bold) <= lines))
        return;
    size_t lo = 1, hi = n; /* the first lo names fit (or lo is 1), hi do not */
    while (hi - lo > 1) {
        size_t k = lo + (hi - lo) / 2;
        sb_init(b);
        sb_people(c, b, p, k, false, n - k);
        if (!b->full && est_lines(b->buf, px, w, bold) <= lines)
            lo = k;
        else
            hi = k;
    }
    sb_init(b);
    sb_people(c, b, p, lo, false, n - lo);
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

/* The date as a heading ("Jue 10 dic": capitalised). */
static void sb_date_heading(const ctx *c, sbuf *b, size_t zone, int64_t t)
{
    sbuf d;
    sb_init(&d);
    sb_date(c, &d, zone, t);
    i18n_capitalize(d.buf);
    sb_put(b, d.buf);
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

/* A session title in a block: the fewest lines it takes at the title sizes (up to
 * max_lines), and its one-line form. The first line is one item (`first`), the
 * others another (`rest`), so that the rest of the title can be weighed against the
 * block's other lines. */
typedef struct {
    style st;      /* for the whole title */
    style one;     /* for a title cut to one line */
    int first, rest;
    bool whole;    /* the whole title fits in the lines allowed */
} title_fit;

static title_fit fit_title(const ctx *c, const char *title, int max_px, int w, int max_lines)
{
    title_fit t;
    style st = title_style(c, max_px, 1, title);
    fitted f = fit(&st, title, w, max_lines, INT_MAX, true);
    t.whole = f.whole;
    t.st = fitted_style(st, f);
    t.one = fitted_style(st, fit(&st, title, w, 1, INT_MAX, true));
    t.first = sty_line(&t.one);
    t.rest = t.st.lines > 1 ? sty_h(&t.st) - t.first : 0;
    return t;
}

/* The title style for what the block gave it: the whole title when `rest` is on,
 * else as many lines at the smallest size as `extra` more pixels allow (the title is
 * then cut with an ellipsis, by textlay). The lines of a cut title are as tall as
 * the part of it that shows needs (a tall script further on does not count). */
static style title_given(const title_fit *t, const char *title, int w, bool rest_on, int extra)
{
    if (rest_on || t->st.lines == 1)
        return t->st;
    style s = t->one;
    s.px = s.min_px;
    int room = t->first + imax(0, extra);
    for (int pass = 0; pass < 2; pass++) {
        s.lines = imax(1, imin(t->st.lines, room / sty_line(&s)));
        char part[LAYOUT_TEXT_MAX];
        size_t end;
        est_fill(title, s.px, w, true, s.lines, &end);
        snprintf(part, sizeof(part), "%.*s", (int)imin((int)end, LAYOUT_TEXT_MAX - 1), title);
        s.lf = tall_factor(part);
    }
    s.lines = imax(1, imin(t->st.lines, room / sty_line(&s)));
    return s;
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

/* A section heading (NOW, NEXT, "Elsewhere now") with its word. */
static style label_style(const ctx *c, i18n_word_id id)
{
    return for_text(sty(c, 2.8, 2.0, 1, COL_ACCENT, true), i18n_word(c->lang, id));
}

/* The live lines of a session (layout_alert.h): its marks, in the warning colour when
 * moved or the hall is full, and an operator's note. */
typedef struct {
    char mk[LAYOUT_TEXT_MAX];
    const char *note;
    style st_mk, st_note;
} live;

static void live_lines(const ctx *c, const agenda_session *se, live *l)
{
    bool warn = layout_alert_marks(c->a, se, c->lang, l->mk, sizeof(l->mk));
    l->note = tr(c, &se->note);
    l->st_mk = for_text(sty(c, 2.6, 2.0, 1, warn ? COL_WARN : COL_ACCENT, true), l->mk);
    l->st_note = for_text(sty(c, 2.6, 2.0, 1, COL_TEXT, false), l->note);
}

/* Item i's line of style st (a live line) under y when it is on; returns the new y. */
static int opt_line(ctx *c, const item *it, size_t i, int y, bool *any, int x, int w,
                    const style *st, const char *s)
{
    if (!it[i].on)
        return y;
    y = item_y(it, i, y, any, c->gs);
    text(c, x, y, w, st, COL_BG, s);
    return y + sty_h(st);
}

/* A current session: band, title, subtitle, speakers, chair, hall and times, progress. */
static int blk_now(ctx *c, const agenda_session *se, int x, int y, int w, int budget)
{
    enum { TITLE, TITLE_X, MARK, NOTE, SUB, SUB_X, SPK, SPK_X, CHAIR, TIMES, PROG, N };
    int band = band_w(c), tx = x + band + c->gs * 2, tw = w - band - c->gs * 2;
    if (tw <= 0)
        return 0;
    const char *title = tr(c, &se->title), *sub = tr(c, &se->subtitle);
    if (!title)
        title = se->id;
    title_fit tf = fit_title(c, title, c->title_max, tw, c->portrait ? 4 : 3);
    style st_sub = for_text(sty(c, 3.2, 2.4, 1, COL_TEXT2, false), sub);
    if (sub && *sub) /* up to two lines, the second one only when there is room */
        st_sub = fitted_style(st_sub, fit(&st_sub, sub, tw, 2, INT_MAX, false));
    style st_spk = sty(c, 3.0, 2.2, 1, COL_TEXT2, false);
    style st_chair = sty(c, 2.8, 2.1, 1, COL_TEXT2, false);
    style st_times = sty(c, 2.8, 2.0, 1, COL_TEXT2, false);
    char left[I18N_BUF];
    i18n_format_minutes(c->lang, I18N_SPAN_LEFT, minutes_until(c->s->at, se->end), left,
                        sizeof(left));
    style st_left = for_text(sty(c, 2.8, 2.2, 1, COL_TEXT, true), left);
    st_left.align = TEXTLAY_ALIGN_END;

    /* Speakers with their roles on up to 2 (portrait 3) lines, or fewer. */
    sbuf spk, chair, times;
    int spk_cap = c->portrait ? 3 : 2, sl = 0;
    if (se->n_speakers) {
        people_fit(c, &spk, se->speakers, se->n_speakers, true, &st_spk, tw, spk_cap);
        st_spk = for_text(st_spk, spk.buf);
        sl = imin(spk_cap, est_lines(spk.buf, st_spk.min_px, tw, false));
    } else {
        sb_init(&spk);
    }
    sb_init(&chair);
    if (se->n_chair) {
        sbuf who;
        people_fit(c, &who, se->chair, se->n_chair, true, &st_chair, tw, 1);
        sb_put(&chair, i18n_word(c->lang, I18N_CHAIR));
        sb_put(&chair, i18n_word(c->lang, I18N_COLON));
        sb_put(&chair, who.buf);
        st_chair = for_text(st_chair, chair.buf);
    }
    sb_init(&times);
    sb_session_times(c, &times, se);
    st_times = for_text(st_times, times.buf);
    st_times = fitted_style(st_times, fit(&st_times, times.buf, tw, c->a->n_zones > 2 ? 2 : 1,
                                          INT_MAX, false));

    int prog_row = sty_line(&st_left);
    live lv;
    live_lines(c, se, &lv);
    item it[N] = {
        [TITLE] = {tf.first, 0, false, false},
        [TITLE_X] = {tf.rest, 1, true, false},
        [MARK] = {lv.mk[0] ? sty_h(&lv.st_mk) : 0, 0, false, false},
        [NOTE] = {lv.note && *lv.note ? sty_h(&lv.st_note) : 0, 4, false, false},
        [SUB] = {sub && *sub ? sty_line(&st_sub) : 0, 5, false, false},
        [SUB_X] = {sub && *sub ? sty_h(&st_sub) - sty_line(&st_sub) : 0, 8, true, false},
        [SPK] = {spk.len ? sty_line(&st_spk) : 0, 4, false, false},
        [SPK_X] = {sl > 1 ? (sl - 1) * sty_line(&st_spk) : 0, 6, true, false},
        [CHAIR] = {chair.len ? sty_h(&st_chair) : 0, 7, false, false},
        [TIMES] = {sty_h(&st_times), 3, false, false},
        [PROG] = {prog_row, 2, false, false},
    };
    int h = choose_items(it, N, budget, c->gs);
    if (!it[TITLE].on)
        return 0;
    style st_t = title_given(&tf, title, tw, it[TITLE_X].on, budget - h);
    h += sty_h(&st_t) - (tf.first + (it[TITLE_X].on ? tf.rest : 0));
    if (!c->emit)
        return h;

    fill(c, x, y, band, h, track_color(c, se, COL_BAND), COL_BG);
    bool any = false;
    int yy = y;
    yy = item_y(it, TITLE, yy, &any, c->gs);
    text(c, tx, yy, tw, &st_t, COL_BG, title);
    yy += sty_h(&st_t);
    yy = opt_line(c, it, MARK, yy, &any, tx, tw, &lv.st_mk, lv.mk);
    yy = opt_line(c, it, NOTE, yy, &any, tx, tw, &lv.st_note, lv.note);
    if (it[SUB].on) {
        yy = item_y(it, SUB, yy, &any, c->gs);
        st_sub.lines = it[SUB_X].on ? st_sub.lines : 1;
        text(c, tx, yy, tw, &st_sub, COL_BG, sub);
        yy += sty_h(&st_sub);
    }
    if (it[SPK].on) {
        yy = item_y(it, SPK, yy, &any, c->gs);
        st_spk.lines = it[SPK_X].on ? sl : 1;
        if (!it[SPK_X].on && sl > 1) /* one line: the names that fit it */
            people_fit(c, &spk, se->speakers, se->n_speakers, true, &st_spk, tw, 1);
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
        int lw = tw * 3 / 10, bw = tw - lw - c->gb;
        int bh = imax(4, upx(c, 1.2));
        layout_box *b = push(c, LAYOUT_PROGRESS, tx, yy + (prog_row - bh) / 2, bw, bh);
        if (b) {
            b->color = track_color(c, se, COL_BAR);
            b->bg = COL_GROOVE;
            b->progress = sched_progress(se, c->s->at);
        }
        text(c, tx + tw - lw, yy, lw, &st_left, COL_BG, left);
    }
    return h;
}

/* One line in a warning colour: "Cancelled · Title" (or text as given). Returns its
 * height; emits it when c->emit. */
static int line_cancelled(ctx *c, const agenda_session *se, const char *given, int x, int y,
                          int w)
{
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
    style st = for_text(sty(c, 2.8, 2.0, 1, COL_WARN, false), b.buf);
    text(c, x, y, w, &st, COL_BG, b.buf);
    return sty_h(&st);
}

/* Cancelled sessions of now: one or two lines ("+N more" when there are more). */
static int blk_cancelled(ctx *c, int x, int y, int w, int budget)
{
    size_t n = c->s->n_cancelled_now;
    if (!n)
        return 0;
    int h = 0;
    for (size_t i = 0; i < n && i < 2; i++) {
        bool more = i == 1 && n > 2;
        char m[I18N_BUF];
        if (more)
            i18n_format_more(c->lang, (int64_t)(n - 1), false, m, sizeof(m));
        const agenda_session *se = more ? NULL : c->s->cancelled_now[i];
        bool saved = c->emit;
        c->emit = false;
        int line = line_cancelled(c, se, more ? m : NULL, 0, 0, w);
        c->emit = saved;
        int need = h + (h ? c->gs : 0) + line;
        if (need > budget)
            break;
        line_cancelled(c, se, more ? m : NULL, x, y + h + (h ? c->gs : 0), w);
        h = need;
    }
    return h;
}

/* NOW: heading, the first current sessions, "+N more in progress", cancelled ones. */
static int sec_now(ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    size_t n = s->n_now, kmax = c->portrait ? 3 : 2;
    size_t k = n < kmax ? n : kmax;
    if (!n)
        return 0;
    char more[I18N_BUF];
    i18n_format_more(c->lang, (int64_t)(n - (n < kmax ? n : kmax)), true, more, sizeof(more));
    style st_label = label_style(c, I18N_NOW);
    style st_more = for_text(sty(c, 2.8, 2.0, 1, COL_TEXT2, false), more);
    int label_h = sty_h(&st_label), more_h = sty_h(&st_more);
    /* As many sessions as get one title line each (the least a session needs);
     * then, in order, each gets what it needs first - its whole title (when it can
     * be whole at all) and its progress row - while room lasts, and what is left is
     * shared evenly (subtitles, speakers...). */
    int band = band_w(c), tw = w - band - c->gs * 2;
    int first[3] = {0, 0, 0}, need[3] = {0, 0, 0};
    for (size_t i = 0; i < k; i++) {
        const char *t = tr(c, &s->now[i]->title);
        title_fit tf = fit_title(c, t ? t : s->now[i]->id, c->title_max, tw, c->portrait ? 4 : 3);
        first[i] = tf.first;
        need[i] = tf.first + (tf.whole ? tf.rest : 0) + c->gs + line_px(upx(c, 2.8), LINE_FACTOR);
    }
    /* One "Cancelled" line is worth more than the optional lines of the sessions. */
    int cancelled_h = s->n_cancelled_now ? c->gb + more_h : 0;
    int room = 0;
    for (; k > 0; k--) {
        room = budget - label_h - c->gs - (n > k ? c->gs + more_h : 0) - cancelled_h -
               (int)(k - 1) * c->gb;
        int sum = 0;
        for (size_t i = 0; i < k; i++)
            sum += first[i];
        if (sum <= room)
            break;
    }
    if (k == 0)
        return 0;
    int per[3] = {0, 0, 0};
    for (size_t i = 0; i < k; i++) {
        per[i] = first[i];
        room -= first[i];
    }
    for (size_t i = 0; i < k; i++)
        if (need[i] > per[i] && need[i] - per[i] <= room) {
            room -= need[i] - per[i];
            per[i] = need[i];
        }
    for (size_t i = 0; i < k; i++)
        per[i] += room / (int)k;

    int yy = y;
    text(c, x, yy, w, &st_label, COL_BG, i18n_word(c->lang, I18N_NOW));
    yy += label_h + c->gs;
    size_t shown = 0;
    for (; shown < k; shown++) {
        /* A later title in a taller script may not fit the share: stop there. */
        int h = blk_now(c, s->now[shown], x, yy + (shown ? c->gb : 0), w, per[shown]);
        if (!h)
            break;
        yy += (shown ? c->gb : 0) + h;
    }
    if (n > shown && budget - (yy - y) >= c->gs + more_h) {
        i18n_format_more(c->lang, (int64_t)(n - shown), true, more, sizeof(more));
        yy += c->gs;
        text(c, x, yy, w, &st_more, COL_BG, more);
        yy += more_h;
    }
    room = budget - (yy - y) - c->gb;
    int ch = room > 0 ? blk_cancelled(c, x, yy + c->gb, w, room) : 0;
    if (ch)
        yy += c->gb + ch;
    return yy - y;
}

/* A session of the NEXT list: "in 12 min", its start in every zone, title, speakers.
 * Up to two zones the times and "in 12 min" share a row; with more, "in 12 min"
 * comes first and the times take the full width under it (and may be left out
 * when room is short). whole: show the session only with its whole title (later
 * entries of the list: better left out than cut). */
static int blk_next(ctx *c, const agenda_session *se, int x, int y, int w, int budget,
                    bool whole)
{
    enum { IN, TIMES, TITLE, TITLE_X, MARK, NOTE, SPK, N };
    int band = band_w(c), tx = x + band + c->gs * 2, tw = w - band - c->gs * 2;
    if (tw <= 0)
        return 0;
    bool cancelled = se->status == AGENDA_STATUS_CANCELLED;
    bool stacked = c->a->n_zones > 2;
    const char *title = tr(c, &se->title);
    if (!title)
        title = se->id;
    sbuf times;
    sb_init(&times);
    sb_instant(c, &times, se->start, " · ", false);
    char in[I18N_BUF];
    if (cancelled)
        snprintf(in, sizeof(in), "%s", i18n_word(c->lang, I18N_CANCELLED));
    else
        i18n_format_minutes(c->lang, I18N_SPAN_IN, minutes_until(c->s->at, se->start), in,
                            sizeof(in));
    style st_times = for_text(sty(c, 2.6, 1.9, stacked ? 2 : 1, COL_TEXT2, false), times.buf);
    style st_in = for_text(sty(c, 2.8, 2.0, 1, cancelled ? COL_WARN : COL_ACCENT, true), in);
    st_in.align = stacked ? TEXTLAY_ALIGN_START : TEXTLAY_ALIGN_END;
    if (stacked)
        st_times = fitted_style(st_times, fit(&st_times, times.buf, tw, 2, INT_MAX, false));
    title_fit tf = fit_title(c, title, upx(c, 6.0), tw, c->portrait ? 4 : 3);
    style st_spk = sty(c, 2.6, 2.0, 1, COL_TEXT2, false);
    sbuf spk;
    sb_init(&spk);
    if (se->n_speakers) {
        people_fit(c, &spk, se->speakers, se->n_speakers, false, &st_spk, tw, 1);
        st_spk = for_text(st_spk, spk.buf);
    }

    live lv;
    live_lines(c, se, &lv);
    item it[N] = {
        [IN] = {stacked ? sty_h(&st_in) : imax(sty_h(&st_times), sty_h(&st_in)), 0, false, false},
        [TIMES] = {stacked ? sty_h(&st_times) : 0, 2, true, false},
        [TITLE] = {tf.first, 0, false, false},
        [TITLE_X] = {tf.rest, 1, true, false},
        [MARK] = {lv.mk[0] ? sty_h(&lv.st_mk) : 0, 0, false, false},
        [NOTE] = {lv.note && *lv.note ? sty_h(&lv.st_note) : 0, 3, false, false},
        [SPK] = {spk.len ? sty_h(&st_spk) : 0, 3, false, false},
    };
    if (budget == BUDGET_MIN)
        budget = it[IN].h + c->gs + it[TITLE].h;
    else if (budget == BUDGET_TITLE)
        budget = it[IN].h + c->gs + it[TITLE].h + (tf.whole ? it[TITLE_X].h : 0);
    int h = choose_items(it, N, budget, c->gs);
    if (!it[IN].on || !it[TITLE].on || (whole && tf.rest && !it[TITLE_X].on))
        return 0;
    style st_t = title_given(&tf, title, tw, it[TITLE_X].on, budget - h);
    h += sty_h(&st_t) - (tf.first + (it[TITLE_X].on ? tf.rest : 0));
    if (!c->emit)
        return h;

    fill(c, x, y, band, h, track_color(c, se, COL_BAND), COL_BG);
    int yy = y;
    if (stacked) {
        text(c, tx, yy, tw, &st_in, COL_BG, in);
        yy += sty_h(&st_in);
        if (it[TIMES].on) {
            text(c, tx, yy, tw, &st_times, COL_BG, times.buf);
            yy += sty_h(&st_times);
        }
    } else {
        int iw = tw * 38 / 100;
        text(c, tx, yy, tw - iw - c->gb, &st_times, COL_BG, times.buf);
        text(c, tx + tw - iw, yy, iw, &st_in, COL_BG, in);
        yy += it[IN].h;
    }
    yy += c->gs;
    text(c, tx, yy, tw, &st_t, COL_BG, title);
    yy += sty_h(&st_t);
    bool any = true;
    yy = opt_line(c, it, MARK, yy, &any, tx, tw, &lv.st_mk, lv.mk);
    yy = opt_line(c, it, NOTE, yy, &any, tx, tw, &lv.st_note, lv.note);
    if (it[SPK].on)
        text(c, tx, yy + c->gs, tw, &st_spk, COL_BG, spk.buf);
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
    sbuf lines[MAX_ELSEWHERE];
    style st_label = label_style(c, I18N_ELSEWHERE), st_line = sty(c, 2.6, 2.0, 1, COL_TEXT, false);
    size_t k = s->n_others < MAX_ELSEWHERE ? s->n_others : MAX_ELSEWHERE;
    for (size_t i = 0; i < k; i++) {
        const agenda_session *se = s->others_now[i];
        const char *hall = hall_name(c, se->hall), *t = tr(c, &se->title);
        sb_init(&lines[i]);
        if (hall) {
            sb_put(&lines[i], hall);
            sb_put(&lines[i], " · ");
        }
        sb_put(&lines[i], t ? t : se->id);
        st_line = for_text(st_line, lines[i].buf);
    }
    char more[I18N_BUF];
    i18n_format_more(c->lang, (int64_t)(s->n_others - 1), false, more, sizeof(more));
    style st_more = for_text(sty(c, 2.6, 2.0, 1, COL_TEXT2, false), more);
    int lab = sty_h(&st_label), line = sty_h(&st_line), more_h = sty_h(&st_more);
    if (budget == BUDGET_MIN)
        k = 1, budget = INT32_MAX;
    int need = 0;
    for (; k > 0; k--) {
        bool rest = s->n_others > k;
        need = lab + (int)k * (c->gs + line) + (rest ? c->gs + more_h : 0);
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
    for (size_t i = 0; i < k; i++) {
        yy += c->gs;
        text(c, x, yy, w, &st_line, COL_BG, lines[i].buf);
        yy += line;
    }
    if (s->n_others > k) {
        i18n_format_more(c->lang, (int64_t)(s->n_others - k), false, more, sizeof(more));
        yy += c->gs;
        text(c, x, yy, w, &st_more, COL_BG, more);
    }
    return need;
}

/* The next info card not yet placed, on a panel: its title (up to two lines) and its
 * body, at the largest size that holds all of it; the panel ends under the text.
 * Returns 0 when no card is left or it does not fit (after the event, a body may be
 * cut after three lines or more). */
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
    if (!title)
        title = card->id;
    bool has_body = body && *body;
    style st_t = for_text(sty(c, 3.4, 2.6, 1, COL_TEXT, true), title);
    style st_b = for_text(sty(c, 2.8, 2.2, 1, COL_TEXT2, false), body);
    int body_min = has_body ? c->gs + line_px(st_b.min_px, st_b.lf) : 0;
    int room = budget - 2 * pad - body_min;
    if (room < line_px(st_t.min_px, st_t.lf))
        return 0;
    st_t = fitted_style(st_t, fit(&st_t, title, iw, 2, room, false));
    int h = 2 * pad + sty_h(&st_t);
    if (has_body) {
        /* All of the body; after the event, when the cards are what the board shows,
         * at least three lines of it (a card cut to a line or two says little). */
        int broom = budget - h - c->gs;
        fitted f = fit(&st_b, body, iw, TEXTLAY_MAX_LINES, broom, false);
        if (!f.whole && (c->s->phase != SCHED_AFTER || f.lines < 3))
            return 0;
        st_b = fitted_style(st_b, f);
        h += c->gs + sty_h(&st_b);
    }
    if (h < c->card_min_h && c->card_min_h <= budget)
        h = c->card_min_h;
    if (c->emit) {
        fill(c, x, y, w, h, COL_PANEL, COL_BG);
        text(c, x + pad, y + pad, iw, &st_t, COL_PANEL, title);
        if (has_body)
            text(c, x + pad, y + pad + sty_h(&st_t) + c->gs, iw, &st_b, COL_PANEL, body);
        c->cards_used++;
    }
    return h;
}

/* Height a next-session block would take within budget, emitting nothing. */
static int measure_next(ctx *c, const agenda_session *se, int w, int budget, bool whole)
{
    bool saved = c->emit;
    c->emit = false;
    int h = budget > 0 || budget == BUDGET_MIN || budget == BUDGET_TITLE
                ? blk_next(c, se, 0, 0, w, budget, whole)
                : 0;
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
 * sessions (each with its whole title, or not at all), the card. Returns the height
 * used. */
static int sec_side(ctx *c, int x, int y, int w, int budget, bool with_card)
{
    const agenda_session *nx[MAX_NEXT];
    size_t n = next_list(c, nx, MAX_NEXT);
    style st_label = label_style(c, I18N_NEXT);
    int lab = sty_h(&st_label), used = 0;

    int els = measure_elsewhere(c, w, budget), els_min = measure_elsewhere(c, w, BUDGET_MIN);
    /* The first next session comes before "Elsewhere now", but its optional lines
     * (speakers, the rest of its title) come after the smallest form of it. */
    int first_budget = budget - lab - c->gs - (els_min ? c->gsec + els_min : 0);
    int first = n ? measure_next(c, nx[0], w, first_budget, false) : 0;
    if (n && !first) {
        first_budget = budget - lab - c->gs;
        first = measure_next(c, nx[0], w, first_budget, false);
    }

    if (first > 0) {
        text(c, x, y, w, &st_label, COL_BG, i18n_word(c->lang, I18N_NEXT));
        used = lab + c->gs;
        used += blk_next(c, nx[0], x, y + used, w, first_budget, false);
        int reserve = els ? c->gsec + els : 0;
        for (size_t i = 1; i < n; i++) {
            int room = budget - used - c->gb - reserve;
            if (room <= 0 || measure_next(c, nx[i], w, room, true) <= 0)
                break;
            used += c->gb + blk_next(c, nx[i], x, y + used + c->gb, w, room, true);
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

/* Day number of instant t in the agenda's zone `zone`. */
static int64_t zone_day(const ctx *c, size_t zone, int64_t t)
{
    tz_local lt;
    tz_to_local(c->a->zones[zone].tz, t, &lt);
    return civil_days_from_ymd(lt.year, lt.month, lt.day);
}

/* The phase's message when nothing is on: countdown, break, next day, the end;
 * then the first session's time in every zone, and cancelled sessions of now. */
static int sec_status(ctx *c, int x, int y, int w, int budget)
{
    const sched_state *s = c->s;
    sbuf head, detail;
    sb_init(&head), sb_init(&detail);
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
            /* "Today" or "Tomorrow" only when every zone agrees (23:00 in Moscow is
             * already 04:00 the next day in Beijing); else the venue's date. */
            int64_t days = zone_day(c, 0, s->next_start) - zone_day(c, 0, s->at);
            bool agree = true, near = true;
            for (size_t i = 0; i < c->a->n_zones; i++) {
                int64_t d = zone_day(c, i, s->next_start) - zone_day(c, i, s->at);
                agree = agree && d == days;
                near = near && (d == 0 || d == 1);
            }
            if (agree && near) {
                sb_put(&head, i18n_word(c->lang, days ? I18N_TOMORROW : I18N_TODAY));
                sb_instant(c, &detail, s->next_start, " · ", true);
            } else if (!near) {
                sb_date_heading(c, &head, 0, s->next_start);
                sb_instant(c, &detail, s->next_start, " · ", true);
            } else {
                /* The venue's date, and per zone whether that is today or tomorrow. */
                sb_date_heading(c, &head, 0, s->next_start);
                for (size_t i = 0; i < c->a->n_zones; i++) {
                    int64_t d = zone_day(c, i, s->next_start) - zone_day(c, i, s->at);
                    if (i)
                        sb_put(&detail, " · ");
                    sb_put(&detail, i18n_word(c->lang, d ? I18N_TOMORROW : I18N_TODAY));
                    sb_put(&detail, " ");
                    sb_hm(c, &detail, i, s->next_start);
                    sb_put(&detail, " ");
                    sb_put(&detail, zone_label(c, i));
                }
            }
        }
        break;
    case SCHED_AFTER:
        sb_put(&head, i18n_word(c->lang, I18N_EVENT_OVER));
        break;
    case SCHED_DURING:
    default:
        break;
    }

    style st_h = for_text(sty(c, 6.0, 3.6, 1, COL_TEXT, true), head.buf);
    style st_d = for_text(sty(c, 3.2, 2.4, 1, COL_TEXT2, false), detail.buf);
    int used = 0;
    if (head.len) {
        fitted f = fit(&st_h, head.buf, w, 2, budget, false);
        st_h = fitted_style(st_h, f);
        if (sty_h(&st_h) <= budget) {
            text(c, x, y, w, &st_h, COL_BG, head.buf);
            used = sty_h(&st_h);
        }
    }
    if (detail.len) {
        int room = budget - used - c->gs;
        st_d = fitted_style(st_d, fit(&st_d, detail.buf, w, c->a->n_zones > 2 ? 3 : 2, room, false));
        if (used + c->gs + sty_h(&st_d) <= budget) {
            text(c, x, y + used + c->gs, w, &st_d, COL_BG, detail.buf);
            used += c->gs + sty_h(&st_d);
        }
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

/* The styles of a clock (time, zone label, date); the rows are as tall as the
 * tallest zone's text needs, so that all clocks line up. */
static void clock_styles(const ctx *c, int w, style *st_time, style *st_lab, style *st_date)
{
    /* Portrait stacks the clocks under the title: a little smaller there. */
    *st_time = sty(c, c->portrait ? 4.8 : 5.6, 3.6, 1, COL_TEXT, true);
    st_time->px = imax(MIN_PX, imin(st_time->px, w / 3));
    st_time->min_px = imin(st_time->min_px, imax(MIN_PX, st_time->px * 7 / 10));
    *st_lab = sty(c, c->portrait ? 2.0 : 2.2, 1.7, 1, COL_TEXT2, false);
    *st_date = sty(c, c->portrait ? 2.0 : 2.2, 1.7, 1, COL_TEXT2, false);
    for (size_t i = 0; i < c->a->n_zones; i++) {
        sbuf b;
        sb_init(&b);
        sb_date(c, &b, i, c->s->at);
        *st_lab = for_text(*st_lab, zone_label(c, i));
        *st_date = for_text(*st_date, b.buf);
    }
    /* Portrait: the clocks start where the title does; landscape: centred. */
    textlay_align al = c->portrait ? TEXTLAY_ALIGN_START : TEXTLAY_ALIGN_CENTER;
    st_time->align = st_lab->align = st_date->align = al;
}

/* One clock: HH:MM, zone label, date, in [x, x+w). */
static int blk_clock(ctx *c, size_t zone, int x, int y, int w, bool emit)
{
    style st_time, st_lab, st_date;
    clock_styles(c, w, &st_time, &st_lab, &st_date);
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

/* Clocks in rows of per_row, each row centred in [x, x+w) (portrait: from x);
 * returns the height. */
static int clock_rows(ctx *c, int x, int y, int w, size_t per_row, size_t rows, int cwid)
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
    style st_t = for_text(sty(c, c->portrait ? 5.0 : 4.6, 3.0, 1, COL_TEXT, true), title);
    style st_2 = for_text(sty(c, 2.8, 2.0, 1, COL_TEXT2, false), l2);

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
    if (title)
        st_t = fitted_style(st_t, fit(&st_t, title, tw, l2 ? 1 : 2, INT_MAX, false));
    int th = title ? sty_h(&st_t) : 0;
    text(c, c->x0, c->y0, tw, &st_t, COL_BG, title);
    if (l2) {
        layout_box *b = text(c, c->x0, c->y0 + th, tw, &st_2, COL_BG, l2);
        if (b)
            b->lang = c->in->lang2;
        th += sty_h(&st_2);
    }
    if (!n)
        return th;
    if (side) {
        int ch = clock_rows(c, c->x0 + c->cw - clocks_w, c->y0, clocks_w, n, 1, cwid);
        return imax(th, ch);
    }
    return th + c->gs + clock_rows(c, c->x0, c->y0 + th + c->gs, c->cw, per_row, rows, cwid);
}

/* ---- Arrangements --------------------------------------------------------- */

/* After the event: the message across the screen, then the cards side by side
 * (landscape, tops aligned) or one under the other (portrait, as many as fit). */
static void arrange_after(ctx *c, int top, int bottom, int lw, int rw, int rx)
{
    int budget = bottom - top;
    int used = sec_status(c, c->x0, top, c->cw, budget);
    int y = top + used + (used ? c->gsec : 0), room = bottom - y;
    if (room <= 0)
        return;
    if (c->portrait) {
        int h = 0;
        for (size_t i = 0; i < c->max_cards; i++) {
            int next = add_card(c, c->x0, y, c->cw, h, room);
            if (next == h)
                break;
            h = next;
        }
        return;
    }
    /* Two panels side by side are as tall as the taller one. */
    bool saved = c->emit;
    c->emit = false;
    int h1 = blk_card(c, c->x0, y, lw, room);
    c->cards_used++;
    int h2 = blk_card(c, rx, y, rw, room);
    c->cards_used--;
    c->emit = saved;
    c->card_min_h = h1 && h2 ? imax(h1, h2) : 0;
    add_card(c, c->x0, y, lw, 0, room);
    add_card(c, rx, y, rw, 0, room);
    c->card_min_h = 0;
}

/* Landscape: main section on the left (58 %), NEXT / elsewhere / card on the right. */
static void arrange_landscape(ctx *c, int top, int bottom)
{
    int gut = upx(c, 3.0), lw = (c->cw - gut) * 58 / 100, rw = c->cw - gut - lw;
    int lx = c->x0, rx = c->x0 + lw + gut, budget = bottom - top;
    if (budget <= 0)
        return;
    if (c->s->phase == SCHED_AFTER) {
        arrange_after(c, top, bottom, lw, rw, rx);
        return;
    }
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
    if (c->s->phase == SCHED_AFTER) {
        arrange_after(c, top, bottom, c->cw, 0, c->x0);
        return;
    }
    /* Keep room under the main section for the NEXT heading with its first session
     * and that one's whole title (or its smallest form when that would leave the main
     * section less than a third of the column), and for the smallest "Elsewhere now". */
    const agenda_session *nx[1];
    int reserve = 0;
    if (next_list(c, nx, 1)) {
        style st_label = label_style(c, I18N_NEXT);
        int first = measure_next(c, nx[0], c->cw, BUDGET_TITLE, false);
        if (first && budget - first < budget / 3)
            first = measure_next(c, nx[0], c->cw, BUDGET_MIN, false);
        if (first)
            reserve = c->gsec + sty_h(&st_label) + c->gs + first;
    }
    int els = measure_elsewhere(c, c->cw, BUDGET_MIN);
    if (els)
        reserve += c->gsec + els;
    int main_budget = budget - reserve;
    int used = sec_main(c, c->x0, top, c->cw, main_budget > 0 ? main_budget : budget);
    int gap = used ? c->gsec : 0;
    used += gap + sec_side(c, c->x0, top + used + gap, c->cw, budget - used - gap, true);
}

/* ---- Final pass ----------------------------------------------------------- */

static bool overlaps(const layout_box *p, const layout_box *q)
{
    return p->x < q->x + q->w && q->x < p->x + p->w && p->y < q->y + q->h && q->y < p->y + p->h;
}

/* Drops any box (but the background) outside the margins and any text box that
 * overlaps an earlier one; mirrors x for right-to-left UI languages, where progress
 * bars fill from the right; makes alignment physical: start is the UI's reading
 * side (right in RTL) whatever the direction of the text in the box, so that every
 * column keeps one edge. */
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
    if (!a || !s || c->cw <= 0 || c->ch <= 0) {
        finish(c, false);
        return;
    }
    agenda_alert_level alert = layout_alert_level(a, s->at, in->hall);
    if (alert == AGENDA_ALERT_EMERGENCY) { /* the whole screen, nothing else */
        layout_alert_takeover(a, in, out);
        return;
    }
    if (alert == AGENDA_ALERT_URGENT) { /* a band over the board, which moves down */
        int bh = layout_alert_banner(a, c->lang, c->x0, c->y0, c->cw, c->ch / 3, c->u, out);
        if (bh)
            c->y0 += bh + c->gsec, c->ch -= bh + c->gsec;
    }
    size_t total = sched_cards_at(a, s->at, c->shown, AGENDA_MAX_CARDS);
    c->n_shown = total < AGENDA_MAX_CARDS ? total : AGENDA_MAX_CARDS;
    c->max_cards = s->phase != SCHED_AFTER ? 1 : c->portrait ? AGENDA_MAX_CARDS : 2;

    int header = sec_header(c);
    int rule = imax(2, (int)lround(0.25 * c->u));
    int ry = c->y0 + header + c->gb;
    fill(c, c->x0, ry, c->cw, rule, COL_RULE, COL_BG);

    int bottom = c->y0 + c->ch;
    if (in->source_line && *in->source_line) {
        style st_f = for_text(sty(c, 2.2, 1.7, 1, in->source_warning ? COL_WARN : COL_TEXT2, false),
                              in->source_line);
        bottom -= sty_h(&st_f);
        text(c, c->x0, bottom, c->cw, &st_f, COL_BG, in->source_line);
        bottom -= c->gb;
    }
    int top = ry + rule + c->gsec;
    bottom = layout_alert_lines(a, in, alert, c->x0, c->cw, top, bottom, c->u, out);
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
