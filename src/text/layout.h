/* SPDX-License-Identifier: MIT */
#pragma once
/* Pure line layout: words already measured in pixels go in, lines placed
 * by baseline come out. No fonts, no SDL, no I/O.
 *
 * Lines are stacked by their real ink: a line's baseline sits far enough
 * below the previous one that the previous line's lowest ink (dots below,
 * descenders) and this line's highest ink (stacked marks such as Ẩ Ễ
 * that rise above the font's ascender) keep at least min_gap pixels
 * apart, and never closer than the font's nominal line pitch. */

#include <stdbool.h>
#include <stddef.h>

enum layout_align { LAYOUT_CENTER, LAYOUT_LEFT, LAYOUT_RIGHT };

struct layout_word {
    int advance;             /* pen advance in px */
    int ink_left, ink_right; /* ink span relative to the word's pen origin */
    int ink_top;             /* px above the baseline (may exceed the ascender) */
    int ink_bottom;          /* px below the baseline, as a positive depth */
    bool break_before;       /* a forced line break ('\n') precedes this word */
    int blank_lines;         /* empty lines forced before it ("\n\n") */
};

struct layout_opts {
    int max_width; /* px the ink must fit in */
    int space;     /* advance of a space */
    int pitch;     /* nominal baseline-to-baseline distance */
    int min_gap;   /* px kept between one line's ink and the next */
    enum layout_align align;
    bool balance; /* even out line lengths without adding lines */
    bool no_wrap; /* lines break only where forced; a wider one is overflow */
};

struct layout_line {
    size_t first, count; /* words [first, first + count) */
    int x;               /* pen x of the first word, relative to the box */
    int baseline;        /* y of the baseline, relative to the top of the ink box */
    int width;           /* advance width */
    int ink_left, ink_right, ink_top, ink_bottom;
};

struct layout {
    struct layout_line *lines; /* owned */
    size_t n_lines;
    int width, height; /* ink box */
    bool overflow;     /* a word is wider than max_width on its own */
};

/* Breaks and places words in time linear in n (balancing adds a factor
 * of log max_width). false only when out of memory. */
bool layout_lines(const struct layout_word *words, size_t n, const struct layout_opts *opts,
                  struct layout *out);
void layout_finish(struct layout *l);
