/* balance.c - breaks of a heading on 2 or 3 lines (textlay_int.h): the greedy breaks
 * stay unless one splits a Chinese or Japanese word or leaves a runt last line.
 */
#include "textlay_int.h"

#include <linebreak.h>
#include <string.h>

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
bool tl_splits_word(const tl_ctx *c, size_t i)
{
    if (i == 0 || i >= c->n)
        return false;
    uint8_t a = tl_script_group(c->script[i - 1]), b = tl_script_group(c->script[i]);
    return a == S_HANI && b == S_HANI && tl_script_of(c->cp[i - 1]) != S_ZYYY &&
           tl_script_of(c->cp[i]) != S_ZYYY && !cjk_particle(c->cp[i - 1]) &&
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

/* The segments of the text (from one break opportunity to the next) at one size. */
typedef struct {
    size_t n;
    size_t start[TL_BALANCE_SEGS + 1]; /* first code point of each; start[n] = c->n */
    int tail[TL_BALANCE_SEGS];         /* width of its trailing spaces */
    int pre[TL_BALANCE_SEGS + 1];      /* width of the segments before it, spaces included */
} tl_segs;

/* Cuts the text into segments; false when there are too many of them or a mandatory
 * break inside the text (the layout then stays as it is). */
static bool segments(tl_ctx *c, int px, tl_segs *sg)
{
    sg->n = 0;
    sg->pre[0] = 0;
    for (size_t s = 0; s < c->n;) {
        size_t e = tl_seg_end(c, s), k = sg->n;
        if (k == TL_BALANCE_SEGS || (c->brk[e - 1] == LINEBREAK_MUSTBREAK && e < c->n))
            return false;
        int body;
        sg->start[k] = s;
        tl_seg_width(c, s, e, px, &body, &sg->tail[k]);
        sg->pre[k + 1] = tl_add_width(sg->pre[k], tl_add_width(body, sg->tail[k]));
        sg->n++;
        s = e;
    }
    sg->start[sg->n] = c->n;
    return true;
}

/* Width of the line made of segments [i, j): their sum, the last one's spaces hanging. */
static int line_width(const tl_segs *sg, size_t i, size_t j)
{
    return sg->pre[j] - sg->pre[i] - sg->tail[j - 1];
}

/* Whether the last line (from code point a, lw wide) is a runt: two graphemes or
 * fewer, or under a quarter of the longest line. */
static int is_runt(const tl_ctx *c, size_t a, int lw, int longest)
{
    return graphemes(c, a, tl_trim(c, a, c->n)) <= 2 || lw * 4 < longest;
}

/* Score of the greedy layout in out (2 or 3 lines); its breaks go to gb. */
static tl_score greedy_score(const tl_ctx *c, const textlay_result *out, size_t *gb)
{
    size_t n = out->n_lines;
    tl_score sc = {0, 0, 0};
    for (size_t l = 0; l < n; l++) {
        if (l + 1 < n) {
            gb[l] = c->lend[l];
            sc.splits += tl_splits_word(c, gb[l]);
        }
        if (out->lines[l].width > sc.longest)
            sc.longest = out->lines[l].width;
    }
    sc.runt = is_runt(c, c->lstart[n - 1], out->lines[n - 1].width, sc.longest);
    return sc;
}

/* Score of the n lines that start at segments cut[0..n) (cut[0] = 0); false when one
 * of them is wider than w. */
static bool cut_score(const tl_ctx *c, const tl_segs *sg, const size_t *cut, size_t n, int w,
                      tl_score *sc)
{
    *sc = (tl_score){0, 0, 0};
    int lw = 0;
    for (size_t l = 0; l < n; l++) {
        size_t a = cut[l], z = l + 1 < n ? cut[l + 1] : sg->n;
        lw = line_width(sg, a, z);
        if (lw > w)
            return false;
        if (lw > sc->longest)
            sc->longest = lw;
        if (l > 0)
            sc->splits += tl_splits_word(c, sg->start[a]);
    }
    sc->runt = is_runt(c, sg->start[cut[n - 1]], lw, sc->longest);
    return true;
}

/* The breaks (n - 1 code point indices, into bb) of the cut into n lines that scores
 * best and below `best`; false when no cut does. */
static bool best_cut(const tl_ctx *c, const tl_segs *sg, size_t n, int w, tl_score best,
                     size_t *bb)
{
    bool found = false;
    for (size_t b1 = 1; b1 < sg->n; b1++) {
        /* the second break: after b1 for three lines; none (the end) for two */
        size_t lo = n == 3 ? b1 + 1 : sg->n, hi = n == 3 ? sg->n : sg->n + 1;
        for (size_t b2 = lo; b2 < hi; b2++) {
            size_t cut[3] = {0, b1, b2};
            tl_score sc;
            if (!cut_score(c, sg, cut, n, w, &sc) || !score_less(sc, best))
                continue;
            best = sc;
            found = true;
            for (size_t l = 0; l + 1 < n; l++)
                bb[l] = sg->start[cut[l + 1]];
        }
    }
    return found;
}

/* Lays out n lines with the breaks bb; back to the greedy breaks gb unless every line
 * really fits. */
static void refill(tl_ctx *c, int px, int w, size_t n, const size_t *bb, const size_t *gb,
                   textlay_result *out)
{
    c->n_forced = n - 1;
    memcpy(c->forced, bb, sizeof(size_t) * (n - 1));
    int r = tl_fill(c, px, w, n, out);
    bool ok = r == FILL_DONE && !c->overflow && out->n_lines == n;
    for (size_t l = 0; ok && l < n; l++)
        ok = out->lines[l].width <= w;
    if (!ok) {
        memcpy(c->forced, gb, sizeof(size_t) * (n - 1));
        tl_fill(c, px, w, n, out);
    }
    c->n_forced = 0;
}

/* A heading (a box of at most 4 lines) laid out on 2 or 3 lines keeps its greedy
 * breaks unless one of them probably splits a Chinese or Japanese word or the last
 * line is a runt; then the breaks that do best (fewest split words, no runt, the
 * shortest longest line) are taken, if the lines still fit. out holds the greedy
 * layout at px and is replaced only by a layout that fits. */
void tl_balance(tl_ctx *c, const textlay_box *box, int px, textlay_result *out)
{
    size_t n = out->n_lines;
    if (box->max_lines > 4 || n < 2 || n > TL_BALANCE_LINES || c->overflow)
        return;
    tl_segs sg;
    if (!segments(c, px, &sg))
        return;
    size_t gb[TL_BALANCE_LINES], bb[TL_BALANCE_LINES] = {0};
    tl_score greedy = greedy_score(c, out, gb);
    if (!greedy.splits && !greedy.runt)
        return;
    if (best_cut(c, &sg, n, box->width, greedy, bb))
        refill(c, px, box->width, n, bb, gb, out);
}
