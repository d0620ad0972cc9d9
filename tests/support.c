/* support.c - test helpers: files, temporary directories, child processes. */
#define _GNU_SOURCE
#include "support.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "feedsrc.h"
#include "tzdb.h"

char *support_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            buf = realloc(buf, cap);
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int support_write_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, len, f);
    return fclose(f) == 0 && w == len ? 0 : -1;
}

char *support_tempdir(void)
{
    char tmpl[] = "/tmp/hallboard-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

const char *support_shared_dir(void)
{
    const char *d = getenv("HB_SHARED_DIR");
    if (!d || !*d)
        d = HB_SHARED_DIR;
    struct stat st;
    return stat(d, &st) == 0 && S_ISDIR(st.st_mode) ? d : NULL;
}

/* Appends what is readable on fd to *buf. Returns false at end of file. */
static bool drain(int fd, char **buf, size_t *len)
{
    char tmp[65536];
    ssize_t r = read(fd, tmp, sizeof(tmp));
    if (r <= 0)
        return false;
    *buf = realloc(*buf, *len + (size_t)r + 1);
    memcpy(*buf + *len, tmp, (size_t)r);
    *len += (size_t)r;
    (*buf)[*len] = '\0';
    return true;
}

support_run_result support_run(char *const argv[])
{
    support_run_result res = {-1, calloc(1, 1), calloc(1, 1)};
    int po[2], pe[2];
    if (pipe(po) || pipe(pe))
        return res;
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY);
        dup2(devnull, 0);
        dup2(po[1], 1);
        dup2(pe[1], 2);
        close(po[0]);
        close(pe[0]);
        execv(argv[0], argv);
        _exit(127);
    }
    close(po[1]);
    close(pe[1]);
    size_t lo = 0, le = 0;
    bool open_o = true, open_e = true;
    while (open_o || open_e) {
        struct pollfd p[2] = {{po[0], POLLIN, 0}, {pe[0], POLLIN, 0}};
        if (poll(p, 2, -1) < 0 && errno != EINTR)
            break;
        if (open_o && (p[0].revents & (POLLIN | POLLHUP)))
            open_o = drain(po[0], &res.out, &lo);
        if (open_e && (p[1].revents & (POLLIN | POLLHUP)))
            open_e = drain(pe[0], &res.err, &le);
        if (!open_o)
            p[0].fd = -1;
    }
    close(po[0]);
    close(pe[0]);
    int st;
    waitpid(pid, &st, 0);
    res.status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    return res;
}

void support_run_free(support_run_result *r)
{
    free(r->out);
    free(r->err);
    r->out = r->err = NULL;
}

const char *support_hallboard(void)
{
    return HB_BINARY_DIR "/hallboard";
}

agenda *support_parse(const char *json, feed_report *rep)
{
    tzdb_init();
    feed_init();
    feed_options o = feedsrc_options();
    return feed_parse(json, strlen(json), &o, rep);
}

bool support_has_problem(const feed_report *rep, feed_severity sev, const char *path,
                         const char *needle)
{
    for (size_t i = 0; i < rep->n; i++)
        if (rep->items[i].severity == sev && strcmp(rep->items[i].path, path) == 0 &&
            strstr(rep->items[i].msg, needle))
            return true;
    return false;
}

void support_print_report(const feed_report *rep)
{
    char buf[65536];
    feed_report_format(rep, buf, sizeof(buf));
    fprintf(stderr, "%s", buf);
}
