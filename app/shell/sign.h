/* sign.h - Ed25519 keys and signatures (OpenSSL libcrypto), for `hallboard keygen`, the
 * operator commands' --key and the board's trusted key (trust.h).
 */
#ifndef HB_SIGN_H
#define HB_SIGN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "envelope.h"

typedef struct sign_key sign_key;

/* Writes a new key pair: PREFIX.key (PKCS#8 PEM, mode 0600, refused when it exists)
 * and PREFIX.pub (SubjectPublicKeyInfo PEM, 0644). Returns 0, or -1 after writing why
 * to err. */
int sign_keygen(const char *prefix, FILE *err);

/* Loads a private key (PREFIX.key; refused when group- or world-readable) or a public
 * key (PREFIX.pub). Returns NULL after writing why to err. Caller frees. */
sign_key *sign_load_private(const char *path, FILE *err);
sign_key *sign_load_public(const char *path, FILE *err);
void sign_key_free(sign_key *k);

/* Signs msg with a private key into sig. Returns 0 or -1. */
int sign_bytes(const sign_key *k, const unsigned char *msg, size_t len,
               unsigned char sig[ENVELOPE_SIG_BYTES]);

/* True when sig is k's signature of msg (k public or private). */
bool sign_verify(const sign_key *k, const unsigned char *msg, size_t len,
                 const unsigned char sig[ENVELOPE_SIG_BYTES]);

/* Signs envelope e in place (e->sig) and returns it as JSON (malloc'd), or NULL. */
char *sign_envelope(const sign_key *k, envelope *e);

#endif
