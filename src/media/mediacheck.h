/* SPDX-License-Identifier: MIT */
#pragma once
/* `check` for clips: every video item's file is probed (container,
 * codec, size, duration, not cut off) without decoding it all. A clip
 * that cannot play is an error naming the item; one far larger than the
 * board, a duration it cannot fill, a request for sound are warnings. */

#include "playlist/playlist.h"
#include "util/diag.h"

/* area_w x area_h: the slide area the clips are fitted into. */
void mediacheck_playlist(const struct playlist *pl, int area_w, int area_h,
                         struct diag_list *diags);
