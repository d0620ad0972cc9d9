/* layoutfix.h - fixtures of the layout tests: agendas parsed from the embedded seed,
 * generated or inline feeds (each failing the test when refused), a layout built at an
 * instant, and finding boxes in it. Shared by test_layout*.c and test_confday.c. */
#ifndef HB_TEST_LAYOUTFIX_H
#define HB_TEST_LAYOUTFIX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"
#include "layout.h"

/* The instant of an RFC 3339 date-time (the core's parser); fails the test when it
 * cannot be read. */
int64_t layoutfix_at(const char *rfc3339);

/* The embedded agenda (loads the zone database first); fails the test when it cannot be
 * read. Caller frees (agenda_free). */
agenda *layoutfix_seed(void);

/* The agenda of a feed in JSON, or written with single quotes (support_dq()); prints the
 * report and fails the test when the feed is refused. Caller frees. */
agenda *layoutfix_parse(const char *json);
agenda *layoutfix_parse_sq(const char *json_sq);

/* The agenda of genfeed_json(halls, parallel, zones) (tests/genfeed.h). Caller frees. */
agenda *layoutfix_parse_gen(int halls, int parallel, int zones);

/* A frab schedule.json in Europe/Berlin: a talk ends 23:00 on Sun 28 Dec 2025, the next
 * starts at 00:00; a third on Tue 30 Dec 14:00. `spans`: the days carry day_start and
 * day_end (10:00 to 06:00 the next morning, as CCC congresses run). Caller frees. */
agenda *layoutfix_frab_2350(bool spans);

/* The index of hall `id` in a (fails the test when there is none), or -1 for NULL: a
 * board for every hall. */
int32_t layoutfix_hall(const agenda *a, const char *id);

/* Lays a out at `when` (RFC 3339) for in->hall into out (the caller's). */
void layoutfix_build(const agenda *a, const char *when, const layout_input *in,
                     layout_result *out);

/* The text box whose text is s, or the first containing s; NULL when none. */
const layout_box *layoutfix_find_text(const layout_result *r, const char *s);
const layout_box *layoutfix_find_sub(const layout_result *r, const char *s);

/* A box of `kind` in title t's column, below it and above `below` (the next title's
 * top), whose text (text boxes) starts with prefix and holds an en dash; NULL when none. */
const layout_box *layoutfix_find_under(const layout_result *r, const layout_box *t, int below,
                                       layout_kind kind, const char *prefix);

/* True when boxes p and q overlap. */
bool layoutfix_overlap(const layout_box *p, const layout_box *q);

/* Prints every box of r (kind, place, size, colour, text sizes, text) on stderr. */
void layoutfix_dump(const layout_result *r);

#endif
