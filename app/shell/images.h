/* images.h - the feed's images (the event's logo and background, the cards' images):
 * fetched, cached, decoded off the render thread, turned into textures on it (shell).
 *
 * A reference is what the feed gives (agenda.h): an http or https URL, a file:/// URL
 * or an absolute path. Each is loaded once by the module's worker thread: a URL with
 * fetch_get (the feed's transport rules) and kept in CACHE_DIR/images/ under the hash
 * of the URL, so that a board that cannot reach the server shows what it fetched
 * before (after a restart too); a path through rfile. At most IMAGES_MAX_BYTES are
 * read. Only PNG, JPEG and SVG are decoded (SDL2_image): a PNG's or a JPEG's size is
 * read from its header and refused past IMAGES_MAX_SIDE or IMAGES_MAX_PIXELS before
 * anything is decoded; an SVG is drawn to fit IMAGES_SVG_SIDE on its longer side. The
 * decoded image is an ARGB8888 surface until the render thread asks for it
 * (images_texture), which makes it a texture.
 *
 * An image that cannot be had is remembered with its reason (images_list, for /status)
 * and is never drawn; nothing about it reaches the rest of the board.
 *
 * Threads: images_request and images_info_of from any thread; everything that touches
 * textures (images_texture, images_want_agenda, images_drop_textures, images_destroy)
 * from the render thread.
 */
#ifndef HB_IMAGES_H
#define HB_IMAGES_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "agenda.h"

#define IMAGES_MAX_BYTES (4u * 1024u * 1024u) /* one image file, as fetched or read */
#define IMAGES_MAX_SIDE 8192                  /* pixels on either side of a PNG or JPEG */
#define IMAGES_MAX_PIXELS (16u * 1024u * 1024u) /* width x height (64 MB decoded) */
#define IMAGES_SVG_SIDE 1024                  /* an SVG's longer side when drawn */
#define IMAGES_MAX_ENTRIES 64                 /* images known at once */
#define IMAGES_REASON_MAX 256
#define IMAGES_REF_SHOWN 160                  /* bytes of a reference kept in a listing */

typedef struct images images;

typedef enum {
    IMAGES_UNKNOWN, /* never requested (or forgotten) */
    IMAGES_LOADING, /* queued, fetching or decoding */
    IMAGES_READY,   /* decoded: images_texture gives it */
    IMAGES_FAILED,  /* see reason */
} images_state;

typedef struct {
    const char *cache_dir;         /* the board's cache directory (images go in its images/
                                    * folder), or NULL: nothing cached */
    const char *ca_file;           /* as fetch_config.ca_file (may be NULL) */
    bool allow_insecure_redirect;  /* as fetch_config */
    /* An image was decoded or failed (on the worker thread; may be NULL): the board
     * draws again. */
    void (*on_settled)(void *ctx);
    void *ctx;
} images_config;

typedef struct {
    images_state state;
    int w, h;                      /* READY: the decoded size */
    bool from_cache;               /* READY: the fetch failed, the cached copy was used */
    unsigned long decoded_by;      /* READY: SDL_ThreadID() of the thread that decoded it */
    char reason[IMAGES_REASON_MAX]; /* FAILED: one line, why (also a READY from_cache's
                                    * failed fetch) */
    char ref[IMAGES_REF_SHOWN];    /* the reference, cut (images_list) */
} images_info;

/* Starts the module and its worker thread; cfg's strings are copied. NULL when out of
 * memory or the thread cannot start. Free with images_destroy. */
images *images_create(const images_config *cfg);

/* Stops the worker (waiting for the image in hand, at most a fetch's time limit) and
 * frees every surface and texture. Render thread. NULL is a no-op. */
void images_destroy(images *im);

/* Asks for ref to be loaded (nothing when it is known already). Any thread; never
 * waits. Returns 0, -EINVAL for a reference that is not a URL or a path (remembered as
 * failed), -ENOSPC when IMAGES_MAX_ENTRIES images are known. */
int images_request(images *im, const char *ref);

/* Requests the images agenda a names (logo, background, cards' images) and forgets,
 * with their textures, the images it no longer names. a NULL forgets all. Render
 * thread. */
void images_want_agenda(images *im, const agenda *a);

/* The texture of ref for renderer r (made from the decoded surface at the first call;
 * owned by the module: do not destroy it) and its size; NULL when ref is not READY or
 * the texture cannot be made. Never loads anything. Render thread. */
SDL_Texture *images_texture(images *im, SDL_Renderer *r, const char *ref, int *w, int *h);

/* Destroys every texture (the renderer lost them, or is going); the images are loaded
 * again from the cache or file. Render thread. */
void images_drop_textures(images *im);

/* What the module knows about ref (state UNKNOWN when nothing). Any thread. */
images_info images_info_of(images *im, const char *ref);

/* Waits up to timeout_s seconds until ref is no longer LOADING; returns its state.
 * Any thread (tests, a splash waiting for the logo). */
images_state images_wait(images *im, const char *ref, double timeout_s);

/* Copies the state of up to max known images into out (caller-owned); returns how
 * many are known. For /status: the failed ones with their reasons. Any thread. */
size_t images_list(images *im, images_info *out, size_t max);

#endif
