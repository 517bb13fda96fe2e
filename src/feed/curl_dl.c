/* SPDX-License-Identifier: MIT */
/* libcurl, loaded the first time something calls it.
 *
 * Linked directly, libcurl brings ~30 libraries (TLS, Kerberos, LDAP,
 * SSH, IDN...) that every start of bangtin maps and relocates: `render`,
 * `check` and a `run` without a feed would pay for a network stack they
 * never use (measured in docs/PERFORMANCE.md). This file defines the
 * libcurl functions bangtin calls, with libcurl's own signatures; each
 * forwards to the real one, which is dlopen'ed on first use. The rest of
 * the code includes <curl/curl.h> and calls libcurl as usual.
 *
 * Calling a libcurl function not listed here fails at link time
 * (undefined reference): add it below with its exact signature. */

#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "util/log.h"

#ifndef BANGTIN_CURL_SONAME
#define BANGTIN_CURL_SONAME "libcurl.so.4"
#endif

/* The typecheck macros of <curl/curl.h> would rename the definitions. */
#undef curl_easy_setopt
#undef curl_easy_getinfo

struct curl_fns {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    void (*free)(void *);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    CURLU *(*url)(void);
    void (*url_cleanup)(CURLU *);
    CURLUcode (*url_get)(CURLU *, CURLUPart, char **, unsigned int);
    CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned int);
};

/* Process-wide like the dynamic linker's own tables: written once under
 * pthread_once, read-only after (tests/globals.py lists this file). */
static pthread_once_t curl_dl_once = PTHREAD_ONCE_INIT;
static struct curl_fns curl_dl_fns;
static bool curl_dl_ok;

static void *curl_dl_sym(void *lib, const char *name, bool *ok)
{
    void *p = dlsym(lib, name);
    if (!p)
        *ok = false;
    return p;
}

/* Function pointers from dlsym's void *: POSIX guarantees the round trip. */
#define CURL_DL_LOAD(field, name)                                                                  \
    do {                                                                                           \
        void *p_ = curl_dl_sym(lib, name, &ok);                                                    \
        memcpy(&f.field, &p_, sizeof(p_));                                                         \
    } while (0)

static void curl_dl_load(void)
{
    void *lib = dlopen(BANGTIN_CURL_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        log_error("cannot load %s: %s (install Debian's libcurl4 package)", BANGTIN_CURL_SONAME,
                  dlerror());
        return;
    }
    struct curl_fns f;
    bool ok = true;
    CURL_DL_LOAD(global_init, "curl_global_init");
    CURL_DL_LOAD(easy_init, "curl_easy_init");
    CURL_DL_LOAD(easy_setopt, "curl_easy_setopt");
    CURL_DL_LOAD(easy_perform, "curl_easy_perform");
    CURL_DL_LOAD(easy_getinfo, "curl_easy_getinfo");
    CURL_DL_LOAD(easy_cleanup, "curl_easy_cleanup");
    CURL_DL_LOAD(easy_strerror, "curl_easy_strerror");
    CURL_DL_LOAD(free, "curl_free");
    CURL_DL_LOAD(slist_append, "curl_slist_append");
    CURL_DL_LOAD(slist_free_all, "curl_slist_free_all");
    CURL_DL_LOAD(url, "curl_url");
    CURL_DL_LOAD(url_cleanup, "curl_url_cleanup");
    CURL_DL_LOAD(url_get, "curl_url_get");
    CURL_DL_LOAD(url_set, "curl_url_set");
    if (!ok) {
        log_error("%s is too old for bangtin: %s", BANGTIN_CURL_SONAME, dlerror());
        dlclose(lib);
        return;
    }
    curl_dl_fns = f;
    curl_dl_ok = true; /* the library stays loaded until exit */
}

static const struct curl_fns *curl_dl(void)
{
    pthread_once(&curl_dl_once, curl_dl_load);
    return curl_dl_ok ? &curl_dl_fns : NULL;
}

CURLcode curl_global_init(long flags)
{
    const struct curl_fns *f = curl_dl();
    return f ? f->global_init(flags) : CURLE_FAILED_INIT;
}

CURL *curl_easy_init(void)
{
    const struct curl_fns *f = curl_dl();
    return f ? f->easy_init() : NULL;
}

/* An option's number says the type of its argument (CURLOPTTYPE_*). */
CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
    const struct curl_fns *f = curl_dl();
    if (!f)
        return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, option);
    CURLcode rc;
    if (option < CURLOPTTYPE_OBJECTPOINT) {
        long v = va_arg(ap, long);
        rc = f->easy_setopt(curl, option, v);
    } else if (option < CURLOPTTYPE_FUNCTIONPOINT) {
        void *v = va_arg(ap, void *);
        rc = f->easy_setopt(curl, option, v);
    } else if (option < CURLOPTTYPE_OFF_T) {
        void (*v)(void) = va_arg(ap, void (*)(void));
        rc = f->easy_setopt(curl, option, v);
    } else if (option < CURLOPTTYPE_BLOB) {
        curl_off_t v = va_arg(ap, curl_off_t);
        rc = f->easy_setopt(curl, option, v);
    } else {
        void *v = va_arg(ap, void *);
        rc = f->easy_setopt(curl, option, v);
    }
    va_end(ap);
    return rc;
}

CURLcode curl_easy_perform(CURL *curl)
{
    const struct curl_fns *f = curl_dl();
    return f ? f->easy_perform(curl) : CURLE_FAILED_INIT;
}

/* Every CURLINFO_* takes a pointer. */
CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
    const struct curl_fns *f = curl_dl();
    if (!f)
        return CURLE_FAILED_INIT;
    va_list ap;
    va_start(ap, info);
    void *p = va_arg(ap, void *);
    va_end(ap);
    return f->easy_getinfo(curl, info, p);
}

void curl_easy_cleanup(CURL *curl)
{
    const struct curl_fns *f = curl_dl();
    if (f)
        f->easy_cleanup(curl);
}

const char *curl_easy_strerror(CURLcode code)
{
    const struct curl_fns *f = curl_dl();
    return f ? f->easy_strerror(code) : "libcurl could not be loaded";
}

void curl_free(void *p)
{
    const struct curl_fns *f = curl_dl();
    if (f)
        f->free(p);
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *s)
{
    const struct curl_fns *f = curl_dl();
    return f ? f->slist_append(list, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *list)
{
    const struct curl_fns *f = curl_dl();
    if (f)
        f->slist_free_all(list);
}

CURLU *curl_url(void)
{
    const struct curl_fns *f = curl_dl();
    return f ? f->url() : NULL;
}

void curl_url_cleanup(CURLU *u)
{
    const struct curl_fns *f = curl_dl();
    if (f)
        f->url_cleanup(u);
}

CURLUcode curl_url_get(CURLU *u, CURLUPart what, char **part, unsigned int flags)
{
    const struct curl_fns *f = curl_dl();
    return f ? f->url_get(u, what, part, flags) : CURLUE_OUT_OF_MEMORY;
}

CURLUcode curl_url_set(CURLU *u, CURLUPart what, const char *part, unsigned int flags)
{
    const struct curl_fns *f = curl_dl();
    return f ? f->url_set(u, what, part, flags) : CURLUE_OUT_OF_MEMORY;
}
