/* SPDX-License-Identifier: MIT */
#include "fixture.h"

#include <SDL.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/font.h"
#include "util/fsutil.h"
#include "util/paths.h"
#include "util/pixbuf.h"

static char tmpdir[PATH_MAX];
static struct font_set *fonts;

const char *fixture_tmpdir_make(const char *tag)
{
    const char *base = getenv("TMPDIR");
    snprintf(tmpdir, sizeof(tmpdir), "%s/bangtin-%s-XXXXXX", base && *base ? base : "/tmp", tag);
    ck_assert_msg(mkdtemp(tmpdir) != NULL, "mkdtemp %s failed", tmpdir);
    return tmpdir;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void fixture_tmpdir_remove(void)
{
    if (!tmpdir[0])
        return;
    ck_assert_msg(nftw(tmpdir, remove_one, 16, FTW_DEPTH | FTW_PHYS) == 0, "cannot remove %s",
                  tmpdir);
    tmpdir[0] = '\0';
}

const char *fixture_path(const char *name)
{
    static char buf[4][PATH_MAX];
    static int k;
    k = (k + 1) % 4;
    ck_assert_msg(tmpdir[0], "fixture_path(%s) before fixture_tmpdir_make", name);
    ck_assert_msg(paths_join(buf[k], sizeof(buf[k]), tmpdir, name), "path too long: %s", name);
    return buf[k];
}

char *fixture_slurp(const char *path, size_t *len)
{
    char *data = NULL;
    size_t n = 0;
    ck_assert_msg(fs_read_file(path, 64u << 20, &data, &n), "cannot read %s", path);
    if (len)
        *len = n;
    return data;
}

void fixture_sh(const char *fmt, ...)
{
    char cmd[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    ck_assert_msg(n >= 0 && (size_t)n < sizeof(cmd), "command too long: %.80s", cmd);
    ck_assert_msg(system(cmd) == 0, "failed: %s", cmd);
}

struct font_set *fixture_fonts(void)
{
    if (!fonts) {
        char dir[PATH_MAX];
        ck_assert(paths_data_file(dir, sizeof(dir), "fonts"));
        fonts = font_set_load(dir);
        ck_assert_msg(fonts != NULL, "cannot load the fonts in %s", dir);
    }
    return fonts;
}

struct pixbuf *fixture_solid(int w, int h, uint32_t argb)
{
    struct pixbuf *pb = pixbuf_new(w, h);
    ck_assert_ptr_nonnull(pb);
    pixbuf_fill(pb, 0, 0, w, h, argb);
    return pb;
}

uint32_t fixture_screen_px(int x, int y)
{
    SDL_Window *win = NULL;
    for (Uint32 id = 1; id < 1000 && !win; id++)
        win = SDL_GetWindowFromID(id);
    ck_assert_ptr_nonnull(win);
    SDL_Surface *s = SDL_GetWindowSurface(win);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->format->BytesPerPixel, 4);
    Uint32 p = ((const Uint32 *)((const uint8_t *)s->pixels + (size_t)y * s->pitch))[x];
    Uint8 r, g, b;
    SDL_GetRGB(p, s->format, &r, &g, &b);
    return 0xff000000u | (uint32_t)r << 16 | (uint32_t)g << 8 | b;
}

int fixture_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    if (fonts) {
        font_set_free(fonts);
        fonts = NULL;
    }
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

int fixture_slowdown(void)
{
    const char *s = getenv("BANGTIN_TEST_SLOWDOWN");
    int n = s ? atoi(s) : 1;
    return n >= 1 && n <= 1000 ? n : 1;
}
