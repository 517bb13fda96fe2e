/* SPDX-License-Identifier: MIT */
#pragma once
/* Vietnamese text as offices really have it: the pre-Unicode encodings
 * TCVN3 (TCVN 5712:1993, ".VnTime" fonts), VNI-Windows ("VNI-Times"),
 * VIQR (RFC 1456) and Windows-1258, to UTF-8 NFC.
 *
 * Each converter takes the raw bytes, or the same bytes once mis-read as
 * Windows-1252 and saved as UTF-8 ("§Èy m¹nh", "Ñaåy maïnh": what a paste
 * from an old Word file into a JSON editor produces); that layer is undone
 * first when the input is valid UTF-8 made only of Windows-1252 characters.
 *
 * Detection decodes the input every plausible way and scores each result
 * against Vietnamese syllable structure (vnsyl.h). Pure logic, no I/O. */

#include <stdbool.h>
#include <stddef.h>

/* Inputs larger than this are refused (a playlist field, a pasted file). */
#define LEGACY_MAX_BYTES (16u * 1024u * 1024u)

enum legacy_enc {
    LEGACY_UTF8,   /* "utf-8": already Unicode */
    LEGACY_TCVN3,  /* "tcvn3" */
    LEGACY_VNI,    /* "vni" */
    LEGACY_VIQR,   /* "viqr" */
    LEGACY_CP1258, /* "cp1258" */
    LEGACY_N_ENC,
};

/* "utf-8", "tcvn3", ... */
const char *legacy_name(enum legacy_enc enc);
/* Accepts the names above (any case, also "tcvn", "vni-windows",
 * "windows-1258", "utf8"); false for anything else. */
bool legacy_from_name(const char *name, enum legacy_enc *enc);

/* Decodes in (len bytes) from enc to UTF-8 NFC. The Windows-1252 layer is
 * undone first when present (see above). *out is malloc'd, NUL-terminated,
 * owned by the caller. False only when len exceeds LEGACY_MAX_BYTES or
 * memory runs out. LEGACY_UTF8 normalises valid UTF-8 and reads invalid
 * bytes as Windows-1252. */
bool legacy_decode(enum legacy_enc enc, const char *in, size_t len, char **out, size_t *out_len);

/* Same, never undoing a Windows-1252 layer: in is exactly the file's bytes. */
bool legacy_decode_raw(enum legacy_enc enc, const char *in, size_t len, char **out,
                       size_t *out_len);

/* Undoes a Windows-1252 mis-reading: utf8 must be valid UTF-8 whose every
 * character is in Windows-1252 (C1 controls U+0080..U+009F stand for the
 * bytes 1252 leaves undefined). *bytes is malloc'd and NUL-terminated.
 * False when some character has no Windows-1252 byte. */
bool legacy_undo_cp1252(const char *utf8, size_t len, char **bytes, size_t *n);

/* Encodes UTF-8 text into enc (for tests and round trips). Characters enc
 * cannot write make it fail. TCVN3 writes upper-case letters with tones
 * that VN3 lacks as base letter + the standard's combining tone byte. */
bool legacy_encode(enum legacy_enc enc, const char *utf8, size_t len, char **out, size_t *out_len);

/* What detection found. */
struct legacy_guess {
    enum legacy_enc enc;
    bool cp1252_layer; /* the input was the bytes mis-read as Windows-1252 */
    double score;      /* best decoding's score (higher: more Vietnamese) */
    double utf8_score; /* the input read as UTF-8 as it is */
    size_t words;
};

/* Scores each candidate decoding of bytes and returns the best; on a tie
 * UTF-8 wins. Never fails: empty or hopeless input is "utf-8". */
enum legacy_enc legacy_detect(const char *bytes, size_t len);
void legacy_detect_ex(const char *bytes, size_t len, struct legacy_guess *guess);

/* For `check`: true when a text field (UTF-8, e.g. from a playlist) reads
 * far better as legacy text than as it is; *enc (may be NULL) names the
 * encoding to suggest: `bangtin text convert --from NAME`. */
bool legacy_looks_mojibake(const char *utf8, size_t len, enum legacy_enc *enc);
