/* rfile.c - opening and reading the files the board is given, capped and never
 * blocking (see rfile.h).
 *
 * Layout: the reason a file is refused; rfile_open_regular (open, fstat, the checks);
 * one read step that survives signals; rfile_read (the whole file, growing its buffer
 * only when the file grows, never past the cap plus one spare byte).
 */
#include "rfile.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A read that says "try again" (a file under a mandatory lock) is retried this many
 * times, waiting this long each time, then reported. */
#define RFILE_AGAIN_TRIES 10
#define RFILE_AGAIN_WAIT_MS 100

/* What a file that is not a regular file is, in words. */
static const char *kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISSOCK(mode))
        return "a socket";
    return "of an unknown kind";
}

/* Reasons are written with snprintf(err, errcap, ...), which writes nothing when
 * errcap is 0 (err may then be NULL). */

int rfile_open_regular(const char *path, size_t cap, int *fd, size_t *size, char *err,
                       size_t errcap)
{
    *fd = -1;
    *size = 0;
    /* O_NONBLOCK: opening a FIFO with no writer returns at once (then refused below);
     * it changes nothing for regular files. O_NOCTTY: a terminal named by mistake
     * never becomes ours. */
    int f = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (f < 0) {
        int e = errno;
        snprintf(err, errcap, "cannot open %s: %s", path, strerror(e));
        return -e;
    }
    struct stat st;
    int rc = 0;
    if (fstat(f, &st) != 0) {
        rc = -errno;
        snprintf(err, errcap, "cannot stat %s: %s", path, strerror(-rc));
    } else if (!S_ISREG(st.st_mode)) {
        rc = -EINVAL;
        snprintf(err, errcap, "%s is not a regular file (%s)", path, kind_of(st.st_mode));
    } else if (st.st_size < 0 || (uintmax_t)st.st_size > cap) {
        rc = -EFBIG;
        snprintf(err, errcap, "%s is %jd bytes, larger than %zu bytes", path,
            (intmax_t)st.st_size, cap);
    }
    if (rc != 0) {
        close(f);
        return rc;
    }
    *fd = f;
    *size = (size_t)st.st_size;
    return 0;
}

/* One read() of at most n bytes: the count (0 at the end of the file), or -1 with errno
 * set. Interrupted reads are restarted; "try again" is waited out a few times. */
static ssize_t read_some(int fd, char *p, size_t n)
{
    int tries = 0;
    for (;;) {
        ssize_t r = read(fd, p, n);
        if (r >= 0)
            return r;
        if (errno == EINTR)
            continue;
        if ((errno != EAGAIN && errno != EWOULDBLOCK) || ++tries > RFILE_AGAIN_TRIES)
            return -1;
        struct pollfd pf = {fd, POLLIN, 0};
        poll(&pf, 1, RFILE_AGAIN_WAIT_MS);
    }
}

int rfile_read(const char *path, size_t cap, char **out, size_t *len, char *err,
               size_t errcap)
{
    *out = NULL;
    *len = 0;
    if (cap > SIZE_MAX / 2)
        cap = SIZE_MAX / 2;
    int fd;
    size_t size;
    int rc = rfile_open_regular(path, cap, &fd, &size, err, errcap);
    if (rc != 0)
        return rc;
    /* Room for the size seen plus one spare byte (and the NUL after): reading into the
     * spare byte means the file grew; it may, up to cap, never past it. */
    size_t room = size + 1, got = 0;
    char *buf = malloc(room + 1);
    if (!buf)
        goto out_nomem;
    for (;;) {
        if (got == room) {
            if (room > cap) {
                rc = -EFBIG;
                snprintf(err, errcap, "%s grew larger than %zu bytes while being read", path,
                         cap);
                goto out_free;
            }
            size_t next = room > cap / 2 ? cap + 1 : room * 2;
            char *b = realloc(buf, next + 1);
            if (!b)
                goto out_nomem;
            buf = b;
            room = next;
        }
        ssize_t r = read_some(fd, buf + got, room - got);
        if (r < 0) {
            rc = -errno;
            snprintf(err, errcap, "cannot read %s: %s", path, strerror(-rc));
            goto out_free;
        }
        if (r == 0)
            break;
        got += (size_t)r;
    }
    close(fd);
    buf[got] = '\0';
    *out = buf;
    *len = got;
    return 0;

out_nomem:
    rc = -ENOMEM;
    snprintf(err, errcap, "out of memory reading %s", path);
out_free:
    free(buf);
    close(fd);
    return rc;
}
