#include "feed/minisign.h"
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
