/* analyze.c - analysis of one text (textlay_int.h): character classes, then
 * per code point its grapheme start, font (first font of the chain with the glyph;
 * common characters and marks stay in the surrounding font), script and bidi level
 * (FriBidi, per paragraph), and the break opportunities (libunibreak).
 */
#include "textlay_int.h"

#include <linebreak.h>
#include <pthread.h>
#include <string.h>

#include "grapheme.h"
#include "utf8.h"

/* ---- Character classes ------------------------------------------------------ */

/* Line and paragraph separators: each ends a line. */
bool tl_is_newline(uint32_t c)
{
    return (c >= 0x0A && c <= 0x0D) || c == 0x85 || c == 0x2028 || c == 0x2029;
}

/* C0 and C1 controls (tab and newlines included): never drawn. */
bool tl_is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

/* Spaces that hang at the end of a line (U+2007 FIGURE SPACE does not break). */
bool tl_is_space(uint32_t c)
{
    return c == 0x20 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A && c != 0x2007) ||
           c == 0x205F || c == 0x3000;
}

/* Unicode Default_Ignorable_Code_Point: drawn as nothing, never tofu. */
bool tl_is_ignorable(uint32_t c)
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
        uint8_t s = tl_script_of(c->cp[i]);
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
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF)
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
void tl_analyze(tl_ctx *c, const char *text, size_t nbytes)
{
    c->text = text;
    c->nbytes = nbytes;
    c->cache_px = -1;
    size_t n = 0, at = 0;
    while (at < nbytes) {
        c->off[n] = (uint16_t)at;
        at += utf8_decode_lossy(text + at, nbytes - at, &c->cp[n++]);
    }
    c->off[n] = (uint16_t)nbytes;
    c->n = n;
    c->rtl = false;
    c->used_fonts = 0;
    if (n == 0)
        return;
    fribidi_get_bidi_types(c->cp, (FriBidiStrIndex)n, c->btype);
    grapheme_starts(c->cp, n, c->gstart);
    for (size_t i = 0; i < n; i++) {
        uint32_t cp = c->cp[i];
        uint8_t fl = 0;
        if (tl_is_control(cp))
            fl |= F_CTRL;
        if (tl_is_newline(cp))
            fl |= F_NL;
        if (tl_is_space(cp))
            fl |= F_SPACE;
        if (tl_is_ignorable(cp))
            fl |= F_IGN;
        if (c->gstart[i])
            fl |= F_GB;
        else if (!(fl & F_CTRL)) /* a mark, a jamo, a joined emoji, a flag's second half */
            fl |= F_ATTACH;
        uint8_t s = tl_script_of(cp);
        if (s == S_ZYYY || s == S_ZINH)
            fl |= F_COMMON;
        if ((fl & F_COMMON) && FRIBIDI_IS_BRACKET_OPEN(fribidi_get_bracket(cp)))
            fl |= F_OPEN;
        c->flags[i] = fl;
    }
    resolve_scripts(c);
    assign_fonts(c);
    resolve_bidi(c);
    find_breaks(c);
}
