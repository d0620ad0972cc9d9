/* status.c - the footer line and the clock rules (status.h). */
#include "status.h"

#include "agenda.h"
#include "civil.h"
#include "grapheme.h"
#include "i18n.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Appends to buf (len so far in *n); past cap - 1 the text is dropped and *over set:
 * the caller then cuts the line on a grapheme at least 4 bytes before its end, which
 * leaves out a character split here. */
static void put(char *buf, size_t cap, size_t *n, bool *over, const char *fmt, ...)
{
    if (cap == 0 || *n >= cap - 1) {
        *over = true;
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(buf + *n, cap - *n, fmt, ap);
    va_end(ap);
    if (w < 0)
        return;
    size_t end = *n + (size_t)w;
    if (end >= cap) {
        *over = true;
        end = cap - 1;
    }
    *n = end;
}

size_t status_age(const char *lang, int64_t age, char *buf, size_t cap)
{
    char amount[I18N_BUF];
    if (age < 60)
        return i18n_fill(lang, I18N_FT_JUST_NOW, NULL, NULL, NULL, buf, cap);
    if (age < 3600)
        i18n_format_amount(lang, age / 60, 'm', amount, sizeof(amount));
    else if (age < 2 * 86400)
        i18n_format_amount(lang, age / 3600, 'h', amount, sizeof(amount));
    else
        i18n_format_amount(lang, age / 86400, 'd', amount, sizeof(amount));
    return i18n_fill(lang, I18N_FT_AGO, amount, NULL, NULL, buf, cap);
}

/* "14:02" in zone, with the date ("9 Dec 14:02") when it is not the day of now. */
static void when(const char *lang, int64_t t, int64_t now, const tz_zone *zone, char *buf,
                 size_t cap)
{
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
    char day[64];
    if (a.year == b.year && a.month == b.month && a.day == b.day)
        day[0] = '\0';
    else
        i18n_format_day(lang, a.month, a.day, day, sizeof(day));
    snprintf(buf, cap, "%s%s%02d:%02d", day, day[0] ? " " : "", a.hour, a.minute);
    tz_free(utc);
}

const char *status_source_kind(status_source s)
{
    static const char *const names[] = {"embedded", "file", "cache", "network", "pushed"};
    return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "embedded";
}

/* What the agenda is, in lang ("built-in agenda", "file hall.json"). */
static const char *origin(const status_input *in, const char *lang, char *tmp, size_t cap)
{
    char name[208];
    switch (in->source) {
    case STATUS_FILE:
        grapheme_copy(name, sizeof(name), in->name ? in->name : "");
        i18n_fill(lang, I18N_FT_FILE, name, NULL, NULL, tmp, cap);
        return tmp;
    case STATUS_CACHE:
        return i18n_word(lang, I18N_FT_CACHED);
    case STATUS_NETWORK:
        return i18n_word(lang, I18N_FT_AGENDA);
    case STATUS_PUSHED:
        return i18n_word(lang, I18N_FT_PUSHED);
    case STATUS_EMBEDDED:
    default:
        return i18n_word(lang, I18N_FT_BUILTIN);
    }
}

/* The first part of the footer: where the agenda came from and how the feed is. */
static bool source_state(const status_input *in, const char *lang, const char *at,
                         const char *age, bool dated, char *buf, size_t cap, size_t *n,
                         bool *over)
{
    char tmp[256], part[STATUS_TEXT_MAX]; /* as long as the line: over shows there */
    const char *org = origin(in, lang, tmp, sizeof(tmp)), *dot = STATUS_SEP;
    bool warn = true;
    if (in->has_url && in->fetch == STATUS_FETCH_REJECTED) {
        const char *why = in->reason && *in->reason ? in->reason
                                                    : i18n_word(lang, I18N_FT_INVALID);
        i18n_fill(lang, I18N_FT_REJECTED, why, NULL, NULL, part, sizeof(part));
        put(buf, cap, n, over, "%s%s", part, dot);
        if (dated)
            i18n_fill(lang, I18N_FT_SHOWING_FROM, at, age, NULL, part, sizeof(part));
        else
            i18n_fill(lang, I18N_FT_SHOWING, org, NULL, NULL, part, sizeof(part));
    } else if (in->has_url && in->fetch == STATUS_FETCH_FAIL) {
        if (dated)
            i18n_fill(lang, I18N_FT_OFFLINE_FROM, at, age, NULL, part, sizeof(part));
        else
            i18n_fill(lang, I18N_FT_OFFLINE, org, NULL, NULL, part, sizeof(part));
    } else {
        warn = false;
        if (in->has_url && in->fetch == STATUS_FETCH_OK) {
            snprintf(part, sizeof(part), "%s", i18n_word(lang, I18N_FT_LIVE));
        } else {
            if (in->has_url)
                put(buf, cap, n, over, "%s%s", i18n_word(lang, I18N_FT_CONNECTING), dot);
            if (dated)
                i18n_fill(lang, I18N_FT_FROM, org, at, age, part, sizeof(part));
            else
                snprintf(part, sizeof(part), "%s", org);
        }
    }
    put(buf, cap, n, over, "%s", part);
    return warn;
}

/* Appends " · " and word id of lang. */
static void mark(char *buf, size_t cap, size_t *n, bool *over, const char *lang,
                 i18n_word_id id)
{
    put(buf, cap, n, over, "%s%s", STATUS_SEP, i18n_word(lang, id));
}

/* Copies line (n bytes, which lost their end when over) into out, cut on a grapheme
 * boundary with an ellipsis when it does not fit in cap or lost its end. */
static size_t fit(char *line, size_t n, bool over, char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    size_t limit = cap - 1;
    if (over && limit >= n)
        limit = n ? n - 1 : 0;
    n = grapheme_ellipsize(line, n, limit + 1);
    memcpy(out, line, n + 1);
    return n;
}

size_t status_footer(const status_input *in, const char *lang, int64_t now,
                     const tz_zone *zone, char *out_buf, size_t out_cap, bool *warning)
{
    size_t n = 0;
    bool over = false;
    char at[96] = "", age[96] = "", part[STATUS_TEXT_MAX], line[STATUS_TEXT_MAX];
    char *buf = line;
    size_t cap = sizeof(line);
    line[0] = '\0';
    bool dated = (in->source == STATUS_CACHE || in->source == STATUS_NETWORK ||
                  in->source == STATUS_PUSHED) && in->fetched_at > 0;
    if (dated) {
        when(lang, in->fetched_at, now, zone, at, sizeof(at));
        status_age(lang, now - in->fetched_at, age, sizeof(age));
    }
    bool warn = source_state(in, lang, at, age, dated, buf, cap, &n, &over);
    if (in->revision && *in->revision) {
        /* A revision that starts with a digit ("2020-12-08T12:00:00Z") gets a
         * left-to-right mark in a right-to-left language, else bidi shows it as
         * "08T12:00:00Z-12-2020". (Before a letter the mark would be a run alone.) */
        bool mark_ltr = i18n_rtl(lang) && in->revision[0] >= '0' && in->revision[0] <= '9';
        char rev[108] = "\u200e"; /* the mark is 3 bytes */
        grapheme_copy(rev + (mark_ltr ? 3 : 0), 101, in->revision);
        i18n_fill(lang, I18N_FT_REVISION, rev, NULL, NULL, part, sizeof(part));
        put(buf, cap, &n, &over, "%s%s", STATUS_SEP, part);
    }
    if (in->not_saved && in->source == STATUS_NETWORK) {
        mark(buf, cap, &n, &over, lang, I18N_FT_NOT_SAVED);
        warn = true;
    }
    int64_t stale = in->stale_after > 0 ? in->stale_after : STATUS_STALE_DEFAULT;
    if (in->has_url && in->fetch != STATUS_FETCH_OK && dated && now - in->fetched_at > stale) {
        mark(buf, cap, &n, &over, lang, I18N_FT_OUTDATED);
        warn = true;
    }
    if (in->zone_assumed) {
        mark(buf, cap, &n, &over, lang, I18N_FT_ZONE_ASSUMED);
        warn = true;
    }
    if (in->feed_warnings) {
        i18n_format_count(lang, I18N_COUNT_FEED_WARNINGS, (int64_t)in->feed_warnings, part,
                          sizeof(part));
        put(buf, cap, &n, &over, "%s%s", STATUS_SEP, part);
        warn = true;
    }
    if (in->clock_from_server) {
        mark(buf, cap, &n, &over, lang, I18N_FT_CLOCK_SERVER);
        warn = true;
    }
    if (in->demo)
        mark(buf, cap, &n, &over, lang, I18N_FT_DEMO);
    if (in->note && *in->note) {
        put(buf, cap, &n, &over, "%s%s", STATUS_SEP, in->note);
        warn = true;
    }
    if (warning)
        *warning = warn;
    return fit(line, n, over, out_buf, out_cap);
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
