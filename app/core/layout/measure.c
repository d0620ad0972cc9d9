/* measure.c - how many lines a text takes at a size in a width, and fitting a text
 * to a size and a number of lines (ly_fit).
 */
#include "layout_int.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define EST_SLACK 2      /* px a line loses to hinting (rounded advances) */
#define EST_MAX_LINES 64 /* line counts are not estimated beyond this */

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
int ly_est_fill(const char *s, int px, int w, bool bold, int stop, size_t *end)
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
        uint32_t cp = ly_next_cp(&p);
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
int ly_est_lines(const char *s, int px, int w, bool bold)
{
    return ly_est_fill(s, px, w, bold, 0, NULL);
}

int layout_est_lines(const char *s, int px, int w, bool bold)
{
    return ly_est_lines(s, px, w, bold);
}

double layout_line_factor(const char *s)
{
    return ly_tall_factor(s);
}

/* Fits text s in width w with style st (sizes st->min_px..st->px), in at most
 * max_lines lines and max_h pixels. fewest: the fewest lines the text takes at the
 * smallest size, at the largest size that keeps to them (titles: shrink a step rather
 * than take another line); else the largest size at which it fits. When even the
 * smallest size cannot hold it: that size and as many lines as fit (at least one),
 * and whole is false (textlay then cuts the text). */
ly_fitted ly_fit(const ly_style *st, const char *s, int w, int max_lines, int max_h, bool fewest)
{
    bool bold = st->weight == LAYOUT_WEIGHT_BOLD;
    int lo = st->min_px, hi = imax(st->px, st->min_px);
    int room = imax(1, imin(max_lines, max_h / ly_line_px(lo, st->lf)));
    int need = ly_est_lines(s, lo, w, bold);
    if (need > room)
        return (ly_fitted){lo, room, false};
    int cap = fewest ? need : room;
    int n = ly_est_lines(s, hi, w, bold);
    if (n <= cap && (long)n * ly_line_px(hi, st->lf) <= max_h)
        return (ly_fitted){hi, n, true};
    n = need;
    while (hi - lo > 1) { /* lo fits (with n lines), hi does not */
        int mid = lo + (hi - lo) / 2;
        int k = ly_est_lines(s, mid, w, bold);
        if (k <= cap && (long)k * ly_line_px(mid, st->lf) <= max_h)
            lo = mid, n = k;
        else
            hi = mid;
    }
    return (ly_fitted){lo, n, true};
}

/* st set to a fitted size and line count. */
ly_style ly_fitted_style(ly_style st, ly_fitted f)
{
    st.px = f.px;
    st.lines = f.lines;
    return st;
}
