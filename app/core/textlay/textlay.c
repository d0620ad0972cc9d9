/* textlay.c - lays out one multilingual string in a box (see textlay.h): cleans the
 * input, analyses it once, takes the largest size at which it fits and, when none
 * does, cuts it with an ellipsis. The parts are listed in textlay_int.h.
 */
#include "textlay_int.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Copies text into out->text: invalid UTF-8 becomes U+FFFD, tabs become spaces,
 * other controls (except line separators) are dropped, and the text is cut at
 * TEXTLAY_MAX_BYTES. Returns the length; *cut tells whether input was left over. */
static size_t sanitize(const char *text, char *dst, bool *cut)
{
    size_t o = 0;
    *cut = false;
    for (size_t used; *text; text += used) {
        uint32_t cp;
        used = utf8_decode_lossy(text, SIZE_MAX, &cp); /* stops at the NUL */
        if (cp == '\t')
            cp = ' ';
        if (tl_is_control(cp) && !tl_is_newline(cp))
            continue;
        char buf[4];
        size_t k = utf8_encode(cp, buf);
        if (o + k > TEXTLAY_MAX_BYTES) {
            *cut = true;
            break;
        }
        memcpy(dst + o, buf, k);
        o += k;
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
        len = tl_append_ellipsis(out->text, len, tl_ellipsis_for(fonts));
    tl_analyze(c, out->text, len);
    if (c->n == 0) {
        out->px = box->max_px;
        free(c);
        return 0;
    }
    int px = tl_largest_fit(c, box, out);
    if (px > 0) {
        tl_balance(c, box, px, out);
        tl_finish(c, box, px, out);
    } else {
        tl_truncate_at_min(c, box, out);
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
    while (*text) {
        uint32_t cp;
        text += utf8_decode_lossy(text, SIZE_MAX, &cp); /* stops at the NUL */
        if (tl_is_control(cp) || tl_is_newline(cp) || tl_is_ignorable(cp))
            continue;
        if (!tl_any_font_has(fonts, cp))
            missing++;
    }
    return missing;
}
