/* images_int.h - the loading half of the images module (images_load.c), run on its
 * worker thread. Private to images.c and images_load.c. */
#ifndef HB_IMAGES_INT_H
#define HB_IMAGES_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "images.h"

/* Loads ref: fetches (caching under cache_dir/images/) or reads it, then decodes it.
 * Returns a new ARGB8888 surface (the caller frees it) or NULL with one line in why.
 * *from_cache tells whether a failed fetch was stood in for by the cache (why then
 * holds the fetch's failure). cache_dir and ca_file may be NULL. */
SDL_Surface *images_load(const char *ref, const char *cache_dir, const char *ca_file,
                         bool insecure_redirect, bool *from_cache, char *why, size_t cap);

/* Decodes the n bytes at buf (PNG, JPEG or SVG, sizes checked first). Returns a new
 * ARGB8888 surface or NULL with one line in why. */
SDL_Surface *images_decode(const unsigned char *buf, size_t n, char *why, size_t cap);

#endif
