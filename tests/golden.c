/* golden.c - comparing frames with the golden images (golden.h). */
#include "golden.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void golden_check(const SDL_Surface *got, const char *name, const char *keep_dir)
{
    char want_path[512], path[640];
    snprintf(want_path, sizeof(want_path), "%s/tests/golden/%s.png", HB_SOURCE_DIR, name);
    if (golden_updating()) {
        assert_int_equal(IMG_SavePNG((SDL_Surface *)got, want_path), 0);
        print_message("HB_UPDATE_GOLDEN=1: rewrote %s; not compared\n", want_path);
        return;
    }
    SDL_Surface *want = golden_load(want_path);
    bool same = got->w == want->w && got->h == want->h;
    size_t n = same ? golden_count_diff(got, want, NULL) : 0;
    size_t total = (size_t)got->w * (size_t)got->h;
    if (!same || (double)n / (double)total > GOLDEN_MAX_DIFF_FRACTION) {
        snprintf(path, sizeof(path), "%s/%s.got.png", keep_dir, name);
        IMG_SavePNG((SDL_Surface *)got, path);
        if (same) {
            snprintf(path, sizeof(path), "%s/%s.diff.png", keep_dir, name);
            golden_count_diff(got, want, path);
        }
        fprintf(stderr, "%s: %zu of %zu pixels differ (at most %.1f %% allowed), or the size "
                        "(%dx%d, golden %dx%d); the frame drawn is in %s\n",
                name, n, total, 100 * GOLDEN_MAX_DIFF_FRACTION, got->w, got->h, want->w,
                want->h, keep_dir);
        same = false;
    }
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
