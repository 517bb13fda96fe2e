/* SPDX-License-Identifier: MIT */
#include "slides/textcheck.h"

#include <stdio.h>
#include <string.h>
#include <utf8proc.h>

#include "slides/draw.h"
#include "slides/scene.h"
#include "slides/slide.h"
#include "text/text.h"
#include "util/i18n.h"

#define MISSING_MAX 16

static void check_glyphs(struct font_set *fs, const struct playlist *pl, const char *s, int line,
                         int col, const char *path, struct diag_list *diags)
{
    if (!s || !*s)
        return;
    uint32_t cps[MISSING_MAX];
    size_t n = text_missing_chars(fs, s, cps, MISSING_MAX);
    for (size_t i = 0; i < n && i < MISSING_MAX; i++) {
        char ch[8] = {0};
        utf8proc_encode_char((utf8proc_int32_t)cps[i], (utf8proc_uint8_t *)ch);
        diag_add(diags, DIAG_WARNING, pl->file, line, col, path, "missing-glyph",
                 _("U+%04X (%s) is in none of the bundled fonts and will not be shown; replace "
                   "it with letters or a symbol the fonts have"),
                 (unsigned)cps[i], ch);
    }
    if (n > MISSING_MAX)
        diag_add(diags, DIAG_WARNING, pl->file, line, col, path, "missing-glyph",
                 _("%zu more characters are in none of the bundled fonts"), n - MISSING_MAX);
}

/* The staff's own pair of colours below WCAG 2's 4.5:1: name the ratio
 * and a fix (black or white text, whichever reads better). */
static void check_contrast(const struct playlist *pl, struct pl_color bg, struct pl_color fg,
                           int line, int col, const char *path, struct diag_list *diags)
{
    uint32_t b = slide_argb(bg), f = slide_argb(fg);
    double r = slide_contrast(b, f);
    if (r >= SLIDE_MIN_CONTRAST)
        return;
    /* Black or white text, whichever reads better on bg; or keep the
     * colour on a background moved away from it. */
    bool white = slide_contrast(b, 0xffffffffu) >= slide_contrast(b, 0xff000000u);
    diag_add(diags, DIAG_WARNING, pl->file, line, col, path, "contrast",
             _("color #%02x%02x%02x on background #%02x%02x%02x has a contrast of %.1f:1, under "
               "the 4.5:1 that text needs to be read from the street; use \"color\": \"%s\" "
               "(%.1f:1) or a %s background"),
             fg.r, fg.g, fg.b, bg.r, bg.g, bg.b, r, white ? "#ffffff" : "#000000",
             slide_contrast(b, white ? 0xffffffffu : 0xff000000u),
             slide_contrast(f, 0xff000000u) > slide_contrast(f, 0xffffffffu) ? _("darker")
                                                                             : _("lighter"));
}

void textcheck_playlist(struct font_set *fs, const struct playlist *pl, int board_w, int board_h,
                        struct diag_list *diags)
{
    textcheck_playlist_safe(fs, pl, board_w, board_h, 0, diags);
}

void textcheck_playlist_safe(struct font_set *fs, const struct playlist *pl, int board_w,
                             int board_h, int safe_area, struct diag_list *diags)
{
    /* The slides get the board minus the ticker band, as in scene.c. */
    int slide_h = board_h;
    if (pl->has_ticker && pl->ticker_text && *pl->ticker_text) {
        slide_h -= scene_ticker_band(board_h) + board_h * safe_area / 100;
        check_glyphs(fs, pl, pl->ticker_text, 0, 0, "ticker.text", diags);
    }
    check_glyphs(fs, pl, pl->name, 0, 0, "name", diags);
    check_contrast(pl, pl->background, pl->color, 0, 0, "defaults.color", diags);

    char path[96];
    for (size_t i = 0; i < pl->n_items; i++) {
        const struct pl_item *it = &pl->items[i];
        int l = it->line, c = it->col;
        snprintf(path, sizeof(path), "items[%zu].text", i);
        check_glyphs(fs, pl, it->text, l, c, path, diags);
        snprintf(path, sizeof(path), "items[%zu].title", i);
        check_glyphs(fs, pl, it->title, l, c, path, diags);
        snprintf(path, sizeof(path), "items[%zu].label", i);
        check_glyphs(fs, pl, it->label, l, c, path, diags);
        for (size_t r = 0; r < it->n_rows; r++) {
            snprintf(path, sizeof(path), "items[%zu].rows[%zu].label", i, r);
            check_glyphs(fs, pl, it->rows[r].label, l, c, path, diags);
            snprintf(path, sizeof(path), "items[%zu].rows[%zu].unit", i, r);
            check_glyphs(fs, pl, it->rows[r].unit, l, c, path, diags);
        }
        /* An item with colours of its own that differ from the defaults'
         * (the defaults were checked once above). */
        bool own = memcmp(&it->background, &pl->background, sizeof(it->background)) != 0 ||
                   memcmp(&it->color, &pl->color, sizeof(it->color)) != 0;
        if (own && it->type != PL_IMAGE) {
            snprintf(path, sizeof(path), "items[%zu].color", i);
            check_contrast(pl, it->background, it->color, l, c, path, diags);
        }
        /* An item the ticker does not run under (a notice) has the board. */
        struct slide_env env = {.fonts = fs,
                                .pl = pl,
                                .w = board_w,
                                .h = it->ticker ? slide_h : board_h,
                                .safe_x = board_w * safe_area / 100,
                                .safe_y = board_h * safe_area / 100};
        struct slide_check chk = {
            .diags = diags, .pl = pl, .index = i, .board_w = board_w, .board_h = board_h};
        slide_fits(it, &env, &chk);
    }
}
