/* i18n_status.c - the words of the board's footer and notes (i18n.h): plural forms,
 * templates with numbered places, days without a weekday, and the start-up notes.
 *
 * Layout: a bounded appender; templates ({1}, {2}, {3}); plural rules and counted
 * phrases; the notes: each sentence the board writes in English beside its
 * translations, matched against a line to take out what came from elsewhere.
 */
#include "i18n.h"

#include <stdio.h>
#include <string.h>

#include "utf8.h"

enum { L_EN, L_ZH, L_RU, L_FR, L_ES, L_AR, L_COUNT };

/* Index of lang's table (the order of i18n.c: en zh ru fr es ar). */
static int lang_index(const char *lang)
{
    static const char *const codes[L_COUNT] = {"en", "zh", "ru", "fr", "es", "ar"};
    const char *c = i18n_lang(lang);
    for (int i = 0; i < L_COUNT; i++)
        if (strcmp(c, codes[i]) == 0)
            return i;
    return L_EN;
}

/* ---- Bounded appender (a clean prefix once full, whole characters) --------- */

typedef struct {
    char *buf;
    size_t cap, len;
    bool full;
} out_t;

static out_t out_make(char *buf, size_t cap)
{
    out_t o = {buf, cap, 0, cap == 0};
    if (cap)
        buf[0] = '\0';
    return o;
}

static void put_n(out_t *o, const char *s, size_t n)
{
    if (o->full)
        return;
    size_t room = o->cap - 1 - o->len;
    if (n > room) {
        n = utf8_cut(s, room);
        o->full = true;
    }
    memcpy(o->buf + o->len, s, n);
    o->len += n;
    o->buf[o->len] = '\0';
}

/* ---- Templates -------------------------------------------------------------- */

typedef struct {
    const char *s;
    size_t n;
} arg_t;

/* Writes tmpl with {1}..{3} replaced by args[0..2]. */
static void fill(out_t *o, const char *tmpl, const arg_t *args)
{
    const char *p = tmpl;
    while (*p) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '3' && p[2] == '}') {
            const arg_t *a = &args[p[1] - '1'];
            if (a->s)
                put_n(o, a->s, a->n);
            p += 3;
            continue;
        }
        size_t k = strcspn(p + 1, "{") + 1;
        put_n(o, p, k);
        p += k;
    }
}

size_t i18n_fill(const char *lang, i18n_word_id id, const char *a1, const char *a2,
                 const char *a3, char *buf, size_t cap)
{
    out_t o = out_make(buf, cap);
    arg_t args[3] = {{a1, a1 ? strlen(a1) : 0}, {a2, a2 ? strlen(a2) : 0},
                     {a3, a3 ? strlen(a3) : 0}};
    fill(&o, i18n_word(lang, id), args);
    return o.len;
}

size_t i18n_format_day(const char *lang, int month, int day, char *buf, size_t cap)
{
    out_t o = out_make(buf, cap);
    char num[16];
    snprintf(num, sizeof(num), "%d", day);
    const char *mo = i18n_month(lang, month);
    if (lang_index(lang) == L_ZH) { /* 12月9日 */
        put_n(&o, mo, strlen(mo));
        put_n(&o, num, strlen(num));
        put_n(&o, "日", strlen("日"));
    } else { /* 9 Dec, 9 déc., 9 дек., 9 dic, 9 ديسمبر */
        put_n(&o, num, strlen(num));
        put_n(&o, " ", 1);
        put_n(&o, mo, strlen(mo));
    }
    return o.len;
}

/* ---- Plurals ---------------------------------------------------------------- */

enum { P_ZERO, P_ONE, P_TWO, P_FEW, P_MANY, P_OTHER, P_COUNT };

int i18n_plural(const char *lang, int64_t n)
{
    uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    uint64_t m10 = u % 10, m100 = u % 100;
    switch (lang_index(lang)) {
    case L_ZH:
        return P_OTHER;
    case L_RU:
        if (m10 == 1 && m100 != 11)
            return P_ONE;
        if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14))
            return P_FEW;
        return P_MANY;
    case L_FR:
        return u <= 1 ? P_ONE : P_OTHER;
    case L_AR:
        if (u <= 2)
            return (int)u; /* zero, one, two */
        if (m100 >= 3 && m100 <= 10)
            return P_FEW;
        if (m100 >= 11)
            return P_MANY;
        return P_OTHER;
    case L_EN:
    case L_ES:
    default:
        return u == 1 ? P_ONE : P_OTHER;
    }
}

/* Counted phrases: one form per plural category ("{1}" is the number; NULL = the
 * "other" form). */
static const char *const counted[I18N_COUNT_KINDS][L_COUNT][P_COUNT] = {
    [I18N_COUNT_FEED_WARNINGS] = {
        [L_EN] = {[P_ONE] = "{1} feed warning", [P_OTHER] = "{1} feed warnings"},
        [L_ZH] = {[P_OTHER] = "{1}条数据警告"},
        [L_RU] = {[P_ONE] = "{1} предупреждение в данных",
                  [P_FEW] = "{1} предупреждения в данных",
                  [P_MANY] = "{1} предупреждений в данных",
                  [P_OTHER] = "{1} предупреждения в данных"},
        [L_FR] = {[P_ONE] = "{1}\u00a0avertissement du flux",
                  [P_OTHER] = "{1}\u00a0avertissements du flux"},
        [L_ES] = {[P_ONE] = "{1} aviso en los datos", [P_OTHER] = "{1} avisos en los datos"},
        [L_AR] = {[P_ZERO] = "لا تحذيرات في البيانات", [P_ONE] = "تحذير واحد في البيانات",
                  [P_TWO] = "تحذيران في البيانات", [P_FEW] = "{1} تحذيرات في البيانات",
                  [P_MANY] = "{1} تحذيرًا في البيانات", [P_OTHER] = "{1} تحذير في البيانات"},
    },
};

size_t i18n_format_count(const char *lang, i18n_count k, int64_t n, char *buf, size_t cap)
{
    out_t o = out_make(buf, cap);
    if ((unsigned)k >= I18N_COUNT_KINDS)
        return 0;
    int li = lang_index(lang), p = i18n_plural(lang, n);
    const char *t = counted[k][li][p] ? counted[k][li][p] : counted[k][li][P_OTHER];
    char num[24];
    snprintf(num, sizeof(num), "%lld", (long long)n);
    arg_t args[3] = {{num, strlen(num)}, {NULL, 0}, {NULL, 0}};
    fill(&o, t, args);
    return o.len;
}

/* ---- Notes ------------------------------------------------------------------ */

/* The board's sentences: English first (as written by boot.c, cli.c and
 * cli_settings.c), then zh, ru, fr, es, ar. More particular sentences come before
 * the general ones they would also match. */
static const char *const notes[][L_COUNT] = {
    {"settings: {1}: running on the defaults", "设置：{1}：以默认设置运行",
     "настройки: {1}: работа с настройками по умолчанию",
     "réglages\u00a0: {1}\u00a0: valeurs par défaut utilisées",
     "ajustes: {1}: se usan los valores predeterminados",
     "الإعدادات: {1}: يعمل بالإعدادات الافتراضية"},
    {"settings: no board profile \"{1}\": none applied", "设置：没有显示屏配置“{1}”：未应用",
     "настройки: профиля табло «{1}» нет: не применён",
     "réglages\u00a0: pas de profil d’écran «\u00a0{1}\u00a0»\u00a0: aucun appliqué",
     "ajustes: no hay perfil de pantalla «{1}»: no se aplica ninguno",
     "الإعدادات: لا يوجد ملف تعريف للشاشة «{1}»: لم يُطبَّق شيء"},
    {"settings: {1}", "设置：{1}", "настройки: {1}", "réglages\u00a0: {1}", "ajustes: {1}",
     "الإعدادات: {1}"},
    {"hall = {1}: no such hall in the feed; showing every hall",
     "hall = {1}：数据中没有此会场；显示所有会场",
     "hall = {1}: такого зала в данных нет; показаны все залы",
     "hall = {1}\u00a0: salle absente du flux\u00a0; toutes les salles sont affichées",
     "hall = {1}: esa sala no está en los datos; se muestran todas las salas",
     "hall = {1}: لا توجد هذه القاعة في البيانات؛ تُعرض كل القاعات"},
    {"zone = {1}: unknown time zone (not in {2}), left out",
     "zone = {1}：未知时区（不在 {2} 中），已忽略",
     "zone = {1}: неизвестный часовой пояс (нет в {2}), пропущен",
     "zone = {1}\u00a0: fuseau horaire inconnu (absent de {2}), ignoré",
     "zone = {1}: zona horaria desconocida (no está en {2}), omitida",
     "zone = {1}: منطقة زمنية غير معروفة (ليست في {2})، أُهملت"},
    {"the built-in agenda: {1} (zone directory {2}): shown in UTC",
     "内置日程：{1}（时区目录 {2}）：按 UTC 显示",
     "встроенная программа: {1} (каталог часовых поясов {2}): показана в UTC",
     "programme intégré\u00a0: {1} (répertoire des fuseaux {2})\u00a0: affiché en UTC",
     "programa integrado: {1} (directorio de zonas {2}): se muestra en UTC",
     "الجدول المدمج: {1} (دليل المناطق الزمنية {2}): يُعرض بتوقيت UTC"},
    {"the built-in agenda: {1} (zone directory {2})", "内置日程：{1}（时区目录 {2}）",
     "встроенная программа: {1} (каталог часовых поясов {2})",
     "programme intégré\u00a0: {1} (répertoire des fuseaux {2})",
     "programa integrado: {1} (directorio de zonas {2})",
     "الجدول المدمج: {1} (دليل المناطق الزمنية {2})"},
    {"{1}: {2} (zone directory {3}): shown in UTC", "{1}：{2}（时区目录 {3}）：按 UTC 显示",
     "{1}: {2} (каталог часовых поясов {3}): показано в UTC",
     "{1}\u00a0: {2} (répertoire des fuseaux {3})\u00a0: affiché en UTC",
     "{1}: {2} (directorio de zonas {3}): se muestra en UTC",
     "{1}: {2} (دليل المناطق الزمنية {3}): يُعرض بتوقيت UTC"},
    {"{1}: {2} (zone directory {3})", "{1}：{2}（时区目录 {3}）",
     "{1}: {2} (каталог часовых поясов {3})", "{1}\u00a0: {2} (répertoire des fuseaux {3})",
     "{1}: {2} (directorio de zonas {3})", "{1}: {2} (دليل المناطق الزمنية {3})"},
    {"feed the built-in agenda not usable: {1}", "内置日程不可用：{1}",
     "встроенная программа непригодна: {1}", "programme intégré inutilisable\u00a0: {1}",
     "programa integrado no utilizable: {1}", "الجدول المدمج غير صالح للاستخدام: {1}"},
    {"feed {1} not usable: {2}", "数据 {1} 不可用：{2}", "данные {1} непригодны: {2}",
     "flux {1} inutilisable\u00a0: {2}", "datos {1} no utilizables: {2}",
     "البيانات {1} غير صالحة للاستخدام: {2}"},
    {"pushed feed not usable: {1}", "推送的数据不可用：{1}",
     "присланные данные непригодны: {1}", "flux envoyé inutilisable\u00a0: {1}",
     "datos enviados no utilizables: {1}", "البيانات المُرسَلة غير صالحة للاستخدام: {1}"},
    {"cached feed not usable: {1}", "缓存的数据不可用：{1}", "данные из кэша непригодны: {1}",
     "flux en cache inutilisable\u00a0: {1}", "datos en caché no utilizables: {1}",
     "البيانات المحفوظة غير صالحة للاستخدام: {1}"},
};

/* Matches line against English template t, taking out its places into args. */
static bool match(const char *t, const char *line, arg_t *args)
{
    const char *p = t, *l = line;
    int place = -1; /* the place waiting for the text before the next literal */
    for (;;) {
        size_t lit = 0; /* the literal at p, up to the next place or the end */
        while (p[lit] && !(p[lit] == '{' && p[lit + 1] >= '1' && p[lit + 1] <= '3' &&
                           p[lit + 2] == '}'))
            lit++;
        const char *at;
        if (place < 0) { /* the start: the literal must begin the line */
            if (strncmp(l, p, lit) != 0)
                return false;
            at = l;
        } else if (!p[lit]) { /* the end: the literal must end the line */
            size_t ll = strlen(l);
            if (ll < lit || strcmp(l + ll - lit, p) != 0)
                return false;
            at = l + ll - lit;
        } else {
            char want[128];
            if (lit >= sizeof(want))
                return false;
            memcpy(want, p, lit);
            want[lit] = '\0';
            at = strstr(l, want);
            if (!at)
                return false;
        }
        if (place >= 0) {
            if (at == l)
                return false; /* a place holds something */
            args[place] = (arg_t){l, (size_t)(at - l)};
        }
        l = at + lit;
        p += lit;
        if (!*p)
            return !*l;
        place = p[1] - '1';
        p += 3;
    }
}

size_t i18n_note(const char *lang, const char *line, char *buf, size_t cap)
{
    out_t o = out_make(buf, cap);
    int li = lang_index(lang);
    for (size_t i = 0; li != L_EN && i < sizeof(notes) / sizeof(notes[0]); i++) {
        arg_t args[3] = {{NULL, 0}, {NULL, 0}, {NULL, 0}};
        if (match(notes[i][L_EN], line, args)) {
            fill(&o, notes[i][li], args);
            return o.len;
        }
    }
    put_n(&o, line, strlen(line));
    return o.len;
}
