/* board.c - the board's frame and headless frames (board.h, frame.h).
 *
 * Layout of this file: the frame (state -> boxes -> pixels, shared by the window loop
 * in loop.c and the PNG path); rotation through a target texture; the PNG renderer.
 * The /status document is health.c's; the window loop is loop.c's.
 */
#include "board.h"

#include <stdlib.h>
#include <string.h>

#include <SDL.h>

#include "draw.h"
#include "fonts.h"
#include "frame.h"
#include "health.h"
#include "images.h"
#include "layout.h"
#include "pngout.h"
#include "sched.h"

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

void frame_problems(const frame_ctx *f, health_problem_list *pl)
{
    health_list_problems(f->o->problems, f->replaced, f->font_problem,
                         f->status.not_saved ? f->unsaved : NULL, pl);
}

void frame_note(frame_ctx *f)
{
    health_problem_list pl;
    health_list_problems(f->o->problems, f->replaced, f->font_problem, NULL, &pl);
    const char *lang = f->o->lang ? f->o->lang
                       : f->a && f->a->n_languages ? f->a->languages[0]
                                                   : NULL;
    health_join_note(&f->status, &pl, lang, f->note, sizeof(f->note));
}

int frame_init(frame_ctx *f, const agenda *a, const board_options *o, SDL_Renderer *r,
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
    f->page = o->page;
    if (ferr[0]) {
        fprintf(err, "hallboard: %s\n", ferr);
        snprintf(f->font_problem, sizeof(f->font_problem), "%.300s", ferr);
    }
    frame_note(f);
    f->d = draw_create(r, f->fc);
    f->lr = calloc(1, sizeof(*f->lr)); /* pages 0 until laid out */
    if (!f->d || !f->lr) {
        fprintf(err, "hallboard: out of memory\n");
        return -1;
    }
    return 0;
}

void frame_fini(frame_ctx *f)
{
    if (f->target)
        SDL_DestroyTexture(f->target);
    draw_destroy(f->d);
    fonts_chain_destroy(f->fc);
    free(f->lr);
    memset(f, 0, sizeof(*f));
}

bool frame_screen_on(const frame_ctx *f, int64_t t)
{
    if (f->o->display_on < 0 || f->o->display_off < 0 || !f->a->n_zones)
        return true;
    tz_local l;
    tz_to_local(f->a->zones[0].tz, t, &l);
    return status_display_on(f->o->display_on, f->o->display_off, l.hour * 60 + l.minute);
}

/* The footer's status icon: offline while the feed cannot be fetched, a warning for any
 * other problem the footer reports, live while the feed arrives; none for a built-in or
 * file agenda without problems. */
static const char *footer_icon(const status_input *st, bool warning)
{
    if (st->fetch == STATUS_FETCH_FAIL)
        return "offline";
    if (warning)
        return "warning";
    return st->source == STATUS_NETWORK && st->fetch == STATUS_FETCH_OK ? "live" : NULL;
}

/* Draws the state at t into the current target, sized dw x dh. Returns 0 or -1. */
static int frame_draw(frame_ctx *f, int64_t t, int dw, int dh, FILE *err)
{
    if (!frame_screen_on(f, t)) { /* outside the display schedule: black */
        SDL_SetRenderDrawColor(f->r, 0, 0, 0, 255);
        SDL_RenderClear(f->r);
        return 0;
    }
    sched_state s;
    if (sched_query(f->a, t, f->o->hall, &s) != 0) {
        fprintf(err, "hallboard: out of memory\n");
        return -1;
    }
    const char *lang = f->o->lang ? f->o->lang
                       : f->a->n_languages ? f->a->languages[0]
                                           : "en";
    char footer[STATUS_LINE_MAX];
    bool warning = true;
    status_footer(&f->status, lang, t, f->a->n_zones ? f->a->zones[0].tz : NULL, footer,
                  sizeof(footer), &warning);
    layout_input in = {dw, dh, lang, f->o->lang2, footer, warning, f->o->hall, f->card,
                       fonts_chain_textlay(f->fc, FONTS_REGULAR),
                       fonts_chain_textlay(f->fc, FONTS_BOLD), (layout_view)f->o->view,
                       f->page, f->o->lobby_halls, f->o->lobby_hide_idle,
                       footer_icon(&f->status, warning)};
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

/* Directly when not turned, else into a target texture copied turned onto the display. */
int frame_present(frame_ctx *f, int64_t t, int ow, int oh, FILE *err)
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

/* ---- Headless frames ------------------------------------------------------ */

/* An images module for one headless frame with every image agenda a names loaded (or
 * failed) within BOARD_RENDER_IMAGES_S in all; NULL when it cannot start (the frame is
 * then drawn without images). */
#define BOARD_RENDER_IMAGES_S 5.0
static images *render_images(const agenda *a)
{
    images_config cfg = {0};
    images *im = images_create(&cfg);
    if (!im)
        return NULL;
    images_want_agenda(im, a);
    Uint64 end = SDL_GetTicks64() + (Uint64)(BOARD_RENDER_IMAGES_S * 1000);
    const char *refs[2] = {a->logo, a->background};
    for (size_t i = 0; i < 2 + a->n_cards; i++) {
        const char *ref = i < 2 ? refs[i] : a->cards[i - 2].image;
        Uint64 now = SDL_GetTicks64();
        if (ref && now < end)
            images_wait(im, ref, (double)(end - now) / 1000.0);
    }
    return im;
}

int board_render_png(const agenda *a, const board_options *o, int64_t at, const char *path,
                     FILE *err)
{
    int w = o->width, h = o->height;
    if (w <= 0 || h <= 0 || w > BOARD_MAX_SIDE || h > BOARD_MAX_SIDE) {
        fprintf(err, "hallboard: render: size %dx%d out of range (1..%d)\n", w, h,
                BOARD_MAX_SIDE);
        return 1;
    }
    /* Not cleared (SDL_CreateRGBSurface would write all of it): every frame covers every
     * pixel, with the layout's background or a clear. */
    void *pixels = malloc((size_t)w * (size_t)h * 4);
    SDL_Surface *surf = pixels ? SDL_CreateRGBSurfaceWithFormatFrom(pixels, w, h, 32, w * 4,
                                                                    SDL_PIXELFORMAT_ARGB8888)
                               : NULL;
    if (!surf) {
        fprintf(err, "hallboard: render: %s\n", pixels ? SDL_GetError() : "out of memory");
        free(pixels);
        return 1;
    }
    int rc = 1;
    SDL_Renderer *r = SDL_CreateSoftwareRenderer(surf);
    frame_ctx f;
    memset(&f, 0, sizeof(f));
    images *im = NULL;
    if (!r) {
        fprintf(err, "hallboard: render: %s\n", SDL_GetError());
    } else if (frame_init(&f, a, o, r, err) == 0) {
        im = render_images(a);
        draw_set_images(f.d, im);
        if (frame_present(&f, at, w, h, err) == 0) {
            SDL_RenderPresent(r);
            char why[512];
            if (pngout_write_file(path, surf->pixels, w, h, surf->pitch, why, sizeof(why)) == 0)
                rc = 0;
            else
                fprintf(err, "hallboard: render: %s\n", why);
        }
    }
    frame_fini(&f);
    images_destroy(im); /* its textures, before the renderer goes */
    if (r)
        SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    free(pixels);
    return rc;
}
