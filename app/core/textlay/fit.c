/* fit.c - shrink-to-fit and the ellipsis (textlay_int.h): the largest size at which
 * the text fits (bisection); else, at the smallest size, the lines that fit are kept
 * and the last one is cut after a whole word, else a grapheme, so that it ends with
 * an ellipsis.
 */
#include "textlay_int.h"

#include <linebreak.h>
#include <string.h>

#include "utf8.h"

bool tl_any_font_has(const textlay_fonts *fonts, uint32_t cp)
{
    for (int f = 0; f < fonts->n_fonts; f++)
        if (fonts->has_glyph(fonts->ctx, f, cp))
            return true;
    return false;
}

const char *tl_ellipsis_for(const textlay_fonts *fonts)
{
    return tl_any_font_has(fonts, 0x2026) ? "\xE2\x80\xA6" : "...";
}

/* max_px first; else, when min_px fits, bisection between the two (fitting is taken
 * to be monotonic in the size). */
int tl_largest_fit(tl_ctx *c, const textlay_box *box, textlay_result *out)
{
    if (tl_fits(c, box, box->max_px, out))
        return box->max_px;
    if (box->min_px == box->max_px || !tl_fits(c, box, box->min_px, out))
        return -1;
    int lo = box->min_px, hi = box->max_px; /* lo fits, hi does not */
    bool out_is_lo = true;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        out_is_lo = tl_fits(c, box, mid, out);
        if (out_is_lo)
            lo = mid;
        else
            hi = mid;
    }
    if (!out_is_lo)
        tl_fits(c, box, lo, out);
    return lo;
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
size_t tl_append_ellipsis(char *buf, size_t len, const char *ell)
{
    while (len > 0) {
        size_t k = utf8_cut(buf, len - 1); /* where the last character starts */
        uint32_t cp;
        if (k + utf8_decode_lossy(buf + k, len - k, &cp) != len ||
            !(tl_is_space(cp) || tl_is_newline(cp) || dangles(cp)))
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
    tl_analyze(c, c->alt, tl_append_ellipsis(c->alt, cut, ell));
}

/* Lines the cut text may use: k, fewer if the ellipsis brought in a taller font,
 * never none. */
static size_t cut_lines(const tl_ctx *c, const textlay_box *box, int px, size_t k)
{
    size_t allowed = tl_lines_allowed(c, box, px);
    return allowed == 0 ? 1 : allowed < k ? allowed : k;
}

/* At min_px the text does not fit: keeps the lines that fit (want of them, or as many
 * as the box holds at the text's line height when want is 0) and cuts the last one so
 * that it ends with an ellipsis. The result's text is replaced by the cut text. */
static void truncate_lines(tl_ctx *c, const textlay_box *box, textlay_result *out, size_t want)
{
    int px = box->min_px, w = box->width;
    const char *ell = tl_ellipsis_for(c->fonts);
    size_t allowed = want ? want : tl_lines_allowed(c, box, px);
    if (allowed == 0)
        allowed = 1; /* even one line is taller than the box: show one anyway */
    int r = tl_fill(c, px, w, allowed, out);
    if (r == FILL_DONE) { /* placed, but a single grapheme is wider than the box */
        tl_finish(c, box, px, out);
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
                           c->brk[i - 1] == LINEBREAK_MUSTBREAK) && !tl_splits_word(c, i)))
            c->cand[nc++] = c->off[i];
    const char *orig = out->text;
    size_t best = SIZE_MAX;
    for (int phase = 0; phase < 3 && best == SIZE_MAX; phase++) {
        size_t lo = phase == 0 ? nmid : phase == 1 ? nlow : 0;
        size_t hi = phase == 0 ? nc : phase == 1 ? nmid : nlow;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            analyze_cut(c, orig, c->cand[mid], ell);
            if (tl_fill(c, px, w, cut_lines(c, box, px, k), out) == FILL_DONE && !c->overflow) {
                best = mid;
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
    }
    analyze_cut(c, orig, best == SIZE_MAX ? 0 : c->cand[best], ell);
    tl_fill(c, px, w, cut_lines(c, box, px, k), out);
    memcpy(out->text, c->alt, c->nbytes + 1);
    tl_finish(c, box, px, out);
    out->truncated = true;
}

/* truncate_lines() counts lines at the line height of the whole text; when the part
 * that shows does not need its tallest fonts (an Arabic word further on), the box
 * holds more lines of it: then the text is cut again for those lines, and the longer
 * of the two cuts is kept. */
void tl_truncate_at_min(tl_ctx *c, const textlay_box *box, textlay_result *out)
{
    size_t len = strlen(out->text);
    memcpy(c->orig, out->text, len + 1);
    truncate_lines(c, box, out, 0);
    size_t own = tl_lines_allowed(c, box, box->min_px), first = out->n_lines;
    if (!out->truncated || own <= first)
        return;
    size_t kept = strlen(out->text);
    memcpy(out->text, c->orig, len + 1);
    tl_analyze(c, out->text, len);
    truncate_lines(c, box, out, own);
    if (strlen(out->text) >= kept && out->n_lines > first)
        return;
    memcpy(out->text, c->orig, len + 1); /* no better: the first cut */
    tl_analyze(c, out->text, len);
    truncate_lines(c, box, out, 0);
}
