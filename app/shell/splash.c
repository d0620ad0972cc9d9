/* splash.c - the splash and the status icons (splash.h).
 *
 * Layout: the embedded SVGs and drawing one fitted into a rectangle; the pixel font
 * (5 x 7 dots per character, one byte per row, the high bit of the five on the left)
 * and the waiting line; the splash.
 */
#include "splash.h"

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <SDL_image.h>

/* Generated from the SVG files of images/ at build time (cmake/embed.cmake). */
extern const unsigned char hb_image_splash[], hb_image_offline[], hb_image_warning[],
    hb_image_live[];
extern const size_t hb_image_splash_len, hb_image_offline_len, hb_image_warning_len,
    hb_image_live_len;

/* Rasterizes the SVG of n bytes at svg to fit dst and copies it there, centred. */
static int draw_svg(SDL_Renderer *r, const unsigned char *svg, size_t n, const SDL_Rect *dst)
{
    if (dst->w <= 0 || dst->h <= 0)
        return 0;
    SDL_RWops *rw = SDL_RWFromConstMem(svg, (int)n);
    SDL_Surface *s = rw ? IMG_LoadSizedSVG_RW(rw, dst->w, dst->h) : NULL;
    if (rw)
        SDL_RWclose(rw);
    if (!s)
        return -1;
    SDL_Texture *t = SDL_CreateTextureFromSurface(r, s);
    int rc = -1;
    if (t) {
        SDL_SetTextureBlendMode(t, SDL_BLENDMODE_BLEND);
        SDL_Rect at = {dst->x + (dst->w - s->w) / 2, dst->y + (dst->h - s->h) / 2, s->w, s->h};
        rc = SDL_RenderCopy(r, t, NULL, &at) == 0 ? 0 : -1;
        SDL_DestroyTexture(t);
    }
    SDL_FreeSurface(s);
    return rc;
}

int splash_draw_icon(SDL_Renderer *r, splash_icon k, const SDL_Rect *dst)
{
    switch (k) {
    case SPLASH_ICON_OFFLINE:
        return draw_svg(r, hb_image_offline, hb_image_offline_len, dst);
    case SPLASH_ICON_WARNING:
        return draw_svg(r, hb_image_warning, hb_image_warning_len, dst);
    case SPLASH_ICON_LIVE:
        return draw_svg(r, hb_image_live, hb_image_live_len, dst);
    }
    return -1;
}

/* ---- The pixel font ------------------------------------------------------------------ */

#define GLYPH_W 5
#define GLYPH_H 7
#define ADVANCE 6 /* dots from one character to the next */

static const struct {
    char c;
    unsigned char rows[GLYPH_H];
} glyphs[] = {
    {'A', {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}}, {'B', {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E}},
    {'C', {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}}, {'D', {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E}},
    {'E', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}}, {'F', {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10}},
    {'G', {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}}, {'H', {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}},
    {'I', {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}}, {'J', {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C}},
    {'K', {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}}, {'L', {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F}},
    {'M', {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}}, {'N', {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11}},
    {'O', {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'P', {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10}},
    {'Q', {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}}, {'R', {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11}},
    {'S', {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}}, {'T', {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04}},
    {'U', {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}}, {'V', {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04}},
    {'W', {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}}, {'X', {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11}},
    {'Y', {0x11, 0x11, 0x11, 0x0A, 0x04, 0x04, 0x04}}, {'Z', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F}},
    {'0', {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}}, {'1', {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E}},
    {'2', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}}, {'3', {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E}},
    {'4', {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}}, {'5', {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E}},
    {'6', {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}}, {'7', {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08}},
    {'8', {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}}, {'9', {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C}},
    {'.', {0x00, 0x00, 0x00, 0x00, 0x00, 0x0C, 0x0C}}, {',', {0x00, 0x00, 0x00, 0x00, 0x0C, 0x04, 0x08}},
    {':', {0x00, 0x0C, 0x0C, 0x00, 0x0C, 0x0C, 0x00}}, {'-', {0x00, 0x00, 0x00, 0x1F, 0x00, 0x00, 0x00}},
    {'/', {0x00, 0x01, 0x02, 0x04, 0x08, 0x10, 0x00}}, {'(', {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}},
    {')', {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08}}, {'?', {0x0E, 0x11, 0x01, 0x02, 0x04, 0x00, 0x04}},
    {'!', {0x04, 0x04, 0x04, 0x04, 0x04, 0x00, 0x04}}, {'\'', {0x04, 0x04, 0x08, 0x00, 0x00, 0x00, 0x00}},
    {'_', {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1F}}, {'=', {0x00, 0x00, 0x1F, 0x00, 0x1F, 0x00, 0x00}},
    {'+', {0x00, 0x04, 0x04, 0x1F, 0x04, 0x04, 0x00}}, {'%', {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03}},
    {' ', {0, 0, 0, 0, 0, 0, 0}},
};

/* The rows of character c ('?' for any the font lacks). */
static const unsigned char *glyph(char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    for (size_t i = 0; i < sizeof(glyphs) / sizeof(glyphs[0]); i++)
        if (glyphs[i].c == c)
            return glyphs[i].rows;
    return glyph('?');
}

/* The line as the font shows it: one character per code point (a UTF-8 sequence
 * becomes one '?'), at most SPLASH_LINE_MAX, cut with "...". Returns its length. */
static size_t line_chars(const char *s, char *out)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) == 0x80)
            continue; /* a continuation byte: its character is counted already */
        if (n == SPLASH_LINE_MAX) {
            memcpy(out + SPLASH_LINE_MAX - 3, "...", 3);
            break;
        }
        out[n++] = *p >= 0x20 && *p < 0x7F ? (char)*p : '?';
    }
    out[n] = '\0';
    return n;
}

/* Draws line s centred on (cx, top) with dots of `dot` px. */
static int draw_line(SDL_Renderer *r, const char *s, size_t n, int cx, int top, int dot)
{
    int x0 = cx - (int)n * ADVANCE * dot / 2;
    SDL_SetRenderDrawColor(r, (SPLASH_TEXT >> 16) & 0xFF, (SPLASH_TEXT >> 8) & 0xFF,
                           SPLASH_TEXT & 0xFF, 255);
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        const unsigned char *g = glyph(s[i]);
        for (int y = 0; y < GLYPH_H; y++)
            for (int x = 0; x < GLYPH_W; x++) {
                if (!(g[y] & (0x10 >> x)))
                    continue;
                SDL_Rect d = {x0 + ((int)i * ADVANCE + x) * dot, top + y * dot, dot, dot};
                rc |= SDL_RenderFillRect(r, &d);
            }
    }
    return rc == 0 ? 0 : -1;
}

/* ---- The splash ------------------------------------------------------------------- */

int splash_draw(SDL_Renderer *r, int w, int h, const char *waiting_for)
{
    SDL_SetRenderDrawColor(r, (SPLASH_BG >> 16) & 0xFF, (SPLASH_BG >> 8) & 0xFF, SPLASH_BG & 0xFF,
                           255);
    SDL_Rect all = {0, 0, w, h};
    int rc = SDL_RenderFillRect(r, &all) == 0 ? 0 : -1;
    SDL_Rect art = {w / 5, h / 10, w - 2 * (w / 5), h * 11 / 20};
    rc |= draw_svg(r, hb_image_splash, hb_image_splash_len, &art);
    if (!waiting_for || !*waiting_for)
        return rc;
    char line[SPLASH_LINE_MAX + 1];
    size_t n = line_chars(waiting_for, line);
    int dot = h / 150 > 2 ? h / 150 : 2; /* 7 px at 1080 lines: capitals 49 px high */
    while (dot > 1 && (int)n * ADVANCE * dot > w * 9 / 10)
        dot--;
    rc |= draw_line(r, line, n, w / 2, h * 3 / 4, dot);
    return rc;
}
