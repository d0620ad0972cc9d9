/* golden.h - comparing frames with the golden images in tests/golden/ (README there):
 * loading PNGs, the per-channel tolerance, counting differing pixels, the diff image,
 * the one check every render test makes, rendering a frame with `hallboard render`, and
 * the run's temporary folder with the cmocka setup, teardown and runner around it.
 * Shared by the render tests. */
#ifndef HB_TEST_GOLDEN_H
#define HB_TEST_GOLDEN_H

#include <stdbool.h>
#include <stddef.h>

#include <setjmp.h>
#include <stdarg.h>
#include <cmocka.h>

#include <SDL.h>

#define GOLDEN_CHANNEL_TOLERANCE 48  /* of 255: two pixels differ beyond this */
#define GOLDEN_MAX_DIFF_FRACTION 0.005 /* of the pixels may differ */

/* True when HB_UPDATE_GOLDEN=1: the tests rewrite the goldens instead of comparing. */
bool golden_updating(void);

/* The PNG at path as an ARGB8888 surface (caller frees); fails the test when it cannot
 * be read. */
SDL_Surface *golden_load(const char *path);

/* Pixel (x, y) of an ARGB8888 surface. */
Uint32 golden_px(const SDL_Surface *s, int x, int y);

/* True when p and q differ by more than the tolerance in red, green or blue. */
bool golden_px_differ(Uint32 p, Uint32 q);

/* Differing pixels of a and b (same size); with diff_path (may be NULL), an image of
 * them (differing pixels red, the rest a dimmed a). */
size_t golden_count_diff(const SDL_Surface *a, const SDL_Surface *b, const char *diff_path);

/* Pixels of s equal to rgb (exact) or within the tolerance of it. */
size_t golden_count_colour(const SDL_Surface *s, Uint32 rgb, bool exact);

/* Compares got (a frame drawn; still the caller's) with tests/golden/NAME.png: fails
 * the test when the sizes differ or more than the allowed fraction of pixels do, after
 * writing NAME.got.png and NAME.diff.png into keep_dir. With HB_UPDATE_GOLDEN=1 the
 * golden is rewritten from got instead. */
void golden_check(const SDL_Surface *got, const char *name, const char *keep_dir);

/* The path of a file under tests/inputs/ (a string literal). */
#define GOLDEN_INPUT(name) HB_SOURCE_DIR "/tests/inputs/" name

/* One frame to render: `hallboard render` with these options (NULL: left out). */
typedef struct {
    const char *name;      /* for messages: the golden's name */
    const char *at, *size; /* --at, --size */
    const char *feed;      /* --feed (a path), or NULL: the built-in agenda */
    const char *hall, *lang, *view, *page, *overrides;
} golden_frame;

/* Renders f into the PNG file out; fails the test (after printing hallboard's stderr)
 * when hallboard does not exit 0. */
void golden_render_to(const golden_frame *f, const char *out);

/* Renders f and returns the frame drawn (caller frees); the PNG file is removed. */
SDL_Surface *golden_render(const golden_frame *f);

/* Renders f and checks it against tests/golden/NAME.png (golden_check, the frames of a
 * failed comparison kept in the run's folder). Returns the frame drawn (caller frees). */
SDL_Surface *golden_render_check(const golden_frame *f);

/* True when got matches want within the tolerance; name names them in messages. On a
 * mismatch, says why and writes NAME.got.png and NAME.diff.png into keep_dir. */
bool golden_match(const SDL_Surface *got, const SDL_Surface *want, const char *name,
                  const char *keep_dir);

/* The run's temporary folder, made by golden_setup (a /tmp/hallboard-test-* path owned
 * by this module; NULL before). */
const char *golden_dir(void);

/* A path in the run's temporary folder (a ring of static buffers: valid for 8 calls). */
const char *golden_tmp_path(const char *name);

/* cmocka group setup and teardown of a render test: make the run's temporary folder;
 * remove it when empty (else say where the frames of failed comparisons are), free it
 * and quit SDL_image and SDL. */
int golden_setup(void **state);
int golden_teardown(void **state);

/* Runs a render test's cases with golden_setup and golden_teardown, with SDL's dummy
 * video driver (nothing here needs a display); returns the failed count. */
int golden_run(const char *group, const struct CMUnitTest *tests, size_t n);
#define GOLDEN_RUN(tests) golden_run(#tests, tests, sizeof(tests) / sizeof((tests)[0]))

#endif
