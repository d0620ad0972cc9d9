/* notify.c - the systemd notification protocol (notify.h). */
#include "notify.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static struct sockaddr_un addr;
static socklen_t addr_len;
static double watchdog_s;

void notify_init(void)
{
    addr_len = 0;
    watchdog_s = 0;
    const char *path = getenv("NOTIFY_SOCKET");
    size_t n = path ? strlen(path) : 0;
    if (n > 0 && n < sizeof(addr.sun_path) && (path[0] == '/' || path[0] == '@')) {
        memset(&addr, 0, sizeof(addr));
        addr.sun_family = AF_UNIX;
        memcpy(addr.sun_path, path, n);
        if (path[0] == '@')
            addr.sun_path[0] = '\0'; /* abstract namespace */
        addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
    }
    const char *usec = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
    if (usec && (!pid || atol(pid) == (long)getpid())) {
        double us = strtod(usec, NULL);
        if (us > 0)
            watchdog_s = us / 2e6;
    }
}

bool notify_send(const char *state)
{
    if (addr_len == 0)
        return false;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return false;
    ssize_t w = sendto(fd, state, strlen(state), MSG_NOSIGNAL, (const struct sockaddr *)&addr,
                       addr_len);
    close(fd);
    return w == (ssize_t)strlen(state);
}

double notify_watchdog_interval(void)
{
    return watchdog_s;
}
