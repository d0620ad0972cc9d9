/* overfile.h - an override document kept in a file (shell side): read through the one
 * capped reader (rfile.h), parsed (override.h), and applied to an agenda.
 *
 * Used by `hallboard state --overrides FILE` and `hallboard render --overrides FILE`;
 * the board may load its cached overrides the same way.
 */
#ifndef HB_OVERFILE_H
#define HB_OVERFILE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "agenda.h"
#include "override.h"

/* Room for what overfile_load() says: the file's name and every problem line. */
#define OVERFILE_ERR_MAX (OVERRIDE_ERR_MAX + 1200u)

/* Reads the file at path (a regular file of at most OVERRIDE_MAX_BYTES) and parses it.
 * Returns 0 with *out (the caller frees it with override_free). Returns -1 with *out
 * NULL and err holding why: one line naming the file when it cannot be read; else
 * "PATH: not a valid override document" followed by one line per problem. */
int overfile_load(const char *path, override_doc **out, char *err, size_t errcap);

/* Loads path and applies it to base at instant now for board hall `hall` (-1: every
 * hall). Returns 0 with *out, an agenda borrowing base's strings: the caller frees it
 * with agenda_free() before base. Entries dropped (no such session or hall) are told
 * on err, one "hallboard: PATH: ..." line each. Returns -1 with *out NULL after telling
 * on err why the file is refused (or out of memory). */
int overfile_apply(const char *path, const agenda *base, int64_t now, int32_t hall,
                   agenda **out, FILE *err);

#endif
