/* boot.c - the agenda a board starts on (boot.h).
 *
 * Layout: the problem list; the zones check; loading a cache directory; loading a
 * feed file or the built-in agenda, again in UTC when zones are missing; the choice.
 */
#include "boot.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "grapheme.h"
#include "control.h"
#include "feedsrc.h"
#include "tzdb.h"

/* The sentences here are the board's own: i18n_note (i18n_status.c) knows each one
 * and shows its fixed words in the board's language in the footer, keeping what came
 * from elsewhere (a path, a zone name, a parser's message) as it is. Names of unknown
 * length are put in with clip(), never cut by a byte count. */

/* s cut to at most max bytes on a grapheme boundary, with "…" (into buf). */
static const char *clip(const char *s, char *buf, size_t max)
{
    grapheme_copy(buf, max + 1, s);
    return buf;
}

void boot_note(boot_problems *p, FILE *err, bool of_agenda, const char *fmt, ...)
{
    char line[BOOT_PROBLEM_MAX], whole[BOOT_PROBLEM_MAX * 2];
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(whole, sizeof(whole), fmt, ap);
    va_end(ap);
    size_t n = w < 0 ? 0 : (size_t)w < sizeof(whole) ? (size_t)w : sizeof(whole) - 1;
    whole[n] = '\0';
    /* A character that a byte count split (a caller's %.Ns) becomes "…"; then the
     * line is cut on a grapheme (whole is twice line: what did not fit is cut here). */
    grapheme_mend(whole, n, sizeof(whole));
    grapheme_copy(line, sizeof(line), whole);
    if (err)
        fprintf(err, "hallboard: %s\n", line);
    if (!p || p->n >= BOOT_MAX_PROBLEMS)
        return;
    memcpy(p->text[p->n], line, sizeof(line));
    p->of_agenda[p->n] = of_agenda;
    p->n++;
}

void boot_check_zones(const char **zones, const char **labels, size_t *n, boot_problems *p,
                      FILE *err)
{
    size_t kept = 0;
    for (size_t i = 0; i < *n; i++) {
        tz_zone *z = tzdb_load(NULL, zones[i]);
        if (!z) {
            char zn[65], dir[161];
            boot_note(p, err, false, "zone = %s: unknown time zone (not in %s), left out",
                      clip(zones[i], zn, 64), clip(tzdb_dir(), dir, 160));
            continue;
        }
        tz_free(z);
        zones[kept] = zones[i];
        labels[kept] = labels[i];
        kept++;
    }
    for (size_t i = kept; i < *n; i++)
        zones[i] = labels[i] = NULL;
    *n = kept;
}

/* The first error of a report as one line ("PATH: message", or the message). */
static void first_error(const feed_report *rep, char *buf, size_t cap)
{
    snprintf(buf, cap, "not a valid feed");
    for (size_t i = 0; i < rep->n; i++)
        if (rep->items[i].severity == FEED_ERROR) {
            const feed_problem *q = &rep->items[i];
            snprintf(buf, cap, "%s%s%s", q->path, q->path[0] ? ": " : "", q->msg);
            return;
        }
}

boot_load boot_load_cache(const char *dir, bool pushed, const feed_options *fo, agenda **a,
                          status_input *st, feed_report *rep, char *why, size_t cap)
{
    *a = NULL;
    cache_meta *meta = malloc(sizeof(*meta));
    feed_report *own = rep ? NULL : malloc(sizeof(*own));
    char *bytes = NULL;
    size_t len = 0;
    boot_load got = BOOT_BROKEN;
    if (!rep)
        rep = own;
    if (!meta || !rep) {
        snprintf(why, cap, "out of memory");
    } else if (cache_load(dir, meta, &bytes, &len, why, cap) != 0) {
        /* nothing there yet is no news; anything else is a damaged cache */
        got = strncmp(why, "no cache:", 9) == 0 ? BOOT_NONE : BOOT_BROKEN;
    } else if (pushed != (strcmp(meta->url, CONTROL_PUSH_URL) == 0)) {
        /* what a polled feed left there is not for a board that is pushed to, nor
         * what was pushed for a board that polls a URL */
        char d[201];
        snprintf(why, cap, pushed ? "%s holds a polled feed, not a pushed one"
                                  : "%s holds a pushed feed, not one of a feed URL",
                 clip(dir, d, 200));
        got = BOOT_NONE;
    } else if (!(*a = feed_parse(bytes, len, fo, rep))) {
        char first[200], d[201];
        first_error(rep, first, sizeof(first));
        snprintf(why, cap, "%s: not a usable feed: %s", clip(dir, d, 200), first);
    } else {
        st->source = pushed ? STATUS_PUSHED : STATUS_CACHE;
        st->fetched_at = meta->fetched_at;
        got = BOOT_LOADED;
    }
    free(bytes);
    free(meta);
    free(own);
    return got;
}

/* True when the report says a zone is not in the zone directory. */
static bool zones_missing(const feed_report *rep)
{
    for (size_t i = 0; i < rep->n; i++)
        if (strstr(rep->items[i].msg, "unknown time zone"))
            return true;
    return false;
}

/* Loads the feed file (path) or the built-in agenda (path NULL) with rq's options;
 * when zones are missing, again with the zones {"UTC"}. Each failure is noted. */
static agenda *load_feed(const boot_request *rq, const char *path, feed_report *rep,
                         boot_problems *p, FILE *err)
{
    const char *what = path ? path : "the built-in agenda";
    agenda *a = path ? feedsrc_load_file(path, &rq->fo, rep)
                     : feedsrc_load_embedded(&rq->fo, rep);
    if (a)
        return a;
    char first[200], w[101], zd[101];
    first_error(rep, first, sizeof(first));
    if (!zones_missing(rep)) {
        boot_note(p, err, true, "feed %s not usable: %s", clip(what, w, 100), first);
        return NULL;
    }
    static const char *const utc[] = {"UTC", NULL};
    feed_options fo = rq->fo;
    fo.zones = utc;
    fo.zone_labels = NULL;
    a = path ? feedsrc_load_file(path, &fo, rep) : feedsrc_load_embedded(&fo, rep);
    boot_note(p, err, true, "%s: %s (zone directory %s)%s", clip(what, w, 100), first,
              clip(tzdb_dir(), zd, 100), a ? ": shown in UTC" : "");
    return a;
}

/* Loads cache directory dir into ch; a damaged one is noted, an empty one logged when
 * it is a polled feed's. Returns true on success. */
static bool choose_cache(const boot_request *rq, const char *dir, bool pushed, boot_choice *ch,
                         boot_problems *p, FILE *err)
{
    char why[400];
    boot_load got = boot_load_cache(dir, pushed, &rq->fo, &ch->a, &ch->status, NULL, why,
                                    sizeof(why));
    if (got == BOOT_BROKEN)
        boot_note(p, err, true, "%s feed not usable: %s", pushed ? "pushed" : "cached", why);
    else if (got == BOOT_NONE && !pushed)
        fprintf(err, "hallboard: %s\n", why);
    return got == BOOT_LOADED;
}

/* Loads the feed file, else the built-in agenda, into ch. Returns 0 or -1. */
static int choose_feed(const boot_request *rq, boot_choice *ch, boot_problems *p, FILE *err)
{
    feed_report *rep = malloc(sizeof(*rep));
    if (!rep) {
        fprintf(err, "hallboard: out of memory\n");
        return -1;
    }
    if (rq->file && (ch->a = load_feed(rq, rq->file, rep, p, err))) {
        const char *base = strrchr(rq->file, '/');
        snprintf(ch->name, sizeof(ch->name), "%s", base ? base + 1 : rq->file);
        ch->status.source = STATUS_FILE;
        ch->status.name = ch->name;
    } else {
        ch->a = load_feed(rq, NULL, rep, p, err);
        ch->status.source = STATUS_EMBEDDED;
    }
    free(rep);
    return ch->a ? 0 : -1;
}

int boot_choose(const boot_request *rq, boot_choice *ch, boot_problems *p, FILE *err)
{
    memset(ch, 0, sizeof(*ch));
    bool got = (rq->push_cache && choose_cache(rq, rq->push_cache, true, ch, p, err)) ||
               (rq->cache && choose_cache(rq, rq->cache, false, ch, p, err)) ||
               choose_feed(rq, ch, p, err) == 0;
    if (!got)
        return -1;
    ch->status.demo = rq->demo;
    status_set_agenda(&ch->status, ch->a);
    return 0;
}
