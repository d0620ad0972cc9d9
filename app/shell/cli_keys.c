/* cli_keys.c - `hallboard keygen`: an Ed25519 key pair for signed pushes. The private
 * key stays with the organisers' operator commands; the public key goes to every board
 * (settings: trusted_key). */
#include "cli_keys.h"

#include "cli.h"
#include "sign.h"

int cli_keygen(const char *prefix, size_t n_positional, FILE *out, FILE *err)
{
    if (!prefix || !prefix[0] || n_positional) {
        fprintf(err, "hallboard: usage: hallboard keygen --out PREFIX\n");
        return CLI_EXIT_USAGE;
    }
    if (sign_keygen(prefix, err) != 0)
        return CLI_EXIT_INVALID;
    fprintf(out,
            "%s.key: the private key (mode 0600): keep it with the operators, never on a "
            "board\n"
            "%s.pub: the public key: copy it to each board and name it in the settings "
            "(trusted_key = /etc/hallboard/NAME.pub)\n",
            prefix, prefix);
    return CLI_EXIT_OK;
}
