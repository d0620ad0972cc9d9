/* textlay.h - lays out one multilingual string in a box: font fallback runs, bidi,
 * UAX #14 line breaking, shrink-to-fit, ellipsis.
 *
 * Pure: fonts are reached only through the textlay_fonts callbacks (the shell backs
 * them with SDL_ttf; see fonts.h), so decisions are testable and the core touches no
 * SDL. Line breaking uses libunibreak, bidi uses FriBidi (both pure libraries).
 */
#ifndef HB_TEXTLAY_H
#define HB_TEXTLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Most lines and runs one layout holds; longer text is cut with an ellipsis. */
#define TEXTLAY_MAX_LINES 16
#define TEXTLAY_MAX_RUNS 256
/* Longest input accepted (bytes); longer input is cut before layout. */
#define TEXTLAY_MAX_BYTES 8192

/* The font chain as the layout sees it. Fonts are numbered 0..n_fonts-1 in
 * preference order; sizes are pixel heights. */
typedef struct {
    void *ctx;
    int n_fonts;
    /* True if font f has a glyph for code point cp. */
    bool (*has_glyph)(void *ctx, int f, uint32_t cp);
    /* Width in pixels of the UTF-8 text[0..len) shaped in font f at size px with the
     * given direction (true = right-to-left) and ISO 15924 script ("Latn", "Hani"...). */
    int (*measure)(void *ctx, int f, int px, const char *text, size_t len, bool rtl,
                   const char *script);
    /* Line height (ascent + descent + gap) of font f at size px. */
    int (*line_height)(void *ctx, int f, int px);
} textlay_fonts;

/* One run: a byte range of the (possibly truncated) text drawn in one font, one
 * direction and one script, at x (pixels from the line's left edge). */
typedef struct {
    size_t start, len; /* into textlay_result.text */
    int font;          /* index into the chain, or -1 when no font has the glyphs */
    bool rtl;
    char script[5];
    int x, width;
} textlay_run;

typedef struct {
    size_t first_run, n_runs; /* runs of this line, in visual (left-to-right) order */
    int width;
    int y;                    /* top of the line from the box top */
} textlay_line;

/* START and END follow the paragraph's own direction (start = left for an LTR
 * paragraph, right for an RTL one); LEFT and RIGHT are physical, whatever the text,
 * for columns that must keep one edge (a right-to-left board aligns Latin titles to
 * the right too). */
typedef enum {
    TEXTLAY_ALIGN_START,
    TEXTLAY_ALIGN_CENTER,
    TEXTLAY_ALIGN_END,
    TEXTLAY_ALIGN_LEFT,
    TEXTLAY_ALIGN_RIGHT,
} textlay_align;

typedef struct {
    int width, height;  /* the box */
    int max_px, min_px; /* size range for shrink-to-fit */
    int max_lines;      /* 1..TEXTLAY_MAX_LINES */
    textlay_align align; /* start = left for LTR paragraphs, right for RTL; or physical */
    const char *lang;    /* BCP 47 hint for line breaking ("zh", "ar"...), may be NULL */
} textlay_box;

typedef struct {
    char text[TEXTLAY_MAX_BYTES + 4]; /* the text laid out (ellipsis appended if cut) */
    textlay_run runs[TEXTLAY_MAX_RUNS];
    size_t n_runs;
    textlay_line lines[TEXTLAY_MAX_LINES];
    size_t n_lines;
    int px;             /* the size chosen */
    int height;         /* total height of the lines */
    bool truncated;     /* an ellipsis replaced the end */
    bool rtl_paragraph; /* base direction */
    size_t missing;     /* code points no font in the chain has (tofu) */
} textlay_result;

/* Lays out text (UTF-8; each maximal invalid subpart becomes one U+FFFD, see
 * utf8_decode_lossy) in box using fonts.
 * Tries sizes from max_px down to min_px until the text fits in width x height within
 * max_lines; at min_px it cuts the last line with an ellipsis. Every line's width is
 * <= box.width and the total height <= box.height unless even one line at min_px is
 * taller than the box. Returns 0, or -1 on bad arguments. `out` is caller-owned
 * (it is large: allocate it, don't put it on a small stack). */
int textlay_layout(const char *text, const textlay_box *box, const textlay_fonts *fonts,
                   textlay_result *out);

/* Counts the code points of text that no font of the chain has (emoji variation
 * selectors, joiners and other default-ignorable code points are not counted). */
size_t textlay_missing(const char *text, const textlay_fonts *fonts);

#endif
