/* build.c - the builder every importer feeds (see build.h).
 *
 * Layout: life; problems; halls, tracks and people; sessions; finishing (checks in
 * document order, ids made and made unique, defaults, installation). The builder's
 * string map is in map.c, its strings in text.c, its zones in zones.c, sorting and the
 * overlap sweep in order.c.
 */
#include "build.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "utf8.h"

/* ---- Life ------------------------------------------------------------------------ */

void fb_init(feed_builder *b, feed_ctx *c, bool lenient, const char *bytes, size_t len)
{
    memset(b, 0, sizeof(*b));
    b->c = c;
    b->lenient = lenient;
    b->bytes = bytes;
    b->len = len;
}

void fb_free(feed_builder *b)
{
    free(b->halls);
    free(b->tracks);
    if (!b->sessions_in_arena) {
        free(b->sessions);
        free(b->paths);
    }
    fb_map_free(&b->hall_map);
    fb_map_free(&b->track_map);
    free(b->doc);
    b->doc = NULL;
    b->halls = NULL;
    b->tracks = NULL;
    b->sessions = NULL;
    b->paths = NULL;
}

/* Grows *v (of *cap elements of size sz) to hold n + 1. */
static bool grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 64;
    void *p = realloc(*v, c * sz);
    if (!p)
        return false;
    *v = p;
    *cap = c;
    return true;
}

/* ---- Problems -------------------------------------------------------------------- */

static void vreport(feed_builder *b, feed_severity sev, const char *path, const char *prefix,
                    const char *fmt, va_list ap)
{
    char msg[FEED_MSG_MAX];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    feed_report_add(b->c, sev, path, "%s%s", prefix, msg);
}

void fb_flaw(feed_builder *b, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(b, b->lenient ? FEED_WARNING : FEED_ERROR, path, "", fmt, ap);
    va_end(ap);
}

static void vdrop(feed_builder *b, const char *path, const char *fmt, va_list ap)
{
    vreport(b, b->lenient ? FEED_WARNING : FEED_ERROR, path, b->lenient ? "dropped: " : "", fmt,
            ap);
    b->dropped++;
}

void fb_drop(feed_builder *b, const char *path, const char *fmt, ...)
{
    /* While the importer reads, an item dropped is placed after the last session read
     * (document places: 2i + 1 for the i-th session read, the even ones between them);
     * once fb_finish checks the sessions, at the session being checked. */
    if (!b->finishing && b->c->seq < 2 * b->n_places)
        b->c->seq = 2 * b->n_places;
    va_list ap;
    va_start(ap, fmt);
    vdrop(b, path, fmt, ap);
    va_end(ap);
}

/* ---- Halls, tracks, people ------------------------------------------------------ */

/* An id from a key: cut to AGENDA_MAX_ID_BYTES at a character boundary. */
static const char *key_id(feed_builder *b, const char *key)
{
    size_t n = strlen(key);
    if (n > AGENDA_MAX_ID_BYTES)
        n = utf8_cut(key, AGENDA_MAX_ID_BYTES);
    char *r = agenda_arena_strndup(b->c->ar, key, n);
    if (!r)
        feed_oom(b->c);
    return r;
}

int32_t fb_hall(feed_builder *b, const char *key, agenda_text name, const char *path)
{
    if (!key || !*key)
        return -1;
    int32_t i = fb_map_get(&b->hall_map, key);
    if (i >= 0)
        return i;
    if (b->n_halls >= AGENDA_MAX_HALLS) {
        if (b->n_halls == AGENDA_MAX_HALLS)
            feed_report_add(b->c, FEED_ERROR, path, "more than %u halls", AGENDA_MAX_HALLS);
        b->n_halls++; /* counted once past the limit, so the error is reported once */
        return -1;
    }
    const char *id = key_id(b, key);
    if (!id || !grow((void **)&b->halls, &b->cap_halls, b->n_halls, sizeof(*b->halls)) ||
        !fb_map_put(&b->hall_map, id, (int32_t)b->n_halls)) {
        feed_oom(b->c);
        return -1;
    }
    b->halls[b->n_halls] = (agenda_hall){.id = id, .name = name.n ? name : fb_text(b, id)};
    return (int32_t)b->n_halls++;
}

bool fb_parse_color(const char *s, uint32_t *out)
{
    size_t n = s ? strlen(s) : 0;
    if ((n != 7 && n != 4) || s[0] != '#')
        return false;
    uint32_t v = 0;
    for (size_t i = 1; i < n; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return false;
        v = n == 4 ? v << 8 | (uint32_t)(d * 17) : v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

int32_t fb_track(feed_builder *b, const char *key, agenda_text name, const char *color,
                 const char *path)
{
    if (!key || !*key)
        return -1;
    int32_t i = fb_map_get(&b->track_map, key);
    if (i >= 0)
        return i;
    if (b->n_tracks >= AGENDA_MAX_TRACKS) {
        if (b->n_tracks == AGENDA_MAX_TRACKS)
            feed_report_add(b->c, FEED_ERROR, path, "more than %u tracks", AGENDA_MAX_TRACKS);
        b->n_tracks++;
        return -1;
    }
    const char *id = key_id(b, key);
    if (!id || !grow((void **)&b->tracks, &b->cap_tracks, b->n_tracks, sizeof(*b->tracks)) ||
        !fb_map_put(&b->track_map, id, (int32_t)b->n_tracks)) {
        feed_oom(b->c);
        return -1;
    }
    agenda_track *t = &b->tracks[b->n_tracks];
    *t = (agenda_track){.id = id, .name = name.n ? name : fb_text(b, id)};
    if (color && *color) {
        t->has_color = fb_parse_color(color, &t->color);
        if (!t->has_color)
            fb_flaw(b, path, "colour \"%.16s\" is not #rrggbb: no colour", color);
    }
    return (int32_t)b->n_tracks++;
}

agenda_person *fb_people(feed_builder *b, size_t *n, const char *path)
{
    if (*n > AGENDA_MAX_PEOPLE) {
        if (!b->lenient) {
            feed_report_add(b->c, FEED_ERROR, path, "%zu people, more than the limit of %u", *n,
                            AGENDA_MAX_PEOPLE);
            return NULL;
        }
        feed_report_add(b->c, FEED_WARNING, path, "%zu people: the first %u kept", *n,
                        AGENDA_MAX_PEOPLE);
        *n = AGENDA_MAX_PEOPLE;
    }
    agenda_person *p = agenda_arena_alloc(b->c->ar, (*n ? *n : 1) * sizeof(*p));
    if (!p)
        feed_oom(b->c);
    return p;
}

/* ---- Sessions -------------------------------------------------------------------- */

agenda_session *fb_session(feed_builder *b, const char *path)
{
    if (b->n_sessions >= b->c->opt->limits.max_sessions) {
        if (!b->over_limit)
            feed_report_add(b->c, FEED_ERROR, path, "more than the limit of %zu sessions",
                            b->c->opt->limits.max_sessions);
        b->over_limit = true;
        return NULL;
    }
    size_t cap = b->cap_sessions;
    if (b->sessions_in_arena && b->n_sessions == cap) { /* past the reservation */
        agenda_session *v = malloc(cap * sizeof(*v));
        const char **p = malloc(cap * sizeof(*p));
        if (!v || !p) {
            free(v);
            free(p);
            feed_oom(b->c);
            return NULL;
        }
        memcpy(v, b->sessions, cap * sizeof(*v));
        memcpy(p, b->paths, cap * sizeof(*p));
        b->sessions = v;
        b->paths = p;
        b->sessions_in_arena = false;
    }
    if (!grow((void **)&b->sessions, &b->cap_sessions, b->n_sessions, sizeof(*b->sessions))) {
        feed_oom(b->c);
        return NULL;
    }
    if (b->cap_sessions != cap) {
        const char **p = realloc(b->paths, b->cap_sessions * sizeof(*p));
        size_t *d = b->doc ? realloc(b->doc, b->cap_sessions * sizeof(*d)) : NULL;
        if (p)
            b->paths = p;
        if (d)
            b->doc = d;
        if (!p || (b->doc && !d)) {
            b->cap_sessions = cap;
            feed_oom(b->c);
            return NULL;
        }
    }
    const char *ap = agenda_arena_strndup(b->c->ar, path, strlen(path));
    if (!ap) {
        feed_oom(b->c);
        return NULL;
    }
    agenda_session *s = &b->sessions[b->n_sessions];
    *s = (agenda_session){.hall = -1, .track = -1, .kind = AGENDA_KIND_TALK,
                          .status = AGENDA_STATUS_SCHEDULED};
    b->c->seq = 2 * b->n_places++ + 1; /* what is reported now is about this session */
    if (b->doc)
        b->doc[b->n_sessions] = b->c->seq;
    b->paths[b->n_sessions++] = ap;
    return s;
}

bool fb_reserve(feed_builder *b, size_t n)
{
    if (b->sessions || n == 0)
        return true;
    b->sessions = agenda_arena_alloc(b->c->ar, n * sizeof(*b->sessions));
    b->paths = agenda_arena_alloc(b->c->ar, n * sizeof(*b->paths));
    if (!b->sessions || !b->paths) {
        b->sessions = NULL;
        b->paths = NULL;
        feed_oom(b->c);
        return false;
    }
    b->cap_sessions = n;
    b->sessions_in_arena = true;
    return true;
}

/* Gives the sessions their own document places (b->doc, 2i + 1 so far); false on out
 * of memory (reported). */
static bool own_places(feed_builder *b)
{
    if (b->doc)
        return true;
    b->doc = malloc((b->cap_sessions ? b->cap_sessions : 1) * sizeof(*b->doc));
    if (!b->doc) {
        feed_oom(b->c);
        return false;
    }
    for (size_t i = 0; i < b->n_sessions; i++)
        b->doc[i] = 2 * i + 1;
    return true;
}

void fb_drop_session(feed_builder *b, size_t i, const char *fmt, ...)
{
    size_t seq = b->c->seq, rest = b->n_sessions - i - 1;
    bool placed = own_places(b);
    b->c->seq = placed ? b->doc[i] : 2 * i + 1;
    va_list ap;
    va_start(ap, fmt);
    vdrop(b, b->paths[i], fmt, ap);
    va_end(ap);
    b->c->seq = seq; /* what is reported next is where it was */
    memmove(&b->sessions[i], &b->sessions[i + 1], rest * sizeof(*b->sessions));
    memmove(&b->paths[i], &b->paths[i + 1], rest * sizeof(*b->paths));
    if (placed)
        memmove(&b->doc[i], &b->doc[i + 1], rest * sizeof(*b->doc));
    b->n_sessions--;
}

/* ---- Finishing ------------------------------------------------------------------- */

/* The path of kept session i, for feed_finish_sessions(); what is reported next is
 * placed at that session (feed_ctx.seq). */
static void session_path(void *ctx, size_t i, char out[FEED_PATH_MAX])
{
    const feed_builder *b = ctx;
    if (b->doc)
        b->c->seq = b->doc[i];
    snprintf(out, FEED_PATH_MAX, "%s", b->paths[i]);
}

/* An id for a session that has none: a hash of where and when it is. */
static const char *made_id(feed_builder *b, const agenda_session *s, const char *path)
{
    uint64_t h = hash_bytes(HASH_INIT, &s->start, sizeof(s->start));
    const char *title = s->title.n ? s->title.v[0].text : path;
    h = hash_bytes(h, title, strlen(title));
    if (s->hall >= 0)
        h = hash_bytes(h, b->halls[s->hall].id, strlen(b->halls[s->hall].id));
    char buf[24];
    snprintf(buf, sizeof(buf), "s%012llx", (unsigned long long)(h & 0xFFFFFFFFFFFFull));
    return agenda_arena_strndup(b->c->ar, buf, strlen(buf));
}

/* Checks the times of session s at `path`; false when it is dropped. */
static bool check_times(feed_builder *b, const agenda_session *s, const char *path)
{
    char p[FEED_PATH_MAX];
    feed_path_key(p, path, "end");
    if (s->end < s->start) {
        fb_drop(b, p, b->lenient ? "ends before it starts" : "before start");
        return false;
    }
    if (s->end - s->start > FB_MAX_SESSION_SECONDS) {
        fb_drop(b, p, "more than 7 days after start");
        return false;
    }
    if (s->end == s->start)
        fb_flaw(b, p, b->lenient ? "zero length: kept as a moment (shown as next, never as now)"
                                 : "equal to start");
    return true;
}

bool fb_check_times(feed_builder *b, bool usable)
{
    b->timed = true;
    if (!b->n_sessions)
        return false;
    size_t i = b->n_sessions - 1;
    agenda_session *s = &b->sessions[i];
    if (usable && check_times(b, s, b->paths[i]))
        return true;
    if (b->lenient) {
        /* Its place stays taken: the sessions read next come after its drop. */
        own_places(b);
        b->n_sessions--;
        return false;
    }
    /* Strict: the feed is refused already; the session stays, without a time, so that
     * its id is still compared with the others'. */
    s->start = s->end = 0;
    return false;
}

/* Checks session i; false when it is dropped. A strict format's importer reads the id
 * and the title as required and reports their absence itself: here they are only
 * made up, so that the session can still be sorted and compared. */
static bool check_session(feed_builder *b, size_t i)
{
    agenda_session *s = &b->sessions[i];
    const char *path = b->paths[i];
    char p[FEED_PATH_MAX];
    if (!b->timed && !check_times(b, s, path))
        return false;
    if (!s->id || !*s->id || strlen(s->id) > AGENDA_MAX_ID_BYTES) {
        if (s->id && *s->id) {
            feed_path_key(p, path, "id");
            fb_flaw(b, p, "an id must be 1 to %u bytes", AGENDA_MAX_ID_BYTES);
        }
        s->id = made_id(b, s, path);
        if (!s->id) {
            feed_oom(b->c);
            return false;
        }
    }
    if (!s->title.n) {
        if (b->lenient) {
            feed_path_key(p, path, "title");
            fb_flaw(b, p, "missing: the id stands in");
        }
        s->title = fb_text(b, s->id);
    }
    return true;
}

/* Makes repeated ids unique ("id~2") in lenient mode; reports them in strict mode. */
static bool unique_ids(feed_builder *b)
{
    fb_map seen = {0};
    bool ok = fb_map_reserve(&seen, b->n_sessions + 1);
    if (!ok)
        feed_oom(b->c);
    for (size_t i = 0; i < b->n_sessions && ok; i++) {
        agenda_session *s = &b->sessions[i];
        int32_t first = fb_map_get(&seen, s->id);
        if (b->doc)
            b->c->seq = b->doc[i];
        if (first >= 0) {
            char p[FEED_PATH_MAX];
            feed_path_key(p, b->paths[i], "id");
            if (!b->lenient) {
                feed_report_add(b->c, FEED_ERROR, p, "duplicate id \"%.64s\" (first at %s)",
                                s->id, b->paths[first]);
                continue;
            }
            char id[AGENDA_MAX_ID_BYTES + 16];
            for (unsigned k = 2;; k++) {
                size_t n = strlen(s->id);
                if (n > AGENDA_MAX_ID_BYTES - 8)
                    n = utf8_cut(s->id, AGENDA_MAX_ID_BYTES - 8);
                snprintf(id, sizeof(id), "%.*s~%u", (int)n, s->id, k);
                if (fb_map_get(&seen, id) < 0)
                    break;
            }
            feed_report_add(b->c, FEED_WARNING, p, "repeated id \"%.64s\" (first at %s): made \"%s\"",
                            s->id, b->paths[first], id);
            s->id = agenda_arena_strndup(b->c->ar, id, strlen(id));
            if (!s->id) {
                feed_oom(b->c);
                ok = false;
                break;
            }
        }
        if (!fb_map_put(&seen, s->id, (int32_t)i)) {
            feed_oom(b->c);
            ok = false;
        }
    }
    fb_map_free(&seen);
    return ok;
}

/* A revision for a feed that has none: a hash of its bytes. */
static const char *bytes_revision(feed_builder *b)
{
    char buf[24];
    snprintf(buf, sizeof(buf), "h%016llx",
             (unsigned long long)hash_bytes(HASH_INIT, b->bytes ? b->bytes : "", b->len));
    return agenda_arena_strndup(b->c->ar, buf, strlen(buf));
}

/* Checks every session in document order; dropped sessions leave the list (their
 * paths too). */
static void check_sessions(feed_builder *b)
{
    size_t k = 0;
    bool placed = own_places(b);
    for (size_t i = 0; i < b->n_sessions; i++) {
        size_t at = placed ? b->doc[i] : 2 * i + 1;
        b->c->seq = at;
        if (!check_session(b, i))
            continue;
        if (placed)
            b->doc[k] = at;
        b->sessions[k] = b->sessions[i];
        b->paths[k++] = b->paths[i];
    }
    b->n_sessions = k;
}

/* The zones shown when the importer set none: the options' zones, else the venue zone
 * (UTC when there is none) labelled after its name. */
static void install_zones(feed_builder *b)
{
    feed_ctx *c = b->c;
    agenda *a = c->a;
    const char *const *ov = c->opt->zones;
    if (ov && ov[0]) {
        feed_set_zones(c, NULL, NULL, 0, "");
        return;
    }
    const char *name = b->venue_name ? b->venue_name : "UTC";
    if (!b->venue)
        b->venue = fb_fixed_zone(b, 0);
    agenda_zone *z = agenda_arena_alloc(c->ar, sizeof(*z));
    if (!z || !b->venue) {
        feed_oom(c);
        return;
    }
    z->tz = b->venue;
    z->name = tz_name(b->venue);
    z->label = feed_zone_default_label(c, name);
    a->zones = z;
    a->n_zones = 1;
}

/* Languages ("en"), revision (a hash of the bytes) and title ("Agenda") where the
 * importer set none. */
static void install_defaults(feed_builder *b)
{
    agenda *a = b->c->a;
    if (!a->n_languages) {
        static const char *const en[] = {"en"};
        a->languages = en;
        a->n_languages = 1;
    }
    if (!a->revision)
        a->revision = bytes_revision(b);
    if (!a->title.n)
        a->title = fb_text(b, "Agenda");
}

/* Moves halls, tracks and sessions into the agenda's arena (the builder's arrays are
 * scratch, unless the sessions were reserved there) and sorts and checks the sessions
 * there. False on out of memory (reported). */
static bool install_items(feed_builder *b)
{
    feed_ctx *c = b->c;
    agenda *a = c->a;
    agenda_hall *h = agenda_arena_alloc(c->ar, (b->n_halls ? b->n_halls : 1) * sizeof(*h));
    agenda_track *t = agenda_arena_alloc(c->ar, (b->n_tracks ? b->n_tracks : 1) * sizeof(*t));
    agenda_session *s = b->sessions_in_arena
                            ? b->sessions
                            : agenda_arena_alloc(c->ar, (b->n_sessions ? b->n_sessions : 1) *
                                                            sizeof(*s));
    if (!h || !t || !s) {
        feed_oom(c);
        return false;
    }
    size_t nh = b->n_halls > AGENDA_MAX_HALLS ? AGENDA_MAX_HALLS : b->n_halls;
    size_t nt = b->n_tracks > AGENDA_MAX_TRACKS ? AGENDA_MAX_TRACKS : b->n_tracks;
    if (nh)
        memcpy(h, b->halls, nh * sizeof(*h));
    if (nt)
        memcpy(t, b->tracks, nt * sizeof(*t));
    if (b->n_sessions && s != b->sessions)
        memcpy(s, b->sessions, b->n_sessions * sizeof(*s));
    a->halls = h;
    a->n_halls = nh;
    a->tracks = t;
    a->n_tracks = nt;
    feed_finish_sessions_at(c, s, b->n_sessions, session_path, b);
    return true;
}

bool fb_finish(feed_builder *b)
{
    feed_ctx *c = b->c;
    size_t errors = c->rep->n_errors;
    b->finishing = true;
    check_sessions(b);
    unique_ids(b);
    if (!c->a->n_zones)
        install_zones(b);
    install_defaults(b);
    fb_install_day_change(b);
    if (!install_items(b))
        return false;
    return c->rep->n_errors == errors && !c->oom;
}
