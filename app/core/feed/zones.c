/* zones.c - time zones of a feed: the one way a zone name is loaded (IANA names, the
 * tz database's backward links, Windows names), the zones an agenda shows
 * (feed_set_zones: the feed's list or the options' override), and the builder's zone
 * steps (build.h: the event zone, the venue zone, fixed offsets).
 */
#include "build.h"

#include <stdio.h>
#include <string.h>

#include "tzalias.h"

/* ---- Loading a zone ---------------------------------------------------------- */

/* Loads a zone through the options' loader; the agenda owns it. */
static const tz_zone *load(feed_ctx *c, const char *name)
{
    if (!name || !*name || strlen(name) > TZ_NAME_MAX)
        return NULL;
    tz_zone *z = c->opt->load_zone(c->opt->zone_ctx, name);
    if (!z)
        return NULL;
    if (agenda_arena_own_zone(c->ar, z) != 0) {
        feed_oom(c);
        return NULL;
    }
    return z;
}

const tz_zone *feed_resolve_zone(feed_ctx *c, const char *name)
{
    const tz_zone *z = load(c, name);
    const char *alias;
    if (!z && name && (alias = tzalias_link(name)))
        z = load(c, alias);
    if (!z && name && (alias = tzalias_windows(name)))
        z = load(c, alias);
    return z;
}

/* ---- The zones shown ----------------------------------------------------------- */

agenda_text feed_zone_default_label(feed_ctx *c, const char *name)
{
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    char *s = agenda_arena_strndup(c->ar, base, strlen(base));
    if (!s) {
        feed_oom(c);
        return (agenda_text){NULL, 0};
    }
    for (char *p = s; *p; p++)
        if (*p == '_')
            *p = ' ';
    return feed_plain_text(c, s);
}

/* The label of zone i: the override's label, the feed's, else the default one. */
static agenda_text zone_label(feed_ctx *c, const char *name, const agenda_text *labels,
                              size_t i, bool override)
{
    const char *const *ov = c->opt->zone_labels;
    if (override && ov && ov[i])
        return feed_plain_text(c, agenda_arena_strndup(c->ar, ov[i], strlen(ov[i])));
    if (labels && labels[i].n)
        return labels[i];
    return feed_zone_default_label(c, name);
}

bool feed_set_zones(feed_ctx *c, const char *const *names, const agenda_text *labels, size_t n,
                    const char *path)
{
    const char *const *ov = c->opt->zones;
    size_t n_ov = 0;
    while (ov && ov[n_ov])
        n_ov++;
    if (n_ov) {
        names = ov;
        labels = NULL;
        n = n_ov;
        path = "--zone";
    }
    if (n == 0) {
        feed_report_add(c, FEED_ERROR, path, "at least one zone is needed");
        return false;
    }
    if (n > AGENDA_MAX_ZONES) {
        feed_report_add(c, FEED_ERROR, path, "%zu zones, more than %u", n, AGENDA_MAX_ZONES);
        return false;
    }
    agenda_zone *z = agenda_arena_alloc(c->ar, n * sizeof(*z));
    if (!z) {
        feed_oom(c);
        return false;
    }
    bool ok = true;
    for (size_t i = 0; i < n; i++) {
        char p[FEED_PATH_MAX];
        if (n_ov)
            snprintf(p, sizeof(p), "--zone %.64s", names[i]);
        else
            feed_path_index(p, path, i);
        z[i].tz = feed_resolve_zone(c, names[i]);
        if (!z[i].tz) {
            if (!c->oom)
                feed_report_add(c, FEED_ERROR, p, "unknown time zone \"%.64s\"", names[i]);
            ok = false;
            continue;
        }
        z[i].name = tz_name(z[i].tz);
        z[i].label = zone_label(c, names[i], labels, i, n_ov > 0);
    }
    c->a->zones = z;
    c->a->n_zones = n;
    return ok;
}

/* ---- The builder's zones ------------------------------------------------------- */

const tz_zone *fb_zone(feed_builder *b, const char *name)
{
    return feed_resolve_zone(b->c, name);
}

const tz_zone *fb_fixed_zone(feed_builder *b, int32_t offset)
{
    char name[32], rule[40];
    int32_t a = offset < 0 ? -offset : offset;
    if (a >= 24 * 3600)
        return NULL;
    snprintf(name, sizeof(name), "UTC%c%02d:%02d", offset < 0 ? '-' : '+', (int)(a / 3600),
             (int)(a / 60 % 60));
    /* POSIX offsets are west of UTC: the sign flips. */
    snprintf(rule, sizeof(rule), "<%c%02d%02d>%c%02d:%02d", offset < 0 ? '-' : '+',
             (int)(a / 3600), (int)(a / 60 % 60), offset < 0 ? '+' : '-', (int)(a / 3600),
             (int)(a / 60 % 60));
    tz_zone *z = offset ? tz_parse_posix(name, rule) : tz_utc();
    if (!z || agenda_arena_own_zone(b->c->ar, z) != 0) {
        feed_oom(b->c);
        return NULL;
    }
    return z;
}

const tz_zone *fb_set_event_zone(feed_builder *b, const char *name, const tz_zone *fallback,
                                 const char *path)
{
    const tz_zone *z = fb_zone(b, name);
    if (!z) {
        if (!b->lenient) {
            feed_report_add(b->c, FEED_ERROR, path, "unknown time zone \"%.64s\"",
                            name ? name : "");
            return NULL;
        }
        z = fallback ? fallback : fb_fixed_zone(b, 0);
        feed_report_add(b->c, FEED_WARNING, path, "unknown time zone \"%.64s\": times read in %s",
                        name ? name : "", z ? tz_name(z) : "UTC");
    }
    fb_use_event_zone(b, z);
    return z;
}

void fb_use_event_zone(feed_builder *b, const tz_zone *z)
{
    b->venue = z;
    b->venue_name = z ? tz_name(z) : NULL;
}

/* The options' first zone, resolved at the first call (NULL when there is none or it
 * is unknown). */
static const tz_zone *options_zone(feed_builder *b)
{
    const char *const *ov = b->c->opt->zones;
    if (!b->opt_zone_done && ov && ov[0])
        b->opt_zone = fb_zone(b, ov[0]);
    b->opt_zone_done = true;
    return b->opt_zone;
}

const tz_zone *fb_venue_zone(feed_builder *b, const char *path)
{
    const tz_zone *z = options_zone(b);
    if (z)
        return z;
    if (b->venue)
        return b->venue;
    feed_report_add(b->c, FEED_WARNING, path,
                    "no time zone in this export: times are read as UTC (name the venue's zone "
                    "with --zone or the settings' zone)");
    b->c->a->zone_assumed = true;
    b->venue = fb_fixed_zone(b, 0);
    b->venue_name = "UTC";
    return b->venue;
}

bool fb_local(const tz_zone *z, int64_t y, int mo, int d, int h, int mi, int s, int64_t *out)
{
    return z && tz_from_local(z, y, mo, d, h, mi, s, out);
}

