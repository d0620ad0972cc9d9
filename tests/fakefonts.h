/* fakefonts.h - a font chain for layout tests, without SDL: one face that has every
 * glyph, each code point `em` x px wide (wide East Asian characters 1.0 x px,
 * combining marks nothing), lines 1.2 x px tall. The layout measures through it as it
 * does through the real chain (textlay_fonts), so tests can give it chains of known,
 * different widths.
 *
 * Usage: fakefonts ff; const textlay_fonts *tf = fakefonts_init(&ff, 0.55);
 * (ff must outlive every use of tf).
 */
#ifndef HB_FAKEFONTS_H
#define HB_FAKEFONTS_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "textlay.h"

typedef struct {
    double em;       /* advance of a narrow code point, in units of px */
    textlay_fonts tl;
} fakefonts;

static inline bool fakefonts_has(void *ctx, int f, uint32_t cp)
{
    (void)ctx, (void)f, (void)cp;
    return true;
}

static inline bool fakefonts_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

static inline int fakefonts_measure(void *ctx, int f, int px, const char *text, size_t len,
                                    bool rtl, const char *script)
{
    (void)f, (void)rtl, (void)script;
    const fakefonts *ff = ctx;
    double w = 0;
    for (size_t i = 0; i < len;) {
        unsigned char b = (unsigned char)text[i];
        int n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        uint32_t cp = n == 1 ? b : b & (0x7Fu >> n);
        for (int k = 1; k < n && i + (size_t)k < len; k++)
            cp = cp << 6 | ((unsigned char)text[i + (size_t)k] & 0x3Fu);
        i += (size_t)n;
        if (cp >= 0x0300 && cp <= 0x036F)
            continue;
        w += fakefonts_wide(cp) ? px : ff->em * px;
    }
    return (int)ceil(w);
}

static inline int fakefonts_line_height(void *ctx, int f, int px)
{
    (void)ctx, (void)f;
    return (int)ceil(1.2 * px);
}

/* Sets ff up with narrow advances of em x px; returns its callbacks. */
static inline const textlay_fonts *fakefonts_init(fakefonts *ff, double em)
{
    ff->em = em;
    ff->tl.ctx = ff;
    ff->tl.n_fonts = 1;
    ff->tl.has_glyph = fakefonts_has;
    ff->tl.measure = fakefonts_measure;
    ff->tl.line_height = fakefonts_line_height;
    return &ff->tl;
}

#endif
