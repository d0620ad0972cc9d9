/* override_int.h - shared by the override module's files (app/core/override/) only.
 *
 * A parsed document is plain data in its own arena: parse.c builds it (reading JSON
 * with the feed module's value readers, so that paths and messages read as they do
 * for feeds), apply.c reads it.
 */
#ifndef HB_OVERRIDE_INT_H
#define HB_OVERRIDE_INT_H

#include "override.h"

/* One entry under "sessions". Absent members: has_* false, hall NULL, note.n 0. */
typedef struct {
    const char *id;
    bool has_delay, has_status, has_full, has_until;
    int32_t delay_min;
    agenda_status status;
    bool hall_full;
    const char *hall;   /* the hall to move to, or NULL */
    agenda_text note;
    int64_t until;      /* has_until: explicit; else the session's end as shifted */
} ovr_session;

/* One entry under "halls". */
typedef struct {
    const char *id;
    agenda_text note;
    int64_t until;
} ovr_hall;

/* "announcement"; level NONE when the document has none. */
typedef struct {
    agenda_alert_level level;
    agenda_text text;
    const char *hall;   /* NULL: every board */
    int64_t until;
} ovr_announcement;

struct override_doc {
    agenda_arena *ar;   /* owns everything below */
    ovr_session *sessions;
    size_t n_sessions;
    ovr_hall *halls;
    size_t n_halls;
    ovr_announcement ann;
};

#endif
