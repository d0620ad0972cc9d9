/* conf.c - parsing the settings file text (docs/configuration.md). Pure: bytes in,
 * struct and messages out. This file reads the text: messages, lines, UTF-8, keys and
 * quoting, and the loop over the lines; conf_keys.c applies each key's value and
 * conf_check.c holds the syntax of values. */
#include "conf_int.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ---- messages ---------------------------------------------------------------- */

/* Appends one whole line "NAME:LINE: message\n" (LINE omitted when 0), or nothing once
 * a line has not fitted. Counts every error. */
void conf_report(conf_sink *s, int line, const char *fmt, ...)
{
    s->n++;
    if (s->n > CONF_MAX_ERRORS || s->full || !s->err || s->cap == 0)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    char full[1024];
    /* The name is cut at 256 bytes so that a long one cannot crowd out the message. */
    int w = line > 0 ? snprintf(full, sizeof(full), "%.256s:%d: %s\n", s->name, line, msg)
                     : snprintf(full, sizeof(full), "%.256s: %s\n", s->name, msg);
    if (w < 0 || (size_t)w >= sizeof(full) || s->used + (size_t)w >= s->cap) {
        s->full = true;
        return;
    }
    memcpy(s->err + s->used, full, (size_t)w + 1);
    s->used += (size_t)w;
}

/* Copies bytes for a message, inside the quotes it will be shown in: control bytes,
 * '"' and '\' escaped, at most 60 bytes of text (cut on a UTF-8 boundary, then "..."). */
const char *conf_shown(char *buf, size_t cap, const char *s, size_t n)
{
    size_t o = 0, i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        /* Whole characters only: the length a lead byte announces (1 if invalid). */
        size_t k = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
        if (i + k > n)
            k = 1;
        size_t need = c < 0x20 || c == 0x7f ? 4 : c == '"' || c == '\\' ? 2 : k;
        if (i + k > 60 || o + need + 4 > cap)
            break;
        if (c < 0x20 || c == 0x7f) {
            snprintf(buf + o, cap - o, "\\x%02x", c);
        } else if (c == '"' || c == '\\') {
            buf[o] = '\\';
            buf[o + 1] = (char)c;
        } else {
            memcpy(buf + o, s + i, k);
        }
        o += need;
        i += k;
    }
    if (i < n) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o] = '\0';
    return buf;
}


/* Length of the valid UTF-8 prefix of s[0..n) (shortest forms, no surrogates). */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k;
        uint32_t cp;
        if (c < 0x80) {
            i++;
            continue;
        } else if (c >= 0xc2 && c <= 0xdf) {
            k = 1;
            cp = c & 0x1f;
        } else if (c >= 0xe0 && c <= 0xef) {
            k = 2;
            cp = c & 0x0f;
        } else if (c >= 0xf0 && c <= 0xf4) {
            k = 3;
            cp = c & 0x07;
        } else {
            return i;
        }
        if (i + k >= n)
            return i;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xc0) != 0x80)
                return i;
            cp = cp << 6 | (s[i + j] & 0x3f);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10ffff)))
            return i;
        i += k + 1;
    }
    return i;
}

/* Reads the value of key from v[0..end) (after the "="): quoted ("..." with \" and \\)
 * or bare up to a # after a space, into val (CONF_VALUE_MAX + 1 bytes, NUL-terminated).
 * Returns false after reporting why there is no usable value. */
static bool read_value(conf_parser *p, int line, const char *key, const char *v,
                       const char *end, char *val)
{
    while (v < end && conf_is_space(*v))
        v++;
    size_t vn = 0;
    if (v < end && *v == '"') {
        const char *c = v + 1;
        bool closed = false;
        for (; c < end; c++) {
            if (*c == '"') {
                closed = true;
                c++;
                break;
            }
            char ch = *c;
            if (ch == '\\') {
                if (c + 1 < end && (c[1] == '"' || c[1] == '\\')) {
                    ch = *++c;
                } else {
                    conf_report(p->s, line, "%s: unknown escape in quotes (only \\\" and \\\\)",
                                key);
                    return false;
                }
            }
            if (vn >= CONF_VALUE_MAX) {
                conf_report(p->s, line, "%s: value longer than %d bytes", key, CONF_VALUE_MAX);
                return false;
            }
            val[vn++] = ch;
        }
        if (!closed) {
            conf_report(p->s, line, "%s: unterminated quote", key);
            return false;
        }
        while (c < end && conf_is_space(*c))
            c++;
        if (c < end && *c != '#') {
            conf_report(p->s, line, "%s: text after the closing quote", key);
            return false;
        }
    } else {
        const char *c = v;
        while (c < end && !(*c == '#' && (c == v || conf_is_space(c[-1]))))
            c++;
        while (c > v && conf_is_space(c[-1]))
            c--;
        vn = (size_t)(c - v);
        if (vn > CONF_VALUE_MAX) {
            conf_report(p->s, line, "%s: value longer than %d bytes", key, CONF_VALUE_MAX);
            return false;
        }
        memcpy(val, v, vn);
    }
    val[vn] = '\0';
    if (vn == 0) {
        conf_report(p->s, line, "%s: no value (leave the line out for the default)", key);
        return false;
    }
    if (strlen(val) != vn) { /* cannot happen: NULs were refused above */
        conf_report(p->s, line, "%s: contains a NUL byte", key);
        return false;
    }
    return true;
}

/* Parses one line s[0..n) (no line ending). */
static void parse_line(conf_parser *p, int line, const char *s, size_t n)
{
    char q[128];
    if (memchr(s, '\0', n)) {
        conf_report(p->s, line, "contains a NUL byte");
        return;
    }
    if (utf8_valid_prefix((const unsigned char *)s, n) != n) {
        conf_report(p->s, line, "not valid UTF-8");
        return;
    }
    while (n > 0 && conf_is_space(*s))
        s++, n--;
    while (n > 0 && conf_is_space(s[n - 1]))
        n--;
    if (n == 0 || s[0] == '#')
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            conf_report(p->s, line, "control character 0x%02x", c);
            return;
        }
    }
    const char *eq = memchr(s, '=', n);
    if (!eq) {
        conf_report(p->s, line, "expected \"key = value\", found \"%s\"",
                    conf_shown(q, sizeof(q), s, n));
        return;
    }
    size_t klen = (size_t)(eq - s);
    while (klen > 0 && conf_is_space(s[klen - 1]))
        klen--;
    if (klen == 0) {
        conf_report(p->s, line, "no key before \"=\"");
        return;
    }
    int k = conf_key_find(s, klen);
    if (k < 0) {
        conf_report(p->s, line, "unknown key \"%s\"", conf_shown(q, sizeof(q), s, klen));
        return;
    }
    const char *key = conf_key_name((conf_key)k);
    if (p->first[k] && k != CONF_ZONE) {
        conf_report(p->s, line, "duplicate key \"%s\" (first set on line %d)", key,
                    p->first[k]);
        return;
    }
    p->first[k] = line;
    char val[CONF_VALUE_MAX + 1];
    if (read_value(p, line, key, eq + 1, s + n, val))
        conf_apply(p, line, (conf_key)k, val);
}

int conf_parse(const char *text, size_t len, const char *name_for_messages, conf_values *out,
               char *err, size_t errcap)
{
    conf_sink s = {name_for_messages ? name_for_messages : "hallboard.conf", err, errcap, 0, 0,
                   false};
    if (err && errcap)
        err[0] = '\0';
    conf_defaults(out);
    conf_parser p = {out, &s, {0}};
    if (!text)
        len = 0;
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
        i = 3;
    int line = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        line++;
        if (line > CONF_MAX_LINES) {
            conf_report(&s, line, "more than %d lines (the rest is ignored)", CONF_MAX_LINES);
            break;
        }
        size_t n = end - i;
        if (n > 0 && text[end - 1] == '\r')
            n--;
        if (n > CONF_LINE_MAX)
            conf_report(&s, line, "line longer than %d bytes", CONF_LINE_MAX);
        else
            parse_line(&p, line, text + i, n);
        i = end + 1;
    }
    /* The schedule needs both ends, and two different ones. */
    int on = out->line[CONF_DISPLAY_ON], off = out->line[CONF_DISPLAY_OFF];
    if (on && !off && !p.first[CONF_DISPLAY_OFF])
        conf_report(&s, on, "display_on without display_off");
    else if (off && !on && !p.first[CONF_DISPLAY_ON])
        conf_report(&s, off, "display_off without display_on");
    else if (on && off && out->display_on == out->display_off)
        conf_report(&s, off > on ? off : on, "display_on and display_off are the same (%02d:%02d)",
               out->display_on / 60, out->display_on % 60);
    if (s.n > CONF_MAX_ERRORS && err && errcap && !s.full) {
        char more[320];
        int w = snprintf(more, sizeof(more), "%.256s: %d more errors\n", s.name,
                         s.n - CONF_MAX_ERRORS);
        if (w > 0 && s.used + (size_t)w < errcap)
            memcpy(err + s.used, more, (size_t)w + 1);
    }
    return s.n;
}
