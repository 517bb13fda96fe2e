/* SPDX-License-Identifier: MIT */
#include "slides/draw.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"

uint32_t slide_mix(uint32_t a, uint32_t b, int pct)
{
    uint32_t r = 0xff000000u;
    for (int s = 0; s <= 16; s += 8) {
        unsigned ca = (a >> s) & 0xff, cb = (b >> s) & 0xff;
        r |= ((ca * (100u - (unsigned)pct) + cb * (unsigned)pct) / 100u) << s;
    }
    return r;
}

/* WCAG 2 relative luminance of an sRGB colour. */
static double luminance(uint32_t c)
{
    double l = 0;
    static const double k[3] = {0.0722, 0.7152, 0.2126}; /* b, g, r */
    for (int i = 0; i < 3; i++) {
        double v = ((c >> (8 * i)) & 0xff) / 255.0;
        v = v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
        l += k[i] * v;
    }
    return l;
}

double slide_contrast(uint32_t a, uint32_t b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

uint32_t slide_band_color(uint32_t bg, uint32_t fg)
{
    /* Away from the text: darker under light text, lighter under dark;
     * either way the text reads better on the band than on bg. */
    uint32_t away = luminance(fg) > luminance(bg) ? 0xff000000u : 0xffffffffu;
    return slide_mix(bg, away, 35);
}

struct slide_theme slide_theme_make(struct pl_color bgc, struct pl_color fgc,
                                    const struct pl_color *accent)
{
    struct slide_theme t = {.bg = slide_argb(bgc), .fg = slide_argb(fgc)};
    /* Secondary text is the colour a little towards the background, as far
     * as the contrast allows; with a weak pair of colours it stays fg. */
    t.secondary = t.fg;
    static const int steps[] = {30, 20, 10};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        uint32_t c = slide_mix(t.fg, t.bg, steps[i]);
        if (slide_contrast(c, t.bg) >= SLIDE_MIN_CONTRAST) {
            t.secondary = c;
            break;
        }
    }
    t.accent = t.fg;
    if (accent && slide_contrast(slide_argb(*accent), t.bg) >= SLIDE_MIN_CONTRAST)
        t.accent = slide_argb(*accent);
    /* A bar's track: the background moved a quarter towards the text, so
     * the empty part shows and the filled part stands out from it. */
    t.track = slide_mix(t.bg, t.fg, 22);
    return t;
}

struct slide_theme slide_theme_of(const struct pl_item *item)
{
    return slide_theme_make(item->background, item->color, item->has_accent ? &item->accent : NULL);
}

static int margin(const struct slide_env *env, int safe)
{
    /* 4 % of the short side keeps ink off the edge of a TV's overscan and
     * the frame of an LED cabinet, but at least 2 px on tiny boards. */
    int s = env->w < env->h ? env->w : env->h;
    int m = s * 4 / 100;
    m = m < 2 ? 2 : m;
    return safe > m ? safe : m;
}

int slide_margin_x(const struct slide_env *env)
{
    return margin(env, env->safe_x);
}

int slide_margin_y(const struct slide_env *env)
{
    return margin(env, env->safe_y);
}

int slide_text_min_px(const struct slide_env *env)
{
    /* Below this em size a slogan is not read from across the street; it
     * scrolls instead (and `check` says [too-long]). */
    int s = env->h < env->w ? env->h : env->w;
    int px = s / 24;
    return px < 10 ? 10 : px;
}

bool slide_compact(const struct slide_env *env)
{
    return env->h < SLIDE_COMPACT_H;
}

bool slide_bitmap(const struct slide_env *env)
{
    return env->h < SLIDE_BITMAP_H;
}

int slide_small_px(const struct slide_env *env)
{
    /* The smallest strike carries every mark; an outline needs about
     * 11 px before its stacked marks stop touching. */
    return slide_bitmap(env) ? 15 : 11;
}

struct text_style slide_style(const struct slide_env *env, enum font_weight weight,
                              enum layout_align align, int min_px, int max_px)
{
    bool bm = slide_bitmap(env);
    return (struct text_style){
        .weight = weight,
        .align = align,
        .min_px = min_px,
        .max_px = max_px < min_px ? min_px : max_px,
        .balance = true,
        .keep_lines = true,
        .no_strikes = !bm,
        .strikes_only = bm,
    };
}

void slide_record(struct slide_frame *out, const char *field, const char *text, int x, int y, int w,
                  int h, uint32_t fg, uint32_t bg, int px, bool bitmap)
{
    if (!out || out->n_elems >= SLIDE_ELEMS_MAX)
        return;
    struct slide_elem *e = &out->elems[out->n_elems++];
    snprintf(e->field, sizeof(e->field), "%s", field ? field : "");
    snprintf(e->text, sizeof(e->text), "%s", text ? text : "");
    e->x = x, e->y = y, e->w = w, e->h = h;
    e->fg = fg, e->bg = bg;
    e->px = px;
    e->bitmap = bitmap;
}

void slide_put_block(const struct slide_env *env, struct slide_frame *out, const char *field,
                     const char *text, const struct text_block *tb, int x, int y, uint32_t fg,
                     uint32_t bg)
{
    if (!tb || text_block_lines(tb) == 0)
        return;
    if (out && out->pb)
        text_block_draw(tb, env->fonts, out->pb, x, y, fg);
    int x0, x1;
    text_block_ink_x(tb, &x0, &x1);
    slide_record(out, field, text, x + x0, y, x1 - x0, text_block_height(tb), fg, bg,
                 text_block_px(tb), text_block_is_bitmap(tb));
    if (out && out->n_elems > 0)
        out->elems[out->n_elems - 1].lines = (int)text_block_lines(tb);
}

int slide_put(const struct slide_env *env, struct slide_frame *out, const struct slide_put *p,
              int x, int y, int w, int h, bool *fits)
{
    if (w <= 0 || h <= 0 || !p->text || !*p->text)
        return 0;
    int min_px = p->min_px > 0 ? p->min_px : slide_small_px(env);
    int max_px = p->max_px > 0 ? p->max_px : h;
    struct text_style st = slide_style(env, p->weight, p->align, min_px, max_px);
    struct text_block *tb = text_fit(env->fonts, p->text, &st, w, h);
    if (!tb)
        return 0;
    int th = text_block_height(tb);
    bool ok = text_block_fits(tb);
    if (fits && !ok)
        *fits = false;
    /* What does not fit its box is not drawn over its neighbours. */
    if (ok)
        slide_put_block(env, out, p->field, p->text, tb, x, y + (h - th) / 2, p->fg, p->bg);
    text_block_free(tb);
    return ok ? th : 0;
}

void slide_check_warn(const struct slide_check *c, const char *field, const char *code,
                      const char *fmt, ...)
{
    if (!c || !c->diags)
        return;
    const struct pl_item *it = &c->pl->items[c->index];
    char path[96], msg[512];
    snprintf(path, sizeof(path), "items[%zu]%s%s", c->index, field && *field ? "." : "",
             field ? field : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    diag_add(c->diags, DIAG_WARNING, c->pl->file, it->line, it->col, path, code, "%s", msg);
}

#define STACK_MAX 8

static size_t written_lines(const char *s)
{
    size_t n = 1;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

bool slide_stack(const struct slide_env *env, struct slide_frame *out, const struct slide_check *c,
                 const struct slide_row *rows, int n, int x, int y, int w, int h, uint32_t bg,
                 bool *all)
{
    if (n > STACK_MAX)
        n = STACK_MAX;
    int alt[STACK_MAX], min_h[STACK_MAX];
    bool keep[STACK_MAX];
    int gap = h / 30 > 2 ? h / 30 : 2;
    /* The smallest height of each row, with the first alternative whose
     * line fits the width at its smallest size. */
    for (int i = 0; i < n; i++) {
        keep[i] = false;
        alt[i] = -1;
        min_h[i] = 0;
        int min_px = rows[i].min_px > 0 ? rows[i].min_px : slide_small_px(env);
        struct text_style st = slide_style(env, rows[i].weight, LAYOUT_CENTER, min_px, min_px);
        for (int a = 0; a < SLIDE_ROW_ALTS && rows[i].text[a]; a++) {
            if (!*rows[i].text[a])
                break;
            struct text_block *tb = text_fit(env->fonts, rows[i].text[a], &st, w, h);
            if (!tb)
                return false;
            /* A longer form must not wrap; the last one may. */
            bool last = a + 1 == SLIDE_ROW_ALTS || !rows[i].text[a + 1];
            bool ok = text_block_fits(tb) &&
                      (last || text_block_lines(tb) <= written_lines(rows[i].text[a]));
            int th = text_block_height(tb);
            text_block_free(tb);
            if (ok) {
                alt[i] = a;
                min_h[i] = th;
                keep[i] = true;
                break;
            }
        }
        if (!keep[i] && rows[i].text[0] && *rows[i].text[0]) {
            slide_check_warn(c, NULL, "dropped",
                             _("the %s is not shown: it does not fit a board %d px wide even at "
                               "the smallest legible size"),
                             _(rows[i].field), c ? c->board_w : env->w);
            if (all)
                *all = false;
        }
    }
    /* Too tall: drop optional rows from the bottom, then the others. */
    for (int pass = 0; pass < 2; pass++)
        for (int i = n - 1; i >= 0; i--) {
            int total = 0, kept = 0;
            for (int k = 0; k < n; k++)
                if (keep[k])
                    total += min_h[k], kept++;
            total += kept > 1 ? (kept - 1) * gap : 0;
            if (total <= h)
                break;
            if (!keep[i] || (pass == 0 && !rows[i].optional))
                continue;
            keep[i] = false;
            slide_check_warn(c, NULL, "dropped",
                             _("the %s is not shown: a %dx%d board has no room for it at the "
                               "smallest legible size"),
                             _(rows[i].field), c ? c->board_w : env->w, c ? c->board_h : env->h);
            if (all)
                *all = false;
        }
    int total = 0, kept = 0, shares = 0;
    for (int k = 0; k < n; k++)
        if (keep[k])
            total += min_h[k], kept++, shares += rows[k].share;
    if (kept == 0)
        return true;
    total += (kept - 1) * gap;
    int spare = h - total;
    /* Fit each row in its box, then centre the stack as drawn. */
    struct text_block *tb[STACK_MAX] = {0};
    int used = 0;
    for (int i = 0; i < n; i++) {
        if (!keep[i])
            continue;
        int box = min_h[i] + (shares > 0 ? spare * rows[i].share / shares : 0);
        int min_px = rows[i].min_px > 0 ? rows[i].min_px : slide_small_px(env);
        /* The box bounds the ink; a strike's cell (its nominal size) is
         * taller than its ink, digits most of all. */
        int max_px = slide_bitmap(env) ? box * 3 / 2 : box;
        struct text_style st = slide_style(env, rows[i].weight, LAYOUT_CENTER, min_px, max_px);
        tb[i] = text_fit(env->fonts, rows[i].text[alt[i]], &st, w, box);
        if (!tb[i] || !text_block_fits(tb[i])) {
            /* Hinting noise at the box's edge: the smallest size fits. */
            text_block_free(tb[i]);
            st.max_px = min_px;
            tb[i] = text_fit(env->fonts, rows[i].text[alt[i]], &st, w, h);
        }
        if (tb[i])
            used += text_block_height(tb[i]);
    }
    used += (kept - 1) * gap;
    int spare_gap = kept > 1 && h > used ? (h - used) / (kept + 1) : 0;
    spare_gap = spare_gap > gap * 3 ? gap * 3 : spare_gap;
    int block = used + spare_gap * (kept - 1);
    int cy = y + (h - block) / 2;
    for (int i = 0; i < n; i++) {
        if (!tb[i])
            continue;
        slide_put_block(env, out, rows[i].field, rows[i].text[alt[i]], tb[i], x, cy, rows[i].fg,
                        bg);
        cy += text_block_height(tb[i]) + gap + spare_gap;
        text_block_free(tb[i]);
    }
    return true;
}
