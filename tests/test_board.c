/* test_board.c - the running board as systemd sees it, through the real binary on SDL's
 * dummy video driver: READY=1 after the first frame and WATCHDOG=1 from the render loop
 * (the NOTIFY_SOCKET protocol, received on a real socket); no display at boot: waiting
 * and retrying, said once, start timeout extended, never READY; board profiles and
 * settings problems (a wrong line, a file that cannot be read: the board runs on).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "support.h"

/* An empty settings file (so /etc/hallboard/hallboard.conf of the machine plays no
 * part). Static path; made once. */
static const char *empty_conf(void)
{
    static char path[512];
    if (!path[0]) {
        char *dir = support_tempdir();
        snprintf(path, sizeof(path), "%s/empty.conf", dir);
        free(dir);
        assert_int_equal(support_write_file(path, "", 0), 0);
    }
    return path;
}

static void board_tells_systemd_ready_after_the_first_frame_and_pings_the_watchdog(void **st)
{
    (void)st;
    support_notify l;
    support_notify_listen(&l);
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("WATCHDOG_USEC", "1000000", 1); /* a ping every 0.5 s */
    setenv("HALLBOARD_RUN_SECONDS", "3.2", 1);
    char *argv[] = {(char *)support_hallboard(), "--windowed", "640x360", "--config",
                    (char *)empty_conf(), NULL};
    support_run_result r = support_run(argv);
    unsetenv("WATCHDOG_USEC");
    unsetenv("HALLBOARD_RUN_SECONDS");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "first frame presented"));
    static char msgs[16384];
    int n = support_notify_drain(&l, msgs, sizeof(msgs));
    /* READY=1 first, exactly once; then the loop's own pings, about 2 a second, even
     * though nothing on the screen changes in 3 s. */
    assert_true(n >= 5);
    assert_int_equal(strncmp(msgs, "READY=1", 7), 0);
    assert_int_equal(support_count(msgs, "READY=1"), 1);
    int dogs = support_count(msgs, "WATCHDOG=1");
    assert_true(dogs >= 5 && dogs <= 9);
    support_run_free(&r);
    support_notify_close(&l);
}

static void board_waits_for_a_display_and_says_so_once(void **st)
{
    (void)st;
    support_notify l;
    support_notify_listen(&l);
    setenv("SDL_VIDEODRIVER", "x11", 1);
    char *display = getenv("DISPLAY") ? strdup(getenv("DISPLAY")) : NULL;
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    setenv("HALLBOARD_RUN_SECONDS", "3", 1); /* tries at 0, 1, 3 s */
    char *argv[] = {(char *)support_hallboard(), "--config", (char *)empty_conf(), NULL};
    support_run_result r = support_run(argv);
    unsetenv("HALLBOARD_RUN_SECONDS");
    if (display) {
        setenv("DISPLAY", display, 1);
        free(display);
    }
    /* It gave up only because it was told to stop: 1, not a crash. */
    assert_int_equal(r.status, 1);
    assert_int_equal(support_count(r.err, "no display yet"), 1);
    assert_null(strstr(r.err, "first frame"));
    static char msgs[16384];
    support_notify_drain(&l, msgs, sizeof(msgs));
    assert_int_equal(support_count(msgs, "READY=1"), 0);
    assert_int_equal(support_count(msgs, "STATUS=waiting for a display"), 1);
    /* Alive while waiting: the watchdog fed and the start timeout extended. */
    assert_true(support_count(msgs, "EXTEND_TIMEOUT_USEC=") >= 3);
    support_run_free(&r);
    support_notify_close(&l);
}

static void board_profiles_and_settings(void **st)
{
    (void)st;
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    char *bad[] = {(char *)support_hallboard(), "--board", "no-such-board", NULL};
    support_run_result r = support_run(bad);
    assert_int_equal(r.status, 64);
    assert_non_null(strstr(r.err, "rpi4"));
    support_run_free(&r);

    /* A wrong line is reported with its line number; the board still runs. */
    char *dir = support_tempdir(), conf[512];
    snprintf(conf, sizeof(conf), "%s/hallboard.conf", dir);
    const char *text = "lang = ru\npol_interval = 30\nboard = rpi4\n";
    assert_int_equal(support_write_file(conf, text, strlen(text)), 0);
    setenv("HALLBOARD_RUN_SECONDS", "1", 1);
    /* The rpi4 profile asks for kmsdrm and GLES: the environment still wins. */
    char *ok[] = {(char *)support_hallboard(), "--windowed", "320x200", "--config", conf, NULL};
    r = support_run(ok);
    unsetenv("HALLBOARD_RUN_SECONDS");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "hallboard.conf:2: unknown key \"pol_interval\""));
    assert_non_null(strstr(r.err, "first frame presented"));
    support_run_free(&r);
    unlink(conf);
    rmdir(dir);
    free(dir);

    /* A settings file named but missing is a problem, not a dark screen: the board
     * runs on the defaults and says so (test_dark has the footer and /status). */
    setenv("HALLBOARD_RUN_SECONDS", "1", 1);
    char *missing[] = {(char *)support_hallboard(), "--windowed", "320x200", "--config",
                       "/nonexistent/hb.conf", NULL};
    r = support_run(missing);
    unsetenv("HALLBOARD_RUN_SECONDS");
    assert_int_equal(r.status, 0);
    assert_non_null(strstr(r.err, "settings: cannot open /nonexistent/hb.conf"));
    assert_non_null(strstr(r.err, "first frame presented"));
    support_run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(board_tells_systemd_ready_after_the_first_frame_and_pings_the_watchdog),
        cmocka_unit_test(board_waits_for_a_display_and_says_so_once),
        cmocka_unit_test(board_profiles_and_settings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
