/* test_display.c - the running board against a real X server (Xvfb), the real binary
 * in a window:
 *   - a screen that changes size under it is laid out again (resized from outside
 *     through Xlib, as a window manager or a mode change would);
 *   - a display that comes up after the board started is picked up;
 *   - a hung render loop stops feeding the watchdog (the X server is stopped, so the
 *     loop blocks in a present), and feeds it again once it runs;
 *   - outside the display schedule the screen is black and the X server's screen saver
 *     is let on; at the start of the day the board is back and the saver kept off.
 * Skipped (77) without Xvfb.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>
#include <X11/extensions/scrnsaver.h>

#include "support.h"

/* A display number no X server uses, as ":N" in disp. */
static void free_display(char *disp, size_t cap)
{
    int num;
    char sock[64];
    for (num = 140 + (int)(getpid() % 40); num < 240; num++) {
        snprintf(sock, sizeof(sock), "/tmp/.X11-unix/X%d", num);
        if (access(sock, F_OK) != 0)
            break;
    }
    snprintf(disp, cap, ":%d", num);
}

/* Starts Xvfb on disp (1280x720) and connects to it. Returns its pid. */
static pid_t xvfb_start(const char *disp, Display **d)
{
    pid_t xvfb = fork();
    assert_true(xvfb >= 0);
    if (xvfb == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1);
        dup2(null, 2);
        unsetenv("NOTIFY_SOCKET"); /* the X server speaks that protocol too */
        execl("/usr/bin/Xvfb", "Xvfb", disp, "-screen", "0", "1280x720x24", "-nolisten", "tcp",
              (char *)NULL);
        _exit(127);
    }
    *d = NULL;
    for (int i = 0; i < 100 && !*d; i++) {
        support_sleep(0.05);
        *d = XOpenDisplay(disp);
    }
    assert_non_null(*d);
    return xvfb;
}

static void xvfb_stop(pid_t xvfb, Display *d)
{
    if (d)
        XCloseDisplay(d);
    kill(xvfb, SIGCONT);
    kill(xvfb, SIGTERM);
    waitpid(xvfb, NULL, 0);
}

/* Starts the board on disp with the settings text conf and the extra arguments (NULL
 * ended), in a 640x360 window, the software renderer, stopping itself after 30 s. */
static void board_start(support_board *b, const char *disp, const char *conf, ...)
{
    char *argv[16] = {"--windowed", "640x360"};
    int argc = 2;
    va_list ap;
    va_start(ap, conf);
    for (char *a; argc < 15 && (a = va_arg(ap, char *));)
        argv[argc++] = a;
    va_end(ap);
    argv[argc] = NULL;
    char env_display[64];
    snprintf(env_display, sizeof(env_display), "DISPLAY=%s", disp);
    const char *env[] = {env_display, "SDL_VIDEODRIVER=x11", "SDL_RENDER_DRIVER=software",
                         "HALLBOARD_RUN_SECONDS=30", "-WAYLAND_DISPLAY", NULL};
    support_board_start(b, conf, env, argv);
}

#define board_says support_board_says
#define board_stop support_board_stop

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

/* Pixels of window w (640x360) that are not black, every 4th in each direction. */
static int lit_pixels(Display *d, Window w)
{
    XImage *img = XGetImage(d, w, 0, 0, 640, 360, AllPlanes, ZPixmap);
    if (!img)
        return -1;
    int lit = 0;
    for (int y = 0; y < 360; y += 4)
        for (int x = 0; x < 640; x += 4)
            lit += (XGetPixel(img, x, y) & 0xffffff) != 0;
    XDestroyImage(img);
    return lit;
}

/* The X server's screen saver state: ScreenSaverOn, ScreenSaverOff or
 * ScreenSaverDisabled. */
static int saver_state(Display *d)
{
    XScreenSaverInfo *info = XScreenSaverAllocInfo();
    assert_non_null(info);
    assert_true(XScreenSaverQueryInfo(d, DefaultRootWindow(d), info) != 0);
    int state = info->state;
    XFree(info);
    return state;
}

/* Polls until the saver state is (or is not, when is == false) want. */
static bool saver_becomes(Display *d, int want, bool is, double seconds)
{
    for (double end = support_now() + seconds; support_now() < end; support_sleep(0.1))
        if ((saver_state(d) == want) == is)
            return true;
    return false;
}

static void display_a_resized_screen_is_laid_out_again(void **st)
{
    (void)st;
    char disp[16];
    free_display(disp, sizeof(disp));
    Display *d;
    pid_t xvfb = xvfb_start(disp, &d);
    support_board b;
    board_start(&b, disp, "", NULL);
    bool first = board_says(&b, "first frame presented (640x360", 15);
    Window w = first ? find_board(d) : 0;
    if (w) {
        XResizeWindow(d, w, 960, 540);
        XFlush(d);
    }
    bool relaid = w && board_says(&b, "the screen is now 960x540: laid out again", 10);
    board_stop(&b, !relaid);
    xvfb_stop(xvfb, d);
    assert_true(first);
    assert_true(w != 0);
    assert_true(relaid);
}

static void display_a_display_that_comes_later_is_picked_up(void **st)
{
    (void)st;
    char disp[16];
    free_display(disp, sizeof(disp));
    support_notify l;
    support_notify_listen(&l);
    support_board b;
    board_start(&b, disp, "", NULL);
    /* No X server yet: the board waits for one. */
    bool waiting = board_says(&b, "no display yet", 10);
    Display *d;
    pid_t xvfb = xvfb_start(disp, &d);
    /* Tries come 1, 2, 4 s apart at first: one of them finds it. */
    bool found = waiting && board_says(&b, "display found after", 15);
    bool first = found && board_says(&b, "first frame presented (640x360", 10);
    support_sleep(0.2);
    static char msgs[16384];
    support_notify_drain(&l, msgs, sizeof(msgs));
    board_stop(&b, !first);
    xvfb_stop(xvfb, d);
    support_notify_close(&l);
    assert_true(waiting);
    assert_true(found);
    assert_true(first);
    assert_int_equal(support_count(b.out, "no display yet"), 1);
    assert_int_equal(support_count(msgs, "STATUS=waiting for a display"), 1);
    assert_int_equal(support_count(msgs, "READY=1"), 1);
    /* READY only once the frame is there: every message before it is a wait. */
    const char *ready = strstr(msgs, "READY=1");
    assert_true(ready > strstr(msgs, "STATUS=waiting for a display"));
}

static void display_a_hung_loop_stops_feeding_the_watchdog(void **st)
{
    (void)st;
    char disp[16];
    free_display(disp, sizeof(disp));
    Display *d;
    pid_t xvfb = xvfb_start(disp, &d);
    support_notify l;
    support_notify_listen(&l);
    setenv("WATCHDOG_USEC", "1000000", 1); /* a ping every 0.5 s */
    support_board b;
    /* The demo clock runs 60 times faster: a new minute, so a frame, every second. */
    board_start(&b, disp, "", "--demo", NULL);
    unsetenv("WATCHDOG_USEC");
    bool first = board_says(&b, "first frame presented", 15);
    static char msgs[16384];
    support_sleep(2);
    support_notify_drain(&l, msgs, sizeof(msgs));
    int running = support_count(msgs, "WATCHDOG=1");
    /* The X server stops answering: the loop's next present waits on it for good. */
    kill(xvfb, SIGSTOP);
    support_sleep(1.5); /* the pings sent before the loop reached that present */
    support_notify_drain(&l, msgs, sizeof(msgs));
    support_sleep(3);
    support_notify_drain(&l, msgs, sizeof(msgs));
    int hung = support_count(msgs, "WATCHDOG=1");
    kill(xvfb, SIGCONT);
    support_sleep(2);
    support_notify_drain(&l, msgs, sizeof(msgs));
    int again = support_count(msgs, "WATCHDOG=1");
    board_stop(&b, !first || hung);
    xvfb_stop(xvfb, d);
    support_notify_close(&l);
    assert_true(first);
    assert_true(running >= 3);
    /* 3 s without a ping: systemd (WatchdogSec=) kills and restarts the board. */
    assert_int_equal(hung, 0);
    assert_true(again >= 2);
}

static void display_outside_the_schedule_the_screen_saver_takes_over(void **st)
{
    (void)st;
    char disp[16];
    free_display(disp, sizeof(disp));
    Display *d;
    pid_t xvfb = xvfb_start(disp, &d);
    /* The X server blanks after 1 s without input, unless a client holds it off. */
    XSetScreenSaver(d, 1, 0, DontPreferBlanking, AllowExposures);
    XSync(d, False);
    support_board b;
    /* The demo starts at 11:57 venue time, 30 times faster: the day begins at 12:00,
     * 6 s after the start. */
    board_start(&b, disp, "display_on = 12:00\ndisplay_off = 11:00\n", "--demo", "--speed",
                "30", NULL);
    bool first = board_says(&b, "first frame presented", 15);
    bool off = first && board_says(&b, "display schedule: screen off (black; screen saver on)", 2);
    Window w = first ? find_board(d) : 0;
    int lit_off = w ? lit_pixels(d, w) : -1;
    bool saver_on = off && saver_becomes(d, ScreenSaverOn, true, 3);
    bool on = saver_on && board_says(&b, "display schedule: screen on", 8);
    bool saver_off = on && saver_becomes(d, ScreenSaverOn, false, 2);
    support_sleep(2); /* well past the saver's 1 s: the board keeps it off */
    bool stays_off = saver_off && saver_state(d) != ScreenSaverOn;
    int lit_on = w ? lit_pixels(d, w) : -1;
    board_stop(&b, !stays_off);
    xvfb_stop(xvfb, d);
    assert_true(first);
    assert_true(off);
    assert_true(w != 0);
    assert_int_equal(lit_off, 0);
    assert_true(saver_on);
    assert_true(on);
    assert_true(saver_off);
    assert_true(stays_off);
    assert_true(lit_on > 640 * 360 / 16 / 10); /* the board, not black */
}

int main(void)
{
    if (access("/usr/bin/Xvfb", X_OK) != 0) {
        printf("no Xvfb: skipped\n");
        return 77;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(display_a_resized_screen_is_laid_out_again),
        cmocka_unit_test(display_a_display_that_comes_later_is_picked_up),
        cmocka_unit_test(display_a_hung_loop_stops_feeding_the_watchdog),
        cmocka_unit_test(display_outside_the_schedule_the_screen_saver_takes_over),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
