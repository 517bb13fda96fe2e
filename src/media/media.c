/* SPDX-License-Identifier: MIT */
#include "media/media.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util/i18n.h"

void media_fit(int w, int h, int aw, int ah, bool cover, struct media_rect *src,
               struct media_rect *dst)
{
    *src = (struct media_rect){0, 0, w, h};
    *dst = (struct media_rect){0, 0, aw, ah};
    if (w <= 0 || h <= 0 || aw <= 0 || ah <= 0)
        return;
    /* Compare aw/ah with w/h in integers: no rounding decides a band. */
    long long lhs = (long long)aw * h, rhs = (long long)ah * w;
    if (lhs == rhs)
        return;
    if (!cover) {
        if (lhs > rhs) { /* the area is wider: bands left and right */
            dst->w = (int)(rhs / h);
            dst->x = (aw - dst->w) / 2;
        } else {
            dst->h = (int)(lhs / w);
            dst->y = (ah - dst->h) / 2;
        }
        if (dst->w < 1)
            dst->w = 1;
        if (dst->h < 1)
            dst->h = 1;
        return;
    }
    if (lhs > rhs) { /* wider area: cut top and bottom of the picture */
        src->h = (int)(rhs / aw);
        src->y = (h - src->h) / 2;
    } else {
        src->w = (int)(lhs / ah);
        src->x = (w - src->w) / 2;
    }
    if (src->w < 1)
        src->w = 1;
    if (src->h < 1)
        src->h = 1;
}

#ifndef BANGTIN_HAVE_VIDEO

static void no_video(char *why, size_t n)
{
    if (why && n)
        snprintf(why, n, "%s",
                 _("this bangtin was built without video (meson -Dvideo=enabled needs FFmpeg's "
                   "libraries)"));
}

bool media_probe(const char *path, struct media_info *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof(*out));
    no_video(why, why_len);
    return false;
}

bool media_is_animated(const char *path)
{
    return false;
}

bool media_poster(const char *path, int aw, int ah, bool cover, uint32_t bg, struct pixbuf **out,
                  struct media_rect *dst, char *why, size_t why_len)
{
    *out = NULL;
    no_video(why, why_len);
    return false;
}

#else

#include <libavformat/avformat.h>
#include <libswscale/swscale.h>

#include "media/av_dl.h"

#include "media/source.h"

bool media_probe(const char *path, struct media_info *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof(*out));
    struct media_src *s = media_src_open(path, NULL, NULL, why, why_len);
    if (!s)
        return false;
    *out = *media_src_info(s);
    AVFrame *f = av_frame_alloc();
    int64_t pts, dur;
    int rc = f ? media_src_next(s, f, &pts, &dur, why, why_len) : -1;
    bool ok = rc == 1;
    if (rc == 0)
        snprintf(why, why_len, "%s", _("no picture decodes from this clip"));
    /* An image's second picture tells whether it moves. */
    if (ok && !out->animated && strcmp(out->container, "webp") != 0) {
        av_frame_unref(f);
        out->animated = media_src_next(s, f, &pts, &dur, NULL, 0) == 1;
    }
    av_frame_free(&f);
    if (ok)
        ok = media_src_check_end(s, why, why_len);
    media_src_close(s);
    return ok;
}

/* An APNG says so before its first picture: an acTL chunk with two frames
 * or more comes before the first IDAT. Read from the chunk headers, so a
 * still PNG (every infographic) never loads FFmpeg. */
static bool png_is_animated(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    bool animated = false;
    unsigned char h[16];
    if (fseek(f, 8, SEEK_SET) == 0)
        for (int chunks = 0; chunks < 1000 && fread(h, 1, 8, f) == 8; chunks++) {
            uint32_t len = (uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3];
            if (memcmp(h + 4, "IDAT", 4) == 0)
                break;
            if (memcmp(h + 4, "acTL", 4) == 0) {
                animated =
                    len >= 8 && fread(h, 1, 4, f) == 4 &&
                    ((uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 | (uint32_t)h[2] << 8 | h[3]) >= 2;
                break;
            }
            if (len > (1u << 30) || fseek(f, (long)len + 4, SEEK_CUR) != 0)
                break;
        }
    fclose(f);
    return animated;
}

bool media_is_animated(const char *path)
{
    unsigned char d[64];
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    size_t n = fread(d, 1, sizeof(d), f);
    fclose(f);
    bool gif = n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0);
    bool png = n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0;
    bool webp = n >= 16 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBPVP8X", 8) == 0;
    if (webp)
        return n >= 21 && (d[20] & 0x02);
    if (png)
        return png_is_animated(path);
    if (!gif)
        return false;
    /* A GIF says nothing in its header; an APNG's chunk may come late. */
    struct media_src *s = media_src_open(path, NULL, NULL, NULL, 0);
    if (!s)
        return false;
    bool animated = false;
    if (strcmp(media_src_info(s)->container, "gif") == 0 ||
        strcmp(media_src_info(s)->container, "apng") == 0) {
        AVFrame *fr = av_frame_alloc();
        int64_t pts, dur;
        int count = 0;
        while (fr && count < 2 && media_src_next(s, fr, &pts, &dur, NULL, 0) == 1) {
            av_frame_unref(fr);
            count++;
        }
        animated = count == 2;
        av_frame_free(&fr);
    }
    media_src_close(s);
    return animated;
}

bool media_poster(const char *path, int aw, int ah, bool cover, uint32_t bg, struct pixbuf **out,
                  struct media_rect *dst, char *why, size_t why_len)
{
    *out = NULL;
    struct media_src *s = media_src_open(path, NULL, NULL, why, why_len);
    if (!s)
        return false;
    AVFrame *f = av_frame_alloc();
    struct SwsContext *sws = NULL;
    int64_t pts, dur;
    bool ok = false;
    int rc = f ? media_src_next(s, f, &pts, &dur, why, why_len) : -1;
    if (rc == 0)
        snprintf(why, why_len, "%s", _("no picture decodes from this clip"));
    if (rc == 1) {
        struct media_rect src;
        media_fit(f->width, f->height, aw, ah, cover, &src, dst);
        ok = (*out = pixbuf_new(dst->w, dst->h)) && media_convert(f, &src, *out, bg, &sws);
        if (!ok)
            snprintf(why, why_len, "%s", _("the first picture cannot be converted"));
    }
    if (!ok) {
        pixbuf_free(*out);
        *out = NULL;
    }
    sws_freeContext(sws);
    av_frame_free(&f);
    media_src_close(s);
    return ok;
}

#endif
