/* SPDX-License-Identifier: MIT */
/* bench-video CLIP W H yuv|argb [PASSES]: decodes every picture of CLIP
 * for a W x H slide area through the player's own path (media/clip.h: the
 * decoder thread, its queue, the fitting), as fast as the decoder goes,
 * PASSES times (a loop), and prints pictures and seconds. Under callgrind
 * its instructions divided by the pictures are the Pi estimate per frame;
 * argb is the surface path (swscale on the decoder thread), yuv the GPU
 * path (planes handed on as decoded). tests/bench/video.py runs it. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "media/clip.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: bench-video CLIP W H yuv|argb [PASSES]\n");
        return 2;
    }
    int passes = argc > 5 ? atoi(argv[5]) : 1;
    struct media_clip_opts o = {
        .area_w = atoi(argv[2]),
        .area_h = atoi(argv[3]),
        .yuv = strcmp(argv[4], "yuv") == 0,
        .loop = passes > 1,
    };
    double t0 = now_s();
    struct media_clip *c = media_clip_open(argv[1], &o);
    if (!c)
        return 1;
    /* The clock jumps to each picture as soon as it is queued: nothing is
     * dropped, every picture is decoded (and converted) once. */
    long pictures = 0;
    int64_t t = 0, stop = -1;
    uint64_t seq = 0;
    for (;;) {
        enum media_state st = media_clip_state(c, t);
        if (st == MEDIA_FAILED) {
            char why[256];
            media_clip_error(c, why, sizeof(why));
            fprintf(stderr, "bench-video: %s\n", why);
            return 1;
        }
        if (st == MEDIA_ENDED)
            break;
        int64_t next = media_clip_next_due(c);
        if (next == INT64_MAX) {
            usleep(200);
            continue;
        }
        t = next;
        const struct media_frame *f = media_clip_frame(c, t);
        if (f && f->seq != seq) {
            seq = f->seq;
            pictures++;
        }
        double d = media_clip_duration(c);
        if (stop < 0 && d > 0)
            stop = (int64_t)(d * 1000.0 * passes);
        if (o.loop && stop > 0 && t >= stop)
            break;
    }
    double secs = now_s() - t0;
    media_clip_close(c);
    printf("{\"pictures\": %ld, \"seconds\": %.3f}\n", pictures, secs);
    return 0;
}
