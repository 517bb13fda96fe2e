/* SPDX-License-Identifier: MIT */
/* Image decoding straight into the slide's format, shrunk while
 * decoding: real PNG and JPEG files written by SDL_image and ImageMagick. */

#include <SDL.h>
#include <SDL_image.h>
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"
#include "playlist/imghdr.h"
#include "slides/imgdecode.h"

static char dir[256];

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/bangtin-test-imgdecode-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

static void teardown(void)
{
    char cmd[PATH_MAX + 16];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
}

static const char *path_of(const char *name)
{
    static char p[PATH_MAX]; /* test helper: one path at a time */
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    return p;
}

/* Left half (ARGB) left, right half right; saved as PNG (with alpha when
 * a colour is not opaque) or JPEG. */
static void write_halves(const char *name, int w, int h, uint32_t left, uint32_t right)
{
    SDL_Surface *s = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
    ck_assert_ptr_nonnull(s);
    for (int y = 0; y < h; y++) {
        uint32_t *row = (uint32_t *)((uint8_t *)s->pixels + (size_t)y * s->pitch);
        for (int x = 0; x < w; x++)
            row[x] = x < w / 2 ? left : right;
    }
    const char *p = path_of(name);
    if (strstr(name, ".jpg"))
        ck_assert_int_eq(IMG_SaveJPG(s, p, 95), 0);
    else
        ck_assert_int_eq(IMG_SavePNG(s, p), 0);
    SDL_FreeSurface(s);
}

static int chan_diff(uint32_t a, uint32_t b)
{
    int m = 0;
    for (int sh = 0; sh < 32; sh += 8) {
        int d = abs((int)((a >> sh) & 0xff) - (int)((b >> sh) & 0xff));
        m = d > m ? d : m;
    }
    return m;
}

static uint32_t at(const struct pixbuf *pb, int x, int y)
{
    return pb->px[(size_t)y * pb->stride + x];
}

START_TEST(factor_table)
{
    static const struct {
        unsigned w, h;
        int dw, dh;
        bool cover;
        size_t budget;
        int k;
    } cases[] = {
        {300, 300, 1920, 1080, false, 4u << 20, 1},   /* enlarged: decoded whole */
        {1920, 1080, 1920, 1080, false, 4u << 20, 1}, /* made for the board */
        {4000, 3000, 1920, 1080, false, 4u << 20, 2}, /* 12 Mpx: the 4 Mpx budget's k = 2 */
        {8192, 8192, 1920, 1080, false, 4u << 20, 5}, /* 0.13 */
        {8192, 8192, 1920, 1080, true, 4u << 20, 4},  /* the budget: ceil(sqrt(16)) */
        {8192, 8192, 192, 64, false, 1u << 20, 85},   /* a small LED board */
        {100000, 2, 10, 10, false, 1u << 20, 2},      /* never past the short side */
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct imgdecode_req r = {cases[i].dw, cases[i].dh, cases[i].cover, cases[i].budget};
        ck_assert_msg(imgdecode_factor(cases[i].w, cases[i].h, &r) == cases[i].k,
                      "case %zu: factor %d, want %d", i,
                      imgdecode_factor(cases[i].w, cases[i].h, &r), cases[i].k);
    }
    ck_assert_uint_eq(imgdecode_budget(1920, 1080), 2u * 1920 * 1080);
    ck_assert_uint_eq(imgdecode_budget(192, 64), 1024u * 1024u);
}
END_TEST

/* PNG with transparency: straight alpha kept exactly; JPEG: the colours
 * within JPEG's error. Both shrunk by whole blocks to fit a small area. */
START_TEST(decodes_into_argb_and_shrinks)
{
    write_halves("a.png", 400, 200, 0x80ff0000u, 0xff0000ffu);
    write_halves("a.jpg", 400, 200, 0xffff0000u, 0xff0000ffu);
    struct imgdecode_req big = {400, 200, false, 1u << 20};
    struct imgdecode_req small = {100, 50, false, 1u << 20};
    char why[256];
    struct pixbuf *pb = imgdecode_load(path_of("a.png"), &big, why, sizeof(why));
    ck_assert_msg(pb != NULL, "%s", why);
    ck_assert_int_eq(pb->w, 400);
    ck_assert_int_eq(pb->h, 200);
    ck_assert_uint_eq(at(pb, 10, 10), 0x80ff0000u);
    ck_assert_uint_eq(at(pb, 390, 190), 0xff0000ffu);
    pixbuf_free(pb);
    pb = imgdecode_load(path_of("a.png"), &small, why, sizeof(why));
    ck_assert_msg(pb != NULL, "%s", why);
    ck_assert_int_eq(pb->w, 400 / 2); /* 0.25 of the size: k = 2 keeps it within 3x */
    ck_assert_uint_eq(at(pb, 10, 10), 0x80ff0000u);
    ck_assert_uint_eq(at(pb, pb->w - 1, pb->h - 1), 0xff0000ffu);
    pixbuf_free(pb);
    pb = imgdecode_load(path_of("a.jpg"), &small, why, sizeof(why));
    ck_assert_msg(pb != NULL, "%s", why);
    ck_assert_int_eq(pb->w, 200); /* the decoder's 1/2 scale */
    ck_assert_int_lt(chan_diff(at(pb, 10, 10), 0xffff0000u), 16);
    ck_assert_int_lt(chan_diff(at(pb, pb->w - 10, 10), 0xff0000ffu), 16);
    pixbuf_free(pb);
}
END_TEST

/* The budget holds whatever the area asks: a 12 Mpx photo covering a
 * 4000x3000 area with a 1 Mpx budget decodes to at most 1 Mpx. */
START_TEST(budget_caps_decoded_pixels)
{
    write_halves("p.jpg", 4000, 3000, 0xff00ff00u, 0xffffffffu);
    write_halves("p.png", 4000, 3000, 0xff00ff00u, 0xffffffffu);
    struct imgdecode_req r = {4000, 3000, true, 1u << 20};
    const char *files[] = {"p.jpg", "p.png"};
    for (int i = 0; i < 2; i++) {
        char why[256];
        struct pixbuf *pb = imgdecode_load(path_of(files[i]), &r, why, sizeof(why));
        ck_assert_msg(pb != NULL, "%s: %s", files[i], why);
        ck_assert_msg((size_t)pb->w * pb->h <= r.budget_px, "%s: %dx%d", files[i], pb->w, pb->h);
        ck_assert_int_ge(pb->w, 900);
        ck_assert_int_lt(chan_diff(at(pb, 5, 5), 0xff00ff00u), 16);
        ck_assert_int_lt(chan_diff(at(pb, pb->w - 5, 5), 0xffffffffu), 16);
        pixbuf_free(pb);
    }
}
END_TEST

/* Grey, paletted and interlaced PNGs (as other tools write them) come out
 * as the same picture. */
START_TEST(png_kinds_decode_alike)
{
    write_halves("src.png", 64, 32, 0xff336699u, 0xffffcc00u);
    static const char *const kinds[][2] = {
        {"-interlace PNG", "inter.png"},
        {"-type Palette", "pal.png"},
        {"-depth 16", "deep.png"},
    };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        char cmd[4 * PATH_MAX];
        char src[PATH_MAX];
        snprintf(src, sizeof(src), "%s", path_of("src.png"));
        snprintf(cmd, sizeof(cmd), "convert '%s' %s '%s' 2>/dev/null", src, kinds[i][0],
                 path_of(kinds[i][1]));
        ck_assert_int_eq(system(cmd), 0);
        struct imgdecode_req r = {64, 32, false, 1u << 20};
        char why[256];
        struct pixbuf *pb = imgdecode_load(path_of(kinds[i][1]), &r, why, sizeof(why));
        ck_assert_msg(pb != NULL, "%s: %s", kinds[i][1], why);
        ck_assert_int_eq(pb->w, 64);
        ck_assert_msg(chan_diff(at(pb, 3, 3), 0xff336699u) <= 1, "%s: %08x", kinds[i][1],
                      at(pb, 3, 3));
        ck_assert_msg(chan_diff(at(pb, 60, 30), 0xffffcc00u) <= 1, "%s", kinds[i][1]);
        pixbuf_free(pb);
    }
    /* Grey: the same grey in every channel. */
    char cmd[4 * PATH_MAX];
    char src[PATH_MAX];
    snprintf(src, sizeof(src), "%s", path_of("src.png"));
    snprintf(cmd, sizeof(cmd), "convert '%s' -colorspace Gray '%s'", src, path_of("grey.png"));
    ck_assert_int_eq(system(cmd), 0);
    struct imgdecode_req r = {64, 32, false, 1u << 20};
    char why[256];
    struct pixbuf *pb = imgdecode_load(path_of("grey.png"), &r, why, sizeof(why));
    ck_assert_msg(pb != NULL, "%s", why);
    uint32_t g = at(pb, 3, 3);
    ck_assert_uint_eq(g >> 24, 0xff);
    ck_assert_uint_eq((g >> 16) & 0xff, g & 0xff);
    ck_assert_uint_eq((g >> 8) & 0xff, g & 0xff);
    pixbuf_free(pb);
}
END_TEST

/* Over the limits `check` applies, or broken: refused with a reason, no
 * pixel decoded. */
START_TEST(refused_with_reason)
{
    /* A 16384x16384 PNG's header (signature, IHDR), nothing after it. */
    static const unsigned char huge_png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0,
                                             13,   'I', 'H', 'D', 'R',  0,    0,    0x40, 0, 0, 0,
                                             0x40, 0,   8,   2,   0,    0,    0,    0,    0, 0, 0};
    FILE *f = fopen(path_of("huge.png"), "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(huge_png, 1, sizeof(huge_png), f), sizeof(huge_png));
    fclose(f);
    write_halves("cut.jpg", 300, 300, 0xff00ff00u, 0xffffffffu);
    ck_assert_int_eq(truncate(path_of("cut.jpg"), 40), 0);
    f = fopen(path_of("text.png"), "wb");
    ck_assert_ptr_nonnull(f);
    fputs("not a picture", f);
    fclose(f);
    static const struct {
        const char *file, *why;
    } cases[] = {
        {"huge.png", "too large"},
        {"cut.jpg", ""},
        {"text.png", ""},
        {"missing.png", ""},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct imgdecode_req r = {1920, 1080, false, 4u << 20};
        char why[256] = "";
        struct pixbuf *pb = imgdecode_load(path_of(cases[i].file), &r, why, sizeof(why));
        ck_assert_msg(pb == NULL, "%s decoded", cases[i].file);
        ck_assert_msg(why[0] && strstr(why, cases[i].why), "%s: '%s'", cases[i].file, why);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("imgdecode");
    TCase *tc = tcase_create("decode");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, factor_table);
    tcase_add_test(tc, decodes_into_argb_and_shrinks);
    tcase_add_test(tc, budget_caps_decoded_pixels);
    tcase_add_test(tc, png_kinds_decode_alike);
    tcase_add_test(tc, refused_with_reason);
    suite_add_tcase(s, tc);
    return fixture_run(s);
}
