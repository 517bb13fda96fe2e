/* stats: an infographic drawn from data — a big figure per row and, where
 * the row has a max, a bar of value against max. */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/slide.h"
#include "text/numfmt.h"
#include "text/text.h"

static uint32_t mix(uint32_t a, uint32_t b, int pct)
{
    uint32_t r = 0xff000000u;
    for (int s = 0; s <= 16; s += 8) {
        unsigned ca = (a >> s) & 0xff, cb = (b >> s) & 0xff;
        r |= ((ca * (100u - (unsigned)pct) + cb * (unsigned)pct) / 100u) << s;
    }
    return r;
}

/* Fits s in the box and draws it (pb NULL: only measures); clears *fits
 * when it does not fit at the smallest size. */
static int fit_draw(struct font_set *fs, struct pixbuf *pb, const char *s, enum font_weight weight,
                    enum layout_align align, int x, int y, int w, int h, uint32_t argb, bool *fits)
{
    struct text_style st = {.weight = weight, .align = align, .min_px = 6, .max_px = h};
    struct text_block *tb = text_fit(fs, s, &st, w, h);
    if (!tb) {
        *fits = false;
        return 0;
    }
    int th = text_block_height(tb);
    if (!text_block_fits(tb))
        *fits = false;
    if (pb)
        text_block_draw(tb, fs, pb, x, y + (h - th) / 2, argb);
    text_block_free(tb);
    return th;
}

/* "86%" or "7.412 hồ sơ": a unit that is a symbol sticks to the number. */
static void format_value(const struct pl_stat_row *row, char *buf, size_t n)
{
    char num[64];
    numfmt_vi(row->value, 1, num, sizeof(num));
    const char *u = row->unit ? row->unit : "";
    bool symbol = strcmp(u, "%") == 0 || strcmp(u, "‰") == 0 || strcmp(u, "°C") == 0;
    snprintf(buf, n, "%s%s%s", num, *u && !symbol ? " " : "", u);
}

/* Lays the slide out in sw x sh, drawing into pb unless it is NULL. */
static bool stats_layout(const struct pl_item *item, struct font_set *fs, int sw, int sh,
                         struct pixbuf *pb, bool *fits)
{
    int m = slide_margin(sw, sh);
    int x = m, y = m, w = sw - 2 * m, h = sh - 2 * m;
    uint32_t fg = slide_argb(item->color), bg = slide_argb(item->background);

    if (item->title && *item->title) {
        int th = fit_draw(fs, pb, item->title, FONT_BOLD, LAYOUT_CENTER, x, y, w, h / 6, fg, fits);
        y += th + m;
        h -= th + m;
    }
    if (item->n_rows == 0)
        return true;
    int row_h = h / (int)item->n_rows;
    for (size_t i = 0; i < item->n_rows; i++) {
        const struct pl_stat_row *row = &item->rows[i];
        int ry = y + (int)i * row_h;
        int text_h = row->has_max ? row_h * 55 / 100 : row_h * 80 / 100;
        char value[96];
        format_value(row, value, sizeof(value));
        /* Figure on the right, label on the left, as infographics read. */
        fit_draw(fs, pb, value, FONT_EXTRABOLD, LAYOUT_RIGHT, x + w * 62 / 100, ry, w * 38 / 100,
                 text_h, fg, fits);
        fit_draw(fs, pb, row->label, FONT_SEMIBOLD, LAYOUT_LEFT, x, ry, w * 58 / 100, text_h,
                 0xffffffffu, fits);
        if (pb && row->has_max && row->max > 0) {
            int bar_y = ry + text_h + row_h * 8 / 100;
            int bar_h = row_h * 20 / 100 > 1 ? row_h * 20 / 100 : 1;
            double frac = row->value / row->max;
            frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
            pixbuf_fill(pb, x, bar_y, w, bar_h, mix(bg, 0xff000000u, 35));
            pixbuf_fill(pb, x, bar_y, (int)lround(w * frac), bar_h, fg);
        }
    }
    return true;
}

bool slide_stats_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out)
{
    bool fits = true;
    return stats_layout(item, env->fonts, env->w, env->h, out->pb, &fits);
}

bool slide_stats_fits(struct font_set *fs, const struct pl_item *item, int w, int h)
{
    bool fits = true;
    return stats_layout(item, fs, w, h, NULL, &fits) && fits;
}
