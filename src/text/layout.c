/* SPDX-License-Identifier: MIT */
#include "text/layout.h"

#include <stdlib.h>

static int imax(int a, int b)
{
    return a > b ? a : b;
}

static int imin(int a, int b)
{
    return a < b ? a : b;
}

/* Starts a line with word i. */
static void line_start(const struct layout_word *w, size_t i, struct layout_line *line)
{
    *line = (struct layout_line){
        .first = i,
        .count = 1,
        .width = w[i].advance,
        .ink_left = w[i].ink_left,
        .ink_right = imax(0, w[i].ink_right),
        .ink_top = imax(0, w[i].ink_top),
        .ink_bottom = imax(0, w[i].ink_bottom),
    };
}

/* The line with the next word appended after a space: constant time, so
 * breaking a paragraph is linear in its words. */
static struct layout_line line_extend(const struct layout_word *w, const struct layout_line *l,
                                      int space)
{
    struct layout_line c = *l;
    const struct layout_word *nx = &w[l->first + l->count];
    int pen = l->width + space;
    c.count++;
    c.ink_left = imin(c.ink_left, pen + nx->ink_left);
    c.ink_right = imax(c.ink_right, pen + nx->ink_right);
    c.ink_top = imax(c.ink_top, nx->ink_top);
    c.ink_bottom = imax(c.ink_bottom, nx->ink_bottom);
    c.width = pen + nx->advance;
    return c;
}

static int ink_width(const struct layout_line *l)
{
    return imax(l->width, l->ink_right) - imin(0, l->ink_left);
}

/* Greedy breaking of words [first, end) at width limit into lines;
 * returns the number of lines written. */
static size_t break_para(const struct layout_word *w, size_t first, size_t end,
                         const struct layout_opts *o, int limit, struct layout_line *lines,
                         bool *overflow)
{
    size_t n_lines = 0;
    size_t i = first;
    while (i < end) {
        struct layout_line cur;
        line_start(w, i, &cur);
        if (ink_width(&cur) > o->max_width)
            *overflow = true;
        while (cur.first + cur.count < end) {
            struct layout_line cand = line_extend(w, &cur, o->space);
            if (!o->no_wrap && ink_width(&cand) > limit)
                break;
            cur = cand;
        }
        if (ink_width(&cur) > o->max_width)
            *overflow = true;
        lines[n_lines++] = cur;
        i += cur.count;
    }
    return n_lines;
}

/* One paragraph (up to the next forced break): greedy, then, if asked,
 * the narrowest limit that needs no more lines, so a slogan reads
 * "ĐẨY MẠNH / CHUYỂN ĐỔI SỐ" rather than "ĐẨY MẠNH CHUYỂN / ĐỔI SỐ". */
static size_t place_para(const struct layout_word *w, size_t first, size_t end,
                         const struct layout_opts *o, struct layout_line *lines, bool *overflow)
{
    bool ov = false;
    size_t n = break_para(w, first, end, o, o->max_width, lines, &ov);
    if (o->balance && !o->no_wrap && n > 1 && !ov) {
        int lo = 1, hi = o->max_width;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            bool mov = false;
            if (break_para(w, first, end, o, mid, lines, &mov) <= n && !mov)
                hi = mid;
            else
                lo = mid + 1;
        }
        n = break_para(w, first, end, o, lo, lines, &ov);
    }
    *overflow = *overflow || ov;
    return n;
}

bool layout_lines(const struct layout_word *w, size_t n, const struct layout_opts *o,
                  struct layout *out)
{
    *out = (struct layout){0};
    if (n == 0)
        return true;
    /* At most one line per word, plus the blank lines asked for. */
    size_t cap = n;
    for (size_t i = 0; i < n; i++)
        cap += (size_t)imax(0, w[i].blank_lines);
    struct layout_line *lines = calloc(cap, sizeof(*lines));
    if (!lines)
        return false;

    bool overflow = false;
    size_t n_lines = 0;
    for (size_t first = 0; first < n;) {
        size_t end = first + 1;
        while (end < n && !w[end].break_before)
            end++;
        n_lines += place_para(w, first, end, o, lines + n_lines, &overflow);
        first = end;
    }

    /* Insert the forced blank lines, from the back so indices stay valid. */
    size_t total = n_lines;
    for (size_t i = 0; i < n_lines; i++)
        total += (size_t)imax(0, w[lines[i].first].blank_lines);
    for (size_t i = n_lines, dst = total; i-- > 0;) {
        lines[--dst] = lines[i];
        for (int b = 0; b < w[lines[dst].first].blank_lines; b++)
            lines[--dst] = (struct layout_line){.first = lines[i].first, .count = 0};
    }
    n_lines = total;

    /* Stack by baseline, keeping the ink of neighbouring lines apart. */
    int y = 0, box_w = 0;
    for (size_t i = 0; i < n_lines; i++) {
        struct layout_line *l = &lines[i];
        if (i == 0)
            y = l->ink_top;
        else
            y += imax(o->pitch, lines[i - 1].ink_bottom + o->min_gap + l->ink_top);
        l->baseline = y;
        box_w = imax(box_w, ink_width(l));
    }
    int bottom = y + lines[n_lines - 1].ink_bottom;

    for (size_t i = 0; i < n_lines; i++) {
        struct layout_line *l = &lines[i];
        int lw = ink_width(l);
        int x = 0;
        if (o->align == LAYOUT_CENTER)
            x = (o->max_width - lw) / 2;
        else if (o->align == LAYOUT_RIGHT)
            x = o->max_width - lw;
        /* x places the ink box; the pen starts left of it by ink_left. */
        l->x = imax(0, x) - imin(0, l->ink_left);
    }
    out->lines = lines;
    out->n_lines = n_lines;
    out->width = box_w;
    out->height = bottom;
    out->overflow = overflow;
    return true;
}

void layout_finish(struct layout *l)
{
    free(l->lines);
    *l = (struct layout){0};
}
