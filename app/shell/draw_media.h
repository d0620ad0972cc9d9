/* draw_media.h - the layout's image and QR code boxes as pixels (shell side), for
 * draw.c.
 *
 * LAYOUT_IMAGE: the decoded image of the box's reference (images.h), scaled to fit the
 * box with its aspect kept and centred (letterboxed: the rest of the box is left as
 * it is); nothing while the image is not ready, when it failed, or with no images
 * module. LAYOUT_QR: the box's text as a QR code (qr.h), black modules on white with
 * a white quiet zone of QR_QUIET modules, at the largest integer module size that
 * fits the box, centred; nothing when not even 1 px per module fits or the text does
 * not encode. A code is encoded once into a one-pixel-per-module texture, kept while
 * frames use it, and scaled up without smoothing.
 */
#ifndef HB_DRAW_MEDIA_H
#define HB_DRAW_MEDIA_H

#include <SDL.h>

#include "images.h"
#include "layout.h"

#define DRAW_MEDIA_QR_CACHE 8 /* QR code textures kept */

typedef struct draw_media draw_media;

/* A new context (the caller frees it with draw_media_destroy); NULL when out of
 * memory. */
draw_media *draw_media_create(void);

/* Frees the QR textures and the context. NULL is a no-op. */
void draw_media_destroy(draw_media *m);

/* Drops the QR textures (the renderer lost them). */
void draw_media_flush(draw_media *m);

/* Where LAYOUT_IMAGE boxes find their images (borrowed; NULL: none are drawn). */
void draw_media_set_images(draw_media *m, images *im);

/* Draws box b (LAYOUT_IMAGE or LAYOUT_QR) into r's current target at frame `frame`.
 * Returns 0, or -1 when an SDL call failed (nothing drawn for an image not ready). */
int draw_media_box(draw_media *m, SDL_Renderer *r, const layout_box *b, uint64_t frame);

#endif
