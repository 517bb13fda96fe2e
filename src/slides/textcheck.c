#include "slides/textcheck.h"

#include <stdio.h>
#include <utf8proc.h>

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

void textcheck_playlist(struct font_set *fs, const struct playlist *pl, int board_w, int board_h,
                        struct diag_list *diags)
{
    /* The slides get the board minus the ticker band, as in scene.c. */
    int slide_h = board_h;
    if (pl->has_ticker && pl->ticker_text && *pl->ticker_text) {
        slide_h -= scene_ticker_band(board_h);
        check_glyphs(fs, pl, pl->ticker_text, 0, 0, "ticker.text", diags);
    }
    check_glyphs(fs, pl, pl->name, 0, 0, "name", diags);

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

        if (it->type == PL_TEXT && !slide_text_fits(fs, it->text, it->title, board_w, slide_h)) {
            snprintf(path, sizeof(path), "items[%zu].text", i);
            diag_add(diags, DIAG_WARNING, pl->file, l, c, path, "too-long",
                     _("does not fit a %dx%d board at the smallest legible size and will "
                       "scroll; shorten it or split it into two items"),
                     board_w, board_h);
        }
        if (it->type == PL_STATS && !slide_stats_fits(fs, it, board_w, slide_h)) {
            snprintf(path, sizeof(path), "items[%zu]", i);
            diag_add(diags, DIAG_WARNING, pl->file, l, c, path, "too-long",
                     _("the title or a row label does not fit a %dx%d board at the smallest "
                       "size; shorten it or use fewer rows"),
                     board_w, board_h);
        }
    }
}
