/* ftmem.c - FreeType reading mapped font files in place under SDL_ttf (ftmem.h).
 *
 * ftmem_open_font notes the mapping, then calls TTF_OpenFontIndexRW on a memory
 * SDL_RWops over it. SDL_ttf's call to FT_Open_Face resolves to the one below (the
 * program's definition comes first in the dynamic linker's search order), which, while
 * a mapping is noted and the stream SDL_ttf built is exactly that size, opens the face
 * from memory; FreeType's own FT_Open_Face, found with dlsym(RTLD_NEXT), does the work
 * either way. SDL_ttf does not read its stream after the open, and frees it on close.
 */
#define _GNU_SOURCE /* RTLD_NEXT */
#include "ftmem.h"

#include <dlfcn.h>
#include <limits.h>

#include <ft2build.h>
#include FT_FREETYPE_H

typedef FT_Error (*open_face_fn)(FT_Library, const FT_Open_Args *, FT_Long, FT_Face *);

/* The mapping the next FT_Open_Face reads (NULL: none). */
static const void *pending_base;
static size_t pending_len;

FT_Error FT_Open_Face(FT_Library library, const FT_Open_Args *args, FT_Long face_index,
                      FT_Face *aface)
{
    static open_face_fn real;
    if (!real)
        real = (open_face_fn)dlsym(RTLD_NEXT, "FT_Open_Face");
    if (!real)
        return FT_Err_Invalid_Library_Handle;
    if (pending_base && args && (args->flags & FT_OPEN_STREAM) && args->stream &&
        args->stream->size == pending_len) {
        FT_Open_Args mem = *args;
        mem.flags = (args->flags & ~(FT_UInt)FT_OPEN_STREAM) | FT_OPEN_MEMORY;
        mem.memory_base = pending_base;
        mem.memory_size = (FT_Long)pending_len;
        mem.stream = NULL;
        return real(library, &mem, face_index, aface);
    }
    return real(library, args, face_index, aface);
}

TTF_Font *ftmem_open_font(const void *base, size_t len, int px, long index)
{
    if (len > (size_t)INT_MAX) {
        SDL_SetError("font file too large to map");
        return NULL;
    }
    SDL_RWops *rw = SDL_RWFromConstMem(base, (int)len);
    if (!rw)
        return NULL;
    pending_base = base;
    pending_len = len;
    TTF_Font *font = TTF_OpenFontIndexRW(rw, 1, px, index);
    pending_base = NULL;
    pending_len = 0;
    return font;
}
