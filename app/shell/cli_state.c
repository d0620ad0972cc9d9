/* cli_state.c - the commands that print rather than show: `state` (the board's state
 * as JSON at an instant), `fetch` (one fetch into the cache, its outcome as JSON) and
 * `check` (a feed's report). */
#include "cli.h"
#include "cli_int.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "civil.h"
#include "clock.h"
#include "feedsrc.h"
#include "fetch.h"
#include "layout.h"
#include "overfile.h"
#include "statejson.h"

int cli_cmd_state(const cli_opts *o, FILE *out, FILE *err)
{
    int64_t at;
    if (o->at) {
        if (cli_parse_at(o->at, &at, err) != 0)
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
    if (cli_view_opts(o, &sv.view, &sv.page, err) != 0)
        return CLI_EXIT_USAGE;
    if (o->size && !cli_parse_size(o->size, &sv.width, &sv.height)) {
        fprintf(err, "hallboard: --size: \"%s\" is not WIDTHxHEIGHT (1..%d each)\n", o->size,
                BOARD_MAX_SIDE);
        return CLI_EXIT_USAGE;
    }
    cli_source src;
    cli_load_source(o, &src, err);
    if (!src.a)
        return src.exit_code;
    agenda *a = src.a;
    int32_t hall;
    if (cli_find_hall(o, a, &hall, err) != 0) {
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

int cli_cmd_fetch(const cli_opts *o, FILE *out, FILE *err)
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

int cli_cmd_check(const cli_opts *o, FILE *out, FILE *err)
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
    cli_print_report(rep, out);
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
