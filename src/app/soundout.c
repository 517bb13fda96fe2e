/* SPDX-License-Identifier: MIT */
#include "app/soundout.h"

#include <SDL.h>
#include <stdlib.h>
#include <string.h>

#include "media/clip.h"
#include "util/i18n.h"
#include "util/log.h"

#define SOUND_BUFFER 1024 /* sample frames per callback: ~21 ms at 48 kHz */

struct soundout {
    char *output; /* owned: "default" or a device name */
    bool inited;  /* SDL's audio subsystem is ours to quit */
    bool failed;  /* the output would not open: logged, not retried */
    SDL_AudioDeviceID dev;
    int rate, channels; /* the open device's */
    /* Read by the callback, written under SDL_LockAudioDevice. */
    struct media_clip *clip; /* borrowed */
    uint64_t start_ms;
};

static void callback(void *ctx, Uint8 *stream, int len)
{
    struct soundout *so = ctx;
    int frames = len / (int)(sizeof(float) * (size_t)so->channels);
    if (!so->clip) {
        memset(stream, 0, (size_t)len);
        return;
    }
    int64_t t = (int64_t)(SDL_GetTicks64() - so->start_ms);
    media_clip_sound_read(so->clip, (float *)(void *)stream, frames, t);
}

struct soundout *soundout_new(const char *output)
{
    struct soundout *so = calloc(1, sizeof(*so));
    if (!so || !(so->output = strdup(output && *output ? output : "default"))) {
        free(so);
        return NULL;
    }
    return so;
}

const char *soundout_name(const struct soundout *so)
{
    return so->output;
}

static void close_device(struct soundout *so)
{
    if (so->dev)
        SDL_CloseAudioDevice(so->dev);
    so->dev = 0;
}

static bool open_device(struct soundout *so, int rate, int channels)
{
    if (so->dev && so->rate == rate && so->channels == channels)
        return true;
    close_device(so);
    if (!so->inited) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0)
            goto failed;
        so->inited = true;
    }
    SDL_AudioSpec want = {.freq = rate,
                          .format = AUDIO_F32SYS,
                          .channels = (Uint8)channels,
                          .samples = SOUND_BUFFER,
                          .callback = callback,
                          .userdata = so};
    SDL_AudioSpec have;
    so->rate = rate;
    so->channels = channels;
    const char *name = strcmp(so->output, "default") == 0 ? NULL : so->output;
    /* No changes allowed: SDL converts to what the output takes. */
    if (!(so->dev = SDL_OpenAudioDevice(name, 0, &want, &have, 0)))
        goto failed;
    log_info(_("sound: %s at %d Hz, %d channels"), so->output, rate, channels);
    return true;
failed:
    log_warn(_("the sound output \"%s\" cannot open (%s); clips play muted"), so->output,
             SDL_GetError());
    so->failed = true;
    return false;
}

bool soundout_play(struct soundout *so, struct media_clip *clip, uint64_t start_ms)
{
    int rate, channels;
    if (so->failed || !media_clip_sound_format(clip, &rate, &channels))
        return false;
    soundout_stop(so);
    if (!open_device(so, rate, channels))
        return false;
    SDL_LockAudioDevice(so->dev);
    so->clip = clip;
    so->start_ms = start_ms;
    SDL_UnlockAudioDevice(so->dev);
    SDL_PauseAudioDevice(so->dev, 0);
    return true;
}

void soundout_stop(struct soundout *so)
{
    if (!so || !so->dev)
        return;
    SDL_LockAudioDevice(so->dev);
    so->clip = NULL;
    SDL_UnlockAudioDevice(so->dev);
    SDL_PauseAudioDevice(so->dev, 1);
}

void soundout_free(struct soundout *so)
{
    if (!so)
        return;
    soundout_stop(so);
    close_device(so);
    if (so->inited)
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    free(so->output);
    free(so);
}
