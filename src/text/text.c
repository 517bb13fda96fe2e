#include "text/text.h"

#include <stdlib.h>
#include <string.h>

#include "text/shape.h"

#define TEXT_MAX_WORDS   4096
#define TEXT_MAX_MISSING 32

struct text_block {
    int px, max_width;
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

struct text_block *text_block_new(struct font_set *fs, const char *utf8,
                                  const struct text_style *style, int px, int max_width)
{
    struct text_block *tb = calloc(1, sizeof(*tb));
    struct layout_word *lw = NULL;
    if (!tb)
        return NULL;
    tb->px = px;
    tb->max_width = max_width;
    int chain[FONT_CHAIN_MAX];
    int n_chain = font_set_chain(fs, style->weight, chain);

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
        if (!shape_word(fs, chain, n_chain, px, p, len, w, tb->missing, TEXT_MAX_MISSING,
                        &tb->n_missing))
            goto fail;
        lw[tb->n_words] = (struct layout_word){
            .advance = w->advance,
            .ink_left = w->ink_left,
            .ink_right = w->ink_right,
            .ink_top = w->ink_top,
            .ink_bottom = w->ink_bottom,
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
        .pitch = (asc - desc) * 9 / 10,
        .min_gap = px / 12 > 1 ? px / 12 : 1,
        .align = style->align,
        .balance = style->balance,
    };
    tb->space = space.advance;
    shape_word_finish(&space);
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

struct text_block *text_fit(struct font_set *fs, const char *utf8, const struct text_style *style,
                            int box_w, int box_h)
{
    int lo = style->min_px, hi = style->max_px;
    struct text_block *best = NULL;
    /* Binary search on measured layouts: fitting is monotonic in size up
     * to hinting noise, and the final answer is re-checked. */
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        struct text_block *tb = text_block_new(fs, utf8, style, mid, box_w);
        if (!tb)
            break;
        bool ok = !tb->layout.overflow && tb->layout.width <= box_w && tb->layout.height <= box_h;
        if (ok) {
            text_block_free(best);
            best = tb;
            lo = mid + 1;
        } else {
            text_block_free(tb);
            hi = mid - 1;
        }
    }
    if (best)
        return best;
    best = text_block_new(fs, utf8, style, style->min_px, box_w);
    if (best)
        best->fits = false;
    return best;
}

int text_block_px(const struct text_block *tb)
{
    return tb->px;
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
