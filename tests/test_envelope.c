/* test_envelope.c - signed envelopes, the pure part (envelope.h): base64, sniffing,
 * parsing with its exact refusals, building, the signed bytes and the acceptance
 * rules. Signing itself is test_sign's. */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "envelope.h"

/* 64 zero bytes in base64. */
#define ZERO_SIG "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="

/* An envelope's text with each member's JSON value given (NULL: the default). */
typedef struct {
    const char *version, *kind, *scope, *seq, *issued, *expires, *payload, *sig, *extra;
} parts;

static char *doc(parts p)
{
    static char buf[4096];
    snprintf(buf, sizeof(buf),
             "{\"hallboard_signed\": %s, \"kind\": %s, \"scope\": %s, \"seq\": %s, "
             "\"issued\": %s, \"expires\": %s, \"payload\": %s, \"sig\": %s%s}",
             p.version ? p.version : "1", p.kind ? p.kind : "\"overrides\"",
             p.scope ? p.scope : "\"A\"", p.seq ? p.seq : "1733306400000",
             p.issued ? p.issued : "\"2026-12-04T10:00:00+01:00\"",
             p.expires ? p.expires : "\"2026-12-04T18:00:00Z\"",
             p.payload ? p.payload : "\"e30=\"", p.sig ? p.sig : "\"" ZERO_SIG "\"",
             p.extra ? p.extra : "");
    return buf;
}

/* envelope_parse refuses text with exactly the message want. */
static void expect_refused(const char *text, const char *want)
{
    envelope e;
    char err[256] = "untouched";
    int rc = envelope_parse(text, strlen(text), &e, err, sizeof(err));
    if (rc == 0 || strcmp(err, want) != 0)
        fail_msg("%s\n  gave rc %d, \"%s\"\n  wanted \"%s\"", text, rc, err, want);
    assert_null(e.payload); /* nothing kept */
}

static void b64_matches_the_rfc4648_test_vectors(void **st)
{
    (void)st;
    static const char *const vec[][2] = {{"", ""},         {"f", "Zg=="},
                                         {"fo", "Zm8="},   {"foo", "Zm9v"},
                                         {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                         {"foobar", "Zm9vYmFy"}};
    for (size_t i = 0; i < sizeof(vec) / sizeof(vec[0]); i++) {
        char *enc = envelope_b64_encode((const unsigned char *)vec[i][0], strlen(vec[i][0]));
        assert_string_equal(enc, vec[i][1]);
        free(enc);
        size_t n = 99;
        unsigned char *dec = envelope_b64_decode(vec[i][1], strlen(vec[i][1]), &n);
        assert_non_null(dec);
        assert_int_equal(n, strlen(vec[i][0]));
        assert_memory_equal(dec, vec[i][0], n);
        assert_int_equal(dec[n], 0);
        free(dec);
    }
    unsigned char all[256];
    for (int i = 0; i < 256; i++)
        all[i] = (unsigned char)(255 - i);
    char *enc = envelope_b64_encode(all, sizeof(all));
    assert_int_equal(strlen(enc), 344);
    size_t n;
    unsigned char *dec = envelope_b64_decode(enc, strlen(enc), &n);
    assert_int_equal(n, 256);
    assert_memory_equal(dec, all, 256);
    free(dec);
    free(enc);
}

static void b64_decode_refuses_what_is_not_canonical_base64(void **st)
{
    (void)st;
    static const char *const bad[] = {"Zg=", "Zg", "Z===", "====", "Zh==", "Zm9=",
                                      "Zm9v YmFy", "Zm9v\n", "Zm=v", "Zg==Zg==", "Zm9-",
                                      "Zm9_"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        size_t n = 7;
        unsigned char *dec = envelope_b64_decode(bad[i], strlen(bad[i]), &n);
        if (dec)
            fail_msg("\"%s\" decoded", bad[i]);
    }
}

static void sniff_tells_an_envelope_from_a_bare_document(void **st)
{
    (void)st;
    static const char *const yes[] = {"{\"hallboard_signed\":1}", " \r\n\t{ \"hallboard_signed\"",
                                      "\xef\xbb\xbf{\"hallboard_signed\": 1}"};
    static const char *const no[] = {"{\"hallboard_overrides\":1,\"hallboard_signed\":1}",
                                     "{\"hallboard_signedx\":1}", "[{\"hallboard_signed\":1}]",
                                     "", "{", "{\"hallboard_sig", "x{\"hallboard_signed\":1}"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
        assert_true(envelope_sniff(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
        if (envelope_sniff(no[i], strlen(no[i])))
            fail_msg("\"%s\" taken for an envelope", no[i]);
    assert_false(envelope_sniff(NULL, 0));
    /* Only len bytes are looked at. */
    assert_false(envelope_sniff("{\"hallboard_signed\"", 10));
}

static void parse_reads_every_member(void **st)
{
    (void)st;
    const char *text = doc((parts){.payload = "\"aGVsbG8=\""});
    envelope e;
    char err[256];
    assert_int_equal(envelope_parse(text, strlen(text), &e, err, sizeof(err)), 0);
    assert_int_equal(e.kind, ENVELOPE_OVERRIDES);
    assert_string_equal(e.scope, "A");
    assert_true(e.seq == 1733306400000ull);
    assert_true(e.issued == support_instant("2026-12-04T09:00:00Z"));
    assert_string_equal(e.issued_text, "2026-12-04T10:00:00+01:00"); /* as written */
    assert_true(e.expires == support_instant("2026-12-04T18:00:00Z"));
    assert_string_equal(e.expires_text, "2026-12-04T18:00:00Z");
    assert_int_equal(e.payload_len, 5);
    assert_string_equal((const char *)e.payload, "hello");
    for (size_t i = 0; i < ENVELOPE_SIG_BYTES; i++)
        assert_int_equal(e.sig[i], 0);
    envelope_clear(&e);
    assert_null(e.payload);

    text = doc((parts){.kind = "\"feed\"", .scope = "\"\"", .expires = "null", .seq = "1"});
    assert_int_equal(envelope_parse(text, strlen(text), &e, err, sizeof(err)), 0);
    assert_int_equal(e.kind, ENVELOPE_FEED);
    assert_string_equal(e.scope, "");
    assert_true(e.seq == 1);
    assert_true(e.expires == INT64_MAX);
    assert_string_equal(e.expires_text, "");
    envelope_clear(&e);
    envelope_clear(NULL);
}

static void parse_refuses_with_one_exact_line(void **st)
{
    (void)st;
    expect_refused("{\"hallboard_signed\": 1, x}", "not valid JSON (near byte 25)");
    expect_refused("", "not valid JSON (near byte 0)");
    expect_refused("[1]", "not a JSON object");
    expect_refused("{} x", "text after the JSON object");
    expect_refused("{\"hallboard_signed\": 1}", "missing \"kind\"");
    expect_refused(doc((parts){.extra = ", \"note\": 1"}), "unknown member \"note\"");
    expect_refused(doc((parts){.extra = ", \"a\\nb\": 1"}), "unknown member \"a\\nb\"");
    expect_refused(doc((parts){.extra = ", \"seq\": 2"}), "member \"seq\" appears twice");
    expect_refused(doc((parts){.version = "2"}),
                   "\"hallboard_signed\" must be 1 (the only version)");
    expect_refused(doc((parts){.kind = "\"feeds\""}), "\"kind\" must be \"feed\" or \"overrides\"");
    expect_refused(doc((parts){.scope = "null"}), "\"scope\" must be a string (\"\" for every hall)");
    expect_refused(doc((parts){.scope = "\"A\\nB\""}), "\"scope\" holds a control character");
    expect_refused(doc((parts){.scope = "\"\xff\""}), "\"scope\" is not valid UTF-8");
    char longscope[ENVELOPE_SCOPE_MAX + 8];
    memset(longscope, 'h', sizeof(longscope));
    longscope[0] = '"';
    longscope[ENVELOPE_SCOPE_MAX + 2] = '"';
    longscope[ENVELOPE_SCOPE_MAX + 3] = '\0';
    expect_refused(doc((parts){.scope = longscope}), "\"scope\" is longer than 128 bytes");
    longscope[ENVELOPE_SCOPE_MAX + 1] = '"';
    longscope[ENVELOPE_SCOPE_MAX + 2] = '\0';
    envelope e;
    char err[256];
    const char *ok = doc((parts){.scope = longscope});
    assert_int_equal(envelope_parse(ok, strlen(ok), &e, err, sizeof(err)), 0);
    envelope_clear(&e);
    static const char *const seqs[] = {"0", "-1", "1.5", "\"5\"", "9007199254740992", "1e300"};
    for (size_t i = 0; i < sizeof(seqs) / sizeof(seqs[0]); i++)
        expect_refused(doc((parts){.seq = seqs[i]}),
                       "\"seq\" must be an integer from 1 to 9007199254740991");
    expect_refused(doc((parts){.issued = "\"2026-12-04T10:00:00\""}),
                   "\"issued\" must be an RFC 3339 date-time with an offset, years 1900..2199");
    expect_refused(doc((parts){.issued = "null"}),
                   "\"issued\" must be an RFC 3339 date-time with an offset, years 1900..2199");
    expect_refused(doc((parts){.expires = "\"9999-01-01T00:00:00Z\""}),
                   "\"expires\" must be an RFC 3339 date-time with an offset, years "
                   "1900..2199, or null");
    expect_refused(doc((parts){.payload = "\"e30\""}), "\"payload\" must be base64 (RFC 4648, padded)");
    expect_refused(doc((parts){.payload = "{}"}), "\"payload\" must be base64 (RFC 4648, padded)");
    expect_refused(doc((parts){.sig = "\"AAAA\""}), "\"sig\" must be 64 bytes, not 3");
    expect_refused(doc((parts){.sig = "\"AA==AA==\""}), "\"sig\" must be base64 (RFC 4648, padded)");
    /* Over the limit: refused before any parsing. */
    assert_int_equal(envelope_parse("{}", (size_t)ENVELOPE_MAX_BYTES + 1, &e, err, sizeof(err)), -1);
    assert_string_equal(err, "larger than 25165824 bytes");
}

/* A filled envelope for building (payload borrowed). */
static envelope sample(const char *payload)
{
    envelope e;
    memset(&e, 0, sizeof(e));
    e.kind = ENVELOPE_OVERRIDES;
    strcpy(e.scope, "Hall \"1\"");
    e.seq = 9007199254740991ull;
    e.issued = support_instant("2026-12-04T09:00:00Z");
    e.expires = support_instant("2026-12-04T18:30:00Z");
    e.payload = (unsigned char *)payload;
    e.payload_len = strlen(payload);
    for (size_t i = 0; i < ENVELOPE_SIG_BYTES; i++)
        e.sig[i] = (unsigned char)(i * 7);
    return e;
}

static void build_and_parse_round_trip(void **st)
{
    (void)st;
    envelope e = sample("{\"hallboard_overrides\": 1}");
    char *text = envelope_build(&e);
    assert_non_null(text);
    char *sig = envelope_b64_encode(e.sig, ENVELOPE_SIG_BYTES);
    char want[512];
    snprintf(want, sizeof(want),
             "{\"hallboard_signed\":1,\"kind\":\"overrides\",\"scope\":\"Hall \\\"1\\\"\","
             "\"seq\":9007199254740991,\"issued\":\"2026-12-04T09:00:00Z\","
             "\"expires\":\"2026-12-04T18:30:00Z\","
             "\"payload\":\"eyJoYWxsYm9hcmRfb3ZlcnJpZGVzIjogMX0=\",\"sig\":\"%s\"}", sig);
    assert_string_equal(text, want);
    assert_true(envelope_sniff(text, strlen(text)));
    envelope back;
    char err[256];
    assert_int_equal(envelope_parse(text, strlen(text), &back, err, sizeof(err)), 0);
    assert_int_equal(back.kind, e.kind);
    assert_string_equal(back.scope, e.scope);
    assert_true(back.seq == e.seq);
    assert_true(back.issued == e.issued);
    assert_true(back.expires == e.expires);
    assert_int_equal(back.payload_len, e.payload_len);
    assert_memory_equal(back.payload, e.payload, e.payload_len);
    assert_memory_equal(back.sig, e.sig, ENVELOPE_SIG_BYTES);
    /* Built again from what was parsed: the same text. */
    char *again = envelope_build(&back);
    assert_string_equal(again, text);
    free(again);
    envelope_clear(&back);
    free(text);

    /* No expiry: null; texts as written are kept. */
    e.expires = INT64_MAX;
    e.kind = ENVELOPE_FEED;
    strcpy(e.issued_text, "2026-12-04T10:00:00+01:00");
    text = envelope_build(&e);
    assert_non_null(strstr(text, "\"kind\":\"feed\""));
    assert_non_null(strstr(text, "\"issued\":\"2026-12-04T10:00:00+01:00\",\"expires\":null,"));
    assert_int_equal(envelope_parse(text, strlen(text), &back, err, sizeof(err)), 0);
    assert_true(back.expires == INT64_MAX);
    assert_string_equal(back.issued_text, "2026-12-04T10:00:00+01:00");
    envelope_clear(&back);
    free(text);
    free(sig);
}

static void signed_bytes_follow_the_documented_layout(void **st)
{
    (void)st;
    envelope e = sample("{\"a\":\n1}");
    size_t n = 0;
    unsigned char *b = envelope_signed_bytes(&e, &n);
    static const char want[] = "hallboard-signed/1\n"
                               "overrides\n"
                               "Hall \"1\"\n"
                               "9007199254740991\n"
                               "2026-12-04T09:00:00Z\n"
                               "2026-12-04T18:30:00Z\n"
                               "{\"a\":\n1}";
    assert_int_equal(n, sizeof(want) - 1);
    assert_memory_equal(b, want, n);
    free(b);

    /* Texts as written win over the instants; a null expiry is an empty line; payload
     * bytes are taken as they are, NUL included. */
    e.kind = ENVELOPE_FEED;
    e.scope[0] = '\0';
    e.seq = 7;
    strcpy(e.issued_text, "2026-12-04T10:00:00+01:00");
    e.expires = INT64_MAX;
    e.payload = (unsigned char *)"x\0y";
    e.payload_len = 3;
    b = envelope_signed_bytes(&e, &n);
    static const char want2[] = "hallboard-signed/1\nfeed\n\n7\n2026-12-04T10:00:00+01:00\n\nx\0y";
    assert_int_equal(n, sizeof(want2) - 1);
    assert_memory_equal(b, want2, n);
    free(b);

    /* What a parsed envelope signs is what its text says. */
    const char *text = doc((parts){.expires = "null", .payload = "\"aGk=\""});
    envelope p;
    char err[256];
    assert_int_equal(envelope_parse(text, strlen(text), &p, err, sizeof(err)), 0);
    b = envelope_signed_bytes(&p, &n);
    static const char want3[] = "hallboard-signed/1\noverrides\nA\n1733306400000\n"
                                "2026-12-04T10:00:00+01:00\n\nhi";
    assert_int_equal(n, sizeof(want3) - 1);
    assert_memory_equal(b, want3, n);
    free(b);
    envelope_clear(&p);
}

static void check_applies_replay_expiry_future_kind_and_scope(void **st)
{
    (void)st;
    envelope e = sample("{}");
    strcpy(e.scope, "A");
    e.seq = 10;
    int64_t now = e.issued;
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 0, now), ENVELOPE_OK);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 9, now), ENVELOPE_OK);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 10, now), ENVELOPE_REPLAY);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 11, now), ENVELOPE_REPLAY);
    /* Expired at exactly its expiry, not a second before. */
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 0, e.expires - 1), ENVELOPE_OK);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 0, e.expires), ENVELOPE_EXPIRED);
    /* Issued up to 300 s ahead of the board's clock is taken; beyond, not. */
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 0, e.issued - 300), ENVELOPE_OK);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 0, e.issued - 301),
                     ENVELOPE_FUTURE);
    /* Another channel's kind or scope. */
    assert_int_equal(envelope_check(&e, ENVELOPE_FEED, "A", 0, now), ENVELOPE_WRONG_KIND);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "B", 0, now), ENVELOPE_WRONG_KIND);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "", 0, now), ENVELOPE_WRONG_KIND);
    e.scope[0] = '\0';
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "A", 0, now), ENVELOPE_WRONG_KIND);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "", 0, now), ENVELOPE_OK);
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, NULL, 0, now), ENVELOPE_OK);
    /* No expiry: never expired. */
    e.expires = INT64_MAX;
    assert_int_equal(envelope_check(&e, ENVELOPE_OVERRIDES, "", 0, INT64_MAX - 1), ENVELOPE_OK);
    assert_string_equal(envelope_verdict_name(ENVELOPE_REPLAY), "replayed");
    assert_string_equal(envelope_verdict_name(ENVELOPE_FUTURE), "issued in the future");
    assert_string_equal(envelope_kind_name(ENVELOPE_FEED), "feed");
    assert_string_equal(envelope_kind_name(ENVELOPE_OVERRIDES), "overrides");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(b64_matches_the_rfc4648_test_vectors),
        cmocka_unit_test(b64_decode_refuses_what_is_not_canonical_base64),
        cmocka_unit_test(sniff_tells_an_envelope_from_a_bare_document),
        cmocka_unit_test(parse_reads_every_member),
        cmocka_unit_test(parse_refuses_with_one_exact_line),
        cmocka_unit_test(build_and_parse_round_trip),
        cmocka_unit_test(signed_bytes_follow_the_documented_layout),
        cmocka_unit_test(check_applies_replay_expiry_future_kind_and_scope),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
