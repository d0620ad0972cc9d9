/* test_pngout.c - frames written as RGB PNG (app/shell/pngout.c), read back through
 * SDL_image (libpng and zlib check the CRCs and the Adler-32) and compared exactly. */
#include "support.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <SDL.h>
#include <SDL_image.h>

#include "pngout.h"

/* Pixels of a w x h frame, pitch bytes a row, like a board frame: flat colour bands,
 * rows equal to the row above, runs longer than deflate's longest match, "text" of
 * scattered colours, and alpha 253/254 here and there (which the PNG must drop). */
static uint32_t *frame(int w, int h, int pitch, unsigned seed)
{
    uint32_t *px = calloc((size_t)h, (size_t)pitch);
    assert_non_null(px);
    unsigned x32 = seed * 2654435761u + 1;
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)((unsigned char *)px + (size_t)y * (size_t)pitch);
        uint32_t band = 0xff000000u | (((uint32_t)(y / 7) * 0x3a1f27u) & 0xffffffu);
        for (int x = 0; x < w; x++) {
            x32 = x32 * 1103515245u + 12345u;
            uint32_t p = band;
            if ((y / 5) % 3 == 1 && x % 97 > 60)
                p = 0xff000000u | (x32 >> 8);                      /* "text" */
            else if (x % 300 > 280)
                p = 0xff000000u | ((uint32_t)x * 0x010203u + (uint32_t)y); /* a gradient */
            if (x32 % 17 == 0)
                p = (p & 0xffffffu) | (x32 % 2 ? 0xfd000000u : 0xfe000000u);
            row[x] = p;
        }
    }
    return px;
}

/* Checks that the PNG at path is 8-bit RGB (colour type 2) with the pixels of px. */
static void assert_same_pixels(const char *path, const uint32_t *px, int w, int h, int pitch)
{
    size_t len = 0;
    unsigned char *f = (unsigned char *)support_read_file(path, &len);
    assert_non_null(f);
    assert_true(len > 33);
    assert_memory_equal(f + 12, "IHDR", 4);
    assert_int_equal(f[24], 8); /* bit depth */
    assert_int_equal(f[25], 2); /* colour type RGB: no alpha channel */
    free(f);
    SDL_Surface *raw = IMG_Load(path);
    if (!raw)
        fprintf(stderr, "cannot load %s: %s\n", path, IMG_GetError());
    assert_non_null(raw);
    assert_int_equal(raw->format->Amask, 0);
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    assert_non_null(s);
    assert_int_equal(s->w, w);
    assert_int_equal(s->h, h);
    size_t bad = 0;
    for (int y = 0; y < h; y++) {
        const uint32_t *want = (const uint32_t *)((const unsigned char *)px + (size_t)y * pitch);
        const uint32_t *got = (const uint32_t *)((const unsigned char *)s->pixels +
                                                 (size_t)y * (size_t)s->pitch);
        for (int x = 0; x < w; x++)
            bad += got[x] != (0xff000000u | (want[x] & 0xffffffu));
    }
    SDL_FreeSurface(s);
    assert_int_equal(bad, 0);
}

static void round_trip(int w, int h, int pitch)
{
    char *dir = support_tempdir(), path[512];
    snprintf(path, sizeof(path), "%s/frame.png", dir);
    uint32_t *px = frame(w, h, pitch, (unsigned)(w + h));
    char err[300] = "";
    assert_int_equal(pngout_write_file(path, px, w, h, pitch, err, sizeof(err)), 0);
    assert_same_pixels(path, px, w, h, pitch);
    free(px);
    support_remove_tree(dir);
    free(dir);
}

static void pngout_frame_reads_back_exactly(void **st)
{
    (void)st;
    round_trip(1920, 1080, 1920 * 4);
    round_trip(1080, 1920, 1080 * 4 + 64); /* rows with padding after them */
}

static void pngout_edge_sizes_read_back_exactly(void **st)
{
    (void)st;
    round_trip(1, 1, 4);
    round_trip(8192, 1, 8192 * 4);
    round_trip(1, 8192, 4);
    round_trip(12000, 3, 12000 * 4); /* rows too long to match against the row above */
}

static void pngout_flat_frame_is_small(void **st)
{
    (void)st;
    uint32_t *px = malloc((size_t)1920 * 1080 * 4);
    assert_non_null(px);
    for (size_t i = 0; i < (size_t)1920 * 1080; i++)
        px[i] = 0xff203040u;
    unsigned char *png = NULL;
    size_t len = 0;
    assert_int_equal(pngout_write_mem(px, 1920, 1080, 1920 * 4, &png, &len), 0);
    assert_true(len < 128 * 1024); /* 6 MB of one colour: about 1.5 % */
    free(png);
    free(px);
}

static void pngout_memory_and_file_are_the_same_bytes(void **st)
{
    (void)st;
    char *dir = support_tempdir(), path[512];
    snprintf(path, sizeof(path), "%s/frame.png", dir);
    uint32_t *px = frame(640, 360, 640 * 4, 7);
    unsigned char *png = NULL;
    size_t len = 0;
    assert_int_equal(pngout_write_mem(px, 640, 360, 640 * 4, &png, &len), 0);
    assert_int_equal(pngout_write_file(path, px, 640, 360, 640 * 4, NULL, 0), 0);
    size_t flen = 0;
    char *f = support_read_file(path, &flen);
    assert_non_null(f);
    assert_int_equal(flen, len);
    assert_memory_equal(f, png, len);
    free(f);
    free(png);
    free(px);
    support_remove_tree(dir);
    free(dir);
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static void pngout_unwritable_path_is_an_error_and_leaves_no_file(void **st)
{
    (void)st;
    char *dir = support_tempdir(), path[512], err[600];
    uint32_t *px = frame(64, 32, 64 * 4, 3);
    /* The parent is a file. */
    snprintf(path, sizeof(path), "%s/plain", dir);
    assert_int_equal(support_write_file(path, "x", 1), 0);
    snprintf(path, sizeof(path), "%s/plain/frame.png", dir);
    err[0] = '\0';
    assert_int_equal(pngout_write_file(path, px, 64, 32, 64 * 4, err, sizeof(err)), -1);
    assert_non_null(strstr(err, path));
    assert_int_equal(entries(dir), 1);
    /* The name is a directory: the temporary file beside it goes again. */
    snprintf(path, sizeof(path), "%s/adir", dir);
    assert_int_equal(mkdir(path, 0755), 0);
    err[0] = '\0';
    assert_int_equal(pngout_write_file(path, px, 64, 32, 64 * 4, err, sizeof(err)), -1);
    assert_non_null(strstr(err, path));
    assert_int_equal(entries(dir), 2);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_true(S_ISDIR(sb.st_mode));
    free(px);
    support_remove_tree(dir);
    free(dir);
}

static void pngout_refuses_bad_sizes(void **st)
{
    (void)st;
    uint32_t px[4] = {0};
    unsigned char *png = (unsigned char *)"x";
    size_t len = 1;
    assert_int_equal(pngout_write_mem(px, 0, 1, 4, &png, &len), -1);
    assert_null(png);
    assert_int_equal(len, 0);
    assert_int_equal(pngout_write_mem(px, 2, 2, 4, &png, &len), -1); /* pitch < 2 pixels */
    assert_int_equal(pngout_write_mem(px, PNGOUT_MAX_SIDE + 1, 1, 4 * (PNGOUT_MAX_SIDE + 1),
                                      &png, &len),
                     -1);
    assert_int_equal(pngout_write_mem(NULL, 1, 1, 4, &png, &len), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pngout_frame_reads_back_exactly),
        cmocka_unit_test(pngout_edge_sizes_read_back_exactly),
        cmocka_unit_test(pngout_flat_frame_is_small),
        cmocka_unit_test(pngout_memory_and_file_are_the_same_bytes),
        cmocka_unit_test(pngout_unwritable_path_is_an_error_and_leaves_no_file),
        cmocka_unit_test(pngout_refuses_bad_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
