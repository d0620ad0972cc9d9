/* trust.h - what the board accepts from the network (shell side: OpenSSL libcrypto for
 * Ed25519, and a small state file for the last accepted sequence numbers).
 *
 * Every channel that brings a feed or an override document (the control endpoint's
 * PUT /feed and PUT /overrides, the fleet broker, an overrides URL) passes its bytes
 * through trust_accept before parsing them. With a trusted key (settings
 * `trusted_key = FILE.pub`) only a signed envelope (envelope.h) whose signature
 * verifies, of the channel's kind and scope, not expired, not issued in the future and
 * with a sequence newer than the last accepted one is let through; the sequence is
 * kept in STATE_DIR/trusted-seq (atomically) so that a reboot does not reopen replays
 * (docs/signed-pushes.md).
 * Without a trusted key, a bare document is let through and an envelope is unwrapped
 * (its signature unchecked, its sequence still checked): the broker's or the endpoint's
 * own authentication guards the board then.
 */
#ifndef HB_TRUST_H
#define HB_TRUST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "envelope.h"

#define TRUST_WHY_MAX 256

typedef struct trust_ctx trust_ctx;

/* Opens the trust state: pub_path (an Ed25519 public key in PEM, as `hallboard keygen`
 * writes it) or NULL for none; state_dir (where trusted-seq is kept) or NULL (kept in
 * memory only). Returns NULL after writing why to err (unreadable or not an Ed25519
 * key). */
trust_ctx *trust_open(const char *pub_path, const char *state_dir, FILE *err);

/* True when a trusted key is set (only signed messages are accepted). NULL: false. */
bool trust_required(const trust_ctx *t);

/* Checks bytes arriving for (kind, scope) at now (scope "" or NULL: every hall; an
 * envelope's scope must be the channel's exactly). On acceptance returns 0 and points
 * *payload / *plen at the document inside (a malloc'd copy the caller frees) and
 * records the sequence when there was one; why is then "" or, when the state file
 * could not be written, "accepted, but the sequence is not saved (...)". On refusal
 * returns -1 with why ("unsigned: this board accepts only signed overrides" (or
 * "feeds"), "bad signature", "replayed: sequence 5 is not newer than 7", "expired at
 * 2026-12-04T10:00:00Z", "issued in the future: 2026-12-04T10:05:01Z is more than 300 s
 * after this board's clock (2026-12-04T10:00:00Z)", "for hall A, not hall B", "for
 * every hall, not hall B", "overrides, not a feed", "malformed envelope: missing
 * \"kind\"") and nothing recorded. The checks run in that order: signature first, then
 * kind and scope, sequence, expiry, issue time. Thread-safe (one lock held for the
 * whole check: the same message arriving twice at once is accepted once). t NULL
 * behaves as no trusted key and no state. */
int trust_accept(trust_ctx *t, envelope_kind kind, const char *scope, const char *bytes,
                 size_t len, int64_t now, char **payload, size_t *plen, char *why,
                 size_t whycap);

/* Frees. NULL is a no-op. */
void trust_close(trust_ctx *t);

#endif
