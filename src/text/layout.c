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

/* Measures words [first, first + count) set on one line. */
static void measure(const struct layout_word *w, size_t first, size_t count, int space,
                    struct layout_line *line)
{
    int pen = 0;
    line->first = first;
    line->count = count;
    line->ink_left = 0;
    line->ink_right = 0;
    line->ink_top = 0;
    line->ink_bottom = 0;
    for (size_t i = first; i < first + count; i++) {
        if (i > first)
            pen += space;
        if (i == first)
            line->ink_left = pen + w[i].ink_left;
        line->ink_left = imin(line->ink_left, pen + w[i].ink_left);
        line->ink_right = imax(line->ink_right, pen + w[i].ink_right);
        line->ink_top = imax(line->ink_top, w[i].ink_top);
        line->ink_bottom = imax(line->ink_bottom, w[i].ink_bottom);
        pen += w[i].advance;
    }
    line->width = pen;
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
        size_t count = 1;
        struct layout_line cand;
        measure(w, i, 1, o->space, &lines[n_lines]);
        if (ink_width(&lines[n_lines]) > o->max_width)
            *overflow = true;
        while (i + count < end) {
            measure(w, i, count + 1, o->space, &cand);
            if (ink_width(&cand) > limit)
                break;
            lines[n_lines] = cand;
            count++;
        }
        n_lines++;
        i += count;
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
    if (o->balance && n > 1 && !ov) {
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
