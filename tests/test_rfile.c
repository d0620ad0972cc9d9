/* test_rfile.c - the one capped reader (rfile) on real files, FIFOs and devices, and
 * the real binary given a FIFO or /dev/zero where a file was expected: as fonts chain,
 * feed or settings file it is refused at once with the reason, and the board goes on
 * with the built-in font chain. Every run of the binary is bounded here (killed after
 * RUN_BOUND_S): a hang fails the test, never the suite.
 */
#define _GNU_SOURCE /* pipe2 */
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "rfile.h"
#include "tz.h"
#include "tzdb.h"

/* Longest any run of the binary may take; the board itself runs BOARD_RUN_S. */
#define RUN_BOUND_S 20.0
#define BOARD_RUN_S "1.5"

/* ---- helpers ---------------------------------------------------------------- */

typedef struct {
    char *dir;
    char fifo[512];   /* a FIFO nobody writes to */
    char empty[512];  /* an empty settings file */
    char chain[512];  /* a font chain file, once written */
} scratch;

static void scratch_make(scratch *s)
{
    s->dir = support_tempdir();
    snprintf(s->fifo, sizeof(s->fifo), "%s/fifo", s->dir);
    snprintf(s->empty, sizeof(s->empty), "%s/empty.conf", s->dir);
    assert_int_equal(mkfifo(s->fifo, 0600), 0);
    assert_int_equal(support_write_file(s->empty, "", 0), 0);
}

static void scratch_free(scratch *s)
{
    support_remove_tree(s->dir);
    free(s->dir);
}

/* Appends what fd has to *buf (grown as needed). False at the end of the stream. */
static bool take(int fd, char **buf, size_t *len)
{
    char tmp[4096];
    ssize_t r = read(fd, tmp, sizeof(tmp));
    if (r < 0 && errno == EINTR)
        return true;
    if (r <= 0)
        return false;
    char *b = realloc(*buf, *len + (size_t)r + 1);
    assert_non_null(b);
    memcpy(b + *len, tmp, (size_t)r);
    *len += (size_t)r;
    b[*len] = '\0';
    *buf = b;
    return true;
}

/* Runs the binary with args (NULL-ended, without the program name) under SDL's dummy
 * video driver and software renderer, stdout and stderr together in r.err; kills it
 * (SIGKILL) when it runs longer than RUN_BOUND_S, then r.status is -1. */
static support_run_result run_bounded(const char *const args[])
{
    const char *argv[24] = {support_hallboard()};
    int n = 1;
    for (; args[n - 1] && n < 23; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    support_run_result r = {-1, calloc(1, 1), calloc(1, 1)};
    int p[2];
    assert_int_equal(pipe2(p, O_CLOEXEC), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
        dup2(devnull, 0);
        dup2(p[1], 1);
        dup2(p[1], 2);
        setenv("SDL_VIDEODRIVER", "dummy", 1);
        setenv("SDL_RENDER_DRIVER", "software", 1);
        setenv("HALLBOARD_RUN_SECONDS", BOARD_RUN_S, 1);
        execv(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(p[1]);
    size_t len = 0;
    double end = support_now() + RUN_BOUND_S;
    bool open_pipe = true, killed = false;
    while (open_pipe) {
        double left = end - support_now();
        if (left <= 0) {
            kill(pid, SIGKILL);
            killed = true;
            break;
        }
        struct pollfd pf = {p[0], POLLIN, 0};
        if (poll(&pf, 1, (int)(left * 1000) + 1) > 0)
            open_pipe = take(p[0], &r.err, &len);
    }
    close(p[0]);
    int st;
    waitpid(pid, &st, 0);
    if (killed)
        fprintf(stderr, "hallboard still running after %.0f s, killed; it said:\n%s\n",
                RUN_BOUND_S, r.err);
    else
        r.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return r;
}

/* The run ended by itself with status, and said needle (printed when not). */
static void expect_run(const support_run_result *r, int status, const char *needle)
{
    if (r->status != status || !strstr(r->err, needle))
        fprintf(stderr, "expected status %d and \"%s\"; got %d:\n%s\n", status, needle,
                r->status, r->err);
    assert_int_equal(r->status, status);
    assert_non_null(strstr(r->err, needle));
}

/* ---- rfile ------------------------------------------------------------------- */

static void rfile_reads_a_regular_file_whole_and_nul_terminated(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    char path[600], err[256] = "";
    snprintf(path, sizeof(path), "%s/f", s.dir);
    static const char bytes[] = "line 1\n\0 after a NUL\n\xff";
    assert_int_equal(support_write_file(path, bytes, sizeof(bytes) - 1), 0);
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(rfile_read(path, sizeof(bytes) - 1, &out, &len, err, sizeof(err)), 0);
    assert_int_equal(len, sizeof(bytes) - 1);
    assert_memory_equal(out, bytes, len);
    assert_int_equal(out[len], '\0');
    free(out);
    /* Empty is a file too. */
    assert_int_equal(rfile_read(s.empty, 10, &out, &len, err, sizeof(err)), 0);
    assert_int_equal(len, 0);
    assert_string_equal(out, "");
    free(out);
    /* The descriptor and size, for a file that is mapped rather than read. */
    int fd = -1;
    size_t size = 0;
    assert_int_equal(rfile_open_regular(path, 100, &fd, &size, err, sizeof(err)), 0);
    assert_true(fd >= 0);
    assert_int_equal(size, sizeof(bytes) - 1);
    assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
    close(fd);
    scratch_free(&s);
}

static void rfile_refuses_what_is_not_a_regular_file_at_once(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    struct {
        const char *path, *kind;
    } cases[] = {{s.fifo, "(a FIFO)"}, {"/dev/zero", "(a character device)"},
                 {s.dir, "(a directory)"}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char err[512] = "", *out = (char *)"sentinel";
        size_t len = 99;
        double t0 = support_now();
        int rc = rfile_read(cases[i].path, 1u << 20, &out, &len, err, sizeof(err));
        assert_true(support_now() - t0 < 1.0);
        assert_int_equal(rc, -EINVAL);
        assert_null(out);
        assert_int_equal(len, 0);
        assert_non_null(strstr(err, cases[i].path));
        assert_non_null(strstr(err, "is not a regular file"));
        assert_non_null(strstr(err, cases[i].kind));
        int fd = 7;
        size_t size = 7;
        assert_int_equal(rfile_open_regular(cases[i].path, 100, &fd, &size, NULL, 0), -EINVAL);
        assert_int_equal(fd, -1);
    }
    /* Missing: the open's own error, in words. */
    char err[512], *out;
    size_t len;
    char missing[600];
    snprintf(missing, sizeof(missing), "%s/nope", s.dir);
    assert_int_equal(rfile_read(missing, 100, &out, &len, err, sizeof(err)), -ENOENT);
    assert_non_null(strstr(err, "cannot open"));
    assert_non_null(strstr(err, "No such file or directory"));
    scratch_free(&s);
}

static void rfile_refuses_a_file_over_its_cap_or_growing_past_it(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    char path[600], err[512];
    snprintf(path, sizeof(path), "%s/f", s.dir);
    char bytes[101];
    memset(bytes, 'x', sizeof(bytes));
    assert_int_equal(support_write_file(path, bytes, 101), 0);
    char *out;
    size_t len;
    assert_int_equal(rfile_read(path, 100, &out, &len, err, sizeof(err)), -EFBIG);
    assert_null(out);
    assert_non_null(strstr(err, "101 bytes, larger than 100 bytes"));
    /* Exactly the cap is fine. */
    assert_int_equal(rfile_read(path, 101, &out, &len, err, sizeof(err)), 0);
    assert_int_equal(len, 101);
    free(out);
    /* A regular file whose size says 0 but which holds more (procfs): read to its end
     * when within the cap, refused by the spare byte when it goes past. */
    assert_int_equal(rfile_read("/proc/self/status", 1u << 20, &out, &len, err, sizeof(err)), 0);
    assert_true(len > 100);
    assert_non_null(strstr(out, "Name:"));
    free(out);
    assert_int_equal(rfile_read("/proc/self/status", 10, &out, &len, err, sizeof(err)), -EFBIG);
    assert_null(out);
    assert_non_null(strstr(err, "grew larger than 10 bytes"));
    scratch_free(&s);
}

/* Zone files go through rfile: a FIFO in the zone directory is a zone not found, at
 * once; a real zone file next to it loads. */
static void zone_files_that_are_fifos_are_not_zones(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    char zone[600], sub[600];
    snprintf(sub, sizeof(sub), "%s/Hall", s.dir);
    assert_int_equal(mkdir(sub, 0755), 0);
    snprintf(zone, sizeof(zone), "%s/Hall/Fifo", s.dir);
    assert_int_equal(mkfifo(zone, 0600), 0);
    size_t len;
    char *utc = support_read_file("/usr/share/zoneinfo/Europe/Moscow", &len);
    assert_non_null(utc);
    snprintf(zone, sizeof(zone), "%s/Hall/Moscow", s.dir);
    assert_int_equal(support_write_file(zone, utc, len), 0);
    free(utc);
    setenv("HALLBOARD_ZONEINFO", s.dir, 1);
    tzdb_init();
    double t0 = support_now();
    assert_null(tzdb_load(NULL, "Hall/Fifo"));
    assert_true(support_now() - t0 < 1.0);
    tz_zone *z = tzdb_load(NULL, "Hall/Moscow");
    assert_non_null(z);
    tz_free(z);
    unsetenv("HALLBOARD_ZONEINFO"); /* the binary run by the next tests reads the system's */
    scratch_free(&s);
}

/* ---- the binary: fonts -------------------------------------------------------- */

/* Runs the board with fonts as its chain file: it must draw its first frame. */
static support_run_result board_with_fonts(const scratch *s, const char *fonts)
{
    const char *args[] = {"--windowed", "640x360", "--config", s->empty,
                          "--fonts", fonts, NULL};
    support_run_result r = run_bounded(args);
    expect_run(&r, 0, "first frame presented");
    return r;
}

/* Writes text into the chain file s->chain; returns its path. */
static const char *write_chain(scratch *s, const char *text)
{
    snprintf(s->chain, sizeof(s->chain), "%s/chain.conf", s->dir);
    assert_int_equal(support_write_file(s->chain, text, strlen(text)), 0);
    return s->chain;
}

static void board_with_dev_zero_as_fonts_file_draws_with_the_built_in_chain(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    support_run_result r = board_with_fonts(&s, "/dev/zero");
    assert_int_equal(support_count(r.err, "/dev/zero is not a regular file"), 1);
    assert_int_equal(support_count(r.err, "using the built-in chain"), 1);
    support_run_free(&r);
    scratch_free(&s);
}

static void board_with_a_fifo_as_fonts_file_draws_with_the_built_in_chain(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    support_run_result r = board_with_fonts(&s, s.fifo);
    assert_int_equal(support_count(r.err, "is not a regular file (a FIFO)"), 1);
    assert_int_equal(support_count(r.err, "using the built-in chain"), 1);
    support_run_free(&r);
    scratch_free(&s);
}

/* Every face of the chain file missing or not a font: the board draws with the
 * built-in chain instead of ending, and says why once. */
static void board_with_a_chain_of_no_usable_face_draws_with_the_built_in_chain(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    char text[2048], want[700];
    snprintf(text, sizeof(text),
             "regular /nonexistent/Regular.ttf\n"
             "regular %s   # not a font\n"
             "bold /nonexistent/Bold.ttf\n",
             s.empty);
    support_run_result r = board_with_fonts(&s, write_chain(&s, text));
    snprintf(want, sizeof(want), "no usable regular font in %s, using the built-in chain",
             s.chain);
    assert_int_equal(support_count(r.err, want), 1);
    support_run_free(&r);
    scratch_free(&s);
}

/* A FIFO listed as a font face is skipped at once, with the reason; the faces after it
 * serve. */
static void board_skips_a_fifo_listed_as_a_font_face(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    char text[2048];
    snprintf(text, sizeof(text),
             "regular %s\n"
             "regular /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf\n",
             s.fifo);
    support_run_result r = board_with_fonts(&s, write_chain(&s, text));
    assert_int_equal(support_count(r.err, "is not a regular file (a FIFO) (skipped)"), 1);
    assert_null(strstr(r.err, "built-in chain"));
    support_run_free(&r);
    scratch_free(&s);
}

/* ---- the binary: feed and settings files --------------------------------------- */

static void check_and_state_refuse_a_fifo_or_dev_zero_as_feed(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    const char *feeds[] = {s.fifo, "/dev/zero"};
    for (size_t i = 0; i < 2; i++) {
        const char *check[] = {"check", feeds[i], NULL};
        support_run_result r = run_bounded(check);
        expect_run(&r, 1, "is not a regular file");
        support_run_free(&r);
        const char *state[] = {"state", "--config", s.empty, "--feed", feeds[i], NULL};
        r = run_bounded(state);
        expect_run(&r, 1, "is not a regular file");
        support_run_free(&r);
    }
    scratch_free(&s);
}

/* The board given a FIFO as feed says why at once and does not hang on it. */
static void board_with_a_fifo_as_feed_does_not_hang(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    const char *args[] = {"--windowed", "640x360", "--config", s.empty,
                          "--feed", s.fifo, NULL};
    support_run_result r = run_bounded(args);
    assert_true(r.status >= 0);
    assert_non_null(strstr(r.err, "is not a regular file (a FIFO)"));
    support_run_free(&r);
    scratch_free(&s);
}

/* The run ended by itself (whatever its status: an unreadable settings file may end the
 * board or leave it on its defaults) and said needle. */
static void expect_said(const support_run_result *r, const char *needle)
{
    if (r->status < 0 || !strstr(r->err, needle))
        fprintf(stderr, "expected the run to end and say \"%s\"; got %d:\n%s\n", needle,
                r->status, r->err);
    assert_true(r->status >= 0);
    assert_non_null(strstr(r->err, needle));
}

/* The board named a settings file that is a FIFO says why, at once. */
static void a_settings_file_that_is_a_fifo_is_refused(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    const char *args[] = {"--config", s.fifo, "--windowed", "640x360", NULL};
    support_run_result r = run_bounded(args);
    expect_said(&r, "is not a regular file (a FIFO)");
    support_run_free(&r);
    scratch_free(&s);
}

/* The settings file is read up to RFILE_SETTINGS_MAX bytes, and refused past it. */
static void a_settings_file_over_its_limit_is_refused_with_the_limit(void **st)
{
    (void)st;
    scratch s;
    scratch_make(&s);
    char conf[600];
    snprintf(conf, sizeof(conf), "%s/big.conf", s.dir);
    size_t n = RFILE_SETTINGS_MAX;
    char *text = malloc(n + 1);
    assert_non_null(text);
    for (size_t i = 0; i < n; i += 64) {
        size_t k = n - i < 64 ? n - i : 64;
        memset(text + i, '#', k);
        text[i + k - 1] = '\n';
    }
    assert_int_equal(support_write_file(conf, text, n), 0);
    const char *args[] = {"--config", conf, "--windowed", "640x360", NULL};
    support_run_result r = run_bounded(args);
    expect_run(&r, 0, "first frame presented");
    assert_null(strstr(r.err, "larger than"));
    support_run_free(&r);
    text[n] = '\n';
    assert_int_equal(support_write_file(conf, text, n + 1), 0);
    r = run_bounded(args);
    char want[64];
    snprintf(want, sizeof(want), "larger than %u bytes", RFILE_SETTINGS_MAX);
    expect_said(&r, want);
    support_run_free(&r);
    free(text);
    scratch_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(rfile_reads_a_regular_file_whole_and_nul_terminated),
        cmocka_unit_test(rfile_refuses_what_is_not_a_regular_file_at_once),
        cmocka_unit_test(rfile_refuses_a_file_over_its_cap_or_growing_past_it),
        cmocka_unit_test(zone_files_that_are_fifos_are_not_zones),
        cmocka_unit_test(board_with_dev_zero_as_fonts_file_draws_with_the_built_in_chain),
        cmocka_unit_test(board_with_a_fifo_as_fonts_file_draws_with_the_built_in_chain),
        cmocka_unit_test(board_with_a_chain_of_no_usable_face_draws_with_the_built_in_chain),
        cmocka_unit_test(board_skips_a_fifo_listed_as_a_font_face),
        cmocka_unit_test(check_and_state_refuse_a_fifo_or_dev_zero_as_feed),
        cmocka_unit_test(board_with_a_fifo_as_feed_does_not_hang),
        cmocka_unit_test(a_settings_file_that_is_a_fifo_is_refused),
        cmocka_unit_test(a_settings_file_over_its_limit_is_refused_with_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
