/* SPDX-License-Identifier: MIT */
/* The display's two paths under SDL's dummy driver: which one is taken,
 * and the external frame layer (what a video shows through) on each. */

#include <SDL.h>
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "display/display.h"
#include "fixture.h"

static bool near(uint32_t a, uint32_t b, int tol)
{
    for (int sh = 0; sh < 24; sh += 8) {
        int d = (int)((a >> sh) & 0xff) - (int)((b >> sh) & 0xff);
        if (d > tol || d < -tol)
            return false;
    }
    return true;
}

START_TEST(renderer_names_parse)
{
    static const struct {
        const char *s;
        bool ok;
        enum display_renderer r;
    } cases[] = {
        {"auto", true, DISPLAY_RENDERER_AUTO},       {"gpu", true, DISPLAY_RENDERER_GPU},
        {"surface", true, DISPLAY_RENDERER_SURFACE}, {"GPU", false, DISPLAY_RENDERER_AUTO},
        {"", false, DISPLAY_RENDERER_AUTO},          {"opengl", false, DISPLAY_RENDERER_AUTO},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        enum display_renderer r = DISPLAY_RENDERER_AUTO;
        ck_assert_msg(display_renderer_parse(cases[i].s, &r) == cases[i].ok, "%s", cases[i].s);
        if (cases[i].ok)
            ck_assert_int_eq(r, cases[i].r);
    }
}
END_TEST

/* No GPU here: every choice lands on a path the CPU draws, says so, and
 * paces its own frames (no vsync to wait on). */
START_TEST(no_gpu_takes_the_cpu_paths)
{
    static const struct {
        enum display_renderer r;
        int rotate;
        const char *want;
    } cases[] = {
        {DISPLAY_RENDERER_AUTO, 0, "surface"},
        {DISPLAY_RENDERER_GPU, 0, "surface"},
        {DISPLAY_RENDERER_SURFACE, 0, "surface"},
        {DISPLAY_RENDERER_AUTO, 90, "software renderer"},
        {DISPLAY_RENDERER_SURFACE, 270, "software renderer"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct display_opts o = {
            .w = 64, .h = 32, .renderer = cases[i].r, .rotate = cases[i].rotate};
        struct display *d = display_open(&o);
        ck_assert_ptr_nonnull(d);
        ck_assert_msg(strstr(display_describe(d), cases[i].want), "case %zu: %s", i,
                      display_describe(d));
        ck_assert(display_is_software(d));
        ck_assert(!display_has_vsync(d));
        display_close(d);
    }
}
END_TEST

/* Surface path: an ARGB frame at its rectangle's size shows there, the
 * slide around it; closing the layer shows the slide again. Frames in a
 * format the path cannot take are refused, not shown garbled. */
START_TEST(surface_external_frame)
{
    struct display_opts o = {.w = 64, .h = 32, .renderer = DISPLAY_RENDERER_SURFACE};
    struct display *d = display_open(&o);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(display_ext_formats(d), DISPLAY_EXT_ARGB8888);
    struct pixbuf *pb = fixture_solid(64, 32, 0xffc80000u);
    ck_assert(display_take_slide(d, &pb, 0));
    ck_assert(display_ext_open(d, 16, 8, 20, 10));
    struct pixbuf *fr = fixture_solid(20, 10, 0xff0000c8u);
    struct display_ext_frame f = {.format = DISPLAY_EXT_ARGB8888,
                                  .w = 20,
                                  .h = 10,
                                  .planes = {(const uint8_t *)fr->px},
                                  .pitches = {fr->stride * 4}};
    ck_assert(display_ext_push(d, &f));
    ck_assert(display_frame(d, 0));
    ck_assert_uint_eq(fixture_screen_px(20, 10), 0xff0000c8u);
    ck_assert_uint_eq(fixture_screen_px(35, 17), 0xff0000c8u);
    ck_assert_uint_eq(fixture_screen_px(36, 17), 0xffc80000u);
    ck_assert_uint_eq(fixture_screen_px(2, 2), 0xffc80000u);
    /* A new frame is put without the slide being asked for again. */
    pixbuf_fill(fr, 0, 0, 20, 10, 0xff00c800u);
    ck_assert(display_ext_push(d, &f));
    ck_assert(display_frame(d, 16));
    ck_assert_uint_eq(fixture_screen_px(20, 10), 0xff00c800u);
    f.format = DISPLAY_EXT_IYUV;
    ck_assert(!display_ext_push(d, &f));
    f.format = DISPLAY_EXT_ARGB8888;
    f.w = 19;
    ck_assert(!display_ext_push(d, &f));
    display_ext_close(d);
    ck_assert(display_needs_slide(d));
    pb = fixture_solid(64, 32, 0xffc80000u);
    ck_assert(display_take_slide(d, &pb, 0));
    ck_assert(display_frame(d, 32));
    ck_assert_uint_eq(fixture_screen_px(20, 10), 0xffc80000u);
    pixbuf_free(fr);
    display_close(d);
}
END_TEST

/* Renderer path (SDL's software renderer, turned 180°): YUV planes go in
 * as the decoder leaves them and come out as the colour they encode. */
START_TEST(renderer_external_yuv_frame)
{
    struct display_opts o = {.w = 64, .h = 32, .rotate = 180};
    struct display *d = display_open(&o);
    ck_assert_ptr_nonnull(d);
    ck_assert(display_ext_formats(d) & DISPLAY_EXT_IYUV);
    ck_assert(display_ext_formats(d) & DISPLAY_EXT_NV12);
    struct pixbuf *pb = fixture_solid(64, 32, 0xff000000u);
    ck_assert(display_take_slide(d, &pb, 0));
    /* BT.601 limited range: Y 81, U 90, V 240 is pure red. */
    enum { W = 16, H = 8 };
    uint8_t y[W * H], u[W * H / 4], v[W * H / 4], uv[W * H / 2];
    memset(y, 81, sizeof(y));
    memset(u, 90, sizeof(u));
    memset(v, 240, sizeof(v));
    for (size_t i = 0; i < sizeof(uv); i += 2) {
        uv[i] = 90;
        uv[i + 1] = 240;
    }
    ck_assert(display_ext_open(d, 0, 0, 32, 16));
    struct display_ext_frame f = {.format = DISPLAY_EXT_IYUV,
                                  .w = W,
                                  .h = H,
                                  .planes = {y, u, v},
                                  .pitches = {W, W / 2, W / 2}};
    ck_assert(display_ext_push(d, &f));
    ck_assert(display_frame(d, 0));
    /* Turned 180°: the board's top-left rectangle is the screen's
     * bottom-right. */
    ck_assert_msg(near(fixture_screen_px(63 - 8, 31 - 8), 0xffff0000u, 12), "%08x",
                  fixture_screen_px(63 - 8, 31 - 8));
    ck_assert_uint_eq(fixture_screen_px(4, 4), 0xff000000u);
    struct display_ext_frame nv = {
        .format = DISPLAY_EXT_NV12, .w = W, .h = H, .planes = {y, uv}, .pitches = {W, W}};
    ck_assert(display_ext_push(d, &nv));
    ck_assert(display_frame(d, 16));
    ck_assert(near(fixture_screen_px(63 - 8, 31 - 8), 0xffff0000u, 12));
    display_ext_close(d);
    ck_assert(display_frame(d, 32));
    ck_assert_uint_eq(fixture_screen_px(63 - 8, 31 - 8), 0xff000000u);
    display_close(d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("display");
    TCase *tc = tcase_create("paths");
    tcase_add_test(tc, renderer_names_parse);
    tcase_add_test(tc, no_gpu_takes_the_cpu_paths);
    tcase_add_test(tc, surface_external_frame);
    tcase_add_test(tc, renderer_external_yuv_frame);
    suite_add_tcase(s, tc);
    return fixture_run(s);
}
