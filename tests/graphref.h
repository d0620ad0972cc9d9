/* graphref.h - a reference for grapheme boundaries in tests: ICU's character break
 * iterator (extended grapheme clusters), when the build found ICU (HB_HAVE_ICU).
 * Header-only, for tests that link ICU (tests/CMakeLists.txt). */
#ifndef HB_TEST_GRAPHREF_H
#define HB_TEST_GRAPHREF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#ifdef HB_HAVE_ICU
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#endif

#define GRAPHREF_MAX 4096 /* bytes of a text the reference takes */

/* Marks in is_break[0..n] (n + 1 entries) the grapheme boundaries of s[0..n) as ICU
 * finds them. Returns false when there is no ICU (or it fails): the caller skips. */
static inline bool graphref_breaks(const char *s, size_t n, bool *is_break)
{
#ifdef HB_HAVE_ICU
    UErrorCode st = U_ZERO_ERROR;
    UText *ut = utext_openUTF8(NULL, s, (int64_t)n, &st);
    UBreakIterator *bi = ubrk_open(UBRK_CHARACTER, "", NULL, 0, &st);
    if (U_FAILURE(st)) {
        ubrk_close(bi);
        utext_close(ut);
        return false;
    }
    ubrk_setUText(bi, ut, &st);
    memset(is_break, 0, (n + 1) * sizeof(*is_break));
    for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
        is_break[b] = true;
    ubrk_close(bi);
    utext_close(ut);
    return U_SUCCESS(st);
#else
    (void)s, (void)n, (void)is_break;
    return false;
#endif
}

#endif
