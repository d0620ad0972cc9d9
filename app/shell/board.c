/* board.c - the render loop and headless frames (board.h).
 *
 * Layout of this file: the frame (state -> boxes -> pixels, shared by the window and
 * the PNG path); rotation through a target texture; the clock (real or simulated);
 * deadlines; the window loop; the PNG renderer.
 */
#include "board.h"

#include "logsafe.h"

#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
#include <unistd.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>
#include <SDL_image.h>
#include <cjson/cJSON.h>

#include "civil.h"
#include "clock.h"
#include "control.h"
#include "dpms.h"
#include "draw.h"
#include "fetch.h"
#include "notify.h"
#include "fonts.h"
#include "layout.h"
#include "sched.h"
#include "statejson.h"

/* Everything one drawing needs, kept across frames. */
struct board_frame {
    const agenda *a;
    const board_options *o;
    SDL_Renderer *r;
    fonts_chain *fc;
    draw_ctx *d;
    layout_result *lr;     /* large: heap */
    char font_problem[400];  /* the fonts' problem, "" when none */
    bool replaced;           /* a fetched or pushed agenda replaced the one started on */
    char unsaved[FETCH_REASON_MAX]; /* status.not_saved: why the cache could not keep it */
    char note[STATUS_LINE_MAX]; /* owned text behind status.note: the problems, joined */
    status_input status;     /* the agenda's origin and the fetch state */
    char reason[FETCH_REASON_MAX]; /* owned copy behind status.reason */
    SDL_Texture *target;   /* drawing space when rotated */
    int target_w, target_h;
    size_t card;           /* rotating card index */
    size_t cards_shown;    /* cards available at the last frame */
    bool warned_missing;
};
typedef struct board_frame frame_ctx;

void board_drawing_size(int w, int h, int rotate, int *dw, int *dh)
{
    bool turned = rotate == 90 || rotate == 270;
    *dw = turned ? h : w;
    *dh = turned ? w : h;
}

int64_t board_demo_start(const agenda *a, int64_t fallback)
{
    return a->n_sessions ? a->sessions[0].start - 3 * 60 : fallback;
}

/* The board's problems now, one line each (borrowed): the start-up ones still true
 * (those about the agenda started on are moot once another replaced it), the fonts',
 * and why the agenda shown is not cached (unsaved, may be NULL). */
typedef struct {
    const char *line[BOOT_MAX_PROBLEMS + 2];
    size_t n;
} problem_list;

static void problems_now(const boot_problems *bp, bool replaced, const char *fonts,
                         const char *unsaved, problem_list *pl)
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

/* Joins the problems into note ("; "-separated, cut to cap) and points st->note at it
 * (NULL when there are none). */
static void set_note(status_input *st, const problem_list *pl, char *note, size_t cap)
{
    size_t n = 0;
    note[0] = '\0';
    for (size_t i = 0; i < pl->n && n + 1 < cap; i++) {
        int w = snprintf(note + n, cap - n, "%s%s", i ? "; " : "", pl->line[i]);
        n = w < 0 ? n : n + (size_t)w >= cap ? cap - 1 : n + (size_t)w;
    }
    /* Cut short: drop a last character that lost its tail. */
    size_t lead = n;
    while (lead > 0 && ((unsigned char)note[lead - 1] & 0xC0) == 0x80)
        lead--;
    if (lead > 0) {
        unsigned char c = (unsigned char)note[lead - 1];
        size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (n - (lead - 1) < want)
            note[lead - 1] = '\0';
    }
    st->note = note[0] ? note : NULL;
}

/* The footer's note from the frame's problems (the cache's has its own mark). */
static void frame_note(frame_ctx *f)
{
    problem_list pl;
    problems_now(f->o->problems, f->replaced, f->font_problem, NULL, &pl);
    set_note(&f->status, &pl, f->note, sizeof(f->note));
}

/* Opens the fonts and the drawing context; the footer notes what went wrong with the
 * fonts, if anything. Returns 0, BOARD_NO_FONT when no font opens, or -1 (out of
 * memory), after writing why to err. */
static int frame_init(frame_ctx *f, const agenda *a, const board_options *o, SDL_Renderer *r,
                      FILE *err)
{
    memset(f, 0, sizeof(*f));
    f->a = a;
    f->o = o;
    f->r = r;
    char ferr[384];
    f->fc = fonts_chain_create(o->fonts_conf, ferr, sizeof(ferr));
    if (!f->fc) {
        fprintf(err, "hallboard: %s\n", ferr);
        return BOARD_NO_FONT;
    }
    f->status = o->status;
    f->status.demo = o->demo;
    if (ferr[0]) {
        fprintf(err, "hallboard: %s\n", ferr);
        snprintf(f->font_problem, sizeof(f->font_problem), "%.300s", ferr);
    }
    frame_note(f);
    f->d = draw_create(r, f->fc);
    f->lr = malloc(sizeof(*f->lr));
    if (!f->d || !f->lr) {
        fprintf(err, "hallboard: out of memory\n");
        return -1;
    }
    return 0;
}

static void frame_fini(frame_ctx *f)
{
    if (f->target)
        SDL_DestroyTexture(f->target);
    draw_destroy(f->d);
    fonts_chain_destroy(f->fc);
    free(f->lr);
    memset(f, 0, sizeof(*f));
}

/* True if the display schedule has the screen on at t (venue time). */
static bool screen_on(const frame_ctx *f, int64_t t)
{
    if (f->o->display_on < 0 || f->o->display_off < 0 || !f->a->n_zones)
        return true;
    tz_local l;
    tz_to_local(f->a->zones[0].tz, t, &l);
    return status_display_on(f->o->display_on, f->o->display_off, l.hour * 60 + l.minute);
}

/* Draws the state at t into the current target, sized dw x dh. Returns 0 or -1. */
static int frame_draw(frame_ctx *f, int64_t t, int dw, int dh, FILE *err)
{
    if (!screen_on(f, t)) { /* outside the display schedule: black */
        SDL_SetRenderDrawColor(f->r, 0, 0, 0, 255);
        SDL_RenderClear(f->r);
        return 0;
    }
    sched_state s;
    if (sched_query(f->a, t, f->o->hall, &s) != 0) {
        fprintf(err, "hallboard: out of memory\n");
        return -1;
    }
    size_t idx[AGENDA_MAX_CARDS];
    f->cards_shown = sched_cards_at(f->a, t, idx, AGENDA_MAX_CARDS);
    const char *lang = f->o->lang ? f->o->lang
                       : f->a->n_languages ? f->a->languages[0]
                                           : "en";
    char footer[STATUS_LINE_MAX];
    bool warning = true;
    status_footer(&f->status, t, f->a->n_zones ? f->a->zones[0].tz : NULL, footer,
                  sizeof(footer), &warning);
    layout_input in = {dw, dh, lang, f->o->lang2, footer, warning, f->o->hall, f->card};
    layout_build(f->a, &s, &in, f->lr);
    sched_state_free(&s);
    const layout_box *b0 = f->lr->n ? &f->lr->boxes[0] : NULL;
    if (!b0 || b0->kind != LAYOUT_FILL || b0->x > 0 || b0->y > 0 || b0->w < dw || b0->h < dh) {
        SDL_SetRenderDrawColor(f->r, 0, 0, 0, 255); /* the layout does not cover it all */
        SDL_RenderClear(f->r);
    }
    int rc = draw_frame(f->d, f->lr);
    draw_stats st = draw_last_stats(f->d);
    if (st.missing && !f->warned_missing) {
        fprintf(err, "hallboard: %zu characters have no glyph in any font of the chain\n",
                st.missing);
        f->warned_missing = true;
    }
    if (rc != 0)
        fprintf(err, "hallboard: %zu text boxes could not be drawn: %s\n", st.failures,
                SDL_GetError());
    return 0;
}

/* Draws the frame for a display of ow x oh turned by o->rotate: directly when not
 * turned, else into a target texture copied turned onto the display. */
static int frame_present(frame_ctx *f, int64_t t, int ow, int oh, FILE *err)
{
    int rot = f->o->rotate;
    int dw, dh;
    board_drawing_size(ow, oh, rot, &dw, &dh);
    /* The largest texture the GPU takes (the profile's figure, or the renderer's). */
    SDL_RendererInfo info;
    int limit = f->o->max_texture > 0 ? f->o->max_texture : 0;
    if (SDL_GetRendererInfo(f->r, &info) == 0) {
        int m = info.max_texture_width < info.max_texture_height ? info.max_texture_width
                                                                 : info.max_texture_height;
        if (m > 0 && (limit == 0 || m < limit))
            limit = m;
    }
    int big = dw > dh ? dw : dh;
    if (rot == 0 && (limit == 0 || big <= limit))
        return frame_draw(f, t, dw, dh, err);
    /* Drawn into a texture, then turned (and scaled up when the screen is larger than
     * the GPU's largest texture: a 4K portrait on a VC4 is drawn at 2048 and scaled). */
    int tw = dw, th = dh;
    if (limit > 0 && big > limit) {
        tw = (int)((long long)dw * limit / big);
        th = (int)((long long)dh * limit / big);
    }
    if (!f->target || f->target_w != tw || f->target_h != th) {
        if (f->target)
            SDL_DestroyTexture(f->target);
        f->target = SDL_CreateTexture(f->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                      tw, th);
        if (!f->target) {
            fprintf(err, "hallboard: no %dx%d target texture: %s\n", tw, th, SDL_GetError());
            return -1;
        }
        f->target_w = tw;
        f->target_h = th;
    }
    SDL_SetRenderTarget(f->r, f->target);
    int rc = frame_draw(f, t, tw, th, err);
    SDL_SetRenderTarget(f->r, NULL);
    SDL_SetRenderDrawColor(f->r, 0, 0, 0, 255);
    SDL_RenderClear(f->r);
    /* Turn the drawing about its centre, placed at the display's centre. */
    SDL_Rect dst = {(ow - dw) / 2, (oh - dh) / 2, dw, dh};
    SDL_RenderCopyEx(f->r, f->target, NULL, &dst, (double)rot, NULL, SDL_FLIP_NONE);
    return rc;
}

board_frame *board_frame_create(const agenda *a, const board_options *o, SDL_Renderer *r,
                                FILE *err)
{
    board_frame *f = malloc(sizeof(*f));
    if (!f) {
        fprintf(err, "hallboard: out of memory\n");
        return NULL;
    }
    if (frame_init(f, a, o, r, err) != 0) {
        frame_fini(f);
        free(f);
        return NULL;
    }
    return f;
}

int board_frame_draw(board_frame *f, int64_t t, int ow, int oh, FILE *err)
{
    return frame_present(f, t, ow, oh, err);
}

void board_frame_destroy(board_frame *f)
{
    if (!f)
        return;
    frame_fini(f);
    free(f);
}

/* ---- Clock ---------------------------------------------------------------- */

/* Seconds on the monotonic clock. */
static double real_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    bool demo;
    double speed;
    int64_t sim0;        /* demo: simulated instant at start */
    int64_t sim_end;     /* demo: where the replay starts over */
    Uint64 t0;           /* performance counter at start */
    hb_clock real;       /* the system clock, or the server's when it is not trusted */
} board_clock;

static double real_elapsed(const board_clock *c)
{
    return (double)(SDL_GetPerformanceCounter() - c->t0) / (double)SDL_GetPerformanceFrequency();
}

/* The instant shown now, in unix seconds (fraction kept for deadline maths). */
static double shown_now(board_clock *c, bool *from_server)
{
    *from_server = false;
    if (!c->demo)
        return clock_now(&c->real, from_server);
    double sim = (double)c->sim0 + real_elapsed(c) * c->speed;
    if (sim >= (double)c->sim_end) { /* the replay starts over */
        c->t0 = SDL_GetPerformanceCounter();
        sim = (double)c->sim0;
    }
    return sim;
}

/* Real milliseconds until the shown clock reaches instant `at`. */
static double clock_ms_until(const board_clock *c, double now, double at)
{
    double s = (at - now) / (c->demo ? c->speed : 1.0);
    return s * 1000.0;
}

/* ---- Live feed ------------------------------------------------------------- */

/* SDL event type carrying a fetch_result* (data1) from the worker thread. */
static Uint32 fetch_event = (Uint32)-1;

/* Runs on the worker thread: hands the result to the render loop as an event. */
static void deliver(void *ctx, fetch_result *res)
{
    (void)ctx;
    fetch_result *copy = malloc(sizeof(*copy));
    if (copy) {
        *copy = *res;
        memset(res, 0, sizeof(*res)); /* the agenda moves with the copy */
        SDL_Event ev;
        memset(&ev, 0, sizeof(ev));
        ev.type = fetch_event;
        ev.user.data1 = copy;
        if (SDL_PushEvent(&ev) == 1)
            return;
        *res = *copy; /* not queued: the worker frees it */
        free(copy);
    }
}

/* Logs a fetch problem once: again only when it changes or after a recovery. */
typedef struct {
    char last[FETCH_REASON_MAX + 32];
    char unsaved[FETCH_REASON_MAX]; /* the cache's problem last logged, "" none */
    status_date_log date;           /* the server Date's verdict last logged */
} log_once;

static void log_problem(log_once *l, FILE *err, const char *what, const char *reason)
{
    char line[sizeof(l->last)];
    snprintf(line, sizeof(line), "%.24s: %.*s", what, FETCH_REASON_MAX, reason);
    if (strcmp(line, l->last) == 0)
        return;
    snprintf(l->last, sizeof(l->last), "%s", line);
    fprintf(err, "hallboard: %s\n", line);
}

/* A fetched agenda that the cache could not keep (reason "not cached: ...", or ""
 * when it was kept): the footer's mark, the problem for /status, the log (once, and
 * once more when the cache works again). The agenda started on is replaced. */
static void note_unsaved(frame_ctx *f, const char *reason, log_once *lg, FILE *err)
{
    f->status.not_saved = reason[0] != '\0';
    snprintf(f->unsaved, sizeof(f->unsaved), "%s", reason);
    if (reason[0] && strcmp(lg->unsaved, reason) != 0)
        fprintf(err, "hallboard: %s: the feed is shown, not saved for offline\n", reason);
    else if (!reason[0] && lg->unsaved[0])
        fprintf(err, "hallboard: the feed is saved for offline again\n");
    snprintf(lg->unsaved, sizeof(lg->unsaved), "%s", reason);
    f->replaced = true;
    frame_note(f);
}

/* Applies one fetch result: a new agenda replaces the old, the status follows.
 * Returns true if the screen must be redrawn. */
static bool apply_fetch(frame_ctx *f, agenda **owned, fetch_result *res, hb_clock *clk,
                        log_once *lg, FILE *err)
{
    status_fetch before = f->status.fetch;
    bool good = res->outcome == FETCH_STORED || res->outcome == FETCH_UNCHANGED;
    char dl[200];
    if (good && res->server_date_refused) {
        status_date_verdict v = status_server_date_check(res->refused_date, clk->build_time);
        if (status_date_news(&lg->date, v, res->refused_date, clk->build_time, dl, sizeof(dl)))
            fprintf(err, "hallboard: %s\n", dl);
    } else if (good && res->server_date >= 0 && clock_server_date(clk, res->server_date) &&
               status_date_news(&lg->date, STATUS_DATE_OK, res->server_date, clk->build_time,
                                dl, sizeof(dl))) {
        fprintf(err, "hallboard: %s\n", dl);
    }
    switch (res->outcome) {
    case FETCH_STORED:
        agenda_free(*owned);
        *owned = res->agenda;
        res->agenda = NULL;
        f->a = *owned;
        f->status.source = STATUS_NETWORK;
        status_set_agenda(&f->status, f->a);
        f->status.fetched_at = res->fetched_at;
        f->status.fetch = STATUS_FETCH_OK;
        f->status.reason = NULL;
        f->card = 0;
        if (lg->last[0])
            fprintf(err, "hallboard: feed back: revision %s\n",
                    res->shown_revision[0] ? res->shown_revision : "-");
        else if (!res->reason[0] || strcmp(lg->unsaved, res->reason) != 0)
            fprintf(err, "hallboard: new feed: revision %s\n",
                    res->shown_revision[0] ? res->shown_revision : "-");
        lg->last[0] = '\0';
        note_unsaved(f, res->reason, lg, err);
        return true;
    case FETCH_UNCHANGED:
        f->status.fetch = STATUS_FETCH_OK;
        f->status.reason = NULL;
        if (lg->last[0])
            fprintf(err, "hallboard: feed reachable again (unchanged)\n");
        lg->last[0] = '\0';
        return before != STATUS_FETCH_OK;
    case FETCH_REJECTED:
    case FETCH_FAILED: {
        const char *why = res->reason;
        if (strncmp(why, "feed rejected: ", 15) == 0) /* the footer and log say so */
            why += 15;
        snprintf(f->reason, sizeof(f->reason), "%s", why);
        f->status.reason = f->reason;
        f->status.fetch = res->outcome == FETCH_REJECTED ? STATUS_FETCH_REJECTED
                                                         : STATUS_FETCH_FAIL;
        log_problem(lg, err, res->outcome == FETCH_REJECTED ? "feed rejected" : "fetch failed",
                    why);
        return true;
    }
    }
    return false;
}

/* Set by SIGTERM / SIGINT while no SDL event loop is there to see them. */
static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* ---- The control endpoint's side ------------------------------------------- */

/* SDL event types: the endpoint asks for the screen (no data); a pushed agenda
 * (data1, owned by the event). */
static Uint32 screen_event = (Uint32)-1, push_event = (Uint32)-1;
/* True while the render loop takes events: the endpoint may ask only then. */
static atomic_bool loop_up;

/* Runs on the endpoint's thread. */
static bool post_to_loop(Uint32 type, void *data)
{
    if (type == (Uint32)-1 || !atomic_load(&loop_up))
        return false;
    SDL_Event ev;
    memset(&ev, 0, sizeof(ev));
    ev.type = type;
    ev.user.data1 = data;
    return SDL_PushEvent(&ev) == 1;
}

static bool ask_screen(void *ctx, unsigned seq)
{
    (void)ctx;
    return post_to_loop(screen_event, (void *)(uintptr_t)seq);
}

static bool take_pushed(void *ctx, agenda *a)
{
    (void)ctx;
    return post_to_loop(push_event, a);
}

/* What /status says of the board besides the state it shows. */
typedef struct {
    int64_t started_at;      /* clock time at the start (unix s) */
    double started_mono;     /* performance counter seconds at the start */
    unsigned long frames;    /* presented */
    int w, h;                /* output size of the last frame, 0 before the first */
    const char *renderer;    /* its name, NULL before the first frame */
    bool dark;               /* off by the display schedule */
    const board_live *live;  /* the feed URL, the profile (may be NULL) */
    problem_list problems;   /* the board's problems now ("problems") */
} board_health;

/* Takes the frame's problems into h (before each /status document). */
static void health_problems(board_health *h, const frame_ctx *f)
{
    problems_now(f->o->problems, f->replaced, f->font_problem,
                 f->status.not_saved ? f->unsaved : NULL, &h->problems);
}

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

static void add_time(cJSON *o, const char *key, int64_t t)
{
    char buf[CIVIL_UTC_LEN];
    civil_format_utc(t, buf);
    cJSON_AddStringToObject(o, key, buf);
}

/* The /status document at shown instant t (malloc'd JSON), or NULL. */
static char *status_document(const agenda *a, const board_options *o, const status_input *st,
                             const board_health *h, int64_t t, double mono_now)
{
    char *state = statejson_at(a, t, o->hall, o->lang, st);
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
    cJSON_AddBoolToObject(feed, "push", h->live && !url && h->live->control_token &&
                                            h->live->control_port > 0);
    cJSON *probs = cJSON_AddArrayToObject(j, "problems");
    for (size_t i = 0; i < h->problems.n; i++)
        cJSON_AddItemToArray(probs, cJSON_CreateString(h->problems.line[i]));
    cJSON_AddRawToObject(j, "state", state);
    free(state);
    char *out = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return out;
}

/* The render loop's answer to GET /screen.png: the frame drawn again at t and read
 * back before it is presented (black outside the display schedule). */
static void answer_screen(frame_ctx *f, SDL_Renderer *r, control_server *ctl, unsigned seq,
                          int64_t t, bool dark, FILE *err)
{
    int ow = 0, oh = 0;
    if (SDL_GetRendererOutputSize(r, &ow, &oh) != 0 || ow <= 0 || oh <= 0) {
        control_screen(ctl, seq, NULL, 0, 0, 0); /* cannot be read */
        return;
    }
    if (dark) {
        control_screen(ctl, seq, NULL, ow, oh, 0);
        return;
    }
    void *px = malloc((size_t)ow * (size_t)oh * 4);
    bool ok = px && frame_present(f, t, ow, oh, err) == 0 &&
              SDL_RenderReadPixels(r, NULL, SDL_PIXELFORMAT_ARGB8888, px, ow * 4) == 0;
    SDL_RenderPresent(r);
    fonts_trim(f->fc);
    control_screen(ctl, seq, ok ? px : NULL, ok ? ow : 0, oh, ow * 4);
    free(px);
}

/* ---- The window loop ------------------------------------------------------ */

/* The display schedule switches the screen on or off: off after the black frame is
 * presented, on before the next frame is (dpms.h: powered down where the driver
 * allows it). Says so in the log. */
static void switch_screen(SDL_Window *win, bool on, FILE *err)
{
    char why[200] = "";
    dpms_result d = dpms_set(win, on, why, sizeof(why));
    fprintf(err, "hallboard: display schedule: screen %s (%s%s%s)\n", on ? "on" : "off",
            dpms_describe(d, on), d == DPMS_FAILED ? ": " : "", d == DPMS_FAILED ? why : "");
    fflush(err);
}

static SDL_Window *open_window(const board_options *o, FILE *err)
{
    Uint32 flags = SDL_WINDOW_SHOWN;
    int w = o->width, h = o->height;
    SDL_DisplayMode want = {0, o->res_width, o->res_height, 0, NULL}, mode;
    bool set_mode = false;
    if (w <= 0 || h <= 0) {
        /* Fullscreen: the profile's mode when the display has it (or its closest),
         * else the desktop's. */
        set_mode = o->res_width > 0 && SDL_GetClosestDisplayMode(0, &want, &mode) != NULL;
        flags |= set_mode ? SDL_WINDOW_FULLSCREEN : SDL_WINDOW_FULLSCREEN_DESKTOP;
        w = set_mode ? mode.w : 0;
        h = set_mode ? mode.h : 0;
    }
    SDL_Window *win = SDL_CreateWindow("Hallboard", SDL_WINDOWPOS_CENTERED,
                                       SDL_WINDOWPOS_CENTERED, w ? w : 1280, h ? h : 720, flags);
    if (win && set_mode)
        SDL_SetWindowDisplayMode(win, &mode);
    if (!win && err)
        fprintf(err, "hallboard: no display: %s\n", SDL_GetError());
    return win;
}

static SDL_Renderer *open_renderer(SDL_Window *win, FILE *err)
{
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED |
                                                      SDL_RENDERER_TARGETTEXTURE);
    if (!r)
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!r && err)
        fprintf(err, "hallboard: no renderer: %s\n", SDL_GetError());
    return r;
}

/* Opens video, window and renderer. With no display (no HDMI at boot, X not up yet)
 * it keeps trying with a growing pause (1 s doubling to BOARD_DISPLAY_RETRY_MAX s),
 * says so once, and keeps the watchdog fed, instead of exiting into a restart storm.
 * Returns 0, or -1 when told to stop (SIGTERM) or after run_seconds. */
static int open_display(const board_options *o, SDL_Window **win, SDL_Renderer **r, FILE *err)
{
    double pause = 1, waited = 0;
    bool said = false;
    struct sigaction ours, dfl;
    memset(&ours, 0, sizeof(ours));
    memset(&dfl, 0, sizeof(dfl));
    ours.sa_handler = on_stop;
    dfl.sa_handler = SIG_DFL;
    for (;;) {
        /* SDL turns SIGTERM / SIGINT into SDL_QUIT only where they are left default. */
        sigaction(SIGTERM, &dfl, NULL);
        sigaction(SIGINT, &dfl, NULL);
        if (stop_requested)
            return -1;
        if (SDL_Init(SDL_INIT_VIDEO) == 0) {
            *win = open_window(o, said ? NULL : err);
            *r = *win ? open_renderer(*win, said ? NULL : err) : NULL;
            if (*r) {
                if (said)
                    fprintf(err, "hallboard: display found after %.0f s\n", waited);
                return 0;
            }
            if (*win)
                SDL_DestroyWindow(*win);
            *win = NULL;
            SDL_Quit();
        } else if (!said) {
            fprintf(err, "hallboard: cannot start video: %s\n", SDL_GetError());
        }
        if (!said) {
            fprintf(err, "hallboard: no display yet: trying again, pausing up to %d s "
                         "between tries\n", BOARD_DISPLAY_RETRY_MAX);
            fflush(err);
            notify_send("STATUS=waiting for a display");
            said = true;
        }
        if (o->run_seconds > 0 && waited >= o->run_seconds)
            return -1;
        /* Sleep in short steps: feed the watchdog, notice SIGTERM. */
        sigaction(SIGTERM, &ours, NULL);
        sigaction(SIGINT, &ours, NULL);
        for (double slept = 0; slept < pause; slept += 0.5) {
            if (stop_requested)
                return -1;
            /* Still starting, and alive: systemd extends the start timeout. */
            notify_send("WATCHDOG=1\nEXTEND_TIMEOUT_USEC=60000000");
            struct timespec ts = {0, 500000000L};
            nanosleep(&ts, NULL);
        }
        waited += pause;
        pause = pause * 2 > BOARD_DISPLAY_RETRY_MAX ? BOARD_DISPLAY_RETRY_MAX : pause * 2;
    }
}

int board_run(agenda *a, const board_options *o, const board_live *live, FILE *err)
{
    notify_init(); /* before the fetch thread starts: it reads the environment */
    /* The profile's drivers, unless SDL_VIDEODRIVER / SDL_RENDER_DRIVER say otherwise. */
    if (o->video_driver && *o->video_driver)
        SDL_SetHintWithPriority(SDL_HINT_VIDEODRIVER, o->video_driver, SDL_HINT_DEFAULT);
    if (o->render_driver && *o->render_driver)
        SDL_SetHintWithPriority(SDL_HINT_RENDER_DRIVER, o->render_driver, SDL_HINT_DEFAULT);
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    /* With the software renderer asked for, present through the window system's own
     * framebuffer (XShm, KMS dumb buffers) rather than through a GL texture: loading a
     * GL driver for that alone costs tens of MB and hundreds of ms at start. */
    const char *drv = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (drv && strcmp(drv, "software") == 0)
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
    int rc = 1;
    fetch_worker *worker = NULL;
    SDL_Window *win = NULL;
    SDL_Renderer *r = NULL;
    if (fetch_event == (Uint32)-1) { /* no SDL needed for that yet */
        fetch_event = SDL_RegisterEvents(3);
        if (fetch_event != (Uint32)-1) {
            screen_event = fetch_event + 1;
            push_event = fetch_event + 2;
        }
    }
    /* The control endpoint answers from the start: "waiting for a display" too. */
    hb_clock clock0; /* one clamped now, before the loop's clock runs */
    clock_init(&clock0);
    int64_t now0 = (int64_t)clock_now(&clock0, NULL);
    board_health health = {now0, real_seconds(), 0, 0, 0, NULL, false, live, {{NULL}, 0}};
    control_server *ctl = NULL;
    if (live && live->control_port > 0) {
        control_config cc = {live->control_port, live->control_token, live->fetch.url,
                             live->push_cache, live->feed_opts, ask_screen, take_pushed, NULL};
        ctl = control_start(&cc, err);
        status_input st0 = o->status;
        st0.demo = o->demo;
        char note0[STATUS_LINE_MAX];
        problems_now(o->problems, false, NULL, NULL, &health.problems);
        set_note(&st0, &health.problems, note0, sizeof(note0));
        control_publish(ctl, status_document(a, o, &st0, &health, now0, real_seconds()));
    }
    if (open_display(o, &win, &r, err) != 0) {
        control_stop(ctl);
        agenda_free(a);
        return BOARD_STOPPED;
    }
    frame_ctx f;
    memset(&f, 0, sizeof(f));
    int fi = r ? frame_init(&f, a, o, r, err) : -1;
    if (fi != 0) {
        rc = fi == BOARD_NO_FONT ? BOARD_NO_FONT : BOARD_STOPPED;
        goto out;
    }
    atomic_store(&loop_up, true);
    SDL_ShowCursor(SDL_DISABLE);
    SDL_RendererInfo info;
    SDL_GetRendererInfo(r, &info);

    board_clock clk = {o->demo, o->speed > 0 ? o->speed : 60.0, 0, 0, SDL_GetPerformanceCounter(),
                       {0}};
    clock_init(&clk.real);
    if (o->demo) {
        clk.sim0 = board_demo_start(a, (int64_t)time(NULL));
        int64_t last = clk.sim0;
        for (size_t i = 0; i < a->n_sessions; i++)
            if (a->sessions[i].end > last)
                last = a->sessions[i].end;
        clk.sim_end = last + 3600; /* the "event is over" screen for an hour, then again */
    }
    log_once lg = {{0}, {0}, {0}};
    if (live && live->fetch.url) {
        worker = fetch_event != (Uint32)-1
                     ? fetch_worker_start(&live->fetch, &live->feed_opts, deliver, NULL)
                     : NULL;
        if (!worker)
            fprintf(err, "hallboard: cannot start fetching %s: showing what is here\n",
                    live->fetch.url);
    }
    bool dirty = true, first = true, running = true;
    bool dark = false;          /* off by the display schedule, black presented */
    double deadline = 0;        /* shown-clock instant of the next redraw */
    double card_deadline = 0;   /* real seconds (since start) of the next card */
    double stop_at = o->run_seconds > 0 ? o->run_seconds : INFINITY;
    double dog_at = 0;          /* real seconds of the next watchdog ping */
    int last_w = 0, last_h = 0; /* output size of the last frame */
    while (running) {
        bool from_server;
        double now = shown_now(&clk, &from_server), real = real_elapsed(&clk);
        if (from_server != f.status.clock_from_server) {
            f.status.clock_from_server = from_server;
            dirty = true;
        }
        if (now < deadline - 61.0)
            dirty = true; /* the replay started over, or the clock was set back */
        if (f.cards_shown > 1 && real >= card_deadline) {
            f.card = (f.card + 1) % f.cards_shown;
            dirty = true;
        }
        if (dirty || now >= deadline) {
            /* Outside the display schedule one black frame is presented, then none
             * until the screen is due on again (none to a powered-down connector). */
            bool on = screen_on(&f, (int64_t)floor(now)), was_dark = dark;
            if (on && dark) {
                switch_screen(win, true, err);
                dark = false;
            }
            if (on || !was_dark) {
                int ow = last_w, oh = last_h; /* kept when the size cannot be read */
                SDL_GetRendererOutputSize(r, &ow, &oh);
                if (!first && (ow != last_w || oh != last_h))
                    fprintf(err, "hallboard: the screen is now %dx%d: laid out again\n", ow,
                            oh);
                last_w = ow;
                last_h = oh;
                frame_present(&f, (int64_t)floor(now), ow, oh, err);
                SDL_RenderPresent(r);
                fonts_trim(f.fc);
                health.frames++;
                health.w = ow;
                health.h = oh;
            }
            if (!on && !dark) {
                switch_screen(win, false, err);
                dark = true;
            }
            /* /status follows every frame (before the log says so: tools wait on it). */
            health.dark = dark;
            health.renderer = info.name;
            health_problems(&health, &f);
            control_publish(ctl, ctl ? status_document(f.a, o, &f.status, &health,
                                                       (int64_t)floor(now), real_seconds())
                                     : NULL);
            if (first) {
                fprintf(err, "hallboard: first frame presented (%dx%d, %s renderer)\n", last_w,
                        last_h, info.name);
                fflush(err);
                notify_send("READY=1\nSTATUS=showing the board");
                first = false;
            }
            dirty = false;
            /* Next redraw: the next minute (clocks, minutes left) or the next
             * session boundary, whichever is first. */
            int64_t t = (int64_t)floor(now);
            int64_t next = (t / 60 + 1) * 60;
            int64_t change = sched_next_change(f.a, t, o->hall);
            if (change > t && change < next)
                next = change;
            deadline = (double)next;
            if (f.cards_shown > 1 && real >= card_deadline)
                card_deadline = real + BOARD_CARD_SECONDS;
        }
        double wait = clock_ms_until(&clk, now, deadline);
        if (f.cards_shown > 1) {
            double cw = (card_deadline - real) * 1000.0;
            if (cw < wait)
                wait = cw;
        }
        if (stop_at - real < wait / 1000.0)
            wait = (stop_at - real) * 1000.0;
        if (real >= stop_at)
            break;
        double dog = notify_watchdog_interval();
        if (dog > 0) {
            if (real >= dog_at) {
                notify_send("WATCHDOG=1"); /* from the loop itself: a hung loop stops it */
                dog_at = real + dog;
            }
            if ((dog_at - real) * 1000.0 < wait)
                wait = (dog_at - real) * 1000.0;
        }
        int ms = wait < 1 ? 1 : wait > 60000 ? 60000 : (int)ceil(wait);
        SDL_Event ev;
        if (!SDL_WaitEventTimeout(&ev, ms))
            continue;
        do {
            if (ev.type == fetch_event && fetch_event != (Uint32)-1) {
                fetch_result *res = ev.user.data1;
                dirty |= apply_fetch(&f, &a, res, &clk.real, &lg, err);
                fetch_result_clear(res);
                free(res);
                continue;
            }
            if (ev.type == screen_event && screen_event != (Uint32)-1) {
                answer_screen(&f, r, ctl, (unsigned)(uintptr_t)ev.user.data1,
                              (int64_t)floor(now), dark, err);
                health.frames += !dark;
                health_problems(&health, &f);
                control_publish(ctl, status_document(f.a, o, &f.status, &health,
                                                     (int64_t)floor(now), real_seconds()));
                continue;
            }
            if (ev.type == push_event && push_event != (Uint32)-1) {
                agenda_free(a);
                a = ev.user.data1;
                f.a = a;
                f.status.source = STATUS_PUSHED;
                status_set_agenda(&f.status, a);
                f.status.fetched_at = (int64_t)clock_now(&clk.real, NULL);
                f.status.not_saved = false;
                f.replaced = true;
                frame_note(&f);
                f.card = 0;
                char rev[LOGSAFE_LINE];
                fprintf(err, "hallboard: pushed feed: revision %s\n",
                        logsafe(a->revision ? a->revision : "-", rev, sizeof(rev)));
                dirty = true;
                continue;
            }
            switch (ev.type) {
            case SDL_QUIT:
                running = false;
                break;
            case SDL_KEYDOWN:
                if ((ev.key.keysym.sym == SDLK_ESCAPE || ev.key.keysym.sym == SDLK_q) &&
                    o->width > 0)
                    running = false;
                break;
            case SDL_WINDOWEVENT:
                if (ev.window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
                    ev.window.event == SDL_WINDOWEVENT_EXPOSED ||
                    ev.window.event == SDL_WINDOWEVENT_SHOWN)
                    dirty = true;
                break;
            case SDL_RENDER_TARGETS_RESET:
            case SDL_RENDER_DEVICE_RESET:
                draw_flush(f.d);
                if (f.target) {
                    SDL_DestroyTexture(f.target);
                    f.target = NULL;
                }
                dirty = true;
                break;
            default:
                break;
            }
        } while (SDL_PollEvent(&ev));
    }
    rc = 0;
out:
    atomic_store(&loop_up, false);
    control_release(ctl); /* a request waiting for the screen gives up */
    control_stop(ctl);
    fetch_worker_stop(worker);
    if (fetch_event != (Uint32)-1) { /* results still queued own agendas */
        SDL_Event ev;
        while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, fetch_event, fetch_event) == 1) {
            fetch_result_clear(ev.user.data1);
            free(ev.user.data1);
        }
        while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, push_event, push_event) == 1)
            agenda_free(ev.user.data1);
    }
    frame_fini(&f);
    agenda_free(a);
    if (r)
        SDL_DestroyRenderer(r);
    if (win)
        SDL_DestroyWindow(win);
    SDL_Quit();
    return rc;
}

/* ---- Headless frames ------------------------------------------------------ */

int board_render_png(const agenda *a, const board_options *o, int64_t at, const char *path,
                     FILE *err)
{
    int w = o->width, h = o->height;
    if (w <= 0 || h <= 0 || w > BOARD_MAX_SIDE || h > BOARD_MAX_SIDE) {
        fprintf(err, "hallboard: render: size %dx%d out of range (1..%d)\n", w, h,
                BOARD_MAX_SIDE);
        return 1;
    }
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!surf) {
        fprintf(err, "hallboard: render: %s\n", SDL_GetError());
        return 1;
    }
    int rc = 1;
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    frame_ctx f;
    memset(&f, 0, sizeof(f));
    if (!r) {
        fprintf(err, "hallboard: render: %s\n", SDL_GetError());
    } else if (frame_init(&f, a, o, r, err) == 0 && frame_present(&f, at, w, h, err) == 0) {
        SDL_RenderPresent(r);
        if (IMG_SavePNG(surf, path) == 0)
            rc = 0;
        else
            fprintf(err, "hallboard: render: cannot write %s: %s\n", path, IMG_GetError());
    }
    frame_fini(&f);
    if (r)
        SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    return rc;
}
