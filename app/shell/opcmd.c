/* opcmd.c - the operator commands (opcmd.h): the command line, then one function per
 * kind of command: edit the override document (announce, override, clear), push a
 * feed; signing with --key is shared. The document's edits are opcmd_doc.c's, the
 * transports opcmd_net.c's, the fleet listing opcmd_fleet.c's.
 */
#include "opcmd.h"
#include "opcmd_int.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "agenda.h"
#include "civil.h"
#include "cli.h"
#include "envelope.h"
#include "feed.h"
#include "feedsrc.h"
#include "fleetlink.h"
#include "override.h"
#include "rfile.h"
#include "sign.h"

static const char *const commands[] = {"announce", "override", "clear", "push", "fleet"};

bool opcmd_is_command(const char *cmd)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
        if (strcmp(cmd, commands[i]) == 0)
            return true;
    return false;
}

static const char *const usage_lines[] = {
    "hallboard announce TEXT --level info|urgent|emergency [--hall ID] [--until TIME] TARGET",
    "hallboard override --session ID (--delay MIN | --cancel | --hall ID | --full | --note TEXT)"
    " [--until TIME] TARGET",
    "hallboard clear (--announcement [--hall ID] | --session ID | --all [--hall ID]) TARGET",
    "hallboard push FEED TARGET",
    "hallboard fleet --broker URL --topic PREFIX [--user NAME --password-file FILE] "
    "[--ca-file PEM]",
};

static void usage_lines_for(const char *cmd, FILE *err);

/* Prints "hallboard: CMD: why" and the command's usage; returns CLI_EXIT_USAGE. */
__attribute__((format(printf, 3, 4))) static int usage(const char *cmd, FILE *err,
                                                       const char *why, ...)
{
    va_list ap;
    va_start(ap, why);
    fprintf(err, "hallboard: %s: ", cmd);
    vfprintf(err, why, ap);
    va_end(ap);
    fputc('\n', err);
    usage_lines_for(cmd, err);
    return CLI_EXIT_USAGE;
}

/* The usage of cmd, on err. */
static void usage_lines_for(const char *cmd, FILE *err)
{
    for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
        if (strcmp(cmd, commands[i]) == 0)
            fprintf(err, "usage: %s\n", usage_lines[i]);
    if (strcmp(cmd, "fleet") != 0)
        fprintf(err, "TARGET: --broker URL --topic PREFIX [--user NAME --password-file FILE] "
                     "[--ca-file PEM], or --board HOST[:PORT] [--token-file FILE]; "
                     "[--key FILE.key] signs\n");
}

/* The option at argv[*i] taking a value: "--name VALUE" or "--name=VALUE". */
static const char *value_of(int argc, char **argv, int *i, const char *name, bool *missing)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        *missing = true;
        return NULL;
    }
    return argv[++*i];
}

/* The options taking a value, and where each goes. */
static const char **slot(opcmd_opts *o, const char *name)
{
    static const char *const names[] = {"--level", "--hall", "--until", "--session", "--note",
                                        "--broker", "--topic", "--user", "--password-file",
                                        "--ca-file", "--board", "--token-file", "--key"};
    const char **slots[] = {&o->level, &o->hall, &o->until, &o->session, &o->note,
                            &o->broker, &o->topic, &o->user, &o->password_file,
                            &o->ca_file, &o->board, &o->token_file, &o->key};
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (strcmp(names[i], name) == 0)
            return slots[i];
    return NULL;
}

static int parse_one(int argc, char **argv, int *i, opcmd_opts *o, FILE *err)
{
    static const char *const valued[] = {"--level", "--hall", "--until", "--session", "--note",
                                         "--broker", "--topic", "--user", "--password-file",
                                         "--ca-file", "--board", "--token-file", "--key",
                                         "--delay"};
    const char *a = argv[*i];
    for (size_t k = 0; k < sizeof(valued) / sizeof(*valued); k++) {
        bool missing = false;
        const char *v = value_of(argc, argv, i, valued[k], &missing);
        if (missing)
            return usage(o->cmd, err, "%s needs a value", valued[k]);
        if (!v)
            continue;
        if (strcmp(valued[k], "--delay") == 0) {
            char *end;
            long d = strtol(v, &end, 10);
            if (end == v || *end || d < 0 || d > OVERRIDE_MAX_DELAY)
                return usage(o->cmd, err, "--delay: \"%s\" is not 0..1440 minutes", v);
            o->delay = d;
            return 0;
        }
        const char **s = slot(o, valued[k]);
        if (*s)
            return usage(o->cmd, err, "%s given twice", valued[k]);
        *s = v;
        return 0;
    }
    if (strcmp(a, "--cancel") == 0)
        o->cancel = true;
    else if (strcmp(a, "--full") == 0)
        o->full = true;
    else if (strcmp(a, "--announcement") == 0)
        o->announcement = true;
    else if (strcmp(a, "--all") == 0)
        o->all = true;
    else if (a[0] == '-' && a[1] == '-')
        return usage(o->cmd, err, "unknown option %s", a);
    else if (o->arg)
        return usage(o->cmd, err, "unexpected argument \"%s\"", a);
    else
        o->arg = a;
    return 0;
}

/* Checks what each command takes. Returns 0 or CLI_EXIT_USAGE. */
static int check_opts(const opcmd_opts *o, FILE *err)
{
    const char *c = o->cmd;
    bool ann = strcmp(c, "announce") == 0, ovr = strcmp(c, "override") == 0;
    bool clr = strcmp(c, "clear") == 0, push = strcmp(c, "push") == 0;
    if ((ann || push) && (!o->arg || !o->arg[0]))
        return usage(c, err, ann ? "the announcement's TEXT is missing" : "FEED is missing");
    if (!ann && !push && o->arg)
        return usage(c, err, "unexpected argument \"%s\"", o->arg);
    if (ann && !o->level)
        return usage(c, err, "--level info|urgent|emergency is required");
    if (ann && strcmp(o->level, "info") != 0 && strcmp(o->level, "urgent") != 0 &&
        strcmp(o->level, "emergency") != 0)
        return usage(c, err, "--level \"%s\" is not info, urgent or emergency", o->level);
    if (!ann && o->level)
        return usage(c, err, "--level is for announce");
    if (ovr && !o->session)
        return usage(c, err, "--session ID is required");
    if (ovr && o->delay < 0 && !o->cancel && !o->hall && !o->full && !o->note)
        return usage(c, err, "say what changes: --delay, --cancel, --hall, --full or --note");
    if (!ovr && (o->delay >= 0 || o->cancel || o->full || o->note))
        return usage(c, err, "--delay, --cancel, --full and --note are for override");
    if (clr && (o->announcement + (o->session != NULL) + o->all) != 1)
        return usage(c, err, "say what to clear: one of --announcement, --session ID, --all");
    if (!clr && (o->announcement || o->all))
        return usage(c, err, "--announcement and --all are for clear");
    if (clr && o->session && o->hall)
        return usage(c, err, "clear --session takes no --hall");
    if ((push || clr || strcmp(c, "fleet") == 0) && o->until)
        return usage(c, err, "--until is for announce and override");
    if ((push || strcmp(c, "fleet") == 0) && (o->hall || o->session))
        return usage(c, err, "--hall and --session are not for this command");
    if (o->hall && !fleetlink_name_ok(o->hall))
        return usage(c, err, "--hall \"%s\" is not a hall id (1..%d bytes, no / + #)", o->hall,
                     FLEETLINK_NAME_MAX);
    bool broker = o->broker || o->topic;
    if (broker && o->board)
        return usage(c, err, "give --broker and --topic, or --board, not both");
    if (broker && (!o->broker || !o->topic))
        return usage(c, err, "--broker URL and --topic PREFIX go together");
    if (!broker && !o->board)
        return usage(c, err, "where to? --broker URL --topic PREFIX, or --board HOST[:PORT]");
    if (strcmp(c, "fleet") == 0 && (o->board || o->key || o->token_file))
        return usage(c, err, "fleet reads the broker: --broker URL --topic PREFIX only");
    if (o->token_file && !o->board)
        return usage(c, err, "--token-file is for --board");
    if ((o->user || o->password_file || o->ca_file) && o->board)
        return usage(c, err, "--user, --password-file and --ca-file are for --broker");
    return 0;
}

/* Wraps payload in an envelope signed with --key. Returns the envelope's JSON
 * (malloc'd) or NULL after a line on err. */
static char *sign_wrap(const char *key_path, envelope_kind kind, const char *scope,
                       const char *payload, size_t len, uint64_t prev_seq, int64_t now,
                       int64_t expires, FILE *err)
{
    sign_key *k = sign_load_private(key_path, err);
    if (!k)
        return NULL;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    uint64_t now_ms = (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
    envelope e;
    memset(&e, 0, sizeof(e));
    e.kind = kind;
    snprintf(e.scope, sizeof(e.scope), "%s", scope);
    e.seq = now_ms > prev_seq ? now_ms : prev_seq + 1;
    e.issued = now;
    e.expires = expires;
    e.payload = (unsigned char *)payload; /* borrowed: e is not cleared */
    e.payload_len = len;
    char *json = sign_envelope(k, &e);
    sign_key_free(k);
    if (!json)
        fprintf(err, "hallboard: %s: cannot sign\n", key_path);
    return json;
}

/* The document's topic or path: "overrides" or "halls/HALL/overrides". */
static void doc_what(const opcmd_opts *o, char *what, size_t cap)
{
    bool hall_doc = o->hall && (strcmp(o->cmd, "announce") == 0 || strcmp(o->cmd, "clear") == 0);
    if (hall_doc)
        snprintf(what, cap, "halls/%s/overrides", o->hall);
    else
        snprintf(what, cap, "overrides");
}

/* Edits the document, checks and sends it. Returns the exit code. */
static int edit_and_send(const opcmd_opts *o, opnet *n, const char *what, int64_t now,
                         int64_t until, FILE *out, FILE *err)
{
    char *cur = NULL;
    size_t cur_len = 0;
    int rc = opnet_get(n, what, &cur, &cur_len, err);
    if (rc)
        return rc;
    uint64_t prev_seq = 0;
    cJSON *doc = opdoc_load(cur, cur_len, &prev_seq, err);
    free(cur);
    if (!doc)
        return CLI_EXIT_INVALID;
    opdoc_prune(doc, now);
    rc = opdoc_edit(doc, o, until, err);
    char *text = rc ? NULL : cJSON_PrintUnformatted(doc);
    int64_t last = opdoc_last_until(doc);
    cJSON_Delete(doc);
    if (rc)
        return rc;
    if (!text)
        return CLI_EXIT_INVALID;
    size_t len = strlen(text);
    rc = opdoc_validate(text, len, err);
    char *send = text;
    if (rc == 0 && o->key) {
        const char *scope = strncmp(what, "halls/", 6) == 0 ? o->hall : "";
        send = sign_wrap(o->key, ENVELOPE_OVERRIDES, scope, text, len, prev_seq, now,
                         last == INT64_MIN ? INT64_MAX : last, err);
        rc = send ? 0 : CLI_EXIT_USAGE;
    }
    if (rc == 0)
        rc = opnet_put(n, what, send, strlen(send), err);
    if (rc == 0) {
        char where[600];
        fprintf(out, "%s: sent %s override document (%zu bytes) to %s\n", o->cmd,
                o->key ? "a signed" : "the", len, opnet_where(n, what, where, sizeof(where)));
    }
    if (send != text)
        free(send);
    free(text);
    return rc;
}

static int run_document(const opcmd_opts *o, FILE *out, FILE *err)
{
    int64_t now = (int64_t)time(NULL), until = INT64_MIN;
    if (o->until && opdoc_parse_time(o->until, now, &until, err) != 0) {
        usage_lines_for(o->cmd, err);
        return CLI_EXIT_USAGE;
    }
    if (o->until && until <= now)
        return usage(o->cmd, err, "--until %s is not in the future", o->until);
    if (!o->until && strcmp(o->cmd, "announce") == 0)
        until = now + OPCMD_ANNOUNCE_HOURS * 3600;
    char what[300];
    doc_what(o, what, sizeof(what));
    int rc = CLI_EXIT_USAGE;
    opnet *n = opnet_open(o, &rc, err);
    if (!n)
        return rc;
    rc = edit_and_send(o, n, what, now, until, out, err);
    opnet_close(n);
    return rc;
}

/* `push FEED`: checked like `hallboard check`, sent as it is (or signed). */
static int run_push(const opcmd_opts *o, FILE *out, FILE *err)
{
    feed_options fo = feedsrc_options();
    char *bytes, why[300];
    size_t len;
    if (rfile_read(o->arg, fo.limits.max_feed_bytes, &bytes, &len, why, sizeof(why)) != 0) {
        fprintf(err, "hallboard: push: %s\n", why);
        return CLI_EXIT_INVALID;
    }
    feed_report *rep = malloc(sizeof(*rep));
    agenda *a = rep ? feed_parse(bytes, len, &fo, rep) : NULL;
    if (!a) {
        fprintf(err, "hallboard: push: %s is not a valid feed; nothing sent\n", o->arg);
        char *buf = rep ? malloc(FEED_MAX_PROBLEMS * 512 + 64) : NULL;
        if (buf) {
            feed_report_format(rep, buf, FEED_MAX_PROBLEMS * 512 + 64);
            fputs(buf, err);
        }
        free(buf);
        free(rep);
        free(bytes);
        return CLI_EXIT_INVALID;
    }
    size_t n_sessions = a->n_sessions;
    agenda_free(a);
    free(rep);
    int rc = 0;
    char *send = bytes;
    if (o->key) {
        int64_t now = (int64_t)time(NULL);
        send = sign_wrap(o->key, ENVELOPE_FEED, "", bytes, len, 0, now, INT64_MAX, err);
        rc = send ? 0 : CLI_EXIT_USAGE;
    }
    opnet *n = rc ? NULL : opnet_open(o, &rc, err);
    if (n)
        rc = opnet_put(n, "feed", send, send == bytes ? len : strlen(send), err);
    if (n && rc == 0) {
        char where[600];
        fprintf(out, "push: sent %s%s (%zu bytes, %zu sessions) to %s\n",
                o->key ? "a signed " : "", o->arg, len, n_sessions,
                opnet_where(n, "feed", where, sizeof(where)));
    }
    opnet_close(n);
    if (send != bytes)
        free(send);
    free(bytes);
    return rc;
}

int opcmd_main(int argc, char **argv, FILE *out, FILE *err)
{
    opcmd_opts o;
    memset(&o, 0, sizeof(o));
    o.cmd = argv[1];
    o.delay = -1;
    for (int i = 2; i < argc; i++) {
        int rc = parse_one(argc, argv, &i, &o, err);
        if (rc)
            return rc;
    }
    int rc = check_opts(&o, err);
    if (rc)
        return rc;
    if (strcmp(o.cmd, "fleet") == 0)
        return opfleet_main(&o, out, err);
    if (strcmp(o.cmd, "push") == 0)
        return run_push(&o, out, err);
    return run_document(&o, out, err);
}
