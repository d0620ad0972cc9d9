/* fuzz_check.h - what the feed fuzz targets share: a pure zone loader (UTC and zones
 * given by POSIX rules; no files, so every run is deterministic and reads nothing) and
 * the checks on what feed_parse() returns.
 *
 * Each fuzz/fuzz_*.c is built alone into its own executable, so everything here is
 * static; every target uses every function. The checks abort() on a broken invariant,
 * which libFuzzer reports as a crash with the input that caused it.
 *
 * Every agenda is checked for: a zone, a revision and a format; sessions sorted
 * (agenda_session_cmp), ids of 1 to AGENDA_MAX_ID_BYTES bytes and unique, start <= end
 * (equal: a moment), end - start <= max_duration, hall and track indices in range, at
 * most AGENDA_MAX_PEOPLE speakers and chairs; texts with a tag and valid UTF-8; halls
 * with an id; tracks with an id and a colour. The FUZZ_* flags add what holds for one
 * importer and not for every format.
 */
#ifndef HB_FUZZ_CHECK_H
#define HB_FUZZ_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agenda.h"
#include "feed.h"
#include "tz.h"
#include "utf8.h"

/* A zone the loader knows by its POSIX rule. */
typedef struct {
    const char *name;
    const char *rule;
} fuzz_zone;

/* The zone loader for feed_default_options(): "UTC", and the zones of ctx, a table of
 * fuzz_zone ended by a NULL name (NULL: UTC only). Other names are unknown zones. */
static tz_zone *fuzz_load_zone(void *ctx, const char *name)
{
    if (strcmp(name, "UTC") == 0)
        return tz_utc();
    for (const fuzz_zone *z = ctx; z && z->name; z++)
        if (strcmp(z->name, name) == 0)
            return tz_parse_posix(name, z->rule);
    return NULL;
}

enum {
    FUZZ_WEEK = 1u << 0,      /* no session longer than 7 days */
    FUZZ_TITLED = 1u << 1,    /* every session has a title */
    FUZZ_NAMED = 1u << 2,     /* every speaker and chair has a name */
    FUZZ_FILLED = 1u << 3,    /* no empty translation */
    FUZZ_LANGUAGES = 1u << 4, /* 1 to AGENDA_MAX_LANGUAGES languages, none empty */
};

static void fuzz_check_text(const agenda_text *t, bool required, unsigned flags)
{
    if ((required && !t->n) || (t->n && !t->v))
        abort();
    for (size_t i = 0; i < t->n; i++) {
        const char *s = t->v[i].text;
        if (!t->v[i].tag || !s || !utf8_valid(s, strlen(s), NULL))
            abort();
        if ((flags & FUZZ_FILLED) && !s[0])
            abort();
    }
}

static void fuzz_check_people(const agenda_person *p, size_t n, unsigned flags)
{
    if (n > AGENDA_MAX_PEOPLE || (n && !p))
        abort();
    for (size_t i = 0; i < n; i++)
        fuzz_check_text(&p[i].name, flags & FUZZ_NAMED, flags);
}

static bool fuzz_id_ok(const char *id)
{
    size_t n = id ? strlen(id) : 0;
    return n > 0 && n <= AGENDA_MAX_ID_BYTES;
}

static int fuzz_id_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Every session id is unique (the ids are checked present first). */
static void fuzz_check_unique_ids(const agenda *a)
{
    const char **ids = malloc((a->n_sessions + 1) * sizeof(*ids));
    if (!ids)
        return;
    for (size_t i = 0; i < a->n_sessions; i++)
        ids[i] = a->sessions[i].id;
    qsort(ids, a->n_sessions, sizeof(*ids), fuzz_id_cmp);
    for (size_t i = 1; i < a->n_sessions; i++)
        if (strcmp(ids[i - 1], ids[i]) == 0)
            abort();
    free(ids);
}

static void fuzz_check_session(const agenda *a, const agenda_session *s, unsigned flags)
{
    if (!fuzz_id_ok(s->id) || s->start > s->end || s->end - s->start > a->max_duration)
        abort();
    if ((flags & FUZZ_WEEK) && s->end - s->start > 7 * 86400)
        abort();
    if (s->hall < -1 || s->hall >= (int32_t)a->n_halls || s->track < -1 ||
        s->track >= (int32_t)a->n_tracks)
        abort();
    fuzz_check_text(&s->title, flags & FUZZ_TITLED, flags);
    fuzz_check_text(&s->subtitle, false, flags);
    fuzz_check_text(&s->description, false, flags);
    fuzz_check_people(s->speakers, s->n_speakers, flags);
    fuzz_check_people(s->chair, s->n_chair, flags);
}

/* The agenda's invariants (see the top of this file) and those of flags (FUZZ_*). */
static void fuzz_check_agenda(const agenda *a, unsigned flags)
{
    if (a->n_zones == 0 || !a->zones[0].tz || !a->revision || !a->format)
        abort();
    fuzz_check_text(&a->title, false, flags);
    if ((flags & FUZZ_LANGUAGES) &&
        (a->n_languages == 0 || a->n_languages > AGENDA_MAX_LANGUAGES))
        abort();
    for (size_t i = 0; (flags & FUZZ_LANGUAGES) && i < a->n_languages; i++)
        if (!a->languages[i] || !a->languages[i][0])
            abort();
    for (size_t i = 0; i < a->n_sessions; i++) {
        fuzz_check_session(a, &a->sessions[i], flags);
        if (i > 0 && agenda_session_cmp(&a->sessions[i - 1], &a->sessions[i]) > 0)
            abort();
    }
    fuzz_check_unique_ids(a);
    for (size_t i = 0; i < a->n_halls; i++) {
        if (!fuzz_id_ok(a->halls[i].id))
            abort();
        fuzz_check_text(&a->halls[i].name, false, flags);
    }
    for (size_t i = 0; i < a->n_tracks; i++)
        if (!a->tracks[i].id || !a->tracks[i].id[0] || a->tracks[i].color > 0xFFFFFF)
            abort();
}

/* The outcome of feed_parse(): formats the report (so that its code runs too), then
 * aborts on an agenda with errors or on no agenda without an error. Returns whether
 * there is an agenda (to check with fuzz_check_agenda()). */
static bool fuzz_outcome(const agenda *a, const feed_report *rep)
{
    static char text[16384]; /* large: kept off the stack */
    feed_report_format(rep, text, sizeof(text));
    if (a && rep->n_errors)
        abort(); /* an agenda only without errors */
    if (!a && rep->n_errors == 0)
        abort(); /* no agenda without a reason */
    return a != NULL;
}

#endif
