/* SPDX-License-Identifier: MIT */
#include "feed/minisign.h"
#include "util/i18n.h"
#include "util/reason.h"

#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define UNTRUSTED_PREFIX "untrusted comment: "
#define TRUSTED_PREFIX   "trusted comment: "

/* Decoded sizes: 2-byte algorithm, key id, then key or signature. */
#define PUBKEY_BLOB_BYTES (2 + MINISIGN_KEYID_BYTES + MINISIGN_PUBKEY_BYTES)
#define SIG_BLOB_BYTES    (2 + MINISIGN_KEYID_BYTES + MINISIGN_SIG_BYTES)

/* A cursor over the lines of a small text file. */
struct lines {
    const char *p, *end;
};

/* Next line without its "\n" (and an optional "\r"); false at the end of
 * the data or when the line holds a NUL byte. */
static bool next_line(struct lines *l, const char **line, size_t *len)
{
    if (l->p >= l->end)
        return false;
    const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
    const char *stop = nl ? nl : l->end;
    size_t n = (size_t)(stop - l->p);
    if (memchr(l->p, '\0', n))
        return false;
    *line = l->p;
    if (n > 0 && l->p[n - 1] == '\r')
        n--;
    *len = n;
    l->p = nl ? nl + 1 : l->end;
    return true;
}

static bool has_prefix(const char *line, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(line, prefix, n) == 0;
}

/* Decodes exactly want bytes of standard base64 spanning the whole line. */
static bool decode_exact(const char *b64, size_t len, uint8_t *out, size_t want)
{
    if (len == 0 || len > 4 * ((want + 2) / 3))
        return false;
    size_t got = 0;
    const char *b64_end = NULL;
    if (sodium_base642bin(out, want, b64, len, NULL, &got, &b64_end,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return got == want && b64_end == b64 + len;
}

static bool rest_is_empty(const struct lines *l)
{
    for (const char *p = l->p; p < l->end; p++)
        if (*p != '\n' && *p != '\r')
            return false;
    return true;
}

bool minisign_parse_pubkey(const char *data, size_t len, struct minisign_pubkey *out, char *reason,
                           size_t reason_n)
{
    if (len > MINISIGN_MAX_FILE_BYTES) {
        reason_set(reason, reason_n, "public key file is larger than %d bytes",
                   MINISIGN_MAX_FILE_BYTES);
        return false;
    }
    struct lines l = {data, data + len};
    const char *line;
    size_t n;
    if (!next_line(&l, &line, &n)) {
        reason_set(reason, reason_n, "public key is empty");
        return false;
    }
    if (has_prefix(line, n, UNTRUSTED_PREFIX)) {
        if (n > strlen(UNTRUSTED_PREFIX) + MINISIGN_MAX_COMMENT_BYTES) {
            reason_set(reason, reason_n, "public key comment line is too long");
            return false;
        }
        if (!next_line(&l, &line, &n)) {
            reason_set(reason, reason_n, "public key file has no key line after its comment");
            return false;
        }
    }
    uint8_t blob[PUBKEY_BLOB_BYTES];
    if (!decode_exact(line, n, blob, sizeof(blob))) {
        reason_set(reason, reason_n, "public key line is not the base64 of a minisign Ed25519 key");
        return false;
    }
    if (blob[0] != 'E' || blob[1] != 'd') {
        reason_set(reason, reason_n, "public key algorithm is not Ed25519");
        return false;
    }
    if (!rest_is_empty(&l)) {
        reason_set(reason, reason_n, "public key file has extra lines after the key");
        return false;
    }
    memcpy(out->key_id, blob + 2, MINISIGN_KEYID_BYTES);
    memcpy(out->key, blob + 2 + MINISIGN_KEYID_BYTES, MINISIGN_PUBKEY_BYTES);
    return true;
}

bool minisign_parse_sig(const char *data, size_t len, struct minisign_sig *out, char *reason,
                        size_t reason_n)
{
    if (len > MINISIGN_MAX_FILE_BYTES) {
        reason_set(reason, reason_n, "signature file is larger than %d bytes",
                   MINISIGN_MAX_FILE_BYTES);
        return false;
    }
    memset(out, 0, sizeof(*out));
    struct lines l = {data, data + len};
    const char *line;
    size_t n;

    if (!next_line(&l, &line, &n) || !has_prefix(line, n, UNTRUSTED_PREFIX) ||
        n > strlen(UNTRUSTED_PREFIX) + MINISIGN_MAX_COMMENT_BYTES) {
        reason_set(reason, reason_n, "signature does not start with an 'untrusted comment:' line");
        return false;
    }

    uint8_t blob[SIG_BLOB_BYTES];
    if (!next_line(&l, &line, &n) || !decode_exact(line, n, blob, sizeof(blob))) {
        reason_set(reason, reason_n, "signature line is not the base64 of a minisign signature");
        return false;
    }
    if (blob[0] == 'E' && blob[1] == 'D') {
        out->prehashed = true;
    } else if (blob[0] == 'E' && blob[1] == 'd') {
        out->prehashed = false;
    } else {
        reason_set(reason, reason_n, "signature algorithm is unknown (neither ED nor Ed)");
        return false;
    }
    memcpy(out->key_id, blob + 2, MINISIGN_KEYID_BYTES);
    memcpy(out->sig, blob + 2 + MINISIGN_KEYID_BYTES, MINISIGN_SIG_BYTES);

    if (!next_line(&l, &line, &n) || !has_prefix(line, n, TRUSTED_PREFIX)) {
        reason_set(reason, reason_n, "signature has no 'trusted comment:' line");
        return false;
    }
    size_t tlen = n - strlen(TRUSTED_PREFIX);
    if (tlen > MINISIGN_MAX_TRUSTED_COMMENT) {
        reason_set(reason, reason_n, "signature's trusted comment is longer than %d bytes",
                   MINISIGN_MAX_TRUSTED_COMMENT);
        return false;
    }
    memcpy(out->trusted_comment, line + strlen(TRUSTED_PREFIX), tlen);
    out->trusted_comment[tlen] = '\0';
    out->trusted_comment_len = tlen;

    if (!next_line(&l, &line, &n) ||
        !decode_exact(line, n, out->global_sig, sizeof(out->global_sig))) {
        reason_set(reason, reason_n, "signature's global signature line is missing or not base64");
        return false;
    }
    if (!rest_is_empty(&l)) {
        reason_set(reason, reason_n, "signature file has extra lines after the global signature");
        return false;
    }
    return true;
}

bool minisign_verify(const struct minisign_pubkey *pk, const struct minisign_sig *sig,
                     const void *msg, size_t msg_len, char *reason, size_t reason_n)
{
    if (sodium_init() < 0) {
        reason_set(reason, reason_n, "libsodium failed to initialise");
        return false;
    }
    if (!sig->prehashed) {
        reason_set(
            reason, reason_n,
            "legacy (non-prehashed 'Ed') signature refused; sign with minisign 0.10 or later "
            "without -l");
        return false;
    }
    if (sodium_memcmp(pk->key_id, sig->key_id, MINISIGN_KEYID_BYTES) != 0) {
        reason_set(reason, reason_n,
                   "signature was made by another key than the configured public key");
        return false;
    }
    uint8_t hash[crypto_generichash_BYTES_MAX];
    if (crypto_generichash(hash, sizeof(hash), msg, msg_len, NULL, 0) != 0) {
        reason_set(reason, reason_n, "could not hash the signed file");
        return false;
    }
    if (crypto_sign_verify_detached(sig->sig, hash, sizeof(hash), pk->key) != 0) {
        reason_set(reason, reason_n, "signature does not match the file (tampered or wrong key)");
        return false;
    }
    /* The global signature binds the trusted comment to the signature. */
    uint8_t global[MINISIGN_SIG_BYTES + MINISIGN_MAX_TRUSTED_COMMENT];
    memcpy(global, sig->sig, MINISIGN_SIG_BYTES);
    memcpy(global + MINISIGN_SIG_BYTES, sig->trusted_comment, sig->trusted_comment_len);
    if (crypto_sign_verify_detached(sig->global_sig, global,
                                    MINISIGN_SIG_BYTES + sig->trusted_comment_len, pk->key) != 0) {
        reason_set(reason, reason_n,
                   "trusted comment signature is invalid (signature file tampered)");
        return false;
    }
    return true;
}

bool minisign_verify_text(const struct minisign_pubkey *pk, const char *sig_text, size_t sig_len,
                          const void *msg, size_t msg_len, char *reason, size_t reason_n)
{
    struct minisign_sig sig;
    return minisign_parse_sig(sig_text, sig_len, &sig, reason, reason_n) &&
           minisign_verify(pk, &sig, msg, msg_len, reason, reason_n);
}

/* ---- secret keys and signing -------------------------------------------- */

#define SECKEY_BLOB_BYTES                                                                          \
    (2 + 2 + 2 + 32 + 8 + 8 + MINISIGN_KEYID_BYTES + MINISIGN_SECKEY_BYTES + 32)
#define KEYNUM_SK_BYTES (MINISIGN_KEYID_BYTES + MINISIGN_SECKEY_BYTES + 32)

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

bool minisign_parse_seckey(const char *data, size_t len, struct minisign_seckey_file *out,
                           char *reason, size_t reason_n)
{
    memset(out, 0, sizeof(*out));
    if (len > MINISIGN_MAX_FILE_BYTES) {
        reason_set(reason, reason_n, _("it is larger than %d bytes: is it the right file?"),
                   MINISIGN_MAX_FILE_BYTES);
        return false;
    }
    struct lines l = {data, data + len};
    const char *line;
    size_t n;
    if (!next_line(&l, &line, &n)) {
        reason_set(reason, reason_n, "%s", _("the file is empty"));
        return false;
    }
    if (has_prefix(line, n, UNTRUSTED_PREFIX)) {
        if (n > strlen(UNTRUSTED_PREFIX) + MINISIGN_MAX_COMMENT_BYTES) {
            reason_set(reason, reason_n, "%s", _("its comment line is too long"));
            return false;
        }
        if (!next_line(&l, &line, &n)) {
            reason_set(reason, reason_n, "%s", _("there is no key line after its comment"));
            return false;
        }
    }
    uint8_t blob[SECKEY_BLOB_BYTES];
    bool ok = false;
    if (!decode_exact(line, n, blob, sizeof(blob)) || !rest_is_empty(&l)) {
        reason_set(reason, reason_n, "%s",
                   _("it is not a minisign secret key (cut short, altered, or another file)"));
        goto out;
    }
    if (blob[0] != 'E' || blob[1] != 'd') {
        reason_set(reason, reason_n, "%s", _("its algorithm is not Ed25519"));
        goto out;
    }
    if (blob[4] != 'B' || blob[5] != '2') {
        reason_set(reason, reason_n, "%s",
                   _("its checksum is not BLAKE2b (an unknown key format)"));
        goto out;
    }
    if (blob[2] == 'S' && blob[3] == 'c') {
        out->encrypted = true;
    } else if (blob[2] != 0 || blob[3] != 0) {
        reason_set(reason, reason_n, "%s", _("it uses an unknown password scheme"));
        goto out;
    }
    memcpy(out->salt, blob + 6, 32);
    out->opslimit = le64(blob + 38);
    out->memlimit = le64(blob + 46);
    memcpy(out->keynum_sk, blob + 54, KEYNUM_SK_BYTES);
    if (out->encrypted &&
        (out->opslimit > MINISIGN_MAX_KDF_OPSLIMIT || out->memlimit > MINISIGN_MAX_KDF_MEMLIMIT ||
         out->opslimit < crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN ||
         out->memlimit < crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN)) {
        reason_set(reason, reason_n, "%s", _("its password parameters are out of range"));
        goto out;
    }
    ok = true;
out:
    sodium_memzero(blob, sizeof(blob));
    if (!ok)
        sodium_memzero(out, sizeof(*out));
    return ok;
}

/* BLAKE2b-256 over "Ed" || key id || secret key, as minisign computes it. */
static void seckey_checksum(const uint8_t *keynum_sk, uint8_t chk[32])
{
    crypto_generichash_state hs;
    crypto_generichash_init(&hs, NULL, 0, 32);
    crypto_generichash_update(&hs, (const uint8_t *)"Ed", 2);
    crypto_generichash_update(&hs, keynum_sk, MINISIGN_KEYID_BYTES + MINISIGN_SECKEY_BYTES);
    crypto_generichash_final(&hs, chk, 32);
}

enum minisign_unlock minisign_unlock_seckey(const struct minisign_seckey_file *f,
                                            const char *password, size_t password_len,
                                            struct minisign_seckey *out, char *reason,
                                            size_t reason_n)
{
    enum minisign_unlock res = MINISIGN_DAMAGED;
    uint8_t ks[KEYNUM_SK_BYTES], stream[KEYNUM_SK_BYTES], chk[32], pk[32], seed_sk[64];
    memset(out, 0, sizeof(*out));
    if (sodium_init() < 0) {
        reason_set(reason, reason_n, "libsodium failed to initialise");
        return MINISIGN_DAMAGED;
    }
    memcpy(ks, f->keynum_sk, sizeof(ks));
    if (f->encrypted) {
        if (crypto_pwhash_scryptsalsa208sha256(stream, sizeof(stream), password ? password : "",
                                               password_len, f->salt, f->opslimit,
                                               (size_t)f->memlimit) != 0) {
            reason_set(
                reason, reason_n,
                _("not enough memory to derive the key from the password (it needs %llu MiB)"),
                (unsigned long long)(f->memlimit >> 20));
            goto out;
        }
        for (size_t i = 0; i < sizeof(ks); i++)
            ks[i] ^= stream[i];
    }
    const uint8_t *stored = ks + MINISIGN_KEYID_BYTES + MINISIGN_SECKEY_BYTES;
    bool stored_zero = sodium_is_zero(stored, 32);
    seckey_checksum(ks, chk);
    /* `minisign -G -W` leaves the checksum zero; an encrypted key always
     * has one, and a mismatch there means the password is wrong. */
    if (f->encrypted || !stored_zero) {
        if (sodium_memcmp(chk, stored, 32) != 0) {
            if (f->encrypted) {
                res = MINISIGN_WRONG_PASSWORD;
                reason_set(reason, reason_n, "%s", _("wrong password for this secret key"));
            } else {
                reason_set(reason, reason_n, "%s", _("its checksum does not match"));
            }
            goto out;
        }
    }
    /* The Ed25519 secret key is seed || public key: both halves must agree. */
    if (crypto_sign_seed_keypair(pk, seed_sk, ks + MINISIGN_KEYID_BYTES) != 0 ||
        sodium_memcmp(pk, ks + MINISIGN_KEYID_BYTES + 32, 32) != 0) {
        reason_set(reason, reason_n, "%s", _("its two halves do not match"));
        goto out;
    }
    memcpy(out->key_id, ks, MINISIGN_KEYID_BYTES);
    memcpy(out->sk, ks + MINISIGN_KEYID_BYTES, MINISIGN_SECKEY_BYTES);
    res = MINISIGN_UNLOCKED;
out:
    sodium_memzero(ks, sizeof(ks));
    sodium_memzero(stream, sizeof(stream));
    sodium_memzero(chk, sizeof(chk));
    sodium_memzero(seed_sk, sizeof(seed_sk));
    return res;
}

void minisign_seckey_public(const struct minisign_seckey *sk, struct minisign_pubkey *out)
{
    memcpy(out->key_id, sk->key_id, MINISIGN_KEYID_BYTES);
    memcpy(out->key, sk->sk + 32, MINISIGN_PUBKEY_BYTES);
}

bool minisign_seckey_matches(const struct minisign_seckey *sk, const struct minisign_pubkey *pk)
{
    return sodium_memcmp(sk->key_id, pk->key_id, MINISIGN_KEYID_BYTES) == 0 &&
           sodium_memcmp(sk->sk + 32, pk->key, MINISIGN_PUBKEY_BYTES) == 0;
}

void minisign_seckey_wipe(struct minisign_seckey *sk)
{
    sodium_memzero(sk, sizeof(*sk));
}

static bool one_line(const char *s)
{
    return !strchr(s, '\n') && !strchr(s, '\r');
}

bool minisign_sign(const struct minisign_seckey *sk, const void *msg, size_t msg_len,
                   const char *untrusted_comment, const char *trusted_comment, char *out,
                   size_t out_n, char *reason, size_t reason_n)
{
    if (sodium_init() < 0) {
        reason_set(reason, reason_n, "libsodium failed to initialise");
        return false;
    }
    size_t tlen = strlen(trusted_comment);
    if (!one_line(untrusted_comment) || !one_line(trusted_comment) ||
        strlen(untrusted_comment) > MINISIGN_MAX_COMMENT_BYTES ||
        tlen > MINISIGN_MAX_TRUSTED_COMMENT) {
        reason_set(reason, reason_n, "signature comments must be single, short lines");
        return false;
    }
    uint8_t hash[crypto_generichash_BYTES_MAX];
    uint8_t blob[SIG_BLOB_BYTES];
    uint8_t global[MINISIGN_SIG_BYTES];
    crypto_generichash(hash, sizeof(hash), msg, msg_len, NULL, 0);
    blob[0] = 'E';
    blob[1] = 'D';
    memcpy(blob + 2, sk->key_id, MINISIGN_KEYID_BYTES);
    uint8_t *sig = blob + 2 + MINISIGN_KEYID_BYTES;
    crypto_sign_detached(sig, NULL, hash, sizeof(hash), sk->sk);

    /* The global signature covers the signature and the trusted comment. */
    uint8_t *both = malloc(MINISIGN_SIG_BYTES + tlen);
    if (!both) {
        reason_set(reason, reason_n, "out of memory");
        return false;
    }
    memcpy(both, sig, MINISIGN_SIG_BYTES);
    memcpy(both + MINISIGN_SIG_BYTES, trusted_comment, tlen);
    crypto_sign_detached(global, NULL, both, MINISIGN_SIG_BYTES + tlen, sk->sk);
    free(both);

    char sig_b64[sodium_base64_ENCODED_LEN(SIG_BLOB_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    char global_b64[sodium_base64_ENCODED_LEN(MINISIGN_SIG_BYTES, sodium_base64_VARIANT_ORIGINAL)];
    sodium_bin2base64(sig_b64, sizeof(sig_b64), blob, sizeof(blob), sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(global_b64, sizeof(global_b64), global, sizeof(global),
                      sodium_base64_VARIANT_ORIGINAL);
    int w = snprintf(out, out_n, "%s%s\n%s\n%s%s\n%s\n", UNTRUSTED_PREFIX, untrusted_comment,
                     sig_b64, TRUSTED_PREFIX, trusted_comment, global_b64);
    if (w < 0 || (size_t)w >= out_n) {
        reason_set(reason, reason_n, "signature does not fit in %zu bytes", out_n);
        return false;
    }
    return true;
}
