/* cache_writer.c - the victim of the power-cut test (test_cache.c): stores feed A, then
 * feed B, then A... into a cache directory with cache_store(), forever, until killed.
 *
 * Usage: cache_writer DIR FILE_A FILE_B [FIRST]
 * FIRST is A (the default) or B: the feed stored first. Reads the two feeds from the
 * files, writes 'R' to standard output when ready to store, then one '.' after each
 * store that returned (written or not). Exits 1 with a message on standard error
 * when anything fails (the test then fails: only SIGKILL may end it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        if (r == 0)
            break;
        n += r;
    }
    fclose(f);
    *len = n;
    return buf;
}

static void say(char c)
{
    while (write(STDOUT_FILENO, &c, 1) < 0 && errno == EINTR)
        ;
}

int main(int argc, char **argv)
{
    if (argc != 4 && !(argc == 5 && (strcmp(argv[4], "A") == 0 || strcmp(argv[4], "B") == 0))) {
        fprintf(stderr, "usage: cache_writer DIR FILE_A FILE_B [A|B]\n");
        return 64;
    }
    unsigned long first = argc == 5 && argv[4][0] == 'B';
    size_t len[2];
    char *feed[2] = {slurp(argv[2], &len[0]), slurp(argv[3], &len[1])};
    if (!feed[0] || !feed[1]) {
        fprintf(stderr, "cache_writer: cannot read %s or %s\n", argv[2], argv[3]);
        return 1;
    }
    static cache_meta meta[2];
    for (int i = 0; i < 2; i++) {
        snprintf(meta[i].url, sizeof(meta[i].url), "https://example.org/feed-%c.json", 'A' + i);
        snprintf(meta[i].etag, sizeof(meta[i].etag), "\"etag-%c\"", 'A' + i);
        snprintf(meta[i].revision, sizeof(meta[i].revision), "rev-%c", 'A' + i);
        meta[i].fetched_at = 1607500000 + i;
    }
    say('R');
    for (unsigned long n = 0;; n++) {
        char err[512];
        int i = (int)((n + first) % 2);
        if (cache_store(argv[1], &meta[i], feed[i], len[i], NULL, err, sizeof(err)) != 0) {
            fprintf(stderr, "cache_writer: store %lu failed: %s\n", n, err);
            return 1;
        }
        say('.');
    }
}
