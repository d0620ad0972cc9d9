/* control_push.c - what the control endpoint takes from outside (control.h): the token
 * that authorizes a push, PUT /feed, PUT of an override document and GET of the one in
 * force.
 *
 * Every body passes trust_accept (trust.h) before anything parses it; with a trusted
 * key that check is the authorization and no token is asked for. Text from outside in
 * an answer meant for people (a pushed document's problems) is escaped with logsafe():
 * a client printing it cannot be made to clear its terminal. The one "now" taken here
 * (when a push arrived) follows the board's clock rules (clock.h), clamped like the
 * screen's.
 */
#include "control_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "clock.h"
#include "conf.h"
#include "logsafe.h"
#include "rfile.h"

/* ---- the token -------------------------------------------------------------------- */

/* True when t is a usable token: CONF_TOKEN_MIN.. printable ASCII characters, no space. */
static bool token_ok(const char *t)
{
    size_t n = strlen(t);
    if (n < CONF_TOKEN_MIN || n >= CONTROL_TOKEN_MAX)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)t[i] <= ' ' || (unsigned char)t[i] > '~')
            return false;
    return true;
}

/* Reads the token in path into out (CONTROL_TOKEN_MAX bytes). Returns 0, or -1 with
 * why (one line). */
static int read_token_file(const char *path, char *out, char *why, size_t whycap)
{
    if (path[0] != '/') {
        snprintf(why, whycap, "not an absolute path");
        return -1;
    }
    int fd = -1;
    size_t size = 0;
    if (rfile_open_regular(path, CONTROL_TOKEN_MAX, &fd, &size, why, whycap) != 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
        snprintf(why, whycap, "group or others may read or write it (mode %04o): chmod 600 it",
                 (unsigned)(st.st_mode & 07777));
        close(fd);
        return -1;
    }
    char buf[CONTROL_TOKEN_MAX + 1];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
        n += (size_t)r;
    close(fd);
    buf[n] = '\0';
    if (n > 0 && buf[n - 1] == '\n')
        buf[--n] = '\0';
    if (n > 0 && buf[n - 1] == '\r')
        buf[--n] = '\0';
    if (strlen(buf) != n || !token_ok(buf)) {
        snprintf(why, whycap, "the token must be %d..%d printable ASCII characters, no spaces",
                 CONF_TOKEN_MIN, CONTROL_TOKEN_MAX - 1);
        return -1;
    }
    memcpy(out, buf, n + 1);
    return 0;
}

void control_token_load(control_server *s, const char *token, const char *token_file,
                        FILE *err)
{
    s->token[0] = '\0';
    if (token_file && token_file[0]) {
        char why[256];
        if (read_token_file(token_file, s->token, why, sizeof(why)) != 0) {
            char shown[4 * 256];
            fprintf(err, "hallboard: control endpoint: control_token_file %s: %s: pushing "
                    "needs a signature or a token\n", logsafe(token_file, shown, sizeof(shown)),
                    why);
            s->token[0] = '\0';
        }
        return;
    }
    if (token && strlen(token) >= sizeof(s->token)) {
        fprintf(err, "hallboard: control endpoint: the token is longer than %d bytes: not "
                "used\n", CONTROL_TOKEN_MAX - 1);
        return;
    }
    snprintf(s->token, sizeof(s->token), "%s", token ? token : "");
}

/* Compares in a time that does not depend on where the strings differ (only on the
 * length of b, the board's own token). */
static bool same_secret(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    unsigned char diff = la != lb;
    for (size_t i = 0; i < lb; i++)
        diff |= (unsigned char)(a[i % (la ? la : 1)] ^ b[i]);
    return diff == 0;
}

unsigned control_push_refusal(control_server *s, struct MHD_Connection *c, int route,
                              const char **why)
{
    if (route == CONTROL_ROUTE_FEED && s->feed_url) {
        *why = "this board polls its feed URL: publish the feed there";
        return 409;
    }
    if (route == CONTROL_ROUTE_OVERRIDES && !s->cfg.take_overrides) {
        *why = "this board takes no override documents";
        return 404;
    }
    if (trust_required(s->cfg.trust)) /* the signature authorizes, checked with the body */
        return 0;
    if (!s->token[0]) {
        *why = "pushing is off: set control_token_file or trusted_key in the board's settings";
        return 403;
    }
    const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                   MHD_HTTP_HEADER_AUTHORIZATION);
    if (!auth || strncmp(auth, "Bearer ", 7) != 0 || !same_secret(auth + 7, s->token)) {
        *why = "wrong or missing token (Authorization: Bearer TOKEN)";
        return 401;
    }
    return 0;
}

/* The largest document of route (before it is wrapped in an envelope). */
static size_t doc_max(const control_server *s, int route)
{
    return route == CONTROL_ROUTE_FEED ? s->cfg.feed_opts.limits.max_feed_bytes
                                       : OVERRIDE_MAX_BYTES;
}

size_t control_push_max(const control_server *s, int route)
{
    size_t doc = doc_max(s, route);
    size_t wrapped = doc / 3 * 4 + 8192; /* base64 and the envelope's members */
    return wrapped > ENVELOPE_MAX_BYTES ? (doc > ENVELOPE_MAX_BYTES ? doc : ENVELOPE_MAX_BYTES)
                                        : wrapped;
}

/* ---- through trust ---------------------------------------------------------------- */

/* rq's body through trust_accept: returns the document (malloc'd, NUL-terminated,
 * *len) or NULL after answering (403, 413, 500) in *rc. */
static char *accepted(control_server *s, struct MHD_Connection *c, control_request *rq,
                      envelope_kind kind, size_t *len, enum MHD_Result *rc)
{
    char why[TRUST_WHY_MAX + 64];
    if (rq->too_big) {
        snprintf(why, sizeof(why), "the %s is larger than %zu bytes",
                 kind == ENVELOPE_FEED ? "feed" : "override document", rq->max);
        *rc = control_answer_error(c, 413, why);
        return NULL;
    }
    hb_clock clk; /* no server Date here: the system clock, clamped */
    clock_init(&clk);
    int64_t now = (int64_t)clock_now(&clk, NULL);
    char *payload = NULL, tw[TRUST_WHY_MAX] = "";
    size_t plen = 0;
    if (trust_accept(s->cfg.trust, kind, rq->scope, rq->body.data ? rq->body.data : "",
                     rq->body.len, now, &payload, &plen, tw, sizeof(tw)) != 0) {
        char shown[4 * TRUST_WHY_MAX];
        if (s->cfg.refused)
            s->cfg.refused(s->cfg.ctx, kind == ENVELOPE_FEED ? "feed" : "overrides", tw);
        *rc = control_answer_error(c, 403, logsafe(tw, shown, sizeof(shown)));
        return NULL;
    }
    char *doc = realloc(payload, plen + 1);
    if (!doc) {
        free(payload);
        *rc = control_answer_error(c, 500, "out of memory");
        return NULL;
    }
    doc[plen] = '\0';
    if (plen > doc_max(s, rq->route)) {
        free(doc);
        snprintf(why, sizeof(why), "the document is larger than %zu bytes",
                 doc_max(s, rq->route));
        *rc = control_answer_error(c, 413, why);
        return NULL;
    }
    *len = plen;
    return doc;
}

/* ---- PUT /feed -------------------------------------------------------------------- */

/* Adds "PATH: message" lines of rep of one severity as an array called key. */
static void add_problems(cJSON *o, const char *key, const feed_report *rep, feed_severity sev)
{
    cJSON *arr = cJSON_AddArrayToObject(o, key);
    for (size_t i = 0; i < rep->n; i++) {
        const feed_problem *p = &rep->items[i];
        if (p->severity != sev)
            continue;
        char line[FEED_PATH_MAX + FEED_MSG_MAX + 8], shown[4 * sizeof(line)];
        snprintf(line, sizeof(line), "%s: %s", p->path[0] ? p->path : "(feed)", p->msg);
        cJSON_AddItemToArray(arr, cJSON_CreateString(logsafe(line, shown, sizeof(shown))));
    }
}

/* Shows a (the board owns it from here) and keeps bytes for the next start; fills o. */
static unsigned show_and_store(control_server *s, agenda *a, const char *bytes, size_t len,
                               cJSON *o)
{
    char revision[CACHE_FIELD_MAX];
    snprintf(revision, sizeof(revision), "%.*s", CACHE_FIELD_MAX - 1,
             a->revision ? a->revision : "");
    if (!s->cfg.take_agenda(s->cfg.ctx, a)) {
        agenda_free(a);
        cJSON_ReplaceItemInObject(o, "accepted", cJSON_CreateBool(false));
        cJSON_AddStringToObject(o, "error", "the board is not running yet: try again");
        return 503;
    }
    char err[256] = "";
    bool stored = false;
    if (s->cache_dir) {
        cache_meta meta;
        memset(&meta, 0, sizeof(meta));
        snprintf(meta.url, sizeof(meta.url), "%s", CONTROL_PUSH_URL);
        snprintf(meta.revision, sizeof(meta.revision), "%s", revision);
        hb_clock clk; /* no server Date here: the system clock, clamped */
        clock_init(&clk);
        meta.fetched_at = (int64_t)clock_now(&clk, NULL);
        bool written = false;
        stored = cache_store(s->cache_dir, &meta, bytes, len, &written, err, sizeof(err)) == 0;
    } else {
        snprintf(err, sizeof(err), "no cache directory: shown until the board restarts");
    }
    cJSON_AddBoolToObject(o, "stored", stored);
    if (!stored)
        cJSON_AddStringToObject(o, "not_stored", err);
    return 200;
}

enum MHD_Result control_push_feed(control_server *s, struct MHD_Connection *c,
                                  control_request *rq)
{
    enum MHD_Result rc = MHD_NO;
    size_t len = 0;
    char *bytes = accepted(s, c, rq, ENVELOPE_FEED, &len, &rc);
    if (!bytes)
        return rc;
    feed_report *rep = malloc(sizeof(*rep));
    if (!rep) {
        free(bytes);
        return control_answer_error(c, 500, "out of memory");
    }
    agenda *a = feed_parse(bytes, len, &s->cfg.feed_opts, rep);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "accepted", a != NULL);
    unsigned code = 422;
    if (!a) {
        cJSON_AddStringToObject(o, "error", "the feed is not valid: the board keeps what it shows");
        add_problems(o, "problems", rep, FEED_ERROR);
    } else {
        cJSON_AddStringToObject(o, "format", a->format);
        if (a->revision)
            cJSON_AddStringToObject(o, "revision", a->revision);
        else
            cJSON_AddNullToObject(o, "revision");
        cJSON_AddNumberToObject(o, "sessions", (double)a->n_sessions);
        cJSON_AddNumberToObject(o, "halls", (double)a->n_halls);
        code = show_and_store(s, a, bytes, len, o);
    }
    add_problems(o, "warnings", rep, FEED_WARNING);
    free(rep);
    free(bytes);
    return control_answer_json(c, code, o);
}

/* ---- override documents ----------------------------------------------------------- */

enum MHD_Result control_push_overrides(control_server *s, struct MHD_Connection *c,
                                       control_request *rq)
{
    enum MHD_Result rc = MHD_NO;
    size_t len = 0;
    char *raw = accepted(s, c, rq, ENVELOPE_OVERRIDES, &len, &rc);
    if (!raw)
        return rc;
    char *err = malloc(OVERRIDE_ERR_MAX);
    override_doc *doc = NULL;
    if (!err) {
        free(raw);
        return control_answer_error(c, 500, "out of memory");
    }
    err[0] = '\0';
    cJSON *o = cJSON_CreateObject();
    unsigned code = 200;
    if (override_parse(raw, len, &doc, err, OVERRIDE_ERR_MAX) != 0) {
        cJSON_AddBoolToObject(o, "accepted", false);
        cJSON_AddStringToObject(o, "error", "the override document is not valid: the board "
                                "keeps the one in force");
        cJSON *arr = cJSON_AddArrayToObject(o, "problems");
        char *save = NULL;
        for (char *line = strtok_r(err, "\n", &save); line;
             line = strtok_r(NULL, "\n", &save)) {
            char shown[4 * OVERRIDE_ERR_MAX];
            cJSON_AddItemToArray(arr, cJSON_CreateString(logsafe(line, shown, sizeof(shown))));
        }
        free(raw);
        code = 422;
    } else {
        bool empty = override_is_empty(doc);
        if (s->cfg.take_overrides(s->cfg.ctx, rq->scope, doc, raw, len)) {
            cJSON_AddBoolToObject(o, "accepted", true);
            cJSON_AddStringToObject(o, "scope", rq->scope);
            cJSON_AddBoolToObject(o, "empty", empty);
        } else {
            override_free(doc);
            free(raw);
            cJSON_AddBoolToObject(o, "accepted", false);
            cJSON_AddStringToObject(o, "error", "the board is not running yet: try again");
            code = 503;
        }
    }
    free(err);
    return control_answer_json(c, code, o);
}

enum MHD_Result control_get_overrides(control_server *s, struct MHD_Connection *c,
                                      const char *scope)
{
    static const char none[] = "{\"hallboard_overrides\":1}\n";
    size_t len = 0;
    char *raw = s->cfg.get_overrides ? s->cfg.get_overrides(s->cfg.ctx, scope, &len) : NULL;
    if (!raw)
        return control_answer(c, 200, "application/json", (void *)none, sizeof(none) - 1,
                              MHD_RESPMEM_PERSISTENT);
    return control_answer(c, 200, "application/json", raw, len, MHD_RESPMEM_MUST_FREE);
}
