/* SPDX-License-Identifier: MIT */
#pragma once
/* Shapes one word (a syllable between spaces) with HarfBuzz, picking for
 * each character the first font of the chain that has it. */

#include <stddef.h>
#include <stdint.h>

#include "util/dynbuf.h"

#include "text/font.h"

struct shape_glyph {
    int file;    /* font file index */
    uint32_t id; /* glyph id in that font */
    int x, y;    /* pen position in px relative to the word origin; y up */
};

struct shape_word {
    struct shape_glyph *glyphs; /* n glyphs: a view of glyph_buf */
    size_t n;
    struct dynbuf glyph_buf; /* owned; capped by the word's length */
    int advance;
    int ink_left, ink_right, ink_top, ink_bottom; /* ink_bottom: depth below baseline */
};

/* Code points no font in the chain draws are skipped and written to
 * missing (up to max_missing; *n_missing counts them all). Returns false
 * only on allocation or font failure. */
bool shape_word(struct font_set *fs, const int *chain, int n_chain, int px, const char *utf8,
                size_t len, struct shape_word *out, uint32_t *missing, size_t max_missing,
                size_t *n_missing);
void shape_word_finish(struct shape_word *w);

/* shape_word() in two steps: the glyphs and advance (HarfBuzz only),
 * then the ink box from the glyphs' metrics, which costs more. */
bool shape_word_glyphs(struct font_set *fs, const int *chain, int n_chain, int px, const char *utf8,
                       size_t len, struct shape_word *out, uint32_t *missing, size_t max_missing,
                       size_t *n_missing);
bool shape_word_ink(struct font_set *fs, int px, struct shape_word *w);
