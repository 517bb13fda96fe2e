/* SPDX-License-Identifier: MIT */
#pragma once
/* Messages in the user's language: English by default, Vietnamese when
 * LC_ALL, LC_MESSAGES or LANG names vi_* (gettext, text domain "bangtin",
 * catalogue po/vi.po). */

#include <libintl.h>

#define _(s)  gettext(s)
#define N_(s) (s)

/* Sets the locale from the environment and binds the catalogue. Works
 * even when the vi_VN locale is not generated on the device (Raspberry Pi
 * OS often has only en_GB): it then falls back to C.UTF-8 and selects the
 * catalogue through LANGUAGE. Call once, early, from main(). */
void i18n_init(void);
