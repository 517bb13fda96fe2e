#include "slides/scene.h"

#include <stdlib.h>

struct scene {
    struct font_set *fonts;    /* borrowed */
    const struct playlist *pl; /* borrowed */
    int w, h;
    int ticker_h;
    struct marquee *ticker;      /* owned, NULL without a ticker */
    struct slide_images *images; /* owned: the playlist's pictures kept */
};

int scene_ticker_band(int h)
{
    /* About a twelfth of the board, and never under 16 px, the height
     * at which a bitmap strike still carries every tone mark. */
    int th = h * 8 / 100;
    if (th < 16)
        th = h / 4 < 16 ? h / 4 : 16;
    return th;
}

struct scene *scene_new(struct font_set *fs, const struct playlist *pl, int w, int h)
{
    struct scene *sc = calloc(1, sizeof(*sc));
    if (!sc)
        return NULL;
    sc->fonts = fs;
    sc->pl = pl;
    sc->w = w;
    sc->h = h;
    if (!(sc->images = slide_images_new())) {
        free(sc);
        return NULL;
    }
    if (pl && pl->has_ticker && pl->ticker_text && *pl->ticker_text) {
        int th = scene_ticker_band(h);
        sc->ticker =
            marquee_new(fs, pl->ticker_text, FONT_SEMIBOLD, th, slide_argb(pl->color),
                        slide_mix(slide_argb(pl->background), 0xff000000u, 45), pl->ticker_speed);
        if (sc->ticker)
            sc->ticker_h = th;
    }
    return sc;
}

void scene_free(struct scene *sc)
{
    if (!sc)
        return;
    marquee_free(sc->ticker);
    slide_images_free(sc->images);
    free(sc);
}

int scene_ticker_height(const struct scene *sc)
{
    return sc->ticker_h;
}

const struct marquee *scene_ticker(const struct scene *sc)
{
    return sc->ticker;
}

struct slide_env scene_slide_env(const struct scene *sc, time_t now, bool clock_valid)
{
    return (struct slide_env){
        .fonts = sc->fonts,
        .pl = sc->pl,
        .now = now,
        .clock_valid = clock_valid,
        .w = sc->w,
        .h = sc->h - sc->ticker_h,
        .images = sc->images,
    };
}

struct pixbuf *scene_still(struct scene *sc, const struct pl_item *item, time_t now,
                           bool clock_valid, int ticker_offset)
{
    struct slide_env env = scene_slide_env(sc, now, clock_valid);
    struct slide_frame frame;
    struct pixbuf *pb = pixbuf_new(sc->w, sc->h);
    if (!pb || !slide_draw(item, &env, &frame)) {
        pixbuf_free(pb);
        return NULL;
    }
    pixbuf_copy(pb, 0, 0, frame.pb);
    if (sc->ticker)
        marquee_draw(sc->ticker, pb, env.h, ticker_offset);
    slide_frame_finish(&frame);
    return pb;
}
