/* values.c - readers of JSON values: strings, TEXT (a string or translations), times,
 * arrays and objects read in one pass. Each reports its own problems at the path it is
 * given and returns false when the value is unusable.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

#include "civil.h"

/* Reads the length of JSON string v; reports at `at` one longer than the limit. */
static bool string_fits(feed_ctx *c, const cJSON *v, const feed_lpath *at, size_t *len)
{
    *len = strlen(v->valuestring);
    if (*len > c->opt->limits.max_string_bytes) {
        feed_report_at(c, FEED_ERROR, at, "string of %zu bytes is longer than %zu", *len,
                  c->opt->limits.max_string_bytes);
        return false;
    }
    return true;
}

static const char *copy_string(feed_ctx *c, const cJSON *v, const feed_lpath *at)
{
    size_t len;
    if (!string_fits(c, v, at, &len))
        return NULL;
    /* No second UTF-8 check: the bytes were checked before parsing, and cJSON turns
     * \u escapes into UTF-8 only for valid code points (it rejects lone surrogates). */
    const char *s = agenda_arena_strndup(c->ar, v->valuestring, len);
    if (!s)
        feed_oom(c);
    return s;
}

const char *feed_copy_string(feed_ctx *c, const cJSON *v, const char *path)
{
    feed_lpath at = {NULL, path, 0};
    return copy_string(c, v, &at);
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

/* A member's value with JSON null counting as missing (NULL). */
static inline const cJSON *value_of(const cJSON *m)
{
    return feed_json_is(m, cJSON_NULL) ? NULL : m;
}

const cJSON *feed_member(const cJSON *obj, const char *key)
{
    if (!cJSON_IsObject(obj))
        return NULL;
    return value_of(cJSON_GetObjectItemCaseSensitive(obj, key));
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
                if (a->string[0] == b->string[0] && strcmp(a->string, b->string) == 0)
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

/* Reports a duplicate key of object v at `at`; false if there is one. */
bool feed_no_duplicate_key(feed_ctx *c, const cJSON *v, const feed_lpath *at)
{
    const char *dup = duplicate_key(c, v);
    if (dup) {
        feed_report_at(c, FEED_ERROR, at, "duplicate key \"%.40s\"", dup);
        return false;
    }
    return true;
}

/* Index of key s in keys[0..nk) (searched from `hint` on, as members usually come in
 * the same order), or nk. */
static inline size_t key_index(const char *s, const char *const *keys, size_t nk, size_t hint)
{
    for (size_t j = 0; j < nk; j++) {
        size_t k = hint + j < nk ? hint + j : hint + j - nk;
        if (feed_str_eq(keys[k], s))
            return k;
    }
    return nk;
}

/* Checks that v is an object without duplicate keys (which JSON leaves ambiguous), and
 * reads the members named keys[0..nk) (nk <= 32) in one pass over it: m[k] = the value
 * of the first member named keys[k], NULL when absent or null (as feed_member() finds
 * it). The full duplicate check (which names the key to report) runs only when a key
 * is unknown or seen twice. */
bool feed_scan_object(feed_ctx *c, const cJSON *v, const feed_lpath *at, const char *const *keys,
                        size_t nk, const cJSON **m)
{
    if (!feed_json_is(v, cJSON_Object)) {
        feed_report_at(c, FEED_ERROR, at, "expected an object, found %s", feed_type_name(v));
        return false;
    }
    for (size_t k = 0; k < nk; k++)
        m[k] = NULL;
    uint32_t seen = 0;
    bool check = false;
    size_t hint = 0;
    for (const cJSON *e = v->child; e; e = e->next) {
        size_t k = key_index(e->string, keys, nk, hint);
        if (k == nk || (seen >> k & 1u)) {
            check = true;
            continue;
        }
        seen |= 1u << k;
        m[k] = value_of(e);
        hint = k + 1;
    }
    return !check || feed_no_duplicate_key(c, v, at);
}

/* Reads string v (NULL: missing) at `at`. Missing: an error if required (returns
 * false), else *out = NULL and true. Wrong type or too long: an error, false. */
bool feed_read_string(feed_ctx *c, const cJSON *v, const feed_lpath *at, bool required,
                        const char **out)
{
    *out = NULL;
    if (!v) {
        if (required)
            feed_report_at(c, FEED_ERROR, at, "missing");
        return !required;
    }
    if (!feed_json_is(v, cJSON_String)) {
        feed_report_at(c, FEED_ERROR, at, "expected a string, found %s", feed_type_name(v));
        return false;
    }
    *out = copy_string(c, v, at);
    return *out != NULL;
}

/* feed_read_string() of an optional string only looked up, never kept: *out borrows the
 * JSON tree's bytes. */
bool feed_read_ref(feed_ctx *c, const cJSON *v, const feed_lpath *at, const char **out)
{
    *out = NULL;
    if (!v)
        return true;
    if (!feed_json_is(v, cJSON_String)) {
        feed_report_at(c, FEED_ERROR, at, "expected a string, found %s", feed_type_name(v));
        return false;
    }
    size_t len;
    if (!string_fits(c, v, at, &len))
        return false;
    *out = v->valuestring;
    return true;
}

bool feed_get_string(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                     bool required, const char **out)
{
    feed_lpath up = {NULL, parent, 0}, at = {&up, key, 0};
    return feed_read_string(c, feed_member(obj, key), &at, required, out);
}

bool feed_tag_ok(const char *t)
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

/* The tag of a translation: the event's copy of an equal language tag when there is
 * one (most tags are), else a copy in the arena. NULL on out of memory. */
static const char *intern_tag(feed_ctx *c, const char *tag)
{
    const agenda *a = c->a;
    for (size_t i = 0; i < a->n_languages; i++) {
        const char *l = a->languages[i];
        if (l && feed_str_eq(l, tag))
            return l;
    }
    return agenda_arena_strndup(c->ar, tag, strlen(tag));
}

/* Reads TEXT v (NULL: missing) at `at`; see feed_get_text(). */
bool feed_read_text(feed_ctx *c, const cJSON *v, const feed_lpath *at, bool required,
                      agenda_text *out)
{
    out->v = NULL;
    out->n = 0;
    if (!v) {
        if (required)
            feed_report_at(c, FEED_ERROR, at, "missing");
        return !required;
    }
    if (feed_json_is(v, cJSON_String)) {
        const char *s = copy_string(c, v, at);
        if (!s)
            return false;
        *out = feed_plain_text(c, s);
        return out->n == 1;
    }
    if (!feed_json_is(v, cJSON_Object)) {
        feed_report_at(c, FEED_ERROR, at, "expected a string or an object of translations, found %s",
                  feed_type_name(v));
        return false;
    }
    size_t n = 0;
    for (const cJSON *e = v->child; e; e = e->next)
        n++;
    if (n == 0) {
        feed_report_at(c, FEED_ERROR, at, "no translations");
        return false;
    }
    if (n > AGENDA_MAX_LANGUAGES * 4) {
        feed_report_at(c, FEED_ERROR, at, "%zu translations, more than %u", n,
                  AGENDA_MAX_LANGUAGES * 4);
        return false;
    }
    if (!feed_no_duplicate_key(c, v, at))
        return false;
    agenda_tr *tr = agenda_arena_alloc(c->ar, n * sizeof(*tr));
    if (!tr) {
        feed_oom(c);
        return false;
    }
    bool ok = true;
    size_t k = 0;
    for (const cJSON *e = v->child; e; e = e->next) {
        feed_lpath ep = {at, e->string, 0};
        if (!feed_tag_ok(e->string)) {
            feed_report_at(c, FEED_ERROR, &ep, "not a language tag");
            ok = false;
            continue;
        }
        if (!feed_json_is(e, cJSON_String)) {
            feed_report_at(c, FEED_ERROR, &ep, "expected a string, found %s", feed_type_name(e));
            ok = false;
            continue;
        }
        const char *s = copy_string(c, e, &ep);
        const char *tag = intern_tag(c, e->string);
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
        /* Translations mostly come in the order of the event's languages. */
        bool found = i < k && (tr[i].tag == lang || feed_str_eq(tr[i].tag, lang));
        for (size_t j = 0; j < k && !found; j++)
            found = feed_str_eq(tr[j].tag, lang);
        if (!found)
            feed_report_at(c, FEED_WARNING, at, "no \"%s\" translation", lang);
    }
    return true;
}

bool feed_get_text(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, agenda_text *out)
{
    feed_lpath up = {NULL, parent, 0}, at = {&up, key, 0};
    return feed_read_text(c, feed_member(obj, key), &at, required, out);
}

/* Reads time v (NULL: missing) at `at`; see feed_get_time(). */
bool feed_read_time(feed_ctx *c, const cJSON *v, const feed_lpath *at, bool required, int64_t *out,
                      bool *present)
{
    if (present)
        *present = v != NULL;
    if (!v) {
        if (required)
            feed_report_at(c, FEED_ERROR, at, "missing");
        return !required;
    }
    if (!feed_json_is(v, cJSON_String)) {
        feed_report_at(c, FEED_ERROR, at, "expected an RFC 3339 time string, found %s",
                  feed_type_name(v));
        return false;
    }
    if (!civil_parse_rfc3339(v->valuestring, out, NULL)) {
        feed_report_at(c, FEED_ERROR, at,
                  "\"%.40s\" is not an RFC 3339 time with an offset (e.g. 2020-12-09T17:00:00+08:00)",
                  v->valuestring);
        return false;
    }
    return true;
}

bool feed_get_time(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, int64_t *out, bool *present)
{
    feed_lpath up = {NULL, parent, 0}, at = {&up, key, 0};
    return feed_read_time(c, feed_member(obj, key), &at, required, out, present);
}

/* Reads array v (NULL: missing) at `at` with at most `max` entries (*count of them).
 * Reports a wrong type or size and clears *ok; NULL then and when missing. */
const cJSON *feed_read_array(feed_ctx *c, const cJSON *v, const feed_lpath *at, bool required,
                               size_t max, bool *ok, size_t *count)
{
    *count = 0;
    if (!v) {
        if (required) {
            feed_report_at(c, FEED_ERROR, at, "missing");
            *ok = false;
        }
        return NULL;
    }
    if (!feed_json_is(v, cJSON_Array)) {
        feed_report_at(c, FEED_ERROR, at, "expected an array, found %s", feed_type_name(v));
        *ok = false;
        return NULL;
    }
    size_t n = 0;
    for (const cJSON *e = v->child; e; e = e->next)
        n++;
    if (n > max) {
        feed_report_at(c, FEED_ERROR, at, "%zu entries, more than the limit of %zu", n, max);
        *ok = false;
        return NULL;
    }
    *count = n;
    return v;
}
