/* video: a clip's still. The clip itself plays on the display, picture by
 * picture, over this slide (src/app wires src/media to src/display); the
 * slide is what a fade shows and what `render` writes: the background,
 * and the first picture once the media layer has decoded it. Pure pixels:
 * this file opens no file. An animated image with a decoded picture is
 * drawn by this type too (slide.c). */

#include "slides/draw.h"

static bool draw(const struct pl_item *item, const struct slide_env *env, struct slide_frame *out)
{
    if (env->frame)
        pixbuf_copy(out->pb, env->frame_x, env->frame_y, env->frame);
    return true;
}

const struct slide_type slide_type_video = {
    .type = PL_VIDEO,
    .name = "video",
    .draw = draw,
};
