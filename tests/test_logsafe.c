/* test_logsafe.c - outside text escaped for logs and terminals (logsafe.h). */
#include "support.h"

#include <string.h>

#include "logsafe.h"

static const char *esc(const char *s)
{
    static char buf[256];
    return logsafe(s, buf, sizeof(buf));
}

static void logsafe_escapes_c0_controls_del_and_the_backslash(void **st)
{
    (void)st;
    assert_string_equal(esc("r1\nhallboard: forged line"), "r1\\nhallboard: forged line");
    assert_string_equal(esc("a\x1b[2Jb\x07"), "a\\e[2Jb\\x07");
    assert_string_equal(esc("tab\there\r"), "tab\\there\\r");
    assert_string_equal(esc("\x01\x1f\x7f"), "\\x01\\x1f\\x7f");
    assert_string_equal(esc("C:\\feeds\\n"), "C:\\\\feeds\\\\n"); /* reads one way back */
    char buf[32];
    assert_int_equal(logsafe_mem("a\0b", 3, buf, sizeof(buf)), 6);
    assert_string_equal(buf, "a\\x00b");
    assert_string_equal(logsafe(NULL, buf, sizeof(buf)), "");
}

static void logsafe_keeps_utf8_text_and_escapes_c1_controls(void **st)
{
    (void)st;
    const char *text = "Глобальная конференция 全球慕课大会 المؤتمر café ✓ 😀";
    assert_string_equal(esc(text), text);
    /* U+0085 (NEL) and U+009B (CSI) are controls; U+00A0 (no-break space) is text. */
    assert_string_equal(esc("a\xc2\x85" "b\xc2\x9b" "2J\xc2\xa0"), "a\\xc2\\x85b\\xc2\\x9b2J\xc2\xa0");
}

static void logsafe_replaces_invalid_utf8_byte_by_byte(void **st)
{
    (void)st;
    assert_string_equal(esc("\x9b" "2J"), "\\x9b2J");              /* a lone C1 byte */
    assert_string_equal(esc("\xc0\xaf"), "\\xc0\\xaf");            /* overlong '/' */
    assert_string_equal(esc("\xed\xa0\x80"), "\\xed\\xa0\\x80");   /* a surrogate */
    assert_string_equal(esc("ok\xe4\xb8"), "ok\\xe4\\xb8");        /* cut character */
    assert_string_equal(esc("\xff" "\xe4\xb8\xad"), "\\xff\xe4\xb8\xad"); /* then valid */
}

static void logsafe_cuts_on_a_character_with_dots(void **st)
{
    (void)st;
    char buf[12];
    /* Fits exactly: no dots. */
    assert_ptr_equal(logsafe("hello world", buf, sizeof(buf)), buf);
    assert_string_equal(buf, "hello world");
    assert_string_equal(logsafe("hello world!", buf, sizeof(buf)), "hello wo...");
    /* A character or an escape is never split. */
    assert_string_equal(logsafe("abcdef全球", buf, sizeof(buf)), "abcdef...");
    assert_string_equal(logsafe("abcde\x1b\x1b\x1b\x1b", buf, sizeof(buf)), "abcde\\e...");
    assert_string_equal(logsafe("abcdef\x01zzzz", buf, sizeof(buf)), "abcdef...");
    /* Tiny buffers. */
    assert_string_equal(logsafe("abcdef", buf, 3), "..");
    assert_string_equal(logsafe("ab", buf, 3), "ab");
    assert_string_equal(logsafe("abc", buf, 1), "");
    /* Every cut is valid UTF-8 with no control byte left. */
    const char *mixed = "é\n全\x1b球\xc2\x9b\xff😀x";
    for (size_t cap = 1; cap < 48; cap++) {
        char out[48];
        logsafe(mixed, out, cap);
        assert_true(strlen(out) < cap);
        assert_true(support_utf8_valid(out));
        for (const unsigned char *p = (const unsigned char *)out; *p; p++)
            assert_true(*p >= 0x20 && *p != 0x7f);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(logsafe_escapes_c0_controls_del_and_the_backslash),
        cmocka_unit_test(logsafe_keeps_utf8_text_and_escapes_c1_controls),
        cmocka_unit_test(logsafe_replaces_invalid_utf8_byte_by_byte),
        cmocka_unit_test(logsafe_cuts_on_a_character_with_dots),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
