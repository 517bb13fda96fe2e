/* SPDX-License-Identifier: MIT */
#include "slides/scene.h"

#include <stdlib.h>

#include "slides/draw.h"

struct scene {
    struct font_set *fonts;    /* borrowed */
    const struct playlist *pl; /* borrowed */
    int w, h;
    int ticker_h;
    int safe_area;               /* percent of each side kept clear (TV overscan) */
    int text_max_px;             /* the playlist's size scale (slide_scale_px) */
    struct marquee *ticker;      /* owned, NULL without a ticker */
    struct slide_images *images; /* owned: the playlist's pictures kept */
    const struct pixbuf *frame;  /* borrowed, may be NULL: scene_set_frame */
    int frame_x, frame_y;
};

static void rescale(struct scene *sc);

int scene_ticker_band(int h)
{
    /* A twelfth of the board, and never under 16 px, the height at which
     * the smallest bitmap strike still carries every tone mark (so on a
     * 64-pixel board it is a quarter: no smaller band is legible). */
    int th = h * 8 / 100;
    if (th < 16)
        th = h / 4 < 16 ? h / 4 : 16;
    return th;
}

uint32_t scene_ticker_fg(const struct playlist *pl)
{
    return slide_argb(pl->color);
}

uint32_t scene_ticker_bg(const struct playlist *pl)
{
    return slide_band_color(slide_argb(pl->background), slide_argb(pl->color));
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
        /* The band in the slides' typeface (bitmap strikes on a small
         * board), its text a pixel or two inside the band. */
        struct slide_env env = {.fonts = fs, .w = w, .h = h - th};
        struct text_style st = slide_style(&env, FONT_SEMIBOLD, LAYOUT_LEFT, 1, th);
        sc->ticker = marquee_new(fs, pl->ticker_text, &st, th, scene_ticker_fg(pl),
                                 scene_ticker_bg(pl), pl->ticker_speed);
        if (sc->ticker)
            sc->ticker_h = th;
    }
    rescale(sc);
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
        .h = sc->ticker_h ? scene_ticker_y(sc) : sc->h,
        .images = sc->images,
        .safe_x = sc->w * sc->safe_area / 100,
        .safe_y = sc->h * sc->safe_area / 100,
        .text_max_px = sc->text_max_px,
        .frame = sc->frame,
        .frame_x = sc->frame_x,
        .frame_y = sc->frame_y,
    };
}

void scene_set_frame(struct scene *sc, const struct pixbuf *frame, int x, int y)
{
    sc->frame = frame;
    sc->frame_x = x;
    sc->frame_y = y;
}

/* The playlist's size scale, measured in the slide area as it now is. */
static void rescale(struct scene *sc)
{
    sc->text_max_px = 0;
    struct slide_env env = scene_slide_env(sc, 0, false);
    sc->text_max_px = slide_scale_px(sc->pl, &env);
}

void scene_set_safe_area(struct scene *sc, int pct)
{
    sc->safe_area = pct < 0 ? 0 : pct > 25 ? 25 : pct;
    rescale(sc);
}

int scene_ticker_y(const struct scene *sc)
{
    /* Inside the safe area too: an overscanning TV crops the bottom. */
    return sc->h - sc->ticker_h - sc->h * sc->safe_area / 100;
}

bool scene_shows_ticker(const struct scene *sc, const struct pl_item *item)
{
    return sc->ticker && (!item || item->ticker);
}

struct slide_env scene_item_env(const struct scene *sc, const struct pl_item *item, time_t now,
                                bool clock_valid)
{
    struct slide_env env = scene_slide_env(sc, now, clock_valid);
    if (!scene_shows_ticker(sc, item))
        env.h = sc->h; /* the safe margin is kept by the slide's own margins */
    return env;
}

struct pixbuf *scene_still(struct scene *sc, const struct pl_item *item, time_t now,
                           bool clock_valid, int ticker_offset)
{
    struct slide_env env = scene_item_env(sc, item, now, clock_valid);
    struct slide_frame frame;
    if (!slide_draw(item, &env, &frame))
        return NULL;
    /* One board-sized buffer: the slide's rows become the top of the
     * still and the ticker is drawn below them. */
    struct pixbuf *pb = frame.pb;
    frame.pb = NULL;
    if (pb->w != sc->w || !pixbuf_extend(pb, sc->h)) {
        pixbuf_free(pb);
        slide_frame_finish(&frame);
        return NULL;
    }
    if (scene_shows_ticker(sc, item)) {
        int ty = scene_ticker_y(sc);
        /* What overscan hides below the band: the band's colour. */
        pixbuf_fill(pb, 0, ty + sc->ticker_h, sc->w, sc->h - ty - sc->ticker_h,
                    scene_ticker_bg(sc->pl));
        marquee_draw(sc->ticker, pb, ty, ticker_offset);
    }
    slide_frame_finish(&frame);
    return pb;
}
