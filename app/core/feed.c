/* feed.c - the feed module: byte checks, JSON parsing, the native v1 format, and the
 * helpers shared with the frab importer (feed_frab.c).
 *
 * Layout: problem reporting and paths; byte pre-checks (size, UTF-8, depth); value
 * readers (string, TEXT, time, zone); id maps and overlap checks; the native v1
 * parser; the public entry point feed_parse().
 */
#include "feed_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"

/* Longest session accepted: a week. */
#define FEED_MAX_SESSION_SECONDS (7 * 86400)

/* ---- Problems and paths --------------------------------------------------- */

/* Appends s to out (of FEED_PATH_MAX bytes, holding *len bytes), truncating. */
static void path_append(char *out, size_t *len, const char *s)
{
    size_t n = strlen(s), room = FEED_PATH_MAX - 1 - *len;
    if (n > room)
        n = room;
    memcpy(out + *len, s, n);
    *len += n;
    out[*len] = '\0';
}

void feed_report_add(feed_ctx *c, feed_severity sev, const char *path, const char *fmt, ...)
{
    feed_report *r = c->rep;
    if (sev == FEED_ERROR)
        r->n_errors++;
    else
        r->n_warnings++;
    if (r->n >= FEED_MAX_PROBLEMS) {
        r->dropped++;
        return;
    }
    feed_problem *p = &r->items[r->n++];
    p->severity = sev;
    size_t plen = 0;
    p->path[0] = '\0';
    path_append(p->path, &plen, path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
    va_end(ap);
}

void feed_path_key(char out[FEED_PATH_MAX], const char *parent, const char *key)
{
    size_t len = 0;
    out[0] = '\0';
    if (parent && *parent) {
        path_append(out, &len, parent);
        path_append(out, &len, ".");
    }
    path_append(out, &len, key);
}

void feed_path_index(char out[FEED_PATH_MAX], const char *parent, size_t i)
{
    char idx[32], *q = idx + sizeof(idx);
    size_t len = 0;
    *--q = '\0';
    *--q = ']';
    do
        *--q = (char)('0' + i % 10);
    while ((i /= 10) != 0);
    *--q = '[';
    out[0] = '\0';
    path_append(out, &len, parent);
    path_append(out, &len, q);
}

void feed_oom(feed_ctx *c)
{
    if (!c->oom)
        feed_report_add(c, FEED_ERROR, "", "out of memory");
    c->oom = true;
}

size_t feed_report_format(const feed_report *r, char *buf, size_t cap)
{
    size_t len = 0;
    if (cap == 0)
        return 0;
    buf[0] = '\0';
    for (size_t i = 0; i < r->n && len + 1 < cap; i++) {
        const feed_problem *p = &r->items[i];
        int w = snprintf(buf + len, cap - len, "%s: %s%s\n", p->path[0] ? p->path : "(feed)",
                         p->severity == FEED_WARNING ? "warning: " : "", p->msg);
        if (w < 0)
            break;
        len += (size_t)w < cap - len ? (size_t)w : cap - len - 1;
    }
    if (r->dropped && len + 1 < cap) {
        int w = snprintf(buf + len, cap - len, "... and %zu more problems\n", r->dropped);
        if (w > 0)
            len += (size_t)w < cap - len ? (size_t)w : cap - len - 1;
    }
    return len;
}

/* ---- Byte pre-checks ------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at s (of at most n bytes), or 0 if invalid:
 * overlong forms, surrogates and code points past U+10FFFF are invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    uint32_t cp, min;
    if ((c & 0xE0) == 0xC0) {
        len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/* Line and column of byte offset off in s. */
static void line_col(const char *s, size_t off, size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)s[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

/* True if the 8 bytes at p are all printable ASCII other than '"' and '\\'. */
static bool swar_plain(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t bad = (x - ones * 0x20) | (q - ones) | (b - ones); /* a byte < 0x20 or equal */
    return ((bad | x) & high) == 0;
}

/* Checks UTF-8 validity, NUL bytes and nesting depth in one pass. Line and column
 * are worked out only for the report. */
static bool precheck(feed_ctx *c, const unsigned char *s, size_t n)
{
    size_t depth = 0, i = 0;
    bool in_str = false;
    const char *what = NULL;
    while (i < n) {
        unsigned char ch = s[i];
        if (in_str) {
            /* The bulk of a feed: plain ASCII inside strings, 8 bytes at a time. */
            while (i + 8 <= n && swar_plain(s + i))
                i += 8;
            while (i < n && (unsigned char)(s[i] - 0x20) < 0x60 && s[i] != '"' && s[i] != '\\')
                i++;
            if (i >= n)
                break;
            ch = s[i];
            if (ch == '"') {
                in_str = false;
                i++;
                continue;
            }
            if (ch == '\\') {
                i++; /* the escaped byte is checked like any other (cJSON checks the rest) */
                continue;
            }
        } else if (ch == '"') {
            in_str = true;
            i++;
            continue;
        } else if (ch == '{' || ch == '[') {
            if (++depth > c->opt->limits.max_depth) {
                what = "nesting too deep";
                break;
            }
        } else if (ch == '}' || ch == ']') {
            if (depth)
                depth--;
        }
        if (ch == 0) {
            what = "NUL byte";
            break;
        }
        if (ch < 0x80) {
            i++;
            continue;
        }
        size_t k = utf8_seq(s + i, n - i);
        if (k == 0) {
            what = "invalid UTF-8";
            break;
        }
        i += k;
    }
    if (!what)
        return true;
    size_t line, col;
    line_col((const char *)s, i, &line, &col);
    if (strcmp(what, "nesting too deep") == 0)
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: nesting deeper than %zu", line,
                        col, c->opt->limits.max_depth);
    else
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: %s", line, col, what);
    return false;
}

/* ---- Value readers -------------------------------------------------------- */

const char *feed_copy_string(feed_ctx *c, const cJSON *v, const char *path)
{
    size_t len = strlen(v->valuestring);
    if (len > c->opt->limits.max_string_bytes) {
        feed_report_add(c, FEED_ERROR, path, "string of %zu bytes is longer than %zu", len,
                     c->opt->limits.max_string_bytes);
        return NULL;
    }
    /* No second UTF-8 check: the bytes were checked before parsing, and cJSON turns
     * \u escapes into UTF-8 only for valid code points (it rejects lone surrogates). */
    const char *s = agenda_arena_strndup(c->ar, v->valuestring, len);
    if (!s)
        feed_oom(c);
    return s;
}

const char *feed_type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsBool(v))
        return "a boolean";
    if (cJSON_IsNull(v))
        return "null";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    return "invalid";
}

const cJSON *feed_member(const cJSON *obj, const char *key)
{
    if (!cJSON_IsObject(obj))
        return NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNull(v) ? NULL : v;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The first key that appears twice in object v, or NULL. O(k log k) for large objects. */
static const char *duplicate_key(feed_ctx *c, const cJSON *v)
{
    size_t n = 0;
    for (const cJSON *a = v->child; a; a = a->next)
        n++;
    if (n <= 16) {
        for (const cJSON *a = v->child; a; a = a->next)
            for (const cJSON *b = a->next; b; b = b->next)
                if (strcmp(a->string, b->string) == 0)
                    return a->string;
        return NULL;
    }
    const char **keys = malloc(n * sizeof(*keys));
    if (!keys) {
        feed_oom(c);
        return NULL;
    }
    size_t i = 0;
    for (const cJSON *a = v->child; a; a = a->next)
        keys[i++] = a->string;
    qsort(keys, n, sizeof(*keys), key_cmp);
    const char *dup = NULL;
    for (i = 1; i < n && !dup; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0)
            dup = keys[i];
    free(keys);
    return dup;
}

/* Checks that v is an object without duplicate keys (which JSON leaves ambiguous). */
static bool expect_object(feed_ctx *c, const cJSON *v, const char *path)
{
    if (!cJSON_IsObject(v)) {
        feed_report_add(c, FEED_ERROR, path, "expected an object, found %s", feed_type_name(v));
        return false;
    }
    const char *dup = duplicate_key(c, v);
    if (dup) {
        feed_report_add(c, FEED_ERROR, path, "duplicate key \"%.40s\"", dup);
        return false;
    }
    return true;
}

bool feed_get_string(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                     bool required, const char **out)
{
    char path[FEED_PATH_MAX];
    feed_path_key(path, parent, key);
    const cJSON *v = feed_member(obj, key);
    *out = NULL;
    if (!v) {
        if (required)
            feed_report_add(c, FEED_ERROR, path, "missing");
        return !required;
    }
    if (!cJSON_IsString(v)) {
        feed_report_add(c, FEED_ERROR, path, "expected a string, found %s", feed_type_name(v));
        return false;
    }
    *out = feed_copy_string(c, v, path);
    return *out != NULL;
}

static bool tag_ok(const char *t)
{
    size_t n = strlen(t);
    if (n == 0 || n > 35)
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = t[i];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              (ch == '-' && i > 0 && i + 1 < n)))
            return false;
    }
    return true;
}

agenda_text feed_plain_text(feed_ctx *c, const char *s)
{
    agenda_text t = {NULL, 0};
    if (!s)
        return t;
    agenda_tr *tr = agenda_arena_alloc(c->ar, sizeof(*tr));
    if (!tr) {
        feed_oom(c);
        return t;
    }
    tr->tag = "";
    tr->text = s;
    t.v = tr;
    t.n = 1;
    return t;
}

bool feed_get_text(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, agenda_text *out)
{
    char path[FEED_PATH_MAX];
    feed_path_key(path, parent, key);
    const cJSON *v = feed_member(obj, key);
    out->v = NULL;
    out->n = 0;
    if (!v) {
        if (required)
            feed_report_add(c, FEED_ERROR, path, "missing");
        return !required;
    }
    if (cJSON_IsString(v)) {
        const char *s = feed_copy_string(c, v, path);
        if (!s)
            return false;
        *out = feed_plain_text(c, s);
        return out->n == 1;
    }
    if (!cJSON_IsObject(v)) {
        feed_report_add(c, FEED_ERROR, path, "expected a string or an object of translations, found %s",
                     feed_type_name(v));
        return false;
    }
    size_t n = (size_t)cJSON_GetArraySize(v);
    if (n == 0) {
        feed_report_add(c, FEED_ERROR, path, "no translations");
        return false;
    }
    if (n <= AGENDA_MAX_LANGUAGES * 4 && !expect_object(c, v, path))
        return false;
    if (n > AGENDA_MAX_LANGUAGES * 4) {
        feed_report_add(c, FEED_ERROR, path, "%zu translations, more than %u", n,
                     AGENDA_MAX_LANGUAGES * 4);
        return false;
    }
    agenda_tr *tr = agenda_arena_alloc(c->ar, n * sizeof(*tr));
    if (!tr) {
        feed_oom(c);
        return false;
    }
    bool ok = true;
    size_t k = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, v)
    {
        char ep[FEED_PATH_MAX];
        feed_path_key(ep, path, e->string);
        if (!tag_ok(e->string)) {
            feed_report_add(c, FEED_ERROR, ep, "not a language tag");
            ok = false;
            continue;
        }
        if (!cJSON_IsString(e)) {
            feed_report_add(c, FEED_ERROR, ep, "expected a string, found %s", feed_type_name(e));
            ok = false;
            continue;
        }
        const char *s = feed_copy_string(c, e, ep);
        const char *tag = agenda_arena_strndup(c->ar, e->string, strlen(e->string));
        if (!s || !tag) {
            ok = false;
            continue;
        }
        tr[k].tag = tag;
        tr[k].text = s;
        k++;
    }
    if (!ok)
        return false;
    out->v = tr;
    out->n = k;
    for (size_t i = 0; i < c->a->n_languages; i++) {
        const char *lang = c->a->languages[i];
        bool found = false;
        for (size_t j = 0; j < k && !found; j++)
            found = strcmp(tr[j].tag, lang) == 0;
        if (!found)
            feed_report_add(c, FEED_WARNING, path, "no \"%s\" translation", lang);
    }
    return true;
}

bool feed_get_time(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, int64_t *out, bool *present)
{
    char path[FEED_PATH_MAX];
    feed_path_key(path, parent, key);
    const cJSON *v = feed_member(obj, key);
    if (present)
        *present = v != NULL;
    if (!v) {
        if (required)
            feed_report_add(c, FEED_ERROR, path, "missing");
        return !required;
    }
    if (!cJSON_IsString(v)) {
        feed_report_add(c, FEED_ERROR, path, "expected an RFC 3339 time string, found %s",
                     feed_type_name(v));
        return false;
    }
    if (!civil_parse_rfc3339(v->valuestring, out, NULL)) {
        feed_report_add(c, FEED_ERROR, path,
                     "\"%.40s\" is not an RFC 3339 time with an offset (e.g. 2020-12-09T17:00:00+08:00)",
                     v->valuestring);
        return false;
    }
    return true;
}

const tz_zone *feed_load_zone(feed_ctx *c, const char *name, const char *path)
{
    tz_zone *z = strlen(name) <= TZ_NAME_MAX ? c->opt->load_zone(c->opt->zone_ctx, name) : NULL;
    if (!z) {
        feed_report_add(c, FEED_ERROR, path, "unknown time zone \"%.64s\"", name);
        return NULL;
    }
    if (agenda_arena_own_zone(c->ar, z) != 0) {
        feed_oom(c);
        return NULL;
    }
    return z;
}

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
        z[i].tz = feed_load_zone(c, names[i], p);
        if (!z[i].tz) {
            ok = false;
            continue;
        }
        z[i].name = tz_name(z[i].tz);
        if (n_ov && c->opt->zone_labels && c->opt->zone_labels[i])
            z[i].label = feed_plain_text(c, agenda_arena_strndup(c->ar, c->opt->zone_labels[i],
                                                                 strlen(c->opt->zone_labels[i])));
        else if (labels && labels[i].n)
            z[i].label = labels[i];
        else
            z[i].label = feed_zone_default_label(c, names[i]);
    }
    c->a->zones = z;
    c->a->n_zones = n;
    return ok;
}

/* ---- Ids, references, overlaps -------------------------------------------- */

typedef struct {
    const char *id;
    size_t i;
} id_entry;

static int id_entry_cmp(const void *pa, const void *pb)
{
    const id_entry *a = pa, *b = pb;
    int r = strcmp(a->id, b->id);
    if (r)
        return r;
    return a->i < b->i ? -1 : a->i > b->i;
}

bool feed_check_unique_ids(feed_ctx *c, const char *const *ids, size_t n, const char *list)
{
    if (n < 2)
        return true;
    id_entry *e = malloc(n * sizeof(*e));
    if (!e) {
        feed_oom(c);
        return false;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (ids[i])
            e[k++] = (id_entry){ids[i], i};
    qsort(e, k, sizeof(*e), id_entry_cmp);
    bool ok = true;
    for (size_t i = 1; i < k; i++) {
        size_t first = i - 1;
        while (i < k && strcmp(e[i].id, e[first].id) == 0) {
            char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
            feed_path_index(q, list, e[i].i);
            feed_path_key(p, q, "id");
            feed_report_add(c, FEED_ERROR, p, "duplicate id \"%.64s\" (first at %s[%zu])", e[i].id,
                         list, e[first].i);
            ok = false;
            i++;
        }
    }
    free(e);
    return ok;
}

bool feed_idmap_build(feed_ctx *c, feed_idmap *m, const char *const *ids, size_t n)
{
    m->ids = NULL;
    m->idx = NULL;
    m->n = 0;
    if (n == 0)
        return true;
    id_entry *e = malloc(n * sizeof(*e));
    m->ids = malloc(n * sizeof(*m->ids));
    m->idx = malloc(n * sizeof(*m->idx));
    if (!e || !m->ids || !m->idx) {
        free(e);
        feed_idmap_free(m);
        feed_oom(c);
        return false;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (ids[i])
            e[k++] = (id_entry){ids[i], i};
    qsort(e, k, sizeof(*e), id_entry_cmp);
    for (size_t i = 0; i < k; i++) {
        m->ids[i] = e[i].id;
        m->idx[i] = (int32_t)e[i].i;
    }
    m->n = k;
    free(e);
    return true;
}

int32_t feed_idmap_find(const feed_idmap *m, const char *id)
{
    size_t lo = 0, hi = m->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int r = strcmp(m->ids[mid], id);
        if (r == 0)
            return m->idx[mid];
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

void feed_idmap_free(feed_idmap *m)
{
    free(m->ids);
    free(m->idx);
    m->ids = NULL;
    m->idx = NULL;
    m->n = 0;
}

void feed_warn_overlaps(feed_ctx *c, const agenda_session *s, const size_t *order, size_t n,
                        size_t n_halls, const char *list)
{
    if (n_halls == 0)
        return;
    /* Per hall: the sorted index of the scheduled session that ends last so far. */
    size_t *last = malloc(n_halls * sizeof(*last));
    if (!last) {
        feed_oom(c);
        return;
    }
    for (size_t h = 0; h < n_halls; h++)
        last[h] = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        if (s[i].hall < 0 || s[i].status == AGENDA_STATUS_CANCELLED)
            continue;
        size_t *l = &last[s[i].hall];
        if (*l != SIZE_MAX && s[*l].end > s[i].start) {
            char p[FEED_PATH_MAX];
            feed_path_index(p, list, order[i]);
            feed_report_add(c, FEED_WARNING, p, "overlaps %s[%zu] (\"%.40s\") in the same hall", list,
                         order[*l], s[*l].id);
        }
        if (*l == SIZE_MAX || s[i].end > s[*l].end)
            *l = i;
    }
    free(last);
}

/* Sorting sessions while remembering where each came from in the document. */
typedef struct {
    agenda_session s;
    size_t doc;
} doc_session;

static int doc_session_cmp(const void *pa, const void *pb)
{
    return agenda_session_cmp(&((const doc_session *)pa)->s, &((const doc_session *)pb)->s);
}

bool feed_finish_sessions(feed_ctx *c, agenda_session *sessions, size_t n, const char *list)
{
    doc_session *d = malloc((n ? n : 1) * sizeof(*d));
    size_t *order = malloc((n ? n : 1) * sizeof(*order));
    if (!d || !order) {
        free(d);
        free(order);
        feed_oom(c);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        d[i] = (doc_session){sessions[i], i};
    qsort(d, n, sizeof(*d), doc_session_cmp);
    for (size_t i = 0; i < n; i++) {
        sessions[i] = d[i].s;
        order[i] = d[i].doc;
    }
    free(d);
    agenda_index(c->a, sessions, n);
    feed_warn_overlaps(c, sessions, order, n, c->a->n_halls, list);
    free(order);
    return true;
}

/* ---- The native v1 format ------------------------------------------------- */

/* Members of obj that must be an array; reports a wrong type. Missing -> NULL. */
static const cJSON *get_array(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                              bool required, size_t max, bool *ok)
{
    char path[FEED_PATH_MAX];
    feed_path_key(path, parent, key);
    const cJSON *v = feed_member(obj, key);
    if (!v) {
        if (required) {
            feed_report_add(c, FEED_ERROR, path, "missing");
            *ok = false;
        }
        return NULL;
    }
    if (!cJSON_IsArray(v)) {
        feed_report_add(c, FEED_ERROR, path, "expected an array, found %s", feed_type_name(v));
        *ok = false;
        return NULL;
    }
    size_t n = (size_t)cJSON_GetArraySize(v);
    if (n > max) {
        feed_report_add(c, FEED_ERROR, path, "%zu entries, more than the limit of %zu", n, max);
        *ok = false;
        return NULL;
    }
    return v;
}

static bool get_id(feed_ctx *c, const cJSON *obj, const char *parent, const char **out)
{
    if (!feed_get_string(c, obj, "id", parent, true, out))
        return false;
    size_t n = strlen(*out);
    if (n == 0 || n > AGENDA_MAX_ID_BYTES) {
        char p[FEED_PATH_MAX];
        feed_path_key(p, parent, "id");
        feed_report_add(c, FEED_ERROR, p, "an id must be 1 to %u bytes", AGENDA_MAX_ID_BYTES);
        *out = NULL;
        return false;
    }
    return true;
}

static bool parse_people(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                         const agenda_person **out, size_t *n_out)
{
    bool ok = true;
    char path[FEED_PATH_MAX];
    feed_path_key(path, parent, key);
    const cJSON *arr = get_array(c, obj, key, parent, false, AGENDA_MAX_PEOPLE, &ok);
    *out = NULL;
    *n_out = 0;
    if (!arr)
        return ok;
    size_t n = (size_t)cJSON_GetArraySize(arr);
    agenda_person *p = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*p));
    if (!p) {
        feed_oom(c);
        return false;
    }
    size_t i = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char ep[FEED_PATH_MAX];
        feed_path_index(ep, path, i);
        if (!expect_object(c, e, ep)) {
            ok = false;
        } else {
            ok &= feed_get_text(c, e, "name", ep, true, &p[i].name);
            ok &= feed_get_text(c, e, "role", ep, false, &p[i].role);
            ok &= feed_get_text(c, e, "affiliation", ep, false, &p[i].affiliation);
        }
        i++;
    }
    *out = p;
    *n_out = n;
    return ok;
}

static bool parse_session(feed_ctx *c, const cJSON *e, const char *path, const feed_idmap *halls,
                          const feed_idmap *tracks, agenda_session *s)
{
    if (!expect_object(c, e, path))
        return false;
    bool ok = get_id(c, e, path, &s->id);
    bool have_start = feed_get_time(c, e, "start", path, true, &s->start, NULL);
    bool have_end = feed_get_time(c, e, "end", path, true, &s->end, NULL);
    ok &= have_start && have_end;
    char p[FEED_PATH_MAX];
    if (have_start && have_end) {
        feed_path_key(p, path, "end");
        if (s->end <= s->start) {
            feed_report_add(c, FEED_ERROR, p, s->end == s->start ? "equal to start" : "before start");
            ok = false;
        } else if (s->end - s->start > FEED_MAX_SESSION_SECONDS) {
            feed_report_add(c, FEED_ERROR, p, "more than 7 days after start");
            ok = false;
        }
    }
    const char *ref;
    s->hall = -1;
    s->track = -1;
    if (feed_get_string(c, e, "hall", path, false, &ref) && ref) {
        s->hall = feed_idmap_find(halls, ref);
        if (s->hall < 0) {
            feed_path_key(p, path, "hall");
            feed_report_add(c, FEED_WARNING, p, "unknown hall \"%.64s\"", ref);
        }
    }
    if (feed_get_string(c, e, "track", path, false, &ref) && ref) {
        s->track = feed_idmap_find(tracks, ref);
        if (s->track < 0) {
            feed_path_key(p, path, "track");
            feed_report_add(c, FEED_WARNING, p, "unknown track \"%.64s\"", ref);
        }
    }
    s->kind = AGENDA_KIND_TALK;
    if (!feed_get_string(c, e, "kind", path, false, &ref))
        ok = false;
    else if (ref && !agenda_kind_parse(ref, &s->kind)) {
        feed_path_key(p, path, "kind");
        feed_report_add(c, FEED_ERROR, p,
                     "unknown kind \"%.32s\" (talk, keynote, panel, break, ceremony, other)", ref);
        ok = false;
    }
    s->status = AGENDA_STATUS_SCHEDULED;
    if (!feed_get_string(c, e, "status", path, false, &ref))
        ok = false;
    else if (ref && !agenda_status_parse(ref, &s->status)) {
        feed_path_key(p, path, "status");
        feed_report_add(c, FEED_ERROR, p, "unknown status \"%.32s\" (scheduled, cancelled)", ref);
        ok = false;
    }
    ok &= feed_get_text(c, e, "title", path, true, &s->title);
    ok &= feed_get_text(c, e, "subtitle", path, false, &s->subtitle);
    ok &= feed_get_text(c, e, "description", path, false, &s->description);
    ok &= parse_people(c, e, "speakers", path, &s->speakers, &s->n_speakers);
    ok &= parse_people(c, e, "chair", path, &s->chair, &s->n_chair);
    return ok;
}

static bool parse_color(const char *s, uint32_t *out)
{
    if (strlen(s) != 7 || s[0] != '#')
        return false;
    uint32_t v = 0;
    for (int i = 1; i < 7; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0)
            return false;
        v = v << 4 | (uint32_t)d;
    }
    *out = v;
    return true;
}

static bool parse_event(feed_ctx *c, const cJSON *root)
{
    agenda *a = c->a;
    const cJSON *ev = feed_member(root, "event");
    if (!ev) {
        feed_report_add(c, FEED_ERROR, "event", "missing");
        return false;
    }
    if (!expect_object(c, ev, "event"))
        return false;
    bool ok = true;
    /* Languages first: TEXT values are checked against them. */
    const cJSON *langs = get_array(c, ev, "languages", "event", true, AGENDA_MAX_LANGUAGES, &ok);
    if (langs) {
        size_t n = (size_t)cJSON_GetArraySize(langs), i = 0;
        const char **l = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*l));
        if (!l) {
            feed_oom(c);
            return false;
        }
        const cJSON *e;
        cJSON_ArrayForEach(e, langs)
        {
            char p[FEED_PATH_MAX];
            feed_path_index(p, "event.languages", i);
            if (!cJSON_IsString(e) || !tag_ok(e->valuestring)) {
                feed_report_add(c, FEED_ERROR, p, "expected a language tag such as \"en\" or \"zh-Hans\"");
                ok = false;
            } else {
                l[i] = feed_copy_string(c, e, p);
            }
            i++;
        }
        if (n == 0) {
            feed_report_add(c, FEED_ERROR, "event.languages", "at least one language is needed");
            ok = false;
        }
        if (ok) {
            a->languages = l;
            a->n_languages = n;
        }
    }
    ok &= feed_get_text(c, ev, "title", "event", true, &a->title);
    agenda_text subtitle;
    ok &= feed_get_text(c, ev, "subtitle", "event", false, &subtitle);

    const cJSON *zones = get_array(c, ev, "zones", "event", true, AGENDA_MAX_ZONES, &ok);
    if (zones) {
        size_t n = (size_t)cJSON_GetArraySize(zones), i = 0;
        const char *names[AGENDA_MAX_ZONES];
        agenda_text labels[AGENDA_MAX_ZONES];
        bool zok = true;
        const cJSON *e;
        cJSON_ArrayForEach(e, zones)
        {
            char p[FEED_PATH_MAX];
            feed_path_index(p, "event.zones", i);
            names[i] = NULL;
            labels[i] = (agenda_text){NULL, 0};
            if (!expect_object(c, e, p)) {
                zok = false;
            } else {
                zok &= feed_get_string(c, e, "zone", p, true, &names[i]);
                zok &= feed_get_text(c, e, "label", p, false, &labels[i]);
            }
            i++;
        }
        if (zok)
            ok &= feed_set_zones(c, names, labels, n, "event.zones");
        else
            ok = false;
    }
    return ok;
}

/* Parses an array of {id, name, ...} entries (halls or tracks) and their ids. */
static bool parse_halls(feed_ctx *c, const cJSON *root, feed_idmap *map)
{
    bool ok = true;
    const cJSON *arr = get_array(c, root, "halls", "", true, AGENDA_MAX_HALLS, &ok);
    if (!arr)
        return ok && feed_idmap_build(c, map, NULL, 0);
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    if (n == 0) {
        feed_report_add(c, FEED_ERROR, "halls", "at least one hall is needed");
        ok = false;
    }
    agenda_hall *h = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*h));
    const char **ids = calloc(n ? n : 1, sizeof(*ids));
    if (!h || !ids) {
        free(ids);
        feed_oom(c);
        return false;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, "halls", i);
        if (expect_object(c, e, p)) {
            ok &= get_id(c, e, p, &h[i].id);
            ok &= feed_get_text(c, e, "name", p, true, &h[i].name);
            ids[i] = h[i].id;
        } else {
            ok = false;
        }
        i++;
    }
    ok &= feed_check_unique_ids(c, ids, n, "halls");
    ok &= feed_idmap_build(c, map, ids, n);
    free(ids);
    c->a->halls = h;
    c->a->n_halls = n;
    return ok;
}

static bool parse_tracks(feed_ctx *c, const cJSON *root, feed_idmap *map)
{
    bool ok = true;
    const cJSON *arr = get_array(c, root, "tracks", "", false, AGENDA_MAX_TRACKS, &ok);
    if (!arr)
        return ok && feed_idmap_build(c, map, NULL, 0);
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    agenda_track *t = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*t));
    const char **ids = calloc(n ? n : 1, sizeof(*ids));
    if (!t || !ids) {
        free(ids);
        feed_oom(c);
        return false;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, "tracks", i);
        if (expect_object(c, e, p)) {
            ok &= get_id(c, e, p, &t[i].id);
            ok &= feed_get_text(c, e, "name", p, true, &t[i].name);
            ok &= feed_get_text(c, e, "organizer", p, false, &t[i].organizer);
            const char *col;
            if (!feed_get_string(c, e, "color", p, false, &col)) {
                ok = false;
            } else if (col) {
                char cp[FEED_PATH_MAX];
                feed_path_key(cp, p, "color");
                if (parse_color(col, &t[i].color)) {
                    t[i].has_color = true;
                } else {
                    feed_report_add(c, FEED_ERROR, cp, "expected a colour as \"#rrggbb\"");
                    ok = false;
                }
            }
            ids[i] = t[i].id;
        } else {
            ok = false;
        }
        i++;
    }
    ok &= feed_check_unique_ids(c, ids, n, "tracks");
    ok &= feed_idmap_build(c, map, ids, n);
    free(ids);
    c->a->tracks = t;
    c->a->n_tracks = n;
    return ok;
}

static bool parse_cards(feed_ctx *c, const cJSON *root)
{
    bool ok = true;
    const cJSON *arr = get_array(c, root, "cards", "", false, AGENDA_MAX_CARDS, &ok);
    if (!arr)
        return ok;
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    agenda_card *k = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*k));
    const char **ids = calloc(n ? n : 1, sizeof(*ids));
    if (!k || !ids) {
        free(ids);
        feed_oom(c);
        return false;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, "cards", i);
        if (expect_object(c, e, p)) {
            ok &= get_id(c, e, p, &k[i].id);
            ok &= feed_get_text(c, e, "title", p, true, &k[i].title);
            ok &= feed_get_text(c, e, "body", p, true, &k[i].body);
            bool has_from, has_until;
            k[i].from = INT64_MIN;
            k[i].until = INT64_MAX;
            ok &= feed_get_time(c, e, "from", p, false, &k[i].from, &has_from);
            ok &= feed_get_time(c, e, "until", p, false, &k[i].until, &has_until);
            if (has_from && has_until && k[i].until <= k[i].from) {
                char up[FEED_PATH_MAX];
                feed_path_key(up, p, "until");
                feed_report_add(c, FEED_WARNING, up, "not after \"from\": the card is never shown");
            }
            ids[i] = k[i].id;
        } else {
            ok = false;
        }
        i++;
    }
    ok &= feed_check_unique_ids(c, ids, n, "cards");
    free(ids);
    c->a->cards = k;
    c->a->n_cards = n;
    return ok;
}

static bool parse_sessions(feed_ctx *c, const cJSON *root, const feed_idmap *halls,
                           const feed_idmap *tracks)
{
    bool ok = true;
    const cJSON *arr = get_array(c, root, "sessions", "", true, c->opt->limits.max_sessions, &ok);
    if (!arr)
        return ok;
    size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
    agenda_session *s = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*s));
    const char **ids = calloc(n ? n : 1, sizeof(*ids));
    if (!s || !ids) {
        free(ids);
        feed_oom(c);
        return false;
    }
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        char p[FEED_PATH_MAX];
        feed_path_index(p, "sessions", i);
        ok &= parse_session(c, e, p, halls, tracks, &s[i]);
        ids[i] = s[i].id;
        i++;
    }
    ok &= feed_check_unique_ids(c, ids, n, "sessions");
    free(ids);
    if (ok)
        ok = feed_finish_sessions(c, s, n, "sessions");
    return ok;
}

static void parse_native(feed_ctx *c, const cJSON *root)
{
    agenda *a = c->a;
    const cJSON *ver = feed_member(root, "hallboard");
    if (!cJSON_IsNumber(ver)) {
        feed_report_add(c, FEED_ERROR, "hallboard",
                     ver ? "expected the format version number 1" : "missing");
        return;
    }
    if (ver->valuedouble != 1.0) {
        feed_report_add(c, FEED_ERROR, "hallboard",
                     "format version %g is not supported (this board reads version 1)",
                     ver->valuedouble);
        return;
    }
    if (!expect_object(c, root, ""))
        return;
    a->version = 1;
    a->format = "hallboard";
    feed_get_string(c, root, "revision", "", true, &a->revision);
    parse_event(c, root);
    feed_idmap halls = {0}, tracks = {0};
    bool ok = parse_halls(c, root, &halls);
    ok &= parse_tracks(c, root, &tracks);
    parse_cards(c, root);
    /* Sessions are checked even when halls or tracks failed, to report everything. */
    (void)ok;
    parse_sessions(c, root, &halls, &tracks);
    feed_idmap_free(&halls);
    feed_idmap_free(&tracks);
}

/* ---- JSON memory ---------------------------------------------------------- */

/* While a thread parses a feed, cJSON allocates from that thread's arena, and the
 * whole tree is dropped at once afterwards: no per-node malloc/free. Other cJSON
 * users (and threads) keep plain malloc/free. */
static _Thread_local agenda_arena *json_arena;
static _Atomic bool json_hooks;

static void *json_alloc(size_t n)
{
    return json_arena ? agenda_arena_alloc(json_arena, n) : malloc(n);
}

static void json_free(void *p)
{
    if (!json_arena)
        free(p);
}

void feed_init(void)
{
    cJSON_Hooks h = {json_alloc, json_free};
    cJSON_InitHooks(&h);
    json_hooks = true;
}

/* ---- Entry point ---------------------------------------------------------- */

/* Frees a parsed tree: the whole arena when one was used, else node by node. */
static void json_tree_free(cJSON *root)
{
    if (json_arena) {
        agenda_arena_free(json_arena);
        json_arena = NULL;
    } else {
        cJSON_Delete(root);
    }
}

feed_options feed_default_options(agenda_zone_loader load, void *ctx)
{
    feed_options o;
    memset(&o, 0, sizeof(o));
    o.limits = agenda_default_limits();
    o.load_zone = load;
    o.zone_ctx = ctx;
    return o;
}

agenda *feed_parse(const char *bytes, size_t len, const feed_options *opt, feed_report *report)
{
    memset(report, 0, sizeof(*report));
    feed_ctx c = {opt, report, NULL, NULL, false};
    if (!bytes || !opt || !opt->load_zone) {
        feed_report_add(&c, FEED_ERROR, "", "no feed");
        return NULL;
    }
    if (len > opt->limits.max_feed_bytes) {
        feed_report_add(&c, FEED_ERROR, "", "feed of %zu bytes is larger than the limit of %zu bytes",
                     len, opt->limits.max_feed_bytes);
        return NULL;
    }
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) { /* byte-order mark */
        bytes += 3;
        len -= 3;
    }
    if (!precheck(&c, (const unsigned char *)bytes, len))
        return NULL;

    const char *end = NULL;
    if (json_hooks)
        json_arena = agenda_arena_new();
    cJSON *root = cJSON_ParseWithLengthOpts(bytes, len, &end, false);
    if (!root) {
        size_t off = end && end >= bytes && end <= bytes + len ? (size_t)(end - bytes) : len, l, col;
        line_col(bytes, off, &l, &col);
        feed_report_add(&c, FEED_ERROR, "", off >= len ? "line %zu, column %zu: not JSON (unexpected end)"
                                                    : "line %zu, column %zu: not JSON",
                     l, col);
        json_tree_free(NULL);
        return NULL;
    }
    size_t off = (size_t)(end - bytes);
    while (off < len && (bytes[off] == ' ' || bytes[off] == '\t' || bytes[off] == '\n' ||
                         bytes[off] == '\r'))
        off++;
    if (off < len) {
        size_t l, col;
        line_col(bytes, off, &l, &col);
        feed_report_add(&c, FEED_ERROR, "", "line %zu, column %zu: data after the JSON document", l,
                     col);
        json_tree_free(root);
        return NULL;
    }
    if (!cJSON_IsObject(root)) {
        feed_report_add(&c, FEED_ERROR, "", "expected a JSON object, found %s", feed_type_name(root));
        json_tree_free(root);
        return NULL;
    }

    c.ar = agenda_arena_new();
    c.a = c.ar ? agenda_arena_alloc(c.ar, sizeof(agenda)) : NULL;
    if (!c.a) {
        agenda_arena_free(c.ar);
        json_tree_free(root);
        feed_oom(&c);
        return NULL;
    }
    c.a->arena = c.ar;
    if (cJSON_GetObjectItemCaseSensitive(root, "hallboard"))
        parse_native(&c, root);
    else if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, "schedule")))
        feed_frab_parse(&c, root);
    else
        feed_report_add(&c, FEED_ERROR, "",
                     "not a feed: expected a \"hallboard\" version member (or a frab/pretalx "
                     "\"schedule\" object)");
    json_tree_free(root);
    if (report->n_errors || c.oom) {
        agenda_free(c.a);
        return NULL;
    }
    return c.a;
}
