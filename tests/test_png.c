/* SPDX-License-Identifier: MIT */
/* The PNG files `render` writes: valid (read back by libpng, pixel for
 * pixel), reasonably small for slides, through pngenc.c for slides and
 * libpng for photo-like pictures. */

#include <check.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fixture.h"
#include "slides/png.h"
#include "slides/pngenc.h"

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/bangtin-test-png-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[300];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static uint32_t rnd(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

enum kind { SLIDE, NOISE, STRIPES };

/* A slide: background, blocks of "text" (runs of anti-aliased-like
 * colours), a bar; noise: every pixel random; stripes: columns. */
static struct pixbuf *make(int w, int h, enum kind k, uint32_t seed)
{
    struct pixbuf *pb = pixbuf_new(w, h);
    ck_assert_ptr_nonnull(pb);
    pixbuf_fill(pb, 0, 0, w, h, 0xffa50000u);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t *p = &pb->px[(size_t)y * pb->stride + x];
            if (k == NOISE)
                *p = 0xff000000u | (rnd(&seed) & 0xffffffu);
            else if (k == STRIPES)
                *p = (x / 3) % 2 ? 0xff102030u : 0xffffde00u;
            else if (y % 16 < 9 && x % 40 < 22 && (rnd(&seed) & 63) == 0)
                *p = 0xff000000u | (rnd(&seed) & 0xffffffu);
        }
    if (k == SLIDE && h > 4)
        pixbuf_fill(pb, w / 4, h - 3, w / 2, 2, 0xffffde00u);
    return pb;
}

/* Reads path back with libpng's simplified API: exactly pb's pixels? */
static void assert_same(const char *path, const struct pixbuf *pb)
{
    png_image img;
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    ck_assert_msg(png_image_begin_read_from_file(&img, path), "%s: %s", path, img.message);
    ck_assert_uint_eq(img.width, (unsigned)pb->w);
    ck_assert_uint_eq(img.height, (unsigned)pb->h);
    img.format = PNG_FORMAT_RGB;
    size_t n = PNG_IMAGE_SIZE(img);
    uint8_t *buf = malloc(n);
    ck_assert_ptr_nonnull(buf);
    ck_assert_msg(png_image_finish_read(&img, NULL, buf, 0, NULL), "%s: %s", path, img.message);
    for (int y = 0; y < pb->h; y++)
        for (int x = 0; x < pb->w; x++) {
            uint32_t p = pb->px[(size_t)y * pb->stride + x];
            const uint8_t *q = buf + ((size_t)y * pb->w + x) * 3;
            ck_assert_msg(q[0] == (uint8_t)(p >> 16) && q[1] == (uint8_t)(p >> 8) &&
                              q[2] == (uint8_t)p,
                          "%s: pixel %d,%d is %02x%02x%02x, drawn %06x", path, x, y, q[0], q[1],
                          q[2], p & 0xffffff);
        }
    free(buf);
    png_image_free(&img);
}

static long file_size(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return (long)st.st_size;
}

static const struct {
    int w, h;
    enum kind kind;
} cases[] = {
    {1, 1, SLIDE},     {2, 3, NOISE},     {7, 5, STRIPES},    {333, 17, SLIDE},
    {1920, 40, SLIDE}, {1920, 40, NOISE}, {640, 64, STRIPES}, {10923, 3, SLIDE}, /* > window */
    {192, 64, SLIDE},  {4, 300, NOISE},
};

/* Both writers, every shape: libpng reads back the drawn pixels. */
START_TEST(written_files_read_back_exactly)
{
    int i = _i;
    struct pixbuf *pb = make(cases[i].w, cases[i].h, cases[i].kind, 0x9e3779b9u + (uint32_t)i);
    char path[300];
    snprintf(path, sizeof(path), "%s/own-%d.png", dir, i);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert(pngenc_write(pb, f));
    ck_assert_int_eq(fclose(f), 0);
    assert_same(path, pb);
    snprintf(path, sizeof(path), "%s/lib-%d.png", dir, i);
    ck_assert(png_write_opts(pb, path, &png_fast_opts));
    assert_same(path, pb);
    snprintf(path, sizeof(path), "%s/render-%d.png", dir, i);
    ck_assert(png_write(pb, path));
    assert_same(path, pb);
    pixbuf_free(pb);
}
END_TEST

/* A slide goes through pngenc and stays small; noise goes to libpng
 * (fixed codes would only make it bigger). */
START_TEST(slides_small_photos_to_libpng)
{
    struct pixbuf *slide = make(1920, 1080, SLIDE, 7), *noise = make(640, 360, NOISE, 7);
    ck_assert(pngenc_literal_share(slide) < 0.05);
    ck_assert(pngenc_literal_share(noise) > 0.5);
    char a[300], b[300];
    snprintf(a, sizeof(a), "%s/slide.png", dir);
    snprintf(b, sizeof(b), "%s/slide-lib.png", dir);
    ck_assert(png_write(slide, a));
    ck_assert(png_write_opts(slide, b, &png_fast_opts));
    long own = file_size(a), lib = file_size(b), raw = 1920L * 1080 * 3;
    ck_assert_msg(own < raw / 20, "slide PNG %ld bytes of %ld raw", own, raw);
    ck_assert_msg(own < lib * 2, "slide PNG %ld bytes, libpng's %ld", own, lib);
    snprintf(a, sizeof(a), "%s/noise.png", dir);
    snprintf(b, sizeof(b), "%s/noise-lib.png", dir);
    ck_assert(png_write(noise, a));
    ck_assert(png_write_opts(noise, b, &png_fast_opts));
    ck_assert_int_eq(file_size(a), file_size(b)); /* the same writer */
    pixbuf_free(slide);
    pixbuf_free(noise);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("png");
    TCase *tc = tcase_create("write");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, written_files_read_back_exactly, 0,
                        (int)(sizeof(cases) / sizeof(cases[0])));
    tcase_add_test(tc, slides_small_photos_to_libpng);
    suite_add_tcase(s, tc);
    return fixture_run(s);
}
