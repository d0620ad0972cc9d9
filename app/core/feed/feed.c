/* feed.c - the feed module: byte checks, JSON parsing, the native v1 format, and the
 * helpers shared with the frab importer (feed_frab.c).
 *
 * Layout: problem reporting and paths; byte pre-checks (size, UTF-8, depth); value
 * readers (string, TEXT, time, zone); id maps and overlap checks; the native v1
 * parser; the JSON tree's memory; the public entry point feed_parse().
 *
 * Speed (feeds of tens of thousands of sessions): paths are written out only when a
 * problem is reported (lpath); the native parser reads each object's members in one
 * pass (scan_object); ids are checked and resolved through hash tables; sessions are
 * sorted by small keys and moved into place once.
 */
#include "importers.h"
#include "hash.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

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

/* A path written out only when a problem is reported there: a member key or an array
 * index below a parent. The parser passes these down instead of formatting a path for
 * every value it reads. */
typedef struct lpath {
    const struct lpath *up; /* NULL: `key` is the whole path (a formatted parent) */
    const char *key;        /* member name; NULL for the array index below */
    size_t index;
} lpath;

/* Writes p into out (FEED_PATH_MAX bytes, *len used) exactly as feed_path_key() and
 * feed_path_index() would have built it step by step, truncation included. */
static void lpath_append(char *out, size_t *len, const lpath *p)
{
    if (!p->up) {
        path_append(out, len, p->key ? p->key : "");
        return;
    }
    lpath_append(out, len, p->up);
    if (p->key) {
        if (*len)
            path_append(out, len, ".");
        path_append(out, len, p->key);
        return;
    }
    char idx[32], *q = idx + sizeof(idx);
    size_t i = p->index;
    *--q = '\0';
    *--q = ']';
    do
        *--q = (char)('0' + i % 10);
    while ((i /= 10) != 0);
    *--q = '[';
    path_append(out, len, q);
}

/* Adds a problem whose path is given as a string (path) or as an lpath (lp). */
static void report_v(feed_ctx *c, feed_severity sev, const char *path, const lpath *lp,
                     const char *fmt, va_list ap)
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
    if (lp)
        lpath_append(p->path, &plen, lp);
    else
        path_append(p->path, &plen, path ? path : "");
    vsnprintf(p->msg, sizeof(p->msg), fmt, ap);
}

void feed_report_add(feed_ctx *c, feed_severity sev, const char *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(c, sev, path, NULL, fmt, ap);
    va_end(ap);
}

/* feed_report_add() at an lpath. */
static void report_at(feed_ctx *c, feed_severity sev, const lpath *at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void report_at(feed_ctx *c, feed_severity sev, const lpath *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_v(c, sev, NULL, at, fmt, ap);
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

/* Flags (high bit of each byte) the bytes at p[0..8) that are not printable ASCII or
 * are '"'. The flag of the byte at the lowest address is exact; flags above a flagged
 * byte may be spurious (borrows), so only the first one is used. */
static inline uint64_t swar_special(const unsigned char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    uint64_t bad = (x - ones * 0x20) | (q - ones) | (b - ones); /* < 0x20, '"' or '\\' */
    return (bad | x) & high;
}

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_FIRST(m) ((size_t)__builtin_ctzll(m) / 8) /* lowest address = low byte */
#endif

/* Index of the first byte of s[i..n) that is not printable ASCII or is '"' or '\\'
 * (n if none): the bulk of a feed is plain ASCII inside strings, read 8 bytes at a
 * time. */
static inline size_t skip_plain(const unsigned char *s, size_t i, size_t n)
{
    while (i + 8 <= n) {
        uint64_t m = swar_special(s + i);
        if (m) {
#ifdef SWAR_FIRST
            return i + SWAR_FIRST(m);
#else
            break;
#endif
        }
        i += 8;
    }
    while (i < n && (unsigned char)(s[i] - 0x20) < 0x60 && s[i] != '"' && s[i] != '\\')
        i++;
    return i;
}

#ifdef __SSE2__
/* Bits 0..15 of a 16-bit mask counted. */
static inline unsigned bits16(unsigned m)
{
    m = m - ((m >> 1) & 0x5555u);
    m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
    m = (m + (m >> 4)) & 0x0F0Fu;
    return (m + (m >> 8)) & 0x1Fu;
}

/* The byte checks of precheck() for the 16 bytes at p at once, when they are all ASCII
 * without NUL or backslash (escapes are read one by one) and their brackets neither pass the depth limit nor close more than is
 * open (else returns false, changing nothing, and the bytes are read one by one).
 * Quotes toggle *in_str; brackets count only outside strings. */
static inline bool precheck_block(const unsigned char *p, bool *in_str, size_t *depth,
                                  size_t max)
{
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    __m128i nul = _mm_cmpeq_epi8(v, _mm_setzero_si128());
    __m128i esc = _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'));
    if (_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(v, nul), esc))) /* >= 0x80, NUL, '\\' */
        return false;
    __m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20)); /* '[' -> '{', ']' -> '}' */
    unsigned q = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')));
    unsigned open = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(low, _mm_set1_epi8('{')));
    unsigned close = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(low, _mm_set1_epi8('}')));
    /* Bit k of `inside`: byte k is inside a string (quotes up to k toggle the state). */
    unsigned par = q;
    par ^= par << 1;
    par ^= par << 2;
    par ^= par << 4;
    par ^= par << 8;
    unsigned inside = (par ^ (*in_str ? 0xFFFFu : 0u)) & 0xFFFFu;
    open &= ~inside;
    close &= ~inside;
    if (open | close) {
        size_t no = bits16(open), nc = bits16(close);
        if (nc > *depth || *depth + no > max)
            return false;
        *depth = *depth + no - nc;
    }
    *in_str = (*in_str != ((par >> 15) & 1u));
    return true;
}
#endif

/* Checks UTF-8 validity, NUL bytes and nesting depth in one pass. Line and column
 * are worked out only for the report. */
static bool precheck(feed_ctx *c, const unsigned char *s, size_t n)
{
    size_t depth = 0, i = 0, max = c->opt->limits.max_depth;
    bool in_str = false;
    const char *what = NULL;
#ifdef __SSE2__
    size_t retry = 0; /* where to try 16 bytes at once again after a failed try */
#endif
    while (i < n) {
#ifdef __SSE2__
        if (i >= retry && i + 16 <= n) {
            if (precheck_block(s + i, &in_str, &depth, max)) {
                i += 16;
                continue;
            }
            retry = i + 16;
        }
#endif
        unsigned char ch = s[i];
        if (in_str) {
            /* Up to the next '"' or '\\'. An escape's backslash and the byte after it
             * are skipped, so an escaped quote does not end the string (cJSON checks
             * the escapes themselves). */
            i = skip_plain(s, i, n);
            if (i >= n)
                break;
            ch = s[i];
            if (ch == '"') {
                in_str = false;
                i++;
                continue;
            }
            if (ch == '\\') {
                i += 2;
                continue;
            }
            if (ch == 0) {
                what = "NUL byte";
                break;
            }
            if (ch < 0x80) {
                i++;
                continue;
            }
            /* Runs of non-ASCII text (Chinese, Cyrillic...) at once. */
            do {
                size_t k = utf8_seq(s + i, n - i);
                if (k == 0) {
                    what = "invalid UTF-8";
                    goto done;
                }
                i += k;
            } while (i < n && s[i] >= 0x80);
            continue;
        }
        if (ch == '"') {
            in_str = true;
            i++;
            continue;
        }
        if (ch == '{' || ch == '[') {
            if (++depth > max) {
                what = "nesting deeper than";
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
done:
    if (!what)
        return true;
    size_t line, col;
    line_col((const char *)s, i, &line, &col);
    if (depth > max)
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: %s %zu", line, col, what, max);
    else
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: %s", line, col, what);
    return false;
}

/* ---- Value readers -------------------------------------------------------- */

/* Reads the length of JSON string v; reports at `at` one longer than the limit. */
static bool string_fits(feed_ctx *c, const cJSON *v, const lpath *at, size_t *len)
{
    *len = strlen(v->valuestring);
    if (*len > c->opt->limits.max_string_bytes) {
        report_at(c, FEED_ERROR, at, "string of %zu bytes is longer than %zu", *len,
                  c->opt->limits.max_string_bytes);
        return false;
    }
    return true;
}

static const char *copy_string(feed_ctx *c, const cJSON *v, const lpath *at)
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
    lpath at = {NULL, path, 0};
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

/* cJSON_IsString(v) and the like, without a call into the library per value. */
static inline bool json_is(const cJSON *v, int type)
{
    return v && (v->type & 0xFF) == type;
}

/* strcmp(a, b) == 0 for the short strings compared most (keys, tags, ids), inline. */
static inline bool str_eq(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return *a == *b;
}

/* A member's value with JSON null counting as missing (NULL). */
static inline const cJSON *value_of(const cJSON *m)
{
    return json_is(m, cJSON_NULL) ? NULL : m;
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
static bool no_duplicate_key(feed_ctx *c, const cJSON *v, const lpath *at)
{
    const char *dup = duplicate_key(c, v);
    if (dup) {
        report_at(c, FEED_ERROR, at, "duplicate key \"%.40s\"", dup);
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
        if (str_eq(keys[k], s))
            return k;
    }
    return nk;
}

/* Checks that v is an object without duplicate keys (which JSON leaves ambiguous), and
 * reads the members named keys[0..nk) (nk <= 32) in one pass over it: m[k] = the value
 * of the first member named keys[k], NULL when absent or null (as feed_member() finds
 * it). The full duplicate check (which names the key to report) runs only when a key
 * is unknown or seen twice. */
static bool scan_object(feed_ctx *c, const cJSON *v, const lpath *at, const char *const *keys,
                        size_t nk, const cJSON **m)
{
    if (!json_is(v, cJSON_Object)) {
        report_at(c, FEED_ERROR, at, "expected an object, found %s", feed_type_name(v));
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
    return !check || no_duplicate_key(c, v, at);
}

/* Reads string v (NULL: missing) at `at`. Missing: an error if required (returns
 * false), else *out = NULL and true. Wrong type or too long: an error, false. */
static bool read_string(feed_ctx *c, const cJSON *v, const lpath *at, bool required,
                        const char **out)
{
    *out = NULL;
    if (!v) {
        if (required)
            report_at(c, FEED_ERROR, at, "missing");
        return !required;
    }
    if (!json_is(v, cJSON_String)) {
        report_at(c, FEED_ERROR, at, "expected a string, found %s", feed_type_name(v));
        return false;
    }
    *out = copy_string(c, v, at);
    return *out != NULL;
}

/* read_string() of an optional string only looked up, never kept: *out borrows the
 * JSON tree's bytes. */
static bool read_ref(feed_ctx *c, const cJSON *v, const lpath *at, const char **out)
{
    *out = NULL;
    if (!v)
        return true;
    if (!json_is(v, cJSON_String)) {
        report_at(c, FEED_ERROR, at, "expected a string, found %s", feed_type_name(v));
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
    lpath up = {NULL, parent, 0}, at = {&up, key, 0};
    return read_string(c, feed_member(obj, key), &at, required, out);
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

/* The tag of a translation: the event's copy of an equal language tag when there is
 * one (most tags are), else a copy in the arena. NULL on out of memory. */
static const char *intern_tag(feed_ctx *c, const char *tag)
{
    const agenda *a = c->a;
    for (size_t i = 0; i < a->n_languages; i++) {
        const char *l = a->languages[i];
        if (l && str_eq(l, tag))
            return l;
    }
    return agenda_arena_strndup(c->ar, tag, strlen(tag));
}

/* Reads TEXT v (NULL: missing) at `at`; see feed_get_text(). */
static bool read_text(feed_ctx *c, const cJSON *v, const lpath *at, bool required,
                      agenda_text *out)
{
    out->v = NULL;
    out->n = 0;
    if (!v) {
        if (required)
            report_at(c, FEED_ERROR, at, "missing");
        return !required;
    }
    if (json_is(v, cJSON_String)) {
        const char *s = copy_string(c, v, at);
        if (!s)
            return false;
        *out = feed_plain_text(c, s);
        return out->n == 1;
    }
    if (!json_is(v, cJSON_Object)) {
        report_at(c, FEED_ERROR, at, "expected a string or an object of translations, found %s",
                  feed_type_name(v));
        return false;
    }
    size_t n = 0;
    for (const cJSON *e = v->child; e; e = e->next)
        n++;
    if (n == 0) {
        report_at(c, FEED_ERROR, at, "no translations");
        return false;
    }
    if (n > AGENDA_MAX_LANGUAGES * 4) {
        report_at(c, FEED_ERROR, at, "%zu translations, more than %u", n,
                  AGENDA_MAX_LANGUAGES * 4);
        return false;
    }
    if (!no_duplicate_key(c, v, at))
        return false;
    agenda_tr *tr = agenda_arena_alloc(c->ar, n * sizeof(*tr));
    if (!tr) {
        feed_oom(c);
        return false;
    }
    bool ok = true;
    size_t k = 0;
    for (const cJSON *e = v->child; e; e = e->next) {
        lpath ep = {at, e->string, 0};
        if (!tag_ok(e->string)) {
            report_at(c, FEED_ERROR, &ep, "not a language tag");
            ok = false;
            continue;
        }
        if (!json_is(e, cJSON_String)) {
            report_at(c, FEED_ERROR, &ep, "expected a string, found %s", feed_type_name(e));
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
        bool found = i < k && (tr[i].tag == lang || str_eq(tr[i].tag, lang));
        for (size_t j = 0; j < k && !found; j++)
            found = str_eq(tr[j].tag, lang);
        if (!found)
            report_at(c, FEED_WARNING, at, "no \"%s\" translation", lang);
    }
    return true;
}

bool feed_get_text(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, agenda_text *out)
{
    lpath up = {NULL, parent, 0}, at = {&up, key, 0};
    return read_text(c, feed_member(obj, key), &at, required, out);
}

/* Reads time v (NULL: missing) at `at`; see feed_get_time(). */
static bool read_time(feed_ctx *c, const cJSON *v, const lpath *at, bool required, int64_t *out,
                      bool *present)
{
    if (present)
        *present = v != NULL;
    if (!v) {
        if (required)
            report_at(c, FEED_ERROR, at, "missing");
        return !required;
    }
    if (!json_is(v, cJSON_String)) {
        report_at(c, FEED_ERROR, at, "expected an RFC 3339 time string, found %s",
                  feed_type_name(v));
        return false;
    }
    if (!civil_parse_rfc3339(v->valuestring, out, NULL)) {
        report_at(c, FEED_ERROR, at,
                  "\"%.40s\" is not an RFC 3339 time with an offset (e.g. 2020-12-09T17:00:00+08:00)",
                  v->valuestring);
        return false;
    }
    return true;
}

bool feed_get_time(feed_ctx *c, const cJSON *obj, const char *key, const char *parent,
                   bool required, int64_t *out, bool *present)
{
    lpath up = {NULL, parent, 0}, at = {&up, key, 0};
    return read_time(c, feed_member(obj, key), &at, required, out, present);
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

/* Smallest power of two >= 2n (at least 16): tables stay at most half full. */
static size_t table_size(size_t n)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    return cap;
}

/* 1 if two of the non-NULL ids are equal, 0 if none are, -1 on out of memory. */
static int ids_repeat(const char *const *ids, size_t n)
{
    size_t cap = table_size(n), mask = cap - 1;
    const char **t = calloc(cap, sizeof(*t));
    if (!t)
        return -1;
    int found = 0;
    for (size_t i = 0; i < n && !found; i++) {
        if (!ids[i])
            continue;
        size_t h = (size_t)hash_str(ids[i]) & mask;
        while (t[h] && !found) {
            found = strcmp(t[h], ids[i]) == 0;
            h = (h + 1) & mask;
        }
        if (!found)
            t[h] = ids[i];
    }
    free(t);
    return found;
}

bool feed_check_unique_ids(feed_ctx *c, const char *const *ids, size_t n, const char *list)
{
    if (n < 2)
        return true;
    /* Ids nearly always differ: a hash set says so quickly; the sort below names the
     * duplicates, in the order of the report. */
    if (ids_repeat(ids, n) == 0)
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
    m->mask = 0;
    if (n == 0)
        return true;
    size_t cap = table_size(n);
    m->ids = calloc(cap, sizeof(*m->ids));
    m->idx = malloc(cap * sizeof(*m->idx));
    if (!m->ids || !m->idx) {
        feed_idmap_free(m);
        feed_oom(c);
        return false;
    }
    m->mask = cap - 1;
    for (size_t i = 0; i < n; i++) {
        if (!ids[i])
            continue;
        size_t h = (size_t)hash_str(ids[i]) & m->mask;
        while (m->ids[h] && strcmp(m->ids[h], ids[i]) != 0)
            h = (h + 1) & m->mask;
        if (!m->ids[h]) { /* the first of equal ids wins */
            m->ids[h] = ids[i];
            m->idx[h] = (int32_t)i;
        }
    }
    return true;
}

int32_t feed_idmap_find(const feed_idmap *m, const char *id)
{
    if (!m->ids)
        return -1;
    for (size_t h = (size_t)hash_str(id) & m->mask; m->ids[h]; h = (h + 1) & m->mask)
        if (str_eq(m->ids[h], id))
            return m->idx[h];
    return -1;
}

void feed_idmap_free(feed_idmap *m)
{
    free(m->ids);
    free(m->idx);
    m->ids = NULL;
    m->idx = NULL;
    m->mask = 0;
}

void feed_warn_overlaps(feed_ctx *c, const agenda_session *s, const size_t *order, size_t n,
                        size_t n_halls, feed_path_fn path_of, void *ctx)
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
            char p[FEED_PATH_MAX], q[FEED_PATH_MAX];
            path_of(ctx, order[i], p);
            path_of(ctx, order[*l], q);
            feed_report_add(c, FEED_WARNING, p, "overlaps %s (\"%.40s\") in the same hall", q,
                            s[*l].id);
        }
        if (*l == SIZE_MAX || s[i].end > s[*l].end)
            *l = i;
    }
    free(last);
}

/* The path "LIST[i]" of a session in a plain list. */
static void list_path(void *ctx, size_t i, char out[FEED_PATH_MAX])
{
    feed_path_index(out, ctx, i);
}

/* Sorting sessions while remembering where each came from in the document: only the
 * sort keys move, the sessions are placed once at the end. */
typedef struct {
    int64_t start, end;
    const char *id;
    size_t doc;
} session_key;

/* agenda_session_cmp() on the keys, then document order (which keeps equal sessions,
 * if any, where a stable sort would). */
static inline bool key_before(const session_key *a, const session_key *b)
{
    if (a->start != b->start)
        return a->start < b->start;
    if (a->end != b->end)
        return a->end < b->end;
    int r = strcmp(a->id, b->id);
    return r ? r < 0 : a->doc < b->doc;
}

/* Sorts k[0..n) with tmp[0..n) as scratch: bottom-up merge sort whose merges are
 * skipped for runs already in order (feeds are mostly sorted by time). */
static void sort_keys(session_key *k, session_key *tmp, size_t n)
{
    const size_t small = 8;
    for (size_t lo = 0; lo < n; lo += small) { /* insertion sort of short runs */
        size_t hi = lo + small < n ? lo + small : n;
        for (size_t i = lo + 1; i < hi; i++) {
            session_key x = k[i];
            size_t j = i;
            for (; j > lo && key_before(&x, &k[j - 1]); j--)
                k[j] = k[j - 1];
            k[j] = x;
        }
    }
    session_key *src = k, *dst = tmp;
    for (size_t w = small; w < n; w *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * w) {
            size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            if (mid == hi || !key_before(&src[mid], &src[mid - 1])) {
                memcpy(dst + lo, src + lo, (hi - lo) * sizeof(*src));
                continue;
            }
            size_t i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                dst[o++] = key_before(&src[j], &src[i]) ? src[j++] : src[i++];
            memcpy(dst + o, src + i, (mid - i) * sizeof(*src));
            o += mid - i;
            memcpy(dst + o, src + j, (hi - j) * sizeof(*src));
        }
        session_key *t = src;
        src = dst;
        dst = t;
    }
    if (src != k)
        memcpy(k, src, n * sizeof(*k));
}

bool feed_finish_sessions(feed_ctx *c, agenda_session *sessions, size_t n, const char *list)
{
    return feed_finish_sessions_at(c, sessions, n, list_path, (void *)list);
}

bool feed_finish_sessions_at(feed_ctx *c, agenda_session *sessions, size_t n,
                             feed_path_fn path_of, void *ctx)
{
    size_t m = n ? n : 1;
    session_key *k = malloc(2 * m * sizeof(*k));
    size_t *order = malloc(m * sizeof(*order));
    if (!k || !order) {
        free(k);
        free(order);
        feed_oom(c);
        return false;
    }
    for (size_t i = 0; i < n; i++)
        k[i] = (session_key){sessions[i].start, sessions[i].end, sessions[i].id, i};
    sort_keys(k, k + m, n);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].doc;
    /* Moves each session to its sorted place in place, one cycle of the permutation at
     * a time; k[j].doc = SIZE_MAX marks place j done. */
    for (size_t i = 0; i < n; i++) {
        if (k[i].doc == SIZE_MAX)
            continue;
        agenda_session first = sessions[i];
        size_t j = i;
        while (k[j].doc != i) {
            size_t from = k[j].doc;
            sessions[j] = sessions[from];
            k[j].doc = SIZE_MAX;
            j = from;
        }
        sessions[j] = first;
        k[j].doc = SIZE_MAX;
    }
    free(k);
    agenda_index(c->a, sessions, n);
    feed_warn_overlaps(c, sessions, order, n, c->a->n_halls, path_of, ctx);
    free(order);
    return true;
}

/* ---- The native v1 format ------------------------------------------------- */

/* Reads array v (NULL: missing) at `at` with at most `max` entries (*count of them).
 * Reports a wrong type or size and clears *ok; NULL then and when missing. */
static const cJSON *read_array(feed_ctx *c, const cJSON *v, const lpath *at, bool required,
                               size_t max, bool *ok, size_t *count)
{
    *count = 0;
    if (!v) {
        if (required) {
            report_at(c, FEED_ERROR, at, "missing");
            *ok = false;
        }
        return NULL;
    }
    if (!json_is(v, cJSON_Array)) {
        report_at(c, FEED_ERROR, at, "expected an array, found %s", feed_type_name(v));
        *ok = false;
        return NULL;
    }
    size_t n = 0;
    for (const cJSON *e = v->child; e; e = e->next)
        n++;
    if (n > max) {
        report_at(c, FEED_ERROR, at, "%zu entries, more than the limit of %zu", n, max);
        *ok = false;
        return NULL;
    }
    *count = n;
    return v;
}

/* Reads the id v (required) of the object at `obj`. */
static bool read_id(feed_ctx *c, const cJSON *v, const lpath *obj, const char **out)
{
    lpath at = {obj, "id", 0};
    if (!read_string(c, v, &at, true, out))
        return false;
    size_t n = strlen(*out);
    if (n == 0 || n > AGENDA_MAX_ID_BYTES) {
        report_at(c, FEED_ERROR, &at, "an id must be 1 to %u bytes", AGENDA_MAX_ID_BYTES);
        *out = NULL;
        return false;
    }
    return true;
}

/* The members each kind of object is read for, and their slots. */
static const char *const person_keys[] = {"name", "role", "affiliation"};
enum { PK_NAME, PK_ROLE, PK_AFFILIATION, PK_N };

static const char *const session_keys[] = {
    "id", "start", "end", "hall", "track", "kind",
    "status", "title", "subtitle", "description", "speakers", "chair",
};
enum {
    SK_ID, SK_START, SK_END, SK_HALL, SK_TRACK, SK_KIND, SK_STATUS, SK_TITLE, SK_SUBTITLE,
    SK_DESCRIPTION, SK_SPEAKERS, SK_CHAIR, SK_N
};

static const char *const event_keys[] = {"languages", "title", "subtitle", "zones"};
enum { EK_LANGUAGES, EK_TITLE, EK_SUBTITLE, EK_ZONES, EK_N };

static const char *const zone_keys[] = {"zone", "label"};
enum { ZK_ZONE, ZK_LABEL, ZK_N };

static const char *const hall_keys[] = {"id", "name"};
enum { HK_ID, HK_NAME, HK_N };

static const char *const track_keys[] = {"id", "name", "organizer", "color"};
enum { TK_ID, TK_NAME, TK_ORGANIZER, TK_COLOR, TK_N };

static const char *const card_keys[] = {"id", "title", "body", "from", "until"};
enum { CK_ID, CK_TITLE, CK_BODY, CK_FROM, CK_UNTIL, CK_N };

static const char *const root_keys[] = {"hallboard", "revision", "event", "halls",
                                        "tracks",    "cards",    "sessions"};
enum { RK_HALLBOARD, RK_REVISION, RK_EVENT, RK_HALLS, RK_TRACKS, RK_CARDS, RK_SESSIONS, RK_N };

#define N_KEYS(k) (sizeof(k) / sizeof((k)[0]))
_Static_assert(N_KEYS(person_keys) == PK_N && N_KEYS(session_keys) == SK_N &&
                   N_KEYS(event_keys) == EK_N && N_KEYS(zone_keys) == ZK_N &&
                   N_KEYS(hall_keys) == HK_N && N_KEYS(track_keys) == TK_N &&
                   N_KEYS(card_keys) == CK_N && N_KEYS(root_keys) == RK_N && SK_N <= 32,
               "one slot per key, at most 32 keys (scan_object)");

/* Reads the people array v (speakers or chair, NULL: missing) at `at`. */
static bool parse_people(feed_ctx *c, const cJSON *v, const lpath *at, const agenda_person **out,
                         size_t *n_out)
{
    bool ok = true;
    size_t n;
    const cJSON *arr = read_array(c, v, at, false, AGENDA_MAX_PEOPLE, &ok, &n);
    *out = NULL;
    *n_out = 0;
    if (!arr)
        return ok;
    agenda_person *p = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*p));
    if (!p) {
        feed_oom(c);
        return false;
    }
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath ep = {at, NULL, i};
        const cJSON *m[PK_N];
        if (!scan_object(c, e, &ep, person_keys, PK_N, m)) {
            ok = false;
            continue;
        }
        lpath name = {&ep, "name", 0}, role = {&ep, "role", 0}, aff = {&ep, "affiliation", 0};
        ok &= read_text(c, m[PK_NAME], &name, true, &p[i].name);
        ok &= read_text(c, m[PK_ROLE], &role, false, &p[i].role);
        ok &= read_text(c, m[PK_AFFILIATION], &aff, false, &p[i].affiliation);
    }
    *out = p;
    *n_out = n;
    return ok;
}

static bool parse_session(feed_ctx *c, const cJSON *e, const lpath *path, const feed_idmap *halls,
                          const feed_idmap *tracks, agenda_session *s)
{
    const cJSON *m[SK_N];
    if (!scan_object(c, e, path, session_keys, SK_N, m))
        return false;
    lpath at[SK_N];
    for (size_t k = 0; k < SK_N; k++)
        at[k] = (lpath){path, session_keys[k], 0};
    bool ok = read_id(c, m[SK_ID], path, &s->id);
    bool have_start = read_time(c, m[SK_START], &at[SK_START], true, &s->start, NULL);
    bool have_end = read_time(c, m[SK_END], &at[SK_END], true, &s->end, NULL);
    ok &= have_start && have_end;
    if (have_start && have_end) {
        if (s->end <= s->start) {
            report_at(c, FEED_ERROR, &at[SK_END],
                      s->end == s->start ? "equal to start" : "before start");
            ok = false;
        } else if (s->end - s->start > FEED_MAX_SESSION_SECONDS) {
            report_at(c, FEED_ERROR, &at[SK_END], "more than 7 days after start");
            ok = false;
        }
    }
    /* A bad hall or track is reported but still lets the sessions be sorted (and their
     * overlaps reported). */
    const char *ref;
    s->hall = -1;
    s->track = -1;
    if (read_ref(c, m[SK_HALL], &at[SK_HALL], &ref) && ref) {
        s->hall = feed_idmap_find(halls, ref);
        if (s->hall < 0)
            report_at(c, FEED_WARNING, &at[SK_HALL], "unknown hall \"%.64s\"", ref);
    }
    if (read_ref(c, m[SK_TRACK], &at[SK_TRACK], &ref) && ref) {
        s->track = feed_idmap_find(tracks, ref);
        if (s->track < 0)
            report_at(c, FEED_WARNING, &at[SK_TRACK], "unknown track \"%.64s\"", ref);
    }
    s->kind = AGENDA_KIND_TALK;
    if (!read_ref(c, m[SK_KIND], &at[SK_KIND], &ref))
        ok = false;
    else if (ref && !agenda_kind_parse(ref, &s->kind)) {
        report_at(c, FEED_ERROR, &at[SK_KIND],
                  "unknown kind \"%.32s\" (talk, keynote, panel, break, ceremony, other)", ref);
        ok = false;
    }
    s->status = AGENDA_STATUS_SCHEDULED;
    if (!read_ref(c, m[SK_STATUS], &at[SK_STATUS], &ref))
        ok = false;
    else if (ref && !agenda_status_parse(ref, &s->status)) {
        report_at(c, FEED_ERROR, &at[SK_STATUS], "unknown status \"%.32s\" (scheduled, cancelled)",
                  ref);
        ok = false;
    }
    ok &= read_text(c, m[SK_TITLE], &at[SK_TITLE], true, &s->title);
    ok &= read_text(c, m[SK_SUBTITLE], &at[SK_SUBTITLE], false, &s->subtitle);
    ok &= read_text(c, m[SK_DESCRIPTION], &at[SK_DESCRIPTION], false, &s->description);
    ok &= parse_people(c, m[SK_SPEAKERS], &at[SK_SPEAKERS], &s->speakers, &s->n_speakers);
    ok &= parse_people(c, m[SK_CHAIR], &at[SK_CHAIR], &s->chair, &s->n_chair);
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

static bool parse_event(feed_ctx *c, const cJSON *ev)
{
    agenda *a = c->a;
    lpath path = {NULL, "event", 0};
    if (!ev) {
        report_at(c, FEED_ERROR, &path, "missing");
        return false;
    }
    const cJSON *m[EK_N];
    if (!scan_object(c, ev, &path, event_keys, EK_N, m))
        return false;
    bool ok = true;
    /* Languages first: TEXT values are checked against them. */
    lpath lp = {&path, "languages", 0};
    size_t n;
    const cJSON *langs = read_array(c, m[EK_LANGUAGES], &lp, true, AGENDA_MAX_LANGUAGES, &ok, &n);
    if (langs) {
        size_t i = 0;
        const char **l = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*l));
        if (!l) {
            feed_oom(c);
            return false;
        }
        for (const cJSON *e = langs->child; e; e = e->next, i++) {
            lpath p = {&lp, NULL, i};
            if (!json_is(e, cJSON_String) || !tag_ok(e->valuestring)) {
                report_at(c, FEED_ERROR, &p,
                          "expected a language tag such as \"en\" or \"zh-Hans\"");
                ok = false;
            } else {
                l[i] = copy_string(c, e, &p);
            }
        }
        if (n == 0) {
            report_at(c, FEED_ERROR, &lp, "at least one language is needed");
            ok = false;
        }
        if (ok) {
            a->languages = l;
            a->n_languages = n;
        }
    }
    lpath title = {&path, "title", 0}, subtitle = {&path, "subtitle", 0};
    ok &= read_text(c, m[EK_TITLE], &title, true, &a->title);
    agenda_text sub;
    ok &= read_text(c, m[EK_SUBTITLE], &subtitle, false, &sub);

    lpath zp = {&path, "zones", 0};
    const cJSON *zones = read_array(c, m[EK_ZONES], &zp, true, AGENDA_MAX_ZONES, &ok, &n);
    if (zones) {
        size_t i = 0;
        const char *names[AGENDA_MAX_ZONES];
        agenda_text labels[AGENDA_MAX_ZONES];
        bool zok = true;
        for (const cJSON *e = zones->child; e; e = e->next, i++) {
            lpath p = {&zp, NULL, i};
            const cJSON *zm[ZK_N];
            names[i] = NULL;
            labels[i] = (agenda_text){NULL, 0};
            if (!scan_object(c, e, &p, zone_keys, ZK_N, zm)) {
                zok = false;
            } else {
                lpath zone = {&p, "zone", 0}, label = {&p, "label", 0};
                zok &= read_string(c, zm[ZK_ZONE], &zone, true, &names[i]);
                zok &= read_text(c, zm[ZK_LABEL], &label, false, &labels[i]);
            }
        }
        if (zok)
            ok &= feed_set_zones(c, names, labels, n, "event.zones");
        else
            ok = false;
    }
    return ok;
}

/* Parses the halls array v: {id, name} entries, and maps their ids. */
static bool parse_halls(feed_ctx *c, const cJSON *v, feed_idmap *map)
{
    bool ok = true;
    lpath path = {NULL, "halls", 0};
    size_t n;
    const cJSON *arr = read_array(c, v, &path, true, AGENDA_MAX_HALLS, &ok, &n);
    if (!arr)
        return ok && feed_idmap_build(c, map, NULL, 0);
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
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath p = {&path, NULL, i};
        const cJSON *m[HK_N];
        if (scan_object(c, e, &p, hall_keys, HK_N, m)) {
            lpath name = {&p, "name", 0};
            ok &= read_id(c, m[HK_ID], &p, &h[i].id);
            ok &= read_text(c, m[HK_NAME], &name, true, &h[i].name);
            ids[i] = h[i].id;
        } else {
            ok = false;
        }
    }
    ok &= feed_check_unique_ids(c, ids, n, "halls");
    ok &= feed_idmap_build(c, map, ids, n);
    free(ids);
    c->a->halls = h;
    c->a->n_halls = n;
    return ok;
}

static bool parse_tracks(feed_ctx *c, const cJSON *v, feed_idmap *map)
{
    bool ok = true;
    lpath path = {NULL, "tracks", 0};
    size_t n;
    const cJSON *arr = read_array(c, v, &path, false, AGENDA_MAX_TRACKS, &ok, &n);
    if (!arr)
        return ok && feed_idmap_build(c, map, NULL, 0);
    agenda_track *t = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*t));
    const char **ids = calloc(n ? n : 1, sizeof(*ids));
    if (!t || !ids) {
        free(ids);
        feed_oom(c);
        return false;
    }
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath p = {&path, NULL, i};
        const cJSON *m[TK_N];
        if (scan_object(c, e, &p, track_keys, TK_N, m)) {
            lpath name = {&p, "name", 0}, org = {&p, "organizer", 0}, color = {&p, "color", 0};
            ok &= read_id(c, m[TK_ID], &p, &t[i].id);
            ok &= read_text(c, m[TK_NAME], &name, true, &t[i].name);
            ok &= read_text(c, m[TK_ORGANIZER], &org, false, &t[i].organizer);
            const char *col;
            if (!read_string(c, m[TK_COLOR], &color, false, &col)) {
                ok = false;
            } else if (col) {
                if (parse_color(col, &t[i].color)) {
                    t[i].has_color = true;
                } else {
                    report_at(c, FEED_ERROR, &color, "expected a colour as \"#rrggbb\"");
                    ok = false;
                }
            }
            ids[i] = t[i].id;
        } else {
            ok = false;
        }
    }
    ok &= feed_check_unique_ids(c, ids, n, "tracks");
    ok &= feed_idmap_build(c, map, ids, n);
    free(ids);
    c->a->tracks = t;
    c->a->n_tracks = n;
    return ok;
}

static bool parse_cards(feed_ctx *c, const cJSON *v)
{
    bool ok = true;
    lpath path = {NULL, "cards", 0};
    size_t n;
    const cJSON *arr = read_array(c, v, &path, false, AGENDA_MAX_CARDS, &ok, &n);
    if (!arr)
        return ok;
    agenda_card *k = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*k));
    const char **ids = calloc(n ? n : 1, sizeof(*ids));
    if (!k || !ids) {
        free(ids);
        feed_oom(c);
        return false;
    }
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath p = {&path, NULL, i};
        const cJSON *m[CK_N];
        if (scan_object(c, e, &p, card_keys, CK_N, m)) {
            lpath title = {&p, "title", 0}, body = {&p, "body", 0}, from = {&p, "from", 0},
                  until = {&p, "until", 0};
            ok &= read_id(c, m[CK_ID], &p, &k[i].id);
            ok &= read_text(c, m[CK_TITLE], &title, true, &k[i].title);
            ok &= read_text(c, m[CK_BODY], &body, true, &k[i].body);
            bool has_from, has_until;
            k[i].from = INT64_MIN;
            k[i].until = INT64_MAX;
            ok &= read_time(c, m[CK_FROM], &from, false, &k[i].from, &has_from);
            ok &= read_time(c, m[CK_UNTIL], &until, false, &k[i].until, &has_until);
            if (has_from && has_until && k[i].until <= k[i].from)
                report_at(c, FEED_WARNING, &until, "not after \"from\": the card is never shown");
            ids[i] = k[i].id;
        } else {
            ok = false;
        }
    }
    ok &= feed_check_unique_ids(c, ids, n, "cards");
    free(ids);
    c->a->cards = k;
    c->a->n_cards = n;
    return ok;
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

static bool parse_sessions(feed_ctx *c, const cJSON *v, const feed_idmap *halls,
                           const feed_idmap *tracks)
{
    bool ok = true;
    lpath path = {NULL, "sessions", 0};
    size_t n;
    const cJSON *arr = read_array(c, v, &path, true, c->opt->limits.max_sessions, &ok, &n);
    if (!arr)
        return ok;
    agenda_session *s = agenda_arena_alloc(c->ar, (n ? n : 1) * sizeof(*s));
    const char **ids = calloc(n ? n : 1, sizeof(*ids));
    if (!s || !ids) {
        free(ids);
        feed_oom(c);
        return false;
    }
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        lpath p = {&path, NULL, i};
        prefetch_next(e);
        ok &= parse_session(c, e, &p, halls, tracks, &s[i]);
        ids[i] = s[i].id;
    }
    ok &= feed_check_unique_ids(c, ids, n, "sessions");
    free(ids);
    if (ok)
        ok = feed_finish_sessions(c, s, n, "sessions");
    return ok;
}

bool feed_sniff_native(const cJSON *root)
{
    return cJSON_GetObjectItemCaseSensitive(root, "hallboard") != NULL;
}

void feed_import_native(feed_ctx *c, const cJSON *root)
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
    lpath path = {NULL, "", 0};
    const cJSON *m[RK_N];
    if (!scan_object(c, root, &path, root_keys, RK_N, m))
        return;
    a->version = 1;
    a->format = "hallboard";
    lpath rev = {&path, "revision", 0};
    read_string(c, m[RK_REVISION], &rev, true, &a->revision);
    parse_event(c, m[RK_EVENT]);
    feed_idmap halls = {0}, tracks = {0};
    bool ok = parse_halls(c, m[RK_HALLS], &halls);
    ok &= parse_tracks(c, m[RK_TRACKS], &tracks);
    parse_cards(c, m[RK_CARDS]);
    /* Sessions are checked even when halls or tracks failed, to report everything. */
    (void)ok;
    parse_sessions(c, m[RK_SESSIONS], &halls, &tracks);
    feed_idmap_free(&halls);
    feed_idmap_free(&tracks);
}

/* ---- JSON memory ---------------------------------------------------------- */

/* While a thread parses a feed, cJSON allocates from that thread's JSON arena, and the
 * whole tree is dropped at once afterwards: no per-node malloc/free. Other cJSON
 * users (and threads) keep plain malloc/free. The arena hands out room from a chain of
 * malloc'd blocks by moving a pointer; it is not zeroed, as cJSON initialises all it
 * allocates (nodes are cleared by cJSON_New_Item, strings written in full). */
#define JSON_BLOCK (1024u * 1024u)
#define JSON_ALIGN ((size_t)_Alignof(cJSON)) /* all cJSON allocates: nodes, strings */

struct json_block {
    struct json_block *next;
    _Alignas(16) unsigned char data[];
};

typedef struct {
    bool on;                   /* this thread is parsing a feed */
    struct json_block *blocks; /* newest first */
    unsigned char *next, *end; /* free room in the newest block */
} json_mem;

static _Thread_local json_mem json_arena;
static _Atomic bool json_hooks;

/* n bytes from a new block (the slow path of json_alloc). A large one-off block goes
 * behind the newest so that the newest keeps its free room. */
__attribute__((noinline)) static void *json_grow(json_mem *m, size_t n)
{
    if (n > SIZE_MAX - JSON_ALIGN)
        return NULL;
    n = n ? (n + JSON_ALIGN - 1) & ~(JSON_ALIGN - 1) : JSON_ALIGN;
    size_t cap = n > JSON_BLOCK ? n : JSON_BLOCK;
    if (cap > SIZE_MAX - sizeof(struct json_block))
        return NULL;
    struct json_block *b = malloc(sizeof(*b) + cap);
    if (!b)
        return NULL;
    if (m->blocks && cap > JSON_BLOCK) {
        b->next = m->blocks->next;
        m->blocks->next = b;
        return b->data;
    }
    b->next = m->blocks;
    m->blocks = b;
    m->next = b->data + n;
    m->end = b->data + cap;
    return b->data;
}

static void *json_alloc(size_t n)
{
    json_mem *m = &json_arena;
    if (!m->on)
        return malloc(n);
    size_t r = (n + JSON_ALIGN - 1) & ~(JSON_ALIGN - 1); /* 0 when n is 0 or too large */
    if (r - 1 < (size_t)((uintptr_t)m->end - (uintptr_t)m->next)) {
        void *p = m->next;
        m->next += r;
        return p;
    }
    return json_grow(m, n);
}

static void json_free(void *p)
{
    if (!json_arena.on)
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
    json_mem *m = &json_arena;
    if (m->on) {
        for (struct json_block *b = m->blocks, *n; b; b = n) {
            n = b->next;
            free(b);
        }
        *m = (json_mem){false, NULL, NULL, NULL};
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

/* Every format, in the order they are tried. */
static const feed_importer importers[] = {
    {"hallboard", feed_sniff_native, feed_import_native, NULL, NULL},
    {"frab", feed_sniff_frab_json, feed_import_frab_json, NULL, NULL},
    {"sessionize", feed_sniff_sessionize, feed_import_sessionize, NULL, NULL},
    {"indico", feed_sniff_indico, feed_import_indico, NULL, NULL},
    {"frab-xml", NULL, NULL, feed_sniff_frab_xml, feed_import_frab_xml},
    {"ical", NULL, NULL, feed_sniff_ical, feed_import_ical},
    {"csv", NULL, NULL, feed_sniff_csv, feed_import_csv},
};
#define N_IMPORTERS (sizeof(importers) / sizeof(importers[0]))

/* Parses JSON bytes and hands the tree to the JSON format that claims it. */
static void parse_json(feed_ctx *c, const char *bytes, size_t len)
{
    if (!precheck(c, (const unsigned char *)bytes, len))
        return;
    const char *end = NULL;
    if (json_hooks)
        json_arena.on = true;
    cJSON *root = cJSON_ParseWithLengthOpts(bytes, len, &end, false);
    if (!root) {
        size_t off = end && end >= bytes && end <= bytes + len ? (size_t)(end - bytes) : len, l, col;
        line_col(bytes, off, &l, &col);
        feed_report_add(c, FEED_ERROR, "", off >= len ? "line %zu, column %zu: not JSON (unexpected end)"
                                                      : "line %zu, column %zu: not JSON",
                        l, col);
        json_tree_free(NULL);
        return;
    }
    size_t off = (size_t)(end - bytes);
    while (off < len && (bytes[off] == ' ' || bytes[off] == '\t' || bytes[off] == '\n' ||
                         bytes[off] == '\r'))
        off++;
    if (off < len) {
        size_t l, col;
        line_col(bytes, off, &l, &col);
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: data after the JSON document", l,
                        col);
        json_tree_free(root);
        return;
    }
    if (!cJSON_IsObject(root) && !cJSON_IsArray(root)) {
        feed_report_add(c, FEED_ERROR, "", "expected a JSON object, found %s", feed_type_name(root));
        json_tree_free(root);
        return;
    }
    size_t i = 0;
    while (i < N_IMPORTERS && !(importers[i].sniff_json && importers[i].sniff_json(root)))
        i++;
    if (i < N_IMPORTERS) {
        c->a->format = importers[i].format;
        importers[i].import_json(c, root);
    } else if (cJSON_IsArray(root)) {
        feed_report_add(c, FEED_ERROR, "", "expected a JSON object, found %s", feed_type_name(root));
    } else {
        feed_report_add(c, FEED_ERROR, "",
                        "not a feed: expected a \"hallboard\" version member (or a frab/pretalx "
                        "\"schedule\" object)");
    }
    json_tree_free(root);
}

agenda *feed_parse(const char *bytes, size_t len, const feed_options *opt, feed_report *report)
{
    memset(report, 0, sizeof(*report));
    feed_ctx c = {opt, report, NULL, NULL, false, bytes, len};
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
    c.bytes = bytes;
    c.len = len;
    c.ar = agenda_arena_new();
    c.a = c.ar ? agenda_arena_alloc(c.ar, sizeof(agenda)) : NULL;
    if (!c.a) {
        agenda_arena_free(c.ar);
        feed_oom(&c);
        return NULL;
    }
    c.a->arena = c.ar;
    c.a->version = 1;
    size_t lead = 0;
    while (lead < len && (bytes[lead] == ' ' || bytes[lead] == '\t' || bytes[lead] == '\n' ||
                          bytes[lead] == '\r'))
        lead++;
    if (lead < len && (bytes[lead] == '{' || bytes[lead] == '[')) {
        parse_json(&c, bytes, len);
    } else if (!utf8_valid(bytes, len, &lead)) {
        size_t l, col;
        line_col(bytes, lead, &l, &col);
        feed_report_add(&c, FEED_ERROR, "", "line %zu, column %zu: invalid UTF-8", l, col);
    } else {
        size_t i = 0;
        while (i < N_IMPORTERS && !(importers[i].sniff && importers[i].sniff(bytes, len)))
            i++;
        if (i < N_IMPORTERS) {
            c.a->format = importers[i].format;
            importers[i].import(&c, bytes, len);
        } else {
            feed_report_add(&c, FEED_ERROR, "",
                            "not a feed: expected a Hallboard or frab/pretalx JSON feed, a "
                            "schedule.xml, an iCalendar file, a Sessionize or Indico export, "
                            "or a CSV table with a header row");
        }
    }
    if (report->n_errors || c.oom) {
        agenda_free(c.a);
        return NULL;
    }
    c.a->n_warnings = report->n_warnings;
    return c.a;
}
