/* csv_row.c - what the cells of a CSV mean: columns by name, one row -> one session.
 *
 * The header names the columns (in any order and case; "room" for "hall", "speaker"
 * for "speakers"...); title, subtitle and description may carry a language
 * ("title.de"), and the languages found become the event's. A data row then gives one
 * session: start and end (or start and duration; a time of day takes the date column),
 * id, texts, hall, track, kind, status, speakers and chair. A cell that cannot be read
 * drops the row or is repaired, with a warning at "row N.column".
 *
 * Layout: names of columns; the header; times; texts and people; kind and status; one
 * row -> one session.
 */
#include "csv.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "civil.h"
#include "utf8.h"

#define CSV_NAME_MAX 40 /* bytes of a column name kept for paths */
#define CSV_SHOW_MAX 40 /* bytes of a cell quoted in a message */

/* ---- Names of columns -------------------------------------------------------------- */

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

int csv_col_role(const char *s, size_t n, const char **tag, size_t *tag_n)
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

/* ---- The header ------------------------------------------------------------------------ */

/* The index (1 + i) of language tag (n bytes), added when new; 0 past the limit. A new
 * tag is copied into the arena and kept in im->langs. */
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

/* Column i of the header: its role, or an unknown (named in unknown[]) or repeated one.
 * Its name, lower-cased and cut, is copied into the arena as im->name[i]. */
static void header_column(csv_import *im, int i, const char *row, char *unknown, size_t cap)
{
    char p[FEED_PATH_MAX];
    const char *s = csv_cell(&im->r, i), *tag;
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
    int role = csv_col_role(s, n, &tag, &tag_n), l = 0;
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

bool csv_map_header(csv_import *im)
{
    feed_ctx *c = im->b.c;
    char row[CSV_ROW_PATH], unknown[160] = "";
    csv_row_path(&im->r, row);
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
 * a column without a language is there and none says "en" (the builder's default). The
 * list is allocated in the arena and owned by the agenda. */
void csv_set_languages(csv_import *im)
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

/* ---- Times ---------------------------------------------------------------------------- */

static void cell_path(const csv_import *im, char out[FEED_PATH_MAX], const char *row, int col)
{
    feed_path_key(out, row, im->name[col]);
}

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

/* Fills the date of a time of day from the date column; false (row dropped) if none. */
static bool date_of(csv_import *im, csv_when *w, const char *row, const char *p, const char *s)
{
    char dp[FEED_PATH_MAX], sh[CSV_SHOW_MAX + 4];
    int dc = im->col[C_DATE];
    const char *ds = csv_cell(&im->r, dc), *q = ds;
    if (dc < 0) {
        fb_drop(&im->b, p, "\"%s\" is a time of day and there is no date column", shown(s, sh));
        return false;
    }
    cell_path(im, dp, row, dc);
    if (!*ds) {
        fb_drop(&im->b, dp, "missing (start or end is a time of day)");
        return false;
    }
    if (!csv_parse_date(&q, &w->y, &w->mo, &w->d) || *q) {
        fb_drop(&im->b, dp, "not a date: \"%s\" (write 2020-12-09 or 09.12.2020)", shown(ds, sh));
        return false;
    }
    return true;
}

/* The instant of cell col; false (the row dropped with a warning) when it has none. */
static bool cell_time(csv_import *im, int col, const char *row, int64_t *t)
{
    char p[FEED_PATH_MAX], sh[CSV_SHOW_MAX + 4];
    const char *s = csv_cell(&im->r, col);
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
    } else if (!csv_parse_when(s, &w)) {
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
    if (ce >= 0 && (*csv_cell(&im->r, ce) || cd < 0 || !*csv_cell(&im->r, cd)))
        return cell_time(im, ce, row, end);
    const char *s = csv_cell(&im->r, cd);
    int64_t secs;
    cell_path(im, p, row, cd);
    if (!*s) {
        fb_drop(&im->b, p, "missing");
        return false;
    }
    if (!csv_parse_duration(s, &secs)) {
        fb_drop(&im->b, p, "not a duration: \"%s\" (write minutes, 45, or H:MM, 1:30)",
                shown(s, sh));
        return false;
    }
    *end = *start + secs;
    return true;
}

/* ---- Texts and people ----------------------------------------------------------------- */

/* The arena copy of cell col (NULL when empty); the agenda owns it. */
static const char *cell_str(csv_import *im, int col, const char *row)
{
    char p[FEED_PATH_MAX];
    const char *s = csv_cell(&im->r, col);
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

/* The people of cell col (speakers or chair): *out is allocated in the arena and owned
 * by the agenda, as are their names. */
static void row_people(csv_import *im, int col, const char *row, const agenda_person **out,
                       size_t *n_out)
{
    char p[FEED_PATH_MAX];
    const char *s = csv_cell(&im->r, col), *a;
    bool semi = strpbrk(s, ";\n\r") != NULL;
    size_t n = 0, k = 0, len;
    for (const char *q = s; next_name(&q, semi, &a, &len);)
        for (size_t i = 0; i < len; i++)
            if (!csv_is_blank(a[i])) {
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

/* ---- Kind and status ------------------------------------------------------------------ */

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
    const char *k = lower(csv_cell(&im->r, im->col[C_KIND]), buf);
    if (*k && !agenda_kind_parse(k, &s->kind)) {
        cell_path(im, p, row, im->col[C_KIND]);
        fb_flaw(&im->b, p, "unknown kind \"%s\": read as talk",
                shown(csv_cell(&im->r, im->col[C_KIND]), sh));
    }
    const char *st = lower(csv_cell(&im->r, im->col[C_STATUS]), buf);
    if (strcmp(st, "canceled") == 0)
        st = "cancelled";
    if (*st && !agenda_status_parse(st, &s->status)) {
        cell_path(im, p, row, im->col[C_STATUS]);
        fb_flaw(&im->b, p, "unknown status \"%s\": read as scheduled",
                shown(csv_cell(&im->r, im->col[C_STATUS]), sh));
    }
}

/* ---- One row -> one session ----------------------------------------------------------- */

/* The session, its strings and people go into the agenda's arena, through the builder. */
void csv_import_row(csv_import *im)
{
    char row[CSV_ROW_PATH];
    csv_row_path(&im->r, row);
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
