/* SPDX-License-Identifier: MIT */
#include "playlist/imghdr.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/i18n.h"

static uint32_t be32(const unsigned char *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static unsigned be16(const unsigned char *p)
{
    return ((unsigned)p[0] << 8) | p[1];
}

static bool sane(struct imghdr *out, char *why, size_t why_len)
{
    if (out->width == 0 || out->height == 0) {
        snprintf(why, why_len, "%s",
                 _("the image header says it has no pixels: the file is corrupt"));
        return false;
    }
    if (out->width > IMGHDR_MAX_SIDE || out->height > IMGHDR_MAX_SIDE ||
        (uint64_t)out->width * out->height > IMGHDR_MAX_PIXELS) {
        snprintf(why, why_len,
                 _("the image is %ux%u pixels, too large to show safely (at most %d pixels a "
                   "side and %u million pixels): resize it, 1920x1080 is plenty"),
                 out->width, out->height, IMGHDR_MAX_SIDE, IMGHDR_MAX_PIXELS / (1024u * 1024u));
        return false;
    }
    return true;
}

static bool probe_png(const unsigned char *d, size_t len, struct imghdr *out, char *why,
                      size_t why_len)
{
    /* Signature, then IHDR must be the first chunk: length 13. */
    if (len < 24 || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4) != 0) {
        snprintf(why, why_len, "%s", _("the PNG file is cut short or corrupt: export it again"));
        return false;
    }
    out->kind = IMGHDR_PNG;
    out->width = be32(d + 16);
    out->height = be32(d + 20);
    return sane(out, why, why_len);
}

static bool probe_jpeg(const unsigned char *d, size_t len, struct imghdr *out, char *why,
                       size_t why_len)
{
    size_t i = 2;
    while (i + 4 <= len) {
        if (d[i] != 0xFF)
            break;
        unsigned char m = d[i + 1];
        if (m == 0xFF) { /* fill byte */
            i++;
            continue;
        }
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
            i += 2;
            continue;
        }
        if (m == 0xD9 || m == 0xDA)
            break; /* end of image or start of scan before any frame header */
        unsigned seg = be16(d + i + 2);
        if (seg < 2)
            break;
        bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof) {
            if (i + 9 > len)
                break;
            out->kind = IMGHDR_JPEG;
            out->height = be16(d + i + 5);
            out->width = be16(d + i + 7);
            return sane(out, why, why_len);
        }
        i += 2 + seg;
    }
    snprintf(why, why_len, "%s", _("the JPEG file is cut short or corrupt: export it again"));
    return false;
}

/* GIF and WebP: animated images play in image items (src/media/). */
static bool probe_gif(const unsigned char *d, size_t len, struct imghdr *out, char *why,
                      size_t why_len)
{
    if (len < 13) {
        snprintf(why, why_len, "%s", _("the GIF file is cut short or corrupt: export it again"));
        return false;
    }
    out->kind = IMGHDR_GIF;
    out->width = (unsigned)d[6] | (unsigned)d[7] << 8;
    out->height = (unsigned)d[8] | (unsigned)d[9] << 8;
    return sane(out, why, why_len);
}

static bool probe_webp(const unsigned char *d, size_t len, struct imghdr *out, char *why,
                       size_t why_len)
{
    out->kind = IMGHDR_WEBP;
    if (len >= 30 && memcmp(d + 12, "VP8X", 4) == 0) {
        out->width = 1 + ((unsigned)d[24] | (unsigned)d[25] << 8 | (unsigned)d[26] << 16);
        out->height = 1 + ((unsigned)d[27] | (unsigned)d[28] << 8 | (unsigned)d[29] << 16);
    } else if (len >= 30 && memcmp(d + 12, "VP8 ", 4) == 0) {
        out->width = ((unsigned)d[26] | (unsigned)d[27] << 8) & 0x3fff;
        out->height = ((unsigned)d[28] | (unsigned)d[29] << 8) & 0x3fff;
    } else if (len >= 25 && memcmp(d + 12, "VP8L", 4) == 0 && d[20] == 0x2f) {
        uint32_t b =
            (uint32_t)d[21] | (uint32_t)d[22] << 8 | (uint32_t)d[23] << 16 | (uint32_t)d[24] << 24;
        out->width = (b & 0x3fff) + 1;
        out->height = ((b >> 14) & 0x3fff) + 1;
    } else {
        snprintf(why, why_len, "%s", _("the WebP file is cut short or corrupt: export it again"));
        return false;
    }
    return sane(out, why, why_len);
}

bool imghdr_probe_mem(const unsigned char *d, size_t len, struct imghdr *out, char *why,
                      size_t why_len)
{
    memset(out, 0, sizeof(*out));
    static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (len >= 8 && memcmp(d, png_sig, 8) == 0)
        return probe_png(d, len, out, why, why_len);
    if (len >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF)
        return probe_jpeg(d, len, out, why, why_len);
    if (len >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0))
        return probe_gif(d, len, out, why, why_len);
    if (len >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0)
        return probe_webp(d, len, out, why, why_len);
    const char *kind = NULL;
    if (len >= 2 && memcmp(d, "BM", 2) == 0)
        kind = "BMP";
    else if (len >= 4 && memcmp(d, "%PDF", 4) == 0)
        kind = "PDF";
    else if (len >= 12 && memcmp(d + 4, "ftyp", 4) == 0)
        kind = "HEIC/MP4";
    if (kind)
        snprintf(why, why_len, _("this is a %s file, not PNG or JPEG: save it as PNG or JPEG"),
                 kind);
    else if (len == 0)
        snprintf(why, why_len, "%s", _("the file is empty"));
    else
        snprintf(why, why_len, "%s",
                 _("this file is not a PNG or JPEG image: save it as PNG or JPEG"));
    return false;
}

/* CRC-32 of PNG chunks (ISO 3309, as zlib's crc32), by a table the caller
 * builds once per file. */
static void crc32_table(uint32_t t[256])
{
    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1u)));
        t[n] = c;
    }
}

static uint32_t crc32_png(const uint32_t t[256], const unsigned char *d, size_t n)
{
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        c = t[(c ^ d[i]) & 0xFFu] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

/* Every chunk whole, its CRC right, IDAT present, IEND last. */
static bool complete_png(const unsigned char *d, size_t len)
{
    size_t i = 8;
    bool idat = false;
    uint32_t table[256];
    crc32_table(table);
    while (i + 12 <= len) {
        uint32_t n = be32(d + i);
        if (n > len - i - 12)
            return false;
        const unsigned char *type = d + i + 4;
        if (crc32_png(table, type, 4 + (size_t)n) != be32(d + i + 8 + n))
            return false;
        if (memcmp(type, "IDAT", 4) == 0)
            idat = true;
        if (memcmp(type, "IEND", 4) == 0)
            return idat;
        i += 12 + (size_t)n;
    }
    return false;
}

/* The segments up to the first scan whole, and an end-of-image marker
 * after it: FF D9 cannot occur inside entropy-coded data (FF is stuffed
 * as FF 00 there), so any after the scan starts is the real end. */
static bool complete_jpeg(const unsigned char *d, size_t len)
{
    size_t i = 2;
    while (i + 4 <= len) {
        if (d[i] != 0xFF)
            return false;
        unsigned char m = d[i + 1];
        if (m == 0xFF) {
            i++;
            continue;
        }
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01) {
            i += 2;
            continue;
        }
        if (m == 0xD9)
            return false;
        unsigned seg = be16(d + i + 2);
        if (seg < 2 || i + 2 + seg > len)
            return false;
        if (m == 0xDA) {
            for (size_t j = i + 2 + seg; j + 1 < len; j++)
                if (d[j] == 0xFF && d[j + 1] == 0xD9)
                    return true;
            return false;
        }
        i += 2 + seg;
    }
    return false;
}

bool imghdr_check_complete(const unsigned char *d, size_t len, const struct imghdr *h, char *why,
                           size_t why_len)
{
    if (h->kind == IMGHDR_PNG && !complete_png(d, len)) {
        snprintf(why, why_len, "%s",
                 _("the PNG file is cut short or damaged (a copy that did not finish?): copy or "
                   "export it again"));
        return false;
    }
    if (h->kind == IMGHDR_JPEG && !complete_jpeg(d, len)) {
        snprintf(why, why_len, "%s",
                 _("the JPEG file is cut short or damaged (a copy that did not finish?): copy or "
                   "export it again"));
        return false;
    }
    return true;
}

bool imghdr_probe_file(const char *path, struct imghdr *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof(*out));
    bool ok = false;
    unsigned char *buf = NULL;
    /* Non-blocking: a FIFO where an image should be is refused below
     * instead of freezing check, render or the board on open(). */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0)
            close(fd);
        snprintf(why, why_len, "%s", _("the file cannot be opened"));
        return false;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        snprintf(why, why_len, "%s", _("this is not a regular file"));
        goto out;
    }
    if ((uint64_t)st.st_size > IMGHDR_MAX_FILE_BYTES) {
        snprintf(why, why_len, _("the file is %lld MB, more than the %u MB limit: resize it"),
                 (long long)(st.st_size / (1024 * 1024)), IMGHDR_MAX_FILE_BYTES / (1024u * 1024u));
        goto out;
    }
    /* The whole file: a copy cut short shows as a grey band or nothing, so
     * it is found here, before the board tries to show it. */
    size_t cap = (size_t)st.st_size;
    buf = malloc(cap ? cap : 1);
    if (!buf) {
        snprintf(why, why_len, "%s", _("out of memory"));
        goto out;
    }
    size_t n = fread(buf, 1, cap, f);
    ok = imghdr_probe_mem(buf, n, out, why, why_len) &&
         imghdr_check_complete(buf, n, out, why, why_len);
out:
    free(buf);
    fclose(f);
    return ok;
}
