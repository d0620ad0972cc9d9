/* cli.c - argument parsing and the `state` and `check` commands.
 *
 * Layout: usage text; the shared option parser; loading the agenda a command asks
 * for; one function per command; the dispatcher.
 */
#include "cli.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "civil.h"
#include "feed.h"
#include "feedsrc.h"
#include "sched.h"
#include "statejson.h"
#include "tzdb.h"

static const char usage_text[] =
    "Usage: hallboard COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
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
        else if ((v = opt_value(argc, argv, &i, "--lang", &missing)))
            o->lang = v;
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
    int32_t hall = -1;
    if (o->hall) {
        hall = agenda_hall_find(a, o->hall);
        if (hall < 0) {
            fprintf(err, "hallboard: --hall: no hall \"%s\" in the feed; halls:", o->hall);
            for (size_t i = 0; i < a->n_halls; i++)
                fprintf(err, " %s", a->halls[i].id);
            fputc('\n', err);
            agenda_free(a);
            return CLI_EXIT_USAGE;
        }
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
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        fputs(usage_text, argc < 2 ? err : out);
        return argc < 2 ? CLI_EXIT_USAGE : CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        fprintf(out, "hallboard %s\n", HB_VERSION);
        return CLI_EXIT_OK;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0) {
            fputs(usage_text, out);
            return CLI_EXIT_OK;
        }
    cli_opts o;
    int rc = parse_opts(argc, argv, 2, &o, err);
    if (rc)
        return rc;
    if (strcmp(argv[1], "state") == 0)
        return cmd_state(&o, out, err);
    if (strcmp(argv[1], "check") == 0)
        return cmd_check(&o, out, err);
    fprintf(err, "hallboard: unknown command \"%s\" (see hallboard --help)\n", argv[1]);
    return CLI_EXIT_USAGE;
}
