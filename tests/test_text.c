/* test_text.c - text layout (textlay) with the real font chain (fonts, SDL_ttf):
 * no tofu in the feeds, font fallback, bidi, UAX #14 line breaking, shrink-to-fit,
 * ellipsis, and a property test over random feed strings and boxes. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feedsrc.h"
#include "fonts.h"
#include "textlay.h"
#include "tzdb.h"

#define CHAIN_CONF HB_SOURCE_DIR "/fonts/chain.conf"
#define MULTILINGUAL HB_SOURCE_DIR "/tests/inputs/multilingual.json"
#define ELLIPSIS "\xE2\x80\xA6"

typedef struct {
    fonts_chain *fc;
    const textlay_fonts *reg, *bold;
    agenda *embedded, *multi;
    textlay_result *out;
} fixture;

static int setup(void **state)
{
    tzdb_init();
    fixture *fx = calloc(1, sizeof *fx);
    if (!fx)
        return -1;
    char err[1024];
    fx->fc = fonts_chain_create(CHAIN_CONF, err, sizeof err);
    if (!fx->fc) {
        fprintf(stderr, "font chain: %s\n", err);
        return -1;
    }
    if (err[0])
        fprintf(stderr, "font chain warnings: %s\n", err);
    fx->reg = fonts_chain_textlay(fx->fc, FONTS_REGULAR);
    fx->bold = fonts_chain_textlay(fx->fc, FONTS_BOLD);
    feed_options opt = feedsrc_options();
    feed_report *rep = malloc(sizeof *rep);
    fx->out = malloc(sizeof *fx->out);
    if (!rep || !fx->out)
        return -1;
    fx->embedded = feedsrc_load_embedded(&opt, rep);
    if (!fx->embedded)
        support_print_report(rep);
    fx->multi = feedsrc_load_file(MULTILINGUAL, &opt, rep);
    if (!fx->multi)
        support_print_report(rep);
    free(rep);
    *state = fx;
    return fx->embedded && fx->multi ? 0 : -1;
}

static int teardown(void **state)
{
    fixture *fx = *state;
    if (fx) {
        agenda_free(fx->embedded);
        agenda_free(fx->multi);
        fonts_chain_destroy(fx->fc);
        free(fx->out);
        free(fx);
    }
    return 0;
}

/* ---- Helpers ------------------------------------------------------------------ */

typedef void (*text_fn)(const char *what, const char *s, void *ud);

static void each_tr(const agenda_text *t, const char *what, text_fn fn, void *ud)
{
    for (size_t i = 0; i < t->n; i++)
        fn(what, t->v[i].text, ud);
}

static void each_person(const agenda_person *p, size_t n, const char *what, text_fn fn,
                        void *ud)
{
    for (size_t i = 0; i < n; i++) {
        each_tr(&p[i].name, what, fn, ud);
        each_tr(&p[i].role, what, fn, ud);
        each_tr(&p[i].affiliation, what, fn, ud);
    }
}

/* Calls fn on every TEXT string (every translation) an agenda holds. */
static void each_text(const agenda *a, text_fn fn, void *ud)
{
    each_tr(&a->title, "event.title", fn, ud);
    for (size_t i = 0; i < a->n_zones; i++)
        each_tr(&a->zones[i].label, "zone label", fn, ud);
    for (size_t i = 0; i < a->n_halls; i++)
        each_tr(&a->halls[i].name, "hall", fn, ud);
    for (size_t i = 0; i < a->n_tracks; i++) {
        each_tr(&a->tracks[i].name, "track", fn, ud);
        each_tr(&a->tracks[i].organizer, "track organizer", fn, ud);
    }
    for (size_t i = 0; i < a->n_sessions; i++) {
        const agenda_session *s = &a->sessions[i];
        each_tr(&s->title, "session title", fn, ud);
        each_tr(&s->subtitle, "session subtitle", fn, ud);
        each_tr(&s->description, "session description", fn, ud);
        each_person(s->speakers, s->n_speakers, "speaker", fn, ud);
        each_person(s->chair, s->n_chair, "chair", fn, ud);
    }
    for (size_t i = 0; i < a->n_cards; i++) {
        each_tr(&a->cards[i].title, "card title", fn, ud);
        each_tr(&a->cards[i].body, "card body", fn, ud);
    }
}

/* Decodes the code point at s (valid UTF-8 assumed); returns its length. */
static size_t cp_at(const char *s, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : 2;
    uint32_t c = u[0] & (0x3F >> (n - 1));
    for (size_t i = 1; i < n && u[i]; i++)
        c = (c << 6) | (u[i] & 0x3F);
    *cp = c;
    return n;
}

typedef struct {
    const textlay_fonts *fonts[2];
    size_t strings, bad;
} tofu_check;

static void check_tofu(const char *what, const char *s, void *ud)
{
    tofu_check *tc = ud;
    tc->strings++;
    for (int w = 0; w < 2; w++) {
        if (textlay_missing(s, tc->fonts[w]) == 0)
            continue;
        tc->bad++;
        fprintf(stderr, "tofu (%s) in %s \"%.200s\":", w ? "bold" : "regular", what, s);
        for (const char *p = s; *p;) {
            char one[5] = {0};
            uint32_t cp;
            size_t n = cp_at(p, &cp);
            memcpy(one, p, n);
            if (textlay_missing(one, tc->fonts[w]))
                fprintf(stderr, " U+%04X", (unsigned)cp);
            p += n;
        }
        fprintf(stderr, "\n");
    }
}

static textlay_box box_of(int w, int h, int max_px, int min_px, int lines)
{
    textlay_box b = {w, h, max_px, min_px, lines, TEXTLAY_ALIGN_START, NULL};
    return b;
}

/* Logical start (smallest byte offset) of a line. */
static size_t line_start(const textlay_result *r, size_t l)
{
    size_t s = SIZE_MAX;
    for (size_t i = 0; i < r->lines[l].n_runs; i++) {
        size_t st = r->runs[r->lines[l].first_run + i].start;
        if (st < s)
            s = st;
    }
    return s;
}

static bool is_space_or_newline(const char *s, size_t *len)
{
    uint32_t cp;
    *len = cp_at(s, &cp);
    return cp == ' ' || cp == '\n' || cp == '\r' || cp == 0x3000 || cp == 0x2028 ||
           cp == 0x2029 || cp == 0x85 || cp == 0x0B || cp == 0x0C || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A && cp != 0x2007) || cp == 0x205F;
}

/* The invariants of any layout: returns false (and says why) on the first broken one. */
static bool layout_ok(const char *in, const textlay_box *b, const textlay_result *r)
{
    char why[160] = "";
    size_t len = strlen(r->text);
    static unsigned char covered[TEXTLAY_MAX_BYTES + 4];
    memset(covered, 0, sizeof covered);
    if (r->n_lines > (size_t)b->max_lines)
        snprintf(why, sizeof why, "%zu lines > %d", r->n_lines, b->max_lines);
    else if (r->px < b->min_px || r->px > b->max_px)
        snprintf(why, sizeof why, "px %d out of range", r->px);
    else if (r->height > b->height && !(r->n_lines == 1 && r->truncated))
        snprintf(why, sizeof why, "height %d > %d", r->height, b->height);
    else if (r->truncated && (len < 3 || (strcmp(r->text + len - 3, ELLIPSIS) != 0 &&
                                          strcmp(r->text + len - 3, "...") != 0)))
        snprintf(why, sizeof why, "truncated without an ellipsis");
    for (size_t l = 0; l < r->n_lines && !why[0]; l++) {
        const textlay_line *ln = &r->lines[l];
        if (ln->width > b->width) {
            snprintf(why, sizeof why, "line %zu width %d > %d", l, ln->width, b->width);
            break;
        }
        if (l > 0 && ln->y <= r->lines[l - 1].y)
            snprintf(why, sizeof why, "line %zu y not increasing", l);
        int sum = 0, x = -1;
        for (size_t i = 0; i < ln->n_runs; i++) {
            const textlay_run *ru = &r->runs[ln->first_run + i];
            if (ru->start + ru->len > len || ru->len == 0 ||
                (((unsigned char)r->text[ru->start]) & 0xC0) == 0x80) {
                snprintf(why, sizeof why, "line %zu run %zu bad range", l, i);
                break;
            }
            if (ru->x < x || ru->x < 0 || ru->x + ru->width > b->width) {
                snprintf(why, sizeof why, "line %zu run %zu at x %d (+%d)", l, i, ru->x,
                         ru->width);
                break;
            }
            x = ru->x + ru->width;
            sum += ru->width;
            for (size_t k = ru->start; k < ru->start + ru->len; k++)
                covered[k]++;
        }
        if (!why[0] && sum != ln->width)
            snprintf(why, sizeof why, "line %zu runs sum to %d, width %d", l, sum, ln->width);
    }
    /* Every byte is drawn exactly once, except spaces and separators at line ends. */
    for (size_t k = 0; k < len && !why[0];) {
        size_t n;
        bool sp = is_space_or_newline(r->text + k, &n);
        for (size_t j = k; j < k + n && j < len; j++)
            if (covered[j] > 1 || (covered[j] == 0 && !sp)) {
                snprintf(why, sizeof why, "byte %zu covered %d times", j, covered[j]);
                break;
            }
        k += n;
    }
    if (why[0]) {
        fprintf(stderr, "layout broken: %s\n  box %dx%d px %d..%d lines %d align %d lang %s\n"
                        "  input \"%.300s\"\n  px %d lines %zu truncated %d\n",
                why, b->width, b->height, b->min_px, b->max_px, b->max_lines, (int)b->align,
                b->lang ? b->lang : "-", in, r->px, r->n_lines, (int)r->truncated);
        return false;
    }
    return true;
}

static const char *long_title(const agenda *a)
{
    for (size_t i = 0; i < a->n_sessions; i++)
        if (strcmp(a->sessions[i].id, "long") == 0)
            return a->sessions[i].title.v[0].text;
    return NULL;
}

/* ---- No tofu ------------------------------------------------------------------- */

static void text_no_tofu_in_embedded_agenda(void **state)
{
    fixture *fx = *state;
    tofu_check tc = {{fx->reg, fx->bold}, 0, 0};
    each_text(fx->embedded, check_tofu, &tc);
    assert_true(tc.strings > 100);
    assert_int_equal(tc.bad, 0);
}

static void text_no_tofu_in_multilingual_feed(void **state)
{
    fixture *fx = *state;
    tofu_check tc = {{fx->reg, fx->bold}, 0, 0};
    each_text(fx->multi, check_tofu, &tc);
    assert_true(tc.strings > 50);
    assert_int_equal(tc.bad, 0);
}

static void text_missing_reports_code_points_no_font_has(void **state)
{
    fixture *fx = *state;
    assert_int_equal(textlay_missing("private \xEE\x80\x80 use", fx->reg), 1);  /* U+E000 */
    assert_int_equal(textlay_missing("\xF4\x8F\xBF\xBD", fx->bold), 1);        /* U+10FFFD */
    assert_int_equal(textlay_missing("\xEE\x80\x80\xEE\x80\x81 x", fx->reg), 2);
    /* Default-ignorables and controls are never tofu. */
    assert_int_equal(textlay_missing("a\xE2\x80\x8B" "b\xC2\xAD" "c\xEF\xB8\x8F\xE2\x80\x8D"
                                     "\xE2\x80\xAE" "d\n\t\xEF\xBB\xBF",
                                     fx->reg),
                     0);
    /* The layout counts them too. */
    textlay_box b = box_of(600, 100, 24, 24, 1);
    assert_int_equal(textlay_layout("x \xEE\x80\x80 y", &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->missing, 1);
    bool found = false;
    for (size_t i = 0; i < fx->out->n_runs; i++)
        if (fx->out->runs[i].font == -1)
            found = true;
    assert_true(found);
}

/* ---- Fallback, scripts ---------------------------------------------------------- */

static const textlay_run *run_containing(const textlay_result *r, const char *needle)
{
    const char *at = strstr(r->text, needle);
    if (!at)
        return NULL;
    size_t off = (size_t)(at - r->text);
    for (size_t i = 0; i < r->n_runs; i++)
        if (off >= r->runs[i].start && off < r->runs[i].start + r->runs[i].len)
            return &r->runs[i];
    return NULL;
}

static void text_fallback_picks_fonts_and_scripts_per_run(void **state)
{
    fixture *fx = *state;
    textlay_box b = box_of(1200, 100, 32, 32, 1);
    const char *s = "Tsinghua \xE6\xB8\x85\xE5\x8D\x8E\xE5\xA4\xA7\xE5\xAD\xA6 "
                    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"; /* 清华大学 Москва */
    assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
    const textlay_result *r = fx->out;
    assert_true(layout_ok(s, &b, r));
    assert_int_equal(r->n_lines, 1);
    assert_int_equal(r->missing, 0);
    assert_false(r->rtl_paragraph);
    const textlay_run *lat = run_containing(r, "Tsinghua");
    const textlay_run *han = run_containing(r, "\xE6\xB8\x85");
    const textlay_run *cyr = run_containing(r, "\xD0\x9C");
    assert_non_null(lat);
    assert_non_null(han);
    assert_non_null(cyr);
    assert_string_equal(lat->script, "Latn");
    assert_string_equal(han->script, "Hani");
    assert_string_equal(cyr->script, "Cyrl");
    assert_int_equal(lat->font, 0);
    assert_int_not_equal(han->font, lat->font);
    assert_true(han->font > 0);
    /* The whole of 清华大学 is one run (spaces do not split runs needlessly). */
    assert_true(han->len >= 12);
    assert_int_equal(r->n_runs, 3);
    /* A space between two ideographs stays in the CJK run. */
    const char *s2 = "\xE6\xB8\x85\xE5\x8D\x8E \xE5\xA4\xA7\xE5\xAD\xA6"; /* 清华 大学 */
    assert_int_equal(textlay_layout(s2, &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->n_runs, 1);
    assert_string_equal(fx->out->runs[0].script, "Hani");
    /* An opening bracket takes the font of what it opens, a closing one of what it
     * closes: 大学 (Tsinghua) has the brackets in the Latin run. */
    const char *s4 = "\xE5\xA4\xA7\xE5\xAD\xA6 (Tsinghua)";
    assert_int_equal(textlay_layout(s4, &b, fx->reg, fx->out), 0);
    const textlay_run *paren = run_containing(fx->out, "(");
    assert_non_null(paren);
    assert_int_equal(paren->font, 0);
    assert_ptr_equal(paren, run_containing(fx->out, ")"));
    /* Emoji fall back to the emoji face; the ZWJ sequence stays in one run. */
    const char *s3 = "Break \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x8F\xAB ok";
    assert_int_equal(textlay_layout(s3, &b, fx->reg, fx->out), 0);
    const textlay_run *emo = run_containing(fx->out, "\xF0\x9F\x91\xA9");
    assert_non_null(emo);
    assert_true(emo->font > 0);
    assert_true(strstr(fx->out->text + emo->start, "\xF0\x9F\x8F\xAB") <
                fx->out->text + emo->start + emo->len);
    assert_int_equal(fx->out->missing, 0);
}

/* ---- Line breaking -------------------------------------------------------------- */

static void text_cjk_wraps_between_ideographs_never_before_closing_punctuation(void **state)
{
    fixture *fx = *state;
    /* 清华大学：慕课与混合式教学的未来。我们一起学习，一起进步、一起成长。在线教育，
     * 终身学习、开放共享。 */
    const char *s =
        "\xE6\xB8\x85\xE5\x8D\x8E\xE5\xA4\xA7\xE5\xAD\xA6\xEF\xBC\x9A\xE6\x85\x95\xE8\xAF\xBE"
        "\xE4\xB8\x8E\xE6\xB7\xB7\xE5\x90\x88\xE5\xBC\x8F\xE6\x95\x99\xE5\xAD\xA6\xE7\x9A\x84"
        "\xE6\x9C\xAA\xE6\x9D\xA5\xE3\x80\x82\xE6\x88\x91\xE4\xBB\xAC\xE4\xB8\x80\xE8\xB5\xB7"
        "\xE5\xAD\xA6\xE4\xB9\xA0\xEF\xBC\x8C\xE4\xB8\x80\xE8\xB5\xB7\xE8\xBF\x9B\xE6\xAD\xA5"
        "\xE3\x80\x81\xE4\xB8\x80\xE8\xB5\xB7\xE6\x88\x90\xE9\x95\xBF\xE3\x80\x82\xE5\x9C\xA8"
        "\xE7\xBA\xBF\xE6\x95\x99\xE8\x82\xB2\xEF\xBC\x8C\xE7\xBB\x88\xE8\xBA\xAB\xE5\xAD\xA6"
        "\xE4\xB9\xA0\xE3\x80\x81\xE5\xBC\x80\xE6\x94\xBE\xE5\x85\xB1\xE4\xBA\xAB\xE3\x80\x82";
    int multi_line_widths = 0;
    for (int w = 90; w <= 400; w += 7) {
        textlay_box b = box_of(w, 2000, 20, 20, TEXTLAY_MAX_LINES);
        b.lang = "zh";
        assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
        const textlay_result *r = fx->out;
        assert_true(layout_ok(s, &b, r));
        assert_false(r->truncated);
        if (r->n_lines >= 3)
            multi_line_widths++;
        for (size_t l = 0; l < r->n_lines; l++) {
            assert_true(r->lines[l].width <= w);
            size_t st = line_start(r, l);
            assert_true(st != SIZE_MAX);
            const char *p = r->text + st;
            if (l > 0) { /* no line starts with 。，、 or ： */
                assert_memory_not_equal(p, "\xE3\x80\x82", 3);
                assert_memory_not_equal(p, "\xEF\xBC\x8C", 3);
                assert_memory_not_equal(p, "\xE3\x80\x81", 3);
                assert_memory_not_equal(p, "\xEF\xBC\x9A", 3);
            }
            /* Greedy: a line other than the last leaves less than two ideographs
             * (plus one for the punctuation rule) of room. */
            if (l + 1 < r->n_lines)
                assert_true(r->lines[l].width > w - 3 * 20);
        }
    }
    assert_true(multi_line_widths > 20);
}

static void text_mandatory_breaks_are_honoured(void **state)
{
    fixture *fx = *state;
    textlay_box b = box_of(800, 400, 24, 24, 8);
    assert_int_equal(textlay_layout("Line one\nLine two", &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->n_lines, 2);
    assert_int_equal(textlay_layout("a\r\n\r\nb\n", &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->n_lines, 3);
    assert_int_equal(fx->out->lines[1].n_runs, 0);
    assert_true(layout_ok("a\r\n\r\nb\n", &b, fx->out));
    assert_int_equal(textlay_layout("para\xE2\x80\xA8line", &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->n_lines, 2);
    assert_int_equal(fx->out->missing, 0);
    assert_int_equal(textlay_missing("para\xE2\x80\xA8line\xE2\x80\xA9", fx->reg), 0);
}

static void text_long_word_breaks_between_graphemes(void **state)
{
    fixture *fx = *state;
    textlay_box b = box_of(100, 1000, 20, 20, TEXTLAY_MAX_LINES);
    const char *word = "Supercalifragilisticexpialidocious";
    assert_int_equal(textlay_layout(word, &b, fx->reg, fx->out), 0);
    assert_true(fx->out->n_lines >= 3);
    assert_true(layout_ok(word, &b, fx->out));
    /* Decomposed Vietnamese: a line never starts with a combining mark. */
    char dec[400] = "";
    for (int i = 0; i < 30; i++)
        strcat(dec, "e\xCC\xA3\xCC\x82"); /* e + dot below + circumflex */
    assert_int_equal(textlay_layout(dec, &b, fx->reg, fx->out), 0);
    assert_true(fx->out->n_lines >= 2);
    assert_true(layout_ok(dec, &b, fx->out));
    for (size_t l = 0; l < fx->out->n_lines; l++)
        assert_int_equal(fx->out->text[line_start(fx->out, l)], 'e');
}

static void text_long_word_keeps_indic_conjuncts_whole(void **state)
{
    fixture *fx = *state;
    textlay_box b = box_of(100, 1000, 20, 20, TEXTLAY_MAX_LINES);
    /* क्ष x24: KA, VIRAMA, SSA is one cluster (UAX #29 GB9c), never cut after the
     * virama; a Bengali vowel sign (a spacing mark) stays with its consonant. */
    char s[400] = "";
    for (int i = 0; i < 24; i++)
        strcat(s, i % 2 ? "\xE0\xA4\x95\xE0\xA5\x8D\xE0\xA4\xB7" : "\xE0\xA6\x95\xE0\xA7\x87");
    assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
    assert_true(fx->out->n_lines >= 2);
    assert_true(layout_ok(s, &b, fx->out));
    for (size_t l = 0; l < fx->out->n_lines; l++) {
        const char *p = fx->out->text + line_start(fx->out, l);
        assert_true(!memcmp(p, "\xE0\xA4\x95", 3) || !memcmp(p, "\xE0\xA6\x95", 3));
    }
}

static void text_emoji_sequences_and_flags_are_never_split(void **state)
{
    fixture *fx = *state;
    /* 👩‍🏫 x4 and 🇨🇳🇷🇺🇫🇷🇩🇪 (regional indicators once crashed libunibreak 1.1). */
    char s[400] = "";
    for (int i = 0; i < 4; i++)
        strcat(s, "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x8F\xAB");
    strcat(s, "\xF0\x9F\x87\xA8\xF0\x9F\x87\xB3\xF0\x9F\x87\xB7\xF0\x9F\x87\xBA"
              "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7\xF0\x9F\x87\xA9\xF0\x9F\x87\xAA");
    for (int w = 50; w <= 200; w += 10) { /* 👩‍🏫 is 40 px wide: two glyphs */
        textlay_box b = box_of(w, 2000, 20, 20, TEXTLAY_MAX_LINES);
        assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
        assert_true(layout_ok(s, &b, fx->out));
        assert_int_equal(fx->out->missing, 0);
        for (size_t l = 0; l < fx->out->n_lines; l++) {
            size_t st = line_start(fx->out, l), bytes = 0;
            const char *p = fx->out->text + st;
            assert_memory_not_equal(p, "\xE2\x80\x8D", 3);  /* not at a ZWJ */
            assert_memory_not_equal(p, "\xF0\x9F\x8F\xAB", 4); /* not after one */
            for (size_t i = 0; i < fx->out->lines[l].n_runs; i++)
                bytes += fx->out->runs[fx->out->lines[l].first_run + i].len;
            /* flags: a line holds whole pairs (8 bytes each) after the ZWJ sequences */
            if (st >= 4 * 11)
                assert_int_equal(bytes % 8, 0);
        }
    }
}

/* ---- Bidi --------------------------------------------------------------------------- */

static void text_arabic_with_latin_and_digits_is_rtl_in_visual_order(void **state)
{
    fixture *fx = *state;
    /* منصة Edraak تضم 5 ملايين متعلم */
    const char *s = "\xD9\x85\xD9\x86\xD8\xB5\xD8\xA9 Edraak \xD8\xAA\xD8\xB6\xD9\x85 5 "
                    "\xD9\x85\xD9\x84\xD8\xA7\xD9\x8A\xD9\x8A\xD9\x86 "
                    "\xD9\x85\xD8\xAA\xD8\xB9\xD9\x84\xD9\x85";
    textlay_box b = box_of(1000, 100, 32, 32, 1);
    assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
    const textlay_result *r = fx->out;
    assert_true(layout_ok(s, &b, r));
    assert_true(r->rtl_paragraph);
    assert_int_equal(r->n_lines, 1);
    const textlay_run *first = run_containing(r, "\xD9\x85\xD9\x86"); /* logical start */
    const textlay_run *latin = run_containing(r, "Edraak");
    const textlay_run *digit = run_containing(r, "5");
    const textlay_run *last = run_containing(r, "\xD8\xAA\xD8\xB9"); /* logical end */
    assert_non_null(first);
    assert_non_null(latin);
    assert_non_null(digit);
    assert_non_null(last);
    assert_true(first->rtl);
    assert_string_equal(first->script, "Arab");
    assert_false(latin->rtl);
    assert_string_equal(latin->script, "Latn");
    assert_false(digit->rtl);
    /* Visual order: the first Arabic word at the right, then Edraak, then 5, then the
     * last word at the left. */
    assert_true(first->x > latin->x);
    assert_true(latin->x > digit->x);
    assert_true(digit->x > last->x);
    /* Runs are in visual order and abut. */
    for (size_t i = 1; i < r->n_runs; i++)
        assert_int_equal(r->runs[i].x, r->runs[i - 1].x + r->runs[i - 1].width);
    /* START on an RTL paragraph: flush right. */
    const textlay_run *rightmost = &r->runs[r->n_runs - 1];
    assert_int_equal(rightmost->x + rightmost->width, b.width);
    assert_ptr_equal(rightmost, first);
    /* END: flush left; CENTER: in the middle. */
    b.align = TEXTLAY_ALIGN_END;
    assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->runs[0].x, 0);
    b.align = TEXTLAY_ALIGN_CENTER;
    assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
    int room = b.width - fx->out->lines[0].width;
    assert_int_equal(fx->out->runs[0].x, room / 2);
    /* A Latin paragraph with START is flush left. */
    b.align = TEXTLAY_ALIGN_START;
    assert_int_equal(textlay_layout("Edraak \xD9\x85\xD9\x86\xD8\xB5\xD8\xA9", &b, fx->reg,
                                    fx->out),
                     0);
    assert_false(fx->out->rtl_paragraph);
    assert_int_equal(fx->out->runs[0].x, 0);
}

static void text_hebrew_wraps_with_rtl_lines(void **state)
{
    fixture *fx = *state;
    /* למידה מקוונת בישראל: קמפוס IL ו-120 קורסים, repeated */
    const char *one = "\xD7\x9C\xD7\x9E\xD7\x99\xD7\x93\xD7\x94 \xD7\x9E\xD7\xA7\xD7\x95\xD7\x95"
                      "\xD7\xA0\xD7\xAA \xD7\x91\xD7\x99\xD7\xA9\xD7\xA8\xD7\x90\xD7\x9C: "
                      "\xD7\xA7\xD7\x9E\xD7\xA4\xD7\x95\xD7\xA1 IL \xD7\x95-120 "
                      "\xD7\xA7\xD7\x95\xD7\xA8\xD7\xA1\xD7\x99\xD7\x9D ";
    char s[1024] = "";
    for (int i = 0; i < 4; i++)
        strcat(s, one);
    textlay_box b = box_of(300, 1000, 24, 24, TEXTLAY_MAX_LINES);
    assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
    assert_true(layout_ok(s, &b, fx->out));
    assert_true(fx->out->rtl_paragraph);
    assert_true(fx->out->n_lines >= 3);
    for (size_t l = 0; l < fx->out->n_lines; l++) {
        const textlay_line *ln = &fx->out->lines[l];
        const textlay_run *right = &fx->out->runs[ln->first_run + ln->n_runs - 1];
        assert_int_equal(right->x + right->width, b.width); /* START = right */
    }
}


/* ---- Physical alignment, separators, headings, ellipsis ------------------------------ */

static void text_left_and_right_alignment_ignore_the_paragraph_direction(void **state)
{
    fixture *fx = *state;
    const char *ar = "\xD9\x85\xD9\x86\xD8\xB5\xD8\xA9 Edraak"; /* منصة Edraak: RTL */
    textlay_box b = box_of(1000, 100, 32, 32, 1);
    b.align = TEXTLAY_ALIGN_LEFT;
    assert_int_equal(textlay_layout(ar, &b, fx->reg, fx->out), 0);
    assert_true(fx->out->rtl_paragraph);
    assert_int_equal(fx->out->runs[0].x, 0);
    b.align = TEXTLAY_ALIGN_RIGHT;
    assert_int_equal(textlay_layout("Global MOOC Conference 2020", &b, fx->bold, fx->out), 0);
    assert_false(fx->out->rtl_paragraph);
    assert_int_equal(fx->out->runs[0].x + fx->out->lines[0].width, b.width);
    assert_true(layout_ok("Global MOOC Conference 2020", &b, fx->out));
}

/* " · " between Chinese words is drawn like " · " between Latin ones: the dot standing
 * between spaces takes the first face that has it (Noto Sans), not the CJK face of the
 * word before it (whose middle dot is full-width). */
static void text_separator_between_spaces_looks_the_same_after_any_script(void **state)
{
    fixture *fx = *state;
    /* 主会场 · 12:10–12:40 莫斯科 · 17:10 北京 */
    const char *zh = "\xE4\xB8\xBB\xE4\xBC\x9A\xE5\x9C\xBA \xC2\xB7 12:10\xE2\x80\x93" "12:40 "
                     "\xE8\x8E\xAB\xE6\x96\xAF\xE7\xA7\x91 \xC2\xB7 17:10 \xE5\x8C\x97\xE4\xBA\xAC";
    const char *en = "Main hall \xC2\xB7 12:10";
    textlay_box b = box_of(1600, 100, 30, 30, 1);
    assert_int_equal(textlay_layout(en, &b, fx->reg, fx->out), 0);
    const textlay_run *dot = run_containing(fx->out, "\xC2\xB7");
    assert_non_null(dot);
    int latin_font = dot->font;
    assert_int_equal(textlay_layout(zh, &b, fx->reg, fx->out), 0);
    assert_true(layout_ok(zh, &b, fx->out));
    size_t dots = 0;
    for (size_t i = 0; i < fx->out->n_runs; i++) {
        const textlay_run *r = &fx->out->runs[i];
        const char *p = memchr(fx->out->text + r->start, 0xC2, r->len);
        if (p && (unsigned char)p[1] == 0xB7) {
            assert_int_equal(r->font, latin_font);
            dots++;
        }
    }
    assert_int_equal(dots, 2);
    /* A middle dot inside a Chinese name (no spaces) stays in the CJK face. */
    const char *name = "\xE9\x98\xBF\xE5\x8D\x9C\xC2\xB7\xE6\x9D\x9C"; /* 阿卜·杜 */
    assert_int_equal(textlay_layout(name, &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->n_runs, 1);
    assert_int_not_equal(fx->out->runs[0].font, latin_font);
}

/* Text of line l of a layout (logical order; LTR lines only). */
static void line_text(const textlay_result *r, size_t l, char *buf, size_t cap)
{
    size_t a = SIZE_MAX, e = 0;
    for (size_t i = 0; i < r->lines[l].n_runs; i++) {
        const textlay_run *ru = &r->runs[r->lines[l].first_run + i];
        if (ru->start < a)
            a = ru->start;
        if (ru->start + ru->len > e)
            e = ru->start + ru->len;
    }
    snprintf(buf, cap, "%.*s", a == SIZE_MAX ? 0 : (int)(e - a), a == SIZE_MAX ? "" : r->text + a);
}

/* A Chinese heading on two lines breaks next to a one-character function word (与,
 * "and") rather than inside a word: 慕课平台与 / 机构圆桌讨论, not 慕课平台与机构圆 /
 * 桌讨论 (圆桌 is "round table"). Long paragraphs keep greedy filling. */
static void text_cjk_heading_breaks_next_to_a_particle_not_inside_a_word(void **state)
{
    fixture *fx = *state;
    const char *s = "\xE6\x85\x95\xE8\xAF\xBE\xE5\xB9\xB3\xE5\x8F\xB0\xE4\xB8\x8E\xE6\x9C\xBA"
                    "\xE6\x9E\x84\xE5\x9C\x86\xE6\xA1\x8C\xE8\xAE\xA8\xE8\xAE\xBA";
    textlay_box b = box_of(951, 486, 108, 108, 3);
    b.lang = "zh";
    assert_int_equal(textlay_layout(s, &b, fx->bold, fx->out), 0);
    assert_true(layout_ok(s, &b, fx->out));
    assert_false(fx->out->truncated);
    assert_int_equal(fx->out->n_lines, 2);
    char l0[256], l1[256];
    line_text(fx->out, 0, l0, sizeof(l0));
    line_text(fx->out, 1, l1, sizeof(l1));
    assert_string_equal(l0, "\xE6\x85\x95\xE8\xAF\xBE\xE5\xB9\xB3\xE5\x8F\xB0\xE4\xB8\x8E");
    assert_string_equal(l1, "\xE6\x9C\xBA\xE6\x9E\x84\xE5\x9C\x86\xE6\xA1\x8C\xE8\xAE\xA8"
                            "\xE8\xAE\xBA");
    /* A Latin heading that fills its lines well keeps its greedy breaks. */
    const char *en = "Session 2: MOOCs in Asia and Africa";
    textlay_box c = box_of(951, 486, 108, 108, 3);
    assert_int_equal(textlay_layout(en, &c, fx->bold, fx->out), 0);
    assert_int_equal(fx->out->n_lines, 2);
    line_text(fx->out, 0, l0, sizeof(l0));
    assert_string_equal(l0, "Session 2: MOOCs");
    /* A one-word runt is avoided when the lines allow it. */
    const char *runt = "Keynote addresses and closing remarks of the day";
    textlay_box d = box_of(700, 300, 40, 40, 3);
    assert_int_equal(textlay_layout(runt, &d, fx->reg, fx->out), 0);
    assert_true(layout_ok(runt, &d, fx->out));
    size_t n = fx->out->n_lines;
    assert_true(n >= 2);
    assert_true(fx->out->lines[n - 1].width * 4 >= fx->out->lines[0].width);
}

/* At the smallest size the ellipsis follows a whole word when one fits
 * ("Introduction…", not "Introduction fo…"), and never a dangling separator
 * ("James Birt ·…"). */
static void text_ellipsis_follows_a_whole_word_and_no_separator(void **state)
{
    fixture *fx = *state;
    textlay_box b = box_of(951, 162, 108, 108, 1);
    assert_int_equal(textlay_layout("Introduction for competition items", &b, fx->bold, fx->out), 0);
    assert_true(fx->out->truncated);
    assert_string_equal(fx->out->text, "Introduction" ELLIPSIS);
    const char *list = "Johanna Pirker \xC2\xB7 HUANG Ronghuai \xC2\xB7 Mina Johnson \xC2\xB7 "
                       "James Birt \xC2\xB7 FAN Wenhui \xC2\xB7 Agostino G. Bruzzone";
    for (int w = 300; w <= 900; w += 7) {
        textlay_box lb = box_of(w, 40, 22, 22, 1);
        assert_int_equal(textlay_layout(list, &lb, fx->reg, fx->out), 0);
        assert_true(layout_ok(list, &lb, fx->out));
        if (!fx->out->truncated)
            continue;
        size_t len = strlen(fx->out->text);
        assert_true(len > 5);
        const char *end = fx->out->text + len - 3; /* the ellipsis */
        assert_memory_not_equal(end - 2, "\xC2\xB7", 2);
        assert_true(end[-1] != ' ');
        /* The cut is at a word end of the original. */
        char c = list[len - 3];
        assert_true(c == ' ' || c == '\0');
    }
}

/* A time range is not broken after its dash ("06:30–" / "07:00"). */
static void text_numeric_ranges_are_not_broken(void **state)
{
    fixture *fx = *state;
    const char *s = "West hall \xC2\xB7 11:30\xE2\x80\x93" "12:00 Beijing \xC2\xB7 06:30\xE2\x80\x93"
                    "07:00 Moscow \xC2\xB7 06:30\xE2\x80\x93" "07:00 Jerusalem";
    for (int w = 200; w <= 900; w += 11) {
        textlay_box b = box_of(w, 400, 30, 30, 8);
        assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
        for (size_t l = 0; l + 1 < fx->out->n_lines; l++) {
            char t[400];
            line_text(fx->out, l, t, sizeof(t));
            size_t n = strlen(t);
            assert_false(n >= 3 && memcmp(t + n - 3, "\xE2\x80\x93", 3) == 0);
        }
    }
}

/* A title mixing scripts cut at the smallest size gets the lines its box holds at the
 * line height of the part that shows (the Arabic further on, whose font is 2.1 em
 * tall, is not shown and does not count): two lines, not one over an empty one. */
static void text_cut_text_uses_the_lines_its_own_fonts_allow(void **state)
{
    fixture *fx = *state;
    const char *s = NULL;
    for (size_t i = 0; i < fx->multi->n_sessions; i++)
        if (strcmp(fx->multi->sessions[i].id, "mixed") == 0)
            s = fx->multi->sessions[i].title.v[0].text;
    assert_non_null(s);
    textlay_box b = box_of(951, 324, 108, 108, 4); /* two lines of 1.5 em */
    assert_int_equal(textlay_layout(s, &b, fx->bold, fx->out), 0);
    assert_true(layout_ok(s, &b, fx->out));
    assert_true(fx->out->truncated);
    assert_int_equal(fx->out->n_lines, 2);
    assert_true(fx->out->height <= b.height);
}

/* ---- Shrink-to-fit and ellipsis ------------------------------------------------------ */

static void text_short_title_fits_at_max_size(void **state)
{
    fixture *fx = *state;
    textlay_box b = box_of(800, 200, 48, 16, 2);
    assert_int_equal(textlay_layout("Opening address", &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->px, 48);
    assert_int_equal(fx->out->n_lines, 1);
    assert_false(fx->out->truncated);
    assert_string_equal(fx->out->text, "Opening address");
}

static void text_long_title_shrinks_to_the_largest_size_that_fits(void **state)
{
    fixture *fx = *state;
    const char *s = "Gr\xC3\xB6\xC3\x9F" "e und \xC3\x9C" "berma\xC3\x9F: offene Hochschulen an der "
                    "Stra\xC3\x9F" "e des Wissens, mit Zaz\xC3\xB3\xC5\x82\xC4\x87 g\xC4\x99\xC5\x9Bl\xC4\x85 "
                    "ja\xC5\xBA\xC5\x84 und Vi\xE1\xBB\x87t Nam";
    textlay_box b = box_of(600, 120, 48, 12, 2);
    assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
    int px = fx->out->px;
    assert_true(layout_ok(s, &b, fx->out));
    assert_true(px < 48);
    assert_true(px > 12);
    assert_false(fx->out->truncated);
    assert_true(fx->out->n_lines <= 2);
    assert_string_equal(fx->out->text, s);
    /* One pixel larger does not fit: forced to that size, the text gets cut. */
    textlay_box bigger = box_of(600, 120, px + 1, px + 1, 2);
    assert_int_equal(textlay_layout(s, &bigger, fx->reg, fx->out), 0);
    assert_true(fx->out->truncated);
}

static void text_4k_title_is_truncated_with_an_ellipsis_at_min_size(void **state)
{
    fixture *fx = *state;
    const char *s = long_title(fx->multi);
    assert_non_null(s);
    assert_int_equal(strlen(s), 4096);
    textlay_box b = box_of(800, 200, 48, 16, 3);
    clock_t t0 = clock();
    assert_int_equal(textlay_layout(s, &b, fx->reg, fx->out), 0);
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    const textlay_result *r = fx->out;
    assert_true(layout_ok(s, &b, r));
    assert_true(r->truncated);
    assert_int_equal(r->px, 16);
    assert_true(r->n_lines >= 2 && r->n_lines <= 3);
    size_t len = strlen(r->text);
    assert_true(len > 3 && len < 1000);
    assert_string_equal(r->text + len - 3, ELLIPSIS);
    assert_memory_equal(r->text, s, len - 3); /* a prefix of the title */
    assert_true(r->height <= b.height);
    for (size_t l = 0; l < r->n_lines; l++)
        assert_true(r->lines[l].width <= b.width);
    /* The last line is well filled: the cut is not needlessly early. */
    assert_true(r->lines[r->n_lines - 1].width > b.width / 2);
    fprintf(stderr, "4 KiB title: %zu lines, %zu runs, %.3f s\n", r->n_lines, r->n_runs, secs);
    /* Height-bound: only the lines that fit the height are kept. */
    textlay_box flat = box_of(800, 40, 48, 16, 16);
    assert_int_equal(textlay_layout(s, &flat, fx->reg, fx->out), 0);
    assert_true(layout_ok(s, &flat, fx->out));
    assert_int_equal(fx->out->n_lines, 1);
    assert_true(fx->out->truncated);
    /* Bold too. */
    assert_int_equal(textlay_layout(s, &b, fx->bold, fx->out), 0);
    assert_true(layout_ok(s, &b, fx->out));
    assert_true(fx->out->truncated);
}

static void text_input_beyond_the_byte_limit_is_cut(void **state)
{
    fixture *fx = *state;
    size_t n = TEXTLAY_MAX_BYTES * 2;
    char *big = malloc(n + 1);
    assert_non_null(big);
    for (size_t i = 0; i < n; i++)
        big[i] = (i % 7 == 6) ? ' ' : 'a' + (char)(i % 26);
    big[n] = '\0';
    textlay_box b = box_of(1000, 1000, 20, 10, TEXTLAY_MAX_LINES);
    assert_int_equal(textlay_layout(big, &b, fx->reg, fx->out), 0);
    assert_true(fx->out->truncated);
    assert_true(strlen(fx->out->text) <= TEXTLAY_MAX_BYTES + 3);
    assert_true(layout_ok(big, &b, fx->out));
    free(big);
}

/* ---- Robustness ---------------------------------------------------------------------- */

static void text_invalid_utf8_and_bad_arguments(void **state)
{
    fixture *fx = *state;
    textlay_box b = box_of(400, 100, 20, 20, 2);
    assert_int_equal(textlay_layout("a\xFF" "b\xC3", &b, fx->reg, fx->out), 0);
    assert_string_equal(fx->out->text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    /* One U+FFFD per maximal subpart: a cut sequence is one, a lead byte that no
     * continuation could follow and a stray continuation are one each. */
    assert_int_equal(textlay_layout("\xE2\x80" "x\xF0\x80" "y", &b, fx->reg, fx->out), 0);
    assert_string_equal(fx->out->text, "\xEF\xBF\xBD" "x\xEF\xBF\xBD\xEF\xBF\xBD" "y");
    assert_int_equal(fx->out->missing, 0);
    assert_int_equal(textlay_layout("", &b, fx->reg, fx->out), 0);
    assert_int_equal(fx->out->n_lines, 0);
    assert_int_equal(fx->out->height, 0);
    assert_int_equal(textlay_layout("x", NULL, fx->reg, fx->out), -1);
    assert_int_equal(textlay_layout("x", &b, NULL, fx->out), -1);
    assert_int_equal(textlay_layout(NULL, &b, fx->reg, fx->out), -1);
    assert_int_equal(textlay_layout("x", &b, fx->reg, NULL), -1);
    textlay_box bad = b;
    bad.max_lines = 0;
    assert_int_equal(textlay_layout("x", &bad, fx->reg, fx->out), -1);
    bad.max_lines = TEXTLAY_MAX_LINES + 1;
    assert_int_equal(textlay_layout("x", &bad, fx->reg, fx->out), -1);
    bad = b;
    bad.min_px = 30;
    assert_int_equal(textlay_layout("x", &bad, fx->reg, fx->out), -1);
    bad = b;
    bad.width = 0;
    assert_int_equal(textlay_layout("x", &bad, fx->reg, fx->out), -1);
    assert_int_equal(textlay_missing(NULL, fx->reg), 0);
    /* Many alternating scripts on one line: runs are bounded, the line is cut. */
    char alt[4096] = "";
    for (int i = 0; i < 300; i++)
        strcat(alt, i % 2 ? "\xD0\xB6" : "\xE4\xB8\x80"); /* ж 一 */
    textlay_box wide = box_of(30000, 100, 12, 12, 1);
    assert_int_equal(textlay_layout(alt, &wide, fx->reg, fx->out), 0);
    assert_true(fx->out->n_runs <= TEXTLAY_MAX_RUNS);
    assert_true(fx->out->truncated);
    assert_true(layout_ok(alt, &wide, fx->out));
}

static void text_rendered_runs_match_measured_widths(void **state)
{
    fixture *fx = *state;
    const char *s = "Tsinghua \xE6\xB8\x85\xE5\x8D\x8E \xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 "
                    "\xD9\x85\xD9\x86\xD8\xB5\xD8\xA9 2014 \xE0\xA4\xB9\xE0\xA4\xBF\xE0\xA4\x82"
                    "\xE0\xA4\xA6\xE0\xA5\x80 \xF0\x9F\x98\x80";
    textlay_box b = box_of(1600, 100, 28, 28, 1);
    SDL_Color fg = {255, 255, 255, 255};
    for (int w = 0; w < 2; w++) {
        assert_int_equal(textlay_layout(s, &b, w ? fx->bold : fx->reg, fx->out), 0);
        assert_int_equal(fx->out->n_lines, 1);
        for (size_t i = 0; i < fx->out->n_runs; i++) {
            const textlay_run *r = &fx->out->runs[i];
            SDL_Surface *surf = fonts_render_run(fx->fc, w, r->font, fx->out->px,
                                                 fx->out->text + r->start, r->len, r->rtl,
                                                 r->script, fg);
            assert_non_null(surf);
            assert_int_equal(surf->w, r->width);
            assert_true(fonts_ascent(fx->fc, w, r->font, fx->out->px) > 0);
            SDL_FreeSurface(surf);
        }
    }
}

/* ---- The font chain ------------------------------------------------------------------ */

static void fonts_chain_reads_conf_and_skips_what_is_missing(void **state)
{
    (void)state;
    char *dir = support_tempdir();
    char conf[512], err[1024];
    snprintf(conf, sizeof conf, "%s/chain.conf", dir);
    const char *text =
        "# test chain\n"
        "regular /nonexistent/Nope.ttf\n"
        "regular /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf   # Latin\n"
        "italic /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf\n"
        "regular /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc x\n"
        "\n"
        "regular /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc 2\n";
    assert_int_equal(support_write_file(conf, text, strlen(text)), 0);
    fonts_chain *fc = fonts_chain_create(conf, err, sizeof err);
    assert_non_null(fc);
    assert_non_null(strstr(err, "/nonexistent/Nope.ttf"));
    assert_non_null(strstr(err, ":4:"));
    assert_non_null(strstr(err, ":5:"));
    assert_int_equal(fonts_count(fc, FONTS_REGULAR), 2);
    long idx = -1;
    assert_non_null(strstr(fonts_face_path(fc, FONTS_REGULAR, 1, &idx), "CJK"));
    assert_int_equal(idx, 2);
    /* No bold line: bold takes the regular list. */
    assert_int_equal(fonts_count(fc, FONTS_BOLD), 2);
    const textlay_fonts *tl = fonts_chain_textlay(fc, FONTS_REGULAR);
    assert_int_equal(tl->n_fonts, 2);
    assert_true(tl->has_glyph(tl->ctx, 1, 0x6E05));
    assert_false(tl->has_glyph(tl->ctx, 0, 0x6E05));
    fonts_chain_destroy(fc);

    /* Nothing usable: the built-in chain, and the reason first. */
    const char *none = "regular /nonexistent/A.ttf\nbold /nonexistent/B.ttf\n";
    assert_int_equal(support_write_file(conf, none, strlen(none)), 0);
    fc = fonts_chain_create(conf, err, sizeof err);
    assert_non_null(fc);
    assert_non_null(strstr(err, "no usable regular font in"));
    assert_non_null(strstr(err, "using the built-in chain"));
    assert_true(fonts_count(fc, FONTS_REGULAR) >= 8);
    fonts_chain_destroy(fc);

    /* No file: the built-in chain. */
    snprintf(conf, sizeof conf, "%s/absent.conf", dir);
    fc = fonts_chain_create(conf, err, sizeof err);
    assert_non_null(fc);
    assert_non_null(strstr(err, "built-in"));
    assert_true(fonts_count(fc, FONTS_REGULAR) >= 8);
    fonts_chain_destroy(fc);
    fonts_chain_destroy(NULL);
    fc = fonts_chain_create(NULL, NULL, 0);
    assert_non_null(fc);
    fonts_chain_destroy(fc);
    free(dir);
}

/* ---- Property: every layout of feed strings fits its box ------------------------------ */

typedef struct {
    const char **v;
    size_t n, cap;
} strlist;

static void collect(const char *what, const char *s, void *ud)
{
    (void)what;
    strlist *l = ud;
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->v = realloc(l->v, l->cap * sizeof *l->v);
        assert_non_null(l->v);
    }
    l->v[l->n++] = s;
}

static uint64_t rng_state = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state % n);
}

static void text_every_line_fits_for_random_feed_strings_and_boxes(void **state)
{
    fixture *fx = *state;
    strlist all = {0};
    each_text(fx->embedded, collect, &all);
    each_text(fx->multi, collect, &all);
    assert_true(all.n > 100);
    static char buf[3 * 4096 + 8];
    static const char *langs[] = {NULL, "en", "zh", "ja", "ar", "ru"};
    int cases = 400, truncated = 0, shrunk = 0;
    for (int i = 0; i < cases; i++) {
        /* One to three feed strings joined by a space or a newline. */
        buf[0] = '\0';
        int parts = 1 + (int)rnd(3);
        for (int p = 0; p < parts; p++) {
            const char *s = all.v[rnd((uint32_t)all.n)];
            if (strlen(buf) + strlen(s) + 2 >= sizeof buf)
                break;
            if (p)
                strcat(buf, rnd(4) ? " " : "\n");
            strcat(buf, s);
        }
        textlay_box b;
        b.width = 60 + (int)rnd(1100);
        b.height = 40 + (int)rnd(500);
        b.max_px = 16 + (int)rnd(60);
        b.min_px = 8 + (int)rnd(17);
        if (b.min_px > b.max_px)
            b.min_px = b.max_px;
        b.max_lines = 1 + (int)rnd(TEXTLAY_MAX_LINES);
        b.align = (textlay_align)rnd(3);
        b.lang = langs[rnd(6)];
        const textlay_fonts *f = rnd(2) ? fx->bold : fx->reg;
        assert_int_equal(textlay_layout(buf, &b, f, fx->out), 0);
        if (!layout_ok(buf, &b, fx->out))
            fail_msg("case %d", i);
        assert_int_equal(fx->out->missing, 0);
        truncated += fx->out->truncated;
        shrunk += fx->out->px < b.max_px;
    }
    fprintf(stderr, "%d random layouts: %d shrunk, %d truncated\n", cases, shrunk, truncated);
    assert_true(truncated > 0 && shrunk > truncated);
    free(all.v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_no_tofu_in_embedded_agenda),
        cmocka_unit_test(text_no_tofu_in_multilingual_feed),
        cmocka_unit_test(text_missing_reports_code_points_no_font_has),
        cmocka_unit_test(text_fallback_picks_fonts_and_scripts_per_run),
        cmocka_unit_test(text_cjk_wraps_between_ideographs_never_before_closing_punctuation),
        cmocka_unit_test(text_mandatory_breaks_are_honoured),
        cmocka_unit_test(text_long_word_breaks_between_graphemes),
        cmocka_unit_test(text_long_word_keeps_indic_conjuncts_whole),
        cmocka_unit_test(text_emoji_sequences_and_flags_are_never_split),
        cmocka_unit_test(text_arabic_with_latin_and_digits_is_rtl_in_visual_order),
        cmocka_unit_test(text_hebrew_wraps_with_rtl_lines),
        cmocka_unit_test(text_short_title_fits_at_max_size),
        cmocka_unit_test(text_long_title_shrinks_to_the_largest_size_that_fits),
        cmocka_unit_test(text_4k_title_is_truncated_with_an_ellipsis_at_min_size),
        cmocka_unit_test(text_input_beyond_the_byte_limit_is_cut),
        cmocka_unit_test(text_invalid_utf8_and_bad_arguments),
        cmocka_unit_test(text_rendered_runs_match_measured_widths),
        cmocka_unit_test(fonts_chain_reads_conf_and_skips_what_is_missing),
        cmocka_unit_test(text_every_line_fits_for_random_feed_strings_and_boxes),
        cmocka_unit_test(text_left_and_right_alignment_ignore_the_paragraph_direction),
        cmocka_unit_test(text_separator_between_spaces_looks_the_same_after_any_script),
        cmocka_unit_test(text_cjk_heading_breaks_next_to_a_particle_not_inside_a_word),
        cmocka_unit_test(text_ellipsis_follows_a_whole_word_and_no_separator),
        cmocka_unit_test(text_numeric_ranges_are_not_broken),
        cmocka_unit_test(text_cut_text_uses_the_lines_its_own_fonts_allow),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
