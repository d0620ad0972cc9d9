/* support.c - test helpers: files, temporary directories, child processes, the
 * scripted HTTP(S) server. */
#define _GNU_SOURCE
#include "support.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <mosquitto.h>

#include "cache.h"
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
    /* Close-on-exec: a child started meanwhile by another thread must not hold these
     * open (dup2 gives this child its own copies without the flag). */
    if (pipe2(po, O_CLOEXEC) || pipe2(pe, O_CLOEXEC))
        return res;
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open("/dev/null", O_RDONLY | O_CLOEXEC);
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

void support_remove_tree(const char *dir)
{
    char *argv[] = {"/bin/rm", "-rf", (char *)dir, NULL};
    support_run_result r = support_run(argv);
    support_run_free(&r);
}

/* ---- The scripted HTTP(S) server ------------------------------------------- */

#define SERVER_PY HB_SOURCE_DIR "/tests/http_server.py"

int support_server_start(support_server *s, const char *feed_path, const char *cert,
                         const char *key)
{
    memset(s, 0, sizeof(*s));
    int in[2], out[2];
    if (pipe(in))
        return -1;
    if (pipe(out)) {
        close(in[0]);
        close(in[1]);
        return -1;
    }
    /* Close-on-exec: a later child must not hold this server's stdin open. */
    for (int i = 0; i < 2; i++) {
        fcntl(in[i], F_SETFD, FD_CLOEXEC);
        fcntl(out[i], F_SETFD, FD_CLOEXEC);
    }
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        char *argv[] = {"/usr/bin/python3", SERVER_PY, "--feed", (char *)feed_path,
                        cert ? "--tls" : NULL, (char *)cert, (char *)key, NULL};
        execv(argv[0], argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    s->pid = (int)pid;
    s->in_fd = in[1];
    s->tls = cert != NULL;
    /* The server prints its port once it listens. */
    char line[32] = "";
    size_t n = 0;
    while (n + 1 < sizeof(line) && !strchr(line, '\n')) {
        struct pollfd p = {out[0], POLLIN, 0};
        if (poll(&p, 1, 10000) <= 0)
            break;
        ssize_t r = read(out[0], line + n, sizeof(line) - 1 - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        line[n] = '\0';
    }
    close(out[0]);
    s->port = atoi(line);
    if (s->port <= 0) {
        fprintf(stderr, "the test server did not start (got \"%s\")\n", line);
        support_server_stop(s);
        return -1;
    }
    return 0;
}

void support_server_stop(support_server *s)
{
    if (s->pid <= 0)
        return;
    close(s->in_fd);
    int st;
    waitpid((pid_t)s->pid, &st, 0);
    s->pid = 0;
    s->in_fd = -1;
}

int support_make_cert(const char *cert, const char *key, const char *cn, const char *san)
{
    char subj[128], ext[128];
    snprintf(subj, sizeof(subj), "/CN=%s", cn);
    snprintf(ext, sizeof(ext), "subjectAltName=%s", san);
    char *argv[] = {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-days", "2", "-subj", subj, "-addext", ext, "-keyout", (char *)key,
                    "-out", (char *)cert, NULL};
    support_run_result r = support_run(argv);
    int rc = r.status == 0 ? 0 : -1;
    if (rc)
        fprintf(stderr, "openssl failed (%d): %s\n", r.status, r.err);
    support_run_free(&r);
    return rc;
}

char *support_server_url(const support_server *s, const char *path, char *buf, size_t cap)
{
    snprintf(buf, cap, "%s://127.0.0.1:%d%s", s->tls ? "https" : "http", s->port, path);
    return buf;
}

typedef struct {
    char *buf;
    size_t len;
} membuf;

static size_t membuf_write(char *d, size_t size, size_t n, void *ud)
{
    membuf *m = ud;
    char *b = realloc(m->buf, m->len + size * n + 1);
    if (!b)
        return 0;
    m->buf = b;
    memcpy(m->buf + m->len, d, size * n);
    m->len += size * n;
    m->buf[m->len] = '\0';
    return size * n;
}

cJSON *support_server_json(const support_server *s, const char *path)
{
    char url[512];
    support_server_url(s, path, url, sizeof(url));
    CURL *h = curl_easy_init();
    if (!h)
        return NULL;
    membuf m = {NULL, 0};
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, membuf_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &m);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (s->tls) {
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    CURLcode rc = curl_easy_perform(h);
    curl_easy_cleanup(h);
    cJSON *j = rc == CURLE_OK && m.buf ? cJSON_Parse(m.buf) : NULL;
    if (!j)
        fprintf(stderr, "GET %s: %s\n", url,
                rc != CURLE_OK ? curl_easy_strerror(rc) : "not JSON");
    free(m.buf);
    return j;
}

support_reply support_http(const char *method, const char *url, const char *auth,
                           const char *body, size_t len)
{
    support_reply r = {0, NULL, 0, ""};
    CURL *h = curl_easy_init();
    if (!h)
        return r;
    membuf m = {NULL, 0};
    struct curl_slist *hdr = NULL;
    char line[512];
    if (auth) {
        snprintf(line, sizeof(line), "Authorization: %s", auth);
        hdr = curl_slist_append(hdr, line);
    }
    /* Small bodies at once; a large one waits for "100 Continue" (curl's default), so
     * a server that refuses it from its headers is heard before the body is sent. */
    if (len < 1024 * 1024)
        hdr = curl_slist_append(hdr, "Expect:");
    curl_easy_setopt(h, CURLOPT_URL, url);
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
    if (body) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, membuf_write);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &m);
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    if (curl_easy_perform(h) == CURLE_OK) {
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r.status);
        char *type = NULL;
        curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &type);
        snprintf(r.type, sizeof(r.type), "%s", type ? type : "");
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(h);
    r.body = m.buf ? m.buf : calloc(1, 1);
    r.len = m.len;
    return r;
}

void support_reply_free(support_reply *r)
{
    free(r->body);
    r->body = NULL;
    r->len = 0;
}

cJSON *support_board_status(int port)
{
    char url[96];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/status", port);
    support_reply r = support_http("GET", url, NULL, NULL, 0);
    cJSON *j = r.status == 200 ? cJSON_Parse(r.body) : NULL;
    support_reply_free(&r);
    return j;
}

cJSON *support_http_get_stats(const support_server *s)
{
    return support_server_json(s, "/stats");
}

int support_http_reset_stats(const support_server *s)
{
    cJSON *j = support_server_json(s, "/reset");
    cJSON_Delete(j);
    return j ? 0 : -1;
}

int support_stat_count(const cJSON *stats, const char *what, const char *path)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(stats, what), path);
    return cJSON_IsNumber(v) ? v->valueint : 0;
}

const char *support_stat_header(const cJSON *stats, const char *path, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(stats, "last"), path),
        name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int support_closed_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof(a);
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    close(fd); /* bound but never listening: a connect is refused */
    return port;
}

agenda *support_parse(const char *json, feed_report *rep)
{
    return support_parse_in(json, NULL, rep);
}

agenda *support_parse_opts(const char *doc, size_t len, const feed_options *o,
                           feed_report *rep)
{
    tzdb_init();
    feed_init();
    return feed_parse(doc, len, o, rep);
}

agenda *support_parse_in(const char *doc, const char *zone, feed_report *rep)
{
    feed_options o = feedsrc_options();
    const char *const zones[] = {zone, NULL};
    if (zone)
        o.zones = zones;
    return support_parse_opts(doc, strlen(doc), &o, rep);
}

char *support_dq(const char *s)
{
    char *d = strdup(s);
    assert_non_null(d);
    for (char *p = d; *p; p++)
        if (*p == '\'')
            *p = '"';
    return d;
}

agenda *support_parse_sq(const char *json_sq, const char *zone, feed_report *rep)
{
    char *json = support_dq(json_sq);
    agenda *a = support_parse_in(json, zone, rep);
    free(json);
    return a;
}

void support_expect_ok(const agenda *a, const feed_report *rep, const char *format)
{
    if (!a || rep->n_errors)
        support_print_report(rep);
    assert_non_null(a);
    assert_int_equal(rep->n_errors, 0);
    if (format)
        assert_string_equal(a->format, format);
}

void support_expect_problem(const feed_report *rep, feed_severity sev, const char *path,
                            const char *needle)
{
    if (support_has_problem(rep, sev, path, needle))
        return;
    fprintf(stderr, "expected %s at \"%s\" containing \"%s\"; got:\n",
            sev == FEED_ERROR ? "an error" : "a warning", path, needle);
    support_print_report(rep);
    fail();
}

void support_expect_refused(const char *doc, const char *zone, const char *path,
                            const char *needle)
{
    feed_report rep;
    agenda *a = support_parse_in(doc, zone, &rep);
    bool refused = a == NULL;
    agenda_free(a);
    assert_true(refused);
    support_expect_problem(&rep, FEED_ERROR, path, needle);
}

const agenda_session *support_session(const agenda *a, const char *id)
{
    for (size_t i = 0; i < a->n_sessions; i++)
        if (strcmp(a->sessions[i].id, id) == 0)
            return &a->sessions[i];
    fail_msg("no session \"%s\"", id);
    return NULL;
}

void support_expect_times(const agenda_session *s, const char *start, const char *end)
{
    assert_int_equal(s->start, support_instant(start));
    assert_int_equal(s->end, support_instant(end));
}

const char *support_tr(const agenda *a, const agenda_text *t, const char *lang)
{
    const char *s = agenda_tr_get(a, t, lang);
    return s ? s : "";
}

const char *support_sample_path(const char *rel, char *path, size_t cap)
{
    const char *dir = support_shared_dir();
    struct stat st;
    if (!dir)
        skip();
    snprintf(path, cap, "%s/fixtures/real/%s", dir, rel);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        skip();
    return path;
}

char *support_read_sample(const char *rel, size_t *len)
{
    char path[4096];
    char *bytes = support_read_file(support_sample_path(rel, path, sizeof(path)), len);
    if (!bytes)
        fail_msg("cannot read %s", path);
    return bytes;
}

support_run_result support_check(const char *path)
{
    char *argv[] = {(char *)support_hallboard(), "check", (char *)path, NULL};
    return support_run(argv);
}

const char *support_last_line(char *text)
{
    size_t n = strlen(text);
    while (n && text[n - 1] == '\n')
        text[--n] = '\0';
    const char *last = strrchr(text, '\n');
    return last ? last + 1 : text;
}

void support_expect_check(const char *path, const char *summary)
{
    char want[4200];
    snprintf(want, sizeof(want), "%s: %s", path, summary);
    support_run_result r = support_check(path);
    char *err = strdup(r.err);
    assert_non_null(err);
    bool same = strcmp(support_last_line(err), want) == 0;
    free(err);
    if (!same || r.status != 0)
        fprintf(stderr, "expected the last line \"%s\" and status 0; got %d and:\n%s", want,
                r.status, r.err);
    assert_true(same);
    assert_int_equal(r.status, 0);
    support_run_free(&r);
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

const char *support_url(const support_server *s, const char *path)
{
    static char buf[8][256];
    static int next;
    return support_server_url(s, path, buf[next++ % 8], sizeof(buf[0]));
}

int64_t support_instant(const char *rfc3339)
{
    struct tm tm;
    memset(&tm, 0, sizeof(tm));
    char sign = 'Z';
    int oh = 0, om = 0;
    int n = sscanf(rfc3339, "%d-%d-%dT%d:%d:%d%c%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &sign, &oh, &om);
    if (n != 7 && n != 9)
        fail_msg("cannot read date \"%s\"", rfc3339);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    int64_t off = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
    return (int64_t)timegm(&tm) - (sign == 'Z' ? 0 : off);
}

agenda *support_load_input(const char *name)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/tests/inputs/%s", HB_SOURCE_DIR, name);
    size_t len;
    char *json = support_read_file(path, &len);
    assert_non_null(json);
    feed_report rep;
    agenda *a = support_parse(json, &rep);
    free(json);
    if (!a)
        support_print_report(&rep);
    assert_non_null(a);
    return a;
}

bool support_utf8_valid(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        unsigned c = *s;
        int n = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : (c & 0xF8) == 0xF0 ? 3 : -1;
        if (n < 0 || (n == 1 && c < 0xC2))
            return false;
        unsigned cp = n == 0 ? c : c & (0x3Fu >> n);
        for (int i = 1; i <= n; i++) {
            if ((s[i] & 0xC0) != 0x80)
                return false;
            cp = cp << 6 | (s[i] & 0x3F);
        }
        if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        s += n + 1;
    }
    return true;
}

/* ---- systemd's side of the notification protocol -------------------------- */

void support_notify_listen(support_notify *l)
{
    l->dir = support_tempdir();
    assert_true(strlen(l->dir) + 13 < sizeof(l->path));
    snprintf(l->path, sizeof(l->path), "%.80s/notify.sock", l->dir);
    l->fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    assert_true(l->fd >= 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof(a));
    a.sun_family = AF_UNIX;
    snprintf(a.sun_path, sizeof(a.sun_path), "%s", l->path);
    assert_int_equal(bind(l->fd, (struct sockaddr *)&a, sizeof(a)), 0);
    setenv("NOTIFY_SOCKET", l->path, 1);
}

int support_notify_drain(support_notify *l, char *buf, size_t cap)
{
    int n = 0;
    size_t used = 0;
    buf[0] = '\0';
    char m[512];
    ssize_t r;
    while ((r = recv(l->fd, m, sizeof(m) - 1, MSG_DONTWAIT)) > 0) {
        m[r] = '\0';
        int w = snprintf(buf + used, cap - used, "%s|", m);
        if (w > 0 && (size_t)w < cap - used)
            used += (size_t)w;
        n++;
    }
    return n;
}

void support_notify_close(support_notify *l)
{
    close(l->fd);
    unlink(l->path);
    rmdir(l->dir);
    free(l->dir);
    unsetenv("NOTIFY_SOCKET");
}

int support_count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

double support_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- The board as a running process ----------------------------------------- */

void support_board_start(support_board *b, const char *conf, const char *const env[],
                         char *const argv[])
{
    memset(b, 0, sizeof(*b));
    b->dir = support_tempdir();
    snprintf(b->conf, sizeof(b->conf), "%s/hallboard.conf", b->dir);
    assert_int_equal(support_write_file(b->conf, conf, strlen(conf)), 0);
    char *args[40] = {(char *)support_hallboard(), "--config", b->conf};
    int n = 3;
    for (int i = 0; argv && argv[i] && n < 39; i++)
        args[n++] = argv[i];
    args[n] = NULL;
    int errp[2];
    assert_int_equal(pipe2(errp, O_CLOEXEC), 0);
    b->pid = fork();
    assert_true(b->pid >= 0);
    if (b->pid == 0) {
        dup2(errp[1], 2);
        for (int i = 0; env && env[i]; i++) {
            if (env[i][0] == '-') {
                unsetenv(env[i] + 1);
            } else {
                const char *eq = strchr(env[i], '=');
                char name[128];
                snprintf(name, sizeof(name), "%.*s", eq ? (int)(eq - env[i]) : 0, env[i]);
                if (eq)
                    setenv(name, eq + 1, 1);
            }
        }
        execv(args[0], args);
        _exit(127);
    }
    close(errp[1]);
    b->err = errp[0];
}

bool support_board_says(support_board *b, const char *needle, double seconds)
{
    double end = support_now() + seconds;
    size_t len = strlen(b->out), cap = sizeof(b->out);
    while (!strstr(b->out, needle)) {
        double left = end - support_now();
        if (left <= 0)
            return false;
        struct pollfd p = {b->err, POLLIN, 0};
        if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
            continue;
        ssize_t r = read(b->err, b->out + len, cap - len - 1);
        if (r <= 0)
            return false;
        len += (size_t)r;
        b->out[len] = '\0';
    }
    return true;
}

void support_board_stop(support_board *b, bool show)
{
    kill(b->pid, SIGTERM);
    waitpid(b->pid, NULL, 0);
    /* what it said until the end */
    size_t len = strlen(b->out);
    ssize_t r;
    while (len < sizeof(b->out) - 1 && (r = read(b->err, b->out + len, sizeof(b->out) - 1 - len)) > 0)
        len += (size_t)r;
    b->out[len] = '\0';
    close(b->err);
    unlink(b->conf);
    rmdir(b->dir);
    free(b->dir);
    if (show)
        fprintf(stderr, "board said:\n%s", b->out);
}

void support_sleep(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* ---- The feed cache as the test sees it --------------------------------------- */

support_snapshot support_cache_snapshot(const char *dir)
{
    support_snapshot s;
    memset(&s, 0, sizeof(s));
    char err[256];
    s.ok = cache_load(dir, &s.meta, &s.feed, &s.len, err, sizeof(err)) == 0;
    return s;
}

void support_assert_same_cache(const support_snapshot *a, const support_snapshot *b)
{
    assert_true(a->ok && b->ok);
    assert_int_equal(a->len, b->len);
    assert_memory_equal(a->feed, b->feed, a->len);
    assert_string_equal(a->meta.url, b->meta.url);
    assert_string_equal(a->meta.etag, b->meta.etag);
    assert_string_equal(a->meta.last_modified, b->meta.last_modified);
    assert_string_equal(a->meta.revision, b->meta.revision);
    assert_int_equal(a->meta.fetched_at, b->meta.fetched_at);
}

void support_snapshot_free(support_snapshot *s)
{
    free(s->feed);
    s->feed = NULL;
}

/* ---- A real MQTT broker ---------------------------------------------------------- */

bool support_have_broker(void)
{
    return access(SUPPORT_MOSQUITTO, X_OK) == 0;
}

/* True once something accepts on 127.0.0.1:port. */
static bool port_accepts(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof(a));
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons((uint16_t)port);
    bool ok = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
    if (fd >= 0)
        close(fd);
    return ok;
}

int support_broker_start(support_broker *b, int port, const char *extra_conf)
{
    if (!b->dir)
        b->dir = support_tempdir();
    b->port = port > 0 ? port : support_closed_port();
    char conf[600], log[600], text[4096];
    snprintf(conf, sizeof(conf), "%s/mosquitto.conf", b->dir);
    snprintf(log, sizeof(log), "%s/broker.log", b->dir);
    snprintf(text, sizeof(text),
             "listener %d 127.0.0.1\npersistence false\nlog_dest stderr\nlog_type all\n"
             "%s%s",
             b->port, extra_conf && strstr(extra_conf, "allow_anonymous") ? ""
                                                                          : "allow_anonymous true\n",
             extra_conf ? extra_conf : "");
    if (support_write_file(conf, text, strlen(text)) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0644);
        int null = open("/dev/null", O_RDONLY);
        dup2(null, 0);
        dup2(fd, 1);
        dup2(fd, 2);
        execl(SUPPORT_MOSQUITTO, "mosquitto", "-c", conf, (char *)NULL);
        _exit(127);
    }
    b->pid = (int)pid;
    for (double end = support_now() + 10; support_now() < end; support_sleep(0.02)) {
        if (port_accepts(b->port))
            return 0;
        int st;
        if (waitpid(pid, &st, WNOHANG) == pid) {
            b->pid = 0;
            break;
        }
    }
    char *said = support_read_file(log, NULL);
    fprintf(stderr, "mosquitto did not start on port %d:\n%s\n", b->port, said ? said : "");
    free(said);
    support_broker_kill(b);
    return -1;
}

void support_broker_kill(support_broker *b)
{
    if (b->pid <= 0)
        return;
    kill((pid_t)b->pid, SIGKILL);
    int st;
    waitpid((pid_t)b->pid, &st, 0);
    b->pid = 0;
}

void support_broker_stop(support_broker *b)
{
    if (b->pid > 0) {
        kill((pid_t)b->pid, SIGTERM);
        int st;
        waitpid((pid_t)b->pid, &st, 0);
        b->pid = 0;
    }
    if (b->dir) {
        support_remove_tree(b->dir);
        free(b->dir);
        b->dir = NULL;
    }
}

typedef struct {
    char *got;
    bool acked;
} broker_probe;

static void probe_message(struct mosquitto *m, void *ud, const struct mosquitto_message *msg)
{
    (void)m;
    broker_probe *p = ud;
    if (!p->got && msg->payloadlen > 0)
        p->got = strndup(msg->payload, (size_t)msg->payloadlen);
}

static void probe_publish(struct mosquitto *m, void *ud, int mid)
{
    (void)m;
    (void)mid;
    ((broker_probe *)ud)->acked = true;
}

/* A fresh client connected to b (waiting for the CONNACK), or NULL. */
static struct mosquitto *probe_connect(const support_broker *b, broker_probe *p)
{
    mosquitto_lib_init();
    struct mosquitto *m = mosquitto_new(NULL, true, p);
    if (!m)
        return NULL;
    mosquitto_message_callback_set(m, probe_message);
    mosquitto_publish_callback_set(m, probe_publish);
    if (mosquitto_connect(m, "127.0.0.1", b->port, 30) != MOSQ_ERR_SUCCESS) {
        mosquitto_destroy(m);
        return NULL;
    }
    return m;
}

char *support_broker_retained(const support_broker *b, const char *topic, double seconds)
{
    broker_probe p = {NULL, false};
    struct mosquitto *m = probe_connect(b, &p);
    if (!m)
        return NULL;
    mosquitto_subscribe(m, NULL, topic, 1);
    for (double end = support_now() + seconds; !p.got && support_now() < end;)
        if (mosquitto_loop(m, 50, 1) != MOSQ_ERR_SUCCESS)
            break;
    mosquitto_disconnect(m);
    mosquitto_destroy(m);
    return p.got;
}

int support_broker_publish(const support_broker *b, const char *topic, const char *payload,
                           bool retain)
{
    broker_probe p = {NULL, false};
    struct mosquitto *m = probe_connect(b, &p);
    if (!m)
        return -1;
    int rc = mosquitto_publish(m, NULL, topic, (int)strlen(payload), payload, 1, retain);
    for (double end = support_now() + 5; rc == MOSQ_ERR_SUCCESS && !p.acked &&
                                         support_now() < end;)
        if (mosquitto_loop(m, 50, 1) != MOSQ_ERR_SUCCESS)
            break;
    mosquitto_disconnect(m);
    mosquitto_destroy(m);
    free(p.got);
    return rc == MOSQ_ERR_SUCCESS && p.acked ? 0 : -1;
}
