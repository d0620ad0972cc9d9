/* cli.c - argument parsing and the commands.
 *
 * Layout: usage text; the shared option parser; loading the agenda a command asks
 * for; one function per command; the dispatcher. How the settings file and board
 * profiles fill the options is cli_settings.c's.
 */
#include "cli.h"
#include "cli_int.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "board.h"
#include "boot.h"
#include "cache.h"
#include "control.h"
#include "fleet.h"
#include "civil.h"
#include "cli_keys.h"
#include "clock.h"
#include "logsafe.h"
#include "opcmd.h"
#include "conf.h"
#include "feed.h"
#include "feedsrc.h"
#include "fetch.h"
#include "overfile.h"
#include "sched.h"
#include "statejson.h"
#include "status.h"
#include "tzdb.h"

static const char usage_text[] =
    "Usage: hallboard [COMMAND] [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  hallboard [--feed PATH] [--hall ID] [--lang TAG] [--windowed WxH] [--rotate DEG]\n"
    "            [--demo [--speed N]] [--control-port N]\n"
    "        Run the board (fullscreen unless --windowed; Esc or q quits a window).\n"
    "  hallboard render --at TIME --size WxH [--rotate DEG] [--lang TAG] [--feed PATH]\n"
    "                  [--overrides FILE] [--view VIEW [--page N]] -o OUT.png\n"
    "        Render one frame to a PNG file, without a display.\n"
    "  hallboard state [--feed PATH] [--at TIME] [--hall ID] [--lang TAG] [--zone IANA[=LABEL]]...\n"
    "                  [--overrides FILE] [--view VIEW [--page N [--size WxH]]]\n"
    "        Print what is on now and next as one JSON object.\n"
    "  hallboard check [--zone IANA] FEED\n"
    "        Validate a feed (Hallboard, frab/pretalx JSON or XML, iCalendar, Sessionize,\n"
    "        Indico, CSV): exit 0 if valid, 1 if not; one line per problem. --zone names\n"
    "        the venue's zone for exports that give times without one.\n"
    "  hallboard fetch --feed URL --cache DIR [--ca-file PEM]\n"
    "        One fetch-check-store cycle; prints one JSON line. Exit 0 stored or\n"
    "        unchanged, 1 rejected, 2 network failure.\n"
    "  hallboard status BOARD...\n"
    "        Ask boards' control endpoints (HOST[:PORT], port 8080 by default, or a\n"
    "        URL) for their status: one tab-separated line each. Exit 2 if one did\n"
    "        not answer.\n"
    "  hallboard announce TEXT --level info|urgent|emergency [--hall ID] [--until TIME] TARGET\n"
    "  hallboard override --session ID (--delay MIN | --cancel | --hall ID | --full |\n"
    "            --note TEXT)... [--until TIME] TARGET\n"
    "  hallboard clear (--announcement [--hall ID] | --session ID | --all [--hall ID]) TARGET\n"
    "  hallboard push FEED TARGET\n"
    "        Live operations: change the override document (or send a feed checked like\n"
    "        `check`). TARGET: --broker mqtt[s]://HOST[:PORT] --topic PREFIX [--user NAME\n"
    "        --password-file FILE] [--ca-file PEM], or --board HOST[:PORT] [--token-file\n"
    "        FILE]; --key FILE.key signs. TIME: RFC 3339 or HH:MM (today, local time).\n"
    "  hallboard fleet --broker URL --topic PREFIX\n"
    "        Every board's last status on the broker, one line each. Exit 2 if one is\n"
    "        offline.\n"
    "  hallboard keygen --out PREFIX\n"
    "        Make an Ed25519 key pair for signed pushes: PREFIX.key (private, 0600, kept\n"
    "        by the operators) and PREFIX.pub (for the boards' trusted_key). Never\n"
    "        replaces an existing key.\n"
    "\n"
    "Options:\n"
    "  --feed PATH|URL    a feed file, or an http(s):// or file:// URL (the board polls it;\n"
    "                     state and render fetch it once first). Default: the built-in agenda\n"
    "  --cache DIR        the cache of fetched feeds (state/render: use it; default for the\n"
    "                     board: none unless configured)\n"
    "  --ca-file PEM      trust this CA too when fetching over https\n"
    "  --poll-interval S  the board: seconds between polls of --feed URL (default 60)\n"
    "  --control-port N   the board: answer GET /status, GET /screen.png and PUT /feed on\n"
    "                     this TCP port (default: control_port of the settings, else none)\n"
    "  --at TIME          the instant, RFC 3339 (default: now)\n"
    "  --hall ID          one hall's view (default: every hall)\n"
    "  --view VIEW        hall, event, lobby (a row per hall, pages that turn) or auto\n"
    "                     (default: hall when a hall is set, else event)\n"
    "  --page N           render, state: the lobby's page N (state: as a --size board,\n"
    "                     1920x1080 unless given, lays it out)\n"
    "  --overrides FILE   state, render: apply this override document (docs/overrides.md)\n"
    "                     at --at for the --hall board; a broken one is exit 1\n"
    "  --lang TAG         language of titles and labels (default: the feed's first)\n"
    "  --zone IANA[=LABEL] show this zone instead of the feed's (repeatable, up to 8)\n"
    "  --lang2 TAG        the event title also in this language, beneath\n"
    "  --windowed WxH     a window of that size instead of fullscreen\n"
    "  --size WxH         render: the display size in pixels\n"
    "  --rotate DEG       0, 90, 180 or 270: turn the board clockwise on the display\n"
    "  --demo             replay the agenda on a simulated clock from before the opening\n"
    "  --speed N          demo: simulated seconds per real second (default 60)\n"
    "  --fonts PATH       a font chain file (default: the built-in chain, see fonts/)\n"
    "  --board NAME       a board profile: rpi3, rpi4, rpi5, rpi-zero2w, generic-x86\n"
    "                     (drivers, resolution, rotation, largest texture; see boards/)\n"
    "  --config PATH      the board's settings (default /etc/hallboard/hallboard.conf when\n"
    "                     it exists; options given here win over it)\n"
    "  -o PATH            render: the PNG to write\n"
    "  --help, --version\n"
    "\n"
    "Exit codes: 0 success, 1 invalid or unusable feed, 2 network failure, 64 usage error.\n";


/* Value of option `name` at argv[*i] ("--name VALUE" or "--name=VALUE"), or NULL
 * if argv[*i] is not that option. Sets *missing when the value is absent. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    const char *arg = argv[*i];
    if (strncmp(arg, name, n) != 0)
        return NULL;
    if (arg[n] == '=')
        return arg + n + 1;
    if (arg[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* Parses options after the command word. Returns 0 or CLI_EXIT_USAGE after a message. */
static int parse_opts(int argc, char **argv, int first, cli_opts *o, FILE *err)
{
    memset(o, 0, sizeof(*o));
    o->control_port = -1;
    for (int i = first; i < argc; i++) {
        bool missing = false;
        const char *v;
        if ((v = opt_value(argc, argv, &i, "--feed", &missing)))
            o->feed = v;
        else if ((v = opt_value(argc, argv, &i, "--at", &missing)))
            o->at = v;
        else if ((v = opt_value(argc, argv, &i, "--hall", &missing)))
            o->hall = v;
        else if ((v = opt_value(argc, argv, &i, "--lang2", &missing)))
            o->lang2 = v;
        else if ((v = opt_value(argc, argv, &i, "--lang", &missing)))
            o->lang = v;
        else if ((v = opt_value(argc, argv, &i, "--cache", &missing)))
            o->cache = v;
        else if ((v = opt_value(argc, argv, &i, "--ca-file", &missing)))
            o->ca_file = v;
        else if ((v = opt_value(argc, argv, &i, "--config", &missing)))
            o->config = v;
        else if ((v = opt_value(argc, argv, &i, "--board", &missing)))
            o->board = v;
        else if ((v = opt_value(argc, argv, &i, "--overrides", &missing)))
            o->overrides = v;
        else if ((v = opt_value(argc, argv, &i, "--view", &missing)))
            o->view = v;
        else if ((v = opt_value(argc, argv, &i, "--page", &missing)))
            o->page = v;
        else if ((v = opt_value(argc, argv, &i, "--fleet-broker", &missing)))
            o->fleet_broker = v;
        else if ((v = opt_value(argc, argv, &i, "--fleet-topic", &missing)))
            o->fleet_topic = v;
        else if ((v = opt_value(argc, argv, &i, "--board-name", &missing)))
            o->board_name = v;
        else if ((v = opt_value(argc, argv, &i, "--poll-interval", &missing))) {
            char *end;
            long p = strtol(v, &end, 10);
            if (*end != '\0' || p < 10 || p > 86400) {
                fprintf(err, "hallboard: --poll-interval: \"%s\" is not 10..86400 seconds\n", v);
                return CLI_EXIT_USAGE;
            }
            o->poll_s = p;
        }
        else if ((v = opt_value(argc, argv, &i, "--control-port", &missing))) {
            char *end;
            long p = strtol(v, &end, 10);
            if (*end != '\0' || end == v || p < 0 || p > 65535) {
                fprintf(err, "hallboard: --control-port: \"%s\" is not 0..65535 (0: none)\n", v);
                return CLI_EXIT_USAGE;
            }
            o->control_port = p;
        }
        else if ((v = opt_value(argc, argv, &i, "--windowed", &missing)))
            o->windowed = v;
        else if ((v = opt_value(argc, argv, &i, "--size", &missing)))
            o->size = v;
        else if ((v = opt_value(argc, argv, &i, "--rotate", &missing)))
            o->rotate = v;
        else if ((v = opt_value(argc, argv, &i, "--speed", &missing)))
            o->speed = v;
        else if ((v = opt_value(argc, argv, &i, "--fonts", &missing)))
            o->fonts = v;
        else if ((v = opt_value(argc, argv, &i, "-o", &missing)) ||
                 (v = opt_value(argc, argv, &i, "--output", &missing)) ||
                 (v = opt_value(argc, argv, &i, "--out", &missing)))
            o->output = v;
        else if (strcmp(argv[i], "--demo") == 0)
            o->demo = true;
        else if ((v = opt_value(argc, argv, &i, "--zone", &missing))) {
            if (o->n_zones >= AGENDA_MAX_ZONES) {
                fprintf(err, "hallboard: at most %u --zone options\n", AGENDA_MAX_ZONES);
                return CLI_EXIT_USAGE;
            }
            const char *eq = strchr(v, '=');
            size_t len = eq ? (size_t)(eq - v) : strlen(v);
            if (len == 0 || len > TZ_NAME_MAX) {
                fprintf(err, "hallboard: --zone: \"%s\" is not a zone name\n", v);
                return CLI_EXIT_USAGE;
            }
            memcpy(o->zone_buf[o->n_zones], v, len);
            o->zone_buf[o->n_zones][len] = '\0';
            o->zones[o->n_zones] = o->zone_buf[o->n_zones];
            o->labels[o->n_zones] = eq && eq[1] ? eq + 1 : NULL;
            o->n_zones++;
        } else if (missing) {
            fprintf(err, "hallboard: %s needs a value\n", argv[i]);
            return CLI_EXIT_USAGE;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(err, "hallboard: unknown option %s (see hallboard --help)\n", argv[i]);
            return CLI_EXIT_USAGE;
        } else if (o->n_positional < FLEET_MAX_BOARDS) {
            o->positional[o->n_positional++] = argv[i];
        } else {
            fprintf(err, "hallboard: too many arguments\n");
            return CLI_EXIT_USAGE;
        }
        if (missing) {
            fprintf(err, "hallboard: %s needs a value\n", argv[i]);
            return CLI_EXIT_USAGE;
        }
    }
    return 0;
}

/* Prints a report's lines to f. */
static void print_report(const feed_report *r, FILE *f)
{
    char buf[FEED_MAX_PROBLEMS * (FEED_PATH_MAX + FEED_MSG_MAX + 16) + 64];
    feed_report_format(r, buf, sizeof(buf));
    fputs(buf, f);
}

/* True for URLs fetched through libcurl (a plain path is a local file). */
bool cli_is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
           strncmp(s, "file://", 7) == 0;
}

/* Feed options for o (zones from --zone). */
static feed_options cli_feed_options(const cli_opts *o)
{
    feed_options fo = feedsrc_options();
    if (o->n_zones) {
        fo.zones = o->zones;
        fo.zone_labels = o->labels;
    }
    return fo;
}

/* The agenda a command works on, and where it came from. */
typedef struct {
    agenda *a;
    status_input status;   /* for the footer */
    int exit_code;         /* when a is NULL */
    char name[256];        /* file name behind status.name */
} cli_source;

/* Loads the feed kept in dir (pushed or polled) into src. Returns true on success;
 * else prints why (nothing pushed yet is no news). */
static bool load_cache_dir(const char *dir, bool pushed, const feed_options *fo,
                           cli_source *src, FILE *err)
{
    feed_report *rep = malloc(sizeof(*rep));
    char why[400];
    if (!rep) {
        fprintf(err, "hallboard: out of memory\n");
        return false;
    }
    rep->n = 0;
    boot_load got = boot_load_cache(dir, pushed, fo, &src->a, &src->status, rep, why,
                                    sizeof(why));
    if (got != BOOT_LOADED && !(pushed && got == BOOT_NONE)) {
        fprintf(err, "hallboard: %s\n", why);
        if (rep->n)
            print_report(rep, err);
    }
    free(rep);
    return got == BOOT_LOADED;
}

/* Loads the cache of o->cache into src. Returns true on success; else prints why. */
static bool load_cache(const cli_opts *o, const feed_options *fo, cli_source *src, FILE *err)
{
    return load_cache_dir(o->cache, false, fo, src, err);
}

/* Loads what o asks for: --feed URL (fetched once, stored in --cache when given;
 * the cache stands in when the network fails), --cache DIR, --feed PATH, or the
 * embedded agenda. On failure src->a is NULL and src->exit_code says why. */
static void load_source(const cli_opts *o, cli_source *src, FILE *err)
{
    /* A board that is pushed to shows what was pushed last, over a feed file. */
    if (o->push_cache) {
        memset(src, 0, sizeof(*src));
        feed_options fo = cli_feed_options(o);
        if (load_cache_dir(o->push_cache, true, &fo, src, err)) {
            src->status.demo = o->demo;
            status_set_agenda(&src->status, src->a);
            return;
        }
        agenda_free(src->a);
    }
    memset(src, 0, sizeof(*src));
    feed_options fo = cli_feed_options(o);
    src->exit_code = CLI_EXIT_INVALID;
    src->status.demo = o->demo;
    if (o->feed && cli_is_url(o->feed)) {
        fetch_config fc = {.url = o->feed, .cache_dir = o->cache, .ca_file = o->ca_file,
                           .allow_insecure_redirect = o->allow_insecure_redirect};
        fetch_result *res = calloc(1, sizeof(*res));
        if (!res)
            return;
        fetch_cycle(&fc, &fo, res);
        src->status.has_url = true;
        if (res->outcome == FETCH_STORED) {
            src->a = res->agenda;
            res->agenda = NULL;
            src->status.source = STATUS_NETWORK;
            src->status.fetch = STATUS_FETCH_OK;
            src->status.fetched_at = res->fetched_at;
            src->status.not_saved = res->reason[0] != '\0';
            if (res->reason[0])
                fprintf(err, "hallboard: %s\n", res->reason);
        } else if (res->outcome == FETCH_UNCHANGED && o->cache) {
            /* 304: the cache is what the origin has, as good as fetched now. */
            if (load_cache(o, &fo, src, err)) {
                src->status.source = STATUS_NETWORK;
                src->status.fetch = STATUS_FETCH_OK;
            }
        } else {
            bool rejected = res->outcome == FETCH_REJECTED;
            fprintf(err, "hallboard: %s: %s\n", o->feed,
                    res->reason[0] ? res->reason : "no usable feed");
            if (!rejected && o->cache && load_cache(o, &fo, src, err)) {
                fprintf(err, "hallboard: using the cached feed of %s\n", o->cache);
                src->status.fetch = STATUS_FETCH_FAIL;
            } else {
                src->exit_code = rejected ? CLI_EXIT_INVALID : CLI_EXIT_NETWORK;
            }
        }
        fetch_result_clear(res);
        free(res);
    } else if (o->cache && !o->feed) {
        load_cache(o, &fo, src, err);
    } else {
        feed_report *rep = malloc(sizeof(*rep));
        if (!rep)
            return;
        if (o->feed) {
            src->a = feedsrc_load_file(o->feed, &fo, rep);
            const char *base = strrchr(o->feed, '/');
            snprintf(src->name, sizeof(src->name), "%s", base ? base + 1 : o->feed);
            src->status.source = STATUS_FILE;
            src->status.name = src->name;
        } else {
            src->a = feedsrc_load_embedded(&fo, rep);
            src->status.source = STATUS_EMBEDDED;
        }
        if (!src->a) {
            fprintf(err, "hallboard: %s: the feed is not usable:\n",
                    o->feed ? o->feed : "(embedded)");
            print_report(rep, err);
        }
        free(rep);
    }
    if (src->a)
        status_set_agenda(&src->status, src->a);
}

/* Parses "WxH" (each 1..BOARD_MAX_SIDE). */
static bool parse_size(const char *v, int *w, int *h)
{
    char *end;
    long a = strtol(v, &end, 10);
    if (end == v || (*end != 'x' && *end != 'X'))
        return false;
    const char *p = end + 1;
    long b = strtol(p, &end, 10);
    if (end == p || *end != '\0' || a < 1 || b < 1 || a > BOARD_MAX_SIDE || b > BOARD_MAX_SIDE)
        return false;
    *w = (int)a;
    *h = (int)b;
    return true;
}

/* Looks up --hall in a. Returns 0 (hall set, -1 when not asked) or CLI_EXIT_USAGE. */
static int find_hall(const cli_opts *o, const agenda *a, int32_t *hall, FILE *err)
{
    *hall = -1;
    if (!o->hall)
        return 0;
    *hall = agenda_hall_find(a, o->hall);
    if (*hall >= 0)
        return 0;
    fprintf(err, "hallboard: --hall: no hall \"%s\" in the feed; halls:", o->hall);
    char id[LOGSAFE_LINE];
    for (size_t i = 0; i < a->n_halls; i++)
        fprintf(err, " %s", logsafe(a->halls[i].id, id, sizeof(id)));
    fputc('\n', err);
    return CLI_EXIT_USAGE;
}

/* The view of --view (or the settings) and the 0-based page of --page. Returns 0 or
 * CLI_EXIT_USAGE after a message. */
static int view_opts(const cli_opts *o, layout_view *view, size_t *page, FILE *err)
{
    *view = LAYOUT_VIEW_AUTO;
    *page = 0;
    if (o->view && !layout_view_parse(o->view, view)) {
        fprintf(err, "hallboard: --view: \"%s\" is not hall, event, lobby or auto\n", o->view);
        return CLI_EXIT_USAGE;
    }
    if (*view == LAYOUT_VIEW_HALL && !o->hall) {
        fprintf(err, "hallboard: --view hall needs --hall ID\n");
        return CLI_EXIT_USAGE;
    }
    if (o->page) {
        char *end;
        long p = strtol(o->page, &end, 10);
        if (*end != '\0' || p < 1 || p > CLI_PAGE_MAX) {
            fprintf(err, "hallboard: --page: \"%s\" is not 1..%d\n", o->page, CLI_PAGE_MAX);
            return CLI_EXIT_USAGE;
        }
        *page = (size_t)(p - 1);
    }
    return 0;
}

/* Fills the board options shared by the board and render commands. Returns 0 or
 * CLI_EXIT_USAGE after a message. */
static int board_opts(const cli_opts *o, bool render, board_options *bo, FILE *err)
{
    memset(bo, 0, sizeof(*bo));
    bo->fonts_conf = o->fonts;
    bo->lang = o->lang;
    bo->lang2 = o->lang2;
    bo->hall = -1;
    bo->speed = 60;
    bo->display_on = bo->display_off = -1;
    const char *sz = render ? o->size : o->windowed;
    const char *szname = render ? "--size" : "--windowed";
    if (render && !sz) {
        fprintf(err, "hallboard: render needs --size WxH\n");
        return CLI_EXIT_USAGE;
    }
    if (sz && !parse_size(sz, &bo->width, &bo->height)) {
        fprintf(err, "hallboard: %s: \"%s\" is not WIDTHxHEIGHT (1..%d each)\n", szname, sz,
                BOARD_MAX_SIDE);
        return CLI_EXIT_USAGE;
    }
    if (render && o->windowed) {
        fprintf(err, "hallboard: render takes --size, not --windowed\n");
        return CLI_EXIT_USAGE;
    }
    if (!render && o->size) {
        fprintf(err, "hallboard: --size is for render; a window takes --windowed WxH\n");
        return CLI_EXIT_USAGE;
    }
    if (o->rotate) {
        char *end;
        long r = strtol(o->rotate, &end, 10);
        if (*end != '\0' || (r != 0 && r != 90 && r != 180 && r != 270)) {
            fprintf(err, "hallboard: --rotate: \"%s\" is not 0, 90, 180 or 270\n", o->rotate);
            return CLI_EXIT_USAGE;
        }
        bo->rotate = (int)r;
    }
    if (o->speed) {
        char *end;
        double v = strtod(o->speed, &end);
        if (*end != '\0' || !(v >= 1 && v <= 86400)) {
            fprintf(err, "hallboard: --speed: \"%s\" is not a number from 1 to 86400\n",
                    o->speed);
            return CLI_EXIT_USAGE;
        }
        bo->speed = v;
    }
    bo->demo = o->demo;
    if (!render && getenv("HALLBOARD_RUN_SECONDS"))
        bo->run_seconds = atof(getenv("HALLBOARD_RUN_SECONDS"));
    return 0;
}

/* Reads --at TIME into *at. Returns 0, or CLI_EXIT_USAGE after saying what is wrong
 * (not a time, or a year out of range). */
static int parse_at(const char *s, int64_t *at, FILE *err)
{
    int rc = civil_rfc3339_check(s, at, NULL);
    if (rc == CIVIL_E_RANGE) {
        fprintf(err, "hallboard: --at: \"%s\" is out of range (years %d..%d)\n", s,
                CIVIL_YEAR_MIN, CIVIL_YEAR_MAX);
        return CLI_EXIT_USAGE;
    }
    if (rc != 0) {
        fprintf(err, "hallboard: --at: \"%s\" is not an RFC 3339 time with an offset, "
                     "e.g. 2020-12-09T17:00:00+08:00\n", s);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* Checks what cmd_board takes from the command line alone. Returns 0 or
 * CLI_EXIT_USAGE after a message. */
static int board_args(const cli_opts *o, bool render, int64_t *at, FILE *err)
{
    if (render) {
        if (!o->at) {
            fprintf(err, "hallboard: render needs --at TIME (RFC 3339 with an offset, e.g. "
                         "2020-12-09T17:00:00+08:00)\n");
            return CLI_EXIT_USAGE;
        }
        if (parse_at(o->at, at, err) != 0)
            return CLI_EXIT_USAGE;
        if (!o->output) {
            fprintf(err, "hallboard: render needs -o OUT.png\n");
            return CLI_EXIT_USAGE;
        }
    } else if (o->at || o->output || o->overrides) {
        fprintf(err, "hallboard: %s is for render\n",
                o->at ? "--at" : o->output ? "-o" : "--overrides");
        return CLI_EXIT_USAGE;
    }
    if (o->n_positional) {
        fprintf(err, "hallboard: unexpected argument %s\n", o->positional[0]);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* The board's agenda (boot.h: never none while the built-in one loads) and its live
 * feed. Returns 0, or CLI_EXIT_INVALID when there is nothing to draw. */
static int board_source(const cli_opts *o, boot_choice *ch, board_live *live,
                        boot_problems *pr, FILE *err)
{
    bool url = o->feed && cli_is_url(o->feed);
    boot_request rq = {o->push_cache, url ? o->cache : NULL, url ? NULL : o->feed,
                       cli_feed_options(o), o->demo};
    if (boot_choose(&rq, ch, pr, err) != 0)
        return CLI_EXIT_INVALID;
    memset(live, 0, sizeof(*live));
    if (url) {
        /* The board does not wait for the network: it starts on the cache (or the
         * built-in agenda) and the worker replaces it when a feed arrives. */
        ch->status.has_url = true;
        live->fetch.url = o->feed;
        live->fetch.cache_dir = o->cache;
        live->fetch.ca_file = o->ca_file;
        live->fetch.allow_insecure_redirect = o->allow_insecure_redirect;
        live->fetch.poll_s = o->poll_s;
    }
    live->feed_opts = cli_feed_options(o);
    live->control_port = (int)o->control_port;
    live->control_token = o->control_token;
    live->push_cache = o->push_cache;
    live->profile = o->board;
    cli_live_ops(o, live);
    return 0;
}

/* The board (render false; pr holds the problems met so far) or `render`. */
static int cmd_board(const cli_opts *o, bool render, boot_problems *pr, FILE *err)
{
    board_options bo;
    int64_t at = 0;
    int rc = board_opts(o, render, &bo, err);
    if (rc == 0)
        rc = board_args(o, render, &at, err);
    layout_view view = LAYOUT_VIEW_AUTO;
    size_t page = 0;
    if (rc == 0 && !render && o->view && strcmp(o->view, "hall") == 0 && !o->hall) {
        boot_note(pr, err, false, "view = hall: no hall set; showing every hall");
    } else if (rc == 0) {
        rc = view_opts(o, &view, &page, err);
    }
    if (rc)
        return rc;
    bo.view = (int)view;
    bo.page = page;
    if (o->cv) {
        bo.lobby_halls = o->cv->lobby_halls[0] ? o->cv->lobby_halls : NULL;
        bo.lobby_hide_idle = o->cv->lobby_hide_idle;
        bo.lobby_page_seconds = o->cv->lobby_page_seconds;
    }
    bo.display_on = o->display_on;
    bo.display_off = o->display_off;
    bo.video_driver = o->video_driver;
    bo.render_driver = o->render_driver;
    bo.res_width = o->res_width;
    bo.res_height = o->res_height;
    bo.max_texture = o->max_texture;
    bo.problems = pr;
    cli_source src;
    board_live live;
    boot_choice ch;
    if (render) {
        load_source(o, &src, err);
        if (!src.a)
            return src.exit_code;
        ch.a = src.a;
        ch.status = src.status;
    } else if ((rc = board_source(o, &ch, &live, pr, err)) != 0) {
        return rc;
    }
    rc = find_hall(o, ch.a, &bo.hall, err);
    if (rc != 0 && !render) { /* the board shows every hall rather than none */
        boot_note(pr, err, false, "hall = %.64s: no such hall in the feed; showing every hall",
                  o->hall);
        bo.hall = -1;
        rc = 0;
    }
    if (rc != 0) {
        agenda_free(ch.a);
        return rc;
    }
    if (view == LAYOUT_VIEW_EVENT || view == LAYOUT_VIEW_LOBBY)
        bo.hall = -1; /* a view of every hall (the hall id still names the board) */
    bo.status = ch.status;
    bo.status.stale_after = o->stale_after;
    if (render) {
        agenda *shown = NULL; /* with the overrides of --overrides applied at --at */
        rc = CLI_EXIT_INVALID;
        if (!o->overrides || overfile_apply(o->overrides, ch.a, at, bo.hall, &shown, err) == 0)
            rc = board_render_png(shown ? shown : ch.a, &bo, at, o->output, err) == 0
                     ? CLI_EXIT_OK
                     : CLI_EXIT_INVALID;
        agenda_free(shown);
        agenda_free(ch.a);
        return rc;
    }
    rc = board_run(ch.a, &bo, &live, err); /* the board owns the agenda */
    return rc == 0 ? CLI_EXIT_OK : rc == BOARD_NO_FONT ? CLI_EXIT_NO_FONT : CLI_EXIT_INVALID;
}

static int cmd_state(const cli_opts *o, FILE *out, FILE *err)
{
    int64_t at;
    if (o->at) {
        if (parse_at(o->at, &at, err) != 0)
            return CLI_EXIT_USAGE;
    } else {
        hb_clock c; /* the clock as the board reads it (clamped into sane bounds) */
        clock_init(&c);
        at = (int64_t)clock_now(&c, NULL);
    }
    if (o->n_positional) {
        fprintf(err, "hallboard: state: unexpected argument %s\n", o->positional[0]);
        return CLI_EXIT_USAGE;
    }
    statejson_view sv = {LAYOUT_VIEW_AUTO, NULL, false, o->page != NULL, 0, CLI_STATE_SIZE_W,
                         CLI_STATE_SIZE_H};
    if (view_opts(o, &sv.view, &sv.page, err) != 0)
        return CLI_EXIT_USAGE;
    if (o->size && !parse_size(o->size, &sv.width, &sv.height)) {
        fprintf(err, "hallboard: --size: \"%s\" is not WIDTHxHEIGHT (1..%d each)\n", o->size,
                BOARD_MAX_SIDE);
        return CLI_EXIT_USAGE;
    }
    cli_source src;
    load_source(o, &src, err);
    if (!src.a)
        return src.exit_code;
    agenda *a = src.a;
    int32_t hall;
    if (find_hall(o, a, &hall, err) != 0) {
        agenda_free(a);
        return CLI_EXIT_USAGE;
    }
    if (sv.view == LAYOUT_VIEW_EVENT || sv.view == LAYOUT_VIEW_LOBBY)
        hall = -1;
    int rc = CLI_EXIT_INVALID;
    agenda *shown = NULL;
    if (o->overrides && overfile_apply(o->overrides, a, at, hall, &shown, err) != 0) {
        agenda_free(a);
        return CLI_EXIT_INVALID;
    }
    /* With the footer the board would show at that instant. */
    src.status.stale_after = o->stale_after;
    char *json = statejson_at_view(shown ? shown : a, at, hall, o->lang, &src.status, &sv);
    if (json) {
        fprintf(out, "%s\n", json);
        free(json);
        rc = CLI_EXIT_OK;
    }
    if (rc != CLI_EXIT_OK)
        fprintf(err, "hallboard: out of memory\n");
    agenda_free(shown);
    agenda_free(a);
    return rc;
}

/* Appends "key":"escaped value" to a cJSON object (NULL values become null). */
static void json_str(cJSON *obj, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(obj, key, v);
    else
        cJSON_AddNullToObject(obj, key);
}

static int cmd_fetch(const cli_opts *o, FILE *out, FILE *err)
{
    if (!o->feed || !o->cache || o->n_positional) {
        fprintf(err, "hallboard: usage: hallboard fetch --feed URL --cache DIR [--ca-file PEM]\n");
        return CLI_EXIT_USAGE;
    }
    feed_options fo = cli_feed_options(o);
    fetch_config fc = {.url = o->feed, .cache_dir = o->cache, .ca_file = o->ca_file,
                       .allow_insecure_redirect = o->allow_insecure_redirect};
    fetch_result *res = calloc(1, sizeof(*res));
    if (!res)
        return CLI_EXIT_INVALID;
    fetch_outcome oc = fetch_cycle(&fc, &fo, res);
    static const char *const names[] = {"stored", "unchanged", "rejected", "failed"};
    cJSON *j = cJSON_CreateObject();
    char when[CIVIL_UTC_LEN];
    json_str(j, "outcome", names[oc]);
    json_str(j, "url", o->feed);
    json_str(j, "cache", o->cache);
    if (res->http_status)
        cJSON_AddNumberToObject(j, "http_status", (double)res->http_status);
    else
        cJSON_AddNullToObject(j, "http_status");
    cJSON_AddNumberToObject(j, "bytes", (double)res->bytes);
    cJSON_AddNumberToObject(j, "wire_bytes", (double)res->wire_bytes);
    json_str(j, "reason", res->reason[0] ? res->reason : NULL);
    const char *rev = res->agenda ? res->agenda->revision
                      : res->meta.revision[0] ? res->meta.revision : NULL;
    json_str(j, "revision", (oc == FETCH_STORED || oc == FETCH_UNCHANGED) ? rev : NULL);
    if (res->agenda)
        cJSON_AddNumberToObject(j, "sessions", (double)res->agenda->n_sessions);
    civil_format_utc(res->fetched_at, when);
    json_str(j, "fetched_at", res->fetched_at > 0 && oc != FETCH_FAILED ? when : NULL);
    if (res->retry_after >= 0)
        cJSON_AddNumberToObject(j, "retry_after_s", (double)res->retry_after);
    char *line = cJSON_PrintUnformatted(j);
    if (line)
        fprintf(out, "%s\n", line);
    free(line);
    cJSON_Delete(j);
    if (oc == FETCH_REJECTED || oc == FETCH_FAILED)
        fprintf(err, "hallboard: %s: %s\n", o->feed, res->reason);
    fetch_result_clear(res);
    free(res);
    return oc == FETCH_STORED || oc == FETCH_UNCHANGED ? CLI_EXIT_OK
           : oc == FETCH_REJECTED                      ? CLI_EXIT_INVALID
                                                       : CLI_EXIT_NETWORK;
}

static int cmd_check(const cli_opts *o, FILE *out, FILE *err)
{
    if (o->n_positional != 1 || o->feed) {
        fprintf(err, "hallboard: usage: hallboard check [--zone IANA] FEED\n");
        return CLI_EXIT_USAGE;
    }
    feed_options fo = cli_feed_options(o);
    feed_report *rep = malloc(sizeof(*rep));
    if (!rep)
        return CLI_EXIT_INVALID;
    agenda *a = feedsrc_load_file(o->positional[0], &fo, rep);
    print_report(rep, out);
    int rc = a ? CLI_EXIT_OK : CLI_EXIT_INVALID;
    if (a)
        fprintf(err, "%s: valid (%s format, %zu sessions, %zu halls, %zu warnings)\n",
                o->positional[0], a->format, a->n_sessions, a->n_halls, rep->n_warnings);
    else
        fprintf(err, "%s: invalid (%zu errors, %zu warnings)\n", o->positional[0], rep->n_errors,
                rep->n_warnings);
    agenda_free(a);
    free(rep);
    return rc;
}

int cli_main(int argc, char **argv, FILE *out, FILE *err)
{
    tzdb_init();
    feed_init();
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0 ||
            (i == 1 && strcmp(argv[i], "help") == 0)) {
            fputs(usage_text, out);
            return CLI_EXIT_OK;
        }
    if (argc >= 2 && (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0)) {
        fprintf(out, "hallboard %s\n", HB_VERSION);
        return CLI_EXIT_OK;
    }
    if (argc < 2 || argv[1][0] == '-') { /* no command: the board */
        cli_opts o;
        int rc = parse_opts(argc, argv, 1, &o, err);
        if (rc)
            return rc;
        conf_values *cv = malloc(sizeof(*cv));
        boot_problems *pr = calloc(1, sizeof(*pr));
        if (!cv || !pr) {
            free(cv);
            free(pr);
            return CLI_EXIT_INVALID;
        }
        rc = cli_apply_config(&o, cv, pr, err);
        if (rc == 0) {
            boot_check_zones(o.zones, o.labels, &o.n_zones, pr, err);
            rc = cmd_board(&o, false, pr, err);
        }
        free(cv);
        free(pr);
        return rc;
    }
    if (opcmd_is_command(argv[1])) /* announce, override, clear, push, fleet */
        return opcmd_main(argc, argv, out, err);
    cli_opts o;
    int rc = parse_opts(argc, argv, 2, &o, err);
    if (rc)
        return rc;
    if (strcmp(argv[1], "state") == 0)
        return cmd_state(&o, out, err);
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(&o, out, err);
    if (strcmp(argv[1], "render") == 0)
        return cmd_board(&o, true, NULL, err);
    if (strcmp(argv[1], "fetch") == 0)
        return cmd_fetch(&o, out, err);
    if (strcmp(argv[1], "status") == 0)
        return fleet_status(o.positional, o.n_positional, out, err);
    if (strcmp(argv[1], "keygen") == 0)
        return cli_keygen(o.output, o.n_positional, out, err);
    fprintf(err, "hallboard: unknown command \"%s\" (see hallboard --help)\n", argv[1]);
    return CLI_EXIT_USAGE;
}
