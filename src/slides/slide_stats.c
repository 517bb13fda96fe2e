/* SPDX-License-Identifier: MIT */
/* stats: an infographic drawn from data — a big figure per row and, where
 * the row has a max, a bar of value against max. Labels share one size,
 * figures another, so the rows read as one table rather than a ransom
 * note of separately fitted lines. Where the rows do not fit legibly,
 * fewer rows a page, the pages taking turns; where the title does not fit
 * above even one row, it gets a page of its own. */

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "slides/draw.h"
#include "util/i18n.h"
#include "vn/numfmt.h"

#define ROWS_MAX 16
/* Seconds a page of a paged table stays up. */
#define PAGE_SECONDS 5

/* "86%" or "7.412 người": a unit that is a symbol sticks to the number. */
static void format_value(const struct pl_stat_row *row, char *buf, size_t n)
{
    char num[64];
    numfmt_vi(row->value, 1, num, sizeof(num));
    const char *u = row->unit ? row->unit : "";
    bool symbol = strcmp(u, "%") == 0 || strcmp(u, "‰") == 0 || strcmp(u, "°C") == 0;
    snprintf(buf, n, "%s%s%s", num, *u && !symbol ? " " : "", u);
}

struct table {
    const struct pl_item *item;
    const char *labels[ROWS_MAX];
    char values[ROWS_MAX][96];
    size_t n;
};

/* The largest common size at which strings [first, first + k) fit boxes
 * of w x h (labels may wrap, figures may not); 0 when one does not fit
 * even at the smallest size. */
static int common_px(const struct slide_env *env, const char *const *s, size_t k,
                     enum font_weight wt, bool wrap, int w, int h)
{
    int px = h;
    for (size_t i = 0; i < k; i++) {
        struct text_style st = slide_style(env, wt, LAYOUT_LEFT, slide_small_px(env), px);
        st.balance = false;
        struct text_block *tb = text_fit(env->fonts, s[i], &st, wrap ? w : w, h);
        if (!tb)
            return 0;
        bool ok = text_block_fits(tb) && (wrap || text_block_lines(tb) == 1);
        int got = text_block_px(tb);
        text_block_free(tb);
        if (!ok)
            return 0;
        px = got < px ? got : px;
    }
    return px;
}

static void put_at(const struct slide_env *env, struct slide_frame *out, const char *field,
                   const char *s, enum font_weight wt, enum layout_align align, int px, int x,
                   int y, int w, int h, uint32_t fg, uint32_t bg)
{
    struct text_style st = slide_style(env, wt, align, slide_small_px(env), px);
    st.balance = false;
    struct text_block *tb = text_fit(env->fonts, s, &st, w, h);
    if (tb && text_block_fits(tb))
        slide_put_block(env, out, field, s, tb, x, y + (h - text_block_height(tb)) / 2, fg, bg);
    text_block_free(tb);
}

static void draw_bar(const struct slide_env *env, struct slide_frame *out,
                     const struct pl_stat_row *row, size_t r, int x, int y, int w, int h,
                     const struct slide_theme *th)
{
    (void)env;
    if (!row->has_max || row->max <= 0 || h <= 0)
        return;
    double frac = row->value / row->max;
    frac = frac < 0 ? 0 : frac > 1 ? 1 : frac;
    if (out->pb) {
        pixbuf_fill(out->pb, x, y, w, h, th->track);
        pixbuf_fill(out->pb, x, y, (int)lround(w * frac), h, th->accent);
    }
    char field[SLIDE_FIELD_MAX];
    snprintf(field, sizeof(field), "rows[%zu].bar", r);
    slide_record(out, field, NULL, x, y, w, h, th->accent, th->bg, 0, false);
}

/* Rows [first, first + k) in the box; false when a text does not fit. */
/* A narrow board: each row's label on one line, its figure under it. */
static bool draw_rows_stacked(const struct slide_env *env, struct slide_frame *out,
                              const struct table *t, size_t first, size_t k, int x, int y, int w,
                              int h, const struct slide_theme *th)
{
    int gap = slide_margin_y(env) / 2 > 1 ? slide_margin_y(env) / 2 : 1;
    int row_h = (h - gap * (int)(k - 1)) / (int)k;
    int small = slide_small_px(env);
    if (row_h < 2 * small)
        return false;
    int text_h = (row_h - gap) / 2;
    const char *vals[ROWS_MAX] = {0};
    for (size_t i = 0; i < k && i < ROWS_MAX; i++)
        vals[i] = t->values[first + i];
    int vpx = common_px(env, vals, k, FONT_EXTRABOLD, false, w, text_h);
    int lpx = common_px(env, t->labels + first, k, FONT_SEMIBOLD, true, w, text_h);
    if (vpx == 0 || lpx == 0)
        return false;
    for (size_t i = first; i < first + k; i++) {
        int ry = y + (int)(i - first) * (row_h + gap);
        char field[SLIDE_FIELD_MAX];
        snprintf(field, sizeof(field), "rows[%zu].label", i);
        put_at(env, out, field, t->labels[i], FONT_SEMIBOLD, LAYOUT_CENTER, lpx, x, ry, w, text_h,
               th->secondary, th->bg);
        snprintf(field, sizeof(field), "rows[%zu].value", i);
        put_at(env, out, field, t->values[i], FONT_EXTRABOLD, LAYOUT_CENTER, vpx, x,
               ry + text_h + gap, w, row_h - text_h - gap, th->accent, th->bg);
    }
    return true;
}

static bool draw_rows(const struct slide_env *env, struct slide_frame *out, const struct table *t,
                      size_t first, size_t k, int x, int y, int w, int h,
                      const struct slide_theme *th)
{
    int gap = slide_margin_y(env) / 2 > 1 ? slide_margin_y(env) / 2 : 1;
    int row_h = (h - gap * (int)(k - 1)) / (int)k;
    int small = slide_small_px(env);
    if (row_h < small)
        return false;
    bool any_bar = false;
    for (size_t i = first; i < first + k; i++)
        any_bar |= t->item->rows[i].has_max && t->item->rows[i].max > 0;
    /* A bar under the text where the row has room for one. */
    int bar_h = any_bar ? row_h / 6 : 0;
    if (row_h - bar_h - 1 < small)
        bar_h = row_h - small - 1 >= 2 ? 2 : 0;
    int text_h = row_h - (bar_h ? bar_h + 1 : 0);
    const char *vals[ROWS_MAX] = {0};
    for (size_t i = 0; i < k && i < ROWS_MAX; i++)
        vals[i] = t->values[first + i];
    /* The figure's column: the widest figure at the size they share. */
    int vpx = common_px(env, vals, k, FONT_EXTRABOLD, false, w * 45 / 100, text_h);
    if (vpx == 0)
        return false;
    int col = 0;
    for (size_t i = 0; i < k; i++) {
        struct text_style st = slide_style(env, FONT_EXTRABOLD, LAYOUT_LEFT, small, vpx);
        struct text_block *tb = text_fit(env->fonts, vals[i], &st, w * 45 / 100, text_h);
        if (tb && text_block_width(tb) > col)
            col = text_block_width(tb);
        text_block_free(tb);
    }
    int sep = slide_margin_x(env) * 2, lw = w - col - sep;
    /* Labels a little smaller than the figures: the figure is the news. */
    int lmax = slide_bitmap(env) ? text_h : text_h * 70 / 100;
    int lpx = lw > 0 ? common_px(env, t->labels + first, k, FONT_SEMIBOLD, true, lw, text_h) : 0;
    if (lpx == 0)
        return false;
    lpx = lpx > lmax && lmax >= small ? lmax : lpx;
    for (size_t i = first; i < first + k; i++) {
        int ry = y + (int)(i - first) * (row_h + gap);
        char field[SLIDE_FIELD_MAX];
        snprintf(field, sizeof(field), "rows[%zu].label", i);
        put_at(env, out, field, t->labels[i], FONT_SEMIBOLD, LAYOUT_LEFT, lpx, x, ry, lw, text_h,
               th->secondary, th->bg);
        snprintf(field, sizeof(field), "rows[%zu].value", i);
        put_at(env, out, field, t->values[i], FONT_EXTRABOLD, LAYOUT_RIGHT, vpx, x + w - col, ry,
               col, text_h, th->accent, th->bg);
        if (bar_h)
            draw_bar(env, out, &t->item->rows[i], i, x, ry + text_h + 1, w, bar_h, th);
    }
    return true;
}

/* How the table pages: rows a page, and whether the title has its own. */
struct paging {
    size_t per_page;
    bool stacked; /* label above figure */
    bool title_page;
    bool title_fits;
    size_t pages;
};

/* The title's box: an eighth of the height on a TV, a line on a board. */
static int title_box(const struct slide_env *env, int h)
{
    int tb = h / 7, small = slide_small_px(env) + 2;
    return tb < small ? small : tb;
}

/* Lays out page `page` into out (a probe frame without pixels measures). */
static bool draw_page(const struct slide_env *env, struct slide_frame *out, const struct table *t,
                      const struct paging *pg, size_t page, const struct slide_theme *th)
{
    int mx = slide_margin_x(env), my = slide_margin_y(env);
    int x = mx, y = my, w = env->w - 2 * mx, h = env->h - 2 * my;
    const char *title = t->item->title && *t->item->title ? t->item->title : NULL;
    if (title && pg->title_page && page == 0) {
        struct slide_put p = {.field = "title",
                              .text = title,
                              .weight = FONT_BOLD,
                              .align = LAYOUT_CENTER,
                              .fg = th->fg,
                              .bg = th->bg};
        bool fits = true;
        slide_put(env, out, &p, x, y, w, h, &fits);
        return fits;
    }
    if (title && !pg->title_page) {
        struct slide_put p = {.field = "title",
                              .text = title,
                              .weight = FONT_BOLD,
                              .align = LAYOUT_CENTER,
                              .fg = th->fg,
                              .bg = th->bg};
        bool fits = true;
        int used = slide_put(env, out, &p, x, y, w, title_box(env, h), &fits);
        if (!fits)
            return false;
        y += used + my;
        h -= used + my;
    }
    if (t->n == 0)
        return true;
    size_t rp = page - (pg->title_page ? 1 : 0);
    size_t first = rp * pg->per_page;
    size_t k = t->n - first < pg->per_page ? t->n - first : pg->per_page;
    /* A short last page keeps the rows' height of the others. */
    int gap = my / 2 > 1 ? my / 2 : 1;
    int row_h = (h - gap * (int)(pg->per_page - 1)) / (int)pg->per_page;
    int kh = row_h * (int)k + gap * (int)(k - 1);
    if (pg->stacked)
        return draw_rows_stacked(env, out, t, first, k, x, y + (h - kh) / 2, w, kh, th);
    return draw_rows(env, out, t, first, k, x, y + (h - kh) / 2, w, kh, th);
}

static bool page_fits(const struct slide_env *env, const struct table *t, const struct paging *pg,
                      const struct slide_theme *th)
{
    for (size_t p = 0; p < pg->pages; p++) {
        struct slide_frame probe = {0};
        if (!draw_page(env, &probe, t, pg, p, th))
            return false;
    }
    return true;
}

/* The fewest pages that show every row legibly. */
static bool plan(const struct slide_env *env, const struct table *t, const struct slide_theme *th,
                 struct paging *pg)
{
    bool titled = t->item->title && *t->item->title;
    size_t n = t->n ? t->n : 1;
    for (int mode = 0; mode < (titled ? 4 : 2); mode++)
        for (size_t k = n; k >= 1; k--) {
            int tp = mode / 2;
            *pg = (struct paging){.per_page = k, .title_page = tp == 1, .stacked = mode % 2 == 1};
            pg->pages = (t->n + k - 1) / k + (tp == 1 ? 1 : 0);
            if (pg->pages == 0)
                pg->pages = 1;
            if (page_fits(env, t, pg, th))
                return true;
        }
    /* Nothing fits: one row a page, the title apart; check says why. */
    *pg = (struct paging){.per_page = 1, .title_page = titled, .stacked = true};
    pg->pages = t->n + (titled ? 1 : 0);
    return false;
}

static void table_make(const struct pl_item *item, struct table *t)
{
    t->item = item;
    t->n = item->n_rows < ROWS_MAX ? item->n_rows : ROWS_MAX;
    for (size_t i = 0; i < t->n; i++) {
        t->labels[i] = item->rows[i].label ? item->rows[i].label : "";
        format_value(&item->rows[i], t->values[i], sizeof(t->values[i]));
    }
}

static bool stats_draw(const struct pl_item *item, const struct slide_env *env,
                       struct slide_frame *out)
{
    struct table t;
    table_make(item, &t);
    struct slide_theme th = slide_theme_of(item);
    struct paging pg;
    plan(env, &t, &th, &pg);
    /* Pages that cannot be drawn legibly (check said so) are skipped,
     * never shown blank. */
    size_t shown[ROWS_MAX + 1], n_shown = 0;
    for (size_t p = 0; p < pg.pages && n_shown < ROWS_MAX + 1; p++) {
        struct slide_frame probe = {0};
        if (pg.pages == 1 || draw_page(env, &probe, &t, &pg, p, &th))
            shown[n_shown++] = p;
    }
    if (n_shown == 0)
        return true; /* the background: check said [too-small] for all */
    size_t page = shown[(size_t)(env->now / PAGE_SECONDS) % n_shown];
    if (n_shown > 1)
        out->redraw_at = (env->now / PAGE_SECONDS + 1) * PAGE_SECONDS;
    draw_page(env, out, &t, &pg, page, &th);
    return true;
}

static bool stats_fits(const struct pl_item *item, const struct slide_env *env,
                       const struct slide_check *c)
{
    struct table t;
    table_make(item, &t);
    struct slide_theme th = slide_theme_of(item);
    struct paging pg;
    if (plan(env, &t, &th, &pg))
        return true;
    /* Name what does not fit even alone on a page. */
    for (size_t p = 0; p < pg.pages; p++) {
        struct slide_frame probe = {0};
        if (draw_page(env, &probe, &t, &pg, p, &th))
            continue;
        if (pg.title_page && p == 0)
            slide_check_warn(c, "title", "too-small",
                             _("the title does not fit a %dx%d board even on a page of its own; "
                               "shorten it"),
                             c ? c->board_w : env->w, c ? c->board_h : env->h);
        else {
            char field[SLIDE_FIELD_MAX];
            snprintf(field, sizeof(field), "rows[%zu]", p - (pg.title_page ? 1 : 0));
            slide_check_warn(c, field, "too-small",
                             _("the row's label or figure does not fit a %dx%d board even on "
                               "a page of its own; shorten the label"),
                             c ? c->board_w : env->w, c ? c->board_h : env->h);
        }
    }
    return false;
}

const struct slide_type slide_type_stats = {
    .type = PL_STATS, .name = "stats", .draw = stats_draw, .fits = stats_fits};
