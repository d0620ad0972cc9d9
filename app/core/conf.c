/* conf.c - parsing the settings file text (docs/configuration.md). Pure: bytes in,
 * struct and messages out. */
#include "conf.h"

#include "layout.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char *const KEY_NAMES[CONF_KEY_COUNT] = {
    [CONF_FEED] = "feed",
    [CONF_POLL_INTERVAL] = "poll_interval",
    [CONF_CACHE_DIR] = "cache_dir",
    [CONF_CA_FILE] = "ca_file",
    [CONF_ALLOW_INSECURE_REDIRECT] = "allow_insecure_redirect",
    [CONF_STALE_AFTER] = "stale_after",
    [CONF_HALL] = "hall",
    [CONF_LANG] = "lang",
    [CONF_LANG2] = "lang2",
    [CONF_ZONE] = "zone",
    [CONF_BOARD] = "board",
    [CONF_ROTATE] = "rotate",
    [CONF_WINDOWED] = "windowed",
    [CONF_DISPLAY_ON] = "display_on",
    [CONF_DISPLAY_OFF] = "display_off",
    [CONF_FONTS] = "fonts",
    [CONF_CONTROL_PORT] = "control_port",
    [CONF_CONTROL_TOKEN] = "control_token",
    [CONF_CONTROL_TOKEN_FILE] = "control_token_file",
    [CONF_CONTROL_BIND] = "control_bind",
    [CONF_TRUSTED_KEY] = "trusted_key",
    [CONF_OVERRIDES_URL] = "overrides_url",
    [CONF_OVERRIDES_INTERVAL] = "overrides_interval",
    [CONF_FLEET_BROKER] = "fleet_broker",
    [CONF_FLEET_TOPIC] = "fleet_topic",
    [CONF_BOARD_NAME] = "board_name",
    [CONF_FLEET_USER] = "fleet_user",
    [CONF_FLEET_PASSWORD_FILE] = "fleet_password_file",
    [CONF_VIDEO_DRIVER] = "video_driver",
    [CONF_RENDER_DRIVER] = "render_driver",
    [CONF_RESOLUTION] = "resolution",
    [CONF_MAX_TEXTURE] = "max_texture",
    [CONF_MEMORY_BUDGET] = "memory_budget",
    [CONF_VIEW] = "view",
    [CONF_LOBBY_HALLS] = "lobby_halls",
    [CONF_LOBBY_IDLE] = "lobby_idle",
    [CONF_LOBBY_PAGE_SECONDS] = "lobby_page_seconds",
};

const char *conf_key_name(conf_key k)
{
    return (unsigned)k < CONF_KEY_COUNT ? KEY_NAMES[k] : "";
}

void conf_defaults(conf_values *c)
{
    memset(c, 0, sizeof(*c));
    c->poll_interval = CONF_POLL_DEFAULT;
    snprintf(c->cache_dir, sizeof(c->cache_dir), "%s", CONF_CACHE_DIR_DEFAULT);
    c->stale_after = CONF_STALE_DEFAULT;
    c->display_on = -1;
    c->display_off = -1;
    c->overrides_interval = CONF_OVERRIDES_DEFAULT;
    c->lobby_page_seconds = LAYOUT_LOBBY_PAGE_SECONDS;
}

/* ---- messages ---------------------------------------------------------------- */

typedef struct {
    const char *name;
    char *err;
    size_t cap, used;
    int n;          /* errors found */
    bool full;      /* a line did not fit: no more are written */
} sink;

/* Appends one whole line "NAME:LINE: message\n" (LINE omitted when 0), or nothing once
 * a line has not fitted. Counts every error. */
static void report(sink *s, int line, const char *fmt, ...)
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
static const char *shown(char *buf, size_t cap, const char *s, size_t n)
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

/* ---- small syntax checks ------------------------------------------------------- */

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
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

/* A whole number, optionally negative, in v (NUL-terminated). Values past 18 digits
 * saturate (so they read as out of range, not as garbage). */
static bool parse_int(const char *v, long long *out)
{
    bool neg = *v == '-';
    const char *p = v + neg;
    if (!*p)
        return false;
    long long x = 0;
    for (; *p; p++) {
        if (!is_digit(*p))
            return false;
        if (x < 100000000000000000LL)
            x = x * 10 + (*p - '0');
    }
    *out = neg ? -x : x;
    return true;
}

/* "H:MM" or "HH:MM", 00:00..23:59 -> minutes after midnight, or -1. */
static int parse_hhmm(const char *v)
{
    size_t n = strlen(v);
    if (n != 4 && n != 5)
        return -1;
    const char *m = v + n - 3;
    if (m[0] != ':' || !is_digit(m[1]) || !is_digit(m[2]) || !is_digit(v[0]) ||
        (n == 5 && !is_digit(v[1])))
        return -1;
    int h = n == 5 ? (v[0] - '0') * 10 + (v[1] - '0') : v[0] - '0';
    int mi = (m[1] - '0') * 10 + (m[2] - '0');
    return h <= 23 && mi <= 59 ? h * 60 + mi : -1;
}

/* "WxH", each 1..CONF_MAX_SIDE. */
static bool parse_size(const char *v, int *w, int *h)
{
    const char *x = strchr(v, 'x');
    if (!x)
        x = strchr(v, 'X');
    if (!x || x == v || x[1] == '\0')
        return false;
    long long a = 0, b = 0;
    for (const char *p = v; p < x; p++) {
        if (!is_digit(*p))
            return false;
        if (a <= CONF_MAX_SIDE)
            a = a * 10 + (*p - '0');
    }
    for (const char *p = x + 1; *p; p++) {
        if (!is_digit(*p))
            return false;
        if (b <= CONF_MAX_SIDE)
            b = b * 10 + (*p - '0');
    }
    if (a < 1 || b < 1 || a > CONF_MAX_SIDE || b > CONF_MAX_SIDE)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* A BCP 47-like tag: 2-8 letters, then "-" or "_" and 1-8 letters or digits, repeated. */
static bool lang_ok(const char *v)
{
    size_t n = strlen(v), i = 0;
    if (n > CONF_LANG_MAX)
        return false;
    while (i < n && is_alpha(v[i]))
        i++;
    if (i < 2 || i > 8)
        return false;
    while (i < n) {
        if (v[i] != '-' && v[i] != '_')
            return false;
        size_t j = ++i;
        while (i < n && (is_alpha(v[i]) || is_digit(v[i])))
            i++;
        if (i == j || i - j > 8)
            return false;
    }
    return true;
}

/* The zone names the shell's zone database accepts (tzdb_name_ok). */
static bool zone_name_ok(const char *v, size_t n)
{
    if (n == 0 || n > TZ_NAME_MAX || v[0] == '/')
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (!(is_alpha(c) || is_digit(c) || c == '/' || c == '_' || c == '+' || c == '-' ||
              c == '.'))
            return false;
        if (c == '.' && i + 1 < n && v[i + 1] == '.')
            return false;
    }
    return true;
}

static bool name_ok(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > CONF_NAME_MAX || v[0] == '.')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(is_alpha(v[i]) || is_digit(v[i]) || v[i] == '-' || v[i] == '_' || v[i] == '.'))
            return false;
    return true;
}

static bool prefix_ci(const char *s, const char *p)
{
    for (; *p; s++, p++) {
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
        if (c != *p)
            return false;
    }
    return true;
}

static bool url_ok(const char *v)
{
    static const char *const schemes[] = {"http://", "https://", "file://"};
    for (size_t i = 0; i < 3; i++) {
        size_t n = strlen(schemes[i]);
        if (prefix_ci(v, schemes[i]))
            return v[n] != '\0';
    }
    return false;
}

/* mqtt://HOST:PORT or mqtts://HOST:PORT (the port may be left out). */
static bool broker_ok(const char *v)
{
    const char *h = prefix_ci(v, "mqtt://") ? v + 7 : prefix_ci(v, "mqtts://") ? v + 8 : NULL;
    if (!h || !*h)
        return false;
    for (; *h; h++)
        if (*h <= ' ' || *h == '/' || *h == '@' || *h == 0x7f)
            return false;
    return true;
}

/* A topic prefix: printable, no wildcards, no empty levels, no leading or trailing '/'. */
static bool topic_ok(const char *v)
{
    size_t n = strlen(v);
    if (n == 0 || n > CONF_TOPIC_MAX || v[0] == '/' || v[n - 1] == '/' || strstr(v, "//"))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)v[i] <= ' ' || v[i] == '+' || v[i] == '#' || v[i] == 0x7f)
            return false;
    return true;
}

/* An address to listen on: "*", or an IPv4 / IPv6 literal (checked by the shell). */
static bool bind_ok(const char *v)
{
    if (strcmp(v, "*") == 0)
        return true;
    size_t n = strlen(v);
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(is_digit(v[i]) || v[i] == '.' || v[i] == ':' || (v[i] >= 'a' && v[i] <= 'f') ||
              (v[i] >= 'A' && v[i] <= 'F') || v[i] == '%' || is_alpha(v[i])))
            return false;
    return true;
}

/* ---- one line ------------------------------------------------------------------- */

typedef struct {
    conf_values *out;
    sink *s;
    int first[CONF_KEY_COUNT]; /* line of each key's first occurrence, valid or not */
} parser;

/* Sets a string field of capacity cap after the checks common to strings. */
static void set_str(parser *p, int line, conf_key k, char *dst, size_t cap, const char *v)
{
    size_t n = strlen(v);
    if (n >= cap) {
        report(p->s, line, "%s: value longer than %zu bytes", KEY_NAMES[k], cap - 1);
        return;
    }
    memcpy(dst, v, n + 1);
    p->out->line[k] = line;
}

static void set_int(parser *p, int line, conf_key k, int *dst, const char *v, long long lo,
                    long long hi, const char *unit)
{
    char q[128];
    long long x;
    if (!parse_int(v, &x)) {
        report(p->s, line, "%s: \"%s\" is not a whole number%s", KEY_NAMES[k],
               shown(q, sizeof(q), v, strlen(v)), unit);
        return;
    }
    if (x < lo || x > hi) {
        report(p->s, line, "%s: \"%s\" is out of range (%lld..%lld)", KEY_NAMES[k],
               shown(q, sizeof(q), v, strlen(v)), lo, hi);
        return;
    }
    *dst = (int)x;
    p->out->line[k] = line;
}

/* A switch: exactly "true" or "false". */
static void set_bool(parser *p, int line, conf_key k, bool *dst, const char *v)
{
    char q[128];
    if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
        report(p->s, line, "%s: \"%s\" is not true or false", KEY_NAMES[k],
               shown(q, sizeof(q), v, strlen(v)));
        return;
    }
    *dst = v[0] == 't';
    p->out->line[k] = line;
}

static void set_path(parser *p, int line, conf_key k, char *dst, size_t cap, const char *v)
{
    char q[128];
    if (v[0] != '/') {
        report(p->s, line, "%s: \"%s\" is not an absolute path", KEY_NAMES[k],
               shown(q, sizeof(q), v, strlen(v)));
        return;
    }
    set_str(p, line, k, dst, cap, v);
}

static void set_zone(parser *p, int line, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *eq = strchr(v, '=');
    size_t nlen = eq ? (size_t)(eq - v) : strlen(v);
    while (nlen > 0 && is_space(v[nlen - 1]))
        nlen--;
    const char *label = eq ? eq + 1 : "";
    while (is_space(*label))
        label++;
    if (!zone_name_ok(v, nlen)) {
        report(p->s, line, "zone: \"%s\" is not a time zone name (like Europe/Moscow)",
               shown(q, sizeof(q), v, nlen));
        return;
    }
    if (strlen(label) > CONF_LABEL_MAX) {
        report(p->s, line, "zone: label longer than %d bytes", CONF_LABEL_MAX);
        return;
    }
    for (size_t i = 0; i < c->n_zones; i++) {
        if (strlen(c->zone[i]) == nlen && memcmp(c->zone[i], v, nlen) == 0) {
            report(p->s, line, "zone: \"%s\" is already listed", shown(q, sizeof(q), v, nlen));
            return;
        }
    }
    if (c->n_zones >= CONF_MAX_ZONES) {
        report(p->s, line, "zone: more than %d zones", CONF_MAX_ZONES);
        return;
    }
    memcpy(c->zone[c->n_zones], v, nlen);
    c->zone[c->n_zones][nlen] = '\0';
    snprintf(c->zone_label[c->n_zones], sizeof(c->zone_label[0]), "%s", label);
    c->n_zones++;
    if (!c->line[CONF_ZONE])
        c->line[CONF_ZONE] = line;
}

/* The view keys: view, lobby_halls, lobby_idle, lobby_page_seconds. */
static void apply_view(parser *p, int line, conf_key k, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *sv = shown(q, sizeof(q), v, strlen(v));
    layout_view view;
    switch (k) {
    case CONF_VIEW:
        if (!layout_view_parse(v, &view)) {
            report(p->s, line, "view: \"%s\" is not hall, event, lobby or auto", sv);
            return;
        }
        c->view = (int)view;
        c->line[k] = line;
        return;
    case CONF_LOBBY_HALLS:
        set_str(p, line, k, c->lobby_halls, sizeof(c->lobby_halls), v);
        return;
    case CONF_LOBBY_IDLE:
        if (strcmp(v, "last") != 0 && strcmp(v, "hide") != 0) {
            report(p->s, line, "lobby_idle: \"%s\" is not last or hide", sv);
            return;
        }
        c->lobby_hide_idle = v[0] == 'h';
        c->line[k] = line;
        return;
    default:
        set_int(p, line, k, &c->lobby_page_seconds, v, LAYOUT_LOBBY_PAGE_MIN,
                LAYOUT_LOBBY_PAGE_MAX, " of seconds");
        return;
    }
}

/* Applies key = v (v unquoted, non-empty, at most CONF_VALUE_MAX bytes). */
static void apply(parser *p, int line, conf_key k, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *sv = shown(q, sizeof(q), v, strlen(v));
    switch (k) {
    case CONF_FEED:
        if (v[0] != '/' && !url_ok(v)) {
            report(p->s, line, "feed: \"%s\" is neither a URL (http://, https://, file://) "
                   "nor an absolute path", sv);
            return;
        }
        set_str(p, line, k, c->feed, sizeof(c->feed), v);
        return;
    case CONF_POLL_INTERVAL:
        set_int(p, line, k, &c->poll_interval, v, CONF_POLL_MIN, CONF_POLL_MAX, " of seconds");
        return;
    case CONF_STALE_AFTER:
        set_int(p, line, k, &c->stale_after, v, CONF_STALE_MIN, CONF_STALE_MAX, " of seconds");
        return;
    case CONF_CACHE_DIR:
        set_path(p, line, k, c->cache_dir, sizeof(c->cache_dir), v);
        return;
    case CONF_CA_FILE:
        set_path(p, line, k, c->ca_file, sizeof(c->ca_file), v);
        return;
    case CONF_ALLOW_INSECURE_REDIRECT:
        set_bool(p, line, k, &c->allow_insecure_redirect, v);
        return;
    case CONF_FONTS:
        set_path(p, line, k, c->fonts, sizeof(c->fonts), v);
        return;
    case CONF_HALL:
        set_str(p, line, k, c->hall, sizeof(c->hall), v);
        return;
    case CONF_LANG:
    case CONF_LANG2:
        if (!lang_ok(v)) {
            report(p->s, line, "%s: \"%s\" is not a language tag (like en, zh-Hans)",
                   KEY_NAMES[k], sv);
            return;
        }
        set_str(p, line, k, k == CONF_LANG ? c->lang : c->lang2, sizeof(c->lang), v);
        return;
    case CONF_ZONE:
        set_zone(p, line, v);
        return;
    case CONF_BOARD:
        if (!name_ok(v)) {
            report(p->s, line, "board: \"%s\" is not a profile name (1..%d letters, digits, "
                   "'-', '_', '.')", sv, CONF_NAME_MAX);
            return;
        }
        set_str(p, line, k, c->board, sizeof(c->board), v);
        return;
    case CONF_ROTATE: {
        long long r;
        if (!parse_int(v, &r) || (r != 0 && r != 90 && r != 180 && r != 270)) {
            report(p->s, line, "rotate: \"%s\" is not 0, 90, 180 or 270", sv);
            return;
        }
        c->rotate = (int)r;
        c->line[k] = line;
        return;
    }
    case CONF_WINDOWED:
        if (!parse_size(v, &c->width, &c->height)) {
            report(p->s, line, "windowed: \"%s\" is not WIDTHxHEIGHT (1..%d each)", sv,
                   CONF_MAX_SIDE);
            return;
        }
        c->line[k] = line;
        return;
    case CONF_DISPLAY_ON:
    case CONF_DISPLAY_OFF: {
        int m = parse_hhmm(v);
        if (m < 0) {
            report(p->s, line, "%s: \"%s\" is not HH:MM (00:00..23:59)", KEY_NAMES[k], sv);
            return;
        }
        *(k == CONF_DISPLAY_ON ? &c->display_on : &c->display_off) = m;
        c->line[k] = line;
        return;
    }
    case CONF_VIDEO_DRIVER:
    case CONF_RENDER_DRIVER:
        if (!name_ok(v)) {
            report(p->s, line, "%s: \"%s\" is not a driver name (like kmsdrm, opengles2)",
                   KEY_NAMES[k], sv);
            return;
        }
        set_str(p, line, k, k == CONF_VIDEO_DRIVER ? c->video_driver : c->render_driver,
                sizeof(c->video_driver), v);
        return;
    case CONF_RESOLUTION:
        if (!parse_size(v, &c->res_width, &c->res_height)) {
            report(p->s, line, "resolution: \"%s\" is not WIDTHxHEIGHT (1..%d each)", sv,
                   CONF_MAX_SIDE);
            return;
        }
        c->line[k] = line;
        return;
    case CONF_MAX_TEXTURE:
        set_int(p, line, k, &c->max_texture, v, CONF_TEXTURE_MIN, CONF_TEXTURE_MAX,
                " of pixels");
        return;
    case CONF_MEMORY_BUDGET:
        set_int(p, line, k, &c->memory_budget, v, CONF_MEMORY_MIN, CONF_MEMORY_MAX, " of MB");
        return;
    case CONF_CONTROL_PORT:
        set_int(p, line, k, &c->control_port, v, 0, CONF_PORT_MAX, "");
        return;
    case CONF_CONTROL_TOKEN: {
        size_t n = strlen(v);
        bool ok = n >= CONF_TOKEN_MIN && n <= CONF_TOKEN_MAX;
        for (size_t i = 0; ok && i < n; i++)
            ok = v[i] > ' ' && v[i] < 0x7f;
        if (!ok) {
            report(p->s, line, "control_token: %d..%d printable ASCII characters, no spaces",
                   CONF_TOKEN_MIN, CONF_TOKEN_MAX);
            return;
        }
        set_str(p, line, k, c->control_token, sizeof(c->control_token), v);
        return;
    }
    case CONF_CONTROL_TOKEN_FILE:
    case CONF_TRUSTED_KEY:
    case CONF_FLEET_PASSWORD_FILE:
        set_path(p, line, k, k == CONF_CONTROL_TOKEN_FILE ? c->control_token_file
                             : k == CONF_TRUSTED_KEY    ? c->trusted_key
                                                        : c->fleet_password_file,
                 sizeof(c->trusted_key), v);
        return;
    case CONF_CONTROL_BIND:
        if (!bind_ok(v)) {
            report(p->s, line, "control_bind: \"%s\" is not an address (127.0.0.1, ::1, "
                   "192.168.1.20) or *", sv);
            return;
        }
        set_str(p, line, k, c->control_bind, sizeof(c->control_bind), v);
        return;
    case CONF_OVERRIDES_URL:
        if (!url_ok(v)) {
            report(p->s, line, "overrides_url: \"%s\" is not a URL (http://, https://, "
                   "file://)", sv);
            return;
        }
        set_str(p, line, k, c->overrides_url, sizeof(c->overrides_url), v);
        return;
    case CONF_OVERRIDES_INTERVAL:
        set_int(p, line, k, &c->overrides_interval, v, CONF_OVERRIDES_MIN, CONF_OVERRIDES_MAX,
                " of seconds");
        return;
    case CONF_FLEET_BROKER:
        if (!broker_ok(v)) {
            report(p->s, line, "fleet_broker: \"%s\" is not mqtt://HOST:PORT or "
                   "mqtts://HOST:PORT", sv);
            return;
        }
        set_str(p, line, k, c->fleet_broker, sizeof(c->fleet_broker), v);
        return;
    case CONF_FLEET_TOPIC:
        if (!topic_ok(v)) {
            report(p->s, line, "fleet_topic: \"%s\" is not a topic prefix (like "
                   "hallboard/venue1: no + or #, no empty level)", sv);
            return;
        }
        set_str(p, line, k, c->fleet_topic, sizeof(c->fleet_topic), v);
        return;
    case CONF_BOARD_NAME:
    case CONF_FLEET_USER:
        if (!name_ok(v)) {
            report(p->s, line, "%s: \"%s\" is not a name (1..%d letters, digits, '-', '_', "
                   "'.')", KEY_NAMES[k], sv, CONF_NAME_MAX);
            return;
        }
        set_str(p, line, k, k == CONF_BOARD_NAME ? c->board_name : c->fleet_user,
                sizeof(c->board_name), v);
        return;
    case CONF_VIEW:
    case CONF_LOBBY_HALLS:
    case CONF_LOBBY_IDLE:
    case CONF_LOBBY_PAGE_SECONDS:
        apply_view(p, line, k, v);
        return;
    case CONF_KEY_COUNT:
        break;
    }
}

/* Parses one line s[0..n) (no line ending). */
static void parse_line(parser *p, int line, const char *s, size_t n)
{
    char q[128];
    if (memchr(s, '\0', n)) {
        report(p->s, line, "contains a NUL byte");
        return;
    }
    if (utf8_valid_prefix((const unsigned char *)s, n) != n) {
        report(p->s, line, "not valid UTF-8");
        return;
    }
    while (n > 0 && is_space(*s))
        s++, n--;
    while (n > 0 && is_space(s[n - 1]))
        n--;
    if (n == 0 || s[0] == '#')
        return;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
            report(p->s, line, "control character 0x%02x", c);
            return;
        }
    }
    const char *eq = memchr(s, '=', n);
    if (!eq) {
        report(p->s, line, "expected \"key = value\", found \"%s\"", shown(q, sizeof(q), s, n));
        return;
    }
    size_t klen = (size_t)(eq - s);
    while (klen > 0 && is_space(s[klen - 1]))
        klen--;
    if (klen == 0) {
        report(p->s, line, "no key before \"=\"");
        return;
    }
    int k = -1;
    for (int i = 0; i < CONF_KEY_COUNT; i++)
        if (strlen(KEY_NAMES[i]) == klen && memcmp(KEY_NAMES[i], s, klen) == 0)
            k = i;
    if (k < 0) {
        report(p->s, line, "unknown key \"%s\"", shown(q, sizeof(q), s, klen));
        return;
    }
    const char *key = KEY_NAMES[k];
    if (p->first[k] && k != CONF_ZONE) {
        report(p->s, line, "duplicate key \"%s\" (first set on line %d)", key, p->first[k]);
        return;
    }
    p->first[k] = line;

    /* The value: quoted ("..." with \" and \\) or bare up to a # after a space. */
    const char *v = eq + 1, *end = s + n;
    while (v < end && is_space(*v))
        v++;
    char val[CONF_VALUE_MAX + 1];
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
                    report(p->s, line, "%s: unknown escape in quotes (only \\\" and \\\\)", key);
                    return;
                }
            }
            if (vn >= CONF_VALUE_MAX) {
                report(p->s, line, "%s: value longer than %d bytes", key, CONF_VALUE_MAX);
                return;
            }
            val[vn++] = ch;
        }
        if (!closed) {
            report(p->s, line, "%s: unterminated quote", key);
            return;
        }
        while (c < end && is_space(*c))
            c++;
        if (c < end && *c != '#') {
            report(p->s, line, "%s: text after the closing quote", key);
            return;
        }
    } else {
        const char *c = v;
        while (c < end && !(*c == '#' && (c == v || is_space(c[-1]))))
            c++;
        while (c > v && is_space(c[-1]))
            c--;
        vn = (size_t)(c - v);
        if (vn > CONF_VALUE_MAX) {
            report(p->s, line, "%s: value longer than %d bytes", key, CONF_VALUE_MAX);
            return;
        }
        memcpy(val, v, vn);
    }
    val[vn] = '\0';
    if (vn == 0) {
        report(p->s, line, "%s: no value (leave the line out for the default)", key);
        return;
    }
    if (strlen(val) != vn) { /* cannot happen: NULs were refused above */
        report(p->s, line, "%s: contains a NUL byte", key);
        return;
    }
    apply(p, line, (conf_key)k, val);
}

int conf_parse(const char *text, size_t len, const char *name_for_messages, conf_values *out,
               char *err, size_t errcap)
{
    sink s = {name_for_messages ? name_for_messages : "hallboard.conf", err, errcap, 0, 0, false};
    if (err && errcap)
        err[0] = '\0';
    conf_defaults(out);
    parser p = {out, &s, {0}};
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
            report(&s, line, "more than %d lines (the rest is ignored)", CONF_MAX_LINES);
            break;
        }
        size_t n = end - i;
        if (n > 0 && text[end - 1] == '\r')
            n--;
        if (n > CONF_LINE_MAX)
            report(&s, line, "line longer than %d bytes", CONF_LINE_MAX);
        else
            parse_line(&p, line, text + i, n);
        i = end + 1;
    }
    /* The schedule needs both ends, and two different ones. */
    int on = out->line[CONF_DISPLAY_ON], off = out->line[CONF_DISPLAY_OFF];
    if (on && !off && !p.first[CONF_DISPLAY_OFF])
        report(&s, on, "display_on without display_off");
    else if (off && !on && !p.first[CONF_DISPLAY_ON])
        report(&s, off, "display_off without display_on");
    else if (on && off && out->display_on == out->display_off)
        report(&s, off > on ? off : on, "display_on and display_off are the same (%02d:%02d)",
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
