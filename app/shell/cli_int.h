/* cli_int.h - shared by the parts of the command line only: cli.c (options and the
 * dispatcher), cli_load.c (the agenda a command loads), cli_board.c (the board and
 * render), cli_state.c (state, fetch, check) and cli_settings.c (the settings file and
 * board profiles under the command line). */
#ifndef HB_CLI_INT_H
#define HB_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "agenda.h"
#include "board.h"
#include "boot.h"
#include "conf.h"
#include "feed.h"
#include "fleet.h"
#include "layout.h"
#include "status.h"
#include "tz.h"

#define CLI_PAGE_MAX 1000 /* --page N: 1..CLI_PAGE_MAX */
#define CLI_STATE_SIZE_W 1920 /* state --page: the board size pages are counted for */
#define CLI_STATE_SIZE_H 1080 /* (unless --size WxH) */

/* What the command line asked for; the settings and a profile fill what it left
 * unset. Strings borrow argv or a conf_values that outlives the options. */
typedef struct {
    const char *feed;
    const char *at;
    const char *hall;
    const char *lang;
    const char *zones[AGENDA_MAX_ZONES + 1];
    const char *labels[AGENDA_MAX_ZONES + 1];
    char zone_buf[AGENDA_MAX_ZONES][TZ_NAME_MAX + 1];
    size_t n_zones;
    const char *lang2;
    const char *cache;
    const char *ca_file;
    bool allow_insecure_redirect; /* settings: an https feed may redirect to http */
    long poll_s;
    long control_port;       /* -1: not given */
    const char *control_token;
    const char *push_cache;  /* pushing on, no feed URL: where pushed feeds are kept */
    const char *config;
    const char *board;
    const char *video_driver, *render_driver;
    int res_width, res_height, max_texture;
    char rotate_buf[8], windowed_buf[32];
    int display_on, display_off;
    long stale_after;
    const char *windowed;
    const char *size;
    const char *rotate;
    const char *speed;
    const char *fonts;
    const char *output;
    const char *overrides;   /* state/render: an override document file applied at --at */
    const char *view;        /* --view (or the settings' view): hall, event, lobby, auto */
    const char *page;        /* render, state: --page N (1-based lobby page) */
    bool demo;
    const char *fleet_broker, *fleet_topic, *board_name; /* fleet flags, settings */
    const conf_values *cv;   /* the settings (NULL for commands that read none) */
    const char *positional[FLEET_MAX_BOARDS];
    size_t n_positional;
} cli_opts;

/* True for URLs fetched through libcurl (a plain path is a local file). */
bool cli_is_url(const char *s);

/* Fills the options the command line left unset from the settings file and the board
 * profile (cv holds what o then points into). Problems are noted in pr; returns 0, or
 * CLI_EXIT_USAGE for what only the command line can get wrong. */
int cli_apply_config(cli_opts *o, conf_values *cv, boot_problems *pr, FILE *err);

/* The agenda a command works on, and where it came from. */
typedef struct {
    agenda *a;             /* owned by whoever filled it: agenda_free */
    status_input status;   /* for the footer */
    int exit_code;         /* when a is NULL */
    char name[256];        /* file name behind status.name */
} cli_source;

/* ---- cli_load.c ---- */

/* Prints a feed report's lines to f. */
void cli_print_report(const feed_report *r, FILE *f);

/* Feed options for o (zones from --zone; the arrays are o's). */
feed_options cli_feed_options(const cli_opts *o);

/* Loads what o asks for: what was pushed (o->push_cache), --feed URL (fetched once,
 * stored in --cache when given; the cache stands in when the network fails), --cache
 * DIR, --feed PATH, or the embedded agenda. On failure src->a is NULL and
 * src->exit_code says why (after a message on err); else the caller frees src->a. */
void cli_load_source(const cli_opts *o, cli_source *src, FILE *err);

/* Parses "WxH" (each 1..BOARD_MAX_SIDE). false: not that (w and h untouched). */
bool cli_parse_size(const char *v, int *w, int *h);

/* Looks up --hall in a. Returns 0 (*hall set, -1 when not asked) or CLI_EXIT_USAGE
 * after listing the halls there are. */
int cli_find_hall(const cli_opts *o, const agenda *a, int32_t *hall, FILE *err);

/* The view of --view (or the settings) and the 0-based page of --page. Returns 0 or
 * CLI_EXIT_USAGE after a message. */
int cli_view_opts(const cli_opts *o, layout_view *view, size_t *page, FILE *err);

/* Reads --at TIME into *at. Returns 0, or CLI_EXIT_USAGE after saying what is wrong
 * (not a time, or a year out of range). */
int cli_parse_at(const char *s, int64_t *at, FILE *err);

/* ---- the commands: exit codes of cli.h; messages on err, results on out ---- */

/* The board (render false; pr holds the problems met so far, borrowed) or `render`
 * (pr NULL). */
int cli_cmd_board(const cli_opts *o, bool render, boot_problems *pr, FILE *err);

/* `state`: the board's state at --at (or now) as one JSON line. */
int cli_cmd_state(const cli_opts *o, FILE *out, FILE *err);

/* `fetch`: one fetch of --feed into --cache, its outcome as one JSON line. */
int cli_cmd_fetch(const cli_opts *o, FILE *out, FILE *err);

/* `check`: a feed file's report. */
int cli_cmd_check(const cli_opts *o, FILE *out, FILE *err);

/* Fills live's live-operation fields (the state directory, the trusted key, the
 * overrides URL, the fleet, the hall id) from o and its settings. Can't fail. */
void cli_live_ops(const cli_opts *o, board_live *live);

#endif
