#pragma once
/* minisign public keys and signatures (the documented format of
 * https://jedisct1.github.io/minisign/), verified with libsodium.
 *
 * Only prehashed signatures ("ED": Ed25519 over BLAKE2b-512 of the file)
 * are accepted; legacy "Ed" signatures (over the whole file) are refused so
 * a signer cannot be tricked into the weaker mode. The trusted comment's
 * global signature is always checked. Parsing is strict: exact line shapes,
 * exact decoded lengths, capped sizes. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MINISIGN_KEYID_BYTES         8
#define MINISIGN_PUBKEY_BYTES        32
#define MINISIGN_SIG_BYTES           64
#define MINISIGN_MAX_FILE_BYTES      16384 /* a .pub or .minisig larger than this is refused */
#define MINISIGN_MAX_COMMENT_BYTES   1024  /* untrusted comment line */
#define MINISIGN_MAX_TRUSTED_COMMENT 8192  /* trusted comment text */

struct minisign_pubkey {
    uint8_t key_id[MINISIGN_KEYID_BYTES];
    uint8_t key[MINISIGN_PUBKEY_BYTES];
};

struct minisign_sig {
    bool prehashed; /* "ED"; false means legacy "Ed" (refused by verify) */
    uint8_t key_id[MINISIGN_KEYID_BYTES];
    uint8_t sig[MINISIGN_SIG_BYTES];
    char trusted_comment[MINISIGN_MAX_TRUSTED_COMMENT + 1]; /* text after "trusted comment: " */
    size_t trusted_comment_len;
    uint8_t global_sig[MINISIGN_SIG_BYTES];
};

/* Parses a .pub file (untrusted comment line, then the base64 key line) or
 * the bare base64 key line. On failure writes a one-line reason. */
bool minisign_parse_pubkey(const char *data, size_t len, struct minisign_pubkey *out, char *reason,
                           size_t reason_n);

/* Parses a .minisig file: untrusted comment, base64 signature, trusted
 * comment, base64 global signature. Legacy signatures parse (so the reason
 * can say so) with prehashed = false. */
bool minisign_parse_sig(const char *data, size_t len, struct minisign_sig *out, char *reason,
                        size_t reason_n);

/* Verifies msg against sig and key: algorithm ED, matching key id, the
 * signature over BLAKE2b-512(msg), and the global signature over
 * sig || trusted comment. */
bool minisign_verify(const struct minisign_pubkey *pk, const struct minisign_sig *sig,
                     const void *msg, size_t msg_len, char *reason, size_t reason_n);

/* Parses sig_text and verifies msg with pk in one go. */
bool minisign_verify_text(const struct minisign_pubkey *pk, const char *sig_text, size_t sig_len,
                          const void *msg, size_t msg_len, char *reason, size_t reason_n);
