/* draw.h - turns the layout's boxes into pixels with SDL (shell side).
 *
 * Each text box is laid out (textlay) and rendered once into a texture, kept in a
 * cache keyed by everything that changes its pixels (text, weight, colours, box size,
 * size range, line budget, alignment, language). A frame reuses the textures of the
 * boxes that did not change; textures no box used in the last DRAW_KEEP_FRAMES
 * frames are freed, so the cache holds a few screens of text at most.
 */
#ifndef HB_DRAW_H
#define HB_DRAW_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "fonts.h"
#include "images.h"
#include "layout.h"

/* Frames a texture outlives its last use (enough for the info cards to come round). */
#define DRAW_KEEP_FRAMES 8
/* Most textures kept; past it the least recently used are freed. */
#define DRAW_CACHE_MAX 512

typedef struct draw_ctx draw_ctx;

typedef struct {
    size_t texts;        /* text boxes in the last frame */
    size_t renders;      /* of which rendered anew (cache misses) */
    size_t cached;       /* textures in the cache after the frame */
    size_t missing;      /* code points no font has, over the frame's text boxes */
    size_t truncated;    /* text boxes cut with an ellipsis */
    size_t failures;     /* text boxes that could not be rendered (SDL error) */
} draw_stats;

/* Creates a drawing context for renderer r with fonts fc (both borrowed: they must
 * outlive the context). Returns NULL when out of memory. */
draw_ctx *draw_create(SDL_Renderer *r, fonts_chain *fc);

/* Frees the cached textures and the context. NULL is a no-op. */
void draw_destroy(draw_ctx *d);

/* Draws every box of lr into the renderer's current target (the caller clears and
 * presents). Returns 0, or -1 if some box could not be drawn (the rest still is). */
int draw_frame(draw_ctx *d, const layout_result *lr);

/* Where the layout's image boxes (LAYOUT_IMAGE) find their images: im is borrowed
 * (it must outlive the context or be replaced); NULL: image boxes draw nothing. QR code
 * boxes need nothing (draw_media.h). */
void draw_set_images(draw_ctx *d, images *im);

/* Figures of the last draw_frame. */
draw_stats draw_last_stats(const draw_ctx *d);

/* Drops every cached texture (needed when the renderer's textures are lost). */
void draw_flush(draw_ctx *d);

#endif
