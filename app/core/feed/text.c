/* text.c - the builder's strings (build.h): copies with white space trimmed, UTF-8
 * checked and the string limit applied; TEXT values; HTML turned into plain text.
 */
#include "build.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "utf8.h"

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
        n = utf8_cut(s, max);
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

