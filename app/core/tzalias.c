/* tzalias.c - legacy and Windows zone names (see tzalias.h). */
#include "tzalias.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct tzalias_entry {
    const char *alias, *zone;
};

#include "tzalias_data.h"

static int cmp_exact(const void *k, const void *e)
{
    return strcmp(k, ((const struct tzalias_entry *)e)->alias);
}

static int cmp_nocase(const void *k, const void *e)
{
    return strcasecmp(k, ((const struct tzalias_entry *)e)->alias);
}

const char *tzalias_link(const char *name)
{
    const struct tzalias_entry *e =
        bsearch(name, tzalias_links, sizeof(tzalias_links) / sizeof(tzalias_links[0]),
                sizeof(tzalias_links[0]), cmp_exact);
    return e ? e->zone : NULL;
}

const char *tzalias_windows(const char *name)
{
    const struct tzalias_entry *e =
        bsearch(name, tzalias_windows_tab, sizeof(tzalias_windows_tab) / sizeof(tzalias_windows_tab[0]),
                sizeof(tzalias_windows_tab[0]), cmp_nocase);
    if (!e)
        return NULL;
    const char *l = tzalias_link(e->zone); /* CLDR keeps some old names (Asia/Calcutta) */
    return l ? l : e->zone;
}
