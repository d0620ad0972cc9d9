/* draw_media.c - image and QR code boxes (draw_media.h). */
#include "draw_media.h"

#include <stdlib.h>
#include <string.h>

#include "qr.h"
#include "splash.h"

_Static_assert(AGENDA_MAX_URL_BYTES < LAYOUT_TEXT_MAX,
               "a feed's link fits a layout box's text whole");

typedef struct {
    char *text;
    SDL_Texture *tex;   /* (size + 2 * QR_QUIET) px square, one pixel per module */
    int side;           /* modules on a side, quiet zone included */
    uint64_t used;
} qr_entry;

struct draw_media {
    images *im;
    qr_entry qr[DRAW_MEDIA_QR_CACHE];
    qr_code code;       /* scratch (31 KB) */
};

draw_media *draw_media_create(void)
{
    return calloc(1, sizeof(draw_media));
}

static void qr_entry_free(qr_entry *e)
{
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    free(e->text);
    memset(e, 0, sizeof(*e));
}

void draw_media_flush(draw_media *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < DRAW_MEDIA_QR_CACHE; i++)
        qr_entry_free(&m->qr[i]);
}

void draw_media_destroy(draw_media *m)
{
    draw_media_flush(m);
    free(m);
}

void draw_media_set_images(draw_media *m, images *im)
{
    m->im = im;
}

static int draw_image(draw_media *m, SDL_Renderer *r, const layout_box *b)
{
    size_t pl = strlen(LAYOUT_ICON_PREFIX);
    if (strncmp(b->text, LAYOUT_ICON_PREFIX, pl) == 0) { /* the board's own icons */
        static const struct {
            const char *name;
            splash_icon k;
        } icons[] = {{"live", SPLASH_ICON_LIVE},
                     {"offline", SPLASH_ICON_OFFLINE},
                     {"warning", SPLASH_ICON_WARNING}};
        SDL_Rect dst = {b->x, b->y, b->w, b->h};
        for (size_t i = 0; i < sizeof(icons) / sizeof(icons[0]); i++)
            if (strcmp(b->text + pl, icons[i].name) == 0)
                return splash_draw_icon(r, icons[i].k, &dst);
        return 0;
    }
    int iw, ih;
    SDL_Texture *t = m->im ? images_texture(m->im, r, b->text, &iw, &ih) : NULL;
    if (!t || iw <= 0 || ih <= 0)
        return 0;
    /* Aspect kept, comparing w/iw with h/ih exactly: letterboxed, the largest size that
     * fits the box; covering (b->cover), the centre of the image cut to the box's shape. */
    bool wider = (int64_t)b->w * ih > (int64_t)b->h * iw; /* the box, than the image */
    SDL_Rect src = {0, 0, iw, ih}, dst = {b->x, b->y, b->w, b->h};
    if (b->cover && wider)
        src.h = (int)((int64_t)b->h * iw / b->w), src.y = (ih - src.h) / 2;
    else if (b->cover)
        src.w = (int)((int64_t)b->w * ih / b->h), src.x = (iw - src.w) / 2;
    else if (wider)
        dst.w = (int)((int64_t)b->h * iw / ih), dst.x += (b->w - dst.w) / 2;
    else
        dst.h = (int)((int64_t)b->w * ih / iw), dst.y += (b->h - dst.h) / 2;
    if (src.w <= 0 || src.h <= 0)
        return 0;
    return SDL_RenderCopy(r, t, &src, &dst) == 0 ? 0 : -1;
}

/* The texture of text's code, from the cache or made now (in the least recently used
 * slot); NULL when it does not encode or SDL fails. */
static qr_entry *qr_lookup(draw_media *m, SDL_Renderer *r, const char *text)
{
    if (strlen(text) > QR_MAX_TEXT)
        return NULL; /* never encodes: keep the cache as it is */
    qr_entry *e = &m->qr[0];
    for (size_t i = 0; i < DRAW_MEDIA_QR_CACHE; i++) {
        if (m->qr[i].text && strcmp(m->qr[i].text, text) == 0)
            return &m->qr[i];
        if (m->qr[i].used < e->used)
            e = &m->qr[i];
    }
    qr_entry_free(e);
    if (qr_encode(text, &m->code) != 0)
        return NULL;
    int side = m->code.size + 2 * QR_QUIET;
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, side, side, 32, SDL_PIXELFORMAT_ARGB8888);
    if (!s)
        return NULL;
    for (int y = 0; y < side; y++) {
        Uint32 *row = (Uint32 *)((Uint8 *)s->pixels + y * s->pitch);
        for (int x = 0; x < side; x++)
            row[x] = qr_dark(&m->code, x - QR_QUIET, y - QR_QUIET) ? 0xFF000000u : 0xFFFFFFFFu;
    }
    e->tex = SDL_CreateTextureFromSurface(r, s);
    SDL_FreeSurface(s);
    e->text = e->tex ? strdup(text) : NULL;
    if (!e->text) {
        qr_entry_free(e);
        return NULL;
    }
    SDL_SetTextureBlendMode(e->tex, SDL_BLENDMODE_NONE);
    SDL_SetTextureScaleMode(e->tex, SDL_ScaleModeNearest);
    e->side = side;
    return e;
}

static int draw_qr(draw_media *m, SDL_Renderer *r, const layout_box *b, uint64_t frame)
{
    if (!b->text[0] || b->w <= 0 || b->h <= 0)
        return 0;
    qr_entry *e = qr_lookup(m, r, b->text);
    if (!e)
        return 0;
    e->used = frame;
    int px = qr_module_px(b->w, b->h, e->side - 2 * QR_QUIET);
    if (px < 1)
        return 0;
    int side = e->side * px;
    SDL_Rect dst = {b->x + (b->w - side) / 2, b->y + (b->h - side) / 2, side, side};
    return SDL_RenderCopy(r, e->tex, NULL, &dst) == 0 ? 0 : -1;
}

int draw_media_box(draw_media *m, SDL_Renderer *r, const layout_box *b, uint64_t frame)
{
    if (b->kind == LAYOUT_IMAGE)
        return draw_image(m, r, b);
    if (b->kind == LAYOUT_QR)
        return draw_qr(m, r, b, frame);
    return 0;
}
