/* main.c - the hallboard executable: hands the command line to cli_main(). */
#include <malloc.h>

#include "cli.h"

int main(int argc, char **argv)
{
    /* Blocks of 1 MiB and more (a screen's pixels, a feed's bytes) are mapped for
     * themselves and unmapped when freed. Left to glibc, the first such free raises its
     * threshold, and later ones stay in the heap: a board that runs for days would
     * keep the largest it ever needed. */
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    return cli_main(argc, argv, stdout, stderr);
}
