/* envelope.c - signed messages for the board: the envelope's JSON, the bytes its
 * signature covers, base64 and the acceptance rules (envelope.h; the format is
 * docs/signed-pushes.md).
 *
 * Layout: base64; sniffing; parsing (one function per member kind, one error line);
 * the signed bytes and building, which share the texts of issued and expires so that
 * what is signed is always what is written; the acceptance rules.
 *
 * The parser is strict on purpose: the signature covers the decoded members, so every
 * member must be read one way only. Unknown and repeated members are refused, seq is
 * an integer, the scope holds no control character (it is a line of the signed bytes),
 * base64 is canonical (padding, no whitespace, unused bits zero).
 */
#include "envelope.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "civil.h"
#include "logsafe.h"
#include "utf8.h"

#define SIGNED_MAGIC "hallboard-signed/1\n"
#define SEQ_MAX 9007199254740991.0 /* 2^53 - 1: the largest integer a JSON number keeps */
#define TEXT_MAX 39u               /* bytes of issued / expires (issued_text[40]) */

/* ---- base64 (RFC 4648 section 4) ----------------------------------------------- */

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *envelope_b64_encode(const unsigned char *p, size_t n)
{
    if (n > (SIZE_MAX - 1) / 4 * 3 - 3)
        return NULL;
    char *out = malloc((n + 2) / 3 * 4 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        out[o++] = b64_alphabet[(v >> 18) & 63];
        out[o++] = b64_alphabet[(v >> 12) & 63];
        out[o++] = i + 1 < n ? b64_alphabet[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? b64_alphabet[v & 63] : '=';
    }
    out[o] = '\0';
    return out;
}

/* The 6-bit value of a base64 character, or -1. */
static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

unsigned char *envelope_b64_decode(const char *s, size_t n, size_t *out_len)
{
    if (n % 4 != 0 || (n && !s))
        return NULL;
    size_t pad = n && s[n - 1] == '=' ? (s[n - 2] == '=' ? 2 : 1) : 0;
    unsigned char *out = malloc(n / 4 * 3 + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i += 4) {
        bool last = i + 4 == n;
        size_t take = last ? 4 - pad : 4;
        uint32_t v = 0;
        for (size_t j = 0; j < 4; j++) {
            int d = j < take ? b64_value((unsigned char)s[i + j]) : 0;
            if (d < 0)
                goto out_free;
            v = v << 6 | (uint32_t)d;
        }
        /* Bits that no byte uses must be zero: one text per byte string. */
        if ((take == 2 && (v & 0xffffu)) || (take == 3 && (v & 0xffu)))
            goto out_free;
        out[o++] = (unsigned char)(v >> 16);
        if (take > 2)
            out[o++] = (unsigned char)(v >> 8);
        if (take > 3)
            out[o++] = (unsigned char)v;
    }
    out[o] = '\0';
    *out_len = o;
    return out;

out_free:
    free(out);
    return NULL;
}

/* ---- sniffing ------------------------------------------------------------------ */

static size_t skip_ws(const char *s, size_t len, size_t i)
{
    while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        i++;
    return i;
}

bool envelope_sniff(const char *bytes, size_t len)
{
    static const char key[] = "\"hallboard_signed\"";
    if (!bytes)
        return false;
    size_t i = 0;
    if (len >= 3 && memcmp(bytes, "\xef\xbb\xbf", 3) == 0)
        i = 3; /* a UTF-8 byte order mark, as some editors write */
    i = skip_ws(bytes, len, i);
    if (i >= len || bytes[i] != '{')
        return false;
    i = skip_ws(bytes, len, i + 1);
    return len - i >= sizeof(key) - 1 && memcmp(bytes + i, key, sizeof(key) - 1) == 0;
}

/* ---- parsing ------------------------------------------------------------------- */

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errcap, const char *fmt, ...)
{
    if (err && errcap) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errcap, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *const members[] = {"hallboard_signed", "kind", "scope", "seq",
                                      "issued", "expires", "payload", "sig"};
#define N_MEMBERS (sizeof(members) / sizeof(members[0]))

/* Every member known, none twice, none missing. */
static int check_members(const cJSON *root, char *err, size_t errcap)
{
    bool seen[N_MEMBERS] = {false};
    for (const cJSON *c = root->child; c; c = c->next) {
        size_t k = 0;
        while (k < N_MEMBERS && strcmp(c->string, members[k]) != 0)
            k++;
        char name[64];
        if (k == N_MEMBERS)
            return fail(err, errcap, "unknown member \"%s\"",
                        logsafe(c->string, name, sizeof(name)));
        if (seen[k])
            return fail(err, errcap, "member \"%s\" appears twice", members[k]);
        seen[k] = true;
    }
    for (size_t k = 0; k < N_MEMBERS; k++)
        if (!seen[k])
            return fail(err, errcap, "missing \"%s\"", members[k]);
    return 0;
}

/* An RFC 3339 member (issued, or expires when not null) into text and *t: true. */
static bool parse_time(const cJSON *v, char text[TEXT_MAX + 1], int64_t *t)
{
    if (!cJSON_IsString(v) || strlen(v->valuestring) > TEXT_MAX ||
        civil_rfc3339_check(v->valuestring, t, NULL) != 0)
        return false;
    strcpy(text, v->valuestring);
    return true;
}

/* A scope is one line of the signed bytes: UTF-8 without control characters. */
static int parse_scope(const cJSON *v, envelope *e, char *err, size_t errcap)
{
    if (!cJSON_IsString(v))
        return fail(err, errcap, "\"scope\" must be a string (\"\" for every hall)");
    const char *s = v->valuestring;
    size_t n = strlen(s);
    if (n > ENVELOPE_SCOPE_MAX)
        return fail(err, errcap, "\"scope\" is longer than %u bytes", ENVELOPE_SCOPE_MAX);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return fail(err, errcap, "\"scope\" holds a control character");
    if (!utf8_valid(s, n, NULL))
        return fail(err, errcap, "\"scope\" is not valid UTF-8");
    memcpy(e->scope, s, n + 1);
    return 0;
}

static int parse_fixed(const cJSON *root, envelope *e, char *err, size_t errcap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "hallboard_signed");
    if (!cJSON_IsNumber(v) || v->valuedouble != 1.0)
        return fail(err, errcap, "\"hallboard_signed\" must be 1 (the only version)");
    v = cJSON_GetObjectItemCaseSensitive(root, "kind");
    if (cJSON_IsString(v) && strcmp(v->valuestring, "feed") == 0)
        e->kind = ENVELOPE_FEED;
    else if (cJSON_IsString(v) && strcmp(v->valuestring, "overrides") == 0)
        e->kind = ENVELOPE_OVERRIDES;
    else
        return fail(err, errcap, "\"kind\" must be \"feed\" or \"overrides\"");
    if (parse_scope(cJSON_GetObjectItemCaseSensitive(root, "scope"), e, err, errcap) != 0)
        return -1;
    v = cJSON_GetObjectItemCaseSensitive(root, "seq");
    double d = cJSON_IsNumber(v) ? v->valuedouble : 0;
    if (!(d >= 1 && d <= SEQ_MAX) || d != (double)(uint64_t)d)
        return fail(err, errcap, "\"seq\" must be an integer from 1 to 9007199254740991");
    e->seq = (uint64_t)d;
    if (!parse_time(cJSON_GetObjectItemCaseSensitive(root, "issued"), e->issued_text,
                    &e->issued))
        return fail(err, errcap, "\"issued\" must be an RFC 3339 date-time with an offset, "
                    "years 1900..2199");
    v = cJSON_GetObjectItemCaseSensitive(root, "expires");
    e->expires = INT64_MAX;
    e->expires_text[0] = '\0';
    if (!cJSON_IsNull(v) && !parse_time(v, e->expires_text, &e->expires))
        return fail(err, errcap, "\"expires\" must be an RFC 3339 date-time with an offset, "
                    "years 1900..2199, or null");
    return 0;
}

static int parse_blobs(const cJSON *root, envelope *e, char *err, size_t errcap)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "sig");
    size_t n = 0;
    unsigned char *sig = cJSON_IsString(v)
        ? envelope_b64_decode(v->valuestring, strlen(v->valuestring), &n) : NULL;
    if (!sig)
        return fail(err, errcap, "\"sig\" must be base64 (RFC 4648, padded)");
    if (n == ENVELOPE_SIG_BYTES)
        memcpy(e->sig, sig, ENVELOPE_SIG_BYTES);
    free(sig);
    if (n != ENVELOPE_SIG_BYTES)
        return fail(err, errcap, "\"sig\" must be %u bytes, not %zu", ENVELOPE_SIG_BYTES, n);
    v = cJSON_GetObjectItemCaseSensitive(root, "payload");
    e->payload = cJSON_IsString(v)
        ? envelope_b64_decode(v->valuestring, strlen(v->valuestring), &e->payload_len) : NULL;
    if (!e->payload)
        return fail(err, errcap, "\"payload\" must be base64 (RFC 4648, padded)");
    return 0;
}

int envelope_parse(const char *bytes, size_t len, envelope *e, char *err, size_t errcap)
{
    memset(e, 0, sizeof(*e));
    if (err && errcap)
        err[0] = '\0';
    if (len > ENVELOPE_MAX_BYTES)
        return fail(err, errcap, "larger than %u bytes", ENVELOPE_MAX_BYTES);
    const char *end = NULL;
    cJSON *root = bytes ? cJSON_ParseWithLengthOpts(bytes, len, &end, false) : NULL;
    if (!root)
        return fail(err, errcap, "not valid JSON (near byte %zu)",
                    end && end >= bytes ? (size_t)(end - bytes) : (size_t)0);
    int rc = -1;
    size_t rest = skip_ws(bytes, len, (size_t)(end - bytes));
    if (rest < len)
        fail(err, errcap, "text after the JSON object");
    else if (!cJSON_IsObject(root))
        fail(err, errcap, "not a JSON object");
    else if (check_members(root, err, errcap) == 0 && parse_fixed(root, e, err, errcap) == 0 &&
             parse_blobs(root, e, err, errcap) == 0)
        rc = 0;
    cJSON_Delete(root);
    if (rc != 0)
        envelope_clear(e);
    return rc;
}

void envelope_clear(envelope *e)
{
    if (!e)
        return;
    free(e->payload);
    memset(e, 0, sizeof(*e));
}

/* ---- signed bytes and building ------------------------------------------------- */

/* The texts of issued and expires: as written, else made from the instants. */
static void times_text(const envelope *e, char issued[TEXT_MAX + 1], char expires[TEXT_MAX + 1])
{
    if (e->issued_text[0])
        snprintf(issued, TEXT_MAX + 1, "%s", e->issued_text);
    else
        civil_format_utc(e->issued, issued);
    if (e->expires_text[0])
        snprintf(expires, TEXT_MAX + 1, "%s", e->expires_text);
    else if (e->expires == INT64_MAX)
        expires[0] = '\0';
    else
        civil_format_utc(e->expires, expires);
}

unsigned char *envelope_signed_bytes(const envelope *e, size_t *len)
{
    char issued[TEXT_MAX + 1], expires[TEXT_MAX + 1];
    times_text(e, issued, expires);
    char head[sizeof(SIGNED_MAGIC) + ENVELOPE_SCOPE_MAX + 2 * TEXT_MAX + 64];
    int n = snprintf(head, sizeof(head), SIGNED_MAGIC "%s\n%.*s\n%" PRIu64 "\n%s\n%s\n",
                     envelope_kind_name(e->kind), (int)ENVELOPE_SCOPE_MAX, e->scope, e->seq,
                     issued, expires);
    if (n < 0 || (size_t)n >= sizeof(head) || e->payload_len > SIZE_MAX - (size_t)n - 1)
        return NULL;
    unsigned char *out = malloc((size_t)n + e->payload_len + 1);
    if (!out)
        return NULL;
    memcpy(out, head, (size_t)n);
    if (e->payload_len)
        memcpy(out + n, e->payload, e->payload_len);
    out[(size_t)n + e->payload_len] = '\0';
    *len = (size_t)n + e->payload_len;
    return out;
}

char *envelope_build(const envelope *e)
{
    char issued[TEXT_MAX + 1], expires[TEXT_MAX + 1], seq[24];
    times_text(e, issued, expires);
    snprintf(seq, sizeof(seq), "%" PRIu64, e->seq);
    char *payload = envelope_b64_encode(e->payload, e->payload_len);
    char *sig = envelope_b64_encode(e->sig, ENVELOPE_SIG_BYTES);
    cJSON *o = cJSON_CreateObject();
    char *text = NULL;
    if (!payload || !sig || !o)
        goto out_free;
    bool ok = cJSON_AddNumberToObject(o, "hallboard_signed", 1) &&
              cJSON_AddStringToObject(o, "kind", envelope_kind_name(e->kind)) &&
              cJSON_AddStringToObject(o, "scope", e->scope) &&
              cJSON_AddRawToObject(o, "seq", seq) &&
              cJSON_AddStringToObject(o, "issued", issued) &&
              (expires[0] ? cJSON_AddStringToObject(o, "expires", expires) != NULL
                          : cJSON_AddNullToObject(o, "expires") != NULL) &&
              cJSON_AddStringToObject(o, "payload", payload) &&
              cJSON_AddStringToObject(o, "sig", sig);
    if (ok)
        text = cJSON_PrintUnformatted(o);
out_free:
    cJSON_Delete(o);
    free(payload);
    free(sig);
    return text;
}

/* ---- acceptance ---------------------------------------------------------------- */

envelope_verdict envelope_check(const envelope *e, envelope_kind kind, const char *scope,
                                uint64_t last_seq, int64_t now)
{
    if (e->kind != kind || strcmp(e->scope, scope ? scope : "") != 0)
        return ENVELOPE_WRONG_KIND;
    if (e->seq <= last_seq)
        return ENVELOPE_REPLAY;
    if (e->expires <= now)
        return ENVELOPE_EXPIRED;
    if (e->issued > now && e->issued - now > ENVELOPE_FUTURE_MAX_S)
        return ENVELOPE_FUTURE;
    return ENVELOPE_OK;
}

const char *envelope_verdict_name(envelope_verdict v)
{
    switch (v) {
    case ENVELOPE_OK:
        return "accepted";
    case ENVELOPE_REPLAY:
        return "replayed";
    case ENVELOPE_EXPIRED:
        return "expired";
    case ENVELOPE_FUTURE:
        return "issued in the future";
    case ENVELOPE_WRONG_KIND:
        return "not for this channel";
    }
    return "unknown";
}

const char *envelope_kind_name(envelope_kind k)
{
    return k == ENVELOPE_FEED ? "feed" : "overrides";
}
