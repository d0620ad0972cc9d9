/* fill.c - lines at one size (textlay_int.h): greedy over break opportunities with
 * segment widths cached per size, a word longer than the line broken between
 * graphemes, runs measured and put into visual order (UAX #9 L2); then positions.
 */
#include "textlay_int.h"

#include <limits.h>
#include <linebreak.h>
#include <string.h>

/* End of the run-like piece of [i, b) that starts at i: same font, level and script. */
static size_t piece_end(const tl_ctx *c, size_t i, size_t b)
{
    size_t j = i + 1;
    while (j < b && c->font[i] == c->font[j] && c->level[i] == c->level[j] &&
           tl_script_group(c->script[i]) == tl_script_group(c->script[j]))
        j++;
    return j;
}

static int measure_piece(const tl_ctx *c, size_t i, size_t j, int px)
{
    int f = c->font[i] >= 0 ? c->font[i] : 0;
    int w = c->fonts->measure(c->fonts->ctx, f, px, c->text + c->off[i],
                              (size_t)(c->off[j] - c->off[i]), (c->level[i] & 1) != 0,
                              tl_script_names[c->script[i]]);
    return w > 0 ? w : 0;
}

int tl_add_width(int a, int b)
{
    return a > INT_MAX / 2 - b ? INT_MAX / 2 : a + b;
}

/* Width of [a, b): one measurement per run-like piece. */
static int measure_range(const tl_ctx *c, size_t a, size_t b, int px)
{
    int total = 0;
    size_t i = a;
    while (i < b) {
        size_t j = piece_end(c, i, b);
        total = tl_add_width(total, measure_piece(c, i, j, px));
        i = j;
    }
    return total;
}

/* End of the segment starting at s: just after the next break opportunity. */
size_t tl_seg_end(const tl_ctx *c, size_t s)
{
    while (c->brk[s] != LINEBREAK_MUSTBREAK && c->brk[s] != LINEBREAK_ALLOWBREAK)
        s++;
    return s + 1;
}

/* [a, end) without its trailing spaces and line separators. */
size_t tl_trim(const tl_ctx *c, size_t a, size_t end)
{
    while (end > a && (c->flags[end - 1] & (F_SPACE | F_NL)))
        end--;
    return end;
}

/* Widths of the segment [s, e): its body and its trailing spaces. Cached per size. */
void tl_seg_width(tl_ctx *c, size_t s, size_t e, int px, int *body, int *tail)
{
    if (c->wgen[s] != c->gen) {
        size_t b = tl_trim(c, s, e), t = e;
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
static size_t graphemes_that_fit(const tl_ctx *c, size_t pos, size_t b, int px, int w)
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
        size_t e = tl_seg_end(c, s);
        int body, tail;
        tl_seg_width(c, s, e, px, &body, &tail);
        if (end > pos && tl_add_width(acc, body) > w)
            break;
        if (end == pos && body > w) {
            size_t b = tl_trim(c, s, e), g = graphemes_that_fit(c, pos, b, px, w);
            return g < b ? g : e; /* a lone grapheme keeps its hanging spaces */
        }
        acc = tl_add_width(acc, tl_add_width(body, tail));
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
    size_t t = tl_trim(c, pos, end);
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
        size_t j = piece_end(c, i, t);
        if (out->n_runs == TEXTLAY_MAX_RUNS)
            return -1;
        textlay_run *r = &out->runs[out->n_runs];
        c->rlevel[out->n_runs++] = c->level[i];
        r->start = c->off[i];
        r->len = (size_t)(c->off[j] - c->off[i]);
        r->font = c->font[i];
        r->rtl = (c->level[i] & 1) != 0;
        memcpy(r->script, tl_script_names[c->script[i]], 5);
        r->x = 0;
        r->width = measure_piece(c, i, j, px);
        total = tl_add_width(total, r->width);
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
int tl_fill(tl_ctx *c, int px, int w, size_t max_lines, textlay_result *out)
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
            int lw = emit_runs(c, pos, tl_trim(c, pos, end), px, out);
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

size_t tl_lines_allowed(const tl_ctx *c, const textlay_box *box, int px)
{
    size_t by_height = (size_t)(box->height / line_height(c, px));
    return by_height < (size_t)box->max_lines ? by_height : (size_t)box->max_lines;
}

/* True if the whole text fits the box at px (out then holds that layout). */
bool tl_fits(tl_ctx *c, const textlay_box *box, int px, textlay_result *out)
{
    size_t allowed = tl_lines_allowed(c, box, px);
    if (allowed == 0)
        return false;
    return tl_fill(c, px, box->width, allowed, out) == FILL_DONE && !c->overflow;
}

/* Sets x, y and the totals once the lines are final. */
void tl_finish(const tl_ctx *c, const textlay_box *box, int px, textlay_result *out)
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
            x = tl_add_width(x, out->runs[r].width);
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
