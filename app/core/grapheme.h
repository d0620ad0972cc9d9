/* grapheme.h - where text may be cut: extended grapheme cluster boundaries (pure).
 *
 * The one place that decides where a text can be cut for display: a footer that does
 * not fit, a note joined from several problems. Boundaries follow the rules of
 * Unicode's UAX #29 for extended grapheme clusters (GB3..GB13, with GB9c of Unicode
 * 15.1): a base keeps its combining marks, CR LF stays together, Hangul jamo stay in
 * their syllable, emoji ZWJ sequences and regional-indicator pairs (flags) stay whole,
 * and so do Indic consonants joined by a virama. Combining marks
 * are told by their bidi class (NSM, through FriBidi), the rest by tables here.
 * Invalid UTF-8 bytes count as one cluster each (a control), so any input is safe.
 */
#ifndef HB_GRAPHEME_H
#define HB_GRAPHEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The ellipsis that marks a cut text: U+2026, 3 bytes. */
#define GRAPHEME_ELLIPSIS "\xe2\x80\xa6"
#define GRAPHEME_ELLIPSIS_LEN 3

/* Marks where clusters start in the code points cp[0..n) (decoded text, so no
 * invalid bytes): start[i] is true when a cluster starts at cp[i] (start[0] always).
 * The rules of grapheme_next, for callers that hold code points. Can't fail; both
 * arrays stay the caller's. */
void grapheme_starts(const uint32_t *cp, size_t n, bool *start);

/* The first grapheme boundary after offset i in s[0..n) (n when the last cluster
 * starts at or before i). i must be a boundary (0 is). Can't fail. */
size_t grapheme_next(const char *s, size_t n, size_t i);

/* The largest grapheme boundary <= max in s[0..n) (n itself when max >= n). Scans
 * from the start: O(max). Can't fail. */
size_t grapheme_floor(const char *s, size_t n, size_t max);

/* Fits s[0..n) into limit bytes: returns n when n <= limit, else the length to keep
 * so that the kept prefix plus GRAPHEME_ELLIPSIS takes at most limit bytes, cut on a
 * grapheme boundary, spaces before it dropped (0 when not even one cluster fits).
 * *cut (may be NULL) says whether the text was cut. Can't fail. */
size_t grapheme_fit(const char *s, size_t n, size_t limit, bool *cut);

/* Cuts the NUL-terminated text in buf (len bytes) to fit buf's cap bytes with its NUL:
 * unchanged when len < cap, else cut on a grapheme boundary and ended with "…" (
 * cap - 1 bytes at most; when cap < 4 the ellipsis does not fit and the text becomes
 * empty). Returns the new length. buf stays
 * the caller's. Can't fail. */
size_t grapheme_ellipsize(char *buf, size_t len, size_t cap);

/* Copies the NUL-terminated s into out (cap bytes with the NUL), cut as
 * grapheme_ellipsize does when longer than cap - 1 bytes: the way to put a name or a
 * title of unknown length into a message. Returns the length written. Can't fail. */
size_t grapheme_copy(char *out, size_t cap, const char *s);

/* Repairs buf (len bytes, NUL-terminated, room for cap bytes) in place: each run of
 * bytes that is not valid UTF-8 (a character cut by a byte count) becomes "…", as far
 * as cap allows (a run that has no room for it is dropped). Returns the new length.
 * Can't fail. */
size_t grapheme_mend(char *buf, size_t len, size_t cap);

#endif
