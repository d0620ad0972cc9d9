/* i18n.c - the board's words in en, zh, ru, fr, es and ar.
 *
 * Layout: one table per language (words, short weekdays and months, duration units
 * and phrase templates), the language lookup (primary subtag, English fallback),
 * a small bounded UTF-8 writer, then the formatters. Grammar that a template cannot
 * express (French "autre/autres", Russian verb agreement, Spanish "queda/quedan")
 * is handled in the formatters, next to the template it changes.
 */
#include "i18n.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *code;
    const char *words[I18N_WORD_COUNT];
    const char *weekdays[7]; /* Sunday first */
    const char *months[12];  /* form used inside a date (Russian: genitive) */
    const char *unit_min, *unit_h, *unit_d;
    const char *unit_sep; /* between a number and its unit */
    const char *part_sep; /* between "2 h" and "5 min" */
    /* Duration phrases: prefix + amount + suffix. */
    const char *in_pre, *in_post;
    const char *left_pre, *left_post;
    const char *starts_pre, *starts_post;
    const char *delay_pre, *delay_post;
    /* "+N more" and "+N more in progress": prefix + N + suffix. */
    const char *more_pre, *more_post;
    const char *prog_pre, *prog_post;
} lang_table;

enum { L_EN, L_ZH, L_RU, L_FR, L_ES, L_AR, L_COUNT };

static const lang_table tables[L_COUNT] = {
    [L_EN] = {
        .code = "en",
        .words = {
            [I18N_NOW] = "Now", [I18N_NEXT] = "Next", [I18N_CANCELLED] = "Cancelled",
            [I18N_BREAK] = "Break", [I18N_NEXT_AT] = "next at", [I18N_TOMORROW] = "Tomorrow",
            [I18N_TODAY] = "Today", [I18N_EVENT_OVER] = "The event is over",
            [I18N_ELSEWHERE] = "Elsewhere now", [I18N_CHAIR] = "Chair", [I18N_HALL] = "Hall",
            [I18N_STARTS_IN] = "starts in", [I18N_ENDED] = "ended", [I18N_COLON] = ": ",
            [I18N_MOVED_TO] = "Moved to", [I18N_HALL_FULL] = "Hall full",
            [I18N_FT_BUILTIN] = "built-in agenda", [I18N_FT_FILE] = "file {1}",
            [I18N_FT_CACHED] = "cached agenda", [I18N_FT_AGENDA] = "agenda",
            [I18N_FT_PUSHED] = "pushed agenda", [I18N_FT_FROM] = "{1} from {2} ({3})",
            [I18N_FT_REJECTED] = "feed rejected: {1}", [I18N_FT_INVALID] = "invalid",
            [I18N_FT_SHOWING_FROM] = "showing the agenda from {1} ({2})",
            [I18N_FT_SHOWING] = "showing the {1}",
            [I18N_FT_OFFLINE_FROM] = "offline - agenda from {1} ({2})",
            [I18N_FT_OFFLINE] = "offline - {1}", [I18N_FT_LIVE] = "live",
            [I18N_FT_CONNECTING] = "connecting", [I18N_FT_REVISION] = "revision {1}",
            [I18N_FT_NOT_SAVED] = "not saved for offline", [I18N_FT_OUTDATED] = "may be outdated",
            [I18N_FT_ZONE_ASSUMED] = "times read as UTC: the feed names no time zone",
            [I18N_FT_CLOCK_SERVER] = "clock from server",
            [I18N_FT_DEMO] = "demo: simulated clock", [I18N_FT_JUST_NOW] = "just now",
            [I18N_FT_AGO] = "{1} ago",
            [I18N_LOBBY_PAGE] = "page {1}/{2}", [I18N_LOBBY_IDLE] = "Nothing more today",
        },
        .weekdays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
        .months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                   "Nov", "Dec"},
        .unit_min = "min", .unit_h = "h", .unit_d = "d", .unit_sep = " ", .part_sep = " ",
        .in_pre = "in ", .in_post = "",
        .left_pre = "", .left_post = " left",
        .starts_pre = "Starts in ", .starts_post = "",
        .delay_pre = "Delayed ", .delay_post = "",
        .more_pre = "+", .more_post = " more",
        .prog_pre = "+", .prog_post = " more in progress",
    },
    [L_ZH] = {
        .code = "zh",
        .words = {
            [I18N_NOW] = "正在进行", [I18N_NEXT] = "接下来", [I18N_CANCELLED] = "已取消",
            [I18N_BREAK] = "休息", [I18N_NEXT_AT] = "下一场", [I18N_TOMORROW] = "明天",
            [I18N_TODAY] = "今天", [I18N_EVENT_OVER] = "活动已结束",
            [I18N_ELSEWHERE] = "其他会场", [I18N_CHAIR] = "主持人", [I18N_HALL] = "会场",
            [I18N_STARTS_IN] = "距开始", [I18N_ENDED] = "已结束", [I18N_COLON] = "：",
            [I18N_MOVED_TO] = "改至", [I18N_HALL_FULL] = "会场已满",
            [I18N_FT_BUILTIN] = "内置日程", [I18N_FT_FILE] = "文件 {1}",
            [I18N_FT_CACHED] = "缓存的日程", [I18N_FT_AGENDA] = "日程",
            [I18N_FT_PUSHED] = "推送的日程", [I18N_FT_FROM] = "{2}（{3}）的{1}",
            [I18N_FT_REJECTED] = "数据源被拒绝：{1}", [I18N_FT_INVALID] = "无效",
            [I18N_FT_SHOWING_FROM] = "显示{1}（{2}）的日程", [I18N_FT_SHOWING] = "显示{1}",
            [I18N_FT_OFFLINE_FROM] = "离线 - {1}（{2}）的日程", [I18N_FT_OFFLINE] = "离线 - {1}",
            [I18N_FT_LIVE] = "实时", [I18N_FT_CONNECTING] = "正在连接",
            [I18N_FT_REVISION] = "版本 {1}", [I18N_FT_NOT_SAVED] = "未保存供离线使用",
            [I18N_FT_OUTDATED] = "可能已过时",
            [I18N_FT_ZONE_ASSUMED] = "时间按 UTC 解读：数据源未指明时区",
            [I18N_FT_CLOCK_SERVER] = "时间来自服务器", [I18N_FT_DEMO] = "演示：模拟时钟",
            [I18N_FT_JUST_NOW] = "刚刚", [I18N_FT_AGO] = "{1}前",
            [I18N_LOBBY_PAGE] = "第 {1}/{2} 页", [I18N_LOBBY_IDLE] = "今天没有更多安排",
        },
        .weekdays = {"周日", "周一", "周二", "周三", "周四", "周五", "周六"},
        .months = {"1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月",
                   "11月", "12月"},
        .unit_min = "分钟", .unit_h = "小时", .unit_d = "天", .unit_sep = "", .part_sep = "",
        .in_pre = "", .in_post = "后",
        .left_pre = "剩余", .left_post = "",
        .starts_pre = "距开始还有", .starts_post = "",
        .delay_pre = "推迟", .delay_post = "",
        .more_pre = "另有", .more_post = "项",
        .prog_pre = "另有", .prog_post = "场正在进行",
    },
    [L_RU] = {
        .code = "ru",
        .words = {
            [I18N_NOW] = "Сейчас", [I18N_NEXT] = "Далее", [I18N_CANCELLED] = "Отменено",
            [I18N_BREAK] = "Перерыв", [I18N_NEXT_AT] = "далее в", [I18N_TOMORROW] = "Завтра",
            [I18N_TODAY] = "Сегодня", [I18N_EVENT_OVER] = "Мероприятие завершено",
            [I18N_ELSEWHERE] = "Сейчас в других залах", [I18N_CHAIR] = "Председатель",
            [I18N_HALL] = "Зал", [I18N_STARTS_IN] = "начало через",
            [I18N_ENDED] = "завершено", [I18N_COLON] = ": ",
            [I18N_MOVED_TO] = "Новый зал:", [I18N_HALL_FULL] = "Зал заполнен",
            [I18N_FT_BUILTIN] = "встроенная программа", [I18N_FT_FILE] = "файл {1}",
            [I18N_FT_CACHED] = "программа из кэша", [I18N_FT_AGENDA] = "программа",
            [I18N_FT_PUSHED] = "присланная программа", [I18N_FT_FROM] = "{1} от {2} ({3})",
            [I18N_FT_REJECTED] = "данные отклонены: {1}", [I18N_FT_INVALID] = "неверный формат",
            [I18N_FT_SHOWING_FROM] = "показана программа от {1} ({2})",
            [I18N_FT_SHOWING] = "на экране: {1}",
            [I18N_FT_OFFLINE_FROM] = "нет связи - программа от {1} ({2})",
            [I18N_FT_OFFLINE] = "нет связи - {1}", [I18N_FT_LIVE] = "на связи",
            [I18N_FT_CONNECTING] = "подключение", [I18N_FT_REVISION] = "версия {1}",
            [I18N_FT_NOT_SAVED] = "не сохранено на случай обрыва связи",
            [I18N_FT_OUTDATED] = "возможно, устарело",
            [I18N_FT_ZONE_ASSUMED] = "время прочитано как UTC: в данных нет часового пояса",
            [I18N_FT_CLOCK_SERVER] = "время с сервера",
            [I18N_FT_DEMO] = "демонстрация: имитация времени",
            [I18N_FT_JUST_NOW] = "только что", [I18N_FT_AGO] = "{1} назад",
            [I18N_LOBBY_PAGE] = "стр. {1}/{2}", [I18N_LOBBY_IDLE] = "Сегодня больше ничего",
        },
        .weekdays = {"вс", "пн", "вт", "ср", "чт", "пт", "сб"},
        .months = {"янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.",
                   "окт.", "нояб.", "дек."},
        .unit_min = "мин", .unit_h = "ч", .unit_d = "дн.", .unit_sep = " ", .part_sep = " ",
        .in_pre = "через ", .in_post = "",
        .left_pre = "осталось ", .left_post = "",
        .starts_pre = "Начало через ", .starts_post = "",
        .delay_pre = "Задержка ", .delay_post = "",
        .more_pre = "ещё ", .more_post = "",
        .prog_pre = "ещё ", .prog_post = " идут сейчас",
    },
    [L_FR] = {
        .code = "fr",
        .words = {
            [I18N_NOW] = "En cours", [I18N_NEXT] = "À suivre", [I18N_CANCELLED] = "Annulé",
            [I18N_BREAK] = "Pause", [I18N_NEXT_AT] = "reprise à", [I18N_TOMORROW] = "Demain",
            [I18N_TODAY] = "Aujourd’hui", [I18N_EVENT_OVER] = "L’événement est terminé",
            [I18N_ELSEWHERE] = "Dans les autres salles", [I18N_CHAIR] = "Présidence",
            [I18N_HALL] = "Salle", [I18N_STARTS_IN] = "début dans",
            [I18N_ENDED] = "terminé", [I18N_COLON] = "\u00a0: ",
            [I18N_MOVED_TO] = "Nouvelle salle\u00a0:", [I18N_HALL_FULL] = "Salle comble",
            [I18N_FT_BUILTIN] = "programme intégré", [I18N_FT_FILE] = "fichier {1}",
            [I18N_FT_CACHED] = "programme en cache", [I18N_FT_AGENDA] = "programme",
            [I18N_FT_PUSHED] = "programme envoyé", [I18N_FT_FROM] = "{1} de {2} ({3})",
            [I18N_FT_REJECTED] = "flux refusé\u00a0: {1}", [I18N_FT_INVALID] = "invalide",
            [I18N_FT_SHOWING_FROM] = "affichage du programme de {1} ({2})",
            [I18N_FT_SHOWING] = "affichage\u00a0: {1}",
            [I18N_FT_OFFLINE_FROM] = "hors ligne - programme de {1} ({2})",
            [I18N_FT_OFFLINE] = "hors ligne - {1}", [I18N_FT_LIVE] = "en direct",
            [I18N_FT_CONNECTING] = "connexion", [I18N_FT_REVISION] = "révision {1}",
            [I18N_FT_NOT_SAVED] = "non enregistré pour le mode hors ligne",
            [I18N_FT_OUTDATED] = "peut-être périmé",
            [I18N_FT_ZONE_ASSUMED] = "heures lues en UTC\u00a0: "
                                     "le flux n’indique aucun fuseau horaire",
            [I18N_FT_CLOCK_SERVER] = "heure du serveur",
            [I18N_FT_DEMO] = "démonstration\u00a0: horloge simulée",
            [I18N_FT_JUST_NOW] = "à l’instant", [I18N_FT_AGO] = "il y a {1}",
            [I18N_LOBBY_PAGE] = "page {1} sur {2}", [I18N_LOBBY_IDLE] = "Plus rien aujourd’hui",
        },
        .weekdays = {"dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."},
        .months = {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                   "oct.", "nov.", "déc."},
        .unit_min = "min", .unit_h = "h", .unit_d = "j", .unit_sep = "\u00a0", .part_sep = " ",
        .in_pre = "dans ", .in_post = "",
        .left_pre = "encore ", .left_post = "",
        .starts_pre = "Début dans ", .starts_post = "",
        .delay_pre = "Retard de ", .delay_post = "",
        .more_pre = "+", .more_post = " autres",
        .prog_pre = "+", .prog_post = " autres en cours",
    },
    [L_ES] = {
        .code = "es",
        .words = {
            [I18N_NOW] = "Ahora", [I18N_NEXT] = "A continuación",
            [I18N_CANCELLED] = "Cancelado", [I18N_BREAK] = "Pausa",
            [I18N_NEXT_AT] = "sigue a las", [I18N_TOMORROW] = "Mañana", [I18N_TODAY] = "Hoy",
            [I18N_EVENT_OVER] = "El evento ha terminado", [I18N_ELSEWHERE] = "En otras salas",
            [I18N_CHAIR] = "Moderación", [I18N_HALL] = "Sala",
            [I18N_STARTS_IN] = "empieza en", [I18N_ENDED] = "terminado", [I18N_COLON] = ": ",
            [I18N_MOVED_TO] = "Cambio de sala:", [I18N_HALL_FULL] = "Sala llena",
            [I18N_FT_BUILTIN] = "programa integrado", [I18N_FT_FILE] = "archivo {1}",
            [I18N_FT_CACHED] = "programa en caché", [I18N_FT_AGENDA] = "programa",
            [I18N_FT_PUSHED] = "programa enviado", [I18N_FT_FROM] = "{1} de {2} ({3})",
            [I18N_FT_REJECTED] = "datos rechazados: {1}", [I18N_FT_INVALID] = "no válidos",
            [I18N_FT_SHOWING_FROM] = "se muestra el programa de {1} ({2})",
            [I18N_FT_SHOWING] = "se muestra: {1}",
            [I18N_FT_OFFLINE_FROM] = "sin conexión - programa de {1} ({2})",
            [I18N_FT_OFFLINE] = "sin conexión - {1}", [I18N_FT_LIVE] = "en directo",
            [I18N_FT_CONNECTING] = "conectando", [I18N_FT_REVISION] = "revisión {1}",
            [I18N_FT_NOT_SAVED] = "no guardado para uso sin conexión",
            [I18N_FT_OUTDATED] = "puede estar desactualizado",
            [I18N_FT_ZONE_ASSUMED] = "horas leídas en UTC: los datos no indican zona horaria",
            [I18N_FT_CLOCK_SERVER] = "hora del servidor",
            [I18N_FT_DEMO] = "demostración: reloj simulado",
            [I18N_FT_JUST_NOW] = "ahora mismo", [I18N_FT_AGO] = "hace {1}",
            [I18N_LOBBY_PAGE] = "página {1}/{2}", [I18N_LOBBY_IDLE] = "Nada más hoy",
        },
        .weekdays = {"dom", "lun", "mar", "mié", "jue", "vie", "sáb"},
        .months = {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct",
                   "nov", "dic"},
        .unit_min = "min", .unit_h = "h", .unit_d = "d", .unit_sep = " ", .part_sep = " ",
        .in_pre = "en ", .in_post = "",
        .left_pre = "quedan ", .left_post = "",
        .starts_pre = "Empieza en ", .starts_post = "",
        .delay_pre = "Retraso de ", .delay_post = "",
        .more_pre = "+", .more_post = " más",
        .prog_pre = "+", .prog_post = " más en curso",
    },
    [L_AR] = {
        .code = "ar",
        .words = {
            [I18N_NOW] = "الآن", [I18N_NEXT] = "التالي", [I18N_CANCELLED] = "ملغاة",
            [I18N_BREAK] = "استراحة", [I18N_NEXT_AT] = "التالية الساعة",
            [I18N_TOMORROW] = "غدًا", [I18N_TODAY] = "اليوم",
            [I18N_EVENT_OVER] = "انتهت الفعالية", [I18N_ELSEWHERE] = "الآن في قاعات أخرى",
            [I18N_CHAIR] = "رئيس الجلسة", [I18N_HALL] = "القاعة",
            [I18N_STARTS_IN] = "يبدأ بعد", [I18N_ENDED] = "انتهت", [I18N_COLON] = ": ",
            [I18N_MOVED_TO] = "نُقلت إلى", [I18N_HALL_FULL] = "القاعة ممتلئة",
            [I18N_FT_BUILTIN] = "الجدول المدمج", [I18N_FT_FILE] = "الملف {1}",
            [I18N_FT_CACHED] = "الجدول المحفوظ", [I18N_FT_AGENDA] = "الجدول",
            [I18N_FT_PUSHED] = "الجدول المُرسَل", [I18N_FT_FROM] = "{1} من {2} ({3})",
            [I18N_FT_REJECTED] = "رُفضت البيانات: {1}", [I18N_FT_INVALID] = "غير صالحة",
            [I18N_FT_SHOWING_FROM] = "يُعرض الجدول من {1} ({2})",
            [I18N_FT_SHOWING] = "يُعرض: {1}",
            [I18N_FT_OFFLINE_FROM] = "غير متصل - الجدول من {1} ({2})",
            [I18N_FT_OFFLINE] = "غير متصل - {1}", [I18N_FT_LIVE] = "مباشر",
            [I18N_FT_CONNECTING] = "جارٍ الاتصال", [I18N_FT_REVISION] = "الإصدار {1}",
            [I18N_FT_NOT_SAVED] = "لم يُحفظ للعمل دون اتصال",
            [I18N_FT_OUTDATED] = "قد يكون قديمًا",
            [I18N_FT_ZONE_ASSUMED] = "الأوقات بتوقيت UTC: لا تذكر البيانات منطقة زمنية",
            [I18N_FT_CLOCK_SERVER] = "الوقت من الخادم",
            [I18N_FT_DEMO] = "عرض تجريبي: ساعة محاكاة",
            [I18N_FT_JUST_NOW] = "الآن", [I18N_FT_AGO] = "منذ {1}",
            [I18N_LOBBY_PAGE] = "صفحة {1}/{2}", [I18N_LOBBY_IDLE] = "لا شيء آخر اليوم",
        },
        .weekdays = {"الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة",
                     "السبت"},
        .months = {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس",
                   "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"},
        /* Google-style abbreviations for minutes and hours avoid Arabic number
         * agreement (dual, 3-10, 11+), which a template cannot express. */
        .unit_min = "د", .unit_h = "س", .unit_d = "يوم", .unit_sep = " ", .part_sep = " ",
        .in_pre = "بعد ", .in_post = "",
        .left_pre = "يتبقى ", .left_post = "",
        .starts_pre = "يبدأ بعد ", .starts_post = "",
        .delay_pre = "تأخير ", .delay_post = "",
        .more_pre = "+", .more_post = " أخرى",
        .prog_pre = "+", .prog_post = " أخرى جارية",
    },
};

/* ---- Language lookup ------------------------------------------------------ */

/* Length of the primary subtag of tag (up to '-' or '_'). */
static size_t primary_len(const char *tag)
{
    size_t n = 0;
    while (tag[n] && tag[n] != '-' && tag[n] != '_')
        n++;
    return n;
}

/* True if the primary subtag of tag is `code` (ASCII, case-insensitive). */
static bool primary_is(const char *tag, const char *code)
{
    size_t n = primary_len(tag);
    if (n != strlen(code))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = tag[i];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != code[i])
            return false;
    }
    return true;
}

/* Index of the table for lang, or -1 when unsupported. */
static int find_lang(const char *lang)
{
    if (!lang)
        return -1;
    for (int i = 0; i < L_COUNT; i++)
        if (primary_is(lang, tables[i].code))
            return i;
    return -1;
}

static const lang_table *table(const char *lang)
{
    int i = find_lang(lang);
    return &tables[i < 0 ? L_EN : i];
}

const char *i18n_lang(const char *lang)
{
    return table(lang)->code;
}

bool i18n_supported(const char *lang)
{
    return find_lang(lang) >= 0;
}

bool i18n_rtl(const char *lang)
{
    static const char *const rtl[] = {"ar", "he", "iw", "fa", "ur", "ps", "sd", "ug", "yi",
                                      "dv", "ckb"};
    if (!lang)
        return false;
    for (size_t i = 0; i < sizeof(rtl) / sizeof(rtl[0]); i++)
        if (primary_is(lang, rtl[i]))
            return true;
    return false;
}

const char *i18n_word(const char *lang, i18n_word_id id)
{
    if ((unsigned)id >= I18N_WORD_COUNT)
        return "";
    return table(lang)->words[id];
}

const char *i18n_weekday(const char *lang, int weekday)
{
    return weekday >= 0 && weekday < 7 ? table(lang)->weekdays[weekday] : "";
}

const char *i18n_month(const char *lang, int month)
{
    return month >= 1 && month <= 12 ? table(lang)->months[month - 1] : "";
}

/* ---- Bounded writer ------------------------------------------------------- */

/* Appends to buf[0..cap) keeping a NUL; once something did not fit, later appends
 * are ignored so the output is a clean prefix. */
typedef struct {
    char *buf;
    size_t cap, len;
    bool full;
} writer;

static writer writer_make(char *buf, size_t cap)
{
    writer w = {buf, cap, 0, cap == 0};
    if (cap)
        buf[0] = '\0';
    return w;
}

static void put(writer *w, const char *s)
{
    if (w->full)
        return;
    size_t n = strlen(s), room = w->cap - 1 - w->len;
    if (n > room) {
        n = room;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--; /* never end inside a UTF-8 sequence */
        w->full = true;
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
    w->buf[w->len] = '\0';
}

static void put_num(writer *w, int64_t n)
{
    char num[24];
    snprintf(num, sizeof(num), "%lld", (long long)n);
    put(w, num);
}

/* ---- Formatters ----------------------------------------------------------- */

size_t i18n_format_date(const char *lang, int weekday, int month, int day, char *buf,
                        size_t cap)
{
    const lang_table *t = table(lang);
    writer w = writer_make(buf, cap);
    const char *wd = i18n_weekday(t->code, weekday), *mo = i18n_month(t->code, month);
    if (t == &tables[L_ZH]) { /* 12月9日 周三 */
        put(&w, mo);
        put_num(&w, day);
        put(&w, "日 ");
        put(&w, wd);
    } else { /* weekday, day, month; Russian puts a comma after the weekday */
        put(&w, wd);
        put(&w, t == &tables[L_RU] ? ", " : " ");
        put_num(&w, day);
        put(&w, " ");
        put(&w, mo);
    }
    return w.len;
}

/* True when Russian wants the singular form for n (1, 21, 31... but not 11). */
static bool ru_one(int64_t n)
{
    return n % 10 == 1 && n % 100 != 11;
}

void i18n_capitalize(char *buf)
{
    unsigned char *s = (unsigned char *)buf;
    if (!s)
        return;
    if (s[0] >= 'a' && s[0] <= 'z') {
        s[0] = (unsigned char)(s[0] - 'a' + 'A');
    } else if (s[0] == 0xD0 && s[1] >= 0xB0 && s[1] <= 0xBF) {
        s[1] = (unsigned char)(s[1] - 0x20); /* а..п -> А..П */
    } else if (s[0] == 0xD1 && s[1] >= 0x80 && s[1] <= 0x8F) {
        s[0] = 0xD0; /* р..я -> Р..Я */
        s[1] = (unsigned char)(s[1] + 0x20);
    }
}

size_t i18n_format_minutes(const char *lang, i18n_span kind, int64_t minutes, char *buf,
                           size_t cap)
{
    const lang_table *t = table(lang);
    writer w = writer_make(buf, cap);
    if (minutes < 0)
        minutes = 0;
    /* The two parts of the amount: (big, big_unit) and an optional (small, small_unit). */
    int64_t big, small;
    const char *big_unit, *small_unit;
    if (minutes < 60) {
        big = minutes, big_unit = t->unit_min, small = 0, small_unit = NULL;
    } else if (minutes < 24 * 60) {
        big = minutes / 60, big_unit = t->unit_h, small = minutes % 60, small_unit = t->unit_min;
    } else {
        big = minutes / (24 * 60), big_unit = t->unit_d;
        small = minutes % (24 * 60) / 60, small_unit = t->unit_h;
    }

    const char *pre, *post;
    switch (kind) {
    case I18N_SPAN_LEFT:
        pre = t->left_pre, post = t->left_post;
        if (t == &tables[L_RU] && ru_one(big)) /* осталась 1 мин, остался 1 ч */
            pre = big_unit == t->unit_min ? "осталась " : "остался ";
        else if (t == &tables[L_ES] && big == 1) /* queda 1 h */
            pre = "queda ";
        break;
    case I18N_SPAN_STARTS_IN:
        pre = t->starts_pre, post = t->starts_post;
        break;
    case I18N_SPAN_DELAYED:
        pre = t->delay_pre, post = t->delay_post;
        break;
    case I18N_SPAN_IN:
    default:
        pre = t->in_pre, post = t->in_post;
        break;
    }

    put(&w, pre);
    put_num(&w, big);
    put(&w, t->unit_sep);
    put(&w, big_unit);
    if (small_unit && small > 0) {
        put(&w, t->part_sep);
        put_num(&w, small);
        put(&w, t->unit_sep);
        put(&w, small_unit);
    }
    put(&w, post);
    return w.len;
}

size_t i18n_format_more(const char *lang, int64_t n, bool in_progress, char *buf, size_t cap)
{
    const lang_table *t = table(lang);
    writer w = writer_make(buf, cap);
    const char *pre = in_progress ? t->prog_pre : t->more_pre;
    const char *post = in_progress ? t->prog_post : t->more_post;
    if (t == &tables[L_FR] && n <= 1) /* French singular covers 0 and 1 */
        post = in_progress ? " autre en cours" : " autre";
    else if (t == &tables[L_RU] && in_progress && ru_one(n))
        post = " идёт сейчас";
    put(&w, pre);
    put_num(&w, n);
    put(&w, post);
    return w.len;
}

size_t i18n_format_amount(const char *lang, int64_t n, char unit, char *buf, size_t cap)
{
    const lang_table *t = table(lang);
    writer w = writer_make(buf, cap);
    put_num(&w, n);
    put(&w, t->unit_sep);
    put(&w, unit == 'h' ? t->unit_h : unit == 'd' ? t->unit_d : t->unit_min);
    return w.len;
}
