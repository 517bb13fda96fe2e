/* SPDX-License-Identifier: MIT */
/* In-process figures for the benchmark (tests/bench/bench.sh): playlist
 * parse + validation time, and text layout throughput on long
 * Vietnamese paragraphs at 1080p. Built only with -Dbench=true; never
 * part of `meson test`.
 *
 * Usage: bench-core playlist FILE REPEAT
 *        bench-core layout SECONDS
 *        bench-core png PLAYLIST OUT_DIR   (every encoder choice on item 1)
 *        bench-core ticker KB              (building the ticker strip)
 *        bench-core wrap KB                (breaking a paragraph into lines)
 * Prints one line of "key=value" pairs. */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <png.h>
#include <zlib.h>

#include "playlist/playlist.h"
#include "slides/marquee.h"
#include "slides/png.h"
#include "slides/pngenc.h"
#include "slides/scene.h"
#include "text/font.h"
#include "text/text.h"
#include "util/diag.h"
#include "util/paths.h"
#include "util/pixbuf.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process: the machine may be shared, and a figure
 * that is only ours stays comparable when other work steals the cores. */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int bench_playlist(const char *file, int repeat)
{
    double t[64];
    if (repeat < 1 || repeat > 64)
        repeat = 5;
    size_t items = 0;
    for (int i = 0; i < repeat; i++) {
        struct diag_list *diags = diag_list_new();
        double t0 = now_s();
        struct playlist *pl = playlist_load(file, diags);
        t[i] = now_s() - t0;
        if (!pl) {
            diag_print_all(diags, stderr);
            diag_list_free(diags);
            return 1;
        }
        items = pl->n_items;
        playlist_free(pl);
        diag_list_free(diags);
    }
    qsort(t, (size_t)repeat, sizeof(t[0]), cmp_double);
    printf("items=%zu parse_ms=%.2f\n", items, t[repeat / 2] * 1000.0);
    return 0;
}

/* Long paragraphs as offices post them: resolutions, notices. */
static const char *const paragraphs[] = {
    "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số là đột phá quan trọng hàng đầu, là "
    "động lực chính để phát triển nhanh lực lượng sản xuất hiện đại, hoàn thiện quan hệ sản "
    "xuất, đổi mới phương thức quản trị quốc gia, phát triển kinh tế - xã hội",
    "Người dân thực hiện thủ tục hành chính trên Cổng Dịch vụ công quốc gia, không phải đến trụ "
    "sở; cài đặt và kích hoạt tài khoản định danh điện tử VNeID mức độ 2 tại Công an phường, "
    "thanh toán không dùng tiền mặt khi nộp phí, lệ phí",
    "Ủy ban nhân dân phường thông báo lịch tiếp công dân định kỳ vào sáng thứ Năm hằng tuần tại "
    "Bộ phận Một cửa; mọi ý kiến phản ánh, kiến nghị xin gửi qua ứng dụng hoặc đường dây nóng "
    "của phường để được giải quyết kịp thời, đúng quy định",
    "Hưởng ứng Ngày Chuyển đổi số quốc gia mười tháng mười, mỗi hộ gia đình có ít nhất một "
    "người biết sử dụng dịch vụ công trực tuyến, mỗi người dân có danh tính số, mỗi doanh "
    "nghiệp nhỏ và vừa ứng dụng nền tảng số trong sản xuất, kinh doanh",
};

static int bench_layout(double seconds)
{
    char font_dir[PATH_MAX];
    struct font_set *fs;
    if (!paths_data_file(font_dir, sizeof(font_dir), "fonts") || !(fs = font_set_load(font_dir)))
        return 1;
    /* The text slide's box at 1920x1080 with a ticker: margins of 4 %
     * of the short side, 8 % of the height for the ticker. */
    int m = 1080 * 4 / 100, box_w = 1920 - 2 * m, box_h = 1080 - 1080 * 8 / 100 - 2 * m;
    struct text_style st = {.weight = FONT_BOLD,
                            .align = LAYOUT_CENTER,
                            .min_px = 1080 / 24,
                            .max_px = box_h,
                            .balance = true};
    struct pixbuf *pb = pixbuf_new(1920, 1080);
    if (!pb)
        return 1;
    size_t n_par = sizeof(paragraphs) / sizeof(paragraphs[0]);
    /* Layout only (what `check` does per item), then fit + draw (what a
     * slide change does), each for the given time. */
    long fits = 0, draws = 0;
    double t0 = now_s(), first = 0, t_fit, t_draw;
    while ((t_fit = now_s() - t0) < seconds) {
        struct text_block *tb = text_fit(fs, paragraphs[fits % n_par], &st, box_w, box_h);
        if (!tb)
            return 1;
        text_block_free(tb);
        if (fits++ == 0)
            first = now_s() - t0;
    }
    t0 = now_s();
    while ((t_draw = now_s() - t0) < seconds) {
        struct text_block *tb = text_fit(fs, paragraphs[draws % n_par], &st, box_w, box_h);
        if (!tb)
            return 1;
        pixbuf_fill(pb, 0, 0, pb->w, pb->h, 0xffa50000u);
        text_block_draw(tb, fs, pb, m, m, 0xffffde00u);
        text_block_free(tb);
        draws++;
    }
    printf("first_fit_ms=%.2f fit_per_s=%.1f fit_draw_per_s=%.1f\n", first * 1000.0,
           (double)fits / t_fit, (double)draws / t_draw);
    pixbuf_free(pb);
    font_set_free(fs);
    return 0;
}

static struct font_set *load_fonts(void)
{
    char font_dir[PATH_MAX];
    if (!paths_data_file(font_dir, sizeof(font_dir), "fonts"))
        return NULL;
    return font_set_load(font_dir);
}

/* Every filter x strategy x level worth trying, on item 1 of a playlist
 * drawn at 1920x1080: median encode time of 9 and the file's size. */
static int bench_png(const char *file, const char *out_dir)
{
    struct diag_list *diags = diag_list_new();
    struct playlist *pl = playlist_load(file, diags);
    diag_list_free(diags);
    struct font_set *fs = load_fonts();
    struct scene *sc = pl && fs ? scene_new(fs, pl, 1920, 1080) : NULL;
    struct pixbuf *pb = sc && pl->n_items ? scene_still(sc, &pl->items[0], 0, true, 0) : NULL;
    if (!pb)
        return 1;
    static const struct {
        const char *name;
        int v;
    } filters[] = {{"none", PNG_FILTER_NONE},
                   {"sub", PNG_FILTER_SUB},
                   {"up", PNG_FILTER_UP},
                   {"paeth", PNG_FILTER_PAETH},
                   {"adaptive", PNG_ALL_FILTERS}},
      strategies[] = {{"rle", Z_RLE}, {"filtered", Z_FILTERED}, {"default", Z_DEFAULT_STRATEGY}};
    static const int levels[] = {1, 6};
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/bench.png", out_dir);
    for (size_t fi = 0; fi < sizeof(filters) / sizeof(filters[0]); fi++)
        for (size_t si = 0; si < sizeof(strategies) / sizeof(strategies[0]); si++)
            for (size_t li = 0; li < sizeof(levels) / sizeof(levels[0]); li++) {
                struct png_opts o = {filters[fi].v, strategies[si].v, levels[li]};
                double t[9];
                for (int r = 0; r < 9; r++) {
                    double t0 = cpu_s();
                    if (!png_write_opts(pb, path, &o))
                        return 1;
                    t[r] = cpu_s() - t0;
                }
                qsort(t, 9, sizeof(t[0]), cmp_double);
                FILE *f = fopen(path, "rb");
                long size = 0;
                if (f && fseek(f, 0, SEEK_END) == 0)
                    size = ftell(f);
                if (f)
                    fclose(f);
                printf("filter=%s strategy=%s level=%d ms=%.2f bytes=%ld default=0\n",
                       filters[fi].name, strategies[si].name, levels[li], t[4] * 1000.0, size);
            }
    /* What render writes: pngenc.c. */
    double t[9];
    for (int r = 0; r < 9; r++) {
        double t0 = cpu_s();
        if (!png_write(pb, path))
            return 1;
        t[r] = cpu_s() - t0;
    }
    qsort(t, 9, sizeof(t[0]), cmp_double);
    FILE *f = fopen(path, "rb");
    long size = 0;
    if (f && fseek(f, 0, SEEK_END) == 0)
        size = ftell(f);
    if (f)
        fclose(f);
    printf("filter=none strategy=pngenc level=0 ms=%.2f bytes=%ld default=1 literals=%.3f\n",
           t[4] * 1000.0, size, pngenc_literal_share(pb));
    pixbuf_free(pb);
    scene_free(sc);
    font_set_free(fs);
    playlist_free(pl);
    return 0;
}

/* Vietnamese text of about kb kilobytes, whole words. */
static char *text_of(int kb)
{
    size_t want = (size_t)kb * 1024, n = 0;
    char *s = malloc(want + 1024);
    if (!s)
        return NULL;
    for (size_t i = 0; n < want; i++) {
        const char *p = paragraphs[i % (sizeof(paragraphs) / sizeof(paragraphs[0]))];
        n += (size_t)sprintf(s + n, "%s%s", n ? " — " : "", p);
    }
    return s;
}

/* The ticker's strip for a text of kb KB at 1080p (86 px band). */
static int bench_ticker(int kb)
{
    struct font_set *fs = load_fonts();
    char *text = text_of(kb);
    if (!fs || !text)
        return 1;
    /* The ticker's style at 1080p, as scene.c makes it. */
    struct text_style st = {
        .weight = FONT_SEMIBOLD, .align = LAYOUT_LEFT, .min_px = 1, .max_px = 86};
    double t[5];
    int w = 0, h = 0;
    for (int r = 0; r < 5; r++) {
        double t0 = cpu_s();
        struct marquee *m = marquee_new(fs, text, &st, 86, 0xffffde00u, 0xff5a0000u, 90);
        t[r] = cpu_s() - t0;
        if (!m)
            return 1;
        marquee_size(m, &w, &h);
        marquee_free(m);
    }
    qsort(t, 5, sizeof(t[0]), cmp_double);
    printf("bytes=%zu ms=%.2f strip_w=%d\n", strlen(text), t[2] * 1000.0, w);
    free(text);
    font_set_free(fs);
    return 0;
}

/* Line breaking of a paragraph of kb KB at one size (48 px, 1800 px wide). */
static int bench_wrap(int kb)
{
    struct font_set *fs = load_fonts();
    char *text = text_of(kb);
    if (!fs || !text)
        return 1;
    struct text_style st = {
        .weight = FONT_BOLD, .align = LAYOUT_CENTER, .min_px = 48, .max_px = 48};
    double t[5];
    size_t lines = 0;
    for (int r = 0; r < 5; r++) {
        double t0 = cpu_s();
        struct text_block *tb = text_block_new(fs, text, &st, 48, 1800);
        t[r] = cpu_s() - t0;
        if (!tb)
            return 1;
        lines = text_block_lines(tb);
        text_block_free(tb);
    }
    qsort(t, 5, sizeof(t[0]), cmp_double);
    printf("bytes=%zu ms=%.2f lines=%zu\n", strlen(text), t[2] * 1000.0, lines);
    free(text);
    font_set_free(fs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "png") == 0)
        return bench_png(argv[2], argv[3]);
    if (argc == 3 && strcmp(argv[1], "ticker") == 0)
        return bench_ticker(atoi(argv[2]));
    if (argc == 3 && strcmp(argv[1], "wrap") == 0)
        return bench_wrap(atoi(argv[2]));
    if (argc == 4 && strcmp(argv[1], "playlist") == 0)
        return bench_playlist(argv[2], atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "layout") == 0)
        return bench_layout(atof(argv[2]));
    fprintf(stderr, "usage: bench-core playlist FILE REPEAT | layout SECONDS | png PLAYLIST DIR |"
                    " ticker KB | wrap KB\n");
    return 2;
}
