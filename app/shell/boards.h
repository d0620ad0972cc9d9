/* boards.h - the board profiles compiled into the binary (boards/NAME/board.conf, in
 * the settings file's format: video and render driver, resolution, rotation, the
 * GPU's largest texture, memory budget). `hallboard --board NAME` applies one under
 * the settings file and the command line.
 */
#ifndef HB_BOARDS_H
#define HB_BOARDS_H

#include <stddef.h>

/* The text of profile `name` (owned by the binary, NUL-terminated) and its length, or
 * NULL when there is no such profile. */
const char *boards_profile(const char *name, size_t *len);

/* The profile names, ", "-separated, into buf (NUL-terminated, cut to cap). */
void boards_names(char *buf, size_t cap);

#endif
