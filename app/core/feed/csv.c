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
 * Layout: names of columns; the sniffer; reading records; values (times, durations,
 * people); the header; one row -> one session; the entry point.
 */
#include "importers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "build.h"
#include "civil.h"
#include "utf8.h"

#define CSV_MAX_COLUMNS 256                         /* columns of the header row */
#define CSV_MAX_LANGS (AGENDA_MAX_LANGUAGES - 1)    /* tagged languages (room for "en") */
#define CSV_SNIFF_BYTES 4096                        /* the sniffer reads one line, at most this */
#define CSV_NAME_MAX 40                             /* bytes of a column name kept for paths */
#define CSV_SHOW_MAX 40                             /* bytes of a cell quoted in a message */

/* ---- Column names ------------------------------------------------------------- */

enum { C_NONE, C_START, C_END, C_DURATION, C_DATE, C_HALL, C_TRACK, C_ID, C_KIND, C_STATUS,
       C_SPEAKERS, C_CHAIR, C_TITLE, C_SUBTITLE, C_DESCRIPTION, C_N };
#define CSV_TEXTS 3 /* title, subtitle, description: the columns that take ".lang" */

static const struct {
    const char *name;
    int role;
} csv_names[] = {
    {"start", C_START},       {"end", C_END},           {"duration", C_DURATION},
    {"date", C_DATE},         {"hall", C_HALL},         {"room", C_HALL},
    {"track", C_TRACK},       {"id", C_ID},             {"kind", C_KIND},
    {"status", C_STATUS},     {"speakers", C_SPEAKERS}, {"speaker", C_SPEAKERS},
    {"chair", C_CHAIR},       {"chairs", C_CHAIR},      {"title", C_TITLE},
    {"subtitle", C_SUBTITLE}, {"description", C_DESCRIPTION},
};

static bool is_blank(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n';
}

/* A language tag as a column suffix: a letter, then letters, digits and '-'. */
static bool tag_ok(const char *s, size_t n)
{
    if (n < 2 || n > 35 || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (!((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') && !(ch >= '0' && ch <= '9') && ch != '-')
            return false;
    }
    return true;
}

/* The role of column name s (n bytes, trimmed): C_NONE when unknown. A text column may
 * carry a language ("title.zh"): *tag and *tag_n say which (n 0 for none). */
static int col_role(const char *s, size_t n, const char **tag, size_t *tag_n)
{
    const char *dot = memchr(s, '.', n);
    size_t base = dot ? (size_t)(dot - s) : n;
    *tag = dot ? dot + 1 : s + n;
    *tag_n = n - base - (dot != NULL);
    for (size_t i = 0; i < sizeof(csv_names) / sizeof(csv_names[0]); i++) {
        if (strlen(csv_names[i].name) != base || strncasecmp(csv_names[i].name, s, base) != 0)
            continue;
        int r = csv_names[i].role;
        if (!dot)
            return r;
        return r >= C_TITLE && tag_ok(*tag, *tag_n) ? r : C_NONE;
    }
    return C_NONE;
}

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
        while (a < b && (is_blank(s[a]) || s[a] == '"'))
            a++;
        while (b > a && (is_blank(s[b - 1]) || s[b - 1] == '"'))
            b--;
        const char *tag;
        size_t tag_n;
        int r = b > a ? col_role(s + a, b - a, &tag, &tag_n) : C_NONE;
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
    while (i < len && is_blank(s[i]))
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
        while (o < e2 && is_blank(r->buf[o]))
            o++;
        while (e2 > o && is_blank(r->buf[e2 - 1]))
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

/* Cell i of the record ("" past its end). */
static const char *cell(const csv_reader *r, int i)
{
    return i >= 0 && (size_t)i < r->n ? r->buf + r->off[i] : "";
}

static bool record_blank(const csv_reader *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->buf[r->off[i]])
            return false;
    return !r->over;
}

/* ---- Values -------------------------------------------------------------------------- */

/* s quoted for a message: cut to CSV_SHOW_MAX bytes at a character boundary. */
static const char *shown(const char *s, char out[CSV_SHOW_MAX + 4])
{
    size_t n = strlen(s);
    bool cut = n > CSV_SHOW_MAX;
    if (cut)
        n = utf8_cut(s, CSV_SHOW_MAX);
    memcpy(out, s, n);
    memcpy(out + n, cut ? "..." : "", cut ? 4 : 1);
    return out;
}

/* Reads 1 to max decimal digits at *s into *v; advances *s. */
static bool num(const char **s, int max, int *v)
{
    int k = 0;
    *v = 0;
    while (k < max && **s >= '0' && **s <= '9') {
        *v = *v * 10 + (*(*s)++ - '0');
        k++;
    }
    return k > 0;
}

/* A date at *s: YYYY-MM-DD or DD.MM.YYYY (month and day may have one digit). */
static bool parse_date(const char **s, int64_t *y, int *mo, int *d)
{
    const char *p = *s, *a0 = p, *c0;
    int a, b, cc;
    if (!num(&p, 4, &a) || (*p != '-' && *p != '.'))
        return false;
    size_t na = (size_t)(p - a0);
    char sep = *p++;
    if (!num(&p, 2, &b) || *p++ != sep)
        return false;
    c0 = p;
    if (!num(&p, 4, &cc))
        return false;
    size_t nc = (size_t)(p - c0);
    if (sep == '-' ? na != 4 || nc > 2 : na > 2 || nc != 4)
        return false;
    *y = sep == '-' ? a : cc;
    *mo = b;
    *d = sep == '-' ? cc : a;
    if (*y < 1900 || *y > 2199 || *mo < 1 || *mo > 12 || *d < 1 ||
        *d > civil_days_in_month(*y, *mo))
        return false;
    *s = p;
    return true;
}

/* A time of day at *s: H:MM or HH:MM, optional :SS and a fraction (dropped). */
static bool parse_tod(const char **s, int *h, int *mi, int *sec)
{
    const char *p = *s, *m;
    if (!num(&p, 2, h) || *p++ != ':')
        return false;
    m = p;
    if (!num(&p, 2, mi) || p - m != 2 || *h > 23 || *mi > 59)
        return false;
    *sec = 0;
    if (*p == ':') {
        m = ++p;
        if (!num(&p, 2, sec) || p - m != 2 || *sec > 60)
            return false;
        if (*p == '.' && p[1] >= '0' && p[1] <= '9')
            for (p++; *p >= '0' && *p <= '9'; p++)
                ;
        *sec -= *sec == 60;
    }
    *s = p;
    return true;
}

/* An optional "Z" or +HH:MM / -HH:MM at *s; then the end of the string. */
static bool parse_offset(const char *s, bool *has, int32_t *off)
{
    int h, m;
    *has = *s != '\0';
    if (*s == 'Z' || *s == 'z')
        *off = 0, s++;
    else if (*s == '+' || *s == '-') {
        const char *p = s + 1;
        if (!num(&p, 2, &h) || p - s != 3 || *p++ != ':' || !num(&p, 2, &m) || p - s != 6 ||
            h > 23 || m > 59)
            return false;
        *off = (s[0] == '-' ? -1 : 1) * (h * 3600 + m * 60);
        s = p;
    }
    return *s == '\0';
}

/* A duration: minutes ("45") or H:MM[:SS] ("1:30"). */
static bool parse_duration(const char *s, int64_t *secs)
{
    int a, b, c = 0;
    const char *m;
    if (!num(&s, 6, &a))
        return false;
    if (*s == '\0') {
        *secs = (int64_t)a * 60;
        return true;
    }
    if (*s++ != ':' || a > 999 || (m = s, !num(&s, 2, &b)) || s - m != 2 || b > 59)
        return false;
    if (*s == ':' && (m = ++s, !num(&s, 2, &c) || s - m != 2 || c > 59))
        return false;
    *secs = (int64_t)a * 3600 + b * 60 + c;
    return *s == '\0';
}

/* ---- The import ------------------------------------------------------------------------ */

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

static void cell_path(const csv_import *im, char out[FEED_PATH_MAX], const char *row, int col)
{
    feed_path_key(out, row, im->name[col]);
}

/* A date-time as a cell writes it, read by parse_when(). */
typedef struct {
    int64_t y;
    int mo, d, h, mi, sec;
    bool has_date, has_off;
    int32_t off; /* seconds east of UTC, when has_off */
} csv_when;

/* Reads "DATE[T| ]TIME[OFFSET]" or "TIME[OFFSET]" (a time of day: has_date false). */
static bool parse_when(const char *s, csv_when *w)
{
    w->has_date = parse_date(&s, &w->y, &w->mo, &w->d);
    if (w->has_date) {
        if (*s != 'T' && *s != 't' && *s != ' ')
            return false;
        while (*++s == ' ')
            ;
    }
    return parse_tod(&s, &w->h, &w->mi, &w->sec) && parse_offset(s, &w->has_off, &w->off);
}

/* Fills the date of a time of day from the date column; false (row dropped) if none. */
static bool date_of(csv_import *im, csv_when *w, const char *row, const char *p, const char *s)
{
    char dp[FEED_PATH_MAX], sh[CSV_SHOW_MAX + 4];
    int dc = im->col[C_DATE];
    const char *ds = cell(&im->r, dc), *q = ds;
    if (dc < 0) {
        fb_drop(&im->b, p, "\"%s\" is a time of day and there is no date column", shown(s, sh));
        return false;
    }
    cell_path(im, dp, row, dc);
    if (!*ds) {
        fb_drop(&im->b, dp, "missing (start or end is a time of day)");
        return false;
    }
    if (!parse_date(&q, &w->y, &w->mo, &w->d) || *q) {
        fb_drop(&im->b, dp, "not a date: \"%s\" (write 2020-12-09 or 09.12.2020)", shown(ds, sh));
        return false;
    }
    return true;
}

/* The instant of cell col; false (the row dropped with a warning) when it has none. */
static bool cell_time(csv_import *im, int col, const char *row, int64_t *t)
{
    char p[FEED_PATH_MAX], sh[CSV_SHOW_MAX + 4];
    const char *s = cell(&im->r, col);
    csv_when w;
    int32_t off;
    cell_path(im, p, row, col);
    if (civil_parse_rfc3339(s, t, &off)) {
        w.has_off = true;
        w.off = off;
    } else if (!*s) {
        fb_drop(&im->b, p, "missing");
        return false;
    } else if (strchr(s, '/')) {
        fb_drop(&im->b, p, "\"%s\": day or month first? write 2020-12-09 or 09.12.2020",
                shown(s, sh));
        return false;
    } else if (!parse_when(s, &w)) {
        fb_drop(&im->b, p, "not a date-time: \"%s\" (write 2020-12-09 12:00, 09.12.2020 12:00 "
                           "or 2020-12-09T12:00:00+03:00)", shown(s, sh));
        return false;
    } else if (!w.has_date && !date_of(im, &w, row, p, s)) {
        return false;
    } else if (w.has_off) {
        *t = civil_days_from_ymd(w.y, w.mo, w.d) * 86400 + w.h * 3600 + w.mi * 60 + w.sec - w.off;
    } else {
        if (!im->venue)
            im->venue = fb_venue_zone(&im->b, p);
        if (fb_local(im->venue, w.y, w.mo, w.d, w.h, w.mi, w.sec, t))
            return true;
        fb_drop(&im->b, p, "\"%s\" cannot be placed in the venue zone", shown(s, sh));
        return false;
    }
    if (!im->has_offset)
        im->first_offset = w.off;
    im->has_offset = true;
    return true;
}

/* Start and end of the row: end from the end column, else start + duration. */
static bool row_times(csv_import *im, const char *row, int64_t *start, int64_t *end)
{
    char p[FEED_PATH_MAX], sh[CSV_SHOW_MAX + 4];
    int ce = im->col[C_END], cd = im->col[C_DURATION];
    if (!cell_time(im, im->col[C_START], row, start))
        return false;
    if (ce >= 0 && (*cell(&im->r, ce) || cd < 0 || !*cell(&im->r, cd)))
        return cell_time(im, ce, row, end);
    const char *s = cell(&im->r, cd);
    int64_t secs;
    cell_path(im, p, row, cd);
    if (!*s) {
        fb_drop(&im->b, p, "missing");
        return false;
    }
    if (!parse_duration(s, &secs)) {
        fb_drop(&im->b, p, "not a duration: \"%s\" (write minutes, 45, or H:MM, 1:30)",
                shown(s, sh));
        return false;
    }
    *end = *start + secs;
    return true;
}

/* The arena copy of cell col (NULL when empty). */
static const char *cell_str(csv_import *im, int col, const char *row)
{
    char p[FEED_PATH_MAX];
    const char *s = cell(&im->r, col);
    if (col < 0 || !*s)
        return NULL;
    cell_path(im, p, row, col);
    return fb_cstr(&im->b, s, p);
}

/* The next name of a people cell at *s: split at ';' and line breaks when the cell has
 * any, else at ','. Returns false at the end. */
static bool next_name(const char **s, bool semi, const char **a, size_t *n)
{
    if (!**s)
        return false;
    *a = *s;
    while (**s && !(semi ? **s == ';' || **s == '\n' || **s == '\r' : **s == ','))
        (*s)++;
    *n = (size_t)(*s - *a);
    *s += **s != '\0';
    return true;
}

/* The people of cell col (speakers or chair). */
static void row_people(csv_import *im, int col, const char *row, const agenda_person **out,
                       size_t *n_out)
{
    char p[FEED_PATH_MAX];
    const char *s = cell(&im->r, col), *a;
    bool semi = strpbrk(s, ";\n\r") != NULL;
    size_t n = 0, k = 0, len;
    for (const char *q = s; next_name(&q, semi, &a, &len);)
        for (size_t i = 0; i < len; i++)
            if (!is_blank(a[i])) {
                n++;
                break;
            }
    if (col < 0 || !n)
        return;
    cell_path(im, p, row, col);
    agenda_person *v = fb_people(&im->b, &n, p);
    for (const char *q = s; v && k < n && next_name(&q, semi, &a, &len);) {
        const char *name = fb_str(&im->b, a, len, p);
        if (name && *name)
            v[k++].name = fb_text(&im->b, name);
    }
    *out = v;
    *n_out = v ? k : 0;
}

/* A kind or status cell, lower-cased into out (cut); "" when empty. */
static const char *lower(const char *s, char out[16])
{
    size_t i = 0;
    for (; s[i] && i < 15; i++)
        out[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] | 0x20) : s[i];
    out[i] = '\0';
    return s[i] ? "?" : out;
}

static void row_kind_status(csv_import *im, agenda_session *s, const char *row)
{
    char p[FEED_PATH_MAX], buf[16], sh[CSV_SHOW_MAX + 4];
    const char *k = lower(cell(&im->r, im->col[C_KIND]), buf);
    if (*k && !agenda_kind_parse(k, &s->kind)) {
        cell_path(im, p, row, im->col[C_KIND]);
        fb_flaw(&im->b, p, "unknown kind \"%s\": read as talk",
                shown(cell(&im->r, im->col[C_KIND]), sh));
    }
    const char *st = lower(cell(&im->r, im->col[C_STATUS]), buf);
    if (strcmp(st, "canceled") == 0)
        st = "cancelled";
    if (*st && !agenda_status_parse(st, &s->status)) {
        cell_path(im, p, row, im->col[C_STATUS]);
        fb_flaw(&im->b, p, "unknown status \"%s\": read as scheduled",
                shown(cell(&im->r, im->col[C_STATUS]), sh));
    }
}

/* One data row -> one session (or a dropped row). */
static void import_row(csv_import *im)
{
    char row[32];
    snprintf(row, sizeof(row), "row %zu", im->r.row);
    int64_t start, end;
    if (!row_times(im, row, &start, &end))
        return;
    agenda_session *s = fb_session(&im->b, row);
    if (!s)
        return;
    s->start = start;
    s->end = end;
    s->id = cell_str(im, im->col[C_ID], row);
    agenda_text *texts[CSV_TEXTS] = {&s->title, &s->subtitle, &s->description};
    for (int t = 0; t < CSV_TEXTS; t++) {
        const char *tags[CSV_MAX_LANGS + 1], *v[CSV_MAX_LANGS + 1];
        size_t n = 0;
        for (size_t l = 0; l <= im->n_langs; l++)
            if (im->text[t][l] >= 0) {
                tags[n] = l ? im->langs[l - 1] : "";
                v[n++] = cell_str(im, im->text[t][l], row);
            }
        *texts[t] = fb_texts(&im->b, tags, v, n);
    }
    char p[FEED_PATH_MAX];
    const char *hall = cell_str(im, im->col[C_HALL], row);
    const char *track = cell_str(im, im->col[C_TRACK], row);
    if (hall && *hall) {
        cell_path(im, p, row, im->col[C_HALL]);
        s->hall = fb_hall(&im->b, hall, (agenda_text){NULL, 0}, p);
    }
    if (track && *track) {
        cell_path(im, p, row, im->col[C_TRACK]);
        s->track = fb_track(&im->b, track, (agenda_text){NULL, 0}, NULL, p);
    }
    row_kind_status(im, s, row);
    row_people(im, im->col[C_SPEAKERS], row, &s->speakers, &s->n_speakers);
    row_people(im, im->col[C_CHAIR], row, &s->chair, &s->n_chair);
}

/* ---- The header ------------------------------------------------------------------------ */

/* The index (1 + i) of language tag (n bytes), added when new; 0 past the limit. */
static int lang_index(csv_import *im, const char *tag, size_t n, const char *path)
{
    for (size_t i = 0; i < im->n_langs; i++)
        if (strlen(im->langs[i]) == n && strncasecmp(im->langs[i], tag, n) == 0)
            return (int)i + 1;
    if (im->n_langs == CSV_MAX_LANGS) {
        fb_flaw(&im->b, path, "more than %d languages: column ignored", CSV_MAX_LANGS);
        return 0;
    }
    const char *t = fb_str(&im->b, tag, n, path);
    if (!t)
        return 0;
    im->langs[im->n_langs++] = t;
    return (int)im->n_langs;
}

/* Adds "name" to the list of unknown columns in msg (cap bytes). */
static void add_unknown(char *msg, size_t cap, const char *name)
{
    size_t n = strlen(msg);
    if (n + strlen(name) + 8 < cap)
        snprintf(msg + n, cap - n, "%s\"%s\"", n ? ", " : "", name);
    else if (n + 5 < cap && strcmp(msg + n - 3, "...") != 0)
        snprintf(msg + n, cap - n, ", ...");
}

/* Column i of the header: its role, or an unknown (named in unknown[]) or repeated one. */
static void header_column(csv_import *im, int i, const char *row, char *unknown, size_t cap)
{
    char p[FEED_PATH_MAX];
    const char *s = cell(&im->r, i), *tag;
    size_t n = strlen(s), tag_n;
    if (!n)
        return;
    char *name = agenda_arena_strndup(im->b.c->ar, s, n > CSV_NAME_MAX ? utf8_cut(s, CSV_NAME_MAX) : n);
    if (!name) {
        feed_oom(im->b.c);
        return;
    }
    for (char *q = name; *q; q++) /* paths name columns in lower case, as the builder does */
        *q = *q >= 'A' && *q <= 'Z' ? (char)(*q | 0x20) : *q;
    im->name[i] = name;
    feed_path_key(p, row, im->name[i]);
    int role = col_role(s, n, &tag, &tag_n), l = 0;
    if (role >= C_TITLE && tag_n && !(l = lang_index(im, tag, tag_n, p)))
        return;
    if (role == C_NONE) {
        add_unknown(unknown, cap, im->name[i]);
        return;
    }
    int *slot = role >= C_TITLE ? &im->text[role - C_TITLE][l] : &im->col[role];
    if (*slot >= 0) {
        fb_flaw(&im->b, p, "repeated column (as %s): the first one is used", im->name[*slot]);
        return;
    }
    *slot = i;
    im->plain |= role >= C_TITLE && !l;
}

/* Reads the header row; false (an error reported) when the feed cannot be read. */
static bool read_header(csv_import *im)
{
    feed_ctx *c = im->b.c;
    int e;
    while ((e = read_record(&im->r)) == RD_OK && record_blank(&im->r))
        ;
    if (e != RD_OK) {
        if (e == RD_OOM)
            feed_oom(c);
        else
            feed_report_add(c, FEED_ERROR, "", e == RD_END ? "no header row"
                            : "line %zu: a quoted cell is never closed", im->r.open_line);
        return false;
    }
    char row[32], unknown[160] = "";
    snprintf(row, sizeof(row), "row %zu", im->r.row);
    if (im->r.over) {
        feed_report_add(c, FEED_ERROR, row, "more than %d columns", CSV_MAX_COLUMNS);
        return false;
    }
    im->n_cols = im->r.n;
    for (size_t i = 0; i < im->r.n; i++)
        header_column(im, (int)i, row, unknown, sizeof(unknown));
    if (*unknown)
        feed_report_add(c, FEED_WARNING, row, "unknown columns ignored: %s", unknown);
    bool title = false;
    for (size_t l = 0; l <= im->n_langs; l++)
        title |= im->text[0][l] >= 0;
    if (im->col[C_START] < 0 || !title || (im->col[C_END] < 0 && im->col[C_DURATION] < 0)) {
        feed_report_add(c, FEED_ERROR, row, "missing columns:%s%s%s (the header needs start, title, "
                        "and end or duration)", im->col[C_START] < 0 ? " start" : "",
                        title ? "" : " title",
                        im->col[C_END] < 0 && im->col[C_DURATION] < 0 ? " end-or-duration" : "");
        return false;
    }
    return true;
}

/* The event's languages: the tags of the text columns in header order, "en" first when
 * a column without a language is there and none says "en" (the builder's default). */
static void set_languages(csv_import *im)
{
    bool en = false;
    for (size_t i = 0; i < im->n_langs; i++)
        en |= strcasecmp(im->langs[i], "en") == 0;
    size_t lead = im->plain && !en, n = im->n_langs + lead;
    if (!im->n_langs)
        return;
    const char **l = agenda_arena_alloc(im->b.c->ar, n * sizeof(*l));
    if (!l) {
        feed_oom(im->b.c);
        return;
    }
    if (lead)
        l[0] = "en";
    memcpy(l + lead, im->langs, im->n_langs * sizeof(*l));
    im->b.c->a->languages = l;
    im->b.c->a->n_languages = n;
}

/* ---- The entry point --------------------------------------------------------------------- */

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
        if (!im->warned_over && (im->r.over || im->r.n > im->n_cols)) {
            bool any = im->r.over > 0;
            for (size_t i = im->n_cols; i < im->r.n; i++)
                any |= *cell(&im->r, (int)i) != '\0';
            if (any) {
                char row[32];
                snprintf(row, sizeof(row), "row %zu", im->r.row);
                feed_report_add(c, FEED_WARNING, row, "cells right of the header's last column "
                                "are ignored (reported once)");
                im->warned_over = true;
            }
        }
        import_row(im);
    }
    if (e == RD_OPEN)
        feed_report_add(c, FEED_ERROR, "", "line %zu: a quoted cell is never closed",
                        im->r.open_line);
    else if (e == RD_OOM)
        feed_oom(c);
}

/* Owns nothing it returns: the sessions go into c->a (the agenda's arena); the
 * importer's scratch is freed before it returns. */
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
        set_languages(im);
        import_rows(im);
        const char *const *ov = c->opt->zones;
        if (!(ov && ov[0]) && !im->venue && im->has_offset) {
            /* Every time had an offset: the first one is the clock shown. */
            im->b.venue = fb_fixed_zone(&im->b, im->first_offset);
            im->b.venue_name = im->b.venue ? tz_name(im->b.venue) : NULL;
        }
        if (c->rep->n_errors == errors && !c->oom)
            fb_finish(&im->b);
    }
    free(im->r.buf);
    fb_free(&im->b);
    free(im);
}
