/* logsafe.h - text from outside made safe for a log line or a terminal (pure).
 *
 * A feed's revision, a server's message, a URL or a header value may hold a newline
 * (a forged log line), ESC or BEL (commands to the terminal showing the log) or bytes
 * that are not UTF-8. logsafe() writes a copy in which every such character is
 * spelled out, so the line stays one line and the terminal only shows text:
 *
 *   \n \r \t \e      newline, carriage return, tab, escape
 *   \\               the backslash itself (so that every escape reads one way back)
 *   \xHH             any other C0 control and DEL; each byte of a C1 control
 *                    (U+0080..U+009F, "\xc2\x9b"); each byte that is not valid UTF-8
 *
 * Valid UTF-8 text (Chinese, Arabic, accents...) is kept as it is. A copy longer than
 * the buffer is cut on a character (or whole escape) and ends with "...".
 */
#ifndef HB_LOGSAFE_H
#define HB_LOGSAFE_H

#include <stddef.h>

/* A buffer size that holds a line of any text the board logs (256 bytes of it
 * escaped at 4 bytes per byte). */
#define LOGSAFE_LINE 1100

/* Writes the escaped copy of the n bytes at s (NUL bytes included, as \x00) into buf
 * (cap bytes, always NUL-terminated when cap > 0). Returns the length written.
 * s may be NULL when n is 0. Can't fail. */
size_t logsafe_mem(const char *s, size_t n, char *buf, size_t cap);

/* logsafe_mem() of the string s (NULL: ""). Returns buf, for use as a printf
 * argument: fprintf(err, "revision %s\n", logsafe(rev, tmp, sizeof(tmp))). */
const char *logsafe(const char *s, char *buf, size_t cap);

#endif
