/* In-process figures for the benchmark (tests/bench/bench.sh): playlist
 * parse + validation time, and text layout throughput on long
 * Vietnamese paragraphs at 1080p. Built only with -Dbench=true; never
 * part of `meson test`.
 *
 * Usage: bench-core playlist FILE REPEAT
 *        bench-core layout SECONDS
 * Prints one line of "key=value" pairs. */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "playlist/playlist.h"
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

int main(int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "playlist") == 0)
        return bench_playlist(argv[2], atoi(argv[3]));
    if (argc == 3 && strcmp(argv[1], "layout") == 0)
        return bench_layout(atof(argv[2]));
    fprintf(stderr, "usage: bench-core playlist FILE REPEAT | bench-core layout SECONDS\n");
    return 2;
}
