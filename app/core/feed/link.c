/* link.c - the links a feed may give (link.h). */
#include "link.h"

#include <string.h>

#include "agenda.h"
#include "build.h"

const char *feed_link_problem(const char *s, bool image)
{
    bool web = strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
    bool local = image && (s[0] == '/' || strncmp(s, "file:///", 8) == 0);
    _Static_assert(AGENDA_MAX_URL_BYTES == 1000, "the message below names the limit");
    if (strlen(s) > AGENDA_MAX_URL_BYTES)
        return "longer than the limit (1000 bytes)";
    if (!web && !local)
        return image ? "expected an http, https or file URL or an absolute path"
                     : "expected an http or https URL";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f || (*p == ' ' && web))
            return "holds a control character or a space";
    return NULL;
}

const char *fb_link(feed_builder *b, const char *s, bool image, const char *path)
{
    if (!s || !*s)
        return NULL;
    const char *why = feed_link_problem(s, image);
    if (why) {
        fb_flaw(b, path, "%s: left out", why);
        return NULL;
    }
    return fb_cstr(b, s, path);
}
