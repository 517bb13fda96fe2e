/* SPDX-License-Identifier: MIT */
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

/* ---- secret keys and signing (bangtin publish) --------------------------
 *
 * A secret key file is what `minisign -G` writes: an untrusted comment
 * line, then the base64 of: "Ed", the KDF ("Sc" for scrypt, two zero bytes
 * for a key made with -W), "B2", a 32-byte salt, the scrypt opslimit and
 * memlimit (little-endian 64-bit), then 104 bytes of key id, Ed25519
 * secret key and a BLAKE2b-256 checksum, XORed with scrypt's output when
 * the key is password-protected. The checksum tells a wrong password from
 * a right one. */

#define MINISIGN_SECKEY_BYTES       64
#define MINISIGN_MAX_PASSWORD_BYTES 1024
/* A key file asking for more work than this is damaged, not careful:
 * minisign itself uses 2^25 and 1 GiB. */
#define MINISIGN_MAX_KDF_OPSLIMIT (1ull << 32)
#define MINISIGN_MAX_KDF_MEMLIMIT (4ull << 30)

/* A secret key file as read, before any password. */
struct minisign_seckey_file {
    bool encrypted; /* "Sc": needs the password */
    uint8_t salt[32];
    uint64_t opslimit, memlimit;
    uint8_t keynum_sk[MINISIGN_KEYID_BYTES + MINISIGN_SECKEY_BYTES + 32]; /* maybe encrypted */
};

/* An unlocked key. Wipe it with minisign_seckey_wipe() when done. */
struct minisign_seckey {
    uint8_t key_id[MINISIGN_KEYID_BYTES];
    uint8_t sk[MINISIGN_SECKEY_BYTES]; /* seed || public key */
};

enum minisign_unlock {
    MINISIGN_UNLOCKED,
    MINISIGN_WRONG_PASSWORD, /* checksum mismatch after decryption */
    MINISIGN_DAMAGED,        /* inconsistent key, or the KDF failed (memory) */
};

/* Parses a secret key file; false (with a reason) when it is not one. */
bool minisign_parse_seckey(const char *data, size_t len, struct minisign_seckey_file *out,
                           char *reason, size_t reason_n);

/* Decrypts (when encrypted, with password) and checks the key. */
enum minisign_unlock minisign_unlock_seckey(const struct minisign_seckey_file *f,
                                            const char *password, size_t password_len,
                                            struct minisign_seckey *out, char *reason,
                                            size_t reason_n);

/* The public half of an unlocked key. */
void minisign_seckey_public(const struct minisign_seckey *sk, struct minisign_pubkey *out);

/* Whether sk and pk are the same key pair (key id and public key). */
bool minisign_seckey_matches(const struct minisign_seckey *sk, const struct minisign_pubkey *pk);

/* Signs msg as `minisign -S` does: a prehashed ("ED") signature, the
 * trusted comment (one line, no "\n" or "\r") signed with it. Writes the
 * whole .minisig text, NUL-terminated, into out (capacity out_n). */
bool minisign_sign(const struct minisign_seckey *sk, const void *msg, size_t msg_len,
                   const char *untrusted_comment, const char *trusted_comment, char *out,
                   size_t out_n, char *reason, size_t reason_n);

void minisign_seckey_wipe(struct minisign_seckey *sk);
