/* SPDX-License-Identifier: MIT */
/* The slides, checked by their pixels: images contained (bands in the
 * background colour) or covering (no background), filtered without
 * aliasing, copied exactly at the board's size; stats bars as long as
 * value/max; the ticker band; the neutral slide instead of a broken item;
 * the same picture for the same input. Words are checked by OCR in
 * render_ocr.sh. */

#include <SDL.h>
#include <SDL_image.h>
#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar/clock.h"
#include "display/display.h"
#include "fixture.h"
#include "slides/draw.h"
#include "slides/png.h"
#include "slides/scene.h"
#include "slides/slide.h"
#include "text/font.h"
#include "util/paths.h"

#define BG    0xffa50000u /* the playlists' background below */
#define FG    0xffffde00u
#define GREEN 0xff00a040u

static struct font_set *fonts;
static struct slide_images *images;
static char dir[256];

static void setup(void)
{
    char fd[PATH_MAX];
    ck_assert(paths_data_file(fd, sizeof(fd), "fonts"));
    fonts = font_set_load(fd);
    ck_assert_ptr_nonnull(fonts);
    images = slide_images_new();
    ck_assert_ptr_nonnull(images);
    snprintf(dir, sizeof(dir), "/tmp/bangtin-test-render-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
}

static void teardown(void)
{
    slide_images_free(images);
    font_set_free(fonts);
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

/* A playlist of one item (JSON object text) in the test folder. */
static struct playlist *one_item(const char *item_json, bool ticker)
{
    char json[4096];
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"name\": \"UBND phường Thử\","
             " \"defaults\": {\"background\": \"#a50000\", \"color\": \"#ffde00\"},"
             " %s \"items\": [%s]}",
             ticker ? "\"ticker\": {\"text\": \"Chữ chạy thử nghiệm\"}," : "", item_json);
    struct playlist *pl = playlist_parse(json, strlen(json), "test.json", dir, NULL);
    ck_assert_msg(pl != NULL, "playlist does not parse: %s", json);
    return pl;
}

static struct pixbuf *draw(const struct playlist *pl, int w, int h, time_t now)
{
    struct slide_env env = {.fonts = fonts,
                            .pl = pl,
                            .now = now,
                            .clock_valid = true,
                            .w = w,
                            .h = h,
                            .images = images};
    struct slide_frame f;
    ck_assert(slide_draw(pl ? &pl->items[0] : NULL, &env, &f));
    struct pixbuf *pb = f.pb;
    f.pb = NULL;
    slide_frame_finish(&f);
    return pb;
}

static uint32_t px(const struct pixbuf *pb, int x, int y)
{
    return pb->px[y * pb->stride + x] | 0xff000000u;
}

static int chan_diff(uint32_t a, uint32_t b)
{
    int d = 0;
    for (int s = 0; s <= 16; s += 8) {
        int x = abs((int)((a >> s) & 0xff) - (int)((b >> s) & 0xff));
        d = x > d ? x : d;
    }
    return d;
}

/* Writes a w x h picture filled by f(x, y) as PNG or JPEG into the test folder. */
static void write_image(const char *name, int w, int h, uint32_t (*f)(int, int, int, int))
{
    struct pixbuf *pb = pixbuf_new(w, h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            pb->px[y * pb->stride + x] = f(x, y, w, h);
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    if (strstr(name, ".jpg")) {
        SDL_Surface *s = SDL_CreateRGBSurfaceWithFormatFrom(pb->px, w, h, 32, pb->stride * 4,
                                                            SDL_PIXELFORMAT_ARGB8888);
        ck_assert_ptr_nonnull(s);
        ck_assert_int_eq(IMG_SaveJPG(s, path, 95), 0);
        SDL_FreeSurface(s);
    } else {
        ck_assert(png_write(pb, path));
    }
    pixbuf_free(pb);
}

static uint32_t solid_green(int x, int y, int w, int h)
{
    (void)x, (void)y, (void)w, (void)h;
    return GREEN;
}

/* Top quarter blue, bottom quarter white, middle green: cover must crop
 * the top and bottom of a square picture on a wide board. */
static uint32_t bands(int x, int y, int w, int h)
{
    (void)x, (void)w;
    return y < h / 4 ? 0xff0000ffu : y >= h - h / 4 ? 0xffffffffu : GREEN;
}

static uint32_t stripes(int x, int y, int w, int h)
{
    (void)y, (void)w, (void)h;
    return x % 3 == 0 ? 0xffffffffu : 0xff000000u;
}

static uint32_t checker(int x, int y, int w, int h)
{
    (void)w, (void)h;
    return (x + y) % 2 ? 0xff102030u : 0xfff0e0d0u;
}

struct size {
    int w, h;
};
static const struct size sizes[] = {{1920, 1080}, {384, 192}, {192, 96}, {192, 64}};

/* contain: a square picture on a wide board is pillarboxed: bands of the
 * background colour left and right, the picture in the middle, its
 * height the board's. A wide picture is letterboxed top and bottom. */
START_TEST(image_contain_pillarbox_and_letterbox)
{
    const struct size *s = &sizes[_i];
    for (int pass = 0; pass < 2; pass++) {
        const char *file = pass == 0 ? "square.png" : "square.jpg";
        write_image(file, 300, 300, solid_green);
        char item[256];
        snprintf(item, sizeof(item), "{\"id\": \"a\", \"type\": \"image\", \"src\": \"%s\"}", file);
        struct playlist *pl = one_item(item, false);
        struct pixbuf *pb = draw(pl, s->w, s->h, 0);
        int side = (s->w - s->h) / 2;
        for (int y = 0; y < s->h; y += 1 + s->h / 50) {
            ck_assert_msg(px(pb, side / 2, y) == BG, "%s %dx%d: left band not background at y %d",
                          file, s->w, s->h, y);
            ck_assert_msg(px(pb, s->w - 1 - side / 2, y) == BG, "%s: right band not background",
                          file);
            ck_assert_msg(chan_diff(px(pb, s->w / 2, y), GREEN) < 12,
                          "%s %dx%d: picture missing at centre row %d (%08x)", file, s->w, s->h, y,
                          px(pb, s->w / 2, y));
        }
        /* The picture spans exactly its scaled width (aspect kept). */
        ck_assert(chan_diff(px(pb, side + 2, s->h / 2), GREEN) < 12);
        ck_assert(px(pb, side - 2, s->h / 2) == BG);
        pixbuf_free(pb);
        playlist_free(pl);
        slide_images_clear(images);
    }
    /* Wider than the board: letterbox. */
    write_image("wide.png", 800, 100, solid_green);
    struct playlist *pl =
        one_item("{\"id\": \"a\", \"type\": \"image\", \"src\": \"wide.png\"}", false);
    struct pixbuf *pb = draw(pl, s->w, s->h, 0);
    int ph = s->w / 8, band = (s->h - ph) / 2;
    ck_assert(band > 2);
    ck_assert_uint_eq(px(pb, s->w / 2, band / 2), BG);
    ck_assert_uint_eq(px(pb, s->w / 2, s->h - 1 - band / 2), BG);
    ck_assert_int_lt(chan_diff(px(pb, s->w / 2, s->h / 2), GREEN), 12);
    ck_assert_int_lt(chan_diff(px(pb, 1, s->h / 2), GREEN), 12);
    pixbuf_free(pb);
    playlist_free(pl);
}
END_TEST

/* cover: no background anywhere; the square picture's top and bottom
 * quarters are cropped away on a 16:9 board (the middle, green, fills it). */
START_TEST(image_cover_fills_and_crops_centred)
{
    const struct size *s = &sizes[_i];
    write_image("bands.png", 400, 400, bands);
    struct playlist *pl = one_item(
        "{\"id\": \"a\", \"type\": \"image\", \"src\": \"bands.png\", \"fit\": \"cover\"}", false);
    struct pixbuf *pb = draw(pl, s->w, s->h, 0);
    long background = 0, green = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            background += px(pb, x, y) == BG;
            green += chan_diff(px(pb, x, y), GREEN) < 12;
        }
    ck_assert_int_eq(background, 0);
    /* 16:9 shows the middle 56 % of the square's height: all of it green
     * apart from the edges of the bands on a very wide board. */
    double share = (double)green / ((double)s->w * s->h);
    double visible = (double)s->h / s->w; /* of the square's height */
    double expect = visible <= 0.5 ? 1.0 : 0.5 / visible;
    ck_assert_msg(fabs(share - expect) < 0.03, "%dx%d: green share %.3f, expected %.3f", s->w, s->h,
                  share, expect);
    pixbuf_free(pb);
    playlist_free(pl);
}
END_TEST

/* A picture made for the board's pixels is copied exactly; a picture of
 * one-pixel lines every third pixel shrunk tenfold is an even
 * dark grey (box filtered), not
 * stripes or moiré (what bilinear alone would give). */
START_TEST(image_exact_size_and_downscale_filtering)
{
    write_image("board.png", 192, 64, checker);
    struct playlist *pl =
        one_item("{\"id\": \"a\", \"type\": \"image\", \"src\": \"board.png\"}", false);
    struct pixbuf *pb = draw(pl, 192, 64, 0);
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 192; x++)
            ck_assert_uint_eq(px(pb, x, y), checker(x, y, 0, 0));
    pixbuf_free(pb);
    /* Twice the board's size in each direction: every pixel a 2x2 square. */
    pb = draw(pl, 384, 128, 0);
    for (int y = 0; y < 128; y++)
        for (int x = 0; x < 384; x++)
            ck_assert_uint_eq(px(pb, x, y), checker(x / 2, y / 2, 0, 0));
    pixbuf_free(pb);
    playlist_free(pl);

    write_image("stripes.png", 1920, 640, stripes);
    pl = one_item("{\"id\": \"a\", \"type\": \"image\", \"src\": \"stripes.png\"}", false);
    pb = draw(pl, 192, 64, 0);
    for (int y = 0; y < 64; y++)
        for (int x = 0; x < 192; x++) {
            int g = (int)(px(pb, x, y) & 0xff);
            ck_assert_msg(abs(g - 85) < 20, "aliasing at %d,%d: grey %d", x, y, g);
        }
    pixbuf_free(pb);
    playlist_free(pl);
}
END_TEST

/* Decoded once: a second showing is the same picture even once the file
 * is gone; a changed file is read again. */
START_TEST(image_decoded_once_and_reloaded_when_changed)
{
    write_image("once.png", 300, 300, solid_green);
    struct playlist *pl =
        one_item("{\"id\": \"a\", \"type\": \"image\", \"src\": \"once.png\"}", false);
    struct pixbuf *a = draw(pl, 384, 192, 0);
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/once.png", dir);
    /* Served from the cache: the same pixels. */
    struct pixbuf *b = draw(pl, 384, 192, 0);
    ck_assert_mem_eq(a->px, b->px, (size_t)384 * 192 * 4);
    pixbuf_free(b);
    /* Replaced by another picture (different size on disk): drawn anew. */
    write_image("once.png", 200, 300, bands);
    b = draw(pl, 384, 192, 0);
    ck_assert_int_ne(memcmp(a->px, b->px, (size_t)384 * 192 * 4), 0);
    pixbuf_free(b);
    /* Gone: the neutral slide (in the playlist's colours), never black. */
    ck_assert_int_eq(unlink(path), 0);
    b = draw(pl, 384, 192, 0);
    ck_assert_uint_eq(px(b, 0, 0), BG);
    pixbuf_free(b);
    pixbuf_free(a);
    playlist_free(pl);
}
END_TEST

/* Bars: each bar the layout reports (on whichever page it is) is filled
 * in the item's colour for value/max of its width, the rest its track.
 * Boards too small for bars show every row's figure instead. */
START_TEST(stats_bars_proportional)
{
    const struct size *s = &sizes[_i];
    struct playlist *pl =
        one_item("{\"id\": \"s\", \"type\": \"stats\", \"title\": \"Kết quả\", \"rows\": ["
                 "{\"label\": \"Hồ sơ trực tuyến\", \"value\": 86, \"max\": 100, \"unit\": \"%\"},"
                 "{\"label\": \"Thanh toán\", \"value\": 63.5, \"max\": 100, \"unit\": \"%\"},"
                 "{\"label\": \"VNeID\", \"value\": 7412, \"max\": 9800, \"unit\": \"người\"}]}",
                 false);
    const double want[] = {0.86, 0.635, 7412.0 / 9800.0};
    bool bar_seen[3] = {0}, value_seen[3] = {0};
    time_t t = 0;
    for (int page = 0; page < 6; page++) {
        struct slide_env env = {
            .fonts = fonts, .pl = pl, .now = t, .clock_valid = true, .w = s->w, .h = s->h};
        struct slide_frame f;
        ck_assert(slide_draw(&pl->items[0], &env, &f));
        for (int i = 0; i < f.n_elems; i++) {
            const struct slide_elem *e = &f.elems[i];
            int r;
            if (sscanf(e->field, "rows[%d].value", &r) == 1 && strstr(e->field, "value"))
                value_seen[r] = true;
            if (sscanf(e->field, "rows[%d].bar", &r) != 1 || !strstr(e->field, "bar"))
                continue;
            ck_assert(r >= 0 && r < 3);
            int y = e->y + e->h / 2, run = 0;
            while (run < e->w && px(f.pb, e->x + run, y) == FG)
                run++;
            /* The track continues the bar in another colour to its end. */
            ck_assert_uint_ne(px(f.pb, e->x + e->w - 1, y), BG);
            if (run < e->w)
                ck_assert_uint_ne(px(f.pb, e->x + e->w - 1, y), FG);
            double got = (double)run / e->w;
            ck_assert_msg(fabs(got - want[r]) * e->w <= 1.5,
                          "%dx%d bar %d: %d px of %d (%.3f), want %.3f", s->w, s->h, r, run, e->w,
                          got, want[r]);
            bar_seen[r] = true;
        }
        time_t next = f.redraw_at;
        slide_frame_finish(&f);
        if (next <= t)
            break;
        t = next;
    }
    for (int r = 0; r < 3; r++) {
        ck_assert_msg(value_seen[r], "%dx%d: row %d's figure is not shown", s->w, s->h, r);
        /* TVs and the larger LED boards draw every bar. */
        if (s->h >= 192)
            ck_assert_msg(bar_seen[r], "%dx%d: row %d has no bar", s->w, s->h, r);
    }
    playlist_free(pl);
}
END_TEST

/* The ticker runs along the bottom of every slide in its own band. */
START_TEST(ticker_band_present)
{
    const struct size *s = &sizes[_i];
    struct playlist *pl =
        one_item("{\"id\": \"t\", \"type\": \"text\", \"text\": \"XIN CHÀO\"}", true);
    struct scene *sc = scene_new(fonts, pl, s->w, s->h);
    int th = scene_ticker_height(sc);
    ck_assert_int_ge(th, s->h >= 192 ? s->h * 7 / 100 : 16);
    ck_assert_int_lt(th, s->h / 3);
    struct pixbuf *pb = scene_still(sc, &pl->items[0], 0, true, 0);
    /* The band's background is the darkened slide colour, with text in
     * the item colour; above it, the slide's own background. */
    uint32_t band = px(pb, s->w - 1, s->h - 1);
    ck_assert_uint_ne(band, BG);
    ck_assert_uint_eq(px(pb, s->w - 1, s->h - th - 1), BG);
    long text = 0;
    for (int y = s->h - th; y < s->h; y++)
        for (int x = 0; x < s->w; x++) {
            ck_assert_uint_ne(px(pb, x, y), BG);
            text += px(pb, x, y) == FG;
        }
    ck_assert_int_gt(text, (long)th * s->w / 50);
    pixbuf_free(pb);
    scene_free(sc);
    playlist_free(pl);
}
END_TEST

/* Every slide type: the same input and moment give the same pixels, the
 * slide is never blank (ink in the item colour), nothing is drawn on the
 * margin. */
static const char *const every_type[] = {
    "{\"id\": \"a\", \"type\": \"text\", \"title\": \"Tiêu đề\", \"text\": \"ĐẨY MẠNH CHUYỂN ĐỔI "
    "SỐ\\nVÌ NHÂN DÂN PHỤC VỤ\"}",
    "{\"id\": \"a\", \"type\": \"countdown\", \"event\": \"digital-transformation-day\"}",
    "{\"id\": \"a\", \"type\": \"countdown\", \"event\": \"tet\"}",
    "{\"id\": \"a\", \"type\": \"countdown\", \"date\": \"12-25\", \"label\": \"Giáng sinh\"}",
    "{\"id\": \"a\", \"type\": \"stats\", \"title\": \"T\", \"rows\": [{\"label\": \"Một\", "
    "\"value\": 1, \"max\": 2}]}",
    "{\"id\": \"a\", \"type\": \"clock\"}",
};

START_TEST(every_type_deterministic_and_inked)
{
    time_t at;
    ck_assert(clock_parse_local("2026-10-09T08:00", &at));
    for (size_t t = 0; t < sizeof(every_type) / sizeof(every_type[0]); t++) {
        const struct size *s = &sizes[_i];
        struct playlist *pl = one_item(every_type[t], false);
        struct pixbuf *a = draw(pl, s->w, s->h, at), *b = draw(pl, s->w, s->h, at);
        ck_assert_mem_eq(a->px, b->px, (size_t)s->w * s->h * 4);
        long ink = 0;
        struct slide_env se = {.w = s->w, .h = s->h};
        int m = slide_margin_y(&se);
        for (int y = 0; y < s->h; y++)
            for (int x = 0; x < s->w; x++) {
                uint32_t p = px(a, x, y);
                ink += p == FG;
                if (x < m / 2 || y < m / 2 || x >= s->w - m / 2 || y >= s->h - m / 2)
                    ck_assert_msg(p == BG, "type %zu %dx%d: ink on the margin at %d,%d", t, s->w,
                                  s->h, x, y);
            }
        ck_assert_msg(ink > (long)s->w * s->h / 400, "type %zu %dx%d: almost no ink (%ld)", t, s->w,
                      s->h, ink);
        pixbuf_free(a);
        pixbuf_free(b);
        playlist_free(pl);
    }
}
END_TEST

/* The neutral slide (nothing loaded) is never black and names the board. */
START_TEST(neutral_never_black)
{
    const struct size *s = &sizes[_i];
    struct pixbuf *pb = draw(NULL, s->w, s->h, 1780000000);
    long lit = 0;
    for (int y = 0; y < s->h; y++)
        for (int x = 0; x < s->w; x++)
            lit += (px(pb, x, y) & 0xffffff) != 0;
    ck_assert_int_eq(lit, (long)s->w * s->h);
    pixbuf_free(pb);
}
END_TEST

/* ---- display (software path, dummy driver) ---- */

/* The display lets go of the slide once shown and asks for it again when
 * it must redraw (brightness); a fade mixes and lands exactly. */
START_TEST(display_releases_slide_and_fades_exactly)
{
    struct display_opts o = {.w = 64, .h = 32, .renderer = DISPLAY_RENDERER_SURFACE};
    struct display *d = display_open(&o);
    ck_assert_ptr_nonnull(d);
    ck_assert(display_is_software(d));
    struct pixbuf *pb = fixture_solid(64, 32, 0xffc80000u);
    ck_assert(display_take_slide(d, &pb, 0));
    ck_assert_ptr_null(pb);
    ck_assert(display_frame(d, 0));
    ck_assert_uint_eq(fixture_screen_px(10, 10), 0xffc80000u);
    ck_assert(!display_needs_slide(d));

    /* Dimmed: the display needs the slide again and draws nothing
     * until it has it. */
    display_set_brightness(d, 50);
    ck_assert(display_needs_slide(d));
    ck_assert(display_frame(d, 10));
    ck_assert_uint_eq(fixture_screen_px(10, 10), 0xffc80000u);
    pb = fixture_solid(64, 32, 0xffc80000u);
    ck_assert(display_set_slide(d, pb, 0));
    pixbuf_free(pb);
    ck_assert(display_frame(d, 20));
    ck_assert_uint_eq(fixture_screen_px(10, 10), 0xff640000u);
    ck_assert(!display_needs_slide(d));

    /* A fade from red to green over 100 ms. */
    display_set_brightness(d, 100);
    pb = fixture_solid(64, 32, 0xffc80000u);
    ck_assert(display_take_slide(d, &pb, 0));
    ck_assert(display_frame(d, 30));
    pb = fixture_solid(64, 32, 0xff00c800u);
    ck_assert(display_take_slide(d, &pb, 100));
    ck_assert(display_frame(d, 1000));
    ck_assert(display_animating(d, 1000));
    ck_assert(display_frame(d, 1050));
    uint32_t mid = fixture_screen_px(10, 10);
    ck_assert_uint_gt((mid >> 16) & 0xff, 0x40);
    ck_assert_uint_lt((mid >> 16) & 0xff, 0xa0);
    ck_assert_uint_gt((mid >> 8) & 0xff, 0x40);
    ck_assert(display_frame(d, 1099));
    ck_assert(display_frame(d, 1100));
    ck_assert_uint_eq(fixture_screen_px(10, 10), 0xff00c800u);
    ck_assert(!display_animating(d, 1101));
    ck_assert(!display_needs_slide(d));
    display_close(d);
}
END_TEST

static Suite *render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("slides");
    tcase_add_checked_fixture(tc, setup, teardown);
    int n = (int)(sizeof(sizes) / sizeof(sizes[0]));
    tcase_add_loop_test(tc, image_contain_pillarbox_and_letterbox, 0, n);
    tcase_add_loop_test(tc, image_cover_fills_and_crops_centred, 0, n);
    tcase_add_test(tc, image_exact_size_and_downscale_filtering);
    tcase_add_test(tc, image_decoded_once_and_reloaded_when_changed);
    tcase_add_test(tc, display_releases_slide_and_fades_exactly);
    tcase_add_loop_test(tc, stats_bars_proportional, 0, n);
    tcase_add_loop_test(tc, ticker_band_present, 0, n);
    tcase_add_loop_test(tc, every_type_deterministic_and_inked, 0, n);
    tcase_add_loop_test(tc, neutral_never_black, 0, n);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return fixture_run(render_suite());
}
