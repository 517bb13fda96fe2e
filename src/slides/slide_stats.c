/* stats: an infographic drawn from data — a big figure per row and, where
 * the row has a max, a bar of value against max. Labels share one size,
 * figures another, so the rows read as one table rather than a ransom
 * note of separately fitted lines. */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "slides/slide.h"
#include "text/text.h"
#include "vn/numfmt.h"

#define WHITE    0xffffffffu
#define ROWS_MAX 16

/* "86%" or "7.412 người": a unit that is a symbol sticks to the number. */
static void format_value(const struct pl_stat_row *row, char *buf, size_t n)
{
    char num[64];
    numfmt_vi(row->value, 1, num, sizeof(num));
    const char *u = row->unit ? row->unit : "";
    bool symbol = strcmp(u, "%") == 0 || strcmp(u, "‰") == 0 || strcmp(u, "°C") == 0;
    snprintf(buf, n, "%s%s%s", num, *u && !symbol ? " " : "", u);
}

/* The largest px at which every string fits its w x h box. */
static int common_px(const struct slide_env *env, const char *const *s, size_t n,
                     enum font_weight wt, bool wrap, int w, int h, bool *fits)
{
    int px = h;
    for (size_t i = 0; i < n; i++) {
        struct text_style st = {.weight = wt, .align = LAYOUT_LEFT, .min_px = 7, .max_px = px};
        /* A label may wrap only when asked; else one line, as wide as w. */
        struct text_block *tb = text_fit(env->fonts, s[i], &st, wrap ? w : 1 << 20, h);
        if (!tb)
            return 0;
        int got = text_block_px(tb);
        if (!text_block_fits(tb))
            *fits = false;
        if (!wrap)
            while (got > 7 && text_block_width(tb) > w) {
                text_block_free(tb);
                /* Sizes whose advances alone are too wide are passed
                 * over without measuring ink: the same size is found. */
                while (--got > 7 && text_line_wider_than(env->fonts, s[i], &st, got, w))
                    ;
                tb = text_block_new(env->fonts, s[i], &st, got, 1 << 20);
                if (!tb)
                    return 0;
            }
        if (text_block_width(tb) > w)
            *fits = false;
        text_block_free(tb);
        if (got < px)
            px = got;
    }
    return px;
}

/* Draws s at px in the box, vertically centred. Returns the ink width. */
static int draw_at(const struct slide_env *env, struct pixbuf *pb, const char *s,
                   enum font_weight wt, enum layout_align align, int px, int x, int y, int w, int h,
                   uint32_t argb)
{
    if (!pb)
        return 0;
    struct text_style st = {.weight = wt, .align = align, .min_px = px, .max_px = px};
    struct text_block *tb = text_block_new(env->fonts, s, &st, px, w);
    if (!tb)
        return 0;
    int iw = text_block_width(tb);
    text_block_draw(tb, env->fonts, pb, x, y + (h - text_block_height(tb)) / 2, argb);
    text_block_free(tb);
    return iw;
}

static void draw_bar(struct pixbuf *pb, const struct pl_stat_row *row, int x, int y, int w, int h,
                     uint32_t fg, uint32_t bg)
{
    if (!pb || !row->has_max || row->max <= 0 || h <= 0)
        return;
    double frac = row->value / row->max;
    frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
    pixbuf_fill(pb, x, y, w, h, slide_mix(bg, 0xff000000u, 35));
    pixbuf_fill(pb, x, y, (int)lround(w * frac), h, fg);
}

/* Lays the slide out and draws it into pb, or only measures when pb is
 * NULL (`check`'s [too-long]); *fits is cleared when some text does not
 * fit its box even at the smallest size. */
static bool stats_layout(const struct pl_item *item, const struct slide_env *env, struct pixbuf *pb,
                         bool *fits)
{
    bool compact = slide_compact(env);
    int m = slide_margin(env->w, env->h);
    int x = m, y = m, w = env->w - 2 * m, h = env->h - 2 * m;
    uint32_t fg = slide_argb(item->color), bg = slide_argb(item->background);
    size_t n = item->n_rows < ROWS_MAX ? item->n_rows : ROWS_MAX;

    /* A small board keeps its few lines for the figures; one row alone
     * leaves room for the title. */
    if (item->title && *item->title && (!compact || n <= 1)) {
        int tbox = compact ? h * 40 / 100 : h / 6;
        int th = 0;
        if (pb) {
            th = slide_put(env, pb, item->title, FONT_BOLD, LAYOUT_CENTER, x, y, w, tbox, fg);
        } else {
            struct text_style ts = {.weight = FONT_BOLD, .min_px = 6, .max_px = tbox};
            struct text_block *tb = text_fit(env->fonts, item->title, &ts, w, tbox);
            if (!tb || !text_block_fits(tb))
                *fits = false;
            th = tb ? text_block_height(tb) : 0;
            text_block_free(tb);
        }
        y += th + m;
        h -= th + m;
    }
    if (n == 0)
        return true;
    const char *labels[ROWS_MAX];
    char values[ROWS_MAX][96];
    const char *vals[ROWS_MAX];
    for (size_t i = 0; i < n; i++) {
        labels[i] = item->rows[i].label ? item->rows[i].label : "";
        format_value(&item->rows[i], values[i], sizeof(values[i]));
        vals[i] = values[i];
    }
    int row_h = h / (int)n;

    if (compact) {
        /* One line a row: the figure in a column on the left, the label
         * beside it, a thin bar along the row's foot. */
        int bar_h = row_h >= 14 ? (row_h / 8 > 1 ? row_h / 8 : 1) : 0;
        int text_h = row_h - bar_h - (bar_h ? 1 : 0);
        int vpx = common_px(env, vals, n, FONT_EXTRABOLD, false, w * 55 / 100, text_h, fits);
        int col = 0;
        for (size_t i = 0; i < n; i++) {
            struct text_style st = {.weight = FONT_EXTRABOLD, .min_px = vpx, .max_px = vpx};
            struct text_block *tb = text_block_new(env->fonts, vals[i], &st, vpx, 1 << 20);
            if (tb && text_block_width(tb) > col)
                col = text_block_width(tb);
            text_block_free(tb);
        }
        int gap = m * 2, lw = w - col - gap;
        int lpx = common_px(env, labels, n, FONT_SEMIBOLD, true, lw, text_h, fits);
        for (size_t i = 0; i < n; i++) {
            int ry = y + (int)i * row_h;
            draw_at(env, pb, vals[i], FONT_EXTRABOLD, LAYOUT_RIGHT, vpx, x, ry, col, text_h, fg);
            draw_at(env, pb, labels[i], FONT_SEMIBOLD, LAYOUT_LEFT, lpx, x + col + gap, ry, lw,
                    text_h, WHITE);
            draw_bar(pb, &item->rows[i], x, ry + row_h - bar_h, w, bar_h, fg, bg);
        }
        return true;
    }

    bool any_bar = false;
    for (size_t i = 0; i < n; i++)
        any_bar |= item->rows[i].has_max && item->rows[i].max > 0;
    int text_h = any_bar ? row_h * 55 / 100 : row_h * 80 / 100;
    int vw = w * 40 / 100, lw = w * 56 / 100;
    int vpx = common_px(env, vals, n, FONT_EXTRABOLD, false, vw, text_h, fits);
    /* Labels a little smaller than the figures: the figure is the news. */
    int lmax = text_h * 60 / 100;
    int lpx = common_px(env, labels, n, FONT_SEMIBOLD, true, lw, lmax > 7 ? lmax : 7, fits);
    for (size_t i = 0; i < n; i++) {
        int ry = y + (int)i * row_h;
        /* Figure on the right, label on the left, as infographics read. */
        draw_at(env, pb, vals[i], FONT_EXTRABOLD, LAYOUT_RIGHT, vpx, x + w - vw, ry, vw, text_h,
                fg);
        draw_at(env, pb, labels[i], FONT_SEMIBOLD, LAYOUT_LEFT, lpx, x, ry, lw, text_h, WHITE);
        int bar_h = row_h * 18 / 100 > 1 ? row_h * 18 / 100 : 1;
        draw_bar(pb, &item->rows[i], x, ry + text_h + row_h * 8 / 100, w, bar_h, fg, bg);
    }
    return true;
}

bool slide_stats_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out)
{
    bool fits = true;
    return stats_layout(item, env, out->pb, &fits);
}

bool slide_stats_fits(struct font_set *fs, const struct pl_item *item, int w, int h)
{
    struct slide_env env = {.fonts = fs, .w = w, .h = h};
    bool fits = true;
    return stats_layout(item, &env, NULL, &fits) && fits;
}
