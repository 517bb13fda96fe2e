/* SPDX-License-Identifier: MIT */
/* Pictures from a clip: FFmpeg's demuxers and decoders for video, GIF
 * and APNG; libwebpdemux for animated WebP (FFmpeg 5.1 decodes only
 * still WebP). Only files: FFmpeg may open no URL and no other format
 * than the listed ones, so a playlist file renamed .mp4 cannot make it
 * read elsewhere. */

#include "media/source.h"

#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>
#include <libswscale/swscale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <webp/demux.h>

#include "media/av_dl.h"
#include "util/i18n.h"
#include "util/log.h"

#define FORMATS         "mov,mp4,matroska,webm,gif,apng,avi,mpegts"
#define PROBE_BYTES     (4 * 1024 * 1024)
#define MAX_BAD_PACKETS 30                 /* in a row: the clip is broken there */
#define MAX_WEBP_BYTES  (64 * 1024 * 1024) /* libwebpdemux wants the whole file */
#define FIRST_PACKETS   400                /* to the first picture, at most */
#define END_WINDOW_MS   3000               /* check_end reads this much of the end */
#define MAX_THREADS     4
#define MAX_CHANNELS    8
#define SOUND_CHUNK     4096 /* sample frames converted at a time */

struct media_src {
    struct media_info info;
    char decoder[32];
    atomic_bool *quit; /* borrowed, may be NULL */

    /* FFmpeg */
    AVFormatContext *fmt; /* owned */
    AVCodecContext *dec;  /* owned */
    AVPacket *pkt;        /* owned */
    AVFrame *first;       /* owned: decoded while trying hwdec, handed out first */
    int stream;
    AVRational tb;
    int64_t start; /* the stream's first timestamp, in tb */
    int64_t last_ms, frame_ms;
    bool draining;
    int bad; /* packets in a row the decoder refused */

    /* Sound, when asked for (media_src_sound). */
    AVCodecContext *adec; /* owned */
    AVFrame *aframe;      /* owned */
    float *pcm;           /* owned: SOUND_CHUNK frames of MAX_CHANNELS */
    int astream;
    AVRational atb;
    media_sound_fn *sound;
    void *sound_ctx;
    bool sound_broken; /* logged once; the pictures go on */

    /* libwebpdemux */
    WebPAnimDecoder *wad; /* owned */
    uint8_t *data;        /* owned, the whole file */
    int webp_ts;          /* end of the previous picture, ms */
};

static void set(char *why, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void set(char *why, size_t n, const char *fmt, ...)
{
    if (!why || !n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
}

static int interrupted(void *opaque)
{
    atomic_bool *quit = opaque;
    return quit && atomic_load(quit);
}

/* The first bytes of the file, for telling what it claims to be. */
static size_t head_bytes(const char *path, unsigned char *buf, size_t len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    size_t n = fread(buf, 1, len, f);
    fclose(f);
    return n;
}

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* A PNG with an animation control chunk before its first image data. */
static bool png_is_apng(const unsigned char *d, size_t n)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (n < 8 || memcmp(d, sig, 8) != 0)
        return false;
    for (size_t p = 8; p + 8 <= n;) {
        uint32_t len = be32(d + p);
        if (memcmp(d + p + 4, "acTL", 4) == 0)
            return p + 12 <= n && be32(d + p + 8) > 1;
        if (memcmp(d + p + 4, "IDAT", 4) == 0 || len > n)
            return false;
        p += 12 + (size_t)len;
    }
    return false;
}

/* An MP4's top-level boxes each say their size: one running past the end
 * of the file is a copy cut short. Returns the bytes they need, or 0. */
static int64_t mp4_needs(const char *path, int64_t size)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    int64_t pos = 0, need = 0;
    unsigned char h[16];
    for (int boxes = 0; boxes < 10000 && pos + 8 <= size; boxes++) {
        if (fseeko(f, pos, SEEK_SET) != 0 || fread(h, 1, 16, f) < 8)
            break;
        uint64_t len = be32(h);
        if (len == 1)
            len = (uint64_t)be32(h + 8) << 32 | be32(h + 12);
        else if (len == 0)
            break; /* to the end of the file */
        if (len < 8 || len > (uint64_t)INT64_MAX - (uint64_t)pos)
            break;
        pos += (int64_t)len;
    }
    if (pos > size)
        need = pos;
    fclose(f);
    return need;
}

/* RIFF/WEBP with a VP8X header whose animation flag is set. */
static bool webp_is_animated(const unsigned char *d, size_t n)
{
    return n >= 21 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBPVP8X", 8) == 0 &&
           (d[20] & 0x02);
}

static bool check_limits(struct media_src *s, char *why, size_t n)
{
    const struct media_info *in = &s->info;
    if (in->w <= 0 || in->h <= 0) {
        set(why, n, "%s", _("the clip does not say its picture size: the file is damaged"));
        return false;
    }
    if (in->w > MEDIA_MAX_SIDE || in->h > MEDIA_MAX_SIDE ||
        (long long)in->w * in->h > MEDIA_MAX_PIXELS) {
        set(why, n,
            _("the picture is %dx%d, larger than the %dx1080 the board's decoder plays: "
              "re-encode it at the board's size"),
            in->w, in->h, MEDIA_MAX_SIDE);
        return false;
    }
    if (in->bytes > MEDIA_MAX_FILE_BYTES) {
        set(why, n, _("the file is %lld MB, more than the %lld MB allowed: re-encode it smaller"),
            (long long)(in->bytes >> 20), MEDIA_MAX_FILE_BYTES >> 20);
        return false;
    }
    if (in->duration > MEDIA_MAX_SECONDS) {
        set(why, n, _("the clip lasts %.0f s, more than the %.0f s an item may: cut it shorter"),
            in->duration, MEDIA_MAX_SECONDS);
        return false;
    }
    return true;
}

/* ---- animated WebP ---- */

static bool open_webp(struct media_src *s, const char *path, char *why, size_t n)
{
    if (s->info.bytes > MAX_WEBP_BYTES) {
        set(why, n, _("the animated WebP is %lld MB, more than %d MB: make it smaller"),
            (long long)(s->info.bytes >> 20), MAX_WEBP_BYTES >> 20);
        return false;
    }
    FILE *f = fopen(path, "rb");
    if (!f || !(s->data = malloc((size_t)s->info.bytes + 1))) {
        set(why, n, _("cannot read the file: %s"), strerror(errno));
        if (f)
            fclose(f);
        return false;
    }
    size_t len = fread(s->data, 1, (size_t)s->info.bytes, f);
    fclose(f);
    WebPAnimDecoderOptions o;
    WebPAnimDecoderOptionsInit(&o);
    o.color_mode = MODE_BGRA; /* little-endian 0xAARRGGBB words */
    o.use_threads = 0;
    WebPData wd = {s->data, len};
    WebPAnimInfo ai;
    if (!(s->wad = WebPAnimDecoderNew(&wd, &o)) || !WebPAnimDecoderGetInfo(s->wad, &ai)) {
        set(why, n, "%s", _("the WebP animation is damaged or cut off"));
        return false;
    }
    s->info.w = (int)ai.canvas_width;
    s->info.h = (int)ai.canvas_height;
    s->info.animated = ai.frame_count > 1;
    const WebPDemuxer *dmx = WebPAnimDecoderGetDemuxer(s->wad);
    WebPIterator it;
    double total = 0;
    if (WebPDemuxGetFrame(dmx, 1, &it)) {
        do
            total += it.duration;
        while (WebPDemuxNextFrame(&it));
        WebPDemuxReleaseIterator(&it);
    }
    s->info.duration = total / 1000.0;
    snprintf(s->info.container, sizeof(s->info.container), "webp");
    snprintf(s->info.codec, sizeof(s->info.codec), "webp");
    snprintf(s->decoder, sizeof(s->decoder), "libwebpdemux");
    return true;
}

static int next_webp(struct media_src *s, AVFrame *out, int64_t *pts, int64_t *dur, char *why,
                     size_t n)
{
    if (!WebPAnimDecoderHasMoreFrames(s->wad))
        return 0;
    uint8_t *buf;
    int ts;
    if (!WebPAnimDecoderGetNext(s->wad, &buf, &ts)) {
        set(why, n, "%s", _("the WebP animation is damaged part-way"));
        return -1;
    }
    /* The decoder owns the canvas until the next call: a copy to hand on. */
    out->format = AV_PIX_FMT_BGRA;
    out->width = s->info.w;
    out->height = s->info.h;
    if (av_frame_get_buffer(out, 0) < 0) {
        set(why, n, "%s", _("out of memory"));
        return -1;
    }
    av_image_copy_plane(out->data[0], out->linesize[0], buf, s->info.w * 4, s->info.w * 4,
                        s->info.h);
    *pts = s->webp_ts;
    *dur = ts > s->webp_ts ? ts - s->webp_ts : 100;
    s->webp_ts = ts;
    return 1;
}

/* ---- FFmpeg ---- */

static const char *container_name(const AVFormatContext *fmt, enum AVCodecID codec)
{
    const char *name = fmt->iformat->name;
    if (strstr(name, "mp4"))
        return "mp4";
    if (strstr(name, "matroska"))
        return codec == AV_CODEC_ID_VP8 || codec == AV_CODEC_ID_VP9 || codec == AV_CODEC_ID_AV1
                   ? "webm"
                   : "mkv";
    return name;
}

static bool open_decoder(struct media_src *s, const AVCodec *codec)
{
    const AVCodecParameters *par = s->fmt->streams[s->stream]->codecpar;
    avcodec_free_context(&s->dec);
    if (!(s->dec = avcodec_alloc_context3(codec)) || avcodec_parameters_to_context(s->dec, par) < 0)
        return false;
    s->dec->pkt_timebase = s->tb;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    /* Frame threads each hold pictures: a few are enough for 1080p30. */
    s->dec->thread_count = cpus < 1 ? 1 : cpus > MAX_THREADS ? MAX_THREADS : (int)cpus;
    s->dec->thread_type = FF_THREAD_FRAME | FF_THREAD_SLICE;
    if (avcodec_open2(s->dec, codec, NULL) < 0)
        return false;
    snprintf(s->decoder, sizeof(s->decoder), "%s", codec->name);
    return true;
}

static bool open_ff(struct media_src *s, const char *path, const unsigned char *head,
                    size_t head_len, bool use_hw, const char *hwdec, char *why, size_t n)
{
    if (!(s->fmt = avformat_alloc_context()) || !(s->pkt = av_packet_alloc())) {
        set(why, n, "%s", _("out of memory"));
        return false;
    }
    s->fmt->probesize = PROBE_BYTES;
    s->fmt->max_analyze_duration = 5 * AV_TIME_BASE;
    s->fmt->interrupt_callback = (AVIOInterruptCB){interrupted, s->quit};
    AVDictionary *o = NULL;
    av_dict_set(&o, "protocol_whitelist", "file", 0);
    av_dict_set(&o, "format_whitelist", FORMATS, 0);
    const AVInputFormat *forced = png_is_apng(head, head_len) ? av_find_input_format("apng") : NULL;
    char url[4200];
    snprintf(url, sizeof(url), "file:%s", path);
    int rc = avformat_open_input(&s->fmt, url, forced, &o);
    av_dict_free(&o);
    if (rc < 0) {
        if (head_len >= 8 && memcmp(head + 4, "ftyp", 4) == 0)
            set(why, n, "%s",
                _("the MP4 has no index (it was cut off while copying, or is still being "
                  "written): copy it again"));
        else if (head_len >= 4 && memcmp(head, "\x1a\x45\xdf\xa3", 4) == 0)
            set(why, n, "%s", _("the WebM is damaged or cut off: copy it again"));
        else
            set(why, n, "%s",
                _("this is not a clip the board plays: use MP4 (H.264) or WebM (VP8/VP9)"));
        return false;
    }
    if (s->fmt->nb_streams == 0 && head_len >= 8 && memcmp(head + 4, "ftyp", 4) == 0) {
        set(why, n, "%s",
            _("the MP4 has no index (it was cut off while copying, or is still being "
              "written): copy it again"));
        return false;
    }
    if (avformat_find_stream_info(s->fmt, NULL) < 0) {
        set(why, n, "%s", _("the clip is damaged: its streams cannot be read"));
        return false;
    }
    const AVCodec *codec = NULL;
    s->stream = av_find_best_stream(s->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (s->stream == AVERROR_DECODER_NOT_FOUND) {
        int i = av_find_best_stream(s->fmt, AVMEDIA_TYPE_VIDEO, -1, -1, NULL, 0);
        const AVCodecParameters *par = i >= 0 ? s->fmt->streams[i]->codecpar : NULL;
        char tag[AV_FOURCC_MAX_STRING_SIZE] = "?";
        if (par && par->codec_tag)
            av_fourcc_make_string(tag, par->codec_tag);
        const char *name =
            par && par->codec_id != AV_CODEC_ID_NONE ? avcodec_get_name(par->codec_id) : tag;
        set(why, n,
            _("the clip is coded as %s, which this player cannot decode: re-encode it as H.264 "
              "(MP4) or VP9 (WebM)"),
            name);
        return false;
    }
    if (s->stream < 0) {
        set(why, n, "%s", _("the file has no moving picture (sound only?)"));
        return false;
    }
    AVStream *st = s->fmt->streams[s->stream];
    s->tb = st->time_base;
    s->start = st->start_time != AV_NOPTS_VALUE ? st->start_time : 0;
    struct media_info *in = &s->info;
    in->w = st->codecpar->width;
    in->h = st->codecpar->height;
    if (s->fmt->duration > 0)
        in->duration = (double)s->fmt->duration / AV_TIME_BASE;
    else if (st->duration > 0)
        in->duration = (double)st->duration * av_q2d(s->tb);
    AVRational fr = av_guess_frame_rate(s->fmt, st, NULL);
    in->fps = fr.num > 0 && fr.den > 0 ? av_q2d(fr) : 0;
    if (in->fps > 240)
        in->fps = 0; /* GIF's 100 fps time base, not a rate */
    s->frame_ms = in->fps > 0 ? (int64_t)(1000.0 / in->fps + 0.5) : 100;
    in->has_audio = av_find_best_stream(s->fmt, AVMEDIA_TYPE_AUDIO, -1, -1, NULL, 0) >= 0;
    snprintf(in->container, sizeof(in->container), "%s",
             container_name(s->fmt, st->codecpar->codec_id));
    snprintf(in->codec, sizeof(in->codec), "%s", avcodec_get_name(st->codecpar->codec_id));
    if (!check_limits(s, why, n))
        return false;
    const AVCodec *hw = use_hw && hwdec ? avcodec_find_decoder_by_name(hwdec) : NULL;
    if (hw && hw->id == st->codecpar->codec_id && open_decoder(s, hw))
        return true;
    if (hw && hw->id == st->codecpar->codec_id)
        log_warn(_("the hardware decoder %s cannot open this clip; decoding in software"), hwdec);
    if (!open_decoder(s, codec)) {
        set(why, n, _("the %s decoder refuses this clip's settings"), codec->name);
        return false;
    }
    return true;
}

/* Sample i of channel ch in f, as a float in -1..1. */
static float sample_at(const AVFrame *f, int channels, int ch, int i)
{
    enum AVSampleFormat fmt = f->format;
    bool planar = av_sample_fmt_is_planar(fmt);
    const uint8_t *d = f->extended_data[planar ? ch : 0];
    size_t k = planar ? (size_t)i : (size_t)i * (size_t)channels + (size_t)ch;
    switch (av_get_packed_sample_fmt(fmt)) {
    case AV_SAMPLE_FMT_FLT:
        return ((const float *)d)[k];
    case AV_SAMPLE_FMT_DBL:
        return (float)((const double *)d)[k];
    case AV_SAMPLE_FMT_S16:
        return (float)((const int16_t *)d)[k] / 32768.0f;
    case AV_SAMPLE_FMT_S32:
        return (float)((double)((const int32_t *)d)[k] / 2147483648.0);
    case AV_SAMPLE_FMT_U8:
        return (float)((int)d[k] - 128) / 128.0f;
    default:
        return 0;
    }
}

static int frame_channels(const AVFrame *f)
{
#if LIBAVUTIL_VERSION_INT >= AV_VERSION_INT(57, 24, 100)
    return f->ch_layout.nb_channels;
#else
    return f->channels;
#endif
}

/* The sound packet in s->pkt: decoded, converted, handed on. A decoder
 * that fails mutes the clip; it never stops the pictures. */
static void decode_sound(struct media_src *s)
{
    if (s->sound_broken)
        return;
    int rc = avcodec_send_packet(s->adec, s->pkt);
    if (rc < 0 && rc != AVERROR(EAGAIN) && rc != AVERROR_INVALIDDATA)
        goto broken;
    while ((rc = avcodec_receive_frame(s->adec, s->aframe)) == 0) {
        const AVFrame *f = s->aframe;
        int channels = frame_channels(f);
        int64_t ts = f->best_effort_timestamp;
        if (channels < 1 || channels > MAX_CHANNELS || f->sample_rate <= 0 ||
            ts == AV_NOPTS_VALUE) {
            av_frame_unref(s->aframe);
            continue;
        }
        int64_t ms = av_rescale_q(ts, s->atb, (AVRational){1, 1000}) -
                     av_rescale_q(s->start, s->tb, (AVRational){1, 1000});
        for (int at = 0; at < f->nb_samples; at += SOUND_CHUNK) {
            int n = f->nb_samples - at < SOUND_CHUNK ? f->nb_samples - at : SOUND_CHUNK;
            for (int i = 0; i < n; i++)
                for (int ch = 0; ch < channels; ch++)
                    s->pcm[(size_t)i * (size_t)channels + (size_t)ch] =
                        sample_at(f, channels, ch, at + i);
            s->sound(s->sound_ctx, s->pcm, n, channels, f->sample_rate,
                     ms + (int64_t)at * 1000 / f->sample_rate);
        }
        av_frame_unref(s->aframe);
    }
    if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF)
        return;
broken:
    log_warn(_("the clip's sound cannot be decoded; it plays muted"));
    s->sound_broken = true;
}

bool media_src_sound(struct media_src *s, media_sound_fn *fn, void *ctx)
{
    if (!s->fmt || s->adec)
        return s->adec != NULL;
    const AVCodec *codec = NULL;
    int i = av_find_best_stream(s->fmt, AVMEDIA_TYPE_AUDIO, -1, s->stream, &codec, 0);
    if (i < 0 || !codec)
        return false;
    s->astream = i;
    s->atb = s->fmt->streams[i]->time_base;
    if (!(s->adec = avcodec_alloc_context3(codec)) ||
        avcodec_parameters_to_context(s->adec, s->fmt->streams[i]->codecpar) < 0)
        goto fail;
    s->adec->pkt_timebase = s->atb;
    if (avcodec_open2(s->adec, codec, NULL) < 0 ||
        (!s->aframe && !(s->aframe = av_frame_alloc())) ||
        (!s->pcm && !(s->pcm = malloc(sizeof(float) * SOUND_CHUNK * MAX_CHANNELS))))
        goto fail;
    s->sound = fn;
    s->sound_ctx = ctx;
    return true;
fail:
    avcodec_free_context(&s->adec); /* aframe and pcm go with s */
    return false;
}

static int next_ff(struct media_src *s, AVFrame *out, int64_t *pts, int64_t *dur, char *why,
                   size_t n)
{
    for (int packets = 0;;) {
        int rc = avcodec_receive_frame(s->dec, out);
        if (rc == 0) {
            s->bad = 0;
            int64_t ts = out->best_effort_timestamp;
            int64_t ms = ts != AV_NOPTS_VALUE
                             ? av_rescale_q(ts - s->start, s->tb, (AVRational){1, 1000})
                             : s->last_ms + s->frame_ms;
            if (ms < s->last_ms)
                ms = s->last_ms; /* never backwards: a broken timestamp holds */
#if LIBAVUTIL_VERSION_MAJOR >= 58
            int64_t d = out->duration;
#else
            int64_t d = out->pkt_duration;
#endif
            *dur = d > 0 ? av_rescale_q(d, s->tb, (AVRational){1, 1000}) : s->frame_ms;
            if (*dur <= 0)
                *dur = s->frame_ms;
            *pts = s->last_ms = ms;
            return 1;
        }
        if (rc == AVERROR_EOF)
            return 0;
        if (rc != AVERROR(EAGAIN)) {
            if (++s->bad > MAX_BAD_PACKETS) {
                set(why, n, _("the pictures cannot be decoded after %.1f s: the clip is damaged"),
                    (double)s->last_ms / 1000.0);
                return -1;
            }
            continue;
        }
        if (s->draining)
            return 0;
        rc = av_read_frame(s->fmt, s->pkt);
        if (rc == AVERROR_EOF) {
            avcodec_send_packet(s->dec, NULL);
            s->draining = true;
            continue;
        }
        if (rc < 0) {
            if (rc == AVERROR_EXIT)
                set(why, n, "%s", _("stopped"));
            else
                set(why, n, _("the file cannot be read after %.1f s: it is damaged or cut off"),
                    (double)s->last_ms / 1000.0);
            return -1;
        }
        if (s->adec && s->pkt->stream_index == s->astream)
            decode_sound(s);
        if (s->pkt->stream_index == s->stream) {
            rc = avcodec_send_packet(s->dec, s->pkt);
            if (rc < 0 && rc != AVERROR(EAGAIN) && ++s->bad > MAX_BAD_PACKETS) {
                av_packet_unref(s->pkt);
                set(why, n, _("the pictures cannot be decoded after %.1f s: the clip is damaged"),
                    (double)s->last_ms / 1000.0);
                return -1;
            }
        }
        av_packet_unref(s->pkt);
        if (++packets > FIRST_PACKETS * 25 && s->last_ms == 0 && !s->first) {
            set(why, n, "%s", _("no picture decodes from this clip"));
            return -1;
        }
    }
}

static void free_src(struct media_src *s)
{
    av_frame_free(&s->first);
    av_frame_free(&s->aframe);
    free(s->pcm);
    avcodec_free_context(&s->adec);
    av_packet_free(&s->pkt);
    avcodec_free_context(&s->dec);
    avformat_close_input(&s->fmt);
    WebPAnimDecoderDelete(s->wad);
    free(s->data);
    free(s);
}

struct media_src *media_src_open(const char *path, const char *hwdec, atomic_bool *quit, char *why,
                                 size_t why_len)
{
    /* FFmpeg is loaded by the first clip or animated image (av_dl.h). */
    if (!av_dl_ok()) {
        set(why, why_len, "%s",
            _("FFmpeg cannot be loaded: install Debian's libavformat59, libavcodec59 and "
              "libswscale6 packages"));
        return NULL;
    }
    av_log_set_level(AV_LOG_QUIET); /* our own one-line messages say what is wrong */
    unsigned char head[4096];
    struct stat st;
    if (stat(path, &st) != 0) {
        set(why, why_len, _("cannot read the file: %s"), strerror(errno));
        return NULL;
    }
    /* A pipe's bytes are read once: only FFmpeg reads them. */
    size_t head_len = S_ISREG(st.st_mode) ? head_bytes(path, head, sizeof(head)) : 0;
    if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
        set(why, why_len, "%s", _("this is not a file"));
        return NULL;
    }
    if (S_ISREG(st.st_mode) && st.st_size == 0) {
        set(why, why_len, "%s", _("the file is empty"));
        return NULL;
    }
    int64_t need = head_len >= 8 && memcmp(head + 4, "ftyp", 4) == 0 && S_ISREG(st.st_mode)
                       ? mp4_needs(path, st.st_size)
                       : 0;
    if (need > 0) {
        set(why, why_len,
            _("the file is cut off: it has %lld bytes but its pictures run to byte %lld "
              "(copy it again)"),
            (long long)st.st_size, (long long)need);
        return NULL;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        struct media_src *s = calloc(1, sizeof(*s));
        if (!s) {
            set(why, why_len, "%s", _("out of memory"));
            return NULL;
        }
        s->quit = quit;
        s->info.bytes = st.st_size;
        bool ok;
        if (webp_is_animated(head, head_len))
            ok = open_webp(s, path, why, why_len) && check_limits(s, why, why_len);
        else
            ok = open_ff(s, path, head, head_len, attempt == 0, hwdec, why, why_len);
        if (!ok) {
            free_src(s);
            return NULL;
        }
        if (!s->dec || !hwdec || strcmp(s->decoder, hwdec) != 0)
            return s;
        /* A hardware decoder that opens may still fail on the first
         * picture (no device, a profile it lacks): then software. */
        int64_t pts, dur;
        char err[128];
        if ((s->first = av_frame_alloc()) &&
            next_ff(s, s->first, &pts, &dur, err, sizeof(err)) == 1)
            return s;
        log_warn(_("the hardware decoder %s gives no picture for %s; decoding in software"), hwdec,
                 path);
        free_src(s);
    }
    set(why, why_len, "%s", _("no decoder plays this clip"));
    return NULL;
}

void media_src_close(struct media_src *s)
{
    if (s)
        free_src(s);
}

const struct media_info *media_src_info(const struct media_src *s)
{
    return &s->info;
}

const char *media_src_decoder(const struct media_src *s)
{
    return s->decoder;
}

int media_src_next(struct media_src *s, AVFrame *out, int64_t *pts_ms, int64_t *dur_ms, char *why,
                   size_t why_len)
{
    if (s->wad)
        return next_webp(s, out, pts_ms, dur_ms, why, why_len);
    if (s->first) {
        av_frame_move_ref(out, s->first);
        av_frame_free(&s->first);
        *pts_ms = s->last_ms;
        *dur_ms = s->frame_ms;
        return 1;
    }
    return next_ff(s, out, pts_ms, dur_ms, why, why_len);
}

void media_src_hurry(struct media_src *s, bool hurry)
{
    if (s->dec)
        s->dec->skip_frame = hurry ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
}

bool media_src_check_end(struct media_src *s, char *why, size_t n)
{
    if (s->wad || !s->fmt)
        return true; /* libwebpdemux already refused a cut-off animation */
    AVStream *st = s->fmt->streams[s->stream];
    /* An MP4's index says where every picture is: one past the end is a
     * file cut off while copying. */
    int entries = avformat_index_get_entries_count(st);
    if (entries > 0 && s->info.bytes > 0) {
        const AVIndexEntry *e = avformat_index_get_entry(st, entries - 1);
        if (e && e->pos + e->size > s->info.bytes) {
            set(why, n,
                _("the file is cut off: it has %lld bytes but its pictures run to byte %lld "
                  "(copy it again)"),
                (long long)s->info.bytes, (long long)(e->pos + e->size));
            return false;
        }
    }
    double dur_ms = s->info.duration * 1000.0;
    if (dur_ms <= 0)
        return true;
    int64_t from =
        s->start + av_rescale_q((int64_t)(dur_ms > END_WINDOW_MS ? dur_ms - END_WINDOW_MS : 0),
                                (AVRational){1, 1000}, s->tb);
    av_seek_frame(s->fmt, s->stream, from, AVSEEK_FLAG_BACKWARD);
    int64_t end = -1;
    int rc;
    while ((rc = av_read_frame(s->fmt, s->pkt)) >= 0) {
        if (s->pkt->stream_index == s->stream && s->pkt->pts != AV_NOPTS_VALUE) {
            int64_t e = av_rescale_q(s->pkt->pts - s->start + s->pkt->duration, s->tb,
                                     (AVRational){1, 1000});
            if (e > end)
                end = e;
        }
        av_packet_unref(s->pkt);
    }
    if (rc != AVERROR_EOF) {
        set(why, n, "%s", _("the end of the file cannot be read: it is damaged or cut off"));
        return false;
    }
    double slack = dur_ms * 0.05 > 1000 ? dur_ms * 0.05 : 1000;
    if (end >= 0 && (double)end < dur_ms - slack) {
        set(why, n,
            _("the clip says it lasts %.1f s but its pictures stop at %.1f s: the file was cut "
              "off (copy it again)"),
            dur_ms / 1000.0, (double)end / 1000.0);
        return false;
    }
    if (end < 0) {
        set(why, n, "%s", _("no picture at the end of the file: it was cut off (copy it again)"));
        return false;
    }
    return true;
}

static inline uint32_t over(uint32_t p, uint32_t bg)
{
    unsigned a = p >> 24;
    if (a == 255)
        return p;
    uint32_t rb = ((p & 0xff00ffu) * a + (bg & 0xff00ffu) * (255 - a)) / 255 & 0xff00ffu;
    uint32_t g = ((p & 0x00ff00u) * a + (bg & 0x00ff00u) * (255 - a)) / 255 & 0x00ff00u;
    return 0xff000000u | rb | g;
}

bool media_convert(const AVFrame *f, const struct media_rect *src, struct pixbuf *out, uint32_t bg,
                   struct SwsContext **sws)
{
    AVFrame *c = av_frame_clone(f);
    if (!c)
        return false;
    c->crop_left = (size_t)src->x;
    c->crop_top = (size_t)src->y;
    c->crop_right = (size_t)(f->width - src->x - src->w);
    c->crop_bottom = (size_t)(f->height - src->y - src->h);
    bool ok = false;
    if (av_frame_apply_cropping(c, AV_FRAME_CROP_UNALIGNED) < 0)
        goto out;
    enum AVPixelFormat fmt = c->format;
    int full = c->color_range == AVCOL_RANGE_JPEG || fmt == AV_PIX_FMT_YUVJ420P ||
               fmt == AV_PIX_FMT_YUVJ422P || fmt == AV_PIX_FMT_YUVJ444P;
    *sws = sws_getCachedContext(*sws, c->width, c->height, fmt, out->w, out->h, AV_PIX_FMT_BGRA,
                                SWS_BILINEAR, NULL, NULL, NULL);
    if (!*sws)
        goto out;
    /* HD clips are BT.709 unless they say otherwise; SD ones BT.601. */
    int cs = c->colorspace == AVCOL_SPC_BT709 ||
                     (c->colorspace == AVCOL_SPC_UNSPECIFIED && f->height >= 720)
                 ? SWS_CS_ITU709
                 : SWS_CS_DEFAULT;
    sws_setColorspaceDetails(*sws, sws_getCoefficients(cs), full,
                             sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    uint8_t *dst[4] = {(uint8_t *)out->px};
    int pitch[4] = {out->stride * 4};
    ok =
        sws_scale(*sws, (const uint8_t *const *)c->data, c->linesize, 0, c->height, dst, pitch) > 0;
    /* The board is opaque: transparency shows the slide's background. */
    const AVPixFmtDescriptor *desc = av_pix_fmt_desc_get(fmt);
    bool alpha = desc && (desc->flags & AV_PIX_FMT_FLAG_ALPHA);
    for (int y = 0; ok && y < out->h; y++) {
        uint32_t *row = out->px + (size_t)y * out->stride;
        for (int x = 0; x < out->w; x++)
            row[x] = alpha ? over(row[x], bg) : row[x] | 0xff000000u;
    }
out:
    av_frame_free(&c);
    return ok;
}
