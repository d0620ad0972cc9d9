/* textlay.c - lays out one multilingual string in a box (see textlay.h).
 *
 * Pure: fonts are reached only through the textlay_fonts callbacks; bidi comes from
 * FriBidi and break opportunities from libunibreak. One layout works in one scratch
 * block (tl_ctx, allocated once per call) and never allocates per code point.
 *
 * Layout of the file:
 *   - UTF-8 decoding and character classes (controls, spaces, marks, ignorables);
 *   - the script table (ISO 15924, compact ranges, binary search);
 *   - analysis of one text: code points, grapheme boundaries, font per code point
 *     (first font of the chain with the glyph; common characters and marks stay in
 *     the surrounding font), script per code point, bidi levels per paragraph, break
 *     opportunities;
 *   - filling lines at one size: greedy over break opportunities, a word longer than
 *     the line broken between graphemes, runs measured and put into visual order;
 *   - shrink-to-fit (binary search over sizes) and the ellipsis at the smallest size;
 *   - the public functions.
 */
#include "textlay.h"

#include <fribidi.h>
#include <limits.h>
#include <linebreak.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* Most fonts a chain may have (the used-font set is a 64-bit mask). */
#define TL_MAX_FONTS 64
/* Code points one analysed text may hold: sanitized text plus an ellipsis. */
#define TL_CAP (TEXTLAY_MAX_BYTES + 4)
/* Most lines a layout may have for balance() to reconsider its breaks, and most
 * break opportunities it weighs. */
#define TL_BALANCE_LINES 3
#define TL_BALANCE_SEGS 96
/* Marker for "no script yet" while resolving common characters. */
#define TL_NO_SCRIPT 0xFF

/* ---- UTF-8 and character classes ------------------------------------------ */

/* Decodes one code point from s (NUL-terminated or at least n bytes). Invalid or
 * truncated sequences yield U+FFFD and consume their maximal valid prefix (at least
 * one byte); a NUL byte never counts as a continuation, so a NUL-terminated string is
 * never read past its end. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *used)
{
    unsigned char b = s[0];
    if (b < 0x80) {
        *used = 1;
        return b;
    }
    uint32_t cp;
    size_t need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b >= 0xC2 && b <= 0xDF) {
        need = 1;
        cp = b & 0x1Fu;
    } else if (b >= 0xE0 && b <= 0xEF) {
        need = 2;
        cp = b & 0x0Fu;
        if (b == 0xE0)
            lo = 0xA0;
        else if (b == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (b >= 0xF0 && b <= 0xF4) {
        need = 3;
        cp = b & 0x07u;
        if (b == 0xF0)
            lo = 0x90;
        else if (b == 0xF4)
            hi = 0x8F;
    } else {
        *used = 1;
        return 0xFFFD;
    }
    for (size_t i = 1; i <= need; i++) {
        if (i >= n || s[i] < lo || s[i] > hi) {
            *used = i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (s[i] & 0x3Fu);
        lo = 0x80;
        hi = 0xBF;
    }
    *used = need + 1;
    return cp;
}

static size_t utf8_put(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Line and paragraph separators: each ends a line. */
static bool is_newline(uint32_t c)
{
    return (c >= 0x0A && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* C0 and C1 controls (tab and newlines included): never drawn. */
static bool is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

/* Spaces that hang at the end of a line (U+2007 FIGURE SPACE does not break). */
static bool is_space(uint32_t c)
{
    return c == 0x20 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A && c != 0x2007) ||
           c == 0x205F || c == 0x3000;
}

/* Unicode Default_Ignorable_Code_Point: drawn as nothing, never tofu. */
static bool is_ignorable(uint32_t c)
{
    if (c < 0xAD)
        return false;
    return c == 0xAD || c == 0x34F || c == 0x61C || c == 0x115F || c == 0x1160 ||
           c == 0x17B4 || c == 0x17B5 || (c >= 0x180B && c <= 0x180F) ||
           (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x206F) || c == 0x3164 || (c >= 0xFE00 && c <= 0xFE0F) ||
           c == 0xFEFF || c == 0xFFA0 || (c >= 0xFFF0 && c <= 0xFFF8) ||
           (c >= 0x1BCA0 && c <= 0x1BCA3) || (c >= 0x1D173 && c <= 0x1D17A) ||
           (c >= 0xE0000 && c <= 0xE0FFF);
}

static bool is_regional_indicator(uint32_t c)
{
    return c >= 0x1F1E6 && c <= 0x1F1FF;
}

/* Spacing combining marks (general category Mc) of the scripts drawn here, plus
 * Hangul medial and final jamo and emoji skin-tone modifiers: they extend the
 * grapheme before them. Nonspacing marks are found through FriBidi (type NSM). */
static bool is_spacing_mark(uint32_t c)
{
    if (c >= 0x0900 && c <= 0x0D7F) { /* Indic blocks share the ISCII layout */
        uint32_t o = c & 0x7F;
        return (o >= 0x01 && o <= 0x03) || (o >= 0x3A && o <= 0x3C) ||
               (o >= 0x3E && o <= 0x4D) || (o >= 0x55 && o <= 0x57) ||
               (o >= 0x62 && o <= 0x63) || c == 0x094E || c == 0x094F;
    }
    return (c >= 0x0D81 && c <= 0x0D83) || (c >= 0x0DCA && c <= 0x0DDF) ||
           c == 0x0DF2 || c == 0x0DF3 || c == 0x0E33 || c == 0x0EB3 ||
           (c >= 0x0F3E && c <= 0x0F3F) || (c >= 0x102B && c <= 0x103E) ||
           (c >= 0x1056 && c <= 0x1059) || (c >= 0x1160 && c <= 0x11FF) ||
           (c >= 0x17B6 && c <= 0x17D3) || (c >= 0xD7B0 && c <= 0xD7FF) ||
           (c >= 0x1F3FB && c <= 0x1F3FF);
}

/* ---- Scripts ------------------------------------------------------------------- */

enum {
    S_ZYYY, S_ZINH, S_LATN, S_GREK, S_CYRL, S_ARMN, S_HEBR, S_ARAB, S_SYRC, S_THAA,
    S_NKOO, S_DEVA, S_BENG, S_GURU, S_GUJR, S_ORYA, S_TAML, S_TELU, S_KNDA, S_MLYM,
    S_SINH, S_THAI, S_LAOO, S_TIBT, S_MYMR, S_GEOR, S_HANG, S_ETHI, S_CHER, S_CANS,
    S_KHMR, S_MONG, S_HIRA, S_KANA, S_BOPO, S_HANI, S_YIII, S_COPT, S_TFNG, S_GLAG,
    S_COUNT
};

static const char script_names[S_COUNT][5] = {
    "Zyyy", "Zinh", "Latn", "Grek", "Cyrl", "Armn", "Hebr", "Arab", "Syrc", "Thaa",
    "Nkoo", "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym",
    "Sinh", "Thai", "Laoo", "Tibt", "Mymr", "Geor", "Hang", "Ethi", "Cher", "Cans",
    "Khmr", "Mong", "Hira", "Kana", "Bopo", "Hani", "Yiii", "Copt", "Tfng", "Glag",
};

/* Sorted, non-overlapping ranges; code points outside them are common (Zyyy). */
static const struct script_range {
    uint32_t lo, hi;
    uint8_t script;
} script_ranges[] = {
    {0x0041, 0x005A, S_LATN}, {0x0061, 0x007A, S_LATN}, {0x00AA, 0x00AA, S_LATN},
    {0x00BA, 0x00BA, S_LATN}, {0x00C0, 0x00D6, S_LATN}, {0x00D8, 0x00F6, S_LATN},
    {0x00F8, 0x02B8, S_LATN}, {0x02E0, 0x02E4, S_LATN}, {0x0300, 0x036F, S_ZINH},
    {0x0370, 0x0373, S_GREK}, {0x0375, 0x0377, S_GREK}, {0x037A, 0x037D, S_GREK},
    {0x037F, 0x0384, S_GREK}, {0x0386, 0x0386, S_GREK}, {0x0388, 0x03E1, S_GREK},
    {0x03E2, 0x03EF, S_COPT}, {0x03F0, 0x03FF, S_GREK}, {0x0400, 0x0484, S_CYRL},
    {0x0485, 0x0486, S_ZINH}, {0x0487, 0x052F, S_CYRL}, {0x0531, 0x058F, S_ARMN},
    {0x0591, 0x05FF, S_HEBR}, {0x0600, 0x0604, S_ARAB}, {0x0606, 0x060B, S_ARAB},
    {0x060D, 0x061A, S_ARAB}, {0x061C, 0x061E, S_ARAB}, {0x0620, 0x063F, S_ARAB},
    {0x0641, 0x064A, S_ARAB}, {0x064B, 0x0655, S_ZINH}, {0x0656, 0x066F, S_ARAB},
    {0x0670, 0x0670, S_ZINH}, {0x0671, 0x06DC, S_ARAB}, {0x06DE, 0x06FF, S_ARAB},
    {0x0700, 0x074F, S_SYRC}, {0x0750, 0x077F, S_ARAB}, {0x0780, 0x07BF, S_THAA},
    {0x07C0, 0x07FF, S_NKOO}, {0x08A0, 0x08FF, S_ARAB}, {0x0900, 0x0950, S_DEVA},
    {0x0951, 0x0954, S_ZINH}, {0x0955, 0x0963, S_DEVA}, {0x0966, 0x097F, S_DEVA},
    {0x0980, 0x09FF, S_BENG}, {0x0A00, 0x0A7F, S_GURU}, {0x0A80, 0x0AFF, S_GUJR},
    {0x0B00, 0x0B7F, S_ORYA}, {0x0B80, 0x0BFF, S_TAML}, {0x0C00, 0x0C7F, S_TELU},
    {0x0C80, 0x0CFF, S_KNDA}, {0x0D00, 0x0D7F, S_MLYM}, {0x0D80, 0x0DFF, S_SINH},
    {0x0E01, 0x0E3A, S_THAI}, {0x0E40, 0x0E5B, S_THAI}, {0x0E80, 0x0EFF, S_LAOO},
    {0x0F00, 0x0FD4, S_TIBT}, {0x0FD9, 0x0FFF, S_TIBT}, {0x1000, 0x109F, S_MYMR},
    {0x10A0, 0x10FA, S_GEOR}, {0x10FC, 0x10FF, S_GEOR}, {0x1100, 0x11FF, S_HANG},
    {0x1200, 0x139F, S_ETHI}, {0x13A0, 0x13FF, S_CHER}, {0x1400, 0x167F, S_CANS},
    {0x1780, 0x17FF, S_KHMR}, {0x1800, 0x1801, S_MONG}, {0x1804, 0x1804, S_MONG},
    {0x1806, 0x18AF, S_MONG}, {0x1AB0, 0x1AFF, S_ZINH}, {0x1C80, 0x1C8F, S_CYRL},
    {0x1C90, 0x1CBF, S_GEOR}, {0x1D00, 0x1D25, S_LATN}, {0x1D26, 0x1D2A, S_GREK},
    {0x1D2B, 0x1D2B, S_CYRL}, {0x1D2C, 0x1D5C, S_LATN}, {0x1D5D, 0x1D61, S_GREK},
    {0x1D62, 0x1D65, S_LATN}, {0x1D66, 0x1D6A, S_GREK}, {0x1D6B, 0x1D77, S_LATN},
    {0x1D78, 0x1D78, S_CYRL}, {0x1D79, 0x1DBE, S_LATN}, {0x1DBF, 0x1DBF, S_GREK},
    {0x1DC0, 0x1DFF, S_ZINH}, {0x1E00, 0x1EFF, S_LATN}, {0x1F00, 0x1FFF, S_GREK},
    {0x200C, 0x200D, S_ZINH}, {0x2071, 0x2071, S_LATN}, {0x207F, 0x207F, S_LATN},
    {0x2090, 0x209C, S_LATN}, {0x20D0, 0x20FF, S_ZINH}, {0x2126, 0x2126, S_GREK},
    {0x212A, 0x212B, S_LATN}, {0x2132, 0x2132, S_LATN}, {0x214E, 0x214E, S_LATN},
    {0x2160, 0x2188, S_LATN}, {0x2C00, 0x2C5F, S_GLAG}, {0x2C60, 0x2C7F, S_LATN},
    {0x2C80, 0x2CFF, S_COPT}, {0x2D00, 0x2D2F, S_GEOR}, {0x2D30, 0x2D7F, S_TFNG},
    {0x2DE0, 0x2DFF, S_CYRL}, {0x2E80, 0x2FD5, S_HANI}, {0x3005, 0x3005, S_HANI},
    {0x3007, 0x3007, S_HANI}, {0x3021, 0x3029, S_HANI}, {0x302A, 0x302D, S_ZINH},
    {0x3038, 0x303B, S_HANI}, {0x3041, 0x3096, S_HIRA}, {0x3099, 0x309A, S_ZINH},
    {0x309D, 0x309F, S_HIRA}, {0x30A1, 0x30FA, S_KANA}, {0x30FD, 0x30FF, S_KANA},
    {0x3105, 0x312F, S_BOPO}, {0x3131, 0x318E, S_HANG}, {0x31A0, 0x31BF, S_BOPO},
    {0x31F0, 0x31FF, S_KANA}, {0x3200, 0x321E, S_HANG}, {0x3260, 0x327E, S_HANG},
    {0x32D0, 0x32FE, S_KANA}, {0x3300, 0x3357, S_KANA}, {0x3400, 0x4DBF, S_HANI},
    {0x4E00, 0x9FFF, S_HANI}, {0xA000, 0xA4CF, S_YIII}, {0xA640, 0xA69F, S_CYRL},
    {0xA722, 0xA787, S_LATN}, {0xA78B, 0xA7FF, S_LATN}, {0xA8E0, 0xA8FF, S_DEVA},
    {0xA960, 0xA97F, S_HANG}, {0xAB30, 0xAB5A, S_LATN}, {0xAB5C, 0xAB64, S_LATN},
    {0xAB65, 0xAB65, S_GREK}, {0xAC00, 0xD7FF, S_HANG}, {0xF900, 0xFAFF, S_HANI},
    {0xFB00, 0xFB06, S_LATN}, {0xFB13, 0xFB17, S_ARMN}, {0xFB1D, 0xFB4F, S_HEBR},
    {0xFB50, 0xFD3D, S_ARAB}, {0xFD40, 0xFDFF, S_ARAB}, {0xFE00, 0xFE0F, S_ZINH},
    {0xFE20, 0xFE2F, S_ZINH}, {0xFE70, 0xFEFC, S_ARAB}, {0xFF21, 0xFF3A, S_LATN},
    {0xFF41, 0xFF5A, S_LATN}, {0xFF66, 0xFF6F, S_KANA}, {0xFF71, 0xFF9D, S_KANA},
    {0xFFA0, 0xFFDC, S_HANG}, {0x1B000, 0x1B000, S_KANA}, {0x1B001, 0x1B11F, S_HIRA},
    {0x1F200, 0x1F200, S_HIRA}, {0x20000, 0x3134F, S_HANI}, {0xE0100, 0xE01EF, S_ZINH},
};

static uint8_t script_of(uint32_t c)
{
    size_t lo = 0, hi = sizeof script_ranges / sizeof script_ranges[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c < script_ranges[mid].lo)
            hi = mid;
        else if (c > script_ranges[mid].hi)
            lo = mid + 1;
        else
            return script_ranges[mid].script;
    }
    return S_ZYYY;
}

/* Han, kana and bopomofo shape alike and share fonts: one run holds them all. */
static uint8_t script_group(uint8_t s)
{
    return (s == S_HIRA || s == S_KANA || s == S_BOPO) ? S_HANI : s;
}

/* ---- Analysis ---------------------------------------------------------------- */

enum {
    F_NL = 1,      /* ends a line (newline, paragraph separator) */
    F_SPACE = 2,   /* hangs at the end of a line */
    F_ATTACH = 4,  /* mark or modifier: keeps the font of what precedes it */
    F_GB = 8,      /* a grapheme cluster starts here */
    F_IGN = 16,    /* default-ignorable: never tofu, keeps the surrounding font */
    F_CTRL = 32,   /* control character: never drawn */
    F_COMMON = 64, /* common or inherited script: takes the surrounding font */
    F_OPEN = 128,  /* opening bracket: goes with what follows it */
};

enum { FILL_DONE, FILL_LINES, FILL_RUNS };

/* The scratch block of one layout call. */
typedef struct {
    const textlay_fonts *fonts;
    const char *lang;
    const char *text; /* the text analysed: the result's text or `alt` */
    size_t nbytes, n;
    bool rtl;
    uint64_t used_fonts; /* bit f: some code point is drawn in font f */
    int cache_px;        /* size the width cache holds, -1 for none */
    uint32_t gen;        /* generation of the width cache */
    bool overflow;       /* the last fill kept a grapheme wider than the box */
    size_t lstart[TEXTLAY_MAX_LINES], lend[TEXTLAY_MAX_LINES]; /* lines of the last fill */
    size_t pend_start, pend_end; /* the line the last fill could not place */
    FriBidiLevel rlevel[TEXTLAY_MAX_RUNS]; /* levels of the runs of the last fill */
    uint32_t cp[TL_CAP];
    uint32_t lbcp[TL_CAP];   /* what libunibreak sees */
    uint16_t off[TL_CAP + 1];
    int16_t font[TL_CAP];
    uint8_t script[TL_CAP];
    uint8_t flags[TL_CAP];
    char brk[TL_CAP];        /* LINEBREAK_* after code point i */
    FriBidiLevel level[TL_CAP];
    FriBidiCharType btype[TL_CAP];
    FriBidiBracketType bracket[TL_CAP];
    int32_t wbody[TL_CAP], wtail[TL_CAP]; /* widths of the segment starting at i */
    uint32_t wgen[TL_CAP];
    uint16_t cand[2 * (TL_CAP + 1)]; /* byte offsets tried as ellipsis cuts */
    char alt[TL_CAP];          /* text cut for the ellipsis */
    char orig[TL_CAP];         /* the text before it was cut */
    size_t forced[TL_BALANCE_LINES]; /* line ends fill() must use (balance()) */
    size_t n_forced;
} tl_ctx;

static pthread_once_t linebreak_once = PTHREAD_ONCE_INIT;

static void linebreak_setup(void)
{
    init_linebreak();
}

static bool has(const tl_ctx *c, int f, uint32_t cp)
{
    return c->fonts->has_glyph(c->fonts->ctx, f, cp);
}

/* The first font of the chain with a glyph for cp, or -1. */
static int natural_font(const tl_ctx *c, uint32_t cp)
{
    for (int f = 0; f < c->fonts->n_fonts; f++)
        if (has(c, f, cp))
            return f;
    return -1;
}

static bool is_strong_for_font(uint8_t fl)
{
    return !(fl & (F_COMMON | F_ATTACH | F_IGN | F_CTRL));
}

/* Natural font of the next character at or after i (same paragraph) that has a
 * script of its own, or -1. *at caches the answer's index (SIZE_MAX: none yet). */
static int next_strong_font(const tl_ctx *c, size_t i, size_t *at, int *font)
{
    if (*at != SIZE_MAX && *at >= i)
        return *font;
    size_t j = i;
    while (j < c->n && !(c->flags[j] & F_NL) && !is_strong_for_font(c->flags[j]))
        j++;
    *at = j;
    *font = (j < c->n && !(c->flags[j] & F_NL)) ? natural_font(c, c->cp[j]) : -1;
    return *font;
}

/* True if code point i has a space (or a line edge) on both sides. */
static bool isolated(const tl_ctx *c, size_t i)
{
    bool before = i == 0 || (c->flags[i - 1] & (F_SPACE | F_NL));
    bool after = i + 1 >= c->n || (c->flags[i + 1] & (F_SPACE | F_NL));
    return before && after;
}

static void assign_fonts(tl_ctx *c)
{
    int prev = -1;
    size_t ns_at = SIZE_MAX;
    int ns_font = -1;
    c->used_fonts = 0;
    for (size_t i = 0; i < c->n; i++) {
        uint8_t fl = c->flags[i];
        uint32_t cp = c->cp[i];
        int f;
        if (fl & (F_CTRL | F_NL)) { /* never drawn */
            c->font[i] = (int16_t)(prev >= 0 ? prev : 0);
            if (fl & F_NL)
                prev = -1;
            continue;
        }
        if (fl & F_IGN) {
            f = prev >= 0 ? prev : next_strong_font(c, i, &ns_at, &ns_font);
            if (f < 0)
                f = 0;
        } else if (fl & F_ATTACH) {
            f = (prev >= 0 && has(c, prev, cp)) ? prev : natural_font(c, cp);
        } else if ((fl & F_COMMON) && !(fl & F_SPACE) && isolated(c, i)) {
            /* A separator standing between spaces (" · ", " / ") belongs to neither
             * neighbour: the first face with the glyph draws it, so it looks the
             * same after Chinese as after Latin (CJK faces have full-width ones). */
            f = natural_font(c, cp);
        } else if (fl & F_COMMON) {
            /* An opening bracket goes with what it opens, other common characters
             * with what precedes them; else with what follows; else any font. */
            bool opens = (fl & F_OPEN) != 0;
            bool in_prev = !opens && prev >= 0 && has(c, prev, cp);
            int nf = in_prev ? -1 : next_strong_font(c, i, &ns_at, &ns_font);
            if (in_prev)
                f = prev;
            else if (nf >= 0 && has(c, nf, cp))
                f = nf;
            else if (opens && prev >= 0 && has(c, prev, cp))
                f = prev;
            else
                f = natural_font(c, cp);
        } else {
            f = natural_font(c, cp);
        }
        c->font[i] = (int16_t)f;
        c->used_fonts |= (uint64_t)1 << (f >= 0 ? f : 0);
        prev = f;
    }
}

/* Common and inherited characters take the script of the strong character before
 * them in their paragraph, else of the one after, else stay Zyyy. Opening brackets
 * look after first, as their font does. */
static void resolve_scripts(tl_ctx *c)
{
    uint8_t last = TL_NO_SCRIPT;
    for (size_t i = 0; i < c->n; i++) {
        if (c->flags[i] & F_NL) {
            c->script[i] = TL_NO_SCRIPT;
            last = TL_NO_SCRIPT;
            continue;
        }
        uint8_t s = script_of(c->cp[i]);
        if (s == S_ZYYY || s == S_ZINH) {
            c->script[i] = last;
        } else {
            c->script[i] = s;
            last = s;
        }
    }
    uint8_t next = TL_NO_SCRIPT;
    for (size_t i = c->n; i-- > 0;) {
        if (c->flags[i] & F_NL)
            next = TL_NO_SCRIPT;
        if (c->script[i] == TL_NO_SCRIPT)
            c->script[i] = next != TL_NO_SCRIPT ? next : S_ZYYY;
        else if ((c->flags[i] & F_OPEN) && next != TL_NO_SCRIPT)
            c->script[i] = next;
        else if (!(c->flags[i] & F_OPEN))
            next = c->script[i];
    }
}

static void resolve_bidi(tl_ctx *c)
{
    FriBidiStrIndex n = (FriBidiStrIndex)c->n;
    FriBidiParType dir = fribidi_get_par_direction(c->btype, n);
    c->rtl = dir == FRIBIDI_PAR_RTL;
    fribidi_get_bracket_types(c->cp, n, c->btype, c->bracket);
    size_t a = 0;
    while (a < c->n) {
        size_t b = a;
        while (b < c->n && !(c->flags[b] & F_NL))
            b++;
        if (b < c->n)
            b++; /* the separator belongs to its paragraph */
        FriBidiParType pdir = c->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
        if (fribidi_get_par_embedding_levels_ex(c->btype + a, c->bracket + a,
                                                (FriBidiStrIndex)(b - a), &pdir,
                                                c->level + a) == 0)
            memset(c->level + a, c->rtl ? 1 : 0, b - a);
        a = b;
    }
}

static void find_breaks(tl_ctx *c)
{
    pthread_once(&linebreak_once, linebreak_setup);
    for (size_t i = 0; i < c->n; i++) {
        uint32_t cp = c->cp[i];
        /* libunibreak 1.1 asserts on regional indicators (no pair-table entry) and
         * takes U+FFFF for the end of the text: give it stand-ins of the same kind. */
        if (is_regional_indicator(cp))
            cp = 0x4E00;
        else if (cp == 0xFFFF)
            cp = 0xFFFD;
        c->lbcp[i] = cp;
    }
    set_linebreaks_utf32(c->lbcp, c->n, c->lang, c->brk);
    for (size_t i = 0; i + 1 < c->n; i++) {
        if (!(c->flags[i + 1] & F_GB) && c->brk[i] != LINEBREAK_MUSTBREAK)
            c->brk[i] = LINEBREAK_NOBREAK; /* never inside a grapheme (ZWJ sequences) */
        /* Nor inside a numeric range: "12:10–12:40", "2020–2024" (UAX #14 allows a
         * break after the en dash). */
        if (c->cp[i] == 0x2013 && i > 0 && c->cp[i - 1] >= '0' && c->cp[i - 1] <= '9' &&
            c->cp[i + 1] >= '0' && c->cp[i + 1] <= '9' && c->brk[i] == LINEBREAK_ALLOWBREAK)
            c->brk[i] = LINEBREAK_NOBREAK;
    }
    c->brk[c->n - 1] = LINEBREAK_MUSTBREAK;
}

/* Analyses text[0..nbytes) (valid UTF-8 of at most TL_CAP - 1 bytes). */
static void analyze(tl_ctx *c, const char *text, size_t nbytes)
{
    c->text = text;
    c->nbytes = nbytes;
    c->cache_px = -1;
    size_t n = 0, at = 0;
    while (at < nbytes) {
        size_t used;
        c->off[n] = (uint16_t)at;
        c->cp[n++] = utf8_next((const unsigned char *)text + at, nbytes - at, &used);
        at += used;
    }
    c->off[n] = (uint16_t)nbytes;
    c->n = n;
    c->rtl = false;
    c->used_fonts = 0;
    if (n == 0)
        return;
    fribidi_get_bidi_types(c->cp, (FriBidiStrIndex)n, c->btype);
    size_t ri_run = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = c->cp[i], prev = i ? c->cp[i - 1] : 0;
        uint8_t fl = 0;
        if (is_control(cp))
            fl |= F_CTRL;
        if (is_newline(cp))
            fl |= F_NL;
        if (is_space(cp))
            fl |= F_SPACE;
        if (is_ignorable(cp))
            fl |= F_IGN;
        bool mark = c->btype[i] == FRIBIDI_TYPE_NSM || is_spacing_mark(cp) ||
                    cp == 0x200C || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F) ||
                    (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0xE0100 && cp <= 0xE01EF);
        if (mark && !(fl & F_CTRL))
            fl |= F_ATTACH;
        uint8_t s = script_of(cp);
        if (s == S_ZYYY || s == S_ZINH)
            fl |= F_COMMON;
        if ((fl & F_COMMON) && FRIBIDI_IS_BRACKET_OPEN(fribidi_get_bracket(cp)))
            fl |= F_OPEN;
        bool gb = true;
        if (i > 0 && (prev == 0x0D && cp == 0x0A))
            gb = false;
        else if (i > 0 && (fl & F_ATTACH) && !(c->flags[i - 1] & F_CTRL))
            gb = false;
        else if (prev == 0x200D)
            gb = false;
        else if (is_regional_indicator(cp) && (ri_run & 1))
            gb = false;
        ri_run = is_regional_indicator(cp) ? ri_run + 1 : 0;
        if (gb)
            fl |= F_GB;
        c->flags[i] = fl;
    }
    resolve_scripts(c);
    assign_fonts(c);
    resolve_bidi(c);
    find_breaks(c);
}

/* ---- Filling lines ------------------------------------------------------------ */

static bool same_run(const tl_ctx *c, size_t i, size_t j)
{
    return c->font[i] == c->font[j] && c->level[i] == c->level[j] &&
           script_group(c->script[i]) == script_group(c->script[j]);
}

static int measure_piece(const tl_ctx *c, size_t i, size_t j, int px)
{
    int f = c->font[i] >= 0 ? c->font[i] : 0;
    int w = c->fonts->measure(c->fonts->ctx, f, px, c->text + c->off[i],
                              (size_t)(c->off[j] - c->off[i]), (c->level[i] & 1) != 0,
                              script_names[c->script[i]]);
    return w > 0 ? w : 0;
}

static int add_width(int a, int b)
{
    return a > INT_MAX / 2 - b ? INT_MAX / 2 : a + b;
}

/* Width of [a, b): one measurement per run-like piece. */
static int measure_range(const tl_ctx *c, size_t a, size_t b, int px)
{
    int total = 0;
    size_t i = a;
    while (i < b) {
        size_t j = i + 1;
        while (j < b && same_run(c, i, j))
            j++;
        total = add_width(total, measure_piece(c, i, j, px));
        i = j;
    }
    return total;
}

/* End of the segment starting at s: just after the next break opportunity. */
static size_t seg_end(const tl_ctx *c, size_t s)
{
    while (c->brk[s] != LINEBREAK_MUSTBREAK && c->brk[s] != LINEBREAK_ALLOWBREAK)
        s++;
    return s + 1;
}

/* [a, end) without its trailing spaces and line separators. */
static size_t trim(const tl_ctx *c, size_t a, size_t end)
{
    while (end > a && (c->flags[end - 1] & (F_SPACE | F_NL)))
        end--;
    return end;
}

/* Widths of the segment [s, e): its body and its trailing spaces. Cached per size. */
static void seg_width(tl_ctx *c, size_t s, size_t e, int px, int *body, int *tail)
{
    if (c->wgen[s] != c->gen) {
        size_t b = trim(c, s, e), t = e;
        while (t > b && (c->flags[t - 1] & F_NL))
            t--;
        c->wbody[s] = measure_range(c, s, b, px);
        c->wtail[s] = measure_range(c, b, t, px);
        c->wgen[s] = c->gen;
    }
    *body = c->wbody[s];
    *tail = c->wtail[s];
}

static size_t gb_after(const tl_ctx *c, size_t i)
{
    i++;
    while (i < c->n && !(c->flags[i] & F_GB))
        i++;
    return i;
}

static size_t gb_at_or_before(const tl_ctx *c, size_t i)
{
    while (i > 0 && i < c->n && !(c->flags[i] & F_GB))
        i--;
    return i;
}

/* The longest grapheme prefix [pos, g) of [pos, b) that fits in w (at least one
 * grapheme). Gallops, then bisects, so prefixes stay short. */
static size_t grapheme_fit(const tl_ctx *c, size_t pos, size_t b, int px, int w)
{
    size_t good = gb_after(c, pos);
    if (good >= b || measure_range(c, pos, good, px) > w)
        return good < b ? good : b;
    size_t bad = b; /* known not to fit */
    for (;;) {
        size_t cand = pos + 2 * (good - pos);
        if (cand >= bad)
            break;
        cand = gb_at_or_before(c, cand);
        if (cand <= good)
            cand = gb_after(c, good);
        if (cand >= bad)
            break;
        if (measure_range(c, pos, cand, px) <= w) {
            good = cand;
        } else {
            bad = cand;
            break;
        }
    }
    for (;;) {
        size_t m = gb_at_or_before(c, good + (bad - good) / 2);
        if (m <= good)
            m = gb_after(c, good);
        if (m >= bad)
            break;
        if (measure_range(c, pos, m, px) <= w)
            good = m;
        else
            bad = m;
    }
    return good;
}

/* Greedy end of the line starting at pos, from the cached segment widths. */
static size_t line_end(tl_ctx *c, size_t pos, int px, int w)
{
    size_t s = pos, end = pos;
    int acc = 0;
    while (s < c->n) {
        size_t e = seg_end(c, s);
        int body, tail;
        seg_width(c, s, e, px, &body, &tail);
        if (end > pos && add_width(acc, body) > w)
            break;
        if (end == pos && body > w) {
            size_t b = trim(c, s, e), g = grapheme_fit(c, pos, b, px, w);
            return g < b ? g : e; /* a lone grapheme keeps its hanging spaces */
        }
        acc = add_width(acc, add_width(body, tail));
        end = e;
        if (c->brk[e - 1] == LINEBREAK_MUSTBREAK)
            break;
        s = e;
    }
    return end;
}

/* A shorter end for the line [pos, end) that measured too wide: the previous break
 * opportunity, else the previous grapheme boundary; `end` itself if there is none. */
static size_t retreat(const tl_ctx *c, size_t pos, size_t end)
{
    for (size_t j = end - 1; j > pos; j--)
        if (c->brk[j - 1] == LINEBREAK_ALLOWBREAK || c->brk[j - 1] == LINEBREAK_MUSTBREAK)
            return j;
    size_t t = trim(c, pos, end);
    if (t <= pos + 1)
        return end;
    size_t g = gb_at_or_before(c, t - 1);
    return g > pos ? g : end;
}

/* Appends the runs of [a, t) to out in logical order and measures them. Returns the
 * line width, or -1 when the runs do not fit in the result. */
static int emit_runs(tl_ctx *c, size_t a, size_t t, int px, textlay_result *out)
{
    int total = 0;
    size_t i = a;
    while (i < t) {
        size_t j = i + 1;
        while (j < t && same_run(c, i, j))
            j++;
        if (out->n_runs == TEXTLAY_MAX_RUNS)
            return -1;
        textlay_run *r = &out->runs[out->n_runs];
        c->rlevel[out->n_runs++] = c->level[i];
        r->start = c->off[i];
        r->len = (size_t)(c->off[j] - c->off[i]);
        r->font = c->font[i];
        r->rtl = (c->level[i] & 1) != 0;
        memcpy(r->script, script_names[c->script[i]], 5);
        r->x = 0;
        r->width = measure_piece(c, i, j, px);
        total = add_width(total, r->width);
        i = j;
    }
    return total;
}

/* Rule L2 of UAX #9 on the runs of one line: from the highest level down to the
 * lowest odd one, reverse every sequence of runs at that level or higher. */
static void reorder(textlay_run *runs, FriBidiLevel *lv, size_t k)
{
    int max = 0, min_odd = 127;
    for (size_t i = 0; i < k; i++) {
        if (lv[i] > max)
            max = lv[i];
        if ((lv[i] & 1) && lv[i] < min_odd)
            min_odd = lv[i];
    }
    for (int lev = max; lev >= min_odd; lev--) {
        size_t i = 0;
        while (i < k) {
            if (lv[i] < lev) {
                i++;
                continue;
            }
            size_t j = i;
            while (j < k && lv[j] >= lev)
                j++;
            for (size_t x = i, y = j - 1; x < y; x++, y--) {
                textlay_run tr = runs[x];
                runs[x] = runs[y];
                runs[y] = tr;
                FriBidiLevel tl = lv[x];
                lv[x] = lv[y];
                lv[y] = tl;
            }
            i = j;
        }
    }
}

/* Fills at most max_lines lines of width w at size px into out (runs in visual order,
 * x and y not yet set). Returns FILL_DONE when all the text was placed, FILL_LINES
 * when lines ran out, FILL_RUNS when runs ran out. */
static int fill(tl_ctx *c, int px, int w, size_t max_lines, textlay_result *out)
{
    if (px != c->cache_px) {
        c->cache_px = px;
        if (++c->gen == 0) {
            memset(c->wgen, 0, sizeof c->wgen);
            c->gen = 1;
        }
    }
    out->n_runs = 0;
    out->n_lines = 0;
    c->overflow = false;
    size_t pos = 0;
    while (pos < c->n) {
        if (out->n_lines == max_lines) {
            c->pend_start = pos;
            return FILL_LINES;
        }
        size_t end = out->n_lines < c->n_forced ? c->forced[out->n_lines] : line_end(c, pos, px, w);
        for (;;) {
            size_t r0 = out->n_runs;
            int lw = emit_runs(c, pos, trim(c, pos, end), px, out);
            if (lw < 0) {
                out->n_runs = r0;
                c->pend_start = pos;
                c->pend_end = end;
                return FILL_RUNS;
            }
            size_t back = lw > w ? retreat(c, pos, end) : end;
            if (back == end) {
                if (lw > w)
                    c->overflow = true;
                textlay_line *ln = &out->lines[out->n_lines];
                ln->first_run = r0;
                ln->n_runs = out->n_runs - r0;
                ln->width = lw;
                ln->y = 0;
                reorder(out->runs + r0, c->rlevel + r0, ln->n_runs);
                c->lstart[out->n_lines] = pos;
                c->lend[out->n_lines] = end;
                out->n_lines++;
                break;
            }
            out->n_runs = r0;
            end = back;
        }
        pos = end;
    }
    return FILL_DONE;
}

/* Height of one line at px: the tallest font the text uses. */
static int line_height(const tl_ctx *c, int px)
{
    int h = 0;
    uint64_t used = c->used_fonts ? c->used_fonts : 1;
    for (int f = 0; f < c->fonts->n_fonts; f++)
        if (used & ((uint64_t)1 << f)) {
            int fh = c->fonts->line_height(c->fonts->ctx, f, px);
            if (fh > h)
                h = fh;
        }
    return h > 0 ? h : 1;
}

static size_t lines_allowed(const tl_ctx *c, const textlay_box *box, int px)
{
    size_t by_height = (size_t)(box->height / line_height(c, px));
    return by_height < (size_t)box->max_lines ? by_height : (size_t)box->max_lines;
}

/* True if the whole text fits the box at px (out then holds that layout). */
static bool fits(tl_ctx *c, const textlay_box *box, int px, textlay_result *out)
{
    size_t allowed = lines_allowed(c, box, px);
    if (allowed == 0)
        return false;
    return fill(c, px, box->width, allowed, out) == FILL_DONE && !c->overflow;
}

/* Sets x, y and the totals once the lines are final. */
static void finish(const tl_ctx *c, const textlay_box *box, int px, textlay_result *out)
{
    int lh = line_height(c, px);
    for (size_t l = 0; l < out->n_lines; l++) {
        textlay_line *ln = &out->lines[l];
        int room = box->width - ln->width, x;
        if (room < 0)
            room = 0;
        if (box->align == TEXTLAY_ALIGN_CENTER)
            x = room / 2;
        else if (box->align == TEXTLAY_ALIGN_LEFT || box->align == TEXTLAY_ALIGN_RIGHT)
            x = box->align == TEXTLAY_ALIGN_RIGHT ? room : 0;
        else if ((box->align == TEXTLAY_ALIGN_END) != c->rtl)
            x = room;
        else
            x = 0;
        for (size_t r = ln->first_run; r < ln->first_run + ln->n_runs; r++) {
            out->runs[r].x = x;
            x = add_width(x, out->runs[r].width);
        }
        ln->y = (int)l * lh;
    }
    out->px = px;
    out->height = (int)out->n_lines * lh;
    out->rtl_paragraph = c->rtl;
    out->missing = 0;
    for (size_t i = 0; i < c->n; i++)
        if (c->font[i] < 0 && !(c->flags[i] & (F_IGN | F_CTRL | F_NL)))
            out->missing++;
}

/* ---- Balancing headings ----------------------------------------------------------- */

/* Chinese and Japanese function words of one character (and, of, or...): a line
 * break next to one does not split a word. */
static bool cjk_particle(uint32_t cp)
{
    static const uint32_t v[] = {0x4E0E, 0x548C, 0x53CA, 0x7684, 0x4E4B, 0x6216, 0x4E8E,
                                 0x5E76, 0x66A8, 0x306E, 0x3068, 0x3084, 0x306B, 0x3092,
                                 0x306F, 0x304C, 0x3067, 0x3078, 0x3082};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (v[i] == cp)
            return true;
    return false;
}

/* True if a line break between code points i - 1 and i probably splits a word: both
 * are ideographs or kana (libunibreak allows a break between any two) and neither is
 * a one-character function word. 圆|桌 splits 圆桌 (round table); 与|机构 does not. */
static bool splits_word(const tl_ctx *c, size_t i)
{
    if (i == 0 || i >= c->n)
        return false;
    uint8_t a = script_group(c->script[i - 1]), b = script_group(c->script[i]);
    return a == S_HANI && b == S_HANI && script_of(c->cp[i - 1]) != S_ZYYY &&
           script_of(c->cp[i]) != S_ZYYY && !cjk_particle(c->cp[i - 1]) &&
           !cjk_particle(c->cp[i]);
}

/* Breaks of a candidate: how many probably split a word, whether the last line is
 * a runt (under a quarter of the longest, or two graphemes or fewer), the longest
 * line. Lower is better, in that order. */
typedef struct {
    int splits, runt, longest;
} tl_score;

static bool score_less(tl_score a, tl_score b)
{
    if (a.splits != b.splits)
        return a.splits < b.splits;
    if (a.runt != b.runt)
        return a.runt < b.runt;
    return a.longest < b.longest;
}

/* Graphemes in [a, b). */
static size_t graphemes(const tl_ctx *c, size_t a, size_t b)
{
    size_t k = 0;
    for (size_t i = a; i < b; i++)
        k += (c->flags[i] & F_GB) != 0;
    return k;
}

/* A heading (a box of at most 4 lines) laid out on 2 or 3 lines keeps its greedy
 * breaks unless one of them probably splits a Chinese or Japanese word or the last
 * line is a runt; then the breaks that do best (fewest split words, no runt, the
 * shortest longest line) are taken, if the lines still fit. out holds the greedy
 * layout at px and is replaced only by a layout that fits. */
static void balance(tl_ctx *c, const textlay_box *box, int px, textlay_result *out)
{
    size_t n = out->n_lines;
    int w = box->width;
    if (box->max_lines > 4 || n < 2 || n > TL_BALANCE_LINES || c->overflow)
        return;
    /* Segments (from one break opportunity to the next) and their widths; any
     * mandatory break inside the text leaves the layout as it is. */
    size_t seg[TL_BALANCE_SEGS + 1];
    int body[TL_BALANCE_SEGS], tail[TL_BALANCE_SEGS];
    size_t ns = 0;
    for (size_t s = 0; s < c->n;) {
        size_t e = seg_end(c, s);
        if (ns == TL_BALANCE_SEGS || (c->brk[e - 1] == LINEBREAK_MUSTBREAK && e < c->n))
            return;
        seg[ns] = s;
        seg_width(c, s, e, px, &body[ns], &tail[ns]);
        ns++;
        s = e;
    }
    seg[ns] = c->n;
    /* Line [seg[i], seg[j]): the sum of its segments, the last one's spaces hanging. */
    int pre[TL_BALANCE_SEGS + 1];
    pre[0] = 0;
    for (size_t i = 0; i < ns; i++)
        pre[i + 1] = add_width(pre[i], add_width(body[i], tail[i]));
#define TL_LINE_W(i, j) (pre[j] - pre[i] - tail[(j) - 1])
    tl_score greedy = {0, 0, 0}, best;
    size_t gb[TL_BALANCE_LINES], bb[TL_BALANCE_LINES] = {0};
    for (size_t l = 0; l < n; l++) {
        if (l + 1 < n) {
            gb[l] = c->lend[l];
            greedy.splits += splits_word(c, gb[l]);
        }
        if (out->lines[l].width > greedy.longest)
            greedy.longest = out->lines[l].width;
    }
    size_t last = graphemes(c, c->lstart[n - 1], trim(c, c->lstart[n - 1], c->n));
    greedy.runt = last <= 2 || out->lines[n - 1].width * 4 < greedy.longest;
    if (!greedy.splits && !greedy.runt)
        return;
    best = greedy;
    bool found = false;
    for (size_t b1 = 1; b1 < ns; b1++) {
        for (size_t b2 = n == 3 ? b1 + 1 : ns; b2 <= ns && (n == 3 ? b2 < ns : b2 == ns); b2++) {
            size_t cut[3] = {0, b1, n == 3 ? b2 : ns};
            tl_score sc = {0, 0, 0};
            bool ok = true;
            int lw[3] = {0, 0, 0};
            for (size_t l = 0; l < n && ok; l++) {
                size_t a = cut[l], z = l + 1 < n ? cut[l + 1] : ns;
                lw[l] = TL_LINE_W(a, z);
                ok = lw[l] <= w;
                if (lw[l] > sc.longest)
                    sc.longest = lw[l];
                if (l > 0)
                    sc.splits += splits_word(c, seg[a]);
            }
            if (!ok)
                continue;
            size_t la = seg[cut[n - 1]];
            sc.runt = graphemes(c, la, trim(c, la, c->n)) <= 2 || lw[n - 1] * 4 < sc.longest;
            if (score_less(sc, best)) {
                best = sc;
                found = true;
                for (size_t l = 0; l + 1 < n; l++)
                    bb[l] = seg[cut[l + 1]];
            }
        }
    }
#undef TL_LINE_W
    if (!found)
        return;
    /* Lay out with those breaks; keep it only if every line really fits. */
    c->n_forced = n - 1;
    memcpy(c->forced, bb, sizeof(size_t) * (n - 1));
    int r = fill(c, px, w, n, out);
    bool ok = r == FILL_DONE && !c->overflow && out->n_lines == n;
    for (size_t l = 0; ok && l < n; l++)
        ok = out->lines[l].width <= w;
    if (!ok) { /* back to the greedy breaks */
        memcpy(c->forced, gb, sizeof(size_t) * (n - 1));
        fill(c, px, w, n, out);
    }
    c->n_forced = 0;
}

/* ---- Shrink-to-fit and the ellipsis ------------------------------------------- */

static bool any_font_has(const textlay_fonts *fonts, uint32_t cp)
{
    for (int f = 0; f < fonts->n_fonts; f++)
        if (fonts->has_glyph(fonts->ctx, f, cp))
            return true;
    return false;
}

static const char *ellipsis_for(const textlay_fonts *fonts)
{
    return any_font_has(fonts, 0x2026) ? "\xE2\x80\xA6" : "...";
}

/* Separators and openers that would dangle before an ellipsis ("Birt ·…",
 * "Session 3:…", "(Q&A…"): dropped with the spaces around them. */
static bool dangles(uint32_t cp)
{
    switch (cp) {
    case ',': case ':': case ';': case '/': case '-': case '(': case '[': case '{':
    case 0x00B7: case 0x2013: case 0x2014: case 0x2022: case 0x3001: case 0x300A:
    case 0x300C: case 0x300E: case 0x3010: case 0x30FB: case 0xFF08: case 0xFF0C:
    case 0xFF1A: case 0xFF1B:
        return true;
    default:
        return false;
    }
}

/* Drops trailing spaces, line separators and dangling separators from buf[0..len),
 * appends the ellipsis and a NUL (buf needs len + 4 bytes). Returns the new length. */
static size_t append_ellipsis(char *buf, size_t len, const char *ell)
{
    while (len > 0) {
        size_t k = len - 1;
        while (k > 0 && ((unsigned char)buf[k] & 0xC0) == 0x80)
            k--;
        size_t used;
        uint32_t cp = utf8_next((const unsigned char *)buf + k, len - k, &used);
        if (k + used != len || !(is_space(cp) || is_newline(cp) || dangles(cp)))
            break;
        len = k;
    }
    size_t el = strlen(ell);
    memcpy(buf + len, ell, el + 1);
    return len + el;
}

/* Analyses, in c->alt, the original text cut at byte `cut` plus the ellipsis. */
static void analyze_cut(tl_ctx *c, const char *orig, size_t cut, const char *ell)
{
    memcpy(c->alt, orig, cut);
    analyze(c, c->alt, append_ellipsis(c->alt, cut, ell));
}

/* Lines the cut text may use: k, fewer if the ellipsis brought in a taller font,
 * never none. */
static size_t cut_lines(const tl_ctx *c, const textlay_box *box, int px, size_t k)
{
    size_t allowed = lines_allowed(c, box, px);
    return allowed == 0 ? 1 : allowed < k ? allowed : k;
}

/* At min_px the text does not fit: keeps the lines that fit (want of them, or as many
 * as the box holds at the text's line height when want is 0) and cuts the last one so
 * that it ends with an ellipsis. The result's text is replaced by the cut text. */
static void truncate_lines(tl_ctx *c, const textlay_box *box, textlay_result *out, size_t want)
{
    int px = box->min_px, w = box->width;
    const char *ell = ellipsis_for(c->fonts);
    size_t allowed = want ? want : lines_allowed(c, box, px);
    if (allowed == 0)
        allowed = 1; /* even one line is taller than the box: show one anyway */
    int r = fill(c, px, w, allowed, out);
    if (r == FILL_DONE) { /* placed, but a single grapheme is wider than the box */
        finish(c, box, px, out);
        return;
    }
    size_t k, ra, rb;
    if (r == FILL_RUNS) {
        k = out->n_lines + 1;
        ra = c->pend_start;
        rb = c->pend_end;
    } else {
        k = out->n_lines;
        ra = c->lstart[k - 1];
        rb = c->lend[k - 1];
    }
    /* Candidate cuts, as byte offsets into the original text: the word boundaries
     * (break opportunities, but not between two ideographs of a probable word)
     * inside the last line first, so that the ellipsis follows a whole word; then its
     * grapheme boundaries; then (if none works) those of everything before it. */
    size_t nc = 0, nlow, nmid;
    for (size_t i = 0; i < ra; i++)
        if (c->flags[i] & F_GB)
            c->cand[nc++] = c->off[i];
    nlow = nc;
    for (size_t i = ra; i <= rb && i <= c->n; i++)
        if (i == c->n || (c->flags[i] & F_GB))
            c->cand[nc++] = c->off[i];
    nmid = nc;
    for (size_t i = ra + 1; i <= rb && i <= c->n; i++)
        if (i == c->n || ((c->brk[i - 1] == LINEBREAK_ALLOWBREAK ||
                           c->brk[i - 1] == LINEBREAK_MUSTBREAK) && !splits_word(c, i)))
            c->cand[nc++] = c->off[i];
    const char *orig = out->text;
    size_t best = SIZE_MAX;
    for (int phase = 0; phase < 3 && best == SIZE_MAX; phase++) {
        size_t lo = phase == 0 ? nmid : phase == 1 ? nlow : 0;
        size_t hi = phase == 0 ? nc : phase == 1 ? nmid : nlow;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            analyze_cut(c, orig, c->cand[mid], ell);
            if (fill(c, px, w, cut_lines(c, box, px, k), out) == FILL_DONE && !c->overflow) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
    }
    analyze_cut(c, orig, best == SIZE_MAX ? 0 : c->cand[best], ell);
    fill(c, px, w, cut_lines(c, box, px, k), out);
    memcpy(out->text, c->alt, c->nbytes + 1);
    finish(c, box, px, out);
    out->truncated = true;
}

/* truncate_lines() counts lines at the line height of the whole text; when the part
 * that shows does not need its tallest fonts (an Arabic word further on), the box
 * holds more lines of it: then the text is cut again for those lines, and the longer
 * of the two cuts is kept. */
static void truncate_at_min(tl_ctx *c, const textlay_box *box, textlay_result *out)
{
    size_t len = strlen(out->text);
    memcpy(c->orig, out->text, len + 1);
    truncate_lines(c, box, out, 0);
    size_t own = lines_allowed(c, box, box->min_px), first = out->n_lines;
    if (!out->truncated || own <= first)
        return;
    size_t kept = strlen(out->text);
    memcpy(out->text, c->orig, len + 1);
    analyze(c, out->text, len);
    truncate_lines(c, box, out, own);
    if (strlen(out->text) >= kept && out->n_lines > first)
        return;
    memcpy(out->text, c->orig, len + 1); /* no better: the first cut */
    analyze(c, out->text, len);
    truncate_lines(c, box, out, 0);
}

/* Copies text into out->text: invalid UTF-8 becomes U+FFFD, tabs become spaces,
 * other controls (except line separators) are dropped, and the text is cut at
 * TEXTLAY_MAX_BYTES. Returns the length; *cut tells whether input was left over. */
static size_t sanitize(const char *text, char *dst, bool *cut)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t o = 0;
    *cut = false;
    while (*p) {
        size_t used;
        uint32_t cp = utf8_next(p, SIZE_MAX, &used);
        if (cp == '\t')
            cp = ' ';
        if (is_control(cp) && !is_newline(cp)) {
            p += used;
            continue;
        }
        char buf[4];
        size_t k = utf8_put(cp, buf);
        if (o + k > TEXTLAY_MAX_BYTES) {
            *cut = true;
            break;
        }
        memcpy(dst + o, buf, k);
        o += k;
        p += used;
    }
    dst[o] = '\0';
    return o;
}

/* ---- Public --------------------------------------------------------------------- */

static bool fonts_ok(const textlay_fonts *fonts)
{
    return fonts && fonts->n_fonts >= 1 && fonts->n_fonts <= TL_MAX_FONTS &&
           fonts->has_glyph && fonts->measure && fonts->line_height;
}

int textlay_layout(const char *text, const textlay_box *box, const textlay_fonts *fonts,
                   textlay_result *out)
{
    if (!out)
        return -1;
    out->text[0] = '\0';
    out->n_runs = out->n_lines = out->missing = 0;
    out->px = out->height = 0;
    out->truncated = out->rtl_paragraph = false;
    if (!text || !box || !fonts_ok(fonts) || box->width <= 0 || box->height <= 0 ||
        box->min_px < 1 || box->max_px < box->min_px || box->max_lines < 1 ||
        box->max_lines > TEXTLAY_MAX_LINES)
        return -1;
    tl_ctx *c = malloc(sizeof *c);
    if (!c)
        return -1;
    c->fonts = fonts;
    c->lang = box->lang;
    c->gen = 0;
    c->n_forced = 0;
    memset(c->wgen, 0, sizeof c->wgen);
    bool cut;
    size_t len = sanitize(text, out->text, &cut);
    if (cut) /* longer than we lay out: show that something is missing */
        len = append_ellipsis(out->text, len, ellipsis_for(fonts));
    analyze(c, out->text, len);
    if (c->n == 0) {
        out->px = box->max_px;
        free(c);
        return 0;
    }
    int px = -1;
    if (fits(c, box, box->max_px, out)) {
        px = box->max_px;
    } else if (box->min_px < box->max_px && fits(c, box, box->min_px, out)) {
        int lo = box->min_px, hi = box->max_px; /* lo fits, hi does not */
        bool out_is_lo = true;
        while (hi - lo > 1) {
            int mid = lo + (hi - lo) / 2;
            out_is_lo = fits(c, box, mid, out);
            if (out_is_lo)
                lo = mid;
            else
                hi = mid;
        }
        px = lo;
        if (!out_is_lo)
            fits(c, box, px, out);
    }
    if (px > 0) {
        balance(c, box, px, out);
        finish(c, box, px, out);
    } else {
        truncate_at_min(c, box, out);
    }
    if (cut)
        out->truncated = true;
    free(c);
    return 0;
}

size_t textlay_missing(const char *text, const textlay_fonts *fonts)
{
    if (!text || !fonts_ok(fonts))
        return 0;
    size_t missing = 0;
    const unsigned char *p = (const unsigned char *)text;
    while (*p) {
        size_t used;
        uint32_t cp = utf8_next(p, SIZE_MAX, &used);
        p += used;
        if (is_control(cp) || is_newline(cp) || is_ignorable(cp))
            continue;
        if (!any_font_has(fonts, cp))
            missing++;
    }
    return missing;
}
