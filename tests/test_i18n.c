/* test_i18n.c - the board's words in the six UN languages, dates, durations, RTL. */
#include "support.h"

#include <string.h>

#include "i18n.h"

static const char *const langs[] = {"en", "zh", "ru", "fr", "es", "ar"};
#define N_LANGS (sizeof(langs) / sizeof(langs[0]))

/* Words that are right to be the same as in English in some languages. */
static bool same_as_english_is_right(const char *lang, i18n_word_id id)
{
    /* The colon-and-space separator is shared by Russian, Spanish and Arabic. */
    return id == I18N_COLON && (!strcmp(lang, "ru") || !strcmp(lang, "es") || !strcmp(lang, "ar"));
}

static void i18n_every_word_exists_in_all_six_languages(void **state)
{
    (void)state;
    for (size_t l = 0; l < N_LANGS; l++) {
        for (int id = 0; id < I18N_WORD_COUNT; id++) {
            const char *w = i18n_word(langs[l], (i18n_word_id)id);
            assert_non_null(w);
            assert_true(strlen(w) > 0);
            assert_true(support_utf8_valid(w));
            if (l > 0 && !same_as_english_is_right(langs[l], (i18n_word_id)id)) {
                if (strcmp(w, i18n_word("en", (i18n_word_id)id)) == 0)
                    fail_msg("%s word %d is the English one: \"%s\"", langs[l], id, w);
            }
        }
        for (int d = 0; d < 7; d++) {
            const char *w = i18n_weekday(langs[l], d);
            assert_true(strlen(w) > 0 && support_utf8_valid(w));
            if (l > 0)
                assert_string_not_equal(w, i18n_weekday("en", d));
        }
        for (int m = 1; m <= 12; m++) {
            const char *w = i18n_month(langs[l], m);
            assert_true(strlen(w) > 0 && support_utf8_valid(w));
            if (l > 0)
                assert_string_not_equal(w, i18n_month("en", m));
        }
    }
    /* Out of range: empty, never NULL. */
    assert_string_equal(i18n_word("en", I18N_WORD_COUNT), "");
    assert_string_equal(i18n_weekday("fr", 7), "");
    assert_string_equal(i18n_weekday("fr", -1), "");
    assert_string_equal(i18n_month("ru", 0), "");
    assert_string_equal(i18n_month("ru", 13), "");
}

static void i18n_dates_read_like_a_board_in_every_language(void **state)
{
    (void)state;
    /* Wednesday 9 December (2020). */
    static const struct {
        const char *lang, *expect;
    } cases[] = {
        {"en", "Wed 9 Dec"},        {"fr", "mer. 9 déc."},  {"es", "mié 9 dic"},
        {"ru", "ср, 9 дек."},       {"zh", "12月9日 周三"}, {"ar", "الأربعاء 9 ديسمبر"},
        {"zh-Hans", "12月9日 周三"}, {"de", "Wed 9 Dec"},
    };
    char buf[I18N_BUF];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = i18n_format_date(cases[i].lang, 3, 12, 9, buf, sizeof(buf));
        assert_string_equal(buf, cases[i].expect);
        assert_int_equal(n, strlen(cases[i].expect));
    }
    i18n_format_date("ru", 0, 5, 31, buf, sizeof(buf));
    assert_string_equal(buf, "вс, 31 мая"); /* genitive month */
    i18n_format_date("en", 6, 1, 1, buf, sizeof(buf));
    assert_string_equal(buf, "Sat 1 Jan");
}

static void i18n_formatters_never_split_a_code_point(void **state)
{
    (void)state;
    char buf[8];
    for (size_t cap = 1; cap <= sizeof(buf); cap++) {
        for (size_t l = 0; l < N_LANGS; l++) {
            memset(buf, 'x', sizeof(buf));
            size_t n = i18n_format_date(langs[l], 3, 12, 9, buf, cap);
            assert_true(n < cap);
            assert_int_equal(strlen(buf), n);
            assert_true(support_utf8_valid(buf));
            n = i18n_format_minutes(langs[l], I18N_SPAN_STARTS_IN, 3000, buf, cap);
            assert_true(n < cap && support_utf8_valid(buf));
            n = i18n_format_more(langs[l], 298, true, buf, cap);
            assert_true(n < cap && support_utf8_valid(buf));
        }
    }
    /* "12月" is 5 bytes: with room for 4 the month is left out whole. */
    char small[5];
    i18n_format_date("zh", 3, 12, 9, small, sizeof(small));
    assert_string_equal(small, "12");
    assert_int_equal(i18n_format_date("en", 3, 12, 9, NULL, 0), 0);
}

static void i18n_minutes_become_minutes_hours_or_days(void **state)
{
    (void)state;
    static const struct {
        const char *lang;
        i18n_span kind;
        int64_t min;
        const char *expect;
    } cases[] = {
        {"en", I18N_SPAN_IN, 12, "in 12 min"},
        {"en", I18N_SPAN_IN, 125, "in 2 h 5 min"},
        {"en", I18N_SPAN_IN, 120, "in 2 h"},
        {"en", I18N_SPAN_IN, 59, "in 59 min"},
        {"en", I18N_SPAN_IN, 60, "in 1 h"},
        {"en", I18N_SPAN_IN, -5, "in 0 min"},
        {"en", I18N_SPAN_LEFT, 12, "12 min left"},
        {"en", I18N_SPAN_STARTS_IN, 2 * 1440 + 3 * 60 + 59, "Starts in 2 d 3 h"},
        {"en", I18N_SPAN_STARTS_IN, 3 * 1440, "Starts in 3 d"},
        {"en", I18N_SPAN_STARTS_IN, 1439, "Starts in 23 h 59 min"},
        {"zh", I18N_SPAN_IN, 12, "12分钟后"},
        {"zh", I18N_SPAN_IN, 125, "2小时5分钟后"},
        {"zh", I18N_SPAN_LEFT, 12, "剩余12分钟"},
        {"zh", I18N_SPAN_STARTS_IN, 2 * 1440 + 180, "距开始还有2天3小时"},
        {"ru", I18N_SPAN_IN, 12, "через 12 мин"},
        {"ru", I18N_SPAN_IN, 125, "через 2 ч 5 мин"},
        {"ru", I18N_SPAN_LEFT, 12, "осталось 12 мин"},
        {"ru", I18N_SPAN_LEFT, 21, "осталась 21 мин"},
        {"ru", I18N_SPAN_LEFT, 11, "осталось 11 мин"},
        {"ru", I18N_SPAN_LEFT, 65, "остался 1 ч 5 мин"},
        {"ru", I18N_SPAN_STARTS_IN, 2 * 1440 + 180, "Начало через 2 дн. 3 ч"},
        {"fr", I18N_SPAN_IN, 12, "dans 12\u00a0min"},
        {"fr", I18N_SPAN_IN, 125, "dans 2\u00a0h 5\u00a0min"},
        {"fr", I18N_SPAN_LEFT, 12, "encore 12\u00a0min"},
        {"fr", I18N_SPAN_STARTS_IN, 2 * 1440 + 180, "Début dans 2\u00a0j 3\u00a0h"},
        {"es", I18N_SPAN_IN, 12, "en 12 min"},
        {"es", I18N_SPAN_LEFT, 12, "quedan 12 min"},
        {"es", I18N_SPAN_LEFT, 1, "queda 1 min"},
        {"es", I18N_SPAN_STARTS_IN, 2 * 1440 + 180, "Empieza en 2 d 3 h"},
        {"ar", I18N_SPAN_IN, 12, "بعد 12 د"},
        {"ar", I18N_SPAN_IN, 125, "بعد 2 س 5 د"},
        {"ar", I18N_SPAN_LEFT, 12, "يتبقى 12 د"},
        {"ar", I18N_SPAN_STARTS_IN, 2 * 1440 + 180, "يبدأ بعد 2 يوم 3 س"},
        {"zh-Hant-TW", I18N_SPAN_IN, 5, "5分钟后"},
        {"xx", I18N_SPAN_IN, 5, "in 5 min"},
    };
    char buf[I18N_BUF];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        size_t n = i18n_format_minutes(cases[i].lang, cases[i].kind, cases[i].min, buf, sizeof(buf));
        assert_string_equal(buf, cases[i].expect);
        assert_int_equal(n, strlen(buf));
    }
}

static void i18n_more_counts_follow_the_plural_rules(void **state)
{
    (void)state;
    static const struct {
        const char *lang;
        int64_t n;
        bool progress;
        const char *expect;
    } cases[] = {
        {"en", 3, false, "+3 more"},
        {"en", 298, true, "+298 more in progress"},
        {"fr", 1, false, "+1 autre"},
        {"fr", 2, false, "+2 autres"},
        {"fr", 298, true, "+298 autres en cours"},
        {"ru", 3, false, "ещё 3"},
        {"ru", 21, true, "ещё 21 идёт сейчас"},
        {"ru", 11, true, "ещё 11 идут сейчас"},
        {"es", 298, true, "+298 más en curso"},
        {"zh", 298, true, "另有298场正在进行"},
        {"zh", 3, false, "另有3项"},
        {"ar", 3, false, "+3 أخرى"},
    };
    char buf[I18N_BUF];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        i18n_format_more(cases[i].lang, cases[i].n, cases[i].progress, buf, sizeof(buf));
        assert_string_equal(buf, cases[i].expect);
    }
}

static void i18n_rtl_is_true_for_arabic_hebrew_persian_urdu_only(void **state)
{
    (void)state;
    static const char *const rtl[] = {"ar", "he", "fa", "ur", "ar-EG", "AR", "fa_IR", "he-IL", "iw"};
    static const char *const ltr[] = {"en", "zh", "ru", "fr", "es", "arn", "ha", "", "e", "zh-Hans"};
    for (size_t i = 0; i < sizeof(rtl) / sizeof(rtl[0]); i++)
        assert_true(i18n_rtl(rtl[i]));
    for (size_t i = 0; i < sizeof(ltr) / sizeof(ltr[0]); i++)
        assert_false(i18n_rtl(ltr[i]));
    assert_false(i18n_rtl(NULL));
}

static void i18n_unknown_languages_fall_back_to_english_and_subtags_match(void **state)
{
    (void)state;
    assert_string_equal(i18n_lang("zh-Hans"), "zh");
    assert_string_equal(i18n_lang("ZH_hant_TW"), "zh");
    assert_string_equal(i18n_lang("fr-CA"), "fr");
    assert_string_equal(i18n_lang("es-419"), "es");
    assert_string_equal(i18n_lang("de"), "en");
    assert_string_equal(i18n_lang("zhx"), "en");
    assert_string_equal(i18n_lang(""), "en");
    assert_string_equal(i18n_lang(NULL), "en");
    assert_true(i18n_supported("ar-SA"));
    assert_false(i18n_supported("he"));
    assert_false(i18n_supported(NULL));
    assert_string_equal(i18n_word("zh-Hans", I18N_NOW), i18n_word("zh", I18N_NOW));
    assert_string_equal(i18n_word("de", I18N_NOW), "Now");
    assert_string_equal(i18n_word(NULL, I18N_NEXT), "Next");
    assert_string_equal(i18n_word("he", I18N_TOMORROW), "Tomorrow");
    assert_string_equal(i18n_weekday("pt-BR", 3), "Wed");
}

/* A date that starts a heading gets a capital: "jue 10 dic" -> "Jue 10 dic". */
static void i18n_capitalize_makes_the_first_letter_upper_case(void **state)
{
    (void)state;
    char buf[I18N_BUF];
    i18n_format_date("es", 4, 12, 10, buf, sizeof(buf));
    i18n_capitalize(buf);
    assert_string_equal(buf, "Jue 10 dic");
    i18n_format_date("fr", 4, 12, 10, buf, sizeof(buf));
    i18n_capitalize(buf);
    assert_string_equal(buf, "Jeu. 10 d\xc3\xa9" "c.");
    i18n_format_date("ru", 4, 12, 10, buf, sizeof(buf));
    i18n_capitalize(buf); /* чт -> Чт (ч is U+0447, in the second half) */
    assert_string_equal(buf, "\xd0\xa7\xd1\x82, 10 \xd0\xb4\xd0\xb5\xd0\xba.");
    i18n_format_date("ru", 3, 12, 9, buf, sizeof(buf));
    i18n_capitalize(buf); /* ср -> Ср (с is U+0441) */
    assert_memory_equal(buf, "\xd0\xa1\xd1\x80", 4);
    /* Already capital, another script, empty: unchanged. */
    char en[] = "Thu 10 Dec", zh[] = "12\xe6\x9c\x88" "10\xe6\x97\xa5", empty[] = "";
    i18n_capitalize(en);
    i18n_capitalize(zh);
    i18n_capitalize(empty);
    i18n_capitalize(NULL);
    assert_string_equal(en, "Thu 10 Dec");
    assert_string_equal(zh, "12\xe6\x9c\x88" "10\xe6\x97\xa5");
    assert_string_equal(empty, "");
    for (size_t l = 0; l < N_LANGS; l++)
        for (int d = 0; d < 7; d++) {
            i18n_format_date(langs[l], d, 1 + d, 1, buf, sizeof(buf));
            size_t n = strlen(buf);
            i18n_capitalize(buf);
            assert_int_equal(strlen(buf), n);
            assert_true(support_utf8_valid(buf));
        }
}

/* The places {1}..{3} of a template, as a bit set. */
static unsigned places(const char *t)
{
    unsigned set = 0;
    for (const char *p = strchr(t, '{'); p; p = strchr(p + 1, '{'))
        if (p[1] >= '1' && p[1] <= '3' && p[2] == '}')
            set |= 1u << (p[1] - '1');
    return set;
}

static void i18n_footer_templates_keep_their_places_in_every_language(void **state)
{
    (void)state;
    for (int id = I18N_FT_BUILTIN; id < I18N_WORD_COUNT; id++) {
        unsigned want = places(i18n_word("en", (i18n_word_id)id));
        for (size_t l = 1; l < N_LANGS; l++)
            if (places(i18n_word(langs[l], (i18n_word_id)id)) != want)
                fail_msg("%s word %d: \"%s\" has other places than \"%s\"", langs[l], id,
                         i18n_word(langs[l], (i18n_word_id)id),
                         i18n_word("en", (i18n_word_id)id));
    }
    char b[I18N_BUF];
    assert_int_equal(i18n_fill("en", I18N_FT_FROM, "agenda", "14:02", "3 h ago", b, sizeof(b)),
                     strlen("agenda from 14:02 (3 h ago)"));
    assert_string_equal(b, "agenda from 14:02 (3 h ago)");
    i18n_fill("zh", I18N_FT_FROM, "日程", "14:02", "3小时前", b, sizeof(b));
    assert_string_equal(b, "14:02（3小时前）的日程");
    i18n_fill("fr", I18N_FT_REJECTED, NULL, NULL, NULL, b, sizeof(b));
    assert_string_equal(b, "flux refusé\u00a0: ");
    /* Cut short: whole characters only. */
    i18n_fill("ru", I18N_FT_OUTDATED, NULL, NULL, NULL, b, 6);
    assert_string_equal(b, "во");
}

static void i18n_plural_categories_follow_cldr(void **state)
{
    (void)state;
    /* 0 zero, 1 one, 2 two, 3 few, 4 many, 5 other */
    static const struct {
        const char *lang;
        int64_t n;
        int want;
    } cases[] = {
        {"en", 0, 5}, {"en", 1, 1},   {"en", 2, 5},   {"es", 1, 1},   {"es", 1000, 5},
        {"fr", 0, 1}, {"fr", 1, 1},   {"fr", 2, 5},   {"zh", 1, 5},   {"ru", 1, 1},
        {"ru", 2, 3}, {"ru", 4, 3},   {"ru", 5, 4},   {"ru", 11, 4},  {"ru", 12, 4},
        {"ru", 21, 1}, {"ru", 22, 3}, {"ru", 111, 4}, {"ru", 0, 4},   {"ar", 0, 0},
        {"ar", 1, 1}, {"ar", 2, 2},   {"ar", 3, 3},   {"ar", 10, 3},  {"ar", 11, 4},
        {"ar", 99, 4}, {"ar", 100, 5}, {"ar", 102, 5}, {"ar", 103, 3}, {"ru", -21, 1},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (i18n_plural(cases[i].lang, cases[i].n) != cases[i].want)
            fail_msg("%s %lld: %d, want %d", cases[i].lang, (long long)cases[i].n,
                     i18n_plural(cases[i].lang, cases[i].n), cases[i].want);
    char b[I18N_BUF];
    assert_int_equal(i18n_format_count("en", I18N_COUNT_KINDS, 3, b, sizeof(b)), 0);
    assert_string_equal(b, "");
}

static void i18n_days_and_amounts(void **state)
{
    (void)state;
    static const char *const day[] = {"9 Dec", "12月9日", "9 дек.", "9 déc.", "9 dic",
                                      "9 ديسمبر"};
    static const char *const amount[] = {"3 h", "3小时", "3 ч", "3\u00a0h", "3 h", "3 س"};
    char b[I18N_BUF];
    for (size_t l = 0; l < N_LANGS; l++) {
        i18n_format_day(langs[l], 12, 9, b, sizeof(b));
        assert_string_equal(b, day[l]);
        i18n_format_amount(langs[l], 3, 'h', b, sizeof(b));
        assert_string_equal(b, amount[l]);
    }
    i18n_format_amount("en", 12, 'm', b, sizeof(b));
    assert_string_equal(b, "12 min");
    i18n_format_amount("ru", 2, 'd', b, sizeof(b));
    assert_string_equal(b, "2 дн.");
}

static void i18n_notes_translate_the_boards_own_words(void **state)
{
    (void)state;
    /* Each sentence the board writes, and the parts that must come through as they are. */
    static const struct {
        const char *line, *kept[3];
    } notes[] = {
        {"settings: line 3: unknown key \"x\": running on the defaults",
         {"line 3: unknown key \"x\""}},
        {"settings: no board profile \"kiosk\": none applied", {"kiosk"}},
        {"settings: line 9: bad value", {"line 9: bad value"}},
        {"hall = B: no such hall in the feed; showing every hall", {"B"}},
        {"zone = Mars/Olympus: unknown time zone (not in /zi), left out",
         {"Mars/Olympus", "/zi"}},
        {"the built-in agenda: zones missing (zone directory /zi): shown in UTC",
         {"zones missing", "/zi"}},
        {"the built-in agenda: zones missing (zone directory /zi)", {"zones missing", "/zi"}},
        {"/f.json: zones missing (zone directory /zi): shown in UTC",
         {"/f.json", "zones missing", "/zi"}},
        {"/f.json: zones missing (zone directory /zi)", {"/f.json", "zones missing", "/zi"}},
        {"feed the built-in agenda not usable: broken", {"broken"}},
        {"feed /f.json not usable: broken", {"/f.json", "broken"}},
        {"pushed feed not usable: broken", {"broken"}},
        {"cached feed not usable: broken", {"broken"}},
    };
    static const char *const english[] = {"settings", "running", "defaults", "profile",
                                           "applied", "showing", "unknown", "left out",
                                           "built-in", "directory", "shown", "usable",
                                           "pushed", "cached"};
    char b[512];
    for (size_t i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
        i18n_note("en", notes[i].line, b, sizeof(b));
        assert_string_equal(b, notes[i].line);
        for (size_t l = 1; l < N_LANGS; l++) {
            i18n_note(langs[l], notes[i].line, b, sizeof(b));
            assert_true(support_utf8_valid(b));
            for (size_t k = 0; k < 3 && notes[i].kept[k]; k++)
                if (!strstr(b, notes[i].kept[k]))
                    fail_msg("%s: \"%s\" lost \"%s\"", langs[l], b, notes[i].kept[k]);
            for (size_t e = 0; e < sizeof(english) / sizeof(english[0]); e++) {
                const char *hit = strstr(b, english[e]);
                bool in_kept = false;
                for (size_t k = 0; k < 3 && notes[i].kept[k]; k++)
                    in_kept = in_kept || strstr(notes[i].kept[k], english[e]);
                if (hit && !in_kept)
                    fail_msg("%s: \"%s\" keeps \"%s\"", langs[l], b, english[e]);
            }
        }
    }
    /* A line the board does not know: as it is. */
    i18n_note("zh", "fonts: Noto Sans CJK missing", b, sizeof(b));
    assert_string_equal(b, "fonts: Noto Sans CJK missing");
    i18n_note("zh", "settings: ", b, sizeof(b)); /* a place holds something */
    assert_string_equal(b, "settings: ");
    i18n_note("ru", "settings: x", b, 8);
    assert_true(support_utf8_valid(b) && strlen(b) < 8);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(i18n_every_word_exists_in_all_six_languages),
        cmocka_unit_test(i18n_dates_read_like_a_board_in_every_language),
        cmocka_unit_test(i18n_formatters_never_split_a_code_point),
        cmocka_unit_test(i18n_minutes_become_minutes_hours_or_days),
        cmocka_unit_test(i18n_more_counts_follow_the_plural_rules),
        cmocka_unit_test(i18n_rtl_is_true_for_arabic_hebrew_persian_urdu_only),
        cmocka_unit_test(i18n_unknown_languages_fall_back_to_english_and_subtags_match),
        cmocka_unit_test(i18n_capitalize_makes_the_first_letter_upper_case),
        cmocka_unit_test(i18n_footer_templates_keep_their_places_in_every_language),
        cmocka_unit_test(i18n_plural_categories_follow_cldr),
        cmocka_unit_test(i18n_days_and_amounts),
        cmocka_unit_test(i18n_notes_translate_the_boards_own_words),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
