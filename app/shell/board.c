/* board.c - the render loop and headless frames (board.h).
 *
 * Layout of this file: the frame (state -> boxes -> pixels, shared by the window and
 * the PNG path); rotation through a target texture; the clock (real or simulated);
 * deadlines; the window loop; the PNG renderer.
 */
#include "board.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>
#include <SDL_image.h>

#include "draw.h"
#include "fonts.h"
#include "layout.h"
#include "sched.h"

/* Everything one drawing needs, kept across frames. */
struct board_frame {
    const agenda *a;
    const board_options *o;
    SDL_Renderer *r;
    fonts_chain *fc;
    draw_ctx *d;
    layout_result *lr;     /* large: heap */
    char footer[512];
    bool footer_warning;
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

/* Opens the fonts and the drawing context; the footer says what went wrong with the
 * fonts, if anything. Returns 0, or -1 after writing why to err. */
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
        return -1;
    }
    snprintf(f->footer, sizeof(f->footer), "%s", o->source_line ? o->source_line : "");
    f->footer_warning = o->source_warning;
    if (ferr[0]) {
        fprintf(err, "hallboard: %s\n", ferr);
        snprintf(f->footer, sizeof(f->footer), "%.300s", ferr);
        f->footer_warning = true;
    }
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

/* Draws the state at t into the current target, sized dw x dh. Returns 0 or -1. */
static int frame_draw(frame_ctx *f, int64_t t, int dw, int dh, FILE *err)
{
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
    layout_input in = {dw, dh, lang, f->o->lang2, f->footer, f->footer_warning, f->o->hall,
                       f->card};
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
    if (rot == 0)
        return frame_draw(f, t, dw, dh, err);
    if (!f->target || f->target_w != dw || f->target_h != dh) {
        if (f->target)
            SDL_DestroyTexture(f->target);
        f->target = SDL_CreateTexture(f->r, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                      dw, dh);
        if (!f->target) {
            fprintf(err, "hallboard: no %dx%d target texture for rotation: %s\n", dw, dh,
                    SDL_GetError());
            return -1;
        }
        f->target_w = dw;
        f->target_h = dh;
    }
    SDL_SetRenderTarget(f->r, f->target);
    int rc = frame_draw(f, t, dw, dh, err);
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

typedef struct {
    bool demo;
    double speed;
    int64_t sim0;        /* demo: simulated instant at start */
    int64_t sim_end;     /* demo: where the replay starts over */
    Uint64 t0;           /* performance counter at start */
} board_clock;

static double real_elapsed(const board_clock *c)
{
    return (double)(SDL_GetPerformanceCounter() - c->t0) / (double)SDL_GetPerformanceFrequency();
}

/* The instant shown now, in unix seconds (fraction kept for deadline maths). */
static double clock_now(board_clock *c)
{
    if (!c->demo) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
    }
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

/* ---- The window loop ------------------------------------------------------ */

static SDL_Window *open_window(const board_options *o, FILE *err)
{
    Uint32 flags = SDL_WINDOW_SHOWN;
    int w = o->width, h = o->height;
    if (w <= 0 || h <= 0) {
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
        w = h = 0;
    }
    SDL_Window *win = SDL_CreateWindow("Hallboard", SDL_WINDOWPOS_CENTERED,
                                       SDL_WINDOWPOS_CENTERED, w ? w : 1280, h ? h : 720, flags);
    if (!win)
        fprintf(err, "hallboard: no display: %s\n", SDL_GetError());
    return win;
}

static SDL_Renderer *open_renderer(SDL_Window *win, FILE *err)
{
    SDL_Renderer *r = SDL_CreateRenderer(win, -1, SDL_RENDERER_ACCELERATED |
                                                      SDL_RENDERER_TARGETTEXTURE);
    if (!r)
        r = SDL_CreateRenderer(win, -1, SDL_RENDERER_SOFTWARE);
    if (!r)
        fprintf(err, "hallboard: no renderer: %s\n", SDL_GetError());
    return r;
}

int board_run(const agenda *a, const board_options *o, FILE *err)
{
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    /* With the software renderer asked for, present through the window system's own
     * framebuffer (XShm, KMS dumb buffers) rather than through a GL texture: loading a
     * GL driver for that alone costs tens of MB and hundreds of ms at start. */
    const char *drv = SDL_GetHint(SDL_HINT_RENDER_DRIVER);
    if (drv && strcmp(drv, "software") == 0)
        SDL_SetHintWithPriority(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0", SDL_HINT_DEFAULT);
    if (SDL_Init(SDL_INIT_VIDEO) != 0) {
        fprintf(err, "hallboard: cannot start video: %s\n", SDL_GetError());
        return 1;
    }
    int rc = 1;
    SDL_Window *win = open_window(o, err);
    SDL_Renderer *r = win ? open_renderer(win, err) : NULL;
    frame_ctx f;
    memset(&f, 0, sizeof(f));
    if (!r || frame_init(&f, a, o, r, err) != 0)
        goto out;
    SDL_ShowCursor(SDL_DISABLE);
    SDL_RendererInfo info;
    SDL_GetRendererInfo(r, &info);

    board_clock clk = {o->demo, o->speed > 0 ? o->speed : 60.0, 0, 0, SDL_GetPerformanceCounter()};
    if (o->demo) {
        clk.sim0 = board_demo_start(a, (int64_t)time(NULL));
        int64_t last = clk.sim0;
        for (size_t i = 0; i < a->n_sessions; i++)
            if (a->sessions[i].end > last)
                last = a->sessions[i].end;
        clk.sim_end = last + 3600; /* the "event is over" screen for an hour, then again */
    }
    bool dirty = true, first = true, running = true;
    double deadline = 0;        /* shown-clock instant of the next redraw */
    double card_deadline = 0;   /* real seconds (since start) of the next card */
    double stop_at = o->run_seconds > 0 ? o->run_seconds : INFINITY;
    while (running) {
        double now = clock_now(&clk), real = real_elapsed(&clk);
        if (o->demo && now < deadline - 61.0)
            dirty = true; /* the replay started over */
        if (f.cards_shown > 1 && real >= card_deadline) {
            f.card = (f.card + 1) % f.cards_shown;
            dirty = true;
        }
        if (dirty || now >= deadline) {
            int ow, oh;
            SDL_GetRendererOutputSize(r, &ow, &oh);
            frame_present(&f, (int64_t)floor(now), ow, oh, err);
            SDL_RenderPresent(r);
            if (first) {
                fprintf(err, "hallboard: first frame presented (%dx%d, %s renderer)\n", ow, oh,
                        info.name);
                fflush(err);
                first = false;
            }
            dirty = false;
            /* Next redraw: the next minute (clocks, minutes left) or the next
             * session boundary, whichever is first. */
            int64_t t = (int64_t)floor(now);
            int64_t next = (t / 60 + 1) * 60;
            int64_t change = sched_next_change(a, t, o->hall);
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
        int ms = wait < 1 ? 1 : wait > 60000 ? 60000 : (int)ceil(wait);
        SDL_Event ev;
        if (!SDL_WaitEventTimeout(&ev, ms))
            continue;
        do {
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
    frame_fini(&f);
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
