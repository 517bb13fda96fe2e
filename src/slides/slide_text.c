/* text: a fitted slogan with an optional title. */

#include <string.h>

#include "slides/marquee.h"
#include "slides/slide.h"
#include "text/text.h"

/* Below this em size a slogan is not read from across the street; it
 * scrolls instead (and `check` says [too-long]). */
int slide_text_min_px(int w, int h)
{
    int s = h < w ? h : w;
    int px = s / 24;
    return px < 10 ? 10 : px;
}

/* Where everything of a text slide goes: computed once, used both to draw
 * and by `check` ([too-long]), so the two never disagree. */
struct plan {
    int m;                    /* margin */
    int x, y, w, h;           /* body box */
    struct text_block *title; /* owned, may be NULL */
    int title_y, rule_y, rule_h;
    struct text_block *body; /* owned */
};

static void plan_finish(struct plan *p)
{
    text_block_free(p->title);
    text_block_free(p->body);
    *p = (struct plan){0};
}

static bool plan_make(struct font_set *fs, const char *text, const char *title, int sw, int sh,
                      struct plan *p)
{
    *p = (struct plan){0};
    int m = slide_margin(sw, sh);
    p->m = m;
    p->x = m, p->y = m, p->w = sw - 2 * m, p->h = sh - 2 * m;
    int min_px = slide_text_min_px(sw, sh);

    /* A small board spends its few lines on the slogan, not the title. */
    if (title && *title && sh >= SLIDE_COMPACT_H) {
        struct text_style ts = {.weight = FONT_SEMIBOLD,
                                .align = LAYOUT_CENTER,
                                .min_px = 8,
                                .max_px = p->h,
                                .balance = true};
        /* An eighth of the height, but room for a legible line on a
         * 64-pixel board. */
        int th = p->h / 8;
        int small = p->h / 3 < 16 ? p->h / 3 : 16;
        if (th < small)
            th = small;
        p->title = text_fit(fs, title, &ts, p->w, th);
        if (!p->title)
            return false;
        int used = text_block_height(p->title) + m;
        p->title_y = p->y;
        /* A rule under the title, as on printed notices. */
        p->rule_h = p->h / 120 > 1 ? p->h / 120 : 1;
        p->rule_y = p->y + used - m / 2 - p->rule_h / 2;
        p->y += used;
        p->h -= used;
    }

    struct text_style bs = {.weight = FONT_BOLD,
                            .align = LAYOUT_CENTER,
                            .min_px = min_px,
                            .max_px = p->h,
                            .balance = true};
    p->body = text_fit(fs, text ? text : "", &bs, p->w, p->h);
    if (!p->body) {
        plan_finish(p);
        return false;
    }
    return true;
}

bool slide_text_fits(struct font_set *fs, const char *text, const char *title, int w, int h)
{
    struct plan p;
    if (!plan_make(fs, text, title, w, h, &p))
        return false;
    bool ok = text_block_fits(p.body) && (!p.title || text_block_fits(p.title));
    plan_finish(&p);
    return ok;
}

bool slide_text_draw(const struct pl_item *item, const struct slide_env *env,
                     struct slide_frame *out)
{
    uint32_t fg = slide_argb(item->color);
    struct plan p;
    if (!plan_make(env->fonts, item->text, item->title, env->w, env->h, &p))
        return false;
    if (p.title) {
        text_block_draw(p.title, env->fonts, out->pb, p.x, p.title_y, fg);
        pixbuf_fill(out->pb, p.x + p.w / 4, p.rule_y, p.w / 2, p.rule_h, fg);
    }
    if (text_block_fits(p.body)) {
        text_block_draw(p.body, env->fonts, out->pb, p.x,
                        p.y + (p.h - text_block_height(p.body)) / 2, fg);
        plan_finish(&p);
        return true;
    }
    /* Too long for the board at a legible size: one scrolling line. */
    int min_px = slide_text_min_px(env->w, env->h);
    int strip_h = p.h / 2 > min_px * 2 ? p.h / 2 : (p.h < min_px * 2 ? p.h : min_px * 2);
    out->marquee = marquee_new(env->fonts, item->text, FONT_BOLD, strip_h, fg,
                               slide_argb(item->background), 0);
    out->marquee_y = p.y + (p.h - strip_h) / 2;
    if (out->marquee)
        marquee_draw(out->marquee, out->pb, out->marquee_y, 0);
    plan_finish(&p);
    return out->marquee != NULL;
}
