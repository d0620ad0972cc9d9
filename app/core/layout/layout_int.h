/* layout_int.h - shared by the files of the layout (app/core/layout/) only.
 *
 * The layout is built in one pass over a context (ly_ctx): theme.c holds the colours'
 * use, the size scale and the styles; measure.c says how many lines a text takes at a
 * size in a width and fits texts to sizes; boxes.c emits boxes (every box goes through
 * ly_push(), which does nothing while a block is only measured) and chooses a block's
 * lines within a height budget; words.c builds the texts (times, dates, people);
 * the blocks (header.c: title and clocks; now.c: what is on now; next.c: NEXT and
 * "Elsewhere now"; status.c: the phase's message; card.c: info cards; alert.c: the
 * announcement, notes and marks) each return the height they take and emit their
 * boxes only when ctx.emit is set; arrange.c places the blocks (landscape, portrait,
 * after the event); layout.c is the entry (layout_build) and the final pass.
 *
 * Blocks take (ctx, x, y, w, budget) and return the height used (0: left out), so
 * that a new arrangement composes existing blocks and a new block fits any
 * arrangement.
 */
#ifndef HB_LAYOUT_INT_H
#define HB_LAYOUT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "agenda.h"
#include "i18n.h"
#include "layout.h"
#include "sched.h"

/* ---- Colours (all text colours >= 4.5:1 on the surfaces they sit on) -------- */

#define COL_BG      0x0d1b2au /* the screen */
#define COL_PANEL   0x1b2d45u /* info card surface */
#define COL_TEXT    0xffffffu /* primary text */
#define COL_TEXT2   0xc5ced9u /* secondary text: speakers, times, labels */
#define COL_ACCENT  0xffd166u /* section headings, "in 12 min", delays */
#define COL_WARN    0xff8a80u /* cancelled, hall full, moved, source warning */
#define COL_RULE    0x2a4160u /* header divider */
#define COL_GROOVE  0x2a4160u /* unfilled part of a progress bar */
#define COL_BAR     0x4fc3f7u /* progress when the track has no colour */
#define COL_BAND    0x3a5070u /* session band when the track has no colour */

/* ---- Sizes and limits --------------------------------------------------------- */

/* The least line height as a multiple of the font size (Noto Sans itself is 1.36 em:
 * the rest is leading); text whose fonts are taller (Arabic, Myanmar...) takes their
 * measured height instead (ly_text_factor()). */
#define LAYOUT_LINE_FACTOR 1.5
#define LAYOUT_MIN_PX 6       /* no text smaller than this, whatever the screen */
#define LINE_FACTOR LAYOUT_LINE_FACTOR
#define MIN_PX LAYOUT_MIN_PX
#define CAP_HEIGHT 0.714      /* Noto Sans cap height, em */
#define MAX_NEXT 3            /* entries of the NEXT list when fewer start together */
#define MAX_ELSEWHERE 3       /* lines of the "Elsewhere now" list */
#define NEXT_SCAN 4096        /* sessions looked at to complete the NEXT list */
#define BUDGET_MIN INT32_MIN  /* as a budget: measure a block's smallest form */
#define BUDGET_TITLE (INT32_MIN + 1) /* a next session's form with its whole title */
#define MAX_PRIO 9            /* item priorities 0..MAX_PRIO (0: never dropped) */
#define LY_MAX_ITEMS 16       /* items one block may have */
#define NOW_TITLE_LINES 2     /* a current title keeps this many lines before others */
#define NOW_PER_PAGE 3        /* current sessions on one page of NOW (landscape: one less) */
#define NOW_MAX_PAGES 20      /* pages NOW turns through; sessions after the last page are
                               * counted there ("+N more in progress") */
#define MEASURE_MEMO 4096     /* measurements one layout remembers (direct-mapped) */

static inline int imin(int a, int b) { return a < b ? a : b; }
static inline int imax(int a, int b) { return a > b ? a : b; }

/* ---- Types ---------------------------------------------------------------------- */

/* What measures text (measure.c): the board's font chains and a scratch layout. */
typedef struct {
    const textlay_fonts *reg, *bold; /* layout_input's chains (bold: reg when absent) */
    textlay_result *scratch;         /* owned; NULL: nothing is measured */
    struct ly_memo *memo;            /* owned: MEASURE_MEMO remembered measurements */
} ly_meter;

/* What a text takes at one size in one width. */
typedef struct {
    int lines;  /* 1..TEXTLAY_MAX_LINES, or TEXTLAY_MAX_LINES + 1 for more */
    int line_h; /* px of one line (the tallest font the text uses) */
    size_t end; /* bytes of the text in the first `stop` lines (all: strlen) */
} ly_measured;

typedef struct {
    const agenda *a;
    const sched_state *s;
    const layout_input *in;
    layout_result *out;
    const char *lang;     /* UI language as given (boxes carry it) */
    int W, H;
    int x0, y0, cw, ch;   /* content area: the screen inside the margins */
    double u;             /* size unit: 1 % of the shorter side of a 16:9 design area */
    int gs, gb, gsec;     /* gaps: between lines, between blocks, between sections */
    int title_min, title_max;
    bool portrait;
    bool emit;            /* false while a block is only measured */
    size_t shown[AGENDA_MAX_CARDS];
    size_t n_shown;       /* cards shown now (capped at AGENDA_MAX_CARDS) */
    size_t cards_used;    /* cards placed so far (each card appears once) */
    size_t max_cards;     /* cards this phase may show */
    int card_min_h;       /* a card panel is at least this tall (cards side by side) */
    ly_meter m;           /* measures texts with the board's fonts */
    int now_lines;        /* lines of title a current session keeps (0: NOW_TITLE_LINES) */
    size_t now_pages;     /* pages of NOW as last laid out or measured (0: it did not fit) */
} ly_ctx;

/* How a text box is set: px is the size its height is made for (the box's max_px),
 * min_px the smallest textlay may shrink to, lines its line budget. */
typedef struct {
    int px, min_px, lines;
    double lf;           /* line height factor (>= LINE_FACTOR for tall scripts) */
    uint32_t color;
    layout_weight weight;
    textlay_align align; /* START, CENTER or END here; finish() makes them physical */
    bool is_title;
} ly_style;

/* A size and a line count for a text. */
typedef struct {
    int px, lines;
    bool whole; /* the whole text fits (as measured) */
} ly_fitted;

/* A bounded UTF-8 string builder; once something did not fit, it stays full (the
 * box then cuts the text with an ellipsis). */
typedef struct {
    char buf[LAYOUT_TEXT_MAX + 16];
    size_t len;
    bool full;
} ly_sbuf;

/* One line group of a block: included by priority, placed in array order. */
typedef struct {
    int h;     /* height; 0 = absent */
    int prio;  /* 0 = most important */
    bool glue; /* extends the item before it (no gap, needs it) */
    bool on;
} ly_item;

/* A session title in a block: the fewest lines it takes at the title sizes (up to
 * max_lines), and its short form (the fewest lines up to min_lines, cut when longer).
 * The short form is one item (`first`), the rest of the title another (`rest`), so
 * that the rest can be weighed against the block's other lines. */
typedef struct {
    ly_style st;      /* for the whole title */
    ly_style one;     /* for the short form */
    int first, rest;
    bool whole;    /* the whole title fits in the lines allowed */
} ly_title_fit;

/* The live lines of a session (layout_alert.h): its marks, in the warning colour when
 * moved or the hall is full, and an operator's note. */
typedef struct {
    char mk[LAYOUT_TEXT_MAX];
    const char *note;
    ly_style st_mk, st_note;
} ly_live;


/* ---- Functions (the file that defines them in the heading) ---------------------- */

/* ---- theme.c ---- */

/* Pixels of k size units. */
int ly_upx(const ly_ctx *c, double k);

/* Height of one line of text at px with line factor lf. */
int ly_line_px(int px, double lf);

ly_style ly_sty(const ly_ctx *c, double size, double min_size, int lines, uint32_t color, bool bold);

/* Height of one line of style s. */
int ly_sty_line(const ly_style *s);

int ly_sty_h(const ly_style *s);

/* s with the line factor its text needs at s's size (never lower than what s has). */
ly_style ly_for_text(const ly_ctx *c, ly_style s, const char *text);

/* Smallest size whose cap height is 4 % of the screen height: ceil(0.04 H / 0.714),
 * computed exactly in integers and checked against the floating-point form. */
int ly_title_min_px(int height);

/* A session title (held to the cap-height rule, so its min_px cannot drop: a title
 * in a tall script gets taller lines instead). */
ly_style ly_title_style(const ly_ctx *c, int px, int lines, const char *text);

int ly_band_w(const ly_ctx *c);

uint32_t ly_track_color(const ly_ctx *c, const agenda_session *se, uint32_t dflt);

/* A section heading (NOW, NEXT, "Elsewhere now") with its word. */
ly_style ly_label_style(const ly_ctx *c, i18n_word_id id);

/* "page k/n" (page counted from 0) in st's size and the secondary colour, at the end
 * side of a heading line ending at x = right, in 45 % of room px; returns the width it
 * took (0 and nothing placed when pages <= 1). */
int ly_page_mark(ly_ctx *c, int right, int y, int room, const ly_style *st, size_t page,
                 size_t pages);

/* After the final pass: the feed's theme (when layout_theme_ok) put in place of the
 * board's colours, and the feed's background image put under everything (box 1, the
 * whole screen) with the content area over it in the background colour, so that no
 * text sits on the image (it shows in the margins). Can't fail (no room: no image). */
void ly_look(ly_ctx *c);

/* An image (LAYOUT_IMAGE: ref is its reference) or a QR code (LAYOUT_QR: ref is the
 * text) in the box, on the background; NULL while measuring, when ref is absent or
 * longer than a box's text (never cut). */
layout_box *ly_media(ly_ctx *c, layout_kind kind, int x, int y, int w, int h, const char *ref);

/* The side (px) of the box a QR code of url takes on this screen (qr_box_px: readable
 * from 3 m, quiet zone included), or 0 when url is absent, too long for a box or cannot
 * be encoded. Can't fail otherwise. */
int ly_qr_side(const ly_ctx *c, const char *url);

/* ---- measure.c ---- */

/* Sets m up for in's font chains and allocates its scratch (ly_meter_close frees
 * it). Returns false when there are no fonts or no memory: m then measures every
 * text as one line (ly_measure). */
bool ly_meter_open(ly_meter *m, const layout_input *in);

/* Frees m's scratch. Can't fail. */
void ly_meter_close(ly_meter *m);

/* What s takes at exactly px in width w (textlay with m's chain for the weight, lang
 * as the line-breaking hint): its lines and line height; with stop > 0, also the
 * bytes of s in its first stop lines. Pure apart from m's scratch. */
ly_measured ly_measure(const ly_meter *m, const char *s, int px, int w, bool bold,
                       const char *lang, int stop);

/* Lines s takes at px in width w (ly_measure). */
int ly_lines(const ly_ctx *c, const char *s, int px, int w, bool bold);

/* Line height of s at px as a multiple of px, never below LINE_FACTOR: taller when a
 * font s falls back to is taller. */
double ly_text_factor(const ly_ctx *c, const char *s, int px, bool bold);

/* Fits text s in width w with style st (sizes st->min_px..st->px), in at most
 * max_lines lines and max_h pixels. fewest: the fewest lines the text takes at the
 * smallest size, at the largest size that keeps to them (titles: shrink a step rather
 * than take another line); else the largest size at which it fits. When even the
 * smallest size cannot hold it: that size and as many lines as fit (at least one),
 * and whole is false (textlay then cuts the text). */
ly_fitted ly_fit(const ly_ctx *c, const ly_style *st, const char *s, int w, int max_lines, int max_h, bool fewest);

/* st set to a fitted size and line count. */
ly_style ly_fitted_style(ly_style st, ly_fitted f);


/* ---- boxes.c ---- */

/* A new box, or NULL while measuring, when empty or when the list is full. */
layout_box *ly_push(ly_ctx *c, layout_kind kind, int x, int y, int w, int h);

void ly_fill(ly_ctx *c, int x, int y, int w, int h, uint32_t color, uint32_t bg);

/* A text box of st's height; returns it (NULL when not emitted). Its line budget is
 * st's lines, or more when the box holds more lines at min_px (shrunk text then
 * wraps rather than being cut). */
layout_box *ly_text(ly_ctx *c, int x, int y, int w, const ly_style *st, uint32_t bg, const char *s);

/* Switches items on by priority (then order) while they fit in budget; returns the
 * height of those on. */
int ly_choose_items(ly_item *it, size_t n, int budget, int gap);

/* Height of the items of priority 0 (what a block never drops): its smallest form. */
int ly_items_min(const ly_item *it, size_t n, int gap);

/* Advances y past item i when it is on (gap first unless it is the first or glued). */
int ly_item_y(const ly_item *it, size_t i, int y, bool *any, int gap);

ly_title_fit ly_fit_title(const ly_ctx *c, const char *title, int max_px, int w, int max_lines,
                          int min_lines);

/* The title style for what the block gave it: the whole title when `rest` is on,
 * else as many lines at the smallest size as `extra` more pixels allow (the title is
 * then cut with an ellipsis, by textlay). The lines of a cut title are as tall as
 * the part of it that shows needs (a tall script further on does not count). */
ly_style ly_title_given(const ly_ctx *c, const ly_title_fit *t, const char *title, int w, bool rest_on, int extra);

/* Item i's line of style st (a live line) under y when it is on; returns the new y. */
int ly_opt_line(ly_ctx *c, const ly_item *it, size_t i, int y, bool *any, int x, int w,
                    const ly_style *st, const char *s);

/* ---- words.c ---- */

void ly_sb_init(ly_sbuf *b);

void ly_sb_put(ly_sbuf *b, const char *s);

/* The agenda text t in the board's language (NULL when absent). */
const char *ly_tr(const ly_ctx *c, const agenda_text *t);

const char *ly_zone_label(const ly_ctx *c, size_t i);

const char *ly_hall_name(const ly_ctx *c, int32_t hall);

/* The people of a session as they fit in `lines` lines of width w at the middle of
 * st's sizes (so that a list does not shrink far below its neighbours): with roles
 * and affiliations when all of that fits (and details is asked for), else names
 * only; when not even all the names fit, the first ones that do and "+N more" - a
 * list is cut at a whole name, never inside one. */
void ly_people_fit(const ly_ctx *c, ly_sbuf *b, const agenda_person *p, size_t n, bool details,
                       const ly_style *st, int w, int lines);

/* "HH:MM" of instant t in the agenda's zone `zone`. */
void ly_sb_hm(const ly_ctx *c, ly_sbuf *b, size_t zone, int64_t t);

/* The board's date of instant t in the agenda's zone `zone` ("Wed 9 Dec"). */
void ly_sb_date(const ly_ctx *c, ly_sbuf *b, size_t zone, int64_t t);

/* The date as a heading ("Jue 10 dic": capitalised). */
void ly_sb_date_heading(const ly_ctx *c, ly_sbuf *b, size_t zone, int64_t t);

/* "[Hall · ]12:00–12:05 Moscow · 17:00–17:05 Beijing" for a session. */
void ly_sb_session_times(const ly_ctx *c, ly_sbuf *b, const agenda_session *se);

/* "[date ]12:30 Moscow<sep>[date ]17:30 Beijing": instant t in every zone. */
void ly_sb_instant(const ly_ctx *c, ly_sbuf *b, int64_t t, const char *sep, bool dated);

/* Whole minutes from `from` to `to`, rounded up (a countdown never shows 0 early). */
int64_t ly_minutes_until(int64_t from, int64_t to);

/* Conference day (confday.h) of instant t in the agenda's zone `zone`. */
int64_t ly_zone_day(const ly_ctx *c, size_t zone, int64_t t);

/* "12:30 Moscow<sep>Tomorrow 05:30 Beijing": instant t in every zone, "Tomorrow" (the
 * next conference day) or t's date ("Tue 30 Dec") before the time in each zone where
 * t is not on the conference day of `now` there. */
void ly_sb_instant_from(const ly_ctx *c, ly_sbuf *b, int64_t now, int64_t t, const char *sep);

/* ---- now.c ---- */

void ly_live_lines(const ly_ctx *c, const agenda_session *se, ly_live *l);

/* Cancelled sessions of now: one or two lines ("+N more" when there are more). */
int ly_blk_cancelled(ly_ctx *c, int x, int y, int w, int budget);

/* NOW: heading, the current sessions (pages of them, "page k/n", when they do not all
 * fit: layout_result.pages), cancelled ones; on a hall's board the first session's QR
 * code when they fit one page. */
int ly_sec_now(ly_ctx *c, int x, int y, int w, int budget);

/* ---- next.c ---- */

/* The NEXT list: sched's next sessions, then the following ones of the same hall
 * (cancelled ones only when they are among sched's next). */
size_t ly_next_list(const ly_ctx *c, const agenda_session **v, size_t cap);

/* Height a next-session block would take within budget, emitting nothing; the
 * smallest forms (BUDGET_MIN, BUDGET_TITLE) of the first of several sessions starting
 * together include the "+N more" line under it. */
int ly_measure_next(ly_ctx *c, const agenda_session *se, int w, int budget, bool whole);

/* Height "Elsewhere now" would take within budget, emitting nothing. */
int ly_measure_elsewhere(ly_ctx *c, int w, int budget);

/* A side column: NEXT, "Elsewhere now", then an info card if with_card. NEXT: every
 * session starting at the next instant as long as they fit (each with its hall on a
 * board for every hall), "+N more" for the rest; when all show, the hall's following
 * sessions (each with its whole title, or not at all) up to MAX_NEXT entries.
 * Priority: first next session, elsewhere, the other next sessions, the card.
 * Returns the height used. */
int ly_sec_side(ly_ctx *c, int x, int y, int w, int budget, bool with_card);

/* ---- status.c ---- */

/* The phase's message when nothing is on: countdown, break, next day, the end;
 * then the first session's time in every zone, and cancelled sessions of now. */
int ly_sec_status(ly_ctx *c, int x, int y, int w, int budget);

/* The main (now or status) section. */
int ly_sec_main(ly_ctx *c, int x, int y, int w, int budget);

/* ---- card.c ---- */

/* The next info card not yet placed, on a panel: its title (up to two lines) and its
 * body, at the largest size that holds all of it; the panel ends under the text.
 * Returns 0 when no card is left or it does not fit (after the event, a body may be
 * cut after three lines or more). */
int ly_blk_card(ly_ctx *c, int x, int y, int w, int budget);

/* A card under what a column already holds, if it fits. */
int ly_add_card(ly_ctx *c, int x, int y, int w, int used, int budget);

/* ---- header.c ---- */

/* Header: event title (and the second language), clocks. Returns its height. */
int ly_sec_header(ly_ctx *c);

/* ---- arrange.c ---- */

/* Landscape: main section on the left (58 %), NEXT / elsewhere / card on the right. */
void ly_arrange_landscape(ly_ctx *c, int top, int bottom);

/* Portrait: one column, main section then NEXT / elsewhere / card. */
void ly_arrange_portrait(ly_ctx *c, int top, int bottom);

/* ---- lobby.c ---- */

/* The lobby view (a row per hall, pages when they do not fit) in [top, bottom); sets
 * out's pages, page, page_first and page_rows. */
void ly_arrange_lobby(ly_ctx *c, int top, int bottom);

/* The lobby's header: event title and clocks on one line. Returns its height. */
int ly_lobby_header(ly_ctx *c);

/* ---- layout.c ---- */

#endif
