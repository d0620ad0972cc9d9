/* liveops.c - the override documents in force and the agenda they make (liveops.h). */
#include "liveops.h"

#include <dirent.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cache.h"
#include "civil.h"
#include "logsafe.h"
#include "trust.h"

typedef struct {
    char scope[ENVELOPE_SCOPE_MAX + 1];
    override_doc *doc;
    char *raw;
    size_t len;
    liveops_channel ch;
    int64_t at;          /* when it arrived (unix s) */
    bool logged;         /* its dropped entries were logged */
} slot;

typedef struct {
    int64_t at;
    liveops_channel ch;
    char what[64];
    char why[TRUST_WHY_MAX];
} refusal;

struct liveops {
    pthread_mutex_t lock;      /* slots' raw bytes and the refusals (read by other threads) */
    char *cache_dir;
    int32_t hall;
    slot slots[OVERRIDE_MAX_DOCS];
    size_t n;
    agenda *applied;           /* base with the documents applied, or NULL */
    const agenda *applied_base;
    int64_t applied_at, valid_until; /* applied at this instant; good until this one */
    bool changed;              /* documents changed since applied */
    override_report rep;       /* of the last apply */
    refusal refused[LIVEOPS_MAX_REFUSED];
    size_t n_refused, next_refused;
    char last_why[TRUST_WHY_MAX + 64];
};

const char *liveops_channel_name(liveops_channel c)
{
    switch (c) {
    case LIVEOPS_ENDPOINT:
        return "endpoint";
    case LIVEOPS_FLEET:
        return "fleet";
    case LIVEOPS_URL:
        return "url";
    case LIVEOPS_CACHE:
        return "cache";
    }
    return "?";
}

/* ---- the cache: one folder per scope ----------------------------------------- */

/* The folder of scope: CACHE/overrides, or CACHE/overrides.hall.HEX (the hall id in hex,
 * so that any id makes a safe name). False when it does not fit. */
static bool scope_dir(const char *cache_dir, const char *scope, char *buf, size_t cap)
{
    int n = snprintf(buf, cap, "%s/%s", cache_dir, LIVEOPS_DIR_PREFIX);
    if (n < 0 || (size_t)n >= cap)
        return false;
    if (!scope[0])
        return true;
    size_t used = (size_t)n, sl = strlen(scope);
    if (used + 6 + 2 * sl + 1 > cap)
        return false;
    memcpy(buf + used, ".hall.", 6);
    used += 6;
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sl; i++) {
        buf[used++] = hex[(unsigned char)scope[i] >> 4];
        buf[used++] = hex[(unsigned char)scope[i] & 15];
    }
    buf[used] = '\0';
    return true;
}

/* The scope a folder name stands for; false when the name is not one of ours. */
static bool dir_scope(const char *name, char *scope, size_t cap)
{
    size_t pl = strlen(LIVEOPS_DIR_PREFIX);
    if (strncmp(name, LIVEOPS_DIR_PREFIX, pl) != 0)
        return false;
    if (name[pl] == '\0') {
        scope[0] = '\0';
        return true;
    }
    if (strncmp(name + pl, ".hall.", 6) != 0)
        return false;
    const char *h = name + pl + 6;
    size_t hl = strlen(h);
    if (hl == 0 || hl % 2 || hl / 2 >= cap)
        return false;
    for (size_t i = 0; i < hl / 2; i++) {
        int v = 0;
        for (int k = 0; k < 2; k++) {
            char c = h[2 * i + (size_t)k];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (d < 0)
                return false;
            v = v * 16 + d;
        }
        scope[i] = (char)v;
    }
    scope[hl / 2] = '\0';
    return true;
}

static void keep(liveops *l, const slot *s, FILE *err)
{
    char dir[1200], why[300];
    if (!l->cache_dir || !scope_dir(l->cache_dir, s->scope, dir, sizeof(dir)))
        return;
    cache_meta meta;
    memset(&meta, 0, sizeof(meta));
    snprintf(meta.url, sizeof(meta.url), "overrides:%s", liveops_channel_name(s->ch));
    meta.fetched_at = s->at;
    if (cache_store(dir, &meta, s->raw, s->len, NULL, why, sizeof(why)) != 0)
        fprintf(err, "hallboard: overrides not kept for the next start: %s\n", why);
}

static slot *find(liveops *l, const char *scope)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->slots[i].scope, scope) == 0)
            return &l->slots[i];
    return NULL;
}

/* Puts (doc, raw) into scope's slot without keeping it; false when full. */
static bool put(liveops *l, const char *scope, override_doc *doc, char *raw, size_t len,
                liveops_channel ch, int64_t now)
{
    pthread_mutex_lock(&l->lock);
    slot *s = find(l, scope);
    if (!s && l->n < OVERRIDE_MAX_DOCS) {
        s = &l->slots[l->n++];
        memset(s, 0, sizeof(*s));
        snprintf(s->scope, sizeof(s->scope), "%s", scope);
    }
    if (s) {
        override_free(s->doc);
        free(s->raw);
        s->doc = doc;
        s->raw = raw;
        s->len = len;
        s->ch = ch;
        s->at = now;
        s->logged = false;
        l->changed = true;
    }
    pthread_mutex_unlock(&l->lock);
    if (!s) {
        override_free(doc);
        free(raw);
    }
    return s != NULL;
}

static void load_kept(liveops *l, FILE *err)
{
    DIR *d = opendir(l->cache_dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char scope[ENVELOPE_SCOPE_MAX + 1], dir[1200], why[300];
        if (!dir_scope(e->d_name, scope, sizeof(scope)) ||
            !scope_dir(l->cache_dir, scope, dir, sizeof(dir)))
            continue;
        cache_meta meta;
        char *raw = NULL;
        size_t len = 0;
        if (cache_load(dir, &meta, &raw, &len, why, sizeof(why)) != 0) {
            fprintf(err, "hallboard: kept overrides skipped: %s\n", why);
            continue;
        }
        override_doc *doc = NULL;
        char perr[OVERRIDE_ERR_MAX];
        if (override_parse(raw, len, &doc, perr, sizeof(perr)) != 0) {
            char *nl = strchr(perr, '\n');
            if (nl)
                *nl = '\0';
            fprintf(err, "hallboard: kept overrides skipped: %s: %s\n", dir, perr);
            free(raw);
            continue;
        }
        if (put(l, scope, doc, raw, len, LIVEOPS_CACHE, meta.fetched_at))
            fprintf(err, "hallboard: overrides%s%s from the cache\n", scope[0] ? " for hall " : "",
                    scope);
    }
    closedir(d);
}

liveops *liveops_create(const char *cache_dir, int32_t board_hall, FILE *err)
{
    liveops *l = calloc(1, sizeof(*l));
    if (!l)
        return NULL;
    pthread_mutex_init(&l->lock, NULL);
    l->hall = board_hall;
    l->valid_until = INT64_MIN;
    if (cache_dir && !(l->cache_dir = strdup(cache_dir))) {
        liveops_free(l);
        return NULL;
    }
    if (l->cache_dir)
        load_kept(l, err);
    return l;
}

void liveops_free(liveops *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        override_free(l->slots[i].doc);
        free(l->slots[i].raw);
    }
    agenda_free(l->applied);
    free(l->cache_dir);
    pthread_mutex_destroy(&l->lock);
    free(l);
}

bool liveops_take(liveops *l, const char *scope, override_doc *doc, char *raw, size_t len,
                  liveops_channel ch, int64_t now, FILE *err)
{
    char shown[LOGSAFE_LINE];
    bool empty = override_is_empty(doc);
    if (!put(l, scope, doc, raw, len, ch, now)) {
        liveops_refused(l, ch, "overrides", "too many hall documents", now, err);
        return false;
    }
    slot *s = find(l, scope);
    keep(l, s, err);
    fprintf(err, "hallboard: overrides %s%s%s (%s)\n", empty ? "cleared" : "received",
            scope[0] ? " for hall " : "", logsafe(scope, shown, sizeof(shown)),
            liveops_channel_name(ch));
    return true;
}

char *liveops_raw(liveops *l, const char *scope, size_t *len)
{
    char *out = NULL;
    pthread_mutex_lock(&l->lock);
    slot *s = find(l, scope);
    if (s && (out = malloc(s->len + 1))) {
        memcpy(out, s->raw, s->len);
        out[s->len] = '\0';
        *len = s->len;
    }
    pthread_mutex_unlock(&l->lock);
    return out;
}

void liveops_refused(liveops *l, liveops_channel ch, const char *what, const char *why,
                     int64_t now, FILE *err)
{
    char line[sizeof(l->last_why)], shown[LOGSAFE_LINE];
    snprintf(line, sizeof(line), "%s %s: %s", liveops_channel_name(ch), what, why);
    pthread_mutex_lock(&l->lock);
    refusal *r = &l->refused[l->next_refused];
    l->next_refused = (l->next_refused + 1) % LIVEOPS_MAX_REFUSED;
    if (l->n_refused < LIVEOPS_MAX_REFUSED)
        l->n_refused++;
    r->at = now;
    r->ch = ch;
    snprintf(r->what, sizeof(r->what), "%s", what);
    snprintf(r->why, sizeof(r->why), "%s", why);
    bool news = strcmp(line, l->last_why) != 0;
    if (news)
        memcpy(l->last_why, line, sizeof(line));
    pthread_mutex_unlock(&l->lock);
    if (news)
        fprintf(err, "hallboard: refused %s\n", logsafe(line, shown, sizeof(shown)));
}

/* ---- applying ---------------------------------------------------------------- */

static void log_drops(liveops *l, FILE *err)
{
    bool any = false;
    for (size_t i = 0; i < l->n; i++)
        if (!l->slots[i].logged) {
            any = true;
            l->slots[i].logged = true;
        }
    if (!any)
        return;
    for (size_t i = 0; i < l->rep.n_warnings; i++)
        fprintf(err, "hallboard: overrides: %s\n", l->rep.warnings[i]);
    if (l->rep.dropped > l->rep.n_warnings)
        fprintf(err, "hallboard: overrides: %zu more entries dropped\n",
                l->rep.dropped - l->rep.n_warnings);
}

void liveops_forget(liveops *l)
{
    if (!l)
        return;
    agenda_free(l->applied);
    l->applied = NULL;
    l->applied_base = NULL;
}

const agenda *liveops_agenda(liveops *l, const agenda *base, int64_t now, FILE *err,
                             bool *rebuilt)
{
    bool dummy;
    rebuilt = rebuilt ? rebuilt : &dummy;
    *rebuilt = false;
    if (!base || !l)
        return base;
    if (l->n == 0) {
        *rebuilt = l->applied != NULL || l->changed;
        liveops_forget(l);
        l->changed = false;
        memset(&l->rep, 0, sizeof(l->rep));
        return base;
    }
    if (l->applied && l->applied_base == base && !l->changed && now >= l->applied_at &&
        now < l->valid_until)
        return l->applied;
    *rebuilt = true;
    const override_doc *docs[OVERRIDE_MAX_DOCS];
    size_t nd = 0;
    /* The event's document first: a hall's own entries win over it. */
    for (size_t i = 0; i < l->n; i++)
        if (!l->slots[i].scope[0])
            docs[nd++] = l->slots[i].doc;
    for (size_t i = 0; i < l->n; i++)
        if (l->slots[i].scope[0])
            docs[nd++] = l->slots[i].doc;
    agenda *out = NULL;
    override_report rep;
    if (override_apply(base, docs, nd, now, l->hall, &out, &rep) != 0) {
        fprintf(err, "hallboard: out of memory applying overrides: shown without them\n");
        return base;
    }
    agenda_free(l->applied);
    l->applied = out;
    l->applied_base = base;
    l->applied_at = now;
    l->valid_until = override_next_change(base, docs, nd, now);
    pthread_mutex_lock(&l->lock);
    l->rep = rep;
    l->changed = false;
    pthread_mutex_unlock(&l->lock);
    log_drops(l, err);
    return out;
}

int64_t liveops_next_change(liveops *l, const agenda *base, int64_t now)
{
    if (l->n == 0 || !base)
        return INT64_MAX;
    if (l->applied && l->applied_base == base && !l->changed && now >= l->applied_at)
        return l->valid_until;
    const override_doc *docs[OVERRIDE_MAX_DOCS];
    for (size_t i = 0; i < l->n; i++)
        docs[i] = l->slots[i].doc;
    return override_next_change(base, docs, l->n, now);
}

/* ---- /status ------------------------------------------------------------------ */

static void add_time(cJSON *o, const char *key, int64_t t)
{
    if (t <= 0) {
        cJSON_AddNullToObject(o, key);
        return;
    }
    char buf[CIVIL_UTC_LEN];
    civil_format_utc(t, buf);
    cJSON_AddStringToObject(o, key, buf);
}

void liveops_status_add(liveops *l, struct cJSON *doc)
{
    cJSON *ov = cJSON_AddObjectToObject(doc, "overrides");
    cJSON *docs = cJSON_AddArrayToObject(ov, "documents");
    cJSON *refused = cJSON_AddArrayToObject(doc, "refused");
    if (!l)
        return;
    pthread_mutex_lock(&l->lock);
    for (size_t i = 0; i < l->n; i++) {
        cJSON *d = cJSON_CreateObject();
        if (l->slots[i].scope[0])
            cJSON_AddStringToObject(d, "hall", l->slots[i].scope);
        else
            cJSON_AddNullToObject(d, "hall");
        cJSON_AddStringToObject(d, "channel", liveops_channel_name(l->slots[i].ch));
        add_time(d, "received_at", l->slots[i].at);
        cJSON_AddNumberToObject(d, "bytes", (double)l->slots[i].len);
        cJSON_AddItemToArray(docs, d);
    }
    cJSON_AddNumberToObject(ov, "applied", (double)l->rep.applied);
    cJSON_AddNumberToObject(ov, "expired", (double)l->rep.expired);
    cJSON_AddNumberToObject(ov, "dropped", (double)l->rep.dropped);
    cJSON *w = cJSON_AddArrayToObject(ov, "warnings");
    for (size_t i = 0; i < l->rep.n_warnings; i++)
        cJSON_AddItemToArray(w, cJSON_CreateString(l->rep.warnings[i]));
    /* The latest first. */
    for (size_t k = 0; k < l->n_refused; k++) {
        size_t i = (l->next_refused + LIVEOPS_MAX_REFUSED - 1 - k) % LIVEOPS_MAX_REFUSED;
        cJSON *r = cJSON_CreateObject();
        add_time(r, "at", l->refused[i].at);
        cJSON_AddStringToObject(r, "channel", liveops_channel_name(l->refused[i].ch));
        cJSON_AddStringToObject(r, "what", l->refused[i].what);
        cJSON_AddStringToObject(r, "why", l->refused[i].why);
        cJSON_AddItemToArray(refused, r);
    }
    pthread_mutex_unlock(&l->lock);
}
