/* native.c - the native Hallboard v1 format (docs/feed-format.md), read in STRICT mode:
 * every flaw is an error at its exact path, and the feed is refused.
 *
 * Layout: the members each object is read for; people and sessions; the event
 * (languages first: TEXT values are checked against them; then title and zones); halls,
 * tracks and cards (each id checked for repeats as it comes); the entry point. Halls,
 * tracks and sessions go into the builder (build.h), which resolves references, checks
 * times, repeated session ids and overlaps and installs everything; every problem is
 * reported in document order.
 *
 * Speed (feeds of tens of thousands of sessions): each object's members are read in one
 * pass (feed_feed_scan_object); paths are written out only when a problem is reported
 * (feed_lpath), except each session's own, which the builder keeps.
 */
#include "importers.h"

#include <stdint.h>
#include <string.h>

#include "build.h"
#include "layout.h"
#include "link.h"

typedef feed_lpath lpath;

/* The members each kind of object is read for, and their slots. */
static const char *const person_keys[] = {"name", "role", "affiliation"};
enum { PK_NAME, PK_ROLE, PK_AFFILIATION, PK_N };

static const char *const session_keys[] = {
    "id", "start", "end", "hall", "track", "kind",
    "status", "title", "subtitle", "description", "speakers", "chair", "url",
};
enum {
    SK_ID, SK_START, SK_END, SK_HALL, SK_TRACK, SK_KIND, SK_STATUS, SK_TITLE, SK_SUBTITLE,
    SK_DESCRIPTION, SK_SPEAKERS, SK_CHAIR, SK_URL, SK_N
};

static const char *const event_keys[] = {"languages",  "title",      "subtitle", "zones",
                                         "logo",       "background", "day_change", "theme"};
enum {
    EK_LANGUAGES, EK_TITLE, EK_SUBTITLE, EK_ZONES, EK_LOGO, EK_BACKGROUND, EK_DAY_CHANGE,
    EK_THEME, EK_N
};

static const char *const theme_keys[] = {"background", "accent", "text"};
enum { TH_BACKGROUND, TH_ACCENT, TH_TEXT, TH_N };

static const char *const zone_keys[] = {"zone", "label"};
enum { ZK_ZONE, ZK_LABEL, ZK_N };

static const char *const hall_keys[] = {"id", "name"};
enum { HK_ID, HK_NAME, HK_N };

static const char *const track_keys[] = {"id", "name", "organizer", "color"};
enum { TK_ID, TK_NAME, TK_ORGANIZER, TK_COLOR, TK_N };

static const char *const card_keys[] = {"id",    "title", "body", "from",
                                        "until", "image", "url"};
enum { CK_ID, CK_TITLE, CK_BODY, CK_FROM, CK_UNTIL, CK_IMAGE, CK_URL, CK_N };

static const char *const root_keys[] = {"hallboard", "revision", "event", "halls",
                                        "tracks",    "cards",    "sessions"};
enum { RK_HALLBOARD, RK_REVISION, RK_EVENT, RK_HALLS, RK_TRACKS, RK_CARDS, RK_SESSIONS, RK_N };

#define N_KEYS(k) (sizeof(k) / sizeof((k)[0]))
_Static_assert(N_KEYS(person_keys) == PK_N && N_KEYS(session_keys) == SK_N &&
                   N_KEYS(event_keys) == EK_N && N_KEYS(zone_keys) == ZK_N &&
                   N_KEYS(hall_keys) == HK_N && N_KEYS(track_keys) == TK_N &&
                   N_KEYS(card_keys) == CK_N && N_KEYS(root_keys) == RK_N &&
                   N_KEYS(theme_keys) == TH_N && SK_N <= 32,
               "one slot per key, at most 32 keys (feed_scan_object)");

/* Reads the id v (required) of the object at `obj`. */
static bool read_id(feed_ctx *c, const cJSON *v, const lpath *obj, const char **out)
{
    lpath at = {obj, "id", 0};
    if (!feed_read_string(c, v, &at, true, out))
        return false;
    size_t n = strlen(*out);
    if (n == 0 || n > AGENDA_MAX_ID_BYTES) {
        feed_report_at(c, FEED_ERROR, &at, "an id must be 1 to %u bytes", AGENDA_MAX_ID_BYTES);
        *out = NULL;
        return false;
    }
    return true;
}

/* Reports id at `at` when seen (id -> document index) already holds it; else adds it.
 * `list` names the list in the message. False for a repeat. */
static bool first_id(feed_ctx *c, fb_map *seen, const char *id, const char *list, size_t i,
                     const lpath *at)
{
    int32_t first = fb_map_get(seen, id);
    if (first >= 0) {
        lpath ip = {at, "id", 0};
        feed_report_at(c, FEED_ERROR, &ip, "duplicate id \"%.64s\" (first at %s[%d])", id, list,
                       (int)first);
        return false;
    }
    if (!fb_map_put(seen, id, (int32_t)i))
        feed_oom(c);
    return true;
}

/* Reads the optional link v at `at` (link.h; image: an image's place, else a page).
 * *out NULL when absent or refused. */
static bool read_link(feed_ctx *c, const cJSON *v, const lpath *at, bool image,
                      const char **out)
{
    if (!feed_read_string(c, v, at, false, out)) {
        *out = NULL;
        return false;
    }
    const char *why = *out ? feed_link_problem(*out, image) : NULL;
    if (!why)
        return true;
    feed_report_at(c, FEED_ERROR, at, "%s", why);
    *out = NULL;
    return false;
}

/* Reads event.day_change ("HH:MM", before 12:00; NULL: missing, calendar days) into
 * agenda.day_change_s. */
static bool read_day_change(feed_ctx *c, const cJSON *v, const lpath *at)
{
    const char *s;
    if (!feed_read_string(c, v, at, false, &s))
        return false;
    if (!s)
        return true;
    bool form = strlen(s) == 5 && s[2] == ':';
    for (int i = 0; form && i < 5; i++)
        form = i == 2 || (s[i] >= '0' && s[i] <= '9');
    int32_t h = form ? (s[0] - '0') * 10 + s[1] - '0' : 0;
    int32_t sod = form ? h * 3600 + ((s[3] - '0') * 10 + s[4] - '0') * 60 : -1;
    if (!form || s[3] > '5' || sod >= AGENDA_DAY_CHANGE_LIMIT) {
        feed_report_at(c, FEED_ERROR, at, "\"%.20s\" is not a time HH:MM before 12:00", s);
        return false;
    }
    c->a->day_change_s = sod;
    return true;
}

/* ---- People and sessions ---------------------------------------------------- */

/* Reads the people array v (speakers or chair, NULL: missing) at `at`. */
static bool parse_people(feed_builder *b, const cJSON *v, const lpath *at,
                         const agenda_person **out, size_t *n_out)
{
    feed_ctx *c = b->c;
    bool ok = true;
    size_t n;
    const cJSON *arr = feed_read_array(c, v, at, false, AGENDA_MAX_PEOPLE, &ok, &n);
    *out = NULL;
    *n_out = 0;
    if (!arr)
        return ok;
    agenda_person *ps = fb_people(b, &n, "");
    if (!ps)
        return false;
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath ep = {at, NULL, i};
        const cJSON *m[PK_N];
        if (!feed_scan_object(c, e, &ep, person_keys, PK_N, m)) {
            ok = false;
            continue;
        }
        lpath name = {&ep, "name", 0}, role = {&ep, "role", 0}, aff = {&ep, "affiliation", 0};
        ok &= feed_read_text(c, m[PK_NAME], &name, true, &ps[i].name);
        ok &= feed_read_text(c, m[PK_ROLE], &role, false, &ps[i].role);
        ok &= feed_read_text(c, m[PK_AFFILIATION], &aff, false, &ps[i].affiliation);
    }
    *out = ps;
    *n_out = n;
    return ok;
}

/* A hall or track reference: its index in the builder's map, or -1 with a warning. */
static int32_t resolve(feed_ctx *c, const fb_map *map, const cJSON *v, const lpath *at,
                       const char *noun)
{
    const char *ref;
    if (!feed_read_ref(c, v, at, &ref) || !ref)
        return -1;
    int32_t i = fb_map_get(map, ref);
    if (i < 0)
        feed_report_at(c, FEED_WARNING, at, "unknown %s \"%.64s\"", noun, ref);
    return i;
}

/* Reads kind and status (named words). */
static bool parse_kind_status(feed_ctx *c, const cJSON *const *m, const lpath *at,
                              agenda_session *s)
{
    bool ok = true;
    const char *ref;
    if (!feed_read_ref(c, m[SK_KIND], &at[SK_KIND], &ref))
        ok = false;
    else if (ref && !agenda_kind_parse(ref, &s->kind)) {
        feed_report_at(c, FEED_ERROR, &at[SK_KIND],
                       "unknown kind \"%.32s\" (talk, keynote, panel, break, ceremony, other)",
                       ref);
        ok = false;
    }
    if (!feed_read_ref(c, m[SK_STATUS], &at[SK_STATUS], &ref))
        ok = false;
    else if (ref && !agenda_status_parse(ref, &s->status)) {
        feed_report_at(c, FEED_ERROR, &at[SK_STATUS],
                       "unknown status \"%.32s\" (scheduled, cancelled)", ref);
        ok = false;
    }
    return ok;
}

/* Reads session e at `path` into a new session of the builder. */
static void parse_session(feed_builder *b, const cJSON *e, const lpath *path)
{
    feed_ctx *c = b->c;
    char p[FEED_PATH_MAX];
    feed_lpath_format(p, path);
    agenda_session *s = fb_session(b, p);
    const cJSON *m[SK_N];
    if (!s || !feed_scan_object(c, e, path, session_keys, SK_N, m)) {
        if (s)
            fb_check_times(b, false);
        return;
    }
    lpath at[SK_N];
    for (size_t k = 0; k < SK_N; k++)
        at[k] = (lpath){path, session_keys[k], 0};
    read_id(c, m[SK_ID], path, &s->id);
    bool have_start = feed_read_time(c, m[SK_START], &at[SK_START], true, &s->start, NULL);
    bool have_end = feed_read_time(c, m[SK_END], &at[SK_END], true, &s->end, NULL);
    fb_check_times(b, have_start && have_end);
    /* A bad hall or track is reported but still lets the session be sorted (and its
     * overlaps reported). */
    s->hall = resolve(c, &b->hall_map, m[SK_HALL], &at[SK_HALL], "hall");
    s->track = resolve(c, &b->track_map, m[SK_TRACK], &at[SK_TRACK], "track");
    parse_kind_status(c, m, at, s);
    feed_read_text(c, m[SK_TITLE], &at[SK_TITLE], true, &s->title);
    feed_read_text(c, m[SK_SUBTITLE], &at[SK_SUBTITLE], false, &s->subtitle);
    feed_read_text(c, m[SK_DESCRIPTION], &at[SK_DESCRIPTION], false, &s->description);
    parse_people(b, m[SK_SPEAKERS], &at[SK_SPEAKERS], &s->speakers, &s->n_speakers);
    parse_people(b, m[SK_CHAIR], &at[SK_CHAIR], &s->chair, &s->n_chair);
    read_link(c, m[SK_URL], &at[SK_URL], false, &s->url);
}

/* Asks the cache for the tree of the entry after e while e is read. The tree was
 * allocated in document order, so it lies between the next entry and the one after. */
static inline void prefetch_next(const cJSON *e)
{
#ifdef __GNUC__
    if (!e->next || !e->next->next)
        return;
    uintptr_t from = (uintptr_t)e->next, to = (uintptr_t)e->next->next;
    if (to <= from || to - from > 8192)
        return;
    for (uintptr_t a = from; a < to; a += 64)
        __builtin_prefetch((const void *)a);
#else
    (void)e;
#endif
}

static void parse_sessions(feed_builder *b, const cJSON *v)
{
    bool ok = true;
    lpath path = {NULL, "sessions", 0};
    size_t n, i = 0;
    const cJSON *arr =
        feed_read_array(b->c, v, &path, true, b->c->opt->limits.max_sessions, &ok, &n);
    if (arr && !fb_reserve(b, n))
        return;
    for (const cJSON *e = arr ? arr->child : NULL; e && !b->c->oom; e = e->next, i++) {
        lpath p = {&path, NULL, i};
        prefetch_next(e);
        parse_session(b, e, &p);
    }
}

/* ---- The event ---------------------------------------------------------------- */

/* Reads event.languages (required) at `lp`. */
static bool parse_languages(feed_ctx *c, const cJSON *v, const lpath *lp)
{
    bool ok = true;
    size_t n, i = 0;
    const cJSON *langs = feed_read_array(c, v, lp, true, AGENDA_MAX_LANGUAGES, &ok, &n);
    if (!langs)
        return ok;
    const char **l = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*l));
    if (!l) {
        feed_oom(c);
        return false;
    }
    for (const cJSON *e = langs->child; e; e = e->next, i++) {
        lpath p = {lp, NULL, i};
        if (!feed_json_is(e, cJSON_String) || !feed_tag_ok(e->valuestring)) {
            feed_report_at(c, FEED_ERROR, &p,
                           "expected a language tag such as \"en\" or \"zh-Hans\"");
            ok = false;
        } else {
            l[i] = feed_copy_string(c, e, "");
        }
    }
    if (n == 0) {
        feed_report_at(c, FEED_ERROR, lp, "at least one language is needed");
        ok = false;
    }
    if (ok) {
        c->a->languages = l;
        c->a->n_languages = n;
    }
    return ok;
}

/* Reads event.zones (required) at `zp` and sets the agenda's zones. */
static bool parse_zones(feed_ctx *c, const cJSON *v, const lpath *zp)
{
    bool ok = true;
    size_t n, i = 0;
    const cJSON *zones = feed_read_array(c, v, zp, true, AGENDA_MAX_ZONES, &ok, &n);
    if (!zones)
        return ok;
    const char *names[AGENDA_MAX_ZONES];
    agenda_text labels[AGENDA_MAX_ZONES];
    for (const cJSON *e = zones->child; e; e = e->next, i++) {
        lpath p = {zp, NULL, i};
        const cJSON *zm[ZK_N];
        names[i] = NULL;
        labels[i] = (agenda_text){NULL, 0};
        if (!feed_scan_object(c, e, &p, zone_keys, ZK_N, zm)) {
            ok = false;
            continue;
        }
        lpath zone = {&p, "zone", 0}, label = {&p, "label", 0};
        ok &= feed_read_string(c, zm[ZK_ZONE], &zone, true, &names[i]);
        ok &= feed_read_text(c, zm[ZK_LABEL], &label, false, &labels[i]);
    }
    return ok && feed_set_zones(c, names, labels, n, "event.zones");
}

/* Reads a colour ("#rrggbb", required) at `at`. */
static bool read_color(feed_ctx *c, const cJSON *v, const lpath *at, uint32_t *out)
{
    const char *col;
    if (!feed_read_string(c, v, at, true, &col))
        return false;
    if (strlen(col) == 7 && fb_parse_color(col, out))
        return true;
    feed_report_at(c, FEED_ERROR, at, "expected a colour as \"#rrggbb\"");
    return false;
}

/* Reads event.theme ({background, accent, text}, all three; NULL: none) into
 * agenda.theme. Whether it is readable is checked once the tracks are read
 * (check_theme). */
static bool read_theme(feed_ctx *c, const cJSON *v, const lpath *at)
{
    const cJSON *m[TH_N];
    if (!v)
        return true;
    if (!feed_scan_object(c, v, at, theme_keys, TH_N, m))
        return false;
    agenda_theme *t = &c->a->theme;
    lpath bg = {at, "background", 0}, ac = {at, "accent", 0}, tx = {at, "text", 0};
    bool ok = read_color(c, m[TH_BACKGROUND], &bg, &t->bg);
    ok &= read_color(c, m[TH_ACCENT], &ac, &t->accent);
    ok &= read_color(c, m[TH_TEXT], &tx, &t->text);
    t->has_theme = ok;
    return ok;
}

static bool parse_event(feed_ctx *c, const cJSON *ev)
{
    agenda *a = c->a;
    lpath path = {NULL, "event", 0};
    if (!ev) {
        feed_report_at(c, FEED_ERROR, &path, "missing");
        return false;
    }
    const cJSON *m[EK_N];
    if (!feed_scan_object(c, ev, &path, event_keys, EK_N, m))
        return false;
    /* Languages first: TEXT values are checked against them. */
    lpath lp = {&path, "languages", 0};
    bool ok = parse_languages(c, m[EK_LANGUAGES], &lp);
    lpath title = {&path, "title", 0}, subtitle = {&path, "subtitle", 0};
    ok &= feed_read_text(c, m[EK_TITLE], &title, true, &a->title);
    agenda_text sub;
    ok &= feed_read_text(c, m[EK_SUBTITLE], &subtitle, false, &sub);
    lpath logo = {&path, "logo", 0}, bg = {&path, "background", 0};
    ok &= read_link(c, m[EK_LOGO], &logo, true, &a->logo);
    ok &= read_link(c, m[EK_BACKGROUND], &bg, true, &a->background);
    lpath dc = {&path, "day_change", 0};
    ok &= read_day_change(c, m[EK_DAY_CHANGE], &dc);
    lpath th = {&path, "theme", 0};
    ok &= read_theme(c, m[EK_THEME], &th);
    lpath zp = {&path, "zones", 0};
    return parse_zones(c, m[EK_ZONES], &zp) && ok;
}

/* ---- Halls, tracks, cards -------------------------------------------------------- */

/* Reads the halls array v ({id, name} entries) into the builder. */
static void parse_halls(feed_builder *b, const cJSON *v)
{
    feed_ctx *c = b->c;
    bool ok = true;
    lpath path = {NULL, "halls", 0};
    size_t n, i = 0;
    const cJSON *arr = feed_read_array(c, v, &path, true, AGENDA_MAX_HALLS, &ok, &n);
    if (!arr)
        return;
    if (n == 0)
        feed_report_at(c, FEED_ERROR, &path, "at least one hall is needed");
    fb_map seen = {0};
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath p = {&path, NULL, i};
        const cJSON *m[HK_N];
        if (!feed_scan_object(c, e, &p, hall_keys, HK_N, m))
            continue;
        lpath name = {&p, "name", 0};
        const char *id;
        agenda_text t;
        bool id_ok = read_id(c, m[HK_ID], &p, &id);
        feed_read_text(c, m[HK_NAME], &name, true, &t);
        if (id_ok && first_id(c, &seen, id, "halls", i, &p))
            fb_hall(b, id, t, "halls");
    }
    fb_map_free(&seen);
}

/* Reads a track's colour ("#rrggbb" only: the native format is strict) at `at`. */
static void parse_track_color(feed_ctx *c, const cJSON *v, const lpath *at, agenda_track *t)
{
    const char *col;
    if (!feed_read_ref(c, v, at, &col) || !col)
        return;
    t->has_color = strlen(col) == 7 && fb_parse_color(col, &t->color);
    if (!t->has_color)
        feed_report_at(c, FEED_ERROR, at, "expected a colour as \"#rrggbb\"");
}

static void parse_tracks(feed_builder *b, const cJSON *v)
{
    feed_ctx *c = b->c;
    bool ok = true;
    lpath path = {NULL, "tracks", 0};
    size_t n, i = 0;
    const cJSON *arr = feed_read_array(c, v, &path, false, AGENDA_MAX_TRACKS, &ok, &n);
    if (!arr)
        return;
    fb_map seen = {0};
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath p = {&path, NULL, i};
        const cJSON *m[TK_N];
        if (!feed_scan_object(c, e, &p, track_keys, TK_N, m))
            continue;
        lpath name = {&p, "name", 0}, org = {&p, "organizer", 0}, color = {&p, "color", 0};
        agenda_track t = {0};
        bool id_ok = read_id(c, m[TK_ID], &p, &t.id);
        feed_read_text(c, m[TK_NAME], &name, true, &t.name);
        feed_read_text(c, m[TK_ORGANIZER], &org, false, &t.organizer);
        parse_track_color(c, m[TK_COLOR], &color, &t);
        if (!id_ok || !first_id(c, &seen, t.id, "tracks", i, &p))
            continue;
        int32_t k = fb_track(b, t.id, t.name, NULL, "tracks");
        if (k >= 0)
            b->tracks[k] = t;
    }
    fb_map_free(&seen);
}

/* Reads card e at `p` into k. */
static void parse_card(feed_ctx *c, const cJSON *e, const lpath *p, fb_map *seen, size_t i,
                       agenda_card *k)
{
    const cJSON *m[CK_N];
    if (!feed_scan_object(c, e, p, card_keys, CK_N, m))
        return;
    lpath title = {p, "title", 0}, body = {p, "body", 0}, from = {p, "from", 0},
          until = {p, "until", 0};
    bool id_ok = read_id(c, m[CK_ID], p, &k->id);
    feed_read_text(c, m[CK_TITLE], &title, true, &k->title);
    feed_read_text(c, m[CK_BODY], &body, true, &k->body);
    bool has_from, has_until;
    k->from = INT64_MIN;
    k->until = INT64_MAX;
    feed_read_time(c, m[CK_FROM], &from, false, &k->from, &has_from);
    feed_read_time(c, m[CK_UNTIL], &until, false, &k->until, &has_until);
    if (has_from && has_until && k->until <= k->from)
        feed_report_at(c, FEED_WARNING, &until, "not after \"from\": the card is never shown");
    lpath image = {p, "image", 0};
    read_link(c, m[CK_IMAGE], &image, true, &k->image);
    lpath url = {p, "url", 0};
    read_link(c, m[CK_URL], &url, false, &k->url);
    if (id_ok)
        first_id(c, seen, k->id, "cards", i, p);
}

static void parse_cards(feed_ctx *c, const cJSON *v)
{
    bool ok = true;
    lpath path = {NULL, "cards", 0};
    size_t n, i = 0;
    const cJSON *arr = feed_read_array(c, v, &path, false, AGENDA_MAX_CARDS, &ok, &n);
    if (!arr)
        return;
    agenda_card *k = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*k));
    if (!k) {
        feed_oom(c);
        return;
    }
    memset(k, 0, (n ? n : 1) * sizeof(*k));
    fb_map seen = {0};
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath p = {&path, NULL, i};
        parse_card(c, e, &p, &seen, i, &k[i]);
    }
    fb_map_free(&seen);
    c->a->cards = k;
    c->a->n_cards = n;
}

/* ---- Entry point ---------------------------------------------------------------- */

/* A theme some text would be hard to read in is dropped (the board's own is shown),
 * with a warning naming the first pair that fails and its contrast. */
static void check_theme(feed_ctx *c)
{
    agenda *a = c->a;
    char why[160];
    if (!a->theme.has_theme || layout_theme_ok(&a->theme, a, why, sizeof(why)))
        return;
    a->theme.has_theme = false;
    feed_report_add(c, FEED_WARNING, "event.theme", "not used, the board's colours are: %s",
                    why);
}

bool feed_sniff_native(const cJSON *root)
{
    return cJSON_GetObjectItemCaseSensitive(root, "hallboard") != NULL;
}

/* The format version: 1 is the one read. */
static bool version_ok(feed_ctx *c, const cJSON *root)
{
    const cJSON *ver = feed_member(root, "hallboard");
    if (!cJSON_IsNumber(ver)) {
        feed_report_add(c, FEED_ERROR, "hallboard",
                        ver ? "expected the format version number 1" : "missing");
        return false;
    }
    if (ver->valuedouble != 1.0) {
        feed_report_add(c, FEED_ERROR, "hallboard",
                        "format version %g is not supported (this board reads version 1)",
                        ver->valuedouble);
        return false;
    }
    return true;
}

void feed_import_native(feed_ctx *c, const cJSON *root)
{
    agenda *a = c->a;
    lpath path = {NULL, "", 0};
    const cJSON *m[RK_N];
    if (!version_ok(c, root) || !feed_scan_object(c, root, &path, root_keys, RK_N, m))
        return;
    a->version = 1;
    a->format = "hallboard";
    lpath rev = {&path, "revision", 0};
    feed_read_string(c, m[RK_REVISION], &rev, true, &a->revision);
    parse_event(c, m[RK_EVENT]);
    feed_builder b;
    fb_init(&b, c, false, c->bytes, c->len);
    /* Everything is read even after an error, to report every problem at once. */
    parse_halls(&b, m[RK_HALLS]);
    parse_tracks(&b, m[RK_TRACKS]);
    parse_cards(c, m[RK_CARDS]);
    parse_sessions(&b, m[RK_SESSIONS]);
    fb_finish(&b);
    fb_free(&b);
    check_theme(c);
}
