/* bench_feed.c - parse+index time, memory and now/next query cost for generated feeds.
 *
 * Generates feeds of 1,000 to 40,000 sessions (50 halls, titles in English, Chinese,
 * Russian and Arabic, two speakers each), then for each size, in a fresh child
 * process: the best of 5 parse+index runs, the peak RSS growth during one parse, the
 * model's own size, and the mean cost of a now/next query at random instants.
 * Usage: bench_feed [SESSIONS...]   (default: 1000 5000 10000 20000 40000)
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "feed.h"
#include "feedsrc.h"
#include "sched.h"
#include "tzdb.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A growable string. */
typedef struct {
    char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(buf *b, const char *fmt, ...)
{
    va_list ap;
    for (;;) {
        va_start(ap, fmt);
        int w = vsnprintf(b->p + b->n, b->cap - b->n, fmt, ap);
        va_end(ap);
        if ((size_t)w < b->cap - b->n) {
            b->n += (size_t)w;
            return;
        }
        b->cap = b->cap * 2 + (size_t)w;
        b->p = realloc(b->p, b->cap);
        if (!b->p)
            abort();
    }
}

#define HALLS 50

static char *generate(size_t n, size_t *len)
{
    buf b = {malloc(1 << 20), 0, 1 << 20};
    put(&b, "{\"hallboard\":1,\"revision\":\"bench-%zu\",\"event\":{\"title\":{\"en\":\"Bench\","
            "\"zh\":\"基准\",\"ru\":\"Тест\",\"ar\":\"اختبار\"},\"languages\":[\"en\",\"zh\",\"ru\",\"ar\"],"
            "\"zones\":[{\"zone\":\"Europe/Moscow\"},{\"zone\":\"Asia/Shanghai\"},"
            "{\"zone\":\"America/New_York\"}]},\"halls\":[", n);
    for (int h = 0; h < HALLS; h++)
        put(&b, "%s{\"id\":\"h%d\",\"name\":{\"en\":\"Hall %d\",\"zh\":\"%d号厅\",\"ru\":\"Зал %d\","
                "\"ar\":\"القاعة %d\"}}", h ? "," : "", h, h, h, h, h);
    put(&b, "],\"tracks\":[{\"id\":\"t\",\"name\":\"Track\",\"color\":\"#1e88e5\"}],\"sessions\":[");
    /* Per hall, back-to-back 25-minute sessions with 5-minute gaps from 2030-06-01. */
    long base = 1906444800L; /* 2030-06-01T00:00:00Z */
    for (size_t i = 0; i < n; i++) {
        size_t hall = i % HALLS, slot = i / HALLS;
        long start = base + (long)slot * 1800;
        char s[32], e[32];
        time_t ts = start, te = start + 1500;
        struct tm tm;
        strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&ts, &tm));
        strftime(e, sizeof(e), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&te, &tm));
        put(&b, "%s{\"id\":\"s%zu\",\"start\":\"%s\",\"end\":\"%s\",\"hall\":\"h%zu\",\"track\":\"t\","
                "\"kind\":\"talk\",\"title\":{\"en\":\"Session %zu: learning revolution and higher "
                "education transformation\",\"zh\":\"第%zu场：学习革命与高等教育变革\","
                "\"ru\":\"Сессия %zu: революция в обучении\",\"ar\":\"الجلسة %zu: ثورة التعلم\"},"
                "\"speakers\":[{\"name\":\"Speaker %zu\",\"role\":\"Professor\",\"affiliation\":"
                "\"University %zu\"},{\"name\":\"发言人 %zu\"}]}",
            i ? "," : "", i, s, e, hall, i, i, i, i, i, i % 977, i);
    }
    put(&b, "]}");
    *len = b.n;
    return b.p;
}

static long maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void run_size(size_t n)
{
    size_t len;
    char *json = generate(n, &len);
    const char *dump = getenv("HB_BENCH_DUMP"); /* keep the generated feed for profiling */
    if (dump) {
        FILE *df = fopen(dump, "wb");
        if (df) {
            fwrite(json, 1, len, df);
            fclose(df);
        }
    }
    feed_options o = feedsrc_options();
    feed_report *rep = malloc(sizeof(*rep));

    /* Peak memory first, in a fresh process state: one parse. */
    long before = rss_kb();
    double t0 = now_s();
    agenda *a = feed_parse(json, len, &o, rep);
    double first = now_s() - t0;
    long peak = maxrss_kb() - before;
    if (!a) {
        char out[4096];
        feed_report_format(rep, out, sizeof(out));
        fprintf(stderr, "generated feed invalid:\n%s", out);
        exit(1);
    }
    size_t model = agenda_arena_bytes(a->arena);
    agenda_free(a);

    double best = first;
    for (int r = 0; r < 5; r++) {
        t0 = now_s();
        a = feed_parse(json, len, &o, rep);
        double dt = now_s() - t0;
        if (dt < best)
            best = dt;
        if (r < 4)
            agenda_free(a);
    }

    /* Now/next at random instants over the whole event, every hall and one hall. */
    int64_t lo = a->sessions[0].start - 3600, hi = a->sessions[a->n_sessions - 1].end + 3600;
    const int Q = 200000;
    unsigned seed = 12345;
    size_t sink = 0;
    t0 = now_s();
    for (int q = 0; q < Q; q++) {
        seed = seed * 1103515245u + 12345u;
        int64_t t = lo + (int64_t)(seed % (unsigned)(hi - lo));
        sched_state s;
        if (sched_query(a, t, (int32_t)(q % 2 ? (int)(seed % HALLS) : -1), &s) == 0) {
            sink += s.n_now + s.n_next;
            sched_state_free(&s);
        }
    }
    double per_query = (now_s() - t0) / Q;

    printf("%8zu sessions  %6.2f MB feed  parse+index %7.2f ms (first %7.2f ms)  "
           "peak +%7.1f MB  model %6.1f MB (%4zu B/session)  now/next %6.2f us%s\n",
           n, (double)len / 1e6, best * 1e3, first * 1e3, (double)peak / 1024.0,
           (double)model / 1048576.0, model / n, per_query * 1e6, sink ? "" : " (empty)");
    agenda_free(a);
    free(rep);
    free(json);
}

int main(int argc, char **argv)
{
    tzdb_init();
    feed_init();
    size_t defaults[] = {1000, 5000, 10000, 20000, 30000};
    size_t n_sizes = argc > 1 ? (size_t)(argc - 1) : sizeof(defaults) / sizeof(defaults[0]);
    printf("bench_feed: generated feeds, 50 halls, 4 languages; best of 5 runs\n");
    for (size_t i = 0; i < n_sizes; i++) {
        size_t n = argc > 1 ? (size_t)strtoul(argv[i + 1], NULL, 10) : defaults[i];
        fflush(stdout);
        pid_t pid = fork(); /* a fresh process per size keeps the peak figures apart */
        if (pid == 0) {
            run_size(n);
            fflush(stdout);
            _exit(0);
        }
        int st;
        waitpid(pid, &st, 0);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
            return 1;
    }
    return 0;
}
