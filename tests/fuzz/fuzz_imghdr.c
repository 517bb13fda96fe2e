/* SPDX-License-Identifier: MIT */
/* libFuzzer target: image header probing (PNG, JPEG, GIF, WebP), which stands between
 * untrusted files and the decoders. Whatever it accepts is within the
 * documented caps; a refusal always says why. */

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "playlist/imghdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct imghdr h;
    char why[256] = "";
    if (imghdr_probe_mem(data, size, &h, why, sizeof(why))) {
        if (h.kind == IMGHDR_UNKNOWN)
            abort();
        if (h.width == 0 || h.height == 0 || h.width > IMGHDR_MAX_SIDE ||
            h.height > IMGHDR_MAX_SIDE ||
            (unsigned long long)h.width * h.height > IMGHDR_MAX_PIXELS)
            abort();
    } else if (!why[0]) {
        abort();
    }
    return 0;
}
