/* i18n.h - the board's own words in the six UN languages (en, zh, ru, fr, es, ar):
 * headings, countdowns, the marks of live changes (delayed, moved, hall full), short
 * weekday and month names, a board-style date, and the writing direction of a language.
 *
 * Pure and thread-safe: static tables, no locale, no allocation. Every string is
 * UTF-8 and owned by this module (static storage). A language is a BCP 47 tag; it is
 * matched on its primary subtag ("zh-Hans" -> zh, "fr_CA" -> fr, case-insensitive),
 * and anything unknown (or NULL) falls back to English. Formatters write into caller
 * buffers, always NUL-terminate when cap > 0, never split a UTF-8 sequence, and return
 * the number of bytes written (without the NUL).
 */
#ifndef HB_I18N_H
#define HB_I18N_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Words and short phrases shown on their own. */
typedef enum {
    I18N_NOW,         /* section heading: what is on now ("Now") */
    I18N_NEXT,        /* section heading: what comes next ("Next") */
    I18N_CANCELLED,   /* a session that will not take place ("Cancelled") */
    I18N_BREAK,       /* a gap between sessions of one day ("Break") */
    I18N_NEXT_AT,     /* followed by a time: "next at" (15:00 Moscow) */
    I18N_TOMORROW,    /* "Tomorrow" */
    I18N_TODAY,       /* "Today" */
    I18N_EVENT_OVER,  /* "The event is over" */
    I18N_ELSEWHERE,   /* heading of the other halls' current sessions ("Elsewhere now") */
    I18N_CHAIR,       /* who chairs a session ("Chair") */
    I18N_HALL,        /* "Hall" */
    I18N_STARTS_IN,   /* followed by a duration, lower case: "starts in" */
    I18N_ENDED,       /* a session that is over ("ended") */
    I18N_COLON,       /* the label separator: ": " (fr " : ", zh "：") */
    I18N_MOVED_TO,    /* followed by a hall's name: "Moved to" (Hall B) */
    I18N_HALL_FULL,   /* the hall of a session takes nobody more ("Hall full") */
    /* The footer (status.h). {1}, {2}, {3} mark where i18n_fill puts its arguments. */
    I18N_FT_BUILTIN,      /* "built-in agenda" */
    I18N_FT_FILE,         /* "file {1}": a feed file's name */
    I18N_FT_CACHED,       /* "cached agenda" */
    I18N_FT_AGENDA,       /* "agenda" (fetched) */
    I18N_FT_PUSHED,       /* "pushed agenda" */
    I18N_FT_FROM,         /* "{1} from {2} ({3})": an agenda, when it came, its age */
    I18N_FT_REJECTED,     /* "feed rejected: {1}": why */
    I18N_FT_INVALID,      /* the reason when none is known: "invalid" */
    I18N_FT_SHOWING_FROM, /* "showing the agenda from {1} ({2})" */
    I18N_FT_SHOWING,      /* "showing the {1}": an agenda */
    I18N_FT_OFFLINE_FROM, /* "offline - agenda from {1} ({2})" */
    I18N_FT_OFFLINE,      /* "offline - {1}": an agenda */
    I18N_FT_LIVE,         /* "live" */
    I18N_FT_CONNECTING,   /* "connecting" */
    I18N_FT_REVISION,     /* "revision {1}" */
    I18N_FT_NOT_SAVED,    /* "not saved for offline" */
    I18N_FT_OUTDATED,     /* "may be outdated" */
    I18N_FT_ZONE_ASSUMED, /* "times read as UTC: the feed names no time zone" */
    I18N_FT_CLOCK_SERVER, /* "clock from server" */
    I18N_FT_DEMO,         /* "demo: simulated clock" */
    I18N_FT_JUST_NOW,     /* an age under a minute: "just now" */
    I18N_FT_AGO,          /* "{1} ago": an amount of time ("3 h") */
    I18N_LOBBY_PAGE,      /* the lobby's page: "page {1}/{2}" */
    I18N_LOBBY_IDLE,      /* a hall with nothing on now or later today: "Nothing more today" */
    I18N_WORD_COUNT
} i18n_word_id;

/* Kinds of duration phrase (i18n_format_minutes). */
typedef enum {
    I18N_SPAN_IN,        /* "in 12 min", "in 2 h 5 min", "in 3 d 4 h" */
    I18N_SPAN_LEFT,      /* "12 min left" */
    I18N_SPAN_STARTS_IN, /* "Starts in 2 d 3 h" (a sentence: capitalised) */
    I18N_SPAN_DELAYED,   /* "Delayed 15 min": a session moved later by that much */
} i18n_span;

/* Size that holds any formatter's output for realistic numbers (64-bit counts fit). */
#define I18N_BUF 128

/* The supported language that `lang` resolves to: "en", "zh", "ru", "fr", "es" or
 * "ar" (static strings). NULL, empty and unknown tags give "en". */
const char *i18n_lang(const char *lang);

/* True if `lang` (primary subtag) is one of the six languages with own words. */
bool i18n_supported(const char *lang);

/* True for right-to-left languages: ar, he (and iw), fa, ur, and the other common
 * RTL primary subtags (ps, sd, ug, yi, dv, ckb). NULL gives false. */
bool i18n_rtl(const char *lang);

/* The word `id` in `lang`; "" for an id out of range. Never NULL. */
const char *i18n_word(const char *lang, i18n_word_id id);

/* Short weekday name for a board, weekday 0 = Sunday .. 6 = Saturday ("Wed",
 * "mer.", "ср", "周三", "الأربعاء"); "" when out of range. */
const char *i18n_weekday(const char *lang, int weekday);

/* Short month name as used inside a date, month 1..12 ("Dec", "déc.", "дек.",
 * "12月", "ديسمبر"); "" when out of range. */
const char *i18n_month(const char *lang, int month);

/* A board-style date: en "Wed 9 Dec", fr "mer. 9 déc.", es "mié 9 dic",
 * ru "ср, 9 дек.", zh "12月9日 周三", ar "الأربعاء 9 ديسمبر" (Western digits).
 * Out-of-range fields give empty names, not a failure. */
size_t i18n_format_date(const char *lang, int weekday, int month, int day, char *buf,
                        size_t cap);

/* Makes the first letter of buf (a date, a phrase) upper case, for text that starts a
 * heading: "jue 10 dic" -> "Jue 10 dic", "чт, 10 дек." -> "Чт, 10 дек.". Only ASCII
 * and basic Cyrillic letters change (a letter of another script, a digit or an empty
 * string is left as it is; the byte length never changes). */
void i18n_capitalize(char *buf);

/* A duration phrase for `minutes` (negative counts as 0). The amount is "N min" under
 * an hour, "N h M min" under a day ("2 h" when M is 0), else "N d M h" (minutes
 * dropped, "3 d" when M is 0); units and word order follow the language. The caller
 * rounds: countdowns usually round seconds up to whole minutes. */
size_t i18n_format_minutes(const char *lang, i18n_span kind, int64_t minutes, char *buf,
                           size_t cap);

/* "+N more" (in_progress false) or "+N more in progress" (true), with the plural
 * forms the language needs. */
size_t i18n_format_more(const char *lang, int64_t n, bool in_progress, char *buf, size_t cap);

/* Things counted, each with the plural forms its languages need (i18n_format_count). */
typedef enum {
    I18N_COUNT_FEED_WARNINGS, /* "1 feed warning", "3 feed warnings" */
    I18N_COUNT_KINDS
} i18n_count;

/* The CLDR plural category of integer n in lang: 0 zero, 1 one, 2 two, 3 few, 4 many,
 * 5 other (en: one/other; fr: one for 0 and 1; ru: one/few/many; ar: all six; zh:
 * other). Negative n counts as its absolute value. */
int i18n_plural(const char *lang, int64_t n);

/* "N feed warnings" and the like for count kind k, in the plural form lang needs for
 * n. Writes "" for a kind out of range. */
size_t i18n_format_count(const char *lang, i18n_count k, int64_t n, char *buf, size_t cap);

/* The word id (a template) in lang with {1}, {2}, {3} replaced by a1, a2, a3 (NULL
 * reads as ""). Other text is copied as it is. */
size_t i18n_fill(const char *lang, i18n_word_id id, const char *a1, const char *a2,
                 const char *a3, char *buf, size_t cap);

/* One amount of time with its unit as the duration phrases write it: unit 'm' (min),
 * 'h' or 'd' ("3 h", "12 мин", "2\u00a0j", "3小时"); another unit gives minutes. */
size_t i18n_format_amount(const char *lang, int64_t n, char unit, char *buf, size_t cap);

/* A day of a month without the weekday: en "9 Dec", fr "9 déc.", zh "12月9日". */
size_t i18n_format_day(const char *lang, int month, int day, char *buf, size_t cap);

/* A problem line of the board's own (a start-up note: "settings: ...", "zone = X:
 * unknown time zone...") in lang: the fixed words of a sentence the board knows are
 * translated, what came from elsewhere (a file name, a library's reason) is kept as it
 * is; a line the board does not know is copied unchanged. */
size_t i18n_note(const char *lang, const char *line, char *buf, size_t cap);

#endif
