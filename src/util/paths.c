/* SPDX-License-Identifier: MIT */
#include "util/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/fsutil.h"

static char data_dir[PATH_MAX];

static bool has_fonts(const char *dir)
{
    char probe[PATH_MAX];
    return paths_join(probe, sizeof(probe), dir, "fonts") && fs_is_dir(probe);
}

static bool try_dir(const char *dir)
{
    if (!dir || !*dir || !has_fonts(dir))
        return false;
    /* Canonical, so messages name /usr/local/share/bangtin, not bin/../share. */
    char real[PATH_MAX];
    snprintf(data_dir, sizeof(data_dir), "%s", realpath(dir, real) ? real : dir);
    return true;
}

const char *paths_data_dir(void)
{
    if (data_dir[0])
        return data_dir;
    if (try_dir(getenv("BANGTIN_DATA_DIR")))
        return data_dir;

    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            char cand[PATH_MAX];
            /* Installed: PREFIX/bin/bangtin -> PREFIX/share/bangtin. */
            if (paths_join(cand, sizeof(cand), exe, "../share/bangtin") && try_dir(cand))
                return data_dir;
            /* Build tree: SRC/builddir/bangtin -> SRC, or the dir itself. */
            if (paths_join(cand, sizeof(cand), exe, "..") && try_dir(cand))
                return data_dir;
            if (try_dir(exe))
                return data_dir;
        }
    }
#ifdef BANGTIN_SOURCE_DIR /* development builds only (meson.build) */
    if (try_dir(BANGTIN_SOURCE_DIR))
        return data_dir;
#endif
    if (try_dir(BANGTIN_DATA_DIR))
        return data_dir;
    snprintf(data_dir, sizeof(data_dir), "%s", BANGTIN_DATA_DIR);
    return data_dir;
}

bool paths_join(char *buf, size_t n, const char *dir, const char *rel)
{
    int w = rel[0] == '/' ? snprintf(buf, n, "%s", rel) : snprintf(buf, n, "%s/%s", dir, rel);
    return w >= 0 && (size_t)w < n;
}

bool paths_data_file(char *buf, size_t n, const char *rel)
{
    return paths_join(buf, n, paths_data_dir(), rel);
}
