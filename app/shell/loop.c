/* loop.c - the window loop behind board_run (board.h).
 *
 * One pass of the loop: read the clock once (one "now" per pass), note what changed,
 * draw and present when something did or a deadline passed, then sleep until the
 * nearest deadline (next minute or session boundary, next info card, watchdog ping,
 * run_seconds) or an event: a fetch result from the worker thread, a screen request
 * or a pushed agenda from the control endpoint, an SDL event.
 *
 * Layout of this file: the clock (real or simulated); the live feed's results; the
 * control endpoint's side; the loop's steps (start-up, one frame, the wait, the events
 * of one wake-up, shutdown); board_run. Opening the display is display.c's, the frame
 * board.c's (frame.h), the /status document health.c's.
 */
#include "loop_int.h"

#include "logsafe.h"

#include <malloc.h>
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "clock.h"
#include "control.h"
#include "display.h"
#include "fetch.h"
#include "fonts.h"
#include "frame.h"
#include "health.h"
#include "notify.h"
#include "sched.h"
#include "splash.h"

/* ---- Clock ---------------------------------------------------------------- */

double loop_real_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

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
        ev.type = loop_fetch_event;
        ev.user.data1 = copy;
        if (SDL_PushEvent(&ev) == 1)
            return;
        *res = *copy; /* not queued: the worker frees it */
        free(copy);
    }
}

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
static bool apply_fetch(frame_ctx *f, agenda **owned, liveops *ops, fetch_result *res,
                        hb_clock *clk, log_once *lg, FILE *err)
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
        liveops_forget(ops); /* what it made of the old agenda goes first */
        agenda_free(*owned);
        *owned = res->agenda;
        res->agenda = NULL;
        f->a = *owned; /* the overrides are applied again at once (live_update) */
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


/* ---- The loop's steps ------------------------------------------------------ */

/* The profile's drivers, unless SDL_VIDEODRIVER / SDL_RENDER_DRIVER say otherwise. */
static void set_video_hints(const board_options *o)
{
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
}

/* The splash (images/) with what the board waits for, presented at once. */
static void show_splash(loop_state *s, const char *waiting_for)
{
    int w = 0, h = 0;
    if (!s->r || SDL_GetRendererOutputSize(s->r, &w, &h) != 0 || w <= 0 || h <= 0)
        return;
    if (splash_draw(s->r, w, h, waiting_for) == 0)
        SDL_RenderPresent(s->r);
}

bool loop_splash(loop_state *s)
{
    if (s->splash_until <= 0 || real_elapsed(&s->clk) >= s->splash_until)
        return false;
    int w = 0, h = 0;
    if (!s->r || SDL_GetRendererOutputSize(s->r, &w, &h) != 0 || w <= 0 || h <= 0)
        return false;
    char line[SPLASH_LINE_MAX + 40], host[80] = "";
    const char *u = s->live->fetch.url, *p = strstr(u, "://");
    p = p ? p + 3 : u;
    size_t n = strcspn(p, "/:?#@");
    snprintf(host, sizeof(host), "%.*s", (int)(n < 79 ? n : 79), p);
    snprintf(line, sizeof(line), "waiting for the agenda from %s", host);
    return splash_draw(s->r, w, h, line) == 0;
}

/* With the display open: the frame, the clock (real or the demo's), the fetch worker.
 * Returns 0, or BOARD_NO_FONT / BOARD_STOPPED when there is nothing to draw with. */
static int start_loop(loop_state *s)
{
    const board_options *o = s->o;
    show_splash(s, "loading fonts");
    int fi = s->r ? frame_init(&s->f, s->a, o, s->r, s->err) : -1;
    if (fi != 0)
        return fi == BOARD_NO_FONT ? BOARD_NO_FONT : BOARD_STOPPED;
    live_images_start(s);
    live_accepting(true);
    SDL_ShowCursor(SDL_DISABLE);
    SDL_GetRendererInfo(s->r, &s->info);

    board_clock clk = {o->demo, o->speed > 0 ? o->speed : 60.0, 0, 0, SDL_GetPerformanceCounter(),
                       {0}};
    s->clk = clk;
    clock_init(&s->clk.real);
    if (o->demo) {
        s->clk.sim0 = board_demo_start(s->a, (int64_t)time(NULL));
        int64_t last = s->clk.sim0;
        for (size_t i = 0; i < s->a->n_sessions; i++)
            if (s->a->sessions[i].end > last)
                last = s->a->sessions[i].end;
        s->clk.sim_end = last + 3600; /* the "event is over" screen for an hour, then again */
    }
    const board_live *live = s->live;
    if (live && live->fetch.url) {
        s->worker = loop_fetch_event != (Uint32)-1
                        ? fetch_worker_start(&live->fetch, &live->feed_opts, deliver, NULL)
                        : NULL;
        if (!s->worker)
            fprintf(s->err, "hallboard: cannot start fetching %s: showing what is here\n",
                    live->fetch.url);
    }
    /* A board that starts on the built-in agenda while its own is being fetched shows
     * what it waits for, a few seconds at most. */
    s->splash_until = s->worker && s->f.status.source == STATUS_EMBEDDED
                          ? real_elapsed(&s->clk) + BOARD_SPLASH_FETCH_MAX
                          : 0;
    s->dirty = s->first = s->running = true;
    s->dark = false;
    s->deadline = s->card_deadline = s->page_deadline = s->dog_at = 0;
    s->stop_at = o->run_seconds > 0 ? o->run_seconds : INFINITY;
    s->last_w = s->last_h = 0;
    return 0;
}

/* The lobby's pages as the last layout counted them (1 for the other views). */
static size_t lobby_pages(const loop_state *s)
{
    return s->f.lr && s->f.lr->pages > 1 ? s->f.lr->pages : 1;
}

/* Seconds a lobby page stays. */
static double page_seconds(const loop_state *s)
{
    return s->o->lobby_page_seconds > 0 ? s->o->lobby_page_seconds : LAYOUT_LOBBY_PAGE_SECONDS;
}

/* What the pass's now says before drawing: the clock's source, a clock set back, the
 * next info card, the next lobby page. */
static void note_now(loop_state *s, double now, double real, bool from_server)
{
    if (from_server != s->f.status.clock_from_server) {
        s->f.status.clock_from_server = from_server;
        s->dirty = true;
    }
    if (now < s->deadline - 61.0)
        s->dirty = true; /* the replay started over, or the clock was set back */
    if (s->cards_shown > 1 && s->card_deadline > 0 && real >= s->card_deadline) {
        s->f.card = (s->f.card + 1) % s->cards_shown; /* the first card stays its time */
        s->dirty = true;
    }
    size_t pages = lobby_pages(s);
    if (pages > 1 && s->page_deadline > 0 && real >= s->page_deadline) {
        s->f.page = (s->f.page + 1) % pages; /* the lobby turns a page */
        s->dirty = true;
    }
}

/* Draws and presents the frame of t at the output's size (noting a new size). */
static void present_frame(loop_state *s, int64_t t)
{
    int ow = s->last_w, oh = s->last_h; /* kept when the size cannot be read */
    SDL_GetRendererOutputSize(s->r, &ow, &oh);
    if (!s->first && (ow != s->last_w || oh != s->last_h))
        fprintf(s->err, "hallboard: the screen is now %dx%d: laid out again\n", ow, oh);
    s->last_w = ow;
    s->last_h = oh;
    frame_present(&s->f, t, ow, oh, s->err);
    SDL_RenderPresent(s->r);
    fonts_trim(s->f.fc);
    s->health.frames++;
    s->health.w = ow;
    s->health.h = oh;
}

/* The pass's drawing, when something changed or a deadline passed: the frame (or the
 * display schedule's black one), /status, the first frame's news, the next deadlines. */
static void draw_step(loop_state *s, double now, double real)
{
    int64_t t = (int64_t)floor(now);
    if (loop_splash(s)) {
        SDL_RenderPresent(s->r);
        live_publish(s, t);
        s->dirty = false;
        s->deadline = now + (s->splash_until - real) * (s->clk.demo ? s->clk.speed : 1.0);
        return;
    }
    s->splash_until = 0;
    /* Outside the display schedule one black frame is presented, then none until the
     * screen is due on again (none to a powered-down connector). */
    bool on = frame_screen_on(&s->f, t), was_dark = s->dark;
    if (on && s->dark) {
        display_switch(s->win, true, s->err);
        s->dark = false;
    }
    if (on || !was_dark)
        present_frame(s, t);
    if (!on && !s->dark) {
        display_switch(s->win, false, s->err);
        s->dark = true;
    }
    /* /status follows every frame (before the log says so: tools wait on it). */
    s->health.dark = s->dark;
    s->health.renderer = s->info.name;
    live_publish(s, t);
    if (s->first) {
        fprintf(s->err, "hallboard: first frame presented (%dx%d, %s renderer)\n", s->last_w,
                s->last_h, s->info.name);
        fflush(s->err);
        notify_send("READY=1\nSTATUS=showing the board");
        s->first = false;
    }
    /* What drawing allocated and freed (text being shaped, surfaces made into
     * textures) goes back to the system instead of staying in the allocator's heap:
     * the board's footprint is what it holds, not the most it ever held. */
    malloc_trim(0);
    s->dirty = false;
    /* Next redraw: the next minute (clocks, minutes left) or the next session
     * boundary, whichever is first. */
    int64_t next = (t / 60 + 1) * 60;
    int64_t change = sched_next_change(s->f.a, t, s->o->hall);
    if (change > t && change < next)
        next = change;
    change = live_next_change(s, t); /* an override's expiry */
    if (change > t && change < next)
        next = change;
    s->deadline = (double)next;
    if (s->cards_shown > 1 && real >= s->card_deadline)
        s->card_deadline = real + BOARD_CARD_SECONDS;
    if (lobby_pages(s) > 1 && real >= s->page_deadline)
        s->page_deadline = real + page_seconds(s);
}

/* How long to sleep (*ms): until the nearest of the next redraw, the next card, the end
 * and the next watchdog ping (which it sends when due). Returns false when the end
 * (run_seconds) has come. */
static bool next_wait(loop_state *s, double now, double real, int *ms)
{
    double wait = clock_ms_until(&s->clk, now, s->deadline);
    if (s->cards_shown > 1) {
        double cw = (s->card_deadline - real) * 1000.0;
        if (cw < wait)
            wait = cw;
    }
    if (lobby_pages(s) > 1 && (s->page_deadline - real) * 1000.0 < wait)
        wait = (s->page_deadline - real) * 1000.0;
    if (s->stop_at - real < wait / 1000.0)
        wait = (s->stop_at - real) * 1000.0;
    if (real >= s->stop_at)
        return false;
    double dog = notify_watchdog_interval();
    if (dog > 0) {
        if (real >= s->dog_at) {
            notify_send("WATCHDOG=1"); /* from the loop itself: a hung loop stops it */
            s->dog_at = real + dog;
        }
        if ((s->dog_at - real) * 1000.0 < wait)
            wait = (s->dog_at - real) * 1000.0;
    }
    *ms = wait < 1 ? 1 : wait > 60000 ? 60000 : (int)ceil(wait);
    return true;
}

void loop_take_agenda(loop_state *s, agenda *pushed, const char *how)
{
    liveops_forget(s->ops);
    agenda_free(s->a);
    s->a = pushed;
    frame_ctx *f = &s->f;
    f->a = s->a; /* the overrides are applied again at once (live_update) */
    f->status.source = STATUS_PUSHED;
    status_set_agenda(&f->status, s->a);
    f->status.fetched_at = (int64_t)clock_now(&s->clk.real, NULL);
    f->status.not_saved = false;
    f->replaced = true;
    frame_note(f);
    f->card = 0;
    char rev[LOGSAFE_LINE];
    fprintf(s->err, "hallboard: pushed feed (%s): revision %s\n", how,
            logsafe(s->a->revision ? s->a->revision : "-", rev, sizeof(rev)));
    s->dirty = true;
}

/* SDL's own events: quit, Esc/q in a window, window and render-device changes. */
static void sdl_event(loop_state *s, const SDL_Event *ev)
{
    switch (ev->type) {
    case SDL_QUIT:
        s->running = false;
        break;
    case SDL_KEYDOWN:
        if ((ev->key.keysym.sym == SDLK_ESCAPE || ev->key.keysym.sym == SDLK_q) &&
            s->o->width > 0)
            s->running = false;
        break;
    case SDL_WINDOWEVENT:
        if (ev->window.event == SDL_WINDOWEVENT_SIZE_CHANGED ||
            ev->window.event == SDL_WINDOWEVENT_EXPOSED ||
            ev->window.event == SDL_WINDOWEVENT_SHOWN)
            s->dirty = true;
        break;
    case SDL_RENDER_TARGETS_RESET:
    case SDL_RENDER_DEVICE_RESET:
        draw_flush(s->f.d);
        if (s->images)
            images_drop_textures(s->images);
        if (s->f.target) {
            SDL_DestroyTexture(s->f.target);
            s->f.target = NULL;
        }
        s->dirty = true;
        break;
    default:
        break;
    }
}

/* One event of a wake-up, at the pass's now: a fetch result, one of the channels'
 * (screen request, pushed agenda, override document) or one of SDL's; then the
 * overrides are applied to what it changed. */
static void handle_event(loop_state *s, const SDL_Event *ev, double now)
{
    int64_t t = (int64_t)floor(now);
    if (ev->type == loop_fetch_event && loop_fetch_event != (Uint32)-1) {
        fetch_result *res = ev->user.data1;
        if (s->splash_until > 0) { /* the first fetch ended: the board, whatever it got */
            s->splash_until = 0;
            s->dirty = true;
        }
        s->dirty |= apply_fetch(&s->f, &s->a, s->ops, res, &s->clk.real, &s->lg, s->err);
        fetch_result_clear(res);
        free(res);
    } else if (!live_event(s, ev, t)) {
        sdl_event(s, ev);
    }
    live_update(s, t);
}

/* Stops the endpoint and the worker, drops what is still queued, frees the frame, the
 * agenda and the display. */
static void stop_loop(loop_state *s)
{
    live_accepting(false);
    fetch_worker_stop(s->worker);
    live_stop(s); /* the endpoint, the fleet, the overrides URL */
    if (loop_fetch_event != (Uint32)-1) { /* results still queued own agendas */
        SDL_Event ev;
        while (SDL_PeepEvents(&ev, 1, SDL_GETEVENT, loop_fetch_event, loop_fetch_event) == 1) {
            fetch_result_clear(ev.user.data1);
            free(ev.user.data1);
        }
    }
    images_destroy(s->images); /* its textures, before the renderer goes */
    s->images = s->health.images = NULL;
    frame_fini(&s->f);
    liveops_free(s->ops);
    s->ops = NULL;
    agenda_free(s->a);
    if (s->r)
        SDL_DestroyRenderer(s->r);
    if (s->win)
        SDL_DestroyWindow(s->win);
    SDL_Quit();
}

/* ---- board_run ------------------------------------------------------------- */

int board_run(agenda *a, const board_options *o, const board_live *live, FILE *err)
{
    notify_init(); /* before the fetch thread starts: it reads the environment */
    set_video_hints(o);
    loop_register_events();
    loop_state s;
    memset(&s, 0, sizeof(s));
    s.o = o;
    s.live = live;
    s.err = err;
    s.a = a;
    live_start(&s);
    if (display_open(o, &s.win, &s.r, err) != 0) {
        live_stop(&s);
        liveops_free(s.ops);
        agenda_free(s.a);
        return BOARD_STOPPED;
    }
    int rc = start_loop(&s);
    while (rc == 0 && s.running) {
        bool from_server; /* one now per pass */
        double now = shown_now(&s.clk, &from_server), real = real_elapsed(&s.clk);
        live_update(&s, (int64_t)floor(now)); /* the overrides, the cards: the state */
        note_now(&s, now, real, from_server);
        if (s.dirty || now >= s.deadline)
            draw_step(&s, now, real);
        int ms;
        if (!next_wait(&s, now, real, &ms))
            break;
        SDL_Event ev;
        if (!SDL_WaitEventTimeout(&ev, ms))
            continue;
        do
            handle_event(&s, &ev, now);
        while (SDL_PollEvent(&ev));
    }
    stop_loop(&s);
    return rc;
}
