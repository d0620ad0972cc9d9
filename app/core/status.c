/* status.c - the footer line and the clock rules (status.h). */
#include "status.h"

#include "agenda.h"
#include "civil.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends to buf (len so far in *n), cutting at a UTF-8 boundary when full. */
static void put(char *buf, size_t cap, size_t *n, const char *fmt, ...)
{
    if (cap == 0 || *n >= cap - 1)
        return;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *n, cap - *n, fmt, ap);
    va_end(ap);
    if (w < 0)
        return;
    size_t end = *n + (size_t)w;
    if (end >= cap) { /* cut: back off to the start of a character */
        end = cap - 1;
        while (end > *n && ((unsigned char)buf[end] & 0xC0) == 0x80)
            end--;
        buf[end] = '\0';
    }
    *n = end;
}

size_t status_age(int64_t age, char *buf, size_t cap)
{
    size_t n = 0;
    if (cap)
        buf[0] = '\0';
    if (age < 60)
        put(buf, cap, &n, "just now");
    else if (age < 3600)
        put(buf, cap, &n, "%lld min ago", (long long)(age / 60));
    else if (age < 2 * 86400)
        put(buf, cap, &n, "%lld h ago", (long long)(age / 3600));
    else
        put(buf, cap, &n, "%lld d ago", (long long)(age / 86400));
    return n;
}

/* "14:02" in zone, with the date ("9 Dec 14:02") when it is not the day of now. */
static void when(int64_t t, int64_t now, const tz_zone *zone, char *buf, size_t cap)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    tz_local a, b;
    const tz_zone *z = zone;
    tz_zone *utc = NULL;
    if (!z)
        z = utc = tz_utc();
    if (!z) {
        snprintf(buf, cap, "?");
        return;
    }
    tz_to_local(z, t, &a);
    tz_to_local(z, now, &b);
    if (a.year == b.year && a.month == b.month && a.day == b.day)
        snprintf(buf, cap, "%02d:%02d", a.hour, a.minute);
    else
        snprintf(buf, cap, "%d %s %02d:%02d", a.day, mon[(a.month - 1) % 12], a.hour, a.minute);
    tz_free(utc);
}

const char *status_source_kind(status_source s)
{
    static const char *const names[] = {"embedded", "file", "cache", "network", "pushed"};
    return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "embedded";
}

static const char *origin(const status_input *in, char *tmp, size_t cap)
{
    switch (in->source) {
    case STATUS_FILE:
        snprintf(tmp, cap, "file %.200s", in->name ? in->name : "");
        return tmp;
    case STATUS_CACHE:
        return "cached agenda";
    case STATUS_NETWORK:
        return "agenda";
    case STATUS_PUSHED:
        return "pushed agenda";
    case STATUS_EMBEDDED:
    default:
        return "built-in agenda";
    }
}

size_t status_footer(const status_input *in, int64_t now, const tz_zone *zone, char *buf,
                     size_t cap, bool *warning)
{
    size_t n = 0;
    bool warn = false;
    char tmp[256], at[48], age[48];
    const char *dot = " \xc2\xb7 ";
    if (cap)
        buf[0] = '\0';
    bool fetched = in->source == STATUS_CACHE || in->source == STATUS_NETWORK ||
                   in->source == STATUS_PUSHED;
    if (fetched && in->fetched_at > 0) {
        when(in->fetched_at, now, zone, at, sizeof(at));
        status_age(now - in->fetched_at, age, sizeof(age));
    }
    bool dated = fetched && in->fetched_at > 0;

    if (in->has_url && in->fetch == STATUS_FETCH_REJECTED) {
        warn = true;
        put(buf, cap, &n, "feed rejected: %s", in->reason && *in->reason ? in->reason : "invalid");
        if (dated)
            put(buf, cap, &n, "%sshowing the agenda from %s (%s)", dot, at, age);
        else
            put(buf, cap, &n, "%sshowing the %s", dot, origin(in, tmp, sizeof(tmp)));
    } else if (in->has_url && in->fetch == STATUS_FETCH_FAIL) {
        warn = true;
        if (dated)
            put(buf, cap, &n, "offline - agenda from %s (%s)", at, age);
        else
            put(buf, cap, &n, "offline - %s", origin(in, tmp, sizeof(tmp)));
    } else if (in->has_url && in->fetch == STATUS_FETCH_OK) {
        put(buf, cap, &n, "live");
    } else if (in->has_url) {
        if (dated)
            put(buf, cap, &n, "connecting%s%s from %s (%s)", dot, origin(in, tmp, sizeof(tmp)),
                at, age);
        else
            put(buf, cap, &n, "connecting%s%s", dot, origin(in, tmp, sizeof(tmp)));
    } else if (dated) {
        put(buf, cap, &n, "%s from %s (%s)", origin(in, tmp, sizeof(tmp)), at, age);
    } else {
        put(buf, cap, &n, "%s", origin(in, tmp, sizeof(tmp)));
    }
    if (in->revision && *in->revision)
        put(buf, cap, &n, "%srevision %.100s", dot, in->revision);
    if (in->not_saved && in->source == STATUS_NETWORK) {
        put(buf, cap, &n, "%snot saved for offline", dot);
        warn = true;
    }
    int64_t stale = in->stale_after > 0 ? in->stale_after : STATUS_STALE_DEFAULT;
    if (in->has_url && in->fetch != STATUS_FETCH_OK && dated && now - in->fetched_at > stale) {
        put(buf, cap, &n, "%smay be outdated", dot);
        warn = true;
    }
    if (in->zone_assumed) {
        put(buf, cap, &n, "%stimes read as UTC: the feed names no time zone", dot);
        warn = true;
    }
    if (in->feed_warnings) {
        put(buf, cap, &n, "%s%zu feed warning%s", dot, in->feed_warnings,
            in->feed_warnings == 1 ? "" : "s");
        warn = true;
    }
    if (in->clock_from_server) {
        put(buf, cap, &n, "%sclock from server", dot);
        warn = true;
    }
    if (in->demo)
        put(buf, cap, &n, "%sdemo: simulated clock", dot);
    if (in->note && *in->note) {
        put(buf, cap, &n, "%s%s", dot, in->note);
        warn = true;
    }
    if (warning)
        *warning = warn;
    return n;
}

void status_set_agenda(status_input *in, const struct agenda *a)
{
    in->revision = a ? a->revision : NULL;
    in->feed_warnings = a ? a->n_warnings : 0;
    in->zone_assumed = a && a->zone_assumed;
}

bool status_clock_trusted(int64_t system_now, bool kernel_synced, int64_t build_time)
{
    return kernel_synced && system_now >= build_time;
}

int64_t status_server_now(int64_t server_date, double mono_at, double mono_now)
{
    double d = mono_now - mono_at;
    return server_date + (int64_t)(d > 0 ? d : 0);
}

status_date_verdict status_server_date_check(int64_t date, int64_t build_time)
{
    if (date < build_time)
        return STATUS_DATE_BEFORE_BUILD;
    /* date >= build_time: the unsigned difference is exact, whatever the values. */
    if ((uint64_t)date - (uint64_t)build_time > (uint64_t)STATUS_DATE_MAX_AHEAD)
        return STATUS_DATE_TOO_LATE;
    return STATUS_DATE_OK;
}

bool status_server_date_ok(int64_t date, int64_t build_time)
{
    return status_server_date_check(date, build_time) == STATUS_DATE_OK;
}

int64_t status_clamp_now(int64_t candidate, int64_t build_time)
{
    switch (status_server_date_check(candidate, build_time)) {
    case STATUS_DATE_BEFORE_BUILD:
        return build_time;
    case STATUS_DATE_TOO_LATE:
        return build_time + STATUS_DATE_MAX_AHEAD;
    case STATUS_DATE_OK:
    default:
        return candidate;
    }
}

/* "YYYY-MM-DDTHH:MM:SSZ" for any year a Date header can name (civil_format_utc stops
 * at 2200: a refused 9999 must be shown as 9999). */
static void utc_text(int64_t t, char *buf, size_t cap)
{
    int64_t days = civil_floor_div(t, 86400), y;
    int64_t sod = t - days * 86400;
    int m, d;
    civil_ymd_from_days(days, &y, &m, &d);
    snprintf(buf, cap, "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)y, m, d,
             (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60));
}

bool status_date_news(status_date_log *log, status_date_verdict v, int64_t date,
                      int64_t build_time, char *buf, size_t cap)
{
    if (log->last == (int)v + 1)
        return false;
    log->last = (int)v + 1;
    char when[48], built[48];
    utc_text(date, when, sizeof(when));
    utc_text(build_time, built, sizeof(built));
    switch (v) {
    case STATUS_DATE_BEFORE_BUILD:
        snprintf(buf, cap, "clock: server Date %s refused: earlier than this build (%s)", when,
                 built);
        break;
    case STATUS_DATE_TOO_LATE:
        snprintf(buf, cap, "clock: server Date %s refused: more than %d years after this "
                 "build (%s)", when, STATUS_DATE_YEARS_AHEAD, built);
        break;
    case STATUS_DATE_OK:
    default:
        snprintf(buf, cap, "clock: server Date %s accepted (it stands in while the system "
                 "clock is not synchronised)", when);
        break;
    }
    return true;
}

bool status_display_on(int on, int off, int minute_of_day)
{
    if (on < 0 || off < 0 || on == off)
        return true;
    if (on < off)
        return minute_of_day >= on && minute_of_day < off;
    return minute_of_day >= on || minute_of_day < off;
}
