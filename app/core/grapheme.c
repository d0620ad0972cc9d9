/* grapheme.c - extended grapheme cluster boundaries (grapheme.h).
 *
 * Layout: the Grapheme_Cluster_Break property of a code point (FriBidi for the
 * nonspacing marks, small range tables for the rest), the pair rules of UAX #29 with
 * the two pieces of state they need (the emoji ZWJ sequence, the parity of a run of
 * regional indicators), then the cuts built on them.
 */
#include "grapheme.h"

#include <stdint.h>
#include <string.h>

#include <fribidi.h>

#include "utf8.h"

typedef enum {
    G_OTHER, G_CR, G_LF, G_CONTROL, G_EXTEND, G_ZWJ, G_RI, G_PREPEND, G_SPACING,
    G_L, G_V, G_T, G_LV, G_LVT, G_PICT,
} gcb;

typedef struct {
    uint32_t lo, hi;
} range;

static bool in_ranges(uint32_t c, const range *r, size_t n)
{
    size_t a = 0, b = n;
    while (a < b) { /* binary search in sorted, disjoint ranges */
        size_t m = (a + b) / 2;
        if (c < r[m].lo)
            b = m;
        else if (c > r[m].hi)
            a = m + 1;
        else
            return true;
    }
    return false;
}

#define N(t) (sizeof(t) / sizeof((t)[0]))

/* Extended_Pictographic (emoji-data.txt, Unicode 15). */
static const range pict[] = {
    {0xA9, 0xA9}, {0xAE, 0xAE}, {0x203C, 0x203C}, {0x2049, 0x2049}, {0x2122, 0x2122},
    {0x2139, 0x2139}, {0x2194, 0x2199}, {0x21A9, 0x21AA}, {0x231A, 0x231B}, {0x2328, 0x2328},
    {0x2388, 0x2388}, {0x23CF, 0x23CF}, {0x23E9, 0x23F3}, {0x23F8, 0x23FA}, {0x24C2, 0x24C2},
    {0x25AA, 0x25AB}, {0x25B6, 0x25B6}, {0x25C0, 0x25C0}, {0x25FB, 0x25FE}, {0x2600, 0x2605},
    {0x2607, 0x2612}, {0x2614, 0x2685}, {0x2690, 0x2705}, {0x2708, 0x2712}, {0x2714, 0x2714},
    {0x2716, 0x2716}, {0x271D, 0x271D}, {0x2721, 0x2721}, {0x2728, 0x2728}, {0x2733, 0x2734},
    {0x2744, 0x2744}, {0x2747, 0x2747}, {0x274C, 0x274C}, {0x274E, 0x274E}, {0x2753, 0x2755},
    {0x2757, 0x2757}, {0x2763, 0x2767}, {0x2795, 0x2797}, {0x27A1, 0x27A1}, {0x27B0, 0x27B0},
    {0x27BF, 0x27BF}, {0x2934, 0x2935}, {0x2B05, 0x2B07}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50},
    {0x2B55, 0x2B55}, {0x3030, 0x3030}, {0x303D, 0x303D}, {0x3297, 0x3297}, {0x3299, 0x3299},
    {0x1F000, 0x1F0FF}, {0x1F10D, 0x1F10F}, {0x1F12F, 0x1F12F}, {0x1F16C, 0x1F171},
    {0x1F17E, 0x1F17F}, {0x1F18E, 0x1F18E}, {0x1F191, 0x1F19A}, {0x1F1AD, 0x1F1E5},
    {0x1F201, 0x1F20F}, {0x1F21A, 0x1F21A}, {0x1F22F, 0x1F22F}, {0x1F232, 0x1F23A},
    {0x1F23C, 0x1F23F}, {0x1F249, 0x1F3FA}, {0x1F400, 0x1F53D}, {0x1F546, 0x1F64F},
    {0x1F680, 0x1F6FF}, {0x1F774, 0x1F77F}, {0x1F7D5, 0x1F7FF}, {0x1F80C, 0x1F80F},
    {0x1F848, 0x1F84F}, {0x1F85A, 0x1F85F}, {0x1F888, 0x1F88F}, {0x1F8AE, 0x1F8FF},
    {0x1F90C, 0x1F93A}, {0x1F93C, 0x1F945}, {0x1F947, 0x1FAFF}, {0x1FC00, 0x1FFFD},
};

/* Prepend (Arabic number signs and the like). */
static const range prepend[] = {
    {0x600, 0x605}, {0x6DD, 0x6DD}, {0x70F, 0x70F}, {0x890, 0x891}, {0x8E2, 0x8E2},
    {0xD4E, 0xD4E}, {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x111C2, 0x111C3},
    {0x1193F, 0x1193F}, {0x11941, 0x11941}, {0x11A3A, 0x11A3A}, {0x11A84, 0x11A89},
    {0x11D46, 0x11D46}, {0x11F02, 0x11F02},
};

/* Extend beyond the nonspacing and enclosing marks: Other_Grapheme_Extend, ZWNJ,
 * emoji modifiers, tags and variation selectors (some have another bidi class). */
static const range extend[] = {
    {0x9BE, 0x9BE}, {0x9D7, 0x9D7}, {0xB3E, 0xB3E}, {0xB57, 0xB57}, {0xBBE, 0xBBE},
    {0xBD7, 0xBD7}, {0xCC2, 0xCC2}, {0xCD5, 0xCD6}, {0xD3E, 0xD3E}, {0xD57, 0xD57},
    {0xDCF, 0xDCF}, {0xDDF, 0xDDF}, {0x1B35, 0x1B35}, {0x200C, 0x200C}, {0x302E, 0x302F},
    {0xFE00, 0xFE0F}, {0xFF9E, 0xFF9F}, {0x1D165, 0x1D165}, {0x1D16E, 0x1D172},
    {0x1F3FB, 0x1F3FF}, {0xE0020, 0xE007F}, {0xE0100, 0xE01EF},
};

/* SpacingMark of the scripts a board is likely to show (Indic, Sinhala, Thai, Lao,
 * Tibetan, Myanmar, Tagalog, Hanunoo, Khmer): the spacing combining marks (general
 * category Mc) that are not Extend, less the Myanmar ones UAX #29 leaves out. */
static const range spacing[] = {
    {0x903, 0x903}, {0x93B, 0x93B}, {0x93E, 0x940}, {0x949, 0x94C}, {0x94E, 0x94F},
    {0x982, 0x983}, {0x9BF, 0x9C0}, {0x9C7, 0x9C8}, {0x9CB, 0x9CC}, {0xA03, 0xA03},
    {0xA3E, 0xA40}, {0xA83, 0xA83}, {0xABE, 0xAC0}, {0xAC9, 0xAC9}, {0xACB, 0xACC},
    {0xB02, 0xB03}, {0xB40, 0xB40}, {0xB47, 0xB48}, {0xB4B, 0xB4C}, {0xBBF, 0xBBF},
    {0xBC1, 0xBC2}, {0xBC6, 0xBC8}, {0xBCA, 0xBCC}, {0xC01, 0xC03}, {0xC41, 0xC44},
    {0xC82, 0xC83}, {0xCBE, 0xCBE}, {0xCC0, 0xCC1}, {0xCC3, 0xCC4}, {0xCC7, 0xCC8},
    {0xCCA, 0xCCB}, {0xCF3, 0xCF3}, {0xD02, 0xD03}, {0xD3F, 0xD40}, {0xD46, 0xD48},
    {0xD4A, 0xD4C}, {0xD82, 0xD83}, {0xDD0, 0xDD1}, {0xDD8, 0xDDE}, {0xDF2, 0xDF3},
    {0xE33, 0xE33}, {0xEB3, 0xEB3}, {0xF3E, 0xF3F}, {0xF7F, 0xF7F}, {0x1031, 0x1031},
    {0x103B, 0x103C}, {0x1056, 0x1057}, {0x1084, 0x1084}, {0x1715, 0x1715},
    {0x1734, 0x1734}, {0x17B6, 0x17B6}, {0x17BE, 0x17C5}, {0x17C7, 0x17C8},
};

static bool is_control(uint32_t c)
{
    if (c < 0x20 || (c >= 0x7F && c < 0xA0))
        return true;
    return c == 0xAD || c == 0x61C || c == 0x180E || c == 0x200B || c == 0x200E ||
           c == 0x200F || (c >= 0x2028 && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) ||
           c == 0xFEFF || (c >= 0xFFF0 && c <= 0xFFFB) || c == 0xE0000 || c == 0xE0001 ||
           (c >= 0xE0002 && c <= 0xE001F) || (c >= 0xE0080 && c <= 0xE00FF) ||
           (c >= 0xE01F0 && c <= 0xE0FFF) || (c >= 0xD800 && c <= 0xDFFF);
}

static gcb property(uint32_t c)
{
    if (c == 0x0D)
        return G_CR;
    if (c == 0x0A)
        return G_LF;
    if (c == 0x200D)
        return G_ZWJ;
    if (c < 0x300)
        return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD ? G_CONTROL
               : c == 0xA9 || c == 0xAE                         ? G_PICT
                                                                : G_OTHER;
    if (c >= 0x1F1E6 && c <= 0x1F1FF)
        return G_RI;
    if (in_ranges(c, extend, N(extend)))
        return G_EXTEND;
    if (is_control(c))
        return G_CONTROL;
    if (c >= 0xAC00 && c <= 0xD7A3)
        return (c - 0xAC00) % 28 == 0 ? G_LV : G_LVT;
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0xA960 && c <= 0xA97C))
        return G_L;
    if ((c >= 0x1160 && c <= 0x11A7) || (c >= 0xD7B0 && c <= 0xD7C6))
        return G_V;
    if ((c >= 0x11A8 && c <= 0x11FF) || (c >= 0xD7CB && c <= 0xD7FB))
        return G_T;
    if (in_ranges(c, pict, N(pict)))
        return G_PICT;
    if (in_ranges(c, prepend, N(prepend)))
        return G_PREPEND;
    if (fribidi_get_bidi_type(c) == FRIBIDI_TYPE_NSM)
        return G_EXTEND; /* general categories Mn and Me */
    if (in_ranges(c, spacing, N(spacing)))
        return G_SPACING;
    return G_OTHER;
}

/* Indic_Conjunct_Break (GB9c): the consonants and viramas of the scripts that join
 * consonants into one cluster (Devanagari, Bengali, Gujarati, Oriya, Telugu,
 * Malayalam). */
enum { INCB_NONE, INCB_CONSONANT, INCB_LINKER, INCB_EXTEND };

static const range consonants[] = {
    {0x915, 0x939}, {0x958, 0x95F}, {0x978, 0x97F}, {0x995, 0x9A8}, {0x9AA, 0x9B0},
    {0x9B2, 0x9B2}, {0x9B6, 0x9B9}, {0x9DC, 0x9DD}, {0x9DF, 0x9DF}, {0x9F0, 0x9F1},
    {0xA95, 0xAA8}, {0xAAA, 0xAB0}, {0xAB2, 0xAB3}, {0xAB5, 0xAB9}, {0xAF9, 0xAF9},
    {0xB15, 0xB28}, {0xB2A, 0xB30}, {0xB32, 0xB33}, {0xB35, 0xB39}, {0xB5C, 0xB5D},
    {0xB5F, 0xB5F}, {0xB71, 0xB71}, {0xC15, 0xC28}, {0xC2A, 0xC39}, {0xC58, 0xC5A},
    {0xD15, 0xD3A},
};

/* Marks that keep a conjunct open (InCB=Extend: combining class not 0, and ZWJ). */
static const range conj_marks[] = {
    {0x300, 0x34E}, {0x350, 0x36F}, {0x93C, 0x93C}, {0x951, 0x954}, {0x9BC, 0x9BC},
    {0xABC, 0xABC}, {0xB3C, 0xB3C}, {0xC3C, 0xC3C}, {0xC55, 0xC56}, {0xD3B, 0xD3C},
    {0x1DC0, 0x1DFF}, {0x200D, 0x200D}, {0x20D0, 0x20DC}, {0x20E1, 0x20E1},
    {0x20E5, 0x20F0}, {0xFE20, 0xFE2F},
};

static int incb(uint32_t c)
{
    if (c == 0x94D || c == 0x9CD || c == 0xACD || c == 0xB4D || c == 0xC4D || c == 0xD4D)
        return INCB_LINKER;
    if (c >= 0x300 && c <= 0xFE2F && in_ranges(c, conj_marks, N(conj_marks)))
        return INCB_EXTEND;
    return c >= 0x915 && c <= 0xD3A && in_ranges(c, consonants, N(consonants))
               ? INCB_CONSONANT
               : INCB_NONE;
}

/* What the rules remember of the text before a position. */
typedef struct {
    gcb prev;
    int conj;        /* GB9c: 1 after a consonant (and extends), 2 after its linker */
    bool pict_ext;   /* after ExtPict Extend* (GB11, before its ZWJ) */
    bool pict_zwj;   /* after ExtPict Extend* ZWJ (GB11) */
    unsigned ri_run; /* regional indicators just before (GB12, GB13) */
} gstate;

/* Whether there is a boundary between the state's text and a code point of class g. */
static bool breaks(const gstate *st, gcb g, int ib)
{
    gcb p = st->prev;
    if (p == G_CR && g == G_LF)
        return false; /* GB3 */
    if (p == G_CR || p == G_LF || p == G_CONTROL || g == G_CR || g == G_LF || g == G_CONTROL)
        return true; /* GB4, GB5 */
    if (p == G_L && (g == G_L || g == G_V || g == G_LV || g == G_LVT))
        return false; /* GB6 */
    if ((p == G_LV || p == G_V) && (g == G_V || g == G_T))
        return false; /* GB7 */
    if ((p == G_LVT || p == G_T) && g == G_T)
        return false; /* GB8 */
    if (g == G_EXTEND || g == G_ZWJ || g == G_SPACING || p == G_PREPEND)
        return false; /* GB9, GB9a, GB9b */
    if (st->conj == 2 && ib == INCB_CONSONANT)
        return false; /* GB9c */
    if (st->pict_zwj && g == G_PICT)
        return false; /* GB11 */
    if (p == G_RI && g == G_RI && (st->ri_run & 1))
        return false; /* GB12, GB13 */
    return true;
}

static void advance(gstate *st, gcb g, int ib)
{
    if (ib == INCB_CONSONANT)
        st->conj = 1;
    else if (ib == INCB_LINKER && st->conj)
        st->conj = 2;
    else if (ib != INCB_EXTEND && ib != INCB_LINKER)
        st->conj = 0;
    st->pict_zwj = st->pict_ext && g == G_ZWJ;
    st->pict_ext = g == G_PICT || (st->pict_ext && g == G_EXTEND);
    st->ri_run = g == G_RI ? st->ri_run + 1 : 0;
    st->prev = g;
}

/* The code point class at s[i] and its length (an invalid byte: a control of 1). */
static gcb class_at(const char *s, size_t n, size_t i, size_t *len, int *ib)
{
    uint32_t cp;
    size_t k = utf8_decode(s + i, n - i, &cp);
    *len = k ? k : 1;
    *ib = k ? incb(cp) : INCB_NONE;
    return k ? property(cp) : G_CONTROL;
}

void grapheme_starts(const uint32_t *cp, size_t n, bool *start)
{
    gstate st = {G_CONTROL, 0, false, false, 0};
    for (size_t i = 0; i < n; i++) {
        gcb g = property(cp[i]);
        int ib = incb(cp[i]);
        start[i] = i == 0 || breaks(&st, g, ib);
        advance(&st, g, ib);
    }
}

size_t grapheme_next(const char *s, size_t n, size_t i)
{
    gstate st = {G_CONTROL, 0, false, false, 0};
    size_t pos = 0, len;
    bool first = true;
    while (pos < n) {
        int ib;
        gcb g = class_at(s, n, pos, &len, &ib);
        if (!first && pos > i && breaks(&st, g, ib))
            return pos;
        first = false;
        advance(&st, g, ib);
        pos += len;
    }
    return n;
}

size_t grapheme_floor(const char *s, size_t n, size_t max)
{
    if (max >= n)
        return n;
    gstate st = {G_CONTROL, 0, false, false, 0};
    size_t pos = 0, len, last = 0;
    bool first = true;
    while (pos < n && pos <= max) {
        int ib;
        gcb g = class_at(s, n, pos, &len, &ib);
        if (!first && breaks(&st, g, ib))
            last = pos;
        first = false;
        advance(&st, g, ib);
        pos += len;
    }
    return last;
}

size_t grapheme_fit(const char *s, size_t n, size_t limit, bool *cut)
{
    if (cut)
        *cut = n > limit;
    if (n <= limit)
        return n;
    if (limit < GRAPHEME_ELLIPSIS_LEN)
        return 0;
    size_t keep = grapheme_floor(s, n, limit - GRAPHEME_ELLIPSIS_LEN);
    while (keep > 0 && s[keep - 1] == ' ' && grapheme_floor(s, n, keep - 1) == keep - 1)
        keep--; /* "word…", not "word …" */
    return keep;
}

size_t grapheme_ellipsize(char *buf, size_t len, size_t cap)
{
    if (cap == 0)
        return 0;
    bool cut;
    size_t keep = grapheme_fit(buf, len, cap - 1, &cut);
    if (cut && cap - 1 >= GRAPHEME_ELLIPSIS_LEN) {
        memcpy(buf + keep, GRAPHEME_ELLIPSIS, GRAPHEME_ELLIPSIS_LEN);
        keep += GRAPHEME_ELLIPSIS_LEN;
    }
    buf[keep] = '\0';
    return keep;
}

size_t grapheme_copy(char *out, size_t cap, const char *s)
{
    if (cap == 0)
        return 0;
    size_t n = strlen(s);
    bool cut;
    size_t keep = grapheme_fit(s, n, cap - 1, &cut);
    memmove(out, s, keep);
    if (cut && cap - 1 >= GRAPHEME_ELLIPSIS_LEN) {
        memcpy(out + keep, GRAPHEME_ELLIPSIS, GRAPHEME_ELLIPSIS_LEN);
        keep += GRAPHEME_ELLIPSIS_LEN;
    }
    out[keep] = '\0';
    return keep;
}

size_t grapheme_mend(char *buf, size_t len, size_t cap)
{
    size_t i = 0;
    while (i < len) {
        size_t k = utf8_seq((const unsigned char *)buf + i, len - i);
        if (k) {
            i += k;
            continue;
        }
        size_t j = i + 1; /* the end of the invalid run */
        while (j < len && !utf8_seq((const unsigned char *)buf + j, len - j))
            j++;
        size_t put = len - (j - i) + GRAPHEME_ELLIPSIS_LEN < cap ? GRAPHEME_ELLIPSIS_LEN : 0;
        memmove(buf + i + put, buf + j, len - j);
        memcpy(buf + i, GRAPHEME_ELLIPSIS, put);
        len = len - (j - i) + put;
        i += put;
        buf[len] = '\0';
    }
    return len;
}
