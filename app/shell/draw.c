/* draw.c - boxes to pixels (draw.h).
 *
 * Text boxes are rendered onto an opaque surface of the box's background colour, so
 * glyph edges blend against the colour they will sit on (blending runs onto a
 * transparent surface would darken the anti-aliased edges). Runs of one line share a
 * baseline: each is placed at line top + the line's largest ascent - its own ascent.
 */
#include "draw.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw_media.h"
#include "hash.h"
#include "textlay.h"

typedef struct {
    uint64_t hash;
    char *text;
    int w, h, max_px, min_px, max_lines;
    uint32_t color, bg;
    textlay_align align;
    layout_weight weight;
    char lang[16];
    SDL_Texture *tex; /* NULL when the text drew nothing (empty) */
    int tex_x, tex_w, tex_h; /* where the texture sits in the box, and its size */
    size_t missing;
    bool truncated;
    uint64_t used;    /* frame number of the last use */
} draw_entry;

struct draw_ctx {
    SDL_Renderer *r;
    fonts_chain *fc;
    draw_entry cache[DRAW_CACHE_MAX];
    size_t n;
    uint64_t frame;
    textlay_result *lay; /* scratch (large) */
    draw_stats stats;
    draw_media *media;   /* image and QR code boxes */
};

draw_ctx *draw_create(SDL_Renderer *r, fonts_chain *fc)
{
    draw_ctx *d = calloc(1, sizeof(*d));
    if (!d)
        return NULL;
    d->lay = malloc(sizeof(*d->lay));
    d->media = draw_media_create();
    if (!d->lay || !d->media) {
        free(d->lay);
        draw_media_destroy(d->media);
        free(d);
        return NULL;
    }
    d->r = r;
    d->fc = fc;
    return d;
}

static void entry_free(draw_entry *e)
{
    if (e->tex)
        SDL_DestroyTexture(e->tex);
    free(e->text);
    memset(e, 0, sizeof(*e));
}

void draw_flush(draw_ctx *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        entry_free(&d->cache[i]);
    d->n = 0;
    draw_media_flush(d->media);
}

void draw_destroy(draw_ctx *d)
{
    if (!d)
        return;
    draw_flush(d);
    draw_media_destroy(d->media);
    free(d->lay);
    free(d);
}

void draw_set_images(draw_ctx *d, images *im)
{
    draw_media_set_images(d->media, im);
}

draw_stats draw_last_stats(const draw_ctx *d)
{
    return d->stats;
}

static uint64_t box_hash(const layout_box *b)
{
    uint64_t h = hash_str(b->text);
    int nums[] = {b->w, b->h, b->max_px, b->min_px, b->max_lines, (int)b->align, (int)b->weight};
    h = hash_bytes(h, nums, sizeof(nums));
    h = hash_bytes(h, &b->color, sizeof(b->color));
    h = hash_bytes(h, &b->bg, sizeof(b->bg));
    if (b->lang)
        h = hash_bytes(h, b->lang, strlen(b->lang));
    return h;
}

static bool entry_matches(const draw_entry *e, uint64_t h, const layout_box *b)
{
    const char *lang = b->lang ? b->lang : "";
    return e->hash == h && e->w == b->w && e->h == b->h && e->max_px == b->max_px &&
           e->min_px == b->min_px && e->max_lines == b->max_lines && e->color == b->color &&
           e->bg == b->bg && e->align == b->align && e->weight == b->weight &&
           strncmp(e->lang, lang, sizeof(e->lang)) == 0 && strcmp(e->text, b->text) == 0;
}

static SDL_Color rgb(uint32_t c)
{
    SDL_Color k = {(Uint8)(c >> 16), (Uint8)(c >> 8), (Uint8)c, 255};
    return k;
}

/* A texture of the columns [lo, hi) (lo < hi) of the opaque surface surf (the ink of a
 * text box; *x set to lo), NULL on an SDL failure. The rest of
 * the box is plain background, which draw_frame fills: a short title in a wide box
 * costs its own width, not the box's, in texture memory (textures are heap memory
 * under the software renderer). */
static SDL_Texture *ink_texture(SDL_Renderer *r, SDL_Surface *surf, int lo, int hi, int *x)
{
    *x = lo;
    SDL_Texture *tex = SDL_CreateTexture(r, surf->format->format, SDL_TEXTUREACCESS_STATIC,
                                         hi - lo, surf->h);
    if (!tex)
        return NULL;
    const Uint8 *px = (const Uint8 *)surf->pixels + (size_t)lo * surf->format->BytesPerPixel;
    if (SDL_UpdateTexture(tex, NULL, px, surf->pitch) != 0) {
        SDL_DestroyTexture(tex);
        return NULL;
    }
    SDL_SetTextureBlendMode(tex, SDL_BLENDMODE_NONE); /* opaque: copied, not blended */
    return tex;
}

/* Lays out and renders box b into e->tex. Returns 0, or -1 on an SDL failure. */
static int render_text(draw_ctx *d, const layout_box *b, draw_entry *e)
{
    int weight = b->weight == LAYOUT_WEIGHT_BOLD ? FONTS_BOLD : FONTS_REGULAR;
    textlay_box tb = {b->w, b->h, b->max_px, b->min_px, b->max_lines, b->align, b->lang};
    textlay_result *lay = d->lay;
    if (textlay_layout(b->text, &tb, fonts_chain_textlay(d->fc, weight), lay) != 0)
        return -1;
    e->missing = lay->missing;
    e->truncated = lay->truncated;
    if (lay->n_lines == 0 || lay->height <= 0)
        return 0;
    int hh = lay->height < b->h ? lay->height : b->h;
    /* Pixels of our own, not cleared (SDL_CreateRGBSurface would): the fill covers them. */
    void *pixels = malloc((size_t)b->w * (size_t)hh * 4);
    SDL_Surface *surf = pixels ? SDL_CreateRGBSurfaceWithFormatFrom(pixels, b->w, hh, 32, b->w * 4,
                                                                    SDL_PIXELFORMAT_ARGB8888)
                               : NULL;
    if (!surf) {
        free(pixels);
        return -1;
    }
    SDL_Color bg = rgb(b->bg), fg = rgb(b->color);
    SDL_FillRect(surf, NULL, SDL_MapRGBA(surf->format, bg.r, bg.g, bg.b, 255));
    int rc = 0, ink_lo = b->w, ink_hi = 0; /* columns the runs drew on */
    for (size_t l = 0; l < lay->n_lines; l++) {
        const textlay_line *ln = &lay->lines[l];
        if (ln->y >= hh)
            break;
        int max_asc = 0;
        for (size_t k = ln->first_run; k < ln->first_run + ln->n_runs; k++) {
            int asc = fonts_ascent(d->fc, weight, lay->runs[k].font, lay->px);
            if (asc > max_asc)
                max_asc = asc;
        }
        for (size_t k = ln->first_run; k < ln->first_run + ln->n_runs; k++) {
            const textlay_run *run = &lay->runs[k];
            if (run->len == 0)
                continue;
            SDL_Surface *s = fonts_render_run(d->fc, weight, run->font, lay->px,
                                              lay->text + run->start, run->len, run->rtl,
                                              run->script, fg);
            if (!s) {
                /* Whitespace-only runs render nothing; anything else is a failure. */
                if (strspn(lay->text + run->start, " \t") < run->len)
                    rc = -1;
                continue;
            }
            SDL_SetSurfaceBlendMode(s, SDL_BLENDMODE_BLEND);
            int asc = fonts_ascent(d->fc, weight, run->font, lay->px);
            SDL_Rect dst = {run->x, ln->y + max_asc - asc, s->w, s->h};
            SDL_BlitSurface(s, NULL, surf, &dst); /* dst: clipped to what was drawn */
            if (dst.w > 0 && dst.x < ink_lo)
                ink_lo = dst.x;
            if (dst.w > 0 && dst.x + dst.w > ink_hi)
                ink_hi = dst.x + dst.w;
            SDL_FreeSurface(s);
        }
    }
    e->tex_h = surf->h;
    if (ink_hi <= ink_lo) { /* only spaces: the background alone */
        SDL_FreeSurface(surf);
        free(pixels);
        return rc;
    }
    e->tex = ink_texture(d->r, surf, ink_lo, ink_hi, &e->tex_x);
    e->tex_w = ink_hi - ink_lo;
    SDL_FreeSurface(surf);
    free(pixels);
    return e->tex ? rc : -1;
}

/* The cache entry for text box b: found, or rendered into a free (or the least
 * recently used) slot. NULL when out of memory. */
static draw_entry *lookup(draw_ctx *d, const layout_box *b, int *rc)
{
    uint64_t h = box_hash(b);
    for (size_t i = 0; i < d->n; i++)
        if (entry_matches(&d->cache[i], h, b))
            return &d->cache[i];
    char *text = strdup(b->text);
    if (!text)
        return NULL;
    draw_entry *e;
    if (d->n < DRAW_CACHE_MAX) {
        e = &d->cache[d->n++];
    } else {
        e = &d->cache[0];
        for (size_t i = 1; i < d->n; i++)
            if (d->cache[i].used < e->used)
                e = &d->cache[i];
        entry_free(e);
    }
    e->text = text;
    e->hash = h;
    e->w = b->w;
    e->h = b->h;
    e->max_px = b->max_px;
    e->min_px = b->min_px;
    e->max_lines = b->max_lines;
    e->color = b->color;
    e->bg = b->bg;
    e->align = b->align;
    e->weight = b->weight;
    snprintf(e->lang, sizeof(e->lang), "%s", b->lang ? b->lang : "");
    d->stats.renders++;
    if (render_text(d, b, e) != 0) {
        d->stats.failures++;
        *rc = -1;
    }
    return e;
}

/* Frees the entries no frame used lately (keeps the array dense). Rotating cards
 * come back within a few frames and find their textures; a clock's old minutes go. */
static void sweep(draw_ctx *d)
{
    size_t j = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (d->cache[i].used + DRAW_KEEP_FRAMES > d->frame)
            d->cache[j++] = d->cache[i];
        else
            entry_free(&d->cache[i]);
    }
    for (size_t i = j; i < d->n; i++)
        memset(&d->cache[i], 0, sizeof(d->cache[i]));
    d->n = j;
}

static void fill(SDL_Renderer *r, int x, int y, int w, int h, uint32_t c)
{
    if (w <= 0 || h <= 0)
        return;
    SDL_Color k = rgb(c);
    SDL_SetRenderDrawColor(r, k.r, k.g, k.b, 255);
    SDL_Rect rect = {x, y, w, h};
    SDL_RenderFillRect(r, &rect);
}

int draw_frame(draw_ctx *d, const layout_result *lr)
{
    int rc = 0;
    d->frame++;
    memset(&d->stats, 0, sizeof(d->stats));
    for (size_t i = 0; i < lr->n; i++) {
        const layout_box *b = &lr->boxes[i];
        switch (b->kind) {
        case LAYOUT_FILL:
            fill(d->r, b->x, b->y, b->w, b->h, b->color);
            break;
        case LAYOUT_PROGRESS: {
            double p = b->progress < 0 ? 0 : b->progress > 1 ? 1 : b->progress;
            int done = (int)(p * b->w + 0.5);
            fill(d->r, b->x, b->y, b->w, b->h, b->bg);
            fill(d->r, b->fill_from_right ? b->x + b->w - done : b->x, b->y, done, b->h, b->color);
            break;
        }
        case LAYOUT_TEXT: {
            if (b->w <= 0 || b->h <= 0 || !b->text[0])
                break;
            d->stats.texts++;
            draw_entry *e = lookup(d, b, &rc);
            if (!e) {
                d->stats.failures++;
                rc = -1;
                break;
            }
            e->used = d->frame;
            d->stats.missing += e->missing;
            d->stats.truncated += e->truncated;
            /* The lines' height of the box: background, the ink's texture, background. */
            SDL_Rect dst = {b->x + e->tex_x, b->y, e->tex_w, e->tex_h};
            fill(d->r, b->x, b->y, e->tex_x, e->tex_h, b->bg);
            if (e->tex)
                SDL_RenderCopy(d->r, e->tex, NULL, &dst);
            fill(d->r, dst.x + dst.w, b->y, b->w - e->tex_x - e->tex_w, e->tex_h, b->bg);
            break;
        }
        case LAYOUT_IMAGE:
        case LAYOUT_QR:
            if (draw_media_box(d->media, d->r, b, d->frame) != 0)
                rc = -1;
            break;
        }
    }
    sweep(d);
    d->stats.cached = d->n;
    return rc;
}
