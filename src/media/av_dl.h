/* SPDX-License-Identifier: MIT */
#pragma once
/* FFmpeg and libwebpdemux, loaded the first time a clip or an animated
 * image is opened (src/media/av_dl.c), like libcurl (src/feed/curl_dl.c).
 *
 * Linked directly, libavformat and libavcodec bring ~100 libraries
 * (codecs, TLS, SSH, SRT, ZeroMQ...) that every start of bangtin maps
 * and relocates: `render`, `check` and a `run` without clips would pay
 * ~25 ms and ~12 MB for them (docs/PERFORMANCE.md). Included after the
 * FFmpeg headers by every file of src/media that calls them: each call
 * below goes through the loaded library's entry point. A call to a
 * function missing here fails at link time (undefined reference): add
 * it to AV_DL_FUNCS. Call av_dl_ok() before the first of them. */

#ifdef BANGTIN_HAVE_VIDEO

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/frame.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libavutil/samplefmt.h>
#include <libswscale/swscale.h>
#include <stdbool.h>
#include <webp/demux.h>

enum av_dl_lib { AV_DL_AVUTIL, AV_DL_SWSCALE, AV_DL_AVCODEC, AV_DL_AVFORMAT, AV_DL_WEBP, AV_DL_N };

#define AV_DL_FUNCS(X)                                                                             \
    X(AVUTIL, av_dict_free)                                                                        \
    X(AVUTIL, av_dict_set)                                                                         \
    X(AVUTIL, av_fourcc_make_string)                                                               \
    X(AVUTIL, av_frame_alloc)                                                                      \
    X(AVUTIL, av_frame_apply_cropping)                                                             \
    X(AVUTIL, av_frame_clone)                                                                      \
    X(AVUTIL, av_frame_free)                                                                       \
    X(AVUTIL, av_frame_get_buffer)                                                                 \
    X(AVUTIL, av_frame_move_ref)                                                                   \
    X(AVUTIL, av_frame_unref)                                                                      \
    X(AVUTIL, av_get_packed_sample_fmt)                                                            \
    X(AVUTIL, av_image_copy_plane)                                                                 \
    X(AVUTIL, av_log_set_level)                                                                    \
    X(AVUTIL, av_pix_fmt_desc_get)                                                                 \
    X(AVUTIL, av_rescale_q)                                                                        \
    X(AVUTIL, av_sample_fmt_is_planar)                                                             \
    X(SWSCALE, sws_freeContext)                                                                    \
    X(SWSCALE, sws_getCachedContext)                                                               \
    X(SWSCALE, sws_getCoefficients)                                                                \
    X(SWSCALE, sws_scale)                                                                          \
    X(SWSCALE, sws_setColorspaceDetails)                                                           \
    X(AVCODEC, av_packet_alloc)                                                                    \
    X(AVCODEC, av_packet_free)                                                                     \
    X(AVCODEC, av_packet_unref)                                                                    \
    X(AVCODEC, avcodec_alloc_context3)                                                             \
    X(AVCODEC, avcodec_find_decoder_by_name)                                                       \
    X(AVCODEC, avcodec_free_context)                                                               \
    X(AVCODEC, avcodec_get_name)                                                                   \
    X(AVCODEC, avcodec_open2)                                                                      \
    X(AVCODEC, avcodec_parameters_to_context)                                                      \
    X(AVCODEC, avcodec_receive_frame)                                                              \
    X(AVCODEC, avcodec_send_packet)                                                                \
    X(AVFORMAT, av_find_best_stream)                                                               \
    X(AVFORMAT, av_find_input_format)                                                              \
    X(AVFORMAT, av_guess_frame_rate)                                                               \
    X(AVFORMAT, av_read_frame)                                                                     \
    X(AVFORMAT, av_seek_frame)                                                                     \
    X(AVFORMAT, avformat_alloc_context)                                                            \
    X(AVFORMAT, avformat_close_input)                                                              \
    X(AVFORMAT, avformat_find_stream_info)                                                         \
    X(AVFORMAT, avformat_index_get_entries_count)                                                  \
    X(AVFORMAT, avformat_index_get_entry)                                                          \
    X(AVFORMAT, avformat_open_input)                                                               \
    X(WEBP, WebPAnimDecoderDelete)                                                                 \
    X(WEBP, WebPAnimDecoderGetDemuxer)                                                             \
    X(WEBP, WebPAnimDecoderGetInfo)                                                                \
    X(WEBP, WebPAnimDecoderGetNext)                                                                \
    X(WEBP, WebPAnimDecoderHasMoreFrames)                                                          \
    X(WEBP, WebPAnimDecoderNewInternal)                                                            \
    X(WEBP, WebPAnimDecoderOptionsInitInternal)                                                    \
    X(WEBP, WebPDemuxGetFrame)                                                                     \
    X(WEBP, WebPDemuxNextFrame)                                                                    \
    X(WEBP, WebPDemuxReleaseIterator)

/* Each member has the type of a pointer to the function it is named for,
 * as the library's own header declares it. */
struct av_dl_fns {
#define AV_DL_MEMBER(lib, name) __typeof__(&name) name;
    AV_DL_FUNCS(AV_DL_MEMBER)
#undef AV_DL_MEMBER
};

/* Loads the libraries once; false (and a logged reason, once) when they
 * cannot be loaded. */
bool av_dl_ok(void);
/* The entry points; only after av_dl_ok() returned true. */
const struct av_dl_fns *av_dl(void);

#ifndef AV_DL_NO_REDIRECT
#define av_dict_free                     (av_dl()->av_dict_free)
#define av_dict_set                      (av_dl()->av_dict_set)
#define av_fourcc_make_string            (av_dl()->av_fourcc_make_string)
#define av_frame_alloc                   (av_dl()->av_frame_alloc)
#define av_frame_apply_cropping          (av_dl()->av_frame_apply_cropping)
#define av_frame_clone                   (av_dl()->av_frame_clone)
#define av_frame_free                    (av_dl()->av_frame_free)
#define av_frame_get_buffer              (av_dl()->av_frame_get_buffer)
#define av_frame_move_ref                (av_dl()->av_frame_move_ref)
#define av_frame_unref                   (av_dl()->av_frame_unref)
#define av_get_packed_sample_fmt         (av_dl()->av_get_packed_sample_fmt)
#define av_image_copy_plane              (av_dl()->av_image_copy_plane)
#define av_log_set_level                 (av_dl()->av_log_set_level)
#define av_pix_fmt_desc_get              (av_dl()->av_pix_fmt_desc_get)
#define av_rescale_q                     (av_dl()->av_rescale_q)
#define av_sample_fmt_is_planar          (av_dl()->av_sample_fmt_is_planar)
#define sws_freeContext                  (av_dl()->sws_freeContext)
#define sws_getCachedContext             (av_dl()->sws_getCachedContext)
#define sws_getCoefficients              (av_dl()->sws_getCoefficients)
#define sws_scale                        (av_dl()->sws_scale)
#define sws_setColorspaceDetails         (av_dl()->sws_setColorspaceDetails)
#define av_packet_alloc                  (av_dl()->av_packet_alloc)
#define av_packet_free                   (av_dl()->av_packet_free)
#define av_packet_unref                  (av_dl()->av_packet_unref)
#define avcodec_alloc_context3           (av_dl()->avcodec_alloc_context3)
#define avcodec_find_decoder_by_name     (av_dl()->avcodec_find_decoder_by_name)
#define avcodec_free_context             (av_dl()->avcodec_free_context)
#define avcodec_get_name                 (av_dl()->avcodec_get_name)
#define avcodec_open2                    (av_dl()->avcodec_open2)
#define avcodec_parameters_to_context    (av_dl()->avcodec_parameters_to_context)
#define avcodec_receive_frame            (av_dl()->avcodec_receive_frame)
#define avcodec_send_packet              (av_dl()->avcodec_send_packet)
#define av_find_best_stream              (av_dl()->av_find_best_stream)
#define av_find_input_format             (av_dl()->av_find_input_format)
#define av_guess_frame_rate              (av_dl()->av_guess_frame_rate)
#define av_read_frame                    (av_dl()->av_read_frame)
#define av_seek_frame                    (av_dl()->av_seek_frame)
#define avformat_alloc_context           (av_dl()->avformat_alloc_context)
#define avformat_close_input             (av_dl()->avformat_close_input)
#define avformat_find_stream_info        (av_dl()->avformat_find_stream_info)
#define avformat_index_get_entries_count (av_dl()->avformat_index_get_entries_count)
#define avformat_index_get_entry         (av_dl()->avformat_index_get_entry)
#define avformat_open_input              (av_dl()->avformat_open_input)
#define WebPAnimDecoderDelete            (av_dl()->WebPAnimDecoderDelete)
#define WebPAnimDecoderGetDemuxer        (av_dl()->WebPAnimDecoderGetDemuxer)
#define WebPAnimDecoderGetInfo           (av_dl()->WebPAnimDecoderGetInfo)
#define WebPAnimDecoderGetNext           (av_dl()->WebPAnimDecoderGetNext)
#define WebPAnimDecoderHasMoreFrames     (av_dl()->WebPAnimDecoderHasMoreFrames)
#define WebPDemuxGetFrame                (av_dl()->WebPDemuxGetFrame)
#define WebPDemuxNextFrame               (av_dl()->WebPDemuxNextFrame)
#define WebPDemuxReleaseIterator         (av_dl()->WebPDemuxReleaseIterator)
/* The header's inline wrappers call the library directly: bypass them. */
#define WebPAnimDecoderNew(data, opts)                                                             \
    (av_dl()->WebPAnimDecoderNewInternal((data), (opts), WEBP_DEMUX_ABI_VERSION))
#define WebPAnimDecoderOptionsInit(opts)                                                           \
    (av_dl()->WebPAnimDecoderOptionsInitInternal((opts), WEBP_DEMUX_ABI_VERSION))
#endif

#endif /* BANGTIN_HAVE_VIDEO */
