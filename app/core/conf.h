/* conf.h - the board's settings file (/etc/hallboard/hallboard.conf) parsed from its
 * text into a struct; the format is documented in docs/configuration.md.
 *
 * Pure and thread-safe: no file I/O, clock, environment or allocation (the shell reads
 * the file and hands over its bytes). Every string lives in a fixed-size array inside
 * conf_values, so nothing needs freeing. Every limit is a named constant below; a
 * value over its limit is an error, never truncated.
 */
#ifndef HB_CONF_H
#define HB_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "tz.h"

#define CONF_DEFAULT_PATH "/etc/hallboard/hallboard.conf"

#define CONF_MAX_LINES 200      /* lines in a file */
#define CONF_LINE_MAX 4096      /* bytes of one line, without its line ending */
#define CONF_VALUE_MAX 1024     /* bytes of one value, after unquoting */
#define CONF_MAX_ERRORS 20      /* error lines written to err; the rest are counted */
#define CONF_MAX_ZONES 8        /* `zone` lines (the board's clocks) */
#define CONF_LANG_MAX 35        /* bytes of a language tag */
#define CONF_LABEL_MAX 128      /* bytes of a zone label */
#define CONF_NAME_MAX 64        /* bytes of a board profile name */
#define CONF_MAX_SIDE 8192      /* largest windowed width or height (BOARD_MAX_SIDE) */

#define CONF_POLL_MIN 10
#define CONF_POLL_MAX 86400
#define CONF_POLL_DEFAULT 60
#define CONF_STALE_MIN 60
#define CONF_STALE_MAX 2592000  /* 30 days */
#define CONF_STALE_DEFAULT 21600 /* 6 h */
#define CONF_CACHE_DIR_DEFAULT "/var/cache/hallboard"
#define CONF_TEXTURE_MIN 256
#define CONF_TEXTURE_MAX 16384
#define CONF_MEMORY_MIN 16
#define CONF_MEMORY_MAX 65536
#define CONF_PORT_MAX 65535
#define CONF_TOKEN_MIN 16       /* bytes of control_token: guessing must not pay */
#define CONF_TOKEN_MAX 255
#define CONF_OVERRIDES_MIN 2      /* s between polls of overrides_url */
#define CONF_OVERRIDES_MAX 3600
#define CONF_OVERRIDES_DEFAULT 10
#define CONF_TOPIC_MAX 200        /* bytes of fleet_topic */

/* The keys, in the order of docs/configuration.md. */
typedef enum {
    CONF_FEED,
    CONF_POLL_INTERVAL,
    CONF_CACHE_DIR,
    CONF_CA_FILE,
    CONF_ALLOW_INSECURE_REDIRECT,
    CONF_STALE_AFTER,
    CONF_HALL,
    CONF_LANG,
    CONF_LANG2,
    CONF_ZONE,
    CONF_BOARD,
    CONF_ROTATE,
    CONF_WINDOWED,
    CONF_DISPLAY_ON,
    CONF_DISPLAY_OFF,
    CONF_FONTS,
    CONF_CONTROL_PORT,
    CONF_CONTROL_TOKEN,
    CONF_CONTROL_TOKEN_FILE,
    CONF_CONTROL_BIND,
    CONF_TRUSTED_KEY,
    CONF_OVERRIDES_URL,
    CONF_OVERRIDES_INTERVAL,
    CONF_FLEET_BROKER,
    CONF_FLEET_TOPIC,
    CONF_BOARD_NAME,
    CONF_FLEET_USER,
    CONF_FLEET_PASSWORD_FILE,
    /* Board profile keys (boards/NAME/board.conf; allowed in hallboard.conf too). */
    CONF_VIDEO_DRIVER,
    CONF_RENDER_DRIVER,
    CONF_RESOLUTION,
    CONF_MAX_TEXTURE,
    CONF_MEMORY_BUDGET,
    /* The view (after the profile keys: added later). */
    CONF_VIEW,
    CONF_LOBBY_HALLS,
    CONF_LOBBY_IDLE,
    CONF_LOBBY_PAGE_SECONDS,
    CONF_KEY_COUNT
} conf_key;

typedef struct {
    char feed[CONF_VALUE_MAX + 1];      /* URL (http, https, file) or absolute path; "" =
                                           the built-in agenda */
    int poll_interval;                  /* seconds between polls of feed */
    char cache_dir[CONF_VALUE_MAX + 1]; /* absolute path */
    char ca_file[CONF_VALUE_MAX + 1];   /* extra CA bundle (absolute path), "" = none */
    bool allow_insecure_redirect;       /* follow a redirect from an https feed to http
                                           (false: refused, the feed would lose TLS) */
    int stale_after;                    /* seconds after the last good fetch before the
                                           footer says the agenda may be outdated */
    char hall[CONF_VALUE_MAX + 1];      /* the board's hall id, "" = every hall */
    char lang[CONF_LANG_MAX + 1];       /* language tag, "" = the feed's first */
    char lang2[CONF_LANG_MAX + 1];      /* second language, "" = none */
    size_t n_zones;                     /* 0 = the feed's zones */
    char zone[CONF_MAX_ZONES][TZ_NAME_MAX + 1];         /* IANA names */
    char zone_label[CONF_MAX_ZONES][CONF_LABEL_MAX + 1]; /* "" = the zone's own label */
    char board[CONF_NAME_MAX + 1];      /* board profile name, "" = none */
    int rotate;                         /* 0, 90, 180 or 270 (clockwise) */
    int width, height;                  /* windowed size; 0 x 0 = fullscreen */
    int display_on, display_off;        /* minutes after local midnight the screen turns
                                           on / off (black outside); both -1 = always on.
                                           on > off spans midnight (22:00 .. 06:00). */
    char fonts[CONF_VALUE_MAX + 1];     /* font chain file (absolute path), "" = built-in */
    int control_port;                   /* the control endpoint's TCP port, 0 = none */
    char control_token[CONF_TOKEN_MAX + 1]; /* PUT /feed needs it, "" = no pushing */
    char control_token_file[CONF_VALUE_MAX + 1]; /* the token in a file of its own (0600,
                                        * absolute path), "" = none */
    char control_bind[CONF_VALUE_MAX + 1]; /* address the endpoint listens on: an IPv4 or
                                        * IPv6 literal, "*" = every one; "" = loopback */
    char trusted_key[CONF_VALUE_MAX + 1]; /* Ed25519 public key (absolute path): only
                                        * signed pushes are accepted, "" = none */
    char overrides_url[CONF_VALUE_MAX + 1]; /* overrides polled from here, "" = none */
    int overrides_interval;             /* s between polls of overrides_url */
    char fleet_broker[CONF_VALUE_MAX + 1]; /* mqtt://HOST:PORT or mqtts://..., "" = none */
    char fleet_topic[CONF_TOPIC_MAX + 1];  /* topic prefix ("hallboard/venue1") */
    char board_name[CONF_NAME_MAX + 1];    /* the board's name in the fleet, "" = host name */
    char fleet_user[CONF_NAME_MAX + 1];    /* broker user name, "" = none */
    char fleet_password_file[CONF_VALUE_MAX + 1]; /* broker password (absolute path) */
    char video_driver[CONF_NAME_MAX + 1];  /* SDL video driver ("kmsdrm"), "" = SDL's pick */
    char render_driver[CONF_NAME_MAX + 1]; /* SDL render driver ("opengles2"), "" = SDL's */
    int res_width, res_height;          /* display mode wanted fullscreen, 0 = desktop's */
    int max_texture;                    /* the GPU's largest texture side, 0 = ask SDL */
    int memory_budget;                  /* MB the board may use, 0 = not stated */
    int view;                           /* layout_view (layout.h): hall, event, lobby or
                                           auto (the default: hall when a hall is set) */
    char lobby_halls[CONF_VALUE_MAX + 1]; /* the lobby's halls "A,B,C", "" = every hall */
    bool lobby_hide_idle;               /* lobby_idle = hide (default last) */
    int lobby_page_seconds;             /* s a lobby page stays (LAYOUT_LOBBY_PAGE_*) */
    int line[CONF_KEY_COUNT];           /* line where each key was set (for `zone` the
                                           first), 0 = not in the file */
} conf_values;

/* The name of a key as written in the file ("poll_interval"); "" out of range. Static. */
const char *conf_key_name(conf_key k);

/* Fills c with the defaults: no feed, poll 60 s, cache in /var/cache/hallboard, stale
 * after 6 h, every hall, fullscreen, rotation 0, always on, no zones or languages. */
void conf_defaults(conf_values *c);

/* Parses the text of a settings file (len bytes; NULs are errors, not terminators).
 * out receives the defaults overridden by the file's values. Returns the number of
 * errors (0 = ok; out is then complete). Each error is one line in err,
 * "NAME:LINE: message\n" (NAME = name_for_messages, or "hallboard.conf" when NULL),
 * in line order (the display_on/display_off pairing is checked last), at most
 * CONF_MAX_ERRORS of them followed by "NAME: N more errors\n";
 * err always NUL-terminated when errcap > 0, holding only whole lines that fit. All
 * errors are collected, not only the first. With errors, out holds the defaults and
 * the values of the lines that were valid: not to be used as a whole. */
int conf_parse(const char *text, size_t len, const char *name_for_messages, conf_values *out,
               char *err, size_t errcap);

#endif
