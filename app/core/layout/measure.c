/* measure.c - what a text takes, measured with the board's fonts: textlay itself lays
 * the text out at one size in a width with the font chain of layout_input (the same
 * chain the shell draws with, or a test's), so the layout knows the lines a text
 * takes and how tall they are, and fits texts to sizes and lines (ly_fit).
 *
 * One scratch result serves every measurement of a layout (ly_meter_open), and the
 * layout remembers what it measured (blocks are measured before they are placed, and
 * sizes are searched): a direct-mapped table of MEASURE_MEMO entries. Without
 * fonts, or when the scratch cannot be allocated, every text is taken as one line of
 * LINE_FACTOR (the layout still never spills: textlay fits the text in its box).
 */
#include "layout_int.h"

#include "hash.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Tall enough for TEXTLAY_MAX_LINES lines of any size the layout uses. */
#define MEASURE_HEIGHT (INT_MAX / 4)

/* One remembered measurement. */
struct ly_memo {
    uint64_t key;   /* hash of the text, size, width, weight, stop and language */
    bool used;
    ly_measured r;
};

bool ly_meter_open(ly_meter *m, const layout_input *in)
{
    memset(m, 0, sizeof(*m));
    if (!in || !in->fonts)
        return false;
    m->reg = in->fonts;
    m->bold = in->fonts_bold ? in->fonts_bold : in->fonts;
    m->scratch = malloc(sizeof(*m->scratch));
    m->memo = calloc(MEASURE_MEMO, sizeof(*m->memo));
    if (!m->scratch || !m->memo) {
        ly_meter_close(m);
        return false;
    }
    return true;
}

void ly_meter_close(ly_meter *m)
{
    free(m->scratch);
    free(m->memo);
    m->scratch = NULL;
    m->memo = NULL;
}

static uint64_t memo_key(const char *s, int px, int w, bool bold, const char *lang, int stop)
{
    int v[4] = {px, w, bold, stop};
    uint64_t h = hash_bytes(hash_str(s), v, sizeof(v));
    return lang ? hash_bytes(h, lang, strlen(lang)) : h;
}

/* ly_measure without the memo. */
static ly_measured measure(const ly_meter *m, const char *s, int px, int w, bool bold,
                           const char *lang, int stop, ly_measured r)
{
    textlay_box box = {w, MEASURE_HEIGHT, px, px, TEXTLAY_MAX_LINES, TEXTLAY_ALIGN_START, lang};
    textlay_result *t = m->scratch;
    if (textlay_layout(s, &box, bold ? m->bold : m->reg, t) != 0 || t->n_lines == 0)
        return r;
    r.lines = (int)t->n_lines + (t->truncated ? 1 : 0); /* beyond the most: "more" */
    r.line_h = imax(1, t->height / (int)t->n_lines);
    if (stop > 0 && (size_t)stop < t->n_lines) {
        const textlay_line *ln = t->lines;
        size_t end = 0;
        for (int l = 0; l < stop; l++)
            for (size_t k = ln[l].first_run; k < ln[l].first_run + ln[l].n_runs; k++)
                if (t->runs[k].start + t->runs[k].len > end)
                    end = t->runs[k].start + t->runs[k].len;
        r.end = end;
    }
    return r;
}

ly_measured ly_measure(const ly_meter *m, const char *s, int px, int w, bool bold,
                       const char *lang, int stop)
{
    px = imax(1, px);
    ly_measured r = {1, (int)ceil(px * LINE_FACTOR), s ? strlen(s) : 0};
    if (!s || !*s || w <= 0 || !m->scratch)
        return r;
    uint64_t key = memo_key(s, px, w, bold, lang, stop);
    struct ly_memo *e = &m->memo[key % MEASURE_MEMO];
    if (e->used && e->key == key)
        return e->r;
    r = measure(m, s, px, w, bold, lang, stop, r);
    e->key = key;
    e->used = true;
    e->r = r;
    return r;
}

int ly_lines(const ly_ctx *c, const char *s, int px, int w, bool bold)
{
    return ly_measure(&c->m, s, px, w, bold, c->lang, 0).lines;
}

double ly_text_factor(const ly_ctx *c, const char *s, int px, bool bold)
{
    if (!s || !*s)
        return LINE_FACTOR;
    ly_measured r = ly_measure(&c->m, s, px, INT_MAX / 4, bold, c->lang, 0);
    double f = (double)r.line_h / imax(1, px);
    return f > LINE_FACTOR ? f : LINE_FACTOR;
}

/* Fits text s in width w with style st (sizes st->min_px..st->px), in at most
 * max_lines lines and max_h pixels. fewest: the fewest lines the text takes at the
 * smallest size, at the largest size that keeps to them (titles: shrink a step rather
 * than take another line); else the largest size at which it fits. When even the
 * smallest size cannot hold it: that size and as many lines as fit (at least one),
 * and whole is false (textlay then cuts the text). Measured with the board's fonts. */
ly_fitted ly_fit(const ly_ctx *c, const ly_style *st, const char *s, int w, int max_lines, int max_h, bool fewest)
{
    bool bold = st->weight == LAYOUT_WEIGHT_BOLD;
    int lo = st->min_px, hi = imax(st->px, st->min_px);
    int room = imax(1, imin(max_lines, max_h / ly_line_px(lo, st->lf)));
    int need = ly_lines(c, s, lo, w, bold);
    if (need > room)
        return (ly_fitted){lo, room, false};
    int cap = fewest ? need : room;
    int n = ly_lines(c, s, hi, w, bold);
    if (n <= cap && (long)n * ly_line_px(hi, st->lf) <= max_h)
        return (ly_fitted){hi, n, true};
    n = need;
    while (hi - lo > 1) { /* lo fits (with n lines), hi does not */
        int mid = lo + (hi - lo) / 2;
        int k = ly_lines(c, s, mid, w, bold);
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
