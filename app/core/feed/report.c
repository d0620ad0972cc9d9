/* report.c - problems and their paths.
 *
 * A problem is a severity, a path into the document ("sessions[12].end", "" for the
 * whole of it) and a message. The report keeps FEED_MAX_PROBLEMS of them and counts
 * the rest. Paths are usually written out only when a problem is reported (feed_lpath);
 * both ways of building one give the same text, truncation included.
 */
#include "internal.h"

#include "logsafe.h"
#include "utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends s to out (of FEED_PATH_MAX bytes, holding *len bytes), truncating. */
static void path_append(char *out, size_t *len, const char *s)
{
    size_t n = strlen(s), room = FEED_PATH_MAX - 1 - *len;
    if (n > room)
        n = room;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

/* Appends "[i]". */
static void path_append_index(char *out, size_t *len, size_t i)
{
    char idx[32], *q = idx + sizeof(idx);
    *--q = '\0';
    *--q = ']';
    do
        *--q = (char)('0' + i % 10);
    while ((i /= 10) != 0);
    *--q = '[';
    path_append(out, len, q);
}

static void lpath_append(char *out, size_t *len, const feed_lpath *p)
{
    if (!p->up) {
        path_append(out, len, p->key ? p->key : "");
        return;
    }
    lpath_append(out, len, p->up);
    if (p->key) {
        if (*len)
            path_append(out, len, ".");
        path_append(out, len, p->key);
        return;
    }
    path_append_index(out, len, p->index);
}

void feed_lpath_format(char out[FEED_PATH_MAX], const feed_lpath *p)
{
    size_t len = 0;
    out[0] = '\0';
    lpath_append(out, &len, p);
}

/* Adds a problem whose path is given as a string (path) or as an lpath (lp). */
static void report_v(feed_ctx *c, feed_severity sev, const char *path, const feed_lpath *lp,
                     const char *fmt, va_list ap)
{
    feed_report *r = c->rep;
    if (sev == FEED_ERROR)
        r->n_errors++;
    else
        r->n_warnings++;
    if (r->n >= FEED_MAX_PROBLEMS) {
        r->dropped++;
        return;
    }
    feed_problem *p = &r->items[r->n++];
    p->severity = sev;
    p->seq = c->seq;
    size_t plen = 0;
    p->path[0] = '\0';
    if (lp)
        lpath_append(p->path, &plen, lp);
    else
        path_append(p->path, &plen, path ? path : "");
    vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
}

void feed_report_add(feed_ctx *c, feed_severity sev, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(c, sev, path, NULL, fmt, ap);
    va_end(ap);
}

void feed_report_at(feed_ctx *c, feed_severity sev, const feed_lpath *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(c, sev, NULL, at, fmt, ap);
    va_end(ap);
}

void feed_path_key(char out[FEED_PATH_MAX], const char *parent, const char *key)
{
    size_t len = 0;
    out[0] = '\0';
    if (parent && *parent) {
        path_append(out, &len, parent);
        path_append(out, &len, ".");
    }
    path_append(out, &len, key);
}

void feed_path_index(char out[FEED_PATH_MAX], const char *parent, size_t i)
{
    size_t len = 0;
    out[0] = '\0';
    path_append(out, &len, parent);
    path_append_index(out, &len, i);
}

void feed_oom(feed_ctx *c)
{
    if (!c->oom)
        feed_report_add(c, FEED_ERROR, "", "out of memory");
    c->oom = true;
}

size_t feed_report_format(const feed_report *r, char *buf, size_t cap)
{
    size_t len = 0;
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    /* Paths and messages quote the feed (ids, names): their control characters are
     * escaped, so that one problem is one line and a feed cannot drive a terminal. */
    char path[LOGSAFE_LINE], msg[LOGSAFE_LINE];
    for (size_t i = 0; i < r->n && len + 1 < cap; i++) {
        const feed_problem *p = &r->items[i];
        logsafe(p->path[0] ? p->path : "(feed)", path, sizeof(path));
        logsafe(p->msg, msg, sizeof(msg));
        int w = snprintf(buf + len, cap - len, "%s: %s%s\n", path,
                         p->severity == FEED_WARNING ? "warning: " : "", msg);
        if (w < 0)
            break;
        len += (size_t)w < cap - len ? (size_t)w : cap - len - 1;
    }
    if (r->dropped && len + 1 < cap) {
        int w = snprintf(buf + len, cap - len, "... and %zu more problems\n", r->dropped);
        if (w > 0)
            len += (size_t)w < cap - len ? (size_t)w : cap - len - 1;
    }
    return len;
}

void feed_report_sort(feed_report *r)
{
    /* Insertion sort: stable, and the report holds at most FEED_MAX_PROBLEMS. */
    for (size_t i = 1; i < r->n; i++) {
        feed_problem x = r->items[i];
        size_t j = i;
        for (; j > 0 && r->items[j - 1].seq > x.seq; j--)
            r->items[j] = r->items[j - 1];
        r->items[j] = x;
    }
}

void feed_path_quote(char out[FEED_PATH_QUOTED_MAX], const char *key)
{
    size_t len = key ? strlen(key) : 0;
    size_t n = len > FEED_PATH_KEY_MAX ? utf8_cut(key, FEED_PATH_KEY_MAX) : len, k = 0;
    for (size_t i = 0; i < n; i++) {
        if (key[i] == '"' || key[i] == '\\')
            out[k++] = '\\';
        out[k++] = key[i];
    }
    if (n < len) {
        memcpy(out + k, "...", 3);
        k += 3;
    }
    out[k] = '\0';
}
