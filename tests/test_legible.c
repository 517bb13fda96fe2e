/* SPDX-License-Identifier: MIT */
/* Every slide readable on every board and in every colour theme, or
 * `check` says why first: a property over the whole grid of slide types
 * x themes x board sizes, not a handful of examples.
 *
 * For each slide the layout reports its elements (slides/type.h: field,
 * text, ink box, colours). For every text element: it has ink of its
 * colour in its box, its box overlaps no other element's, the colour
 * most common under it contrasts with its ink at 4.5:1 or better, and
 * all of a slide's text shares one typeface; the ticker band likewise.
 * Every field the item asks for was drawn on some page of the slide, or
 * `check --size` (slide_fits via textcheck) warned about it by name.
 *
 * `test-legible ocr` (meson test legible-ocr) also reads every element
 * whose size allows it back with tesseract -l vie, its crop scaled up,
 * and prints the counts the closing note quotes. */

#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "slides/draw.h"
#include "slides/png.h"
#include "slides/scene.h"
#include "slides/slide.h"
#include "slides/textcheck.h"
#include "text/font.h"
#include "util/diag.h"
#include "util/paths.h"

static struct font_set *fonts;

struct theme {
    const char *name, *bg, *fg;
};
static const struct theme themes[] = {
    {"dark", "#000000", "#ffffff"},       {"light", "#ffffff", "#1f1f1f"},
    {"yellow-red", "#a50000", "#ffde00"}, {"red-yellow", "#ffde00", "#a50000"},
    {"blue-white", "#0b3d91", "#ffffff"},
};
#define N_THEMES (sizeof(themes) / sizeof(themes[0]))

struct size {
    int w, h;
};
static const struct size sizes[] = {{128, 64},  {192, 64},  {192, 96},
                                    {320, 160}, {384, 192}, {1920, 1080}};
#define N_SIZES (sizeof(sizes) / sizeof(sizes[0]))

/* A text of 1,200 words: it must scroll, never shrink to nothing. */
static char long_text[8192];

struct slide_case {
    const char *name;
    const char *item;      /* JSON of the one item; NULL: the neutral slide */
    const char *fields[8]; /* what the item asks to show */
};
static const struct slide_case cases[] = {
    {"text",
     "{\"id\": \"t\", \"type\": \"text\", \"title\": \"Nghị quyết 57\","
     " \"text\": \"CHUYỂN ĐỔI SỐ\\nVÌ NHÂN DÂN\"}",
     {"title", "text"}},
    {"emergency",
     "{\"id\": \"k\", \"type\": \"text\", \"title\": \"THÔNG BÁO KHẨN\", \"priority\": 9,"
     " \"text\": \"Mưa lớn: người dân không qua ngầm tràn xã Minh Xuân\"}",
     {"title", "text"}},
    {"long", NULL, {"text"}}, /* built from long_text */
    {"countdown",
     "{\"id\": \"c\", \"type\": \"countdown\", \"event\": \"digital-transformation-day\"}",
     {"days", "name", "date"}},
    {"stats",
     "{\"id\": \"s\", \"type\": \"stats\", \"title\": \"Kết quả chuyển đổi số\", \"rows\": ["
     "{\"label\": \"Hồ sơ trực tuyến\", \"value\": 86, \"max\": 100, \"unit\": \"%\"},"
     "{\"label\": \"Thanh toán số\", \"value\": 63.5, \"max\": 100, \"unit\": \"%\"},"
     "{\"label\": \"Tài khoản VNeID\", \"value\": 7412, \"max\": 9800, \"unit\": \"người\"}]}",
     {"title", "rows[0].label", "rows[0].value", "rows[1].label", "rows[1].value", "rows[2].label",
      "rows[2].value"}},
    {"clock", "{\"id\": \"g\", \"type\": \"clock\"}", {"time", "date line", "lunar date"}},
    {"neutral", "", {"name", "time", "date line"}},
};
#define N_CASES (sizeof(cases) / sizeof(cases[0]))

/* 2026-09-30 10:00 in Vietnam: 10 days to Ngày Chuyển đổi số. */
#define NOW ((time_t)1790737200)

static void setup(void)
{
    char fd[PATH_MAX];
    ck_assert(paths_data_file(fd, sizeof(fd), "fonts"));
    fonts = font_set_load(fd);
    ck_assert_ptr_nonnull(fonts);
    setenv("TZ", "Asia/Ho_Chi_Minh", 1);
    tzset();
    if (!long_text[0]) {
        static const char *const words[] = {"Số", "hoá", "từ", "cơ", "sở", "vì", "dân"};
        size_t n = 0;
        for (int i = 0; i < 1200; i++)
            n += (size_t)snprintf(long_text + n, sizeof(long_text) - n, "%s%s", i ? " " : "",
                                  words[i % 7]);
    }
}

static void teardown(void)
{
    font_set_free(fonts);
    fonts = NULL;
}

static struct playlist *make_playlist(const struct slide_case *sc, const struct theme *th)
{
    static char json[12288];
    char item[10240];
    if (sc->item && *sc->item)
        snprintf(item, sizeof(item), "%s", sc->item);
    else if (sc->item)
        snprintf(item, sizeof(item), "{\"id\": \"c\", \"type\": \"clock\"}");
    else
        snprintf(item, sizeof(item), "{\"id\": \"l\", \"type\": \"text\", \"text\": \"%s\"}",
                 long_text);
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"name\": \"UBND phường Minh Xuân\","
             " \"defaults\": {\"background\": \"%s\", \"color\": \"%s\"},"
             " \"ticker\": {\"text\": \"Chuyển đổi số là nhiệm vụ của toàn dân\"},"
             " \"items\": [%s]}",
             th->bg, th->fg, item);
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(json, strlen(json), "grid.json", "/tmp", d);
    ck_assert_msg(pl != NULL, "playlist does not parse: %s", json);
    diag_list_free(d);
    return pl;
}

static uint32_t px_at(const struct pixbuf *pb, int x, int y)
{
    return pb->px[(size_t)y * (size_t)pb->stride + (size_t)x] | 0xff000000u;
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

/* The most common colour in a box that is not near ink (what the text is
 * drawn over); ink 0 takes every pixel. */
static uint32_t mode_colour(const struct pixbuf *pb, int x, int y, int w, int h, uint32_t ink)
{
    enum { SLOTS = 4096 };
    static uint32_t keys[SLOTS];
    static int counts[SLOTS];
    memset(counts, 0, sizeof(counts));
    uint32_t best = 0;
    int best_n = 0;
    for (int r = y; r < y + h; r++)
        for (int c = x; c < x + w; c++) {
            uint32_t v = px_at(pb, c, r);
            if (ink && chan_diff(v, ink) < 48)
                continue;
            size_t k = (v * 2654435761u) % SLOTS;
            while (counts[k] && keys[k] != v)
                k = (k + 1) % SLOTS;
            keys[k] = v;
            if (++counts[k] > best_n)
                best_n = counts[k], best = v;
        }
    return best;
}

struct grid_counts {
    int slides, elements, warned_fields, silent, ocr_tried, ocr_read, ocr_small;
};

/* One element's crop for OCR: written when ocr_dir is set. */
static char ocr_dir[PATH_MAX];
static FILE *ocr_list;
struct ocr_item {
    char text[128];
    char where[240];
};
static struct ocr_item *ocr_items;
static size_t n_ocr, cap_ocr;

static void ocr_add(const struct pixbuf *pb, const struct slide_elem *e, uint32_t bg,
                    const char *where)
{
    /* A margin of the background around the ink, then scaled so a line
     * is ~40 px high (tesseract's comfort) with whole-pixel blocks. */
    int pad = 4;
    int x0 = e->x - pad, y0 = e->y - pad, x1 = e->x + e->w + pad, y1 = e->y + e->h + pad;
    x0 = x0 < 0 ? 0 : x0, y0 = y0 < 0 ? 0 : y0;
    x1 = x1 > pb->w ? pb->w : x1, y1 = y1 > pb->h ? pb->h : y1;
    int lines = 1;
    for (const char *p = e->text; *p; p++)
        lines += *p == '\n';
    int line_h = e->px > 0 ? e->px : (y1 - y0) / lines;
    int scale = line_h < 48 ? (48 + line_h - 1) / line_h : 1;
    int down = line_h > 120 ? line_h / 60 : 1;
    int cw = x1 - x0, ch = y1 - y0;
    int ow = cw * scale / down + 40, oh = ch * scale / down + 40;
    struct pixbuf *o = pixbuf_new(ow, oh);
    if (!o)
        return;
    /* Dark ink on white whatever the theme: ink is what differs from bg,
     * scaled up bilinearly (tesseract reads smooth strokes, not blocks). */
    int full = chan_diff(e->fg, bg);
    for (int y = 0; y < oh; y++)
        for (int x = 0; x < ow; x++) {
            double fx = x0 + ((x - 20) + 0.5) * down / scale - 0.5;
            double fy = y0 + ((y - 20) + 0.5) * down / scale - 0.5;
            double cov = 0;
            if (x >= 20 && y >= 20 && fx < x1 && fy < y1) {
                int ix = (int)floor(fx), iy = (int)floor(fy);
                double ax = fx - ix, ay = fy - iy;
                for (int k = 0; k < 4; k++) {
                    int sx = ix + (k & 1), sy = iy + (k >> 1);
                    double wgt = ((k & 1) ? ax : 1 - ax) * ((k >> 1) ? ay : 1 - ay);
                    if (sx < x0 || sy < y0 || sx >= x1 || sy >= y1 || !full)
                        continue;
                    int d = chan_diff(px_at(pb, sx, sy), bg);
                    cov += wgt * (d > full ? 1.0 : (double)d / full);
                }
            }
            uint32_t g = (uint32_t)lround(255 * (1 - cov));
            o->px[(size_t)y * (size_t)o->stride + (size_t)x] = 0xff000000u | g << 16 | g << 8 | g;
        }
    char path[PATH_MAX + 32];
    snprintf(path, sizeof(path), "%s/%05zu.png", ocr_dir, n_ocr);
    bool ok = png_write(o, path);
    pixbuf_free(o);
    if (!ok)
        return;
    if (n_ocr == cap_ocr) {
        cap_ocr = cap_ocr ? cap_ocr * 2 : 256;
        ocr_items = realloc(ocr_items, cap_ocr * sizeof(*ocr_items));
        ck_assert_ptr_nonnull(ocr_items);
    }
    snprintf(ocr_items[n_ocr].text, sizeof(ocr_items[n_ocr].text), "%s", e->text);
    snprintf(ocr_items[n_ocr].where, sizeof(ocr_items[n_ocr].where), "%s %s", where, e->field);
    n_ocr++;
    fprintf(ocr_list, "%s\n", path);
}

static bool warned_about(const struct diag_list *d, const char *field)
{
    for (size_t i = 0; i < diag_count(d); i++) {
        const struct diag *g = diag_get(d, i);
        if (!g->code || !g->path ||
            (strcmp(g->code, "dropped") && strcmp(g->code, "too-small") &&
             strcmp(g->code, "too-long")))
            continue;
        const char *p = g->path;
        if (strncmp(p, "items[0]", 8) != 0)
            continue;
        p += 8;
        /* A warning on the field itself or a part holding it (rows[2]). */
        if (*p == '.' && strncmp(p + 1, field, strlen(p + 1)) == 0)
            return true;
        /* On the item, naming it: "the date line is not shown". */
        if (!*p && g->message && strstr(g->message, field))
            return true;
    }
    return false;
}

/* A violation is printed and counted; the test fails at the end with
 * all of them listed, not at the first. */
static int violations;
#define EXPECT(cond, ...)                                                                          \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            violations++;                                                                          \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

static bool boxes_meet(const struct slide_elem *a, const struct slide_elem *b)
{
    return a->x < b->x + b->w && b->x < a->x + a->w && a->y < b->y + b->h && b->y < a->y + a->h;
}

/* Checks one slide at one size in one theme; adds to the counts. */
static void check_slide(size_t ci, size_t ti, size_t si, struct grid_counts *n)
{
    const struct slide_case *sc = &cases[ci];
    const struct theme *th = &themes[ti];
    int W = sizes[si].w, H = sizes[si].h;
    struct playlist *pl = make_playlist(sc, th);
    const struct pl_item *item = sc->item && !*sc->item ? NULL : &pl->items[0];
    char where[160];
    snprintf(where, sizeof(where), "%s/%s/%dx%d", sc->name, th->name, W, H);
    struct scene *scn = scene_new(fonts, pl, W, H);
    ck_assert_ptr_nonnull(scn);
    int band = scene_ticker_height(scn);
    EXPECT(band > 0 && band <= H / 4, "%s: ticker band %d px", where, band);
    n->slides++;

    /* The ticker (when it runs under this slide): ink, contrast against
     * its band. */
    if (scene_shows_ticker(scn, item)) {
        struct pixbuf *still = scene_still(scn, item, NOW, true, 0);
        ck_assert_ptr_nonnull(still);
        uint32_t bgc = mode_colour(still, 0, H - band, W, band, 0);
        uint32_t fgc = scene_ticker_fg(pl);
        double cr = slide_contrast(bgc, fgc);
        EXPECT(cr >= SLIDE_MIN_CONTRAST, "%s: ticker contrast %.2f", where, cr);
        int ink = 0;
        for (int y = H - band; y < H; y++)
            for (int x = 0; x < W; x++)
                ink += chan_diff(px_at(still, x, y), fgc) < 40;
        EXPECT(ink > 20, "%s: the ticker has no ink", where);
        pixbuf_free(still);
    }

    /* Every page of the slide: pages turn at redraw_at. */
    char seen[64][SLIDE_FIELD_MAX];
    int n_seen = 0;
    time_t t = NOW;
    for (int page = 0; page < 8; page++) {
        struct slide_env env = scene_item_env(scn, item, t, true);
        struct slide_frame f;
        ck_assert(slide_draw(item, &env, &f));
        const struct pixbuf *pb = f.pb;
        int bitmap = -1;
        for (int i = 0; i < f.n_elems; i++) {
            const struct slide_elem *e = &f.elems[i];
            if (getenv("LEGIBLE_DUMP"))
                printf("%s page %d: %s \"%s\" %d,%d %dx%d px %d%s\n", where, page, e->field,
                       e->text, e->x, e->y, e->w, e->h, e->px, e->bitmap ? " bitmap" : "");
            EXPECT(e->x >= 0 && e->y >= 0 && e->x + e->w <= pb->w && e->y + e->h <= pb->h,
                   "%s: %s outside the slide (%d,%d %dx%d)", where, e->field, e->x, e->y, e->w,
                   e->h);
            for (int k = 0; k < i; k++)
                EXPECT(!boxes_meet(e, &f.elems[k]), "%s: %s overlaps %s", where, e->field,
                       f.elems[k].field);
            bool dup = false;
            for (int k = 0; k < n_seen && !dup; k++)
                dup = strcmp(seen[k], e->field) == 0;
            if (!dup && n_seen < 64)
                snprintf(seen[n_seen++], SLIDE_FIELD_MAX, "%s", e->field);
            if (!e->text[0])
                continue; /* a bar */
            n->elements++;
            EXPECT(e->w > 0 && e->h > 0, "%s: %s is empty", where, e->field);
            uint32_t under = mode_colour(pb, e->x, e->y, e->w, e->h, e->fg);
            double cr = slide_contrast(under, e->fg);
            EXPECT(cr >= SLIDE_MIN_CONTRAST, "%s: %s contrast %.2f (%08x on %08x)", where, e->field,
                   cr, e->fg, under);
            int ink = 0;
            for (int y = e->y; y < e->y + e->h; y++)
                for (int x = e->x; x < e->x + e->w; x++)
                    ink += chan_diff(px_at(pb, x, y), e->fg) < 48;
            EXPECT(ink > 0, "%s: %s has no ink of its colour", where, e->field);
            EXPECT(bitmap < 0 || bitmap == e->bitmap, "%s: %s mixes typefaces", where, e->field);
            bitmap = e->bitmap;
            EXPECT(e->bitmap || e->px >= 11, "%s: %s set at %d px", where, e->field, e->px);
            bool scrolling = f.marquee && strcmp(e->field, "text") == 0;
            /* OCR reads a crop turned dark-on-white, so two themes (one
             * light text, one dark) stand for all: the run stays short. */
            if (ocr_list && !scrolling && (ti == 0 || ti == 3))
                ocr_add(pb, e, under, where);
        }
        time_t next = f.redraw_at;
        slide_frame_finish(&f);
        if (next <= t || next - t > 10)
            break; /* not paged */
        t = next;
    }

    /* What was not drawn on any page: check --size said so by name. */
    struct diag_list *d = diag_list_new();
    if (item)
        textcheck_playlist(fonts, pl, W, H, d);
    for (int k = 0; k < 8 && sc->fields[k]; k++) {
        bool drawn = false;
        /* "days+name": one line that says both. */
        for (int s = 0; s < n_seen && !drawn; s++) {
            size_t wl = strlen(sc->fields[k]);
            for (const char *p = seen[s]; p && !drawn; p = strchr(p, '+'), p = p ? p + 1 : NULL)
                drawn = strncmp(p, sc->fields[k], wl) == 0 && (p[wl] == '\0' || p[wl] == '+');
        }
        if (drawn)
            continue;
        bool warned = item && warned_about(d, sc->fields[k]);
        if (warned && getenv("LEGIBLE_VERBOSE"))
            printf("%s: %s not shown, warned\n", where, sc->fields[k]);
        if (warned)
            n->warned_fields++;
        else
            n->silent++;
        EXPECT(warned, "%s: %s is neither shown nor warned about by check", where, sc->fields[k]);
    }
    diag_list_free(d);
    scene_free(scn);
    playlist_free(pl);
}

static struct grid_counts totals;

START_TEST(grid_per_size)
{
    for (size_t c = 0; c < N_CASES; c++)
        for (size_t t = 0; t < N_THEMES; t++)
            check_slide(c, t, (size_t)_i, &totals);
    int v = violations;
    violations = 0;
    ck_assert_msg(v == 0, "%d violations at %dx%d (listed above)", v, sizes[_i].w, sizes[_i].h);
}
END_TEST

/* The staff's own weak pair of colours: check names the ratio and a fix. */
START_TEST(contrast_warned)
{
    const char *json = "{\"version\": 1, \"defaults\": {\"background\": \"#ffde00\","
                       " \"color\": \"#ffffff\"}, \"items\": [{\"id\": \"a\", \"type\": \"text\","
                       " \"text\": \"Xin chào\"}, {\"id\": \"b\", \"type\": \"clock\","
                       " \"background\": \"#000000\", \"color\": \"#ffffff\"}]}";
    struct diag_list *d = diag_list_new();
    struct playlist *pl = playlist_parse(json, strlen(json), "c.json", "/tmp", d);
    ck_assert_ptr_nonnull(pl);
    textcheck_playlist(fonts, pl, 1920, 1080, d);
    int n = 0;
    for (size_t i = 0; i < diag_count(d); i++) {
        const struct diag *g = diag_get(d, i);
        if (strcmp(g->code, "contrast") != 0)
            continue;
        n++;
        ck_assert_str_eq(g->path, "defaults.color");
        ck_assert_msg(strstr(g->message, "1.3:1") && strstr(g->message, "#000000"), "%s",
                      g->message);
    }
    ck_assert_int_eq(n, 1); /* the black-and-white item is fine */
    diag_list_free(d);
    playlist_free(pl);
}
END_TEST

/* The ticker's band keeps its text at 4.5:1 for every theme, and any
 * length of ticker is drawn: twice the width a pixel buffer may have. */
START_TEST(ticker_any_length)
{
    static char text[8000];
    size_t n = 0;
    while (n + 40 < sizeof(text))
        n += (size_t)snprintf(text + n, sizeof(text) - n, "Cổng Dịch vụ công quốc gia — ");
    char json[9000];
    snprintf(json, sizeof(json),
             "{\"version\": 1, \"ticker\": {\"text\": \"%s\"}, \"items\": [{\"id\": \"a\","
             " \"type\": \"clock\"}]}",
             text);
    struct playlist *pl = playlist_parse(json, strlen(json), "t.json", "/tmp", NULL);
    ck_assert_ptr_nonnull(pl);
    struct scene *sc = scene_new(fonts, pl, 1920, 1080);
    ck_assert_ptr_nonnull(scene_ticker(sc));
    int w, h;
    marquee_size(scene_ticker(sc), &w, &h);
    ck_assert_int_gt(w, 2 * 16384);
    ck_assert_int_eq(h, scene_ticker_height(sc));
    /* Far along the strip there is still text. */
    struct pixbuf *pb = scene_still(sc, &pl->items[0], NOW, true, -(w - 1920 * 2));
    int ink = 0;
    uint32_t fg = scene_ticker_fg(pl);
    for (int y = 1080 - h; y < 1080; y++)
        for (int x = 0; x < 1920; x++)
            ink += chan_diff(px_at(pb, x, y), fg) < 40;
    ck_assert_int_gt(ink, 1000);
    pixbuf_free(pb);
    scene_free(sc);
    playlist_free(pl);
}
END_TEST

/* The body's size of item i drawn by sc. */
static int body_px(struct scene *sc, const struct playlist *pl, size_t i)
{
    struct slide_env env = scene_item_env(sc, &pl->items[i], NOW, true);
    struct slide_frame f;
    ck_assert(slide_draw(&pl->items[i], &env, &f));
    int px = 0;
    for (int k = 0; k < f.n_elems; k++)
        if (strcmp(f.elems[k].field, "text") == 0)
            px = f.elems[k].px;
    slide_frame_finish(&f);
    return px;
}

/* Neighbouring slogans share a scale: a short one is not three times the
 * size of the long one next to it, though alone it would be. */
START_TEST(playlist_shares_a_scale)
{
    const char *json =
        "{\"version\": 1, \"items\": ["
        "{\"id\": \"a\", \"type\": \"text\", \"text\": \"XIN CHÀO\"},"
        "{\"id\": \"b\", \"type\": \"text\", \"text\": \"Đẩy mạnh chuyển đổi số trong "
        "toàn bộ các cơ quan hành chính nhà nước của phường\"}]}";
    struct playlist *pl = playlist_parse(json, strlen(json), "s.json", "/tmp", NULL);
    ck_assert_ptr_nonnull(pl);
    struct scene *sc = scene_new(fonts, pl, 1920, 1080);
    int a = body_px(sc, pl, 0), b = body_px(sc, pl, 1);
    ck_assert_int_gt(a, 0);
    ck_assert_int_gt(b, 0);
    ck_assert_msg(a * 3 <= b * 4 + 3, "XIN CHÀO at %d px beside %d px", a, b);
    scene_free(sc);
    /* Alone, the short one fills the board. */
    const char *one = "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"text\","
                      " \"text\": \"XIN CHÀO\"}]}";
    struct playlist *pl1 = playlist_parse(one, strlen(one), "s.json", "/tmp", NULL);
    sc = scene_new(fonts, pl1, 1920, 1080);
    ck_assert_int_gt(body_px(sc, pl1, 0), 2 * b);
    scene_free(sc);
    playlist_free(pl1);
    playlist_free(pl);
}
END_TEST

/* Written lines are kept where they fit at a legible size: the issue's
 * "CHUYỂN ĐỔI SỐ\nVÌ NHÂN DÂN" is two lines, not "CHUYỂN / ĐỔI SỐ / VÌ
 * NHÂN DÂN", on every board where each line fits unwrapped; a line too
 * wide for the board still wraps. */
START_TEST(written_lines_kept)
{
    const char *json = "{\"version\": 1, \"items\": [{\"id\": \"a\", \"type\": \"text\","
                       " \"text\": \"CHUYỂN ĐỔI SỐ\\nVÌ NHÂN DÂN\"}, {\"id\": \"b\","
                       " \"type\": \"text\", \"text\": \"ĐẨY MẠNH CHUYỂN ĐỔI SỐ TOÀN DIỆN\\nVÌ "
                       "DÂN\"}]}";
    struct playlist *pl = playlist_parse(json, strlen(json), "k.json", "/tmp", NULL);
    ck_assert_ptr_nonnull(pl);
    for (size_t si = 0; si < N_SIZES; si++) {
        struct scene *sc = scene_new(fonts, pl, sizes[si].w, sizes[si].h);
        for (size_t i = 0; i < 2; i++) {
            struct slide_env env = scene_item_env(sc, &pl->items[i], NOW, true);
            struct slide_frame f;
            ck_assert(slide_draw(&pl->items[i], &env, &f));
            ck_assert_int_eq(f.n_elems, 1);
            int lines = f.elems[0].lines;
            if (i == 0)
                ck_assert_msg(lines == 2, "%dx%d: %d lines", sizes[si].w, sizes[si].h, lines);
            /* 33 letters do not fit a 192-px board at 9 px a letter: the
             * line wraps, or the text scrolls where even that is too tall. */
            if (i == 1 && sizes[si].w <= 192)
                ck_assert_msg(lines > 2 || (lines == 0 && f.marquee), "%dx%d: %d lines",
                              sizes[si].w, sizes[si].h, lines);
            if (i == 1 && sizes[si].w >= 384)
                ck_assert_msg(lines == 2, "%dx%d: %d lines", sizes[si].w, sizes[si].h, lines);
            slide_frame_finish(&f);
        }
        scene_free(sc);
    }
    playlist_free(pl);
}
END_TEST

/* display.safe_area: every element and the ticker band stay inside the
 * picture a TV that overscans by 5 % still shows. */
START_TEST(safe_area_kept)
{
    for (size_t c = 0; c < N_CASES; c++) {
        struct playlist *pl = make_playlist(&cases[c], &themes[0]);
        const struct pl_item *item = cases[c].item && !*cases[c].item ? NULL : &pl->items[0];
        struct scene *sc = scene_new(fonts, pl, 1920, 1080);
        scene_set_safe_area(sc, 5);
        int sx = 96, sy = 54;
        int ty = scene_ticker_y(sc), th = scene_ticker_height(sc);
        ck_assert_int_le(ty + th, 1080 - sy);
        struct slide_env env = scene_item_env(sc, item, NOW, true);
        struct slide_frame f;
        ck_assert(slide_draw(item, &env, &f));
        for (int k = 0; k < f.n_elems; k++) {
            const struct slide_elem *e = &f.elems[k];
            if (f.marquee && strcmp(e->field, "text") == 0)
                continue; /* a scrolling line runs edge to edge, as the ticker */
            ck_assert_msg(e->x >= sx && e->y >= sy && e->x + e->w <= 1920 - sx &&
                              e->y + e->h <= 1080 - sy,
                          "%s: %s at %d,%d %dx%d", cases[c].name, e->field, e->x, e->y, e->w, e->h);
        }
        slide_frame_finish(&f);
        scene_free(sc);
        playlist_free(pl);
    }
}
END_TEST

/* The 134 Vietnamese letters with marks, and the bases they are built on. */
static const char *const vi_letters =
    "àảãáạăằẳẵắặâầẩẫấậèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵđ"
    "ÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬÈẺẼÉẸÊỀỂỄẾỆÌỈĨÍỊÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢÙỦŨÚỤƯỪỬỮỨỰỲỶỸÝỴĐ"
    "aeiouydAEIOUYD";

#define CELL 48
struct glyph_pic {
    char s[8];
    uint8_t px[CELL][CELL];
};

/* One letter in a strike (scale 1), on a fixed baseline. */
static void draw_letter(const char *s, int strike_px, enum font_weight wt, struct glyph_pic *g)
{
    struct text_style st = {.weight = wt,
                            .align = LAYOUT_LEFT,
                            .min_px = 1,
                            .max_px = strike_px,
                            .strikes_only = true,
                            .strike_px = strike_px};
    struct text_block *tb = text_fit(fonts, s, &st, CELL, CELL);
    ck_assert_ptr_nonnull(tb);
    ck_assert_msg(text_block_is_bitmap(tb) && text_block_px(tb) == strike_px, "%s in %d", s,
                  strike_px);
    struct pixbuf *pb = pixbuf_new(CELL, CELL);
    pixbuf_fill(pb, 0, 0, CELL, CELL, 0xff000000u);
    /* The baseline at row 32 whatever the letter's marks. */
    text_block_draw(tb, fonts, pb, 4, 32 - text_block_baseline(tb), 0xffffffffu);
    for (int y = 0; y < CELL; y++)
        for (int x = 0; x < CELL; x++)
            g->px[y][x] = (pb->px[y * pb->stride + x] & 0xff) > 127;
    pixbuf_free(pb);
    text_block_free(tb);
}

/* Whether b is a with a set of pixels moved by at most one pixel: the
 * difference a xor b split into a's own and b's own, one a shift of the
 * other (or too small to see). */
static bool offset_only(const struct glyph_pic *a, const struct glyph_pic *b)
{
    int only_a = 0, only_b = 0;
    for (int y = 0; y < CELL; y++)
        for (int x = 0; x < CELL; x++) {
            only_a += a->px[y][x] && !b->px[y][x];
            only_b += b->px[y][x] && !a->px[y][x];
        }
    if (only_a + only_b < 2)
        return true;
    if (only_a != only_b)
        return false;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            if (!dx && !dy)
                continue;
            bool same = true;
            for (int y = 1; y < CELL - 1 && same; y++)
                for (int x = 1; x < CELL - 1 && same; x++) {
                    bool ea = a->px[y][x] && !b->px[y][x];
                    bool eb = b->px[y + dy][x + dx] && !a->px[y + dy][x + dx];
                    same = ea == eb;
                }
            if (same)
                return true;
        }
    return false;
}

/* Every pair of letters tells apart in every strike used (regular and
 * bold, 9x15 and 10x20; 9x18 is not used, its Ể and Ế differ by one
 * pixel): not the same picture, not one mark moved by a pixel (ố / ồ),
 * not one pixel more or less. */
START_TEST(strike_letters_distinct)
{
    static const int strikes[] = {15, 20};
    static struct glyph_pic pics[200];
    for (int wi = 0; wi < 2; wi++)
        for (size_t si = 0; si < sizeof(strikes) / sizeof(strikes[0]); si++) {
            enum font_weight wt = wi ? FONT_BOLD : FONT_REGULAR;
            size_t n = 0;
            for (const char *p = vi_letters; *p && n < 200;) {
                utf8proc_int32_t cp;
                utf8proc_ssize_t step = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
                ck_assert_int_gt(step, 0);
                memcpy(pics[n].s, p, (size_t)step);
                pics[n].s[step] = '\0';
                draw_letter(pics[n].s, strikes[si], wt, &pics[n]);
                n++;
                p += step;
            }
            int bad = 0;
            for (size_t i = 0; i < n; i++)
                for (size_t j = i + 1; j < n; j++)
                    if (offset_only(&pics[i], &pics[j])) {
                        if (bad++ < 40)
                            printf("%d px %s: %s and %s look alike\n", strikes[si],
                                   wi ? "bold" : "regular", pics[i].s, pics[j].s);
                        for (int y = 8; getenv("LEGIBLE_DUMP") && y < 40; y++) {
                            for (int x = 0; x < 16; x++)
                                putchar(pics[i].px[y][x] ? '#' : '.');
                            putchar(' ');
                            for (int x = 0; x < 16; x++)
                                putchar(pics[j].px[y][x] ? '#' : '.');
                            putchar('\n');
                        }
                    }
            EXPECT(bad == 0, "%d px %s: %d pairs look alike", strikes[si], wi ? "bold" : "regular",
                   bad);
        }
    int v = violations;
    violations = 0;
    ck_assert_int_eq(v, 0);
}
END_TEST

/* Levenshtein distance over code points, for OCR's slips. */
static size_t edit_distance(const char *a, const char *b)
{
    utf8proc_int32_t ca[512], cb[512];
    size_t na = 0, nb = 0;
    for (utf8proc_ssize_t s; *a && na < 512; a += s) {
        s = utf8proc_iterate((const utf8proc_uint8_t *)a, -1, &ca[na]);
        if (s <= 0)
            break;
        na++;
    }
    for (utf8proc_ssize_t s; *b && nb < 512; b += s) {
        s = utf8proc_iterate((const utf8proc_uint8_t *)b, -1, &cb[nb]);
        if (s <= 0)
            break;
        nb++;
    }
    static size_t row[513];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (ca[i - 1] != cb[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[nb];
}

/* Lower case, letters and digits kept, runs of anything else one space. */
static void normalise(const char *s, char *out, size_t n)
{
    char *low = (char *)utf8proc_NFKC_Casefold((const utf8proc_uint8_t *)s);
    size_t o = 0;
    bool space = true;
    for (const char *p = low ? low : s; *p && o + 5 < n;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t st = utf8proc_iterate((const utf8proc_uint8_t *)p, -1, &cp);
        if (st <= 0)
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        bool keep = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                    (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
                    (cat == UTF8PROC_CATEGORY_ND);
        if (keep) {
            memcpy(out + o, p, (size_t)st);
            o += (size_t)st;
            space = false;
        } else if (!space) {
            out[o++] = ' ';
            space = true;
        }
        p += st;
    }
    while (o > 0 && out[o - 1] == ' ')
        o--;
    out[o] = '\0';
    free(low);
}

static int ocr_status;

START_TEST(ocr_grid)
{
    ocr_status = 1;
    snprintf(ocr_dir, sizeof(ocr_dir), "/tmp/bangtin-legible-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(ocr_dir));
    char list[PATH_MAX + 16];
    snprintf(list, sizeof(list), "%s/list.txt", ocr_dir);
    ocr_list = fopen(list, "w");
    ck_assert_ptr_nonnull(ocr_list);
    for (size_t s = 0; s < N_SIZES; s++)
        for (size_t c = 0; c < N_CASES; c++)
            for (size_t t = 0; t < N_THEMES; t++)
                check_slide(c, t, s, &totals);
    fclose(ocr_list);
    ocr_list = NULL;
    char cmd[3 * PATH_MAX];
    /* One tesseract for every crop, pages separated by a marker. */
    snprintf(cmd, sizeof(cmd),
             "tesseract '%s' '%s/out' -l vie --psm 6 -c page_separator='@@PAGE@@' >/dev/null "
             "2>&1",
             list, ocr_dir);
    ck_assert_msg(system(cmd) == 0, "tesseract failed");
    char outp[PATH_MAX + 16];
    snprintf(outp, sizeof(outp), "%s/out.txt", ocr_dir);
    FILE *f = fopen(outp, "r");
    ck_assert_ptr_nonnull(f);
    static char all[1 << 22];
    size_t len = fread(all, 1, sizeof(all) - 1, f);
    all[len] = '\0';
    fclose(f);
    int read = 0, missed = 0;
    char *p = all;
    for (size_t i = 0; i < n_ocr; i++) {
        char *end = strstr(p, "@@PAGE@@");
        if (end)
            *end = '\0';
        char want[512], got[512];
        normalise(ocr_items[i].text, want, sizeof(want));
        normalise(p, got, sizeof(got));
        size_t d = edit_distance(want, got);
        /* OCR's usual slips: a mark in ten letters. */
        if (d * 10 <= strlen(want) + 9)
            read++;
        else {
            missed++;
            printf("not read: %s: want \"%s\" got \"%s\"\n", ocr_items[i].where, want, got);
        }
        p = end ? end + 8 : p + strlen(p);
    }
    printf("grid: %zu slide types x %zu themes x %zu sizes = %d slides, %d text elements\n",
           N_CASES, N_THEMES, N_SIZES, totals.slides, totals.elements);
    printf("fields not shown and warned by check --size: %d; silently missing: %d\n",
           totals.warned_fields, totals.silent);
    printf("OCR: %d of %zu elements read (tesseract -l vie), %d not\n", read, n_ocr, missed);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", ocr_dir);
    ck_assert_int_eq(system(cmd), 0);
    printf("%d passed, %d failed\n", read, missed);
    int v = violations;
    violations = 0;
    ck_assert_int_eq(v, 0);
    ck_assert_int_eq(totals.silent, 0);
    /* Most of the grid reads back; what does not is listed above. */
    ck_assert_msg(missed * 10 <= (int)n_ocr, "%d of %zu not read", missed, n_ocr);
    ocr_status = 0;
}
END_TEST

int main(int argc, char **argv)
{
    bool ocr = argc > 1 && strcmp(argv[1], "ocr") == 0;
    if (ocr && system("command -v tesseract >/dev/null 2>&1") != 0) {
        printf("tesseract is not installed: skipped\n");
        return 77;
    }
    Suite *s = suite_create("legible");
    TCase *tc = tcase_create(ocr ? "ocr" : "grid");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    if (ocr) {
        tcase_add_test(tc, ocr_grid);
    } else {
        tcase_add_loop_test(tc, grid_per_size, 0, (int)N_SIZES);
        tcase_add_test(tc, contrast_warned);
        tcase_add_test(tc, ticker_any_length);
        tcase_add_test(tc, strike_letters_distinct);
        tcase_add_test(tc, playlist_shares_a_scale);
        tcase_add_test(tc, safe_area_kept);
        tcase_add_test(tc, written_lines_kept);
    }
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    /* One process: the grid's counts add up across sizes. */
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (!ocr)
        printf("grid: %d slides, %d text elements, %d fields warned, %d silently missing\n",
               totals.slides, totals.elements, totals.warned_fields, totals.silent);
    return failed || (ocr && ocr_status) ? 1 : 0;
}
