/* csv.h - shared by the CSV importer's files (csv.c, csv_row.c, csv_value.c) only.
 *
 * csv.c reads the text: records and cells (RFC 4180), the separator, the sniffer and
 * the entry point. csv_row.c gives the cells their meaning: which column is which (from
 * the header's names) and one data row -> one session. csv_value.c reads what a cell
 * writes: dates, times of day, offsets, durations.
 *
 * Layout: limits; roles of columns; the reader; the import; functions by file.
 */
#ifndef HB_FEED_CSV_H
#define HB_FEED_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "build.h"

/* ---- Limits --------------------------------------------------------------------- */

#define CSV_MAX_COLUMNS 256                         /* columns of the header row */
#define CSV_MAX_LANGS (AGENDA_MAX_LANGUAGES - 1)    /* tagged languages (room for "en") */
#define CSV_ROW_PATH 32                             /* bytes of "row N" */

/* ---- Roles of columns ------------------------------------------------------------ */

enum { C_NONE, C_START, C_END, C_DURATION, C_DATE, C_HALL, C_TRACK, C_ID, C_KIND, C_STATUS,
       C_SPEAKERS, C_CHAIR, C_TITLE, C_SUBTITLE, C_DESCRIPTION, C_N };
#define CSV_TEXTS 3 /* title, subtitle, description: the columns that take ".lang" */

/* ---- The reader ------------------------------------------------------------------- */

enum { RD_OK, RD_END, RD_OPEN, RD_OOM };

typedef struct {
    const char *p, *end;
    char sep;
    size_t line;                 /* line of the next byte, from 1 */
    size_t row;                  /* number of the record last read, from 1 */
    size_t open_line;            /* line of a quote never closed */
    char *buf;                   /* the record's cells, unescaped, each NUL-ended */
    size_t used, cap;
    size_t off[CSV_MAX_COLUMNS]; /* where each cell starts in buf */
    size_t n;                    /* cells kept */
    size_t over;                 /* non-empty cells past CSV_MAX_COLUMNS */
} csv_reader;

static inline bool csv_is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* ---- The import ------------------------------------------------------------------- */

typedef struct {
    feed_builder b;
    csv_reader r;
    const char *name[CSV_MAX_COLUMNS];  /* each column's name as written (paths) */
    size_t n_cols;
    int col[C_N];                       /* the column of each role, -1 */
    int text[CSV_TEXTS][CSV_MAX_LANGS + 1]; /* [role][0 plain, 1 + language], -1 */
    const char *langs[CSV_MAX_LANGS];
    size_t n_langs;
    bool plain;                         /* a text column without a language */
    const tz_zone *venue;               /* asked for once, at the first local time */
    bool has_offset;                    /* an offset was given: the first one */
    int32_t first_offset;
    bool warned_over;                   /* cells right of the header (reported once) */
} csv_import;

/* A date-time as a cell writes it, read by csv_parse_when(). */
typedef struct {
    int64_t y;
    int mo, d, h, mi, sec;
    bool has_date, has_off;
    int32_t off; /* seconds east of UTC, when has_off */
} csv_when;

/* ---- csv.c: the reader ------------------------------------------------------------ */

/* Cell i of the record last read ("" past its end). Borrowed from the reader: valid
 * until the next record is read. */
const char *csv_cell(const csv_reader *r, int i);
/* "row N", the path of the record last read, written into out; returns out. */
const char *csv_row_path(const csv_reader *r, char out[CSV_ROW_PATH]);

/* ---- csv_row.c: columns and rows -------------------------------------------------- */

/* The role of column name s (n bytes, trimmed): C_NONE when unknown. A text column may
 * carry a language ("title.zh"): *tag and *tag_n say which (n 0 for none). */
int csv_col_role(const char *s, size_t n, const char **tag, size_t *tag_n);
/* Maps the header row (the record last read) to roles and languages; false (an error
 * reported) when the needed columns are not there. Names and tags go into the arena. */
bool csv_map_header(csv_import *im);
/* Puts the languages of the text columns on the agenda (in the arena). */
void csv_set_languages(csv_import *im);
/* One data row (the record last read) -> one session, or a row dropped with a warning. */
void csv_import_row(csv_import *im);

/* ---- csv_value.c: values ----------------------------------------------------------- */

/* A date at *s: YYYY-MM-DD or DD.MM.YYYY (month and day may have one digit); advances
 * *s past it. */
bool csv_parse_date(const char **s, int64_t *y, int *mo, int *d);
/* Reads "DATE[T| ]TIME[OFFSET]" or "TIME[OFFSET]" (a time of day: has_date false). */
bool csv_parse_when(const char *s, csv_when *w);
/* A duration: minutes ("45") or H:MM[:SS] ("1:30"). */
bool csv_parse_duration(const char *s, int64_t *secs);

#endif
