/* fleetlink_names.c - the broker URL and the names that become topic levels, checked
 * before a link starts (fleetlink.h): fleetlink_parse_url, fleetlink_name_ok,
 * fleetlink_prefix_ok. No I/O, no libmosquitto. */
#include "fleetlink.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int fleetlink_parse_url(const char *url, fleetlink_url *out, char *err, size_t errcap)
{
    memset(out, 0, sizeof(*out));
    const char *p;
    if (strncmp(url, "mqtt://", 7) == 0) {
        p = url + 7;
        out->port = FLEETLINK_DEFAULT_PORT;
    } else if (strncmp(url, "mqtts://", 8) == 0) {
        p = url + 8;
        out->tls = true;
        out->port = FLEETLINK_DEFAULT_TLS_PORT;
    } else {
        snprintf(err, errcap, "\"%.80s\" is not mqtt://HOST[:PORT] or mqtts://HOST[:PORT]", url);
        return -1;
    }
    const char *host = p, *host_end;
    if (*p == '[') {
        host = p + 1;
        host_end = strchr(host, ']');
        p = host_end ? host_end + 1 : NULL;
    } else {
        host_end = p + strcspn(p, ":/");
        p = host_end;
    }
    size_t n = host_end ? (size_t)(host_end - host) : 0;
    if (!p || n == 0 || n > FLEETLINK_HOST_MAX) {
        snprintf(err, errcap, "\"%.80s\": no host name", url);
        return -1;
    }
    memcpy(out->host, host, n);
    out->host[n] = '\0';
    if (*p == ':') {
        char *end;
        long port = strtol(p + 1, &end, 10);
        if (end == p + 1 || port < 1 || port > 65535 || (*end && strcmp(end, "/") != 0)) {
            snprintf(err, errcap, "\"%.80s\": the port is not 1..65535", url);
            return -1;
        }
        out->port = (int)port;
    } else if (*p && strcmp(p, "/") != 0) {
        snprintf(err, errcap, "\"%.80s\": nothing may follow HOST:PORT", url);
        return -1;
    }
    for (const char *c = out->host; *c; c++)
        if ((unsigned char)*c <= ' ' || *c == '@') {
            snprintf(err, errcap, "\"%.80s\": not a host name", url);
            return -1;
        }
    return 0;
}

/* True when s (n bytes) holds no control character, '+' or '#'. */
static bool topic_chars_ok(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f || s[i] == '+' || s[i] == '#')
            return false;
    return true;
}

bool fleetlink_name_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n >= 1 && n <= FLEETLINK_NAME_MAX && !strchr(s, '/') && topic_chars_ok(s, n);
}

bool fleetlink_prefix_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    return n >= 1 && n <= FLEETLINK_PREFIX_MAX && s[0] != '/' && s[n - 1] != '/' &&
           !strstr(s, "//") && topic_chars_ok(s, n);
}
