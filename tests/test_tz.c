/* test_tz.c - the time zone module (tz.c) and its loader (tzdb.c).
 *
 * Two independent oracles check conversions on real zones: zdump's list of
 * transitions (both sides of every change, 1970-2100), and the C library's own
 * localtime_r, run in a forked child (setenv/tzset are not thread-safe, so they
 * are confined to a single-threaded child) on a few thousand pseudo-random
 * instants per zone. Unit tests cover POSIX rule edge cases, malformed TZif input,
 * local -> UTC in gaps and overlaps, next-transition queries and shared use from
 * several threads. Exit status 77 (ctest "skipped") means every test passed but
 * neither oracle could run, so the real-zone checks did not happen.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "civil.h"
#include "tz.h"
#include "tzdb.h"

/* Random instants compared with the C library per zone: named zones, and each zone
 * of the zone1970.tab sweep. */
#define NAMED_SAMPLES 4000
#define SWEEP_SAMPLES 600
/* Mismatch lines printed per zone before the rest are only counted. */
#define MAX_REPORTS 8

/* What the oracles compared (printed at the end; 0 zones means exit 77). */
static long g_zdump_zones, g_zdump_instants, g_libc_zones, g_libc_instants;

/* ------------------------------------------------------------------ helpers */

static int64_t utc(int64_t y, int mo, int d, int h, int mi, int s)
{
    return civil_days_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

/* Last Sunday of a month, as a day number, computed without tz.c's rule code. */
static int64_t last_sunday(int64_t y, int mo)
{
    int64_t d = civil_days_from_ymd(y, mo, civil_days_in_month(y, mo));
    while (civil_weekday(d) != 0)
        d--;
    return d;
}

/* Path of a zone file in the directory tzdb uses. */
static void zone_path(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", tzdb_dir(), name);
}

static bool zone_file_exists(const char *name)
{
    char path[1200];
    struct stat st;
    zone_path(name, path, sizeof path);
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Loads a zone through tzdb; skips the test if the system lacks the file. */
static tz_zone *need_zone(const char *name)
{
    if (!zone_file_exists(name)) {
        print_message("zone file for %s not installed: skipping\n", name);
        skip();
    }
    tz_zone *z = tzdb_load(NULL, name);
    if (!z)
        fail_msg("tzdb_load(%s) failed", name);
    return z;
}

/* Reads a whole zone file (for the robustness tests). */
static unsigned char *read_zone_file(const char *name, size_t *len)
{
    char path[1200];
    zone_path(name, path, sizeof path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    unsigned char *buf = malloc(TZ_TZIF_MAX + 1);
    size_t n = buf ? fread(buf, 1, TZ_TZIF_MAX + 1, f) : 0;
    fclose(f);
    if (!buf || n == 0 || n > TZ_TZIF_MAX) {
        free(buf);
        return NULL;
    }
    *len = n;
    return buf;
}

/* xorshift64*: deterministic pseudo-random numbers for reproducible samples. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

static uint64_t seed_of(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ? h : 1;
}

static void fmt_local(const tz_local *l, char *buf, size_t size)
{
    snprintf(buf, size, "%04lld-%02d-%02d %02d:%02d:%02d wd%d off=%ld dst=%d %s",
             (long long)l->year, l->month, l->day, l->hour, l->minute, l->second, l->weekday,
             (long)l->utc_offset, l->is_dst, l->abbr);
}

static void expect_local(const tz_zone *z, int64_t t, int64_t y, int mo, int d, int h, int mi,
                         int s, int32_t off, bool dst, const char *abbr)
{
    tz_local l;
    tz_to_local(z, t, &l);
    char got[128];
    fmt_local(&l, got, sizeof got);
    if (l.year != y || l.month != mo || l.day != d || l.hour != h || l.minute != mi ||
        l.second != s || l.utc_offset != off || l.is_dst != dst ||
        (abbr && strcmp(l.abbr, abbr) != 0))
        fail_msg("%s at %lld: got %s, want %04lld-%02d-%02d %02d:%02d:%02d off=%ld dst=%d %s",
                 tz_name(z), (long long)t, got, (long long)y, mo, d, h, mi, s, (long)off, dst,
                 abbr ? abbr : "");
}

/* ------------------------------------------------------------------ zdump oracle */

static int g_zdump_state = -1; /* -1 unknown, 0 absent, 1 present */

static bool zdump_available(void)
{
    if (g_zdump_state < 0) {
        FILE *p = popen("command -v zdump >/dev/null 2>&1 && echo yes", "r");
        char buf[8] = "";
        if (p) {
            if (!fgets(buf, sizeof buf, p))
                buf[0] = '\0';
            pclose(p);
        }
        g_zdump_state = strncmp(buf, "yes", 3) == 0;
        if (!g_zdump_state)
            print_message("zdump not found: skipping the zdump oracle\n");
    }
    return g_zdump_state == 1;
}

static int month_index(const char *m)
{
    static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    for (int i = 0; i < 12; i++)
        if (strncmp(m, names + 3 * i, 3) == 0 && m[3] == '\0')
            return i + 1;
    return 0;
}

static int weekday_index(const char *w)
{
    static const char names[] = "SunMonTueWedThuFriSat";
    for (int i = 0; i < 7; i++)
        if (strncmp(w, names + 3 * i, 3) == 0 && w[3] == '\0')
            return i;
    return -1;
}

/* One zdump -V line: the UTC instant and the local time it shows. */
typedef struct {
    int64_t t;
    tz_local l;
} zdump_line;

/* Parses "<zone>  Www Mmm dd hh:mm:ss yyyy UT = Www Mmm dd hh:mm:ss yyyy ABBR isdst=N
 * gmtoff=N". Returns 1 on success, 0 for the lines at the ends of time_t's range, which
 * -V leaves out and -v shows (zdump of tzcode 2022 and older, Debian 12:
 * "<zone>  -9223372036854775808 = NULL"; newer, Debian 13: "<zone>  -9223372036854775808
 * (gmtime failed) = ..." with "(localtime failed)" or a local time after it), -1
 * otherwise. */
static int parse_zdump_line(const char *line, size_t prefix, zdump_line *out)
{
    if (strstr(line, "= NULL") || strstr(line, "(gmtime failed)") ||
        strstr(line, "(localtime failed)"))
        return 0;
    char uw[4], um[4], lw[4], lm[4], abbr[16];
    int ud, uh, umi, us, ld, lh, lmi, ls, isdst;
    long long uy, ly;
    long gmtoff;
    if (sscanf(line + prefix,
               " %3s %3s %d %d:%d:%d %lld UT = %3s %3s %d %d:%d:%d %lld %15s isdst=%d gmtoff=%ld",
               uw, um, &ud, &uh, &umi, &us, &uy, lw, lm, &ld, &lh, &lmi, &ls, &ly, abbr, &isdst,
               &gmtoff) != 17)
        return -1;
    /* Newer zdump also shows the first instant it can convert as a date in year
     * -2147481748: far outside the years asked for (-c 1970,2101), a range line too. */
    if (uy < 1969 || uy > 2101)
        return 0;
    int umo = month_index(um), lmo = month_index(lm), lwd = weekday_index(lw);
    if (!umo || !lmo || lwd < 0)
        return -1;
    out->t = utc(uy, umo, ud, uh, umi, us);
    memset(&out->l, 0, sizeof out->l);
    out->l.year = ly;
    out->l.month = lmo;
    out->l.day = ld;
    out->l.hour = lh;
    out->l.minute = lmi;
    out->l.second = ls;
    out->l.weekday = lwd;
    out->l.utc_offset = (int32_t)gmtoff;
    out->l.is_dst = isdst > 0;
    snprintf(out->l.abbr, sizeof out->l.abbr, "%s", abbr);
    return 1;
}

static bool same_local(const tz_local *a, const tz_local *b, bool abbr)
{
    return a->year == b->year && a->month == b->month && a->day == b->day &&
           a->hour == b->hour && a->minute == b->minute && a->second == b->second &&
           a->weekday == b->weekday && a->utc_offset == b->utc_offset &&
           a->is_dst == b->is_dst && (!abbr || strcmp(a->abbr, b->abbr) == 0);
}

/* Compares z with `zdump -V -c 1970,2101`: the local time, offset, DST flag and
 * abbreviation on both sides of every transition, and that tz_next_transition()
 * steps from each offset/DST change to the next. Returns the number of mismatches
 * (reported), or -1 if zdump could not be run. */
static int zdump_compare(const tz_zone *z, const char *name, long *instants)
{
    char path[1200], cmd[1400], line[512];
    zone_path(name, path, sizeof path);
    /* -V: -v without the lines at the ends of time_t's range, which cost Debian 13's
     * zdump (glibc 2.41) six times the rest of the run; the transitions are the same. */
    snprintf(cmd, sizeof cmd, "zdump -V -c 1970,2101 '%s' 2>/dev/null", path);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    size_t prefix = strlen(path);
    int bad = 0, reports = 0, parsed = 0;
    bool have_prev = false, have_change = false;
    zdump_line prev = {0};
    int64_t last_change = 0;
    while (fgets(line, sizeof line, p)) {
        zdump_line zl;
        if (strncmp(line, path, prefix) != 0) {
            bad++;
            if (reports++ < MAX_REPORTS)
                print_error("%s: unexpected zdump line: %s", name, line);
            continue;
        }
        int r = parse_zdump_line(line, prefix, &zl);
        if (r == 0)
            continue;
        if (r < 0) {
            bad++;
            if (reports++ < MAX_REPORTS)
                print_error("%s: unparsable zdump line: %s", name, line);
            continue;
        }
        parsed++;
        tz_local ours;
        tz_to_local(z, zl.t, &ours);
        if (!same_local(&ours, &zl.l, true)) {
            bad++;
            if (reports++ < MAX_REPORTS) {
                char a[128], b[128];
                fmt_local(&ours, a, sizeof a);
                fmt_local(&zl.l, b, sizeof b);
                print_error("%s at %lld: ours %s, zdump %s\n", name, (long long)zl.t, a, b);
            }
        }
        /* The second line of a pair is the first second after a transition. */
        if (have_prev && prev.t == zl.t - 1 &&
            (prev.l.utc_offset != zl.l.utc_offset || prev.l.is_dst != zl.l.is_dst)) {
            int64_t from = have_change ? last_change : zl.t - 1;
            int64_t next = tz_next_transition(z, from);
            if (next != zl.t) {
                bad++;
                if (reports++ < MAX_REPORTS)
                    print_error("%s: tz_next_transition(%lld) = %lld, zdump says %lld\n", name,
                                (long long)from, (long long)next, (long long)zl.t);
            }
            have_change = true;
            last_change = zl.t;
        }
        prev = zl;
        have_prev = true;
    }
    int status = pclose(p);
    if (status != 0 && parsed == 0)
        return -1;
    /* No change may be missing between the last one zdump lists and 2101. */
    if (have_change) {
        int64_t next = tz_next_transition(z, last_change);
        if (next < utc(2100, 12, 31, 0, 0, 0)) {
            bad++;
            print_error("%s: extra transition at %lld after zdump's last\n", name,
                        (long long)next);
        }
    }
    *instants += parsed;
    return bad;
}

/* ------------------------------------------------------------------ libc oracle */

/* One localtime_r result, as the child sends it over the pipe. */
typedef struct {
    int32_t year, month, day, hour, minute, second, weekday, isdst, ok;
} libc_tm;

static bool write_all(int fd, const void *buf, size_t n)
{
    const unsigned char *p = buf;
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static bool read_all(int fd, void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return false;
        p += r;
        n -= (size_t)r;
    }
    return true;
}

/* Runs localtime_r on every instant with TZ=":<path>" in a forked child (the only
 * place this program touches TZ) and collects the results. */
static bool libc_localtimes(const char *path, const int64_t *ts, size_t n, libc_tm *out)
{
    int fds[2];
    if (pipe(fds) != 0)
        return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return false;
    }
    if (pid == 0) {
        close(fds[0]);
        char tzval[1300];
        snprintf(tzval, sizeof tzval, ":%s", path);
        if (setenv("TZ", tzval, 1) != 0)
            _exit(2);
        tzset();
        for (size_t i = 0; i < n; i++) {
            time_t tt = (time_t)ts[i];
            struct tm tm;
            libc_tm r = {0};
            if (localtime_r(&tt, &tm)) {
                r.year = tm.tm_year + 1900;
                r.month = tm.tm_mon + 1;
                r.day = tm.tm_mday;
                r.hour = tm.tm_hour;
                r.minute = tm.tm_min;
                r.second = tm.tm_sec;
                r.weekday = tm.tm_wday;
                r.isdst = tm.tm_isdst > 0;
                r.ok = 1;
            }
            if (!write_all(fds[1], &r, sizeof r))
                _exit(3);
        }
        _exit(0);
    }
    close(fds[1]);
    bool ok = read_all(fds[0], out, n * sizeof *out);
    close(fds[0]);
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    return ok && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* Compares z with the C library on `samples` random instants in 1970-2100 plus both
 * sides of each change our zone reports in that range; on every one also checks
 * that tz_from_local() maps the local time back to the instant (or, in an overlap,
 * to an earlier instant showing the same wall time). Returns the mismatch count. */
static int libc_compare(const tz_zone *z, const char *name, size_t samples, long *instants)
{
    const int64_t lo = 0, hi = utc(2101, 1, 1, 0, 0, 0);
    size_t cap = samples + 2048, n = 0;
    int64_t *ts = malloc(cap * sizeof *ts);
    libc_tm *tms = malloc(cap * sizeof *tms);
    assert_non_null(ts);
    assert_non_null(tms);
    uint64_t rng = seed_of(name);
    for (size_t i = 0; i < samples; i++)
        ts[n++] = lo + (int64_t)(rng_next(&rng) % (uint64_t)(hi - lo));
    for (int64_t t = tz_next_transition(z, lo - 1); t < hi && n + 2 <= cap;
         t = tz_next_transition(z, t)) {
        ts[n++] = t - 1;
        ts[n++] = t;
    }
    char path[1200];
    zone_path(name, path, sizeof path);
    if (!libc_localtimes(path, ts, n, tms)) {
        free(ts);
        free(tms);
        return -1;
    }
    int bad = 0, reports = 0;
    for (size_t i = 0; i < n; i++) {
        /* A 32-bit time_t (armhf) cannot hold the instant: the C library has no answer
         * to compare with (the zdump oracle still covers it). */
        if ((int64_t)(time_t)ts[i] != ts[i])
            continue;
        tz_local l;
        tz_to_local(z, ts[i], &l);
        const libc_tm *c = &tms[i];
        int64_t c_off = c->ok ? utc(c->year, c->month, c->day, c->hour, c->minute, c->second) -
                                    ts[i]
                              : 0;
        bool same = c->ok && l.year == c->year && l.month == c->month && l.day == c->day &&
                    l.hour == c->hour && l.minute == c->minute && l.second == c->second &&
                    l.weekday == c->weekday && l.is_dst == (c->isdst != 0) &&
                    l.utc_offset == c_off;
        int64_t back = 0;
        tz_local lb;
        bool round = tz_from_local(z, l.year, l.month, l.day, l.hour, l.minute, l.second, &back);
        if (round)
            tz_to_local(z, back, &lb);
        round = round && back <= ts[i] && lb.year == l.year && lb.month == l.month &&
                lb.day == l.day && lb.hour == l.hour && lb.minute == l.minute &&
                lb.second == l.second;
        if (!same || !round) {
            bad++;
            if (reports++ < MAX_REPORTS) {
                char a[128];
                fmt_local(&l, a, sizeof a);
                print_error("%s at %lld: ours %s; libc %04d-%02d-%02d %02d:%02d:%02d wd%d "
                            "off=%lld dst=%d; from_local -> %lld\n",
                            name, (long long)ts[i], a, (int)c->year, (int)c->month, (int)c->day,
                            (int)c->hour, (int)c->minute, (int)c->second, (int)c->weekday,
                            (long long)c_off, (int)c->isdst, (long long)back);
            }
        }
    }
    *instants += (long)n;
    free(ts);
    free(tms);
    return bad;
}

/* Runs both oracles on one zone and fails the test on any disagreement. */
static void oracle_check_zone(const char *name, size_t samples)
{
    tz_zone *z = need_zone(name);
    int bad = 0;
    if (zdump_available()) {
        long n = 0;
        int r = zdump_compare(z, name, &n);
        if (r < 0) {
            print_message("zdump failed for %s: skipping that oracle for it\n", name);
        } else {
            bad += r;
            g_zdump_zones++;
            g_zdump_instants += n;
        }
    }
    long n = 0;
    int r = libc_compare(z, name, samples, &n);
    if (r < 0) {
        print_message("C library oracle could not run for %s\n", name);
    } else {
        bad += r;
        g_libc_zones++;
        g_libc_instants += n;
    }
    tz_free(z);
    if (bad)
        fail_msg("%s: %d disagreement(s) with the oracles", name, bad);
}

/* ------------------------------------------------------------------ oracle tests */

static void tz_lord_howe_half_hour_dst_matches_zdump(void **state)
{
    (void)state;
    oracle_check_zone("Australia/Lord_Howe", NAMED_SAMPLES);
    tz_zone *z = need_zone("Australia/Lord_Howe");
    /* 2021-10-03 02:00 +1030 -> 02:30 +11 (15:30Z the day before). */
    expect_local(z, utc(2021, 10, 2, 15, 29, 59), 2021, 10, 3, 1, 59, 59, 37800, false, "+1030");
    expect_local(z, utc(2021, 10, 2, 15, 30, 0), 2021, 10, 3, 2, 30, 0, 39600, true, "+11");
    tz_free(z);
}

static void tz_kathmandu_plus_0545_matches_zdump(void **state)
{
    (void)state;
    oracle_check_zone("Asia/Kathmandu", NAMED_SAMPLES);
    tz_zone *z = need_zone("Asia/Kathmandu");
    /* +05:30 until 1986, +05:45 since. */
    assert_int_equal(tz_offset_at(z, utc(1985, 6, 1, 0, 0, 0)), 19800);
    expect_local(z, utc(2024, 1, 1, 0, 0, 0), 2024, 1, 1, 5, 45, 0, 20700, false, "+0545");
    tz_free(z);
}

static void tz_chatham_1245_and_1345_offsets_match_zdump(void **state)
{
    (void)state;
    oracle_check_zone("Pacific/Chatham", NAMED_SAMPLES);
    tz_zone *z = need_zone("Pacific/Chatham");
    assert_int_equal(tz_offset_at(z, utc(2022, 7, 1, 0, 0, 0)), 12 * 3600 + 45 * 60);
    assert_int_equal(tz_offset_at(z, utc(2022, 1, 1, 0, 0, 0)), 13 * 3600 + 45 * 60);
    tz_free(z);
}

static void tz_st_johns_minus_0330_matches_zdump(void **state)
{
    (void)state;
    oracle_check_zone("America/St_Johns", NAMED_SAMPLES);
    tz_zone *z = need_zone("America/St_Johns");
    expect_local(z, utc(2023, 1, 15, 12, 0, 0), 2023, 1, 15, 8, 30, 0, -12600, false, "NST");
    expect_local(z, utc(2023, 7, 15, 12, 0, 0), 2023, 7, 15, 9, 30, 0, -9000, true, "NDT");
    tz_free(z);
}

static void tz_dublin_negative_dst_reports_winter_as_dst_like_zdump(void **state)
{
    (void)state;
    oracle_check_zone("Europe/Dublin", NAMED_SAMPLES);
    tz_zone *z = need_zone("Europe/Dublin");
    /* The file says IST (+1) is standard and winter GMT is "DST" with a -1 h save. */
    expect_local(z, utc(2023, 1, 15, 12, 0, 0), 2023, 1, 15, 12, 0, 0, 0, true, "GMT");
    expect_local(z, utc(2023, 7, 15, 12, 0, 0), 2023, 7, 15, 13, 0, 0, 3600, false, "IST");
    /* Same far beyond the file's transitions, from the footer rule. */
    expect_local(z, utc(2090, 1, 15, 12, 0, 0), 2090, 1, 15, 12, 0, 0, 0, true, "GMT");
    tz_free(z);
}

static void tz_moscow_2011_and_2014_changes_match_zdump(void **state)
{
    (void)state;
    oracle_check_zone("Europe/Moscow", NAMED_SAMPLES);
    tz_zone *z = need_zone("Europe/Moscow");
    assert_int_equal(tz_offset_at(z, utc(2013, 1, 1, 0, 0, 0)), 4 * 3600);
    assert_int_equal(tz_offset_at(z, utc(2015, 7, 1, 0, 0, 0)), 3 * 3600);
    tz_free(z);
}

#define ORACLE_TEST(fn, zone)                                                                 \
    static void fn(void **state)                                                              \
    {                                                                                         \
        (void)state;                                                                          \
        oracle_check_zone(zone, NAMED_SAMPLES);                                               \
    }

ORACLE_TEST(tz_shanghai_matches_zdump, "Asia/Shanghai")
ORACLE_TEST(tz_new_york_matches_zdump, "America/New_York")
ORACLE_TEST(tz_london_matches_zdump, "Europe/London")
ORACLE_TEST(tz_sydney_southern_dst_matches_zdump, "Australia/Sydney")
ORACLE_TEST(tz_santiago_24h_switch_times_match_zdump, "America/Santiago")
ORACLE_TEST(tz_casablanca_ramadan_changes_match_zdump, "Africa/Casablanca")
ORACLE_TEST(tz_tehran_plus_0330_matches_zdump, "Asia/Tehran")
ORACLE_TEST(tz_sao_paulo_abolished_dst_matches_zdump, "America/Sao_Paulo")
ORACLE_TEST(tz_kolkata_matches_zdump, "Asia/Kolkata")
ORACLE_TEST(tz_berlin_matches_zdump, "Europe/Berlin")
ORACLE_TEST(tz_los_angeles_matches_zdump, "America/Los_Angeles")
ORACLE_TEST(tz_auckland_matches_zdump, "Pacific/Auckland")
ORACLE_TEST(tz_gaza_50h_switch_times_match_zdump, "Asia/Gaza")
ORACLE_TEST(tz_utc_matches_zdump, "UTC")

static void tz_apia_skipped_day_matches_zdump(void **state)
{
    (void)state;
    oracle_check_zone("Pacific/Apia", NAMED_SAMPLES);
    tz_zone *z = need_zone("Pacific/Apia");
    /* Samoa jumped over 2011-12-30 to the other side of the date line. */
    expect_local(z, utc(2011, 12, 30, 9, 59, 59), 2011, 12, 29, 23, 59, 59, -36000, true, NULL);
    expect_local(z, utc(2011, 12, 30, 10, 0, 0), 2011, 12, 31, 0, 0, 0, 50400, true, NULL);
    tz_free(z);
}

/* More zones with unusual rules: negative switch times (Nuuk), 2 h DST (Troll),
 * Thursday-based rules (Jerusalem, Cairo), midnight rules (Havana), abolished or
 * changed DST (Asuncion, Amman, Caracas, Pyongyang), +14 and -11 extremes. */
static const char *const g_more_zones[] = {
    "America/Nuuk",        "Antarctica/Troll",  "Asia/Jerusalem",     "Africa/Cairo",
    "America/Havana",      "Australia/Adelaide", "Pacific/Kiritimati", "Pacific/Pago_Pago",
    "America/Caracas",     "Europe/Lisbon",      "America/Asuncion",   "Asia/Amman",
    "Pacific/Norfolk",     "America/Scoresbysund", "Asia/Pyongyang",   "Antarctica/Macquarie",
    "Pacific/Easter",      "Africa/Juba",        "Asia/Colombo",       "America/Miquelon",
    "Europe/Chisinau",     "Asia/Dhaka",         "Etc/GMT+5",          "Europe/Kyiv",
};

static void tz_more_tricky_zones_match_zdump(void **state)
{
    (void)state;
    int failed = 0, ran = 0;
    for (size_t i = 0; i < sizeof g_more_zones / sizeof g_more_zones[0]; i++) {
        const char *name = g_more_zones[i];
        if (!zone_file_exists(name)) {
            print_message("zone %s not installed: left out\n", name);
            continue;
        }
        tz_zone *z = tzdb_load(NULL, name);
        if (!z) {
            print_error("tzdb_load(%s) failed\n", name);
            failed++;
            continue;
        }
        long n = 0;
        int bad = 0;
        if (zdump_available()) {
            int r = zdump_compare(z, name, &n);
            if (r >= 0) {
                bad += r;
                g_zdump_zones++;
                g_zdump_instants += n;
            }
        }
        n = 0;
        int r = libc_compare(z, name, NAMED_SAMPLES, &n);
        if (r >= 0) {
            bad += r;
            g_libc_zones++;
            g_libc_instants += n;
        }
        tz_free(z);
        failed += bad != 0;
        ran++;
    }
    if (ran == 0)
        skip();
    assert_int_equal(failed, 0);
}

/* Every zone of zone1970.tab (the canonical list), with fewer random instants. */
static void tz_every_zone1970_tab_zone_matches_zdump(void **state)
{
    (void)state;
    char path[1200], line[1024];
    zone_path("zone1970.tab", path, sizeof path);
    FILE *f = fopen(path, "r");
    if (!f) {
        print_message("%s not readable: skipping the all-zones sweep\n", path);
        skip();
    }
    int failed = 0, ran = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        /* country codes, coordinates, TZ name, optional comment - tab separated */
        char *save = NULL, *tok = strtok_r(line, "\t\n", &save);
        tok = tok ? strtok_r(NULL, "\t\n", &save) : NULL;
        char *name = tok ? strtok_r(NULL, "\t\n", &save) : NULL;
        if (!name || !tzdb_name_ok(name) || !zone_file_exists(name))
            continue;
        tz_zone *z = tzdb_load(NULL, name);
        if (!z) {
            print_error("tzdb_load(%s) failed\n", name);
            failed++;
            continue;
        }
        long n = 0;
        int bad = 0;
        if (zdump_available()) {
            int r = zdump_compare(z, name, &n);
            if (r >= 0) {
                bad += r;
                g_zdump_zones++;
                g_zdump_instants += n;
            }
        }
        n = 0;
        int r = libc_compare(z, name, SWEEP_SAMPLES, &n);
        if (r >= 0) {
            bad += r;
            g_libc_zones++;
            g_libc_instants += n;
        }
        tz_free(z);
        failed += bad != 0;
        ran++;
    }
    fclose(f);
    print_message("zone1970.tab sweep: %d zones checked\n", ran);
    if (ran == 0)
        skip();
    assert_int_equal(failed, 0);
}

/* ------------------------------------------------------------------ POSIX rules */

static tz_zone *posix(const char *rule)
{
    tz_zone *z = tz_parse_posix("test", rule);
    if (!z)
        fail_msg("rule rejected: %s", rule);
    return z;
}

static void tz_posix_us_rule_switches_second_sunday_march_first_sunday_november(void **state)
{
    (void)state;
    tz_zone *z = posix("EST5EDT,M3.2.0,M11.1.0");
    assert_string_equal(tz_name(z), "test");
    /* 2021: 14 March 02:00 EST = 07:00Z; 7 November 02:00 EDT = 06:00Z. */
    expect_local(z, utc(2021, 3, 14, 6, 59, 59), 2021, 3, 14, 1, 59, 59, -18000, false, "EST");
    expect_local(z, utc(2021, 3, 14, 7, 0, 0), 2021, 3, 14, 3, 0, 0, -14400, true, "EDT");
    expect_local(z, utc(2021, 11, 7, 5, 59, 59), 2021, 11, 7, 1, 59, 59, -14400, true, "EDT");
    expect_local(z, utc(2021, 11, 7, 6, 0, 0), 2021, 11, 7, 1, 0, 0, -18000, false, "EST");
    assert_int_equal(tz_next_transition(z, utc(2021, 1, 1, 0, 0, 0)), utc(2021, 3, 14, 7, 0, 0));
    assert_int_equal(tz_next_transition(z, utc(2021, 3, 14, 7, 0, 0)), utc(2021, 11, 7, 6, 0, 0));
    tz_free(z);
}

static void tz_posix_dst_without_dates_gets_us_rules_and_one_hour(void **state)
{
    (void)state;
    tz_zone *z = posix("CST6CDT");
    assert_int_equal(tz_offset_at(z, utc(2021, 7, 1, 0, 0, 0)), -5 * 3600);
    assert_int_equal(tz_offset_at(z, utc(2021, 12, 1, 0, 0, 0)), -6 * 3600);
    assert_int_equal(tz_next_transition(z, utc(2021, 1, 1, 0, 0, 0)), utc(2021, 3, 14, 8, 0, 0));
    tz_free(z);
}

static void tz_posix_quoted_names_and_minute_offsets(void **state)
{
    (void)state;
    tz_zone *z = posix("<+0545>-5:45");
    expect_local(z, utc(2030, 1, 1, 0, 0, 0), 2030, 1, 1, 5, 45, 0, 20700, false, "+0545");
    assert_int_equal(tz_next_transition(z, 0), INT64_MAX);
    tz_free(z);
    z = posix("<-0330>3:30");
    assert_int_equal(tz_offset_at(z, 0), -12600);
    tz_free(z);
    z = posix("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0");
    expect_local(z, utc(2022, 1, 1, 0, 0, 0), 2022, 1, 1, 11, 0, 0, 39600, true, "+11");
    expect_local(z, utc(2022, 7, 1, 0, 0, 0), 2022, 7, 1, 10, 30, 0, 37800, false, "+1030");
    tz_free(z);
    z = posix("XXX+1:02:03");
    assert_int_equal(tz_offset_at(z, 0), -3723);
    tz_free(z);
}

static void tz_posix_julian_jn_skips_feb_29_and_zero_based_n_counts_it(void **state)
{
    (void)state;
    /* J60 is 1 March in every year; 59 (zero-based) is 29 Feb in leap years. */
    tz_zone *j = posix("AAA0BBB,J60/0,J300/0");
    tz_zone *n = posix("AAA0BBB,59/0,299/0");
    assert_int_equal(tz_next_transition(j, utc(2024, 1, 1, 0, 0, 0)), utc(2024, 3, 1, 0, 0, 0));
    assert_int_equal(tz_next_transition(j, utc(2023, 1, 1, 0, 0, 0)), utc(2023, 3, 1, 0, 0, 0));
    assert_int_equal(tz_next_transition(n, utc(2024, 1, 1, 0, 0, 0)), utc(2024, 2, 29, 0, 0, 0));
    assert_int_equal(tz_next_transition(n, utc(2023, 1, 1, 0, 0, 0)), utc(2023, 3, 1, 0, 0, 0));
    /* J365 is 31 December even in leap years; n = 365 exists only in leap years. */
    tz_zone *e = posix("AAA0BBB,J1/0,J365/0");
    assert_int_equal(tz_next_transition(e, utc(2024, 6, 1, 0, 0, 0)), utc(2024, 12, 31, 0, 0, -3600));
    tz_free(j);
    tz_free(n);
    tz_free(e);
}

static void tz_posix_negative_switch_time_falls_on_previous_day(void **state)
{
    (void)state;
    /* Nuuk: last Sunday of March at -1:00 local standard time, i.e. Saturday 23:00
     * -02: 2024-03-30 23:00 -02 = 2024-03-31T01:00Z. */
    tz_zone *z = posix("<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
    assert_int_equal(tz_next_transition(z, utc(2024, 1, 1, 0, 0, 0)), utc(2024, 3, 31, 1, 0, 0));
    expect_local(z, utc(2024, 3, 31, 0, 59, 59), 2024, 3, 30, 22, 59, 59, -7200, false, "-02");
    expect_local(z, utc(2024, 3, 31, 1, 0, 0), 2024, 3, 31, 0, 0, 0, -3600, true, "-01");
    /* October: last Sunday (27th) at 00:00 local DST = 01:00Z. */
    assert_int_equal(tz_next_transition(z, utc(2024, 6, 1, 0, 0, 0)), utc(2024, 10, 27, 1, 0, 0));
    tz_free(z);
    /* The most negative time allowed moves the switch almost a week back. */
    z = posix("AAA0BBB,M3.5.0/-167,M10.5.0/-167");
    /* Last Sunday of March 2024 is the 31st; minus 167 h = 24 March 01:00. */
    assert_int_equal(tz_next_transition(z, utc(2024, 1, 1, 0, 0, 0)), utc(2024, 3, 24, 1, 0, 0));
    tz_free(z);
}

static void tz_posix_switch_time_beyond_24h_falls_on_later_day(void **state)
{
    (void)state;
    /* Jerusalem: Thursday of the 4th week of March at 26:00 = Friday 02:00 IST. */
    tz_zone *z = posix("IST-2IDT,M3.4.4/26,M10.5.0");
    /* 2024: 4th Thursday of March = 28th; Friday 29 March 02:00 +02 = 00:00Z. */
    assert_int_equal(tz_next_transition(z, utc(2024, 1, 1, 0, 0, 0)), utc(2024, 3, 29, 0, 0, 0));
    tz_free(z);
    /* Santiago: first Saturday of September at 24:00 -04 = Sunday 04:00Z. */
    z = posix("<-04>4<-03>,M9.1.6/24,M4.1.6/24");
    assert_int_equal(tz_next_transition(z, utc(2024, 6, 1, 0, 0, 0)), utc(2024, 9, 8, 4, 0, 0));
    expect_local(z, utc(2024, 9, 8, 4, 0, 0), 2024, 9, 8, 1, 0, 0, -10800, true, "-03");
    tz_free(z);
    /* The largest allowed time, 167 h = 6 days 23 h. */
    z = posix("AAA0BBB,M3.1.0/167,M10.1.0");
    /* First Sunday of March 2024 is the 3rd; +167 h = 9 March 23:00Z. */
    assert_int_equal(tz_next_transition(z, utc(2024, 1, 1, 0, 0, 0)), utc(2024, 3, 9, 23, 0, 0));
    tz_free(z);
}

static void tz_posix_southern_hemisphere_dst_spans_new_year(void **state)
{
    (void)state;
    tz_zone *z = posix("AEST-10AEDT,M10.1.0,M4.1.0/3");
    expect_local(z, utc(2023, 12, 31, 13, 0, 0), 2024, 1, 1, 0, 0, 0, 39600, true, "AEDT");
    expect_local(z, utc(2024, 7, 1, 0, 0, 0), 2024, 7, 1, 10, 0, 0, 36000, false, "AEST");
    /* 7 April 2024 03:00 AEDT = 6 April 16:00Z; 6 October 02:00 AEST = 5 Oct 16:00Z. */
    assert_int_equal(tz_next_transition(z, utc(2024, 1, 1, 0, 0, 0)), utc(2024, 4, 6, 16, 0, 0));
    assert_int_equal(tz_next_transition(z, utc(2024, 4, 6, 16, 0, 0)), utc(2024, 10, 5, 16, 0, 0));
    tz_free(z);
    /* Chatham: quarter-hour offsets and switch times. */
    z = posix("<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45");
    assert_int_equal(tz_offset_at(z, utc(2024, 1, 1, 0, 0, 0)), 49500);
    assert_int_equal(tz_offset_at(z, utc(2024, 6, 1, 0, 0, 0)), 45900);
    /* Last Sunday of Sept 2024 (29th) 02:45 +1245 = 28 Sept 14:00Z. */
    assert_int_equal(tz_next_transition(z, utc(2024, 6, 1, 0, 0, 0)), utc(2024, 9, 28, 14, 0, 0));
    tz_free(z);
}

static void tz_posix_negative_save_like_dublin_reports_winter_as_dst(void **state)
{
    (void)state;
    tz_zone *z = posix("IST-1GMT0,M10.5.0,M3.5.0/1");
    expect_local(z, utc(2050, 1, 10, 12, 0, 0), 2050, 1, 10, 12, 0, 0, 0, true, "GMT");
    expect_local(z, utc(2050, 7, 10, 12, 0, 0), 2050, 7, 10, 13, 0, 0, 3600, false, "IST");
    /* 2050: last Sunday of March, 01:00 GMT; last Sunday of October, 02:00 IST. */
    assert_int_equal(tz_next_transition(z, utc(2050, 1, 1, 0, 0, 0)),
                     last_sunday(2050, 3) * 86400 + 3600);
    assert_int_equal(tz_next_transition(z, utc(2050, 6, 1, 0, 0, 0)),
                     last_sunday(2050, 10) * 86400 + 3600);
    tz_free(z);
}

static void tz_posix_all_year_dst_rule_never_changes(void **state)
{
    (void)state;
    tz_zone *z = posix("EST5EDT,0/0,J365/25");
    for (int64_t y = 1970; y <= 2100; y += 7) {
        assert_true(tz_offset_at(z, utc(y, 1, 1, 0, 0, 0)) == -14400);
        assert_true(tz_offset_at(z, utc(y, 12, 31, 23, 59, 59)) == -14400);
    }
    assert_int_equal(tz_next_transition(z, 0), INT64_MAX);
    assert_int_equal(tz_next_transition(z, INT64_MIN), INT64_MAX);
    tz_free(z);
}

static void tz_posix_zone_without_dst_is_fixed(void **state)
{
    (void)state;
    tz_zone *z = posix("<+13>-13");
    expect_local(z, 0, 1970, 1, 1, 13, 0, 0, 46800, false, "+13");
    assert_int_equal(tz_next_transition(z, 0), INT64_MAX);
    tz_free(z);
}

static void tz_posix_invalid_rules_are_rejected(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "",                               /* empty */
        "EST",                            /* no offset */
        "ES5",                            /* name too short */
        "<+0>0",                          /* quoted name too short */
        "<+0545-5:45",                    /* unterminated quote */
        "<+05 45>-5",                     /* space in quoted name */
        "ABCDEFGHIJKLMNOP5",              /* name too long */
        "EST25",                          /* offset over 24 h */
        "EST5:60",                        /* minutes over 59 */
        "EST5:00:60",                     /* seconds over 59 */
        "EST+",                           /* sign without digits */
        "EST5EDT,M3.2.0",                 /* one date only */
        "EST5EDT,M3.2.0,",                /* empty end date */
        "EST5EDT,M3.2.0,M11.1.0,",        /* trailing comma */
        "EST5EDT,M3.2.0,M11.1.0x",        /* trailing garbage */
        "EST5EDT,M13.1.0,M11.1.0",        /* month 13 */
        "EST5EDT,M0.1.0,M11.1.0",         /* month 0 */
        "EST5EDT,M3.6.0,M11.1.0",         /* week 6 */
        "EST5EDT,M3.0.0,M11.1.0",         /* week 0 */
        "EST5EDT,M3.1.7,M11.1.0",         /* weekday 7 */
        "EST5EDT,M3.1,M11.1.0",           /* missing weekday */
        "EST5EDT,J0,J100",                /* Julian day 0 */
        "EST5EDT,J366,J100",              /* Julian day 366 */
        "EST5EDT,366,100",                /* zero-based day 366 */
        "EST5EDT,M3.2.0/168,M11.1.0",     /* time over 167 h */
        "EST5EDT,M3.2.0/-168,M11.1.0",    /* time under -167 h */
        "EST5EDT,M3.2.0/,M11.1.0",        /* empty time */
        "EST5EDT,M3.2.0/2:,M11.1.0",      /* empty minutes */
        "EST5EDT;M3.2.0,M11.1.0",         /* wrong separator */
        ":America/New_York",              /* file reference, not a rule */
        "EST5 EDT",                       /* space */
        "5EST",                           /* offset first */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tz_zone *z = tz_parse_posix("bad", bad[i]);
        if (z) {
            tz_free(z);
            fail_msg("accepted invalid rule \"%s\"", bad[i]);
        }
    }
    assert_null(tz_parse_posix("bad", NULL));
    /* A name longer than TZ_NAME_MAX is refused; NULL means "". */
    char longname[TZ_NAME_MAX + 2];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    assert_null(tz_parse_posix(longname, "UTC0"));
    longname[TZ_NAME_MAX] = '\0';
    tz_zone *z = tz_parse_posix(longname, "UTC0");
    assert_non_null(z);
    assert_string_equal(tz_name(z), longname);
    tz_free(z);
    z = tz_parse_posix(NULL, "UTC0");
    assert_non_null(z);
    assert_string_equal(tz_name(z), "");
    tz_free(z);
    tz_free(NULL);
}

static void tz_utc_is_fixed_and_named_utc(void **state)
{
    (void)state;
    tz_zone *z = tz_utc();
    assert_non_null(z);
    assert_string_equal(tz_name(z), "UTC");
    expect_local(z, utc(2024, 2, 29, 23, 59, 59), 2024, 2, 29, 23, 59, 59, 0, false, "UTC");
    expect_local(z, -1, 1969, 12, 31, 23, 59, 59, 0, false, "UTC");
    assert_int_equal(tz_next_transition(z, 0), INT64_MAX);
    /* Extreme instants must not overflow. */
    tz_local l;
    tz_to_local(z, INT64_MAX, &l);
    tz_to_local(z, INT64_MIN, &l);
    tz_free(z);
}

/* ------------------------------------------------------------------ TZif input */

/* A hand-made TZif file: the same data is written as the 32-bit block and, for
 * version 2+, as the 64-bit block followed by the footer. Counts are written as
 * given so tests can make them inconsistent. */
typedef struct {
    unsigned char version; /* 0, '2', '3', '4' (or anything, to test rejection) */
    unsigned char version2; /* second header's version; 0 = same as version */
    uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
    int64_t times[8];
    uint8_t idx[8];
    struct {
        int32_t off;
        uint8_t isdst, desig;
    } types[4];
    char chars[32];
    uint8_t isstd[4], isut[4];
    const char *footer; /* written between newlines; NULL = no footer at all */
} tzif_spec;

static unsigned char *put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
    return p + 4;
}

static unsigned char *put_block(const tzif_spec *s, unsigned char version, int timesize,
                                unsigned char *p)
{
    memcpy(p, "TZif", 4);
    p[4] = version;
    memset(p + 5, 0, 15);
    p += 20;
    p = put32(p, s->isutcnt);
    p = put32(p, s->isstdcnt);
    p = put32(p, s->leapcnt);
    p = put32(p, s->timecnt);
    p = put32(p, s->typecnt);
    p = put32(p, s->charcnt);
    for (uint32_t i = 0; i < s->timecnt; i++) {
        uint64_t u = (uint64_t)s->times[i];
        if (timesize == 8)
            p = put32(p, (uint32_t)(u >> 32));
        p = put32(p, (uint32_t)u);
    }
    for (uint32_t i = 0; i < s->timecnt; i++)
        *p++ = s->idx[i];
    for (uint32_t i = 0; i < s->typecnt; i++) {
        p = put32(p, (uint32_t)s->types[i].off);
        *p++ = s->types[i].isdst;
        *p++ = s->types[i].desig;
    }
    memcpy(p, s->chars, s->charcnt);
    p += s->charcnt;
    for (uint32_t i = 0; i < s->leapcnt; i++) { /* occurrence, correction */
        memset(p, 0, (size_t)timesize);
        p += timesize;
        p = put32(p, 1);
    }
    for (uint32_t i = 0; i < s->isstdcnt; i++)
        *p++ = s->isstd[i];
    for (uint32_t i = 0; i < s->isutcnt; i++)
        *p++ = s->isut[i];
    return p;
}

/* Writes the file into buf (at least 1024 bytes); returns its length. */
static size_t tzif_build(const tzif_spec *s, unsigned char *buf)
{
    unsigned char *p = put_block(s, s->version, 4, buf);
    if (s->version != 0) {
        p = put_block(s, s->version2 ? s->version2 : s->version, 8, p);
        if (s->footer) {
            size_t n = strlen(s->footer);
            *p++ = '\n';
            memcpy(p, s->footer, n);
            p += n;
            *p++ = '\n';
        }
    }
    return (size_t)(p - buf);
}

/* Two types, AAA (+1 h) and BBB (+2 h, DST), and two transitions. */
static tzif_spec base_spec(unsigned char version)
{
    tzif_spec s;
    memset(&s, 0, sizeof s);
    s.version = version;
    s.timecnt = 2;
    s.times[0] = 1000000;
    s.times[1] = 2000000;
    s.idx[0] = 1;
    s.idx[1] = 0;
    s.typecnt = 2;
    s.types[0].off = 3600;
    s.types[1].off = 7200;
    s.types[1].isdst = 1;
    s.types[1].desig = 4;
    memcpy(s.chars, "AAA\0BBB", 8);
    s.charcnt = 8;
    s.isstdcnt = s.isutcnt = 2;
    s.footer = "AAA-1";
    return s;
}

static tz_zone *parse_spec(const tzif_spec *s)
{
    unsigned char buf[1024];
    size_t n = tzif_build(s, buf);
    return tz_parse_tzif("built", buf, n);
}

static void tz_tzif_versions_1_to_4_parse_and_follow_footer(void **state)
{
    (void)state;
    static const unsigned char versions[] = {0, '2', '3', '4'};
    for (size_t i = 0; i < sizeof versions; i++) {
        tzif_spec s = base_spec(versions[i]);
        s.footer = "AAA-1BBB-2,M3.5.0,M10.5.0";
        tz_zone *z = parse_spec(&s);
        assert_non_null(z);
        assert_string_equal(tz_name(z), "built");
        expect_local(z, 999999, 1970, 1, 12, 14, 46, 39, 3600, false, "AAA");
        expect_local(z, 1000000, 1970, 1, 12, 15, 46, 40, 7200, true, "BBB");
        expect_local(z, 2000000, 1970, 1, 24, 4, 33, 20, 3600, false, "AAA");
        /* After the last transition: the footer rule (v2+) or the last type (v1). */
        assert_int_equal(tz_offset_at(z, utc(2030, 7, 1, 0, 0, 0)), versions[i] ? 7200 : 3600);
        tz_free(z);
    }
}

static void tz_tzif_before_first_transition_uses_first_standard_type(void **state)
{
    (void)state;
    tzif_spec s = base_spec('2');
    /* Make type 0 DST: the first non-DST type (1) applies before any transition. */
    s.types[0].isdst = 1;
    s.types[1].isdst = 0;
    s.timecnt = 1;
    s.idx[0] = 0;
    tz_zone *z = parse_spec(&s);
    assert_non_null(z);
    assert_int_equal(tz_offset_at(z, 0), 7200);
    assert_int_equal(tz_offset_at(z, 1000000), 3600);
    tz_free(z);
    /* No transitions at all: the footer governs everything. */
    s = base_spec('2');
    s.timecnt = 0;
    s.footer = "CCC-5";
    z = parse_spec(&s);
    assert_non_null(z);
    assert_int_equal(tz_offset_at(z, 0), 5 * 3600);
    tz_free(z);
    /* ...or type 0 when the footer is empty. */
    s.footer = "";
    z = parse_spec(&s);
    assert_non_null(z);
    assert_int_equal(tz_offset_at(z, 0), 3600);
    tz_free(z);
}

static void tz_tzif_invalid_fields_are_rejected(void **state)
{
    (void)state;
    struct {
        const char *what;
        tzif_spec s;
    } cases[24];
    size_t n = 0;
#define CASE(desc, stmt)                                                                      \
    do {                                                                                      \
        cases[n].what = desc;                                                                 \
        cases[n].s = base_spec('2');                                                          \
        tzif_spec *sp = &cases[n].s;                                                          \
        stmt;                                                                                 \
        n++;                                                                                  \
    } while (0)
    CASE("version 1 byte", sp->version = '1');
    CASE("version 5", sp->version = '5');
    CASE("second header version differs", sp->version2 = '3');
    CASE("no types", sp->typecnt = 0; sp->timecnt = 0; sp->isstdcnt = sp->isutcnt = 0);
    CASE("no designation chars", sp->charcnt = 0);
    CASE("type index out of range", sp->idx[1] = 2);
    CASE("equal transition times", sp->times[1] = sp->times[0]);
    CASE("descending transition times", sp->times[1] = sp->times[0] - 1);
    CASE("isdst 2", sp->types[1].isdst = 2);
    CASE("designation index past chars", sp->types[1].desig = 8);
    CASE("designation without NUL", memcpy(sp->chars, "AAAABBBB", 8); sp->types[1].desig = 4);
    CASE("utoff -2^31", sp->types[0].off = INT32_MIN);
    CASE("isutcnt not 0 or typecnt", sp->isutcnt = 1);
    CASE("isstdcnt not 0 or typecnt", sp->isstdcnt = 1);
    CASE("isstd value 2", sp->isstd[0] = 2);
    CASE("UT indicator without standard indicator", sp->isut[0] = 1);
    CASE("leap second table", sp->leapcnt = 1);
    CASE("unparsable footer", sp->footer = "garbage");
    CASE("footer missing", sp->footer = NULL);
#undef CASE
    for (size_t i = 0; i < n; i++) {
        tz_zone *z = parse_spec(&cases[i].s);
        if (z) {
            tz_free(z);
            fail_msg("accepted a file with %s", cases[i].what);
        }
    }
    /* The UT indicator is fine together with the standard indicator. */
    tzif_spec s = base_spec('2');
    s.isut[0] = s.isstd[0] = 1;
    tz_zone *z = parse_spec(&s);
    assert_non_null(z);
    tz_free(z);
    /* Byte-level damage the spec cannot express. */
    unsigned char buf[1024];
    s = base_spec('2');
    size_t len = tzif_build(&s, buf), v2 = len - 44 - 2 * 9 - 2 * 6 - 8 - 2 - 2 - 7;
    z = tz_parse_tzif("x", buf, len);
    assert_non_null(z);
    tz_free(z);
    assert_memory_equal(buf + v2, "TZif2", 5);
    assert_null(tz_parse_tzif("x", buf, len - 1)); /* no closing newline */
    buf[len - 3] = '\0';                          /* NUL inside the footer */
    assert_null(tz_parse_tzif("x", buf, len));
    len = tzif_build(&s, buf);
    buf[len - 7] = 'X'; /* footer not introduced by a newline */
    assert_null(tz_parse_tzif("x", buf, len));
    static const size_t count_at[] = {20, 24, 28, 32, 36, 40};
    for (size_t i = 0; i < 6; i++) {
        for (int second = 0; second < 2; second++) {
            len = tzif_build(&s, buf);
            put32(buf + (second ? v2 : 0) + count_at[i], 0xffffffffu); /* huge count */
            assert_null(tz_parse_tzif("x", buf, len));
            put32(buf + (second ? v2 : 0) + count_at[i], 0x00010000u); /* past the end */
            assert_null(tz_parse_tzif("x", buf, len));
        }
    }
}

static void tz_next_transition_skips_abbreviation_only_changes(void **state)
{
    (void)state;
    tzif_spec s = base_spec('2');
    /* AAA +1 -> CCC +1 (rename only) at 1000000 -> BBB +2 DST at 2000000. */
    s.typecnt = 3;
    s.isstdcnt = s.isutcnt = 3;
    s.types[2].off = 3600;
    s.types[2].desig = 8;
    memcpy(s.chars, "AAA\0BBB\0CCC", 12);
    s.charcnt = 12;
    s.timecnt = 3;
    s.times[0] = 500000;
    s.idx[0] = 0;
    s.times[1] = 1000000;
    s.idx[1] = 2;
    s.times[2] = 2000000;
    s.idx[2] = 1;
    s.footer = "BBB-2";
    tz_zone *z = parse_spec(&s);
    assert_non_null(z);
    assert_int_equal(tz_next_transition(z, 600000), 2000000);
    tz_local l;
    tz_to_local(z, 1500000, &l);
    assert_string_equal(l.abbr, "CCC");
    assert_int_equal(tz_next_transition(z, 2000000), INT64_MAX);
    tz_free(z);
}

static void tz_tzif_truncated_at_every_length_is_rejected(void **state)
{
    (void)state;
    size_t len;
    unsigned char *full = read_zone_file("Europe/Berlin", &len);
    if (!full)
        skip();
    for (size_t n = 0; n < len; n++) {
        /* A fresh exact-size copy so ASan sees any read past the end. */
        unsigned char *cut = malloc(n ? n : 1);
        assert_non_null(cut);
        memcpy(cut, full, n);
        tz_zone *z = tz_parse_tzif("cut", cut, n);
        free(cut);
        if (z) {
            tz_free(z);
            fail_msg("accepted Europe/Berlin truncated to %zu of %zu bytes", n, len);
        }
    }
    tz_zone *z = tz_parse_tzif("Europe/Berlin", full, len);
    assert_non_null(z);
    tz_free(z);
    /* Same for a version 1 file. */
    unsigned char buf[1024];
    tzif_spec s = base_spec(0);
    size_t n1 = tzif_build(&s, buf);
    for (size_t n = 0; n < n1; n++)
        assert_null(tz_parse_tzif("cut", buf, n));
    free(full);
}

/* Exercises every query on a zone that a parser accepted. */
static void poke(const tz_zone *z)
{
    static const int64_t ts[] = {INT64_MIN, -4000000000000LL, -1, 0, 1700000000, 4102444800,
                                 7258118399, 99999999999999LL, INT64_MAX};
    tz_local l;
    for (size_t i = 0; i < sizeof ts / sizeof ts[0]; i++) {
        tz_to_local(z, ts[i], &l);
        (void)tz_offset_at(z, ts[i]);
        (void)tz_next_transition(z, ts[i]);
    }
    int64_t out;
    (void)tz_from_local(z, 2024, 3, 31, 2, 30, 0, &out);
    (void)tz_from_local(z, 1970, 1, 1, 0, 0, 0, &out);
    (void)tz_from_local(z, 1000000000, 12, 31, 23, 59, 59, &out);
    (void)tz_from_local(z, -1000000000, 1, 1, 0, 0, 0, &out);
}

static void tz_tzif_flipped_bytes_never_crash(void **state)
{
    (void)state;
    size_t len;
    unsigned char *full = read_zone_file("Europe/Berlin", &len);
    if (!full)
        skip();
    static const unsigned char masks[] = {0x01, 0x10, 0x80, 0xff};
    unsigned char *copy = malloc(len);
    assert_non_null(copy);
    long accepted = 0;
    for (size_t i = 0; i < len; i++) {
        for (size_t m = 0; m < sizeof masks; m++) {
            memcpy(copy, full, len);
            copy[i] ^= masks[m];
            tz_zone *z = tz_parse_tzif("flip", copy, len);
            if (z) {
                accepted++;
                poke(z);
                tz_free(z);
            }
        }
    }
    print_message("flipped bytes: %ld of %zu variants still parse\n", accepted,
                  len * sizeof masks);
    free(copy);
    free(full);
}

static void tz_tzif_garbage_and_oversized_input_rejected(void **state)
{
    (void)state;
    assert_null(tz_parse_tzif("x", NULL, 0));
    assert_null(tz_parse_tzif("x", (const unsigned char *)"", 0));
    assert_null(tz_parse_tzif("x", (const unsigned char *)"TZif2", 5));
    uint64_t rng = 42;
    unsigned char buf[4096];
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(rng_next(&rng) % sizeof buf);
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)rng_next(&rng);
        if (n >= 5 && round % 2 == 0)
            memcpy(buf, round % 4 ? "TZif2" : "TZif\0", 5);
        if (n >= 44 && round % 3 == 0) /* small counts so the parser gets further */
            for (size_t i = 20; i < 44; i++)
                buf[i] = i % 4 == 3 ? buf[i] % 8 : 0;
        tz_zone *z = tz_parse_tzif("rand", buf, n);
        if (z) {
            poke(z);
            tz_free(z);
        }
    }
    /* Over TZ_TZIF_MAX is refused even if the start is a valid file. */
    size_t len;
    unsigned char *full = read_zone_file("Europe/Berlin", &len);
    if (full) {
        unsigned char *big = calloc(TZ_TZIF_MAX + 1, 1);
        assert_non_null(big);
        memcpy(big, full, len);
        assert_null(tz_parse_tzif("big", big, TZ_TZIF_MAX + 1));
        tz_zone *z = tz_parse_tzif("big", big, TZ_TZIF_MAX); /* trailing bytes ignored */
        assert_non_null(z);
        tz_free(z);
        free(big);
        free(full);
    }
}

/* ------------------------------------------------------------------ local -> UTC */

static void expect_from_local(const tz_zone *z, int64_t y, int mo, int d, int h, int mi, int s,
                              int64_t want)
{
    int64_t got = 0;
    assert_true(tz_from_local(z, y, mo, d, h, mi, s, &got));
    if (got != want)
        fail_msg("%s: %04lld-%02d-%02d %02d:%02d:%02d -> %lld, want %lld", tz_name(z),
                 (long long)y, mo, d, h, mi, s, (long long)got, (long long)want);
}

static void tz_from_local_in_gap_uses_offset_before_the_change(void **state)
{
    (void)state;
    tz_zone *ny = need_zone("America/New_York");
    /* 2021-03-14 02:30 does not exist in New York; EST gives 07:30Z = 03:30 EDT. */
    expect_from_local(ny, 2021, 3, 14, 2, 30, 0, utc(2021, 3, 14, 7, 30, 0));
    expect_from_local(ny, 2021, 3, 14, 1, 59, 59, utc(2021, 3, 14, 6, 59, 59));
    expect_from_local(ny, 2021, 3, 14, 3, 0, 0, utc(2021, 3, 14, 7, 0, 0));
    /* Same far in the future (footer rule): 2091-03-11 02:30. */
    expect_from_local(ny, 2091, 3, 11, 2, 30, 0, utc(2091, 3, 11, 7, 30, 0));
    tz_free(ny);
    tz_zone *lh = need_zone("Australia/Lord_Howe");
    /* 2021-10-03 02:00-02:30 is skipped; 02:15 with +10:30 is 15:45Z the day before. */
    expect_from_local(lh, 2021, 10, 3, 2, 15, 0, utc(2021, 10, 2, 15, 45, 0));
    tz_free(lh);
    tz_zone *du = need_zone("Europe/Dublin");
    /* 2021-03-28 01:30 is skipped; the winter offset (0) gives 01:30Z = 02:30 IST. */
    expect_from_local(du, 2021, 3, 28, 1, 30, 0, utc(2021, 3, 28, 1, 30, 0));
    tz_free(du);
    tz_zone *ap = need_zone("Pacific/Apia");
    /* 2011-12-30 never happened in Samoa: noon with the old -10 h is 22:00Z, which
     * reads 2011-12-31 12:00 on the new side of the date line. */
    expect_from_local(ap, 2011, 12, 30, 12, 0, 0, utc(2011, 12, 30, 22, 0, 0));
    tz_free(ap);
}

static void tz_from_local_in_overlap_picks_the_earlier_instant(void **state)
{
    (void)state;
    tz_zone *ny = need_zone("America/New_York");
    /* 2021-11-07 01:30 happens at 05:30Z (EDT) and 06:30Z (EST). */
    expect_from_local(ny, 2021, 11, 7, 1, 30, 0, utc(2021, 11, 7, 5, 30, 0));
    expect_from_local(ny, 2021, 11, 7, 2, 0, 0, utc(2021, 11, 7, 7, 0, 0));
    tz_free(ny);
    tz_zone *lh = need_zone("Australia/Lord_Howe");
    /* 2021-04-04 01:30-02:00 happens twice: first at +11. */
    expect_from_local(lh, 2021, 4, 4, 1, 45, 0, utc(2021, 4, 3, 14, 45, 0));
    tz_free(lh);
    tz_zone *du = need_zone("Europe/Dublin");
    /* 2021-10-31 01:30 happens at 00:30Z (IST) and 01:30Z (GMT). */
    expect_from_local(du, 2021, 10, 31, 1, 30, 0, utc(2021, 10, 31, 0, 30, 0));
    tz_free(du);
    tz_zone *z = posix("EST5EDT,M3.2.0,M11.1.0");
    expect_from_local(z, 2150, 11, 1, 1, 30, 0, utc(2150, 11, 1, 5, 30, 0));
    tz_free(z);
}

static void tz_from_local_rejects_out_of_range_fields(void **state)
{
    (void)state;
    tz_zone *z = tz_utc();
    int64_t t = 12345;
    assert_false(tz_from_local(z, 2024, 13, 1, 0, 0, 0, &t));
    assert_false(tz_from_local(z, 2024, 0, 1, 0, 0, 0, &t));
    assert_false(tz_from_local(z, 2024, 4, 31, 0, 0, 0, &t));
    assert_false(tz_from_local(z, 2023, 2, 29, 0, 0, 0, &t));
    assert_false(tz_from_local(z, 2024, 1, 0, 0, 0, 0, &t));
    assert_false(tz_from_local(z, 2024, 1, 1, 24, 0, 0, &t));
    assert_false(tz_from_local(z, 2024, 1, 1, -1, 0, 0, &t));
    assert_false(tz_from_local(z, 2024, 1, 1, 0, 60, 0, &t));
    assert_false(tz_from_local(z, 2024, 1, 1, 0, 0, 60, &t));
    assert_false(tz_from_local(z, INT64_MAX, 1, 1, 0, 0, 0, &t));
    assert_false(tz_from_local(z, INT64_MIN, 1, 1, 0, 0, 0, &t));
    assert_int_equal(t, 12345);
    assert_true(tz_from_local(z, 2024, 2, 29, 23, 59, 59, &t));
    assert_int_equal(t, utc(2024, 2, 29, 23, 59, 59));
    tz_free(z);
}

/* ------------------------------------------------------------------ next transition */

static void tz_next_transition_moscow_none_after_2014_10_26(void **state)
{
    (void)state;
    tz_zone *z = need_zone("Europe/Moscow");
    assert_int_equal(tz_next_transition(z, utc(2014, 1, 1, 0, 0, 0)), utc(2014, 10, 25, 22, 0, 0));
    assert_int_equal(tz_next_transition(z, utc(2014, 10, 25, 22, 0, 0)), INT64_MAX);
    assert_int_equal(tz_next_transition(z, utc(2014, 10, 26, 0, 0, 0)), INT64_MAX);
    assert_int_equal(tz_next_transition(z, utc(2100, 1, 1, 0, 0, 0)), INT64_MAX);
    tz_free(z);
}

static void tz_next_transition_berlin_next_spring_change(void **state)
{
    (void)state;
    tz_zone *z = need_zone("Europe/Berlin");
    assert_int_equal(tz_next_transition(z, utc(2024, 1, 15, 0, 0, 0)), utc(2024, 3, 31, 1, 0, 0));
    assert_int_equal(tz_next_transition(z, utc(2024, 3, 31, 1, 0, 0)), utc(2024, 10, 27, 1, 0, 0));
    assert_int_equal(tz_next_transition(z, utc(2024, 3, 31, 0, 59, 59)), utc(2024, 3, 31, 1, 0, 0));
    /* Far past the file's transitions, from the footer rule, up to 2199. */
    for (int64_t y = 2040; y < 2200; y += 13) {
        int64_t spring = last_sunday(y, 3) * 86400 + 3600;
        int64_t autumn = last_sunday(y, 10) * 86400 + 3600;
        assert_int_equal(tz_next_transition(z, utc(y, 1, 1, 0, 0, 0)), spring);
        assert_int_equal(tz_next_transition(z, spring), autumn);
    }
    /* Nothing is reported at or after 2200. */
    assert_int_equal(tz_next_transition(z, utc(2199, 11, 1, 0, 0, 0)), INT64_MAX);
    assert_int_equal(tz_next_transition(z, INT64_MAX), INT64_MAX);
    /* From the distant past, the first change is the first in the file. */
    int64_t first = tz_next_transition(z, INT64_MIN);
    assert_true(first < utc(1900, 1, 1, 0, 0, 0));
    tz_free(z);
}

/* ------------------------------------------------------------------ threads */

static const char *const g_thread_zones[] = {"Australia/Lord_Howe", "America/New_York",
                                             "Europe/Dublin", "Pacific/Chatham"};
#define THREAD_ZONES (sizeof g_thread_zones / sizeof g_thread_zones[0])

typedef struct {
    tz_zone *const *zones;
    uint64_t hash;
} thread_job;

/* Hashes many conversions in every zone (same instants in every call). */
static uint64_t convert_all(tz_zone *const *zones)
{
    uint64_t h = 1469598103934665603ULL, rng = 7;
    for (int i = 0; i < 20000; i++) {
        int64_t t = (int64_t)(rng_next(&rng) % 7258118400ULL) - 2208988800LL;
        for (size_t k = 0; k < THREAD_ZONES; k++) {
            tz_local l;
            tz_to_local(zones[k], t, &l);
            int64_t back = 0;
            (void)tz_from_local(zones[k], l.year, l.month, l.day, l.hour, l.minute, l.second,
                                &back);
            int64_t next = i % 16 == 0 ? tz_next_transition(zones[k], t) : 0;
            uint64_t v[] = {(uint64_t)l.year, (uint64_t)l.month, (uint64_t)l.day,
                            (uint64_t)l.hour, (uint64_t)l.minute, (uint64_t)l.second,
                            (uint64_t)l.utc_offset, (uint64_t)l.is_dst, (uint64_t)back,
                            (uint64_t)next, (uint64_t)(unsigned char)l.abbr[0]};
            for (size_t j = 0; j < sizeof v / sizeof v[0]; j++)
                h = (h ^ v[j]) * 1099511628211ULL;
        }
    }
    return h;
}

static void *thread_main(void *arg)
{
    thread_job *job = arg;
    job->hash = convert_all(job->zones);
    return NULL;
}

static void tz_four_threads_sharing_zones_match_single_threaded(void **state)
{
    (void)state;
    tz_zone *zones[THREAD_ZONES];
    for (size_t k = 0; k < THREAD_ZONES; k++)
        zones[k] = need_zone(g_thread_zones[k]);
    uint64_t want = convert_all(zones);
    pthread_t th[4];
    thread_job jobs[4];
    for (int i = 0; i < 4; i++) {
        jobs[i].zones = zones;
        jobs[i].hash = 0;
        assert_int_equal(pthread_create(&th[i], NULL, thread_main, &jobs[i]), 0);
    }
    for (int i = 0; i < 4; i++) {
        assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_true(jobs[i].hash == want);
    }
    for (size_t k = 0; k < THREAD_ZONES; k++)
        tz_free(zones[k]);
}

/* ------------------------------------------------------------------ tzdb */

static void tzdb_utc_works_without_a_zoneinfo_directory(void **state)
{
    (void)state;
    /* tzdb captures its directory once, so try a missing one in a child of a
     * process that has not initialised tzdb yet (main() runs this test first). */
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        if (setenv("HALLBOARD_ZONEINFO", "/nonexistent/hallboard-zoneinfo", 1) != 0)
            _exit(10);
        tzdb_init();
        if (strcmp(tzdb_dir(), "/nonexistent/hallboard-zoneinfo") != 0)
            _exit(77);
        tz_zone *z = tzdb_load(NULL, "UTC");
        if (!z || strcmp(tz_name(z), "UTC") != 0 || tz_offset_at(z, 0) != 0)
            _exit(11);
        tz_free(z);
        if (tzdb_load(NULL, "Europe/Berlin") != NULL)
            _exit(12);
        _exit(0);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    assert_true(WIFEXITED(status));
    if (WEXITSTATUS(status) == 77)
        skip();
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void tzdb_rejects_bad_names_and_unknown_zones(void **state)
{
    (void)state;
    assert_true(tzdb_name_ok("Europe/Moscow"));
    assert_true(tzdb_name_ok("America/Argentina/ComodRivadavia"));
    assert_true(tzdb_name_ok("Etc/GMT+5"));
    assert_true(tzdb_name_ok("Etc/GMT-14"));
    assert_true(tzdb_name_ok("UTC"));
    assert_false(tzdb_name_ok(NULL));
    assert_false(tzdb_name_ok(""));
    assert_false(tzdb_name_ok("/etc/passwd"));
    assert_false(tzdb_name_ok("../etc/passwd"));
    assert_false(tzdb_name_ok("Europe/../../etc/passwd"));
    assert_false(tzdb_name_ok("Europe/Mos cow"));
    assert_false(tzdb_name_ok("Europe\\Moscow"));
    assert_false(tzdb_name_ok("Europe/Moscow\n"));
    assert_false(tzdb_name_ok("Europe/Moscow;rm"));
    assert_false(tzdb_name_ok("Zürich"));
    char name[TZ_NAME_MAX + 2];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    assert_false(tzdb_name_ok(name));
    name[TZ_NAME_MAX] = '\0';
    assert_true(tzdb_name_ok(name));
    assert_null(tzdb_load(NULL, "../etc/passwd"));
    assert_null(tzdb_load(NULL, "No/Such_Zone"));
    assert_null(tzdb_load(NULL, name));
    /* Not TZif: a text file in the zoneinfo directory. */
    if (zone_file_exists("zone1970.tab"))
        assert_null(tzdb_load(NULL, "zone1970.tab"));
    /* A directory. */
    assert_null(tzdb_load(NULL, "Europe"));
    tz_zone *z = tzdb_load(NULL, "UTC");
    assert_non_null(z);
    assert_string_equal(tz_name(z), "UTC");
    tz_free(z);
}

static void tzdb_loads_zone_with_its_name(void **state)
{
    (void)state;
    tz_zone *z = need_zone("Asia/Kathmandu");
    assert_string_equal(tz_name(z), "Asia/Kathmandu");
    tz_free(z);
}

/* ------------------------------------------------------------------ main */

int main(void)
{
    static const struct CMUnitTest first[] = {
        cmocka_unit_test(tzdb_utc_works_without_a_zoneinfo_directory),
    };
    static const struct CMUnitTest tests[] = {
        cmocka_unit_test(tzdb_rejects_bad_names_and_unknown_zones),
        cmocka_unit_test(tzdb_loads_zone_with_its_name),

        cmocka_unit_test(tz_posix_us_rule_switches_second_sunday_march_first_sunday_november),
        cmocka_unit_test(tz_posix_dst_without_dates_gets_us_rules_and_one_hour),
        cmocka_unit_test(tz_posix_quoted_names_and_minute_offsets),
        cmocka_unit_test(tz_posix_julian_jn_skips_feb_29_and_zero_based_n_counts_it),
        cmocka_unit_test(tz_posix_negative_switch_time_falls_on_previous_day),
        cmocka_unit_test(tz_posix_switch_time_beyond_24h_falls_on_later_day),
        cmocka_unit_test(tz_posix_southern_hemisphere_dst_spans_new_year),
        cmocka_unit_test(tz_posix_negative_save_like_dublin_reports_winter_as_dst),
        cmocka_unit_test(tz_posix_all_year_dst_rule_never_changes),
        cmocka_unit_test(tz_posix_zone_without_dst_is_fixed),
        cmocka_unit_test(tz_posix_invalid_rules_are_rejected),
        cmocka_unit_test(tz_utc_is_fixed_and_named_utc),

        cmocka_unit_test(tz_tzif_versions_1_to_4_parse_and_follow_footer),
        cmocka_unit_test(tz_tzif_before_first_transition_uses_first_standard_type),
        cmocka_unit_test(tz_tzif_invalid_fields_are_rejected),
        cmocka_unit_test(tz_next_transition_skips_abbreviation_only_changes),
        cmocka_unit_test(tz_tzif_truncated_at_every_length_is_rejected),
        cmocka_unit_test(tz_tzif_flipped_bytes_never_crash),
        cmocka_unit_test(tz_tzif_garbage_and_oversized_input_rejected),

        cmocka_unit_test(tz_from_local_in_gap_uses_offset_before_the_change),
        cmocka_unit_test(tz_from_local_in_overlap_picks_the_earlier_instant),
        cmocka_unit_test(tz_from_local_rejects_out_of_range_fields),
        cmocka_unit_test(tz_next_transition_moscow_none_after_2014_10_26),
        cmocka_unit_test(tz_next_transition_berlin_next_spring_change),
        cmocka_unit_test(tz_four_threads_sharing_zones_match_single_threaded),

        cmocka_unit_test(tz_lord_howe_half_hour_dst_matches_zdump),
        cmocka_unit_test(tz_kathmandu_plus_0545_matches_zdump),
        cmocka_unit_test(tz_chatham_1245_and_1345_offsets_match_zdump),
        cmocka_unit_test(tz_st_johns_minus_0330_matches_zdump),
        cmocka_unit_test(tz_dublin_negative_dst_reports_winter_as_dst_like_zdump),
        cmocka_unit_test(tz_moscow_2011_and_2014_changes_match_zdump),
        cmocka_unit_test(tz_shanghai_matches_zdump),
        cmocka_unit_test(tz_new_york_matches_zdump),
        cmocka_unit_test(tz_london_matches_zdump),
        cmocka_unit_test(tz_sydney_southern_dst_matches_zdump),
        cmocka_unit_test(tz_santiago_24h_switch_times_match_zdump),
        cmocka_unit_test(tz_casablanca_ramadan_changes_match_zdump),
        cmocka_unit_test(tz_tehran_plus_0330_matches_zdump),
        cmocka_unit_test(tz_apia_skipped_day_matches_zdump),
        cmocka_unit_test(tz_sao_paulo_abolished_dst_matches_zdump),
        cmocka_unit_test(tz_kolkata_matches_zdump),
        cmocka_unit_test(tz_berlin_matches_zdump),
        cmocka_unit_test(tz_los_angeles_matches_zdump),
        cmocka_unit_test(tz_auckland_matches_zdump),
        cmocka_unit_test(tz_gaza_50h_switch_times_match_zdump),
        cmocka_unit_test(tz_utc_matches_zdump),
        cmocka_unit_test(tz_more_tricky_zones_match_zdump),
        cmocka_unit_test(tz_every_zone1970_tab_zone_matches_zdump),
    };
    /* The first group needs a process where tzdb_init() has not run yet. */
    int failed = cmocka_run_group_tests_name("tzdb_before_init", first, NULL, NULL);
    tzdb_init();
    failed += cmocka_run_group_tests_name("tz", tests, NULL, NULL);
    printf("oracles: zdump %ld zones / %ld instants; C library %ld zones / %ld instants\n",
           g_zdump_zones, g_zdump_instants, g_libc_zones, g_libc_instants);
    if (failed)
        return failed;
    if (g_zdump_zones == 0 && g_libc_zones == 0) {
        printf("no oracle could run (no zoneinfo files?): reporting the test as skipped\n");
        return 77;
    }
    return 0;
}
