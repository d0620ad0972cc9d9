/* csv.c - imports a spreadsheet saved as CSV (RFC 4180) into the agenda.
 *
 * A CSV has a header row naming its columns and one row per session. The separator
 * is ',' or ';' (Excel writes ';' in many locales), chosen as the one that splits the
 * header row into more known column names. Cells may be quoted ("" for a quote inside;
 * separators and line breaks inside quotes are text); lines end in LF or CRLF; blank
 * rows are skipped; cells are trimmed. docs/feed-formats/csv.md lists the columns and
 * every accepted form of a value.
 *
 * Rows are numbered as a spreadsheet numbers them (the header is usually row 1, blank
 * rows count, a quoted line break does not start a row), and problems are reported at
 * "row N.column", e.g. "row 12.start". Flawed rows are dropped or repaired by the
 * builder (lenient mode) with a warning; only a header without the needed columns, an
 * unterminated quote and the limits refuse the feed.
 *
 * This file reads the text; what the columns and cells mean is csv_row.c's, and the
 * values written in cells (dates, times, durations) csv_value.c's (csv.h joins them).
 *
 * Layout: the sniffer (and the separator); reading records; the entry point.
 */
#include "csv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importers.h"

#define CSV_SNIFF_BYTES 4096 /* the sniffer reads one line, at most this */

/* ---- The sniffer ---------------------------------------------------------------- */

/* Splits one raw line (n bytes) at sep and returns how many cells are known column
 * names; *roles gets a bit per role found. Quotes are stripped, "" is not undone. */
static size_t line_roles(const char *s, size_t n, char sep, unsigned *roles)
{
    size_t known = 0;
    *roles = 0;
    for (size_t i = 0; i <= n;) {
        size_t a = i;
        bool q = false;
        while (i < n && (q || s[i] != sep))
            q ^= s[i++] == '"';
        size_t b = i++;
        while (a < b && (csv_is_blank(s[a]) || s[a] == '"'))
            a++;
        while (b > a && (csv_is_blank(s[b - 1]) || s[b - 1] == '"'))
            b--;
        const char *tag;
        size_t tag_n;
        int r = b > a ? csv_col_role(s + a, b - a, &tag, &tag_n) : C_NONE;
        if (r != C_NONE) {
            known++;
            *roles |= 1u << r;
        }
    }
    return known;
}

/* The first line that is not blank: its start and length (at most CSV_SNIFF_BYTES). */
static const char *first_line(const char *s, size_t len, size_t *n)
{
    size_t i = 0;
    while (i < len && csv_is_blank(s[i]))
        i++;
    size_t e = i;
    while (e < len && e - i < CSV_SNIFF_BYTES && s[e] != '\n' && s[e] != '\r')
        e++;
    *n = e - i;
    return s + i;
}

/* The separator of the header: the one whose split names start and title, else the
 * one that splits out more known names (',' on a tie). */
static char header_sep(const char *bytes, size_t len, unsigned *roles)
{
    size_t n;
    const char *l = first_line(bytes, len, &n);
    unsigned rc, rs, need = 1u << C_START | 1u << C_TITLE;
    size_t kc = line_roles(l, n, ',', &rc), ks = line_roles(l, n, ';', &rs);
    bool semi = (rs & need) == need && ((rc & need) != need || ks > kc);
    semi |= (rs & need) != need && (rc & need) != need && ks > kc;
    *roles = semi ? rs : rc;
    return semi ? ';' : ',';
}

bool feed_sniff_csv(const char *bytes, size_t len)
{
    unsigned roles;
    header_sep(bytes, len, &roles);
    return (roles & 1u << C_START) && (roles & 1u << C_TITLE);
}

/* ---- Reading records -------------------------------------------------------------- */

/* Appends ch to the record's cells. r->buf grows (doubling): the reader owns it and
 * feed_import_csv() frees it. */
static bool put(csv_reader *r, char ch)
{
    if (r->used == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 1024;
        char *nb = realloc(r->buf, cap);
        if (!nb)
            return false;
        r->buf = nb;
        r->cap = cap;
    }
    r->buf[r->used++] = ch;
    return true;
}

/* Reads one cell: a quoted part (when the cell starts with '"'), then anything up to
 * the separator or the end of the line, kept as written. */
static int read_cell(csv_reader *r)
{
    if (r->p < r->end && *r->p == '"') {
        size_t at = r->line;
        for (r->p++;; r->p++) {
            if (r->p >= r->end) {
                r->open_line = at;
                return RD_OPEN;
            }
            if (*r->p == '"' && (r->p + 1 >= r->end || r->p[1] != '"')) {
                r->p++;
                break;
            }
            r->p += *r->p == '"'; /* "" is one quote */
            r->line += *r->p == '\n';
            if (!put(r, *r->p))
                return RD_OOM;
        }
    }
    while (r->p < r->end && *r->p != r->sep && *r->p != '\n' && *r->p != '\r')
        if (!put(r, *r->p++))
            return RD_OOM;
    return put(r, '\0') ? RD_OK : RD_OOM;
}

/* Reads the next record into r's cells, trimmed. */
static int read_record(csv_reader *r)
{
    if (r->p >= r->end)
        return RD_END;
    r->row++;
    r->n = r->over = r->used = 0;
    for (;;) {
        size_t o = r->used, o0 = o;
        int e = read_cell(r);
        if (e != RD_OK)
            return e;
        size_t e2 = r->used - 1;
        while (o < e2 && csv_is_blank(r->buf[o]))
            o++;
        while (e2 > o && csv_is_blank(r->buf[e2 - 1]))
            r->buf[--e2] = '\0';
        if (r->n < CSV_MAX_COLUMNS) {
            r->off[r->n++] = o;
        } else {
            r->over += e2 > o;
            r->used = o0; /* not kept */
        }
        if (r->p >= r->end || *r->p != r->sep)
            break;
        r->p++;
    }
    if (r->p < r->end && *r->p == '\r')
        r->p++;
    if (r->p < r->end && *r->p == '\n')
        r->p++;
    r->line++;
    return RD_OK;
}

const char *csv_cell(const csv_reader *r, int i)
{
    return i >= 0 && (size_t)i < r->n ? r->buf + r->off[i] : "";
}

const char *csv_row_path(const csv_reader *r, char out[CSV_ROW_PATH])
{
    snprintf(out, CSV_ROW_PATH, "row %zu", r->row);
    return out;
}

static bool record_blank(const csv_reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->buf[r->off[i]])
            return false;
    return !r->over;
}

/* ---- The entry point --------------------------------------------------------------------- */

/* Reports a record that could not be read: a quote never closed, or out of memory. */
static void read_failed(csv_import *im, int e)
{
    if (e == RD_OPEN)
        feed_report_add(im->b.c, FEED_ERROR, "", "line %zu: a quoted cell is never closed",
                        im->r.open_line);
    else if (e == RD_OOM)
        feed_oom(im->b.c);
}

/* Reads the header row; false (an error reported) when the feed cannot be read. */
static bool read_header(csv_import *im)
{
    int e;
    while ((e = read_record(&im->r)) == RD_OK && record_blank(&im->r))
        ;
    if (e == RD_END)
        feed_report_add(im->b.c, FEED_ERROR, "", "no header row");
    else
        read_failed(im, e);
    return e == RD_OK && csv_map_header(im);
}

/* Warns, once, about a row with cells right of the header's last column. */
static void check_over(csv_import *im)
{
    if (im->warned_over || !(im->r.over || im->r.n > im->n_cols))
        return;
    bool any = im->r.over > 0;
    for (size_t i = im->n_cols; i < im->r.n; i++)
        any |= *csv_cell(&im->r, (int)i) != '\0';
    if (any) {
        char row[CSV_ROW_PATH];
        feed_report_add(im->b.c, FEED_WARNING, csv_row_path(&im->r, row),
                        "cells right of the header's last column are ignored (reported once)");
        im->warned_over = true;
    }
}

/* Reads the data rows; stops at an error. */
static void import_rows(csv_import *im)
{
    feed_ctx *c = im->b.c;
    size_t rows = 0;
    int e;
    while ((e = read_record(&im->r)) == RD_OK && !c->oom) {
        if (record_blank(&im->r))
            continue;
        if (++rows > c->opt->limits.max_sessions) {
            feed_report_add(c, FEED_ERROR, "", "more than the limit of %zu rows",
                            c->opt->limits.max_sessions);
            return;
        }
        check_over(im);
        csv_import_row(im);
    }
    read_failed(im, e);
}

/* Owns nothing it returns: the sessions go into c->a (the agenda's arena); the
 * importer's scratch (im and the reader's buffer) is freed before it returns. */
void feed_import_csv(feed_ctx *c, const char *bytes, size_t len)
{
    csv_import *im = calloc(1, sizeof(*im));
    if (!im) {
        feed_oom(c);
        return;
    }
    fb_init(&im->b, c, true, bytes, len);
    unsigned roles;
    im->r = (csv_reader){.p = bytes, .end = bytes + len, .line = 1};
    im->r.sep = header_sep(bytes, len, &roles);
    memset(im->col, -1, sizeof(im->col));
    memset(im->text, -1, sizeof(im->text));
    size_t errors = c->rep->n_errors;
    if (read_header(im)) {
        csv_set_languages(im);
        import_rows(im);
        const char *const *ov = c->opt->zones;
        if (!(ov && ov[0]) && !im->venue && im->has_offset) {
            /* Every time had an offset: the first one is the clock shown. */
            fb_use_event_zone(&im->b, fb_fixed_zone(&im->b, im->first_offset));
        }
        if (c->rep->n_errors == errors && !c->oom)
            fb_finish(&im->b);
    }
    free(im->r.buf);
    fb_free(&im->b);
    free(im);
}
