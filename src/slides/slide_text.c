/* SPDX-License-Identifier: MIT */
/* text: a fitted slogan with an optional title.
 *
 * The title sits above the slogan with a rule under it. Where a small
 * board cannot hold both legibly, the slide pages: the title alone, then
 * the slogan, each for half the page cycle; nothing is dropped. A slogan
 * that does not fit at the minimum legible size scrolls on one line. */

#include <string.h>

#include "slides/draw.h"
#include "slides/marquee.h"
#include "util/i18n.h"

/* Seconds a page of a paged slide stays up. */
#define PAGE_SECONDS 4

struct plan {
    int x, w;                 /* columns inside the margins */
    struct text_block *title; /* owned, may be NULL */
    int title_y, rule_y, rule_h;
    struct text_block *body; /* owned, may be NULL (scrolls, or another page) */
    int body_y, body_h;      /* the body's box */
    bool paged;              /* title and body take turns */
    bool scrolls;            /* the body does not fit: marquee */
    bool title_fits;
};

static void plan_finish(struct plan *p)
{
    text_block_free(p->title);
    text_block_free(p->body);
    *p = (struct plan){0};
}

static struct text_block *fit_in(const struct slide_env *env, const char *s, enum font_weight wt,
                                 int min_px, int w, int h)
{
    struct text_style st = slide_style(env, wt, LAYOUT_CENTER, min_px, h);
    return text_fit(env->fonts, s, &st, w, h);
}

/* The body: as large as fits, but no larger than the playlist's scale. */
static struct text_block *fit_body(const struct slide_env *env, const char *s, int min_px, int w,
                                   int h)
{
    int max = env->text_max_px > 0 && env->text_max_px < h ? env->text_max_px : h;
    struct text_style st = slide_style(env, FONT_BOLD, LAYOUT_CENTER, min_px, max);
    return text_fit(env->fonts, s, &st, w, h);
}

/* page: 0 the title (or everything when not paged), 1 the body. */
static bool plan_make(const struct pl_item *item, const struct slide_env *env, int page,
                      struct plan *p)
{
    *p = (struct plan){0};
    int mx = slide_margin_x(env), my = slide_margin_y(env);
    p->x = mx, p->w = env->w - 2 * mx;
    int y = my, h = env->h - 2 * my;
    int min_px = slide_text_min_px(env);
    const char *text = item->text ? item->text : "";
    const char *title = item->title && *item->title ? item->title : NULL;

    if (title) {
        /* An eighth of the height on a TV; a legible line on a small board. */
        int th = h / 8, small = slide_small_px(env) + 2;
        th = th < small ? small : th;
        p->title = fit_in(env, title, FONT_SEMIBOLD, slide_small_px(env), p->w, th);
        if (!p->title)
            return false;
        p->title_fits = text_block_fits(p->title);
        int used = text_block_height(p->title) + my;
        p->title_y = y;
        p->rule_h = h / 120 > 1 ? h / 120 : 1;
        p->rule_y = y + used - my / 2 - p->rule_h / 2;
        p->body_y = y + used;
        p->body_h = h - used;
        p->body = fit_body(env, text, min_px, p->w, p->body_h);
        if (!p->body)
            return false;
        if (p->title_fits && text_block_fits(p->body))
            return true;
        /* Both do not fit together: the title and the body take turns,
         * each with the whole slide. */
        text_block_free(p->title);
        text_block_free(p->body);
        p->title = p->body = NULL;
        p->paged = true;
        if (page == 0) {
            p->title = fit_in(env, title, FONT_BOLD, slide_small_px(env), p->w, h);
            if (!p->title)
                return false;
            p->title_fits = text_block_fits(p->title);
            p->title_y = y + (h - text_block_height(p->title)) / 2;
            return true;
        }
    }
    p->body_y = y, p->body_h = h;
    p->body = fit_body(env, text, min_px, p->w, h);
    if (!p->body)
        return false;
    p->scrolls = !text_block_fits(p->body);
    return true;
}

static bool text_fits(const struct pl_item *item, const struct slide_env *env,
                      const struct slide_check *c)
{
    bool ok = true;
    for (int page = 0; page < 2; page++) {
        struct plan p;
        if (!plan_make(item, env, page, &p))
            return false;
        if (p.title && !p.title_fits) {
            slide_check_warn(c, "title", "too-small",
                             _("the title does not fit a %dx%d board even on a page of its "
                               "own; shorten it"),
                             c ? c->board_w : env->w, c ? c->board_h : env->h);
            ok = false;
        }
        if (p.body && (p.scrolls || !text_block_fits(p.body))) {
            slide_check_warn(c, "text", "too-long",
                             _("does not fit a %dx%d board at the smallest legible size and "
                               "will scroll; shorten it or split it into two items"),
                             c ? c->board_w : env->w, c ? c->board_h : env->h);
            ok = false;
        }
        bool paged = p.paged;
        plan_finish(&p);
        if (!paged)
            break;
    }
    return ok;
}

static bool text_draw(const struct pl_item *item, const struct slide_env *env,
                      struct slide_frame *out)
{
    struct slide_theme th = slide_theme_of(item);
    int page = (int)((env->now / PAGE_SECONDS) % 2);
    struct plan p;
    if (!plan_make(item, env, page, &p))
        return false;
    if (p.paged)
        out->redraw_at = (env->now / PAGE_SECONDS + 1) * PAGE_SECONDS;
    if (p.title && p.title_fits) {
        slide_put_block(env, out, "title", item->title, p.title, p.x, p.title_y, th.fg, th.bg);
        if (!p.paged)
            pixbuf_fill(out->pb, p.x + p.w / 4, p.rule_y, p.w / 2, p.rule_h, th.secondary);
    }
    if (p.body && !p.scrolls) {
        slide_put_block(env, out, "text", item->text, p.body, p.x,
                        p.body_y + (p.body_h - text_block_height(p.body)) / 2, th.fg, th.bg);
    } else if (p.body) {
        /* Too long for the board at a legible size: one scrolling line. */
        int min_px = slide_text_min_px(env);
        int strip_h = p.body_h < min_px * 2 ? p.body_h : min_px * 2;
        struct text_style st = slide_style(env, FONT_BOLD, LAYOUT_LEFT, 0, strip_h);
        out->marquee = marquee_new(env->fonts, item->text, &st, strip_h, th.fg, th.bg, 0);
        out->marquee_y = p.body_y + (p.body_h - strip_h) / 2;
        if (out->marquee) {
            marquee_draw(out->marquee, out->pb, out->marquee_y, 0);
            slide_record(out, "text", item->text, 0, out->marquee_y, env->w, strip_h, th.fg, th.bg,
                         strip_h, slide_bitmap(env));
        }
        plan_finish(&p);
        return out->marquee != NULL;
    }
    plan_finish(&p);
    return true;
}

/* The size the slogan would take alone: what the playlist's scale is
 * made of. 0 when it scrolls or pages. */
static int text_natural_px(const struct pl_item *item, const struct slide_env *env)
{
    struct slide_env e = *env;
    e.text_max_px = 0;
    struct plan p;
    if (!plan_make(item, &e, 0, &p))
        return 0;
    int px = !p.paged && !p.scrolls && p.body ? text_block_px(p.body) : 0;
    plan_finish(&p);
    return px;
}

const struct slide_type slide_type_text = {.type = PL_TEXT,
                                           .name = "text",
                                           .draw = text_draw,
                                           .fits = text_fits,
                                           .natural_px = text_natural_px};
