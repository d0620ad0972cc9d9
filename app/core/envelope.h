/* envelope.h - a signed message for the board: a feed or an override document wrapped
 * with its kind, scope, sequence number, issue time and expiry, and an Ed25519
 * signature over all of them (docs/signed-pushes.md).
 *
 *   {"hallboard_signed": 1, "kind": "feed"|"overrides", "scope": "" | HALL,
 *    "seq": N, "issued": RFC3339, "expires": RFC3339 | null,
 *    "payload": BASE64, "sig": BASE64}
 *
 * The signature covers the bytes envelope_signed_bytes() gives:
 *   "hallboard-signed/1\n" kind "\n" scope "\n" seq "\n" issued "\n" expires "\n" payload
 * with seq in decimal, issued and expires as written in the envelope (expires "" when
 * null) and the payload's decoded bytes. Pure: signing and verifying are the shell's
 * (sign.h, trust.h); parsing, building and the acceptance rules are here.
 */
#ifndef HB_ENVELOPE_H
#define HB_ENVELOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ENVELOPE_MAX_BYTES (24u * 1024u * 1024u) /* a whole envelope (a feed's base64) */
#define ENVELOPE_SIG_BYTES 64u                  /* an Ed25519 signature */
#define ENVELOPE_SCOPE_MAX 128u                 /* bytes of a scope (a hall id) */
#define ENVELOPE_FUTURE_MAX_S 300               /* issued at most this far ahead of now */

typedef enum { ENVELOPE_FEED, ENVELOPE_OVERRIDES } envelope_kind;

/* A parsed envelope. Owns its strings and payload (envelope_clear frees them). */
typedef struct {
    envelope_kind kind;
    char scope[ENVELOPE_SCOPE_MAX + 1];
    uint64_t seq;              /* 1.. */
    int64_t issued;            /* unix s */
    int64_t expires;           /* unix s, or INT64_MAX when null */
    char issued_text[40], expires_text[40]; /* as written ("" for a null expires) */
    unsigned char *payload;    /* decoded bytes (NUL-terminated for convenience) */
    size_t payload_len;
    unsigned char sig[ENVELOPE_SIG_BYTES];
} envelope;

/* True when bytes look like an envelope (a JSON object whose first member is
 * "hallboard_signed"), so that a receiver can tell a signed message from a bare one. */
bool envelope_sniff(const char *bytes, size_t len);

/* Parses an envelope. Returns 0 and fills *e (caller calls envelope_clear), or -1 with
 * one line in err (malformed JSON, a missing or wrong member, bad base64, a signature
 * not 64 bytes, a payload over ENVELOPE_MAX_BYTES...). */
int envelope_parse(const char *bytes, size_t len, envelope *e, char *err, size_t errcap);

/* Frees what e owns and zeroes it. NULL-safe. */
void envelope_clear(envelope *e);

/* The bytes the signature covers (malloc'd, *len set), or NULL on out of memory.
 * issued_text / expires_text are made from issued / expires when empty, as in
 * envelope_build, so that what is signed is what is built. */
unsigned char *envelope_signed_bytes(const envelope *e, size_t *len);

/* The envelope as JSON text (one line, malloc'd, NUL-terminated), with e->sig as its
 * signature; NULL on out of memory. issued_text / expires_text are made from issued /
 * expires when empty (expires INT64_MAX: null). */
char *envelope_build(const envelope *e);

/* Why a verified envelope is refused, or ENVELOPE_OK. */
typedef enum {
    ENVELOPE_OK,
    ENVELOPE_REPLAY,   /* seq <= the last accepted for this kind and scope */
    ENVELOPE_EXPIRED,  /* expires <= now */
    ENVELOPE_FUTURE,   /* issued more than ENVELOPE_FUTURE_MAX_S after now */
    ENVELOPE_WRONG_KIND, /* not the kind (or scope) the channel carries */
} envelope_verdict;

/* The acceptance rules for an envelope whose signature verified, arriving on a channel
 * for (kind, scope) at now, when last_seq was the last accepted there (0: none). */
envelope_verdict envelope_check(const envelope *e, envelope_kind kind, const char *scope,
                                uint64_t last_seq, int64_t now);

/* "replayed (sequence N is not newer than M)"-style words for a verdict; static. */
const char *envelope_verdict_name(envelope_verdict v);
const char *envelope_kind_name(envelope_kind k);

/* Base64 (RFC 4648, with padding). encode: malloc'd NUL-terminated text or NULL.
 * decode: malloc'd bytes (NUL-terminated) and *out_len, or NULL when the text is not
 * base64 or on out of memory. */
char *envelope_b64_encode(const unsigned char *p, size_t n);
unsigned char *envelope_b64_decode(const char *s, size_t n, size_t *out_len);

#endif
