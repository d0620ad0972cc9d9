/* afile.c - a file replaced whole or not at all (afile.h). */
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static int write_full(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int afile_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

int afile_sync_parent(const char *path)
{
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        dir[--n] = '\0';
    char *slash = strrchr(dir, '/');
    if (!slash)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';
    return afile_sync_dir(dir);
}

int afile_replace(const char *path, char *tmpl, mode_t mode, unsigned flags,
                  const afile_part *parts, size_t n, const char **step, const char **tmp_used)
{
    static _Thread_local char own[PATH_MAX];
    const char *dummy;
    if (!step)
        step = &dummy;
    *step = "create";
    if (!tmpl) {
        if (snprintf(own, sizeof(own), "%s.XXXXXX", path) >= (int)sizeof(own)) {
            errno = ENAMETOOLONG;
            return -1;
        }
        tmpl = own;
    }
    if (tmp_used)
        *tmp_used = tmpl;
    int fd = mkstemp(tmpl);
    if (fd < 0)
        return -1;
    if (fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 || fchmod(fd, mode) != 0)
        goto fail_fd;
    *step = "write";
    for (size_t i = 0; i < n; i++)
        if (parts[i].len && write_full(fd, parts[i].data, parts[i].len) != 0)
            goto fail_fd;
    *step = "sync";
    if (!(flags & AFILE_NO_SYNC) && fsync(fd) != 0)
        goto fail_fd;
    *step = "close";
    int rc = close(fd);
    fd = -1;
    if (rc != 0)
        goto fail_fd;
    *step = "rename";
    if (rename(tmpl, path) != 0)
        goto fail_fd;
    return (flags & AFILE_NO_SYNC) || afile_sync_parent(path) == 0 ? 0 : 1;

fail_fd:;
    int e = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmpl);
    errno = e;
    return -1;
}
