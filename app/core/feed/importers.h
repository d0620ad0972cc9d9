/* importers.h - the formats the feed module reads, one importer each (feed module only).
 *
 * Adding a format: one new file with its sniffer and importer, and one line in the
 * table of feed.c. A JSON format gets the parsed tree; any other format the bytes
 * (size-checked, byte-order mark removed). An importer feeds the builder (build.h),
 * and reports through c->rep; the agenda is kept only when no error was reported.
 */
#ifndef HB_FEED_IMPORTERS_H
#define HB_FEED_IMPORTERS_H

#include "internal.h"

typedef struct {
    const char *format; /* the FORMAT word of `check`: "frab-xml" */
    /* JSON formats: whether the tree is this format, and the import. */
    bool (*sniff_json)(const cJSON *root);
    void (*import_json)(feed_ctx *c, const cJSON *root);
    /* Other formats: whether the bytes are this format, and the import. */
    bool (*sniff)(const char *bytes, size_t len);
    void (*import)(feed_ctx *c, const char *bytes, size_t len);
    /* The importer checks UTF-8 itself: the bytes are UTF-8 only once decoded
     * (iCalendar folds lines every 75 octets, even inside a character). Any other
     * format's bytes are checked whole before it sees them. */
    bool own_utf8;
} feed_importer;

/* native.c: {"hallboard": 1, ...} */
bool feed_sniff_native(const cJSON *root);
void feed_import_native(feed_ctx *c, const cJSON *root);
/* frab_json.c: frab / pretalx / c3voc schedule.json ({"schedule": {...}}) */
bool feed_sniff_frab_json(const cJSON *root);
void feed_import_frab_json(feed_ctx *c, const cJSON *root);
/* sessionize.c: Sessionize "All data" and schedule grid JSON */
bool feed_sniff_sessionize(const cJSON *root);
void feed_import_sessionize(feed_ctx *c, const cJSON *root);
/* indico.c: Indico's event / timetable export JSON */
bool feed_sniff_indico(const cJSON *root);
void feed_import_indico(feed_ctx *c, const cJSON *root);
/* frab_xml.c: schedule.xml of frab, pentabarf, pretalx, wafer */
bool feed_sniff_frab_xml(const char *bytes, size_t len);
void feed_import_frab_xml(feed_ctx *c, const char *bytes, size_t len);
/* ical.c: iCalendar (RFC 5545) */
bool feed_sniff_ical(const char *bytes, size_t len);
void feed_import_ical(feed_ctx *c, const char *bytes, size_t len);
/* csv.c: a spreadsheet export with a header row */
bool feed_sniff_csv(const char *bytes, size_t len);
void feed_import_csv(feed_ctx *c, const char *bytes, size_t len);

#endif
