/* trust.c - what the board accepts from the network (trust.h): the trusted key, the
 * acceptance of one message, and the last accepted sequence number of each (kind,
 * scope) kept in STATE_DIR/trusted-seq.
 *
 * Layout: the sequence table and its state file (read once at open through rfile,
 * rewritten whole after each acceptance: temporary file, fsync, rename, fsync of the
 * directory); trust_open / trust_close; trust_accept, which holds the one lock for the
 * whole check so that two channels delivering the same message at once accept it once.
 *
 * The state file is text, one "KIND SCOPE SEQ" line per pair (SCOPE is everything
 * between the first and the last space, "" included; lines starting with '#' are
 * comments). A damaged line is skipped with a warning rather than stopping the board:
 * expiry still bounds what could be replayed.
 */
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "afile.h"
#include "civil.h"
#include "logsafe.h"
#include "rfile.h"
#include "sign.h"

#define TRUST_STATE_FILE "trusted-seq"
#define TRUST_MAX_PAIRS 2048u             /* (kind, scope) pairs remembered */
#define TRUST_STATE_MAX (512u * 1024u)    /* the state file (2048 full lines fit) */
#define TRUST_MAX_WARNINGS 5              /* damaged lines reported at open */

typedef struct {
    envelope_kind kind;
    char scope[ENVELOPE_SCOPE_MAX + 1];
    uint64_t seq;
} trust_pair;

struct trust_ctx {
    pthread_mutex_t lock;
    sign_key *key;      /* NULL: no trusted key */
    char *state_dir;    /* NULL: sequences in memory only */
    trust_pair *pairs;  /* n of TRUST_MAX_PAIRS */
    size_t n;
};

/* ---- the sequence table and its file --------------------------------------------- */

static trust_pair *find_pair(trust_ctx *t, envelope_kind kind, const char *scope)
{
    for (size_t i = 0; i < t->n; i++)
        if (t->pairs[i].kind == kind && strcmp(t->pairs[i].scope, scope) == 0)
            return &t->pairs[i];
    return NULL;
}

/* Sets the pair's sequence, adding the pair. Returns 0, or -1 when the table is full. */
static int set_seq(trust_ctx *t, envelope_kind kind, const char *scope, uint64_t seq)
{
    trust_pair *p = find_pair(t, kind, scope);
    if (!p) {
        if (t->n >= TRUST_MAX_PAIRS)
            return -1;
        p = &t->pairs[t->n++];
        p->kind = kind;
        snprintf(p->scope, sizeof(p->scope), "%s", scope);
    }
    p->seq = seq;
    return 0;
}

/* One "KIND SCOPE SEQ" line (NUL-terminated, without its newline) into the table.
 * Returns NULL or why it is not one. */
static const char *read_line(trust_ctx *t, const char *line)
{
    const char *first = strchr(line, ' '), *last = strrchr(line, ' ');
    if (!first || first == last)
        return "not \"KIND SCOPE SEQ\"";
    envelope_kind kind;
    size_t kl = (size_t)(first - line);
    if (kl == 4 && memcmp(line, "feed", 4) == 0)
        kind = ENVELOPE_FEED;
    else if (kl == 9 && memcmp(line, "overrides", 9) == 0)
        kind = ENVELOPE_OVERRIDES;
    else
        return "the kind is not feed or overrides";
    size_t sl = (size_t)(last - first - 1);
    if (sl > ENVELOPE_SCOPE_MAX)
        return "the scope is too long";
    for (const char *p = first + 1; p < last; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            return "the scope holds a control character";
    char *end;
    errno = 0;
    unsigned long long seq = strtoull(last + 1, &end, 10);
    if (last[1] < '0' || last[1] > '9' || *end != '\0' || errno || seq == 0)
        return "the sequence is not a number from 1";
    char scope[ENVELOPE_SCOPE_MAX + 1];
    memcpy(scope, first + 1, sl);
    scope[sl] = '\0';
    if (find_pair(t, kind, scope))
        return "a repeated kind and scope";
    if (set_seq(t, kind, scope, (uint64_t)seq) != 0)
        return "more pairs than the board keeps";
    return NULL;
}

/* Reads STATE_DIR/trusted-seq into the table; a missing file is an empty table.
 * Problems are warnings on err: the board goes on with what it could read. */
static void load_state(trust_ctx *t, FILE *err)
{
    char path[PATH_MAX], why[512];
    snprintf(path, sizeof(path), "%s/" TRUST_STATE_FILE, t->state_dir);
    char *text;
    size_t len;
    int rc = rfile_read(path, TRUST_STATE_MAX, &text, &len, why, sizeof(why));
    if (rc == -ENOENT)
        return;
    if (rc != 0) {
        fprintf(err, "hallboard: %s; the last accepted sequences are forgotten\n", why);
        return;
    }
    int warned = 0, lineno = 0;
    for (char *line = text, *nl; line < text + len; line = nl + 1) {
        nl = memchr(line, '\n', (size_t)(text + len - line));
        if (!nl)
            nl = text + len; /* the text is NUL-terminated there */
        *nl = '\0';
        lineno++;
        if (line[0] == '\0' || line[0] == '#')
            continue;
        const char *bad = strlen(line) != (size_t)(nl - line) ? "a NUL byte" : read_line(t, line);
        if (bad && warned++ < TRUST_MAX_WARNINGS)
            fprintf(err, "hallboard: %s:%d: %s: line skipped\n", path, lineno, bad);
    }
    free(text);
}

/* The table as the state file's text (malloc'd, *len set), or NULL. */
static char *state_text(const trust_ctx *t, size_t *len)
{
    static const char head[] = "# hallboard: the last accepted signed message, KIND SCOPE SEQ\n";
    size_t cap = sizeof(head) + t->n * (ENVELOPE_SCOPE_MAX + 40);
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    size_t o = (size_t)snprintf(buf, cap, "%s", head);
    for (size_t i = 0; i < t->n; i++)
        o += (size_t)snprintf(buf + o, cap - o, "%s %s %" PRIu64 "\n",
                              envelope_kind_name(t->pairs[i].kind), t->pairs[i].scope,
                              t->pairs[i].seq);
    *len = o;
    return buf;
}

/* Replaces STATE_DIR/trusted-seq with the table, atomically. Returns 0 or -1 with why. */
static int save_state(const trust_ctx *t, char *why, size_t whycap)
{
    char path[PATH_MAX], tmp[PATH_MAX];
    snprintf(path, sizeof(path), "%s/" TRUST_STATE_FILE, t->state_dir);
    snprintf(tmp, sizeof(tmp), "%s/." TRUST_STATE_FILE ".XXXXXX", t->state_dir);
    size_t len;
    char *text = state_text(t, &len);
    if (!text) {
        snprintf(why, whycap, "out of memory");
        return -1;
    }
    if (mkdir(t->state_dir, 0755) != 0 && errno != EEXIST) {
        snprintf(why, whycap, "cannot create %s: %s", t->state_dir, strerror(errno));
        free(text);
        return -1;
    }
    afile_part part = {text, len};
    const char *step = NULL;
    int rc = afile_replace(path, tmp, 0644, 0, &part, 1, &step, NULL);
    if (rc < 0)
        snprintf(why, whycap, "cannot %s %s: %s", step, tmp, strerror(errno));
    free(text);
    return rc < 0 ? -1 : 0; /* an unsynced folder: the rename is made all the same */
}

/* ---- open and close -------------------------------------------------------------- */

trust_ctx *trust_open(const char *pub_path, const char *state_dir, FILE *err)
{
    trust_ctx *t = calloc(1, sizeof(*t));
    if (!t || !(t->pairs = calloc(TRUST_MAX_PAIRS, sizeof(*t->pairs))) ||
        (state_dir && state_dir[0] && !(t->state_dir = strdup(state_dir)))) {
        fprintf(err, "hallboard: out of memory\n");
        goto out_free;
    }
    if (pub_path && pub_path[0] && !(t->key = sign_load_public(pub_path, err)))
        goto out_free;
    if (pthread_mutex_init(&t->lock, NULL) != 0) {
        fprintf(err, "hallboard: cannot make a lock\n");
        goto out_free;
    }
    if (t->state_dir)
        load_state(t, err);
    return t;

out_free:
    if (t) {
        sign_key_free(t->key);
        free(t->state_dir);
        free(t->pairs);
    }
    free(t);
    return NULL;
}

bool trust_required(const trust_ctx *t)
{
    return t && t->key;
}

void trust_close(trust_ctx *t)
{
    if (!t)
        return;
    pthread_mutex_destroy(&t->lock);
    sign_key_free(t->key);
    free(t->state_dir);
    free(t->pairs);
    free(t);
}

/* ---- acceptance ------------------------------------------------------------------ */

/* A scope as the refusals name it. */
static const char *scope_words(const char *scope, char *buf, size_t cap)
{
    if (!scope[0])
        return "every hall";
    char safe[ENVELOPE_SCOPE_MAX * 4 + 1];
    snprintf(buf, cap, "hall %s", logsafe(scope, safe, sizeof(safe)));
    return buf;
}

/* Why a verified envelope e is refused on channel (kind, scope), into why. */
static void refusal(const envelope *e, envelope_verdict v, envelope_kind kind,
                    const char *scope, uint64_t last, int64_t now, char *why, size_t whycap)
{
    char a[ENVELOPE_SCOPE_MAX * 4 + 16], b[ENVELOPE_SCOPE_MAX * 4 + 16];
    char t1[CIVIL_UTC_LEN], t2[CIVIL_UTC_LEN];
    switch (v) {
    case ENVELOPE_WRONG_KIND:
        if (e->kind != kind)
            snprintf(why, whycap, "%s, not %s", e->kind == ENVELOPE_FEED ? "a feed" : "overrides",
                     kind == ENVELOPE_FEED ? "a feed" : "overrides");
        else
            snprintf(why, whycap, "for %s, not %s", scope_words(e->scope, a, sizeof(a)),
                     scope_words(scope, b, sizeof(b)));
        break;
    case ENVELOPE_REPLAY:
        snprintf(why, whycap, "replayed: sequence %" PRIu64 " is not newer than %" PRIu64,
                 e->seq, last);
        break;
    case ENVELOPE_EXPIRED:
        civil_format_utc(e->expires, t1);
        snprintf(why, whycap, "expired at %s", t1);
        break;
    case ENVELOPE_FUTURE:
        civil_format_utc(e->issued, t1);
        civil_format_utc(now, t2);
        snprintf(why, whycap, "issued in the future: %s is more than %d s after this "
                 "board's clock (%s)", t1, ENVELOPE_FUTURE_MAX_S, t2);
        break;
    case ENVELOPE_OK:
        why[0] = '\0';
        break;
    }
}

/* The envelope in bytes checked, with the lock held (t may be NULL). Returns 0 with
 * its payload moved to *payload, or -1 with why. */
static int accept_envelope(trust_ctx *t, envelope_kind kind, const char *scope,
                           const char *bytes, size_t len, int64_t now, char **payload,
                           size_t *plen, char *why, size_t whycap)
{
    envelope e;
    char perr[200];
    if (envelope_parse(bytes, len, &e, perr, sizeof(perr)) != 0) {
        snprintf(why, whycap, "malformed envelope: %s", perr);
        return -1;
    }
    int rc = -1;
    if (trust_required(t)) {
        size_t n;
        unsigned char *msg = envelope_signed_bytes(&e, &n);
        bool made = msg != NULL, good = made && sign_verify(t->key, msg, n, e.sig);
        free(msg);
        if (!good) {
            snprintf(why, whycap, "%s", made ? "bad signature" : "out of memory");
            goto out_clear;
        }
    }
    const trust_pair *p = t ? find_pair(t, kind, scope) : NULL;
    uint64_t last = p ? p->seq : 0;
    envelope_verdict v = envelope_check(&e, kind, scope, last, now);
    if (v != ENVELOPE_OK) {
        refusal(&e, v, kind, scope, last, now, why, whycap);
        goto out_clear;
    }
    if (t && set_seq(t, kind, scope, e.seq) != 0) {
        snprintf(why, whycap, "this board keeps the sequences of %u kinds and scopes at "
                 "most", TRUST_MAX_PAIRS);
        goto out_clear;
    }
    if (t && t->state_dir && save_state(t, why, whycap) != 0) {
        /* Accepted all the same (the signature holds); only a reboot forgets it. */
        char note[TRUST_WHY_MAX];
        snprintf(note, sizeof(note), "%s", why);
        snprintf(why, whycap, "accepted, but the sequence is not saved (%s)", note);
    }
    *payload = (char *)e.payload;
    *plen = e.payload_len;
    e.payload = NULL;
    rc = 0;
out_clear:
    envelope_clear(&e);
    return rc;
}

int trust_accept(trust_ctx *t, envelope_kind kind, const char *scope, const char *bytes,
                 size_t len, int64_t now, char **payload, size_t *plen, char *why,
                 size_t whycap)
{
    char spare[TRUST_WHY_MAX];
    if (!why || !whycap) {
        why = spare;
        whycap = sizeof(spare);
    }
    why[0] = '\0';
    *payload = NULL;
    *plen = 0;
    if (!scope)
        scope = "";
    if (t)
        pthread_mutex_lock(&t->lock);
    int rc = 0;
    if (envelope_sniff(bytes, len)) {
        rc = accept_envelope(t, kind, scope, bytes, len, now, payload, plen, why, whycap);
    } else if (trust_required(t)) {
        snprintf(why, whycap, "unsigned: this board accepts only signed %s",
                 kind == ENVELOPE_FEED ? "feeds" : "overrides");
        rc = -1;
    } else if ((*payload = malloc(len + 1)) != NULL) {
        if (len)
            memcpy(*payload, bytes, len);
        (*payload)[len] = '\0';
        *plen = len;
    } else {
        snprintf(why, whycap, "out of memory");
        rc = -1;
    }
    if (t)
        pthread_mutex_unlock(&t->lock);
    return rc;
}
