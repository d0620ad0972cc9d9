/* health.c - the board's problems and the /status document (health.h).
 *
 * Layout of this file: the problem list and the footer's note made from it; the
 * helpers of the document (the redacted feed URL, resident memory, times); the
 * document itself.
 */
#include "health.h"

#include "fleetlink.h"
#include "images.h"
#include "liveops.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <SDL.h>
#include <cjson/cJSON.h>

#include "civil.h"
#include "grapheme.h"
#include "i18n.h"
#include "statejson.h"

/* ---- Problems ------------------------------------------------------------- */

void health_list_problems(const boot_problems *bp, bool replaced, const char *fonts,
                          const char *unsaved, health_problem_list *pl)
{
    pl->n = 0;
    for (size_t i = 0; bp && i < bp->n; i++)
        if (!(replaced && bp->of_agenda[i]))
            pl->line[pl->n++] = bp->text[i];
    if (fonts && *fonts)
        pl->line[pl->n++] = fonts;
    if (unsaved && *unsaved)
        pl->line[pl->n++] = unsaved;
}

void health_join_note(status_input *st, const health_problem_list *pl, const char *lang,
                      char *note, size_t cap)
{
    char all[STATUS_TEXT_MAX], line[BOOT_PROBLEM_MAX * 2];
    size_t n = 0;
    bool over = false;
    all[0] = '\0';
    for (size_t i = 0; i < pl->n && !over; i++) {
        i18n_note(lang, pl->line[i], line, sizeof(line));
        int w = snprintf(all + n, sizeof(all) - n, "%s%s", i ? "; " : "", line);
        if (w < 0)
            break;
        /* Past the end: a character split there is left out by the cut below. */
        over = n + (size_t)w >= sizeof(all);
        n = over ? sizeof(all) - 1 : n + (size_t)w;
    }
    if (cap == 0)
        return;
    /* Cut on a grapheme, with "…", when it does not fit (or lost its end here). */
    n = grapheme_ellipsize(all, n, over && n < cap ? (n ? n : 1) : cap);
    memcpy(note, all, n + 1);
    st->note = note[0] ? note : NULL;
}

/* ---- The /status document ------------------------------------------------ */

/* The feed URL without credentials, query or fragment (they may hold secrets). */
static void redact_url(const char *url, char *buf, size_t cap)
{
    /* scheme: a letter, then letters, digits, '+', '-', '.', then "://" */
    size_t n = 0;
    if ((url[0] >= 'a' && url[0] <= 'z') || (url[0] >= 'A' && url[0] <= 'Z'))
        for (n = 1; url[n] && (SDL_isalnum((unsigned char)url[n]) || url[n] == '+' ||
                               url[n] == '-' || url[n] == '.');
             n++)
            ;
    size_t scheme = strncmp(url + n, "://", 3) == 0 ? n + 3 : 0;
    const char *auth = url + scheme;
    size_t auth_len = strcspn(auth, "/?#"); /* the authority: [userinfo@]host[:port] */
    const char *host = auth;
    for (size_t i = 0; i < auth_len; i++)
        if (auth[i] == '@')
            host = auth + i + 1; /* after the last '@' of the authority */
    size_t path = strcspn(auth + auth_len, "?#");
    snprintf(buf, cap, "%.*s%.*s%.*s", (int)scheme, url, (int)(auth + auth_len - host), host,
             (int)path, auth + auth_len);
}

/* Resident memory of this process in KiB (/proc/self/statm), or -1. */
static long resident_kib(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long size = 0, res = -1;
    if (f) {
        if (fscanf(f, "%ld %ld", &size, &res) != 2)
            res = -1;
        fclose(f);
    }
    return res < 0 ? -1 : res * (sysconf(_SC_PAGESIZE) / 1024);
}

/* Adds t to o under key as a UTC time text. */
static void add_time(cJSON *o, const char *key, int64_t t)
{
    char buf[CIVIL_UTC_LEN];
    civil_format_utc(t, buf);
    cJSON_AddStringToObject(o, key, buf);
}

/* "fleet": null, or the link's state. */
static void add_fleet(cJSON *j, const health_state *h)
{
    if (!h->fleet) {
        cJSON_AddNullToObject(j, "fleet");
        return;
    }
    fleetlink_status fs;
    fleetlink_state(h->fleet, &fs);
    cJSON *f = cJSON_AddObjectToObject(j, "fleet");
    cJSON_AddStringToObject(f, "name", fleetlink_name(h->fleet));
    cJSON_AddBoolToObject(f, "connected", fs.connected);
    cJSON_AddNumberToObject(f, "reconnects", fs.reconnects);
    cJSON_AddNumberToObject(f, "dropped", fs.dropped);
    if (fs.last_error[0])
        cJSON_AddStringToObject(f, "last_error", fs.last_error);
    else
        cJSON_AddNullToObject(f, "last_error");
}

/* "images": each image the feed names, its state and, when it failed, why. */
static void add_images(cJSON *j, const health_state *h)
{
    cJSON *arr = cJSON_AddArrayToObject(j, "images");
    if (!h->images)
        return;
    images_info info[IMAGES_MAX_ENTRIES];
    size_t n = images_list(h->images, info, IMAGES_MAX_ENTRIES);
    static const char *const names[] = {"unknown", "loading", "ready", "failed"};
    for (size_t i = 0; i < n && i < IMAGES_MAX_ENTRIES; i++) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "ref", info[i].ref);
        cJSON_AddStringToObject(o, "state", names[info[i].state]);
        if (info[i].reason[0])
            cJSON_AddStringToObject(o, "reason", info[i].reason);
        cJSON_AddItemToArray(arr, o);
    }
}

char *health_document(const agenda *a, const board_options *o, const status_input *st,
                      const health_state *h, int64_t t, double mono_now)
{
    statejson_view v = {.view = (layout_view)o->view,
                        .lobby_halls = o->lobby_halls,
                        .lobby_hide_idle = o->lobby_hide_idle};
    char *state = statejson_at_view(a, t, o->hall, o->lang, st, &v);
    cJSON *j = cJSON_CreateObject();
    if (!state || !j) {
        free(state);
        cJSON_Delete(j);
        return NULL;
    }
    cJSON_AddStringToObject(j, "hallboard", HB_VERSION);
    add_time(j, "at", t);
    add_time(j, "started_at", h->started_at);
    cJSON_AddNumberToObject(j, "uptime_s", floor(mono_now - h->started_mono));
    if (h->live && h->live->profile)
        cJSON_AddStringToObject(j, "profile", h->live->profile);
    else
        cJSON_AddNullToObject(j, "profile");
    if (h->w > 0) {
        cJSON *d = cJSON_AddObjectToObject(j, "display");
        cJSON_AddNumberToObject(d, "width", h->w);
        cJSON_AddNumberToObject(d, "height", h->h);
        cJSON_AddNumberToObject(d, "rotate", o->rotate);
        const char *vd = SDL_GetCurrentVideoDriver();
        cJSON_AddStringToObject(d, "video_driver", vd ? vd : "");
        cJSON_AddStringToObject(d, "renderer", h->renderer ? h->renderer : "");
        cJSON_AddBoolToObject(d, "on", !h->dark);
    } else {
        cJSON_AddNullToObject(j, "display"); /* waiting for one */
    }
    cJSON_AddNumberToObject(j, "frames", (double)h->frames);
    if (h->pages > 0) { /* what the screen shows of a paged view, 1-based */
        cJSON_AddNumberToObject(j, "page", (double)(h->page + 1));
        cJSON_AddNumberToObject(j, "pages", (double)h->pages);
    }
    long kib = resident_kib();
    if (kib >= 0)
        cJSON_AddNumberToObject(j, "memory_kib", (double)kib);
    else
        cJSON_AddNullToObject(j, "memory_kib");
    cJSON *feed = cJSON_AddObjectToObject(j, "feed");
    const char *url = h->live ? h->live->fetch.url : NULL;
    if (url) {
        char red[512];
        redact_url(url, red, sizeof(red));
        cJSON_AddStringToObject(feed, "url", red);
    } else {
        cJSON_AddNullToObject(feed, "url");
    }
    const board_live *lv = h->live;
    cJSON_AddBoolToObject(feed, "push",
                          lv && !url && lv->control_port > 0 &&
                              (lv->control_token || lv->control_token_file || lv->trusted_key));
    add_fleet(j, h);
    add_images(j, h);
    liveops_status_add(h->ops, j);
    cJSON *probs = cJSON_AddArrayToObject(j, "problems");
    for (size_t i = 0; i < h->problems.n; i++)
        cJSON_AddItemToArray(probs, cJSON_CreateString(h->problems.line[i]));
    cJSON_AddRawToObject(j, "state", state);
    free(state);
    char *out = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return out;
}
