/* SPDX-License-Identifier: MIT */
#pragma once
/* Vietnamese as staff paste it, judged syllable by syllable: text that lost
 * its marks (OCR, typing without Telex) for [no-diacritics], and syllables
 * the grammar (vnsyl.h) rejects for [spelling], with the nearest valid
 * syllables as suggestions.
 *
 * The syllable frequencies are src/vn/vnfreq.inc, made by src/vn/mkfreq.py
 * from public-domain text (src/vn/corpus/README.md). Pure logic, no I/O.
 *
 * Words judged are runs of letters. Left out, in both checks: numbers and
 * whole tokens with a digit (2026, 57-NQ/TW, 12/KH-UBND), URLs and e-mail
 * addresses, words without a vowel (UBND, HĐND), acronyms in capitals
 * within mixed-case text, mixed-case brands (VNeID), and the words of the
 * allow list. [spelling] also leaves alone Capitalised words that are not
 * Vietnamese at all (Google, Zalo): names. */

#include <stdbool.h>
#include <stddef.h>

#include "vn/vnsyl.h"

struct vnspell_opts {
    const char *const *allow; /* NULL-terminated, compared ignoring case; may be NULL */
    size_t n_allow;           /* or the count, when allow is not NULL-terminated */
};

#define VNSPELL_EXAMPLES 96 /* bytes of example words kept for a message */

struct vnspell_counts {
    size_t syllables;  /* words judged */
    size_t plain;      /* written without any mark (ASCII) */
    size_t unmarked;   /* of those, ones real Vietnamese writes with a mark: cong, duoc */
    size_t foreign;    /* not Vietnamese syllables at all: tricn, hign, online */
    size_t garbled;    /* of those, one letter from a real syllable: tricn, dudc */
    size_t bad_marks;  /* a mark where no syllable has it: trién, déi */
    size_t title;      /* written Capitalised: a list of names (Nguyen Thi Minh Khai) */
    size_t vietnamese; /* syllables (marked or a skeleton), not foreign, not bad */
    char foreign_words[VNSPELL_EXAMPLES]; /* the first few, ", " between */
    char bad_words[VNSPELL_EXAMPLES];
};

void vnspell_count(const char *text, const struct vnspell_opts *opts, struct vnspell_counts *c);

/* [no-diacritics]: far from real Vietnamese. On the bundled public-domain
 * corpus (src/vn/corpus/train.txt) lines have at most a few percent of
 * unmarked syllables and no bad marks; OCR output of the same lines has a
 * third to all of its syllables unmarked or badly marked. The thresholds
 * and the figures behind them are in docs/TEXT.md. */
bool vnspell_lost_marks(const struct vnspell_counts *c);

#define VNSPELL_MAX_SUGGEST 3

struct vnspell_word {
    size_t off, len; /* where the word is in the text, bytes */
    char suggest[VNSPELL_MAX_SUGGEST][VNSYL_MAX_WORD + 1]; /* NFC, "" past the last */
};

/* [spelling]: the words (at most max) the grammar rejects, each with up to
 * three suggestions, nearest first. Returns how many there are in all
 * (may exceed max). */
size_t vnspell_misspelled(const char *text, const struct vnspell_opts *opts,
                          struct vnspell_word *out, size_t max);

/* The nearest attested syllables to word (any case), nearest first, into
 * out; returns how many (0..VNSPELL_MAX_SUGGEST). */
size_t vnspell_suggest(const char *word, size_t len, char out[][VNSYL_MAX_WORD + 1], size_t max);

/* How often syllable (NFC, lower case) occurs in the corpus, and whether
 * tesseract's word list has it; false when neither. */
bool vnspell_frequency(const char *syllable, unsigned *count, bool *ocr_list);
