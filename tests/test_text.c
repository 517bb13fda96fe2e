/* SPDX-License-Identifier: MIT */
/* The text engine with the real fonts and real Vietnamese: what a passer-by
 * would notice (a lost tone mark, ink cut at the edge, lines colliding,
 * NFD drawn differently, a box for a missing glyph) and the pure layout
 * underneath. */

#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "playlist/playlist.h"
#include "slides/draw.h"
#include "slides/marquee.h"
#include "slides/scene.h"
#include "slides/slide.h"
#include "slides/textcheck.h"
#include "text/font.h"
#include "text/layout.h"
#include "text/text.h"
#include "text/utf8.h"
#include "util/diag.h"
#include "util/pixbuf.h"

#define BG 0xffa50000u
#define FG 0xffffde00u

static struct font_set *fonts;

/* ---- corpus ---- */

#define CORPUS_MAX 64
struct entry {
    char section[32];
    char *text; /* owned, "\n" expanded */
};
static struct entry corpus[CORPUS_MAX];
static size_t n_corpus;

static void load_corpus(void)
{
    if (n_corpus)
        return;
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/data/vi-text-corpus.txt", getenv("BANGTIN_TEST_DIR"));
    FILE *f = fopen(path, "r");
    ck_assert_msg(f, "cannot open %s", path);
    char line[4096], section[32] = "";
    while (fgets(line, sizeof(line), f)) {
        line[strcspn(line, "\n")] = '\0';
        if (strncmp(line, "## ", 3) == 0) {
            snprintf(section, sizeof(section), "%.31s", line + 3);
            continue;
        }
        if (!*line || line[0] == '#')
            continue;
        ck_assert_uint_lt(n_corpus, CORPUS_MAX);
        char *t = malloc(strlen(line) + 1), *o = t;
        for (const char *p = line; *p; p++) {
            if (p[0] == '\\' && p[1] == 'n') {
                *o++ = '\n';
                p++;
            } else {
                *o++ = *p;
            }
        }
        *o = '\0';
        memcpy(corpus[n_corpus].section, section, sizeof(section));
        corpus[n_corpus++].text = t;
    }
    fclose(f);
    ck_assert_uint_gt(n_corpus, 20);
}

static const char *corpus_get(const char *section, int k)
{
    load_corpus();
    for (size_t i = 0; i < n_corpus; i++)
        if (strcmp(corpus[i].section, section) == 0 && k-- == 0)
            return corpus[i].text;
    return NULL;
}

static void setup(void)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%s/fonts", getenv("BANGTIN_DATA_DIR"));
    fonts = font_set_load(dir);
    ck_assert_ptr_nonnull(fonts);
    load_corpus();
}

static void teardown(void)
{
    font_set_free(fonts);
    fonts = NULL;
}

static char *nfd(const char *s)
{
    utf8proc_uint8_t *out = NULL;
    ck_assert_int_ge(utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE),
                     0);
    return (char *)out;
}

static struct pixbuf *draw_block(const char *s, const struct text_style *st, int w, int h)
{
    struct text_block *tb = text_fit(fonts, s, st, w, h);
    ck_assert_ptr_nonnull(tb);
    struct pixbuf *pb = pixbuf_new(w, h);
    pixbuf_fill(pb, 0, 0, w, h, BG);
    text_block_draw(tb, fonts, pb, 0, 0, FG);
    text_block_free(tb);
    return pb;
}

static bool same_pixels(const struct pixbuf *a, const struct pixbuf *b)
{
    if (a->w != b->w || a->h != b->h)
        return false;
    for (int y = 0; y < a->h; y++)
        if (memcmp(a->px + (size_t)y * a->stride, b->px + (size_t)y * b->stride,
                   (size_t)a->w * 4) != 0)
            return false;
    return true;
}

static long ink_count(const struct pixbuf *pb, uint32_t bg)
{
    long n = 0;
    for (int y = 0; y < pb->h; y++)
        for (int x = 0; x < pb->w; x++)
            n += pb->px[(size_t)y * pb->stride + x] != bg;
    return n;
}

static const struct text_style bold_centre = {
    .weight = FONT_BOLD, .align = LAYOUT_CENTER, .min_px = 8, .max_px = 400, .balance = true};

/* ---- pure layout (no fonts) ---- */

static struct layout_word word(int adv)
{
    /* Ink a pixel inside the advance, rising 10 px and sinking 3. */
    return (struct layout_word){
        .advance = adv, .ink_left = 1, .ink_right = adv - 1, .ink_top = 10, .ink_bottom = 3};
}

struct break_case {
    const char *name;
    int adv[8];
    int n;
    int max_width;
    bool balance;
    int forced; /* index of a word with break_before, or -1 */
    int lines;
    int first_counts[4];
    bool overflow;
};

static const struct break_case break_cases[] = {
    {"greedy two per line", {30, 30, 30, 30}, 4, 75, false, -1, 2, {2, 2}, false},
    {"all on one line", {30, 30, 30}, 3, 200, false, -1, 1, {3}, false},
    /* Greedy would give 3 + 2 words ("ĐẨY MẠNH CHUYỂN / ĐỔI SỐ"); balanced
     * keeps two lines but evens them: 2 + 3. */
    {"balanced slogan", {30, 40, 60, 30, 20}, 5, 150, true, -1, 2, {2, 3}, false},
    {"greedy slogan", {30, 40, 60, 30, 20}, 5, 150, false, -1, 2, {3, 2}, false},
    {"forced break", {30, 30, 30}, 3, 500, false, 1, 2, {1, 2}, false},
    {"forced break balanced", {30, 30, 30, 30}, 4, 500, true, 2, 2, {2, 2}, false},
    {"word wider than the box", {30, 300, 30}, 3, 100, false, -1, 3, {1, 1, 1}, true},
};

START_TEST(layout_breaks)
{
    const struct break_case *c = &break_cases[_i];
    struct layout_word w[8];
    for (int i = 0; i < c->n; i++) {
        w[i] = word(c->adv[i]);
        w[i].break_before = i == c->forced;
    }
    struct layout_opts o = {.max_width = c->max_width,
                            .space = 10,
                            .pitch = 12,
                            .min_gap = 2,
                            .align = LAYOUT_LEFT,
                            .balance = c->balance};
    struct layout l;
    ck_assert(layout_lines(w, (size_t)c->n, &o, &l));
    ck_assert_msg(l.n_lines == (size_t)c->lines, "%s: %zu lines", c->name, l.n_lines);
    for (int i = 0; i < c->lines; i++)
        ck_assert_msg(l.lines[i].count == (size_t)c->first_counts[i], "%s: line %d has %zu words",
                      c->name, i, l.lines[i].count);
    ck_assert_msg(l.overflow == c->overflow, "%s: overflow %d", c->name, l.overflow);
    /* Breaks fall between words only: the lines cover every word once. */
    size_t next = 0;
    for (size_t i = 0; i < l.n_lines; i++) {
        ck_assert_uint_eq(l.lines[i].first, next);
        next += l.lines[i].count;
    }
    ck_assert_uint_eq(next, (size_t)c->n);
    layout_finish(&l);
}
END_TEST

START_TEST(layout_blank_lines_and_gaps)
{
    /* "A\n\nB C": a blank line between, and lines whose ink rises far above
     * the pitch (stacked marks) still keep min_gap between their ink. */
    struct layout_word w[3] = {word(20), word(20), word(20)};
    w[1].break_before = true;
    w[1].blank_lines = 1;
    w[1].ink_top = 25;   /* Ễ: well above the ascender */
    w[0].ink_bottom = 6; /* ạ: a dot below */
    struct layout_opts o = {
        .max_width = 500, .space = 5, .pitch = 12, .min_gap = 3, .align = LAYOUT_LEFT};
    struct layout l;
    ck_assert(layout_lines(w, 3, &o, &l));
    ck_assert_uint_eq(l.n_lines, 3);
    ck_assert_uint_eq(l.lines[1].count, 0);
    ck_assert_uint_eq(l.lines[2].count, 2);
    ck_assert_int_eq(l.lines[0].baseline, 10); /* the first line's ink starts at the top */
    for (size_t i = 1; i < l.n_lines; i++) {
        int d = l.lines[i].baseline - l.lines[i - 1].baseline;
        ck_assert_int_ge(d, o.pitch);
        ck_assert_int_ge(d, l.lines[i - 1].ink_bottom + o.min_gap + l.lines[i].ink_top);
    }
    ck_assert_int_eq(l.height, l.lines[2].baseline + l.lines[2].ink_bottom);
    layout_finish(&l);
}
END_TEST

START_TEST(layout_alignment)
{
    struct layout_word w[1] = {word(40)};
    int want[3] = {30, 0, 60}; /* centre, left, right of a 100 px box: ink 38 wide */
    enum layout_align al[3] = {LAYOUT_CENTER, LAYOUT_LEFT, LAYOUT_RIGHT};
    for (int i = 0; i < 3; i++) {
        struct layout_opts o = {.max_width = 100, .space = 5, .pitch = 12, .align = al[i]};
        struct layout l;
        ck_assert(layout_lines(w, 1, &o, &l));
        int ink_x = l.lines[0].x + l.lines[0].ink_left;
        ck_assert_int_ge(ink_x, want[i]);
        ck_assert_int_le(ink_x, want[i] + 2);
        layout_finish(&l);
    }
}
END_TEST

/* ---- utf8 ---- */

START_TEST(utf8_invalid_bytes_dropped_and_counted)
{
    struct utf8_report r;
    char *s = utf8_clean("Vi\xff\xc3\xaa\xcc\xa3t\x01 Nam\xe1\xba", 16, &r);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "Việt Nam");
    ck_assert_uint_eq(r.n_invalid, 3);
    ck_assert_uint_eq(r.first_invalid, 2);
    ck_assert_uint_eq(r.n_controls, 1);
    free(s);
    ck_assert(utf8_is_clean_nfc("Chuyển đổi số", strlen("Chuyển đổi số")));
    char *d = nfd("Chuyển đổi số");
    ck_assert(!utf8_is_clean_nfc(d, strlen(d)));
    free(d);
}
END_TEST

START_TEST(invalid_bytes_never_drawn)
{
    struct text_block *tb = text_fit(fonts, "Vi\xff\xfe\xe1\xbb\x87t Nam", &bold_centre, 600, 200);
    ck_assert_ptr_nonnull(tb);
    ck_assert_uint_eq(text_block_invalid(tb), 2);
    text_block_free(tb);
    struct pixbuf *a = draw_block("Vi\xff\xfe\xe1\xbb\x87t Nam", &bold_centre, 600, 200);
    struct pixbuf *b = draw_block("Việt Nam", &bold_centre, 600, 200);
    ck_assert(same_pixels(a, b));
    pixbuf_free(a);
    pixbuf_free(b);
}
END_TEST

/* NFD input ("e" + U+0302 + U+0301) draws the very pixels of NFC ("ế"). */
START_TEST(nfd_draws_like_nfc)
{
    int sizes[][2] = {{1200, 600}, {376, 160}, {188, 44}};
    for (size_t i = 0; i < n_corpus; i++) {
        char *d = nfd(corpus[i].text);
        ck_assert_str_ne(d, corpus[i].text);
        for (int s = 0; s < 3; s++) {
            struct pixbuf *a = draw_block(corpus[i].text, &bold_centre, sizes[s][0], sizes[s][1]);
            struct pixbuf *b = draw_block(d, &bold_centre, sizes[s][0], sizes[s][1]);
            ck_assert_msg(same_pixels(a, b), "NFD differs at %dx%d: %s", sizes[s][0], sizes[s][1],
                          corpus[i].text);
            ck_assert_int_gt(ink_count(a, BG), 0);
            pixbuf_free(a);
            pixbuf_free(b);
        }
        free(d);
    }
}
END_TEST

/* ---- coverage ---- */

START_TEST(every_letter_in_every_font)
{
    const char *letters[2] = {corpus_get("letters", 0), corpus_get("letters", 1)};
    int chain[FONT_CHAIN_MAX];
    int strikes[FONT_STRIKES_MAX];
    int n = 0;
    for (int k = 0; k < 2; k++) {
        ck_assert_ptr_nonnull(letters[k]);
        const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)letters[k];
        utf8proc_int32_t cp;
        while (*p) {
            p += utf8proc_iterate(p, -1, &cp);
            n++;
            for (int w = 0; w < FONT_WEIGHT_COUNT; w++) {
                font_set_chain(fonts, (enum font_weight)w, chain);
                ck_assert_msg(font_set_has_char(fonts, chain[0], (uint32_t)cp),
                              "Be Vietnam Pro lacks U+%04X", cp);
                int ns = font_set_strikes(fonts, (enum font_weight)w, strikes);
                ck_assert_int_eq(ns, 3);
                for (int s = 0; s < ns; s++)
                    ck_assert_msg(font_set_has_char(fonts, strikes[s], (uint32_t)cp),
                                  "strike %d lacks U+%04X", s, cp);
            }
        }
        ck_assert_uint_eq(text_missing_chars(fonts, letters[k], NULL, 0), 0);
    }
    ck_assert_int_eq(n, 134);
}
END_TEST

/* In each strike every marked letter draws differently from its bare base
 * letter and from every other: no tone mark is lost. */
START_TEST(strikes_keep_every_mark)
{
    const char *lower = corpus_get("letters", 0);
    for (int pass = 0; pass < 2; pass++) {
        const char *set = pass ? corpus_get("letters", 1) : lower;
        int strikes[FONT_STRIKES_MAX];
        int ns = font_set_strikes(fonts, FONT_BOLD, strikes);
        for (int s = 0; s < ns; s++) {
            int px;
            ck_assert(font_set_is_bitmap(fonts, strikes[s], &px));
            if (px == 18)
                continue; /* not used: its Ể and Ế differ by a pixel (test_legible.c) */
            struct text_style st = bold_centre;
            st.min_px = 6;
            st.max_px = 14; /* small outline sizes: the strike should win */
            st.strike_px = px;
            struct pixbuf *pbs[70];
            int n = 0;
            const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)set;
            while (*p) {
                utf8proc_int32_t cp;
                char one[8] = {0};
                utf8proc_ssize_t step = utf8proc_iterate(p, -1, &cp);
                memcpy(one, p, (size_t)step);
                p += step;
                struct text_block *tb = text_fit(fonts, one, &st, 40, px + 4);
                ck_assert(text_block_is_bitmap(tb));
                ck_assert_int_eq(text_block_px(tb), px);
                text_block_free(tb);
                pbs[n++] = draw_block(one, &st, 40, px + 4);
            }
            ck_assert_int_eq(n, 67);
            for (int a = 0; a < n; a++)
                for (int b = a + 1; b < n; b++)
                    ck_assert_msg(!same_pixels(pbs[a], pbs[b]), "strike %dpx: letters %d, %d alike",
                                  px, a, b);
            for (int a = 0; a < n; a++)
                pixbuf_free(pbs[a]);
        }
    }
}
END_TEST

START_TEST(missing_chars_reported_not_boxed)
{
    uint32_t cps[8];
    /* ★ → ✓ and € come from DejaVu Sans: drawn, not missing. */
    ck_assert_uint_eq(text_missing_chars(fonts, "★ Tin mới → ✓ 5 €", cps, 8), 0);
    struct pixbuf *star = draw_block("★", &bold_centre, 200, 200);
    ck_assert_int_gt(ink_count(star, BG), 100);
    pixbuf_free(star);
    /* A musical symbol no bundled font has: reported once, drawn as nothing. */
    size_t n = text_missing_chars(fonts, "Nhạc 𝄞 và 𝄞 \xe1\xbb", cps, 8);
    ck_assert_uint_eq(n, 1);
    ck_assert_uint_eq(cps[0], 0x1D11E);
    struct pixbuf *a = draw_block("AB𝄞", &bold_centre, 300, 100);
    struct pixbuf *b = draw_block("AB", &bold_centre, 300, 100);
    ck_assert(same_pixels(a, b));
    pixbuf_free(a);
    pixbuf_free(b);
    struct text_block *tb = text_fit(fonts, "AB𝄞", &bold_centre, 300, 100);
    const uint32_t *miss;
    ck_assert_uint_eq(text_block_missing(tb, &miss), 1);
    ck_assert_uint_eq(miss[0], 0x1D11E);
    text_block_free(tb);
}
END_TEST

/* ---- slides at board sizes ---- */

static const int boards[][2] = {{1920, 1080}, {384, 192}, {192, 64}};

static struct pixbuf *draw_slide(const char *text, const char *title, int w, int h,
                                 struct slide_frame *f)
{
    struct pl_item it = {.id = "t",
                         .type = PL_TEXT,
                         .text = (char *)text,
                         .title = (char *)title,
                         .background = {0xa5, 0, 0},
                         .color = {0xff, 0xde, 0}};
    struct slide_env env = {.fonts = fonts, .w = w, .h = h};
    ck_assert(slide_draw(&it, &env, f));
    return f->pb;
}

/* Whether a text slide shows its text without scrolling (check's view). */
static bool slide_text_fits(struct font_set *fs, const char *text, const char *title, int w, int h)
{
    struct pl_item it = {.id = "t", .type = PL_TEXT, .text = (char *)text, .title = (char *)title};
    struct slide_env env = {.fonts = fs, .w = w, .h = h};
    return slide_fits(&it, &env, NULL);
}

static bool ink_near_edge(const struct pixbuf *pb, uint32_t bg, int *ex, int *ey)
{
    for (int y = 0; y < pb->h; y++)
        for (int x = 0; x < pb->w; x++) {
            bool edge = x < 2 || y < 2 || x >= pb->w - 2 || y >= pb->h - 2;
            if (edge && pb->px[(size_t)y * pb->stride + x] != bg) {
                *ex = x, *ey = y;
                return true;
            }
        }
    return false;
}

START_TEST(no_ink_at_the_edge)
{
    int w = boards[_i][0], h = boards[_i][1];
    int fitted = 0;
    for (size_t i = 0; i < n_corpus; i++) {
        const char *titles[2] = {NULL, "Thông báo của Ủy ban"};
        for (int t = 0; t < 2; t++) {
            if (!slide_text_fits(fonts, corpus[i].text, titles[t], w, h)) {
                if (getenv("TEXT_VERBOSE"))
                    fprintf(stderr, "%dx%d: does not fit: %s\n", w, h, corpus[i].text);
                continue;
            }
            fitted++;
            struct slide_frame f;
            struct pixbuf *pb = draw_slide(corpus[i].text, titles[t], w, h, &f);
            ck_assert_ptr_null(f.marquee);
            int ex, ey;
            ck_assert_msg(!ink_near_edge(pb, BG, &ex, &ey), "%dx%d: ink at (%d,%d): %s", w, h, ex,
                          ey, corpus[i].text);
            ck_assert_int_gt(ink_count(pb, BG), 0);
            slide_frame_finish(&f);
        }
    }
    /* Everything fits at 1080p but the two alphabets written as one word of
     * 67 letters, too wide at the smallest legible size (45 px): they scroll
     * rather than shrink to a bitmap font. Small boards fit the short texts. */
    ck_assert_int_ge(fitted, w >= 1920 ? (int)n_corpus * 2 - 4 : 6);
}
END_TEST

static bool row_has_ink(const struct pixbuf *pb, int y, uint32_t bg)
{
    for (int x = 0; x < pb->w; x++)
        if (pb->px[(size_t)y * pb->stride + x] != bg)
            return true;
    return false;
}

/* Multi-line capitals with stacked marks (Ễ Ẫ Ặ above, Ạ Ộ below): every
 * ink row lies inside its line's measured ink, and between two lines
 * there is at least one row without ink. */
START_TEST(stacked_marks_keep_lines_apart)
{
    int sizes[][2] = {{1840, 1000}, {360, 170}, {900, 300}, {188, 110}};
    for (int k = 0; k < 2; k++) {
        const char *s = corpus_get("stacked", k);
        for (int i = 0; i < 4; i++) {
            int w = sizes[i][0], h = sizes[i][1];
            struct text_block *tb = text_fit(fonts, s, &bold_centre, w, h);
            ck_assert(text_block_fits(tb));
            size_t lines = text_block_lines(tb);
            ck_assert_uint_ge(lines, 3);
            struct pixbuf *pb = draw_block(s, &bold_centre, w, h);
            int prev_bottom = 0;
            for (size_t l = 0; l < lines; l++) {
                int top, bottom;
                ck_assert(text_block_line_ink(tb, l, &top, &bottom));
                if (l > 0)
                    ck_assert_msg(top > prev_bottom, "%dx%d: line %zu touches the one above", w, h,
                                  l);
                for (int y = prev_bottom; y < top; y++)
                    ck_assert_msg(!row_has_ink(pb, y, BG), "%dx%d: ink between lines at row %d", w,
                                  h, y);
                /* The measured ink is the drawn ink (the outermost row of
                 * a glyph's bitmap may carry too little coverage to show). */
                ck_assert(row_has_ink(pb, top, BG) || row_has_ink(pb, top + 1, BG));
                if (!(row_has_ink(pb, bottom - 1, BG) || row_has_ink(pb, bottom - 2, BG))) {
                    int lr = -1;
                    for (int y = 0; y < h; y++)
                        if (row_has_ink(pb, y, BG))
                            lr = y;
                    ck_abort_msg("%dx%d k%d line %zu top %d bottom %d last ink row %d px %d", w, h,
                                 k, l, top, bottom, lr, text_block_px(tb));
                }
                prev_bottom = bottom;
            }
            for (int y = prev_bottom; y < h; y++)
                ck_assert(!row_has_ink(pb, y, BG));
            text_block_free(tb);
            pixbuf_free(pb);
        }
    }
}
END_TEST

START_TEST(fit_is_monotonic)
{
    const char *s = corpus_get("slogans", 2);
    int prev = 0;
    for (int h = 40; h <= 600; h += 40) {
        struct text_style st = bold_centre;
        st.no_strikes = true;
        struct text_block *tb = text_fit(fonts, s, &st, 800, h);
        ck_assert(text_block_fits(tb));
        ck_assert_int_le(text_block_height(tb), h);
        ck_assert_int_le(text_block_width(tb), 800);
        ck_assert_int_ge(text_block_px(tb), prev);
        prev = text_block_px(tb);
        /* One px more would not fit: the fit is the largest. */
        struct text_block *up = text_block_new(fonts, s, &st, prev + 1, 800);
        ck_assert(text_block_height(up) > h || text_block_width(up) > 800 || !text_block_fits(up));
        text_block_free(up);
        text_block_free(tb);
    }
    /* Longer text never gets a bigger size in the same box. */
    int last = 1000;
    const char *texts[3] = {corpus_get("slogans", 1), corpus_get("slogans", 2),
                            corpus_get("paragraphs", 0)};
    for (int i = 0; i < 3; i++) {
        struct text_block *tb = text_fit(fonts, texts[i], &bold_centre, 1000, 500);
        ck_assert_int_le(text_block_px(tb), last);
        last = text_block_px(tb);
        text_block_free(tb);
    }
}
END_TEST

START_TEST(bitmap_strike_on_small_boards)
{
    /* The ticker band of a 384x192 board (16 px): 9x15 (9x18, whose ink
     * would fit too, is not used: its Ể and Ế differ by one pixel). */
    struct text_style st = {
        .weight = FONT_SEMIBOLD, .align = LAYOUT_LEFT, .min_px = 6, .max_px = 16};
    struct text_block *tb = text_fit(fonts, corpus_get("slogans", 1), &st, 1 << 20, 16);
    ck_assert(text_block_is_bitmap(tb));
    ck_assert_int_eq(text_block_px(tb), 15);
    ck_assert_int_le(text_block_height(tb), 16);
    text_block_free(tb);
    /* The body box of a 192x64 board below a 16 px ticker: two lines of
     * 10x20, where the outline would be set at em 15 (a 20 px line). */
    struct slide_env e48 = {.fonts = fonts, .w = 192, .h = 48};
    int m = slide_margin_y(&e48);
    struct text_style bs = bold_centre;
    bs.min_px = slide_text_min_px(&e48);
    tb = text_fit(fonts, "ĐẨY MẠNH ỨNG DỤNG KHOA HỌC", &bs, 192 - 2 * m, 48 - 2 * m);
    ck_assert(text_block_fits(tb));
    ck_assert(text_block_is_bitmap(tb));
    ck_assert_int_eq(text_block_px(tb), 20);
    ck_assert_uint_eq(text_block_lines(tb), 2);
    text_block_free(tb);
    /* And the whole slide on a 192x64 board with a ticker. */
    ck_assert_int_eq(scene_ticker_band(64), 16);
    /* 1080p: outlines. */
    tb = text_fit(fonts, "Cài đặt VNeID mức độ 2", &bs, 1840, 1000);
    ck_assert(!text_block_is_bitmap(tb));
    ck_assert_int_gt(text_block_px(tb), 100);
    text_block_free(tb);
}
END_TEST

START_TEST(tiles_draw_as_the_whole)
{
    /* A ticker strip is drawn tile by tile, and words wholly outside a
     * tile are skipped: every tile must still equal its window of the
     * text drawn whole (overhangs and stacked marks across tile edges). */
    static const struct {
        int px; /* the band's height: an outline, then a strike */
        int tile_w;
    } rows[] = {{48, 61}, {16, 37}};
    struct text_style st = {
        .weight = FONT_BOLD, .align = LAYOUT_LEFT, .min_px = 6, .max_px = rows[_i].px};
    const char *text = "ẨY ỖNG Ự Ầ Ể ỸÝ ffi \"Ỷ\" — Chuyển đổi số, Ngày 10/10 ẨẪẬỄỆỖỘ";
    struct text_block *tb = text_fit(fonts, text, &st, 1 << 20, rows[_i].px);
    ck_assert_ptr_nonnull(tb);
    int w = text_block_width(tb) + 8, h = rows[_i].px;
    struct pixbuf *whole = pixbuf_new(w, h);
    pixbuf_fill(whole, 0, 0, w, h, 0xff000000u);
    text_block_draw(tb, fonts, whole, 4, 0, 0xffffffffu);
    struct pixbuf *tile = pixbuf_new(rows[_i].tile_w, h);
    for (int x0 = -rows[_i].tile_w; x0 < w; x0 += rows[_i].tile_w / 2) {
        pixbuf_fill(tile, 0, 0, tile->w, h, 0xff000000u);
        text_block_draw(tb, fonts, tile, 4 - x0, 0, 0xffffffffu);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < tile->w; x++) {
                uint32_t want =
                    x0 + x >= 0 && x0 + x < w
                        ? whole->px[(size_t)y * (size_t)whole->stride + (size_t)(x0 + x)]
                        : 0xff000000u;
                ck_assert_msg(tile->px[(size_t)y * (size_t)tile->stride + (size_t)x] == want,
                              "px %d: tile at %d differs at (%d,%d)", rows[_i].px, x0, x, y);
            }
    }
    pixbuf_free(tile);
    pixbuf_free(whole);
    text_block_free(tb);
}
END_TEST

START_TEST(mono_is_one_bit)
{
    struct text_style st = bold_centre;
    st.render = FONT_RENDER_MONO;
    st.no_strikes = true;
    struct pixbuf *pb = draw_block(corpus_get("stacked", 0), &st, 300, 120);
    long fg = 0;
    for (int i = 0; i < pb->w * pb->h; i++) {
        ck_assert(pb->px[i] == BG || pb->px[i] == FG);
        fg += pb->px[i] == FG;
    }
    ck_assert_int_gt(fg, 500);
    pixbuf_free(pb);
    /* And smooth rendering, cached beside it, still antialiases. */
    st.render = FONT_RENDER_SMOOTH;
    pb = draw_block(corpus_get("stacked", 0), &st, 300, 120);
    bool grey = false;
    for (int i = 0; i < pb->w * pb->h && !grey; i++)
        grey = pb->px[i] != BG && pb->px[i] != FG;
    ck_assert(grey);
    pixbuf_free(pb);
}
END_TEST

/* ---- marquee ---- */

START_TEST(marquee_whole_pixels_seamless)
{
    struct text_style ms = {.weight = FONT_SEMIBOLD, .no_strikes = true};
    struct marquee *m = marquee_new(fonts, corpus_get("slogans", 1), &ms, 40, FG, BG, 90);
    ck_assert_ptr_nonnull(m);
    int sw, sh;
    marquee_size(m, &sw, &sh);
    ck_assert_int_eq(sh, 40);
    ck_assert_int_gt(sw, 400);
    /* 90 px/s: whole pixels, wrapping within one strip width. */
    for (uint64_t t = 0; t < 60000; t += 37) {
        int off = marquee_offset(m, t);
        ck_assert_int_le(off, 0);
        ck_assert_int_gt(off, -sw);
        ck_assert_int_eq(off, -(int)((90 * t / 1000) % (uint64_t)sw));
    }
    /* The band at offset -strip_w is the band at offset 0. */
    struct pixbuf *a = pixbuf_new(384, 40), *b = pixbuf_new(384, 40);
    marquee_draw(m, a, 0, 0);
    marquee_draw(m, b, 0, -sw);
    ck_assert(same_pixels(a, b));
    ck_assert_int_gt(ink_count(a, BG), 0);
    /* The whole strip, once: a view exactly as wide. */
    struct pixbuf *strip = pixbuf_new(sw, 40);
    marquee_draw(m, strip, 0, 0);
    /* Across the wrap the view is the strip's end followed by its start. */
    marquee_draw(m, a, 0, -(sw - 100));
    for (int y = 0; y < 40; y++) {
        ck_assert_mem_eq(a->px + (size_t)y * a->stride,
                         strip->px + (size_t)y * strip->stride + sw - 100, 100 * 4);
        ck_assert_mem_eq(a->px + (size_t)y * a->stride + 100, strip->px + (size_t)y * strip->stride,
                         284 * 4);
    }
    pixbuf_free(strip);
    pixbuf_free(a);
    pixbuf_free(b);
    marquee_free(m);
}
END_TEST

/* ---- check ---- */

START_TEST(check_reports_missing_and_too_long)
{
    char json[4096];
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"ticker\": {\"text\": \"Tin \xf0\x9d\x84\x9e mới\"},\n"
             " \"items\": [\n"
             "  {\"id\": \"a\", \"type\": \"text\", \"text\": \"Giá 5 € ★\"},\n"
             "  {\"id\": \"b\", \"type\": \"text\", \"text\": \"%s\"},\n"
             "  {\"id\": \"c\", \"type\": \"stats\", \"title\": \"Kết quả \xf0\x9d\x84\x9e\",\n"
             "   \"rows\": [{\"label\": \"Hồ sơ \xf0\x9d\x84\xa0\", \"value\": 5}]}]}",
             corpus_get("paragraphs", 0));
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(json, strlen(json), "p.json", ".", d);
    ck_assert_ptr_nonnull(pl);
    ck_assert_uint_eq(diag_count(d), 0);

    textcheck_playlist(fonts, pl, 1920, 1080, d);
    char line[512];
    bool ticker = false, title = false, label = false;
    for (size_t i = 0; i < diag_count(d); i++) {
        const struct diag *g = diag_get(d, i);
        diag_format(g, line, sizeof(line));
        ck_assert_msg(strcmp(g->code, "missing-glyph") == 0, "unexpected at 1080p: %s", line);
        ticker |= strcmp(g->path, "ticker.text") == 0 && strstr(line, "U+1D11E");
        title |= strcmp(g->path, "items[2].title") == 0 && strstr(line, "U+1D11E");
        label |= strcmp(g->path, "items[2].rows[0].label") == 0 && strstr(line, "U+1D120");
        ck_assert_int_eq(g->severity, DIAG_WARNING);
    }
    ck_assert(ticker && title && label);
    ck_assert_uint_eq(diag_count(d), 3);
    diag_list_free(d);

    d = diag_list_new();
    textcheck_playlist(fonts, pl, 192, 64, d);
    const struct diag *g = diag_find(d, "too-long");
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->path, "items[1].text");
    ck_assert_int_eq(g->line, 4);
    size_t too_long = 0;
    for (size_t i = 0; i < diag_count(d); i++)
        too_long += strcmp(diag_get(d, i)->code, "too-long") == 0 &&
                    strcmp(diag_get(d, i)->path, "items[0].text") == 0;
    ck_assert_uint_eq(too_long, 0);
    diag_list_free(d);
    playlist_free(pl);
}
END_TEST

static Suite *text_suite(void)
{
    Suite *s = suite_create("text");
    TCase *pure = tcase_create("layout");
    tcase_add_loop_test(pure, layout_breaks, 0, sizeof(break_cases) / sizeof(break_cases[0]));
    tcase_add_test(pure, layout_blank_lines_and_gaps);
    tcase_add_test(pure, layout_alignment);
    tcase_add_test(pure, utf8_invalid_bytes_dropped_and_counted);
    suite_add_tcase(s, pure);

    TCase *f = tcase_create("fonts");
    tcase_add_checked_fixture(f, setup, teardown);
    tcase_add_test(f, invalid_bytes_never_drawn);
    tcase_add_test(f, nfd_draws_like_nfc);
    tcase_add_test(f, every_letter_in_every_font);
    tcase_add_test(f, strikes_keep_every_mark);
    tcase_add_test(f, missing_chars_reported_not_boxed);
    tcase_add_loop_test(f, no_ink_at_the_edge, 0, 3);
    tcase_add_test(f, stacked_marks_keep_lines_apart);
    tcase_add_test(f, fit_is_monotonic);
    tcase_add_test(f, bitmap_strike_on_small_boards);
    tcase_add_test(f, mono_is_one_bit);
    tcase_add_loop_test(f, tiles_draw_as_the_whole, 0, 2);
    tcase_add_test(f, marquee_whole_pixels_seamless);
    tcase_add_test(f, check_reports_missing_and_too_long);
    suite_add_tcase(s, f);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(text_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    for (size_t i = 0; i < n_corpus; i++)
        free(corpus[i].text);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
