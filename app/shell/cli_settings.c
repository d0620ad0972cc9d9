/* cli_settings.c - the settings file and board profiles under the command line: a
 * value set on the command line wins, then the settings file, then the profile. A
 * settings file that cannot be read or has wrong lines is noted, never fatal. */
#include "cli.h"
#include "cli_int.h"

#include "board.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "boards.h"
#include "layout.h"
#include "rfile.h"

/* Applies board profile o->board under the settings (cv) and the command line: a
 * value comes from the profile only where neither set it. The profile's values are
 * copied into cv, which o then points into. Returns 0, or -1 for an unknown profile. */
static int apply_profile(cli_opts *o, conf_values *cv, FILE *err)
{
    size_t len;
    const char *text = boards_profile(o->board, &len);
    if (!text) {
        char names[512];
        boards_names(names, sizeof(names));
        fprintf(err, "hallboard: no board profile \"%s\"; profiles: %s\n", o->board, names);
        return -1;
    }
    conf_values *pv = malloc(sizeof(*pv));
    char msgs[2048], name[128];
    if (!pv)
        return -1;
    snprintf(name, sizeof(name), "boards/%.64s/board.conf", o->board);
    if (conf_parse(text, len, name, pv, msgs, sizeof(msgs)) > 0)
        fprintf(err, "hallboard: %s", msgs); /* the test suite keeps this from happening */
    if (!cv->line[CONF_VIDEO_DRIVER])
        memcpy(cv->video_driver, pv->video_driver, sizeof(cv->video_driver));
    if (!cv->line[CONF_RENDER_DRIVER])
        memcpy(cv->render_driver, pv->render_driver, sizeof(cv->render_driver));
    if (!cv->line[CONF_RESOLUTION]) {
        cv->res_width = pv->res_width;
        cv->res_height = pv->res_height;
    }
    if (!cv->line[CONF_MAX_TEXTURE])
        cv->max_texture = pv->max_texture;
    if (!cv->line[CONF_MEMORY_BUDGET])
        cv->memory_budget = pv->memory_budget;
    if (!o->rotate && !cv->line[CONF_ROTATE] && pv->line[CONF_ROTATE]) {
        snprintf(o->rotate_buf, sizeof(o->rotate_buf), "%d", pv->rotate);
        o->rotate = o->rotate_buf;
    }
    free(pv);
    return 0;
}

/* Reads the settings file of o (--config PATH, else CONF_DEFAULT_PATH when it
 * exists) into cv. A file that cannot be read (missing when named, a directory, over
 * the limit) or has wrong lines is a problem noted in pr (every wrong line is logged,
 * the first is noted); the valid lines still apply. Returns true if a file was read. */
static bool read_config(const cli_opts *o, conf_values *cv, boot_problems *pr, FILE *err)
{
    const char *path = o->config ? o->config : CONF_DEFAULT_PATH;
    char *text = NULL, why[512], msgs[4096];
    size_t len = 0;
    if (rfile_read(path, RFILE_SETTINGS_MAX, &text, &len, why, sizeof(why)) != 0) {
        /* no settings file at the default place: the command line, a profile and the
         * defaults; one named, or there but unreadable, is a problem */
        if (o->config || access(path, F_OK) == 0 || errno != ENOENT)
            boot_note(pr, err, false, "settings: %s: running on the defaults", why);
        return false;
    }
    const char *base = strrchr(path, '/');
    int n = conf_parse(text, len, base ? base + 1 : path, cv, msgs, sizeof(msgs));
    free(text);
    if (n > 0) {
        fprintf(err, "hallboard: %d problem%s in %s (the other lines apply):\n%s", n,
                n == 1 ? "" : "s", path, msgs);
        const char *nl = strchr(msgs, '\n');
        boot_note(pr, NULL, false, "settings: %.*s", nl ? (int)(nl - msgs) : 300, msgs);
    }
    return true;
}

/* Fills the options the command line left unset from the settings file (read_config).
 * cv must outlive o (o points into it). Problems are noted in pr: the board shows
 * them in its footer rather than going dark. Returns 0, or CLI_EXIT_USAGE for an
 * unknown --board on the command line. */
int cli_apply_config(cli_opts *o, conf_values *cv, boot_problems *pr, FILE *err)
{
    conf_defaults(cv);
    bool have_file = read_config(o, cv, pr, err);
    if (!o->feed && cv->feed[0])
        o->feed = cv->feed;
    if (!o->poll_s)
        o->poll_s = cv->poll_interval;
    /* The cache belongs to a polled feed: with no feed URL the board shows the file or
     * the built-in agenda, not what an earlier configuration left in the cache. */
    if (!o->cache && cv->cache_dir[0] && have_file && o->feed && cli_is_url(o->feed))
        o->cache = cv->cache_dir;
    if (!o->ca_file && cv->ca_file[0])
        o->ca_file = cv->ca_file;
    if (cv->allow_insecure_redirect)
        o->allow_insecure_redirect = true;
    if (o->control_port < 0)
        o->control_port = cv->control_port;
    if (cv->control_token[0])
        o->control_token = cv->control_token;
    /* Pushing (a token, a token file or a trusted key; no feed URL) keeps what was
     * pushed in the cache directory. */
    if ((o->control_token || cv->control_token_file[0] || cv->trusted_key[0]) &&
        o->control_port > 0 && !(o->feed && cli_is_url(o->feed)))
        o->push_cache = o->cache ? o->cache : cv->cache_dir[0] ? cv->cache_dir : NULL;
    if (!o->hall && cv->hall[0])
        o->hall = cv->hall;
    if (!o->view && cv->line[CONF_VIEW])
        o->view = layout_view_name((layout_view)cv->view);
    if (!o->lang && cv->lang[0])
        o->lang = cv->lang;
    if (!o->lang2 && cv->lang2[0])
        o->lang2 = cv->lang2;
    if (!o->n_zones)
        for (size_t i = 0; i < cv->n_zones && i < AGENDA_MAX_ZONES; i++) {
            o->zones[i] = cv->zone[i];
            o->labels[i] = cv->zone_label[i][0] ? cv->zone_label[i] : NULL;
            o->n_zones = i + 1;
        }
    if (!o->rotate && cv->line[CONF_ROTATE]) {
        snprintf(o->rotate_buf, sizeof(o->rotate_buf), "%d", cv->rotate);
        o->rotate = o->rotate_buf;
    }
    if (!o->windowed && cv->width > 0) {
        snprintf(o->windowed_buf, sizeof(o->windowed_buf), "%dx%d", cv->width, cv->height);
        o->windowed = o->windowed_buf;
    }
    if (!o->fonts && cv->fonts[0])
        o->fonts = cv->fonts;
    bool board_given = o->board != NULL;
    if (!o->board && cv->board[0])
        o->board = cv->board;
    if (o->board && apply_profile(o, cv, err) != 0) {
        if (board_given)
            return CLI_EXIT_USAGE;
        boot_note(pr, NULL, false, "settings: no board profile \"%.64s\": none applied",
                  o->board);
        o->board = NULL;
    }
    o->video_driver = cv->video_driver[0] ? cv->video_driver : NULL;
    o->render_driver = cv->render_driver[0] ? cv->render_driver : NULL;
    o->res_width = cv->res_width;
    o->res_height = cv->res_height;
    o->max_texture = cv->max_texture;
    o->display_on = cv->display_on;
    o->display_off = cv->display_off;
    o->stale_after = cv->stale_after;
    o->cv = cv;
    if (!o->fleet_broker && cv->fleet_broker[0])
        o->fleet_broker = cv->fleet_broker;
    if (!o->fleet_topic && cv->fleet_topic[0])
        o->fleet_topic = cv->fleet_topic;
    if (!o->board_name && cv->board_name[0])
        o->board_name = cv->board_name;
    /* A board in a fleet keeps what the fleet pushes like what the endpoint does. */
    if (o->fleet_broker && !o->push_cache && !(o->feed && cli_is_url(o->feed)))
        o->push_cache = o->cache ? o->cache : cv->cache_dir[0] ? cv->cache_dir : NULL;
    return 0;
}

void cli_live_ops(const cli_opts *o, board_live *live)
{
    const conf_values *cv = o->cv;
    live->fleet_broker = o->fleet_broker;
    live->fleet_topic = o->fleet_topic;
    live->board_name = o->board_name;
    live->hall_id = o->hall;
    if (!cv)
        return;
    live->trusted_key = cv->trusted_key[0] ? cv->trusted_key : NULL;
    live->overrides_url = cv->overrides_url[0] ? cv->overrides_url : NULL;
    live->overrides_interval = cv->overrides_interval;
    live->fleet_user = cv->fleet_user[0] ? cv->fleet_user : NULL;
    live->fleet_password_file = cv->fleet_password_file[0] ? cv->fleet_password_file : NULL;
    if (!live->control_bind && cv->control_bind[0])
        live->control_bind = cv->control_bind;
    if (!live->control_token_file && cv->control_token_file[0])
        live->control_token_file = cv->control_token_file;
    /* Overrides and accepted sequence numbers are kept with the feeds. */
    live->state_dir = o->cache        ? o->cache
                      : o->push_cache ? o->push_cache
                      : cv->cache_dir[0] && (live->fleet_broker || live->trusted_key ||
                                             live->overrides_url || live->control_port > 0)
                          ? cv->cache_dir
                          : NULL;
}

