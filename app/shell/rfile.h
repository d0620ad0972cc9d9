/* rfile.h - the one way the board opens and reads a file it is given (shell side):
 * settings, feed files, the font chain file and the font files, zone files, the feed
 * cache.
 *
 * Every file is opened non-blocking, so a FIFO or a device named where a file was
 * expected is refused at once instead of hanging the board (/dev/zero would otherwise
 * be read forever, a FIFO with no writer waited on forever); anything that is not a
 * regular file is refused; every read is capped, both by the size the file has when
 * opened and by one spare byte read past it (a file that grows while read). Errors are
 * one line, naming the path and the cause in words.
 */
#ifndef HB_RFILE_H
#define HB_RFILE_H

#include <stddef.h>

/* Largest settings file (hallboard.conf) read. */
#define RFILE_SETTINGS_MAX (256u * 1024u)

/* Opens path read-only (close-on-exec, non-blocking: opening a FIFO or a device never
 * waits) and checks that it is a regular file of at most cap bytes. Returns 0 with the
 * open descriptor in *fd (the caller closes it) and the file's size in *size. Returns a
 * negative errno on failure, with *fd = -1 and a one-line reason in err (err may be
 * NULL when errcap is 0): the open's own error (-ENOENT for a missing file), -EINVAL
 * for anything but a regular file ("not a regular file"), -EFBIG for a file over cap
 * ("larger than N bytes"). */
int rfile_open_regular(const char *path, size_t cap, int *fd, size_t *size, char *err,
                       size_t errcap);

/* Reads the whole regular file at path, of at most cap bytes, through
 * rfile_open_regular. Returns 0 with a malloc'd buffer in *out (NUL-terminated; the
 * caller frees it) and its length in *len (bytes before that NUL; the file may hold
 * NULs of its own). Returns a negative errno with *out NULL, *len 0 and a one-line
 * reason in err: those of rfile_open_regular, -EFBIG also for a file that grows past
 * cap while read, -ENOMEM, or the error of a read. */
int rfile_read(const char *path, size_t cap, char **out, size_t *len, char *err,
               size_t errcap);

#endif
