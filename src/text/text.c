/* SPDX-License-Identifier: MIT */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "text/shape.h"
#include "text/utf8.h"
#include "util/dynbuf.h"

#define TEXT_MAX_WORDS   4096
#define TEXT_MAX_MISSING 32

struct text_block {
    int px, max_width;
    int strike; /* file index of the bitmap strike, or -1 */
    int scale;  /* whole-pixel magnification of the strike; 1 for outlines */
    enum font_render render;
    size_t n_invalid;
    int space; /* advance of a space */
    bool fits;
    struct shape_word *words; /* n_words: a view of words_buf */
    size_t n_words;
    struct dynbuf words_buf; /* owned, at most TEXT_MAX_WORDS */
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
    dynbuf_free(&tb->words_buf);
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
                       int box_h, bool no_wrap)
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
        if (i == 0 || lw[i].break_before || (!no_wrap && pen + space + lw[i].advance > max_width)) {
            lines += 1 + (lw[i].blank_lines > 0 ? lw[i].blank_lines : 0);
            pen = lw[i].advance;
        } else {
            pen += space + lw[i].advance;
            if (pen > max_width)
                return true; /* an unwrapped line wider than the box */
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
/* Multiplies a strike-shaped word's positions and ink by scale. */
static void scale_word(struct shape_word *w, int scale)
{
    for (size_t g = 0; g < w->n; g++) {
        w->glyphs[g].x *= scale;
        w->glyphs[g].y *= scale;
    }
    w->advance *= scale;
    w->ink_left *= scale;
    w->ink_right *= scale;
    w->ink_top *= scale;
    w->ink_bottom *= scale;
}

/* One way of setting a text that a fit tries. */
struct attempt {
    int px;        /* em size (outlines) */
    int strike;    /* file index of a bitmap strike, or -1 */
    int scale;     /* the strike's magnification */
    int max_width; /* layout width */
    int reject_h;  /* > 0: give up early when plainly taller than this */
    bool no_wrap;  /* only forced breaks */
    bool advances_only;
};

static struct text_block *block_new(struct font_set *fs, const char *utf8,
                                    const struct text_style *style, const struct attempt *a)
{
    int px = a->px, strike = a->strike, scale = a->scale, max_width = a->max_width;
    int reject_h = a->reject_h;
    bool no_wrap = a->no_wrap, advances_only = a->advances_only;
    struct text_block *tb = calloc(1, sizeof(*tb));
    /* Words and their layout entries grow in step, both capped. */
    struct dynbuf lw_buf;
    dynbuf_init(&lw_buf, TEXT_MAX_WORDS * sizeof(struct layout_word));
    struct layout_word *lw = NULL;
    if (!tb)
        return NULL;
    if (strike >= 0 && !font_set_is_bitmap(fs, strike, &px))
        strike = -1;
    if (strike < 0 || scale < 1)
        scale = 1;
    tb->px = px;
    tb->strike = strike;
    tb->scale = scale;
    tb->render = style->render;
    tb->max_width = max_width;
    font_set_set_render(fs, style->render);
    int chain[FONT_CHAIN_MAX];
    int n_chain = font_set_chain_from(fs, style->weight, strike, chain);

    /* Words are the runs between spaces; '\n' forces a break. */
    dynbuf_init(&tb->words_buf, TEXT_MAX_WORDS * sizeof(struct shape_word));
    if (!dynbuf_reserve(&tb->words_buf, 16 * sizeof(struct shape_word)) ||
        !dynbuf_reserve(&lw_buf, 16 * sizeof(struct layout_word)))
        goto fail;
    tb->words = (struct shape_word *)(void *)dynbuf_mem(&tb->words_buf);
    lw = (struct layout_word *)(void *)dynbuf_mem(&lw_buf);
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
        /* Room first; a word counts once it is shaped. */
        struct shape_word *w =
            (struct shape_word *)(void *)dynbuf_reserve(&tb->words_buf, sizeof(*w));
        if (!w || !dynbuf_reserve(&lw_buf, sizeof(*lw)))
            goto fail;
        tb->words = (struct shape_word *)(void *)dynbuf_mem(&tb->words_buf);
        lw = (struct layout_word *)(void *)dynbuf_mem(&lw_buf);
        if (!shape_word_glyphs(fs, chain, n_chain, px, p, len, w, tb->missing, TEXT_MAX_MISSING,
                               &tb->n_missing))
            goto fail;
        dynbuf_grew(&tb->words_buf, sizeof(*w));
        /* A strike's ink is measured at once (bitmaps: cheap), then the
         * word is magnified. */
        if (strike >= 0) {
            if (!shape_word_ink(fs, px, w)) {
                shape_word_finish(w); /* not counted in n_words yet */
                goto fail;
            }
            scale_word(w, scale);
        }
        struct layout_word entry = {
            .advance = w->advance,
            .break_before = newlines > 0 && tb->n_words > 0,
            .blank_lines = tb->n_words > 0 && newlines > 1 ? newlines - 1 : 0,
        };
        dynbuf_add(&lw_buf, &entry, sizeof(entry)); /* room was reserved above */
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
        .space = space.advance * scale,
        .pitch = (asc - desc) * scale,
        .min_gap = px * scale / 12 > 1 ? px * scale / 12 : 1,
        .align = style->align,
        .balance = style->balance,
        .no_wrap = no_wrap,
    };
    /* A fixed cell's space is a whole letter wide: words drift apart.
     * Two thirds still separates them clearly. A strike's marks sit on
     * the cell's top rows, one pixel from the line above's descenders
     * (the y of "Ngày" over the ể of "Chuyển" reads as one glyph): keep
     * two pixels of the strike between lines. */
    if (strike >= 0) {
        opts.space = space.advance * 2 / 3 * scale;
        opts.min_gap = 2 * scale;
    }
    tb->space = opts.space;
    shape_word_finish(&space);
    if (advances_only) {
        tb->layout.width = widest_paragraph(lw, tb->n_words, opts.space);
        dynbuf_free(&lw_buf);
        return tb;
    }
    if (reject_h > 0 &&
        cannot_fit(lw, tb->n_words, opts.space, opts.pitch, max_width, reject_h, no_wrap)) {
        tb->layout.overflow = true;
        dynbuf_free(&lw_buf);
        return tb;
    }
    for (size_t i = 0; i < tb->n_words; i++) {
        struct shape_word *w = &tb->words[i];
        if (strike < 0 && !shape_word_ink(fs, px, w))
            goto fail;
        lw[i].ink_left = w->ink_left;
        lw[i].ink_right = w->ink_right;
        lw[i].ink_top = w->ink_top;
        lw[i].ink_bottom = w->ink_bottom;
    }
    if (!layout_lines(lw, tb->n_words, &opts, &tb->layout))
        goto fail;
    tb->fits = !tb->layout.overflow;
    dynbuf_free(&lw_buf);
    return tb;
fail:
    dynbuf_free(&lw_buf);
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
    struct attempt a = {.px = px, .strike = -1, .scale = 1, .max_width = max_width};
    struct text_block *tb = block_new(fs, clean, style, &a);
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
    struct attempt a = {
        .px = px, .strike = -1, .scale = 1, .max_width = 1 << 20, .advances_only = true};
    struct text_block *tb = block_new(fs, clean, style, &a);
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

/* The strikes text uses: 10x20 and 9x15. 9x18 draws the hook above of Ể
 * as its acute plus one pixel (Ể and Ế differ by a pixel), so it is left
 * out; tests/test_legible.c checks every pair of letters in the rest. */
static int used_strikes(struct font_set *fs, enum font_weight weight, int out[FONT_STRIKES_MAX])
{
    int all[FONT_STRIKES_MAX], n = font_set_strikes(fs, weight, all), k = 0;
    for (int i = 0; i < n; i++) {
        int px = 0;
        if (font_set_is_bitmap(fs, all[i], &px) && px != 18)
            out[k++] = all[i];
    }
    return k;
}

/* The strikes magnified by whole pixels, tallest first, as far as max_h:
 * 60 (20 x 3), 54 (18 x 3), 45 (15 x 3), 40, 36, 30, 20, 18, 15. */
#define SCALED_MAX 64
static int scaled_strikes(struct font_set *fs, const struct text_style *style, int max_h,
                          int files[SCALED_MAX], int scales[SCALED_MAX])
{
    int strikes[FONT_STRIKES_MAX], n_s = used_strikes(fs, style->weight, strikes);
    int hs[FONT_STRIKES_MAX];
    for (int i = 0; i < n_s; i++)
        if (!font_set_is_bitmap(fs, strikes[i], &hs[i]))
            hs[i] = 1 << 20;
    int n = 0;
    for (int k = max_h / 15; k >= 1 && n < SCALED_MAX; k--)
        for (int i = 0; i < n_s && n < SCALED_MAX; i++) {
            if (style->strike_px && hs[i] != style->strike_px)
                continue;
            if (hs[i] * k > max_h)
                continue;
            /* Magnified, only the tallest strike: 9x15's thin strokes
             * doubled read worse than 10x20's (OCR and eye alike). */
            if (k > 1 && hs[i] < 20)
                continue;
            files[n] = strikes[i];
            scales[n++] = k;
        }
    /* Sort by height, tallest first (insertion: a few dozen entries). */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0; j--) {
            int a = 0, b = 0;
            font_set_is_bitmap(fs, files[j - 1], &a);
            font_set_is_bitmap(fs, files[j], &b);
            if (a * scales[j - 1] >= b * scales[j])
                break;
            int tf = files[j], ts = scales[j];
            files[j] = files[j - 1], scales[j] = scales[j - 1];
            files[j - 1] = tf, scales[j - 1] = ts;
        }
    return n;
}

/* The best setting of utf8 in the box, or NULL when none fits. */
static struct text_block *fit_pass(struct font_set *fs, const char *utf8,
                                   const struct text_style *style, int box_w, int box_h,
                                   bool no_wrap)
{
    struct text_block *best = NULL;
    if (style->strikes_only) {
        int files[SCALED_MAX], scales[SCALED_MAX];
        /* A strike's nominal height counts its cell; the ink (all the
         * box must hold) is often two thirds of it. */
        int max_h = style->max_px < 2 * box_h ? style->max_px : 2 * box_h;
        int n = scaled_strikes(fs, style, max_h < 15 ? 15 : max_h, files, scales);
        for (int i = 0; i < n; i++) {
            struct attempt a = {.strike = files[i],
                                .scale = scales[i],
                                .max_width = box_w,
                                .reject_h = box_h,
                                .no_wrap = no_wrap};
            struct text_block *tb = block_new(fs, utf8, style, &a);
            if (tb && block_fits(tb, box_w, box_h))
                return tb;
            text_block_free(tb);
        }
        return NULL;
    }
    int lo = style->min_px, hi = style->max_px;
    /* Binary search on measured layouts: fitting is monotonic in size up
     * to hinting noise, and the final answer is re-checked. */
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        struct attempt a = {.px = mid,
                            .strike = -1,
                            .scale = 1,
                            .max_width = box_w,
                            .reject_h = box_h,
                            .no_wrap = no_wrap};
        struct text_block *tb = block_new(fs, utf8, style, &a);
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
        int n = used_strikes(fs, style->weight, strikes);
        for (int i = 0; i < n; i++) {
            int spx;
            if (style->strike_px && font_set_is_bitmap(fs, strikes[i], &spx) &&
                spx != style->strike_px)
                continue;
            struct attempt a = {.strike = strikes[i],
                                .scale = 1,
                                .max_width = box_w,
                                .reject_h = box_h,
                                .no_wrap = no_wrap};
            struct text_block *tb = block_new(fs, utf8, style, &a);
            if (tb && block_fits(tb, box_w, box_h)) {
                text_block_free(best);
                best = tb;
                break;
            }
            text_block_free(tb);
        }
    }
    return best;
}

static struct text_block *fit_clean(struct font_set *fs, const char *utf8,
                                    const struct text_style *style, int box_w, int box_h)
{
    struct text_block *best = NULL;
    /* The staff's own lines first: wrapping them is the last resort. */
    if (style->keep_lines && strchr(utf8, '\n'))
        best = fit_pass(fs, utf8, style, box_w, box_h, true);
    if (!best)
        best = fit_pass(fs, utf8, style, box_w, box_h, false);
    if (best) {
        best->fits = true;
        return best;
    }
    struct attempt a = {.px = style->min_px, .strike = -1, .scale = 1, .max_width = box_w};
    if (style->strikes_only) {
        int strikes[FONT_STRIKES_MAX];
        int n = used_strikes(fs, style->weight, strikes);
        if (n > 0)
            a.strike = strikes[n - 1]; /* the smallest */
    }
    best = block_new(fs, utf8, style, &a);
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
    return tb->px * tb->scale;
}

int text_block_baseline(const struct text_block *tb)
{
    return tb->layout.n_lines ? tb->layout.lines[0].baseline : 0;
}

int text_block_scale(const struct text_block *tb)
{
    return tb->scale;
}

void text_block_ink_x(const struct text_block *tb, int *x0, int *x1)
{
    bool any = false;
    *x0 = 0, *x1 = 0;
    for (size_t i = 0; i < tb->layout.n_lines; i++) {
        const struct layout_line *l = &tb->layout.lines[i];
        if (l->count == 0)
            continue;
        int a = l->x + l->ink_left, b = l->x + l->ink_right;
        *x0 = !any || a < *x0 ? a : *x0;
        *x1 = !any || b > *x1 ? b : *x1;
        any = true;
    }
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

/* A strike's glyph magnified by whole pixels: each coverage value
 * becomes a scale x scale square. */
static void blend_scaled(struct pixbuf *pb, int x, int y, const struct font_glyph *g, int scale,
                         uint32_t argb)
{
    int w = g->width * scale, h = g->rows * scale;
    uint8_t *m = malloc((size_t)w * (size_t)h);
    if (!m)
        return;
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++)
            m[(size_t)r * (size_t)w + (size_t)c] =
                g->bitmap[(size_t)(r / scale) * (size_t)g->pitch + (size_t)(c / scale)];
    pixbuf_blend_mask(pb, x, y, m, w, h, w, argb);
    free(m);
}

void text_block_draw(const struct text_block *tb, struct font_set *fs, struct pixbuf *pb, int x,
                     int y, uint32_t argb)
{
    int s = tb->scale;
    const struct layout *l = &tb->layout;
    font_set_set_render(fs, tb->render);
    /* Ink may reach past a word's advance (overhangs, stacked marks): a
     * word further than this outside the picture has none in it. Skipping
     * those keeps a ticker strip drawn tile by tile linear in its text. */
    int reach = 2 * tb->px * (s > 1 ? s : 1);
    for (size_t i = 0; i < l->n_lines; i++) {
        const struct layout_line *line = &l->lines[i];
        int pen = x + line->x;
        int base = y + line->baseline;
        for (size_t k = line->first; k < line->first + line->count; k++) {
            const struct shape_word *w = &tb->words[k];
            if (pen > pb->w + reach)
                break; /* pens only move right */
            if (pen + w->advance < -reach) {
                pen += w->advance + tb->space;
                continue;
            }
            struct font *f = NULL;
            int f_file = -1;
            for (size_t g = 0; g < w->n; g++) {
                const struct shape_glyph *sg = &w->glyphs[g];
                if (sg->file != f_file) { /* a word is mostly one font */
                    f = font_get(fs, sg->file, tb->px);
                    f_file = sg->file;
                }
                const struct font_glyph *fg = f ? font_glyph(f, sg->id) : NULL;
                if (!fg || !fg->bitmap)
                    continue;
                if (s > 1)
                    blend_scaled(pb, pen + sg->x + fg->left * s, base - sg->y - fg->top * s, fg, s,
                                 argb);
                else
                    pixbuf_blend_mask(pb, pen + sg->x + fg->left, base - sg->y - fg->top,
                                      fg->bitmap, fg->width, fg->rows, fg->pitch, argb);
            }
            pen += w->advance + tb->space;
        }
    }
}
