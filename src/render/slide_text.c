/* text: a fitted slogan with an optional title. */

#include <string.h>

#include "render/marquee.h"
#include "render/slide.h"
#include "text/text.h"

/* Below this em size a slogan is not read from across the street; it
 * scrolls instead (and `check` says [too-long]). */
int slide_text_min_px(int w, int h)
{
    int s = h < w ? h : w;
    int px = s / 24;
    return px < 10 ? 10 : px;
}

bool slide_text_draw(const struct pl_item *item, const struct slide_env *env,
                     struct slide_frame *out)
{
    int m = slide_margin(env->w, env->h);
    int x = m, y = m, w = env->w - 2 * m, h = env->h - 2 * m;
    uint32_t fg = slide_argb(item->color);
    int min_px = slide_text_min_px(env->w, env->h);

    /* A small board spends its few lines on the slogan, not the title. */
    if (item->title && *item->title && !slide_compact(env)) {
        struct text_style ts = {.weight = FONT_SEMIBOLD,
                                .align = LAYOUT_CENTER,
                                .min_px = 8,
                                .max_px = h,
                                .balance = true};
        struct text_block *tb = text_fit(env->fonts, item->title, &ts, w, h / 8);
        if (!tb)
            return false;
        text_block_draw(tb, env->fonts, out->pb, x, y, fg);
        int used = text_block_height(tb) + m;
        text_block_free(tb);
        /* A rule under the title, as on printed notices. */
        int rule = h / 120 > 1 ? h / 120 : 1;
        pixbuf_fill(out->pb, x + w / 4, y + used - m / 2 - rule / 2, w / 2, rule, fg);
        y += used;
        h -= used;
    }

    struct text_style bs = {.weight = FONT_BOLD,
                            .align = LAYOUT_CENTER,
                            .min_px = min_px,
                            .max_px = h,
                            .balance = true};
    struct text_block *tb = text_fit(env->fonts, item->text ? item->text : "", &bs, w, h);
    if (!tb)
        return false;
    if (text_block_fits(tb)) {
        text_block_draw(tb, env->fonts, out->pb, x, y + (h - text_block_height(tb)) / 2, fg);
        text_block_free(tb);
        return true;
    }
    text_block_free(tb);
    /* Too long for the board at a legible size: one scrolling line. */
    int strip_h = h / 2 > min_px * 2 ? h / 2 : (h < min_px * 2 ? h : min_px * 2);
    out->marquee = marquee_new(env->fonts, item->text, FONT_BOLD, strip_h, fg,
                               slide_argb(item->background), 0);
    out->marquee_y = y + (h - strip_h) / 2;
    if (out->marquee)
        marquee_draw(out->marquee, out->pb, out->marquee_y, 0);
    return out->marquee != NULL;
}
