/* SPDX-License-Identifier: MIT */
#pragma once
/* Vietnamese syllable structure: onset + (medial) rhyme + tone, written
 * per today's orthography. Used to tell real Vietnamese from mojibake
 * (legacy.c) and to judge text syllable by syllable (vnspell.c).
 *
 * The grammar is our own (onsets, rhymes and the spelling rules k/c,
 * gh/g, ngh/ng, qu, gi, stop codas take only sắc or nặng); it is checked
 * against Debian's hunspell-vi syllable list in tests/test_legacy.c, which
 * is GPL-2 and therefore not shipped. Pure logic, no I/O. */

#include <stdbool.h>
#include <stddef.h>

/* Longest word considered, in bytes; longer tokens are never syllables. */
#define VNSYL_MAX_WORD 48

enum vnsyl_kind {
    VNSYL_OTHER,    /* not a Vietnamese syllable as written (English, junk) */
    VNSYL_MARKED,   /* a valid syllable carrying a Vietnamese mark or đ */
    VNSYL_BARE,     /* a valid syllable written in plain ASCII ("anh", "ban") */
    VNSYL_STRIPPED, /* plain ASCII, invalid as written, but valid once marks are
                       added back ("duoc", "viet", "cac"): a lost-marks sign */
};

/* Classifies one word (UTF-8, any case, NFC or NFD, no spaces). */
enum vnsyl_kind vnsyl_classify(const char *word, size_t len);

/* True when word is a valid syllable as written (VNSYL_MARKED or _BARE). */
bool vnsyl_is_syllable(const char *word, size_t len);

/* True when word is plain ASCII and some marked spelling of it is a valid
 * syllable (the skeleton "duoc" of "được"; also "anh" itself). */
bool vnsyl_is_skeleton(const char *word, size_t len);

/* True for one of the commonest marked syllables ("không", "của"): weighs
 * decodings of very short text. */
bool vnsyl_is_common(const char *word, size_t len);

/* A word's spelling key: lower-case letters with the modified vowels and
 * đ as one upper-case code each (ă A, â B, ê E, ô O, ơ P, ư U, đ D), then
 * its tone as '0' (none) to '5' (grave, acute, tilde, hook, dot). False
 * when the word holds anything but Vietnamese letters and marks, or two
 * tones. n >= VNSYL_KEY_MAX. */
#define VNSYL_KEY_MAX 18
bool vnsyl_key(const char *word, size_t len, char *key, size_t n);

/* The key without tone and modifiers, lower-case ASCII: "được" -> "duoc". */
bool vnsyl_skeleton(const char *word, size_t len, char *out, size_t n);

/* Whole texts are judged by vnspell.h ([no-diacritics], [spelling]). */
