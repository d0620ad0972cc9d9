/* textlay_int.h - what the parts of the text layout share (not for callers: they use
 * textlay.h).
 *
 * One layout works in one scratch block (tl_ctx, allocated once per call by
 * textlay_layout) and never allocates per code point. The parts:
 *   analyze.c  code points, character classes, font, script and bidi level per code
 *              point, grapheme starts, break opportunities;
 *   script.c   the ISO 15924 script table;
 *   fill.c     lines at one size: greedy over break opportunities, runs measured and
 *              put into visual order; the final positions;
 *   balance.c  headings on 2 or 3 lines: breaks that do not split a word or leave a runt;
 *   fit.c      shrink-to-fit, the ellipsis and the cut at the smallest size;
 *   textlay.c  input clean-up and the public functions.
 * No function here allocates; every pointer argument stays the caller's.
 */
#ifndef HB_TEXTLAY_INT_H
#define HB_TEXTLAY_INT_H

#include <fribidi.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "textlay.h"

/* Most fonts a chain may have (the used-font set is a 64-bit mask). */
#define TL_MAX_FONTS 64
/* Code points one analysed text may hold: sanitized text plus an ellipsis. */
#define TL_CAP (TEXTLAY_MAX_BYTES + 4)
/* Most lines a layout may have for tl_balance() to reconsider its breaks, and most
 * break opportunities it weighs. */
#define TL_BALANCE_LINES 3
#define TL_BALANCE_SEGS 96
/* Marker for "no script yet" while resolving common characters. */
#define TL_NO_SCRIPT 0xFF

/* Scripts (ISO 15924), indices into tl_script_names. */
enum {
    S_ZYYY, S_ZINH, S_LATN, S_GREK, S_CYRL, S_ARMN, S_HEBR, S_ARAB, S_SYRC, S_THAA,
    S_NKOO, S_DEVA, S_BENG, S_GURU, S_GUJR, S_ORYA, S_TAML, S_TELU, S_KNDA, S_MLYM,
    S_SINH, S_THAI, S_LAOO, S_TIBT, S_MYMR, S_GEOR, S_HANG, S_ETHI, S_CHER, S_CANS,
    S_KHMR, S_MONG, S_HIRA, S_KANA, S_BOPO, S_HANI, S_YIII, S_COPT, S_TFNG, S_GLAG,
    S_COUNT
};

enum {
    F_NL = 1,      /* ends a line (newline, paragraph separator) */
    F_SPACE = 2,   /* hangs at the end of a line */
    F_ATTACH = 4,  /* continues a grapheme cluster: keeps the font before it */
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
    bool gstart[TL_CAP];     /* a grapheme cluster starts at i (grapheme_starts) */
    char brk[TL_CAP];        /* LINEBREAK_* after code point i */
    FriBidiLevel level[TL_CAP];
    FriBidiCharType btype[TL_CAP];
    FriBidiBracketType bracket[TL_CAP];
    int32_t wbody[TL_CAP], wtail[TL_CAP]; /* widths of the segment starting at i */
    uint32_t wgen[TL_CAP];
    uint16_t cand[2 * (TL_CAP + 1)]; /* byte offsets tried as ellipsis cuts */
    char alt[TL_CAP];          /* text cut for the ellipsis */
    char orig[TL_CAP];         /* the text before it was cut */
    size_t forced[TL_BALANCE_LINES]; /* line ends tl_fill() must use (tl_balance()) */
    size_t n_forced;
} tl_ctx;

/* ---- analyze.c ---- */

/* Character classes (pure predicates). Line and paragraph separators: */
bool tl_is_newline(uint32_t c);
/* C0 and C1 controls (tab and newlines included): never drawn. */
bool tl_is_control(uint32_t c);
/* Spaces that hang at the end of a line. */
bool tl_is_space(uint32_t c);
/* Default_Ignorable_Code_Point: drawn as nothing, never tofu. */
bool tl_is_ignorable(uint32_t c);

/* Analyses text[0..nbytes) (valid UTF-8 of at most TL_CAP - 1 bytes) into c: code
 * points, flags, fonts, scripts, levels, breaks. c->fonts and c->lang must be set.
 * text stays the caller's and must outlive the use of c (c->text points to it). */
void tl_analyze(tl_ctx *c, const char *text, size_t nbytes);

/* ---- script.c ---- */

/* Four-letter ISO 15924 names, indexed by S_*. */
extern const char tl_script_names[S_COUNT][5];
/* The script of code point c (S_ZYYY when common or unknown). */
uint8_t tl_script_of(uint32_t c);
/* Han, kana and bopomofo shape alike and share fonts: they count as one (S_HANI). */
uint8_t tl_script_group(uint8_t s);

/* ---- fill.c ---- */

/* a + b, saturating at INT_MAX / 2. */
int tl_add_width(int a, int b);
/* End of the segment starting at s: just after the next break opportunity. */
size_t tl_seg_end(const tl_ctx *c, size_t s);
/* [a, end) without its trailing spaces and line separators: the new end. */
size_t tl_trim(const tl_ctx *c, size_t a, size_t end);
/* Widths of the segment [s, e): its body and its trailing spaces (cached per size in
 * c). */
void tl_seg_width(tl_ctx *c, size_t s, size_t e, int px, int *body, int *tail);
/* Fills at most max_lines lines of width w at size px into out (runs in visual order,
 * x and y not yet set). Returns FILL_DONE when all the text was placed, FILL_LINES
 * when lines ran out, FILL_RUNS when runs ran out. out stays the caller's. */
int tl_fill(tl_ctx *c, int px, int w, size_t max_lines, textlay_result *out);
/* Lines of the text at px that box holds (height and max_lines). */
size_t tl_lines_allowed(const tl_ctx *c, const textlay_box *box, int px);
/* True if the whole text fits box at px (out then holds that layout). */
bool tl_fits(tl_ctx *c, const textlay_box *box, int px, textlay_result *out);
/* Sets x, y and the totals of out once the lines are final. */
void tl_finish(const tl_ctx *c, const textlay_box *box, int px, textlay_result *out);

/* ---- balance.c ---- */

/* True if a line break between code points i - 1 and i probably splits a Chinese or
 * Japanese word. */
bool tl_splits_word(const tl_ctx *c, size_t i);
/* Rebreaks the heading in out (the greedy layout at px) when that splits a word or
 * leaves a runt and better breaks fit; out is replaced only by a layout that fits. */
void tl_balance(tl_ctx *c, const textlay_box *box, int px, textlay_result *out);

/* ---- fit.c ---- */

/* True if some font of the chain has a glyph for cp. */
bool tl_any_font_has(const textlay_fonts *fonts, uint32_t cp);
/* The ellipsis to append: U+2026 if the chain has it, else "..." (static storage). */
const char *tl_ellipsis_for(const textlay_fonts *fonts);
/* Drops trailing spaces, line separators and dangling separators from buf[0..len),
 * appends ell and a NUL (buf needs len + 4 bytes). Returns the new length. */
size_t tl_append_ellipsis(char *buf, size_t len, const char *ell);
/* The largest size in [box->min_px, box->max_px] at which the whole text fits the
 * box (out then holds that layout, not yet finished), or -1 when not even min_px
 * does. */
int tl_largest_fit(tl_ctx *c, const textlay_box *box, textlay_result *out);
/* At min_px the text in out does not fit: cuts it so that what shows ends with an
 * ellipsis; out->text is replaced by the cut text and the layout finished. */
void tl_truncate_at_min(tl_ctx *c, const textlay_box *box, textlay_result *out);

#endif
