/* cli_int.h - shared by cli.c (the command line and the commands) and cli_settings.c
 * (the settings file and board profiles under the command line) only. */
#ifndef HB_CLI_INT_H
#define HB_CLI_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "agenda.h"
#include "board.h"
#include "boot.h"
#include "conf.h"
#include "fleet.h"
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

/* Fills live's live-operation fields (the state directory, the trusted key, the
 * overrides URL, the fleet, the hall id) from o and its settings. Can't fail. */
void cli_live_ops(const cli_opts *o, board_live *live);

#endif
