/* cli_keys.h - `hallboard keygen --out PREFIX`: a key pair for signed pushes
 * (docs/signed-pushes.md). Used by cli.c only. */
#ifndef HB_CLI_KEYS_H
#define HB_CLI_KEYS_H

#include <stddef.h>
#include <stdio.h>

/* Writes PREFIX.key and PREFIX.pub (sign_keygen) and says on out what to do with each.
 * prefix is --out (NULL when absent); n_positional counts stray arguments. Returns
 * CLI_EXIT_OK, CLI_EXIT_USAGE, or CLI_EXIT_INVALID when the pair could not be written
 * (nothing is left behind). */
int cli_keygen(const char *prefix, size_t n_positional, FILE *out, FILE *err);

#endif
