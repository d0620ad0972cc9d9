/* feed.c - the feed module's entry point: the table of formats and feed_parse().
 *
 * feed_parse() checks the size, drops a byte-order mark, and hands JSON to the JSON
 * format that claims the parsed tree (json.c parses it), anything else to the format
 * that claims the bytes. Each importer (importers.h) reports through the context; the
 * agenda is kept only when no error was reported.
 */
#include "importers.h"

#include <string.h>

#include "utf8.h"

feed_options feed_default_options(agenda_zone_loader load, void *ctx)
{
    feed_options o;
    memset(&o, 0, sizeof(o));
    o.limits = agenda_default_limits();
    o.load_zone = load;
    o.zone_ctx = ctx;
    return o;
}

/* Every format, in the order they are tried. */
static const feed_importer importers[] = {
    {"hallboard", feed_sniff_native, feed_import_native, NULL, NULL, false},
    {"frab", feed_sniff_frab_json, feed_import_frab_json, NULL, NULL, false},
    {"sessionize", feed_sniff_sessionize, feed_import_sessionize, NULL, NULL, false},
    {"indico", feed_sniff_indico, feed_import_indico, NULL, NULL, false},
    {"frab-xml", NULL, NULL, feed_sniff_frab_xml, feed_import_frab_xml, false},
    {"ical", NULL, NULL, feed_sniff_ical, feed_import_ical, true},
    {"csv", NULL, NULL, feed_sniff_csv, feed_import_csv, false},
};
#define N_IMPORTERS (sizeof(importers) / sizeof(importers[0]))

/* Hands a parsed JSON feed to the JSON format that claims it. */
static void parse_json(feed_ctx *c, const char *bytes, size_t len)
{
    cJSON *root = feed_json_parse(c, bytes, len);
    if (!root)
        return;
    size_t i = 0;
    if (!cJSON_IsObject(root) && !cJSON_IsArray(root))
        i = N_IMPORTERS + 1;
    while (i < N_IMPORTERS && !(importers[i].sniff_json && importers[i].sniff_json(root)))
        i++;
    if (i < N_IMPORTERS) {
        c->a->format = importers[i].format;
        importers[i].import_json(c, root);
    } else if (!cJSON_IsObject(root)) {
        feed_report_add(c, FEED_ERROR, "", "expected a JSON object, found %s",
                        feed_type_name(root));
    } else {
        feed_report_add(c, FEED_ERROR, "",
                        "not a feed: expected a \"hallboard\" version member (or a frab/pretalx "
                        "\"schedule\" object)");
    }
    feed_json_free(root);
}

/* Hands a feed that is not JSON to the format that claims its bytes. */
static void parse_other(feed_ctx *c, const char *bytes, size_t len)
{
    size_t i = 0;
    while (i < N_IMPORTERS && !(importers[i].sniff && importers[i].sniff(bytes, len)))
        i++;
    size_t bad, l, col;
    if ((i == N_IMPORTERS || !importers[i].own_utf8) && !utf8_valid(bytes, len, &bad)) {
        feed_line_col(bytes, bad, &l, &col);
        feed_report_add(c, FEED_ERROR, "", "line %zu, column %zu: invalid UTF-8", l, col);
        return;
    }
    if (i < N_IMPORTERS) {
        c->a->format = importers[i].format;
        importers[i].import(c, bytes, len);
    } else {
        feed_report_add(c, FEED_ERROR, "",
                        "not a feed: expected a Hallboard or frab/pretalx JSON feed, a "
                        "schedule.xml, an iCalendar file, a Sessionize or Indico export, "
                        "or a CSV table with a header row");
    }
}

agenda *feed_parse(const char *bytes, size_t len, const feed_options *opt, feed_report *report)
{
    memset(report, 0, sizeof(*report));
    feed_ctx c = {opt, report, NULL, NULL, false, bytes, len, 0};
    if (!bytes || !opt || !opt->load_zone) {
        feed_report_add(&c, FEED_ERROR, "", "no feed");
        return NULL;
    }
    if (len > opt->limits.max_feed_bytes) {
        feed_report_add(&c, FEED_ERROR, "",
                        "feed of %zu bytes is larger than the limit of %zu bytes", len,
                        opt->limits.max_feed_bytes);
        return NULL;
    }
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0) { /* byte-order mark */
        bytes += 3;
        len -= 3;
    }
    c.bytes = bytes;
    c.len = len;
    c.ar = agenda_arena_new();
    c.a = c.ar ? agenda_arena_alloc(c.ar, sizeof(agenda)) : NULL;
    if (!c.a) {
        agenda_arena_free(c.ar);
        feed_oom(&c);
        return NULL;
    }
    c.a->arena = c.ar;
    c.a->version = 1;
    size_t lead = 0;
    while (lead < len && (bytes[lead] == ' ' || bytes[lead] == '\t' || bytes[lead] == '\n' ||
                          bytes[lead] == '\r'))
        lead++;
    if (lead < len && (bytes[lead] == '{' || bytes[lead] == '['))
        parse_json(&c, bytes, len);
    else
        parse_other(&c, bytes, len);
    feed_report_sort(report);
    if (report->n_errors || c.oom) {
        agenda_free(c.a);
        return NULL;
    }
    c.a->n_warnings = report->n_warnings;
    return c.a;
}
