/* fuzz_envelope.c - libFuzzer target for signed envelopes (envelope.h): parsing never
 * fails to say why, and what parses builds back to text that parses to the same
 * envelope and signs the same bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"

static void same_or_abort(const envelope *a, const envelope *b)
{
    if (a->kind != b->kind || strcmp(a->scope, b->scope) != 0 || a->seq != b->seq ||
        a->issued != b->issued || a->expires != b->expires ||
        strcmp(a->issued_text, b->issued_text) != 0 ||
        strcmp(a->expires_text, b->expires_text) != 0 || a->payload_len != b->payload_len ||
        memcmp(a->payload, b->payload, a->payload_len) != 0 ||
        memcmp(a->sig, b->sig, ENVELOPE_SIG_BYTES) != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    envelope e, back;
    char err[256];
    memset(err, 'x', sizeof(err));
    (void)envelope_sniff((const char *)data, size);
    if (envelope_parse((const char *)data, size, &e, err, sizeof(err)) != 0) {
        if (memchr(err, '\0', sizeof(err)) == NULL || err[0] == '\0' || e.payload)
            abort();
        return 0;
    }
    if (e.seq == 0 || e.payload[e.payload_len] != '\0')
        abort();
    char *text = envelope_build(&e);
    if (!text || envelope_parse(text, strlen(text), &back, err, sizeof(err)) != 0)
        abort();
    same_or_abort(&e, &back);
    size_t n1, n2;
    unsigned char *s1 = envelope_signed_bytes(&e, &n1), *s2 = envelope_signed_bytes(&back, &n2);
    if (!s1 || !s2 || n1 != n2 || memcmp(s1, s2, n1) != 0)
        abort();
    free(s1);
    free(s2);
    free(text);
    envelope_clear(&back);
    envelope_clear(&e);
    return 0;
}
