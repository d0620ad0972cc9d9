/* layout.h - the screen as boxes: a pure function from (agenda, board state, screen,
 * language) to what goes where.
 *
 * No SDL: every text box carries its size range and line budget, and the text itself
 * is fitted later (textlay.h) inside its box, so nothing can spill out. Box heights
 * follow the text as measured through the font chains the caller gives (the same
 * textlay_fonts callbacks the text is drawn with), so that a box holds the lines its
 * text takes and no more, whatever the fonts. Alignment is physical (LEFT/RIGHT/CENTER):
 * a right-to-left board aligns every column to the right, Latin text included.
 * Coordinates are in the unrotated drawing space (portrait when the screen is).
 */
#ifndef HB_LAYOUT_H
#define HB_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"
#include "sched.h"
#include "textlay.h"

#define LAYOUT_MAX_BOXES 256
#define LAYOUT_TEXT_MAX 1024  /* bytes of one box's text (longer text is cut) */

typedef enum {
    LAYOUT_FILL,     /* a filled rectangle (background, panel, track colour band) */
    LAYOUT_TEXT,     /* text fitted into the rectangle */
    LAYOUT_PROGRESS, /* a progress bar: `color` fills `progress` of it over `bg` */
    LAYOUT_IMAGE,    /* the image whose reference (URL or path) is `text`, letterboxed
                      * in the box; nothing while it is not ready or when it failed */
    LAYOUT_QR,       /* `text` (a URL) as a QR code: black modules on white with a quiet
                      * zone of 4 modules, an integer module size, centred (qr.h) */
} layout_kind;

typedef enum { LAYOUT_WEIGHT_REGULAR, LAYOUT_WEIGHT_BOLD } layout_weight;

/* What the board shows (settings `view`, `--view`). AUTO: one hall's view when the
 * board has a hall, else the whole event's (the state's hall decides: sched_query's
 * hall). LOBBY: a row per hall, what is on now and next there (lobby.c). */
typedef enum {
    LAYOUT_VIEW_AUTO,  /* "auto" (zero: the default) */
    LAYOUT_VIEW_HALL,  /* "hall" */
    LAYOUT_VIEW_EVENT, /* "event" */
    LAYOUT_VIEW_LOBBY, /* "lobby" */
} layout_view;

/* Seconds a lobby page stays before the next (settings `lobby_page_seconds`). */
#define LAYOUT_LOBBY_PAGE_SECONDS 10
#define LAYOUT_LOBBY_PAGE_MIN 3      /* lobby_page_seconds range */
#define LAYOUT_LOBBY_PAGE_MAX 3600
#define LAYOUT_LOBBY_MAX_ROWS 24     /* rows of one lobby page at most */
#define LAYOUT_LOBBY_MAX_PARALLEL 8  /* sessions of one hall listed as now / next */

typedef struct {
    layout_kind kind;
    int x, y, w, h;
    uint32_t color;      /* 0xRRGGBB: text or fill colour */
    uint32_t bg;         /* 0xRRGGBB: what the box sits on (for contrast checks) */
    /* LAYOUT_TEXT; LAYOUT_IMAGE and LAYOUT_QR: the reference or URL */
    char text[LAYOUT_TEXT_MAX];
    int max_px, min_px;  /* font size range (pixels) */
    int max_lines;
    textlay_align align;
    layout_weight weight;
    const char *lang;    /* language of the text (static string or owned by the agenda) */
    bool is_title;       /* a session title (held to the cap-height rule) */
    /* LAYOUT_PROGRESS */
    double progress;     /* 0..1 */
    bool fill_from_right; /* fills from the right edge (right-to-left boards) */
    /* LAYOUT_IMAGE */
    bool cover;          /* fills the whole box, cut at the sides that overflow, centred
                          * (the background); else letterboxed in it */
} layout_box;

typedef struct {
    int width, height;       /* drawing space */
    const char *lang;        /* UI language ("en", "zh", "ru", "fr", "es", "ar") */
    const char *lang2;       /* optional second language for the event title, or NULL */
    const char *source_line; /* footer text about the agenda's origin (shell-made) */
    bool source_warning;     /* show the footer as a warning */
    int32_t hall;            /* the board's hall, or -1 */
    size_t card;             /* which shown card to feature (rotates in idle time) */
    /* The font chains text is measured with (borrowed; the ones it is drawn with):
     * regular, and bold (NULL: regular). Without fonts every text is taken as one
     * line (still fitted in its box when drawn). */
    const textlay_fonts *fonts, *fonts_bold;
    layout_view view;        /* what to show (AUTO: as the state's hall says) */
    size_t page;             /* the page to show (lobby rows, sessions on), modulo the
                              * page count */
    const char *lobby_halls; /* the lobby's halls in order, "A,B,C" (hall ids; unknown
                              * ones are skipped), or NULL/"": every hall, feed order */
    bool lobby_hide_idle;    /* leave out halls with nothing on now or later today
                              * (false: they come last) */
    /* The status icon before the footer line (the board's own art, images/): "live",
     * "offline", "warning", or NULL: none. Drawn from an image box whose reference is
     * LAYOUT_ICON_PREFIX followed by the name. */
    const char *source_icon;
} layout_input;

#define LAYOUT_ICON_PREFIX "icon:"

typedef struct {
    layout_box boxes[LAYOUT_MAX_BOXES];
    size_t n;
    int margin_x, margin_y;  /* the overscan-safe margin used (5 % of each side) */
    size_t pages;            /* pages the view has (>= 1; more for a lobby, and for a
                              * hall or event view whose sessions on do not all fit) */
    size_t page;             /* the page shown (in.page modulo pages) */
    size_t page_first, page_rows; /* lobby: rows [page_first, +page_rows) of
                              * layout_lobby_halls' order are on this page */
} layout_result;

/* Builds the boxes for state s of agenda a. Never fails: a box that would not fit is
 * left out and the rest still laid out. `out` is caller-owned (large: heap it). Pure:
 * fonts are reached only through in's callbacks. */
void layout_build(const agenda *a, const sched_state *s, const layout_input *in,
                  layout_result *out);

/* One hall of the lobby at an instant: what is on there now and what starts next
 * (pointers into the agenda). */
typedef struct {
    int32_t hall;         /* index into agenda.halls */
    const agenda_session *now[LAYOUT_LOBBY_MAX_PARALLEL];
    size_t n_now;         /* scheduled sessions in progress (the first ones kept) */
    const agenda_session *next[LAYOUT_LOBBY_MAX_PARALLEL];
    size_t n_next;        /* scheduled sessions starting at next_start */
    int64_t next_start;   /* INT64_MAX when nothing is to come */
    bool idle;            /* nothing on now and nothing more this conference day */
} layout_lobby_hall;

/* The lobby's rows at instant `at`: in->lobby_halls' halls in its order (else every
 * hall in the feed's order), idle halls last (stable) or left out when
 * in->lobby_hide_idle. Writes up to cap rows and returns how many there are in all.
 * Pure; can't fail. */
size_t layout_lobby_halls(const agenda *a, int64_t at, const layout_input *in,
                          layout_lobby_hall *out, size_t cap);

/* The view named s ("hall", "event", "lobby", "auto"); false when unknown. */
bool layout_view_parse(const char *s, layout_view *out);

/* The name of view v ("auto" for an unknown value). Static string. */
const char *layout_view_name(layout_view v);

/* WCAG 2 contrast ratio of two 0xRRGGBB colours (1..21). */
double layout_contrast(uint32_t fg, uint32_t bg);

/* Whether theme t, with the track colours of a (may be NULL), keeps every text the
 * layout draws at LAYOUT_TEXT_CONTRAST or more against the surface it sits on, and
 * every track colour at LAYOUT_BAND_CONTRAST against the background (the pairs are in
 * app/core/layout/theme.c). When not: false, and the first failing pair with its ratio
 * in why ("accent #777777 on background #666666: 1.3:1 (needs 4.5:1)"; caller-owned,
 * may be NULL). Pure; can't fail. */
#define LAYOUT_TEXT_CONTRAST 4.5  /* WCAG 2 AA, text */
#define LAYOUT_BAND_CONTRAST 3.0  /* WCAG 2 AA, non-text (a track's band, a progress bar) */
bool layout_theme_ok(const agenda_theme *t, const agenda *a, char *why, size_t cap);

#endif
