/* pngout.h - writes a frame as PNG (shell side: `hallboard render`, GET /screen.png).
 *
 * Frames are opaque: the PNG is 8-bit RGB (colour type 2), 3 bytes a pixel, no alpha
 * channel, so the same frame gives the same file whatever the renderer left in alpha.
 * It is written for speed rather than size (zlib level PNGOUT_ZLIB_LEVEL, one fixed
 * row filter chosen for text on flat colour; see pngout.c): the encoder costs a small
 * part of drawing the frame.
 */
#ifndef HB_PNGOUT_H
#define HB_PNGOUT_H

#include <stddef.h>

/* Largest width or height written (the board's own limit is BOARD_MAX_SIDE). */
#define PNGOUT_MAX_SIDE 16384

/* zlib level: 1, the fastest that still compresses. */
#define PNGOUT_ZLIB_LEVEL 1

/* Encodes w x h pixels, ARGB8888 in native byte order (the alpha byte is ignored), rows
 * pitch bytes apart, as an RGB PNG into memory. Returns 0 with *out a malloc'd buffer the
 * caller frees and *len its size; -1 (bad size or pitch, out of memory) with *out NULL
 * and *len 0. The pixels are only read. */
int pngout_write_mem(const void *argb, int w, int h, int pitch, unsigned char **out,
                     size_t *len);

/* The same PNG, byte for byte, written to path (created or replaced whole: written
 * beside it under a temporary name, then renamed; not synced to disk: a frame is for a
 * person or a tool, and a render waits for no disk). Returns 0, or -1 with a one-line
 * reason naming path in err (err may be NULL when errcap is 0); on failure path is as
 * it was (no new file, an old one intact). The caller keeps the pixels. */
int pngout_write_file(const char *path, const void *argb, int w, int h, int pitch,
                      char *err, size_t errcap);

#endif
