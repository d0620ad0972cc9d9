/* cli_load.c - what the commands share: loading the agenda a command asks for (a
 * fetched feed, the cache, a file, what was pushed, or the built-in agenda) and the
 * checks of options several commands take (--size, --hall, --view, --page, --at). */
#include "cli.h"
#include "cli_int.h"

#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "civil.h"
#include "feedsrc.h"
#include "fetch.h"
#include "layout.h"
#include "logsafe.h"
#include "status.h"

/* Prints a report's lines to f. */
void cli_print_report(const feed_report *r, FILE *f)
{
    char buf[FEED_MAX_PROBLEMS * (FEED_PATH_MAX + FEED_MSG_MAX + 16) + 64];
    feed_report_format(r, buf, sizeof(buf));
    fputs(buf, f);
}

/* Feed options for o (zones from --zone). */
feed_options cli_feed_options(const cli_opts *o)
{
    feed_options fo = feedsrc_options();
    if (o->n_zones) {
        fo.zones = o->zones;
        fo.zone_labels = o->labels;
    }
    return fo;
}

/* Loads the feed kept in dir (pushed or polled) into src. Returns true on success;
 * else prints why (nothing pushed yet is no news). */
static bool load_cache_dir(const char *dir, bool pushed, const feed_options *fo,
                           cli_source *src, FILE *err)
{
    feed_report *rep = malloc(sizeof(*rep));
    char why[400];
    if (!rep) {
        fprintf(err, "hallboard: out of memory\n");
        return false;
    }
    rep->n = 0;
    boot_load got = boot_load_cache(dir, pushed, fo, &src->a, &src->status, rep, why,
                                    sizeof(why));
    if (got != BOOT_LOADED && !(pushed && got == BOOT_NONE)) {
        fprintf(err, "hallboard: %s\n", why);
        if (rep->n)
            cli_print_report(rep, err);
    }
    free(rep);
    return got == BOOT_LOADED;
}

/* Loads the cache of o->cache into src. Returns true on success; else prints why. */
static bool load_cache(const cli_opts *o, const feed_options *fo, cli_source *src, FILE *err)
{
    return load_cache_dir(o->cache, false, fo, src, err);
}

/* Loads what o asks for: --feed URL (fetched once, stored in --cache when given;
 * the cache stands in when the network fails), --cache DIR, --feed PATH, or the
 * embedded agenda. On failure src->a is NULL and src->exit_code says why. */
void cli_load_source(const cli_opts *o, cli_source *src, FILE *err)
{
    /* A board that is pushed to shows what was pushed last, over a feed file. */
    if (o->push_cache) {
        memset(src, 0, sizeof(*src));
        feed_options fo = cli_feed_options(o);
        if (load_cache_dir(o->push_cache, true, &fo, src, err)) {
            src->status.demo = o->demo;
            status_set_agenda(&src->status, src->a);
            return;
        }
        agenda_free(src->a);
    }
    memset(src, 0, sizeof(*src));
    feed_options fo = cli_feed_options(o);
    src->exit_code = CLI_EXIT_INVALID;
    src->status.demo = o->demo;
    if (o->feed && cli_is_url(o->feed)) {
        fetch_config fc = {.url = o->feed, .cache_dir = o->cache, .ca_file = o->ca_file,
                           .allow_insecure_redirect = o->allow_insecure_redirect};
        fetch_result *res = calloc(1, sizeof(*res));
        if (!res)
            return;
        fetch_cycle(&fc, &fo, res);
        src->status.has_url = true;
        if (res->outcome == FETCH_STORED) {
            src->a = res->agenda;
            res->agenda = NULL;
            src->status.source = STATUS_NETWORK;
            src->status.fetch = STATUS_FETCH_OK;
            src->status.fetched_at = res->fetched_at;
            src->status.not_saved = res->reason[0] != '\0';
            if (res->reason[0])
                fprintf(err, "hallboard: %s\n", res->reason);
        } else if (res->outcome == FETCH_UNCHANGED && o->cache) {
            /* 304: the cache is what the origin has, as good as fetched now. */
            if (load_cache(o, &fo, src, err)) {
                src->status.source = STATUS_NETWORK;
                src->status.fetch = STATUS_FETCH_OK;
            }
        } else {
            bool rejected = res->outcome == FETCH_REJECTED;
            fprintf(err, "hallboard: %s: %s\n", o->feed,
                    res->reason[0] ? res->reason : "no usable feed");
            if (!rejected && o->cache && load_cache(o, &fo, src, err)) {
                fprintf(err, "hallboard: using the cached feed of %s\n", o->cache);
                src->status.fetch = STATUS_FETCH_FAIL;
            } else {
                src->exit_code = rejected ? CLI_EXIT_INVALID : CLI_EXIT_NETWORK;
            }
        }
        fetch_result_clear(res);
        free(res);
    } else if (o->cache && !o->feed) {
        load_cache(o, &fo, src, err);
    } else {
        feed_report *rep = malloc(sizeof(*rep));
        if (!rep)
            return;
        if (o->feed) {
            src->a = feedsrc_load_file(o->feed, &fo, rep);
            const char *base = strrchr(o->feed, '/');
            snprintf(src->name, sizeof(src->name), "%s", base ? base + 1 : o->feed);
            src->status.source = STATUS_FILE;
            src->status.name = src->name;
        } else {
            src->a = feedsrc_load_embedded(&fo, rep);
            src->status.source = STATUS_EMBEDDED;
        }
        if (!src->a) {
            fprintf(err, "hallboard: %s: the feed is not usable:\n",
                    o->feed ? o->feed : "(embedded)");
            cli_print_report(rep, err);
        }
        free(rep);
    }
    if (src->a)
        status_set_agenda(&src->status, src->a);
}

/* Parses "WxH" (each 1..BOARD_MAX_SIDE). */
bool cli_parse_size(const char *v, int *w, int *h)
{
    char *end;
    long a = strtol(v, &end, 10);
    if (end == v || (*end != 'x' && *end != 'X'))
        return false;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end != '\0' || a < 1 || b < 1 || a > BOARD_MAX_SIDE || b > BOARD_MAX_SIDE)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* Looks up --hall in a. Returns 0 (hall set, -1 when not asked) or CLI_EXIT_USAGE. */
int cli_find_hall(const cli_opts *o, const agenda *a, int32_t *hall, FILE *err)
{
    *hall = -1;
    if (!o->hall)
        return 0;
    *hall = agenda_hall_find(a, o->hall);
    if (*hall >= 0)
        return 0;
    fprintf(err, "hallboard: --hall: no hall \"%s\" in the feed; halls:", o->hall);
    char id[LOGSAFE_LINE];
    for (size_t i = 0; i < a->n_halls; i++)
        fprintf(err, " %s", logsafe(a->halls[i].id, id, sizeof(id)));
    fputc('\n', err);
    return CLI_EXIT_USAGE;
}

/* The view of --view (or the settings) and the 0-based page of --page. Returns 0 or
 * CLI_EXIT_USAGE after a message. */
int cli_view_opts(const cli_opts *o, layout_view *view, size_t *page, FILE *err)
{
    *view = LAYOUT_VIEW_AUTO;
    *page = 0;
    if (o->view && !layout_view_parse(o->view, view)) {
        fprintf(err, "hallboard: --view: \"%s\" is not hall, event, lobby or auto\n", o->view);
        return CLI_EXIT_USAGE;
    }
    if (*view == LAYOUT_VIEW_HALL && !o->hall) {
        fprintf(err, "hallboard: --view hall needs --hall ID\n");
        return CLI_EXIT_USAGE;
    }
    if (o->page) {
        char *end;
        long p = strtol(o->page, &end, 10);
        if (*end != '\0' || p < 1 || p > CLI_PAGE_MAX) {
            fprintf(err, "hallboard: --page: \"%s\" is not 1..%d\n", o->page, CLI_PAGE_MAX);
            return CLI_EXIT_USAGE;
        }
        *page = (size_t)(p - 1);
    }
    return 0;
}

/* Reads --at TIME into *at. Returns 0, or CLI_EXIT_USAGE after saying what is wrong
 * (not a time, or a year out of range). */
int cli_parse_at(const char *s, int64_t *at, FILE *err)
{
    int rc = civil_rfc3339_check(s, at, NULL);
    if (rc == CIVIL_E_RANGE) {
        fprintf(err, "hallboard: --at: \"%s\" is out of range (years %d..%d)\n", s,
                CIVIL_YEAR_MIN, CIVIL_YEAR_MAX);
        return CLI_EXIT_USAGE;
    }
    if (rc != 0) {
        fprintf(err, "hallboard: --at: \"%s\" is not an RFC 3339 time with an offset, "
                     "e.g. 2020-12-09T17:00:00+08:00\n", s);
        return CLI_EXIT_USAGE;
    }
    return 0;
}
