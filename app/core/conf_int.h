/* conf_int.h - what the parts of the settings parser share (not for other modules):
 * conf.c reads the text, conf_keys.c applies each key, conf_check.c checks the syntax
 * of values. Nothing here allocates; every pointer is borrowed for the call. */
#ifndef HB_CONF_INT_H
#define HB_CONF_INT_H

#include "conf.h"

#include <stdbool.h>
#include <stddef.h>

/* Where messages go: the caller's err buffer, filled with whole lines. */
typedef struct {
    const char *name; /* the file's name in messages (borrowed) */
    char *err;        /* the caller's buffer (borrowed), may be NULL */
    size_t cap, used;
    int n;            /* errors found */
    bool full;        /* a line did not fit: no more are written */
} conf_sink;

/* The state of one conf_parse call. */
typedef struct {
    conf_values *out;          /* borrowed */
    conf_sink *s;              /* borrowed */
    int first[CONF_KEY_COUNT]; /* line of each key's first occurrence, valid or not */
} conf_parser;

static inline bool conf_is_space(char c)
{
    return c == ' ' || c == '\t';
}

static inline bool conf_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static inline bool conf_is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ---- conf.c: messages ---- */

/* Appends one whole line "NAME:LINE: message\n" (LINE omitted when 0) to s, or nothing
 * once a line has not fitted. Counts every error. */
void conf_report(conf_sink *s, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Copies s[0..n) into buf (cap bytes) for a message, inside the quotes it will be shown
 * in: control bytes, '"' and '\' escaped, at most 60 bytes of text (cut on a UTF-8
 * boundary, then "..."). Returns buf (the caller's). */
const char *conf_shown(char *buf, size_t cap, const char *s, size_t n);

/* ---- conf_keys.c: the keys ---- */

/* Index of the key named s[0..n) (a conf_key), or -1 when there is none. */
int conf_key_find(const char *s, size_t n);

/* Applies key k = v (v unquoted, NUL-terminated, non-empty, at most CONF_VALUE_MAX
 * bytes) to p->out and records its line, or reports why the value is refused (p->out
 * then keeps what it had). */
void conf_apply(conf_parser *p, int line, conf_key k, const char *v);

/* ---- conf_check.c: the syntax of values (v NUL-terminated unless a length is given) */

/* A whole number, optionally negative. Values past 18 digits saturate (so they read as
 * out of range, not as garbage). false: not a number (out untouched). */
bool conf_parse_int(const char *v, long long *out);

/* "H:MM" or "HH:MM", 00:00..23:59 -> minutes after midnight, or -1. */
int conf_parse_hhmm(const char *v);

/* "WxH", each 1..CONF_MAX_SIDE. false: not that (w and h untouched). */
bool conf_parse_size(const char *v, int *w, int *h);

/* A BCP 47-like tag: 2-8 letters, then "-" or "_" and 1-8 letters or digits, repeated. */
bool conf_lang_ok(const char *v);

/* The zone names the shell's zone database accepts (tzdb_name_ok), v[0..n). */
bool conf_zone_name_ok(const char *v, size_t n);

/* 1..CONF_NAME_MAX letters, digits, '-', '_', '.', not starting with '.'. */
bool conf_name_ok(const char *v);

/* http://, https:// or file:// (any case) followed by something. */
bool conf_url_ok(const char *v);

/* mqtt://HOST:PORT or mqtts://HOST:PORT (the port may be left out). */
bool conf_broker_ok(const char *v);

/* A topic prefix: printable, no wildcards, no empty levels, no leading or trailing '/'. */
bool conf_topic_ok(const char *v);

/* An address to listen on: "*", or an IPv4 / IPv6 literal (checked by the shell). */
bool conf_bind_ok(const char *v);

#endif
