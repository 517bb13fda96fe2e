/* SPDX-License-Identifier: MIT */
#include "util/i18n.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *env_locale(void)
{
    const char *names[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        const char *v = getenv(names[i]);
        if (v && *v)
            return v;
    }
    return "";
}

/* The catalogue next to an uninstalled build (tests, developers), else
 * the installed one. */
static const char *locale_dir(void)
{
    const char *env = getenv("BANGTIN_LOCALE_DIR");
    if (env && *env)
        return env;
    if (access(BANGTIN_LOCALE_DIR "/vi/LC_MESSAGES/bangtin.mo", R_OK) == 0)
        return BANGTIN_LOCALE_DIR;
    return BANGTIN_BUILD_LOCALE_DIR;
}

void i18n_init(void)
{
    if (!setlocale(LC_ALL, ""))
        setlocale(LC_ALL, "C.UTF-8");
    /* Numbers in files and logs keep the decimal point whatever the locale. */
    setlocale(LC_NUMERIC, "C");
    /* Without the vi_VN locale glibc would ignore the catalogue; LANGUAGE
     * is honoured in C.UTF-8 as long as it is set. */
    const char *loc = env_locale();
    if (strncmp(loc, "vi", 2) == 0 && (loc[2] == '_' || loc[2] == '.' || loc[2] == 0) &&
        !getenv("LANGUAGE"))
        setenv("LANGUAGE", "vi", 1);
    bindtextdomain("bangtin", locale_dir());
    bind_textdomain_codeset("bangtin", "UTF-8");
    textdomain("bangtin");
}
