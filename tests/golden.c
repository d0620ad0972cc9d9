/* golden.c - comparing frames with the golden images (golden.h). */
#include "golden.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <setjmp.h>
#include <cmocka.h>

#include <SDL_image.h>

#include "support.h"

bool golden_updating(void)
{
    const char *u = getenv("HB_UPDATE_GOLDEN");
    return u && strcmp(u, "1") == 0;
}

SDL_Surface *golden_load(const char *path)
{
    SDL_Surface *raw = IMG_Load(path);
    if (!raw)
        fprintf(stderr, "cannot load %s: %s\n", path, IMG_GetError());
    assert_non_null(raw);
    SDL_Surface *s = SDL_ConvertSurfaceFormat(raw, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(raw);
    assert_non_null(s);
    return s;
}

Uint32 golden_px(const SDL_Surface *s, int x, int y)
{
    return ((const Uint32 *)((const Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x];
}

bool golden_px_differ(Uint32 p, Uint32 q)
{
    for (int sh = 0; sh <= 16; sh += 8)
        if (abs((int)((p >> sh) & 0xff) - (int)((q >> sh) & 0xff)) > GOLDEN_CHANNEL_TOLERANCE)
            return true;
    return false;
}

size_t golden_count_diff(const SDL_Surface *a, const SDL_Surface *b, const char *diff_path)
{
    SDL_Surface *d = NULL;
    if (diff_path)
        d = SDL_CreateRGBSurfaceWithFormat(0, a->w, a->h, 32, SDL_PIXELFORMAT_ARGB8888);
    size_t n = 0;
    for (int y = 0; y < a->h; y++)
        for (int x = 0; x < a->w; x++) {
            Uint32 p = golden_px(a, x, y);
            bool differ = golden_px_differ(p, golden_px(b, x, y));
            n += differ;
            if (d)
                ((Uint32 *)((Uint8 *)d->pixels + (size_t)y * (size_t)d->pitch))[x] =
                    differ ? 0xffff0000u : 0xff000000u | ((p >> 2) & 0x3f3f3fu);
        }
    if (d) {
        IMG_SavePNG(d, diff_path);
        SDL_FreeSurface(d);
    }
    return n;
}

size_t golden_count_colour(const SDL_Surface *s, Uint32 rgb, bool exact)
{
    size_t n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            Uint32 p = golden_px(s, x, y);
            n += exact ? (p & 0xffffffu) == (rgb & 0xffffffu) : !golden_px_differ(p, rgb);
        }
    return n;
}

bool golden_match(const SDL_Surface *got, const SDL_Surface *want, const char *name,
                  const char *keep_dir)
{
    char path[640];
    snprintf(path, sizeof(path), "%s/%s.got.png", keep_dir, name);
    if (got->w != want->w || got->h != want->h) {
        IMG_SavePNG((SDL_Surface *)got, path);
        fprintf(stderr, "%s: size %dx%d, expected %dx%d; the frame drawn is in %s\n", name,
                got->w, got->h, want->w, want->h, path);
        return false;
    }
    size_t n = golden_count_diff(got, want, NULL);
    size_t total = (size_t)got->w * (size_t)got->h;
    double frac = (double)n / (double)total;
    if (frac <= GOLDEN_MAX_DIFF_FRACTION)
        return true;
    IMG_SavePNG((SDL_Surface *)got, path);
    snprintf(path, sizeof(path), "%s/%s.diff.png", keep_dir, name);
    golden_count_diff(got, want, path);
    fprintf(stderr,
            "%s: %zu of %zu pixels differ (%.3f %%, at most %.3f %% allowed); the frame "
            "drawn and the differences are in %s/{%s.got.png,%s.diff.png}\n",
            name, n, total, 100 * frac, 100 * GOLDEN_MAX_DIFF_FRACTION, keep_dir, name, name);
    return false;
}

void golden_check(const SDL_Surface *got, const char *name, const char *keep_dir)
{
    char want_path[512];
    snprintf(want_path, sizeof(want_path), "%s/tests/golden/%s.png", HB_SOURCE_DIR, name);
    if (golden_updating()) {
        assert_int_equal(IMG_SavePNG((SDL_Surface *)got, want_path), 0);
        print_message("HB_UPDATE_GOLDEN=1: rewrote %s; not compared\n", want_path);
        return;
    }
    SDL_Surface *want = golden_load(want_path);
    bool same = golden_match(got, want, name, keep_dir);
    SDL_FreeSurface(want);
    assert_true(same);
}

void golden_render_to(const golden_frame *f, const char *out)
{
    const struct {
        const char *opt, *val;
    } opts[] = {{"--at", f->at},     {"--size", f->size}, {"--feed", f->feed},
                {"--hall", f->hall}, {"--lang", f->lang}, {"--view", f->view},
                {"--page", f->page}, {"--overrides", f->overrides}};
    char *argv[2 + 2 * (sizeof(opts) / sizeof(opts[0])) + 3];
    int n = 0;
    argv[n++] = (char *)support_hallboard();
    argv[n++] = "render";
    for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
        if (opts[i].val) {
            argv[n++] = (char *)opts[i].opt;
            argv[n++] = (char *)opts[i].val;
        }
    argv[n++] = "-o";
    argv[n++] = (char *)out;
    argv[n] = NULL;
    support_run_result r = support_run(argv);
    if (r.status != 0)
        fprintf(stderr, "%s: exit %d\n--- stderr\n%s", f->name, r.status, r.err);
    assert_int_equal(r.status, 0);
    support_run_free(&r);
}

SDL_Surface *golden_render(const golden_frame *f)
{
    char file[96];
    snprintf(file, sizeof(file), "%s.drawn.png", f->name);
    const char *path = golden_tmp_path(file);
    golden_render_to(f, path);
    SDL_Surface *got = golden_load(path);
    remove(path);
    return got;
}

SDL_Surface *golden_render_check(const golden_frame *f)
{
    SDL_Surface *got = golden_render(f);
    golden_check(got, f->name, golden_dir());
    return got;
}

/* ---- The run's folder and the cmocka group ------------------------------------ */

static char *tmpdir; /* per run; removed at the end when every file in it was */

const char *golden_dir(void)
{
    return tmpdir;
}

const char *golden_tmp_path(const char *name)
{
    static char ring[8][512];
    static int k;
    char *p = ring[k++ % 8];
    snprintf(p, sizeof(ring[0]), "%s/%s", tmpdir, name);
    return p;
}

int golden_setup(void **state)
{
    (void)state;
    tmpdir = support_tempdir();
    return tmpdir ? 0 : -1;
}

int golden_teardown(void **state)
{
    (void)state;
    if (rmdir(tmpdir) != 0 && errno == ENOTEMPTY)
        fprintf(stderr, "frames of failed comparisons kept in %s\n", tmpdir);
    free(tmpdir);
    tmpdir = NULL;
    IMG_Quit();
    SDL_Quit();
    return 0;
}

int golden_run(const char *group, const struct CMUnitTest *tests, size_t n)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    return _cmocka_run_group_tests(group, tests, n, golden_setup, golden_teardown);
}
