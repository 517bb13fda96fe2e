/* SPDX-License-Identifier: MIT */
#define AV_DL_NO_REDIRECT
#include "media/av_dl.h"

#ifdef BANGTIN_HAVE_VIDEO

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "util/log.h"

/* The sonames the build linked against (meson.build reads them). */
static const char *const av_dl_sonames[AV_DL_N] = {
    BANGTIN_AVUTIL_SONAME,   BANGTIN_SWSCALE_SONAME,   BANGTIN_AVCODEC_SONAME,
    BANGTIN_AVFORMAT_SONAME, BANGTIN_WEBPDEMUX_SONAME,
};

/* Process-wide like the dynamic linker's own tables: written once under
 * pthread_once, read-only after (tests/globals.allow lists these). */
static pthread_once_t av_dl_once = PTHREAD_ONCE_INIT;
static struct av_dl_fns av_dl_table;
static bool av_dl_loaded;

static void av_dl_load(void)
{
    void *libs[AV_DL_N];
    for (int i = 0; i < AV_DL_N; i++) {
        /* Global: each library resolves its own dependencies on the ones
         * loaded before it (avcodec on avutil...). */
        if (!(libs[i] = dlopen(av_dl_sonames[i], RTLD_NOW | RTLD_GLOBAL))) {
            log_error("cannot load %s: %s (install Debian's FFmpeg and libwebpdemux packages "
                      "to play clips and animated images)",
                      av_dl_sonames[i], dlerror());
            return;
        }
    }
    struct av_dl_fns t;
    bool ok = true;
#define AV_DL_LOAD(lib, name)                                                                      \
    do {                                                                                           \
        void *p_ = dlsym(libs[AV_DL_##lib], #name);                                                \
        if (!p_) {                                                                                 \
            log_error("%s has no %s: too old for bangtin", av_dl_sonames[AV_DL_##lib], #name);     \
            ok = false;                                                                            \
        }                                                                                          \
        memcpy(&t.name, &p_, sizeof(p_));                                                          \
    } while (0);
    AV_DL_FUNCS(AV_DL_LOAD)
#undef AV_DL_LOAD
    if (!ok)
        return; /* the libraries stay loaded: harmless, and dlclose of FFmpeg is not */
    av_dl_table = t;
    av_dl_loaded = true;
}

bool av_dl_ok(void)
{
    pthread_once(&av_dl_once, av_dl_load);
    return av_dl_loaded;
}

const struct av_dl_fns *av_dl(void)
{
    return &av_dl_table;
}

#endif
