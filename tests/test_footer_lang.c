/* test_footer_lang.c - the footer in the six languages: every state's words
 * translated (exact lines in English, Chinese and French; no English word left and
 * valid UTF-8 in all six), counts with their plural forms, the start-up notes, a cut
 * at every byte on a grapheme boundary with "…", and `hallboard state --lang zh`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "support.h"

#include "boot.h"
#include "civil.h"
#include "feedsrc.h"
#include "grapheme.h"
#include "graphref.h"
#include "health.h"
#include "i18n.h"
#include "status.h"
#include "tzdb.h"
#include "utf8.h"

static const char *const langs[] = {"en", "zh", "ru", "fr", "es", "ar"};
#define N_LANGS (sizeof(langs) / sizeof(langs[0]))

static int64_t at(const char *s)
{
    int64_t t = 0;
    assert_true(civil_parse_rfc3339(s, &t, NULL));
    return t;
}

static const tz_zone *paris(void)
{
    static tz_zone *z;
    tzdb_init();
    if (!z)
        z = tzdb_load(NULL, "Europe/Paris");
    assert_non_null(z);
    return z;
}

/* Every state the footer can tell, at 17:02 Paris time on 9 Dec 2020. */
typedef struct {
    const char *name;
    status_input in;
} state_case;

#define NOW "2020-12-09T17:02:00+01:00"

static size_t states(state_case *c)
{
    int64_t t14 = at("2020-12-09T14:02:00+01:00"), d8 = at("2020-12-08T09:30:00+01:00");
    size_t n = 0;
    c[n++] = (state_case){"embedded", {.source = STATUS_EMBEDDED}};
    c[n++] = (state_case){"file", {.source = STATUS_FILE, .name = "hall.json"}};
    c[n++] = (state_case){"cached", {.source = STATUS_CACHE, .fetched_at = t14}};
    c[n++] = (state_case){"pushed", {.source = STATUS_PUSHED, .fetched_at = t14}};
    c[n++] = (state_case){"live", {.source = STATUS_NETWORK, .has_url = true,
                                   .fetch = STATUS_FETCH_OK, .fetched_at = t14}};
    c[n++] = (state_case){"offline", {.source = STATUS_NETWORK, .has_url = true,
                                      .fetch = STATUS_FETCH_FAIL, .fetched_at = t14}};
    c[n++] = (state_case){"offline, built-in", {.source = STATUS_EMBEDDED, .has_url = true,
                                                .fetch = STATUS_FETCH_FAIL}};
    c[n++] = (state_case){"outdated", {.source = STATUS_CACHE, .has_url = true,
                                       .fetch = STATUS_FETCH_FAIL, .fetched_at = d8}};
    c[n++] = (state_case){"rejected", {.source = STATUS_NETWORK, .has_url = true,
                                       .fetch = STATUS_FETCH_REJECTED, .fetched_at = t14}};
    c[n++] = (state_case){"rejected, built-in", {.source = STATUS_EMBEDDED, .has_url = true,
                                                 .fetch = STATUS_FETCH_REJECTED}};
    c[n++] = (state_case){"connecting", {.source = STATUS_EMBEDDED, .has_url = true}};
    c[n++] = (state_case){"connecting, cached", {.source = STATUS_CACHE, .has_url = true,
                                                 .fetched_at = t14}};
    c[n++] = (state_case){"marks", {.source = STATUS_NETWORK, .has_url = true,
                                    .fetch = STATUS_FETCH_OK, .fetched_at = t14,
                                    .revision = "r7", .not_saved = true, .zone_assumed = true,
                                    .feed_warnings = 3, .clock_from_server = true,
                                    .demo = true}};
    c[n++] = (state_case){"one warning", {.source = STATUS_EMBEDDED, .feed_warnings = 1}};
    c[n++] = (state_case){"just fetched", {.source = STATUS_CACHE,
                                           .fetched_at = at(NOW) - 30}};
    return n;
}

static void line(const state_case *c, const char *lang, char *buf, bool *warn)
{
    status_footer(&c->in, lang, at(NOW), paris(), buf, STATUS_LINE_MAX, warn);
}

static void footer_states_in_english_chinese_and_french_exactly(void **st)
{
    (void)st;
    static const char *const want[][3] = {
        {"built-in agenda", "内置日程", "programme intégré"},
        {"file hall.json", "文件 hall.json", "fichier hall.json"},
        {"cached agenda from 14:02 (3 h ago)", "14:02（3小时前）的缓存的日程",
         "programme en cache de 14:02 (il y a 3\u00a0h)"},
        {"pushed agenda from 14:02 (3 h ago)", "14:02（3小时前）的推送的日程",
         "programme envoyé de 14:02 (il y a 3\u00a0h)"},
        {"live", "实时", "en direct"},
        {"offline - agenda from 14:02 (3 h ago)", "离线 - 14:02（3小时前）的日程",
         "hors ligne - programme de 14:02 (il y a 3\u00a0h)"},
        {"offline - built-in agenda", "离线 - 内置日程", "hors ligne - programme intégré"},
        {"offline - agenda from 8 Dec 09:30 (31 h ago) \u00b7 may be outdated",
         "离线 - 12月8日 09:30（31小时前）的日程 \u00b7 可能已过时",
         "hors ligne - programme de 8 déc. 09:30 (il y a 31\u00a0h) \u00b7 peut-être périmé"},
        {"feed rejected: invalid \u00b7 showing the agenda from 14:02 (3 h ago)",
         "数据源被拒绝：无效 \u00b7 显示14:02（3小时前）的日程",
         "flux refusé\u00a0: invalide \u00b7 affichage du programme de 14:02 (il y a 3\u00a0h)"},
        {"feed rejected: invalid \u00b7 showing the built-in agenda",
         "数据源被拒绝：无效 \u00b7 显示内置日程",
         "flux refusé\u00a0: invalide \u00b7 affichage\u00a0: programme intégré"},
        {"connecting \u00b7 built-in agenda", "正在连接 \u00b7 内置日程",
         "connexion \u00b7 programme intégré"},
        {"connecting \u00b7 cached agenda from 14:02 (3 h ago)",
         "正在连接 \u00b7 14:02（3小时前）的缓存的日程",
         "connexion \u00b7 programme en cache de 14:02 (il y a 3\u00a0h)"},
        {"live \u00b7 revision r7 \u00b7 not saved for offline \u00b7 times read as UTC: the feed "
         "names no time zone \u00b7 3 feed warnings \u00b7 clock from server \u00b7 demo: "
         "simulated clock",
         "实时 \u00b7 版本 r7 \u00b7 未保存供离线使用 \u00b7 时间按 UTC 解读：数据源未指明时区 "
         "\u00b7 3条数据警告 \u00b7 时间来自服务器 \u00b7 演示：模拟时钟",
         "en direct \u00b7 révision r7 \u00b7 non enregistré pour le mode hors ligne \u00b7 "
         "heures lues en UTC\u00a0: le flux n’indique aucun fuseau horaire \u00b7 "
         "3\u00a0avertissements du flux \u00b7 heure du serveur \u00b7 démonstration\u00a0: "
         "horloge simulée"},
        {"built-in agenda \u00b7 1 feed warning", "内置日程 \u00b7 1条数据警告",
         "programme intégré \u00b7 1\u00a0avertissement du flux"},
        {"cached agenda from 17:01 (just now)", "17:01（刚刚）的缓存的日程",
         "programme en cache de 17:01 (à l’instant)"},
    };
    state_case c[32];
    size_t n = states(c);
    assert_int_equal(n, sizeof(want) / sizeof(want[0]));
    static const char *const three[] = {"en", "zh", "fr"};
    char b[STATUS_LINE_MAX];
    for (size_t i = 0; i < n; i++)
        for (size_t l = 0; l < 3; l++) {
            bool w;
            line(&c[i], three[l], b, &w);
            if (strcmp(b, want[i][l]) != 0)
                fail_msg("%s in %s: \"%s\", want \"%s\"", c[i].name, three[l], b, want[i][l]);
        }
}

/* True when word (ASCII) stands in s as a whole word: no ASCII letter either side. */
static bool has_word(const char *s, const char *word)
{
    size_t k = strlen(word);
    for (const char *p = strstr(s, word); p; p = strstr(p + 1, word)) {
        bool before = p > s && ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z');
        bool after = (p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'z';
        if (!before && !after)
            return true;
    }
    return false;
}

static void footer_states_leave_no_english_word_in_any_language(void **st)
{
    (void)st;
    static const char *const english[] = {
        "agenda", "built", "file", "cached", "pushed", "from", "ago", "just", "now", "live",
        "offline", "feed", "rejected", "invalid", "showing", "connecting", "revision",
        "saved", "may", "outdated", "times", "read", "names", "zone", "warning", "warnings",
        "clock", "server", "demo", "simulated", "Dec", "h ago", "min",
    };
    state_case c[32];
    size_t n = states(c);
    char b[STATUS_LINE_MAX];
    for (size_t l = 0; l < N_LANGS; l++)
        for (size_t i = 0; i < n; i++) {
            bool w = false, w_en = false;
            line(&c[i], langs[l], b, &w);
            assert_true(utf8_valid(b, strlen(b), NULL));
            assert_true(strlen(b) > 0);
            char en[STATUS_LINE_MAX];
            line(&c[i], "en", en, &w_en);
            assert_int_equal(w, w_en); /* the warning colour does not depend on the words */
            if (l == 0)
                continue;
            assert_string_not_equal(b, en);
            for (size_t k = 0; k < sizeof(english) / sizeof(english[0]); k++)
                if (has_word(b, english[k]))
                    fail_msg("%s in %s keeps \"%s\": %s", c[i].name, langs[l], english[k], b);
        }
}

static void footer_arabic_keeps_latin_names_in_their_order(void **st)
{
    (void)st;
    /* A left-to-right mark before a revision that starts with a digit: otherwise the
     * bidi algorithm shows "2020-12-08T12:00:00Z" as "08T12:00:00Z-12-2020". */
    status_input in = {.source = STATUS_FILE, .name = "hall-1.json",
                       .revision = "2020-12-08T12:00:00Z"};
    char b[STATUS_LINE_MAX];
    status_footer(&in, "ar", at(NOW), paris(), b, sizeof(b), NULL);
    assert_string_equal(b, "الملف hall-1.json \u00b7 الإصدار \u200e2020-12-08T12:00:00Z");
    in.revision = "r7"; /* begins with a letter: no mark */
    status_footer(&in, "ar", at(NOW), paris(), b, sizeof(b), NULL);
    assert_string_equal(b, "الملف hall-1.json \u00b7 الإصدار r7");
    in.revision = "2020-12-08T12:00:00Z";
    status_footer(&in, "en", at(NOW), paris(), b, sizeof(b), NULL);
    assert_string_equal(b, "file hall-1.json \u00b7 revision 2020-12-08T12:00:00Z");
}

static void footer_counts_take_the_plural_of_their_language(void **st)
{
    (void)st;
    static const struct {
        const char *lang;
        size_t n;
        const char *want;
    } cases[] = {
        {"en", 1, "1 feed warning"},
        {"en", 2, "2 feed warnings"},
        {"ru", 1, "1 предупреждение в данных"},
        {"ru", 3, "3 предупреждения в данных"},
        {"ru", 5, "5 предупреждений в данных"},
        {"ru", 11, "11 предупреждений в данных"},
        {"ru", 21, "21 предупреждение в данных"},
        {"ru", 22, "22 предупреждения в данных"},
        {"ru", 112, "112 предупреждений в данных"},
        {"fr", 1, "1\u00a0avertissement du flux"},
        {"fr", 2, "2\u00a0avertissements du flux"},
        {"es", 1, "1 aviso en los datos"},
        {"es", 4, "4 avisos en los datos"},
        {"ar", 1, "تحذير واحد في البيانات"},
        {"ar", 2, "تحذيران في البيانات"},
        {"ar", 3, "3 تحذيرات في البيانات"},
        {"ar", 11, "11 تحذيرًا في البيانات"},
        {"ar", 100, "100 تحذير في البيانات"},
        {"zh", 1, "1条数据警告"},
        {"zh", 7, "7条数据警告"},
    };
    char b[STATUS_LINE_MAX], want[STATUS_LINE_MAX];
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        status_input in = {.source = STATUS_EMBEDDED, .feed_warnings = cases[i].n};
        bool w = false;
        status_footer(&in, cases[i].lang, at(NOW), paris(), b, sizeof(b), &w);
        snprintf(want, sizeof(want), "%s \u00b7 %s", i18n_word(cases[i].lang, I18N_FT_BUILTIN),
                 cases[i].want);
        assert_string_equal(b, want);
        assert_true(w);
    }
}

static void footer_ages_in_every_language(void **st)
{
    (void)st;
    static const char *const want[][4] = {
        /* 30 s, 12 min, 3 h, 3 d */
        {"just now", "12 min ago", "3 h ago", "3 d ago"},
        {"刚刚", "12分钟前", "3小时前", "3天前"},
        {"только что", "12 мин назад", "3 ч назад", "3 дн. назад"},
        {"à l’instant", "il y a 12\u00a0min", "il y a 3\u00a0h", "il y a 3\u00a0j"},
        {"ahora mismo", "hace 12 min", "hace 3 h", "hace 3 d"},
        {"الآن", "منذ 12 د", "منذ 3 س", "منذ 3 يوم"},
    };
    static const int64_t ages[] = {30, 12 * 60, 3 * 3600 + 59, 3 * 86400 + 7};
    char b[64];
    for (size_t l = 0; l < N_LANGS; l++)
        for (size_t k = 0; k < 4; k++) {
            status_age(langs[l], ages[k], b, sizeof(b));
            assert_string_equal(b, want[l][k]);
        }
}

/* Checks buf (k bytes), the footer full cut for cap: valid, within cap, a prefix of
 * full cut on a boundary of is_break, with the ellipsis when cut. */
static void check_cut(const char *full, size_t n, const bool *is_break, const char *buf,
                      size_t k, size_t cap)
{
    assert_int_equal(strlen(buf), k);
    assert_true(k <= cap - 1);
    assert_true(utf8_valid(buf, k, NULL));
    if (n <= cap - 1) {
        assert_string_equal(buf, full);
        return;
    }
    if (cap - 1 < GRAPHEME_ELLIPSIS_LEN) {
        assert_int_equal(k, 0);
        return;
    }
    assert_true(k >= 3);
    assert_memory_equal(buf + k - 3, GRAPHEME_ELLIPSIS, 3);
    assert_memory_equal(buf, full, k - 3);
    if (!is_break[k - 3])
        fail_msg("cut at %zu of \"%s\" (cap %zu) splits a grapheme", k - 3, full, cap);
}

static void footer_cut_at_every_byte_keeps_graphemes_whole(void **st)
{
    (void)st;
    /* A reason and a note mixing e + U+0301, CJK, Arabic with marks, 👩‍💻, 🇫🇷 and jamo. */
    const char *reason = "sessions[2].title: \"Cafe\xcc\x81 会场 مُحَاضَرَة "
                         "\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb "
                         "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7\xf0\x9f\x87\xa9\xf0\x9f\x87\xaa "
                         "\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8\" is bad";
    const char *note = "settings: line 4: \"हॉल\xcc\x81\" e\xcc\x81\xcc\xa3 "
                       "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";
    status_input in = {.source = STATUS_CACHE, .has_url = true, .fetch = STATUS_FETCH_REJECTED,
                       .fetched_at = at("2020-12-09T14:02:00+01:00"), .reason = reason,
                       .revision = "r\xcc\x81", .note = note, .feed_warnings = 2};
    static bool is_break[GRAPHREF_MAX + 1];
    char full[STATUS_LINE_MAX], buf[STATUS_LINE_MAX];
    for (size_t l = 0; l < N_LANGS; l++) {
        size_t n = status_footer(&in, langs[l], at(NOW), paris(), full, sizeof(full), NULL);
        assert_true(n < sizeof(full) - 1); /* the whole line */
        if (!graphref_breaks(full, n, is_break)) { /* no ICU: grapheme.c's own boundaries */
            memset(is_break, 0, sizeof(is_break));
            for (size_t i = 0; i < n; i = grapheme_next(full, n, i))
                is_break[i] = true;
        }
        for (size_t cap = 1; cap <= n + 2; cap++) {
            memset(buf, 0x55, sizeof(buf));
            size_t k = status_footer(&in, langs[l], at(NOW), paris(), buf, cap, NULL);
            check_cut(full, n, is_break, buf, k, cap);
            assert_int_equal((unsigned char)buf[cap], 0x55); /* nothing written past cap */
        }
    }
}

static void footer_notes_are_translated_and_cut_on_graphemes(void **st)
{
    (void)st;
    health_problem_list pl = {.n = 3,
                              .line = {"settings: line 3: unknown key \"colour\": running on "
                                       "the defaults",
                                       "zone = Mars/Olympus: unknown time zone (not in "
                                       "/usr/share/zoneinfo), left out",
                                       "fonts: Noto Sans CJK missing"}};
    status_input si = {0};
    char note[STATUS_LINE_MAX];
    health_join_note(&si, &pl, "zh", note, sizeof(note));
    assert_ptr_equal(si.note, note);
    assert_string_equal(note, "设置：line 3: unknown key \"colour\"：以默认设置运行; "
                              "zone = Mars/Olympus：未知时区（不在 /usr/share/zoneinfo 中），"
                              "已忽略; fonts: Noto Sans CJK missing");
    health_join_note(&si, &pl, "en", note, sizeof(note));
    assert_int_equal(strncmp(note, pl.line[0], strlen(pl.line[0])), 0);
    /* Cut: whole clusters and "…", at every size. */
    pl.n = 1;
    pl.line[0] = "settings: \xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x92\xbb \xf0\x9f\x87\xab"
                 "\xf0\x9f\x87\xb7 e\xcc\x81 会场 مُحَاضَرَة";
    char full[STATUS_LINE_MAX];
    health_join_note(&si, &pl, "ar", full, sizeof(full));
    size_t n = strlen(full);
    static bool is_break[GRAPHREF_MAX + 1];
    if (!graphref_breaks(full, n, is_break)) {
        memset(is_break, 0, sizeof(is_break));
        for (size_t i = 0; i < n; i = grapheme_next(full, n, i))
            is_break[i] = true;
    }
    for (size_t cap = 1; cap <= n + 2; cap++) {
        health_join_note(&si, &pl, "ar", note, cap);
        check_cut(full, n, is_break, note, strlen(note), cap);
    }
    pl.n = 0;
    health_join_note(&si, &pl, "ar", note, sizeof(note));
    assert_null(si.note);
}

static void footer_boot_notes_are_the_sentences_i18n_knows(void **st)
{
    (void)st;
    boot_problems bp = {0};
    const char *zones[] = {"Mars/Olympus"}, *labels[] = {"Mars"};
    size_t nz = 1;
    boot_check_zones(zones, labels, &nz, &bp, NULL);
    assert_int_equal(nz, 0);
    assert_int_equal(bp.n, 1);
    char b[STATUS_LINE_MAX];
    i18n_note("zh", bp.text[0], b, sizeof(b));
    if (strncmp(b, "zone = Mars/Olympus：未知时区（不在 ", 39) != 0)
        fail_msg("%s -> %s", bp.text[0], b);
    i18n_note("ru", bp.text[0], b, sizeof(b));
    assert_non_null(strstr(b, "неизвестный часовой пояс"));

    /* A feed file that does not parse: the built-in agenda, and a note. */
    char dir[] = "/tmp/hb-footer-lang-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/feed.json", dir);
    assert_int_equal(support_write_file(path, "{", 1), 0);
    boot_request rq = {.file = path, .fo = feedsrc_options()};
    boot_choice ch;
    bp.n = 0;
    assert_int_equal(boot_choose(&rq, &ch, &bp, NULL), 0);
    unlink(path);
    rmdir(dir);
    assert_int_equal(ch.status.source, STATUS_EMBEDDED);
    assert_int_equal(bp.n, 1);
    i18n_note("fr", bp.text[0], b, sizeof(b));
    char want[STATUS_LINE_MAX];
    snprintf(want, sizeof(want), "flux %s inutilisable\u00a0: ", path);
    if (strncmp(b, want, strlen(want)) != 0)
        fail_msg("%s -> %s", bp.text[0], b);
    agenda_free(ch.a);

    /* A name cut by a byte count in the middle of a character: "…", never a broken
     * sequence; and a line too long: cut on a grapheme. */
    bp.n = 0;
    boot_note(&bp, NULL, false, "hall = %.5s: no such hall in the feed; showing every hall",
              "Зал Б"); /* "За" and the first byte of "л" */
    assert_string_equal(bp.text[0], "hall = За\u2026: no such hall in the feed; showing every "
                                    "hall");
    i18n_note("es", bp.text[0], b, sizeof(b));
    assert_string_equal(b, "hall = За\u2026: esa sala no está en los datos; se muestran "
                           "todas las salas");
    char longname[BOOT_PROBLEM_MAX * 3] = "";
    while (strlen(longname) + 12 < sizeof(longname))
        strcat(longname, "e\xcc\x81\xf0\x9f\x87\xab\xf0\x9f\x87\xb7");
    boot_note(&bp, NULL, false, "settings: %s", longname);
    size_t n = strlen(bp.text[1]);
    assert_true(n < BOOT_PROBLEM_MAX);
    assert_true(utf8_valid(bp.text[1], n, NULL));
    assert_string_equal(bp.text[1] + n - 3, "\u2026");
    assert_true(grapheme_floor(longname, strlen(longname), n - 3 - 10) == n - 3 - 10);
}

static void footer_state_command_speaks_the_language(void **st)
{
    (void)st;
    static const struct {
        const char *lang, *starts;
    } cases[] = {{"zh", "内置日程 \u00b7 版本 "}, {"ar", "الجدول المدمج \u00b7 الإصدار "},
                 {"en", "built-in agenda \u00b7 revision "}};
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char *argv[] = {(char *)support_hallboard(), "state", "--lang", (char *)cases[i].lang,
                        NULL};
        support_run_result r = support_run(argv);
        assert_int_equal(r.status, 0);
        cJSON *j = cJSON_Parse(r.out);
        assert_non_null(j);
        const cJSON *f = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(j, "source"), "footer");
        assert_true(cJSON_IsString(f));
        assert_true(utf8_valid(f->valuestring, strlen(f->valuestring), NULL));
        if (strncmp(f->valuestring, cases[i].starts, strlen(cases[i].starts)) != 0)
            fail_msg("--lang %s: footer \"%s\"", cases[i].lang, f->valuestring);
        if (strcmp(cases[i].lang, "en") != 0)
            assert_false(has_word(f->valuestring, "agenda"));
        cJSON_Delete(j);
        support_run_free(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(footer_states_in_english_chinese_and_french_exactly),
        cmocka_unit_test(footer_states_leave_no_english_word_in_any_language),
        cmocka_unit_test(footer_arabic_keeps_latin_names_in_their_order),
        cmocka_unit_test(footer_counts_take_the_plural_of_their_language),
        cmocka_unit_test(footer_ages_in_every_language),
        cmocka_unit_test(footer_cut_at_every_byte_keeps_graphemes_whole),
        cmocka_unit_test(footer_notes_are_translated_and_cut_on_graphemes),
        cmocka_unit_test(footer_boot_notes_are_the_sentences_i18n_knows),
        cmocka_unit_test(footer_state_command_speaks_the_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
