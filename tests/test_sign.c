/* test_sign.c - Ed25519 keys and signatures (sign.h) and what the board accepts from
 * the network (trust.h), with real OpenSSL, real key files and a real state directory. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "cli.h"
#include "envelope.h"
#include "sign.h"
#include "trust.h"

/* A stream collecting what a function under test writes as its error. */
typedef struct {
    FILE *f;
    char *text;
    size_t len;
} errbuf;

static void err_open(errbuf *e)
{
    e->text = NULL;
    e->f = open_memstream(&e->text, &e->len);
    assert_non_null(e->f);
}

/* Closes the stream; returns what was written (free it). */
static char *err_close(errbuf *e)
{
    fclose(e->f);
    return e->text;
}

/* A fresh directory with a key pair DIR/k.key, DIR/k.pub. */
typedef struct {
    char *dir;
    char key[600], pub[600], prefix[512];
} pair;

static void make_pair(pair *p, const char *name)
{
    p->dir = support_tempdir();
    snprintf(p->prefix, sizeof(p->prefix), "%s/%s", p->dir, name);
    snprintf(p->key, sizeof(p->key), "%s.key", p->prefix);
    snprintf(p->pub, sizeof(p->pub), "%s.pub", p->prefix);
    assert_int_equal(sign_keygen(p->prefix, stderr), 0);
}

static void drop_pair(pair *p)
{
    support_remove_tree(p->dir);
    free(p->dir);
}

static mode_t mode_of(const char *path)
{
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 07777;
}

static void keygen_writes_0600_and_0644_files_and_never_replaces_them(void **st)
{
    (void)st;
    char *dir = support_tempdir();
    char prefix[512], key[600], pub[600];
    snprintf(prefix, sizeof(prefix), "%s/organisers", dir);
    snprintf(key, sizeof(key), "%s.key", prefix);
    snprintf(pub, sizeof(pub), "%s.pub", prefix);
    mode_t old = umask(077); /* the public key is still readable by all */
    char *argv[] = {"hallboard", "keygen", "--out", prefix, NULL};
    char *outs = NULL;
    size_t outlen;
    FILE *out = open_memstream(&outs, &outlen);
    errbuf e;
    err_open(&e);
    assert_int_equal(cli_main(4, argv, out, e.f), CLI_EXIT_OK);
    fclose(out);
    free(err_close(&e));
    umask(old);
    assert_non_null(strstr(outs, "organisers.pub: the public key"));
    free(outs);
    assert_int_equal(mode_of(key), 0600);
    assert_int_equal(mode_of(pub), 0644);
    size_t klen, plen;
    char *k1 = support_read_file(key, &klen), *p1 = support_read_file(pub, &plen);
    assert_non_null(strstr(k1, "-----BEGIN PRIVATE KEY-----"));
    assert_non_null(strstr(p1, "-----BEGIN PUBLIC KEY-----"));

    /* Again: refused, both files as they were. */
    err_open(&e);
    assert_int_equal(sign_keygen(prefix, e.f), -1);
    char *msg = err_close(&e);
    assert_non_null(strstr(msg, "organisers.key: File exists (a key pair is never replaced"));
    free(msg);
    char *k2 = support_read_file(key, NULL), *p2 = support_read_file(pub, NULL);
    assert_string_equal(k1, k2);
    assert_string_equal(p1, p2);
    free(k2);
    free(p2);

    /* A .pub without its .key: refused too, and no .key is left behind. */
    assert_int_equal(unlink(key), 0);
    err_open(&e);
    assert_int_equal(sign_keygen(prefix, e.f), -1);
    msg = err_close(&e);
    assert_non_null(strstr(msg, "organisers.pub: File exists"));
    free(msg);
    assert_int_equal(access(key, F_OK), -1);

    /* The command line: --out is required, nothing else is taken. */
    char *bad1[] = {"hallboard", "keygen", NULL};
    char *bad2[] = {"hallboard", "keygen", "--out", prefix, "extra", NULL};
    err_open(&e);
    assert_int_equal(cli_main(2, bad1, stdout, e.f), CLI_EXIT_USAGE);
    assert_int_equal(cli_main(5, bad2, stdout, e.f), CLI_EXIT_USAGE);
    msg = err_close(&e);
    assert_non_null(strstr(msg, "usage: hallboard keygen --out PREFIX"));
    free(msg);
    free(k1);
    free(p1);
    support_remove_tree(dir);
    free(dir);
}

static void signatures_verify_and_a_flipped_byte_or_another_key_fails(void **st)
{
    (void)st;
    pair a, b;
    make_pair(&a, "a");
    make_pair(&b, "b");
    sign_key *priv = sign_load_private(a.key, stderr), *pub = sign_load_public(a.pub, stderr);
    sign_key *other = sign_load_public(b.pub, stderr);
    assert_non_null(priv);
    assert_non_null(pub);
    assert_non_null(other);
    unsigned char msg[] = "the keynote moves to hall B", sig[ENVELOPE_SIG_BYTES];
    assert_int_equal(sign_bytes(priv, msg, sizeof(msg), sig), 0);
    assert_true(sign_verify(pub, msg, sizeof(msg), sig));
    assert_true(sign_verify(priv, msg, sizeof(msg), sig));
    assert_false(sign_verify(other, msg, sizeof(msg), sig));
    msg[4] ^= 1;
    assert_false(sign_verify(pub, msg, sizeof(msg), sig));
    msg[4] ^= 1;
    sig[63] ^= 0x80;
    assert_false(sign_verify(pub, msg, sizeof(msg), sig));
    assert_false(sign_verify(NULL, msg, sizeof(msg), sig));
    assert_int_equal(sign_bytes(NULL, msg, sizeof(msg), sig), -1);
    sign_key_free(priv);
    sign_key_free(pub);
    sign_key_free(other);
    sign_key_free(NULL);
    drop_pair(&a);
    drop_pair(&b);
}

/* The envelope e re-signed bytes check against pub. */
static bool envelope_verifies(const sign_key *pub, const envelope *e)
{
    size_t n;
    unsigned char *b = envelope_signed_bytes(e, &n);
    bool ok = sign_verify(pub, b, n, e->sig);
    free(b);
    return ok;
}

static void every_signed_member_is_covered(void **st)
{
    (void)st;
    pair a;
    make_pair(&a, "a");
    sign_key *priv = sign_load_private(a.key, stderr), *pub = sign_load_public(a.pub, stderr);
    envelope e = {.kind = ENVELOPE_OVERRIDES, .scope = "A", .seq = 42,
                  .issued = support_instant("2026-12-04T09:00:00Z"),
                  .expires = support_instant("2026-12-04T18:00:00Z"),
                  .payload = (unsigned char *)"{\"hallboard_overrides\":1}",
                  .payload_len = 25};
    char *text = sign_envelope(priv, &e);
    assert_non_null(text);
    assert_string_equal(e.issued_text, "2026-12-04T09:00:00Z");
    assert_string_equal(e.expires_text, "2026-12-04T18:00:00Z");
    envelope p;
    char err[256];
    assert_int_equal(envelope_parse(text, strlen(text), &p, err, sizeof(err)), 0);
    assert_true(envelope_verifies(pub, &p));
    p.payload[3] ^= 1;
    assert_false(envelope_verifies(pub, &p));
    p.payload[3] ^= 1;
    p.seq++;
    assert_false(envelope_verifies(pub, &p));
    p.seq--;
    strcpy(p.scope, "B");
    assert_false(envelope_verifies(pub, &p));
    strcpy(p.scope, "A");
    p.issued_text[18] = '1';
    assert_false(envelope_verifies(pub, &p));
    p.issued_text[18] = '0';
    strcpy(p.expires_text, "2026-12-04T19:00:00Z");
    assert_false(envelope_verifies(pub, &p));
    p.expires_text[0] = '\0'; /* null */
    p.expires = INT64_MAX;
    assert_false(envelope_verifies(pub, &p));
    strcpy(p.expires_text, "2026-12-04T18:00:00Z");
    p.kind = ENVELOPE_FEED;
    assert_false(envelope_verifies(pub, &p));
    p.kind = ENVELOPE_OVERRIDES;
    p.sig[0] ^= 1;
    assert_false(envelope_verifies(pub, &p));
    p.sig[0] ^= 1;
    assert_true(envelope_verifies(pub, &p)); /* every change undone: good again */
    envelope_clear(&p);
    free(text);
    sign_key_free(priv);
    sign_key_free(pub);
    drop_pair(&a);
}

/* ---- trust ------------------------------------------------------------------------ */

#define NOW 1796378400 /* 2026-12-04T10:00:00Z */

/* A signed overrides envelope for scope with seq, issued and expires (0: none). */
static char *signed_doc(const sign_key *k, envelope_kind kind, const char *scope,
                        uint64_t seq, int64_t issued, int64_t expires, const char *payload)
{
    envelope e;
    memset(&e, 0, sizeof(e));
    e.kind = kind;
    snprintf(e.scope, sizeof(e.scope), "%s", scope);
    e.seq = seq;
    e.issued = issued;
    e.expires = expires ? expires : INT64_MAX;
    e.payload = (unsigned char *)payload;
    e.payload_len = strlen(payload);
    char *text = sign_envelope(k, &e);
    assert_non_null(text);
    return text;
}

/* trust_accept on text; returns its rc, the payload (or NULL) into *payload. */
static int accept(trust_ctx *t, envelope_kind kind, const char *scope, const char *text,
                  char **payload, char *why)
{
    size_t plen = 99;
    int rc = trust_accept(t, kind, scope, text, strlen(text), NOW, payload, &plen, why,
                          TRUST_WHY_MAX);
    if (rc == 0)
        assert_int_equal(plen, strlen(*payload));
    else
        assert_null(*payload);
    return rc;
}

/* text is refused with exactly want. */
static void expect_refusal(trust_ctx *t, const char *scope, const char *text, const char *want)
{
    char *payload = NULL, why[TRUST_WHY_MAX];
    assert_int_equal(accept(t, ENVELOPE_OVERRIDES, scope, text, &payload, why), -1);
    assert_string_equal(why, want);
}

static const char doc_a[] = "{\"hallboard_overrides\":1,\"halls\":{\"A\":{\"note\":\"full\"}}}";

static void a_board_with_a_trusted_key_takes_only_good_signed_messages(void **st)
{
    (void)st;
    pair a, b;
    make_pair(&a, "a");
    make_pair(&b, "b");
    char *state = support_tempdir();
    trust_ctx *t = trust_open(a.pub, state, stderr);
    assert_non_null(t);
    assert_true(trust_required(t));
    sign_key *k = sign_load_private(a.key, stderr), *other = sign_load_private(b.key, stderr);

    expect_refusal(t, "A", doc_a, "unsigned: this board accepts only signed overrides");
    char *payload = NULL, why[TRUST_WHY_MAX];
    assert_int_equal(trust_accept(t, ENVELOPE_FEED, "", doc_a, strlen(doc_a), NOW, &payload,
                                  &(size_t){0}, why, sizeof(why)), -1);
    assert_string_equal(why, "unsigned: this board accepts only signed feeds");

    char *wrong = signed_doc(other, ENVELOPE_OVERRIDES, "A", 100, NOW, NOW + 3600, doc_a);
    expect_refusal(t, "A", wrong, "bad signature");
    free(wrong);
    expect_refusal(t, "A", "{\"hallboard_signed\": 1}", "malformed envelope: missing \"kind\"");

    char *exp = signed_doc(k, ENVELOPE_OVERRIDES, "A", 100, NOW - 7200, NOW, doc_a);
    expect_refusal(t, "A", exp, "expired at 2026-12-04T10:00:00Z");
    free(exp);
    char *fut = signed_doc(k, ENVELOPE_OVERRIDES, "A", 100, NOW + 301, 0, doc_a);
    expect_refusal(t, "A", fut, "issued in the future: 2026-12-04T10:05:01Z is more than 300 s "
                                "after this board's clock (2026-12-04T10:00:00Z)");
    free(fut);
    char *hall = signed_doc(k, ENVELOPE_OVERRIDES, "A", 100, NOW, 0, doc_a);
    expect_refusal(t, "B", hall, "for hall A, not hall B");
    expect_refusal(t, "", hall, "for hall A, not every hall");
    assert_int_equal(trust_accept(t, ENVELOPE_FEED, "A", hall, strlen(hall), NOW, &payload,
                                  &(size_t){0}, why, sizeof(why)), -1);
    assert_string_equal(why, "overrides, not a feed");

    /* The good one: its payload, and its sequence recorded. */
    assert_int_equal(accept(t, ENVELOPE_OVERRIDES, "A", hall, &payload, why), 0);
    assert_string_equal(payload, doc_a);
    assert_string_equal(why, "");
    free(payload);
    char path[600];
    snprintf(path, sizeof(path), "%s/trusted-seq", state);
    char *file = support_read_file(path, NULL);
    assert_non_null(file);
    assert_non_null(strstr(file, "\noverrides A 100\n"));
    free(file);
    expect_refusal(t, "A", hall, "replayed: sequence 100 is not newer than 100");
    /* The sequence of one scope is not another's. */
    char *glob = signed_doc(k, ENVELOPE_OVERRIDES, "", 50, NOW, 0, doc_a);
    assert_int_equal(accept(t, ENVELOPE_OVERRIDES, "", glob, &payload, why), 0);
    free(payload);

    /* A reboot: the sequences are still known. */
    trust_close(t);
    t = trust_open(a.pub, state, stderr);
    assert_non_null(t);
    expect_refusal(t, "A", hall, "replayed: sequence 100 is not newer than 100");
    expect_refusal(t, "", glob, "replayed: sequence 50 is not newer than 50");
    char *older = signed_doc(k, ENVELOPE_OVERRIDES, "A", 99, NOW, 0, doc_a);
    expect_refusal(t, "A", older, "replayed: sequence 99 is not newer than 100");
    char *newer = signed_doc(k, ENVELOPE_OVERRIDES, "A", 101, NOW, 0, doc_a);
    assert_int_equal(accept(t, ENVELOPE_OVERRIDES, "A", newer, &payload, why), 0);
    free(payload);
    free(older);
    free(newer);
    free(glob);
    free(hall);
    trust_close(t);
    trust_close(NULL);
    sign_key_free(k);
    sign_key_free(other);
    support_remove_tree(state);
    free(state);
    drop_pair(&a);
    drop_pair(&b);
}

static void a_board_without_a_trusted_key_unwraps_and_still_counts(void **st)
{
    (void)st;
    pair a;
    make_pair(&a, "a");
    sign_key *k = sign_load_private(a.key, stderr);
    char *state = support_tempdir();
    trust_ctx *t = trust_open(NULL, state, stderr);
    assert_non_null(t);
    assert_false(trust_required(t));
    assert_false(trust_required(NULL));
    char *payload = NULL, why[TRUST_WHY_MAX];
    /* A bare document passes unchanged (a copy). */
    assert_int_equal(accept(t, ENVELOPE_OVERRIDES, "A", doc_a, &payload, why), 0);
    assert_string_equal(payload, doc_a);
    assert_ptr_not_equal(payload, doc_a);
    free(payload);
    /* An envelope is unwrapped, its signature unchecked, its sequence checked. */
    char *env = signed_doc(k, ENVELOPE_OVERRIDES, "A", 7, NOW, 0, doc_a);
    char *forged = strdup(env);
    char *sig = strstr(forged, "\"sig\":\"") + 7;
    sig[0] = sig[0] == 'A' ? 'B' : 'A';
    assert_int_equal(accept(t, ENVELOPE_OVERRIDES, "A", forged, &payload, why), 0);
    assert_string_equal(payload, doc_a);
    free(payload);
    expect_refusal(t, "A", env, "replayed: sequence 7 is not newer than 7");
    /* NULL: no key, no state. */
    assert_int_equal(accept(NULL, ENVELOPE_OVERRIDES, "A", env, &payload, why), 0);
    free(payload);
    assert_int_equal(accept(NULL, ENVELOPE_OVERRIDES, "A", env, &payload, why), 0);
    free(payload);
    free(forged);
    free(env);
    trust_close(t);
    sign_key_free(k);
    support_remove_tree(state);
    free(state);
    drop_pair(&a);
}

static void a_damaged_state_file_keeps_its_good_lines(void **st)
{
    (void)st;
    pair a;
    make_pair(&a, "a");
    sign_key *k = sign_load_private(a.key, stderr);
    char *state = support_tempdir();
    char path[600];
    snprintf(path, sizeof(path), "%s/trusted-seq", state);
    const char *text = "# comment\noverrides A 30\nbroken\nfeed  12\noverrides B x\n"
                       "overrides Hall 2 5\n";
    assert_int_equal(support_write_file(path, text, strlen(text)), 0);
    errbuf e;
    err_open(&e);
    trust_ctx *t = trust_open(a.pub, state, e.f);
    char *msg = err_close(&e);
    assert_non_null(t);
    assert_non_null(strstr(msg, "trusted-seq:3: not \"KIND SCOPE SEQ\": line skipped"));
    assert_non_null(strstr(msg, "trusted-seq:5: the sequence is not a number from 1: line "
                                "skipped"));
    assert_int_equal(support_count(msg, "\n"), 2);
    free(msg);
    char *d1 = signed_doc(k, ENVELOPE_OVERRIDES, "A", 30, NOW, 0, doc_a);
    expect_refusal(t, "A", d1, "replayed: sequence 30 is not newer than 30");
    char *d2 = signed_doc(k, ENVELOPE_FEED, "", 12, NOW, 0, "{}");
    char *payload = NULL, why[TRUST_WHY_MAX];
    assert_int_equal(trust_accept(t, ENVELOPE_FEED, "", d2, strlen(d2), NOW, &payload,
                                  &(size_t){0}, why, sizeof(why)), -1);
    assert_string_equal(why, "replayed: sequence 12 is not newer than 12");
    char *d3 = signed_doc(k, ENVELOPE_OVERRIDES, "Hall 2", 5, NOW, 0, doc_a);
    expect_refusal(t, "Hall 2", d3, "replayed: sequence 5 is not newer than 5");
    free(d1);
    free(d2);
    free(d3);
    trust_close(t);
    sign_key_free(k);
    support_remove_tree(state);
    free(state);
    drop_pair(&a);
}

static void keys_open_to_others_or_not_keys_are_refused(void **st)
{
    (void)st;
    pair a;
    make_pair(&a, "a");
    assert_int_equal(chmod(a.key, 0644), 0);
    errbuf e;
    err_open(&e);
    assert_null(sign_load_private(a.key, e.f));
    char *msg = err_close(&e);
    char want[1400];
    snprintf(want, sizeof(want), "hallboard: %s: mode 0644 opens the private key to others: "
             "it must be its owner's only (chmod 600 %s)\n", a.key, a.key);
    assert_string_equal(msg, want);
    free(msg);
    assert_int_equal(chmod(a.key, 0640), 0);
    err_open(&e);
    assert_null(sign_load_private(a.key, e.f));
    free(err_close(&e));
    assert_int_equal(chmod(a.key, 0400), 0);
    sign_key *k = sign_load_private(a.key, stderr);
    assert_non_null(k);
    sign_key_free(k);

    /* A garbage .pub, a private key named as the trusted key, a missing one. */
    char garbage[600];
    snprintf(garbage, sizeof(garbage), "%s/garbage.pub", a.dir);
    assert_int_equal(support_write_file(garbage, "not a key\n", 10), 0);
    const char *paths[] = {garbage, a.key};
    for (size_t i = 0; i < 2; i++) {
        err_open(&e);
        assert_null(trust_open(paths[i], NULL, e.f));
        msg = err_close(&e);
        snprintf(want, sizeof(want), "hallboard: %s: not a PEM public key (hallboard keygen "
                 "writes them: PREFIX.pub)\n", paths[i]);
        assert_string_equal(msg, want);
        free(msg);
    }
    snprintf(garbage, sizeof(garbage), "%s/missing.pub", a.dir);
    err_open(&e);
    assert_null(trust_open(garbage, NULL, e.f));
    msg = err_close(&e);
    assert_non_null(strstr(msg, "missing.pub"));
    assert_non_null(strstr(msg, "No such file"));
    free(msg);
    /* An Ed448 key is not the Ed25519 one the board takes; an encrypted private key is
     * refused without asking for a passphrase. */
    EVP_PKEY *ed448 = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED448, NULL);
    assert_int_equal(EVP_PKEY_keygen_init(ctx), 1);
    assert_int_equal(EVP_PKEY_keygen(ctx, &ed448), 1);
    EVP_PKEY_CTX_free(ctx);
    char other[600], locked[600];
    snprintf(other, sizeof(other), "%s/ed448.pub", a.dir);
    snprintf(locked, sizeof(locked), "%s/locked.key", a.dir);
    FILE *f = fopen(other, "w");
    assert_int_equal(PEM_write_PUBKEY(f, ed448), 1);
    fclose(f);
    EVP_PKEY_free(ed448);
    err_open(&e);
    assert_null(trust_open(other, NULL, e.f));
    msg = err_close(&e);
    snprintf(want, sizeof(want), "hallboard: %s: the key is ED448, not Ed25519\n", other);
    assert_string_equal(msg, want);
    free(msg);
    sign_key *plain = sign_load_private(a.key, stderr);
    assert_non_null(plain);
    sign_key_free(plain);
    char *pem = support_read_file(a.key, NULL);
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *pk = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
    BIO_free(bio);
    free(pem);
    f = fopen(locked, "w");
    assert_int_equal(PEM_write_PKCS8PrivateKey(f, pk, EVP_aes_256_cbc(), "secret", 6, NULL,
                                               NULL), 1);
    fclose(f);
    EVP_PKEY_free(pk);
    assert_int_equal(chmod(locked, 0600), 0);
    err_open(&e);
    assert_null(sign_load_private(locked, e.f));
    msg = err_close(&e);
    assert_non_null(strstr(msg, "locked.key: not a PEM private key"));
    free(msg);

    /* A public key is not a private key. */
    assert_int_equal(chmod(a.pub, 0600), 0);
    err_open(&e);
    assert_null(sign_load_private(a.pub, e.f));
    msg = err_close(&e);
    assert_non_null(strstr(msg, "a.pub: not a PEM private key"));
    free(msg);
    drop_pair(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(keygen_writes_0600_and_0644_files_and_never_replaces_them),
        cmocka_unit_test(signatures_verify_and_a_flipped_byte_or_another_key_fails),
        cmocka_unit_test(every_signed_member_is_covered),
        cmocka_unit_test(a_board_with_a_trusted_key_takes_only_good_signed_messages),
        cmocka_unit_test(a_board_without_a_trusted_key_unwraps_and_still_counts),
        cmocka_unit_test(a_damaged_state_file_keeps_its_good_lines),
        cmocka_unit_test(keys_open_to_others_or_not_keys_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
