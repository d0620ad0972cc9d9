/* test_render.c - whole frames as pixels: `hallboard render` run as operators run it
 * (the real binary in a child process, no display), its PNG read back with SDL2_image.
 *
 * - Goldens: the built-in agenda in each of its five phases, landscape 1920x1080 and
 *   portrait 1080x1920, against tests/golden/PHASE-ORIENTATION.png.
 * - Rotation: --rotate 90/180/270 equals the unrotated frame of the drawing size turned
 *   clockwise by that angle here, pixel by pixel.
 * - Every UI language draws; Arabic is the mirror image of English.
 * - Bad input: the stress feed, a font chain with a missing face, a font chain with no
 *   usable face, a feed that is not JSON.
 * - No tofu: every title of tests/inputs/multilingual.json, in its own language, has a
 *   glyph in the built-in font chain (and a Latin-only chain is reported as lacking).
 *
 * Tolerance (also in tests/golden/README.md): two pixels differ when any of their
 * channels differs by more than 48 (of 255); two frames match when they have the same
 * size and at most 0.5 % of their pixels differ. That absorbs small anti-aliasing
 * changes, not a moved, missing or re-wrapped line; a change of hinting, which moves
 * glyph edges by a pixel all over the frame, fails too (about 2-3 %): update then.
 *
 * HB_UPDATE_GOLDEN=1 rewrites the goldens from the current build instead of comparing.
 * A failed comparison keeps the frame drawn and a diff image (differing pixels red) in
 * a /tmp/hallboard-test-* folder named in the output.
 */
#include "golden.h"
#include "support.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL.h>
#include <SDL_image.h>
#include <cjson/cJSON.h>

/* Tolerances: golden.h. */

/* The embedded agenda (9-11 Dec 2020, Moscow and Beijing): one instant per phase. */
static const struct {
    const char *phase, *at;
} phases[] = {
    {"before", "2020-12-08T12:00:00+03:00"},
    {"during", "2020-12-09T12:20:00+03:00"},
    {"break", "2020-12-09T14:00:00+03:00"},
    {"overnight", "2020-12-09T23:00:00+03:00"},
    {"after", "2020-12-12T12:00:00+03:00"},
};
#define DURING "2020-12-09T12:20:00+03:00"

/* ---- Running the binary ----------------------------------------------------- */

/* Runs `hallboard ARGS... NULL` and returns the result. */
static support_run_result hallboard(const char *first, ...)
{
    char *argv[32];
    int n = 0;
    argv[n++] = (char *)support_hallboard();
    va_list ap;
    va_start(ap, first);
    for (const char *a = first; a; a = va_arg(ap, const char *)) {
        assert_true(n < 31);
        argv[n++] = (char *)a;
    }
    va_end(ap);
    argv[n] = NULL;
    return support_run(argv);
}

static bool exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* Prints a failed run's output, then checks its exit status. */
static void expect_status(const support_run_result *r, int want, const char *what)
{
    if (r->status != want)
        fprintf(stderr, "%s: exit %d (want %d)\n--- stderr\n%s--- stdout\n%s", what, r->status,
                want, r->err, r->out);
    assert_int_equal(r->status, want);
}

/* ---- Pixels ----------------------------------------------------------------- */

static void set_px(SDL_Surface *s, int x, int y, Uint32 v)
{
    ((Uint32 *)((Uint8 *)s->pixels + (size_t)y * (size_t)s->pitch))[x] = v;
}

static int chan(Uint32 p, int shift)
{
    return (int)((p >> shift) & 0xff);
}

/* A new surface: s turned clockwise by deg (0, 90, 180 or 270). */
static SDL_Surface *turn_clockwise(const SDL_Surface *s, int deg)
{
    bool side = deg == 90 || deg == 270;
    int W = s->w, H = s->h;
    SDL_Surface *d = SDL_CreateRGBSurfaceWithFormat(0, side ? H : W, side ? W : H, 32,
                                                    SDL_PIXELFORMAT_ARGB8888);
    assert_non_null(d);
    for (int y = 0; y < d->h; y++)
        for (int x = 0; x < d->w; x++) {
            int sx = x, sy = y;
            if (deg == 90) { /* the source's left column becomes the top row */
                sx = y;
                sy = H - 1 - x;
            } else if (deg == 180) {
                sx = W - 1 - x;
                sy = H - 1 - y;
            } else if (deg == 270) {
                sx = W - 1 - y;
                sy = x;
            }
            set_px(d, x, y, golden_px(s, sx, sy));
        }
    return d;
}

/* Pixels that differ (as above) from the frame's top-left pixel, the background. */
static size_t count_foreground(const SDL_Surface *s)
{
    Uint32 bg = golden_px(s, 0, 0);
    size_t n = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            n += golden_px_differ(golden_px(s, x, y), bg);
    return n;
}

/* Fails unless a reasonable share of the frame (2 %..60 %) is not background: text and
 * bars were drawn (the frames of this file have 5 %..11 %; a footer alone is under
 * 0.5 %), and the frame is not one flat colour either. */
static void expect_drawn(const SDL_Surface *s, const char *name)
{
    size_t fg = count_foreground(s), total = (size_t)s->w * (size_t)s->h;
    double frac = (double)fg / (double)total;
    if (frac < 0.02 || frac > 0.60)
        fprintf(stderr, "%s: %.2f %% of the pixels are not background\n", name, 100 * frac);
    assert_true(frac >= 0.02);
    assert_true(frac <= 0.60);
}

/* Pixels in the band y0..y1 drawn in the warning colour (salmon red: red well above
 * green and blue, unlike the white, grey-blue and yellow of the rest of the board). */
static size_t count_warning_red(const SDL_Surface *s, int y0, int y1)
{
    size_t n = 0;
    for (int y = y0; y < y1; y++)
        for (int x = 0; x < s->w; x++) {
            Uint32 p = golden_px(s, x, y);
            int r = chan(p, 16), g = chan(p, 8), b = chan(p, 0);
            n += r > 150 && r > g + 60 && r > b + 60;
        }
    return n;
}

/* Renders into the temporary folder and loads the PNG. Extra args end with NULL. */
static SDL_Surface *render(const char *name, const char *at, const char *size, ...)
{
    char *argv[32];
    int n = 0;
    const char *out = golden_tmp_path(name);
    argv[n++] = (char *)support_hallboard();
    argv[n++] = "render";
    argv[n++] = "--at";
    argv[n++] = (char *)at;
    argv[n++] = "--size";
    argv[n++] = (char *)size;
    va_list ap;
    va_start(ap, size);
    for (const char *a = va_arg(ap, const char *); a; a = va_arg(ap, const char *)) {
        assert_true(n < 29);
        argv[n++] = (char *)a;
    }
    va_end(ap);
    argv[n++] = "-o";
    argv[n++] = (char *)out;
    argv[n] = NULL;
    support_run_result r = support_run(argv);
    expect_status(&r, 0, name);
    support_run_free(&r);
    SDL_Surface *s = golden_load(out);
    remove(out);
    return s;
}

/* ---- Goldens ---------------------------------------------------------------- */

/* Renders phase i ("landscape" 1920x1080 or "portrait" 1080x1920) and compares it with
 * its golden (true when they match), or rewrites the golden when updating. */
static bool golden(size_t i, bool portrait)
{
    char name[64], golden_path[512];
    snprintf(name, sizeof(name), "%s-%s", phases[i].phase, portrait ? "portrait" : "landscape");
    snprintf(golden_path, sizeof(golden_path), "%s/tests/golden/%s.png", HB_SOURCE_DIR, name);
    const char *size = portrait ? "1080x1920" : "1920x1080";

    /* The instant is in the phase it stands for. */
    support_run_result st = hallboard("state", "--at", phases[i].at, NULL);
    expect_status(&st, 0, "state");
    cJSON *j = cJSON_Parse(st.out);
    assert_non_null(j);
    const cJSON *ph = cJSON_GetObjectItemCaseSensitive(j, "phase");
    assert_true(cJSON_IsString(ph));
    assert_string_equal(ph->valuestring, phases[i].phase);
    cJSON_Delete(j);
    support_run_free(&st);

    if (golden_updating()) {
        mkdir(HB_SOURCE_DIR "/tests/golden", 0755);
        support_run_result r =
            hallboard("render", "--at", phases[i].at, "--size", size, "-o", golden_path, NULL);
        expect_status(&r, 0, name);
        support_run_free(&r);
        struct stat sb;
        assert_int_equal(stat(golden_path, &sb), 0);
        print_message("HB_UPDATE_GOLDEN=1: rewrote %s (%lld bytes); not compared\n", golden_path,
                      (long long)sb.st_size);
        return true;
    }
    if (!exists(golden_path)) {
        fprintf(stderr, "%s: no golden; make it with HB_UPDATE_GOLDEN=1 ctest -R '^render$'\n",
                golden_path);
        return false;
    }
    char file[80];
    snprintf(file, sizeof(file), "%s.png", name);
    SDL_Surface *got = render(file, phases[i].at, size, NULL);
    SDL_Surface *want = golden_load(golden_path);
    bool ok = golden_match(got, want, name, golden_dir());
    SDL_FreeSurface(got);
    SDL_FreeSurface(want);
    return ok;
}

/* Both orientations of phase i (both compared before failing). */
static void golden_phase(size_t i)
{
    bool landscape = golden(i, false);
    bool portrait = golden(i, true);
    assert_true(landscape);
    assert_true(portrait);
}

static void render_golden_before(void **st)
{
    (void)st;
    golden_phase(0);
}

static void render_golden_during(void **st)
{
    (void)st;
    golden_phase(1);
}

static void render_golden_break(void **st)
{
    (void)st;
    golden_phase(2);
}

static void render_golden_overnight(void **st)
{
    (void)st;
    golden_phase(3);
}

static void render_golden_after(void **st)
{
    (void)st;
    golden_phase(4);
}

/* ---- Rotation --------------------------------------------------------------- */

/* A 1920x1080 display turned by deg shows the frame of the drawing size (1080x1920
 * for 90 and 270) turned clockwise by deg. */
static void rotation(int deg)
{
    char rot[8], name[64];
    snprintf(rot, sizeof(rot), "%d", deg);
    snprintf(name, sizeof(name), "rotate-%d", deg);
    const char *drawing = deg == 180 ? "1920x1080" : "1080x1920";
    SDL_Surface *upright = render("upright.png", DURING, drawing, NULL);
    SDL_Surface *turned = render("turned.png", DURING, "1920x1080", "--rotate", rot, NULL);
    assert_int_equal(turned->w, 1920);
    assert_int_equal(turned->h, 1080);
    SDL_Surface *want = turn_clockwise(upright, deg);
    assert_true(golden_match(turned, want, name, golden_dir()));
    /* Not vacuous: the same frame turned the other way round does not match. */
    SDL_Surface *wrong = turn_clockwise(upright, (deg + 180) % 360);
    size_t n = golden_count_diff(turned, wrong, NULL);
    assert_true((double)n > GOLDEN_MAX_DIFF_FRACTION * 1920 * 1080);
    SDL_FreeSurface(wrong);
    SDL_FreeSurface(want);
    SDL_FreeSurface(upright);
    SDL_FreeSurface(turned);
}

static void render_rotate_90_is_the_portrait_frame_turned_clockwise(void **st)
{
    (void)st;
    rotation(90);
}

static void render_rotate_180_is_the_landscape_frame_upside_down(void **st)
{
    (void)st;
    rotation(180);
}

static void render_rotate_270_is_the_portrait_frame_turned_counterclockwise(void **st)
{
    (void)st;
    rotation(270);
}

/* ---- Languages -------------------------------------------------------------- */

/* Marks the columns of s that hold a vertical run of at least `run` pixels of one
 * colour other than the background: the session bands and the sides of panels, never
 * glyphs (the tallest line of text is shorter). */
static void structure_columns(const SDL_Surface *s, int run, bool *col)
{
    Uint32 bg = golden_px(s, 0, 0);
    for (int x = 0; x < s->w; x++) {
        col[x] = false;
        int len = 0;
        for (int y = 0; y < s->h && !col[x]; y++) {
            Uint32 p = golden_px(s, x, y);
            len = golden_px_differ(p, bg) && y > 0 && p == golden_px(s, x, y - 1) ? len + 1 : 1;
            col[x] = len >= run;
        }
    }
}

/* Columns marked in a whose mirror image (x -> w-1-x, give or take `slack` pixels) is
 * not marked in b. */
static int unmatched_mirrored(const bool *a, const bool *b, int w, int slack)
{
    int n = 0;
    for (int x = 0; x < w; x++) {
        if (!a[x])
            continue;
        bool found = false;
        for (int d = -slack; d <= slack && !found; d++) {
            int m = w - 1 - x + d;
            found = m >= 0 && m < w && b[m];
        }
        n += !found;
    }
    return n;
}

static void render_every_ui_language_draws_and_arabic_is_mirrored(void **st)
{
    (void)st;
    static const char *const langs[] = {"en", "zh", "ru", "fr", "es", "ar"};
    SDL_Surface *frames[6];
    for (size_t i = 0; i < 6; i++) {
        char name[32];
        snprintf(name, sizeof(name), "lang-%s.png", langs[i]);
        frames[i] = render(name, DURING, "1920x1080", "--lang", langs[i], NULL);
        expect_drawn(frames[i], name);
        /* The language is applied: labels ("Now", "min left"...) are translated. */
        if (i > 0) {
            size_t n = golden_count_diff(frames[i], frames[0], NULL);
            print_message("%s: %zu pixels differ from en\n", name, n);
            assert_true(n >= 500);
        }
    }
    /* Arabic differs from English by more than the golden tolerance... */
    SDL_Surface *en = frames[0], *ar = frames[5];
    size_t n = golden_count_diff(ar, en, NULL);
    assert_true((double)n > GOLDEN_MAX_DIFF_FRACTION * en->w * en->h);
    /* ...and is laid out as its mirror image: the columns holding tall bands and panel
     * sides in ar are those of en read right to left (within 2 pixels), while en is no
     * mirror image of itself (else this would prove nothing). */
    int w = en->w;
    bool *ce = calloc((size_t)w, sizeof(bool)), *ca = calloc((size_t)w, sizeof(bool));
    assert_non_null(ce);
    assert_non_null(ca);
    structure_columns(en, en->h / 5, ce);
    structure_columns(ar, ar->h / 5, ca);
    int n_en = 0, n_ar = 0;
    for (int x = 0; x < w; x++) {
        n_en += ce[x];
        n_ar += ca[x];
    }
    int miss_en = unmatched_mirrored(ce, ca, w, 2), miss_ar = unmatched_mirrored(ca, ce, w, 2);
    int self = unmatched_mirrored(ce, ce, w, 2);
    print_message("structure columns: en %d, ar %d; not mirrored: %d of en, %d of ar; en "
                  "against itself: %d\n",
                  n_en, n_ar, miss_en, miss_ar, self);
    assert_true(n_en >= 10);
    assert_true(n_ar >= 10);
    assert_true(miss_en * 20 <= n_en); /* at most 5 % of the columns */
    assert_true(miss_ar * 20 <= n_ar);
    assert_true(self * 4 >= n_en);
    free(ce);
    free(ca);
    for (size_t i = 0; i < 6; i++)
        SDL_FreeSurface(frames[i]);
}

/* ---- Bad input -------------------------------------------------------------- */

static void render_stress_feed_draws(void **st)
{
    (void)st;
    /* 5 Nov 2024, 10:30 Kathmandu: the 300 parallel sessions are on. */
    const char *feed = HB_SOURCE_DIR "/tests/inputs/stress.json";
    const char *at = "2024-11-05T10:30:00+05:45";
    SDL_Surface *l = render("stress-l.png", at, "1920x1080", "--feed", feed, NULL);
    assert_int_equal(l->w, 1920);
    expect_drawn(l, "stress landscape");
    SDL_Surface *p = render("stress-p.png", at, "1080x1920", "--feed", feed, NULL);
    assert_int_equal(p->h, 1920);
    expect_drawn(p, "stress portrait");
    SDL_Surface *a = render("stress-a.png", at, "1920x1080", "--feed", feed, "--lang", "ar",
                            "--hall", "main", "--rotate", "270", NULL);
    expect_drawn(a, "stress ar hall main rotated");
    SDL_FreeSurface(l);
    SDL_FreeSurface(p);
    SDL_FreeSurface(a);
}

static void render_missing_font_is_skipped_and_the_footer_warns(void **st)
{
    (void)st;
    const char *conf = golden_tmp_path("missing-then-valid.conf");
    const char *text = "# a face that is not there, then one that is\n"
                       "regular /nonexistent/hallboard-test/NoSuchFont-Regular.ttf\n"
                       "regular /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf\n";
    assert_int_equal(support_write_file(conf, text, strlen(text)), 0);
    const char *out = golden_tmp_path("missing-font.png");
    support_run_result r = hallboard("render", "--at", DURING, "--size", "1920x1080", "--fonts",
                                      conf, "-o", out, NULL);
    expect_status(&r, 0, "render with a missing font");
    assert_non_null(strstr(r.err, "/nonexistent/hallboard-test/NoSuchFont-Regular.ttf"));
    support_run_free(&r);
    SDL_Surface *s = golden_load(out);
    remove(out);
    remove(conf);
    expect_drawn(s, "missing font");
    /* The footer (bottom fifth) is in the warning colour; with the built-in chain it
     * is not. */
    size_t warn = count_warning_red(s, s->h * 4 / 5, s->h);
    SDL_Surface *ok = render("fonts-ok.png", DURING, "1920x1080", NULL);
    size_t warn_ok = count_warning_red(ok, ok->h * 4 / 5, ok->h);
    print_message("warning-coloured footer pixels: %zu (built-in chain: %zu)\n", warn, warn_ok);
    assert_true(warn >= 2000);
    assert_int_equal(warn_ok, 0);
    SDL_FreeSurface(ok);
    SDL_FreeSurface(s);
}

/* A chain file with no usable face: the frame is drawn with the built-in chain, and
 * stderr says why (the footer too, like any font problem). */
static void render_with_no_usable_font_uses_the_built_in_chain(void **st)
{
    (void)st;
    const char *conf = golden_tmp_path("no-font.conf");
    const char *text = "regular /nonexistent/hallboard-test/NoSuchFont-Regular.ttf\n"
                       "bold /nonexistent/hallboard-test/NoSuchFont-Bold.ttf\n"
                       "this line does not parse\n";
    assert_int_equal(support_write_file(conf, text, strlen(text)), 0);
    const char *out = golden_tmp_path("no-font.png");
    support_run_result r = hallboard("render", "--at", DURING, "--size", "1920x1080", "--fonts",
                                     conf, "-o", out, NULL);
    expect_status(&r, 0, "render with no usable font");
    assert_non_null(strstr(r.err, "no usable regular font in"));
    assert_non_null(strstr(r.err, conf));
    assert_non_null(strstr(r.err, "using the built-in chain"));
    assert_true(exists(out));
    support_run_free(&r);
    remove(out);
    remove(conf);
}

static void render_with_a_broken_feed_exits_1_and_writes_nothing(void **st)
{
    (void)st;
    const char *feed = golden_tmp_path("broken.json");
    const char *text = "{\"hallboard\": 1, \"event\": {\"title\": \"cut off";
    assert_int_equal(support_write_file(feed, text, strlen(text)), 0);
    const char *out = golden_tmp_path("broken.png");
    support_run_result r = hallboard("render", "--at", DURING, "--size", "1920x1080", "--feed",
                                     feed, "-o", out, NULL);
    expect_status(&r, 1, "render with a broken feed");
    assert_non_null(strstr(r.err, "not usable"));
    assert_false(exists(out));
    support_run_free(&r);
    r = hallboard("render", "--at", DURING, "--size", "1920x1080", "--feed",
                  "/nonexistent/feed.json", "-o", out, NULL);
    expect_status(&r, 1, "render with a missing feed");
    assert_false(exists(out));
    support_run_free(&r);
    remove(feed);
}

/* ---- Missing glyphs --------------------------------------------------------- */

/* Every session of the multilingual feed, at 10 minutes after its start, on its hall's
 * board, in the language of its title (each script of the feed in turn). */
static void render_multilingual_feed_has_a_glyph_for_every_character(void **st)
{
    (void)st;
    const char *feed = HB_SOURCE_DIR "/tests/inputs/multilingual.json";
    char *json = support_read_file(feed, NULL);
    assert_non_null(json);
    cJSON *root = cJSON_Parse(json);
    free(json);
    assert_non_null(root);
    const cJSON *sessions = cJSON_GetObjectItemCaseSensitive(root, "sessions");
    assert_true(cJSON_GetArraySize(sessions) >= 15);
    int rendered = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, sessions)
    {
        const char *start = cJSON_GetObjectItemCaseSensitive(s, "start")->valuestring;
        const char *hall = cJSON_GetObjectItemCaseSensitive(s, "hall")->valuestring;
        const cJSON *title = cJSON_GetObjectItemCaseSensitive(s, "title");
        const char *lang = "en", *want = title->valuestring;
        if (cJSON_IsObject(title)) { /* the first translation that is not English */
            const cJSON *t;
            cJSON_ArrayForEach(t, title)
            {
                if (strcmp(t->string, "en") != 0) {
                    lang = t->string;
                    want = t->valuestring;
                    break;
                }
            }
        }
        /* start is "YYYY-MM-DDTHH:MM:SS+hh:mm": 10 minutes later. */
        char at[40];
        snprintf(at, sizeof(at), "%s", start);
        assert_int_equal(strlen(at), 25);
        int mm = atoi(at + 14) + 10;
        assert_true(mm < 60);
        at[14] = (char)('0' + mm / 10);
        at[15] = (char)('0' + mm % 10);

        /* The board shows that title now (not another session or translation). */
        support_run_result r =
            hallboard("state", "--feed", feed, "--at", at, "--hall", hall, "--lang", lang, NULL);
        expect_status(&r, 0, "state");
        cJSON *j = cJSON_Parse(r.out);
        assert_non_null(j);
        const cJSON *now = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "now"), 0);
        assert_non_null(now);
        assert_string_equal(cJSON_GetObjectItem(now, "title")->valuestring, want);
        cJSON_Delete(j);
        support_run_free(&r);

        for (int portrait = 0; portrait < 2; portrait++) {
            const char *out = golden_tmp_path("multilingual.png");
            r = hallboard("render", "--feed", feed, "--at", at, "--hall", hall, "--lang", lang,
                          "--size", portrait ? "1080x1920" : "1920x1080", "-o", out, NULL);
            expect_status(&r, 0, "render multilingual");
            if (strstr(r.err, "have no glyph") || strstr(r.err, "could not be drawn"))
                fprintf(stderr, "session %s (%s, --lang %s): %s",
                        cJSON_GetObjectItem(s, "id")->valuestring, at, lang, r.err);
            assert_null(strstr(r.err, "have no glyph"));
            assert_null(strstr(r.err, "could not be drawn"));
            support_run_free(&r);
            SDL_Surface *f = golden_load(out);
            expect_drawn(f, "multilingual");
            SDL_FreeSurface(f);
            remove(out);
            rendered++;
        }
    }
    int n_sessions = cJSON_GetArraySize(sessions);
    cJSON_Delete(root);
    assert_int_equal(rendered, 2 * n_sessions);

    /* Control: with a Latin-only chain the Chinese title has no glyph, and the render
     * says so in the words checked above (else their absence would prove nothing). */
    const char *conf = golden_tmp_path("latin-only.conf");
    const char *text = "regular /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf\n";
    assert_int_equal(support_write_file(conf, text, strlen(text)), 0);
    const char *out = golden_tmp_path("tofu.png");
    support_run_result r =
        hallboard("render", "--feed", feed, "--at", "2024-05-14T09:10:00+08:00", "--hall", "east",
                  "--lang", "zh", "--size", "1920x1080", "--fonts", conf, "-o", out, NULL);
    expect_status(&r, 0, "render with a Latin-only chain");
    if (!strstr(r.err, "have no glyph"))
        fprintf(stderr, "no missing-glyph warning with a Latin-only chain: %s", r.err);
    assert_non_null(strstr(r.err, "have no glyph"));
    support_run_free(&r);
    remove(out);
    remove(conf);
}

/* ---- Runner ----------------------------------------------------------------- */

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(render_golden_before),
        cmocka_unit_test(render_golden_during),
        cmocka_unit_test(render_golden_break),
        cmocka_unit_test(render_golden_overnight),
        cmocka_unit_test(render_golden_after),
        cmocka_unit_test(render_rotate_90_is_the_portrait_frame_turned_clockwise),
        cmocka_unit_test(render_rotate_180_is_the_landscape_frame_upside_down),
        cmocka_unit_test(render_rotate_270_is_the_portrait_frame_turned_counterclockwise),
        cmocka_unit_test(render_every_ui_language_draws_and_arabic_is_mirrored),
        cmocka_unit_test(render_stress_feed_draws),
        cmocka_unit_test(render_missing_font_is_skipped_and_the_footer_warns),
        cmocka_unit_test(render_with_no_usable_font_uses_the_built_in_chain),
        cmocka_unit_test(render_with_a_broken_feed_exits_1_and_writes_nothing),
        cmocka_unit_test(render_multilingual_feed_has_a_glyph_for_every_character),
    };
    return GOLDEN_RUN(tests);
}
