/* json.c - the bytes of a JSON feed and the memory of its tree.
 *
 * Layout: byte pre-checks (UTF-8, NUL bytes and nesting depth in one pass, 8 or 16
 * bytes at a time where the bulk of a feed is plain ASCII); the JSON tree's memory (a
 * per-thread arena behind cJSON's hooks); parsing, with line and column for the report.
 */
#include "internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- Byte pre-checks ------------------------------------------------------ */

void feed_line_col(const char *s, size_t off, size_t *line, size_t *col)
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

/* Where precheck() is: the next byte, whether it is inside a string, the nesting
 * depth, and the problem found (NULL while there is none). */
typedef struct {
    size_t i, depth, max;
    bool in_str;
    const char *what;
} scan_state;

/* Inside a string: up to the next '"' or '\\'. An escape's backslash and the byte
 * after it are skipped, so an escaped quote does not end the string (cJSON checks the
 * escapes themselves); a run of non-ASCII text (Chinese, Cyrillic...) is checked at
 * once. */
static inline void scan_string(scan_state *st, const unsigned char *s, size_t n)
{
    size_t i = skip_plain(s, st->i, n);
    if (i >= n) {
        st->i = i;
        return;
    }
    unsigned char ch = s[i];
    if (ch == '"') {
        st->in_str = false;
        st->i = i + 1;
    } else if (ch == '\\') {
        st->i = i + 2;
    } else if (ch == 0) {
        st->what = "NUL byte";
        st->i = i;
    } else if (ch < 0x80) {
        st->i = i + 1;
    } else {
        do {
            size_t k = utf8_seq(s + i, n - i);
            if (k == 0) {
                st->what = "invalid UTF-8";
                break;
            }
            i += k;
        } while (i < n && s[i] >= 0x80);
        st->i = i;
    }
}

/* Outside strings: one byte (or one UTF-8 character), counting brackets. */
static inline void scan_other(scan_state *st, const unsigned char *s, size_t n)
{
    unsigned char ch = s[st->i];
    if (ch == '"') {
        st->in_str = true;
        st->i++;
        return;
    }
    if (ch == '{' || ch == '[') {
        if (++st->depth > st->max) {
            st->what = "nesting deeper than";
            return;
        }
    } else if ((ch == '}' || ch == ']') && st->depth) {
        st->depth--;
    }
    if (ch == 0) {
        st->what = "NUL byte";
    } else if (ch < 0x80) {
        st->i++;
    } else {
        size_t k = utf8_seq(s + st->i, n - st->i);
        if (k == 0)
            st->what = "invalid UTF-8";
        else
            st->i += k;
    }
}

/* Checks UTF-8 validity, NUL bytes and nesting depth in one pass. Line and column
 * are worked out only for the report. */
static bool precheck(feed_ctx *c, const unsigned char *s, size_t n)
{
    scan_state st = {0, 0, c->opt->limits.max_depth, false, NULL};
#ifdef __SSE2__
    size_t retry = 0; /* where to try 16 bytes at once again after a failed try */
#endif
    while (st.i < n && !st.what) {
#ifdef __SSE2__
        if (st.i >= retry && st.i + 16 <= n) {
            if (precheck_block(s + st.i, &st.in_str, &st.depth, st.max)) {
                st.i += 16;
                continue;
            }
            retry = st.i + 16;
        }
#endif
        if (st.in_str)
            scan_string(&st, s, n);
        else
            scan_other(&st, s, n);
    }
    if (!st.what)
        return true;
    size_t line, col;
    feed_line_col((const char *)s, st.i, &line, &col);
    if (st.depth > st.max)
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: %s %zu", line, col, st.what,
                        st.max);
    else
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: %s", line, col, st.what);
    return false;
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

/* A parsed tree is freed as the whole arena when one was used, else node by node. */
void feed_json_free(cJSON *root)
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

/* ---- Parsing ---------------------------------------------------------------- */

cJSON *feed_json_parse(feed_ctx *c, const char *bytes, size_t len)
{
    if (!precheck(c, (const unsigned char *)bytes, len))
        return NULL;
    const char *end = NULL;
    if (json_hooks)
        json_arena.on = true;
    cJSON *root = cJSON_ParseWithLengthOpts(bytes, len, &end, false);
    size_t l, col;
    if (!root) {
        size_t off = end && end >= bytes && end <= bytes + len ? (size_t)(end - bytes) : len;
        feed_line_col(bytes, off, &l, &col);
        feed_report_add(c, FEED_ERROR, "",
                        off >= len ? "line %zu, column %zu: not JSON (unexpected end)"
                                   : "line %zu, column %zu: not JSON",
                        l, col);
        feed_json_free(NULL);
        return NULL;
    }
    size_t off = (size_t)(end - bytes);
    while (off < len && (bytes[off] == ' ' || bytes[off] == '\t' || bytes[off] == '\n' ||
                         bytes[off] == '\r'))
        off++;
    if (off < len) {
        feed_line_col(bytes, off, &l, &col);
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: data after the JSON document",
                        l, col);
        feed_json_free(root);
        return NULL;
    }
    return root;
}
