/* SPDX-License-Identifier: MIT */
#include "slides/slide.h"

#include <stdlib.h>

#include "slides/draw.h"
#include "slides/marquee.h"
#include "util/log.h"

/* One entry per slide type, each defined in its slide_NAME.c. A new type
 * is a file and a line here. */
extern const struct slide_type slide_type_text, slide_type_image, slide_type_stats,
    slide_type_countdown, slide_type_clock, slide_type_video;
static const struct slide_type *const registry[] = {
    &slide_type_text,      &slide_type_image, &slide_type_stats,
    &slide_type_countdown, &slide_type_clock, &slide_type_video,
};

/* The neutral slide is not a playlist type: nothing selects it by name. */
bool slide_neutral_draw(const struct slide_env *env, struct slide_frame *out);

const struct slide_type *slide_type_find(enum pl_item_type type)
{
    for (size_t i = 0; i < sizeof(registry) / sizeof(registry[0]); i++)
        if (registry[i]->type == type)
            return registry[i];
    return NULL;
}

bool slide_fits(const struct pl_item *item, const struct slide_env *env,
                const struct slide_check *c)
{
    const struct slide_type *t = slide_type_find(item->type);
    return !t || !t->fits || t->fits(item, env, c);
}

int slide_scale_px(const struct playlist *pl, const struct slide_env *env)
{
    int smallest = 0;
    for (size_t i = 0; pl && i < pl->n_items; i++) {
        const struct slide_type *t = slide_type_find(pl->items[i].type);
        int px = t && t->natural_px ? t->natural_px(&pl->items[i], env) : 0;
        if (px > 0 && (smallest == 0 || px < smallest))
            smallest = px;
    }
    return smallest * 4 / 3;
}

bool slide_draw(const struct pl_item *item, const struct slide_env *env, struct slide_frame *out)
{
    *out = (struct slide_frame){0};
    out->pb = pixbuf_new(env->w, env->h);
    if (!out->pb)
        return false;
    if (item) {
        const struct slide_type *t = slide_type_find(item->type);
        /* An animated image, once the media layer has its first picture,
         * is drawn like a clip's still. */
        if (env->frame && item->type == PL_IMAGE)
            t = &slide_type_video;
        pixbuf_fill(out->pb, 0, 0, env->w, env->h, slide_argb(item->background));
        if (t && t->draw(item, env, out))
            return true;
        log_warn("item '%s' could not be drawn; showing the neutral slide instead", item->id);
        marquee_free(out->marquee);
        out->marquee = NULL;
        out->redraw_at = 0;
        out->n_elems = 0;
        out->neutral = true;
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
