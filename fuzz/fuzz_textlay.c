/* fuzz_textlay.c - libFuzzer target for the text layout (textlay_layout, textlay_missing)
 * on any bytes, invalid UTF-8 included.
 *
 * Input: byte 0 picks the box (width, lines, alignment) and the font chain (one face
 * with every glyph, or one that has only ASCII before it), the rest is the text. The
 * fonts are tests/fakefonts.h (no SDL). Checked: a layout is made; its text is valid
 * UTF-8 no longer than TEXTLAY_MAX_BYTES plus an ellipsis; every run lies inside the
 * text, in a font of the chain (or -1); lines and runs stay within their limits and
 * the lines' runs are the result's runs, in order.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/fakefonts.h"
#include "textlay.h"
#include "utf8.h"

/* A chain of two: font 0 has ASCII only, font 1 (the fake face) everything. */
static bool ascii_first_has(void *ctx, int f, uint32_t cp)
{
    (void)ctx;
    return f == 1 || cp < 0x80;
}

static void check(const textlay_result *r, const textlay_box *b, int n_fonts)
{
    size_t len = strlen(r->text);
    if (len > TEXTLAY_MAX_BYTES + 3 || !utf8_valid(r->text, len, NULL))
        abort();
    if (r->n_lines > (size_t)b->max_lines || r->n_runs > TEXTLAY_MAX_RUNS)
        abort();
    size_t next = 0;
    for (size_t l = 0; l < r->n_lines; l++) {
        if (r->lines[l].first_run != next)
            abort();
        next += r->lines[l].n_runs;
    }
    if (next != r->n_runs)
        abort();
    for (size_t i = 0; i < r->n_runs; i++) {
        const textlay_run *run = &r->runs[i];
        if (run->start > len || run->len > len - run->start || run->font < -1 ||
            run->font >= n_fonts)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4 * TEXTLAY_MAX_BYTES)
        return 0;
    char *text = malloc(size);
    textlay_result *out = malloc(sizeof *out);
    if (!text || !out)
        abort();
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    uint8_t k = data[0];
    fakefonts ff;
    textlay_fonts tf = *fakefonts_init(&ff, 0.55);
    if (k & 0x80) {
        tf.n_fonts = 2;
        tf.has_glyph = ascii_first_has;
    }
    textlay_box b = {
        .width = 8 + (k & 0x0F) * 40,
        .height = 400,
        .max_px = 40,
        .min_px = 10,
        .max_lines = 1 + ((k >> 4) & 0x03),
        .align = (textlay_align)((k >> 6 & 1) ? TEXTLAY_ALIGN_CENTER : TEXTLAY_ALIGN_START),
        .lang = (k & 0x08) ? "zh" : NULL,
    };
    if (textlay_layout(text, &b, &tf, out) != 0)
        abort();
    check(out, &b, tf.n_fonts);
    (void)textlay_missing(text, &tf);
    free(out);
    free(text);
    return 0;
}
