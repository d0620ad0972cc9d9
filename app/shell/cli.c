/* cli.c - the command line: the usage text, the option parser, and the dispatcher.
 *
 * The commands live beside it: the board and `render` in cli_board.c, `state`, `fetch`
 * and `check` in cli_state.c, loading the agenda they share in cli_load.c; the
 * settings file and board profiles fill the options in cli_settings.c, `keygen` is
 * cli_keys.c's and the operator commands are opcmd*.c's.
 */
#include "cli.h"
#include "cli_int.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "boot.h"
#include "cli_keys.h"
#include "conf.h"
#include "feed.h"
#include "fleet.h"
#include "opcmd.h"
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
    "                     1920x1080 unless given, lays it out); render: also page N of\n"
    "                     the sessions on when they do not all fit\n"
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

/* The options that take a string kept as given, and where each goes. */
static const struct {
    const char *name;
    size_t off; /* offsetof a const char * in cli_opts */
} STR_OPTS[] = {
    {"--feed", offsetof(cli_opts, feed)},
    {"--at", offsetof(cli_opts, at)},
    {"--hall", offsetof(cli_opts, hall)},
    {"--lang2", offsetof(cli_opts, lang2)},
    {"--lang", offsetof(cli_opts, lang)},
    {"--cache", offsetof(cli_opts, cache)},
    {"--ca-file", offsetof(cli_opts, ca_file)},
    {"--config", offsetof(cli_opts, config)},
    {"--board", offsetof(cli_opts, board)},
    {"--overrides", offsetof(cli_opts, overrides)},
    {"--view", offsetof(cli_opts, view)},
    {"--page", offsetof(cli_opts, page)},
    {"--fleet-broker", offsetof(cli_opts, fleet_broker)},
    {"--fleet-topic", offsetof(cli_opts, fleet_topic)},
    {"--board-name", offsetof(cli_opts, board_name)},
    {"--windowed", offsetof(cli_opts, windowed)},
    {"--size", offsetof(cli_opts, size)},
    {"--rotate", offsetof(cli_opts, rotate)},
    {"--speed", offsetof(cli_opts, speed)},
    {"--fonts", offsetof(cli_opts, fonts)},
    {"-o", offsetof(cli_opts, output)},
    {"--output", offsetof(cli_opts, output)},
    {"--out", offsetof(cli_opts, output)},
};

/* Sets o's field when argv[*i] is one of STR_OPTS with its value. Returns true when it
 * was; false otherwise, with *missing set when the value is absent. */
static bool str_option(int argc, char **argv, int *i, cli_opts *o, bool *missing)
{
    for (size_t k = 0; k < sizeof(STR_OPTS) / sizeof(STR_OPTS[0]); k++) {
        const char *v = opt_value(argc, argv, i, STR_OPTS[k].name, missing);
        if (v) {
            *(const char **)((char *)o + STR_OPTS[k].off) = v;
            return true;
        }
        if (*missing)
            return false;
    }
    return false;
}

/* --poll-interval SECONDS. Returns 0 or CLI_EXIT_USAGE after a message. */
static int set_poll(cli_opts *o, const char *v, FILE *err)
{
    char *end;
    long p = strtol(v, &end, 10);
    if (*end != '\0' || p < 10 || p > 86400) {
        fprintf(err, "hallboard: --poll-interval: \"%s\" is not 10..86400 seconds\n", v);
        return CLI_EXIT_USAGE;
    }
    o->poll_s = p;
    return 0;
}

/* --control-port PORT. Returns 0 or CLI_EXIT_USAGE after a message. */
static int set_port(cli_opts *o, const char *v, FILE *err)
{
    char *end;
    long p = strtol(v, &end, 10);
    if (*end != '\0' || end == v || p < 0 || p > 65535) {
        fprintf(err, "hallboard: --control-port: \"%s\" is not 0..65535 (0: none)\n", v);
        return CLI_EXIT_USAGE;
    }
    o->control_port = p;
    return 0;
}

/* --zone NAME[=LABEL], one more clock. Returns 0 or CLI_EXIT_USAGE after a message. */
static int add_zone(cli_opts *o, const char *v, FILE *err)
{
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
    return 0;
}

/* Parses options after the command word. Returns 0 or CLI_EXIT_USAGE after a message. */
static int parse_opts(int argc, char **argv, int first, cli_opts *o, FILE *err)
{
    memset(o, 0, sizeof(*o));
    o->control_port = -1;
    for (int i = first; i < argc; i++) {
        bool missing = false;
        const char *v;
        int rc = 0;
        if (str_option(argc, argv, &i, o, &missing))
            continue;
        if ((v = opt_value(argc, argv, &i, "--poll-interval", &missing)))
            rc = set_poll(o, v, err);
        else if ((v = opt_value(argc, argv, &i, "--control-port", &missing)))
            rc = set_port(o, v, err);
        else if (strcmp(argv[i], "--demo") == 0)
            o->demo = true;
        else if ((v = opt_value(argc, argv, &i, "--zone", &missing)))
            rc = add_zone(o, v, err);
        else if (missing) {
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
        if (rc)
            return rc;
    }
    return 0;
}

/* True for URLs fetched through libcurl (a plain path is a local file). */
bool cli_is_url(const char *s)
{
    return strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
           strncmp(s, "file://", 7) == 0;
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
            rc = cli_cmd_board(&o, false, pr, err);
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
        return cli_cmd_state(&o, out, err);
    if (strcmp(argv[1], "check") == 0)
        return cli_cmd_check(&o, out, err);
    if (strcmp(argv[1], "render") == 0)
        return cli_cmd_board(&o, true, NULL, err);
    if (strcmp(argv[1], "fetch") == 0)
        return cli_cmd_fetch(&o, out, err);
    if (strcmp(argv[1], "status") == 0)
        return fleet_status(o.positional, o.n_positional, out, err);
    if (strcmp(argv[1], "keygen") == 0)
        return cli_keygen(o.output, o.n_positional, out, err);
    fprintf(err, "hallboard: unknown command \"%s\" (see hallboard --help)\n", argv[1]);
    return CLI_EXIT_USAGE;
}

