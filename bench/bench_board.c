/* bench_board.c - the running board's costs: time to the first presented frame,
 * memory (PSS) after 10 s, CPU while only the clocks tick, all from outside the
 * process. Needs a display (run it through bench/board.sh, which starts Xvfb).
 *
 * Usage: bench_board HALLBOARD [SECONDS_IDLE]   (default 60)
 * PSS is reported in all and without the GL driver's own mappings (Mesa's llvmpipe
 * under Xvfb maps ~40 MB that a Pi's GPU driver does not), then per class of
 * mapping: heap, window surface (the X server's shared memory), font files,
 * libraries, GL driver, other (stacks, anonymous mappings, the program itself), with
 * RSS beside it: a library's PSS falls as other processes map the same library (and
 * the window surface's is half its RSS, the X server holding the other half).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* True for mappings that belong to the GL stack rather than to Hallboard. */
static bool gl_mapping(const char *line)
{
    static const char *const pat[] = {"libLLVM", "/dri/", "libGL", "libEGL", "libgallium",
                                      "libglapi", "libvulkan", "libdrm", "libgbm", "mesa",
                                      "libxcb-glx", "libX11-xcb"};
    for (size_t i = 0; i < sizeof(pat) / sizeof(pat[0]); i++)
        if (strstr(line, pat[i]))
            return true;
    return false;
}

/* Classes of mappings the PSS is broken down into (pss_class). */
enum { PSS_HEAP, PSS_SURFACE, PSS_FONTS, PSS_LIBS, PSS_GL, PSS_OTHER, PSS_CLASSES };
static const char *const pss_names[PSS_CLASSES] = {
    "heap", "window surface (SysV/shm)", "fonts", "libraries", "GL driver", "other"};

/* The class of the mapping whose smaps header line is line. */
static int pss_class(const char *line)
{
    if (gl_mapping(line))
        return PSS_GL;
    if (strstr(line, "[heap]"))
        return PSS_HEAP;
    if (strstr(line, "/SYSV") || strstr(line, "/dev/shm/") || strstr(line, "/memfd:"))
        return PSS_SURFACE;
    if (strstr(line, ".ttf") || strstr(line, ".ttc") || strstr(line, ".otf"))
        return PSS_FONTS;
    if (strstr(line, ".so"))
        return PSS_LIBS;
    return PSS_OTHER;
}

/* Sums Pss and Rss of /proc/pid/smaps in kB per class (pss_class) into kb and rss. */
static void pss(pid_t pid, long kb[PSS_CLASSES], long rss[PSS_CLASSES])
{
    char path[64], line[512];
    snprintf(path, sizeof(path), "/proc/%d/smaps", (int)pid);
    FILE *f = fopen(path, "r");
    memset(kb, 0, PSS_CLASSES * sizeof kb[0]);
    memset(rss, 0, PSS_CLASSES * sizeof rss[0]);
    if (!f)
        return;
    int cls = PSS_OTHER;
    while (fgets(line, sizeof(line), f)) {
        long n;
        unsigned long lo, hi;
        char perms[8];
        bool whole = strchr(line, '\n') != NULL;
        if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) == 3)
            cls = pss_class(line); /* a mapping's header line */
        else if (sscanf(line, "Pss: %ld kB", &n) == 1)
            kb[cls] += n;
        else if (sscanf(line, "Rss: %ld kB", &n) == 1)
            rss[cls] += n;
        while (!whole && fgets(line, sizeof(line), f)) /* rest of an overlong line */
            whole = strchr(line, '\n') != NULL;
    }
    fclose(f);
}

/* utime + stime of pid in seconds. */
static double cpu_s(pid_t pid)
{
    char path[64], buf[2048];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = '\0';
    char *p = strrchr(buf, ')');
    unsigned long ut = 0, st = 0;
    if (p)
        sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st);
    return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_board HALLBOARD [SECONDS_IDLE]\n");
        return 64;
    }
    int idle = argc > 2 ? atoi(argv[2]) : 60;
    int err[2];
    if (pipe(err))
        return 1;
    double t0 = now_s();
    pid_t pid = fork();
    if (pid == 0) {
        dup2(err[1], 2);
        close(err[0]);
        /* Chinese UI: the CJK face is loaded, as the board of this event has it. */
        execl(argv[1], argv[1], "--windowed", "1920x1080", "--lang", "zh", (char *)NULL);
        _exit(127);
    }
    close(err[1]);
    /* Wait for the board's "first frame presented" line. */
    FILE *ef = fdopen(err[0], "r");
    char line[512];
    double first = -1;
    while (fgets(line, sizeof(line), ef)) {
        if (strstr(line, "first frame presented")) {
            first = now_s() - t0;
            break;
        }
        fputs(line, stderr);
    }
    if (first < 0) {
        fprintf(stderr, "bench_board: the board never presented a frame\n");
        waitpid(pid, NULL, 0);
        return 1;
    }
    printf("first frame presented: %.1f ms after start (1920x1080, Chinese UI)\n", first * 1e3);
    fflush(stdout);
    sleep(10);
    long kb[PSS_CLASSES], rss[PSS_CLASSES], all = 0;
    pss(pid, kb, rss);
    for (int c = 0; c < PSS_CLASSES; c++)
        all += kb[c];
    printf("PSS after 10 s: %.1f MB in all, %.1f MB without the GL driver's mappings\n",
           (double)all / 1024.0, (double)(all - kb[PSS_GL]) / 1024.0);
    for (int c = 0; c < PSS_CLASSES; c++)
        printf("  PSS %-26s %5.1f MB (RSS %5.1f MB)\n", pss_names[c], (double)kb[c] / 1024.0,
               (double)rss[c] / 1024.0);
    fflush(stdout);
    double c0 = cpu_s(pid), w0 = now_s();
    sleep((unsigned)idle);
    double c1 = cpu_s(pid), w1 = now_s();
    printf("CPU while idle (clocks ticking) over %.0f s: %.3f %% of a core (%.2f s of CPU)\n",
           w1 - w0, 100.0 * (c1 - c0) / (w1 - w0), c1 - c0);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    return 0;
}
