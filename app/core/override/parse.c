/* parse.c - an override document from bytes (override_parse) and its small queries.
 *
 * The JSON is read with the feed module's checks and value readers (app/core/feed/
 * internal.h): the same byte checks (UTF-8, NUL, nesting depth), the same TEXT and
 * RFC 3339 readers and the same paths ("sessions.s12.note.en"), so a problem reads the
 * same in a feed and in an override. What only overrides have (unknown members are
 * errors, the ranges of delay_min, status and level, the limits of override.h) is
 * checked here. Any problem refuses the whole document.
 *
 * Layout: the context and its small readers; one entry of each kind; the document.
 */
#include "override_int.h"

#include "feed/internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "logsafe.h"

typedef struct {
    feed_ctx c;       /* c.opt points to opt */
    feed_options opt; /* limits.max_string_bytes set for each value read */
    agenda langs;     /* an agenda with no languages: TEXT tags are kept as written */
    override_doc *d;
} pctx;

/* ---- Small readers ------------------------------------------------------------ */

/* Reports every member of object v whose name is not in keys[0..nk). */
static bool only_known(pctx *p, const cJSON *v, const feed_lpath *at, const char *const *keys,
                       size_t nk)
{
    bool ok = true;
    for (const cJSON *e = v->child; e; e = e->next) {
        size_t k = 0;
        while (k < nk && strcmp(keys[k], e->string) != 0)
            k++;
        if (k == nk) {
            feed_lpath ep = {at, e->string, 0};
            feed_report_at(&p->c, FEED_ERROR, &ep, "unknown member");
            ok = false;
        }
    }
    return ok;
}

/* An object of known members only (nk <= 8), read into m (NULL: absent or null). */
static bool read_object(pctx *p, const cJSON *v, const feed_lpath *at, const char *const *keys,
                        size_t nk, const cJSON **m)
{
    if (!feed_scan_object(&p->c, v, at, keys, nk, m))
        return false;
    return only_known(p, v, at, keys, nk);
}

/* A string of at most max bytes copied into the document; NULL v: *out NULL. */
static bool read_string(pctx *p, const cJSON *v, const feed_lpath *at, size_t max,
                        const char **out)
{
    p->opt.limits.max_string_bytes = max;
    if (!feed_read_string(&p->c, v, at, false, out))
        return false;
    if (*out && !**out) {
        feed_report_at(&p->c, FEED_ERROR, at, "empty");
        return false;
    }
    return true;
}

/* TEXT (a string or translations) of at most max bytes per translation. */
static bool read_text(pctx *p, const cJSON *v, const feed_lpath *at, bool required, size_t max,
                      agenda_text *out)
{
    p->opt.limits.max_string_bytes = max;
    return feed_read_text(&p->c, v, at, required, out);
}

/* The id of an entry (a member name): 1..AGENDA_MAX_ID_BYTES bytes, copied. */
static const char *read_id(pctx *p, const char *key, const feed_lpath *at)
{
    size_t n = strlen(key);
    if (n == 0 || n > AGENDA_MAX_ID_BYTES) {
        feed_report_at(&p->c, FEED_ERROR, at, "an id must be 1..%u bytes", AGENDA_MAX_ID_BYTES);
        return NULL;
    }
    const char *s = agenda_arena_strndup(p->d->ar, key, n);
    if (!s)
        feed_oom(&p->c);
    return s;
}

/* An object of entries (an id each), of at most max; *n of them. NULL when unusable. */
static const cJSON *read_map(pctx *p, const cJSON *v, const feed_lpath *at, size_t max,
                             size_t *n)
{
    *n = 0;
    if (!feed_json_is(v, cJSON_Object)) {
        feed_report_at(&p->c, FEED_ERROR, at, "expected an object of entries by id, found %s",
                       feed_type_name(v));
        return NULL;
    }
    for (const cJSON *e = v->child; e; e = e->next)
        (*n)++;
    if (*n > max) {
        feed_report_at(&p->c, FEED_ERROR, at, "%zu entries, more than the limit of %zu", *n,
                       max);
        return NULL;
    }
    return feed_no_duplicate_key(&p->c, v, at) ? v : NULL;
}

static bool read_delay(pctx *p, const cJSON *v, const feed_lpath *at, int32_t *out)
{
    if (!feed_json_is(v, cJSON_Number)) {
        feed_report_at(&p->c, FEED_ERROR, at, "expected a number, found %s", feed_type_name(v));
        return false;
    }
    double x = v->valuedouble;
    if (!(x >= 0 && x <= OVERRIDE_MAX_DELAY) || (double)(int32_t)x != x) {
        feed_report_at(&p->c, FEED_ERROR, at, "must be 0..%d", OVERRIDE_MAX_DELAY);
        return false;
    }
    *out = (int32_t)x;
    return true;
}

static bool read_status(pctx *p, const cJSON *v, const feed_lpath *at, agenda_status *out)
{
    if (!feed_json_is(v, cJSON_String) || !agenda_status_parse(v->valuestring, out)) {
        feed_report_at(&p->c, FEED_ERROR, at, "must be \"cancelled\" or \"scheduled\"");
        return false;
    }
    return true;
}

static bool read_bool(pctx *p, const cJSON *v, const feed_lpath *at, bool *out)
{
    if (!feed_json_is(v, cJSON_True) && !feed_json_is(v, cJSON_False)) {
        feed_report_at(&p->c, FEED_ERROR, at, "expected true or false, found %s",
                       feed_type_name(v));
        return false;
    }
    *out = feed_json_is(v, cJSON_True);
    return true;
}

/* ---- Entries ------------------------------------------------------------------ */

static const char *const session_keys[] = {"delay_min", "status", "hall",
                                           "hall_full", "note",   "until"};

static bool read_session(pctx *p, const cJSON *v, const feed_lpath *at, ovr_session *s)
{
    const cJSON *m[6];
    const char *id = s->id;
    memset(s, 0, sizeof(*s));
    s->id = id;
    if (!read_object(p, v, at, session_keys, 6, m))
        return false;
    feed_lpath mp[6];
    for (size_t k = 0; k < 6; k++)
        mp[k] = (feed_lpath){at, session_keys[k], 0};
    bool ok = true;
    s->has_delay = m[0] != NULL;
    s->has_status = m[1] != NULL;
    s->has_full = m[3] != NULL;
    if (m[0])
        ok &= read_delay(p, m[0], &mp[0], &s->delay_min);
    if (m[1])
        ok &= read_status(p, m[1], &mp[1], &s->status);
    ok &= read_string(p, m[2], &mp[2], AGENDA_MAX_ID_BYTES, &s->hall);
    if (m[3])
        ok &= read_bool(p, m[3], &mp[3], &s->hall_full);
    ok &= read_text(p, m[4], &mp[4], false, OVERRIDE_NOTE_MAX, &s->note);
    ok &= feed_read_time(&p->c, m[5], &mp[5], false, &s->until, &s->has_until);
    if (ok && !m[0] && !m[1] && !m[2] && !m[3] && !m[4]) {
        feed_report_at(&p->c, FEED_ERROR, at,
                       "changes nothing (give delay_min, status, hall, hall_full or note)");
        ok = false;
    }
    return ok;
}

static const char *const hall_keys[] = {"note", "until"};

static bool read_hall(pctx *p, const cJSON *v, const feed_lpath *at, ovr_hall *h)
{
    const cJSON *m[2];
    if (!read_object(p, v, at, hall_keys, 2, m))
        return false;
    feed_lpath note = {at, "note", 0}, until = {at, "until", 0};
    bool ok = read_text(p, m[0], &note, true, OVERRIDE_NOTE_MAX, &h->note);
    return feed_read_time(&p->c, m[1], &until, true, &h->until, NULL) && ok;
}

static const char *const ann_keys[] = {"text", "level", "hall", "until"};

static bool read_announcement(pctx *p, const cJSON *v, const feed_lpath *at,
                              ovr_announcement *a)
{
    const cJSON *m[4];
    if (!read_object(p, v, at, ann_keys, 4, m))
        return false;
    feed_lpath mp[4];
    for (size_t k = 0; k < 4; k++)
        mp[k] = (feed_lpath){at, ann_keys[k], 0};
    bool ok = read_text(p, m[0], &mp[0], true, OVERRIDE_TEXT_MAX, &a->text);
    agenda_alert_level level = AGENDA_ALERT_NONE;
    if (!m[1]) {
        feed_report_at(&p->c, FEED_ERROR, &mp[1], "missing");
        ok = false;
    } else if (!feed_json_is(m[1], cJSON_String) ||
               !override_level_parse(m[1]->valuestring, &level)) {
        feed_report_at(&p->c, FEED_ERROR, &mp[1],
                       "must be \"info\", \"urgent\" or \"emergency\"");
        ok = false;
    }
    ok &= read_string(p, m[2], &mp[2], AGENDA_MAX_ID_BYTES, &a->hall);
    ok &= feed_read_time(&p->c, m[3], &mp[3], true, &a->until, NULL);
    if (ok)
        a->level = level;
    return ok;
}

/* ---- The document ------------------------------------------------------------- */

static bool read_sessions(pctx *p, const cJSON *v, const feed_lpath *at)
{
    size_t n;
    v = read_map(p, v, at, OVERRIDE_MAX_SESSIONS, &n);
    if (!v)
        return false;
    override_doc *d = p->d;
    d->sessions = n ? agenda_arena_alloc(d->ar, n * sizeof(*d->sessions)) : NULL;
    if (n && !d->sessions) {
        feed_oom(&p->c);
        return false;
    }
    bool ok = true;
    for (const cJSON *e = v->child; e; e = e->next) {
        feed_lpath ep = {at, e->string, 0};
        ovr_session *s = &d->sessions[d->n_sessions];
        s->id = read_id(p, e->string, &ep);
        if (s->id && read_session(p, e, &ep, s))
            d->n_sessions++;
        else
            ok = false;
    }
    return ok;
}

static bool read_halls(pctx *p, const cJSON *v, const feed_lpath *at)
{
    size_t n;
    v = read_map(p, v, at, OVERRIDE_MAX_HALLS, &n);
    if (!v)
        return false;
    override_doc *d = p->d;
    d->halls = n ? agenda_arena_alloc(d->ar, n * sizeof(*d->halls)) : NULL;
    if (n && !d->halls) {
        feed_oom(&p->c);
        return false;
    }
    bool ok = true;
    for (const cJSON *e = v->child; e; e = e->next) {
        feed_lpath ep = {at, e->string, 0};
        ovr_hall *h = &d->halls[d->n_halls];
        h->id = read_id(p, e->string, &ep);
        if (h->id && read_hall(p, e, &ep, h))
            d->n_halls++;
        else
            ok = false;
    }
    return ok;
}

static const char *const top_keys[] = {"hallboard_overrides", "sessions", "halls",
                                       "announcement"};

static void read_document(pctx *p, const cJSON *root)
{
    const cJSON *m[4];
    feed_lpath top = {NULL, "", 0};
    if (!read_object(p, root, &top, top_keys, 4, m))
        return;
    feed_lpath mp[4];
    for (size_t k = 0; k < 4; k++)
        mp[k] = (feed_lpath){NULL, top_keys[k], 0};
    if (!m[0])
        feed_report_at(&p->c, FEED_ERROR, &mp[0], "missing");
    else if (!feed_json_is(m[0], cJSON_Number) || m[0]->valuedouble != 1)
        feed_report_at(&p->c, FEED_ERROR, &mp[0], "must be 1 (the version of this format)");
    if (m[1])
        read_sessions(p, m[1], &mp[1]);
    if (m[2])
        read_halls(p, m[2], &mp[2]);
    if (m[3])
        read_announcement(p, m[3], &mp[3], &p->d->ann);
}

/* One line per problem, "PATH: message", escaped (logsafe.h); "(document)" for the
 * whole document. */
static void format_errors(const feed_report *r, char *err, size_t cap)
{
    size_t len = 0;
    if (!err || cap == 0)
        return;
    err[0] = '\0';
    char path[LOGSAFE_LINE], msg[LOGSAFE_LINE];
    for (size_t i = 0; i < r->n && len + 1 < cap; i++) {
        const feed_problem *q = &r->items[i];
        logsafe(q->path[0] ? q->path : "(document)", path, sizeof(path));
        logsafe(q->msg, msg, sizeof(msg));
        int w = snprintf(err + len, cap - len, "%s: %s\n", path, msg);
        if (w < 0)
            return;
        len += (size_t)w < cap - len ? (size_t)w : cap - len - 1;
    }
    if (r->dropped && len + 1 < cap)
        snprintf(err + len, cap - len, "... and %zu more problems\n", r->dropped);
}

int override_parse(const char *bytes, size_t len, override_doc **out, char *err,
                   size_t errcap)
{
    *out = NULL;
    if (err && errcap)
        err[0] = '\0';
    if (len > OVERRIDE_MAX_BYTES) {
        if (err && errcap)
            snprintf(err, errcap, "(document): %zu bytes, more than the limit of %u\n", len,
                     OVERRIDE_MAX_BYTES);
        return -1;
    }
    feed_report *rep = calloc(1, sizeof(*rep));
    override_doc *d = calloc(1, sizeof(*d));
    agenda_arena *ar = agenda_arena_new();
    if (!rep || !d || !ar) {
        if (err && errcap)
            snprintf(err, errcap, "(document): out of memory\n");
        free(rep);
        free(d);
        agenda_arena_free(ar);
        return -1;
    }
    d->ar = ar;
    pctx p;
    memset(&p, 0, sizeof(p));
    p.opt.limits = agenda_default_limits();
    p.opt.limits.max_depth = OVERRIDE_MAX_DEPTH;
    p.d = d;
    p.c = (feed_ctx){&p.opt, rep, ar, &p.langs, false, bytes, len, 0};
    cJSON *root = feed_json_parse(&p.c, bytes, len);
    if (root) {
        read_document(&p, root);
        feed_json_free(root);
    }
    if (rep->n_errors) {
        format_errors(rep, err, errcap);
        override_free(d);
        free(rep);
        return -1;
    }
    free(rep);
    *out = d;
    return 0;
}

void override_free(override_doc *d)
{
    if (!d)
        return;
    agenda_arena_free(d->ar);
    free(d);
}

bool override_is_empty(const override_doc *d)
{
    return !d || (d->n_sessions == 0 && d->n_halls == 0 && d->ann.level == AGENDA_ALERT_NONE);
}

int64_t override_last_until(const override_doc *d)
{
    int64_t last = INT64_MIN;
    if (!d)
        return last;
    for (size_t i = 0; i < d->n_sessions; i++) {
        int64_t u = d->sessions[i].has_until ? d->sessions[i].until : INT64_MAX;
        last = u > last ? u : last;
    }
    for (size_t i = 0; i < d->n_halls; i++)
        last = d->halls[i].until > last ? d->halls[i].until : last;
    if (d->ann.level != AGENDA_ALERT_NONE && d->ann.until > last)
        last = d->ann.until;
    return last;
}

static const char *const level_names[] = {NULL, "info", "urgent", "emergency"};

const char *override_level_name(agenda_alert_level l)
{
    return (unsigned)l < 4 ? level_names[l] : NULL;
}

bool override_level_parse(const char *s, agenda_alert_level *out)
{
    for (int l = AGENDA_ALERT_INFO; s && l <= AGENDA_ALERT_EMERGENCY; l++)
        if (strcmp(s, level_names[l]) == 0) {
            *out = (agenda_alert_level)l;
            return true;
        }
    return false;
}
