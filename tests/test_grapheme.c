/* test_grapheme.c - where text may be cut (grapheme.h): boundaries against ICU's
 * grapheme breaks, and cuts with an ellipsis at every byte position of texts that
 * mix combining marks, CJK, Arabic with marks, emoji ZWJ sequences, flags, Hangul
 * jamo and CR LF. */
#include <stdio.h>
#include <string.h>

#include "support.h"

#include "grapheme.h"
#include "graphref.h"
#include "utf8.h"

/* Texts a board may have to cut, each a handful of clusters of one kind or many. */
static const char *const texts[] = {
    "Cafe\xcc\x81 de\xcc\x81ja\xcc\x80 vu",                      /* e + U+0301 */
    "会议中心第三会场：开幕式",                                 /* CJK */
    "مُحَاضَرَةٌ فِي القَاعَةِ",                                 /* Arabic with marks */
    "Dev \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb x \xf0\x9f\x91\xa8\xe2\x80\x8d"
    "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7\xe2\x80\x8d\xf0\x9f\x91\xa6 "
    "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd",                          /* 👩‍💻 👨‍👩‍👧‍👦 👍🏽 */
    "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa\xf0\x9f\x87\xaf",
                                                                 /* 🇫🇷🇩🇪 and a lone 🇯 */
    "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8\xe1\x84\x82\xe1\x84\x82\xe1\x85\xa2 한국어",
                                                                 /* jamo L V T, L L V */
    "a\r\nb\r\n\r\nc",                                           /* CR LF */
    "नमस्ते 1\xef\xb8\x8f\xe2\x83\xa3 \xf0\x9f\x8f\xb4\xf3\xa0\x81\xa7\xf3\xa0\x81\xa2"
    "\xf3\xa0\x81\xb3\xf3\xa0\x81\xa3\xf3\xa0\x81\xb4\xf3\xa0\x81\xbf", /* Devanagari,
                                                                 * keycap, tag flag */
    "live · Café · 会场 · مُحَاضَرَة · 👩‍💻 · 🇫🇷 · 각 · e\xcc\x81\xcc\xa3",
};

#define N_TEXTS (sizeof(texts) / sizeof(texts[0]))

/* The boundaries of s by grapheme_next, in is_break[0..n]. */
static void ours(const char *s, size_t n, bool *is_break)
{
    memset(is_break, 0, (n + 1) * sizeof(*is_break));
    for (size_t i = 0; i < n; i = grapheme_next(s, n, i))
        is_break[i] = true;
    is_break[n] = true;
}

static void grapheme_boundaries_are_icus(void **st)
{
    (void)st;
    static bool want[GRAPHREF_MAX + 1], got[GRAPHREF_MAX + 1];
    for (size_t t = 0; t < N_TEXTS; t++) {
        size_t n = strlen(texts[t]);
        if (!graphref_breaks(texts[t], n, want))
            skip();
        ours(texts[t], n, got);
        for (size_t i = 0; i <= n; i++) {
            if (want[i] != got[i])
                fail_msg("text %zu, byte %zu: ICU %s a boundary, grapheme.c %s", t, i,
                         want[i] ? "has" : "has no", got[i] ? "has" : "has none");
            /* grapheme_floor finds the same boundary below any offset. */
            size_t f = grapheme_floor(texts[t], n, i), g = i;
            while (!want[g])
                g--;
            assert_int_equal(f, g);
        }
    }
}

/* Random strings of code points chosen to meet every rule (marks after controls, ZWJ
 * between anything, odd runs of flags, jamo in every order, viramas, prepends). */
static void grapheme_random_mixtures_agree_with_icu(void **st)
{
    (void)st;
    static const uint32_t pool[] = {
        'a', ' ', 0x0D, 0x0A, 0x01, 0x0301, 0x0323, 0x200D, 0x200C, 0xFE0F, 0x1F3FD,
        0x1F469, 0x1F4BB, 0x2764, 0x1F1EB, 0x1F1F7, 0x1100, 0x1161, 0x11A8, 0xAC00,
        0xAC01, 0x0915, 0x094D, 0x0924, 0x093F, 0x0903, 0x0600, 0x0645, 0x064F, 0x4F1A,
        0x00AD, 0x0E33, 0xE0067, 0x20E3, 0x0031,
    };
    static bool want[GRAPHREF_MAX + 1], got[GRAPHREF_MAX + 1];
    uint32_t seed = 12345;
    for (int round = 0; round < 20000; round++) {
        char s[64];
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int len = 1 + (int)(seed >> 16) % 10;
        for (int i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            n += utf8_encode(pool[(seed >> 16) % (sizeof(pool) / sizeof(pool[0]))], s + n);
        }
        s[n] = '\0';
        if (!graphref_breaks(s, n, want))
            skip();
        ours(s, n, got);
        for (size_t i = 0; i <= n; i++)
            if (want[i] != got[i]) {
                char hex[256] = "";
                for (size_t j = 0; j < n; j++)
                    snprintf(hex + strlen(hex), sizeof(hex) - strlen(hex), "%02x ",
                             (unsigned char)s[j]);
                fail_msg("%s: byte %zu: ICU %d, grapheme.c %d", hex, i, want[i], got[i]);
            }
    }
}

static void grapheme_clusters_hold_together(void **st)
{
    (void)st;
    const char *fam = "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb"; /* 👩‍💻 */
    assert_int_equal(grapheme_next(fam, strlen(fam), 0), strlen(fam));
    const char *flags = "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa";
    assert_int_equal(grapheme_next(flags, 16, 0), 8); /* 🇫🇷 | 🇩🇪 */
    assert_int_equal(grapheme_next("e\xcc\x81x", 4, 0), 3);
    assert_int_equal(grapheme_next("\r\nx", 3, 0), 2);
    const char *jamo = "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8x"; /* ᄀ ᅡ ᆨ: one syllable */
    assert_int_equal(grapheme_next(jamo, 10, 0), 9);
    /* Invalid bytes are clusters of their own: nothing is read past n. */
    assert_int_equal(grapheme_next("\xff\xfe", 2, 0), 1);
    assert_int_equal(grapheme_next("\xe4\xbc", 2, 0), 1);
    assert_int_equal(grapheme_floor("abc", 3, 99), 3);
}

static void grapheme_ellipsize_cuts_whole_clusters_at_every_byte(void **st)
{
    (void)st;
    static bool want[GRAPHREF_MAX + 1];
    char buf[512];
    for (size_t t = 0; t < N_TEXTS; t++) {
        size_t n = strlen(texts[t]);
        bool ref = graphref_breaks(texts[t], n, want);
        if (!ref)
            ours(texts[t], n, want); /* no ICU: at least the cuts agree with grapheme_next */
        for (size_t cap = 0; cap <= n + 2; cap++) {
            memcpy(buf, texts[t], n + 1);
            size_t k = grapheme_ellipsize(buf, n, cap);
            if (cap == 0) {
                assert_int_equal(k, 0);
                continue;
            }
            assert_int_equal(strlen(buf), k);
            assert_true(k <= cap - 1);
            assert_true(utf8_valid(buf, k, NULL));
            if (n < cap) { /* fits: unchanged */
                assert_string_equal(buf, texts[t]);
                continue;
            }
            if (cap - 1 < GRAPHEME_ELLIPSIS_LEN) { /* not even the ellipsis fits */
                assert_int_equal(k, 0);
                continue;
            }
            assert_true(k >= GRAPHEME_ELLIPSIS_LEN);
            assert_memory_equal(buf + k - 3, GRAPHEME_ELLIPSIS, 3);
            size_t kept = k - 3;
            assert_memory_equal(buf, texts[t], kept);
            if (!want[kept])
                fail_msg("text %zu cut at %zu (cap %zu) splits a grapheme", t, kept, cap);
            /* The longest cut that fits: the next boundary would not. */
            size_t next = kept;
            while (next < n && (next == kept || !want[next]))
                next++;
            bool spaces_only = true;
            for (size_t i = kept; i < next; i++)
                spaces_only = spaces_only && texts[t][i] == ' ';
            if (!spaces_only)
                assert_true(next + 3 > cap - 1);
        }
    }
}

static void grapheme_fit_keeps_short_texts(void **st)
{
    (void)st;
    bool cut = true;
    assert_int_equal(grapheme_fit("abc", 3, 3, &cut), 3);
    assert_false(cut);
    assert_int_equal(grapheme_fit("abcdef", 6, 5, &cut), 2); /* "ab…" */
    assert_true(cut);
    assert_int_equal(grapheme_fit("ab cdef", 7, 6, &cut), 2); /* "ab…", not "ab …" */
    assert_int_equal(grapheme_fit("abcdef", 6, 2, &cut), 0);
    char b[8] = "abcdef";
    assert_int_equal(grapheme_ellipsize(b, 6, 6), 5);
    assert_string_equal(b, "ab\xe2\x80\xa6");
}

static void grapheme_copy_and_mend(void **st)
{
    (void)st;
    char b[16];
    assert_int_equal(grapheme_copy(b, sizeof(b), "short"), 5);
    assert_string_equal(b, "short");
    /* 🇫🇷🇩🇪 is 16 bytes: with "…" only one flag fits in 15. */
    assert_int_equal(grapheme_copy(b, sizeof(b), "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
                                                 "\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa"), 11);
    assert_string_equal(b, "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xe2\x80\xa6");
    assert_int_equal(grapheme_copy(b, 0, "x"), 0);
    /* A character cut by a byte count becomes "…"; valid text is left alone. */
    char m[32] = "\xd0\x97\xd0\xb0\xd0 x \xf0\x9f";
    size_t n = grapheme_mend(m, strlen(m), sizeof(m));
    assert_string_equal(m, "\xd0\x97\xd0\xb0\xe2\x80\xa6 x \xe2\x80\xa6");
    assert_int_equal(n, strlen(m));
    char v[8] = "ok \xc3\xa9";
    assert_int_equal(grapheme_mend(v, 5, sizeof(v)), 5);
    assert_string_equal(v, "ok \xc3\xa9");
    char tight[4] = "a\xd0" "b"; /* no room for "…": the bad byte goes */
    assert_int_equal(grapheme_mend(tight, 3, sizeof(tight)), 2);
    assert_string_equal(tight, "ab");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(grapheme_boundaries_are_icus),
        cmocka_unit_test(grapheme_random_mixtures_agree_with_icu),
        cmocka_unit_test(grapheme_clusters_hold_together),
        cmocka_unit_test(grapheme_ellipsize_cuts_whole_clusters_at_every_byte),
        cmocka_unit_test(grapheme_fit_keeps_short_texts),
        cmocka_unit_test(grapheme_copy_and_mend),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
