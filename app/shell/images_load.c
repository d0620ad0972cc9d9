/* images_load.c - getting an image's bytes and decoding them (images_int.h), on the
 * images module's worker thread.
 *
 * Layout: the size in a PNG's or a JPEG's header; decoding; the cache folder
 * (CACHE_DIR/images/HASH, written to a temporary file and renamed, so that a reader
 * never sees half an image); fetching or reading.
 */
#include "images_int.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <SDL_image.h>

#include "afile.h"
#include "fetch.h"
#include "hash.h"
#include "rfile.h"

/* ---- Sizes from headers ------------------------------------------------------------ */

static uint32_t be16(const unsigned char *p)
{
    return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t be32(const unsigned char *p)
{
    return be16(p) << 16 | be16(p + 2);
}

static bool is_png(const unsigned char *b, size_t n)
{
    return n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0;
}

static bool is_jpeg(const unsigned char *b, size_t n)
{
    return n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF;
}

/* The size in a PNG's IHDR; false when the header is cut or not there. */
static bool png_size(const unsigned char *b, size_t n, uint32_t *w, uint32_t *h)
{
    if (n < 24 || memcmp(b + 12, "IHDR", 4) != 0)
        return false;
    *w = be32(b + 16);
    *h = be32(b + 20);
    return true;
}

/* The size in a JPEG's frame header (SOFn), found by walking the markers before it;
 * false when there is none before the scan or the data ends. */
static bool jpeg_size(const unsigned char *b, size_t n, uint32_t *w, uint32_t *h)
{
    size_t i = 2;
    while (i + 4 <= n) {
        if (b[i] != 0xFF)
            return false;
        unsigned m = b[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0x01 || (m >= 0xD0 && m <= 0xD8)) { /* markers without a length */
            i += 2;
            continue;
        }
        if (m == 0xDA || m == 0xD9)
            return false;
        size_t len = be16(b + i + 2);
        bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof) {
            if (i + 9 > n)
                return false;
            *h = be16(b + i + 5);
            *w = be16(b + i + 7);
            return true;
        }
        if (len < 2)
            return false;
        i += 2 + len;
    }
    return false;
}

/* ---- Decoding ---------------------------------------------------------------------- */

/* Refuses a size past the limits, with the reason in why. */
static bool size_ok(uint32_t w, uint32_t h, char *why, size_t cap)
{
    if (w == 0 || h == 0 || w > IMAGES_MAX_SIDE || h > IMAGES_MAX_SIDE ||
        (uint64_t)w * h > IMAGES_MAX_PIXELS) {
        snprintf(why, cap, "%" PRIu32 "x%" PRIu32 " pixels: larger than the limit (%d on a "
                 "side, %u in all) or empty", w, h, IMAGES_MAX_SIDE, IMAGES_MAX_PIXELS);
        return false;
    }
    return true;
}

SDL_Surface *images_decode(const unsigned char *buf, size_t n, char *why, size_t cap)
{
    SDL_RWops *rw = SDL_RWFromConstMem(buf, (int)n);
    if (!rw) {
        snprintf(why, cap, "out of memory");
        return NULL;
    }
    uint32_t w = 0, h = 0;
    SDL_Surface *s = NULL;
    if (is_png(buf, n) || is_jpeg(buf, n)) {
        bool png = is_png(buf, n);
        if (!(png ? png_size(buf, n, &w, &h) : jpeg_size(buf, n, &w, &h))) {
            snprintf(why, cap, "a %s without a readable size (cut short?)", png ? "PNG" : "JPEG");
            goto out_close;
        }
        if (!size_ok(w, h, why, cap))
            goto out_close;
        s = IMG_Load_RW(rw, 0);
    } else if (IMG_isSVG(rw)) {
        s = IMG_LoadSizedSVG_RW(rw, IMAGES_SVG_SIDE, IMAGES_SVG_SIDE);
    } else {
        snprintf(why, cap, "not a PNG, JPEG or SVG image");
        goto out_close;
    }
    if (!s) {
        snprintf(why, cap, "does not decode: %s", IMG_GetError());
        goto out_close;
    }
    if (!size_ok((uint32_t)s->w, (uint32_t)s->h, why, cap)) {
        SDL_FreeSurface(s);
        s = NULL;
        goto out_close;
    }
    SDL_Surface *argb = SDL_ConvertSurfaceFormat(s, SDL_PIXELFORMAT_ARGB8888, 0);
    SDL_FreeSurface(s);
    s = argb;
    if (!s)
        snprintf(why, cap, "cannot convert: %s", SDL_GetError());
out_close:
    SDL_RWclose(rw);
    return s;
}

/* ---- The cache folder -------------------------------------------------------------- */

/* cache_dir/images/HASH of url (dir: the folder alone). */
static void cache_path(const char *cache_dir, const char *url, char *out, size_t cap, bool dir)
{
    if (dir)
        snprintf(out, cap, "%s/images", cache_dir);
    else
        snprintf(out, cap, "%s/images/%016" PRIx64, cache_dir, hash_str(url));
}

/* Writes the n bytes at buf as url's cached copy (afile_replace).
 * Returns 0 or -1; the old copy, if any, is intact on failure. */
static int cache_put(const char *cache_dir, const char *url, const char *buf, size_t n)
{
    char dir[4096], path[4200], tmp[4300];
    cache_path(cache_dir, url, dir, sizeof(dir), true);
    cache_path(cache_dir, url, path, sizeof(path), false);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST)
        return -1;
    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path);
    afile_part part = {buf, n};
    return afile_replace(path, tmp, 0644, 0, &part, 1, NULL, NULL) < 0 ? -1 : 0;
}

/* ---- Fetching or reading ------------------------------------------------------------ */

static bool is_web(const char *ref)
{
    return strncmp(ref, "http://", 7) == 0 || strncmp(ref, "https://", 8) == 0;
}

/* The bytes of ref (a malloc'd buffer the caller frees), or NULL with why. */
static char *get_bytes(const char *ref, const char *cache_dir, const char *ca_file,
                       bool insecure_redirect, size_t *n, bool *from_cache, char *why,
                       size_t cap)
{
    char *buf = NULL;
    *from_cache = false;
    if (!is_web(ref)) {
        const char *path = strncmp(ref, "file://", 7) == 0 ? ref + 7 : ref;
        if (path[0] != '/') {
            snprintf(why, cap, "not an http, https or file URL or an absolute path");
            return NULL;
        }
        return rfile_read(path, IMAGES_MAX_BYTES, &buf, n, why, cap) == 0 ? buf : NULL;
    }
    fetch_config fc = {.url = ref, .ca_file = ca_file,
                       .allow_insecure_redirect = insecure_redirect};
    char fwhy[FETCH_REASON_MAX];
    if (fetch_get(&fc, IMAGES_MAX_BYTES, &buf, n, fwhy, sizeof(fwhy)) == 0) {
        if (cache_dir)
            cache_put(cache_dir, ref, buf, *n);
        return buf;
    }
    snprintf(why, cap, "%s", fwhy);
    if (!cache_dir)
        return NULL;
    char path[4200], err[16];
    cache_path(cache_dir, ref, path, sizeof(path), false);
    if (rfile_read(path, IMAGES_MAX_BYTES, &buf, n, err, sizeof(err)) != 0)
        return NULL;
    *from_cache = true;
    return buf;
}

SDL_Surface *images_load(const char *ref, const char *cache_dir, const char *ca_file,
                         bool insecure_redirect, bool *from_cache, char *why, size_t cap)
{
    size_t n = 0;
    char *buf = get_bytes(ref, cache_dir, ca_file, insecure_redirect, &n, from_cache, why, cap);
    if (!buf)
        return NULL;
    char dwhy[IMAGES_REASON_MAX];
    SDL_Surface *s = images_decode((const unsigned char *)buf, n, dwhy, sizeof(dwhy));
    free(buf);
    if (!s)
        snprintf(why, cap, "%s", dwhy);
    return s;
}
