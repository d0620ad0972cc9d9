/* cli_board.c - the board (no command) and `render`: their options, the agenda the
 * board starts on and its live feed, then running the board or writing one frame. */
#include "cli.h"
#include "cli_int.h"

#include <stdlib.h>
#include <string.h>

#include "board.h"
#include "boot.h"
#include "layout.h"
#include "overfile.h"

/* Fills the board options shared by the board and render commands. Returns 0 or
 * CLI_EXIT_USAGE after a message. */
static int board_opts(const cli_opts *o, bool render, board_options *bo, FILE *err)
{
    memset(bo, 0, sizeof(*bo));
    bo->fonts_conf = o->fonts;
    bo->lang = o->lang;
    bo->lang2 = o->lang2;
    bo->hall = -1;
    bo->speed = 60;
    bo->display_on = bo->display_off = -1;
    const char *sz = render ? o->size : o->windowed;
    const char *szname = render ? "--size" : "--windowed";
    if (render && !sz) {
        fprintf(err, "hallboard: render needs --size WxH\n");
        return CLI_EXIT_USAGE;
    }
    if (sz && !cli_parse_size(sz, &bo->width, &bo->height)) {
        fprintf(err, "hallboard: %s: \"%s\" is not WIDTHxHEIGHT (1..%d each)\n", szname, sz,
                BOARD_MAX_SIDE);
        return CLI_EXIT_USAGE;
    }
    if (render && o->windowed) {
        fprintf(err, "hallboard: render takes --size, not --windowed\n");
        return CLI_EXIT_USAGE;
    }
    if (!render && o->size) {
        fprintf(err, "hallboard: --size is for render; a window takes --windowed WxH\n");
        return CLI_EXIT_USAGE;
    }
    if (o->rotate) {
        char *end;
        long r = strtol(o->rotate, &end, 10);
        if (*end != '\0' || (r != 0 && r != 90 && r != 180 && r != 270)) {
            fprintf(err, "hallboard: --rotate: \"%s\" is not 0, 90, 180 or 270\n", o->rotate);
            return CLI_EXIT_USAGE;
        }
        bo->rotate = (int)r;
    }
    if (o->speed) {
        char *end;
        double v = strtod(o->speed, &end);
        if (*end != '\0' || !(v >= 1 && v <= 86400)) {
            fprintf(err, "hallboard: --speed: \"%s\" is not a number from 1 to 86400\n",
                    o->speed);
            return CLI_EXIT_USAGE;
        }
        bo->speed = v;
    }
    bo->demo = o->demo;
    if (!render && getenv("HALLBOARD_RUN_SECONDS"))
        bo->run_seconds = atof(getenv("HALLBOARD_RUN_SECONDS"));
    return 0;
}

/* Checks what cmd_board takes from the command line alone. Returns 0 or
 * CLI_EXIT_USAGE after a message. */
static int board_args(const cli_opts *o, bool render, int64_t *at, FILE *err)
{
    if (render) {
        if (!o->at) {
            fprintf(err, "hallboard: render needs --at TIME (RFC 3339 with an offset, e.g. "
                         "2020-12-09T17:00:00+08:00)\n");
            return CLI_EXIT_USAGE;
        }
        if (cli_parse_at(o->at, at, err) != 0)
            return CLI_EXIT_USAGE;
        if (!o->output) {
            fprintf(err, "hallboard: render needs -o OUT.png\n");
            return CLI_EXIT_USAGE;
        }
    } else if (o->at || o->output || o->overrides) {
        fprintf(err, "hallboard: %s is for render\n",
                o->at ? "--at" : o->output ? "-o" : "--overrides");
        return CLI_EXIT_USAGE;
    }
    if (o->n_positional) {
        fprintf(err, "hallboard: unexpected argument %s\n", o->positional[0]);
        return CLI_EXIT_USAGE;
    }
    return 0;
}

/* The board's agenda (boot.h: never none while the built-in one loads) and its live
 * feed. Returns 0, or CLI_EXIT_INVALID when there is nothing to draw. */
static int board_source(const cli_opts *o, boot_choice *ch, board_live *live,
                        boot_problems *pr, FILE *err)
{
    bool url = o->feed && cli_is_url(o->feed);
    boot_request rq = {o->push_cache, url ? o->cache : NULL, url ? NULL : o->feed,
                       cli_feed_options(o), o->demo};
    if (boot_choose(&rq, ch, pr, err) != 0)
        return CLI_EXIT_INVALID;
    memset(live, 0, sizeof(*live));
    if (url) {
        /* The board does not wait for the network: it starts on the cache (or the
         * built-in agenda) and the worker replaces it when a feed arrives. */
        ch->status.has_url = true;
        live->fetch.url = o->feed;
        live->fetch.cache_dir = o->cache;
        live->fetch.ca_file = o->ca_file;
        live->fetch.allow_insecure_redirect = o->allow_insecure_redirect;
        live->fetch.poll_s = o->poll_s;
    }
    live->feed_opts = cli_feed_options(o);
    live->control_port = (int)o->control_port;
    live->control_token = o->control_token;
    live->push_cache = o->push_cache;
    live->profile = o->board;
    cli_live_ops(o, live);
    return 0;
}

/* The board (render false; pr holds the problems met so far) or `render`. */
int cli_cmd_board(const cli_opts *o, bool render, boot_problems *pr, FILE *err)
{
    board_options bo;
    int64_t at = 0;
    int rc = board_opts(o, render, &bo, err);
    if (rc == 0)
        rc = board_args(o, render, &at, err);
    layout_view view = LAYOUT_VIEW_AUTO;
    size_t page = 0;
    if (rc == 0 && !render && o->view && strcmp(o->view, "hall") == 0 && !o->hall) {
        boot_note(pr, err, false, "view = hall: no hall set; showing every hall");
    } else if (rc == 0) {
        rc = cli_view_opts(o, &view, &page, err);
    }
    if (rc)
        return rc;
    bo.view = (int)view;
    bo.page = page;
    if (o->cv) {
        bo.lobby_halls = o->cv->lobby_halls[0] ? o->cv->lobby_halls : NULL;
        bo.lobby_hide_idle = o->cv->lobby_hide_idle;
        bo.lobby_page_seconds = o->cv->lobby_page_seconds;
    }
    bo.display_on = o->display_on;
    bo.display_off = o->display_off;
    bo.video_driver = o->video_driver;
    bo.render_driver = o->render_driver;
    bo.res_width = o->res_width;
    bo.res_height = o->res_height;
    bo.max_texture = o->max_texture;
    bo.problems = pr;
    cli_source src;
    board_live live;
    boot_choice ch;
    if (render) {
        cli_load_source(o, &src, err);
        if (!src.a)
            return src.exit_code;
        ch.a = src.a;
        ch.status = src.status;
    } else if ((rc = board_source(o, &ch, &live, pr, err)) != 0) {
        return rc;
    }
    rc = cli_find_hall(o, ch.a, &bo.hall, err);
    if (rc != 0 && !render) { /* the board shows every hall rather than none */
        boot_note(pr, err, false, "hall = %.64s: no such hall in the feed; showing every hall",
                  o->hall);
        bo.hall = -1;
        rc = 0;
    }
    if (rc != 0) {
        agenda_free(ch.a);
        return rc;
    }
    if (view == LAYOUT_VIEW_EVENT || view == LAYOUT_VIEW_LOBBY)
        bo.hall = -1; /* a view of every hall (the hall id still names the board) */
    bo.status = ch.status;
    bo.status.stale_after = o->stale_after;
    if (render) {
        agenda *shown = NULL; /* with the overrides of --overrides applied at --at */
        rc = CLI_EXIT_INVALID;
        if (!o->overrides || overfile_apply(o->overrides, ch.a, at, bo.hall, &shown, err) == 0)
            rc = board_render_png(shown ? shown : ch.a, &bo, at, o->output, err) == 0
                     ? CLI_EXIT_OK
                     : CLI_EXIT_INVALID;
        agenda_free(shown);
        agenda_free(ch.a);
        return rc;
    }
    rc = board_run(ch.a, &bo, &live, err); /* the board owns the agenda */
    return rc == 0 ? CLI_EXIT_OK : rc == BOARD_NO_FONT ? CLI_EXIT_NO_FONT : CLI_EXIT_INVALID;
}
