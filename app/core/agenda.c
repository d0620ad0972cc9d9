/* agenda.c - the agenda's arena, translation lookup, sorting and small queries.
 *
 * Layout: arena (a chain of blocks plus owned zones), then lookups, then the index
 * built once by the parsers.
 */
#include "agenda.h"

#include <stdlib.h>
#include <string.h>

/* ---- Arena ---------------------------------------------------------------- */

/* Blocks come zeroed from calloc (fresh pages for blocks this large), so allocations
 * need no memset; strings are packed in blocks of their own without alignment. */
#define ARENA_BLOCK (1024u * 1024u)

struct arena_block {
    struct arena_block *next;
    size_t used, cap;
    _Alignas(16) unsigned char data[];
};

struct zone_link {
    struct zone_link *next;
    tz_zone *zone;
};

struct agenda_arena {
    struct arena_block *head;    /* aligned allocations */
    struct arena_block *strings; /* byte-aligned strings */
    struct zone_link *zones;
    size_t bytes;
};

agenda_arena *agenda_arena_new(void)
{
    return calloc(1, sizeof(agenda_arena));
}

static void free_blocks(struct arena_block *b)
{
    for (struct arena_block *n; b; b = n) {
        n = b->next;
        free(b);
    }
}

void agenda_arena_free(agenda_arena *ar)
{
    if (!ar)
        return;
    free_blocks(ar->head);
    free_blocks(ar->strings);
    for (struct zone_link *z = ar->zones, *n; z; z = n) {
        n = z->next;
        tz_free(z->zone);
        free(z);
    }
    free(ar);
}

/* n bytes (already rounded by the caller) from the chain at *head. */
static void *chain_alloc(agenda_arena *ar, struct arena_block **head, size_t n)
{
    struct arena_block *b = *head;
    if (!b || b->cap - b->used < n) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        if (cap > SIZE_MAX - sizeof(*b))
            return NULL;
        b = calloc(1, sizeof(*b) + cap);
        if (!b)
            return NULL;
        b->cap = cap;
        /* A large one-off block goes behind the head so the head keeps its free room. */
        if (*head && cap > ARENA_BLOCK) {
            b->next = (*head)->next;
            (*head)->next = b;
        } else {
            b->next = *head;
            *head = b;
        }
        ar->bytes += sizeof(*b) + cap;
    }
    void *p = b->data + b->used;
    b->used += n;
    return p;
}

void *agenda_arena_alloc(agenda_arena *ar, size_t n)
{
    if (n > SIZE_MAX - 16)
        return NULL;
    n = n ? (n + 15u) & ~(size_t)15u : 16;
    return chain_alloc(ar, &ar->head, n);
}

char *agenda_arena_strndup(agenda_arena *ar, const char *s, size_t n)
{
    if (n == SIZE_MAX)
        return NULL;
    char *p = chain_alloc(ar, &ar->strings, n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

size_t agenda_arena_bytes(const agenda_arena *ar)
{
    return ar ? ar->bytes : 0;
}

int agenda_arena_own_zone(agenda_arena *ar, tz_zone *z)
{
    struct zone_link *l = malloc(sizeof(*l));
    if (!l) {
        tz_free(z);
        return -1;
    }
    l->zone = z;
    l->next = ar->zones;
    ar->zones = l;
    return 0;
}

void agenda_free(agenda *a)
{
    if (!a)
        return;
    /* The agenda struct itself lives in its arena. */
    agenda_arena_free(a->arena);
}

/* ---- Lookups -------------------------------------------------------------- */

/* Length of the primary subtag of a BCP 47 tag ("zh" in "zh-Hans"). */
static size_t primary_len(const char *tag)
{
    size_t n = 0;
    while (tag[n] && tag[n] != '-' && tag[n] != '_')
        n++;
    return n;
}

static bool tag_eq(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (char)(y - 'A' + 'a');
        if (x != y)
            return false;
        if (!x)
            return true;
    }
    return true;
}

static const char *find_tag(const agenda_text *t, const char *lang)
{
    if (!lang || !*lang)
        return NULL;
    size_t full = strlen(lang) + 1, prim = primary_len(lang);
    for (size_t i = 0; i < t->n; i++)
        if (tag_eq(t->v[i].tag, lang, full))
            return t->v[i].text;
    for (size_t i = 0; i < t->n; i++)
        if (primary_len(t->v[i].tag) == prim && prim > 0 && tag_eq(t->v[i].tag, lang, prim))
            return t->v[i].text;
    return NULL;
}

const char *agenda_text_get(const agenda_text *t, const char *lang, const char *fallback)
{
    if (!t || t->n == 0)
        return NULL;
    const char *s = find_tag(t, lang);
    if (s)
        return s;
    for (size_t i = 0; i < t->n; i++)
        if (!t->v[i].tag[0])
            return t->v[i].text;
    s = find_tag(t, fallback);
    return s ? s : t->v[0].text;
}

const char *agenda_tr_get(const agenda *a, const agenda_text *t, const char *lang)
{
    return agenda_text_get(t, lang, a->n_languages ? a->languages[0] : NULL);
}

int32_t agenda_hall_find(const agenda *a, const char *id)
{
    for (size_t i = 0; i < a->n_halls; i++)
        if (strcmp(a->halls[i].id, id) == 0)
            return (int32_t)i;
    return -1;
}

size_t agenda_first_starting_at_or_after(const agenda *a, int64_t t)
{
    size_t lo = 0, hi = a->n_sessions;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->sessions[mid].start < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static const char *const kind_names[] = {"talk", "keynote", "panel", "break", "ceremony", "other"};
static const char *const status_names[] = {"scheduled", "cancelled"};

const char *agenda_kind_name(agenda_kind k)
{
    return (unsigned)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "other";
}

const char *agenda_status_name(agenda_status s)
{
    return (unsigned)s < 2 ? status_names[s] : "scheduled";
}

bool agenda_kind_parse(const char *s, agenda_kind *out)
{
    for (size_t i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
        if (strcmp(s, kind_names[i]) == 0) {
            *out = (agenda_kind)i;
            return true;
        }
    return false;
}

bool agenda_status_parse(const char *s, agenda_status *out)
{
    for (size_t i = 0; i < 2; i++)
        if (strcmp(s, status_names[i]) == 0) {
            *out = (agenda_status)i;
            return true;
        }
    return false;
}

agenda_limits agenda_default_limits(void)
{
    agenda_limits l = {AGENDA_MAX_FEED_BYTES, AGENDA_MAX_SESSIONS, AGENDA_MAX_STRING_BYTES,
                       AGENDA_MAX_DEPTH};
    return l;
}

/* ---- Index ---------------------------------------------------------------- */

int agenda_session_cmp(const agenda_session *a, const agenda_session *b)
{
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->end != b->end)
        return a->end < b->end ? -1 : 1;
    return strcmp(a->id, b->id);
}

void agenda_index(agenda *a, const agenda_session *sessions, size_t n)
{
    a->sessions = sessions;
    a->n_sessions = n;
    a->max_duration = 0;
    for (size_t i = 0; i < n; i++)
        if (sessions[i].end - sessions[i].start > a->max_duration)
            a->max_duration = sessions[i].end - sessions[i].start;
}
