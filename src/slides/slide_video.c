/* SPDX-License-Identifier: MIT */
/* video: a clip's still. The clip itself plays on the display, picture by
 * picture, over this slide (src/app wires src/media to src/display); the
 * slide is what a fade shows and what `render` writes: the background,
 * and the first picture once the media layer has decoded it. Also what an
 * animated image is drawn with once its first picture is decoded. Pure
 * pixels: this file opens no file. */

#include "slides/draw.h"
#include "slides/type.h"

static bool video_draw(const struct pl_item *item, const struct slide_env *env,
                       struct slide_frame *out)
{
    (void)item;
    if (env->frame)
        pixbuf_copy(out->pb, env->frame_x, env->frame_y, env->frame);
    return true;
}

const struct slide_type slide_type_video = {.type = PL_VIDEO, .name = "video", .draw = video_draw};
