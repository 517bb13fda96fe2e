/* SPDX-License-Identifier: MIT */
#include "text/shape.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int pick_font(struct font_set *fs, const int *chain, int n_chain, uint32_t cp, int prev)
{
    /* Combining marks stay with their base's font when it has them, so
     * HarfBuzz can position them against it. */
    utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
    if (prev >= 0 && (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME) &&
        font_set_has_char(fs, prev, cp))
        return prev;
    for (int i = 0; i < n_chain; i++)
        if (font_set_has_char(fs, chain[i], cp))
            return chain[i];
    return -1;
}

static bool append_run(struct font_set *fs, int file, int px, const char *utf8, size_t len,
                       struct shape_word *w, int *pen)
{
    struct font *f = font_get(fs, file, px);
    if (!f)
        return false;
    hb_buffer_t *buf = hb_buffer_create();
    hb_buffer_add_utf8(buf, utf8, (int)len, 0, (int)len);
    hb_buffer_set_direction(buf, HB_DIRECTION_LTR);
    hb_buffer_set_script(buf, HB_SCRIPT_LATIN);
    hb_buffer_set_language(buf, hb_language_from_string("vi", -1));
    hb_shape(font_hb(f), buf, NULL, 0);
    unsigned n = 0;
    const hb_glyph_info_t *info = hb_buffer_get_glyph_infos(buf, &n);
    const hb_glyph_position_t *pos = hb_buffer_get_glyph_positions(buf, NULL);
    char *room = dynbuf_reserve(&w->glyph_buf, (size_t)n * sizeof(struct shape_glyph));
    if (!room) {
        hb_buffer_destroy(buf);
        return false;
    }
    dynbuf_grew(&w->glyph_buf, (size_t)n * sizeof(struct shape_glyph));
    w->glyphs = (struct shape_glyph *)(void *)dynbuf_mem(&w->glyph_buf);
    for (unsigned i = 0; i < n; i++) {
        /* Positions stay in 26.6 until here; rounding once per glyph keeps
         * glyphs on whole pixels (crisp on LED boards). */
        struct shape_glyph *sg = &w->glyphs[w->n++];
        sg->file = file;
        sg->id = info[i].codepoint;
        sg->x = (*pen + pos[i].x_offset + 32) >> 6;
        sg->y = (pos[i].y_offset + 32) >> 6;
        *pen += pos[i].x_advance;
    }
    hb_buffer_destroy(buf);
    return true;
}

bool shape_word_glyphs(struct font_set *fs, const int *chain, int n_chain, int px, const char *utf8,
                       size_t len, struct shape_word *out, uint32_t *missing, size_t max_missing,
                       size_t *n_missing)
{
    memset(out, 0, sizeof(*out));
    /* A code point is at least a byte and shapes to a few glyphs at most. */
    dynbuf_init(&out->glyph_buf, (4 * len + 16) * sizeof(struct shape_glyph));
    int pen = 0; /* 26.6 */
    size_t run_start = 0;
    int run_font = -1;
    size_t i = 0;
    /* Split into runs of one font each; drop what no font draws. */
    while (i <= len) {
        utf8proc_int32_t cp = 0;
        utf8proc_ssize_t step = 0;
        int file = -1;
        if (i < len) {
            step = utf8proc_iterate((const utf8proc_uint8_t *)utf8 + i, (utf8proc_ssize_t)(len - i),
                                    &cp);
            if (step <= 0)
                step = 1, cp = 0xfffd;
            file = pick_font(fs, chain, n_chain, (uint32_t)cp, run_font);
        }
        if (i == len || file != run_font) {
            if (run_font >= 0 && i > run_start &&
                !append_run(fs, run_font, px, utf8 + run_start, i - run_start, out, &pen))
                goto fail;
            if (i == len)
                break;
            run_start = i;
            run_font = file;
        }
        if (file < 0) {
            if (n_missing) {
                if (*n_missing < max_missing && missing)
                    missing[*n_missing] = (uint32_t)cp;
                (*n_missing)++;
            }
            run_start = i + (size_t)step;
        }
        i += (size_t)step;
    }
    out->advance = (pen + 32) >> 6;
    return true;
fail:
    shape_word_finish(out);
    return false;
}

bool shape_word_ink(struct font_set *fs, int px, struct shape_word *out)
{
    bool any = false;
    for (size_t k = 0; k < out->n; k++) {
        struct font *f = font_get(fs, out->glyphs[k].file, px);
        const struct font_glyph *g = f ? font_glyph_metrics(f, out->glyphs[k].id) : NULL;
        if (!g)
            return false;
        if (g->width == 0 || g->rows == 0)
            continue;
        int l = out->glyphs[k].x + g->left, r = l + g->width;
        int t = out->glyphs[k].y + g->top, b = g->rows - t;
        if (!any || l < out->ink_left)
            out->ink_left = l;
        if (!any || r > out->ink_right)
            out->ink_right = r;
        if (!any || t > out->ink_top)
            out->ink_top = t;
        if (!any || b > out->ink_bottom)
            out->ink_bottom = b;
        any = true;
    }
    return true;
}

bool shape_word(struct font_set *fs, const int *chain, int n_chain, int px, const char *utf8,
                size_t len, struct shape_word *out, uint32_t *missing, size_t max_missing,
                size_t *n_missing)
{
    if (!shape_word_glyphs(fs, chain, n_chain, px, utf8, len, out, missing, max_missing, n_missing))
        return false;
    if (shape_word_ink(fs, px, out))
        return true;
    shape_word_finish(out);
    return false;
}

void shape_word_finish(struct shape_word *w)
{
    dynbuf_free(&w->glyph_buf);
    memset(w, 0, sizeof(*w));
}
