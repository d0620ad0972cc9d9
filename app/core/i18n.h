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

#endif
