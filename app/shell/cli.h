/* cli.h - the command-line face: `hallboard state`, `hallboard check`, help, version.
 *
 * Exit codes (documented in the README and docs/operators.md): 0 success, 1 invalid
 * or unusable feed (the board: stopped before a display was found, or nothing to
 * draw), 2 network failure, 3 the board has no usable font, 64 usage error.
 */
#ifndef HB_CLI_H
#define HB_CLI_H

#include <stdio.h>

#define CLI_EXIT_OK 0
#define CLI_EXIT_INVALID 1
#define CLI_EXIT_NETWORK 2
#define CLI_EXIT_NO_FONT 3
#define CLI_EXIT_USAGE 64

/* Runs the command line; output goes to out, diagnostics to err. Returns the exit code. */
int cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif
