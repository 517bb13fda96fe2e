#include "slides/slide.h"

#include <stdlib.h>

#include "slides/marquee.h"
#include "text/text.h"
#include "util/log.h"

int slide_margin(int w, int h)
{
    /* 4 % of the short side keeps ink off the edge of a TV's overscan and
     * the frame of an LED cabinet, but at least 2 px on tiny boards. */
    int s = w < h ? w : h;
    int m = s * 4 / 100;
    return m < 2 ? 2 : m;
}

bool slide_compact(const struct slide_env *env)
{
    return env->h < SLIDE_COMPACT_H;
}

int slide_put(const struct slide_env *env, struct pixbuf *pb, const char *s,
              enum font_weight weight, enum layout_align align, int x, int y, int w, int h,
              uint32_t argb)
{
    if (w <= 0 || h <= 0 || !s || !*s)
        return 0;
    /* 7 px is the smallest em at which the bundled face keeps its tone
     * marks apart; the fitted size is almost always far above it. */
    struct text_style st = {
        .weight = weight, .align = align, .min_px = 7, .max_px = h, .balance = true};
    struct text_block *tb = text_fit(env->fonts, s, &st, w, h);
    if (!tb)
        return 0;
    int th = text_block_height(tb);
    text_block_draw(tb, env->fonts, pb, x, y + (h - th) / 2, argb);
    text_block_free(tb);
    return th;
}

uint32_t slide_mix(uint32_t a, uint32_t b, int pct)
{
    uint32_t r = 0xff000000u;
    for (int s = 0; s <= 16; s += 8) {
        unsigned ca = (a >> s) & 0xff, cb = (b >> s) & 0xff;
        r |= ((ca * (100u - (unsigned)pct) + cb * (unsigned)pct) / 100u) << s;
    }
    return r;
}

static bool draw_item(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out)
{
    if (env->frame && (item->type == PL_IMAGE || item->type == PL_VIDEO))
        return slide_video_draw(item, env, out);
    switch (item->type) {
    case PL_TEXT:
        return slide_text_draw(item, env, out);
    case PL_IMAGE:
        return slide_image_draw(item, env, out);
    case PL_STATS:
        return slide_stats_draw(item, env, out);
    case PL_COUNTDOWN:
        return slide_countdown_draw(item, env, out);
    case PL_CLOCK:
        return slide_clock_draw(item, env, out);
    case PL_VIDEO:
        return slide_video_draw(item, env, out);
    }
    return false;
}

bool slide_draw(const struct pl_item *item, const struct slide_env *env, struct slide_frame *out)
{
    *out = (struct slide_frame){0};
    out->pb = pixbuf_new(env->w, env->h);
    if (!out->pb)
        return false;
    if (item) {
        pixbuf_fill(out->pb, 0, 0, env->w, env->h, slide_argb(item->background));
        if (draw_item(item, env, out))
            return true;
        log_warn("item '%s' could not be drawn; showing the neutral slide instead", item->id);
        marquee_free(out->marquee);
        out->marquee = NULL;
        out->redraw_at = 0;
    }
    /* A drawer may have replaced the picture (images make it after
     * decoding) and failed before it existed. */
    if (!out->pb && !(out->pb = pixbuf_new(env->w, env->h)))
        return false;
    return slide_neutral_draw(env, out);
}

void slide_frame_finish(struct slide_frame *f)
{
    pixbuf_free(f->pb);
    marquee_free(f->marquee);
    *f = (struct slide_frame){0};
}
