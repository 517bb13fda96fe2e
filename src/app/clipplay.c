/* SPDX-License-Identifier: MIT */
#include "app/clipplay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/soundout.h"
#include "media/clip.h"
#include "util/i18n.h"
#include "util/log.h"

#define ANIM_CACHE 32 /* image files whose "moves?" answer is kept */
/* The Pi 4's H.264 decoder (bcm2835-codec) appears as this device. */
#define PI_DECODER_DEVICE "/dev/video10"

struct anim_entry {
    char *path; /* owned; NULL = free */
    time_t mtime;
    off_t size;
    bool animated;
};

struct clip_slot {
    struct media_clip *clip;    /* owned */
    const struct pl_item *item; /* borrowed from the playlist */
    int area_w, area_h;
};

struct clipplay {
    struct display *d; /* borrowed */
    struct clip_slot cur, next;
    uint64_t start_ms; /* the clip's picture 0 is due then */
    bool layer_open;
    uint64_t pushed_seq;
    bool failed_logged;
    bool warned_audio;
    struct soundout *sound; /* owned; NULL: every clip muted */
    bool sound_on;          /* the current clip's sound plays */
    struct anim_entry anim[ANIM_CACHE];
    unsigned anim_next;
};

struct clipplay *clipplay_new(struct display *d)
{
    struct clipplay *cp = calloc(1, sizeof(*cp));
    if (cp)
        cp->d = d;
    return cp;
}

static void slot_close(struct clip_slot *s)
{
    media_clip_close(s->clip);
    *s = (struct clip_slot){0};
}

void clipplay_free(struct clipplay *cp)
{
    if (!cp)
        return;
    clipplay_end(cp);
    slot_close(&cp->next);
    soundout_free(cp->sound);
    for (size_t i = 0; i < ANIM_CACHE; i++)
        free(cp->anim[i].path);
    free(cp);
}

bool clipplay_is_clip(struct clipplay *cp, const struct pl_item *item)
{
    if (!item || !item->path || item->asset_unusable)
        return false;
    if (item->type == PL_VIDEO)
        return true;
    if (item->type != PL_IMAGE)
        return false;
    struct stat st;
    if (stat(item->path, &st) != 0)
        return false;
    for (size_t i = 0; i < ANIM_CACHE; i++) {
        struct anim_entry *e = &cp->anim[i];
        if (e->path && strcmp(e->path, item->path) == 0 && e->mtime == st.st_mtime &&
            e->size == st.st_size)
            return e->animated;
    }
    struct anim_entry *e = &cp->anim[cp->anim_next++ % ANIM_CACHE];
    free(e->path);
    *e = (struct anim_entry){strdup(item->path), st.st_mtime, st.st_size,
                             media_is_animated(item->path)};
    return e->animated;
}

static const char *hw_decoder(void)
{
    /* BANGTIN_HWDEC names a decoder ("" for software only); otherwise the
     * Pi 4's when its device is there. */
    const char *env = getenv("BANGTIN_HWDEC");
    if (env)
        return *env ? env : NULL;
    return access(PI_DECODER_DEVICE, R_OK | W_OK) == 0 ? "h264_v4l2m2m" : NULL;
}

static struct media_clip *open_clip(struct clipplay *cp, const struct pl_item *item, int aw, int ah)
{
    struct media_clip_opts o = {
        .area_w = aw,
        .area_h = ah,
        .cover = item->fit == PL_FIT_COVER,
        /* An animated image loops for its item's time; a clip loops when
         * asked to fill a longer duration. */
        .loop = item->type == PL_IMAGE || (item->loop && item->has_duration),
        .yuv = (display_ext_formats(cp->d) & DISPLAY_EXT_IYUV) != 0,
        .hwdec = item->type == PL_VIDEO ? hw_decoder() : NULL,
        .background = 0xff000000u | (uint32_t)item->background.r << 16 |
                      (uint32_t)item->background.g << 8 | item->background.b,
        .sound = item->type == PL_VIDEO && item->audio && cp->sound,
    };
    struct media_clip *c = media_clip_open(item->path, &o);
    if (!c)
        log_warn(_("item '%s': cannot start decoding %s"), item->id, item->src);
    return c;
}

void clipplay_prepare(struct clipplay *cp, const struct pl_item *item, int area_w, int area_h)
{
    if (cp->next.item == item && cp->next.area_w == area_w && cp->next.area_h == area_h)
        return;
    slot_close(&cp->next);
    if (!clipplay_is_clip(cp, item))
        return;
    cp->next = (struct clip_slot){open_clip(cp, item, area_w, area_h), item, area_w, area_h};
}

void clipplay_set_sound(struct clipplay *cp, const char *output)
{
    if (cp->sound && output && strcmp(soundout_name(cp->sound), output) == 0)
        return;
    soundout_free(cp->sound); /* stops the clip's sound first */
    cp->sound = output ? soundout_new(output) : NULL;
    cp->sound_on = false;
    cp->warned_audio = false;
}

void clipplay_end(struct clipplay *cp)
{
    soundout_stop(cp->sound); /* before the clip it reads closes */
    cp->sound_on = false;
    if (cp->layer_open)
        display_ext_close(cp->d);
    cp->layer_open = false;
    slot_close(&cp->cur);
    cp->pushed_seq = 0;
    cp->failed_logged = false;
}

void clipplay_reset(struct clipplay *cp)
{
    clipplay_end(cp);
    slot_close(&cp->next);
}

void clipplay_refresh(struct clipplay *cp)
{
    cp->pushed_seq = 0;
}

bool clipplay_begin(struct clipplay *cp, const struct pl_item *item, int area_w, int area_h,
                    uint64_t now_ms, uint64_t start_ms)
{
    clipplay_end(cp);
    if (!clipplay_is_clip(cp, item)) {
        slot_close(&cp->next);
        if (!item || item->type != PL_VIDEO)
            return false;
        /* A video without a file to play (a URL, a missing asset): the
         * tick reports it once and the slide gives way. */
        cp->cur.item = item;
        return true;
    }
    if (cp->next.item == item && cp->next.area_w == area_w && cp->next.area_h == area_h) {
        cp->cur = cp->next;
        cp->next = (struct clip_slot){0};
    } else {
        slot_close(&cp->next);
        cp->cur = (struct clip_slot){open_clip(cp, item, area_w, area_h), item, area_w, area_h};
    }
    cp->start_ms = start_ms > now_ms ? start_ms : now_ms;
    if (item->type == PL_VIDEO && item->audio && !cp->sound && !cp->warned_audio) {
        log_warn(_("item '%s' asks for sound, but the config names no sound output "
                   "(\"audio\": {\"output\": \"default\"}): it plays muted"),
                 item->id);
        cp->warned_audio = true;
    }
    return true;
}

bool clipplay_active(const struct clipplay *cp)
{
    return cp->cur.item != NULL;
}

uint64_t clipplay_start_ms(const struct clipplay *cp)
{
    return cp->cur.item ? cp->start_ms : 0;
}

const struct pixbuf *clipplay_poster(struct clipplay *cp, int *x, int *y)
{
    if (!cp->cur.clip)
        return NULL;
    struct media_rect dst;
    const struct pixbuf *pb = media_clip_poster(cp->cur.clip, &dst);
    *x = dst.x;
    *y = dst.y;
    return pb;
}

struct pixbuf *clipplay_snapshot(struct clipplay *cp, int *x, int *y)
{
    if (!cp->cur.clip || !cp->layer_open)
        return NULL;
    struct media_rect dst;
    struct pixbuf *pb = media_clip_snapshot(cp->cur.clip, &dst);
    *x = dst.x;
    *y = dst.y;
    return pb;
}

/* The display's frame for f: the shown part of the planes (cover crops
 * by moving the plane pointers, on even lines and columns for 4:2:0). */
static struct display_ext_frame ext_frame(const struct media_frame *f)
{
    struct display_ext_frame e = {.w = f->src.w, .h = f->src.h};
    int x = f->src.x & ~1, y = f->src.y & ~1;
    e.planes[0] =
        f->plane[0] + (size_t)y * f->pitch[0] + (size_t)x * (f->fmt == MEDIA_ARGB ? 4 : 1);
    e.pitches[0] = f->pitch[0];
    switch (f->fmt) {
    case MEDIA_ARGB:
        e.format = DISPLAY_EXT_ARGB8888;
        break;
    case MEDIA_I420:
        e.format = DISPLAY_EXT_IYUV;
        for (int i = 1; i < 3; i++) {
            e.planes[i] = f->plane[i] + (size_t)(y / 2) * f->pitch[i] + (size_t)(x / 2);
            e.pitches[i] = f->pitch[i];
        }
        break;
    case MEDIA_NV12:
        e.format = DISPLAY_EXT_NV12;
        e.planes[1] = f->plane[1] + (size_t)(y / 2) * f->pitch[1] + (size_t)x;
        e.pitches[1] = f->pitch[1];
        break;
    }
    return e;
}

enum clipplay_state clipplay_tick(struct clipplay *cp, uint64_t now_ms, bool *pushed)
{
    *pushed = false;
    if (!cp->cur.item)
        return CLIPPLAY_NONE;
    if (!cp->cur.clip) {
        if (!cp->failed_logged)
            log_warn(_("item '%s': %s cannot play; going on to the next slide"), cp->cur.item->id,
                     cp->cur.item->src);
        cp->failed_logged = true;
        return CLIPPLAY_FAILED;
    }
    if (now_ms < cp->start_ms)
        return CLIPPLAY_PLAYING;
    int64_t t = (int64_t)(now_ms - cp->start_ms);
    /* Once the clip's first sound has decoded (a prepared clip's has). */
    if (cp->sound && !cp->sound_on && cp->cur.item->type == PL_VIDEO && cp->cur.item->audio)
        cp->sound_on = soundout_play(cp->sound, cp->cur.clip, cp->start_ms);
    const struct media_frame *f = media_clip_frame(cp->cur.clip, t);
    if (f && f->seq != cp->pushed_seq) {
        if (!cp->layer_open)
            cp->layer_open = display_ext_open(cp->d, f->dst.x, f->dst.y, f->dst.w, f->dst.h);
        struct display_ext_frame e = ext_frame(f);
        if (cp->layer_open && display_ext_push(cp->d, &e)) {
            *pushed = true;
            /* On screen now: the still under the layer need not show it. */
            media_clip_drop_poster(cp->cur.clip);
        }
        cp->pushed_seq = f->seq;
    }
    switch (media_clip_state(cp->cur.clip, t)) {
    case MEDIA_ENDED:
        return CLIPPLAY_ENDED;
    case MEDIA_FAILED:
        if (!cp->failed_logged) {
            char why[256];
            media_clip_error(cp->cur.clip, why, sizeof(why));
            log_warn(_("item '%s': %s: %s; going on to the next slide"), cp->cur.item->id,
                     cp->cur.item->src, why);
            cp->failed_logged = true;
        }
        return CLIPPLAY_FAILED;
    default:
        return CLIPPLAY_PLAYING;
    }
}

uint64_t clipplay_next_due(struct clipplay *cp)
{
    if (!cp->cur.clip)
        return UINT64_MAX;
    int64_t due = media_clip_next_due(cp->cur.clip);
    return due == INT64_MAX ? UINT64_MAX : cp->start_ms + (uint64_t)(due > 0 ? due : 0);
}

double clipplay_duration(struct clipplay *cp)
{
    return cp->cur.clip ? media_clip_duration(cp->cur.clip) : 0;
}
