#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/shape.h"
#include "text/utf8.h"

#define TEXT_MAX_WORDS   4096
#define TEXT_MAX_MISSING 32

struct text_block {
    int px, max_width;
    int strike; /* file index of the bitmap strike, or -1 */
    enum font_render render;
    size_t n_invalid;
    int space; /* advance of a space */
    bool fits;
    struct shape_word *words; /* owned array */
    size_t n_words;
    struct layout layout;
    uint32_t missing[TEXT_MAX_MISSING];
    size_t n_missing;
};

void text_block_free(struct text_block *tb)
{
    if (!tb)
        return;
    for (size_t i = 0; i < tb->n_words; i++)
        shape_word_finish(&tb->words[i]);
    free(tb->words);
    layout_finish(&tb->layout);
    free(tb);
}

/* Whether words shaped (advances known, ink not yet) cannot fit a box
 * max_width x box_h however their ink turns out. A line's ink is at
 * least as wide as its advances, so breaking by advances alone gives no
 * more lines than layout_lines() will, and lines stack at least a pitch
 * apart: measuring the ink of every glyph at a size a fit tries is
 * skipped where that size is plainly too big. */
static bool cannot_fit(const struct layout_word *lw, size_t n, int space, int pitch, int max_width,
                       int box_h)
{
    if (space < 0)
        return false;
    long lines = 0;
    int pen = 0;
    for (size_t i = 0; i < n; i++) {
        if (lw[i].advance < 0)
            return false; /* the bound needs advances that only add up */
        if (lw[i].advance > max_width)
            return true; /* a word wider than the box on its own */
        if (i == 0 || lw[i].break_before || pen + space + lw[i].advance > max_width) {
            lines += 1 + (lw[i].blank_lines > 0 ? lw[i].blank_lines : 0);
            pen = lw[i].advance;
        } else {
            pen += space + lw[i].advance;
        }
    }
    return (lines - 1) * (long)pitch > box_h;
}

/* Lays out already clean NFC text in the chain led by strike (or not).
 * reject_h > 0: a block that plainly cannot fit max_width x reject_h
 * comes back laid out empty, fits false and overflowing, at a fraction
 * of the cost. */
/* The advance width of the widest paragraph on one line (a lower bound
 * of its ink's), or -1 when a paragraph is too wide for the bound to
 * hold (it would wrap). */
static int widest_paragraph(const struct layout_word *lw, size_t n, int space)
{
    long widest = 0, pen = 0;
    for (size_t i = 0; i < n; i++) {
        if (lw[i].advance < 0 || space < 0)
            return -1;
        pen = i == 0 || lw[i].break_before ? lw[i].advance : pen + space + lw[i].advance;
        if (pen > (1 << 19))
            return -1;
        widest = pen > widest ? pen : widest;
    }
    return (int)widest;
}

/* advances_only: the words are shaped, no ink is measured and nothing
 * laid out; layout.width is widest_paragraph(). */
static struct text_block *block_new(struct font_set *fs, const char *utf8,
                                    const struct text_style *style, int px, int strike,
                                    int max_width, int reject_h, bool advances_only)
{
    struct text_block *tb = calloc(1, sizeof(*tb));
    struct layout_word *lw = NULL;
    if (!tb)
        return NULL;
    if (strike >= 0 && !font_set_is_bitmap(fs, strike, &px))
        strike = -1;
    tb->px = px;
    tb->strike = strike;
    tb->render = style->render;
    tb->max_width = max_width;
    font_set_set_render(fs, style->render);
    int chain[FONT_CHAIN_MAX];
    int n_chain = font_set_chain_from(fs, style->weight, strike, chain);

    /* Words are the runs between spaces; '\n' forces a break. */
    size_t cap = 16;
    tb->words = calloc(cap, sizeof(*tb->words));
    lw = calloc(cap, sizeof(*lw));
    if (!tb->words || !lw)
        goto fail;
    int newlines = 0;
    for (const char *p = utf8; *p;) {
        if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
            newlines += *p == '\n';
            p++;
            continue;
        }
        size_t len = strcspn(p, " \t\r\n");
        if (tb->n_words == TEXT_MAX_WORDS)
            break;
        if (tb->n_words == cap) {
            cap *= 2;
            struct shape_word *nw = realloc(tb->words, cap * sizeof(*nw));
            if (nw)
                tb->words = nw;
            struct layout_word *nl = realloc(lw, cap * sizeof(*nl));
            if (nl)
                lw = nl;
            if (!nw || !nl)
                goto fail;
        }
        struct shape_word *w = &tb->words[tb->n_words];
        if (!shape_word_glyphs(fs, chain, n_chain, px, p, len, w, tb->missing, TEXT_MAX_MISSING,
                               &tb->n_missing))
            goto fail;
        lw[tb->n_words] = (struct layout_word){
            .advance = w->advance,
            .break_before = newlines > 0 && tb->n_words > 0,
            .blank_lines = tb->n_words > 0 && newlines > 1 ? newlines - 1 : 0,
        };
        tb->n_words++;
        newlines = 0;
        p += len;
    }

    struct font *f = font_get(fs, chain[0], px);
    if (!f)
        goto fail;
    int asc, desc;
    font_vmetrics(f, &asc, &desc);
    struct shape_word space;
    if (!shape_word(fs, chain, n_chain, px, " ", 1, &space, NULL, 0, NULL))
        goto fail;
    struct layout_opts opts = {
        .max_width = max_width,
        .space = space.advance,
        .pitch = asc - desc,
        .min_gap = px / 12 > 1 ? px / 12 : 1,
        .align = style->align,
        .balance = style->balance,
    };
    /* A fixed cell's space is a whole letter wide: words drift apart.
     * Two thirds still separates them clearly. */
    if (strike >= 0)
        opts.space = space.advance * 2 / 3;
    tb->space = opts.space;
    shape_word_finish(&space);
    if (advances_only) {
        tb->layout.width = widest_paragraph(lw, tb->n_words, opts.space);
        free(lw);
        return tb;
    }
    if (reject_h > 0 && cannot_fit(lw, tb->n_words, opts.space, opts.pitch, max_width, reject_h)) {
        tb->layout.overflow = true;
        free(lw);
        return tb;
    }
    for (size_t i = 0; i < tb->n_words; i++) {
        struct shape_word *w = &tb->words[i];
        if (!shape_word_ink(fs, px, w))
            goto fail;
        lw[i].ink_left = w->ink_left;
        lw[i].ink_right = w->ink_right;
        lw[i].ink_top = w->ink_top;
        lw[i].ink_bottom = w->ink_bottom;
    }
    if (!layout_lines(lw, tb->n_words, &opts, &tb->layout))
        goto fail;
    tb->fits = !tb->layout.overflow;
    free(lw);
    return tb;
fail:
    free(lw);
    text_block_free(tb);
    return NULL;
}

struct text_block *text_block_new(struct font_set *fs, const char *utf8,
                                  const struct text_style *style, int px, int max_width)
{
    struct utf8_report rep;
    char *clean = utf8_clean(utf8, strlen(utf8), &rep);
    if (!clean)
        return NULL;
    struct text_block *tb = block_new(fs, clean, style, px, -1, max_width, 0, false);
    if (tb)
        tb->n_invalid = rep.n_invalid + rep.n_controls;
    free(clean);
    return tb;
}

bool text_line_wider_than(struct font_set *fs, const char *utf8, const struct text_style *style,
                          int px, int w)
{
    char *clean = utf8_clean(utf8, strlen(utf8), NULL);
    if (!clean)
        return false;
    struct text_block *tb = block_new(fs, clean, style, px, -1, 1 << 20, 0, true);
    free(clean);
    bool wider = tb && tb->layout.width > w;
    text_block_free(tb);
    return wider;
}

static bool block_fits(const struct text_block *tb, int box_w, int box_h)
{
    return !tb->layout.overflow && tb->layout.width <= box_w && tb->layout.height <= box_h;
}

/* Line height (ascender to descender) of the primary font at px. */
static int line_px(struct font_set *fs, const struct text_style *style, int px)
{
    int chain[FONT_CHAIN_MAX];
    font_set_chain(fs, style->weight, chain);
    struct font *f = font_get(fs, chain[0], px);
    if (!f)
        return px;
    int asc, desc;
    font_vmetrics(f, &asc, &desc);
    return asc - desc;
}

static struct text_block *fit_clean(struct font_set *fs, const char *utf8,
                                    const struct text_style *style, int box_w, int box_h)
{
    int lo = style->min_px, hi = style->max_px;
    struct text_block *best = NULL;
    /* Binary search on measured layouts: fitting is monotonic in size up
     * to hinting noise, and the final answer is re-checked. */
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        struct text_block *tb = block_new(fs, utf8, style, mid, -1, box_w, box_h, false);
        if (!tb)
            break;
        if (block_fits(tb, box_w, box_h)) {
            text_block_free(best);
            best = tb;
            lo = mid + 1;
        } else {
            text_block_free(tb);
            hi = mid - 1;
        }
    }

    /* Small sizes: a bitmap strike keeps every tone mark where outlines
     * blur them. The tallest strike that fits replaces a small outline. */
    if (!style->no_strikes && (!best || line_px(fs, style, best->px) <= TEXT_STRIKE_MAX_LINE_PX)) {
        int strikes[FONT_STRIKES_MAX];
        int n = font_set_strikes(fs, style->weight, strikes);
        for (int i = 0; i < n; i++) {
            int spx;
            if (style->strike_px && font_set_is_bitmap(fs, strikes[i], &spx) &&
                spx != style->strike_px)
                continue;
            struct text_block *tb = block_new(fs, utf8, style, 0, strikes[i], box_w, box_h, false);
            if (tb && block_fits(tb, box_w, box_h)) {
                text_block_free(best);
                best = tb;
                break;
            }
            text_block_free(tb);
        }
    }
    if (best)
        return best;
    best = block_new(fs, utf8, style, style->min_px, -1, box_w, 0, false);
    if (best)
        best->fits = false;
    return best;
}

struct text_block *text_fit(struct font_set *fs, const char *utf8, const struct text_style *style,
                            int box_w, int box_h)
{
    struct utf8_report rep;
    char *clean = utf8_clean(utf8, strlen(utf8), &rep);
    if (!clean)
        return NULL;
    struct text_block *tb = fit_clean(fs, clean, style, box_w, box_h);
    if (tb)
        tb->n_invalid = rep.n_invalid + rep.n_controls;
    free(clean);
    return tb;
}

size_t text_missing_chars(struct font_set *fs, const char *utf8, uint32_t *out, size_t max)
{
    char *clean = utf8_clean(utf8, strlen(utf8), NULL);
    if (!clean)
        return 0;
    /* Every weight shares the fallbacks; Be Vietnam Pro's weights cover
     * the same characters, so the bold chain speaks for all. */
    int chain[FONT_CHAIN_MAX];
    int n_chain = font_set_chain(fs, FONT_BOLD, chain);
    size_t n = 0;
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)clean;
    uint32_t seen[256];
    size_t n_seen = 0;
    while (*p) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t step = utf8proc_iterate(p, -1, &cp);
        if (step <= 0)
            break;
        p += step;
        if (cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r')
            continue;
        bool found = false;
        for (int i = 0; i < n_chain && !found; i++)
            found = font_set_has_char(fs, chain[i], (uint32_t)cp);
        if (found)
            continue;
        bool dup = false;
        for (size_t i = 0; i < n_seen && !dup; i++)
            dup = seen[i] == (uint32_t)cp;
        if (dup)
            continue;
        if (n_seen < sizeof(seen) / sizeof(seen[0]))
            seen[n_seen++] = (uint32_t)cp;
        if (n < max && out)
            out[n] = (uint32_t)cp;
        n++;
    }
    free(clean);
    return n;
}

int text_block_px(const struct text_block *tb)
{
    return tb->px;
}

bool text_block_is_bitmap(const struct text_block *tb)
{
    return tb->strike >= 0;
}

size_t text_block_invalid(const struct text_block *tb)
{
    return tb->n_invalid;
}

int text_block_width(const struct text_block *tb)
{
    return tb->layout.width;
}

int text_block_height(const struct text_block *tb)
{
    return tb->layout.height;
}

size_t text_block_lines(const struct text_block *tb)
{
    return tb->layout.n_lines;
}

bool text_block_line_ink(const struct text_block *tb, size_t i, int *top, int *bottom)
{
    if (i >= tb->layout.n_lines)
        return false;
    const struct layout_line *l = &tb->layout.lines[i];
    *top = l->baseline - l->ink_top;
    *bottom = l->baseline + l->ink_bottom;
    return true;
}

bool text_block_fits(const struct text_block *tb)
{
    return tb->fits;
}

size_t text_block_missing(const struct text_block *tb, const uint32_t **cps)
{
    *cps = tb->missing;
    return tb->n_missing < TEXT_MAX_MISSING ? tb->n_missing : TEXT_MAX_MISSING;
}

void text_block_draw(const struct text_block *tb, struct font_set *fs, struct pixbuf *pb, int x,
                     int y, uint32_t argb)
{
    const struct layout *l = &tb->layout;
    font_set_set_render(fs, tb->render);
    for (size_t i = 0; i < l->n_lines; i++) {
        const struct layout_line *line = &l->lines[i];
        int pen = x + line->x;
        int base = y + line->baseline;
        for (size_t k = line->first; k < line->first + line->count; k++) {
            const struct shape_word *w = &tb->words[k];
            for (size_t g = 0; g < w->n; g++) {
                const struct shape_glyph *sg = &w->glyphs[g];
                struct font *f = font_get(fs, sg->file, tb->px);
                const struct font_glyph *fg = f ? font_glyph(f, sg->id) : NULL;
                if (!fg || !fg->bitmap)
                    continue;
                pixbuf_blend_mask(pb, pen + sg->x + fg->left, base - sg->y - fg->top, fg->bitmap,
                                  fg->width, fg->rows, fg->pitch, argb);
            }
            pen += w->advance + tb->space;
        }
    }
}
