/* afile.h - a file replaced whole or not at all (the one atomic writer of the shell).
 *
 * A reader sees the old file or the new one, never a part: the bytes go to a temporary
 * file in the same directory, which is synced to disk, closed and renamed over the
 * target; the directory is synced after the rename so that a power cut keeps it.
 * Used by the feed cache, the image cache, the trusted-sequence file and PNG files.
 */
#ifndef HB_AFILE_H
#define HB_AFILE_H

#include <stddef.h>
#include <sys/types.h>

/* afile_replace's flags. */
#define AFILE_NO_SYNC 1u /* no fsync of the file or its folder: atomic for readers, but a
                          * power cut may leave the old file or none (a frame written for
                          * a person or a tool, not the board's own state) */

/* One piece of the new file's contents (borrowed). */
typedef struct {
    const void *data;
    size_t len;
} afile_part;

/* Replaces path with parts[0..n) written one after the other, mode `mode` (umask not
 * applied), synced to disk with its folder unless flags has AFILE_NO_SYNC. tmpl: a mkstemp template in path's directory (ending in "XXXXXX"; the
 * caller's buffer, rewritten with the name used), or NULL for "PATH.XXXXXX".
 * Returns 0; 1 when the file was replaced but syncing its directory failed (it may not
 * survive a power cut); -1 with errno set, *step (may be NULL) naming what failed
 * ("create", "write", "sync", "close", "rename") and *tmp_used (may be NULL) the
 * temporary file's name (static storage until the next call on this thread): path is
 * untouched and the temporary file removed. */
int afile_replace(const char *path, char *tmpl, mode_t mode, unsigned flags,
                  const afile_part *parts, size_t n, const char **step, const char **tmp_used);

/* fsync of a directory, so that a rename or a mkdir in it is durable. Returns 0 or -1
 * with errno. */
int afile_sync_dir(const char *dir);

/* fsync of path's directory (the part before its last '/', "." without one). Returns 0
 * or -1 with errno. */
int afile_sync_parent(const char *path);

#endif
