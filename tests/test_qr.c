/* test_qr.c - qr.h: a URL becomes a code that a real decoder (zbarimg) reads back and
 * that matches the qrencode tool's own; the limits; the module size rule. */
#include "support.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "qr.h"

#define URL "https://pretalx.example.org/hallcon-2026/talk/QX8RLM/"

/* Writes q as a PGM image of px pixels per module with its quiet zone. */
static void write_pgm(const qr_code *q, int px, const char *path)
{
    int side = (q->size + 2 * QR_QUIET) * px;
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fprintf(f, "P5\n%d %d\n255\n", side, side);
    for (int y = 0; y < side; y++)
        for (int x = 0; x < side; x++)
            fputc(qr_dark(q, x / px - QR_QUIET, y / px - QR_QUIET) ? 0 : 255, f);
    fclose(f);
}

static void qr_url_decodes_back_with_zbarimg(void **state)
{
    (void)state;
    if (access("/usr/bin/zbarimg", X_OK) != 0)
        skip();
    static qr_code q;
    assert_int_equal(qr_encode(URL, &q), 0);
    char *dir = support_tempdir(), path[512];
    snprintf(path, sizeof(path), "%s/code.pgm", dir);
    write_pgm(&q, 4, path);
    char *argv[] = {"/usr/bin/zbarimg", "--raw", "-q", path, NULL};
    support_run_result r = support_run(argv);
    assert_int_equal(r.status, 0);
    assert_string_equal(r.out, URL "\n");
    support_run_free(&r);
    support_remove_tree(dir);
    free(dir);
}

/* qrencode -l M -8 -t ASCII draws a dark module as "##" and a light one as two spaces,
 * with a quiet zone of 4 modules: the same matrix, module for module. */
static void qr_matrix_is_qrencodes_own(void **state)
{
    (void)state;
    if (access("/usr/bin/qrencode", X_OK) != 0)
        skip();
    static qr_code q;
    assert_int_equal(qr_encode(URL, &q), 0);
    char *argv[] = {"/usr/bin/qrencode", "-l", "M", "-8", "-t", "ASCII", "-o", "-", URL, NULL};
    support_run_result r = support_run(argv);
    assert_int_equal(r.status, 0);
    int side = q.size + 2 * QR_QUIET, y = 0;
    for (char *line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n"), y++) {
        assert_int_equal((int)strlen(line), 2 * side);
        for (int x = 0; x < side; x++)
            assert_int_equal(line[2 * x] == '#', qr_dark(&q, x - QR_QUIET, y - QR_QUIET));
    }
    assert_int_equal(y, side);
    support_run_free(&r);
}

static void qr_version_grows_with_the_text_and_stops_at_the_limit(void **state)
{
    (void)state;
    static qr_code q;
    char text[QR_MAX_TEXT + 2];
    memset(text, 'a', sizeof(text));
    memcpy(text, "https://", 8);
    text[45] = '\0';
    assert_int_equal(qr_encode(text, &q), 0);
    assert_int_equal(q.version, 4); /* 45 bytes at level M */
    assert_int_equal(q.size, 33);
    text[45] = 'a';
    text[QR_MAX_TEXT] = '\0';
    assert_int_equal(qr_encode(text, &q), 0);
    assert_int_equal(q.size, 17 + 4 * q.version);
    assert_true(q.size <= QR_MAX_MODULES);
    text[QR_MAX_TEXT] = 'a';
    text[QR_MAX_TEXT + 1] = '\0';
    assert_int_equal(qr_encode(text, &q), -EINVAL);
    assert_int_equal(q.size, 0);
    assert_int_equal(qr_encode("", &q), -EINVAL);
}

static void qr_three_finder_patterns_and_a_light_quiet_zone(void **state)
{
    (void)state;
    static qr_code q;
    assert_int_equal(qr_encode(URL, &q), 0);
    /* Finder pattern corners: dark at (0,0), (size-1,0), (0,size-1); light at the
     * opposite corner's position inside the pattern ring (1,1). */
    assert_true(qr_dark(&q, 0, 0) && qr_dark(&q, q.size - 1, 0) && qr_dark(&q, 0, q.size - 1));
    assert_false(qr_dark(&q, 1, 1));
    assert_true(qr_dark(&q, 3, 3));
    for (int i = -QR_QUIET; i < q.size + QR_QUIET; i++) {
        assert_false(qr_dark(&q, i, -1));
        assert_false(qr_dark(&q, -1, i));
        assert_false(qr_dark(&q, i, q.size));
        assert_false(qr_dark(&q, q.size, i));
    }
}

/* The rule stated in qr.h: at 3 m a module spans at least 3 preview pixels of a
 * phone (1920 px over 65 degrees) on a 55 inch 1080p screen. */
static void qr_module_size_reads_from_three_metres_at_1080p(void **state)
{
    (void)state;
    double mm_per_px = 1218.0 / 1920.0;                       /* 55", 16:9 */
    double preview_px_per_rad = 1920.0 / (65.0 * 3.14159265358979 / 180.0);
    double module_mm = QR_MODULE_PX_1080 * mm_per_px;
    double preview_px = module_mm / 3000.0 * preview_px_per_rad;
    assert_true(preview_px >= 3.0);
    assert_int_equal(qr_min_module_px(1920, 1080), QR_MODULE_PX_1080);
    assert_int_equal(qr_min_module_px(1080, 1920), QR_MODULE_PX_1080); /* portrait */
    assert_int_equal(qr_min_module_px(3840, 2160), 2 * QR_MODULE_PX_1080);
    assert_int_equal(qr_min_module_px(1280, 720), 7);
    assert_int_equal(qr_min_module_px(100, 50), 2);
    /* A version 4 code (33 modules) and its quiet zone at 10 px. */
    assert_int_equal(qr_box_px(33, 1920, 1080), 410);
}

static void qr_module_px_is_the_largest_integer_that_fits(void **state)
{
    (void)state;
    assert_int_equal(qr_module_px(410, 410, 33), 10);
    assert_int_equal(qr_module_px(409, 600, 33), 9);
    assert_int_equal(qr_module_px(600, 409, 33), 9);
    assert_int_equal(qr_module_px(41, 41, 33), 1);
    assert_int_equal(qr_module_px(40, 41, 33), 0);
    assert_int_equal(qr_module_px(410, 410, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(qr_url_decodes_back_with_zbarimg),
        cmocka_unit_test(qr_matrix_is_qrencodes_own),
        cmocka_unit_test(qr_version_grows_with_the_text_and_stops_at_the_limit),
        cmocka_unit_test(qr_three_finder_patterns_and_a_light_quiet_zone),
        cmocka_unit_test(qr_module_size_reads_from_three_metres_at_1080p),
        cmocka_unit_test(qr_module_px_is_the_largest_integer_that_fits),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
