/* fonts.h - the SDL_ttf font chain behind text layout (shell side).
 *
 * A chain is two ordered lists of font faces, one per weight (regular, bold), read
 * from a small config file (fonts/chain.conf, format in fonts/README.md) or, when
 * that is absent, from the same list compiled in. The layout (textlay.h) picks, per
 * code point, the first face of the list that has the glyph; this module answers
 * its questions (has_glyph, measure, line_height) and renders the runs it produces.
 *
 * Faces open at first use (the CJK collection is large), except the first face of
 * each weight, which create opens to prove the chain usable. One TTF_Font per face
 * serves every size (TTF_SetFontSize). Not thread-safe: use a chain from one thread.
 */
#ifndef HB_FONTS_H
#define HB_FONTS_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

#include "textlay.h"

/* Weights. */
#define FONTS_REGULAR 0
#define FONTS_BOLD 1

/* Most faces one weight may list; further lines are ignored with a warning. */
#define FONTS_MAX_FACES 16
/* Largest chain config file read; a larger one is refused like a missing one. */
#define FONTS_CONF_MAX (64u * 1024u)
/* Largest font file opened (the CJK collections are about 20 MB). */
#define FONTS_FILE_MAX (256u * 1024u * 1024u)

typedef struct fonts_chain fonts_chain;

/* Builds a chain from the config file at conf_path, or from the built-in default when
 * conf_path is NULL, when the file cannot be read (missing, not a regular file, such
 * as a FIFO or /dev/zero, or larger than FONTS_CONF_MAX) and when it lists no regular
 * face that opens. Calls TTF_Init (reference-counted; no video needed). Files are
 * opened through rfile (never blocking). Lines that do not parse and font files that
 * are missing, not regular files or do not open are skipped, with a warning written
 * into err ("; "-separated, truncated to errcap; empty when none), as is the fall back
 * to the built-in chain. A weight with no usable face takes the regular list. Returns
 * NULL, with the reason in err, only when no regular font of the built-in chain opens
 * either (or out of memory). err may be NULL when errcap is 0. The caller owns the
 * chain: fonts_chain_destroy. */
fonts_chain *fonts_chain_create(const char *conf_path, char *err, size_t errcap);

/* Closes every face, frees the chain and calls TTF_Quit once. NULL is a no-op. */
void fonts_chain_destroy(fonts_chain *fc);

/* The layout callbacks for one weight (FONTS_REGULAR or FONTS_BOLD; anything else is
 * taken as regular). Font numbers are positions in that weight's list. The result is
 * owned by the chain and valid until fonts_chain_destroy. */
const textlay_fonts *fonts_chain_textlay(fonts_chain *fc, int weight);

/* Renders text[0..len) (one textlay run) in face `font` of `weight` at px pixels,
 * shaped in direction rtl and ISO 15924 script `script` (may be NULL), blended in fg
 * over transparency. font < 0 (no face has the glyphs) uses face 0, which draws its
 * missing-glyph boxes. Returns a new surface the caller frees (SDL_FreeSurface), or
 * NULL when the text is empty or SDL_ttf fails (SDL_GetError says why). */
SDL_Surface *fonts_render_run(fonts_chain *fc, int weight, int font, int px, const char *text,
                              size_t len, bool rtl, const char *script, SDL_Color fg);

/* Ascent in pixels of a face at px (from the top of a rendered run's surface down
 * to its baseline): runs of one line drawn at line_y + max_ascent - ascent share a
 * baseline. 0 if the face does not open. */
int fonts_ascent(fonts_chain *fc, int weight, int font, int px);

/* Number of faces listed for a weight, and the file and collection index of face i
 * (owned by the chain), for diagnostics. fonts_face_path returns NULL if i is out of
 * range. */
int fonts_count(const fonts_chain *fc, int weight);
const char *fonts_face_path(const fonts_chain *fc, int weight, int i, long *index);

/* Lets go of the font file pages read so far (the files are mapped read-only: the
 * pages stay in the page cache and come back on the next read). The board calls it
 * after a frame, so an idle board holds no font file pages. */
void fonts_trim(fonts_chain *fc);

#endif
