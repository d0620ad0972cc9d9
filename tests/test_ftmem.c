/* test_ftmem.c - FreeType reads a mapped font file in place under SDL_ttf: the Noto
 * CJK face opened through the font chain costs under 60 % of the heap SDL_ttf's own
 * stream costs (which makes FreeType copy its tables onto the heap), and draws and measures
 * the same as a face SDL_ttf opens from the file itself. Skipped without the font.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL_ttf.h>

#include "support.h"

#include "fonts.h"

#define CJK "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
#define CJK_INDEX 2
#define TEXT "\xe4\xbc\x9a\xe8\xae\xae\xe5\x8e\x85 Hall" /* 会议厅 Hall */

static size_t heap_used(void)
{
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
}

/* A chain of the CJK face alone (written to dir/chain.conf); NULL if it does not open. */
static fonts_chain *cjk_chain(const char *dir)
{
    char conf[512], line[256];
    snprintf(conf, sizeof conf, "%s/chain.conf", dir);
    int n = snprintf(line, sizeof line, "regular %s %d\n", CJK, CJK_INDEX);
    assert_int_equal(support_write_file(conf, line, (size_t)n), 0);
    char err[512];
    return fonts_chain_create(conf, err, sizeof err);
}

static void ftmem_cjk_face_is_read_in_place(void **state)
{
    (void)state;
    char *dir = support_tempdir();
    TTF_Init(); /* SDL_ttf's own state is not the faces' cost */
    size_t before = heap_used();
    TTF_Font *ref = TTF_OpenFontIndex(CJK, 40, CJK_INDEX); /* SDL_ttf's file stream */
    assert_non_null(ref);
    size_t copied = heap_used() - before;
    before = heap_used();
    fonts_chain *fc = cjk_chain(dir); /* the face for both weights (no bold listed) */
    assert_non_null(fc);
    assert_int_equal(fonts_count(fc, FONTS_BOLD), 1);
    size_t in_place = (heap_used() - before) / 2;
    printf("CJK face: %zu KB of heap read in place, %zu KB through SDL_ttf's stream\n",
           in_place / 1024, copied / 1024);
    fonts_chain_destroy(fc);
    TTF_CloseFont(ref);
    TTF_Quit();
    support_remove_tree(dir);
    free(dir);
    if (copied == 0) { /* a sanitizer's allocator: glibc's statistics count nothing */
        printf("the heap cannot be measured with this allocator: skipped\n");
        skip();
    }
    assert_true(in_place * 10 < copied * 6);
}

static void ftmem_face_draws_as_one_read_from_the_file(void **state)
{
    (void)state;
    char *dir = support_tempdir();
    fonts_chain *fc = cjk_chain(dir);
    assert_non_null(fc);
    TTF_Font *ref = TTF_OpenFontIndex(CJK, 40, CJK_INDEX); /* SDL_ttf's file stream */
    assert_non_null(ref);
    SDL_Color fg = {255, 255, 255, 255};
    SDL_Surface *a = fonts_render_run(fc, FONTS_REGULAR, 0, 40, TEXT, strlen(TEXT), false,
                                      "Hani", fg);
    TTF_SetFontScriptName(ref, "Hani");
    TTF_SetFontHinting(ref, TTF_HINTING_LIGHT); /* as fonts.c sets */
    SDL_Surface *b = TTF_RenderUTF8_Blended(ref, TEXT, fg);
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a->w > 100);
    assert_int_equal(a->w, b->w);
    assert_int_equal(a->h, b->h);
    for (int y = 0; y < a->h; y++)
        assert_memory_equal((char *)a->pixels + y * a->pitch, (char *)b->pixels + y * b->pitch,
                            (size_t)a->w * 4);
    assert_int_equal(fonts_ascent(fc, FONTS_REGULAR, 0, 40), TTF_FontAscent(ref));
    SDL_FreeSurface(a);
    SDL_FreeSurface(b);
    TTF_CloseFont(ref);
    fonts_chain_destroy(fc);
    support_remove_tree(dir);
    free(dir);
}

int main(void)
{
    if (access(CJK, R_OK) != 0) {
        printf("skipped: %s is not installed (fonts-noto-cjk)\n", CJK);
        return 77;
    }
    mallopt(M_MMAP_THRESHOLD, 1 << 20); /* as the board (main.c) */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ftmem_cjk_face_is_read_in_place),
        cmocka_unit_test(ftmem_face_draws_as_one_read_from_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
