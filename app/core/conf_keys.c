/* conf_keys.c - the settings keys: their names, defaults, and applying one key's value
 * to conf_values after the checks that key needs (one message per refused value).
 * Laid out as: the key table, the typed setters (string, number, switch, path, zone),
 * then the keys grouped as feed, board and display, control and fleet, and view. Pure. */
#include "conf_int.h"

#include "layout.h"

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

/* Index of the key named s[0..n), or -1. */
int conf_key_find(const char *s, size_t n)
{
    int k = -1;
    for (int i = 0; i < CONF_KEY_COUNT; i++)
        if (strlen(KEY_NAMES[i]) == n && memcmp(KEY_NAMES[i], s, n) == 0)
            k = i;
    return k;
}

/* ---- setting one value ------------------------------------------------------------ */

/* Sets a string field of capacity cap after the checks common to strings. */
static void set_str(conf_parser *p, int line, conf_key k, char *dst, size_t cap, const char *v)
{
    size_t n = strlen(v);
    if (n >= cap) {
        conf_report(p->s, line, "%s: value longer than %zu bytes", KEY_NAMES[k], cap - 1);
        return;
    }
    memcpy(dst, v, n + 1);
    p->out->line[k] = line;
}

static void set_int(conf_parser *p, int line, conf_key k, int *dst, const char *v, long long lo,
                    long long hi, const char *unit)
{
    char q[128];
    long long x;
    if (!conf_parse_int(v, &x)) {
        conf_report(p->s, line, "%s: \"%s\" is not a whole number%s", KEY_NAMES[k],
               conf_shown(q, sizeof(q), v, strlen(v)), unit);
        return;
    }
    if (x < lo || x > hi) {
        conf_report(p->s, line, "%s: \"%s\" is out of range (%lld..%lld)", KEY_NAMES[k],
               conf_shown(q, sizeof(q), v, strlen(v)), lo, hi);
        return;
    }
    *dst = (int)x;
    p->out->line[k] = line;
}

/* A switch: exactly "true" or "false". */
static void set_bool(conf_parser *p, int line, conf_key k, bool *dst, const char *v)
{
    char q[128];
    if (strcmp(v, "true") != 0 && strcmp(v, "false") != 0) {
        conf_report(p->s, line, "%s: \"%s\" is not true or false", KEY_NAMES[k],
               conf_shown(q, sizeof(q), v, strlen(v)));
        return;
    }
    *dst = v[0] == 't';
    p->out->line[k] = line;
}

static void set_path(conf_parser *p, int line, conf_key k, char *dst, size_t cap, const char *v)
{
    char q[128];
    if (v[0] != '/') {
        conf_report(p->s, line, "%s: \"%s\" is not an absolute path", KEY_NAMES[k],
               conf_shown(q, sizeof(q), v, strlen(v)));
        return;
    }
    set_str(p, line, k, dst, cap, v);
}

static void set_zone(conf_parser *p, int line, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *eq = strchr(v, '=');
    size_t nlen = eq ? (size_t)(eq - v) : strlen(v);
    while (nlen > 0 && conf_is_space(v[nlen - 1]))
        nlen--;
    const char *label = eq ? eq + 1 : "";
    while (conf_is_space(*label))
        label++;
    if (!conf_zone_name_ok(v, nlen)) {
        conf_report(p->s, line, "zone: \"%s\" is not a time zone name (like Europe/Moscow)",
               conf_shown(q, sizeof(q), v, nlen));
        return;
    }
    if (strlen(label) > CONF_LABEL_MAX) {
        conf_report(p->s, line, "zone: label longer than %d bytes", CONF_LABEL_MAX);
        return;
    }
    for (size_t i = 0; i < c->n_zones; i++) {
        if (strlen(c->zone[i]) == nlen && memcmp(c->zone[i], v, nlen) == 0) {
            conf_report(p->s, line, "zone: \"%s\" is already listed",
                        conf_shown(q, sizeof(q), v, nlen));
            return;
        }
    }
    if (c->n_zones >= CONF_MAX_ZONES) {
        conf_report(p->s, line, "zone: more than %d zones", CONF_MAX_ZONES);
        return;
    }
    memcpy(c->zone[c->n_zones], v, nlen);
    c->zone[c->n_zones][nlen] = '\0';
    snprintf(c->zone_label[c->n_zones], sizeof(c->zone_label[0]), "%s", label);
    c->n_zones++;
    if (!c->line[CONF_ZONE])
        c->line[CONF_ZONE] = line;
}

/* Each apply_GROUP below sets the keys of its group and returns true, or returns false
 * for a key of another group (nothing done). */

/* The feed and what is shown of it: feed, poll_interval, stale_after, cache_dir, ca_file,
 * allow_insecure_redirect, fonts, hall, lang, lang2, zone. */
static bool apply_source(conf_parser *p, int line, conf_key k, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *sv = conf_shown(q, sizeof(q), v, strlen(v));
    switch (k) {
    case CONF_FEED:
        if (v[0] != '/' && !conf_url_ok(v)) {
            conf_report(p->s, line, "feed: \"%s\" is neither a URL (http://, https://, "
                        "file://) nor an absolute path", sv);
            return true;
        }
        set_str(p, line, k, c->feed, sizeof(c->feed), v);
        return true;
    case CONF_POLL_INTERVAL:
        set_int(p, line, k, &c->poll_interval, v, CONF_POLL_MIN, CONF_POLL_MAX, " of seconds");
        return true;
    case CONF_STALE_AFTER:
        set_int(p, line, k, &c->stale_after, v, CONF_STALE_MIN, CONF_STALE_MAX, " of seconds");
        return true;
    case CONF_CACHE_DIR:
        set_path(p, line, k, c->cache_dir, sizeof(c->cache_dir), v);
        return true;
    case CONF_CA_FILE:
        set_path(p, line, k, c->ca_file, sizeof(c->ca_file), v);
        return true;
    case CONF_ALLOW_INSECURE_REDIRECT:
        set_bool(p, line, k, &c->allow_insecure_redirect, v);
        return true;
    case CONF_FONTS:
        set_path(p, line, k, c->fonts, sizeof(c->fonts), v);
        return true;
    case CONF_HALL:
        set_str(p, line, k, c->hall, sizeof(c->hall), v);
        return true;
    case CONF_LANG:
    case CONF_LANG2:
        if (!conf_lang_ok(v)) {
            conf_report(p->s, line, "%s: \"%s\" is not a language tag (like en, zh-Hans)",
                        KEY_NAMES[k], sv);
            return true;
        }
        set_str(p, line, k, k == CONF_LANG ? c->lang : c->lang2, sizeof(c->lang), v);
        return true;
    case CONF_ZONE:
        set_zone(p, line, v);
        return true;
    default:
        return false;
    }
}

/* The screen and the board profile: board, rotate, windowed, display_on, display_off,
 * video_driver, render_driver, resolution, max_texture, memory_budget. */
static bool apply_display(conf_parser *p, int line, conf_key k, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *sv = conf_shown(q, sizeof(q), v, strlen(v));
    switch (k) {
    case CONF_BOARD:
        if (!conf_name_ok(v)) {
            conf_report(p->s, line, "board: \"%s\" is not a profile name (1..%d letters, "
                        "digits, '-', '_', '.')", sv, CONF_NAME_MAX);
            return true;
        }
        set_str(p, line, k, c->board, sizeof(c->board), v);
        return true;
    case CONF_ROTATE: {
        long long r;
        if (!conf_parse_int(v, &r) || (r != 0 && r != 90 && r != 180 && r != 270)) {
            conf_report(p->s, line, "rotate: \"%s\" is not 0, 90, 180 or 270", sv);
            return true;
        }
        c->rotate = (int)r;
        c->line[k] = line;
        return true;
    }
    case CONF_WINDOWED:
    case CONF_RESOLUTION:
        if (!conf_parse_size(v, k == CONF_WINDOWED ? &c->width : &c->res_width,
                             k == CONF_WINDOWED ? &c->height : &c->res_height)) {
            conf_report(p->s, line, "%s: \"%s\" is not WIDTHxHEIGHT (1..%d each)",
                        KEY_NAMES[k], sv, CONF_MAX_SIDE);
            return true;
        }
        c->line[k] = line;
        return true;
    case CONF_DISPLAY_ON:
    case CONF_DISPLAY_OFF: {
        int m = conf_parse_hhmm(v);
        if (m < 0) {
            conf_report(p->s, line, "%s: \"%s\" is not HH:MM (00:00..23:59)", KEY_NAMES[k],
                        sv);
            return true;
        }
        *(k == CONF_DISPLAY_ON ? &c->display_on : &c->display_off) = m;
        c->line[k] = line;
        return true;
    }
    case CONF_VIDEO_DRIVER:
    case CONF_RENDER_DRIVER:
        if (!conf_name_ok(v)) {
            conf_report(p->s, line, "%s: \"%s\" is not a driver name (like kmsdrm, "
                        "opengles2)", KEY_NAMES[k], sv);
            return true;
        }
        set_str(p, line, k, k == CONF_VIDEO_DRIVER ? c->video_driver : c->render_driver,
                sizeof(c->video_driver), v);
        return true;
    case CONF_MAX_TEXTURE:
        set_int(p, line, k, &c->max_texture, v, CONF_TEXTURE_MIN, CONF_TEXTURE_MAX,
                " of pixels");
        return true;
    case CONF_MEMORY_BUDGET:
        set_int(p, line, k, &c->memory_budget, v, CONF_MEMORY_MIN, CONF_MEMORY_MAX, " of MB");
        return true;
    default:
        return false;
    }
}

/* The control endpoint and the overrides: control_port, control_token,
 * control_token_file, control_bind, trusted_key, overrides_url, overrides_interval. */
static bool apply_control(conf_parser *p, int line, conf_key k, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *sv = conf_shown(q, sizeof(q), v, strlen(v));
    switch (k) {
    case CONF_CONTROL_PORT:
        set_int(p, line, k, &c->control_port, v, 0, CONF_PORT_MAX, "");
        return true;
    case CONF_CONTROL_TOKEN: {
        size_t n = strlen(v);
        bool ok = n >= CONF_TOKEN_MIN && n <= CONF_TOKEN_MAX;
        for (size_t i = 0; ok && i < n; i++)
            ok = v[i] > ' ' && v[i] < 0x7f;
        if (!ok) {
            conf_report(p->s, line,
                        "control_token: %d..%d printable ASCII characters, no spaces",
                        CONF_TOKEN_MIN, CONF_TOKEN_MAX);
            return true;
        }
        set_str(p, line, k, c->control_token, sizeof(c->control_token), v);
        return true;
    }
    case CONF_CONTROL_TOKEN_FILE:
    case CONF_TRUSTED_KEY:
        set_path(p, line, k, k == CONF_CONTROL_TOKEN_FILE ? c->control_token_file
                                                          : c->trusted_key,
                 sizeof(c->trusted_key), v);
        return true;
    case CONF_CONTROL_BIND:
        if (!conf_bind_ok(v)) {
            conf_report(p->s, line, "control_bind: \"%s\" is not an address (127.0.0.1, "
                        "::1, 192.168.1.20) or *", sv);
            return true;
        }
        set_str(p, line, k, c->control_bind, sizeof(c->control_bind), v);
        return true;
    case CONF_OVERRIDES_URL:
        if (!conf_url_ok(v)) {
            conf_report(p->s, line, "overrides_url: \"%s\" is not a URL (http://, https://, "
                        "file://)", sv);
            return true;
        }
        set_str(p, line, k, c->overrides_url, sizeof(c->overrides_url), v);
        return true;
    case CONF_OVERRIDES_INTERVAL:
        set_int(p, line, k, &c->overrides_interval, v, CONF_OVERRIDES_MIN,
                CONF_OVERRIDES_MAX, " of seconds");
        return true;
    default:
        return false;
    }
}

/* The fleet's broker: fleet_broker, fleet_topic, board_name, fleet_user,
 * fleet_password_file. */
static bool apply_fleet(conf_parser *p, int line, conf_key k, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *sv = conf_shown(q, sizeof(q), v, strlen(v));
    switch (k) {
    case CONF_FLEET_BROKER:
        if (!conf_broker_ok(v)) {
            conf_report(p->s, line, "fleet_broker: \"%s\" is not mqtt://HOST:PORT or "
                        "mqtts://HOST:PORT", sv);
            return true;
        }
        set_str(p, line, k, c->fleet_broker, sizeof(c->fleet_broker), v);
        return true;
    case CONF_FLEET_TOPIC:
        if (!conf_topic_ok(v)) {
            conf_report(p->s, line, "fleet_topic: \"%s\" is not a topic prefix (like "
                        "hallboard/venue1: no + or #, no empty level)", sv);
            return true;
        }
        set_str(p, line, k, c->fleet_topic, sizeof(c->fleet_topic), v);
        return true;
    case CONF_BOARD_NAME:
    case CONF_FLEET_USER:
        if (!conf_name_ok(v)) {
            conf_report(p->s, line, "%s: \"%s\" is not a name (1..%d letters, digits, '-', "
                        "'_', '.')", KEY_NAMES[k], sv, CONF_NAME_MAX);
            return true;
        }
        set_str(p, line, k, k == CONF_BOARD_NAME ? c->board_name : c->fleet_user,
                sizeof(c->board_name), v);
        return true;
    case CONF_FLEET_PASSWORD_FILE:
        set_path(p, line, k, c->fleet_password_file, sizeof(c->fleet_password_file), v);
        return true;
    default:
        return false;
    }
}

/* The view: view, lobby_halls, lobby_idle, lobby_page_seconds. */
static bool apply_view(conf_parser *p, int line, conf_key k, const char *v)
{
    conf_values *c = p->out;
    char q[128];
    const char *sv = conf_shown(q, sizeof(q), v, strlen(v));
    layout_view view;
    switch (k) {
    case CONF_VIEW:
        if (!layout_view_parse(v, &view)) {
            conf_report(p->s, line, "view: \"%s\" is not hall, event, lobby or auto", sv);
            return true;
        }
        c->view = (int)view;
        c->line[k] = line;
        return true;
    case CONF_LOBBY_HALLS:
        set_str(p, line, k, c->lobby_halls, sizeof(c->lobby_halls), v);
        return true;
    case CONF_LOBBY_IDLE:
        if (strcmp(v, "last") != 0 && strcmp(v, "hide") != 0) {
            conf_report(p->s, line, "lobby_idle: \"%s\" is not last or hide", sv);
            return true;
        }
        c->lobby_hide_idle = v[0] == 'h';
        c->line[k] = line;
        return true;
    case CONF_LOBBY_PAGE_SECONDS:
        set_int(p, line, k, &c->lobby_page_seconds, v, LAYOUT_LOBBY_PAGE_MIN,
                LAYOUT_LOBBY_PAGE_MAX, " of seconds");
        return true;
    default:
        return false;
    }
}

void conf_apply(conf_parser *p, int line, conf_key k, const char *v)
{
    if (!apply_source(p, line, k, v) && !apply_display(p, line, k, v) &&
        !apply_control(p, line, k, v) && !apply_fleet(p, line, k, v))
        apply_view(p, line, k, v);
}
