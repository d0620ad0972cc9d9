/* link.h - the links a feed may give (pure): a session's page (url), shown as a QR code,
 * and the places of images (an event's logo and background, a card's image).
 *
 * A page is an http or https URL. An image is one of those, a file:/// URL or an
 * absolute path. Either holds at most AGENDA_MAX_URL_BYTES bytes and no control
 * character; a URL holds no space. The native format refuses a feed with a bad link;
 * the importers leave the link out with a warning.
 */
#ifndef HB_FEED_LINK_H
#define HB_FEED_LINK_H

#include <stdbool.h>

#include "build.h"

/* NULL when s (NUL-terminated) is a good link (image: the place of an image, else a
 * page), else why not, as a static phrase ("expected an http or https URL"). */
const char *feed_link_problem(const char *s, bool image);

/* The importers' way: s (may be NULL or empty: absent) copied into the builder's arena
 * when a good link, else NULL with a warning at path (the link is left out). */
const char *fb_link(feed_builder *b, const char *s, bool image, const char *path);

#endif
