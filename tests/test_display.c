/* test_display.c - a screen that changes size under a running board is laid out
 * again: the real binary in a window on a real X server (Xvfb), resized from outside
 * through Xlib as a window manager or a mode change would. Skipped (77) without Xvfb.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>

#include "support.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads the child's stderr into buf (appending) until needle appears or the time is
 * up. Returns true when found. */
static bool wait_for(int fd, char *buf, size_t cap, const char *needle, double seconds)
{
    double end = now_s() + seconds;
    size_t len = strlen(buf);
    while (!strstr(buf, needle)) {
        double left = end - now_s();
        if (left <= 0)
            return false;
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
            continue;
        ssize_t r = read(fd, buf + len, cap - len - 1);
        if (r <= 0)
            return false;
        len += (size_t)r;
        buf[len] = '\0';
    }
    return true;
}

/* The top-level window named "Hallboard", or 0. */
static Window find_board(Display *d)
{
    Window root = DefaultRootWindow(d), r, parent, *kids = NULL, found = 0;
    unsigned n = 0;
    if (!XQueryTree(d, root, &r, &parent, &kids, &n))
        return 0;
    for (unsigned i = 0; i < n && !found; i++) {
        char *name = NULL;
        if (XFetchName(d, kids[i], &name) && name) {
            if (strcmp(name, "Hallboard") == 0)
                found = kids[i];
            XFree(name);
        }
    }
    if (kids)
        XFree(kids);
    return found;
}

static void display_a_resized_screen_is_laid_out_again(void **st)
{
    (void)st;
    if (access("/usr/bin/Xvfb", X_OK) != 0)
        skip();
    /* An X server of our own on a display number no one uses. */
    int num = 0;
    char sock[64];
    for (num = 140 + (int)(getpid() % 40); num < 240; num++) {
        snprintf(sock, sizeof(sock), "/tmp/.X11-unix/X%d", num);
        if (access(sock, F_OK) != 0)
            break;
    }
    char disp[16];
    snprintf(disp, sizeof(disp), ":%d", num);
    pid_t xvfb = fork();
    assert_true(xvfb >= 0);
    if (xvfb == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        execl("/usr/bin/Xvfb", "Xvfb", disp, "-screen", "0", "1280x720x24", "-nolisten", "tcp",
              (char *)NULL);
        _exit(127);
    }
    Display *d = NULL;
    for (int i = 0; i < 100 && !d; i++) {
        struct timespec pause = {0, 50000000L};
        nanosleep(&pause, NULL);
        d = XOpenDisplay(disp);
    }
    assert_non_null(d);

    char *dir = support_tempdir(), conf[512];
    snprintf(conf, sizeof(conf), "%s/empty.conf", dir);
    assert_int_equal(support_write_file(conf, "", 0), 0);
    int errp[2];
    assert_int_equal(pipe(errp), 0);
    pid_t board = fork();
    assert_true(board >= 0);
    if (board == 0) {
        dup2(errp[1], 2);
        close(errp[0]);
        close(errp[1]);
        setenv("DISPLAY", disp, 1);
        setenv("SDL_VIDEODRIVER", "x11", 1);
        setenv("SDL_RENDER_DRIVER", "software", 1);
        setenv("HALLBOARD_RUN_SECONDS", "20", 1);
        execl(support_hallboard(), "hallboard", "--windowed", "640x360", "--config", conf,
              (char *)NULL);
        _exit(127);
    }
    close(errp[1]);
    static char out[16384];
    out[0] = '\0';
    bool first = wait_for(errp[0], out, sizeof(out), "first frame presented (640x360", 15);
    Window w = first ? find_board(d) : 0;
    if (w) {
        XResizeWindow(d, w, 960, 540);
        XFlush(d);
    }
    bool relaid = w && wait_for(errp[0], out, sizeof(out),
                                "the screen is now 960x540: laid out again", 10);
    kill(board, SIGTERM);
    int status = 0;
    waitpid(board, &status, 0);
    close(errp[0]);
    XCloseDisplay(d);
    kill(xvfb, SIGTERM);
    waitpid(xvfb, NULL, 0);
    unlink(conf);
    rmdir(dir);
    free(dir);
    if (!relaid)
        fprintf(stderr, "board said:\n%s", out);
    assert_true(first);
    assert_true(w != 0);
    assert_true(relaid);
    (void)status; /* how it ends under SIGTERM is test_board's matter (X11's own
                     allocations at exit upset LeakSanitizer here) */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(display_a_resized_screen_is_laid_out_again),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
