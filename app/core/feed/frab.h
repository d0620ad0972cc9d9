/* frab.h - what the two frab importers share (feed module only): schedule.json
 * (frab_json*.c) and schedule.xml (frab_xml*.c) write the same free-form event
 * `type`, the same durations and the same clock times, and must read them alike.
 *
 * Pure parsers over NUL-terminated strings: no allocation, no report (the caller
 * names the path of a value that does not parse). Implemented in frab_common.c.
 */
#ifndef HB_FEED_FRAB_H
#define HB_FEED_FRAB_H

#include <stdbool.h>
#include <stdint.h>

#include "agenda.h"

/* The session kind of frab's free-form `type` ("lecture", "Talk 30 min + 10min Q&A",
 * "Workshop (2h)", v2 "TALK"/"OTHER"...): the first entry of a fixed table (keynote,
 * panel, ceremony, break and other words) that is a word of it, case-insensitively,
 * where a word is a run of ASCII letters and a plural "s" still counts
 * ("Workshops"); else talk. NULL: talk. Can't fail. */
agenda_kind frab_kind_from_type(const char *type);

/* Parses a duration into seconds. Accepted, each part 1 to 6 decimal digits:
 *   "M": minutes (a plain number, as schedule.json may write it);
 *   "H:MM": hours (any number) and minutes;
 *   "A:B:C": "HH:MM:SS" when C is 0 or B is 24 or more (exporters that write seconds
 *   write whole minutes, and B >= 24 cannot be a day's hour), else pretalx's
 *   "D:HH:MM" with days unpadded ("1:01:30" is 25 h 30 min);
 *   "D:HH:MM:SS".
 * Minutes and seconds must be below 60, a day's hour below 24. False for anything
 * else (*secs untouched). */
bool frab_parse_duration(const char *s, int64_t *secs);

/* Parses a wall-clock time "H:MM", "HH:MM" or "HH:MM:SS" (hour below 24, minutes and
 * seconds below 60) into seconds of the day. False for anything else. */
bool frab_parse_clock(const char *s, int32_t *sod);

#endif
