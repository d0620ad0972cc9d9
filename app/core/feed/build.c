/* build.c - the builder every importer feeds (see build.h). */
#include "build.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash.h"
#include "tzalias.h"
#include "utf8.h"

/* ---- The map ------------------------------------------------------------------- */

static bool map_grow(fb_map *m)
{
    size_t cap = m->cap ? m->cap * 2 : 16;
    const char **keys = calloc(cap, sizeof(*keys));
    int32_t *vals = malloc(cap * sizeof(*vals));
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t h = (size_t)hash_str(m->keys[i]) & (cap - 1);
        while (keys[h])
            h = (h + 1) & (cap - 1);
        keys[h] = m->keys[i];
        vals[h] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return true;
}

bool fb_map_put(fb_map *m, const char *key, int32_t val)
{
    if (2 * (m->n + 1) > m->cap && !map_grow(m))
        return false;
    size_t h = (size_t)hash_str(key) & (m->cap - 1);
    while (m->keys[h]) {
        if (strcmp(m->keys[h], key) == 0)
            return true;
        h = (h + 1) & (m->cap - 1);
    }
    m->keys[h] = key;
    m->vals[h] = val;
    m->n++;
    return true;
}

int32_t fb_map_get(const fb_map *m, const char *key)
{
    if (!m->cap)
        return -1;
    for (size_t h = (size_t)hash_str(key) & (m->cap - 1); m->keys[h]; h = (h + 1) & (m->cap - 1))
        if (strcmp(m->keys[h], key) == 0)
            return m->vals[h];
    return -1;
}

void fb_map_free(fb_map *m)
{
    free(m->keys);
    free(m->vals);
    *m = (fb_map){0};
}

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
    free(b->sessions);
    free(b->paths);
    fb_map_free(&b->hall_map);
    fb_map_free(&b->track_map);
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

void fb_drop(feed_builder *b, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vreport(b, b->lenient ? FEED_WARNING : FEED_ERROR, path, b->lenient ? "dropped: " : "", fmt,
            ap);
    va_end(ap);
    b->dropped++;
}

/* ---- Strings -------------------------------------------------------------------- */

static bool is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

const char *fb_str(feed_builder *b, const char *s, size_t n, const char *path)
{
    if (!s)
        return NULL;
    while (n && is_space(*s)) {
        s++;
        n--;
    }
    while (n && is_space(s[n - 1]))
        n--;
    size_t bad;
    if (!utf8_valid(s, n, &bad)) {
        feed_report_add(b->c, FEED_ERROR, path, "not UTF-8 (byte %zu of the value)", bad + 1);
        return NULL;
    }
    size_t max = b->c->opt->limits.max_string_bytes;
    if (n > max) {
        if (!b->lenient) {
            feed_report_add(b->c, FEED_ERROR, path, "%zu bytes, more than the limit of %zu", n,
                            max);
            return NULL;
        }
        feed_report_add(b->c, FEED_WARNING, path, "%zu bytes, cut to the limit of %zu", n, max);
        n = max;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    char *r = agenda_arena_strndup(b->c->ar, s, n);
    if (!r)
        feed_oom(b->c);
    return r;
}

const char *fb_cstr(feed_builder *b, const char *s, const char *path)
{
    return s ? fb_str(b, s, strlen(s), path) : NULL;
}

agenda_text fb_text(feed_builder *b, const char *s)
{
    if (!s || !*s)
        return (agenda_text){NULL, 0};
    return feed_plain_text(b->c, s);
}

agenda_text fb_texts(feed_builder *b, const char *const *tags, const char *const *texts, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += texts[i] && *texts[i];
    if (!k)
        return (agenda_text){NULL, 0};
    agenda_tr *v = agenda_arena_alloc(b->c->ar, k * sizeof(*v));
    if (!v) {
        feed_oom(b->c);
        return (agenda_text){NULL, 0};
    }
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (texts[i] && *texts[i])
            v[k++] = (agenda_tr){tags[i] ? tags[i] : "", texts[i]};
    return (agenda_text){v, k};
}

/* Named HTML entities that real abstracts use; others are kept as written. */
static const struct {
    const char *name;
    uint32_t cp;
} html_entities[] = {
    {"amp", '&'},     {"lt", '<'},       {"gt", '>'},       {"quot", '"'},     {"apos", '\''},
    {"nbsp", 0xA0},   {"ndash", 0x2013}, {"mdash", 0x2014}, {"hellip", 0x2026}, {"lsquo", 0x2018},
    {"rsquo", 0x2019}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"laquo", 0xAB},   {"raquo", 0xBB},
    {"bull", 0x2022}, {"middot", 0xB7},  {"copy", 0xA9},    {"reg", 0xAE},     {"trade", 0x2122},
    {"euro", 0x20AC}, {"auml", 0xE4},    {"ouml", 0xF6},    {"uuml", 0xFC},    {"Auml", 0xC4},
    {"Ouml", 0xD6},   {"Uuml", 0xDC},    {"szlig", 0xDF},   {"eacute", 0xE9},  {"egrave", 0xE8},
    {"agrave", 0xE0}, {"ccedil", 0xE7},  {"times", 0xD7},   {"shy", 0xAD},     {"zwj", 0x200D},
};

/* Decodes the entity at s[0] == '&' (n bytes left) into out; returns the bytes read, 0
 * when it is not one. */
static size_t html_entity(const char *s, size_t n, char out[4], size_t *out_len)
{
    size_t end = 1;
    while (end < n && end < 12 && s[end] != ';' && s[end] != '&' && !is_space(s[end]))
        end++;
    if (end >= n || s[end] != ';' || end < 2)
        return 0;
    uint32_t cp = 0;
    if (s[1] == '#') {
        bool hex = end > 2 && (s[2] == 'x' || s[2] == 'X');
        for (size_t i = hex ? 3 : 2; i < end; i++) {
            char ch = s[i];
            int d = ch >= '0' && ch <= '9'          ? ch - '0'
                    : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                    : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                                    : -1;
            if (d < 0 || cp > 0x10FFFF)
                return 0;
            cp = cp * (hex ? 16 : 10) + (uint32_t)d;
        }
    } else {
        size_t k = 0, nk = sizeof(html_entities) / sizeof(html_entities[0]);
        for (; k < nk; k++)
            if (strlen(html_entities[k].name) == end - 1 &&
                memcmp(html_entities[k].name, s + 1, end - 1) == 0)
                break;
        if (k == nk)
            return 0;
        cp = html_entities[k].cp;
    }
    if (cp == 0 || cp == 0xAD || cp == 0x200D) { /* soft hyphen and the like: nothing */
        *out_len = 0;
        return end + 1;
    }
    *out_len = utf8_encode(cp == 0xA0 ? ' ' : cp, out);
    return *out_len ? end + 1 : 0;
}

/* True if the tag at s[0] == '<' is one that breaks a line (<br>, <p>, </p>, <li>...). */
static bool tag_breaks(const char *s, size_t n)
{
    size_t i = 1;
    if (i < n && s[i] == '/')
        i++;
    static const char *const blocks[] = {"br", "p", "li", "div", "ul", "ol", "h1", "h2",
                                         "h3", "h4", "tr", "blockquote"};
    for (size_t k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++) {
        size_t l = strlen(blocks[k]);
        if (i + l < n && strncasecmp(s + i, blocks[k], l) == 0 &&
            (s[i + l] == '>' || s[i + l] == ' ' || s[i + l] == '/'))
            return true;
    }
    return false;
}

const char *fb_html_text(feed_builder *b, const char *s, size_t n, const char *path)
{
    if (!s)
        return NULL;
    char *buf = malloc(n + 1);
    if (!buf) {
        feed_oom(b->c);
        return NULL;
    }
    size_t o = 0;
    bool space = false, brk = false;
    for (size_t i = 0; i < n;) {
        char ch = s[i];
        if (ch == '<') {
            const char *gt = memchr(s + i, '>', n - i);
            if (gt) {
                if (tag_breaks(s + i, (size_t)(gt - (s + i)) + 1))
                    brk = true;
                i = (size_t)(gt - s) + 1;
                continue;
            }
        }
        if (is_space(ch)) {
            space = true;
            i++;
            continue;
        }
        if (o && (brk || space))
            buf[o++] = brk ? '\n' : ' ';
        brk = space = false;
        if (ch == '&') {
            char enc[4];
            size_t el, k = html_entity(s + i, n - i, enc, &el);
            if (k) {
                memcpy(buf + o, enc, el); /* an entity is longer than what it encodes */
                o += el;
                i += k;
                continue;
            }
        }
        buf[o++] = ch;
        i++;
    }
    const char *r = fb_str(b, buf, o, path);
    free(buf);
    return r;
}

/* ---- Halls, tracks, people ------------------------------------------------------ */

/* An id from a key: cut to AGENDA_MAX_ID_BYTES at a character boundary. */
static const char *key_id(feed_builder *b, const char *key)
{
    size_t n = strlen(key);
    if (n > AGENDA_MAX_ID_BYTES) {
        n = AGENDA_MAX_ID_BYTES;
        while (n && ((unsigned char)key[n] & 0xC0) == 0x80)
            n--;
    }
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
    b->halls[b->n_halls] = (agenda_hall){id, name.n ? name : fb_text(b, id)};
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
    if (!grow((void **)&b->sessions, &b->cap_sessions, b->n_sessions, sizeof(*b->sessions))) {
        feed_oom(b->c);
        return NULL;
    }
    if (b->cap_sessions != cap) {
        const char **p = realloc(b->paths, b->cap_sessions * sizeof(*p));
        if (!p) {
            b->cap_sessions = cap;
            feed_oom(b->c);
            return NULL;
        }
        b->paths = p;
    }
    const char *ap = agenda_arena_strndup(b->c->ar, path, strlen(path));
    if (!ap) {
        feed_oom(b->c);
        return NULL;
    }
    agenda_session *s = &b->sessions[b->n_sessions];
    *s = (agenda_session){.hall = -1, .track = -1, .kind = AGENDA_KIND_TALK,
                          .status = AGENDA_STATUS_SCHEDULED};
    b->paths[b->n_sessions++] = ap;
    return s;
}

/* ---- Zones --------------------------------------------------------------------- */

/* Loads a zone through the options' loader; the agenda owns it. */
static const tz_zone *load(feed_builder *b, const char *name)
{
    if (!name || !*name || strlen(name) > TZ_NAME_MAX)
        return NULL;
    tz_zone *z = b->c->opt->load_zone(b->c->opt->zone_ctx, name);
    if (!z)
        return NULL;
    if (agenda_arena_own_zone(b->c->ar, z) != 0) {
        feed_oom(b->c);
        return NULL;
    }
    return z;
}

const tz_zone *fb_zone(feed_builder *b, const char *name)
{
    const tz_zone *z = load(b, name);
    const char *alias;
    if (!z && name && (alias = tzalias_link(name)))
        z = load(b, alias);
    if (!z && name && (alias = tzalias_windows(name)))
        z = load(b, alias);
    return z;
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
    b->venue = z;
    b->venue_name = z ? tz_name(z) : NULL;
    return z;
}

const tz_zone *fb_venue_zone(feed_builder *b, const char *path)
{
    const char *const *ov = b->c->opt->zones;
    if (ov && ov[0]) {
        const tz_zone *z = fb_zone(b, ov[0]);
        if (z)
            return z;
    }
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

/* ---- Finishing ------------------------------------------------------------------- */

/* The path of the session at document index i, for feed_finish_sessions(). */
static void session_path(void *ctx, size_t i, char out[FEED_PATH_MAX])
{
    const feed_builder *b = ctx;
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

/* Checks session i; false when it is dropped. */
static bool check_session(feed_builder *b, size_t i)
{
    agenda_session *s = &b->sessions[i];
    const char *path = b->paths[i];
    char p[FEED_PATH_MAX];
    if (s->end < s->start) {
        feed_path_key(p, path, "end");
        fb_drop(b, p, "ends before it starts");
        return false;
    }
    if (s->end - s->start > FB_MAX_SESSION_SECONDS) {
        feed_path_key(p, path, "end");
        fb_drop(b, p, "more than 7 days after start");
        return false;
    }
    if (s->end == s->start) {
        feed_path_key(p, path, "end");
        fb_flaw(b, p, b->lenient ? "zero length: kept as a moment (shown as next, never as now)"
                                 : "equal to start");
    }
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
        feed_path_key(p, path, "title");
        fb_flaw(b, p, "missing: the id stands in");
        s->title = fb_text(b, s->id);
    }
    return true;
}

/* Makes repeated ids unique ("id~2") in lenient mode; reports them in strict mode. */
static bool unique_ids(feed_builder *b)
{
    fb_map seen = {0};
    bool ok = true;
    for (size_t i = 0; i < b->n_sessions && ok; i++) {
        agenda_session *s = &b->sessions[i];
        int32_t first = fb_map_get(&seen, s->id);
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

bool fb_finish(feed_builder *b)
{
    feed_ctx *c = b->c;
    agenda *a = c->a;
    size_t errors = c->rep->n_errors;
    /* Checks in document order; dropped sessions leave the list (their paths too). */
    size_t k = 0;
    for (size_t i = 0; i < b->n_sessions; i++) {
        if (!check_session(b, i))
            continue;
        b->sessions[k] = b->sessions[i];
        b->paths[k++] = b->paths[i];
    }
    b->n_sessions = k;
    unique_ids(b);

    if (!a->n_zones) {
        const char *const *ov = c->opt->zones;
        if (ov && ov[0])
            feed_set_zones(c, NULL, NULL, 0, "");
        else {
            const char *name = b->venue_name ? b->venue_name : "UTC";
            if (!b->venue)
                b->venue = fb_fixed_zone(b, 0);
            agenda_zone *z = agenda_arena_alloc(c->ar, sizeof(*z));
            if (!z || !b->venue) {
                feed_oom(c);
            } else {
                z->tz = b->venue;
                z->name = tz_name(b->venue);
                z->label = feed_zone_default_label(c, name);
                a->zones = z;
                a->n_zones = 1;
            }
        }
    }
    if (!a->n_languages) {
        static const char *const en[] = {"en"};
        a->languages = en;
        a->n_languages = 1;
    }
    if (!a->revision)
        a->revision = bytes_revision(b);
    if (!a->title.n)
        a->title = fb_text(b, "Agenda");

    /* Halls and tracks move into the arena (the builder's arrays are scratch). */
    agenda_hall *h = agenda_arena_alloc(c->ar, (b->n_halls ? b->n_halls : 1) * sizeof(*h));
    agenda_track *t = agenda_arena_alloc(c->ar, (b->n_tracks ? b->n_tracks : 1) * sizeof(*t));
    agenda_session *s =
        agenda_arena_alloc(c->ar, (b->n_sessions ? b->n_sessions : 1) * sizeof(*s));
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
    if (b->n_sessions)
        memcpy(s, b->sessions, b->n_sessions * sizeof(*s));
    a->halls = h;
    a->n_halls = nh;
    a->tracks = t;
    a->n_tracks = nt;
    feed_finish_sessions_at(c, s, b->n_sessions, session_path, b);
    return c->rep->n_errors == errors && !c->oom;
}
