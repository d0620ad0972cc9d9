/* ftmem.h - lets SDL_ttf's FreeType faces read a font file mapped in memory in place.
 *
 * SDL_ttf hands FreeType a stream with a read callback; FreeType then copies every
 * table and index it keeps (a CFF font's subroutines, offsets, charset...) onto the
 * heap: 1.3 MB more per Noto CJK face than reading the same bytes in place. When the
 * font file is already mapped (fonts.c), ftmem_open_font has FreeType open the face
 * from that memory instead: FT_Open_Face, defined here, replaces the library's for
 * the open that ftmem_open_font makes and passes every other call through unchanged.
 * Not thread-safe: open fonts from one thread (fonts.h says the same of the chain).
 */
#ifndef HB_FTMEM_H
#define HB_FTMEM_H

#include <stddef.h>

#include <SDL_ttf.h>

/* Opens face index of the font file mapped at base (len bytes) at size px, FreeType
 * reading the mapping in place. base must stay mapped until the font is closed
 * (TTF_CloseFont, the caller's); the font owns nothing of it. Returns the font, or
 * NULL (SDL_GetError says why). */
TTF_Font *ftmem_open_font(const void *base, size_t len, int px, long index);

#endif
