/* SPDX-License-Identifier: MIT */
/* libFuzzer target: the clip probe (media_probe, media_is_animated,
 * media_poster) over any bytes, as `check` meets a file a clerk copied.
 * The input is a file in memory (memfd): the probe opens it by name like
 * any clip. No input may crash, hang, leak or read outside its buffers. */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "media/media.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("clip", 0);
    if (fd < 0)
        return 0;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return 0;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    struct media_info in;
    char why[300];
    if (media_probe(path, &in, why, sizeof(why))) {
        /* What probes as playable also gives its first picture. */
        struct pixbuf *pb = NULL;
        struct media_rect dst;
        media_poster(path, 64, 32, size & 1, 0xff000000u, &pb, &dst, why, sizeof(why));
        pixbuf_free(pb);
    }
    media_is_animated(path);
    close(fd);
    return 0;
}
