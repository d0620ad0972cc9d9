/* frab_common.c - the parsers both frab importers use (frab.h): kinds from the
 * free-form `type`, durations and clock times.
 *
 * Layout: ASCII words; kinds; numbers with colons (durations, clock times).
 */
#include "frab.h"

#include <stddef.h>
#include <string.h>

/* ---- Words -------------------------------------------------------------------------- */

static char ascii_lower(char ch)
{
    return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch;
}

static bool ascii_alpha(char ch)
{
    ch = ascii_lower(ch);
    return ch >= 'a' && ch <= 'z';
}

/* True if s contains the lowercase word w (case-insensitive) delimited by non-letters;
 * a plural "s" after it still counts ("Workshops"). */
static bool has_word(const char *s, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; s[i]; i++) {
        if (i > 0 && ascii_alpha(s[i - 1]))
            continue;
        size_t j = 0;
        while (j < wl && s[i + j] && ascii_lower(s[i + j]) == w[j])
            j++;
        if (j < wl)
            continue;
        const char *after = s + i + wl;
        if (ascii_lower(*after) == 's')
            after++;
        if (!ascii_alpha(*after))
            return true;
    }
    return false;
}

/* ---- Kinds -------------------------------------------------------------------------- */

agenda_kind frab_kind_from_type(const char *type)
{
    static const struct {
        const char *word;
        agenda_kind kind;
    } words[] = {
        {"keynote", AGENDA_KIND_KEYNOTE},    {"panel", AGENDA_KIND_PANEL},
        {"podium", AGENDA_KIND_PANEL},       {"ceremony", AGENDA_KIND_CEREMONY},
        {"opening", AGENDA_KIND_CEREMONY},   {"closing", AGENDA_KIND_CEREMONY},
        {"break", AGENDA_KIND_BREAK},        {"pause", AGENDA_KIND_BREAK},
        {"lunch", AGENDA_KIND_BREAK},        {"coffee", AGENDA_KIND_BREAK},
        {"dinner", AGENDA_KIND_BREAK},       {"breakfast", AGENDA_KIND_BREAK},
        {"workshop", AGENDA_KIND_OTHER},     {"other", AGENDA_KIND_OTHER},
        {"performance", AGENDA_KIND_OTHER},  {"concert", AGENDA_KIND_OTHER},
        {"meetup", AGENDA_KIND_OTHER},       {"meeting", AGENDA_KIND_OTHER},
        {"party", AGENDA_KIND_OTHER},        {"film", AGENDA_KIND_OTHER},
        {"movie", AGENDA_KIND_OTHER},        {"installation", AGENDA_KIND_OTHER},
        {"game", AGENDA_KIND_OTHER},         {"lecture", AGENDA_KIND_TALK},
        {"talk", AGENDA_KIND_TALK},
    };
    if (type)
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            if (has_word(type, words[i].word))
                return words[i].kind;
    return AGENDA_KIND_TALK;
}

/* ---- Numbers with colons ------------------------------------------------------------ */

/* Reads 1 to 6 decimal digits at *p. */
static bool digits(const char **p, int64_t *out)
{
    int64_t v = 0;
    int n = 0;
    while (**p >= '0' && **p <= '9') {
        if (++n > 6)
            return false;
        v = v * 10 + (**p - '0');
        (*p)++;
    }
    *out = v;
    return n > 0;
}

/* Splits "A[:B[:C[:D]]]" into up to 4 numbers; returns how many (0: not that form). */
static size_t colon_parts(const char *s, int64_t part[4])
{
    size_t n = 0;
    for (;;) {
        if (n == 4 || !digits(&s, &part[n]))
            return 0;
        n++;
        if (*s == '\0')
            return n;
        if (*s++ != ':')
            return 0;
    }
}

bool frab_parse_duration(const char *s, int64_t *secs)
{
    int64_t p[4];
    size_t n = colon_parts(s, p);
    int64_t d = 0, h = 0, m, sec = 0;
    if (n == 1) {
        m = p[0];
    } else if (n == 2) {
        h = p[0], m = p[1];
    } else if (n == 3 && (p[2] == 0 || p[1] >= 24)) {
        h = p[0], m = p[1], sec = p[2];
    } else if (n == 3) {
        d = p[0], h = p[1], m = p[2];
    } else if (n == 4) {
        d = p[0], h = p[1], m = p[2], sec = p[3];
    } else {
        return false;
    }
    if (n > 1 && (m >= 60 || sec >= 60 || (n == 4 && h >= 24)))
        return false;
    *secs = ((d * 24 + h) * 60 + m) * 60 + sec;
    return true;
}

bool frab_parse_clock(const char *s, int32_t *sod)
{
    int64_t p[4];
    size_t n = colon_parts(s, p);
    if (n < 2 || n > 3)
        return false;
    int64_t sec = n == 3 ? p[2] : 0;
    if (p[0] > 23 || p[1] > 59 || sec > 59)
        return false;
    *sod = (int32_t)(p[0] * 3600 + p[1] * 60 + sec);
    return true;
}
