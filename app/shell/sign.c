/* sign.c - Ed25519 key pairs and signatures through OpenSSL's EVP interface (sign.h).
 *
 * Layout: keygen (both files created exclusively before either is written, so a
 * failure leaves no half pair and never replaces a key); loading (every key file is
 * read through the capped reader rfile; a private key must be its owner's alone);
 * signing and verifying (Ed25519 hashes the message itself: no digest is named).
 * OpenSSL's error queue is emptied after every failure so that one failure is never
 * reported again by a later, unrelated call on the same thread.
 */
#include "sign.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "civil.h"
#include "rfile.h"

#define SIGN_KEY_FILE_MAX (16u * 1024u) /* a PEM key file; Ed25519 ones are ~120 bytes */
#define SIGN_PATH_MAX 4096u

struct sign_key {
    EVP_PKEY *pkey;
};

/* ---- keygen ---------------------------------------------------------------------- */

/* Writes pkey to fd (private or public PEM), syncs and closes it. Returns 0 or -1
 * (errno kept or EIO for an OpenSSL failure). The descriptor is closed either way. */
static int write_pem(int fd, EVP_PKEY *pkey, bool priv)
{
    FILE *f = fdopen(fd, "w");
    if (!f) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    int ok = priv ? PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL)
                  : PEM_write_PUBKEY(f, pkey);
    errno = 0;
    bool good = ok == 1 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    int e = errno ? errno : EIO;
    if (fclose(f) != 0 && good) {
        good = false;
        e = errno;
    }
    ERR_clear_error();
    errno = e;
    return good ? 0 : -1;
}

static EVP_PKEY *new_ed25519(void)
{
    EVP_PKEY *pkey = NULL;
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
    if (!ctx || EVP_PKEY_keygen_init(ctx) != 1 || EVP_PKEY_keygen(ctx, &pkey) != 1) {
        EVP_PKEY_free(pkey);
        pkey = NULL;
    }
    EVP_PKEY_CTX_free(ctx);
    ERR_clear_error();
    return pkey;
}

int sign_keygen(const char *prefix, FILE *err)
{
    char key[SIGN_PATH_MAX], pub[SIGN_PATH_MAX];
    if (!prefix || !prefix[0] || snprintf(key, sizeof(key), "%s.key", prefix) >= (int)sizeof(key) ||
        snprintf(pub, sizeof(pub), "%s.pub", prefix) >= (int)sizeof(pub)) {
        fprintf(err, "hallboard: keygen: the prefix is empty or too long\n");
        return -1;
    }
    EVP_PKEY *pkey = new_ed25519();
    if (!pkey) {
        fprintf(err, "hallboard: keygen: OpenSSL could not make an Ed25519 key\n");
        return -1;
    }
    const char *failed = key;
    int kfd = open(key, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (kfd < 0)
        goto out_key;
    failed = pub;
    int pfd = open(pub, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (pfd < 0) {
        int e = errno;
        close(kfd);
        unlink(key);
        errno = e;
        goto out_key;
    }
    /* The umask may have taken bits off the public key; the private key keeps 0600. */
    if (fchmod(pfd, 0644) != 0 || fchmod(kfd, 0600) != 0) {
        int e = errno;
        close(pfd);
        close(kfd);
        errno = e;
        goto out_both;
    }
    failed = key;
    if (write_pem(kfd, pkey, true) != 0) {
        close(pfd);
        goto out_both;
    }
    failed = pub;
    if (write_pem(pfd, pkey, false) != 0)
        goto out_both;
    EVP_PKEY_free(pkey);
    return 0;

out_both:;
    int e = errno;
    unlink(key);
    unlink(pub);
    errno = e;
out_key:
    fprintf(err, "hallboard: keygen: %s: %s%s\n", failed, strerror(errno),
            errno == EEXIST ? " (a key pair is never replaced: choose another prefix or "
                              "remove the old files)"
                            : "");
    EVP_PKEY_free(pkey);
    return -1;
}

/* ---- loading --------------------------------------------------------------------- */

/* The passphrase callback: there is none (an encrypted key is refused, never asked
 * for on a terminal the board does not have). */
static int no_passphrase(char *buf, int size, int rwflag, void *u)
{
    (void)buf, (void)size, (void)rwflag, (void)u;
    return -1;
}

/* The key in PEM text, private or public, when it is an Ed25519 key; else NULL after
 * a message. */
static sign_key *key_from_pem(const char *path, const char *pem, size_t len, bool priv,
                              FILE *err)
{
    BIO *bio = BIO_new_mem_buf(pem, (int)len);
    EVP_PKEY *pkey = !bio ? NULL
                     : priv ? PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL)
                            : PEM_read_bio_PUBKEY(bio, NULL, no_passphrase, NULL);
    BIO_free(bio);
    ERR_clear_error();
    if (!pkey) {
        fprintf(err, "hallboard: %s: not a PEM %s key (hallboard keygen writes them: "
                "PREFIX.%s)\n", path, priv ? "private" : "public", priv ? "key" : "pub");
        return NULL;
    }
    if (EVP_PKEY_id(pkey) != EVP_PKEY_ED25519) {
        fprintf(err, "hallboard: %s: the key is %s, not Ed25519\n", path,
                OBJ_nid2sn(EVP_PKEY_base_id(pkey)));
        EVP_PKEY_free(pkey);
        return NULL;
    }
    sign_key *k = malloc(sizeof(*k));
    if (!k) {
        EVP_PKEY_free(pkey);
        fprintf(err, "hallboard: %s: out of memory\n", path);
        return NULL;
    }
    k->pkey = pkey;
    return k;
}

/* Reads the open regular file fd (size bytes at most) into buf (cap bytes). Returns
 * the length, or -1. */
static ssize_t read_fd(int fd, char *buf, size_t size)
{
    size_t got = 0;
    while (got < size) {
        ssize_t n = read(fd, buf + got, size - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

sign_key *sign_load_private(const char *path, FILE *err)
{
    char why[512];
    int fd;
    size_t size;
    if (rfile_open_regular(path, SIGN_KEY_FILE_MAX, &fd, &size, why, sizeof(why)) != 0) {
        fprintf(err, "hallboard: %s\n", why);
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        fprintf(err, "hallboard: %s: %s\n", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if ((st.st_mode & 077) != 0) {
        fprintf(err, "hallboard: %s: mode %04o opens the private key to others: it must "
                "be its owner's only (chmod 600 %s)\n", path, (unsigned)(st.st_mode & 07777),
                path);
        close(fd);
        return NULL;
    }
    char *pem = malloc(size + 1);
    ssize_t n = pem ? read_fd(fd, pem, size) : -1;
    int e = errno;
    close(fd);
    if (n < 0) {
        fprintf(err, "hallboard: %s: %s\n", path, strerror(pem ? e : ENOMEM));
        free(pem);
        return NULL;
    }
    sign_key *k = key_from_pem(path, pem, (size_t)n, true, err);
    OPENSSL_cleanse(pem, size);
    free(pem);
    return k;
}

sign_key *sign_load_public(const char *path, FILE *err)
{
    char why[512];
    char *pem;
    size_t len;
    if (rfile_read(path, SIGN_KEY_FILE_MAX, &pem, &len, why, sizeof(why)) != 0) {
        fprintf(err, "hallboard: %s\n", why);
        return NULL;
    }
    sign_key *k = key_from_pem(path, pem, len, false, err);
    free(pem);
    return k;
}

void sign_key_free(sign_key *k)
{
    if (!k)
        return;
    EVP_PKEY_free(k->pkey);
    free(k);
}

/* ---- signing and verifying ------------------------------------------------------- */

int sign_bytes(const sign_key *k, const unsigned char *msg, size_t len,
               unsigned char sig[ENVELOPE_SIG_BYTES])
{
    if (!k)
        return -1;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    size_t siglen = ENVELOPE_SIG_BYTES;
    int ok = ctx && EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
             EVP_DigestSign(ctx, sig, &siglen, msg, len) == 1 && siglen == ENVELOPE_SIG_BYTES;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok ? 0 : -1;
}

bool sign_verify(const sign_key *k, const unsigned char *msg, size_t len,
                 const unsigned char sig[ENVELOPE_SIG_BYTES])
{
    if (!k)
        return false;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = ctx && EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k->pkey) == 1 &&
              EVP_DigestVerify(ctx, sig, ENVELOPE_SIG_BYTES, msg, len) == 1;
    EVP_MD_CTX_free(ctx);
    ERR_clear_error();
    return ok;
}

char *sign_envelope(const sign_key *k, envelope *e)
{
    if (!e->issued_text[0])
        civil_format_utc(e->issued, e->issued_text);
    if (!e->expires_text[0] && e->expires != INT64_MAX)
        civil_format_utc(e->expires, e->expires_text);
    size_t len;
    unsigned char *msg = envelope_signed_bytes(e, &len);
    if (!msg)
        return NULL;
    int rc = sign_bytes(k, msg, len, e->sig);
    free(msg);
    return rc == 0 ? envelope_build(e) : NULL;
}
