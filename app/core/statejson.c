/* statejson.c - builds the `hallboard state` document with cJSON.
 *
 * Layout: small formatters (local date and time in a zone), one session (with what
 * live overrides changed), the announcement, the clocks, the lobby's halls, then the
 * whole document.
 */
#include "statejson.h"

#include <stdlib.h>

#include <cjson/cJSON.h>

#include "civil.h"
#include "override.h"

static const char *const weekdays[7] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                        "Thursday", "Friday", "Saturday"};

/* "YYYY-MM-DD" and "HH:MM" of instant t in zone z. */
static void local_strings(const tz_zone *z, int64_t t, char date[11], char hm[6], tz_local *lt)
{
    tz_to_local(z, t, lt);
    civil_format_date(lt->year, lt->month, lt->day, date);
    civil_format_hm(lt->hour, lt->minute, hm);
}

static cJSON *people_names(const agenda *a, const agenda_person *p, size_t n, const char *lang)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(agenda_tr_get(a, &p[i].name, lang)));
    return arr;
}

static void add_text(cJSON *o, const char *key, const agenda *a, const agenda_text *t,
                     const char *lang)
{
    const char *s = agenda_tr_get(a, t, lang);
    if (s)
        cJSON_AddStringToObject(o, key, s);
    else
        cJSON_AddNullToObject(o, key);
}

static cJSON *session_json(const agenda *a, const agenda_session *s, const char *lang,
                           int64_t at, bool current)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    char buf[CIVIL_UTC_LEN];
    cJSON_AddStringToObject(o, "id", s->id);
    add_text(o, "title", a, &s->title, lang);
    add_text(o, "subtitle", a, &s->subtitle, lang);
    if (s->hall >= 0)
        cJSON_AddStringToObject(o, "hall", a->halls[s->hall].id);
    else
        cJSON_AddNullToObject(o, "hall");
    if (s->track >= 0)
        cJSON_AddStringToObject(o, "track", a->tracks[s->track].id);
    else
        cJSON_AddNullToObject(o, "track");
    cJSON_AddStringToObject(o, "kind", agenda_kind_name(s->kind));
    cJSON_AddStringToObject(o, "status", agenda_status_name(s->status));
    cJSON_AddNumberToObject(o, "delay_min", s->delay_min);
    cJSON_AddBoolToObject(o, "hall_full", s->hall_full);
    add_text(o, "note", a, &s->note, lang);
    if (s->moved && s->moved_from >= 0)
        cJSON_AddStringToObject(o, "moved_from", a->halls[s->moved_from].id);
    else
        cJSON_AddNullToObject(o, "moved_from");
    cJSON_AddItemToObject(o, "speakers", people_names(a, s->speakers, s->n_speakers, lang));
    cJSON_AddItemToObject(o, "chair", people_names(a, s->chair, s->n_chair, lang));
    civil_format_utc(s->start, buf);
    cJSON_AddStringToObject(o, "start", buf);
    civil_format_utc(s->end, buf);
    cJSON_AddStringToObject(o, "end", buf);
    cJSON *local = cJSON_AddArrayToObject(o, "local");
    for (size_t i = 0; local && i < a->n_zones; i++) {
        cJSON *l = cJSON_CreateObject();
        char date[11], hm[6], end_date[11], end_hm[6];
        tz_local lt;
        local_strings(a->zones[i].tz, s->start, date, hm, &lt);
        local_strings(a->zones[i].tz, s->end, end_date, end_hm, &lt);
        cJSON_AddStringToObject(l, "zone", a->zones[i].name);
        cJSON_AddStringToObject(l, "date", date);
        cJSON_AddStringToObject(l, "start", hm);
        cJSON_AddStringToObject(l, "end", end_hm);
        cJSON_AddStringToObject(l, "end_date", end_date);
        cJSON_AddItemToArray(local, l);
    }
    if (current)
        cJSON_AddNumberToObject(o, "progress", (double)(int)(sched_progress(s, at) * 1000) / 1000);
    else
        cJSON_AddNullToObject(o, "progress");
    return o;
}

static cJSON *session_list(const agenda *a, const agenda_session *const *v, size_t n,
                           const char *lang, int64_t at, bool current)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++)
        cJSON_AddItemToArray(arr, session_json(a, v[i], lang, at, current));
    return arr;
}

/* The live announcement (override.h), or JSON null when there is none. */
static cJSON *announcement_json(const agenda *a, const char *lang)
{
    const agenda_announcement *an = &a->announcement;
    if (an->level == AGENDA_ALERT_NONE)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    char buf[CIVIL_UTC_LEN];
    add_text(o, "text", a, &an->text, lang);
    cJSON_AddStringToObject(o, "level", override_level_name(an->level));
    civil_format_utc(an->until, buf);
    cJSON_AddStringToObject(o, "until", buf);
    if (an->hall >= 0 && (size_t)an->hall < a->n_halls)
        cJSON_AddStringToObject(o, "hall", a->halls[an->hall].id);
    else
        cJSON_AddNullToObject(o, "hall");
    return o;
}

static cJSON *clocks_json(const agenda *a, int64_t at, const char *lang)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < a->n_zones; i++) {
        cJSON *c = cJSON_CreateObject();
        char date[11], hm[6], off[7];
        tz_local lt;
        local_strings(a->zones[i].tz, at, date, hm, &lt);
        civil_format_offset(lt.utc_offset, off);
        cJSON_AddStringToObject(c, "zone", a->zones[i].name);
        add_text(c, "label", a, &a->zones[i].label, lang);
        cJSON_AddStringToObject(c, "date", date);
        cJSON_AddStringToObject(c, "time", hm);
        cJSON_AddStringToObject(c, "weekday", weekdays[lt.weekday % 7]);
        cJSON_AddStringToObject(c, "utc_offset", off);
        cJSON_AddStringToObject(c, "abbr", lt.abbr);
        cJSON_AddBoolToObject(c, "dst", lt.is_dst);
        cJSON_AddItemToArray(arr, c);
    }
    return arr;
}

static cJSON *id_list(const agenda_session *const *v, size_t n)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; arr && i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]->id));
    return arr;
}

/* "halls" of a lobby (with "page" and "pages" when v asks for one page). */
static void lobby_json(cJSON *root, const agenda *a, const sched_state *s,
                       const statejson_view *v)
{
    layout_input in = {0};
    in.lobby_halls = v->lobby_halls;
    in.lobby_hide_idle = v->lobby_hide_idle;
    size_t cap = a->n_halls ? a->n_halls : 1, first = 0;
    layout_lobby_hall *rows = malloc(cap * sizeof(*rows));
    if (!rows)
        return;
    size_t n = layout_lobby_halls(a, s->at, &in, rows, cap), count = n;
    if (v->one_page) {
        layout_result *r = malloc(sizeof(*r));
        in.width = v->width, in.height = v->height, in.view = LAYOUT_VIEW_LOBBY;
        in.page = v->page, in.hall = -1;
        if (r) {
            layout_build(a, s, &in, r);
            first = r->page_first, count = r->page_rows;
            cJSON_AddNumberToObject(root, "page", (double)r->page + 1);
            cJSON_AddNumberToObject(root, "pages", (double)r->pages);
        }
        free(r);
    }
    cJSON *arr = cJSON_AddArrayToObject(root, "halls");
    for (size_t i = first; arr && i < n && i < first + count; i++) {
        const layout_lobby_hall *h = &rows[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "hall", a->halls[h->hall].id);
        cJSON_AddItemToObject(o, "now", id_list(h->now, h->n_now));
        cJSON_AddItemToObject(o, "next", id_list(h->next, h->n_next));
        cJSON_AddItemToArray(arr, o);
    }
    free(rows);
}

char *statejson_render(const agenda *a, const sched_state *s, const statejson_options *opt)
{
    return statejson_render_view(a, s, opt, NULL);
}

char *statejson_render_view(const agenda *a, const sched_state *s, const statejson_options *opt,
                            const statejson_view *v)
{
    const char *lang = opt ? opt->lang : NULL;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    char buf[CIVIL_UTC_LEN];
    civil_format_utc(s->at, buf);
    cJSON_AddStringToObject(root, "at", buf);
    cJSON_AddStringToObject(root, "phase", sched_phase_name(s->phase));
    if (s->hall >= 0)
        cJSON_AddStringToObject(root, "hall", a->halls[s->hall].id);
    else
        cJSON_AddNullToObject(root, "hall");
    layout_view view = v ? v->view : LAYOUT_VIEW_AUTO;
    if (view == LAYOUT_VIEW_AUTO)
        view = s->hall >= 0 ? LAYOUT_VIEW_HALL : LAYOUT_VIEW_EVENT;
    cJSON_AddStringToObject(root, "view", layout_view_name(view));
    add_text(root, "event", a, &a->title, lang);
    cJSON_AddItemToObject(root, "announcement", announcement_json(a, lang));
    cJSON_AddItemToObject(root, "clocks", clocks_json(a, s->at, lang));
    cJSON_AddItemToObject(root, "now", session_list(a, s->now, s->n_now, lang, s->at, true));
    cJSON_AddItemToObject(root, "cancelled_now",
                          session_list(a, s->cancelled_now, s->n_cancelled_now, lang, s->at, false));
    cJSON_AddItemToObject(root, "next", session_list(a, s->next, s->n_next, lang, s->at, false));
    if (s->next_start != INT64_MAX)
        cJSON_AddNumberToObject(root, "next_in_s", (double)(s->next_start - s->at));
    else
        cJSON_AddNullToObject(root, "next_in_s");
    cJSON_AddItemToObject(root, "others_now",
                          session_list(a, s->others_now, s->n_others, lang, s->at, true));
    cJSON *cards = cJSON_AddArrayToObject(root, "cards");
    size_t shown[AGENDA_MAX_CARDS];
    /* An emergency shows nothing else: no card either. */
    size_t n_shown = a->announcement.level == AGENDA_ALERT_EMERGENCY
                         ? 0
                         : sched_cards_at(a, s->at, shown, AGENDA_MAX_CARDS);
    for (size_t i = 0; cards && i < n_shown && i < AGENDA_MAX_CARDS; i++)
        cJSON_AddItemToArray(cards, cJSON_CreateString(a->cards[shown[i]].id));
    cJSON *src = cJSON_AddObjectToObject(root, "source");
    if (src) {
        cJSON_AddStringToObject(src, "kind", opt && opt->source_kind ? opt->source_kind : "embedded");
        const char *rev = opt && opt->revision ? opt->revision : a->revision;
        if (rev)
            cJSON_AddStringToObject(src, "revision", rev);
        else
            cJSON_AddNullToObject(src, "revision");
        cJSON_AddStringToObject(src, "format", a->format ? a->format : "hallboard");
        cJSON_AddNumberToObject(src, "warnings", (double)a->n_warnings);
        cJSON_AddBoolToObject(src, "zone_assumed", a->zone_assumed);
        if (opt && opt->footer)
            cJSON_AddStringToObject(src, "footer", opt->footer);
        else
            cJSON_AddNullToObject(src, "footer");
        if (opt && opt->fetched_at > 0) {
            civil_format_utc(opt->fetched_at, buf);
            cJSON_AddStringToObject(src, "fetched_at", buf);
        } else {
            cJSON_AddNullToObject(src, "fetched_at");
        }
    }
    if (view == LAYOUT_VIEW_LOBBY)
        lobby_json(root, a, s, v);
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

char *statejson_at(const agenda *a, int64_t t, int32_t hall, const char *lang,
                   const status_input *st)
{
    return statejson_at_view(a, t, hall, lang, st, NULL);
}

char *statejson_at_view(const agenda *a, int64_t t, int32_t hall, const char *lang,
                        const status_input *st, const statejson_view *v)
{
    sched_state s;
    if (sched_query(a, t, hall, &s) != 0)
        return NULL;
    char footer[STATUS_LINE_MAX]; /* in the board's language: as set, else the feed's first */
    const char *shown = lang ? lang : a->n_languages ? a->languages[0] : NULL;
    status_footer(st, shown, t, a->n_zones ? a->zones[0].tz : NULL, footer, sizeof(footer),
                  NULL);
    statejson_options so = {lang, status_source_kind(st->source), st->revision, footer,
                            st->fetched_at};
    char *json = statejson_render_view(a, &s, &so, v);
    sched_state_free(&s);
    return json;
}
