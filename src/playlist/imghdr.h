/* SPDX-License-Identifier: MIT */
#pragma once
/* Reads an image's dimensions from its header, without decoding it, so a
 * PNG claiming 60000x60000 (a decompression bomb) is refused before any
 * decoder allocates for it. */

#include <stdbool.h>
#include <stddef.h>

#define IMGHDR_MAX_SIDE       16384
#define IMGHDR_MAX_PIXELS     (64u * 1024u * 1024u)
#define IMGHDR_MAX_FILE_BYTES (32u * 1024u * 1024u)

enum imghdr_kind { IMGHDR_UNKNOWN, IMGHDR_PNG, IMGHDR_JPEG, IMGHDR_GIF, IMGHDR_WEBP };

struct imghdr {
    enum imghdr_kind kind;
    unsigned width, height;
};

/* Probes len bytes of the start of a file (the whole file for JPEG with
 * big metadata). On failure why holds a plain-words reason. */
bool imghdr_probe_mem(const unsigned char *data, size_t len, struct imghdr *out, char *why,
                      size_t why_len);
/* Whether a file probed as h is whole: PNG chunks with good CRCs up to
 * IEND, JPEG segments up to the scan and an end-of-image marker after it.
 * Catches copies cut short, which a header alone does not show. */
bool imghdr_check_complete(const unsigned char *data, size_t len, const struct imghdr *h, char *why,
                           size_t why_len);
/* Probes a whole file on disk (header and completeness); also refuses
 * files over IMGHDR_MAX_FILE_BYTES. */
bool imghdr_probe_file(const char *path, struct imghdr *out, char *why, size_t why_len);
