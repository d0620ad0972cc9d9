/* cli.c - argument parsing and the `state` and `check` commands.
 *
 * Layout: usage text; the shared option parser; loading the agenda a command asks
 * for; one function per command; the dispatcher.
 */
#include "cli.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "board.h"
#include "civil.h"
#include "feed.h"
#include "feedsrc.h"
#include "sched.h"
#include "statejson.h"
#include "tzdb.h"

static const char usage_text[] =
    "Usage: hallboard [COMMAND] [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  hallboard [--feed PATH] [--hall ID] [--lang TAG] [--windowed WxH] [--rotate DEG]\n"
    "            [--demo [--speed N]]\n"
    "        Run the board (fullscreen unless --windowed; Esc or q quits a window).\n"
    "  hallboard render --at TIME --size WxH [--rotate DEG] [--lang TAG] [--feed PATH] -o OUT.png\n"
    "        Render one frame to a PNG file, without a display.\n"
    "  hallboard state [--feed PATH] [--at TIME] [--hall ID] [--lang TAG] [--zone IANA[=LABEL]]...\n"
    "        Print what is on now and next as one JSON object.\n"
    "  hallboard check FEED\n"
    "        Validate a feed: exit 0 if valid, 1 if not; one line per problem.\n"
    "\n"
    "Options:\n"
    "  --feed PATH        a feed file (default: the agenda built into the binary)\n"
    "  --at TIME          the instant, RFC 3339 (default: now)\n"
    "  --hall ID          one hall's view (default: every hall)\n"
    "  --lang TAG         language of titles and labels (default: the feed's first)\n"
    "  --zone IANA[=LABEL] show this zone instead of the feed's (repeatable, up to 8)\n"
    "  --lang2 TAG        the event title also in this language, beneath\n"
    "  --windowed WxH     a window of that size instead of fullscreen\n"
    "  --size WxH         render: the display size in pixels\n"
    "  --rotate DEG       0, 90, 180 or 270: turn the board clockwise on the display\n"
    "  --demo             replay the agenda on a simulated clock from before the opening\n"
    "  --speed N          demo: simulated seconds per real second (default 60)\n"
    "  --fonts PATH       a font chain file (default: the built-in chain, see fonts/)\n"
    "  -o PATH            render: the PNG to write\n"
    "  --help, --version\n"
    "\n"
    "Exit codes: 0 success, 1 invalid or unusable feed, 2 network failure, 64 usage error.\n";

typedef struct {
    const char *feed;
    const char *at;
    const char *hall;
    const char *lang;
    const char *zones[AGENDA_MAX_ZONES + 1];
    const char *labels[AGENDA_MAX_ZONES + 1];
    char zone_buf[AGENDA_MAX_ZONES][TZ_NAME_MAX + 1];
    size_t n_zones;
    const char *lang2;
    const char *windowed;
    const char *size;
    const char *rotate;
    const char *speed;
    const char *fonts;
    const char *output;
    bool demo;
    const char *positional[4];
    size_t n_positional;
} cli_opts;

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
                 (v = opt_value(argc, argv, &i, "--output", &missing)))
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
        } else if (o->n_positional < 4) {
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

/* Loads the agenda named by o->feed (or the embedded one). Prints problems to err.
 * Sets *kind to the source kind. Returns NULL if unusable. */
static agenda *load_agenda(const cli_opts *o, const char **kind, FILE *err)
{
    feed_options fo = feedsrc_options();
    if (o->n_zones) {
        fo.zones = o->zones;
        fo.zone_labels = o->labels;
    }
    feed_report *rep = malloc(sizeof(*rep));
    if (!rep)
        return NULL;
    agenda *a;
    if (o->feed) {
        *kind = "file";
        a = feedsrc_load_file(o->feed, &fo, rep);
    } else {
        *kind = "embedded";
        a = feedsrc_load_embedded(&fo, rep);
    }
    if (!a) {
        fprintf(err, "hallboard: %s: the feed is not usable:\n", o->feed ? o->feed : "(embedded)");
        print_report(rep, err);
    }
    free(rep);
    return a;
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
    for (size_t i = 0; i < a->n_halls; i++)
        fprintf(err, " %s", a->halls[i].id);
    fputc('\n', err);
    return CLI_EXIT_USAGE;
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

/* The footer's account of where the agenda came from. */
static void source_line(const cli_opts *o, const agenda *a, const char *kind, char *buf,
                        size_t cap)
{
    const char *rev = a->revision ? a->revision : "-";
    if (strcmp(kind, "file") == 0) {
        const char *base = strrchr(o->feed, '/');
        snprintf(buf, cap, "file %.200s \xc2\xb7 revision %.100s", base ? base + 1 : o->feed, rev);
    } else {
        snprintf(buf, cap, "built-in agenda \xc2\xb7 revision %.100s", rev);
    }
    if (o->demo) {
        size_t n = strlen(buf);
        snprintf(buf + n, cap - n, " \xc2\xb7 demo: simulated clock");
    }
}

static int cmd_board(const cli_opts *o, bool render, FILE *err)
{
    board_options bo;
    int rc = board_opts(o, render, &bo, err);
    if (rc)
        return rc;
    int64_t at = 0;
    if (render) {
        if (!o->at || !civil_parse_rfc3339(o->at, &at, NULL)) {
            fprintf(err, "hallboard: render needs --at TIME (RFC 3339 with an offset, e.g. "
                         "2020-12-09T17:00:00+08:00)\n");
            return CLI_EXIT_USAGE;
        }
        if (!o->output) {
            fprintf(err, "hallboard: render needs -o OUT.png\n");
            return CLI_EXIT_USAGE;
        }
    } else if (o->at || o->output) {
        fprintf(err, "hallboard: %s is for render\n", o->at ? "--at" : "-o");
        return CLI_EXIT_USAGE;
    }
    if (o->n_positional) {
        fprintf(err, "hallboard: unexpected argument %s\n", o->positional[0]);
        return CLI_EXIT_USAGE;
    }
    const char *kind;
    agenda *a = load_agenda(o, &kind, err);
    if (!a)
        return CLI_EXIT_INVALID;
    rc = find_hall(o, a, &bo.hall, err);
    if (rc == 0) {
        char src[400];
        source_line(o, a, kind, src, sizeof(src));
        bo.source_line = src;
        if (render)
            rc = board_render_png(a, &bo, at, o->output, err) == 0 ? CLI_EXIT_OK
                                                                   : CLI_EXIT_INVALID;
        else
            rc = board_run(a, &bo, err) == 0 ? CLI_EXIT_OK : CLI_EXIT_INVALID;
    }
    agenda_free(a);
    return rc;
}

static int cmd_state(const cli_opts *o, FILE *out, FILE *err)
{
    int64_t at;
    if (o->at) {
        if (!civil_parse_rfc3339(o->at, &at, NULL)) {
            fprintf(err, "hallboard: --at: \"%s\" is not an RFC 3339 time with an offset, "
                         "e.g. 2020-12-09T17:00:00+08:00\n", o->at);
            return CLI_EXIT_USAGE;
        }
    } else {
        at = (int64_t)time(NULL);
    }
    if (o->n_positional) {
        fprintf(err, "hallboard: state: unexpected argument %s\n", o->positional[0]);
        return CLI_EXIT_USAGE;
    }
    const char *kind;
    agenda *a = load_agenda(o, &kind, err);
    if (!a)
        return CLI_EXIT_INVALID;
    int32_t hall;
    if (find_hall(o, a, &hall, err) != 0) {
        agenda_free(a);
        return CLI_EXIT_USAGE;
    }
    sched_state s;
    int rc = CLI_EXIT_INVALID;
    if (sched_query(a, at, hall, &s) == 0) {
        statejson_options so = {o->lang, kind, NULL};
        char *json = statejson_render(a, &s, &so);
        if (json) {
            fprintf(out, "%s\n", json);
            free(json);
            rc = CLI_EXIT_OK;
        }
        sched_state_free(&s);
    }
    if (rc != CLI_EXIT_OK)
        fprintf(err, "hallboard: out of memory\n");
    agenda_free(a);
    return rc;
}

static int cmd_check(const cli_opts *o, FILE *out, FILE *err)
{
    if (o->n_positional != 1 || o->feed) {
        fprintf(err, "hallboard: usage: hallboard check FEED\n");
        return CLI_EXIT_USAGE;
    }
    feed_options fo = feedsrc_options();
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
        return rc ? rc : cmd_board(&o, false, err);
    }
    cli_opts o;
    int rc = parse_opts(argc, argv, 2, &o, err);
    if (rc)
        return rc;
    if (strcmp(argv[1], "state") == 0)
        return cmd_state(&o, out, err);
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(&o, out, err);
    if (strcmp(argv[1], "render") == 0)
        return cmd_board(&o, true, err);
    fprintf(err, "hallboard: unknown command \"%s\" (see hallboard --help)\n", argv[1]);
    return CLI_EXIT_USAGE;
}
