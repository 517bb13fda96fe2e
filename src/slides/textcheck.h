/* SPDX-License-Identifier: MIT */
#pragma once
/* What `bangtin check` says about a playlist's words with the real fonts
 * and the real slide geometry: [missing-glyph] for a character no bundled
 * font draws (code point and field), [too-long] for text that cannot fit
 * the board at the smallest legible size (it will scroll, or be cramped). */

#include "playlist/playlist.h"
#include "text/font.h"
#include "util/diag.h"

/* Checks every text field of pl (ticker, name, text, title, label, stat
 * labels and units) for a board of board_w x board_h pixels, adding
 * warnings to diags. */
void textcheck_playlist(struct font_set *fs, const struct playlist *pl, int board_w, int board_h,
                        struct diag_list *diags);
/* The same on a TV keeping safe_area percent of each side clear
 * (display.safe_area). */
void textcheck_playlist_safe(struct font_set *fs, const struct playlist *pl, int board_w,
                             int board_h, int safe_area, struct diag_list *diags);
